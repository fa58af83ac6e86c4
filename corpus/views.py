"""What the app shows, as tables: built from the store, with no Streamlit in them.

Compare: one row per field × scope, labelled in Chinese (个人缴费标准 · 学生儿童) and grouped by
theme (筹资, 财政补助, 个人缴费, 住院, 门诊, 生育, 大病保险, 医疗救助, 参保缴费); one column per
notice, ordered by region then year.  A cell holds every value the notice states for that row
(120 元 · 130 元), each with its qualifier, the year where it is not the notice's policy year, ✎
for a value corrected by hand and ⚠ for one a consistency warning names.  Cells are compared with
a baseline column by their numbers (value, unit, operator), never by the year or the marks, so two
notices that state the same figure in different years show no difference; rows the baseline lacks
are new, rows a notice lacks are gone.  A regions × years choice leaves out documents whose topic
flag says they are about another matter (corpus.compare.off_topic) unless asked to take them in.

Section diff (版本对照): the sections of two documents paired by title and content, each with its
own text (without its children's), diffed by words and numbers (4660元 → 4720元 is one token out
and one in); the whole body where a document has no numbered sections; the parameters whose
numbers changed, with links to their place; the notices one implements (its basis 文号).
"""

from __future__ import annotations

import difflib
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field as dataclass_field

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


