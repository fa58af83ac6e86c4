"""Exports read back with pandas equal what the store holds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from corpus.export import Filters, export, long_rows, long_table, wide_table
from corpus.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def filled(store):
    """The corpus in the store (SQLite, and PostgreSQL where .ci/run started one)."""
    list(ingest(store, [ROOT / "corpus" / "samples"]))
    return store


def _number_text(value) -> str:
    """30, 30.0 and "30.0" are the same figure in a table cell; True is "True"."""
    if isinstance(value, bool):
        return str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return str(int(number)) if number.is_integer() else str(number)


def normalised(rows: list[dict]) -> list[dict]:
    """Values as text, missing (None, NaN, empty cell) as None: what every table format holds alike."""
    out = []
    for row in rows:
        item = {}
        for key, value in row.items():
            if value is None or value == "" or (isinstance(value, float) and value != value) or value is pd.NA:
                item[key] = None
            else:
                item[key] = _number_text(value)
        out.append(item)
    return out


@pytest.mark.parametrize("fmt, read", [
    ("csv", lambda p: pd.read_csv(p, encoding="utf-8-sig", dtype=str, keep_default_na=False, na_values=[""])),
    ("xlsx", lambda p: pd.read_excel(p, dtype=str)),
    ("parquet", lambda p: pd.read_parquet(p)),
])
def test_long_table_reads_back(filled, tmp_path, fmt, read):
    store = filled
    path = tmp_path / f"long.{fmt}"
    count = export(store, fmt, path)
    expected = long_rows(store)
    assert count == len(expected) == 185
    got = read(path).to_dict("records")
    assert normalised(got) == normalised(expected)


def test_csv_opens_in_excel_with_chinese(filled, tmp_path):
    store = filled
    path = tmp_path / "long.csv"
    export(store, "csv", path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "人均财政补助标准" in path.read_text("utf-8-sig")


def test_json_records_follow_the_schema(filled, tmp_path):
    store = filled
    schema = json.loads((ROOT / "schemas" / "notice.schema.json").read_text("utf-8"))
    export(store, "json", tmp_path / "c.json")
    records = json.loads((tmp_path / "c.json").read_text("utf-8"))
    assert len(records) == 19
    for record in records:
        jsonschema.validate(record, schema)
    export(store, "jsonl", tmp_path / "c.jsonl")
    lines = (tmp_path / "c.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records


def test_wide_table_one_row_per_document(filled, tmp_path):
    store = filled
    wide = wide_table(store)
    assert len(wide) == 20
    row = wide[wide["doc_number"] == "忻医保发〔2023〕10号"].iloc[0]
    assert row["subsidy.per_capita"] == 640
    assert row["subsidy.central[county_type=general]"] == 384
    assert row["subsidy.central[county_type=western]"] == 512
    export(store, "parquet", tmp_path / "wide.parquet", wide=True)
    back = pd.read_parquet(tmp_path / "wide.parquet")
    assert back.shape == wide.shape


def test_wide_table_drops_no_figure(filled):
    """Every figure of the long table is in one cell of the wide one: a field given in % and in 元
    has a column per unit, a second figure of a column goes to its #2."""
    wide, long = wide_table(filled), long_table(filled)
    figures = wide.drop(columns=["notice_id", "document", "file_name", "province", "city", "county", "level",
                                 "policy_year", "doc_number", "topic"])
    assert figures.notna().sum().sum() == len(long)
    row = wide[wide["file_name"] == "003_f2d8fd1fa102c120.txt"].iloc[0]
    assert row["assistance.contribution_subsidy[population=dibao] (%)"] == 90
    assert row["assistance.contribution_subsidy[population=dibao] (元)"] == 315
    row = wide[wide["file_name"] == "68_qingcheng_2016.txt"].iloc[0]
    assert (row["contribution.individual"], row["contribution.individual #2"]) == (120, 130)
    columns = list(wide.columns)
    assert columns.index("contribution.individual #2") == columns.index("contribution.individual") + 1
    # A field of one kind keeps its plain name, whatever notices are stored.
    assert "subsidy.per_capita" in columns and not any(c.startswith("subsidy.per_capita (") for c in columns)


def test_filters(filled):
    store = filled
    hebei = long_rows(store, Filters(province="河北省"))
    assert hebei and {r["province"] for r in hebei} == {"河北省"}
    years = long_rows(store, Filters(years=(2021, 2021)))
    assert {r["policy_year"] for r in years} == {2021}
    fields = long_rows(store, Filters(fields=("subsidy.per_capita",), level="city"))
    assert {r["field"] for r in fields} == {"subsidy.per_capita"} and {r["level"] for r in fields} == {"city"}


def test_export_command(filled, tmp_path):
    store = filled
    db = store.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "x.csv"
    result = subprocess.run(
        [sys.executable, "-m", "corpus", "export", "--db", db, "--format", "csv", "--fields",
         "contribution.individual", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert f"{out}: " in result.stderr and " rows" in result.stderr
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert set(table["field"]) == {"contribution.individual"}
    wide_json = subprocess.run(
        [sys.executable, "-m", "corpus", "export", "--db", db, "--format", "json", "--wide", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert wide_json.returncode == 2 and "--wide makes a table" in wide_json.stderr
