"""Document metadata: title, 文号, issuers, region, level, years, basis documents.

Evidence is read in order of authority: the red header and the 文号, then the
title and the 落款, then a web page's 信息公开 block (名称, 发文字号, 发布机构),
then the body (districts, 《X市…》 titles, 我市 / 全省), then the 文号 prefixes it
cites (辽医保… → 辽宁省).  The names in the addressee list are never evidence of
the issuer's region (a provincial notice addressed to 济源示范区 is not from
济源); only the kind of units it opens with tells the issuer's level (各区(市)、县
are written to by a city).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from . import docnumber
from .clean import DocText
from .layout import DATE_LINE, info_block, org_like, without_seal
from ..models import Meta, Section
from ..numerals import DATE, date_from_match, parse_date, years_in
from .regions import Gazetteer, Region, gazetteer
from ..vocab import reading

_QUOTED = re.compile(r"《[^》]*》")
_SPACES = re.compile(r"\s+")


# --- issuers -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _org_vocab():
    """Suffixes (longest first), agencies, branch prefixes, national bodies: sorted once."""
    org = reading()["organisations"]
    return (
        sorted(org["suffixes"], key=len, reverse=True),
        org["agencies"],
        org["branch_prefixes"],
        frozenset(org["national"]),
    )


def _starts_org(text: str, g: Gazetteer) -> bool:
    """Whether an issuer name can begin here: a region, 国家, 中共 or a central body."""
    _, _, branches, national = _org_vocab()
    if text.startswith(("国家", "中共", "中国")) or any(text.startswith(n) for n in national):
        return True
    return bool(g.prefix(text, allow_short=True)[0])


def split_orgs(text: str, g: Gazetteer | None = None) -> list[str]:
    """Issuer names run together on one line, split after their agency suffix.

    >>> split_orgs("河南省医疗保障局河南省财政厅")
    ['河南省医疗保障局', '河南省财政厅']
    >>> split_orgs("国家税务总局忻州市税务局")
    ['国家税务总局忻州市税务局']
    >>> split_orgs("忻州市财政局文件")
    ['忻州市财政局']
    >>> split_orgs("咸宁市医疗保障局咸宁市财政局文件国家税务总局咸宁市税务局")
    ['咸宁市医疗保障局', '咸宁市财政局', '国家税务总局咸宁市税务局']
    """
    g = g or gazetteer()
    suffixes, _, branches, _ = _org_vocab()
    header_word = reading()["layout"]["header_word"]
    # 文件 closes the red header's names, and letter-spacing may have glued the names around it.
    parts = "".join(text.split()).split(header_word)
    if len(parts) > 1:
        return [org for part in parts for org in split_orgs(part, g)]
    text = parts[0]
    ends = _suffix_ends(text, suffixes)
    out = []
    consumed = 0
    while text:
        cut = None
        for i in range(2, len(text) + 1):
            if consumed + i not in ends:
                continue
            head, rest = text[:i], text[i:]
            if any(head == b for b in branches):
                continue  # 国家税务总局 heads a branch name: 国家税务总局忻州市税务局
            if not rest or _starts_org(rest, g):
                cut = i
                break
        if cut is None:
            out.append(text)
            break
        out.append(text[:cut])
        text = text[cut:]
        consumed += cut
    return [o for o in out if o]


def _suffix_ends(text: str, suffixes) -> set[int]:
    """Offsets just after each agency suffix in ``text``."""
    ends = set()
    for suffix in suffixes:
        start = text.find(suffix)
        while start >= 0:
            ends.add(start + len(suffix))
            start = text.find(suffix, start + 1)
    return ends


def _line_orgs(source_line: str, g: Gazetteer) -> list[str]:
    """Issuers on a header or closing line, using the spacing of the source.

    >>> _line_orgs("河 南 省 医 疗 保 障 局", gazetteer())
    ['河南省医疗保障局']
    >>> _line_orgs("咸宁市医疗保障局 咸宁市财政局文件 国家税务总局咸宁市税务局", gazetteer())
    ['咸宁市医疗保障局', '咸宁市财政局', '国家税务总局咸宁市税务局']
    """
    tokens = source_line.split()
    # Letter-spaced names come as one character a token: glue those back together.
    merged: list[str] = []
    run: list[str] = []
    for token in tokens:
        if len(token) == 1:
            run.append(token)
            continue
        if run:
            merged.append("".join(run))
            run = []
        merged.append(token)
    if run:
        merged.append("".join(run))
    out = []
    for token in merged:
        out.extend(split_orgs(_fix_branch(token), g))
    return out


def _fix_branch(token: str) -> str:
    """Repair a misread central-body prefix before splitting, so that the branch stays whole.

    >>> _fix_branch("国家稅务总局忻州市税务局")
    '国家税务总局忻州市税务局'
    """
    from rapidfuzz import fuzz

    for branch in _org_vocab()[2]:
        head = token[: len(branch)]
        if head != branch and len(token) > len(branch) and fuzz.ratio(head, branch) >= 80:
            return branch + token[len(branch):]
    return token


def correct_org(name: str, g: Gazetteer) -> str:
    """Repair near-miss agency names (OCR, typing) against the vocabulary.

    >>> correct_org("忻州市医疗保璋局", gazetteer())
    '忻州市医疗保障局'
    >>> correct_org("国家稅务总局忻州市税务局", gazetteer())
    '国家税务总局忻州市税务局'
    >>> correct_org("忻州市财政局", gazetteer())
    '忻州市财政局'
    >>> correct_org("人力资源和社会保障部", gazetteer())
    '人力资源和社会保障部'
    """
    from rapidfuzz import fuzz, process

    _, agencies, branches, _ = _org_vocab()
    head = ""
    for branch in branches:
        if len(name) > len(branch) and fuzz.ratio(name[: len(branch)], branch) >= 80:
            head, name = branch, name[len(branch):]
            break
    region, _ = g.prefix(name, allow_short=True)
    rest = name[len(region):]
    if rest and rest not in agencies:
        match = process.extractOne(rest, agencies, scorer=fuzz.ratio, score_cutoff=80)
        # The last character names the kind of body (局, 厅, 部, 委): a near miss that changes it
        # is another body (人力资源和社会保障部 is not a 局), not a typo.
        if match and abs(len(match[0]) - len(rest)) <= 1 and match[0][-1] == rest[-1]:
            rest = match[0]
    return head + region + rest


# --- regions -----------------------------------------------------------------


def region_of_org(name: str, g: Gazetteer) -> tuple[str, list[Region]]:
    """The region an issuer's name starts with (after 国家税务总局 of a local branch).

    >>> region_of_org("人力资源和社会保障部", gazetteer())
    ('national', [])
    >>> region_of_org("国家税务总局江门市税务局", gazetteer())[0]
    '江门市'
    """
    _, _, branches, national = _org_vocab()
    for branch in branches:
        if name.startswith(branch) and len(name) > len(branch):
            name = name[len(branch):]
            break
    else:
        if name in national or name.startswith("国家"):
            return "national", []
    covered, regions = g.chain(name, allow_short=True)
    if not covered and not name.startswith("中共") and name.endswith(tuple(reading()["organisations"]["national_endings"])):
        return "national", []  # a ministry: no region before it, and no local body is a 部
    return covered, regions


def _own_head(name: str, g: Gazetteer) -> str | None:
    """The level an issuer is named by when no region stands before it (市医保局 → 市), else None.

    >>> _own_head("市医保局", gazetteer()), _own_head("县财政局", gazetteer()), _own_head("江门市财政局", gazetteer())
    ('市', '县', None)
    """
    if g.prefix(name, allow_short=True)[0]:
        return None
    for head in sorted(reading()["organisations"]["own_region_heads"], key=len, reverse=True):
        rest = name[len(head):]
        if name.startswith(head) and len(rest) >= 2 and org_like(rest) and not g.prefix(rest, allow_short=True)[0]:
            return head
    return None


def _abbreviated(name: str, g: Gazetteer) -> bool:
    """An issuer named by its level only (市医保局), meaningless without the notice's region."""
    branches = _org_vocab()[2]
    for branch in branches:
        if name.startswith(branch) and len(name) > len(branch):
            name = name[len(branch):]
    return _own_head(name, g) is not None


