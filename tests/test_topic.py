"""The topic flag: a document says whether it is about resident basic medical insurance, with its evidence,
and comparisons across the store leave the others out unless asked.

Every wording here is invented for the test (the places are made up, or are regions no bundled notice is from)."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import pytest

from corpus.compare import changes, compliance, off_topic
from corpus.export import long_rows, records
from corpus.views import documents_of
from extractor import extract
from extractor.datafiles import DataFileError, validate_topic_text
from extractor.pipeline import from_raw
from extractor.readers.base import RawText
from extractor.reading.topic import OTHER, RESIDENT, classify, tally

ROOT = Path(__file__).resolve().parent.parent

# A long report that names the scheme in one sentence: enough words, too thin for its length.
REPORT = "".join([
    "全年新建改建农村公路一百二十公里，完成六座小型水库除险加固。",
    "城区新增停车泊位两千个，改造老旧小区四十个，新建口袋公园十五处。",
    "全年引进工业项目三十个，规模以上工业增加值增长百分之六。",
    "新建改扩建幼儿园八所，新增学位两千四百个。",
] * 16) + "城乡居民医保参保率稳定在百分之九十五以上，大病保险实现全覆盖。"

OFF_TOPIC = [
    pytest.param("关于2025年秋季学期普通高中学费和住宿费收费标准的通知",
                 "各学校：本学期普通高中学费每生每学期八百元，住宿费每生每学期三百元，不得另立名目收取费用。特此通知。",
                 "title", "学费", id="school fees"),
    pytest.param("关于青禾市东片区集体土地征收的公告",
                 "因城市道路建设需要，拟征收东片区集体土地十二公顷，补偿安置方案另行公布，被征地农户请于三十日内办理登记。",
                 "title", "集体土地", id="land taking"),
    pytest.param("关于做好2025年城乡居民基本养老保险参保缴费工作的通知",
                 "各乡镇：城乡居民基本养老保险个人缴费标准设每年二百元至三千元十四个档次，参保人自愿选择。"
                 "城乡居民基本养老保险基础养老金按月发放。",
                 "title", "养老保险", id="resident pension"),
    pytest.param(None,
                 "各乡镇：城乡居民基本养老保险个人缴费标准设每年二百元至三千元十四个档次，参保人自愿选择档次缴费，"
                 "多缴多得。城乡居民基本养老保险基础养老金按月发放，养老金由社会化机构代发。",
                 "body", "养老保险", id="resident pension, no title"),
    pytest.param("青禾市医疗保障局信息系统运维服务项目招标公告",
                 "一、采购项目名称：信息系统运维服务。二、供应商资格要求：具有独立承担民事责任的能力。"
                 "三、投标截止时间：2025年3月10日上午九时。",
                 "title", "招标", id="tender of an insurance bureau"),
    pytest.param("关于调整2025年度职工基本医疗保险缴费基数的通知",
                 "各参保单位：2025年度职工医保单位缴费比例为百分之七，个人缴费比例为百分之二，缴费基数按上年度工资总额核定。",
                 "title", "职工基本医疗保险", id="employee insurance"),
    pytest.param(None,
                 "各参保单位：即日起办理职工医保年度缴费基数申报。职工医保单位缴费比例为百分之七，个人缴纳百分之二，"
                 "灵活就业人员参加职工医保的，按年度一次缴纳。职工医保住院起付标准不变。",
                 "body", "职工医保", id="employee insurance, no title"),
    pytest.param(None, REPORT, "body", "城乡居民医保", id="long report, one sentence on the scheme"),
    pytest.param(None, "", "body", None, id="empty document"),
]

ON_TOPIC = [
    pytest.param("关于做好2025年城乡居民基本医疗保险参保缴费工作的通知",
                 "各县区：2025年度居民医保个人缴费标准为每人每年四百元，集中征缴期为上年九月至十二月。",
                 "title", "城乡居民基本医疗保险", id="titled notice"),
    pytest.param(None, "2025年度医保参保缴费开始啦！个人缴费标准每人每年四百元，请于年底前通过手机缴纳。",
                 "body", "个人缴费标准", id="short payment notice, no title"),
    pytest.param(None, "各村：今年参合农民每人缴纳一百五十元，由村卫生室统一收取，新农合住院报销比例提高五个百分点。",
                 "body", "新农合", id="old rural cooperative scheme"),
    pytest.param("关于做好城乡居民医保和职工医保参保缴费工作的通知",
                 "各单位：城乡居民医保个人缴费标准每人每年四百元；职工医保缴费办法不变。",
                 "title", "城乡居民医保", id="both schemes: the resident one counts"),
    pytest.param(None,
                 "除职工医保参保人员外，辖区内城乡居民均应参加居民医保，个人缴费标准为每人每年四百元。"
                 "继续执行药品带量采购结果，居民医保住院政策范围内报销比例保持在百分之七十左右。",
                 "body", "居民医保", id="names the employee scheme and drug purchases in passing"),
    pytest.param("关于做好有关工作的通知",
                 "各有关单位：城乡居民大病保险起付标准降至一万元，报销比例提高到百分之六十，医疗救助对象不设起付线。",
                 "body", "城乡居民大病保险", id="a title that says nothing"),
]


@pytest.mark.parametrize("title, body, basis, strongest", OFF_TOPIC)
def test_off_topic_documents(title, body, basis, strongest):
    topic = classify(body, title=title)
    assert (topic.subject, topic.basis) == (OTHER, basis)
    assert (topic.evidence[0].term if topic.evidence else None) == strongest
    # The side that decided comes first: a term against, unless none was found.
    assert all(c.weight > 0 for c in topic.evidence) or topic.evidence[0].weight < 0


@pytest.mark.parametrize("title, body, basis, strongest", ON_TOPIC)
def test_resident_insurance_documents(title, body, basis, strongest):
    topic = classify(body, title=title)
    assert (topic.subject, topic.basis) == (RESIDENT, basis)
    assert topic.evidence[0].term == strongest and topic.evidence[0].weight > 0


@pytest.mark.parametrize("title, body, basis, strongest", OFF_TOPIC + ON_TOPIC)
def test_evidence_points_at_its_words(title, body, basis, strongest):
    text = (title or "") + "\n" + body
    topic = classify(text, len(title or "") + 1, title=title)
    assert len(topic.evidence) <= 5
    for cue in topic.evidence:
        if cue.span is not None:
            assert text[cue.span.start:cue.span.end] == cue.term
        assert cue.count >= 1 and cue.in_title == (cue.term in tally(title or ""))


def test_a_title_read_off_the_page_has_no_span():
    # An HTML page's title field may not stand in the text: its terms count, without a place.
    topic = classify("正文从略。", title="关于做好城镇居民医保缴费工作的通知")
    assert [(c.term, c.count, c.span, c.in_title) for c in topic.evidence] == [("城镇居民医保", 1, None, True)]


@pytest.mark.parametrize("text, counted", [
    ("职工医保", {"职工医保": 1}),  # the longest term takes the place: no 医保 for the subject
    ("药品带量采购项目", {"带量采购": 1}),  # and shields the place from reading as a tender's 采购项目
    ("居民医保和医保基金", {"居民医保": 1, "医保": 1}),
    ("城乡居民基本医疗保险", {"城乡居民基本医疗保险": 1}),
])
def test_each_place_counts_for_its_longest_term(text, counted):
    assert {term: h.count for term, h in tally(text).items()} == counted


def _notice(text: str, name: str):
    data = text.encode("utf-8")
    return from_raw(RawText(text=text, format="txt"), name, hashlib.sha256(data).hexdigest())


def test_the_record_carries_the_topic():
    notice = _notice("关于2025年秋季学期学费收费标准的通知\n各学校：\n一、学费每生每学期八百元。\n", "fees.txt")
    record = json.loads(notice.model_dump_json())
    topic = record["documents"][0]["topic"]
    assert topic["subject"] == OTHER and topic["basis"] == "title"
    assert topic["evidence"][0]["term"] == "学费" and topic["evidence"][0]["in_title"] is True


BUNDLED = sorted((ROOT / "corpus" / "samples").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "pages").glob("*.*"))
SHARED = ROOT.parent / "shared" / "dev"
BUNDLED += sorted(p for p in SHARED.glob("*.txt") if not (ROOT / "corpus" / "samples" / p.name).exists())


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_every_bundled_notice_is_on_topic(path):
    for doc in extract(path).documents:
        assert doc.topic.subject == RESIDENT, (path.name, doc.topic)


# Real government files kept by tests/test_real_documents.py: a tax notice, two yearly reports, a budget
# that names pensions, housing funds and purchases, and a resident insurance notice as a web page.
REAL = {
    "chinatax_caishui_2013_81.html": OTHER,
    "hongze_2023_gov_info_report.pdf": OTHER,
    "huaian_2024_gov_info_report.pdf": OTHER,
    "putuo_welfare_home_2024_budget.pdf": OTHER,
    "shanxi_2021_resident_medical_insurance.html": RESIDENT,
}


@pytest.mark.parametrize("name, subject", REAL.items())
def test_real_files_of_both_kinds(name, subject):
    path = ROOT / "tests" / "data" / "real" / name
    if not path.exists():
        pytest.skip(f"{name} is not in tests/data/real")
    assert [d.topic.subject for d in extract(path).documents] == [subject]


# --- the vocabulary file -------------------------------------------------------------------


def _topic_toml() -> str:
    return resources.files("extractor.reading.data").joinpath("topic.toml").read_text("utf-8")


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.mark.parametrize("edit, message", [
    (lambda t: t + '"医保" = 1\n', "topic.toml: [other]: '医保' is also a term of [resident]"),
    (lambda t: _replace(t, "min_score =", "min_scor ="),
     "topic.toml: [decide]: unknown key 'min_scor' (allowed: evidence, min_density, min_score, title_margin)"),
    (lambda t: _replace(t, '"新农合" = 6', '"新农合" = 0'),
     "topic.toml: [resident]: 新农合: Input should be greater than or equal to 1 (got 0)"),
    (lambda t: _replace(t, '"学费" = 5', '"学费" = "5"'),
     "topic.toml: [other]: 学费: Input should be a valid integer (got '5')"),
])
def test_a_broken_vocabulary_is_one_line(edit, message):
    assert validate_topic_text(_topic_toml()).weights()  # the file as shipped loads
    with pytest.raises(DataFileError) as error:
        validate_topic_text(edit(_topic_toml()))
    assert str(error.value) == message


# --- the store: comparisons leave other documents out --------------------------------------

PROVINCE = """湖南省医疗保障局
关于做好2024年城乡居民基本医疗保障工作的通知
湘医保发〔2024〕7号
各市州医疗保障局：
一、筹资标准。2024年全省居民医保人均财政补助标准不低于670元，个人缴费标准达到每人每年400元。
"""
CITY_2023 = """株洲市医疗保障局
关于做好2023年城乡居民基本医疗保障工作的通知
株医保发〔2023〕4号
各县（市、区）医疗保障局：
一、筹资标准。2023年全市居民医保人均财政补助标准达到640元，个人缴费标准为每人每年380元。
"""
# Filed with the others by mistake: an employee-insurance notice whose figures would fall short
# of the province's and read as the city's change from 2023.
EMPLOYEE_2024 = """株洲市医疗保障局
关于做好2024年职工基本医疗保险缴费工作的通知
株医保发〔2024〕11号
各县（市、区）医疗保障局：
一、缴费。2024年全市职工医保单位缴费比例不变，人均财政补助标准达到600元，个人缴费标准为每人每年300元。
"""


@pytest.fixture()
def filled(store):
    ids = {}
    for name, text in [("province.txt", PROVINCE), ("city_2023.txt", CITY_2023), ("employee_2024.txt", EMPLOYEE_2024)]:
        ids[name] = store.add(_notice(text, name), text.encode("utf-8")).notice_id
    return store, ids


@pytest.mark.parametrize("include_other, expected", [
    (False, []),
    (True, [("employee_2024.txt", "contribution.individual", "differs"), ("employee_2024.txt", "subsidy.per_capita", "falls short")]),
])
def test_compliance_leaves_other_documents_out(filled, include_other, expected):
    store, ids = filled
    names = {v: k for k, v in ids.items()}
    found = compliance(store, year=2024, include_other=include_other)
    assert sorted((names[f.notice], f.field, f.status) for f in found) == expected


@pytest.mark.parametrize("include_other, expected", [(False, []), (True, [(2023, 640, 2024, 600)])])
def test_changes_leave_other_documents_out(filled, include_other, expected):
    store, _ = filled
    found = changes(store, city="株洲市", field="subsidy.per_capita", include_other=include_other)
    assert [(c.year_from, c.value_from, c.year_to, c.value_to) for c in found] == expected


@pytest.mark.parametrize("include_other, expected", [(False, ["city_2023.txt"]), (True, ["city_2023.txt", "employee_2024.txt"])])
def test_regions_by_years_leaves_other_documents_out(filled, include_other, expected):
    store, ids = filled
    names = {v: k for k, v in ids.items()}
    picked = documents_of(store, ["湖南省株洲市"], [2023, 2024], include_other=include_other)
    assert [names[n] for n, _ in picked] == expected


def test_a_record_stored_before_the_flag_stays_in(store):
    notice = _notice(EMPLOYEE_2024, "employee_2024.txt")
    unflagged = notice.model_copy(update={"documents": tuple(d.model_copy(update={"topic": None}) for d in notice.documents)})
    notice_id = store.add(unflagged, b"").notice_id
    assert off_topic(store) == set()
    assert documents_of(store, ["湖南省株洲市"], [2024]) == [(notice_id, 0)]
    assert {row["topic"] for row in long_rows(store)} == {None}


def test_exports_carry_the_topic(filled):
    store, ids = filled
    assert off_topic(store) == {(ids["employee_2024.txt"], 0)}
    by_file = {}
    for row in long_rows(store):
        by_file.setdefault(row["file_name"], set()).add(row["topic"])
    assert by_file == {"province.txt": {RESIDENT}, "city_2023.txt": {RESIDENT}, "employee_2024.txt": {OTHER}}
    subjects = {r["source"]: r["documents"][0]["topic"]["subject"] for r in records(store)}
    assert subjects == {"province.txt": RESIDENT, "city_2023.txt": RESIDENT, "employee_2024.txt": OTHER}


# --- the app: a badge on the notice, a switch in the regions × years comparison -------------


@pytest.mark.parametrize("params, shown", [
    ({"by": "region", "regions": "湖南省株洲市", "years": "2024"}, []),
    ({"by": "region", "regions": "湖南省株洲市", "years": "2024", "other": "1"}, ["湖南省株洲市 2024 · 株医保发〔2024〕11号"]),
])
def test_the_app_sets_other_documents_apart(tmp_path, monkeypatch, params, shown):
    pytest.importorskip("streamlit")
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from corpus.store import open_store

    monkeypatch.setenv("MEDNOTICE_DB", str(tmp_path / "app.db"))
    monkeypatch.syspath_prepend(str(ROOT))
    st.cache_resource.clear()
    st.cache_data.clear()
    # A store that is not empty: the app does not fill it with the bundled corpus.
    open_store(str(tmp_path / "app.db"), create=True).add(_notice(EMPLOYEE_2024, "employee_2024.txt"), b"")

    def page(name: str):
        import app

        getattr(app, name)()

    compare = AppTest.from_function(page, args=("compare_page",), default_timeout=60)
    for key, value in params.items():
        compare.query_params[key] = value
    compare.run()
    assert not compare.exception
    # The notice columns stand between the label column and the row status (corpus.views.Comparison.frames).
    columns = list(compare.dataframe[0].value.columns) if compare.dataframe else []
    assert (columns[1:columns.index("状态 Status")] if columns else []) == shown
    notice = AppTest.from_function(page, args=("notice_page",), default_timeout=60)
    notice.query_params["id"] = "1.0"
    notice.run()
    (badge,) = [w.value for w in notice.warning]
    assert badge.startswith("非居民医保文件 Not about resident medical insurance (title: 职工基本医疗保险×1、职工医保×1")
