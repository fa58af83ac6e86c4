"""The store under kills, concurrent openers and writers, failed exports and damaged rows (issue 14).

- opening: where there is no store, an in-memory one, an unknown database kind, another
  application's file — each refused in one line, the file never touched, a password never shown;
- creation killed at random moments leaves no store or a whole one, never half of one, and the
  next opener completes it; openers at the same moment all succeed; a half-made store of an
  earlier release opens;
- two processes storing the same files at once: one stores each, the other reports a duplicate;
- an export that fails half way leaves the previous file whole and no file of its own behind;
- a damaged record, parameter row or correction is left out of every read with one warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import create_engine, inspect, make_url, text

from corpus.export import FORMATS, export, long_rows, records
from corpus.store import SCHEMA_VERSION, StoreError, metadata, open_store
from databases import drop_database

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "golden" / "15_wuhu_2021.json"
PG_URL = os.environ.get("MEDNOTICE_TEST_PG_URL")
# More kills on request: MEDNOTICE_KILL_TRIES=200 pytest tests/test_reliability_store.py -m slow
KILL_TRIES = int(os.environ.get("MEDNOTICE_KILL_TRIES", "20"))


# --- inputs and places ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    """One notice as the extractor gives it, from its golden output (the store is tested here, not
    the extractor: no extraction runs)."""
    from extractor.models import Notice

    data = json.loads(SAMPLE.read_text("utf-8"))
    # The golden outputs leave out what changes from run to run or repeats the file.
    data.setdefault("extractor_version", "test")
    data.setdefault("source_text", data["text"])
    return Notice.model_validate_json(json.dumps(data, ensure_ascii=False))


def copy_of(notice, i: int):
    """A distinct notice (its own content hash and file name) with the sample's documents."""
    return notice.model_copy(update={"sha256": hashlib.sha256(f"copy {i}".encode()).hexdigest(), "source": f"n{i:03d}.txt"})


@pytest.fixture
def new_database():
    """``make()`` → the URL of a new, empty PostgreSQL database, dropped at the end of the test."""
    if not PG_URL:
        pytest.skip("no PostgreSQL: set MEDNOTICE_TEST_PG_URL (.ci/run starts one and sets it)")
    base = make_url(PG_URL)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    names = []

    def make() -> str:
        name = f"{base.database}_rel_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        names.append(name)
        return base.set(database=name).render_as_string(hide_password=False)

    yield make
    for name in names:
        drop_database(admin, name)
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def new_location(request, tmp_path):
    """``make()`` → where a new store can be made: a SQLite path in tmp_path, or a new PostgreSQL database."""
    if request.param == "postgresql":
        return request.getfixturevalue("new_database")
    counter = iter(range(10**6))
    return lambda: str(tmp_path / f"store{next(counter)}.db")


def state(location: str) -> str:
    """What a location holds, read without mednotice: absent (nothing of a store), whole (every
    table and the schema version), or partial (anything in between)."""
    if "://" not in location:
        if not Path(location).exists():
            return "absent"
        location = f"sqlite:///{location}"
    engine = create_engine(location)
    try:
        with engine.connect() as conn:
            names = set(inspect(conn).get_table_names()) & set(metadata.tables)
            if not names:
                return "absent"
            version = conn.execute(text("SELECT value FROM store_info WHERE key = 'schema_version'")).scalar() \
                if "store_info" in names else None
        return "whole" if names == set(metadata.tables) and version == str(SCHEMA_VERSION) else "partial"
    finally:
        engine.dispose()


def works(location: str, notice) -> None:
    """The store at ``location`` opens without creating, takes a notice and reads it back."""
    store = open_store(location)
    try:
        added = store.add(notice)
        assert added.status == "added"
        assert store.read(added.notice_id).notice.sha256 == notice.sha256
    finally:
        store.engine.dispose()