def official_name(name: str, g: Gazetteer, places: dict[str, str] | None = None) -> str | None:
    """The official name of an issuer: short forms written out, a local tax bureau under its
    central body, a name given by its level only completed with the notice's region of that
    level (``places``: level head → region name); None when that region is unknown.

    >>> official_name("市医保局", gazetteer(), {"市": "江门市"})
    '江门市医疗保障局'
    >>> official_name("市税务局", gazetteer(), {"市": "江门市"})
    '国家税务总局江门市税务局'
    >>> official_name("县人社局", gazetteer(), {"市": "江门市"}) is None
    True
    >>> official_name("国家税务总局江门市税务局", gazetteer())
    '国家税务总局江门市税务局'
    """
    org = reading()["organisations"]
    branches = _org_vocab()[2]
    if any(name.startswith(b) and len(name) > len(b) for b in branches):
        return name
    head = _own_head(name, g)
    if head is not None:
        region = (places or {}).get(head)
        if not region:
            return None
        covered, rest = region, name[len(head):]
    else:
        covered, _ = g.chain(name, allow_short=True)
        rest = name[len(covered):]
        if not covered:
            return name
        if covered in g.short:
            # 河南医保局: the short form of a region stands for its full name.
            covered = g.short[covered][0].name
    for short, full in sorted(org["short_forms"].items(), key=lambda x: -len(x[0])):
        if rest.endswith(short) and not rest.endswith(full):
            rest = rest[: -len(short)] + full
            break
    branch = org["branch_agencies"].get(rest)
    return (branch if branch else "") + covered + rest


