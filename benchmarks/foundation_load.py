"""How long loading a bundled election and building its tables takes.

Run: ``python benchmarks/foundation_load.py``. Prints one line per measurement.
"""

from __future__ import annotations

import timeit

import psephos
from psephos.io import bundled
from psephos.results import marginals, national_table


def cold_load() -> None:
    bundled.table.cache_clear()
    bundled._load.cache_clear()
    psephos.load("2024")


def main() -> None:
    """Print the median of several repeats for each operation."""
    election = psephos.load("2017")
    previous = psephos.load("2015")
    cases = {
        "cold load of one election (read Parquet, build model)": (cold_load, 5),
        "national table with changes": (lambda: national_table(election, previous), 200),
        "top-50 marginals": (lambda: marginals(election, top=50), 200),
        "seat lookup by fuzzy name": (lambda: election.result("hampstead & kilburn"), 2000),
    }
    for label, (function, number) in cases.items():
        times = timeit.repeat(function, number=number, repeat=5)
        best = min(times) / number
        print(f"{label}: {best * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
