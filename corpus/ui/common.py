"""What every page shares: the store (one a server process), the document list, notice keys."""

from __future__ import annotations

import os
import re
from pathlib import Path

import streamlit as st

from corpus.store import open_store

ROOT = Path(__file__).resolve().parent.parent.parent


@st.cache_resource
def store():
    """One store a server process; the corpus goes in on the first start."""
    handle = open_store(os.environ.get("MEDNOTICE_DB"))
    if handle.count() == 0 and (ROOT / "corpus" / "samples").is_dir():
        from corpus.ingest import ingest

        list(ingest(handle, [ROOT / "corpus" / "samples"]))
    return handle


@st.cache_data(ttl=30)
def documents() -> list[dict]:
    return store().list()


def document_key(text: str) -> tuple[int, int]:
    """'5.1' → notice 5, document 1."""
    notice, _, document = text.partition(".")
    return int(notice), int(document or 0)


@st.cache_data(ttl=30)
def store_search(term: str) -> set[int]:
    from sqlalchemy import select

    from corpus.store import notices

    with store().engine.connect() as conn:
        return {r[0] for r in conn.execute(select(notices.c.id).where(notices.c.text.contains(term)))}


def md(text: str) -> str:
    """Text shown literally by st.markdown: every character Markdown could read as markup escaped.

    >>> md("a_b *c* [x](y) <i>|$5")
    'a\\\\_b \\\\*c\\\\* \\\\[x\\\\](y) \\\\<i\\\\>\\\\|\\\\$5'
    """
    return re.sub(r"([\\`*_\[\]<>#|~$])", r"\\\1", str(text))
