"""Tables of cases: how notices of other provinces write figures and dates → the candidates
``find_quantities`` gives (kind, value, unit, and the span as written).

Every phrase is invented for this table (none is a sentence of a notice), and each construction
stands in at least two wordings.  The default year, the notice's policy year, is 2024.  Every
case lists all the candidates expected: an extra one fails as much as a missing one.
"""

from __future__ import annotations

import pytest

from extractor.figures.quantities import find_quantities, qualifier, to_number
from extractor.numerals import cn_to_int

YEAR = 2024


def candidates(text: str, default_year: int | None = YEAR):
    return [(q.kind, q.value, q.unit, q.text) for q in find_quantities(text, 0, len(text), default_year)]


def money(value, span):
    return ("money", value, "元", span)


def date(value, span):
    return ("date", value, "date", span)


def dates(start, end, span):
    return ("date_range", [start, end], "date", span)


MONEY = [
    # 万 inside a Chinese numeral
    pytest.param("门诊慢特病年度限额调整为一万二千元。", [money(12000, "一万二千元")], id="一万二千元"),
    pytest.param("重特大疾病救助封顶线设为三万五千元左右", [money(35000, "三万五千元")], id="三万五千元"),
    pytest.param("二次补偿上限两万零五百元", [money(20500, "两万零五百元")], id="两万零五百元"),
    pytest.param("救助额度最多十二万元", [money(120000, "十二万元")], id="十二万元"),
    # Arabic with 万
    pytest.param("年度封顶额提升为2.4万元", [money(24000, "2.4万元")], id="2.4万元"),
    pytest.param("慢病门诊保障额度0.8万元每年", [money(8000, "0.8万元")], id="0.8万元"),
    # hundreds in Chinese numerals
    pytest.param("学生每人缴纳二百八十元", [money(280, "二百八十元")], id="二百八十元"),
    pytest.param("一般居民个人缴费四百二十元整。", [money(420, "四百二十元整")], id="四百二十元整"),
    # financial (大写) numerals, with 整 and 人民币
    pytest.param("参保费合计人民币贰佰伍拾元整。", [money(250, "贰佰伍拾元整")], id="人民币贰佰伍拾元整"),
    pytest.param("每名大学生资助壹佰陆拾元", [money(160, "壹佰陆拾元")], id="壹佰陆拾元"),
    pytest.param("其中财政补贴人民币陆佰肆拾圆，", [money(640, "陆佰肆拾圆")], id="陆佰肆拾圆"),
    pytest.param("共收取人民币壹仟零捌拾元整；", [money(1080, "壹仟零捌拾元整")], id="壹仟零捌拾元整"),
    pytest.param("每户另补助叁拾元", [money(30, "叁拾元")], id="叁拾元"),
    pytest.param("大额补充保险捌万元整。", [money(80000, "捌万元整")], id="捌万元整"),
    # 整 closes an amount only at a break: 元整体 is not 元整
    pytest.param("市级投入300元整体推进信息化", [money(300, "300元")], id="元整体 is no 元整"),
    pytest.param("按150元整合发放", [money(150, "150元")], id="元整合 is no 元整"),
    # per-head unit tails belong to the figure
    pytest.param("农村居民缴费标准400元/人·年，", [money(400, "400元/人·年")], id="元/人·年"),
    pytest.param("学生按每人270元/人.年收取", [money(270, "270元/人.年")], id="元/人.年"),
    pytest.param("居民个人缴费标准360元/人.年，", [money(360, "360元/人.年")], id="元/人.年, again"),
    pytest.param("财政定额补贴55元/人/年。", [money(55, "55元/人/年")], id="元/人/年"),
    pytest.param("困难人员另资助八十元/人/年", [money(80, "八十元/人/年")], id="八十元/人/年"),
    pytest.param("城镇居民筹资标准为1020元/（人·年）", [money(1020, "1020元/（人·年）")], id="元/（人·年）"),
    pytest.param("补助标准为45元/(人·年)与60元/(人·年)", [money(45, "45元/(人·年)"), money(60, "60元/(人·年)")],
                 id="元/(人·年) twice"),
    pytest.param("门诊每人次报销12元/人次", [money(12, "12元/人次")], id="元/人次"),
    pytest.param("护理补贴九十元/月", [money(90, "九十元/月")], id="九十元/月"),
]

