"""Ruled tables: column headers name fields, the first cell of a row its scope, the cells the
values. 县类型 | 中央 | 省 … and 参保人员类别 | 个人缴费标准（元） | … both read, and the table turned
round: 项目 | 成年居民 | 未成年居民 over 个人缴费标准 | 420元 | 390元 (the row names the field, the column
the scope).
"""

from __future__ import annotations

import re

from ..models import Parameter, Quantity, Span
from ..numerals import is_figure
from .catalog import FieldRule, catalog
from .context import DocumentContext
from .cues import cues_in
from .quantities import Refused, to_number
from .scope import scope_matches
from .years import stated_year

# \s*+: a cell of spaces around its unit is not tried in every split of them.
_CELL_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*+(元|%)?\s*$")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


def tables(rows) -> list[list]:
    """Table rows (spans) grouped into tables: rows that follow one another line by line."""
    grouped: list[list] = []
    for row in rows:
        if grouped and row.start == grouped[-1][-1].end + 1:
            grouped[-1].append(row)
        else:
            grouped.append([row])
    return grouped


def cells(text: str, row) -> list[tuple[int, int]]:
    """The (start, end) of each tab-separated cell of a row.

    >>> class Row: start, end = 0, 7
    >>> cells("甲\\t乙丙\\t丁", Row)
    [(0, 1), (2, 4), (5, 6)]
    """
    out, start = [], row.start
    for cell in text[row.start : row.end].split("\t"):
        out.append((start, start + len(cell)))
        start += len(cell) + 1
    return out


def header_field(header: str) -> FieldRule | None:
    """The field a column header names: the field whose cue covers most of the header."""
    doc = DocumentContext(header, header, (), None)
    found = [c for c in cues_in(doc, 0, len(header)) if c.position == "before" and not c.rule.each]
    best = max(found, key=lambda c: c.end - c.start, default=None)
    return best.rule if best else None


def _row_scopes(label: str) -> list[dict]:
    """The scopes a row's first cell names; what a bracket includes does not name the row."""
    blanked = _BRACKETED.sub(lambda m: " " * len(m.group()), label)
    doc = DocumentContext(blanked, blanked, (), None)
    combos: list[dict] = [{}]
    for key in catalog().scopes:
        values = list(dict.fromkeys(v for _, _, v in scope_matches(doc, 0, len(blanked), key)))
        if values:
            combos = [dict(c, **{key: v}) for c in combos for v in values]
    return combos


def table_year(doc: DocumentContext, start: int) -> tuple[int | None, bool]:
    """The year of a table's figures: the year the line that opens it states (2025年度…标准如下表：),
    else the title of its section (一、2025年度个人缴费标准), else the policy year; and whether it is
    the policy year's."""
    line_start = doc.text.rfind("\n", 0, max(start - 1, 0)) + 1
    section = doc.section_at(start)
    for before in (doc.text[line_start:start], "" if section is None else section.title):
        year, _ = stated_year(before)
        if year is not None:
            return year, False
    return doc.policy_year, doc.policy_year is not None


def table_parameters(doc: DocumentContext, rows) -> tuple[list[Parameter], list[Quantity]]:
    """The parameters of one table, and its figures no column claims."""
    text, source = doc.text, doc.source
    year, year_is_policy_year = table_year(doc, rows[0].start) if rows else (doc.policy_year, False)
    header: list[tuple[int, int]] = []
    columns: dict[int, FieldRule | None] = {}
    column_scopes: dict[int, list[dict]] = {}
    params: list[Parameter] = []
    unclaimed: list[Quantity] = []
    for row in rows:
        row_cells = cells(text, row)
        if not any(_CELL_NUMBER.match(text[a:b]) for a, b in row_cells[1:]):
            # A row without figures heads the rows below it (a table may hold several).
            header = row_cells
            columns = {i: header_field(text[a:b]) for i, (a, b) in enumerate(header) if i}
            column_scopes = {i: _row_scopes(text[a:b]) for i, (a, b) in enumerate(header) if i}
            continue
        label = text[row_cells[0][0] : row_cells[0][1]]
        row_scopes = _row_scopes(label)
        row_rule = header_field(label) if not any(columns.values()) else None
        for i, (a, b) in enumerate(row_cells[1:], start=1):
            m = _CELL_NUMBER.match(text[a:b])
            if not m:
                continue
            rule = columns.get(i) or row_rule
            value = to_number(m.group(1))
            if not is_figure(value):
                doc.refused.append(Refused(a, b, text[a:b]))
                continue
            head = text[header[i][0] : header[i][1]] if i < len(header) else ""
            unit = m.group(2) or ("%" if ("%" in head or "比例" in head) else "元")
            kind = "percent" if unit == "%" else "money"
            span = Span(start=a, end=b)
            if rule is None or kind not in rule.kinds:
                unclaimed.append(Quantity(kind=kind, value=value, unit=unit, text=source[a:b], sentence=source[row.start : row.end],
                                          section=doc.section_path(a), span=span))
                continue
            scopes = [dict(r, **c) for r in row_scopes for c in column_scopes.get(i, [{}])]
            kept = list({tuple((k, v) for k, v in c.items() if k in rule.scopes): None for c in scopes})
            for scope in kept:
                params.append(
                    Parameter(
                        field=rule.id, label=rule.label, value=value, unit=unit, scope=dict(scope), year=year,
                        year_is_policy_year=year_is_policy_year,
                        qualifier=None, operator="=", tier=rule.tier, evidence=source[a:b],
                        sentence=source[row.start : row.end], section=doc.section_path(a), span=span,
                        evidence_span=span, rule=f"{rule.id}#table",
                    )
                )
    return params, unclaimed
