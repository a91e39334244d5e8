"""Regenerate the shipped gazetteer from cpca's adcodes table: kg/data/gazetteer.csv (county-level
divisions) and kg/data/gazetteer_upper.csv (provinces and prefectures).

Run once by a developer, never at run time:
    pip download --no-deps cpca==0.5.5 -d /tmp/cpca && unzip -o /tmp/cpca/*.whl -d /tmp/cpca
    python scripts/build_gazetteer.py /tmp/cpca/cpca/resources/adcodes.csv
cpca (MIT) ships GB/T 2260 codes as 12-digit statistical codes; we keep the 6-digit prefix.
"""

import csv
import sys
from pathlib import Path

# statistical placeholders that GB/T 2260 lists under a province, not prefectures of their own
_NOT_A_PREFECTURE = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
DATA = Path(__file__).resolve().parent.parent / "kg" / "data"


def main(adcodes: str) -> None:
    names: dict[str, str] = {}
    with open(adcodes, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names[row["adcode"][:6]] = row["name"]
    rows = []
    for code, name in sorted(names.items()):
        if code.endswith("00") or name == "市辖区":
            continue  # provinces and prefectures go to the second file
        prefecture = names.get(code[:4] + "00")
        province = names.get(code[:2] + "0000")
        if prefecture in (None, *_NOT_A_PREFECTURE):
            prefecture = None
        rows.append((code, name, prefecture or "", province or ""))
    _write(DATA / "gazetteer.csv", ("admin_code", "name", "prefecture", "province"), rows)
    upper = []
    for code, name in sorted(names.items()):
        if code.endswith("0000"):
            upper.append((code, name, "province", ""))
        elif code.endswith("00") and name not in _NOT_A_PREFECTURE:
            upper.append((code, name, "prefecture", names[code[:2] + "0000"]))
    _write(DATA / "gazetteer_upper.csv", ("admin_code", "name", "level", "province"), upper)
    print(f"{len(rows)} county-level divisions, {len(upper)} provinces and prefectures -> {DATA}")


def _write(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1])
