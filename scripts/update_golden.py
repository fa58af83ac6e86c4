"""Regenerate tests/golden/<stem>.json for every bundled notice, after showing what changes.

    python scripts/update_golden.py --check        # write nothing; exit 1 if anything would change
    python scripts/update_golden.py                # write the golden files and SCORES.json
    python scripts/update_golden.py --accept-drop  # write even though a gold score dropped
    python scripts/update_golden.py --out DIR      # compare with and write DIR, not tests/golden

For each notice of corpus/samples it prints a parameter-level diff between the
golden file and a fresh extraction: ``+`` added, ``-`` removed, ``~`` changed
(same field, scope and span, or the same figure and evidence read from a changed
sentence; what differs is named, old → new).  Metadata, section and other changes
are listed briefly.  A change of the ``rule`` id alone is counted in one line per
notice, and so are parameters that only moved (the text before them changed):
rule ids get renumbered, and a renumbering must not drown the changes of substance.

A golden file only says that the output did not change, not that it is right.
So before writing, the script scores the current code against the shared gold
(``extractor.evaluate``: seeds ../shared/gold + ../shared/seeds, development
notices ../shared/dev-gold + ../shared/dev) and compares with the scores stored
in tests/golden/SCORES.json when the golden files were last written.  If any
score dropped, it refuses to write (exit 1) unless given ``--accept-drop``.
Where ../shared is absent it says so and writes without that guard.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
CORPUS = ROOT / "corpus" / "samples"
SHARED = ROOT.parent / "shared"
SCORES_FILE = "SCORES.json"
NOTICE_SUFFIXES = {".txt", ".pdf", ".html", ".htm", ".docx"}

# name → (gold folder, notice folder), relative to the shared folder.
EVAL_SETS = {"seeds": ("gold", "seeds"), "dev": ("dev-gold", "dev")}
METRICS = ("core_f1", "extended_f1", "meta_acc", "sections_f1", "year_acc", "qualifier_acc")
# Four places: a single extra match among a few hundred still shows, float noise does not.
PLACES = 4


# ---------------------------------------------------------------- records


def _extractor():
    """The extractor package, imported late so that ``--help`` and the pure helpers stay cheap."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import extractor

    return extractor


def golden_record(path: Path) -> dict:
    """What the golden file of a notice holds: everything but volatile fields."""
    record = json.loads(_extractor().extract(path).model_dump_json())
    record.pop("extractor_version", None)
    record.pop("source_text", None)
    return record


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in NOTICE_SUFFIXES)


def collect_records() -> dict[str, dict]:
    """stem → fresh golden record of every bundled notice."""
    return {path.stem: golden_record(path) for path in corpus_files()}


