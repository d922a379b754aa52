"""Build psephos's bundled postcode table from the raw files in ../shared/data.

Run from the repository root::

    python scripts/build_postcodes.py [--shared ../shared/data]

Writes ``src/psephos/data/postcodes.npz``: one row per UK postcode sector ("NW6 1") and per
postcode district ("NW6"), with its mean location (WGS84) and the 2024 Westminster seat holding
most of its postcodes, that seat's share, how many seats the postcodes fall in and the runner-up
seat. Raw files are never copied; provenance and licence are in
``src/psephos/data/PROVENANCE-postcodes.md``.

Inputs (both derived from ONS NSPL May 2025 and OS Code-Point Open, see the raw data's
``uk/geography/postcode-sectors-conversion-note.md``):

* ``uk/geography/uk-postcode-sectors-latlon-pcon24.csv`` (12,269 sectors);
* ``uk/geography/uk-postcode-districts-latlon-pcon24.csv`` (3,077 districts).

Every seat code is checked against the bundled 2024 geography.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "psephos" / "data"
sys.path.insert(0, str(ROOT / "src"))

from psephos.io.bundled import table  # noqa: E402  (after the sys.path line above)
from psephos.io.tables import write_table  # noqa: E402

SECTORS = "uk/geography/uk-postcode-sectors-latlon-pcon24.csv"
DISTRICTS = "uk/geography/uk-postcode-districts-latlon-pcon24.csv"

#: Output columns, in order.
COLUMNS = (
    "key",
    "level",
    "latitude",
    "longitude",
    "code",
    "share",
    "n_seats",
    "code_2nd",
    "n_postcodes",
    "live",
)


def _read(path: Path, key_column: str, level: str) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype={key_column: str, "pcon24cd_2nd": str})
    frame = pd.DataFrame(
        {
            "key": raw[key_column].str.upper().str.strip(),
            "level": level,
            "latitude": raw["lat"].astype("float64"),
            "longitude": raw["lon"].astype("float64"),
            "code": raw["pcon24cd"].astype(str),
            "share": raw["pcon24_share"].astype("float64"),
            "n_seats": raw["n_pcon24"].astype("int16"),
            "code_2nd": raw["pcon24cd_2nd"].fillna("").astype(str),
            "n_postcodes": raw["n_postcodes"].astype("int32"),
            "live": raw["status"] != "not_in_codepoint_2023",
        }
    )
    if frame["key"].duplicated().any():
        duplicates = frame.loc[frame["key"].duplicated(), "key"].head(3).tolist()
        raise SystemExit(f"{path.name}: duplicate {key_column} {duplicates}")
    return frame


def build(shared: Path) -> pd.DataFrame:
    """The postcode table from the two raw files, checked against the 2024 seats."""
    sectors = _read(shared / SECTORS, "sector", "sector")
    districts = _read(shared / DISTRICTS, "district", "district")
    frame = pd.concat([sectors, districts], ignore_index=True)[list(COLUMNS)]
    geography = table("geography")
    codes = set(geography.loc[geography["boundary_set"] == "2024", "code"].astype(str))
    unknown = (set(frame["code"]) | (set(frame["code_2nd"]) - {""})) - codes
    if unknown:
        raise SystemExit(f"seat codes not in the bundled 2024 geography: {sorted(unknown)[:5]}")
    return frame.sort_values(["level", "key"], ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    frame = build(args.shared)
    target = write_table(frame, args.out / "postcodes.npz")
    counts = frame["level"].value_counts().to_dict()
    print(
        f"wrote {target} ({counts.get('sector', 0)} sectors, {counts.get('district', 0)} districts)"
    )


if __name__ == "__main__":
    main()
