"""Fixtures shared by the store, export and correction tests."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from corpus.store import metadata, open_store
from databases import drop_database

PG_URL = os.environ.get("MEDNOTICE_TEST_PG_URL")


@pytest.fixture(scope="session")
def pg_url():
    """A database of this test run's own on the server of MEDNOTICE_TEST_PG_URL, dropped at the end,
    so that two runs on one server never meet."""
    if not PG_URL:
        pytest.skip("no PostgreSQL: set MEDNOTICE_TEST_PG_URL (.ci/run starts one and sets it)")
    from sqlalchemy import create_engine, make_url, text

    base = make_url(PG_URL)
    name = f"{base.database}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    drop_database(admin, name)
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """The same tests on a SQLite file and on the PostgreSQL server .ci/run starts."""
    if request.param == "sqlite":
        yield open_store(str(tmp_path / "corpus.db"), create=True)
        return
    url = request.getfixturevalue("pg_url")
    store = open_store(url, create=True)
    yield store
    metadata.drop_all(store.engine)
    store.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def previous_release(request, tmp_path):
    """``load(dump)`` → the URL of a store made by an earlier release, from its SQLite dump
    (tests/data/store_v*.sql): on SQLite the dump itself; on PostgreSQL the same tables, as the
    earlier release's SQLAlchemy made them there (reflected from the dump), and the same rows,
    id sequences after the ids as they would be."""
    import sqlite3

    from sqlalchemy import DateTime, MetaData, create_engine, func, insert, select, text

    urls = []

    def load(dump) -> str:
        path = tmp_path / f"old{len(urls)}.db"
        with sqlite3.connect(path) as conn:
            conn.executescript(dump.read_text("utf-8"))
        if request.param == "sqlite":
            urls.append(str(path))
            return str(path)
        url = request.getfixturevalue("pg_url")
        source = create_engine(f"sqlite:///{path}")
        old = MetaData()
        old.reflect(source)
        for table in old.tables.values():
            for column in table.columns:
                # SQLite's names (DATETIME, BLOB) as the types the release declared.
                generic = column.type.as_generic()
                column.type = DateTime(timezone=True) if isinstance(generic, DateTime) else generic
        target = create_engine(url)
        old.create_all(target)
        with source.connect() as read, target.begin() as write:
            for table in old.sorted_tables:
                rows = [dict(r._mapping) for r in read.execute(select(table))]
                if rows:
                    write.execute(insert(table), rows)
                if "id" in table.c:
                    top = write.execute(select(func.max(table.c.id))).scalar() or 0
                    write.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), {top + 1}, false)"))
        source.dispose()
        target.dispose()
        urls.append(url)
        return url

    yield load
    if request.param == "postgresql" and urls:
        engine = create_engine(urls[0])
        tables = MetaData()
        tables.reflect(engine)
        tables.drop_all(engine)
        engine.dispose()


@pytest.fixture()
def app_env(tmp_path, monkeypatch):
    """The app on a store of this test's own (the app caches its store and reads a process long)."""
    import streamlit as st

    monkeypatch.setenv("MEDNOTICE_DB", str(tmp_path / "app.db"))
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
