"""The command lines under careless and hostile arguments (issue 14): every argument is checked and
refused in one line (``mednotice: <command>: <what> — <allowed>``, exit 2), a store that cannot be
opened is one line with its password masked (exit 1), names are printed with their control
characters escaped, exit codes say whether any file failed, an unforeseen error is one line
(exit 3), and so is a batch whose worker processes cannot start — never a traceback, never a usage
block.

The argument tables run real processes (the parser answers before anything heavy is imported);
the tests that need a stored notice share one store, made once per module.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "samples" / "68_qingcheng_2016.txt"
GOLD = ROOT / "tests" / "data" / "gold"
PG_URL = os.environ.get("MEDNOTICE_TEST_PG_URL")
ENV = {k: v for k, v in os.environ.items() if k not in ("MEDNOTICE_DB", "MEDNOTICE_DEBUG")} | {"MEDNOTICE_USER": "tester"}
MAX_ID = 2**31 - 1


def mednotice(*args: str, module: str = "corpus", cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", errors="backslashreplace", timeout=300, env=env or ENV)


def one_line(result) -> str:
    """The single line a command printed on stderr; nothing else on stderr, no traceback, no usage."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "usage:" not in result.stderr
    return lines[0]


# --- every argument checked: argv → exit 2 and one line -------------------------------------------------

