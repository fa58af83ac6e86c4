"""The app shows a notice's words, and what researchers type, as text: never as Markdown that links,
fetches or runs anything.

The store holds a hostile notice: its title, section titles, sentences, file name and 文号, and a
correction's note and author, carry a Markdown image and link, raw HTML, an autolink, bare web and
e-mail addresses, a script, a formula, a Streamlit directive and an emoji code, the addresses pointing at
127.0.0.1:PORT (the discard port 9 where nothing is fetched).

1. streamlit.testing: every page is run; every text the page hands to Markdown (bodies, headings,
   alerts, captions, widget and expander labels) holds none of them live — escaped, broken by an
   invisible word joiner, or inside one raw HTML block of escaped text.
2. Chromium (Playwright): every page is opened, its expanders and its notice picker opened, with a
   listener on every request of the browser context and a tiny HTTP server on PORT: the server
   receives nothing, no request goes to PORT, and no <a href>/<img src> in the DOM names it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from apptest import run_page  # noqa: E402


def payload(port: int) -> str:
    """Everything that would fetch, link, run or restyle in Markdown, aimed at 127.0.0.1:port."""
    host = f"127.0.0.1:{port}"
    return (f"![x](http://{host}/pixel.png) [点我](http://{host}/x) <img src=http://{host}/i.png> "
            f"<http://{host}/a> www.example.invalid x@example.invalid <script>alert(1)</script> $x$ :red[text] :smile:")


PROVINCE = """河南省医疗保障局
关于做好2024年城乡居民基本医疗保障工作的通知
豫医保发〔2024〕5号
各省辖市医疗保障局：
一、筹资标准。2024年全省居民医保人均财政补助标准不低于670元，个人缴费标准达到每人每年400元。
"""
CITY_2023 = """洛阳市医疗保障局
关于做好2023年城乡居民基本医疗保障工作的通知
洛医保〔2023〕3号
各县（市、区）医疗保障局：
一、筹资标准。2023年全市居民医保人均财政补助标准达到640元，个人缴费标准为每人每年380元。
二、工作要求。各地要加强宣传。
"""


def hostile_text(bad: str) -> str:
    """Luoyang's 2024 notice (660 元: short of the province's 670, a finding on its page) with ``bad`` in its
    section titles and sentences."""
    return f"""洛阳市医疗保障局
