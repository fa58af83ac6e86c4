"""Across notices: a city's figures against its province's, and each region's changes year to year."""

from __future__ import annotations

import hashlib

import pytest

from corpus.compare import changes, compliance
from extractor.pipeline import from_raw
from extractor.readers.base import RawText

PROVINCE_2024 = """河南省医疗保障局
关于做好2024年城乡居民基本医疗保障工作的通知
豫医保发〔2024〕5号
各省辖市医疗保障局：
一、筹资标准。2024年全省居民医保人均财政补助标准不低于670元，个人缴费标准达到每人每年400元。
"""
CITY_2024 = """洛阳市医疗保障局
关于做好2024年城乡居民基本医疗保障工作的通知
洛医保〔2024〕3号
各县（市、区）医疗保障局：
一、筹资标准。2024年全市居民医保人均财政补助标准达到660元，个人缴费标准为每人每年400元。
"""
CITY_2023 = CITY_2024.replace("2024", "2023").replace("660元", "640元").replace("400元", "380元")
OTHER_CITY_2024 = CITY_2024.replace("洛阳", "郑州").replace("洛医保", "郑医保").replace("660元", "680元")


def add(store, text: str, name: str) -> int:
    data = text.encode("utf-8")
    notice = from_raw(RawText(text=text, format="txt"), name, hashlib.sha256(data).hexdigest())
    return store.add(notice, data).notice_id


@pytest.fixture()
def filled(store):
    ids = {name: add(store, text, name) for name, text in
           [("province_2024.txt", PROVINCE_2024), ("city_2024.txt", CITY_2024),
            ("city_2023.txt", CITY_2023), ("other_2024.txt", OTHER_CITY_2024)]}
    return store, ids


def test_city_figures_against_the_province(filled):
    store, ids = filled
    findings = compliance(store, year=2024)
    assert [(f.notice, f.field, f.status, f.value, f.operator, f.province_value) for f in findings] == [
        (ids["city_2024.txt"], "subsidy.per_capita", "falls short", 660, ">=", 670),
    ]
    f = findings[0]
    assert f.region == "河南省洛阳市" and f.doc_number == "洛医保〔2024〕3号" and f.province_doc_number == "豫医保发〔2024〕5号"
    assert "660元" in f.sentence and "不低于670元" in f.province_sentence


def test_a_correction_changes_the_finding(filled):
    store, ids = filled
    (figure,) = store.find(ids["city_2024.txt"], 0, "subsidy.per_capita", {})
    store.correct(ids["city_2024.txt"], figure["id"], {"value": 670}, note="the city raised it")
    assert compliance(store, year=2024) == []


def test_an_excluded_notice_leaves_the_comparisons_and_a_corrected_year_moves_it(filled):
    store, ids = filled
    exclusion = store.exclude(ids["city_2024.txt"], note="a draft for comment")
    assert compliance(store, year=2024) == []
    assert [f.notice for f in compliance(store, year=2024, include_excluded=True)] == [ids["city_2024.txt"]]
    assert changes(store, city="洛阳市") == []
    store.undo(exclusion.id)
    # The 2023 city notice said to be of 2024: it now falls short of the 2024 province floor too.
    store.correct_metadata(ids["city_2023.txt"], 0, {"policy_year": 2024})
    assert {(f.notice, f.field, f.status) for f in compliance(store, year=2024)} == {
        (ids["city_2024.txt"], "subsidy.per_capita", "falls short"),
        (ids["city_2023.txt"], "subsidy.per_capita", "falls short"),
        (ids["city_2023.txt"], "contribution.individual", "differs"),
    }


def test_year_over_year_per_region(filled):
    store, ids = filled
    found = [(c.region, c.field, c.year_from, c.value_from, c.year_to, c.value_to, c.change) for c in changes(store, city="洛阳市")]
    assert found == [
        ("河南省洛阳市", "contribution.individual", 2023, 380, 2024, 400, 20),
        ("河南省洛阳市", "subsidy.per_capita", 2023, 640, 2024, 660, 20),
    ]


def test_commands(filled, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    store, ids = filled
    if store.engine.dialect.name != "sqlite":
        pytest.skip("the command line is exercised on the SQLite store")
    db = store.engine.url.database
    root = Path(__file__).resolve().parent.parent

    def run(*args):
        return subprocess.run([sys.executable, "-m", "corpus", *args, "--db", db], capture_output=True, text=True, cwd=root)

    check = run("check", "--year", "2024")
    assert check.returncode == 0 and "subsidy.per_capita [] 660 falls short the province's >= 670" in check.stdout
    assert "1 findings" in check.stderr
    changed = run("changes", "--field", "subsidy.per_capita")
    assert "640 → 2024       660 元    +20" in changed.stdout
    query = run("query", "contribution.individual", "--years", "2024")
    assert query.stdout.count("=400 元") == 3 and "3 parameters" in query.stderr
