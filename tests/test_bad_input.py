"""Bad input fails cleanly: one typed error naming the file and the reason, never a traceback.

Every bad file is made here, inside ``tmp_path``, by a maker of a few lines
(fpdf2, python-docx, zipfile or plain bytes), so the table says at a glance
what each case is. ``extract(path)`` must raise exactly the class in the table
with the message ``"<path>: <reason>"``; the CLI must print that same message
as one ``error:`` line per bad file, write the good files' JSON and exit 1.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from badfiles import raw_pdf as _raw_pdf
from extractor import extract
from extractor.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    ExtractorError,
    FileTooLargeError,
    GarbledTextError,
    NoTextLayerError,
    NotTextError,
    OCRUnavailableError,
    TruncatedFileError,
    UnreadableFileError,
    UnsupportedFormatError,
)

ROOT = Path(__file__).resolve().parents[1]

NOTICE = """关于做好2023年城乡居民基本医疗保障工作的通知
各市医疗保障局、财政局：
一、筹资标准。全省人均财政补助标准达到640元，个人缴费标准达到380元。
二、待遇保障。政策范围内住院费用支付比例稳定在70%左右。
省医疗保障局
2023年7月20日"""

# A font with Chinese glyphs, for the PDFs whose text must be Chinese; the others use Helvetica.
CJK_FONTS = [
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),  # the font the tests pin (.ci/run installs it)
]
CJK_FONT = next((f for f in CJK_FONTS if f.exists()), None)
needs_cjk_font = pytest.mark.skipif(CJK_FONT is None, reason="no Chinese font to draw a text layer with")


# --- makers: each writes one file into a folder and returns its path -------------------


def _pdf(pages, *, cjk: bool = False, **encryption) -> bytes:
    """A PDF of one page per drawing function, made with fpdf2."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    if cjk:
        pdf.add_font("cjk", fname=str(CJK_FONT))
        pdf.set_font("cjk", size=12)
    else:
        pdf.set_font("Helvetica", size=12)
    if encryption:
        pdf.set_encryption(**encryption)
    for draw in pages:
        pdf.add_page()
        draw(pdf)
    return bytes(pdf.output())


def _write(text: str):
    return lambda pdf: pdf.multi_cell(0, 8, text)


def _rectangles(pdf) -> None:
    for i in range(4):
        pdf.rect(20 + 10 * i, 20 + 30 * i, 120, 20, style="F")


def _image(pdf) -> None:
    from PIL import Image, ImageDraw

    scan = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(scan).rectangle((40, 40, 360, 160), outline=0, width=4)
    pdf.image(scan, x=20, y=20, w=160)


def _blank(pdf) -> None:
    pass


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def _private_use_pdf() -> bytes:
    """Text whose font maps every code to the Private Use Area, as subset fonts without a real ToUnicode do."""
    to_unicode = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <20> <7E> <E020> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    content = b"BT /F1 14 Tf 72 720 Td (Guanyu zuohao 2023 nian chengxiang jumin yiliao baozhang gongzuo) Tj ET"
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        _stream(content),
        _stream(to_unicode),
    ])


def _aes256():
    from fpdf.enums import EncryptionMethod

    return EncryptionMethod.AES_256


def _doubled(text: str) -> str:
    """Fake bold: each character drawn twice, so the text layer holds each one twice."""
    return "".join(ch * 2 if not ch.isspace() else ch for ch in text)


