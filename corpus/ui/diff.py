"""版本对照: two notices section by section, old | new, words and numbers that changed coloured.

The notices' words reach the page as escaped HTML, each piece one raw HTML block (html_block), so that
Markdown reads none of them."""

from __future__ import annotations

import html

import streamlit as st

from corpus.views import LABEL, STATUS, column_label
from .common import document_key, documents, store
from .state import html_block, url_checkbox, url_selectbox


def diff_page() -> None:
    from corpus.views import FULL_TEXT, align_sections, parameter_changes, side_by_side, two_columns

    st.title("版本对照 Section diff")
    docs = documents()
    keys = [f"{d['notice']}.{d['document']}" for d in docs]
    if len(keys) < 2:
        st.info("Two notices are needed.")
        return
    names = {k: column_label(d) for k, d in zip(keys, docs)}
    cols = st.columns(2)
    a = url_selectbox("第一份（旧）First (old)", keys, param="a", format_func=names.get, container=cols[0], what="notice")
    b = url_selectbox("第二份（新）Second (new)", keys, param="b", default=keys[1], format_func=names.get,
                      container=cols[1], what="notice")
    left, right = document_key(a), document_key(b)
    for container, key in zip(cols, (left, right)):
        container.markdown(html_block(related_links(key, names)), unsafe_allow_html=True)

    st.subheader("参数变化 Changed parameters")
    changes = parameter_changes(store(), left, right)
    if changes:
        st.dataframe(
            changes, hide_index=True,
            column_order=[LABEL, "first", "second", STATUS, "first_link", "second_link", "field", "scope"],
            column_config={
                "first": st.column_config.TextColumn("第一份 First"),
                "second": st.column_config.TextColumn("第二份 Second"),
                "first_link": st.column_config.LinkColumn("→ 第一份", display_text="打开 open"),
                "second_link": st.column_config.LinkColumn("→ 第二份", display_text="打开 open"),
            },
        )
    else:
        st.caption("数值相同 The two state the same numbers.")

    st.subheader("条文 Sections")
    pairs = align_sections(store(), left, right)
    if pairs[0].left == FULL_TEXT:
        st.caption("无编号条文：全文对照 — a notice without numbered sections: the whole body, old | new")
    changed = sum(1 for p in pairs if p.left and p.right and p.changed)
    only_first = sum(1 for p in pairs if p.right is None)
    only_second = sum(1 for p in pairs if p.left is None)
    st.caption(f"{changed} changed · {only_first} only in the first · {only_second} only in the second · "
               f"{len(pairs) - changed - only_first - only_second} the same — "
               "红色删除线：第一份有而第二份没有 · 绿色：第二份新增")
    show_same = url_checkbox("显示相同的条文 Show sections that did not change", param="same")
    for pair in pairs:
        if not pair.changed and not show_same:
            continue
        old, new = side_by_side(pair.left_text, pair.right_text)
        st.markdown(html_block(two_columns(old, new, pair.left or "—", pair.right or "—")), unsafe_allow_html=True)
        st.divider()
    with st.expander("配对 How the sections were paired"):
        st.dataframe([{"第一份 First": p.left or "—", "第二份 Second": p.right or "—", "相似度 Similarity": p.score,
                       STATUS: p.status} for p in pairs], hide_index=True)


def related_links(key: tuple[int, int], names: dict[str, str]) -> str:
    """HTML (escaped) linking the document, the notices it implements (its basis 文号) and those that
    implement it, when the store holds them; each basis notice with a link to diff the two."""
    from corpus.views import notice_link, related

    def link(target: tuple[int, int], text: str | None = None) -> str:
        label = text or names.get(f"{target[0]}.{target[1]}", f"#{target[0]}.{target[1]}")
        return f"<a href='{notice_link(target)}' target='_self'>{html.escape(label)}</a>"

    def diff_link(old: tuple[int, int], new: tuple[int, int]) -> str:
        return f"<a href='/diff?a={old[0]}.{old[1]}&amp;b={new[0]}.{new[1]}' target='_self'>对照 diff</a>"

    implements, implemented_by = related(store(), key)
    lines = [f"通知 Notice: {link(key)}"]
    for number, found in implements:
        targets = " · ".join(f"{link(t)} ({diff_link(t, key)})" for t in found) or "不在库中 not in the store"
        lines.append(f"依据 Implements {html.escape(number)}: {targets}")
    if implemented_by:
        lines.append("被执行 Implemented by: " + " · ".join(f"{link(t)} ({diff_link(key, t)})" for t in implemented_by))
    return "<br>".join(lines)
