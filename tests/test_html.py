"""A government article page: body only, page fields where the text lacks them."""

from __future__ import annotations

from pathlib import Path

from extractor import extract

PAGE = Path(__file__).resolve().parent / "data" / "pages" / "gov_article.html"


def test_article_body_without_page_furniture():
    notice = extract(PAGE)
    for chrome in ("首页", "机构概况", "浏览次数", "索引号", "分享到", "相关链接", "ICP", "var x"):
        assert chrome not in notice.text
    assert notice.text.splitlines()[0] == "关于做好2023年城乡居民基本医疗保障工作的通知"
    assert notice.text.splitlines()[-1] == "2023年8月30日"


def test_page_fields_fill_what_the_text_lacks():
    meta = extract(PAGE).documents[0].meta
    # The body has no 文号: it comes from the 信息公开 table; the publication date from the meta tags.
    assert meta.doc_number == "忻医保发〔2023〕10号"
    assert meta.publish_date == "2023-09-01"
    assert (meta.issue_date, meta.issuers, meta.city, meta.level) == ("2023-08-30", ("忻州市医疗保障局",), "忻州市", "city")
    assert meta.basis_docs == ("晋医保发〔2023〕13号",)


def test_untrusted_markup_stays_text(tmp_path):
    page = tmp_path / "x.html"
    page.write_text(
        "<html><body><div class='content'><p>关于做好医保工作的通知</p><p>各有关单位：</p>"
        "<p>一、缴费标准。每人380元，&lt;script&gt;alert(1)&lt;/script&gt;照此执行。</p></div>"
        "<script>alert(2)</script></body></html>",
        encoding="utf-8",
    )
    notice = extract(page)
    assert "<script>alert(1)</script>" in notice.text
    assert "alert(2)" not in notice.text
