"""Plain text in any of the encodings researchers meet: never assume UTF-8."""

from __future__ import annotations

import codecs
import re

from ..errors import NotTextError
from .base import RawText
from .gate import readability

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters other than tab, newlines, form feed: binary data when frequent.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


# What Chinese notices are made of: CJK ideographs and punctuation, full-width forms, printable ASCII.
_PLAUSIBLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027\u00b7\x20-\x7e\n\r\t]")


def _plausible(text: str) -> bool:
    return bool(text) and not _CONTROL.search(text) and len(_PLAUSIBLE.findall(text)) >= 0.9 * len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: decodes to text made of what notices are made of.

    ASCII puts its NUL bytes on one side; a few ideographs whose low byte is 0
    (一 U+4E00, 开 U+5F00) put them on the other; text without ASCII has none.
    Random binary decodes to code points from all over the range and fails.

    >>> _utf16_without_bom("通知 2023年".encode("utf-16-le"))
    'utf-16-le'
    >>> _utf16_without_bom("关于做好城乡居民基本医疗保障工作的通知".encode("utf-16-be"))
    'utf-16-be'
    >>> _utf16_without_bom("一、2023年开始".encode("utf-16-le"))
    'utf-16-le'
    >>> _utf16_without_bom(bytes(range(256)) * 4) is None
    True
    >>> _utf16_without_bom("关于做好".encode("utf-8")) is None
    True
    """
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    # The side with more NULs first: that is where ASCII's high bytes are.
    order = ("utf-16-le", "utf-16-be") if sample[1::2].count(0) >= sample[0::2].count(0) else ("utf-16-be", "utf-16-le")
    for candidate in order:
        try:
            text = sample.decode(candidate)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return candidate
    return None


# Big5 as standardised, Microsoft's superset (Windows' "Traditional Chinese"), Hong Kong's superset.
BIG5_CODECS = ("big5", "cp950", "big5hkscs")
SAMPLE_BYTES = 65536
GUESS_BYTES = 1 << 20


def _big5_rather_than_gb(data: bytes) -> str | None:
    """The Big5 codec that decodes ``data`` into text of more common characters than GB18030 does.

    On a tie GB18030 keeps it: a short GB text can decode as Big5 into common characters too.

    >>> _big5_rather_than_gb("城鄉居民醫療保險個人繳費標準".encode("big5"))
    'big5'
    >>> _big5_rather_than_gb("城乡居民医疗保险个人缴费标准".encode("gb18030")) is None
    True
    """
    for codec in BIG5_CODECS:
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        head = data[:SAMPLE_BYTES]
        as_big5 = readability(head.decode(codec, errors="ignore"))
        return codec if as_big5 > readability(head.decode("gb18030", errors="ignore")) else None
    return None


def detect_encoding(data: bytes) -> str | None:
    """Name the encoding of ``data``, or None when it is not text.

    >>> detect_encoding("关于做好".encode("gb18030"))
    'gb18030'
    >>> detect_encoding(codecs.BOM_UTF8 + "通知".encode())
    'utf-8-sig'
    >>> detect_encoding("通知".encode())
    'utf-8'
    >>> detect_encoding("關於做好城鄉居民基本醫療保險工作的通知，財政補助標準".encode("big5"))
    'big5'
    """
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    has_nul = b"\x00" in data[:4096]
    if has_nul:
        # UTF-8 and GB18030 text has no NUL bytes: UTF-16, or binary.
        return _utf16_without_bom(data)
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # Checked before GB18030, which decodes almost any byte sequence.
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        # GB18030 decodes Big5 bytes too, into mojibake: the decoding that reads as Chinese wins.
        return _big5_rather_than_gb(data) or "gb18030"
    # Big5 that GB18030 refuses, and anything else charset-normalizer knows.
    from charset_normalizer import from_bytes

    # Judged on the first megabyte (on 50 MB it took 6 s); decode() then checks the whole file.
    best = from_bytes(data[:GUESS_BYTES]).best()
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
