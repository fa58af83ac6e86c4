"""Corrections by hand as a researcher makes them: the commands correct, meta, undo, history, remove,
show, list and export, run as processes on a SQLite store holding two sample notices.

The store (ids are given in the order of ingest):
  notice 1  68_qingcheng_2016.txt  parameters #1–#6: #1 and #2 are both contribution.individual, no scope (120, 130 元)
  notice 2  003_f2d8fd1fa102c120.txt  parameters #7–#25: #22 and #23 are both assistance.contribution_subsidy
            [population=stable_alleviated] (80 %, 128 元)
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"
QINGCHENG = "68_qingcheng_2016.txt"
XIANNING = "003_f2d8fd1fa102c120.txt"


# Who corrects when --by does not say; no default store.
ENV = {k: v for k, v in os.environ.items() if k != "MEDNOTICE_DB"} | {"MEDNOTICE_USER": "tester"}


def mednotice(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "corpus", *args, "--db", str(db)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env=ENV)


def ok(result) -> list[str]:
    """The lines a command that worked printed on stdout."""
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout.splitlines()


def failed(result, message: str) -> None:
    """The command failed with exit code 1 and one line on stderr: ``error: <message>``."""
    assert "Traceback" not in result.stderr + result.stdout
    assert (result.returncode, result.stderr.splitlines()) == (1, [f"error: {message}"])


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The two notices ingested once; each test gets its own copy."""
    folder = tmp_path_factory.mktemp("template")
    db = folder / "corpus.db"
    result = mednotice(db, "ingest", str(SAMPLES / QINGCHENG), str(SAMPLES / XIANNING))
    assert result.returncode == 0, result.stderr
    assert "added 2, duplicates 0, failed 0; 2 notices in the store" in result.stderr
    return db


@pytest.fixture
def db(template, tmp_path) -> Path:
    for path in template.parent.glob(template.name + "*"):  # the file, and its -wal and -shm if left
        shutil.copy(path, tmp_path / path.name)
    return tmp_path / template.name


def ids(lines: list[str]) -> list[str]:
    """The parameter ids ``show`` lists, in order."""
    return [m.group(1) for m in (re.match(r"  #(\S+) ", line) for line in lines) if m]


def line_of(lines: list[str], pid: str) -> str:
    (found,) = [line for line in lines if line.startswith(f"  #{pid} ")]
    return found


def history(lines: list[str]) -> list[tuple[int, str]]:
    """(correction id, the rest after the author) of each history line."""
    out = []
    for line in lines:
        m = re.match(r"\s*(\d+)  \d{4}-\d\d-\d\d \d\d:\d\d  notice \d+  \S+\s+(.*)$", line)
        assert m, line
        out.append((int(m.group(1)), m.group(2)))
    return out


def exported(db: Path, tmp_path: Path, *options: str) -> list[dict]:
    out = tmp_path / f"export{len(list(tmp_path.glob('export*')))}.csv"
    result = mednotice(db, "export", "--format", "csv", "--out", str(out), *options)
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


# --- naming a parameter; correcting it --------------------------------------------------------------


