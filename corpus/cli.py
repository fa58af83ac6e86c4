"""Command line ``mednotice``: the extractor's commands on files, and the store's
(ingest, list, show, correct, reextract, check, changes, query, export).

Only argparse is imported at start; each command imports what it needs, so
``--help`` answers at once.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from .corrections import CorrectionError, check_field, orphan_reason, scope_from_text, shown

from extractor.cli import (
    FAILED, REFUSED, add_commands as add_file_commands, build_parser, finite_number, max_bytes_of, megabytes, one_line, printable, refuse,
    run, whole_number,
)

# Ids are INTEGER columns: PostgreSQL's hold up to 2**31 - 1, and a larger number can name nothing.
MAX_ID = 2**31 - 1
notice_id = whole_number(1, MAX_ID, "a notice id as list prints it")
correction_id = whole_number(1, MAX_ID, "a correction number as history prints it")
document_position = whole_number(0, MAX_ID, "a document's position in its file (0: the first)")
policy_year = whole_number(1949, 2100, "a year")
jobs_count = whole_number(1, 64, "a number of worker processes")

EXPORT_SUFFIXES = {"json": (".json",), "jsonl": (".jsonl", ".ndjson"), "csv": (".csv",), "xlsx": (".xlsx",),
                   "parquet": (".parquet",)}


def add_commands(sub) -> dict:
    """Add the store's commands to ``sub``; returns their handlers by name."""
    p = sub.add_parser("ingest", help="read files, folders and .zip archives into the corpus store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", type=store_location, metavar="URL", help="store URL or SQLite file (default: $MEDNOTICE_DB or ~/.local/share/mednotice/corpus.db)")
    p.add_argument("--ocr", action="store_true", help="read pages without a usable text layer by OCR (needs the 'ocr' extra)")
    p.add_argument("--max-mb", type=megabytes, default=None, metavar="MB", help="refuse files larger than this (default 50)")
    p.add_argument("--jobs", type=jobs_count, default=1, metavar="N", help="extract in N processes (PDF batches gain; text barely)")
    _add_limits(p)

    p = sub.add_parser("list", help="list the notices in the store")
    p.add_argument("--db", type=store_location, metavar="URL", help="store URL or SQLite file")
    p.add_argument("--province")
    p.add_argument("--city")
    p.add_argument("--level", choices=["national", "province", "city", "county"])
    p.add_argument("--years", metavar="FROM-TO", type=years_range, help="policy years, e.g. 2020-2023 or 2023")

    p = sub.add_parser("show", help="show one stored notice: metadata and parameters")
    p.add_argument("notice", type=notice_ref, metavar="ID", help="notice id, or notice.document as list prints it (5.1)")
    p.add_argument("--db", type=store_location, metavar="URL", help="store URL or SQLite file")
    p.add_argument("--json", action="store_true", help="print the record as read (corrections applied) as JSON")
    p.add_argument("--raw", action="store_true", help="as extracted, without the corrections by hand")

    p = sub.add_parser("correct", help="correct, reject, accept or add a parameter of a stored notice (kept through reextract)",
                       description="Name the parameter by its id (mednotice show ID lists them) or by --field and --scope "
                                   "when only one parameter has them. Without --reject, --accept or --add, the options "
                                   "--value --unit --set-scope --year --qualifier say what changes.")
    p.add_argument("notice", type=notice_ref, metavar="ID", help="notice id, or notice.document as list prints it (5.1)")
    p.add_argument("--db", type=store_location, metavar="URL", help="store URL or SQLite file")
    p.add_argument("--param", type=parameter_ref, metavar="PID", help="the parameter's id as show prints it: 311, or a4 for one added by hand")
    p.add_argument("--document", type=document_position, help="position of the document in the file (0: the first; ID.1 says it too)")
    p.add_argument("--field", help="field id, e.g. subsidy.per_capita (names the parameter, or the added one's field)")
    p.add_argument("--scope", default="", metavar="K=V,…", help="scope that names the parameter, or the added one's scope")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--reject", action="store_true", help="the extracted parameter is wrong: leave it out")
    action.add_argument("--accept", action="store_true", help="checked: right as extracted")
    action.add_argument("--add", action="store_true", help="a parameter the extractor missed (needs --field, --value, --unit)")
    p.add_argument("--value", help="the right value: a number, an ISO date, or JSON such as [9, 12]")
    p.add_argument("--unit", help="the right unit (元, %%, 百分点, 月, 天, 年, 个, date)")
    p.add_argument("--set-scope", metavar="K=V,…", help="the right scope (\"\" for none)")
    p.add_argument("--year", help="the year the value applies to (none: a standing rule)")
    p.add_argument("--qualifier", help="达到 不低于 不超过 左右 以上 提高到 前 起 全额 (none: a bare figure)")
    p.add_argument("--note", help="why")
    p.add_argument("--by", default=default_author(), help="who made the correction (default: $MEDNOTICE_USER, else the login name)")

    p = sub.add_parser("meta", help="show or correct a stored notice's metadata; mark it a copy of another, exclude it",
                       description="Without options: the notice's metadata as read. With options: a correction, kept "
                                   "through reextract (none or \"\" clears a key).")
    p.add_argument("notice", type=notice_ref, metavar="ID", help="notice id, or notice.document as list prints it (5.1)")
    p.add_argument("--db", type=store_location, metavar="URL", help="store URL or SQLite file")
    p.add_argument("--document", type=document_position, help="position of the document in the file (0: the first; ID.1 says it too)")
    p.add_argument("--region", metavar="NAME", help="the region as one name (锡林郭勒盟, 福州市鼓楼区): sets province, city, county and level")
    for key in ("province", "city", "county", "title"):
        p.add_argument(f"--{key}")
    p.add_argument("--level", help="national, province, city or county")
    p.add_argument("--year", dest="policy_year", metavar="YEAR", help="policy year")
    p.add_argument("--doc-number", metavar="文号")
    p.add_argument("--issue-date", metavar="YYYY-MM-DD")
    copy = p.add_mutually_exclusive_group()
    copy.add_argument("--copy-of", type=notice_id, metavar="N", help="this file is another copy of notice N")
    copy.add_argument("--not-copy", action="store_true", help="a notice of its own, whatever its 文号 says")
    exclude = p.add_mutually_exclusive_group()
    exclude.add_argument("--exclude", action="store_true", help="keep it in the store, out of comparisons and exports (--note: why)")
    exclude.add_argument("--include", action="store_true", help="take an excluded notice back in")
    p.add_argument("--note", help="why")
    p.add_argument("--by", default=default_author(), help="who made the correction (default: $MEDNOTICE_USER, else the login name)")

    p = sub.add_parser("undo", help="take back a correction (history lists their numbers); it stays in the history")
    p.add_argument("correction", type=correction_id, metavar="CORRECTION")
    p.add_argument("--db", type=store_location, metavar="URL", help="store URL or SQLite file")
    p.add_argument("--note", help="why")
    p.add_argument("--by", default=default_author(), help="who (default: $MEDNOTICE_USER, else the login name)")

    p = sub.add_parser("history", help="the corrections of a notice, of a parameter, or of the whole store")
    p.add_argument("notice", type=notice_id, nargs="?", metavar="ID")
    p.add_argument("--db", type=store_location, metavar="URL", help="store URL or SQLite file")
    p.add_argument("--param", type=parameter_ref, metavar="PID", help="only this parameter's")

    p = sub.add_parser("remove", help="delete a notice from the store, with its parameters and corrections")
    p.add_argument("notice", type=notice_id, metavar="ID")
    p.add_argument("--db", type=store_location, metavar="URL", help="store URL or SQLite file")
    p.add_argument("--yes", action="store_true", help="remove it (without: say what would go, and remove nothing)")

    p = sub.add_parser("reextract", help="run the current extractor over every stored notice and report what changed")
    p.add_argument("--db", type=store_location, metavar="URL", help="store URL or SQLite file")
    _add_limits(p)

    p = sub.add_parser("check", help="city and county notices that fall short of, or differ from, their province's figures")
    p.add_argument("--db", type=store_location, metavar="URL", help="store URL or SQLite file")
    p.add_argument("--year", type=policy_year, help="policy year")
    p.add_argument("--province")
    p.add_argument("--include-other", action="store_true",
                   help="also documents whose topic flag says they are not about resident medical insurance")
    p.add_argument("--include-excluded", action="store_true", help="also notices a person excluded")

    p = sub.add_parser("changes", help="year-over-year change of every field, region by region")
    p.add_argument("--db", type=store_location, metavar="URL", help="store URL or SQLite file")
    p.add_argument("--province")
    p.add_argument("--city")
    p.add_argument("--field", help="only this field id")
    p.add_argument("--include-other", action="store_true",
                   help="also documents whose topic flag says they are not about resident medical insurance")
    p.add_argument("--include-excluded", action="store_true", help="also notices a person excluded")

    p = sub.add_parser("query", help="one field across the stored notices")
    p.add_argument("field", help="field id, e.g. subsidy.per_capita")
    p.add_argument("--db", type=store_location, metavar="URL", help="store URL or SQLite file")
    p.add_argument("--province")
    p.add_argument("--city")
    p.add_argument("--level", choices=["national", "province", "city", "county"])
    p.add_argument("--years", metavar="FROM-TO", type=years_range, help="policy years, e.g. 2020-2023 or 2023")
    p.add_argument("--include-excluded", action="store_true", help="also notices a person excluded")

    p = sub.add_parser("export", help="export the store: JSON records, JSON Lines, CSV, XLSX or Parquet tables")
    p.add_argument("--db", type=store_location, metavar="URL", help="store URL or SQLite file")
    p.add_argument("--format", required=True, choices=["json", "jsonl", "csv", "xlsx", "parquet"])
    p.add_argument("--wide", action="store_true", help="one row per notice, one column per field × scope")
    p.add_argument("--province")
    p.add_argument("--city")
    p.add_argument("--level", choices=["national", "province", "city", "county"])
    p.add_argument("--years", metavar="FROM-TO", type=years_range, help="policy years, e.g. 2020-2023 or 2023")
    p.add_argument("--fields", metavar="ID,ID", help="only these fields, e.g. subsidy.per_capita,contribution.individual")
    p.add_argument("--include-excluded", action="store_true", help="also notices a person excluded")
    p.add_argument("--raw", action="store_true", help="as extracted: no correction by hand applied, no notice excluded")
    p.add_argument("--out", required=True, metavar="FILE")

    return {
        "ingest": cmd_ingest, "list": cmd_list, "show": cmd_show, "export": cmd_export,
        "correct": cmd_correct, "meta": cmd_meta, "undo": cmd_undo, "history": cmd_history, "remove": cmd_remove,
        "reextract": cmd_reextract,
        "check": cmd_check, "changes": cmd_changes, "query": cmd_query,
    }


