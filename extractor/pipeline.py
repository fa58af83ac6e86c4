"""One file → :class:`Notice`: read, clean, find sections, read metadata and what each document is about."""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import __version__
from .figures.checks import reconsider, reconsidered, run_checks
from .figures.emit import as_quantity
from .reading.clean import clean
from .reading.metadata import extract_meta
from .figures.parameters import extract_parameters
from .models import Document, Notice, Page, Span, Table, Zones
from .normalize import as_written
from .readers import DEFAULT_MAX_BYTES, RawText, read_bytes
from .reading.sections import as_written as sections_as_written, build_sections
from .reading.topic import classify


def from_raw(raw: RawText, name: str, sha256: str = "", *, trace: list | None = None) -> Notice:
    """Build a notice from a reader's output.

    ``trace``, a list, receives for ``explain`` one list per document of the figures stage's
    records (figures.binding: Decision, then Outcome, for each figure of the body).

    The stages match on the view of the text, traditional characters read as simplified one for
    one (reading.clean); what the notice quotes keeps its own characters: the text, the evidence
    and sentences of the figures (the figures stage folds the text itself, normalize.matchable),
    the section titles and the title.  Names the notice is filed under (issuers, regions, 文号)
    are read off the view, so that 廣州市醫療保障局 and 广州市医疗保障局 are one issuer:

    >>> notice = from_raw(RawText("關於調整醫療保險個人繳費標準的通知\\n一、個人繳費標準為每人每年380元。\\n", "txt"), "t.txt")
    >>> doc = notice.documents[0]
    >>> doc.meta.title, doc.sections[0].title, [(p.field, p.value, p.sentence) for p in doc.parameters]
    ('關於調整醫療保險個人繳費標準的通知', '個人繳費標準為每人每年380元', [('contribution.individual', 380, '一、個人繳費標準為每人每年380元。')])
    """
    cleaned = clean(raw)
    text, view = cleaned.text, cleaned.view
    documents = []
    for doc in cleaned.documents:
        sections = build_sections(view, doc.paragraphs, doc.body.end)
        meta, warnings = extract_meta(doc, view, sections, cleaned.fields)
        topic = classify(view, doc.span.start, doc.span.end, meta.title)
        decisions = None if trace is None else []
        unbound: list = []
        parameters, quantities = extract_parameters(
            text, doc.paragraphs, sections, meta.policy_year, doc.table_rows, decisions, warnings=unbound
        )
        parameters, taken_out = reconsider(parameters, meta.policy_year)
        quantities = quantities + tuple(as_quantity(p, text) for p in taken_out)
        if trace is not None:
            trace.append(decisions)
        if view is not text:
            sections = sections_as_written(sections, text)
            pairs = [(view[doc.span.start : doc.span.end], text[doc.span.start : doc.span.end]),
                     (cleaned.fields.get("title"), raw.fields.get("title"))]
            meta = meta.model_copy(update={"title": as_written(meta.title, pairs)})
        documents.append(
            Document(
                meta=meta,
                topic=topic,
                sections=sections,
                parameters=parameters,
                quantities=quantities,
                checks=tuple(unbound) + reconsidered(taken_out) + run_checks(parameters, meta.policy_year),
                span=_span(doc.span),
                zones=Zones(
                    header=_span(doc.header), addressee=_span(doc.addressee), body=_span(doc.body), closing=_span(doc.closing),
                    attachments=_span(doc.attachments),
                ),
                warnings=tuple(warnings),
            )
        )
    tables = []
    row_spans = [s for d in cleaned.documents for s in d.table_rows]
    for table in raw.tables:
        inside = [s for s in row_spans if _maps_into(cleaned.segments, s, table.start, table.end)]
        span = Span(start=inside[0].start, end=inside[-1].end) if inside else Span(start=0, end=0)
        tables.append(Table(page=table.page, rows=table.rows, span=span))
    return Notice(
        source=name,
        format=raw.format,
        sha256=sha256,
        encoding=raw.encoding,
        extractor_version=__version__,
        documents=tuple(documents),
        text=text,
        source_text=raw.text,
        segments=cleaned.segments,
        pages=tuple(Page(number=p.number, start=p.start, end=p.end, kind=p.kind) for p in raw.pages),
        tables=tuple(tables),
        warnings=raw.warnings,
    )


def _span(r) -> Span | None:
    return None if r is None else Span(start=r.start, end=r.end)


def _maps_into(segments, span, start: int, end: int) -> bool:
    for at, source, length in segments:
        if at <= span.start < at + length:
            return start <= source + span.start - at < end
    return False


def extract_bytes(
    data: bytes, name: str, *, ocr: bool = False, max_bytes: int = DEFAULT_MAX_BYTES, trace: list | None = None
) -> Notice:
    raw = read_bytes(data, name, ocr=ocr, max_bytes=max_bytes)
    return from_raw(raw, Path(name).name, hashlib.sha256(data).hexdigest(), trace=trace)


def extract(path, *, ocr: bool = False, max_bytes: int = DEFAULT_MAX_BYTES, trace: list | None = None) -> Notice:
    """Read one notice file (.txt, .pdf, .html, .docx) into a typed, immutable record
    (``trace``: as :func:`from_raw`).

    Raises a subclass of :class:`extractor.errors.ExtractorError` for input it
    cannot read, naming the file as it was given and the reason:

    >>> extract("no/such/notice.pdf")
    Traceback (most recent call last):
    ...
    extractor.errors.UnreadableFileError: no/such/notice.pdf: no such file
    >>> extract(".")
    Traceback (most recent call last):
    ...
    extractor.errors.UnreadableFileError: .: the path is a folder, not a file: pass the files inside it
    """
    import os
    import stat

    from .errors import UnreadableFileError
    from .readers import check_size

    try:
        shown = os.fspath(path)  # errors name the file as the caller wrote it, not as Path rewrites it
        info = os.stat(path)
    except FileNotFoundError:
        raise UnreadableFileError(shown, "no such file") from None
    except PermissionError:
        raise UnreadableFileError(shown, "permission denied: the file cannot be read") from None
    except (OSError, TypeError, ValueError) as exc:  # ValueError: a NUL in the name
        raise UnreadableFileError(path, f"the file cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFileError(shown, "the path is a folder, not a file: pass the files inside it")
    if not stat.S_ISREG(info.st_mode):
        # A pipe or a device (/dev/zero) has no size and may never end.
        raise UnreadableFileError(shown, "not a regular file (a pipe or a device): save the content to a file first")
    check_size(info.st_size, max_bytes, shown)  # before reading: a huge file is never loaded
    try:
        with open(path, "rb") as handle:
            # A regular file within the limit: read whole (read_bytes checks the limit again).
            data = handle.read()
    except PermissionError:
        raise UnreadableFileError(shown, "permission denied: the file cannot be read") from None
    except OSError as exc:
        raise UnreadableFileError(shown, f"the file cannot be read ({exc.strerror or exc})") from None
    return extract_bytes(data, shown, ocr=ocr, max_bytes=max_bytes, trace=trace)