def test_show_lists_ids_and_a_field_shared_by_two_parameters_must_be_named_by_id(db):
    shown = ok(mednotice(db, "show", "1"))
    assert shown[0].startswith(f"{QINGCHENG}  (txt, sha256 ")
    assert ids(shown) == ["1", "2", "3", "4", "5", "6"]
    assert re.match(r"  #1 +contribution\.individual +120 元 .*«个人参合资金按每人每年120元»$", line_of(shown, "1"))
    assert re.match(r"  #2 +contribution\.individual +130 元 .*«个人参合资金按130元/人»$", line_of(shown, "2"))

    # Two parameters share field and scope: one line lists both, and says how to name one.
    failed(mednotice(db, "correct", "1", "--field", "contribution.individual", "--value", "125"),
           "notice 1 has 2 contribution.individual []: #1 120 元 «个人参合资金按每人每年120元»; "
           "#2 130 元 «个人参合资金按130元/人» — name one with --param")
    # notice.document as list prints it says the document too
    failed(mednotice(db, "correct", "1.0", "--field", "contribution.individual", "--value", "125"),
           "notice 1 document 0 has 2 contribution.individual []: #1 120 元 «个人参合资金按每人每年120元»; "
           "#2 130 元 «个人参合资金按130元/人» — name one with --param")
    failed(mednotice(db, "correct", "2", "--field", "assistance.contribution_subsidy", "--scope",
                     "population=stable_alleviated", "--value", "85"),
           "notice 2 has 2 assistance.contribution_subsidy [population=stable_alleviated]: "
           "#22 80 % «资助标准的80%»; #23 128 元 «资助标准的80%（128元» — name one with --param")

    assert ok(mednotice(db, "correct", "1", "--param", "1", "--value", "125", "--note", "typo", "--by", "ana")) == [
        "correction 1: corrected #1 contribution.individual: value 120 → 125"]
    # Where field and scope name one parameter, they are enough.
    assert ok(mednotice(db, "correct", "2", "--field", "subsidy.per_capita", "--value", "620")) == [
        "correction 2: corrected #8 subsidy.per_capita: value 610 → 620"]

    shown = ok(mednotice(db, "show", "1"))
    assert ids(shown) == ["1", "2", "3", "4", "5", "6"]
    assert re.match(r"  #1 +contribution\.individual +125 元 .*«个人参合资金按每人每年120元» \(corrected\)$", line_of(shown, "1"))
    assert line_of(shown, "2").endswith("«个人参合资金按130元/人»")


def test_reject_accept_and_add(db):
    assert ok(mednotice(db, "correct", "1", "--param", "#2", "--reject", "--note", "said twice")) == [
        "correction 1: rejected #2 contribution.individual"]
    failed(mednotice(db, "correct", "1", "--param", "2", "--value", "5"),
           "parameter #2 was rejected by correction 1: undo that first")
    failed(mednotice(db, "correct", "1", "--param", "3", "--reject", "--value", "5"),
           "--reject changes nothing: leave out --value, or correct without it")
    assert ok(mednotice(db, "correct", "1", "--param", "4", "--accept")) == [
        "correction 2: accepted #4 enrollment.coverage_rate_target"]
    failed(mednotice(db, "correct", "1", "--param", "4", "--accept"), "#4 is already accepted")

    # An addition needs --field, --value and --unit; its scope is --scope.
    for missing in (["--field", "financing.total", "--value", "300"], ["--field", "financing.total", "--unit", "元"],
                    ["--value", "300", "--unit", "元"]):
        failed(mednotice(db, "correct", "1", "--add", *missing), "an added parameter needs --field, --value and --unit")
    failed(mednotice(db, "correct", "1", "--add", "--field", "financing.total", "--value", "300", "--unit", "%"),
           "unit % does not fit financing.total: its units are 元")
    failed(mednotice(db, "correct", "1", "--add", "--field", "contribution.individual", "--value", "50", "--unit", "元",
                     "--set-scope", "population=dibao"),
           "--add makes a new parameter: give its scope with --scope, and no --param or --set-scope")
    assert ok(mednotice(db, "correct", "1", "--add", "--field", "financing.total", "--value", "300", "--unit", "元",
                        "--note", "in the table")) == ["correction 3: added #a3 financing.total [] = 300 元"]
    failed(mednotice(db, "correct", "1", "--add", "--field", "financing.total", "--value", "300", "--unit", "元"),
           "notice 1 already has #a3 financing.total [] = 300 元: correct that one instead")
    assert ok(mednotice(db, "correct", "1", "--add", "--field", "contribution.individual", "--value", "0", "--unit", "元",
                        "--scope", "population=tekun", "--year", "none", "--qualifier", "全额")) == [
        "correction 4: added #a4 contribution.individual [population=tekun] = 0 元"]
    # An added parameter is corrected by its id.
    assert ok(mednotice(db, "correct", "1", "--param", "a3", "--value", "310")) == [
        "correction 5: corrected #a3 financing.total: value 300 → 310"]

    shown = ok(mednotice(db, "show", "1"))
    assert ids(shown) == ["1", "3", "4", "5", "6", "a3", "a4"]
    assert line_of(shown, "4").endswith("«参合率以村为单位必须达到98%» (accepted)")
    # An addition takes the policy year unless told otherwise.
    assert re.match(r"  #a3 +financing\.total +310 元 +2016 +added by hand: in the table$", line_of(shown, "a3"))
    assert re.match(r"  #a4 +contribution\.individual +0 元 +population=tekun +全额 +added by hand$", line_of(shown, "a4"))
    # The rejected parameter is said, with who rejected it and why.
    assert "  rejected #2 contribution.individual 130 元 (correction 1, tester: said twice)" in shown