def _add_limits(p) -> None:
    """The per-file limits of the commands that extract files (corpus.worker enforces them)."""
    p.add_argument("--timeout", type=seconds, metavar="SECONDS",
                   help="stop a file that takes longer than this (default: $MEDNOTICE_TIMEOUT, else 120; 0: no limit)")
    p.add_argument("--memory-mb", type=memory_budget, metavar="MB",
                   help="stop a file whose worker needs more memory (default: $MEDNOTICE_MEMORY_MB, else 1000; 0: no limit)")


def seconds(text: str) -> float:
    """``--timeout``: seconds per file, 0 for no limit.

    >>> seconds("30"), seconds("0.5"), seconds("0")
    (30.0, 0.5, 0.0)
    >>> seconds("inf")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: inf: not a time limit — seconds from 0 (no limit) to 86400, e.g. 120
    """
    return finite_number(text, "time limit", "seconds from 0 (no limit) to 86400, e.g. 120",
                         lambda value: 0 <= value <= 86400)


memory_budget = whole_number(0, 1024 * 1024, "megabytes of memory per worker (0: no limit)")


def _limits(args):
    """The per-file limits the command asks for (its flags, else the environment's); a
    MEDNOTICE_TIMEOUT or MEDNOTICE_MEMORY_MB that is not a number is refused before any file is read."""
    from .worker import limits

    try:
        return limits(args.timeout, args.memory_mb)
    except ValueError as exc:
        raise SystemExit(refuse(args.command, str(exc))) from None


