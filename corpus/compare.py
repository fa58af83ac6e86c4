"""Across notices: province → city compliance, and year-over-year changes per region.

Compliance: where a provincial notice sets a figure (不低于640元 is a floor, 380元 an
exact figure), every city or county notice of that province and policy year that
states the same field and scope is compared with it: below a floor, above a ceiling,
or different from an exact figure is listed with both sentences.

Changes: for each region, every numeric field × scope against the same region's
previous notice that stated it.  Corrections by hand are applied first.

Both leave out the documents whose topic flag says they are not about resident medical
insurance (a school-fee or tender notice picked up with the others); ``include_other=True``
takes them in.  A record made before the flag has none and stays in.  Notices a person
excluded are left out too (``include_excluded=True`` takes them in), and regions, levels and
years are read as corrected.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from extractor.reading.regions import region_name
from extractor.reading.topic import OTHER
from .store import Store, documents, notices


@dataclass(frozen=True)
class Finding:
    status: str  # falls short / exceeds / differs
    field: str
    scope: str
    province_notice: int
    province_doc_number: str | None
    province_value: float
    operator: str
    province_sentence: str
    notice: int
    region: str
    doc_number: str | None
    value: float
    sentence: str


@dataclass(frozen=True)
class Change:
    region: str
    field: str
    scope: str
    unit: str
    year_from: int
    value_from: float
    year_to: int
    value_to: float
    notice_from: int
    notice_to: int

    @property
    def change(self) -> float:
        return round(self.value_to - self.value_from, 6)


# How a stored record (pydantic's compact JSON) writes a document's flag: the words let the
# database pass over every record that cannot hold one.
_FLAGGED, _FLAGGED_OTHER = '"topic":{"subject":', f'"topic":{{"subject":"{OTHER}"'


def subjects_of(record: str) -> list[str | None]:
    """The topic subject of each document of a stored record (JSON); None for one made before the flag.

    >>> subjects_of('{"documents": [{"topic": {"subject": "other"}}, {"meta": {}}]}')
    ['other', None]
    """
    return [(doc.get("topic") or {}).get("subject") for doc in json.loads(record)["documents"]]


def off_topic(store: Store) -> set[tuple[int, int]]:
    """(notice, position) of every document flagged as about another matter than resident medical insurance."""
    query = select(notices.c.id, notices.c.record).where(notices.c.record.contains(_FLAGGED_OTHER))
    flagged_other = set()
    with store.engine.connect() as conn:
        # Only the few records the words matched are read, and their JSON decides.
        for n, record in conn.execute(query):
            try:
                subjects = subjects_of(record)
            except ValueError as exc:  # a damaged record: the store's readers leave it out too
                store.skip(n, None, "its stored record cannot be read", exc)
                continue
            flagged_other.update((n, p) for p, s in enumerate(subjects) if s == OTHER)
    return flagged_other


def flagged(store: Store) -> set[int]:
    """Ids of the notices whose record carries the topic flag (those stored before it do not)."""
    with store.engine.connect() as conn:
        return {n for (n,) in conn.execute(select(notices.c.id).where(notices.c.record.contains(_FLAGGED)))}


def _documents(store: Store, include_other: bool = False, include_excluded: bool = False) -> list[dict]:
    query = select(
        notices.c.id.label("notice"), notices.c.same_as, notices.c.excluded, documents.c.position, documents.c.level,
        documents.c.province, documents.c.city, documents.c.county, documents.c.policy_year, documents.c.doc_number,
    ).select_from(documents.join(notices, documents.c.notice_id == notices.c.id)).order_by(notices.c.id, documents.c.position)
    skip = set() if include_other else off_topic(store)
    with store.engine.connect() as conn:
        # A second file of the same notice (same 文号) adds nothing to compare.
        return [dict(r._mapping) for r in conn.execute(query)
                if r.same_as is None and (r.notice, r.position) not in skip
                and (r.excluded is None or include_excluded)]


def _numbers(store: Store, doc: dict) -> dict[tuple[str, str], dict]:
    """Numeric parameters of one document, corrections applied: (field, scope) → row (first stated)."""
    out = {}
    for p in store.parameters_of(doc["notice"]):
        if p["document"] != doc["position"]:
            continue
        value = json.loads(p["value"])
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out.setdefault((p["field"], p["scope_key"]), dict(p, number=value))
    return out


def _region(doc: dict) -> str:
    return region_name(doc["province"], doc["city"], doc["county"]) or "?"


def compliance(store: Store, year: int | None = None, province: str | None = None, notice: int | None = None,
               include_other: bool = False, include_excluded: bool = False) -> list[Finding]:
    """Findings for the whole store, or only those involving ``notice`` (as province or as city);
    documents on another topic only with ``include_other``, notices a person excluded only with
    ``include_excluded``."""
    docs = _documents(store, include_other, include_excluded)
    findings = []
    memo: dict[tuple[int, int], dict] = {}

    def numbers(doc):
        key = (doc["notice"], doc["position"])
        if key not in memo:
            memo[key] = _numbers(store, doc)
        return memo[key]

    for prov in docs:
        if prov["level"] != "province" or not prov["province"] or prov["city"] is not None:
            continue
        if (year and prov["policy_year"] != year) or (province and prov["province"] != province):
            continue
        for local in docs:
            if local["level"] not in ("city", "county") or local["province"] != prov["province"]:
                continue
            if local["policy_year"] != prov["policy_year"]:
                continue
            if notice is not None and notice not in (prov["notice"], local["notice"]):
                continue
            floors = numbers(prov)
            stated = numbers(local)
            for key, p in floors.items():
                own = stated.get(key)
                if own is None or p["operator"] == "~":
                    continue
                a, b = own["number"], p["number"]
                status = None
                if p["operator"] == ">=" and a < b:
                    status = "falls short"
                elif p["operator"] == "<=" and a > b:
                    status = "exceeds"
                elif p["operator"] == "=" and abs(a - b) > 1e-9:
                    status = "differs"
                if status:
                    findings.append(Finding(
                        status, key[0], key[1], prov["notice"], prov["doc_number"], b, p["operator"], p["sentence"],
                        local["notice"], _region(local), local["doc_number"], a, own["sentence"],
                    ))
    return findings


def changes(store: Store, province: str | None = None, city: str | None = None, field: str | None = None,
            include_other: bool = False, include_excluded: bool = False) -> list[Change]:
    """Year-over-year changes region by region; documents on another topic only with ``include_other``,
    notices a person excluded only with ``include_excluded``."""
    by_region: dict[tuple, list[dict]] = {}
    for doc in _documents(store, include_other, include_excluded):
        if doc["policy_year"] is None:
            continue
        if (province and doc["province"] != province) or (city and doc["city"] != city):
            continue
        by_region.setdefault((doc["province"], doc["city"], doc["county"], doc["level"]), []).append(doc)
    out = []
    for docs in by_region.values():
        docs.sort(key=lambda d: (d["policy_year"], d["notice"]))
        last: dict[tuple[str, str], tuple[dict, dict]] = {}
        for doc in docs:
            for key, p in _numbers(store, doc).items():
                if field and key[0] != field:
                    continue
                if key in last and last[key][0]["policy_year"] < doc["policy_year"]:
                    before_doc, before = last[key]
                    out.append(Change(
                        _region(doc), key[0], key[1], p["unit"], before_doc["policy_year"], before["number"],
                        doc["policy_year"], p["number"], before_doc["notice"], doc["notice"],
                    ))
                last[key] = (doc, p)
    return sorted(out, key=lambda c: (c.region, c.field, c.scope, c.year_to))
