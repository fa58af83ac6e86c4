"""Benchmark of the app's pages on a corpus of 1,000 notices (a script, not a test).

    python scripts/bench_app.py [--count 1000]

Builds a store of generated notices (the bundled ones, each copy made unique), then
renders every page with streamlit.testing, first run (cold caches) and warm reruns,
and prints the time of each.  Aim: under one second for every page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {
    "corpus_page": {},
    "compare_page": {"n": "1.0,2.0,3.0,4.0,5.0", "base": "1.0"},
    "trends_page": {"field": "subsidy.per_capita"},
    "notice_page": {"id": "1.0"},
    "diff_page": {"a": "1.0", "b": "4.0"},
    "upload_page": {},
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from corpus.ingest import ingest
    from corpus.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch"
        batch.mkdir()
        texts = [p.read_text("utf-8") for p in sorted((ROOT / "corpus" / "samples").glob("*.txt"))]
        for i in range(args.count):
            (batch / f"n{i:05d}.txt").write_text(texts[i % len(texts)] + f"\n（第{i}份）\n", encoding="utf-8")
        db = Path(tmp) / "corpus.db"
        t0 = time.perf_counter()
        list(ingest(open_store(str(db)), [batch], jobs=2))
        print(f"store of {args.count} notices built in {time.perf_counter() - t0:.1f} s")
        os.environ["MEDNOTICE_DB"] = str(db)

        from streamlit.testing.v1 import AppTest

        def script(page_name: str):
            import app

            getattr(app, page_name)()

        print(f"{'page':<14} {'first':>8} {'warm (median)':>14}   aim < 1 s")
        for page, params in PAGES.items():
            times = []
            at = AppTest.from_function(script, args=(page,), default_timeout=300)
            for key, value in params.items():
                at.query_params[key] = value
            for _ in range(args.runs + 1):
                t0 = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - t0)
                if at.exception:
                    print(page, "failed:", [e.value for e in at.exception])
                    break
            warm = statistics.median(times[1:]) if len(times) > 1 else float("nan")
            print(f"{page:<14} {times[0]:>7.2f}s {warm:>13.2f}s   {'met' if warm < 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
