"""What every page shares: the store (one a server process), the document list, notice keys, and the
warm-up that does every page's slow first steps once a server process, in the background."""

from __future__ import annotations

import gc
import importlib
import logging
import os
import re
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

import streamlit as st

from corpus.store import open_store

from .state import unlinked

ROOT = Path(__file__).resolve().parent.parent.parent
_LOG = logging.getLogger(__name__)
_warm_up_lock = threading.Lock()
_warm_up_thread: threading.Thread | None = None


@st.cache_resource
def store():
    """One store a server process; the corpus goes in on the first start."""
    from corpus.store import StoreError

    try:
        handle = open_store(os.environ.get("MEDNOTICE_DB"), create=True)  # the app makes its store on first start
    except StoreError as exc:
        st.error(f"The store cannot be opened: {exc}")
        st.stop()
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
    """Text shown literally by st.markdown: every character Markdown could read as markup escaped, and the
    directives, bare addresses, e-mail addresses, emoji and icons Streamlit's Markdown finds in the text
    broken (corpus.ui.state.unlinked).

    >>> md("a_b *c* [x](y) <i>|$5")
    'a\\\\_b \\\\*c\\\\* \\\\[x\\\\](y) \\\\<i\\\\>\\\\|\\\\$5'
    >>> md("www.x.cn http://x a@b.cn :red[t] &lt; 时间: 11:19")
    'www\\u2060.x.cn http\\\\:\\u2060//x a\\u2060@b.cn \\\\:\\u2060red\\\\[t\\\\] \\\\&lt; 时间: 11\\\\:\\u206019'
    """
    return unlinked(re.sub(r"([\\`*_\[\]<>#|~$&])", r"\\\1", str(text)))


def warm_up(modules: Iterable[str], steps: Iterable[Callable[[], object]] = (), delay: float = 0.0) -> threading.Thread:
    """Once a process, a daemon thread that waits ``delay`` seconds, imports ``modules``, runs ``steps``
    (a page's first reads, through cached functions without a spinner: the thread has no page to show
    one on), then moves every object made so far into the garbage collector's permanent generation:
    the full collection Streamlit runs after every script run holds the interpreter for 70 ms when it
    walks the libraries' objects, and the run's last message waits for it.  Every later call returns
    that thread.  A step that fails is logged and skipped: the page then does it itself."""
    global _warm_up_thread
    with _warm_up_lock:
        if _warm_up_thread is None:
            _warm_up_thread = threading.Thread(target=_warm, args=(tuple(modules), tuple(steps), delay),
                                               name="mednotice-warm-up", daemon=True)
            _warm_up_thread.start()
        return _warm_up_thread


def _warm(modules: tuple[str, ...], steps: tuple[Callable[[], object], ...], delay: float) -> None:
    time.sleep(delay)
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # an optional library missing: its page imports it, or says so, when opened
            _LOG.info("warm-up: cannot import %s", name, exc_info=True)
    for step in steps:
        try:
            step()
        except Exception:
            _LOG.warning("warm-up: %s failed", getattr(step, "__qualname__", step), exc_info=True)
    gc.collect()
    gc.freeze()
