"""The panel (corpus.panel): regions × the years figures apply to, built from a small store of notices
written for the test (real region names, invented figures), with corrections, copies and exclusions."""

from __future__ import annotations

import hashlib

import pytest

from corpus.panel import (
    NO_FIGURE,
    NO_NOTICE,
    build_panel,
    numeric_fields,
    panel_rows,
    province_tiles,
    records_json,
    trend_points,
)
from extractor.pipeline import from_raw
from extractor.readers.base import RawText

HEADER = "{issuer}\n关于做好{year}年城乡居民基本医疗保障工作的通知\n{number}\n各县（市、区）医疗保障局：\n"
KAIFENG_2023 = HEADER.format(issuer="开封市医疗保障局", year=2023, number="汴医保〔2023〕8号") + (
    "一、筹资标准。2023年全市居民医保人均财政补助标准不低于640元，个人缴费标准达到每人每年380元。"
    "2023年预收2024年度的个人缴费标准为每人每年400元。\n"
)
KAIFENG_2024 = HEADER.format(issuer="开封市医疗保障局", year=2024, number="汴医保〔2024〕3号") + (
    "一、筹资标准。2024年全市居民医保人均财政补助标准不低于670元，个人缴费标准为每人每年410元。\n"
)
# The same notice (same 文号) as another file: counted once.
KAIFENG_2024_COPY = KAIFENG_2024 + "（此件公开发布）\n"
LUOYANG_2022 = HEADER.format(issuer="洛阳市医疗保障局", year=2022, number="洛医保〔2022〕6号") + (
    "一、筹资标准。2022年全市居民医保人均财政补助标准达到610元，个人缴费标准为每人每年350元，其中学生儿童每人每年320元。\n"
)
# A notice of 2023 that sets no contribution: the 2023 cell says "a notice, no figure".
LUOYANG_2023 = HEADER.format(issuer="洛阳市医疗保障局", year=2023, number="洛医保〔2023〕2号") + (
    "一、筹资标准。2023年全市居民医保人均财政补助标准达到640元。\n"
)
ZHENGZHOU_2024 = HEADER.format(issuer="郑州市医疗保障局", year=2024, number="郑医保〔2024〕11号") + (
    "一、筹资标准。2024年全市居民医保人均财政补助标准达到680元，个人缴费标准为每人每年420元。\n"
)
HENAN_2024 = HEADER.format(issuer="河南省医疗保障局", year=2024, number="豫医保发〔2024〕5号") + (
    "一、筹资标准。2024年全省居民医保人均财政补助标准不低于670元，个人缴费标准约为每人每年400元左右。\n"
)
# About school uniforms, not medical insurance: its "个人缴费标准" stays out.
KAIFENG_UNIFORMS = ("开封市教育局\n关于2024年秋季学期学生校服收费标准的通知\n汴教〔2024〕9号\n各县（区）教育局：\n"
                    "一、收费标准。2024年秋季学期每生每年校服费用为400元，个人缴费标准为每人每年300元。\n")

NOTICES = {"kaifeng_2023": KAIFENG_2023, "kaifeng_2024": KAIFENG_2024, "kaifeng_2024_copy": KAIFENG_2024_COPY,
           "luoyang_2022": LUOYANG_2022, "luoyang_2023": LUOYANG_2023, "zhengzhou_2024": ZHENGZHOU_2024,
           "henan_2024": HENAN_2024, "kaifeng_uniforms": KAIFENG_UNIFORMS}
KAIFENG, LUOYANG, ZHENGZHOU, HENAN = "河南省开封市", "河南省洛阳市", "河南省郑州市", "河南省"


def add(store, text: str, name: str) -> int:
    data = text.encode("utf-8")
    notice = from_raw(RawText(text=text, format="txt"), name, hashlib.sha256(data).hexdigest())
    return store.add(notice, data).notice_id


@pytest.fixture()
def filled(store):
    return store, {name: add(store, text, f"{name}.txt") for name, text in NOTICES.items()}