def _where(args) -> str:
    """The store ``--db`` names (else the default) as messages show it: its password masked."""
    from .store import default_url, shown_url

    return printable(shown_url(args.db or default_url()))


# The stores a command opened: what their reads left out is said once the command is done.
_OPENED: list = []


def _report_skipped() -> None:
    """One warning line per stored notice a read could not load (Store.skipped), on stderr."""
    for store in _OPENED:
        for line in getattr(store, "skipped", {}).values():
            print(f"warning: {printable(line)}", file=sys.stderr)
    _OPENED.clear()


def _open_store(args, *, create: bool = False):
    """The store of ``--db``; one that cannot be opened ends the command with one line (exit 1).
    Only ``create`` (ingest) makes a store where there is none."""
    from sqlalchemy.exc import SQLAlchemyError

    from .store import StoreError, open_store

    try:
        store = open_store(args.db, create=create)
        _OPENED.append(store)
        return store
    except StoreError as exc:
        message = one_line(exc)
        where = _where(args)
        raise SystemExit(f"error: {message}" if where in message else f"error: {where}: {message}") from None
    except (SQLAlchemyError, OSError) as exc:
        reason = one_line(getattr(exc, "orig", None) or exc, limit=300)
        raise SystemExit(f"error: {_where(args)}: the store cannot be opened ({reason})") from None
    except ImportError as exc:  # a URL of a database whose driver is not installed
        raise SystemExit(f"error: {_where(args)}: the store cannot be opened: its database driver {exc.name} is not "
                         "installed (SQLite needs none; PostgreSQL: pip install -e '.[postgres]')") from None


def _store_failure(exc, args) -> str | None:
    """One line for a database error in the middle of a command (a dropped connection, a full
    disk), naming the store, or for worker processes that cannot start; None for anything else (an
    internal error)."""
    worker = sys.modules.get("corpus.worker")
    if worker is not None and isinstance(exc, worker.WorkerError):  # no worker process could start
        return f"error: {one_line(exc, limit=300)}"
    errors = sys.modules.get("sqlalchemy.exc")  # not loaded: not a database error
    if errors is None or not isinstance(exc, errors.SQLAlchemyError):
        return None
    reason = one_line(getattr(exc, "orig", None) or exc, limit=300)
    return f"error: {_where(args)}: the store failed ({type(exc).__name__}: {reason})"


def cmd_ingest(args) -> int:
    from tqdm import tqdm

    from .ingest import ingest
    from extractor.readers import DEFAULT_MAX_BYTES

    max_bytes = max_bytes_of(args.max_mb, DEFAULT_MAX_BYTES)
    bounds = _limits(args)
    store = _open_store(args, create=True)
    counts = {"added": 0, "duplicate": 0, "failed": 0}
    outcomes = ingest(store, args.paths, ocr=args.ocr, max_bytes=max_bytes, jobs=args.jobs,
                      timeout=bounds.timeout, memory_mb=bounds.memory_mb)
    with tqdm(unit=" files", disable=None, file=sys.stderr, desc="ingest") as bar:
        try:
            for outcome in outcomes:
                counts[outcome.status] += 1
                bar.update(1)
                bar.set_postfix(counts, refresh=False)
                if outcome.status == "failed":
                    bar.write(f"error: {printable(outcome.name)}: {printable(outcome.reason)}", file=sys.stderr)
        except BaseException:
            # The batch stopped (its store is failing, or ^C): what was done before still stands.
            bar.write(f"added {counts['added']}, duplicates {counts['duplicate']}, failed {counts['failed']}; "
                      "the batch stopped here", file=sys.stderr)
            raise
    print(f"added {counts['added']}, duplicates {counts['duplicate']}, failed {counts['failed']}; "
          f"{store.count()} notices in the store", file=sys.stderr)
    return FAILED if counts["failed"] else 0


