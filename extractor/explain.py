"""``explain``: why each figure of a notice's body got the field it got, or none.

The figures stage runs with a trace (figures.binding: a Decision, then an Outcome, per
figure); this module turns it into a report, one entry per figure: the figure and its
sentence, every cue the binder saw for it with its distance and verdict (won, or why it
lost), the misspelt-name candidates likewise, the parameters emitted (or why none), where
each scope value came from (scope.scope_sources) and where the year came from
(years.year_source) — the functions the binder itself decides with.

    report = explain("notice.pdf", field="subsidy.per_capita")
    print(render(report))          # plain text for a terminal; the dict itself is the JSON
"""

from __future__ import annotations

from .figures.binding import Decision, Outcome, clause_chain
from .figures.context import DocumentContext
from .normalize import matchable, simplified
from .reading.sections import as_written as sections_as_written

SHORT = 90  # a longer sentence is shown around its figure
AROUND = 36  # characters kept on each side of the figure


def explain(path, *, field: str | None = None, at: str | None = None, ocr: bool = False) -> dict:
    """Read one file with the figures stage traced; the report (see :func:`explain_notice`).

    Raises what :func:`extractor.pipeline.extract` raises for a file it cannot read."""
    from .pipeline import extract

    trace: list = []
    notice = extract(path, ocr=ocr, trace=trace)
    return explain_notice(notice, trace, field=field, at=at, name=str(path))


def explain_notice(notice, trace: list, *, field: str | None = None, at: str | None = None, name: str | None = None) -> dict:
    """The report of a notice read with ``trace`` (pipeline.from_raw's trace: one list per document).

    ``field`` keeps the figures bound to that field id; ``at`` those whose sentence holds that text."""
    documents = []
    view = simplified(notice.text)
    for doc, records in zip(notice.documents, trace):
        # As the binder read it: matching on the folded text, words shown from the source, the sections'
        # titles as the reading stages found them (on the view: traditional characters as simplified).
        sections = doc.sections if view == notice.text else sections_as_written(doc.sections, view)
        ctx = DocumentContext(matchable(notice.text), notice.text, sections, doc.meta.policy_year)
        figures = [_figure(ctx, d, o) for d, o in _pairs(records)]
        for number, entry in enumerate(figures, start=1):
            entry["number"] = number
        shown = [f for f in figures if _selected(f, field, at)]
        if field is not None:
            # Those a cue of the field saw but did not get: where a missing one usually is.
            left = [f for f in figures if f["unlabelled"] and _selected(f, None, at)
                    and any(c["field"] == field for c in f["cues"] + f["fuzzy"])]
        else:
            left = [f for f in shown if f["unlabelled"]]
        documents.append(
            {
                "doc_number": doc.meta.doc_number,
                "title": doc.meta.title,
                "policy_year": doc.meta.policy_year,
                "counts": {
                    "figures": len(figures),
                    "bound": sum(1 for f in figures if f["parameters"]),
                    "unlabelled": sum(1 for f in figures if f["unlabelled"]),
                    "previous": sum(1 for f in figures if f["how"] == "previous"),
                },
                "figures": shown,
                "unlabelled": [_brief(f) for f in left],
                "tables": [_parameter(p) for p in doc.parameters if p.rule.endswith("#table")],
            }
        )
    return {"file": name or notice.source, "field": field, "at": at, "documents": documents}


def _pairs(records: list) -> list[tuple[Decision, Outcome]]:
    """The trace as (decision, outcome) per figure: each Decision is followed by its Outcome."""
    out = []
    decision = None
    for record in records:
        if isinstance(record, Decision):
            decision = record
        elif isinstance(record, Outcome) and decision is not None and decision.figure is record.figure:
            out.append((decision, record))
            decision = None
    return out


def _selected(entry: dict, field: str | None, at: str | None) -> bool:
    if field is not None and not any(p["field"] == field for p in entry["parameters"]) and entry["bound_to"] != field:
        return False
    if at is not None and at not in entry["sentence"] and matchable(at) not in matchable(entry["sentence"]):
        return False
    return True


