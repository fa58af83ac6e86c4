"""mednotice app: upload notices, browse the corpus, compare cities and years, check every number.

    streamlit run app.py

It opens the store of $MEDNOTICE_DB (else ~/.local/share/mednotice/corpus.db); on the
first start, with an empty store, it ingests the bundled corpus/samples/.  Every view's state
(notices, filters, field, baseline) sits in the URL, so a link reproduces what a
colleague sees.  Notice text is untrusted: it is escaped wherever HTML is rendered.
"""

from __future__ import annotations

import streamlit as st

from corpus.ui.compare import compare_page
from corpus.ui.corpus_page import corpus_page
from corpus.ui.diff import diff_page
from corpus.ui.notice import notice_page
from corpus.ui.panel import panel_page
from corpus.ui.trends import trends_page
from corpus.ui.upload import upload_page


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
    st.navigation(pages).run()


# Streamlit runs this file as __main__; the tests import it to run one page at a time.
if __name__ == "__main__":
    main()
