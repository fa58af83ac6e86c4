"""The data files are typed and checked when they load: a breakage is one line that names the
file, the entry and what is wrong. Each case copies the real file, breaks it, and validates the copy."""

from __future__ import annotations

import json
import pickle
import re
import tomllib
from pathlib import Path

import pytest

from extractor import datafiles
from extractor.datafiles import (
    DataFileError,
    validate_fields_text,
    validate_patterns_text,
    validate_reading_text,
    validate_scopes_text,
)
from extractor.vocab import data_text, load

ROOT = Path(__file__).resolve().parents[1]
FIELDS_MD = ROOT.parent / "shared" / "FIELDS.md"


def _edit(text: str, entry_id: str, old: str, new: str) -> str:
    """``text`` with ``old`` → ``new`` once, inside the [[field]]/[[check]] whose id is ``entry_id``.

    The edit must find its words: a case that broke nothing would pass for the wrong reason."""
    start = text.index(f'id = "{entry_id}"\n')
    end = text.find("\n[", start)
    end = len(text) if end < 0 else end
    block = text[start:end]
    assert old in block, (entry_id, old)
    return text[:start] + block.replace(old, new, 1) + text[end:]


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _appended(row: dict) -> tuple[str, int]:
    """patterns.jsonl with one more row, and that row's line number."""
    text = data_text("patterns.jsonl").rstrip("\n") + "\n"
    return text + json.dumps(row, ensure_ascii=False) + "\n", text.count("\n") + 1


FIELD_KEYS = ("after_gap, avoid, dated_by_value, each, follows, fuzzy, id, increase, kind, label, max_distance, needs, needs_heading, "
              "needs_scope, priority, scopes, tier, unscoped_avoid")

FIELDS_BREAKAGES = [
    pytest.param(lambda t: _edit(t, "outpatient.annual_cap", "needs =", "need ="),
                 f"fields.toml: field 'outpatient.annual_cap': unknown key 'need' (allowed: {FIELD_KEYS})",
                 id="misspelt key in a field"),
    pytest.param(lambda t: _edit(t, "outpatient.deductible", 'scopes = ["facility_level"]', 'scopes = ["facility"]'),
                 "fields.toml: field 'outpatient.deductible': scope key 'facility' is not in scopes.toml",
                 id="a scope key scopes.toml does not define"),
    pytest.param(lambda t: _edit(t, "assistance.contribution_subsidy", 'needs_scope = "population"',
                                 'needs_scope = "condition"'),
                 "fields.toml: field 'assistance.contribution_subsidy': needs_scope 'condition' is not among its "
                 "scopes (population)",
                 id="needs_scope not among the field's scopes"),
    pytest.param(lambda t: _edit(t, "contribution.individual", "avoid = ['缴费基数']", "avoid = ['缴费基数(']"),
                 "fields.toml: field 'contribution.individual': avoid[0]: invalid regex '缴费基数(': missing ), "
                 "unterminated subpattern at position 4",
                 id="an invalid regex in avoid"),
    pytest.param(lambda t: _edit(t, "levels_sum", 'total = "subsidy.per_capita"', 'total = "subsidy.per_capta"'),
                 "fields.toml: check 'levels_sum': total 'subsidy.per_capta' names no field",
                 id="a check naming an unknown field"),
    pytest.param(lambda t: _edit(t, "subsidy.city+subsidy.county", '"subsidy.county"]', '"subsidy.counties"]'),
                 "fields.toml: field 'subsidy.city+subsidy.county': each 'subsidy.counties' names no field",
                 id="each naming an unknown field"),
    pytest.param(lambda t: _edit(t, "contribution.individual", 'increase = "contribution.individual_increase"',
                                 'increase = "contribution.increase"'),
                 "fields.toml: field 'contribution.individual': increase 'contribution.increase' names no field",
                 id="increase naming an unknown field"),
    pytest.param(lambda t: _edit(t, "levels_sum", 'kind = "sum"', 'kind = "total"'),
                 "fields.toml: check 'levels_sum': unknown kind 'total' (allowed: sum, share, increase, year)",
                 id="a check of no kind"),
    pytest.param(lambda t: _edit(t, "levels_sum", "{sum}", "{summe}"),
                 "fields.toml: check 'levels_sum': message names summe; a sum check fills in sum, total",
                 id="a message placeholder the check does not fill"),
    pytest.param(lambda t: _replace(t, '"financing.total" = [', '"financing.totals" = ['),
                 "fields.toml: [ranges]: 'financing.totals' names no field and no unit (元, %, 百分点, 月, 天, 年, 个, date)",
                 id="a range naming an unknown field"),
    pytest.param(lambda t: _edit(t, "enrollment.payment_period", "max_distance = 12", 'max_distance = "12"'),
                 "fields.toml: field 'enrollment.payment_period': max_distance: Input should be a valid integer "
                 "(got '12')",
                 id="a number written as text"),
    pytest.param(lambda t: _replace(t, "\n[ranges]\n", "\n[range]\n"),
                 "fields.toml: unknown table 'range' (allowed: check, field, phrase, ranges, shares, themes, words)",
                 id="a misspelt table"),
    pytest.param(lambda t: _replace(t, "year_reference = '(", "year_reference = '(("),
                 "fields.toml: [words]: year_reference: invalid regex '((按照|依照|按|比照|参照|较|比|与|同)(?:全省|全市|本市)?$': "
                 "missing ), unterminated subpattern at position 0",
                 id="an invalid regex in [words]"),
    pytest.param(lambda t: t + '\n[[field]]\nid = "x"\nkind = "money"\n',
                 "fields.toml: field 'x': missing key 'label'", id="a field without its label"),
]


