"""The corpus store: notices, their documents, parameters, quantities and checks.

SQLite by default (one file, WAL mode so that the app and the command line use it
at once); any SQLAlchemy URL works, PostgreSQL included.  The full record of each
notice is kept as JSON beside the columns that queries and exports filter on, so
what was extracted is never lost to a narrower table.

    store = open_store("sqlite:///corpus.db")
    outcome = store.add(notice)      # "added" or "duplicate"

Default location: $MEDNOTICE_DB, else ~/.local/share/mednotice/corpus.db.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import (
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
from sqlalchemy.engine import Engine

from extractor.models import Notice

# 1: the first store.  2: copies of one notice (same 文号) linked by notices.same_as;
#    the section tree as a table of its own.
SCHEMA_VERSION = 2

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
    Column("record", Text, nullable=False),  # the Notice as JSON (schemas/notice.schema.json)
    Column("content", LargeBinary, nullable=False),  # the file itself: reextract reads it again
    # Another file of the same notice (same 文号: a PDF and its web page) points to the first one stored.
    Column("same_as", Integer, ForeignKey("notices.id")),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("notice_id", Integer, ForeignKey("notices.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
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
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("field", String(64), nullable=False, index=True),
    Column("value", Text, nullable=False),  # JSON: number, ISO date or [from, to]
    Column("number", Float),  # the value when it is a number, for queries
    Column("unit", String(16), nullable=False),
    Column("scope", Text, nullable=False),  # JSON object
    Column("scope_key", Text, nullable=False),  # key=value;… sorted: one parameter of a field per scope
    Column("year", Integer),
    Column("qualifier", String(8)),
    Column("operator", String(2)),
    Column("tier", String(8), nullable=False),
    Column("evidence", Text, nullable=False),
    *_provenance(),
    Column("rule", Text, nullable=False),
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

# Corrections by hand, kept apart from what the extractor produced so that re-extraction
# never overwrites them.  A correction names its parameter by notice, document position,
# field and scope, which stay the same from one extraction to the next.
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("notice_id", Integer, ForeignKey("notices.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("document", Integer, nullable=False),
    Column("field", String(64), nullable=False),
    Column("scope_key", Text, nullable=False),
    Column("action", String(16), nullable=False),  # corrected / added / rejected / accepted
    Column("old_value", Text),  # JSON
    Column("new_value", Text),  # JSON
    Column("unit", String(16)),
    Column("note", Text),
    Column("author", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
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


def default_url() -> str:
    """$MEDNOTICE_DB, else a SQLite file in the user's data folder.

    >>> os.environ["MEDNOTICE_DB"] = "sqlite:///x.db"; default_url()
    'sqlite:///x.db'
    >>> del os.environ["MEDNOTICE_DB"]
    """
    if os.environ.get("MEDNOTICE_DB"):
        return os.environ["MEDNOTICE_DB"]
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "mednotice"
    return f"sqlite:///{base / 'corpus.db'}"


def _url(location: str) -> str:
    """A URL, or a plain path to a SQLite file.

    >>> _url("corpus.db")
    'sqlite:///corpus.db'
    >>> _url("postgresql+psycopg://u@localhost/corpus")
    'postgresql+psycopg://u@localhost/corpus'
    """
    return location if "://" in location else f"sqlite:///{location}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers (the app) and one writer (an ingest) at the same time; a writer waits
    # for another instead of failing at once.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def scope_from_text(text: str) -> dict:
    """A scope as typed by a person: 'county_type=general,insured_group=minors'.

    >>> scope_from_text("county_type=general, insured_group=minors")
    {'county_type': 'general', 'insured_group': 'minors'}
    """
    return dict((k.strip(), v.strip()) for k, v in (part.split("=", 1) for part in text.split(",") if "=" in part))


def _scope_key(scope: dict) -> str:
    """
    >>> _scope_key({"population": "dibao", "insured_group": "minors"})
    'insured_group=minors;population=dibao'
    """
    return ";".join(f"{k}={v}" for k, v in sorted(scope.items()))


@dataclass(frozen=True)
class Added:
    status: str  # added / duplicate
    notice_id: int


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine

    def add(self, notice: Notice, content: bytes = b"") -> Added:
        """Store one notice in one transaction; the same file (by content hash) only once."""
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
                    record=notice.model_dump_json(),
                    content=content,
                )
            ).inserted_primary_key[0]
            self._insert_documents(conn, notice_id, notice)
            _link_copy(conn, notice_id)
        return Added("added", notice_id)

    def _insert_documents(self, conn, notice_id: int, notice: Notice) -> None:
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
            rows = [
                dict(
                    document_id=document_id, field=p.field, value=json.dumps(p.value, ensure_ascii=False),
                    number=p.value if isinstance(p.value, (int, float)) else None, unit=p.unit,
                    scope=json.dumps(p.scope, ensure_ascii=False, sort_keys=True), scope_key=_scope_key(p.scope),
                    year=p.year, qualifier=p.qualifier, operator=p.operator, tier=p.tier, evidence=p.evidence,
                    sentence=p.sentence, section=p.section, span_start=p.span.start, span_end=p.span.end, rule=p.rule,
                )
                for p in doc.parameters
            ]
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

    def content(self, notice_id: int) -> bytes | None:
        """The stored file itself (for showing a PDF page beside its text)."""
        with self.engine.connect() as conn:
            return conn.execute(select(notices.c.content).where(notices.c.id == notice_id)).scalar()

    def notice(self, notice_id: int) -> Notice | None:
        with self.engine.connect() as conn:
            record = conn.execute(select(notices.c.record).where(notices.c.id == notice_id)).scalar()
        return None if record is None else Notice.model_validate_json(record)

    def list(self, province: str | None = None, city: str | None = None, level: str | None = None,
             years: tuple[int, int] | None = None) -> list[dict]:
        """One row per document: notice id, file, region, level, year, 文号, title, counts."""
        n_params = (
            select(func.count()).select_from(parameters).where(parameters.c.document_id == documents.c.id).scalar_subquery()
        )
        n_checks = select(func.count()).select_from(checks).where(checks.c.document_id == documents.c.id).scalar_subquery()
        query = (
            select(
                notices.c.id.label("notice"), documents.c.position.label("document"), notices.c.file_name, notices.c.same_as,
                documents.c.province, documents.c.city, documents.c.county, documents.c.level,
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
            return [dict(row._mapping) for row in conn.execute(query)]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(notices)).scalar()

    def correct(self, notice_id: int, document: int, field: str, scope: dict | None = None, *,
                action: str = "corrected", value=None, unit: str | None = None,
                note: str | None = None, author: str | None = None) -> int:
        """Record a review of one parameter: ``accepted`` as extracted, ``corrected``, ``rejected``,
        or a missing one ``added``; re-extraction never touches it.  Returns the correction's id."""
        if action not in ("corrected", "rejected", "added", "accepted"):
            raise CorrectionError(f"unknown action {action}: accepted, corrected, rejected or added")
        key = _scope_key(scope or {})
        with self.engine.begin() as conn:
            if conn.execute(select(notices.c.id).where(notices.c.id == notice_id)).scalar() is None:
                raise CorrectionError(f"no notice {notice_id} in the store")
            found = [p for p in _stored_parameters(conn, notice_id)
                     if p["document"] == document and p["field"] == field and p["scope_key"] == key]
            if action != "added" and not found:
                raise CorrectionError(f"notice {notice_id} document {document} has no {field} [{key}] to {action[:-2]}")
            if action in ("corrected", "added") and value is None:
                raise CorrectionError(f"a correction that is {action} needs a value")
            if action == "added" and not unit:
                raise CorrectionError("an added parameter needs its unit")
            return conn.execute(
                insert(corrections).values(
                    notice_id=notice_id, document=document, field=field, scope_key=key, action=action,
                    old_value=found[0]["value"] if found else None,
                    new_value=None if value is None else json.dumps(value, ensure_ascii=False),
                    unit=unit or (found[0]["unit"] if found else None), note=note, author=author,
                    created_at=datetime.now(timezone.utc),
                )
            ).inserted_primary_key[0]

    def corrections_of(self, notice_ids=None) -> dict:
        query = select(corrections)
        if notice_ids is not None:
            query = query.where(corrections.c.notice_id.in_(list(notice_ids)))
        with self.engine.connect() as conn:
            return _latest([dict(r._mapping) for r in conn.execute(query)])

    def parameters_of(self, notice_id: int) -> list[dict]:
        """The notice's parameters as read: corrections applied and marked, rejected ones left out."""
        with self.engine.connect() as conn:
            rows = _stored_parameters(conn, notice_id)
        return apply_corrections(rows, self.corrections_of([notice_id]), notice_id)

    def reextract(self, extract_fn):
        """Run ``extract_fn(content, file name) → Notice`` over every stored file, one transaction
        per notice (corpus.ingest.reextract passes the extractor: the store does not know it).
        Yields (notice id, file name, added, removed, changed) parameter keys per notice."""
        with self.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(select(notices.c.id).order_by(notices.c.id))]
        for notice_id in ids:
            with self.engine.begin() as conn:
                row = conn.execute(select(notices.c.file_name, notices.c.content).where(notices.c.id == notice_id)).one()
                before = {(p["document"], p["field"], p["scope_key"]): p["value"] for p in _stored_parameters(conn, notice_id)}
                notice = extract_fn(row.content, row.file_name)
                conn.execute(documents.delete().where(documents.c.notice_id == notice_id))
                conn.execute(
                    notices.update().where(notices.c.id == notice_id).values(
                        text=notice.text, record=notice.model_dump_json(), extractor_version=notice.extractor_version,
                    )
                )
                self._insert_documents(conn, notice_id, notice)
                after = {(p["document"], p["field"], p["scope_key"]): p["value"] for p in _stored_parameters(conn, notice_id)}
            added = sorted(set(after) - set(before))
            removed = sorted(set(before) - set(after))
            changed = sorted(k for k in set(before) & set(after) if before[k] != after[k])
            yield notice_id, row.file_name, added, removed, changed


