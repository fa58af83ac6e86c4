"""The grammar every stage shares, read from data/grammar.toml: sentence and clause breaks,
list joints, heading markers, verbs of change and qualifiers.

The reading stages and the figures stage ask this module, never a copy of their own,
so a verb of change added to the data file is known to the quantities (由X上调至Y),
the binder (增加30元，上调至670元) and the qualifier (上调至 → 提高到) at once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .vocab import load


def _data() -> dict:
    return load("grammar")


def _alternation(words) -> str:
    """A regex alternation of literal words, longest first so that 提高到 wins over 提高.

    >>> _alternation(["到", "提高到", "至"])
    '提高到|到|至'
    """
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


# --- breaks -----------------------------------------------------------------------------

_breaks = _data()["breaks"]
SENTENCE_MARKS: str = _breaks["sentence"]
CLAUSE_MARKS: str = _breaks["clause"]  # ，,；; — a clause ends inside a sentence
ITEM_MARKS: str = _breaks["item"]  # ；; — an item of a ；-list ends
COLON_MARKS: str = _breaks["colon"]
LINE_TERMINAL: str = _breaks["line_terminal"]
CLAUSE_OR_COLON: str = CLAUSE_MARKS + COLON_MARKS
CLAUSE_OR_SENTENCE: str = CLAUSE_MARKS + SENTENCE_MARKS

SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_MARKS)}]")
# A sentence ends at its mark, and at the end of its paragraph.
SENTENCE_OR_LINE_END = re.compile(f"[{re.escape(SENTENCE_MARKS)}]|\n")


def after_last(text: str, marks: str, lo: int, hi: int) -> int:
    """Where the text after the last of ``marks`` in text[lo:hi] begins; ``lo`` when there is none.

    >>> after_last("甲，乙；丙", "，；", 0, 5), after_last("甲乙", "，", 0, 2)
    (4, 0)
    """
    return max([text.rfind(mark, lo, hi) for mark in marks] + [lo - 1]) + 1


_CLAUSE_MARK = re.compile(f"[{re.escape(CLAUSE_MARKS)}]")


def clause_end(text: str, start: int, end: int) -> int:
    """Where the clause that runs on from ``start`` ends: its next clause mark in text[start:end],
    else ``end`` (after_last's other side).

    >>> clause_end("甲乙，丙；丁", 0, 6), clause_end("甲乙，丙；丁", 3, 6), clause_end("甲乙", 0, 2)
    (2, 4, 2)
    """
    m = _CLAUSE_MARK.search(text, start, end)
    return m.start() if m else end


def sentences(text: str, start: int, end: int):
    """(start, end) of each sentence of text[start:end].

    >>> list(sentences("甲。乙！丙", 0, 5))
    [(0, 2), (2, 4), (4, 5)]
    """
    position = start
    for m in SENTENCE_END.finditer(text, start, end):
        yield position, m.end()
        position = m.end()
    if position < end:
        yield position, end


# --- lists ----------------------------------------------------------------------------------

_lists = _data()["lists"]
# What may stand between two listed items: joints, a short bracket, nothing else.
LIST_JOINT = re.compile(
    rf"^(?:{_alternation(_lists['joints'])}|（[^）]{{0,10}}）|\([^)]{{0,10}}\))*"
    rf"(?:(?<=[、，,和及与或])[^，。；：、,;:]{{1,{_lists.get('modifier', 0)}}}的)?$"
)
# What may stand between two listed figures: 80%、60% / 90%和70%.
FIGURE_JOINT = re.compile(rf"\s*(?:{_alternation([j for j in _lists['joints'] if j != '等'])})\s*")
RESPECTIVELY = re.compile(_alternation(_lists["respectively"]))
RESPECTIVELY_OR_EACH = re.compile(
    rf"(?:{_alternation(_lists['respectively'])})|(?:{_alternation(_lists['each'])})(?={_lists.get('each_before', '')})"
)
# Scope keys whose word may follow the figure in its clause (按60%给予特困人员资助).
SCOPES_AFTER = frozenset(_lists.get("scopes_after", ()))
# Words giving a figure to every group of its item: 财政补助标准均为700元.
ALL_OF = re.compile(_lists["all_of"]) if _lists.get("all_of") else None
# Words naming again the groups listed before: 以上六种特殊人群.
ANAPHORA = re.compile(_lists["anaphora"]) if _lists.get("anaphora") else None
# Scope key → what closes a run of figures that are that key's values in order (两个缴费档次).
ORDINAL_SCOPES = {key: re.compile(pattern) for key, pattern in _lists.get("ordinal_scopes", {}).items()}
# Scope key → the keys that answer the same question, itself included (a key of no family: itself).
KIN_SCOPES = {key: frozenset(family) for family in _lists.get("kin_scopes", ()) for key in family}


# --- headings -------------------------------------------------------------------------------

_headings = _data()["headings"]
_CN = _headings["chinese_numerals"]
_CIRCLED = _headings["circled"]
# Heading markers at the start of a paragraph, shallowest first (FIELDS.md: Sections).
HEADING_MARKERS = (
    ("cn", re.compile(rf"^(?P<num>[{_CN}]{{1,4}})\s*(?P<sep>[、，,．.])")),
    ("paren_cn", re.compile(rf"^[（(]\s*(?P<num>[{_CN}]{{1,4}})\s*[）)]\s*(?P<sep>[、，,．.]?)")),
    ("arabic", re.compile(r"^(?P<num>[0-9０-９]{1,2})\s*(?P<sep>[、．.](?![0-9０-９]))")),
    ("paren_arabic", re.compile(r"^[（(]\s*(?P<num>[0-9０-９]{1,2})\s*[）)]\s*(?P<sep>[、，,．.]?)")),
    ("circled", re.compile(rf"^(?P<num>[{_CIRCLED}])(?P<sep>\s*)")),
)
_MARKER_FIRST = frozenset(_CN + "（(0123456789０１２３４５６７８９" + _CIRCLED)


def heading_marker(text: str):
    """The heading marker a paragraph starts with: (kind, number text, match) or None.

    >>> heading_marker("一、合理确定筹资标准")[:2]
    ('cn', '一')
    >>> heading_marker("（十二）加强基金监督检查。")[:2]
    ('paren_cn', '十二')
    >>> heading_marker("2. 2022年城乡居民医保")[:2]
    ('arabic', '2')
    >>> heading_marker("1.5万元以上") is None
    True
    >>> heading_marker("2023年起") is None
    True
    """
    if not text or text[0] not in _MARKER_FIRST:
        return None
    for kind, pattern in HEADING_MARKERS:
        match = pattern.match(text)
        if match:
            return kind, match.group("num"), match
    return None


# --- verbs of change ----------------------------------------------------------------------------

_change = _data()["change"]
_TO = _alternation(_change["to"])
_STEMS = _alternation(_change["raise"] + _change["lower"] + _change["adjust"] + _change["to_only"])
_RAISING = _alternation(_change["raise"])
_TO_ONLY = _alternation(_change["to_only"])
PER_HEAD = _alternation(_change["per_head"])

# A verb that sets the new value: 提高到, 上调至, 增长到, 提高为, 增至, 调整为, 降至, 达到.
CHANGE_TO = re.compile(rf"(?:{_STEMS})(?:{_TO})|{_alternation(_change['reach'])}")
# The same verb opening a clause that goes on with the subject of the clause before (…，上调至670元).
CONTINUES = re.compile(rf"[，,](?:(?:19|20)\d{{2}}年度?(?:起)?)?(?:同步)?(?:{CHANGE_TO.pattern})(?:{PER_HEAD})?(?:不低于)?$")
# A raising verb whose figure is the increase (增加30元, 同步提高40元): no particle after it.
INCREASE = re.compile(rf"({_alternation(_change['raise'])})(?!{_alternation(_change['not_increase_after'])})")
# A lowering verb right before its figure, no particle between: the figure is the decrease (等待期减少1个月,
# 起付标准降低50%), not the new value, which the notice does not write.
DECREASE = re.compile(rf"(?:{_alternation(_change['lower'])})了?(?:{PER_HEAD})?\s*$")
# After an increase verb, what makes the figure the new value instead (提高个人缴费标准至380元).
SETS_VALUE = re.compile(rf"{_TO}|{_alternation(_change['reach'])}")
# A raising verb, anything within the clause, then the particle: 提高个人缴费标准至每人每年 …
RAISED_TO = re.compile(rf"(?:(?:{_RAISING})[^{re.escape(CLAUSE_MARKS)}]*?|(?:{_TO_ONLY}))(?:{_TO})(?:{PER_HEAD})?$")
# 由X提高到Y: the words that make X the previous value of Y.
PREVIOUS_LEAD = re.compile(rf"(?:{_alternation(_change['previous_lead'])})[^，。；]{{0,6}}$")
PREVIOUS_LINK = re.compile(rf"\s*(?:/[人年])?\s*(?:(?:{_STEMS})?(?:{_TO}))\s*(?:{PER_HEAD})?\s*")


def is_change_to(words: str) -> bool:
    """Whether ``words`` are a verb that sets a new value.

    >>> [is_change_to(w) for w in ("提高到", "上调至", "增长到", "提高为", "增至", "调整为", "调增至", "达到", "提高")]
    [True, True, True, True, True, True, True, True, False]
    """
    return CHANGE_TO.fullmatch(words) is not None


# --- qualifiers -------------------------------------------------------------------------------

_qualifiers = _data()["qualifiers"]
QUALIFIERS_BEFORE: tuple[tuple[str, str], ...] = tuple(sorted(_qualifiers["before"].items(), key=lambda kv: -len(kv[0])))
QUALIFIERS_AFTER: tuple[tuple[str, str], ...] = tuple(sorted(_qualifiers["after"].items(), key=lambda kv: -len(kv[0])))
QUALIFIERS_ADJACENT: frozenset[str] = frozenset(_qualifiers["adjacent"])
BOUNDS: tuple[str, ...] = tuple(_qualifiers["bounds"])
QUALIFIERS_IN_NAME: tuple[tuple[str, str], ...] = tuple(_qualifiers.get("in_name", {}).items())
CAP_NAMES: tuple[str, ...] = tuple(_qualifiers.get("cap_names", ()))


def bound_in_name(name: str, label: str) -> str | None:
    """The qualifier a bounding word in a figure's name gives, unless the field is a cap.

    >>> bound_in_name("最高补偿比例为", "大病保险政策范围内支付比例")
    '不超过'
    >>> bound_in_name("最高支付限额为", "普通门诊统筹年度（最高）支付限额") is None
    True
    """
    if any(cap in label for cap in CAP_NAMES):
        return None
    return next((q for word, q in QUALIFIERS_IN_NAME if word in name), None)
RAISED_TO_QUALIFIER: str = _qualifiers["raised_to"]
OPERATORS: dict[str, str] = dict(_qualifiers["operators"])


@lru_cache(maxsize=None)
def operator(qualifier: str | None) -> str:
    """The comparison operator of a qualifier; a bare figure is exact.

    >>> operator("不低于"), operator(None), operator("前")
    ('>=', '=', '<=')
    """
    return OPERATORS.get(qualifier, "=") if qualifier else "="
