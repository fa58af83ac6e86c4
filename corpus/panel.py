"""A panel of one field and scope: regions × the years its figures apply to (as KFF State Health Facts
or OxCGRT lay out a measure), built from the store as corrected, with no Streamlit in it.

- rows are regions (province, city, county as corrected; 全国 for a national notice), columns the
  years the figures APPLY to: a parameter's ``year``, else its document's policy year, so that a 2023
  notice setting the 2024 contribution fills the 2024 column;
- a cell holds every figure of its region and year, the later notice's first (policy year, then
  issue date, then the order of ingestion), each with its operator (不低于640元 is ``≥640 元``), unit,
  notice, parameter id and sentence: two notices of a region for one year are both kept, never one
  dropped silently;
- a second file of a notice (``same_as``) is counted once, notices a person excluded and documents
  whose topic is another matter (corpus.compare.off_topic) are left out;
- an empty cell says why: the region has a notice of that policy year that gives no such figure, or
  no notice at all (coverage).

    figures, docs = panel_rows(store, "contribution.individual")
    panel = build_panel(figures, docs, "contribution.individual", "insured_group=minors").ranked(2024)
    panel.records()     # one dict per figure shown, in the order shown: the CSV, XLSX and JSON downloads
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field as dataclass_field, replace
from typing import Iterable, Mapping

from extractor.reading.regions import region_name
from extractor.reading.topic import OTHER

SIGNS = {"=": "", ">=": "≥", "<=": "≤", "~": "~"}
OPERATOR_NAMES = {"=": "确切 exact", ">=": "不低于 floor (≥)", "<=": "不超过 ceiling (≤)", "~": "约 about (~)"}
LEVEL_NAMES = {"national": "全国 national", "province": "省级 province", "city": "市级 city", "county": "县级 county"}
NATIONAL = "全国"
UNKNOWN_REGION = "(地区不明 unknown region)"
GENERAL = "(无 general)"
GENERAL_TOKEN = "general"

# Where a region has no notice of a year, and where it has one that gives no such figure.
NO_NOTICE, NO_FIGURE, FIGURE = "no notice", "no figure", "figure"


def is_number(value) -> bool:
    """
    >>> is_number(640), is_number(13.5), is_number(True), is_number("2023-09-15"), is_number([9, 12])
    (True, True, False, False, False)
    """
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number(value):
    """A figure as the number it is: whole numbers as int.

    >>> number(640.0), number(13.5), number(380)
    (640, 13.5, 380)
    """
    return int(value) if isinstance(value, float) and value.is_integer() else value


def number_text(value) -> str:
    """
    >>> number_text(640.0), number_text(13.5), number_text(15000), number_text(0.125)
    ('640', '13.5', '15000', '0.125')
    """
    value = number(value)
    return str(value) if isinstance(value, int) else format(value, ".10g")


def figure_text(value, unit: str | None, operator: str | None) -> str:
    """A figure as a cell shows it: the operator's sign, the number, the unit.

    >>> figure_text(640, "元", ">="), figure_text(380.0, "元", "="), figure_text(90, "%", "~")
    ('≥640 元', '380 元', '~90 %')
    """
    return SIGNS.get(operator or "=", operator or "") + number_text(value) + (f" {unit}" if unit else "")


def notice_link(notice: int, document: int, parameter: str | None = None) -> str:
    """The Notice page of a document, with the parameter it should show.

    >>> notice_link(5, 1, "174"), notice_link(5, 0)
    ('/notice?id=5.1&p=174', '/notice?id=5.0')
    """
    return f"/notice?id={notice}.{document}" + (f"&p={parameter}" if parameter else "")


def scope_token(scope_key: str) -> str:
    """A scope as the URL names it: the empty scope is ``general`` (scope keys always hold a ``=``).

    >>> scope_token(""), scope_token("insured_group=minors")
    ('general', 'insured_group=minors')
    """
    return scope_key or GENERAL_TOKEN


def scope_key_of(token: str) -> str:
    """
    >>> scope_key_of("general"), scope_key_of("insured_group=minors")
    ('', 'insured_group=minors')
    """
    return "" if token == GENERAL_TOKEN else token


def scope_label(scope_key: str) -> str:
    """A scope key in the Chinese words of scopes.toml, several joined by ·; the empty scope is general.

    >>> scope_label("insured_group=minors"), scope_label("county_type=western"), scope_label(""), scope_label("general")
    ('学生儿童', '享受西部政策的县', '(无 general)', '(无 general)')
    >>> scope_label("insured_group=minors;population=dibao"), scope_label("insured_group=martians")
    ('学生儿童·低保对象', 'martians')
    """
    if not scope_key or scope_key == GENERAL_TOKEN:
        return GENERAL
    from extractor.vocab import load

    words = load("scopes")
    out = []
    for part in scope_key.split(";"):
        key, _, value = part.partition("=")
        out.append(words.get(key, {}).get(value, value))
    return "·".join(out)


def region_of(row: Mapping) -> str:
    """A document's region as one name, 全国 for a national notice.

    >>> region_of({"province": "山西省", "city": "忻州市", "county": None, "level": "city"})
    '山西省忻州市'
    >>> region_of({"province": None, "city": None, "county": None, "level": "national"})
    '全国'
    """
    name = region_name(row.get("province"), row.get("city"), row.get("county"))
    if name:
        return name
    return NATIONAL if row.get("level") == "national" else UNKNOWN_REGION


def applies_to(row: Mapping) -> int | None:
    """The year a figure applies to: its own, else its document's policy year.

    >>> applies_to({"year": 2024, "policy_year": 2023}), applies_to({"year": None, "policy_year": 2023})
    (2024, 2023)
    """
    return row.get("year") if row.get("year") is not None else row.get("policy_year")


def counted(row: Mapping) -> bool:
    """Whether a document (or a figure of it) counts: not a second file of a notice, not excluded by a
    person, not about another matter.

    >>> counted({"same_as": None, "topic": "resident_medical_insurance"}), counted({"same_as": 3})
    (True, False)
    >>> counted({"same_as": None, "topic": "other"}), counted({"excluded": "a draft"})
    (False, False)
    """
    return not row.get("same_as") and not row.get("excluded") and row.get("topic") != OTHER


@dataclass(frozen=True)
class Figure:
    """One parameter as a cell shows it, and where it comes from."""

    value: int | float
    unit: str
    operator: str
    notice: int
    document: int
    parameter: str
    doc_number: str | None = None
    policy_year: int | None = None
    issue_date: str | None = None
    sentence: str = ""
    corrected: bool = False

    @property
    def text(self) -> str:
        return figure_text(self.value, self.unit, self.operator)

    @property
    def link(self) -> str:
        return notice_link(self.notice, self.document, self.parameter)

    @property
    def source(self) -> str:
        """The notice as a reader names it: its 文号, else its id."""
        return self.doc_number or f"#{self.notice}.{self.document}"

    def later_first(self) -> tuple:
        """Sort key of the notices of one cell: the later (policy year, issue date, ingestion) first."""
        return (-(self.policy_year or 0), _negated(self.issue_date or ""), -self.notice, -self.document)


def _negated(text: str) -> tuple[int, ...]:
    """A sort key that orders texts backwards: ISO dates latest first.

    >>> sorted(["2023-01-05", "2023-08-30", ""], key=_negated)
    ['2023-08-30', '2023-01-05', '']
    """
    return tuple(-ord(c) for c in text) + (0,)


@dataclass(frozen=True)
class Cell:
    """A region's figures for one year (the later notice's first), or why there are none: ``notices``
    names the region's documents of that policy year ("N.D")."""

    figures: tuple[Figure, ...] = ()
    notices: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """
        >>> Cell().status, Cell(notices=("4.0",)).status
        ('no notice', 'no figure')
        """
        return FIGURE if self.figures else NO_FIGURE if self.notices else NO_NOTICE

    @property
    def first(self) -> Figure | None:
        return self.figures[0] if self.figures else None

    @property
    def texts(self) -> tuple[str, ...]:
        """The distinct figures of the cell, the one ranked first."""
        return tuple(dict.fromkeys(f.text for f in self.figures))

    @property
    def several(self) -> bool:
        """More than one figure (from two notices, or one notice stating two)."""
        return len(self.figures) > 1