PERCENT = [
    pytest.param("乡镇卫生院住院费用支付比例百分之八十五", [("percent", 85, "%", "百分之八十五")], id="百分之八十五"),
    pytest.param("大病再报销百分之六十二点五。", [("percent", 62.5, "%", "百分之六十二点五")], id="百分之六十二点五"),
    pytest.param("对低保对象倾斜五个百分点", [("points", 5, "百分点", "五个百分点")], id="五个百分点"),
    pytest.param("再上浮3个百分点，", [("points", 3, "百分点", "3个百分点")], id="3个百分点"),
    pytest.param("报销比例较上年提高十个百分点", [("points", 10, "百分点", "十个百分点")], id="十个百分点"),
]

RELATIVE = [
    # the end's year named by reference
    pytest.param("征缴时间为11月至次年3月", [dates("2024-11", "2025-03", "11月至次年3月")], id="11月至次年3月"),
    pytest.param("受理期10月15日至次年1月15日", [dates("2024-10-15", "2025-01-15", "10月15日至次年1月15日")],
                 id="10月15日至次年1月15日"),
    pytest.param("登记时段为当年11月至次年2月底", [dates("2024-11", "2025-02-28", "当年11月至次年2月底")],
                 id="当年11月至次年2月底"),
    pytest.param("补缴安排在当年十月至翌年一月", [dates("2024-10", "2025-01", "当年十月至翌年一月")], id="当年十月至翌年一月"),
    pytest.param("上年11月1日至当年1月31日为缴费窗口", [dates("2023-11-01", "2024-01-31", "上年11月1日至当年1月31日")],
                 id="上年11月1日至当年1月31日"),
    pytest.param("上年12月至当年2月办理", [dates("2023-12", "2024-02", "上年12月至当年2月")], id="上年12月至当年2月"),
    pytest.param("同年8月至10月集中办理", [dates("2024-08", "2024-10", "同年8月至10月")], id="同年8月至10月"),
    pytest.param("2022年10月至同年12月征收", [dates("2022-10", "2022-12", "2022年10月至同年12月")], id="2022年10月至同年12月"),
    pytest.param("2021年11月8日至次年1月20日", [dates("2021-11-08", "2022-01-20", "2021年11月8日至次年1月20日")],
                 id="次年after a written year"),
    # a relative year counts from the year its sentence names, where the range's start gives none
    pytest.param("2027年度参保登记为上年9月20日至12月20日", [dates("2026-09-20", "2026-12-20", "上年9月20日至12月20日")],
                 id="上年 from 2027年度"),
    pytest.param("二〇二六年度缴费时间：上年10月至当年1月", [dates("2025-10", "2026-01", "上年10月至当年1月")],
                 id="上年…当年 from 二〇二六年度"),
    pytest.param("依《2019年实施办法》，征缴期为上年11月至当年2月", [dates("2023-11", "2024-02", "上年11月至当年2月")],
                 id="a year inside a title is not the sentence's"),
    pytest.param("2023年12月缴费的，次年1月1日起享受", [date("2023-12", "2023年12月"), date("2024-01-01", "次年1月1日")],
                 id="次年 after 2023年12月"),
    # a single date by reference
    pytest.param("参保人员自次年1月1日起享受待遇", [date("2025-01-01", "次年1月1日")], id="次年1月1日起"),
    pytest.param("须于当年12月20日前缴清", [date("2024-12-20", "当年12月20日")], id="当年12月20日前"),
    # 每年 … 次年 is a standing rule: a month range that crosses the year
    pytest.param("每年10月至次年2月为集中参保期", [("month_range", [10, 2], "月", "10月至次年2月")], id="每年10月至次年2月"),
    pytest.param("每年的11月至次年1月办理", [("month_range", [11, 1], "月", "11月至次年1月")], id="每年的11月至次年1月"),
    # no year at all stays a month range
    pytest.param("集中办理时间8月至11月", [("month_range", [8, 11], "月", "8月至11月")], id="8月至11月"),
    pytest.param("征收期为十月至十二月份", [("month_range", [10, 12], "月", "十月至十二月份")], id="十月至十二月份"),
]

