"""PDF text layer: pypdfium2 for the text, pdfplumber for ruled tables.

pypdfium2 reads a page in well under a millisecond with characters in order;
pdfplumber is about thirty times slower but finds ruled tables and their
cells.  A page goes to pdfplumber only when it draws enough lines to hold a
table, and even then pdfium reads the text, cell by cell.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    GarbledTextError,
    NoTextLayerError,
    OCRUnavailableError,
    TruncatedFileError,
)
from .base import RawText, TextAssembler
from .bounds import check_pdf_streams
from .gate import garble_reason

# A page drawing fewer straight paths than this cannot hold a ruled table of 2×2 cells.
MIN_TABLE_PATHS = 6
PDFIUM_PATH_OBJECT = 2

_CID = re.compile(r"\(cid:\d+\)|GLYPH<[^>]*>|glyph\d+", re.I)
_BAD_CHARS = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")


GLYPH_CODES = "glyph codes or private-use characters instead of text: the fonts have no Unicode map"
DOUBLED = "characters doubled, as fake bold draws each one twice"

# PDFium's reasons for refusing a document (FPDF_ERR_*), said for people.
_OPEN_ERRORS = {
    2: "the PDF cannot be opened: PDFium could not read the file",
    3: "the PDF is damaged: its structure cannot be parsed",
    6: "the PDF is damaged: its pages cannot be found",
}
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def garble_cause(text: str) -> str | None:
    """Why a page's text layer is not text, or None when it reads as text.

    >>> garble_cause("(cid:12)(cid:45)(cid:77)(cid:9) 2023") == GLYPH_CODES
    True
    >>> garble_cause("\\ue047\\ue075\\ue061\\ue06e 2023") == GLYPH_CODES
    True
    >>> garble_cause("关关于于做做好好城城乡乡居居民民医医疗疗保保障障") == DOUBLED
    True
    >>> garble_cause("关于做好2023年城乡居民基本医疗保障工作的通知") is None
    True

    A font whose codes pdfium maps to characters of other scripts, or to Chinese characters
    in no order, is caught by the gate every reader shares (readers.gate):

    >>> from extractor.readers.gate import NOT_TEXT
    >>> garble_cause("ĂĄĆĈĊČĎĐĒĔĖĘĚĜĞɐɑɒɓɔɕ 2023") == NOT_TEXT
    True
    """
    visible = "".join(text.split())
    if not visible:
        return None
    codes = sum(len(m) for m in _CID.findall(visible))
    bad = len(_BAD_CHARS.findall(visible))
    if (codes + bad) > 0.2 * len(visible):
        return GLYPH_CODES
    # Fake bold drawn twice: most characters come in identical pairs.
    cjk = [c for c in visible if "\u4e00" <= c <= "\u9fff"]
    if len(cjk) >= 20:
        pairs = sum(1 for a, b in zip(visible, visible[1:]) if a == b and "\u4e00" <= a <= "\u9fff")
        if pairs > 0.35 * len(cjk):
            return DOUBLED
    return garble_reason(visible)


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
    if not text.strip():
        return "empty"
    return "garbled" if garble_cause(text) else "text"


def _pages(numbers: list[int]) -> str:
    """
    >>> _pages([2]), _pages([2, 5, 7])
    ('page 2', 'pages 2, 5, 7')
    """
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    return "pages " + ", ".join(map(str, numbers))


def _advice(ocr: bool, pages) -> str:
    """What to do about pages without readable text; ``pages`` is a list of numbers or a noun.

    >>> _advice(False, [3]), _advice(True, [3, 4])
    ('run with OCR (--ocr) to read it', 'OCR found no text on them either')
    """
    what = pages if isinstance(pages, str) else ("it" if len(pages) == 1 else "them")
    # After OCR has tried, telling people to run with --ocr would send them in a circle.
    return f"OCR found no text on {what} either" if ocr else f"run with OCR (--ocr) to read {what}"


def _check_complete(data: bytes, path) -> None:
    """A PDF ends with %%EOF; without it the file was cut short, or was never a PDF.

    >>> _check_complete(b"%PDF-1.4\\n1 0 obj\\n<< /Type /Catalog", "cut.pdf")
    Traceback (most recent call last):
    ...
    extractor.errors.TruncatedFileError: cut.pdf: the PDF is truncated (no end-of-file marker): the download or copy was cut short; fetch the file again
    >>> _check_complete(b"%PDF-1.4\\n\\x8f\\x03\\xa7", "junk.pdf")
    Traceback (most recent call last):
    ...
    extractor.errors.CorruptFileError: junk.pdf: the file starts like a PDF but holds no PDF objects: it is damaged or not a PDF
    """
    if b"%%EOF" in data[-2048:]:
        return
    # Objects but no end: a cut copy. No objects at all: bytes behind a PDF header.
    if _OBJECT.search(data) is None:
        raise CorruptFileError(path, "the file starts like a PDF but holds no PDF objects: it is damaged or not a PDF")
    raise TruncatedFileError(
        path, "the PDF is truncated (no end-of-file marker): the download or copy was cut short; fetch the file again"
    )


def _open(data: bytes, path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == 4 or (code is None and "password" in str(exc).lower()):
            raise EncryptedFileError(
                path, "the PDF is encrypted and needs a password to open; save a copy without the password and read that"
            ) from None
        if code == 5:
            raise EncryptedFileError(
                path, "the PDF uses an encryption PDFium does not support; save a copy without the password"
            ) from None
        raise CorruptFileError(path, _OPEN_ERRORS.get(code, "the PDF is damaged and cannot be opened")) from None


def _draws_something(page) -> bool:
    """An empty page that draws images or paths may be a scan; one that draws nothing is blank."""
    return next(iter(page.get_objects()), None) is not None


def _has_ruling(page) -> bool:
    count = 0
    for obj in page.get_objects(max_depth=2):
        if obj.type == PDFIUM_PATH_OBJECT:
            count += 1
            if count >= MIN_TABLE_PATHS:
                return True
    return False


def _bounds(height: float, bbox) -> dict:
    """pdfplumber's box ``(x0, top, x1, bottom)``, measured down from the top of the
    page, as pdfium's bounds, measured up from the bottom.

    >>> _bounds(800.0, (70.0, 100.0, 520.0, 300.0))
    {'left': 70.0, 'bottom': 500.0, 'right': 520.0, 'top': 700.0}
    """
    x0, top, x1, bottom = bbox
    return {"left": x0, "bottom": height - bottom, "right": x1, "top": height - top}


def _is_blank_colour(colour) -> bool:
    """A colour that puts no ink on white paper: white in gray, RGB or CMYK.

    >>> _is_blank_colour((1.0, 1.0, 1.0)), _is_blank_colour([1]), _is_blank_colour((0, 0, 0, 0))
    (True, True, True)
    >>> _is_blank_colour((0.776, 0.851, 0.945)), _is_blank_colour(0), _is_blank_colour(None)
    (False, False, False)
    """
    if isinstance(colour, (int, float)):
        colour = (colour,)
    try:
        values = [float(v) for v in colour]
    except (TypeError, ValueError):
        return False  # unknown, a pattern or a named colour: assume it shows
    if len(values) == 4:  # CMYK: no ink is white
        return all(v <= 0.02 for v in values)
    return bool(values) and all(v >= 0.98 for v in values)


def _draws_nothing(obj) -> bool:
    """A shape that leaves no mark: neither filled nor stroked with ink.

    WPS puts a white-filled, unstroked rectangle behind every line of some
    paragraphs; pdfplumber takes the edges of any rectangle for ruling, so such
    prose comes out as a one-column table of one row a line.  What a reader
    cannot see does not rule a table.

    >>> white = {"object_type": "rect", "fill": True, "stroke": False, "non_stroking_color": (1.0, 1.0, 1.0)}
    >>> _draws_nothing(white)
    True
    >>> _draws_nothing({**white, "non_stroking_color": (0.0, 0.0, 0.0)})  # a rule drawn as a thin black box
    False
    >>> _draws_nothing({**white, "stroke": True, "stroking_color": 0})  # a white cell with a black border
    False
    >>> _draws_nothing({"object_type": "char", "text": "一"})
    False
    """
    if obj.get("object_type") not in ("rect", "line", "curve"):
        return False
    filled = bool(obj.get("fill")) and not _is_blank_colour(obj.get("non_stroking_color"))
    # pdfplumber sets "stroke" on every path; a shape without it is taken as stroked.
    stroked = bool(obj.get("stroke", True)) and not _is_blank_colour(obj.get("stroking_color"))
    return not filled and not stroked


def _visible_ruling(plumber_page):
    """The page without the shapes that draw nothing, so that only visible rules make tables."""
    return plumber_page.filter(lambda obj: not _draws_nothing(obj))


# A ruled box is a table when its rows set text side by side in cells: it needs this
# many such rows, and a cell of prose is one at least this share of the table wide.
MIN_TABLE_ROWS = 2
PROSE_CELL_SHARE = 0.6


def looks_like_table(rows, width: float) -> bool:
    """Whether a ruled grid holds a table rather than prose inside a frame.

    ``rows`` are a grid's rows, each a list of ``(x0, x1, text)`` cells (``None``
    where a merged cell leaves a hole); ``width`` is the grid's width.  A table
    sets text side by side: at least MIN_TABLE_ROWS rows with two or more cells
    of text, and more of them than rows whose only text is one wide cell (a
    line of prose in a frame).  A one-column box, however many rules cross it,
    is text.

    >>> prose = [[(0, 440, "本报告根据《条例》要求编制。"), None], [(0, 440, "一、总体情况"), None]]
    >>> looks_like_table(prose, 440)
    False
    >>> grid = [[(0, 440, "第二十条第（一）项"), None, None],
    ...         [(0, 150, "信息内容"), (150, 300, "本年制发件数"), (300, 440, "现行有效件数")],
    ...         [(0, 150, "规章"), (150, 300, "0"), (300, 440, "0")]]
    >>> looks_like_table(grid, 440)
    True
    >>> looks_like_table(prose * 5 + grid, 440)
    False
    """
    multi = wide = 0
    for row in rows:
        full = [cell for cell in row if cell is not None and cell[2].strip()]
        if len(full) >= 2:
            multi += 1
        elif full and (full[0][1] - full[0][0]) >= PROSE_CELL_SHARE * width:
            wide += 1
    return multi >= MIN_TABLE_ROWS and multi > wide


def _page_with_tables(plumber_page, textpage, out: TextAssembler) -> bool:
    """Write a page's text with its ruled tables as rows of cells, top to bottom.

    pdfplumber only finds the tables, from the lines the page draws; the text of
    the cells and of the bands around the tables is read by pdfium, as on every
    other page.  pdfminer, under pdfplumber, loses every character of some
    embedded fonts (CFF-based CID fonts) that pdfium reads, and it puts spaces
    into letter-spaced text that pdfium does not: a page must not read
    differently because it also holds a table.

    A grid counts only when visible rules draw it (_visible_ruling) and its
    cells hold text side by side (looks_like_table); prose inside a frame, or on
    the invisible boxes WPS draws behind paragraphs, stays text.  A page left
    without a table is read as every other page (False).
    """
    left, page_top, right, page_bottom = plumber_page.bbox
    if plumber_page.rotation:
        # pdfplumber turns the coordinates of a rotated page: read such a page with it alone.
        def text_in(bbox) -> str:
            return plumber_page.crop(bbox).extract_text(x_tolerance=1.5)
    else:
        def text_in(bbox) -> str:
            text = textpage.get_text_bounded(**_bounds(plumber_page.height, bbox))
            return text.replace("\r\n", "\n").replace("\r", "\n")
    tables = []
    for table in _visible_ruling(plumber_page).find_tables():
        if len(table.rows) < MIN_TABLE_ROWS:
            continue
        # The cells are read by pdfium here too: pdfminer may see no text where there is some.
        cells = [[(cell[0], cell[2], text_in(cell)) if cell else None for cell in row.cells] for row in table.rows]
        if looks_like_table(cells, table.bbox[2] - table.bbox[0]):
            tables.append((table, [[c[2] if c else "" for c in row] for row in cells]))
    if not tables:
        return False
    tables.sort(key=lambda pair: pair[0].bbox[1])
    top = page_top
    for table, rows in tables:
        x0, t_top, x1, t_bottom = table.bbox
        if t_top > top:
            out.ensure_newline()
            out.add(text_in((left, top, right, t_top)))
        out.add_table(rows, page=plumber_page.page_number)
        top = max(top, t_bottom)
    if top < page_bottom:
        out.ensure_newline()
        out.add(text_in((left, top, right, page_bottom)))
    return True


@lru_cache(maxsize=1)
def _ocr_engine():
    """The OCR engine, loaded once a process (its models take a second to load)."""
    try:
        # rapidocr-onnxruntime carries its models in the wheel: nothing is downloaded.
        from rapidocr_onnxruntime import RapidOCR  # type: ignore
    except ImportError:
        try:
            from rapidocr import RapidOCR  # type: ignore
        except ImportError:
            raise OCRUnavailableError(
                "", "OCR was asked for but the 'ocr' extra is not installed: pip install 'mednotice[ocr]'"
            ) from None
    return RapidOCR()


def _ocr_page(page) -> str:
    """Text of a page image, line by line, in reading order."""
    engine = _ocr_engine()
    image = page.render(scale=2).to_pil()
    result = engine(image)
    lines = getattr(result, "txts", None)
    if lines is None and isinstance(result, tuple):
        lines = [item[1] for item in (result[0] or [])]
    return "\n".join(lines or ())


def read_pdf(data: bytes, path, ocr: bool = False) -> RawText:
    _check_complete(data, path)
    # pdfium aborts the process when a stream inflates past its memory: measure before it inflates.
    check_pdf_streams(data, path)
    doc = _open(data, path)
    out = TextAssembler()
    kinds: list[str] = []
    causes: dict[int, str] = {}  # page number → why its text layer is garbled
    drawn: set[int] = set()  # empty pages that draw images or paths: scans, not blank pages
    plumber = None
    try:
        for index in range(len(doc)):
            page = doc[index]
            start = out.length
            textpage = page.get_textpage()
            raw = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            kind = page_quality(raw)
            if kind == "garbled":
                causes[index + 1] = garble_cause(raw)
            elif kind == "empty" and _draws_something(page):
                drawn.add(index + 1)
            if kind == "text" and _has_ruling(page):
                if plumber is None:
                    import io

                    import pdfplumber

                    plumber = pdfplumber.open(io.BytesIO(data))
                if _page_with_tables(plumber.pages[index], textpage, out):
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
    scanned = [i + 1 for i, k in enumerate(kinds) if k == "empty" and i + 1 in drawn]
    garble = "; ".join(dict.fromkeys(causes[n] for n in garbled))
    if not kinds:
        raise EmptyFileError(path, "the PDF has no pages")
    if not good:
        if garbled:
            raise GarbledTextError(path, f"the PDF's text layer is garbled ({garble}); {_advice(ocr, 'the pages')}")
        if scanned:
            raise NoTextLayerError(
                path,
                "the PDF has no text layer, only images or drawings (a scan or outlined text); "
                + _advice(ocr, "the pages"),
            )
        raise EmptyFileError(path, "the PDF's pages are blank: no text, images or drawings")
    # A blank page (a back cover, a separator) loses nothing: only pages with content are reported.
    if garbled:
        warnings.append(f"{_pages(garbled)} left out: the text layer is garbled ({garble}); {_advice(ocr, garbled)}")
    if scanned:
        warnings.append(f"{_pages(scanned)} left out: no text layer, only images or drawings; {_advice(ocr, scanned)}")
    return RawText(
        text=out.text(),
        format="pdf",
        pages=tuple(out.pages),
        tables=tuple(out.tables),
        warnings=tuple(warnings),
    )
