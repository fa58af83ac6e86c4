"""Review on the Notice page through the store's correction model, and the Upload page's outcomes,
run with streamlit.testing on a store holding the bundled corpus (notice 1 is 忻州 2023, 忻医保发〔2023〕10号)."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from apptest import run_page  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"
SCHOOL_FEES = ("关于2025年秋季学期普通高中学费和住宿费收费标准的通知\n各学校：\n"
               "本学期普通高中学费每生每学期八百元，住宿费每生每学期三百元，不得另立名目收取费用。特此通知。\n")


@pytest.fixture()
def app_env(app_env, monkeypatch):
    """conftest's app_env, with a reviewer's name the history can be checked against."""
    monkeypatch.setenv("MEDNOTICE_USER", "reviewer-lin")
    yield


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture()
def corpus(app_env):
    """The store, filled with the corpus by the app's first start."""
    from corpus.store import open_store

    run_page("corpus_page")
    return open_store(os.environ["MEDNOTICE_DB"], create=True)


def parameter(store, notice: int, field: str) -> dict:
    return next(p for p in store.parameters_of(notice) if p["field"] == field)


def the_text(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("<div"))


def history_lines(at: AppTest) -> list[str]:
    """The history rows as they read on the page (Markdown escapes taken off)."""
    return [m.value.replace("\\", "") for m in at.markdown if m.value.replace("\\", "").startswith("#")]


def test_a_correction_made_then_undone_leaves_the_export_as_before(corpus):
    from corpus.export import long_rows

    before = long_rows(corpus)
    row = parameter(corpus, 1, "subsidy.per_capita")
    at = run_page("notice_page", id="1.0", p=row["id"])
    assert at.text_input(key="review.value").value == "640"
    assert at.selectbox(key="review.unit").value == "元"
    at.text_input(key="review.value").set_value("650")
    click(at, "review.correct")
    assert at.success[0].value == f"correction 1: corrected #{row['id']} subsidy.per_capita: value 640 → 650"
    changed = long_rows(corpus)
    assert [r["value"] for r in changed if r["parameter_id"] == row["id"]] == [650]
    assert changed != before
    # The form fills again from the corrected figure, whose mark in the text says its new value.
    assert at.text_input(key="review.value").value == "650"
    assert f'data-parameter="{row["id"]}"' in the_text(at)
    assert "corrected by reviewer-lin (correction 1: value 640 → 650)" in the_text(at)
    click(at, "undo.1")
    assert at.success[0].value == "correction 2: undone correction 1"
    assert long_rows(corpus) == before
    assert [s for _, s in corpus.history(1)] == ["undone", "applied"]
    assert not at.button(key="undo.2").disabled and len([b for b in at.button if b.key == "undo.1"]) == 0


def test_a_region_correction_moves_the_notice_in_the_region_by_year_choice(corpus):
    from corpus.views import documents_of

    assert documents_of(corpus, ["山西省忻州市"], [2023]) == [(1, 0)]
    assert documents_of(corpus, ["内蒙古自治区锡林郭勒盟"], [2023]) == []
    at = run_page("notice_page", id="1.0")
    assert at.text_input(key="meta.region").value == "山西省忻州市"
    at.text_input(key="meta.region").set_value("锡林郭勒盟")
    at.text_input(key="meta.note").set_value("the header names 锡林郭勒盟")
    click(at, "meta.save")
    assert at.success[0].value == "correction 1: metadata of document 0: city 忻州市 → 锡林郭勒盟, province 山西省 → 内蒙古自治区"
    assert documents_of(corpus, ["内蒙古自治区锡林郭勒盟"], [2023]) == [(1, 0)]
    assert documents_of(corpus, ["山西省忻州市"], [2023]) == []
    # The page and the notice list read the correction at once.
    assert "内蒙古自治区锡林郭勒盟 2023 · 忻医保发〔2023〕10号" in at.selectbox(key="url.id").options
    assert at.text_input(key="meta.region").value == "内蒙古自治区锡林郭勒盟"
    # A region the region list does not know is one line, and nothing changes.
    at.text_input(key="meta.region").set_value("锡林郭勒")
    click(at, "meta.save")
    assert [e.value for e in at.error] == ['"锡林郭勒" is not a region the region list knows (did you mean 锡林郭勒盟?)']
    assert len(corpus.history(1)) == 1


