"""Corrections by hand: they hit the parameter they name, survive re-extraction, can be undone,
and every read and every export shows them (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from corpus.corrections import CorrectionError
from corpus.export import Filters, export, long_rows, records
from corpus.ingest import ingest
from corpus.store import open_store
from extractor.pipeline import extract_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"
SEED = SAMPLES / "000_04157b405fe51554.txt"
TWO_CONTRIBUTIONS = SAMPLES / "68_qingcheng_2016.txt"  # 120 元 and 130 元, both contribution.individual []
PERCENT_AND_YUAN = SAMPLES / "003_f2d8fd1fa102c120.txt"  # stable_alleviated: 80 % and 128 元, one field and scope


def ids_of(store, notice_id, field, scope=None, **where):
    """Ids of the notice's parameters (as read) of a field and scope, with the given values."""
    return [p["id"] for p in store.find(notice_id, 0, field, scope or {})
            if all(json.loads(p[k]) == v if k == "value" else p[k] == v for k, v in where.items())]


def values(store, notice_id, field, scope=None):
    return sorted((json.loads(p["value"]), p["unit"]) for p in store.find(notice_id, 0, field, scope or {}))


# --- the defects of keys shared by several parameters -----------------------------------------------


def test_one_of_two_parameters_of_one_field_and_scope_is_rejected_and_a_third_added(store):
    (outcome,) = list(ingest(store, [TWO_CONTRIBUTIONS]))
    nid = outcome.notice_id
    assert values(store, nid, "contribution.individual") == [(120, "元"), (130, "元")]
    (second,) = ids_of(store, nid, "contribution.individual", value=130)
    store.reject(nid, second, note="the same contribution with arrears")
    assert values(store, nid, "contribution.individual") == [(120, "元")]
    added = store.add_parameter(nid, 0, "contribution.individual", 110, "元", {"insured_group": "minors"})
    # The rejected row stays rejected; the addition is one row of its own, with its own scope.
    assert values(store, nid, "contribution.individual") == [(120, "元")]
    assert values(store, nid, "contribution.individual", {"insured_group": "minors"}) == [(110, "元")]
    rows = [(r["parameter_id"], r["value"], r["scope"], r["corrected"]) for r in long_rows(store)
            if r["field"] == "contribution.individual"]
    (first,) = ids_of(store, nid, "contribution.individual", value=120)
    assert rows == [(first, 120, "", False), (added.added_id, 110, "insured_group=minors", True)]


def test_correcting_the_percent_row_leaves_the_yuan_row_of_the_same_scope(store):
    (outcome,) = list(ingest(store, [PERCENT_AND_YUAN]))
    nid = outcome.notice_id
    scope = {"population": "stable_alleviated"}
    assert values(store, nid, "assistance.contribution_subsidy", scope) == [(80, "%"), (128, "元")]
    (percent,) = ids_of(store, nid, "assistance.contribution_subsidy", scope, unit="%")
    store.correct(nid, percent, {"value": 70}, note="the notice says 70%")
    assert values(store, nid, "assistance.contribution_subsidy", scope) == [(70, "%"), (128, "元")]


def test_json_and_jsonl_exports_carry_the_corrections(store, tmp_path):
    (outcome,) = list(ingest(store, [SEED]))
    nid = outcome.notice_id
    (figure,) = ids_of(store, nid, "subsidy.per_capita")
    correction = store.correct(nid, figure, {"value": 650}, note="typo", author="lin")
    for fmt in ("json", "jsonl"):
        out = tmp_path / f"e.{fmt}"
        export(store, fmt, out)
        text = out.read_text("utf-8")
        (record,) = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
        (param,) = [p for p in record["documents"][0]["parameters"] if p["field"] == "subsidy.per_capita"]
        assert (param["id"], param["value"]) == (figure, 650)
        (block,) = record["corrections"]
        assert (block["id"], block["action"], block["parameter"], block["old"], block["new"], block["author"],
                block["note"], block["status"]) == (correction.id, "corrected", figure, {"value": 640}, {"value": 650},
                                                    "lin", "typo", "applied")
    raw = tmp_path / "raw.json"
    export(store, "json", raw, Filters(raw=True))
    (record,) = json.loads(raw.read_text("utf-8"))
    (param,) = [p for p in record["documents"][0]["parameters"] if p["field"] == "subsidy.per_capita"]
    assert (param["id"], param["value"], "corrections" in record) == (figure, 640, False)


