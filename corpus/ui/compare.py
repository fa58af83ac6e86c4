"""Notices side by side."""

from __future__ import annotations

import html
import io

import streamlit as st

from corpus.views import column_label
from extractor.reading.regions import region_name
from .common import document_key, documents, store
from .state import url_checkbox, url_multiselect, url_radio, url_selectbox


def compare_page() -> None:
    from corpus.views import compare_table, differs_from

    st.title("比较 Compare")
    docs = documents()
    keys = [f"{d['notice']}.{d['document']}" for d in docs]
    names = {k: column_label(d) for k, d in zip(keys, docs)}
    modes = {"notice": "通知 Notices", "region": "地区×年度 Regions × years"}
    mode = url_radio("选择 Choose", list(modes), param="by", format_func=modes.get)
    if mode == "notice":
        chosen = url_multiselect("通知 Notices", keys, param="n", default=keys[:3], format_func=names.get, what="notice")
    else:
        from corpus.views import documents_of

        all_regions = sorted({region_name(d["province"], d["city"], d["county"]) for d in docs} - {""})
        all_years = sorted({d["policy_year"] for d in docs if d["policy_year"]})
        cols = st.columns(2)
        regions = url_multiselect("地区 Regions", all_regions, param="regions", container=cols[0], what="region")
        years = url_multiselect("年度 Years", all_years, param="years", parse=int, container=cols[1], what="year")
        other = url_checkbox("含其他主题 Include documents on other topics", param="other")
        chosen = [f"{n}.{p}" for n, p in documents_of(store(), regions, years, include_other=other)]
    if not chosen:
        st.info("Pick notices to compare.")
        return
    table, evidence = compare_table(store(), [document_key(k) for k in chosen])
    baseline = url_selectbox("基准 Baseline", chosen, param="base", format_func=names.get, what="notice")
    if table.empty:
        st.info("No parameters in these notices.")
        return
    differs = differs_from(table, names[baseline])
    styled = table.style.apply(lambda _: differs.map(lambda d: "background-color: #fde68a" if d else ""), axis=None)
    st.dataframe(styled, width="stretch")
    st.caption("黄色：与基准不同 · ✎：人工更正 · ⚠：一致性警告 — yellow: differs from the baseline; "
               "✎: corrected by hand; ⚠: named by a consistency warning")
    flat = table.reset_index()
    buffer = io.BytesIO()
    flat.to_excel(buffer, index=False)
    cols = st.columns(2)
    cols[0].download_button("CSV", flat.to_csv(index=False).encode("utf-8-sig"), "compare.csv", "text/csv", on_click="ignore")
    cols[1].download_button("XLSX", buffer.getvalue(), "compare.xlsx", on_click="ignore")
    with st.expander("依据 Evidence"):
        rows = list(table.index)
        row = st.selectbox("行 Row", range(len(rows)), format_func=lambda i: f"{rows[i][1]} {rows[i][3]}")
        for column in table.columns:
            sentence = evidence.get((rows[row], column))
            if sentence:
                st.markdown(f"**{html.escape(column)}** — {html.escape(sentence)}")
