"""The Panel and Trends pages, run with streamlit.testing on a store of the bundled corpus (and of the
notices of tests/test_panel.py), and in a real headless Chromium (marked browser + slow)."""

from __future__ import annotations

import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from apptest import run_page  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def media(monkeypatch):
    """The files the pages' download buttons serve, by their URL."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.testing.v1 import app_test

    made = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, endpoint):
            super().__init__(endpoint)
            made.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)

    def read(url: str) -> bytes:
        return made[-1].get_file(url.rsplit("/", 1)[-1]).content

    return read


class PanelTable(HTMLParser):
    """The panel's HTML table as the page shows it: (region, year) → status and the texts of its figures."""

    def __init__(self, text: str):
        super().__init__()
        self.cells: dict[tuple[str, int], dict] = {}
        self.regions: list[str] = []
        self.ranks: list[str] = []
        self._region = self._year = None
        self._in_figure = False
        self._in_rank = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-region" in attrs:
            self._region = attrs["data-region"]
            self.regions.append(self._region)
        elif tag == "td" and "data-year" in attrs and self._region:
            self._year = int(attrs["data-year"])
            self.cells[(self._region, self._year)] = {"status": attrs["data-status"], "figures": [], "text": "",
                                                      "title": attrs.get("title", "")}
        elif tag == "td" and attrs.get("class") == "mn-num" and self._region:
            self._in_rank = True
            self.ranks.append("")
        elif tag == "a" and "mn-fig" in (attrs.get("class") or "") and self._year is not None:
            self._in_figure = True
            self.cells[(self._region, self._year)].setdefault("links", []).append(attrs["href"])
            self.cells[(self._region, self._year)]["figures"].append("")

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_figure = False
        elif tag == "td":
            self._year = None
            self._in_rank = False

    def handle_data(self, data):
        if self._in_rank:
            self.ranks[-1] += data
        if self._year is not None and self._region:
            cell = self.cells[(self._region, self._year)]
            cell["text"] += data
            if self._in_figure:
                cell["figures"][-1] += data


def panel_table(at: AppTest) -> PanelTable:
    (html_text,) = [m.value for m in at.markdown if 'class="mn-panel"' in m.value]
    return PanelTable(html_text)


FIGURE = re.compile(r"^([≥≤~]?)(-?\d+(?:\.\d+)?) (\S+)$")


def shown_numbers(table: PanelTable) -> list[tuple[str, int, float, str, str]]:
    """Every figure the page shows, read off its text: (region, year, number, unit, sign)."""
    out = []
    for (region, year), cell in table.cells.items():
        for text in cell["figures"]:
            sign, value, unit = FIGURE.match(text).groups()
            out.append((region, year, float(value), unit, sign))
    return sorted(out)


def chart_data(chart):
    """The rows an Altair chart of the page was given (Streamlit sends them beside the spec, as Arrow)."""
    import pyarrow as pa

    (dataset,) = chart.proto.datasets
    return pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()


def charts(at: AppTest) -> list[tuple[dict, object]]:
    return [(json.loads(c.proto.spec), c) for c in at.get("vega_lite_chart")]


def marks(spec: dict) -> list[str]:
    layers = spec.get("layer", [spec])
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in layers]


def ingest_texts(tmp_path, texts: dict[str, str]) -> dict[str, int]:
    import streamlit as st

    from corpus.ingest import ingest
    from corpus.store import open_store

    files = []
    for name, text in texts.items():
        files.append(tmp_path / f"{name}.txt")
        files[-1].write_text(text, encoding="utf-8")
    store = open_store(os.environ["MEDNOTICE_DB"], create=True)
    outcomes = list(ingest(store, files))
    st.cache_data.clear()
    return {name: o.notice_id for name, o in zip(texts, outcomes)}


# --- Panel ---------------------------------------------------------------------------------------------


def test_panel_page_regions_by_the_years_figures_apply_to(app_env):
    at = run_page("panel_page", field="contribution.individual")
    assert at.title[0].value == "面板 Panel"
    table = panel_table(at)
    # Xinzhou's 2023 notice sets the 2024 contribution: it sits in 2024, and its 2023 cell says "a notice,
    # no figure"; a national 2014 notice gives "about 90 元".
    assert table.cells[("山西省忻州市", 2024)]["figures"] == ["380 元"]
    assert table.cells[("山西省忻州市", 2023)]["status"] == "no figure"
    assert table.cells[("山西省忻州市", 2022)]["status"] == "no notice"
    assert table.cells[("全国", 2014)]["figures"] == ["~90 元"]
    # Qingcheng's notice states two contributions for 2016: both are shown, marked.
    qingcheng = table.cells[("甘肃省庆阳市庆城县", 2016)]
    assert qingcheng["figures"] == ["120 元", "130 元"] and "※" in qingcheng["text"]
    link = table.cells[("山西省忻州市", 2024)]["links"][0]
    assert re.fullmatch(r"/notice\?id=\d+\.0&p=\d+", link)
    assert "2023年预收2024年度的个人缴费标准" in table.cells[("山西省忻州市", 2024)]["title"]
    assert at.query_params["field"] == "contribution.individual"
    assert [b.label for b in at.get("download_button")] == ["CSV", "XLSX", "JSON"]
    covered = {m.label: m.value for m in at.metric}
    empty = sum(c["status"] == "no notice" for c in table.cells.values())
    nofigure = sum(c["status"] == "no figure" for c in table.cells.values())
    assert (covered["无通知 No notice"], covered["有通知无数字 Notice, no figure"]) == (str(empty), str(nofigure))


