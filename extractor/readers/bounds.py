"""Decompression with a ceiling: what a file inflates to is measured before a library inflates it.

A file under the 50 MB limit can hold a stream that inflates to gigabytes: pdfium took 12 GB
for a 2.7 MB PDF whose page content inflated to 1 GB, python-docx 4 GB for a 2 MB .docx.  The
readers measure first, inflating chunk by chunk and counting, never holding more than a chunk,
and refuse such a file with one line before pdfium, pdfplumber or python-docx sees it.

The limits are far above what real notices need (over 70 PDFs, those of tests/data/real, the
notices typeset by tests/conversions.py and fetched government reports: page content at most
90 kB inflated, a font or image at most 430 kB, no stream compressed more than 15 times) and far
below what breaks a 1 GB budget: pdfium needs about 13 times a page's content in memory (880 MB
for 64 MB of content).
"""

from __future__ import annotations

import base64
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..errors import CorruptFileError, EncryptedFileError, UnsupportedFormatError

MB = 1 << 20
CHUNK = 1 << 20

# A content stream, form, object stream or anything else pdfium parses into objects: at most this
# inflated, and all of them together at most STRICT_TOTAL.
STRICT_LIMIT = 32 * MB
STRICT_TOTAL = 256 * MB
# An image, font file, embedded file or metadata: pdfium keeps its bytes, it does not parse them
# into objects.  Past STRICT_LIMIT only when it also compresses like data (under BOMB_RATIO).
LENIENT_LIMIT = 256 * MB
BOMB_RATIO = 100
# Everything inflated, all streams together: bounds the time the measuring takes.
TOTAL_LIMIT = 2048 * MB

# Deflate writes at least about 2 bits for a match of 258 bytes: no byte inflates past this.
FLATE_MAX_RATIO = 1032
RUN_LENGTH_MAX_RATIO = 64  # two bytes: repeat the next byte 128 times


def _size(n: int) -> str:
    """
    >>> _size(300), _size(40_000), _size(1_500_000), _size(3 * MB), _size(2048 * MB)
    ('300 bytes', '39 kB', '1.4 MB', '3 MB', '2,048 MB')
    """
    if n < 1024:
        return f"{n} bytes"
    if n < 100 * 1024:
        return f"{n / 1024:,.0f} kB"
    value = n / MB
    return f"{value:,.0f} MB" if value >= 3 or value == int(value) else f"{value:,.1f} MB"


# --- decoders: each takes an iterable of byte chunks and yields chunks of at most CHUNK bytes ---


def _chunks(data: bytes) -> Iterator[bytes]:
    view = memoryview(data)
    for start in range(0, len(view), CHUNK):
        yield view[start:start + CHUNK]


def inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Inflate a zlib stream chunk by chunk, stopping at its end or at the first damaged byte.

    >>> sum(len(c) for c in inflate([zlib.compress(b" " * 5_000_000)]))
    5000000
    """
    inflater = zlib.decompressobj()
    for chunk in chunks:
        try:
            out = inflater.decompress(chunk, CHUNK)
            while True:
                if out:
                    yield out
                if not inflater.unconsumed_tail:
                    break
                out = inflater.decompress(inflater.unconsumed_tail, CHUNK)
        except zlib.error:
            return  # pdfium keeps what inflated before the damage, and so does the count
        if inflater.eof:
            return


def lzw(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Decode PDF's LZW (early change, 9 to 12 bit codes), chunk by chunk.

    >>> b"".join(lzw([bytes.fromhex("800B6050220C0C8501")]))
    b'-----A---B'
    """
    table: list[bytes] = []
    width, bits, nbits, previous = 9, 0, 0, b""
    out = bytearray()

    def reset():
        table[:] = [bytes((i,)) for i in range(256)] + [b"", b""]

    reset()
    for chunk in chunks:
        for byte in bytes(chunk):
            bits, nbits = (bits << 8) | byte, nbits + 8
            while nbits >= width:
                nbits -= width
                code, bits = bits >> nbits, bits & ((1 << nbits) - 1)
                if code == 256:
                    reset()
                    width, previous = 9, b""
                    continue
                if code == 257:
                    if out:
                        yield bytes(out)
                    return
                if code < len(table):
                    entry = table[code]
                elif code == len(table) and previous:
                    entry = previous + previous[:1]
                else:
                    return  # a damaged code: decoding stops here
                if previous:
                    table.append(previous + entry[:1])
                previous = entry
                out += entry
                width = min(12, max(9, (len(table) + 1).bit_length()))
                if len(out) >= CHUNK:
                    yield bytes(out)
                    out.clear()
    if out:
        yield bytes(out)


