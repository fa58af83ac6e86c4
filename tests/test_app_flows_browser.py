"""A researcher's flows through the app, in a real headless Chromium (Debian's, driven by Playwright):
each flow is done with clicks and typing as a person would, and each checks both what the page shows
and what the store and its exports (corpus.export, corpus.panel, corpus.views) hold.

1. A correction made on the Notice page and undone from its history leaves the exports as before;
   while it stands, the page, Compare and the exports show it.
2. A metadata edit (the region) moves the notice in Compare's regions × years view, and back on undo.
3. The Panel's CSV download holds exactly the numbers its table shows.
4. A year-over-year Compare of one city: an equal figure shows no difference, a row only the later
   notice has is new.
5. Trends places a figure on the year it applies to, not on its notice's year.

The store is the bundled corpus and three short notices written here (invented figures, real city
names so that the extractor finds their region), ingested before the server starts.  Tables drawn by
st.dataframe are read from the grid's accessible table (the cells' text), and its cell colours from
the pixels of its canvas.  A screenshot per flow goes to tests/artifacts/flow_<n>.png.

Where the flow holds (the store, the exports and the page end right) but the app did something on the
way that a researcher would trip on (a pick dropped after an edit, a view showing the state before a
correction), the test fails naming it.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

from browser import needs_browser, serve_app  # noqa: E402

sync_api = needs_browser(module_level=True)

import test_app_state_browser as ui  # noqa: E402  (its helpers: settle, pick, options, …)

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
ROW = 35  # px: Streamlit's row height of a dataframe, its header row as high
YELLOW, GREEN = (0xFD, 0xE6, 0x8A), (0xBB, 0xF7, 0xD0)  # corpus.views.COLOURS: differs, new

# Invented figures.  Suzhou: one figure the same in both years (700), one changed, two only in 2024.
# Wuxi: a 2023 notice that sets the 2024 individual contribution.
NOTICES = {
    "flow_suzhou_2023.txt": """苏州市医疗保障局 苏州市财政局关于做好2023年城乡居民基本医疗保险工作的通知
苏医保发〔2023〕7号
各市、区医疗保障局、财政局：
一、2023年我市城乡居民基本医疗保险人均财政补助标准为每人每年700元。
二、2023年我市城乡居民医保个人缴费标准为每人每年420元。
苏州市医疗保障局
2023年8月1日
""",
    "flow_suzhou_2024.txt": """苏州市医疗保障局 苏州市财政局关于做好2024年城乡居民基本医疗保险工作的通知
苏医保发〔2024〕9号
各市、区医疗保障局、财政局：
一、2024年我市城乡居民基本医疗保险人均财政补助标准为每人每年700元。
二、2024年我市城乡居民医保个人缴费标准为每人每年450元，其中学生儿童个人缴费标准为每人每年300元。
三、2024年我市居民医保政策范围内住院费用报销比例为85%。
苏州市医疗保障局
2024年8月1日
""",
    "flow_wuxi_2023.txt": """无锡市医疗保障局 无锡市财政局关于公布无锡市城乡居民基本医疗保险2023年财政补助标准和2024年个人缴费标准的通知
锡医保发〔2023〕15号
各区医疗保障局、财政局：
一、2023年本市居民医保财政补助标准为每人每年710元。2024年本市居民医保个人缴费标准为每人每年465元。
无锡市医疗保障局
2023年9月20日
""",
}
XINZHOU = "000_04157b405fe51554.txt"  # 山西省忻州市 2023: 人均财政补助 达到640元
WUHU = "15_wuhu_2021.txt"  # 安徽省芜湖市 2021, the only notice of its city


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The store's path and its notice ids by file name: the bundled corpus and the notices above."""
    from corpus.ingest import ingest
    from corpus.store import open_store

    folder = tmp_path_factory.mktemp("flows")
    files = []
    for name, text in NOTICES.items():
        (folder / name).write_text(text, encoding="utf-8")
        files.append(folder / name)
    db = folder / "app.db"
    outcomes = list(ingest(open_store(str(db), create=True), [ROOT / "corpus" / "samples", *files]))
    assert all(o.status == "added" for o in outcomes), [(o.name, o.reason) for o in outcomes if o.status != "added"]
    return db, {Path(o.name).name: o.notice_id for o in outcomes}


