"""Tables of cases for lines that end in ； or ：: a hard wrap, or the end of a paragraph?

A PDF's text layer breaks every line at the width of the page wherever the sentence is,
so a line may end right after a ； or a ： while its sentence goes on in the next one: it
fills the measure like the lines around it, and must be joined to the next.  An item of
a ；-list set on a line of its own either starts with a marker (（一）, 1., ①) or is
shorter than the measure, and stays a paragraph of its own; so does every line of a text
that holds a paragraph a line, however wide.

The cases are typeset here at a fixed width, as a PDF's text layer holds them.  Their
wording is written for these tests; none is a sentence of a corpus notice.
"""

from __future__ import annotations

import pytest

from extractor.pipeline import from_raw
from extractor.readers.base import RawText

WIDTH = 20  # cells of the measure: a Chinese character or mark takes one, an ASCII character half
HEAD = "关于做好居民医保参保缴费和待遇保障工作的通知\n各县（市、区）医疗保障局：\n"


def cells(text: str) -> float:
    """Width of ``text`` in cells.

    >>> cells("每人每年410元；")
    7.5
    """
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def typeset(paragraph: str, width: float = WIDTH) -> list[str]:
    """The lines of ``paragraph`` broken at ``width`` cells, character by character, as
    CJK layout breaks them (inside words and numbers, and right after any mark).

    >>> typeset("参保缴费时间为每年9月至12月。", 8)
    ['参保缴费时间为每', '年9月至12月。']
    """
    lines, current, used = [], "", 0.0
    for ch in paragraph:
        if current and used + cells(ch) > width:
            lines.append(current)
            current, used = "", 0.0
        current += ch
        used += cells(ch)
    if current:
        lines.append(current)
    return lines


def page(*paragraphs: str) -> list[str]:
    """The text-layer lines of ``paragraphs`` typeset one after another."""
    return [line for paragraph in paragraphs for line in typeset(paragraph)]


def body_paragraphs(lines: list[str]) -> list[str]:
    """The paragraphs the reader makes of the body ``lines`` of a notice."""
    notice = from_raw(RawText(text=HEAD + "\n".join(lines) + "\n", format="txt"), "case.txt")
    body = notice.documents[0].zones.body
    return notice.text[body.start : body.end].split("\n")


# Five full lines ahead of each case, so the body has a measured wrap width, as a page has.
PREAMBLE = (
    "为稳步提高城乡居民医疗保障待遇水平，切实减轻参保群众就医负担，根据上级部门有关文件精神，"
    "结合本地医保基金运行实际和参保群众就医需求，在广泛征求有关部门和参保群众意见的基础上，"
    "经研究，现就有关事项通知如下："
)

# ； at the end of a full line, inside one sentence.
FEES_BY_GROUP = (
    "一、调整个人缴费标准。居民医保个人缴费标准调整为：六十周岁以上参保居民每人每年410元；"
    "在校学生和学龄前儿童每人每年350元；其他参保居民每人每年440元。"
)
RATES_BY_LEVEL = (
    "参保居民住院发生的政策范围内费用，起付标准以上部分由统筹基金按比例支付，"
    "乡镇卫生院支付比例为90%；县级医院支付比例为80%；市级及以上医院支付比例为65%。"
)
# ： at the end of a full heading line.
SUBSIDY_SPLIT = "二、各级财政对居民医保的人均补助调整为：每人每年不低于700元，其中省级财政负担40%，市县财政负担60%。"
# A ；-list with a marker on each item; the first item's last line fills the measure.
AID_ITEMS = (
    "（一）特困人员、孤儿和事实无人抚养儿童参加居民医保的，个人缴费部分给予全额资助；",
    "（二）低保对象参加居民医保的，个人缴费部分按照不低于90%的比例给予定额资助；",
    "（三）返贫致贫人口参加居民医保的，个人缴费部分按照不低于70%的比例给予资助。",
)
# A ；-list of short items with no marker, under a lead-in line.
SHORT_ITEMS = ("下列困难群众的个人缴费部分：", "特困人员由财政全额代缴；", "低保对象定额代缴；", "返贫致贫人口按比例代缴。")
# 。 at the end of a full line: the last line of a paragraph, as often as a sentence that ends there.
LAST_LINE_FULL = "个人缴费标准以外的其他事项，继续按照原有规定执行，各地不得自行提高或降低标准。"
NEXT_PARAGRAPH = "各地要加强宣传引导，通过多种渠道向参保群众解读缴费政策，做到家喻户晓。"

