"""Document metadata: title, 文号, issuers, region, level, years, basis documents.

Evidence is read in order of authority: the red header and the 文号, then the
title and the 落款, then the body (districts, 《X市…》 titles, 我市 / 全省).
The addressee list is never evidence of the issuer's region: a provincial
notice addressed to 济源示范区 is not from 济源.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from . import docnumber
from .clean import DocText
from .layout import DATE_LINE, org_like
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
        if match and abs(len(match[0]) - len(rest)) <= 1:
            rest = match[0]
    return head + region + rest


# --- regions -----------------------------------------------------------------


def region_of_org(name: str, g: Gazetteer) -> tuple[str, list[Region]]:
    """The region an issuer's name starts with (after 国家税务总局 of a local branch)."""
    _, _, branches, national = _org_vocab()
    for branch in branches:
        if name.startswith(branch) and len(name) > len(branch):
            name = name[len(branch):]
            break
    else:
        if name in national or name.startswith("国家"):
            return "national", []
    return g.chain(name, allow_short=True)


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
    if title:
        years = years_in(title)
        if years:
            return years[0]
    clause = re.search(r"现[就将].{0,80}?如下", preamble)
    if clause:
        years = years_in(_QUOTED.sub("", clause.group(0)))
        if years:
            return years[-1]
    for section in sections[:2]:
        years = years_in(section.title)
        if years:
            return years[0]
    outside = _QUOTED.sub("", body)
    outside = docnumber.PATTERN.sub("", outside)
    years = years_in(outside)
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
    header = [(s, doc.source_lines.get(s.start, text[s.start : s.end])) for s in doc.header_lines]
    title_start = doc.title.start if doc.title else None
    number_start = doc.doc_number.start if doc.doc_number else None
    found: list[str] = []
    # 1. The red header: issuer lines above the 文号 (or above the title when there is no 文号).
    limit = number_start if number_start is not None else title_start
    if limit is not None:
        for span, source_line in header:
            if span.start >= limit:
                break
            if org_like(text[span.start : span.end]):
                found.extend(_line_orgs(source_line, g))
    # 2. Issuers named before 关于 in the title, on its own lines or its first line.
    if not found and title_start is not None:
        for span, source_line in header:
            line = text[span.start : span.end]
            if number_start is not None and span.start <= number_start:
                continue
            if span.start < title_start and org_like(line):
                found.extend(_line_orgs(source_line, g))
            elif span.start == title_start:
                compact = "".join(source_line.split())
                position = compact.find("关于")
                if position < 0:
                    # 高平市医疗保障局公告: the issuer stands before the kind of document.
                    position = _doc_type_start(compact)
                if position > 0:
                    spaced = source_line[: _nth_visible(source_line, position)]
                    if org_like(spaced):
                        found.extend(_line_orgs(spaced, g))
                break
        # Abbreviated names in the title (市医疗保障局) are no use without their region.
        found = [f for f in found if region_of_org(f, g)[0]]
    # 3. The 落款: issuer lines in the closing block, not the office that printed it (…办公室 + 印发).
    if not found:
        closing = [(s, doc.source_lines.get(s.start, text[s.start : s.end])) for s in doc.closing_lines]
        for index, (span, source_line) in enumerate(closing):
            line = text[span.start : span.end]
            if not org_like(line):
                continue
            following = text[closing[index + 1][0].start : closing[index + 1][0].end] if index + 1 < len(closing) else ""
            if "印发" in following:
                continue
            found.extend(_line_orgs(source_line, g))
    seen, out = set(), []
    for name in found:
        name = correct_org(name, g)
        if name and name not in seen and name != reading()["layout"]["header_word"]:
            seen.add(name)
            out.append(name)
    return out


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


