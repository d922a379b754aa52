"""Every registered electoral system on real elections (what ``psephos systems`` does), the
simple ones each beside a plain NumPy reference.

Run: ``python benchmarks/systems_compare.py [--repeat 7]``. Writes
``benchmarks/results/systems_compare.json`` and the page ``docs/perf/systems-compare.md`` (then
run ``python scripts/build_performance_doc.py``). Elections are loaded before timing. In one
run, interleaved (median of repeats), with the load average before and after:

* FPTP, the five list-PR systems and the two AMS systems (``system.allocate``) against plain
  NumPy: ``bincount`` of the recorded winners (from the candidates, not the party columns),
  and a plain divisor loop (one seat at a time to the party with the highest quotient, ties to
  the party with more votes, then the earlier one) over the same national or regional totals;
  seats checked equal party by party;
* AV and STV (modelled preferences, one ranked count per seat or district) are timed alone: the
  counts they run are compared with VoteKit and pref_voting in ``systems_count.py``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np
from _report import (
    interleaved,
    load_average,
    median_time,
    publish,
    row,
)

import psephos
from psephos.io.canada import load_canada
from psephos.systems import SYSTEMS, get_system
from psephos.systems.base import NON_LIST_PARTIES

#: Divisor step of each method: the divisor of a party holding ``s`` seats is ``step * s + 1``.
STEP = {"dhondt": 1, "sainte-lague": 2}


def plain_divisor(
    votes: np.ndarray,
    n_seats: int,
    step: int,
    allowed: np.ndarray,
    prior: np.ndarray | None = None,
) -> np.ndarray:
    """Highest averages, one seat at a time: the next seat to the highest quotient."""
    held = np.zeros(len(votes)) if prior is None else prior.astype(np.float64)
    won = np.zeros(len(votes), dtype=np.int64)
    allowed = allowed & (votes > 0)
    if not allowed.any():
        return won
    for _ in range(n_seats):
        quotient = np.where(allowed, votes / (step * held + 1), -np.inf)
        tied = np.flatnonzero(quotient == quotient.max())
        party = tied[np.argmax(votes[tied])]
        won[party] += 1
        held[party] += 1
    return won


def plain_system(key: str, election: psephos.Election) -> np.ndarray:
    """Seats per party of a simple system in plain NumPy."""
    system = get_system(key)
    votes = np.asarray(election.votes)
    n_parties = votes.shape[1]
    # The recorded winners: they come from the candidates, and a party column can sum several
    # (two 2024 seats where independents together outpolled the winning candidate).
    winners = np.asarray(election.winner)
    if key == "fptp":
        return np.bincount(winners, minlength=n_parties)
    listed = np.array([party not in NON_LIST_PARTIES for party in election.parties])
    regions = np.asarray(election.regions)
    step = STEP[system.method]
    if hasattr(system, "top_up_share"):
        ratio = system.top_up_share / (1 - system.top_up_share)
        seats = np.bincount(winners, minlength=n_parties)
        for region in dict.fromkeys(regions.tolist()):
            mask = regions == region
            won = np.bincount(winners[mask], minlength=n_parties)
            seats += plain_divisor(
                votes[mask].sum(axis=0), round(int(mask.sum()) * ratio), step, listed, won
            )
        return seats
    national = votes.sum(axis=0)
    allowed = listed & (national / national.sum() >= system.threshold)
    if system.level == "national":
        return plain_divisor(national, election.n_seats, step, allowed)
    seats = np.zeros(n_parties, dtype=np.int64)
    for region in dict.fromkeys(regions.tolist()):
        mask = regions == region
        seats += plain_divisor(votes[mask].sum(axis=0), int(mask.sum()), step, allowed)
    return seats


def election_rows(election: psephos.Election, repeat: int) -> list[dict[str, Any]]:
    rows = []
    simple = [key for key in SYSTEMS if get_system(key).key not in ("av", "stv")]
    for key in simple:
        system = get_system(key)
        ours = system.allocate(election).seats
        plain = plain_system(key, election)
        agree = np.array_equal(ours, plain)
        times = interleaved(
            {
                "ours": lambda system=system: system.allocate(election),
                "plain": lambda key=key: plain_system(key, election),
            },
            repeat,
            20,
        )
        rows.append(
            row(
                f"{election.id}: `{key}`",
                times["ours"],
                times["plain"],
                "plain NumPy: `bincount` of the recorded winners, divisor loop one seat at a time",
                "",
                None,
                f"same seats per party: {'yes' if agree else '**no**'}",
            )
        )
    for key in ("av", "stv"):
        system = get_system(key)
        seconds = median_time(lambda system=system: system.allocate(election), max(1, repeat // 3))
        rows.append(
            row(
                f"{election.id}: `{key}` (modelled preferences, one count per seat or district)",
                seconds,
                None,
                "none here: its ranked counts are compared with VoteKit and pref_voting in "
                "`systems_count.py`",
                "",
                None,
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    elections = [psephos.load("2017"), psephos.load("2024"), load_canada("canada-2021")]
    load_before = load_average()
    rows = [line for election in elections for line in election_rows(election, args.repeat)]
    publish(
        "systems_compare",
        "Electoral systems on real elections against plain references",
        f"python benchmarks/systems_compare.py --repeat {args.repeat}",
        rows,
        args.repeat,
        load_before,
    )


if __name__ == "__main__":
    sys.exit(main())
