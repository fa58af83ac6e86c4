"""One notice: metadata, parameters, warnings, its text with every figure marked, and review in place.

Review goes through the store's correction model (corpus.store): a click on a parameter row (or
``?p=<id>`` in the URL) selects the parameter, marks it in the text and fills the review form;
correct, reject, accept, add, undo, the metadata, the copy link and the exclusion are each a
correction of their own, listed in the notice's history (who, when, what, standing) with an undo
button for every one that stands.  The view's state (notice, selected parameter, PDF page) is in
the URL; the forms are not view state.

The functions up to :func:`notice_page` are pure (no Streamlit call): what the page shows is
decided there and tested on its own; the rest lays it out.  Notice text is untrusted, and so are
what researchers type (notes, names, values) and file names: every such word reaches Markdown
through :func:`~corpus.ui.common.md` (or :func:`inert` for a whole message) and HTML through
html.escape, in one raw HTML block (:func:`~corpus.ui.state.html_block`).
"""

from __future__ import annotations

import html
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial

import streamlit as st

from corpus.corrections import (
    LEVELS,
    Correction,
    CorrectionError,
    check_field,
    orphan_reason,
    qualifiers,
    region,
    units_of,
)
from corpus.views import cell_text, column_label
from extractor.reading.regions import region_name
from .common import document_key, documents, md, store
from .state import html_block, unlinked, url_selectbox

SELECTED_STYLE = "background:#fb923c"
# How a figure of the text looks after review; the selected one is orange whatever its state.
MARK_STYLES = {"extracted": "", "corrected": "background:#86efac", "accepted": "background:#93c5fd",
               "rejected": "background:#fecaca; color:#7f1d1d"}
STANDING_WORDS = {"applied": "applied 生效", "undone": "undone 已撤销", "orphaned": "orphaned 悬空"}
EXCLUSION_REASONS = ("不是此类通知 not a notice of this kind", "超出研究范围 out of the study's scope")
META_FORM = ("region", "level", "policy_year", "doc_number", "title", "issue_date")
NONE = ""  # a dropdown's "none" (no scope value, no qualifier, no level)


# --- what the page shows (pure) -----------------------------------------------------------------


def inert(message: str) -> str:
    """Markdown of a whole message (a correction's outcome, the store's one-line error) that may quote a
    notice or what a researcher typed, in which nothing can become a link, an image, HTML, a formula or an
    icon: a ] that a ( [ or : follows (what closes a link, an image, a reference or a definition), <, $, &,
    backticks and backslashes are escaped, bare addresses broken (:func:`~corpus.ui.state.unlinked`).
    Unlike md(), the message's other marks stay as written, so that it reads as the store wrote it
    (``#311 subsidy.per_capita [insured_group=minors]``): at worst they set a word in italics.

    >>> inert("correction 3: metadata of document 0: title ![x](http://h/p.png) → <b>t</b> $5 &amp;")
    'correction 3: metadata of document 0: title ![x\\\\](http\\\\:\\u2060//h/p.png) → \\\\<b>t\\\\</b> \\\\$5 \\\\&amp;'
    >>> inert("added #a4 contribution.individual [insured_group=minors] = 200 元")
    'added #a4 contribution.individual [insured_group=minors] = 200 元'
    """
    return unlinked(re.sub(r"[\\`<$&]|\](?=[(\[:])", lambda m: "\\" + m.group(), str(message)))


def when(created: str | None) -> str:
    """A correction's time as the history shows it, in UTC (SQLite hands back naive UTC times).

    >>> when("2026-11-30T11:19:03+00:00"), when("2026-11-30T19:19:03+08:00"), when("2026-11-30T11:19:03"), when(None)
    ('2026-11-30 11:19 UTC', '2026-11-30 11:19 UTC', '2026-11-30 11:19 UTC', '?')
    """
    if not created:
        return "?"
    moment = datetime.fromisoformat(created)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def history_line(c: Correction, standing: str) -> str:
    """One correction in the history: number, when, who, what (old → new), note, standing.

    >>> c = Correction(3, 1, "corrected", 0, "311", "subsidy.per_capita", {"value": 640}, {"value": 650},
    ...                note="typo", author="lin", created_at="2026-11-30T11:19:03")
    >>> history_line(c, "applied")
    '#3 · 2026-11-30 11:19 UTC · lin · corrected #311 subsidy.per_capita: value 640 → 650 — typo · applied 生效'
    """
    note = f" — {c.note}" if c.note else ""
    return (f"#{c.id} · {when(c.created_at)} · {c.author or '?'} · {c.summary()}{note} · "
            f"{STANDING_WORDS.get(standing, standing)}")


def value_text(value) -> str:
    """A parameter's value as the form shows it (JSON for a range).

    >>> value_text(640), value_text(13.5), value_text("2023-09-15"), value_text([9, 12]), value_text(None)
    ('640', '13.5', '2023-09-15', '[9, 12]', '')
    """
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def typed_value(text: str, unit: str | None):
    """A value as typed in the form: a number, an ISO date for unit ``date``, or a JSON pair.

    >>> typed_value("650", "元"), typed_value(" 13.5 ", "%"), typed_value("[9, 12]", "月")
    (650, 13.5, [9, 12])
    >>> typed_value("2023", "date"), typed_value("2023-09-15", "date")
    ('2023', '2023-09-15')
    >>> typed_value("", "元")
    Traceback (most recent call last):
    ...
    corpus.corrections.CorrectionError: the value is empty: give a number (640), an ISO date (2023-09-15) or a range ([9, 12])
    """
    text = text.strip()
    if not text:
        raise CorrectionError("the value is empty: give a number (640), an ISO date (2023-09-15) or a range ([9, 12])")
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if unit == "date" and isinstance(value, int):
        return str(value)  # a date written to the year: "2023"
    return value