def _places(province: str | None, city: str | None, county: str | None) -> dict[str, str]:
    """Level head → the notice's own region of that level, the most specific first.

    >>> _places("河北省", "衡水市", "冀州区")["市"], _places("天津市", None, None)["市"]
    ('衡水市', '天津市')
    """
    out: dict[str, str] = {}
    for name in (county, city, province):
        if not name:
            continue
        for head in reading()["organisations"]["own_region_heads"]:
            if name.endswith(head):
                out.setdefault(head, name)
    return out


# --- the whole document ---------------------------------------------------------


def _lines(text: str, spans) -> list[str]:
    return [text[s.start : s.end] for s in spans]


def _strip_issuers(title: str) -> str:
    """Title without the issuers standing before 关于, spacing removed.

    >>> _strip_issuers("广州市医疗保障局 广州市财政局关于公布2022年筹资标准的通 知")
    '关于公布2022年筹资标准的通知'
    """
    compact = _SPACES.sub("", title)
    position = compact.find("关于")
    if position > 0 and org_like(compact[:position]):
        return compact[position:]
    return compact


_SELF = None


def _self_level(body: str) -> str | None:
    """Level a notice speaks of itself at: 我市/全市 → city, 全省 → province.

    >>> _self_level("全市人均财政补助标准，我市执行；全省统一")
    'city'
    """
    global _SELF
    words = reading()["regions"]["self_reference"]
    if _SELF is None:
        _SELF = re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    counts = Counter(words[m] for m in _SELF.findall(body))
    return counts.most_common(1)[0][0] if counts else None


@lru_cache(maxsize=8)
def _body_regions(text: str, g: Gazetteer) -> Counter:
    """Votes for regions named in the body: 《朔州市…》 titles count thrice, other mentions once."""
    votes: Counter[str] = Counter()
    for start, name, regions in g.mentions(text):
        weight = 3 if start > 0 and text[start - 1] == "《" else 1
        for region in regions:
            votes[region.adcode] += weight / len(regions)
    return votes