# --- operations ---------------------------------------------------------------------------------------


def test_an_added_parameter_can_be_corrected_rejected_and_undone(store):
    (outcome,) = list(ingest(store, [SEED]))
    nid = outcome.notice_id
    added = store.add_parameter(nid, 0, "financing.total", 1020, "元", note="from the table", author="lin")
    assert values(store, nid, "financing.total") == [(1020, "元")]
    (row,) = store.find(nid, 0, "financing.total", {})
    assert (row["id"], row["year"], row["rule"], row["added"]) == (added.added_id, 2023, "correction", True)
    fixed = store.correct(nid, added.added_id, {"value": 1030, "qualifier": "不低于"})
    (row,) = store.find(nid, 0, "financing.total", {})
    assert (row["value"], row["qualifier"], row["operator"]) == ("1030", "不低于", ">=")
    store.undo(fixed.id)
    assert values(store, nid, "financing.total") == [(1020, "元")]
    rejection = store.reject(nid, added.added_id)
    assert values(store, nid, "financing.total") == []
    store.undo(rejection.id)
    assert values(store, nid, "financing.total") == [(1020, "元")]
    store.undo(added.id)
    assert values(store, nid, "financing.total") == []
    history = [(c.id, c.action, standing) for c, standing in store.history(nid, added.added_id)]
    assert [h[1:] for h in history] == [("added", "undone"), ("corrected", "undone"), ("undone", "applied"),
                                        ("rejected", "undone"), ("undone", "applied"), ("undone", "applied")]
    with pytest.raises(CorrectionError, match=f"correction {added.id} is already undone"):
        store.undo(added.id)


def test_an_undo_of_an_undo_puts_the_correction_back(store):
    (outcome,) = list(ingest(store, [SEED]))
    nid = outcome.notice_id
    (figure,) = ids_of(store, nid, "subsidy.per_capita")
    fix = store.correct(nid, figure, {"value": 650})
    undo = store.undo(fix.id)
    assert values(store, nid, "subsidy.per_capita") == [(640, "元")]
    store.undo(undo.id)
    assert values(store, nid, "subsidy.per_capita") == [(650, "元")]


@pytest.mark.parametrize("call, message", [
    (lambda s, n, p: s.correct(n, p, {"scope": {"insured_group": "老年人"}}),
     "insured_group=老年人 is not in the vocabulary: insured_group is one of elderly, "),
    (lambda s, n, p: s.correct(n, p, {"unit": "%"}), "unit % does not fit subsidy.per_capita: its units are 元"),
    (lambda s, n, p: s.correct(n, p, {"value": 640}), "already reads value 640"),
    (lambda s, n, p: s.correct(n, "999999", {"value": 1}), "has no parameter #999999"),
    (lambda s, n, p: s.correct(99, p, {"value": 1}), "no notice 99 in the store"),
    (lambda s, n, p: s.add_parameter(n, 0, "subsidy.percapita", 1, "元"), "unknown field subsidy.percapita (did you mean subsidy.per_capita?)"),
    (lambda s, n, p: s.add_parameter(n, 3, "financing.total", 1, "元"), "has no document 3"),
    (lambda s, n, p: s.correct_metadata(n, 0, {"level": "town"}), "level town is not one of national, province, city, county"),
    (lambda s, n, p: s.mark_copy(n, n), "cannot be a copy of itself"),
    (lambda s, n, p: s.undo(999999), "no correction 999999 in the store"),
])
def test_a_wrong_correction_is_refused_with_one_line(store, call, message):
    (outcome,) = list(ingest(store, [SEED]))
    nid = outcome.notice_id
    (figure,) = ids_of(store, nid, "subsidy.per_capita")
    with pytest.raises(CorrectionError) as caught:
        call(store, nid, figure)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert store.history(nid) == []


