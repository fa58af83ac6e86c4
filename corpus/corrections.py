"""Corrections by hand: what each one is, how a notice's corrections combine, what they may say.

No database here: the store (corpus.store) keeps the rows and calls these functions.

A correction names its target by identity.  A parameter the extractor found has the id of its
row in the store (``"311"``), kept through re-extraction as long as the parameter is found again
(:func:`pair`); one a person added has the id ``"a<correction id>"`` (``"a4"``).  Metadata
corrections name the document (its position in the file) and the keys they change.

Corrections are never edited or deleted: an undo is a correction of its own, and the state a
reader sees is the corrections replayed in order (:func:`fold`), so two people correcting one
notice at once both keep what they did.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field as dataclass_field
from datetime import date
from functools import lru_cache

# What a correction of a parameter may change; ``operator`` follows ``qualifier``.
EDITABLE = ("value", "unit", "scope", "year", "qualifier")
# What a metadata correction may change (FIELDS.md "Document metadata").
META_KEYS = ("province", "city", "county", "level", "policy_year", "doc_number", "title", "issue_date")
LEVELS = ("national", "province", "city", "county")

# Actions, as stored (past tense: what happened).
PARAMETER_ACTIONS = ("corrected", "rejected", "accepted", "added")
NOTICE_ACTIONS = ("metadata", "copy_of", "excluded", "included", "undone")


class CorrectionError(ValueError):
    """A correction that names nothing stored, or says something the catalog does not allow."""


@dataclass(frozen=True)
class Correction:
    """One row of the corrections table."""

    id: int
    notice_id: int
    action: str
    document: int | None = None
    target: str | None = None  # parameter id, or the corrected correction's id for an undo
    field: str | None = None
    old: dict | None = None
    new: dict | None = None
    match: dict | None = None  # the parameter as it was when corrected: what re-extraction looks for
    note: str | None = None
    author: str | None = None
    created_at: str | None = None

    @classmethod
    def from_row(cls, row: dict) -> "Correction":
        def parsed(name):
            return None if row.get(name) is None else json.loads(row[name])

        created = row.get("created_at")
        return cls(
            id=row["id"], notice_id=row["notice_id"], action=row["action"], document=row.get("document"),
            target=row.get("target"), field=row.get("field"), old=parsed("old"), new=parsed("new"),
            match=parsed("match"), note=row.get("note"), author=row.get("author"),
            created_at=created.isoformat(timespec="seconds") if hasattr(created, "isoformat") else created,
        )

    @property
    def added_id(self) -> str:
        """The id of the parameter an ``added`` correction made."""
        return f"a{self.id}"

    def summary(self) -> str:
        """One line: what the correction did.

        >>> Correction(3, 1, "corrected", 0, "311", "subsidy.per_capita", {"value": 640}, {"value": 650}).summary()
        'corrected #311 subsidy.per_capita: value 640 → 650'
        >>> Correction(4, 1, "added", 0, None, "financing.total", None, {"value": 1020, "unit": "元", "scope": {}}).summary()
        'added #a4 financing.total [] = 1020 元'
        >>> Correction(5, 1, "undone", None, "4").summary()
        'undone correction 4'
        """
        if self.action == "corrected":
            changes = ", ".join(f"{k} {shown((self.old or {}).get(k))} → {shown(v)}" for k, v in (self.new or {}).items())
            return f"corrected #{self.target} {self.field}: {changes}"
        if self.action in ("rejected", "accepted"):
            return f"{self.action} #{self.target} {self.field}"
        if self.action == "added":
            new = self.new or {}
            scope = scope_text(new.get("scope") or {})
            return (f"added #{self.added_id} {self.field} [{scope}] = "
                    f"{shown(new.get('value'))} {new.get('unit') or ''}").rstrip()
        if self.action == "metadata":
            changes = ", ".join(f"{k} {shown((self.old or {}).get(k))} → {shown(v)}" for k, v in (self.new or {}).items())
            return f"metadata of document {self.document}: {changes}"
        if self.action == "copy_of":
            of = (self.new or {}).get("same_as")
            return f"copy of notice {of}" if of else "not a copy of another notice"
        if self.action == "excluded":
            return "excluded from comparisons and exports"
        if self.action == "included":
            return "included again"
        if self.action == "undone":
            return f"undone correction {self.target}"
        return self.action


def shown(value) -> str:
    """A value in a message: none as —, a scope in brackets as everywhere else.

    >>> shown(None), shown(650), shown({"insured_group": "minors"}), shown({}), shown([9, 12])
    ('—', '650', '[insured_group=minors]', '[]', '[9, 12]')
    """
    if value is None:
        return "—"
    if isinstance(value, dict):
        return f"[{scope_text(value)}]"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else str(value)


def scope_text(scope: dict) -> str:
    """
    >>> scope_text({"population": "dibao", "insured_group": "minors"})
    'insured_group=minors;population=dibao'
    """
    return ";".join(f"{k}={v}" for k, v in sorted(scope.items()))


def scope_from_text(text: str) -> dict:
    """A scope as typed by a person: 'county_type=general,insured_group=minors'.

    >>> scope_from_text("county_type=general, insured_group=minors")
    {'county_type': 'general', 'insured_group': 'minors'}
    >>> scope_from_text("insured_group")
    Traceback (most recent call last):
    ...
    corpus.corrections.CorrectionError: scope insured_group: write it as key=value, e.g. insured_group=minors
    """
    scope = {}
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        if "=" not in part:
            raise CorrectionError(f"scope {part}: write it as key=value, e.g. insured_group=minors")
        key, value = (x.strip() for x in part.split("=", 1))
        if not key or not value:
            raise CorrectionError(f"scope {part}: write it as key=value, e.g. insured_group=minors")
        if key in scope:
            raise CorrectionError(f"scope {text}: {key} is given twice; a parameter has one value of each scope key")
        scope[key] = value
    return scope


# --- combining a notice's corrections ---------------------------------------------------------


@dataclass
class Folded:
    """A notice's corrections replayed in order over its extracted parameters' ids."""

    changes: dict[str, dict] = dataclass_field(default_factory=dict)  # parameter id → attributes as corrected
    rejected: dict[str, Correction] = dataclass_field(default_factory=dict)
    accepted: set[str] = dataclass_field(default_factory=set)
    added: dict[str, Correction] = dataclass_field(default_factory=dict)  # "a4" → the addition
    shaped_by: dict[str, list[int]] = dataclass_field(default_factory=dict)  # parameter id → its corrections' ids
    notes: dict[str, str] = dataclass_field(default_factory=dict)  # parameter id → the latest note
    orphaned: list[Correction] = dataclass_field(default_factory=list)
    meta: dict[int, dict] = dataclass_field(default_factory=dict)  # document position → keys as corrected
    copy_of: tuple[bool, int | None] = (False, None)  # (said by hand, the notice it copies or None)
    excluded: Correction | None = None
    undone: set[int] = dataclass_field(default_factory=set)


def undone_ids(corrections: list[Correction]) -> set[int]:
    """Ids of the corrections an undo that stands has taken back (an undo can itself be undone).

    >>> c = [Correction(1, 1, "rejected", 0, "7"), Correction(2, 1, "undone", None, "1"), Correction(3, 1, "undone", None, "2")]
    >>> undone_ids(c), undone_ids(c[:2])
    ({2}, {1})
    """
    undone: set[int] = set()
    # An undo names an earlier correction: deciding from the last backwards settles every chain.
    for c in sorted(corrections, key=lambda c: -c.id):
        if c.id not in undone and c.action == "undone":
            undone.add(int(c.target))
    return undone


def fold(corrections: list[Correction], extracted: set[str]) -> Folded:
    """Replay ``corrections`` (a notice's, any order) over the ids of its extracted parameters.

    >>> c = [Correction(1, 1, "corrected", 0, "7", "f", {"value": 80}, {"value": 70}),
    ...      Correction(2, 1, "added", 0, None, "g", None, {"value": 5, "unit": "元"}),
    ...      Correction(3, 1, "rejected", 0, "9", "f"), Correction(4, 1, "rejected", 0, "a2", "g"),
    ...      Correction(5, 1, "undone", None, "4")]
    >>> f = fold(c, {"7", "8"})
    >>> f.changes, sorted(f.added), [o.id for o in f.orphaned], f.undone
    ({'7': {'value': 70}}, ['a2'], [3], {4})
    """
    out = Folded(undone=undone_ids(corrections))
    for c in sorted(corrections, key=lambda c: c.id):
        if c.id in out.undone or c.action == "undone":
            continue
        if c.action == "added":
            out.added[c.added_id] = c
            out.shaped_by.setdefault(c.added_id, []).append(c.id)
            if c.note:
                out.notes[c.added_id] = c.note
        elif c.action in ("corrected", "rejected", "accepted"):
            target = c.target or ""
            if (target not in extracted and target not in out.added) or target in out.rejected:
                out.orphaned.append(c)
                continue
            out.shaped_by.setdefault(target, []).append(c.id)
            if c.note:
                out.notes[target] = c.note
            if c.action == "corrected":
                out.changes.setdefault(target, {}).update(c.new or {})
            elif c.action == "rejected":
                out.rejected[target] = c
            else:
                out.accepted.add(target)
        elif c.action == "metadata":
            out.meta.setdefault(c.document or 0, {}).update(c.new or {})
        elif c.action == "copy_of":
            out.copy_of = (True, (c.new or {}).get("same_as"))
        elif c.action == "excluded":
            out.excluded = c
        elif c.action == "included":
            out.excluded = None
    return out


def undo_of(corrections: list[Correction], correction_id: int) -> Correction | None:
    """The standing undo that took back correction ``correction_id``, if one did.

    >>> c = [Correction(1, 1, "added", 0), Correction(2, 1, "undone", None, "1")]
    >>> undo_of(c, 1).id, undo_of(c[:1], 1)
    (2, None)
    """
    undone = undone_ids(corrections)
    return next((c for c in corrections if c.action == "undone" and c.target == str(correction_id)
                 and c.id not in undone), None)


def orphan_reason(c: Correction, corrections: list[Correction]) -> str:
    """Why a correction applies to nothing, and what a person can do.

    >>> done = [Correction(2, 1, "added", 0), Correction(4, 1, "rejected", 0, "a2", "f"), Correction(5, 1, "undone", None, "2")]
    >>> orphan_reason(done[1], done)
    'the parameter it is about was added by correction 2, which correction 5 undid: undo 5 to bring both back'
    """
    if c.target and c.target.startswith("a") and c.target[1:].isdigit():
        undo = undo_of(corrections, int(c.target[1:]))
        by = f"which correction {undo.id} undid: undo {undo.id} to bring both back" if undo else "which was undone"
        return f"the parameter it is about was added by correction {c.target[1:]}, {by}"
    if c.action == "rejected":
        return "the extractor no longer reads that figure at all; the rejection is kept in case it does again"
    was = c.match or {}
    return (f"the extractor no longer reads that figure (it was {shown(was.get('value'))} {was.get('unit') or ''} in "
            f"«{was.get('sentence') or ''}»); kept: if the figure is now read as another parameter, correct that one "
            "and undo this")


# --- what a correction may say ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _catalog():
    from extractor.figures.catalog import catalog

    return catalog()


# Units each kind of figure is written in (fields.toml ``kind``).
UNITS_OF_KIND = {
    "money": ("元",), "percent": ("%",), "points": ("百分点",), "count": ("个",), "date": ("date",),
    "month_range": ("月",), "date_range": ("date",), "duration": ("月", "天", "年"),
}


def _closest(word: str, choices) -> str:
    """' (did you mean X?)' when one of ``choices`` is close to ``word``, else ''."""
    from rapidfuzz import process

    found = process.extractOne(word, list(choices), score_cutoff=70)
    return f" (did you mean {found[0]}?)" if found else ""


def check_field(field: str):
    """The catalog's rule for ``field``; an unknown one is a one-line error naming the fields.

    >>> check_field("subsidy.per_capita").label
    '人均财政补助标准'
    >>> check_field("subsidy.percapita")
    Traceback (most recent call last):
    ...
    corpus.corrections.CorrectionError: unknown field subsidy.percapita (did you mean subsidy.per_capita?); the fields are financing.total, ...
    """
    # A cue that names two levels at once (subsidy.city+subsidy.county) is the binder's, not a field.
    rules = {k: v for k, v in _catalog().by_id.items() if "+" not in k}
    if field not in rules:
        raise CorrectionError(f"unknown field {field}{_closest(field, rules)}; the fields are {', '.join(rules)}")
    return rules[field]


def check_scope(field: str, scope: dict) -> dict:
    """A scope checked against the field's scope keys (fields.toml) and their values (scopes.toml,
    the vocabulary of FIELDS.md).

    >>> check_scope("contribution.individual", {"insured_group": "minors"})
    {'insured_group': 'minors'}
    >>> check_scope("contribution.individual", {"insured_group": "老年人"})
    Traceback (most recent call last):
    ...
    corpus.corrections.CorrectionError: insured_group=老年人 is not in the vocabulary: insured_group is one of elderly, elderly_70_plus, elderly_60_69, working_age, adults, minors, students, university_students, other
    """
    from extractor.vocab import load

    rule = check_field(field)
    vocabulary = load("scopes")
    for key, value in scope.items():
        if key not in rule.scopes:
            allowed = ", ".join(rule.scopes) or "none: it takes no scope"
            raise CorrectionError(f"scope key {key} does not apply to {field}; its scope keys are {allowed}")
        values = [v for v in vocabulary[key] if isinstance(vocabulary[key][v], str)]
        if value not in values:
            raise CorrectionError(
                f"{key}={value} is not in the vocabulary{_closest(value, values)}: {key} is one of {', '.join(values)}"
            )
    return dict(sorted(scope.items()))


def units_of(field: str) -> tuple[str, ...]:
    """
    >>> units_of("enrollment.waiting_period"), units_of("assistance.contribution_subsidy")
    (('月', '天', '年'), ('%', '元'))
    """
    return tuple(dict.fromkeys(u for kind in check_field(field).kinds for u in UNITS_OF_KIND.get(kind, ())))


def check_unit(field: str, unit: str) -> str:
    allowed = units_of(field)
    if unit not in allowed:
        raise CorrectionError(f"unit {unit} does not fit {field}: its units are {', '.join(allowed)}")
    return unit


def qualifiers() -> tuple[str, ...]:
    """The qualifiers of FIELDS.md (grammar.toml's operators)."""
    from extractor.grammar import OPERATORS

    return tuple(OPERATORS)


def check_qualifier(qualifier: str | None) -> str | None:
    if qualifier is None or qualifier in qualifiers():
        return qualifier
    raise CorrectionError(f"qualifier {qualifier} is not one of {', '.join(qualifiers())} (or none)")


_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_value(value, unit: str):
    """A value fit for its unit: a number, an ISO date for ``date``, or a [from, to] pair.

    >>> check_value(650, "元"), check_value("2023-09-15", "date"), check_value([9, 12], "月")
    (650, '2023-09-15', [9, 12])
    >>> check_value("abc", "元")
    Traceback (most recent call last):
    ...
    corpus.corrections.CorrectionError: value "abc" is not a number (unit 元)
    """
    if isinstance(value, list):
        if len(value) != 2:
            raise CorrectionError(f"a range is two values, [from, to]: {json.dumps(value, ensure_ascii=False)}")
        return [check_value(v, unit) for v in value]
    if unit == "date":
        if not isinstance(value, str) or not _ISO.match(value) or not _valid_date(value):
            raise CorrectionError(f"value {_quoted(value)} is not an ISO date (2023-09-15, 2023-09 or 2023)")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CorrectionError(f"value {_quoted(value)} is not a number (unit {unit})")
    if not _finite(value) or value < 0:
        # Amounts, ratios, periods and counts of the catalog are finite and never below zero.
        raise CorrectionError(f"value {_quoted(value)} is not a figure of {unit}: it must be finite and not negative")
    return value


def _finite(value: int | float) -> bool:
    """A number the store, the exports and JSON can hold: a whole number past a float's range
    cannot be written as a JSON number anyone reads back.

    >>> _finite(640), _finite(float("nan")), _finite(10**400)
    (True, False, False)
    """
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _quoted(value, limit: int = 40) -> str:
    """A value as typed, quoted so that an empty or odd one shows, a long one cut.

    >>> _quoted(""), _quoted("abc"), _quoted(1e400), _quoted(-5), _quoted(10**60)
    ('""', '"abc"', 'inf', '-5', '1000000000000000000000000000000000000000… (61 characters)')
    """
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    try:
        text = json.dumps(value, ensure_ascii=False)
    except ValueError:  # an int past Python's 4,300-digit limit for writing it out
        return "a number of over 4,300 digits"
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def _valid_date(text: str) -> bool:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        date(*parts[:3])
    except ValueError:
        return False
    return True


def check_year(year) -> int | None:
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int) or not 1949 <= year <= 2100:
        raise CorrectionError(f"year {_quoted(year)} is not a year (a whole number, 1949–2100)")
    return year


