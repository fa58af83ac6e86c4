"""Fixtures shared by the store, export and correction tests."""

from __future__ import annotations

import os
import uuid

import pytest

from corpus.store import metadata, open_store

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
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """The same tests on a SQLite file and on the PostgreSQL server .ci/run starts."""
    if request.param == "sqlite":
        yield open_store(str(tmp_path / "corpus.db"))
        return
    url = request.getfixturevalue("pg_url")
    store = open_store(url)
    yield store
    metadata.drop_all(store.engine)
    store.engine.dispose()
