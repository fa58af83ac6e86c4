"""The rules of corrections by hand (corpus.corrections), no database: what each check accepts and
how it normalises it, the one line it gives for each kind of wrong input, how a notice's corrections
fold into the state a reader sees, and how a parameter is found again after re-extraction."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from corpus.corrections import (
    Correction,
    CorrectionError,
    check_field,
    check_metadata,
    check_parameter,
    check_qualifier,
    check_region,
    check_scope,
    check_unit,
    check_value,
    check_year,
    fold,
    likeness,
    match_key,
    pair,
    region,
    scope_from_text,
    undone_ids,
    units_of,
)

DATA = Path(__file__).resolve().parent.parent / "extractor" / "figures" / "data"
# The fields a correction may name, read from the data file itself (a cue of two levels, with "+",
# is the binder's, not a field).
FIELDS = [f["id"] for f in tomllib.loads((DATA / "fields.toml").read_text("utf-8"))["field"] if "+" not in f["id"]]
QUALIFIERS = "达到, 提高到, 全额, 不低于, 以上, 起, 不超过, 前, 左右"
INSURED_GROUPS = "elderly, elderly_70_plus, elderly_60_69, working_age, adults, minors, students, university_students, other"
POPULATIONS = ("tekun, dibao, poverty_registered, returned_poverty, monitored, stable_alleviated, severe_disabled, "
               "disabled, low_income_elderly, low_income_rural, low_income_rural_and_alleviated")
META_KEYS = "province, city, county, level, policy_year, doc_number, title, issue_date"


def refused(call, *args) -> str:
    """The message of the CorrectionError ``call(*args)`` raises; a one-line message."""
    with pytest.raises(CorrectionError) as caught:
        call(*args)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- fields -------------------------------------------------------------------------------------


def test_the_fields_file_names_the_fields_a_correction_may_name():
    # The oracle of the messages below: guards against reading the wrong table of fields.toml.
    assert FIELDS[:3] == ["financing.total", "subsidy.per_capita", "subsidy.per_capita_increase"]
    assert "contribution.individual" in FIELDS and "subsidy.city+subsidy.county" not in FIELDS
    assert len(FIELDS) == len(set(FIELDS))


@pytest.mark.parametrize("field, label, tier", [
    ("subsidy.per_capita", "人均财政补助标准", "core"),
    ("contribution.individual", "个人缴费标准", "core"),
    ("procurement.count", "集采品种数", "extended"),
])
def test_check_field_accepts_a_catalog_field(field, label, tier):
    rule = check_field(field)
    assert (rule.label, rule.tier) == (label, tier)


@pytest.mark.parametrize("field, suggestion", [
    ("subsidy.percapita", " (did you mean subsidy.per_capita?)"),
    ("contribution.individul", " (did you mean contribution.individual?)"),
    ("nonsense.thing", ""),
    # A binder cue is not a field, however close it is to one.
    ("subsidy.city+subsidy.county", " (did you mean subsidy.city?)"),
    ("", ""),
])
def test_check_field_names_the_fields_and_the_closest_one(field, suggestion):
    assert refused(check_field, field) == f"unknown field {field}{suggestion}; the fields are {', '.join(FIELDS)}"


# --- scopes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("field, scope, checked", [
    ("contribution.individual", {"insured_group": "minors"}, {"insured_group": "minors"}),
    # Sorted by key, as the store keeps it.
    ("contribution.individual", {"population": "dibao", "insured_group": "minors"},
     {"insured_group": "minors", "population": "dibao"}),
    ("subsidy.central", {"county_type": "western"}, {"county_type": "western"}),
    ("assistance.contribution_subsidy", {"population": "stable_alleviated"}, {"population": "stable_alleviated"}),
    ("outpatient.daily_cap", {"facility_level": "county_and_above"}, {"facility_level": "county_and_above"}),
    ("financing.total", {}, {}),
    ("subsidy.per_capita_increase", {}, {}),
])
def test_check_scope_accepts_the_fields_keys_and_the_vocabulary(field, scope, checked):
    result = check_scope(field, scope)
    assert result == checked and list(result) == list(checked)


@pytest.mark.parametrize("field, scope, message", [
    # a key the field does not take
    ("financing.total", {"population": "dibao"},
     "scope key population does not apply to financing.total; its scope keys are insured_group"),
    ("subsidy.per_capita_increase", {"population": "dibao"},
     "scope key population does not apply to subsidy.per_capita_increase; its scope keys are none: it takes no scope"),
    ("contribution.individual", {"county_type": "general"},
     "scope key county_type does not apply to contribution.individual; "
     "its scope keys are insured_group, population, payment_grade, condition"),
    # a value outside the vocabulary: the error names the allowed values
    ("contribution.individual", {"insured_group": "老年人"},
     f"insured_group=老年人 is not in the vocabulary: insured_group is one of {INSURED_GROUPS}"),
    ("contribution.individual", {"insured_group": "minor"},
     f"insured_group=minor is not in the vocabulary (did you mean minors?): insured_group is one of {INSURED_GROUPS}"),
    ("assistance.contribution_subsidy", {"population": "低保对象"},
     f"population=低保对象 is not in the vocabulary: population is one of {POPULATIONS}"),
    ("subsidy.central", {"county_type": "eastern"},
     "county_type=eastern is not in the vocabulary (did you mean western?): county_type is one of general, western"),
    ("contribution.individual", {"insured_group": ""},
     f"insured_group= is not in the vocabulary: insured_group is one of {INSURED_GROUPS}"),
    # the first wrong key is the one named
    ("contribution.individual", {"insured_group": "minors", "population": "nobody"},
     f"population=nobody is not in the vocabulary: population is one of {POPULATIONS}"),
])
def test_check_scope_refuses_with_one_line(field, scope, message):
    assert refused(check_scope, field, scope) == message


def test_check_scope_of_an_unknown_field_is_the_field_error():
    assert refused(check_scope, "no.field", {}).startswith("unknown field no.field; the fields are financing.total, ")


@pytest.mark.parametrize("text, scope", [
    ("county_type=general, insured_group=minors", {"county_type": "general", "insured_group": "minors"}),
    ("population=dibao;insured_group=minors", {"population": "dibao", "insured_group": "minors"}),
    ("  insured_group = minors  ", {"insured_group": "minors"}),
    ("insured_group=minors,", {"insured_group": "minors"}),
    ("", {}),
    (" , ; ", {}),
    ("k=v=w", {"k": "v=w"}),
])
def test_scope_from_text_reads_what_a_person_types(text, scope):
    assert scope_from_text(text) == scope


@pytest.mark.parametrize("text, message", [
    ("insured_group", "scope insured_group: write it as key=value, e.g. insured_group=minors"),
    ("population=dibao, minors", "scope minors: write it as key=value, e.g. insured_group=minors"),
    ("insured_group:minors", "scope insured_group:minors: write it as key=value, e.g. insured_group=minors"),
    ("=minors", "scope =minors: write it as key=value, e.g. insured_group=minors"),
    ("insured_group=", "scope insured_group=: write it as key=value, e.g. insured_group=minors"),
    ("insured_group=minors,insured_group=adults", "scope insured_group=minors,insured_group=adults: insured_group is "
                                                  "given twice; a parameter has one value of each scope key"),
    ("population=dibao; population = dibao", "scope population=dibao; population = dibao: population is given twice; "
                                             "a parameter has one value of each scope key"),
])
def test_scope_from_text_refuses_a_part_without_equals(text, message):
    assert refused(scope_from_text, text) == message


# --- units, values, qualifiers, years ------------------------------------------------------------------


@pytest.mark.parametrize("field, units", [
    ("contribution.individual", ("元",)),
    ("inpatient.reimbursement_ratio", ("%",)),
    ("assistance.contribution_subsidy", ("%", "元")),
    ("enrollment.payment_period", ("月", "date")),
    ("enrollment.payment_deadline", ("date",)),
    ("enrollment.waiting_period", ("月", "天", "年")),
    ("critical_illness.ratio_increase", ("百分点",)),
    ("procurement.count", ("个",)),
])
def test_units_of_follow_the_fields_kinds(field, units):
    assert units_of(field) == units


@pytest.mark.parametrize("field, unit", [
    ("contribution.individual", "元"),
    ("assistance.contribution_subsidy", "%"),
    ("assistance.contribution_subsidy", "元"),
    ("enrollment.payment_period", "date"),
    ("enrollment.waiting_period", "天"),
    ("critical_illness.ratio_increase", "百分点"),
])
def test_check_unit_accepts_a_unit_of_the_field(field, unit):
    assert check_unit(field, unit) == unit


@pytest.mark.parametrize("field, unit, message", [
    ("contribution.individual", "%", "unit % does not fit contribution.individual: its units are 元"),
    ("inpatient.reimbursement_ratio", "百分点", "unit 百分点 does not fit inpatient.reimbursement_ratio: its units are %"),
    ("enrollment.payment_deadline", "月", "unit 月 does not fit enrollment.payment_deadline: its units are date"),
    ("enrollment.waiting_period", "周", "unit 周 does not fit enrollment.waiting_period: its units are 月, 天, 年"),
    ("assistance.contribution_subsidy", "", "unit  does not fit assistance.contribution_subsidy: its units are %, 元"),
])
def test_check_unit_refuses_a_unit_that_does_not_fit(field, unit, message):
    assert refused(check_unit, field, unit) == message


@pytest.mark.parametrize("value, unit, checked", [
    (650, "元", 650),
    (13.5, "元", 13.5),
    (0, "%", 0),
    ("2023-09-15", "date", "2023-09-15"),
    ("2024-02-29", "date", "2024-02-29"),
    ("2023-09", "date", "2023-09"),
    ("2023", "date", "2023"),
    ([9, 12], "月", [9, 12]),
    (["2023-09-01", "2023-12-31"], "date", ["2023-09-01", "2023-12-31"]),
])
def test_check_value_accepts_a_value_fit_for_its_unit(value, unit, checked):
    assert check_value(value, unit) == checked


@pytest.mark.parametrize("value, unit, message", [
    # not a number (a text value is shown quoted, so that an empty or odd one shows)
    ("abc", "元", 'value "abc" is not a number (unit 元)'),
    ("", "元", 'value "" is not a number (unit 元)'),
    # a number as text is not a number (the command line reads JSON first, so it sends 640)
    ("640", "元", 'value "640" is not a number (unit 元)'),
    (True, "%", "value true is not a number (unit %)"),
    (None, "元", "value null is not a number (unit 元)"),
    ("2023-09-15", "元", 'value "2023-09-15" is not a number (unit 元)'),
    # a figure of the catalog is finite and never below zero
    (-5, "元", "value -5 is not a figure of 元: it must be finite and not negative"),
    (-0.5, "%", "value -0.5 is not a figure of %: it must be finite and not negative"),
    (float("inf"), "元", "value inf is not a figure of 元: it must be finite and not negative"),
    (float("nan"), "%", "value nan is not a figure of %: it must be finite and not negative"),
    # not an ISO date, or a date that does not exist
    ("2023/09/15", "date", 'value "2023/09/15" is not an ISO date (2023-09-15, 2023-09 or 2023)'),
    ("2023年9月15日", "date", 'value "2023年9月15日" is not an ISO date (2023-09-15, 2023-09 or 2023)'),
    (20230915, "date", "value 20230915 is not an ISO date (2023-09-15, 2023-09 or 2023)"),
    ("2023-02-30", "date", 'value "2023-02-30" is not an ISO date (2023-09-15, 2023-09 or 2023)'),
    ("2023-02-29", "date", 'value "2023-02-29" is not an ISO date (2023-09-15, 2023-09 or 2023)'),
    ("2023-13", "date", 'value "2023-13" is not an ISO date (2023-09-15, 2023-09 or 2023)'),
    # a range is two values
    ([1, 2, 3], "月", "a range is two values, [from, to]: [1, 2, 3]"),
    ([9], "月", "a range is two values, [from, to]: [9]"),
    ([], "月", "a range is two values, [from, to]: []"),
    (["2023-09", "2023-10", "2023-11"], "date", 'a range is two values, [from, to]: ["2023-09", "2023-10", "2023-11"]'),
    # each end of a range is checked
    ([9, "x"], "月", 'value "x" is not a number (unit 月)'),
    ([9, -1], "月", "value -1 is not a figure of 月: it must be finite and not negative"),
    (["2023-09-01", "2023-02-30"], "date", 'value "2023-02-30" is not an ISO date (2023-09-15, 2023-09 or 2023)'),
])
def test_check_value_refuses_with_one_line(value, unit, message):
    assert refused(check_value, value, unit) == message


@pytest.mark.parametrize("qualifier", [None, "达到", "提高到", "全额", "不低于", "以上", "起", "不超过", "前", "左右"])
def test_check_qualifier_accepts_the_qualifiers_and_none(qualifier):
    assert check_qualifier(qualifier) == qualifier


@pytest.mark.parametrize("qualifier", ["大约", "不少于", "", ">="])
def test_check_qualifier_refuses_another_word(qualifier):
    assert refused(check_qualifier, qualifier) == f"qualifier {qualifier} is not one of {QUALIFIERS} (or none)"


@pytest.mark.parametrize("year", [None, 1949, 2024, 2100])
def test_check_year_accepts_a_year_in_range(year):
    assert check_year(year) == year


@pytest.mark.parametrize("year, shown", [
    (1948, "1948"), (2101, "2101"), (0, "0"), (-2023, "-2023"),
    ("2023", '"2023"'), (2023.0, "2023.0"), (True, "true"),
])
def test_check_year_refuses_what_is_not_a_year(year, shown):
    assert refused(check_year, year) == f"year {shown} is not a year (a whole number, 1949–2100)"


@pytest.mark.parametrize("field, attributes, checked", [
    ("contribution.individual",
     {"value": 380, "unit": "元", "scope": {"population": "dibao", "insured_group": "minors"}, "year": 2024, "qualifier": "不低于"},
     {"value": 380, "unit": "元", "scope": {"insured_group": "minors", "population": "dibao"}, "year": 2024, "qualifier": "不低于"}),
    ("contribution.individual", {"scope": None}, {"scope": {}}),
    ("contribution.individual", {"year": None, "qualifier": None}, {"year": None, "qualifier": None}),
    # without a unit, the value is checked against the field's first unit
    ("enrollment.payment_deadline", {"value": "2023-12-31"}, {"value": "2023-12-31"}),
    ("assistance.contribution_subsidy", {"value": 80}, {"value": 80}),
    ("assistance.contribution_subsidy", {"value": 128, "unit": "元"}, {"value": 128, "unit": "元"}),
    ("enrollment.payment_period", {"value": ["2015-04", "2015-10-31"], "unit": "date"},
     {"value": ["2015-04", "2015-10-31"], "unit": "date"}),
])
def test_check_parameter_checks_the_attributes_together(field, attributes, checked):
    assert check_parameter(field, attributes) == checked


@pytest.mark.parametrize("field, attributes, message", [
    # the unit is checked before the value
    ("contribution.individual", {"value": "x", "unit": "%"}, "unit % does not fit contribution.individual: its units are 元"),
    ("enrollment.payment_deadline", {"value": 5}, "value 5 is not an ISO date (2023-09-15, 2023-09 or 2023)"),
    ("assistance.contribution_subsidy", {"value": "2023-01", "unit": "元"}, 'value "2023-01" is not a number (unit 元)'),
    ("contribution.individual", {"value": -40}, "value -40 is not a figure of 元: it must be finite and not negative"),
    ("contribution.individual", {"scope": {"insured_group": "老年人"}},
     f"insured_group=老年人 is not in the vocabulary: insured_group is one of {INSURED_GROUPS}"),
    ("contribution.individual", {"year": 3000}, "year 3000 is not a year (a whole number, 1949–2100)"),
    ("contribution.individual", {"qualifier": "大约"}, f"qualifier 大约 is not one of {QUALIFIERS} (or none)"),
])
def test_check_parameter_refuses_with_the_first_wrong_attribute(field, attributes, message):
    assert refused(check_parameter, field, attributes) == message


# --- metadata --------------------------------------------------------------------------------------


@pytest.mark.parametrize("changes, checked", [
    ({"level": "county"}, {"level": "county"}),
    ({"level": "national"}, {"level": "national"}),
    ({"policy_year": 2023}, {"policy_year": 2023}),
    ({"issue_date": "2023-08-30"}, {"issue_date": "2023-08-30"}),
    ({"issue_date": "2024-02-29"}, {"issue_date": "2024-02-29"}),
    # 文号: the year's brackets become 〔〕 whatever a person typed
    ({"doc_number": "忻医保发〔2023〕10号"}, {"doc_number": "忻医保发〔2023〕10号"}),
    ({"doc_number": "忻医保发【2023】10号"}, {"doc_number": "忻医保发〔2023〕10号"}),
    ({"doc_number": "忻医保发[2023]10号"}, {"doc_number": "忻医保发〔2023〕10号"}),
    ({"doc_number": "忻医保发（2023）10号"}, {"doc_number": "忻医保发〔2023〕10号"}),
    ({"doc_number": "忻医保发(2023)10号"}, {"doc_number": "忻医保发〔2023〕10号"}),
    ({"doc_number": " 咸医保发[2022]22号 "}, {"doc_number": "咸医保发〔2022〕22号"}),
    # a title's white space is folded
    ({"title": "  关于做好  2023年\n居民医保工作的通知 "}, {"title": "关于做好 2023年 居民医保工作的通知"}),
    # region parts, each at its own level
    ({"province": "山西省", "city": "忻州市", "county": "平鲁区"}, {"province": "山西省", "city": "忻州市", "county": "平鲁区"}),
    ({"county": "鼓楼区"}, {"county": "鼓楼区"}),
    # None clears a key, any key
    ({k: None for k in META_KEYS.split(", ")}, {k: None for k in META_KEYS.split(", ")}),
    # in the order given
    ({"policy_year": 2022, "level": "city"}, {"policy_year": 2022, "level": "city"}),
])
def test_check_metadata_accepts_and_normalises(changes, checked):
    result = check_metadata(changes)
    assert result == checked and list(result) == list(checked)


@pytest.mark.parametrize("changes, message", [
    ({"level": "town"}, "level town is not one of national, province, city, county"),
    ({"level": "County"}, "level County is not one of national, province, city, county"),
    ({"policy_year": 1900}, "year 1900 is not a year (a whole number, 1949–2100)"),
    ({"policy_year": 2101}, "year 2101 is not a year (a whole number, 1949–2100)"),
    ({"issue_date": "2023-02-30"}, "issue date 2023-02-30 is not an ISO date such as 2023-08-30"),
    ({"issue_date": "2023-02"}, "issue date 2023-02 is not an ISO date such as 2023-08-30"),
    ({"issue_date": "2023/08/30"}, "issue date 2023/08/30 is not an ISO date such as 2023-08-30"),
    ({"issue_date": "2023年8月30日"}, "issue date 2023年8月30日 is not an ISO date such as 2023-08-30"),
    ({"doc_number": "xyz"}, "文号 xyz is not a 文号 such as 忻医保发〔2023〕10号"),
    ({"doc_number": "忻医保发2023年10号"}, "文号 忻医保发2023年10号 is not a 文号 such as 忻医保发〔2023〕10号"),
    ({"author": "someone"}, f"author is not a metadata key that can be corrected: {META_KEYS}"),
    ({"region": "福州市鼓楼区"}, f"region is not a metadata key that can be corrected: {META_KEYS}"),
    ({"title": " \n "}, "title is empty: give the text, or clear it"),
    ({"province": "山西"}, '"山西" is not a province the region list knows (did you mean 山西省?)'),
    ({"province": "忻州市"}, '"忻州市" is not a province the region list knows'),
    ({"city": "山西省"}, '"山西省" is not a city the region list knows'),
    ({"county": "火星县"}, '"火星县" is not a county the region list knows'),
    ({"county": ""}, '"" is not a county the region list knows'),
    # the first wrong key stops the check
    ({"level": "city", "policy_year": 1800, "issue_date": "x"}, "year 1800 is not a year (a whole number, 1949–2100)"),
])
def test_check_metadata_refuses_with_one_line(changes, message):
    assert refused(check_metadata, changes) == message


@pytest.mark.parametrize("name, found", [
    ("平鲁区", {"province": "山西省", "city": "朔州市", "county": "平鲁区", "level": "county"}),
    ("福州市鼓楼区", {"province": "福建省", "city": "福州市", "county": "鼓楼区", "level": "county"}),
    ("南京市鼓楼区", {"province": "江苏省", "city": "南京市", "county": "鼓楼区", "level": "county"}),
    ("福建省福州市鼓楼区", {"province": "福建省", "city": "福州市", "county": "鼓楼区", "level": "county"}),
    ("北京市朝阳区", {"province": "北京市", "city": None, "county": "朝阳区", "level": "county"}),
    ("福州市", {"province": "福建省", "city": "福州市", "county": None, "level": "city"}),
    ("锡林郭勒盟", {"province": "内蒙古自治区", "city": "锡林郭勒盟", "county": None, "level": "city"}),
    ("福建省", {"province": "福建省", "city": None, "county": None, "level": "province"}),
    ("北京市", {"province": "北京市", "city": None, "county": None, "level": "province"}),
])
def test_region_resolves_one_name_to_province_city_county_and_level(name, found):
    assert region(name) == found


@pytest.mark.parametrize("name, message", [
    ("鼓楼区", "鼓楼区 names 4 regions (江苏省南京市鼓楼区, 江苏省徐州市鼓楼区, 福建省福州市鼓楼区, 河南省开封市鼓楼区): "
              "write it with its parent"),
    ("朝阳区", "朝阳区 names 2 regions (北京市朝阳区, 吉林省长春市朝阳区): write it with its parent"),
    ("火星市", '"火星市" is not a region the region list knows'),
    ("鼓楼", '"鼓楼" is not a region the region list knows (did you mean 鼓楼区?)'),
    ("山西", '"山西" is not a region the region list knows (did you mean 山西省?)'),
    ("平鲁区abc", '"平鲁区abc" is not a region the region list knows (did you mean 平鲁区?)'),
    ("", '"" is not a region the region list knows'),
])
def test_region_refuses_an_ambiguous_or_unknown_name(name, message):
    assert refused(region, name) == message


@pytest.mark.parametrize("province, city, county", [
    ("山西省", "朔州市", "平鲁区"),
    ("福建省", "福州市", "鼓楼区"),
    ("江苏省", None, "鼓楼区"),
    (None, None, "平鲁区"),
    ("北京市", None, "朝阳区"),
    ("山西省", None, None),
    (None, None, None),
])
def test_check_region_accepts_parts_that_belong_together(province, city, county):
    assert check_region(province, city, county) is None


@pytest.mark.parametrize("province, city, county, message", [
    ("北京市", "沈阳市", None, "沈阳市 is in 辽宁省, not 北京市: give the region as one name (--region 沈阳市) to set them together"),
    ("江苏省", "福州市", "鼓楼区", "福州市 is in 福建省, not 江苏省: give the region as one name (--region 福州市) to set them together"),
    ("甘肃省", "庆阳市", "平鲁区",
     "平鲁区 is in 山西省朔州市, not 甘肃省庆阳市: give the region as one name (--region 平鲁区) to set them together"),
    ("北京市", None, "平鲁区", "平鲁区 is in 山西省朔州市, not 北京市: give the region as one name (--region 平鲁区) to set them together"),
])
def test_check_region_refuses_parts_of_two_regions(province, city, county, message):
    assert refused(check_region, province, city, county) == message


# --- folding a notice's corrections -------------------------------------------------------------------


def C(id, action, target=None, *, document=0, field="contribution.individual", old=None, new=None, note=None):
    return Correction(id, 1, action, document, None if target is None else str(target), field, old, new, None, note)


def U(id, undoes):
    return C(id, "undone", undoes, document=None, field=None)


@pytest.mark.parametrize("corrections, undone", [
    ([], set()),
    ([C(1, "rejected", 7)], set()),
    ([C(1, "rejected", 7), U(2, 1)], {1}),
    # an undo of an undo restores the correction
    ([C(1, "rejected", 7), U(2, 1), U(3, 2)], {2}),
    ([C(1, "rejected", 7), U(2, 1), U(3, 2), U(4, 3)], {1, 3}),
    # the order they are given in does not matter
    ([U(4, 3), U(2, 1), C(1, "rejected", 7), U(3, 2)], {1, 3}),
    # two corrections undone, one of them brought back
    ([C(1, "corrected", 7, new={"value": 5}), C(2, "rejected", 8), U(3, 1), U(4, 2), U(5, 4)], {1, 4}),
])
def test_undone_ids(corrections, undone):
    assert undone_ids(corrections) == undone


def folded(corrections, extracted):
    """What a fold says, as plain values to compare."""
    f = fold(corrections, set(extracted))
    return {
        "changes": f.changes,
        "rejected": {pid: c.id for pid, c in f.rejected.items()},
        "accepted": sorted(f.accepted),
        "added": {pid: c.id for pid, c in f.added.items()},
        "shaped_by": f.shaped_by,
        "notes": f.notes,
        "orphaned": [c.id for c in f.orphaned],
        "meta": f.meta,
        "copy_of": f.copy_of,
        "excluded": f.excluded and f.excluded.id,
        "undone": f.undone,
    }


NOTHING = {"changes": {}, "rejected": {}, "accepted": [], "added": {}, "shaped_by": {}, "notes": {}, "orphaned": [],
           "meta": {}, "copy_of": (False, None), "excluded": None, "undone": set()}
ADD = {"value": 300, "unit": "元", "scope": {}, "year": 2016, "qualifier": None, "tier": "core"}


@pytest.mark.parametrize("corrections, extracted, expected", [
    pytest.param([], {"1", "2"}, {}, id="nothing"),
    pytest.param(
        [C(1, "corrected", 1, old={"value": 120}, new={"value": 125}),
         C(2, "corrected", 1, old={"value": 125, "year": 2016}, new={"value": 126, "year": None}, note="typo")],
        {"1", "2"},
        {"changes": {"1": {"value": 126, "year": None}}, "shaped_by": {"1": [1, 2]}, "notes": {"1": "typo"}},
        id="corrections-of-one-parameter-merge-in-order"),
    pytest.param(
        [C(2, "corrected", 1, new={"value": 126}), C(1, "corrected", 1, new={"value": 125})], {"1"},
        {"changes": {"1": {"value": 126}}, "shaped_by": {"1": [1, 2]}},
        id="replayed-in-order-of-id-whatever-the-order-given"),
    pytest.param(
        [C(1, "rejected", 2, note="said twice"), U(2, 1), U(3, 2)], {"1", "2"},
        {"rejected": {"2": 1}, "shaped_by": {"2": [1]}, "notes": {"2": "said twice"}, "undone": {2}},
        id="undo-of-an-undo-restores-the-correction"),
    pytest.param(
        [C(1, "rejected", 2), U(2, 1)], {"1", "2"}, {"undone": {1}},
        id="an-undone-reject-leaves-nothing"),
    pytest.param(
        [C(1, "rejected", 2), C(2, "corrected", 2, new={"value": 5}), C(3, "accepted", 2), C(4, "rejected", 2)],
        {"1", "2"},
        {"rejected": {"2": 1}, "shaped_by": {"2": [1]}, "orphaned": [2, 3, 4]},
        id="corrections-of-a-rejected-parameter-are-orphaned"),
    pytest.param(
        [C(1, "rejected", 2), C(2, "corrected", 2, new={"value": 5}), U(3, 1)], {"1", "2"},
        {"changes": {"2": {"value": 5}}, "shaped_by": {"2": [2]}, "undone": {1}},
        id="undoing-the-reject-brings-the-later-correction-back"),
    pytest.param(
        [C(1, "added", None, field="financing.total", new=ADD, note="missed"),
         C(2, "corrected", "a1", field="financing.total", old={"value": 300}, new={"value": 310}),
         C(3, "rejected", "a1", field="financing.total")],
        {"1"},
        {"added": {"a1": 1}, "changes": {"a1": {"value": 310}}, "rejected": {"a1": 3}, "shaped_by": {"a1": [1, 2, 3]},
         "notes": {"a1": "missed"}},
        id="an-added-parameter-corrected-then-rejected"),
    pytest.param(
        [C(1, "added", None, field="financing.total", new=ADD), C(2, "corrected", "a1", new={"value": 310}), U(3, 1)],
        {"1"},
        {"orphaned": [2], "undone": {1}},
        id="corrections-of-an-undone-addition-are-orphaned"),
    pytest.param(
        [C(1, "corrected", 99, new={"value": 5}), C(2, "accepted", 98), C(3, "rejected", 97), C(4, "corrected", "a7")],
        {"1", "2"},
        {"orphaned": [1, 2, 3, 4]},
        id="a-target-that-is-not-extracted-is-orphaned"),
    pytest.param(
        [C(1, "accepted", 1), C(2, "accepted", 2, note="checked")], {"1", "2"},
        {"accepted": ["1", "2"], "shaped_by": {"1": [1], "2": [2]}, "notes": {"2": "checked"}},
        id="accepted"),
    pytest.param(
        [C(1, "metadata", field=None, new={"province": "福建省", "city": "福州市", "county": "鼓楼区"}),
         C(2, "metadata", field=None, new={"city": "南京市", "doc_number": "庆医发〔2016〕3号"}),
         C(3, "metadata", document=1, field=None, new={"level": "county"}),
         C(4, "metadata", field=None, new={"county": None})],
        set(),
        {"meta": {0: {"province": "福建省", "city": "南京市", "county": None, "doc_number": "庆医发〔2016〕3号"},
                  1: {"level": "county"}}},
        id="metadata-corrections-merge-key-by-key-in-order"),
    pytest.param(
        [C(1, "metadata", field=None, new={"city": "福州市"}), C(2, "metadata", field=None, new={"city": "南京市"}), U(3, 2)],
        set(),
        {"meta": {0: {"city": "福州市"}}, "undone": {2}},
        id="an-undone-metadata-correction-gives-the-key-back-to-the-one-before"),
    pytest.param(
        [C(1, "copy_of", document=None, field=None, new={"same_as": 4})], set(), {"copy_of": (True, 4)},
        id="copy-of"),
    pytest.param(
        [C(1, "copy_of", document=None, field=None, new={"same_as": 4}),
         C(2, "copy_of", document=None, field=None, new={"same_as": None})],
        set(), {"copy_of": (True, None)},
        id="not-a-copy-said-by-hand"),
    pytest.param(
        [C(1, "copy_of", document=None, field=None, new={"same_as": 4}),
         C(2, "copy_of", document=None, field=None, new={"same_as": None}), U(3, 2)],
        set(), {"copy_of": (True, 4), "undone": {2}},
        id="undoing-not-a-copy-restores-the-copy"),
    pytest.param(
        [C(1, "copy_of", document=None, field=None, new={"same_as": 4}), U(2, 1)], set(),
        {"undone": {1}},
        id="undoing-the-only-copy-of-leaves-it-to-the-doc-number"),
    pytest.param([C(1, "excluded", document=None, field=None, note="no")], set(), {"excluded": 1}, id="excluded"),
    pytest.param(
        [C(1, "excluded", document=None, field=None), C(2, "included", document=None, field=None)], set(), {},
        id="excluded-then-included"),
    pytest.param(
        [C(1, "excluded", document=None, field=None), C(2, "included", document=None, field=None),
         C(3, "excluded", document=None, field=None)],
        set(), {"excluded": 3},
        id="excluded-again"),
    pytest.param(
        [C(1, "excluded", document=None, field=None), C(2, "included", document=None, field=None), U(3, 2)],
        set(), {"excluded": 1, "undone": {2}},
        id="undoing-the-include-excludes-again"),
])
def test_fold(corrections, extracted, expected):
    assert folded(corrections, extracted) == dict(NOTHING, **expected)


# --- finding a parameter again -----------------------------------------------------------------------

# Match keys as the store keeps them for 68_qingcheng_2016.txt and 003_f2d8fd1fa102c120.txt.
S120 = "一、收费标准2016年度农民个人参合资金按每人每年120元收缴。"
S130 = "因此2016年度农民个人参合资金按130元/人收缴。"
S80 = "稳定脱贫人口按2021年城乡居民医保个人缴费资助标准的80%（128元）予以资助。"


def key(value, sentence, *, field="contribution.individual", unit="元", scope=None, year=2016):
    return {"field": field, "scope": scope or {}, "unit": unit, "year": year, "value": value, "sentence": sentence}


STABLE = {"population": "stable_alleviated"}
P80 = key(80, S80, field="assistance.contribution_subsidy", unit="%", scope=STABLE, year=2022)
P128 = key(128, S80, field="assistance.contribution_subsidy", unit="元", scope=STABLE, year=2022)


def test_match_key_reads_a_stored_row():
    row = {"field": "assistance.contribution_subsidy", "scope": '{"population": "stable_alleviated"}', "unit": "%",
           "year": 2022, "value": "80", "sentence": S80, "id": "22", "evidence": "资助标准的80%"}
    assert match_key(row) == P80


@pytest.mark.parametrize("old, new, score", [
    pytest.param(key(120, S120), key(120, S120), 16.0, id="the-same"),
    pytest.param(key(120, S120), key(125, S120), 12.0, id="value-changed-sentence-stayed"),
    pytest.param(key(120, S120), key(125, S120.replace("120", "125")), 12.0, id="value-changed-in-the-sentence-too"),
    pytest.param(key(120, S120), key(120, S120.replace("收缴", "征缴")), 16.0, id="sentence-changed-a-character"),
    pytest.param(key(120, S120), key(120, S120.replace("，", "").replace("。", "；")), 16.0, id="punctuation-changed"),
    pytest.param(key(120, S120), key(120, "个人缴费标准为每人每年120元。"), 8.0, id="same-figure-other-sentence"),
    pytest.param(key(120, S120), key(125, "个人缴费标准为每人每年125元。"), 0.0, id="nothing-kept"),
    pytest.param(key(120, S120), key(120, "个人缴费120元。", scope={"insured_group": "minors"}), 0.0,
                 id="other-sentence-and-scope"),
    pytest.param(key(120, S120), key(120, "个人缴费120元。", unit="%"), 0.0, id="other-sentence-and-unit"),
    pytest.param(key(120, S120), key(120, S120, year=2017), 15.0, id="year-changed"),
    pytest.param(key(120, S120), key(120, S120, scope={"insured_group": "minors"}), 14.0, id="scope-changed"),
    pytest.param(P80, P128, 11.0, id="one-sentence-two-units"),
    # never across fields, whatever else agrees
    pytest.param(key(120, S120), key(120, S120, field="financing.total"), 0.0, id="other-field"),
    pytest.param(P80, dict(P80, field="assistance.inpatient_ratio"), 0.0, id="other-field-same-everything"),
    # an added parameter has no sentence: only the figure can find it
    pytest.param(key(300, ""), key(300, "筹资标准300元。"), 8.0, id="no-sentence-same-figure"),
    # two empty sentences count as the same sentence (only an extracted parameter is paired, and
    # the extractor always gives one)
    pytest.param(key(300, ""), key(310, ""), 12.0, id="no-sentence-on-either-side"),
    pytest.param(key(300, ""), key(310, "筹资标准310元。"), 0.0, id="no-sentence-other-value"),
])
def test_likeness(old, new, score):
    assert likeness(old, new) == score


@pytest.mark.parametrize("old, new, pairs", [
    pytest.param([key(120, S120), key(130, S130)], [key(120, S120), key(130, S130)], {0: 0, 1: 1}, id="unchanged"),
    pytest.param([key(120, S120), key(130, S130)], [key(130, S130), key(120, S120)], {0: 1, 1: 0}, id="reordered"),
    pytest.param([key(120, S120), key(130, S130)], [key(130, S130), key(125, S120.replace("120", "125"))],
                 {0: 1, 1: 0}, id="one-value-changed-and-reordered"),
    pytest.param([key(120, S120), key(130, S130)], [key(125, S120), key(135, S130)], {0: 0, 1: 1},
                 id="both-values-changed-sentences-kept"),
    pytest.param([key(120, S120), key(130, S130)], [key(130, S130)], {1: 0}, id="one-gone"),
    pytest.param([key(130, S130)], [key(120, S120), key(130, S130)], {0: 1}, id="one-new"),
    # two of one field, scope and sentence, told apart by unit and value
    pytest.param([P80, P128], [P128, P80], {0: 1, 1: 0}, id="percent-and-yuan-swapped"),
    pytest.param([P80, P128], [dict(P80, value=85, sentence=S80.replace("80%", "85%")), P128], {0: 0, 1: 1},
                 id="percent-changed"),
    pytest.param([P80, P128], [P128, dict(P80, value=85)], {0: 1, 1: 0}, id="percent-changed-and-swapped"),
    # all else equal, the one in the same place: two of one sentence whose values both changed
    pytest.param([P80, P128], [dict(P80, value=85), dict(P128, value=130)], {0: 0, 1: 1}, id="both-changed-kept-in-place"),
    pytest.param([key(120, S120), key(130, S120)], [key(121, S120), key(131, S120), key(90, S130)], {0: 0, 1: 1},
                 id="same-sentence-both-changed"),
    # never across fields
    pytest.param([key(610, S120, field="subsidy.per_capita")], [key(610, S120)], {}, id="other-field"),
    pytest.param([key(120, S120)], [key(125, "个人缴费标准为每人每年125元。")], {}, id="nothing-like-it"),
    pytest.param([], [key(120, S120)], {}, id="nothing-before"),
])
def test_pair(old, new, pairs):
    assert pair(old, new) == pairs


# --- what a correction says in one line ---------------------------------------------------------------------


@pytest.mark.parametrize("correction, line", [
    (C(3, "corrected", 1, old={"value": 120}, new={"value": 125}), "corrected #1 contribution.individual: value 120 → 125"),
    (C(3, "corrected", 1, old={"scope": {}, "year": 2016}, new={"scope": {"population": "dibao"}, "year": None}),
     "corrected #1 contribution.individual: scope [] → [population=dibao], year 2016 → —"),
    (C(3, "corrected", 3, field="enrollment.payment_period", old={"value": ["2015-04", "2015-10-31"]},
       new={"value": ["2015-04", "2015-10"]}),
     'corrected #3 enrollment.payment_period: value ["2015-04", "2015-10-31"] → ["2015-04", "2015-10"]'),
    (C(4, "rejected", 2), "rejected #2 contribution.individual"),
    (C(5, "accepted", "a4"), "accepted #a4 contribution.individual"),
    (C(4, "added", field="financing.total", new=ADD), "added #a4 financing.total [] = 300 元"),
    (C(6, "added", new=dict(ADD, scope={"population": "dibao"})), "added #a6 contribution.individual [population=dibao] = 300 元"),
    (C(7, "metadata", field=None, old={"city": "庆阳市", "doc_number": None}, new={"city": "福州市", "doc_number": "庆医发〔2016〕3号"}),
     "metadata of document 0: city 庆阳市 → 福州市, doc_number — → 庆医发〔2016〕3号"),
    (C(8, "copy_of", field=None, new={"same_as": 2}), "copy of notice 2"),
    (C(8, "copy_of", field=None, new={"same_as": None}), "not a copy of another notice"),
    (C(9, "excluded", field=None), "excluded from comparisons and exports"),
    (C(9, "included", field=None), "included again"),
    (U(10, 9), "undone correction 9"),
])
def test_summary(correction, line):
    assert correction.summary() == line