def test_a_parameter_of_another_notice_is_named_as_such(store):
    first, second = list(ingest(store, [SEED, TWO_CONTRIBUTIONS]))
    (figure,) = ids_of(store, first.notice_id, "subsidy.per_capita")
    with pytest.raises(CorrectionError, match=f"parameter #{figure} belongs to notice {first.notice_id}, not {second.notice_id}"):
        store.reject(second.notice_id, figure)


# --- metadata, copies, exclusion, removal ------------------------------------------------------------


def test_metadata_corrections_reach_every_read_and_can_be_undone(store):
    first, second = list(ingest(store, [SEED, TWO_CONTRIBUTIONS]))
    nid = second.notice_id
    change = store.correct_metadata(nid, 0, {"doc_number": "庆城卫[2016]5号", "issue_date": "2016-03-01",
                                             "title": "关于做好2016年度新农合资金收缴工作的通知"}, author="lin")
    assert change.old == {"doc_number": None, "issue_date": None, "title": "关于做好2016年度农民参合资金收缴工作的通知"}
    (row,) = [r for r in store.list() if r["notice"] == nid]
    assert (row["doc_number"], row["title"]) == ("庆城卫〔2016〕5号", "关于做好2016年度新农合资金收缴工作的通知")
    meta = store.notice(nid).documents[0].meta
    assert (meta.doc_number, meta.issue_date) == ("庆城卫〔2016〕5号", "2016-03-01")
    assert store.notice(nid, raw=True).documents[0].meta.doc_number is None
    assert {r["doc_number"] for r in long_rows(store) if r["notice_id"] == nid} == {"庆城卫〔2016〕5号"}
    store.undo(change.id)
    (row,) = [r for r in store.list() if r["notice"] == nid]
    assert (row["doc_number"], row["title"]) == (None, "关于做好2016年度农民参合资金收缴工作的通知")


def years_of(store, notice_id, *fields) -> dict[str, set]:
    """Field → the years its parameters have as read, in the store's own reads, in the long export,
    in the JSON record and in the panel: they must agree."""
    from corpus.panel import panel_rows

    out = {}
    for field in fields:
        seen = {"store": {p["year"] for p in store.parameters_of(notice_id) if p["field"] == field},
                "export": {r["year"] for r in long_rows(store) if r["notice_id"] == notice_id and r["field"] == field},
                "record": {p.year for p in store.notice(notice_id).documents[0].parameters if p.field == field},
                "panel": {r["year"] for r in panel_rows(store, field)[0] if r["notice_id"] == notice_id}}
        assert len({frozenset(v) for v in seen.values()}) == 1, (field, seen)
        out[field] = seen["store"]
    return out


