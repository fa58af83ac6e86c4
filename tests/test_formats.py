"""Every corpus notice turned into another format reads as its plain text does.

Each seed in ``corpus/`` is re-typeset by :mod:`conversions` (PDF with page
numbers inside sentences, letter-spaced red header, ruled table; a web page
with its chrome; GB18030, UTF-16 with and without BOM; Word) and must give the
same metadata (all keys but ``publish_date``, which only a web page has), the
same section tree and the same cleaned text, whitespace aside, as the plain
text it was made from.
"""

from __future__ import annotations

import re

import pytest

import conversions
from extractor import extract

SEEDS = conversions.seed_paths()
VARIANTS = conversions.VARIANTS


def _cases(check: str) -> list:
    return list(_iter_cases(check))


def _iter_cases(check: str):
    for seed in SEEDS:
        for variant in VARIANTS:
            yield pytest.param(seed, variant, id=f"{seed.stem}-{variant}")


# --- building and reading, once per file --------------------------------------


@pytest.fixture(scope="module")
def font():
    path = conversions.find_cjk_font()
    if path is None:
        pytest.skip(
            "no CJK font found (looked for wqy-zenhei / Noto CJK under /usr/share/fonts and via fc-list; "
            f"set {conversions.FONT_ENV}): the PDF variants cannot be typeset"
        )
    return path


class Library:
    """Variants built on first use and read once; plain-text references read once."""

    def __init__(self, directory, request) -> None:
        self.directory = directory
        self.request = request
        self.files: dict = {}
        self.notices: dict = {}

    def path(self, seed, variant):
        key = (seed.stem, variant)
        if key not in self.files:
            font = self.request.getfixturevalue("font") if variant in conversions.PDF_VARIANTS else None
            self.files[key] = conversions.build(variant, conversions.seed_text(seed), self.directory, seed.stem, font)
        return self.files[key]

    def notice(self, seed, variant):
        key = (seed.stem, variant)
        if key not in self.notices:
            self.notices[key] = extract(self.path(seed, variant))  # a reader error is raised every time
        return self.notices[key]

    def reference(self, seed, variant):
        """The notice read from the plain text the variant must match."""
        text = conversions.plain_counterpart(variant, conversions.seed_text(seed))
        key = (seed.stem, "plain", text == conversions.seed_text(seed))
        if key not in self.notices:
            if key[2]:
                self.notices[key] = extract(seed)
            else:
                path = self.directory / f"{seed.stem}.{variant}.plain.txt"
                path.write_text(text, "utf-8")
                self.notices[key] = extract(path)
        return self.notices[key]


@pytest.fixture(scope="module")
def library(tmp_path_factory, request):
    return Library(tmp_path_factory.mktemp("formats"), request)


def metas(notice) -> list[dict]:
    return [d.meta.model_dump(exclude={"publish_date"}) for d in notice.documents]


def tree(sections) -> list:
    return [(s.number, s.title, tree(s.children)) for s in sections]


def trees(notice) -> list:
    return [tree(d.sections) for d in notice.documents]


def compact(text: str) -> str:
    return "".join(text.split())


_INFO_LABEL = re.compile(r"^\s*(?:索\s*引\s*号|发\s*布\s*机\s*构|生\s*效\s*日\s*期|废\s*止\s*日\s*期|文\s*号|所\s*属\s*主\s*题)\s*[:：]")


def without_info_bar(text: str, variant: str) -> str:
    """A web page reads the 信息公开 bar above the title as page fields, not text (metadata and
    sections agree: test_same_metadata): the text file's copy of those lines is left out."""
    if not variant.startswith("html"):
        return text
    lines = text.split("\n")
    while lines and _INFO_LABEL.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


# --- the three comparisons ------------------------------------------------------


@pytest.mark.parametrize("seed, variant", _cases("metadata"))
def test_same_metadata(library, seed, variant):
    assert metas(library.notice(seed, variant)) == metas(library.reference(seed, variant))


@pytest.mark.parametrize("seed, variant", _cases("sections"))
def test_same_sections(library, seed, variant):
    assert trees(library.notice(seed, variant)) == trees(library.reference(seed, variant))


def figures(notice) -> list:
    return [
        sorted(
            (p.field, str(p.value), p.unit, tuple(sorted(p.scope.items())), str(p.year), str(p.qualifier))
            for p in doc.parameters
        )
        for doc in notice.documents
    ]


@pytest.mark.parametrize("seed, variant", _cases("parameters"))
def test_same_parameters(library, seed, variant):
    assert figures(library.notice(seed, variant)) == figures(library.reference(seed, variant))


