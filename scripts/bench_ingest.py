"""Benchmark of batch ingest: generate a corpus of text notices from the bundled ones and time it.

    python scripts/bench_ingest.py [--count 1000] [--jobs 1]

Each generated notice is a bundled notice with a line of its own appended, so that
every file is new to the store.  Prints files per second and ms per notice for the
whole ingest (read, extract, store), on a fresh SQLite store in a temporary folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=1, help="extraction worker processes (0: in the ingesting process, without time and memory limits)")
    args = parser.parse_args()

    from corpus.ingest import ingest
    from corpus.store import open_store

    texts = [p.read_text("utf-8") for p in sorted((ROOT / "corpus" / "samples").glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch"
        batch.mkdir()
        for i in range(args.count):
            (batch / f"n{i:05d}.txt").write_text(texts[i % len(texts)] + f"\n（第{i}份）\n", encoding="utf-8")
        store = open_store(str(Path(tmp) / "corpus.db"), create=True)
        start = time.perf_counter()
        statuses: dict[str, int] = {}
        for outcome in ingest(store, [batch], jobs=args.jobs):
            statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        elapsed = time.perf_counter() - start
        size = (Path(tmp) / "corpus.db").stat().st_size
    print(f"ingest of {args.count} text notices, {args.jobs} extraction process(es): {elapsed:.1f} s, "
          f"{args.count / elapsed:.0f} notices/s, {elapsed / args.count * 1000:.1f} ms per notice; {statuses}; "
          f"store {size / 1e6:.1f} MB")
    per_thousand = elapsed / args.count * 1000
    print(f"1,000 notices take {per_thousand:.1f} s; aim under 60 s — {'met' if per_thousand < 60 else 'MISSED'}")


if __name__ == "__main__":
    main()