def test_panel_csv_xlsx_json_are_the_numbers_shown(app_env, media):
    import pandas as pd

    at = run_page("panel_page", field="contribution.individual", year="2022")
    table = panel_table(at)
    shown = shown_numbers(table)
    assert len(shown) >= 8
    buttons = {b.label: b.proto for b in at.get("download_button")}
    csv = pd.read_csv(io.BytesIO(media(buttons["CSV"].url)), encoding="utf-8-sig")
    signs = {"=": "", ">=": "≥", "<=": "≤", "~": "~"}
    from_csv = sorted((r.region, int(r.year), float(r.value), r.unit, signs[r.operator]) for r in csv.itertuples())
    assert from_csv == shown
    assert pd.api.types.is_numeric_dtype(csv["value"])
    assert all(re.fullmatch(r"(https?://[^/]+)?/notice\?id=\d+\.\d+&p=\w+", link) for link in csv["link"])
    # Rows in the page's order: ranked by 2022, highest first.
    assert list(dict.fromkeys(csv["region"])) == table.regions
    first_2022 = csv[(csv["year"] == 2022) & csv["first_in_cell"]].sort_values("value", ascending=False)
    assert list(first_2022["region"]) == table.regions[:len(first_2022)]
    xlsx = pd.read_excel(io.BytesIO(media(buttons["XLSX"].url)))
    assert sorted(zip(xlsx["region"], xlsx["year"], xlsx["value"])) == sorted(zip(csv["region"], csv["year"], csv["value"]))
    exported = json.loads(media(buttons["JSON"].url))
    assert exported["field"] == "contribution.individual" and exported["rank_year"] == 2022
    assert sorted((f["region"], f["year"], f["value"]) for f in exported["figures"]) == sorted(
        zip(csv["region"], csv["year"], csv["value"]))


def test_panel_state_is_in_the_url(app_env):
    params = dict(field="contribution.individual", scope="insured_group=minors", year="2022", order="asc",
                  province="北京市", level="province")
    # Beijing's minors have figures for 2023 only: the URL's 2022 says so and the panel ranks by 2023.
    at = run_page("panel_page", **params)
    assert any("year=2022" in w.value for w in at.warning)
    assert dict(at.query_params) == dict(params, year="2023")
    at = run_page("panel_page", **dict(params, year="2023"))
    assert not at.warning
    boxes = {s.label: s for s in at.selectbox}
    assert boxes["范围 Scope"].value == "insured_group=minors" and boxes["范围 Scope"].format_func("insured_group=minors") == "学生儿童"
    assert boxes["排序年度 Rank by year"].value == 2023 and boxes["省 Province"].value == "北京市"
    assert dict(at.query_params) == dict(params, year="2023")
    assert list(panel_table(at).regions) == ["北京市"]
    # A pick of another field keeps the session's other choices and rewrites the URL.
    boxes["字段 Field"].set_value("subsidy.per_capita").run()
    assert at.query_params["field"] == "subsidy.per_capita" and at.query_params["province"] == "北京市"


def test_a_bad_url_value_says_so_and_shows_the_default(app_env):
    at = run_page("panel_page", field="no.such", scope="insured_group=martians", year="abc")
    warnings = [w.value for w in at.warning]
    assert any("field=no.such" in w for w in warnings) and any("year=abc" in w for w in warnings)
    assert at.query_params["field"] == "contribution.individual"
    assert panel_table(at).cells


