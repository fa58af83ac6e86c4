"""The golden updater (scripts/update_golden.py): its diff, and its refusal to write past a score drop.

The records and scores here are written for the test: small enough to see every
line the diff should print.  No test writes into tests/golden; writes go to tmp_path.
"""

from __future__ import annotations

import copy
import doctest
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("update_golden", ROOT / "scripts" / "update_golden.py")
golden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(golden)


def param(field, value, start, rule, **more):
    """A parameter as the golden files hold it, with only what the diff looks at."""
    p = {"field": field, "scope": {"insured_group": "students"}, "value": value, "unit": "元", "year": 2022,
         "qualifier": None, "evidence": f"每人{value}元", "span": {"start": start, "end": start + 3},
         "rule": rule}
    p.update(more)
    return p


def record(parameters, year=2022, sections=("筹资标准",)):
    sections = [{"number": str(i + 1), "path": str(i + 1), "title": t, "children": []} for i, t in enumerate(sections)]
    meta = {"policy_year": year, "city": "广州市"}
    return {"source": "n.txt", "documents": [{"meta": meta, "sections": sections, "parameters": parameters}]}


OLD = record([
    param("contribution.individual", 363, 10, "contribution.individual#before0"),
    param("subsidy.per_capita", 842, 20, "subsidy.per_capita#before1"),
    param("contribution.base", 49785, 30, "contribution.base#0"),
    param("payment_deadline", "2021-12-31", 40, "payment_deadline#0", unit="date"),
])
NEW = record([
    param("contribution.individual", 380, 10, "contribution.individual#before0", qualifier="不低于"),
    param("subsidy.per_capita", 842, 20, "subsidy.per_capita#r12"),
    param("contribution.base", 49785, 30, "contribution.base#0"),
    param("subsidy.per_capita", 722, 50, "subsidy.per_capita#r12", scope={"insured_group": "other"}),
], year=2023, sections=("筹资标准", "待遇"))
FRESH_SCORES = {"seeds": {"core_f1": 1.0, "meta_acc": 1.0}, "dev": {"core_f1": 0.7338, "meta_acc": 0.8071}}


def test_doctests_of_the_helpers():
    result = doctest.testmod(golden)
    assert result.attempted and not result.failed


def test_parameters_pair_by_field_scope_and_span():
    old, new = OLD["documents"][0]["parameters"], NEW["documents"][0]["parameters"]
    d = golden.diff_parameters(old, new)
    assert [p["value"] for p in d.added] == [722]
    assert [p["value"] for p in d.removed] == ["2021-12-31"]
    assert [(o["value"], n["value"], what) for o, n, what in d.changed] == [(363, 380, ["evidence", "qualifier", "value"])]
    assert [(o["rule"], n["rule"]) for o, n in d.rule_only] == [("subsidy.per_capita#before1", "subsidy.per_capita#r12")]


def test_record_diff_lists_each_change_and_sums_up_rule_ids():
    lines = golden.record_lines(OLD, NEW)
    assert lines == [
        "+ subsidy.per_capita {insured_group=other} 722 元 year=2022 qualifier=- «每人722元»",
        '- payment_deadline {insured_group=students} "2021-12-31" date year=2022 qualifier=- «每人2021-12-31元»',
        "~ contribution.individual {insured_group=students} 380 元 year=2022 qualifier=不低于 «每人380元»: "
        "evidence '每人363元' → '每人380元'; qualifier null → '不低于'; value 363 → 380",
        "meta policy_year: 2022 → 2023",
        "section + 2 '待遇'",
        "rule id only: 1 parameters (subsidy.per_capita#before1 → subsidy.per_capita#r12)",
    ]


def test_rule_ids_alone_are_one_line():
    renumbered = copy.deepcopy(OLD)
    for i, p in enumerate(renumbered["documents"][0]["parameters"]):
        p["rule"] = f"r{i}"
    assert golden.record_lines(OLD, renumbered) == [
        "rule id only: 4 parameters (contribution.individual#before0 → r0, subsidy.per_capita#before1 → r1, "
        "contribution.base#0 → r2, …)"
    ]


