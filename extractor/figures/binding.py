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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Callable

from ..grammar import (
    CLAUSE_MARKS, CLAUSE_OR_COLON, COLON_MARKS, CONTINUES, DECREASE, FIGURE_JOINT, ITEM_MARKS, RESPECTIVELY_OR_EACH,
    after_last,
)
from .catalog import FieldRule, plausible, ranged
from .context import DocumentContext, Sentence, after_last_in, first_in, last_clause_end, match_width
from .cues import Cue, cue_before, fuzzy_cues, heading_cues
from .emit import emitted_fields
from .quantities import Candidate
from .scope import ordinal_value, scope_matches

_BRACKET = re.compile(r"[（(][^）)]{0,12}[）)]")
_FRAME_AGAIN = re.compile(r"[、，,；;]\s*对")  # 对A按X、对B按Y: a new item opens with the cue's 对 again
# 西部地区80%，中部地区60%; a figure's unit of count may stand between: 顺产800元/例，剖宫产…
_NEXT_ITEM = re.compile(r"\s*(?:/[\u4e00-\u9fff]{1,2})?\s*[、，,；;]")
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


# A figure is named by one of the cues nearest it: a sentence of a notice holds some fifteen cues
# at most, and seven stand nearer a figure than the one that names it. Where a sentence holds
# more (a damaged file: thousands), the binder tries this many, nearest first, and no more.
NEAREST_CUES = 64
# Up to this many cues in a sentence (every sentence of a notice) each is simply placed for each
# figure; beyond, they are tried nearest first (the same winner: tests/test_reliability_figures.py).
FEW_CUES = 16
# A window of text shorter than this is read directly; a longer one through the sentence's mark
# positions (found once a sentence, then bisected).
SHORT = 256


class CuesByPlace:
    """The cues of one sentence, in order, and sorted by where they stand for each kind of figure:
    those before a figure by their end, those after it by their start, so that the nearest are
    found by bisection and tried first."""

    def __init__(self, cues: list[Cue]):
        self.cues = cues
        self._kinds: dict[str, tuple] = {}
        self._placed: bool | None = None
        self._first: int | None = None

    def first_start(self) -> int | None:
        """Where the first cue starts (None: no cue)."""
        if self._first is None and self.cues:
            self._first = min(c.start for c in self.cues)
        return self._first

    def nearest(self, kind: str, q: Candidate):
        """(distance, order, cue) of the cues of ``kind`` that stand before ``q`` or after it, nearest
        first (the order as in placement: characters between; after the figure, half more)."""
        before, ends, after, starts = self._of_kind(kind)
        i = bisect_right(ends, q.start) - 1
        j = bisect_left(starts, q.end)
        while i >= 0 or j < len(after):
            back = q.start - before[i][1].end if i >= 0 else None
            ahead = after[j][1].start - q.end + 0.5 if j < len(after) else None
            if ahead is None or (back is not None and back < ahead):
                yield back, before[i][0], before[i][1]
                i -= 1
            else:
                yield ahead, after[j][0], after[j][1]
                j += 1

    def _of_kind(self, kind: str) -> tuple:
        if kind not in self._kinds:
            taking = [(order, c) for order, c in enumerate(self.cues) if kind in c.rule.kinds]
            # Before a figure the nearest is the one that ends last; after it, the one that starts first.
            before = sorted((p for p in taking if p[1].position == "before"), key=lambda p: (p[1].end, -p[0]))
            after = sorted((p for p in taking if p[1].position == "after"), key=lambda p: (p[1].start, p[0]))
            self._kinds[kind] = (before, [c.end for _, c in before], after, [c.start for _, c in after])
        return self._kinds[kind]

    def placed_anywhere(self) -> bool:
        """Whether every cue stands before or after its figures (none in a heading): only those
        can be tried nearest first."""
        if self._placed is None:
            self._placed = all(c.position in ("before", "after") for c in self.cues)
        return self._placed


