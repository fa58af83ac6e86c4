"""Metadata of notices as they are met in the wild: web pages with a 信息公开 block, notices
whose 落款 was cut, towns, 盟/州/地区/旗 and county-level cities, one-line reprints of national
notices, printed web pages and scanned PDFs.

Every notice here is written for the test: its regions, 文号 and dates are invented around
real place names, and each construction stands in two wordings that no bundled notice uses.
"""

from __future__ import annotations

import pytest

from extractor.pipeline import from_raw
from extractor.readers.base import RawPage, RawText


def meta_of(text: str, pages=()) -> dict:
    notice = from_raw(RawText(text=text, format="txt", pages=tuple(pages)), "case.txt")
    return notice.documents[0].meta.model_dump()


def paged(*page_texts: str) -> tuple[str, list[RawPage]]:
    """Text and page map of a PDF's pages."""
    pages, offset = [], 0
    for number, page in enumerate(page_texts, start=1):
        pages.append(RawPage(number=number, start=offset, end=offset + len(page)))
        offset += len(page)
    return "".join(page_texts), pages


# --- web pages: the 信息公开 block ------------------------------------------------------------

INFO_LETTER_SPACED = """名    称 :
市医保局 市财政局 市税务局关于调整重庆市城乡居民医保2026年个人缴费标准的通知
索 引 号 :
11500000XY/2025-00107
发 布 机 构 :
重庆市医疗保障局
发 文 字 号 :
渝医保发〔2025〕31号
成 文 日 期 :
2025年9月12日
有  效  性 :
有效

各区县(自治县)医保局、财政局、税务局:

依据《国家医保局 财政部关于做好2025年居民医保工作的通知》(医保发〔2025〕12号)和渝医保发〔2025〕31号文件,现就有关事项通知如下:

一、2026年本市居民医保个人缴费标准为每人每年420元。
"""

INFO_BRACKETED = """【索 引 号】44070000/2023-01188
【发布机构】江门市医疗保障局
【文    号】江医保〔2023〕52号
【成文日期】2023-10-16
【标    题】市医保局 市财政局关于做好2024年度城乡居民医疗保险参保缴费工作的通知

各市(区)医疗保障局、财政局:
按照《广东省医疗保障局 广东省财政厅关于居民医保参保的通知》(粤医保发〔2023〕40号)要求,现就我市有关事项通知如下:
一、个人缴费标准
2024年度个人缴费标准为每人每年380元。
"""

INFO_TOWN = """索引号: XXGK/2022-11 发布机构: 白沙镇
生效日期: 2021-08-02 废止日期:
文 号: 所属主题: 政府文件

关于做好2022年度城乡居民医疗保险费征收工作的通知

    各村(居)委会:为做好2022年度城乡居民医疗保险费征收工作,根据修水县医疗保障局的安排,结合我镇实际,现将有关事项通知如下:

    一、征收标准 2022年度个人缴费每人每年320元。
"""

INFO_BAR_UNDER_TITLE = """江门市医疗保障局关于2025年度城乡居民医保参保缴费的通告
发布时间:2024年10月8日 来源:江门市医疗保障局 浏览次数:
各参保居民:
一、个人缴费标准为每人每年400元。
"""

INFO_BAR_TABLE = """关于做好2024年度居民医保征缴工作的通知
索 引 号\t000014349/2023-08812\t发文字号\t开医保〔2023〕8号
发布日期\t2023-09-20\t发布机构\t开平市医疗保障局
各镇(街道)医保所:
一、个人缴费标准为每人每年380元。
"""