@pytest.fixture(scope="module")
def server(corpus):
    db, _ = corpus
    with serve_app(db, log=db.parent / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def store(corpus):
    """The test's own handle on the server's store (SQLite in WAL mode: it reads what the app wrote)."""
    from corpus.store import open_store

    return open_store(str(corpus[0]), create=True)


# The browser of the state tests, launched once for this module; a new context (no session) a view.
browser = ui.browser
open_view = ui.open_view


# --- reading the page ------------------------------------------------------------------------------

def frame(page, header: str):
    """The st.dataframe with a column named ``header``."""
    found = page.locator("[data-testid=stDataFrame]").filter(has=page.locator("th", has_text=header))
    found.first.wait_for(state="attached")
    assert found.count() == 1, f"{found.count()} tables with a column {header!r}"
    return found


def grid_rows(table) -> list[dict[str, str]]:
    """The rows a dataframe has drawn, each as {column: the cell's text}, read from the accessible table
    the grid keeps inside its canvas (the canvas itself is pixels)."""
    return table.locator("table[role=grid]").evaluate(
        """grid => {
            const names = [...grid.querySelectorAll('thead th')].map(th => th.textContent);
            return [...grid.querySelectorAll('tbody tr')].map(tr => Object.fromEntries(
                [...tr.children].map((td, i) => [names[i], td.textContent])));
        }"""
    )


def row_of(table, **cells) -> int:
    """The index of the one drawn row whose cells hold ``cells`` (column: text)."""
    rows = grid_rows(table)
    found = [i for i, r in enumerate(rows) if all(r.get(k) == v for k, v in cells.items())]
    assert len(found) == 1, f"{len(found)} rows with {cells}: {rows}"
    return found[0]


def click_row(page, table, index: int) -> None:
    """Clicks the selection cell at the left of a dataframe's row ``index`` (0: the first under the header)."""
    box = table.locator("canvas[data-testid=data-grid-canvas]").bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + ROW * (index + 1) + ROW / 2)


def colour_counts(page, table, rows: int, colour: tuple[int, int, int]) -> list[int]:
    """How many pixels of each of the first ``rows`` rows of a dataframe are painted ``colour`` (a cell's
    background set by the page's styler), read off a screenshot of its canvas."""
    from PIL import Image

    page.mouse.move(0, 0)  # a hovered row is painted another shade
    page.wait_for_timeout(300)
    image = Image.open(io.BytesIO(table.locator("canvas[data-testid=data-grid-canvas]").screenshot())).convert("RGB")
    counts = []
    for i in range(rows):
        top, bottom = ROW * (i + 1) + 3, ROW * (i + 2) - 3  # inside the row, off its borders
        counts.append(sum(1 for y in range(top, bottom) for x in range(image.width)
                          if all(abs(a - b) <= 6 for a, b in zip(image.getpixel((x, y)), colour))))
    return counts


def history_line(page, text: str):
    """The line of the Notice page's history that holds ``text``."""
    return page.locator("[data-testid=stMarkdownContainer]").filter(has_text=text)


def undo_button(page, correction: int):
    """The undo button of correction ``correction`` in the Notice page's history."""
    return page.locator(f".st-key-undo-{correction}").get_by_role("button", name="撤销 Undo")


def click_and_wait(page, button, text: str) -> None:
    """Clicks ``button`` and waits until the page shows ``text`` and the app's run has finished."""
    button.click()
    page.get_by_text(text, exact=False).first.wait_for()
    ui.settle(page)


def type_into(page, box, text: str) -> None:
    """Types ``text`` into a text input and commits it (Enter), waiting for the app's run."""
    box.fill(text)
    box.press("Enter")
    ui.settle(page)


def shot(page, n: int, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"flow_{n}.png"), full_page=full_page)


def said(faults: list[str]) -> None:
    """The flow held (every assertion above passed) but the app did something a researcher would trip
    on: the test fails saying what."""
    if faults:
        pytest.fail("the flow holds, but: " + "; ".join(faults))


def without_corrections(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "corrections"} for r in records]


# --- 1. a correction, and its undo -----------------------------------------------------------------