@pytest.mark.parametrize("seed, variant", _cases("text"))
def test_same_cleaned_text(library, seed, variant):
    reference = without_info_bar(library.reference(seed, variant).text, variant)
    assert compact(library.notice(seed, variant).text) == compact(reference)


# --- what the variants record besides the text ------------------------------------

EXPECTED_ENCODING = {"gb18030": "gb18030", "utf16_bom": "utf-16", "utf16le": "utf-16-le"}


@pytest.mark.parametrize(
    "seed, variant",
    [c for c in _cases("encoding") if c.values[1] in EXPECTED_ENCODING],
)
def test_encoding_is_recorded(library, seed, variant):
    notice = library.notice(seed, variant)
    assert (notice.format, notice.encoding) == ("txt", EXPECTED_ENCODING[variant])


@pytest.mark.parametrize("variant", conversions.PDF_VARIANTS)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_pdf_pages_are_recorded(library, seed, variant):
    import pypdfium2 as pdfium

    path = library.path(seed, variant)
    notice = library.notice(seed, variant)
    document = pdfium.PdfDocument(str(path))
    try:
        count = len(document)
    finally:
        document.close()
    assert notice.format == "pdf"
    assert [p.number for p in notice.pages] == list(range(1, count + 1))
    kinds = [p.kind for p in notice.pages]
    if variant == "pdf_table":
        # The table stands after the text, on the last page.
        assert kinds == ["text"] * (count - 1) + ["table"]
    else:
        assert kinds == ["text"] * count
    # Pages tile the source text in order.
    assert notice.pages[0].start == 0 and notice.pages[-1].end == len(notice.source_text)
    assert all(a.end == b.start for a, b in zip(notice.pages, notice.pages[1:]))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_pdf_table_rows_are_recorded(library, seed):
    notice = library.notice(seed, "pdf_table")
    assert len(notice.tables) == 1
    table = notice.tables[0]
    assert table.rows == conversions.TABLE_ROWS
    assert table.page == len(notice.pages)
    rows = "\n".join("\t".join(row) for row in conversions.TABLE_ROWS)
    assert notice.text[table.span.start : table.span.end] == rows


@pytest.mark.parametrize("stem", ["15_wuhu_2021", "003_f2d8fd1fa102c120"])
def test_table_page_in_a_font_pdfminer_cannot_read(library, tmp_path, stem):
    """A table page reads as the other pages even when pdfminer loses the font's characters."""
    font = conversions.find_cff_cjk_font()
    if font is None:
        pytest.skip("no CJK font with CFF outlines (Noto Sans/Serif CJK) installed")
    seed = conversions.CORPUS / f"{stem}.txt"
    notice = extract(conversions.build("pdf_table", conversions.seed_text(seed), tmp_path, stem, font))
    reference = library.reference(seed, "pdf_table")
    assert notice.pages[-1].kind == "table"
    assert [t.rows for t in notice.tables] == [conversions.TABLE_ROWS]
    assert compact(notice.text) == compact(reference.text)
    assert metas(notice) == metas(reference)


# --- the generator does what it claims ---------------------------------------------
# Without these, a change to conversions.py could make the PDFs too easy to read.

PAGE_NUMBER = r"(?:—\d+—|- \d+ -)"


def test_pdfs_break_inside_sentences_and_numbers(library):
    import re

    breaks_inside_sentence = 0
    wraps_inside_number = 0
    for seed in SEEDS:
        notice = library.notice(seed, "pdf")
        source = notice.source_text
        for page in notice.pages:
            last = source[page.start : page.end].strip("\f\n").split("\n")[-1]
            assert last == conversions.page_label(page.number), f"{seed.stem}: page {page.number} ends with its number"
        for before in re.findall(rf"([^\n]*)\n{PAGE_NUMBER}\n\f\n(?=\S)", source):
            breaks_inside_sentence += not before.rstrip().endswith(("。", "：", ":", "；", ";"))
        wraps_inside_number += len(re.findall(r"[0-9]\n[0-9]", source))
    assert breaks_inside_sentence >= 5
    assert wraps_inside_number >= 3


def test_letterspaced_headers_reach_the_text_layer(library):
    import re

    spaced = 0
    for seed in SEEDS:
        lines = conversions.seed_text(seed).split("\n")
        if not conversions.red_header_lines(lines):
            continue
        first_page = library.notice(seed, "pdf_letterspaced")
        head = first_page.source_text[: first_page.pages[0].end]
        spaced += bool(re.search(r"^(?:[\u4e00-\u9fff] ){3,}[\u4e00-\u9fff]$", head, re.M))
    assert spaced >= 3
