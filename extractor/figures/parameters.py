"""Candidate quantities → typed parameters of the field catalog.

Sentence by sentence, each figure is bound to the nearest cue of a field that
takes its kind of quantity (the fields of data/fields.toml; their cue and scope
words, data/patterns.jsonl, are found on jieba's words by extractor/words.py),
then given its scope (the scope words of its clause, lists expanded, 分别 paired
in order), its year (the year the sentence states, else the policy year) and its
qualifier. Figures no field claims are kept as unlabelled quantities.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..models import Parameter, Quantity, Section, Span
from ..normalize import matchable
from ..numerals import cn_to_int
from .quantities import Candidate, find_quantities, qualifier
from ..vocab import load
from .words import find, patterns

SENTENCE_END = re.compile(r"[。！？!?]")
CLAUSE_END = "，,；;。"
MAX_CUE_DISTANCE = 60


@dataclass(frozen=True)
class FieldRule:
    id: str
    label: str
    tier: str
    kinds: tuple[str, ...]
    needs: re.Pattern | None
    needs_heading: re.Pattern | None
    avoid: re.Pattern | None
    increase: str | None
    scopes: tuple[str, ...]
    each: tuple[str, ...]
    needs_scope: str | None
    max_distance: int
    after_gap: int
    priority: int
    fuzzy: tuple[str, ...]


@dataclass
class Cue:
    rule: FieldRule
    start: int
    end: int
    index: int
    position: str  # before / after


def _alternation(patterns) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


class Catalog(NamedTuple):
    """The field catalog as the engine reads it (data/fields.toml)."""

    rules: list[FieldRule]
    by_id: dict[str, FieldRule]
    cues: dict[str, tuple[FieldRule, str, int]]  # pattern id → (field, before/after, index)
    scopes: dict[str, list[str]]  # scope key → its values, in the order of data/patterns.jsonl
    words: dict[str, re.Pattern]
    operators: dict[str, str]


_CUE_ID = re.compile(r"(?P<field>.+)#(?P<position>before|after)(?P<index>\d+)")
_LABELS = {"before": "cue", "after": "after"}


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    data = load("fields")
    rules = []
    for f in data["field"]:
        rules.append(
            FieldRule(
                id=f["id"],
                label=f["label"],
                tier=f.get("tier", "core"),
                kinds=tuple(f["kind"].split("|")),
                needs=_alternation(f.get("needs")),
                needs_heading=_alternation(f.get("needs_heading")),
                avoid=_alternation(f.get("avoid")),
                increase=f.get("increase"),
                scopes=tuple(f.get("scopes", ())),
                each=tuple(f.get("each", ())),
                needs_scope=f.get("needs_scope"),
                max_distance=f.get("max_distance", MAX_CUE_DISTANCE),
                after_gap=f.get("after_gap", 8),
                priority=f.get("priority", 0),
                fuzzy=tuple(f.get("fuzzy", ())),
            )
        )
    by_id = {r.id: r for r in rules}
    cues: dict[str, tuple[FieldRule, str, int]] = {}
    scopes: dict[str, list[str]] = {}
    for pattern in patterns():
        pattern_id = pattern["id"]
        if pattern["label"] == "scope":
            key, _, value = pattern_id.partition("=")
            if value not in scopes.setdefault(key, []):
                scopes[key].append(value)
            continue
        m = _CUE_ID.fullmatch(pattern_id)
        if m is None or m.group("field") not in by_id:
            raise ValueError(f"data/patterns.jsonl: pattern id {pattern_id!r} names no field of data/fields.toml")
        if pattern["label"] != _LABELS[m.group("position")]:
            raise ValueError(f"data/patterns.jsonl: pattern id {pattern_id!r} needs the label {_LABELS[m.group('position')]!r}")
        cues[pattern_id] = (by_id[m.group("field")], m.group("position"), int(m.group("index")))
    words = {k: re.compile(v) for k, v in data["words"].items()}
    return Catalog(rules, by_id, cues, scopes, words, data["qualifiers"]["operators"])


# --- scopes -----------------------------------------------------------------------


# …研究生（以下简称“大学生”） names the group by its bracket: that one stays.
_BRACKETED = re.compile(r"(?<=[\u4e00-\u9fff])([（(])(?!以下简称|下称)[^（）()]{0,30}([）)])")


_MEMO: dict = {}  # emptied by extract_parameters once a document is read


def _words(text: str, start: int, end: int):
    """The pattern matches (words.Word) inside text[start:end].

    jieba and the span ruler run once per sentence, on the sentences a figure or a
    phrase asks about; the windows the engine asks for are cut from those."""
    marks = _MEMO.get(("marks", text))
    if marks is None:
        marks = _MEMO[("marks", text)] = [m.end() for m in _SENTENCE_MARK.finditer(text)]
    out = []
    position = start
    while position < end:
        i = bisect_right(marks, position)
        s_start = marks[i - 1] if i else 0
        s_end = marks[i] if i < len(marks) else len(text)
        key = ("words", text, s_start)  # a str keeps its hash: the lookup costs no rehashing
        if key not in _MEMO:
            _MEMO[key] = find(text, s_start, s_end)
        out.extend(w for w in _MEMO[key] if start <= w.start and w.end <= end)
        position = s_end
    return out


# A sentence ends where SENTENCE_END says, and at the end of its paragraph.
_SENTENCE_MARK = re.compile(rf"{SENTENCE_END.pattern}|\n")


def _scope_matches(text: str, start: int, end: int, key: str):
    """Scope values of ``key`` in text[start:end]: (start, end, value), longest first where they overlap.

    The figures of one sentence ask for the same windows again and again: answers
    are kept while one document is read."""
    memo_key = (text, start, end, key)
    if memo_key in _MEMO:
        return _MEMO[memo_key]
    result = _scope_matches_uncached(text, start, end, key)
    _MEMO[memo_key] = result
    return result


def _scope_matches_uncached(text: str, start: int, end: int, key: str):
    """Scope values of ``key`` in text[start:end]: (start, end, value), longest first where they overlap."""
    prefix = key + "="
    # What a bracket adds (未成年人（含在校学生）) does not name another group.
    inside = [(m.start() + 1, m.end() - 1) for m in _BRACKETED.finditer(text, start, end)]
    found = [
        (w.start, w.end, w.id[len(prefix) :])
        for w in _words(text, start, end)
        if w.label == "scope" and w.id.startswith(prefix) and not any(a <= w.start < b for a, b in inside)
    ]
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out = []
    for item in found:
        if out and item[0] < out[-1][1]:
            if item[1] - item[0] > out[-1][1] - out[-1][0]:
                out[-1] = item
            continue
        out.append(item)
    return out


def _nearest_list(text: str, matches, joint: re.Pattern) -> list:
    """The match nearest the figure, with the ones listed before it: A、B和C."""
    if not matches:
        return []
    chosen = [matches[-1]]
    for item in reversed(matches[:-1]):
        between = text[item[1] : chosen[0][0]]
        if joint.match(between):
            chosen.insert(0, item)
        else:
            break
    values = []
    for item in chosen:
        if item[2] not in [v[2] for v in values]:
            values.append(item)
    return values


# --- the engine ---------------------------------------------------------------------


def _section_path(sections, offset: int) -> str | None:
    path = None
    level = sections
    while level:
        inner = next((s for s in level if s.span.start <= offset < s.span.end), None)
        if inner is None:
            break
        path = inner.path
        level = inner.children
    return path


def _sentences(text: str, start: int, end: int):
    position = start
    for m in SENTENCE_END.finditer(text, start, end):
        yield position, m.end()
        position = m.end()
    if position < end:
        yield position, end


def _heading(text: str, para_start: int, para_end: int) -> str:
    from ..reading.layout import heading_marker

    content = text[para_start:para_end]
    if not heading_marker(content):
        return ""
    stop = content.find("。")
    return content if stop < 0 else content[:stop]


def _cues(text: str, start: int, end: int) -> list[Cue]:
    """The cues of text[start:end]: the field, before or after its figure, and the pattern's index."""
    cues = catalog().cues
    out = []
    for w in _words(text, start, end):
        if w.id in cues:
            rule, position, index = cues[w.id]
            out.append(Cue(rule, w.start, w.end, index, position))
    return out


