"""mednotice app: upload notices, browse the corpus, compare cities and years, check every number.

    streamlit run app.py

It opens the store of $MEDNOTICE_DB (else ~/.local/share/mednotice/corpus.db); on the
first start, with an empty store, it ingests the bundled corpus/samples/.  Every view's state
(notices, filters, field, baseline) sits in the URL, so a link reproduces what a
colleague sees.  Notice text is untrusted: it is escaped wherever HTML is rendered.
"""

from __future__ import annotations

import html
import io
import json
import os
from pathlib import Path

import streamlit as st

from extractor.reading.regions import region_name
from corpus.store import open_store
from corpus.views import column_label

ROOT = Path(__file__).resolve().parent
MAX_UPLOAD_MB = 50
UPLOAD_TYPES = ["pdf", "txt", "html", "htm", "docx", "zip"]


@st.cache_resource
def store():
    """One store a server process; the corpus goes in on the first start."""
    handle = open_store(os.environ.get("MEDNOTICE_DB"))
    if handle.count() == 0 and (ROOT / "corpus" / "samples").is_dir():
        from corpus.ingest import ingest

        list(ingest(handle, [ROOT / "corpus" / "samples"]))
    return handle


@st.cache_data(ttl=30)
def documents() -> list[dict]:
    return store().list()


def query_list(name: str) -> list[str]:
    value = st.query_params.get(name, "")
    return [v for v in value.split(",") if v]


def document_key(text: str) -> tuple[int, int]:
    """'5.1' → notice 5, document 1."""
    notice, _, document = text.partition(".")
    return int(notice), int(document or 0)


# --- pages -------------------------------------------------------------------------------


def corpus_page() -> None:
    st.title("语料 Corpus")
    docs = documents()
    provinces = sorted({d["province"] for d in docs if d["province"]})
    cols = st.columns(4)
    province = cols[0].selectbox("省 Province", [""] + provinces, index=([""] + provinces).index(st.query_params.get("province", ""))
                                 if st.query_params.get("province", "") in provinces else 0)
    cities = sorted({d["city"] for d in docs if d["city"] and (not province or d["province"] == province)})
    city = cols[1].selectbox("市 City", [""] + cities, index=([""] + cities).index(st.query_params.get("city", ""))
                             if st.query_params.get("city", "") in cities else 0)
    levels = ["", "national", "province", "city", "county"]
    level = cols[2].selectbox("级别 Level", levels, index=levels.index(st.query_params.get("level", "")) if st.query_params.get("level", "") in levels else 0)
    search = cols[3].text_input("全文搜索 Search", st.query_params.get("q", ""))
    years = sorted({d["policy_year"] for d in docs if d["policy_year"]})
    if years:
        low, high = (int(x) for x in st.query_params.get("years", f"{years[0]}-{years[-1]}").split("-"))
        low, high = st.slider("年度 Years", years[0], max(years[-1], years[0] + 1), (max(low, years[0]), min(high, max(years[-1], years[0] + 1))))
    else:
        low, high = 0, 9999
    for key, value in (("province", province), ("city", city), ("level", level), ("q", search)):
        if value:
            st.query_params[key] = value
        elif key in st.query_params:
            del st.query_params[key]
    if years:
        st.query_params["years"] = f"{low}-{high}"
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
        }
        for d in rows
    ]
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"通知 Notice": st.column_config.LinkColumn(display_text=r"id=(\d+\.\d+)")})


@st.cache_data(ttl=30)
def store_search(term: str) -> set[int]:
    from sqlalchemy import select

    from corpus.store import notices

    with store().engine.connect() as conn:
        return {r[0] for r in conn.execute(select(notices.c.id).where(notices.c.text.contains(term)))}


def notice_page() -> None:
    docs = documents()
    keys = [f"{d['notice']}.{d['document']}" for d in docs]
    if not keys:
        st.info("The store is empty: upload notices first.")
        return
    current = st.query_params.get("id", keys[0])
    chosen = st.selectbox("通知 Notice", keys, index=keys.index(current) if current in keys else 0,
                          format_func=lambda k: column_label(docs[keys.index(k)]))
    st.query_params["id"] = chosen
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