EMPTY = Cell()


@dataclass(frozen=True)
class Row:
    region: str
    level: str | None
    province: str | None
    cells: Mapping[int, Cell] = dataclass_field(default_factory=dict)
    rank: int | None = None

    def cell(self, year: int) -> Cell:
        return self.cells.get(year, EMPTY)


@dataclass(frozen=True)
class Coverage:
    """How much of the panel is filled: cells with a figure, cells of a region-year that has a notice
    without such a figure, cells with no notice at all; regions with notices of the field's years but no
    figure of this scope (rows not shown unless asked); figures with no year to place them in."""

    figures: int
    no_figure: int
    no_notice: int
    silent_regions: int
    undated: int

    @property
    def cells(self) -> int:
        return self.figures + self.no_figure + self.no_notice


@dataclass(frozen=True)
class Panel:
    field: str
    scope: str
    years: tuple[int, ...]
    rows: tuple[Row, ...]
    rank_year: int | None = None
    descending: bool = True
    silent: tuple[str, ...] = ()  # regions with a notice in the years shown but no figure of this scope
    undated: int = 0

    @property
    def units(self) -> tuple[str, ...]:
        """The units of the figures, the most common first."""
        counts = Counter(f.unit for r in self.rows for c in r.cells.values() for f in c.figures)
        return tuple(u for u, _ in counts.most_common())

    @property
    def fullest_year(self) -> int | None:
        """The year with the most regions stating a figure (the later of equals): the default to rank by."""
        counts = Counter(y for row in self.rows for y in self.years if row.cell(y).figures)
        return max(counts, key=lambda y: (counts[y], y)) if counts else None

    def ranked(self, year: int | None, descending: bool = True) -> "Panel":
        """Rows by the first figure of ``year`` (units apart, the most common first), regions without
        one last by name; each ranked row gets its place (equal figures share it)."""
        if year not in self.years:
            year = None
        units = {u: i for i, u in enumerate(self.units)}

        def key(row: Row):
            first = row.cell(year).first if year is not None else None
            if first is None:
                return (1, 0, 0, row.region)
            return (0, units[first.unit], -first.value if descending else first.value, row.region)

        ordered = sorted(self.rows, key=key)
        out, place, previous = [], 0, None
        for i, row in enumerate(ordered):
            first = row.cell(year).first if year is not None else None
            if first is None:
                out.append(replace(row, rank=None))
                continue
            if (first.unit, first.value) != previous:
                place, previous = i + 1, (first.unit, first.value)
            out.append(replace(row, rank=place))
        return replace(self, rows=tuple(out), rank_year=year, descending=descending)

    def coverage(self) -> Coverage:
        statuses = Counter(row.cell(y).status for row in self.rows for y in self.years)
        return Coverage(statuses[FIGURE], statuses[NO_FIGURE], statuses[NO_NOTICE], len(self.silent), self.undated)

    def several(self) -> list[tuple[Row, int, Cell]]:
        """The region-years with more than one figure, in the panel's order."""
        return [(row, y, row.cell(y)) for row in self.rows for y in self.years if row.cell(y).several]

    def records(self) -> list[dict]:
        """One dict per figure shown, in the order shown (rows as ranked, years ascending, the cell's
        figures the later notice's first): the downloads.  Numbers stay numbers."""
        out = []
        for row in self.rows:
            for year in self.years:
                cell = row.cell(year)
                for i, f in enumerate(cell.figures):
                    out.append({
                        "region": row.region, "level": row.level, "province": row.province, "year": year,
                        "value": number(f.value), "unit": f.unit, "operator": f.operator, "shown": f.text,
                        "first_in_cell": i == 0, "figures_in_cell": len(cell.figures), "rank": row.rank,
                        "field": self.field, "scope": self.scope, "notice_id": f.notice, "document": f.document,
                        "parameter_id": f.parameter, "doc_number": f.doc_number, "policy_year": f.policy_year,
                        "corrected": f.corrected, "link": f.link, "sentence": f.sentence,
                    })
        return out


