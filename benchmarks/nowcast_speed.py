"""Nowcast speed: one update after a declaration (declare + projection), beside a plain reference.

Run: ``python benchmarks/nowcast_speed.py [--night 2017] [--repeats 3]``.

Replays a whole night in declaration order and times every update of the public entry point
(:meth:`psephos.forecast.Nowcast.declare` then :meth:`~psephos.forecast.Nowcast.projection`), in
memory and with a SQLite file (WAL, synchronous FULL), and in the same run the plain reference:
regional mean swing of the declared seats recomputed from scratch
(:func:`psephos.forecast.pooling.regional_mean_swing` and a count of winners). Prints the median,
95th percentile and maximum in milliseconds and the ratio of the medians. Target: < 20 ms.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from psephos.forecast.nowcast import (
    Nowcast,
    baseline_seats,
    declaration_order,
    seat_frame,
    votes_of,
)
from psephos.forecast.pooling import SeatFrame
from psephos.io.bundled import PREVIOUS, load


def timings(update: Callable[[int, str], None], order: list[str]) -> list[float]:
    """Milliseconds of ``update(n, code)`` for every declaration of the night."""
    out = []
    for n, code in enumerate(order, start=1):
        start = time.perf_counter()
        update(n, code)
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):5.1f} ms, 95th percentile "
        f"{np.percentile(values, 95):5.1f} ms, max {max(values):6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--night", default="2017")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    target, base = load(args.night), load(PREVIOUS[args.night])
    order = declaration_order(args.night)
    standing = target.votes > 0
    shares = target.shares()
    print(f"# Nowcast update, {args.night} night ({len(order)} declarations)")
    print(f"python {platform.python_version()}, {platform.machine()}, numpy {np.__version__}\n")
    best: dict[str, list[float]] = {}
    for _ in range(args.repeats):
        nowcast = Nowcast(base, standing=standing)

        def update(_n: int, code: str, night: Nowcast = nowcast) -> None:
            night.declare(code, votes_of(target, target.seat_index(code)))
            night.projection()

        memory = timings(update, order)
        with tempfile.TemporaryDirectory() as folder:
            stored = Nowcast(base, standing=standing, store=Path(folder) / "night.sqlite")

            def update_stored(_n: int, code: str, night: Nowcast = stored) -> None:
                night.declare(code, votes_of(target, target.seat_index(code)))
                night.projection()

            on_disk = timings(update_stored, order)
            stored.close()

        def reference(
            _n: int,
            code: str,
            frame: SeatFrame = seat_frame(base, standing),
            declared: list[int] = [],  # noqa: B006 - one list per repeat, by design
        ) -> None:
            declared.append(target.seat_index(code))
            seen = np.asarray(declared, dtype=np.int64)
            np.bincount(baseline_seats(frame, seen, shares[seen], target.winner[seen]))

        plain = timings(reference, order)
        for label, values in (("memory", memory), ("sqlite", on_disk), ("plain", plain)):
            if label not in best or statistics.median(values) < statistics.median(best[label]):
                best[label] = values
    print(f"nowcast, in memory:          {summary(best['memory'])}")
    print(f"nowcast, SQLite file:        {summary(best['sqlite'])}")
    print(f"plain regional mean swing:   {summary(best['plain'])}")
    ratio = statistics.median(best["memory"]) / statistics.median(best["plain"])
    print(f"ratio of medians (nowcast in memory / plain reference): {ratio:.1f}x")


if __name__ == "__main__":
    main()
