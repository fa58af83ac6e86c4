"""Issue 14, the figures stage: bounded work, and no crash on numbers no notice writes.

The cases of the issue, each reproduced (inputs from tests/badfiles.py, the rows of CASES whose
owner is "figures", or made here):

- a run of 4,400 Chinese numerals where a figure stands (int() refuses over 4,300 digits);
- a figure of 400 digits (a float of it is infinite, which JSON writes as null);
- a sentence of over a million characters (spaCy refuses a text that long: E088);
- a sentence of 400 / 800 / 1,600 figures (binding took 2.8 / 13.9 s for 400 / 800, and grew
  with the square of them): the 1,600-figure sentence reads in under a second;
- runs of numerals or spaces that made the figure patterns try every split (seconds each).

Timing and memory are measured in a subprocess, once, with generous limits.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

import badfiles
from extractor import extract
from extractor.figures.parameters import MAX_FIGURES, extract_parameters, pieces
from extractor.figures.quantities import find_quantities, to_number
from extractor.figures.words import PIECE, find
from extractor.models import Parameter, Quantity, Span, Topic
from extractor.numerals import MAX_NUMERAL, cn_to_int, is_figure
from extractor.pipeline import extract_bytes

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "notice.schema.json").read_text("utf-8"))
HEAD = "关于做好2024年城乡居民基本医疗保险工作的通知\n各市医疗保障局：\n"


def record_of(notice) -> dict:
    """The notice as JSON, checked against the schema (a null where a number belongs fails)."""
    record = json.loads(notice.model_dump_json())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(record)]
    assert not errors, errors[:3]
    return record


def values(notice) -> list:
    return [x.value for d in notice.documents for x in (*d.parameters, *d.quantities)]


def check_ids(notice) -> list[str]:
    return [c.id for d in notice.documents for c in d.checks]


def fields(notice) -> dict:
    return {(p.field, json.dumps(p.value)) for d in notice.documents for p in d.parameters}


# --- the files of the shared generator ------------------------------------------------------------

FIGURE_CASES = sorted(name for name, case in badfiles.CASES.items() if case.owner == "figures" and not case.slow)


@pytest.mark.parametrize("name", FIGURE_CASES)
def test_bad_file_of_the_figures_stage_reads(name, tmp_path):
    """Each file reads to a schema-valid record that keeps the notice's other figures."""
    notice = extract(badfiles.CASES[name].make(tmp_path))
    record_of(notice)
    assert ("subsidy.per_capita", "640") in fields(notice)
    assert all(not isinstance(v, (int, float)) or is_figure(v) for v in values(notice))


@pytest.mark.parametrize("name, written", [
    ("chinese_numerals", "一二三四五六七八九〇" * 440 + "元"),
    ("huge_figure", "9" * 400 + "元"),
])
def test_a_number_no_notice_writes_is_kept_as_text_with_a_warning(name, written, tmp_path):
    notice = extract(badfiles.CASES[name].make(tmp_path))
    assert written in notice.text  # the text keeps it
    assert not any(x.text == written for d in notice.documents for x in d.quantities)  # not a figure
    assert check_ids(notice).count("not_a_figure") == 1
    message = next(c.message for d in notice.documents for c in d.checks if c.id == "not_a_figure")
    assert f"（{len(written)}字）" in message and "\n" not in message


# --- numbers too long or too large ----------------------------------------------------------------


