"""End to end in a real headless Chromium (Debian's, driven by Playwright): upload a notice, open
Compare and Notice, and read what the page shows, Chinese included.  Screenshots go to
tests/artifacts/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    pytest.skip("no chromium on this machine (.ci/run installs Debian's)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    env = dict(os.environ, MEDNOTICE_DB=str(tmp_path_factory.mktemp("app") / "app.db"))
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def page(server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        yield context.new_page()
        browser.close()


def test_corpus_then_compare(server, page):
    page.goto(f"{server}/corpus", wait_until="networkidle")
    page.get_by_text("20 documents").wait_for(timeout=90_000)  # the first start ingests corpus/
    page.goto(f"{server}/compare?n=1.0,3.0&base=1.0", wait_until="networkidle")
    page.get_by_text("黄色：与基准不同").wait_for(timeout=60_000)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
    time.sleep(1.5)  # the grid paints on a canvas after it is attached
    page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
    body = page.inner_text("body")
    assert "比较 Compare" in body and "基准 Baseline" in body


def test_notice_page(server, page):
    page.goto(f"{server}/notice?id=1.0", wait_until="networkidle")
    page.get_by_role("heading", name="关于做好2023年城乡居民基本医疗保障工作的通知").wait_for(timeout=60_000)
    mark = page.locator("mark", has_text="640元").first
    assert "subsidy.per_capita" in mark.get_attribute("title")
    page.screenshot(path=str(ARTIFACTS / "notice.png"), full_page=False)


def test_upload(server, page, tmp_path):
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
    page.screenshot(path=str(ARTIFACTS / "upload.png"))
