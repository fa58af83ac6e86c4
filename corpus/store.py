"""The corpus store: notices, their documents, parameters, quantities, checks and corrections.

SQLite by default (one file, WAL mode so that the app and the command line use it
at once); any SQLAlchemy URL works, PostgreSQL included.  The full record of each
notice is kept as JSON beside the columns that queries and exports filter on, so
what was extracted is never lost to a narrower table.

    store = open_store("sqlite:///corpus.db")
    outcome = store.add(notice)      # "added" or "duplicate"

Corrections by hand are rows of their own (corpus.corrections says what they may be): the
extracted record is never changed by them, and every read replays them over it.  A
parameter's id is its row's, kept through ``reextract`` for as long as the parameter is
found again; ids are never given twice.  The document columns (region, level, year, 文号,
title, issue date) and a notice's ``same_as`` and ``excluded`` hold the state as corrected,
so that queries can filter on them; ``documents.meta`` keeps the metadata as extracted.

Default location: $MEDNOTICE_DB, else ~/.local/share/mednotice/corpus.db.

Opening is safe against kills and other openers: a store is created, or brought up to this
version's schema, in one transaction that only one opener at a time enters, the schema version
written last; a path with no store is refused unless the caller creates on purpose (``ingest``,
the app), and so are in-memory stores, unknown database kinds and another application's database.
A record that no longer loads (a damaged write, a value this version's models refuse) is left out
of every read with a warning (``Store.skipped``), never failing the read of the others.
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import re
import sqlite3
import stat
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from extractor.grammar import operator
from extractor.models import Notice
from .corrections import (
    EDITABLE,
    META_KEYS,
    Correction,
    CorrectionError,
    Folded,
    check_field,
    check_metadata,
    check_region,
    check_parameter,
    fold,
    likeness,
    match_key,
    match_of,
    pair,
    scope_text,
    shown,
    undo_of,
    units_of,
)

# 1: the first store.  2: copies of one notice (same 文号) linked by notices.same_as;
#    the section tree as a table of its own.  3: parameters keep their ids (never given twice)
#    and their place in the record; corrections name a parameter by id, metadata corrections,
#    copies and exclusions by hand, undo; notices.revision orders writes to one notice.
#    4: parameters.year_is_policy_year, so that a corrected policy year moves the figures dated by it.
SCHEMA_VERSION = 4

# The database kinds a store can live in (SQLAlchemy backend names), and how to name one.
BACKENDS = {"sqlite": "SQLite (a file path, or sqlite:///PATH)",
            "postgresql": "PostgreSQL (postgresql+psycopg://USER@HOST/DB)"}
# Every opener of a PostgreSQL store takes this transaction lock before creating or migrating it.
_CREATION_LOCK = 0x6D65646E6F7469  # "mednoti"
_LOG = logging.getLogger(__name__)

metadata = MetaData()

store_info = Table(
    "store_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

notices = Table(
    "notices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("file_name", Text, nullable=False),
    Column("format", String(8), nullable=False),
    Column("encoding", String(32)),
    Column("extractor_version", String(32), nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("text", Text, nullable=False),
    Column("record", Text, nullable=False),  # the Notice as JSON (schemas/notice.schema.json), as extracted
    Column("content", LargeBinary, nullable=False),  # the file itself: reextract reads it again
    # Another file of the same notice (same 文号: a PDF and its web page) points to the first one
    # stored, or to the notice a person said it copies.
    Column("same_as", Integer, ForeignKey("notices.id")),
    Column("excluded", Text),  # why a person excluded it from comparisons and exports; null when not
    # Every write to the notice (a correction, a re-extraction) raises it first: the row lock that
    # puts concurrent writers to one notice in order.
    Column("revision", Integer, nullable=False, server_default="0"),
    sqlite_autoincrement=True,
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("notice_id", Integer, ForeignKey("notices.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    # As corrected by hand (the extracted values are in meta):
    Column("doc_number", Text, index=True),
    Column("title", Text),
    Column("level", String(16)),
    Column("province", Text, index=True),
    Column("city", Text, index=True),
    Column("county", Text),
    Column("policy_year", Integer, index=True),
    Column("issue_date", String(10)),
    Column("meta", Text, nullable=False),
    UniqueConstraint("notice_id", "position"),
)

sections = Table(
    "sections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("path", Text, nullable=False),  # 二/一: numbers from the root
    Column("number", String(16), nullable=False),
    Column("marker", String(16), nullable=False),
    Column("level", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
)

def _provenance():
    """Where a figure stands: its sentence, section and span in the cleaned text."""
    return [
        Column("sentence", Text, nullable=False),
        Column("section", Text),
        Column("span_start", Integer, nullable=False),
        Column("span_end", Integer, nullable=False),
    ]


parameters = Table(
    "parameters",
    metadata,
    # The parameter's id: kept through re-extraction, never given to another parameter.
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),  # its place in the record's document.parameters
    Column("field", String(64), nullable=False, index=True),
    Column("value", Text, nullable=False),  # JSON: number, ISO date or [from, to]
    Column("number", Float),  # the value when it is a number, for queries
    Column("unit", String(16), nullable=False),
    Column("scope", Text, nullable=False),  # JSON object
    Column("scope_key", Text, nullable=False),  # key=value;… sorted
    Column("year", Integer),
    # The year is the document's policy year, none being stated for the figure: a corrected policy
    # year moves it (null in rows stored before version 4: they keep their year until reextract).
    Column("year_is_policy_year", Boolean),
    Column("qualifier", String(8)),
    Column("operator", String(2)),
    Column("tier", String(8), nullable=False),
    Column("evidence", Text, nullable=False),
    *_provenance(),
    Column("rule", Text, nullable=False),
    sqlite_autoincrement=True,
)

quantities = Table(
    "quantities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("value", Text, nullable=False),
    Column("unit", String(16), nullable=False),
    Column("text", Text, nullable=False),
    *_provenance(),
)


corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("notice_id", Integer, ForeignKey("notices.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("action", String(16), nullable=False),  # corpus.corrections: PARAMETER_ACTIONS, NOTICE_ACTIONS
    Column("document", Integer),  # position of the document in the file
    Column("target", Text),  # parameter id ("311", "a4"), or for an undo the correction's id
    Column("field", String(64)),
    Column("old", Text),  # JSON object: what the changed keys were
    Column("new", Text),  # JSON object: what they became (an addition: the whole parameter)
    Column("match", Text),  # JSON: the parameter as it was, to find it again after the rules change
    Column("note", Text),
    Column("author", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    sqlite_autoincrement=True,
)

checks = Table(
    "checks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("check_id", String(32), nullable=False),
    Column("message", Text, nullable=False),
    Column("parameters", Text, nullable=False),  # JSON list of field[scope]=value
)


def default_folder() -> Path:
    """The user's data folder for mednotice, where the default store lives (made when missing).

    >>> os.environ["XDG_DATA_HOME"] = "/data"; str(default_folder())
    '/data/mednotice'
    >>> del os.environ["XDG_DATA_HOME"]
    """
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "mednotice"


def default_url() -> str:
    """$MEDNOTICE_DB, else a SQLite file in the user's data folder.

    >>> os.environ["MEDNOTICE_DB"] = "sqlite:///x.db"; default_url()
    'sqlite:///x.db'
    >>> del os.environ["MEDNOTICE_DB"]
    """
    if os.environ.get("MEDNOTICE_DB"):
        return os.environ["MEDNOTICE_DB"]
    return f"sqlite:///{default_folder() / 'corpus.db'}"


def _url(location: str) -> str:
    """A URL, or a plain path to a SQLite file.

    >>> _url("corpus.db")
    'sqlite:///corpus.db'
    >>> _url("postgresql+psycopg://u@localhost/corpus")
    'postgresql+psycopg://u@localhost/corpus'
    """
    return location if "://" in location else f"sqlite:///{location}"


def shown_url(url: str) -> str:
    """A store's location as every message shows it: a password in it masked (over-masking rather
    than showing one, when the URL is malformed).

    >>> shown_url("postgresql+psycopg://ann:s3cr@t@db.example:5432/corpus")
    'postgresql+psycopg://ann:***@db.example:5432/corpus'
    >>> shown_url("postgresql://ann@db/corpus?sslmode=require&password=s3cret")
    'postgresql://ann@db/corpus?sslmode=require&password=***'
    >>> shown_url("postgresql://ann@db/corpus"), shown_url("corpus.db")
    ('postgresql://ann@db/corpus', 'corpus.db')
    """
    scheme, sep, rest = str(url).partition("://")
    if sep and "@" in rest:
        at = rest.rfind("@")
        user, colon, _password = rest[:at].partition(":")
        if colon:
            rest = f"{user}:***{rest[at:]}"
    shown = f"{scheme}{sep}{rest}"
    return re.sub(r"([?&]password=)[^&#]*", r"\1***", shown, flags=re.IGNORECASE)


def _one_line(text: str, secret: str | None = None, limit: int = 300) -> str:
    """A driver's message as one line of a message of ours, with a password never in it.

    >>> _one_line("connection failed:\\n  password s3cret refused", "s3cret")
    'connection failed: password *** refused'
    """
    if secret:
        text = text.replace(secret, "***")
    return " ".join(text.split())[:limit]


# Seconds a SQLite opener or writer waits for another before it fails.
BUSY_TIMEOUT = 30


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # The wait first: turning WAL on takes a lock, and another opener may hold it for a moment.
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT * 1000}")
    # WAL: readers (the app) and one writer (an ingest) at the same time; a writer waits
    # for another instead of failing at once.
    _turn_wal_on(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _turn_wal_on(cursor, wait: float = BUSY_TIMEOUT) -> None:
    """Put the database in WAL mode, waiting as long as the busy timeout for other openers.

    A new store is still in rollback mode, where turning WAL on upgrades a shared lock to an exclusive
    one; two openers doing it at once would deadlock, so SQLite fails one of them at once, without its
    busy handler.  That one tries again after a moment: the other has turned WAL on by then (a no-op)."""
    deadline = time.monotonic() + wait
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or time.monotonic() >= deadline:
                raise
        time.sleep(pause * (1 + random.random()))
        pause = min(pause * 2, 0.2)


@dataclass(frozen=True)
class Added:
    status: str  # added / duplicate
    notice_id: int


@dataclass(frozen=True)
class ParameterChange:
    """A parameter one re-extraction added, removed or changed: its id and how it read."""

    id: str
    document: int
    field: str
    scope: str
    before: str | None  # value and unit, e.g. "640 元"; None when added
    after: str | None  # None when removed


@dataclass(frozen=True)
class Reextracted:
    """What one notice's re-extraction did; ``failed`` says why the notice was left as it was."""

    notice_id: int
    file_name: str
    added: tuple[ParameterChange, ...] = ()
    removed: tuple[ParameterChange, ...] = ()
    changed: tuple[ParameterChange, ...] = ()
    refound: tuple[Correction, ...] = ()  # corrections whose parameter was found again
    orphaned: tuple[Correction, ...] = ()  # corrections whose parameter is no longer extracted
    failed: str | None = None