def refusal(location, **kwargs) -> str:
    with pytest.raises(StoreError) as caught:
        open_store(location, **kwargs)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


# --- opening: what is refused, in one line --------------------------------------------------------


@pytest.mark.parametrize("location, create, words", [
    ("{tmp}/none.db", False, ["no store at {tmp}/none.db: ingest files to create one"]),
    ("sqlite:///{tmp}/none.db", False, ["no store at sqlite:///{tmp}/none.db"]),
    ("{tmp}/missing/folder/c.db", True, ["the folder {tmp}/missing/folder does not exist"]),
    ("sqlite://", True, ["an in-memory store keeps nothing"]),
    (":memory:", True, ["an in-memory store keeps nothing"]),
    ("sqlite:///:memory:", False, ["an in-memory store keeps nothing"]),
    ("mysql://ann:s3cretpw@db.example/corpus", True, ["mysql://ann:***@db.example/corpus", "a mysql database",
                                                      "SQLite", "PostgreSQL"]),
    ("oracle+oracledb://ann:s3cretpw@db.example/corpus", False, ["a oracle database", "PostgreSQL"]),
    ("postgresql+nosuchdriver://ann:s3cretpw@db.example/corpus", True, ["postgresql+nosuchdriver://ann:***@db.example",
                                                                         "cannot be opened"]),
    ("postgresql+psycopg://ann:s3cretpw@127.0.0.1:1/corpus", True, ["postgresql+psycopg://ann:***@127.0.0.1:1/corpus",
                                                                     "cannot be opened"]),
    ("{tmp}", True, ["{tmp} is a folder"]),
])
def test_a_location_that_is_not_a_store_is_refused_in_one_line(tmp_path, location, create, words):
    tmp = str(tmp_path)
    message = refusal(location.format(tmp=tmp), create=create)
    for word in words:
        assert word.format(tmp=tmp) in message
    assert "s3cretpw" not in message
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing was created: no file, no folder


def make_foreign_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO users VALUES (1, 'ann')")
    conn.close()