def typed_year(text: str) -> int | None:
    """
    >>> typed_year("2024"), typed_year(" ")
    (2024, None)
    >>> typed_year("二〇二四")
    Traceback (most recent call last):
    ...
    corpus.corrections.CorrectionError: year 二〇二四 is not a year: write it as 2024, or leave it empty
    """
    text = text.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit():
        raise CorrectionError(f"year {text} is not a year: write it as 2024, or leave it empty")
    return int(text)


def scope_keys_of(field: str, scope: dict) -> tuple[str, ...]:
    """The scope keys the form offers for a parameter: its field's, then any other its scope has.

    >>> scope_keys_of("contribution.individual", {}), scope_keys_of("subsidy.per_capita_increase", {"x": "y"})
    (('insured_group', 'population', 'payment_grade', 'condition'), ('x',))
    >>> scope_keys_of("subsidy.city+subsidy.county", {"county_type": "general"})
    ('county_type',)
    """
    keys = tuple(check_field(field).scopes) if known_field(field) else ()
    return keys + tuple(k for k in sorted(scope) if k not in keys)


def known_field(field: str) -> bool:
    """Whether the catalog has the field (a store made by another release may hold one it has not).

    >>> known_field("subsidy.per_capita"), known_field("subsidy.city+subsidy.county")
    (True, False)
    """
    try:
        check_field(field)
    except CorrectionError:
        return False
    return True


def form_of(row: dict) -> dict:
    """The review form filled from a parameter row as read (JSON columns as the store has them).

    >>> form_of({"field": "contribution.individual", "value": "380", "unit": "元", "scope": '{"insured_group": "minors"}',
    ...          "year": 2024, "qualifier": None})  # doctest: +NORMALIZE_WHITESPACE
    {'value': '380', 'unit': '元', 'year': '2024', 'qualifier': '', 'scope.insured_group': 'minors',
     'scope.population': '', 'scope.payment_grade': '', 'scope.condition': ''}
    """
    scope = json.loads(row["scope"])
    form = {"value": value_text(json.loads(row["value"])), "unit": row["unit"] or "",
            "year": "" if row["year"] is None else str(row["year"]), "qualifier": row["qualifier"] or NONE}
    for key in scope_keys_of(row["field"], scope):
        form[f"scope.{key}"] = scope.get(key, NONE)
    return form


def scope_of(form: dict) -> dict:
    """
    >>> scope_of({"value": "1", "scope.insured_group": "minors", "scope.population": ""})
    {'insured_group': 'minors'}
    """
    return {k[len("scope."):]: v for k, v in form.items() if k.startswith("scope.") and v}


def changes_of(form: dict, filled: dict) -> dict:
    """The correction a review form asks for: what the person changed since it was filled, typed.

    >>> before = {"value": "640", "unit": "元", "year": "2023", "qualifier": "达到", "scope.insured_group": ""}
    >>> changes_of(dict(before, value="650"), before)
    {'value': 650}
    >>> changes_of(dict(before, **{"scope.insured_group": "minors", "qualifier": ""}), before)
    {'scope': {'insured_group': 'minors'}, 'qualifier': None}
    >>> changes_of(before, before)
    Traceback (most recent call last):
    ...
    corpus.corrections.CorrectionError: nothing to correct: change the value, unit, scope, year or qualifier first (or accept the figure as it is)
    """
    changes = {}
    if form["value"].strip() != filled["value"].strip():
        changes["value"] = typed_value(form["value"], form["unit"])
    if form["unit"] != filled["unit"]:
        changes["unit"] = form["unit"]
    if scope_of(form) != scope_of(filled):
        changes["scope"] = scope_of(form)
    if form["year"].strip() != filled["year"].strip():
        changes["year"] = typed_year(form["year"])
    if form["qualifier"] != filled["qualifier"]:
        changes["qualifier"] = form["qualifier"] or None
    if not changes:
        raise CorrectionError("nothing to correct: change the value, unit, scope, year or qualifier first "
                              "(or accept the figure as it is)")
    return changes


def meta_form_of(meta: dict) -> dict:
    """The metadata form filled from a document's metadata as read.

    >>> meta_form_of({"province": "山西省", "city": "忻州市", "county": None, "level": "city", "policy_year": 2023,
    ...               "doc_number": None, "title": "关于…的通知", "issue_date": "2023-08-30"})
    {'region': '山西省忻州市', 'level': 'city', 'policy_year': '2023', 'doc_number': '', 'title': '关于…的通知', 'issue_date': '2023-08-30'}
    """
    return {"region": region_name(meta.get("province"), meta.get("city"), meta.get("county")) or "",
            "level": meta.get("level") or NONE, "policy_year": "" if meta.get("policy_year") is None else str(meta["policy_year"]),
            "doc_number": meta.get("doc_number") or "", "title": meta.get("title") or "", "issue_date": meta.get("issue_date") or ""}


