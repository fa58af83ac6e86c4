"""Measure what jieba and spaCy would cost and change in the figures stage.

    pip install -e '.[nlp]' && python scripts/measure_nlp.py

The figures stage finds cues and scope words with regular expressions over
characters (extractor/data/fields.toml).  This script answers, on the bundled
corpus, the two questions that decide whether a word segmenter or a spaCy
pipeline belongs in that stage:

1. cost — load time, and ms per notice to segment only the sentences that hold
   a figure (jieba with a domain dictionary made from the field catalog; spaCy's
   blank "zh" pipeline with the jieba segmenter), next to the whole figures stage;
2. effect — how many of the cue and scope matches that produce the gold
   parameters start and end on a jieba word boundary: a token-level matcher
   (spaCy Matcher / PhraseMatcher / SpanRuler) can only find those.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import extract  # noqa: E402
from extractor.normalize import matchable  # noqa: E402
from extractor.parameters import SENTENCE_END, _cues, _scope_matches, catalog  # noqa: E402
from extractor.quantities import find_quantities  # noqa: E402
from extractor.vocab import load  # noqa: E402


def corpus():
    return [extract(p) for p in sorted((ROOT / "corpus").glob("*.txt"))]


def figure_sentences(notice) -> list[tuple[int, int]]:
    text = matchable(notice.text)
    out = []
    for doc in notice.documents:
        body = doc.zones.body
        start = body.start
        for m in list(SENTENCE_END.finditer(text, body.start, body.end)) + [None]:
            end = m.end() if m else body.end
            if end > start and find_quantities(text, start, end, 2023, folded=True):
                out.append((start, end))
            start = end
    return out


def domain_words() -> list[str]:
    """Literal words of the catalog: cue and scope patterns without regex syntax, labels."""
    data = load("fields")
    words = set()
    for field in data["field"]:
        words.add(field["label"].split("（")[0])
        for pattern in field.get("cues", []) + field.get("fuzzy", []):
            words.update(w for w in re.split(r"[^\u4e00-\u9fff]+", pattern) if len(w) >= 2)
    for values in data["scopes"].values():
        for patterns in values.values():
            for pattern in patterns:
                words.update(w for w in re.split(r"[^\u4e00-\u9fff]+", pattern) if len(w) >= 2)
    return sorted(words)


def ms(fn, reps: int = 20) -> float:
    fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    notices = corpus()
    sentences = [(n, figure_sentences(n)) for n in notices]
    n_sent = sum(len(s) for _, s in sentences)
    print(f"corpus: {len(notices)} notices, {n_sent} sentences that hold a figure")

    from extractor.parameters import extract_parameters

    def figures_stage():
        for n in notices:
            for doc, cdoc in zip(n.documents, n.documents):
                paragraphs = [type("P", (), {"start": s, "end": e})() for s, e in _paragraphs(n, doc)]
                extract_parameters(n.text, paragraphs, doc.sections, doc.meta.policy_year)

    print(f"figures stage (regular expressions)      {ms(figures_stage) / len(notices):7.3f} ms per notice")

    t0 = time.perf_counter()
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    for word in domain_words():
        jieba.add_word(word, freq=50000)
    print(f"jieba: import + dictionary + domain words {time.perf_counter() - t0:7.3f} s")

    def segment():
        for n, spans in sentences:
            for a, b in spans:
                list(jieba.tokenize(n.text[a:b]))

    print(f"jieba on figure sentences only           {ms(segment) / len(notices):7.3f} ms per notice")

    t0 = time.perf_counter()
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    print(f"spaCy: import + blank zh with jieba      {time.perf_counter() - t0:7.3f} s")

    def spacy_docs():
        for n, spans in sentences:
            for a, b in spans:
                nlp.make_doc(n.text[a:b])

    print(f"spaCy make_doc on figure sentences       {ms(spacy_docs) / len(notices):7.3f} ms per notice")

    # Effect: do the cue and scope matches that bind parameters fall on word boundaries?
    aligned = total = 0
    misaligned = []
    for n, spans in sentences:
        text = matchable(n.text)
        for a, b in spans:
            bounds = set()
            for word, start, end in jieba.tokenize(n.text[a:b]):
                bounds.add(a + start)
                bounds.add(a + end)
            hits = [(c.start, c.end) for c in _cues(text, a, b)]
            for key in catalog().scopes:
                hits += [(s, e) for s, e, _ in _scope_matches(text, a, b, key)]
            for s, e in hits:
                total += 1
                if s in bounds and e in bounds:
                    aligned += 1
                elif len(misaligned) < 8:
                    misaligned.append(n.text[s:e] + " in " + "/".join(w for w, *_ in jieba.tokenize(n.text[max(a, s - 4) : e + 4])))
    print(f"cue and scope matches on word boundaries {aligned}/{total} ({aligned / max(total, 1):.0%})")
    for example in misaligned:
        print("   e.g.", example)


def _paragraphs(notice, doc):
    text = notice.text
    body = doc.zones.body
    start = body.start
    for line in text[body.start : body.end].split("\n"):
        end = start + len(line)
        if line.strip():
            yield start, end
        start = end + 1


if __name__ == "__main__":
    main()
