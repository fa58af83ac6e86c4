"""Chinese numerals and dates as written in notices."""

from __future__ import annotations

import re

DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese or Arabic whole number; None when it is not one.

    >>> [cn_to_int(s) for s in ("一", "十", "十二", "二十", "二十二", "一百零五", "12", "１２")]
    [1, 10, 12, 20, 22, 105, 12, 12]
    >>> cn_to_int("二〇二三")
    2023
    >>> cn_to_int("第") is None
    True
    """
    text = text.strip().translate(FULL_DIGITS)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    if not any(ch in UNITS for ch in text):
        # Digit by digit, as years are written: 二〇二三.
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        else:
            total += (current or 1) * UNITS[ch]
            current = 0
    return total + current


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
