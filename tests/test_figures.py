"""Tables of cases: a phrase in the language of the notices → the parameters it gives.

Each phrase stands in the body of a notice whose policy year is 2023.  Every
case lists all the parameters expected from it: an extra one fails as much as
a missing one.  Expected rows are (field, value, unit, scope, year, qualifier).
"""

from __future__ import annotations

import pytest

from extractor.pipeline import from_raw
from extractor.readers.base import RawText

HEAD = "关于做好2023年城乡居民基本医疗保障工作的通知\n各有关单位：\n现就有关事项通知如下：\n"


def params_of(body: str):
    notice = from_raw(RawText(text=HEAD + body, format="txt"), "case.txt")
    doc = notice.documents[0]
    return notice, doc, {
        (p.field, _hashable(p.value), p.unit, tuple(sorted(p.scope.items())), p.year, p.qualifier) for p in doc.parameters
    }


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def row(field, value, unit, scope=None, year=2023, qualifier=None):
    return (field, _hashable(value), unit, tuple(sorted((scope or {}).items())), year, qualifier)


CASES = [
    # numbers
    pytest.param("一、2023年城乡居民医保人均财政补助标准达到580元。",
                 [row("subsidy.per_capita", 580, "元", qualifier="达到")], id="580元"),
    pytest.param("一、居民医保人均财政补助标准提高三十元，达到每人每年五百八十元。",
                 [row("subsidy.per_capita_increase", 30, "元"), row("subsidy.per_capita", 580, "元", qualifier="达到")],
                 id="Chinese numerals, 提高N，达到M"),
    pytest.param("一、居民医保政策范围内住院费用基金支付比例达到百分之七十。",
                 [row("inpatient.reimbursement_ratio", 70, "%", qualifier="达到")], id="百分之七十"),
    pytest.param("一、享受西部政策的县市级补助13.5元。",
                 [row("subsidy.city", 13.5, "元", {"county_type": "western"})], id="13.5元"),
    pytest.param("一、居民医保生育医疗费用年基金最高支付限额由900元提高到1000元。",
                 [row("maternity.annual_cap", 1000, "元", qualifier="提高到")], id="由900元提高到1000元"),
    pytest.param("一、大病保险人均筹资标准调整为六十五元。",
                 [row("critical_illness.financing", 65, "元")], id="调整为 gives no qualifier"),
    pytest.param("一、人均财政补助标准新增30元，达到每人每年不低于610元。",
                 [row("subsidy.per_capita_increase", 30, "元"), row("subsidy.per_capita", 610, "元", qualifier="不低于")],
                 id="the bound wins over 达到"),
    pytest.param("一、普通门诊统筹年度最高支付限额为1.5万元。",
                 [row("outpatient.annual_cap", 15000, "元")], id="1.5万元; 最高 inside the field name"),
    # dates and periods
    pytest.param("一、各级财政补助资金原则上应于九月十五日前拨付到位。",
                 [row("subsidy.disbursement_deadline", "2023-09-15", "date", qualifier="前")], id="九月十五日前"),
    pytest.param("一、财政补助资金应于12月底前全部到位。",
                 [row("subsidy.disbursement_deadline", "2023-12-31", "date", qualifier="前")], id="12月底前"),
    pytest.param("一、每年9月至12月为集中缴费期。",
                 [row("enrollment.payment_period", [9, 12], "月", year=None)], id="9月至12月"),
    pytest.param("一、每年9—12月为集中参保缴费期。",
                 [row("enrollment.payment_period", [9, 12], "月", year=None)], id="9—12月"),
    pytest.param("一、2024年度集中缴费期为2023年11月15日至2024年1月31日。",
                 [row("enrollment.payment_period", ["2023-11-15", "2024-01-31"], "date", year=2024)], id="range with years"),
    pytest.param("一、断缴1年以内的，等待期3个月；断缴1年以上的，等待期六个月。",
                 [row("enrollment.waiting_period", 3, "月", {"condition": "lapse_within_1y"}),
                  row("enrollment.waiting_period", 6, "月", {"condition": "lapse_over_1y"})], id="六个月, conditions"),
    # years
    pytest.param("一、2023年预收2024年度的个人缴费标准同步提高30元，达到每人每年380元。",
                 [row("contribution.individual_increase", 30, "元", year=2024),
                  row("contribution.individual", 380, "元", year=2024, qualifier="达到")], id="预收2024年度 → 2024"),
    pytest.param("一、2024年起，居民医保普通门诊统筹年度支付限额提高至300元。",
                 [row("outpatient.annual_cap", 300, "元", year=2024, qualifier="提高到")], id="2024年起 → 2024"),
    pytest.param("一、二〇二四年居民个人缴费标准为400元。",
                 [row("contribution.individual", 400, "元", year=2024)], id="二〇二四年"),
    # shares and levels
    pytest.param("一、一般县中央财政负担60%，省和市县两级财政各负担20%。",
                 [row("subsidy_share.central", 60, "%", {"county_type": "general"}),
                  row("subsidy_share.province", 20, "%", {"county_type": "general"}),
                  row("subsidy_share.city_county", 20, "%", {"county_type": "general"})], id="各负担20% over 省 and 市县两级"),
    pytest.param("一、享受西部政策的县中央补助512元、省补助64元、市、县两级财政补助各50元。",
                 [row("subsidy.central", 512, "元", {"county_type": "western"}),
                  row("subsidy.province", 64, "元", {"county_type": "western"}),
                  row("subsidy.city", 50, "元", {"county_type": "western"}),
                  row("subsidy.county", 50, "元", {"county_type": "western"})], id="市、县两级各50元 → city and county"),
    pytest.param("一、比照西部开发政策县及一般县分别按照人均财政补助标准的80%、60%由中央财政给予补助。",
                 [row("subsidy_share.central", 80, "%", {"county_type": "western"}),
                  row("subsidy_share.central", 60, "%", {"county_type": "general"})], id="分别 pairs county types in order"),
    # groups, populations, facilities, deliveries
    pytest.param("一、城乡老年人、劳动年龄内居民、学生儿童个人缴费标准分别为380元、500元、200元。",
                 [row("contribution.individual", 380, "元", {"insured_group": "elderly"}),
                  row("contribution.individual", 500, "元", {"insured_group": "working_age"}),
                  row("contribution.individual", 200, "元", {"insured_group": "minors"})], id="groups listed once, 分别为"),
    pytest.param("一、筹资标准调整为：老年人每人4660元/年，其中财政补助每人4290元/年；学生儿童每人2010元/年，其中财政补助每人1665元/年。",
                 [row("financing.total", 4660, "元", {"insured_group": "elderly"}),
                  row("subsidy.per_capita", 4290, "元", {"insured_group": "elderly"}),
                  row("financing.total", 2010, "元", {"insured_group": "minors"}),
                  row("subsidy.per_capita", 1665, "元", {"insured_group": "minors"})], id="per-group list after a colon"),
    pytest.param("一、60周岁及以上人员，筹资标准从每人每年6560元调整为6630元。",
                 [row("financing.total", 6630, "元", {"insured_group": "elderly"})], id="从X调整为Y"),
    pytest.param("一、对特困人员全额资助，低保对象、返贫致贫人口按个人缴费标准的90%（315元）给予定额资助。",
                 [row("assistance.contribution_subsidy", 100, "%", {"population": "tekun"}, qualifier="全额"),
                  row("assistance.contribution_subsidy", 90, "%", {"population": "dibao"}),
                  row("assistance.contribution_subsidy", 90, "%", {"population": "returned_poverty"}),
                  row("assistance.contribution_subsidy", 315, "元", {"population": "dibao"}),
                  row("assistance.contribution_subsidy", 315, "元", {"population": "returned_poverty"})],
                 id="全额, X%（Y元）, population lists"),
    pytest.param("一、普通门诊统筹保障。县级定点医疗机构支付比例不低于50%，基层定点医疗机构支付比例不低于60%。普通门诊统筹起付标准每次50元左右。",
                 [row("outpatient.reimbursement_ratio", 50, "%", {"facility_level": "county"}, qualifier="不低于"),
                  row("outpatient.reimbursement_ratio", 60, "%", {"facility_level": "primary"}, qualifier="不低于"),
                  row("outpatient.deductible", 50, "元", qualifier="左右")], id="facility levels"),
    pytest.param("一、生育医疗费定额支付标准调整为自然分娩不低于1000元、剖宫产不低于2000元。",
                 [row("maternity.fixed_payment", 1000, "元", {"delivery": "natural"}, qualifier="不低于"),
                  row("maternity.fixed_payment", 2000, "元", {"delivery": "cesarean"}, qualifier="不低于")], id="deliveries"),
    pytest.param("一、大病保险起付线降低至居民人均可支配收入的一半。",
                 [row("critical_illness.deductible", 50, "%")], id="一半"),
    # ASCII punctuation from reprint pages
    pytest.param("一、2023年人均财政补助标准达到640元,个人缴费标准达到每人每年380元.集中缴费期为9月至12月.",
                 [row("subsidy.per_capita", 640, "元", qualifier="达到"),
                  row("contribution.individual", 380, "元", qualifier="达到"),
                  row("enrollment.payment_period", [9, 12], "月", year=None)], id="ASCII punctuation"),
]


