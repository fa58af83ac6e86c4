"""Command line ``mednotice``: the extractor's commands on files, and the store's
(ingest, list, show, correct, reextract, check, changes, query, export).

Only argparse is imported at start; each command imports what it needs, so
``--help`` answers at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractor.cli import add_commands as add_file_commands, build_parser, run


def add_commands(sub) -> dict:
    """Add the store's commands to ``sub``; returns their handlers by name."""
    p = sub.add_parser("ingest", help="read files, folders and .zip archives into the corpus store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", metavar="URL", help="store URL or SQLite file (default: $MEDNOTICE_DB or ~/.local/share/mednotice/corpus.db)")
    p.add_argument("--ocr", action="store_true", help="read pages without a usable text layer by OCR (needs the 'ocr' extra)")
    p.add_argument("--max-mb", type=float, default=None, metavar="MB", help="refuse files larger than this (default 50)")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="extract in N processes (PDF batches gain; text barely)")

    p = sub.add_parser("list", help="list the notices in the store")
    p.add_argument("--db", metavar="URL", help="store URL or SQLite file")
    p.add_argument("--province")
    p.add_argument("--city")
    p.add_argument("--level", choices=["national", "province", "city", "county"])
    p.add_argument("--years", metavar="FROM-TO", help="policy years, e.g. 2020-2023 or 2023")

    p = sub.add_parser("show", help="show one stored notice: metadata and parameters")
    p.add_argument("notice", type=int, metavar="ID")
    p.add_argument("--db", metavar="URL", help="store URL or SQLite file")
    p.add_argument("--json", action="store_true", help="print the stored record as JSON")

    p = sub.add_parser("correct", help="correct, reject or add a parameter of a stored notice (kept through reextract)")
    p.add_argument("notice", type=int, metavar="ID")
    p.add_argument("--db", metavar="URL", help="store URL or SQLite file")
    p.add_argument("--document", type=int, default=0, help="position of the document in the file (0: the first)")
    p.add_argument("--field", required=True, help="field id, e.g. subsidy.per_capita")
    p.add_argument("--scope", default="", metavar="K=V,…", help="scope of the parameter, e.g. county_type=general")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--reject", action="store_true", help="the extracted parameter is wrong: leave it out")
    action.add_argument("--add", action="store_true", help="a parameter the extractor missed")
    p.add_argument("--value", help="the right value: a number, an ISO date, or JSON such as [9, 12]")
    p.add_argument("--unit", help="unit of an added parameter (元, %%, 月, date …)")
    p.add_argument("--note", help="why")
    p.add_argument("--by", help="who made the correction")

    p = sub.add_parser("reextract", help="run the current extractor over every stored notice and report what changed")
    p.add_argument("--db", metavar="URL", help="store URL or SQLite file")

    p = sub.add_parser("check", help="city and county notices that fall short of, or differ from, their province's figures")
    p.add_argument("--db", metavar="URL", help="store URL or SQLite file")
    p.add_argument("--year", type=int, help="policy year")
    p.add_argument("--province")
    p.add_argument("--include-other", action="store_true",
                   help="also documents whose topic flag says they are not about resident medical insurance")

    p = sub.add_parser("changes", help="year-over-year change of every field, region by region")
    p.add_argument("--db", metavar="URL", help="store URL or SQLite file")
    p.add_argument("--province")
    p.add_argument("--city")
    p.add_argument("--field", help="only this field id")
    p.add_argument("--include-other", action="store_true",
                   help="also documents whose topic flag says they are not about resident medical insurance")

    p = sub.add_parser("query", help="one field across the stored notices")
    p.add_argument("field", help="field id, e.g. subsidy.per_capita")
    p.add_argument("--db", metavar="URL", help="store URL or SQLite file")
    p.add_argument("--province")
    p.add_argument("--city")
    p.add_argument("--level", choices=["national", "province", "city", "county"])
    p.add_argument("--years", metavar="FROM-TO", help="policy years, e.g. 2020-2023 or 2023")

    p = sub.add_parser("export", help="export the store: JSON records, JSON Lines, CSV, XLSX or Parquet tables")
    p.add_argument("--db", metavar="URL", help="store URL or SQLite file")
    p.add_argument("--format", required=True, choices=["json", "jsonl", "csv", "xlsx", "parquet"])
    p.add_argument("--wide", action="store_true", help="one row per notice, one column per field × scope")
    p.add_argument("--province")
    p.add_argument("--city")
    p.add_argument("--level", choices=["national", "province", "city", "county"])
    p.add_argument("--years", metavar="FROM-TO", help="policy years, e.g. 2020-2023 or 2023")
    p.add_argument("--fields", metavar="ID,ID", help="only these fields, e.g. subsidy.per_capita,contribution.individual")
    p.add_argument("--out", required=True, metavar="FILE")

    return {
        "ingest": cmd_ingest, "list": cmd_list, "show": cmd_show, "export": cmd_export,
        "correct": cmd_correct, "reextract": cmd_reextract,
        "check": cmd_check, "changes": cmd_changes, "query": cmd_query,
    }


