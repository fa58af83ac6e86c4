"""Body paragraphs → section tree.

A paragraph that starts with a heading marker (一、 （一） 1. （1） ①) opens a
section when its number continues the numbering: the next sibling, the
first child of a new level, or the next of a numbering that runs on across
parents (（一）…（二十二） under 一、…七、).  Anything else that merely looks
like a marker is body text.  The title is the heading text up to the first 。.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..grammar import heading_marker
from ..models import Section, Span
from ..numerals import cn_to_int

# 。 ends a title; so does "." after a Chinese character on pages whose punctuation became ASCII.
TITLE_END = re.compile(r"。|(?<=[^\x00-\x7f])\.(?![0-9])")


@dataclass
class _Open:
    kind: str
    value: int
    number: str
    marker: str
    start: int
    title: str
    title_span: Span
    children: list = field(default_factory=list)
    end: int = 0


def _title(text: str, offset: int, after_marker: int) -> tuple[str, Span]:
    """Heading text after the marker up to the first 。 (whitespace trimmed).

    >>> _title("（一）提高财政补助标准。2021年…", 0, 3)
    ('提高财政补助标准', Span(start=3, end=11))
    >>> _title("1.缴费标准为每人1.5万元.其他", 0, 2)[0]
    '缴费标准为每人1.5万元'
    >>> _title("（二）下列收入免征所得税：", 0, 3)[0]
    '下列收入免征所得税'

    A trailing ；，： (FIELDS.md) is not part of the title.
    """
    rest = text[after_marker:]
    stop = TITLE_END.search(rest)
    head = rest if stop is None else rest[: stop.start()]
    lead = len(head) - len(head.lstrip())
    head = head.strip().rstrip("；;，,：:").rstrip()
    start = offset + after_marker + lead
    return head, Span.model_construct(start=start, end=start + len(head))


def build_sections(text: str, paragraphs, body_end: int) -> tuple[Section, ...]:
    """Section tree of the paragraphs (spans into ``text``)."""
    stack: list[_Open] = []
    roots: list[_Open] = []
    last_value: dict[str, int] = {}

    def close_to(depth: int, end: int) -> None:
        while len(stack) > depth:
            node = stack.pop()
            node.end = end

    for para in paragraphs:
        content = text[para.start : para.end]
        found = heading_marker(content)
        if not found:
            continue
        kind, number_text, match = found
        value = cn_to_int(number_text) if kind != "circled" else "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(number_text) + 1
        if value is None:
            continue
        depth = next((d for d, node in enumerate(stack) if node.kind == kind), None)
        if depth is not None:
            if value != stack[depth].value + 1:
                continue
        else:
            if not (value == 1 or value == last_value.get(kind, -1) + 1):
                continue
            if not stack and roots and roots[-1].kind != kind:
                continue  # a first-level list must keep its marker kind
            depth = len(stack)
        close_to(depth, para.start)
        title, title_span = _title(content, para.start, match.end())
        bare = str(value) if kind in ("arabic", "paren_arabic", "circled") else number_text
        node = _Open(kind, value, bare, match.group(0).strip(), para.start, title, title_span)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        last_value[kind] = value
    close_to(0, body_end)
    return tuple(_freeze(node, 1, "") for node in roots)


def as_written(sections: tuple[Section, ...], text: str) -> tuple[Section, ...]:
    """The tree with each title cut from ``text`` by its span: sections are found on the view of
    the text (traditional characters read as simplified, same offsets), titles are quoted as written.

    >>> tree = build_sections("一、提高个人缴费标准。", [Span(start=0, end=11)], 11)
    >>> [s.title for s in as_written(tree, "一、提高個人繳費標準。")]
    ['提高個人繳費標準']
    """
    return tuple(
        section.model_copy(update={
            "title": text[section.title_span.start : section.title_span.end],
            "children": as_written(section.children, text),
        })
        for section in sections
    )


def _freeze(node: _Open, level: int, parent_path: str) -> Section:
    path = f"{parent_path}/{node.number}" if parent_path else node.number
    # Built from offsets and strings made here: validation would only cost time.
    return Section.model_construct(
        number=node.number,
        title=node.title,
        marker=node.marker,
        level=level,
        path=path,
        span=Span.model_construct(start=node.start, end=node.end),
        title_span=node.title_span,
        children=tuple(_freeze(child, level + 1, path) for child in node.children),
    )