def check_parameter(field: str, attributes: dict) -> dict:
    """A parameter's attributes (any of EDITABLE) checked together: the value against the unit,
    the unit and scope against the field."""
    out = dict(attributes)
    if "unit" in out:
        check_unit(field, out["unit"])
    if "value" in out:
        out["value"] = check_value(out["value"], out.get("unit") or units_of(field)[0])
    if "scope" in out:
        out["scope"] = check_scope(field, out["scope"] or {})
    if "year" in out:
        out["year"] = check_year(out["year"])
    if "qualifier" in out:
        out["qualifier"] = check_qualifier(out["qualifier"])
    return out


def check_metadata(changes: dict) -> dict:
    """Metadata corrections checked and normalised; ``None`` clears a key.

    >>> check_metadata({"doc_number": "忻医保发[2023]10号", "policy_year": 2023})
    {'doc_number': '忻医保发〔2023〕10号', 'policy_year': 2023}
    >>> check_metadata({"level": "town"})
    Traceback (most recent call last):
    ...
    corpus.corrections.CorrectionError: level town is not one of national, province, city, county
    """
    from extractor.reading.docnumber import parse

    out = {}
    for key, value in changes.items():
        if key not in META_KEYS:
            raise CorrectionError(f"{key} is not a metadata key that can be corrected: {', '.join(META_KEYS)}")
        if value is None:
            out[key] = None
        elif key == "level":
            if value not in LEVELS:
                raise CorrectionError(f"level {value} is not one of {', '.join(LEVELS)}")
            out[key] = value
        elif key == "policy_year":
            out[key] = check_year(value)
        elif key == "issue_date":
            if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or not _valid_date(value):
                raise CorrectionError(f"issue date {value} is not an ISO date such as 2023-08-30")
            out[key] = value
        elif key == "doc_number":
            number = parse(str(value))
            if number is None:
                raise CorrectionError(f"文号 {value} is not a 文号 such as 忻医保发〔2023〕10号")
            out[key] = number.text
        elif key in ("province", "city", "county"):
            out[key] = _region_part(key, str(value))
        else:
            text = " ".join(str(value).split())
            if not text:
                raise CorrectionError(f"{key} is empty: give the text, or clear it")
            out[key] = text
    return out


