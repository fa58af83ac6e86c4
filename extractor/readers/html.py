"""Government web pages: the article body only, and the page's own fields.

The body is found by text density, not by site-specific ids: the block with
the most Chinese text outside links wins, as in readability-style extractors.
Meta tags (ArticleTitle, PubDate, ContentSource …) and the 信息公开 table
(文号 / 发文字号, 成文日期, 发布日期, 发文机关; labels with a colon or in brackets,
letter-spaced or not), or a bare 文号 beside the page's title, give fields the
text may lack.  What a browser does not show (comments, hidden elements) is not
read, and links or buttons trailing the article are furniture, not text.
"""

from __future__ import annotations

import re
from html import escape as html_escape

from html.parser import HTMLParser

from ..errors import CorruptFileError, EmptyFileError, NotTextError
from .base import RawText, TextAssembler
from ..reading import docnumber
from ..normalize import simplified
from ..vocab import reading
from .gate import MAX_NOT_TEXT, NEITHER, not_text_share, sample
from .text import detect_encoding

DROP_TAGS = (
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form",
    "iframe", "select", "button", "input", "textarea", "svg", "template", "head",
)
BLOCK_TAGS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "blockquote", "pre", "center", "dd", "dt", "ul", "ol", "table", "tr",
}
_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _decode(data: bytes) -> str:
    match = _CHARSET.search(data[:4096])
    names = [match.group(1).decode("ascii").lower()] if match else []
    detected = detect_encoding(data)
    if detected:
        names.append(detected)
    for name in names + ["utf-8", "gb18030"]:
        if name in ("gb2312", "gbk"):
            name = "gb18030"  # a superset: pages labelled gb2312 often use GBK characters
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


_CHROME = None


def _is_chrome(el) -> bool:
    """An element whose class, id or role names page furniture (nav, share, footer …)."""
    global _CHROME
    if _CHROME is None:
        _CHROME = re.compile("|".join(map(re.escape, reading()["html"]["chrome_words"])), re.I)
    marks = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))
    return bool(marks) and bool(_CHROME.search(marks))


# Brackets a page may set a label in (【文 号】 晋医保发〔2021〕14号), with no colon after it.
_LABEL_OPEN = re.escape("【［[")
_LABEL_CLOSE = re.escape("】］]")


def _label_pattern(label: str) -> str:
    r"""A regex for a page label as pages write it: followed by a colon (文号：), or set in
    brackets (【文号】, colon optional); either way letter-spaced or not (文　号, 文&ensp;&ensp;号),
    the spacing never running over a line end.

    >>> pattern = re.compile(_label_pattern("文号"))
    >>> [bool(pattern.search(t)) for t in ("文号：X", "【文\u2002\u2002号】 X", "［文 号］：X", "文　号:X")]
    [True, True, True, True]
    >>> [bool(pattern.search(t)) for t in ("发文字号：X", "文号X", "文\n号：X", "本文号召")]
    [False, False, False, False]
    """
    spaced = "[^\\S\\n]*".join(map(re.escape, label))
    return (
        rf"(?:[{_LABEL_OPEN}][^\S\n]*{spaced}[^\S\n]*[{_LABEL_CLOSE}][^\S\n]*[:：]?"
        rf"|{spaced}[^\S\n]*[:：])"
    )


_LABELS = None


def _labels() -> dict[str, re.Pattern]:
    """The info labels of reading.toml, each with its pattern (longest first, so that 发文字号
    is tried before 字号)."""
    global _LABELS
    if _LABELS is None:
        labels = sorted(reading()["html"]["info_labels"], key=len, reverse=True)
        _LABELS = {label: re.compile(_label_pattern(label)) for label in labels}
    return _LABELS


def _is_page_info(el) -> bool:
    """An info bar or 信息公开 table: short, and made of two or more labels (with colons, or
    in brackets).

    >>> from lxml import html
    >>> _is_page_info(html.fragment_fromstring("<div>发布时间：2023-09-01 来源：市医保局</div>"))
    True
    >>> _is_page_info(html.fragment_fromstring("<p>【文&ensp;&ensp;号】 晋医保发〔2021〕14号<br>【成文日期】 2021-07-28</p>"))
    True
    >>> _is_page_info(html.fragment_fromstring("<p>现将有关事项通知如下：</p>"))
    False
    """
    text = el.text_content()
    if len(text) > 400:
        return False
    return len(_label_spans(text)) >= 2


