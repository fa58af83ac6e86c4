"""Trends: one field across the years its figures apply to and across regions, drawn from the panel
data (corpus.panel): a linear year axis on which a missing year is a gap, floors (≥) marked apart from
exact figures, one chart a scope named in Chinese, every point opening its notice; for one year, the
regions ranked and a tile-grid map of the provinces (a data file of grid places: nothing to download)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import streamlit as st

from corpus.panel import (
    OPERATOR_NAMES,
    build_panel,
    province_tiles,
    scope_key_of,
    scope_label,
    scope_token,
    scopes_of,
    trend_points,
)
from .panel import field_picker, panel_inputs, store_stamp
from .state import url_multiselect, url_radio, url_selectbox

TILES = Path(__file__).resolve().parent / "data" / "province_tiles.tsv"
# One shape a kind of figure, so that a floor (不低于) never reads as an exact figure.
SHAPES = {OPERATOR_NAMES["="]: "circle", OPERATOR_NAMES[">="]: "triangle-up", OPERATOR_NAMES["<="]: "triangle-down",
          OPERATOR_NAMES["~"]: "diamond"}
DEFAULT_REGIONS = 6


@lru_cache(maxsize=1)
def tiles() -> tuple[dict, ...]:
    """The provinces' places on the tile grid (corpus/ui/data/province_tiles.tsv)."""
    lines = [line for line in TILES.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    out = []
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        out.append(dict(row, row=int(row["row"]), col=int(row["col"])))
    return tuple(out)


def trends_page() -> None:
    from extractor.vocab import field_labels

    st.title("趋势 Trends")
    field = field_picker("字段 Field", key="trends.field", default="subsidy.per_capita")
    if field is None:
        st.info("No figures in the store: upload notices first.")
        return
    label = field_labels().get(field, field)
    rows, docs = panel_inputs(field, "", "", store_stamp())
    scopes = scopes_of(rows, field)
    if not scopes:
        st.info("No figures of this field in the store.")
        return
    cols = st.columns(2)
    tokens = url_multiselect("范围 Scopes", [scope_token(s) for s in scopes], param="scopes", key="trends.scopes",
                             default=[scope_token(s) for s in scopes[:3]], format_func=scope_label, what="scope",
                             container=cols[0])
    chosen = [scope_key_of(t) for t in tokens]
    if not chosen:
        st.info("Pick a scope.")
        return
    panels = {s: build_panel(rows, docs, field, s) for s in chosen}
    regions = url_multiselect("地区 Regions", sorted({row.region for p in panels.values() for row in p.rows}),
                              param="regions", key="trends.regions", default=default_regions(panels.values()),
                              what="region", container=cols[1])
    points = [p for s in chosen for p in trend_points(panels[s], regions)]
    units = [u for u, _ in Counter(p["unit"] for s in chosen for p in trend_points(panels[s])).most_common()]
    unit = url_radio("单位 Unit", units, param="unit", key="trends.unit") if len(units) > 1 else units[0]
    points = [p for p in points if p["unit"] == unit]

    st.subheader("按年度 Across years")
    st.caption("横轴为数字适用的年度；缺一年即断线；同一年各地区的点略微错开，相同的数字也看得见。"
               "● 确切 exact · ▲ 不低于 floor (≥) · ▼ 不超过 ceiling (≤) · ◆ 约 about (~) — the x axis is the year a figure "
               "applies to, a missing year breaks the line, the regions' points of a year sit a little apart so that equal "
               "figures stay visible; click a point to open its notice.")
    if not points:
        st.info("Pick regions with figures of these scopes.")
    for scope in chosen:
        mine = [p for p in points if p["scope"] == scope]
        st.markdown(f"**{scope_label(scope)}** · {label}")
        if mine:
            st.altair_chart(line_chart(mine, regions, f"{label} ({unit})"), width="stretch")
        else:
            st.caption("所选地区无此范围的数字 The regions picked have no figure of this scope.")

    years = sorted({y for p in panels.values() for row in p.rows for y in p.years if row.cell(y).figures}, reverse=True)
    year = url_selectbox("年度 Year", years, param="year", key="trends.year", parse=int, what="year",
                         default=panels[chosen[0]].fullest_year)
    first = next((s for s in chosen if any(row.cell(year).first for row in panels[s].rows)), chosen[0])
    panel = panels[first]
    st.subheader(f"{year} 各地区 Across regions · {scope_label(first)}")
    bars = [{"region": row.region, "value": f.value, "shown": f.text, "figure": OPERATOR_NAMES.get(f.operator, f.operator),
             "link": f.link, "doc_number": f.source, "sentence": f.sentence}
            for row in panel.rows for f in [row.cell(year).first] if f is not None and f.unit == unit]
    if bars:
        st.altair_chart(bar_chart(bars, f"{label} ({unit})"), width="stretch")
    st.subheader(f"按省 By province · {year}")
    st.caption("省级通知的数字；灰色：无省级数字（悬停看该省市县的数字）。"
               "Province-level figures; grey: no province-level figure (hover for its cities' and counties').")
    st.altair_chart(tile_map(province_tiles(panel, year, tiles()), unit), width="content")

    st.subheader("数据 Points")
    st.dataframe(
        [{"通知 Notice": p["link"], "地区 Region": p["region"], "范围 Scope": p["scope_label"], "年度 Year": p["year"],
          "值 Value": p["value"], "单位 Unit": p["unit"], "数字 Figure": p["shown"], "文号": p["doc_number"],
          "另有 Also": p["also"]} for p in points],
        hide_index=True, width="stretch",
        column_config={"通知 Notice": st.column_config.LinkColumn(display_text=r"id=(\d+\.\d+)")},
    )


def default_regions(panels, limit: int = DEFAULT_REGIONS) -> list[str]:
    """The regions with the most years of figures, taken in turn from each scope's panel so that every
    scope has lines to show."""
    ranked = []
    for panel in panels:
        years = Counter({row.region: sum(1 for y in panel.years if row.cell(y).figures) for row in panel.rows})
        ranked.append([region for region, _ in years.most_common()])
    out: list[str] = []
    for turn in range(max(map(len, ranked), default=0)):
        for regions in ranked:
            if turn < len(regions) and regions[turn] not in out and len(out) < limit:
                out.append(regions[turn])
    return out


def _palette(n: int) -> str:
    return "tableau10" if n <= 10 else "tableau20"


def line_chart(points: list[dict], regions: list[str], title: str):
    """Lines through the later notice's figure of each year, broken where a year is missing (a line per
    run of consecutive years); a point for every figure, shaped by its kind, opening its notice."""
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame(points)
    low, high = int(frame["year"].min()), int(frame["year"].max())
    # Cities often state their province's figure: each region's points sit a little apart around their
    # year (a dodge, never past the half year), so that equal figures stay visible side by side.
    step = min(0.08, 0.5 / max(len(regions), 1))
    dodge = {region: (i - (len(regions) - 1) / 2) * step for i, region in enumerate(regions)}
    frame["at"] = frame["year"] + frame["region"].map(dodge).fillna(0)
    x = alt.X("at:Q", title="适用年度 Year the figure applies to", scale=alt.Scale(domain=[low - 0.5, high + 0.5], nice=False),
              axis=alt.Axis(format="d", values=list(range(low, high + 1))))
    y = alt.Y("value:Q", title=title, scale=alt.Scale(zero=False, padding=12), axis=alt.Axis(format=",.10~g"))
    color = alt.Color("region:N", title="地区 Region", scale=alt.Scale(domain=list(regions), scheme=_palette(len(regions))),
                      legend=alt.Legend(labelLimit=0, titleLimit=0, symbolLimit=0))
    # The kinds of figure of this chart only, so that its legend is short enough to be read whole.
    kinds = [k for k in SHAPES if k in set(frame["figure"])]
    lines = alt.Chart(frame).transform_filter("datum.first").mark_line().encode(x=x, y=y, color=color, detail="segment:N")
    marks = alt.Chart(frame).mark_point(filled=True, size=90, opacity=1).encode(
        x=x, y=y, color=color,
        shape=alt.Shape("figure:N", title="数字 Figure", scale=alt.Scale(domain=kinds, range=[SHAPES[k] for k in kinds]),
                        legend=alt.Legend(labelLimit=0)),
        href="link:N",
        tooltip=[alt.Tooltip("region:N", title="地区"), alt.Tooltip("year:Q", title="年度", format="d"),
                 alt.Tooltip("shown:N", title="数字"), alt.Tooltip("doc_number:N", title="通知"),
                 alt.Tooltip("also:N", title="另有"), alt.Tooltip("sentence:N", title="原句")],
    )
    # Tall enough for both legends whole, whatever the number of regions.
    return alt.layer(lines, marks).properties(height=max(300, 30 * (len(regions) + len(kinds)) + 120))


def bar_chart(bars: list[dict], title: str):
    """The regions of one year, highest first; a floor's bar in another colour than an exact figure's."""
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame(bars)
    kinds = [k for k in SHAPES if k in set(frame["figure"])]
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("value:Q", title=title, axis=alt.Axis(format=",.10~g")),
        y=alt.Y("region:N", title="地区 Region", sort="-x", axis=alt.Axis(labelLimit=0)),
        color=alt.Color("figure:N", title="数字 Figure", scale=alt.Scale(domain=kinds, scheme="set2"),
                        legend=alt.Legend(labelLimit=0)),
        href="link:N",
        tooltip=[alt.Tooltip("region:N", title="地区"), alt.Tooltip("shown:N", title="数字"),
                 alt.Tooltip("doc_number:N", title="通知"), alt.Tooltip("sentence:N", title="原句")],
    ).properties(height=max(160, 28 * len(frame)))


