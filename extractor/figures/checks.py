"""Consistency checks across the parameters of one document, as warnings.

The levels of one county type add up to the per-capita subsidy (348+116+58+58 = 580),
a share times the total is the amount (60% × 640 = 384), previous + increase = new,
a deadline falls near the policy year, a value lies in the plausible range of its
field.  A warning names the parameters involved; no value is changed.  The checks
themselves are data (data/fields.toml, [[check]] and [ranges]).
"""

from __future__ import annotations

from collections import Counter

from ..models import Check, Parameter
from ..vocab import load
from .catalog import bounds, plausible

TOLERANCE = 0.51  # notices round the levels to half a yuan


def _scope_key(p: Parameter, keys=("county_type", "insured_group")) -> tuple:
    return tuple((k, p.scope.get(k)) for k in keys)


def _number(p: Parameter):
    return p.value if isinstance(p.value, (int, float)) else None


def _find(params, field, group) -> list[Parameter]:
    """Parameters of ``field`` for a scope group; a parameter with no group value stands for all."""
    out = []
    for p in params:
        if p.field != field or _number(p) is None:
            continue
        if all(p.scope.get(k) in (v, None) for k, v in group):
            out.append(p)
    return out


def _label(p: Parameter) -> str:
    scope = ",".join(f"{k}={v}" for k, v in sorted(p.scope.items()))
    return f"{p.field}{'[' + scope + ']' if scope else ''}={p.value}"


def run_checks(params: tuple[Parameter, ...], policy_year: int | None) -> tuple[Check, ...]:
    """The warnings of one document's parameters: each [[check]] of fields.toml by its kind,
    then every value against its field's (or unit's) plausible range."""
    data = load("fields")
    numeric = [p for p in params if _number(p) is not None]
    groups = sorted({_scope_key(p) for p in numeric}, key=str)
    out: list[Check] = []
    for check in data.get("check", ()):
        out.extend(_KINDS[check["kind"]](check, params, numeric, groups, policy_year))
    for p in numeric:
        if not plausible(p.field, p.unit, _number(p)):
            out.append(range_warning(p.label, f"{p.value}{p.unit}", bounds(p.field, p.unit), _label(p)))
    return tuple(out)


def range_warning(label: str, shown: str, limits, entry: str, unlabelled: bool = False) -> Check:
    """The warning of a value outside its field's plausible range (kept, or left unlabelled).

    >>> range_warning("个人缴费标准", "8000元", (0, 5000), "contribution.individual=8000", unlabelled=True).message
    '个人缴费标准 8000元 超出常见范围 0–5000，未标注'
    """
    tail = "，未标注" if unlabelled else ""
    return Check(id="range", message=f"{label} {shown} 超出常见范围 {limits[0]}–{limits[1]}{tail}", parameters=(entry,))


def _sum(check, params, numeric, groups, policy_year):
    """The parts of one scope group add up to its total (levels → per-capita subsidy)."""
    for group in groups:
        parts = [q for f in check["parts"] for q in _find(numeric, f, group)[:1]]
        parts = [q for q in parts if _scope_key(q) == group] and parts
        totals = _find(numeric, check["total"], group)
        if len(parts) < check.get("min_parts", 2) or not totals or not any(_scope_key(q) == group for q in parts):
            continue
        total = totals[0]
        value = sum(_number(q) for q in parts)
        if abs(value - _number(total)) > TOLERANCE:
            yield _make(check, parts + [total], sum=_fmt(value), total=_fmt(_number(total)))


def _share(check, params, numeric, groups, policy_year):
    """share % × total = amount, per scope group."""
    for group in groups:
        shares = [p for p in _find(numeric, check["share"], group) if _scope_key(p) == group]
        amounts = [p for p in _find(numeric, check["amount"], group) if _scope_key(p) == group]
        totals = [p for p in _find(numeric, check["total"], group) if p.unit == "元"]
        if not (shares and amounts and totals):
            continue
        share, amount, total = shares[0], amounts[0], totals[0]
        expected = _number(share) * _number(total) / 100
        if abs(expected - _number(amount)) > TOLERANCE:
            yield _make(check, [share, total, amount], share=_fmt(_number(share)), total=_fmt(_number(total)),
                        expected=_fmt(expected), amount=_fmt(_number(amount)))


