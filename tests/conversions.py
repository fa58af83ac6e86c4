"""Turn a notice's plain text into the other formats researchers receive it in.

Each builder takes the UTF-8 text of a corpus notice and writes one file:

- ``pdf``: A4 pages in one pinned font (Noto Sans CJK SC of the Debian package
  fonts-noto-cjk, or the font file named by ``$MEDNOTICE_CJK_FONT``), every line
  wrapped at the page width character by character (so lines break inside
  sentences and inside numbers), the page number printed as a footer (``—2—`` on
  odd pages, ``- 2 -`` on even pages).  fpdf2 writes the footer when it closes a page, so in the text layer
  the page number stands between the last line of a page and the first line of
  the next: inside the sentence that runs over the page break, as in real PDFs.
- ``pdf_letterspaced``: the same, with the red-header lines (the issuers above
  the 文号) printed in red and letter-spaced, by character spacing or by
  literal spaces between the characters.
- ``pdf_table``: the same as ``pdf`` with a ruled table after the text; its
  plain-text counterpart (:func:`with_table`) has the same rows appended as
  tab-separated cells.
- ``html``: a government-site page: header, nav menu, breadcrumb, info bar,
  share widget, sidebar, footer, ``<script>`` and ``<style>`` around an article
  div holding one ``<p>`` per line.
- ``gb18030``, ``utf16_bom`` (with BOM, CRLF as Notepad writes it),
  ``utf16le`` (no BOM): the text re-encoded.
- ``docx``: one Word paragraph per line.

The builders only re-typeset the seed: they add no words of their own to the
notice, so every variant must read to the same metadata, sections and text.
"""

from __future__ import annotations

import codecs
import glob
import html
import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "samples"

VARIANTS = ("pdf", "pdf_letterspaced", "pdf_table", "html", "gb18030", "utf16_bom", "utf16le", "docx")
PDF_VARIANTS = ("pdf", "pdf_letterspaced", "pdf_table")
SUFFIX = {
    "pdf": ".pdf", "pdf_letterspaced": ".pdf", "pdf_table": ".pdf", "html": ".html",
    "gb18030": ".txt", "utf16_bom": ".txt", "utf16le": ".txt", "docx": ".docx",
}

# A fee table as notices attach it: 3 columns, one cell long enough to wrap inside its cell.
TABLE_ROWS = (
    ("参保人员类别", "个人缴费标准（元/人·年）", "财政补助标准（元/人·年）"),
    ("城乡居民（含未成年人、在校大中专学生及灵活就业人员中未参加职工医保者）", "380", "640"),
    ("特困人员", "0", "1020"),
    ("低保对象、返贫致贫人口", "114", "906"),
)

# One font for every PDF the tests typeset, whatever else the machine has: where a line
# wraps depends on the font's widths, and what the layout stage must join depends on
# where lines wrap, so another font would make other PDFs and other results.
FONT_ENV = "MEDNOTICE_CJK_FONT"  # a font file to use instead, at the user's own risk
FONT_PACKAGE = "fonts-noto-cjk"  # the Debian package that ships FONT_FILE; .ci/run installs it
FONT_FILE = "NotoSansCJK-Regular.ttc"
FONT_FACE = "Noto Sans CJK SC"  # the collection's simplified Chinese face, the script of the notices
FONT_DIR = Path("/usr/share/fonts/opentype/noto")  # where the Debian package puts it
# Other distributions put the same file elsewhere under these; fontconfig knows the rest (~/.fonts).
FONT_GLOBS = ("/usr/share/fonts/**/" + FONT_FILE, "/usr/local/share/fonts/**/" + FONT_FILE)
MISSING_FONT = (
    f"the PDF variants are typeset in {FONT_FACE} ({FONT_FILE}), which is not installed: "
    f"apt-get install {FONT_PACKAGE} (bash .ci/run does), or set {FONT_ENV} to a CJK font file"
)

FONT_SIZE = 15  # pt: official documents use 16 pt 仿宋; a little smaller keeps the PDFs to a few pages
LINE_HEIGHT = 7.5  # mm
MARGIN = 25  # mm
RED = (200, 0, 0)
SENTENCE_MARKS = re.compile(r"[，。；：,;:、！？!?（）()《》〔〕\[\]]")


def seed_paths() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def seed_text(path: Path) -> str:
    return path.read_text("utf-8")


# --- font -------------------------------------------------------------------


