"""Emission: a bound figure becomes typed parameters (one per field and scope), an unbound one
an unlabelled quantity; values written without a figure (不设起付标准) come from phrases.
"""

from __future__ import annotations

import re

from ..grammar import CLAUSE_MARKS, CLAUSE_OR_COLON, INCREASE, ITEM_MARKS, SETS_VALUE, after_last, bound_in_name, operator, sentences
from ..models import Parameter, Quantity, Span
from .catalog import catalog
from .context import DocumentContext, Sentence
from .cues import Cue
from .quantities import Candidate, qualifier
from .scope import SCOPE_REACH, nearest_scopes, scopes_for
from .years import year_of


def emit(doc: DocumentContext, sentence: Sentence, q: Candidate, cue: Cue) -> list[Parameter]:
    """The parameters of a figure bound to ``cue``: its fields (the field, its increase, or the
    fields a cue names together), one per scope; none where the field needs a scope it lacks."""
    rule = cue.rule
    field_ids = emitted_fields(doc.text, sentence, q, cue)
    scopes = scopes_for(doc, sentence, rule.scopes, q)
    if rule.needs_scope and not any(rule.needs_scope in s for s in scopes):
        return []
    if rule.unscoped_avoid and not any(scopes) and rule.unscoped_avoid.search(
        doc.text, after_last(doc.text, ITEM_MARKS, sentence.start, q.start), q.start
    ):
        return []
    text = doc.text
    if cue.position == "heading":
        # The title named the field: the evidence is the figure's own clause.
        left_from = after_last(text, CLAUSE_OR_COLON, sentence.start, q.start)
        evidence = Span(start=left_from, end=q.end)
    else:
        left_from = cue.start if cue.position != "after" else q.start - 10
        evidence = Span(start=min(cue.start, q.start), end=max(q.end, cue.end))
    clause_from = after_last(text, CLAUSE_OR_COLON, sentence.start, min(left_from, q.start))
    qual = qualifier(text, q, max(left_from, sentence.start), clause_from)
    if q.kind in ("date_range", "month_range") and qual in ("前", "起"):
        qual = None  # a range holds its own ends: 9月1日开始，12月20日前完成 is the window, not a deadline
    if qual is None:
        named = text[cue.start : cue.end] + text[clause_from : q.start] if cue.position == "heading" else text[min(cue.start, clause_from) : q.start]
        qual = bound_in_name(named, rule.label)
    year, year_is_policy_year = year_of(doc, sentence, q, rule.dated_by_value)
    by_id = catalog().by_id
    out = []
    for field_id in field_ids:
        target = by_id.get(field_id, rule)
        for scope in scopes:
            out.append(
                Parameter(
                    field=field_id, label=target.label, value=q.value, unit=q.unit, scope=scope, year=year,
                    year_is_policy_year=year_is_policy_year, qualifier=qual, operator=operator(qual), previous=q.previous, tier=target.tier,
                    evidence=doc.source[evidence.start : evidence.end],
                    sentence=sentence_around(doc.source, sentence.start, sentence.end, q.start),
                    section=doc.section_path(q.start), span=Span(start=q.start, end=q.end),
                    evidence_span=evidence, rule=cue.pattern,
                )
            )
    return out


def emitted_fields(text: str, sentence: Sentence, q: Candidate, cue: Cue) -> list[str]:
    """The fields a figure bound to ``cue`` is emitted as: the field's increase (增加30元), the
    fields a cue names together (市、县各承担), or the field itself."""
    if is_increase(text, sentence, q, cue):
        return [cue.rule.increase]
    return list(cue.rule.each) or [cue.rule.id]


def is_increase(text: str, sentence: Sentence, q: Candidate, cue: Cue) -> bool:
    """增加30元 / 同步提高个人缴费标准30元 is the increase of the field, where it has one;
    提高到 / 提高至 / 提高…至380元 / 上调为 is the new value.

    The verb counts from the start of the figure's clause (or the cue, if that is earlier)."""
    if not cue.rule.increase or cue.position == "after" or q.kind != "money":
        return False
    clause_start = after_last(text, CLAUSE_OR_COLON, sentence.start, q.start)
    region = text[clause_start if cue.position == "heading" else min(cue.start, clause_start) : q.start]
    verbs = list(INCREASE.finditer(region))
    return bool(verbs) and not SETS_VALUE.search(region, verbs[-1].end())