def bind(doc: DocumentContext, sentence: Sentence, q: Candidate, cues: list[Cue] | CuesByPlace) -> Cue | None:
    """The cue that names this figure: the nearest fitting one before it, or right after it;
    else a misspelt field name that fits as well; else, in a sentence that names no field at
    all (nor does its paragraph before it), the one field named by the clause that opened its
    list or by its section's title. Traced into ``doc.trace`` when asked.

    ``cues``, the sentence's cues, may come as :class:`CuesByPlace`, made once a sentence."""
    by_place = cues if type(cues) is CuesByPlace else CuesByPlace(cues)
    cues = by_place.cues
    tracing = doc.trace is not None
    verdicts: list[Verdict] = []
    if len(cues) > FEW_CUES and not tracing and by_place.placed_anywhere():
        winner = _nearest_first(doc, sentence, q, by_place)
    else:
        winner = _nearest_fitting(doc, sentence, q, cues, verdicts if tracing else None)
    how = "cue" if winner else "none"
    if winner is None:
        fuzzy = fuzzy_cues(doc, q, sentence, cues)
        winner = _nearest_fitting(doc, sentence, q, fuzzy, verdicts if tracing else None)
        how = "fuzzy" if winner else "none"
    if winner is None and not named_in_sentence(doc, sentence, by_place):
        titled = [c for c in heading_cues(doc, sentence, q) if q.kind in c.rule.kinds]
        if len({c.rule.id for c in titled}) == 1 and not cue_before(doc, sentence.paragraph_start, sentence.start):
            winner = _nearest_fitting(doc, sentence, q, titled[-1:], verdicts if tracing else None)
            how = "heading" if winner else "none"
    if tracing:
        doc.trace.append(Decision(q, (sentence.start, sentence.end), tuple(verdicts), winner, how))
    return winner


def named_in_sentence(doc: DocumentContext, sentence: Sentence, cues: list[Cue] | CuesByPlace) -> bool:
    """Whether a cue stands in the sentence up to its last figure's clause (where cues can name
    its figures; explain reads further, binding does not)."""
    limit = last_clause_end(doc.text, sentence)
    if isinstance(cues, CuesByPlace):
        first = cues.first_start()
        return first is not None and first < limit
    return any(c.start < limit for c in cues)


def _nearest_first(doc, sentence: Sentence, q: Candidate, by_place: CuesByPlace) -> Cue | None:
    """_nearest_fitting when nobody reads the verdicts: the same winner, found by trying the cues
    nearest first and keeping the first that fits, NEAREST_CUES of them at most (and the others
    at the last distance tried), instead of placing every cue of the sentence for every figure.
    Cues at one distance are guarded in placement's order (priority, then order), all of them
    before a farther one."""
    topical: dict[str, bool] = {}
    tried = 0
    group: list = []  # (-priority, order, cue) placed at the distance being read
    at = None
    for distance, order, cue in by_place.nearest(q.kind, q):
        if distance != at:
            winner = _first_guarded(doc, sentence, q, group, topical)
            if winner is not None or tried >= NEAREST_CUES:
                return winner
            group, at = [], distance
        tried += 1
        if placement(doc, sentence, q, cue)[1] is None:
            group.append((-cue.rule.priority, order, cue))
    return _first_guarded(doc, sentence, q, group, topical)