RECORD_COLUMNS = ["region", "level", "province", "year", "value", "unit", "operator", "shown", "first_in_cell",
                  "figures_in_cell", "rank", "field", "scope", "notice_id", "document", "parameter_id", "doc_number",
                  "policy_year", "corrected", "link", "sentence"]


def scopes_of(rows: Iterable[Mapping], field: str) -> list[str]:
    """The scopes a field's counted numeric figures have: the general one first, then the most common.

    >>> rows = [{"field": "f", "scope": "insured_group=minors", "value": 1}, {"field": "f", "scope": "", "value": 2},
    ...         {"field": "f", "scope": "insured_group=elderly", "value": 3}, {"field": "f", "scope": "insured_group=elderly", "value": 4}]
    >>> scopes_of(rows, "f")
    ['', 'insured_group=elderly', 'insured_group=minors']
    """
    counts = Counter(r["scope"] or "" for r in rows if r["field"] == field and is_number(r["value"]) and counted(r))
    return sorted(counts, key=lambda s: (s != "", -counts[s], s))


def build_panel(rows: Iterable[Mapping], docs: Iterable[Mapping], field: str, scope: str,
                with_silent: bool = False) -> Panel:
    """The panel of one field and scope from long_rows rows (each with ``sentence`` and ``issue_date``
    where known) and the store's documents (for coverage: which region-years have a notice).

    Rows: the regions with a figure (and with ``with_silent`` the regions that have notices in the years
    shown but no such figure); columns: every year from the first to the last a figure applies to, so
    that a year without figures is a gap that shows.  Ranked by the year most regions state."""
    figures: dict[str, dict[int, list[Figure]]] = {}
    about: dict[str, tuple[str | None, str | None]] = {}
    undated = 0
    for r in rows:
        if r["field"] != field or (r["scope"] or "") != scope or not is_number(r["value"]) or not counted(r):
            continue
        year = applies_to(r)
        if year is None:
            undated += 1
            continue
        region = region_of(r)
        about.setdefault(region, (r.get("level"), r.get("province")))
        figures.setdefault(region, {}).setdefault(year, []).append(Figure(
            value=number(r["value"]), unit=r.get("unit") or "", operator=r.get("operator") or "=",
            notice=r["notice_id"], document=r["document"], parameter=str(r["parameter_id"]),
            doc_number=r.get("doc_number"), policy_year=r.get("policy_year"), issue_date=r.get("issue_date"),
            sentence=r.get("sentence") or "", corrected=bool(r.get("corrected")),
        ))
    all_years = [y for per_year in figures.values() for y in per_year]
    years = tuple(range(min(all_years), max(all_years) + 1)) if all_years else ()
    notices: dict[str, dict[int, list[str]]] = {}
    for d in docs:
        if not counted(d) or d.get("policy_year") not in years:
            continue
        region = region_of(d)
        about.setdefault(region, (d.get("level"), d.get("province")))
        notices.setdefault(region, {}).setdefault(d["policy_year"], []).append(f"{d['notice_id']}.{d['document']}")
    silent = tuple(sorted(set(notices) - set(figures)))
    out = []
    for region in sorted(set(figures) | (set(silent) if with_silent else set())):
        cells = {}
        for year in years:
            stated = sorted(figures.get(region, {}).get(year, []), key=Figure.later_first)  # stable: stated order kept
            cells[year] = Cell(tuple(stated), tuple(notices.get(region, {}).get(year, [])))
        level, province = about[region]
        out.append(Row(region, level, province, cells))
    panel = Panel(field, scope, years, tuple(out), silent=silent, undated=undated)
    return panel.ranked(panel.fullest_year)


