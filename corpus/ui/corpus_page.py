"""The corpus: every notice, filtered by region, level, years and words."""

from __future__ import annotations

import streamlit as st

from extractor.reading.regions import region_name
from .common import documents, store_search
from .state import url_selectbox, url_text, url_year_range

LEVELS = ["", "national", "province", "city", "county"]


def shown(value: str) -> str:
    """The empty choice of a filter says what it means.

    >>> shown(""), shown("河北省")
    ('全部 All', '河北省')
    """
    return value or "全部 All"


def corpus_page() -> None:
    st.title("语料 Corpus")
    docs = documents()
    cols = st.columns(4)
    provinces = [""] + sorted({d["province"] for d in docs if d["province"]})
    province = url_selectbox("省 Province", provinces, param="province", container=cols[0], what="province",
                             format_func=shown)
    cities = [""] + sorted({d["city"] for d in docs if d["city"] and (not province or d["province"] == province)})
    city = url_selectbox("市 City", cities, param="city", container=cols[1], what="city", format_func=shown)
    level = url_selectbox("级别 Level", LEVELS, param="level", container=cols[2], what="level", format_func=shown)
    search = url_text("全文搜索 Search", param="q", container=cols[3])
    years = sorted({d["policy_year"] for d in docs if d["policy_year"]})
    low, high = url_year_range("年度 Years", years[0], years[-1], param="years") if years else (0, 9999)
    rows = [
        d for d in docs
        if (not province or d["province"] == province) and (not city or d["city"] == city)
        and (not level or d["level"] == level) and (d["policy_year"] is None or low <= d["policy_year"] <= high)
    ]
    if search:
        hits = store_search(search)
        rows = [d for d in rows if d["notice"] in hits]
    st.caption(f"{len(rows)} documents")
    table = [
        {
            "通知 Notice": f"/notice?id={d['notice']}.{d['document']}",
            "地区 Region": region_name(d["province"], d["city"], d["county"]),
            "级别 Level": d["level"], "年度 Year": d["policy_year"], "文号": d["doc_number"],
            "标题 Title": d["title"] or d["file_name"], "参数 Parameters": d["parameters"], "警告 Warnings": d["checks"],
            "状态 Status": (f"copy of {d['same_as']}" if d["same_as"] else "")
                          + (f"excluded: {d['excluded']}" if d["excluded"] is not None else ""),
        }
        for d in rows
    ]
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"通知 Notice": st.column_config.LinkColumn(display_text=r"id=(\d+\.\d+)")})