关于做好2024年城乡居民基本医疗保障工作的通知
洛医保〔2024〕3号
各县（市、区）医疗保障局：
一、筹资标准{bad}
2024年全市居民医保人均财政补助标准达到660元{bad}，个人缴费标准为每人每年400元。
二、工作要求{bad}
各地要于2024年12月31日前完成集中征缴工作{bad}。
"""


@dataclass(frozen=True)
class Hostile:
    db: Path
    port: int
    province: int  # its 文号 is hostile: the city's finding names it
    city_2023: int
    city: int  # the hostile notice
    excluded: int  # excluded with a hostile reason
    parameter: str  # a parameter of the hostile notice whose sentence carries the payload

    @property
    def bad(self) -> str:
        return payload(self.port)


def _add(store, text: str, source: str, doc_number: str | None = None) -> int:
    """A notice read from ``text``, stored under the file name ``source`` (a name no file system allows, as a
    store made elsewhere may hold) and, when given, a 文号 the extractor would not have kept."""
    import hashlib

    from extractor.pipeline import from_raw
    from extractor.readers import RawText

    data = text.encode("utf-8")
    notice = from_raw(RawText(text=text, format="txt"), "x.txt", hashlib.sha256(data).hexdigest())
    documents = list(notice.documents)
    if doc_number is not None:
        documents[0] = documents[0].model_copy(update={"meta": documents[0].meta.model_copy(update={"doc_number": doc_number})})
    return store.add(notice.model_copy(update={"source": source, "documents": tuple(documents)}), data).notice_id


def hostile_store(db: Path, port: int) -> Hostile:
    """The store: the province, Luoyang 2023, the hostile Luoyang 2024, and Zhengzhou excluded; corrections
    by a hostile author with hostile notes, and a hostile title typed as a metadata correction."""
    from corpus.store import open_store

    bad = payload(port)
    store = open_store(str(db), create=True)
    province = _add(store, PROVINCE, "province.txt", f"豫医保发〔2024〕5号{bad}")
    city_2023 = _add(store, CITY_2023, "luoyang_2023.txt")
    city = _add(store, hostile_text(bad), f"{bad}.txt", f"洛医保〔2024〕3号{bad}")
    excluded = _add(store, CITY_2023.replace("洛阳", "郑州").replace("洛医保", "郑医保"), "zhengzhou_2023.txt")
    store.correct_metadata(city, 0, {"title": f"关于做好2024年城乡居民基本医疗保障工作的通知{bad}"}, note=bad, author=bad)
    contribution = next(p for p in store.parameters_of(city) if p["field"] == "contribution.individual")
    store.correct(city, contribution["id"], {"value": 410}, note=bad, author=bad)
    store.exclude(excluded, note=bad, author=bad)
    # Where the extractor ends a sentence (the payload's ! may end one) decides which figure's sentence has it.
    (carrying, *_) = [p for p in store.parameters_of(city) if f"[点我](http://127.0.0.1:{port}/x)" in p["sentence"]]
    store.engine.dispose()
    return Hostile(db, port, province, city_2023, city, excluded, carrying["id"])


# --- streamlit.testing ------------------------------------------------------------------------------

# Where Markdown (not raw HTML, not a code span) would make something live of the payload: a link or image
# whose target is not one of the app's own paths, raw HTML or an autolink, a bare address, a formula, a
# directive, emoji or icon.  A character is Markdown's own unless an odd run of backslashes stands before it.
UNESCAPED = r"(?<!\\)(?:\\\\)*"
LIVE_IN_MARKDOWN = {
    "link or image": re.compile(UNESCAPED + r"\]\((?!/)"),
    "raw HTML or autolink": re.compile(UNESCAPED + r"<[A-Za-z/!?]"),
    "bare address": re.compile(r"(?i)\b(?:https?|mailto)\\?:(?!\u2060)|\bwww\.|[\w.+-]@[\w-]"),
    "formula": re.compile(UNESCAPED + r"\$"),
    "directive, emoji or icon": re.compile(UNESCAPED + r":(?!\s|$)"),
}
# A code span is shown as it is: Markdown reads nothing in it; a blank line ends its paragraph, and it with it.
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)*?(?<!`)\1(?!`)", re.S)
# Elements of raw HTML that load or embed something (the panel's own <style> holds no address); attributes
# that name an address.
LOADING = {"img", "script", "iframe", "object", "embed", "link", "video", "audio", "source", "svg", "math"}
ADDRESSING = {"href", "src", "srcset", "action", "formaction", "poster", "data", "background"}


class _Tags(HTMLParser):
    """The tags of one raw HTML block, and the addresses its attributes name."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.addresses: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.addresses.extend(value or "" for name, value in attrs if name in ADDRESSING)


def live_in_html(text: str) -> list[str]:
    """What a raw HTML block would load or link elsewhere than the app: a loading element, or an address
    that is not one of the app's paths."""
    tags = _Tags()
    tags.feed(text)
    tags.close()
    return ([f"<{t}>" for t in tags.tags if t in LOADING]
            + [f"address {a!r}" for a in tags.addresses if not a.startswith(("/", "#"))])