@pytest.mark.parametrize("body, expected", CASES)
def test_phrase(body, expected):
    _, _, got = params_of(body)
    assert got == set(expected)


def test_evidence_span_holds_the_value_as_written():
    notice, doc, _ = params_of("一、居民医保人均财政补助标准提高三十元，达到每人每年五百八十元。")
    for p in doc.parameters:
        written = notice.text[p.span.start : p.span.end]
        assert written in notice.text[p.evidence_span.start : p.evidence_span.end]
        assert written in p.sentence
        assert p.rule.startswith(p.field) or "#" in p.rule


def test_unclaimed_figures_are_kept():
    _, doc, got = params_of("一、全市共有54个定点医疗机构，覆盖人口120万人。")
    assert not got
    assert [(q.kind, q.value) for q in doc.quantities] == [("count", 54)]


NEAR_MISSES = [
    pytest.param("一、居民医保人均财政补肋标准达到640元。", row("subsidy.per_capita", 640, "元", qualifier="达到"), id="补肋"),
    pytest.param("一、普通门诊统等年度支付限额提高至300元。", row("outpatient.annual_cap", 300, "元", qualifier="提高到"), id="统等"),
    pytest.param("一、个人缴废标准达到每人每年380元。", row("contribution.individual", 380, "元", qualifier="达到"), id="缴废"),
]


