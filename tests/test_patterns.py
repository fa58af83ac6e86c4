"""patterns.jsonl is generated from wordings.toml by scripts/build_patterns.py: current, well formed, no non-words."""

from __future__ import annotations

import doctest
import importlib.util
import json
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_patterns.py"


def _load_script():
    """scripts/ is no package: the generator is loaded from its file (and registered, for its doctests)."""
    spec = importlib.util.spec_from_file_location("build_patterns", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_patterns", module)
    spec.loader.exec_module(module)
    return module


bp = _load_script()


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in bp.TARGET.read_text("utf-8").splitlines() if line.strip()]


def _owner(row: dict) -> str:
    """The field (cue, after) or key=value (scope) a pattern belongs to: its id without #<n>."""
    return row["id"].rpartition("#")[0]


def _phrases(row: dict) -> list[str]:
    """The words a pattern spells out: the phrase, or each word a token pattern names."""
    p = row["pattern"]
    if isinstance(p, str):
        return [p]
    words = []
    for t in p:
        orth = t.get("ORTH")
        words += [orth] if isinstance(orth, str) else list(orth.get("IN", ())) if isinstance(orth, dict) else []
    return words


# --- the generated file ------------------------------------------------------------------------


def test_patterns_jsonl_is_what_the_wordings_generate():
    current, wanted = bp.TARGET.read_text("utf-8"), bp.generate()
    assert current == wanted, (
        "patterns.jsonl is not what wordings.toml generates: run `python scripts/build_patterns.py`\n"
        + bp.summary(current, wanted)
    )


def test_every_id_is_unique(rows):
    repeated = [i for i, n in Counter(r["id"] for r in rows).items() if n > 1]
    assert repeated == []


def test_every_cue_id_is_a_field_and_a_number(rows):
    fields = {f["id"] for f in tomllib.loads(bp.FIELDS.read_text("utf-8"))["field"]}
    bad = [r["id"] for r in rows if r["label"] in ("cue", "after")
           and not (re.fullmatch(r"[^#]+#\d+", r["id"]) and _owner(r) in fields)]
    assert bad == [], "cue and after ids are <field>#<n>, of a field of fields.toml"


def test_every_scope_id_is_a_key_a_value_and_a_number(rows):
    bad = [r["id"] for r in rows if r["label"] == "scope" and not re.fullmatch(r"[\w.]+=[\w.]+#\d+", r["id"])]
    assert bad == []
    assert {r["label"] for r in rows} == {"cue", "after", "scope"}


def test_numbers_count_each_owner_from_nought_in_file_order(rows):
    seen: dict[str, list[int]] = {}
    for r in rows:
        seen.setdefault(_owner(r), []).append(int(r["id"].rpartition("#")[2]))
    assert {o: n for o, n in seen.items() if n != list(range(len(n)))} == {}


def test_no_phrase_repeats_a_syllable_pair(rows):
    """集中(参保)参保期 once made 集中参保参保期: two characters twice in a row is no notice's wording."""
    doubled = [(r["id"], w) for r in rows for w in _phrases(r) if re.search(r"(..)\1", w)]
    assert doubled == []


def test_no_pattern_is_generated_twice(rows):
    """The same words twice under one field and label (or one scope value) would match twice."""
    keys = Counter((r["label"], _owner(r), json.dumps(r["pattern"], ensure_ascii=False, sort_keys=True)) for r in rows)
    assert [k for k, n in keys.items() if n > 1] == []


# --- the wording syntax ------------------------------------------------------------------------