@pytest.mark.parametrize("breakage, message", FIELDS_BREAKAGES)
def test_a_broken_fields_file_is_one_line(breakage, message):
    with pytest.raises(DataFileError) as caught:
        validate_fields_text(breakage(data_text("fields.toml")))
    assert str(caught.value) == message


READING_BREAKAGES = [
    pytest.param("header_word =", "header_words =",
                 "reading.toml: [layout]: unknown key 'header_words' (allowed: addressee_starts, closing_cues, "
                 "doc_types, header_word, page_number_patterns)",
                 id="unknown key"),
    pytest.param("\n[dates]\n", "\n[date]\n",
                 "reading.toml: unknown table 'date' (allowed: dates, html, layout, organisations, regions)",
                 id="unknown table"),
    pytest.param('"我市" = "city"', '"我市" = "town"',
                 "reading.toml: [regions]: self_reference.我市: Input should be 'province', 'city' or 'county' "
                 "(got 'town')",
                 id="a level of no region"),
]


@pytest.mark.parametrize("old, new, message", READING_BREAKAGES)
def test_a_broken_reading_file_is_one_line(old, new, message):
    with pytest.raises(DataFileError) as caught:
        validate_reading_text(_replace(data_text("reading.toml"), old, new))
    assert str(caught.value) == message