# One line on stderr, exit code 1, no traceback, for each kind of wrong input (every message of the
# checks themselves is in test_correction_rules.py: here, one of each path through the commands).
WRONG = [
    (["correct", "1", "--param", "1", "--set-scope", "insured_group=老年人"],
     "insured_group=老年人 is not in the vocabulary: insured_group is one of elderly, elderly_70_plus, elderly_60_69, "
     "working_age, adults, minors, students, university_students, other"),
    (["correct", "1", "--param", "1", "--set-scope", "insured_group"],
     "scope insured_group: write it as key=value, e.g. insured_group=minors"),
    (["correct", "1", "--param", "1", "--set-scope", "insured_group=minors,insured_group=adults"],
     "scope insured_group=minors,insured_group=adults: insured_group is given twice; "
     "a parameter has one value of each scope key"),
    (["correct", "1", "--param", "1", "--value", "abc"], 'value "abc" is not a number (unit 元)'),
    (["correct", "1", "--param", "1", "--value", "-5"], "value -5 is not a figure of 元: it must be finite and not negative"),
    (["correct", "1", "--param", "1", "--year", "abc"], "abc is not a year — a year such as 2024, or none"),
    (["correct", "1", "--param", "1", "--value", "120"], "#1 already reads value 120"),
    (["correct", "1", "--param", "1"],
     "say what changes (--value, --unit, --set-scope, --year, --qualifier), or --reject, --accept, --add"),
    (["correct", "1", "--value", "3"],
     "name the parameter: --param ID (mednotice show lists the ids), or --field and --scope"),
    (["correct", "1", "--param", "99", "--value", "3"], "notice 1 has no parameter #99 (mednotice show 1 lists them)"),
    (["correct", "1", "--param", "7", "--reject"], "parameter #7 belongs to notice 2, not 1"),
    (["correct", "1", "--param", "1", "--field", "subsidy.per_capita", "--value", "3"],
     "parameter #1 is contribution.individual, not subsidy.per_capita"),
    (["correct", "1.1", "--param", "1", "--value", "3"], "parameter #1 is in document 0, not 1"),
    (["correct", "1", "--field", "subsidy.per_capita", "--value", "3"],
     "notice 1 has no subsidy.per_capita [] (mednotice show 1 lists its parameters)"),
    # a notice that is not in the store
    (["correct", "99", "--param", "1", "--value", "3"], "no notice 99 in the store"),
    (["correct", "99", "--field", "contribution.individual", "--value", "3"], "no notice 99 in the store"),
    (["correct", "99", "--add", "--field", "financing.total", "--value", "3", "--unit", "元"], "no notice 99 in the store"),
    (["meta", "99"], "no notice 99 in the store"),
    (["meta", "99", "--region", "福州市鼓楼区"], "no notice 99 in the store"),
    (["remove", "99"], "no notice 99 in the store"),
    (["remove", "99", "--yes"], "no notice 99 in the store"),
    (["history", "99"], "no notice 99 in the store"),
    (["show", "99"], "no notice 99 in the store"),
    (["undo", "99"], "no correction 99 in the store"),
    # metadata
    (["meta", "1", "--region", "鼓楼区"],
     "鼓楼区 names 4 regions (江苏省南京市鼓楼区, 江苏省徐州市鼓楼区, 福建省福州市鼓楼区, 河南省开封市鼓楼区): write it with its parent"),
    (["meta", "1", "--region", ""], '"" is not a region the region list knows'),
    (["meta", "1", "--city", "沈阳市"],
     "沈阳市 is in 辽宁省, not 甘肃省: give the region as one name (--region 沈阳市) to set them together"),
    (["meta", "1", "--doc-number", "xyz"], "文号 xyz is not a 文号 such as 忻医保发〔2023〕10号"),
    (["meta", "1", "--issue-date", "2023-02-30"], "issue date 2023-02-30 is not an ISO date such as 2023-08-30"),
    (["meta", "1", "--region", "庆阳市庆城县"], "notice 1 document 0 already reads province 甘肃省, city 庆阳市, county 庆城县, level county"),
    (["meta", "1", "--note", "why"], "a note goes with a correction: say what changes (mednotice meta --help)"),
    (["meta", "1", "--copy-of", "1"], "notice 1 cannot be a copy of itself"),
    (["meta", "1", "--copy-of", "99"], "no notice 99 in the store"),
    (["meta", "1", "--include"], "notice 1 is not excluded"),
    (["meta", "1", "--county", "鼓楼区"],
     "鼓楼区 is in 江苏省南京市、江苏省徐州市、河南省开封市、福建省福州市, not 甘肃省庆阳市: give the region as one name "
     "(--region 南京市鼓楼区) to set them together"),
    (["history", "2", "--param", "1"], "parameter #1 belongs to notice 1, not 2"),
]


