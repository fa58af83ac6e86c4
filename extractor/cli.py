"""Command line of the extractor: ``extract``, ``eval``, ``schema``, ``explain`` (the store's commands: corpus.cli).

Only argparse is imported at start; each command imports what it needs, so
``--help`` answers at once.

Every way a command can go wrong ends in one line on stderr: a bad argument is
``mednotice: <command>: <what> — <allowed>`` (exit 2), a file or store that fails is
``error: <name>: <reason>`` (exit 1), and anything unforeseen is ``mednotice: internal
error: …`` (exit 3); a traceback only with MEDNOTICE_DEBUG=1.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from pathlib import Path

PROG = "mednotice"
DEBUG_VARIABLE = "MEDNOTICE_DEBUG"
# Exit codes: a file or store failed; an argument was refused; a bug.
FAILED, REFUSED, INTERNAL = 1, 2, 3


# --- one line per message ---------------------------------------------------------------------------

_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text) -> str:
    r"""Text for one line of a terminal: control characters (newlines, escape sequences, bidi
    overrides, undecodable bytes of a file name) written as escapes, the rest as it is.

    >>> printable("a\nb.txt"), printable("\x1b[31mred.txt"), printable("通知\u3000全文.pdf")
    ('a\\nb.txt', '\\x1b[31mred.txt', '通知\u3000全文.pdf')
    >>> printable("bad\udcff.txt"), printable("\u202etxt.exe")
    ('bad\\udcff.txt', '\\u202etxt.exe')
    """
    text = str(text)
    if text.isprintable():
        return text
    import unicodedata

    # Spaces of any kind (the ideographic space of Chinese titles) are kept: they do no harm.
    return "".join(
        _NAMED_ESCAPES.get(ch) or (ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                                   if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch)
        for ch in text
    )


_URL_PASSWORD = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]*:)(?P<secret>\S*)(?=@)")
# A password masked once (by the store's shown_url) is left as it is: *** then what follows it.
_KEYWORD_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?!\*\*\*(?:[\s&;:]|$))(?P<secret>'[^']*'|\"[^\"]*\"|[^\s&;]+)",
                               re.IGNORECASE)


def masked(text: str) -> str:
    """Text with the password of every URL and ``password=`` setting in it replaced by ***.

    >>> masked("postgresql+psycopg://ana:s3cret@db.example/corpus: refused")
    'postgresql+psycopg://ana:***@db.example/corpus: refused'
    >>> masked("host=db password=s3cret user=ana"), masked("corpus.db")
    ('host=db password=*** user=ana', 'corpus.db')
    >>> masked("db?password=***: refused")
    'db?password=***: refused'
    """
    text = _URL_PASSWORD.sub(lambda m: m["head"] + "***", text)
    return _KEYWORD_PASSWORD.sub(lambda m: m["head"] + "***", text)


def one_line(text, limit: int = 400) -> str:
    r"""A message fit for one line: whitespace runs as one space, passwords masked, control
    characters escaped, cut at ``limit`` characters.

    >>> one_line("the store failed\n  (connection refused)")
    'the store failed (connection refused)'
    """
    text = masked(" ".join(str(text).split()))
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- arguments: each refused in one line ------------------------------------------------------------


def whole_number(low: int, high: int, what: str):
    """An argparse type: a whole number from ``low`` to ``high``; ``what`` names it in the error.

    >>> jobs = whole_number(1, 64, "a number of processes")
    >>> jobs("4")
    4
    >>> jobs("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 0: out of range — a number of processes, a whole number from 1 to 64
    """

    def convert(text: str) -> int:
        if not re.fullmatch(r"\s*[+-]?[0-9]{1,30}\s*", text):
            raise argparse.ArgumentTypeError(f"{text}: not a whole number — {what}, a whole number from {low} to {high}")
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text}: out of range — {what}, a whole number from {low} to {high}")
        return value

    convert.__name__ = what
    return convert


MAX_MB = 2048  # every reader holds the whole file in memory: a limit past this protects nothing


def finite_number(text: str, what: str, allowed: str, inside) -> float:
    """``text`` as a finite number for which ``inside(value)`` holds, else one line naming ``what``
    it should be and what is ``allowed``.

    >>> finite_number("12", "size", "above 0", lambda v: v > 0)
    12.0
    >>> finite_number("-1", "size", "above 0", lambda v: v > 0)
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: -1: out of range — above 0
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text}: not a number — {allowed}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text}: not a {what} — {allowed}")
    if not inside(value):
        raise argparse.ArgumentTypeError(f"{text}: out of range — {allowed}")
    return value