def shown_value(value) -> str:
    """A value as a cell shows it: a range with a dash, a float without trailing zeros.

    >>> shown_value([9, 12]), shown_value(13.50), shown_value("2023-09-15"), shown_value('[9, 12]')
    ('9–12', '13.5', '2023-09-15', '9–12')
    """
    if isinstance(value, str) and value.startswith("["):
        value = json.loads(value)
    if isinstance(value, list):
        return "–".join(str(v) for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def cell_text(value, unit: str | None, qualifier: str | None, year: int | None, corrected: bool = False) -> str:
    """
    >>> cell_text(640, "元", "不低于", 2023)
    '不低于 640 元 (2023)'
    >>> cell_text([9, 12], "月", None, None, corrected=True)
    '9–12 月 ✎'
    """
    text = " ".join(x for x in (qualifier or "", shown_value(value), unit or "") if x)
    if year:
        text += f" ({year})"
    return text + (" ✎" if corrected else "")


def column_label(doc: dict) -> str:
    region = region_name(doc.get("province"), doc.get("city"), doc.get("county")) or "?"
    return f"{region} {doc.get('policy_year') or '?'} · {doc.get('doc_number') or '#' + str(doc['notice'])}"


def notice_link(key: tuple[int, int], parameter: str | None = None) -> str:
    """
    >>> notice_link((5, 1)), notice_link((18, 0), "174")
    ('/notice?id=5.1', '/notice?id=18.0&p=174')
    """
    return f"/notice?id={key[0]}.{key[1]}" + (f"&p={parameter}" if parameter else "")


def scope_of(scope_key: str) -> dict[str, str]:
    """A stored scope key back as a scope.

    >>> scope_of("insured_group=minors;population=dibao"), scope_of("")
    ({'insured_group': 'minors', 'population': 'dibao'}, {})
    """
    return dict(part.split("=", 1) for part in scope_key.split(";") if "=" in part)


def scope_words(scope_key: str, field: str | None = None) -> str:
    """The scope in the words of the notices (scopes.toml), in the order of the field's scope keys.

    >>> scope_words("insured_group=minors")
    '学生儿童'
    >>> scope_words("county_type=western;insured_group=students", "subsidy.central")
    '享受西部政策的县 · 在校学生'
    >>> scope_words("insured_group=nobody"), scope_words("")
    ('insured_group=nobody', '')
    """
    vocabulary = load("scopes")
    scope = scope_of(scope_key)
    order = _field_scopes(field)
    keys = sorted(scope, key=lambda k: (order.index(k) if k in order else len(order), k))
    return " · ".join(vocabulary.get(k, {}).get(scope[k], f"{k}={scope[k]}") for k in keys)


def _field_scopes(field: str | None) -> list[str]:
    from extractor.figures.catalog import catalog

    entry = catalog().by_id.get(field) if field else None
    return list(entry.scopes) if entry else []


def row_label(field: str, scope_key: str) -> str:
    """The one Chinese label of a comparison row: the field's label, then its scope's words.

    >>> row_label("contribution.individual", "insured_group=minors"), row_label("subsidy.per_capita", "")
    ('个人缴费标准 · 学生儿童', '人均财政补助标准')
    >>> row_label("no.such_field", "")
    'no.such_field'
    """
    words = scope_words(scope_key, field)
    label = field_labels().get(field, field)
    return f"{label} · {words}" if words else label


# --- Compare ------------------------------------------------------------------------------------

# What a cell is, against the baseline column.
BASE, SAME, DIFFERS, NEW, GONE = "baseline", "same", "differs", "new", "gone"
STATUS_WORDS = {NEW: "新增 new", DIFFERS: "变化 changed", GONE: "消失 gone", SAME: "相同 same"}
COLOURS = {DIFFERS: "#fde68a", NEW: "#bbf7d0", GONE: "#fecaca"}
STATUS = "状态 Status"
LABEL = "字段"
LONG_COLUMNS = ["主题", LABEL, "field", "scope", "notice", "column", "region", "policy_year", "doc_number", "baseline",
                "parameter_id", "number", "value", "unit", "operator", "qualifier", "year", "corrected", "warned", "cell_status",
                "row_status", "link", "sentence"]


@dataclass(frozen=True)
class Value:
    """One parameter as a comparison cell holds it."""

    parameter: str
    value: object
    number: float | None
    unit: str | None
    operator: str | None
    qualifier: str | None
    year: int | None
    corrected: bool = False
    warned: bool = False
    sentence: str = ""

    def key(self) -> tuple:
        """What a comparison compares: the number (the value where it has none), unit and operator.

        >>> Value("1", 640, 640.0, "元", ">=", "不低于", 2023).key() == Value("9", 640, 640.0, "元", ">=", "不少于", 2024).key()
        True
        """
        number = self.number if self.number is not None else json.dumps(self.value, ensure_ascii=False)
        return (number, self.unit or "", self.operator or "=")

    def text(self, policy_year: int | None = None) -> str:
        """The value as shown; its year only where it is not the notice's policy year.

        >>> Value("1", 640, 640.0, "元", ">=", "不低于", 2023, warned=True).text(2023)
        '不低于 640 元 ⚠'
        >>> Value("2", 380, 380.0, "元", "=", None, 2024, corrected=True).text(2023)
        '380 元 (2024) ✎'
        >>> Value("3", "2023-09-15", None, "date", "<=", "前", 2023).text(2023)
        '前 2023-09-15'
        """
        year = self.year if self.year != policy_year else None
        unit = None if self.unit == "date" else self.unit  # an ISO date says what it is
        return cell_text(self.value, unit, self.qualifier, year, self.corrected) + (" ⚠" if self.warned else "")


def cell_key(values) -> tuple:
    """The numbers of a cell, in an order that does not depend on the order of the text.

    >>> a = [Value("1", 120, 120.0, "元", "=", None, 2016), Value("2", 130, 130.0, "元", "=", None, 2016)]
    >>> cell_key(a) == cell_key(list(reversed(a)))
    True
    """
    return tuple(sorted((v.key() for v in values), key=repr))


def cell_status(values, base, is_baseline: bool = False) -> str:
    """A cell against the baseline's cell of its row (both lists of values, maybe empty).

    >>> v = lambda n, year=2023: Value("1", n, float(n), "元", "=", None, year)
    >>> [cell_status([v(640, 2024)], [v(640)]), cell_status([v(670)], [v(640)]), cell_status([v(10)], []),
    ...  cell_status([], [v(640)]), cell_status([], []), cell_status([v(640)], [v(640)], is_baseline=True)]
    ['same', 'differs', 'new', 'gone', '', 'baseline']
    """
    if is_baseline:
        return BASE if values else ""
    if not values:
        return GONE if base else ""
    if not base:
        return NEW
    return SAME if cell_key(values) == cell_key(base) else DIFFERS


def row_codes(statuses) -> list[str]:
    """What a row's cells say against the baseline (its own cell left out): new, differs, gone, in
    that order, or same when every cell agrees; nothing when there is no other cell.

    >>> row_codes(["baseline", "same", "same"]), row_codes(["", "new"]), row_codes(["baseline", "gone", "differs"])
    (['same'], ['new'], ['differs', 'gone'])
    >>> row_codes(["baseline"])
    []
    """
    found = {s for s in statuses if s and s != BASE}
    return [s for s in (NEW, DIFFERS, GONE) if s in found] or ([SAME] if found else [])


def row_status(statuses) -> str:
    """A row's status in words.

    >>> row_status(["baseline", "same", "same"]), row_status(["", "new"]), row_status(["baseline", "differs", "gone"])
    ('相同 same', '新增 new', '变化 changed · 消失 gone')
    """
    return " · ".join(STATUS_WORDS[code] for code in row_codes(statuses))


@dataclass(frozen=True)
class Column:
    key: tuple[int, int]
    label: str
    region: str
    year: int | None
    doc_number: str | None


@dataclass(frozen=True)
class Row:
    theme: str
    field: str
    scope: str
    label: str


def ordered(columns: list[Column]) -> list[Column]:
    """By region, then year (a notice without a year last in its region).  Regions sort by name, so
    that a province comes just before its cities.

    >>> c = lambda n, region, year: Column((n, 0), f"{region} {year}", region, year, None)
    >>> [x.label for x in ordered([c(1, "河北省秦皇岛市", 2024), c(2, "河北省", None), c(3, "河北省秦皇岛市", 2022),
    ...                            c(4, "河北省", 2020)])]
    ['河北省 2020', '河北省 None', '河北省秦皇岛市 2022', '河北省秦皇岛市 2024']
    """
    return sorted(columns, key=lambda c: (c.region, c.year is None, c.year or 0, c.key))


def _unique(labels: list[str], keys: list[tuple[int, int]]) -> list[str]:
    """Column labels made unique: a second notice with the same label gets its id.

    >>> _unique(["A 2023 · #1", "B", "B"], [(1, 0), (2, 0), (3, 0)])
    ['A 2023 · #1', 'B (2.0)', 'B (3.0)']
    """
    seen = {label: labels.count(label) for label in labels}
    return [f"{label} ({k[0]}.{k[1]})" if seen[label] > 1 else label for label, k in zip(labels, keys)]


@dataclass
class Comparison:
    """Notices side by side: ``values[(row, column key)]`` is every value a notice states for a row."""

    columns: list[Column]
    rows: list[Row]
    values: dict[tuple[Row, tuple[int, int]], list[Value]] = dataclass_field(default_factory=dict)

    def cell(self, row: Row, column: Column) -> list[Value]:
        return self.values.get((row, column.key), [])

    def statuses(self, baseline: tuple[int, int] | None) -> dict[tuple[Row, tuple[int, int]], str]:
        """Each cell's status against the baseline column (all empty when there is none)."""
        base = next((c for c in self.columns if c.key == baseline), None)
        out = {}
        for row in self.rows:
            for column in self.columns:
                if base is None:
                    out[(row, column.key)] = ""
                else:
                    out[(row, column.key)] = cell_status(self.cell(row, column), self.cell(row, base), column.key == base.key)
        return out

    def table(self, baseline: tuple[int, int] | None):
        """(table, colours): the label column, one column per notice, the row's status, then the
        theme, field id and scope key (for downloads and for finding a row); colours is a table of
        the same shape with the CSS of each cell."""
        import pandas as pd

        statuses = self.statuses(baseline)
        records, colours = [], []
        for row in self.rows:
            record, colour = {LABEL: row.label}, {LABEL: ""}
            for column in self.columns:
                status = statuses[(row, column.key)]
                values = self.cell(row, column)
                record[column.label] = " · ".join(v.text(column.year) for v in values) or ("—" if status == GONE else "")
                colour[column.label] = f"background-color: {COLOURS[status]}" if status in COLOURS else ""
            codes = row_codes([statuses[(row, c.key)] for c in self.columns])
            record.update({STATUS: " · ".join(STATUS_WORDS[c] for c in codes), "主题": row.theme, "field": row.field,
                           "scope": row.scope})
            # The status cell takes the colour of what matters most: new, then differs, then gone.
            colour.update({STATUS: f"background-color: {COLOURS[codes[0]]}" if codes and codes[0] in COLOURS else "",
                           "主题": "", "field": "", "scope": ""})
            records.append(record)
            colours.append(colour)
        names = [LABEL, *(c.label for c in self.columns), STATUS, "主题", "field", "scope"]
        return pd.DataFrame(records, columns=names), pd.DataFrame(colours, columns=names)

    def long_rows(self, baseline: tuple[int, int] | None) -> list[dict]:
        """One dict per value (and one per cell that is gone), with numbers, ids and links, for downloads."""
        statuses = self.statuses(baseline)
        out = []
        for row in self.rows:
            status = row_status(statuses[(row, c.key)] for c in self.columns)
            for column in self.columns:
                values = self.cell(row, column) or ([None] if statuses[(row, column.key)] == GONE else [])
                for v in values:
                    out.append({
                        "主题": row.theme, LABEL: row.label, "field": row.field, "scope": row.scope,
                        "notice": f"{column.key[0]}.{column.key[1]}", "column": column.label, "region": column.region,
                        "policy_year": column.year, "doc_number": column.doc_number,
                        "baseline": column.key == baseline,
                        "parameter_id": v.parameter if v else None,
                        "number": v.number if v else None, "value": shown_value(v.value) if v else None,
                        "unit": v.unit if v else None, "operator": v.operator if v else None,
                        "qualifier": v.qualifier if v else None, "year": v.year if v else None,
                        "corrected": v.corrected if v else None, "warned": v.warned if v else None,
                        "cell_status": statuses[(row, column.key)], "row_status": status,
                        "link": notice_link(column.key, v.parameter if v else None),
                        "sentence": v.sentence if v else None,
                    })
        return out


def downloads(comparison: Comparison, baseline: tuple[int, int] | None) -> tuple[bytes, bytes]:
    """(CSV, XLSX): the CSV is the long table (one row per value: its number, the value as written
    (a date, a range), unit, operator, year, notice id, parameter id, link), UTF-8 with a BOM for Excel; the XLSX holds the table as shown (sheet
    "compare", with field ids and scope keys) and the long table (sheet "values")."""
    import io

    import pandas as pd

    table, _ = comparison.table(baseline)
    long = pd.DataFrame(comparison.long_rows(baseline), columns=LONG_COLUMNS)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer) as writer:
        table.to_excel(writer, sheet_name="compare", index=False)
        long.to_excel(writer, sheet_name="values", index=False)
    return long.to_csv(index=False).encode("utf-8-sig"), buffer.getvalue()


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


