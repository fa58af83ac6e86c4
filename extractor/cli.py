"""Command line of the extractor: ``extract``, ``eval``, ``schema``, ``explain`` (the store's commands: corpus.cli).

Only argparse is imported at start; each command imports what it needs, so
``--help`` answers at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PROG = "mednotice"


def build_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    """The parser with its global options; the commands are added by :func:`add_commands` (and
    by corpus.cli for the store)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Read Chinese urban-rural resident medical insurance notices (PDF, HTML, DOCX, text) "
        "into JSON: metadata, section tree and the figures, each with its source.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser, sub


def add_commands(sub) -> dict:
    """Add the commands on single files to ``sub``; returns their handlers by name."""
    p = sub.add_parser("extract", help="read notices and write one JSON record per file")
    p.add_argument("files", nargs="+", metavar="FILE", help=".txt, .pdf, .html/.htm or .docx files")
    p.add_argument("--out", metavar="DIR", help="write <stem>.json files into DIR (default: JSON to stdout)")
    p.add_argument("--ocr", action="store_true", help="read pages without a usable text layer by OCR (needs the 'ocr' extra)")
    p.add_argument("--max-mb", type=float, default=None, metavar="MB", help="refuse files larger than this (default 50)")
    p.add_argument("--indent", type=int, default=2, help="JSON indentation (0 for one line per record)")
    p.add_argument(
        "--docbin", metavar="FILE",
        help="also write the notices as a spaCy DocBin, figures as labelled spans",
    )

    p = sub.add_parser("eval", help="score extraction against gold annotations (FIELDS.md format)")
    p.add_argument("gold", metavar="GOLD_DIR", nargs="+",
                   help="folder of gold .json files; several folders are several sets, each scored on its own")
    p.add_argument("--corpus", required=True, metavar="DIR", action="append",
                   help="folder holding the source files the gold names (once for all sets, or once per set, in order)")
    p.add_argument("--verbose", "-v", action="store_true", help="list every miss and every extra")

    p = sub.add_parser("schema", help="write the JSON Schema of the output, generated from the models")
    p.add_argument("--out", default="schemas/notice.schema.json", metavar="FILE")
    p.add_argument("--check", action="store_true", help="exit 1 if FILE differs from the models")

    p = sub.add_parser(
        "explain", help="show why each figure of a notice got its field, or none (the binder's trace)",
        description="For each figure of the body: its sentence, every cue the binder saw with its distance and "
        "verdict (won, or why it lost), the parameters emitted or why none, and where scope and year came from.",
    )
    p.add_argument("file", metavar="FILE", help="a .txt, .pdf, .html/.htm or .docx notice")
    p.add_argument("--field", metavar="F", help="only the figures bound to field F (e.g. subsidy.per_capita)")
    p.add_argument("--at", metavar="TEXT", help="only the figures whose sentence holds TEXT")
    p.add_argument("--json", action="store_true", help="the same report as JSON")
    p.add_argument("--ocr", action="store_true", help="read pages without a usable text layer by OCR (needs the 'ocr' extra)")
    return {"extract": cmd_extract, "eval": cmd_eval, "schema": cmd_schema, "explain": cmd_explain}


def _summary(notice) -> str:
    from .reading.regions import region_name

    parts = []
    for doc in notice.documents:
        m = doc.meta
        region = region_name(m.province, m.city, m.county) or "region unknown"
        parts.append(
            f"{m.doc_number or 'no 文号'} · {region} · {m.level or '?'} · {m.policy_year or '?'} · "
            f"{len(doc.sections)} sections · {len(doc.parameters)} parameters"
        )
    return " | ".join(parts)