MONTH_PARTS = [
    # 月底 / 月末: the last day of the month, leap years too
    pytest.param("资金应于11月底前拨付", [date("2024-11-30", "11月底")], id="11月底前"),
    pytest.param("2023年2月底前完成清算", [date("2023-02-28", "2023年2月底")], id="2023年2月底"),
    pytest.param("2028年2月末截止", [date("2028-02-29", "2028年2月末")], id="2028年2月末 (leap)"),
    # 旬: its last day where it ends something or stands alone, its first day where it starts something
    pytest.param("8月上旬前报送名单", [date("2024-08-10", "8月上旬")], id="8月上旬前"),
    pytest.param("11月中旬完成审核", [date("2024-11-20", "11月中旬")], id="11月中旬 alone"),
    pytest.param("次年1月下旬前结束", [date("2025-01-31", "次年1月下旬")], id="次年1月下旬前"),
    pytest.param("9月中旬起开始受理", [date("2024-09-11", "9月中旬")], id="9月中旬起"),
    pytest.param("6月下旬起启动", [date("2024-06-21", "6月下旬")], id="6月下旬起"),
    pytest.param("7月下旬至8月中旬集中受理", [dates("2024-07-21", "2024-08-20", "7月下旬至8月中旬")], id="7月下旬至8月中旬"),
    pytest.param("2023年2月中旬至3月上旬", [dates("2023-02-11", "2023-03-10", "2023年2月中旬至3月上旬")],
                 id="2023年2月中旬至3月上旬"),
    pytest.param("2023年1月下旬至2月下旬", [dates("2023-01-21", "2023-02-28", "2023年1月下旬至2月下旬")],
                 id="下旬 of February ends on its last day"),
]

TYPED = [
    # dates typed without 年/月 marks
    pytest.param("请于2023.10.8前提交", [date("2023-10-08", "2023.10.8")], id="2023.10.8"),
    pytest.param("截止日期2025-01-15。", [date("2025-01-15", "2025-01-15")], id="2025-01-15"),
    pytest.param("报表须在2024-12-05前上传", [date("2024-12-05", "2024-12-05")], id="2024-12-05"),
    pytest.param("最迟2024/11/30前办结", [date("2024-11-30", "2024/11/30")], id="2024/11/30"),
    pytest.param("于2022年10.9起施行", [date("2022-10-09", "2022年10.9")], id="2022年10.9"),
    pytest.param("缴费日期2023.9.15-2023.12.20", [dates("2023-09-15", "2023-12-20", "2023.9.15-2023.12.20")],
                 id="2023.9.15-2023.12.20"),
    pytest.param("2025-01-01～2025-03-31补缴", [dates("2025-01-01", "2025-03-31", "2025-01-01～2025-03-31")],
                 id="2025-01-01～2025-03-31"),
    pytest.param("2024/10/8—2024/12/31受理", [dates("2024-10-08", "2024-12-31", "2024/10/8—2024/12/31")],
                 id="2024/10/8—2024/12/31"),
    pytest.param("2023.11.1至2024.2.29", [dates("2023-11-01", "2024-02-29", "2023.11.1至2024.2.29")], id="dotted 至 dotted"),
    pytest.param("2023.9.1-12.31集中征缴", [dates("2023-09-01", "2023-12-31", "2023.9.1-12.31")], id="2023.9.1-12.31"),
    pytest.param("2022年10.8-12.25办理", [dates("2022-10-08", "2022-12-25", "2022年10.8-12.25")], id="2022年10.8-12.25"),
    # a number after 年 with a unit is a figure of that year, not a date
    pytest.param("2023年1.5万元", [money(15000, "1.5万元")], id="2023年1.5万元"),
    pytest.param("2022年6.5%", [("percent", 6.5, "%", "6.5%")], id="2022年6.5%"),
]

