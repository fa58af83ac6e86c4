"""Notices side by side: one row per field × scope, one column per notice (by region, then year),
cells compared with a baseline column by their numbers.  A notice's words (its 文号 in a column's name,
the evidence sentences) are shown in tables, which show text as text, or as escaped HTML in one raw HTML
block (html_block)."""

from __future__ import annotations

import html

import streamlit as st

from corpus.views import LABEL, STATUS, STATUS_WORDS, column_label, notice_link
from extractor.reading.regions import region_name
from .common import document_key, store
from .state import html_block, url_checkbox, url_multiselect, url_radio, url_selectbox

LEGEND = ("黄色：与基准数值不同 · 绿色：基准没有（新增）· 红色：基准有而此处没有（消失）· (年)：数值年度不同于政策年度 · "
          "✎：人工更正 · ⚠：一致性警告 — yellow: the numbers (value, unit, operator) differ from the baseline's, "
          "whatever the year; green: a row the baseline lacks; red: a row the baseline has and this notice lacks; "
          "✎: corrected by hand; ⚠: named by a consistency warning")


@st.cache_data(ttl=30)
def comparable_documents(include_other: bool) -> list[dict]:
    from corpus.views import comparable

    return comparable(store(), include_other)


def compare_page() -> None:
    from corpus.views import compare, documents_of

    st.title("比较 Compare")
    modes = {"notice": "通知 Notices", "region": "地区×年度 Regions × years"}
    mode = url_radio("选择 Choose", list(modes), param="by", format_func=modes.get)
    other = url_checkbox("含其他主题 Include documents on other topics", param="other")
    docs = comparable_documents(other)
    keys = [f"{d['notice']}.{d['document']}" for d in docs]
    names = {k: column_label(d) for k, d in zip(keys, docs)}
    if mode == "notice":
        chosen = url_multiselect("通知 Notices", keys, param="n", default=keys[:3], format_func=names.get, what="notice")
    else:
        all_regions = sorted({region_name(d["province"], d["city"], d["county"]) for d in docs} - {""})
        all_years = sorted({d["policy_year"] for d in docs if d["policy_year"]})
        cols = st.columns(2)
        regions = url_multiselect("地区 Regions", all_regions, param="regions", container=cols[0], what="region")
        years = url_multiselect("年度 Years", all_years, param="years", parse=int, container=cols[1], what="year")
        chosen = [f"{n}.{p}" for n, p in documents_of(store(), regions, years, include_other=other)]
    if not chosen:
        st.info("Pick notices to compare.")
        return
    comparison = compare(store(), [document_key(k) for k in chosen])
    columns = {f"{c.key[0]}.{c.key[1]}": c.label for c in comparison.columns}
    cols = st.columns([3, 1])
    baseline = url_selectbox("基准 Baseline", list(columns), param="base", format_func=columns.get, container=cols[0],
                             what="notice")
    only_differences = url_checkbox("只看不同 Only rows that differ", param="diff", container=cols[1])
    if not comparison.rows:
        st.info("No parameters in these notices.")
        return
    table, colours = comparison.table(document_key(baseline))
    if only_differences:
        keep = table[STATUS] != STATUS_WORDS["same"]
        table, colours = table[keep].reset_index(drop=True), colours[keep].reset_index(drop=True)
        if table.empty:
            st.info("数值全部相同 Every row states the same numbers as the baseline.")
    shown = [LABEL, *columns.values(), STATUS]
    st.dataframe(
        table.style.apply(lambda _: colours, axis=None), hide_index=True, column_order=shown,
        column_config={LABEL: st.column_config.TextColumn(LABEL, pinned=True)},
        height=min(36 * (len(table) + 1) + 3, 900),
    )
    st.caption(LEGEND)
    links = " · ".join(
        f"<a href='{notice_link(c.key)}' target='_self'>{html.escape(c.label)}</a>" for c in comparison.columns
    )
    st.markdown(html_block(f"通知 Notices: {links}"), unsafe_allow_html=True)
    downloads(comparison, document_key(baseline))
    evidence(comparison)


def downloads(comparison, baseline: tuple[int, int]) -> None:
    from corpus.views import downloads as files

    csv, xlsx = files(comparison, baseline)
    cols = st.columns([1, 1, 4])
    cols[0].download_button("CSV", csv, "compare.csv", "text/csv", on_click="ignore")
    cols[1].download_button("XLSX", xlsx, "compare.xlsx", on_click="ignore")
    cols[2].caption("CSV: one row per value (value, unit, operator, year, notice id, parameter id, link); "
                    "XLSX: the table as shown, and the same values")


def evidence(comparison) -> None:
    """The sentences behind one row's cells, each linked to its place in the notice."""
    rows = {f"{r.field}|{r.scope}": r for r in comparison.rows}
    with st.expander("依据 Evidence"):
        picked = url_selectbox("行 Row", list(rows), param="row", format_func=lambda k: rows[k].label, what="row")
        row = rows[picked]
        lines = [
            {"通知 Notice": column.label, "值 Value": value.text(column.year), "依据 Sentence": value.sentence,
             "链接 Link": notice_link(column.key, value.parameter)}
            for column in comparison.columns for value in comparison.cell(row, column)
        ]
        st.dataframe(lines, hide_index=True,
                     column_config={"链接 Link": st.column_config.LinkColumn("链接 Link", display_text="打开 open")})
