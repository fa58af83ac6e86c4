"""Exports of the store for analysis: JSON records, JSON Lines, and tables for Stata, R and Excel.

- ``json`` / ``jsonl``: one record per notice in the schema of schemas/notice.schema.json,
  as corrected, each parameter with its id, and a ``corrections`` block per record;
- long table (``csv``, ``xlsx``, ``parquet``): one row per parameter with its notice's
  region, level, year and 文号, its document's topic (``resident_medical_insurance`` or
  ``other``, empty for a record made before the flag), the parameter's id, ``same_as`` (the
  notice this file is a copy of, empty for most: leave the copies out to count each notice once), the field and its
  Chinese label, value, unit, operator, scope, evidence and whether it was corrected by hand
  (rejected ones are left out, added ones in);
- wide table (``--wide``): one row per document, one column per field × scope (× unit where a field's
  figures come in % or 元), for panels; a second figure of a column goes to the column's ``#2``.

Every export applies the corrections by hand, metadata included, and leaves out the notices a
person excluded; ``raw`` gives the store as extracted instead (no correction, no exclusion).
CSV is written as UTF-8 with a byte-order mark so that Excel shows the Chinese.
Filters: province, city, level, policy years, fields.

An export is written to a new file beside the target and put in its place only when whole, so
that a failed export (a full disk, an error half way) leaves the previous file as it was.  A
notice whose stored rows cannot be read is left out and reported in ``store.skipped``.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from .compare import flagged, off_topic
from .corrections import fold
from .store import Store, apply_corrections, documents, notices, parameter_problem, parameters, read_record
from extractor.reading.topic import OTHER, RESIDENT
from extractor.vocab import field_labels

FORMATS = ("json", "jsonl", "csv", "xlsx", "parquet")
LONG_COLUMNS = [
    "notice_id", "document", "parameter_id", "same_as", "file_name", "province", "city", "county", "level", "policy_year",
    "doc_number", "title", "topic", "field", "label", "value", "number", "unit", "operator", "qualifier", "scope",
    "year", "tier", "evidence", "rule", "corrected",
]
META_COLUMNS = ("province", "city", "county", "level", "policy_year", "doc_number", "title")


@dataclass(frozen=True)
class Filters:
    """Which documents and fields an export or query takes.  Documents are chosen by their metadata
    as corrected (as extracted with ``raw``); excluded notices only with ``include_excluded``."""

    province: str | None = None
    city: str | None = None
    level: str | None = None
    years: tuple[int, int] | None = None
    fields: tuple[str, ...] = ()
    raw: bool = False  # as extracted: no correction applied, metadata as read by the rules
    include_excluded: bool = False

    def accepts(self, doc: dict) -> bool:
        """
        >>> Filters(province="河北省", years=(2020, 2023)).accepts({"province": "河北省", "policy_year": 2021})
        True
        >>> Filters(years=(2020, 2023)).accepts({"province": "河北省", "policy_year": None})
        False
        """
        if self.province and doc.get("province") != self.province:
            return False
        if self.city and doc.get("city") != self.city:
            return False
        if self.level and doc.get("level") != self.level:
            return False
        if self.years and not (doc.get("policy_year") is not None and self.years[0] <= doc["policy_year"] <= self.years[1]):
            return False
        return True


def chosen_documents(store: Store, filters: Filters = Filters()) -> dict[tuple[int, int], dict]:
    """(notice, position) → the document's notice id, file name and metadata (as corrected, or as
    extracted with ``filters.raw``), for the documents the filters take."""
    query = (
        select(
            notices.c.id.label("notice_id"), documents.c.position.label("document"), documents.c.id.label("document_id"),
            notices.c.same_as, notices.c.file_name, notices.c.excluded, documents.c.meta, *(documents.c[k] for k in META_COLUMNS),
        )
        .select_from(documents.join(notices, documents.c.notice_id == notices.c.id))
        .order_by(notices.c.id, documents.c.position)
    )
    out = {}
    with store.engine.connect() as conn:
        for r in conn.execute(query):
            doc = dict(r._mapping)
            if filters.raw:
                try:
                    extracted = json.loads(doc["meta"])
                    doc.update({k: extracted.get(k) for k in META_COLUMNS})
                except (TypeError, ValueError, AttributeError) as exc:
                    store.skip(doc["notice_id"], doc["file_name"],
                               f"document {doc['document']}'s metadata cannot be read", exc)
                    continue
            elif doc["excluded"] is not None and not filters.include_excluded:
                continue
            del doc["meta"], doc["excluded"]
            if filters.accepts(doc):
                out[(doc["notice_id"], doc["document"])] = doc
    return out


def long_rows(store: Store, filters: Filters = Filters()) -> list[dict]:
    """One dict per parameter as read: corrections applied and marked, rejected ones left out, added
    ones in (``filters.raw``: as extracted)."""
    labels = field_labels()
    docs = chosen_documents(store, filters)
    by_id = {d["document_id"]: key for key, d in docs.items()}
    with store.engine.connect() as conn:
        query = select(parameters).order_by(parameters.c.document_id, parameters.c.span_start, parameters.c.id)
        # All documents pass the filters more often than not: no long IN list then.
        param_rows = [dict(r._mapping) for r in conn.execute(query) if r.document_id in by_id] if by_id else []
    per_notice: dict[int, list[dict]] = {}
    extracted_ids: dict[int, set[str]] = {}
    names = {d["notice_id"]: d["file_name"] for d in docs.values()}
    for row in param_rows:
        notice_id, position = by_id[row["document_id"]]
        extracted_ids.setdefault(notice_id, set()).add(str(row["id"]))
        problem = parameter_problem(row)
        if problem is not None:
            store.skip(notice_id, names.get(notice_id), f"its parameter #{row['id']} cannot be read", problem)
            continue
        per_notice.setdefault(notice_id, []).append(dict(row, id=str(row["id"]), document=position))
    _add_topics(store, docs)
    notice_ids = sorted({k[0] for k in docs})
    done, damaged = ({}, set()) if filters.raw else store.readable_corrections(notice_ids)
    rows = []
    for notice_id in notice_ids:
        if notice_id in damaged:
            continue  # its corrections cannot be read: as extracted it would pass for corrected
        stored = per_notice.get(notice_id, [])
        try:
            read = apply_corrections(stored, fold(done.get(notice_id, []), extracted_ids.get(notice_id, set())))
        except Exception as exc:
            store.skip(notice_id, names.get(notice_id), "its corrections cannot be applied", exc)
            continue
        for row in read:
            doc = docs.get((notice_id, row["document"]))
            if doc is None or (filters.fields and row["field"] not in filters.fields):
                continue
            value = json.loads(row["value"])
            item = dict(doc, **{k: row.get(k) for k in ("field", "number", "unit", "operator", "qualifier", "year",
                                                         "tier", "evidence", "rule", "corrected")})
            item["parameter_id"] = row["id"]
            # Dates and ranges stay text in a table cell: 2023-09-15, [9, 12] → "9–12".
            item["value"] = value if isinstance(value, (int, float)) else (
                "–".join(str(v) for v in value) if isinstance(value, list) else value
            )
            item["scope"] = row["scope_key"]
            item["label"] = labels.get(item["field"], item["field"])
            rows.append({column: item.get(column) for column in LONG_COLUMNS})
    return rows


def _add_topics(store: Store, docs: dict[tuple[int, int], dict]) -> None:
    """Each document row's topic subject: other, resident_medical_insurance, or None for a record
    stored before the flag (read from the records without parsing them all: see corpus.compare)."""
    other, known = off_topic(store), flagged(store)
    for key, doc in docs.items():
        doc["topic"] = OTHER if key in other else RESIDENT if key[0] in known else None


def long_table(store: Store, filters: Filters = Filters()):
    import pandas as pd

    table = pd.DataFrame(long_rows(store, filters), columns=LONG_COLUMNS)
    # Years stay whole numbers where some are missing (a month range has no year).
    return table.astype({"notice_id": "Int64", "document": "Int64", "same_as": "Int64", "policy_year": "Int64", "year": "Int64"})


def wide_table(store: Store, filters: Filters = Filters()):
    """One row per document; a column per field and scope, e.g. ``subsidy.central[county_type=general]``
    (see :func:`wide_column`).  No figure is dropped: a second figure of a document in one column
    goes to the column's ``#2``, a third to ``#3``, in the order the notice states them."""
    import pandas as pd

    long = long_table(store, filters)
    keys = ["notice_id", "document", "file_name", "province", "city", "county", "level", "policy_year", "doc_number", "topic"]
    if long.empty:
        return pd.DataFrame(columns=keys)
    several = units_named()
    column = pd.Series([wide_column(f, s, u if f in several else None)
                        for f, s, u in zip(long["field"], long["scope"], long["unit"])], index=long.index)
    nth = column.groupby([long["notice_id"], long["document"], column]).cumcount() + 1
    long = long.assign(column=[c if n == 1 else f"{c} #{n}" for c, n in zip(column, nth)])
    figures = long.pivot(index=keys[:2], columns="column", values="value")
    figures = figures[sorted(figures.columns, key=_column_order)]
    wide = long.drop_duplicates(subset=keys[:2])[keys].join(figures, on=keys[:2]).reset_index(drop=True)
    wide.columns.name = None
    for name in wide.columns[len(keys):]:
        # A column of figures only is numeric, so that panels can be analysed as they are.
        numeric = pd.to_numeric(wide[name], errors="coerce")
        if numeric.notna().sum() == wide[name].notna().sum():
            wide[name] = numeric
    return wide


