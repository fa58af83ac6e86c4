"""Lines of a notice: page furniture removed, spacing repaired, parts found.

From the raw text of a reader this module makes :class:`Line` records (each
remembers which source characters it is made of), drops page numbers and
running headers, finds where one document ends and a forwarded one begins,
and inside each document the header block, the addressee, the body and the
closing block.  It also decides which body lines are hard wraps of one
paragraph.  It never changes a character: it only chooses which to keep.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass, field

from . import docnumber
from ..numerals import DATE
from ..readers.base import CELL_SEPARATOR, RawText
from ..grammar import COLON_MARKS, ITEM_MARKS, LINE_TERMINAL, heading_marker
from ..vocab import reading

# Of the terminal marks, these end a clause or a list item (；) or open what follows (：), never
# the sentence: a line ending in one ends its paragraph only when the line is not a wrap (_joins).
CLAUSE_END = "".join(ch for ch in LINE_TERMINAL if ch in ITEM_MARKS + COLON_MARKS)
CLOSING_QUOTES = "”’」』）)"
_WS = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\ufeff]+")
_TOKEN = re.compile(r"[^ \t\u00a0\u3000\u2002\u2003\u2009\ufeff]+")
_ASCII_WORD_END = re.compile(r"[A-Za-z0-9%.]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z0-9]")
# A seal leaves a word beside the 落款 that is neither name nor date: （盖章）, （印章）.
_SEAL = "|".join(map(re.escape, sorted(reading()["dates"]["seal_marks"], key=len, reverse=True)))
# A line that is only a date, perhaps with the verb that dates it (2023年8月30日印发), perhaps
# after or before a seal's word: the 落款 date.
DATE_LINE = re.compile(
    rf"^(?:{_SEAL})?\s*[（(]?\s*(?:{DATE.pattern})\s*(?:{'|'.join(map(re.escape, reading()['dates']['issue_cues']))})?\s*[）)]?\s*(?:{_SEAL})?$"
)


def without_seal(text: str) -> str:
    """The line without the word a seal left in it.

    >>> without_seal("江城县医疗保障局（印章）"), without_seal("二〇二四年九月三十日")
    ('江城县医疗保障局', '二〇二四年九月三十日')
    """
    return re.sub(_SEAL, "", text).strip() if _SEAL else text


@dataclass(slots=True)
class Line:
    """One kept line: ``text`` is made of the source ranges in ``pieces``."""

    text: str
    pieces: list[tuple[int, int]]
    source_line: str  # the line as in the source, spacing included (for splitting issuer names)
    table: bool = False


@dataclass
class DocLayout:
    """Line indexes of one document's parts; ``joins`` are body lines glued to the line before."""

    start: int
    end: int
    header_end: int  # header is lines[start:header_end]
    addressee: tuple[int, int] | None
    body: tuple[int, int]
    closing_start: int  # closing is lines[closing_start:attachments_start]
    attachments_start: int = -1  # attachments (附件1 … after the 落款) are lines[attachments_start:end]
    title_lines: tuple[int, int] | None = None
    doc_number_line: int | None = None
    joins: set[int] = field(default_factory=set)


def ends_sentence(text: str) -> bool:
    """
    >>> ends_sentence("现通知如下："), ends_sentence("科学合理确"), ends_sentence("（此件主动公开）")
    (True, False, False)
    >>> ends_sentence("确保“应保尽保。”"), ends_sentence("请按时缴费."), ends_sentence("比例为1.")
    (True, True, False)
    """
    if not text:
        return True
    last = text[-1]
    if last in LINE_TERMINAL:
        return True
    if last in CLOSING_QUOTES and len(text) > 1 and text[-2] in LINE_TERMINAL:
        return True
    # Pages whose punctuation was turned into ASCII end sentences with "." after a Chinese character.
    return last == "." and len(text) > 1 and not text[-2].isascii()


# --- lines -----------------------------------------------------------------


@lru_cache(maxsize=None)
def _patterns_of(table: str, key: str) -> re.Pattern:
    """One regex of the alternatives listed under reading.toml [table] key."""
    return re.compile("|".join(f"(?:{p})" for p in reading()[table][key]))


def _matches_line(text: str, table: str, key: str, longest: int) -> bool:
    """Whether a short line (at most ``longest`` characters, stripped) matches the patterns of [table] key."""
    compact = text.strip()
    return bool(compact) and len(compact) <= longest and bool(_patterns_of(table, key).match(compact))



