"""Regenerate tests/golden/<stem>.json for every corpus notice; review the change as a diff.

    python scripts/update_golden.py && git diff tests/golden
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
CORPUS = ROOT / "corpus" / "samples"
NOTICE_SUFFIXES = {".txt", ".pdf", ".html", ".htm", ".docx"}


def golden_record(path: Path) -> dict:
    """What the golden file of a notice holds: everything but volatile fields."""
    sys.path.insert(0, str(ROOT))
    from extractor import extract

    record = json.loads(extract(path).model_dump_json())
    record.pop("extractor_version", None)
    record.pop("source_text", None)
    return record


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in NOTICE_SUFFIXES)


def render(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for path in corpus_files():
        target = GOLDEN / f"{path.stem}.json"
        target.write_text(render(golden_record(path)), encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
