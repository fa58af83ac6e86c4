"""Binding: which cue names a figure.

Each cue of the sentence is placed against the figure (the right kind of quantity, before
it within the field's reach or right after it in the same clause); the nearest placed cue
that passes the guards wins: the field's topic words (needs), its avoid-words, and no
figure of the same kind standing between cue and figure (unless listed, restated or
going on). Misspelt cues (rapidfuzz) pass the same placement and guards.

Every decision can be traced (``explain``): each cue with its distance and the reason
it lost, or that it won.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..grammar import (
    CLAUSE_MARKS, CLAUSE_OR_COLON, COLON_MARKS, CONTINUES, FIGURE_JOINT, ITEM_MARKS, RESPECTIVELY_OR_EACH, after_last,
)
from .catalog import FieldRule, plausible, ranged
from .context import DocumentContext, Sentence, last_clause_end
from .cues import Cue, cues_in, fuzzy_cues, heading_cues
from .emit import emitted_fields
from .quantities import Candidate
from .scope import ordinal_value, scope_matches

_BRACKET = re.compile(r"[（(][^）)]{0,12}[）)]")
_FRAME_AGAIN = re.compile(r"[、，,；;]\s*对")  # 对A按X、对B按Y: a new item opens with the cue's 对 again
_NEXT_ITEM = re.compile(r"\s*(?:/[人年])?\s*[、，,；;]")  # 西部地区80%，中部地区60%
_OPENS_BRACKET = re.compile(r"\s*[（(]\s*")  # between a figure and the one that restates it: 90%（315元）


@dataclass(frozen=True)
class Verdict:
    """How one cue fared against one figure: its distance, and why it lost (None: it fits)."""

    cue: Cue
    distance: float | None
    reason: str | None


@dataclass(frozen=True)
class Decision:
    """The binder's decision on one figure, kept for ``explain``."""

    figure: Candidate
    sentence: tuple[int, int]
    verdicts: tuple[Verdict, ...]
    winner: Cue | None
    how: str  # cue, fuzzy, heading, restated, none; previous (the X of 由X提高到Y, not bound)


@dataclass(frozen=True)
class Outcome:
    """What became of one figure after its Decision, kept for ``explain``: the parameters
    emitted, or the quantity left unlabelled (and why, when a cue won); where the scope and
    the year came from (scope.scope_sources, years.year_source: what emission used)."""

    figure: Candidate
    sentence: Sentence
    cue: Cue | None
    parameters: tuple  # of models.Parameter
    unlabelled: object | None  # models.Quantity
    reason: str | None  # why a winning cue gave nothing, or why the figure was not bound
    scopes: tuple = ()  # of scope.ScopeSource, one per scope key of the cue's field
    year: tuple | None = None  # (year, where it came from)


def bind(doc: DocumentContext, sentence: Sentence, q: Candidate, cues: list[Cue]) -> Cue | None:
    """The cue that names this figure: the nearest fitting one before it, or right after it;
    else a misspelt field name that fits as well; else, in a sentence that names no field at
    all (nor does its paragraph before it), the one field named by the clause that opened its
    list or by its section's title. Traced into ``doc.trace`` when asked."""
    tracing = doc.trace is not None
    verdicts: list[Verdict] = []
    winner = _nearest_fitting(doc, sentence, q, cues, verdicts if tracing else None)
    how = "cue" if winner else "none"
    if winner is None:
        fuzzy = fuzzy_cues(doc, q, sentence, cues)
        winner = _nearest_fitting(doc, sentence, q, fuzzy, verdicts if tracing else None)
        how = "fuzzy" if winner else "none"
    if winner is None and not named_in_sentence(doc, sentence, cues):
        titled = [c for c in heading_cues(doc, sentence, q) if q.kind in c.rule.kinds]
        if len({c.rule.id for c in titled}) == 1 and not cues_in(doc, sentence.paragraph_start, sentence.start):
            winner = _nearest_fitting(doc, sentence, q, titled[-1:], verdicts if tracing else None)
            how = "heading" if winner else "none"
    if tracing:
        doc.trace.append(Decision(q, (sentence.start, sentence.end), tuple(verdicts), winner, how))
    return winner


def named_in_sentence(doc: DocumentContext, sentence: Sentence, cues: list[Cue]) -> bool:
    """Whether a cue stands in the sentence up to its last figure's clause (where cues can name
    its figures; explain reads further, binding does not)."""
    limit = last_clause_end(doc.text, sentence)
    return any(c.start < limit for c in cues)