def _is_page_number(text: str) -> bool:
    """A line that is only a page number (patterns in reading.toml).

    >>> [_is_page_number(t) for t in ("—2—", " - 12 - ", "第2页 共5页", "2/5", "2023年")]
    [True, True, True, True, False]
    """
    return _matches_line(text, "layout", "page_number_patterns", 20)


def is_print_furniture(text: str) -> bool:
    """A line a browser added when printing a page (its address, the print time): patterns in reading.toml.

    >>> is_print_furniture("https://ybj.example.gov.cn/zcwj/202409/t2024_1.html  1/3")
    True
    >>> is_print_furniture("2024/9/30 下午4:05 关于做好居民医保工作的通知")
    True
    >>> is_print_furniture("2024年9月30日"), is_print_furniture("2024-10-08 09:00 至 17:00 集中办理")
    (False, False)
    """
    return _matches_line(text, "html", "print_furniture_patterns", 200)


def _line_pieces(line: str, offset: int, table: bool) -> tuple[str, list[tuple[int, int]]]:
    """Keep the characters of a line, dropping spacing that PDF layout put between
    Chinese characters (河 南 省 → 河南省) but keeping one space between ASCII words.

    >>> _line_pieces(" 河 南 省 医 疗 保 障 局 ", 0, False)
    ('河南省医疗保障局', [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12), (13, 14), (15, 16)])
    >>> _line_pieces("2. 2022年 DIP 付费", 0, False)[0]
    '2. 2022年DIP付费'
    """
    if table and CELL_SEPARATOR in line:
        text_parts, pieces = [], []
        position = 0
        for index, cell in enumerate(line.split(CELL_SEPARATOR)):
            if index:
                pieces.append((offset + position - 1, offset + position))
                text_parts.append(CELL_SEPARATOR)
            cell_text, cell_pieces = _line_pieces(cell, offset + position, False)
            text_parts.append(cell_text)
            pieces.extend(cell_pieces)
            position += len(cell) + 1
        return "".join(text_parts), pieces
    stripped = line.strip(" \t\u00a0\u3000\u2002\u2003\u2009\ufeff")
    if not _WS.search(stripped):
        # Most lines have no inner spacing: one piece.
        lead = line.find(stripped[:1]) if stripped else 0
        return stripped, [(offset + lead, offset + lead + len(stripped))] if stripped else []
    tokens = list(_TOKEN.finditer(line))
    text_parts: list[str] = []
    pieces: list[tuple[int, int]] = []
    for index, token in enumerate(tokens):
        if index:
            previous = tokens[index - 1].group()
            if _ASCII_WORD_END.search(previous) and _ASCII_WORD_START.search(token.group()):
                gap = tokens[index - 1].end()
                pieces.append((offset + gap, offset + gap + 1))
                text_parts.append(" ")
        pieces.append((offset + token.start(), offset + token.end()))
        text_parts.append(token.group())
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return "".join(text_parts).replace("\u3000", " "), merged


