"""Bytes → text with a page map: pick the reader by content first, name second."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import EmptyFileError, FileTooLargeError, UnsupportedFormatError
from .base import RawPage, RawTable, RawText

DEFAULT_MAX_BYTES = int(os.environ.get("MEDNOTICE_MAX_BYTES", 50 * 1024 * 1024))

EXTENSIONS = {
    ".txt": "txt", ".text": "txt",
    ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".docx": "docx",
}

__all__ = ["RawPage", "RawTable", "RawText", "read_bytes", "sniff", "DEFAULT_MAX_BYTES"]


def sniff(data: bytes, name: str) -> str:
    """The format of a file, from its first bytes, else from its name.

    >>> sniff(b"%PDF-1.7 ...", "notice.txt")
    'pdf'
    >>> sniff("<!DOCTYPE html><html>".encode(), "page")
    'html'
    >>> sniff("关于做好".encode(), "notice.txt")
    'txt'
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
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered:
        return "html"
    return EXTENSIONS.get(Path(name).suffix.lower(), "unknown")


def read_bytes(data: bytes, name: str, *, ocr: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Read the bytes of one file; ``name`` is used in errors and for the type."""
    if len(data) > max_bytes:
        raise FileTooLargeError(name, f"the file is {len(data):,} bytes, over the limit of {max_bytes:,} bytes")
    if not data.strip():
        raise EmptyFileError(name, "the file is empty")
    kind = sniff(data, name)
    if kind == "pdf":
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
            raise EmptyFileError(name, "the file holds no text")
        return raw
    if kind == "ole":
        raise UnsupportedFormatError(name, "old binary Word/Excel files (.doc/.xls) are not read: save it as .docx or PDF")
    if kind == "zip":
        raise UnsupportedFormatError(name, "a zip archive is not a notice: unpack it, or ingest it into a corpus")
    suffix = Path(name).suffix or "(none)"
    raise UnsupportedFormatError(
        name, f"unknown file type {suffix}: the toolkit reads .txt, .pdf, .html/.htm and .docx"
    )
