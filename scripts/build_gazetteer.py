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
UPDATES = Path(__file__).resolve().parent / "region_updates.tsv"
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
    out = _updated(out)
    out.sort()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# adcode\tname\tlevel\tprovince\tcity\tlongitude\tlatitude  (from cpca's adcodes.csv, MIT licence; "
                 "changes 2017–2022 from scripts/region_updates.tsv)\n")
        for row in out:
            fh.write("\t".join(row) + "\n")
    print(f"wrote {len(out)} regions to {OUT}")


def _updated(rows: list[tuple]) -> list[tuple]:
    """cpca's rows with the divisions of scripts/region_updates.tsv put in: a row of the same
    adcode and name is replaced (a county moved to its new prefecture), any other is added."""
    updates = [tuple(line.rstrip("\n").split("\t")) for line in UPDATES.read_text("utf-8").splitlines(True)
               if line.strip() and not line.startswith("#")]
    keys = {(u[0], u[1]) for u in updates}
    return [r for r in rows if (r[0], r[1]) not in keys] + updates


if __name__ == "__main__":
    main()
