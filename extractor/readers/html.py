"""Government web pages: the article body only, and the page's own fields.

The body is found by text density, not by site-specific ids: the block with
the most Chinese text outside links wins, as in readability-style extractors.
Meta tags (ArticleTitle, PubDate, ContentSource …) and the 信息公开 table
(文号 / 发文字号, 成文日期, 发布日期, 发文机关) give fields the text may lack.
"""

from __future__ import annotations

import re

from ..errors import CorruptFileError, EmptyFileError
from .base import RawText, TextAssembler
from ..vocab import reading
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


def _is_page_info(el) -> bool:
    """An info bar or 信息公开 table: short, and made of two or more labels with colons.

    >>> from lxml import html
    >>> _is_page_info(html.fragment_fromstring("<div>发布时间：2023-09-01 来源：市医保局</div>"))
    True
    >>> _is_page_info(html.fragment_fromstring("<p>现将有关事项通知如下：</p>"))
    False
    """
    text = el.text_content()
    if len(text) > 400:
        return False
    labels = reading()["html"]["info_labels"]
    found = sum(1 for label in labels if re.search(rf"{label}\s*[:：]", text))
    return found >= 2


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
    """Block elements become lines, tables rows of tab-separated cells."""
    tag = el.tag if isinstance(el.tag, str) else ""
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
    for label, key in reading()["html"]["info_labels"].items():
        if not key:
            continue
        match = re.search(rf"{label}\s*[:：]\s*([^\n\t]{{2,80}})", page_text)
        if match:
            value = match.group(1).strip()
            if key in ("issue_date", "publish_date"):
                value = value[:20]
            fields.setdefault(key, value)
    return fields


def read_html(data: bytes, path) -> RawText:
    from lxml import etree, html

    text = _decode(data)
    if not text.strip():
        raise EmptyFileError(path, "the page is empty")
    try:
        tree = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFileError(path, f"the page does not parse as HTML ({exc})") from None
    fields_text = "\n".join(t.strip() for t in tree.itertext() if t.strip())
    fields = _fields(tree, fields_text)  # before the head and the info bar are dropped
    for el in list(tree.iter(*DROP_TAGS)):
        el.drop_tree()
    for el in list(tree.iter()):
        if isinstance(el.tag, str) and el.tag not in ("html", "body") and _is_chrome(el):
            el.drop_tree()
    # Innermost first, so that only the bar goes, not the article around it.
    for el in reversed(list(tree.iter("div", "p", "table", "span", "ul", "section"))):
        if el.getparent() is not None and _is_page_info(el):
            el.drop_tree()
    body = _best_block(tree.body if tree.find("body") is not None else tree)
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
