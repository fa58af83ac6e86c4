"""Read Chinese resident medical insurance notices into typed records.

>>> from extractor import extract
>>> notice = extract("corpus/samples/000_04157b405fe51554.txt")
>>> notice.documents[0].meta.doc_number
'忻医保发〔2023〕10号'

Heavy parts (PDF, HTML, fuzzy matching) are imported only when used, so that
``python -m extractor --help`` starts fast.
"""

__version__ = "0.1.0"

__all__ = ["extract", "extract_bytes", "__version__"]


def extract(path, **options):
    from .pipeline import extract as _extract

    return _extract(path, **options)


def extract_bytes(data: bytes, name: str, **options):
    from .pipeline import extract_bytes as _extract_bytes

    return _extract_bytes(data, name, **options)