def store_location(text: str) -> str:
    """``--db``: a SQLite file or a URL; an empty one would silently mean the default store.

    >>> store_location("corpus.db")
    'corpus.db'
    >>> store_location(" ")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: "": empty — a SQLite file (corpus.db) or a URL (postgresql+psycopg://user@host/db)
    """
    if not text.strip():
        raise argparse.ArgumentTypeError('"": empty — a SQLite file (corpus.db) or a URL (postgresql+psycopg://user@host/db)')
    return text


def years_range(text: str) -> tuple[int, int]:
    """Policy years as typed: FROM-TO or one year.

    >>> years_range("2020-2023"), years_range("2023")
    ((2020, 2023), (2023, 2023))
    >>> years_range("2023-2020")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 2023-2020: the first year comes after the last — write 2020-2023
    """
    found = re.fullmatch(r"\s*([0-9]{1,4})\s*(?:-\s*([0-9]{1,4})\s*)?", text)
    if not found:
        raise argparse.ArgumentTypeError(f"{text}: not years — write 2020-2023 or 2023")
    years = int(found[1]), int(found[2] or found[1])
    if not all(1949 <= y <= 2100 for y in years):
        raise argparse.ArgumentTypeError(f"{text}: out of range — years from 1949 to 2100, as 2020-2023 or 2023")
    if years[0] > years[1]:
        raise argparse.ArgumentTypeError(f"{text}: the first year comes after the last — write {years[1]}-{years[0]}")
    return years


def notice_ref(text: str) -> tuple[int, int | None]:
    """A notice as typed: its id, or notice.document as ``list`` prints it.

    >>> notice_ref("5"), notice_ref("5.1")
    ((5, None), (5, 1))
    >>> notice_ref("99999999999999999999")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 99999999999999999999: out of range — a notice id from 1 to 2147483647, or notice.document (5.1)
    """
    allowed = f"a notice id from 1 to {MAX_ID}, or notice.document (5.1)"
    found = re.fullmatch(r"\s*([0-9]{1,30})(?:\.([0-9]{1,30}))?\s*", text)
    if not found:
        raise argparse.ArgumentTypeError(f"{text}: not a notice — {allowed}")
    notice, document = int(found[1]), None if found[2] is None else int(found[2])
    if not 1 <= notice <= MAX_ID or (document is not None and document > MAX_ID):
        raise argparse.ArgumentTypeError(f"{text}: out of range — {allowed}")
    return notice, document


def parameter_ref(text: str) -> str:
    """A parameter's id as ``show`` prints it: 311 for an extracted one, a4 for one added by hand
    (a leading # is allowed).

    >>> parameter_ref("#311"), parameter_ref("a4")
    ('311', 'a4')
    >>> parameter_ref("x1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: x1: not a parameter id — 311 for an extracted one, a4 for one added by hand (show lists them)
    """
    allowed = "311 for an extracted one, a4 for one added by hand (show lists them)"
    found = re.fullmatch(r"\s*#?(a?)([0-9]{1,30})\s*", text)
    if not found:
        raise argparse.ArgumentTypeError(f"{text}: not a parameter id — {allowed}")
    if not 1 <= int(found[2]) <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{text}: out of range — {allowed}, the number at most {MAX_ID}")
    return f"{found[1]}{int(found[2])}"


def default_author() -> str | None:
    """Who makes a correction when --by does not say: $MEDNOTICE_USER, else the login name."""
    import getpass
    import os

    try:
        return os.environ.get("MEDNOTICE_USER") or getpass.getuser()
    except (KeyError, OSError):  # no name for the user id (a container)
        return None


def _fields(text: str | None) -> tuple[str, ...]:
    """Field ids of the catalog, comma-separated; an unknown one is an error naming the fields."""
    from .corrections import check_field

    fields = tuple(f.strip() for f in (text or "").split(",") if f.strip())
    for field in fields:
        check_field(field)
    return fields


def cmd_list(args) -> int:
    from extractor.reading.regions import region_name

    store = _open_store(args)
    rows = store.list(province=args.province, city=args.city, level=args.level, years=args.years)
    for r in rows:
        region = region_name(r["province"], r["city"], r["county"]) or "?"
        _say(f"{r['notice']:>5}.{r['document']}  {r['policy_year'] or '?':<4}  {region:<16}  {r['level'] or '?':<8}  "
             f"{r['doc_number'] or '—':<20}  {r['parameters']:>3} parameters  {r['checks']} checks  {r['title'] or r['file_name']}"
             + (f"  (copy of {r['same_as']})" if r["same_as"] else "")
             + (f"  (excluded: {r['excluded']})" if r["excluded"] is not None else ""))
    _say(_count(len(rows), "document"), file=sys.stderr)
    return 0