def test_a_command_that_fails_writes_nothing_of_what_it_was_asked(db):
    """A metadata edit with a copy mark that names no notice: refused whole, not half written."""
    failed(mednotice(db, "meta", "1", "--region", "庆阳市", "--copy-of", "99"), "no notice 99 in the store")
    assert mednotice(db, "history").stderr == "0 corrections\n"


def test_a_parameter_whose_addition_was_undone_is_named_as_such(db):
    assert ok(mednotice(db, "correct", "1", "--add", "--field", "financing.total", "--value", "300", "--unit", "元")) == [
        "correction 1: added #a1 financing.total [] = 300 元"]
    ok(mednotice(db, "undo", "1"))
    failed(mednotice(db, "correct", "1", "--param", "a1", "--value", "310"),
           "parameter #a1 was added by correction 1, which correction 2 undid (undo 2 to bring it back)")
    # A correction of it made before the undo applies to nothing now: show says so, and how to undo the undo.
    ok(mednotice(db, "undo", "2"))
    ok(mednotice(db, "correct", "1", "--param", "a1", "--reject"))
    ok(mednotice(db, "undo", "1"))
    assert ok(mednotice(db, "show", "1"))[-1] == (
        "orphaned correction 4: rejected #a1 financing.total — the parameter it is about was added by correction 1, "
        "which correction 5 undid: undo 5 to bring both back")


@pytest.mark.parametrize("args, message", WRONG, ids=[" ".join(a) for a, _ in WRONG])
def test_wrong_input_is_one_line(db, args, message):
    failed(mednotice(db, *args), message)


def test_wrong_input_leaves_the_store_as_it_was(db):
    for args in (["correct", "1", "--param", "1", "--set-scope", "insured_group=老年人"],
                 ["meta", "1", "--region", "鼓楼区"]):
        assert mednotice(db, *args).returncode == 1
    result = mednotice(db, "history")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "0 corrections\n")


# --- undo and history -------------------------------------------------------------------------------------


def test_undo_undo_again_and_history(db):
    assert ok(mednotice(db, "correct", "2", "--param", "22", "--reject", "--note", "the 元 row says it", "--by", "ana")) == [
        "correction 1: rejected #22 assistance.contribution_subsidy"]
    assert ok(mednotice(db, "correct", "2", "--param", "23", "--value", "130")) == [
        "correction 2: corrected #23 assistance.contribution_subsidy: value 128 → 130"]
    assert ok(mednotice(db, "undo", "1", "--by", "bo")) == ["correction 3: undone correction 1 (notice 2)"]
    failed(mednotice(db, "undo", "1"), "correction 1 is already undone")
    assert "#22" in "\n".join(ok(mednotice(db, "show", "2")))

    # An undo of the undo: the reject stands again.
    assert ok(mednotice(db, "undo", "3")) == ["correction 4: undone correction 3 (notice 2)"]
    failed(mednotice(db, "undo", "3"), "correction 3 is already undone")
    shown = ok(mednotice(db, "show", "2"))
    assert "22" not in ids(shown) and "(corrected)" in line_of(shown, "23")

    assert history(ok(mednotice(db, "history", "2"))) == [
        (1, "rejected #22 assistance.contribution_subsidy  — the 元 row says it"),
        (2, "corrected #23 assistance.contribution_subsidy: value 128 → 130"),
        (3, "undone correction 1  [undone]"),
        (4, "undone correction 3"),
    ]
    lines = ok(mednotice(db, "history", "2"))
    # who: --by, else $MEDNOTICE_USER
    assert " ana " in lines[0] and " bo " in lines[2] and " tester " in lines[1]

    # Once more: the reject is taken back, and --param shows its history with the marks, the undo of
    # an undo included.
    assert ok(mednotice(db, "undo", "1")) == ["correction 5: undone correction 1 (notice 2)"]
    assert "22" in ids(ok(mednotice(db, "show", "2")))
    result = mednotice(db, "history", "2", "--param", "22")
    assert history(ok(result)) == [
        (1, "rejected #22 assistance.contribution_subsidy  [undone]  — the 元 row says it"),
        (3, "undone correction 1  [undone]"),
        (4, "undone correction 3"),
        (5, "undone correction 1"),
    ]
    assert result.stderr == "4 corrections\n"
    assert history(ok(mednotice(db, "history", "2", "--param", "#23"))) == [
        (2, "corrected #23 assistance.contribution_subsidy: value 128 → 130")]