PATTERN_BREAKAGES = [
    pytest.param({"label": "cue", "id": "no.such_field#before0", "pattern": "某某"},
                 "pattern 'no.such_field#before0': field 'no.such_field' is not in fields.toml",
                 id="a pattern naming no field"),
    pytest.param({"label": "after", "id": "no.such_field#3", "pattern": "某某"},
                 "pattern 'no.such_field#3': field 'no.such_field' is not in fields.toml",
                 id="the same with an id <field>#<n>"),
    pytest.param({"label": "scope", "id": "county_type=eastern", "pattern": "东部县"},
                 "pattern 'county_type=eastern': 'eastern' is not a value of county_type in scopes.toml "
                 "(values: general, western)",
                 id="a scope value outside the vocabulary"),
    pytest.param({"label": "scope", "id": "county=general#2", "pattern": "一般县"},
                 "pattern 'county=general#2': scope key 'county' is not in scopes.toml",
                 id="a scope key outside the vocabulary"),
    pytest.param({"label": "cues", "id": "subsidy.central#0", "pattern": "中央补助"},
                 "pattern 'subsidy.central#0': label: Input should be 'cue', 'after' or 'scope' (got 'cues')",
                 id="wrong label"),
    pytest.param({"label": "scope", "id": "subsidy.central#before0", "pattern": "中央补助"},
                 "pattern 'subsidy.central#before0': label 'scope' needs an id '<key>=<value>'",
                 id="a cue id under the scope label"),
    pytest.param({"label": "cue", "id": "county_type=general", "pattern": "一般县"},
                 "pattern 'county_type=general': label 'cue' needs an id '<field>#<n>'",
                 id="a scope id under the cue label"),
    pytest.param({"label": "cue", "id": "subsidy.per_capita#after7", "pattern": "某某"},
                 "pattern 'subsidy.per_capita#after7': an id '#after<n>' needs the label 'after'",
                 id="label and id disagree"),
    pytest.param({"label": "cue", "id": "subsidy.per_capita#0", "pattern": []},
                 "pattern 'subsidy.per_capita#0': pattern: Input should be a valid string; "
                 "List should have at least 1 item after validation, not 0 (got [])",
                 id="an empty token pattern"),
    pytest.param({"label": "cue", "id": "subsidy.per_capita#0", "patern": "某某"},
                 "pattern 'subsidy.per_capita#0': unknown key 'patern' (allowed: id, label, pattern)",
                 id="a misspelt key"),
]


@pytest.mark.parametrize("row, message", PATTERN_BREAKAGES)
def test_a_broken_pattern_is_one_line_with_its_line_number(row, message):
    text, line = _appended(row)
    with pytest.raises(DataFileError) as caught:
        validate_patterns_text(text)
    assert str(caught.value) == f"patterns.jsonl:{line}: {message}"


def test_a_line_that_is_not_json():
    text = data_text("patterns.jsonl").rstrip("\n") + "\n"
    with pytest.raises(DataFileError, match=rf"^patterns.jsonl:{text.count(chr(10)) + 1}: not JSON: Expecting"):
        validate_patterns_text(text + '{"label": "cue", "id": "subsidy.central#0" "pattern": "中央补助"}\n')


def test_the_vocabulary_given_is_the_one_checked_against():
    """Patterns and fields are checked against the scope vocabulary handed in, not the package's."""
    scopes = validate_scopes_text('[county_type]\ngeneral = "一般县"\n')
    row = '{"label": "scope", "id": "county_type=western", "pattern": "西部县"}\n'
    with pytest.raises(DataFileError) as caught:
        validate_patterns_text(row, fields=datafiles.fields_file(), scopes=scopes)
    assert str(caught.value) == ("patterns.jsonl:1: pattern 'county_type=western': 'western' is not a value of "
                                 "county_type in scopes.toml (values: general)")
    with pytest.raises(DataFileError) as caught:
        validate_fields_text(data_text("fields.toml"), scopes=scopes)
    assert str(caught.value) == "fields.toml: field 'financing.total': scope key 'insured_group' is not in scopes.toml"


@pytest.mark.parametrize(
    "text, message",
    [
        pytest.param('[county_type]\nGeneral = "一般县"\n',
                     "scopes.toml: [county_type]: General: String should match pattern '^[a-z][a-z0-9_]*$' "
                     "(got 'General')", id="a value that is no name"),
        pytest.param('[county_type]\ngeneral = ""\n',
                     "scopes.toml: [county_type]: general: String should have at least 1 character (got '')",
                     id="a value without its label"),
        pytest.param('county_type = "general"\n',
                     "scopes.toml: [county_type]: Input should be a valid dictionary (got 'general')",
                     id="a key without values"),
    ],
)
def test_a_broken_scopes_file_is_one_line(text, message):
    with pytest.raises(DataFileError) as caught:
        validate_scopes_text(text)
    assert str(caught.value) == message


def test_not_toml():
    with pytest.raises(DataFileError, match=r"^fields.toml: not TOML: "):
        validate_fields_text("[[field]\n")


# --- the real files ---------------------------------------------------------------------------