def test_a_corrected_policy_year_moves_the_figures_dated_by_it(store):
    """A figure with no year of its own is the policy year's: when a person corrects the policy year,
    it moves with it; a figure whose year the notice states stays; a year corrected on the figure
    itself wins; undoing the correction moves them back; the raw export keeps the extracted years."""
    (added,) = list(ingest(store, [SEED]))
    nid = added.notice_id
    # 2023年…人均财政补助标准…640元 and 2024年起…380元 state their years; 一般县中央补助384元 has none.
    fields = ("subsidy.per_capita", "contribution.individual", "subsidy.central", "subsidy.city")
    assert years_of(store, nid, *fields) == {"subsidy.per_capita": {2023}, "contribution.individual": {2024},
                                             "subsidy.central": {2023}, "subsidy.city": {2023}}
    (city,) = ids_of(store, nid, "subsidy.city", {"county_type": "general"})
    store.correct(nid, city, {"year": 2021}, author="lin")
    change = store.correct_metadata(nid, 0, {"policy_year": 2022}, author="lin")
    assert years_of(store, nid, *fields) == {"subsidy.per_capita": {2023}, "contribution.individual": {2024},
                                             "subsidy.central": {2022}, "subsidy.city": {2021, 2022}}
    central = store.find(nid, 0, "subsidy.central", {"county_type": "general"})[0]
    assert not central["corrected"]  # the figure itself was not corrected: its document's year was
    raw = {(r["field"], r["year"]) for r in long_rows(store, Filters(raw=True)) if r["field"] in fields}
    assert raw == {("subsidy.per_capita", 2023), ("contribution.individual", 2024), ("subsidy.central", 2023),
                   ("subsidy.city", 2023)}
    store.undo(change.id)
    assert years_of(store, nid, *fields) == {"subsidy.per_capita": {2023}, "contribution.individual": {2024},
                                             "subsidy.central": {2023}, "subsidy.city": {2021, 2023}}


def test_a_corrected_wenhao_links_copies_and_copy_marks_override_it(store):
    first, second, third = list(ingest(store, [SEED, TWO_CONTRIBUTIONS, PERCENT_AND_YUAN]))
    same_as = lambda: {r["notice"]: r["same_as"] for r in store.list() if r["document"] == 0}
    assert same_as() == {first.notice_id: None, second.notice_id: None, third.notice_id: None}
    # The second's 文号 said by hand to be the first's: it becomes a copy, counted once.
    store.correct_metadata(second.notice_id, 0, {"doc_number": "忻医保发〔2023〕10号"})
    assert same_as()[second.notice_id] == first.notice_id
    # Said by hand not to be a copy, whatever its 文号; a third said to copy the first.
    store.mark_copy(second.notice_id, None, note="two notices that share a misprinted 文号")
    store.mark_copy(third.notice_id, first.notice_id)
    assert same_as() == {first.notice_id: None, second.notice_id: None, third.notice_id: first.notice_id}
    with pytest.raises(CorrectionError, match=f"notice {third.notice_id} is a copy of notice {first.notice_id}"):
        store.mark_copy(first.notice_id, third.notice_id)
    # Removing the first takes its parameters and corrections with it; its copy stands alone again.
    removed = store.remove(first.notice_id)
    assert (removed.documents, removed.parameters, removed.corrections, removed.copies) == (1, 26, 0, ((third.notice_id, None),))
    assert same_as() == {second.notice_id: None, third.notice_id: None}
    # Its history says why the copy mark no longer holds.
    assert [(c.summary(), c.author, c.note) for c, _ in store.history(third.notice_id)] == [
        (f"copy of notice {first.notice_id}", None, None),
        ("not a copy of another notice", "mednotice", f"notice {first.notice_id} was removed"),
    ]


def test_an_excluded_notice_stays_in_the_store_and_leaves_the_exports(store, tmp_path):
    first, second = list(ingest(store, [SEED, TWO_CONTRIBUTIONS]))
    store.exclude(second.notice_id, note="a township notice: out of the study")
    assert [r["excluded"] for r in store.list()] == [None, "a township notice: out of the study"]
    assert {r["notice_id"] for r in long_rows(store)} == {first.notice_id}
    assert {r["notice_id"] for r in long_rows(store, Filters(include_excluded=True))} == {first.notice_id, second.notice_id}
    assert {r["notice_id"] for r in long_rows(store, Filters(raw=True))} == {first.notice_id, second.notice_id}
    assert [r["source"] for r in records(store)] == [SEED.name]
    with pytest.raises(CorrectionError, match="is already excluded"):
        store.exclude(second.notice_id)
    store.include(second.notice_id)
    assert {r["notice_id"] for r in long_rows(store)} == {first.notice_id, second.notice_id}


