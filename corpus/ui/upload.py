"""Notices uploaded into the store."""

from __future__ import annotations

import html
from pathlib import Path

import streamlit as st

from .common import documents, store, store_search

MAX_UPLOAD_MB = 50
UPLOAD_TYPES = ["pdf", "txt", "html", "htm", "docx", "zip"]


def upload_page() -> None:
    from extractor.errors import ExtractorError
    from corpus.ingest import ingest

    st.title("上传 Upload")
    files = st.file_uploader("通知文件 Notices (PDF, TXT, HTML, DOCX, ZIP)", type=UPLOAD_TYPES, accept_multiple_files=True)
    if not files or not st.button("导入 Ingest"):
        return
    import tempfile

    bar = st.progress(0.0)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for upload in files:
            if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
                st.error(f"{upload.name}: {upload.size:,} bytes, over the limit of {MAX_UPLOAD_MB} MB")
                continue
            target = Path(tmp) / Path(upload.name).name
            target.write_bytes(upload.getvalue())
            paths.append(target)
        outcomes = []
        try:
            for i, outcome in enumerate(ingest(store(), paths)):
                outcomes.append(outcome)
                bar.progress(min(1.0, (i + 1) / max(len(paths), 1)))
        except ExtractorError as exc:
            st.error(str(exc))
    documents.clear()
    store_search.clear()
    for o in outcomes:
        name = html.escape(Path(o.name.split("!")[-1]).name)
        if o.status == "failed":
            st.error(f"{name}: {o.reason}")
        else:
            st.markdown(f"{name}: {o.status} — [查看 open](/notice?id={o.notice_id}.0)")