class StoreError(RuntimeError):
    """The store cannot be opened by this version of the toolkit."""


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


def _link_copy(conn, notice_id: int) -> None:
    """Point a notice at the first stored notice with the same 文号 (its own, document 0)."""
    number = conn.execute(
        select(documents.c.doc_number).where(documents.c.notice_id == notice_id, documents.c.position == 0)
    ).scalar()
    if not number:
        return
    first = conn.execute(
        select(func.min(documents.c.notice_id)).where(
            documents.c.doc_number == number, documents.c.position == 0, documents.c.notice_id != notice_id
        )
    ).scalar()
    if first is not None and first < notice_id:
        conn.execute(notices.update().where(notices.c.id == notice_id).values(same_as=first))


def _migrate_to_2(conn) -> None:
    """Version 2 links copies of one notice (notices.same_as) and keeps the section tree in a
    table of its own, both filled from what the store already holds."""
    conn.execute(text("ALTER TABLE notices ADD COLUMN same_as INTEGER REFERENCES notices(id)"))
    sections.create(conn, checkfirst=True)
    for notice_id, record in conn.execute(select(notices.c.id, notices.c.record).order_by(notices.c.id)).all():
        _link_copy(conn, notice_id)
        notice = Notice.model_validate_json(record)
        for position, doc in enumerate(notice.documents):
            document_id = conn.execute(
                select(documents.c.id).where(documents.c.notice_id == notice_id, documents.c.position == position)
            ).scalar()
            if document_id is not None:
                _insert_sections(conn, document_id, doc.sections)