def _nearest_fitting(doc, sentence: Sentence, q: Candidate, cues: list[Cue], verdicts: list | None) -> Cue | None:
    """Cues placed by distance (then priority, then order); the first that passes the guards."""
    placed = []
    for order, cue in enumerate(cues):
        if verdicts is None and q.kind not in cue.rule.kinds:
            continue  # the commonest loss: no reason to word when nobody reads it
        distance, reason = placement(doc, sentence, q, cue)
        if reason is not None:
            if verdicts is not None:
                verdicts.append(Verdict(cue, distance, reason))
            continue
        placed.append((distance, -cue.rule.priority, order, cue))
    placed.sort(key=lambda item: item[:3])
    topical: dict[str, bool] = {}
    winner = None
    for distance, _, _, cue in placed:
        if winner is not None:
            if verdicts is None:
                break
            verdicts.append(Verdict(cue, distance, "a nearer cue won"))
            continue
        reason = guard(doc, sentence, q, cue, topical)
        if verdicts is not None:
            verdicts.append(Verdict(cue, distance, reason))
        if reason is None:
            winner = cue
    return winner


def placement(doc: DocumentContext, sentence: Sentence, q: Candidate, cue: Cue) -> tuple[float | None, str | None]:
    """The cue's distance from the figure, or why it cannot name it where it stands."""
    rule, text = cue.rule, doc.text
    if q.kind not in rule.kinds:
        return None, f"wrong kind: takes {'/'.join(rule.kinds)}, not {q.kind}"
    if cue.position == "heading":
        return 0, None
    if cue.end - cue.start > 5 and any(o.kind == q.kind and cue.start < o.start and o.end <= cue.end for o in sentence.quantities):
        return None, "holds a figure of its own (对原有120元的补助标准): it names that one"
    if cue.position == "before":
        if cue.end > q.start:
            return None, "stands after the figure"
        distance = q.start - cue.end
        between = text[cue.end : q.start]
        if distance > rule.max_distance or any(mark in between for mark in ITEM_MARKS):
            if not (is_list_head(text, cue, sentence.end) or parallel_item(doc, sentence, cue, q)):
                far = "too far" if distance > rule.max_distance else "across a ；"
                return distance, f"{far} ({distance} characters, reach {rule.max_distance})"
        return distance, None
    if cue.start < q.end:
        return None, "stands before the figure"
    gap = _BRACKET.sub("", text[q.end : cue.start])
    distance = cue.start - q.end + 0.5
    if len(gap) > rule.after_gap or any(mark in gap for mark in CLAUSE_MARKS + "。"):
        return distance, f"too far after the figure (reach {rule.after_gap}, same clause)"
    return distance, None


def guard(doc: DocumentContext, sentence: Sentence, q: Candidate, cue: Cue, topical: dict) -> str | None:
    """Why a placed cue may not name the figure, or None."""
    rule = cue.rule
    if cue.position == "heading":
        # What the list or section stands under speaks of the topic too.
        lead = doc.text[sentence.lead[0] : sentence.lead[1]] if sentence.lead else doc.text[cue.start : cue.end]
        on_topic = is_topical(rule, doc.text[sentence.start : sentence.end], sentence.context + lead, sentence.heading)
    else:
        if rule.id not in topical:
            topical[rule.id] = is_topical(rule, doc.text[sentence.start : sentence.end], sentence.context, sentence.heading)
        on_topic = topical[rule.id]
    if not on_topic:
        return "off topic: the sentence lacks the field's topic words"
    if rule.avoid and rule.avoid.search(clause_chain(doc.text, cue, q, sentence.start)):
        return "avoided: the clause holds one of the field's avoid-words"
    if ranged(rule, q) and not all(plausible(f, q.unit, q.value) for f in emitted_fields(doc.text, sentence, q, cue)):
        doc.out_of_range.setdefault(q.start, rule)
        return "out of the field's plausible range (fields.toml [ranges]): another cue, or none"
    if rule.follows and cue.position == "before" and not rule.follows.match(doc.text, q.end):
        return "the words after the figure are not what the field's figure is followed by"
    if cue.position == "before" and blocked(doc, sentence, cue, q):
        return "blocked: a figure of the same kind stands between"
    return None


def is_topical(rule: FieldRule, sentence_text: str, context: str, heading: str) -> bool:
    """Whether the sentence (or what precedes it in the paragraph) speaks of the field's topic;
    a field whose topic must head it (needs_heading) may also have it named earlier in the paragraph,
    unless the sentence itself holds one of the field's avoid-words (稳定住院待遇…支付比例70%)."""
    if rule.needs and not (rule.needs.search(sentence_text) or rule.needs.search(context)):
        return False
    if rule.needs_heading and not (
        rule.needs_heading.search(heading)
        or rule.needs_heading.search(sentence_text)
        or (rule.needs_heading.search(context) and not (rule.avoid and rule.avoid.search(sentence_text)))
    ):
        return False
    return True


def is_list_head(text: str, cue: Cue, sentence_end: int) -> bool:
    """A cue that opens a list of figures: 筹资标准调整为：A…；B…；C…"""
    rest = text[cue.end : sentence_end]
    colon = min((i for i in (rest.find(c) for c in COLON_MARKS) if i >= 0), default=-1)
    item = min((i for i in (rest.find(c) for c in ITEM_MARKS) if i >= 0), default=len(rest))
    return 0 <= colon < item