def test_text_before_the_parameters_changed_moves_them_in_one_line():
    shifted = copy.deepcopy(OLD)
    for p in shifted["documents"][0]["parameters"]:
        p["span"] = {"start": p["span"]["start"] + 2, "end": p["span"]["end"] + 2}
    assert golden.record_lines(OLD, shifted) == ["moved only: 4 parameters, span shifted by +2"]


def test_same_record_no_lines():
    assert golden.golden_diff({"n": OLD}, {"n": copy.deepcopy(OLD)}) == {}


def test_a_drop_is_refused_naming_set_and_metric():
    measured = {"seeds": {"core_f1": 1.0, "meta_acc": 1.0}, "dev": {"core_f1": 0.70, "meta_acc": 0.8071}}
    ok, drops = golden.may_write(FRESH_SCORES, measured)
    assert not ok
    assert drops == ["dev: core_f1 dropped 0.7338 → 0.7000"]


def test_a_drop_passes_with_accept_drop():
    measured = {"seeds": {"core_f1": 0.9, "meta_acc": 1.0}, "dev": FRESH_SCORES["dev"]}
    assert golden.may_write(FRESH_SCORES, measured, accept_drop=True) == (True, ["seeds: core_f1 dropped 1.0000 → 0.9000"])


def test_a_rise_or_a_first_measurement_is_no_drop():
    risen = {"seeds": FRESH_SCORES["seeds"], "dev": {"core_f1": 0.8, "meta_acc": 0.9}}
    assert golden.may_write(FRESH_SCORES, risen) == (True, [])
    assert golden.may_write(None, risen) == (True, [])


@pytest.fixture
def fake_run(tmp_path, monkeypatch):
    """A golden folder holding OLD and FRESH_SCORES; extraction gives NEW; the scores are what the test sets."""
    out = tmp_path / "golden"
    out.mkdir()
    (out / "n.json").write_text(golden.render(OLD), "utf-8")
    (out / golden.SCORES_FILE).write_text(golden.render_scores(FRESH_SCORES), "utf-8")
    monkeypatch.setattr(golden, "collect_records", lambda: {"n": copy.deepcopy(NEW)})
    monkeypatch.setattr(golden, "eval_sets", lambda shared: dict.fromkeys(FRESH_SCORES, (shared, shared)))
    measured = {}
    monkeypatch.setattr(golden, "measure_scores", lambda sets: copy.deepcopy(measured))
    return out, measured


def files(out: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted(out.iterdir())}


def test_main_refuses_to_write_when_a_score_drops(fake_run, capsys):
    out, measured = fake_run
    measured.update(FRESH_SCORES, dev={"core_f1": 0.70, "meta_acc": 0.8071})
    before = files(out)
    assert golden.main(["--out", str(out)]) == 1
    assert files(out) == before
    err = capsys.readouterr().err
    assert "refusing to write" in err and "dev: core_f1 dropped 0.7338 → 0.7000" in err


def test_main_writes_with_accept_drop(fake_run):
    out, measured = fake_run
    measured.update(FRESH_SCORES, dev={"core_f1": 0.70, "meta_acc": 0.8071})
    assert golden.main(["--out", str(out), "--accept-drop"]) == 0
    assert json.loads((out / "n.json").read_text("utf-8")) == NEW
    assert json.loads((out / golden.SCORES_FILE).read_text("utf-8"))["dev"]["core_f1"] == 0.70
    assert golden.main(["--out", str(out), "--check"]) == 0


def test_check_prints_the_diff_and_writes_nothing(fake_run, capsys):
    out, measured = fake_run
    measured.update(FRESH_SCORES)
    before = files(out)
    assert golden.main(["--out", str(out), "--check"]) == 1
    assert files(out) == before
    assert "~ contribution.individual" in capsys.readouterr().out


def test_without_shared_gold_it_warns_and_writes(tmp_path, monkeypatch, capsys):
    out = tmp_path / "golden"
    monkeypatch.setattr(golden, "collect_records", lambda: {"n": copy.deepcopy(NEW)})
    assert golden.main(["--out", str(out), "--shared", str(tmp_path / "no-shared")]) == 0
    assert "no-shared not found" in capsys.readouterr().out
    assert [p.name for p in out.iterdir()] == ["n.json"]