def noto_cjk_font() -> Path | None:
    """The pinned font file, where the Debian package or fontconfig put it, or None."""
    if (FONT_DIR / FONT_FILE).is_file():
        return FONT_DIR / FONT_FILE
    for pattern in FONT_GLOBS:
        for found in sorted(glob.glob(pattern, recursive=True)):
            return Path(found)
    if shutil.which("fc-list"):
        try:
            listing = subprocess.run(
                ["fc-list", ":", "file"], capture_output=True, text=True, timeout=20, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            listing = ""
        # The same file by name only: another CJK font would wrap the lines elsewhere.
        for found in sorted({line.split(":")[0].strip() for line in listing.splitlines()}):
            if Path(found).name == FONT_FILE and Path(found).is_file():
                return Path(found)
    return None


def find_cjk_font() -> Path:
    """The font the PDF variants are typeset in: ``$MEDNOTICE_CJK_FONT`` if set, else the
    pinned Noto Sans CJK.  Called from a test or fixture, it fails that test when the
    override names no file and skips it, naming the package to install, when the pinned
    font is missing."""
    override = os.environ.get(FONT_ENV)
    if override:
        if not Path(override).is_file():
            pytest.fail(f"{FONT_ENV}={override!r} is not a font file")
        return Path(override)
    font = noto_cjk_font()
    if font is None:
        pytest.skip(MISSING_FONT)
    return font


def find_cff_cjk_font() -> Path | None:
    """A CJK font with PostScript (CFF) outlines, or None: the pinned Noto Sans CJK is one.

    fpdf2 embeds it as a CIDFontType0 font, which pdfminer (under pdfplumber)
    reads no character of while pdfium reads them all: the PDF reader must
    not depend on pdfminer for text.
    """
    return noto_cjk_font()


@lru_cache(maxsize=None)
def face_number(font: Path, family: str = FONT_FACE) -> int:
    """Index of the face named ``family`` in a font collection (.ttc); 0 for a single font,
    or for a collection without that face (an override).

    >>> face_number(Path("SomeFont-Regular.ttf"))
    0
    """
    if font.suffix.lower() not in (".ttc", ".otc"):
        return 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(font), lazy=True)
    try:
        for index, face in enumerate(collection.fonts):
            if face["name"].getDebugName(1) == family:
                return index
    finally:
        collection.close()
    return 0


# --- plain-text counterparts -------------------------------------------------


def with_table(text: str, rows=TABLE_ROWS) -> str:
    """The seed with the table appended as rows of tab-separated cells."""
    return text.rstrip("\n") + "\n" + "".join("\t".join(row) + "\n" for row in rows)


def red_header_lines(lines: list[str]) -> list[int]:
    """Indexes of the red-header lines: the issuer lines a notice opens with, before
    its 文号 and title.  They are short and hold no digits, no 关于 and no
    punctuation; the first line that does ends the header."""
    found = []
    for index, line in enumerate(lines):
        compact = line.strip()
        if not compact:
            continue
        if len(compact) > 40 or "关于" in compact or re.search(r"[0-9０-９]", compact) or SENTENCE_MARKS.search(compact):
            break
        found.append(index)
    return found


# --- PDF --------------------------------------------------------------------


def page_label(number: int) -> str:
    """The footer of a page: official documents put —N— right on odd pages, - N - left on even ones."""
    return f"—{number}—" if number % 2 else f"- {number} -"


def _pdf_class():
    from fpdf import FPDF

    class NoticePDF(FPDF):
        def footer(self) -> None:
            self.set_y(-18)
            self.set_font("cjk", size=12)
            self.set_text_color(0, 0, 0)
            self.set_char_spacing(0)
            number = self.page_no()
            self.cell(0, 8, page_label(number), align="R" if number % 2 else "L")

    return NoticePDF


def _wrap(pdf, text: str, width: float) -> list[str]:
    """Lines of ``text`` that fit ``width``, broken at any character, as CJK layout does."""
    lines, current, used = [], "", 0.0
    widths: dict[str, float] = {}
    for ch in text:
        w = widths.get(ch)
        if w is None:
            w = widths[ch] = pdf.get_string_width(ch)
        if current and used + w > width:
            lines.append(current)
            current, used = "", 0.0
        current += ch
        used += w
    if current:
        lines.append(current)
    return lines


