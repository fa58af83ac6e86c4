"""What the real government files of tests/data/real/ taught the readers, each lesson on
small files written here.

Saved web pages set their 文号 and 成文日期 in bracketed, letter-spaced labels
(【文&ensp;&ensp;号】) or bare under the title outside the article, keep hidden
boxes and HTML comments in the markup and end the article with a 网站纠错 link; a
citation may close its bracket before 号 (（医保发〔2020〕32)号); WPS PDFs put an
invisible white box behind every line of prose, which pdfplumber takes for a
one-column ruled table.  Every rule is tried on two or more inputs of its own,
and on one that must not trigger it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import conversions
from extractor import extract
from extractor.reading import docnumber
from extractor.readers.html import read_html
from extractor.readers.pdf import looks_like_table

# --- web pages -------------------------------------------------------------------

BODY = (
    "<p>各市医疗保障局、财政局：</p>"
    "<p>　　为做好2021年城乡居民医疗保障工作，现将有关事项通知如下：</p>"
    "<p>　　一、筹资标准。人均财政补助标准达到580元，个人缴费标准达到320元。</p>"
    "<p>　　二、待遇保障。政策范围内住院费用基金支付比例稳定在75%左右。</p>"
)
CLOSING = '<p style="text-align: right;">山西省医疗保障局</p><p style="text-align: right;">2021年7月28日</p>'


def page(tmp_path: Path, body: str, head: str = "", name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body>'
        '<div class="top-nav"><a href="/">首页</a> <a href="/zcwj/">政策文件</a></div>'
        f"{body}"
        '<footer><p>版权所有：山西省医疗保障局</p></footer></body></html>',
        encoding="utf-8",
    )
    return path


def fields(path: Path) -> dict:
    return read_html(path.read_bytes(), path).fields


# 1. Page labels in brackets, letter-spaced, without a colon.


def test_bracketed_letter_spaced_info_bar_gives_the_fields(tmp_path):
    path = page(
        tmp_path,
        '<div class="content"><h1>关于做好2021年城乡居民基本医疗保障工作的通知</h1>'
        "<p class='text-des'>【文&ensp;&ensp;&ensp;&ensp;号】 晋医保发〔2021〕14号<br>"
        "【成文日期】 2021-07-28<br>【是否有效】 全文有效<br></p>"
        f'<div id="zoom">{BODY}<p style="text-align: right;">山西省医疗保障局</p></div></div>',
    )
    got = fields(path)
    assert (got["doc_number"], got["issue_date"]) == ("晋医保发〔2021〕14号", "2021-07-28")
    meta = extract(path).documents[0].meta
    assert (meta.doc_number, meta.issue_date) == ("晋医保发〔2021〕14号", "2021-07-28")


def test_square_brackets_and_spaced_labels_with_colons(tmp_path):
    path = page(
        tmp_path,
        "<table class='info'><tr><td>［索 引 号］</td><td>011043/2023-00012</td>"
        "<td>［发布机构］</td><td>湖北省医疗保障局</td></tr>"
        "<tr><td>文　　号：</td><td>鄂医保发〔2023〕5号</td><td>成 文 日 期 :</td><td>2023年3月2日</td></tr></table>"
        f'<div class="article">{BODY}</div>',
    )
    got = fields(path)
    assert got["doc_number"] == "鄂医保发〔2023〕5号"
    assert got["issuers"] == "湖北省医疗保障局"
    assert got["issue_date"] == "2023年3月2日"
    notice = extract(path)
    assert "索" not in notice.text and "011043" not in notice.text  # the info table is no article text


def test_a_word_that_holds_a_label_is_no_label(tmp_path):
    path = page(
        tmp_path,
        '<div class="article"><p>本文号召各地做好参保工作：</p><p>【注意】 文号 晋医保发〔2021〕9号 不是页面字段</p>'
        f"{BODY}</div>",
    )
    assert "doc_number" not in fields(path)


def test_one_spaced_label_counts_once(tmp_path):
    # 发 文 字 号 holds 字 号 (a label of its own, the font-size switch): one label, not an info bar.
    path = page(tmp_path, f'<div class="article"><p>发 文 字 号 :</p><p>津医保局发〔2024〕56号</p>{BODY}</div>')
    notice = extract(path)
    assert "津医保局发〔2024〕56号" in notice.text
    assert fields(path)["doc_number"] == "津医保局发〔2024〕56号"


# 2. A 文号 whose bracket closes before 号.


@pytest.mark.parametrize(
    "text, number",
    [
        ("按照《关于做好2021年城乡居民基本医疗保障工作的通知》（医保发〔2020〕32)号要求", "医保发〔2020〕32号"),
        ("根据《通知》(国医保办发[2019]５）号精神", "国医保办发〔2019〕5号"),
        ("转发省局文件【豫医保发〔2022〕12】号", "豫医保发〔2022〕12号"),
    ],
    ids=["half-width-paren", "full-width-digit", "lenticular"],
)
def test_stray_bracket_before_hao_is_read(text, number):
    assert docnumber.parse(text).text == number


@pytest.mark.parametrize(
    "text",
    [
        "为推进医保发〔2020〕32)号召各地",  # no bracket opens the citation: the ) is no slip
        "（2020〕32)号",  # no prefix
        "按照（医保发〔2020〕32）的要求",  # no 号
    ],
    ids=["no-opening-bracket", "no-prefix", "no-hao"],
)
def test_stray_bracket_does_not_make_a_number_of_ordinary_text(text):
    assert docnumber.parse(text) is None


def test_stray_bracket_basis_doc_in_a_preamble(tmp_path):
    body = BODY.replace(
        "为做好2021年城乡居民医疗保障工作，",
        "按照国家医保局《关于做好2021年城乡居民基本医疗保障工作的通知》（医保发〔2021〕32)号要求，",
    )
    path = page(tmp_path, f'<div class="article"><p>关于做好2021年城乡居民医疗保障工作的通知</p>{body}{CLOSING}</div>')
    assert extract(path).documents[0].meta.basis_docs == ("医保发〔2021〕32号",)


# 3. A lone 文号 under (or above) the title, outside the article block.


def test_number_beside_the_title_in_the_page_header(tmp_path):
    path = page(
        tmp_path,
        '<div class="con_t"><span class="title1">财政部 国家税务总局关于保险保障基金有关税收政策继续执行的通知</span> '
        '<span class="hao1">财税〔2013〕81号 </span><span>成文日期:<span>1382860800000</span></span></div>'
        f'<div class="text">{BODY}<div>财政部 国家税务总局</div><div>2013年10月28日</div></div>',
        head='<meta name="ArticleTitle" content="财政部 国家税务总局关于保险保障基金有关税收政策继续执行的通知">',
    )
    assert fields(path)["doc_number"] == "财税〔2013〕81号"
    assert extract(path).documents[0].meta.doc_number == "财税〔2013〕81号"


def test_number_on_its_own_line_under_an_h1(tmp_path):
    path = page(
        tmp_path,
        "<div class='head'><h1>关于做好2021年城乡居民医疗保障工作的通知</h1><p>晋医保发〔2021〕14号</p></div>"
        f"<div class='zoom'>{BODY}{CLOSING}</div>",
    )
    assert extract(path).documents[0].meta.doc_number == "晋医保发〔2021〕14号"


def test_number_above_the_title(tmp_path):
    path = page(
        tmp_path,
        "<div class='head'><div>忻医保发〔2023〕10号</div><h2>关于做好2023年城乡居民医疗保障工作的通知</h2></div>"
        f"<div class='zoom'>{BODY}{CLOSING}</div>",
    )
    assert fields(path)["doc_number"] == "忻医保发〔2023〕10号"


def test_a_sentence_under_the_title_gives_no_number(tmp_path):
    path = page(
        tmp_path,
        "<div class='head'><h1>关于做好2021年城乡居民医疗保障工作的通知</h1>"
        "<p>转发国家医保局（医保发〔2021〕32号）</p></div>"
        f"<div class='zoom'>{BODY}{CLOSING}</div>",
    )
    assert "doc_number" not in fields(path)


# 4. Hidden elements and comments are not read.


def test_hidden_note_box_is_not_read(tmp_path):
    path = page(
        tmp_path,
        '<div class="text" id="fontzoom"><!-- 条款废止框 -->'
        '<div id="tk" style="display: none;"><h3>注释：</h3>'
        "<p>全文废止。参见：《关于保险保障基金有关税收政策问题的通知》（财税〔2016〕10号）。</p></div>"
        f"<p>关于保险保障基金有关税收政策继续执行的通知</p>{BODY}{CLOSING}</div>",
    )
    notice = extract(path)
    for unseen in ("注释", "全文废止", "条款废止框", "财税〔2016〕10号"):
        assert unseen not in notice.text
    assert notice.documents[0].meta.basis_docs == ()


def test_hidden_attribute_visibility_and_comments(tmp_path):
    path = page(
        tmp_path,
        '<div class="article"><p>关于做好2021年城乡居民医疗保障工作的通知</p>'
        "<p hidden>根据晋医保发〔2020〕1号</p>"
        "<p style='color:#333; visibility: hidden'>隐藏的说明文字</p>"
        "<p>各市：<!-- 根据晋医保发〔2020〕2号 -->请遵照执行。</p>"
        f"{BODY}{CLOSING}</div>",
    )
    notice = extract(path)
    assert "晋医保发〔2020〕" not in notice.text and "隐藏" not in notice.text
    assert "各市：请遵照执行。" in notice.text  # the text around the comment closes up
    # An empty grid the page hides is not read as fields either.
    grid = page(
        tmp_path,
        '<div style="display:none"><span>发文字号</span><p></p><span>发布时间</span><p></p></div>'
        f'<div class="article">{BODY}</div>',
        name="grid.html",
    )
    assert "doc_number" not in fields(grid)


def test_a_hidden_article_shown_by_script_is_kept(tmp_path):
    path = page(tmp_path, f'<div id="article" style="display:none">{BODY}{CLOSING}</div>')
    assert "人均财政补助标准达到580元" in extract(path).text


# 5. Links and buttons after the article's last words are furniture.


def test_correction_link_after_the_date(tmp_path):
    path = page(
        tmp_path,
        f'<div class="text">{BODY}<div style="text-align: right">山西省医疗保障局</div>'
        '<div style="text-align: right">&ensp;&ensp;&ensp;2021年7月28日</div><div>&ensp;</div><div><br></div>'
        '<div class="jiuc"><a target="_blank" href="http://hd.example.gov.cn/fuwu/jiucuo.html">网站纠错</a></div></div>',
    )
    notice = extract(path)
    assert "网站纠错" not in notice.text
    assert notice.text.strip().splitlines()[-1].strip() == "2021年7月28日"
    assert notice.documents[0].meta.issue_date == "2021-07-28"


@pytest.mark.parametrize(
    "buttons",
    [
        '<p><a href="javascript:window.print()">【打印本页】</a> <span role="button">【关闭窗口】</span></p>',
        '<div><div class="btns"><a href="#top">返回顶部</a> <span onclick="window.close()">关闭本页</span></div></div>',
    ],
    ids=["links-and-role-button", "nested-onclick"],
)
def test_print_and_close_buttons_after_the_date(tmp_path, buttons):
    # In the same block as the closing lines: a short line after the date would join them.
    path = page(tmp_path, f'<div class="text">{BODY}{CLOSING}{buttons}</div>')
    notice = extract(path)
    for word in ("打印", "关闭", "返回顶部"):
        assert word not in notice.text
    assert notice.documents[0].meta.issue_date == "2021-07-28"


def test_attachments_and_links_inside_the_text_stay(tmp_path):
    linked = BODY.replace("个人缴费标准", '<a href="/jd.html">个人缴费标准</a>')
    path = page(
        tmp_path,
        f'<div class="text">{linked}{CLOSING}'
        '<p><a href="/files/2021/fj1.xlsx">附件1.城乡居民医保缴费标准表</a></p></div>',
    )
    text = extract(path).text
    assert "附件1.城乡居民医保缴费标准表" in text
    assert "个人缴费标准达到320元" in text


# --- PDFs ----------------------------------------------------------------------

NOTICE_LINES = [
    "关于做好2023年城乡居民基本医疗保障工作的通知",
    "各县医疗保障局：",
    "一、筹资标准",
    "（一）人均财政补助标准达到640元。",
    "（二）个人缴费标准达到380元。",
    "二、待遇保障",
    "（一）政策范围内住院费用支付比例稳定在70%左右。",
    "三、工作要求",
    "市医疗保障局",
    "2023年7月20日",
]
TABLE = [["参保人员类别", "个人缴费", "财政补助"], ["城乡居民", "380", "640"], ["特困人员", "0", "1020"]]
LINE = 9  # mm
LEFT, WIDTH = 25, 160


@pytest.fixture(scope="module")
def font():
    return conversions.find_cjk_font()


def _pdf(font: Path):
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", fname=str(font), collection_font_number=conversions.face_number(Path(font)))
    pdf.set_font("cjk", size=13)
    pdf.add_page()
    return pdf


def _prose(pdf, lines, *, style: str, top: float = 25) -> float:
    """One box a line, as WPS draws paragraphs: style "F" white-filled and unstroked
    (invisible), "D" a stroked frame (a one-column box with a rule under every line)."""
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(0, 0, 0)
    y = top
    for line in lines:
        pdf.rect(LEFT, y, WIDTH, LINE, style=style)
        pdf.set_xy(LEFT, y)
        pdf.cell(WIDTH, LINE, line)
        y += LINE
    return y


def _grid(pdf, rows, top: float) -> float:
    pdf.set_draw_color(0, 0, 0)
    widths = (80, 40, 40)
    y = top
    for row in rows:
        x = LEFT
        for width, cell in zip(widths, row):
            pdf.rect(x, y, width, LINE, style="D")
            pdf.set_xy(x, y)
            pdf.cell(width, LINE, cell, align="C")
            x += width
        y += LINE
    return y


def _sections(notice):
    return [(s.number, s.title, [(c.number, c.title) for c in s.children]) for s in notice.documents[0].sections]


EXPECTED_SECTIONS = [
    ("一", "筹资标准", [("一", "人均财政补助标准达到640元"), ("二", "个人缴费标准达到380元")]),
    ("二", "待遇保障", [("一", "政策范围内住院费用支付比例稳定在70%左右")]),
    ("三", "工作要求", []),
]


def test_prose_on_invisible_boxes_is_text(tmp_path, font):
    pdf = _pdf(font)
    _prose(pdf, NOTICE_LINES, style="F")
    path = tmp_path / "wps_boxes.pdf"
    pdf.output(str(path))
    notice = extract(path)
    assert notice.tables == ()
    assert _sections(notice) == EXPECTED_SECTIONS


def test_prose_in_a_visible_one_column_frame_is_text(tmp_path, font):
    pdf = _pdf(font)
    _prose(pdf, NOTICE_LINES, style="D")
    path = tmp_path / "framed.pdf"
    pdf.output(str(path))
    notice = extract(path)
    assert notice.tables == ()
    assert _sections(notice) == EXPECTED_SECTIONS


def test_a_table_under_boxed_prose_stays_a_table(tmp_path, font):
    # The prose boxes touch the table, as on the 洪泽 report's page 2: only the ruled grid is a table.
    pdf = _pdf(font)
    bottom = _prose(pdf, NOTICE_LINES[:8], style="F")
    _grid(pdf, TABLE, bottom)
    _prose(pdf, NOTICE_LINES[8:], style="F", top=bottom + LINE * len(TABLE) + LINE)
    path = tmp_path / "mixed.pdf"
    pdf.output(str(path))
    notice = extract(path)
    assert [t.rows for t in notice.tables] == [tuple(tuple(r) for r in TABLE)]
    assert _sections(notice) == EXPECTED_SECTIONS
    assert "三、工作要求" in notice.text


def test_table_shape_rule():
    wide = [[(0, 440, "一、总体情况"), None, None]]
    cells = [[(0, 200, "类别"), (200, 320, "缴费"), (320, 440, "补助")], [(0, 200, "城乡居民"), (200, 320, "380"), (320, 440, "640")]]
    assert looks_like_table(cells, 440)
    assert looks_like_table(wide + cells, 440)
    assert not looks_like_table(wide * 3 + cells, 440)  # more prose than table: a frame around text
    assert not looks_like_table(cells[:1], 440)  # one row side by side is not enough
    assert not looks_like_table([[(0, 440, "第一行"), None], [(0, 440, "第二行"), None]], 440)