def _fail(message: str, code: int = FAILED) -> int:
    """One line on stderr, and the exit code."""
    print(f"error: {printable(message)}", file=sys.stderr)
    return code


def _say(*lines: str, file=None) -> None:
    """Print each line with the control characters of what it shows escaped: a stored title, file
    name or note cannot break the line or send escape sequences to the terminal."""
    for line in lines:
        print(printable(line), file=file)


def _meta_line(m, region_name) -> str:
    return (f"  {m.doc_number or 'no 文号'} · {'、'.join(m.issuers) or 'issuers unknown'} · "
            f"{region_name(m.province, m.city, m.county) or '?'} · {m.level or '?'} · {m.policy_year or '?'}"
            f" · issued {m.issue_date or '?'}")


def cmd_show(args) -> int:
    from extractor.reading.regions import region_name

    store = _open_store(args)
    notice_id, only = args.notice
    if args.raw:
        notice = store.notice(notice_id, raw=True)
        read = None
    else:
        read = store.read(notice_id)
        notice = read and read.notice
    if notice is None:
        if notice_id in store.skipped:
            return _fail(store.skipped.pop(notice_id))
        return _fail(f"no notice {notice_id} in the store")
    if only is not None and only >= len(notice.documents):
        return _fail(f"notice {notice_id} has no document {only} ({_count(len(notice.documents), 'document')})")
    if args.json:
        print(notice.model_dump_json(indent=2))  # JSON escapes control characters itself
        return 0
    _say(f"{notice.source}  ({notice.format}, sha256 {notice.sha256[:12]}…, extractor {notice.extractor_version})"
         + ("  — as extracted" if args.raw else ""))
    if read and read.excluded is not None:
        _say(f"excluded from comparisons and exports: {read.excluded}")
    if read and read.same_as:
        _say(f"copy of notice {read.same_as}: comparisons count that one")
    rows = store.parameters_of(notice_id, raw=args.raw)
    for position, doc in enumerate(notice.documents):
        if only is not None and position != only:
            continue
        m = doc.meta
        corrected = {k for c in notice.corrections if c.action == "metadata" and c.document == position
                     and c.status == "applied" for k in (c.new or {})}
        print()
        _say(m.title or "(no title)", _meta_line(m, region_name)
             + (f"  (corrected: {', '.join(sorted(corrected))})" if corrected else ""))
        for p in [p for p in rows if p["document"] == position]:
            source = (f"added by hand{': ' + p['correction_note'] if p['correction_note'] else ''}" if p["added"]
                      else f"«{p['evidence']}»")
            mark = "" if p["added"] else " (corrected)" if p["corrected"] else " (accepted)" if p["reviewed"] else ""
            _say(f"  #{p['id']:<6} {p['field']:<36} {p['value']:>10} {p['unit'] or '':<4} {p['scope_key'] or '':<32} "
                 f"{p['year'] or '':<4} {p['qualifier'] or '':<4} {source}{mark}")
        for c in notice.corrections:
            if c.action == "rejected" and c.status == "applied" and c.document == position:
                old = c.old or {}
                _say(f"  rejected #{c.parameter} {c.field} {shown(old.get('value'))} {old.get('unit') or ''} "
                     f"(correction {c.id}{', ' + c.author if c.author else ''}{': ' + c.note if c.note else ''})")
        for c in doc.checks:
            _say(f"  warning {c.id}: {c.message}")
    done = store.corrections_of([notice_id]).get(notice_id, []) if read else []
    for c in (read.orphaned if read else ()):
        _say(f"orphaned correction {c.id}: {c.summary()} — {orphan_reason(c, done)}")
    return 0


def _count(n: int, word: str) -> str:
    """
    >>> _count(1, "correction"), _count(3, "correction"), _count(0, "copy")
    ('1 correction', '3 corrections', '0 copies')
    """
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{n} {word if n == 1 else plural}"


def _value(text: str | None):
    """A value as typed on the command line.

    >>> _value("640"), _value("13.5"), _value("2023-09-15"), _value("[9, 12]")
    (640, 13.5, '2023-09-15', [9, 12])
    """
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value


def _none_or(text: str | None, convert=str):
    """A value typed on the command line where none (or "") clears it.

    >>> _none_or("none"), _none_or(""), _none_or("2024", int), _none_or("不低于")
    (None, None, 2024, '不低于')
    """
    if text is None or text.strip().lower() in ("", "none", "null"):
        return None
    try:
        return convert(text.strip())
    except ValueError:
        allowed = "a year such as 2024" if convert is int else "a value"
        raise CorrectionError(f"{text} is not a {'year' if convert is int else 'value'} — {allowed}, or none") from None


