"""The store under real processes: an ingest killed half way, and reading while another process writes."""

from __future__ import annotations

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
    store = open_store(str(db))  # created here, so that the reader can start at once
    process = ingest_process(db, batch)
    reads = 0
    while process.poll() is None:
        rows = store.list()
        assert all(r["parameters"] >= 0 for r in rows)
        reads += 1
    assert process.returncode == 0, process.stderr.read()
    assert reads > 3 and store.count() == 120