# --- the round trip --------------------------------------------------------------------------------


def changed_rule(data: bytes, name: str):
    """The extractor with a changed rule: the 98 % coverage target is no longer read, the 120 元
    contribution is read as 125 元, and an outpatient cap of 300 元 as 310 元."""
    notice = extract_bytes(data, name)
    docs = []
    for doc in notice.documents:
        params = []
        for p in doc.parameters:
            if p.field == "enrollment.coverage_rate_target" and p.value == 98:
                continue
            if p.field == "contribution.individual" and p.value == 120:
                p = p.model_copy(update={"value": 125})
            if p.field == "outpatient.annual_cap" and p.value == 300:
                p = p.model_copy(update={"value": 310})
            params.append(p)
        docs.append(doc.model_copy(update={"parameters": tuple(params)}))
    return notice.model_copy(update={"documents": tuple(docs)})


def exported_state(store, tmp_path, **filters) -> dict[str, set]:
    """Each export format's parameters as (notice, parameter id, field, value, unit, scope) and its
    documents as (notice, 文号, city, county, policy year)."""
    out = {}
    chosen = Filters(**filters)
    for fmt in ("json", "jsonl", "csv", "xlsx", "parquet"):
        path = tmp_path / f"export.{fmt}"
        export(store, fmt, path, chosen)
        if fmt in ("json", "jsonl"):
            text = path.read_text("utf-8")
            items = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
            notice_of = {r["source"]: r for r in items}
            ids = {r["file_name"]: r["notice_id"] for r in long_rows(store, chosen)}
            params, docs = set(), set()
            for source, record in notice_of.items():
                nid = ids.get(source)
                for doc in record["documents"]:
                    m = doc["meta"]
                    docs.add((nid, m["doc_number"], m["city"], m["county"], m["policy_year"]))
                    for p in doc["parameters"]:
                        value = "–".join(map(str, p["value"])) if isinstance(p["value"], list) else p["value"]
                        params.add((nid, p["id"], p["field"], str(value), p["unit"],
                                    ";".join(f"{k}={v}" for k, v in sorted(p["scope"].items()))))
            out[fmt] = (params, {d for d in docs if any(p[0] == d[0] for p in params)})
            continue
        table = {"csv": lambda: pd.read_csv(path, dtype=str, keep_default_na=False),
                 "xlsx": lambda: pd.read_excel(path, dtype=str, keep_default_na=False),
                 "parquet": lambda: _as_text(pd.read_parquet(path))}[fmt]()
        params = {(int(r.notice_id), r.parameter_id, r.field, _number_text(r.value), r.unit, r.scope)
                  for r in table.itertuples()}
        docs = {(int(r.notice_id), r.doc_number or None, r.city or None, r.county or None,
                 int(r.policy_year) if r.policy_year else None) for r in table.itertuples()}
        out[fmt] = (params, docs)
    return out


def _as_text(table):
    """A table read with its own types, as text with empty cells where a value is missing."""
    table = table.astype(object)
    return table.where(table.notna(), "").astype(str)


def _number_text(text: str) -> str:
    """A value as the JSON export writes it: 640.0 and 640 are both '640'.

    >>> _number_text("640.0"), _number_text("13.5"), _number_text("2023-09-15")
    ('640', '13.5', '2023-09-15')
    """
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else str(number)


