"""The reading stages never crash and keep their promises on any text."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.pipeline import from_raw
from extractor.readers.base import RawText
from extractor.vocab import load

ROOT = Path(__file__).resolve().parent.parent
SEED_LINES = (ROOT / "corpus" / "samples" / "004_997b518fb40affc4.txt").read_text("utf-8").splitlines()

PIECES = st.sampled_from(
    ["一、", "（一）", "(二)", "1.", "（1）", "①", "关于", "的通知", "文件", "各县：", "。", "，", "：", "\n", "\n\n",
     "—2—", "\f", "〔2023〕", "12号", "医保发", "2023年8月30日", "印发", "此件主动公开", "局", "市", "区", " ", "\t",
     "忻州市", "朝阳区", "《", "》", "达到", "640元", "70%",
     # cues and figures of the field catalog, so that random text also yields parameters and checks
     "人均财政补助标准", "中央补助", "省补助", "市级补助", "县级补助", "个人缴费标准", "筹资标准", "增加", "提高到",
     "不低于", "左右", "以上", "由", "分别", "各", "、", "30元", "580元", "2024年", "9月15日前", "60%", "2个百分点"]
)
TEXT = st.lists(st.one_of(PIECES, st.text(min_size=0, max_size=6)), max_size=80).map("".join)

# --- the field catalog the figures must belong to ------------------------------------

FIELDS = load("fields")
FIELD_IDS = frozenset(f["id"] for f in FIELDS["field"]) | frozenset(
    each for f in FIELDS["field"] for each in f.get("each", ())
)
OPERATORS = load("grammar")["qualifiers"]["operators"]
# A check names each parameter as field[scope]=value (extractor.figures.checks._label).
CHECK_ENTRY = re.compile(r"(?P<field>[^\[=]+)(?:\[[^\]]*\])?=")


def check(text: str) -> None:
    notice = from_raw(RawText(text=text, format="txt"), "random.txt")
    n = len(notice.text)
    for clean, source, length in notice.segments:
        assert notice.text[clean : clean + length] == text[source : source + length]
    for doc in notice.documents:
        assert 0 <= doc.span.start <= doc.span.end <= n
        stack = list(doc.sections)
        while stack:
            section = stack.pop()
            assert doc.span.start <= section.span.start <= section.span.end <= doc.span.end
            assert notice.text[section.title_span.start : section.title_span.end] == section.title
            stack.extend(section.children)
        check_figures(notice, doc)


def check_figures(notice, doc) -> None:
    """Parameters, unlabelled quantities and checks point into the text they were read from."""
    text, n = notice.text, len(notice.text)
    for p in doc.parameters:
        # The figure stands in the cleaned text, inside its own document.
        assert 0 <= p.span.start < p.span.end <= n, p
        assert doc.span.start <= p.span.start <= p.span.end <= doc.span.end, p
        written = text[p.span.start : p.span.end]
        assert written, p
        # The evidence is the text at its span and holds the figure as written.
        assert 0 <= p.evidence_span.start <= p.evidence_span.end <= n, p
        assert text[p.evidence_span.start : p.evidence_span.end] == p.evidence, p
        assert p.evidence_span.start <= p.span.start and p.span.end <= p.evidence_span.end, p
        assert written in p.evidence, p
        assert written in p.sentence, p
        # The field is one of the catalog.
        assert p.field in FIELD_IDS, p.field
        # The operator follows from the qualifier; a bare figure (为380元, 调整为) is exact.
        assert p.operator == OPERATORS.get(p.qualifier, "="), p
    for q in doc.quantities:
        assert 0 <= q.span.start <= q.span.end <= n, q
        assert q.text == text[q.span.start : q.span.end], q
    for c in doc.checks:
        assert c.parameters, c
        for entry in c.parameters:
            m = CHECK_ENTRY.match(entry)
            assert m and m.group("field") in FIELD_IDS, (c.id, entry)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_text_reads(text):
    check(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(SEED_LINES) - 1), max_size=60), st.integers(0, 3))
def test_shuffled_and_mutated_notice_lines_read(order, cut):
    lines = [SEED_LINES[i] for i in order]
    if cut and lines:
        lines = [line[cut:] + "\n" + line[:cut] for line in lines]
    check("\n".join(lines))


# --- real sentences with figures, mutated -------------------------------------------------

FIGURE_SOURCES = ("000_04157b405fe51554.txt", "21_beijing_2023.txt")
FIGURE_TEXTS = {name: (ROOT / "corpus" / "samples" / name).read_text("utf-8") for name in FIGURE_SOURCES}
FIGURE_LINES = sorted(
    {line.strip() for t in FIGURE_TEXTS.values() for line in t.splitlines() if re.search(r"\d", line)}
)
# The head of the 忻州 notice up to the addressee: issuers, 文号, title (the policy year).
HEAD = FIGURE_TEXTS["000_04157b405fe51554.txt"].split("为深入贯彻")[0]

NOISE = "，。；、：元%年月日至提高到不低于全额分别各"
NOISE_WORDS = ("提高到", "不低于", "全额", "分别", "各", "至", "元", "%", "年", "月", "日")
ASCII = str.maketrans({"，": ",", "。": ".", "；": ";", "：": ":", "（": "(", "）": ")", "％": "%", "、": ",",
                       "“": '"', "”": '"', "！": "!", "？": "?", "—": "-", "～": "~"})

EDITS = st.one_of(
    # replace the k-th digit by another
    st.tuples(st.just("digit"), st.integers(0, 10**4), st.sampled_from("0123456789")),
    # insert a character or cue word of the figures' vocabulary
    st.tuples(st.just("insert"), st.integers(0, 10**4), st.sampled_from(tuple(NOISE) + NOISE_WORDS)),
    # delete the k-th character of that vocabulary
    st.tuples(st.just("delete"), st.integers(0, 10**4), st.just("")),
    # full-width punctuation to ASCII: the k-th mark, or all of them
    st.tuples(st.just("ascii"), st.integers(0, 10**4), st.just("")),
    st.tuples(st.just("ascii_all"), st.just(0), st.just("")),
)


def mutate(line: str, edits) -> str:
    for kind, k, piece in edits:
        if kind == "digit":
            at = [i for i, ch in enumerate(line) if ch.isdigit()]
            if at:
                i = at[k % len(at)]
                line = line[:i] + piece + line[i + 1 :]
        elif kind == "insert":
            i = k % (len(line) + 1)
            line = line[:i] + piece + line[i:]
        elif kind == "delete":
            at = [i for i, ch in enumerate(line) if ch in NOISE]
            if at:
                i = at[k % len(at)]
                line = line[:i] + line[i + 1 :]
        elif kind == "ascii":
            at = [i for i, ch in enumerate(line) if ch.translate(ASCII) != ch]
            if at:
                i = at[k % len(at)]
                line = line[:i] + line[i].translate(ASCII) + line[i + 1 :]
        else:
            line = line.translate(ASCII)
    return line


MUTATED_LINE = st.builds(mutate, st.sampled_from(FIGURE_LINES), st.lists(EDITS, max_size=8))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.booleans(), st.lists(MUTATED_LINE, min_size=1, max_size=6))
def test_mutated_sentences_with_figures_read(head, lines):
    check((HEAD if head else "") + "\n".join(lines))


# --- values written without a figure ([[phrase]] of fields.toml) --------------------------

PHRASES = ("门诊不设起付标准。", "基层医疗机构不设起付线。")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MUTATED_LINE, max_size=3), st.sampled_from(PHRASES), st.lists(MUTATED_LINE, max_size=3))
def test_mutated_sentences_with_value_phrases_read(before, phrase, after):
    check("\n".join([*before, phrase, *after]))