def _region_part(key: str, name: str) -> str:
    from extractor.reading.regions import gazetteer

    regions = gazetteer().lookup(name)
    wanted = {"province": "province", "city": "city", "county": "county"}[key]
    if not any(r.level == wanted for r in regions):
        known = [n for n, rs in gazetteer().by_name.items() if any(r.level == wanted for r in rs)]
        raise CorrectionError(f"{_quoted(name)} is not a {wanted} the region list knows{_closest(name, known)}")
    return name


def check_region(province: str | None, city: str | None, county: str | None) -> None:
    """Province, city and county that belong together (as the region list has them).

    >>> check_region("山西省", "朔州市", "平鲁区")
    >>> check_region("北京市", "沈阳市", None)
    Traceback (most recent call last):
    ...
    corpus.corrections.CorrectionError: 沈阳市 is in 辽宁省, not 北京市: give the region as one name (--region 沈阳市) to set them together
    """
    from extractor.reading.regions import gazetteer

    g = gazetteer()
    if city:
        cities = [r for r in g.lookup(city) if r.level == "city"]
        if cities and province and not any(r.province == province for r in cities):
            raise CorrectionError(f"{city} is in {'、'.join(sorted({r.province for r in cities}))}, not {province}: "
                                  f"give the region as one name (--region {city}) to set them together")
    if county:
        counties = [r for r in g.lookup(county) if r.level == "county"]
        fits = [r for r in counties if (not province or r.province == province) and (not city or r.city in (city, None))]
        if counties and not fits:
            parents = sorted({"".join(x for x in (r.province, r.city) if x) for r in counties})
            named = county if len(counties) == 1 else f"{counties[0].city or counties[0].province}{county}"
            raise CorrectionError(f"{county} is in {'、'.join(parents)}, not {''.join(x for x in (province, city) if x)}: "
                                  f"give the region as one name (--region {named}) to set them together")


