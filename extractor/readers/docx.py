"""Word documents: paragraphs and tables in the order they stand in the body."""

from __future__ import annotations

import io
import zipfile

from ..errors import CorruptFileError, EncryptedFileError
from .base import RawText, TextAssembler

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, path) -> RawText:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise EncryptedFileError(path, "the Word file is encrypted (or an old .doc saved as .docx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "word/document.xml" not in archive.namelist():
            raise CorruptFileError(path, "the file is a zip archive but not a Word document")
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except CorruptFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
        raise CorruptFileError(path, f"the Word file is damaged ({exc})") from None
    except Exception as exc:  # lxml and python-docx raise their own types on broken XML
        raise CorruptFileError(path, f"the Word file is damaged ({type(exc).__name__}: {exc})") from None
    out = TextAssembler()
    for child in document.element.body.iterchildren():
        if child.tag == W + "p":
            out.add(Paragraph(child, document).text)
            out.add("\n")
        elif child.tag == W + "tbl":
            table = Table(child, document)
            out.add_table([[cell.text for cell in row.cells] for row in table.rows])
    # Core properties are left aside: their title is often a template's or "Microsoft Word - …".
    return RawText(text=out.text(), format="docx", tables=tuple(out.tables))
