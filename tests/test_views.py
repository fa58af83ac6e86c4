"""What Compare and 版本对照 (section diff) show, without Streamlit: cells compared by their numbers,
rows new and gone, every value of a cell, labels, column order, downloads; tokens and diffs of
section texts, parents without their children, pairing, changed parameters, basis links."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from corpus import views
from corpus.views import GONE, NEW, SAME, DIFFERS, BASE, Value
from extractor.pipeline import from_raw
from extractor.readers.base import RawText

ROOT = Path(__file__).resolve().parent.parent

# One city, two years: the individual contribution is 380 元 in both, the subsidy is stated only in
# 2024, the payment period only in 2023.  Each implements its province's notice of the year.
LUOYANG_2023 = """洛阳市医疗保障局
关于做好2023年城乡居民基本医疗保险参保缴费工作的通知
洛医保〔2023〕3号
各县（市、区）医疗保障局：
根据《河南省医疗保障局关于做好2023年城乡居民基本医疗保障工作的通知》（豫医保发〔2023〕5号）要求，现就有关事项通知如下：
一、筹资标准
（一）个人缴费。2023年全市居民医保个人缴费标准为每人每年380元。
（二）缴费期。集中缴费期为2022年9月1日至12月31日。
二、工作要求
各县（市、区）要加强宣传，确保应保尽保。
"""
LUOYANG_2024 = """洛阳市医疗保障局
关于做好2024年城乡居民基本医疗保险参保缴费工作的通知
洛医保〔2024〕3号
各县（市、区）医疗保障局：
根据《河南省医疗保障局关于做好2024年城乡居民基本医疗保障工作的通知》（豫医保发〔2024〕5号）要求，现就有关事项通知如下：
一、筹资标准
（一）个人缴费。2024年全市居民医保个人缴费标准为每人每年380元。
（二）财政补助。2024年全市居民医保人均财政补助标准达到670元。
二、工作要求
各县（市、区）要加强宣传，确保应保尽保。
"""
HENAN_2024 = """河南省医疗保障局
关于做好2024年城乡居民基本医疗保障工作的通知
豫医保发〔2024〕5号
各省辖市医疗保障局：
一、筹资标准。2024年全省居民医保人均财政补助标准不低于670元，个人缴费标准达到每人每年400元。
"""
ZHENGZHOU_2023 = LUOYANG_2023.replace("洛阳", "郑州").replace("洛医保", "郑医保").replace("380元", "400元")
NO_SECTIONS_2021 = """关于2021年城乡居民医保参保缴费标准的通知
2021年我市城乡居民医保个人缴费标准为每人每年280元。
"""
NO_SECTIONS_2022 = NO_SECTIONS_2021.replace("2021", "2022").replace("280元", "320元")


def add(store, text: str, name: str) -> int:
    data = text.encode("utf-8")
    notice = from_raw(RawText(text=text, format="txt"), name, hashlib.sha256(data).hexdigest())
    return store.add(notice, data).notice_id


def value(n, unit="元", operator="=", year=2023, qualifier=None, pid="1", corrected=False) -> Value:
    return Value(pid, n, float(n), unit, operator, qualifier, year, corrected)


# --- cells and rows -------------------------------------------------------------------------------

@pytest.mark.parametrize("cell, base, is_baseline, expected", [
    ([value(380, year=2024)], [value(380, year=2023)], False, SAME),  # the year is not compared
    ([value(380, qualifier="达到")], [value(380, qualifier=None)], False, SAME),  # both are "="
    ([value(380, corrected=True)], [value(380)], False, SAME),  # nor the ✎ mark
    ([value(640, operator=">=")], [value(640, operator="=")], False, DIFFERS),  # 不低于640 is not 640
    ([value(70, unit="%")], [value(70, unit="元")], False, DIFFERS),
    ([value(670)], [value(640)], False, DIFFERS),
    ([value(120), value(130)], [value(130), value(120)], False, SAME),  # the order of the text is not compared
    ([value(120), value(130)], [value(120)], False, DIFFERS),
    ([value(670)], [], False, NEW),
    ([], [value(640)], False, GONE),
    ([], [], False, ""),
    ([value(640)], [value(640)], True, BASE),
    ([], [], True, ""),
])
def test_cells_are_compared_by_value_unit_and_operator(cell, base, is_baseline, expected):
    assert views.cell_status(cell, base, is_baseline) == expected


def test_values_that_are_not_numbers_compare_by_their_value():
    period = lambda v, year: Value("1", v, None, "date", "=", None, year)
    assert views.cell_status([period(["2023-09-01", "2023-12-31"], 2024)], [period(["2023-09-01", "2023-12-31"], 2023)]) == SAME
    assert views.cell_status([period(["2024-09-01", "2024-12-31"], 2024)], [period(["2023-09-01", "2023-12-31"], 2023)]) == DIFFERS


@pytest.mark.parametrize("statuses, expected", [
    (["baseline", "same", "same"], "相同 same"),
    (["", "new", "new"], "新增 new"),
    (["baseline", "gone"], "消失 gone"),
    (["baseline", "differs", "gone", "same"], "变化 changed · 消失 gone"),
    (["baseline"], ""),
    ([], ""),
])
def test_row_status(statuses, expected):
    assert views.row_status(statuses) == expected


@pytest.mark.parametrize("field, scope, expected", [
    ("contribution.individual", "insured_group=minors", "个人缴费标准 · 学生儿童"),
    ("subsidy.central", "county_type=western", "中央财政补助 · 享受西部政策的县"),
    ("subsidy.central", "county_type=general;insured_group=students", "中央财政补助 · 一般县 · 在校学生"),
    ("maternity.fixed_payment", "delivery=cesarean", "生育医疗费定额支付标准 · 剖宫产"),
    ("subsidy.per_capita", "", "人均财政补助标准"),
    ("contribution.individual", "insured_group=unknown_group", "个人缴费标准 · insured_group=unknown_group"),
])
def test_one_chinese_label_per_row(field, scope, expected):
    assert views.row_label(field, scope) == expected


@pytest.mark.parametrize("v, policy_year, expected", [
    (value(380, year=2023), 2023, "380 元"),
    (value(380, year=2024), 2023, "380 元 (2024)"),
    (Value("1", 640, 640.0, "元", ">=", "不低于", 2023, warned=True), 2023, "不低于 640 元 ⚠"),
    (Value("1", 13.5, 13.5, "元", "=", None, 2023, corrected=True), 2023, "13.5 元 ✎"),
    (Value("1", [9, 12], None, "月", "=", None, None), 2023, "9–12 月"),
    (Value("1", "2023-09-15", None, "date", "<=", "前", 2023), 2023, "前 2023-09-15"),
])
def test_cell_text(v, policy_year, expected):
    assert v.text(policy_year) == expected


# --- comparisons on a store -----------------------------------------------------------------------

@pytest.fixture()
def luoyang(store):
    ids = {name: add(store, text, f"{name}.txt") for name, text in
           [("2024", LUOYANG_2024), ("2023", LUOYANG_2023), ("henan", HENAN_2024), ("zhengzhou", ZHENGZHOU_2023)]}
    return store, ids


def _row(comparison, field, scope=""):
    return next(r for r in comparison.rows if (r.field, r.scope) == (field, scope))


def test_equal_values_in_two_years_show_no_difference_and_new_and_gone_rows_are_marked(luoyang):
    store, ids = luoyang
    comparison = views.compare(store, [(ids["2024"], 0), (ids["2023"], 0)])
    old, new = comparison.columns
    assert (old.key, new.key) == ((ids["2023"], 0), (ids["2024"], 0))  # the earlier year first
    table, colours = comparison.table(old.key)
    by_field = table.set_index("field")
    assert list(table.columns) == ["字段", old.label, new.label, "状态 Status", "主题", "field", "scope"]
    contribution = by_field.loc["contribution.individual"]
    assert (contribution["字段"], contribution[old.label], contribution[new.label]) == ("个人缴费标准", "380 元", "380 元")
    assert contribution["状态 Status"] == "相同 same"
    assert by_field.loc["subsidy.per_capita", "状态 Status"] == "新增 new"
    assert by_field.loc["subsidy.per_capita", old.label] == ""
    assert by_field.loc["enrollment.payment_period", "状态 Status"] == "消失 gone"
    assert by_field.loc["enrollment.payment_period", new.label] == "—"
    colour = colours.set_index(table["field"])
    assert colour.loc["contribution.individual", new.label] == ""
    assert colour.loc["subsidy.per_capita", new.label] == "background-color: #bbf7d0"
    assert colour.loc["enrollment.payment_period", new.label] == "background-color: #fecaca"


def test_a_corrected_value_that_reads_the_same_number_is_no_difference(luoyang):
    store, ids = luoyang
    (figure,) = store.find(ids["2023"], 0, "contribution.individual", {})
    store.correct(ids["2023"], figure["id"], {"qualifier": "达到"}, note="达到 as in the province's notice")
    comparison = views.compare(store, [(ids["2023"], 0), (ids["2024"], 0)])
    table, _ = comparison.table((ids["2023"], 0))
    row = table.set_index("field").loc["contribution.individual"]
    assert row[comparison.columns[0].label] == "达到 380 元 ✎"
    assert row["状态 Status"] == "相同 same"
    store.correct(ids["2023"], figure["id"], {"value": 350})
    table, _ = views.compare(store, [(ids["2023"], 0), (ids["2024"], 0)]).table((ids["2023"], 0))
    assert table.set_index("field").loc["contribution.individual", "状态 Status"] == "变化 changed"


def test_columns_by_region_then_year(luoyang):
    store, ids = luoyang
    comparison = views.compare(store, [(ids["zhengzhou"], 0), (ids["2024"], 0), (ids["henan"], 0), (ids["2023"], 0)])
    assert [c.label for c in comparison.columns] == [
        "河南省 2024 · 豫医保发〔2024〕5号", "河南省洛阳市 2023 · 洛医保〔2023〕3号",
        "河南省洛阳市 2024 · 洛医保〔2024〕3号", "河南省郑州市 2023 · 郑医保〔2023〕3号",
    ]


def test_every_value_of_one_field_and_scope_is_in_its_cell_and_in_the_downloads(store):
    import pandas as pd

    notice = add(store, (ROOT / "corpus" / "samples" / "68_qingcheng_2016.txt").read_text("utf-8"), "qingcheng.txt")
    comparison = views.compare(store, [(notice, 0)])
    row = _row(comparison, "contribution.individual")
    table, _ = comparison.table((notice, 0))
    assert table.set_index("field").loc["contribution.individual", comparison.columns[0].label] == "120 元 · 130 元"
    csv, xlsx = views.downloads(comparison, (notice, 0))
    long = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype={"notice": str})
    mine = long[long["field"] == "contribution.individual"]
    assert sorted(mine["number"]) == [120, 130] and sorted(mine["value"]) == ["120", "130"]
    assert set(mine["unit"]) == {"元"} and set(mine["operator"]) == {"="}
    ids = [v.parameter for v in comparison.cell(row, comparison.columns[0])]
    assert sorted(mine["link"]) == sorted(f"/notice?id={notice}.0&p={i}" for i in ids)
    assert set(mine["notice"]) == {f"{notice}.0"}
    sheets = pd.read_excel(io.BytesIO(xlsx), sheet_name=None)
    assert set(sheets) == {"compare", "values"}
    assert "120 元 · 130 元" in sheets["compare"][comparison.columns[0].label].tolist()
    assert sorted(sheets["values"].query("field == 'contribution.individual'")["number"]) == [120, 130]


def test_the_long_rows_carry_numbers_statuses_and_the_cells_that_are_gone(luoyang):
    store, ids = luoyang
    comparison = views.compare(store, [(ids["2023"], 0), (ids["2024"], 0)])
    rows = comparison.long_rows((ids["2023"], 0))
    assert all(list(r) == views.LONG_COLUMNS for r in rows)
    by = {(r["field"], r["notice"]): r for r in rows}
    subsidy = by[("subsidy.per_capita", f"{ids['2024']}.0")]
    assert (subsidy["number"], subsidy["unit"], subsidy["operator"], subsidy["cell_status"], subsidy["row_status"]) == (
        670, "元", "=", "new", "新增 new")
    assert subsidy["link"] == f"/notice?id={ids['2024']}.0&p={subsidy['parameter_id']}"
    gone = by[("enrollment.payment_period", f"{ids['2024']}.0")]
    assert (gone["number"], gone["value"], gone["parameter_id"], gone["cell_status"]) == (None, None, None, "gone")
    assert by[("contribution.individual", f"{ids['2023']}.0")]["baseline"] is True


def test_excluded_notices_and_copies_are_not_comparable(luoyang):
    store, ids = luoyang
    store.exclude(ids["zhengzhou"], note="out of the study")
    copy = add(store, LUOYANG_2024 + "\n", "luoyang_2024_copy.txt")  # the same 文号: a second file of the notice
    keys = {(d["notice"], d["document"]) for d in views.comparable(store)}
    assert (ids["zhengzhou"], 0) not in keys and (copy, 0) not in keys and (ids["2023"], 0) in keys
    assert views.documents_of(store, ["河南省洛阳市", "河南省郑州市"], [2024]) == [(ids["2024"], 0)]


# --- section diff ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("标准为4660元。", ["标", "准", "为", "4660元", "。"]),
    ("比例70%，13.5元", ["比", "例", "70%", "，", "13.5元"]),
    ("2023年9月1日", ["2023年", "9月", "1日"]),
    ("3个月等待期", ["3个月", "等", "待", "期"]),
    ("DRG 付费", ["DRG", " ", "付", "费"]),
    ("一、\n二", ["一", "、", "\n", "二"]),
])
def test_tokens(text, expected):
    assert views.tokens(text) == expected


@pytest.mark.parametrize("old, new, expected", [
    # A number with its unit is one token: never 466720.
    ("待遇标准4660元。", "待遇标准4720元。",
     [("equal", "待遇标准", "待遇标准"), ("replace", "4660元", "4720元"), ("equal", "。", "。")]),
    ("比例为70%", "比例为75%", [("equal", "比例为", "比例为"), ("replace", "70%", "75%")]),
    ("每人380元", "每人380元", [("equal", "每人380元", "每人380元")]),
    ("（以下简称）", "(以下简称)", [("equal", "（以下简称）", "(以下简称)")]),
    ("", "新增一条。", [("insert", "", "新增一条。")]),
    ("删去一条。", "", [("delete", "删去一条。", "")]),
    ("加强宣传", "加强政策宣传", [("equal", "加强", "加强"), ("insert", "", "政策"), ("equal", "宣传", "宣传")]),
    # One character in common between two changes does not cut them apart.
    ("由550元调整为580元", "由560元提高到590元", [("equal", "由", "由"), ("replace", "550元调整为580元", "560元提高到590元")]),
])
def test_token_diff(old, new, expected):
    assert views.token_diff(old, new) == expected


def test_side_by_side_escapes_and_marks_both_sides():
    left, right = views.side_by_side("<script>x</script>标准4660元", "<script>x</script>标准4720元<b>")
    assert "<script>" not in left + right and left.startswith("&lt;script&gt;")
    assert left.endswith(f'<del style="{views.DEL_STYLE}">4660元</del>')
    assert right.endswith(f'<ins style="{views.INS_STYLE}">4720元&lt;b&gt;</ins>')
    assert "<ins" not in left and "<del" not in right


@pytest.mark.parametrize("start, end, children, expected", [
    (0, 16, [(5, 10), (10, 16)], "一、标准。"),
    (0, 16, [], "一、标准。（一）甲。（二）乙。"),
    (0, 16, [(5, 10)], "一、标准。（二）乙。"),
])
def test_own_text(start, end, children, expected):
    assert views.own_text("一、标准。（一）甲。（二）乙。", start, end, children) == expected


def test_a_parent_section_has_only_its_own_text(luoyang):
    store, ids = luoyang
    sections = views.section_texts(store.notice(ids["2023"]), 0)
    by_path = {s.path: s for s in sections}
    assert sections[0].title == views.PREAMBLE and "豫医保发〔2023〕5号" in sections[0].text
    assert by_path["一"].text == "一、筹资标准"
    assert by_path["一/一"].text == "（一）个人缴费。2023年全市居民医保个人缴费标准为每人每年380元。"
    assert [s.path for s in sections] == ["", "一", "一/一", "一/二", "二"]


def test_two_years_of_one_notice_section_by_section(luoyang):
    store, ids = luoyang
    pairs = views.align_sections(store, (ids["2023"], 0), (ids["2024"], 0))
    by_left = {p.left: p for p in pairs}
    assert not by_left["一 筹资标准"].changed and not by_left["二 工作要求"].changed
    contribution = by_left["一/一 个人缴费"]
    assert contribution.right == "一/一 个人缴费" and contribution.changed
    ops = [op for op in views.token_diff(contribution.left_text, contribution.right_text) if op[0] != "equal"]
    assert ops == [("replace", "2023年", "2024年")]
    # 缴费期 and 财政补助 are different sections: one gone, one new, each where it stands.
    assert [(p.left, p.right) for p in pairs][3:5] == [("一/二 缴费期", None), (None, "一/二 财政补助")]


def test_a_notice_without_numbered_sections_is_diffed_whole(store):
    old, new = add(store, NO_SECTIONS_2021, "a.txt"), add(store, NO_SECTIONS_2022, "b.txt")
    (pair,) = views.align_sections(store, (old, 0), (new, 0))
    assert (pair.left, pair.right) == (views.FULL_TEXT, views.FULL_TEXT)
    changes = [op for op in views.token_diff(pair.left_text, pair.right_text) if op[0] != "equal"]
    assert ("replace", "280元", "320元") in changes


def test_pair_sections_keeps_the_second_documents_leftovers_in_place():
    s = views.SectionText
    a = [s("一", "筹资标准", "一、筹资标准"), s("二", "待遇保障", "二、待遇保障"), s("三", "组织实施", "三、组织实施")]
    b = [s("一", "筹资标准", "一、筹资标准"), s("二", "基金监管", "二、基金监管"), s("三", "待遇保障", "三、待遇保障"),
         s("四", "经办服务", "四、经办服务"), s("五", "组织实施", "五、组织实施")]
    assert [(p.left, p.right) for p in views.pair_sections(a, b)] == [
        ("一 筹资标准", "一 筹资标准"), (None, "二 基金监管"), ("二 待遇保障", "三 待遇保障"),
        (None, "四 经办服务"), ("三 组织实施", "五 组织实施"),
    ]


def test_changed_parameters_are_compared_by_their_numbers_and_linked(luoyang):
    store, ids = luoyang
    rows = views.parameter_changes(store, (ids["2023"], 0), (ids["2024"], 0))
    by_field = {r["field"]: r for r in rows}
    assert set(by_field) == {"subsidy.per_capita", "enrollment.payment_period"}  # 380 元 in both years is no change
    subsidy = by_field["subsidy.per_capita"]
    assert (subsidy["状态 Status"], subsidy["first"], subsidy["first_link"]) == ("新增 new", "", None)
    (figure,) = store.find(ids["2024"], 0, "subsidy.per_capita", {})
    assert subsidy["second_link"] == f"/notice?id={ids['2024']}.0&p={figure['id']}"
    assert by_field["enrollment.payment_period"]["状态 Status"] == "消失 gone"


def test_a_notice_links_the_notices_it_implements_and_those_that_implement_it(luoyang):
    store, ids = luoyang
    implements, implemented_by = views.related(store, (ids["2024"], 0))
    assert implements == [("豫医保发〔2024〕5号", [(ids["henan"], 0)])]
    assert implemented_by == []
    assert views.related(store, (ids["henan"], 0)) == ([], [(ids["2024"], 0)])
    assert views.related(store, (ids["2023"], 0)) == ([("豫医保发〔2023〕5号", [])], [])
