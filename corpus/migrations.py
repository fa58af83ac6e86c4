"""Bringing a store made by an earlier release up to this one's schema (corpus.store.SCHEMA_VERSION).

Each step runs inside the one transaction that open_store opens (one opener at a time), so a store
is migrated whole or not at all, and reads what the store already holds: nothing is extracted again.
Each step can also run again over a store that already has some of what it adds (a creation an
earlier release left half done): a column is added only when missing, old rows converted only when
they are in the old shape.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, insert, inspect, select, text

from extractor.models import Notice
from .corrections import match_key
from .store import _insert_sections, corrections, documents, parameters, sections


def _columns(conn, table: str) -> set[str]:
    return {c["name"] for c in inspect(conn).get_columns(table)}


def _add_column(conn, table: str, name: str, declaration: str) -> None:
    """ALTER TABLE … ADD COLUMN, unless the column is there already."""
    if name not in _columns(conn, table):
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}"))


def _migrate_to_2(conn) -> None:
    """Version 2 links copies of one notice (notices.same_as) and keeps the section tree in a
    table of its own, both filled from what the store already holds."""
    _add_column(conn, "notices", "same_as", "INTEGER REFERENCES notices(id)")
    if inspect(conn).has_table("sections"):
        conn.execute(sections.delete())  # filled again below, from the records
    sections.create(conn, checkfirst=True)
    for notice_id, record in conn.execute(text("SELECT id, record FROM notices ORDER BY id")).all():
        _link_by_number(conn, notice_id)
        notice = Notice.model_validate_json(record)
        for position, doc in enumerate(notice.documents):
            document_id = conn.execute(
                select(documents.c.id).where(documents.c.notice_id == notice_id, documents.c.position == position)
            ).scalar()
            if document_id is not None:
                _insert_sections(conn, document_id, doc.sections)


def _link_by_number(conn, notice_id: int) -> None:
    """Version 2's link: the first stored notice with the same 文号."""
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
        conn.execute(text("UPDATE notices SET same_as = :first WHERE id = :id"), {"first": first, "id": notice_id})


def _rebuild_parameters(conn, columns: str) -> None:
    """SQLite: the parameters table made again in its version-3 shape (AUTOINCREMENT cannot be added
    to a table), its rows copied.  The old table is renamed and its indexes dropped first: their
    names are the new table's."""
    for index in inspect(conn).get_indexes("parameters"):
        conn.execute(text(f'DROP INDEX "{index["name"]}"'))
    conn.execute(text("ALTER TABLE parameters RENAME TO parameters_old"))
    parameters.create(conn)
    conn.execute(text(f"INSERT INTO parameters ({columns}) SELECT {columns} FROM parameters_old"))
    conn.execute(text("DROP TABLE parameters_old"))


def _migrate_to_3(conn) -> None:
    """Version 3: parameter ids that last (AUTOINCREMENT on SQLite, so that no id is given twice) and
    each parameter's place in its record; corrections by parameter id, with the parameter's match
    key, filled from version 2's corrections (named by field and scope: each goes to the parameter of
    that field and scope that held its old value and unit, else the first); notices.revision and
    notices.excluded."""
    _add_column(conn, "notices", "excluded", "TEXT")
    _add_column(conn, "notices", "revision", "INTEGER NOT NULL DEFAULT 0")
    columns = ("id, document_id, field, value, number, unit, scope, scope_key, year, qualifier, operator, tier, "
               "evidence, sentence, section, span_start, span_end, rule")
    _add_column(conn, "parameters", "position", "INTEGER NOT NULL DEFAULT 0")
    if conn.dialect.name == "sqlite":
        _rebuild_parameters(conn, columns + ", position")
    # Rows went in in the record's order, one document at a time: their order of id is their place.
    order: dict[int, int] = {}
    for pid, document_id in conn.execute(text("SELECT id, document_id FROM parameters ORDER BY document_id, id")).all():
        order[document_id] = order.get(document_id, -1) + 1
        conn.execute(text("UPDATE parameters SET position = :p WHERE id = :id"), {"p": order[document_id], "id": pid})
    if "new_value" not in _columns(conn, "corrections"):
        return  # corrections are in version 3's shape already
    old = [dict(r._mapping) for r in conn.execute(text("SELECT * FROM corrections ORDER BY id"))]
    conn.execute(text("DROP TABLE corrections"))
    corrections.create(conn)
    for row in old:
        conn.execute(insert(corrections).values(**_correction_from_2(conn, row)))
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT setval(pg_get_serial_sequence('corrections', 'id'), coalesce(max(id), 0) + 1, false) "
                          "FROM corrections"))


def _correction_from_2(conn, row: dict) -> dict:
    """A version-2 correction (notice, document, field, scope_key; old and new value) as a version-3 one."""
    scope = dict(part.split("=", 1) for part in (row["scope_key"] or "").split(";") if part)
    created = row["created_at"]
    if isinstance(created, str):  # SQLite read through plain SQL gives the stored text
        created = datetime.fromisoformat(created)
    out = dict(id=row["id"], notice_id=row["notice_id"], document=row["document"], field=row["field"],
               note=row["note"], author=row["author"], created_at=created, target=None, old=None, new=None,
               match=None, action=row["action"])

    def dumped(value):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    new_value = None if row["new_value"] is None else json.loads(row["new_value"])
    if row["action"] == "added":
        out["new"] = dumped({"value": new_value, "unit": row["unit"], "scope": scope, "year": None, "qualifier": None,
                             "tier": "core"})
        return out
    candidates = [dict(r._mapping) for r in conn.execute(text(
        "SELECT p.*, d.position AS document FROM parameters p JOIN documents d ON d.id = p.document_id "
        "WHERE d.notice_id = :n AND d.position = :d AND p.field = :f AND p.scope_key = :s ORDER BY p.id"),
        {"n": row["notice_id"], "d": row["document"], "f": row["field"], "s": row["scope_key"] or ""})]
    held = [c for c in candidates if c["value"] == row["old_value"] and (row["unit"] is None or c["unit"] == row["unit"])]
    target = (held or candidates or [None])[0]
    if target is None:
        # Nothing of that field and scope is stored: kept, orphaned, with what it named.
        out["target"] = "0"
        out["match"] = dumped({"field": row["field"], "scope": scope, "unit": row["unit"], "year": None,
                               "value": None if row["old_value"] is None else json.loads(row["old_value"]),
                               "sentence": ""})
    else:
        out["target"] = str(target["id"])
        out["match"] = dumped(match_key(target))
    if row["action"] == "corrected":
        out["old"] = dumped({"value": json.loads(row["old_value"]) if row["old_value"] else None})
        out["new"] = dumped({"value": new_value})
    return out


def _migrate_to_4(conn) -> None:
    """Version 4 marks the parameters whose year is their document's policy year.  Rows stored before
    cannot tell (a year equal to the policy year may have been stated): they are left unmarked, as
    dated by their text, and keep their year through a policy-year correction until ``reextract``
    reads them again."""
    if inspect(conn).has_table("parameters"):  # else made whole with the rest of a creation left half done
        _add_column(conn, "parameters", "year_is_policy_year", "BOOLEAN")


MIGRATIONS = {2: _migrate_to_2, 3: _migrate_to_3, 4: _migrate_to_4}
