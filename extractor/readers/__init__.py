"""Bytes → text with a page map: pick the reader by content first, name second."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    ExtractorError,
    FileTooLargeError,
    GarbledTextError,
    NotTextError,
    UnsupportedFormatError,
)
from . import gate
from .base import RawPage, RawTable, RawText

DEFAULT_MAX_BYTES = int(os.environ.get("MEDNOTICE_MAX_BYTES", 50 * 1024 * 1024))

EXTENSIONS = {
    ".txt": "txt", ".text": "txt",
    ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".docx": "docx",
}

READABLE = "the toolkit reads .txt, .pdf, .html/.htm and .docx"

# Formats people hand over by mistake, told by their first bytes: (magic, kind, name).
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image", "PNG"),
    (b"\xff\xd8\xff", "image", "JPEG"),
    (b"GIF87a", "image", "GIF"),
    (b"GIF89a", "image", "GIF"),
    (b"II*\x00", "image", "TIFF"),
    (b"MM\x00*", "image", "TIFF"),
    (b"\x1f\x8b", "archive", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "archive", "7z"),
    (b"Rar!\x1a\x07", "archive", "RAR"),
)

# The stream name an encrypted .docx/.xlsx keeps its content in, inside an OLE container.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

__all__ = ["RawPage", "RawTable", "RawText", "read_bytes", "sniff", "check_size", "DEFAULT_MAX_BYTES"]


def sniff(data: bytes, name: str) -> str:
    """The format of a file, from its first bytes, else from its name.

    >>> sniff(b"%PDF-1.7 ...", "notice.txt")
    'pdf'
    >>> sniff("<!DOCTYPE html><html>".encode(), "page")
    'html'
    >>> sniff("关于做好".encode(), "notice.txt")
    'txt'
    >>> sniff(b"\\x89PNG\\r\\n\\x1a\\n...", "notice.txt"), sniff(b"\\x1f\\x8b\\x08...", "notice.pdf")
    ('image', 'archive')
    """
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536] or name.lower().endswith(".docx"):
            return "docx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    for magic, kind, _ in MAGIC:
        if data.startswith(magic):
            return kind
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered:
        return "html"
    return EXTENSIONS.get(Path(name).suffix.lower(), "unknown")


def check_size(size: int, max_bytes: int, name) -> None:
    """Refuse a file over the limit before it is read or parsed.

    >>> check_size(2048, 1024, "big.pdf")
    Traceback (most recent call last):
    ...
    extractor.errors.FileTooLargeError: big.pdf: the file is 2,048 bytes, over the limit of 1,024 bytes; raise the limit with --max-mb (or MEDNOTICE_MAX_BYTES)
    """
    if size > max_bytes:
        raise FileTooLargeError(
            name,
            f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes; "
            "raise the limit with --max-mb (or MEDNOTICE_MAX_BYTES)",
        )


def _unsupported_reason(kind: str, data: bytes, name: str) -> str:
    """Say what the file is, when that is known, and what to make of it instead.

    >>> _unsupported_reason("zip", b"PK\\x03\\x04...xl/workbook.xml", "fees.xlsx")
    'an Excel workbook is not read: save the notice as .docx or PDF'
    >>> _unsupported_reason("unknown", b"\\x00\\x01", "notice.xyz")
    'unknown file type .xyz: the toolkit reads .txt, .pdf, .html/.htm and .docx; rename the file if it is one of these'
    """
    suffix = Path(name).suffix.lower()
    if kind == "ole":
        if suffix in (".xls", ".et"):
            return "old binary Excel files (.xls) are not read: save the notice as .docx or PDF"
        return "old binary Word/Excel files (.doc/.xls) are not read: save it as .docx or PDF"
    if kind == "zip":
        sample = data[:65536]
        if b"xl/" in sample or suffix in (".xlsx", ".xlsm"):
            return "an Excel workbook is not read: save the notice as .docx or PDF"
        if b"ppt/" in sample or suffix == ".pptx":
            return "a PowerPoint file is not read: save the notice as PDF"
        if b"application/vnd.oasis.opendocument" in sample:
            return "an OpenDocument file (.odt/.ods) is not read: save the notice as .docx or PDF"
        return "a zip archive is not a notice: unpack it and pass the files inside"
    if kind in ("image", "archive"):
        label = next(label for magic, _, label in MAGIC if data.startswith(magic))
        if kind == "image":
            return f"the file is a {label} image, not text: put the scan in a PDF and run with OCR (--ocr)"
        return f"a {label} archive is not a notice: unpack it and pass the files inside"
    shown = suffix or "(no extension)"
    return f"unknown file type {shown}: {READABLE}; rename the file if it is one of these"


def read_bytes(data: bytes, name: str, *, ocr: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Read the bytes of one file; ``name`` is used in errors and for the type.

    Whatever goes wrong comes out as one :class:`ExtractorError` naming the file, and text that
    is not text (random bytes, a wrong encoding) is refused rather than read as a notice:

    >>> read_bytes(b" \\r\\n\\t ", "blank.txt")
    Traceback (most recent call last):
    ...
    extractor.errors.EmptyFileError: blank.txt: the file holds only whitespace, no text
    >>> read_bytes("ĂĄĆĈĊČĎĐĒĔĖĘĚĜĞ ɐɑɒɓɔɕ".encode(), "mojibake.txt")
    Traceback (most recent call last):
    ...
    extractor.errors.NotTextError: mojibake.txt: the file is not text: 100% of its characters are neither Chinese, ASCII nor punctuation: control, private-use or other scripts' characters
    """
    check_size(len(data), max_bytes, name)
    if not data:
        raise EmptyFileError(name, "the file is empty (0 bytes)")
    if not data.strip():
        raise EmptyFileError(name, "the file holds only whitespace, no text")
    if not data.strip(b"\x00"):
        # Space reserved by a download or copy that never wrote its content.
        raise EmptyFileError(name, "the file holds only NUL bytes: it was not fully written; fetch it again")
    kind = sniff(data, name)
    try:
        raw = _read(kind, data, name, ocr)
    except ExtractorError:
        raise
    except MemoryError:
        raise CorruptFileError(name, "reading the file ran out of memory: it is damaged or far larger inside than its size") from None
    except RecursionError:
        raise CorruptFileError(name, "the file nests its parts too deeply to be read") from None
    except Exception as exc:  # a library's failure on a file it cannot read is a bad file, not a crash
        raise CorruptFileError(name, f"the {kind} file cannot be read ({type(exc).__name__}: {exc})") from None
    if raw.format != "pdf":  # a PDF's pages are judged one by one (pdf.garble_cause)
        _refuse_garbage(raw, name)
    return raw