def _open_store(args):
    """The store of ``--db``; a store that cannot be opened ends the command with one line."""
    from sqlalchemy.exc import SQLAlchemyError

    from .store import StoreError, default_url, open_store

    try:
        return open_store(args.db)
    except StoreError as exc:
        raise SystemExit(f"error: {args.db or default_url()}: {exc}") from None
    except (SQLAlchemyError, OSError) as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]
        raise SystemExit(f"error: {args.db or default_url()}: the store cannot be opened ({reason})") from None


def cmd_ingest(args) -> int:
    from tqdm import tqdm

    from .ingest import ingest
    from extractor.readers import DEFAULT_MAX_BYTES

    max_bytes = int(args.max_mb * 1024 * 1024) if args.max_mb else DEFAULT_MAX_BYTES
    store = _open_store(args)
    counts = {"added": 0, "duplicate": 0, "failed": 0}
    with tqdm(unit=" files", disable=None, file=sys.stderr, desc="ingest") as bar:
        for outcome in ingest(store, args.paths, ocr=args.ocr, max_bytes=max_bytes, jobs=max(1, args.jobs)):
            counts[outcome.status] += 1
            bar.update(1)
            bar.set_postfix(counts, refresh=False)
            if outcome.status == "failed":
                bar.write(f"error: {outcome.name}: {outcome.reason}", file=sys.stderr)
    print(f"added {counts['added']}, duplicates {counts['duplicate']}, failed {counts['failed']}; "
          f"{store.count()} notices in the store", file=sys.stderr)
    return 1 if counts["failed"] else 0


def _years(text: str | None):
    """
    >>> _years("2020-2023"), _years("2023"), _years(None)
    ((2020, 2023), (2023, 2023), None)
    """
    if not text:
        return None
    first, _, last = text.partition("-")
    return int(first), int(last or first)


def cmd_list(args) -> int:
    from extractor.reading.regions import region_name

    store = _open_store(args)
    rows = store.list(province=args.province, city=args.city, level=args.level, years=_years(args.years))
    for r in rows:
        region = region_name(r["province"], r["city"], r["county"]) or "?"
        print(f"{r['notice']:>5}.{r['document']}  {r['policy_year'] or '?':<4}  {region:<16}  {r['level'] or '?':<8}  "
              f"{r['doc_number'] or '—':<20}  {r['parameters']:>3} parameters  {r['checks']} checks  {r['title'] or r['file_name']}"
              + (f"  (copy of {r['same_as']})" if r["same_as"] else ""))
    print(f"{len(rows)} documents", file=sys.stderr)
    return 0


def cmd_show(args) -> int:
    from extractor.reading.regions import region_name

    store = _open_store(args)
    notice = store.notice(args.notice)
    if notice is None:
        print(f"error: no notice {args.notice} in the store", file=sys.stderr)
        return 1
    if args.json:
        print(notice.model_dump_json(indent=2))
        return 0
    print(f"{notice.source}  ({notice.format}, sha256 {notice.sha256[:12]}…, extractor {notice.extractor_version})")
    read = store.parameters_of(args.notice)
    for position, doc in enumerate(notice.documents):
        m = doc.meta
        print(f"\n{m.title or '(no title)'}\n  {m.doc_number or 'no 文号'} · {'、'.join(m.issuers) or 'issuers unknown'} · "
              f"{region_name(m.province, m.city, m.county) or '?'} · {m.level or '?'} · {m.policy_year or '?'}")
        for p in [p for p in read if p["document"] == position]:
            mark = " (corrected)" if p["corrected"] else ""
            print(f"  {p['field']:<36} {p['value']:>10} {p['unit'] or '':<4} {p['scope_key'] or '':<32} "
                  f"{p['year'] or '':<4} {p['qualifier'] or '':<4} «{p['evidence']}»{mark}")
        for c in doc.checks:
            print(f"  warning {c.id}: {c.message}")
    return 0