def wide_column(field: str, scope: str | None, unit: str | None = None) -> str:
    """The wide table's column of a figure: its field and scope, and its unit where the field's figures
    come in more than one (a share of the contribution in % or a sum in 元 are two columns).

    >>> wide_column("subsidy.central", "county_type=general")
    'subsidy.central[county_type=general]'
    >>> wide_column("assistance.contribution_subsidy", "population=dibao", "%")
    'assistance.contribution_subsidy[population=dibao] (%)'
    """
    name = f"{field}[{scope}]" if scope else field
    return f"{name} ({unit})" if unit else name


def _column_order(name: str) -> tuple[str, int]:
    """A column's further figures (``#2``, ``#10``) right after it, in number order.

    >>> sorted(["a #10", "a[x]", "a #2", "a"], key=_column_order)
    ['a', 'a #2', 'a #10', 'a[x]']
    """
    base, _, n = name.rpartition(" #")
    return (base, int(n)) if base and n.isdigit() else (name, 1)


def units_named() -> set[str]:
    """The fields whose figures the catalog gives in more than one kind of quantity (``percent|money``):
    their wide columns carry the unit.  The catalog decides, not the data, so that a column keeps its
    name whatever notices are stored."""
    from extractor.vocab import load

    return {f["id"] for f in load("fields")["field"] if "|" in f.get("kind", "")}