def _running_lines(raw: RawText, page_lines: list[list[tuple[str, int]]]) -> set[int]:
    """Source offsets of lines repeated at the top or bottom of most pages."""
    if len(page_lines) < 3:
        return set()
    edges: list[list[tuple[str, int]]] = []
    for lines in page_lines:
        kept = [(t, o) for t, o in lines if t.strip()]
        edges.append(kept[:2] + kept[-2:] if len(kept) > 4 else kept)
    counts: Counter[str] = Counter()
    keys_per_page = []
    for edge in edges:
        keys = {re.sub(r"\d+", "#", "".join(t.split())) for t, _ in edge}
        keys_per_page.append(keys)
        counts.update(keys)
    threshold = max(3, (len(page_lines) + 1) // 2)
    frequent = {k for k, n in counts.items() if n >= threshold and len(k) <= 60}
    drop = set()
    for edge in edges:
        for text, offset in edge:
            if re.sub(r"\d+", "#", "".join(text.split())) in frequent:
                drop.add(offset)
    return drop


def read_lines(raw: RawText) -> list[Line]:
    """The kept lines of a raw text.

    >>> from extractor.readers.base import RawText
    >>> [l.text for l in read_lines(RawText("河 南 省 财 政 厅\\n\\n—2—\\n疗机构不设起付标准。\\n", "txt"))]
    ['河南省财政厅', '疗机构不设起付标准。']
    """
    text = raw.text
    table_ranges = [(t.start, t.end) for t in raw.tables]
    # Lines with their offsets, grouped by page (pages split on form feeds or the page map).
    page_starts = [p.start for p in raw.pages] or [0]
    page_lines: list[list[tuple[str, int]]] = [[] for _ in page_starts]
    offset = 0
    page_index = 0
    last_page = len(page_starts) - 1
    for line in text.split("\n"):
        while page_index < last_page and offset >= page_starts[page_index + 1]:
            page_index += 1
        page_lines[page_index].append((line, offset))
        offset += len(line) + 1
    running = _running_lines(raw, page_lines) if last_page >= 2 else set()
    lines: list[Line] = []
    table_index = 0
    for page in page_lines:
        for line, offset in page:
            line = line.replace("\f", " ")
            stripped = line.strip()
            if not stripped:
                continue
            # Page numbers and running headers and footers are left out of the text.
            if (running and offset in running) or (len(stripped) <= 20 and _is_page_number(stripped)):
                continue
            if is_print_furniture(stripped):
                continue
            while table_index < len(table_ranges) and table_ranges[table_index][1] <= offset:
                table_index += 1
            in_table = table_index < len(table_ranges) and table_ranges[table_index][0] <= offset
            is_table = in_table or (CELL_SEPARATOR in line and _looks_like_row(line))
            line_text, pieces = _line_pieces(line, offset, is_table)
            if line_text:
                lines.append(Line(line_text, pieces, line, table=is_table and CELL_SEPARATOR in line_text))
    return _split_opening(lines)


def _split_opening(lines: list[Line]) -> list[Line]:
    """The opening of a page flattened onto one line split back into its parts (see
    :func:`_split_run_on`); a PDF may have wrapped that line at the page width, so its first
    lines are read as one while each fills the width as the ones before it do."""
    for k in range(1, min(len(lines), 12) + 1):
        head = lines[:k]
        if head[-1].table or (k > 1 and ends_sentence(head[-2].text)):
            break
        if k > 2:
            widths = [display_width(line.text) for line in head[:-1]]
            if min(widths) < 0.85 * max(widths):
                break
        split = _split_run_on(head)
        if split is not None:
            return split + lines[k:]
    return lines


_EDGE_SPACE = " \t\u00a0\u3000\u2002\u2003\u2009\ufeff"


def _split_run_on(head: list[Line]) -> list[Line] | None:
    """Lines of a page flattened onto one line (title, issuers, 文号, addressee and body, only
    spaces between them), split back at its spaces up to the end of the addressee; what follows
    stays as it was.  None unless the text is longer than any title, opens with a title, and one
    of its first space-separated parts is an addressee ending with its colon.

    >>> source = "关于做好工作的通知 江城市医疗保障局 江医保〔2024〕3号 各县区: " + "一、提高标准。" * 12
    >>> [l.text for l in _split_run_on([Line(source, [(0, len(source))], source)])][:5]
    ['关于做好工作的通知', '江城市医疗保障局', '江医保〔2024〕3号', '各县区:', '一、提高标准。一、提高标准。一、提高标准。一、提高标准。一、提高标准。一、提高标准。一、提高标准。一、提高标准。一、提高标准。一、提高标准。一、提高标准。一、提高标准。']
    """
    # The lines glued as one (a wrap falls inside a part), each character with its source offset.
    combined: list[str] = []
    offsets: list[int] = []
    bounds: list[int] = []  # where each line starts in the combined text
    for line in head:
        if not line.pieces:
            return None
        stripped = line.source_line.strip(_EDGE_SPACE)
        bounds.append(len(combined))
        combined.extend(stripped)
        offsets.extend(range(line.pieces[0][0], line.pieces[0][0] + len(stripped)))
    text = "".join(combined)
    if display_width("".join(text.split())) <= 90:
        return None
    parts = list(_TOKEN.finditer(text))
    # It opens with its title, or with its issuers and then the title.
    if len(parts) < 3 or not (is_title_line(parts[0].group()) or org_like(parts[0].group())):
        return None
    cut = None
    titled = False
    for index, part in enumerate(parts[:12]):
        token = part.group()
        titled = titled or is_title_line(token)
        if token.endswith(("：", ":")) and _is_addressee_start(token):
            cut = index + 1
            break
    if cut is None or not titled:
        return None
    out = []
    for part in parts[:cut]:
        pieces: list[tuple[int, int]] = []
        for position in range(part.start(), part.end()):
            at = offsets[position]
            if pieces and pieces[-1][1] == at:
                pieces[-1] = (pieces[-1][0], at + 1)
            else:
                pieces.append((at, at + 1))
        out.append(Line(part.group(), pieces, part.group()))
    # What follows the addressee keeps its lines.
    rest = parts[cut].start() if cut < len(parts) else len(text)
    for index, line in enumerate(head):
        start, end = bounds[index], bounds[index + 1] if index + 1 < len(head) else len(text)
        if end <= rest:
            continue
        begin = max(start, rest)
        source = text[begin:end]
        rest_text, rest_pieces = _line_pieces(source, offsets[begin], False)
        if rest_text:
            out.append(Line(rest_text, rest_pieces, source))
    return out


def _looks_like_row(line: str) -> bool:
    """A text line of tab-separated cells (a table pasted as text)."""
    cells = [c for c in line.split(CELL_SEPARATOR) if c.strip()]
    return len(cells) >= 2


# --- documents and their parts ----------------------------------------------


@lru_cache(maxsize=None)
def _ending_in(table: str, key: str, tail: str) -> re.Pattern:
    """One regex: a text that ends in one of the words of reading.toml [table] key (longest
    first), then ``tail``."""
    words = sorted(reading()[table][key], key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")" + tail + "$")


def _doc_type_end(text: str) -> bool:
    """
    >>> _doc_type_end("关于做好工作的通知"), _doc_type_end("关于转发《…的通知》"), _doc_type_end("关于做好")
    (True, True, False)
    """
    return bool(_ending_in("layout", "doc_types", "[》>”\"）)]*").search(text))


def is_title_line(text: str) -> bool:
    """A line that starts (or whose issuers are followed by) 关于 and holds no sentence.

    >>> is_title_line("关于做好2023年城乡居民基本医疗保障工作的")
    True
    >>> is_title_line("为贯彻落实关于……的通知，现通知如下：")
    False
    >>> is_title_line("2023年度城乡居民医保参保缴费公告")
    True
    """
    if len(text) > 90 or ("关于" not in text and not _doc_type_end(text)):
        return False
    if any(ch in text for ch in "。；;：:"):
        return False
    close, open_ = text.find("》"), text.find("《")
    if close >= 0 and (open_ < 0 or close < open_):
        return False  # the tail of a quoted title, wrapped: …关于做好…的通知》
    position = text.find("关于")
    if position == 0:
        return True
    if position > 0:
        return org_like(text[:position])
    # Titles without 关于: 高平市医疗保障局公告, 2023年度城乡居民医保参保缴费公告.
    return 4 <= len(text) <= 50 and _doc_type_end(text) and not any(ch in text for ch in "，,、")


def org_like(text: str) -> bool:
    """Text made only of issuer names: ends with an agency suffix, no sentence punctuation.

    >>> org_like("忻州市医疗保障局"), org_like("秦皇岛市财政局文件"), org_like("按照省医保局要求")
    (True, True, False)
    """
    compact = "".join(text.split())
    if not compact or len(compact) > 80 or any(ch in compact for ch in "，。；：,;:、《》"):
        return False
    return bool(_ending_in("organisations", "suffixes", "(?:文件)?").search(compact))


_INFO_LABEL = None


def _info_label_pattern() -> re.Pattern:
    """A label of a 信息公开 block: 【文 号】, 发文字号：, 名    称 : (letters may stand apart)."""
    global _INFO_LABEL
    if _INFO_LABEL is None:
        labels = sorted(reading()["html"]["info_labels"], key=len, reverse=True)
        spaced = "|".join(r"\s*".join(map(re.escape, label)) for label in labels)
        _INFO_LABEL = re.compile(rf"[【\[]\s*(?P<b>{spaced})\s*[】\]]\s*[:：]?|(?P<c>{spaced})\s*[:：]")
    return _INFO_LABEL


def info_pairs(source_line: str) -> list[tuple[str, str]] | None:
    """(label, value) pairs of a line that opens with a 信息公开 label, else None.

    >>> info_pairs("索引号: XXGK/2021-7 发布机构: 江城县医疗保障局")
    [('索引号', 'XXGK/2021-7'), ('发布机构', '江城县医疗保障局')]
    >>> info_pairs("【发 文 字 号】江医保发〔2021〕9号")
    [('发文字号', '江医保发〔2021〕9号')]
    >>> info_pairs("成 文 日 期 :")
    [('成文日期', '')]
    >>> info_pairs("发布机构负责解释。") is None
    True
    >>> info_pairs("索 引 号\\t000014349/2024-08812\\t发文字号\\t江医保〔2024〕8号")
    [('索引号', '000014349/2024-08812'), ('发文字号', '江医保〔2024〕8号')]
    """
    if CELL_SEPARATOR in source_line:
        return _info_cells(source_line.split(CELL_SEPARATOR))
    line = source_line.strip(" \t\u00a0\u3000")
    pattern = _info_label_pattern()
    if pattern.match(line) is None:
        return None  # most lines: one look at their start
    matches = list(pattern.finditer(line))
    if not matches or matches[0].start() != 0:
        return None
    pairs = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        label = "".join((match.group("b") or match.group("c")).split())
        pairs.append((label, line[match.end():end].strip(" \t\u00a0\u3000")))
    return pairs


def _info_cells(cells: list[str]) -> list[tuple[str, str]] | None:
    """(label, value) pairs of a table row of the block: a label cell, then its value cell."""
    labels = reading()["html"]["info_labels"]

    def label_of(cell: str) -> str | None:
        name = "".join(cell.split()).strip("【】[]:：")
        return name if name in labels else None

    cells = [c.strip() for c in cells]
    if not cells or label_of(cells[0]) is None:
        return None
    pairs = []
    for index, cell in enumerate(cells):
        label = label_of(cell)
        if label is None:
            continue
        following = cells[index + 1] if index + 1 < len(cells) else ""
        pairs.append((label, "" if label_of(following) else following))
    return pairs


def info_block(source_lines: list[str]) -> tuple[int, list[tuple[str, str]]]:
    """The 信息公开 block a page opens with (two labels at least): how many lines it takes, and
    its (label, value) pairs.  A label with nothing after it takes its value from the next line.

    >>> info_block(["名    称 :", "江城县医疗保障局关于做好参保工作的通知", "文 号 :", "江医保〔2022〕4号", "各乡镇："])
    (4, [('名称', '江城县医疗保障局关于做好参保工作的通知'), ('文号', '江医保〔2022〕4号')])
    >>> info_block(["名称：", "关于做好2025年度参保", "工作的通知", "发布机构：江城县医疗保障局"])[1][0]
    ('名称', '关于做好2025年度参保工作的通知')
    >>> info_block(["关于做好参保工作的通知", "文号：江医保〔2022〕4号"])
    (0, [])
    """
    pairs: list[tuple[str, str]] = []
    count = 0
    index = 0
    while index < len(source_lines):
        found = info_pairs(source_lines[index])
        if found is None:
            break
        index += 1
        if found[-1][1] == "" and index < len(source_lines) and info_pairs(source_lines[index]) is None:
            # The value stands on the line under its label, unless that line is the text itself.
            value = source_lines[index].strip()
            if value and not _is_addressee_start(value) and not value.endswith(("：", ":")):
                index += 1
                # A title too long for its line goes on in the next ones, until its kind of document.
                while "关于" in value and not _doc_type_end(value) and index < len(source_lines) and len(value) < 90:
                    if info_pairs(source_lines[index]) is not None:
                        break
                    value += source_lines[index].strip()
                    index += 1
                found[-1] = (found[-1][0], value)
        pairs.extend(found)
        count = index
    if len(pairs) < 2:
        return 0, []
    return count, pairs


def _is_addressee_start(text: str) -> bool:
    starts = reading()["layout"]["addressee_starts"]
    return text.startswith(tuple(starts)) and "。" not in text


def _addressee(lines: list[Line], i: int, limit: int) -> tuple[int, int] | None:
    """Lines i.. that form an addressee (主送) ending with a colon, if they do."""
    if i >= limit:
        return None
    first = lines[i].text
    # A line ending in a colon that quotes a title or runs on with commas is a sentence (按照《…》要求，现…如下：).
    if not (_is_addressee_start(first) or (first.endswith(("：", ":")) and len(first) < 60 and not any(ch in first for ch in "，,《"))):
        return None
    colon = min((first.find(c) for c in "：:" if c in first), default=-1)
    if 0 <= colon < len(first) - 1 and len(first) - colon > 12:
        return None  # 各村委会：为了做好…如下： — the addressee runs into the body: the line is body
    for j in range(i, min(i + 5, limit)):
        text = lines[j].text
        if "。" in text:
            return None
        if text.endswith(("：", ":")):
            return (i, j + 1)
    return None


def _is_closing_line(text: str) -> bool:
    cues = reading()["layout"]["closing_cues"]
    compact = text.strip("（）() ")
    if DATE_LINE.match(text):
        return True
    if any(compact.startswith(c) for c in cues) and "。" not in text[:-1]:
        return True
    sealed = without_seal(text)
    if org_like(sealed) or (not sealed and sealed != text):
        return True  # an issuer, perhaps with its seal's word; or the seal's word on its own line
    return False


def _closing_start(lines: list[Line], start: int, end: int) -> int:
    """First line of the closing block (落款, dates, 此件主动公开, 抄送, 附件 list)."""
    i = end
    pending_list = None
    while i > start:
        text = lines[i - 1].text
        if _is_closing_line(text):
            i -= 1
            if text.startswith("附件"):
                pending_list = None
            continue
        # A numbered attachment list (附件：1.… 2.…) belongs to the closing when 附件 heads it.
        if re.match(r"^[0-9０-９]{1,2}\s*[.．、]", text) and not ends_sentence(text) and len(text) < 60:
            pending_list = pending_list or i
            i -= 1
            continue
        break
    if pending_list is not None:
        i = pending_list
    return i


_ATTACHMENT_HEAD = re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]{0,2}\s*[:：]?$")