def _label_spans(text: str) -> list[tuple[int, int]]:
    """Where labels stand in ``text``, each place once: 发文字号 holds 字号, but is one label.

    >>> _label_spans("发 文 字 号 ：津医保局发〔2024〕56号")
    [(0, 9)]
    """
    spans: list[tuple[int, int]] = []
    for pattern in _labels().values():  # longest labels first
        for match in pattern.finditer(text):
            if not any(start < match.end() and match.start() < end for start, end in spans):
                spans.append(match.span())
    return sorted(spans)


def _text_len(text: str) -> int:
    return len(_CJK.findall(text))


def _score(el) -> int:
    """CJK characters in the element, links counted against it."""
    total = _text_len(el.text_content())
    linked = sum(_text_len(a.text_content()) for a in el.iter("a"))
    return total - 2 * linked


def _best_block(root):
    """The element holding the article: the top-scoring block, then the deepest
    block inside it that still holds nearly all of its text."""
    candidates = [el for el in root.iter("div", "td", "article", "section", "main") if not _is_chrome(el)]
    if not candidates:
        return root
    scored = {el: _score(el) for el in candidates}
    best = max(candidates, key=lambda el: scored[el])
    if scored[best] < 20:
        return root
    while True:
        inner = [el for el in best.iter("div", "td", "article", "section", "main") if el is not best and el in scored]
        deeper = [el for el in inner if scored[el] >= 0.9 * scored[best]]
        if not deeper:
            return best
        best = max(deeper, key=lambda el: (scored[el], -len(list(el.iterancestors()))))


def _render(el, out: TextAssembler) -> None:
    """Block elements become lines, tables rows of tab-separated cells; a comment or a
    processing instruction shows nothing but the text after it."""
    if not isinstance(el.tag, str):
        out.add(el.tail or "")
        return
    tag = el.tag
    if tag == "table":
        rows = []
        for tr in el.iter("tr"):
            cells = [c.text_content() for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            if cells:
                rows.append(cells)
        if rows and max(len(r) for r in rows) >= 2:
            out.add_table(rows)
            out.add(el.tail or "")
            return
    if tag in BLOCK_TAGS:
        out.ensure_newline()
    if tag == "br":
        out.add("\n")
    elif el.text:
        out.add(el.text)
    for child in el:
        if isinstance(child.tag, str) and child.tag in DROP_TAGS:
            out.add(child.tail or "")
            continue
        _render(child, out)
    if tag in BLOCK_TAGS:
        out.ensure_newline()
    if el.tail:
        out.add(el.tail)


def _fields(tree, page_text: str) -> dict:
    fields: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").lower()
        content = (meta.get("content") or "").strip()
        meta_fields = reading()["html"]["meta_fields"]
        if key in meta_fields and content:
            fields.setdefault(meta_fields[key], content)
    if "title" in fields and not _CJK.search(fields["title"]):
        fields.pop("title")
    keys = reading()["html"]["info_labels"]
    # Labels (文號, 發布機構) found on the simplified view; their values, names the notice is filed under,
    # read off it as well (the later stages give 文号 and issuers in simplified too).
    page_text = simplified(page_text)
    for label, pattern in _labels().items():
        key = keys[label]
        if not key:
            continue
        for match in pattern.finditer(page_text):
            value = _label_value(page_text[match.end():])
            if value:
                if key in ("issue_date", "publish_date"):
                    value = value[:20]
                fields.setdefault(key, value)
                break
    return fields


def _label_value(rest: str) -> str:
    r"""The value after a label: the rest of its line (or the next line, when the label ends
    its own: a table cell), up to the next label on the line.

    >>> _label_value(" 晋医保发〔2021〕14号\n【成文日期】 2021-07-28")
    '晋医保发〔2021〕14号'
    >>> _label_value("\n2023-09-01 来源：市医保局")
    '2023-09-01'
    >>> _label_value("\n发文字号：\n忻医保发〔2023〕10号")
    ''
    """
    match = re.match(r"\s*([^\n\t]{2,80})", rest)
    if not match:
        return ""
    value = match.group(1)
    for pattern in _labels().values():
        found = pattern.search(value)
        if found:
            value = value[: found.start()]
    return value.strip()


_HIDING_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!\s*important\s*)?(?:;|$)", re.I)


def _is_hidden(el) -> bool:
    """An element the browser does not show: ``hidden``, or styled display:none /
    visibility:hidden in its own style attribute.

    >>> from lxml import html
    >>> _is_hidden(html.fragment_fromstring('<div style="display: none;"><h3>注释：</h3></div>'))
    True
    >>> _is_hidden(html.fragment_fromstring('<p hidden>x</p>')), _is_hidden(html.fragment_fromstring('<p style="color:red">x</p>'))
    (True, False)
    """
    return el.get("hidden") is not None or bool(_HIDING_STYLE.search(el.get("style") or ""))


