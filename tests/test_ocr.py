"""OCR of scanned pages, with the models that the 'ocr' extra ships (nothing downloaded)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from extractor import extract

pytest.importorskip("rapidocr_onnxruntime", reason="the 'ocr' extra is not installed (pip install -e '.[ocr]')")

import conversions  # noqa: E402  (tests/ is on the path under pytest)
from fpdf import FPDF  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

LINES = ["关于做好2023年城乡居民基本医疗保障工作的通知", "一、人均财政补助标准达到640元。", "二、个人缴费标准达到380元。"]


def scanned_pdf(path: Path) -> None:
    """A page that is only an image of printed lines, as a scanner makes it."""
    font_path = conversions.find_cjk_font()
    if font_path is None:
        pytest.skip("no CJK font to draw the scanned page with")
    font = ImageFont.truetype(str(font_path), 36)
    image = Image.new("RGB", (1240, 700), "white")
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(LINES):
        draw.text((60, 60 + 100 * row), line, font=font, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(buffer, x=0, y=0, w=210)
    pdf.output(str(path))


def test_scanned_page_is_read_by_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    scanned_pdf(path)
    notice = extract(path, ocr=True)
    assert [p.kind for p in notice.pages] == ["ocr"]
    assert notice.documents[0].meta.title == LINES[0]
    assert [s.title for s in notice.documents[0].sections] == ["人均财政补助标准达到640元", "个人缴费标准达到380元"]