def _attachments_start(lines: list[Line], start: int, end: int) -> int:
    """First line of the attachments that follow the 落款 (附件1 on a line of its own), else ``end``."""
    for i in range(start + 1, end):
        if _ATTACHMENT_HEAD.match(lines[i].text) and any(
            DATE_LINE.match(lines[k].text) for k in range(max(start, i - 4), i)
        ):
            return i
    return end


def _info_end(lines: list[Line], i: int, end: int) -> int:
    """The line after a 信息公开 block starting at line ``i`` (``i`` itself when none does)."""
    count, _ = info_block([lines[k].source_line for k in range(i, min(end, i + 30))])
    return i + count


def _header(lines: list[Line], start: int, end: int):
    """(header_end, title range, doc number line, addressee) of a document's start."""
    first = _info_end(lines, start, end)
    window = min(end, first + 15)
    number_line = None
    title = None
    for i in range(first, window):
        text = lines[i].text
        if number_line is None and docnumber.is_standalone(text):
            number_line = i
            continue
        if heading_marker(text) or (ends_sentence(text) and not text.endswith(("：", ":"))):
            break
        if _addressee(lines, i, end):
            break
        if is_title_line(text):
            j = i + 1
            while j < min(end, i + 6):
                joined = "".join(lines[k].text for k in range(i, j))
                nxt = lines[j].text
                if _doc_type_end(joined) and not nxt.startswith(("的", "》")):
                    break
                if any(ch in nxt for ch in "。；：:") or docnumber.is_standalone(nxt) or _is_addressee_start(nxt):
                    break
                j += 1
            title = (i, j)
            break
    cursor = start
    if title:
        cursor = title[1]
        cursor, found = _after_title(lines, cursor, end)
        number_line = found if found is not None else number_line
    elif number_line is not None:
        cursor = number_line + 1
    cursor = _info_end(lines, cursor, end)
    # A 文号 may stand right under the title, and so may the date: （2021年9月3日）.
    if cursor < end and number_line is None and docnumber.is_standalone(lines[cursor].text):
        number_line = cursor
        cursor += 1
    if (title or number_line is not None) and cursor < end and DATE_LINE.match(lines[cursor].text):
        cursor += 1
    addressee = _addressee(lines, cursor, end)
    if addressee is None and title is None and number_line is None:
        addressee = _addressee(lines, start, end)
    if addressee:
        cursor = addressee[1]
    if title is None and number_line is None and addressee is None:
        cursor = first
    return cursor, title, number_line, addressee