def test_a_policy_year_correction_says_how_many_figures_follow_it(corpus):
    from corpus.export import long_rows

    at = run_page("notice_page", id="1.0")
    assert at.text_input(key="meta.policy_year").value == "2023"
    at.text_input(key="meta.policy_year").set_value("2022")
    click(at, "meta.save")
    moved = [r for r in long_rows(corpus) if r["notice_id"] == 1 and r["year"] == 2022]
    assert len(moved) == 21  # 一般县中央补助384元 and the like; 2023年…640元 and 2024年起…300元 keep their years
    assert at.success[0].value == (
        "correction 1: metadata of document 0: policy_year 2023 → 2022 — 21 个未写年份的数值随之改为2022年度 "
        "(21 figures dated by the policy year now of 2022; a year the notice states stays)")
    assert {r["year"] for r in long_rows(corpus) if r["notice_id"] == 1 and r["field"] == "subsidy.per_capita"} == {2023}


def test_reject_then_undo(corpus):
    row = parameter(corpus, 1, "subsidy.per_capita")
    at = run_page("notice_page", id="1.0", p=row["id"])
    at.text_input(key="review.note").set_value("the figure of another year")
    click(at, "review.reject")
    assert at.success[0].value == f"correction 1: rejected #{row['id']} subsidy.per_capita"
    assert row["id"] not in set(at.dataframe[0].value["id"])
    assert at.query_params.get("p") in (None, "")  # nothing selected: the rejected one is not read
    text = the_text(at)
    # Struck through, with who rejected it and why; no longer marked as extracted.
    assert '<del title="subsidy.per_capita [] = 640 元 · rejected by reviewer-lin (correction 1): the figure of another year' in text
    assert f'data-parameter="{row["id"]}" style="background:#fecaca; color:#7f1d1d">640元</del>' in text
    assert '<mark title="subsidy.per_capita [] = 640 元' not in text
    click(at, "undo.1")
    assert row["id"] in set(at.dataframe[0].value["id"])
    text = the_text(at)
    assert "<del" not in text and f'data-parameter="{row["id"]}">640元</mark>' in text
    assert corpus.parameters_of(1) == corpus.parameters_of(1, raw=True)


def test_add_a_parameter_with_a_scope_from_the_dropdown(corpus):
    at = run_page("notice_page", id="1.0")
    at.selectbox(key="add.field").set_value("contribution.individual").run()
    scope = at.selectbox(key="add.scope.insured_group")
    # Vocabulary values with their Chinese words; nothing is typed.
    assert "minors · 学生儿童" in scope.options and "— 不限 any —" == scope.options[0]
    assert at.selectbox(key="add.unit").options == ["元"]
    assert at.text_input(key="add.year").value == "2023"  # the document's policy year
    scope.set_value("minors")
    at.selectbox(key="add.scope.population").set_value("dibao")
    at.text_input(key="add.value").set_value("200")
    at.selectbox(key="add.qualifier").set_value("不低于")
    click(at, "add.save")
    assert at.success[0].value == "correction 1: added #a1 contribution.individual [insured_group=minors;population=dibao] = 200 元"
    (added,) = [p for p in corpus.parameters_of(1) if p["added"]]
    assert (added["id"], added["field"], added["scope_key"], added["number"], added["year"], added["qualifier"],
            added["operator"]) == ("a1", "contribution.individual", "insured_group=minors;population=dibao", 200, 2023,
                                   "不低于", ">=")
    # The new parameter is selected, in the table and in the URL, and its form is filled.
    assert at.query_params["p"] == "a1"
    table = at.dataframe[0].value
    assert table[table["id"] == "a1"]["review"].tolist() == ["＋"]
    assert at.selectbox(key="review.scope.insured_group").value == "minors"
    # The same parameter twice is refused by the store, in one line.
    at.selectbox(key="add.scope.insured_group").set_value("minors")
    at.selectbox(key="add.scope.population").set_value("dibao")
    at.text_input(key="add.value").set_value("200")
    click(at, "add.save")
    assert len(at.error) == 1 and at.error[0].value.startswith("notice 1 already has #a1 contribution.individual")