def markdown_texts(at) -> list[tuple[str, str, bool]]:
    """Every text the page hands to Markdown: (what it is, the text, whether raw HTML is allowed in it)."""
    from streamlit.testing.v1.element_tree import (
        AlertBase,
        Block,
        HeadingBase,
        Image,
        Markdown,
        Metric,
        Radio,
        Widget,
    )

    found = []

    def visit(node) -> None:
        if isinstance(node, Block):
            if getattr(node, "label", ""):
                found.append((f"{node.type} label", node.label, False))
            for child in node.children.values():
                visit(child)
            return
        if isinstance(node, Markdown):
            found.append((node.type, node.value, bool(node.proto.allow_html)))
        elif isinstance(node, (HeadingBase, AlertBase)):
            found.append((node.type, node.value, False))
        elif isinstance(node, Image):
            found.extend((f"{node.type} caption", caption, False) for caption in node.captions)
        if isinstance(node, (Widget, Metric)) and getattr(node.proto, "label", ""):
            found.append((f"{node.type} label", node.proto.label, False))
        if isinstance(node, Radio):
            found.extend((f"{node.type} option", option, False) for option in node.proto.options)

    visit(at._tree)
    return found


def live_parts(texts: list[tuple[str, str, bool]]) -> list[str]:
    """What in those texts Markdown would make live, one line each (empty: nothing)."""
    faults = []
    for what, text, html in texts:
        if html:
            if not text.startswith("<div") or "\n" in text or "\r" in text:
                faults.append(f"{what}: not one raw HTML block: {text[:80]!r}")
            faults.extend(f"{what}: {live}" for live in live_in_html(text))
            continue
        text = CODE_SPAN.sub("", text)
        for kind, pattern in LIVE_IN_MARKDOWN.items():
            faults.extend(f"{what}: {kind} {m.group()!r} in {text[max(0, m.start() - 40):m.end() + 40]!r}"
                          for m in pattern.finditer(text))
    return faults


@pytest.fixture()
def hostile(app_env) -> Hostile:
    """The hostile store as the app's store (not empty: the app does not ingest the bundled corpus)."""
    import os

    return hostile_store(Path(os.environ["MEDNOTICE_DB"]), 9)


# (case, page, its URL parameters); {name} is the Hostile field of that name.
PAGES = [
    ("corpus", "corpus_page", {}),
    ("panel", "panel_page", {"field": "subsidy.per_capita"}),
    ("compare", "compare_page", {"n": "{city}.0,{province}.0,{city_2023}.0"}),
    ("trends", "trends_page", {"field": "subsidy.per_capita"}),
    ("notice-selected-parameter", "notice_page", {"id": "{city}.0", "p": "{parameter}"}),
    ("notice-of-the-province", "notice_page", {"id": "{province}.0"}),
    ("notice-excluded", "notice_page", {"id": "{excluded}.0"}),
    ("diff", "diff_page", {"a": "{city_2023}.0", "b": "{city}.0", "same": "1"}),
    ("diff-with-the-province", "diff_page", {"a": "{city}.0", "b": "{province}.0", "same": "1"}),
    ("upload", "upload_page", {}),
    ("link-naming-nothing", "notice_page", {"id": "{bad}", "p": "{bad}"}),  # a link someone sent
    ("link-with-a-blank-line", "notice_page", {"id": "{city}.0\n\n{bad}"}),  # would end the warning's code span
]


def _params(params: dict, hostile: Hostile) -> dict:
    fields = {name: getattr(hostile, name) for name in ("province", "city_2023", "city", "excluded", "parameter", "bad")}
    return {key: value.format(**fields) for key, value in params.items()}


@pytest.mark.parametrize("page, params", [case[1:] for case in PAGES], ids=[case[0] for case in PAGES])
def test_no_page_hands_a_notice_word_to_markdown_live(hostile, page, params):
    at = run_page(page, **_params(params, hostile))
    assert live_parts(markdown_texts(at)) == []


@pytest.mark.parametrize("page, params, shown", [
    # The payload reaches the page (as text), so that the test above is not vacuous.
    ("notice_page", {"id": "{city}.0", "p": "{parameter}"}, ["title", "markdown", "info", "error"]),
    ("diff_page", {"a": "{city_2023}.0", "b": "{city}.0", "same": "1"}, ["markdown"]),
    ("compare_page", {"n": "{city}.0,{province}.0"}, ["markdown"]),
], ids=["notice", "diff", "compare"])
def test_the_hostile_words_are_shown_as_text(hostile, page, params, shown):
    at = run_page(page, **_params(params, hostile))
    carrying = {what for what, text, _ in markdown_texts(at) if "点我" in text}
    assert set(shown) <= carrying


