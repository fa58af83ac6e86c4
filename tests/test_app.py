"""The app's pages, run one by one with streamlit.testing on a store holding the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def app_env(tmp_path, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("MEDNOTICE_DB", str(tmp_path / "app.db"))
    monkeypatch.syspath_prepend(str(ROOT))
    # The app caches its store and reads a process long: each test starts from its own store.
    st.cache_resource.clear()
    st.cache_data.clear()
    yield


def run_page(name: str, **params) -> AppTest:
    def script(page_name: str):
        import app

        getattr(app, page_name)()

    at = AppTest.from_function(script, args=(name,), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


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
    assert list(table.columns) == ["山西省忻州市 2023 · 忻医保发〔2023〕10号", "河南省 2023 · 豫医保办〔2023〕71号"]
    assert "不低于 640 元 (2023)" in table.loc[("财政补助", "人均财政补助标准", "subsidy.per_capita", "")].tolist()
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
    store = open_store(os.environ["MEDNOTICE_DB"])
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
    at = run_page("diff_page", a="1.0", b="4.0")
    aligned = at.dataframe[0].value
    assert ("二 巩固提升待遇水平", "二 巩固提升待遇水平") in list(zip(aligned["第一份 First"], aligned["第二份 Second"]))
    diffs = [m.value for m in at.markdown if "<del>" in m.value or "<ins>" in m.value]
    assert diffs and all("<script" not in d for d in diffs)
    changed = at.dataframe[1].value
    assert "subsidy.per_capita" in set(changed["field"])


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
    store = open_store(os.environ["MEDNOTICE_DB"])
    (outcome,) = list(ingest(store, [pdf]))
    st.cache_data.clear()
    at = run_page("notice_page", id=f"{outcome.notice_id}.0")
    assert at.title[0].value == "关于2021年城乡居民医保参保缴费标准确定的通知"
    assert len(at.get("image")) == 1  # the rendered page, beside the highlighted text


def test_compare_regions_by_years(app_env):
    at = run_page("compare_page", by="region", regions="河南省,山西省忻州市", years="2023")
    table = at.dataframe[0].value
    assert sorted(table.columns) == sorted(["山西省忻州市 2023 · 忻医保发〔2023〕10号", "河南省 2023 · 豫医保办〔2023〕71号"])
    assert at.query_params["regions"] == "河南省,山西省忻州市"


def test_warnings_are_marked_in_the_comparison(app_env):
    from corpus.ingest import ingest
    from corpus.store import open_store

    run_page("corpus_page")
    notice = ROOT / "tests" / "data" / "pages" / "inconsistent.txt"
    store = open_store(os.environ["MEDNOTICE_DB"])
    (outcome,) = list(ingest(store, [notice]))
    import streamlit as st

    st.cache_data.clear()
    at = run_page("compare_page", n=f"{outcome.notice_id}.0")
    cells = at.dataframe[0].value.iloc[:, 0].tolist()
    assert "达到 640 元 (2023) ⚠" in cells and "100 元 (2023) ⚠" in cells


def test_trends_map_and_links(app_env):
    at = run_page("trends_page", field="subsidy.per_capita")
    assert len(at.get("deck_gl_json_chart")) == 1  # provinces on a map
    links = at.dataframe[-1].value["通知 Notice"].tolist()
    assert all(link.startswith("/notice?id=") for link in links)


def test_notice_page_shows_compliance_findings(app_env, tmp_path):
    from test_compare import CITY_2024, PROVINCE_2024

    from corpus.ingest import ingest
    from corpus.store import open_store

    run_page("corpus_page")
    files = []
    for name, text in (("province.txt", PROVINCE_2024), ("city.txt", CITY_2024)):
        files.append(tmp_path / name)
        files[-1].write_text(text, encoding="utf-8")
    store = open_store(os.environ["MEDNOTICE_DB"])
    _, city = list(ingest(store, files))
    import streamlit as st

    st.cache_data.clear()
    at = run_page("notice_page", id=f"{city.notice_id}.0")
    assert [e.value for e in at.error] == ["河南省洛阳市 subsidy.per_capita [] 660 falls short the province's >= 670 (豫医保发〔2024〕5号)"]


def test_the_selected_figure_is_marked_in_the_text(app_env):
    from corpus.ui.notice import highlighted

    from extractor import extract

    notice = extract(ROOT / "corpus" / "samples" / "000_04157b405fe51554.txt")
    doc = notice.documents[0]
    p = next(p for p in doc.parameters if p.field == "subsidy.per_capita")
    text = highlighted(notice.text, doc, {"field": p.field, "span_start": p.span.start})
    assert text.count('style="background:#fb923c"') == 1
    assert f'style="background:#fb923c">{notice.text[p.span.start:p.span.end]}</mark>' in text


def test_trend_points_open_their_notice(app_env):
    import json

    at = run_page("trends_page", field="subsidy.per_capita")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2
    spec = json.loads(charts[0].proto.spec)
    assert spec["encoding"]["href"]["field"] == "link"


def test_a_review_saved_on_the_notice_page_is_a_correction_of_that_parameter(app_env):
    at = run_page("notice_page", id="1.0")
    params = at.dataframe[0].value
    row = params[params["field"] == "subsidy.per_capita"].iloc[0]
    form_parameter = [s for s in at.selectbox if s.label == "参数 Parameter"][0]
    choice = [o for o in form_parameter.options if o.startswith(f"#{row['id']} ")][0]
    form_parameter.set_value(choice)
    [s for s in at.selectbox if s.label == "操作 Action"][0].set_value("corrected")
    [t for t in at.text_input if t.label == "值 Value"][0].set_value("650")
    [t for t in at.text_input if t.label == "说明 Note"][0].set_value("typo in the notice")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == f"correction 1: corrected #{row['id']} subsidy.per_capita: value 640 → 650"
    again = run_page("notice_page", id="1.0")
    params = again.dataframe[0].value
    (shown,) = params[params["id"] == row["id"]].to_dict("records")
    assert (shown["value"], shown["review"]) == ("650", "✎")
    # A wrong scope is refused with the line that names the vocabulary, and nothing is saved.
    picker = [s for s in again.selectbox if s.label == "参数 Parameter"][0]
    picker.set_value([o for o in picker.options if o.startswith(f"#{row['id']} ")][0])
    [s for s in again.selectbox if s.label == "操作 Action"][0].set_value("corrected")
    [t for t in again.text_input if t.label == "范围 Scope (k=v,…)"][0].set_value("insured_group=老年人")
    again.button[0].click().run()
    assert again.error[0].value.startswith("insured_group=老年人 is not in the vocabulary")
    from corpus.store import open_store

    assert len(open_store(os.environ["MEDNOTICE_DB"]).history(1)) == 1