def extract_meta(doc: DocText, text: str, sections: tuple[Section, ...], fields: dict | None = None) -> tuple[Meta, list[str]]:
    """Metadata of one document and the warnings met on the way."""
    fields = fields or {}
    g = gazetteer()
    warnings: list[str] = []

    title = _strip_issuers(text[doc.title.start : doc.title.end].replace("\n", "")) if doc.title else None
    if not title and fields.get("title") and "关于" in fields["title"]:
        title = _strip_issuers(fields["title"])

    number = None
    if doc.doc_number:
        number = docnumber.parse(text[doc.doc_number.start : doc.doc_number.end])
    if number is None and fields.get("doc_number"):
        number = docnumber.parse(fields["doc_number"])

    issuers = _issuers(doc, text, g)
    if not issuers and fields.get("issuers"):
        issuers = [correct_org(o, g) for o in split_orgs(fields["issuers"], g) if org_like(o)]

    body = text[doc.body.start : doc.body.end]
    first = sections[0].span.start if sections else None
    if first is not None:
        preamble = text[doc.body.start : first]
    else:
        preamble = text[doc.paragraphs[0].start : doc.paragraphs[0].end] if doc.paragraphs else ""

    basis = []
    for found, _, _ in docnumber.find_all(preamble):
        if (number is None or found.text != number.text) and found.text not in basis:
            basis.append(found.text)

    # Region and level.
    level = province = city = county = adcode = source = None
    ambiguous: list[str] = []
    ambiguous_levels: set[str] = set()
    national_only = bool(issuers) and all(region_of_org(i, g)[0] == "national" for i in issuers)
    if national_only:
        level, source = "national", "issuers"
    else:
        for issuer in issuers:
            name, regions = region_of_org(issuer, g)
            if name == "national" or not regions:
                continue
            region = _resolve(name, regions, body, g, ambiguous)
            if region:
                province, city, county = g.parent_chain(region)
                adcode, source = region.adcode, "issuers"
                break
            # An ambiguous name still tells the level when all its regions share one.
            levels = {r.level for r in regions}
            if len(levels) == 1:
                ambiguous_levels |= levels
    if province is None and title:
        mentions = [m for m in g.mentions(_QUOTED.sub("", title))]
        if mentions:
            _, name, regions = mentions[0]
            region = _resolve(name, regions, body, g, ambiguous)
            if region:
                province, city, county = g.parent_chain(region)
                adcode, source = region.adcode, "title"
    self_level = _self_level(body)
    if province is None:
        region = _region_from_body(body, self_level, g)
        if region:
            province, city, county = g.parent_chain(region)
            adcode, source = region.adcode, "body"
    abbreviation = number.prefix[:1] if number else ""
    province_by_number = reading()["regions"]["province_abbreviations"].get(abbreviation)
    if province is None and province_by_number and self_level != "county":
        region = g.province(province_by_number)
        if region and (self_level == "province" or region.municipality):
            province, adcode, source = region.name, region.adcode, "doc_number"
    if level is None and province:
        if county:
            level = "county"
        elif city:
            level = "city"
        else:
            level = "province"
    if level is None and ambiguous_levels:
        level = ambiguous_levels.pop()
    if level is None and self_level:
        level = self_level
    for name in ambiguous:
        warnings.append(f"region name {name} is ambiguous; not used")

    policy_year = _policy_year(title, preamble, sections, body)
    issue_date = _issue_date(_lines(text, doc.closing_lines), _lines(text, doc.header_lines))
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
        adcode=adcode,
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


def _region_from_body(body: str, self_level: str | None, g: Gazetteer) -> Region | None:
    """Region of a notice without header: districts, 《X市…》 titles, guided by 我市/全省."""
    votes = _body_regions(body, g)
    if not votes:
        return None
    by_code = g.by_code
    # Roll county votes up into their city and province, city votes into their province.
    city_votes: Counter[str] = Counter()
    province_votes: Counter[str] = Counter()
    for code, weight in votes.items():
        region = by_code[code]
        province = g.province(region.province)
        if province:
            province_votes[province.adcode] += weight
        if region.level == "county" and region.city:
            for c in g.lookup(region.city):
                if c.level == "city":
                    city_votes[c.adcode] += weight
        elif region.level == "city":
            city_votes[code] += weight
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
