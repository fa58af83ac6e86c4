"""PDF text layer: pypdfium2 for the text, pdfplumber for ruled tables.

pypdfium2 reads a page in well under a millisecond with characters in order;
pdfplumber is about thirty times slower but returns ruled tables cell by cell.
A page goes to pdfplumber only when it draws enough lines to hold a table.
"""

from __future__ import annotations

import re

from ..errors import (
    CorruptFileError,
    EncryptedFileError,
    GarbledTextError,
    NoTextLayerError,
    OCRUnavailableError,
    TruncatedFileError,
)
from .base import RawText, TextAssembler

# A page drawing fewer straight paths than this cannot hold a ruled table of 2×2 cells.
MIN_TABLE_PATHS = 6
PDFIUM_PATH_OBJECT = 2

_CID = re.compile(r"\(cid:\d+\)|GLYPH<[^>]*>|glyph\d+", re.I)
_BAD_CHARS = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")


def page_quality(text: str) -> str:
    """Classify a page's text layer: text, empty or garbled.

    >>> page_quality("关于做好2023年城乡居民基本医疗保障工作的通知")
    'text'
    >>> page_quality("(cid:12)(cid:45)(cid:77)(cid:9) 2023")
    'garbled'
    >>> page_quality("关关于于做做好好城城乡乡居居民民医医疗疗保保障障")
    'garbled'
    >>> page_quality("  \\r\\n ")
    'empty'
    """
    visible = "".join(text.split())
    if not visible:
        return "empty"
    codes = sum(len(m) for m in _CID.findall(visible))
    bad = len(_BAD_CHARS.findall(visible))
    if (codes + bad) > 0.2 * len(visible):
        return "garbled"
    # Fake bold drawn twice: most characters come in identical pairs.
    cjk = [c for c in visible if "\u4e00" <= c <= "\u9fff"]
    if len(cjk) >= 20:
        pairs = sum(1 for a, b in zip(visible, visible[1:]) if a == b and "\u4e00" <= a <= "\u9fff")
        if pairs > 0.35 * len(cjk):
            return "garbled"
    return "text"


def _check_complete(data: bytes, path) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise TruncatedFileError(path, "the PDF is truncated: it has no end-of-file marker")


def _open(data: bytes, path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise EncryptedFileError(path, "the PDF is encrypted and needs a password") from None
        raise CorruptFileError(path, f"the PDF is damaged and cannot be opened ({exc})") from None


def _has_ruling(page) -> bool:
    count = 0
    for obj in page.get_objects(max_depth=2):
        if obj.type == PDFIUM_PATH_OBJECT:
            count += 1
            if count >= MIN_TABLE_PATHS:
                return True
    return False


def _page_with_tables(plumber_page, out: TextAssembler) -> bool:
    """Write a page's text with its ruled tables as rows of cells, top to bottom."""
    tables = [t for t in plumber_page.find_tables() if len(t.rows) >= 2]
    if not tables:
        return False
    tables.sort(key=lambda t: t.bbox[1])
    top = 0.0
    width, height = plumber_page.width, plumber_page.height
    for table in tables:
        x0, t_top, x1, t_bottom = table.bbox
        if t_top > top:
            band = plumber_page.crop((0, top, width, t_top)).extract_text(x_tolerance=1.5)
            out.ensure_newline()
            out.add(band)
        out.add_table(table.extract(), page=plumber_page.page_number)
        top = t_bottom
    if top < height:
        out.ensure_newline()
        out.add(plumber_page.crop((0, top, width, height)).extract_text(x_tolerance=1.5))
    return True


def _ocr_page(page) -> str:
    try:
        from rapidocr import RapidOCR  # type: ignore
    except ImportError:
        try:
            from rapidocr_onnxruntime import RapidOCR  # type: ignore
        except ImportError:
            raise OCRUnavailableError("", "OCR was asked for but the 'ocr' extra is not installed") from None
    engine = RapidOCR()
    image = page.render(scale=2).to_pil()
    result = engine(image)
    lines = getattr(result, "txts", None)
    if lines is None and isinstance(result, tuple):
        lines = [item[1] for item in (result[0] or [])]
    return "\n".join(lines or ())


def read_pdf(data: bytes, path, ocr: bool = False) -> RawText:
    _check_complete(data, path)
    doc = _open(data, path)
    out = TextAssembler()
    kinds: list[str] = []
    plumber = None
    try:
        for index in range(len(doc)):
            page = doc[index]
            start = out.length
            raw = page.get_textpage().get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            kind = page_quality(raw)
            if kind == "text" and _has_ruling(page):
                if plumber is None:
                    import io

                    import pdfplumber

                    plumber = pdfplumber.open(io.BytesIO(data))
                if _page_with_tables(plumber.pages[index], out):
                    kind = "table"
            if kind == "text":
                out.add(raw)
            elif kind in ("empty", "garbled") and ocr:
                try:
                    text = _ocr_page(page)
                except OCRUnavailableError as exc:
                    raise OCRUnavailableError(path, exc.reason) from None
                if page_quality(text) == "text":
                    out.add(text)
                    kind = "ocr"
            out.ensure_newline()
            out.add("\f\n")
            out.add_page(index + 1, start, kind)
            kinds.append(kind)
    except (EncryptedFileError, OCRUnavailableError):
        raise
    except Exception as exc:  # pdfium and pdfminer raise many types on broken streams
        raise CorruptFileError(path, f"the PDF is damaged: {type(exc).__name__}: {exc}") from None
    finally:
        if plumber is not None:
            plumber.close()
        doc.close()
    warnings = []
    good = [k for k in kinds if k in ("text", "table", "ocr")]
    garbled = [i + 1 for i, k in enumerate(kinds) if k == "garbled"]
    empty = [i + 1 for i, k in enumerate(kinds) if k == "empty"]
    if not kinds:
        raise CorruptFileError(path, "the PDF has no pages")
    if not good:
        if garbled:
            raise GarbledTextError(
                path,
                "the PDF's text layer is not readable text (glyph codes or doubled characters); "
                "run with OCR (--ocr) to read the page images",
            )
        raise NoTextLayerError(path, "the PDF has no text layer (scanned pages); run with OCR (--ocr) to read them")
    if garbled:
        warnings.append(f"pages {garbled} have an unreadable text layer and were left out")
    if empty:
        warnings.append(f"pages {empty} have no text")
    return RawText(
        text=out.text(),
        format="pdf",
        pages=tuple(out.pages),
        tables=tuple(out.tables),
        warnings=tuple(warnings),
    )