def _parameter_of(store, args, document: int | None) -> str:
    """The id of the parameter ``--param`` or ``--field``/``--scope`` names; several of one field and
    scope are listed so that one can be named by id.  A --field or document that disagrees with
    --param is an error, not a guess."""
    if args.param:
        parameter = args.param.lstrip("#")
        if args.field or document is not None:
            found = [p for p in store.parameters_of(args.notice[0]) if p["id"] == parameter]
            for p in found:
                if args.field and p["field"] != args.field:
                    raise CorrectionError(f"parameter #{parameter} is {p['field']}, not {args.field}")
                if document is not None and p["document"] != document:
                    raise CorrectionError(f"parameter #{parameter} is in document {p['document']}, not {document}")
        return parameter
    if not args.field:
        raise CorrectionError("name the parameter: --param ID (mednotice show lists the ids), or --field and --scope")
    check_field(args.field)
    notice_id = args.notice[0]
    scope = scope_from_text(args.scope)
    found = store.find(notice_id, document, args.field, scope)
    if len(found) == 1:
        return found[0]["id"]
    where = f"notice {notice_id}" + (f" document {document}" if document is not None else "")
    if not found:
        raise CorrectionError(f"{where} has no {args.field} {shown(scope)} (mednotice show {notice_id} lists its parameters)")
    several = len({p["document"] for p in found}) > 1
    listed = "; ".join(f"#{p['id']} {p['value']} {p['unit']}" + (f" (document {p['document']})" if several else "")
                       + f" «{p['evidence']}»" for p in found)
    raise CorrectionError(f"{where} has {len(found)} {args.field} {shown(scope)}: {listed} — name one with --param")


def _document_of(args) -> tuple[int, int | None]:
    """(notice, document) from ``ID`` or ``ID.D`` and ``--document`` (None when neither says)."""
    notice_id, document = args.notice
    if document is not None and args.document is not None and document != args.document:
        raise CorrectionError(f"{notice_id}.{document} and --document {args.document} name two documents")
    return notice_id, document if document is not None else args.document


def cmd_correct(args) -> int:
    store = _open_store(args)
    who = dict(note=args.note, author=args.by)
    changes_given = [o for o, v in (("--value", args.value), ("--unit", args.unit), ("--set-scope", args.set_scope),
                                    ("--year", args.year), ("--qualifier", args.qualifier)) if v is not None]
    try:
        notice_id, document = _document_of(args)
        if args.add:
            if args.param or args.set_scope is not None:
                raise CorrectionError("--add makes a new parameter: give its scope with --scope, and no --param or --set-scope")
            if not args.field or args.value is None or not args.unit:
                raise CorrectionError("an added parameter needs --field, --value and --unit")
            year = "policy_year" if args.year is None else _none_or(args.year, int)
            correction = store.add_parameter(notice_id, document or 0, args.field, _value(args.value), args.unit,
                                             scope_from_text(args.scope), year, _none_or(args.qualifier), **who)
        else:
            if (args.reject or args.accept) and changes_given:
                raise CorrectionError(f"{'--reject' if args.reject else '--accept'} changes nothing: "
                                      f"leave out {', '.join(changes_given)}, or correct without it")
            parameter = _parameter_of(store, args, document)
            if args.reject:
                correction = store.reject(notice_id, parameter, **who)
            elif args.accept:
                correction = store.accept(notice_id, parameter, **who)
            else:
                changes = {}
                if args.value is not None:
                    changes["value"] = _value(args.value)
                if args.unit is not None:
                    changes["unit"] = args.unit
                if args.set_scope is not None:
                    changes["scope"] = scope_from_text(args.set_scope)
                if args.year is not None:
                    changes["year"] = _none_or(args.year, int)
                if args.qualifier is not None:
                    changes["qualifier"] = _none_or(args.qualifier)
                if not changes:
                    raise CorrectionError("say what changes (--value, --unit, --set-scope, --year, --qualifier), "
                                          "or --reject, --accept, --add")
                correction = store.correct(notice_id, parameter, changes, **who)
    except CorrectionError as exc:
        return _fail(str(exc))
    _say(f"correction {correction.id}: {correction.summary()}")
    return 0


def cmd_meta(args) -> int:
    from extractor.reading.regions import region_name

    from .corrections import region

    store = _open_store(args)
    who = dict(note=args.note, author=args.by)
    changes = {}
    done = []
    try:
        notice_id, document = _document_of(args)
        document = document or 0
        if args.region is not None:
            changes.update(region(args.region))
        for key in ("province", "city", "county", "level", "title", "issue_date", "doc_number"):
            if getattr(args, key) is not None:
                changes[key] = _none_or(getattr(args, key))
        if args.policy_year is not None:
            changes["policy_year"] = _none_or(args.policy_year, int)
        asked = changes or args.copy_of is not None or args.not_copy or args.exclude or args.include
        if not asked and args.note:
            raise CorrectionError("a note goes with a correction: say what changes (mednotice meta --help)")
        if asked:
            # What can be known to fail is refused before anything is written: all of it or none.
            status = store.status(notice_id)
            if status is None:
                raise CorrectionError(f"no notice {notice_id} in the store")
            if args.copy_of is not None and store.status(args.copy_of) is None:
                raise CorrectionError(f"no notice {args.copy_of} in the store")
            excluded = status["excluded"]
            if args.exclude and excluded is not None:
                raise CorrectionError(f"notice {notice_id} is already excluded")
            if args.include and excluded is None:
                raise CorrectionError(f"notice {notice_id} is not excluded")
        if changes:
            done.append(store.correct_metadata(notice_id, document, changes, **who))
        if args.copy_of is not None or args.not_copy:
            done.append(store.mark_copy(notice_id, args.copy_of, **who))
        if args.exclude:
            done.append(store.exclude(notice_id, **who))
        if args.include:
            done.append(store.include(notice_id, **who))
    except CorrectionError as exc:
        for c in done:
            _say(f"correction {c.id}: {c.summary()}")
        return _fail(str(exc))
    for c in done:
        _say(f"correction {c.id}: {c.summary()}")
    if "policy_year" in changes:
        year = changes["policy_year"]
        moved = store.dated_by_policy_year(notice_id, document, year)
        if moved:
            _say(f"  {_count(moved, 'figure')} dated by the policy year now of {year or 'no year'}; "
                 "a figure whose year the notice states keeps its year")
    if done:
        return 0
    read = store.read(notice_id)
    if read is None:
        return _fail(f"no notice {notice_id} in the store")
    for position, doc in enumerate(read.notice.documents):
        m = doc.meta
        _say(f"document {position}: {m.title or '(no title)'}", _meta_line(m, region_name))
    if read.same_as:
        _say(f"copy of notice {read.same_as}")
    if read.excluded is not None:
        _say(f"excluded: {read.excluded}")
    return 0


