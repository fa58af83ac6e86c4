"""Scope: the scope words of a figure's clause (一般县, 学生儿童, 特困人员), lists of them
expanded (A、B和C), and 分别 pairing a list of groups with a list of figures in order.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from ..datafiles import scopes_file
from ..grammar import (
    ALL_OF, ANAPHORA, CLAUSE_MARKS, FIGURE_JOINT, ITEM_MARKS, KIN_SCOPES, LIST_JOINT, ORDINAL_SCOPES, RESPECTIVELY,
    SCOPES_AFTER, after_last, clause_end,
)
from .context import DocumentContext, Sentence
from .quantities import Candidate

# …研究生（以下简称“大学生”） names the group by its bracket: that one stays.
_BRACKETED = re.compile(r"(?<=[\u4e00-\u9fff])([（(])(?!以下简称|下称)[^（）()]{0,30}([）)])")


# How far back the scope words of a value read without the binder (a share statement, a phrase
# such as 不设起付标准) are looked for in its item or clause: an item of a notice is shorter; one
# of a damaged file can be a sentence of thousands of statements, each read back to its start.
SCOPE_REACH = 1000


def scope_matches(doc: DocumentContext, start: int, end: int, key: str) -> list[tuple[int, int, str]]:
    """Scope values of ``key`` in text[start:end]: (start, end, value), longest first where they
    overlap. The figures of one sentence ask for the same windows again and again: answers are
    kept while the document is read."""
    return doc.memo((start, end), lambda: _scope_words(doc, start, end)).get(key, [])


def _scope_words(doc: DocumentContext, start: int, end: int) -> dict[str, list[tuple[int, int, str]]]:
    """The scope words of text[start:end], by key (every key at once: the figures of a sentence
    ask for several keys over the same window)."""
    words = [w for w in doc.words(start, end) if w.label == "scope"]
    if not words:
        return {}
    keys = {w.id.partition("=")[0] for w in words}
    # What a bracket adds (未成年人（含在校学生）) does not name another group.
    inside = [(m.start() + 1, m.end() - 1) for m in _BRACKETED.finditer(doc.text, start, end)]
    return {key: _scope_matches(key, words, inside) for key in keys}


def _scope_matches(key: str, words, inside) -> list[tuple[int, int, str]]:
    """The scope words of one key among ``words`` (scope words), none inside a bracket of ``inside``
    nor inside a longer scope word, side by side ones joined, overlapping ones the longest kept.

    >>> from extractor.figures.words import Word
    >>> ws = [Word(0, 5, "scope", "population=low_income"), Word(5, 11, "scope", "age=60_plus"), Word(5, 9, "scope", "age=60_plus#2")]
    >>> _scope_matches("age", ws, []), _scope_matches("population", ws, [(0, 3)])
    ([(5, 11, '60_plus')], [])
    """
    prefix = key + "="
    if len(words) < 16:
        # A few words: each against every other.
        found = [
            (w.start, w.end, w.id[len(prefix) :].partition("#")[0])
            for w in words
            if w.id.startswith(prefix) and not any(a <= w.start < b for a, b in inside)
            and not any(o.start <= w.start and w.end <= o.end and o.end - o.start > w.end - w.start for o in words)
        ]
        return _merged(found)
    # ``words`` come as DocumentContext.words gives them, by start, the longer first: a word that
    # holds another stands before it, starting at most the longest word's length before its end
    # (a window of thousands of words is not read once per word). Brackets, found in order, do not
    # overlap: the one that may hold a word is the last that opens at or before it.
    longest = max(w.end - w.start for w in words) if words else 0
    opens = [a for a, _ in inside]
    found = []
    for i, w in enumerate(words):
        if not w.id.startswith(prefix):
            continue
        if opens:
            j = bisect_right(opens, w.start) - 1
            if j >= 0 and w.start < inside[j][1]:
                continue
        # A scope word inside a longer one of another key is part of that one's name:
        # 60周岁以上 in 低收入家庭60周岁以上老年人 names no age group.
        if _inside_longer(words, i, longest):
            continue
        found.append((w.start, w.end, w.id[len(prefix) :].partition("#")[0]))
    return _merged(found)


def _merged(found: list) -> list[tuple[int, int, str]]:
    """Scope words of one key, in order: overlapping ones the longest kept, side by side ones joined."""
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, str]] = []
    for item in found:
        if out and item[0] < out[-1][1]:
            if item[1] - item[0] > out[-1][1] - out[-1][0]:
                out[-1] = item
            continue
        if out and item[0] == out[-1][1]:
            # 70周岁以上老年人: two words of one key side by side are one name; the first narrows it.
            out[-1] = (out[-1][0], item[1], out[-1][2])
            continue
        out.append(item)
    return out


def _inside_longer(ordered: list, i: int, longest: int) -> bool:
    """Whether word ``i`` of ``ordered`` (by start, the longer first) lies inside a longer word:
    one of those before it that start no more than ``longest`` characters before its end."""
    w = ordered[i]
    for j in range(i - 1, -1, -1):
        o = ordered[j]
        if o.start < w.end - longest:
            return False
        if o.end >= w.end and o.end - o.start > w.end - w.start:
            return True
    return False


def nearest_scopes(doc: DocumentContext, start: int, end: int, keys) -> dict[str, str]:
    """For each key, the value of its scope word nearest the end of text[start:end] (keys without
    one are left out): the scope of a value written without a figure of its own.

    >>> from types import SimpleNamespace as D
    >>> doc = D(memo=lambda key, compute: {"county_type": [(0, 3, "general")]})
    >>> nearest_scopes(doc, 0, 9, ["county_type", "region_class"])
    {'county_type': 'general'}
    """
    scope = {}
    for key in keys:
        found = scope_matches(doc, start, end, key)
        if found:
            scope[key] = found[-1][2]
    return scope


def nearest_list(text: str, matches: list) -> list:
    """The match nearest the figure, with the ones listed before it: A、B和C.

    >>> nearest_list("甲、乙和丙每人", [(0, 1, "a"), (2, 3, "b"), (4, 5, "c")])
    [(0, 1, 'a'), (2, 3, 'b'), (4, 5, 'c')]
    >>> nearest_list("甲，另乙每人", [(0, 1, "a"), (3, 4, "b")])
    [(3, 4, 'b')]
    """
    if not matches:
        return []
    chosen = [matches[-1]]
    for item in reversed(matches[:-1]):
        if LIST_JOINT.match(text[item[1] : chosen[0][0]]):
            chosen.insert(0, item)
        else:
            break
    values: list = []
    for item in chosen:
        if item[2] not in [v[2] for v in values]:
            values.append(item)
    return values


def figure_run(text: str, listed: list[Candidate]) -> list[Candidate]:
    """Figures listed one after another: 80%、60% / 90%和70%."""
    if not listed:
        return []
    run = [listed[0]]
    for o in listed[1:]:
        if FIGURE_JOINT.fullmatch(text[run[-1].end : o.start]):
            run.append(o)
        else:
            break
    return run


def run_of(text: str, quantities, q: Candidate) -> list[Candidate]:
    """The run of listed figures of q's kind that holds q (itself alone when it is not listed).

    Runs are cut in order and the one that holds q kept (by identity: a dataclass compares every
    field), without reading past q's run."""
    same = [o for o in quantities if o.kind == q.kind and not o.is_previous]
    if len(same) < 16:
        while same:
            run = figure_run(text, same)
            if q in run:
                return run
            same = same[len(run) :]
        return [q]
    first = 0
    while first < len(same) and same[first].start <= q.start:
        last = first + 1
        while last < len(same) and FIGURE_JOINT.fullmatch(text[same[last - 1].end : same[last].start]):
            last += 1
        if any(o is q for o in same[first:last]):
            return same[first:last]
        first = last
    return [q]