@dataclass(frozen=True)
class Removed:
    """What ``remove`` took with the notice."""

    notice_id: int
    file_name: str
    documents: int
    parameters: int
    corrections: int
    copies: tuple[tuple[int, int | None], ...]  # notices that were its copies, and what they are copies of now


@dataclass(frozen=True)
class Read:
    """A notice as read: the record with every correction applied, and the corrections that apply to nothing."""

    notice: Notice
    orphaned: tuple[Correction, ...]
    excluded: str | None
    same_as: int | None


class Store:
    def __init__(self, engine: Engine, location: str | None = None):
        self.engine = engine
        self.location = location or engine.url.render_as_string(hide_password=True)
        # Notice id → one line saying what reads left out of it and why, for the command line to print
        # and the app to show; each is logged once as well.
        self.skipped: dict[int, str] = {}

    # --- writing notices ----------------------------------------------------------------------

    def add(self, notice: Notice, content: bytes = b"") -> Added:
        """Store one notice in one transaction; the same file (by content hash) only once, also when
        another process stores it at the same moment.  A record that would not read back (a figure
        that is not a finite number) is refused with a StoreError naming the file."""
        record = _storable(notice)
        try:
            with self.engine.begin() as conn:
                existing = conn.execute(select(notices.c.id).where(notices.c.sha256 == notice.sha256)).scalar()
                if existing is not None:
                    return Added("duplicate", existing)
                notice_id = conn.execute(
                    insert(notices).values(
                        sha256=notice.sha256,
                        file_name=notice.source,
                        format=notice.format,
                        encoding=notice.encoding,
                        extractor_version=notice.extractor_version,
                        ingested_at=datetime.now(timezone.utc),
                        text=notice.text,
                        record=record,
                        content=content,
                        revision=0,
                    )
                ).inserted_primary_key[0]
                _insert_documents(conn, notice_id, notice)
                _link(conn, notice_id, Folded())  # a new notice has no corrections yet
        except IntegrityError:
            # Another process stored the same file between the look-up and the insert (two ingests
            # of one folder): its unique hash stopped this one, which is then a duplicate like any.
            with self.engine.connect() as conn:
                existing = conn.execute(select(notices.c.id).where(notices.c.sha256 == notice.sha256)).scalar()
            if existing is None:
                raise
            return Added("duplicate", existing)
        return Added("added", notice_id)

    def reextract(self, extract_fn) -> Iterator[Reextracted]:
        """Run ``extract_fn(content, file name) → Notice`` over every stored file (corpus.ingest.reextract
        passes the extractor: the store does not know it).  The file is read outside any transaction;
        each notice is then replaced in one transaction, so that a run stopped half way leaves every
        notice old or new.  A parameter found again keeps its id, and so its corrections; a correction
        whose parameter is gone is kept and reported as orphaned (and found again if a later run
        finds its parameter)."""
        with self.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(select(notices.c.id).order_by(notices.c.id))]
        for notice_id in ids:
            with self.engine.connect() as conn:
                row = conn.execute(select(notices.c.file_name, notices.c.content).where(notices.c.id == notice_id)).first()
            if row is None:  # removed meanwhile
                continue
            # Whatever goes wrong with one notice (its file no longer reads, its stored rows are
            # damaged) leaves it as it was and is reported; the run goes on to the next.
            try:
                notice = extract_fn(row.content, row.file_name)
            except Exception as exc:
                yield Reextracted(notice_id, row.file_name, failed=_reason(exc, "the file no longer reads"))
                continue
            try:
                record = _storable(notice)
                with self.engine.begin() as conn:
                    if not _lock(conn, notice_id):
                        continue
                    report = _replace(conn, notice_id, row.file_name, notice, record)
            except Exception as exc:
                yield Reextracted(notice_id, row.file_name, failed=_reason(exc, "the new extraction cannot be stored"))
                continue
            yield report

    def remove(self, notice_id: int) -> Removed:
        """Delete a notice with its documents, parameters and corrections; copies linked to it are
        linked again (to another copy, or to none)."""
        with self.engine.begin() as conn:
            if not _lock(conn, notice_id):
                raise CorrectionError(f"no notice {notice_id} in the store")
            name = conn.execute(select(notices.c.file_name).where(notices.c.id == notice_id)).scalar()
            doc_ids = [r[0] for r in conn.execute(select(documents.c.id).where(documents.c.notice_id == notice_id))]
            n_params = conn.execute(
                select(func.count()).select_from(parameters).where(parameters.c.document_id.in_(doc_ids))
            ).scalar() if doc_ids else 0
            n_corrections = conn.execute(
                select(func.count()).select_from(corrections).where(corrections.c.notice_id == notice_id)
            ).scalar()
            copies = tuple(r[0] for r in conn.execute(
                select(notices.c.id).where(notices.c.same_as == notice_id).order_by(notices.c.id)))
            conn.execute(notices.update().where(notices.c.same_as == notice_id).values(same_as=None))
            conn.execute(notices.delete().where(notices.c.id == notice_id))
            relinked = {}
            for other in copies:
                said, of = _folded(conn, other).copy_of
                if said and of == notice_id:
                    # The copy mark a person made names a notice that is gone: say so in its history.
                    _record(conn, other, "copy_of", old={"same_as": notice_id}, new={"same_as": None},
                            note=f"notice {notice_id} was removed", author="mednotice")
                _link(conn, other)
                relinked[other] = conn.execute(select(notices.c.same_as).where(notices.c.id == other)).scalar()
        return Removed(notice_id, name, len(doc_ids), n_params, n_corrections, tuple(relinked.items()))

    # --- corrections --------------------------------------------------------------------------

    def correct(self, notice_id: int, parameter: str, changes: dict, *, note: str | None = None,
                author: str | None = None) -> Correction:
        """Change a parameter's value, unit, scope, year or qualifier (any of them).

        ``parameter`` is its id as ``show`` prints it (``"311"``, or ``"a4"`` for one added by hand)."""
        unknown = set(changes) - set(EDITABLE)
        if unknown or not changes:
            raise CorrectionError(f"a correction changes {', '.join(EDITABLE)}; not {', '.join(sorted(unknown)) or 'nothing'}")
        with self.engine.begin() as conn:
            current = self._target(conn, notice_id, parameter)
            attributes = {k: changes[k] for k in EDITABLE if k in changes}
            checked = check_parameter(current["field"], {"unit": attributes.get("unit", current["unit"]), **attributes})
            if "unit" not in attributes:
                checked.pop("unit")
            old = {k: current[k] for k in checked}
            new = {k: v for k, v in checked.items() if v != old[k]}
            if not new:
                raise CorrectionError(f"#{parameter} already reads {', '.join(f'{k} {shown(v)}' for k, v in checked.items())}")
            return _record(conn, notice_id, "corrected", document=current["document"], target=parameter,
                           field=current["field"], old={k: old[k] for k in new}, new=new,
                           match=current["match"], note=note, author=author)

    def reject(self, notice_id: int, parameter: str, *, note: str | None = None, author: str | None = None) -> Correction:
        """The parameter is wrong (or a second statement of another): leave it out of every read."""
        with self.engine.begin() as conn:
            current = self._target(conn, notice_id, parameter)
            return _record(conn, notice_id, "rejected", document=current["document"], target=parameter,
                           field=current["field"], old={k: current[k] for k in EDITABLE}, match=current["match"],
                           note=note, author=author)

    def accept(self, notice_id: int, parameter: str, *, note: str | None = None, author: str | None = None) -> Correction:
        """The parameter was checked and is right as extracted."""
        with self.engine.begin() as conn:
            current = self._target(conn, notice_id, parameter)
            if current["accepted"]:
                raise CorrectionError(f"#{parameter} is already accepted")
            return _record(conn, notice_id, "accepted", document=current["document"], target=parameter,
                           field=current["field"], match=current["match"], note=note, author=author)

    def add_parameter(self, notice_id: int, document: int, field: str, value, unit: str, scope: dict | None = None,
                      year: int | None | str = "policy_year", qualifier: str | None = None, *,
                      note: str | None = None, author: str | None = None) -> Correction:
        """A parameter the extractor missed.  Its year is the document's policy year unless given
        (``None``: a standing rule with no year).  Its id is ``a<correction id>``."""
        rule = check_field(field)
        if not unit:
            raise CorrectionError(f"an added parameter needs its unit: {field} is in {', '.join(units_of(field))}")
        with self.engine.begin() as conn:
            _lock_or_fail(conn, notice_id)
            policy_year = conn.execute(
                select(documents.c.policy_year).where(documents.c.notice_id == notice_id, documents.c.position == document)
            ).first()
            if policy_year is None:
                raise CorrectionError(f"notice {notice_id} has no document {document}")
            if year == "policy_year":
                year = policy_year[0]
            attributes = check_parameter(field, {"value": value, "unit": unit, "scope": scope or {}, "year": year,
                                                 "qualifier": qualifier})
            for row in apply_corrections(_stored_parameters(conn, notice_id), _folded(conn, notice_id)):
                same = _attributes(row)
                if row["document"] == document and row["field"] == field and all(
                        same[k] == attributes[k] for k in ("value", "unit", "scope")):
                    raise CorrectionError(f"notice {notice_id} already has #{row['id']} {field} {shown(same['scope'])} = "
                                          f"{shown(same['value'])} {same['unit']}: correct that one instead")
            new = dict(attributes, tier=rule.tier)
            return _record(conn, notice_id, "added", document=document, field=field, new=new, note=note, author=author)

    def undo(self, correction_id: int, *, note: str | None = None, author: str | None = None) -> Correction:
        """Take back a correction (an addition, a metadata edit, an exclusion, an undo …); the
        correction stays in the history, marked undone."""
        with self.engine.connect() as conn:
            row = conn.execute(select(corrections).where(corrections.c.id == correction_id)).first()
        if row is None:
            raise CorrectionError(f"no correction {correction_id} in the store")
        target = Correction.from_row(dict(row._mapping))
        with self.engine.begin() as conn:
            _lock_or_fail(conn, target.notice_id)
            done = _corrections_of(conn, [target.notice_id]).get(target.notice_id, [])
            from .corrections import undone_ids

            if correction_id in undone_ids(done):
                raise CorrectionError(f"correction {correction_id} is already undone")
            undo = _record(conn, target.notice_id, "undone", document=target.document, target=str(correction_id),
                           field=target.field, note=note, author=author)
            _refresh(conn, target.notice_id)
            return undo

    def correct_metadata(self, notice_id: int, document: int, changes: dict, *, note: str | None = None,
                         author: str | None = None) -> Correction:
        """Correct a document's region, level, policy year, 文号, title or issue date (``None`` clears one)."""
        checked = check_metadata(changes)
        with self.engine.begin() as conn:
            _lock_or_fail(conn, notice_id)
            row = conn.execute(select(documents).where(documents.c.notice_id == notice_id,
                                                       documents.c.position == document)).first()
            if row is None:
                raise CorrectionError(f"notice {notice_id} has no document {document}")
            old = {k: getattr(row, k) for k in checked}
            new = {k: v for k, v in checked.items() if v != old[k]}
            if not new:
                raise CorrectionError(f"notice {notice_id} document {document} already reads "
                                      + ", ".join(f"{k} {shown(v)}" for k, v in checked.items()))
            merged = {k: new.get(k, getattr(row, k)) for k in ("province", "city", "county")}
            check_region(merged["province"], merged["city"], merged["county"])
            correction = _record(conn, notice_id, "metadata", document=document, old={k: old[k] for k in new}, new=new,
                                 note=note, author=author)
            _refresh(conn, notice_id, numbers={row.doc_number, new.get("doc_number")})
            return correction

    def mark_copy(self, notice_id: int, of: int | None, *, note: str | None = None, author: str | None = None) -> Correction:
        """Say the notice is another file of notice ``of`` (``None``: it is a notice of its own,
        whatever its 文号 says)."""
        with self.engine.begin() as conn:
            _lock_or_fail(conn, notice_id)
            if of is not None:
                if of == notice_id:
                    raise CorrectionError(f"notice {notice_id} cannot be a copy of itself")
                if conn.execute(select(notices.c.same_as).where(notices.c.id == of)).first() is None:
                    raise CorrectionError(f"no notice {of} in the store")
                if _copy_chain(conn, of, notice_id):
                    raise CorrectionError(f"notice {of} is a copy of notice {notice_id}: mark it the other way round")
            before = conn.execute(select(notices.c.same_as).where(notices.c.id == notice_id)).scalar()
            correction = _record(conn, notice_id, "copy_of", old={"same_as": before}, new={"same_as": of},
                                 note=note, author=author)
            _refresh(conn, notice_id)
            return correction

    def exclude(self, notice_id: int, *, note: str | None = None, author: str | None = None) -> Correction:
        """Keep the notice in the store but out of comparisons and exports (another kind of document,
        out of the study's scope); ``note`` says why."""
        return self._set_excluded(notice_id, "excluded", note, author)

    def include(self, notice_id: int, *, note: str | None = None, author: str | None = None) -> Correction:
        """Take an excluded notice back into comparisons and exports."""
        return self._set_excluded(notice_id, "included", note, author)

    def _set_excluded(self, notice_id, action, note, author) -> Correction:
        with self.engine.begin() as conn:
            _lock_or_fail(conn, notice_id)
            excluded = conn.execute(select(notices.c.excluded).where(notices.c.id == notice_id)).scalar()
            if (excluded is not None) == (action == "excluded"):
                raise CorrectionError(f"notice {notice_id} is {'already excluded' if excluded is not None else 'not excluded'}")
            correction = _record(conn, notice_id, action, note=note, author=author)
            _refresh(conn, notice_id)
            return correction

    def _target(self, conn, notice_id: int, parameter: str) -> dict:
        """The parameter ``parameter`` of the notice as read now; one that is not there is an error
        saying why.  Takes the notice for the transaction first (see _lock)."""
        _lock_or_fail(conn, notice_id)
        parameter = str(parameter).lstrip("#")
        rows = apply_corrections(_stored_parameters(conn, notice_id), _folded(conn, notice_id))
        for row in rows:
            if row["id"] == parameter:
                return dict(row, **_attributes(row), match=match_key(row), accepted=row["accepted"])
        owner = _owner(conn, parameter)
        if owner is not None and owner != notice_id:
            raise CorrectionError(f"parameter #{parameter} belongs to notice {owner}, not {notice_id}")
        folded = _folded(conn, notice_id)
        if parameter.startswith("a") and parameter[1:].isdigit() and int(parameter[1:]) in folded.undone:
            undo = undo_of(_corrections_of(conn, [notice_id]).get(notice_id, []), int(parameter[1:]))
            raise CorrectionError(f"parameter #{parameter} was added by correction {parameter[1:]}, which correction "
                                  f"{undo.id} undid (undo {undo.id} to bring it back)")
        if parameter in folded.rejected:
            raise CorrectionError(f"parameter #{parameter} was rejected by correction {folded.rejected[parameter].id}: "
                                  "undo that first")
        raise CorrectionError(f"notice {notice_id} has no parameter #{parameter} (mednotice show {notice_id} lists them)")

    def status(self, notice_id: int) -> dict | None:
        """A notice's file name, ``same_as`` and ``excluded`` (why), without reading its record; None
        when there is no such notice."""
        with self.engine.connect() as conn:
            row = conn.execute(select(notices.c.file_name, notices.c.same_as, notices.c.excluded)
                               .where(notices.c.id == notice_id)).first()
        return None if row is None else dict(row._mapping)

    def find(self, notice_id: int, document: int | None, field: str, scope: dict) -> list[dict]:
        """The parameters of a document (of every document with None) with this field and scope, as
        read (to name one by id)."""
        if self.status(notice_id) is None:
            raise CorrectionError(f"no notice {notice_id} in the store")
        key = scope_text(scope)
        return [p for p in self.parameters_of(notice_id) if (document is None or p["document"] == document)
                and p["field"] == field and p["scope_key"] == key]

    def history(self, notice_id: int | None = None, parameter: str | None = None) -> list[tuple[Correction, str]]:
        """Corrections in the order they were made, each with its standing: applied, undone or orphaned
        (its parameter is no longer extracted).  ``parameter`` keeps those of one parameter and the
        undos of them."""
        with self.engine.connect() as conn:
            if parameter is not None:
                owner = _owner(conn, str(parameter).lstrip("#"))
                if notice_id is not None and owner is not None and owner != notice_id:
                    raise CorrectionError(f"parameter #{str(parameter).lstrip('#')} belongs to notice {owner}, not {notice_id}")
                notice_id = owner if notice_id is None else notice_id
            out = []
            for nid, done in self.readable_corrections(None if notice_id is None else [notice_id], conn)[0].items():
                folded = _fold(conn, nid, done)
                orphaned = {c.id for c in folded.orphaned}
                for c in sorted(done, key=lambda c: c.id):
                    standing = "undone" if c.id in folded.undone else "orphaned" if c.id in orphaned else "applied"
                    out.append((c, standing))
        out.sort(key=lambda item: item[0].id)
        if parameter is not None:
            parameter = str(parameter).lstrip("#")
            about = {c.id for c, _ in out if (c.action in ("corrected", "rejected", "accepted") and c.target == parameter)
                     or (c.action == "added" and c.added_id == parameter)}
            for c, _ in out:  # in order: an undo of an undo of one of them is about it too
                if c.action == "undone" and int(c.target) in about:
                    about.add(c.id)
            out = [(c, s) for c, s in out if c.id in about]
        return out

    # --- reading ------------------------------------------------------------------------------

    def content(self, notice_id: int) -> bytes | None:
        """The stored file itself (for showing a PDF page beside its text)."""
        with self.engine.connect() as conn:
            return conn.execute(select(notices.c.content).where(notices.c.id == notice_id)).scalar()

    def notice(self, notice_id: int, raw: bool = False) -> Notice | None:
        """The notice as read (corrections applied, parameters with their ids, a ``corrections``
        block); with ``raw`` the record as extracted.  None when there is no such notice, or when
        its record cannot be read (then ``skipped`` says why)."""
        if raw:
            with self.engine.connect() as conn:
                row = conn.execute(select(notices.c.record, notices.c.file_name).where(notices.c.id == notice_id)).first()
            if row is None:
                return None
            try:
                return _load_record(row.record)
            except Exception as exc:
                self.skip(notice_id, row.file_name, "its stored record cannot be read", exc)
                return None
        read = self.read(notice_id)
        return None if read is None else read.notice

    def read(self, notice_id: int) -> Read | None:
        """The notice as read, and the corrections that apply to nothing.  None when there is no such
        notice, or when its record or corrections cannot be read (then ``skipped`` says why)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(notices.c.record, notices.c.excluded, notices.c.same_as, notices.c.file_name)
                               .where(notices.c.id == notice_id)).first()
            if row is None:
                return None
            stored = self._readable_parameters(conn, notice_id)
            done, damaged = self.readable_corrections([notice_id], conn)
        if damaged:
            return None
        try:
            record = _load_record(row.record)
            return read_record(record, stored, done.get(notice_id, []), row.excluded, row.same_as)
        except Exception as exc:
            self.skip(notice_id, row.file_name, "its stored record cannot be read", exc)
            return None

    def parameters_of(self, notice_id: int, raw: bool = False) -> list[dict]:
        """The notice's parameters as read: corrections applied and marked, rejected ones left out,
        added ones in; each row with its ``id``.  With ``raw``: as extracted.  A stored row that cannot
        be read is left out, and a notice whose corrections cannot be read has none here (``skipped``
        says why)."""
        with self.engine.connect() as conn:
            rows = self._readable_parameters(conn, notice_id)
            if raw:
                return apply_corrections(rows, Folded())
            done, damaged = self.readable_corrections([notice_id], conn)
            if damaged:
                return []
            try:
                return apply_corrections(rows, _fold(conn, notice_id, done.get(notice_id, [])))
            except Exception as exc:
                self.skip(notice_id, _name_of(conn, notice_id), "its corrections cannot be applied", exc)
                return []

    def dated_by_policy_year(self, notice_id: int, document: int, year: int | None) -> int:
        """How many of a document's parameters, as read, take its policy year ``year`` for want of a
        year of their own: what a policy-year correction to ``year`` moved (one whose year was
        corrected by hand to that same year counts too)."""
        return sum(1 for p in self.parameters_of(notice_id)
                   if p["document"] == document and p.get("year_is_policy_year") and p["year"] == year)

    def corrections_of(self, notice_ids=None) -> dict[int, list[Correction]]:
        """Notice id → its corrections, in order; a notice with a correction that cannot be read is
        left out (``skipped`` says why)."""
        return self.readable_corrections(notice_ids)[0]

    def readable_corrections(self, notice_ids=None, conn=None) -> tuple[dict[int, list[Correction]], set[int]]:
        """(notice id → its corrections, in order; the ids of the notices left out because one of their
        corrections cannot be read: each is reported in ``skipped``)."""
        if conn is None:
            with self.engine.connect() as conn:
                return self.readable_corrections(notice_ids, conn)
        query = select(corrections).order_by(corrections.c.id)
        if notice_ids is not None:
            notice_ids = list(notice_ids)
            if not notice_ids:
                return {}, set()
            query = query.where(corrections.c.notice_id.in_(notice_ids))
        out: dict[int, list[Correction]] = {}
        damaged: set[int] = set()
        for r in conn.execute(query).all():
            row = dict(r._mapping)
            problem = _correction_problem(row)
            if problem is None:
                out.setdefault(row["notice_id"], []).append(Correction.from_row(row))
                continue
            damaged.add(row["notice_id"])
            self.skip(row["notice_id"], _name_of(conn, row["notice_id"]), f"its correction {row['id']} cannot be read",
                       problem)
        for notice_id in damaged:
            out.pop(notice_id, None)
        return out, damaged

    def _readable_parameters(self, conn, notice_id: int) -> list[dict]:
        """The notice's stored parameter rows that read as the schema allows; each other one is
        reported in ``skipped`` and left out."""
        rows = []
        for row in _stored_parameters(conn, notice_id):
            problem = parameter_problem(row)
            if problem is None:
                rows.append(row)
            else:
                self.skip(notice_id, _name_of(conn, notice_id), f"its parameter #{row['id']} cannot be read", problem)
        return rows

    def skip(self, notice_id: int, file_name: str | None, what: str, why) -> None:
        """Report a notice, or part of one, that a read left out: once in the log, and in ``skipped``."""
        reason = why if isinstance(why, str) else _reason(why, "")
        line = f"notice {notice_id} ({_printable(file_name or '?')}): {what} ({reason}): left out of what is read"
        known = self.skipped.get(notice_id, "")
        if line in known:
            return
        _LOG.warning(line)
        self.skipped[notice_id] = f"{known}; {line}" if known else line

    def list(self, province: str | None = None, city: str | None = None, level: str | None = None,
             years: tuple[int, int] | None = None) -> list[dict]:
        """One row per document: notice id, file, region, level, year, 文号, title (as corrected), its
        parameter count as read, checks; ``same_as`` and ``excluded`` (why, when a person excluded it)."""
        n_params = (
            select(func.count()).select_from(parameters).where(parameters.c.document_id == documents.c.id).scalar_subquery()
        )
        n_checks = select(func.count()).select_from(checks).where(checks.c.document_id == documents.c.id).scalar_subquery()
        query = (
            select(
                notices.c.id.label("notice"), documents.c.position.label("document"), notices.c.file_name, notices.c.same_as,
                notices.c.excluded, documents.c.province, documents.c.city, documents.c.county, documents.c.level,
                documents.c.policy_year, documents.c.doc_number, documents.c.title,
                n_params.label("parameters"), n_checks.label("checks"),
            )
            .select_from(documents.join(notices, documents.c.notice_id == notices.c.id))
            .order_by(notices.c.id, documents.c.position)
        )
        if province:
            query = query.where(documents.c.province == province)
        if city:
            query = query.where(documents.c.city == city)
        if level:
            query = query.where(documents.c.level == level)
        if years:
            query = query.where(documents.c.policy_year.between(*years))
        with self.engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(query)]
            # A notice whose corrections cannot be read keeps its stored counts (and is reported).
            corrected = self.readable_corrections(sorted({r["notice"] for r in rows}), conn)[0] if rows else {}
            # Counts as read where a person added or rejected parameters.
            for notice_id in [n for n, done in corrected.items() if any(c.action in ("added", "rejected") for c in done)]:
                try:
                    read = apply_corrections(self._readable_parameters(conn, notice_id),
                                             _fold(conn, notice_id, corrected[notice_id]))
                except Exception as exc:
                    self.skip(notice_id, _name_of(conn, notice_id), "its corrections cannot be applied", exc)
                    continue
                for r in rows:
                    if r["notice"] == notice_id:
                        r["parameters"] = sum(1 for p in read if p["document"] == r["document"])
        return rows

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(notices)).scalar()


class StoreError(RuntimeError):
    """The store cannot be opened (or a notice stored) as asked: the message is one line that names
    the store (its password masked) or the notice, and says why."""


# --- inside a transaction ---------------------------------------------------------------------------


def _lock(conn, notice_id: int) -> bool:
    """Take the notice for this transaction: its revision is raised first thing, which holds the
    row (PostgreSQL) or the database (SQLite) until commit, so that two writers to one notice go
    one after the other and each sees what the other did.  False when there is no such notice."""
    result = conn.execute(notices.update().where(notices.c.id == notice_id).values(revision=notices.c.revision + 1))
    return result.rowcount > 0


def _lock_or_fail(conn, notice_id: int) -> None:
    if not _lock(conn, notice_id):
        raise CorrectionError(f"no notice {notice_id} in the store")


def _record(conn, notice_id: int, action: str, *, document=None, target=None, field=None, old=None, new=None,
            match=None, note=None, author=None) -> Correction:
    def dumped(value):
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    values = dict(notice_id=notice_id, action=action, document=document, target=target, field=field,
                  old=dumped(old), new=dumped(new), match=dumped(match), note=note, author=author,
                  created_at=datetime.now(timezone.utc))
    correction_id = conn.execute(insert(corrections).values(**values)).inserted_primary_key[0]
    return Correction.from_row(dict(values, id=correction_id))


def _owner(conn, parameter: str) -> int | None:
    """The notice a parameter id belongs to (an extracted one's row, an added one's correction)."""
    if parameter.startswith("a") and parameter[1:].isdigit():
        return conn.execute(select(corrections.c.notice_id).where(corrections.c.id == int(parameter[1:]),
                                                                  corrections.c.action == "added")).scalar()
    if parameter.isdigit():
        return conn.execute(
            select(documents.c.notice_id).select_from(parameters.join(documents, parameters.c.document_id == documents.c.id))
            .where(parameters.c.id == int(parameter))
        ).scalar()
    return None


def _insert_documents(conn, notice_id: int, notice: Notice, ids: dict[tuple[int, int], int] | None = None) -> None:
    """The notice's documents and what hangs on them; ``ids`` gives (document, position) of a
    parameter found again the id it had."""
    ids = ids or {}
    for position, doc in enumerate(notice.documents):
        m = doc.meta
        document_id = conn.execute(
            insert(documents).values(
                notice_id=notice_id, position=position, doc_number=m.doc_number, title=m.title, level=m.level,
                province=m.province, city=m.city, county=m.county, policy_year=m.policy_year,
                issue_date=m.issue_date, meta=m.model_dump_json(),
            )
        ).inserted_primary_key[0]
        _insert_sections(conn, document_id, doc.sections)
        kept, fresh = [], []
        for index, p in enumerate(doc.parameters):
            row = dict(
                document_id=document_id, position=index, field=p.field, value=json.dumps(p.value, ensure_ascii=False),
                number=p.value if isinstance(p.value, (int, float)) else None, unit=p.unit,
                scope=json.dumps(p.scope, ensure_ascii=False, sort_keys=True), scope_key=scope_text(p.scope),
                year=p.year, year_is_policy_year=p.year_is_policy_year, qualifier=p.qualifier, operator=p.operator,
                tier=p.tier, evidence=p.evidence, sentence=p.sentence, section=p.section, span_start=p.span.start, span_end=p.span.end, rule=p.rule,
            )
            if (position, index) in ids:
                kept.append(dict(row, id=ids[(position, index)]))
            else:
                fresh.append(row)
        for rows in (kept, fresh):
            if rows:
                conn.execute(insert(parameters), rows)
        rows = [
            dict(
                document_id=document_id, kind=q.kind, value=json.dumps(q.value, ensure_ascii=False), unit=q.unit,
                text=q.text, sentence=q.sentence, section=q.section, span_start=q.span.start, span_end=q.span.end,
            )
            for q in doc.quantities
        ]
        if rows:
            conn.execute(insert(quantities), rows)
        rows = [
            dict(document_id=document_id, check_id=c.id, message=c.message,
                 parameters=json.dumps(list(c.parameters), ensure_ascii=False))
            for c in doc.checks
        ]
        if rows:
            conn.execute(insert(checks), rows)


def _shown_value(row: dict) -> str:
    """
    >>> _shown_value({"value": "640", "unit": "元"}), _shown_value({"value": "[9, 12]", "unit": "月"})
    ('640 元', '[9, 12] 月')
    """
    return f"{row['value']} {row['unit']}"


def _replace(conn, notice_id: int, file_name: str, notice: Notice, record: str) -> Reextracted:
    """Put a new extraction of a notice in place of the old one, keeping the ids of the parameters
    found again and the corrections of all; what changed, for the report."""
    old_rows = _stored_parameters(conn, notice_id)
    done = _corrections_of(conn, [notice_id]).get(notice_id, [])
    before = fold(done, {p["id"] for p in old_rows})
    new_keys = {
        (position, index): match_of(p)
        for position, doc in enumerate(notice.documents) for index, p in enumerate(doc.parameters)
    }
    ids: dict[tuple[int, int], int] = {}
    for position in range(max(len(notice.documents), 1 + max((p["document"] for p in old_rows), default=-1))):
        olds = [p for p in old_rows if p["document"] == position]
        news = sorted(k for k in new_keys if k[0] == position)
        for i, j in pair([match_key(p) for p in olds], [new_keys[k] for k in news]).items():
            ids[news[j]] = int(olds[i]["id"])
    # A correction whose parameter an earlier run lost looks for it again by what it was.
    taken = set(ids)
    lost = {}
    for c in before.orphaned:
        if c.target and c.target.isdigit() and c.match and c.target not in {p["id"] for p in old_rows}:
            lost.setdefault(c.target, c.match)
    for target, key in lost.items():
        scored = sorted((-likeness(key, new_keys[k]), k) for k in new_keys if k not in taken and k[0] == _doc_of(done, target))
        if scored and scored[0][0] < 0:
            ids[scored[0][1]] = int(target)
            taken.add(scored[0][1])
    conn.execute(documents.delete().where(documents.c.notice_id == notice_id))
    conn.execute(
        notices.update().where(notices.c.id == notice_id).values(
            text=notice.text, record=record, extractor_version=notice.extractor_version,
        )
    )
    _insert_documents(conn, notice_id, notice, ids)
    new_rows = _stored_parameters(conn, notice_id)
    after = fold(done, {p["id"] for p in new_rows})
    _refresh(conn, notice_id, folded=after)

    old_by_id = {p["id"]: p for p in old_rows}
    new_by_id = {p["id"]: p for p in new_rows}

    def change(p, before_row, after_row):
        return ParameterChange(p["id"], p["document"], p["field"], p["scope_key"],
                               before_row and _shown_value(before_row), after_row and _shown_value(after_row))

    added = tuple(change(p, None, p) for p in new_rows if p["id"] not in old_by_id)
    removed = tuple(change(p, p, None) for p in old_rows if p["id"] not in new_by_id)
    changed = tuple(
        change(p, old_by_id[p["id"]], p) for p in new_rows
        if p["id"] in old_by_id and any(old_by_id[p["id"]][k] != p[k] for k in ("value", "unit", "scope", "year", "qualifier"))
    )
    orphaned_after = {c.id for c in after.orphaned}
    targets_parameters = [c for c in done if c.action in ("corrected", "rejected", "accepted") and c.id not in after.undone
                          and c.target and c.target.isdigit()]
    refound = tuple(c for c in targets_parameters if c.id not in orphaned_after)
    orphaned = tuple(c for c in targets_parameters if c.id in orphaned_after)
    return Reextracted(notice_id, file_name, added, removed, changed, refound, orphaned)


def _doc_of(done: list[Correction], target: str) -> int | None:
    return next((c.document for c in done if c.target == target), None)


def _refresh(conn, notice_id: int, folded: Folded | None = None, numbers=()) -> None:
    """Bring the notice's corrected columns in line with its record and corrections: each document's
    metadata, the notice's exclusion and copy link, and the links of the notices that share a 文号
    it had or has (``numbers``) or were linked to it."""
    folded = folded or _folded(conn, notice_id)
    docs = conn.execute(select(documents.c.id, documents.c.position, documents.c.doc_number, documents.c.meta)
                        .where(documents.c.notice_id == notice_id)).all()
    numbers = {n for n in numbers if n} | {d.doc_number for d in docs if d.doc_number}
    for d in docs:
        extracted = json.loads(d.meta)
        values = {k: extracted.get(k) for k in META_KEYS}
        values.update(folded.meta.get(d.position, {}))
        conn.execute(documents.update().where(documents.c.id == d.id).values(**values))
        if values["doc_number"]:
            numbers.add(values["doc_number"])
    excluded = None
    if folded.excluded is not None:
        excluded = folded.excluded.note or "excluded by hand"
    conn.execute(notices.update().where(notices.c.id == notice_id).values(excluded=excluded))
    others = {r[0] for r in conn.execute(select(notices.c.id).where(notices.c.same_as == notice_id))}
    if numbers:
        others |= {r[0] for r in conn.execute(select(documents.c.notice_id).where(
            documents.c.position == 0, documents.c.doc_number.in_(sorted(numbers))))}
    for other in sorted(others | {notice_id}):
        _link(conn, other, folded if other == notice_id else None)


def _link(conn, notice_id: int, folded: Folded | None = None) -> None:
    """Point a notice at the notice a person said it copies, else at the first stored notice with
    the same 文号 (document 0's, as corrected) that is not excluded; else at none."""
    folded = folded or _folded(conn, notice_id)
    said, of = folded.copy_of
    if said:
        exists = of is not None and conn.execute(select(notices.c.id).where(notices.c.id == of)).scalar() is not None
        target = of if exists else None
    else:
        target = None
        number = conn.execute(
            select(documents.c.doc_number).where(documents.c.notice_id == notice_id, documents.c.position == 0)
        ).scalar()
        excluded = conn.execute(select(notices.c.excluded).where(notices.c.id == notice_id)).scalar()
        if number and excluded is None:
            target = conn.execute(
                select(func.min(documents.c.notice_id))
                .select_from(documents.join(notices, documents.c.notice_id == notices.c.id))
                .where(documents.c.doc_number == number, documents.c.position == 0,
                       documents.c.notice_id < notice_id, notices.c.excluded.is_(None))
            ).scalar()
    conn.execute(notices.update().where(notices.c.id == notice_id).values(same_as=target))


def _copy_chain(conn, start: int, looking_for: int) -> bool:
    """Whether following ``same_as`` from ``start`` reaches ``looking_for``."""
    seen = set()
    current = start
    while current is not None and current not in seen:
        if current == looking_for:
            return True
        seen.add(current)
        current = conn.execute(select(notices.c.same_as).where(notices.c.id == current)).scalar()
    return False


def _insert_sections(conn, document_id: int, tree) -> None:
    rows, stack = [], list(tree)
    while stack:
        section = stack.pop(0)
        rows.append(dict(
            document_id=document_id, path=section.path, number=section.number, marker=section.marker,
            level=section.level, title=section.title, span_start=section.span.start, span_end=section.span.end,
        ))
        stack[0:0] = list(section.children)
    if rows:
        conn.execute(insert(sections), rows)


def _corrections_of(conn, notice_ids=None) -> dict[int, list[Correction]]:
    """For writers: the notices' corrections; one that cannot be read stops the write with a
    StoreError (nothing is written over a history that cannot be replayed)."""
    query = select(corrections).order_by(corrections.c.id)
    if notice_ids is not None:
        notice_ids = list(notice_ids)
        if not notice_ids:
            return {}
        query = query.where(corrections.c.notice_id.in_(notice_ids))
    out: dict[int, list[Correction]] = {}
    for r in conn.execute(query).all():
        row = dict(r._mapping)
        problem = _correction_problem(row)
        if problem is not None:
            raise StoreError(f"notice {row['notice_id']}: its correction {row['id']} cannot be read ({problem}): "
                             "nothing was changed")
        out.setdefault(r.notice_id, []).append(Correction.from_row(row))
    return out


def _fold(conn, notice_id: int, done: list[Correction]) -> Folded:
    ids = {str(r[0]) for r in conn.execute(
        select(parameters.c.id).select_from(parameters.join(documents, parameters.c.document_id == documents.c.id))
        .where(documents.c.notice_id == notice_id))}
    return fold(done, ids)


def _folded(conn, notice_id: int) -> Folded:
    return _fold(conn, notice_id, _corrections_of(conn, [notice_id]).get(notice_id, []))


def _stored_parameters(conn, notice_id: int) -> list[dict]:
    """The notice's extracted parameter rows, ``id`` as text, ``document`` the document's position."""
    query = (
        select(documents.c.position.label("document"), parameters)
        .select_from(parameters.join(documents, parameters.c.document_id == documents.c.id))
        .where(documents.c.notice_id == notice_id)
        .order_by(documents.c.position, parameters.c.span_start, parameters.c.id)
    )
    return [dict(r._mapping, id=str(r.id)) for r in conn.execute(query)]


def _attributes(row: dict) -> dict:
    """A row's editable attributes as values: value, unit, scope, year, qualifier."""
    return {"value": json.loads(row["value"]), "unit": row["unit"], "scope": json.loads(row["scope"]),
            "year": row["year"], "qualifier": row["qualifier"]}


def _with(row: dict, attributes: dict) -> dict:
    """A parameter row with some of its attributes replaced, its JSON and derived columns kept in step."""
    row = dict(row)
    if "value" in attributes:
        value = attributes["value"]
        row["value"] = json.dumps(value, ensure_ascii=False)
        row["number"] = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if "scope" in attributes:
        row["scope"] = json.dumps(attributes["scope"], ensure_ascii=False, sort_keys=True)
        row["scope_key"] = scope_text(attributes["scope"])
    for key in ("unit", "year"):
        if key in attributes:
            row[key] = attributes[key]
    if "qualifier" in attributes:
        row["qualifier"] = attributes["qualifier"]
        row["operator"] = operator(attributes["qualifier"])
    return row


def apply_corrections(rows: list[dict], folded: Folded) -> list[dict]:
    """Stored parameter rows with a notice's corrections applied.

    A corrected row takes its new attributes and ``corrected=True``; a rejected one is left out;
    an added one is appended (id ``a<n>``, rule ``correction``); ``reviewed`` is True for every
    row a person has looked at, ``corrections`` lists the ids of the corrections that shaped it.
    A row dated by its document's policy year (no year stated for it) takes the policy year as
    corrected; a year corrected on the parameter itself comes after and wins."""
    out = []
    for row in rows:
        pid = row["id"]
        if pid in folded.rejected:
            continue
        policy = folded.meta.get(row["document"], {})
        if row.get("year_is_policy_year") and "policy_year" in policy:
            row = dict(row, year=policy["policy_year"])
        row = _with(row, folded.changes.get(pid, {}))
        row.update(corrected=pid in folded.changes, added=False, reviewed=pid in folded.shaped_by,
                   accepted=pid in folded.accepted,
                   correction_note=folded.notes.get(pid), corrections=tuple(folded.shaped_by.get(pid, ())))
        out.append(row)
    for pid, c in folded.added.items():
        if pid in folded.rejected:
            continue
        new = dict(c.new or {})
        base = dict(id=pid, document=c.document or 0, field=c.field, tier=new.get("tier", "core"), evidence="",
                    sentence="", section=None, span_start=None, span_end=None, rule="correction", position=None,
                    value="null", number=None, unit=new.get("unit"), scope="{}", scope_key="", year=None,
                    qualifier=None, operator="=")
        row = _with(base, {k: new[k] for k in EDITABLE if k in new})
        row = _with(row, folded.changes.get(pid, {}))
        row.update(corrected=True, added=True, reviewed=True, accepted=pid in folded.accepted,
                   correction_note=folded.notes.get(pid),
                   corrections=tuple(folded.shaped_by.get(pid, ())))
        out.append(row)
    return out


def read_record(record: Notice, stored: list[dict], done: list[Correction], excluded: str | None = None,
                same_as: int | None = None) -> Read:
    """A stored record with its corrections applied: metadata as corrected, parameters with their ids
    (rejected ones out, added ones in), and every correction in a ``corrections`` block."""
    from extractor.models import CorrectionRecord, Parameter
    from extractor.vocab import field_labels

    folded = fold(done, {p["id"] for p in stored})
    rows = {p["id"]: p for p in apply_corrections(stored, folded)}
    by_place = {(p["document"], p["position"]): p["id"] for p in stored}
    labels = field_labels()
    docs = []
    for position, doc in enumerate(record.documents):
        params = []
        for index, p in enumerate(doc.parameters):
            pid = by_place.get((position, index))
            if pid is None or pid not in rows:
                continue
            row = rows[pid]
            params.append(p.model_copy(update=dict(
                id=pid, value=json.loads(row["value"]), unit=row["unit"], scope=json.loads(row["scope"]),
                year=row["year"], qualifier=row["qualifier"], operator=row["operator"],
            )))
        for pid, row in rows.items():
            if row["added"] and row["document"] == position:
                params.append(Parameter(
                    id=pid, field=row["field"], label=labels.get(row["field"], row["field"]), value=json.loads(row["value"]),
                    unit=row["unit"], scope=json.loads(row["scope"]), year=row["year"], qualifier=row["qualifier"],
                    operator=row["operator"], tier=row["tier"], evidence="", sentence="",
                    rule="correction",
                ))
        meta = doc.meta.model_copy(update=folded.meta.get(position, {}))
        docs.append(doc.model_copy(update={"meta": meta, "parameters": tuple(params)}))
    orphaned = {c.id for c in folded.orphaned}
    block = tuple(
        CorrectionRecord(
            id=c.id, action=c.action, document=c.document, parameter=c.added_id if c.action == "added" else c.target
            if c.action != "undone" else None, undoes=int(c.target) if c.action == "undone" else None,
            field=c.field, old=c.old, new=c.new, note=c.note, author=c.author, created_at=c.created_at,
            status="undone" if c.id in folded.undone else "orphaned" if c.id in orphaned else "applied",
            summary=c.summary(),
        )
        for c in sorted(done, key=lambda c: c.id)
    )
    notice = record.model_copy(update={"documents": tuple(docs), "corrections": block})
    return Read(notice, tuple(folded.orphaned), excluded, same_as)


# --- records that must read back ---------------------------------------------------------------


def _strict_json(text: str):
    """JSON as the schema allows it: NaN, Infinity and numbers too large for a float are refused.

    >>> _strict_json('{"value": [9, 12.5]}')
    {'value': [9, 12.5]}
    >>> _strict_json('[1e999]')
    Traceback (most recent call last):
    ValueError: 1e999 is not a finite number
    """
    def refuse(constant):
        raise ValueError(f"{constant} is not a number JSON allows")

    def finite(number: str) -> float:
        value = float(number)
        if not math.isfinite(value):
            raise ValueError(f"{number} is not a finite number")
        return value

    return json.loads(text, parse_constant=refuse, parse_float=finite)


def _is_value(value) -> bool:
    """Whether a stored parameter value is one the schema allows: a number, text, or a list of them.

    >>> _is_value(640), _is_value([9, 12]), _is_value(None), _is_value(True), _is_value({"a": 1})
    (True, True, False, False, False)
    """
    def single(v):
        return isinstance(v, (int, float, str)) and not isinstance(v, bool)

    return single(value) or (isinstance(value, list) and all(single(v) for v in value))


def parameter_problem(row: dict) -> str | None:
    """Why a stored parameter row cannot be read, or None.

    >>> parameter_problem({"value": "640", "scope": "{}", "number": 640.0}) is None
    True
    >>> parameter_problem({"value": "Infinity", "scope": "{}", "number": float("inf")})
    'its value reads Infinity is not a number JSON allows'
    >>> parameter_problem({"value": "null", "scope": "{}", "number": None})
    'its value is null, not a number, text or range'
    """
    try:
        value = _strict_json(row["value"])
    except (TypeError, ValueError) as exc:
        return f"its value reads {exc}"
    if not _is_value(value):
        return f"its value is {row['value']}, not a number, text or range"
    try:
        scope = _strict_json(row["scope"])
    except (TypeError, ValueError) as exc:
        return f"its scope reads {exc}"
    if not isinstance(scope, dict):
        return f"its scope is {row['scope']}, not a set of key=value"
    if isinstance(row.get("number"), float) and not math.isfinite(row["number"]):
        return f"its number is {row['number']}"
    return None


def _correction_problem(row: dict) -> str | None:
    """Why a stored correction row cannot be read, or None.

    >>> _correction_problem({"action": "corrected", "old": '{"value": 1}', "new": '{"value": 2}', "match": None})
    >>> _correction_problem({"action": "corrected", "old": None, "new": '{"value": NaN}', "match": None})
    'its new reads NaN is not a number JSON allows'
    >>> _correction_problem({"action": "undone", "target": "x", "old": None, "new": None, "match": None})
    "it undoes 'x', not a correction's number"
    """
    for key in ("old", "new", "match"):
        if row.get(key) is None:
            continue
        try:
            parsed = _strict_json(row[key])
        except (TypeError, ValueError) as exc:
            return f"its {key} reads {exc}"
        if not isinstance(parsed, dict):
            return f"its {key} is {row[key]}, not an object"
    if row.get("action") == "undone" and not str(row.get("target") or "").isdigit():
        return f"it undoes {row.get('target')!r}, not a correction's number"
    return None


def _load_record(record: str) -> Notice:
    """A stored record as the models read it; NaN, Infinity or a value the models refuse raise."""
    _strict_json(record)
    return Notice.model_validate_json(record)


def _storable(notice: Notice) -> str:
    """The notice's record as stored, once it is sure to read back: a figure that is not a finite
    number (a run of hundreds of digits) would be written as null and break every later read."""
    for doc in notice.documents:
        figures = [(p.value, p.evidence or p.sentence) for p in doc.parameters] + [(q.value, q.text) for q in doc.quantities]
        for value, where in figures:
            values = value if isinstance(value, (list, tuple)) else [value]
            if any(isinstance(v, float) and not math.isfinite(v) for v in values):
                raise StoreError(f"{_printable(notice.source)}: not stored: the figure in {_printable(where[:40])!r} "
                                 "is too large to be a number")
    record = notice.model_dump_json()
    try:
        _load_record(record)
    except ValueError as exc:
        raise StoreError(f"{_printable(notice.source)}: not stored: its record would not read back "
                         f"({_reason(exc, '')})") from None
    return record


def _name_of(conn, notice_id: int) -> str | None:
    return conn.execute(select(notices.c.file_name).where(notices.c.id == notice_id)).scalar()


def _reason(exc: BaseException, context: str) -> str:
    """One line saying why, from an exception of any kind.

    >>> _reason(ValueError("bad\\nvalue"), "the file no longer reads")
    'the file no longer reads (ValueError: bad value)'
    >>> _reason(MemoryError(), "")
    'it ran out of memory'
    """
    from pydantic import ValidationError

    if isinstance(getattr(exc, "reason", None), str):  # the extractor's errors say why in plain words
        return exc.reason
    if isinstance(exc, MemoryError):
        return "it ran out of memory"
    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        first = errors[0]
        detail = f"{'.'.join(str(part) for part in first['loc'])}: {first['msg']}"
        detail += f" and {len(errors) - 1} more" if len(errors) > 1 else ""
    else:
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    detail = _one_line(detail)
    return f"{context} ({detail})" if context else detail


def _printable(name: str) -> str:
    """A file name as a message shows it: control characters (newlines, terminal escapes) escaped.

    >>> _printable("a\\nb\\x1b[31m.txt")
    'a\\\\nb\\\\x1b[31m.txt'
    """
    import unicodedata

    # Controls, format characters (bidi overrides) and line separators; a full-width space stays.
    return "".join(ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
                   else ch for ch in str(name))


def open_store(location: str | None = None, *, create: bool = False) -> Store:
    """Open the store at a URL or SQLite path ($MEDNOTICE_DB or the user's data folder when None).

    A location that holds no store yet is refused unless ``create`` (``ingest`` and the app create on
    purpose; reading commands do not), and then its folder must exist, the default one excepted.
    Creation and migration happen in one transaction that one opener at a time enters, so that a kill
    at any moment leaves a store that opens, and openers at once all succeed.  Every refusal is a
    StoreError of one line naming the location, its password masked."""
    given = location or default_url()
    where = shown_url(given)
    try:
        url = make_url(_url(given))
    except (ArgumentError, ValueError):
        raise StoreError(f"{where} is neither a file path nor a database URL") from None
    backend = url.get_backend_name()
    if backend not in BACKENDS:
        raise StoreError(f"{where}: a store cannot live in a {backend} database; mednotice stores are "
                         + " or ".join(BACKENDS.values()))
    secret = url.password if isinstance(url.password, str) else None
    if backend == "sqlite":
        url = url.set(database=str(_sqlite_file(url, where, create)))
    try:
        engine = create_engine(url, future=True)
    except ImportError as exc:  # a URL of a database whose driver is not installed
        raise StoreError(f"{where}: the store cannot be opened: its database driver {exc.name} is not installed "
                         "(SQLite needs none; PostgreSQL: pip install -e '.[postgres]')") from None
    except ArgumentError as exc:
        raise StoreError(f"{where}: the store cannot be opened ({_one_line(str(exc), secret)})") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        if not _up_to_date(engine):
            with _one_opener(engine) as conn:
                _create_or_migrate(conn, where, create)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = _one_line(str(getattr(exc, "orig", None) or exc), secret)
        raise StoreError(f"{where}: the store cannot be opened ({reason})") from None
    except Exception as exc:  # a migration that meets a stored row it cannot read
        engine.dispose()
        reason = _one_line(f"{type(exc).__name__}: {exc}", secret)
        raise StoreError(f"{where}: the store cannot be brought up to version {SCHEMA_VERSION} ({reason}); "
                         "it was left as it was") from None
    return Store(engine, where)


def _sqlite_file(url, shown_path: str, create: bool) -> Path:
    """The file of a SQLite store, checked before any connection touches it: an in-memory database,
    a folder, another application's file, or (without ``create``) a missing store are refused; a
    new store's folder must exist, unless it is the default folder, which is made."""
    database = url.database or ""
    if database in ("", ":memory:") or url.query.get("mode") == "memory":
        raise StoreError(f"{shown_path or 'sqlite://'}: an in-memory store keeps nothing: give a file path, "
                         "e.g. --db corpus.db")
    path = Path(database).expanduser()
    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise StoreError(f"{shown_path}: the store cannot be opened ({exc.strerror or exc})") from None
    if info is None:
        if not create:
            raise StoreError(f"no store at {shown_path}: ingest files to create one")
        folder = path.parent
        if folder.resolve() == default_folder().resolve():
            folder.mkdir(parents=True, exist_ok=True)
        elif not folder.is_dir():
            raise StoreError(f"{shown_path}: the folder {folder} does not exist (a store is made only in a folder "
                             "that exists)")
        return path
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{shown_path} is a folder: give the store's file, e.g. {path / 'corpus.db'}")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{shown_path} is not a mednotice store (not a regular file)")
    _check_sqlite_file(path, shown_path, create)
    return path


def _check_sqlite_file(path: Path, shown_path: str, create: bool) -> None:
    """An existing file is a store, the remains of a creation that never finished (empty), or
    another application's: the last is refused and never written to (no pragma has touched it yet).

    The file is read through SQLite alone, never opened and closed by hand: closing any descriptor of
    a database file drops every POSIX lock this process holds on it, those of the store's open
    connections too, and another process could then checkpoint under their feet (stale reads, or a
    damaged store)."""
    if not os.access(path, os.R_OK):
        raise StoreError(f"{shown_path}: the store cannot be read (permission denied)")
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
        try:
            tables = {name: {c[1] for c in conn.execute(f'PRAGMA table_info("{name}")')}
                      for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                  "AND name NOT LIKE 'sqlite_%'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise StoreError(f"{shown_path} is not a mednotice store (not a SQLite database)") from None
        raise StoreError(f"{shown_path} is not a mednotice store (SQLite cannot read it: {exc})") from None
    if not tables:
        if not create:
            raise StoreError(f"no store at {shown_path}: ingest files to create one")
        return
    if not _ours(tables):
        names = ", ".join(sorted(tables)[:3]) + (" …" if len(tables) > 3 else "")
        raise StoreError(f"{shown_path} is not a mednotice store (it holds tables of another application: {names})")


def _ours(tables: dict[str, set[str]]) -> bool:
    """Whether the tables (name → columns) are a mednotice store's, whole or in the making.

    >>> _ours({"store_info": {"key", "value"}}), _ours({"notices": {"id", "title"}, "users": {"id"}})
    (True, False)
    """
    if "store_info" in tables:
        return {"key", "value"} <= tables["store_info"]
    if "notices" in tables:
        return {"sha256", "record"} <= tables["notices"]
    # Neither yet (a creation stopped early): every table one of ours, with no column of another's.
    return bool(tables) and all(name in metadata.tables and columns <= set(metadata.tables[name].columns.keys())
                                for name, columns in tables.items())


def _up_to_date(engine: Engine) -> bool:
    """Whether the store already has every table and this version's schema number: then opening
    needs no lock (the common case, and a store on a read-only disk opens)."""
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        if not set(metadata.tables) <= names:
            return False
        version = conn.execute(select(store_info.c.value).where(store_info.c.key == "schema_version")).scalar()
    return version == str(SCHEMA_VERSION)


@contextmanager
def _one_opener(engine: Engine):
    """A connection in a transaction that one opener of the store at a time holds: SQLite's write lock
    taken at BEGIN (the driver's own transactions begin only at the first write, and DDL is not one),
    PostgreSQL's advisory lock.  Both databases roll DDL back with the rest: a kill commits nothing."""
    with engine.connect() as conn:
        if engine.dialect.name != "sqlite":
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CREATION_LOCK})
                yield conn
            return
        conn.execution_options(isolation_level="AUTOCOMMIT")  # the transaction is ours: BEGIN IMMEDIATE
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            try:
                conn.exec_driver_sql("ROLLBACK")
            except SQLAlchemyError:
                pass  # SQLite rolled back already (a full disk, an I/O error)
            raise
        conn.exec_driver_sql("COMMIT")