def comparable(store, include_other: bool = False) -> list[dict]:
    """The documents a comparison may take (store.list() rows): no notice a person excluded, no
    second copy of a notice, and those whose topic flag says they are about another matter than
    resident medical insurance only with ``include_other``."""
    skip = set() if include_other else off_topic(store)
    return [d for d in store.list()
            if d["excluded"] is None and not d["same_as"] and (d["notice"], d["document"]) not in skip]


def documents_of(store, regions: list[str], years: list[int], include_other: bool = False) -> list[tuple[int, int]]:
    """Documents of the chosen regions and years (as corrected), for a regions × years comparison;
    those whose topic flag says they are about another matter than resident medical insurance only
    with ``include_other``; never a notice a person excluded."""
    return [(d["notice"], d["document"]) for d in comparable(store, include_other)
            if region_name(d["province"], d["city"], d["county"]) in regions and d["policy_year"] in years]


def compare(store, chosen: list[tuple[int, int]]) -> Comparison:
    """The chosen documents side by side (unknown keys are passed over)."""
    docs = {(r["notice"], r["document"]): r for r in store.list()}
    keys = [k for k in dict.fromkeys(chosen) if k in docs]
    labels = _unique([column_label(docs[k]) for k in keys], keys)
    columns = ordered([
        Column(k, label, region_name(docs[k]["province"], docs[k]["city"], docs[k]["county"]) or "?",
               docs[k]["policy_year"], docs[k]["doc_number"])
        for k, label in zip(keys, labels)
    ])
    field_order = {f: i for i, f in enumerate(field_labels())}
    theme_order = {t: i for i, t in enumerate(themes())}
    values: dict[tuple[Row, tuple[int, int]], list[Value]] = {}
    rows: dict[tuple[str, str], Row] = {}
    for notice_id in dict.fromkeys(k[0] for k in keys):
        record = store.notice(notice_id)
        if record is None:  # a record that cannot be read: the store reports it (Store.skipped)
            continue
        parameters = store.parameters_of(notice_id)
        for key in [k for k in keys if k[0] == notice_id]:
            warned = _warned(record.documents[key[1]])
            for p in parameters:
                if p["document"] != key[1]:
                    continue
                row = rows.setdefault((p["field"], p["scope_key"]), Row(
                    theme_of(p["field"]), p["field"], p["scope_key"], row_label(p["field"], p["scope_key"])))
                values.setdefault((row, key), []).append(Value(
                    str(p["id"]), json.loads(p["value"]), p["number"], p["unit"], p["operator"], p["qualifier"],
                    p["year"], bool(p["corrected"]), (p["field"], p["scope_key"]) in warned,
                    p["sentence"] or p.get("correction_note") or "",
                ))
    ordered_rows = sorted(rows.values(), key=lambda r: (
        theme_order.get(r.theme, len(theme_order)), field_order.get(r.field, len(field_order)), r.field, r.scope))
    return Comparison(columns, ordered_rows, values)


