"""The store under real processes: an ingest killed half way, and reading while another process writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from corpus.store import open_store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def make_batch(folder: Path, count: int) -> None:
    """``count`` distinct notices: the corpus texts, each copy made unique by a line of its own."""
    folder.mkdir()
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "corpus" / "samples").glob("*.txt"))]
    for i in range(count):
        (folder / f"n{i:04d}.txt").write_text(texts[i % len(texts)] + f"\n（第{i}份）\n", encoding="utf-8")


def ingest_process(db, batch: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "corpus", "ingest", str(batch), "--db", str(db)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM notices").scalar()
    except OperationalError:
        return 0  # the store is still being created
    except ProgrammingError:
        return 0
    finally:
        engine.dispose()


def test_killed_ingest_loses_nothing_committed(store, tmp_path):
    """On SQLite and PostgreSQL: a real ingest process killed half way."""
    batch = tmp_path / "batch"
    make_batch(batch, 150)
    url = store.engine.url.render_as_string(hide_password=False)
    db = store.engine.url.database if store.engine.dialect.name == "sqlite" else url
    process = ingest_process(db, batch)
    deadline = time.time() + 60
    while count(url) < 20 and time.time() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stored = count(url)
    assert 0 < stored < 150, "kill the ingest while it runs"
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        # Every stored notice is whole: it has its documents, and they their parameters.
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM notices n WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.notice_id = n.id)"
        ).scalar() == 0
    again = ingest_process(db, batch)
    _, err = again.communicate(timeout=120)
    assert f"added {150 - stored}, duplicates {stored}, failed 0; 150 notices in the store" in err


def test_reading_while_another_process_writes(tmp_path):
    batch, db = tmp_path / "batch", tmp_path / "c.db"
    make_batch(batch, 120)
    store = open_store(str(db), create=True)  # created here, so that the reader can start at once
    process = ingest_process(db, batch)
    reads = 0
    while process.poll() is None:
        rows = store.list()
        assert all(r["parameters"] >= 0 for r in rows)
        reads += 1
    assert process.returncode == 0, process.stderr.read()
    assert reads > 3 and store.count() == 120


WRITER = """
import sys
from corpus.store import open_store
store = open_store(sys.argv[1], create=True)
notice, name, count = int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
figure = sys.argv[5]
print("ready", flush=True)
sys.stdin.readline()  # both start at once
for i in range(count):
    if i % 2:
        store.correct_metadata(notice, 0, {"title": f"{name} {i}"}, author=name)
    else:
        store.correct(notice, figure, {"value": 1000 + i + (0 if name == "a" else 500)}, author=name)
"""


def test_two_processes_correcting_one_notice_keep_both_in_order(store):
    """On SQLite and PostgreSQL: two people correct the same notice at the same moment."""
    from corpus.ingest import ingest

    (outcome,) = list(ingest(store, [ROOT / "corpus" / "samples" / "000_04157b405fe51554.txt"]))
    nid = outcome.notice_id
    (figure,) = [p["id"] for p in store.parameters_of(nid) if p["field"] == "subsidy.per_capita"]
    url = store.engine.url.render_as_string(hide_password=False)
    count = 30
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, url, str(nid), name, str(count), figure], cwd=ROOT,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name in ("a", "b")]
    for w in writers:
        assert w.stdout.readline().strip() == "ready"
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    history = store.history(nid)
    assert len(history) == 2 * count and all(standing == "applied" for _, standing in history)
    # They did write at the same time: the first half of the history has both writers in it.
    assert {c.author for c, _ in history[:count]} == {"a", "b"}
    for name in ("a", "b"):
        mine = [c for c, _ in history if c.author == name]
        # Each writer's corrections in the order it made them, none lost.
        assert [c.new for c in mine] == [
            {"title": f"{name} {i}"} if i % 2 else {"value": 1000 + i + (0 if name == "a" else 500)} for i in range(count)
        ]
    # What is read is the last correction made, of each kind.
    last_title = [c for c, _ in history if c.action == "metadata"][-1].new["title"]
    last_value = [c for c, _ in history if c.action == "corrected"][-1].new["value"]
    assert [r["title"] for r in store.list()] == [last_title]
    assert [p["value"] for p in store.parameters_of(nid) if p["id"] == figure] == [str(last_value)]
    # Each correction's old value is the value the one before it left: they saw each other.
    values = [c for c, _ in history if c.action == "corrected"]
    assert all(b.old["value"] == a.new["value"] for a, b in zip(values, values[1:]))


REEXTRACT = """
import sys, time
from corpus.store import open_store
from extractor.pipeline import extract_bytes

def changed(data, name):
    time.sleep(0.05)
    notice = extract_bytes(data, name)
    docs = tuple(d.model_copy(update={"parameters": tuple(
        p.model_copy(update={"value": p.value + 1}) if p.field == "contribution.individual" else p for p in d.parameters)})
        for d in notice.documents)
    return notice.model_copy(update={"documents": docs, "extractor_version": "changed"})

store = open_store(sys.argv[1], create=True)
for report in store.reextract(changed):
    print(report.notice_id, flush=True)
"""


def test_a_killed_reextract_leaves_every_notice_old_or_new_with_its_corrections(store, tmp_path):
    """On SQLite and PostgreSQL: a re-extraction killed half way."""
    from corpus.ingest import ingest

    batch = tmp_path / "batch"
    make_batch(batch, 60)
    list(ingest(store, [batch]))
    corrected = {}
    for nid in range(1, 61):
        rows = [p for p in store.parameters_of(nid) if p["field"] == "contribution.individual"]
        if rows:
            store.correct(nid, rows[0]["id"], {"scope": {"insured_group": "adults"}}, note=f"n{nid}")
            corrected[nid] = (rows[0]["id"], json.loads(rows[0]["value"]))
    assert len(corrected) > 20
    url = store.engine.url.render_as_string(hide_password=False)
    process = subprocess.Popen([sys.executable, "-c", REEXTRACT, url], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    done = 0
    while done < 10:
        line = process.stdout.readline()
        assert line, "the re-extraction ended before it could be killed"
        done += 1
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with store.engine.connect() as conn:
        versions = dict(conn.exec_driver_sql("SELECT id, extractor_version FROM notices").all())
        if store.engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    new = {nid for nid, version in versions.items() if version == "changed"}
    assert 10 <= len(new) < 60
    for nid, (pid, value) in corrected.items():
        (row,) = [p for p in store.parameters_of(nid) if p["id"] == pid]
        # Old or new, never between; the correction still on its parameter.
        assert json.loads(row["value"]) == (value + 1 if nid in new else value)
        assert (row["scope_key"], row["correction_note"]) == ("insured_group=adults", f"n{nid}")
    assert sum(len(store.history(nid)) for nid in corrected) == len(corrected)