def cmd_extract(args) -> int:
    """Read each file in turn; a file that fails costs one ``error:`` line, never the batch.

    >>> cmd_extract(argparse.Namespace(files=["missing.txt"], out=None, ocr=False, max_mb=None, indent=2, docbin=None))
    1
    """
    from .errors import ExtractorError
    from .pipeline import extract
    from .readers import DEFAULT_MAX_BYTES

    if args.max_mb is not None and args.max_mb <= 0:
        print(f"error: --max-mb must be above 0, not {args.max_mb:g}", file=sys.stderr)
        return 2
    max_bytes = int(args.max_mb * 1024 * 1024) if args.max_mb else DEFAULT_MAX_BYTES
    out_dir = Path(args.out) if args.out else None
    if out_dir:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(f"error: {out_dir}: cannot be used as the output folder ({exc.strerror or exc})", file=sys.stderr)
            return 2
    failed = 0
    written: set[Path] = set()
    read: list = []
    for name in args.files:
        try:
            notice = extract(name, ocr=args.ocr, max_bytes=max_bytes)
        except ExtractorError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        except Exception as exc:  # a bug, not bad input: still one line, and the batch goes on
            reason = " ".join(f"{type(exc).__name__}: {exc}".split())
            print(f"error: {name}: unexpected failure ({reason}); please report it with the file", file=sys.stderr)
            failed += 1
            continue
        if getattr(args, "docbin", None):
            read.append(notice)
        payload = notice.model_dump_json(indent=args.indent or None)
        if out_dir:
            stem = Path(name).stem
            target = out_dir / f"{stem}.json"
            # a.pdf and a.txt, or two folders' a.txt: the second must not overwrite the first.
            for n in range(2, len(args.files) + 2):
                if target not in written:
                    break
                target = out_dir / f"{stem}-{n}.json"
            written.add(target)
            try:
                target.write_text(payload + "\n", encoding="utf-8")
            except OSError as exc:
                print(f"error: {target}: cannot be written ({exc.strerror or exc})", file=sys.stderr)
                failed += 1
                continue
            print(f"{name} → {target}: {_summary(notice)}", file=sys.stderr)
        else:
            sys.stdout.write(payload + "\n")
            print(f"{name}: {_summary(notice)}", file=sys.stderr)
    if getattr(args, "docbin", None):
        from .spacy_export import write_docbin

        try:
            count = write_docbin(read, args.docbin)
            print(f"{args.docbin}: {count} notices as spaCy documents", file=sys.stderr)
        except ExtractorError as exc:
            print(f"error: {args.docbin}: {exc.reason}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"error: {args.docbin}: cannot be written ({exc.strerror or exc})", file=sys.stderr)
            return 2
    if failed:
        print(f"{failed} of {len(args.files)} files could not be read", file=sys.stderr)
    return 1 if failed else 0


def cmd_explain(args) -> int:
    """One notice's figures and the binder's reasons; bad input costs one ``error:`` line.

    >>> cmd_explain(argparse.Namespace(file="notice.txt", field="no.such", at=None, json=False, ocr=False))
    2
    """
    from .errors import ExtractorError

    if args.field is not None:
        import difflib

        from .figures.catalog import catalog

        known = [r.id for r in catalog().rules]
        if args.field not in known:
            close = difflib.get_close_matches(args.field, known, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else " (the fields are those of extractor/figures/data/fields.toml)"
            print(f"error: --field {args.field}: not a field of the catalog{hint}", file=sys.stderr)
            return 2
    if args.at is not None and not args.at.strip():
        print("error: --at needs some text of the sentence", file=sys.stderr)
        return 2
    from .explain import explain, render

    try:
        report = explain(args.file, field=args.field, at=args.at, ocr=args.ocr)
    except ExtractorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug, not bad input: still one line
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())
        print(f"error: {args.file}: unexpected failure ({reason}); please report it with the file", file=sys.stderr)
        return 1
    if args.json:
        import json

        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        sys.stdout.write(render(report))
    return 0


def cmd_eval(args) -> int:
    from .evaluate import evaluate, format_report

    golds = [Path(g) for g in args.gold]
    corpora = args.corpus if len(args.corpus) == len(golds) else args.corpus[:1] * len(golds)
    if len(args.corpus) not in (1, len(golds)):
        print(f"error: --corpus given {len(args.corpus)} times for {len(golds)} gold folders: give it once, or once per folder",
              file=sys.stderr)
        return 2
    for gold in golds:
        if not gold.is_dir():
            print(f"error: {gold}: not a folder of gold files", file=sys.stderr)
            return 2
    summary = []
    for gold, corpus in zip(golds, corpora):
        report = evaluate(gold, corpus)
        if len(golds) > 1:
            print(f"== set {gold.name} ({gold}, sources in {corpus}) ==")
        text = format_report(report, verbose=args.verbose)
        print(text)
        summary.append(f"{gold.name}: {text.splitlines()[-1]}")
    if len(golds) > 1:
        print("== per set ==")
        print("\n".join(summary))
    return 0


def cmd_schema(args) -> int:
    from .schema import render_schema

    text = render_schema()
    target = Path(args.out)
    if args.check:
        current = target.read_text("utf-8") if target.exists() else ""
        if current != text:
            print(f"error: {target} differs from the models: run `{PROG} schema` and commit it", file=sys.stderr)
            return 1
        print(f"{target} matches the models")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def run(parser: argparse.ArgumentParser, commands: dict, argv=None) -> int:
    """Parse ``argv`` and run the command it names."""
    args = parser.parse_args(argv)
    if args.version:
        from . import __version__

        print(f"{PROG} {__version__}")
        return 0
    if args.command not in commands:
        parser.print_help()
        return 2
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def main(argv=None) -> int:
    """``python -m extractor``: the commands on single files (``mednotice`` adds the store's)."""
    parser, sub = build_parser()
    return run(parser, add_commands(sub), argv)