# --- Section diff -------------------------------------------------------------------------------

# A number with its unit is one token (4660元, 70%, 2023年, 3个月), an ASCII word is one, a run of
# spaces is one, and any other character (a CJK character, a mark) is a token of its own.
_TOKEN = re.compile(
    r"\d+(?:[.,．]\d+)*(?:万元|亿元|元|%|％|‰|个百分点|百分点|个工作日|个月|周岁|岁|年度|年|月|日|号|天|倍|人次|人|次|项|种|家)?"
    r"|[A-Za-z]+|[ \t\u3000]+|\n|.",
    re.S,
)


def tokens(text: str) -> list[str]:
    """
    >>> tokens("个人缴费4660元，提高到70%。Word 2023年")
    ['个', '人', '缴', '费', '4660元', '，', '提', '高', '到', '70%', '。', 'Word', ' ', '2023年']
    """
    return _TOKEN.findall(text)


def _cleaned(ops: list[list]) -> list[list]:
    """Short runs of equal tokens between two changes go into the changes: 由550元调整为580元 against
    由560元提高到590元 reads as two changes, not as scattered single characters."""
    out: list[list] = []
    for i, op in enumerate(ops):
        between = 0 < i < len(ops) - 1 and ops[i - 1][0] != "equal" and ops[i + 1][0] != "equal"
        if op[0] == "equal" and between and len(op[1]) <= 2 and "\n" not in op[1] and not any(t[0].isdigit() for t in op[1]):
            op = ["replace", op[1], op[2]]
        if out and op[0] != "equal" and out[-1][0] != "equal":
            out[-1] = ["replace", out[-1][1] + op[1], out[-1][2] + op[2]]
        else:
            out.append(op)
    return [["delete" if not b else "insert" if not a else op, a, b] if op != "equal" else [op, a, b] for op, a, b in out]


