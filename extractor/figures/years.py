"""The year a value applies to: the year its sentence states before it (2024年起, 预收2024年度,
2023年), or its clause after it (…为2024年度集中缴费期), else the year the clause that opens its
list states (2024年度个人缴费标准为： ⏎ （一）…), else the year an earlier 自X年X月X日起实施 of its
paragraph carries, else the date's own year, else the section's effective year, else the policy
year (the parameter then says ``year_is_policy_year``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..grammar import CLAUSE_OR_SENTENCE, after_last, clause_end
from ..numerals import cn_to_int
from ..vocab import load
from .context import DocumentContext, Sentence
from .quantities import Candidate

EFFECTIVE = re.compile(r"(?:自|从|于)?((?:19|20)\d{2})年(?:\d{1,2}月(?:\d{1,2}日)?)?起(?:实施|执行|施行)")
_TITLE_QUOTES = re.compile(r"《[^》]*》")
# 9月15日至12月15日为2024年度…集中缴费期, 12月底前完成2025年度个人缴费: the year the figure serves.
_YEAR_AFTER = re.compile(r"[^，。；,;0-9]{0,6}?((?:19|20)\d{2})年度")


@lru_cache(maxsize=1)
def _words() -> tuple[re.Pattern, re.Pattern, re.Pattern | None]:
    words = load("fields")["words"]
    basis = words.get("year_basis")
    return re.compile(words["year_lead"]), re.compile(words["year_reference"]), re.compile(basis) if basis else None


# The reason year_source gives when no year is stated for a figure: its year is the policy year's.
POLICY_YEAR = "the policy year"


def year_of(doc: DocumentContext, sentence: Sentence, q: Candidate, dated_by_value: bool = True) -> tuple[int | None, bool]:
    """The year of one figure (None for a standing month range such as 每年9月至12月), and whether
    it is the policy year's for want of a stated one."""
    year, reason = year_source(doc, sentence, q, dated_by_value)
    return year, reason == POLICY_YEAR


def year_source(doc: DocumentContext, sentence: Sentence, q: Candidate, dated_by_value: bool = True) -> tuple[int | None, str]:
    """The year of one figure and where it came from (``explain`` shows the reason; ``year_of``
    is this function's year, so the two cannot disagree). ``dated_by_value`` false: a date's
    own year does not count (a payment deadline serves the coverage year)."""
    if q.kind == "month_range":
        return None, "none: a month range (每年9月至12月) stands every year"
    best, stated = stated_year(doc.text[sentence.start : q.start])
    if best is not None:
        return best, f"stated before the figure in its sentence: {stated}"
    after = _YEAR_AFTER.match(doc.text, q.end, clause_end(doc.text, q.end, sentence.end)) if "年度" in doc.text[q.end : q.end + 14] else None
    if after is not None:
        return int(after.group(1)), f"stated after the figure in its clause: {after.group().lstrip()}"
    if sentence.lead is not None:
        best, stated = stated_year(doc.text[sentence.lead[0] : sentence.lead[1]])
        if best is not None:
            return best, f"stated in the clause that opens the list it is an item of: {stated}"
    if sentence.carry:
        return sentence.carry, f"carried: an earlier sentence of the paragraph starts it in {sentence.carry} (自X年…起实施)"
    if q.kind == "date" and q.notes.get("year_written") and dated_by_value:
        return int(str(q.value)[:4]), "the date's own year"
    if sentence.fallback is not None:
        return sentence.fallback, "the section's effective year (its 自X年起实施)"
    if doc.policy_year is None:
        return None, "none: no year before the figure and no policy year"
    return doc.policy_year, POLICY_YEAR


def stated_year(before: str) -> tuple[int | None, str]:
    """The last year ``before`` states for what follows, and its words; (None, "") when none does
    (a year of a document's title, a year a standard refers to, a year a change starts from).

    >>> stated_year("2023年预收2024年度的个人缴费标准"), stated_year("按2021年标准执行，")
    ((2024, '预收2024年度'), (None, ''))
    """
    year_lead, year_reference, year_basis = _words()
    # A year inside a document's title (《…2021年…通知》) names that document, not this figure.
    if "《" in before:
        before = _TITLE_QUOTES.sub(lambda m: " " * len(m.group()), before)
    best, stated = None, ""
    for m in year_lead.finditer(before):
        year = m.group("pre") or m.group("from") or m.group("plain")
        if year is None or year_reference.search(before[max(0, m.start() - 6) : m.start()]):
            continue
        if year_basis is not None and year_basis.match(before[m.end() : m.end() + 8]):
            continue
        best, stated = cn_to_int(year), m.group()
    return best, stated


def effective_year(text: str, start: int, end: int) -> int | None:
    """The year a 自X年X月X日起实施 in text[start:end] starts.

    >>> effective_year("本办法自2021年1月1日起实施。", 0, 16)
    2021
    """
    found = EFFECTIVE.search(text, start, end)
    return int(found.group(1)) if found else None


def section_effective_years(text: str, sections) -> list[tuple[object, int]]:
    """Top-level sections that set up what their own 自X年X月X日起实施 starts: the section
    建立…门诊统筹制度 whose 门诊统筹制度于2021年1月1日起实施 makes its figures those of 2021."""
    out = []
    for section in sections:
        body = text[section.span.start : section.span.end]
        for m in EFFECTIVE.finditer(body):
            clause_start = after_last(body, CLAUSE_OR_SENTENCE, 0, m.start())
            subject = re.sub(r"^[（(][一二三四五六七八九十\d]+[)）]", "", body[clause_start : m.start()])
            if shares_words(subject, section.title):
                out.append((section, int(m.group(1))))
                break
    return out


def shares_words(a: str, b: str, size: int = 4) -> bool:
    """Whether two texts share a run of ``size`` characters.

    >>> shares_words("城乡居民医疗保险门诊统筹制度于", "建立城乡居民基本医疗保险门诊统筹制度")
    True
    """
    runs = {a[i : i + size] for i in range(len(a) - size + 1)}
    return any(b[i : i + size] in runs for i in range(len(b) - size + 1))
