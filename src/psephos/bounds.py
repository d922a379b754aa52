"""The range of every number a person gives psephos: one table that the command line's options
(:mod:`psephos.cli._contract`, by parameter name) and the web's forms and queries (their
fields' ``ge``/``gt``/``le``, :meth:`Bound.limits`, and their number boxes' ``max``) both read,
so an input one interface takes is never refused by the other.

A count of seats (``--majority``, ``--k``, ``--every``) is bounded here only by the largest
House psephos reads (:data:`MAX_HOUSE`); where the election is known, the library checks it
against that election's House (a majority of more seats than the House is refused by the
pacts' check, :func:`psephos.pacts.simulate.seats_needed`; an exit poll's sample of more
seats than the election's main area by :func:`psephos.forecast.exitpoll.sample_seats`), so a
user's file of a bigger chamber than the UK's 650 is not refused by a country's seat count
written into the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

#: Most seats a House may hold (a House given by hand, ``psephos govern --seats``, or a
#: count of seats asked for, ``--majority``, ``--k``): past any real chamber (the largest,
#: about 3,000).
MAX_HOUSE = 10_000


class FieldLimits(TypedDict, total=False):
    """A range as a web field's constraints (pydantic's ``Field``, FastAPI's ``Query``)."""

    ge: float
    gt: float
    le: float


@dataclass(frozen=True, slots=True)
class Bound:
    """Allowed range of a numeric option; ``None`` is unbounded on that side."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False  # True: the value must be strictly above ``low``
    why: str = ""

    def check(self, value: float) -> str | None:
        """The problem with ``value``, or ``None`` when it is allowed."""
        too_low = self.low is not None and (
            value <= self.low if self.low_open else value < self.low
        )
        too_high = self.high is not None and value > self.high
        if not (too_low or too_high):
            return None
        return f"{_number(value)} is out of range; use {self.describe()}" + (
            f" ({self.why})" if self.why else ""
        )

    def describe(self) -> str:
        """The range in words: ``a value from 1 to 50``, ``a value above 0 and at most 200``."""
        low = None if self.low is None else _number(self.low)
        high = None if self.high is None else _number(self.high)
        if low is not None and high is not None and not self.low_open:
            return f"a value from {low} to {high}"
        if low is not None and high is not None:
            return f"a value above {low} and at most {high}"
        if low is not None:
            return f"a value above {low}" if self.low_open else f"a value of at least {low}"
        return f"a value of at most {high}"

    def limits(self) -> FieldLimits:
        """The range as a web field's constraints (``ge`` or ``gt``, and ``le``):
        ``Form(**NUMBER_BOUNDS["speed_kmh"].limits())``."""
        limits: FieldLimits = {}
        if self.low is not None:
            limits["gt" if self.low_open else "ge"] = self.low
        if self.high is not None:
            limits["le"] = self.high
        return limits


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


#: Bounds on numeric options by parameter name (the same name means the same thing in every
#: command and on every page). A name missing here is still checked for being a finite number.
NUMBER_BOUNDS: dict[str, Bound] = {
    "sims": Bound(
        2,
        1_000_000,
        why="one draw gives no probability; a million already pins probabilities to 0.1%",
    ),
    "top": Bound(1, 10_000),
    "limit": Bound(1, 10_000),
    "k": Bound(1, MAX_HOUSE, why="the number of seats sampled or listed"),
    "k_nearest": Bound(1, MAX_HOUSE, why="the number of nearest seats each volunteer may go to"),
    "draws": Bound(1, 10_000),
    "every": Bound(1, MAX_HOUSE),
    "seed": Bound(0, 2**32 - 1),
    "threads": Bound(1, 256),
    "workers": Bound(1, 64),
    "port": Bound(1, 65_535),
    "seats": Bound(1, 1_000),
    "district_size": Bound(1, 50),
    "threshold": Bound(0, 100, why="a percentage of the vote in each list's area, e.g. 5 for 5%"),
    "max_per_party": Bound(0, MAX_HOUSE),
    "max_total": Bound(0, MAX_HOUSE),
    "majority": Bound(1, MAX_HOUSE),
    "deputies_government": Bound(0, 3),
    "deputies_opposition": Bound(0, 3),
    "km": Bound(0, 2_000, low_open=True),
    "max_km": Bound(0, 2_000, low_open=True),
    "speed_kmh": Bound(0, 300, low_open=True),
    "max_minutes": Bound(0, 24 * 60, low_open=True),
    "max_majority": Bound(0, 100, low_open=True, why="a majority in percentage points"),
    "votes_per_hour": Bound(0, 1_000, low_open=True),
    "session_hours": Bound(0, 24, low_open=True),
    "national_sd": Bound(0, 0.5, why="a standard deviation of shares, e.g. 0.03 for 3 points"),
    "national_scale": Bound(0, 0.5, why="a standard deviation of shares, e.g. 0.05"),
    "tail_df": Bound(2, 1_000, low_open=True, why="a Student-t needs more than 2 degrees"),
    "adult_share": Bound(0, 1, low_open=True, why="a fraction, e.g. 0.78"),
    "change": Bound(-100, 100, why="a turnout change in percentage points"),
    "swing": Bound(-100, 100, why="percentage points"),
}
