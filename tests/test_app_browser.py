"""End to end in a real headless Chromium (Debian's, driven by Playwright): upload a notice, open
Compare and Notice, and read what the page shows, Chinese included.  Screenshots go to
tests/artifacts/."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

from browser import launch, needs_browser, serve_app  # noqa: E402

sync_api = needs_browser(module_level=True)

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_app(tmp_path_factory.mktemp("app") / "app.db") as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        yield context.new_page()
        browser.close()


def test_corpus_then_compare(server, page):
    page.goto(f"{server}/corpus", wait_until="networkidle")
    page.get_by_text("20 documents").wait_for(timeout=90_000)  # the first start ingests corpus/
    page.goto(f"{server}/compare?n=1.0,3.0&base=1.0", wait_until="networkidle")
    page.get_by_text("黄色：与基准数值不同").wait_for(timeout=60_000)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
    time.sleep(1.5)  # the grid paints on a canvas after it is attached
    # compare.png is test_app_compare's (notices picked one by one); this one is the bundled corpus.
    page.screenshot(path=str(ARTIFACTS / "compare_corpus.png"), full_page=True)
    body = page.inner_text("body")
    assert "比较 Compare" in body and "基准 Baseline" in body and "通知 Notices:" in body
    assert page.locator("a[href='/notice?id=3.0']").count() == 1  # each column's notice, linked


def test_notice_page(server, page):
    import re

    page.goto(f"{server}/notice?id=1.0", wait_until="networkidle")
    page.get_by_role("heading", name="关于做好2023年城乡居民基本医疗保障工作的通知").wait_for(timeout=60_000)
    mark = page.locator("mark", has_text="640元").first
    assert "subsidy.per_capita" in mark.get_attribute("title")
    # A click on the third row's selection cell selects that parameter: ?p= in the URL, the form filled
    # with its value, its figure marked in orange.
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=60_000)
    time.sleep(1.5)  # the grid paints on a canvas after it is attached
    box = grid.bounding_box()
    row_height = 35  # Streamlit's default row height; the header row is as high
    page.mouse.click(box["x"] + 14, box["y"] + row_height * 3 + row_height / 2)
    page.wait_for_function("() => new URLSearchParams(location.search).get('p') !== null", timeout=30_000)
    picked = page.evaluate("() => new URLSearchParams(location.search).get('p')")
    orange = "[style*='rgb(251, 146, 60)']"  # the browser writes the selected mark's #fb923c so
    selected = page.locator(f"mark[data-parameter='{picked}']{orange}")
    selected.wait_for(timeout=30_000)  # the page draws the mark after the URL changed
    assert page.locator(orange).count() == 1
    value = page.locator("input[aria-label='值 Value']").first
    assert value.input_value() and f"= {value.input_value()} " in selected.get_attribute("title")
    # Correct the per-capita subsidy through the form; the history lists it with its undo button.
    per_capita = mark.get_attribute("data-parameter")
    page.goto(f"{server}/notice?id=1.0&p={per_capita}", wait_until="networkidle")
    value = page.locator("input[aria-label='值 Value']").first
    value.wait_for(timeout=60_000)
    assert value.input_value() == "640"
    value.fill("650")
    value.press("Enter")
    note = page.locator("input[aria-label='说明 Note']").first
    note.fill("typo in the notice")
    note.press("Enter")
    time.sleep(1)
    page.get_by_role("button", name="更正 Correct").click()
    line = page.get_by_text(re.compile(rf"corrected #{per_capita} subsidy.per_capita: value 640 → 650 — typo in the notice"))
    line.wait_for(timeout=60_000)
    assert page.get_by_role("button", name="撤销 Undo").count() >= 1
    assert "corrected by" in page.locator(f"mark[data-parameter='{per_capita}']").get_attribute("title")
    page.get_by_role("heading", name="审核 Review").scroll_into_view_if_needed()
    time.sleep(0.5)
    page.screenshot(path=str(ARTIFACTS / "notice.png"), full_page=False)


def test_upload(server, page, tmp_path):
    import re

    notice = tmp_path / "upload_notice.txt"
    notice.write_text(
        "广州市医疗保障局关于公布2025年广州市城乡居民医保筹资标准的通知\n各区财政局：\n"
        "一、2025年我市城乡居民医保在校学生个人缴费标准为每人400元。\n",
        encoding="utf-8",
    )
    page.goto(f"{server}/upload", wait_until="networkidle")
    page.locator("input[type='file']").set_input_files(str(notice))
    page.get_by_role("button", name="导入 Ingest").click()
    page.get_by_text("upload_notice.txt: added").wait_for(timeout=60_000)
    link = page.get_by_role("link", name=re.compile(r"通知 Notice \d+\.0"))
    assert re.fullmatch(r"/notice\?id=\d+\.0", link.get_attribute("href"))
    assert "广东省广州市 · city · 2025 · 1 parameter · 0 warnings" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "upload.png"))
    page.goto(server + link.get_attribute("href"), wait_until="networkidle")  # the document the link names
    page.get_by_role("heading", name="关于公布2025年广州市城乡居民医保筹资标准的通知").wait_for(timeout=60_000)
