"""One notice: metadata, parameters, warnings, its text with every figure marked, review."""

from __future__ import annotations

import html
import io
import json

import streamlit as st

from corpus.views import column_label
from extractor.reading.regions import region_name
from .common import document_key, documents, store
from .state import url_selectbox


def notice_page() -> None:
    docs = documents()
    keys = [f"{d['notice']}.{d['document']}" for d in docs]
    if not keys:
        st.info("The store is empty: upload notices first.")
        return
    labels = {k: column_label(d) for k, d in zip(keys, docs)}
    chosen = url_selectbox("通知 Notice", keys, param="id", format_func=labels.get, what="notice")
    notice_id, position = document_key(chosen)
    notice = store().notice(notice_id)
    doc = notice.documents[position]
    meta = doc.meta
    st.title(meta.title or notice.source)
    st.markdown(
        f"**文号** {html.escape(meta.doc_number or '—')} · **发文机关** {html.escape('、'.join(meta.issuers) or '—')} · "
        f"**地区** {html.escape(region_name(meta.province, meta.city, meta.county) or '—')} · "
        f"**级别** {meta.level or '—'} · **年度** {meta.policy_year or '—'} · **印发** {meta.issue_date or '—'}"
    )
    if doc.topic is not None and doc.topic.subject == "other":
        # Comparisons leave such a document out: say why, with the words that decided it.
        terms = "、".join(f"{c.term}×{c.count}" for c in doc.topic.evidence) or "—"
        st.warning(f"非居民医保文件 Not about resident medical insurance ({doc.topic.basis}: {terms})")
    from corpus.views import cell_text

    read = [p for p in store().parameters_of(notice_id) if p["document"] == position]
    st.subheader("参数 Parameters")
    picked = st.dataframe(
        [
            {"id": p["id"], "field": p["field"], "value": cell_text(json.loads(p["value"]), None, None, None), "unit": p["unit"],
             "scope": p["scope_key"],
             "year": p["year"], "qualifier": p["qualifier"],
             "review": "✎" if p["corrected"] else "✓" if p["reviewed"] else "",
             "evidence": p["evidence"], "rule": p["rule"]}
            for p in read
        ],
        hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="parameter_table",
    )
    rows = picked.selection.rows if picked is not None and hasattr(picked, "selection") else []
    selected = read[rows[0]] if rows else None
    if selected:
        # A click on a row shows the figure's field, scope, rule and sentence, and marks it in the text.
        st.info(f"{selected['field']} [{selected['scope_key']}] · {selected['rule']}\n\n«{selected['sentence']}»")
    for check in doc.checks:
        st.warning(f"{check.message} — {', '.join(check.parameters)}")
    for f in findings_of(notice_id):
        st.error(f"{f.region} {f.field} [{f.scope}] {f.value:g} {f.status} the province's {f.operator} "
                 f"{f.province_value:g} ({f.province_doc_number or 'notice ' + str(f.province_notice)})")
    with st.expander("条目 Sections"):
        st.markdown(section_tree(doc.sections))
    st.subheader("原文 Text")
    if notice.format == "pdf" and notice.pages:
        text_column, page_column = st.columns(2)
        with page_column:
            number = st.selectbox("页 Page", [p.number for p in notice.pages], index=0)
            st.image(pdf_page(notice_id, number), caption=f"{notice.source}, page {number}")
        text_column.markdown(highlighted(notice.text, doc, selected), unsafe_allow_html=True)
    else:
        st.markdown(highlighted(notice.text, doc, selected), unsafe_allow_html=True)
    if doc.quantities:
        with st.expander(f"未归类数值 Unlabelled quantities ({len(doc.quantities)})"):
            st.dataframe([{"kind": q.kind, "value": cell_text(q.value, None, None, None), "unit": q.unit, "text": q.text,
                           "sentence": q.sentence}
                          for q in doc.quantities], hide_index=True, width="stretch")
    review(notice_id, position, read)


