"""Cue and scope words: jieba's cut with the domain dictionary, spaCy's span ruler, the pattern data.

Where the cases come from (``git log -S`` on their text; each table says which is which):

- developed on: a sentence of a bundled notice (corpus/samples), whose wording the
  patterns were built from;
- caught later: a wording added with the pattern that first read it, after the
  patterns missed it (the case fails on the commit before);
- written for the test: made up to show one behaviour, often around a phrase of a
  bundled notice; every case whose origin the history does not tell is counted here.
"""

from __future__ import annotations

import pytest

from extractor.figures import words
from extractor.figures.catalog import catalog

# --- how jieba cuts, with the domain words -------------------------------------------------

# Developed on: "a field name is one word", "the longest cue wins", "a figure keeps its own words"
# (sentences of notice 000).  Caught later: none.  Written for the test: the rest (418471f), the
# first and the seventh around phrases of notice 001 (大病保险人均筹资标准, 市、县两级财政补助各).
CUTS = [
    pytest.param("人均财政补助标准增加30元", ["人均财政补助标准", "增加", "30", "元"], id="a field name is one word"),
    pytest.param("大病保险人均筹资标准为65元", ["大病保险人均筹资标准", "为", "65", "元"],
                 id="the fund's 筹资标准 is not the whole scheme's"),
    pytest.param("中央财政补助标准为402元", ["中央财政补助标准", "为", "402", "元"],
                 id="a level's subsidy standard stays whole"),
    pytest.param("我省财政补助标准提高到670元", ["我省", "财政补助标准", "提高", "到", "670", "元"],
                 id="我省 is the notice's own province, not 省财政"),
    pytest.param("全市财政补助标准达到670元", ["全市", "财政补助标准", "达到", "670", "元"], id="全市 likewise"),
    pytest.param("省和市县两级财政各负担20%", ["省和市县两级财政各负担", "20", "%"], id="the longest cue wins"),
    pytest.param("市、县两级财政补助各40元", ["市", "、", "县", "两级财政补助", "各", "40", "元"],
                 id="punctuation cuts a phrase into several words"),
    pytest.param("退出其他制度保障3个月内", ["退出其他制度保障", "3", "个", "月", "内"], id="a figure keeps its own words"),
    pytest.param("老年人遗属", ["老年人遗属"], id="a word that keeps a scope word from matching inside it"),
]


@pytest.mark.parametrize("text, expected", CUTS)
def test_cut(text, expected):
    assert words.tokens(text) == expected


def test_every_phrase_is_one_word_by_itself():
    """A phrase pattern without spaces matches only where jieba leaves it whole: by itself it must be."""
    split = [
        p["pattern"] for p in words.patterns()
        if isinstance(p["pattern"], str) and " " not in p["pattern"] and len(words.tokens(p["pattern"])) != 1
        # jieba cuts at punctuation whatever its dictionary says: 市、县补助各 is matched word by word.
        and p["pattern"].isalnum()
    ]
    assert split == []


# --- what the span ruler finds ---------------------------------------------------------------

