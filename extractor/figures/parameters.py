"""Candidate quantities → typed parameters of the field catalog.

Sentence by sentence, each figure is bound to the cue of a field that names it
(binding.py: cues of data/patterns.jsonl found on jieba's words by words.py, or a
misspelt field name), given its scope (scope.py), its year (years.py) and its
qualifier, and emitted (emit.py); ruled tables read by column (tables.py). Figures
no field claims are kept as unlabelled quantities.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate

from ..grammar import CLAUSE_MARKS, CLAUSE_OR_SENTENCE, COLON_MARKS, ITEM_MARKS, after_last, heading_marker, sentences
from ..models import Check, Parameter, Quantity, Section
from ..normalize import matchable
from .binding import CuesByPlace, Decision, Outcome, bind, restates
from .catalog import bounds
from .checks import range_warning
from .context import DocumentContext, Sentence, last_clause_end
from .cues import Cue, cues_in
from .emit import dedupe, emit, loose, phrases
from .quantities import find_quantities
from .scope import scope_sources
from .shares import share_parameters
from .tables import table_parameters, tables
from .years import effective_year, section_effective_years, year_source


def extract_parameters(
    source: str, paragraphs, sections: tuple[Section, ...], policy_year: int | None, table_rows=(), trace: list | None = None,
    warnings: list | None = None,
) -> tuple[tuple[Parameter, ...], tuple[Quantity, ...]]:
    """Parameters and unlabelled quantities of one document's body paragraphs and tables.

    Matching runs on the text with widths folded (same offsets); evidence is cut from ``source``.
    ``trace``, a list, receives for ``explain`` the binder's decision on each figure
    (binding.Decision), each followed by what became of it (binding.Outcome). ``warnings``, a
    list, receives a Check for each figure left unlabelled because its value was outside the
    plausible range of the field that named it.
    """
    doc = DocumentContext(matchable(source), source, sections, policy_year, trace)
    params: list[Parameter] = []
    unclaimed: list[Quantity] = []
    effective = section_effective_years(doc.text, sections)
    lead = None
    for para in paragraphs:
        fallback = next((y for s, y in effective if s.span.start <= para.start < s.span.end), None)
        numbered_item = lead is not None and item_of_lead(doc, lead, para)
        found, left = _paragraph(doc, para, fallback, lead, numbered_item)
        params.extend(found)
        unclaimed.extend(left)
        lead = list_lead(doc.text, para, lead, numbered_item)
    params.extend(phrases(doc, paragraphs))
    shared, covered = share_parameters(doc, paragraphs)
    if shared:
        # A share statement reads its figures as a whole: the binder's share readings inside it give way.
        fields = {p.field for p in shared}
        inside = within(covered)
        params = [p for p in params if not (p.field in fields and inside(p.span.start))]
        params.extend(shared)
    for table in tables(table_rows):
        found, left = table_parameters(doc, table)
        params.extend(found)
        unclaimed.extend(left)
    if warnings is not None:
        warnings.extend(out_of_range(doc, unclaimed))
        warnings.extend(not_a_figure(doc.source[r.start : r.end]) for r in doc.refused)
        warnings.extend(read_in_pieces(figures, parts) for _, figures, parts in doc.cut)
    return dedupe(params), tuple(unclaimed)


def within(spans: list[tuple[int, int]]):
    """A test of whether an offset lies in one of ``spans`` ([start, end), overlapping or not), by
    bisection: a sentence of thousands of share statements is not looked through for each figure.

    >>> inside = within([(5, 9), (0, 3), (6, 7)])
    >>> [at for at in range(11) if inside(at)]
    [0, 1, 2, 5, 6, 7, 8]
    """
    ordered = sorted(spans)
    starts = [a for a, _ in ordered]
    reach = list(accumulate((b for _, b in ordered), max))  # the furthest end of the spans so far

    def inside(at: int) -> bool:
        i = bisect_right(starts, at) - 1
        return i >= 0 and reach[i] > at

    return inside


def read_in_pieces(figures: int, parts: int) -> Check:
    """The warning of a sentence read in pieces (``pieces``): its figures were bound piece by piece.

    >>> read_in_pieces(1600, 25).message
    '一句中有 1600 个数字，超过 64 个，分 25 段读取：跨段的数字与字段未相互关联'
    """
    return Check(
        id="long_sentence", message=f"一句中有 {figures} 个数字，超过 {MAX_FIGURES} 个，分 {parts} 段读取：跨段的数字与字段未相互关联",
        parameters=(),
    )


def not_a_figure(written: str) -> Check:
    """The warning of a figure left as text because its number is none a notice states
    (quantities.Refused): what was written, cut short, and its length.

    >>> not_a_figure("1" * 400 + "元").message
    '1111111111…11111元（401字）数额超出任何通知的数字，未作为数字读取'
    >>> not_a_figure("99万元").message
    '99万元 数额超出任何通知的数字，未作为数字读取'
    """
    shown = " ".join(written.split())
    if len(shown) > 20:
        shown = f"{shown[:10]}…{shown[-6:]}（{len(written)}字）"
    else:
        shown += " "
    return Check(id="not_a_figure", message=f"{shown}数额超出任何通知的数字，未作为数字读取", parameters=())


def out_of_range(doc: DocumentContext, unclaimed: list[Quantity]) -> list[Check]:
    """A warning for each unlabelled figure whose field's cue lost only for its value's range."""
    out = []
    for q in unclaimed:
        rule = doc.out_of_range.get(q.span.start)
        if rule is not None:
            out.append(range_warning(rule.label, f"{q.value:g}{q.unit}", bounds(rule.id, q.unit), f"{rule.id}={q.value:g}",
                                     unlabelled=True))
    return out


def list_lead(text: str, para, lead: tuple[int, int] | None, numbered_item: bool = False) -> tuple[int, int] | None:
    r"""The clause that opens a list whose items are the next paragraphs: a paragraph ending in a
    colon opens one (…最高限额调整为：), an item ending in ； keeps it open (a numbered one only when
    ``numbered_item``: see item_of_lead), any other ending closes it.

    >>> from types import SimpleNamespace as P
    >>> t = "限额调整为：\n甲类100元；\n乙类200元。"
    >>> list_lead(t, P(start=0, end=6), None)
    (0, 6)
    >>> list_lead(t, P(start=7, end=14), (0, 6))
    (0, 6)
    >>> list_lead(t, P(start=15, end=22), (0, 6)) is None
    True
    """
    content = text[para.start : para.end].rstrip()
    if not content:
        return lead
    last = content[-1]
    if last in COLON_MARKS:
        return after_last(text, CLAUSE_OR_SENTENCE, para.start, para.start + len(content) - 1), para.start + len(content)
    if lead is not None and last in ITEM_MARKS and (numbered_item or not heading_marker(content)):
        return lead
    return None


def item_of_lead(doc: DocumentContext, lead: tuple[int, int], para) -> bool:
    """Whether a numbered paragraph is an item of the list ``lead`` opened: the lead stands in the body
    of a section the paragraph is a subsection of (二、…个人缴费标准为： ⏎ （一）一般居民：每人每年400元；).
    A lead before every section (现将…公布如下：) opens the notice's sections, not a list."""
    section = doc.section_at(lead[0])
    return section is not None and section.span.start <= para.start < section.span.end