def _is_list_head(text: str, cue: Cue, sentence_end: int) -> bool:
    """A cue that opens a list of figures: 筹资标准调整为：A…；B…；C…"""
    rest = text[cue.end : sentence_end]
    colon = min((i for i in (rest.find("："), rest.find(":")) if i >= 0), default=-1)
    semi = min((i for i in (rest.find("；"), rest.find(";")) if i >= 0), default=len(rest))
    return 0 <= colon < semi


def _parallel_item(text: str, cue: Cue, q: Candidate, rule: FieldRule, s_start: int, quantities) -> bool:
    """A figure in a later item of a ；-list whose items open alike, with a scope word of the
    field, the first naming the field before any figure: 70周岁以上人员，个人缴费标准从480元调整为520元；
    60-69周岁人员从650元调整为690元 — the second item goes on with the field of the first.
    (老年人每人4660元，其中…个人缴费370元；学生儿童每人2010元: the cue is not the first item's head.)"""
    item_start = _after_last(text, "；;", cue.end, q.start)
    cue_item_start = _after_last(text, "；;", s_start, cue.start)
    if any(cue_item_start <= o.start < cue.start for o in quantities):
        return False
    for key in rule.scopes:
        opening = _scope_matches(text, item_start, q.start, key)
        if opening and not text[item_start : opening[0][0]].strip() and _scope_matches(text, cue_item_start, cue.start, key):
            return True
    return False