def test_a_correction_made_and_undone_in_the_app_leaves_the_exports_as_before(corpus, server, store, open_view):
    from corpus.export import long_rows, records

    notice = corpus[1][XINZHOU]
    rows_before, records_before = long_rows(store), records(store)
    (pid,) = [p["id"] for p in store.parameters_of(notice) if p["field"] == "subsidy.per_capita"]

    page = open_view(f"{server}/notice?id={notice}.0")
    parameters = frame(page, "evidence")
    ui.after_rerun(page, lambda: click_row(page, parameters, row_of(parameters, field="subsidy.per_capita", scope="")), "p")
    assert ui.query(page)["p"] == pid
    value = page.get_by_role("textbox", name="值 Value").first
    assert value.input_value() == "640"
    type_into(page, value, "650")
    type_into(page, page.get_by_role("textbox", name="说明 Note", exact=True).first, "typo in the notice")
    click_and_wait(page, page.get_by_role("button", name="更正 Correct"), "value 640 → 650 — typo in the notice")

    # The store: one correction, standing; the page: the history, the table and the text say so.
    (done, standing), = store.history(notice)
    assert (done.action, done.target, done.new, standing) == ("corrected", pid, {"value": 650}, "applied")
    assert history_line(page, f"#{done.id} ·").filter(has_text="applied 生效").count() == 1
    assert grid_rows(frame(page, "evidence"))[row_of(frame(page, "evidence"), id=pid)]["value"] == "650"
    assert grid_rows(frame(page, "evidence"))[row_of(frame(page, "evidence"), id=pid)]["review"] == "✎"
    mark = page.locator(f"mark[data-parameter='{pid}']")
    assert "= 650 元" in mark.get_attribute("title") and "corrected by" in mark.get_attribute("title")

    # The exports: the long table and the JSON record hold 650, marked corrected.
    (row,) = [r for r in long_rows(store) if r["parameter_id"] == pid and r["notice_id"] == notice]
    assert (row["value"], row["number"], row["corrected"]) == (650, 650, True)
    (record,) = [r for r in records(store) if r["source"] == XINZHOU]
    (figure,) = [p for p in record["documents"][0]["parameters"] if p["id"] == pid]
    assert figure["value"] == 650
    assert [(c["id"], c["status"]) for c in record["corrections"]] == [(done.id, "applied")]

    # Compare shows the corrected figure, marked as corrected by hand.
    compare = open_view(f"{server}/compare?n={notice}.0")
    table = frame(compare, "字段")
    (column,) = [h for h in grid_rows(table)[0] if h.startswith("山西省忻州市 2023")]
    assert grid_rows(table)[row_of(table, 字段="人均财政补助标准")][column] == "达到 650 元 ✎"

    # Undo, from the history.
    click_and_wait(page, undo_button(page, done.id), f"undone correction {done.id}")
    assert [(c.action, s) for c, s in store.history(notice)] == [("corrected", "undone"), ("undone", "applied")]
    assert history_line(page, f"#{done.id} ·").filter(has_text="undone 已撤销").count() == 1
    assert undo_button(page, done.id).count() == 0
    faults = []
    if ui.query(page).get("p") != pid:
        faults.append(f"the Undo dropped the selected parameter #{pid} (p left the URL, the review form emptied): the "
                      "picker sent back its label, which held the corrected value and names no option now")
    parameters = frame(page, "evidence")
    assert grid_rows(parameters)[row_of(parameters, id=pid)]["value"] == "640"
    assert grid_rows(parameters)[row_of(parameters, id=pid)]["review"] == ""
    page.get_by_role("heading", name="审核 Review").scroll_into_view_if_needed()
    shot(page, 1, full_page=False)

    # The exports are as before; only the record's corrections block tells the story.
    assert long_rows(store) == rows_before
    records_after = records(store)
    assert without_corrections(records_after) == without_corrections(records_before)
    (record,) = [r for r in records_after if r["source"] == XINZHOU]
    assert [(c["action"], c["status"]) for c in record["corrections"]] == [("corrected", "undone"), ("undone", "applied")]
    compare.reload(wait_until="networkidle")
    ui.settle(compare)
    table = frame(compare, "字段")
    assert grid_rows(table)[row_of(table, 字段="人均财政补助标准")][column] == "达到 640 元"
    ui.assert_clean(page)
    said(faults)