def _drop_unseen(tree) -> None:
    """Drop what a reader of the page never sees: comments, processing instructions and
    hidden elements (a site's 注释 box, an empty 信息公开 grid kept for another layout).

    A hidden element holding most of the page's text is kept: that is an article a
    script shows once the page has loaded, and reading nothing would be worse.

    >>> from lxml import html
    >>> page = html.document_fromstring('<html><body><div id="a"><!-- 废止框 --><div style="display:none">'
    ...     '全文废止</div><p>关于做好城乡居民医疗保障工作的通知</p></div></body></html>')
    >>> _drop_unseen(page); page.body.text_content()
    '关于做好城乡居民医疗保障工作的通知'
    """
    from lxml import etree

    for node in list(tree.iter(etree.Comment, etree.ProcessingInstruction)):
        parent = node.getparent()
        if parent is not None:
            _drop_keeping_tail(node, parent)
    total = _text_len(tree.text_content())
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or el.tag in ("head", "meta", "title"):
            continue
        if _is_hidden(el) and not any(_is_hidden(a) for a in el.iterancestors()):
            if _text_len(el.text_content()) <= total / 2:
                el.drop_tree()


def _drop_keeping_tail(node, parent) -> None:
    """Remove a node (an element, a comment) and keep the text that follows it."""
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