def _first_guarded(doc, sentence: Sentence, q: Candidate, group: list, topical: dict) -> Cue | None:
    """The first cue of a group placed at one distance that passes the guards, in placement's order."""
    for _, _, cue in sorted(group, key=lambda item: item[:2]):
        if guard(doc, sentence, q, cue, topical) is None:
            return cue
    return None


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
    if cue.end - cue.start > 5 and any(
        o.kind == q.kind and cue.start < o.start and o.end <= cue.end for o in figures_near(doc, sentence, cue.start + 1, cue.end)
    ):
        return None, "holds a figure of its own (对原有120元的补助标准): it names that one"
    if cue.position == "before":
        if cue.end > q.start:
            return None, "stands after the figure"
        distance = q.start - cue.end
        between = text[cue.end : q.start] if distance <= SHORT else None
        if distance > rule.max_distance or (
            _has_mark(doc, sentence, ITEM_MARKS, cue.end, q.start) if between is None else any(mark in between for mark in ITEM_MARKS)
        ):
            if not (_opens_list(doc, sentence, cue) or parallel_item(doc, sentence, cue, q)):
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
        lead = sentence.lead or (cue.start, cue.end)
        on_topic = doc.memo(
            ("topical", rule.id, sentence.start, sentence.end, lead),
            lambda: is_topical(rule, doc.text[sentence.start : sentence.end], _in_context(doc, sentence, doc.text[lead[0] : lead[1]]),
                               sentence.heading),
        )
    else:
        # Once a sentence: a sentence of a thousand figures asks it of the same field a thousand times.
        if rule.id not in topical:
            key = (rule.id, sentence.start, sentence.end)
            if key not in doc.topical:
                doc.topical[key] = is_topical(rule, doc.text[sentence.start : sentence.end], _in_context(doc, sentence), sentence.heading)
            topical[rule.id] = doc.topical[key]
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
    if cue.position != "after" and DECREASE.search(doc.text[max(sentence.start, q.start - 12) : q.start]):
        return "a decrease (减少1个月, 降低50%): the field's new value is not written"
    return None


def is_topical(rule: FieldRule, sentence_text: str, context: str | Callable[[re.Pattern], bool], heading: str) -> bool:
    """Whether the sentence (or what precedes it in the paragraph) speaks of the field's topic;
    a field whose topic must head it (needs_heading) may also have it named earlier in the paragraph,
    unless the sentence itself holds one of the field's avoid-words (稳定住院待遇…支付比例70%).
    ``context`` is the text before the sentence, or a function that tells whether a pattern is found there.

    >>> from types import SimpleNamespace as R
    >>> rule = R(needs=re.compile("特困|低保"), needs_heading=None, avoid=None)
    >>> is_topical(rule, "资助标准为每人100元", "对低保对象", ""), is_topical(rule, "资助标准为每人100元", "对学生", "")
    (True, False)
    """
    in_context = context if callable(context) else (lambda pattern: pattern.search(context) is not None)
    if rule.needs and not (rule.needs.search(sentence_text) or in_context(rule.needs)):
        return False
    if rule.needs_heading and not (
        rule.needs_heading.search(heading)
        or rule.needs_heading.search(sentence_text)
        or (in_context(rule.needs_heading) and not (rule.avoid and rule.avoid.search(sentence_text)))
    ):
        return False
    return True


def _in_context(doc: DocumentContext, sentence: Sentence, after: str = "") -> Callable[[re.Pattern], bool]:
    """Whether a pattern is found in the paragraph before the sentence followed by ``after`` (the
    clause that opened the list, or the title): the paragraph is searched on from where the last
    sentence's search stopped (DocumentContext.found_before), not from its start again."""

    def found(pattern: re.Pattern) -> bool:
        width = match_width(pattern)
        if width is None:
            return pattern.search(sentence.context + after) is not None
        if doc.found_before(pattern, sentence.paragraph_start, sentence.start):
            return True
        # A match reaching into ``after`` starts at most its width before the sentence.
        tail = doc.text[max(sentence.paragraph_start, sentence.start - width) : sentence.start]
        return bool(after) and pattern.search(tail + after) is not None

    return found


def figures_near(doc: DocumentContext, sentence: Sentence, start: int, end: int) -> tuple[Candidate, ...]:
    """The sentence's figures among which those that start in [start, end) are: all of them where
    they are few, else those (found by bisection of their starts). Callers test the window."""
    quantities = sentence.quantities
    if len(quantities) < 16:
        return quantities
    starts = doc.memo(("starts", sentence.start, sentence.end), lambda: [o.start for o in quantities])
    return quantities[bisect_left(starts, start) : bisect_left(starts, end)]