def test_two_notices_for_one_region_year_are_both_shown(app_env, tmp_path):
    from test_panel import NOTICES

    run_page("corpus_page")  # the first start fills the store with the corpus
    ids = ingest_texts(tmp_path, NOTICES)
    at = run_page("panel_page", field="contribution.individual", province="河南省", level="city", year="2024")
    table = panel_table(at)
    kaifeng = table.cells[("河南省开封市", 2024)]
    # The 2024 notice's 410 first, the 2023 notice's 400 for 2024 beside it; the copy adds nothing.
    assert kaifeng["figures"] == ["410 元", "400 元"] and "※" in kaifeng["text"]
    assert [link.split("&")[0] for link in kaifeng["links"]] == [f"/notice?id={ids['kaifeng_2024']}.0",
                                                                f"/notice?id={ids['kaifeng_2023']}.0"]
    assert table.regions[:2] == ["河南省郑州市", "河南省开封市"] and table.ranks[:2] == ["1", "2"]
    several = [d.value for d in at.dataframe if "数字 Figures" in d.value.columns][0]
    assert several.to_dict("records")[0]["数字 Figures"] == "410 元 / 400 元"
    # Excluding a notice takes it out at once (the panel is read again when the store changes).
    from corpus.store import open_store

    open_store(os.environ["MEDNOTICE_DB"], create=True).exclude(ids["zhengzhou_2024"], note="a draft")
    again = panel_table(run_page("panel_page", field="contribution.individual", province="河南省", level="city", year="2024"))
    assert "河南省郑州市" not in again.regions


def test_a_correction_shows_in_the_panel(app_env):
    from corpus.store import open_store

    run_page("corpus_page")
    store = open_store(os.environ["MEDNOTICE_DB"], create=True)
    notice = next(d["notice"] for d in store.list() if d["city"] == "忻州市")
    (figure,) = [p for p in store.parameters_of(notice) if p["field"] == "contribution.individual"]
    store.correct(notice, figure["id"], {"value": 390}, note="typo")
    cell = panel_table(run_page("panel_page", field="contribution.individual")).cells[("山西省忻州市", 2024)]
    assert cell["figures"] == ["390 元"] and "✎" in cell["text"]


def test_notice_text_in_the_panel_is_escaped(app_env, tmp_path):
    run_page("corpus_page")
    ingest_texts(tmp_path, {"hostile": (
        "关于做好2023年城乡居民医保工作的通知\n各有关单位：\n"
        "一、标准。<script>alert(1)</script><b>粗体</b>个人缴费标准为每人380元。\n")})
    at = run_page("panel_page", field="contribution.individual")
    (html_text,) = [m.value for m in at.markdown if 'class="mn-panel"' in m.value]
    assert "<script>" not in html_text and "<b>" not in html_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;粗体&lt;/b&gt;" in html_text
    cell = panel_table(at).cells[("(地区不明 unknown region)", 2023)]
    assert cell["figures"] == ["380 元"] and "<script>alert(1)</script>" in cell["title"]  # shown as text on hover


# --- Trends --------------------------------------------------------------------------------------------


def test_trends_draws_a_figure_at_the_year_it_applies_to(app_env):
    at = run_page("trends_page", field="contribution.individual", regions="山西省忻州市,山西省朔州市", scopes="general")
    assert at.query_params["regions"] == "山西省忻州市,山西省朔州市"
    (spec, chart), *_ = charts(at)
    data = chart_data(chart)
    # Xinzhou's notice of 2023 sets the contribution of 2024; Shuozhou's of 2021 that of 2022.
    assert sorted(zip(data["region"], data["year"], data["value"])) == [("山西省忻州市", 2024, 380), ("山西省朔州市", 2022, 320)]
    assert spec["layer"][0]["encoding"]["x"]["type"] == "quantitative"  # a linear year axis
    assert spec["layer"][0]["encoding"]["detail"]["field"] == "segment"  # lines only within runs of years


def test_trends_floors_and_scopes_apart(app_env):
    at = run_page("trends_page", field="subsidy.per_capita", regions="河南省,山西省忻州市")
    (spec, chart), *_ = charts(at)
    data = chart_data(chart)
    # Henan's 不低于640元 is a floor, Xinzhou's 达到640元 an exact figure: two shapes.
    assert sorted(zip(data["region"], data["figure"])) == [("山西省忻州市", "确切 exact"), ("河南省", "不低于 floor (≥)")]
    points = spec["layer"][1]["encoding"]
    assert points["shape"]["field"] == "figure" and points["href"]["field"] == "link"
    assert dict(zip(points["shape"]["scale"]["domain"], points["shape"]["scale"]["range"]))["不低于 floor (≥)"] == "triangle-up"
    assert points["color"]["legend"]["labelLimit"] == 0
    # Scopes apart, each named in Chinese.
    at = run_page("trends_page", field="contribution.individual", scopes="general,insured_group=minors")
    names = [m.value for m in at.markdown if m.value.startswith("**")]
    assert names == ["**(无 general)** · 个人缴费标准", "**学生儿童** · 个人缴费标准"]
    lines = [chart_data(c) for s, c in charts(at) if marks(s) == ["line", "point"]]
    assert [set(d["scope_label"]) for d in lines] == [{"(无 general)"}, {"学生儿童"}]