def _paragraph(doc: DocumentContext, para, fallback: int | None, lead=None,
               numbered_item: bool = False) -> tuple[list[Parameter], list[Quantity]]:
    """One paragraph: its figures found once, then read sentence by sentence; ``lead``, the
    clause that opened the list this paragraph is an item of (a numbered paragraph keeps it only
    when ``numbered_item``: see item_of_lead)."""
    text = doc.text
    heading = _heading(text, para.start, para.end)
    if heading and not numbered_item:
        lead = None  # a numbered paragraph is a section of its own, not an item of the list before it
    in_paragraph = find_quantities(text, para.start, para.end, doc.policy_year, folded=True, refused=doc.refused)
    starts = [q.start for q in in_paragraph]
    params: list[Parameter] = []
    unclaimed: list[Quantity] = []
    carry = None
    for s_start, s_end in sentences(text, para.start, para.end):
        quantities = tuple(in_paragraph[bisect_left(starts, s_start) : bisect_left(starts, s_end)]) if starts else ()
        if quantities:
            parts = pieces(text, s_start, s_end, quantities)
            if len(parts) > 1:
                doc.cut.append((s_start, len(quantities), len(parts)))
            for start, end, figures in parts:
                sentence = Sentence(start, end, para.start, heading, figures, carry, fallback, lead, text)
                found, left = _sentence(doc, sentence)
                params.extend(found)
                unclaimed.extend(left)
        carry = effective_year(text, s_start, s_end) or carry
    return params, unclaimed


# A sentence of a notice holds nine figures at most, a table row read as one a few dozen. A longer
# one (a damaged or hostile file: thousands) is read in pieces of this many figures, each a
# sentence of its own, so that each figure's work is bounded by its piece, not by the sentence.
MAX_FIGURES = 64


