"""The table of wordings "caught in the wild": tests/data/wild.toml.

Each case is a sentence as a notice writes it and every parameter it gives, in the terms of
../shared/FIELDS.md ("Parameters"): the set of (field, value, unit, scope, year, qualifier) of the
document must be exactly the expected set, no parameter missing and none extra.  The sentence
stands in the body of a notice whose policy year is 2023 (``params_of`` of tests/test_figures.py).

How to add a case.  A researcher meets a wording the extractor gets wrong, or one worth keeping:

1. Add a ``[[case]]`` to tests/data/wild.toml: a short unique ``id``, its ``construction`` (one of
   those already there, or a new one with at least two cases), ``origin = "caught in the wild:
   <where>"``, the sentence as ``text`` (regions, names and figures may be changed), and as
   ``expect`` every parameter FIELDS.md wants from it.  TOML has no null: leave ``year`` out for a
   standing rule (year null) and ``qualifier`` out where there is none.  Where FIELDS.md leaves a
   reading open, say in a comment on the case which one was taken.
2. Run ``.venv/bin/python -m pytest tests/test_wild.py -q``.  If the case fails, see why with
   ``.venv/bin/python -m extractor explain FILE --at "<figure>"`` on a file holding the notice head
   and the sentence, and add ``xfail = "<the cause, in one line>"``.  Never weaken ``expect`` to pass.
3. The fix of that cause turns the case into an XPASS, which fails (strict): remove its ``xfail``.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from test_figures import params_of, row

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "tests" / "data" / "wild.toml"
FIELDS = ROOT / "extractor" / "figures" / "data" / "fields.toml"
SCOPES = ROOT / "extractor" / "figures" / "data" / "scopes.toml"

CASE_KEYS = {"id", "construction", "origin", "text", "expect", "xfail"}
ROW_KEYS = {"field", "value", "unit", "scope", "year", "qualifier"}
QUALIFIERS = {"达到", "不低于", "不超过", "左右", "以上", "提高到", "前", "起", "全额"}


def load_cases() -> list[dict]:
    return tomllib.loads(TABLE.read_text(encoding="utf-8"))["case"]


def expected_rows(case: dict) -> set:
    return {
        row(r["field"], r["value"], r["unit"], r.get("scope") or {}, year=r.get("year"), qualifier=r.get("qualifier"))
        for r in case["expect"]
    }


def _params() -> list:
    return [
        pytest.param(case, id=case["id"], marks=[pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else [])
        for case in load_cases()
    ]


@pytest.mark.parametrize("case", _params())
def test_wording(case):
    _, _, got = params_of(case["text"])
    expected = expected_rows(case)
    assert got == expected, f"missing: {sorted(map(str, expected - got))}; extra: {sorted(map(str, got - expected))}"


def test_explain_reads_every_wording_as_the_extractor_does():
    """``explain`` traces the binder, and tracing reads whole sentences where extraction reads only as
    far as the clause of a sentence's last figure: a pattern reaching past that clause would bind
    under explain and not in extraction."""
    from extractor.pipeline import from_raw
    from extractor.readers import RawText
    from test_figures import HEAD

    differ = []
    for case in load_cases():
        raw = RawText(text=HEAD + case["text"], format="txt")
        plain, traced = (from_raw(raw, "case.txt", trace=t).documents[0].parameters for t in (None, []))
        if plain != traced:
            differ.append(case["id"])
    assert differ == []


def test_the_table_itself():
    cases = load_cases()
    problems = []

    ids = Counter(case.get("id") for case in cases)
    problems += [f"id {i!r} is used {n} times" for i, n in ids.items() if n > 1]

    per_construction = Counter(case.get("construction") for case in cases)
    problems += [f"construction {c!r} has {n} case (at least 2 wanted)" for c, n in per_construction.items() if n < 2]

    fields = {f["id"] for f in tomllib.loads(FIELDS.read_text(encoding="utf-8"))["field"] if "each" not in f}
    scopes = tomllib.loads(SCOPES.read_text(encoding="utf-8"))

    for case in cases:
        where = case.get("id", "?")
        problems += [f"{where}: unknown key {k!r}" for k in sorted(set(case) - CASE_KEYS)]
        problems += [f"{where}: no {k!r}" for k in ("id", "construction", "origin", "text", "expect") if k not in case]
        if "xfail" in case and not str(case["xfail"]).strip():
            problems.append(f"{where}: an empty xfail says no cause")
        for r in case.get("expect", []):
            problems += [f"{where}: row key {k!r} unknown" for k in sorted(set(r) - ROW_KEYS)]
            problems += [f"{where}: row without {k!r}" for k in ("field", "value", "unit") if k not in r]
            if r.get("field") not in fields:
                problems.append(f"{where}: field {r.get('field')!r} is not in fields.toml")
            for key, value in (r.get("scope") or {}).items():
                if value not in scopes.get(key, {}):
                    problems.append(f"{where}: scope {key}={value!r} is not in scopes.toml")
            if "qualifier" in r and r["qualifier"] not in QUALIFIERS:
                problems.append(f"{where}: qualifier {r['qualifier']!r} is not one of FIELDS.md's")
        if len(expected_rows(case)) != len(case.get("expect", [])):
            problems.append(f"{where}: an expected row is written twice")

    assert not problems, "\n".join(problems)
