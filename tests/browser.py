"""The app in a real headless Chromium (Debian's, driven by Playwright; never downloaded): a server
on a free port over a given store, and the browser launched without network side-traffic."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NO_CHROMIUM = "no chromium on this machine (.ci/run installs Debian's)"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def needs_browser(module_level: bool = False):
    """Skip the test (or the module, ``module_level``) where there is no Chromium or no Playwright;
    else Playwright's sync API."""
    import pytest

    if not CHROMIUM:
        pytest.skip(NO_CHROMIUM, allow_module_level=module_level)
    return pytest.importorskip("playwright.sync_api")


def served_store(tmp_path_factory, name: str):
    """A module fixture's body: the app served over a new store in a folder of its own; yields
    (URL, store path)."""
    needs_browser()
    db = tmp_path_factory.mktemp(name) / "app.db"
    with serve_app(db) as url:
        yield url, db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_app(db: Path, log: Path | None = None, start: str = "python"):
    """``python app.py`` (as the README starts it; ``start="streamlit"``: ``streamlit run app.py``) on the
    store ``db``; yields its URL once it answers, stops it after."""
    port = free_port()
    env = dict(os.environ, MEDNOTICE_DB=str(db))
    out = open(log, "wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, *(["-m", "streamlit", "run"] if start == "streamlit" else []), str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        if log:
            out.close()


def launch(playwright):
    """Debian's Chromium, as the tests run it."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