def _figure(ctx: DocumentContext, decision: Decision, outcome: Outcome) -> dict:
    text, q, sentence = ctx.source, decision.figure, outcome.sentence
    exact = [v for v in decision.verdicts if not v.cue.fuzzy]
    fuzzy = [v for v in decision.verdicts if v.cue.fuzzy]
    exact.sort(key=lambda v: v.cue.start)
    winner = decision.winner
    entry = {
        "figure": text[q.start : q.end],
        "kind": q.kind,
        "value": q.value,
        "unit": q.unit,
        "span": [q.start, q.end],
        "sentence": text[sentence.start : sentence.end],
        "sentence_span": [sentence.start, sentence.end],
        "section": ctx.section_path(q.start),
        "how": decision.how,
        "bound_to": winner.rule.id if winner is not None else None,
        "cues": [_cue(ctx, q, sentence, v, winner, decision.verdicts) for v in exact],
        "fuzzy": [_cue(ctx, q, sentence, v, winner, decision.verdicts) for v in fuzzy],
        "fuzzy_tried": decision.how in ("fuzzy", "none"),
        "parameters": [_parameter(p) for p in outcome.parameters],
        "unlabelled": outcome.unlabelled is not None,
        "reason": _why_unlabelled(decision, outcome, exact, fuzzy),
        "scope": [_scope(text, s) for s in outcome.scopes],
        "year": None if outcome.year is None else {"year": outcome.year[0], "source": outcome.year[1]},
    }
    if decision.how == "restated" and winner is not None:
        entry["cues"] = [
            {"words": text[winner.start : winner.end], "pattern": winner.pattern, "field": winner.rule.id,
             "position": winner.position, "distance": None, "verdict": "won",
             "why": "restates the figure before it (90%（315元）): takes the cue that figure took"}
        ]
    notes = []
    for p in outcome.parameters:
        if winner is not None and p.field == winner.rule.increase and p.field != winner.rule.id:
            notes.append(f"{p.field}: the increase of {winner.rule.id} (a verb of increase stands before the figure)")
        elif winner is not None and p.field in winner.rule.each:
            notes.append(f"{p.field}: one of the fields {winner.pattern} names together")
    entry["notes"] = list(dict.fromkeys(notes))
    return entry


def _cue(ctx: DocumentContext, q, sentence, verdict_of, winner, verdicts) -> dict:
    """One cue's fate, its reason completed with what the guard saw: the figure that blocked
    it, the avoid-word, the topic words the sentence lacks, the tie a cue as near won."""
    text, folded = ctx.source, ctx.text
    cue, distance, reason = verdict_of.cue, verdict_of.distance, verdict_of.reason
    verdict, why = "won", None
    if reason is not None:
        verdict, why = _verdict(reason), reason
        if verdict == "blocked":
            between = [o for o in sentence.quantities
                       if o is not q and o.kind == q.kind and cue.end <= o.start and o.end <= q.start and not o.is_previous]
            if between:
                why += " (" + "、".join(text[o.start : o.end] for o in between) + ")"
        elif verdict == "avoided" and cue.rule.avoid is not None:
            found = cue.rule.avoid.search(clause_chain(folded, cue, q, sentence.start))
            if found:
                why += f" ({found.group()})"
        elif verdict == "a nearer cue won" and winner is not None:
            won_at = next((v.distance for v in verdicts if v.cue is winner), None)
            if won_at == distance:
                why = (f"a cue as near won: {winner.pattern} (priority {winner.rule.priority} against "
                       f"{cue.rule.priority}; at equal priority the first found)")
        elif verdict == "off topic":
            rule = cue.rule
            in_sentence = rule.needs is not None and rule.needs.search(folded, sentence.start, sentence.end)
            if rule.needs is not None and not (in_sentence or rule.needs.search(sentence.context)):
                why += f" ({_words(rule.needs.pattern)})"
            elif rule.needs_heading is not None:
                why += f" (the heading or the sentence must name {_words(rule.needs_heading.pattern)})"
    elif winner is not cue:
        verdict, why = "fits", "fits, but was not reached"
    shown = None if distance is None else int(distance)
    return {"words": text[cue.start : cue.end], "pattern": cue.pattern, "field": cue.rule.id, "position": cue.position,
            "distance": shown, "verdict": verdict, "why": why}