def parallel_item(doc: DocumentContext, sentence: Sentence, cue: Cue, q: Candidate) -> bool:
    """A figure in a later item of a ；-list whose items open alike, with a scope word of the
    field, the first naming the field before any figure: 70周岁以上人员，个人缴费标准从480元调整为520元；
    60-69周岁人员从650元调整为690元 — the second item goes on with the field of the first.
    (老年人每人4660元，其中…个人缴费370元；学生儿童每人2010元: the cue is not the first item's head.)"""
    text = doc.text
    item_start = after_last(text, ITEM_MARKS, cue.end, q.start)
    cue_item_start = after_last(text, ITEM_MARKS, sentence.start, cue.start)
    if any(cue_item_start <= o.start < cue.start for o in sentence.quantities):
        return False
    for key in cue.rule.scopes:
        opening = scope_matches(doc, item_start, q.start, key)
        if opening and not text[item_start : opening[0][0]].strip() and scope_matches(doc, cue_item_start, cue.start, key):
            return True
    return False


def blocked(doc: DocumentContext, sentence: Sentence, cue: Cue, q: Candidate) -> bool:
    """A figure of the same kind between cue and figure takes the cue first, unless the
    figures are listed (分别/各, A、B), restated (90%（315元）), or go on (增加30元，达到640元),
    broken down in brackets (1050元（成年居民1100元…）), the next item repeats the cue's frame
    (对一类县按90元、对二类县按60元), or a new scope item opens it (自然分娩1000元、剖宫产2000元)."""
    text, quantities = doc.text, sentence.quantities
    between = [
        o for o in quantities
        if o is not q and o.kind == q.kind and cue.end <= o.start and o.end <= q.start and not o.is_previous
    ]
    if not between:
        return False
    if RESPECTIVELY_OR_EACH.search(text, cue.start, q.start) or in_pair(text, quantities, q) or continues(text, cue, q):
        return False
    opened = in_breakdown(text, between[0], q)
    if opened is not None and any(scope_matches(doc, opened, q.start, key) for key in cue.rule.scopes):
        return False
    if any(ordinal_value(text, quantities, q, key) for key in cue.rule.scopes):
        return False
    gap = text[between[-1].end : q.start]
    if "对" in text[cue.start : cue.end] and _FRAME_AGAIN.search(gap) and text[cue.end - 1] in gap.rpartition("对")[2]:
        return False  # the frame of the cue again: 对一类县按90元、对二类县按60元
    if _NEXT_ITEM.match(gap) or FIGURE_JOINT.match(gap):
        for key in cue.rule.scopes:
            if scope_matches(doc, between[-1].end, q.start, key):
                return False
    return True


def in_breakdown(text: str, total: Candidate, q: Candidate) -> int | None:
    """1050元（成年居民1100元，未成年居民900元）: where the bracket that opens right after a figure
    of its kind starts, when the figure stands inside it (the caller asks for a group's word
    there: 400元（其中用于大病保险的为20元） is a part, not a group's figure); else None.

    >>> from extractor.figures.quantities import Candidate as C
    >>> t = "标准为1050元（成年居民1100元，未成年居民900元）"
    >>> in_breakdown(t, C(3, 8, "money", 1050, "元", ""), C(13, 18, "money", 1100, "元", ""))
    9
    """
    opens = _OPENS_BRACKET.match(text, total.end)
    if opens is None:
        return None
    inside = text[opens.end() : q.start]
    return None if "）" in inside or ")" in inside else opens.end()


def continues(text: str, cue: Cue, q: Candidate) -> bool:
    """增加30元，上调至670元: the second figure goes on with the subject of the first
    (any verb of change of the grammar)."""
    return CONTINUES.search(text[cue.end : q.start]) is not None


def in_pair(text: str, quantities, q: Candidate) -> bool:
    """90%（315元）: the second figure restates the first."""
    return any(o.end <= q.start and _OPENS_BRACKET.fullmatch(text, o.end, q.start) for o in quantities)


def restates(text: str, first: Candidate, second: Candidate) -> bool:
    """The second figure, in brackets right after the first and of another kind, restates it."""
    return first.kind != second.kind and _OPENS_BRACKET.fullmatch(text, first.end, second.start) is not None


def clause_chain(text: str, cue: Cue, q: Candidate, s_start: int) -> str:
    """From the start of the cue's clause to the figure: where a field's avoid-words count
    (a cue in the section's title: the figure's clause)."""
    if cue.position == "heading":
        return text[after_last(text, CLAUSE_OR_COLON, s_start, q.start) : q.end]
    start = min(cue.start, q.start)
    end = max(cue.end, q.end)
    return text[after_last(text, CLAUSE_OR_COLON, s_start, start) : end]
