"""Notices uploaded into the store, and what became of each file.

Per file: added, duplicate (the same file is stored already) or failed with the reason; for each
document a file gave: region, level, policy year, parameter and warning counts, the notice it is a
copy of when the store linked it (same 文号), a flag when it does not look like a resident medical
insurance notice, and a link to that document on the Notice page.  The outcomes stay on the page
until the next upload.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from extractor.reading.regions import region_name
from .common import documents, md, store, store_search

MAX_UPLOAD_MB = 50
UPLOAD_TYPES = ["pdf", "txt", "html", "htm", "docx", "zip"]
OFF_TOPIC = "⚠ does not look like a 城乡居民医保 notice"


def shown_name(name: str) -> str:
    """A file's name as the outcome names it: an archive member after its archive.

    >>> shown_name("/tmp/x/3/notices.zip!2023/a.txt"), shown_name("/tmp/x/0/a.pdf")
    ('notices.zip › 2023/a.txt', 'a.pdf')
    """
    path, bang, member = name.partition("!")
    return f"{Path(path).name} › {member}" if bang else Path(path).name


def _count(n: int, word: str) -> str:
    """
    >>> _count(1, "warning"), _count(3, "parameter")
    ('1 warning', '3 parameters')
    """
    return f"{n} {word}{'' if n == 1 else 's'}"


def stored_documents(notice_id: int, listed: list[dict], off_topic: set[tuple[int, int]]) -> list[dict]:
    """The documents one file gave, from ``Store.list()`` rows, with their topic flag.

    >>> row = {"notice": 5, "document": 1, "province": "河北省", "city": None, "county": None, "level": "province",
    ...        "policy_year": 2020, "parameters": 14, "checks": 1, "same_as": None, "excluded": None}
    >>> stored_documents(5, [row, dict(row, notice=6)], {(5, 1)})  # doctest: +NORMALIZE_WHITESPACE
    [{'key': '5.1', 'region': '河北省', 'level': 'province', 'policy_year': 2020, 'parameters': 14, 'checks': 1,
      'same_as': None, 'off_topic': True}]
    """
    return [
        {"key": f"{d['notice']}.{d['document']}", "region": region_name(d["province"], d["city"], d["county"]) or "?",
         "level": d["level"] or "?", "policy_year": d["policy_year"] or "?", "parameters": d["parameters"],
         "checks": d["checks"], "same_as": d["same_as"], "off_topic": (d["notice"], d["document"]) in off_topic}
        for d in listed if d["notice"] == notice_id
    ]


def document_line(doc: dict) -> str:
    """One stored document as Markdown, with its link to the Notice page.

    >>> document_line({"key": "7.0", "region": "河南省洛阳市", "level": "city", "policy_year": 2024, "parameters": 2,
    ...                "checks": 1, "same_as": 3, "off_topic": False})
    '[通知 Notice 7.0](/notice?id=7.0) · 河南省洛阳市 · city · 2024 · 2 parameters · 1 warning · copy of notice 3'
    """
    parts = [f"[通知 Notice {doc['key']}](/notice?id={doc['key']})", md(doc["region"]), doc["level"], str(doc["policy_year"]),
             _count(doc["parameters"], "parameter"), _count(doc["checks"], "warning")]
    if doc["same_as"]:
        parts.append(f"copy of notice {doc['same_as']}")
    if doc["off_topic"]:
        parts.append(OFF_TOPIC)
    return " · ".join(parts)


def summary(outcomes) -> str:
    """
    >>> from corpus.ingest import Outcome
    >>> summary([Outcome("a", "added", notice_id=1), Outcome("b", "failed", "no"), Outcome("c", "added", notice_id=2)])
    '2 added, 1 failed'
    """
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    return ", ".join(f"{n} {status}" for status, n in counts.items())


def upload_page() -> None:
    st.title("上传 Upload")
    files = st.file_uploader("通知文件 Notices (PDF, TXT, HTML, DOCX, ZIP)", type=UPLOAD_TYPES, accept_multiple_files=True,
                             key="upload.files")
    if files and st.button("导入 Ingest", key="upload.ingest", type="primary"):
        st.session_state["upload.outcomes"] = _ingest(files)
        documents.clear()
        store_search.clear()
    outcomes = st.session_state.get("upload.outcomes")
    if outcomes:
        _show(outcomes)


def upload_target(folder: Path, index: int, name: str) -> Path:
    """Where the ``index``-th upload is written: a folder of its own (two uploads of one name are two
    files), under its own name when that is a file name the system takes, else a neutral one with
    its suffix (the outcome still shows the name as uploaded).

    >>> upload_target(Path("/t"), 0, "notice.txt"), upload_target(Path("/t"), 1, "..")
    (PosixPath('/t/0/notice.txt'), PosixPath('/t/1/upload'))
    >>> upload_target(Path("/t"), 2, "长" * 100 + ".pdf")
    PosixPath('/t/2/upload.pdf')
    """
    base = Path(name.replace("\\", "/")).name
    if base in ("", ".", "..") or len(base.encode("utf-8", "surrogateescape")) > 200 or "\x00" in base:
        suffix = Path(base).suffix if base not in ("", ".", "..") else ""
        base = "upload" + (suffix if len(suffix) <= 16 and "\x00" not in suffix else "")
    return folder / str(index) / base


def shown_outcome_name(name: str, target: Path, uploaded: str) -> str:
    """The name an outcome of the file written at ``target`` is shown under: the uploaded name, and
    the archive member after it.

    >>> shown_outcome_name("/t/3/upload.zip!2023/a.txt", Path("/t/3/upload.zip"), "名单!.zip")
    '名单!.zip › 2023/a.txt'
    >>> shown_outcome_name("/t/0/a.txt", Path("/t/0/a.txt"), "a.txt")
    'a.txt'
    """
    rest = name[len(str(target)):] if name.startswith(str(target)) else ""
    if rest.startswith("!"):
        return f"{uploaded} › {rest[1:]}"
    return uploaded if name == str(target) else shown_name(name)


def _ingest(files) -> list:
    """Every uploaded file into the store: one outcome per file (per member of an archive), in the
    order of the uploads, each named as uploaded, whatever fails — the file, the extractor, the store."""
    import tempfile

    from corpus.ingest import Outcome, ingest
    from corpus.worker import describe

    bar = st.progress(0.0)
    per_upload: list[list] = [[] for _ in files]
    targets: dict[str, tuple[int, Path, str]] = {}  # folder of an upload → its index, path and name
    with tempfile.TemporaryDirectory() as tmp:
        for i, upload in enumerate(files):
            name = str(upload.name)
            if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
                per_upload[i].append(Outcome(name, "failed", f"{upload.size:,} bytes, over the limit of {MAX_UPLOAD_MB} MB"))
                continue
            target = upload_target(Path(tmp), i, name)
            try:
                target.parent.mkdir()
                target.write_bytes(upload.getvalue())
            except OSError as exc:
                per_upload[i].append(Outcome(name, "failed", f"the upload could not be saved for reading ({exc.strerror or exc})"))
                continue
            targets[str(target.parent)] = (i, target, name)
        paths = [target for _, target, _ in targets.values()]
        try:
            for done, outcome in enumerate(ingest(store(), paths), 1):
                folder = str(Path(outcome.name.partition("!")[0]).parent)
                i, target, name = targets.get(folder, (None, None, None))
                if i is None:  # not a file of this upload: shown as ingest named it
                    per_upload.append([outcome])
                else:
                    per_upload[i].append(Outcome(shown_outcome_name(outcome.name, target, name), outcome.status,
                                                 outcome.reason, outcome.notice_id))
                bar.progress(min(1.0, done / max(len(paths), 1)))
        except Exception as exc:  # noqa: BLE001 — the store gone, the workers not starting: every file still has its line
            reason = f"not ingested: the batch stopped ({describe(exc)})"
            for i, target, name in targets.values():
                if not per_upload[i]:
                    per_upload[i].append(Outcome(name, "failed", reason))
    bar.empty()
    return [outcome for outcomes in per_upload for outcome in outcomes]


def _show(outcomes) -> None:
    from corpus.compare import off_topic

    handle = store()
    listed = handle.list()  # not the cached list: the upload has just written
    other = off_topic(handle)
    st.subheader("结果 Outcomes")
    st.caption(summary(outcomes))
    for o in outcomes:
        name = md(o.name)  # markup escaped, and no address left for Markdown to link
        if o.status == "failed":
            st.error(f"{name}: failed — {md(o.reason)}")
            continue
        status = o.status if o.status != "duplicate" else f"duplicate — the same file is stored as notice {o.notice_id}"
        lines = [f"- {document_line(d)}" for d in stored_documents(o.notice_id, listed, other)]
        st.markdown("\n".join([f"**{name}**: {status}", "", *lines]))
