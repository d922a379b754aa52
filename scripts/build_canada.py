"""Build psephos's bundled Canada tables from the Elections Canada files in ../shared/data/canada.

Run from the repository root::

    python scripts/build_canada.py [--shared ../shared/data]

Reads the official results of the 43rd (2019) and 44th (2021) general elections (table 11: one
row per riding; table 12: one row per candidate) and writes two compact Parquet tables to
``src/psephos/data/``:

* ``canada_ridings.npz``: election, riding number (``code``), English name, province,
  population, electors, valid and rejected ballots;
* ``canada_candidates.npz``: election, riding number, candidate, incumbent flag, party code
  (``psephos.model.CANADA_PARTY_CODES``), party label as published, votes.

Quirks handled (see the raw data's MANIFEST.md): files start with a UTF-8 BOM and have bilingual
headers (``English/Français``); the party is the END of the candidate string ("Ken McDonald **
Liberal/Libéral"; ``**`` marks the incumbent), matched here against the full bilingual label so
that surnames such as "Green" or "Block" cannot be mistaken for parties; the People's Party label
changed between 2019 and 2021; ridings are joined by number, not name. Every riding's candidate
votes must sum to its valid ballots, and the winners must match the official seat counts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "psephos" / "data"
sys.path.insert(0, str(ROOT / "src"))

from psephos.io.elections_canada import english, split_candidate  # noqa: E402  (sys.path above)
from psephos.io.tables import write_table  # noqa: E402  (after the sys.path line above)

FILES = {
    "canada-2019": (
        "EC-2019-GE43-table11-riding-summary.csv",
        "EC-2019-GE43-table12-candidates-by-riding.csv",
    ),
    "canada-2021": (
        "EC-2021-GE44-table11-riding-summary.csv",
        "EC-2021-GE44-table12-candidates-by-riding.csv",
    ),
}

#: Official seat counts (Elections Canada), checked after the build.
OFFICIAL_SEATS = {
    "canada-2019": {"LPC": 157, "CPC": 121, "BQ": 32, "NDP": 24, "GPC": 3, "Ind": 1},
    "canada-2021": {"LPC": 160, "CPC": 119, "BQ": 32, "NDP": 25, "GPC": 2},
}


def build(shared: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    ridings_out: list[pd.DataFrame] = []
    candidates_out: list[pd.DataFrame] = []
    for election, (summary_file, candidate_file) in FILES.items():
        summary = pd.read_csv(shared / "canada" / summary_file, encoding="utf-8-sig")
        candidates = pd.read_csv(shared / "canada" / candidate_file, encoding="utf-8-sig")
        summary.columns = [column.split("/")[0].strip() for column in summary.columns]
        candidates.columns = [column.split("/")[0].strip() for column in candidates.columns]
        ridings = pd.DataFrame(
            {
                "election": election,
                "code": summary["Electoral District Number"].astype(int).astype(str),
                "name": summary["Electoral District Name"].map(english),
                "province": summary["Province"].map(english),
                "population": summary["Population"].astype("int64"),
                "electorate": summary["Electors"].astype("int64"),
                "valid_votes": summary["Valid Ballots"].astype("int64"),
                "invalid_votes": summary["Rejected Ballots"].astype("int64"),
            }
        )
        parsed = [split_candidate(text) for text in candidates["Candidate"]]
        rows = pd.DataFrame(
            {
                "election": election,
                "code": candidates["Electoral District Number"].astype(int).astype(str),
                "candidate": [p[0] for p in parsed],
                "incumbent": [p[1] for p in parsed],
                "party": [p[2] for p in parsed],
                "party_name": [p[3] for p in parsed],
                "votes": candidates["Votes Obtained"].astype("int64"),
            }
        )
        check(election, ridings, rows)
        ridings_out.append(ridings)
        candidates_out.append(rows)
    return (
        pd.concat(ridings_out, ignore_index=True),
        pd.concat(candidates_out, ignore_index=True),
    )


def check(election: str, ridings: pd.DataFrame, candidates: pd.DataFrame) -> None:
    """Riding numbers join one to one, votes add up and winners match the official count."""
    if ridings["code"].duplicated().any() or len(ridings) != 338:
        raise SystemExit(f"{election}: expected 338 distinct ridings, got {len(ridings)}")
    missing = set(candidates["code"]) ^ set(ridings["code"])
    if missing:
        raise SystemExit(f"{election}: ridings without a match by number: {sorted(missing)[:5]}")
    totals = candidates.groupby("code")["votes"].sum()
    valid = ridings.set_index("code")["valid_votes"]
    bad = (totals - valid.loc[totals.index]).abs()
    if (bad > 0).any():
        raise SystemExit(f"{election}: candidate votes differ from valid ballots in {bad[bad > 0]}")
    winners = candidates.loc[candidates.groupby("code")["votes"].idxmax(), "party"]
    seats = winners.value_counts().to_dict()
    if seats != OFFICIAL_SEATS[election]:
        raise SystemExit(f"{election}: winners {seats} differ from {OFFICIAL_SEATS[election]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    ridings, candidates = build(args.shared)
    args.out.mkdir(parents=True, exist_ok=True)
    write_table(ridings, args.out / "canada_ridings.npz")
    write_table(candidates, args.out / "canada_candidates.npz")
    print(f"wrote {len(ridings)} ridings and {len(candidates)} candidates to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
