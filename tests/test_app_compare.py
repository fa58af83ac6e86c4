"""The Compare and 版本对照 (section diff) pages, run with streamlit.testing on a store of a few
notices (and, marked browser + slow, in a real headless Chromium)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from apptest import run_page  # noqa: E402

from test_views import HENAN_2024, LUOYANG_2023, LUOYANG_2024, NO_SECTIONS_2021, NO_SECTIONS_2022  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
GREEN, RED, YELLOW = "#bbf7d0", "#fecaca", "#fde68a"


def fill(tmp_path, **texts) -> dict[str, str]:
    """The notices into the app's store before its first start (so that it does not take in the
    bundled corpus): name → the key the pages use, "N.0"."""
    from corpus.ingest import ingest
    from corpus.store import open_store

    store = open_store(os.environ["MEDNOTICE_DB"], create=True)
    keys = {}
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        (outcome,) = list(ingest(store, [path]))
        keys[name] = f"{outcome.notice_id}.0"
    return keys


def colours(element) -> dict[tuple[int, int], str]:
    """(row, column position) → background colour, from the Styler's CSS the dataframe carries."""
    out = {}
    for rule in element.proto.arrow_data.styler.styles.split("\n"):
        match = re.search(r"background-color: (#[0-9a-f]{6})", rule)
        if match:
            for row, col in re.findall(r"_row(\d+)_col(\d+)", rule):
                out[(int(row), int(col))] = match.group(1)
    return out


def test_a_year_over_year_compare_of_equal_values_shows_no_difference_and_marks_new_rows(app_env, tmp_path):
    keys = fill(tmp_path, new=LUOYANG_2024, old=LUOYANG_2023)
    at = run_page("compare_page", n=f"{keys['new']},{keys['old']}")
    element = at.dataframe[0]
    table = element.value
    old, new = "河南省洛阳市 2023 · 洛医保〔2023〕3号", "河南省洛阳市 2024 · 洛医保〔2024〕3号"
    assert list(table.columns[:4]) == ["字段", old, new, "状态 Status"]  # by region, then year
    assert list(element.proto.column_order) == ["字段", old, new, "状态 Status"]  # field id and scope kept, not shown
    assert at.query_params["base"] == keys["old"]  # the first column is the baseline
    rows = {field: i for i, field in enumerate(table["field"])}
    painted = colours(element)
    contribution = table.iloc[rows["contribution.individual"]]
    assert (contribution["字段"], contribution[old], contribution[new], contribution["状态 Status"]) == (
        "个人缴费标准", "380 元", "380 元", "相同 same")
    assert not any(row == rows["contribution.individual"] for row, _ in painted)  # 2023 and 2024: no colour
    subsidy = rows["subsidy.per_capita"]
    assert (table.iloc[subsidy][old], table.iloc[subsidy][new], table.iloc[subsidy]["状态 Status"]) == ("", "达到 670 元", "新增 new")
    assert painted[(subsidy, 2)] == GREEN and painted[(subsidy, 3)] == GREEN
    gone = rows["enrollment.payment_period"]
    assert (table.iloc[gone][new], table.iloc[gone]["状态 Status"]) == ("—", "消失 gone")
    assert painted[(gone, 2)] == RED and YELLOW not in painted.values()
    links = [m.value for m in at.markdown if "/notice?id=" in m.value][0]
    assert f"href='/notice?id={keys['old']}'" in links and f"href='/notice?id={keys['new']}'" in links
    # The other way round: against 2024 the subsidy is gone from 2023 and the payment period is new.
    flipped = run_page("compare_page", n=f"{keys['new']},{keys['old']}", base=keys["new"]).dataframe[0].value
    assert flipped.set_index("field")["状态 Status"].to_dict() == {
        "subsidy.per_capita": "消失 gone", "contribution.individual": "相同 same", "enrollment.payment_period": "新增 new"}


def test_only_the_rows_that_differ(app_env, tmp_path):
    keys = fill(tmp_path, old=LUOYANG_2023, new=LUOYANG_2024)
    at = run_page("compare_page", n=f"{keys['old']},{keys['new']}", diff="1")
    assert set(at.dataframe[0].value["field"]) == {"subsidy.per_capita", "enrollment.payment_period"}
    assert at.query_params["diff"] == "1"