def megabytes(text: str) -> float:
    """``--max-mb``: a finite number of megabytes above 0.

    >>> megabytes("0.5"), megabytes("50")
    (0.5, 50.0)
    >>> megabytes("nan")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: nan: not a size — megabytes above 0 and at most 2048, e.g. 50 or 0.5
    """
    return finite_number(text, "size", f"megabytes above 0 and at most {MAX_MB}, e.g. 50 or 0.5",
                         lambda value: 0 < value <= MAX_MB)


def max_bytes_of(max_mb: float | None, default: int) -> int:
    """The byte limit of ``--max-mb`` (``default`` without it).

    >>> max_bytes_of(0.001, 50), max_bytes_of(None, 50)
    (1048, 50)
    """
    return max(1, int(max_mb * 1024 * 1024)) if max_mb else default


# argparse's own messages (Python 3.11), each turned into "<what> — <allowed>".
_ARGPARSE_MESSAGES = [
    (re.compile(r"argument COMMAND: invalid choice: '(?P<value>.*)' \(choose from (?P<choices>.*)\)$"),
     "{value}: not a command — {choices} (mednotice --help says what each does)"),
    (re.compile(r"argument (?P<arg>.+?): invalid choice: '(?P<value>.*)' \(choose from (?P<choices>.*)\)$"),
     "{arg} {value}: not a choice — {choices}"),
    (re.compile(r"argument (?P<arg>.+?): invalid (?P<type>\w+) value: '(?P<value>.*)'$"),
     "{arg} {value}: not a valid {type} — see {prog} --help"),
    (re.compile(r"argument (?P<arg>.+?): expected one argument$"),
     "{arg} needs a value — write a value that starts with - as {arg}=-5"),
    (re.compile(r"argument (?P<arg>.+?): expected at least one argument$"),
     "{arg} needs at least one value — see {prog} --help"),
    (re.compile(r"argument (?P<arg>.+?): not allowed with argument (?P<other>.+)$"),
     "{arg} cannot go with {other} — give one of them"),
    (re.compile(r"the following arguments are required: (?P<args>.+)$"),
     "{args} missing — required (see {prog} --help)"),
    (re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)$"),
     "{option}: ambiguous — it could be {matches}"),
    (re.compile(r"unrecognized arguments: (?P<args>.+)$"),
     "{args}: not an option here — see {prog} --help"),
    (re.compile(r"argument (?P<arg>.+?): (?P<message>.+)$"), "{arg} {message}"),
]


def usage_error(prog: str, message: str) -> str:
    """argparse's error ``message`` in ``prog`` as one line: ``mednotice: <command>: <what> — <allowed>``.

    >>> usage_error("mednotice list", "argument --level: invalid choice: 'town' (choose from 'city', 'county')")
    'mednotice: list: --level town: not a choice — city, county'
    >>> usage_error("mednotice", "argument COMMAND: invalid choice: 'lst' (choose from 'list', 'show')")
    'mednotice: lst: not a command — list, show (mednotice --help says what each does)'
    """
    for pattern, template in _ARGPARSE_MESSAGES:
        found = pattern.match(message)
        if found:
            parts = {k: v.replace("'", "") if k in ("choices", "matches") else v for k, v in found.groupdict().items()}
            message = template.format(prog=prog, **parts)
            break
    command = prog.split(" ", 1)[1] if " " in prog else None
    return one_line(f"{PROG}: {command}: {message}" if command and not message.startswith(command) else f"{PROG}: {message}")