# Developed on: "phrases, several patterns on one word" (notice 000), "a token pattern with a gap…"
# (004), "a scope word with figures in it" (14_shanghai).  Caught later: "the western county type
# without 的" and "a named county under the 大开发 wording" (1595a7b, with their patterns).  Written
# for the test: the rest (418471f; "低保户…" in 1595a7b, which read it before), several around a
# phrase of notice 000 or 003 (应于9月15日前拨付到位, 退出其他制度保障, 特困人员（含孤儿）).
FINDS = [
    pytest.param("一般县中央财政负担60%，省和市县两级财政各负担20%",
                 {("county_type=general#0", "一般县"), ("subsidy_share.central#2", "中央财政负担"),
                  ("subsidy_share.central#11", "中央财政负担"),
                  ("subsidy_share.province+subsidy_share.city_county#252", "省和市县两级财政各负担")},
                 id="phrases, several patterns on one word"),
    pytest.param("享受西部政策的紫云县中央财政负担80%",
                 {("county_type=western#0", "享受西部政策的紫云县"), ("subsidy_share.central#2", "中央财政负担"),
                  ("subsidy_share.central#11", "中央财政负担")},
                 id="a token pattern: a named county that enjoys the western policy"),
    pytest.param("门诊统筹资金原则上不超过城乡居民基本医保基金总额的8%",
                 {("outpatient.fund_share_cap#0", "门诊统筹资金原则上不超过城乡居民基本医保基金总额的"),
                  ("outpatient.fund_share_cap#0", "门诊统筹资金原则上不超过城乡居民基本医保基金总额")},
                 id="a token pattern with a gap, with and without its optional last word"),
    pytest.param("各级财政补助资金原则上应于9月15日前拨付到位",
                 {("subsidy.disbursement_deadline#0", "应于"),
                  ("subsidy.disbursement_deadline#2", "财政补助资金原则上应于"),
                  ("subsidy.disbursement_deadline#7", "拨付到位")},
                 id="phrase and token patterns in one sentence both kept"),
    pytest.param("退出其他制度保障3个月内参加居民医保",
                 {("condition=exit_other_scheme#0", "退出其他制度保障"), ("enrollment.transfer_window#0", "内")},
                 id="an after-pattern right after its figure"),
    pytest.param("60-69周岁人员从每人每年650元调整为690元",
                 {("insured_group=elderly_60_69#0", "60-69周岁")}, id="a scope word with figures in it"),
    pytest.param("人均财政补助标准不低于每人每年640元,个人缴费标准为380元",
                 {("subsidy.per_capita#1", "人均财政补助标准"), ("contribution.individual#3", "个人缴费标准")},
                 id="ASCII punctuation"),
    pytest.param("特困人员(含孤儿)给予全额资助",
                 {("population=tekun#0", "特困人员"), ("population=tekun#2", "孤儿"),
                  ("assistance.contribution_subsidy#0", "资助"), ("assistance.contribution_subsidy#24", "资助")},
                 id="全额 stays a figure of its own"),
    pytest.param("城乡居民医保财政补助资金的使用", {}, id="财政补助资金 is not a subsidy standard"),
    pytest.param("享受西部政策县", {("county_type=western#5", "享受西部政策县")}, id="the western county type without 的"),
    pytest.param("比照享受西部大开发政策的紫云县", {("county_type=western#4", "比照享受西部大开发政策的紫云县")},
                 id="a named county under the 大开发 wording"),
    pytest.param("低保户按70%给予资助", {("population=dibao#4", "低保户"), ("assistance.contribution_subsidy#15", "给予资助"),
                  ("assistance.contribution_subsidy#26", "给予资助")},
                 id="低保户: a population word of its own"),
]


@pytest.mark.parametrize("text, expected", FINDS)
def test_find(text, expected):
    assert {(w.id, text[w.start : w.end]) for w in words.find(text)} == set(expected)


def test_offsets_are_those_of_the_whole_text():
    text = "第一句。一般县每人补助"
    found = words.find(text, 4)
    assert [(w.id, text[w.start : w.end]) for w in found][0] == ("county_type=general#0", "一般县")
    assert all(w.start >= 4 for w in found)


def test_a_lone_surrogate_is_read_not_raised():
    text = "人均财政补助标准\udce5增加30元"
    assert [(w.id, text[w.start : w.end]) for w in words.find(text)] == [("subsidy.per_capita#1", "人均财政补助标准")]


# --- the pattern data ------------------------------------------------------------------------


def test_every_pattern_names_a_field_or_a_scope_key_of_the_catalog():
    cat = catalog()
    fields = {r.id for r in cat.rules}
    used_keys = {key for r in cat.rules for key in r.scopes}
    for p in words.patterns():
        assert p["label"] in ("cue", "after", "scope"), p
        if p["label"] == "scope":
            assert p["id"].partition("=")[0] in used_keys, p
        else:
            assert p["id"].split("#")[0] in fields, p
    # and every scope key a field reads has words
    assert used_keys <= set(cat.scopes)


def _catalog_with(monkeypatch, extra: dict):
    """The catalog read with one more pattern; the real one is restored whatever happens."""
    from extractor.figures import catalog as module

    rows = words.patterns() + [extra]
    monkeypatch.setattr(module, "patterns", lambda: rows)
    module.catalog.cache_clear()
    try:
        return module.catalog()
    finally:
        monkeypatch.undo()
        module.catalog.cache_clear()


# Written for the test: patterns that no data file holds, to see the error they raise.
@pytest.mark.parametrize(
    "extra, message",
    [
        pytest.param({"label": "cue", "id": "no.such_field#0", "pattern": "某某"},
                     r"patterns.jsonl: pattern id 'no.such_field#0' \(cue\) names no field", id="unknown field"),
        pytest.param({"label": "before", "id": "subsidy.per_capita#7", "pattern": "某某"},
                     r"patterns.jsonl: pattern id 'subsidy.per_capita#7' \(before\) names no field",
                     id="a label that is neither cue, after nor scope"),
    ],
)
def test_a_wrong_pattern_is_reported(monkeypatch, extra, message):
    with pytest.raises(ValueError, match=message):
        _catalog_with(monkeypatch, extra)


def test_the_domain_words_stay_in_our_own_tokenizer():
    """Researchers who use jieba in the same process keep jieba's own dictionary."""
    import jieba

    words.pipeline()
    jieba.dt.initialize()
    assert "人均财政补助标准" not in jieba.dt.FREQ
    assert "人均财政补助标准" in words.pipeline().tokenizer.jieba_seg.tokenizer.FREQ