def _docx() -> bytes:
    import docx

    document = docx.Document()
    for line in NOTICE.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _zip(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
BINARY = bytes(range(256)) * 8


def maker(name: str, make):
    """A maker writing ``make()`` (bytes) to ``folder/name``, named after the case."""

    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(make())
        return path

    write.__name__ = name
    return write


def good_text(folder: Path) -> Path:
    path = folder / "good.txt"
    path.write_text(NOTICE, "utf-8")
    return path


def missing(folder: Path) -> Path:
    return folder / "missing.pdf"


def a_folder(folder: Path) -> Path:
    path = folder / "notices.pdf"
    path.mkdir()
    return path


def locked(folder: Path) -> Path:
    path = folder / "locked.txt"
    path.write_text(NOTICE, "utf-8")
    path.chmod(0)
    return path


def a_pipe(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


# --- the table ----------------------------------------------------------------------


def case(make, error, fragment, *marks, **options):
    return pytest.param(make, error, fragment, options, id=make.__name__, marks=marks)


CASES = [
    # PDFs without a usable text layer
    case(maker("image_only.pdf", lambda: _pdf([_image])), NoTextLayerError,
         "the PDF has no text layer, only images or drawings (a scan or outlined text); "
         "run with OCR (--ocr) to read the pages"),
    case(maker("rectangles_only.pdf", lambda: _pdf([_rectangles])), NoTextLayerError,
         "no text layer, only images or drawings"),
    case(maker("blank_pages.pdf", lambda: _pdf([_blank, _blank])), EmptyFileError,
         "the PDF's pages are blank: no text, images or drawings"),
    case(maker("fake_bold.pdf", lambda: _pdf([_write(_doubled(NOTICE))], cjk=True)), GarbledTextError,
         "the PDF's text layer is garbled (characters doubled, as fake bold draws each one twice); "
         "run with OCR (--ocr) to read the pages", needs_cjk_font),
    case(maker("private_use.pdf", _private_use_pdf), GarbledTextError,
         "garbled (glyph codes or private-use characters instead of text: the fonts have no Unicode map)"),
    # PDFs that cannot be opened
    case(maker("encrypted_rc4.pdf", lambda: _pdf([_write("notice")], owner_password="o", user_password="u")),
         EncryptedFileError, "the PDF is encrypted and needs a password to open; save a copy without the password"),
    case(maker("encrypted_aes.pdf", lambda: _pdf(
        [_write("notice")], owner_password="o", user_password="u", encryption_method=_aes256())),
         EncryptedFileError, "the PDF is encrypted and needs a password to open"),
    case(maker("corrupt.pdf", lambda: b"%PDF-1.7\n" + random.Random(1).randbytes(4000) + b"\n%%EOF\n"),
         CorruptFileError, "the PDF is damaged: its structure cannot be parsed"),
    case(maker("random_after_header.pdf", lambda: b"%PDF-1.7\n" + random.Random(2).randbytes(4000)),
         CorruptFileError, "the file starts like a PDF but holds no PDF objects: it is damaged or not a PDF"),
    case(maker("truncated.pdf", lambda: (lambda d: d[: len(d) // 2])(_pdf([_write("notice " * 200)] * 3))),
         TruncatedFileError, "the PDF is truncated (no end-of-file marker): the download or copy was cut short"),
    # empty files
    case(maker("empty.txt", lambda: b""), EmptyFileError, "the file is empty (0 bytes)"),
    case(maker("empty.pdf", lambda: b""), EmptyFileError, "the file is empty (0 bytes)"),
    case(maker("whitespace.txt", lambda: b" \r\n\t \n"), EmptyFileError, "the file holds only whitespace, no text"),
    case(maker("whitespace.docx", lambda: b"\n\n  "), EmptyFileError, "the file holds only whitespace, no text"),
    case(maker("bom_only.txt", lambda: codecs.BOM_UTF8 + b"\r\n"), EmptyFileError, "only whitespace, no text"),
    case(maker("ideographic_spaces.txt", lambda: "\u3000\u3000\n".encode()), EmptyFileError, "only whitespace"),
    case(maker("utf16_spaces.txt", lambda: "  \n ".encode("utf-16")), EmptyFileError, "only whitespace"),
    case(maker("zeros.pdf", lambda: bytes(4096)), EmptyFileError,
         "the file holds only NUL bytes: it was not fully written; fetch it again"),
    # types the toolkit does not read
    case(maker("notice.xyz", lambda: BINARY), UnsupportedFormatError,
         "unknown file type .xyz: the toolkit reads .txt, .pdf, .html/.htm and .docx; rename the file"),
    case(maker("notice", lambda: BINARY), UnsupportedFormatError, "unknown file type (no extension)"),
    case(maker("fees.xlsx", lambda: _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})),
         UnsupportedFormatError, "an Excel workbook is not read: save the notice as .docx or PDF"),
    case(maker("notices.zip", lambda: _zip({"a.txt": NOTICE})), UnsupportedFormatError,
         "a zip archive is not a notice: unpack it and pass the files inside"),
    case(maker("notice.doc", lambda: OLE_HEADER), UnsupportedFormatError,
         "old binary Word/Excel files (.doc/.xls) are not read: save it as .docx or PDF"),
    case(maker("scan.txt", lambda: b"\x89PNG\r\n\x1a\n" + BINARY), UnsupportedFormatError,
         "the file is a PNG image, not text: put the scan in a PDF and run with OCR (--ocr)"),
    case(maker("notice.pdf.gz", lambda: b"\x1f\x8b\x08\x00" + BINARY), UnsupportedFormatError,
         "a gzip archive is not a notice: unpack it"),
    # too large
    case(maker("over_limit.txt", NOTICE.encode), FileTooLargeError,
         "the file is 319 bytes, over the limit of 100 bytes; raise the limit with --max-mb", max_bytes=100),
    # binary named as text
    case(maker("binary.txt", lambda: BINARY), NotTextError, "the file is named as text but holds binary data"),
    case(maker("broken_utf16.txt", lambda: codecs.BOM_UTF16_LE + "通知".encode("utf-16-le") + b"\x00\xd8"),
         NotTextError, "the file starts as UTF-16 text but bytes 6–7 are not valid UTF-16"),
    # Word files
    case(maker("corrupt.docx", lambda: b"PK\x03\x04" + random.Random(3).randbytes(2000)), CorruptFileError,
         "the Word file is damaged"),
    case(maker("truncated.docx", lambda: (lambda d: d[: len(d) // 2])(_docx())), CorruptFileError, "the Word file is damaged"),
    case(maker("not_word.docx", lambda: _zip({"content.xml": "<x/>"})), CorruptFileError,
         "the file is a zip archive but not a Word document"),
    case(maker("encrypted.docx", lambda: OLE_HEADER + "EncryptedPackage".encode("utf-16-le")), EncryptedFileError,
         "the Office file is encrypted and needs a password: save an unprotected copy"),
    # not a file
    case(missing, UnreadableFileError, "no such file"),
    case(a_folder, UnreadableFileError, "the path is a folder, not a file: pass the files inside it"),
    case(locked, UnreadableFileError, "permission denied: the file cannot be read",
         pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")),
    case(a_pipe, UnreadableFileError, "not a regular file (a pipe or a device)",
         pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")),
]


@pytest.mark.parametrize("make, error, fragment, options", CASES)
def test_bad_input_raises_a_typed_error(tmp_path, make, error, fragment, options):
    path = make(tmp_path)
    with pytest.raises(ExtractorError) as info:
        extract(path, **options)
    exc = info.value
    assert type(exc) is error, f"{type(exc).__name__}: {exc}"
    assert fragment in exc.reason
    assert str(exc) == f"{path}: {exc.reason}"
    assert exc.path == str(path)
    assert "\n" not in str(exc)


def test_errors_name_the_file_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("empty.txt").write_bytes(b"")
    with pytest.raises(EmptyFileError, match=r"^\./empty\.txt: the file is empty \(0 bytes\)$"):
        extract("./empty.txt")


# --- bad pages inside a good PDF: read, with a warning ------------------------------


@needs_cjk_font
def test_a_garbled_page_is_left_out_with_a_warning(tmp_path):
    path = tmp_path / "mixed.pdf"
    path.write_bytes(_pdf([_write(NOTICE), _write(_doubled(NOTICE))], cjk=True))
    notice = extract(path)
    assert [p.kind for p in notice.pages] == ["text", "garbled"]
    assert notice.warnings == (
        "page 2 left out: the text layer is garbled (characters doubled, as fake bold draws each one twice); "
        "run with OCR (--ocr) to read it",
    )
    assert "个人缴费标准达到380元" in notice.text
    assert "个个人人" not in notice.text


@needs_cjk_font
def test_a_scanned_page_is_left_out_with_a_warning_and_a_blank_one_silently(tmp_path):
    path = tmp_path / "mixed.pdf"
    path.write_bytes(_pdf([_write(NOTICE), _image, _blank, _image], cjk=True))
    notice = extract(path)
    assert [p.kind for p in notice.pages] == ["text", "empty", "empty", "empty"]
    assert notice.warnings == (
        "pages 2, 4 left out: no text layer, only images or drawings; run with OCR (--ocr) to read them",
    )


def test_owner_password_alone_does_not_stop_reading(tmp_path):
    # Permissions without a user password: any reader opens the file, and so do we.
    path = tmp_path / "protected.pdf"
    path.write_bytes(_pdf([_write("Notice on resident medical insurance, 2023")], owner_password="owner"))
    assert "2023" in extract(path).text


def test_ocr_without_the_extra_says_how_to_install_it(tmp_path, monkeypatch):
    # None in sys.modules makes the import fail, as on a machine without the extra.
    monkeypatch.setitem(sys.modules, "rapidocr", None)
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    import extractor.readers.pdf as pdf_reader

    pdf_reader._ocr_engine.cache_clear()  # an engine loaded by an earlier test would hide the missing extra
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf([_image]))
    with pytest.raises(OCRUnavailableError) as info:
        extract(path, ocr=True)
    assert str(info.value) == (
        f"{path}: OCR was asked for but the 'ocr' extra is not installed: pip install 'mednotice[ocr]'"
    )


def test_after_ocr_the_advice_is_not_to_run_ocr(tmp_path, monkeypatch):
    import extractor.readers.pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "_ocr_page", lambda page: "")  # OCR that finds nothing
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf([_image]))
    with pytest.raises(NoTextLayerError) as info:
        extract(path, ocr=True)
    assert info.value.reason.endswith("OCR found no text on the pages either")


# --- the command line ---------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "default"}  # a warning would show up as a stray stderr line
    return subprocess.run(
        [sys.executable, "-m", "extractor", "extract", *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", env=env, timeout=300,
    )


def _summary_or_count(line: str, good: list[Path], total: int, failed: int) -> bool:
    return any(line.startswith(f"{g} → ") for g in good) or line == f"{failed} of {total} files could not be read"


def test_cli_reports_each_bad_file_in_one_line_and_goes_on(tmp_path):
    bad_dir, out = tmp_path / "bad", tmp_path / "out"
    bad_dir.mkdir()
    good = [good_text(tmp_path)]
    if CJK_FONT is not None:
        good.append(tmp_path / "good.pdf")
        good[-1].write_bytes(_pdf([_write(NOTICE)], cjk=True))
    expected = {}
    for param in CASES:
        make, error, fragment, options = param.values
        if options or any(m.name == "skipif" and m.args[0] for m in param.marks):
            continue  # cases that need their own options, and those this machine cannot make
        path = make(bad_dir)
        with pytest.raises(error) as info:
            extract(path)
        assert fragment in info.value.reason
        expected[str(path)] = f"error: {info.value}"
    files = [str(good[0]), *expected, *map(str, good[1:])]  # good files first and last: the batch goes on

    result = _cli(*files, "--out", str(out))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert sorted(errors) == sorted(expected.values())
    assert len(errors) == len(expected)
    others = [line for line in lines if not line.startswith("error: ")]
    assert all(_summary_or_count(line, good, len(files), len(expected)) for line in others), others
    records = [json.loads(p.read_text("utf-8")) for p in sorted(out.iterdir())]
    # good.txt and good.pdf share a stem: the second is written beside the first, not over it.
    assert sorted(p.name for p in out.iterdir()) == ["good-2.json", "good.json"][2 - len(good):]
    assert sorted(r["source"] for r in records) == sorted(p.name for p in good)


def test_cli_max_mb_refuses_a_large_file_and_reads_a_small_one(tmp_path):
    small = tmp_path / "small.txt"
    small.write_text(NOTICE, "utf-8")  # about 400 bytes
    large = tmp_path / "large.txt"
    large.write_text(NOTICE + "\n" + "二、待遇保障。" * 200, "utf-8")  # about 4.6 KB

    result = _cli(str(small), str(large), "--max-mb", "0.001", "--out", str(tmp_path / "out"))  # 1,048 bytes

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    size = large.stat().st_size
    assert errors == [
        f"error: {large}: the file is {size:,} bytes, over the limit of 1,048 bytes; "
        "raise the limit with --max-mb (or MEDNOTICE_MAX_BYTES)"
    ]
    assert (tmp_path / "out" / "small.json").exists()
    assert not (tmp_path / "out" / "large.json").exists()


def test_cli_refuses_an_output_folder_that_is_a_file(tmp_path):
    taken = tmp_path / "out"
    taken.write_text("not a folder")
    result = _cli(str(good_text(tmp_path)), "--out", str(taken))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {taken}: cannot be used as the output folder")


def test_cli_turns_an_unexpected_failure_into_one_line(tmp_path, monkeypatch, capsys):
    import argparse

    import extractor.pipeline
    from extractor.cli import cmd_extract

    def broken(path, **options):
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(extractor.pipeline, "extract", broken)
    good = good_text(tmp_path)
    args = argparse.Namespace(files=[str(good)], out=str(tmp_path / "out"), ocr=False, max_mb=None, indent=2)
    assert cmd_extract(args) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {good}: unexpected failure (RuntimeError: a bug over two lines); please report it with the file",
        "1 of 1 files could not be read",
    ]
