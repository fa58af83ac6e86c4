"""The reading stages never crash and keep their promises on any text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.pipeline import from_raw
from extractor.readers.base import RawText

ROOT = Path(__file__).resolve().parent.parent
SEED_LINES = (ROOT / "corpus" / "004_997b518fb40affc4.txt").read_text("utf-8").splitlines()

PIECES = st.sampled_from(
    ["一、", "（一）", "(二)", "1.", "（1）", "①", "关于", "的通知", "文件", "各县：", "。", "，", "：", "\n", "\n\n",
     "—2—", "\f", "〔2023〕", "12号", "医保发", "2023年8月30日", "印发", "此件主动公开", "局", "市", "区", " ", "\t",
     "忻州市", "朝阳区", "《", "》", "达到", "640元", "70%"]
)
TEXT = st.lists(st.one_of(PIECES, st.text(min_size=0, max_size=6)), max_size=80).map("".join)


def check(text: str) -> None:
    notice = from_raw(RawText(text=text, format="txt"), "random.txt")
    for clean, source, length in notice.segments:
        assert notice.text[clean : clean + length] == text[source : source + length]
    for doc in notice.documents:
        assert 0 <= doc.span.start <= doc.span.end <= len(notice.text)
        stack = list(doc.sections)
        while stack:
            section = stack.pop()
            assert doc.span.start <= section.span.start <= section.span.end <= doc.span.end
            assert notice.text[section.title_span.start : section.title_span.end] == section.title
            stack.extend(section.children)


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
