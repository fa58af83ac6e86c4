"""What the app shows, as tables: built from the store, with no Streamlit in them.

The comparison table has one row per field × scope, grouped by theme (筹资, 财政补助,
个人缴费, 住院, 门诊, 生育, 大病保险, 医疗救助, 参保缴费), and one column per notice;
a cell holds value, unit, qualifier and year, and the evidence sentence is kept
beside it for the hover.  Corrected values are marked with ✎, values a consistency
warning names with ⚠.  A regions × years choice leaves out documents whose topic flag says
they are about another matter (corpus.compare.off_topic) unless asked to take them in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from extractor.reading.regions import region_name
from extractor.vocab import field_labels, load

from .compare import off_topic


def themes() -> list[str]:
    return list(dict.fromkeys(load("fields")["themes"].values()))


def theme_of(field: str) -> str:
    """
    >>> theme_of("subsidy_share.central"), theme_of("enrollment.payment_period"), theme_of("x.y")
    ('财政补助', '参保缴费', '其他')
    """
    table = load("fields")["themes"]
    prefix = field.split(".")[0]
    return table.get(prefix, "其他")


def cell_text(value, unit: str | None, qualifier: str | None, year: int | None, corrected: bool = False) -> str:
    """
    >>> cell_text(640, "元", "不低于", 2023)
    '不低于 640 元 (2023)'
    >>> cell_text([9, 12], "月", None, None, corrected=True)
    '9–12 月 ✎'
    """
    if isinstance(value, str) and value.startswith("["):
        value = json.loads(value)
    shown = "–".join(str(v) for v in value) if isinstance(value, list) else f"{value:g}" if isinstance(value, float) else str(value)
    text = " ".join(x for x in (qualifier or "", shown, unit or "") if x)
    if year:
        text += f" ({year})"
    return text + (" ✎" if corrected else "")


def column_label(doc: dict) -> str:
    region = region_name(doc.get("province"), doc.get("city"), doc.get("county")) or "?"
    return f"{region} {doc.get('policy_year') or '?'} · {doc.get('doc_number') or '#' + str(doc['notice'])}"


def _warned(document) -> set[tuple[str, str]]:
    """(field, scope) of the parameters a consistency warning names: field[k=v;…]=value."""
    out = set()
    for check in document.checks:
        for item in check.parameters:
            name = item.split("=", 1)[0] if "[" not in item.split("=", 1)[0] else item.split("]", 1)[0]
            field, _, scope = name.partition("[")
            scope = scope.rstrip("]").replace(",", ";")
            out.add((field, scope))
    return out


def documents_of(store, regions: list[str], years: list[int], include_other: bool = False) -> list[tuple[int, int]]:
    """Documents of the chosen regions and years (as corrected), for a regions × years comparison;
    those whose topic flag says they are about another matter than resident medical insurance only
    with ``include_other``; never a notice a person excluded."""
    skip = set() if include_other else off_topic(store)
    picked = []
    for d in store.list():
        region = region_name(d["province"], d["city"], d["county"])
        if d["excluded"] is not None:
            continue
        if region in regions and d["policy_year"] in years and not d["same_as"] and (d["notice"], d["document"]) not in skip:
            picked.append((d["notice"], d["document"]))
    return picked


def compare_table(store, chosen: list[tuple[int, int]]):
    """(table, evidence): rows (theme, field label, field id, scope) × one column per chosen
    (notice, document); ``evidence[(row key, column)]`` is the sentence behind a cell."""
    import pandas as pd

    docs = {(r["notice"], r["document"]): r for r in store.list()}
    names = field_labels()
    order = {t: i for i, t in enumerate(themes())}
    cells: dict[tuple, dict[str, str]] = {}
    evidence: dict[tuple, str] = {}
    columns = []
    for key in chosen:
        if key not in docs:
            continue
        label = column_label(docs[key])
        columns.append(label)
        warned = _warned(store.notice(key[0]).documents[key[1]])
        for p in store.parameters_of(key[0]):
            if p["document"] != key[1]:
                continue
            row = (theme_of(p["field"]), names.get(p["field"], p["field"]), p["field"], p["scope_key"])
            cells.setdefault(row, {})
            if label not in cells[row]:
                text = cell_text(json.loads(p["value"]), p["unit"], p["qualifier"], p["year"], p["corrected"])
                cells[row][label] = text + (" ⚠" if (p["field"], p["scope_key"]) in warned else "")
                evidence[(row, label)] = p["sentence"] or p.get("correction_note") or ""
    rows = sorted(cells, key=lambda r: (order.get(r[0], len(order)), r[2], r[3]))
    table = pd.DataFrame([[cells[r].get(c, "") for c in columns] for r in rows], columns=columns,
                         index=pd.MultiIndex.from_tuples(rows, names=["主题", "字段", "field", "scope"]) if rows else None)
    return table, evidence


def differs_from(table, baseline: str):
    """A same-shaped table of booleans: True where a cell differs from the baseline column."""
    import pandas as pd

    if baseline not in table.columns:
        return pd.DataFrame(False, index=table.index, columns=table.columns)
    base = table[baseline]
    return table.apply(lambda column: (column != base) & (column != "") & (base != ""))


@dataclass(frozen=True)
class SectionPair:
    left: str | None  # path and title in the first notice
    right: str | None
    score: float
    left_text: str
    right_text: str


def _flat_sections(notice, position: int) -> list[tuple[str, str, str]]:
    """(path, title, text) of every section of a document, in reading order."""
    doc = notice.documents[position]
    out, stack = [], list(doc.sections)
    while stack:
        section = stack.pop(0)
        text = notice.text[section.span.start : section.span.end]
        out.append((section.path, section.title, text))
        stack[0:0] = list(section.children)
    return out


def align_sections(store, left: tuple[int, int], right: tuple[int, int], cutoff: float = 55) -> list[SectionPair]:
    """Sections of two documents paired by title and content (rapidfuzz), each used once;
    the unpaired ones stand alone.  Order: the first document's, then the second's leftovers."""
    from rapidfuzz import fuzz

    a = _flat_sections(store.notice(left[0]), left[1])
    b = _flat_sections(store.notice(right[0]), right[1])
    scores = []
    for i, (_, title_a, text_a) in enumerate(a):
        for j, (_, title_b, text_b) in enumerate(b):
            score = 0.7 * fuzz.ratio(title_a, title_b) + 0.3 * fuzz.ratio(text_a[:400], text_b[:400])
            if score >= cutoff:
                scores.append((score, i, j))
    paired: dict[int, tuple[int, float]] = {}
    used = set()
    for score, i, j in sorted(scores, reverse=True):
        if i not in paired and j not in used:
            paired[i] = (j, score)
            used.add(j)
    out = []
    for i, (path, title, text) in enumerate(a):
        if i in paired:
            j, score = paired[i]
            out.append(SectionPair(f"{path} {title}", f"{b[j][0]} {b[j][1]}", round(score, 1), text, b[j][2]))
        else:
            out.append(SectionPair(f"{path} {title}", None, 0.0, text, ""))
    for j, (path, title, text) in enumerate(b):
        if j not in used:
            out.append(SectionPair(None, f"{path} {title}", 0.0, "", text))
    return out


def diff_html(old: str, new: str) -> str:
    """Character diff of two texts as escaped HTML: removed in <del>, added in <ins>.

    >>> diff_html("达到640元<b>", "达到670元<b>")
    '达到6<del>4</del><ins>7</ins>0元&lt;b&gt;'
    """
    import difflib
    import html

    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape(old[a0:a1]))
            continue
        if a1 > a0:
            out.append(f"<del>{html.escape(old[a0:a1])}</del>")
        if b1 > b0:
            out.append(f"<ins>{html.escape(new[b0:b1])}</ins>")
    return "".join(out)


def changed_parameters(store, left: tuple[int, int], right: tuple[int, int]) -> list[dict]:
    """Fields × scopes whose value differs between two documents (or that only one states)."""
    def values(key):
        return {
            (p["field"], p["scope_key"]): cell_text(json.loads(p["value"]), p["unit"], p["qualifier"], p["year"], p["corrected"])
            for p in store.parameters_of(key[0]) if p["document"] == key[1]
        }

    a, b = values(left), values(right)
    names = field_labels()
    return [
        {"field": f, "字段": names.get(f, f), "scope": s, "first": a.get((f, s), ""), "second": b.get((f, s), "")}
        for f, s in sorted(set(a) | set(b))
        if a.get((f, s)) != b.get((f, s))
    ]