def _after_title(lines: list[Line], cursor: int, end: int) -> tuple[int, int | None]:
    """Past what a web page puts between its title and the addressee: the title again (headline,
    page title), the issuers, and the 文号.  Taken only when an addressee ends the run, so that a
    body is never read as a header; returns (cursor, 文号 line or None).
    """
    number = None
    for k in range(cursor, min(end, cursor + 8)):
        text = lines[k].text
        if _addressee(lines, k, end):
            return (k, number) if k > cursor else (cursor, None)
        if docnumber.is_standalone(text):
            number = k if number is None else number
            continue
        if org_like(text) or (is_title_line(text) and _doc_type_end(text)):
            continue
        break
    return cursor, None


def _forwarded_starts(lines: list[Line], body_start: int, end: int) -> list[int]:
    """Lines where a forwarded notice carried in full begins: its own red header
    (issuer lines, a 文号 alone on a line, a 关于 title) or a title followed by an addressee."""
    starts = []
    i = body_start + 1
    while i < end:
        text = lines[i].text
        candidate = None
        if docnumber.is_standalone(text) and any(is_title_line(lines[k].text) for k in range(i + 1, min(end, i + 8))):
            candidate = i
        elif is_title_line(text) and (ends_sentence(lines[i - 1].text) or org_like(lines[i - 1].text)):
            for k in range(i + 1, min(end, i + 6)):
                if _addressee(lines, k, end):
                    candidate = i
                    break
                if any(ch in lines[k].text for ch in "。"):
                    break
        if candidate is not None:
            # Back up over the issuer lines of the red header.
            b = candidate
            while b - 1 > body_start and (org_like(lines[b - 1].text) or lines[b - 1].text == reading()["layout"]["header_word"]):
                b -= 1
            starts.append(b)
            # Skip past this header so it is not found twice.
            i = candidate + 8
            continue
        i += 1
    return starts


