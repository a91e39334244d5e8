"""Regenerate kg/data/gazetteer.csv (county-level divisions) from cpca's adcodes table.

Run once by a developer, never at run time:
    pip download --no-deps cpca==0.5.5 -d /tmp/cpca && unzip -o /tmp/cpca/*.whl -d /tmp/cpca
    python scripts/build_gazetteer.py /tmp/cpca/cpca/resources/adcodes.csv
cpca (MIT) ships GB/T 2260 codes as 12-digit statistical codes; we keep the 6-digit prefix.
"""

import csv
import sys
from pathlib import Path


def main(adcodes: str) -> None:
    names: dict[str, str] = {}
    with open(adcodes, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names[row["adcode"][:6]] = row["name"]
    out = Path(__file__).resolve().parent.parent / "kg" / "data" / "gazetteer.csv"
    rows = []
    for code, name in sorted(names.items()):
        if code.endswith("00") or name == "市辖区":
            continue  # provinces and prefectures are looked up, not listed
        prefecture = names.get(code[:4] + "00")
        province = names.get(code[:2] + "0000")
        if prefecture in (None, "市辖区", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            prefecture = None
        rows.append((code, name, prefecture or "", province or ""))
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(("admin_code", "name", "prefecture", "province"))
        writer.writerows(rows)
    print(f"{len(rows)} county-level divisions -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