def meta_changes(form: dict, filled: dict, current: dict) -> dict:
    """The metadata correction a form asks for: the region as one name (province, city, county and
    level at once; a level chosen by hand wins), the other keys as typed, empty clears; only what
    differs from the document as read.

    >>> current = {"province": "山西省", "city": "忻州市", "county": None, "level": "city", "policy_year": 2023,
    ...            "doc_number": "忻医保发〔2023〕10号", "title": "t", "issue_date": None}
    >>> filled = meta_form_of(current)
    >>> meta_changes(dict(filled, region="锡林郭勒盟"), filled, current)
    {'province': '内蒙古自治区', 'city': '锡林郭勒盟'}
    >>> meta_changes(dict(filled, title=" ", policy_year="2024", level="county"), filled, current)
    {'level': 'county', 'policy_year': 2024, 'title': None}
    >>> meta_changes(filled, filled, current)
    Traceback (most recent call last):
    ...
    corpus.corrections.CorrectionError: nothing to save: change a metadata field first
    """
    changes: dict = {}
    if form["region"].strip() != filled["region"].strip():
        name = form["region"].strip()
        changes.update(region(name) if name else {"province": None, "city": None, "county": None})
    if form["level"] != filled["level"]:
        changes["level"] = form["level"] or None
    if form["policy_year"].strip() != filled["policy_year"].strip():
        changes["policy_year"] = typed_year(form["policy_year"])
    for key in ("doc_number", "title", "issue_date"):
        if form[key].strip() != filled[key].strip():
            changes[key] = form[key].strip() or None
    if not changes:
        raise CorrectionError("nothing to save: change a metadata field first")
    return {k: v for k, v in changes.items() if v != current.get(k)} or changes


def parameter_label(row: dict, labels: dict) -> str:
    """How the parameter picker names a parameter.

    >>> parameter_label({"id": "7", "field": "subsidy.per_capita", "scope_key": "", "value": "640", "unit": "元"},
    ...                 {"subsidy.per_capita": "人均财政补助标准"})
    '#7 人均财政补助标准 subsidy.per_capita [] = 640 元'
    """
    value = cell_text(json.loads(row["value"]), None, None, None)
    return f"#{row['id']} {labels.get(row['field'], row['field'])} {row['field']} [{row['scope_key']}] = {value} {row['unit'] or ''}".rstrip()


def scope_word(key: str, value: str, vocabulary: dict) -> str:
    """A scope value with its Chinese words (scopes.toml).

    >>> scope_word("insured_group", "minors", {"insured_group": {"minors": "学生儿童"}}), scope_word("k", "", {})
    ('minors · 学生儿童', '— 不限 any —')
    """
    if not value:
        return "— 不限 any —"
    words = vocabulary.get(key, {}).get(value)
    return f"{value} · {words}" if isinstance(words, str) else value


def scope_values(key: str, vocabulary: dict) -> list[str]:
    """The values a scope key takes (the vocabulary of FIELDS.md), after the choice of none.

    >>> scope_values("delivery", {"delivery": {"natural": "自然分娩", "cesarean": "剖宫产"}})
    ['', 'natural', 'cesarean']
    """
    return [NONE] + [v for v, words in vocabulary.get(key, {}).items() if isinstance(words, str)]


@dataclass(frozen=True)
class Mark:
    """An extracted figure's place in the text and what the review made of it."""

    start: int
    end: int
    parameter: str  # its id
    state: str  # extracted, corrected, accepted, rejected
    title: str  # the hover: field, scope, value, who reviewed it, rule, sentence


def _by(c: Correction) -> str:
    return f"{c.author or '?'} (correction {c.id}"


def marks_of(extracted: list[dict], read: list[dict], history: list[tuple[Correction, str]]) -> list[Mark]:
    """The figures of one document to mark in its text: each extracted parameter (``parameters_of(raw=True)``
    rows) as the review left it (``read``: rows as read, corrections applied; ``history``: Store.history).

    >>> row = {"id": "7", "field": "subsidy.per_capita", "scope": "{}", "scope_key": "", "value": "640", "unit": "元",
    ...        "rule": "r#1", "sentence": "达到640元。", "span_start": 3, "span_end": 7}
    >>> marks_of([row], [dict(row, corrected=False, accepted=False)], [])[0].title
    'subsidy.per_capita [] = 640 元 · r#1 · «达到640元。»'
    >>> fix = Correction(2, 1, "corrected", 0, "7", "subsidy.per_capita", {"value": 640}, {"value": 650}, author="lin")
    >>> marks_of([row], [dict(row, value="650", corrected=True, accepted=False)], [(fix, "applied")])[0].title
    'subsidy.per_capita [] = 650 元 · corrected by lin (correction 2: value 640 → 650) · r#1 · «达到640元。»'
    >>> no = Correction(3, 1, "rejected", 0, "7", "subsidy.per_capita", note="a typo", author="lin")
    >>> [(m.state, m.title) for m in marks_of([row], [], [(no, "applied")])]
    [('rejected', 'subsidy.per_capita [] = 640 元 · rejected by lin (correction 3): a typo · r#1 · «达到640元。»')]
    """
    standing = [c for c, s in history if s == "applied"]
    as_read = {p["id"]: p for p in read}
    marks = []
    for p in extracted:
        if p.get("span_start") is None:
            continue
        now = as_read.get(p["id"])
        shown_row = now or p
        head = (f"{p['field']} [{shown_row['scope_key']}] = {cell_text(json.loads(shown_row['value']), None, None, None)} "
                f"{shown_row['unit'] or ''}").rstrip()
        review = []
        if now is None:
            state = "rejected"
            review = [f"rejected by {_by(c)}){': ' + c.note if c.note else ''}" for c in standing
                      if c.action == "rejected" and c.target == p["id"]][-1:] or ["rejected"]
        elif now.get("corrected"):
            state = "corrected"
            review = [f"corrected by {_by(c)}: {c.summary().split(': ', 1)[-1]})" for c in standing
                      if c.action == "corrected" and c.target == p["id"]]
        elif now.get("accepted"):
            state = "accepted"
            review = [f"accepted by {_by(c)})" for c in standing if c.action == "accepted" and c.target == p["id"]]
        else:
            state = "extracted"
        title = " · ".join([head, *review, p["rule"], f"«{p['sentence']}»"])
        marks.append(Mark(p["span_start"], p["span_end"], p["id"], state, title))
    return marks