def _policy_year(title: str | None, preamble: str, sections: tuple[Section, ...], body: str) -> int | None:
    """The year whose work the notice arranges.

    A title naming two years (a 2024 subsidy and a 2025 contribution) gives the earlier.  Without a
    year in the title: the 现就…如下 clause, then a year named as the insurance year (2017年度城镇
    居民医疗保险: paid for late in the year before), the first section titles, then the year the
    body names most.

    >>> _policy_year("关于公布2025年个人缴费和2024年财政补助标准的通知", "", (), "")
    2024
    >>> _policy_year(None, "", (), "2020年11月1日至12月20日缴费，缴纳2021年度城乡居民医疗保险费；2020年度已参保的")
    2021
    >>> _policy_year(None, "", (), "自202291日起执行")
    2022
    """
    if title:
        years = years_in(title)
        if years:
            return min(years)
    clause = re.search(r"现[就将].{0,80}?如下", preamble)
    if clause:
        years = years_in(_QUOTED.sub("", clause.group(0)))
        if years:
            return years[-1]
    outside = _QUOTED.sub("", body)
    outside = docnumber.PATTERN.sub("", outside)
    dates = reading()["dates"]
    insured = [int(y) for y in re.findall(dates["insurance_year_cue"], outside)]
    if insured:
        counts = Counter(insured)
        return max(counts, key=lambda y: (counts[y], y))
    for section in sections[:2]:
        years = years_in(section.title)
        if years:
            return years[0]
    years = years_in(outside)
    if years:
        return Counter(years).most_common(1)[0][0]
    # A page that lost its 年 and 月 (自202361日起) still leads its dates with the year.
    years = [int(y) for y in re.findall(dates["year_without_marks"], outside)]
    if years:
        return Counter(years).most_common(1)[0][0]
    return None


def _issue_date(closing: list[str], header: list[str]) -> str | None:
    for line in closing + header:
        if DATE_LINE.match(line):
            match = DATE.search(line)
            if match and match.group("d"):
                return date_from_match(match)
    return None


def _issuers(doc: DocText, text: str, g: Gazetteer) -> list[str]:
    """Issuer names as written, in order; names given only by their level (市医保局) included."""
    header = [(s, doc.source_lines.get(s.start, text[s.start : s.end])) for s in doc.header_lines]
    title_start = doc.title.start if doc.title else None
    number_start = doc.doc_number.start if doc.doc_number else None
    found: list[str] = []
    # 1. The red header: issuer lines above the 文号 (or above the title when there is no 文号);
    # a web page may repeat the title there with its issuers before 关于.
    limit = number_start if number_start is not None else title_start
    if limit is not None:
        for span, source_line in header:
            if span.start >= limit:
                break
            if org_like(text[span.start : span.end]):
                found.extend(_line_orgs(source_line, g))
            else:
                found.extend(title_issuers(source_line, g))
    # 2. Issuers named before 关于 in the title, on its own lines or its first line.
    if not found and title_start is not None:
        for span, source_line in header:
            line = text[span.start : span.end]
            if number_start is not None and span.start <= number_start:
                continue
            if span.start < title_start and org_like(line):
                found.extend(_line_orgs(source_line, g))
            elif span.start == title_start:
                found.extend(title_issuers(source_line, g))
                break
    # 3. The 落款: issuer lines in the closing block, not the office that printed it (…办公室 + 印发).
    # Looked at too when the header named its issuers by their level only (市医疗保障局).
    if all(_abbreviated(name, g) for name in found):
        closing = [(s, doc.source_lines.get(s.start, text[s.start : s.end])) for s in doc.closing_lines]
        signed: list[str] = []
        for index, (span, source_line) in enumerate(closing):
            line = without_seal(text[span.start : span.end])
            if not org_like(line):
                continue
            following = text[closing[index + 1][0].start : closing[index + 1][0].end] if index + 1 < len(closing) else ""
            if "印发" in following:
                continue
            signed.extend(_line_orgs(without_seal(source_line), g))
        if signed:
            found = signed
    return _unique(found)


