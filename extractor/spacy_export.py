"""Notices as spaCy documents: the cleaned text with every figure as a labelled span.

Researchers who review or correct figures in annotation tools, or train a model on
a corrected corpus, work with spaCy ``Doc`` objects and ``DocBin`` files.  Each
notice becomes one Doc of its cleaned text, tokenised character by character
(spaCy's own ``zh`` default, so every span of the record aligns exactly), with
span groups:

- ``parameters``: label = field id (subsidy.per_capita …), over the figure as written;
- ``quantities``: label = kind (money, percent, date …), the figures no field claimed;
- ``sections``: label = section path (一, 一/二 …), over each section's title;
- ``doc.ents``: the parameters that do not overlap, for displaCy and NER training.

``Doc.user_data`` keeps the source file, the metadata of each document and, per
parameter, its value, unit, scope, year, qualifier and rule.

The figures stage reads jieba words (extractor/words.py); this export keeps one token a
character instead, so that every span of the record, whatever words it cuts, is a span
of the Doc.
"""

from __future__ import annotations

from .models import Notice


def _blank():
    import spacy

    return spacy.blank("zh")  # the character segmenter: offsets of the record are token offsets


def to_doc(notice: Notice, nlp=None):
    """The notice as a spaCy Doc with span groups ``parameters``, ``quantities``, ``sections``.

    For corpus/samples/000_04157b405fe51554.txt the first parameter span is labelled
    ``subsidy.per_capita_increase`` over the text ``30元`` (tests/test_spacy_export.py).
    """
    nlp = nlp or _blank()
    # A tokenizer alone (no parser, no entity recogniser): spaCy's length limit, made for those, does not
    # apply, and a notice of over a million characters is exported whole.
    nlp.max_length = max(nlp.max_length, len(notice.text) + 1)
    doc = nlp.make_doc(notice.text)
    parameters, details, quantities, sections = [], [], [], []
    for d in notice.documents:
        for p in d.parameters:
            span = doc.char_span(p.span.start, p.span.end, label=p.field, alignment_mode="expand")
            if span is not None:
                parameters.append(span)
                details.append(p.model_dump(include={"field", "value", "unit", "scope", "year", "qualifier", "rule"}))
        for q in d.quantities:
            span = doc.char_span(q.span.start, q.span.end, label=q.kind, alignment_mode="expand")
            if span is not None:
                quantities.append(span)
        stack = list(d.sections)
        while stack:
            section = stack.pop()
            span = doc.char_span(section.title_span.start, section.title_span.end, label=section.path, alignment_mode="expand")
            if span is not None:
                sections.append(span)
            stack.extend(section.children)
    doc.spans["parameters"] = parameters
    doc.spans["quantities"] = quantities
    doc.spans["sections"] = sorted(sections, key=lambda s: s.start)
    ents, last_end = [], -1
    for span in sorted({(s.start, s.end, s.label_): s for s in parameters}.values(), key=lambda s: (s.start, -s.end)):
        if span.start >= last_end:
            ents.append(span)
            last_end = span.end
    doc.ents = ents
    doc.user_data["source"] = notice.source
    doc.user_data["meta"] = [d.meta.model_dump(mode="json") for d in notice.documents]
    doc.user_data["parameters"] = details
    return doc


def write_docbin(notices, path) -> int:
    """Write the notices as one spaCy DocBin file; returns how many were written."""
    from spacy.tokens import DocBin

    nlp = _blank()
    store = DocBin(store_user_data=True)
    count = 0
    for notice in notices:
        store.add(to_doc(notice, nlp))
        count += 1
    store.to_disk(path)
    return count