def cmd_undo(args) -> int:
    try:
        undo = _open_store(args).undo(args.correction, note=args.note, author=args.by)
    except CorrectionError as exc:
        return _fail(str(exc))
    _say(f"correction {undo.id}: {undo.summary()} (notice {undo.notice_id})")
    return 0


def cmd_history(args) -> int:
    store = _open_store(args)
    if args.notice is not None and store.status(args.notice) is None:
        return _fail(f"no notice {args.notice} in the store")
    try:
        found = store.history(args.notice, args.param)
    except CorrectionError as exc:
        return _fail(str(exc))
    for c, standing in found:
        when = (c.created_at or "")[:16].replace("T", " ")
        _say(f"{c.id:>5}  {when}  notice {c.notice_id}  {c.author or '—':<10} {c.summary()}"
             + (f"  [{standing}]" if standing != "applied" else "") + (f"  — {c.note}" if c.note else ""))
    _say(_count(len(found), "correction"), file=sys.stderr)
    return 0


def cmd_remove(args) -> int:
    store = _open_store(args)
    if not args.yes:
        read = store.read(args.notice)
        if read is None:
            return _fail(f"no notice {args.notice} in the store")
        extracted = len(store.parameters_of(args.notice, raw=True))
        return _fail(f"notice {args.notice} ({read.notice.source}) would go with {_count(len(read.notice.documents), 'document')}, "
                     f"{_count(extracted, 'extracted parameter')} and {_count(len(read.notice.corrections), 'correction')}: "
                     f"add --yes to remove it")
    try:
        removed = store.remove(args.notice)
    except CorrectionError as exc:
        return _fail(str(exc))
    copies = "".join(f"; notice {copy} was a copy of it and is now " + (f"a copy of notice {of}" if of else "a notice of its own")
                     for copy, of in removed.copies)
    _say(f"removed notice {removed.notice_id} ({removed.file_name}) with {_count(removed.documents, 'document')}, "
         f"{_count(removed.parameters, 'extracted parameter')} and {_count(removed.corrections, 'correction')}{copies}")
    return 0


def cmd_reextract(args) -> int:
    from .ingest import reextract

    bounds = _limits(args)
    store = _open_store(args)
    totals = dict(added=0, removed=0, changed=0, refound=0, orphaned=0, failed=0)
    for report in reextract(store, timeout=bounds.timeout, memory_mb=bounds.memory_mb):
        if report.failed:
            totals["failed"] += 1
            _say(f"error: {report.notice_id} {report.file_name}: {report.failed} (left as it was)", file=sys.stderr)
            continue
        for key in ("added", "removed", "changed", "refound", "orphaned"):
            totals[key] += len(getattr(report, key))
        if not (report.added or report.removed or report.changed or report.orphaned):
            continue
        _say(f"{report.notice_id} {report.file_name}: +{len(report.added)} -{len(report.removed)} ~{len(report.changed)}; "
             f"corrections re-found {len(report.refound)}, orphaned {len(report.orphaned)}")
        for kind in ("added", "removed", "changed"):
            for c in getattr(report, kind):
                value = c.after if kind == "added" else c.before if kind == "removed" else f"{c.before} → {c.after}"
                _say(f"    {kind:<8} #{c.id} {c.field} [{c.scope}] {value}")
        for c in report.orphaned:
            _say(f"    orphaned correction {c.id}: {c.summary()}")
    _say(f"parameters added {totals['added']}, removed {totals['removed']}, changed {totals['changed']}; "
         f"corrections re-found {totals['refound']}, orphaned {totals['orphaned']}"
         + (f"; {totals['failed']} notices could not be read again" if totals["failed"] else ""), file=sys.stderr)
    return FAILED if totals["failed"] else 0