def highlighted(text: str, span: tuple[int, int], marks: list[Mark], selected: str | None = None) -> str:
    """The document's text (``span`` of the notice's cleaned text), escaped, with its figures marked:
    extracted, corrected, accepted in their colours, rejected ones struck through, the selected one
    in orange; the hover title says what each is and who reviewed it.  One line of HTML, so that
    Markdown never reads the text between the marks.

    >>> marks = [Mark(2, 6, "7", "extracted", 'a"b'), Mark(8, 10, "8", "rejected", "no")]
    >>> highlighted("甲乙640元丙<b>丁\\n戊", (0, 13), marks, "7")  # doctest: +NORMALIZE_WHITESPACE
    '<div style="line-height:1.9">甲乙<mark title="a&quot;b" data-parameter="7" style="background:#fb923c">640元</mark>丙&lt;<del
    title="no" data-parameter="8" style="background:#fecaca; color:#7f1d1d">b&gt;</del>丁<br>戊</div>'
    """
    start_of, end_of = span
    # Two parameters of one figure (the same span): the selected one, else the first, is marked.
    ordered = sorted(marks, key=lambda m: (m.start, m.parameter != selected))
    out, last = [], start_of
    for m in ordered:
        if m.start < last or m.end > end_of:
            continue
        out.append(html.escape(text[last:m.start]))
        style = SELECTED_STYLE if m.parameter == selected else MARK_STYLES[m.state]
        tag = "del" if m.state == "rejected" else "mark"
        hover = html.escape(m.title, quote=True).replace("\n", "&#10;")  # a line of the hover, not a <br> in it
        attributes = f' title="{hover}" data-parameter="{html.escape(m.parameter, quote=True)}"'
        if style:
            attributes += f' style="{style}"'
        out.append(f"<{tag}{attributes}>{html.escape(text[m.start:m.end])}</{tag}>")
        last = m.end
    out.append(html.escape(text[last:end_of]))
    return '<div style="line-height:1.9">' + "".join(out).replace("\n", "<br>") + "</div>"


def check_notes(items, extracted: list[dict], read: list[dict]) -> list[str]:
    """What the review made of the figures a consistency warning names (``field[scope]=value``).

    >>> rows = [{"id": "7", "field": "subsidy.city", "scope_key": "county_type=general", "value": "26", "unit": "元"}]
    >>> check_notes(["subsidy.city[county_type=general]=26", "subsidy.per_capita=640"], rows,
    ...             [dict(rows[0], value="62", corrected=True)])
    ['#7 subsidy.city corrected to 62 元']
    >>> check_notes(["subsidy.city[county_type=general]=26"], rows, [])
    ['#7 subsidy.city rejected']
    """
    as_read = {p["id"]: p for p in read}
    notes = []
    for item in items:
        name, _, value = item.rpartition("=")
        field, _, scope = name.partition("[")
        scope = scope.rstrip("]").replace(",", ";")
        for p in extracted:
            if p["field"] != field or p["scope_key"] != scope or not _same_value(json.loads(p["value"]), value):
                continue
            now = as_read.get(p["id"])
            if now is None:
                notes.append(f"#{p['id']} {field} rejected")
            elif now.get("corrected"):
                notes.append(f"#{p['id']} {field} corrected to {cell_text(json.loads(now['value']), None, None, None)} {now['unit']}")
    return notes


def _same_value(value, written: str) -> bool:
    """
    >>> _same_value(13.5, "13.5"), _same_value(640, "640.0"), _same_value("2023-12-31", "2023-12-31"), _same_value(1, "x")
    (True, True, True, False)
    """
    if str(value) == written:
        return True
    try:
        return abs(float(value) - float(written)) < 1e-9
    except (TypeError, ValueError):
        return False


# --- the page -------------------------------------------------------------------------------------