def _bind(
    text: str, q: Candidate, cues: list[Cue], sentence: tuple[int, int], context: str, heading: str, quantities
) -> Cue | None:
    """The cue that names this figure: the nearest fitting one before it, or right after it.

    ``context`` is the paragraph before this sentence: where a field needs a topic word
    (门诊, 生育) the topic may be set there.  ``heading`` is the paragraph's heading title,
    for fields whose topic must head the paragraph (大病保险)."""
    s_start, s_end = sentence
    sentence_text = text[s_start:s_end]
    best, best_key = None, None
    topical: dict[str, bool] = {}
    for cue in cues:
        rule = cue.rule
        if q.kind not in rule.kinds:
            continue
        # Where the cue stands first (cheap), then the words the field needs or avoids.
        if cue.position == "before":
            if cue.end > q.start:
                continue
            distance = q.start - cue.end
            head = None
            if distance > rule.max_distance or "；" in text[cue.end : q.start] or ";" in text[cue.end : q.start]:
                head = _is_list_head(text, cue, s_end) or _parallel_item(text, cue, q, rule, s_start, quantities)
                if not head:
                    continue
        else:
            if cue.start < q.end:
                continue
            gap = re.sub(r"[（(][^）)]{0,12}[）)]", "", text[q.end : cue.start])
            if len(gap) > rule.after_gap or any(ch in gap for ch in CLAUSE_END):
                continue
            distance = cue.start - q.end + 0.5
        key = (distance, -rule.priority)
        if best_key is not None and key >= best_key:
            continue
        if rule.id not in topical:
            topical[rule.id] = _topical(rule, sentence_text, context, heading)
        if not topical[rule.id]:
            continue
        if rule.avoid and rule.avoid.search(_clause_chain(text, cue, q, s_start)):
            continue
        if cue.position == "before" and _blocked(text, cue, q, quantities, rule):
            continue
        best, best_key = cue, key
    return best


FUZZY_SCORE = 80  # one character in six misread


def _fuzzy_bind(text: str, q: Candidate, sentence, context: str, heading: str) -> Cue | None:
    """A field name misspelt or misread (人均财政补肋标准, 普通门诊统等): matched with rapidfuzz
    in the clause before the figure, when no cue binds it."""
    from rapidfuzz import fuzz

    rules = catalog().rules
    s_start, s_end = sentence
    clause_start = _after_last(text, "，,；;。", s_start, q.start)
    clause = text[clause_start : q.start]
    if len(clause) < 4:
        return None
    best, best_score = None, FUZZY_SCORE
    for rule in rules:
        if q.kind not in rule.kinds or not rule.fuzzy:
            continue
        for index, phrase in enumerate(rule.fuzzy):
            if len(clause) < len(phrase):
                continue  # the clause must hold the whole name, misspelt, not a piece of it
            found = fuzz.partial_ratio_alignment(phrase, clause, score_cutoff=best_score)
            if found is None or found.score < best_score or found.dest_end - found.dest_start < len(phrase) - 1:
                continue
            if not _topical(rule, text[s_start:s_end], context, heading):
                continue
            start, end = clause_start + found.dest_start, clause_start + found.dest_end
            best, best_score = Cue(rule, start, end, index, "fuzzy"), found.score
    return best