def test_round_trip_every_export_shows_the_corrected_state(store, tmp_path):
    seed, township, city = (o.notice_id for o in ingest(store, [SEED, TWO_CONTRIBUTIONS, PERCENT_AND_YUAN]))
    (per_capita,) = ids_of(store, seed, "subsidy.per_capita")
    (cap,) = ids_of(store, seed, "outpatient.annual_cap")
    (share,) = ids_of(store, seed, "subsidy_share.central", {"county_type": "western"})
    (low,) = ids_of(store, township, "contribution.individual", value=120)
    (high,) = ids_of(store, township, "contribution.individual", value=130)
    (target,) = ids_of(store, township, "enrollment.coverage_rate_target", value=98)
    store.correct(seed, per_capita, {"value": 650}, note="typo in the notice", author="lin")
    store.correct(seed, cap, {"qualifier": "不超过"}, author="lin")
    store.reject(seed, share, author="lin")
    added = store.add_parameter(seed, 0, "financing.total", 1020, "元", author="lin")
    wrong = store.add_parameter(seed, 0, "critical_illness.financing", 1, "元", author="lin")
    store.undo(wrong.id, author="lin")
    store.reject(township, high, note="the same contribution with arrears", author="wang")
    store.correct(township, low, {"scope": {"insured_group": "adults"}}, author="wang")
    store.reject(township, target, note="a target, not a figure", author="wang")
    store.correct_metadata(township, 0, {"doc_number": "庆城卫〔2016〕5号", "policy_year": 2017}, author="wang")
    copy = store.mark_copy(city, seed, author="wang")
    store.undo(copy.id, author="wang")
    store.exclude(city, note="another province's notice", author="wang")

    def text(value):
        return "–".join(map(str, value)) if isinstance(value, list) else _number_text(str(value))

    def expected(per_capita_value):
        params = {(nid, p["id"], p["field"], text(json.loads(p["value"])), p["unit"], p["scope_key"])
                  for nid in (seed, township) for p in store.parameters_of(nid, raw=True)}
        params = {p for p in params if p[1] not in (share, high, target, per_capita, low)}
        return params | {
            (seed, per_capita, "subsidy.per_capita", text(per_capita_value), "元", ""),
            (township, low, "contribution.individual", "120", "元", "insured_group=adults"),
            (seed, added.added_id, "financing.total", "1020", "元", ""),
        }

    documents = {(seed, "忻医保发〔2023〕10号", "忻州市", None, 2023), (township, "庆城卫〔2016〕5号", "庆阳市", "庆城县", 2017)}
    before = expected(650)
    for fmt, (params, docs) in exported_state(store, tmp_path).items():
        assert params == before, fmt
        assert docs == documents, fmt

    reports = {r.notice_id: r for r in store.reextract(changed_rule)}
    # The 98 % target is gone: its rejection is kept and reported orphaned; the 120 元 contribution is
    # read as 125 元 under the same id, and keeps its corrected scope; the cap is read as 310 元.
    assert [c.id for c in reports[township].orphaned] == [c.id for c, _ in store.history(township, target)]
    assert [(c.id, c.before, c.after) for c in reports[township].changed] == [(low, "120 元", "125 元")]
    assert [(c.id, c.before, c.after) for c in reports[seed].changed] == [(cap, "300 元", "310 元")]
    assert reports[seed].orphaned == () and len(reports[seed].refound) == 3
    assert reports[city].changed == reports[city].removed == reports[city].added == ()
    assert [c.id for c in store.read(township).orphaned] == [c.id for c in reports[township].orphaned]

    after = {p for p in expected(650) if p[1] != low} | {(township, low, "contribution.individual", "125", "元",
                                                           "insured_group=adults")}
    after = {(n, i, f, "310" if i == cap else v, u, s) for n, i, f, v, u, s in after}
    for fmt, (params, docs) in exported_state(store, tmp_path).items():
        assert params == after, fmt
        assert docs == documents, fmt
    (cap_row,) = store.find(seed, 0, "outpatient.annual_cap", {})
    assert (cap_row["value"], cap_row["qualifier"], cap_row["corrected"]) == ("310", "不超过", True)

    # As extracted: every notice, no correction.
    raw_params, raw_docs = exported_state(store, tmp_path, raw=True)["csv"]
    assert {p[0] for p in raw_params} == {seed, township, city}
    assert (seed, per_capita, "subsidy.per_capita", "640", "元", "") in raw_params
    assert (township, None, "庆阳市", "庆城县", 2016) in raw_docs

    # A later run that reads the 98 % target again gives the orphaned rejection its parameter back.
    reports = {r.notice_id: r for r in store.reextract(lambda data, name: extract_bytes(data, name))}
    assert reports[township].orphaned == () and [c.id for c in reports[township].added] == [target]
    assert ids_of(store, township, "enrollment.coverage_rate_target", value=98) == []