def _inside(sentence: Sentence, start: int, end: int) -> bool:
    return sentence.start <= start <= end <= sentence.end


def _has_mark(doc: DocumentContext, sentence: Sentence, marks: str, start: int, end: int) -> bool:
    """Whether one of ``marks`` stands in text[start:end]."""
    if _inside(sentence, start, end):
        return first_in(doc.positions(marks, sentence.start, sentence.end), start, end) is not None
    return any(mark in doc.text[start:end] for mark in marks)


def _after_last(doc: DocumentContext, sentence: Sentence, marks: str, start: int, end: int) -> int:
    """grammar.after_last, from the sentence's mark positions where the window lies in it."""
    if end - start > SHORT and _inside(sentence, start, end):
        return after_last_in(doc, sentence, marks, start, end)
    return after_last(doc.text, marks, start, end)


def _opens_list(doc: DocumentContext, sentence: Sentence, cue: Cue) -> bool:
    """is_list_head, from the sentence's mark positions: a colon after the cue before any ；."""
    if sentence.end - cue.end <= SHORT or not _inside(sentence, cue.end, sentence.end):
        return is_list_head(doc.text, cue, sentence.end)
    colon = first_in(doc.positions(COLON_MARKS, sentence.start, sentence.end), cue.end, sentence.end)
    item = first_in(doc.positions(ITEM_MARKS, sentence.start, sentence.end), cue.end, sentence.end)
    return colon is not None and (item is None or colon < item)


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
    item_start = _after_last(doc, sentence, ITEM_MARKS, cue.end, q.start)
    cue_item_start = _after_last(doc, sentence, ITEM_MARKS, sentence.start, cue.start)
    if any(cue_item_start <= o.start < cue.start for o in figures_near(doc, sentence, cue_item_start, cue.start)):
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
        o for o in figures_near(doc, sentence, cue.end, q.start)
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
    if names_another(doc, cue, after_last(text, CLAUSE_MARKS, between[-1].end, q.start), q.start):
        return True  # …报销比例不低于60%，对特困人员起付标准降低50%: the figure's clause has a subject of its own
    if _NEXT_ITEM.match(gap) or FIGURE_JOINT.match(gap):
        for key in cue.rule.scopes:
            if scope_matches(doc, between[-1].end, q.start, key):
                return False
    return not parallel_clauses(doc, cue, between[-1], q)


def names_another(doc: DocumentContext, cue: Cue, start: int, end: int) -> bool:
    """Whether text[start:end] (the figure's own clause, up to it) holds the name of a field other than
    the cue's, of any kind: a figure after another field's name is about that field, not the cue's."""
    field = cue.rule.id
    return any(w.label == "cue" and w.id.partition("#")[0] != field for w in doc.words(start, end))


def parallel_clauses(doc: DocumentContext, cue: Cue, before: Candidate, q: Candidate) -> bool:
    """对一般县按…60%给予补助，对西部县按80%给予补助: the figure's clause opens with the word the clause
    of the figure before opened with, and each names its own value of one scope key of the cue's field:
    items of one list, the second as much the cue's as the first."""
    text = doc.text
    own = after_last(text, CLAUSE_MARKS, before.end, q.start)
    if own == before.end or not cue.rule.scopes:
        return False  # no clause mark between the two figures
    previous = after_last(text, CLAUSE_OR_COLON, cue.end, before.start)
    lead = text[own : own + 1]
    if not lead or lead != text[previous : previous + 1] or not ("\u4e00" <= lead <= "\u9fff"):
        return False
    for key in cue.rule.scopes:
        mine, theirs = scope_matches(doc, own, q.start, key), scope_matches(doc, previous, before.start, key)
        if mine and theirs and mine[0][2] != theirs[-1][2]:
            return True
    return False


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