def _topical(rule: FieldRule, sentence_text: str, context: str, heading: str) -> bool:
    """Whether the sentence (or what precedes it in the paragraph) speaks of the field's topic."""
    if rule.needs and not (rule.needs.search(sentence_text) or rule.needs.search(context)):
        return False
    if rule.needs_heading and not (rule.needs_heading.search(heading) or rule.needs_heading.search(sentence_text)):
        return False
    return True


def _blocked(text: str, cue: Cue, q: Candidate, quantities, rule) -> bool:
    """A figure of the same kind between cue and figure takes the cue first, unless the
    figures are listed (分别/各, A、B), restated (90%（315元）), or go on (增加30元，达到640元),
    or a new scope item opens the next one (自然分娩1000元、剖宫产2000元)."""
    between = [
        o for o in quantities
        if o is not q and o.kind == q.kind and cue.end <= o.start and o.end <= q.start and not o.is_previous
    ]
    if not between:
        return False
    if re.search(r"分别|各", text[cue.start : q.start]) or _in_pair(text, quantities, q) or _continues(text, cue, q, quantities):
        return False
    last = between[-1]
    gap = text[last.end : q.start]
    if re.match(r"\s*(?:/[人年])?\s*[、，,；;]", gap):
        for key in rule.scopes:
            if _scope_matches(text, last.end, q.start, key):
                return False
    return True


def _continues(text: str, cue: Cue, q: Candidate, quantities) -> bool:
    """增加30元，达到640元: the second figure goes on with the subject of the first."""
    between = text[cue.end : q.start]
    return bool(re.search(r"[，,](?:同步)?(?:达到|提高到|提高至|调整为|增至)(?:每人每年|每人)?(?:不低于)?$", between))


def _in_pair(text: str, quantities, q: Candidate) -> bool:
    """90%（315元）: the second figure restates the first."""
    for o in quantities:
        if o.end <= q.start and re.fullmatch(r"\s*[（(]\s*", text[o.end : q.start]):
            return True
    return False


def _after_last(text: str, marks: str, lo: int, hi: int) -> int:
    """Where the text after the last of ``marks`` in text[lo:hi] begins; ``lo`` when there is none.

    >>> _after_last("甲，乙；丙", "，；", 0, 5), _after_last("甲乙", "，", 0, 2)
    (4, 0)
    """
    return max([text.rfind(mark, lo, hi) for mark in marks] + [lo - 1]) + 1


def _clause_chain(text: str, cue: Cue, q: Candidate, s_start: int) -> str:
    """From the start of the cue's clause to the figure: where a field's avoid-words count."""
    start = min(cue.start, q.start)
    end = max(cue.end, q.end)
    return text[_after_last(text, "，,；;：:", s_start, start) : end]


def _year(text: str, q: Candidate, sentence: tuple[int, int], carry: int | None, fallback: int | None) -> int | None:
    """The year a value applies to: the year its sentence states before it (2024年起, 预收2024年度,
    2023年), else the year carried by an earlier 自X年X月X日起实施, else the date's own year, else
    ``fallback`` (the section's effective year or the policy year)."""
    words = catalog().words
    if q.kind == "month_range":
        return None
    left = text[sentence[0] : q.start]
    outside = re.sub(r"《[^》]*》", lambda m: " " * len(m.group()), left)
    best = None
    for m in words["year_lead"].finditer(outside):
        year = m.group("pre") or m.group("from") or m.group("plain")
        if year is None:
            continue
        lead = outside[max(0, m.start() - 6) : m.start()]
        if words["year_reference"].search(lead):
            continue
        best = cn_to_int(year)
    if best is not None:
        return best
    if carry:
        return carry
    if q.kind == "date" and q.notes.get("year_written"):
        return int(str(q.value)[:4])
    return fallback


_EFFECTIVE = re.compile(r"(?:自|从|于)?((?:19|20)\d{2})年(?:\d{1,2}月(?:\d{1,2}日)?)?起(?:实施|执行|施行)")