# Text with a paragraph a line, where the editor of a web page cut a few long paragraphs
# at places of their own: its lines spread over every width and none is a wrap of a measure.
PASTED = [
    "为做好本年度城乡居民基本医疗保险参保缴费工作，切实保障参保群",
    "众合法权益，经研究，现将有关事项通知如下：",
    "本年度集中参保缴费期为上年9月1日至12月31日，参保居",
    "民应在集中参保缴费期内按时足额缴纳下一年度的居民医保费，逾期缴费的按规定设置待遇等待期。",
    "各级医保经办机构要会同税务部门优化缴费流程，推广线上缴费渠道，推动参保登记、缴费查询、待遇结算等事项网上办理，为群众提供",
    "便捷服务。",
    "新生儿自出生之日起九十日内参保缴费的，",
    "自出生之日起享受居民医保待遇，不设待遇等待期。",
    "在校学生由所在学校统一组织参保，学校应当做好本校学生参保信息的采集和报送，及时将缴费名单提交医保经办机构，确保应保尽保，不",
    "漏一人。",
    "困难群众参保资助资金由医疗救助基金统一列支，对特困人员、孤儿和事实无人抚养儿童参加居民医保的个人缴费部分给予全额资助；",
    "对低保对象和返贫致贫人口参保的个人缴费部分，按照规定比例给予定额资助，具体标准另行公布。",
]

CASES = [
    pytest.param(
        page(PREAMBLE, FEES_BY_GROUP),
        [PREAMBLE, FEES_BY_GROUP],
        "；",
        id="； at the measured width inside a sentence joins the next line",
    ),
    pytest.param(
        page(PREAMBLE, RATES_BY_LEVEL),
        [PREAMBLE, RATES_BY_LEVEL],
        "；",
        id="； at the measured width in a paragraph without a marker joins",
    ),
    pytest.param(
        page(PREAMBLE, SUBSIDY_SPLIT),
        [PREAMBLE, SUBSIDY_SPLIT],
        "：",
        id="： at the measured width after a heading joins",
    ),
    pytest.param(
        page(PREAMBLE, *AID_ITEMS),
        [PREAMBLE, *AID_ITEMS],
        "；",
        id="；-list with a marker on each item keeps its items apart",
    ),
    pytest.param(
        page(PREAMBLE, *SHORT_ITEMS),
        [PREAMBLE, *SHORT_ITEMS],
        None,
        id="short ；-items without markers keep their lines",
    ),
    pytest.param(
        page(PREAMBLE, LAST_LINE_FULL, NEXT_PARAGRAPH),
        [PREAMBLE, LAST_LINE_FULL, NEXT_PARAGRAPH],
        "。",
        id="。 at the measured width still ends its paragraph",
    ),
    pytest.param(
        PASTED,
        ["".join(PASTED[k : k + 2]) for k in range(0, 10, 2)] + PASTED[10:],
        None,
        id="a paragraph a line: a wide line ending in ； keeps its end",
    ),
]


@pytest.mark.parametrize("lines, expected, breaks_after", CASES)
def test_paragraphs(lines, expected, breaks_after):
    if breaks_after:
        # The case must put the mark at the end of a line that fills the measure.
        assert any(line.endswith(breaks_after) and cells(line) >= WIDTH - 1 for line in lines[:-1])
    assert body_paragraphs(lines) == expected


def test_pasted_case_has_a_measured_width_its_wide_line_reaches():
    # Without the check that the body is hard-wrapped, the ；-line would pass for a wrap:
    # it is as wide as the width most unfinished lines of this text reach.
    from extractor.reading.layout import _reaches, _wrap_width, display_width

    unfinished = [display_width(line) for line in PASTED[:10:2]]
    assert _reaches(display_width(PASTED[10]), _wrap_width(unfinished))
