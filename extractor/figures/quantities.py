"""Cleaned text → candidate quantities: money, percentages, dates, durations, counts.

Each quantity keeps its span in the cleaned text, its value in the units of
FIELDS.md (元, %, ISO dates, 月/天), and what stands around it that later
stages need: the qualifier (不低于, 左右, 前 …) and the previous value of a
由X提高到Y change.  Chinese numerals are converted span by span, never by
rewriting the text (一般 stays 一般).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..grammar import (
    BOUNDS, PREVIOUS_LEAD, PREVIOUS_LINK, QUALIFIERS_ADJACENT, QUALIFIERS_AFTER, QUALIFIERS_BEFORE, RAISED_TO,
    RAISED_TO_QUALIFIER,
)
from ..normalize import matchable
from ..numerals import cn_to_int

_CN = "零〇一二两三四五六七八九十百千"
NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN}]+(?:点[{_CN}]+)?)"


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
    """
    text = text.replace(",", "")
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


_SPOT = re.compile(rf"\d+(?:\.\d+)?|百分之|全额|一半|[{_CN}]+(?=\s*(?:万?元|个|%|天|日|月|年|种|项|类|点|百分点))")
_TRIGGER = re.compile(rf"\d|全额|一半|百分之|[{_CN}]+\s*(?:万?元|个|%|天|日|月|年|种|项|类)")


@lru_cache(maxsize=1)
def _patterns():
    """The quantity patterns, compiled once a process (immutable: threads share them)."""
    y = r"(?P<{n}y>(?:19|20)\d{{2}})\s*年"
    m = r"(?P<{n}m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月"
    d = r"(?:(?P<{n}d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*[日号])?"
    def date(n):
        return rf"(?:{y.format(n=n)})?\s*{m.format(n=n)}\s*(?:份)?\s*{d.format(n=n)}(?P<{n}end>底|末)?"
    patterns = [
        ("date_range", re.compile(rf"{date('a')}\s*(?:至|到|—|－|-|~|～)\s*{date('b')}")),
        ("month_range", re.compile(r"(?P<am>\d{1,2})\s*(?:至|到|—|－|-|~|～)\s*(?P<bm>\d{1,2})\s*月(?:份)?")),
        ("date", re.compile(date("a"))),
        ("money", re.compile(rf"(?P<n>{NUM})\s*(?P<wan>万)?\s*元")),
        ("percent", re.compile(rf"(?:(?P<n>{NUM})\s*%|百分之(?P<n2>{NUM}))")),
        ("points", re.compile(rf"(?P<n>{NUM})\s*个?百分点")),
        # At most three digits: 2023年 is a year, not a duration.
        ("duration", re.compile(rf"(?<![0-9.])(?P<n>\d{{1,3}}(?:\.\d+)?|[{_CN}]+)\s*(?P<u>个月|个工作日|天|日|年)(?![0-9月])")),
        ("count", re.compile(rf"(?P<n>{NUM})\s*(?P<u>个|种|类|项)(?!月|工作日|百分点)")),
        # 全额 alone is 100 % only where it is what is given: 全额资助, 给予全额补助.
        ("full", re.compile(r"全额(?=资助|补助|补贴|代缴|减免)")),
        ("half", re.compile(r"一半")),
    ]
    return patterns


def _month(text: str | None) -> int | None:
    return None if text is None else cn_to_int(text)


def _iso(year, month, day, end_mark) -> str | None:
    if month is None or not 1 <= month <= 12:
        return None
    if end_mark and day is None:
        import calendar

        if year is None:
            return None
        day = calendar.monthrange(year, month)[1]
    if year is None:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_quantities(text: str, start: int, end: int, default_year: int | None, folded: bool = False) -> list[Candidate]:
    """Quantities in ``text[start:end]``, leftmost-longest, not overlapping.

    ``text`` is best given with its widths folded (normalize.matchable): the words
    around each figure are then read as ASCII wherever the page wrote full width.

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
    patterns = _patterns()
    claimed = 0
    # Figures begin where a number (or 百分之, 全额, 一半) begins: try the forms there only,
    # longest forms first (a date range before a date, a date before a bare number).
    for spot in _SPOT.finditer(window):
        a = spot.start()
        if a < claimed:
            continue
        for kind, pattern in patterns:
            m = pattern.match(window, a)
            if m is None or m.end() == a:
                continue
            q = _make(kind, m, window, default_year)
            if q is None:
                continue
            q.start, q.end = start + a, start + m.end()
            q.text = text[q.start : q.end]
            found.append(q)
            claimed = m.end()
            break
    found = _merge_full(window, start, found)
    _qualify(text, found, start, end)
    return found


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


def _make(kind: str, m: re.Match, window: str, default_year: int | None) -> Candidate | None:
    if kind == "money":
        value = to_number(m.group("n"))
        if value is None:
            return None
        if m.group("wan"):
            value = value * 10000
            value = int(value) if float(value).is_integer() else value
        return Candidate(0, 0, "money", value, "元", "")
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
        return _date(m, window, default_year)
    if kind == "date_range":
        return _date_range(m, default_year)
    return None


def _date(m: re.Match, window: str, default_year: int | None) -> Candidate | None:
    """9月15日前, 2023年12月底: an ISO date with the precision written."""
    ay = int(m.group("ay")) if m.group("ay") else None
    if ay is None and not m.group("ad") and not m.group("aend"):
        # A bare month (9月) is a date only with 前/底/起 after it; else it may be a duration part.
        if not window[m.end() : m.end() + 2].startswith(("前", "起", "以前", "之前")):
            return None
    iso = _iso(ay or default_year, _month(m.group("am")), _month(m.group("ad")), m.group("aend"))
    if iso is None:
        return None
    q = Candidate(0, 0, "date", iso, "date", "")
    q.notes["year_written"] = ay is not None
    return q


def _date_range(m: re.Match, default_year: int | None) -> Candidate | None:
    """2023年11月15日至2024年1月31日 → two ISO dates; 9月至12月 without days or years → a month range."""
    ay = int(m.group("ay")) if m.group("ay") else None
    by = int(m.group("by")) if m.group("by") else None
    am, ad = _month(m.group("am")), _month(m.group("ad"))
    bm, bd = _month(m.group("bm")), _month(m.group("bd"))
    if ay is None and by is None and ad is None and bd is None:
        if am and bm and 1 <= am <= 12 and 1 <= bm <= 12:
            return Candidate(0, 0, "month_range", [am, bm], "月", "")
        return None
    start = _iso(ay or default_year, am, ad, m.group("aend"))
    end = _iso(by or ay or default_year, bm, bd, m.group("bend"))
    if start is None or end is None:
        return None
    return Candidate(0, 0, "date_range", [start, end], "date", "")


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
    clause = text[clause_from : q.start] if clause_from is not None else left
    if not found and RAISED_TO.search(clause):
        found.append(RAISED_TO_QUALIFIER)  # 提高个人缴费标准至每人每年380元, 上调至670元
    bound = [f for f in found if f in BOUNDS]
    return bound[0] if bound else (found[0] if found else None)