@pytest.mark.parametrize("body, expected", NEAR_MISSES)
def test_near_miss_field_names(body, expected):
    _, doc, got = params_of(body)
    assert got == {expected}
    from extractor.figures.words import patterns

    pattern_ids = {r["id"] for r in patterns()}
    assert all("#fuzzy" in p.rule or p.rule in pattern_ids for p in doc.parameters)


def test_synonyms_of_the_payment_period():
    _, _, got = params_of("一、2025年度居民医保集中征缴期为2024年9月1日至12月31日。")
    assert got == {row("enrollment.payment_period", ["2024-09-01", "2024-12-31"], "date", year=2025)}


def test_table_columns_name_fields_and_rows_their_scope():
    body = (
        "一、筹资标准。具体标准见下表。\n"
        "参保人员类别\t个人缴费标准（元/人·年）\t财政补助标准（元/人·年）\n"
        "城乡居民（含未成年人）\t380\t640\n"
        "低保对象、返贫致贫人口\t114\t906\n"
        "县类型\t中央补助\t省补助\t市级补助\t县级补助\n"
        "一般县\t384\t128\t26\t102\n"
        "享受西部政策的县\t512元\t64元\t13.5元\t50.5元\n"
    )
    _, doc, got = params_of(body)
    assert got == {
        row("contribution.individual", 380, "元"), row("subsidy.per_capita", 640, "元"),
        row("contribution.individual", 114, "元", {"population": "dibao"}),
        row("contribution.individual", 114, "元", {"population": "returned_poverty"}),
        row("subsidy.per_capita", 906, "元", {"population": "dibao"}),
        row("subsidy.per_capita", 906, "元", {"population": "returned_poverty"}),
        row("subsidy.central", 384, "元", {"county_type": "general"}), row("subsidy.province", 128, "元", {"county_type": "general"}),
        row("subsidy.city", 26, "元", {"county_type": "general"}), row("subsidy.county", 102, "元", {"county_type": "general"}),
        row("subsidy.central", 512, "元", {"county_type": "western"}), row("subsidy.province", 64, "元", {"county_type": "western"}),
        row("subsidy.city", 13.5, "元", {"county_type": "western"}), row("subsidy.county", 50.5, "元", {"county_type": "western"}),
    }
    assert all(p.rule.endswith("#table") for p in doc.parameters)
    assert not doc.checks  # 384+128+26+102 = 640, and so on