INFO_CASES = [
    pytest.param(
        INFO_LETTER_SPACED,
        dict(title="关于调整重庆市城乡居民医保2026年个人缴费标准的通知", doc_number="渝医保发〔2025〕31号",
             issuers=("重庆市医疗保障局", "重庆市财政局", "国家税务总局重庆市税务局"), level="province",
             province="重庆市", city=None, county=None, issue_date="2025-09-12", policy_year=2026,
             basis_docs=("医保发〔2025〕12号",)),
        id="letter-spaced labels, abbreviated issuers of a municipality, own 文号 not a basis",
    ),
    pytest.param(
        INFO_BRACKETED,
        dict(title="关于做好2024年度城乡居民医疗保险参保缴费工作的通知", doc_number="江医保〔2023〕52号",
             issuers=("江门市医疗保障局", "江门市财政局"), level="city", province="广东省", city="江门市",
             issue_date="2023-10-16", policy_year=2024, basis_docs=("粤医保发〔2023〕40号",)),
        id="【】 labels, abbreviated issuers of a prefecture named by the 发布机构",
    ),
    pytest.param(
        INFO_TOWN,
        dict(title="关于做好2022年度城乡居民医疗保险费征收工作的通知", doc_number=None, issuers=("白沙镇",),
             level="county", province="江西省", city="九江市", county="修水县", issue_date=None, policy_year=2022),
        id="town's page: 发布机构 a town, filed under the county its body names",
    ),
    pytest.param(
        INFO_BAR_UNDER_TITLE,
        dict(title="关于2025年度城乡居民医保参保缴费的通告", issuers=("江门市医疗保障局",),
             issue_date=None, publish_date="2024-10-08", level="city", city="江门市"),
        id="info bar under the title: its 发布时间 is no issue date",
    ),
    pytest.param(
        INFO_BAR_TABLE,
        dict(doc_number="开医保〔2023〕8号", issuers=("开平市医疗保障局",), issue_date=None,
             publish_date="2023-09-20", level="county", city="江门市", county="开平市"),
        id="info table in cells, 发布机构 the only issuer",
    ),
]


@pytest.mark.parametrize("text, expected", INFO_CASES)
def test_info_block(text, expected):
    meta = meta_of(text)
    assert {key: meta[key] for key in expected} == expected


# --- region and level when the signature is cut or absent -----------------------------------