def _unique(names: list[str]) -> list[str]:
    seen, out = set(), []
    for name in names:
        if name and name not in seen and name != reading()["layout"]["header_word"]:
            seen.add(name)
            out.append(name)
    return out


def title_issuers(source_line: str, g: Gazetteer) -> list[str]:
    """Issuers standing before 关于 (or before the kind of document) in a title line.

    >>> title_issuers("江城市医疗保障局 江城市财政局关于做好参保工作的通知", gazetteer())
    ['江城市医疗保障局', '江城市财政局']
    >>> title_issuers("市医保局 市财政局关于公布缴费标准的通知", gazetteer())
    ['市医保局', '市财政局']
    >>> title_issuers("关于做好参保工作的通知", gazetteer())
    []
    """
    compact = "".join(source_line.split())
    position = compact.find("关于")
    if position < 0:
        # 高平市医疗保障局公告: the issuer stands before the kind of document.
        position = _doc_type_start(compact)
    if position > 0:
        spaced = source_line[: _nth_visible(source_line, position)]
        if org_like(spaced):
            return _line_orgs(spaced, g)
    return []


def _doc_type_start(title: str) -> int:
    """Where the kind of document begins at the end of a title without 关于.

    >>> _doc_type_start("高平市医疗保障局公告")
    8
    """
    for kind in sorted(reading()["layout"]["doc_types"], key=len, reverse=True):
        if title.endswith(kind):
            return len(title) - len(kind)
    return -1


def _nth_visible(text: str, n: int) -> int:
    """Index in ``text`` of its ``n``-th non-space character."""
    seen = 0
    for index, ch in enumerate(text):
        if not ch.isspace():
            if seen == n:
                return index
            seen += 1
    return len(text)


def _info_fields(doc: DocText, text: str) -> tuple[range, dict[str, str]]:
    """Fields of a 信息公开 block in the header (名称, 发文字号, 成文日期, 发布机构 …: the block a
    page opens with, or its info bar under the title), and the header lines the block takes."""
    source = [doc.source_lines.get(s.start, text[s.start : s.end]) for s in doc.header_lines]
    for start in range(len(source)):
        count, pairs = info_block(source[start:])
        if count:
            break
    else:
        return range(0), {}
    keys = reading()["html"]["info_labels"]
    out: dict[str, str] = {}
    for label, value in pairs:
        key = keys.get(label)
        if key and value:
            out.setdefault(key, value)
    return range(start, start + count), out


def _undouble(title: str) -> str:
    """A title a page printed twice running, once.

    >>> _undouble("关于做好参保工作的通知关于做好参保工作的通知")
    '关于做好参保工作的通知'
    """
    half = len(title) // 2
    if len(title) % 2 == 0 and half >= 4 and title[:half] == title[half:]:
        return title[:half]
    return title


def _title_of(value: str) -> str | None:
    """A page field's title, if it is one (关于…, …通知), issuers before 关于 stripped and the
    site's name a page title carries after it cut off.

    >>> _title_of("关于做好2025年度参保工作的通知_江门市医疗保障局")
    '关于做好2025年度参保工作的通知'
    >>> _title_of("江门市医疗保障局") is None
    True
    """
    value = re.split(r"[_|｜]|\s[-—–]\s", value)[0]
    compact = _SPACES.sub("", value)
    if "关于" in compact or _doc_type_start(compact) > 0:
        return _undouble(_strip_issuers(value))
    return None


