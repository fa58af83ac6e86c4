"""Consistency checks: a warning names the figures that disagree; agreeing figures give none.

Where the cases come from (``git log -S`` on their text): all were written for the test with
the checks themselves (df249bc; "value out of range" changed in 0dc62a4), none caught later.
The bundled notices agree with themselves, so a disagreement has to be made: most cases are a
bundled notice's sentence with one figure changed.  The last test runs on the bundled notices.
"""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.pipeline import from_raw
from extractor.readers.base import RawText
from pathlib import Path

HEAD = "关于做好2023年城乡居民基本医疗保障工作的通知\n各有关单位：\n现就有关事项通知如下：\n"
ROOT = Path(__file__).resolve().parent.parent


def checks_of(body: str):
    doc = from_raw(RawText(text=HEAD + body, format="txt"), "case.txt").documents[0]
    return [(c.id, c.message, c.parameters) for c in doc.checks]


# Written for the test: "levels do not add up" is notice 000's sentence with 县级补助 102 → 100;
# "share times total…" and "deadline far…" take 000's wording with a figure or year changed;
# "previous plus increase" 004's 新增 and a 由…提高到; "value out of range" a made-up figure;
# "agreeing figures give no warning" notice 001's own figures, which add up.
CASES = [
    pytest.param(
        "一、人均财政补助标准达到640元。一般县中央补助384元、省补助128元、市级补助26元、县级补助100元。",
        [("levels_sum", "各级财政补助之和 638 与人均财政补助 640 不符",
          ("subsidy.central[county_type=general]=384", "subsidy.province[county_type=general]=128",
           "subsidy.city[county_type=general]=26", "subsidy.county[county_type=general]=100", "subsidy.per_capita=640"))],
        id="levels do not add up",
    ),
    pytest.param(
        "一、人均财政补助标准达到640元。一般县中央财政负担60%。一般县中央补助380元。",
        [("central_share", "中央负担比例 60% × 人均财政补助 640 = 384，而中央补助为 380",
          ("subsidy_share.central[county_type=general]=60", "subsidy.per_capita=640", "subsidy.central[county_type=general]=380"))],
        id="share times total is not the amount",
    ),
    pytest.param(
        "一、人均财政补助标准新增20元。人均财政补助标准由550元提高到580元。",
        [("subsidy_increase", "原标准 550 + 新增 20 = 570，而新标准为 580",
          ("subsidy.per_capita=580", "subsidy.per_capita_increase=20"))],
        id="previous plus increase",
    ),
    pytest.param(
        "一、财政补助资金原则上应于2026年9月15日前拨付到位。",
        [("deadline_year", "日期 2026-09-15 与政策年度 2023 相差超过一年", ("subsidy.disbursement_deadline=2026-09-15",))],
        id="deadline far from the policy year",
    ),
    pytest.param(
        "一、个人缴费标准为每人8000元。",
        [("range", "个人缴费标准 8000元 超出常见范围 0–5000，未标注", ("contribution.individual=8000",))],
        id="value out of range",
    ),
    pytest.param(
        "一、人均财政补助标准达到580元，其他一般县中央财政补助348元，省级财政补助116元，市、县两级财政补助各58元。",
        [],
        id="agreeing figures give no warning",
    ),
]


@pytest.mark.parametrize("body, expected", CASES)
def test_checks(body, expected):
    assert checks_of(body) == expected


def test_corpus_notices_are_consistent():
    for path in sorted((ROOT / "corpus" / "samples").glob("*.txt")):
        for doc in extract(path).documents:
            assert not doc.checks, (path.name, doc.checks)


# Checks as constraints while binding (written for the test, two wordings each): a figure outside
# its field's plausible range goes to the next cue or stays unlabelled; a level whose removal makes
# the levels add up to the total is taken back, with a warning.
def _doc(body: str):
    return from_raw(RawText(text=HEAD + body, format="txt"), "case.txt").documents[0]


@pytest.mark.parametrize("body", [
    "一、居民医保人均财政补助标准为30.5元。",
    "一、本年度财政补助标准每人每年12元，用于支付方式改革。",
])
def test_a_figure_outside_its_range_is_not_bound(body):
    doc = _doc(body)
    assert not [p for p in doc.parameters if p.field == "subsidy.per_capita"]
    assert [q.value for q in doc.quantities if q.unit == "元"]


@pytest.mark.parametrize("body, taken", [
    ("一、人均财政补助标准为640元。其中中央补助384元、省级补助128元、市级补助26元、县级补助102元、市县补助50元。", 50),
    ("一、各地居民医保人均财政补助达到700元，中央财政补助420元，省级财政补助140元，市县补助60元，市级财政补助140元。", 60),
])
def test_a_level_the_sum_does_not_need_is_taken_back(body, taken):
    doc = _doc(body)
    assert taken not in [p.value for p in doc.parameters if p.field.startswith("subsidy.")]
    assert taken in [q.value for q in doc.quantities]
    assert [c.id for c in doc.checks] == ["reconsidered"]


def test_a_level_taken_back_is_kept_as_written():
    doc = _doc("一、人均财政补助标准为640元。其中中央补助384元、省级补助128元、市级补助26元、县级补助102元、市县补助50元。")
    (taken,) = [q for q in doc.quantities if q.value == 50]
    assert (taken.kind, taken.text, taken.unit) == ("money", "50元", "元")
