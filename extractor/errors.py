"""Typed errors for input the toolkit cannot read.

Every error names the file and says what is wrong in one line, so that the
CLI (and later the store and the app) can report it without a traceback:

>>> str(EmptyFileError("a.txt", "the file is empty"))
'a.txt: the file is empty'

The reason is kept to one line whatever the library below said, and the
error survives pickling, so a worker process can hand it back:

>>> import pickle
>>> err = pickle.loads(pickle.dumps(CorruptFileError("b.pdf", "the PDF is damaged\\n(xref)")))
>>> type(err).__name__, err.path, err.reason
('CorruptFileError', 'b.pdf', 'the PDF is damaged (xref)')
"""

from __future__ import annotations


class ExtractorError(Exception):
    """Base class: ``path`` is the file, ``reason`` one plain sentence."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        # Messages of pdfium, zipfile or lxml can span lines; the CLI prints one line a file.
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.path}: {self.reason}")

    def __reduce__(self):
        # Exception pickles its args (the message alone); rebuild from path and reason instead.
        return (type(self), (self.path, self.reason))


class UnreadableFileError(ExtractorError):
    """The path names no readable file: it is missing, a folder, or not permitted."""


class EmptyFileError(ExtractorError):
    """The file has no bytes, or no text at all."""


class FileTooLargeError(ExtractorError):
    """The file is over the size limit."""


class UnsupportedFormatError(ExtractorError):
    """Neither the content nor the file name says a format the toolkit reads."""


class NotTextError(ExtractorError):
    """A file named as text holds binary data."""


class EncryptedFileError(ExtractorError):
    """The file needs a password."""


class CorruptFileError(ExtractorError):
    """The file is damaged: it does not parse as its format."""


class TruncatedFileError(CorruptFileError):
    """The file ends before its format says it should."""


class NoTextLayerError(ExtractorError):
    """A PDF whose pages carry no text (scanned images): OCR is needed."""


class GarbledTextError(ExtractorError):
    """A text layer that is not text: (cid:NN) codes, glyph placeholders, doubled characters."""


class OCRUnavailableError(ExtractorError):
    """OCR was asked for but the optional OCR extra is not installed."""
