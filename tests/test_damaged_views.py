"""A stored record that cannot be read (damaged by hand, or written by a faulty release) is left out of
the comparisons and the command line's reads with one warning, never failing the rest: the store's
readers skip it (tests/test_reliability_store.py); these are the layers above them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from corpus.compare import off_topic
from corpus.ingest import ingest
from corpus.store import open_store
from corpus.views import align_sections, compare

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"


@pytest.fixture
def damaged(tmp_path):
    """A store of two notices, the first with Infinity in its record (and the topic flag, so that
    off_topic reads it): (path, damaged id, good id)."""
    db = tmp_path / "c.db"
    store = open_store(str(db), create=True)
    bad, good = (o.notice_id for o in ingest(store, [SAMPLES / "15_wuhu_2021.txt", SAMPLES / "21_beijing_2023.txt"], jobs=0))
    with store.engine.begin() as conn:
        record = conn.execute(text("SELECT record FROM notices WHERE id = :id"), {"id": bad}).scalar()
        data = json.loads(record)
        data["documents"][0]["parameters"][0]["value"] = "\x00"
        broken = json.dumps(data, ensure_ascii=False).replace('"\\u0000"', "Infinity", 1)
        broken = broken.replace('"topic":', '"topic": {"subject": "other"}, "was_topic":', 1)
        conn.execute(text("UPDATE notices SET record = :r WHERE id = :id"), {"r": broken, "id": bad})
    store.engine.dispose()
    return db, bad, good


def mednotice(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "corpus", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_comparisons_leave_a_damaged_record_out(damaged):
    db, bad, good = damaged
    store = open_store(str(db))
    assert (bad, 0) not in off_topic(store)
    table = compare(store, [(bad, 0), (good, 0)])
    # The good notice's figures are all there; the damaged one's column is empty.
    assert {key[1] for key in table.values} == {(good, 0)}
    assert len(table.values) == len({(p["field"], p["scope_key"]) for p in store.parameters_of(good)}) > 5
    assert align_sections(store, (bad, 0), (good, 0)) == []
    assert align_sections(store, (good, 0), (good, 0))
    assert list(store.skipped) == [bad]


def test_show_names_why_a_damaged_notice_cannot_be_shown(damaged):
    db, bad, good = damaged
    shown = mednotice("show", str(bad), "--db", str(db))
    assert shown.returncode == 1 and "Traceback" not in shown.stderr
    (line,) = shown.stderr.strip().splitlines()
    assert f"notice {bad} (15_wuhu_2021.txt)" in line and "left out of what is read" in line
    assert mednotice("show", str(good), "--db", str(db)).returncode == 0


def test_list_and_export_warn_once_and_go_on(damaged, tmp_path):
    db, bad, good = damaged
    out = tmp_path / "all.json"
    exported = mednotice("export", "--format", "json", "--out", str(out), "--db", str(db))
    assert exported.returncode == 0, exported.stderr
    assert [r["source"] for r in json.loads(out.read_text("utf-8"))] == ["21_beijing_2023.txt"]
    warnings = [l for l in exported.stderr.splitlines() if l.startswith("warning:")]
    assert len(warnings) == 1 and f"notice {bad} (15_wuhu_2021.txt)" in warnings[0]
    assert "Traceback" not in exported.stderr
