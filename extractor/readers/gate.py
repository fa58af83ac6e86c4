"""Is it text?  What a reader got must be made of what notices are written in.

Random bytes named .html, a PDF font that maps glyphs to the wrong characters, Big5 bytes
decoded as GB18030: each gives a string of characters, and a notice of garbage would pass
through every later stage without a word.  Three measures tell text from such strings, none
needing a word list of its own:

- the share of characters outside the blocks Chinese notices use (control and private-use
  characters, other scripts: a subset font without a Unicode map gives its glyph numbers, which
  read as control characters, Latin Extended, IPA, Greek, Cyrillic …);
- the share of the ideographs that are common ones: the first level of GB2312 (3,755 characters,
  the simplified ones of everyday use) or of Big5 (5,401, the traditional ones), both taken from
  Python's own codecs;
- whether pairs of ideographs recur: a notice repeats its words (医疗, 保险, 居民), characters
  drawn at random almost never make the same pair twice.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

# Blocks a notice's characters come from besides whitespace, as (first, last) code points.
_TEXT_BLOCKS = (
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xFF),  # Latin-1: × · ° ±
    (0x101, 0x101), (0x113, 0x113), (0x12B, 0x12B), (0x14D, 0x14D), (0x16B, 0x16B),  # pinyin: ā ē ī ō ū
    (0x1CE, 0x1DC),  # pinyin: ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
    (0x370, 0x3FF),  # Greek: α, β in drug and test names
    # Scripts of China's bilingual notices: Uyghur and Kazakh (Arabic), Tibetan, Mongolian, Yi, Korean.
    (0x600, 0x6FF), (0x750, 0x77F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFC),
    (0xF00, 0xFFF), (0x1800, 0x18AF), (0xA000, 0xA4CF),
    (0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF),
    (0x2000, 0x206F),  # general punctuation: — … ‰ ※, zero-width spaces
    (0x20A0, 0x20CF),  # currency signs
    (0x2100, 0x23FF),  # letterlike, number forms, arrows, mathematical operators: ℃ № Ⅱ → ≤
    (0x2460, 0x27BF),  # enclosed numbers, box drawing, shapes, symbols, dingbats: ① ⑴ ─ ■ ● ★ ✓ ❶
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals: some fonts map 一 to ⼀
    (0x3000, 0x303F),  # CJK punctuation
    (0x30FB, 0x30FB),  # the katakana middle dot, written as the Chinese one
    (0x3200, 0x33FF),  # enclosed CJK and compatibility: ㈠ ㊀ ㎡ ㎏
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE6F),  # CJK compatibility and small forms
    (0xFEFF, 0xFEFF),  # a byte-order mark left inside the text
    (0xFF00, 0xFFEF),  # full-width forms
    (0x20000, 0x3134F),  # CJK extensions B–G: rare characters of names
)
_NOT_TEXT = re.compile(
    "[^\\s" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in _TEXT_BLOCKS) + "]"
)
_SPACE = re.compile(r"\s")
_HANZI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
_HANZI_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]{2,}")

# Judged on this many characters: the head of the text and its tail, so that a 50 MB text costs
# what a notice costs.
SAMPLE = 40_000
MIN_VISIBLE = 10  # fewer characters than this say nothing either way
MAX_NOT_TEXT = 0.2  # share of characters outside _TEXT_BLOCKS
MIN_HANZI = 50
MIN_COMMON = 0.8  # share of ideographs in the first level of GB2312 or of Big5; notices: ≥ 0.95
MIN_PAIRS = 100
MIN_RECURRING = 0.08  # share of ideograph pairs that occur again; notices: ≥ 0.3, random characters: 0

NEITHER = "neither Chinese, ASCII nor punctuation: control, private-use or other scripts' characters"
NOT_TEXT = "characters that are " + NEITHER
RARE = (
    "Chinese characters that are mostly rare ones, as a wrong encoding or a font that maps its glyphs "
    "to the wrong characters gives"
)
NO_ORDER = (
    "Chinese characters in no order, no pair of them recurring as words do, as a font that maps its "
    "glyphs to the wrong characters gives"
)


def _level_one(encoding: str, leads: range, trails) -> frozenset[str]:
    """The ideographs a double-byte encoding puts at ``leads`` × ``trails``."""
    found = set()
    for lead in leads:
        for trail in trails:
            try:
                found.add(bytes((lead, trail)).decode(encoding))
            except UnicodeDecodeError:
                continue
    return frozenset(ch for ch in found if _HANZI.fullmatch(ch))


@lru_cache(maxsize=1)
def common_hanzi() -> tuple[frozenset[str], frozenset[str]]:
    """The simplified and the traditional characters of everyday use: GB2312 level 1 and Big5 level 1.

    >>> simplified, traditional = common_hanzi()
    >>> len(simplified), len(traditional)
    (3755, 5401)
    >>> "医" in simplified, "醫" in traditional, "醫" in simplified
    (True, True, False)
    """
    gb = _level_one("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    big5 = _level_one("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    return gb, big5


def sample(text: str) -> str:
    """The head and the tail of a long text, whole a short one.

    >>> len(sample("x" * 1_000_000)), sample("通知")
    (40000, '通知')
    """
    if len(text) <= SAMPLE:
        return text
    return text[: SAMPLE // 2] + "\n" + text[-(SAMPLE // 2) + 1:]


def not_text_share(text: str) -> float:
    """The share of visible characters outside the blocks notices use (0 for no visible ones).

    >>> not_text_share("关于做好2023年城乡居民医疗保障工作的通知（一）①㎡")
    0.0
    >>> round(not_text_share("\\x01\\x04\\x05通知\\ue020\\ue021"), 2)
    0.71
    """
    visible = len(text) - len(_SPACE.findall(text))
    return len(_NOT_TEXT.findall(text)) / visible if visible else 0.0


def common_share(text: str) -> tuple[float, int]:
    """The share of ideographs among the common simplified or the common traditional ones
    (whichever is higher), and how many ideographs there are.

    >>> common_share("关于做好城乡居民医疗保障工作的通知")
    (1.0, 17)
    >>> common_share("關於做好城鄉居民醫療保障工作的通知")
    (1.0, 17)
    >>> common_share("蓥蓦蓿蔌蔟")  # GB2312 level 2: rare; 蔟 alone is a common traditional one
    (0.2, 5)
    """
    hanzi = _HANZI.findall(text)
    if not hanzi:
        return 1.0, 0
    simplified, traditional = common_hanzi()
    counts = Counter(hanzi)
    best = max(
        sum(n for ch, n in counts.items() if ch in simplified),
        sum(n for ch, n in counts.items() if ch in traditional),
    )
    return best / len(hanzi), len(hanzi)


def recurring_pairs(text: str) -> tuple[float, int]:
    """The share of adjacent ideograph pairs that occur more than once, and how many pairs there are.

    >>> recurring_pairs("医疗保险，医疗救助")  # 医疗 twice among six pairs
    (0.3333333333333333, 6)
    >>> recurring_pairs("恬疥鹰槿答耳吲葛行阄")
    (0.0, 9)
    """
    pairs = Counter()
    for run in _HANZI_RUN.findall(text):
        pairs.update(run[i:i + 2] for i in range(len(run) - 1))
    total = sum(pairs.values())
    if not total:
        return 1.0, 0
    return sum(n for n in pairs.values() if n > 1) / total, total


def garble_reason(text: str) -> str | None:
    """Why ``text`` is not text, or None when it reads as text (too little to judge reads as text).

    >>> garble_reason("关于做好2023年城乡居民基本医疗保障工作的通知") is None
    True
    >>> garble_reason("\\x01\\x04\\x05\\x06\\x05\\x07\\x08 \\x0b\\x0c\\x0e\\x0f\\x10") == NOT_TEXT
    True
    >>> import random
    >>> simplified, _ = common_hanzi()
    >>> garble_reason("".join(random.Random(1).choices(sorted(simplified), k=400))) == NO_ORDER
    True
    """
    text = sample(text)
    visible = len(text) - len(_SPACE.findall(text))
    if visible < MIN_VISIBLE:
        return None
    if not_text_share(text) > MAX_NOT_TEXT:
        return NOT_TEXT
    share, hanzi = common_share(text)
    if hanzi >= MIN_HANZI and share < MIN_COMMON:
        return RARE
    recurring, pairs = recurring_pairs(text)
    if pairs >= MIN_PAIRS and recurring < MIN_RECURRING:
        return NO_ORDER
    return None


def readability(text: str) -> float:
    """How much a decoding reads as Chinese text: 0 (garbage) to 1; compares two decodings of one file.

    >>> readability("關於做好城鄉居民醫療保障工作的通知") > readability("闽暗秏﹡チ膀セ洛励玂毁硄")
    True
    """
    text = sample(text)
    share, hanzi = common_share(text)
    return (1.0 - not_text_share(text)) * (share if hanzi else 1.0)