def cmd_check(args) -> int:
    from .compare import compliance

    findings = compliance(_open_store(args), year=args.year, province=args.province, include_other=args.include_other,
                          include_excluded=args.include_excluded)
    for f in findings:
        _say(f"{f.region} (notice {f.notice}, {f.doc_number or 'no 文号'}): {f.field} [{f.scope}] {f.value:g} "
             f"{f.status} the province's {f.operator} {f.province_value:g} (notice {f.province_notice}, "
             f"{f.province_doc_number or 'no 文号'})", f"    city:     «{f.sentence}»", f"    province: «{f.province_sentence}»")
    _say(f"{len(findings)} findings", file=sys.stderr)
    return 0


def cmd_changes(args) -> int:
    from .compare import changes

    try:
        _fields(args.field)
    except CorrectionError as exc:
        return _fail(str(exc))
    found = changes(_open_store(args), province=args.province, city=args.city, field=args.field,
                    include_other=args.include_other, include_excluded=args.include_excluded)
    for c in found:
        _say(f"{c.region:<16} {c.field:<36} {c.scope:<28} {c.year_from} {c.value_from:>9g} → {c.year_to} "
             f"{c.value_to:>9g} {c.unit:<4} {c.change:+g}")
    _say(f"{len(found)} changes", file=sys.stderr)
    return 0


def cmd_query(args) -> int:
    from .export import Filters, long_rows
    from extractor.reading.regions import region_name

    try:
        fields = _fields(args.field)
    except CorrectionError as exc:
        return _fail(str(exc))
    filters = Filters(province=args.province, city=args.city, level=args.level, years=args.years,
                      fields=fields, include_excluded=args.include_excluded)
    rows = long_rows(_open_store(args), filters)
    for r in rows:
        region = region_name(r["province"], r["city"], r["county"])
        mark = " (added)" if r["rule"] == "correction" else " (corrected)" if r["corrected"] else ""
        mark += f" (copy of {r['same_as']})" if r["same_as"] else ""
        year = f" ({r['year']})" if r["year"] and r["year"] != r["policy_year"] else ""
        source = "added by hand" if r["rule"] == "correction" else f"«{r['evidence']}»"
        _say(f"{r['policy_year'] or '?':<4} {region:<16} {r['doc_number'] or '—':<20} #{r['notice_id']}.{r['document']} "
             f"#{r['parameter_id']:<6} {r['scope'] or '':<28} {r['operator'] or ''}{r['value']} {r['unit']}{year}{mark}  {source}")
    _say(_count(len(rows), "parameter"), file=sys.stderr)
    return 0


def cmd_export(args) -> int:
    from .export import Filters, export

    if args.wide and args.format in ("json", "jsonl"):
        _say("error: --wide makes a table: use it with --format csv, xlsx or parquet", file=sys.stderr)
        return REFUSED
    refused = export_target_problem(Path(args.out), args.format)
    if refused:
        return refuse("export", f"--out {args.out}: {refused}")
    try:
        fields = _fields(args.fields)
    except CorrectionError as exc:
        return _fail(str(exc), REFUSED)
    filters = Filters(
        province=args.province, city=args.city, level=args.level, years=args.years,
        fields=fields, raw=args.raw, include_excluded=args.include_excluded,
    )
    try:
        count = export(_open_store(args), args.format, Path(args.out), filters, wide=args.wide)
    except ImportError as exc:
        _say(f"error: {args.format} export needs {exc.name}: pip install {exc.name}", file=sys.stderr)
        return REFUSED
    except OSError as exc:
        _say(f"error: {args.out}: cannot be written ({exc.strerror or exc})", file=sys.stderr)
        return REFUSED
    unit = "records" if args.format in ("json", "jsonl") else "rows"
    _say(f"{args.out}: {count} {unit}", file=sys.stderr)
    return 0


def export_target_problem(out: Path, format: str) -> str | None:
    """Why ``out`` cannot take an export in ``format`` (None: it can): its suffix must say the
    format, and its folder must exist — a mistyped folder is refused, not made.

    >>> export_target_problem(Path("panel.json"), "csv")
    'the name says .json but --format is csv — name it panel.csv, or give --format json'
    >>> export_target_problem(Path("panel"), "xlsx")
    'the name has no suffix — name it panel.xlsx'
    """
    allowed = EXPORT_SUFFIXES[format]
    suffix = out.suffix.lower()
    if suffix not in allowed:
        if not suffix:
            return f"the name has no suffix — name it {out.name}{allowed[0]}"
        said = next((f for f, suffixes in EXPORT_SUFFIXES.items() if suffix in suffixes), None)
        other = f", or give --format {said}" if said else ""
        return f"the name says {suffix} but --format is {format} — name it {out.stem}{allowed[0]}{other}"
    if out.is_dir():
        return f"a folder — name a file in it, e.g. {out / ('export' + allowed[0])}"
    folder = out.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist — create it first, or name another"
    return None


def main(argv=None) -> int:
    parser, sub = build_parser()
    commands = add_file_commands(sub)
    commands.update(add_commands(sub))
    import logging

    # What the store's reads leave out is said once, as a warning line, by _report_skipped: not also by
    # the logging module's last-resort handler.
    logging.getLogger("corpus.store").addHandler(logging.NullHandler())
    try:
        return run(parser, commands, argv, explain=_store_failure)
    finally:
        _report_skipped()