@st.cache_data(max_entries=64)
def pdf_page(notice_id: int, number: int) -> bytes:
    """The original PDF page as a PNG, rendered from the stored file."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(store().content(notice_id))
    try:
        image = document[number - 1].render(scale=1.5).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()
    finally:
        document.close()


@st.cache_data(ttl=60)
def findings_of(notice_id: int) -> list:
    """Province → city compliance findings that involve this notice."""
    from corpus.compare import compliance

    return compliance(store(), notice=notice_id)


def section_tree(sections, depth: int = 0) -> str:
    lines = []
    for s in sections:
        lines.append(f"{'  ' * depth}- {html.escape(s.marker)} {html.escape(s.title)}")
        if s.children:
            lines.append(section_tree(s.children, depth + 1))
    return "\n".join(lines)


def highlighted(text: str, doc, selected: dict | None = None) -> str:
    """The document's text, escaped, with every extracted value marked; its title tells field, scope,
    rule and sentence.  The selected parameter's figure is marked in another colour."""
    # Parameters added by hand have no place in the text.
    marks = sorted({(p.span.start, p.span.end): p for p in doc.parameters if p.span is not None}.items())
    out, last = [], doc.span.start
    for (start, end), p in marks:
        if start < last:
            continue
        scope = ",".join(f"{k}={v}" for k, v in sorted(p.scope.items()))
        tip = html.escape(f"{p.field} {scope} · {p.rule} · «{p.sentence}»", quote=True)
        out.append(html.escape(text[last:start]))
        chosen = selected is not None and selected.get("span_start") == start and selected.get("field") == p.field
        style = ' style="background:#fb923c"' if chosen else ""
        out.append(f'<mark title="{tip}"{style}>{html.escape(text[start:end])}</mark>')
        last = end
    out.append(html.escape(text[last:doc.span.end]))
    return "<div style='white-space: pre-wrap'>" + "".join(out) + "</div>"


def review(notice_id: int, position: int, read: list[dict]) -> None:
    """A correction of one parameter (named by its id) or a parameter the extractor missed."""
    from corpus.corrections import CorrectionError, scope_from_text
    from extractor.vocab import field_labels

    st.subheader("审核 Review")
    new = "＋ 新参数 new parameter"
    choices = [new] + [f"#{p['id']} {p['field']} {p['scope_key']} = {p['value']} {p['unit']}" for p in read]
    with st.form("review"):
        cols = st.columns(3)
        picked = cols[0].selectbox("参数 Parameter", choices, index=1 if read else 0)
        action = cols[1].selectbox("操作 Action", ["accepted", "corrected", "rejected", "added"])
        field = cols[2].selectbox("字段 Field (for added)", sorted(f for f in field_labels() if "+" not in f))
        cols = st.columns(4)
        value = cols[0].text_input("值 Value")
        unit = cols[1].text_input("单位 Unit")
        scope = cols[2].text_input("范围 Scope (k=v,…)")
        note = cols[3].text_input("说明 Note")
        if st.form_submit_button("保存 Save"):
            try:
                parsed = json.loads(value) if value else None
            except ValueError:
                parsed = value
            try:
                handle = store()
                parameter = None if picked == new else picked.split()[0].lstrip("#")
                if action == "added":
                    done = handle.add_parameter(notice_id, position, field, parsed, unit or None,
                                                scope_from_text(scope), note=note or None)
                elif parameter is None:
                    raise CorrectionError("choose the parameter to review, or the action 'added' for a new one")
                elif action == "accepted":
                    done = handle.accept(notice_id, parameter, note=note or None)
                elif action == "rejected":
                    done = handle.reject(notice_id, parameter, note=note or None)
                else:
                    changes = {"value": parsed} if value else {}
                    if unit:
                        changes["unit"] = unit
                    if scope:
                        changes["scope"] = scope_from_text(scope)
                    done = handle.correct(notice_id, parameter, changes, note=note or None)
                st.success(f"correction {done.id}: {done.summary()}")
                documents.clear()
            except CorrectionError as exc:
                st.error(str(exc))