@pytest.mark.parametrize("sentence, refused", [
    ("个人缴费" + "一" * 4400 + "元", True),  # int() would refuse 4,400 digits
    ("个人缴费" + "壹" * 4400 + "元", True),  # financial numerals
    ("个人缴费" + "1" * 4400 + "元", True),
    ("个人缴费" + "9" * 309 + "元", True),  # beyond a float: infinity
    ("住院报销比例" + "9" * 400 + "%", True),
    ("个人缴费" + "9" * 17 + "万元", True),  # finite, but 10^21 元 is no figure (nor fits a store's integer)
    ("个人缴费1,000,000,000,000,000元", True),
    ("个人缴费" + "9" * 14 + "元", False),  # large, and still a figure
    ("个人缴费一千二百三十四万五千六百七十八元", False),
])
def test_numbers_beyond_any_figure_are_refused(sentence, refused):
    notice = extract_bytes((HEAD + "一、" + sentence + "。\n").encode(), "n.txt")
    record_of(notice)
    assert ("not_a_figure" in check_ids(notice)) == refused
    assert all(not isinstance(v, (int, float)) or is_figure(v) for v in values(notice))
    assert bool(values(notice)) != refused


@pytest.mark.parametrize("text, expected", [
    ("一" * 4400, None), ("1" * (MAX_NUMERAL + 1), None), ("²", None), ("1" * MAX_NUMERAL, int("1" * MAX_NUMERAL)), ("二〇二四", 2024),
])
def test_chinese_numerals_longer_than_any_figure_are_not_numbers(text, expected):
    assert cn_to_int(text) == expected


@pytest.mark.parametrize("text", ["1" * 400, "一" * 4400, "9" * 31, "1" + ",000" * 10])
def test_to_number_reads_an_overlong_numeral_as_infinite(text):
    assert to_number(text) == math.inf and not is_figure(to_number(text))


def test_a_share_of_infinite_parts_gives_no_nan():
    notice = extract_bytes((HEAD + "一、人均财政补助标准640元，由省、市、县按" + "9" * 400 + ":3:2的比例分担。\n").encode(), "s.txt")
    record_of(notice)
    assert not any(p.field.startswith("subsidy_share") for d in notice.documents for p in d.parameters)


def test_a_table_cell_beyond_any_figure_is_refused():
    html = (
        "<html><head><meta charset='utf-8'><title>筹资标准</title></head><body><p>关于做好2024年城乡居民基本医疗保险工作的通知</p>"
        "<p>一、筹资标准如下。</p><table border='1'><tr><td>参保人员类别</td><td>个人缴费标准（元）</td><td>财政补助标准（元）</td></tr>"
        f"<tr><td>一般居民</td><td>380</td><td>{'9' * 400}</td></tr></table></body></html>"
    )
    notice = extract_bytes(html.encode(), "t.html")
    record_of(notice)
    assert ("contribution.individual", "380") in fields(notice)
    assert "not_a_figure" in check_ids(notice)


@pytest.mark.parametrize("make", [
    lambda: Quantity(kind="money", value=math.inf, unit="元", text="", sentence="", span=Span(start=0, end=0)),
    lambda: Quantity(kind="money", value=[1, math.nan], unit="元", text="", sentence="", span=Span(start=0, end=0)),
    lambda: Parameter(field="f", label="l", value=1, previous=-math.inf, unit="元", evidence="", sentence="", rule="r"),
    lambda: Topic(subject="other", basis="body", score=0, density=math.nan),
])
def test_the_models_refuse_nan_and_infinity(make):
    with pytest.raises(ValidationError, match="finite"):
        make()


def test_a_stored_record_with_infinity_does_not_load():
    record = json.loads(extract_bytes((HEAD + "一、人均财政补助标准640元。\n").encode(), "a.txt").model_dump_json())
    record["documents"][0]["parameters"][0]["value"] = math.inf
    from extractor.models import Notice

    with pytest.raises(ValidationError):
        Notice.model_validate(record)
    with pytest.raises(ValidationError):
        Notice.model_validate_json(json.dumps(record))  # json.dumps writes Infinity


# --- work per figure: runs tried in every split, sentences read again for each figure -------------


