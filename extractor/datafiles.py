"""The data files of the engine, typed and checked when they load.

fields.toml, patterns.jsonl, reading.toml and scopes.toml are edited by hand; a misspelt key
(``need`` for ``needs``) or a pattern that names no field would load silently and give false
figures much later. So each file has a pydantic model that forbids unknown keys, and the files
are checked against each other: a pattern names a field of fields.toml, a scope word a key and
value of scopes.toml, a field's scopes keys of scopes.toml. A problem is a ``DataFileError``
of one line: the file, the entry, what is wrong.

>>> fields_file().by_id()["subsidy.central"].scopes
('county_type', 'insured_group')
>>> text = data_text("fields.toml").replace("needs = ['门诊']", "need = ['门诊']", 1)
>>> validate_fields_text(text)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
extractor.datafiles.DataFileError: fields.toml: field 'outpatient.annual_cap': unknown key 'need' (allowed: after_gap, avoid, ...)

Each file is read and checked once a process (``fields_file()``, ``patterns_file()``,
``reading_file()``, ``scopes_file()``); ``vocab.load`` hands out the plain dicts after that.
"""

from __future__ import annotations

import json
import re
import string
import tomllib
import types
import typing
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    AfterValidator, BaseModel, ConfigDict, Field, RootModel, StrictFloat, StrictInt, StringConstraints, model_validator,
)
from pydantic import ValidationError

from .vocab import data_text


class DataFileError(ValueError):
    """A data file the engine cannot trust, said in one line.

    >>> str(DataFileError("fields.toml", "unknown key 'need'", "field 'a'"))
    "fields.toml: field 'a': unknown key 'need'"
    """

    def __init__(self, file: str, reason: str, entry: str | None = None):
        self.file, self.entry = file, entry
        # Messages of tomllib, json or re may span lines; a report is one line per problem.
        self.reason = " ".join(str(reason).split())
        super().__init__(": ".join(part for part in (file, entry, self.reason) if part))

    def __reduce__(self):
        return type(self), (self.file, self.reason, self.entry)


class Model(BaseModel):
    # Unknown keys are errors: a misspelt key would otherwise be ignored without a word.
    model_config = ConfigDict(extra="forbid", frozen=True)


def _compiles(pattern: str) -> str:
    """A regular expression that compiles, else a ValueError saying why.

    >>> _compiles("门诊(")
    Traceback (most recent call last):
    ...
    ValueError: invalid regex '门诊(': missing ), unterminated subpattern at position 2
    """
    try:
        re.compile(pattern)
    except re.error as e:
        raise ValueError(f"invalid regex {pattern!r}: {e}") from None
    return pattern


Regex = Annotated[str, AfterValidator(_compiles)]
Text = Annotated[str, StringConstraints(min_length=1)]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]  # a scope key or value
Number = StrictInt | StrictFloat
Count = Annotated[StrictInt, Field(ge=0)]

# --- fields.toml --------------------------------------------------------------------------

KINDS = ("money", "percent", "points", "date", "month_range", "date_range", "duration", "count")
# The units quantities.py gives a figure; [ranges] is keyed by field id or by one of these.
UNITS = ("元", "%", "百分点", "月", "天", "年", "个", "date")
Qualifier = Literal["达到", "不低于", "不超过", "左右", "以上", "提高到", "前", "起", "全额"]  # FIELDS.md
Tier = Literal["core", "extended"]


def _kinds(kind: str) -> str:
    """``money`` or several kinds joined by ``|``, each one of KINDS.

    >>> _kinds("percent|money")
    'percent|money'
    >>> _kinds("mony")
    Traceback (most recent call last):
    ...
    ValueError: kind 'mony' is none of money, percent, points, date, month_range, date_range, duration, count
    """
    for part in kind.split("|"):
        if part not in KINDS:
            raise ValueError(f"kind {part!r} is none of {', '.join(KINDS)}")
    return kind