def _value(text: str | None):
    """A value as typed on the command line.

    >>> _value("640"), _value("13.5"), _value("2023-09-15"), _value("[9, 12]")
    (640, 13.5, '2023-09-15', [9, 12])
    """
    import json

    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value


def cmd_correct(args) -> int:
    from .store import CorrectionError, scope_from_text

    scope = scope_from_text(args.scope)
    action = "rejected" if args.reject else "added" if args.add else "corrected"
    try:
        correction = _open_store(args).correct(
            args.notice, args.document, args.field, scope, action=action, value=_value(args.value),
            unit=args.unit, note=args.note, author=args.by,
        )
    except CorrectionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"correction {correction}: notice {args.notice} {args.field} {action}", file=sys.stderr)
    return 0


def cmd_reextract(args) -> int:
    from extractor.errors import ExtractorError

    from .ingest import reextract

    store = _open_store(args)
    totals = [0, 0, 0]
    try:
        for notice_id, name, added, removed, changed in reextract(store):
            for i, part in enumerate((added, removed, changed)):
                totals[i] += len(part)
            if added or removed or changed:
                print(f"{notice_id} {name}: +{len(added)} -{len(removed)} ~{len(changed)}", file=sys.stderr)
                for kind, part in (("added", added), ("removed", removed), ("changed", changed)):
                    for document, field, scope in part:
                        print(f"    {kind} {document} {field} [{scope}]", file=sys.stderr)
    except ExtractorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"parameters added {totals[0]}, removed {totals[1]}, changed {totals[2]}", file=sys.stderr)
    return 0


def cmd_check(args) -> int:
    from .compare import compliance

    findings = compliance(_open_store(args), year=args.year, province=args.province, include_other=args.include_other)
    for f in findings:
        print(f"{f.region} (notice {f.notice}, {f.doc_number or 'no 文号'}): {f.field} [{f.scope}] {f.value:g} "
              f"{f.status} the province's {f.operator} {f.province_value:g} (notice {f.province_notice}, "
              f"{f.province_doc_number or 'no 文号'})\n    city:     «{f.sentence}»\n    province: «{f.province_sentence}»")
    print(f"{len(findings)} findings", file=sys.stderr)
    return 0


def cmd_changes(args) -> int:
    from .compare import changes

    found = changes(_open_store(args), province=args.province, city=args.city, field=args.field,
                    include_other=args.include_other)
    for c in found:
        print(f"{c.region:<16} {c.field:<36} {c.scope:<28} {c.year_from} {c.value_from:>9g} → {c.year_to} "
              f"{c.value_to:>9g} {c.unit:<4} {c.change:+g}")
    print(f"{len(found)} changes", file=sys.stderr)
    return 0


def cmd_query(args) -> int:
    from .export import Filters, long_rows
    from extractor.reading.regions import region_name

    filters = Filters(province=args.province, city=args.city, level=args.level, years=_years(args.years),
                      fields=(args.field,))
    rows = long_rows(_open_store(args), filters)
    for r in rows:
        region = region_name(r["province"], r["city"], r["county"])
        mark = " (corrected)" if r["corrected"] else ""
        print(f"{r['policy_year'] or '?':<4} {region:<16} {r['doc_number'] or '—':<20} {r['scope'] or '':<28} "
              f"{r['operator'] or ''}{r['value']} {r['unit']}{mark}  «{r['evidence']}»")
    print(f"{len(rows)} parameters", file=sys.stderr)
    return 0


def cmd_export(args) -> int:
    from .export import Filters, export

    if args.wide and args.format in ("json", "jsonl"):
        print("error: --wide makes a table: use it with --format csv, xlsx or parquet", file=sys.stderr)
        return 2
    filters = Filters(
        province=args.province, city=args.city, level=args.level, years=_years(args.years),
        fields=tuple(f for f in (args.fields or "").split(",") if f),
    )
    try:
        count = export(_open_store(args), args.format, Path(args.out), filters, wide=args.wide)
    except ImportError as exc:
        print(f"error: {args.format} export needs {exc.name}: pip install {exc.name}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {args.out}: cannot be written ({exc.strerror or exc})", file=sys.stderr)
        return 2
    unit = "records" if args.format in ("json", "jsonl") else "rows"
    print(f"{args.out}: {count} {unit}", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    parser, sub = build_parser()
    commands = add_file_commands(sub)
    commands.update(add_commands(sub))
    return run(parser, commands, argv)