def write_pdf(text: str, path: Path, font: Path, *, letter_spaced: bool = False, table=None) -> Path:
    """Typeset ``text`` on A4 pages; see the module docstring for the variants."""
    pdf = _pdf_class()(format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font("cjk", fname=str(font), collection_font_number=face_number(Path(font)))
    pdf.set_font("cjk", size=FONT_SIZE)
    pdf.add_page()
    lines = text.replace("\r\n", "\n").split("\n")
    # Red-header line → its position in the header: even positions get typed spaces, odd ones character spacing.
    header = {index: position for position, index in enumerate(red_header_lines(lines))} if letter_spaced else {}
    for index, line in enumerate(lines):
        compact = line.strip()
        if not compact:
            pdf.ln(LINE_HEIGHT / 2)
            continue
        if index in header:
            pdf.set_text_color(*RED)
            pdf.set_font("cjk", size=FONT_SIZE + 7)
            if header[index] % 2 == 0:
                # Spaces typed between the characters, as Word users letter-space a header;
                # names sharing the line keep a wider gap between them.
                names = compact.split()
                if all(len(name) == 1 for name in names):
                    names = ["".join(names)]  # the seed's line is letter-spaced already
                shown = "   ".join(" ".join(name) for name in names)
                pdf.set_char_spacing(2)
            else:
                # Character spacing (Tc): the text layer has no spaces, only wider gaps.
                shown = compact
                pdf.set_char_spacing(8)
            pdf.cell(0, LINE_HEIGHT * 1.6, shown, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.set_char_spacing(0)
            pdf.set_font("cjk", size=FONT_SIZE)
            pdf.set_text_color(0, 0, 0)
            continue
        for piece in _wrap(pdf, compact, pdf.epw):
            pdf.cell(0, LINE_HEIGHT, piece, new_x="LMARGIN", new_y="NEXT")
    if table:
        pdf.ln(LINE_HEIGHT)
        # Keep the table on one page, as an attachment table starts a page when it does not fit.
        if pdf.y + LINE_HEIGHT * 2.2 * len(table) > pdf.page_break_trigger:
            pdf.add_page()
        pdf.set_font("cjk", size=FONT_SIZE - 3)
        with pdf.table(first_row_as_headings=False, col_widths=(50, 25, 25), line_height=LINE_HEIGHT) as grid:
            for row in table:
                cells = grid.row()
                for cell in row:
                    cells.cell(cell)
    pdf.output(str(path))
    return path


# --- HTML -------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>通知公告_医疗保障局网站</title>
<style>
body {{ font-family: "仿宋", serif; }}
.article-content p {{ text-indent: 2em; line-height: 1.8; }}
.nav a::after {{ content: "｜"; }}
</style>
<script>var _hmt = _hmt || []; var siteName = "医疗保障局门户网站"; document.title = "通知公告";</script>
</head>
<body>
<header class="site-header"><div class="logo">医疗保障局门户网站</div><div class="top-links"><a href="#">无障碍浏览</a> <a href="#">长者模式</a></div></header>
<nav class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/tzgg/">通知公告</a></li>
<li><a href="/zcfg/">政策法规</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li>
</ul></nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a> &gt; 正文</div>
<div class="container">
<div class="article">
<div class="article-info">发布日期：2023-09-01 浏览次数：1024 字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
<div class="article-content">
{paragraphs}
</div>
<div class="share-bar">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a><div class="qrcode">扫一扫在手机打开当前页</div></div>
<div class="print-close"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<aside class="sidebar"><h3>相关文章</h3><ul><li><a href="#">关于开展医保政策宣传月活动的通知</a></li><li><a href="#">城乡居民医保参保缴费问答</a></li></ul></aside>
</div>
<footer class="site-footer"><p>主办单位：医疗保障局 版权所有 联系电话：12393</p><p>网站标识码 备案号 技术支持：信息中心</p></footer>
<script>
(function () {{ var s = document.createElement("script"); s.src = "/stat.js"; document.body.appendChild(s); }})();
window.shareConfig = {{ title: "关于做好城乡居民医保工作的通知", text: "转发到朋友圈" }};
</script>
</body>
</html>
"""


def write_html(text: str, path: Path) -> Path:
    paragraphs = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
    path.write_text(PAGE.format(paragraphs=paragraphs), "utf-8")
    return path


# --- encodings and Word -------------------------------------------------------


def write_encoded(text: str, path: Path, variant: str) -> Path:
    if variant == "gb18030":
        data = text.encode("gb18030")
    elif variant == "utf16_bom":
        # Notepad's "Unicode": little-endian with BOM, CRLF line ends.
        data = codecs.BOM_UTF16_LE + text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-16-le")
    elif variant == "utf16le":
        data = text.encode("utf-16-le")
    else:
        raise ValueError(variant)
    path.write_bytes(data)
    return path


def write_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in text.replace("\r\n", "\n").split("\n"):
        document.add_paragraph(line)
    document.save(str(path))
    return path


def plain_counterpart(variant: str, text: str) -> str:
    """The plain text a variant must read the same as: the seed, or the seed with the table rows."""
    return with_table(text) if variant == "pdf_table" else text


def build(variant: str, text: str, directory: Path, stem: str, font: Path | None = None) -> Path:
    """Write the ``variant`` of the seed ``text`` into ``directory``; return its path."""
    path = Path(directory) / f"{stem}.{variant}{SUFFIX[variant]}"
    if variant in PDF_VARIANTS:
        if font is None:
            raise ValueError("the PDF variants need a CJK font")
        return write_pdf(
            text,
            path,
            font,
            letter_spaced=variant == "pdf_letterspaced",
            table=TABLE_ROWS if variant == "pdf_table" else None,
        )
    if variant == "html":
        return write_html(text, path)
    if variant == "docx":
        return write_docx(text, path)
    return write_encoded(text, path, variant)
