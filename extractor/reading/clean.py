"""Raw text → cleaned text with a map back to the source.

One paragraph a line in the body (hard wraps and page breaks joined), one
line a line in the header and closing blocks, table rows as tab-separated
cells.  Every kept character is a source character: ``segments`` say where
each run came from, so any span can be shown in the original.

The stages match on ``view``, the cleaned text with traditional characters read as simplified
(normalize.simplified: one for one, so every span of the view is the same span of the text);
the text itself keeps the characters the notice was written in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from .layout import DocLayout, Line, layout, read_lines
from ..normalize import simplified
from ..readers.base import RawText


class Range(NamedTuple):
    """``[start, end)`` in the cleaned text (the models' Range, without validation cost)."""

    start: int
    end: int


@dataclass(frozen=True)
class DocText:
    """A document's parts as spans of the cleaned text."""

    layout: DocLayout
    span: Range
    header: Range | None
    title: Range | None
    doc_number: Range | None
    addressee: Range | None
    body: Range
    closing: Range | None
    attachments: Range | None
    header_lines: tuple[Range, ...]
    closing_lines: tuple[Range, ...]
    paragraphs: tuple[Range, ...]  # body paragraphs; table rows are not among them
    table_rows: tuple[Range, ...]
    source_lines: dict  # cleaned start of a header/closing line → the line with its spacing


@dataclass(frozen=True)
class CleanText:
    text: str
    segments: tuple[tuple[int, int, int], ...]  # (clean, source, length)
    documents: tuple[DocText, ...]
    lines: tuple[Line, ...]  # as the layout read them: in the view's characters
    view: str  # the text as the stages match it: traditional characters as simplified, same offsets
    fields: dict  # the file's own fields (an HTML page's title, issuers …) in the view's characters


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.segments: list[list[int]] = []  # [clean, source, length]

    def copy(self, source: str, start: int, end: int) -> None:
        if end <= start:
            return
        last = self.segments[-1] if self.segments else None
        if last and last[0] + last[2] == self.length and last[1] + last[2] == start:
            last[2] += end - start
        else:
            self.segments.append([self.length, start, end - start])
        self.parts.append(source[start:end])
        self.length += end - start

    def insert(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def line(self, source: str, line: Line) -> Range:
        start = self.length
        for a, b in line.pieces:
            self.copy(source, a, b)
        return Range(start, self.length)

    def text(self) -> str:
        return "".join(self.parts)


def _spans_range(spans: list[Range]) -> Range | None:
    return Range(spans[0].start, spans[-1].end) if spans else None


def clean(raw: RawText) -> CleanText:
    """Clean a raw text and find its documents.

    >>> from extractor.readers.base import RawText
    >>> c = clean(RawText("关于做好工作的通知\\n各有关单位：\\n一、提高标准\\n人均财政补助标准达\\n—2—\\n到640元。\\n", "txt"))
    >>> print(c.text)
    关于做好工作的通知
    各有关单位：
    一、提高标准
    人均财政补助标准达到640元。
    <BLANKLINE>
    """
    source = raw.text
    reading = reading_view(raw)
    # The layout finds titles, addressees and closings by their words (关于, 各, 抄送) on the view;
    # the characters kept are copied from the source.
    lines = read_lines(reading)
    docs = layout(lines)
    out = _Builder()
    doc_texts = []
    for doc in docs:
        doc_start = out.length
        line_spans: dict[int, Range] = {}
        paragraphs: list[Range] = []
        rows: list[Range] = []
        source_lines = {}
        i = doc.start
        while i < doc.end:
            start = out.length
            span = out.line(source, lines[i])
            line_spans[i] = span
            j = i + 1
            while j < doc.end and j in doc.joins:
                line_spans[j] = out.line(source, lines[j])
                j += 1
            whole = Range(start, out.length)
            in_body = doc.body[0] <= i < doc.body[1]
            # A ruled table counts wherever it stands in the document: an attachment (附件) often
            # holds the table of the figures.
            if lines[i].table and (in_body or doc.attachments_start <= i < doc.end):
                rows.append(whole)
            elif in_body:
                paragraphs.append(whole)
            else:
                source_lines[start] = lines[i].source_line
            out.insert("\n")
            i = j

        def span_of(a: int, b: int) -> Range | None:
            spans = [line_spans[k] for k in range(a, b) if k in line_spans]
            return _spans_range(spans)

        header_end = doc.addressee[0] if doc.addressee else doc.header_end
        header_lines = tuple(line_spans[k] for k in range(doc.start, header_end) if k in line_spans)
        closing_lines = tuple(line_spans[k] for k in range(doc.closing_start, doc.attachments_start) if k in line_spans)
        body = span_of(*doc.body) or Range(out.length, out.length)
        doc_texts.append(
            DocText(
                layout=doc,
                span=Range(doc_start, out.length),
                header=span_of(doc.start, header_end),
                title=span_of(*doc.title_lines) if doc.title_lines else None,
                doc_number=line_spans.get(doc.doc_number_line) if doc.doc_number_line is not None else None,
                addressee=span_of(*doc.addressee) if doc.addressee else None,
                body=body,
                closing=span_of(doc.closing_start, doc.attachments_start),
                attachments=span_of(doc.attachments_start, doc.end),
                header_lines=header_lines,
                closing_lines=closing_lines,
                paragraphs=tuple(paragraphs),
                table_rows=tuple(rows),
                source_lines=source_lines,
            )
        )
    segments = tuple(tuple(seg) for seg in out.segments)
    text = out.text()
    # The map is one character for one: the view of the cleaned text is the cleaned view.
    view = text if reading is raw else simplified(text)
    return CleanText(
        text=text, segments=segments, documents=tuple(doc_texts), lines=tuple(lines), view=view, fields=reading.fields
    )


def reading_view(raw: RawText) -> RawText:
    """The raw text (and the file's fields) with traditional characters read as simplified, or
    ``raw`` itself when it has none.

    >>> view = reading_view(RawText("關於做好醫療保險工作的通知", "html", fields={"title": "關於通知"}))
    >>> view.text, view.fields
    ('关于做好医疗保险工作的通知', {'title': '关于通知'})
    >>> raw = RawText("关于做好医疗保险工作的通知", "txt"); reading_view(raw) is raw
    True
    """
    text = simplified(raw.text)
    fields = {key: simplified(value) if isinstance(value, str) else value for key, value in raw.fields.items()}
    if text is raw.text and all(fields[key] is raw.fields[key] for key in fields):
        return raw
    return replace(raw, text=text, fields=fields)