def _folded(text: str) -> str:
    """
    >>> _folded("（"), _folded("，"), _folded("４６６０元"), _folded("\u3000")
    ('(', ',', '4660元', ' ')
    """
    return unicodedata.normalize("NFKC", text)


def token_diff(old: str, new: str) -> list[tuple[str, str, str]]:
    """(operation, old text, new text) over word and number tokens: equal, delete, insert, replace.

    >>> token_diff("补助标准为4660元。", "补助标准为4720元。")
    [('equal', '补助标准为', '补助标准为'), ('replace', '4660元', '4720元'), ('equal', '。', '。')]
    >>> token_diff("由550元调整为580元", "由560元提高到590元")
    [('equal', '由', '由'), ('replace', '550元调整为580元', '560元提高到590元')]
    >>> token_diff("（以下简称）", "(以下简称)")
    [('equal', '（以下简称）', '(以下简称)')]
    >>> token_diff("", "新增一条")
    [('insert', '', '新增一条')]
    """
    a, b = tokens(old), tokens(new)
    # Full-width and half-width forms of one mark or digit are the same word: （ against ( is no change.
    matcher = difflib.SequenceMatcher(None, [_folded(t) for t in a], [_folded(t) for t in b], autojunk=False)
    ops = [[op, a[a0:a1], b[b0:b1]] for op, a0, a1, b0, b1 in matcher.get_opcodes()]
    return [(op, "".join(x), "".join(y)) for op, x, y in _cleaned(ops)]