N = "a whole number from"
REFUSED = [
    # numbers that are not numbers, or out of range
    (["list", "--years", "abc"], "mednotice: list: --years abc: not years — write 2020-2023 or 2023"),
    (["list", "--years", "2023-2020"], "mednotice: list: --years 2023-2020: the first year comes after the last — write 2020-2023"),
    (["query", "f", "--years", "1800"], "mednotice: query: --years 1800: out of range — years from 1949 to 2100, as 2020-2023 or 2023"),
    (["show", "99999999999999999999"],
     f"mednotice: show: ID 99999999999999999999: out of range — a notice id from 1 to {MAX_ID}, or notice.document (5.1)"),
    (["show", "abc"], f"mednotice: show: ID abc: not a notice — a notice id from 1 to {MAX_ID}, or notice.document (5.1)"),
    (["show", "0"], f"mednotice: show: ID 0: out of range — a notice id from 1 to {MAX_ID}, or notice.document (5.1)"),
    (["ingest", "x.txt", "--max-mb", "-1"],
     "mednotice: ingest: --max-mb -1: out of range — megabytes above 0 and at most 2048, e.g. 50 or 0.5"),
    (["ingest", "x.txt", "--max-mb", "nan"],
     "mednotice: ingest: --max-mb nan: not a size — megabytes above 0 and at most 2048, e.g. 50 or 0.5"),
    (["ingest", "x.txt", "--max-mb", "inf"],
     "mednotice: ingest: --max-mb inf: not a size — megabytes above 0 and at most 2048, e.g. 50 or 0.5"),
    (["ingest", "x.txt", "--max-mb", "0"],
     "mednotice: ingest: --max-mb 0: out of range — megabytes above 0 and at most 2048, e.g. 50 or 0.5"),
    (["ingest", "x.txt", "--max-mb", "lots"],
     "mednotice: ingest: --max-mb lots: not a number — megabytes above 0 and at most 2048, e.g. 50 or 0.5"),
    (["ingest", "x.txt", "--jobs", "0"], f"mednotice: ingest: --jobs 0: out of range — a number of worker processes, {N} 1 to 64"),
    (["ingest", "x.txt", "--jobs", "-3"], f"mednotice: ingest: --jobs -3: out of range — a number of worker processes, {N} 1 to 64"),
    (["ingest", "x.txt", "--jobs", "two"], f"mednotice: ingest: --jobs two: not a whole number — a number of worker processes, {N} 1 to 64"),
    (["correct", "1", "--param", "1", "--document", "-1", "--value", "3"],
     f"mednotice: correct: --document -1: out of range — a document's position in its file (0: the first), {N} 0 to {MAX_ID}"),
    (["correct", "1", "--param", "99999999999999999999", "--value", "3"],
     "mednotice: correct: --param 99999999999999999999: out of range — 311 for an extracted one, a4 for one added by hand "
     f"(show lists them), the number at most {MAX_ID}"),
    (["correct", "1", "--param", "x1", "--value", "3"],
     "mednotice: correct: --param x1: not a parameter id — 311 for an extracted one, a4 for one added by hand (show lists them)"),
    (["undo", "abc"], f"mednotice: undo: CORRECTION abc: not a whole number — a correction number as history prints it, {N} 1 to {MAX_ID}"),
    (["undo", "99999999999999999999"],
     f"mednotice: undo: CORRECTION 99999999999999999999: out of range — a correction number as history prints it, {N} 1 to {MAX_ID}"),
    (["history", "1e3"], f"mednotice: history: ID 1e3: not a whole number — a notice id as list prints it, {N} 1 to {MAX_ID}"),
    (["remove", "-4"], f"mednotice: remove: ID -4: out of range — a notice id as list prints it, {N} 1 to {MAX_ID}"),
    (["meta", "1", "--copy-of", "abc"], f"mednotice: meta: --copy-of abc: not a whole number — a notice id as list prints it, {N} 1 to {MAX_ID}"),
    (["check", "--year", "1800"], f"mednotice: check: --year 1800: out of range — a year, {N} 1949 to 2100"),
    (["ingest", "x.txt", "--timeout", "-5"], "mednotice: ingest: --timeout -5: out of range — seconds from 0 (no limit) to 86400, e.g. 120"),
    (["reextract", "--timeout", "nan"], "mednotice: reextract: --timeout nan: not a time limit — seconds from 0 (no limit) to 86400, e.g. 120"),
    (["ingest", "x.txt", "--memory-mb", "1.5"],
     f"mednotice: ingest: --memory-mb 1.5: not a whole number — megabytes of memory per worker (0: no limit), {N} 0 to 1048576"),
    # choices, required arguments, combinations, strays
    (["list", "--level", "town"], "mednotice: list: --level town: not a choice — national, province, city, county"),
    (["export", "--format", "xml", "--out", "x.xml"], "mednotice: export: --format xml: not a choice — json, jsonl, csv, xlsx, parquet"),
    (["export", "--format", "csv"], "mednotice: export: --out missing — required (see mednotice export --help)"),
    (["correct", "1", "--reject", "--accept"], "mednotice: correct: --accept cannot go with --reject — give one of them"),
    (["correct", "1", "--param", "1", "--value", "-Infinity"],
     "mednotice: correct: --value needs a value — write a value that starts with - as --value=-5"),
    (["list", "--db", ""],
     'mednotice: list: --db "": empty — a SQLite file (corpus.db) or a URL (postgresql+psycopg://user@host/db)'),
    (["list", "--bogus"], "mednotice: list: --bogus: not an option here — see mednotice list --help"),
    (["lst"], "mednotice: lst: not a command — extract, eval, schema, explain, ingest, list, show, correct, meta, undo, "
              "history, remove, reextract, check, changes, query, export (mednotice --help says what each does)"),
    (["list", "--years", "20\x1b[2J23"], "mednotice: list: --years 20\\x1b[2J23: not years — write 2020-2023 or 2023"),
    # export --out: checked before the store is opened
    (["export", "--format", "csv", "--out", "x.json"],
     "mednotice: export: --out x.json: the name says .json but --format is csv — name it x.csv, or give --format json"),
    (["export", "--format", "parquet", "--out", "panel"], "mednotice: export: --out panel: the name has no suffix — name it panel.parquet"),
    (["export", "--format", "csv", "--out", "no-such-folder/x.csv"],
     "mednotice: export: --out no-such-folder/x.csv: the folder no-such-folder does not exist — create it first, or name another"),
]

REFUSED_BY_THE_EXTRACTOR = [
    (["extract", "a.txt", "--indent", "-1"], f"mednotice: extract: --indent -1: out of range — spaces of JSON indentation, {N} 0 to 16"),
    (["extract", "a.txt", "--indent", "99999999999"],
     f"mednotice: extract: --indent 99999999999: out of range — spaces of JSON indentation, {N} 0 to 16"),
    (["extract", "a.txt", "--max-mb", "inf"],
     "mednotice: extract: --max-mb inf: not a size — megabytes above 0 and at most 2048, e.g. 50 or 0.5"),
    (["extract"], "mednotice: extract: FILE missing — required (see mednotice extract --help)"),
    (["extract", "a.txt", "--bogus"], "mednotice: extract: --bogus: not an option here — see mednotice extract --help"),
    (["eval", str(GOLD), "--corpus", "no-such-folder"],
     "mednotice: eval: --corpus no-such-folder: not a folder — the folder of the source files the gold names"),
    (["ingest", "x.txt"], "mednotice: ingest: not a command — extract, eval, schema, explain (mednotice --help says what each does)"),
]


