"""The PostgreSQL databases the tests make for themselves, and their removal."""

from __future__ import annotations

import time

# What PostgreSQL says when DROP DATABASE … WITH (FORCE) meets a process it may not end: an autovacuum
# worker (a superuser's) that started on the new database, which the test role cannot signal.
_NOT_OURS = "must be a member of the role whose process is being terminated"


def drop_database(admin, name: str, wait: float = 60.0) -> None:
    """Drop the database ``name`` through ``admin`` (an AUTOCOMMIT engine), ending the test's own
    sessions on it.  Where an autovacuum worker holds it, a plain DROP (which cancels the worker and
    waits for it) is tried, and the whole again until ``wait`` seconds have passed."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    deadline = time.monotonic() + wait
    while True:
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError as exc:
            if _NOT_OURS not in str(exc) or time.monotonic() > deadline:
                raise
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            return
        except DBAPIError:
            time.sleep(0.5)