DEL_STYLE = "background:#fecaca;color:#7f1d1d;text-decoration:line-through"
INS_STYLE = "background:#bbf7d0;color:#14532d;text-decoration:none"


def side_by_side(old: str, new: str) -> tuple[str, str]:
    """The two texts as escaped HTML: what the first has and the second lacks in <del>, what the
    second adds in <ins>.

    >>> left, right = side_by_side("标准为4660元<b>", "标准为4720元<b>")
    >>> left.replace(DEL_STYLE, "s"), right.replace(INS_STYLE, "s")
    ('标准为<del style="s">4660元</del>&lt;b&gt;', '标准为<ins style="s">4720元</ins>&lt;b&gt;')
    """
    left, right = [], []
    for op, a, b in token_diff(old, new):
        if op == "equal":
            left.append(html.escape(a))
            right.append(html.escape(b))
            continue
        if a:
            left.append(f'<del style="{DEL_STYLE}">{html.escape(a)}</del>')
        if b:
            right.append(f'<ins style="{INS_STYLE}">{html.escape(b)}</ins>')
    return "".join(left), "".join(right)


def two_columns(left: str, right: str, left_title: str = "", right_title: str = "") -> str:
    r"""Two HTML texts (already escaped) side by side; titles are escaped here.  Line breaks become
    <br>: the HTML is one line, so that Markdown reads none of the notice's text as its own syntax.

    >>> "<b>一 &lt;x&gt;</b>" in two_columns("a", "b", "一 <x>", "")
    True
    >>> "\n" in two_columns("第一行\n\n1. 第二行", "b")
    False
    """
    def column(title: str, body: str) -> str:
        head = f"<div style='margin-bottom:.3rem'><b>{html.escape(title)}</b></div>" if title else ""
        body = body.replace("\n", "<br>") or "<span style='color:#9ca3af'>—</span>"
        return f"<div style='white-space:pre-wrap;min-width:0'>{head}{body}</div>"

    return ("<div style='display:grid;grid-template-columns:1fr 1fr;gap:1.5rem;line-height:1.7'>"
            + column(left_title, left) + column(right_title, right) + "</div>")


@dataclass(frozen=True)
class SectionText:
    path: str
    title: str
    text: str  # the section's own text: heading and body, without its children's

    @property
    def name(self) -> str:
        return f"{self.path} {self.title}".strip()


PREAMBLE, FULL_TEXT = "前言 Preamble", "全文 Full text"


