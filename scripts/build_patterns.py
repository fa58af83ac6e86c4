"""Generate extractor/figures/data/patterns.jsonl from the wordings of wordings.toml.

    python scripts/build_patterns.py           # write patterns.jsonl
    python scripts/build_patterns.py --check   # exit 1 when patterns.jsonl is not what wordings.toml makes

wordings.toml writes each field's and each scope value's words once, with their variants
(``省(级)(财政)补助(标准)``); the engine reads the spaCy patterns this script expands them
into, one pattern a line, each with an id of its own. The head of wordings.toml describes
the syntax. Only the standard library: the script runs before the package is installed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import tomllib
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "extractor" / "figures" / "data"
SOURCE = DATA / "wordings.toml"
TARGET = DATA / "patterns.jsonl"
FIELDS = DATA / "fields.toml"

LABELS = ("cue", "after")
# A gap stops at the end of its clause (…) or of its sentence (……): a cue never reaches
# into the next clause for its closing word.
GAPS = {
    "…": {"ORTH": {"NOT_IN": [",", "。", ";", "，", "；"]}, "OP": "*"},
    "……": {"ORTH": {"NOT_IN": ["。", ";", "；"]}, "OP": "*"},
}
_OP = re.compile(r"(?P<body>.*?)(?P<op>[?*+!]|\{\d*(?:,\d*)?\})?")
_REGEX = re.compile(r"/(?P<regex>.+)/(?P<op>[?*+!]|\{\d*(?:,\d*)?\})?")


# --- expanding a wording ---------------------------------------------------------------------


def expand(text: str) -> list[str]:
    """Every phrase a wording stands for: ``(x)`` x or nothing, ``[a|b]`` a or b, nested.

    The leftmost choice varies fastest, so a line's phrases come in the order one reads
    them off; a phrase two choices make alike comes once.

    >>> expand("省(级)补助")
    ['省补助', '省级补助']
    >>> expand("省(级)(财政)补助")
    ['省补助', '省级补助', '省财政补助', '省级财政补助']
    >>> expand("[县|区|旗]级补助")
    ['县级补助', '区级补助', '旗级补助']
    >>> expand("60周岁以上(人员|居民)")
    ['60周岁以上', '60周岁以上人员', '60周岁以上居民']
    >>> expand("省和市县(两级(财政))各负担")
    ['省和市县各负担', '省和市县两级各负担', '省和市县两级财政各负担']
    >>> expand("集中[参保(缴费)|缴费]期")
    ['集中参保期', '集中参保缴费期', '集中缴费期']
    >>> expand("补助")
    ['补助']
    >>> expand("省(级补助")
    Traceback (most recent call last):
    ...
    ValueError: '省(级补助': '(' at 1 is not closed
    """
    phrases, end = _choices(text, 0)
    if end != len(text):
        raise ValueError(f"{text!r}: {text[end]!r} at {end} closes nothing")
    return list(dict.fromkeys(phrases))


_CLOSERS = {"(": ")", "[": "]"}


def _choices(text: str, i: int) -> tuple[list[str], int]:
    """The alternatives a|b|… from i up to a closing bracket or the end, and where they stop."""
    phrases, i = _sequence(text, i)
    while i < len(text) and text[i] == "|":
        more, i = _sequence(text, i + 1)
        phrases += more
    return phrases, i


def _sequence(text: str, i: int) -> tuple[list[str], int]:
    """The phrases of one alternative: its parts one after another, every choice of each."""
    phrases = [""]
    while i < len(text) and text[i] not in "|)]":
        if text[i] in _CLOSERS:
            options, i = _group(text, i)
        else:
            j = i
            while j < len(text) and text[j] not in "|()[]":
                j += 1
            options, i = [text[i:j]], j
        # Outer loop over the new part: the parts written first vary fastest.
        phrases = [p + o for o in options for p in phrases]
    return phrases, i


def _group(text: str, start: int) -> tuple[list[str], int]:
    """The choices of the bracket that opens at start ((x) adds nothing as a choice), and its end."""
    options, i = _choices(text, start + 1)
    if i >= len(text) or text[i] != _CLOSERS[text[start]]:
        raise ValueError(f"{text!r}: {text[start]!r} at {start} is not closed")
    return ([""] + options if text[start] == "(" else options), i + 1


# --- a wording line as a pattern ---------------------------------------------------------------


def token(text: str | dict) -> dict:
    """One word of a token pattern, as spaCy's Matcher takes it.

    >>> token("补助标准")
    {'ORTH': '补助标准'}
    >>> token("补助(标准)")
    {'ORTH': {'IN': ['补助', '补助标准']}}
    >>> token("的?")
    {'ORTH': '的', 'OP': '?'}
    >>> token("…")["OP"], token("……")["ORTH"]
    ('*', {'NOT_IN': ['。', ';', '；']})
    >>> token("/最高支付限额$/")
    {'TEXT': {'REGEX': '最高支付限额$'}}
    >>> token("/^[一-鿿]{1,4}$/{0,2}")
    {'TEXT': {'REGEX': '^[一-鿿]{1,4}$'}, 'OP': '{0,2}'}
    >>> token({"LOWER": "x"})
    {'LOWER': 'x'}
    """
    if isinstance(text, dict):
        return dict(text)
    if text in GAPS:
        return json.loads(json.dumps(GAPS[text]))  # a copy: rows never share a dict
    m = _REGEX.fullmatch(text)
    if m:
        out: dict = {"TEXT": {"REGEX": m["regex"]}}
    else:
        m = _OP.fullmatch(text)
        words = expand(m["body"])
        if not all(words):
            raise ValueError(f"token {text!r}: a word may not be empty (write its OP instead: 的?)")
        out = {"ORTH": words[0] if len(words) == 1 else {"IN": words}}
    if m["op"]:
        out["OP"] = m["op"]
    return out


def patterns(line: str | list) -> list:
    """The patterns of one wording line: a string's phrases, or one token pattern for an array.

    >>> patterns("市县(两级)补助")
    ['市县补助', '市县两级补助']

    A token pattern whose first word has variants is one pattern per variant: spaCy's Matcher
    tries every pattern at every word, and an exact first word is compared far faster than a
    list (measured: the figures stage slowed by a tenth with lists in first place).

    >>> [p[0] for p in patterns(["中央(财政)对", "…", "补助"])]
    [{'ORTH': '中央对'}, {'ORTH': '中央财政对'}]
    """
    if isinstance(line, list):
        tokens = [token(t) for t in line]
        first = tokens[0].get("ORTH")
        if isinstance(first, dict) and list(first) == ["IN"] and "OP" not in tokens[0]:
            return [[{"ORTH": word}] + [dict(t) for t in tokens[1:]] for word in first["IN"]]
        return [tokens]
    if not isinstance(line, str):
        raise ValueError(f"{line!r}: a wording is a string (a phrase) or an array (a token pattern)")
    phrases = expand(line)
    if not all(p.strip() for p in phrases):
        raise ValueError(f"{line!r}: one of its phrases is empty")
    return phrases


# --- the whole file ----------------------------------------------------------------------------


def _numbered(where: str, lines: list, start: int = 0) -> list[tuple[str, object]]:
    """(id, pattern) for every pattern of the lines, numbered from start; a pattern twice is an error."""
    if not isinstance(lines, list):
        raise ValueError(f"{where}: a list of wordings, not {lines!r}")
    out, seen = [], {}
    for line in lines:
        for p in patterns(line):
            key = json.dumps(p, ensure_ascii=False, sort_keys=True)
            if key in seen:
                raise ValueError(f"{where}: {key} comes from both {seen[key]!r} and {line!r}")
            seen[key] = line
            out.append((f"{where.partition(' ')[0]}#{start + len(out)}", p))
    return out


def build(source: dict) -> list[dict]:
    """The pattern rows of a parsed wordings.toml: the fields' cue and after words, then the scopes'.

    >>> rows = build({"field": {"a.b": {"cue": ["省(级)补助"], "after": ["补助"]}},
    ...               "scope": {"k": {"v": ["一般县"]}}})
    >>> [(r["label"], r["id"], r["pattern"]) for r in rows]
    [('cue', 'a.b#0', '省补助'), ('cue', 'a.b#1', '省级补助'), ('after', 'a.b#2', '补助'), ('scope', 'k=v#0', '一般县')]
    """
    unknown = set(source) - {"field", "scope"}
    if unknown:
        raise ValueError(f"wordings.toml: unknown tables {sorted(unknown)} (field, scope)")
    rows = []
    for field, wordings in source.get("field", {}).items():
        count = 0  # cue and after share the numbering: one id, one pattern
        for label, lines in wordings.items():
            if label not in LABELS:
                raise ValueError(f"wordings.toml: field {field!r} has {label!r}, not cue or after")
            numbered = _numbered(f"{field} {label}", lines, count)
            rows += [{"label": label, "id": pid, "pattern": p} for pid, p in numbered]
            count += len(numbered)
    for key, values in source.get("scope", {}).items():
        for value, lines in values.items():
            numbered = _numbered(f"{key}={value} scope", lines)
            rows += [{"label": "scope", "id": pid, "pattern": p} for pid, p in numbered]
    return rows


def render(rows: list[dict]) -> str:
    """patterns.jsonl's text: one JSON object a line, the characters as they are."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def generate(source_path: Path = SOURCE) -> str:
    """The text patterns.jsonl must have: wordings.toml, expanded."""
    return render(build(tomllib.loads(source_path.read_text("utf-8"))))


