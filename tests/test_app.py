"""The app's pages, run one by one with streamlit.testing on a store holding the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from apptest import run_page  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def test_corpus_page_lists_the_bundled_notices(app_env):
    at = run_page("corpus_page")
    assert at.title[0].value == "语料 Corpus"
    assert at.caption[0].value == "20 documents"  # the first start ingested corpus/
    filtered = run_page("corpus_page", province="河北省")
    assert filtered.caption[0].value == "3 documents"
    assert filtered.query_params["province"] == "河北省"


def test_compare_page_state_in_the_url(app_env):
    at = run_page("compare_page", n="1.0,3.0", base="3.0")
    table = at.dataframe[0].value
    xinzhou, henan = "山西省忻州市 2023 · 忻医保发〔2023〕10号", "河南省 2023 · 豫医保办〔2023〕71号"
    assert list(table.columns[:4]) == ["字段", xinzhou, henan, "状态 Status"]
    row = table[(table["field"] == "subsidy.per_capita") & (table["scope"] == "")].iloc[0]
    assert (row["字段"], row[xinzhou], row[henan]) == ("人均财政补助标准", "达到 640 元", "不低于 640 元")
    assert row["状态 Status"] == "变化 changed"  # 达到 640 is = 640, 不低于 640 is >= 640
    assert at.query_params["base"] == "3.0"
    assert [b.label for b in at.get("download_button")] == ["CSV", "XLSX"]


def test_notice_page_shows_metadata_values_and_escaped_text(app_env, tmp_path):
    at = run_page("notice_page", id="1.0")
    assert at.title[0].value == "关于做好2023年城乡居民基本医疗保障工作的通知"
    text = [m.value for m in at.markdown if m.value.startswith("<div")][0]
    assert '<mark title="subsidy.per_capita ' in text and ">640元</mark>" in text
    params = at.dataframe[0].value
    assert "subsidy.central" in set(params["field"])


def test_untrusted_notice_text_is_shown_as_text(app_env, tmp_path):
    from corpus.ingest import ingest
    from corpus.store import open_store

    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "关于做好2023年城乡居民医保工作的通知\n各有关单位：\n一、标准。<script>alert(1)</script><b>粗体</b>个人缴费标准为每人380元。\n",
        encoding="utf-8",
    )
    run_page("corpus_page")  # the first start fills the store with the corpus
    store = open_store(os.environ["MEDNOTICE_DB"], create=True)
    (outcome,) = list(ingest(store, [hostile]))
    import streamlit as st

    st.cache_data.clear()  # the notice came in outside the app, which clears its reads on upload
    at = run_page("notice_page", id=f"{outcome.notice_id}.0")
    text = [m.value for m in at.markdown if m.value.startswith("<div")][0]
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;b&gt;粗体&lt;/b&gt;" in text


def test_trends_page(app_env):
    at = run_page("trends_page", field="subsidy.per_capita")
    assert at.query_params["field"] == "subsidy.per_capita"
    assert [s.value for s in at.subheader][0] == "按年度 Across years"


def test_upload_page_waits_for_files(app_env):
    at = run_page("upload_page")
    assert at.title[0].value == "上传 Upload"


def test_section_diff_page(app_env):
    import re

    at = run_page("diff_page", a="1.0", b="4.0")
    assert at.title[0].value == "版本对照 Section diff"
    pairs = [m.value for m in at.markdown if "grid-template-columns" in m.value]
    treatment = next(p for p in pairs if "<b>二 巩固提升待遇水平</b>" in p)
    assert treatment.count("<b>二 巩固提升待遇水平</b>") == 2  # paired: old | new
    assert "<del" in treatment and "<ins" in treatment and all("<script" not in p for p in pairs)
    financing = next(p for p in pairs if "<b>一 合理确定筹资标准</b>" in p)
    # A number with its unit changes whole: 640元 out, 610元 in, never interleaved digits.
    assert re.search(r"<del [^>]*>[^<]*640元[^<]*</del>", financing) and re.search(r"<ins [^>]*>[^<]*610元[^<]*</ins>", financing)
    changed = at.dataframe[0].value
    assert "subsidy.per_capita" in set(changed["field"])
    aligned = at.dataframe[1].value
    assert ("二 巩固提升待遇水平", "二 巩固提升待遇水平") in list(zip(aligned["第一份 First"], aligned["第二份 Second"]))


def test_pdf_notice_shows_its_page_beside_the_text(app_env, tmp_path):
    import streamlit as st

    import conversions
    from corpus.ingest import ingest
    from corpus.store import open_store

    font = conversions.find_cjk_font()
    if font is None:
        pytest.skip("no CJK font to typeset the PDF")
    pdf = tmp_path / "wuhu.pdf"
    conversions.write_pdf(conversions.seed_text(ROOT / "corpus" / "samples" / "15_wuhu_2021.txt"), pdf, font)
    store = open_store(os.environ["MEDNOTICE_DB"], create=True)
    (outcome,) = list(ingest(store, [pdf]))
    st.cache_data.clear()
    at = run_page("notice_page", id=f"{outcome.notice_id}.0")
    assert at.title[0].value == "关于2021年城乡居民医保参保缴费标准确定的通知"
    assert len(at.get("image")) == 1  # the rendered page, beside the highlighted text
    assert at.query_params["page"] == "1"  # the page shown is in the URL


def test_compare_regions_by_years(app_env):
    at = run_page("compare_page", by="region", regions="河南省,山西省忻州市", years="2023")
    table = at.dataframe[0].value
    # Columns by region, then year, whatever the order of the picks.
    assert list(table.columns[1:3]) == ["山西省忻州市 2023 · 忻医保发〔2023〕10号", "河南省 2023 · 豫医保办〔2023〕71号"]
    assert at.query_params["regions"] == "河南省,山西省忻州市"


def test_warnings_are_marked_in_the_comparison(app_env):
    from corpus.ingest import ingest
    from corpus.store import open_store

    run_page("corpus_page")
    notice = ROOT / "tests" / "data" / "pages" / "inconsistent.txt"
    store = open_store(os.environ["MEDNOTICE_DB"], create=True)
    (outcome,) = list(ingest(store, [notice]))
    import streamlit as st

    st.cache_data.clear()
    at = run_page("compare_page", n=f"{outcome.notice_id}.0")
    cells = at.dataframe[0].value.iloc[:, 1].tolist()  # the notice's column, after the label
    assert "达到 640 元 ⚠" in cells and "100 元 ⚠" in cells


def test_trends_map_and_links(app_env):
    import json
    import re

    at = run_page("trends_page", field="subsidy.per_capita")
    assert len(at.get("deck_gl_json_chart")) == 0  # no basemap: it would need tiles from the internet
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    # Provinces on a tile grid: a square and a label a province, coloured by the value.
    (grid,) = [s for s in specs if [layer["mark"]["type"] for layer in s.get("layer", [])] == ["rect", "rect", "text"]]
    assert grid["layer"][1]["encoding"]["color"]["field"] == "value"
    links = at.dataframe[-1].value["通知 Notice"].tolist()
    assert links and all(re.fullmatch(r"/notice\?id=\d+\.\d+&p=\w+", link) for link in links)


def test_notice_page_shows_compliance_findings(app_env, tmp_path):
    from test_compare import CITY_2024, PROVINCE_2024

    from corpus.ingest import ingest
    from corpus.store import open_store

    run_page("corpus_page")
    files = []
    for name, text in (("province.txt", PROVINCE_2024), ("city.txt", CITY_2024)):
        files.append(tmp_path / name)
        files[-1].write_text(text, encoding="utf-8")
    store = open_store(os.environ["MEDNOTICE_DB"], create=True)
    _, city = list(ingest(store, files))
    import streamlit as st

    st.cache_data.clear()
    at = run_page("notice_page", id=f"{city.notice_id}.0")
    assert [e.value for e in at.error] == ["河南省洛阳市 subsidy.per_capita [] 660 falls short the province's >= 670 (豫医保发〔2024〕5号)"]


def test_the_selected_figure_is_marked_in_the_text(app_env):
    from corpus.store import open_store

    run_page("corpus_page")  # the first start fills the store with the corpus
    row = next(p for p in open_store(os.environ["MEDNOTICE_DB"], create=True).parameters_of(1) if p["field"] == "subsidy.per_capita")
    at = run_page("notice_page", id="1.0", p=row["id"])
    text = [m.value for m in at.markdown if m.value.startswith("<div")][0]
    assert text.count('style="background:#fb923c"') == 1
    assert f'data-parameter="{row["id"]}" style="background:#fb923c">640元</mark>' in text
    assert at.text_input(key="review.value").value == "640"  # the link's parameter fills the review form
    assert at.query_params["p"] == row["id"]


def test_trend_points_open_their_notice(app_env):
    import json

    at = run_page("trends_page", field="subsidy.per_capita", scopes="general")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3  # across years, across regions, the province grid
    spec = json.loads(charts[0].proto.spec)
    lines, points = spec["layer"]
    assert points["encoding"]["href"]["field"] == "link" and points["mark"]["type"] == "point"
    assert lines["encoding"]["detail"]["field"] == "segment"  # no line across a missing year


def test_a_review_saved_on_the_notice_page_is_a_correction_of_that_parameter(app_env):
    from corpus.store import open_store

    run_page("corpus_page")
    store = open_store(os.environ["MEDNOTICE_DB"], create=True)
    row = next(p for p in store.parameters_of(1) if p["field"] == "subsidy.per_capita")
    at = run_page("notice_page", id="1.0", p=row["id"])
    at.text_input(key="review.value").set_value("650")
    at.text_input(key="review.note").set_value("typo in the notice")
    at.button(key="review.correct").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == f"correction 1: corrected #{row['id']} subsidy.per_capita: value 640 → 650"
    params = at.dataframe[0].value
    (shown,) = params[params["id"] == row["id"]].to_dict("records")
    assert (shown["value"], shown["review"]) == ("650", "✎")
    # A value that is not one is refused with the store's one line, and nothing is saved.
    at.text_input(key="review.value").set_value("六百五十")
    at.button(key="review.correct").click().run()
    assert [e.value for e in at.error] == ['value "六百五十" is not a number (unit 元)']
    assert len(store.history(1)) == 1