class CatalogField(Model):
    """One [[field]]: what it takes and where it may bind (the keys are explained in fields.toml)."""

    id: Text
    label: Text
    tier: Tier = "core"
    kind: Annotated[str, AfterValidator(_kinds)]
    needs: tuple[Regex, ...] = ()
    needs_heading: tuple[Regex, ...] = ()
    avoid: tuple[Regex, ...] = ()
    increase: str | None = None
    each: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()
    needs_scope: str | None = None
    max_distance: Count | None = None
    after_gap: Count | None = None
    priority: StrictInt = 0
    fuzzy: tuple[Text, ...] = ()
    dated_by_value: bool = True
    follows: Regex | None = None
    unscoped_avoid: tuple[Regex, ...] = ()


class Phrase(Model):
    """One [[phrase]]: a value written without a figure (不设起付标准 → 0 元)."""

    field: str
    pattern: Regex
    value: Number
    unit: Literal[UNITS]  # type: ignore[valid-type]
    tier: Tier | None = None


class _Check(Model):
    id: Text
    message: Text
    # The keys that name fields, and the placeholders checks.py fills in the message.
    FIELD_KEYS: ClassVar[tuple[str, ...]] = ()
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset()

    def named_fields(self) -> list[tuple[str, str]]:
        """(key, field id) of every field the check names."""
        out = []
        for key in self.FIELD_KEYS:
            value = getattr(self, key)
            out += [(key, v) for v in (value if isinstance(value, tuple) else (value,))]
        return out


class SumCheck(_Check):
    kind: Literal["sum"]
    parts: tuple[str, ...]
    total: str
    min_parts: Count = 2
    FIELD_KEYS = ("parts", "total")
    PLACEHOLDERS = frozenset({"sum", "total"})


class ShareCheck(_Check):
    kind: Literal["share"]
    share: str
    amount: str
    total: str
    FIELD_KEYS = ("share", "amount", "total")
    PLACEHOLDERS = frozenset({"share", "total", "expected", "amount"})


class IncreaseCheck(_Check):
    kind: Literal["increase"]
    field: str
    increase: str
    FIELD_KEYS = ("field", "increase")
    PLACEHOLDERS = frozenset({"previous", "increase", "expected", "value"})


class YearCheck(_Check):
    kind: Literal["year"]
    fields: tuple[str, ...]
    FIELD_KEYS = ("fields",)
    PLACEHOLDERS = frozenset({"value", "year"})


Check = Annotated[Union[SumCheck, ShareCheck, IncreaseCheck, YearCheck], Field(discriminator="kind")]


class Qualifiers(Model):
    """[qualifiers]: the words around a figure → the qualifiers of FIELDS.md, and their operators."""

    before: dict[str, Qualifier]
    adjacent: tuple[str, ...] = ()
    after: dict[str, Qualifier]
    bounds: tuple[Qualifier, ...] = ()
    in_name: dict[str, Qualifier] = {}
    cap_names: tuple[str, ...] = ()
    operators: dict[Qualifier, Literal["=", ">=", "<=", "~"]]


class Breaks(Model):
    """[breaks]: the marks that end sentences, clauses, items and lines."""

    sentence: Text
    clause: Text
    item: Text
    colon: Text
    line_terminal: Text


class Lists(Model):
    """[lists]: what joins listed items, and the words that pair or share them."""

    joints: tuple[Text, ...]
    respectively: tuple[Text, ...]
    each: tuple[Text, ...]
    modifier: int = 0
    each_before: Regex = ""
    anaphora: Regex | None = None
    all_of: Regex | None = None
    scopes_after: tuple[Name, ...] = ()
    ordinal_scopes: dict[Name, Annotated[str, AfterValidator(_compiles)]] = {}
    kin_scopes: tuple[tuple[Name, ...], ...] = ()


class Headings(Model):
    """[headings]: the numerals of heading markers."""

    chinese_numerals: Text
    circled: Text


class Change(Model):
    """[change]: verbs of change, the particles that make them set a value, and their company."""

    raise_: tuple[Text, ...] = Field(alias="raise")
    to_only: tuple[Text, ...]
    lower: tuple[Text, ...]
    adjust: tuple[Text, ...]
    to: tuple[Text, ...]
    reach: tuple[Text, ...]
    not_increase_after: tuple[Text, ...]
    per_head: tuple[Text, ...]
    previous_lead: tuple[Text, ...]


class GrammarQualifiers(Qualifiers):
    """[qualifiers] of grammar.toml: as Qualifiers, with the qualifier a raising verb gives."""

    raised_to: Qualifier


