"""Score extraction against gold annotations in the format of FIELDS.md.

Metadata is scored key by key, sections by (number, title) pairs, parameters
by (field, value ±0.01, unit, scope) with year and qualifier accuracy over
the matched pairs.  Documents are paired in order within each file.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

META_KEYS = ("title", "doc_number", "issuers", "level", "province", "city", "county", "policy_year", "issue_date", "basis_docs")


def _norm(value):
    """Compare lists as lists, text without spacing."""
    if isinstance(value, (list, tuple)):
        return tuple(_norm(v) for v in value)
    if isinstance(value, str):
        return "".join(value.split())
    return value


def _section_pairs(sections, out: Counter) -> Counter:
    for s in sections:
        out[(str(s["number"]), "".join(str(s["title"]).split()))] += 1
        _section_pairs(s.get("children", ()), out)
    return out


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    meta_hits: Counter = field(default_factory=Counter)
    meta_total: Counter = field(default_factory=Counter)
    meta_misses: list = field(default_factory=list)
    sections: Counts = field(default_factory=Counts)
    section_misses: list = field(default_factory=list)
    fields: dict = field(default_factory=lambda: defaultdict(Counts))
    tiers: dict = field(default_factory=lambda: defaultdict(Counts))
    year_hits: int = 0
    qualifier_hits: int = 0
    matched: int = 0
    param_misses: list = field(default_factory=list)
    attribute_misses: list = field(default_factory=list)  # (label, "year"/"qualifier", gold param, got)
    errors: list = field(default_factory=list)

    @property
    def meta_acc(self) -> float:
        total = sum(self.meta_total.values())
        return sum(self.meta_hits.values()) / total if total else 0.0


def _value_equal(a, b) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_value_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) <= 0.01
    return a == b


def _param_key_equal(p, g) -> bool:
    return (
        p.get("field") == g.get("field")
        and p.get("unit") == g.get("unit")
        and (p.get("scope") or {}) == (g.get("scope") or {})
        and _value_equal(p.get("value"), g.get("value"))
    )


def score_document(predicted: dict, gold: dict, report: Report, label: str) -> None:
    for key in META_KEYS:
        g, p = gold["meta"].get(key), predicted["meta"].get(key)
        report.meta_total[key] += 1
        if _norm(g) == _norm(p):
            report.meta_hits[key] += 1
        else:
            report.meta_misses.append((label, key, g, p))
    gold_pairs = _section_pairs(gold.get("sections", ()), Counter())
    pred_pairs = _section_pairs(predicted.get("sections", ()), Counter())
    common = gold_pairs & pred_pairs
    report.sections.add(
        Counts(sum(common.values()), sum((pred_pairs - gold_pairs).values()), sum((gold_pairs - pred_pairs).values()))
    )
    for pair in gold_pairs - pred_pairs:
        report.section_misses.append((label, "missed", pair))
    for pair in pred_pairs - gold_pairs:
        report.section_misses.append((label, "extra", pair))
    unmatched = list(predicted.get("parameters", ()))
    for g in gold.get("parameters", ()):
        tier = g.get("tier", "core")
        hit = next((p for p in unmatched if _param_key_equal(p, g)), None)
        if hit is None:
            report.fields[g["field"]].fn += 1
            report.tiers[tier].fn += 1
            report.param_misses.append((label, "missed", g))
            continue
        unmatched.remove(hit)
        report.fields[g["field"]].tp += 1
        report.tiers[tier].tp += 1
        report.matched += 1
        for key in ("year", "qualifier"):
            if hit.get(key) == g.get(key):
                setattr(report, f"{key}_hits", getattr(report, f"{key}_hits") + 1)
            else:
                report.attribute_misses.append((label, key, g, hit.get(key)))
    for p in unmatched:
        report.fields[p["field"]].fp += 1
        report.tiers[p.get("tier", "core")].fp += 1
        report.param_misses.append((label, "extra", p))


def evaluate(gold_dir, corpus_dir, extract_fn=None) -> Report:
    """Extract every source named by the gold files and score it."""
    if extract_fn is None:
        from .pipeline import extract as extract_fn
    from .errors import ExtractorError

    report = Report()
    gold_files = sorted(Path(gold_dir).glob("*.json"))
    for gold_path in gold_files:
        gold = json.loads(gold_path.read_text("utf-8"))
        source = Path(corpus_dir) / gold["source"]
        try:
            notice = extract_fn(source)
            predicted = json.loads(notice.model_dump_json())
        except ExtractorError as exc:
            report.errors.append(str(exc))
            predicted = {"documents": []}
        docs = predicted["documents"]
        for index, gold_doc in enumerate(gold["documents"]):
            pred = docs[index] if index < len(docs) else {"meta": {}, "sections": [], "parameters": []}
            score_document(pred, gold_doc, report, f"{gold['source']}#{index}")
        if len(docs) != len(gold["documents"]):
            report.meta_misses.append((gold["source"], "documents", len(gold["documents"]), len(docs)))
    return report


def format_report(report: Report, verbose: bool = False) -> str:
    lines = []
    for error in report.errors:
        lines.append(f"error: {error}")
    lines.append("metadata accuracy per key:")
    for key in META_KEYS:
        total = report.meta_total[key]
        if total:
            lines.append(f"  {key:<12} {report.meta_hits[key] / total:.3f}  ({report.meta_hits[key]}/{total})")
    s = report.sections
    lines.append(f"sections: precision={s.precision:.3f} recall={s.recall:.3f} f1={s.f1:.3f}  (tp={s.tp} fp={s.fp} fn={s.fn})")
    if report.fields:
        lines.append("parameters per field:")
        for name in sorted(report.fields):
            c = report.fields[name]
            lines.append(f"  {name:<40} p={c.precision:.3f} r={c.recall:.3f} f1={c.f1:.3f}  (tp={c.tp} fp={c.fp} fn={c.fn})")
    if report.matched:
        lines.append(
            f"year accuracy={report.year_hits / report.matched:.3f} qualifier accuracy={report.qualifier_hits / report.matched:.3f} over {report.matched} matched"
        )
    if verbose:
        for label, key, gold, got in report.meta_misses:
            lines.append(f"  meta miss {label} {key}: gold={gold!r} got={got!r}")
        for label, kind, pair in report.section_misses:
            lines.append(f"  section {kind} {label}: {pair[0]} {pair[1]}")
        for label, kind, param in report.param_misses:
            lines.append(
                f"  parameter {kind} {label}: {param.get('field')} {param.get('value')!r} {param.get('unit')} "
                f"{param.get('scope') or {}} «{param.get('evidence', '')}»"
            )
        for label, key, param, got in report.attribute_misses:
            lines.append(
                f"  {key} miss {label}: {param.get('field')} {param.get('value')!r} {param.get('scope') or {}}: "
                f"gold={param.get(key)!r} got={got!r} «{param.get('evidence', '')}»"
            )
    core = report.tiers.get("core", Counts())
    extended = report.tiers.get("extended", Counts())
    lines.append(
        f"core_f1={core.f1:.3f} extended_f1={extended.f1:.3f} meta_acc={report.meta_acc:.3f} sections_f1={report.sections.f1:.3f}"
    )
    return "\n".join(lines)
