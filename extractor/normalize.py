"""Same-length views of the cleaned text for matching.

Full-width digits, letters and punctuation become their ASCII forms and the
ideographic space a plain space, one character for one, so an offset found in
the matchable view is the same offset in the cleaned text, whose original
characters evidence quotes.

Traditional characters are read as simplified the same way (:func:`simplified`, the table of
reading/data/traditional.tsv): 個人繳費 is matched as 个人缴费 while the notice's text, its
evidence and its titles keep the characters it was written in.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_FULL = "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "\u3000"
_HALF = "".join(chr(c) for c in range(0x21, 0x7F)) + " "
# Brackets and dashes that notices use interchangeably, folded to one form each.
_EXTRA_FROM = "〔〕【】［］—–－﹝﹞"
_EXTRA_TO = "[][][]---[]"
TABLE = str.maketrans(_FULL + _EXTRA_FROM, _HALF + _EXTRA_TO)
TRADITIONAL_FILE = "traditional.tsv"


def matchable(text: str) -> str:
    """Fold widths, bracket forms, traditional characters and words spelt two ways (grammar.toml
    [spelling]) without changing the length.

    >>> matchable("２０２３年（一）每人３８０元，〔2023〕")
    '2023年(一)每人380元,[2023]'
    >>> s = "增加30元，达到640元。"; len(matchable(s)) == len(s)
    True
    >>> matchable("个人交费标准，按时交纳；提交纳税证明")
    '个人缴费标准,按时缴纳;提交纳税证明'
    >>> matchable("個人繳費標準為每人每年３８０元")
    '个人缴费标准为每人每年380元'
    """
    foldable, replace = _folding()
    # Most notices have few characters to fold: replacing those only is faster than translate.
    folded = foldable.sub(lambda m: replace.get(m.group(), m.group()), text)
    spelt, same = _spelling()
    return spelt.sub(lambda m: same[m.group()], folded) if spelt is not None else folded


def simplified(text: str) -> str:
    """Traditional characters as simplified, one for one; nothing else changes (the reading
    stages match titles, issuers and regions on this view).

    >>> simplified("關於做好２０２４年醫療保險個人繳費工作的通知")
    '关于做好２０２４年医疗保险个人缴费工作的通知'

    Characters that simplified text writes too stay as they are (乾坤, 覆盖, 显著):

    >>> simplified("乾坤 覆蓋 顯著")
    '乾坤 覆盖 显著'
    """
    pattern, table = _traditional()
    # Simplified notices, the most, have none: one scan, no copy.
    return text.translate(table) if pattern.search(text) else text


def as_written(value: str | None, pairs) -> str | None:
    """``value``, read off one of ``pairs`` of (view, written) texts with its whitespace left
    out, in the characters of the written text: a title found on the simplified view, as the
    notice writes it.  The view is the written text mapped one character for one (same
    whitespace), so a place in one is the same place in the other.  ``value`` where no view
    holds it.

    >>> as_written("关于做好医保工作的通知", [("省医保局 关于做好医保工作的通 知", "省醫保局 關於做好醫保工作的通 知")])
    '關於做好醫保工作的通知'
    >>> as_written("关于调整标准的通知", [("关于做好工作的通知", "關於做好工作的通知")])
    '关于调整标准的通知'
    """
    if not value:
        return value
    for view, written in pairs:
        if not isinstance(view, str) or not isinstance(written, str) or view == written:
            continue
        at = _WHITESPACE.sub("", view).find(value)
        if at >= 0:
            return _WHITESPACE.sub("", written)[at : at + len(value)]
    return value


_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def traditional_table() -> dict[str, str]:
    """Traditional → simplified, from the data file (``#`` lines are its header).

    >>> t = traditional_table(); t["醫"], t["於"], "乾" in t, all(len(k) == len(v) == 1 for k, v in t.items())
    ('医', '于', False, True)
    """
    text = resources.files("extractor.reading.data").joinpath(TRADITIONAL_FILE).read_text("utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            traditional, simple = line.split("\t")
            table[traditional] = simple
    return table


def _char_class(chars) -> re.Pattern:
    r"""A class of the characters of the basic plane and of the whole astral range: re tests a
    class of basic-plane characters by a bitmap, but astral ones one by one (twenty times slower
    on a notice); an astral character that is not one of ``chars`` is given back unchanged.

    >>> _char_class("乾後\U00021f3d").pattern == "[乾後\U00010000-\U0010ffff]"
    True
    >>> _char_class("").search("乾") is None
    True
    """
    basic = "".join(re.escape(c) for c in sorted(chars) if ord(c) < 0x10000)
    astral = "\U00010000-\U0010ffff" if any(ord(c) >= 0x10000 for c in chars) else ""
    return re.compile(f"[{basic}{astral}]" if basic or astral else "(?!)")


@lru_cache(maxsize=1)
def _traditional() -> tuple[re.Pattern, dict[int, str]]:
    table = traditional_table()
    return _char_class(table), {ord(k): v for k, v in table.items()}


@lru_cache(maxsize=1)
def _folding() -> tuple[re.Pattern, dict[str, str]]:
    """The characters :func:`matchable` replaces, widths and traditional forms in one pass."""
    replace = {**traditional_table(), **{chr(k): chr(v) for k, v in TABLE.items()}}
    return _char_class(replace), replace


@lru_cache(maxsize=1)
def _spelling() -> tuple[re.Pattern | None, dict[str, str]]:
    from .vocab import load  # the grammar's data, read once

    spelling = load("grammar").get("spelling", {})
    same = spelling.get("same", {})
    if not same:
        return None, {}
    guard = f"(?<![{re.escape(spelling['not_after'])}])" if spelling.get("not_after") else ""
    return re.compile(guard + "(?:" + "|".join(map(re.escape, same)) + ")"), same