class Spelling(Model):
    """[spelling]: words spelt two ways, read as one (each pair of the same length)."""

    same: dict[Text, Text] = {}
    not_after: str = ""

    @model_validator(mode="after")
    def _same_length(self):
        for a, b in self.same.items():
            if len(a) != len(b):
                raise ValueError(f"{a!r} and {b!r} differ in length: offsets would shift")
        return self


class GrammarFile(Model):
    """data/grammar.toml: the grammar every stage shares."""

    breaks: Breaks
    spelling: Spelling = Spelling()
    lists: Lists
    headings: Headings
    change: Change
    qualifiers: GrammarQualifiers


class Words(Model):
    """[words]: the regular expressions the binder reads years with."""

    year_lead: Regex
    year_reference: Regex
    year_basis: Regex | None = None


class Shares(Model):
    """[shares]: level words → share field, and the statements that share one figure (shares.py)."""

    levels: tuple[tuple[Regex, str], ...]
    ratio: Regex
    first: Regex
    halves: Regex


class FieldsFile(Model):
    """figures/data/fields.toml."""

    words: Words
    themes: dict[str, Text]
    field: tuple[CatalogField, ...]
    phrase: tuple[Phrase, ...] = ()
    check: tuple[Check, ...] = ()
    ranges: dict[str, tuple[Number, Number]] = {}
    shares: Shares | None = None

    def by_id(self) -> dict[str, CatalogField]:
        return {f.id: f for f in self.field}


# --- patterns.jsonl -----------------------------------------------------------------------


class PatternRow(Model):
    """One line of patterns.jsonl: spaCy's span-ruler format (a phrase, or a list of token patterns)."""

    label: Literal["cue", "after", "scope"]
    id: Text
    pattern: Text | Annotated[list[dict[str, Any]], Field(min_length=1)]


class PatternsFile(Model):
    """figures/data/patterns.jsonl, its rows in file order."""

    rows: tuple[PatternRow, ...]


# --- reading.toml -------------------------------------------------------------------------

PageField = Literal["title", "publish_date", "issue_date", "issuers", "doc_number"]


class Layout(Model):
    doc_types: tuple[Text, ...]
    header_word: Text
    closing_cues: tuple[Text, ...]
    page_number_patterns: tuple[Regex, ...]
    addressee_starts: tuple[Text, ...]


class Organisations(Model):
    suffixes: tuple[Text, ...]
    agencies: tuple[Text, ...]
    national: tuple[Text, ...]
    national_endings: tuple[Text, ...]
    branch_prefixes: tuple[Text, ...]
    short_forms: dict[str, Text]
    branch_agencies: dict[str, Text]
    own_region_heads: tuple[Text, ...]
    town_suffixes: tuple[Text, ...]


class Regions(Model):
    province_abbreviations: dict[str, Text]
    municipalities: tuple[Text, ...]
    self_reference: dict[str, Literal["province", "city", "county"]]
    addressee_units: dict[str, Literal["national", "province", "city", "county"]]


class Dates(Model):
    issue_cues: tuple[Text, ...]
    seal_marks: tuple[Text, ...]
    year_without_marks: Regex
    insurance_year_cue: Regex


class Html(Model):
    chrome_words: tuple[Text, ...]
    meta_fields: dict[str, PageField]
    # "" for a label that only helps spot the info bar
    info_labels: dict[str, PageField | Literal[""]]
    print_furniture_patterns: tuple[Regex, ...]


class ReadingFile(Model):
    """reading/data/reading.toml: the vocabulary of the reading stages."""

    layout: Layout
    organisations: Organisations
    regions: Regions
    dates: Dates
    html: Html


# --- topic.toml ---------------------------------------------------------------------------

Weight = Annotated[StrictInt, Field(ge=1)]


class TopicDecide(Model):
    """[decide]: the title's margin, the document's floors, how much evidence to keep (see topic.toml)."""

    title_margin: Weight
    min_score: Weight
    min_density: Annotated[float, Field(ge=0)]
    evidence: Weight


