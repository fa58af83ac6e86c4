"""Chinese numerals and dates as written in notices."""

from __future__ import annotations

import calendar
import re

# 〇 ○ Ｏ O all stand for zero in years typed by hand (二○二四年); 壹…玖 are the financial
# (大写) digits that amounts are written in where they must not be altered (壹佰贰拾元).
DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
          "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9}
UNITS = {"十": 10, "百": 100, "千": 1000, "拾": 10, "佰": 100, "仟": 1000}
# Units that close a group of four digits: 一万二千 is (一) × 万 + 二千.
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# No figure of a notice is written with more characters than this (一千二百三十四万五千六百七十八
# has 15): a longer run is not a number, and converting it whole would cost time (int() refuses
# more than 4,300 digits; Chinese numerals are read character by character).
MAX_NUMERAL = 30
# No sum a notice states comes near this (a national fund is some 10^12 元): a larger value is
# a run of digits, not a figure, and beyond 2^63 a store's integer column could not hold it.
LARGEST_FIGURE = 10**15


def is_figure(value) -> bool:
    """Whether a number can be a figure of a notice: finite and under LARGEST_FIGURE (a float
    beyond 1.8e308 is infinite, and JSON has no infinity: it would be written as null).

    >>> is_figure(640), is_figure(0.5), is_figure(float("inf")), is_figure(float("nan")), is_figure(10**16)
    (True, True, False, False, False)
    """
    return isinstance(value, (int, float)) and -LARGEST_FIGURE < value < LARGEST_FIGURE


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese or Arabic whole number; None when it is not one.

    >>> [cn_to_int(s) for s in ("一", "十", "十二", "二十", "二十二", "一百零五", "12", "１２")]
    [1, 10, 12, 20, 22, 105, 12, 12]
    >>> cn_to_int("二〇二三"), cn_to_int("二○二四")
    (2023, 2024)
    >>> [cn_to_int(s) for s in ("一万二千", "十二万", "一万零五百", "三百八十")]
    [12000, 120000, 10500, 380]

    Financial numerals, and a last digit that drops its unit (一万二 is 一万二千, 三百五 is 三百五十):

    >>> [cn_to_int(s) for s in ("壹佰贰拾", "叁佰捌拾", "壹仟零伍拾", "拾", "一万二", "三百五")]
    [120, 380, 1050, 10, 12000, 350]
    >>> cn_to_int("第") is None
    True

    A run longer than any figure (MAX_NUMERAL characters) is not one, nor is a superscript:

    >>> cn_to_int("一" * 4400) is None, cn_to_int("1" * 31) is None, cn_to_int("²") is None
    (True, True, True)
    """
    text = text.strip().translate(FULL_DIGITS)
    if not text or len(text) > MAX_NUMERAL:
        return None
    if text.isdecimal():  # isdigit() holds for ² too, which int() refuses
        return int(text)
    if any(ch not in DIGITS and ch not in UNITS and ch not in BIG_UNITS for ch in text):
        return None
    if not any(ch in UNITS or ch in BIG_UNITS for ch in text):
        # Digit by digit, as years are written: 二〇二三.
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, group, current = 0, 0, 0
    last_unit = 1
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
            if ch in "〇零○Ｏ":
                last_unit = 1  # 一百零五: the 五 after 零 is a unit digit
        elif ch in UNITS:
            group += (current or 1) * UNITS[ch]
            current, last_unit = 0, UNITS[ch]
        else:
            total += (group + current or 1) * BIG_UNITS[ch]
            group, current, last_unit = 0, 0, BIG_UNITS[ch]
    if current and last_unit >= 100 and text[-2] not in "〇零○Ｏ":
        current *= last_unit // 10  # spoken short form: 三百五 = 350, 一万二 = 12000
    return total + group + current


_NUM = r"[0-9０-９]{1,4}|[〇零○一二三四五六七八九十]{1,5}"
DATE = re.compile(
    rf"(?P<y>[12][0-9０-９]{{3}}|[一二][〇零○一二三四五六七八九]{{3}})\s*年\s*"
    rf"(?:(?P<m>{_NUM})\s*月\s*(?:(?P<d>{_NUM})\s*[日号])?)?"
)


def parse_date(text: str) -> str | None:
    """ISO date, with the precision written, of the first date in ``text``.

    >>> parse_date("2023年8月30日印发")
    '2023-08-30'
    >>> parse_date("二〇二二年十月二十八日")
    '2022-10-28'
    >>> parse_date("2021年10月")
    '2021-10'
    >>> parse_date("无日期") is None
    True
    """
    match = DATE.search(text)
    if not match:
        return None
    return date_from_match(match)


def date_from_match(match: re.Match) -> str | None:
    year = cn_to_int(match.group("y"))
    if year is None or not 1949 <= year <= 2100:
        return None
    if not match.group("m"):
        return f"{year:04d}"
    month = cn_to_int(match.group("m"))
    if month is None or not 1 <= month <= 12:
        return None
    if not match.group("d"):
        return f"{year:04d}-{month:02d}"
    day = cn_to_int(match.group("d"))
    if day is None or not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


YEAR = re.compile(r"(?<![0-9０-９])([12][0-9０-９]{3}|[一二][〇零○一二三四五六七八九]{3})\s*年")


def years_in(text: str) -> list[int]:
    """Years written as 2023年 or 二〇二三年, in order.

    >>> years_in("2023年预收2024年度，二〇二二年")
    [2023, 2024, 2022]
    """
    out = []
    for m in YEAR.finditer(text):
        value = cn_to_int(m.group(1))
        if value and 1949 <= value <= 2100:
            out.append(value)
    return out


# Years named by reference (次年2月, 上年12月): word → (what it counts from, offset).
# "start" counts from the year the range starts in (9月至次年2月: the year after September's),
# "notice" from the year the notice is about (上年12月至当年3月). Where no range start is
# written, "start" also counts from the notice's year. (A table of meanings, not a word list:
# grammar.toml's schema has no place for it.)
RELATIVE_YEARS = {
    "次年": ("start", 1), "翌年": ("start", 1), "第二年": ("start", 1), "同年": ("start", 0),
    "当年": ("notice", 0), "本年": ("notice", 0), "今年": ("notice", 0),
    "上年": ("notice", -1), "上一年": ("notice", -1), "去年": ("notice", -1),
    "明年": ("notice", 1), "来年": ("notice", 1), "下年": ("notice", 1), "下一年": ("notice", 1),
}


def relative_year(word: str, start_year: int | None, notice_year: int | None) -> int | None:
    """The year a word such as 次年 names, from the range's start year and the notice's year.

    >>> relative_year("次年", 2023, 2024), relative_year("次年", None, 2024), relative_year("上年", None, 2024)
    (2024, 2025, 2023)
    >>> relative_year("当年", 2019, 2024), relative_year("同年", None, None) is None
    (2024, True)
    """
    anchor, offset = RELATIVE_YEARS[word]
    base = start_year if anchor == "start" and start_year is not None else notice_year
    return None if base is None else base + offset


# The ten-day periods of a month (旬): first and last day; None is the month's last day.
TEN_DAYS = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, None)}
MONTH_END = ("底", "末")


def day_of_mark(year: int, month: int, mark: str, role: str) -> int:
    """The day a month written without its day stands for: 月底/月末 is the last day of the month;
    a 旬 is its first day where it starts something (a range's start, 10月上旬起) and its last
    day where it ends something (a range's end, a deadline 10月上旬前, or alone), since a
    notice that asks for a thing within 上旬 gives until the 10th.

    >>> day_of_mark(2024, 2, "底", "end"), day_of_mark(2023, 2, "末", "start")
    (29, 28)
    >>> [day_of_mark(2024, 10, t, "start") for t in TEN_DAYS], [day_of_mark(2024, 11, t, "end") for t in TEN_DAYS]
    ([1, 11, 21], [10, 20, 30])
    """
    last = calendar.monthrange(year, month)[1]
    if mark in TEN_DAYS:
        first, end = TEN_DAYS[mark]
        return first if role == "start" else (end or last)
    return last


def iso_date(year: int | None, month: int | None, day: int | None = None) -> str | None:
    """ISO date with the precision given; None for a month or day that does not exist.

    >>> iso_date(2024, 9), iso_date(2024, 2, 29), iso_date(2023, 2, 29), iso_date(None, 9)
    ('2024-09', '2024-02-29', None, None)
    """
    if year is None or month is None or not 1949 <= year <= 2100 or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