def test_the_notice_text_is_one_escaped_html_block(hostile):
    at = run_page("notice_page", id=f"{hostile.city}.0")
    (text,) = [m.value for m in at.markdown if m.value.startswith('<div style="line-height')]
    assert f"&lt;img src=http://127.0.0.1:{hostile.port}/i.png&gt;" in text and "&lt;script&gt;" in text
    assert f"[点我](http://127.0.0.1:{hostile.port}/x)" in text  # inside raw HTML: Markdown does not read it
    (title,) = [t.value for t in at.title]
    assert "\\[点我\\]" in title and "<" not in title.replace("\\<", "")


@pytest.mark.parametrize("widget, typed", [
    ("meta.title", "新标题 {bad}"),  # a correction's outcome quotes what was typed, and the old title
    ("meta.region", "{bad}"),  # the store's one-line error quotes what was typed
    ("meta.doc_number", "{bad}"),
], ids=["title", "region", "doc_number"])
def test_what_a_researcher_types_comes_back_as_text(hostile, widget, typed):
    at = run_page("notice_page", id=f"{hostile.city}.0")
    at.text_input(key=widget).set_value(typed.format(bad=hostile.bad))
    at.button(key="meta.save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    messages = [(m.type, m.value, False) for m in [*at.success, *at.error]]
    assert messages and any("点我" in text for _, text, _ in messages)
    assert live_parts(markdown_texts(at)) == []


def test_a_pdf_page_is_captioned_with_its_file_name_as_text(app_env, tmp_path):
    import os

    import conversions
    from corpus.store import open_store
    from extractor.pipeline import extract_bytes

    pdf = conversions.write_pdf(CITY_2023, tmp_path / "luoyang.pdf", conversions.find_cjk_font())
    data = pdf.read_bytes()
    notice = extract_bytes(data, pdf.name)
    store = open_store(os.environ["MEDNOTICE_DB"], create=True)
    stored = store.add(notice.model_copy(update={"source": f"{payload(9)}.pdf"}), data).notice_id
    at = run_page("notice_page", id=f"{stored}.0")
    captions = [text for what, text, _ in markdown_texts(at) if what == "image caption"]
    assert len(captions) == 1 and "点我" in captions[0]
    assert live_parts(markdown_texts(at)) == []


# --- in Chromium ------------------------------------------------------------------------------------

BROWSER_PAGES = [
    ("corpus", "corpus", {}),
    ("panel", "panel", {"field": "subsidy.per_capita"}),
    ("compare", "compare", {"n": "{city}.0,{province}.0,{city_2023}.0"}),
    ("trends", "trends", {"field": "subsidy.per_capita"}),
    ("notice-selected-parameter", "notice", {"id": "{city}.0", "p": "{parameter}"}),
    ("notice-excluded", "notice", {"id": "{excluded}.0"}),
    ("diff", "diff", {"a": "{city_2023}.0", "b": "{city}.0", "same": "1"}),
    ("upload", "upload", {}),
    ("link-naming-nothing", "notice", {"id": "{bad}"}),
    ("link-with-a-blank-line", "notice", {"id": "{city}.0\n\n{bad}"}),
]


@pytest.fixture(scope="module")
def pixel():
    """A tiny HTTP server on a free port: (its port, the paths it was asked for)."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(204)
            self.end_headers()

        do_HEAD = do_POST = do_GET

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], asked
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory, pixel):
    """The app on the hostile store aimed at the pixel server: (its URL, the store)."""
    from browser import needs_browser, serve_app

    needs_browser()
    folder = tmp_path_factory.mktemp("hostile")
    hostile = hostile_store(folder / "app.db", pixel[0])
    with serve_app(hostile.db, log=folder / "server.log") as url:
        yield url, hostile


@pytest.fixture(scope="module")
def chromium(hostile_app):
    from browser import launch

    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        handle = launch(p)
        yield handle
        handle.close()


def _open(chromium, url: str, requests: list[str]):
    """A page of a new context (no session) whose every request is recorded, once the app has run."""
    from test_app_state_browser import RUN_TIMEOUT, settle

    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.set_default_timeout(RUN_TIMEOUT)
    page.goto(url, wait_until="networkidle")
    settle(page)
    return context, page


def _open_everything(page) -> None:
    """Every expander opened, and the notice picker's list shown (its options are notices' names)."""
    from test_app_state_browser import settle

    expanders = page.locator("[data-testid=stExpander] details")
    for i in range(expanders.count()):
        if expanders.nth(i).get_attribute("open") is None:
            expanders.nth(i).locator("summary").first.click()
    settle(page)
    picker = page.get_by_role("combobox", name=re.compile("通知 Notice"))
    if picker.count():
        picker.first.click()
        page.wait_for_timeout(500)


def _pointing_at(page, port: int) -> list[str]:
    """Attributes in the DOM that link to or load from the port, or from the payload's other addresses."""
    return page.evaluate(
        """(port) => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
            .filter(a => ['href', 'src', 'srcset', 'data', 'poster', 'action', 'formaction', 'background',
                          'xlink:href'].includes(a.name))
            .filter(a => [':' + port, 'example.invalid', 'pixel.png'].some(bad => a.value.includes(bad)))
            .map(a => `<${e.tagName.toLowerCase()} ${a.name}="${a.value}">`))""",
        port,
    )


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("path, params", [case[1:] for case in BROWSER_PAGES], ids=[case[0] for case in BROWSER_PAGES])
def test_no_page_fetches_or_links_what_a_notice_names(hostile_app, chromium, pixel, path, params):
    from urllib.parse import urlencode

    url, hostile = hostile_app
    port, asked = pixel
    requests: list[str] = []
    context, page = _open(chromium, f"{url}/{path}?{urlencode(_params(params, hostile))}", requests)
    try:
        _open_everything(page)
        page.wait_for_timeout(1000)  # an image the page would load has time to ask for it
        pointing = _pointing_at(page, port)
        shown = page.inner_text("body")
        if path in ("notice", "diff"):
            assert "点我" in shown, "the hostile words are not on the page at all"
        assert not page.evaluate("[...document.scripts].some(s => s.textContent.includes('alert(1)'))")
    finally:
        context.close()
    assert _to_payload_hosts(requests, port) == []
    assert pointing == []
    assert asked == []