def panel_of(store, field: str, scope: str = "", **options):
    rows, docs = panel_rows(store, field)
    return build_panel(rows, docs, field, scope, **options)


def shown(panel) -> dict[tuple[str, int], tuple[str, ...]]:
    """(region, year) → the figures of the cell as shown, the later notice's first."""
    return {(row.region, year): tuple(f.text for f in row.cell(year).figures)
            for row in panel.rows for year in panel.years if row.cell(year).figures}


def exclude_zhengzhou(store, ids):
    store.exclude(ids["zhengzhou_2024"], note="a draft for comment")


def correct_kaifeng_subsidy(store, ids):
    (figure,) = store.find(ids["kaifeng_2024"], 0, "subsidy.per_capita", {})
    store.correct(ids["kaifeng_2024"], figure["id"], {"value": 700}, note="typo in the notice")


def nothing(store, ids):
    pass


CONTRIBUTIONS = {
    # The 2023 notice's 2024 contribution lands in 2024, beside the 2024 notice's (the later first).
    (KAIFENG, 2023): ("380 元",), (KAIFENG, 2024): ("410 元", "400 元"),
    (LUOYANG, 2022): ("350 元",), (ZHENGZHOU, 2024): ("420 元",), (HENAN, 2024): ("~400 元",),
}
CASES = [
    # what, field, scope, change to the store, the cells with figures
    ("a figure applying to the next year lands in that year's column; two figures of one region-year both "
     "visible; a copy counted once; the school-uniform notice left out",
     "contribution.individual", "", nothing, CONTRIBUTIONS),
    ("an excluded notice is left out", "contribution.individual", "", exclude_zhengzhou,
     {k: v for k, v in CONTRIBUTIONS.items() if k[0] != ZHENGZHOU}),
    ("a floor keeps its operator", "subsidy.per_capita", "", nothing,
     {(KAIFENG, 2023): ("≥640 元",), (KAIFENG, 2024): ("≥670 元",), (LUOYANG, 2022): ("610 元",),
      (LUOYANG, 2023): ("640 元",), (ZHENGZHOU, 2024): ("680 元",), (HENAN, 2024): ("≥670 元",)}),
    ("a corrected value shows corrected", "subsidy.per_capita", "", correct_kaifeng_subsidy,
     {(KAIFENG, 2023): ("≥640 元",), (KAIFENG, 2024): ("≥700 元",), (LUOYANG, 2022): ("610 元",),
      (LUOYANG, 2023): ("640 元",), (ZHENGZHOU, 2024): ("680 元",), (HENAN, 2024): ("≥670 元",)}),
    ("a scope of its own", "contribution.individual", "insured_group=minors", nothing, {(LUOYANG, 2022): ("320 元",)}),
]


@pytest.mark.parametrize("what, field, scope, change, cells", CASES, ids=[c[0][:40] for c in CASES])
def test_panel_cells(filled, what, field, scope, change, cells):
    store, ids = filled
    change(store, ids)
    panel = panel_of(store, field, scope)
    assert shown(panel) == cells
    assert panel.years == tuple(range(min(y for _, y in cells), max(y for _, y in cells) + 1))


def test_each_figure_carries_its_notice_parameter_and_sentence(filled):
    store, ids = filled
    correct_kaifeng_subsidy(store, ids)
    panel = panel_of(store, "contribution.individual")
    later, earlier = next(r for r in panel.rows if r.region == KAIFENG).cell(2024).figures
    assert (later.notice, later.doc_number, later.policy_year) == (ids["kaifeng_2024"], "汴医保〔2024〕3号", 2024)
    assert (earlier.notice, earlier.doc_number, earlier.policy_year) == (ids["kaifeng_2023"], "汴医保〔2023〕8号", 2023)
    assert "预收2024年度" in earlier.sentence and "410元" in later.sentence
    (stored,) = store.find(ids["kaifeng_2023"], 0, "contribution.individual", {})[1:]  # the second: 400 for 2024
    assert earlier.parameter == stored["id"] and earlier.link == f"/notice?id={ids['kaifeng_2023']}.0&p={stored['id']}"
    subsidy = next(r for r in panel_of(store, "subsidy.per_capita").rows if r.region == KAIFENG).cell(2024).first
    assert (subsidy.value, subsidy.operator, subsidy.corrected) == (700, ">=", True)