def _issuer_like(name: str) -> bool:
    """A page's 发布机构 value that can be an issuer: an agency, or a town issuing in its own name."""
    towns = tuple(reading()["organisations"]["town_suffixes"])
    return org_like(name) or (name.endswith(towns) and len(name) <= 12 and not re.search(r"[，。；：,;:、]", name))


def _addressee_level(addressee: str) -> str | None:
    """The level of a body writing to this addressee: one above the units it names first.

    >>> _addressee_level("各区(市)、县医疗保障局："), _addressee_level("各市、州医保局："), _addressee_level("各乡镇人民政府：")
    ('city', 'province', 'county')
    >>> _addressee_level("各有关单位：") is None
    True
    """
    units = reading()["regions"]["addressee_units"]
    text = addressee.strip()
    for start in sorted(reading()["layout"]["addressee_starts"], key=len, reverse=True):
        if text.startswith(start):
            text = text[len(start):]
            break
    text = text.lstrip("（(")
    for unit in sorted(units, key=len, reverse=True):
        if text.startswith(unit):
            return units[unit]
    return None


def _number_places(number, body: str, g: Gazetteer) -> tuple[Region | None, Region | None]:
    """(province, city) that 文号 prefixes point to: the notice's own number first, then those it
    cites (a city implements its province's notice: 辽医保…). A province by its one-character
    abbreviation; a city by a first character that begins the name of one city only and of no
    province (邢人社办 → 邢台市), read even from a number the page broke (邢人社办〔2017144号).
    """
    prefixes = ([number.prefix] if number else []) + docnumber.prefixes(body)
    abbreviations = reading()["regions"]["province_abbreviations"]
    province = city = None
    for prefix in prefixes:
        head = prefix[:1]
        if province is None and head in abbreviations:
            province = g.province(abbreviations[head])
        if city is None and head not in abbreviations:
            cities = g.cities_starting(head)
            if len(cities) == 1:
                city = cities[0]
    return province, city


def _written_issuers(doc: DocText, text: str, title_field: str | None, page_issuer: str | None, g: Gazetteer) -> list[str]:
    """Issuers as the document writes them: its header, title or 落款, else a page's title field
    (issuers before 关于), else the page's 发布机构."""
    written = _issuers(doc, text, g)
    if not written and title_field and not doc.title:
        written = title_issuers(title_field, g)
    if not written and page_issuer:
        written = [o for o in _line_orgs(page_issuer, g) if _issuer_like(o)]
    return written


def _preamble(doc: DocText, text: str, sections: tuple[Section, ...]) -> str:
    """The text before the first numbered section (the first paragraph when there is none)."""
    if sections:
        return text[doc.body.start : sections[0].span.start]
    return text[doc.paragraphs[0].start : doc.paragraphs[0].end] if doc.paragraphs else ""


def _addressee_text(doc: DocText, text: str) -> str:
    if doc.addressee:
        return text[doc.addressee.start : doc.addressee.end]
    if doc.paragraphs:
        # An addressee run into the first paragraph (各村委会：为做好…).
        opening = text[doc.paragraphs[0].start : doc.paragraphs[0].end][:40]
        return opening if re.search(r"[：:]", opening) else ""
    return ""