def test_history_of_a_parameter_leaves_out_the_undo_of_a_correction_with_its_number(db):
    ok(mednotice(db, "correct", "1", "--param", "4", "--accept"))  # correction 1, of parameter #4
    ok(mednotice(db, "undo", "1"))  # correction 2: "undone correction 1"
    # Parameter #1 has no correction; correction 1 is of parameter #4.
    assert history(ok(mednotice(db, "history", "1", "--param", "1"))) == []


# --- metadata, copies, exclusion ------------------------------------------------------------------------------


def test_meta_region_doc_number_copy_and_exclusion(db, tmp_path):
    assert ok(mednotice(db, "meta", "1")) == [
        "document 0: 关于做好2016年度农民参合资金收缴工作的通知",
        "  no 文号 · 马岭镇 · 甘肃省庆阳市庆城县 · county · 2016 · issued ?",
    ]
    assert ok(mednotice(db, "meta", "1", "--region", "福州市鼓楼区", "--doc-number", "庆医发【2016】3号",
                        "--note", "the notice names the wrong county")) == [
        "correction 1: metadata of document 0: city 庆阳市 → 福州市, county 庆城县 → 鼓楼区, "
        "doc_number — → 庆医发〔2016〕3号, province 甘肃省 → 福建省"]
    assert ok(mednotice(db, "meta", "1", "--region", "锡林郭勒盟")) == [
        "correction 2: metadata of document 0: city 福州市 → 锡林郭勒盟, county 鼓楼区 → —, level county → city, "
        "province 福建省 → 内蒙古自治区"]
    assert ok(mednotice(db, "undo", "2")) == ["correction 3: undone correction 2 (notice 1)"]
    assert ok(mednotice(db, "meta", "1", "--copy-of", "2")) == ["correction 4: copy of notice 2"]
    failed(mednotice(db, "meta", "2", "--copy-of", "1"), "notice 1 is a copy of notice 2: mark it the other way round")
    assert ok(mednotice(db, "meta", "2", "--exclude", "--note", "not about resident insurance")) == [
        "correction 5: excluded from comparisons and exports"]
    failed(mednotice(db, "meta", "2", "--exclude"), "notice 2 is already excluded")

    assert ok(mednotice(db, "meta", "1")) == [
        "document 0: 关于做好2016年度农民参合资金收缴工作的通知",
        "  庆医发〔2016〕3号 · 马岭镇 · 福建省福州市鼓楼区 · county · 2016 · issued ?",
        "copy of notice 2",
    ]
    assert ok(mednotice(db, "meta", "2"))[-1] == "excluded: not about resident insurance"
    shown = ok(mednotice(db, "show", "2"))
    assert shown[1] == "excluded from comparisons and exports: not about resident insurance"
    shown = ok(mednotice(db, "show", "1"))
    assert shown[1:5] == ["copy of notice 2: comparisons count that one", "", "关于做好2016年度农民参合资金收缴工作的通知",
                          "  庆医发〔2016〕3号 · 马岭镇 · 福建省福州市鼓楼区 · county · 2016 · issued ?"
                          "  (corrected: city, county, doc_number, province)"]

    listed = ok(mednotice(db, "list"))
    assert len(listed) == 2
    assert listed[0].startswith("    1.0  2016  福建省福州市鼓楼区") and "庆医发〔2016〕3号" in listed[0]
    assert listed[0].endswith("关于做好2016年度农民参合资金收缴工作的通知  (copy of 2)")
    assert listed[1].startswith("    2.0  2022  湖北省咸宁市")
    assert listed[1].endswith("关于做好2022年城乡居民基本医疗保障工作的通知  (excluded: not about resident insurance)")

    # Exports leave the excluded notice out, unless asked; --raw is the store as extracted.
    rows = exported(db, tmp_path)
    assert {r["notice_id"] for r in rows} == {"1"} and len(rows) == 6
    assert {(r["province"], r["county"], r["doc_number"]) for r in rows} == {("福建省", "鼓楼区", "庆医发〔2016〕3号")}
    rows = exported(db, tmp_path, "--include-excluded")
    assert sorted({r["notice_id"] for r in rows}) == ["1", "2"] and len(rows) == 6 + 19
    rows = exported(db, tmp_path, "--raw")
    assert sorted({r["notice_id"] for r in rows}) == ["1", "2"] and len(rows) == 6 + 19
    assert {(r["province"], r["county"], r["doc_number"]) for r in rows if r["notice_id"] == "1"} == {("甘肃省", "庆城县", "")}

    assert ok(mednotice(db, "meta", "2", "--include")) == ["correction 6: included again"]
    assert "(excluded" not in ok(mednotice(db, "list"))[1]
    assert sorted({r["notice_id"] for r in exported(db, tmp_path)}) == ["1", "2"]


