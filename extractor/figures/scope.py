"""Scope: the scope words of a figure's clause (一般县, 学生儿童, 特困人员), lists of them
expanded (A、B和C), and 分别 pairing a list of groups with a list of figures in order.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..grammar import CLAUSE_MARKS, FIGURE_JOINT, ITEM_MARKS, LIST_JOINT, RESPECTIVELY, after_last
from .context import DocumentContext, Sentence
from .quantities import Candidate

# …研究生（以下简称“大学生”） names the group by its bracket: that one stays.
_BRACKETED = re.compile(r"(?<=[\u4e00-\u9fff])([（(])(?!以下简称|下称)[^（）()]{0,30}([）)])")


def scope_matches(doc: DocumentContext, start: int, end: int, key: str) -> list[tuple[int, int, str]]:
    """Scope values of ``key`` in text[start:end]: (start, end, value), longest first where they
    overlap. The figures of one sentence ask for the same windows again and again: answers are
    kept while the document is read."""
    return doc.memo((start, end, key), lambda: _scope_matches(doc, start, end, key))


def _scope_matches(doc: DocumentContext, start: int, end: int, key: str) -> list[tuple[int, int, str]]:
    prefix = key + "="
    # What a bracket adds (未成年人（含在校学生）) does not name another group.
    inside = [(m.start() + 1, m.end() - 1) for m in _BRACKETED.finditer(doc.text, start, end)]
    found = [
        (w.start, w.end, w.id[len(prefix) :].partition("#")[0])
        for w in doc.words(start, end)
        if w.label == "scope" and w.id.startswith(prefix) and not any(a <= w.start < b for a, b in inside)
    ]
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, str]] = []
    for item in found:
        if out and item[0] < out[-1][1]:
            if item[1] - item[0] > out[-1][1] - out[-1][0]:
                out[-1] = item
            continue
        out.append(item)
    return out


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
    window_start = after_last(text, ITEM_MARKS, sentence.start, q.start)
    combos: list[dict] = [{}]
    sources = []
    for key in scope_keys:
        window = (window_start, q.start)
        found = scope_matches(doc, window_start, q.start, key)
        chosen = nearest_list(text, found)
        how = "list" if len(chosen) > 1 else "nearest"
        # 分别: A、B … 分别 X、Y pairs A with X and B with Y.
        if len(chosen) > 1 and RESPECTIVELY.search(text, chosen[-1][1], q.start):
            listed = [o for o in sentence.quantities if o.kind == q.kind and chosen[-1][1] < o.start < sentence.end and not o.is_previous]
            run = figure_run(text, listed)
            if q in run and len(run) == len(chosen):
                chosen = [chosen[run.index(q)]]
                how = f"respectively: item {run.index(q) + 1} of {len(run)}"
        if not chosen and key == "population":
            # 按60%给予特困人员资助: a population may follow its figure within the clause.
            ends = [i for i in (text.find(c, q.end, sentence.end) for c in CLAUSE_MARKS) if i >= 0]
            clause_end = min(ends + [sentence.end])
            after = scope_matches(doc, q.end, clause_end, key)
            chosen = nearest_list(text, after[:1])
            if chosen:
                window, found, how = (q.end, clause_end), after, "after"
        if chosen:
            combos = [dict(c, **{key: item[2]}) for c in combos for item in chosen]
        else:
            how = "none"
        sources.append(ScopeSource(key, window, tuple(found), tuple(item[2] for item in chosen), how))
    return combos, tuple(sources)
