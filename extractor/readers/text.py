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


_CJK_OR_PUNCT = re.compile(r"[\u4e00-\u9fff，。、：；（）\n ]")


def _utf16_by_nul(data: bytes) -> str | None:
    """UTF-16 text without BOM shows NUL in every other byte of ASCII.

    >>> _utf16_by_nul("通知 2023年".encode("utf-16-le"))
    'utf-16-le'
    >>> _utf16_by_nul("关于做好城乡居民基本医疗保障工作的通知（2023）".encode("utf-16-be"))
    'utf-16-be'
    >>> _utf16_by_nul(bytes(range(256)) * 4) is None
    True
    """
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    # ASCII in UTF-16 puts its NUL on one side only; binary data has NULs on both.
    if odd_nul and not even_nul:
        candidate = "utf-16-le"
    elif even_nul and not odd_nul:
        candidate = "utf-16-be"
    else:
        return None
    try:
        text = sample.decode(candidate)
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.search(text) else candidate


def _utf16_chinese_only(data: bytes) -> str | None:
    """UTF-16 without BOM or ASCII has no NUL bytes: decode and check it is mostly Chinese.

    >>> _utf16_chinese_only("关于做好城乡居民医疗保障工作的通知".encode("utf-16-be"))
    'utf-16-be'
    """
    if len(data) % 2:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data[:4096].decode(enc)
        except UnicodeDecodeError:
            continue
        if len(_CJK_OR_PUNCT.findall(text)) > 0.8 * len(text):
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
    utf16 = _utf16_by_nul(data)
    if utf16:
        return utf16
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # Checked before GB18030, which decodes almost any byte sequence.
    utf16 = _utf16_chinese_only(data)
    if utf16:
        return utf16
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        pass
    # Big5 pages from Taiwan or Hong Kong reprints, and anything else charset-normalizer knows.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best else None


def decode(data: bytes, path) -> tuple[str, str]:
    """Decode text bytes, refusing binary content that only wears a .txt name.

    A byte-order mark promises an encoding the rest of the file may break:

    >>> decode(codecs.BOM_UTF16_LE + b"\\x00\\xd8", "a.txt")
    Traceback (most recent call last):
    ...
    extractor.errors.NotTextError: a.txt: the file starts as UTF-16 text but bytes 2–3 are not valid UTF-16: it mixes encodings or is damaged
    """
    encoding = detect_encoding(data)
    if encoding is None:
        raise NotTextError(path, "the file is named as text but holds binary data")
    try:
        text = data.decode(encoding, errors="strict")
    except UnicodeDecodeError as exc:
        # Only the head was sampled (or a BOM trusted): the damage is further in.
        label = encoding.upper().removesuffix("-SIG")
        label = label.removesuffix("-LE").removesuffix("-BE")
        shift = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0  # that codec counts after its BOM
        start, end = exc.start + shift, exc.end + shift - 1
        where = f"byte {start:,} is" if start == end else f"bytes {start:,}–{end:,} are"
        raise NotTextError(
            path, f"the file starts as {label} text but {where} not valid {label}: it mixes encodings or is damaged"
        ) from None
    if text and len(_CONTROL.findall(text[:20000])) > 0.01 * min(len(text), 20000):
        raise NotTextError(path, "the file is named as text but holds binary data")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def read_text(data: bytes, path) -> RawText:
    text, encoding = decode(data, path)
    return RawText(text=text, format="txt", encoding=encoding)