SEPARATORS = [
    pytest.param("2022年11月20日--12月28日", [dates("2022-11-20", "2022-12-28", "2022年11月20日--12月28日")], id="--"),
    pytest.param("2023年9月10日——11月30日", [dates("2023-09-10", "2023-11-30", "2023年9月10日——11月30日")], id="——"),
    pytest.param("2021年10月8日～12月20日", [dates("2021-10-08", "2021-12-20", "2021年10月8日～12月20日")], id="～"),
    pytest.param("2021年10月8日~12月20日", [dates("2021-10-08", "2021-12-20", "2021年10月8日~12月20日")], id="~"),
    pytest.param("自2022年的9月5日起至11月5日", [dates("2022-09-05", "2022-11-05", "2022年的9月5日起至11月5日")],
                 id="年的 … 起至"),
    pytest.param("2023年10月9日到12月22日", [dates("2023-10-09", "2023-12-22", "2023年10月9日到12月22日")], id="到"),
    # a comma after 起/开始 does not split a range
    pytest.param("自2022年9月26日起，至2022年12月18日止", [dates("2022-09-26", "2022-12-18", "2022年9月26日起，至2022年12月18日")],
                 id="起，至…止"),
    pytest.param("从2023年10月16日开始，到同年12月29日结束", [dates("2023-10-16", "2023-12-29", "2023年10月16日开始，到同年12月29日")],
                 id="开始，到同年…结束"),
    pytest.param("2021年11月3日开始至12月24日", [dates("2021-11-03", "2021-12-24", "2021年11月3日开始至12月24日")],
                 id="开始至"),
    pytest.param("自2024年3月1日起，至少连续缴费", [date("2024-03-01", "2024年3月1日")], id="起，至少 is no range"),
]

CHINESE_DATES = [
    pytest.param("二〇二三年十二月五日印发", [date("2023-12-05", "二〇二三年十二月五日")], id="二〇二三年十二月五日"),
    pytest.param("二○二五年二月二十八日前", [date("2025-02-28", "二○二五年二月二十八日")], id="二○二五年二月二十八日"),
    pytest.param("二〇二二年三月", [date("2022-03", "二〇二二年三月")], id="二〇二二年三月"),
    pytest.param("二○二三年十月八日至十二月二十日", [dates("2023-10-08", "2023-12-20", "二○二三年十月八日至十二月二十日")],
                 id="二○二三年十月八日至十二月二十日"),
    pytest.param("二〇二一年九月十日至二〇二一年十一月三十日",
                 [dates("2021-09-10", "2021-11-30", "二〇二一年九月十日至二〇二一年十一月三十日")], id="years at both ends"),
    pytest.param("十一月一日至十二月二十五日", [dates("2024-11-01", "2024-12-25", "十一月一日至十二月二十五日")],
                 id="十一月一日至十二月二十五日, default year"),
    pytest.param("九月二十日至十一月十日", [dates("2024-09-20", "2024-11-10", "九月二十日至十一月十日")],
                 id="九月二十日至十一月十日, default year"),
    # a Latin O typed for 〇
    pytest.param("二O二三年十一月六日起执行", [date("2023-11-06", "二O二三年十一月六日")], id="二O二三年十一月六日"),
    pytest.param("落款二Ｏ二五年一月", [date("2025-01", "二Ｏ二五年一月")], id="二Ｏ二五年一月"),
    # a year written digit by digit is no duration
    pytest.param("二○二四年度", [], id="二○二四年度"),
    pytest.param("二〇二五年起", [], id="二〇二五年起"),
    pytest.param("二O二三年度", [], id="二O二三年度"),
]