# --- 2. a metadata edit moves the notice in Compare --------------------------------------------------

STALE_FOR = 30  # s: corpus/ui/compare.py caches its list of comparable documents that long (st.cache_data ttl)


def regions_offered(open_view, server: str, wanted: str, gone: str) -> tuple:
    """Compare's regions × years view (a new session) once its Regions offer ``wanted`` and not ``gone``,
    and for how many seconds it showed them otherwise (0: at the first look): Compare caches its list of
    documents for STALE_FOR s, and a correction on the Notice page must clear it."""
    first = time.monotonic()
    looks = 0
    while True:
        looks += 1
        look = time.monotonic()
        page = open_view(f"{server}/compare?by=region")
        assert ui.radio_value(page, "Choose") == "地区×年度 Regions × years"
        offered = ui.options(page, "Regions")
        if wanted in offered and gone not in offered:
            return page, 0.0 if looks == 1 else look - first
        assert time.monotonic() - first < STALE_FOR + 10, f"Compare still offers {offered}"
        page.context.close()
        time.sleep(2)


def test_a_region_edited_in_the_app_moves_the_notice_in_compare_and_back_on_undo(corpus, server, store, open_view):
    from corpus.views import documents_of

    notice = corpus[1][WUHU]
    wuhu, maanshan = "安徽省芜湖市", "安徽省马鞍山市"
    regions_offered(open_view, server, wuhu, maanshan)
    assert documents_of(store, [wuhu], [2021]) == [(notice, 0)]

    page = open_view(f"{server}/notice?id={notice}.0")
    page.get_by_text("元数据 Metadata").click()
    region = page.get_by_role("textbox", name="地区 Region")
    assert region.input_value() == wuhu
    type_into(page, region, "马鞍山市")
    type_into(page, page.get_by_role("textbox", name="说明 Note (why)"), "the notice is Ma'anshan's")
    click_and_wait(page, page.get_by_role("button", name="保存元数据 Save metadata"), "city 芜湖市 → 马鞍山市")
    (done, standing), = store.history(notice)
    assert (done.action, done.new, standing) == ("metadata", {"city": "马鞍山市"}, "applied")
    assert f"地区 {maanshan}" in page.inner_text("body")
    assert documents_of(store, [maanshan], [2021]) == [(notice, 0)] and documents_of(store, [wuhu], [2021]) == []

    moved, late = regions_offered(open_view, server, maanshan, wuhu)
    ui.pick(moved, "Regions", maanshan, "regions")
    ui.pick(moved, "Years", "2021", "years")
    table = frame(moved, "字段")
    assert [h for h in grid_rows(table)[0] if h != "字段"] == [f"{maanshan} 2021 · #{notice}", "状态 Status"]
    moved.locator("[data-testid=stDataFrame]").first.scroll_into_view_if_needed()
    shot(moved, 2)

    click_and_wait(page, undo_button(page, done.id), f"undone correction {done.id}")
    assert [(c.action, s) for c, s in store.history(notice)] == [("metadata", "undone"), ("undone", "applied")]
    assert documents_of(store, [wuhu], [2021]) == [(notice, 0)] and documents_of(store, [maanshan], [2021]) == []
    faults = []
    if ui.query(page).get("id") != f"{notice}.0":
        faults.append(f"the Undo click took the Notice page from notice {notice}.0 to {ui.query(page).get('id')} (its picker "
                      "sent back the label the edit had changed, which names no option)")
    again = open_view(f"{server}/notice?id={notice}.0")
    assert f"地区 {wuhu}" in again.inner_text("body")
    back, late_back = regions_offered(open_view, server, wuhu, maanshan)
    ui.pick(back, "Regions", wuhu, "regions")
    ui.pick(back, "Years", "2021", "years")
    table = frame(back, "字段")
    assert [h for h in grid_rows(table)[0] if h != "字段"] == [f"{wuhu} 2021 · #{notice}", "状态 Status"]
    ui.assert_clean(back)
    if late or late_back:
        faults.append(f"Compare offered the regions as they were for {late:.0f} s after the edit and {late_back:.0f} s "
                      "after the undo (corpus/ui/compare.py caches comparable_documents; a correction on the Notice "
                      "page must clear it)")
    said(faults)


