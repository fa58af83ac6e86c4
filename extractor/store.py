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
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.engine import Engine

from .models import Notice

SCHEMA_VERSION = 1

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
    Column("sentence", Text, nullable=False),
    Column("section", Text),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
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
    Column("sentence", Text, nullable=False),
    Column("section", Text),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
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

    def add(self, notice: Notice) -> Added:
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
                )
            ).inserted_primary_key[0]
            self._insert_documents(conn, notice_id, notice)
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
                notices.c.id.label("notice"), documents.c.position.label("document"), notices.c.file_name,
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


def open_store(location: str | None = None) -> Store:
    """Open (and on first use create) the store at a URL or SQLite path."""
    url = _url(location or default_url())
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url[len("sqlite:///"):]).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    metadata.create_all(engine)
    with engine.begin() as conn:
        version = conn.execute(select(store_info.c.value).where(store_info.c.key == "schema_version")).scalar()
        if version is None:
            conn.execute(insert(store_info).values(key="schema_version", value=str(SCHEMA_VERSION)))
    return Store(engine)