COVERAGE = [
    # region, year, status of an empty cell of the general contribution panel (years 2022–2024)
    (LUOYANG, 2023, NO_FIGURE),  # a 2023 notice that sets no contribution
    (LUOYANG, 2024, NO_NOTICE),
    (KAIFENG, 2022, NO_NOTICE),
    (ZHENGZHOU, 2023, NO_NOTICE),
]


@pytest.mark.parametrize("region, year, status", COVERAGE)
def test_empty_cells_say_why(filled, region, year, status):
    store, _ = filled
    row = next(r for r in panel_of(store, "contribution.individual").rows if r.region == region)
    assert row.cell(year).status == status and row.cell(year).figures == ()


def test_coverage_counts(filled):
    store, _ = filled
    panel = panel_of(store, "contribution.individual")
    covered = panel.coverage()
    # 4 regions × 3 years: 5 cells with figures, Luoyang's 2023 notice without one, 6 without a notice.
    assert (len(panel.rows), covered.figures, covered.no_figure, covered.no_notice) == (4, 5, 1, 6)
    minors = panel_of(store, "contribution.individual", "insured_group=minors")
    assert [r.region for r in minors.rows] == [LUOYANG] and minors.coverage().silent_regions == 0
    listed = panel_of(store, "subsidy.per_capita", "", with_silent=True)
    assert listed.silent == ()  # every region with a notice states its subsidy


RANKS = [
    (2024, True, [(ZHENGZHOU, 1), (KAIFENG, 2), (HENAN, 3), (LUOYANG, None)]),
    (2024, False, [(HENAN, 1), (KAIFENG, 2), (ZHENGZHOU, 3), (LUOYANG, None)]),
    (2022, True, [(LUOYANG, 1), (HENAN, None), (KAIFENG, None), (ZHENGZHOU, None)]),
]


def test_the_panel_is_ranked_by_the_year_most_regions_state(filled):
    store, _ = filled
    panel = panel_of(store, "contribution.individual")
    assert panel.fullest_year == panel.rank_year == 2024  # Kaifeng, Zhengzhou, Henan; 2022 and 2023 one each
    assert panel_of(store, "contribution.individual", "insured_group=minors").rank_year == 2022


@pytest.mark.parametrize("year, descending, order", RANKS)
def test_rank_by_a_year(filled, year, descending, order):
    store, _ = filled
    panel = panel_of(store, "contribution.individual").ranked(year, descending)
    assert [(r.region, r.rank) for r in panel.rows] == order
    assert panel.rank_year == year


def test_records_are_the_figures_shown_numbers_as_numbers(filled):
    store, ids = filled
    panel = panel_of(store, "contribution.individual").ranked(2024)
    records = panel.records()
    assert [(r["region"], r["year"], r["shown"]) for r in records] == [
        (region, year, text) for row in panel.rows for year in panel.years
        for region, text in [(row.region, t) for t in (f.text for f in row.cell(year).figures)]
    ]
    kaifeng = [r for r in records if r["region"] == KAIFENG and r["year"] == 2024]
    assert [(r["value"], r["operator"], r["first_in_cell"], r["figures_in_cell"], r["notice_id"]) for r in kaifeng] == [
        (410, "=", True, 2, ids["kaifeng_2024"]), (400, "=", False, 2, ids["kaifeng_2023"]),
    ]
    assert all(type(r["value"]) is int for r in records)
    assert all(r["link"].startswith(f"/notice?id={r['notice_id']}.{r['document']}&p=") for r in records)
    exported = records_json(panel, "个人缴费标准", {"province": ""}, base="http://example.org")
    assert '"link": "http://example.org/notice?id=' in exported and '"value": 410' in exported