# Links to these are a notice's attachments, part of it, not page furniture.
_FILE_LINK = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|txt|jpe?g|png|tiff?)(?:$|[?#])", re.I)


def _compact(text: str) -> str:
    return "".join(text.split())


def _is_link_furniture(el) -> bool:
    """An element whose every visible character sits in links or buttons, none of them a file.

    >>> from lxml import html
    >>> _is_link_furniture(html.fragment_fromstring('<div class="jiuc"><a href="/jiucuo.html">网站纠错</a></div>'))
    True
    >>> _is_link_furniture(html.fragment_fromstring('<p>附件：<a href="/a.xls">缴费标准表</a></p>'))
    False
    >>> _is_link_furniture(html.fragment_fromstring('<p><a href="/files/1.pdf">缴费标准表</a></p>'))
    False
    """
    text = _compact(el.text_content())
    if not text:
        return False
    actions = [
        a for a in el.iter()
        if isinstance(a.tag, str) and (a.tag == "a" or a.get("onclick") is not None or a.get("role") == "button")
    ]
    if not actions or any(_FILE_LINK.search(a.get("href") or "") for a in actions):
        return False
    inner = set()
    for action in actions:
        inner.update(id(d) for d in action.iterdescendants())
    linked = "".join(_compact(a.text_content()) for a in actions if id(a) not in inner)
    return linked == text


def _drop_trailing_furniture(block) -> None:
    r"""Drop the links and buttons a page sets after the article's last words (网站纠错,
    打印本页, 关闭窗口, 返回顶部): they are no part of the notice, and a line of them
    after the date hides the date's place as the last line of the closing block.

    Only what trails the article goes (a link inside the text stays), and only when
    there is article text before it.

    >>> from lxml import html
    >>> block = html.fragment_fromstring('<div><p>财政部</p><p>2013年10月28日</p><p>&ensp;</p>'
    ...     '<div><a href="/jiucuo.html">网站纠错</a> <a href="javascript:print()">打印</a></div></div>')
    >>> _drop_trailing_furniture(block); block.text_content()
    '财政部2013年10月28日\u2002'
    """
    furniture = []
    node = block
    while node is not None:
        deeper = None
        for child in reversed([c for c in node if isinstance(c.tag, str)]):
            if (child.tail or "").strip():
                break  # article text after it: nothing further trails
            if not _compact(child.text_content()):
                continue  # a spacer
            if _is_link_furniture(child):
                furniture.append(child)
                continue
            deeper = child  # the article's last words: what trails may sit inside it
            break
        node = deeper
    # Furniture with no article text before it leaves the block empty: a page of links, kept.
    if furniture and _text_len(block.text_content()) > sum(_text_len(f.text_content()) for f in furniture):
        for el in furniture:
            el.drop_tree()


def _heading_texts(tree, fields: dict) -> list[str]:
    """What the page shows as its title: the title of its meta tags, its <title> up to the
    site's name, its h1–h3 headings; compact, and at least six characters long."""
    found = [fields.get("title") or "", re.split(r"[_|｜]|\s[-—–]\s", tree.findtext(".//title") or "")[0]]
    found += [h.text_content() for h in tree.iter("h1", "h2", "h3")]
    out = []
    for text in found:
        text = _compact(text)
        if _text_len(text) >= 6 and text not in out:
            out.append(text)
        if "关于" in text[1:]:  # the page may show the title without the issuers its meta tag names
            short = text[text.index("关于", 1):]
            if _text_len(short) >= 6 and short not in out:
                out.append(short)
    return out


def number_by_title(page_text: str, titles: list[str]) -> str | None:
    r"""A 文号 standing alone right under (or above) the page's title, outside the article.

    Sites set the title and its 文号 in a header above the block that holds the
    text, often without a label: the number is the rest of the title's line, or
    the next line, when that is nothing but a 文号 (or the line before the title).

    >>> number_by_title("首页\n关于继续执行的通知 财税〔2013〕81号 成文日期:2013-10-28", ["关于继续执行的通知"])
    '财税〔2013〕81号'
    >>> number_by_title("晋医保发〔2021〕14号\n关于做好医疗保障工作的通知\n各市：", ["关于做好医疗保障工作的通知"])
    '晋医保发〔2021〕14号'
    >>> number_by_title("关于做好医疗保障工作的通知\n按照（医保发〔2020〕32号）要求", ["关于做好医疗保障工作的通知"]) is None
    True
    """
    lines = [line for line in (_compact(line) for line in page_text.split("\n")) if line]
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line)
    joined = "".join(lines)
    places = []
    for title in titles:
        at = joined.find(title)
        while at >= 0:  # a breadcrumb may name the title before the header does
            places.append((at, at + len(title)))
            at = joined.find(title, at + 1)
    for at, end in places:
        first = max(i for i, s in enumerate(starts) if s <= at)
        last = max(i for i, s in enumerate(starts) if s < end)
        after = lines[last][end - starts[last]:] or (lines[last + 1] if last + 1 < len(lines) else "")
        before = lines[first][: at - starts[first]] or (lines[first - 1] if first > 0 else "")
        for candidate in (after, before):
            # The header may go on with the page's fields on the same line: 财税〔2013〕81号 成文日期:…
            labels = _label_spans(candidate)
            candidate = candidate[: labels[0][0]] if labels else candidate
            if candidate and docnumber.is_standalone(candidate):
                return candidate
    return None


_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Elements nested deeper than this are flattened into their text when libxml2 gave up on a page.
MAX_DEPTH = 128
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
# A start tag of these closes an open element of the same kind (a <p> closes the <p> before it).
SELF_CLOSING_SIBLINGS = {"p": {"p"}, "li": {"li"}, "td": {"td", "th"}, "th": {"td", "th"}, "tr": {"tr", "td", "th"},
                         "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "option": {"option"}}


class _Flattener(HTMLParser):
    """Rewrites a page with every element deeper than ``max_depth`` replaced by its text (a block
    element by a new line), what the browser does not show (scripts, menus, hidden elements)
    at that depth left out."""

    def __init__(self, max_depth: int = MAX_DEPTH):
        super().__init__(convert_charrefs=True)
        self.max_depth = max_depth
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, written out)
        self.skipping = 0  # depth inside a flattened element whose content is not shown

    def _break(self) -> None:
        """A line break for a flattened block element; one is enough between two texts."""
        if self.out and not self.out[-1].endswith("\n"):
            self.out.append("\n")

    def _close(self, index: int) -> None:
        """Close the open elements from ``index`` on, the unseen ones among them silently."""
        if self.skipping:
            unseen_from = len(self.stack) - self.skipping
            if index >= unseen_from:
                self.skipping -= len(self.stack) - index
                del self.stack[index:]
                return
            del self.stack[unseen_from:]
            self.skipping = 0
        for tag, kept in reversed(self.stack[index:]):
            if kept:
                self.out.append(f"</{tag}>")
            elif tag in BLOCK_TAGS:
                self._break()
        del self.stack[index:]

    def handle_starttag(self, tag, attrs):
        closes = SELF_CLOSING_SIBLINGS.get(tag)
        if closes and self.stack and self.stack[-1][0] in closes:
            self._close(len(self.stack) - 1)
        if tag in VOID_TAGS:
            if self.skipping:
                return
            if len(self.stack) < self.max_depth:
                self.out.append(self.get_starttag_text())
            elif tag == "br":
                self._break()
            return
        if self.skipping:
            self.skipping += 1
            self.stack.append((tag, False))
            return
        keep = len(self.stack) < self.max_depth
        if keep:
            self.out.append(self.get_starttag_text())
        else:
            named = dict(attrs)
            unseen = tag in DROP_TAGS or "hidden" in named or _HIDING_STYLE.search(named.get("style") or "")
            if unseen:
                self.skipping = 1
            elif tag in BLOCK_TAGS:
                self._break()
        self.stack.append((tag, keep))

    def handle_startendtag(self, tag, attrs):
        if not self.skipping and len(self.stack) < self.max_depth:
            self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                break
        else:
            return  # an end tag with no element open: browsers ignore it
        self._close(index)

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(html_escape(data, quote=False))

    def handle_comment(self, data):
        if not self.skipping:
            self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")


def flatten(text: str, max_depth: int = MAX_DEPTH) -> str:
    """The page with elements deeper than ``max_depth`` replaced by their text.

    >>> flatten("<div><div><p>关于<b>做好</b></p><script>x()</script></div></div>", max_depth=2)
    '<div><div>\\n关于做好\\n</div></div>'
    >>> flatten("<div><div><nav><a>首页</a></div><p>通知</p></div>", max_depth=2)  # a menu left open
    '<div><div></div><p>通知</p></div>'
    """
    flattener = _Flattener(max_depth)
    flattener.feed(text)
    flattener.close()
    return "".join(flattener.out)


def _hit_limit(parser) -> bool:
    """libxml2 stopped at one of its limits (256 nested elements, a text node over 10 MB) and
    dropped everything after it, silently but for this entry in its log."""
    return any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log)


