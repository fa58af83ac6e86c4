"""Speed and memory benchmark of the extractor (a benchmark, not a test: it never fails).

    .venv/bin/python scripts/benchmark.py            # full run, well under a minute
    .venv/bin/python scripts/benchmark.py --quick    # fewer repetitions, a few seconds

It prints, for this machine:

1. PDF reading (``extractor.readers.read_bytes``): ms per text page and ms per
   ruled-table page, median of several runs.  The PDFs are built in a temporary
   folder with fpdf2 from the corpus texts: one multi-page text-only PDF, and
   one PDF whose every page holds a ruled table (``pdf.table(first_row_as_headings=False)``).
2. Text notices in a warm process, on each ``corpus/samples/*.txt`` after a warm-up
   (median and mean over many repetitions):
   - the full extraction, ``extractor.pipeline.extract`` (read + clean +
     sections + metadata + parameters + checks);
   - the reading stages alone: the same ``extract`` with the two figure stages
     (``extract_parameters``, ``run_checks``) replaced, for that call only, by
     stubs that return nothing — what ``extract`` was before those stages
     existed (read + clean + sections + metadata, file read, sha256, models);
   - each stage alone on fixed inputs (read_bytes, clean, build_sections,
     extract_meta, extract_parameters, run_checks, and what ``from_raw``
     spends assembling the Notice), so the heavy stage is visible.
3. Cold start: ``python -m extractor --help`` (median of several fresh
   processes) and ``python -m extractor extract corpus/samples/000_….txt --out TMP``
   (median of 3 fresh processes, 1 with ``--quick``).
4. Memory: ``ru_maxrss`` of this process right after the warm text runs (before
   any PDF library is loaded) and at the end, tracemalloc peak of one
   extraction, and the peak RSS of a cold ``extract`` process.

The text notices run first so that the memory figure is not that of the PDF
libraries; the results are printed in the order above once all is measured.

At the end the figures stand next to the targets: ≤ 2 ms per PDF text page,
≤ 1 ms per text notice for the reading stages (read + clean + sections +
metadata), ≤ 5 ms per text notice for the full extraction (… + parameters +
checks), ``--help`` < 0.5 s, one cold ``extract`` < 2.5 s.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "corpus" / "samples"
COLD_FILE = CORPUS / "000_04157b405fe51554.txt"
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # fonts-noto-cjk, as the tests

TARGET_PDF_TEXT_PAGE_MS = 2.0
TARGET_READING_MS = 1.0  # read + clean + sections + metadata, per text notice
TARGET_FULL_MS = 5.0  # ... + parameters + checks, per text notice
TARGET_HELP_S = 0.5
TARGET_COLD_EXTRACT_S = 2.5

now = time.perf_counter
cpu_now = time.process_time


def timed(fn, *args, **kwargs) -> float:
    t0 = now()
    fn(*args, **kwargs)
    return now() - t0


def maxrss_mb(who=resource.RUSAGE_SELF) -> float:
    # Linux reports kilobytes, macOS bytes.
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 / (1024 if sys.platform == "darwin" else 1)


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 74 - len(title)))


# --- 2. text notices, warm ----------------------------------------------------


STAGES = ("extract", "reading", "read", "clean", "sections", "meta", "params", "words", "jieba", "checks", "from_raw")


def _no_parameters(*args, **kwargs):
    return (), ()


def _no_checks(*args, **kwargs):
    return ()


def _stage_calls(path: Path) -> dict:
    """Zero-argument callables for the whole pipeline and for each stage of
    ``pipeline.from_raw`` alone, on fixed inputs made once from the file."""
    import extractor.pipeline as pipeline
    from extractor.figures import words
    from extractor.figures.checks import run_checks
    from extractor.reading.clean import clean
    from extractor.reading.metadata import extract_meta
    from extractor.figures.parameters import extract_parameters
    from extractor.pipeline import extract, from_raw
    from extractor.readers import read_bytes
    from extractor.reading.sections import build_sections

    data = path.read_bytes()
    name = str(path)
    raw = read_bytes(data, name)
    cleaned = clean(raw)
    text = cleaned.text
    args_sections = [(text, d.paragraphs, d.body.end) for d in cleaned.documents]
    args_meta = [(d, text, build_sections(*a), raw.fields) for d, a in zip(cleaned.documents, args_sections)]
    metas = [extract_meta(*a)[0] for a in args_meta]
    args_params = [(text, d.paragraphs, a[2], m.policy_year) for d, a, m in zip(cleaned.documents, args_meta, metas)]
    args_checks = [(extract_parameters(*a)[0], m.policy_year) for a, m in zip(args_params, metas)]
    windows = _word_windows(args_params)
    segmenter = words.pipeline().tokenizer.jieba_seg

    def run_sections():
        for a in args_sections:
            build_sections(*a)

    def run_meta():
        for a in args_meta:
            extract_meta(*a)

    def run_params():
        for a in args_params:
            extract_parameters(*a)

    def run_words():
        for text, start, end in windows:
            words.find(text, start, end)

    def run_jieba():
        for text, start, end in windows:
            list(segmenter.cut(text[start:end]))

    def run_checks_alone():
        for a in args_checks:
            run_checks(*a)

    def reading():
        # pipeline.extract without the figure stages: the names from_raw looks up in its
        # module are swapped for stubs during this one call and restored at once.
        saved = pipeline.extract_parameters, pipeline.run_checks
        pipeline.extract_parameters, pipeline.run_checks = _no_parameters, _no_checks
        try:
            extract(path)
        finally:
            pipeline.extract_parameters, pipeline.run_checks = saved

    calls = {
        "extract": lambda: extract(path),
        "reading": reading,
        "read": lambda: read_bytes(data, name),
        "clean": lambda: clean(raw),
        "sections": run_sections,
        "meta": run_meta,
        "params": run_params,
        "words": run_words,
        "jieba": run_jieba,
        "checks": run_checks_alone,
        "from_raw": lambda: from_raw(raw, path.name, ""),
    }
    n_params = sum(len(a[0]) for a in args_checks)
    return {
        "calls": calls, "chars": len(raw.text), "docs": len(cleaned.documents), "params": n_params,
        "word_chars": sum(end - start for _, start, end in windows),
    }


def _word_windows(args_params) -> list:
    """The sentences the figures stage hands to words.find (jieba + span ruler), as it runs."""
    import extractor.figures.context as context
    from extractor.figures.parameters import extract_parameters

    seen = []
    original = context.find

    def record(text, start=0, end=None):
        seen.append((text, start, len(text) if end is None else end))
        return original(text, start, end)

    context.find = record
    try:
        for a in args_params:
            extract_parameters(*a)
    finally:
        context.find = original
    return seen


def input_caches() -> list:
    """Caches of the engine keyed on a notice's own text (bounded ``lru_cache``s), as opposed
    to the loaders of vocabularies and gazetteer (``maxsize`` None or 1), which stay warm.

    They are cleared before every timed call: repeating one notice must not make it a
    cache hit, since in real use every notice is new."""
    found = []
    for name, module in list(sys.modules.items()):
        if not (name == "extractor" or name.startswith("extractor.")) or module is None:
            continue
        for attr, value in vars(module).items():
            info = getattr(value, "cache_info", None)
            if callable(info) and getattr(value, "__module__", None) == name and info().maxsize not in (None, 1):
                found.append((f"{name.removeprefix('extractor.')}.{attr}", value))
    return found


def bench_text(reps: int) -> dict:
    """Every repetition times, for every notice, the whole extract and then each stage,
    so that all figures of a notice come from the same moments of the run."""
    files = sorted(CORPUS.glob("*.txt"))
    setups = {}
    for path in files:  # warm-up: imports, vocabularies, gazetteer, Aho-Corasick automaton
        try:
            setup = _stage_calls(path)
            for _ in range(3):
                for call in setup["calls"].values():
                    call()
            setups[path] = setup
        except Exception as exc:  # the engine is being edited: report, do not stop
            print(f"  ! {path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)

    caches = input_caches()
    clears = [c.cache_clear for _, c in caches]
    times = {p: {s: [] for s in STAGES} for p in setups}
    # process CPU time of each full / reading-only extract: blind to time spent descheduled by other processes
    cpu = {"extract": [], "reading": []}
    for _ in range(reps):
        for path, setup in setups.items():
            row = times[path]
            for stage, call in setup["calls"].items():
                for clear in clears:
                    clear()
                c0 = cpu_now()
                t0 = now()
                call()
                row[stage].append(now() - t0)
                if stage in cpu:
                    cpu[stage].append(cpu_now() - c0)

    stages = {}
    for path, row in times.items():
        med = {s: statistics.median(v) for s, v in row.items()}
        med["assemble"] = max(
            0.0, med["from_raw"] - med["clean"] - med["sections"] - med["meta"] - med["params"] - med["checks"]
        )
        # extract() beyond read_bytes + from_raw: stat, reading the file, sha256, and the colder
        # CPU caches of the first call on a new notice (extract is timed first).
        med["other"] = max(0.0, med["extract"] - med["read"] - med["from_raw"])
        med["chars"] = setups[path]["chars"]
        med["word_chars"] = setups[path]["word_chars"]
        med["docs"] = setups[path]["docs"]
        med["n_params"] = setups[path]["params"]
        stages[path] = med
    samples = {k: [t for row in times.values() for t in row[k]] for k in ("extract", "reading")}
    return {"samples": samples, "cpu": cpu, "stages": stages, "caches": [n for n, _ in caches]}


def print_text(result: dict, reps: int) -> None:
    stages = result["stages"]
    if not stages:
        print("  no notice could be read")
        return
    cols = ("read", "clean", "sections", "meta", "params", "checks", "assemble", "other")
    print(f"  ms per call, median of {reps} reps.  extract = the full pipeline.extract; reading = the same")
    print("  extract with parameters and checks stubbed out (read + clean + sections + metadata); then")
    print("  each stage alone on fixed inputs: read = read_bytes, clean, sections = build_sections,")
    print("  meta = extract_meta, params = extract_parameters, checks = run_checks, assemble = from_raw")
    print("  - clean - sections - meta - params - checks (pydantic models), other = extract - read -")
    print("  from_raw (stat, file read, sha256, and the colder caches of the first call on a notice);")
    print("  #par = parameters found.  Within params: words = words.find on the sentences the stage")
    print("  segments (jieba + spaCy's span ruler), jieba = jieba's cut of those sentences alone")
    if result["caches"]:
        print(f"  per-notice caches cleared before every call: {', '.join(result['caches'])}")
    print(f"  {'notice':<21}{'chars':>6}{'#par':>5}" + "".join(f"{c:>9}" for c in ("extract", "reading") + cols))
    for path, row in stages.items():
        print(
            f"  {path.stem[:20]:<21}{row['chars']:>6}{row['n_params']:>5}"
            + "".join(f"{row[c] * 1000:>9.3f}" for c in ("extract", "reading") + cols)
        )
    n = len(stages)
    mean_row = {c: sum(r[c] for r in stages.values()) / n for c in cols + ("extract", "reading")}
    print(
        f"  {'mean of the notices':<21}{'':>6}{'':>5}"
        + "".join(f"{mean_row[c] * 1000:>9.3f}" for c in ("extract", "reading") + cols)
    )
    total = sum(mean_row[c] for c in cols)
    share = "  ".join(f"{c} {mean_row[c] / total:5.1%}" for c in cols)
    print(f"  share of stage time: {share}")
    word_ms = sum(r["words"] for r in stages.values()) / n * 1000
    jieba_ms = sum(r["jieba"] for r in stages.values()) / n * 1000
    word_chars = sum(r["word_chars"] for r in stages.values()) / n
    chars = sum(r["chars"] for r in stages.values()) / n
    print(
        f"  within params: words {word_ms:.3f} ms per notice (jieba {jieba_ms:.3f} ms, spaCy {word_ms - jieba_ms:.3f} ms)"
        f" on {word_chars:.0f} of {chars:.0f} characters (the sentences that hold a figure)"
    )
    samples, cpu = result["samples"], result["cpu"]
    for key, label in (("extract", "full extraction"), ("reading", "reading stages ")):
        xs, cs = samples[key], cpu[key]
        print(
            f"  {label} ({len(xs)} calls): median {statistics.median(xs) * 1000:.3f} ms, "
            f"mean {statistics.fmean(xs) * 1000:.3f} ms, p90 {statistics.quantiles(xs, n=10)[-1] * 1000:.3f} ms "
            f"per notice; CPU time median {statistics.median(cs) * 1000:.3f}, mean {statistics.fmean(cs) * 1000:.3f} ms"
        )
    print("  (wall > CPU time: other processes took the cores)")
    per_kchar = sum(r["extract"] for r in stages.values()) / sum(r["chars"] for r in stages.values()) * 1000
    print(f"  throughput, full extraction: {per_kchar * 1000:.3f} ms per 1000 characters of notice text")


def memory_figures() -> dict:
    from extractor.pipeline import extract

    from extractor.pipeline import from_raw
    from extractor.readers import read_bytes

    rss = maxrss_mb()
    data = COLD_FILE.read_bytes()

    def peak_of(call) -> float:
        gc.collect()
        tracemalloc.start()
        tracemalloc.reset_peak()
        try:
            call()
            return tracemalloc.get_traced_memory()[1] / 1024 / 1024
        except Exception as exc:  # the engine is being edited: report, do not stop
            print(f"  ! {COLD_FILE.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return float("nan")
        finally:
            tracemalloc.stop()

    return {
        "rss_after_warm": rss,
        "tracemalloc_peak": peak_of(lambda: extract(COLD_FILE)),
        "tracemalloc_peak_bytes": peak_of(lambda: from_raw(read_bytes(data, COLD_FILE.name), COLD_FILE.name)),
    }


# --- 1. PDF pages --------------------------------------------------------------


def _corpus_texts() -> list[str]:
    return [p.read_text("utf-8") for p in sorted(CORPUS.glob("*.txt"))]


def _new_pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("cjk", fname=str(FONT))
    pdf.set_font("cjk", size=11)
    pdf.set_auto_page_break(True, margin=15)
    return pdf


def build_text_pdf(path: Path) -> int:
    pdf = _new_pdf()
    for text in _corpus_texts():
        pdf.add_page()
        # No borders: a text page must draw no paths, as a real notice page does not.
        pdf.multi_cell(0, 6, text.replace("\t", "    ").strip(), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return pdf.pages_count


def build_table_pdf(path: Path, pages: int) -> int:
    pdf = _new_pdf()
    chars = "".join("".join(_corpus_texts()).split())
    position = 0
    for page in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"附表{page + 1}  城乡居民医保筹资标准（元/人·年）", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(first_row_as_headings=False, col_widths=(40, 60, 30, 30, 30)) as table:
            for r in range(16):
                row = table.row()
                cell = chars[position : position + 8]
                position = (position + 8) % max(1, len(chars) - 8)
                row.cell(cell)
                cell = chars[position : position + 12]
                position = (position + 12) % max(1, len(chars) - 12)
                row.cell(cell)
                for c in range(3):
                    row.cell(str(380 + 17 * r + 5 * c + page))
        pdf.multi_cell(0, 8, "注：以上标准自2023年1月1日起执行。", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return pdf.pages_count


def bench_pdf(tmp: Path, runs: int, table_pages: int) -> dict:
    from extractor.readers import read_bytes

    out = {}
    t0 = now()
    text_pdf = tmp / "text.pdf"
    table_pdf = tmp / "tables.pdf"
    n_text = build_text_pdf(text_pdf)
    n_table = build_table_pdf(table_pdf, table_pages)
    out["build_s"] = now() - t0
    for label, path, pages in (("text", text_pdf, n_text), ("table", table_pdf, n_table)):
        data = path.read_bytes()
        t_first = timed(read_bytes, data, path.name)  # includes importing pypdfium2 / pdfplumber
        raw = read_bytes(data, path.name)
        kinds = [p.kind for p in raw.pages]
        times = [timed(read_bytes, data, path.name) for _ in range(runs)]
        out[label] = {
            "pages": pages,
            "kinds": {k: kinds.count(k) for k in sorted(set(kinds))},
            "tables": len(raw.tables),
            "bytes": len(data),
            "first_s": t_first,
            "median_s": statistics.median(times),
            "min_s": min(times),
            "runs": runs,
        }
    return out


def print_pdf(result: dict) -> None:
    print(f"  PDFs built with fpdf2 in {result['build_s']:.2f} s (not counted)")
    print(f"  {'PDF':<7}{'pages':>6}{'kinds':>22}{'tables':>7}{'KB':>7}{'1st run ms':>12}{'median ms':>11}{'ms/page':>9}")
    for label in ("text", "table"):
        r = result[label]
        kinds = ",".join(f"{k}:{n}" for k, n in r["kinds"].items())
        print(
            f"  {label:<7}{r['pages']:>6}{kinds:>22}{r['tables']:>7}{r['bytes'] / 1024:>7.0f}"
            f"{r['first_s'] * 1000:>12.1f}{r['median_s'] * 1000:>11.2f}{r['median_s'] * 1000 / r['pages']:>9.3f}"
        )
    print(f"  median of {result['text']['runs']} runs after the first; the first run includes importing the PDF libraries")


# --- 3. cold start ---------------------------------------------------------------


def bench_cold(tmp: Path, help_runs: int, extract_runs: int) -> dict:
    def run(args) -> float:
        t0 = now()
        proc = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True)
        elapsed = now() - t0
        if proc.returncode not in (0, 2):
            print(f"  ! {' '.join(args)} exited {proc.returncode}: {proc.stderr.strip()[-300:]}", file=sys.stderr)
        return elapsed

    # One untimed run of each so byte-code caches exist: "cold" = fresh process, warm disk.
    run(["-m", "extractor", "--help"])
    out_dir = tmp / "out"
    extract_args = ["-m", "extractor", "extract", str(COLD_FILE.relative_to(ROOT)), "--out", str(out_dir)]
    run(extract_args)
    bare = [run(["-c", "pass"]) for _ in range(help_runs)]
    helps = [run(["-m", "extractor", "--help"]) for _ in range(help_runs)]
    extracts = [run(extract_args) for _ in range(extract_runs)]
    return {
        "python": statistics.median(bare),
        "help": statistics.median(helps),
        "help_all": helps,
        "extract": statistics.median(extracts),
        "extract_all": extracts,
    }


def print_cold(result: dict) -> None:
    fmt = lambda xs: ", ".join(f"{x:.3f}" for x in xs)  # noqa: E731
    print(f"  python -c pass (interpreter floor)   {result['python']:.3f} s median")
    print(f"  python -m extractor --help           {result['help']:.3f} s median  [{fmt(result['help_all'])}]")
    print(f"  python -m extractor extract 000 --out {result['extract']:.3f} s median  [{fmt(result['extract_all'])}]")


# --- main --------------------------------------------------------------------------


def child_rss_mb(args) -> float:
    """Peak RSS of one fresh ``python args`` process, measured from a small wrapper process
    (Linux keeps a forked child's pre-exec RSS in its maxrss, so this process cannot spawn it)."""
    code = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    proc = subprocess.run([sys.executable, "-c", code, sys.executable, *args], cwd=ROOT, capture_output=True, text=True)
    try:
        return int(proc.stdout.split()[-1]) / 1024
    except (ValueError, IndexError):
        return float("nan")


_WARM_RUN = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
import extractor
from extractor.pipeline import extract
assert extractor.__file__.startswith(sys.argv[1]), extractor.__file__
files, reps = json.loads(sys.argv[2]), int(sys.argv[3])
for f in files:
    extract(f)
times = []
for _ in range(reps):
    for f in files:
        t0 = time.perf_counter(); extract(f); times.append(time.perf_counter() - t0)
print(json.dumps(times))
"""


def compare_revisions(rev: str, rounds: int, reps: int) -> int:
    """The warm full extraction of this tree and of git revision ``rev`` on the same notices,
    run alternately in fresh processes so that both see the same load of the machine."""
    files = [str(p) for p in sorted(CORPUS.glob("*.txt"))]
    with tempfile.TemporaryDirectory(prefix="mednotice-rev-") as tmp:
        old = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), rev], check=True,
                       capture_output=True)
        try:
            samples: dict[str, list[float]] = {"this tree": [], rev: []}
            for _ in range(rounds):
                for label, tree in (("this tree", ROOT), (rev, old)):
                    out = subprocess.run([sys.executable, "-c", _WARM_RUN, str(tree), json.dumps(files), str(reps)],
                                         capture_output=True, text=True, check=True, cwd=tree)
                    samples[label].extend(json.loads(out.stdout))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], capture_output=True)
    print(f"warm full extraction, {len(files)} notices × {reps} × {rounds} rounds, alternating:")
    for label, times in samples.items():
        ms = sorted(t * 1000 for t in times)
        print(f"  {label:<12} median {statistics.median(ms):6.2f} ms  mean {statistics.fmean(ms):6.2f} ms  "
              f"fastest decile {ms[len(ms) // 10]:6.2f} ms")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a few seconds)")
    parser.add_argument("--against", metavar="REV",
                        help="only compare the warm full extraction with git revision REV, in the same run")
    args = parser.parse_args(argv)
    if args.against:
        return compare_revisions(args.against, rounds=3 if args.quick else 6, reps=5 if args.quick else 20)
    quick = args.quick
    reps = 20 if quick else 200
    pdf_runs = 3 if quick else 7
    help_runs = 3 if quick else 5
    extract_runs = 1 if quick else 3
    table_pages = 4 if quick else 8

    import logging

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "BDF NOT subset" while fpdf2 embeds the font

    started = now()
    load_start = os.getloadavg()[0]
    note = lambda what: print(f"  … {what}", file=sys.stderr, flush=True)  # noqa: E731

    # Text notices run first so that ru_maxrss is read before any PDF library is loaded.
    note("text notices (warm)")
    text = bench_text(reps)
    mem = memory_figures()
    pdf = None
    pdf_error = None
    with tempfile.TemporaryDirectory(prefix="mednotice-bench-") as name:
        tmp = Path(name)
        if FONT.exists():
            note("PDF pages")
            try:
                pdf = bench_pdf(tmp, pdf_runs, table_pages)
            except Exception as exc:
                pdf_error = f"PDF benchmark failed: {type(exc).__name__}: {exc}"
        else:
            pdf_error = f"no CJK font at {FONT}: PDF benchmark skipped"
        rss_end = maxrss_mb()
        note("cold starts")
        cold = bench_cold(tmp, help_runs, extract_runs)
        cold_args = ["-m", "extractor", "extract", str(COLD_FILE.relative_to(ROOT)), "--out", str(tmp / "out")]
        child_rss = child_rss_mb(cold_args)

    print(
        f"mednotice benchmark — Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"{'quick' if quick else 'full'} run; load average {load_start:.2f} at start, "
        f"{os.getloadavg()[0]:.2f} at end (above ~1 other processes share the cores: figures run high)"
    )
    section("1. PDF pages: extractor.readers.read_bytes")
    if pdf:
        print_pdf(pdf)
    else:
        print(f"  ! {pdf_error}")
    section("2. text notices, warm process: full extraction and each stage")
    print_text(text, reps)
    section("3. cold start: fresh processes")
    print_cold(cold)
    section("4. memory")
    print(f"  ru_maxrss after the warm text runs        {mem['rss_after_warm']:7.1f} MB  (no PDF library loaded yet)")
    print(f"  tracemalloc peak, one extraction of 000   {mem['tracemalloc_peak']:7.2f} MB  (pipeline.extract on the path)")
    print(f"    same notice from bytes in memory        {mem['tracemalloc_peak_bytes']:7.2f} MB  (read_bytes + from_raw: no file read)")
    print(f"  ru_maxrss at the end (after PDF runs)     {rss_end:7.1f} MB")
    print(f"  ru_maxrss of a cold `extract 000` process {child_rss:7.1f} MB")

    section("targets")
    rows = []
    if pdf:
        v = pdf["text"]["median_s"] * 1000 / pdf["text"]["pages"]
        rows.append(("PDF text page", f"{v:.3f} ms", f"<= {TARGET_PDF_TEXT_PAGE_MS} ms", v <= TARGET_PDF_TEXT_PAGE_MS))
        v = pdf["table"]["median_s"] * 1000 / pdf["table"]["pages"]
        rows.append(("PDF table page", f"{v:.3f} ms", "(none)", None))
    if text["stages"]:
        for key, label, limit in (
            ("reading", "reading stages", TARGET_READING_MS),
            ("extract", "full extraction", TARGET_FULL_MS),
        ):
            for how, xs in (("median", text["samples"][key]), ("mean", text["samples"][key]),
                            ("CPU median", text["cpu"][key]), ("CPU mean", text["cpu"][key])):
                v = (statistics.median if how.endswith("median") else statistics.fmean)(xs) * 1000
                name = f"{label}, {how}" if not how.startswith("CPU") else f"  ({how})"
                rows.append((name, f"{v:.3f} ms", f"<= {limit} ms", v <= limit))
    rows.append(("--help, cold", f"{cold['help']:.3f} s", f"< {TARGET_HELP_S} s", cold["help"] < TARGET_HELP_S))
    rows.append(
        ("extract one .txt, cold", f"{cold['extract']:.3f} s", f"< {TARGET_COLD_EXTRACT_S} s",
         cold["extract"] < TARGET_COLD_EXTRACT_S)
    )
    for label, value, target, met in rows:
        verdict = "" if met is None else ("met" if met else "MISSED")
        print(f"  {label:<26}{value:>12}   target {target:<10} {verdict}".rstrip())
    print(f"\n  benchmark took {now() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