@pytest.mark.parametrize(
    "body, expected",
    [
        pytest.param("一、2025年度个人缴费标准\n项目\t成年居民\t未成年居民\n个人缴费标准\t420元\t390元\n",
                     {row("contribution.individual", 420, "元", {"insured_group": "adults"}, year=2025),
                      row("contribution.individual", 390, "元", {"insured_group": "minors"}, year=2025)},
                     id="turned round: the row names the field, the column the group; the year of the section title"),
        pytest.param("一、财政补助\n各级财政补助标准如下表：\n补助来源\t一般县\t享受西部政策的县\n中央财政补助\t384\t512\n"
                     "省级补助\t128\t64\n",
                     {row("subsidy.central", 384, "元", {"county_type": "general"}),
                      row("subsidy.central", 512, "元", {"county_type": "western"}),
                      row("subsidy.province", 128, "元", {"county_type": "general"}),
                      row("subsidy.province", 64, "元", {"county_type": "western"})},
                     id="turned round: payers as rows, county types as columns"),
        pytest.param("一、缴费标准\n2024年度个人缴费标准如下表：\n参保人员类别\t个人缴费标准（元）\n一般居民\t400\n",
                     {row("contribution.individual", 400, "元", {"insured_group": "other"}, year=2024)},
                     id="the year the line that opens the table states"),
    ],
)
def test_tables_turned_round_and_their_year(body, expected):
    _, doc, got = params_of(body)
    assert got == expected
    assert all(p.rule.endswith("#table") for p in doc.parameters)
    assert [p.year_is_policy_year for p in doc.parameters] == [p.year == 2023 for p in doc.parameters]


@pytest.mark.parametrize(
    "body, expected",
    [
        pytest.param("一、个人缴费标准为：成年居民每人每年400元，未成年人（含在校学生）每人每年300元。",
                     {row("contribution.individual", 400, "元", {"insured_group": "adults"}),
                      row("contribution.individual", 300, "元", {"insured_group": "minors"})},
                     id="what a bracket includes is not another group"),
        pytest.param("一、全日制本科学生以及非在职研究生（以下简称“大学生”），筹资标准调整为610元。",
                     {row("financing.total", 610, "元", {"insured_group": "university_students"})},
                     id="以下简称 names the group"),
        pytest.param("一、大病保险起付线为上年度居民人均可支配收入的50%，起付线以上部分支付比例不低于60%。",
                     {row("critical_illness.deductible", 50, "%"),
                      row("critical_illness.reimbursement_ratio", 60, "%", qualifier="不低于")},
                     id="大病保险 ratio without 政策范围内"),
    ],
)
def test_scope_words_in_brackets(body, expected):
    assert params_of(body)[2] == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        pytest.param("一、2015年各级财政对城镇居民医保的补助标准提高到每人每年380元。",
                     {row("subsidy.per_capita", 380, "元", year=2015, qualifier="提高到")}, id="财政对…的补助标准"),
        pytest.param("一、住院医疗费用最高支付限额提高到15万元。", set(), id="a piece of a field name is not the field"),
    ],
)
def test_older_wordings(body, expected):
    assert params_of(body)[2] == expected


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("一、高血压、糖尿病门诊用药报销比例为50%。", id="两病 named by their diseases"),
        pytest.param("一、门诊特殊疾病年度最高支付限额为8000元。", id="门诊特殊疾病"),
        pytest.param("一、门诊慢病起付标准为200元。", id="门诊慢病"),
    ],
)
def test_outpatient_schemes_that_are_not_the_general_one(body):
    assert params_of(body)[2] == set()


def test_inpatient_deductible_is_not_the_outpatient_one():
    _, doc, got = params_of("一、门诊统筹每次就诊起付标准为10元，住院起付标准为一级医院200元。")
    assert got == {row("outpatient.deductible", 10, "元")}
    assert [(q.kind, q.value) for q in doc.quantities] == [("money", 200)]