class TopicFile(Model):
    """reading/data/topic.toml: the weighted terms for resident medical insurance and against it.

    >>> topic_file().weights()["职工医保"], topic_file().weights()["居民医保"]
    (-6, 5)
    """

    decide: TopicDecide
    resident: Annotated[dict[Text, Weight], Field(min_length=1)]
    other: dict[Text, Weight] = {}

    def weights(self) -> dict[str, int]:
        """Term → signed weight: a term of [other] counts against the subject."""
        return {**self.resident, **{term: -weight for term, weight in self.other.items()}}


# --- scopes.toml --------------------------------------------------------------------------


class ScopesFile(RootModel[dict[Name, Annotated[dict[Name, Text], Field(min_length=1)]]]):
    """figures/data/scopes.toml: scope key → {value: Chinese label}. (A root model: its keys are data.)

    >>> scopes_file().values("county_type")
    {'general': '一般县', 'western': '享受西部政策的县'}
    """

    model_config = ConfigDict(frozen=True)

    def keys(self) -> list[str]:
        return list(self.root)

    def values(self, key: str) -> dict[str, str]:
        return self.root[key]


# --- pydantic's errors, said as one line --------------------------------------------------


def _strip(tp):
    """The type under Annotated, Optional and a root model's wrapper."""
    while True:
        if typing.get_origin(tp) is Annotated:
            tp = typing.get_args(tp)[0]
        elif _is_union(tp) and type(None) in typing.get_args(tp) and len(typing.get_args(tp)) == 2:
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
        elif isinstance(tp, type) and issubclass(tp, RootModel):
            tp = tp.model_fields["root"].annotation
        else:
            return tp


def _is_union(tp) -> bool:
    return typing.get_origin(tp) in (Union, types.UnionType)


def _is_model(tp) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _tagged(tp, step):
    """The member of a tagged union whose ``kind`` is ``step``, else Any (the step was a member's name)."""
    for member in typing.get_args(tp):
        kind = member.model_fields.get("kind") if _is_model(member) else None
        if kind is not None and step in typing.get_args(kind.annotation):
            return member
    return Any


def _walk(model: type[BaseModel], loc: tuple) -> tuple[tuple, type[BaseModel] | None]:
    """An error's location without pydantic's union member names, and the model that holds its last key.

    >>> _walk(FieldsFile, ("check", 0, "sum", "partz"))
    (('check', 0, 'partz'), <class 'extractor.datafiles.SumCheck'>)
    >>> _walk(PatternRow, ("pattern", "str"))
    (('pattern',), <class 'extractor.datafiles.PatternRow'>)
    """
    tp, owner, clean = model, None, []
    for step in loc:
        tp = _strip(tp)
        if step == "[key]":  # pydantic's mark of an error in a dict's key, not its value
            continue
        if _is_model(tp):
            owner, field = tp, tp.model_fields.get(step)
            tp = field.annotation if field else Any
        elif typing.get_origin(tp) in (list, tuple, dict):
            tp = typing.get_args(tp)[-1 if typing.get_origin(tp) is dict else 0]
        elif _is_union(tp):
            tp = _tagged(tp, step)
            continue
        clean.append(step)
    return tuple(clean), owner


def _path(loc: tuple) -> str:
    """``("avoid", 0)`` → ``avoid[0]``."""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _explain(errors: list[dict], model: type[BaseModel], top: str = "table") -> tuple[tuple, str]:
    """(where, what is wrong) of pydantic's errors about one file or row: ``where`` is the
    location of the entry or table the problem is in, ``what`` names the key (``top`` is what
    a key of ``model`` is called).

    >>> _explain([{"type": "extra_forbidden", "loc": ("layout", "doc_type"), "msg": "", "input": []}], ReadingFile)
    (('layout',), "unknown key 'doc_type' (allowed: addressee_starts, closing_cues, doc_types, header_word, page_number_patterns)")
    """
    # A misspelt key is also a missing one: the unknown key is what its author needs to see.
    error = min(errors, key=lambda e: e["type"] != "extra_forbidden")
    loc, owner = _walk(model, tuple(error["loc"]))
    kind = error["type"]
    if kind == "union_tag_not_found":  # the key that says which model applies is missing
        kind, loc = "missing", loc + (error["ctx"]["discriminator"].strip("'"),)
    key, noun = (loc[-1] if loc else None), (top if len(loc) == 1 else "key")
    if kind == "extra_forbidden":
        allowed = ", ".join(sorted(owner.model_fields)) if owner else ""
        return loc[:-1], f"unknown {noun} {key!r} (allowed: {allowed})"
    if kind == "missing":
        return loc[:-1], (f"missing item {key}" if isinstance(key, int) else f"missing {noun} {key!r}")
    if kind == "union_tag_invalid":
        ctx = error["ctx"]
        name, allowed = ctx["discriminator"].strip("'"), ctx["expected_tags"].replace("'", "")
        return loc, f"unknown {name} {ctx['tag']!r} (allowed: {allowed})"
    # A value that fits no member of a union: every member's complaint, once each.
    same = [e for e in errors if _walk(model, tuple(e["loc"]))[0] == loc]
    message = "; ".join(dict.fromkeys(e["msg"].removeprefix("Value error, ") for e in same))
    if kind != "value_error":
        message += f" (got {_short(error['input'])})"
    return loc, message