EXPANSIONS = [
    pytest.param("补助", ["补助"], id="plain"),
    pytest.param("省(级)补助", ["省补助", "省级补助"], id="optional part"),
    pytest.param("补助(标准)", ["补助", "补助标准"], id="optional at the end"),
    pytest.param("(人均)筹资水平", ["筹资水平", "人均筹资水平"], id="optional at the start"),
    pytest.param("省(级)(财政)补助", ["省补助", "省级补助", "省财政补助", "省级财政补助"],
                 id="two optional parts: the first varies fastest"),
    pytest.param("[县|区|旗]级", ["县级", "区级", "旗级"], id="alternatives"),
    pytest.param("60周岁以上(人员|居民)", ["60周岁以上", "60周岁以上人员", "60周岁以上居民"], id="optional alternatives"),
    pytest.param("省和市县(两级(财政))各负担", ["省和市县各负担", "省和市县两级各负担", "省和市县两级财政各负担"],
                 id="nested optional"),
    pytest.param("集中[参保(缴费)|缴费]期", ["集中参保期", "集中参保缴费期", "集中缴费期"], id="optional inside an alternative"),
    pytest.param("[省(级)|自治区](财政)补助", ["省补助", "省级补助", "自治区补助", "省财政补助", "省级财政补助", "自治区财政补助"],
                 id="alternatives and optional parts together"),
    pytest.param("60[-|~|至]69周岁", ["60-69周岁", "60~69周岁", "60至69周岁"], id="punctuation is text"),
    pytest.param("支付比例 提高", ["支付比例 提高"], id="a space stays"),
    pytest.param("特困人员（含孤儿）", ["特困人员（含孤儿）"], id="full-width brackets are text"),
    pytest.param("[补助|补助]", ["补助"], id="a phrase made twice comes once"),
]


@pytest.mark.parametrize("wording, phrases", EXPANSIONS)
def test_expand(wording, phrases):
    assert bp.expand(wording) == phrases


@pytest.mark.parametrize("wording", ["省(级补助", "省[级|补助", "省级)补助", "省级]补助", "[省(级]补助)"])
def test_an_unbalanced_bracket_is_an_error(wording):
    with pytest.raises(ValueError):
        bp.expand(wording)


TOKENS = [
    pytest.param("补助标准", {"ORTH": "补助标准"}, id="a word"),
    pytest.param("补助(标准)", {"ORTH": {"IN": ["补助", "补助标准"]}}, id="a word's variants"),
    pytest.param("的?", {"ORTH": "的", "OP": "?"}, id="optional word"),
    pytest.param("…", {"ORTH": {"NOT_IN": [",", "。", ";", "，", "；"]}, "OP": "*"}, id="gap within the clause"),
    pytest.param("……", {"ORTH": {"NOT_IN": ["。", ";", "；"]}, "OP": "*"}, id="gap within the sentence"),
    pytest.param("/最高支付限额$/", {"TEXT": {"REGEX": "最高支付限额$"}}, id="regex"),
    pytest.param("/^[一-鿿]{1,4}$/{0,2}", {"TEXT": {"REGEX": "^[一-鿿]{1,4}$"}, "OP": "{0,2}"}, id="regex with OP"),
    pytest.param({"LOWER": "x", "OP": "?"}, {"LOWER": "x", "OP": "?"}, id="spaCy's own form"),
]


@pytest.mark.parametrize("written, expected", TOKENS)
def test_token(written, expected):
    assert bp.token(written) == expected


@pytest.mark.parametrize(
    "source, message",
    [
        pytest.param({"field": {"a.b": {"cue": ["省(级)补助", "省级补助"]}}}, "comes from both", id="a phrase twice"),
        pytest.param({"field": {"a.b": {"before": ["补助"]}}}, "not cue or after", id="unknown label"),
        pytest.param({"field": {"a.b": {"cue": ["(补助)"]}}}, "empty", id="an empty phrase"),
        pytest.param({"fields": {}}, "unknown tables", id="unknown table"),
    ],
)
def test_a_wrong_wording_is_reported(source, message):
    with pytest.raises(ValueError, match=message):
        bp.build(source)


def test_the_same_words_may_name_two_fields_or_stand_before_and_after():
    rows = bp.build({"field": {"a.b": {"cue": ["补助"], "after": ["补助"]}, "c.d": {"cue": ["补助"]}}})
    assert [(r["label"], r["id"]) for r in rows] == [("cue", "a.b#0"), ("after", "a.b#1"), ("cue", "c.d#0")]


def test_check_fails_on_a_stale_file(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "patterns.jsonl"
    stale.write_text(bp.generate().replace("#0\"", "#9\"", 1), encoding="utf-8")
    monkeypatch.setattr(bp, "TARGET", stale)
    assert bp.main(["--check"]) == 1
    assert "build_patterns.py" in capsys.readouterr().err
    assert bp.main([]) == 0 and bp.main(["--check"]) == 0


def test_the_generator_doctests():
    result = doctest.testmod(bp, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 10