def notice_page() -> None:
    chosen = _pick_notice()
    if chosen is None:
        return
    notice_id, position = document_key(chosen)
    handle = store()
    read = handle.read(notice_id)
    if read is None or position >= len(read.notice.documents):
        # Removed between the list and this read (another tab, the command line).
        documents.clear()
        st.error(f"notice {chosen} not found: it is no longer in the store — choose another notice")
        return
    doc = read.notice.documents[position]
    extracted = [p for p in handle.parameters_of(notice_id, raw=True) if p["document"] == position]
    rows = [p for p in handle.parameters_of(notice_id) if p["document"] == position]
    history = handle.history(notice_id)
    from extractor.vocab import field_labels

    labels = field_labels()
    _header(read, doc)
    _warnings(notice_id, doc, extracted, rows, read)
    selected = _parameters(chosen, rows, labels)
    st.subheader("审核 Review")
    _author()
    left, right = st.columns(2, gap="large")
    with left:
        _review_form(notice_id, selected, labels)
    with right:
        _history(history)
    _add_form(notice_id, position, doc.meta.policy_year, labels)
    _metadata_form(notice_id, position, doc.meta, read)
    _text(notice_id, read.notice, doc, extracted, rows, history, selected)


def _pick_notice() -> str | None:
    """The notice and document of ``?id=N.D``; one that is not (or no longer) in the store says so
    and the first is shown."""
    docs = documents()
    keys = [f"{d['notice']}.{d['document']}" for d in docs]
    held = st.session_state.get("url.id") or st.query_params.get("id")
    if held:
        try:
            held_id = document_key(held)[0]
        except ValueError:
            held_id = None
        if held_id is not None and held in keys and store().status(held_id) is None:
            documents.clear()  # the cached list still has a notice someone removed
            docs = documents()
            keys = [f"{d['notice']}.{d['document']}" for d in docs]
    if not keys:
        st.info("The store is empty: upload notices first.")
        return None
    if "url.id" in st.session_state and st.session_state["url.id"] not in keys:
        st.warning(f"notice {st.session_state['url.id']} not found (no longer in the store); showing notice {keys[0]} instead")
    labels = {k: column_label(d) for k, d in zip(keys, docs)}
    return url_selectbox("通知 Notice", keys, param="id", what="notice", format_func=labels.get,
                         parse=lambda raw: "{}.{}".format(*document_key(raw)))


def _header(read, doc) -> None:
    """Title, metadata as read, and what sets the notice apart: a copy, excluded, about another matter."""
    meta = doc.meta
    st.title(md(meta.title or read.notice.source))
    st.markdown(md(
        f"文号 {meta.doc_number or '—'} · 发文机关 {'、'.join(meta.issuers) or '—'} · "
        f"地区 {region_name(meta.province, meta.city, meta.county) or '—'} · 级别 {meta.level or '—'} · "
        f"年度 {meta.policy_year or '—'} · 印发 {meta.issue_date or '—'}"
    ))
    if read.same_as:
        st.info(f"副本 Copy of notice {read.same_as}: comparisons count that one — "
                f"[查看 open notice {read.same_as}](/notice?id={read.same_as}.0)")
    if read.excluded is not None:
        st.warning(f"已排除 Excluded from comparisons and exports: {md(read.excluded)}")
    if doc.topic is not None and doc.topic.subject == "other":
        # Comparisons leave such a document out: say why, with the words that decided it.
        terms = "、".join(f"{c.term}×{c.count}" for c in doc.topic.evidence) or "—"
        st.warning(md(f"非居民医保文件 Not about resident medical insurance ({doc.topic.basis}: {terms})"))


def _warnings(notice_id: int, doc, extracted: list[dict], rows: list[dict], read) -> None:
    """Consistency warnings with what the review has since made of their figures, corrections that
    apply to nothing and why, and the province's figures this notice falls short of."""
    for check in doc.checks:
        notes = check_notes(check.parameters, extracted, rows)
        since = f" · since reviewed: {'; '.join(notes)}" if notes else ""
        st.warning(md(f"{check.message} — {', '.join(check.parameters)}{since}"))
    done = store().corrections_of([notice_id]).get(notice_id, []) if read.orphaned else []
    for c in read.orphaned:
        st.warning(md(f"orphaned correction {c.id}: {c.summary()} — {orphan_reason(c, done)}"))
    for f in findings_of(notice_id):
        st.error(f"{md(f.region)} {f.field} [{md(f.scope)}] {f.value:g} {f.status} the province's {f.operator} "
                 f"{f.province_value:g} ({md(f.province_doc_number or 'notice ' + str(f.province_notice))})")


def _parameters(chosen: str, rows: list[dict], labels: dict) -> dict | None:
    """The parameter table; a click on a row (or the picker, or ``?p=``) selects a parameter."""
    st.subheader("参数 Parameters")
    by_id = {p["id"]: p for p in rows}
    ids = [p["id"] for p in rows]
    picked = url_selectbox("所选参数 Selected parameter — click a row, or choose here", [NONE, *ids], param="p",
                           what="parameter", format_func=lambda i: parameter_label(by_id[i], labels) if i else "— 无 none —")
    table = f"parameter_table.{chosen}"
    # The table's row follows the selection however it was made (URL, picker, undo).
    wanted = [ids.index(picked)] if picked else []
    held = st.session_state.get(table) or {}
    if list((held.get("selection") or {}).get("rows") or []) != wanted:
        st.session_state[table] = {"selection": {"rows": wanted, "columns": []}}
    st.dataframe(
        [
            {"id": p["id"], "field": p["field"], "名称 label": labels.get(p["field"], p["field"]),
             "value": cell_text(json.loads(p["value"]), None, None, None), "unit": p["unit"], "scope": p["scope_key"],
             "year": p["year"], "qualifier": p["qualifier"],
             "review": "＋" if p["added"] else "✎" if p["corrected"] else "✓" if p["reviewed"] else "",
             "evidence": p["evidence"], "rule": p["rule"]}
            for p in rows
        ],
        hide_index=True, width="stretch", key=table, on_select=partial(_row_clicked, table, ids),
        selection_mode="single-row",
    )
    selected = by_id.get(picked) if picked else None
    if selected is not None:
        where = ("added by hand: it has no place in the text" if selected["added"]
                 else f"{selected['rule']} · «{selected['sentence']}»")
        st.info(md(f"#{selected['id']} {selected['field']} [{selected['scope_key']}] · {where}"))
    return selected