def test_a_corrected_policy_year_says_which_figures_follow_it(db, tmp_path):
    """003 states 2022 for most of its figures and 2023 for three; five have no year of their own."""
    before = [r for r in exported(db, tmp_path) if r["notice_id"] == "2"]
    assert ok(mednotice(db, "meta", "2", "--year", "2021")) == [
        "correction 1: metadata of document 0: policy_year 2022 → 2021",
        "  5 figures dated by the policy year now of 2021; a figure whose year the notice states keeps its year"]
    after = [r for r in exported(db, tmp_path) if r["notice_id"] == "2"]
    moved = {r["parameter_id"] for r in after if r["year"] == "2021"}
    assert len(moved) == 5 and {r["policy_year"] for r in after} == {"2021"}
    assert {(r["parameter_id"], r["year"]) for r in before if r["parameter_id"] not in moved} == \
        {(r["parameter_id"], r["year"]) for r in after if r["parameter_id"] not in moved}
    assert ok(mednotice(db, "undo", "1")) == ["correction 2: undone correction 1 (notice 2)"]
    assert [(r["parameter_id"], r["year"]) for r in exported(db, tmp_path) if r["notice_id"] == "2"] == \
        [(r["parameter_id"], r["year"]) for r in before]


# --- remove ------------------------------------------------------------------------------------------------------


def test_remove_says_what_would_go_then_what_it_took(db):
    ok(mednotice(db, "correct", "1", "--param", "1", "--value", "125"))
    ok(mednotice(db, "correct", "1", "--param", "2", "--reject"))
    ok(mednotice(db, "meta", "2", "--copy-of", "1"))
    # Without --yes: what would go, and nothing removed.
    failed(mednotice(db, "remove", "1"), f"notice 1 ({QINGCHENG}) would go with 1 document, 6 extracted parameters and "
                                         "2 corrections: add --yes to remove it")
    assert ok(mednotice(db, "remove", "1", "--yes")) == [
        f"removed notice 1 ({QINGCHENG}) with 1 document, 6 extracted parameters and 2 corrections; "
        "notice 2 was a copy of it and is now a notice of its own"]
    listed = ok(mednotice(db, "list"))
    assert len(listed) == 1 and listed[0].startswith("    2.0  ") and "(copy of" not in listed[0]
    failed(mednotice(db, "remove", "1", "--yes"), "no notice 1 in the store")
    failed(mednotice(db, "history", "1"), "no notice 1 in the store")
    # The copy mark that named the removed notice is taken back in the copy's history, by mednotice.
    lines = ok(mednotice(db, "history", "2"))
    assert history(lines) == [(3, "copy of notice 1"), (4, "not a copy of another notice  — notice 1 was removed")]
    assert " tester " in lines[0] and " mednotice " in lines[1]
    assert ok(mednotice(db, "remove", "2", "--yes")) == [
        f"removed notice 2 ({XIANNING}) with 1 document, 19 extracted parameters and 2 corrections"]