def _create_or_migrate(conn, where: str, create: bool) -> None:
    """Inside the one opener's transaction: create the store, or bring it to this version's schema,
    or nothing when another opener did it meanwhile.  The schema version is written last."""
    inspector = inspect(conn)
    tables = {name: {c["name"] for c in inspector.get_columns(name)} for name in inspector.get_table_names()}
    ours = {name: columns for name, columns in tables.items() if name in metadata.tables}
    if ours and not _ours(ours):
        raise StoreError(f"{where} is not a mednotice store (its tables {', '.join(sorted(ours))} are another "
                         "application's)")
    version = _version(conn, ours)
    if version is None:
        if not create:
            raise StoreError(f"no store at {where}: ingest files to create one")
        metadata.create_all(conn)
        _write_version(conn)
        return
    if version > SCHEMA_VERSION:
        raise StoreError(f"{where}: the store was made by a newer mednotice (store version {version}, this one "
                         f"reads {SCHEMA_VERSION}): upgrade mednotice")
    from .migrations import MIGRATIONS

    for step in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[step](conn)
    metadata.create_all(conn)  # tables a later version added that no migration needed to fill; the rest of a creation
    _write_version(conn)


def _version(conn, ours: dict[str, set[str]]) -> int | None:
    """The store's schema version; None when there is no store.  A creation an earlier release left
    half done (tables, no version yet) has the version its notices table's columns show."""
    if not ours:
        return None
    if "store_info" in ours:
        value = conn.execute(select(store_info.c.value).where(store_info.c.key == "schema_version")).scalar()
        if value is not None:
            try:
                return int(value)
            except ValueError:
                raise StoreError(f"the store's schema version reads {value!r}, not a number: it is damaged") from None
    columns = ours.get("notices")
    if columns is None:
        return SCHEMA_VERSION  # no notice table yet: nothing to migrate, the rest is created
    return 3 if "revision" in columns else 2 if "same_as" in columns else 1


def _write_version(conn) -> None:
    done = conn.execute(store_info.update().where(store_info.c.key == "schema_version")
                        .values(value=str(SCHEMA_VERSION))).rowcount
    if not done:
        conn.execute(insert(store_info).values(key="schema_version", value=str(SCHEMA_VERSION)))