_WHAT = {"txt": "file", "html": "page", "docx": "Word file"}


def _refuse_garbage(raw: RawText, name: str) -> None:
    """Refuse text that is not text (readers.gate): it would become a notice of garbage."""
    reason = gate.garble_reason(raw.text)
    if reason is None:
        return
    what = _WHAT.get(raw.format, "file")
    if reason == gate.NOT_TEXT:
        share = gate.not_text_share(gate.sample(raw.text))
        raise NotTextError(name, f"the {what} is not text: {share:.0%} of its characters are {gate.NEITHER}")
    raise GarbledTextError(name, f"the {what}'s text is garbled: {reason}")


def _read(kind: str, data: bytes, name: str, ocr: bool) -> RawText:
    """The reader of ``kind`` on ``data``."""
    if kind == "pdf":
        if b"%PDF-" not in data[:1024]:
            raise CorruptFileError(name, "the file is named .pdf but is not a PDF (no %PDF header): it is damaged or another kind of file")
        from .pdf import read_pdf

        return read_pdf(data, name, ocr=ocr)
    if kind == "html":
        from .html import read_html

        return read_html(data, name)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data, name)
    if kind == "txt":
        from .text import read_text

        raw = read_text(data, name)
        if not raw.text.strip():
            raise EmptyFileError(name, "the file holds only whitespace, no text")
        return raw
    if kind == "ole" and _ENCRYPTED_PACKAGE in data:
        # Office keeps a password-protected .docx/.xlsx in an OLE container: it is not an old .doc.
        raise EncryptedFileError(
            name, "the Office file is encrypted and needs a password: save an unprotected copy as .docx or PDF"
        )
    raise UnsupportedFormatError(name, _unsupported_reason(kind, data, name))