# --- 3. the Panel's CSV is what the page shows ------------------------------------------------------

FIGURE_TEXT = re.compile(r"^(?P<sign>[≥≤~]?)(?P<number>-?\d+(?:\.\d+)?)(?: (?P<unit>.+))?$")
SIGN_OPERATORS = {"": "=", "≥": ">=", "≤": "<=", "~": "~"}


def panel_cells(page) -> list[dict]:
    """The Panel's table as the page draws it: a row a region (its rank and name), each year's figures
    as their link texts."""
    return page.locator(".mn-panel").evaluate(
        """panel => [...panel.querySelectorAll('tbody tr')].map(tr => ({
            region: tr.querySelector('th.mn-region').textContent,
            rank: tr.querySelector('td.mn-num').textContent,
            cells: Object.fromEntries([...tr.querySelectorAll('td.mn-cell')].map(td =>
                [td.dataset.year, [...td.querySelectorAll('a.mn-fig')].map(a => a.textContent)]))
        }))"""
    )


def test_the_panel_csv_holds_the_numbers_the_page_shows(corpus, server, store, open_view):
    from corpus.export import long_rows

    page = open_view(f"{server}/panel")
    assert "contribution.individual" in ui.selectbox_value(page, "Field")
    shown = panel_cells(page)
    assert len(shown) >= 10  # the bundled corpus and the notices of this test
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV", exact=True).click()
    assert download.value.suggested_filename == "panel_contribution.individual_general.csv"
    data = Path(download.value.path()).read_bytes()
    assert data.startswith("\ufeff".encode())  # Excel's BOM
    figures = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))

    # Row by row and cell by cell: the same regions in the same order, the same figures, the same ranks.
    assert list(dict.fromkeys(f["region"] for f in figures)) == [r["region"] for r in shown]
    rank = {r["region"]: r["rank"] for r in shown}
    for f in figures:
        assert f["rank"].removesuffix(".0") == rank[f["region"]], f
    for r in shown:
        for year, texts in r["cells"].items():
            mine = [f for f in figures if f["region"] == r["region"] and f["year"] == year]
            assert list(dict.fromkeys(f["shown"] for f in mine)) == texts, (r["region"], year)
            for text in texts:
                read = FIGURE_TEXT.match(text)
                assert read, text
                f = next(f for f in mine if f["shown"] == text)
                assert float(f["value"]) == float(read["number"])
                assert f["operator"] == SIGN_OPERATORS[read["sign"]] and f["unit"] == (read["unit"] or "")
    assert sum(len(t) for r in shown for t in r["cells"].values()) == len({(f["region"], f["year"], f["shown"]) for f in figures})
    assert {f["scope"] for f in figures} == {""} and {f["field"] for f in figures} == {"contribution.individual"}

    # The CSV's figures are the store's, as corrected: each parameter's number and unit, and its notice.
    stored = {(r["notice_id"], r["parameter_id"]): r for r in long_rows(store) if r["field"] == "contribution.individual"}
    for f in figures:
        row = stored[(int(f["notice_id"]), f["parameter_id"])]
        assert (row["number"], row["unit"], row["scope"]) == (float(f["value"]), f["unit"], "")
        assert f["link"].endswith(f"/notice?id={f['notice_id']}.{f['document']}&p={f['parameter_id']}")
    suzhou = [f for f in figures if f["region"] == "江苏省苏州市"]
    assert [(f["year"], f["shown"]) for f in suzhou] == [("2023", "420 元"), ("2024", "450 元")]
    page.locator(".mn-panel").scroll_into_view_if_needed()
    shot(page, 3)
    ui.assert_clean(page)


# --- 4. a year-over-year Compare of one city -------------------------------------------------------