REGION_CASES = [
    pytest.param(
        "锡林郭勒盟医疗保障局关于做好2023年城乡居民医保参保工作的通知\n各旗县市(区)医疗保障局:\n一、个人缴费标准为每人每年350元。\n",
        dict(level="city", province="内蒙古自治区", city="锡林郭勒盟", county=None, issuers=("锡林郭勒盟医疗保障局",)),
        id="盟 is city level",
    ),
    pytest.param(
        "正蓝旗医疗保障局 正蓝旗财政局关于2023年城乡居民医保缴费的通知\n各苏木镇:\n一、个人缴费标准为每人每年350元。\n",
        dict(level="county", province="内蒙古自治区", city="锡林郭勒盟", county="正蓝旗",
             issuers=("正蓝旗医疗保障局", "正蓝旗财政局")),
        id="旗 is county level",
    ),
    pytest.param(
        "一、我旗2023年城乡居民医保个人缴费每人每年350元,由阿巴嘎旗医疗保障局统一组织征收。\n二、全旗于9月1日开始缴费。\n",
        dict(level="county", province="内蒙古自治区", city="锡林郭勒盟", county="阿巴嘎旗"),
        id="我旗 in a body without header",
    ),
    pytest.param(
        "一、按照《兴安盟城乡居民基本医疗保险实施办法》,全盟2023年个人缴费每人每年350元。\n二、我盟于9月1日开始缴费。\n",
        dict(level="city", province="内蒙古自治区", city="兴安盟", county=None),
        id="我盟 in a body without header",
    ),
    pytest.param(
        "阿克苏地区医疗保障局关于2024年度城乡居民医保集中征缴的通知\n各县(市)医疗保障局:\n一、个人缴费标准为每人每年380元。\n",
        dict(level="city", province="新疆维吾尔自治区", city="阿克苏地区", county=None),
        id="地区 is city level",
    ),
    pytest.param(
        "库车市医疗保障局关于2024年度城乡居民医保集中征缴的通知\n各乡镇(街道):\n一、个人缴费标准为每人每年380元。\n",
        dict(level="county", province="新疆维吾尔自治区", city="阿克苏地区", county="库车市"),
        id="county-level city made from a county (a recent name)",
    ),
    pytest.param(
        "甘孜藏族自治州医疗保障局关于2022年城乡居民医保工作的通知\n各县(市)医疗保障局:\n一、个人缴费标准为每人每年320元。\n",
        dict(level="city", province="四川省", city="甘孜藏族自治州", county=None),
        id="州 is city level",
    ),
    pytest.param(
        "康定市医疗保障局关于2022年城乡居民医保工作的通知\n各乡镇人民政府:\n一、个人缴费标准为每人每年320元。\n",
        dict(level="county", province="四川省", city="甘孜藏族自治州", county="康定市"),
        id="county-level city of a 州",
    ),
    pytest.param(
        "一、缴费标准\n我市城乡居民每人每年缴费320元,到诸暨市人民医院或各镇乡(街道)社保所缴纳。\n二、缴费时间\n2021年9月1日至12月20日。\n",
        dict(level="county", province="浙江省", city="绍兴市", county="诸暨市"),
        id="我市 of a county-level city named once in the body",
    ),
    pytest.param(
        "参保对象:青州市户籍城乡居民。\n缴费标准:我市2020年城乡居民医保个人缴费每人每年250元,可到青州市人民医院缴纳。\n",
        dict(level="county", province="山东省", city="潍坊市", county="青州市"),
        id="我市 of a county-level city named twice",
    ),
    pytest.param(
        "各区(市)、县医疗保障局:\n为做好全市2023年城乡居民医保工作,现通知如下:\n一、宜都市、枝江市于9月1日开始集中缴费。\n",
        dict(level="city", province="湖北省", city="宜昌市", county=None),
        id="各区(市)、县: a city writes to its county-level cities",
    ),
    pytest.param(
        "各县(市、区)医疗保障局:\n一、修水县和瑞昌市于9月1日开始集中缴费,个人缴费标准为每人每年350元。\n",
        dict(level="city", province="江西省", city="九江市", county=None),
        id="各县(市、区) with no 我市: the county-level city named is not the issuer",
    ),
    pytest.param(
        "关于2026年本市城乡居民医保缴费有关事项的通知\n各区医疗保障局:\n一、本市居民医保个人缴费标准为每人每年480元,崇明区、浦东新区同步执行。\n",
        dict(level="province", province="上海市", city=None, county=None),
        id="本市 of a municipality named by its districts",
    ),
    pytest.param(
        "关于2025年本市城乡居民医保缴费有关事项的通知\n各区县医疗保障局:\n一、本市个人缴费标准为每人每年400元,黔江区、丰都县按本通知执行。\n",
        dict(level="province", province="重庆市", city=None, county=None),
        id="本市 of another municipality, districts and counties",
    ),
    pytest.param(
        "修水县白岭镇人民政府关于做好2021年度城乡居民医保参保的通知\n各村委会:\n一、全镇个人缴费每人每年280元。\n",
        dict(level="county", province="江西省", city="九江市", county="修水县", issuers=("修水县白岭镇人民政府",)),
        id="town's notice filed under the county in its name",
    ),
    pytest.param(
        "关于做好2020年度城乡居民医保参保的通知\n各村委会:\n一、我镇个人缴费每人每年250元,统一交珲春市医疗保障局。\n珲春市春化镇人民政府\n2019年10月8日\n",
        dict(level="county", province="吉林省", city="延边朝鲜族自治州", county="珲春市",
             issuers=("珲春市春化镇人民政府",), issue_date="2019-10-08"),
        id="town in the 落款, county-level city before it",
    ),
]