def region(name: str) -> dict:
    """A region written as one name (锡林郭勒盟, 福州市鼓楼区) → province, city, county and level.

    >>> region("平鲁区")
    {'province': '山西省', 'city': '朔州市', 'county': '平鲁区', 'level': 'county'}
    >>> region("北京市")
    {'province': '北京市', 'city': None, 'county': None, 'level': 'province'}
    """
    from extractor.reading.regions import gazetteer

    g = gazetteer()
    covered, found = g.chain(name)
    if covered != name or not found:
        raise CorrectionError(f"{_quoted(name)} is not a region the region list knows{_closest(name, g.by_name)}")
    if len(found) > 1:
        names = ", ".join("".join(x for x in g.parent_chain(r) if x) for r in found)
        raise CorrectionError(f"{name} names {len(found)} regions ({names}): write it with its parent")
    province, city, county = g.parent_chain(found[0])
    return {"province": province, "city": city, "county": county, "level": found[0].level}


# --- finding a parameter again --------------------------------------------------------------------


def match_key(row: dict) -> dict:
    """What identifies a stored parameter row (value and scope as JSON) when the rules change: field,
    scope, unit, year, value, sentence.

    >>> match_key({"field": "f", "scope": "{}", "unit": "date", "year": None, "value": '"2023-09"', "sentence": "s"})
    {'field': 'f', 'scope': {}, 'unit': 'date', 'year': None, 'value': '2023-09', 'sentence': 's'}
    """
    return {"field": row["field"], "scope": json.loads(row["scope"]), "unit": row["unit"], "year": row["year"],
            "value": json.loads(row["value"]), "sentence": row["sentence"]}