@pytest.mark.parametrize(
    "body, expected",
    [
        pytest.param("一、同步提高个人缴费标准至每人每年380元。",
                     {row("contribution.individual", 380, "元", qualifier="提高到")}, id="提高…至 is the new value"),
        pytest.param("一、中央财政补助标准为每人每年402元。",
                     {row("subsidy.central", 402, "元")}, id="a level's subsidy standard is that level's"),
        pytest.param("一、省级财政补助标准为每人每年134元，市县级财政补助每人每年134元。",
                     {row("subsidy.province", 134, "元"), row("subsidy.city_county", 134, "元")},
                     id="市县级 is city and county together"),
        pytest.param("一、我省财政补助标准提高到每人每年670元。",
                     {row("subsidy.per_capita", 670, "元", qualifier="提高到")}, id="我省 is not 省财政"),
        pytest.param("一、中央财政对西部、中部地区分别按照80%、60%的比例给予补助。",
                     {row("subsidy_share.central", 80, "%", {"region_class": "western"}),
                      row("subsidy_share.central", 60, "%", {"region_class": "central"})},
                     id="a share list by groups of provinces (region_class)"),
    ],
)
def test_more_wordings(body, expected):
    assert params_of(body)[2] == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        pytest.param("一、缴费时间：2023年9月1日至12月31日。",
                     {row("enrollment.payment_period", ["2023-09-01", "2023-12-31"], "date")}, id="缴费时间 is the period"),
        pytest.param("一、参保人员应在12月20日前完成缴费。",
                     {row("enrollment.payment_deadline", "2023-12-20", "date", qualifier="前")},
                     id="a deadline named after its date"),
        pytest.param("一、对纳入监测范围的农村易返贫致贫人口给予不低于50%的定额资助。",
                     {row("assistance.contribution_subsidy", 50, "%", {"population": "monitored"}, qualifier="不低于")},
                     id="易返贫致贫人口 are monitored, not 返贫致贫人口"),
        pytest.param("一、边缘易致贫户按个人缴费标准的50%给予资助。",
                     {row("assistance.contribution_subsidy", 50, "%", {"population": "monitored"})}, id="边缘易致贫户"),
        pytest.param("一、门诊统筹日最高支付限额为50元。",
                     {row("outpatient.daily_cap", 50, "元")}, id="a daily cap is not the annual one"),
        pytest.param("一、一级医疗机构门诊报销比例60%，二级医疗机构50%。",
                     {row("outpatient.reimbursement_ratio", 60, "%", {"facility_level": "primary"}),
                      row("outpatient.reimbursement_ratio", 50, "%", {"facility_level": "secondary"})},
                     id="一级 facilities are primary"),
        pytest.param("一、70周岁以上人员,个人缴费标准从每人每年480元调整为520元;60-69周岁人员从每人每年650元调整为690元.",
                     {row("contribution.individual", 520, "元", {"insured_group": "elderly_70_plus"}),
                      row("contribution.individual", 690, "元", {"insured_group": "elderly_60_69"})},
                     id="a ；-list whose items open with their group, no colon"),
        pytest.param("一、居民医保普通门诊统筹政策范围内支付比例不低于50%。",
                     {row("outpatient.reimbursement_ratio", 50, "%", qualifier="不低于")},
                     id="政策范围内支付比例 of the outpatient scheme"),
        pytest.param("一、一般县中央财政补助标准为每人每年348元，省级财政补助116元，市县两级财政补助116元。",
                     {row("subsidy.central", 348, "元", {"county_type": "general"}),
                      row("subsidy.province", 116, "元", {"county_type": "general"}),
                      row("subsidy.city_county", 116, "元", {"county_type": "general"})},
                     id="levels in 元 with the county type"),
        pytest.param("一、省级财政对一般县（市、区）补助标准为每人每年95元，对享受西部政策的县（市、区）补助标准为每人每年124元。",
                     {row("subsidy.province", 95, "元", {"county_type": "general"}),
                      row("subsidy.province", 124, "元", {"county_type": "western"})},
                     id="省级财政对 X 补助标准, county types in turn"),
        pytest.param("一、逾期未缴费的，自缴费之日起满3个月后享受待遇。",
                     {row("enrollment.waiting_period", 3, "月")}, id="a waiting period without its name"),
        pytest.param("一、参保人员在集中缴费期外参保缴费的，设置3个月的待遇等待期。",
                     {row("enrollment.waiting_period", 3, "月", {"condition": "outside_payment_period"})},
                     id="the waiting period named after its figure, for payment outside the window"),
        pytest.param("一、各地要在2023年12月底前完成财政补助资金拨付。",
                     {row("subsidy.disbursement_deadline", "2023-12-31", "date", qualifier="前")},
                     id="完成…拨付 after the deadline"),
        pytest.param("一、集采药品品种累计达到350个。",
                     {row("procurement.count", 350, "个", {"target": "drugs"}, qualifier="达到")},
                     id="药品品种 names both the count and its target"),
        pytest.param("一、中央财政按照人均财政补助标准的60%给予补助。",
                     {row("subsidy_share.central", 60, "%")}, id="中央财政按照 … X%"),
        pytest.param("一、省财政对一般县按人均财政补助标准的20%给予补助。",
                     {row("subsidy_share.province", 20, "%", {"county_type": "general"})}, id="省财政对 X 按 … Y%"),
        pytest.param("一、剖宫产定额支付2000元，顺产定额支付1200元。",
                     {row("maternity.fixed_payment", 2000, "元", {"delivery": "cesarean"}),
                      row("maternity.fixed_payment", 1200, "元", {"delivery": "natural"})}, id="定额支付 per delivery"),
        pytest.param("一、各级财政人均补助标准提高30元，达到640元。",
                     {row("subsidy.per_capita_increase", 30, "元"), row("subsidy.per_capita", 640, "元", qualifier="达到")},
                     id="财政人均补助标准"),
        pytest.param("一、学生儿童每人每年缴纳350元，老年人每人每年缴纳380元。",
                     {row("contribution.individual", 350, "元", {"insured_group": "minors"}),
                      row("contribution.individual", 380, "元", {"insured_group": "elderly"})}, id="每人每年缴纳"),
        pytest.param("一、建档立卡贫困人口参加城乡居民医保个人缴费部分由财政给予全额补贴。",
                     {row("assistance.contribution_subsidy", 100, "%", {"population": "poverty_registered"}, qualifier="全额")},
                     id="全额补贴"),
        pytest.param("一、城乡居民医保年人均筹资水平达到1020元。",
                     {row("financing.total", 1020, "元", qualifier="达到")}, id="筹资水平"),
        pytest.param("一、普通门诊统筹年度限额300元。", {row("outpatient.annual_cap", 300, "元")}, id="年度限额"),
        pytest.param("一、按病组和病种分值付费的医保基金支出占住院医保基金支出的比例达到70%。",
                     {row("payment_reform.coverage", 70, "%", {"target": "fund_expenditure"}, qualifier="达到")},
                     id="医保基金支出占…的比例"),
        pytest.param("一、退出其他基本医疗保险制度之日起3个月内参保缴费的，不设待遇等待期。",
                     {row("enrollment.transfer_window", 3, "月", {"condition": "exit_other_scheme"})},
                     id="退出其他基本医疗保险制度 … 3个月内"),
        pytest.param("一、大病保险起付线以上部分报销比例不低于60%。",
                     {row("critical_illness.reimbursement_ratio", 60, "%", qualifier="不低于")}, id="大病保险报销比例"),
    ],
)
def test_wordings_of_other_notices(body, expected):
    assert params_of(body)[2] == expected


@pytest.mark.parametrize("body, year, from_policy", [
    pytest.param("一、个人缴费标准为每人每年400元。", 2023, True, id="no year stated: the policy year's"),
    pytest.param("一、2024年个人缴费标准为每人每年400元。", 2024, False, id="stated before the figure"),
    pytest.param("一、2023年个人缴费标准为每人每年400元。", 2023, False, id="stated, equal to the policy year"),
    pytest.param("一、缴费标准\n2024年度个人缴费标准为：\n（一）一般居民：每人每年400元；\n", 2024, False,
                 id="stated in the clause that opens the list"),
])
def test_a_figure_says_whether_its_year_is_the_policy_years(body, year, from_policy):
    """A corrected policy year moves the figures whose year is the policy year's (corpus.store)."""
    _, doc, _ = params_of(body)
    (p,) = doc.parameters
    assert (p.year, p.year_is_policy_year) == (year, from_policy)
