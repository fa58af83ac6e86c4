"""Cue finding: the words of a sentence that name a field, exact (the patterns, on jieba's
words) or misspelt (rapidfuzz over the clause before a figure: 人均财政补肋标准, 普通门诊统等).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..grammar import CLAUSE_OR_SENTENCE, after_last
from .catalog import FieldRule, catalog
from .context import DocumentContext, Sentence
from .quantities import Candidate

FUZZY_SCORE = 80  # one character in six misread
# How far before a figure a misspelt name is looked for: a cue reaches 60 characters, and a clause
# of a notice is shorter than this; a clause of a damaged file can be a million characters, which
# rapidfuzz would align every phrase against for every figure.
FUZZY_REACH = 200


@dataclass(frozen=True)
class Cue:
    """Words naming a field: where they stand, the field, and the pattern that found them."""

    rule: FieldRule
    start: int
    end: int
    pattern: str  # the pattern id (the rule id of what it binds), or <field>#fuzzy<n>
    position: str  # before / after (the figure); heading: the title of the figure's section
    fuzzy: bool = False


def cues_in(doc: DocumentContext, start: int, end: int) -> list[Cue]:
    """The exact cues of text[start:end], in order."""
    cues = catalog().cues
    out = []
    for w in doc.words(start, end):
        found = cues.get(w.id)
        if found is not None:
            out.append(Cue(found.rule, w.start, w.end, w.id, found.position))
    return out


def cue_before(doc: DocumentContext, start: int, end: int) -> bool:
    """Whether an exact cue stands in text[start:end]: ``bool(cues_in(doc, start, end))``.

    Asked of the paragraph before each sentence (one start, growing ends), it reads on from
    where it last stopped: words are found sentence by sentence, so a word that ends past that
    point starts at the earliest in the sentence that holds the point."""
    key = ("cue before", start)
    checked = doc.memo(key, lambda: [start, False])  # [read up to, found]
    if checked[1] and end >= checked[0]:
        return True
    if end < checked[0]:
        return bool(cues_in(doc, start, end))
    from_ = max(start, doc.sentence_start(checked[0] - 1)) if checked[0] > start else start
    checked[:] = [end, bool(cues_in(doc, from_, end))]
    return checked[1]


def heading_cues(doc: DocumentContext, sentence: Sentence, q: Candidate) -> list[Cue]:
    """Cues of what the figure's paragraph stands under: the clause that opened the list it is
    an item of (…支付限额调整为： ⏎ 甲类1000元；, or ⏎ （一）一般居民：每人每年400元；), else, when that
    clause names no field, the title of the innermost section holding it, when the figure is not in
    that title (一、个人缴费标准 ⏎ 一档每人每年200元)."""
    if sentence.lead is not None:
        found = _named_above(doc, *sentence.lead)
        if found:
            return found
    section = doc.section_at(q.start)
    if section is None or section.title_span.start <= q.start <= section.title_span.end:
        return []
    return _named_above(doc, section.title_span.start, section.title_span.end)


def _named_above(doc: DocumentContext, start: int, end: int) -> list[Cue]:
    """The field names of text[start:end] (a lead clause or a section title) as heading cues."""
    return [Cue(c.rule, c.start, c.end, c.pattern, "heading") for c in cues_in(doc, start, end)
            if c.position == "before" and not c.rule.each]


def fuzzy_cues(doc: DocumentContext, q: Candidate, sentence: Sentence, exact: list[Cue]) -> list[Cue]:
    """Misspelt field names in the clause before the figure, best score first.

    The clause must hold the whole name (misspelt, not a piece of it); where an exact cue of
    the same field stands, the exact one has had its say, so the fuzzy match is not another try.
    """
    from rapidfuzz import fuzz

    text = doc.text
    clause_start = after_last(text, CLAUSE_OR_SENTENCE, max(sentence.start, q.start - FUZZY_REACH), q.start)
    clause = text[clause_start : q.start]
    if len(clause) < 4:
        return []
    found = []
    for rule in catalog().rules:
        if q.kind not in rule.kinds or not rule.fuzzy:
            continue
        for index, phrase in enumerate(rule.fuzzy):
            if len(clause) < len(phrase):
                continue
            aligned = fuzz.partial_ratio_alignment(phrase, clause, score_cutoff=FUZZY_SCORE)
            if aligned is None or aligned.dest_end - aligned.dest_start < len(phrase) - 1:
                continue
            start, end = clause_start + aligned.dest_start, clause_start + aligned.dest_end
            if any(c.rule.id == rule.id and c.start < end and start < c.end for c in exact):
                continue
            found.append((aligned.score, Cue(rule, start, end, f"{rule.id}#fuzzy{index}", "before", fuzzy=True)))
    found.sort(key=lambda pair: -pair[0])
    return [cue for _, cue in found]