def match_of(parameter) -> dict:
    """The match key of an extracted parameter (extractor.models.Parameter)."""
    return {"field": parameter.field, "scope": dict(parameter.scope), "unit": parameter.unit, "year": parameter.year,
            "value": parameter.value, "sentence": parameter.sentence}


def likeness(old: dict, new: dict) -> float:
    """How surely ``new`` is ``old`` found again (match keys); 0 when it cannot be.

    The field must agree; then the sentence counts most (the same words, even lightly reworded by a
    better reader), then the value, scope, unit and year.

    >>> a = {"field": "f", "scope": {}, "unit": "元", "year": 2023, "value": 640, "sentence": "达到640元。"}
    >>> likeness(a, dict(a)), likeness(a, dict(a, value=650)), likeness(a, dict(a, sentence="别的句子"))
    (16.0, 12.0, 8.0)
    >>> likeness(a, dict(a, field="g")), likeness(a, dict(a, sentence="别的句子", value=1))
    (0.0, 0.0)
    """
    from rapidfuzz import fuzz

    if old["field"] != new["field"]:
        return 0.0
    same_sentence = old["sentence"] == new["sentence"] or (
        bool(old["sentence"]) and fuzz.ratio(old["sentence"], new["sentence"]) >= 90
    )
    same_value = _same(old["value"], new["value"])
    same_scope = (old["scope"] or {}) == (new["scope"] or {})
    if not same_sentence and not (same_value and same_scope and old["unit"] == new["unit"]):
        return 0.0
    return (8.0 * same_sentence + 4.0 * same_value + 2.0 * same_scope
            + 1.0 * (old["unit"] == new["unit"]) + 1.0 * (old["year"] == new["year"]))


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 1e-9
    return a == b


def pair(old: list[dict], new: list[dict]) -> dict[int, int]:
    """Old index → new index of the parameters found again (match keys, one document's), the
    likeliest pairs first, each used once; those left over were removed or are new.

    >>> k = lambda v, s: {"field": "f", "scope": {}, "unit": "元", "year": 2023, "value": v, "sentence": s}
    >>> pair([k(120, "甲"), k(130, "乙")], [k(130, "乙"), k(125, "甲"), k(90, "丙")])
    {1: 0, 0: 1}
    """
    scored = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            score = likeness(a, b)
            if score:
                scored.append((-score, abs(i - j), i, j))
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, _, i, j in sorted(scored):
        if i not in out and j not in used:
            out[i] = j
            used.add(j)
    return out