def _locate(full: list[str], written: list[str], title: str | None, page_issuer: str | None, number, addressee: str, body: str, g: Gazetteer):
    """(level, region, source, ambiguous names) of a notice, evidence read in order of authority:
    its issuers, its title, the page's 发布机构, the body (我市/全省, names, guided by the
    addressee), the 文号 prefixes."""
    ambiguous: list[str] = []
    ambiguous_levels: set[str] = set()
    if full and all(region_of_org(i, g)[0] == "national" for i in full):
        return "national", None, "issuers", ambiguous
    candidates: list[tuple[str, str, list[Region]]] = []
    for issuer in full:
        name, regions = region_of_org(issuer, g)
        if name != "national" and regions:
            candidates.append(("issuers", name, regions))
    if title:
        mentions = g.mentions(_QUOTED.sub("", title))
        if mentions:
            candidates.append(("title", mentions[0][1], mentions[0][2]))
    if page_issuer:
        # The page's 发布机构: the body that published it, of the notice's own region.
        name, regions = region_of_org(_SPACES.sub("", page_issuer), g)
        if name != "national" and regions:
            candidates.append(("page", name, regions))
    region = source = None
    for kind, name, regions in candidates:
        region = _resolve(name, regions, body, g, ambiguous)
        if region:
            source = kind
            break
        if kind == "issuers":
            # An ambiguous name still tells the level when all its regions share one.
            levels = {r.level for r in regions}
            if len(levels) == 1:
                ambiguous_levels |= levels
    written_level = _addressee_level(addressee)
    self_level = _self_level(body)
    towns = tuple(reading()["organisations"]["town_suffixes"])
    if any(name.endswith(towns) for name in written):
        self_level = "county"  # a town's notice is filed under its county
    hint = self_level or (written_level if written_level != "national" else None)
    if region is None:
        # An addressee of counties (各县(市、区)) says the county-level cities named are not the issuer.
        region = _region_from_body(body, hint, g, subordinates=written_level in ("city", "province"))
        source = "body" if region else None
    if region is None and hint != "county":
        by_province, by_city = _number_places(number, body, g)
        if by_city is not None and hint == "city" and (by_province is None or by_province.name == by_city.province):
            region = by_city
        elif by_province is not None and (hint in ("province", "city") or by_province.municipality):
            region = by_province
        source = "doc_number" if region else None
    if region is not None:
        level = "province" if region.municipality else region.level
        if source == "doc_number" and level == "province" and hint == "city" and not region.municipality:
            level = "city"  # a city that names itself only as 我市, under its province's 文号
        return level, region, source, ambiguous
    level = next(iter(ambiguous_levels), None) if len(ambiguous_levels) == 1 else None
    return level or written_level or self_level, None, None, ambiguous


def extract_meta(doc: DocText, text: str, sections: tuple[Section, ...], fields: dict | None = None) -> tuple[Meta, list[str]]:
    """Metadata of one document and the warnings met on the way."""
    g = gazetteer()
    # A page's fields (HTML <meta>, its info table) first, then a 信息公开 block kept in the text.
    info_lines, info = _info_fields(doc, text)
    fields = {**info, **(fields or {})}

    title = _undouble(_strip_issuers(text[doc.title.start : doc.title.end].replace("\n", ""))) if doc.title else None
    if not title and fields.get("title"):
        title = _title_of(fields["title"])

    number = None
    if doc.doc_number:
        number = docnumber.parse(text[doc.doc_number.start : doc.doc_number.end])
    if number is None and fields.get("doc_number"):
        number = docnumber.parse(fields["doc_number"])

    written = _written_issuers(doc, text, fields.get("title"), fields.get("issuers"), g)
    full = [name for name in written if not _abbreviated(name, g)]
    body = text[doc.body.start : doc.body.end]
    preamble = _preamble(doc, text, sections)

    basis = []
    for found, _, _ in docnumber.find_all(preamble):
        # The notice's own 文号 (a page repeats it) is never a document it implements.
        if (number is None or found.text != number.text) and found.text not in basis:
            basis.append(found.text)

    level, region, source, ambiguous = _locate(
        full, written, title, fields.get("issuers"), number, _addressee_text(doc, text), body, g
    )
    province, city, county = g.parent_chain(region) if region else (None, None, None)
    warnings = [f"region name {name} is ambiguous; not used" for name in ambiguous]

    # Issuers named by their level only (市医保局) take the notice's region of that level.
    places = _places(province, city, county)
    issuers: list[str] = []
    for name in written:
        name = official_name(name, g, places)
        if name:
            name = correct_org(name, g)
            if name not in issuers:
                issuers.append(name)

    policy_year = _policy_year(title, preamble, sections, body)
    # The block's lines (发布日期 under its label) are no 落款: dates are read outside it.
    header = _lines(text, [s for i, s in enumerate(doc.header_lines) if i not in info_lines])
    issue_date = _issue_date(_lines(text, doc.closing_lines), header)
    if issue_date is None and fields.get("issue_date"):
        issue_date = parse_date(fields["issue_date"]) or _iso(fields["issue_date"])
    publish = fields.get("publish_date")
    meta = Meta(
        title=title or None,
        doc_number=number.text if number else None,
        issuers=tuple(issuers),
        level=level,
        province=province,
        city=city,
        county=county,
        policy_year=policy_year,
        issue_date=issue_date,
        basis_docs=tuple(basis),
        doc_number_parts=number,
        adcode=region.adcode if region else None,
        region_source=source,
        publish_date=(parse_date(publish) or _iso(publish)) if publish else None,
        ambiguous_regions=tuple(ambiguous),
    )
    return meta, warnings


