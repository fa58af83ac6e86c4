"""Notices as spaCy documents: every figure a span whose text is the figure as written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from extractor import extract
from extractor.spacy_export import to_doc

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "samples" / "000_04157b405fe51554.txt"


def test_spans_are_the_figures_of_the_record():
    notice = extract(SEED)
    doc = to_doc(notice)
    params = notice.documents[0].parameters
    spans = doc.spans["parameters"]
    assert len(spans) == len(params)
    for span, p in zip(spans, params):
        assert span.label_ == p.field
        assert span.text == notice.text[p.span.start : p.span.end]
    assert [s.label_ for s in doc.spans["sections"]][:2] == ["一", "二"]
    assert doc.spans["sections"][0].text == "合理确定筹资标准"
    assert doc.ents and all(e.label_ for e in doc.ents)
    assert doc.user_data["meta"][0]["doc_number"] == "忻医保发〔2023〕10号"


def test_docbin_from_the_command_line(tmp_path):
    from spacy.tokens import DocBin
    import spacy

    target = tmp_path / "corpus.spacy"
    result = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", str(SEED), "--out", str(tmp_path / "json"), "--docbin", str(target)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert f"{target}: 1 notices as spaCy documents" in result.stderr
    docs = list(DocBin().from_disk(target).get_docs(spacy.blank("zh").vocab))
    assert len(docs) == 1 and docs[0].user_data["source"] == SEED.name
    assert {s.label_ for s in docs[0].spans["parameters"]} >= {"subsidy.per_capita", "subsidy.central"}


def test_a_notice_over_spacys_length_limit_is_exported_whole():
    from extractor.pipeline import extract_bytes
    from extractor.spacy_export import to_doc

    text = "关于做好城乡居民医保工作的通知\n一、个人缴费标准为每人每年400元。" + "甲" * 1_000_100 + "。\n"
    notice = extract_bytes(text.encode("utf-8"), "long.txt")
    doc = to_doc(notice)
    assert doc.text == notice.text and len(notice.text) > 1_000_000
    assert [s.text for s in doc.spans["parameters"]] == ["400元"]