def test_the_real_files_validate():
    found = datafiles.validate_all()
    assert set(found) == {"fields", "grammar", "patterns", "reading", "scopes", "topic"}
    assert len(found["patterns"].rows) == len([line for line in data_text("patterns.jsonl").splitlines() if line.strip()])


@pytest.mark.parametrize("name", ["fields", "reading", "scopes", "grammar"])
def test_load_returns_what_tomllib_reads(name):
    """The consumers of vocab.load see the same plain dict as before the files had models."""
    assert load(name) == tomllib.loads(data_text(f"{name}.toml"))


def test_patterns_returns_the_rows_of_the_file():
    from extractor.figures.words import patterns

    assert patterns() == [json.loads(line) for line in data_text("patterns.jsonl").splitlines() if line.strip()]


def test_every_scope_pattern_and_field_scope_is_in_the_vocabulary():
    scopes = datafiles.scopes_file()
    assert {key for f in datafiles.fields_file().field for key in f.scopes} <= set(scopes.keys())
    scope_ids = {r.id.partition("#")[0] for r in datafiles.patterns_file().rows if r.label == "scope"}
    assert {tuple(i.split("=")) for i in scope_ids} <= {(k, v) for k in scopes.keys() for v in scopes.values(k)}


def test_the_error_is_a_value_error_that_survives_pickling():
    err = pickle.loads(pickle.dumps(DataFileError("fields.toml", "unknown key 'need'\n(allowed: …)", "field 'a'")))
    assert isinstance(err, ValueError)
    assert (str(err), err.file, err.entry) == ("fields.toml: field 'a': unknown key 'need' (allowed: …)",
                                               "fields.toml", "field 'a'")


# --- scopes.toml is the vocabulary of FIELDS.md -----------------------------------------------


def fields_md_scopes(text: str) -> dict[str, list[str]]:
    """Scope key → its `value` words, from the "### Scope vocabulary" list of FIELDS.md.

    >>> fields_md_scopes("### Scope vocabulary\\n\\n- delivery: `natural` (自然分娩),\\n  `cesarean`\\n\\nScopes combine")
    {'delivery': ['natural', 'cesarean']}
    """
    lines = text.split("### Scope vocabulary", 1)[1].splitlines()
    items: list[str] = []
    for line in lines:
        if line.startswith("- "):
            items.append(line)
        elif line.startswith("  ") and items:  # an item's continuation
            items[-1] += " " + line.strip()
        elif items:  # the first line after the list ends it
            break
    out = {}
    for item in items:
        key = re.match(r"- (\w+)", item).group(1)
        out[key] = re.findall(r"`(\w+)`", item)
    return out


@pytest.mark.skipif(not FIELDS_MD.exists(), reason="FIELDS.md is not beside the project")
def test_scopes_toml_is_the_vocabulary_of_fields_md():
    expected = fields_md_scopes(FIELDS_MD.read_text("utf-8"))
    scopes = datafiles.scopes_file()
    assert {key: list(scopes.values(key)) for key in scopes.keys()} == expected


GRAMMAR_BREAKAGES = [
    pytest.param('to = ["到", "至", "为"]', 'tos = ["到", "至", "为"]',
                 "grammar.toml: [change]: unknown key 'tos'", id="misspelt key of [change]"),
    pytest.param('adjacent = ["最高", "约"]', 'adjacent = ["最高", "大约"]',
                 "grammar.toml: [qualifiers]: adjacent '大约' is not a word of before", id="adjacent word not a before-word"),
    pytest.param('raised_to = "提高到"', 'raised_to = "提到"',
                 "grammar.toml: [qualifiers]", id="raised_to not a qualifier of FIELDS.md"),
]


@pytest.mark.parametrize("old, new, message", GRAMMAR_BREAKAGES)
def test_a_broken_grammar_is_refused_with_one_line(old, new, message):
    text = data_text("grammar.toml")
    assert old in text
    with pytest.raises(datafiles.DataFileError) as caught:
        datafiles.validate_grammar_text(text.replace(old, new, 1))
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)
