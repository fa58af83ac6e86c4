"""Corrections by hand survive re-extraction, and every read shows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.export import long_rows
from corpus.ingest import ingest
from extractor.pipeline import extract_bytes
from corpus.store import CorrectionError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "samples" / "000_04157b405fe51554.txt"


def test_corrections_survive_reextract(store):
    (outcome,) = list(ingest(store, [SEED]))
    nid = outcome.notice_id
    store.correct(nid, 0, "subsidy.per_capita", action="corrected", value=650, note="typo", author="reviewer")
    store.correct(nid, 0, "subsidy.city", {"county_type": "general"}, action="rejected")
    store.correct(nid, 0, "financing.total", action="added", value=1020, unit="元")

    def improved(data, name):
        # An extractor that now reads the province's share for western counties differently.
        notice = extract_bytes(data, name)
        doc = notice.documents[0]
        params = tuple(
            p.model_copy(update={"value": 12}) if p.field == "subsidy_share.province" and p.scope == {"county_type": "western"} else p
            for p in doc.parameters
        )
        return notice.model_copy(update={"documents": (doc.model_copy(update={"parameters": params}),)})

    report = list(store.reextract(improved))
    assert report == [(nid, SEED.name, [], [], [(0, "subsidy_share.province", "county_type=western")])]
    read = {(p["field"], p["scope_key"]): p for p in store.parameters_of(nid)}
    assert read[("subsidy.per_capita", "")]["value"] == "650" and read[("subsidy.per_capita", "")]["corrected"]
    assert ("subsidy.city", "county_type=general") not in read
    assert read[("financing.total", "")]["corrected"] and read[("financing.total", "")]["unit"] == "元"
    assert read[("subsidy_share.province", "county_type=western")]["value"] == "12"
    exported = {(r["field"], r["scope"]): r for r in long_rows(store)}
    assert exported[("subsidy.per_capita", "")]["value"] == 650 and exported[("subsidy.per_capita", "")]["corrected"]
    assert ("subsidy.city", "county_type=general") not in exported
    assert exported[("subsidy.central", "county_type=general")]["corrected"] is False


@pytest.mark.parametrize("args, message", [
    ((99, 0, "subsidy.per_capita"), "no notice 99 in the store"),
    ((None, 0, "no.such.field"), "has no no.such.field [] to correct"),
])
def test_a_correction_must_name_a_stored_parameter(store, args, message):
    (outcome,) = list(ingest(store, [SEED]))
    notice_id = outcome.notice_id if args[0] is None else args[0]
    with pytest.raises(CorrectionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        store.correct(notice_id, args[1], args[2], value=1)


def test_an_accepted_parameter_is_marked_reviewed_and_unchanged(store):
    (outcome,) = list(ingest(store, [SEED]))
    store.correct(outcome.notice_id, 0, "subsidy.per_capita", action="accepted", author="reviewer")
    read = {(p["field"], p["scope_key"]): p for p in store.parameters_of(outcome.notice_id)}
    accepted = read[("subsidy.per_capita", "")]
    assert accepted["value"] == "640" and accepted["reviewed"] and not accepted["corrected"]
    assert not read[("subsidy.central", "county_type=general")]["reviewed"]