def _to_payload_hosts(requests: list[str], port: int) -> list[str]:
    """The requests that went to an address of the payload (a link to the app may carry it in its query)."""
    from urllib.parse import urlsplit

    return [r for r in requests if urlsplit(r).port == port or (urlsplit(r).hostname or "").endswith("example.invalid")
            or urlsplit(r).path.endswith("pixel.png")]


@pytest.mark.browser
@pytest.mark.slow
def test_an_uploaded_file_named_as_markdown_is_named_as_text(hostile_app, chromium, pixel):
    url, _ = hostile_app
    port, asked = pixel
    name = f"![x](pixel.png)[点我](http:evil.example)<img src=pixel.png>:{port}.txt"
    requests: list[str] = []
    context, page = _open(chromium, f"{url}/upload", requests)
    try:
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
            [{"name": name, "mimeType": "text/plain", "buffer": PROVINCE.encode("utf-8")}])
        page.get_by_role("button", name=re.compile("Ingest")).click()
        page.get_by_text(re.compile("点我")).first.wait_for()
        page.wait_for_timeout(1000)
        pointing = _pointing_at(page, port)
    finally:
        context.close()
    assert [r for r in requests if "evil.example" in r] == []
    assert _to_payload_hosts(requests, port) == []
    assert pointing == []
    assert asked == []
