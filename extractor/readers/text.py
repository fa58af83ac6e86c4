"""Plain text in any of the encodings researchers meet: never assume UTF-8."""

from __future__ import annotations

import codecs
import re

from ..errors import NotTextError
from .base import RawText

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters other than tab, newlines, form feed: binary data when frequent.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without BOM shows NUL in every other byte of ASCII.

    >>> _utf16_without_bom("通知 2023".encode("utf-16-le"))
    'utf-16-le'
    """
    if len(data) < 4 or len(data) % 2:
        return None
    even_nul = data[0::2].count(0)
    odd_nul = data[1::2].count(0)
    half = len(data) // 2
    if odd_nul > 0.2 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.2 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    # Chinese-only UTF-16 has no NUL; decode and check it is mostly CJK.
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or ch in "，。、：；（）\n ")
        if cjk > 0.8 * len(text):
            return enc
    return None


def detect_encoding(data: bytes) -> str | None:
    """Name the encoding of ``data``, or None when it is not text.

    >>> detect_encoding("关于做好".encode("gb18030"))
    'gb18030'
    >>> detect_encoding(codecs.BOM_UTF8 + "通知".encode())
    'utf-8-sig'
    >>> detect_encoding("通知".encode())
    'utf-8'
    """
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if b"\x00" in data:
        return None
    for name in ("utf-8", "gb18030"):
        try:
            data.decode(name)
            return name
        except UnicodeDecodeError:
            continue
    # Big5 pages from Taiwan or Hong Kong reprints, and anything else charset-normalizer knows.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best else None


def decode(data: bytes, path) -> tuple[str, str]:
    """Decode text bytes, refusing binary content that only wears a .txt name."""
    encoding = detect_encoding(data)
    if encoding is None:
        raise NotTextError(path, "the file is named as text but holds binary data")
    text = data.decode(encoding, errors="strict")
    if text and len(_CONTROL.findall(text[:20000])) > 0.01 * min(len(text), 20000):
        raise NotTextError(path, "the file is named as text but holds binary data")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def read_text(data: bytes, path) -> RawText:
    text, encoding = decode(data, path)
    return RawText(text=text, format="txt", encoding=encoding)
