"""Fuzzing the extractor (issue 14): random, damaged and hostile inputs through
``extractor.pipeline.extract_bytes``, under the names of every format it reads.

For every input three things must hold:

- it raises nothing but :class:`extractor.errors.ExtractorError` (a file that cannot be read
  says so in one line);
- it ends: Hypothesis fails an example slower than ``DEADLINE`` seconds, and a watchdog
  (SIGALRM) stops one that runs past ``HANG`` seconds, which a hang would;
- the record it gives validates against ``schemas/notice.schema.json`` (an infinite figure,
  written as null, would not).

The inputs: random bytes; the bundled notices damaged (lines shuffled, characters changed,
stretches cut, repeated or inserted; or bytes flipped, cut and repeated); sentences of many
figures built from the words that name fields and groups, with figures of every kind, Chinese
numerals and runs of digits far too long to be figures; notices whose lines are in different
encodings (UTF-8, GB18030, Big5, UTF-16); Word files of such texts; PDFs and Word files with
bytes damaged. Each goes in as .txt, .html, .pdf or .docx.

In CI each test runs ``CI_EXAMPLES`` examples (derandomized: the same ones every run; the
whole file takes well under a minute on two cores). A longer run draws new examples each time:

    MEDNOTICE_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_fuzz.py

An input that once broke a part of the extractor is kept in ``FOUND`` and run on its own
(marked xfail with its cause while that part has not been fixed).
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import zipfile
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import ExtractorError
from extractor.pipeline import extract_bytes

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "notice.schema.json"
SAMPLES = sorted((ROOT / "corpus" / "samples").glob("*.txt"))

LONG_RUN = int(os.environ.get("MEDNOTICE_FUZZ_EXAMPLES", "0") or 0)
CI_EXAMPLES = 25
DEADLINE = 20  # s per example: the largest inputs (some 100 KB) read in about a second on an idle machine
HANG = 90  # s: the watchdog's limit, for an example that never ends

FUZZ = settings(
    max_examples=LONG_RUN or CI_EXAMPLES,
    deadline=timedelta(seconds=DEADLINE),
    derandomize=not LONG_RUN,
    database=None,  # nothing written into the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
SUFFIXES = (".txt", ".html", ".pdf", ".docx")
HEAD = "关于做好2024年城乡居民基本医疗保险工作的通知\n各市医疗保障局：\n"


@pytest.fixture(scope="module", autouse=True)
def warm():
    """jieba and spaCy load on the first figure (about 1.5 s): not inside an example's deadline."""
    extract_bytes((HEAD + "一、人均财政补助标准达到640元。\n").encode(), "warm.txt")


@contextmanager
def watchdog(seconds: int):
    """Raise in the test if the block runs longer than ``seconds`` (main thread, POSIX)."""

    def hang(signum, frame):
        raise TimeoutError(f"no result after {seconds} s: the extractor hangs on this input")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


_VALIDATOR = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text("utf-8")))


def check(data: bytes, name: str):
    """The properties every input must have; the notice read, or None for a refused file."""
    with watchdog(HANG):
        try:
            notice = extract_bytes(data, name)
        except ExtractorError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(name), str(exc)
            return None
    record = json.loads(notice.model_dump_json())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _VALIDATOR.iter_errors(record)]
    assert not errors, errors[:5]
    return notice


# --- inputs -------------------------------------------------------------------------------------

names = st.sampled_from(SUFFIXES).map(lambda suffix: "fuzz" + suffix)
text_names = st.sampled_from((".txt", ".html")).map(lambda suffix: "fuzz" + suffix)


def _sample_texts() -> list[str]:
    """The bundled notices, each cut to its first 3,000 characters (an example stays quick)."""
    return [path.read_text("utf-8")[:3000] for path in SAMPLES]


SAMPLE_TEXTS = _sample_texts()