def extract_parameters(
    source: str, paragraphs, sections: tuple[Section, ...], policy_year: int | None, table_rows=()
):
    """Parameters and unlabelled quantities of one document's body paragraphs and tables.

    Matching runs on the text with widths folded (same offsets); evidence is cut from ``source``.
    """
    text = matchable(source)
    _MEMO.clear()
    params: list[Parameter] = []
    loose: list[Quantity] = []
    effective = _section_effective_years(text, sections)
    for para in paragraphs:
        heading = _heading(text, para.start, para.end)
        carry = None
        fallback = next((y for s, y in effective if s.span.start <= para.start < s.span.end), policy_year)
        # Figures are found once a paragraph, then read sentence by sentence.
        in_paragraph = find_quantities(text, para.start, para.end, policy_year, folded=True)
        for s_start, s_end in _sentences(text, para.start, para.end):
            quantities = [q for q in in_paragraph if s_start <= q.start < s_end]
            if quantities:
                cues = _cues(text, s_start, s_end)
                bound: dict[int, tuple[Cue, list]] = {}
                for index, q in enumerate(quantities):
                    if q.is_previous:
                        continue
                    context = text[para.start : s_start]
                    cue = _bind(text, q, cues, (s_start, s_end), context, heading, quantities)
                    if cue is None:
                        cue = _fuzzy_bind(text, q, (s_start, s_end), context, heading)
                    # 90%（315元）: the figure in brackets follows the one before it.
                    if cue is None or (index and _restates(text, quantities[index - 1], q)):
                        prev = index - 1
                        if prev >= 0 and prev in bound and _restates(text, quantities[prev], q):
                            cue = bound[prev][0]
                    if cue is None:
                        loose.append(_loose(source, q, (s_start, s_end), sections))
                        continue
                    emitted = _emit(
                        text, source, q, cue, quantities, index, (s_start, s_end), carry, fallback, sections, bound
                    )
                    if not emitted:
                        loose.append(_loose(source, q, (s_start, s_end), sections))
                    params.extend(emitted)
            found = _EFFECTIVE.search(text, s_start, s_end)
            if found:
                carry = int(found.group(1))
    params.extend(_phrases(text, source, paragraphs, sections, policy_year))
    for table in _tables(table_rows):
        found, unclaimed = _table_parameters(text, source, table, sections, policy_year)
        params.extend(found)
        loose.extend(unclaimed)
    _MEMO.clear()
    return _dedupe(params), tuple(loose)


# --- tables ---------------------------------------------------------------------------


def _tables(rows) -> list[list]:
    """Table rows (spans) grouped into tables: rows that follow one another line by line."""
    tables: list[list] = []
    for row in rows:
        if tables and row.start == tables[-1][-1].end + 1:
            tables[-1].append(row)
        else:
            tables.append([row])
    return tables


def _cells(text: str, row) -> list[tuple[int, int]]:
    out, start = [], row.start
    for cell in text[row.start : row.end].split("\t"):
        out.append((start, start + len(cell)))
        start += len(cell) + 1
    return out


def _header_field(text: str, cell: tuple[int, int]) -> FieldRule | None:
    """The field a column header names: the field whose cue covers most of the header."""
    header = text[cell[0] : cell[1]]
    cues = [c for c in _cues(header, 0, len(header)) if c.position == "before" and not c.rule.each]
    best = max(cues, key=lambda c: c.end - c.start, default=None)
    return best.rule if best else None


_CELL_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(元|%)?\s*$")


def _table_parameters(text: str, source: str, rows, sections, policy_year):
    """A ruled table: column headers name fields, the first cell of a row its scope,
    the cells the values.  县类型 | 中央 | 省 … and 参保人员类别 | 个人缴费标准（元） | … both read."""
    scopes = catalog().scopes
    header: list[tuple[int, int]] = []
    columns: dict[int, FieldRule | None] = {}
    params, loose = [], []
    for row in rows:
        cells = _cells(text, row)
        if not any(_CELL_NUMBER.match(text[a:b]) for a, b in cells[1:]):
            # A row without figures heads the rows below it (a table may hold several).
            header = cells
            columns = {i: _header_field(text, cell) for i, cell in enumerate(header) if i}
            continue
        label_start, label_end = cells[0]
        # 城乡居民（含未成年人…）: what a bracket includes does not name the row.
        label = re.sub(r"[（(][^）)]*[）)]", lambda m: " " * len(m.group()), text[label_start:label_end])
        row_scopes: list[dict] = [{}]
        for key in scopes:
            values = list(dict.fromkeys(v for _, _, v in _scope_matches(label, 0, len(label), key)))
            if values:
                row_scopes = [dict(c, **{key: v}) for c in row_scopes for v in values]
        for i, (a, b) in enumerate(cells[1:], start=1):
            m = _CELL_NUMBER.match(text[a:b])
            if not m:
                continue
            rule = columns.get(i)
            value = float(m.group(1))
            value = int(value) if value.is_integer() else value
            head = text[header[i][0] : header[i][1]] if i < len(header) else ""
            unit = m.group(2) or ("%" if ("%" in head or "比例" in head) else "元")
            kind = "percent" if unit == "%" else "money"
            if rule is None or kind not in rule.kinds:
                loose.append(Quantity(kind=kind, value=value, unit=unit, text=source[a:b], sentence=source[row.start : row.end],
                                      section=_section_path(sections, a), span=Span(start=a, end=b)))
                continue
            kept = list({tuple((k, v) for k, v in c.items() if k in rule.scopes): None for c in row_scopes})
            for scope in kept:
                params.append(
                    Parameter(
                        field=rule.id, label=rule.label, value=value, unit=unit, scope=dict(scope), year=policy_year,
                        qualifier=None, operator="=", tier=rule.tier,
                        evidence=source[a:b], sentence=source[row.start : row.end],
                        section=_section_path(sections, a), span=Span(start=a, end=b),
                        evidence_span=Span(start=a, end=b), rule=f"{rule.id}#table",
                    )
                )
    return params, loose


