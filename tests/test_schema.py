"""The checked-in JSON Schema is the one generated from the models, and output validates against it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from extractor import extract
from extractor.schema import render_schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "notice.schema.json"


def test_checked_in_schema_matches_models():
    assert SCHEMA.read_text("utf-8") == render_schema(), "run `python -m extractor schema` and commit the result"


def test_every_corpus_notice_validates():
    schema = json.loads(SCHEMA.read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((ROOT / "corpus" / "samples").glob("*.txt")):
        record = json.loads(extract(path).model_dump_json())
        errors = list(validator.iter_errors(record))
        assert not errors, (path.name, errors[:3])


def test_records_keep_the_gold_shape():
    record = json.loads(extract(ROOT / "corpus" / "samples" / "000_04157b405fe51554.txt").model_dump_json())
    doc = record["documents"][0]
    assert set(doc) >= {"meta", "sections", "parameters"}
    assert {"title", "doc_number", "issuers", "level", "province", "city", "county",
            "policy_year", "issue_date", "basis_docs"} <= set(doc["meta"])
    assert {"number", "title", "children"} <= set(doc["sections"][0])
