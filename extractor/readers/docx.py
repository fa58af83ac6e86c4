"""Word documents: paragraphs and tables in the order they stand in the body.

word/document.xml is read as a stream, one child of the body at a time, each dropped once its
text is taken: memory stays that of the longest paragraph or table, not of the document, and
time grows with the document's length (python-docx's Paragraph.text evaluates an XPath a
paragraph; over a million paragraphs that took minutes).  Tables still go through python-docx,
for its reading of merged cells.  Before anything is inflated, the members' declared sizes are
checked (readers.bounds): a member that inflates like a zip bomb is refused.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import CorruptFileError, EncryptedFileError
from .base import RawText, TextAssembler
from .bounds import check_zip_members

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT = "word/document.xml"

# What a run's elements stand for in its text, as python-docx reads them (w:t and w:br apart).
_RUN_CHARACTERS = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}


def paragraph_text(p) -> str:
    """The text of a ``<w:p>``: its runs and the runs of its hyperlinks, tabs and line breaks
    included, page and column breaks left out (what python-docx's Paragraph.text gives).

    >>> from lxml import etree
    >>> p = etree.fromstring(
    ...     '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    ...     '<w:r><w:t>个人缴费</w:t><w:tab/><w:t>380元</w:t><w:br w:type="page"/></w:r>'
    ...     '<w:hyperlink><w:r><w:t>（附件）</w:t><w:br/></w:r></w:hyperlink></w:p>')
    >>> paragraph_text(p)
    '个人缴费\\t380元（附件）\\n'
    """
    parts = []
    for child in p:
        if child.tag == W + "r":
            runs = (child,)
        elif child.tag == W + "hyperlink":
            runs = child.iterchildren(W + "r")
        else:
            continue
        for run in runs:
            for el in run:
                tag = el.tag
                if tag == W + "t":
                    parts.append(el.text or "")
                elif tag == W + "br":
                    if el.get(W + "type", "textWrapping") == "textWrapping":
                        parts.append("\n")
                elif tag in _RUN_CHARACTERS:
                    parts.append(_RUN_CHARACTERS[tag])
    return "".join(parts)


def _add_block(el, out: TextAssembler) -> None:
    """A child of the body: a paragraph, a table, or a content control holding them."""
    if el.tag == W + "p":
        out.add(paragraph_text(el) + "\n")
    elif el.tag == W + "tbl":
        out.add_table(_table_rows(el))
    elif el.tag == W + "sdt":
        # A content control (a template's fill-in field) holds paragraphs and tables of the body.
        for content in el.iterchildren(W + "sdtContent"):
            for child in content:
                _add_block(child, out)


def _table_rows(tbl) -> list[list[str]]:
    """A table's rows of cell texts, read by python-docx (a merged cell repeats in each row and
    column it spans)."""
    from docx.oxml.parser import parse_xml
    from docx.table import Table
    from lxml import etree

    # python-docx's own element classes: the stream's elements are plain ones.
    table = Table(parse_xml(etree.tostring(tbl)), None)
    return [[cell.text for cell in row.cells] for row in table.rows]


def _body_children(source):
    """The children of ``<w:body>`` that hold text, each complete; each is cleared once the caller
    has moved on, so that the tree never holds more than one."""
    from lxml import etree

    events = etree.iterparse(
        source, events=("end",), tag=(W + "p", W + "tbl", W + "sdt"),
        remove_blank_text=True, resolve_entities=False, no_network=True,
    )
    for _, el in events:
        parent = el.getparent()
        if parent is None or parent.tag != W + "body":
            continue  # inside a table or a content control: read with it
        yield el
        el.clear()
        while parent[0] is not el:
            del parent[0]


def read_docx(data: bytes, path) -> RawText:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise EncryptedFileError(path, "the Word file is encrypted (or an old .doc saved as .docx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
        raise CorruptFileError(path, f"the Word file is damaged ({exc})") from None
    if DOCUMENT not in names:
        raise CorruptFileError(path, "the file is a zip archive but not a Word document")
    check_zip_members(archive, path)
    out = TextAssembler()
    try:
        with archive.open(DOCUMENT) as source:
            for child in _body_children(source):
                _add_block(child, out)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise CorruptFileError(path, f"the Word file is damaged ({exc})") from None
    except Exception as exc:  # lxml and python-docx raise their own types on broken XML
        raise CorruptFileError(path, f"the Word file is damaged ({type(exc).__name__}: {exc})") from None
    # Core properties are left aside: their title is often a template's or "Microsoft Word - …".
    return RawText(text=out.text(), format="docx", tables=tuple(out.tables))