def make_foreign_notices(path: Path) -> None:
    """Another application's table that happens to be called notices."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notices (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
    conn.close()


@pytest.mark.parametrize("make, words", [
    (make_foreign_sqlite, "is not a mednotice store (it holds tables of another application: users)"),
    (make_foreign_notices, "is not a mednotice store"),
    (lambda path: path.write_text("name,value\nann,1\n"), "is not a mednotice store (not a SQLite database)"),
    (lambda path: path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000), "is not a mednotice store"),
])
@pytest.mark.parametrize("create", [False, True])
def test_another_applications_file_is_refused_and_never_touched(tmp_path, make, words, create):
    path = tmp_path / "theirs.db"
    make(path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    message = refusal(str(path), create=create)
    assert words in message and str(path) in message
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_the_default_folder_is_made_for_a_new_store_and_only_it(tmp_path, monkeypatch, sample):
    monkeypatch.delenv("MEDNOTICE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert "no store at" in refusal(None)
    assert not (tmp_path / "data").exists()
    open_store(create=True).engine.dispose()
    assert (tmp_path / "data" / "mednotice" / "corpus.db").is_file()
    works(str(tmp_path / "data" / "mednotice" / "corpus.db"), sample)


def test_a_postgresql_database_without_a_store_is_refused_unless_created(new_database, sample):
    url = new_database()
    password = make_url(url).password
    message = refusal(url)
    assert message.startswith("no store at postgresql") and "ingest files to create one" in message
    if password:
        assert f":{password}@" not in message and ":***@" in message
    assert state(url) == "absent"
    open_store(url, create=True).engine.dispose()
    works(url, sample)


def test_a_store_of_a_newer_version_is_refused_naming_it(tmp_path):
    path = tmp_path / "new.db"
    open_store(str(path), create=True).engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE store_info SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    message = refusal(str(path))
    assert message.startswith(f"{path}: the store was made by a newer mednotice (store version 99")


# --- creation: killed, failed, half made by an earlier release, many openers at once --------------


def test_a_creation_that_fails_half_way_leaves_nothing_and_the_next_completes(new_location, monkeypatch, sample):
    import corpus.store as store_module

    location = new_location()

    def fail(conn):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module, "_write_version", fail)  # every table made, the version not yet written
    with pytest.raises(StoreError, match="No space left on device"):
        open_store(location, create=True)
    assert state(location) == "absent"
    monkeypatch.undo()
    open_store(location, create=True).engine.dispose()
    assert state(location) == "whole"
    works(location, sample)


def half_made(location: str, tables: list[str], version: str | None) -> None:
    """A store as an earlier release could leave it when killed while creating it: some tables
    made one by one, the schema version perhaps not written."""
    engine = create_engine(location if "://" in location else f"sqlite:///{location}")
    with engine.begin() as conn:
        metadata.create_all(conn, tables=[metadata.tables[name] for name in tables])
        if version is not None:
            conn.execute(text("INSERT INTO store_info (key, value) VALUES ('schema_version', :v)"), {"v": version})
    engine.dispose()


@pytest.mark.parametrize("tables, version", [
    (["store_info"], None),
    (["store_info", "notices"], None),  # an earlier release read this as version 1: "duplicate column name: same_as"
    (list(metadata.tables), None),
    (["notices", "documents"], None),
    (list(metadata.tables), str(SCHEMA_VERSION)),
])
def test_a_store_half_made_by_an_earlier_release_opens(new_location, sample, tables, version):
    location = new_location()
    half_made(location, tables, version)
    open_store(location).engine.dispose()
    assert state(location) == "whole"
    works(location, sample)


@pytest.mark.parametrize("dump", ["store_v1.sql", "store_v2.sql", "store_v3.sql"])
def test_an_earlier_store_that_lost_its_version_is_migrated_by_its_shape(previous_release, dump):
    location = previous_release(ROOT / "tests" / "data" / dump)
    engine = create_engine(location if "://" in location else f"sqlite:///{location}")
    with engine.begin() as conn:
        cities = [c for (c,) in conn.execute(text("SELECT city FROM documents ORDER BY notice_id, position"))]
        count = conn.execute(text("SELECT count(*) FROM parameters")).scalar()
        conn.execute(text("DELETE FROM store_info"))
    engine.dispose()
    store = open_store(location)
    assert state(location) == "whole"
    assert [r["city"] for r in store.list()] == cities and cities
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM parameters")).scalar() == count > 0
    store.engine.dispose()


CREATOR = """
import sys
from corpus.store import open_store
print("ready", flush=True)
sys.stdin.readline()
open_store(sys.argv[1], create=True)
print("done", flush=True)
"""


def creator(location: str) -> subprocess.Popen:
    """A process that has imported mednotice and creates the store at ``location`` when told."""
    process = subprocess.Popen([sys.executable, "-c", CREATOR, location], cwd=ROOT, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready", process.stderr.read()
    return process


def creation_time(location: str) -> float:
    """Seconds a creation takes at such a location, measured in a process of its own."""
    process = creator(location)
    start = time.perf_counter()
    process.stdin.write("go\n")
    process.stdin.flush()
    assert process.stdout.readline().strip() == "done", process.stderr.read()
    elapsed = time.perf_counter() - start
    process.wait()
    return elapsed


@pytest.mark.slow
def test_a_creation_killed_at_random_moments_leaves_no_store_or_a_whole_one(new_location, sample):
    """Up to KILL_TRIES creations SIGKILLed after a random delay within the time a creation takes
    (bounded to two minutes): the store is never half made, and opens and works afterwards."""
    window = creation_time(new_location()) * 1.3
    seen = []
    deadline = time.monotonic() + 120
    rng = random.Random(14)
    while len(seen) < KILL_TRIES and time.monotonic() < deadline:
        location = new_location()
        process = creator(location)
        process.stdin.write("go\n")
        process.stdin.flush()
        time.sleep(rng.uniform(0, window))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        found = state(location)
        assert found in ("absent", "whole"), f"try {len(seen)}: the store was left {found}"
        seen.append(found)
        if found == "absent":
            assert "no store at" in refusal(location)
        open_store(location, create=True).engine.dispose()
        works(location, sample)
    assert len(seen) >= min(KILL_TRIES, 8)
    assert "absent" in seen, f"no kill landed before the creation was done: {seen}"


OPENER = """
import sys
from corpus.store import open_store
print("ready", flush=True)
sys.stdin.readline()
store = open_store(sys.argv[1], create=True)
print(store.count(), flush=True)
"""


class LockedCursor:
    """A cursor whose first answers to the WAL pragma are the error SQLite gives an opener when
    turning WAL on would deadlock with another's (at once, without the busy handler)."""

    def __init__(self, failures: int, error: str = "database is locked"):
        self.failures, self.error, self.calls = failures, error, 0

    def execute(self, sql):
        self.calls += 1
        if self.calls <= self.failures:
            raise sqlite3.OperationalError(self.error)


