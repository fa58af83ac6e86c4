"""``explain``: the binder's reasons for each figure, as tables of cases.

Every sentence here is written for the test (none is a notice's). Each stands in the body of
a notice whose policy year is 2023. Pattern ids are asserted by their field (the part before
``#``) where the numbering is the wordings file's business, in full where the test runs the
binder on the same catalog (the winning id is the parameter's rule).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.explain import explain_notice, render
from extractor.figures.binding import Decision, Outcome
from extractor.pipeline import extract, from_raw
from extractor.readers.base import RawText

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "corpus" / "samples").glob("*.txt"))
HEAD = "关于做好2023年城乡居民基本医疗保障工作的通知\n各有关单位：\n现就有关事项通知如下：\n"


def explained(body: str, **kw) -> dict:
    trace: list = []
    notice = from_raw(RawText(text=HEAD + body, format="txt"), "case.txt", trace=trace)
    return explain_notice(notice, trace, **kw)["documents"][0]


def figure(doc: dict, text: str, nth: int = 0) -> dict:
    return [f for f in doc["figures"] if f["figure"] == text][nth]


def field_of(pattern: str) -> str:
    return pattern.partition("#")[0]


# --- how each cue fared ------------------------------------------------------------------------

# (sentence, figure, its n-th occurrence, cue words, cue field, verdict, words the reason holds)
CUES = [
    pytest.param("一、中途参保的，待遇等待期为30天，缴费满30天的次日起享受待遇，等待期内发生的医疗费用不予报销。",
                 "30天", 1, "待遇等待期为", "enrollment.waiting_period", "blocked", "30天", id="blocked by the first 30天"),
    pytest.param("一、中途参保的，待遇等待期为30天，缴费满30天的次日起享受待遇，等待期内发生的医疗费用不予报销。",
                 "30天", 1, "等待期", "enrollment.waiting_period", "too far", "reach 8", id="the other cue: after, too far"),
    pytest.param("一、中途参保的，待遇等待期为30天，自缴费满30天后享受待遇。",
                 "30天", 1, "后享受待遇", "enrollment.waiting_period", "won", None, id="an after-cue wins"),
    pytest.param("一、中途参保的，待遇等待期为30天，自缴费满30天后享受待遇。",
                 "30天", 1, "待遇等待期为", "enrollment.waiting_period", "a nearer cue won", None, id="the before-cue loses to it"),
    pytest.param("一、普通门诊统筹起付标准为每次50元，支付比例为50%。",
                 "50%", 0, "起付标准", "outpatient.deductible", "wrong kind", "takes money, not percent", id="wrong kind"),
    pytest.param("一、普通门诊统筹起付标准为每次50元，支付比例为50%。",
                 "50元", 0, "支付比例", "outpatient.reimbursement_ratio", "wrong kind", "not money", id="wrong kind, the other way"),
    pytest.param("一、居民医保普通门诊统筹支付比例为50%，慢特病门诊支付比例为60%。",
                 "60%", 0, "支付比例", "outpatient.reimbursement_ratio", "avoided", "慢特病", id="avoided"),
    pytest.param("一、医保个人账户不得用于缴纳个人缴费标准以外的费用，缴费基数为49000元。",
                 "49000元", 0, "个人缴费标准", "contribution.individual", "avoided", "缴费基数", id="avoided: 缴费基数"),
    pytest.param("一、普通门诊统筹起付标准为每次50元，支付比例为50%。",
                 "50%", 0, "支付比例", "critical_illness.reimbursement_ratio", "off topic", "大病保险", id="off topic: heading"),
    pytest.param("一、2024年起，居民医保财政人均补贴标准提高到每人每年700元。",
                 "700元", 0, "补贴", "assistance.contribution_subsidy", "off topic", "特困", id="off topic: needs"),
    pytest.param("一、大病保险起付标准为每人每年1.5万元，支付比例为60%。",
                 "60%", 0, "支付比例", "outpatient.reimbursement_ratio", "a nearer cue won", "a cue as near won", id="a tie, priority"),
    pytest.param("一、城乡居民个人缴费标准为每人每年400元；大病保险筹资为每人每年40元。",
                 "40元", 0, "个人缴费标准", "contribution.individual", "across a ；", "characters", id="across a ；"),
    pytest.param("一、城乡居民个人缴费标准为每人每年400元，医疗救助对象的个人缴费由财政按规定给予资助。",
                 "400元", 0, "个人缴费", "contribution.individual", "stands after the figure", None, id="stands after"),
]


@pytest.mark.parametrize("body, text, nth, words, field, verdict, reason", CUES)
def test_each_cue_has_its_verdict(body, text, nth, words, field, verdict, reason):
    entry = figure(explained(body), text, nth)
    fates = [c for c in entry["cues"] if c["words"] == words and c["field"] == field]
    assert fates, [(c["words"], c["pattern"], c["verdict"]) for c in entry["cues"]]
    assert verdict in [c["verdict"] for c in fates], fates
    if reason is not None:
        assert any(reason in (c["why"] or "") for c in fates if c["verdict"] == verdict), fates


def test_a_blocked_figure_is_unlabelled_and_says_why():
    doc = explained("一、中途参保的，待遇等待期为30天，缴费满30天的次日起享受待遇，等待期内发生的医疗费用不予报销。")
    first, second = figure(doc, "30天", 0), figure(doc, "30天", 1)
    assert [p["field"] for p in first["parameters"]] == ["enrollment.waiting_period"]
    assert second["unlabelled"] and not second["parameters"]
    assert second["reason"].startswith("4 cue(s) seen, none fits: blocked (enrollment.waiting_period#")
    assert [b["number"] for b in doc["unlabelled"]] == [second["number"]]
    text = render({"file": "case.txt", "field": None, "at": None, "documents": [doc]})
    assert "— blocked: a figure of the same kind stands between (30天)" in text
    assert "→ unlabelled: 4 cue(s) seen, none fits: blocked" in text


def test_the_winning_pattern_is_the_parameters_rule():
    doc = explained("一、普通门诊统筹起付标准为每次50元，支付比例为50%。")
    for text, field in (("50元", "outpatient.deductible"), ("50%", "outpatient.reimbursement_ratio")):
        entry = figure(doc, text)
        won = [c for c in entry["cues"] if c["verdict"] == "won"]
        assert [c["field"] for c in won] == [field]
        assert [p["rule"] for p in entry["parameters"]] == [won[0]["pattern"]]
        assert won[0]["distance"] in (1, 3) and won[0]["position"] == "before"


# --- misspelt field names ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "body, text, field",
    [
        pytest.param("一、今年居民医保人均财政补肋标准提高到每人每年660元。", "660元", "subsidy.per_capita", id="补肋"),
        pytest.param("一、本统筹区个人缴废标准调整为每人每年420元。", "420元", "contribution.individual", id="缴废"),
    ],
)
def test_a_misspelt_field_name_wins_as_a_fuzzy_candidate(body, text, field):
    entry = figure(explained(body), text)
    assert entry["how"] == "fuzzy" and entry["fuzzy_tried"]
    won = [c for c in entry["fuzzy"] if c["verdict"] == "won"]
    assert [c["pattern"] for c in won] == [f"{field}#fuzzy0"]
    assert [(p["field"], p["rule"]) for p in entry["parameters"]] == [(field, f"{field}#fuzzy0")]


def test_fuzzy_is_not_tried_when_an_exact_cue_won():
    entry = figure(explained("一、城乡居民个人缴费标准调整为每人每年420元。"), "420元")
    assert entry["how"] == "cue" and not entry["fuzzy_tried"] and entry["fuzzy"] == []


# --- outcome: emitted, or why not ----------------------------------------------------------------

@pytest.mark.parametrize(
    "body, text, params, reason",
    [
        pytest.param("一、困难群众参保的资助标准为每人每年200元。", "200元", [],
                     "assistance.contribution_subsidy needs a scope of population: none was found", id="needs a scope"),
        pytest.param("一、2024年起，居民医保财政人均补贴标准提高到每人每年700元。", "700元", [],
                     "none fits: off topic (assistance.contribution_subsidy#", id="a phrase the catalog lacks"),
        pytest.param("一、全市去年共办理异地就医直接结算业务，涉及金额80万元。", "80万元", [],
                     "no cue of any field in its sentence", id="no cue at all"),
        pytest.param("一、居民医保人均财政补助标准增加30元，达到每人每年700元。", "30元",
                     [("subsidy.per_capita_increase", 30, {}, 2023, None)], None, id="the increase"),
        pytest.param("一、居民医保人均财政补助标准增加30元，达到每人每年700元。", "700元",
                     [("subsidy.per_capita", 700, {}, 2023, "达到")], None, id="the new value"),
    ],
)
def test_outcome(body, text, params, reason):
    entry = figure(explained(body), text)
    assert [(p["field"], p["value"], p["scope"], p["year"], p["qualifier"]) for p in entry["parameters"]] == params
    assert entry["unlabelled"] == (not params)
    if reason is None:
        assert entry["reason"] is None
    else:
        assert reason in entry["reason"]


def test_the_increase_is_noted_and_a_previous_value_is_not_bound():
    doc = explained("一、居民医保个人缴费标准由380元提高到400元。")
    old, new = figure(doc, "380元"), figure(doc, "400元")
    assert old["how"] == "previous" and not old["unlabelled"] and "由X提高到Y" in old["reason"]
    assert [(p["field"], p["previous"], p["qualifier"]) for p in new["parameters"]] == [("contribution.individual", 380, "提高到")]
    doc = explained("一、居民医保人均财政补助标准增加30元，达到每人每年700元。")
    assert figure(doc, "30元")["notes"] == [
        "subsidy.per_capita_increase: the increase of subsidy.per_capita (a verb of increase stands before the figure)"
    ]


# --- where the scope came from -------------------------------------------------------------------

# (sentence, figure, scope key, how, chosen, words found)
SCOPES = [
    pytest.param("一、学生儿童、其他居民个人缴费标准分别为每人每年300元、400元。", "300元", "insured_group",
                 "respectively: item 1 of 2", ["minors"], ["学生儿童", "其他居民"], id="分别, first"),
    pytest.param("一、学生儿童、其他居民个人缴费标准分别为每人每年300元、400元。", "400元", "insured_group",
                 "respectively: item 2 of 2", ["other"], ["学生儿童", "其他居民"], id="分别, second"),
    pytest.param("一、对特困人员、低保对象按每人每年200元给予定额资助。", "200元", "population",
                 "list", ["tekun", "dibao"], ["特困人员", "低保对象"], id="a list: one parameter each"),
    pytest.param("一、对特困人员的资助标准为每人每年300元。", "300元", "population",
                 "nearest", ["tekun"], ["特困人员"], id="the nearest"),
    pytest.param("一、城乡居民个人缴费标准调整为每人每年420元。", "420元", "insured_group",
                 "none", [], [], id="none"),
]


@pytest.mark.parametrize("body, text, key, how, chosen, words", SCOPES)
def test_scope_provenance(body, text, key, how, chosen, words):
    entry = figure(explained(body), text)
    source = next(s for s in entry["scope"] if s["key"] == key)
    assert (source["how"], source["chosen"], [f["words"] for f in source["found"]]) == (how, chosen, words)
    assert sorted(p["scope"].get(key) for p in entry["parameters"] if key in p["scope"]) == sorted(chosen)


def test_respectively_pairs_in_the_text_report():
    doc = explained("一、学生儿童、其他居民个人缴费标准分别为每人每年300元、400元。")
    text = render({"file": "case.txt", "field": None, "at": None, "documents": [doc]})
    assert "scope insured_group: other — 分别 pairs: item 2 of 2; found 学生儿童→minors、其他居民→other" in text


# --- where the year came from --------------------------------------------------------------------

# (body, figure, year, where it came from)
YEARS = [
    pytest.param("一、2025年起，城乡居民个人缴费标准调整为每人每年420元。", "420元", 2025,
                 "stated before the figure in its sentence: 2025年起", id="2025年起"),
    pytest.param("一、城乡居民个人缴费标准调整为每人每年420元。", "420元", 2023, "the policy year", id="policy year"),
    pytest.param("一、新标准自2024年1月1日起执行。城乡居民个人缴费标准调整为每人每年420元。", "420元", 2024,
                 "carried: an earlier sentence of the paragraph starts it in 2024", id="carried 自X年起执行"),
    pytest.param("一、财政补助资金原则上应于2024年9月15日前拨付到位。", "2024年9月15日", 2024, "the date's own year", id="a date"),
    # A payment deadline closes the payment for the coverage year: its own year does not count.
    pytest.param("一、参保缴费截止日期为2024年12月31日。", "2024年12月31日", 2023, "the policy year", id="a payment deadline"),
    pytest.param("一、参保居民须于2024年12月底前完成2025年度个人缴费。", "2024年12月底", 2025,
                 "stated after the figure in its clause: 前完成2025年度", id="the year served, after the figure"),
    pytest.param("一、建立普通门诊统筹制度\n（一）普通门诊统筹年度支付限额为500元。\n（二）普通门诊统筹制度自2024年1月1日起实施。",
                 "500元", 2024, "the section's effective year", id="the section's 自X年起实施"),
    pytest.param("一、每年9月至12月为集中缴费期。", "9月至12月", None, "a month range", id="a month range: none"),
]


@pytest.mark.parametrize("body, text, year, source", YEARS)
def test_year_provenance(body, text, year, source):
    entry = figure(explained(body), text)
    assert entry["year"]["year"] == year
    assert entry["year"]["source"].startswith(source) or source in entry["year"]["source"]
    assert entry["parameters"] and all(p["year"] == year for p in entry["parameters"])


# --- the trace tells what the binder did, and costs nothing when not asked for --------------------

@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_traced_run_gives_the_same_notice_and_agrees_with_it(path):
    trace: list = []
    traced, plain = extract(path, trace=trace), extract(path)
    assert traced.model_dump() == plain.model_dump()
    assert len(trace) == len(plain.documents)
    for doc, records in zip(plain.documents, trace):
        outcomes = [r for r in records if isinstance(r, Outcome)]
        assert len(outcomes) == sum(isinstance(r, Decision) for r in records)
        emitted = [p for o in outcomes for p in o.parameters]
        body = [p for p in doc.parameters if not p.rule.endswith(("#table", "#phrase"))]
        assert {(p.field, p.span.start, str(p.value)) for p in body} == {(p.field, p.span.start, str(p.value)) for p in emitted}
        for o in outcomes:
            for p in o.parameters:  # the scope and year explain shows are the ones emitted
                assert p.year == o.year[0]
                assert {k: v for k, v in p.scope.items()} in _combos(o.scopes)


def _combos(sources) -> list[dict]:
    combos: list[dict] = [{}]
    for s in sources:
        if s.chosen:
            combos = [dict(c, **{s.key: v}) for c in combos for v in s.chosen]
    return combos


def test_filters_select_figures():
    body = "一、普通门诊统筹起付标准为每次50元，支付比例为50%。\n二、城乡居民个人缴费标准调整为每人每年420元。"
    assert [f["figure"] for f in explained(body, field="outpatient.deductible")["figures"]] == ["50元"]
    assert [f["figure"] for f in explained(body, at="个人缴费")["figures"]] == ["420元"]
    assert [f["figure"] for f in explained(body, at="个人缴费", field="outpatient.deductible")["figures"]] == []
    # --field lists, as unlabelled, the figures a cue of the field saw but did not get.
    doc = explained("一、中途参保的，待遇等待期为30天，缴费满30天的次日起享受待遇。", field="enrollment.waiting_period")
    assert [f["figure"] for f in doc["figures"]] == ["30天"] and [b["figure"] for b in doc["unlabelled"]] == ["30天"]


# --- the command ---------------------------------------------------------------------------------

def run(*args):
    return subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_field_on_a_bundled_notice_prints_the_winning_pattern():
    path = ROOT / "corpus" / "samples" / "21_beijing_2023.txt"
    rules = {p.rule for d in extract(path).documents for p in d.parameters if p.field == "subsidy.per_capita"}
    assert rules
    result = run("explain", str(path), "--field", "subsidy.per_capita")
    assert result.returncode == 0, result.stderr
    won = [line.split()[2] for line in result.stdout.splitlines() if line.strip().startswith("won ")]
    assert set(won) == rules
    assert "→ subsidy.per_capita = 4290 元 · scope insured_group=elderly · year 2023" in result.stdout
    assert "year: 2023 — stated before the figure in its sentence: 2023年" in result.stdout
    assert "contribution.individual =" not in result.stdout


def test_cli_json(capsys):
    path = ROOT / "corpus" / "samples" / "21_beijing_2023.txt"
    assert main(["explain", str(path), "--at", "财政补助", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    figures = report["documents"][0]["figures"]
    assert figures and all("财政补助" in f["sentence"] for f in figures)
    assert {"figure", "kind", "sentence", "section", "cues", "fuzzy", "parameters", "scope", "year"} <= set(figures[0])


@pytest.mark.parametrize(
    "args, code, words",
    [
        pytest.param(["--field", "subsidy.per_capta"], 2, ["subsidy.per_capta", "did you mean subsidy.per_capita"], id="unknown field"),
        pytest.param(["--field", "nothing"], 2, ["--field nothing", "fields.toml"], id="unknown field, no near one"),
        pytest.param(["--at", " "], 2, ["--at"], id="empty --at"),
    ],
)
def test_cli_bad_options_give_one_error_line(capsys, args, code, words):
    path = ROOT / "corpus" / "samples" / "21_beijing_2023.txt"
    assert main(["explain", str(path), *args]) == code
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and captured.out == ""
    assert all(w in lines[0] for w in words), lines


def test_cli_unknown_field_in_a_real_process():
    result = run("explain", "corpus/samples/21_beijing_2023.txt", "--field", "subsidy.nope")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and "subsidy.nope" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name, content", [("missing.txt", None), ("notice.xyz", b"x"), ("folder", "dir")])
def test_cli_bad_file_gives_one_error_line(tmp_path, capsys, name, content):
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    assert main(["explain", str(path)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}") and captured.out == ""


@pytest.mark.parametrize("body, figure_text, field", [
    # Written for the test: the field named by the clause that opens a list of item lines, and by a section's title.
    ("一、自2025年1月1日起，居民医保分娩医疗费用定额补助标准调整为：\n自然分娩每例1200元；\n剖宫产每例2600元。", "1200元", "maternity.fixed_payment"),
    ("一、个人缴费标准\n低档每人每年390元，高档每人每年720元。", "720元", "contribution.individual"),
])
def test_a_field_named_above_the_figure_says_where(body, figure_text, field):
    doc = explained(body)
    entry = figure(doc, figure_text, 0)
    assert [p["field"] for p in entry["parameters"]] == [field]
    text = render({"file": "case.txt", "field": None, "at": None, "documents": [doc]})
    assert "(named above: the section's title, or the clause that opens the list)" in text