@pytest.mark.parametrize("args, line", REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_a_bad_argument_is_one_line_and_exit_2(tmp_path, args, line):
    result = mednotice(*args, "--db", str(tmp_path / "corpus.db"), cwd=tmp_path) if "--db" not in args and args[0] != "lst" \
        else mednotice(*args, cwd=tmp_path)
    assert (result.returncode, one_line(result), result.stdout) == (2, line, "")
    assert not (tmp_path / "corpus.db").exists() and not (tmp_path / "no-such-folder").exists()


@pytest.mark.parametrize("args, line", REFUSED_BY_THE_EXTRACTOR, ids=[" ".join(a) for a, _ in REFUSED_BY_THE_EXTRACTOR])
def test_a_bad_argument_to_the_extractor_is_one_line_and_exit_2(tmp_path, args, line):
    (tmp_path / "a.txt").write_text("关于2023年城乡居民基本医疗保险的通知\n人均财政补助标准达到640元。\n", "utf-8")
    result = mednotice(*args, module="extractor", cwd=tmp_path)
    assert (result.returncode, one_line(result), result.stdout) == (2, line, "")


def test_help_still_answers():
    result = mednotice("ingest", "--help")
    assert result.returncode == 0 and "--max-mb MB" in result.stdout and result.stderr == ""


# --- --db: one line, the password masked --------------------------------------------------------------


def _foreign_sqlite(folder: Path) -> Path:
    path = folder / "other_app.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    return path


def _text_file(folder: Path) -> Path:
    path = folder / "notes.db"
    path.write_text("not a database at all\n" * 50, "utf-8")
    return path


DB_REFUSED = [
    # (--db as made in tmp_path, what the one line must hold)
    (lambda tmp: str(tmp / "missing-folder" / "corpus.db"), "missing-folder"),
    (lambda tmp: str(tmp / "corpus.db"), "corpus.db"),  # no store there: reading commands do not make one
    (lambda tmp: "sqlite://", "sqlite://"),
    (lambda tmp: "mysql://ana:s3cret-pw@db.example/corpus", "mysql://ana:***@db.example/corpus"),
    (lambda tmp: "postgresql+psycopg://ana:s3cret-pw@127.0.0.1:1/corpus", "postgresql+psycopg://ana:***@127.0.0.1:1/corpus"),
    (lambda tmp: str(_foreign_sqlite(tmp)), "other_app.db"),
    (lambda tmp: str(_text_file(tmp)), "notes.db"),
]


@pytest.mark.parametrize("make, shown", DB_REFUSED, ids=["missing folder", "no store", "in memory", "mysql", "refused connection",
                                                        "another application's SQLite", "a text file"])
def test_a_store_that_cannot_be_opened_is_one_line_with_the_password_masked(tmp_path, make, shown):
    db = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    for args in (["list"], ["show", "1"], ["export", "--format", "csv", "--out", str(tmp_path / "x.csv")]):
        result = mednotice(*args, "--db", db)
        line = one_line(result)
        assert result.returncode == 1 and line.startswith("error: ") and shown in line, line
        assert "s3cret" not in result.stderr + result.stdout
    # Nothing was made: no folder, no store, no export, no tables in another application's database.
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    if db.endswith("other_app.db"):
        with sqlite3.connect(db) as conn:
            assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["users"]


@pytest.mark.skipif(not PG_URL, reason="no PostgreSQL: set MEDNOTICE_TEST_PG_URL")
def test_a_wrong_postgresql_password_is_one_line_and_never_shown():
    from sqlalchemy import make_url

    wrong = make_url(PG_URL).set(password="Wr0ng-s3cret").render_as_string(hide_password=False)
    for env in (ENV, ENV | {"MEDNOTICE_DB": wrong}):
        result = mednotice("list", *(["--db", wrong] if env is ENV else []), env=env)
        line = one_line(result)
        assert result.returncode == 1 and "password authentication failed" in line and ":***@" in line, line
        assert "Wr0ng-s3cret" not in result.stderr + result.stdout


def test_masking_covers_urls_and_settings_in_any_message():
    from extractor.cli import masked

    cases = {
        "could not parse 'postgresql://u:p@ss:w@rd@h/db'": "could not parse 'postgresql://u:***@h/db'",
        "dsn: host=h password='a b' user=u": "dsn: host=h password=*** user=u",
        "postgresql://h/db?sslmode=require&password=pw&x=1": "postgresql://h/db?sslmode=require&password=***&x=1",
        "no secret in sqlite:///tmp/a.db": "no secret in sqlite:///tmp/a.db",
    }
    assert {text: masked(text) for text in cases} == cases


# --- names with control characters, escaped in every line -------------------------------------------------

HOSTILE = ["new\nline.txt", "\x1b[31mred\x1b[0m.txt", "bell\x07.txt", "rtl\u202etxt.exe.txt"]


def _escaped(name: str) -> str:
    from extractor.cli import printable

    return printable(name)


def test_extract_prints_hostile_names_escaped(tmp_path):
    for name in HOSTILE:
        (tmp_path / name).write_bytes(b"")  # empty: one error line each
    result = mednotice("extract", *HOSTILE, "--out", str(tmp_path / "out"), module="extractor", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines == [f"error: {_escaped(n)}: the file is empty (0 bytes)" for n in HOSTILE] + ["4 of 4 files could not be read"]
    assert not any(ch in result.stderr for ch in "\x1b\x07\u202e")


def test_ingest_prints_hostile_names_escaped_and_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in HOSTILE:
        (folder / name).write_bytes(b"")
    result = mednotice("ingest", str(folder), "--db", str(tmp_path / "corpus.db"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert sorted(errors) == sorted(f"error: {_escaped(str(folder / n))}: the file is empty (0 bytes)" for n in HOSTILE)
    assert result.stderr.splitlines()[-1] == "added 0, duplicates 0, failed 4; 0 notices in the store"
    assert not any(ch in result.stderr for ch in "\x1b\x07\u202e")


@pytest.mark.slow
def test_explain_prints_a_hostile_name_escaped(tmp_path):
    name = "\x1b[31mred\nnotice.txt"
    (tmp_path / name).write_text("关于2023年城乡居民基本医疗保险的通知\n人均财政补助标准达到640元。\n", "utf-8")
    result = mednotice("explain", name, module="extractor", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\\x1b[31mred\\nnotice.txt — ") and "\x1b" not in result.stdout


def test_a_file_name_that_is_not_utf8_prints(tmp_path):
    name = os.fsdecode(b"gbk-\xb9\xfa.txt")  # a GBK name on a UTF-8 system: an undecodable byte
    (tmp_path / name).write_bytes(b"")
    result = mednotice("extract", name, module="extractor", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == "error: gbk-\\udcb9\\udcfa.txt: the file is empty (0 bytes)"


@pytest.mark.parametrize("text, shown", [
    ("a\nb", "a\\nb"), ("\x1b[31mred", "\\x1b[31mred"), ("tab\there", "tab\\there"), ("bidi\u202eabc", "bidi\\u202eabc"),
    ("关于2023年\u3000通知", "关于2023年\u3000通知"), ("line\u2028sep", "line\\u2028sep"), ("del\x7f", "del\\x7f"),
])
def test_printable_escapes_controls_and_keeps_chinese_text(text, shown):
    from extractor.cli import printable

    assert printable(text) == shown


# --- a stored notice: exit codes, corrections' values, titles from the store --------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("template") / "corpus.db"
    result = mednotice("ingest", str(SAMPLE), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def db(template, tmp_path) -> Path:
    for path in template.parent.glob(template.name + "*"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path / template.name


@pytest.mark.slow
def test_ingest_exit_codes_all_in_duplicates_and_a_failure(db, tmp_path):
    again = mednotice("ingest", str(SAMPLE), "--db", str(db))
    assert (again.returncode, again.stderr.splitlines()[-1]) == (0, "added 0, duplicates 1, failed 0; 1 notices in the store")
    (tmp_path / "empty.txt").write_bytes(b"")
    mixed = mednotice("ingest", str(tmp_path / "empty.txt"), str(SAMPLE), "--db", str(db))
    assert (mixed.returncode, mixed.stderr.splitlines()[-1]) == (1, "added 0, duplicates 1, failed 1; 1 notices in the store")


VALUES = [
    # (--value, the one line): a numeric field's value is a finite number, not below zero
    ("abc", 'value "abc" is not a number (unit 元)'),
    ('"640"', 'value "640" is not a number (unit 元)'),
    ("NaN", "value nan is not a figure of 元: it must be finite and not negative"),
    ("Infinity", "value inf is not a figure of 元: it must be finite and not negative"),
    ("--value=-Infinity", "value -inf is not a figure of 元: it must be finite and not negative"),
    ("1e999", "value inf is not a figure of 元: it must be finite and not negative"),
    ("9" * 400, f"value {'9' * 40}… (400 characters) is not a figure of 元: it must be finite and not negative"),
    ("9" * 5000, f'value "{"9" * 39}… (5002 characters) is not a number (unit 元)'),
    ("true", "value true is not a number (unit 元)"),
]


@pytest.mark.slow
@pytest.mark.parametrize("value, line", VALUES, ids=[v[:20] for v, _ in VALUES])
def test_correct_refuses_a_value_that_is_not_a_figure(db, value, line):
    value_args = [value] if value.startswith("--value=") else ["--value", value]
    for args in (["correct", "1", "--param", "1", *value_args],
                 ["correct", "1", "--add", "--field", "financing.total", "--unit", "元", *value_args]):
        result = mednotice(*args, "--db", str(db))
        assert (result.returncode, one_line(result)) == (1, f"error: {line}")
    assert mednotice("history", "--db", str(db)).stderr == "0 corrections\n"


@pytest.mark.slow
def test_add_needs_a_known_field_and_unit(db):
    unknown = mednotice("correct", "1", "--add", "--field", "subsidy.percapita", "--value", "3", "--unit", "元", "--db", str(db))
    line = one_line(unknown)
    assert unknown.returncode == 1 and line.startswith("error: unknown field subsidy.percapita (did you mean subsidy.per_capita?); "
                                                       "the fields are financing.total, ")
    unit = mednotice("correct", "1", "--add", "--field", "financing.total", "--value", "3", "--unit", "kg", "--db", str(db))
    assert (unit.returncode, one_line(unit)) == (1, "error: unit kg does not fit financing.total: its units are 元")
    year = mednotice("correct", "1", "--param", "1", "--year", "twenty", "--db", str(db))
    assert (year.returncode, one_line(year)) == (1, "error: twenty is not a year — a year such as 2024, or none")


@pytest.mark.slow
def test_titles_authors_and_notes_from_the_store_print_escaped(db):
    hostile = "通知\x1b[2J\nforged line"
    done = mednotice("meta", "1", "--title", hostile, "--by", "ana\x1b]0;pwned\x07", "--note", "why\r\nnot", "--db", str(db))
    assert done.returncode == 0, done.stderr
    for args in (["list"], ["show", "1"], ["meta", "1"], ["history"]):
        result = mednotice(*args, "--db", str(db))
        assert result.returncode == 0, result.stderr
        assert not any(ch in result.stdout + result.stderr for ch in "\x1b\x07\r"), args
    listed = mednotice("list", "--db", str(db)).stdout.splitlines()
    assert len(listed) == 1 and listed[0].endswith("  通知\\x1b[2J forged line")  # metadata folds the newline to a space
    (entry,) = mednotice("history", "--db", str(db)).stdout.splitlines()
    assert "ana\\x1b]0;pwned\\x07" in entry and entry.endswith("— why\\r\\nnot")


@pytest.mark.slow
def test_reextract_exit_code_says_whether_a_notice_failed(db):
    assert mednotice("reextract", "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as conn:  # the stored file no longer reads: it is empty now
        conn.execute("UPDATE notices SET content = x''")
    result = mednotice("reextract", "--db", str(db))
    lines = result.stderr.splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"error: 1 {SAMPLE.name}: ") and lines[0].endswith(" (left as it was)")
    assert lines[-1].endswith("; 1 notices could not be read again")


@pytest.mark.slow
def test_ingest_passes_its_time_limit_to_the_workers(tmp_path):
    result = mednotice("ingest", str(SAMPLE), "--timeout", "0.001", "--db", str(tmp_path / "corpus.db"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"error: {SAMPLE}: took over 0.001 s: stopped",
                                          "added 0, duplicates 0, failed 1; 0 notices in the store"]


@pytest.mark.parametrize("variable, value, line", [
    ("MEDNOTICE_TIMEOUT", "soon", "mednotice: ingest: MEDNOTICE_TIMEOUT=soon is not a time limit: give a number of seconds, 0 for none"),
    ("MEDNOTICE_MEMORY_MB", "-1", "mednotice: ingest: MEDNOTICE_MEMORY_MB=-1 is not a memory budget: give a number of MB, 0 for none"),
])
def test_a_limit_from_the_environment_that_is_not_a_number_is_refused(tmp_path, variable, value, line):
    result = mednotice("ingest", str(SAMPLE), "--db", str(tmp_path / "corpus.db"), env=ENV | {variable: value})
    assert (result.returncode, one_line(result)) == (2, line)
    assert not (tmp_path / "corpus.db").exists()


# --- what no command foresaw: one line, exit 3 ------------------------------------------------------------


def test_an_internal_error_is_one_line_and_exit_3(tmp_path):
    code = ("import sys, corpus.cli as c\n"
            "def broken(args): raise RuntimeError('a bug\\nover two lines with postgresql://u:pw@h/db')\n"
            "c.cmd_list = broken\n"
            "sys.exit(c.main(['list']))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=ENV, timeout=300)
    assert (result.returncode, one_line(result)) == (
        3, "mednotice: internal error: RuntimeError: a bug over two lines with postgresql://u:***@h/db; "
           "rerun with MEDNOTICE_DEBUG=1 for the traceback")
    debug = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                           env=ENV | {"MEDNOTICE_DEBUG": "1"}, timeout=300)
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "RuntimeError: a bug" in debug.stderr


def test_a_database_error_mid_command_is_one_line_naming_the_store(tmp_path, monkeypatch, capsys):
    from sqlalchemy.exc import OperationalError

    import corpus.store
    from corpus.cli import main

    db = tmp_path / "corpus.db"
    corpus.store.open_store(str(db), create=True).engine.dispose()

    def lost(self, *args, **kwargs):
        raise OperationalError("SELECT …", {}, Exception("server closed the connection unexpectedly\n\tThis probably means…"))

    monkeypatch.setattr(corpus.store.Store, "list", lost)
    assert main(["list", "--db", str(db)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {db}: the store failed (OperationalError: server closed the connection unexpectedly This probably means…)"]


def test_export_to_a_good_path_works_and_a_folder_is_refused(tmp_path):
    import corpus.store

    db = tmp_path / "corpus.db"
    corpus.store.open_store(str(db), create=True).engine.dispose()
    good = mednotice("export", "--format", "csv", "--out", str(tmp_path / "panel.CSV"), "--db", str(db))
    assert (good.returncode, good.stderr) == (0, f"{tmp_path / 'panel.CSV'}: 0 rows\n")
    (tmp_path / "out.csv").mkdir()
    folder = mednotice("export", "--format", "csv", "--out", str(tmp_path / "out.csv"), "--db", str(db))
    assert (folder.returncode, one_line(folder)) == (
        2, f"mednotice: export: --out {tmp_path / 'out.csv'}: a folder — name a file in it, e.g. {tmp_path / 'out.csv' / 'export.csv'}")


def test_workers_that_cannot_start_end_ingest_with_one_line(tmp_path, monkeypatch, capsys):
    import corpus.ingest
    from corpus import cli
    from corpus.worker import WorkerError

    def no_workers(*args, **kwargs):
        raise WorkerError("the worker processes cannot start (fork refused: resource temporarily unavailable)")
        yield

    monkeypatch.setattr(corpus.ingest, "ingest", no_workers)
    code = cli.main(["ingest", str(SAMPLE), "--db", str(tmp_path / "c.db")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and "internal error" not in err
    assert "error: the worker processes cannot start (fork refused" in err
