"""Cue phrases and scope words of a sentence: jieba segments it, spaCy matches the patterns.

The figures stage asks, for each sentence that holds a figure, which words name a
field (人均财政补助标准, 起付线) and which name a scope (一般县, 学生儿童, 特困人员).

- jieba segments the sentence with its own dictionary plus the domain words of
  ``data/words.txt``, the words a notice names its own region with (我省, 全市) and
  every phrase of ``data/patterns.jsonl`` written without spaces, each weighted so
  that a domain word wins over the general words it overlaps (人均财政补助标准
  stays one word, so the 财政补助 inside it is not a cue of its own; 大病保险筹资标准
  is not the 筹资标准 of the whole fund). Where two domain words overlap, the
  catalogue holds the joined phrase too (中央财政补助标准 is the central level's).
- spaCy's SpanRuler, in a blank "zh" pipeline whose jieba segmenter is that
  tokenizer, holds the patterns of ``data/patterns.jsonl`` (spaCy's own format: a
  phrase, or a list of token patterns) and returns their spans with character offsets.

A pattern's label says what it finds and its id which rule it is; the id becomes
the rule id of the parameters the match produces:

- ``cue``   ``<field>#before<n>``: the field's name before its figure;
- ``after`` ``<field>#after<n>``: words after the figure (按60%的比例由中央财政补助);
- ``scope`` ``<scope key>=<value>``: a scope word.

jieba and spaCy load on first use (about 1.5 s), and only sentences that hold a
figure are segmented.
"""

from __future__ import annotations

import json
import logging
import threading
import re
from functools import lru_cache
from typing import NamedTuple

from ..vocab import data_text, load

# Weight of a domain word in jieba's dictionary: high enough that a route through it
# beats any split of its characters into general words (log P ≈ -6 against ≈ -9 and
# less for a general word), so the phrases of the catalogue come out whole.
DOMAIN_FREQUENCY = 1_000_000


class Word(NamedTuple):
    """A match of a pattern: offsets in the text, the pattern's label and id."""

    start: int
    end: int
    label: str
    id: str


def patterns() -> list[dict]:
    """The patterns of data/patterns.jsonl, one dict each (label, id, pattern).

    >>> rows = patterns(); {"label", "id", "pattern"} <= set(rows[0]), sorted({r["label"] for r in rows})
    (True, ['after', 'cue', 'scope'])
    """
    # Checked once a process against fields.toml and scopes.toml: a pattern that names no
    # field is a DataFileError here, not a cue that never binds.
    from ..datafiles import patterns_file

    patterns_file()
    text = data_text("patterns.jsonl")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def domain_words() -> list[str]:
    """The words jieba must keep whole: data/words.txt, the self-references of data/reading.toml
    and every phrase pattern written without spaces.

    >>> words = domain_words(); "人均财政补助标准" in words, "一般县" in words, "我省" in words
    (True, True, True)
    """
    text = data_text("words.txt")
    listed = [line.split()[0] for line in text.splitlines() if line.strip() and not line.startswith("#")]
    listed += list(load("reading")["regions"]["self_reference"])
    # A phrase written with spaces (支付比例 提高) is several words, cut as jieba cuts them.
    phrases = [p["pattern"] for p in patterns() if isinstance(p["pattern"], str) and " " not in p["pattern"]]
    return list(dict.fromkeys(listed + phrases))


class _Segmenter:
    """jieba's tokenizer as spaCy's Chinese tokenizer calls it (``cut(text, cut_all=False)``).

    Dictionary words only (no HMM guesses at unknown words): the same phrase is cut the
    same way wherever it stands, which is what phrase patterns need."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def cut(self, text: str, cut_all: bool = False):
        return self.tokenizer.cut(text, cut_all=cut_all, HMM=False)


def words_and_spaces(tokens) -> tuple[list[str], list[bool]]:
    """spaCy's words and spaces of a text cut into ``tokens`` that join back into it (as jieba
    cuts): a space right after a word is that word's trailing space, any other whitespace a word
    of its own. What ``spacy.util.get_words_and_spaces`` gives, in one pass instead of a search
    of the rest of the text for every word (the same Doc, sooner on long sentences).

    >>> words_and_spaces(["个人", "缴费", " ", "380", "元", " ", " ", "\\n", "。"])
    (['个人', '缴费', '380', '元', ' \\n', '。'], [False, True, False, True, False, False])
    >>> words_and_spaces([" ", "一", "、"])
    ([' ', '一', '、'], [False, False, False])
    """
    words: list[str] = []
    spaces: list[bool] = []
    pending = ""
    for token in tokens:
        if not token:
            continue
        if token.isspace():
            pending += token
            continue
        if pending:
            _flush(pending, words, spaces)
            pending = ""
        words.append(token)
        spaces.append(False)
    if pending:
        _flush(pending, words, spaces)
    return words, spaces


def _flush(run: str, words: list[str], spaces: list[bool]) -> None:
    """A run of whitespace after a word: its first space is the word's, the rest a word."""
    if words and not spaces[-1] and run[0] == " ":
        spaces[-1] = True
        run = run[1:]
    if run:
        words.append(run)
        spaces.append(False)


