"""What the binder knows while it reads one document: the text, its sections, the words
found so far, and (for ``explain``) the trace of its decisions.

One :class:`DocumentContext` per document and nothing at module level, so two threads
(two app sessions) can read two notices at once.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

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
    _marks: list[int] | None = None
    _words: dict[int, tuple[int, tuple[Word, ...]]] = field(default_factory=dict)  # sentence start → (read up to, words)
    _scopes: dict[tuple, list] = field(default_factory=dict)

    def words(self, start: int, end: int) -> list[Word]:
        """The pattern matches (cue and scope words) inside text[start:end].

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
                read = self._words[s_start] = (upto, find(text, s_start, upto))
            out.extend(w for w in read[1] if start <= w.start and w.end <= end)
            position = s_end
        return out

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


def last_clause_end(text: str, sentence: "Sentence") -> int:
    """The end of the clause that holds the sentence's last figure (its mark included): words
    after it name none of the sentence's figures (a cue after a figure stands in its clause,
    one before it ends before it)."""
    end = clause_end(text, sentence.quantities[-1].end, sentence.end)
    return end + 1 if end < sentence.end else end


@dataclass(frozen=True)
class Sentence:
    """A sentence that holds figures, with what the binder reads around it."""

    start: int
    end: int
    context: str  # the paragraph before the sentence: a field's topic word may stand there
    heading: str  # the paragraph's heading title, for fields whose topic must head it
    quantities: tuple[Candidate, ...]
    carry: int | None  # the year an earlier 自X年起实施 of the paragraph set
    fallback: int | None  # the section's effective year, else the policy year
    lead: tuple[int, int] | None = None  # the clause that opens the list this paragraph is an item of (…调整为：)

    @property
    def paragraph_start(self) -> int:
        """Where the sentence's paragraph begins (the context is the paragraph before it)."""
        return self.start - len(self.context)