def parse_page(text: str, path):
    """The page's tree, with all its text: a page libxml2 cannot parse whole (nested more than 256
    deep, a text node over 10 MB) is parsed again flattened and without its size limits.

    >>> deep = "<html><body>" + "<div>" * 300 + "<p>关于做好城乡居民医疗保障工作的通知</p>" + "</div>" * 300 + "</body></html>"
    >>> parse_page(deep, "deep.html").text_content().strip()
    '关于做好城乡居民医疗保障工作的通知'
    """
    from lxml import etree, html

    parser = html.HTMLParser()
    try:
        tree = html.document_fromstring(text, parser=parser)
        if not _hit_limit(parser):
            return tree
        # HTML has no entities to expand, so lifting the limits opens no entity bomb.
        parser = html.HTMLParser(huge_tree=True)
        tree = html.document_fromstring(flatten(text), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFileError(path, f"the page does not parse as HTML ({exc})") from None
    if _hit_limit(parser):
        raise CorruptFileError(path, "the page is too deeply nested or too large for the HTML parser to read whole")
    return tree


def read_html(data: bytes, path) -> RawText:
    text = _decode(data)
    if not text.strip():
        raise EmptyFileError(path, "the page is empty")
    # Bytes that decode to control characters are not a page, whatever the name says (and lxml refuses NUL).
    share = not_text_share(sample(text))
    if share > MAX_NOT_TEXT:
        raise NotTextError(path, f"the file is named as a web page but is not text: {share:.0%} of its characters are {NEITHER}")
    # A stray control character is no reason to lose a page: lxml refuses them, browsers skip them.
    tree = parse_page(_XML_INCOMPATIBLE.sub("", text), path)
    # What the page does not show is not read, neither as text nor as a field.
    _drop_unseen(tree)
    fields_text = "\n".join(t.strip() for t in tree.itertext() if t.strip())
    fields = _fields(tree, fields_text)  # before the head and the info bar are dropped
    headings = _heading_texts(tree, fields)
    for el in list(tree.iter(*DROP_TAGS)):
        el.drop_tree()
    for el in list(tree.iter()):
        if isinstance(el.tag, str) and el.tag not in ("html", "body") and _is_chrome(el):
            el.drop_tree()
    # Innermost first, so that only the bar goes, not the article around it.
    for el in reversed(list(tree.iter("div", "p", "table", "span", "ul", "section"))):
        if el.getparent() is not None and _is_page_info(el):
            el.drop_tree()
    root = tree.body if tree.find("body") is not None else tree
    if "doc_number" not in fields:
        page = TextAssembler()
        _render(root, page)
        number = number_by_title(page.text(), headings)
        if number:
            fields["doc_number"] = number
    body = _best_block(root)
    _drop_trailing_furniture(body)
    out = TextAssembler()
    _render(body, out)
    raw = out.text()
    return RawText(
        text=raw,
        format="html",
        encoding=None,
        tables=tuple(out.tables),
        fields=fields,
    )
