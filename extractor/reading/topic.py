"""The topic flag: is a document about resident basic medical insurance, or about something else?

A folder of notices collected by hand also holds what was picked up beside them: a school-fee
notice, a land notice, a pension or employee-insurance notice, a tender.  Their figures must not
stand in a comparison of resident insurance notices, so each document says what it is about, with
its evidence, and the store sets the others apart.

The terms and their weights are data/topic.toml: terms for the subject (城乡居民医保, 参保缴费 …)
and terms against it (养老保险, 学费, 征地, 招标, 职工医保 …).  The decision, in order:

1. the title alone, when its terms for and against differ by the title margin or more, either way;
2. else the whole document: its net score (for less against) reaches a floor, and is dense
   enough per 1000 characters — a short payment notice with no title passes on a few words, a long
   report that names the scheme in one paragraph does not.

Each place of the text counts for its longest term only (see topic.toml): one compiled pattern,
one pass per document.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..datafiles import TopicDecide, topic_file
from ..models import Span, Topic, TopicCue

RESIDENT, OTHER = "resident_medical_insurance", "other"


class Hits(NamedTuple):
    """How often a term occurs in a text, and where first (an offset of that text)."""

    count: int
    first: int


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[re.Pattern, dict[str, int], TopicDecide]:
    doc = topic_file()
    weights = doc.weights()
    # Longest first: an alternation takes the first term that matches at a place, so the longest,
    # and 职工医保 is never read as its 医保.
    return re.compile(trie_pattern(weights)), weights, doc.decide


def trie_pattern(terms) -> str:
    """One regular expression for a set of terms, as a trie (the engine tries a place's first
    character once, not once per term), each place taking its longest term.

    >>> trie_pattern(["医保", "医疗保险", "职工医保"])
    '(?:医(?:保|疗保险)|职工医保)'
    >>> re.findall(trie_pattern(["医保", "医保局"]), "市医保局和医保")
    ['医保局', '医保']
    """
    tree: dict = {}
    for term in terms:
        node = tree
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        # Longest first: a branch that goes on before stopping here.
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    return render(tree)


def tally(text: str, start: int = 0, end: int | None = None) -> dict[str, Hits]:
    """The terms of topic.toml in ``text[start:end]``, each place read as its longest term.

    >>> tally("职工医保和居民医保")
    {'职工医保': Hits(count=1, first=0), '居民医保': Hits(count=1, first=5)}
    >>> tally("参保缴费，参保缴费", 1)  # offsets stay those of the whole text
    {'参保缴费': Hits(count=1, first=5)}
    """
    pattern, _, _ = _vocabulary()
    counts: dict[str, int] = {}
    firsts: dict[str, int] = {}
    for m in pattern.finditer(text, start, len(text) if end is None else end):
        term = m.group()
        if term in counts:
            counts[term] += 1
        else:
            counts[term] = 1
            firsts[term] = m.start()
    return {term: Hits(n, firsts[term]) for term, n in counts.items()}


def net_score(hits: dict[str, Hits]) -> int:
    """Weights × counts, those against the subject negative.

    >>> net_score(tally("城乡居民医保参保缴费"))  # 6 + 3
    9
    >>> net_score(tally("职工医保参保缴费"))  # -6 + 3
    -3
    """
    _, weights, _ = _vocabulary()
    return sum(weights[term] * h.count for term, h in hits.items())


def _evidence(doc: dict[str, Hits], title: dict[str, Hits], resident: bool, keep: int) -> tuple[TopicCue, ...]:
    """The strongest terms: those of the deciding side first, then those of the title, then by weight × count."""
    _, weights, _ = _vocabulary()
    rows = []
    for term in dict.fromkeys([*doc, *title]):
        at = doc.get(term)
        count = at.count if at else title[term].count
        rows.append(((weights[term] > 0) != resident, term not in title, -abs(weights[term]) * count, term, at, count))
    rows.sort(key=lambda r: r[:4])
    # Models for the kept terms only; a title read off the page (an HTML field) may not be in
    # the text: no span then.
    return tuple(
        TopicCue(term=term, weight=weights[term], count=count, in_title=not untitled,
                 span=Span(start=at.first, end=at.first + len(term)) if at else None)
        for _, untitled, _, term, at, count in rows[:keep]
    )


def classify(text: str, start: int = 0, end: int | None = None, title: str | None = None) -> Topic:
    """What the document ``text[start:end]`` titled ``title`` is about.

    A title that names the scheme decides; one that names another matter decides the other way:

    >>> classify("正文从略。", title="关于做好城镇居民基本医疗保险缴费工作的通知").subject
    'resident_medical_insurance'
    >>> t = classify("正文从略。", title="关于做好城乡居民养老保险参保缴费工作的通知")
    >>> t.subject, t.basis, [(c.term, c.weight, c.in_title) for c in t.evidence]
    ('other', 'title', [('养老保险', -6, True), ('参保缴费', 3, True)])

    Without a title, a few words of a short payment notice are enough:

    >>> t = classify("即日起办理参保缴费，医保个人缴费标准为每人每年三百八十元。")
    >>> t.subject, t.basis, t.score, [(c.term, c.span.start) for c in t.evidence]
    ('resident_medical_insurance', 'body', 8, [('个人缴费标准', 12), ('参保缴费', 5), ('医保', 10)])
    >>> classify("本学期学费按原标准收取。").subject
    'other'
    """
    end = len(text) if end is None else end
    _, _, decide = _vocabulary()
    title_hits = tally(title) if title else {}
    doc_hits = tally(text, start, end)
    score = net_score(doc_hits)
    density = round(score * 1000 / max(end - start, 1), 1)
    title_score = net_score(title_hits)
    if abs(title_score) >= decide.title_margin:
        resident, basis = title_score > 0, "title"
    else:
        resident, basis = score >= decide.min_score and density >= decide.min_density, "body"
    return Topic(
        subject=RESIDENT if resident else OTHER, basis=basis, score=score, density=density,
        evidence=_evidence(doc_hits, title_hits, resident, decide.evidence),
    )
