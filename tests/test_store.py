"""The corpus store on SQLite: ingest, duplicates, bad input in a batch, listing."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest


from extractor import extract
from corpus.ingest import ingest
from corpus.store import open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "samples"
SEED = CORPUS / "000_04157b405fe51554.txt"


def statuses(outcomes) -> list[tuple[str, str]]:
    return [(Path(o.name.split("!")[-1]).name, o.status) for o in outcomes]


def test_corpus_goes_in_once(store):
    first = list(ingest(store, [CORPUS]))
    assert [o.status for o in first] == ["added"] * 19
    again = list(ingest(store, [CORPUS]))
    assert [o.status for o in again] == ["duplicate"] * 19
    assert store.count() == 19


def test_stored_record_is_the_extracted_one(store):
    (outcome,) = list(ingest(store, [SEED]))
    stored = store.notice(outcome.notice_id, raw=True)
    assert stored == extract(SEED).model_copy(update={"source": stored.source})
    # As read, the same record with each parameter's id in the store.
    read = store.notice(outcome.notice_id)
    ids = [p.id for p in read.documents[0].parameters]
    assert len(set(ids)) == len(ids) == 26 and all(i.isdigit() for i in ids)
    assert read.model_copy(update={"documents": stored.documents}) == stored


def test_section_trees_are_stored(store):
    list(ingest(store, [CORPUS / "004_997b518fb40affc4.txt"]))
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT d.position, s.path, s.title FROM sections s JOIN documents d ON d.id = s.document_id ORDER BY s.id"
        ).all()
    assert rows[:3] == [(0, "一", "对困难群众参加城乡居民基本医保个人缴费部分实施资助"),
                        (0, "二", "建立城乡居民基本医疗保险门诊统筹制度"), (0, "二/一", "筹资和待遇")]
    assert (1, "七/二十二", "加强组织保障和宣传引导") in rows


def test_listing_and_filters(store):
    list(ingest(store, [CORPUS]))
    rows = store.list()
    assert len(rows) == 20  # 19 notices; the forwarding notice holds two documents
    assert {r["province"] for r in store.list(province="河北省")} == {"河北省"}
    assert [r["doc_number"] for r in store.list(province="河北省")] == ["秦医保〔2020〕122号", "冀医保发〔2020〕4号", None]
    assert {r["policy_year"] for r in store.list(years=(2022, 2022))} == {2022}
    assert all(r["parameters"] > 0 for r in rows)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_bad_input_in_a_batch_is_reported_and_skipped(store, tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_good.txt").write_bytes(SEED.read_bytes())
    (batch / "b_empty.txt").write_bytes(b"")
    (batch / "c_corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"\n%%EOF\n")
    (batch / "d_unknown.xyz").write_bytes(b"\x00\x01")  # not a notice suffix: not picked up from a folder
    (batch / "e_archive.zip").write_bytes(zip_bytes({
        "notices/dev.txt": (CORPUS / "15_wuhu_2021.txt").read_bytes(),
        "../escape.txt": b"x",
        "bomb.txt": b"0" * 5_000_000,
        "picture.png": b"\x89PNG",
    }))
    (batch / "f_empty.zip").write_bytes(b"")
    (batch / "g_unreadable.txt").symlink_to(tmp_path / "gone.txt")  # a file that cannot be read
    outcomes = list(ingest(store, [batch]))
    got = {Path(o.name.split("!")[-1]).name: (o.status, o.reason) for o in outcomes}
    assert got["a_good.txt"][0] == "added"
    assert got["dev.txt"][0] == "added"
    assert got["b_empty.txt"] == ("failed", "the file is empty (0 bytes)")
    assert got["c_corrupt.pdf"][0] == "failed" and "damaged" in got["c_corrupt.pdf"][1]
    assert got["escape.txt"] == ("failed", "the member's path escapes the archive's folder: skipped")
    assert got["bomb.txt"] == ("failed", "the member inflates over 200 times: refused as a zip bomb")
    assert got["picture.png"][0] == "failed"
    assert got["f_empty.zip"][0] == "failed" and "empty or damaged" in got["f_empty.zip"][1]
    assert got["g_unreadable.txt"][0] == "failed" and "cannot be read" in got["g_unreadable.txt"][1]
    assert "d_unknown.xyz" not in got
    assert store.count() == 2
    assert not (tmp_path / "escape.txt").exists() and not (batch.parent / "escape.txt").exists()


def test_ingest_command(tmp_path):
    db = tmp_path / "c.db"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\x03" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "corpus", "ingest", str(SEED), str(bad), "--db", str(db)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"error: {bad}: " in result.stderr
    assert "added 1, duplicates 0, failed 1; 1 notices in the store" in result.stderr
    listed = subprocess.run([sys.executable, "-m", "corpus", "list", "--db", str(db)], capture_output=True, text=True, cwd=ROOT)
    assert "忻医保发〔2023〕10号" in listed.stdout and "26 parameters" in listed.stdout
    shown = subprocess.run([sys.executable, "-m", "corpus", "show", "1", "--json", "--db", str(db)],
                           capture_output=True, text=True, cwd=ROOT)
    assert json.loads(shown.stdout)["documents"][0]["meta"]["city"] == "忻州市"


def test_sqlite_store_uses_wal(tmp_path):
    store = open_store(str(tmp_path / "corpus.db"), create=True)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_copies_of_one_notice_are_linked(store, tmp_path):
    page = tmp_path / "notice.html"
    body = "".join(f"<p>{line}</p>" for line in SEED.read_text("utf-8").splitlines() if line.strip())
    page.write_text(f"<html><body><div class='article'>{body}</div></body></html>", encoding="utf-8")
    first, copy = list(ingest(store, [SEED, page]))
    assert (first.status, copy.status) == ("added", "added")
    rows = {r["notice"]: r for r in store.list() if r["document"] == 0}
    assert rows[copy.notice_id]["same_as"] == first.notice_id
    assert rows[first.notice_id]["same_as"] is None


def test_a_store_of_the_first_schema_opens_after_an_upgrade(previous_release):
    store = open_store(previous_release(ROOT / "tests" / "data" / "store_v1.sql"))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT value FROM store_info WHERE key = 'schema_version'").scalar() == "4"
    rows = store.list()
    assert [r["city"] for r in rows] == ["芜湖市", "广州市"] and all(r["same_as"] is None for r in rows)
    read = {p["field"]: p for p in store.parameters_of(1)}
    assert read["subsidy.per_capita"]["value"] == "590" and read["subsidy.per_capita"]["corrected"]
    with store.engine.connect() as conn:
        titles = [t for (t,) in conn.exec_driver_sql("SELECT title FROM sections ORDER BY id")]
    # Filled from the stored records: the wuhu notice has no sections, the guangzhou one three.
    assert titles == [s.title for s in extract(CORPUS / "12_guangzhou_2022.txt").documents[0].sections]
    assert len(titles) == 3
    assert list(ingest(store, [ROOT / "corpus" / "samples" / "15_wuhu_2021.txt"]))[0].status == "duplicate"
    assert list(ingest(store, [SEED]))[0].status == "added"
    store.engine.dispose()


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    from corpus.store import StoreError

    store = open_store(str(tmp_path / "new.db"), create=True)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE store_info SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="made by a newer mednotice"):
        open_store(str(tmp_path / "new.db"))


def test_parallel_extraction_gives_the_same_store(tmp_path):
    one = open_store(str(tmp_path / "one.db"), create=True)
    two = open_store(str(tmp_path / "two.db"), create=True)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    first = [(Path(o.name).name, o.status, o.reason) for o in ingest(one, [CORPUS, bad])]
    second = [(Path(o.name).name, o.status, o.reason) for o in ingest(two, [CORPUS, bad], jobs=2)]
    assert first == second and first[-1] == ("bad.txt", "failed", "the file is empty (0 bytes)")
    assert [r["doc_number"] for r in one.list()] == [r["doc_number"] for r in two.list()]