def _entry(raw: dict, where: tuple) -> tuple[str | None, tuple]:
    """The entry a location is in, named for whoever edits the file, and the path inside it.

    >>> _entry({"field": [{"id": "a"}]}, ("field", 0, "avoid", 1)), _entry({}, ("words", "increase"))
    (("field 'a'", ('avoid', 1)), ('[words]', ('increase',)))
    """
    if not where:
        return None, ()
    table, items = where[0], raw.get(where[0])
    if len(where) >= 2 and isinstance(where[1], int) and isinstance(items, list):
        item = items[where[1]] if where[1] < len(items) else None
        name = item.get("id") if isinstance(item, dict) else None
        return (f"{table} {name!r}" if isinstance(name, str) else f"{table} #{where[1] + 1}"), where[2:]
    return f"[{table}]", where[1:]


def _validated(file: str, model: type[BaseModel], raw: dict):
    """``model`` of ``raw``, or the DataFileError of pydantic's first complaint."""
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        where, what = _explain(e.errors(), model)
        entry, path = _entry(raw, where)
        raise DataFileError(file, f"{_path(path)}: {what}" if path else what, entry) from None


def _toml(file: str, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise DataFileError(file, f"not TOML: {e}") from None


# --- the checks across entries and files -------------------------------------------------


def _placeholders(message: str) -> set[str]:
    """``"{sum} 与 {total}"`` → {"sum", "total"}; a brace that opens nothing is a ValueError."""
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def _check_fields(doc: FieldsFile, scopes: ScopesFile) -> None:
    """What one model cannot see: names of fields and scope keys that must exist."""
    file = "fields.toml"
    ids = [f.id for f in doc.field]
    for f in doc.field:
        entry = f"field {f.id!r}"
        if ids.count(f.id) > 1:
            raise DataFileError(file, "defined twice", entry)
        for key in f.scopes:
            if key not in scopes.root:
                raise DataFileError(file, f"scope key {key!r} is not in scopes.toml", entry)
        if f.needs_scope is not None and f.needs_scope not in f.scopes:
            raise DataFileError(file, f"needs_scope {f.needs_scope!r} is not among its scopes "
                                      f"({', '.join(f.scopes) or 'none'})", entry)
        named = ([("increase", f.increase)] if f.increase is not None else []) + [("each", e) for e in f.each]
        for key, name in named:
            if name not in ids:
                raise DataFileError(file, f"{key} {name!r} names no field", entry)
    for n, phrase in enumerate(doc.phrase, 1):
        if phrase.field not in ids:
            raise DataFileError(file, f"field {phrase.field!r} names no field", f"phrase #{n}")
    check_ids = [c.id for c in doc.check]
    for check in doc.check:
        entry = f"check {check.id!r}"
        if check_ids.count(check.id) > 1:
            raise DataFileError(file, "defined twice", entry)
        for key, name in check.named_fields():
            if name not in ids:
                raise DataFileError(file, f"{key} {name!r} names no field", entry)
        try:
            unknown = _placeholders(check.message) - check.PLACEHOLDERS
        except ValueError as e:
            raise DataFileError(file, f"message: {e}", entry) from None
        if unknown:
            raise DataFileError(file, f"message names {', '.join(sorted(unknown))}; a {check.kind} check fills in "
                                      f"{', '.join(sorted(check.PLACEHOLDERS))}", entry)
    for key, (low, high) in doc.ranges.items():
        if key not in ids and key not in UNITS:
            raise DataFileError(file, f"{key!r} names no field and no unit ({', '.join(UNITS)})", "[ranges]")
        if low > high:
            raise DataFileError(file, f"{key!r}: {low} is above {high}", "[ranges]")
    for words, name in doc.shares.levels if doc.shares else ():
        if name not in ids:
            raise DataFileError(file, f"level {words!r} names no field: {name!r}", "[shares]")
    for prefix in doc.themes:
        if not any(i == prefix or i.startswith(prefix + ".") for i in ids):
            raise DataFileError(file, f"{prefix!r} is the prefix of no field id", "[themes]")


# A cue or after id: <field>#<n>, or as written until now <field>#before<n> / <field>#after<n>.
_CUE_ID = re.compile(r"(?P<field>[^#=]+)#(?P<word>[a-z]+)?(?P<n>\d+)")
_SCOPE_ID = re.compile(r"(?P<key>[^#=]+)=(?P<value>[^#=]+)(?:#\d+)?")
_WORD_LABELS = {"before": "cue", "after": "after"}


def _pattern_problem(row: PatternRow, ids: set[str], scopes: ScopesFile) -> str | None:
    """What is wrong with one pattern row across the files, or None.

    >>> row = PatternRow(label="scope", id="county_type=eastern", pattern="东部县")
    >>> _pattern_problem(row, set(), scopes_file())
    "'eastern' is not a value of county_type in scopes.toml (values: general, western)"
    """
    if row.label == "scope":
        m = _SCOPE_ID.fullmatch(row.id)
        if m is None:
            return "label 'scope' needs an id '<key>=<value>'"
        key, value = m["key"], m["value"]
        if key not in scopes.root:
            return f"scope key {key!r} is not in scopes.toml"
        if value not in scopes.root[key]:
            return f"{value!r} is not a value of {key} in scopes.toml (values: {', '.join(scopes.root[key])})"
        return None
    m = _CUE_ID.fullmatch(row.id)
    if m is None:
        return f"label {row.label!r} needs an id '<field>#<n>'"
    if m["field"] not in ids:
        return f"field {m['field']!r} is not in fields.toml"
    wanted = _WORD_LABELS.get(m["word"] or "")
    if wanted and wanted != row.label:
        return f"an id '#{m['word']}<n>' needs the label {wanted!r}"
    return None


def _pattern_row(line: int, text: str, ids: set[str], scopes: ScopesFile) -> PatternRow:
    file = f"patterns.jsonl:{line}"
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        raise DataFileError(file, f"not JSON: {e}") from None
    entry = f"pattern {raw['id']!r}" if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
    try:
        row = PatternRow.model_validate(raw)
    except ValidationError as e:
        where, what = _explain(e.errors(), PatternRow, top="key")
        raise DataFileError(file, f"{_path(where)}: {what}" if where else what, entry) from None
    problem = _pattern_problem(row, ids, scopes)
    if problem:
        raise DataFileError(file, problem, entry)
    return row


# --- validating a text (tests, editors) and the package's files (once a process) ----------


def validate_scopes_text(text: str) -> ScopesFile:
    """The scope vocabulary of a scopes.toml text.

    >>> validate_scopes_text('[county_type]\\ngeneral = "一般县"').keys()
    ['county_type']
    >>> validate_scopes_text('[county_type]\\nGeneral = "一般县"')
    Traceback (most recent call last):
    ...
    extractor.datafiles.DataFileError: scopes.toml: [county_type]: General: String should match pattern '^[a-z][a-z0-9_]*$' (got 'General')
    """
    return _validated("scopes.toml", ScopesFile, _toml("scopes.toml", text))


def validate_fields_text(text: str, scopes: ScopesFile | None = None) -> FieldsFile:
    """The field catalog of a fields.toml text, checked against the scope vocabulary
    (the package's scopes.toml unless given)."""
    doc = _validated("fields.toml", FieldsFile, _toml("fields.toml", text))
    _check_fields(doc, scopes if scopes is not None else scopes_file())
    return doc


def validate_patterns_text(text: str, fields: FieldsFile | None = None, scopes: ScopesFile | None = None) -> PatternsFile:
    """The rows of a patterns.jsonl text, checked against the field catalog and the scope
    vocabulary (the package's unless given).

    >>> validate_patterns_text('{"label": "cue", "id": "no.such#0", "pattern": "某某"}')
    Traceback (most recent call last):
    ...
    extractor.datafiles.DataFileError: patterns.jsonl:1: pattern 'no.such#0': field 'no.such' is not in fields.toml
    """
    ids = {f.id for f in (fields if fields is not None else fields_file()).field}
    scopes = scopes if scopes is not None else scopes_file()
    rows = [_pattern_row(n, line, ids, scopes) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    return PatternsFile(rows=rows)


def validate_reading_text(text: str) -> ReadingFile:
    """The vocabulary of a reading.toml text."""
    return _validated("reading.toml", ReadingFile, _toml("reading.toml", text))


@lru_cache(maxsize=None)
def parsed(name: str) -> dict:
    """A TOML data file of the package as tomllib reads it (not yet checked)."""
    return _toml(f"{name}.toml", data_text(f"{name}.toml"))


@lru_cache(maxsize=1)
def scopes_file() -> ScopesFile:
    return _validated("scopes.toml", ScopesFile, parsed("scopes"))


@lru_cache(maxsize=1)
def fields_file() -> FieldsFile:
    doc = _validated("fields.toml", FieldsFile, parsed("fields"))
    _check_fields(doc, scopes_file())
    return doc


@lru_cache(maxsize=1)
def patterns_file() -> PatternsFile:
    return validate_patterns_text(data_text("patterns.jsonl"))


@lru_cache(maxsize=1)
def reading_file() -> ReadingFile:
    return _validated("reading.toml", ReadingFile, parsed("reading"))


def validate_topic_text(text: str) -> TopicFile:
    """The vocabulary of a topic.toml text; a term may not stand both for and against.

    >>> validate_topic_text('''[decide]
    ... title_margin = 3
    ... min_score = 6
    ... min_density = 4.0
    ... evidence = 5
    ... [resident]
    ... "医保" = 2
    ... [other]
    ... "医保" = 1''')
    Traceback (most recent call last):
    ...
    extractor.datafiles.DataFileError: topic.toml: [other]: '医保' is also a term of [resident]
    """
    doc = _validated("topic.toml", TopicFile, _toml("topic.toml", text))
    for term in doc.other:
        if term in doc.resident:
            raise DataFileError("topic.toml", f"{term!r} is also a term of [resident]", "[other]")
    return doc


@lru_cache(maxsize=1)
def topic_file() -> TopicFile:
    return validate_topic_text(data_text("topic.toml"))


def validate_grammar_text(text: str) -> GrammarFile:
    """The grammar of a grammar.toml text: its tables, and every adjacent qualifier a before-word."""
    doc = _validated("grammar.toml", GrammarFile, _toml("grammar.toml", text))
    for word in doc.qualifiers.adjacent:
        if word not in doc.qualifiers.before:
            raise DataFileError("grammar.toml", f"adjacent {word!r} is not a word of before", "[qualifiers]")
    return doc


@lru_cache(maxsize=1)
def grammar_file() -> GrammarFile:
    return validate_grammar_text(data_text("grammar.toml"))


CHECKED = {"fields": fields_file, "reading": reading_file, "scopes": scopes_file, "grammar": grammar_file}


def checked(name: str) -> dict:
    """The plain dict of a TOML data file, after its model has accepted it (``vocab.load``).

    >>> checked("scopes")["delivery"]
    {'natural': '自然分娩', 'cesarean': '剖宫产'}
    """
    CHECKED[name]()
    return parsed(name)


def validate_all() -> dict[str, BaseModel]:
    """Every data file, read and checked: run it after editing one.

    >>> sorted(validate_all())
    ['fields', 'grammar', 'patterns', 'reading', 'scopes', 'topic']
    """
    return {"scopes": scopes_file(), "fields": fields_file(), "patterns": patterns_file(), "reading": reading_file(),
            "grammar": grammar_file(), "topic": topic_file()}