def run_length(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Decode RunLengthDecode: a length byte n < 128 copies n + 1 bytes, n > 128 repeats one 257 - n times.

    >>> b"".join(run_length([b"\\x02abc\\xfdz\\x80"]))
    b'abczzzz'
    """
    pending = b""
    out = bytearray()
    for chunk in chunks:
        data = pending + bytes(chunk)
        i = 0
        while i < len(data):
            n = data[i]
            if n == 128:
                if out:
                    yield bytes(out)
                return
            need = n + 2 if n < 128 else 2
            if i + need > len(data):
                break
            out += data[i + 1:i + n + 2] if n < 128 else data[i + 1:i + 2] * (257 - n)
            i += need
            if len(out) >= CHUNK:
                yield bytes(out)
                out.clear()
        pending = data[i:]
    if out:
        yield bytes(out)


def _whole(chunks: Iterable[bytes], limit: int = LENIENT_LIMIT) -> bytes:
    """The chunks joined, up to ``limit`` bytes: ASCII armour shrinks what it decodes."""
    out = bytearray()
    for chunk in chunks:
        out += chunk
        if len(out) > limit:
            break
    return bytes(out)


def ascii_hex(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """
    >>> b"".join(ascii_hex([b"48 65 6c6c 6f>"]))
    b'Hello'
    """
    text = re.sub(rb"\s", b"", _whole(chunks).split(b">")[0])
    if len(text) % 2:
        text += b"0"
    try:
        yield bytes.fromhex(text.decode("ascii"))
    except ValueError:
        return


def ascii85(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """
    >>> b"".join(ascii85([b"87cURD]i,\\"Ebo80~>"]))
    b'Hello World!'
    """
    text = re.sub(rb"\s", b"", _whole(chunks).split(b"~>")[0])
    try:
        yield base64.a85decode(text.removeprefix(b"<~"))
    except ValueError:
        return


DECODERS = {
    "FlateDecode": inflate, "Fl": inflate,
    "LZWDecode": lzw, "LZW": lzw,
    "RunLengthDecode": run_length, "RL": run_length,
    "ASCIIHexDecode": ascii_hex, "AHx": ascii_hex,
    "ASCII85Decode": ascii85, "A85": ascii85,
}
# How far a filter can multiply its input: None when only decoding tells.
RATIOS = {"FlateDecode": FLATE_MAX_RATIO, "Fl": FLATE_MAX_RATIO, "RunLengthDecode": RUN_LENGTH_MAX_RATIO,
          "RL": RUN_LENGTH_MAX_RATIO, "ASCIIHexDecode": 1, "AHx": 1, "ASCII85Decode": 1, "A85": 1}


def decoded_size(data: bytes, filters: list[str], cap: int) -> int:
    """Bytes ``data`` decodes to through ``filters`` (image codecs and unknown filters end the
    chain: what reaches them is counted), counting no further than ``cap``.

    >>> bomb = zlib.compress(b" " * (64 * MB))
    >>> len(bomb) < 100_000, decoded_size(bomb, ["FlateDecode"], cap=10 * MB)
    (True, 10485760)
    >>> decoded_size(zlib.compress(zlib.compress(b"x" * 1000)), ["FlateDecode", "FlateDecode"], cap=MB)
    1000
    """
    chunks: Iterable[bytes] = _chunks(data)
    for name in filters:
        decoder = DECODERS.get(name)
        if decoder is None:
            break
        chunks = decoder(chunks)
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total >= cap:
            return cap
    return total


def upper_bound(size: int, filters: list[str]) -> float:
    """The most ``size`` bytes can decode to through ``filters`` without decoding them (inf: unknown).

    >>> upper_bound(1000, ["ASCII85Decode", "FlateDecode"]), upper_bound(1000, ["LZWDecode"])
    (1032000, inf)
    >>> upper_bound(1000, ["DCTDecode"]), upper_bound(1000, [])
    (1000, 1000)
    """
    bound: float = size
    for name in filters:
        if name not in DECODERS:
            break
        ratio = RATIOS.get(name)
        bound = bound * ratio if ratio is not None else float("inf")
    return bound


# --- PDF streams -------------------------------------------------------------------------------

_STREAM_START = re.compile(rb">>[\x00\t\n\x0c\r ]*stream(?:\r\n|\n|\r)?")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()%]+|\d+\s+\d+\s+R)")
_NAME = re.compile(rb"/([^\s/\[\]<>()%]+)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
# What pdfium keeps as bytes rather than parsing into objects: images, font programs, attachments, XMP.
_LENIENT = re.compile(
    rb"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b|/Length[123]\b|/Type\s*/(?:EmbeddedFile|Metadata)\b"
)


@dataclass(frozen=True)
class Stream:
    """One stream of a PDF: where its data lies, its filters, and whether pdfium parses it."""

    start: int
    end: int
    filters: tuple[str, ...]
    strict: bool

    @property
    def size(self) -> int:
        return self.end - self.start


def pdf_streams(data: bytes) -> list[Stream]:
    """Every stream of a PDF, found by its ``stream`` keyword, whatever the cross-reference table
    says (pdfium repairs a broken table by the same search).

    An indirect /Filter is taken for FlateDecode: inflating what is not deflated stops at once.

    >>> pdf = b"1 0 obj << /Length 5 /Filter /FlateDecode >>\\nstream\\nxxxxx\\nendstream endobj"
    >>> pdf_streams(pdf)
    [Stream(start=52, end=57, filters=('FlateDecode',), strict=True)]
    >>> image = b"4 0 obj << /Subtype /Image /Filter [/A85 /Fl] /Length 9 0 R >>stream\\r\\nabc\\nendstream"
    >>> pdf_streams(image)[0].filters, pdf_streams(image)[0].strict, pdf_streams(image)[0].size
    (('A85', 'Fl'), False, 4)
    """
    streams = []
    for match in _STREAM_START.finditer(data):
        # The stream's dictionary runs from its object's "N G obj" (the nearest "obj" before it).
        header = data.rfind(b"obj", max(0, match.start() - 65536), match.start())
        head = data[header + 3 if header >= 0 else max(0, match.start() - 4096):match.start()]
        start = match.end()
        length = _LENGTH.search(head)
        end = -1
        if length:
            end = start + int(length.group(1))
            if b"endstream" not in data[end:end + 32]:
                end = -1
        if end < 0:
            end = data.find(b"endstream", start)
            end = len(data) if end < 0 else end
        found = _FILTER.search(head)
        if found is None:
            filters: tuple[str, ...] = ()
        elif found.group(1).endswith(b"R"):
            filters = ("FlateDecode",)
        else:
            filters = tuple(name.decode("latin-1") for name in _NAME.findall(found.group(1)))
        streams.append(Stream(start, end, filters, strict=_LENIENT.search(head) is None))
    return streams


def check_pdf_streams(data: bytes, path) -> None:
    """Refuse a PDF whose streams inflate past the limits, before pdfium or pdfplumber inflates them.

    Most PDFs are passed on their compressed sizes alone: deflate cannot multiply a byte by more
    than 1,032, so a stream whose bound is under the limits needs no inflating.  The streams are
    measured largest bound first until what is left cannot reach a limit.

    >>> import zlib
    >>> page = zlib.compress(b"BT /F1 12 Tf (x) Tj ET\\n" * (2 * MB))
    >>> pdf = b"%%PDF-1.4\\n5 0 obj << /Length %d /Filter /FlateDecode >>\\nstream\\n%s\\nendstream endobj" % (len(page), page)
    >>> check_pdf_streams(pdf, "bomb.pdf")
    Traceback (most recent call last):
    ...
    extractor.errors.CorruptFileError: bomb.pdf: a page content stream of the PDF inflates from 0.1 MB to over 32 MB, as a decompression bomb does: the file is refused to keep memory bounded
    """
    streams = pdf_streams(data)
    bounds = {id(s): upper_bound(s.size, list(s.filters)) for s in streams}
    strict, every = _Sum(), _Sum()
    for stream in streams:
        every.add(bounds[id(stream)])
        if stream.strict:
            strict.add(bounds[id(stream)])
    for stream in sorted(streams, key=lambda s: bounds[id(s)], reverse=True):
        bound = bounds[id(stream)]
        over_strict = stream.strict and strict.value > STRICT_TOTAL
        if bound <= STRICT_LIMIT and not over_strict and every.value <= TOTAL_LIMIT:
            continue  # this stream cannot pass a limit, and measuring it would not settle a total
        limit = STRICT_LIMIT if stream.strict else LENIENT_LIMIT
        size = decoded_size(data[stream.start:stream.end], list(stream.filters), cap=limit + 1)
        what = "a page content stream" if stream.strict else "an image, font or attachment stream"
        if size > limit or (size > STRICT_LIMIT and size > BOMB_RATIO * max(stream.size, 1)):
            shown = limit if size > limit else STRICT_LIMIT
            raise CorruptFileError(
                path,
                f"{what} of the PDF inflates from {_size(stream.size)} to over {_size(shown)}, as a decompression "
                "bomb does: the file is refused to keep memory bounded",
            )
        every.replace(bound, size)
        if stream.strict:
            strict.replace(bound, size)
    # A total is over only once every stream that counts in it has been measured.
    if strict.value > STRICT_TOTAL or every.value > TOTAL_LIMIT:
        shown = STRICT_TOTAL if strict.value > STRICT_TOTAL else TOTAL_LIMIT
        raise CorruptFileError(
            path,
            f"the PDF's streams inflate from {_size(len(data))} to over {_size(shown)} in all, as a decompression "
            "bomb does: the file is refused to keep memory bounded",
        )


class _Sum:
    """A sum of sizes some of which are still unknown (an infinite bound), without inf - inf.

    >>> total = _Sum(); total.add(10); total.add(float("inf")); total.value
    inf
    >>> total.replace(float("inf"), 5); total.value
    15
    """

    def __init__(self) -> None:
        self.known = 0
        self.unknown = 0

    def add(self, bound: float) -> None:
        if bound == float("inf"):
            self.unknown += 1
        else:
            self.known += bound

    def replace(self, bound: float, size: int) -> None:
        if bound == float("inf"):
            self.unknown -= 1
            self.known += size
        else:
            self.known += size - bound

    @property
    def value(self) -> float:
        return float("inf") if self.unknown else self.known


# --- zip members (.docx) -----------------------------------------------------------------------

# A Word part python-docx parses as XML: at most this inflated; every member together at most
# ZIP_TOTAL.  lxml needs about 8 times an XML part in memory.
XML_MEMBER_LIMIT = 64 * MB
MEMBER_LIMIT = 256 * MB
ZIP_TOTAL = 512 * MB
_READABLE_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate",
                     zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA"}
_METHOD_NAMES = {9: "Deflate64", 6: "Implode", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 98: "PPMd", 99: "AES"}


def check_zip_members(archive: zipfile.ZipFile, path, what: str = "Word file") -> None:
    """Refuse an archive with a member that cannot be read (encrypted, an unknown method) or that
    declares more bytes than the limits.  zipfile never inflates a member past the size it
    declares (a member lying about its size fails its CRC check), so the declared sizes bound
    what reading the members costs.

    >>> import io
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
    ...     out.writestr("word/document.xml", b" " * (65 * MB))
    >>> check_zip_members(zipfile.ZipFile(buffer), "bomb.docx")
    Traceback (most recent call last):
    ...
    extractor.errors.CorruptFileError: bomb.docx: the Word file's member word/document.xml inflates from 65 kB to 65 MB, over the limit of 64 MB for a part that is parsed, as a decompression bomb does: the file is refused to keep memory bounded
    """
    total = 0
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise EncryptedFileError(
                path, f"the {what}'s member {info.filename} is encrypted and needs a password: save an unprotected copy"
            )
        if info.compress_type not in _READABLE_METHODS:
            method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
            raise UnsupportedFormatError(
                path, f"the {what}'s member {info.filename} is compressed with {method}, which cannot be read: "
                "save the file again, or pack it with ordinary zip (deflate)"
            )
        parsed = info.filename.lower().endswith((".xml", ".rels"))
        limit = XML_MEMBER_LIMIT if parsed else MEMBER_LIMIT
        if info.file_size > limit:
            kind = "a part that is parsed" if parsed else "a member"
            raise CorruptFileError(
                path,
                f"the {what}'s member {info.filename} inflates from {_size(info.compress_size)} to "
                f"{_size(info.file_size)}, over the limit of {_size(limit)} for {kind}, as a decompression bomb does: "
                "the file is refused to keep memory bounded",
            )
        total += info.file_size
    if total > ZIP_TOTAL:
        raise CorruptFileError(
            path,
            f"the {what}'s members inflate to {_size(total)} in all, over the limit of {_size(ZIP_TOTAL)}, "
            "as a decompression bomb does: the file is refused to keep memory bounded",
        )
