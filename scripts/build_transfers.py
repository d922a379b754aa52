"""Build src/psephos/data/transfers_uk.json: transfer rates estimated from the bundled results.

Usage: ``python scripts/build_transfers.py [--bootstrap 200] [--seed 0]``. Reads only the
bundled package data (results, candidates via the loaders, demographics); see
src/psephos/data/PROVENANCE-transfers.md and docs/methodology/transfers.md.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from psephos.transfers.matrix import DEFAULT_FILE
from psephos.transfers.uk import estimate_uk_transfers

OUT = Path(__file__).resolve().parents[1] / "src" / "psephos" / "data" / DEFAULT_FILE


def main() -> None:
    """Estimate, print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap", type=int, default=200, help="bootstrap replications")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    parser.add_argument("--out", type=Path, default=OUT, help="output JSON")
    args = parser.parse_args()
    start = time.perf_counter()
    estimate = estimate_uk_transfers(n_bootstrap=args.bootstrap, seed=args.seed)
    for row in estimate.to_rows():
        se = "" if row["se"] is None else f"{row['se']:.3f}"
        print(
            f"{row['from']:>8} -> {row['to']:<8} {row['rate']:.3f} {se:>6} "
            f"{row['method']:<9} n={row['treated_seats']:<4} {row['experiments']}"
        )
    for i, party in enumerate(estimate.parties):
        print(
            f"{party:>8} abstain {estimate.abstention(party):.3f}  direct (turnout) "
            f"{estimate.direct_abstention[i]:.3f} +- {estimate.direct_abstention_se[i]:.3f}"
        )
    estimate.write(args.out)
    print(f"wrote {args.out} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