def pieces(text: str, start: int, end: int, quantities: tuple, size: int = MAX_FIGURES) -> list[tuple[int, int, tuple]]:
    """(start, end, figures) of each piece a sentence is read in: one, the sentence, unless it holds
    more than ``size`` figures; else cut after the last clause mark between the last figure of a
    piece and the next figure (the words before a figure name it), or right after that last figure.

    >>> from types import SimpleNamespace as Q
    >>> t = "甲1元，乙2元、丙3元。"
    >>> qs = (Q(start=1, end=3), Q(start=5, end=7), Q(start=9, end=11))
    >>> [(a, b, len(f)) for a, b, f in pieces(t, 0, 12, qs, size=1)]
    [(0, 4, 1), (4, 7, 1), (7, 12, 1)]
    >>> [(a, b, len(f)) for a, b, f in pieces(t, 0, 12, qs)]
    [(0, 12, 3)]
    >>> pieces(t, 0, 12, ())
    []
    """
    if not quantities:
        return []
    out = []
    first = 0
    while len(quantities) - first > size:
        last, following = quantities[first + size - 1], quantities[first + size]
        cut = after_last(text, CLAUSE_MARKS, last.end, following.start)
        out.append((start, cut, quantities[first : first + size]))
        start, first = cut, first + size
    out.append((start, end, quantities[first:]))
    return out


def _sentence(doc: DocumentContext, sentence: Sentence) -> tuple[list[Parameter], list[Quantity]]:
    """Bind each figure of a sentence; a figure in brackets right after another restates it (90%（315元））."""
    # Explain shows every cue of the sentence; binding needs those up to its last figure's clause.
    cues = CuesByPlace(cues_in(doc, sentence.start, sentence.end if doc.trace is not None else last_clause_end(doc.text, sentence)))
    quantities = sentence.quantities
    bound: dict[int, Cue] = {}
    params: list[Parameter] = []
    unclaimed: list[Quantity] = []
    for index, q in enumerate(quantities):
        if q.is_previous:
            if doc.trace is not None:
                _trace_previous(doc, sentence, q)
            continue
        if (index - 1) in bound and restates(doc.text, quantities[index - 1], q):
            cue = bound[index - 1]
            if doc.trace is not None:
                doc.trace.append(Decision(q, (sentence.start, sentence.end), (), cue, "restated"))
        else:
            cue = bind(doc, sentence, q, cues)
        emitted = emit(doc, sentence, q, cue) if cue is not None else []
        if emitted:
            bound[index] = cue
            params.extend(emitted)
        else:
            unclaimed.append(loose(doc, sentence, q))
        if doc.trace is not None:
            _trace_outcome(doc, sentence, q, cue, emitted, None if emitted else unclaimed[-1])
    return params, unclaimed


def _trace_previous(doc: DocumentContext, sentence: Sentence, q) -> None:
    """The X of 由X提高到Y: kept as the previous value of the figure after it, never bound."""
    doc.trace.append(Decision(q, (sentence.start, sentence.end), (), None, "previous"))
    reason = "the earlier value of a change (由X提高到Y): the previous value of the figure after it"
    doc.trace.append(Outcome(q, sentence, None, (), None, reason))


def _trace_outcome(doc: DocumentContext, sentence: Sentence, q, cue, emitted: list, left: Quantity | None) -> None:
    """For ``explain``: the figure's parameters, or why none; where scope and year came from
    (the same functions emission used, on the same arguments)."""
    if cue is None:
        doc.trace.append(Outcome(q, sentence, None, (), left, "no cue of a field could name it"))
        return
    rule = cue.rule
    combos, scopes = scope_sources(doc, sentence, rule.scopes, q)
    reason = None
    if not emitted:
        reason = "the winning cue gave no parameter"
        if rule.needs_scope and not any(rule.needs_scope in c for c in combos):
            reason = f"{rule.id} needs a scope of {rule.needs_scope}: none was found for this figure"
    doc.trace.append(Outcome(q, sentence, cue, tuple(emitted), left, reason, scopes, year_source(doc, sentence, q, rule.dated_by_value)))


def _heading(text: str, para_start: int, para_end: int) -> str:
    """The heading title a paragraph opens with (up to its first 。), or ""."""
    content = text[para_start:para_end]
    if not heading_marker(content):
        return ""
    stop = content.find("。")
    return content if stop < 0 else content[:stop]