def _row_clicked(table: str, ids: list[str]) -> None:
    """A click on a row selects its parameter (before the page is drawn, so that all of it follows)."""
    rows = st.session_state[table]["selection"]["rows"]
    st.session_state["url.p"] = ids[rows[0]] if rows and rows[0] < len(ids) else NONE


def _author() -> None:
    """Who makes the corrections: $MEDNOTICE_USER, else the login name, as typed last in this session.
    A widget's value goes when its page is left; the saved copy brings it back."""
    if "review.author" not in st.session_state:
        from corpus.cli import default_author

        saved = st.session_state.get("review.author.saved")
        st.session_state["review.author"] = saved if saved is not None else default_author() or ""
    st.text_input("审核人 Reviewer", key="review.author", on_change=_save_author)


def _save_author() -> None:
    st.session_state["review.author.saved"] = st.session_state["review.author"]


def _who(note_key: str | None = None) -> dict:
    """Note (from the widget ``note_key``) and author of the correction being made."""
    note = (st.session_state.get(note_key) or "").strip() if note_key else ""
    return {"note": note or None, "author": (st.session_state.get("review.author") or "").strip() or None}


def _act(where: str, action, after=None) -> None:
    """Run one correction (in a widget's callback, before the page is drawn, so that the whole page
    shows it); the outcome, or the store's one-line error, is kept for the section that asked."""
    try:
        done = action(store())
    except CorrectionError as exc:
        st.session_state["review.outcome"] = (where, "error", str(exc))
        return
    st.session_state["review.outcome"] = (where, "success", f"correction {done.id}: {done.summary()}")
    from .compare import comparable_documents

    # Every cached view of the corpus reads the corrected state at once (a region edit moves the notice).
    documents.clear()
    findings_of.clear()
    comparable_documents.clear()
    for key in ("review.for", "add.for", "meta.for"):  # the forms fill again from what the store now reads
        st.session_state.pop(key, None)
    for key in ("review.note", "add.note", "meta.note"):
        st.session_state[key] = ""
    if after is not None:
        after(done)


def _outcome(where: str) -> None:
    outcome = st.session_state.get("review.outcome")
    if outcome and outcome[0] == where:
        del st.session_state["review.outcome"]
        (st.success if outcome[1] == "success" else st.error)(inert(outcome[2]))


def _fill(prefix: str, marker, form: dict) -> None:
    """Put a form's values in its widgets when it is about something new (another parameter, notice,
    or what a correction changed), or when the widgets lost them (their page was left)."""
    if st.session_state.get(f"{prefix}.for") != marker or any(f"{prefix}.{k}" not in st.session_state for k in form):
        for key, value in form.items():
            st.session_state[f"{prefix}.{key}"] = value
        st.session_state[f"{prefix}.for"] = marker
        st.session_state[f"{prefix}.filled"] = form


def _form(prefix: str) -> dict:
    """A form's values as its widgets hold them now."""
    return {key: st.session_state.get(f"{prefix}.{key}", "") for key in st.session_state[f"{prefix}.filled"]}


def _option(options: list, value) -> list:
    """Options that hold ``value`` too, so that a value outside the catalog still shows."""
    return options if value in options else [*options, value]


def _scope_inputs(prefix: str, keys, vocabulary: dict) -> None:
    columns = st.columns(max(len(keys), 1))
    for column, key in zip(columns, keys):
        state = f"{prefix}.scope.{key}"
        column.selectbox(f"范围 {md(key)}", _option(scope_values(key, vocabulary), st.session_state.get(state, NONE)),
                         key=state, format_func=partial(scope_word, key, vocabulary=vocabulary))


