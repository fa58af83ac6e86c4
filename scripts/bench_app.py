"""Benchmark of the app in a real browser on a corpus of 1,000 notices (a script, not a test).

    python scripts/bench_app.py [--count 1000] [--runs 3] [--db PATH] [--app PATH] [--start python|streamlit]

Builds a store of generated text notices (each a bundled notice with a line of its own appended,
as scripts/bench_ingest.py makes them), starts the app on it (`python app.py`, as the README says;
``--start streamlit``: `streamlit run app.py`) and
drives Debian's Chromium through Playwright:

- content: from the navigation in a new browser context (no cookies, no session, as a colleague
  opening a shared link) to the page's title and its main table or chart on screen, for Corpus,
  Compare (a link with three notices), Notice (a link to one notice) and Trends.  The first visit
  after the server started (cold caches) is shown apart from the median of the next ones;
- interaction: from the click on a selectbox option to the page updated (the pick in the URL, the
  script finished, the main content on screen), median of ``--runs`` picks;
- server: the same page run in-process with streamlit.testing (median of warm runs): the part of the
  content time spent in Python rather than in the network and the browser.

Aims: content <= 2.5 s, interaction <= 0.5 s.  ``--db PATH`` keeps the store between runs (it is
built there when it holds fewer than ``--count`` notices); ``--app PATH`` measures another script with
app.py's page functions (an earlier version kept aside, say), its folder first on the import path.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONTENT_AIM = 2.5
INTERACTION_AIM = 0.5
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
READY = "[data-testid=stApp][data-test-connection-state=CONNECTED][data-test-script-state=notRunning]"
TABLE = "[data-testid=stDataFrame] canvas"  # the grid is painted on a canvas once it has its data
CHART = "[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg"


@dataclass
class View:
    """A page as a shared link, what shows that its content is there, and one selectbox pick on it."""

    name: str
    page: str  # the app's function, for the in-process run
    path: str
    params: dict
    title: str  # a regex of the page's h1
    content: tuple[str, ...]  # selectors that must be visible
    pick_label: str  # words of the selectbox's label
    pick_param: str  # its URL parameter
    picks: tuple[str, ...]  # texts that find an option, used in turn


# Streamlit's own floor on this machine: a page of a title, a selectbox in the URL and a 3-row table.
FLOOR_APP = """
import streamlit as st

st.title("floor")
choice = st.selectbox("Pick", ["a", "b", "c", "d"], key="pick")
st.query_params["pick"] = choice
st.dataframe({"value": [1, 2, 3], "pick": [choice] * 3})
"""
FLOOR = View("Streamlit alone", "", "/", {}, r"floor", ("[data-testid=stDataFrame] canvas",), "Pick", "pick", ())


def generate(folder: Path, count: int) -> None:
    """``count`` text notices in ``folder``: the bundled notices in turn, each with a line of its own so
    that every file is new to the store (the generator of scripts/bench_ingest.py)."""
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "corpus" / "samples").glob("*.txt"))]
    for i in range(count):
        (folder / f"n{i:05d}.txt").write_text(texts[i % len(texts)] + f"\n（第{i}份）\n", encoding="utf-8")


def build_store(db: Path, count: int) -> None:
    from corpus.ingest import ingest
    from corpus.store import open_store

    store = open_store(str(db), create=True)
    if store.count() >= count:
        print(f"store {db}: {store.count()} notices (kept)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), count)
        start = time.perf_counter()
        list(ingest(store, [Path(tmp)], jobs=2))
    print(f"store of {store.count()} notices built in {time.perf_counter() - start:.1f} s")


def views(db: Path) -> list[View]:
    """The four views, their links naming documents of this store (three distinct notices with figures,
    no copies, for Compare)."""
    from corpus.store import open_store

    docs = [d for d in open_store(str(db), create=True).list() if not d["same_as"] and d["excluded"] is None and d["parameters"]]
    keys = [f"{d['notice']}.{d['document']}" for d in docs]
    three = keys[:3]
    return [
        View("Corpus", "corpus_page", "/corpus", {}, r"语料 Corpus", (TABLE,),
             "Province", "province", ("河北省", "河南省", "山西省", "广东省")),
        View("Compare (3 notices)", "compare_page", "/compare", {"n": ",".join(three), "base": three[0]},
             r"比较 Compare", (TABLE,), "Baseline", "base", ()),
        View("Notice", "notice_page", "/notice", {"id": keys[0]}, r".+", (TABLE, "mark"),
             "Notice", "id", ()),
        View("Trends", "trends_page", "/trends", {"field": "subsidy.per_capita"}, r"趋势 Trends", (CHART,),
             "Field", "field", ("contribution.individual", "subsidy.central", "subsidy.per_capita",
                                "contribution.individual")),
    ]


def link(base: str, view: View) -> str:
    from urllib.parse import urlencode

    return base + view.path + ("?" + urlencode(view.params) if view.params else "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(script: Path, db: Path, log: Path, streamlit_run: bool = True) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, MEDNOTICE_DB=str(db))
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, *(["-m", "streamlit", "run"] if streamlit_run else []), str(script), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"the app did not start: see {log}")


def new_context(browser):
    return browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")


def content_time(context, url: str, view: View) -> tuple[float, object]:
    """Seconds from navigation in a new tab of ``context`` to the title and content on screen; the
    page, still open."""
    page = context.new_page()
    page.set_default_timeout(120_000)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.locator("h1").filter(has_text=re.compile(view.title)).first.wait_for(state="visible")
    for selector in view.content:
        page.locator(selector).first.wait_for(state="visible")
    elapsed = time.perf_counter() - start
    page.wait_for_selector(READY, state="attached")
    return elapsed, page


def interaction_time(page, view: View, text: str) -> float:
    """Seconds from the click on an option of the view's selectbox (found by ``text``, or the second
    option when ``text`` is empty) to the page updated."""
    label = re.compile(rf"(^|\W){re.escape(view.pick_label)}(\W|$)")
    box = page.get_by_role("combobox", name=label)
    box.click()
    listbox = page.get_by_role("listbox").first
    listbox.wait_for()
    current = box.input_value()
    if text:
        box.fill(text)
    offered = listbox.get_by_role("option").filter(has_text=text) if text else listbox.get_by_role("option")
    offered.first.wait_for()
    option = next((o for o in offered.all() if o.inner_text().strip() != current), None)
    if option is None:
        raise SystemExit(f"{view.name}: no option but {current!r} for {text!r}")
    before = page.evaluate("name => new URLSearchParams(location.search).get(name)", view.pick_param)
    start = time.perf_counter()
    option.click()
    page.wait_for_function("([name, before]) => new URLSearchParams(location.search).get(name) !== before",
                           arg=[view.pick_param, before], polling=10)
    page.wait_for_function("s => document.querySelector(s) !== null", arg=READY, polling=10)
    for selector in view.content:
        page.locator(selector).first.wait_for(state="visible")
    elapsed = time.perf_counter() - start
    page.wait_for_timeout(300)  # let a second run (if any) start before the next pick
    page.wait_for_selector(READY, state="attached")
    return elapsed


def server_time(view: View, runs: int, app: Path) -> float:
    """Median seconds of a warm run of the page's script in-process (streamlit.testing)."""
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    set_log_level("error")  # outside a server, Streamlit warns once a cached function that it has no runtime

    def script(app_path: str, page_name: str):
        import runpy

        # As the server does: the app's file run anew each time, its page function called.
        runpy.run_path(app_path, run_name="bench_app_script")[page_name]()

    at = AppTest.from_function(script, args=(str(app), view.page), default_timeout=300)
    for key, value in view.params.items():
        at.query_params[key] = value
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            print(f"{view.name}: {[e.value for e in at.exception]}")
            return float("nan")
    return statistics.median(times[1:])