def test_every_value_of_a_field_and_scope_is_in_its_cell(app_env, tmp_path):
    keys = fill(tmp_path, qingcheng=(ROOT / "corpus" / "samples" / "68_qingcheng_2016.txt").read_text("utf-8"))
    at = run_page("compare_page", n=keys["qingcheng"], row="contribution.individual|")
    table = at.dataframe[0].value
    assert table.set_index("field").loc["contribution.individual"].iloc[1] == "120 元 · 130 元"
    assert [b.label for b in at.get("download_button")] == ["CSV", "XLSX"]
    evidence = at.dataframe[1].value  # the evidence of the row the URL names: both sentences, each linked
    assert len(evidence) == 2 and all(re.fullmatch(rf"/notice\?id={keys['qingcheng']}&p=\w+", link) for link in evidence["链接 Link"])
    assert at.query_params["row"] == "contribution.individual|"


def test_picks_stick_one_by_one_and_are_in_the_url(app_env, tmp_path):
    keys = fill(tmp_path, old=LUOYANG_2023, new=LUOYANG_2024, henan=HENAN_2024)
    at = run_page("compare_page")
    notices = next(m for m in at.multiselect if m.label == "通知 Notices")
    notices.set_value([]).run()
    picked = []
    for name in ("henan", "old", "new"):
        next(m for m in at.multiselect if m.label == "通知 Notices").select(keys[name]).run()
        picked.append(keys[name])
        assert next(m for m in at.multiselect if m.label == "通知 Notices").value == picked
        assert at.query_params["n"] == ",".join(picked)
    assert list(at.dataframe[0].value.columns[1:5]) == [
        "河南省 2024 · 豫医保发〔2024〕5号", "河南省洛阳市 2023 · 洛医保〔2023〕3号", "河南省洛阳市 2024 · 洛医保〔2024〕3号", "状态 Status"]
    next(r for r in at.radio if r.label == "选择 Choose").set_value("region").run()
    regions = []
    for region in ("河南省洛阳市", "河南省"):
        next(m for m in at.multiselect if m.label == "地区 Regions").select(region).run()
        regions.append(region)
        assert at.query_params["regions"] == ",".join(regions)
    next(m for m in at.multiselect if m.label == "年度 Years").select(2024).run()
    assert at.query_params["years"] == "2024" and at.query_params["by"] == "region"
    assert list(at.dataframe[0].value.columns[1:3]) == ["河南省 2024 · 豫医保发〔2024〕5号", "河南省洛阳市 2024 · 洛医保〔2024〕3号"]


def test_section_diff_pairs_sections_and_colours_the_changed_words(app_env, tmp_path):
    keys = fill(tmp_path, old=LUOYANG_2023, new=LUOYANG_2024, henan=HENAN_2024)
    at = run_page("diff_page", a=keys["old"], b=keys["new"])
    assert at.title[0].value == "版本对照 Section diff"
    pairs = [m.value for m in at.markdown if "grid-template-columns" in m.value]
    contribution = next(p for p in pairs if "一/一 个人缴费" in p)
    assert re.search(r"<del [^>]*>2023年</del>", contribution) and re.search(r"<ins [^>]*>2024年</ins>", contribution)
    assert not any("<b>一 筹资标准</b>" in p for p in pairs)  # unchanged sections wait for the checkbox
    assert any("一/二 缴费期" in p and "<del" in p for p in pairs) and any("一/二 财政补助" in p and "<ins" in p for p in pairs)
    changed = at.dataframe[0].value
    assert set(changed["field"]) == {"subsidy.per_capita", "enrollment.payment_period"}  # 380 元 twice is no change
    link = changed.set_index("field").loc["subsidy.per_capita", "second_link"]
    assert re.fullmatch(rf"/notice\?id={keys['new']}&p=\w+", link)
    basis = [m.value for m in at.markdown if "依据 Implements" in m.value]
    assert any(f"href='/notice?id={keys['henan']}'" in b and "豫医保发〔2024〕5号" in b for b in basis)
    assert any("豫医保发〔2023〕5号: 不在库中 not in the store" in b for b in basis)
    # A parent shows its own text, not its children's.
    everything = run_page("diff_page", a=keys["old"], b=keys["new"], same="1")
    parent = next(m.value for m in everything.markdown if "<b>一 筹资标准</b>" in m.value)
    assert "一、筹资标准" in parent and "个人缴费" not in parent


