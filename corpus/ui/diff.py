"""Two notices section by section."""

from __future__ import annotations

import streamlit as st

from corpus.views import column_label
from .common import document_key, documents, store
from .state import url_selectbox


def diff_page() -> None:
    from corpus.views import align_sections, changed_parameters, diff_html

    st.title("条文对比 Section diff")
    docs = documents()
    keys = [f"{d['notice']}.{d['document']}" for d in docs]
    if len(keys) < 2:
        st.info("Two notices are needed.")
        return
    names = {k: column_label(d) for k, d in zip(keys, docs)}
    cols = st.columns(2)
    a = url_selectbox("第一份 First", keys, param="a", format_func=names.get, container=cols[0], what="notice")
    b = url_selectbox("第二份 Second", keys, param="b", default=keys[1], format_func=names.get, container=cols[1],
                      what="notice")
    pairs = align_sections(store(), document_key(a), document_key(b))
    st.dataframe([{"第一份 First": p.left or "—", "第二份 Second": p.right or "—", "相似度 Similarity": p.score} for p in pairs],
                 hide_index=True, width="stretch")
    for pair in pairs:
        if pair.left and pair.right and pair.left_text != pair.right_text:
            with st.expander(f"{pair.left} ↔ {pair.right}"):
                st.markdown(
                    "<div style='white-space: pre-wrap'>" + diff_html(pair.left_text, pair.right_text) + "</div>",
                    unsafe_allow_html=True,
                )
    st.subheader("参数变化 Changed parameters")
    st.dataframe(changed_parameters(store(), document_key(a), document_key(b)), hide_index=True, width="stretch")