def panel_rows(store, field: str, province: str | None = None, level: str | None = None) -> tuple[list[dict], list[dict]]:
    """(figures, documents) of one field from the store, as corrected: the numeric long_rows of the
    field (excluded notices already out) with their sentence and their document's issue date, and
    every document of the filters with its topic, for coverage."""
    from corpus.compare import off_topic
    from corpus.export import Filters, long_rows

    rows = [r for r in long_rows(store, Filters(province=province or None, level=level or None, fields=(field,)))
            if is_number(r["value"])]
    sentences = _sentences(store, [r["parameter_id"] for r in rows])
    docs = _documents(store, province, level)
    other = off_topic(store)
    issued = {}
    for d in docs:
        d["topic"] = OTHER if (d["notice_id"], d["document"]) in other else None
        issued[(d["notice_id"], d["document"])] = d["issue_date"]
    for r in rows:
        r["sentence"] = sentences.get(str(r["parameter_id"]), "")
        r["issue_date"] = issued.get((r["notice_id"], r["document"]))
    return rows, docs


def _sentences(store, ids: list) -> dict[str, str]:
    """Parameter id → its sentence (a parameter added by hand has none)."""
    from sqlalchemy import select

    from corpus.store import parameters

    numbers = sorted({int(i) for i in ids if str(i).isdigit()})
    out = {}
    with store.engine.connect() as conn:
        for start in range(0, len(numbers), 500):  # a bounded IN list on every database
            chunk = numbers[start:start + 500]
            query = select(parameters.c.id, parameters.c.sentence).where(parameters.c.id.in_(chunk))
            out.update({str(i): s for i, s in conn.execute(query)})
    return out