def unknown_fields(rows: list[dict], fields_path: Path = FIELDS) -> list[str]:
    """The ids of cue and after patterns whose field fields.toml does not define."""
    known = {f["id"] for f in tomllib.loads(fields_path.read_text("utf-8"))["field"]}
    return [r["id"] for r in rows if r["label"] != "scope" and r["id"].rpartition("#")[0] not in known]


def summary(current: str, wanted: str, shown: int = 10) -> str:
    """What differs between patterns.jsonl and what the wordings make, a few lines of each side."""
    diff = [d for d in difflib.unified_diff(current.splitlines(), wanted.splitlines(), lineterm="", n=0)
            if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    gone, new = [d for d in diff if d[0] == "-"], [d for d in diff if d[0] == "+"]
    lines = [f"patterns.jsonl: {len(gone)} lines not generated, {len(new)} generated lines missing"]
    lines += gone[:shown] + (["-…"] if len(gone) > shown else [])
    lines += new[:shown] + (["+…"] if len(new) > shown else [])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when patterns.jsonl is not current")
    args = parser.parse_args(argv)
    wanted = generate()
    bad = unknown_fields([json.loads(line) for line in wanted.splitlines()])
    if bad:
        print(f"wordings.toml: no field of fields.toml for {', '.join(bad[:5])}", file=sys.stderr)
        return 2
    current = TARGET.read_text("utf-8") if TARGET.exists() else ""
    if args.check:
        if current == wanted:
            print(f"patterns.jsonl is current ({len(wanted.splitlines())} patterns)")
            return 0
        print(summary(current, wanted), file=sys.stderr)
        print("run: python scripts/build_patterns.py", file=sys.stderr)
        return 1
    if current != wanted:
        TARGET.write_text(wanted, encoding="utf-8")
    print(f"patterns.jsonl: {len(wanted.splitlines())} patterns from {SOURCE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