def test_rows_of_long_rows_decide_alone():
    """The pure step: copies, excluded notices, other topics, figures without a year, a national notice."""
    base = dict(field="contribution.individual", scope="", unit="元", operator="=", document=0, doc_number=None,
                province=None, city=None, county=None, level="national", policy_year=2020, year=None, same_as=None,
                topic="resident_medical_insurance", corrected=False)
    rows = [
        dict(base, notice_id=1, parameter_id="1", value=90),
        dict(base, notice_id=2, parameter_id="2", value=90, same_as=1),
        dict(base, notice_id=3, parameter_id="3", value=95, excluded="out of the study"),
        dict(base, notice_id=4, parameter_id="4", value=300, topic="other"),
        dict(base, notice_id=5, parameter_id="5", value=120, policy_year=None),
        dict(base, notice_id=6, parameter_id="6", value=[9, 12]),
    ]
    panel = build_panel(rows, [], "contribution.individual", "")
    assert shown(panel) == {("全国", 2020): ("90 元",)}
    assert panel.undated == 1 and panel.coverage().undated == 1


def test_trend_points_break_at_a_missing_year(filled):
    store, ids = filled
    points = trend_points(panel_of(store, "subsidy.per_capita"), [LUOYANG, KAIFENG])
    segments = {(p["region"], p["year"]): p["segment"] for p in points}
    assert segments[(LUOYANG, 2022)] == segments[(LUOYANG, 2023)]
    assert segments[(KAIFENG, 2023)] == segments[(KAIFENG, 2024)] != segments[(LUOYANG, 2022)]
    kinds = {(p["region"], p["year"]): p["figure"] for p in points}
    assert kinds[(KAIFENG, 2024)].startswith("不低于") and kinds[(LUOYANG, 2022)].startswith("确切")
    # Without Luoyang's 2023 notice, its 2022 and 2024 figures would not be joined: a 2024 one added by hand.
    store.exclude(ids["luoyang_2023"], note="not needed")
    store.add_parameter(ids["luoyang_2022"], 0, "subsidy.per_capita", 690, "元", year=2024, note="from the 2024 table")
    gapped = trend_points(panel_of(store, "subsidy.per_capita"), [LUOYANG])
    assert [(p["year"], p["value"]) for p in gapped] == [(2022, 610), (2024, 690)]
    assert gapped[0]["segment"] != gapped[1]["segment"]


def test_segments_of_a_gap():
    from corpus.panel import Cell, Figure, Panel, Row

    cells = {y: Cell((Figure(100 + y - 2020, "元", "=", y, 0, str(y)),)) for y in (2020, 2021, 2023)}
    panel = Panel("f", "", (2020, 2021, 2022, 2023), (Row("山西省", "province", "山西省", cells),))
    points = trend_points(panel)
    assert [(p["year"], p["segment"]) for p in points] == [(2020, "山西省||0"), (2021, "山西省||0"), (2023, "山西省||1")]


def test_the_tile_map_colours_provinces_by_their_own_figure(filled):
    store, _ = filled
    panel = panel_of(store, "subsidy.per_capita")
    tiles = [{"province": "河南省", "short": "河南", "row": 3, "col": 4}, {"province": "山西省", "short": "山西", "row": 2, "col": 4}]
    henan, shanxi = province_tiles(panel, 2024, tiles)
    assert (henan["value"], henan["shown"], henan["doc_number"]) == (670, "≥670 元", "豫医保发〔2024〕5号")
    assert henan["local"] == "2 个市县 city/county figures: ≥670 元 – 680 元"
    assert (shanxi["value"], shanxi["link"], shanxi["local"]) == (None, None, "")


def test_fields_with_figures(filled):
    store, _ = filled
    assert numeric_fields(store) == ["subsidy.per_capita", "contribution.individual"]