def _verdict(reason: str) -> str:
    """The short name of why a cue lost: wrong kind, too far, across a ；, stands after the
    figure, stands before the figure, off topic, avoided, blocked, a nearer cue won."""
    for name in ("wrong kind", "too far", "across a ；", "stands after the figure", "stands before the figure",
                 "off topic", "avoided", "blocked", "a nearer cue won"):
        if reason.startswith(name):
            return name
    return reason


def _words(pattern: str, limit: int = 40) -> str:
    """A field's alternation of words, as words: (?:门诊)|(?:统筹) → 门诊|统筹."""
    shown = pattern.replace("(?:", "").replace(")|", "|").removesuffix(")")
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _why_unlabelled(decision: Decision, outcome: Outcome, exact: list, fuzzy: list) -> str | None:
    if outcome.unlabelled is None:
        return None if outcome.parameters else outcome.reason
    if decision.winner is not None:
        return outcome.reason
    tried = sorted(exact + fuzzy, key=lambda v: (v.distance is None, v.distance or 0))
    if not tried:
        return "no cue of any field in its sentence, and no misspelt field name before it"
    fates: dict[str, str] = {}
    for v in tried:  # nearest first: each reason once, with the first cue it struck
        fates.setdefault(_verdict(v.reason), v.cue.pattern)
    listed = "; ".join(f"{verdict} ({pattern})" for verdict, pattern in fates.items())
    return f"{len(tried)} cue(s) seen, none fits: {listed}"


def _parameter(p) -> dict:
    return {"field": p.field, "value": p.value, "unit": p.unit, "scope": dict(p.scope), "year": p.year,
            "qualifier": p.qualifier, "operator": p.operator, "previous": p.previous, "rule": p.rule}


def _scope(text: str, source) -> dict:
    a, b = source.window
    return {
        "key": source.key,
        "window": text[a:b],
        "found": [{"words": text[s:e], "value": v} for s, e, v in source.found],
        "chosen": list(source.chosen),
        "how": source.how,
    }


def _brief(entry: dict) -> dict:
    return {"number": entry["number"], "figure": entry["figure"], "kind": entry["kind"], "section": entry["section"],
            "reason": entry["reason"]}


def shorten(text: str, start: int, end: int, q_start: int, q_end: int) -> str:
    """The sentence, or the part of it around the figure when it is long.

    >>> shown = shorten("甲" * 100 + "580元" + "乙" * 100, 0, 204, 100, 104)
    >>> shown[:4], shown[37:41], len(shown)
    ('…甲甲甲', '580元', 78)
    """
    if end - start <= SHORT:
        return text[start:end]
    a, b = max(start, q_start - AROUND), min(end, q_end + AROUND)
    return ("…" if a > start else "") + text[a:b] + ("…" if b < end else "")


# --- plain text -------------------------------------------------------------------------------

_HOW = {
    "nearest": "the nearest",
    "list": "a list: one parameter each",
    "after": "after the figure, in its clause",
}


