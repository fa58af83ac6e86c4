"""What the binder knows while it reads one document: the text, its sections, the words
found so far, and (for ``explain``) the trace of its decisions.

One :class:`DocumentContext` per document and nothing at module level, so two threads
(two app sessions) can read two notices at once.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ..grammar import SENTENCE_OR_LINE_END, clause_end
from ..models import Section
from .quantities import Candidate
from .words import Word, find


@dataclass
class DocumentContext:
    """One document being read: ``text`` is the matchable text (widths folded, same offsets
    as ``source``, from which evidence is cut)."""

    text: str
    source: str
    sections: tuple[Section, ...]
    policy_year: int | None
    trace: list | None = None  # decisions, kept when explain asks for them
    out_of_range: dict[int, object] = field(default_factory=dict)  # figure start → the FieldRule its value was out of range for
    refused: list = field(default_factory=list)  # quantities.Refused: figures whose number no notice states
    cut: list = field(default_factory=list)  # (start, figures, pieces) of each sentence read in pieces
    topical: dict = field(default_factory=dict)  # (field, sentence start, end) → whether it speaks of the field's topic
    _marks: list[int] | None = None
    # sentence start → (read up to, words, their starts once asked)
    _words: dict[int, tuple[int, tuple[Word, ...], list[int] | None]] = field(default_factory=dict)
    _scopes: dict[tuple, list] = field(default_factory=dict)
    _searched: dict[tuple, tuple[int, bool]] = field(default_factory=dict)  # see found_before

    def words(self, start: int, end: int) -> list[Word]:
        """The pattern matches (cue and scope words) inside text[start:end], by start, the longer first.

        jieba and the span ruler run once per sentence, on the sentences a figure or a
        phrase asks about; the windows the binder asks for are cut from those. A sentence
        is read only as far as first asked (the clause of its last figure: what follows names
        none of its figures), and read again whole if a later window reaches further."""
        if self._marks is None:
            self._marks = [m.end() for m in SENTENCE_OR_LINE_END.finditer(self.text)]
        marks, text = self._marks, self.text
        out = []
        position = start
        while position < end:
            i = bisect_right(marks, position)
            s_start = marks[i - 1] if i else 0
            s_end = marks[i] if i < len(marks) else len(text)
            read = self._words.get(s_start)
            if read is None or read[0] < min(end, s_end):
                upto = min(end, s_end) if read is None else s_end
                read = self._words[s_start] = (upto, find(text, s_start, upto), None)
            found = read[1]
            if len(found) > 32:
                # The words are in order of their starts: the window's are cut out, not sought among
                # all (a sentence of thousands of words is asked for one window per figure).
                starts = read[2]
                if starts is None:
                    starts = [w.start for w in found]
                    self._words[s_start] = (read[0], found, starts)
                found = found[bisect_left(starts, start) : bisect_left(starts, end)]
            out.extend(w for w in found if start <= w.start and w.end <= end)
            position = s_end
        return out

    def sentence_start(self, offset: int) -> int:
        """Where the sentence that holds ``offset`` starts, as words are read (sentence marks and
        line ends): no word found crosses it."""
        if self._marks is None:
            self._marks = [m.end() for m in SENTENCE_OR_LINE_END.finditer(self.text)]
        i = bisect_right(self._marks, offset)
        return self._marks[i - 1] if i else 0

    def positions(self, marks: str, start: int, end: int) -> list[int]:
        """The offsets, in order, of the characters of ``marks`` in text[start:end] (a sentence:
        the binder asks where the last ； before a figure stands, for every figure and cue)."""
        return self.memo(("positions", marks, start, end), lambda: [m.start() for m in _marks_pattern(marks).finditer(self.text, start, end)])

    def found_before(self, pattern: re.Pattern, start: int, end: int) -> bool:
        """Whether ``pattern`` matches inside text[start:end], as ``pattern.search(text[start:end])``.

        The binder asks it of the paragraph before each sentence (a field's topic word may stand
        there): one start, growing ends. Where the pattern's matches are short (words, no anchors),
        each answer reads on from where the last stopped, so a paragraph of many sentences is
        read once, not once per sentence."""
        width = match_width(pattern)
        state = self._searched.get((pattern, start))
        if width is None or state is None or end < state[0]:
            found = pattern.search(self.text[start:end]) is not None
        elif state[1] or end == state[0]:
            found = state[1]
        else:
            # A match that did not fit before state[0] ends after it: it starts at most `width` before.
            found = pattern.search(self.text[max(start, state[0] - width) : end]) is not None
        if state is None or end > state[0]:
            self._searched[(pattern, start)] = (end, found)
        return found

    def memo(self, key: tuple, compute):
        """``compute()`` once per key while this document is read (scope windows repeat)."""
        if key not in self._scopes:
            self._scopes[key] = compute()
        return self._scopes[key]

    def section_at(self, offset: int) -> Section | None:
        """The innermost section holding ``offset``."""
        found = None
        level = self.sections
        while level:
            inner = next((s for s in level if s.span.start <= offset < s.span.end), None)
            if inner is None:
                break
            found = inner
            level = inner.children
        return found

    def section_path(self, offset: int) -> str | None:
        """The path of the innermost section holding ``offset``."""
        section = self.section_at(offset)
        return section.path if section is not None else None


@lru_cache(maxsize=None)
def _marks_pattern(marks: str) -> re.Pattern:
    return re.compile(f"[{re.escape(marks)}]")


@lru_cache(maxsize=None)
def match_width(pattern: re.Pattern) -> int | None:
    """The longest text ``pattern`` can match, or None where that is unbounded or the pattern
    looks around its match (anchors, lookarounds, word boundaries), so that a search of a cut
    text could differ from a search of the whole.

    >>> match_width(re.compile("特困|低保|脱贫")), match_width(re.compile("退出(?:其他)?(?:制度|职工)")), match_width(re.compile("到.*位"))
    (2, 6, None)
    >>> match_width(re.compile("^住院")) is None, match_width(re.compile("(?<=门诊)报销")) is None
    (True, True)
    """
    if any(sign in pattern.pattern for sign in ("^", "$", "(?<", "(?=", "(?!", "\\b", "\\B", "\\A", "\\Z")):
        return None
    try:
        from re import _parser  # the parser re compiles with (Python 3.11+)

        low, high = _parser.parse(pattern.pattern, pattern.flags).getwidth()
    except Exception:  # another Python's internals: search the whole window
        return None
    return None if high >= _parser.MAXREPEAT else high


def last_in(positions: list[int], lo: int, hi: int) -> int | None:
    """The last offset of ``positions`` (in order) in [lo, hi), or None.

    >>> last_in([2, 5, 9], 0, 9), last_in([2, 5, 9], 0, 2), first_in([2, 5, 9], 3, 10)
    (5, None, 5)
    """
    i = bisect_left(positions, hi)
    return positions[i - 1] if i and positions[i - 1] >= lo else None


def first_in(positions: list[int], lo: int, hi: int) -> int | None:
    """The first offset of ``positions`` (in order) in [lo, hi), or None."""
    i = bisect_left(positions, lo)
    return positions[i] if i < len(positions) and positions[i] < hi else None


def after_last_in(doc: DocumentContext, sentence: "Sentence", marks: str, lo: int, hi: int) -> int:
    """grammar.after_last for a window of a sentence, from the sentence's mark positions: where
    the text after the last of ``marks`` in text[lo:hi] begins, ``lo`` when there is none."""
    at = last_in(doc.positions(marks, sentence.start, sentence.end), lo, hi)
    return lo if at is None else at + 1


def last_clause_end(text: str, sentence: "Sentence") -> int:
    """The end of the clause that holds the sentence's last figure (its mark included): words
    after it name none of the sentence's figures (a cue after a figure stands in its clause,
    one before it ends before it)."""
    end = clause_end(text, sentence.quantities[-1].end, sentence.end)
    return end + 1 if end < sentence.end else end


@dataclass(frozen=True)
class Sentence:
    """A sentence that holds figures, with what the binder reads around it (or a piece of a
    sentence too long to read whole: parameters.MAX_FIGURES)."""

    start: int
    end: int
    paragraph_start: int  # where its paragraph begins: the paragraph before the sentence is its context
    heading: str  # the paragraph's heading title, for fields whose topic must head it
    quantities: tuple[Candidate, ...]
    carry: int | None  # the year an earlier 自X年起实施 of the paragraph set
    fallback: int | None  # the effective year of its section (自X年起实施), if that section has one
    lead: tuple[int, int] | None = None  # the clause that opens the list this paragraph is an item of (…调整为：)
    text: str = field(default="", repr=False, compare=False)  # the document's text (not a copy)

    @property
    def context(self) -> str:
        """The paragraph before the sentence: a field's topic word may stand there. Cut when
        asked, not kept: the sentences of a long paragraph would each hold most of it."""
        return self.text[self.paragraph_start : self.start]