def render(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def stored_records(out: Path) -> dict[str, dict]:
    """stem → record of every golden file in ``out`` (SCORES.json is not one)."""
    if not out.is_dir():
        return {}
    return {
        p.stem: json.loads(p.read_text("utf-8")) for p in sorted(out.glob("*.json")) if p.name != SCORES_FILE
    }


# ---------------------------------------------------------------- parameter diff


class ParamDiff(NamedTuple):
    added: list
    removed: list
    changed: list  # (old, new, [attribute, …]) — same field, scope and span (or value and evidence)
    rule_only: list  # (old, new) — nothing but ``rule`` differs
    moved: list  # (old, new) — nothing but the position differs: the text before it changed


# Where a parameter sits, not what it says: a change of the text before it moves it.
POSITION = ("span", "evidence_span", "rule")


def param_key(p: dict) -> tuple:
    """What makes two versions of a parameter the same parameter: field, scope and span.

    >>> param_key({"field": "f", "scope": {"b": 2, "a": 1}, "span": {"start": 3, "end": 5}})
    ('f', '{"a": 1, "b": 2}', 3, 5)
    """
    span = p.get("span") or {}
    scope = json.dumps(p.get("scope") or {}, ensure_ascii=False, sort_keys=True)
    return (p.get("field"), scope, span.get("start"), span.get("end"))


def moved_key(p: dict) -> str:
    """Everything but the position: two parameters alike in all of it differ only by where they sit.

    >>> moved_key({"field": "f", "value": 1, "span": {"start": 3, "end": 5}, "rule": "f#0"})
    '{"field": "f", "value": 1}'
    """
    return json.dumps({k: v for k, v in p.items() if k not in POSITION}, ensure_ascii=False, sort_keys=True)


def found_key(p: dict) -> tuple:
    """What was read, wherever it was read: field, scope, value, unit and evidence.

    >>> found_key({"field": "f", "scope": {}, "value": 1, "unit": "元", "evidence": "1元", "span": {}})
    ('f', '{}', '1', '元', '1元')
    """
    value = json.dumps(p.get("value"), ensure_ascii=False)
    return (*param_key(p)[:2], value, p.get("unit"), p.get("evidence"))


def pair(old: list, new: list, key) -> tuple[list, list, list]:
    """Pairs of items with one key, in order; then the old and the new left without a partner.

    >>> pair([1, 2, 3], [3, 4, 1], key=lambda x: x)
    ([(3, 3), (1, 1)], [2], [4])
    """
    waiting: dict = {}
    for item in old:
        waiting.setdefault(key(item), []).append(item)
    pairs, lonely_new = [], []
    for item in new:
        # Two items with one key pair in order: the extractor emits them in text order.
        queue = waiting.get(key(item))
        if queue:
            pairs.append((queue.pop(0), item))
        else:
            lonely_new.append(item)
    paired = {id(o) for o, _ in pairs}
    return pairs, [item for item in old if id(item) not in paired], lonely_new


def differing(old: dict, new: dict, ignore: tuple = ("rule",)) -> list[str]:
    """Names of the attributes whose values differ, sorted.

    >>> differing({"value": 1, "year": 2023, "rule": "a"}, {"value": 2, "year": 2023, "rule": "b"})
    ['value']
    >>> differing({"unit": "元"}, {"unit": "元", "qualifier": "不低于"})
    ['qualifier']
    """
    keys = (set(old) | set(new)) - set(ignore)
    return sorted(k for k in keys if old.get(k) != new.get(k))


def diff_parameters(old: list[dict], new: list[dict]) -> ParamDiff:
    """Pair two parameter lists by field, scope and span, and sort the pairs by what differs.

    Parameters left without a partner are paired once more on everything but their position:
    a parameter the text before it pushed along is moved, not removed and added again.  Those
    still alone pair on what was read (field, scope, value, unit, evidence): the same figure
    read from a changed sentence is changed, with its span among what differs.

    >>> p = {"field": "f", "scope": {}, "span": {"start": 0, "end": 3}, "value": 360, "rule": "f#0"}
    >>> q = dict(p, span={"start": 9, "end": 12}, value=100)
    >>> d = diff_parameters([p, q], [dict(p, value=380), dict(q, rule="f#7")])
    >>> [(o["value"], n["value"], what) for o, n, what in d.changed]
    [(360, 380, ['value'])]
    >>> [(o["rule"], n["rule"]) for o, n in d.rule_only]
    [('f#0', 'f#7')]
    >>> d.added, d.removed, d.moved
    ([], [], [])
    >>> [n["span"] for o, n in diff_parameters([q], [dict(q, span={"start": 7, "end": 10})]).moved]
    [{'start': 7, 'end': 10}]
    >>> [what for o, n, what in diff_parameters([q], [dict(q, span={"start": 7, "end": 10}, sentence="…")]).changed]
    [['sentence', 'span']]
    """
    pairs, removed, added = pair(old, new, param_key)
    moved, removed, added = pair(removed, added, moved_key)
    read_elsewhere, removed, added = pair(removed, added, found_key)
    pairs += read_elsewhere
    changed, rule_only = [], []
    for o, n in pairs:
        what = differing(o, n)
        if what:
            changed.append((o, n, what))
        elif o.get("rule") != n.get("rule"):
            rule_only.append((o, n))
    return ParamDiff(added, removed, changed, rule_only, moved)


def _short(value, limit: int = 40) -> str:
    """A value on one line, cut to ``limit`` characters; spans as start–end.

    >>> _short({"start": 3, "end": 9})
    '3–9'
    >>> _short("一二三四五六", limit=6)
    "'一二三…'"
    """
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        return f"{value['start']}–{value['end']}"
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[-1]


def describe_param(p: dict) -> str:
    """One line: field, scope, value + unit, year, qualifier and the evidence.

    >>> describe_param({"field": "contribution.individual", "scope": {"insured_group": "students"},
    ...     "value": 363, "unit": "元", "year": 2022, "qualifier": None, "evidence": "每人363元"})
    'contribution.individual {insured_group=students} 363 元 year=2022 qualifier=- «每人363元»'
    """
    scope = ",".join(f"{k}={v}" for k, v in sorted((p.get("scope") or {}).items()))
    value = json.dumps(p.get("value"), ensure_ascii=False)
    return (
        f"{p.get('field')} {{{scope}}} {value} {p.get('unit') or ''}".rstrip()
        + f" year={p.get('year')} qualifier={p.get('qualifier') or '-'} «{p.get('evidence', '')}»"
    )


def _delta(old, new) -> str:
    """``old → new``; of two long texts only the part that differs, so that a sentence shows its change.

    >>> _delta("每人640元", "每人670元")
    "'每人640元' → '每人670元'"
    >>> _delta("2023年，全市城乡居民基本医疗保险人均财政补助标准增加30元，达到640元。",
    ...        "2023年，全市城乡居民基本医疗保险人均财政补助标准增加30元，达到670元。")
    "…'4'… → …'7'…"
    >>> _delta(2022, 2023)
    '2022 → 2023'
    """
    short = all(isinstance(s, str) and len(s) <= 30 for s in (old, new))
    if short or not (isinstance(old, str) and isinstance(new, str)):
        return f"{_short(old)} → {_short(new)}"
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    cut = lambda s: ("…" if start else "") + _short(s[start : len(s) - end]) + ("…" if end else "")  # noqa: E731
    return f"{cut(old)} → {cut(new)}"


def describe_change(old: dict, new: dict, what: list[str]) -> str:
    """The new parameter, then each differing attribute as old → new.

    >>> describe_change({"field": "f", "value": 1, "year": 2023}, {"field": "f", "value": 2, "year": 2023}, ["value"])
    'f {} 2 year=2023 qualifier=- «»: value 1 → 2'
    """
    changes = "; ".join(f"{k} {_delta(old.get(k), new.get(k))}" for k in what)
    return f"{describe_param(new)}: {changes}"


def parameter_lines(d: ParamDiff) -> list[str]:
    """The listed changes of a parameter diff; rule-only changes are summarised elsewhere."""
    lines = [f"+ {describe_param(p)}" for p in d.added]
    lines += [f"- {describe_param(p)}" for p in d.removed]
    lines += [f"~ {describe_change(o, n, what)}" for o, n, what in d.changed]
    return lines


def rule_summary(pairs: list) -> str | None:
    """One line for all rule-id-only changes of a notice: how many, and the first renamings.

    >>> rule_summary([({"rule": "a#0"}, {"rule": "a#3"}), ({"rule": "a#0"}, {"rule": "a#3"}),
    ...               ({"rule": "b#1"}, {"rule": "b#4"})])
    'rule id only: 3 parameters (a#0 → a#3 ×2, b#1 → b#4)'
    >>> rule_summary([]) is None
    True
    """
    if not pairs:
        return None
    renamings = Counter((o.get("rule"), n.get("rule")) for o, n in pairs)
    shown = [f"{a} → {b}" + (f" ×{count}" if count > 1 else "") for (a, b), count in list(renamings.items())[:3]]
    more = ", …" if len(renamings) > 3 else ""
    return f"rule id only: {len(pairs)} parameters ({', '.join(shown)}{more})"


def moved_summary(pairs: list) -> str | None:
    """One line for the parameters that only moved, with the shifts of their spans.

    >>> moved_summary([({"span": {"start": 9}, "rule": "a"}, {"span": {"start": 7}, "rule": "b"})])
    'moved only: 1 parameters, span shifted by -2 (1 with a new rule id too)'
    >>> moved_summary([]) is None
    True
    """
    if not pairs:
        return None
    shifts = sorted({(n.get("span") or {}).get("start", 0) - (o.get("span") or {}).get("start", 0) for o, n in pairs})
    shown = ", ".join(f"{s:+d}" for s in shifts[:4]) + (", …" if len(shifts) > 4 else "")
    renamed = sum(o.get("rule") != n.get("rule") for o, n in pairs)
    also = f" ({renamed} with a new rule id too)" if renamed else ""
    return f"moved only: {len(pairs)} parameters, span shifted by {shown}{also}"


# ---------------------------------------------------------------- metadata, sections, the rest


def meta_lines(old: dict, new: dict) -> list[str]:
    """
    >>> meta_lines({"policy_year": 2022, "city": "广州市"}, {"policy_year": 2023, "city": "广州市"})
    ['meta policy_year: 2022 → 2023']
    """
    return [f"meta {k}: {_short(old.get(k))} → {_short(new.get(k))}" for k in differing(old, new, ignore=())]


def _section_titles(sections: list, out: Counter) -> Counter:
    for s in sections:
        out[(s.get("path") or str(s.get("number")), s.get("title"))] += 1
        _section_titles(s.get("children") or [], out)
    return out


def section_lines(old: list, new: list) -> list[str]:
    """Sections by path and title; a section whose other attributes alone changed is counted.

    >>> section_lines([{"path": "一", "title": "筹资"}], [{"path": "一", "title": "筹资标准"}])
    ["section + 一 '筹资标准'", "section - 一 '筹资'"]
    """
    before, after = _section_titles(old, Counter()), _section_titles(new, Counter())
    lines = [f"section + {path} {_short(title)}" for path, title in sorted((after - before).elements())]
    lines += [f"section - {path} {_short(title)}" for path, title in sorted((before - after).elements())]
    if not lines and old != new:
        lines.append("sections: same numbers and titles; spans, levels or markers changed")
    return lines


def other_lines(old: dict, new: dict, skip: tuple) -> list[str]:
    """Whatever else differs, one short line per key: lists as counts of items in and out.

    >>> other_lines({"warnings": ["a"], "sha256": "x"}, {"warnings": ["a", "b"], "sha256": "y"}, skip=())
    ['sha256 changed', 'warnings: 1 added, 0 removed']
    """
    lines = []
    for key in differing(old, new, ignore=skip):
        a, b = old.get(key), new.get(key)
        if isinstance(a, list) and isinstance(b, list):
            dump = lambda items: Counter(json.dumps(i, ensure_ascii=False, sort_keys=True) for i in items)  # noqa: E731
            plus, minus = dump(b) - dump(a), dump(a) - dump(b)
            if plus or minus:
                lines.append(f"{key}: {sum(plus.values())} added, {sum(minus.values())} removed")
                continue
        lines.append(f"{key} changed")
    return lines


def document_lines(old: dict, new: dict) -> tuple[list[str], ParamDiff]:
    """Lines of one document's changes, and its parameter diff (whose rule-only and moved pairs
    the notice sums up)."""
    params = diff_parameters(old.get("parameters") or [], new.get("parameters") or [])
    lines = parameter_lines(params)
    lines += meta_lines(old.get("meta") or {}, new.get("meta") or {})
    lines += section_lines(old.get("sections") or [], new.get("sections") or [])
    lines += other_lines(old, new, skip=("parameters", "meta", "sections"))
    return lines, params


def record_lines(old: dict | None, new: dict | None) -> list[str]:
    """Everything that differs between two golden records of a notice, ready to print.

    >>> record_lines({"documents": []}, {"documents": []})
    []
    >>> record_lines(None, {"documents": [{}]})
    ['new golden file: 1 documents, 0 parameters']
    """
    if old is None:
        count = sum(len(d.get("parameters") or []) for d in new["documents"])
        return [f"new golden file: {len(new['documents'])} documents, {count} parameters"]
    if new is None:
        return ["no such notice in corpus/samples any more: remove its golden file (git rm)"]
    lines, rules, moves = [], [], []
    old_docs, new_docs = old.get("documents") or [], new.get("documents") or []
    if len(old_docs) != len(new_docs):
        lines.append(f"documents: {len(old_docs)} → {len(new_docs)}")
    empty = {"meta": {}, "sections": [], "parameters": []}
    several = max(len(old_docs), len(new_docs)) > 1
    for i in range(max(len(old_docs), len(new_docs))):
        doc_old = old_docs[i] if i < len(old_docs) else empty
        doc_new = new_docs[i] if i < len(new_docs) else empty
        found, params = document_lines(doc_old, doc_new)
        # Only a file of several documents needs to say which one.
        lines += [f"doc {i}: {line}" if several else line for line in found]
        rules += params.rule_only
        moves += params.moved
    lines += other_lines(old, new, skip=("documents",))
    lines += [s for s in (moved_summary(moves), rule_summary(rules)) if s]
    if not lines and render(old) != render(new):
        lines.append("changed (no detail found: compare the files)")
    return lines


def golden_diff(stored: dict[str, dict], fresh: dict[str, dict]) -> dict[str, list[str]]:
    """stem → lines, for every notice whose golden record would change."""
    out = {}
    for stem in sorted(set(stored) | set(fresh)):
        lines = record_lines(stored.get(stem), fresh.get(stem))
        if lines:
            out[stem] = lines
    return out


# ---------------------------------------------------------------- scores


def eval_sets(shared: Path) -> dict[str, tuple[Path, Path]]:
    """name → (gold folder, notice folder) of the shared sets that are present."""
    sets = {name: (shared / gold, shared / notices) for name, (gold, notices) in EVAL_SETS.items()}
    return {name: pair for name, pair in sets.items() if pair[0].is_dir() and pair[1].is_dir()}


def scores_of(report) -> dict[str, float]:
    """The stored metrics of an ``extractor.evaluate.Report``, rounded."""
    matched = report.matched
    values = {
        "core_f1": report.tiers["core"].f1,
        "extended_f1": report.tiers["extended"].f1,
        "meta_acc": report.meta_acc,
        "sections_f1": report.sections.f1,
        "year_acc": report.year_hits / matched if matched else 0.0,
        "qualifier_acc": report.qualifier_hits / matched if matched else 0.0,
    }
    return {k: round(v, PLACES) for k, v in values.items()}


def measure_scores(sets: dict[str, tuple[Path, Path]]) -> dict[str, dict[str, float]]:
    """name → scores of the current code on each set."""
    _extractor()
    from extractor.evaluate import evaluate

    return {name: scores_of(evaluate(gold, notices)) for name, (gold, notices) in sets.items()}


def load_scores(out: Path) -> dict | None:
    path = out / SCORES_FILE
    return json.loads(path.read_text("utf-8")) if path.is_file() else None


def render_scores(scores: dict) -> str:
    return json.dumps(scores, indent=1, sort_keys=True) + "\n"


def score_changes(stored: dict, measured: dict) -> list[tuple[str, str, float, float]]:
    """(set, metric, old, new) for every stored metric the measurement moved.

    A set or metric only one side has is no change: nothing to compare it with.

    >>> score_changes({"dev": {"core_f1": 0.8, "meta_acc": 0.5}}, {"dev": {"core_f1": 0.7, "meta_acc": 0.5}})
    [('dev', 'core_f1', 0.8, 0.7)]
    """
    changes = []
    for name in sorted(set(stored) & set(measured)):
        for metric in METRICS:
            old, new = stored[name].get(metric), measured[name].get(metric)
            if old is not None and new is not None and old != new:
                changes.append((name, metric, old, new))
    return changes


def score_drops(stored: dict, measured: dict) -> list[str]:
    """One message per score that dropped, naming the set and the metric.

    >>> score_drops({"dev": {"core_f1": 0.8}}, {"dev": {"core_f1": 0.7}})
    ['dev: core_f1 dropped 0.8000 → 0.7000']
    >>> score_drops({"dev": {"core_f1": 0.8}}, {"dev": {"core_f1": 0.9}})
    []
    """
    return [
        f"{name}: {metric} dropped {old:.{PLACES}f} → {new:.{PLACES}f}"
        for name, metric, old, new in score_changes(stored, measured)
        if new < old
    ]


def may_write(stored: dict | None, measured: dict, accept_drop: bool = False) -> tuple[bool, list[str]]:
    """Whether the golden files may be written, and the drops that say why not (or were accepted).

    >>> may_write({"seeds": {"meta_acc": 1.0}}, {"seeds": {"meta_acc": 0.9}})
    (False, ['seeds: meta_acc dropped 1.0000 → 0.9000'])
    >>> may_write({"seeds": {"meta_acc": 1.0}}, {"seeds": {"meta_acc": 0.9}}, accept_drop=True)[0]
    True
    """
    drops = score_drops(stored or {}, measured)
    return (not drops or accept_drop), drops


def merged_scores(stored: dict | None, measured: dict) -> dict:
    """What SCORES.json holds after a write: fresh scores, and the stored ones of sets not measured.

    >>> merged_scores({"dev": {"core_f1": 0.7}, "seeds": {"core_f1": 1.0}}, {"dev": {"core_f1": 0.8}})
    {'dev': {'core_f1': 0.8}, 'seeds': {'core_f1': 1.0}}
    """
    return {**(stored or {}), **measured}


def score_lines(stored: dict | None, measured: dict) -> list[str]:
    """What the measurement says against SCORES.json, for the report."""
    if stored is None:
        return [f"no {SCORES_FILE} yet: it will record " + ", ".join(sorted(measured))] if measured else []
    lines = []
    for name, metric, old, new in score_changes(stored, measured):
        word = "dropped" if new < old else "rose"
        lines.append(f"score {name}: {metric} {word} {old:.{PLACES}f} → {new:.{PLACES}f}")
    for name in sorted(set(measured) - set(stored)):
        lines.append(f"score {name}: not in {SCORES_FILE} yet")
    return lines


# ---------------------------------------------------------------- command


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def print_diff(diff: dict[str, list[str]], out: Path) -> None:
    for stem, lines in diff.items():
        print(f"{_shown(out / (stem + '.json'))}")
        for line in lines:
            print(f"  {line}")


def write_all(out: Path, fresh: dict[str, dict], diff: dict[str, list[str]], scores: dict) -> None:
    """Write the golden files that change, and SCORES.json unless ``scores`` is empty."""
    out.mkdir(parents=True, exist_ok=True)
    for stem, record in fresh.items():
        if stem in diff:
            (out / f"{stem}.json").write_text(render(record), encoding="utf-8")
            print(f"wrote {_shown(out / (stem + '.json'))}")
    if scores:
        (out / SCORES_FILE).write_text(render_scores(scores), encoding="utf-8")
        print(f"wrote {_shown(out / SCORES_FILE)}")


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--check", action="store_true", help="write nothing; print the diff; exit 1 if anything differs")
    p.add_argument("--accept-drop", action="store_true", help="write even though a score on the shared gold dropped")
    p.add_argument("--out", type=Path, default=GOLDEN, metavar="DIR", help="folder of golden files (default tests/golden)")
    p.add_argument("--shared", type=Path, default=SHARED, metavar="DIR", help="shared gold and notices (default ../shared)")
    return p.parse_args(argv)


def warn_missing(shared: Path, sets: dict) -> None:
    """Say which shared sets cannot be scored: without them no drop can stop a write."""
    if not shared.is_dir():
        print(f"warning: {shared} not found: no scores on the shared gold, so no drop can stop a write")
        return
    for name in sorted(set(EVAL_SETS) - set(sets)):
        gold, notices = EVAL_SETS[name]
        print(f"warning: {shared / gold} or {shared / notices} not found: set {name!r} not scored")


def check(diff: dict, lines: list[str], out: Path, notices: int) -> int:
    """``--check``: exit 1 when a golden file or a stored score would change."""
    if diff or lines:
        print(f"differs: {len(diff)} golden files, {len(lines)} score lines; review, then run scripts/update_golden.py")
        return 1
    print(f"{_shown(out)} is up to date ({notices} notices)")
    return 0


def write(out: Path, fresh: dict, diff: dict, stored: dict | None, measured: dict, accept_drop: bool) -> int:
    """Write, unless a score dropped and the drop was not accepted."""
    ok, drops = may_write(stored, measured, accept_drop)
    if not ok:
        print("refusing to write: a score on the shared gold dropped", file=sys.stderr)
        for drop in drops:
            print(f"  {drop}", file=sys.stderr)
        print("fix the regression, or rerun with --accept-drop if the drop is right", file=sys.stderr)
        return 1
    for drop in drops:
        print(f"warning: accepted: {drop}")
    if not measured:
        print(f"warning: writing without the score guard; {SCORES_FILE} keeps the scores it holds")
    # Unmeasured, the stored scores stay as they are: rewriting them would vouch for nothing.
    write_all(out, fresh, diff, merged_scores(stored, measured) if measured else {})
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    fresh = collect_records()
    diff = golden_diff(stored_records(args.out), fresh)
    print_diff(diff, args.out)

    sets = eval_sets(args.shared)
    warn_missing(args.shared, sets)
    stored, measured = load_scores(args.out), measure_scores(sets)
    lines = score_lines(stored, measured)
    for line in lines:
        print(line)

    if args.check:
        return check(diff, lines, args.out, len(fresh))
    return write(args.out, fresh, diff, stored, measured, args.accept_drop)


if __name__ == "__main__":
    sys.exit(main())