def _documents(store, province: str | None, level: str | None) -> list[dict]:
    """Every document of the filters, as corrected, with what coverage and ordering need."""
    from sqlalchemy import select

    from corpus.store import documents, notices

    query = select(
        notices.c.id.label("notice_id"), documents.c.position.label("document"), notices.c.same_as, notices.c.excluded,
        documents.c.province, documents.c.city, documents.c.county, documents.c.level, documents.c.policy_year,
        documents.c.doc_number, documents.c.issue_date,
    ).select_from(documents.join(notices, documents.c.notice_id == notices.c.id)).order_by(notices.c.id, documents.c.position)
    if province:
        query = query.where(documents.c.province == province)
    if level:
        query = query.where(documents.c.level == level)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def numeric_fields(store) -> list[str]:
    """The fields with a numeric figure in the store (extracted, or added by hand), in catalog order."""
    from sqlalchemy import select

    from corpus.store import corrections, parameters
    from extractor.vocab import field_labels

    with store.engine.connect() as conn:
        found = {f for (f,) in conn.execute(select(parameters.c.field).where(parameters.c.number.is_not(None)).distinct())}
        found |= {f for (f,) in conn.execute(select(corrections.c.field).where(corrections.c.action == "added").distinct())}
    return [f for f in field_labels() if f in found]


# --- what Trends draws ---------------------------------------------------------------------------------


def segments(years: Iterable[int]) -> list[list[int]]:
    """Runs of consecutive years: a line is drawn within a run, never across a missing year.

    >>> segments([2019, 2020, 2022, 2023, 2024, 2026])
    [[2019, 2020], [2022, 2023, 2024], [2026]]
    """
    out: list[list[int]] = []
    for year in sorted(years):
        if out and year == out[-1][-1] + 1:
            out[-1].append(year)
        else:
            out.append([year])
    return out