@pytest.mark.parametrize("text", [
    "一" * 20000,  # no unit after the run: each position read the rest of it
    "壹" * 20000,
    "一" * 20000 + "元",
    "9" + " " * 20000 + "月",  # the two runs of space around 万 in a money pattern
    "9月" + " " * 20000 + "至",  # 月 and the range's 至, both followed by space
    "2024年9月1日" + "\u3000" * 20000 + "至12月",
    "380元/人" + " " * 20000 + "年",
    "起" + " " * 20000 + "，",
    "集中缴费期为" + "、".join(["2024年9月至次年2月"] * 4000),  # each 次年 read its sentence back for a year
])
def test_runs_of_numerals_or_spaces_are_read_in_linear_time(text):
    t0 = time.process_time()
    find_quantities(text, 0, len(text), 2024)
    assert time.process_time() - t0 < 1.0


@pytest.mark.parametrize("sentence", [
    # spaCy's matcher keeps a partial match of 门诊统筹…于 (or 起付线…) alive to the next comma: thousands of
    # them in a sentence without one were each carried over every word after them.
    "门诊统筹2024年9月1日至12月31日" * 2000,
    "起付线2024年9月1日至12月31日" * 2000,
    "中央财政补助80%，其余由省和市县各负担一半" * 2000,
])
def test_a_sentence_of_thousands_of_cue_words_reads_in_linear_time(sentence):
    extract_bytes((HEAD + "一、个人缴费标准380元。\n").encode(), "warm.txt")  # jieba and spaCy loaded
    t0 = time.process_time()
    extract_bytes((HEAD + "一、" + sentence + "个人缴费标准380元。\n").encode(), "w.txt")
    assert time.process_time() - t0 < 3.0


# --- a sentence over spaCy's limit ----------------------------------------------------------------