def own_text(text: str, start: int, end: int, children: list[tuple[int, int]]) -> str:
    """The text of ``start:end`` without the spans of its children.

    >>> own_text("一、标准。（一）甲。（二）乙。", 0, 16, [(5, 10), (10, 16)])
    '一、标准。'
    """
    pieces, at = [], start
    for child_start, child_end in sorted(children):
        pieces.append(text[at:child_start])
        at = max(at, child_end)
    pieces.append(text[at:end])
    return "".join(pieces)


def section_texts(notice, position: int) -> list[SectionText]:
    """The document's preamble (the body before the first section, when there is one) and every
    numbered section with its own text, in reading order; none when it has no numbered sections."""
    doc = notice.documents[position]
    if not doc.sections:
        return []
    out = []
    preamble = notice.text[doc.zones.body.start : doc.sections[0].span.start].strip()
    if preamble:
        out.append(SectionText("", PREAMBLE, preamble))
    stack = list(doc.sections)
    while stack:
        section = stack.pop(0)
        text = own_text(notice.text, section.span.start, section.span.end, [(c.span.start, c.span.end) for c in section.children])
        out.append(SectionText(section.path, section.title, text.strip()))
        stack[0:0] = list(section.children)
    return out


def body_text(notice, position: int) -> str:
    doc = notice.documents[position]
    return notice.text[doc.zones.body.start : doc.zones.body.end].strip()


@dataclass(frozen=True)
class SectionPair:
    left: str | None  # path and title in the first document
    right: str | None
    score: float
    left_text: str
    right_text: str

    @property
    def changed(self) -> bool:
        """Whether the texts differ other than in spacing and in full-width or half-width forms."""
        return "".join(_folded(self.left_text).split()) != "".join(_folded(self.right_text).split())

    @property
    def status(self) -> str:
        if self.left is None:
            return "仅第二份 only second"
        if self.right is None:
            return "仅第一份 only first"
        return "有变化 changed" if self.changed else "相同 same"


def pair_sections(a: list[SectionText], b: list[SectionText], cutoff: float = 55) -> list[SectionPair]:
    """Sections paired by title and content (rapidfuzz), each used once; a section of the second that
    pairs with none comes just before the pair of the section after it (after the first's unpaired
    sections there: what went, then what came).

    >>> s = lambda path, title, text: SectionText(path, title, text)
    >>> pairs = pair_sections([s("一", "筹资标准", "一、筹资标准。补助640元。"), s("二", "待遇", "二、待遇。")],
    ...                       [s("一", "筹资标准", "一、筹资标准。补助670元。"), s("二", "经办服务", "二、经办服务。"),
    ...                        s("三", "待遇", "三、待遇。")])
    >>> [(p.left, p.right, p.changed) for p in pairs]
    [('一 筹资标准', '一 筹资标准', True), (None, '二 经办服务', True), ('二 待遇', '三 待遇', True)]
    """
    from rapidfuzz import fuzz

    scores = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            score = 0.7 * fuzz.ratio(x.title, y.title) + 0.3 * fuzz.ratio(x.text[:400], y.text[:400])
            if score >= cutoff:
                scores.append((score, i, j))
    paired: dict[int, tuple[int, float]] = {}
    used: dict[int, int] = {}
    for score, i, j in sorted(scores, key=lambda s: (-s[0], s[1], s[2])):
        if i not in paired and j not in used:
            paired[i] = (j, score)
            used[j] = i
    placed = []
    for i, x in enumerate(a):
        if i in paired:
            j, score = paired[i]
            placed.append(((i, 0, j), SectionPair(x.name, b[j].name, round(score, 1), x.text, b[j].text)))
        else:
            placed.append(((i, 0, -1), SectionPair(x.name, None, 0.0, x.text, "")))
    for j, y in enumerate(b):
        if j not in used:
            after = min((used[k] for k in used if k > j), default=len(a))
            placed.append(((after, -1, j), SectionPair(None, y.name, 0.0, "", y.text)))
    return [p for _, p in sorted(placed, key=lambda item: item[0])]


