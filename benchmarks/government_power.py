"""Voting power (``psephos.government.voting_power`` / ``pivot_counts``) on real and large
Houses, beside the plain count it replaced.

Run: ``python benchmarks/government_power.py [--repeat 3]``. Writes
``benchmarks/results/government_power.json`` and the page ``docs/perf/government-power.md``
(then run ``python scripts/build_performance_doc.py``). The reference is the module as it
stood before the grouped count (``--before REV``, default :data:`BEFORE`, read with
``git show``): one float64 table of subsets by size and weight per distinct weight,
``O(n^2 W)``. It is timed (interleaved, median of repeats) where it finishes in reasonable
time; the note says whether it gave finite
indices and how far they are from ours.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from _report import ROOT, interleaved, load_average, median_time, publish, row

import psephos
from psephos.government import parliament, pivot_counts

#: Sixteen parties of 9,620 seats, the rest of a House of up to 10,000 seats independents.
PARTIES = [4000, 3000, 1500, 500, 300, 200, 100, 50, 30, 20, 10, 5, 5, 3, 2, 2]


#: The last commit whose ``power`` module counted subsets plainly (one float64 table each).
BEFORE = "befaeb8"


def load_before(revision: str) -> Any:
    """The ``power`` module as it stood at ``revision`` (``git show``), the code before the
    grouped count."""
    source = subprocess.run(
        ["git", "show", f"{revision}:src/psephos/government/power.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "power_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("power_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["power_before"] = module
    spec.loader.exec_module(module)
    return module


def cases() -> list[tuple[str, list[int], int, bool]]:
    """(name, weights, quota, time the reference too)."""
    out = []
    for election_id in ("2017", "2024"):
        house = parliament(psephos.load(election_id))
        weights = [*house.votes.values()] + [1] * house.n_individuals
        out.append((f"{election_id} House", weights, house.working_threshold, True))
    for independents, with_reference in ((200, True), (380, True), (1_000, False), (5_000, False)):
        weights = PARTIES + [1] * independents
        out.append(
            (
                f"16 parties (9,620 seats) + {independents:,} independents",
                weights,
                sum(weights) // 2 + 1,
                with_reference,
            )
        )
    for independents in (1_000, 1_500, 5_000):
        weights = [300, 200, 50] + [1] * independents
        out.append(
            (
                f"3 parties (550 seats) + {independents:,} independents",
                weights,
                sum(weights) // 2 + 1,
                independents <= 1_000,
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", default=BEFORE, help="git revision of the reference")
    args = parser.parse_args(argv)
    before = load_before(args.before)
    load = load_average()
    rows: list[dict[str, Any]] = []
    for name, weights, quota, with_reference in cases():
        ours = pivot_counts(weights, quota)
        finite_before = None
        if with_reference:
            with np.errstate(all="ignore"):
                old_swings, old_shapley = before.pivot_counts(weights, quota)
                old_banzhaf = old_swings / old_swings.sum()
            finite_before = bool(np.isfinite(old_banzhaf).all() and np.isfinite(old_shapley).all())
            times = interleaved(
                {
                    "ours": lambda w=weights, q=quota: pivot_counts(w, q),
                    "before": lambda w=weights, q=quota: before.pivot_counts(w, q),
                },
                args.repeat,
            )
            ours_s, reference_s = times["ours"], times["before"]
            if finite_before:
                gap = max(np.abs(old_banzhaf - ours[0]).max(), np.abs(old_shapley - ours[1]).max())
                note = f"largest difference from before {gap:.1e}"
            else:
                note = "before: **inf / NaN indices**"
        else:
            ours_s, reference_s = (
                median_time(lambda w=weights, q=quota: pivot_counts(w, q), args.repeat),
                None,
            )
            note = "before not run (minutes: O(n^2 W))"
        finite = bool(np.isfinite(ours[0]).all() and np.isfinite(ours[1]).all())
        sums = f"{ours[0].sum():.12f} / {ours[1].sum():.12f}"
        note += f"; ours finite: {'yes' if finite else '**no**'}, sums {sums}"
        rows.append(
            row(
                f"{name} ({len(weights):,} players)",
                ours_s,
                reference_s,
                f"`pivot_counts` at {args.before}",
                "1 s",
                ours_s < 1,
                note,
            )
        )
    publish(
        "government_power",
        "Voting power against the plain count of subsets",
        f"python benchmarks/government_power.py --repeat {args.repeat}",
        rows,
        args.repeat,
        load,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
