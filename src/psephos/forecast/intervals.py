"""Seat-total intervals from simulated seat totals, shared by the nowcast and the exit poll.

A model that simulates every party's seat total many times (the results-night nowcast's
posterior draws, :meth:`psephos.forecast.Nowcast.seat_intervals`; the exit poll's refits,
:meth:`psephos.forecast.exitpoll.ExitPollEstimate.seat_intervals`) reports the central
``level`` interval of those totals; how often the real totals fall inside is the interval's
coverage, and a scale on the shared errors is chosen on earlier elections so that coverage
comes closest to the nominal level (:func:`closest_scale`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

#: Interval scales (multipliers of the shared errors' spread) a choice rule tries.
INTERVAL_SCALES: tuple[float, ...] = (1.0, 1.5, 2.0, 3.0)
#: Nominal level of the seat intervals the scale is chosen for.
INTERVAL_LEVEL = 0.9


def seat_total_intervals(
    totals: npt.ArrayLike, parties: Sequence[str], level: float = INTERVAL_LEVEL
) -> dict[str, tuple[int, int]]:
    """Central ``level`` interval of every party's simulated seat totals (``n_sims x
    n_parties``, whole or fractional seats): the lower quantile rounded down and the upper
    one rounded up, so the interval holds at least ``level`` of the draws. Parties whose
    interval is ``(0, 0)`` are left out."""
    values = np.asarray(totals, dtype=np.float64)
    low = np.floor(np.quantile(values, (1.0 - level) / 2.0, axis=0, method="lower") + 1e-9)
    high = np.ceil(np.quantile(values, (1.0 + level) / 2.0, axis=0, method="higher") - 1e-9)
    return {p: (int(a), int(b)) for p, a, b in zip(parties, low, high, strict=True) if b > 0}


def interval_coverage(
    intervals: Mapping[str, tuple[int, int]], parties: Sequence[str], final: npt.ArrayLike
) -> tuple[int, int]:
    """How many parties' final seats lie in their interval, of the parties that won a seat or
    have a non-zero interval."""
    won = dict(zip(parties, np.asarray(final).tolist(), strict=True))
    scored = [p for p in parties if won[p] > 0 or p in intervals]
    inside = [
        p for p in scored if intervals.get(p, (0, 0))[0] <= won[p] <= intervals.get(p, (0, 0))[1]
    ]
    return len(inside), len(scored)


def closest_scale(
    coverage: Mapping[float, tuple[int, int]], level: float = INTERVAL_LEVEL
) -> float:
    """The scale whose coverage (``inside, scored`` over the earlier elections) is closest to
    ``level``; ties go to the smaller scale."""
    gaps = [
        (abs(inside / max(scored, 1) - level), scale)
        for scale, (inside, scored) in coverage.items()
    ]
    return min(gaps)[1]
