"""The binder's parts: verbs of change from the one grammar, the fuzzy fallback's guards,
rule ids that name one pattern, and two threads reading at once.

Every sentence here is written for the test (none is a notice's); each construction in at
least two wordings. Expected rows are (field, value, unit, scope, year, qualifier).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from extractor import extract
from extractor.figures.words import patterns
from extractor.grammar import is_change_to

from test_figures import params_of, row

ROOT = Path(__file__).resolve().parent.parent

# Every verb of change the issue lists, each a test in two frames: an increase, then the new
# value in a clause of its own (the second figure goes on with the field of the first).
VERBS = ["提高到", "提高至", "提高为", "上调至", "增长到", "增至", "调增至", "调整为", "达到"]
RAISED = {"提高到", "提高至", "提高为", "上调至", "增长到", "增至", "调增至"}


def _qualifier(verb: str) -> str | None:
    return "达到" if verb == "达到" else "提高到" if verb in RAISED else None


@pytest.mark.parametrize("verb", VERBS)
def test_verb_of_change_after_an_increase_keeps_the_new_value(verb):
    _, _, got = params_of(f"一、本年度居民医保个人缴费标准增加30元，{verb}670元。")
    assert got == {
        row("contribution.individual_increase", 30, "元"),
        row("contribution.individual", 670, "元", qualifier=_qualifier(verb)),
    }


@pytest.mark.parametrize("verb", VERBS)
def test_verb_of_change_with_per_head_words(verb):
    _, _, got = params_of(f"一、各统筹地区居民医保人均财政补助标准新增40元，同步{verb}每人每年700元。")
    assert got == {
        row("subsidy.per_capita_increase", 40, "元"),
        row("subsidy.per_capita", 700, "元", qualifier=_qualifier(verb)),
    }


@pytest.mark.parametrize("verb", [v for v in VERBS if v != "达到"])  # 由X达到Y is not how a change is written
def test_verb_of_change_marks_the_previous_value(verb):
    notice, doc, got = params_of(f"一、大病保险人均筹资标准由65元{verb}80元。")
    assert got == {row("critical_illness.financing", 80, "元", qualifier=_qualifier(verb))}
    assert [p.previous for p in doc.parameters] == [65]


def test_the_grammar_knows_every_verb_and_no_bare_stem():
    assert all(is_change_to(v) for v in VERBS)
    assert not any(is_change_to(v) for v in ("提高", "增加", "调整", "升级"))


# --- the fuzzy fallback passes the main binder's guards ----------------------------------------


def test_fuzzy_fallback_does_not_rebind_a_cue_the_binder_blocked():
    """A bracket after a figure holds a smaller one: the cue was the first figure's."""
    for body in (
        "一、居民个人缴费标准为每人每年400元（其中用于大病保险的为20元）。",
        "一、今年城乡居民个人缴费标准定为每人每年450元（含大病保险筹资25元）。",
    ):
        _, doc, got = params_of(body)
        assert all(p.value != 20 and p.value != 25 for p in doc.parameters if p.field == "contribution.individual"), got


def test_fuzzy_fallback_respects_the_reach_of_a_cue():
    """A misspelt field name far from the figure names it no more than a spelt one would."""
    filler = "并结合本地实际统筹做好参保扩面和待遇保障各项工作" * 3
    _, doc, _ = params_of(f"一、居民医保人均财政补肋标准{filler}，安排资金1200元。")
    assert not [p for p in doc.parameters if p.field == "subsidy.per_capita"]


@pytest.mark.parametrize(
    "body, expected",
    [
        pytest.param("一、今年居民医保人均财政补肋标准提高到每人每年660元。",
                     row("subsidy.per_capita", 660, "元", qualifier="提高到"), id="补肋, 提高到"),
        pytest.param("一、本统筹区个人缴废标准调整为每人每年420元。",
                     row("contribution.individual", 420, "元"), id="缴废, 调整为"),
    ],
)
def test_fuzzy_fallback_still_reads_a_misspelt_name(body, expected):
    _, doc, got = params_of(body)
    assert got == {expected}
    assert [p.rule.partition("#")[2].startswith("fuzzy") for p in doc.parameters] == [True]


# --- rule ids name one pattern ---------------------------------------------------------------------


def test_every_rule_id_names_one_pattern_whose_words_are_in_the_evidence():
    by_id = {}
    for r in patterns():
        by_id.setdefault(r["id"], []).append(r["pattern"])
    for path in sorted((ROOT / "corpus" / "samples").glob("*.txt")):
        notice = extract(path)
        for doc in notice.documents:
            for p in doc.parameters:
                kind = p.rule.partition("#")[2]
                if kind in ("table", "phrase") or kind.startswith("fuzzy"):
                    continue
                assert p.rule in by_id, (path.name, p.rule)
                phrases = [x for x in by_id[p.rule] if isinstance(x, str)]
                if phrases:
                    folded = p.evidence.replace(" ", "")
                    # A field named by the section's title or by the clause that opens a list stands
                    # before the evidence (the figure's own clause), in the document above it.
                    above = notice.text[doc.span.start : p.evidence_span.start].replace(" ", "")
                    assert any(x.replace(" ", "") in folded for x in phrases) or any(
                        x.replace(" ", "") in above[-200:] for x in phrases
                    ), (path.name, p.rule, p.evidence)


# --- two readers at once -------------------------------------------------------------------------


def test_eight_threads_read_as_one():
    """The binder keeps its state per document: threads over different notices give what a
    serial run gives (two app sessions extracting at once)."""
    paths = sorted((ROOT / "corpus" / "samples").glob("*.txt"))
    serial = {p.name: extract(p).model_dump_json() for p in paths}
    results: dict[str, str] = {}
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for path in paths[offset:] + paths[:offset]:
                results[f"{offset}:{path.name}"] = extract(path).model_dump_json()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i % len(paths),)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 8 * len(paths)
    for key, value in results.items():
        assert value == serial[key.partition(":")[2]], key


@pytest.mark.parametrize(
    "body",
    [
        "一、困难群众参保个人缴费仍按照2021年标准执行，为每人每年420元。",
        "一、本年度个人缴费标准依照2020年标准，为每人每年320元。",
    ],
)
def test_a_year_that_names_the_standard_followed_is_not_the_year_of_the_figure(body):
    _, doc, _ = params_of(body)
    assert [p.year for p in doc.parameters if p.field == "contribution.individual"] == [2023]