@pytest.mark.parametrize("text, expected", REGION_CASES)
def test_region_without_signature(text, expected):
    meta = meta_of(text)
    assert {key: meta[key] for key in expected} == expected


# --- a place known only from a 文号 ----------------------------------------------------------

NUMBER_CASES = [
    pytest.param(
        "根据省医疗保障局《关于做好2024年居民医保工作的通知》(湘医保发〔2024〕7号)精神,结合我市实际,现将有关事项通知如下:\n一、筹资标准\n2024年个人缴费每人每年400元。\n",
        dict(level="city", province="湖南省", city=None, basis_docs=("湘医保发〔2024〕7号",), policy_year=2024),
        id="a city under its province's 文号",
    ),
    pytest.param(
        "按照《关于城乡居民医保参保缴费的通知》(赣医保字〔2021〕15号)要求,现就我市2022年度参保工作通知如下:\n一、个人缴费每人每年320元。\n",
        dict(level="city", province="江西省", city=None, basis_docs=("赣医保字〔2021〕15号",), policy_year=2022),
        id="another province's abbreviation",
    ),
    pytest.param(
        "为提高我市参保居民待遇,自2019年7月1日起调整门诊限额。\n其余事项继续按《关于门诊统筹的通知》(潍人社字〔2018〕66号)执行。\n",
        dict(level="city", province="山东省", city="潍坊市"),
        id="a city by the first character of a cited 文号",
    ),
    pytest.param(
        "本市城乡居民医保住院起付标准调整如下,自202471日起执行。\n未尽事宜按《关于住院待遇的通知》(邯医保〔202312号)执行。\n",
        dict(level="city", province="河北省", city="邯郸市", policy_year=2024),
        id="a city by a 文号 the page broke, a year that lost its 年",
    ),
]


@pytest.mark.parametrize("text, expected", NUMBER_CASES)
def test_place_from_doc_number(text, expected):
    meta = meta_of(text)
    assert {key: meta[key] for key in expected} == expected


# --- a national notice reprinted on one line ---------------------------------------------------

ONE_LINE_FINANCE = (
    "关于提高2016年城乡居民医保筹资标准的通知关于提高2016年城乡居民医保筹资标准的通知 财政部 国家医疗保障局 "
    "关于提高2016年城乡居民医保筹资标准的通知 财社[2016]73号 各省、自治区、直辖市财政厅(局)、医疗保障局: "
    "根据《国务院办公厅关于医改重点工作的通知》(国办发〔2016〕9号),现就筹资工作通知如下: "
    "一、各级财政人均补助标准提高到420元。 二、个人缴费标准提高到每人每年150元。"
)

ONE_LINE_MINISTRIES = (
    "人力资源和社会保障部 财政部关于做好2013年城镇居民医保工作的通知 人社部发[2013]45号 "
    "各省、自治区、直辖市人力资源社会保障厅(局)、财政厅(局): 为做好2013年城镇居民医保工作,依据财社[2013]17号,"
    "现就有关问题通知如下: 一、提高筹资水平。各级财政补助标准提高到每人每年280元。 二、完善门诊统筹。"
)

ONE_LINE_CASES = [
    pytest.param(
        ONE_LINE_FINANCE,
        dict(title="关于提高2016年城乡居民医保筹资标准的通知", doc_number="财社〔2016〕73号",
             issuers=("财政部", "国家医疗保障局"), level="national", province=None, policy_year=2016,
             issue_date=None, basis_docs=("国办发〔2016〕9号",)),
        id="title repeated, issuers and [] 文号 on the line",
    ),
    pytest.param(
        ONE_LINE_MINISTRIES,
        dict(title="关于做好2013年城镇居民医保工作的通知", doc_number="人社部发〔2013〕45号",
             issuers=("人力资源和社会保障部", "财政部"), level="national", province=None, policy_year=2013,
             basis_docs=("财社〔2013〕17号",)),
        id="ministries before 关于, a ministry named in full",
    ),
]