@st.composite
def damaged(draw, data: bytes) -> bytes:
    """``data`` with a few damages: a byte changed, a stretch cut out, a stretch repeated."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        kind = draw(st.sampled_from(("flip", "cut", "repeat", "insert")))
        at = draw(st.integers(0, len(data) - 1))
        length = draw(st.integers(1, 64))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at : at + length]
        elif kind == "repeat":
            data[at:at] = bytes(data[at : at + length]) * draw(st.integers(2, 40))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=length))
    return bytes(data)


# What a damaged text gets: its own characters elsewhere, digits, marks, numerals, control characters.
NOISE = "0123456789一二三四五六七八九十百千万元%年月日至、，。；：（）《》\t \u3000\r\x0c\u200b\ufeff"


@st.composite
def damaged_text(draw, text: str) -> str:
    """``text`` with a few damages a careless copy makes: a character changed, a stretch cut
    out, a stretch repeated, characters inserted (it stays text: the figures stage reads it)."""
    chars = list(text)
    for _ in range(draw(st.integers(1, 8))):
        if not chars:
            break
        kind = draw(st.sampled_from(("change", "cut", "repeat", "insert")))
        at = draw(st.integers(0, len(chars) - 1))
        length = draw(st.integers(1, 80))
        if kind == "change":
            chars[at] = draw(st.sampled_from(NOISE + text[:200]))
        elif kind == "cut":
            del chars[at : at + length]
        elif kind == "repeat":
            chars[at:at] = chars[at : at + length] * draw(st.integers(2, 60))
        else:
            chars[at:at] = draw(st.text(alphabet=NOISE, min_size=1, max_size=length))
    return "".join(chars)


@st.composite
def shuffled_lines(draw, text: str) -> str:
    lines = text.splitlines()
    return "\n".join(draw(st.permutations(lines))) if len(lines) < 200 else text


CUES = ("人均财政补助标准", "个人缴费标准", "筹资标准", "起付线", "住院费用支付比例", "最高支付限额", "中央财政补助",
        "省级财政补助", "门诊统筹", "大病保险", "集中缴费期", "分娩", "资助参保", "提高到", "不低于", "增加")
SCOPES = ("一般县", "重点县", "学生儿童", "成年居民", "特困人员", "低保对象", "60周岁以上", "一级医疗机构",
          "二级医疗机构", "三级医疗机构", "西部地区", "中部地区", "以上人群")
JOINTS = ("、", "，", "；", "和", "：", "分别为", "各", "（", "）", " ", "\n", "由", "其中", "。")


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    return "".join(digits[int(d)] for d in str(n))


# Figures of every kind, as functions of a random.Random (a sentence of hundreds of them is drawn
# from one seed: Hypothesis's own lists stay short).
FIGURES = (
    lambda r: f"{r.randint(0, 100_000)}元",
    lambda r: f"{r.randint(0, 100)}%",
    lambda r: f"{_chinese(r.randint(0, 5000))}元",
    lambda r: f"2024年{r.randint(1, 12)}月1日至12月31日",
    lambda r: f"12月{r.randint(1, 31)}日前",
    lambda r: f"{r.randint(1, 12)}个月",
    lambda r: f"{r.randint(1, 50)}个百分点",
    lambda r: f"由{r.randint(0, 999)}元提高到{r.randint(0, 999)}元",
    lambda r: f"按{r.randint(1, 9)}:{r.randint(0, 9)}:{r.randint(0, 9)}的比例分担",
    # Runs no figure is written with: 400 digits (infinite as a float), 4,400 Chinese numerals.
    lambda r: "9" * r.randint(16, 400) + "元",
    lambda r: "一" * r.randint(31, 4400) + "元",
    lambda r: "1" * r.randint(16, 60) + "万元",
)


@st.composite
def many_figures(draw) -> str:
    """A notice of one sentence (or a few) holding from a few to some hundreds of figures, each
    after words that may name its field or group."""
    count = draw(st.sampled_from((3, 20, 70, 150) + ((600,) if LONG_RUN else ())))  # 600: a second each
    rng = random.Random(draw(st.integers(0, 2**32)))
    parts = []
    for _ in range(count):
        parts.extend(rng.choice(pool) for pool in rng.sample((CUES, SCOPES, JOINTS, JOINTS), rng.randint(0, 4)))
        parts.append(rng.choice(FIGURES)(rng))
    return HEAD + "一、" + "".join(parts) + "。\n"


ENCODINGS = ("utf-8", "gb18030", "big5", "gbk", "latin-1")
# In one example of four: a line of UTF-16 among the others is binary to the reader (NUL bytes), rightly.
WITH_UTF16 = ENCODINGS + ("utf-16-le", "utf-16")


@st.composite
def mixed_encodings(draw) -> bytes:
    """A notice whose lines are each in an encoding of their own (what a careless merge gives)."""
    lines = draw(st.sampled_from(SAMPLE_TEXTS)).splitlines()[:40]
    encodings = draw(st.sampled_from((ENCODINGS, ENCODINGS, ENCODINGS, WITH_UTF16)))
    out = b""
    for line in lines:
        out += (line + "\n").encode(draw(st.sampled_from(encodings)), errors="replace")
    return out


def _docx(text: str) -> bytes:
    """A Word file of ``text``, one paragraph a line (what XML cannot hold is left out)."""
    import docx

    clean = "".join(ch for ch in text if ch in "\t\n" or (ord(ch) >= 32 and not 0xD800 <= ord(ch) <= 0xDFFF and ch not in "\ufffe\uffff"))
    document = docx.Document()
    for line in clean.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- the tests ------------------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=4096), name=names)
def test_random_bytes(data, name):
    check(data, name)


@FUZZ
@given(text=st.sampled_from(SAMPLE_TEXTS).flatmap(shuffled_lines).flatmap(damaged_text), name=text_names)
def test_damaged_notices(text, name):
    check(text.encode("utf-8"), name)


@FUZZ
@given(data=st.sampled_from(SAMPLE_TEXTS).map(lambda t: t.encode("gb18030")).flatmap(damaged), name=text_names)
def test_notices_with_damaged_bytes(data, name):
    check(data, name)


@FUZZ
@given(text=many_figures(), name=text_names)
def test_many_figures(text, name):
    notice = check(text.encode("utf-8"), name)
    if notice is not None:
        for doc in notice.documents:
            for p in doc.parameters:
                assert not isinstance(p.value, float) or abs(p.value) < 1e15, p


@FUZZ
@given(data=mixed_encodings(), name=text_names)
def test_mixed_encodings(data, name):
    check(data, name)


@settings(FUZZ, max_examples=max(10, (LONG_RUN or CI_EXAMPLES) // 2))
@given(text=st.one_of(many_figures(), st.sampled_from(SAMPLE_TEXTS).flatmap(damaged_text)))
def test_word_files(text):
    check(_docx(text), "fuzz.docx")


@pytest.fixture(scope="module")
def base_pdf(tmp_path_factory) -> bytes:
    """A PDF of a bundled notice (its first 1,500 characters), typeset once for the module."""
    import conversions

    font = conversions.find_cjk_font()
    path = conversions.write_pdf(SAMPLE_TEXTS[0][:1500], tmp_path_factory.mktemp("pdf") / "notice.pdf", font)
    return path.read_bytes()


@pytest.fixture(scope="module")
def base_docx() -> bytes:
    return _docx(SAMPLE_TEXTS[1])


@settings(FUZZ, max_examples=max(10, (LONG_RUN or CI_EXAMPLES) // 2))
@given(data=st.data())
def test_damaged_pdf_and_word_files(base_pdf, base_docx, data):
    suffix = data.draw(st.sampled_from((".pdf", ".docx")))
    original = base_pdf if suffix == ".pdf" else base_docx
    check(data.draw(damaged(original)), "fuzz" + suffix)


def test_word_file_with_damaged_text_inside():
    """The document.xml of a Word file replaced by text with a stray byte: one line, or a record."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx(SAMPLE_TEXTS[2])), "r") as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "word/document.xml":
                body = body.replace("筹资".encode(), b"\xff\xfe", 1)
            target.writestr(item, body)
    check(out.getvalue(), "fuzz.docx")


# --- inputs the fuzzer found -------------------------------------------------------------------
# name → (bytes, file name, None once fixed, else the cause: the test then xfails with it).
FOUND: dict[str, tuple[bytes, str, str | None]] = {
    "4,400 Chinese numerals before 元 (int() beyond 4,300 digits)": ((HEAD + "一、个人缴费" + "一" * 4400 + "元。").encode(), "n.txt", None),
    "400 digits before 元 (an infinite float, written as null)": ((HEAD + "一、个人缴费" + "9" * 400 + "元。").encode(), "n.txt", None),
    "a share of 400 digits (infinity over infinity)": ((HEAD + "一、由省、市、县按" + "9" * 400 + ":3:2的比例分担。").encode(), "n.txt", None),
}


@pytest.mark.parametrize("key", FOUND)
def test_found_inputs(key):
    data, name, cause = FOUND[key]
    if cause:
        pytest.xfail(cause)
    check(data, name)
