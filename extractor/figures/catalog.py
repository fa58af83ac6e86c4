"""The field catalog as the binder reads it: data/fields.toml (what each field takes, where it
may bind) and the cue and scope patterns of data/patterns.jsonl (generated from
data/wordings.toml).

A pattern's id names the rule that found a figure: ``<field>#<n>`` for a cue (label ``cue``,
before its figure, or ``after``, after it), ``<key>=<value>`` (optionally ``#<n>``) for a
scope word. The engine reads the field from the part before ``#`` and where the words stand
from the label, so the numbering is the generator's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .words import patterns
from ..vocab import load

MAX_CUE_DISTANCE = 60
LABEL_POSITIONS = {"cue": "before", "after": "after"}


@dataclass(frozen=True)
class FieldRule:
    """One [[field]] of data/fields.toml, compiled."""

    id: str
    label: str
    tier: str
    kinds: tuple[str, ...]
    needs: re.Pattern | None
    needs_heading: re.Pattern | None
    avoid: re.Pattern | None
    increase: str | None
    scopes: tuple[str, ...]
    each: tuple[str, ...]
    needs_scope: str | None
    max_distance: int
    after_gap: int
    priority: int
    fuzzy: tuple[str, ...]
    dated_by_value: bool = True  # a date's own year is the year it applies to
    follows: re.Pattern | None = None  # what must come right after the figure
    unscoped_avoid: re.Pattern | None = None  # without a scope, these words before it in its item drop it


class CuePattern(NamedTuple):
    """What a cue pattern says: its field, and whether it stands before or after the figure."""

    rule: FieldRule
    position: str  # before / after


class Catalog(NamedTuple):
    rules: tuple[FieldRule, ...]
    by_id: dict[str, FieldRule]
    cues: dict[str, CuePattern]  # pattern id → field and position
    scopes: dict[str, list[str]]  # scope key → its values, in the order of the patterns
    phrases: tuple[dict, ...]  # values written without a figure ([[phrase]])


def _alternation(patterns) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _rule(f: dict) -> FieldRule:
    return FieldRule(
        id=f["id"],
        label=f["label"],
        tier=f.get("tier", "core"),
        kinds=tuple(f["kind"].split("|")),
        needs=_alternation(f.get("needs")),
        needs_heading=_alternation(f.get("needs_heading")),
        avoid=_alternation(f.get("avoid")),
        increase=f.get("increase"),
        scopes=tuple(f.get("scopes", ())),
        each=tuple(f.get("each", ())),
        needs_scope=f.get("needs_scope"),
        max_distance=f.get("max_distance", MAX_CUE_DISTANCE),
        after_gap=f.get("after_gap", 8),
        priority=f.get("priority", 0),
        fuzzy=tuple(f.get("fuzzy", ())),
        dated_by_value=f.get("dated_by_value", True),
        follows=re.compile(f["follows"]) if f.get("follows") else None,
        unscoped_avoid=_alternation(f.get("unscoped_avoid")),
    )


def field_of(pattern_id: str) -> str:
    """The field (or scope key=value) a pattern id names.

    >>> field_of("subsidy.per_capita#12"), field_of("county_type=general#3"), field_of("county_type=general")
    ('subsidy.per_capita', 'county_type=general', 'county_type=general')
    """
    return pattern_id.partition("#")[0]


def plausible(field: str, unit: str, value) -> bool:
    """Whether a value lies in the plausible range of its field (or unit) of fields.toml [ranges].

    >>> plausible("subsidy.per_capita", "元", 640), plausible("subsidy.per_capita", "元", 30.5)
    (True, False)
    >>> plausible("inpatient.reimbursement_ratio", "%", 170), plausible("enrollment.payment_period", "date", "2024-09")
    (False, True)
    """
    if not isinstance(value, (int, float)):
        return True
    found = bounds(field, unit)
    return not found or found[0] <= value <= found[1]


def ranged(rule: FieldRule, q) -> bool:
    """Whether a figure bound to ``rule`` could fall outside a plausible range at all (a number,
    and a range for the field, its increase, its fields together or its unit)."""
    if not isinstance(q.value, (int, float)):
        return False
    ranges = _ranges()
    return q.unit in ranges or rule.id in ranges or rule.increase in ranges or any(f in ranges for f in rule.each)


def bounds(field: str, unit: str):
    """The plausible range of a field (or of its unit), or None.

    >>> bounds("contribution.individual", "元"), bounds("inpatient.reimbursement_ratio", "%")
    ([0, 5000], [0, 100])
    """
    ranges = _ranges()
    return ranges.get(field) or ranges.get(unit)


@lru_cache(maxsize=1)
def _ranges() -> dict:
    return load("fields").get("ranges", {})


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The catalog, read once a process; immutable in use, so threads share it."""
    data = load("fields")
    rules = tuple(_rule(f) for f in data["field"])
    by_id = {r.id: r for r in rules}
    cues: dict[str, CuePattern] = {}
    scopes: dict[str, list[str]] = {}
    for pattern in patterns():
        pattern_id, label = pattern["id"], pattern["label"]
        if label == "scope":
            key, _, value = field_of(pattern_id).partition("=")
            if value not in scopes.setdefault(key, []):
                scopes[key].append(value)
            continue
        field = field_of(pattern_id)
        if field not in by_id or label not in LABEL_POSITIONS:
            raise ValueError(f"patterns.jsonl: pattern id {pattern_id!r} ({label}) names no field of fields.toml")
        cues[pattern_id] = CuePattern(by_id[field], LABEL_POSITIONS[label])
    return Catalog(rules, by_id, cues, scopes, tuple(data.get("phrase", ())))