def align_sections(store, left: tuple[int, int], right: tuple[int, int], cutoff: float = 55) -> list[SectionPair]:
    """Two documents section by section; where either has no numbered sections, their bodies whole."""
    first, second = store.notice(left[0]), store.notice(right[0])
    if first is None or second is None:  # a record that cannot be read (Store.skipped says why)
        return []
    a, b = section_texts(first, left[1]), section_texts(second, right[1])
    if not a or not b:
        return [SectionPair(FULL_TEXT, FULL_TEXT, 100.0, body_text(first, left[1]), body_text(second, right[1]))]
    return pair_sections(a, b, cutoff)


def parameter_changes(store, left: tuple[int, int], right: tuple[int, int]) -> list[dict]:
    """Fields × scopes whose numbers differ between two documents (value, unit, operator: never the
    year alone), or that only one states; each side's values as shown and a link to the first of them."""
    def cells(key):
        out: dict[tuple[str, str], list[Value]] = {}
        for p in store.parameters_of(key[0]):
            if p["document"] == key[1]:
                out.setdefault((p["field"], p["scope_key"]), []).append(Value(
                    str(p["id"]), json.loads(p["value"]), p["number"], p["unit"], p["operator"], p["qualifier"],
                    p["year"], bool(p["corrected"])))
        return out

    a, b = cells(left), cells(right)
    order = {f: i for i, f in enumerate(field_labels())}
    rows = []
    for f, s in sorted(set(a) | set(b), key=lambda k: (order.get(k[0], len(order)), k)):
        first, second = a.get((f, s), []), b.get((f, s), [])
        status = cell_status(second, first)
        if status == SAME:
            continue
        rows.append({
            LABEL: row_label(f, s), "field": f, "scope": s,
            "first": " · ".join(v.text() for v in first), "second": " · ".join(v.text() for v in second),
            STATUS: STATUS_WORDS[status],
            "first_link": notice_link(left, first[0].parameter) if first else None,
            "second_link": notice_link(right, second[0].parameter) if second else None,
        })
    return rows


def related(store, key: tuple[int, int]) -> tuple[list[tuple[str, list[tuple[int, int]]]], list[tuple[int, int]]]:
    """(implements, implemented by): each basis 文号 of the document with the documents of the store
    that carry it, and the documents whose basis names the document's own 文号."""
    from sqlalchemy import select

    from .store import documents, notices

    listed = store.list()
    by_number: dict[str, list[tuple[int, int]]] = {}
    own = None
    for d in listed:
        if (d["notice"], d["document"]) == key:
            own = d["doc_number"]
        elif d["doc_number"]:
            by_number.setdefault(_normal(d["doc_number"]), []).append((d["notice"], d["document"]))
    record = store.notice(key[0])
    basis = list(record.documents[key[1]].meta.basis_docs) if record else []
    implements = [(number, by_number.get(_normal(number), [])) for number in basis]
    implemented_by = []
    if own:
        query = (select(notices.c.id, documents.c.position, documents.c.meta)
                 .select_from(documents.join(notices, documents.c.notice_id == notices.c.id))
                 .where(documents.c.meta.contains(own, autoescape=True)).order_by(notices.c.id, documents.c.position))
        with store.engine.connect() as conn:
            for notice_id, position, meta in conn.execute(query):
                cited = {_normal(n) for n in json.loads(meta).get("basis_docs") or ()}
                if (notice_id, position) != key and _normal(own) in cited:
                    implemented_by.append((notice_id, position))
    return implements, implemented_by


def _normal(doc_number: str) -> str:
    """
    >>> _normal(" 冀医保发[2020]4号"), _normal("冀医保发〔2020〕4号")
    ('冀医保发〔2020〕4号', '冀医保发〔2020〕4号')
    """
    text = "".join(doc_number.split())
    return re.sub(r"[\[［(（【]\s*(\d{4})\s*[\]］)）】]", r"〔\1〕", text)
