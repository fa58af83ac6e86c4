"""What every reader returns: the file's text, its pages and its tables."""

from __future__ import annotations

from dataclasses import dataclass, field

CELL_SEPARATOR = "\t"


@dataclass(frozen=True)
class RawTable:
    """Rows of a ruled table; ``start``/``end`` locate its lines in the raw text."""

    rows: tuple[tuple[str, ...], ...]
    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True)
class RawPage:
    number: int
    start: int
    end: int
    kind: str = "text"


@dataclass(frozen=True)
class RawText:
    """Text of a file before cleaning.

    ``fields`` holds what the file itself says about the notice outside the
    text (an HTML page's meta tags and info table: title, doc_number,
    issue_date, publish_date, issuers).
    """

    text: str
    format: str
    encoding: str | None = None
    pages: tuple[RawPage, ...] = ()
    tables: tuple[RawTable, ...] = ()
    fields: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


class TextAssembler:
    """Collects text pieces, pages and tables while keeping their offsets.

    >>> a = TextAssembler()
    >>> a.add_table([["县类型", "中央"], ["一般县", "384"]])
    >>> a.text()
    '县类型\\t中央\\n一般县\\t384\\n'
    >>> a.tables[0].start, a.tables[0].end
    (0, 15)
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pages: list[RawPage] = []
        self.tables: list[RawTable] = []

    def add(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)

    def ensure_newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.add("\n")

    def add_table(self, rows, page: int | None = None) -> None:
        clean_rows = tuple(
            # a cell's text wraps inside the cell: its pieces belong together
            tuple("".join((cell or "").split()) for cell in row)
            for row in rows
        )
        clean_rows = tuple(r for r in clean_rows if any(r))
        if not clean_rows:
            return
        self.ensure_newline()
        start = self.length
        for row in clean_rows:
            self.add(CELL_SEPARATOR.join(row) + "\n")
        self.tables.append(RawTable(rows=clean_rows, start=start, end=self.length, page=page))

    def add_page(self, number: int, start: int, kind: str = "text") -> None:
        self.pages.append(RawPage(number=number, start=start, end=self.length, kind=kind))

    def text(self) -> str:
        return "".join(self.parts)
