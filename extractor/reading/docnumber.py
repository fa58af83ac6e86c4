"""文号: find, normalise and split document numbers.

Brackets come as 〔〕 [] （） () 【】 <> and spaces stray into them; the
normal form uses 〔〕 and no spaces, as FIELDS.md asks.
"""

from __future__ import annotations

import re

from ..models import DocNumber
from ..numerals import FULL_DIGITS

_OPEN = "〔\\[［(（【<〈﹝{｛"
_CLOSE = "〕\\]］)）】>〉﹞}｝"
# The prefix: Chinese characters (an issuer's abbreviation and a kind: 医保发, 豫医保办).
_PREFIX = r"[\u4e00-\u9fff][\u4e00-\u9fff\s]{0,9}"
_YEAR = r"(?:19|20)[0-9]{2}|(?:１９|２０)[０-９]{2}"
_SERIAL = r"[0-9０-９]{1,5}"
# A citation's bracket closed before its 号, （医保发〔2020〕32)号: the typist's slip is
# read only where the bracket it closes opens right before the number, so that a
# bracket and a 号 that merely follow a number in a sentence are never taken.
_STRAY = rf"[{_OPEN}](?={_PREFIX}\s*[{_OPEN}]+\s*(?:{_YEAR})\s*[{_CLOSE}]+\s*(?:{_SERIAL})\s*[{_CLOSE}]\s*号)"
PATTERN = re.compile(
    rf"(?P<open>{_STRAY})?(?P<prefix>{_PREFIX})\s*[{_OPEN}]+\s*"
    rf"(?P<year>{_YEAR})\s*[{_CLOSE}]+\s*"
    rf"(?P<serial>{_SERIAL})\s*(?(open)[{_CLOSE}]\s*)号"
)
# Words that stand before a 文号 in a sentence but are not part of its prefix.
LEAD_WORDS = re.compile(r"^.*(?:根据|按照|依据|转发|执行|落实|印发|贯彻|参照|详见|见|和|及|与|、|的)(?=[\u4e00-\u9fff]{2,})")


def _clean_prefix(prefix: str) -> str:
    """
    >>> _clean_prefix("根据冀医保发")
    '冀医保发'
    >>> _clean_prefix("豫医保办 ")
    '豫医保办'
    """
    prefix = "".join(prefix.split())
    stripped = LEAD_WORDS.sub("", prefix)
    return stripped or prefix


def make(match: re.Match) -> DocNumber:
    prefix = _clean_prefix(match.group("prefix"))
    year = int(match.group("year").translate(FULL_DIGITS))
    serial = int(match.group("serial").translate(FULL_DIGITS))
    return DocNumber(text=f"{prefix}〔{year}〕{serial}号", prefix=prefix, year=year, serial=serial)


def parse(text: str) -> DocNumber | None:
    """The first 文号 in ``text``, normalised and split.

    >>> parse("豫医保办 〔2023〕71号").text
    '豫医保办〔2023〕71号'
    >>> n = parse("沪医保规[2021]20号"); (n.prefix, n.year, n.serial)
    ('沪医保规', 2021, 20)
    >>> parse("（医保发（2022）20号）").text
    '医保发〔2022〕20号'
    >>> parse("《通知》（医保发〔2020〕32)号要求").text
    '医保发〔2020〕32号'
    >>> parse("为推进医保发〔2020〕32)号召工作") is None
    True
    >>> parse("2023年") is None
    True
    """
    match = PATTERN.search(text)
    return make(match) if match else None


def find_all(text: str) -> list[tuple[DocNumber, int, int]]:
    """Every 文号 in ``text`` with its span."""
    return [(make(m), m.start("prefix"), m.end()) for m in PATTERN.finditer(text)]


# The head of a 文号 as far as its year, so that a number the page broke still tells its issuer.
_HEAD = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff][\u4e00-\u9fff\s]{{0,9}})\s*[{_OPEN}]+\s*(?:19|20)[0-9]{{2}}"
)


def prefixes(text: str) -> list[str]:
    """The prefixes of every 文号 in ``text``, whole or broken, in order.

    >>> prefixes("按《通知》(潍人社办〔2019231号)和鲁医保发〔2020〕3号执行")
    ['潍人社办', '鲁医保发']
    """
    return [_clean_prefix(m.group("prefix")) for m in _HEAD.finditer(text)]


_SIGNER = re.compile(r"签\s*发\s*人\s*[:：]?\s*\S{0,8}$")


def is_standalone(line: str) -> bool:
    """A line that is nothing but a 文号 (the number under a red header).

    >>> is_standalone("忻医保发〔2023〕10号")
    True
    >>> is_standalone("按照《通知》（晋医保发〔2023〕13号）要求")
    False
    >>> is_standalone("忻医保发〔2023〕10号 签发人：张三")
    True
    """
    if "号" not in line or len(line) > 48:
        return False
    match = PATTERN.search(line)
    if not match:
        return False
    rest = (line[: match.start()] + line[match.end():]).strip(" \t　")
    # Up-going documents carry their signer beside the number.
    rest = _SIGNER.sub("", rest).strip(" \t　")
    return len(rest) == 0 and len("".join(match.group("prefix").split())) <= 12