def test_section_diff_of_notices_without_numbered_sections_is_the_whole_text(app_env, tmp_path):
    keys = fill(tmp_path, old=NO_SECTIONS_2021, new=NO_SECTIONS_2022)
    at = run_page("diff_page", a=keys["old"], b=keys["new"])
    (pair,) = [m.value for m in at.markdown if "grid-template-columns" in m.value]
    assert "全文 Full text" in pair
    assert re.search(r"<del [^>]*>280元</del>", pair) and re.search(r"<ins [^>]*>320元</ins>", pair)


def test_section_diff_shows_notice_text_as_text(app_env, tmp_path):
    hostile = LUOYANG_2024.replace("各县（市、区）要加强宣传", "<script>alert(1)</script><b>粗体</b>各县要加强宣传")
    keys = fill(tmp_path, old=LUOYANG_2023, new=hostile)
    at = run_page("diff_page", a=keys["old"], b=keys["new"])
    pair = next(m.value for m in at.markdown if "二 工作要求" in m.value)
    assert "<script" not in pair and "&lt;script&gt;alert(1)&lt;/script&gt;" in pair and "&lt;b&gt;粗体" in pair


# --- in a browser ---------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.slow
def test_three_notices_and_three_regions_picked_one_by_one_stick(tmp_path):
    import time

    from browser import launch, needs_browser, serve_app

    sync_api = needs_browser()
    from corpus.ingest import ingest
    from corpus.store import open_store

    db = tmp_path / "app.db"
    store = open_store(str(db), create=True)
    texts = {"old": LUOYANG_2023, "new": LUOYANG_2024, "henan": HENAN_2024,
             "zhengzhou": LUOYANG_2024.replace("洛阳", "郑州").replace("洛医保", "郑医保").replace("670元", "680元")}
    keys = {}
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        (outcome,) = list(ingest(store, [tmp_path / f"{name}.txt"]))
        keys[name] = f"{outcome.notice_id}.0"
    store.engine.dispose()
    with serve_app(db) as url:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with sync_api.sync_playwright() as p:
            browser = launch(p)
            page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN").new_page()
            page.goto(f"{url}/compare?n={keys['old']}", wait_until="networkidle")
            page.get_by_text("黄色：与基准数值不同").wait_for(timeout=60_000)
            for name in ("new", "henan", "zhengzhou"):
                pick(page, "通知 Notices", LABELS[name])
            wanted = [keys["old"], keys["new"], keys["henan"], keys["zhengzhou"]]
            wait_for_url(page, "n", ",".join(wanted))
            time.sleep(1.5)  # the grid paints on a canvas after it is attached
            page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
            page.goto(f"{url}/compare?by=region&years=2023,2024", wait_until="networkidle")
            page.get_by_text("地区 Regions").wait_for(timeout=60_000)
            for region in ("河南省洛阳市", "河南省", "河南省郑州市"):
                pick(page, "地区 Regions", region)
            wait_for_url(page, "regions", "河南省洛阳市,河南省,河南省郑州市")
            chips = page.locator("[data-testid='stMultiSelect']").filter(has_text="地区 Regions").inner_text()
            assert all(region in chips for region in ("河南省洛阳市", "河南省郑州市"))
            page.goto(f"{url}/diff?a={keys['old']}&b={keys['new']}", wait_until="networkidle")
            page.get_by_text("版本对照 Section diff").first.wait_for(timeout=60_000)
            page.locator("ins", has_text="2024年").first.wait_for(timeout=60_000)
            time.sleep(1.0)
            page.screenshot(path=str(ARTIFACTS / "diff.png"), full_page=True)
            browser.close()


LABELS = {"old": "河南省洛阳市 2023 · 洛医保〔2023〕3号", "new": "河南省洛阳市 2024 · 洛医保〔2024〕3号",
          "henan": "河南省 2024 · 豫医保发〔2024〕5号", "zhengzhou": "河南省郑州市 2024 · 郑医保〔2024〕3号"}


def pick(page, label: str, option: str) -> None:
    """Open the multiselect, type the option and choose it, as a person would."""
    box = page.locator("[data-testid='stMultiSelect']").filter(has_text=label)
    box.locator("input").click()
    box.locator("input").fill(option)
    page.get_by_role("option", name=option, exact=True).first.click()
    page.keyboard.press("Escape")
    page.wait_for_timeout(800)  # the rerun after a pick


def wait_for_url(page, param: str, value: str) -> None:
    from urllib.parse import parse_qs, urlparse

    for _ in range(100):
        if parse_qs(urlparse(page.url).query).get(param, [""])[0] == value:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{param}={value} not in {page.url}")