MIGRATIONS = {2: _migrate_to_2}


class CorrectionError(ValueError):
    """A correction that names no stored notice or parameter."""


def _latest(rows) -> dict:
    """The last correction of each parameter: key (notice, document, field, scope) → row."""
    out = {}
    for row in sorted(rows, key=lambda r: r["id"]):
        out[(row["notice_id"], row["document"], row["field"], row["scope_key"])] = row
    return out


def _stored_parameters(conn, notice_id: int) -> list[dict]:
    query = (
        select(documents.c.position.label("document"), parameters)
        .select_from(parameters.join(documents, parameters.c.document_id == documents.c.id))
        .where(documents.c.notice_id == notice_id)
        .order_by(documents.c.position, parameters.c.span_start, parameters.c.id)
    )
    return [dict(r._mapping) for r in conn.execute(query)]


def apply_corrections(rows: list[dict], latest: dict, notice_id: int) -> list[dict]:
    """Stored parameter rows with the latest correction of each applied.

    A corrected row takes the new value and ``corrected=True``; a rejected one is left out;
    an added one is appended; an accepted one stays as extracted.  ``reviewed`` is True for
    every row a person has looked at.  Rows carry ``document``, ``field``, ``scope_key``, ``value`` (JSON)."""
    out = []
    seen = set()
    for row in rows:
        key = (notice_id, row["document"], row["field"], row["scope_key"])
        seen.add(key)
        fix = latest.get(key)
        row = dict(row, corrected=False, correction_note=None, reviewed=fix is not None)
        if fix and fix["action"] == "rejected":
            continue
        if fix and fix["action"] in ("corrected", "added"):
            value = json.loads(fix["new_value"])
            row.update(value=fix["new_value"], number=value if isinstance(value, (int, float)) else None,
                       corrected=True, correction_note=fix["note"])
        out.append(row)
    for key, fix in latest.items():
        if key[0] == notice_id and key not in seen and fix["action"] == "added":
            value = json.loads(fix["new_value"])
            scope = dict(part.split("=", 1) for part in fix["scope_key"].split(";") if part)
            out.append(dict(document=fix["document"], field=fix["field"], scope_key=fix["scope_key"],
                            scope=json.dumps(scope, ensure_ascii=False), value=fix["new_value"],
                            number=value if isinstance(value, (int, float)) else None, unit=fix["unit"],
                            year=None, qualifier=None, operator="=", tier="core", evidence="", sentence="",
                            section=None, span_start=None, span_end=None, rule="correction",
                            corrected=True, correction_note=fix["note"], reviewed=True))
    return out




def open_store(location: str | None = None) -> Store:
    """Open (and on first use create) the store at a URL or SQLite path."""
    url = _url(location or default_url())
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url[len("sqlite:///"):]).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if not inspect(engine).has_table("store_info"):
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(insert(store_info).values(key="schema_version", value=str(SCHEMA_VERSION)))
        return Store(engine)
    with engine.begin() as conn:
        version = int(conn.execute(select(store_info.c.value).where(store_info.c.key == "schema_version")).scalar() or 1)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store was made by a newer mednotice (store version {version}, this one reads {SCHEMA_VERSION}): upgrade mednotice"
            )
        # Older stores are brought up to date in one transaction: all steps or none.
        for step in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[step](conn)
        if version < SCHEMA_VERSION:
            conn.execute(
                store_info.update().where(store_info.c.key == "schema_version").values(value=str(SCHEMA_VERSION))
            )
    metadata.create_all(engine)  # tables a later version added that no migration needed to fill
    return Store(engine)