@pytest.mark.parametrize("text, expected", ONE_LINE_CASES)
def test_one_line_reprint(text, expected):
    meta = meta_of(text)
    assert {key: meta[key] for key in expected} == expected


def test_one_line_reprint_keeps_its_body_in_one_paragraph():
    notice = from_raw(RawText(text=ONE_LINE_FINANCE, format="txt"), "case.txt")
    doc = notice.documents[0]
    assert doc.sections == ()
    body = notice.text[doc.zones.body.start : doc.zones.body.end]
    assert body.startswith("根据《国务院办公厅") and body.endswith("150元。")


# --- real PDFs: seals, Chinese numerals, red headers, printed web pages -----------------------

SEAL_CHINESE_NUMERALS = """江门市医疗保障局关于2025年度城乡居民医保缴费的通知
各市(区)医疗保障局:
一、个人缴费标准为每人每年400元。
江门市医疗保障局（印章）
二〇二五年三月十八日"""

DATE_AFTER_SEAL = """关于2025年度城乡居民医保缴费的通知
各镇(街道):
一、个人缴费标准为每人每年400元。
台山市医疗保障局
2025年1月6日（盖章）"""

RED_HEADER = """邹城市医疗保障局文件
邹医保发〔2022〕19号
关于做好2023年度城乡居民医保参保缴费工作的通知
各镇街医保所:
一、个人缴费标准为每人每年350元。
邹城市医疗保障局
2022年9月2日"""

RED_HEADER_SIGNER = """漠 河 市 医 疗 保 障 局
漠医保〔2020〕3号 签发人:周明
关于2021年度城乡居民医保征缴工作的通知
各乡镇:
一、个人缴费标准为每人每年280元。"""

SEAL_ON_ITS_OWN_LINE = """关于调整2024年度城乡居民医保缴费标准的通知
各乡镇人民政府:
一、个人缴费标准为每人每年380元。
瑞昌市医疗保障局
（印章）
二〇二三年十月九日"""

PDF_CASES = [
    pytest.param(
        SEAL_CHINESE_NUMERALS,
        dict(issue_date="2025-03-18", issuers=("江门市医疗保障局",), level="city", city="江门市"),
        id="seal word beside the 落款, date in Chinese numerals",
    ),
    pytest.param(
        DATE_AFTER_SEAL,
        dict(issue_date="2025-01-06", issuers=("台山市医疗保障局",), level="county", city="江门市", county="台山市"),
        id="date written after the seal's word",
    ),
    pytest.param(
        SEAL_ON_ITS_OWN_LINE,
        dict(issue_date="2023-10-09", issuers=("瑞昌市医疗保障局",), level="county", city="九江市", county="瑞昌市"),
        id="seal's word on its own line between the issuer and the date",
    ),
    pytest.param(
        RED_HEADER,
        dict(doc_number="邹医保发〔2022〕19号", issuers=("邹城市医疗保障局",), level="county", province="山东省",
             city="济宁市", county="邹城市", title="关于做好2023年度城乡居民医保参保缴费工作的通知",
             issue_date="2022-09-02", policy_year=2023),
        id="文号 under a red header",
    ),
    pytest.param(
        RED_HEADER_SIGNER,
        dict(doc_number="漠医保〔2020〕3号", issuers=("漠河市医疗保障局",), level="county", province="黑龙江省",
             city="大兴安岭地区", county="漠河市", title="关于2021年度城乡居民医保征缴工作的通知"),
        id="letter-spaced red header, 文号 with its signer",
    ),
]


@pytest.mark.parametrize("text, expected", PDF_CASES)
def test_scanned_and_red_header(text, expected):
    meta = meta_of(text)
    assert {key: meta[key] for key in expected} == expected


