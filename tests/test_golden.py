"""Each corpus notice gives exactly its reviewed golden record (scripts/update_golden.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("update_golden", ROOT / "scripts" / "update_golden.py")
golden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(golden)


@pytest.mark.parametrize("path", golden.corpus_files(), ids=lambda p: p.name)
def test_matches_golden(path):
    expected = (golden.GOLDEN / f"{path.stem}.json").read_text("utf-8")
    assert golden.render(golden.golden_record(path)) == expected, (
        "output changed: run `python scripts/update_golden.py` and review `git diff tests/golden`"
    )
