"""What keeps the app fast (scripts/bench_app.py measures it): Trends' charts as plain Vega-Lite specs
(valid, without Altair), its panels read once a field and store state, each page's module imported
when the page opens, and the warm-up that does the other pages' first steps once a server process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from apptest import run_page  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def chart_rows(chart) -> list[dict]:
    import pyarrow as pa

    (dataset,) = chart.proto.datasets
    return pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()


def test_trends_charts_are_valid_vega_lite_with_their_rows_in_one_named_dataset(app_env):
    """Without Altair nothing checks the specs at run time: this does, against Vega-Lite's schema."""
    import jsonschema

    core = pytest.importorskip("altair.vegalite.v6.schema.core")
    schema = core.load_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    seen = set()
    for params in ({"field": "subsidy.per_capita", "year": "2023"},
                   {"field": "contribution.individual", "scopes": "general,insured_group=minors"}):
        at = run_page("trends_page", **params)
        for chart in at.get("vega_lite_chart"):
            spec = json.loads(chart.proto.spec)
            name = chart.proto.datasets[0].name
            # A name that stays from one pick to the next: the browser swaps the rows of an unchanged spec.
            assert spec["data"] == {"name": name} and name in {"points", "bars", "tiles"}
            rows = chart_rows(chart)
            assert rows
            errors = [e.message for e in validator.iter_errors(dict(spec, datasets={name: rows}))]
            assert not errors, (name, errors[:3])
            seen.add(name)
    assert seen == {"points", "bars", "tiles"}
    # The check can fail: a mark Vega-Lite does not know is refused.
    spec["layer"][0]["mark"]["type"] = "tile"
    assert list(validator.iter_errors(spec))


def test_trends_runs_without_altair(app_env, monkeypatch):
    monkeypatch.setitem(sys.modules, "altair", None)  # any `import altair` now raises ImportError
    at = run_page("trends_page", field="subsidy.per_capita", scopes="general")
    assert len(at.get("vega_lite_chart")) == 3  # across years, across regions, the province grid


def test_a_field_is_read_once_until_the_store_changes(app_env, monkeypatch, tmp_path):
    """Picks between fields already seen build no panel again; a notice added is on the next run."""
    import streamlit as st

    from corpus.ingest import ingest
    from corpus.store import open_store
    from corpus.ui import trends

    built = []
    real = trends.field_trends

    def counting(rows, docs, field):
        built.append(field)
        return real(rows, docs, field)

    monkeypatch.setattr(trends, "field_trends", counting)
    at = run_page("trends_page", field="subsidy.per_capita", scopes="general")
    for field in ("contribution.individual", "subsidy.per_capita", "contribution.individual"):
        at.selectbox(key="trends.field").set_value(field).run()
        assert not at.exception, [e.value for e in at.exception]
    assert built == ["subsidy.per_capita", "contribution.individual"]
    assert "河南省开封市" not in {r["region"] for r in chart_rows(at.get("vega_lite_chart")[0])}

    notice = tmp_path / "kaifeng.txt"
    notice.write_text("开封市医疗保障局\n关于做好2024年城乡居民基本医疗保障工作的通知\n汴医保〔2024〕3号\n"
                      "各县（市、区）医疗保障局：\n一、筹资标准。2024年全市居民医保个人缴费标准为每人每年410元。\n",
                      encoding="utf-8")
    list(ingest(open_store(os.environ["MEDNOTICE_DB"], create=True), [notice]))
    st.cache_data.clear()  # as an upload through the app does; the Trends panels are keyed by the store's state
    at.multiselect(key="trends.regions").set_value(["河南省开封市"]).run()
    assert built[-1] == "contribution.individual" and len(built) == 3
    (line, *_) = at.get("vega_lite_chart")
    assert [(r["region"], r["year"], r["value"]) for r in chart_rows(line)] == [("河南省开封市", 2024, 410)]


def test_the_warm_up_fills_the_caches_a_first_visit_reads(app_env, monkeypatch):
    import app
    from corpus.ui import trends

    run_page("corpus_page")  # the first start ingests corpus/ (a page's work, not the warm-up's)
    built = []
    real = trends.field_trends
    monkeypatch.setattr(trends, "field_trends", lambda rows, docs, field: built.append(field) or real(rows, docs, field))
    app._warm_panels()
    assert built == [trends.DEFAULT_FIELD]
    run_page("trends_page")
    assert built == [trends.DEFAULT_FIELD]  # the page found the default field's panels ready


