"""Regenerate extractor/data/regions.tsv from the administrative-division data of cpca.

    pip install cpca && python scripts/build_gazetteer.py

cpca (MIT licence) ships a table of adcodes and names of China's provinces,
prefecture-level cities and counties.  The toolkit reads only this derived
file at run time: no pandas, no network.
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
OUT = Path(__file__).resolve().parent.parent / "extractor" / "reading" / "data" / "regions.tsv"


def main() -> None:
    source = resources.files("cpca.resources").joinpath("adcodes.csv").read_text("utf-8")
    rows = [r for r in csv.DictReader(source.splitlines()) if r["name"] not in PLACEHOLDERS]
    names = {r["adcode"][:6]: r["name"] for r in rows}
    out = []
    for r in rows:
        code = r["adcode"][:6]
        province = names.get(code[:2] + "0000")
        if code.endswith("0000"):
            level, city = "province", None
        elif code.endswith("00"):
            level, city = "city", r["name"]
        else:
            level = "county"
            city = names.get(code[:4] + "00")  # None in municipalities and for 省直辖 counties
        out.append((code, r["name"], level, province or "", city or "", r["longitude"], r["latitude"]))
    out.sort()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# adcode\tname\tlevel\tprovince\tcity\tlongitude\tlatitude  (from cpca's adcodes.csv, MIT licence)\n")
        for row in out:
            fh.write("\t".join(row) + "\n")
    print(f"wrote {len(out)} regions to {OUT}")


if __name__ == "__main__":
    main()
