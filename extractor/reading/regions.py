"""Gazetteer of China's administrative divisions (data/regions.tsv, from cpca, with the
divisions created or renamed since added at its end; older names are kept for older notices).

Names are matched whole (忻州市, 平鲁区); short forms (河南, 忻州) only at the
start of an issuer's name, where an agency name follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..vocab import data_text, reading

SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市", "盟", "州", "县", "区", "旗")


@dataclass(frozen=True)
class Region:
    adcode: str
    name: str
    level: str  # province / city / county
    province: str
    city: str | None
    longitude: float | None = None
    latitude: float | None = None

    @property
    def municipality(self) -> bool:
        return self.name in reading()["regions"]["municipalities"]


def region_name(province: str | None, city: str | None, county: str | None) -> str:
    """The region as one name, most general first; "" when none is known.

    >>> region_name("山西省", "忻州市", None), region_name(None, None, None)
    ('山西省忻州市', '')
    """
    return "".join(x for x in (province, city, county) if x)


def short_name(name: str) -> str | None:
    """The name without its administrative suffix, when that leaves two characters or more.

    >>> short_name("忻州市"), short_name("内蒙古自治区"), short_name("广西壮族自治区"), short_name("县")
    ('忻州', '内蒙古', '广西', None)
    """
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


class Gazetteer:
    def __init__(self, rows: list[Region]):
        self.by_name: dict[str, list[Region]] = {}
        self.by_code: dict[str, Region] = {}
        for r in rows:
            self.by_name.setdefault(r.name, []).append(r)
            self.by_code[r.adcode] = r
        self.short: dict[str, list[Region]] = {}
        for r in rows:
            if r.level in ("province", "city"):
                s = short_name(r.name)
                if s and s not in self.by_name:
                    self.short.setdefault(s, []).append(r)
        self.max_len = max(len(n) for n in self.by_name)
        self._ends = None
        self._initials: dict[str, list[Region]] | None = None
        self._lengths: list[int] = []

    def cities_starting(self, head: str) -> list[Region]:
        """The prefecture-level regions whose name begins with ``head``, when no province's does.

        >>> [r.name for r in gazetteer().cities_starting("邯")], gazetteer().cities_starting("河")
        (['邯郸市'], [])
        """
        if self._initials is None:
            initials: dict[str, list[Region]] = {}
            for regions in self.by_name.values():
                for r in regions:
                    if r.level in ("city", "province"):
                        initials.setdefault(r.name[:1], []).append(r)
            self._initials = initials
        found = self._initials.get(head[:1], [])
        if any(r.level == "province" for r in found):
            return []
        return [r for r in found if r.level == "city"]

    def lookup(self, name: str) -> list[Region]:
        """Every region of that full name (several for 朝阳区, 鼓楼区 …)."""
        return self.by_name.get(name, [])

    def province(self, name: str) -> Region | None:
        for r in self.by_name.get(name, []):
            if r.level == "province":
                return r
        return None

    def prefix(self, text: str, allow_short: bool = False) -> tuple[str, list[Region]]:
        """The longest region name ``text`` starts with, and the regions of that name.

        >>> g = gazetteer()
        >>> name, regions = g.prefix("忻州市医疗保障局"); name, regions[0].province
        ('忻州市', '山西省')
        >>> g.prefix("河南医保局", allow_short=True)[0]
        '河南'
        """
        for length in range(min(self.max_len, len(text)), 1, -1):
            head = text[:length]
            if head in self.by_name:
                return head, self.by_name[head]
            if allow_short and head in self.short:
                return head, self.short[head]
        return "", []

    def chain(self, text: str, allow_short: bool = False) -> tuple[str, list[Region]]:
        """Region names written one after another (上海市浦东新区, 山西省忻州市忻府区):
        the text they cover and the regions of the most specific one that fits its parents.

        >>> g = gazetteer()
        >>> name, regions = g.chain("上海市浦东新区医疗保障局"); name, [r.name for r in regions]
        ('上海市浦东新区', ['浦东新区'])
        >>> name, regions = g.chain("福建省福州市鼓楼区医保局"); [(r.name, r.city) for r in regions]
        [('鼓楼区', '福州市')]
        """
        covered, regions = self.prefix(text, allow_short=allow_short)
        while covered:
            name, inner = self.prefix(text[len(covered):])
            if not name:
                break
            parents = {r.name for r in regions}
            fitting = [r for r in inner if r.province in parents or r.city in parents]
            if not fitting:
                break
            covered, regions = covered + name, fitting
        return covered, regions

    def mentions(self, text: str) -> list[tuple[int, str, list[Region]]]:
        """Every full region name in ``text`` (longest at each place, no overlaps), with its start.

        >>> [(i, n) for i, n, _ in gazetteer().mentions("按照《朔州市医疗保障经办清单》，平鲁区执行")]
        [(3, '朔州市'), (16, '平鲁区')]
        """
        if self._ends is None:
            # Region names end in one of a few characters (县区市旗州省盟…): scan back from those only.
            ends = sorted({name[-1] for name in self.by_name if len(name) >= 3})
            self._ends = re.compile("[" + "".join(map(re.escape, ends)) + "]")
            self._lengths = sorted({len(n) for n in self.by_name if len(n) >= 3}, reverse=True)
        found: dict[int, str] = {}
        by_name, lengths = self.by_name, self._lengths
        for match in self._ends.finditer(text):
            end = match.end()
            for length in lengths:
                start = end - length
                if start < 0:
                    continue
                name = text[start:end]
                if name in by_name:
                    if len(name) > len(found.get(start, "")):
                        found[start] = name
        out, last_end = [], -1
        for start in sorted(found):
            if start < last_end:
                continue
            name = found[start]
            out.append((start, name, self.by_name[name]))
            last_end = start + len(name)
        return out

    def parent_chain(self, region: Region) -> tuple[str | None, str | None, str | None]:
        """(province, city, county) for a region, as FIELDS.md writes them.

        >>> g = gazetteer()
        >>> g.parent_chain(g.lookup("平鲁区")[0])
        ('山西省', '朔州市', '平鲁区')
        >>> g.parent_chain(g.lookup("北京市")[0])
        ('北京市', None, None)
        >>> g.parent_chain(g.lookup("济源市")[0])
        ('河南省', None, '济源市')
        """
        if region.level == "province":
            return region.name, None, None
        if region.level == "city":
            return region.province, region.name, None
        return region.province, region.city, region.name


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    rows = []
    text = data_text("regions.tsv")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, level, province, city, lon, lat = (line.split("\t") + [""] * 7)[:7]
        rows.append(Region(code, name, level, province, city or None, float(lon) if lon else None, float(lat) if lat else None))
    return Gazetteer(rows)

