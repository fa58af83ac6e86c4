"""Candidate quantities → typed parameters of the field catalog.

Sentence by sentence, each figure is bound to the cue of a field that names it
(binding.py: cues of data/patterns.jsonl found on jieba's words by words.py, or a
misspelt field name), given its scope (scope.py), its year (years.py) and its
qualifier, and emitted (emit.py); ruled tables read by column (tables.py). Figures
no field claims are kept as unlabelled quantities.
"""

from __future__ import annotations

from ..grammar import heading_marker, sentences
from ..models import Parameter, Quantity, Section
from ..normalize import matchable
from .binding import Decision, Outcome, bind, restates
from .context import DocumentContext, Sentence
from .cues import Cue, cues_in
from .emit import dedupe, emit, loose, phrases
from .quantities import find_quantities
from .scope import scope_sources
from .tables import table_parameters, tables
from .years import effective_year, section_effective_years, year_source


def extract_parameters(
    source: str, paragraphs, sections: tuple[Section, ...], policy_year: int | None, table_rows=(), trace: list | None = None
) -> tuple[tuple[Parameter, ...], tuple[Quantity, ...]]:
    """Parameters and unlabelled quantities of one document's body paragraphs and tables.

    Matching runs on the text with widths folded (same offsets); evidence is cut from ``source``.
    ``trace``, a list, receives for ``explain`` the binder's decision on each figure
    (binding.Decision), each followed by what became of it (binding.Outcome).
    """
    doc = DocumentContext(matchable(source), source, sections, policy_year, trace)
    params: list[Parameter] = []
    unclaimed: list[Quantity] = []
    effective = section_effective_years(doc.text, sections)
    for para in paragraphs:
        fallback = next((y for s, y in effective if s.span.start <= para.start < s.span.end), policy_year)
        found, left = _paragraph(doc, para, fallback)
        params.extend(found)
        unclaimed.extend(left)
    params.extend(phrases(doc, paragraphs))
    for table in tables(table_rows):
        found, left = table_parameters(doc, table)
        params.extend(found)
        unclaimed.extend(left)
    return dedupe(params), tuple(unclaimed)


def _paragraph(doc: DocumentContext, para, fallback: int | None) -> tuple[list[Parameter], list[Quantity]]:
    """One paragraph: its figures found once, then read sentence by sentence."""
    text = doc.text
    heading = _heading(text, para.start, para.end)
    in_paragraph = find_quantities(text, para.start, para.end, doc.policy_year, folded=True)
    params: list[Parameter] = []
    unclaimed: list[Quantity] = []
    carry = None
    for s_start, s_end in sentences(text, para.start, para.end):
        quantities = tuple(q for q in in_paragraph if s_start <= q.start < s_end)
        if quantities:
            sentence = Sentence(s_start, s_end, text[para.start : s_start], heading, quantities, carry, fallback)
            found, left = _sentence(doc, sentence)
            params.extend(found)
            unclaimed.extend(left)
        carry = effective_year(text, s_start, s_end) or carry
    return params, unclaimed


def _sentence(doc: DocumentContext, sentence: Sentence) -> tuple[list[Parameter], list[Quantity]]:
    """Bind each figure of a sentence; a figure in brackets right after another restates it (90%（315元））."""
    cues = cues_in(doc, sentence.start, sentence.end)
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
    doc.trace.append(Outcome(q, sentence, cue, tuple(emitted), left, reason, scopes, year_source(doc, sentence, q)))


def _heading(text: str, para_start: int, para_end: int) -> str:
    """The heading title a paragraph opens with (up to its first 。), or ""."""
    content = text[para_start:para_end]
    if not heading_marker(content):
        return ""
    stop = content.find("。")
    return content if stop < 0 else content[:stop]