def compare_page() -> None:
    from corpus.views import compare_table, differs_from

    st.title("比较 Compare")
    docs = documents()
    keys = [f"{d['notice']}.{d['document']}" for d in docs]
    names = {k: column_label(d) for k, d in zip(keys, docs)}
    modes = ["通知 Notices", "地区×年度 Regions × years"]
    mode = st.radio("选择 Choose", modes, horizontal=True, index=1 if st.query_params.get("by") == "region" else 0)
    if mode == modes[0]:
        st.query_params["by"] = "notice"
        default = [k for k in query_list("n") if k in keys] or keys[:3]
        chosen = st.multiselect("通知 Notices", keys, default=default, format_func=names.get)
        st.query_params["n"] = ",".join(chosen)
    else:
        from corpus.views import documents_of

        st.query_params["by"] = "region"
        all_regions = sorted({region_name(d["province"], d["city"], d["county"]) for d in docs} - {""})
        all_years = sorted({d["policy_year"] for d in docs if d["policy_year"]})
        cols = st.columns(2)
        regions = cols[0].multiselect("地区 Regions", all_regions, default=[r for r in query_list("regions") if r in all_regions])
        years = cols[1].multiselect("年度 Years", all_years, default=[int(y) for y in query_list("years") if y.isdigit() and int(y) in all_years])
        st.query_params["regions"] = ",".join(regions)
        st.query_params["years"] = ",".join(str(y) for y in years)
        other = st.checkbox("含其他主题 Include documents on other topics", value=st.query_params.get("other") == "1")
        if other:
            st.query_params["other"] = "1"
        elif "other" in st.query_params:
            del st.query_params["other"]
        chosen = [f"{n}.{p}" for n, p in documents_of(store(), regions, years, include_other=other)]
    if not chosen:
        st.info("Pick notices to compare.")
        return
    table, evidence = compare_table(store(), [document_key(k) for k in chosen])
    baseline_key = st.query_params.get("base", chosen[0])
    baseline = st.selectbox("基准 Baseline", chosen, index=chosen.index(baseline_key) if baseline_key in chosen else 0,
                            format_func=names.get)
    st.query_params["base"] = baseline
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


def trends_page() -> None:
    import pandas as pd

    from corpus.export import Filters, long_rows
    from extractor.vocab import field_labels

    st.title("趋势 Trends")
    names = field_labels()
    fields = sorted(names)
    current = st.query_params.get("field", "subsidy.per_capita")
    field = st.selectbox("字段 Field", fields, index=fields.index(current) if current in fields else 0,
                         format_func=lambda f: f"{names[f]} ({f})")
    st.query_params["field"] = field
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
    year = st.selectbox("年度 Year", sorted(frame["policy_year"].dropna().unique(), reverse=True))
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
    a = st.query_params.get("a", keys[0])
    b = st.query_params.get("b", keys[1])
    a = cols[0].selectbox("第一份 First", keys, index=keys.index(a) if a in keys else 0, format_func=names.get)
    b = cols[1].selectbox("第二份 Second", keys, index=keys.index(b) if b in keys else 1, format_func=names.get)
    st.query_params["a"], st.query_params["b"] = a, b
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


def upload_page() -> None:
    from extractor.errors import ExtractorError
    from corpus.ingest import ingest

    st.title("上传 Upload")
    files = st.file_uploader("通知文件 Notices (PDF, TXT, HTML, DOCX, ZIP)", type=UPLOAD_TYPES, accept_multiple_files=True)
    if not files or not st.button("导入 Ingest"):
        return
    import tempfile

    bar = st.progress(0.0)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for upload in files:
            if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
                st.error(f"{upload.name}: {upload.size:,} bytes, over the limit of {MAX_UPLOAD_MB} MB")
                continue
            target = Path(tmp) / Path(upload.name).name
            target.write_bytes(upload.getvalue())
            paths.append(target)
        outcomes = []
        try:
            for i, outcome in enumerate(ingest(store(), paths)):
                outcomes.append(outcome)
                bar.progress(min(1.0, (i + 1) / max(len(paths), 1)))
        except ExtractorError as exc:
            st.error(str(exc))
    documents.clear()
    store_search.clear()
    for o in outcomes:
        name = html.escape(Path(o.name.split("!")[-1]).name)
        if o.status == "failed":
            st.error(f"{name}: {o.reason}")
        else:
            st.markdown(f"{name}: {o.status} — [查看 open](/notice?id={o.notice_id}.0)")


def main() -> None:
    pages = [
        st.Page(corpus_page, title="语料 Corpus", url_path="corpus", default=True),
        st.Page(compare_page, title="比较 Compare", url_path="compare"),
        st.Page(trends_page, title="趋势 Trends", url_path="trends"),
        st.Page(notice_page, title="通知 Notice", url_path="notice"),
        st.Page(diff_page, title="条文对比 Section diff", url_path="diff"),
        st.Page(upload_page, title="上传 Upload", url_path="upload"),
    ]
    st.set_page_config(page_title="mednotice", layout="wide")
    st.navigation(pages).run()


# Streamlit runs this file as __main__; the tests import it to run one page at a time.
if __name__ == "__main__":
    main()