def test_a_year_over_year_compare_marks_only_what_changed(corpus, server, store, open_view):
    from corpus.views import compare

    older, newer = corpus[1]["flow_suzhou_2023.txt"], corpus[1]["flow_suzhou_2024.txt"]
    page = open_view(f"{server}/compare?n={older}.0,{newer}.0&base={older}.0")
    assert ui.multiselect_values(page, "Notices") == ["江苏省苏州市 2023 · 苏医保发〔2023〕7号", "江苏省苏州市 2024 · 苏医保发〔2024〕9号"]
    table = frame(page, "字段")
    rows = grid_rows(table)
    a, b = "江苏省苏州市 2023 · 苏医保发〔2023〕7号", "江苏省苏州市 2024 · 苏医保发〔2024〕9号"
    same, changed, new = (row_of(table, 字段=label) for label in ("人均财政补助标准", "个人缴费标准", "个人缴费标准 · 学生儿童"))
    assert (rows[same][a], rows[same][b], rows[same]["状态 Status"]) == ("700 元", "700 元", "相同 same")
    assert (rows[changed][a], rows[changed][b], rows[changed]["状态 Status"]) == ("420 元", "450 元", "变化 changed")
    assert (rows[new][a], rows[new][b], rows[new]["状态 Status"]) == ("", "300 元", "新增 new")
    yellow, green = (colour_counts(page, table, len(rows), c) for c in (YELLOW, GREEN))
    assert yellow[changed] > 0 and green[new] > 0  # the colours are there to be seen …
    assert yellow[same] == 0 and green[same] == 0  # … and an equal figure has none
    assert yellow[new] == 0

    # The comparison the page is drawn from says the same.
    comparison = compare(store, [(older, 0), (newer, 0)])
    statuses = comparison.statuses((older, 0))
    by_label = {r.label: r for r in comparison.rows}
    assert statuses[(by_label["人均财政补助标准"], (newer, 0))] == "same"
    assert statuses[(by_label["个人缴费标准 · 学生儿童"], (newer, 0))] == "new"
    assert statuses[(by_label["个人缴费标准"], (newer, 0))] == "differs"

    # Only rows that differ: the equal row goes, the new one stays.
    ui.after_rerun(page, lambda: page.get_by_text("只看不同 Only rows that differ").click(), "diff")
    labels = [r["字段"] for r in grid_rows(frame(page, "字段"))]
    assert "人均财政补助标准" not in labels and "个人缴费标准 · 学生儿童" in labels
    ui.after_rerun(page, lambda: page.get_by_text("只看不同 Only rows that differ").click(), "diff")
    shot(page, 4)
    ui.assert_clean(page)


# --- 5. Trends: the year a figure applies to ---------------------------------------------------------

def test_trends_draws_a_figure_at_the_year_it_applies_to(corpus, server, store, open_view):
    from corpus.export import long_rows
    from corpus.panel import build_panel, panel_rows, trend_points

    wuxi, suzhou = "江苏省无锡市", "江苏省苏州市"
    notice = corpus[1]["flow_wuxi_2023.txt"]
    (stored,) = [r for r in long_rows(store) if r["notice_id"] == notice and r["field"] == "contribution.individual"]
    assert (stored["policy_year"], stored["year"], stored["value"]) == (2023, 2024, 465)

    page = open_view(f"{server}/trends?field=contribution.individual&scopes=general&regions={wuxi},{suzhou}")
    assert ui.multiselect_values(page, "Regions") == [wuxi, suzhou]
    page.locator("[data-testid=stVegaLiteChart]").first.wait_for()
    points = frame(page, "年度 Year")
    drawn = sorted((r["地区 Region"], r["年度 Year"], r["值 Value"], r["文号"]) for r in grid_rows(points))
    assert drawn == sorted([(suzhou, "2023", "420", "苏医保发〔2023〕7号"), (suzhou, "2024", "450", "苏医保发〔2024〕9号"),
                            (wuxi, "2024", "465", "锡医保发〔2023〕15号")])  # Wuxi's 2023 notice, drawn at 2024

    # The chart's data is the panel's: the same points, built from the store.
    rows, docs = panel_rows(store, "contribution.individual")
    expected = trend_points(build_panel(rows, docs, "contribution.individual", ""), [wuxi, suzhou])
    assert drawn == sorted((p["region"], str(p["year"]), str(p["value"]), p["doc_number"]) for p in expected)
    assert any(r["通知 Notice"].endswith(f"/notice?id={notice}.0&p={stored['parameter_id']}") for r in grid_rows(points))
    shot(page, 5)
    ui.assert_clean(page)