def _section_effective_years(text: str, sections) -> list[tuple[Section, int]]:
    """Top-level sections that set up what their own 自X年X月X日起实施 starts: the section
    建立…门诊统筹制度 whose 门诊统筹制度于2021年1月1日起实施 makes its figures those of 2021."""
    out = []
    for section in sections:
        body = text[section.span.start : section.span.end]
        for m in _EFFECTIVE.finditer(body):
            clause_start = _after_last(body, "，,。；;", 0, m.start())
            subject = re.sub(r"^[（(][一二三四五六七八九十\d]+[)）]", "", body[clause_start : m.start()])
            if _shares_words(subject, section.title):
                out.append((section, int(m.group(1))))
                break
    return out


def _shares_words(a: str, b: str, size: int = 4) -> bool:
    """Whether two texts share a run of ``size`` characters.

    >>> _shares_words("城乡居民医疗保险门诊统筹制度于", "建立城乡居民基本医疗保险门诊统筹制度")
    True
    """
    runs = {a[i : i + size] for i in range(len(a) - size + 1)}
    return any(b[i : i + size] in runs for i in range(len(b) - size + 1))


def _restates(text: str, first: Candidate, second: Candidate) -> bool:
    return bool(re.fullmatch(r"\s*[（(]\s*", text[first.end : second.start])) and first.kind != second.kind


def _scopes_for(text: str, rule: FieldRule, q: Candidate, cue: Cue, sentence, quantities) -> list[dict]:
    """One scope dict per parameter: lists of scope values multiply, 分别 pairs in order."""
    words = catalog().words
    s_start, s_end = sentence
    window_start = _after_last(text, "；;", s_start, q.start)
    combos: list[dict] = [{}]
    for key in rule.scopes:
        matches = [m for m in _scope_matches(text, window_start, q.start, key)]
        chosen = _nearest_list(text, matches, words["list_joint"])
        # 分别: A、B … 分别 X、Y pairs A with X and B with Y.
        if len(chosen) > 1 and "分别" in text[chosen[-1][1] : q.start]:
            listed = [o for o in quantities if o.kind == q.kind and o.start > chosen[-1][1] and not o.is_previous]
            listed = [o for o in listed if o.start < s_end]
            run = _run(text, listed)
            if q in run and len(run) == len(chosen):
                chosen = [chosen[run.index(q)]]
        if not chosen and key == "population":
            clause_end = min([i for i in (text.find(c, q.end, s_end) for c in "，,；;") if i >= 0] + [s_end])
            chosen = _nearest_list(text, _scope_matches(text, q.end, clause_end, key)[:1], words["list_joint"])
        if chosen:
            combos = [dict(c, **{key: item[2]}) for c in combos for item in chosen]
    return combos


def _run(text: str, listed) -> list:
    """Figures listed one after another: 80%、60% / 90%和70%."""
    if not listed:
        return []
    run = [listed[0]]
    for o in listed[1:]:
        if re.fullmatch(r"\s*(?:、|和|及|与|,|，)\s*", text[run[-1].end : o.start]):
            run.append(o)
        else:
            break
    return run