def trend_points(panel: Panel, regions: Iterable[str] | None = None) -> list[dict]:
    """Every figure of the panel's rows as a point at the year it applies to; ``first`` marks the one a
    line goes through (the later notice's), ``segment`` the run of consecutive years it belongs to."""
    wanted = None if regions is None else set(regions)
    label = scope_label(panel.scope)
    out = []
    for row in panel.rows:
        if wanted is not None and row.region not in wanted:
            continue
        stated = [y for y in panel.years if row.cell(y).figures]
        run_of = {y: i for i, run in enumerate(segments(stated)) for y in run}
        for year in stated:
            cell = row.cell(year)
            others = [f"{f.text} ({f.source})" for f in cell.figures[1:]]
            for i, f in enumerate(cell.figures):
                out.append({
                    "region": row.region, "scope": panel.scope, "scope_label": label, "year": year,
                    "value": number(f.value), "unit": f.unit, "shown": f.text, "operator": f.operator,
                    "figure": OPERATOR_NAMES.get(f.operator, f.operator), "first": i == 0,
                    "segment": f"{row.region}|{panel.scope}|{run_of[year]}", "link": f.link,
                    "notice": f"{f.notice}.{f.document}", "doc_number": f.source, "sentence": f.sentence,
                    "also": "; ".join(others) if i == 0 else f"另见 also {cell.figures[0].text} ({cell.figures[0].source})",
                })
    return out


def province_tiles(panel: Panel, year: int, tiles: Iterable[Mapping]) -> list[dict]:
    """One tile a province of the grid (province, short, row, col), with the first figure of its own
    province-level notice for ``year`` (None where it has none), and a word on its cities' and counties'.

    >>> tiles = [{"province": "河南省", "short": "河南", "row": 3, "col": 4}]
    >>> fig = Figure(380, "元", "=", 3, 0, "12", "豫医保办〔2023〕71号", 2023)
    >>> city = Figure(360, "元", "=", 4, 0, "15")
    >>> panel = Panel("f", "", (2023,), (Row("河南省", "province", "河南省", {2023: Cell((fig,))}),
    ...                                  Row("河南省郑州市", "city", "河南省", {2023: Cell((city,))})))
    >>> [(t["short"], t["value"], t["shown"], t["link"], t["local"]) for t in province_tiles(panel, 2023, tiles)]
    [('河南', 380, '380 元', '/notice?id=3.0&p=12', '1 个市县 city/county figures: 360 元')]
    """
    own = {row.region: row.cell(year).first for row in panel.rows if row.level == "province"}
    local: dict[str, list[Figure]] = {}
    for row in panel.rows:
        first = row.cell(year).first
        if row.level in ("city", "county") and first is not None:
            local.setdefault(row.province, []).append(first)
    out = []
    for tile in tiles:
        first = own.get(tile["province"])
        below = sorted(local.get(tile["province"], []), key=lambda f: f.value)
        span = below[0].text if len({f.text for f in below}) == 1 else f"{below[0].text} – {below[-1].text}" if below else ""
        out.append(dict(tile, value=None if first is None else number(first.value), shown="" if first is None else first.text,
                        link=None if first is None else first.link, doc_number=None if first is None else first.source,
                        label=f"{tile['short']}\n{first.text if first else '—'}",
                        local=f"{len(below)} 个市县 city/county figures: {span}" if below else ""))
    return out


def records_json(panel: Panel, label: str, filters: Mapping, base: str = "") -> str:
    """The JSON download: what the panel is of, and its figures as records (links under ``base``)."""
    figures = [dict(r, link=base + r["link"]) for r in panel.records()]
    return json.dumps({"field": panel.field, "label": label, "scope": panel.scope, "scope_label": scope_label(panel.scope),
                       "rank_year": panel.rank_year, "filters": dict(filters), "years": list(panel.years),
                       "figures": figures}, ensure_ascii=False, indent=1)