def test_warm_up_runs_once_a_process_and_a_failing_step_does_not_stop_it(monkeypatch, caplog):
    from corpus.ui import common

    frozen = []
    monkeypatch.setattr(common, "_warm_up_thread", None)
    # The test process's objects stay collectable: record the freeze instead of making it.
    monkeypatch.setattr(common, "gc", type("GC", (), {"collect": staticmethod(lambda: 0),
                                                      "freeze": staticmethod(lambda: frozen.append(1))}))
    done = []

    def broken():
        raise RuntimeError("no store")

    modules = ["colorsys", "mednotice_no_such_module"]
    thread = common.warm_up(modules, [lambda: done.append("first"), broken, lambda: done.append("last")])
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert done == ["first", "last"] and frozen == [1] and "colorsys" in sys.modules
    assert "warm-up" in caplog.text and "no store" in caplog.text
    assert common.warm_up(modules, [lambda: done.append("again")]) is thread
    time.sleep(0.1)
    assert done == ["first", "last"]


def test_the_app_imports_a_page_module_when_the_page_opens(tmp_path):
    """Importing app.py (as the server does on a session's first run) takes in no page module; calling
    a page imports its own."""
    code = (
        "import sys, app\n"
        "print(sorted(m for m in sys.modules if m.startswith('corpus.ui.')))\n"
        "from streamlit.testing.v1 import AppTest\n"
        "at = AppTest.from_string('import app\\napp.corpus_page()', default_timeout=300)\n"
        "at.run()\n"
        "assert not at.exception, at.exception\n"
        "print(sorted(m for m in sys.modules if m.startswith('corpus.ui.')))\n"
    )
    env = dict(os.environ, MEDNOTICE_DB=str(tmp_path / "app.db"), PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600, check=True).stdout.splitlines()
    assert out[0] == "[]"
    assert set(eval(out[1])) == {"corpus.ui.common", "corpus.ui.corpus_page", "corpus.ui.state"}


# --- in Chromium ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from browser import served_store

    yield from served_store(tmp_path_factory, "speed_app")


def settled(page) -> None:
    page.wait_for_timeout(400)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", state="attached", timeout=60_000)
    page.wait_for_load_state("networkidle")


def pick(page, label: str, option: str, url_has: str) -> None:
    """Pick ``option``; done when the URL holds ``url_has`` and the run that follows has finished."""
    import re

    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_url(re.compile(re.escape(url_has)), timeout=60_000)
    settled(page)


@pytest.mark.browser
@pytest.mark.slow
def test_trends_picks_redraw_the_charts(served):
    """A year pick swaps the rows of charts whose spec stays the same; a field pick draws new specs:
    both show the new view, in the browser."""
    from playwright.sync_api import sync_playwright

    from browser import launch
    from corpus.panel import build_panel, panel_rows
    from corpus.store import open_store

    url, db = served
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_context(viewport={"width": 1400, "height": 2600}, locale="zh-CN").new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{url}/trends?field=subsidy.per_capita&scopes=general&year=2023", wait_until="networkidle")
        page.get_by_text("按年度 Across years").wait_for(timeout=120_000)  # the first start ingests corpus/
        settled(page)
        charts = page.locator("[data-testid='stVegaLiteChart']")
        charts.last.locator("svg").wait_for(timeout=60_000)
        rows, docs = panel_rows(open_store(str(db), create=True), "subsidy.per_capita")
        panel = build_panel(rows, docs, "subsidy.per_capita", "")

        def regions_of(year: int) -> int:
            return sum(1 for row in panel.rows if row.cell(year).first is not None and row.cell(year).first.unit == "元")

        def bars() -> int:
            return charts.nth(1).locator("[aria-roledescription='bar']").count()

        assert bars() == regions_of(2023)
        other = next(y for y in sorted(panel.years, reverse=True) if regions_of(y) not in (0, regions_of(2023)))
        pick(page, "年度 Year", str(other), f"year={other}")
        page.wait_for_function("n => document.querySelectorAll(\"[data-testid='stVegaLiteChart']\")[1]"
                               ".querySelectorAll(\"[aria-roledescription='bar']\").length === n",
                               arg=regions_of(other), timeout=30_000)
        assert f"{other} 各地区" in page.inner_text("body")
        pick(page, "字段 Field", "个人缴费标准 (contribution.individual)", "field=contribution.individual")
        title = charts.first.locator("text", has_text="个人缴费标准 (元)")
        title.first.wait_for(timeout=60_000)
        assert charts.first.locator("text", has_text="人均财政补助标准").count() == 0
        assert not errors, errors
        browser.close()


@pytest.mark.parametrize("start", ["python", "streamlit"])
def test_both_ways_of_starting_the_app_serve_it_without_a_warning(tmp_path, start):
    """`python app.py` imports the pages before Streamlit's server starts (Streamlit would warn of cached
    functions defined without a runtime); `streamlit run app.py` serves the same app."""
    from urllib.request import urlopen

    from browser import serve_app

    log = tmp_path / "app.log"
    with serve_app(tmp_path / "app.db", log, start=start) as url:
        assert urlopen(f"{url}/_stcore/health", timeout=10).read() == b"ok"
        assert urlopen(f"{url}/corpus", timeout=10).status == 200
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "You can now view your Streamlit app" in text
    assert "WARNING" not in text and "Traceback" not in text, text
