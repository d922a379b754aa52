"""Interval coverage of the results-night nowcast early in the night, for docs/forecast.md.

Run: ``python benchmarks/nowcast_intervals.py [--nights 2015 2017 2019 2024]
[--checkpoints 10 25 50 100 200]``. Prints Markdown.

For every replayable night and checkpoint (declarations so far), whether each major party's
real final seats (Con, Lab, LD, SNP, and Reform where it won seats) lie in the nowcast's 90%
interval, and the interval's mean width, for two variants: the default (``chosen_settings``)
and the default with the pre-night polls' prior on the national change
(``with_national_prior``: weight chosen on the earlier nights only by
``choose_national_prior``; 2015 the fixed default). The UK seat error of the projection is
shown beside, so a change of the point estimates is seen too.

An accuracy evaluation, not a speed benchmark: no plain reference and no time ratio (the
speed of a nowcast update is measured in ``nowcast_speed.py``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from psephos.forecast.exitpoll import election_pair
from psephos.forecast.nowcast import NIGHTS, chosen_settings, replay, with_national_prior
from psephos.forecast.pooling import PoolingSettings

#: Declarations after which the intervals are scored (the brief's early-night checkpoints).
EARLY_CHECKPOINTS: tuple[int, ...] = (10, 25, 50, 100, 200)
#: Parties scored (Reform only where it won seats).
MAJOR_PARTIES: tuple[str, ...] = ("Con", "Lab", "LD", "SNP", "Reform")
#: The variants compared: name -> settings of a night.
VARIANTS: dict[str, Callable[[str], PoolingSettings]] = {
    "default": chosen_settings,
    "polls prior": with_national_prior,
}


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """One night after ``n_declared`` declarations: per scored party its interval and final
    seats, and the projection's UK seat error."""

    night: str
    n_declared: int
    intervals: dict[str, tuple[int, int]]
    final: dict[str, int]
    error: float

    @property
    def inside(self) -> int:
        return sum(low <= self.final[p] <= high for p, (low, high) in self.intervals.items())

    @property
    def mean_width(self) -> float:
        return float(np.mean([high - low for low, high in self.intervals.values()]))


def scored_parties(parties: Sequence[str], final: dict[str, int]) -> list[str]:
    """The major parties of a night: Reform only where it won a seat."""
    return [p for p in MAJOR_PARTIES if p in parties and (p != "Reform" or final[p] > 0)]


def checkpoints(
    night: str, settings: PoolingSettings, at: Sequence[int] = EARLY_CHECKPOINTS
) -> list[Checkpoint]:
    """Replay ``night`` with ``settings`` and score the major parties' intervals at ``at``."""
    target, _base = election_pair(night)
    won = np.bincount(target.winner, minlength=len(target.parties))
    final = {p: int(c) for p, c in zip(target.parties, won, strict=True)}
    parties = scored_parties(target.parties, final)
    out = []
    for step in replay(night, settings=settings, checkpoints=at, intervals_at=at):
        intervals = step.intervals or {}
        out.append(
            Checkpoint(
                night=night,
                n_declared=step.n_declared,
                intervals={p: intervals.get(p, (0, 0)) for p in parties},
                final={p: final[p] for p in parties},
                error=step.error_nowcast,
            )
        )
    return out


def _cell(point: Checkpoint) -> str:
    missed = [p for p, (low, high) in point.intervals.items() if not low <= point.final[p] <= high]
    miss = f" (out: {', '.join(missed)})" if missed else ""
    return f"{point.inside}/{len(point.intervals)}{miss}, {point.mean_width:.0f}, {point.error:.1f}"


def report(nights: Sequence[str], at: Sequence[int]) -> None:
    """Print the coverage table of every variant, night and checkpoint, and the totals."""
    print("## Nowcast interval coverage: parties inside / scored, mean width, UK seat error\n")
    header = " | ".join(f"after {n}" for n in at)
    print(f"| night | variant | {header} |")
    print("|---|---|" + "---|" * len(at))
    totals: dict[str, dict[int, list[float]]] = {}
    for night in nights:
        for name, settings_of in VARIANTS.items():
            points = checkpoints(night, settings_of(night), at)
            print(f"| {night} | {name} | " + " | ".join(_cell(p) for p in points) + " |")
            for point in points:
                total = totals.setdefault(name, {}).setdefault(point.n_declared, [0, 0, 0.0])
                total[0] += point.inside
                total[1] += len(point.intervals)
                total[2] += point.mean_width
    for name, by_n in totals.items():
        cells = [
            f"{inside:.0f}/{scored:.0f} ({inside / scored:.0%}), {width / len(nights):.0f}"
            for inside, scored, width in (by_n[n] for n in at)
        ]
        print(f"| all | {name} | " + " | ".join(cells) + " |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nights", nargs="+", default=list(NIGHTS))
    parser.add_argument("--checkpoints", nargs="+", type=int, default=list(EARLY_CHECKPOINTS))
    args = parser.parse_args()
    report(args.nights, args.checkpoints)


if __name__ == "__main__":
    main()