class _Tokenizer:
    """spaCy's Chinese tokenizer with the jieba segmenter, as spaCy builds it (``Doc(vocab,
    words, spaces)``), the alignment of words to text done in one pass (words_and_spaces)."""

    def __init__(self, vocab, jieba_seg: _Segmenter):
        self.vocab = vocab
        self.jieba_seg = jieba_seg  # spaCy's name for it

    def __call__(self, text: str):
        from spacy.tokens import Doc

        words, spaces = words_and_spaces(self.jieba_seg.cut(text, cut_all=False))
        return Doc(self.vocab, words=words, spaces=spaces)


SPANS_KEY = "words"
_SURROGATE = re.compile("[\ud800-\udfff]")


_LOADING = threading.Lock()

def pipeline():
    """The blank "zh" spaCy pipeline: jieba segmenter with the domain words, and a span ruler.

    Built once a process; two threads that ask first at the same moment share one build."""
    with _LOADING:
        return _pipeline()


@lru_cache(maxsize=1)
def _pipeline():
    import jieba
    import spacy

    # A tokenizer of our own: the domain words do not change jieba for the rest of the process;
    # nor does its quiet loading change jieba's logging.
    tokenizer = jieba.Tokenizer()
    level = jieba.default_logger.level
    jieba.default_logger.setLevel(logging.WARNING)
    try:
        tokenizer.initialize()
    finally:
        jieba.default_logger.setLevel(level)
    for word in domain_words():
        tokenizer.add_word(word, freq=DOMAIN_FREQUENCY)
    nlp = spacy.blank("zh")  # the default character segmenter needs nothing loaded
    nlp.tokenizer = _Tokenizer(nlp.vocab, _Segmenter(tokenizer))
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": SPANS_KEY, "validate": True})
    ruler.add_patterns(patterns())
    return nlp


def find(text: str, start: int = 0, end: int | None = None) -> tuple[Word, ...]:
    """The pattern matches in text[start:end], sorted by start, offsets in ``text``.

    >>> [(w.label, w.id, "人均财政补助标准增加30元"[w.start:w.end]) for w in find("人均财政补助标准增加30元")]
    [('cue', 'subsidy.per_capita#1', '人均财政补助标准')]
    >>> [(w.id, w.start) for w in find("……。一般县每人补助", 3)]
    [('county_type=general#0', 3), ('assistance.contribution_subsidy#18', 8), ('assistance.contribution_subsidy#2', 8)]
    """
    end = len(text) if end is None else end
    if start >= end:
        return ()
    found = []
    for a, b in pieces(text, start, end):
        # spaCy's string store takes only what UTF-8 can encode: a lone surrogate (from a file
        # read with surrogateescape) becomes U+FFFD, one character for one, so offsets hold.
        doc = pipeline()(_SURROGATE.sub("\ufffd", text[a:b]))
        found.extend(Word(a + s.start_char, a + s.end_char, s.label_, s.id_) for s in doc.spans[SPANS_KEY])
    return tuple(sorted(found, key=lambda w: (w.start, -w.end, w.label, w.id)))


# A sentence of a notice has a few hundred characters; one of a damaged file can have millions.
# spaCy refuses a text over its max_length (E088: a million characters), and its matcher keeps
# every partial match of a pattern with a wildcard (门诊统筹…于) alive to the next clause mark: a
# sentence of thousands of 门诊统筹 and no comma took seconds. A sentence longer than PIECE is read
# in pieces, each cut after a mark in its second half: a ； first (no pattern reaches across
# one; jieba cuts the text at every mark anyway, so the words stay the same), else a ， or a
# colon, a space, a 、; else at the size.
PIECE = 2000
_BREAKS = ("；;", "，,", "：:", "\n \t\u3000", "、")


def pieces(text: str, start: int, end: int, size: int = PIECE) -> list[tuple[int, int]]:
    """(start, end) of the pieces text[start:end] is read in, none longer than ``size``.

    >>> pieces("甲乙，丙丁；戊己庚辛", 0, 10, size=4), pieces("甲乙丙丁戊", 0, 5, size=2)
    ([(0, 3), (3, 6), (6, 10)], [(0, 2), (2, 4), (4, 5)])
    >>> pieces("甲乙丙；丁、戊己庚", 0, 9, size=6)  # the ； rather than the later 、
    [(0, 4), (4, 9)]
    """
    out = []
    while end - start > size:
        cut = start + size
        for marks in _BREAKS:
            found = max(text.rfind(mark, start + size // 2, start + size) for mark in marks)
            if found >= 0:
                cut = found + 1
                break
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def tokens(text: str) -> list[str]:
    """How jieba, with the domain words, cuts a text.

    >>> tokens("人均财政补助标准增加30元"), tokens("市、县两级财政补助各40元")
    (['人均财政补助标准', '增加', '30', '元'], ['市', '、', '县', '两级财政补助', '各', '40', '元'])
    """
    nlp = pipeline()
    return [t.text for a, b in pieces(text, 0, len(text)) for t in nlp.make_doc(text[a:b])]
