"""One figure for several payers: how the levels of government share the subsidy when a ratio
or a remainder stands for several of them (省、市、县按5:3:2分担 → province 50 %, city_county 50 %;
中央财政补助80%，其余由省和市县各负担一半 → central 80 %, province 10 %, city_county 10 %).

The level words and their share fields, and the statements, are data (fields.toml [shares]).
A statement gives one parameter per share field; the binder's own reading of the same
figures (一半 bound as 50 %) gives way to it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..grammar import CLAUSE_MARKS, ITEM_MARKS, after_last, sentences
from ..models import Parameter, Span
from ..numerals import is_figure
from ..vocab import load
from .catalog import catalog
from .context import DocumentContext
from .emit import sentence_around
from .scope import SCOPE_REACH, nearest_scopes

_SCOPES = ("county_type", "region_class")
_HINT = re.compile(r"\d\s*[:：∶]\s*\d|其余|剩余")  # a ratio, or the rest


class Statement(NamedTuple):
    """A share statement: where it stands and the share (%) of each field it names."""

    start: int
    end: int
    shares: dict[str, float]


@lru_cache(maxsize=1)
def _grammar() -> tuple[list[tuple[re.Pattern, str]], re.Pattern, re.Pattern]:
    data = load("fields").get("shares")
    if not data:
        return [], re.compile(r"(?!)"), re.compile(r"(?!)")
    levels = [(re.compile(words), field) for words, field in data["levels"]]
    level = "|".join(words for words, _ in data["levels"])
    listed = rf"(?P<levels>(?:{level})(?:财政)?(?:\s*[、和与及]\s*(?:{level})(?:财政)?)+)"
    ratio = re.compile(listed + data["ratio"])
    rest = re.compile(rf"(?P<lead>{level}){data['first']}{listed}{data['halves']}")
    return levels, ratio, rest


def _fields_of(levels: str) -> list[str]:
    """The share field of each level word of a list, in order (财政 after a level is passed over).

    >>> _fields_of("省、市、县")
    ['subsidy_share.province', 'subsidy_share.city_county', 'subsidy_share.city_county']
    >>> _fields_of("中央和市县")
    ['subsidy_share.central', 'subsidy_share.city_county']
    """
    table, _, _ = _grammar()
    out, position = [], 0
    while position < len(levels):
        for pattern, field in table:
            m = pattern.match(levels, position)
            if m and m.end() > position:
                out.append(field)
                position = m.end()
                break
        else:
            position += 1  # a joint (、和与及), 财政 or a space
    return out


def statements(text: str, start: int, end: int) -> list[Statement]:
    """The share statements of text[start:end].

    >>> [s.shares for s in statements("由省、市、县按5:3:2的比例分担。", 0, 17)]
    [{'subsidy_share.province': 50.0, 'subsidy_share.city_county': 50.0}]
    >>> [s.shares for s in statements("中央财政补助80%，其余由省和市县各负担一半。", 0, 24)]
    [{'subsidy_share.central': 80.0, 'subsidy_share.province': 10.0, 'subsidy_share.city_county': 10.0}]
    >>> statements("由省、市、县按" + "9" * 400 + ":3:2的比例分担。", 0, 420)
    []

    Levels that all fold into one share field split that field's part among themselves, which the
    catalog does not keep (市、县按1:1分担 says nothing of the city_county share of the whole):

    >>> statements("由市、县两级按1:1的比例分担。", 0, 15)
    []
    """
    _, ratio, rest = _grammar()
    out = []
    for m in ratio.finditer(text, start, end):
        fields = _fields_of(m.group("levels"))
        parts = [float(x) for x in re.split(r"\s*[:：∶]\s*", m.group("ratio"))]
        # A part of 400 digits is infinite, and infinity over infinity no share (NaN).
        if len(fields) != len(parts) or not sum(parts) or not all(is_figure(p) for p in parts):
            continue
        shares: dict[str, float] = {}
        for field, part in zip(fields, parts):
            shares[field] = round(shares.get(field, 0) + 100 * part / sum(parts), 2)
        if len(shares) > 1:
            out.append(Statement(m.start(), m.end(), shares))
    for m in rest.finditer(text, start, end):
        lead, first = _fields_of(m.group("lead")), float(m.group("share"))
        others = _fields_of(m.group("levels"))
        if len(lead) != 1 or not others or first >= 100:
            continue
        shares = {lead[0]: first}
        for field in others:
            shares[field] = round(shares.get(field, 0) + (100 - first) / len(others), 2)
        if len(shares) > 1:
            out.append(Statement(m.start(), m.end(), shares))
    return out


def share_parameters(doc: DocumentContext, paragraphs) -> tuple[list[Parameter], list[tuple[int, int]]]:
    """The parameters of every share statement, and the spans they cover (the binder's
    parameters of share fields inside those spans give way)."""
    by_id = catalog().by_id
    text = doc.text
    params: list[Parameter] = []
    covered: list[tuple[int, int]] = []
    for para in paragraphs:
        if not _HINT.search(text, para.start, para.end):
            continue  # most paragraphs share nothing: one scan decides
        for s_start, s_end in sentences(text, para.start, para.end):
            for st in statements(text, s_start, s_end):
                covered.append((st.start, st.end))
                reach = max(s_start, st.start - SCOPE_REACH)
                item_start = after_last(text, ITEM_MARKS, reach, st.start)
                clause_start = after_last(text, CLAUSE_MARKS, reach, st.start)
                scope = nearest_scopes(doc, item_start, st.start, _SCOPES)
                for field, value in st.shares.items():
                    rule = by_id[field]
                    params.append(
                        Parameter(
                            field=field, label=rule.label, value=int(value) if float(value).is_integer() else value, unit="%",
                            scope={k: v for k, v in scope.items() if k in rule.scopes}, year=doc.policy_year,
                            year_is_policy_year=doc.policy_year is not None,
                            qualifier=None, operator="=", tier=rule.tier,
                            evidence=doc.source[clause_start : st.end],
                            sentence=sentence_around(doc.source, s_start, s_end, st.start), section=doc.section_path(st.start),
                            span=Span(start=st.start, end=st.end), evidence_span=Span(start=clause_start, end=st.end),
                            rule=f"{field}#shares",
                        )
                    )
    return params, covered