def _review_form(notice_id: int, selected: dict | None, labels: dict) -> None:
    """Correct, reject or accept the selected parameter; the form starts from it as read."""
    from extractor.vocab import load

    st.markdown("**所选参数 Selected parameter**")
    _outcome("review")
    if selected is None:
        st.caption("Click a parameter row above (or choose it in the picker) to review it.")
        return
    field, pid = selected["field"], selected["id"]
    filled = form_of(selected)
    _fill("review", (notice_id, pid), filled)
    st.session_state["review.field"] = f"{labels.get(field, field)} · {field}"
    st.text_input("字段 Field", key="review.field", disabled=True)
    _scope_inputs("review", scope_keys_of(field, json.loads(selected["scope"])), load("scopes"))
    value, unit, year, qualifier = st.columns(4)
    value.text_input("值 Value", key="review.value", help="a number (640), an ISO date (2023-09-15) or a range ([9, 12])")
    units = list(units_of(field)) if known_field(field) else []
    unit.selectbox("单位 Unit", _option(units, filled["unit"]), key="review.unit")
    year.text_input("年度 Year", key="review.year", help="empty: a standing rule with no year")
    qualifier.selectbox("限定 Qualifier", _option([NONE, *qualifiers()], filled["qualifier"]), key="review.qualifier",
                        format_func=lambda q: q or "— 无 none —")
    st.text_input("说明 Note", key="review.note")
    correct, accept, reject = st.columns(3)
    correct.button("更正 Correct", key="review.correct", type="primary", on_click=_correct, args=(notice_id, pid))
    accept.button("确认 Accept", key="review.accept", on_click=_accept, args=(notice_id, pid),
                  disabled=bool(selected["accepted"]))
    reject.button("驳回 Reject", key="review.reject", on_click=_reject, args=(notice_id, pid))


def _correct(notice_id: int, pid: str) -> None:
    form, filled = _form("review"), st.session_state["review.filled"]
    _act("review", lambda handle: handle.correct(notice_id, pid, changes_of(form, filled), **_who("review.note")))


def _accept(notice_id: int, pid: str) -> None:
    _act("review", lambda handle: handle.accept(notice_id, pid, **_who("review.note")))


def _reject(notice_id: int, pid: str) -> None:
    def unselect(_done):
        st.session_state["url.p"] = NONE  # a rejected parameter is no longer read: nothing to select

    _act("review", lambda handle: handle.reject(notice_id, pid, **_who("review.note")), unselect)


def _add_form(notice_id: int, position: int, policy_year: int | None, labels: dict) -> None:
    """A parameter the extractor missed: field, scope, value, unit, year, qualifier."""
    from extractor.vocab import load

    with st.expander("＋ 新增参数 Add a parameter the extractor missed", expanded=False):
        _outcome("add")
        fields = [f for f in labels if "+" not in f]
        field = st.selectbox("字段 Field", fields, key="add.field", format_func=lambda f: f"{labels[f]} · {f}")
        _fill("add", (notice_id, position), {"value": "", "year": "" if policy_year is None else str(policy_year),
                                             "qualifier": NONE})
        _scope_inputs("add", check_field(field).scopes, load("scopes"))
        value, unit, year, qualifier = st.columns(4)
        units = list(units_of(field))
        if st.session_state.get("add.unit") not in units:
            st.session_state["add.unit"] = units[0]  # the field changed: its own units
        value.text_input("值 Value", key="add.value", help="a number (640), an ISO date (2023-09-15) or a range ([9, 12])")
        unit.selectbox("单位 Unit", units, key="add.unit")
        year.text_input("年度 Year", key="add.year", help="empty: a standing rule with no year")
        qualifier.selectbox("限定 Qualifier", [NONE, *qualifiers()], key="add.qualifier",
                            format_func=lambda q: q or "— 无 none —")
        st.text_input("说明 Note", key="add.note")
        st.button("新增 Add", key="add.save", on_click=_add, args=(notice_id, position))


def _add(notice_id: int, position: int) -> None:
    state = st.session_state
    field = state["add.field"]

    def added(handle):
        scope = {k: state.get(f"add.scope.{k}") for k in check_field(field).scopes if state.get(f"add.scope.{k}")}
        return handle.add_parameter(notice_id, position, field, typed_value(state.get("add.value", ""), state["add.unit"]),
                                    state["add.unit"], scope, typed_year(state.get("add.year", "")),
                                    state.get("add.qualifier") or None, **_who("add.note"))

    def select(done):
        state["url.p"] = done.added_id
        for key in [k for k in state if isinstance(k, str) and k.startswith("add.scope.")]:
            state[key] = NONE

    _act("add", added, select)


def _metadata_form(notice_id: int, position: int, meta, read) -> None:
    """The document's region, level, policy year, 文号, title, issue date; whether the file is a copy
    of another notice; whether the notice is excluded."""
    current = meta.model_dump()
    with st.expander("元数据 Metadata · 副本 copy · 排除 exclusion", expanded=False):
        _outcome("meta")
        _fill("meta", (notice_id, position), meta_form_of(current))
        where, level, year, issued = st.columns([2, 1, 1, 1])
        where.text_input("地区 Region", key="meta.region",
                         help="one name: 锡林郭勒盟, 福州市鼓楼区, 平鲁区 — it sets province, city, county and level")
        level.selectbox("级别 Level", _option([NONE, *LEVELS], st.session_state.get("meta.level", NONE)),
                        key="meta.level", format_func=lambda v: v or "—")
        year.text_input("年度 Policy year", key="meta.policy_year")
        issued.text_input("印发日期 Issue date", key="meta.issue_date", help="ISO: 2023-08-30; empty clears it")
        number, title = st.columns([1, 2])
        number.text_input("文号 Document number", key="meta.doc_number")
        title.text_input("标题 Title", key="meta.title")
        st.text_input("说明 Note (why)", key="meta.note")
        st.button("保存元数据 Save metadata", key="meta.save", on_click=_save_metadata, args=(notice_id, position, current))

        st.markdown(f"**副本 Copy** — {'copy of notice ' + str(read.same_as) if read.same_as else 'not a copy of another notice'}")
        others = sorted({d["notice"] for d in documents() if d["notice"] != notice_id})
        names = {d["notice"]: column_label(d) for d in documents() if d["document"] == 0}
        of, mark, unmark = st.columns([3, 1.2, 1.2], vertical_alignment="bottom")
        of.selectbox("副本 Copy of notice", others, key="meta.copy_of", format_func=lambda n: f"{n} · {names.get(n, '')}")
        mark.button("标记为副本 Mark as copy", key="meta.mark_copy", on_click=_mark_copy, args=(notice_id, True),
                    disabled=not others)
        unmark.button("不是副本 Not a copy", key="meta.not_copy", on_click=_mark_copy, args=(notice_id, False))

        if read.excluded is None:
            st.markdown("**排除 Exclusion** — in comparisons and exports")
            st.radio("原因 Reason", EXCLUSION_REASONS, key="meta.exclusion_reason", horizontal=True)
            st.button("排除 Exclude", key="meta.exclude", on_click=_exclude, args=(notice_id, True))
        else:
            st.markdown(f"**排除 Exclusion** — excluded: {md(read.excluded)}")
            st.button("重新纳入 Include again", key="meta.include", on_click=_exclude, args=(notice_id, False))