# --- a store of the previous release -------------------------------------------------------------


def test_a_schema_2_store_is_migrated_with_its_corrections_on_the_right_parameters(previous_release):
    """tests/data/store_v2.sql: made by the previous release (schema 2) from 003 and 68_qingcheng, with a
    correction of the 80 % row of a field and scope that also has a 元 row, a rejection of one of two
    contributions of one scope, an acceptance and an addition."""
    store = open_store(previous_release(ROOT / "tests" / "data" / "store_v2.sql"))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT value FROM store_info WHERE key = 'schema_version'").scalar() == "4"
    scope = {"population": "stable_alleviated"}
    assert values(store, 1, "assistance.contribution_subsidy", scope) == [(70, "%"), (128, "元")]
    assert values(store, 2, "contribution.individual") == [(130, "元")]
    assert values(store, 2, "subsidy.per_capita") == [(100, "元")]
    assert ids_of(store, 1, "procurement.count", {"target": "drugs"}) == []
    (accepted,) = store.find(1, 0, "subsidy.per_capita", {})
    assert accepted["reviewed"] and not accepted["corrected"]
    history = [(c.id, c.action, c.author, c.note, standing) for c, standing in store.history()]
    assert history == [
        (1, "corrected", "lin", "the notice says 70%", "applied"),
        (2, "rejected", "lin", "350 is a price, not a count", "applied"),
        (3, "accepted", "wang", None, "applied"),
        (4, "rejected", "wang", "arrears included", "applied"),
        (5, "added", "wang", "from the table", "applied"),
    ]
    # New corrections and notices take ids after the old ones; a re-extraction keeps them all.
    assert store.reject(2, "a5").id == 6
    assert list(ingest(store, [SEED]))[0].notice_id == 3
    reports = list(store.reextract(lambda data, name: extract_bytes(data, name)))
    assert all(r.orphaned == () and r.changed == () for r in reports)
    assert values(store, 1, "assistance.contribution_subsidy", scope) == [(70, "%"), (128, "元")]
    assert values(store, 2, "subsidy.per_capita") == []
    store.engine.dispose()


def test_a_schema_3_store_keeps_its_years_until_reextract_marks_them(previous_release):
    """tests/data/store_v3.sql: made by the previous release (schema 3) from 000, its policy year
    corrected 2023 → 2022 and the outpatient cap's year 2024 → 2025 by hand.  Its rows cannot tell a
    stated year from the policy year's: they keep their years; reextract marks them, and then the
    figures dated by the policy year move to 2022, the stated and the corrected ones stay."""
    store = open_store(previous_release(ROOT / "tests" / "data" / "store_v3.sql"))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT value FROM store_info WHERE key = 'schema_version'").scalar() == "4"
    fields = ("subsidy.central", "contribution.individual", "outpatient.annual_cap")
    assert years_of(store, 1, *fields) == {"subsidy.central": {2023}, "contribution.individual": {2024},
                                           "outpatient.annual_cap": {2025}}
    (report,) = store.reextract(lambda data, name: extract_bytes(data, name))
    assert report.orphaned == ()
    assert years_of(store, 1, *fields) == {"subsidy.central": {2022}, "contribution.individual": {2024},
                                           "outpatient.annual_cap": {2025}}
    assert [c.id for c, standing in store.history(1) if standing == "applied"] == [1, 2]
