"""Fixtures shared by the store, export and correction tests."""

from __future__ import annotations

import os

import pytest

from extractor.store import metadata, open_store

PG_URL = os.environ.get("MEDNOTICE_TEST_PG_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """The same tests on a SQLite file and on the PostgreSQL server .ci/run starts."""
    if request.param == "sqlite":
        yield open_store(str(tmp_path / "corpus.db"))
        return
    if not PG_URL:
        pytest.skip("no PostgreSQL: set MEDNOTICE_TEST_PG_URL (.ci/run starts one and sets it)")
    from sqlalchemy import create_engine

    leftover = create_engine(PG_URL)
    metadata.drop_all(leftover)  # tables an interrupted run left behind
    leftover.dispose()
    store = open_store(PG_URL)
    yield store
    metadata.drop_all(store.engine)
    store.engine.dispose()