YEARS_INFERRED = [
    # the end's year from the start's, the next where the end comes earlier in the year
    pytest.param("2019年10月20日至11月20日", [dates("2019-10-20", "2019-11-20", "2019年10月20日至11月20日")],
                 id="end year from the start"),
    pytest.param("2017年9月1日至12月15日", [dates("2017-09-01", "2017-12-15", "2017年9月1日至12月15日")],
                 id="end year from the start, again"),
    pytest.param("2021年11月至2月", [dates("2021-11", "2022-02", "2021年11月至2月")], id="crossing the new year"),
    pytest.param("2022年12月15日至3月15日", [dates("2022-12-15", "2023-03-15", "2022年12月15日至3月15日")],
                 id="crossing the new year with days"),
    # the start's year from the end's
    pytest.param("10月8日至2025年1月31日", [dates("2024-10-08", "2025-01-31", "10月8日至2025年1月31日")],
                 id="start year from the end"),
    pytest.param("9月1日至2023年12月31日", [dates("2023-09-01", "2023-12-31", "9月1日至2023年12月31日")],
                 id="start year from the end, same year"),
]

NOT_FIGURES = [
    pytest.param("各地要陆续开展宣传", [], id="陆续"),
    pytest.param("60周岁以上年满者", [], id="以上年满"),
    pytest.param("由伍某负责", [], id="a surname 伍"),
]


@pytest.mark.parametrize(
    "text, expected",
    MONEY + PERCENT + RELATIVE + MONTH_PARTS + TYPED + SEPARATORS + CHINESE_DATES + YEARS_INFERRED + NOT_FIGURES,
)
def test_candidates(text, expected):
    assert candidates(text) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("11月至次年2月", [("month_range", [11, 2], "月", "11月至次年2月")], id="次年 without a year: months"),
    pytest.param("10月至12月", [("month_range", [10, 12], "月", "10月至12月")], id="months stay months"),
])
def test_without_default_year(text, expected):
    assert candidates(text, default_year=None) == expected


@pytest.mark.parametrize("text, word", [
    pytest.param("个人缴费标准为350元/人·年以上", "以上", id="以上 after 元/人·年"),
    pytest.param("财政补助不低于610元/(人·年)", "不低于", id="不低于 before 元/(人·年)"),
    pytest.param("起付线500元/人次左右", "左右", id="左右 after 元/人次"),
    pytest.param("于2024.12.20前缴清", "前", id="前 after a dotted date"),
    pytest.param("当年12月下旬前完成", "前", id="前 after 当年…下旬"),
])
def test_qualifier_after_the_written_unit(text, word):
    q = find_quantities(text, 0, len(text), YEAR)[0]
    assert qualifier(text, q, 0) == word


@pytest.mark.parametrize("text, value", [
    ("一万二千", 12000), ("三万五千", 35000), ("两万零五百", 20500), ("十二万", 120000), ("一万二", 12000),
    ("三百五", 350), ("一百零五", 105), ("壹佰贰拾", 120), ("叁佰捌拾", 380), ("壹仟零伍拾", 1050), ("拾", 10),
    ("捌万", 80000), ("二○二四", 2024), ("二〇二五", 2025),
])
def test_numerals(text, value):
    assert cn_to_int(text) == value
    assert to_number(text) == value


def test_previous_value_with_a_unit_tail():
    """由X元/人提高到Y元/人: the tail no longer stands between the two figures."""
    text = "由320元/人·年提高到350元/人·年"
    old, new = find_quantities(text, 0, len(text), YEAR)
    assert (old.is_previous, new.previous, new.value) == (True, 320, 350)
