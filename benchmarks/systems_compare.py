"""Benchmark: every registered electoral system on real elections (what ``psephos systems`` does).

Run from the repository root::

    python benchmarks/systems_compare.py

Prints, per election and system, the best of three wall times (elections already loaded).
"""

from __future__ import annotations

import time

import psephos
from psephos.io.canada import load_canada
from psephos.systems import SYSTEMS, get_system


def main() -> None:
    elections = [psephos.load("2017"), psephos.load("2024"), load_canada("canada-2021")]
    print("| election | system | seconds (best of 3) |")
    print("|---|---|---|")
    for election in elections:
        total = 0.0
        for key in SYSTEMS:
            system = get_system(key)
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                system.allocate(election)
                best = min(best, time.perf_counter() - start)
            total += best
            print(f"| {election.id} | {key} | {best:.4f} |")
        print(f"| {election.id} | all systems | {total:.3f} |")


if __name__ == "__main__":
    main()
