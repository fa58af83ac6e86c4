"""Cleaned text → candidate quantities: money, percentages, dates, durations, counts.

Each quantity keeps its span in the cleaned text, its value in the units of
FIELDS.md (元, %, ISO dates, 月/天), and what stands around it that later
stages need: the qualifier (不低于, 左右, 前 …) and the previous value of a
由X提高到Y change.  Chinese numerals are converted span by span, never by
rewriting the text (一般 stays 一般).

Figures are read as notices of every province write them: 一万二千元, 1.2万元, financial
numerals (人民币壹仟零伍拾元整), a per-head tail kept in the figure's span (380元/人·年);
dates with 年月日 marks or typed without them (2024.9.1, 2024-09-01, 2024年9.1), in Chinese
numerals (二○二四年九月一日), ending a month (12月底) or a ten-day period (10月上旬), with years
by reference (9月至次年2月, 上年12月至当年3月).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from ..grammar import (
    BOUNDS, PER_HEAD, PREVIOUS_LEAD, PREVIOUS_LINK, QUALIFIERS_ADJACENT, QUALIFIERS_AFTER, QUALIFIERS_BEFORE, RAISED_TO,
    RAISED_TO_QUALIFIER, SENTENCE_MARKS, after_last,
)
from ..normalize import matchable
from ..numerals import (
    LARGEST_FIGURE, MAX_NUMERAL, MONTH_END, RELATIVE_YEARS, TEN_DAYS, cn_to_int, day_of_mark, iso_date, relative_year,
)

_CN = "零〇○一二两三四五六七八九十百千"  # digits and units a Chinese numeral may start with
_CN_BIG = "万亿"  # inside a numeral (一万二千) but never its first character (万元 alone is no figure)
_CN_NUM = rf"[{_CN}][{_CN}{_CN_BIG}]*"
# A year written digit by digit: 二〇二四, 二○二四, 二零二四, and 二O二四 where a Latin O was typed.
_YEAR_DIGITS = "〇○零O一二三四五六七八九"
NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|{_CN_NUM}(?:点[{_CN}]+)?)"
# Financial (大写) numerals write amounts of money only: 壹佰贰拾元, 叁佰捌拾元整. Kept out of NUM so
# that 陆续 or a surname 伍 never starts a count or a duration.
_FIN = "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟"
_FIN_NUM = rf"[{_FIN}][{_FIN}零〇万萬亿]*"
# What a per-head unit adds after 元: 元/人, 元/人·年, 元/人.年, 元/人/年, 元/(人·年), 元/年.
# \s*+ (possessive) wherever two runs of space could share the spaces between them: else a
# run of spaces there is tried in every split (seconds for 20,000 spaces).
_PER_UNIT = r"人(?:\s*+[·•・‧./]?\s*(?:年度?|次|月|天|日))?|年度?|月|次|天|日"
_PER = rf"/\s*(?:\(\s*(?:{_PER_UNIT})\s*\)|(?:{_PER_UNIT}))"

@dataclass
class Candidate:
    start: int
    end: int
    kind: str  # money, percent, points, date, month_range, date_range, duration, count
    value: object
    unit: str
    text: str
    qualifier: str | None = None
    previous: float | None = None
    is_previous: bool = False  # the X of 由X提高到Y: not a parameter of its own
    notes: dict = field(default_factory=dict)


def to_number(text: str) -> float | None:
    """Arabic or Chinese numeral as a number.

    >>> [to_number(t) for t in ("580", "13.5", "49,785", "三十", "百分之七十"[3:], "一点五")]
    [580, 13.5, 49785, 30, 70, 1.5]

    A numeral longer than any figure (numerals.MAX_NUMERAL characters) is as good as infinite:
    the caller refuses it as it refuses any number that is not a figure (numerals.is_figure).

    >>> to_number("1" * 400), to_number("一" * 4400)
    (inf, inf)
    """
    text = text.replace(",", "")
    if len(text) > MAX_NUMERAL and len(text.replace(".", "").replace("点", "")) > MAX_NUMERAL:
        return math.inf
    try:
        value = float(text)
        return int(value) if value.is_integer() else value
    except ValueError:
        pass
    if "点" in text:
        whole, _, frac = text.partition("点")
        head = cn_to_int(whole)
        digits = "".join(str(cn_to_int(ch)) for ch in frac if cn_to_int(ch) is not None)
        if head is None or not digits:
            return None
        return float(f"{head}.{digits}")
    return cn_to_int(text)


# Both scans start with one character class: the regex engine then skips straight to the
# characters a figure may start with, instead of trying every branch at every position; the
# branches tell by the character just read (lookbehind) which figure it may start.
# A run of numerals is looked through for at most MAX_NUMERAL characters from each position:
# unbounded, a run of 4,400 一 with no unit after it took seconds (each position read the rest of
# the run); a longer run ending in a unit gives a spot of its last characters, which is refused.
_RUN = rf"{{0,{MAX_NUMERAL}}}"
_SPOT = re.compile(
    rf"[\d全{_CN}{_FIN}](?:(?<=\d)\d*(?:\.\d+)?|(?<=百)分之|(?<=全)额|(?<=一)半"
    rf"|(?<=[一二])[{_YEAR_DIGITS}]{{3}}(?=\s*年)"
    rf"|(?<=[{_CN}])[{_CN}{_CN_BIG}]{_RUN}(?=\s*(?:万?元|个|%|天|日|月|年|种|项|类|点|百分点))"
    rf"|(?<=[{_FIN}])[{_FIN}零〇万萬亿]{_RUN}(?=\s*[万萬]?[元圆]))"
)
# A cheap test that a text may hold a figure at all (a superset of what _SPOT finds).
_TRIGGER = re.compile(
    rf"[\d全{_CN}{_CN_BIG}{_FIN}](?:(?<=\d)|(?<=全)额|(?<=一)半|(?<=百)分之"
    rf"|[{_CN}{_CN_BIG}{_FIN}]{_RUN}\s*(?:[万萬]?[元圆]|个|%|天|日|月|年|种|项|类))"
)
# What a run of numerals is made of: a refused figure's span goes back to where its run starts.
_NUMERAL_CHARS = frozenset(f"0123456789,.{_CN}{_CN_BIG}{_FIN}萬点")
# A date or month range goes on from its first number with one of these (9月, 2024年, 2024.9.1,
# 9-12月, 9至12月); a number followed by anything else (元, %, 个) is not tried as a date.
_DATE_NEXT = frozenset("年月./-~〜―至到")

# The pieces of a date. A year is written in digits or digit by digit in Chinese (二〇二四, 二○二四).
_YEAR = rf"(?:19|20)\d{{2}}|[一二][{_YEAR_DIGITS}]{{3}}"
_MD = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_MARKS = "|".join(MONTH_END + tuple(TEN_DAYS))
_RELATIVE = "|".join(sorted(RELATIVE_YEARS, key=len, reverse=True))
# Between the two ends of a range (— and －, folded by matchable, are -; —— is --); a comma
# after 起/开始 does not split one (自2024年10月1日起，至12月20日止).
_TO = r"\s*(?:(?:(?:起|开始)\s*+[,，]?\s*)?(?:至|到)|-{1,2}|~|〜|―{1,2})\s*"
# Words right before a range or date that say which year it is in (lead words are looked back
# at, not matched: a figure starts where its number does).
_EVERY_YEAR = ("每年", "每年的")
_LEADS = {len(w) for w in (*RELATIVE_YEARS, *_EVERY_YEAR)}
_LEAD_LENGTHS = tuple(sorted(_LEADS, reverse=True))


def _written(n: str, relative: bool = False) -> str:
    """2023年9月15日, 九月十五日, 12月底, 10月上旬, 次年2月 (``relative``: a year by reference)."""
    year = rf"(?P<{n}y>{_YEAR})\s*年\s*(?:的\s*)?"
    if relative:
        year = rf"(?:{year}|(?P<{n}rel>{_RELATIVE})\s*)"
    return (rf"(?:{year})?(?P<{n}m>{_MD})\s*月\s*+(?:份\s*+)?(?:(?P<{n}d>{_MD})\s*[日号])?"
            rf"(?P<{n}end>{_MARKS})?")


# A unit after 2023年1.5 makes it a figure of that year (2023年1.5万元), not the 5th of January.
_NOT_A_DAY = r"\s*(?:[万元圆%亿倍个]|百分点)"


def _typed(n: str) -> str:
    """2024.9.1, 2024-09-01, 2024/9/1 (one separator throughout), 2024年9.1; never a decimal."""
    return (rf"(?P<{n}ty>(?:19|20)\d{{2}})(?:(?P<{n}sep>[./-])|\s*年\s*)(?P<{n}tm>\d{{1,2}})"
            rf"(?({n}sep)(?P={n}sep)|\.)(?P<{n}td>\d{{1,2}})(?!\.?\d|{_NOT_A_DAY})")


# 12.31 ends a range whose start is typed (2024.9.1-12.31); not a decimal figure of its own.
_SHORT_END = rf"(?P<bsm>\d{{1,2}})\.(?P<bsd>\d{{1,2}})(?!\.?\d|{_NOT_A_DAY})"


@lru_cache(maxsize=1)
def _patterns():
    """The quantity patterns, compiled once a process (immutable: threads share them): all of
    them, longest first, and those that are not dates."""
    start = rf"(?:{_typed('a')}|{_written('a')})"
    end = rf"(?:{_typed('b')}|{_SHORT_END}|{_written('b', relative=True)})"
    dates = [
        ("date_range", re.compile(rf"{start}{_TO}{end}")),
        # 从4月开始，10月底完成收缴: a start, then in the next clause the end by which it is done.
        ("date_range", re.compile(rf"{start}\s*(?:起|开始)\s*[,，]\s*{end}(?=\s*(?:之?前)?\s*(?:全部)?(?:完成|结束|截止|止))")),
        ("month_range", re.compile(r"(?P<am>\d{1,2})\s*(?:至|到|—|－|-|~|～)\s*(?P<bm>\d{1,2})\s*月(?:份)?")),
        ("date", re.compile(start)),
    ]
    others = [
        # 整 closes an amount (叁佰捌拾元整) only where a clause or the text ends: 元整体 is not one.
        ("money", re.compile(rf"(?P<n>{NUM}|{_FIN_NUM})\s*+(?P<wan>[万萬])?\s*[元圆]"
                             rf"(?:整(?=[\s,.;:，。；：、)）]|$))?(?P<per>{_PER})?")),
        ("percent", re.compile(rf"(?:(?P<n>{NUM})\s*%|百分之(?P<n2>{NUM}))")),
        ("points", re.compile(rf"(?P<n>{NUM})\s*个?百分点")),
        # At most three digits: 2023年 is a year, not a duration.
        ("duration", re.compile(rf"(?<![0-9.])(?P<n>\d{{1,3}}(?:\.\d+)?|[{_CN}]+)\s*(?P<u>个月|个工作日|天|日|年)(?![0-9月])")),
        ("count", re.compile(rf"(?P<n>{NUM})\s*(?P<u>个|种|类|项)(?!月|工作日|百分点)")),
        # 全额 alone is 100 % only where it is what is given: 全额资助, 给予全额补助.
        ("full", re.compile(r"全额(?=资助|补助|补贴|代缴|减免)")),
        ("half", re.compile(r"一半")),
    ]
    return dates + others, others


def _lead(window: str, at: int, floor: int) -> str | None:
    """The relative year (次年, 上年 …) or 每年 written right before ``at`` (not before ``floor``).

    >>> _lead("当年10月", 2, 0), _lead("每年9月", 2, 0), _lead("2023年9月", 5, 0), _lead("次年2月", 2, 1)
    ('当年', '每年', None, None)
    """
    for n in _LEAD_LENGTHS:
        if at - n >= floor:
            word = window[at - n : at]
            if word in RELATIVE_YEARS or word in _EVERY_YEAR:
                return word
    return None


_STATED_YEAR = re.compile(rf"({_YEAR})\s*年")
_TITLE = re.compile(r"《[^》]*》")


# How far back in its sentence the year a relative year counts from is looked for: a sentence of a
# notice is shorter; one of thousands of 次年 would be read again for each of them.
YEAR_REACH = 1000


def _stated_year(window: str, at: int, default_year: int | None) -> int | None:
    """The year a relative year counts from: the last year written before ``at`` in its sentence
    (2026年度…为上年10月1日至12月31日: 上年 is 2025; YEAR_REACH characters back at most), else
    the default year. Years inside a title (《…2021年…》) name that document, not this one.

    >>> _stated_year("2026年度征缴时间为上年10月", 10, 2023), _stated_year("上年10月", 2, 2023)
    (2026, 2023)
    """
    lo = after_last(window, SENTENCE_MARKS, max(0, at - YEAR_REACH), at)
    years = _STATED_YEAR.findall(_TITLE.sub("", window[lo:at]))
    return cn_to_int(years[-1]) if years else default_year


class Refused(NamedTuple):
    """A figure as written whose number is none a notice states (numerals.is_figure): too long,
    or beyond any sum; kept in the text, not read as a figure. Offsets in the text."""

    start: int
    end: int
    text: str


def find_quantities(
    text: str, start: int, end: int, default_year: int | None, folded: bool = False, refused: list | None = None
) -> list[Candidate]:
    """Quantities in ``text[start:end]``, leftmost-longest, not overlapping.

    ``text`` is best given with its widths folded (normalize.matchable): the words
    around each figure are then read as ASCII wherever the page wrote full width.
    A figure whose number cannot be one (a run of 400 digits before 元) is left out, and
    given to ``refused`` (a list) when asked, as a :class:`Refused`.

    >>> t = "人均财政补助标准增加30元，达到640元，比例70%左右，9月15日前"
    >>> [(q.kind, q.value, q.unit, qualifier(t, q, 0)) for q in find_quantities(t, 0, len(t), 2023)]
    [('money', 30, '元', None), ('money', 640, '元', '达到'), ('percent', 70, '%', '左右'), ('date', '2023-09-15', 'date', '前')]
    >>> [(q.value, q.is_previous, q.previous) for q in find_quantities("由900元提高到1000元", 0, 13, 2023)]
    [(900, True, None), (1000, False, 900)]
    """
    window = text[start:end] if folded else matchable(text[start:end])
    if not _TRIGGER.search(window):
        return []  # most sentences hold no figure: one scan decides
    found: list[Candidate] = []
    claimed = 0
    # Figures begin where a number (or 百分之, 全额, 一半) begins: try the forms there only,
    # longest forms first (a date range before a date, a date before a bare number).
    every, not_dates = _patterns()
    for spot in _SPOT.finditer(window):
        a = spot.start()
        if a < claimed:
            continue
        after = spot.end()
        while window[after : after + 1].isspace():
            after += 1
        for kind, pattern in every if window[after : after + 1] in _DATE_NEXT else not_dates:
            m = pattern.match(window, a)
            if m is None or m.end() == a:
                continue
            q = _make(kind, m, window, default_year, claimed)
            if q is None:
                continue
            if type(q.value) in (int, float) and not -LARGEST_FIGURE < q.value < LARGEST_FIGURE:  # numerals.is_figure
                if refused is not None:
                    first = _run_start(window, a, claimed)
                    refused.append(Refused(start + first, start + m.end(), text[start + first : start + m.end()]))
                claimed = m.end()
                break
            # A relative year read before the number (当年10月至次年1月) belongs to the figure.
            q.start, q.end = start + a - q.notes.pop("lead", 0), start + m.end()
            q.text = text[q.start : q.end]
            found.append(q)
            claimed = m.end()
            break
    found = _merge_full(window, start, found)
    _qualify(text, found, start, end)
    return found


def _run_start(window: str, at: int, floor: int = 0) -> int:
    """Where the run of numerals that holds ``at`` starts (a spot reads at most MAX_NUMERAL of
    them), not before ``floor`` (the end of the figure before it).

    >>> _run_start("为一一一一元", 4), _run_start("为12元", 1), _run_start("30,9999元", 3, 2)
    (1, 1, 2)
    """
    while at > floor and window[at - 1] in _NUMERAL_CHARS:
        at -= 1
    return at


_PER_HEAD_BEFORE = re.compile(rf"(?:{PER_HEAD})\s*$")


def per_head_slip(window: str, at: int) -> bool:
    """每人每年90年: after a per-head lead a figure is an amount, and a 年 where 元 belongs is a slip
    of the keyboard (年 and 元 share their pinyin initial y).

    >>> [(q.kind, q.value, q.unit) for q in find_quantities("大专院校每人每年90年，其他人员每人每年150元", 0, 26, 2017)]
    [('money', 90, '元'), ('money', 150, '元')]
    >>> [(q.kind, q.value) for q in find_quantities("断缴超过3年的", 0, 7, 2017)]
    [('duration', 3)]
    """
    return _PER_HEAD_BEFORE.search(window, max(0, at - 8), at) is not None


def _merge_full(window: str, offset: int, found: list[Candidate]) -> list[Candidate]:
    """按350元给予全额资助, 100%全额资助: 全额 qualifies the figure before it."""
    out: list[Candidate] = []
    for q in found:
        if q.qualifier == "全额" and q.kind == "percent" and q.text == "全额" and out:
            prev = out[-1]
            if re.fullmatch(r"(?:给予|予以)?", window[prev.end - offset : q.start - offset]):
                prev.qualifier = "全额"
                continue
        out.append(q)
    return out


def _make(kind: str, m: re.Match, window: str, default_year: int | None, floor: int = 0) -> Candidate | None:
    if kind == "money":
        value = to_number(m.group("n"))
        if value is None:
            return None
        if m.group("wan"):
            value = value * 10000
            value = int(value) if float(value).is_integer() else value
        q = Candidate(0, 0, "money", value, "元", "")
        if m.group("per"):
            q.notes["per"] = m.group("per")  # 元/人·年: the figure is 元, the tail only says per whom
        return q
    if kind == "percent":
        value = to_number(m.group("n") or m.group("n2"))
        return None if value is None else Candidate(0, 0, "percent", value, "%", "")
    if kind == "points":
        value = to_number(m.group("n"))
        return None if value is None else Candidate(0, 0, "points", value, "百分点", "")
    if kind == "full":
        return Candidate(0, 0, "percent", 100, "%", "", qualifier="全额")
    if kind == "half":
        return Candidate(0, 0, "percent", 50, "%", "")
    if kind == "duration":
        value = to_number(m.group("n"))
        unit = {"个月": "月", "天": "天", "日": "天", "年": "年", "个工作日": "天"}[m.group("u")]
        if value is not None and unit == "年" and per_head_slip(window, m.start()):
            return Candidate(0, 0, "money", value, "元", "", notes={"slip": "年 read as 元 after a per-head lead"})
        if value is None or (unit == "年" and value > 100):
            return None
        return Candidate(0, 0, "duration", value, unit, "")
    if kind == "count":
        value = to_number(m.group("n"))
        return None if value is None else Candidate(0, 0, "count", value, "个", "")
    if kind == "month_range":
        am, bm = int(m.group("am")), int(m.group("bm"))
        if 1 <= am <= 12 and 1 <= bm <= 12 and am < bm:
            return Candidate(0, 0, "month_range", [am, bm], "月", "")
        return None
    if kind == "date":
        return _date(m, window, default_year, floor)
    if kind == "date_range":
        return _date_range(m, window, default_year, floor)
    return None


class _End(NamedTuple):
    """One end of a date as written: year (None where not written), month, day, 月底/旬 mark,
    relative year word (次年), and whether it was typed with dots or dashes (2024.9.1)."""

    year: int | None
    month: int | None
    day: int | None
    mark: str | None
    relative: str | None
    typed: bool


def _end(m: re.Match, n: str) -> _End:
    """The ``n`` end ("a" or "b") of a date or date-range match."""
    if m.group(f"{n}ty"):
        return _End(int(m.group(f"{n}ty")), int(m.group(f"{n}tm")), int(m.group(f"{n}td")), None, None, True)
    if n == "b" and m.group("bsm"):
        return _End(None, int(m.group("bsm")), int(m.group("bsd")), None, None, True)
    year, day = m.group(f"{n}y"), m.group(f"{n}d")
    return _End(cn_to_int(year) if year else None, cn_to_int(m.group(f"{n}m")), cn_to_int(day) if day else None,
                m.group(f"{n}end"), m.group("brel") if n == "b" else None, False)


def _day(year: int | None, end: _End, role: str) -> int | None:
    """The day written, or the one its 月底/旬 mark stands for (numerals.day_of_mark)."""
    if end.day is not None or end.mark is None or year is None or not 1 <= (end.month or 0) <= 12:
        return end.day
    return day_of_mark(year, end.month, end.mark, role)


def _date(m: re.Match, window: str, default_year: int | None, floor: int = 0) -> Candidate | None:
    """9月15日前, 2023年12月底, 2024.9.1, 次年1月1日起: an ISO date with the precision written.

    A 旬 stands for its first day where the date starts something (10月上旬起) and for its
    last day otherwise (10月上旬前, 10月中旬完成): see numerals.day_of_mark.

    >>> [_date(_patterns()[0][3][1].match(t), t, 2024).value for t in ("10月上旬起", "10月下旬前", "2023年2月底")]
    ['2024-10-01', '2024-10-31', '2023-02-28']
    """
    end = _end(m, "a")
    lead = _lead(window, m.start(), floor) if end.year is None else None
    relative = lead if lead in RELATIVE_YEARS else None
    if end.year is None and relative is None and end.day is None and end.mark is None:
        # A bare month (9月) is a date only with 前/起 after it; else it may be a duration part.
        if not window[m.end() : m.end() + 2].startswith(("前", "起", "以前", "之前")):
            return None
    if end.year is not None:
        year = end.year
    else:
        year = relative_year(relative, None, _stated_year(window, m.start(), default_year)) if relative else default_year
    role = "start" if window.startswith(("起", "开始"), m.end()) else "end"
    iso = iso_date(year, end.month, _day(year, end, role))
    if iso is None:
        return None
    q = Candidate(0, 0, "date", iso, "date", "")
    q.notes["year_written"] = end.year is not None
    if relative:
        q.notes["lead"] = len(relative)
    return q


def _date_range(m: re.Match, window: str, default_year: int | None, floor: int = 0) -> Candidate | None:
    """2023年11月15日至2024年1月31日 → two ISO dates; 9月至12月 without days or years → a month range.

    The end's year, where it is not written, is the start's, or the next where the end comes
    earlier in the year (2023年11月至2月); 次年/上年/当年 name it by reference (numerals.RELATIVE_YEARS),
    counting from the year their sentence names (_stated_year) where the range's start gives none;
    a start without its year takes the end's. 每年9月至次年2月 is a standing month range.

    >>> r = _patterns()[0][0][1]
    >>> [_date_range(r.match(t), t, 2024).value for t in ("9月至次年2月", "9月下旬至12月上旬", "2024.9.1-12.31")]
    [['2024-09', '2025-02'], ['2024-09-21', '2024-12-10'], ['2024-09-01', '2024-12-31']]
    """
    a, b = _end(m, "a"), _end(m, "b")
    if b.typed and b.year is None and not a.typed:
        return None  # 12.31 ends only a typed range (2024.9.1-12.31)
    lead = _lead(window, m.start(), floor) if a.year is None else None
    relative = lead if lead in RELATIVE_YEARS else None
    written_day = a.day is not None or b.day is not None or a.mark or b.mark
    if a.year is None and relative is None and b.year is None and not written_day:
        if (b.relative is None or lead in _EVERY_YEAR or default_year is None) and _is_month(a.month) and _is_month(b.month):
            return Candidate(0, 0, "month_range", [a.month, b.month], "月", "")
        if b.relative is None:
            return None
    if relative or b.relative:
        default_year = _stated_year(window, m.start(), default_year)  # 2026年度…上年10月: from 2026
    if a.year is not None:
        start_year = a.year
    elif relative:
        start_year = relative_year(relative, None, default_year)
    elif b.year is not None:
        start_year = b.year - 1 if _earlier(b, a) else b.year  # 9月1日至2024年12月31日
    else:
        start_year = default_year
    if b.year is not None:
        end_year = b.year
    elif b.relative:
        end_year = relative_year(b.relative, start_year, default_year)
    else:
        end_year = None if start_year is None else start_year + _earlier(b, a)
    start = iso_date(start_year, a.month, _day(start_year, a, "start"))
    end = iso_date(end_year, b.month, _day(end_year, b, "end"))
    if start is None or end is None:
        return None
    q = Candidate(0, 0, "date_range", [start, end], "date", "")
    if relative:
        q.notes["lead"] = len(relative)
    return q


def _is_month(month: int | None) -> bool:
    return month is not None and 1 <= month <= 12


def _earlier(b: _End, a: _End) -> bool:
    """Whether end ``b`` falls earlier in the year than start ``a`` (the range crosses a new year)."""
    return (b.month or 0, b.day or 0) < (a.month or 0, a.day or 0)


_LEFT_STOP = re.compile(r"[，。；：,;:、（）()]")


def _qualify(text: str, quantities: list[Candidate], start: int, end: int) -> None:
    """Mark the X of 由X提高到Y; note the words right after each quantity."""
    for index, q in enumerate(quantities):
        q.notes["after"] = text[q.end : min(end, q.end + 6)]
        if index + 1 < len(quantities):
            nxt = quantities[index + 1]
            between = text[q.end : nxt.start]
            lead = text[max(start, q.start - 8) : q.start]
            if nxt.kind == q.kind and PREVIOUS_LEAD.search(lead) and PREVIOUS_LINK.fullmatch(between):
                q.is_previous = True
                nxt.previous = q.value


RAISE_REACH = 200


def qualifier(text: str, q: Candidate, left_from: int, clause_from: int | None = None) -> str | None:
    """The qualifier of a quantity from the words between ``left_from`` (the end of its
    cue, or the last quantity) and the figure, and the words right after it.
    ``clause_from`` (the start of the clause) lets 提高个人缴费标准至380元 read as 提高到.

    >>> t = "人均财政补助标准达到每人每年不低于610元"
    >>> q = find_quantities(t, 0, len(t), 2022)[0]
    >>> qualifier(t, q, 8)
    '不低于'
    """
    left = text[left_from : q.start]
    stop = max((m.end() for m in _LEFT_STOP.finditer(left)), default=0)
    left = left[stop:]
    right = q.notes.get("after", "")
    found = []
    if q.qualifier:
        found.append(q.qualifier)
    trimmed = right.lstrip("/人年每次")
    for word, label in QUALIFIERS_AFTER:
        if right.startswith(word) or trimmed.startswith(word):
            found.append(label)
            break
    near = re.sub(r"(?:为|每人每年|每人|每次|每年)+$", "", left)
    for word, label in QUALIFIERS_BEFORE:
        if word in QUALIFIERS_ADJACENT:
            if near.endswith(word):
                found.append(label)
                break
        elif word in left:
            found.append(label)
            break
    # The verb of a change stands near its figure: the clause is read back RAISE_REACH characters at
    # most (RAISED_TO tries every verb of change in what it is given up to the figure: a clause of
    # 8,000 提高 took a second, of 40,000 half a minute).
    clause = text[max(clause_from, q.start - RAISE_REACH) : q.start] if clause_from is not None else left[-RAISE_REACH:]
    if not found and RAISED_TO.search(clause):
        found.append(RAISED_TO_QUALIFIER)  # 提高个人缴费标准至每人每年380元, 上调至670元
    bound = [f for f in found if f in BOUNDS]
    return bound[0] if bound else (found[0] if found else None)