def ordinal_value(text: str, quantities, q: Candidate, key: str) -> tuple[str, int, int] | None:
    """The value of ``key`` a figure takes by its place in a run closed by a count of grades:
    130元和320元两个缴费档次 → the second figure is grade_2. (value, place, run length) or None."""
    closing = ORDINAL_SCOPES.get(key)
    if closing is None:
        return None
    run = run_of(text, quantities, q)
    values = list(scopes_file().values(key))
    if len(run) < 2 or len(run) > len(values) or not closing.match(text, run[-1].end):
        return None
    place = run.index(q)
    return values[place], place + 1, len(run)


def own_clause(doc: DocumentContext, sentence: Sentence, scope_keys, q: Candidate) -> dict[str, int]:
    """Scope key → where its words are looked for: the figure's ；-item, or, when the figure's own
    clause opens with a scope word of that key or of a kin key (grammar.toml kin_scopes), that clause
    alone: it names its own group (低保对象个人缴费标准为100元 after 一般居民…410元，), and the groups of
    the clauses before do not carry; the words of other keys carry from the item (成年居民…A档400元，
    B档700元: B档 opens its clause, 成年居民 still holds)."""
    text = doc.text
    item_start = after_last(text, ITEM_MARKS, sentence.start, q.start)
    clause_start = after_last(text, CLAUSE_MARKS, item_start, q.start)
    opened: set[str] = set()
    if clause_start > item_start:
        for key in scope_keys:
            found = scope_matches(doc, clause_start, q.start, key)
            if found and not text[clause_start : found[0][0]].strip():
                earlier = scope_matches(doc, item_start, found[0][1], key)
                listed = nearest_list(text, earlier)
                repeated = any(e[2] == found[0][2] for e in earlier if e[1] <= clause_start)
                # Not the last item of a list begun before (A、B，C的…), unless it names again a group
                # announced before (分为低档和高档，低档每人…).
                if repeated or listed[0][0] >= clause_start:
                    opened |= KIN_SCOPES.get(key, {key})
    return {key: clause_start if key in opened else item_start for key in scope_keys}