def test_the_history_says_who_when_and_what_newest_first(corpus):
    row = parameter(corpus, 1, "subsidy.per_capita")
    at = run_page("notice_page", id="1.0", p=row["id"])
    assert at.text_input(key="review.author").value == "reviewer-lin"  # $MEDNOTICE_USER
    at.text_input(key="review.value").set_value("650")
    at.text_input(key="review.note").set_value("typo")
    click(at, "review.correct")
    at.text_input(key="review.author").set_value("reviewer-wang").run()
    at.selectbox(key="review.qualifier").set_value("")
    click(at, "review.correct")
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    lines = history_lines(at)
    assert len(lines) == 2
    assert lines[0].startswith(f"#2 · {today} ") and "reviewer-wang" in lines[0]
    assert lines[0].endswith(f"corrected #{row['id']} subsidy.per_capita: qualifier 达到 → — · applied 生效")
    assert lines[1].startswith(f"#1 · {today} ") and " · reviewer-lin · " in lines[1]
    assert lines[1].endswith(f"corrected #{row['id']} subsidy.per_capita: value 640 → 650 — typo · applied 生效")
    assert [c.author for c, _ in corpus.history(1)] == ["reviewer-lin", "reviewer-wang"]
    # The reviewer typed once stays for the session.
    click(at, "undo.2")
    assert [c.author for c, _ in corpus.history(1)][-1] == "reviewer-wang"
    assert history_lines(at)[0].endswith("undone correction 2 · applied 生效")
    assert "undone 已撤销" in history_lines(at)[1]


def test_the_reviewer_is_remembered_when_another_page_was_open_between(corpus):
    def script():
        import streamlit as st

        import app

        # One session, two pages in turn, as st.navigation runs them.
        getattr(app, st.session_state.get("page", "notice_page"))()

    at = AppTest.from_function(script, default_timeout=120)
    at.query_params["id"] = "1.0"
    at.run()
    at.text_input(key="review.author").set_value("reviewer-wang").run()
    at.session_state["page"] = "upload_page"
    at.run()
    assert "review.author" not in at.session_state  # the widget went with its page
    at.session_state["page"] = "notice_page"
    at.run()
    assert at.text_input(key="review.author").value == "reviewer-wang"


def test_a_metadata_edit_is_checked_and_normalised_by_the_store(corpus):
    at = run_page("notice_page", id="2.0")
    at.text_input(key="meta.doc_number").set_value("朔医保发[2021]7号")
    at.text_input(key="meta.issue_date").set_value("2021-02-30")
    click(at, "meta.save")
    assert [e.value for e in at.error] == ["issue date 2021-02-30 is not an ISO date such as 2023-08-30"]
    assert corpus.history(2) == []
    at.text_input(key="meta.issue_date").set_value("2021-03-01")
    at.selectbox(key="meta.level").set_value("county")
    click(at, "meta.save")
    assert at.success[0].value == ("correction 1: metadata of document 0: doc_number — → 朔医保发〔2021〕7号, "
                                   "issue_date — → 2021-03-01, level city → county")
    (listed,) = [d for d in corpus.list() if d["notice"] == 2]
    assert (listed["doc_number"], listed["level"]) == ("朔医保发〔2021〕7号", "county")
    assert at.text_input(key="meta.doc_number").value == "朔医保发〔2021〕7号"  # the form reads the store again


def test_warnings_and_orphaned_corrections_reflect_the_review(corpus):
    from corpus.ingest import ingest
    import streamlit as st

    (outcome,) = list(ingest(corpus, [ROOT / "tests" / "data" / "pages" / "inconsistent.txt"]))
    st.cache_data.clear()
    n = outcome.notice_id
    county = parameter(corpus, n, "subsidy.county")
    at = run_page("notice_page", id=f"{n}.0", p=county["id"])
    (warning,) = [w.value for w in at.warning if "不符" in w.value]
    assert "since reviewed" not in warning
    at.text_input(key="review.value").set_value("102")
    click(at, "review.correct")
    (warning,) = [w.value.replace("\\", "") for w in at.warning if "不符" in w.value]
    assert warning.endswith(f"since reviewed: #{county['id']} subsidy.county corrected to 102 元")
    # A rejection of an added parameter whose addition is undone applies to nothing: listed, with why.
    corpus.add_parameter(n, 0, "financing.total", 1020, "元")
    corpus.reject(n, "a2")
    corpus.undo(2)
    at = run_page("notice_page", id=f"{n}.0")
    orphaned = [w.value.replace("\\", "") for w in at.warning if w.value.startswith("orphaned")]
    assert orphaned == ["orphaned correction 3: rejected #a2 financing.total — the parameter it is about was added by "
                        "correction 2, which correction 4 undid: undo 4 to bring both back"]
    assert "orphaned 悬空" in history_lines(at)[1]


