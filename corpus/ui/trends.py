"""One field across regions and years."""

from __future__ import annotations

import streamlit as st

from .common import store
from .state import url_selectbox


def trends_page() -> None:
    import pandas as pd

    from corpus.export import Filters, long_rows
    from extractor.vocab import field_labels

    st.title("趋势 Trends")
    names = field_labels()
    fields = sorted(names)
    field = url_selectbox("字段 Field", fields, param="field", default="subsidy.per_capita",
                          format_func=lambda f: f"{names[f]} ({f})", what="field")
    rows = [r for r in long_rows(store(), Filters(fields=(field,))) if isinstance(r["value"], (int, float))]
    if not rows:
        st.info("No figures of this field in the store.")
        return
    frame = pd.DataFrame(rows)
    frame["region"] = frame[["province", "city", "county"]].fillna("").agg("".join, axis=1)
    frame["series"] = frame["region"] + frame["scope"].map(lambda s: f" [{s}]" if s else "")
    import altair as alt

    frame["link"] = [f"/notice?id={n}.{d}" for n, d in zip(frame["notice_id"], frame["document"])]
    frame = frame.drop_duplicates(subset=["series", "policy_year"])
    st.subheader("按年度 Across years")
    # Every point opens its notice (href), and tells its figure on hover.
    tooltip = ["series", "policy_year", "value", "unit", "doc_number"]
    st.altair_chart(
        alt.Chart(frame).mark_line(point=True).encode(
            x=alt.X("policy_year:O", title="年度"), y=alt.Y("value:Q", title=names[field]),
            color=alt.Color("series:N", title="地区"), href="link:N", tooltip=tooltip,
        ),
        width="stretch",
    )
    year = url_selectbox("年度 Year", [int(y) for y in sorted(frame["policy_year"].dropna().unique(), reverse=True)],
                         param="year", parse=int, what="year")
    st.subheader(f"{year} 各地区 Across regions")
    this_year = frame[frame["policy_year"] == year]
    st.altair_chart(
        alt.Chart(this_year).mark_bar().encode(
            x=alt.X("series:N", title="地区", sort="-y"), y=alt.Y("value:Q", title=names[field]), href="link:N",
            tooltip=tooltip,
        ),
        width="stretch",
    )
    points = province_points(this_year)
    if points is not None:
        st.subheader("按省 By province")
        st.map(points, latitude="lat", longitude="lon", size="size")
    st.subheader("数据 Points")
    st.dataframe(
        [{"通知 Notice": f"/notice?id={r.notice_id}.{r.document}", "地区 Region": r.series, "年度 Year": r.policy_year,
          "值 Value": r.value, "单位 Unit": r.unit} for r in frame.itertuples()],
        hide_index=True, width="stretch",
        column_config={"通知 Notice": st.column_config.LinkColumn(display_text=r"id=(\d+\.\d+)")},
    )


def province_points(frame):
    """One point a province, at its centre (gazetteer), sized by the value stated at province level."""
    import pandas as pd

    from extractor.reading.regions import gazetteer

    rows = []
    for r in frame[frame["level"] == "province"].itertuples():
        region = gazetteer().province(r.province) if r.province else None
        if region and region.latitude is not None:
            rows.append({"lat": region.latitude, "lon": region.longitude, "size": 20000 + float(r.value) * 20,
                         "province": r.province, "value": r.value})
    return pd.DataFrame(rows) if rows else None
