"""Every pick sticks and every link reproduces its view, in a real headless Chromium (Debian's, driven
by Playwright).

For each page, values are picked one by one in its selectboxes and multiselects, waiting for the
app's rerun after each; every pick must still show in its widget after the reruns that follow, and
sit in the URL.  The URL is then opened in a new browser context (a colleague opening the link: no
cookies, no session) and must show the same widget values.  Links that name nothing must give a
visible message and a usable page, never a traceback.

Widgets are found by the words of their label, so that the pages can be laid out anew.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

from browser import launch, needs_browser, serve_app  # noqa: E402

sync_api = needs_browser(module_level=True)

ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT = 60_000  # ms; a first run loads pandas, spaCy's vocabulary, the gazetteer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a store of its own holding the bundled corpus (ingested before the server starts, so
    that no page waits for it)."""
    from corpus.ingest import ingest
    from corpus.store import open_store

    folder = tmp_path_factory.mktemp("app_state")
    db = folder / "app.db"
    list(ingest(open_store(str(db), create=True), [ROOT / "corpus" / "samples"]))
    with serve_app(db, log=folder / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser(server):
    with sync_api.sync_playwright() as p:
        handle = launch(p)
        yield handle
        handle.close()


@pytest.fixture()
def open_view(browser):
    """``open_view(url)`` → a page of a new browser context (no cookies, no session: a colleague
    opening the link), once the app has run."""
    contexts = []

    def open_(url: str):
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(RUN_TIMEOUT)
        page.goto(url, wait_until="networkidle")
        settle(page)
        return page

    yield open_
    for context in contexts:
        context.close()


# --- the app's state ------------------------------------------------------------------------------

def settle(page) -> None:
    """Waits until the app is connected and its script has finished, and stays finished a moment
    (a widget change can start a second run right after the first)."""
    ready = "[data-testid=stApp][data-test-connection-state=CONNECTED][data-test-script-state=notRunning]"
    for _ in range(2):
        page.wait_for_selector(ready, state="attached", timeout=RUN_TIMEOUT)
        page.wait_for_timeout(300)
    page.wait_for_selector(ready, state="attached", timeout=RUN_TIMEOUT)


def query(page) -> dict[str, str]:
    """The page's URL parameters, decoded."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def after_rerun(page, action, param: str) -> None:
    """Does ``action`` (a pick), then waits until the app has rerun: its URL parameter ``param``
    changed (the app writes every widget's value there on each run) and the script finished."""
    before = query(page).get(param)
    action()
    try:
        page.wait_for_function(
            "([name, before]) => new URLSearchParams(location.search).get(name) !== before",
            arg=[param, before], timeout=RUN_TIMEOUT,
        )
    except sync_api.TimeoutError:
        pytest.fail(f"the pick did not reach the URL: {param} stayed {before!r} ({page.url})")
    settle(page)


def label(words: str) -> re.Pattern:
    """A widget's label by its words, whatever stands around them: 'First' finds '第一份（旧）First (old)'."""
    return re.compile(rf"(^|\W){re.escape(words)}(\W|$)")


def combobox(page, words: str):
    box = page.get_by_role("combobox", name=label(words))
    assert box.count() == 1, f"{box.count()} comboboxes named {words!r}"
    return box


def multiselect(page, words: str):
    return page.locator("[data-testid=stMultiSelect]").filter(has=combobox(page, words))


def selectbox_value(page, words: str) -> str:
    return combobox(page, words).input_value()


def multiselect_values(page, words: str) -> list[str]:
    return [tag.get_attribute("aria-label") for tag in multiselect(page, words).locator("[data-tag]").all()]


def slider_thumbs(page, words: str):
    """The range inputs (one a thumb) of the slider labelled ``words``."""
    widget = page.locator("[data-testid=stSlider]").filter(has=page.get_by_role("group", name=label(words)))
    return widget.locator("input[type=range]")


def slider_values(page, words: str) -> list[str]:
    return [thumb.input_value() for thumb in slider_thumbs(page, words).all()]


def radio_value(page, words: str) -> str:
    group = page.get_by_role("radiogroup", name=label(words))
    return group.locator("label:has(input:checked)").inner_text().strip()


def options(page, words: str) -> list[str]:
    """The options a selectbox or multiselect offers now (a multiselect leaves out those picked)."""
    box = combobox(page, words)
    box.click()
    listbox = page.get_by_role("listbox").first
    listbox.wait_for()
    names = [o.inner_text().strip() for o in listbox.get_by_role("option").all()]
    page.keyboard.press("Escape")
    listbox.wait_for(state="hidden")
    return [n for n in names if n]


def pick(page, words: str, option: str, param: str) -> None:
    """Picks ``option`` in the selectbox or multiselect labelled ``words`` (typing it to filter the
    list, then clicking it), and waits for the rerun."""

    def action():
        box = combobox(page, words)
        box.click()
        box.fill(option)
        page.get_by_role("option", name=option, exact=True).first.click()
        if box.get_attribute("aria-expanded") == "true":
            page.keyboard.press("Escape")  # a multiselect keeps its list open

    after_rerun(page, action, param)


def assert_clean(page) -> None:
    """No traceback, no exception box and no path of the server in the page."""
    text = page.inner_text("body")
    assert "Traceback" not in text
    assert str(ROOT) not in text and "site-packages" not in text and ".py\"" not in text
    assert page.locator("[data-testid=stException]").count() == 0


def warnings_text(page) -> str:
    return " ".join(a.inner_text() for a in page.locator("[data-testid=stAlert]").all())


# --- picks stick, links reproduce ------------------------------------------------------------------

def test_corpus_picks_stick_and_the_link_reproduces_them(server, open_view):
    page = open_view(f"{server}/corpus")
    assert page.get_by_role("heading", name="语料 Corpus").is_visible()
    assert selectbox_value(page, "Province") == "全部 All"  # no filter, said in words
    assert_clean(page)
    for level in ["county", "province", "city"]:
        pick(page, "Level", level, "level")
        assert selectbox_value(page, "Level") == level and query(page)["level"] == level
    for province in ["山西省", "河南省", "河北省"]:
        pick(page, "Province", province, "province")
        assert selectbox_value(page, "Province") == province and query(page)["province"] == province
        assert selectbox_value(page, "Level") == "city"  # the earlier pick stays
    for city in ["秦皇岛市", "邢台市", "秦皇岛市"]:  # the cities of 河北省
        pick(page, "City", city, "city")
        assert selectbox_value(page, "City") == city and query(page)["city"] == city
        assert selectbox_value(page, "Province") == "河北省"

    search = page.get_by_role("textbox", name=label("Search"))
    after_rerun(page, lambda: (search.fill("医疗保障"), search.press("Enter")), "q")
    assert query(page)["q"] == "医疗保障"

    first, last = (int(v) for v in slider_values(page, "Years"))
    start = slider_thumbs(page, "Years").first
    after_rerun(page, lambda: (start.focus(), page.keyboard.press("ArrowRight"), page.keyboard.press("ArrowRight")),
                "years")
    # Each key press may be a run of its own: the second one's.
    page.wait_for_function("y => new URLSearchParams(location.search).get('years') === y", arg=f"{first + 2}-{last}")
    settle(page)
    assert slider_values(page, "Years") == [str(first + 2), str(last)]
    assert query(page)["years"] == f"{first + 2}-{last}"

    view = {"province": "河北省", "city": "秦皇岛市", "level": "city", "q": "医疗保障", "years": f"{first + 2}-{last}"}
    assert {k: query(page).get(k) for k in view} == view
    shown = {w: selectbox_value(page, w) for w in ("Province", "City", "Level")}
    caption = page.get_by_text(re.compile(r"^\d+ documents$")).inner_text()
    assert shown == {"Province": "河北省", "City": "秦皇岛市", "Level": "city"}

    again = open_view(page.url)
    assert {w: selectbox_value(again, w) for w in ("Province", "City", "Level")} == shown
    assert again.get_by_role("textbox", name=label("Search")).input_value() == "医疗保障"
    assert slider_values(again, "Years") == [str(first + 2), str(last)]
    assert again.get_by_text(re.compile(r"^\d+ documents$")).inner_text() == caption
    assert {k: query(again).get(k) for k in view} == view
    assert_clean(again)


def test_compare_picks_stick_and_the_link_reproduces_them(server, open_view):
    page = open_view(f"{server}/compare")
    assert radio_value(page, "Choose") == "通知 Notices"
    chosen = multiselect_values(page, "Notices")
    for _ in range(3):
        offered = [o for o in options(page, "Notices") if o not in chosen]
        pick(page, "Notices", offered[1], "n")
        chosen.append(offered[1])
        assert multiselect_values(page, "Notices") == chosen
        assert len(query(page)["n"].split(",")) == len(chosen)
    page.locator("[data-testid=stDataFrame]").first.wait_for()

    baselines = []
    for position in (2, 4, 1):
        target = options(page, "Baseline")[position]
        pick(page, "Baseline", target, "base")
        baselines.append(target)
        assert selectbox_value(page, "Baseline") == target
        assert multiselect_values(page, "Notices") == chosen  # the notices stay
    assert query(page)["base"] in query(page)["n"].split(",")

    again = open_view(page.url)
    assert radio_value(again, "Choose") == "通知 Notices"
    assert multiselect_values(again, "Notices") == chosen
    assert selectbox_value(again, "Baseline") == baselines[-1]
    again.locator("[data-testid=stDataFrame]").first.wait_for()
    assert_clean(again)

    # Regions × years
    after_rerun(page, lambda: page.get_by_role("radiogroup", name=label("Choose"))
                .get_by_text(re.compile("Regions × years")).click(), "by")
    assert query(page)["by"] == "region"
    regions = []
    for _ in range(3):
        offered = options(page, "Regions")
        target = next(o for o in offered if o.startswith(("河南", "河北", "山西")) and o not in regions)
        pick(page, "Regions", target, "regions")
        regions.append(target)
        assert multiselect_values(page, "Regions") == regions
    years = []
    for target in ["2023", "2020", "2017"]:
        pick(page, "Years", target, "years")
        years.append(target)
        assert multiselect_values(page, "Years") == years
        assert multiselect_values(page, "Regions") == regions
    assert query(page)["years"] == "2023,2020,2017"
    assert query(page)["regions"].split(",") == regions
    base = options(page, "Baseline")[-1]
    pick(page, "Baseline", base, "base")
    assert selectbox_value(page, "Baseline") == base

    again = open_view(page.url)
    assert radio_value(again, "Choose") == "地区×年度 Regions × years"
    assert multiselect_values(again, "Regions") == regions
    assert multiselect_values(again, "Years") == years
    assert selectbox_value(again, "Baseline") == base
    assert_clean(again)


def test_notice_picks_stick_and_the_link_reproduces_them(server, open_view):
    page = open_view(f"{server}/notice")
    offered = options(page, "Notice")
    for target in (offered[2], offered[4], offered[6]):
        pick(page, "Notice", target, "id")
        assert selectbox_value(page, "Notice") == target
    key = query(page)["id"]
    assert re.fullmatch(r"\d+\.\d+", key)
    title = page.get_by_role("heading").first.inner_text()

    again = open_view(page.url)
    assert selectbox_value(again, "Notice") == offered[6]
    assert query(again)["id"] == key
    assert again.get_by_role("heading").first.inner_text() == title
    assert_clean(again)


def test_section_diff_picks_stick_and_the_link_reproduces_them(server, open_view):
    page = open_view(f"{server}/diff")
    offered = options(page, "First")
    for target in (offered[3], offered[0], offered[2]):
        pick(page, "First", target, "a")
        assert selectbox_value(page, "First") == target
    for target in (offered[5], offered[1], offered[4]):
        pick(page, "Second", target, "b")
        assert selectbox_value(page, "Second") == target
        assert selectbox_value(page, "First") == offered[2]
    again = open_view(page.url)
    assert selectbox_value(again, "First") == offered[2]
    assert selectbox_value(again, "Second") == offered[4]
    assert (query(again)["a"], query(again)["b"]) == (query(page)["a"], query(page)["b"])
    assert_clean(again)


def test_trends_picks_stick_and_the_link_reproduces_them(server, open_view):
    page = open_view(f"{server}/trends")
    for field in ["contribution.individual", "subsidy.central", "subsidy.per_capita"]:
        def action(field=field):
            box = combobox(page, "Field")
            box.click()
            box.fill(field)
            page.get_by_role("option").filter(has_text=field).first.click()

        after_rerun(page, action, "field")
        assert field in selectbox_value(page, "Field")
        assert query(page)["field"] == field
    page.locator("[data-testid=stVegaLiteChart]").first.wait_for()
    shown = selectbox_value(page, "Field")

    again = open_view(page.url)
    assert selectbox_value(again, "Field") == shown
    again.locator("[data-testid=stVegaLiteChart]").first.wait_for()
    assert_clean(again)


# --- links that name nothing -----------------------------------------------------------------------

def test_a_bad_years_link_on_corpus_says_so_and_shows_every_year(server, open_view):
    page = open_view(f"{server}/corpus?years=abc")
    assert "years=abc" in warnings_text(page)
    page.locator("[data-testid=stDataFrame]").first.wait_for()
    first, last = slider_values(page, "Years")
    assert int(first) < int(last)
    assert query(page)["years"] == f"{first}-{last}"  # the URL now says what is shown
    assert_clean(page)


def test_a_stale_notice_link_says_so_and_shows_a_notice(server, open_view):
    page = open_view(f"{server}/notice?id=99.7")
    assert "id=99.7" in warnings_text(page)
    assert selectbox_value(page, "Notice")
    assert re.fullmatch(r"\d+\.\d+", query(page)["id"]) and query(page)["id"] != "99.7"
    assert page.get_by_role("heading").first.inner_text()
    assert_clean(page)


def test_an_unknown_field_link_on_trends_says_so_and_shows_the_default(server, open_view):
    page = open_view(f"{server}/trends?field=no.such")
    assert "field=no.such" in warnings_text(page)
    assert "subsidy.per_capita" in selectbox_value(page, "Field")
    assert query(page)["field"] == "subsidy.per_capita"
    assert_clean(page)


def test_a_compare_link_naming_a_removed_notice_keeps_the_others(server, open_view):
    page = open_view(f"{server}/compare?n=1.0,99.0&other=abc")
    message = warnings_text(page)
    assert "99.0" in message and "1.0," in message
    assert "other=abc" in message  # a checkbox's value that is neither 1 nor 0
    assert len(multiselect_values(page, "Notices")) == 1
    assert query(page)["n"] == "1.0"
    page.locator("[data-testid=stDataFrame]").first.wait_for()
    assert_clean(page)


def test_a_link_cannot_put_markdown_into_the_warning(server, open_view):
    """A link's value is shown as text: an image in it is not fetched, a link in it not made."""
    page = open_view(f"{server}/notice?id=" + "![x](http://127.0.0.1:9/x.png)")
    alert = page.locator("[data-testid=stAlert]").first
    assert "![x](http://127.0.0.1:9/x.png)" in alert.inner_text()
    assert alert.locator("img").count() == 0 and alert.locator("a").count() == 0
    assert_clean(page)


def test_corpus_has_its_own_address(server, open_view):
    page = open_view(f"{server}/corpus?province=河北省")
    assert "Page not found" not in page.inner_text("body")
    assert page.get_by_role("heading", name="语料 Corpus").is_visible()
    assert selectbox_value(page, "Province") == "河北省"
    assert page.get_by_role("link", name="语料 Corpus").first.get_attribute("href").endswith("/corpus")
    root = open_view(f"{server}/")
    assert root.get_by_role("heading", name="语料 Corpus").is_visible()
    assert "Page not found" not in root.inner_text("body")