def _increase(check, params, numeric, groups, policy_year):
    """previous + increase = value, where a notice writes both."""
    for p in numeric:
        if p.field != check["field"] or not isinstance(p.previous, (int, float)):
            continue
        for inc in _find(numeric, check["increase"], _scope_key(p)):
            expected = p.previous + _number(inc)
            if abs(expected - _number(p)) > TOLERANCE:
                yield _make(check, [p, inc], previous=_fmt(p.previous), increase=_fmt(_number(inc)),
                            expected=_fmt(expected), value=_fmt(_number(p)))


def _year(check, params, numeric, groups, policy_year):
    """A date within a year of the policy year."""
    if not policy_year:
        return
    for p in params:
        if p.field not in check["fields"]:
            continue
        for v in p.value if isinstance(p.value, list) else [p.value]:
            if isinstance(v, str) and v[:4].isdigit() and abs(int(v[:4]) - policy_year) > 1:
                yield _make(check, [p], value=v, year=policy_year)


_KINDS = {"sum": _sum, "share": _share, "increase": _increase, "year": _year}


def reconsider(params: tuple[Parameter, ...], policy_year: int | None) -> tuple[tuple[Parameter, ...], tuple[Parameter, ...]]:
    """The sum checks as constraints: where the parts of a group do not add up to its total and
    leaving out exactly one part makes them add up, that part was bound wrongly — it is taken out
    (the caller keeps it as an unlabelled quantity, with a warning). Returns (kept, taken out).

    >>> from extractor.models import Span
    >>> def p(field, value, at):
    ...     return Parameter(field=field, label="", value=value, unit="元", evidence="", sentence="",
    ...                      span=Span(start=at, end=at + 1), evidence_span=Span(start=at, end=at + 1), rule="")
    >>> ps = (p("subsidy.per_capita", 640, 0), p("subsidy.central", 384, 5), p("subsidy.province", 128, 9),
    ...       p("subsidy.city", 26, 13), p("subsidy.county", 102, 17))
    >>> reconsider(ps, 2023)[1]                    # the levels add up: nothing is taken out
    ()
    >>> kept, out = reconsider(ps + (p("subsidy.city_county", 50, 21),), 2023)
    >>> [q.value for q in out], len(kept)          # 690 ≠ 640, and 640 without the 50
    ([50], 5)
    >>> reconsider(ps[:4] + (p("subsidy.county", 90, 17),), 2023)[1]   # no one part explains it: a warning only
    ()
    """
    data = load("fields")
    present = Counter(p.field for p in params)
    sums = [
        c for c in data.get("check", ())
        if c["kind"] == "sum" and c["total"] in present
        and sum(present[f] for f in c["parts"]) > c.get("min_parts", 2)
    ]
    if not sums:
        return params, ()  # no total, or too few parts to leave one out
    numeric = [p for p in params if _number(p) is not None]
    groups = sorted({_scope_key(p) for p in numeric}, key=str)
    out: list[Parameter] = []
    for check in sums:
        for warning in _sum(check, params, numeric, groups, policy_year):
            involved = [p for p in numeric if _label(p) in warning.parameters and p.field != check["total"]]
            totals = [p for p in numeric if _label(p) in warning.parameters and p.field == check["total"]]
            if not totals or len(involved) < check.get("min_parts", 2) + 1:
                continue
            whole = sum(_number(p) for p in involved)
            wrong = [p for p in involved if abs(whole - _number(p) - _number(totals[0])) <= TOLERANCE]
            if len(wrong) == 1 and wrong[0] not in out:
                out.append(wrong[0])
    kept = tuple(p for p in params if p not in out)
    return kept, tuple(out)


def reconsidered(taken_out: tuple[Parameter, ...]) -> tuple[Check, ...]:
    """The warnings that say which bindings the sum checks took back."""
    return tuple(
        Check(id="reconsidered", message=f"{p.label} {p.value}{p.unit} 已改为未标注：去掉它后各级之和与总额相符",
              parameters=(_label(p),))
        for p in taken_out
    )


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _make(check, involved, **values) -> Check:
    return Check(id=check["id"], message=check["message"].format(**values), parameters=tuple(_label(p) for p in involved))