class ScopeSource(NamedTuple):
    """Where one scope key of a figure came from, for ``explain``."""

    key: str
    window: tuple[int, int]  # the text searched: the figure's item, up to the figure (or after it)
    found: tuple  # the scope words of the key in the window: (start, end, value)
    chosen: tuple[str, ...]  # the values taken: one parameter each
    how: str  # none, nearest, list, respectively, after


def scopes_for(doc: DocumentContext, sentence: Sentence, scope_keys, q: Candidate) -> list[dict]:
    """One scope dict per parameter: lists of scope values multiply, 分别 pairs in order."""
    return scope_sources(doc, sentence, scope_keys, q)[0]


def scope_sources(
    doc: DocumentContext, sentence: Sentence, scope_keys, q: Candidate
) -> tuple[list[dict], tuple[ScopeSource, ...]]:
    """The scope dicts of ``scopes_for`` and, for each key, where its values came from: the
    nearest scope word of the window, a list of them (A、B和C: one parameter each), the item
    分别 pairs with this figure, or a population after the figure (按60%给予特困人员资助)."""
    text = doc.text
    starts = own_clause(doc, sentence, scope_keys, q)
    combos: list[dict] = [{}]
    sources = []
    anaphoric: dict[int, bool] = {}  # window start → whether 以上…人群 stands in it; asked when a key found nothing
    for key in scope_keys:
        window_start = starts[key]
        window = (window_start, q.start)
        found = scope_matches(doc, window_start, q.start, key)
        chosen = nearest_list(text, found)
        how = "list" if len(chosen) > 1 else "nearest"
        if len(chosen) == 1 and ALL_OF is not None:
            # 低档…350元，高档…680元，财政补助标准均为700元: each value the item named, where the
            # figure's own clause names none and says 均为.
            clause = after_last(text, CLAUSE_MARKS, window_start, q.start)
            values = list(dict.fromkeys(item[2] for item in found))
            if len(values) > 1 and chosen[0][1] <= clause and ALL_OF.search(text, clause, q.start):
                chosen = [next(item for item in found if item[2] == v) for v in values]
                how = "all of the item's (均为)"
        # 分别: A、B … 分别 X、Y pairs A with X and B with Y.
        if len(chosen) > 1 and RESPECTIVELY.search(text, chosen[-1][1], q.start):
            listed = [o for o in sentence.quantities if o.kind == q.kind and chosen[-1][1] < o.start < sentence.end and not o.is_previous]
            run = figure_run(text, listed)
            if q in run and len(run) == len(chosen):
                chosen = [chosen[run.index(q)]]
                how = f"respectively: item {run.index(q) + 1} of {len(run)}"
        if not chosen and key in SCOPES_AFTER:
            # 按60%给予特困人员资助, …至2月29日为延长缴费期: the word may follow its figure within the clause.
            ends = clause_end(text, q.end, sentence.end)
            after = scope_matches(doc, q.end, ends, key)
            chosen = nearest_list(text, after[:1])
            if chosen:
                window, found, how = (q.end, ends), after, "after"
        if not chosen and window_start not in anaphoric:
            anaphoric[window_start] = ANAPHORA is not None and ANAPHORA.search(text, window_start, q.start) is not None
        if not chosen and anaphoric[window_start]:
            # 以上六种特殊人群的参合率100%: the groups named earlier in the paragraph.
            before = (sentence.paragraph_start, sentence.start)
            earlier = scope_matches(doc, before[0], before[1], key)
            chosen = [item for i, item in enumerate(earlier) if item[2] not in [e[2] for e in earlier[:i]]]
            if chosen:
                window, found, how = before, earlier, "named again (以上…人群): the groups listed earlier in the paragraph"
        if not chosen:
            ordinal = ordinal_value(text, sentence.quantities, q, key)
            if ordinal is not None:
                chosen = [(q.start, q.end, ordinal[0])]
                how = f"in order: figure {ordinal[1]} of {ordinal[2]} before the count of grades"
        if chosen:
            combos = [dict(c, **{key: item[2]}) for c in combos for item in chosen]
        else:
            how = "none"
        sources.append(ScopeSource(key, window, tuple(found), tuple(item[2] for item in chosen), how))
    return combos, tuple(sources)