def records(store: Store, filters: Filters = Filters()) -> list[dict]:
    """Stored notices as JSON records, those with a document the filters take: as read (metadata and
    parameters as corrected, each parameter with its id, a ``corrections`` block saying what was
    changed, by whom, when), or with ``filters.raw`` as extracted (ids only)."""
    out = []
    for notice_id in sorted({key[0] for key in chosen_documents(store, filters)}):
        # A notice whose record cannot be read is None here, left out and reported in store.skipped.
        if filters.raw:
            record = store.notice(notice_id, raw=True)
            read = None if record is None else read_record(record, store.parameters_of(notice_id, raw=True), [])
        else:
            read = store.read(notice_id)
        if read is None:
            continue
        # Each record is checked against the models (and so the schema) on its way out.
        record = json.loads(read.notice.model_dump_json())
        if not filters.raw:
            record.setdefault("corrections", [])  # the block is there when empty too: nothing was corrected
        out.append(record)
    if filters.fields:
        wanted = set(filters.fields)
        for record in out:
            for doc in record["documents"]:
                doc["parameters"] = [p for p in doc["parameters"] if p["field"] in wanted]
    return sorted(out, key=lambda r: r["source"])


def export(store: Store, fmt: str, out: Path, filters: Filters = Filters(), wide: bool = False) -> int:
    """Write one export file; returns the number of records or rows written.  The file appears whole
    or not at all: a previous one at ``out`` is replaced only once the new one is written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt}: one of {', '.join(FORMATS)}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt in ("json", "jsonl"):
        items = records(store, filters)

        def write(path: Path) -> None:
            with path.open("w", encoding="utf-8") as fh:
                if fmt == "json":
                    json.dump(items, fh, ensure_ascii=False, indent=1, allow_nan=False)
                else:
                    for item in items:
                        fh.write(json.dumps(item, ensure_ascii=False, allow_nan=False) + "\n")

        replace_whole(out, write)
        return len(items)
    table = wide_table(store, filters) if wide else long_table(store, filters)
    if fmt == "csv":
        replace_whole(out, lambda path: table.to_csv(path, index=False, encoding="utf-8-sig"))
    elif fmt == "xlsx":
        replace_whole(out, lambda path: table.to_excel(path, index=False, sheet_name="parameters"))
    else:
        # Mixed value types (numbers, dates) become text in one Parquet column; "number" keeps the numbers.
        table = table.astype({c: "string" for c in table.columns if table[c].dtype == object})
        replace_whole(out, lambda path: table.to_parquet(path, index=False))
    return len(table)


def replace_whole(out: Path, write) -> None:
    """``write(path)`` a new file beside ``out``, then put it in out's place in one step (os.replace):
    until then a previous file at ``out`` is untouched, and a write that fails leaves no file behind.
    The new file keeps the suffix (pandas picks its writer by it) and the previous file's permissions."""
    out = Path(out)
    if out.is_symlink():
        out = Path(os.path.realpath(out))  # the file the link names is the one to replace
    if out.exists() and not out.is_file():
        write(out)  # a device or a pipe (/dev/stdout): written as it is, never replaced by a file
        return
    temp = _new_file_beside(out)
    try:
        if out.exists():
            os.chmod(temp, stat.S_IMODE(out.stat().st_mode))
        write(temp)
        with temp.open("rb+") as fh:
            os.fsync(fh.fileno())  # on disk before it takes the old file's place
        os.replace(temp, out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _new_file_beside(out: Path) -> Path:
    """An empty file of our own in out's folder, hidden, with out's suffix: .panel.3f9a1c2e.csv."""
    while True:
        temp = out.with_name(f".{out.stem}.{secrets.token_hex(4)}{out.suffix}")
        try:
            os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return temp
        except FileExistsError:
            continue