def test_turning_wal_on_waits_for_another_opener():
    from corpus.store import _turn_wal_on

    cursor = LockedCursor(failures=3)
    _turn_wal_on(cursor)
    assert cursor.calls == 4


@pytest.mark.parametrize("error, failures, wait", [
    ("disk I/O error", 1, 30.0),       # not another opener: told at once
    ("database is locked", 10**6, 0.05),  # an opener that never lets go: told after the wait
])
def test_turning_wal_on_gives_up(error, failures, wait):
    from corpus.store import _turn_wal_on

    cursor = LockedCursor(failures, error)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match=error):
        _turn_wal_on(cursor, wait=wait)
    assert time.monotonic() - started < 1.0
    assert cursor.calls >= (1 if failures == 1 else 2)


@pytest.mark.slow
def test_processes_opening_a_new_store_at_once_all_succeed(new_location):
    for _ in range(2):
        location = new_location()
        processes = [subprocess.Popen([sys.executable, "-c", OPENER, location], cwd=ROOT, stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(6)]
        for p in processes:
            assert p.stdout.readline().strip() == "ready"
        for p in processes:  # all released at once
            p.stdin.write("go\n")
            p.stdin.flush()
        for p in processes:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0 and out.strip() == "0", err
        assert state(location) == "whole"
        engine = create_engine(location if "://" in location else f"sqlite:///{location}")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM store_info")).scalar() == 1
        engine.dispose()


# --- two writers of the same files ----------------------------------------------------------------


ADDER = """
import json, sys
from corpus.store import open_store
from extractor.models import Notice
store = open_store(sys.argv[1])
notices = [Notice.model_validate_json(line) for line in open(sys.argv[2], encoding="utf-8")]
print("ready", flush=True)
sys.stdin.readline()
for notice in notices:
    added = store.add(notice, b"")
    print(json.dumps([notice.sha256, added.status, added.notice_id]), flush=True)
"""


@pytest.mark.slow
def test_two_processes_storing_the_same_notices_at_once_store_each_once(new_location, sample, tmp_path):
    location = new_location()
    open_store(location, create=True).engine.dispose()
    batch = [copy_of(sample, i) for i in range(30)]
    lines = tmp_path / "notices.jsonl"
    lines.write_text("".join(n.model_dump_json() + "\n" for n in batch), encoding="utf-8")
    adders = [subprocess.Popen([sys.executable, "-c", ADDER, location, str(lines)], cwd=ROOT, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for a in adders:
        assert a.stdout.readline().strip() == "ready", a.stderr.read()
    for a in adders:
        a.stdin.write("go\n")
        a.stdin.flush()
    outcomes: dict[str, list[tuple[str, int]]] = {}
    for a in adders:
        out, err = a.communicate(timeout=300)
        assert a.returncode == 0, err
        for line in out.splitlines():
            sha, status, notice_id = json.loads(line)
            outcomes.setdefault(sha, []).append((status, notice_id))
    assert len(outcomes) == 30
    for sha, pair in outcomes.items():
        assert sorted(status for status, _ in pair) == ["added", "duplicate"], sha
        assert pair[0][1] == pair[1][1]  # the duplicate names the notice the other stored
    store = open_store(location)
    assert store.count() == 30
    store.engine.dispose()


@pytest.mark.slow
def test_two_ingests_of_the_same_files_into_a_new_store_both_finish(new_location, tmp_path):
    """The command line, as two people would run it: the store made by whichever comes first."""
    location = new_location()
    batch = tmp_path / "batch"
    batch.mkdir()
    texts = sorted((ROOT / "corpus" / "samples").glob("*.txt"))[:4]
    for path in texts:
        (batch / path.name).write_bytes(path.read_bytes())
    runs = [subprocess.Popen([sys.executable, "-m", "corpus", "ingest", str(batch), "--db", location], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
        assert "Traceback" not in err
    store = open_store(location)
    assert store.count() == len(texts)
    store.engine.dispose()


# --- exports: whole or not at all -----------------------------------------------------------------


@pytest.fixture
def one_notice_store(tmp_path, sample):
    store = open_store(str(tmp_path / "c.db"), create=True)
    store.add(sample, b"")
    yield store
    store.engine.dispose()


def fail_half_way(*args, **kwargs):
    """A writer that puts some bytes in its file, then finds the disk full."""
    path = next(a for a in args if isinstance(a, (str, Path)))
    with open(path, "ab") as fh:
        fh.write(b"half a file")
    raise OSError(28, "No space left on device")


def break_writer(monkeypatch, fmt: str) -> None:
    import pandas as pd

    import corpus.export as export_module

    if fmt == "json":
        def dump(obj, fh, **kwargs):
            fh.write("[{\"source\": ")
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(export_module.json, "dump", dump)
    elif fmt == "jsonl":
        real = json.dumps
        calls = iter(range(10**6))

        def dumps(obj, **kwargs):
            if next(calls) > 0:
                raise OSError(28, "No space left on device")
            return real(obj, **kwargs)
        monkeypatch.setattr(export_module.json, "dumps", dumps)
    else:
        method = {"csv": "to_csv", "xlsx": "to_excel", "parquet": "to_parquet"}[fmt]
        monkeypatch.setattr(pd.DataFrame, method, lambda self, *a, **k: fail_half_way(*a, **k))


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_that_fails_half_way_leaves_the_previous_file_whole(one_notice_store, sample, tmp_path,
                                                                       monkeypatch, fmt):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / f"panel.{fmt}"
    if fmt == "jsonl":  # two records, so that the failure comes after one is written
        one_notice_store.add(copy_of(sample, 1), b"")
    export(one_notice_store, fmt, out)
    previous = out.read_bytes()
    out.chmod(0o640)
    one_notice_store.add(copy_of(sample, 2), b"")
    break_writer(monkeypatch, fmt)
    with pytest.raises(OSError, match="No space left"):
        export(one_notice_store, fmt, out)
    assert out.read_bytes() == previous
    assert [p.name for p in folder.iterdir()] == [out.name]  # no file of the failed export behind
    monkeypatch.undo()
    export(one_notice_store, fmt, out)
    assert out.read_bytes() != previous and (out.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in folder.iterdir()] == [out.name]


def test_an_export_through_a_link_replaces_the_file_it_names(one_notice_store, tmp_path):
    target = tmp_path / "kept" / "panel.csv"
    target.parent.mkdir()
    target.write_text("previous")
    link = tmp_path / "panel.csv"
    link.symlink_to(target)
    export(one_notice_store, "csv", link)
    assert link.is_symlink() and target.read_text("utf-8-sig").startswith("notice_id,")


def test_an_export_of_an_unknown_format_leaves_nothing(one_notice_store, tmp_path):
    out = tmp_path / "panel.dta"
    with pytest.raises(ValueError, match="unknown format dta"):
        export(one_notice_store, "dta", out)
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["c.db", "c.db-shm", "c.db-wal"]


# --- damaged rows: left out of every read, with one warning ---------------------------------------


def first_value_as(record: str, literal: str) -> str:
    """The record with its first parameter's value written as ``literal`` (JSON the models refuse)."""
    data = json.loads(record)
    parameter = next(p for d in data["documents"] for p in d["parameters"])
    marker = "\x00VALUE\x00"
    parameter["value"] = marker
    return json.dumps(data, ensure_ascii=False).replace(json.dumps(marker), literal, 1)


def damage_record(how):
    def damage(conn, notice_id, parameter_id):
        record = conn.execute(text("SELECT record FROM notices WHERE id = :id"), {"id": notice_id}).scalar()
        conn.execute(text("UPDATE notices SET record = :r WHERE id = :id"), {"r": how(record), "id": notice_id})
    return damage


def damage_parameter(column, value):
    def damage(conn, notice_id, parameter_id):
        conn.execute(text(f"UPDATE parameters SET {column} = :v WHERE id = :id"), {"v": value, "id": int(parameter_id)})
    return damage


def damage_correction(action, target, new):
    def damage(conn, notice_id, parameter_id):
        conn.execute(text("INSERT INTO corrections (notice_id, action, document, target, field, new, created_at) "
                          "VALUES (:n, :a, 0, :t, 'subsidy.per_capita', :new, CURRENT_TIMESTAMP)"),
                     {"n": notice_id, "a": action, "t": target or parameter_id, "new": new})
    return damage


DAMAGES = {
    # what was damaged, how: which part of the notice is then left out
    "record with Infinity": ("record", damage_record(lambda r: first_value_as(r, "Infinity"))),
    "record with NaN": ("record", damage_record(lambda r: first_value_as(r, "NaN"))),
    "record with a figure of 400 digits": ("record", damage_record(lambda r: first_value_as(r, "9" * 400 + ".0"))),
    "record with a value the models refuse": ("record", damage_record(lambda r: first_value_as(r, "null"))),
    "record cut short": ("record", damage_record(lambda r: r[: len(r) // 2])),
    "parameter value Infinity": ("parameter", damage_parameter("value", "Infinity")),
    "parameter value not JSON": ("parameter", damage_parameter("value", "{\"broken")),
    "parameter scope a list": ("parameter", damage_parameter("scope", "[1, 2]")),
    "correction to NaN": ("correction", damage_correction("corrected", None, '{"value": NaN}')),
    "correction not JSON": ("correction", damage_correction("corrected", None, '{"value": 6')),
    "undo of no correction": ("correction", damage_correction("undone", "x", None)),
}


@pytest.mark.parametrize("case", sorted(DAMAGES))
def test_a_damaged_row_is_left_out_of_every_read_with_one_warning(store, sample, tmp_path, caplog, case):
    part, damage = DAMAGES[case]
    bad = store.add(copy_of(sample, 1), b"").notice_id
    good = store.add(copy_of(sample, 2), b"").notice_id
    parameter_id = store.parameters_of(bad)[0]["id"]
    with store.engine.begin() as conn:
        damage(conn, bad, parameter_id)

    with caplog.at_level(logging.WARNING, logger="corpus.store"):
        read = store.read(bad)
        listed = store.list()
        parameters = store.parameters_of(bad)
        exported = records(store)
        rows = long_rows(store)
        store.history()
        store.read(bad)  # a second read: no second warning
        export(store, "json", tmp_path / "all.json")

    # The other notice reads whole, wherever it is read.
    assert store.read(good).notice.sha256 == copy_of(sample, 2).sha256
    assert {r["notice"] for r in listed} == {bad, good}
    assert any(r["notice_id"] == good for r in rows)
    ids = {p["id"] for p in parameters}
    if part == "record":
        assert read is None and store.notice(bad) is None and store.notice(bad, raw=True) is None
        assert parameter_id in ids  # the parameter rows are whole
        assert [r["source"] for r in exported] == ["n002.txt"]
    elif part == "parameter":
        assert read is not None and parameter_id not in ids and len(ids) > 0
        assert parameter_id not in {p.id for d in read.notice.documents for p in d.parameters}
        assert sorted(r["source"] for r in exported) == ["n001.txt", "n002.txt"]
        assert all(r["parameter_id"] != parameter_id for r in rows)
    else:
        assert read is None and parameters == []
        assert [r["source"] for r in exported] == ["n002.txt"]
        assert not any(r["notice_id"] == bad for r in rows)
    assert list(store.skipped) == [bad]
    line = store.skipped[bad]
    assert line.startswith(f"notice {bad} (n001.txt): ") and "\n" not in line
    assert [r.getMessage() for r in caplog.records] == [line]
    schema = json.loads((ROOT / "schemas" / "notice.schema.json").read_text("utf-8"))
    for record in json.loads((tmp_path / "all.json").read_text("utf-8")):
        jsonschema.validate(record, schema)


def test_a_figure_that_is_not_a_finite_number_is_not_stored(store, sample):
    doc = sample.documents[0]
    huge = doc.parameters[0].model_copy(update={"value": float("inf")})
    notice = copy_of(sample, 1).model_copy(update={"documents": (doc.model_copy(update={"parameters": (huge,)}),)})
    with pytest.raises(StoreError) as caught:
        store.add(notice, b"")
    message = str(caught.value)
    assert message.startswith("n001.txt: not stored: the figure in ") and "too large to be a number" in message
    assert store.count() == 0


def test_reextract_goes_on_past_a_notice_that_fails(store, sample):
    first = store.add(copy_of(sample, 1), b"one").notice_id
    second = store.add(copy_of(sample, 2), b"two").notice_id

    def extract_fn(content, name):
        if content == b"one":
            raise RecursionError("maximum recursion depth exceeded")
        return copy_of(sample, 2)

    reports = {r.notice_id: r for r in store.reextract(extract_fn)}
    assert reports[first].failed == "the file no longer reads (RecursionError: maximum recursion depth exceeded)"
    assert reports[second].failed is None and store.read(second) is not None


def test_reextract_goes_on_past_a_notice_whose_rows_are_damaged(store, sample):
    first = store.add(copy_of(sample, 1), b"one").notice_id
    second = store.add(copy_of(sample, 2), b"two").notice_id
    with store.engine.begin() as conn:
        damage_correction("undone", "x", None)(conn, first, None)
    reports = {r.notice_id: r for r in store.reextract(lambda content, name: copy_of(sample, int(content == b"two") + 1))}
    assert reports[first].failed == (f"notice {first}: its correction 1 cannot be read (it undoes 'x', not a "
                                     "correction's number): nothing was changed")
    assert reports[second].failed is None


def test_a_correction_over_a_damaged_history_is_refused_in_one_line(store, sample):
    notice_id = store.add(copy_of(sample, 1), b"").notice_id
    parameter_id = store.parameters_of(notice_id)[0]["id"]
    with store.engine.begin() as conn:
        damage_correction("corrected", None, '{"value": NaN}')(conn, notice_id, parameter_id)
    with pytest.raises(StoreError) as caught:
        store.correct(notice_id, parameter_id, {"value": 1})
    assert str(caught.value) == (f"notice {notice_id}: its correction 1 cannot be read (its new reads NaN is not a "
                                 "number JSON allows): nothing was changed")