PRINT_TIME_AND_URL = paged(
    "2025/3/4 上午10:21 关于做好2025年度城乡居民医保参保工作的通知_凯里市人民政府\n"
    "凯里市医疗保障局\n关于做好2025年度城乡居民医保参保工作的通知\n各镇(街道)医保所:\n"
    "一、个人缴费标准为每人每年400元,\n"
    "https://www.kaili.example.gov.cn/zwgk/art/2025/3/4/art_1_2345.html 1/2\n",
    "2025/3/4 上午10:21 关于做好2025年度城乡居民医保参保工作的通知_凯里市人民政府\n"
    "特困人员由财政全额资助。\n凯里市医疗保障局\n2025年2月26日\n"
    "https://www.kaili.example.gov.cn/zwgk/art/2025/3/4/art_1_2345.html 2/2\n",
)

PRINT_PAGE_COUNT = paged(
    "打印时间:2024-11-02 16:40\n宜都市医疗保障局关于做好2025年度居民医保缴费的通知\n各乡镇(街道)人民政府:\n"
    "一、缴费时间为2024年9月1日至12月31日。\n第1页 共2页\n",
    "二、个人缴费标准为每人每年400元。\n宜都市医疗保障局\n2024年8月20日\n第2页 共2页\n",
)

PRINT_CASES = [
    pytest.param(
        PRINT_TIME_AND_URL,
        dict(title="关于做好2025年度城乡居民医保参保工作的通知", issuers=("凯里市医疗保障局",), issue_date="2025-02-26",
             level="county", city="黔东南苗族侗族自治州", county="凯里市"),
        id="print time with the page title, URL with the page count",
    ),
    pytest.param(
        PRINT_PAGE_COUNT,
        dict(title="关于做好2025年度居民医保缴费的通知", issuers=("宜都市医疗保障局",), issue_date="2024-08-20",
             level="county", city="宜昌市", county="宜都市", policy_year=2025),
        id="print stamp and 第n页 共m页",
    ),
]


@pytest.mark.parametrize("printed, expected", PRINT_CASES)
def test_printed_web_page(printed, expected):
    text, pages = printed
    meta = meta_of(text, pages)
    assert {key: meta[key] for key in expected} == expected


@pytest.mark.parametrize("printed", [p.values[0] for p in PRINT_CASES], ids=[p.id for p in PRINT_CASES])
def test_printed_web_page_furniture_is_not_text(printed):
    text, pages = printed
    notice = from_raw(RawText(text=text, format="txt", pages=tuple(pages)), "case.txt")
    assert "http" not in notice.text and "上午10:21" not in notice.text and "打印时间" not in notice.text


# --- the policy year ---------------------------------------------------------------------

YEAR_CASES = [
    pytest.param("关于公布2026年个人缴费标准和2025年财政补助标准的通知\n各区医保局:\n一、标准。\n", 2025,
                 id="two years in the title, later first"),
    pytest.param("关于公布城乡居民医保2023年财政补助和2024年个人缴费标准的通知\n各县医保局:\n一、标准。\n", 2023,
                 id="two years in the title, earlier first"),
    pytest.param("一、缴费时间\n2024年11月1日至12月31日,缴纳2025年度城乡居民医疗保险费。\n二、2024年度已参保的新生儿须在期内缴费。\n", 2025,
                 id="paid late in the year before for the insurance year"),
    pytest.param("一、缴费期\n2019年10月15日至12月20日。\n二、标准\n2020年城乡居民医保个人缴费每人每年250元,2019年12月20日后不再受理。\n", 2020,
                 id="insurance year named once against a payment year named thrice"),
    pytest.param("本县城乡居民医保门诊报销比例调整为55%,自2025101日起执行。\n", 2025,
                 id="a date whose 年 and 月 the page lost"),
]


@pytest.mark.parametrize("text, year", YEAR_CASES)
def test_policy_year(text, year):
    assert meta_of(text)["policy_year"] == year
