"""mednotice app: upload notices, browse the corpus, compare cities and years, check every number.

    python app.py          (or: streamlit run app.py)

It opens the store of $MEDNOTICE_DB (else ~/.local/share/mednotice/corpus.db); on the
first start, with an empty store, it ingests the bundled corpus/samples/.  Every view's state
(notices, filters, field, baseline) sits in the URL, so a link reproduces what a
colleague sees.  Notice text is untrusted: it is escaped wherever HTML is rendered.

Under `streamlit run` a page's module is imported when the page is first opened, so that the first
visit after the server starts pays for its own page only (`python app.py` imports them all before the
server starts); once that page is on screen, a background thread (once a server
process) imports the other pages and the libraries they load on first use, and reads the figures the
Panel and Trends pages open on (corpus.ui.common.warm_up).
"""

from __future__ import annotations

import importlib

import streamlit as st

# The page functions' modules (corpus/ui/).
PAGE_MODULES = {
    "corpus_page": "corpus.ui.corpus_page",
    "panel_page": "corpus.ui.panel",
    "compare_page": "corpus.ui.compare",
    "trends_page": "corpus.ui.trends",
    "notice_page": "corpus.ui.notice",
    "diff_page": "corpus.ui.diff",
    "upload_page": "corpus.ui.upload",
}
# What the pages load on their first use, at a tenth to a half second each: pandas and pyarrow (every
# table), openpyxl (the XLSX downloads), pandas' Styler (Compare's colours).
LIBRARIES = ("pandas", "pyarrow", "openpyxl", "pandas.io.formats.style")
# Long enough for the first page to reach the browser and draw before the warm-up takes the CPU.
WARM_UP_DELAY = 1.0


def _page(name: str):
    """The page function ``name`` of its module, imported on the first call."""

    def page() -> None:
        getattr(importlib.import_module(PAGE_MODULES[name]), name)()

    page.__name__ = page.__qualname__ = name
    return page


def _warm_panels() -> None:
    """The figures the Panel and Trends pages open on (a quarter second each to read on 1,000 notices)."""
    from corpus.ui import panel, trends

    panel.panel_inputs(panel.DEFAULT_FIELD, "", "", panel.store_stamp())
    trends.warm()


corpus_page = _page("corpus_page")
panel_page = _page("panel_page")
compare_page = _page("compare_page")
trends_page = _page("trends_page")
notice_page = _page("notice_page")
diff_page = _page("diff_page")
upload_page = _page("upload_page")


def main() -> None:
    pages = [
        # Streamlit serves its default page at / only: Corpus is at /corpus too, through a hidden default twin.
        st.Page(corpus_page, title="语料 Corpus", url_path="corpus"),
        st.Page(corpus_page, title="语料 Corpus", url_path="", default=True, visibility="hidden"),
        st.Page(panel_page, title="面板 Panel", url_path="panel"),
        st.Page(compare_page, title="比较 Compare", url_path="compare"),
        st.Page(trends_page, title="趋势 Trends", url_path="trends"),
        st.Page(notice_page, title="通知 Notice", url_path="notice"),
        st.Page(diff_page, title="版本对照 Section diff", url_path="diff"),
        st.Page(upload_page, title="上传 Upload", url_path="upload"),
    ]
    st.set_page_config(page_title="mednotice", layout="wide")
    try:
        st.navigation(pages).run()
    finally:
        from corpus.ui.common import warm_up

        warm_up([*PAGE_MODULES.values(), *LIBRARIES], [_warm_panels], delay=WARM_UP_DELAY)


def serve(argv: list[str]) -> None:
    """``python app.py [streamlit run's options]``: the pages' modules and libraries imported first, then
    Streamlit's server started in this process, so that the first visit finds them loaded (about a second
    of a first visit's wait otherwise); ``streamlit run app.py`` serves the same app without that."""
    import logging
    import sys

    # Defining a cached function before the server runs is harmless; Streamlit warns of it all the same.
    quiet = [logging.getLogger(f"streamlit.runtime.caching.{name}") for name in ("cache_data_api", "cache_resource_api")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.ERROR)
    for name in [*PAGE_MODULES.values(), *LIBRARIES]:
        importlib.import_module(name)
    for logger, level in zip(quiet, levels):
        logger.setLevel(level)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", __file__, *argv]
    cli.main()


# Streamlit runs this file as __main__ (on every run of a session); `python app.py` starts the server;
# the tests import it to run one page at a time.
if __name__ == "__main__":
    from streamlit import runtime

    if runtime.exists():
        main()
    else:
        import sys

        serve(sys.argv[1:])
