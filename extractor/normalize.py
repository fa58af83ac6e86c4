"""A same-length view of the cleaned text for matching.

Full-width digits, letters and punctuation become their ASCII forms and the
ideographic space a plain space, one character for one, so an offset found in
the matchable view is the same offset in the cleaned text, whose original
characters evidence quotes.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FULL = "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "\u3000"
_HALF = "".join(chr(c) for c in range(0x21, 0x7F)) + " "
# Brackets and dashes that notices use interchangeably, folded to one form each.
_EXTRA_FROM = "〔〕【】［］—–－﹝﹞"
_EXTRA_TO = "[][][]---[]"
TABLE = str.maketrans(_FULL + _EXTRA_FROM, _HALF + _EXTRA_TO)
# str.translate looks every character up; a notice has few to fold, so find those only.
_FOLDABLE = re.compile("[" + re.escape(_FULL + _EXTRA_FROM) + "]")
_REPLACE = {chr(k): chr(v) for k, v in TABLE.items()}


def matchable(text: str) -> str:
    """Fold widths, bracket forms and words spelt two ways (grammar.toml [spelling]) without
    changing the length.

    >>> matchable("２０２３年（一）每人３８０元，〔2023〕")
    '2023年(一)每人380元,[2023]'
    >>> s = "增加30元，达到640元。"; len(matchable(s)) == len(s)
    True
    >>> matchable("个人交费标准，按时交纳；提交纳税证明")
    '个人缴费标准,按时缴纳;提交纳税证明'
    """
    folded = _FOLDABLE.sub(lambda m: _REPLACE[m.group()], text)
    spelt, same = _spelling()
    return spelt.sub(lambda m: same[m.group()], folded) if spelt is not None else folded


@lru_cache(maxsize=1)
def _spelling() -> tuple[re.Pattern | None, dict[str, str]]:
    from .vocab import load  # the grammar's data, read once

    spelling = load("grammar").get("spelling", {})
    same = spelling.get("same", {})
    if not same:
        return None, {}
    guard = f"(?<![{re.escape(spelling['not_after'])}])" if spelling.get("not_after") else ""
    return re.compile(guard + "(?:" + "|".join(map(re.escape, same)) + ")"), same