def _emit(text, source, q, cue, quantities, index, sentence, carry, policy_year, sections, bound) -> list[Parameter]:
    by_id = catalog().by_id
    words = catalog().words
    operators = catalog().operators
    rule = cue.rule
    how = cue.position
    field_ids = list(rule.each) or [rule.id]
    # 增加30元 / 同步提高个人缴费标准30元: the increase, where the field has one.
    if rule.increase and cue.position != "after" and q.kind == "money":
        clause_start = _after_last(text, "，,；;：:", sentence[0], q.start)
        region = text[min(cue.start, clause_start) : q.start]
        verb = list(words["increase"].finditer(region))
        # 提高30元 is an increase; 提高到/提高至/提高…至380元 is the new value.
        if verb and not re.search(r"达到|到|至|调整为|为", region[verb[-1].end() :]):
            field_ids = [rule.increase]
            how = "increase"
    scopes = _scopes_for(text, rule, q, cue, sentence, quantities)
    if rule.needs_scope and not any(rule.needs_scope in s for s in scopes):
        return []
    left_from = cue.start if cue.position != "after" else q.start - 10
    clause_from = _after_last(text, "，,；;：:", sentence[0], min(left_from, q.start))
    qual = qualifier(text, q, max(left_from, sentence[0]), clause_from)
    year = _year(text, q, sentence, carry, policy_year)
    evidence_start = min(cue.start, q.start)
    evidence_end = max(q.end, cue.end)
    out = []
    for field_id in field_ids:
        target = by_id.get(field_id, rule)
        for scope in scopes:
            out.append(
                Parameter(
                    field=field_id,
                    label=target.label,
                    value=q.value,
                    unit=q.unit,
                    scope=scope,
                    year=year,
                    qualifier=qual,
                    # A bare figure (为380元, 调整为400元) is the value itself.
                    operator=operators.get(qual, "=") if qual else "=",
                    previous=q.previous,
                    tier=target.tier,
                    evidence=source[evidence_start:evidence_end],
                    sentence=source[sentence[0] : sentence[1]],
                    section=_section_path(sections, q.start),
                    span=Span(start=q.start, end=q.end),
                    evidence_span=Span(start=evidence_start, end=evidence_end),
                    rule=f"{rule.id}#{how}{cue.index}",
                )
            )
    bound[index] = (cue, out)
    return out


def _loose(source: str, q: Candidate, sentence, sections) -> Quantity:
    return Quantity(
        kind=q.kind,
        value=q.value,
        unit=q.unit,
        text=source[q.start : q.end],
        sentence=source[sentence[0] : sentence[1]],
        section=_section_path(sections, q.start),
        span=Span(start=q.start, end=q.end),
    )


def _phrases(text, source, paragraphs, sections, policy_year) -> list[Parameter]:
    """Values written without a figure: 不设起付标准 is a deductible of 0."""
    data = load("fields")
    by_id = catalog().by_id
    out = []
    for phrase in data.get("phrase", ()):
        pattern = re.compile(phrase["pattern"])
        rule = by_id[phrase["field"]]
        for para in paragraphs:
            for s_start, s_end in _sentences(text, para.start, para.end):
                for m in pattern.finditer(text[s_start:s_end]):
                    a, b = s_start + m.start(), s_start + m.end()
                    scope = {}
                    clause_start = _after_last(text, "；，,", s_start, a)
                    for key in rule.scopes:
                        found = _scope_matches(text, clause_start, a, key)
                        if found:
                            scope[key] = found[-1][2]
                    out.append(
                        Parameter(
                            field=rule.id,
                            label=rule.label,
                            value=phrase["value"],
                            unit=phrase["unit"],
                            scope=scope,
                            year=policy_year,
                            qualifier=None,
                            operator="=",
                            tier=phrase.get("tier", rule.tier),
                            evidence=source[a:b],
                            sentence=source[s_start:s_end],
                            section=_section_path(sections, a),
                            span=Span(start=a, end=b),
                            evidence_span=Span(start=a, end=b),
                            rule=f"{rule.id}#phrase",
                        )
                    )
    return out


def _dedupe(params: list[Parameter]) -> tuple[Parameter, ...]:
    seen = set()
    out = []
    for p in params:
        key = (p.field, str(p.value), p.unit, tuple(sorted(p.scope.items())), p.span.start)
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    return tuple(out)