def tile_map(tile_rows: list[dict], unit: str):
    """A square a province at its grid place, coloured by its province-level figure (grey: none)."""
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame(tile_rows)
    values = frame["value"].dropna()
    # Dark tiles get white text, so that a label stays readable on every shade (no scale: Streamlit
    # reads the type of every scale it is given).
    dark = f"isValid(datum.value) && datum.value > {(values.min() + values.max()) / 2}" if values.nunique() > 1 else "false"
    x = alt.X("col:O", axis=None)
    y = alt.Y("row:O", axis=None)
    tooltip = [alt.Tooltip("province:N", title="省"), alt.Tooltip("shown:N", title="省级数字"),
               alt.Tooltip("doc_number:N", title="通知"), alt.Tooltip("local:N", title="市县")]
    # Every province a grey square; those with a figure a coloured one on top (a colour scale would
    # leave out, not grey, the rows without a value).
    blank = alt.Chart(frame).mark_rect(cornerRadius=4, stroke="#ffffff", strokeWidth=2, color="#e5e7eb").encode(
        x=x, y=y, tooltip=tooltip)
    shaded = alt.Chart(frame).transform_filter("isValid(datum.value)").mark_rect(
        cornerRadius=4, stroke="#ffffff", strokeWidth=2).encode(
        x=x, y=y, href="link:N", tooltip=tooltip,
        color=alt.Color("value:Q", title=unit, scale=alt.Scale(scheme="blues", zero=False), legend=alt.Legend(format=",.10~g")),
    )
    names = alt.Chart(frame).mark_text(fontSize=11, lineBreak="\n").encode(
        x=x, y=y, text="label:N", color=alt.condition(dark, alt.value("#ffffff"), alt.value("#111827")), href="link:N",
        tooltip=tooltip,
    )
    return alt.layer(blank, shaded, names).properties(width=8 * 72, height=8 * 56)