def render(report: dict) -> str:
    """The report as plain text for a terminal."""
    out = []
    documents = report["documents"]
    for index, doc in enumerate(documents, start=1):
        counts = doc["counts"]
        head = f"{report['file']}"
        if len(documents) > 1:
            head += f" — document {index} of {len(documents)}"
        head += (f" — {doc['doc_number'] or 'no 文号'} · policy year {doc['policy_year'] or '?'} · "
                 f"{counts['figures']} figures: {counts['bound']} bound, {counts['unlabelled']} unlabelled")
        if counts["previous"]:
            head += f", {counts['previous']} the earlier value of a change"
        out.append(head)
        if report["field"] or report["at"]:
            what = " and ".join(x for x in (report["field"] and f"bound to {report['field']}",
                                            report["at"] and f"in a sentence holding 「{report['at']}」") if x)
            out.append(f"showing {len(doc['figures'])} figure(s) {what}")
        out.append("")
        for entry in doc["figures"]:
            out.extend(_render_figure(entry))
            out.append("")
        if doc["unlabelled"]:
            title = "unlabelled"
            if report["field"]:
                title += f", though a cue of {report['field']} stood in their sentence"
            out.append(f"{title} ({len(doc['unlabelled'])}):")
            for b in doc["unlabelled"]:
                out.append(f"  [{b['number']}] {b['figure']} ({b['kind']}) § {b['section'] or '-'} — {b['reason']}")
            out.append("")
        if doc["tables"] and not report["at"]:
            tables = [t for t in doc["tables"] if not report["field"] or t["field"] == report["field"]]
            if tables:
                out.append(f"read from ruled tables (the column header names the field) ({len(tables)}):")
                out.extend("  " + _render_parameter(t) for t in tables)
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def _render_figure(e: dict) -> list[str]:
    (s_start, s_end), (q_start, q_end) = e["sentence_span"], e["span"]
    shown = shorten(e["sentence"], 0, s_end - s_start, q_start - s_start, q_end - s_start)
    lines = [f"[{e['number']}] {e['figure']} ({e['kind']}) § {e['section'] or '-'}", f"    sentence: {shown}"]
    if e["how"] == "previous":
        lines.append(f"    → not bound: {e['reason']}")
        return lines
    if e["cues"]:
        lines.append("    cues:")
        # Cues on the wrong side of the figure are many in a long sentence: one line for them.
        aside = [c for c in e["cues"] if c["verdict"] in _ASIDE]
        lines.extend(_render_cue(c) for c in e["cues"] if c["verdict"] not in _ASIDE)
        for verdict in _ASIDE:
            listed: dict[str, int] = {}
            for c in aside:
                if c["verdict"] == verdict:
                    key = f"{c['words']} {c['pattern']}"
                    listed[key] = listed.get(key, 0) + 1
            if listed:
                lines.append(f"      lost  ({verdict}) " + ", ".join(k + (f" ×{n}" if n > 1 else "") for k, n in listed.items()))
    else:
        lines.append("    cues: none of any field in this sentence")
    if e["fuzzy"]:
        lines.append("    misspelt field names (fuzzy):")
        lines.extend(_render_cue(c) for c in e["fuzzy"])
    elif e["fuzzy_tried"]:
        lines.append("    misspelt field names (fuzzy): none")
    for p in e["parameters"]:
        lines.append("    → " + _render_parameter(p))
    for note in e["notes"]:
        lines.append(f"      ({note})")
    if e["unlabelled"]:
        lines.append(f"    → unlabelled: {e['reason']}")
    for s in e["scope"]:
        lines.append("    " + _render_scope(s))
    if e["year"] is not None:
        lines.append(f"    year: {e['year']['year'] or '-'} — {e['year']['source']}")
    return lines


_ASIDE = ("stands after the figure", "stands before the figure")


def _render_cue(c: dict) -> str:
    if c["position"] == "heading":
        where = "named above: the section's title, or the clause that opens the list"
    else:
        where = f"{c['position']}-cue" if c["distance"] is None else f"{c['position']}-cue, {c['distance']} chars"
    mark = {"won": "won ", "fits": "fits"}.get(c["verdict"], "lost")
    line = f"      {mark}  {c['words']}  {c['pattern']}  ({where})"
    if c["why"]:
        line += f" — {c['why']}"
    return line


def _render_parameter(p: dict) -> str:
    op = {"=": "=", ">=": "≥", "<=": "≤", "~": "≈"}.get(p["operator"], p["operator"])
    scope = ", ".join(f"{k}={v}" for k, v in p["scope"].items()) or "-"
    parts = [f"{p['field']} {op} {p['value']} {p['unit']}", f"scope {scope}", f"year {p['year'] or '-'}"]
    if p["qualifier"]:
        parts.append(f"qualifier {p['qualifier']}")
    if p["previous"] is not None:
        parts.append(f"previous {p['previous']}")
    parts.append(f"rule {p['rule']}")
    return " · ".join(parts)


def _render_scope(s: dict) -> str:
    found = "、".join(f"{f['words']}→{f['value']}" for f in s["found"]) or "no scope words"
    window = s["window"] if len(s["window"]) <= 30 else "…" + s["window"][-29:]
    if s["how"] == "none":
        after = " (nor after the figure in its clause)" if s["key"] == "population" else ""
        return f"scope {s['key']}: none — no scope words in 「{window}」{after}"
    how = _HOW.get(s["how"], s["how"].replace("respectively", "分别 pairs"))
    return f"scope {s['key']}: {', '.join(s['chosen'])} — {how}; found {found} in 「{window}」"