def _iso(value: str) -> str | None:
    match = re.search(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", value)
    if not match:
        return None
    return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}-{int(match.group(3)):02d}"


def _resolve(name: str, regions: list[Region], body: str, g: Gazetteer, ambiguous: list[str]) -> Region | None:
    """One region for a name; several of that name are told apart by the body, else flagged."""
    if len(regions) == 1:
        return regions[0]
    votes = _body_regions(body, g)
    scored = []
    for region in regions:
        parents = [r for r in (g.province(region.province),) if r]
        score = sum(votes.get(p.adcode, 0) for p in parents)
        if region.city:
            score += sum(votes.get(c.adcode, 0) for c in g.lookup(region.city) if c.level == "city")
        scored.append((score, region))
    scored.sort(key=lambda x: -x[0])
    if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    ambiguous.append(name)
    return None


def _region_from_body(body: str, self_level: str | None, g: Gazetteer, subordinates: bool = False) -> Region | None:
    """Region of a notice without header: districts, 《X市…》 titles, guided by 我市/全省.

    A notice that calls itself 我市 and names a county-level city more than any prefecture is
    that city's (county level); one that calls itself 我县 (or a town's, filed under its county)
    is the county it names most.  ``subordinates``: the notice writes to counties, so the
    counties it names are not its own.
    """
    votes = _body_regions(body, g)
    if not votes:
        return None
    by_code = g.by_code
    # Roll county votes up into their city and province, city votes into their province.
    city_votes: Counter[str] = Counter()
    named_cities: Counter[str] = Counter()  # prefecture-level cities named as such
    county_votes: Counter[str] = Counter()
    province_votes: Counter[str] = Counter()
    for code, weight in votes.items():
        region = by_code[code]
        province = g.province(region.province)
        if province:
            province_votes[province.adcode] += weight
        if region.level == "county" and region.city:
            county_votes[code] += weight
            for c in g.lookup(region.city):
                if c.level == "city":
                    city_votes[c.adcode] += weight
        elif region.level == "city":
            city_votes[code] += weight
            named_cities[code] += weight
    if self_level == "county" and county_votes:
        ranked = county_votes.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            return by_code[ranked[0][0]]
        return None
    if self_level == "city" and not subordinates:
        # 我市 of a county-level city (县级市): it is named more than any prefecture, and than any other such city.
        towns = [(code, w) for code, w in county_votes.most_common() if by_code[code].name.endswith("市")]
        if towns:
            code, weight = towns[0]
            rival = towns[1][1] if len(towns) > 1 else 0
            if weight > rival and weight > max(named_cities.values(), default=0):
                return by_code[code]
    if self_level == "city" and city_votes:
        code, weight = city_votes.most_common(1)[0]
        if weight >= 2:
            return by_code[code]
    if self_level in ("province", "city") and province_votes:
        code, weight = province_votes.most_common(1)[0]
        region = by_code[code]
        if self_level == "province" or region.municipality:
            return region
    return None