def refuse(command: str, message: str) -> int:
    """An argument refused after parsing (it needs a look at the disk): the same one line as the
    parser's refusals, and their exit code."""
    print(one_line(f"{PROG}: {command}: {message}"), file=sys.stderr)
    return REFUSED


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose refusals are one line (exit 2), never a usage block."""

    def error(self, message: str):
        print(usage_error(self.prog, message), file=sys.stderr)
        raise SystemExit(REFUSED)

    def parse_args(self, args=None, namespace=None):
        # A stray argument is found by the top parser, after the command's: name the command.
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            command = getattr(parsed, "command", None)
            self.prog = f"{PROG} {command}" if command else self.prog
            self.error(f"unrecognized arguments: {' '.join(extra)}")
        return parsed


def build_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    """The parser with its global options; the commands are added by :func:`add_commands` (and
    by corpus.cli for the store)."""
    parser = OneLineParser(
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
    p.add_argument("--max-mb", type=megabytes, default=None, metavar="MB", help="refuse files larger than this (default 50)")
    p.add_argument("--indent", type=whole_number(0, 16, "spaces of JSON indentation"), default=2,
                   help="JSON indentation (0 for one line per record)")
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

    max_bytes = max_bytes_of(args.max_mb, DEFAULT_MAX_BYTES)
    out_dir = Path(args.out) if args.out else None
    if out_dir:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(f"error: {printable(out_dir)}: cannot be used as the output folder ({exc.strerror or exc})", file=sys.stderr)
            return REFUSED
    failed = 0
    written: set[Path] = set()
    read: list = []
    for name in args.files:
        try:
            notice = extract(name, ocr=args.ocr, max_bytes=max_bytes)
        except ExtractorError as exc:
            print(f"error: {printable(exc)}", file=sys.stderr)
            failed += 1
            continue
        except Exception as exc:  # a bug, not bad input: still one line, and the batch goes on
            print(f"error: {printable(name)}: unexpected failure ({one_line(f'{type(exc).__name__}: {exc}')}); "
                  "please report it with the file", file=sys.stderr)
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
                print(f"error: {printable(target)}: cannot be written ({exc.strerror or exc})", file=sys.stderr)
                failed += 1
                continue
            print(f"{printable(name)} → {printable(target)}: {printable(_summary(notice))}", file=sys.stderr)
        else:
            sys.stdout.write(payload + "\n")
            print(f"{printable(name)}: {printable(_summary(notice))}", file=sys.stderr)
    if getattr(args, "docbin", None):
        from .spacy_export import write_docbin

        try:
            count = write_docbin(read, args.docbin)
            print(f"{printable(args.docbin)}: {count} notices as spaCy documents", file=sys.stderr)
        except ExtractorError as exc:
            print(f"error: {printable(args.docbin)}: {printable(exc.reason)}", file=sys.stderr)
            return REFUSED
        except OSError as exc:
            print(f"error: {printable(args.docbin)}: cannot be written ({exc.strerror or exc})", file=sys.stderr)
            return REFUSED
    if failed:
        print(f"{failed} of {len(args.files)} files could not be read", file=sys.stderr)
    return FAILED if failed else 0


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
            print(f"error: --field {printable(args.field)}: not a field of the catalog{hint}", file=sys.stderr)
            return REFUSED
    if args.at is not None and not args.at.strip():
        print("error: --at needs some text of the sentence", file=sys.stderr)
        return REFUSED
    from .explain import explain, render

    try:
        report = explain(args.file, field=args.field, at=args.at, ocr=args.ocr)
    except ExtractorError as exc:
        print(f"error: {printable(exc)}", file=sys.stderr)
        return FAILED
    except Exception as exc:  # a bug, not bad input: still one line
        print(f"error: {printable(args.file)}: unexpected failure ({one_line(f'{type(exc).__name__}: {exc}')}); "
              "please report it with the file", file=sys.stderr)
        return FAILED
    if args.json:
        import json

        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        # The file name and the notice's sentences are shown: the name escaped whole (a newline in it
        # is not a line of the report), then each line with its controls escaped.
        report["file"] = printable(report["file"])
        sys.stdout.write("\n".join(printable(line) for line in render(report).split("\n")))
    return 0


def cmd_eval(args) -> int:
    from .evaluate import evaluate, format_report

    golds = [Path(g) for g in args.gold]
    corpora = args.corpus if len(args.corpus) == len(golds) else args.corpus[:1] * len(golds)
    if len(args.corpus) not in (1, len(golds)):
        print(f"error: --corpus given {len(args.corpus)} times for {len(golds)} gold folders: give it once, or once per folder",
              file=sys.stderr)
        return REFUSED
    for gold in golds:
        if not gold.is_dir():
            print(f"error: {printable(gold)}: not a folder of gold files", file=sys.stderr)
            return REFUSED
    for corpus in args.corpus:
        # A missing corpus would score every gold file as missed and still exit 0.
        if not Path(corpus).is_dir():
            return refuse("eval", f"--corpus {corpus}: not a folder — the folder of the source files the gold names")
    summary = []
    for gold, corpus in zip(golds, corpora):
        report = evaluate(gold, corpus)
        if len(golds) > 1:
            print(printable(f"== set {gold.name} ({gold}, sources in {corpus}) =="))
        text = format_report(report, verbose=args.verbose)
        print("\n".join(printable(line) for line in text.split("\n")))
        summary.append(f"{gold.name}: {text.splitlines()[-1]}")
    if len(golds) > 1:
        print("== per set ==")
        for line in summary:
            print(printable(line))
    return 0


def cmd_schema(args) -> int:
    from .schema import render_schema

    text = render_schema()
    target = Path(args.out)
    try:
        if args.check:
            current = target.read_text("utf-8") if target.exists() else ""
            if current != text:
                print(f"error: {printable(target)} differs from the models: run `{PROG} schema` and commit it", file=sys.stderr)
                return FAILED
            print(f"{printable(target)} matches the models")
            return 0
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {printable(target)}: cannot be {'read' if args.check else 'written'} "
              f"({getattr(exc, 'strerror', None) or exc})", file=sys.stderr)
        return REFUSED
    print(f"wrote {printable(target)}")
    return 0


def run(parser: argparse.ArgumentParser, commands: dict, argv=None, explain=None) -> int:
    """Parse ``argv`` and run the command it names.  An exception no command handled is one line
    (exit 3): ``explain(exc, args)`` may name it better (the store's commands: a database error),
    else it is an internal error; MEDNOTICE_DEBUG=1 shows the traceback instead."""
    for stream in (sys.stdout, sys.stderr):
        # A file name with bytes that are not UTF-8 must print, not end the batch.
        if stream is sys.__stdout__ or stream is sys.__stderr__:
            stream.reconfigure(errors="backslashreplace")
    args = parser.parse_args(argv)
    if args.version:
        from . import __version__

        print(f"{PROG} {__version__}")
        return 0
    if args.command not in commands:
        parser.print_help()
        return REFUSED
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (| head): say nothing, and keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        known = explain(exc, args) if explain else None
        if known:
            print(one_line(known), file=sys.stderr)
            return FAILED
        print(one_line(f"{PROG}: internal error: {type(exc).__name__}: {exc}", limit=600)
              + f"; rerun with {DEBUG_VARIABLE}=1 for the traceback", file=sys.stderr)
        return INTERNAL


def main(argv=None) -> int:
    """``python -m extractor``: the commands on single files (``mednotice`` adds the store's)."""
    parser, sub = build_parser()
    return run(parser, add_commands(sub), argv)