# A sentence of a notice has a few hundred characters; one of a damaged file can have millions,
# and each of its figures carries its sentence: a sentence of 50 MB with a figure every few
# kilobytes would make gigabytes of copies. A longer one is given as this much around the figure.
SENTENCE_SHOWN = 2000


def sentence_around(source: str, start: int, end: int, at: int, size: int = SENTENCE_SHOWN) -> str:
    """The sentence source[start:end] of a figure at ``at``; where it is longer than ``size``, the
    ``size`` characters of it around the figure.

    >>> sentence_around("甲乙丙丁戊己庚辛", 0, 8, 5), sentence_around("甲乙丙丁戊己庚辛", 0, 8, 5, size=4)
    ('甲乙丙丁戊己庚辛', '丁戊己庚')
    >>> sentence_around("甲乙丙丁戊己庚辛", 0, 8, 7, size=4), sentence_around("甲乙丙丁戊己庚辛", 1, 8, 1, size=4)
    ('戊己庚辛', '乙丙丁戊')
    """
    if end - start > size:
        start = max(start, min(at - size // 2, end - size))
        end = start + size
    return source[start:end]


def loose(doc: DocumentContext, sentence: Sentence, q: Candidate) -> Quantity:
    """A figure no field claims, kept with its provenance."""
    return Quantity(
        kind=q.kind, value=q.value, unit=q.unit, text=doc.source[q.start : q.end],
        sentence=sentence_around(doc.source, sentence.start, sentence.end, q.start), section=doc.section_path(q.start),
        span=Span(start=q.start, end=q.end),
    )


_KIND_OF_UNIT = {"元": "money", "%": "percent", "百分点": "points", "个": "count", "date": "date", "月": "duration", "天": "duration", "年": "duration"}


def as_quantity(p: Parameter, source: str) -> Quantity:
    """A parameter taken back (a check showed it bound wrongly), kept as an unlabelled quantity;
    ``source`` is the cleaned text its span points into."""
    kind = "date_range" if isinstance(p.value, list) and p.unit == "date" else _KIND_OF_UNIT.get(p.unit, "count")
    return Quantity(kind=kind, value=p.value, unit=p.unit, text=source[p.span.start : p.span.end], sentence=p.sentence,
                    section=p.section, span=p.span)


def phrases(doc: DocumentContext, paragraphs) -> list[Parameter]:
    """Values written without a figure: 不设起付标准 is a deductible of 0 (not where the clause holds
    one of the field's avoid-words: 门诊慢特病不设起付线 is not the general outpatient pool's)."""
    cat = catalog()
    out = []
    text = doc.text
    for phrase in cat.phrases:
        pattern = re.compile(phrase["pattern"])
        rule = cat.by_id[phrase["field"]]
        for para in paragraphs:
            if not pattern.search(text, para.start, para.end):
                continue  # most paragraphs hold no such phrase: one search decides
            for s_start, s_end in sentences(text, para.start, para.end):
                for m in pattern.finditer(text, s_start, s_end):
                    a, b = m.start(), m.end()
                    clause_start = after_last(text, CLAUSE_MARKS, max(s_start, a - SCOPE_REACH), a)
                    if rule.avoid and rule.avoid.search(text, clause_start, b):
                        continue  # 门诊慢特病不设起付线: the field's avoid-words hold for its phrases too
                    scope = nearest_scopes(doc, clause_start, a, rule.scopes)
                    out.append(
                        Parameter(
                            field=rule.id, label=rule.label, value=phrase["value"], unit=phrase["unit"], scope=scope,
                            year=doc.policy_year, year_is_policy_year=doc.policy_year is not None,
                            qualifier=None, operator="=", tier=phrase.get("tier", rule.tier),
                            evidence=doc.source[a:b], sentence=sentence_around(doc.source, s_start, s_end, a), section=doc.section_path(a),
                            span=Span(start=a, end=b), evidence_span=Span(start=a, end=b), rule=f"{rule.id}#phrase",
                        )
                    )
    return out


def dedupe(params: list[Parameter]) -> tuple[Parameter, ...]:
    """One parameter per field, value, unit, scope and place."""
    seen = set()
    out = []
    for p in params:
        key = (p.field, str(p.value), p.unit, tuple(sorted(p.scope.items())), p.span.start)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return tuple(out)