def _save_metadata(notice_id: int, position: int, current: dict) -> None:
    form, filled = _form("meta"), st.session_state["meta.filled"]
    _act("meta", lambda handle: handle.correct_metadata(notice_id, position, meta_changes(form, filled, current),
                                                        **_who("meta.note")),
         after=lambda done: _say_moved(notice_id, position, done))


def _say_moved(notice_id: int, position: int, done) -> None:
    """A corrected policy year: the outcome says how many figures, dated by it for want of a year of
    their own, moved with it."""
    new = done.new or {}
    if "policy_year" not in new:
        return
    year = new["policy_year"]
    moved = store().dated_by_policy_year(notice_id, position, year)
    if moved:
        where, kind, message = st.session_state["review.outcome"]
        st.session_state["review.outcome"] = (
            where, kind, f"{message} — {moved} 个未写年份的数值随之改为{year or '无'}年度 ({moved} figures dated by "
                         f"the policy year now of {year or 'no year'}; a year the notice states stays)")


def _mark_copy(notice_id: int, copy: bool) -> None:
    of = st.session_state.get("meta.copy_of") if copy else None
    _act("meta", lambda handle: handle.mark_copy(notice_id, of, **_who("meta.note")))


def _exclude(notice_id: int, exclude: bool) -> None:
    who = _who("meta.note")
    if exclude:
        reason = st.session_state.get("meta.exclusion_reason") or EXCLUSION_REASONS[0]
        who["note"] = f"{reason}: {who['note']}" if who["note"] else reason
        _act("meta", lambda handle: handle.exclude(notice_id, **who))
    else:
        _act("meta", lambda handle: handle.include(notice_id, **who))


def _history(history: list[tuple[Correction, str]]) -> None:
    """The notice's corrections, newest first, each with an undo while it stands."""
    st.markdown("**历史 History**")
    _outcome("history")
    if not history:
        st.caption("No correction yet.")
        return
    for c, standing in reversed(history):
        line, button = st.columns([4, 1.4], vertical_alignment="center")
        line.markdown(md(history_line(c, standing)))
        if standing != "undone":
            button.button("撤销 Undo", key=f"undo.{c.id}", on_click=_undo, args=(c.id,))


def _undo(correction_id: int) -> None:
    _act("history", lambda handle: handle.undo(correction_id, **_who()))


def _text(notice_id: int, notice, doc, extracted: list[dict], rows: list[dict], history, selected: dict | None) -> None:
    """Sections, the text with its figures marked (beside the PDF page, ``?page=``), unlabelled quantities."""
    with st.expander("条目 Sections"):
        st.markdown(section_tree(doc.sections))
    st.subheader("原文 Text")
    st.caption("黄 extracted · 绿 corrected · 蓝 accepted · 红删除线 rejected · 橙 selected — hover a figure for its "
               "field, scope, rule, sentence and who reviewed it")
    text = highlighted(notice.text, (doc.span.start, doc.span.end), marks_of(extracted, rows, history),
                       selected["id"] if selected else None)
    if notice.format == "pdf" and notice.pages:
        text_column, page_column = st.columns(2)
        with page_column:
            number = url_selectbox("页 Page", [p.number for p in notice.pages], param="page", parse=int, what="page")
            st.image(pdf_page(notice_id, number), caption=f"{md(notice.source)}, page {number}")
        text_column.markdown(html_block(text), unsafe_allow_html=True)
    else:
        st.markdown(html_block(text), unsafe_allow_html=True)
    if doc.quantities:
        with st.expander(f"未归类数值 Unlabelled quantities ({len(doc.quantities)})"):
            st.dataframe([{"kind": q.kind, "value": cell_text(q.value, None, None, None), "unit": q.unit, "text": q.text,
                           "sentence": q.sentence}
                          for q in doc.quantities], hide_index=True, width="stretch")


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
    """The section tree as a Markdown list, its words escaped."""
    lines = []
    for s in sections:
        lines.append(f"{'  ' * depth}- {md(s.marker)} {md(s.title)}")
        if s.children:
            lines.append(section_tree(s.children, depth + 1))
    return "\n".join(lines)