def display_width(text: str) -> float:
    """Width on the page in Chinese characters: ASCII takes half a cell.

    >>> display_width("一、2023年")
    5.0
    """
    return len(text) - len(text.encode("ascii", "ignore")) / 2


def _wrap_width(widths: list[float]) -> float:
    """Width at which the body's lines were wrapped: the width most unfinished lines reach.

    ``widths`` are those of the unfinished lines that are not headings.  Text whose
    paragraphs stand on one line each has few, of any width; a PDF's text layer has
    many, all near the width of the page.  A short body (a page that is mostly its
    信息公开 block) has few; they tell the width when all of them fill it.

    >>> _wrap_width([29, 29.5, 30, 29]), _wrap_width([14, 60, 9, 33]), _wrap_width([30, 30, 30])
    (30, inf, inf)
    """
    if len(widths) < 4:
        return float("inf")
    widths = sorted(widths)
    if len(widths) < 5 and widths[0] < _REACH * widths[-1]:
        return float("inf")
    return widths[(len(widths) * 3) // 4]


# A wrapped line fills the measure to within a character or two: proportional digits and
# punctuation, and a mark that does not fit and starts the next line, leave it a little short.
_REACH = 0.93


def _reaches(width: float, wrap_width: float) -> bool:
    """Whether a line of ``width`` fills a measure of ``wrap_width``: where it stops, the
    measure stopped it, not the writer.

    >>> _reaches(28.5, 30), _reaches(21, 30), _reaches(40, float("inf"))
    (True, False, False)
    """
    return width >= _REACH * wrap_width


def _hard_wrapped(widths: list[float], wrap_width: float) -> bool:
    """Whether the body was wrapped at ``wrap_width``: at least half of its unfinished
    lines fill the measure without running far past it.  Text with a paragraph a line
    has a wrap width too (a percentile of whatever widths it has), but its lines spread
    over every width, and there a line's length says nothing about a wrap.

    >>> _hard_wrapped([30, 29.5, 30.5, 28, 12, 30], 30)
    True
    >>> _hard_wrapped([14.5, 60, 9, 120, 15, 33], 33)
    False
    >>> _hard_wrapped([30, 30, 30], float("inf"))
    False
    """
    if wrap_width == float("inf"):
        return False
    # A line may pass the measure by as much as it may fall short of it, plus a half-width mark.
    most = (2 - _REACH) * wrap_width + 1
    filled = [w for w in widths if _REACH * wrap_width <= w <= most]
    return 2 * len(filled) >= len(widths)


def ends_clause(text: str) -> bool:
    """A line whose last mark ends a clause or a list item (；) or opens what follows (：):
    the sentence may go on after it.

    >>> ends_clause("个人缴费每人400元；"), ends_clause("个人缴费每人400元;"), ends_clause("每人400元。")
    (True, True, False)
    >>> ends_clause("筹资标准调整为："), ends_clause("做到“应保尽保；”"), ends_clause("")
    (True, True, False)
    """
    if not text:
        return False
    if text[-1] in CLOSING_QUOTES and len(text) > 1:
        return text[-2] in CLAUSE_END
    return text[-1] in CLAUSE_END


_SENTENCE_INNER = re.compile(r"[，：；,:;]")


def _is_title_only(text: str, wrap_width: float) -> bool:
    """A heading line that holds only its title (一、合理确定筹资标准), not the start of a
    sentence that wraps: no sentence punctuation, and shorter than a wrapped line.

    >>> _is_title_only("一、合理确定筹资标准", 30), _is_title_only("一、筹资标准调整为：老年人每人", 30)
    (True, False)
    >>> _is_title_only("三、个人缴费标准为每人483", float("inf"))
    False
    """
    if "。" in text or _SENTENCE_INNER.search(text):
        return False
    if text[-1] in "0123456789.０１２３４５６７８９":
        return False  # a title never ends inside a number: 标准为每人483 | 元
    return not _reaches(display_width(text), wrap_width)


def _wrapped_after_clause(text: str, wrap_width: float, hard_wrapped: bool) -> bool:
    """Whether a line ending in ； or ： was cut there by the measure rather than by its writer.

    A ；-list set one item a line has short lines, or lines of any width in text that is
    not hard-wrapped; a long sentence of a PDF that happens to break after a ； or a ：
    fills the measure like every other wrapped line.  A line ending in 。 gets no such
    reading: a paragraph whose last line fills the measure is about as common as a
    sentence that ends there while its paragraph goes on, and the text layer does not
    tell them apart (the first-line indent that would is lost).

    >>> _wrapped_after_clause("其中财政补助每人每年700元，个人缴费每人每年400元；", 26, True)
    True
    >>> _wrapped_after_clause("特困人员由财政全额代缴；", 26, True)
    False
    >>> _wrapped_after_clause("其中财政补助每人每年700元，个人缴费每人每年400元；", 26, False)
    False
    >>> _wrapped_after_clause("其中财政补助每人每年700元，个人缴费每人每年400元。", 26, True)
    False
    """
    return hard_wrapped and ends_clause(text) and _reaches(display_width(text), wrap_width)


def _joins(lines: list[Line], start: int, end: int) -> set[int]:
    """Body lines that continue the line before them (hard wraps, page breaks)."""
    span = lines[start:end]
    heading = [heading_marker(line.text) is not None for line in span]
    finished = [ends_sentence(line.text) for line in span]
    widths = [display_width(l.text) for j, l in enumerate(span) if not (l.table or finished[j] or heading[j])]
    wrap_width = _wrap_width(widths)
    hard_wrapped = _hard_wrapped(widths, wrap_width)
    joins = set()
    for k in range(1, len(span)):
        prev, cur = span[k - 1], span[k]
        # A line with a heading or list marker starts its own paragraph, whatever ends the one before.
        if prev.table or cur.table or heading[k]:
            continue
        if finished[k - 1] and not _wrapped_after_clause(prev.text, wrap_width, hard_wrapped):
            continue
        if heading[k - 1] and _is_title_only(prev.text, wrap_width):
            continue
        joins.add(start + k)
    return joins


def layout(lines: list[Line]) -> list[DocLayout]:
    """Split lines into documents and find each document's parts."""
    docs: list[DocLayout] = []
    boundaries = [0]
    header_end, title, number_line, addressee = _header(lines, 0, len(lines))
    boundaries += _forwarded_starts(lines, header_end, len(lines))
    boundaries.append(len(lines))
    for index in range(len(boundaries) - 1):
        start, end = boundaries[index], boundaries[index + 1]
        if index:
            header_end, title, number_line, addressee = _header(lines, start, end)
        attachments = _attachments_start(lines, header_end, end)
        closing = max(_closing_start(lines, header_end, attachments), header_end)
        doc = DocLayout(
            start=start,
            end=end,
            attachments_start=attachments,
            header_end=header_end,
            addressee=addressee,
            body=(header_end, closing),
            closing_start=closing,
            title_lines=title,
            doc_number_line=number_line,
        )
        doc.joins = _joins(lines, header_end, closing)
        if addressee:
            doc.joins |= set(range(addressee[0] + 1, addressee[1]))
        docs.append(doc)
    return docs