def test_trends_year_and_tile_map(app_env):
    at = run_page("trends_page", field="subsidy.per_capita", year="2023")
    assert at.query_params["year"] == "2023"
    assert len(at.get("deck_gl_json_chart")) == 0  # no basemap to download
    (tiles,) = [c for s, c in charts(at) if marks(s) == ["rect", "rect", "text"]]
    data = chart_data(tiles)
    assert len(data) == 34 and data["province"].is_unique
    henan = data[data["province"] == "河南省"].iloc[0]
    assert henan["value"] == 640 and henan["shown"] == "≥640 元" and henan["link"].startswith("/notice?id=")
    assert data["value"].notna().sum() >= 1 and data["value"].isna().sum() >= 20


# --- in Chromium ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from browser import served_store

    yield from served_store(tmp_path_factory, "panel_app")


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    from browser import launch

    with sync_playwright() as p:
        launched = launch(p)
        yield launched
        launched.close()


def settle(page) -> None:
    """Wait for the app's run to end (its status widget gone)."""
    import time

    time.sleep(0.4)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_load_state("networkidle")


def pick(page, label: str, option: str) -> None:
    """Choose an option of a selectbox, found by its label."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def shown_view(page) -> dict:
    """What the Panel page shows: its selectboxes' values and the panel's rows and first figures."""
    values = {}
    for label in ("字段 Field", "范围 Scope", "排序年度 Rank by year", "省 Province", "级别 Level"):
        values[label] = page.get_by_role("combobox", name=label).input_value()
    values["rows"] = page.locator(".mn-panel tbody tr").evaluate_all("rows => rows.map(r => r.innerText)")
    return values


@pytest.mark.browser
@pytest.mark.slow
def test_panel_picks_stick_and_the_link_reopens_the_view(server, browser):
    from urllib.parse import parse_qs, urlparse

    server, db = server
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{server}/panel", wait_until="networkidle")
    page.locator(".mn-panel").wait_for(timeout=120_000)  # the first start ingests corpus/
    settle(page)
    pick(page, "字段 Field", "个人缴费标准 (contribution.individual)")
    pick(page, "范围 Scope", "学生儿童")
    pick(page, "排序年度 Rank by year", "2022")
    query = parse_qs(urlparse(page.url).query)
    assert (query["field"], query["scope"], query["year"]) == (["contribution.individual"], ["insured_group=minors"], ["2022"])
    view = shown_view(page)
    assert (view["字段 Field"], view["范围 Scope"], view["排序年度 Rank by year"]) == (
        "个人缴费标准 (contribution.individual)", "学生儿童", "2022")
    assert view["rows"]
    shared = page.url
    again = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN").new_page()
    again.goto(shared, wait_until="networkidle")
    again.locator(".mn-panel").wait_for(timeout=60_000)
    settle(again)
    assert shown_view(again) == view
    assert parse_qs(urlparse(again.url).query) == query
    pick(page, "范围 Scope", "(无 general)")
    page.screenshot(path=str(artifacts / "panel.png"), full_page=False)
    # A figure's link opens its notice.
    href = page.locator(".mn-panel a.mn-fig").first.get_attribute("href")
    assert re.fullmatch(r"/notice\?id=\d+\.\d+&p=\w+", href)
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_trends_in_the_browser(server, browser):
    """Trends with lines, a floor and a gap (the notices of tests/test_panel.py added to the corpus), its
    tile map drawn from nothing but the page: every chart painted, no error."""
    from test_panel import NOTICES, add

    from corpus.store import open_store

    server, db = server
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 2600}, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/panel", wait_until="networkidle")
    page.locator(".mn-panel").wait_for(timeout=120_000)  # the first start ingests corpus/ into an empty store
    store = open_store(str(db), create=True)
    if not store.list(province="河南省", city="开封市"):
        for name, text in NOTICES.items():
            add(store, text, f"{name}.txt")
    page.goto(f"{server}/trends?field=subsidy.per_capita&scopes=general&year=2024"
              "&regions=河南省开封市,河南省洛阳市,河南省郑州市,河南省,山西省忻州市,山西省朔州市", wait_until="networkidle")
    page.get_by_text("按年度 Across years").wait_for(timeout=120_000)
    settle(page)
    charts = page.locator("[data-testid='stVegaLiteChart']")
    charts.last.locator("svg").wait_for(timeout=60_000)
    assert charts.count() == 3
    for i in range(3):  # every chart painted, the tile map included
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
    tiles = charts.last.locator("text[aria-roledescription='text mark']")
    assert tiles.count() == 34
    assert not errors, errors
    assert "无效" not in page.inner_text("body")  # every region of the link is one the page has
    page.screenshot(path=str(artifacts / "trends.png"), full_page=True)
    assert "Traceback" not in page.inner_text("body")
    context.close()