def server_column(seconds: float | None) -> str:
    """'0.12s', or '—' for a view that is not one of the app's pages."""
    return "—" if seconds is None else f"{seconds:.2f}s"


def verdict(seconds: float, aim: float) -> str:
    return "met" if seconds <= aim else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path, help="a store to build once and keep")
    parser.add_argument("--app", type=Path, default=ROOT / "app.py", help="the app script to measure")
    parser.add_argument("--start", choices=["python", "streamlit"], default="python",
                        help="start the app as `python app.py` (its pages imported before the server starts: the "
                             "default) or as `streamlit run app.py`")
    args = parser.parse_args()
    app = args.app.resolve()
    sys.path.insert(0, str(app.parent))

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("no chromium on this machine (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "corpus.db"
        build_store(db, args.count)
        os.environ["MEDNOTICE_DB"] = str(db)
        all_views = views(db)
        floor = Path(tmp) / "floor.py"
        floor.write_text(FLOOR_APP, encoding="utf-8")
        servers = [start_app(floor, db, Path(tmp) / "floor.log"), start_app(app, db, Path(tmp) / "app.log", streamlit_run=args.start == "streamlit")]
        results = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=ARGS)
                # A browser that has opened the app before: its static files (cached for a year) are there.
                cached = new_context(browser)
                for view in [FLOOR, *all_views]:
                    url = link(servers[0][1] if view is FLOOR else servers[1][1], view)
                    fresh, tabs, picks = [], [], []
                    for run in range(args.runs + 1):
                        context = new_context(browser)
                        elapsed, page = content_time(context, url, view)
                        fresh.append(elapsed)
                        if run == args.runs:  # the picks, on the last page opened
                            for i in range(args.runs + 1):
                                text = view.picks[i % len(view.picks)] if view.picks else ""
                                picks.append(interaction_time(page, view, text))
                        context.close()
                        elapsed, page = content_time(cached, url, view)  # the first fills the browser's cache
                        tabs.append(elapsed)
                        page.close()
                    # The first visit and the first pick fill the server's caches for them: shown apart.
                    results.append((view, fresh[0], statistics.median(fresh[1:]), statistics.median(tabs[1:]),
                                    picks[0], statistics.median(picks[1:])))
                browser.close()
        finally:
            for process, _ in servers:
                process.terminate()
                process.wait(timeout=20)
        runs = {view.name: server_time(view, args.runs, app) for view in all_views}

    print(f"\n{args.count} notices; {app} started by {args.start}; Chromium {chromium}; medians of {args.runs} runs after the first\n")
    print(f"{'':<22}{'new browser context':^26}{'new tab':^16}{'selectbox pick':^26}{'server':>8}")
    print(f"{'page':<22}{'first':>8}{'median':>9}{'':>9}{'median':>9}{'':>7}{'first':>8}{'median':>9}{'':>9}"
          f"{'run':>8}")
    for view, first, fresh, tab, pick_first, pick in results:
        print(f"{view.name:<22}{first:>7.2f}s{fresh:>8.2f}s{verdict(fresh, CONTENT_AIM):>9}"
              f"{tab:>8.2f}s{verdict(tab, CONTENT_AIM):>7}"
              f"{pick_first:>7.2f}s{pick:>8.2f}s{verdict(pick, INTERACTION_AIM):>9}{server_column(runs.get(view.name)):>8}")
    print(f"\naims: content <= {CONTENT_AIM} s from navigation to the title and main table or chart on screen "
          f"(new browser context: nothing cached; new tab: the browser has opened the app before); "
          f"a selectbox pick <= {INTERACTION_AIM} s to the updated page.  server run: the page's script in-process, warm.")


if __name__ == "__main__":
    main()