def test_a_long_sentence_is_segmented_in_pieces_that_lose_no_word():
    """A sentence longer than PIECE is read in pieces cut after a ；: the words found are those of
    each clause read alone (jieba cuts at every mark, and no pattern reaches across a ；)."""
    unit = "人均财政补助标准为640元，一般县个人缴费标准380元；门诊统筹自2024年1月1日起实施；"
    text = unit * (3 * PIECE // len(unit))
    found = find(text)
    alone = find(unit)
    assert len(text) > 2 * PIECE and alone
    assert found == tuple(
        type(w)(w.start + i * len(unit), w.end + i * len(unit), w.label, w.id) for i in range(len(text) // len(unit)) for w in alone
    )


@pytest.mark.slow
def test_a_sentence_of_a_million_characters_reads_in_bounded_memory(tmp_path):
    """badfiles.long_sentence (the figure first) and the same with the figure last: both read; peak
    memory of the reading process measured (under 1 GB)."""
    first = badfiles.CASES["long_sentence"].make(tmp_path)
    last = tmp_path / "figure_last.txt"
    last.write_text(badfiles.NOTICE.replace("个人缴费标准达到380元", "参保缴费" * 260_000 + "个人缴费标准达到380元"), "utf-8")
    for path in (first, last):
        result = _measure(f"""
            notice = extract({str(path)!r})
            print(json.dumps(sorted(p.field + "=" + str(p.value) for d in notice.documents for p in d.parameters)))
        """)
        assert "contribution.individual=380" in result["out"], result
        assert result["rss_mb"] < 1024, result


# --- many figures in a sentence -------------------------------------------------------------------


def _measure(code: str) -> dict:
    """Run ``code`` (with ``extract`` and ``json`` imported, the extractor warmed up) in a fresh
    process; its output, the CPU and wall seconds of ``code`` alone, and the process's peak RSS (MB)."""
    script = textwrap.dedent("""
        import json, resource, sys, time
        from extractor import extract
        from extractor.pipeline import extract_bytes
        extract_bytes("关于2024年城乡居民医保的通知\\n一、人均财政补助标准640元。".encode(), "warm.txt")
        cpu, wall = time.process_time(), time.perf_counter()
    """) + textwrap.dedent(code) + badfiles.PEAK_MB + textwrap.dedent("""
        print(json.dumps({"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
                          "rss_mb": peak_mb()}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    # The peak RSS is the subprocess's own (VmHWM): RUSAGE_CHILDREN of this process would be the largest
    # of every child the test session has waited for, and its ru_maxrss starts at pytest's size.
    return {"out": "\n".join(lines[:-1]), **json.loads(lines[-1])}


def test_the_1600_figure_sentence_reads_in_under_a_second(tmp_path):
    path = badfiles.figures_1600(tmp_path)
    result = _measure(f"""
        notice = extract({str(path)!r})
        print(json.dumps([len(d.parameters) + len(d.quantities) for d in notice.documents]))
    """)
    # CPU time: the machine may be shared; the wall time is shown, not held to a second.
    assert result["cpu"] < 1.0, result
    # Nothing lost: every money figure a parameter of the list's field, every 第N类 kept unlabelled.
    assert sum(json.loads(result["out"])) >= 3200, result


def test_binding_time_grows_linearly_with_the_figures(tmp_path):
    paths = [badfiles.many_figures(tmp_path, n) for n in (400, 1600)]
    result = _measure(f"""
        times = []
        for path in {[str(p) for p in paths]!r}:
            start = time.process_time()
            extract(path)
            times.append(time.process_time() - start)
        print(json.dumps(times))
    """)
    small, large = json.loads(result["out"])
    assert large < 8 * small + 0.2, result  # four times the figures; the square would be sixteen


def test_a_sentence_of_many_figures_is_read_in_pieces_with_a_warning(tmp_path):
    notice = extract(badfiles.figures_400(tmp_path))
    record_of(notice)
    checks = [c for d in notice.documents for c in d.checks if c.id == "long_sentence"]
    assert len(checks) == 1 and "801 个数字" in checks[0].message  # 第N类 and its 元 each, and the 640元 before them
    contributions = {p.value for d in notice.documents for p in d.parameters if p.field == "contribution.individual"}
    assert contributions >= {100 + i for i in range(400)}  # every one bound, across the pieces


@pytest.mark.parametrize("count, parts", [(1, 1), (MAX_FIGURES, 1), (MAX_FIGURES + 1, 2), (10 * MAX_FIGURES, 10)])
def test_pieces_hold_at_most_max_figures(count, parts):
    text = "，".join(f"第{i}类人员个人缴费{i}元" for i in range(count)) + "。"
    quantities = tuple(q for q in find_quantities(text, 0, len(text), 2024) if q.kind == "money")
    assert len(quantities) == count
    cut = pieces(text, 0, len(text), quantities)
    assert len(cut) == parts
    assert [q for _, _, figures in cut for q in figures] == list(quantities)
    assert cut[0][0] == 0 and cut[-1][1] == len(text)
    assert all(a < b and (i == 0 or cut[i - 1][1] == a) for i, (a, b, _) in enumerate(cut))
    # A piece ends after the clause mark that follows its last figure: the words before the next name it.
    assert all(text[b - 1] == "，" for _, b, _ in cut[:-1])


@pytest.mark.parametrize("sentence", [
    "，".join(f"人均财政补助标准和个人缴费标准{i}元" for i in range(60)),  # 120 cues, 60 figures
    "个人缴费标准" + "、" * 3000 + "380元",  # the cue beyond reach
    "人均财政补助标准、" * 400 + "为640元，个人缴费380元",  # hundreds of cues before two figures
    "各类人员个人缴费标准调整为：" + "；".join(f"{g}{i}元" for i, g in enumerate(["一般县", "学生儿童", "特困人员", "低保对象"] * 15)),
    "一般县、" * 500 + "学生儿童个人缴费标准为380元，" + "特困人员" * 300 + "资助100元",
])
def test_nearest_cue_first_binds_as_the_exhaustive_search(sentence):
    """Binding without a trace tries the cues nearest first and stops at the first that fits;
    explain's trace tries every cue: the parameters must be the same."""
    from extractor.reading.clean import clean
    from extractor.reading.metadata import extract_meta
    from extractor.reading.sections import build_sections
    from extractor.readers import read_bytes

    extract_bytes((HEAD + "一、个人缴费标准380元。\n").encode(), "warm.txt")  # jieba and spaCy loaded
    raw = read_bytes((HEAD + "一、" + sentence + "。\n").encode(), "b.txt")
    cleaned = clean(raw)
    for doc in cleaned.documents:
        sections = build_sections(cleaned.text, doc.paragraphs, doc.body.end)
        meta, _ = extract_meta(doc, cleaned.text, sections, raw.fields)
        args = (cleaned.text, doc.paragraphs, sections, meta.policy_year, doc.table_rows)
        t0 = time.process_time()
        quick = extract_parameters(*args)
        assert time.process_time() - t0 < 2.0
        assert quick == extract_parameters(*args, trace=[])


def test_nearest_cue_first_binds_the_bundled_notices_as_the_exhaustive_search():
    from extractor.reading.clean import clean
    from extractor.reading.metadata import extract_meta
    from extractor.reading.sections import build_sections
    from extractor.readers import read_bytes

    for path in sorted((ROOT / "corpus" / "samples").glob("*.txt")):
        raw = read_bytes(path.read_bytes(), path.name)
        cleaned = clean(raw)
        for doc in cleaned.documents:
            sections = build_sections(cleaned.text, doc.paragraphs, doc.body.end)
            meta, _ = extract_meta(doc, cleaned.text, sections, raw.fields)
            args = (cleaned.text, doc.paragraphs, sections, meta.policy_year, doc.table_rows)
            assert extract_parameters(*args) == extract_parameters(*args, trace=[]), path.name


def test_a_paragraph_of_many_sentences_is_read_once():
    """The paragraph before each sentence is searched for a field's topic words and for cues: a
    paragraph of thousands of sentences must not be read again for each of them."""
    paragraph = "".join(f"资助{i}元。" for i in range(3000))  # a field with topic words, none written
    t0 = time.process_time()
    notice = extract_bytes((HEAD + "一、" + paragraph + "\n").encode(), "p.txt")
    assert time.process_time() - t0 < 10.0
    assert len(values(notice)) == 3000


def test_a_figure_of_a_very_long_sentence_carries_a_bounded_stretch_of_it():
    """Each figure carries its sentence: in a sentence of 100,000 characters with 400 figures,
    read in pieces of 16,000, copies would be 6 million characters; each carries the 2,000 around
    it instead (a 50 MB sentence would have made gigabytes)."""
    from extractor.figures.emit import SENTENCE_SHOWN

    sentence = "".join(f"个人缴费{i}元" + "参保缴费" * 60 for i in range(400))
    notice = extract_bytes((HEAD + "一、" + sentence + "。\n").encode(), "long.txt")
    figures = [x for d in notice.documents for x in (*d.parameters, *d.quantities)]
    assert len(figures) == 400
    assert all(len(x.sentence) <= SENTENCE_SHOWN and x.text in x.sentence for x in notice.documents[0].quantities)
    assert all(len(p.sentence) <= SENTENCE_SHOWN and p.evidence in p.sentence for p in notice.documents[0].parameters)


@pytest.mark.parametrize("sentence", [
    "提高" * 20000 + "个人缴费标准380元",  # every verb of change of the clause tried up to the figure
    "个人缴费标准调整为：" + "每人" * 20000 + "380元",
])
def test_a_clause_of_thousands_of_words_of_change_reads_in_linear_time(sentence):
    extract_bytes((HEAD + "一、个人缴费标准380元。\n").encode(), "warm.txt")  # jieba and spaCy loaded
    t0 = time.process_time()
    notice = extract_bytes((HEAD + "一、" + sentence + "。\n").encode(), "c.txt")
    assert time.process_time() - t0 < 2.0
    assert {value for _, value in fields(notice)} == {"380"}  # 提高…个人缴费标准380元 is its increase