def test_copy_and_exclusion_are_corrections_of_the_notice(corpus):
    at = run_page("notice_page", id="2.0")
    at.selectbox(key="meta.copy_of").set_value(1)
    click(at, "meta.mark_copy")
    assert at.success[0].value == "correction 1: copy of notice 1"
    assert corpus.status(2)["same_as"] == 1
    assert any(i.value.startswith("副本 Copy of notice 1") for i in at.info)
    click(at, "meta.not_copy")
    assert corpus.status(2)["same_as"] is None and not any(i.value.startswith("副本") for i in at.info)
    at.radio(key="meta.exclusion_reason").set_value("超出研究范围 out of the study's scope")
    at.text_input(key="meta.note").set_value("Shanxi is not in the sample")
    click(at, "meta.exclude")
    assert corpus.status(2)["excluded"] == "超出研究范围 out of the study's scope: Shanxi is not in the sample"
    assert [d["excluded"] for d in corpus.list() if d["notice"] == 2] == [corpus.status(2)["excluded"]]
    assert any(w.value.startswith("已排除 Excluded") for w in at.warning)
    click(at, "meta.include")
    assert corpus.status(2)["excluded"] is None
    assert [c.action for c, _ in corpus.history(2)] == ["copy_of", "copy_of", "excluded", "included"]


def test_an_unknown_notice_or_parameter_in_the_link_says_so(corpus):
    at = run_page("notice_page", id="5.7")
    assert any("notice `5.7` not found" in w.value for w in at.warning)
    assert at.title[0].value == "关于做好2023年城乡居民基本医疗保障工作的通知"  # the first notice, not another
    at = run_page("notice_page", id="1.0", p="99999")
    assert any("parameter `99999` not found" in w.value for w in at.warning)
    assert at.selectbox(key="url.p").value == ""


def test_a_notice_removed_while_the_page_is_open_says_so(corpus):
    at = run_page("notice_page", id="2.0")
    corpus.remove(2)
    at.run()  # the cached notice list still names it
    assert not at.exception
    assert at.title[0].value == "关于做好2023年城乡居民基本医疗保障工作的通知"
    assert any(w.value == "notice 2.0 not found (no longer in the store); showing notice 1.0 instead" for w in at.warning)


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="upload.files").set_value([(name, data, "text/plain") for name, data in files]).run()
    return click(at, "upload.ingest")


def test_an_upload_of_another_copy_of_a_stored_notice_says_so(corpus):
    first = (SAMPLES / "000_04157b405fe51554.txt").read_bytes()
    n = corpus.count() + 1  # the id the new file gets
    at = upload(run_page("upload_page"), ("xinzhou_web.txt", first + "\n\n（来源：忻州市医疗保障局网站）\n".encode()),
                ("000_04157b405fe51554.txt", first), ("broken.txt", b"\x00\x01\x02" * 400))
    lines = [m.value for m in at.markdown if m.value.startswith("**")]
    assert lines[0].startswith(f"**xinzhou\\_web.txt**: added\n\n- [通知 Notice {n}.0](/notice?id={n}.0) · 山西省忻州市 · city · 2023 · ")
    assert lines[0].endswith(" · copy of notice 1") and corpus.count() == n
    assert lines[1].startswith("**000\\_04157b405fe51554.txt**: duplicate — the same file is stored as notice 1\n\n"
                               "- [通知 Notice 1.0](/notice?id=1.0)")
    (failed,) = [e.value for e in at.error]
    assert failed.startswith("broken.txt: failed — ")
    assert at.caption[0].value == "1 added, 1 duplicate, 1 failed"


def test_an_upload_links_every_document_of_its_file_and_flags_one_off_topic(corpus):
    forwarded = (SAMPLES / "004_997b518fb40affc4.txt").read_bytes() + "\n".encode()
    n = corpus.count() + 1
    at = upload(run_page("upload_page"), ("forwarded.txt", forwarded), ("fees.txt", SCHOOL_FEES.encode()))
    forwarded_line, fees_line = [m.value for m in at.markdown if m.value.startswith("**")]
    assert f"(/notice?id={n}.0)" in forwarded_line and f"(/notice?id={n}.1)" in forwarded_line
    assert "does not look like" not in forwarded_line
    assert fees_line.startswith(f"**fees.txt**: added\n\n- [通知 Notice {n + 1}.0](/notice?id={n + 1}.0)")
    assert fees_line.endswith(" · ⚠ does not look like a 城乡居民医保 notice")
    # The outcomes stay while the page is used, until the next upload.
    at.run()
    assert len([m for m in at.markdown if m.value.startswith("**")]) == 2
