"""The layout of the web app's SVG charts, in one place for every template that draws one.

:func:`chart_box` gives any chart's ``<svg>`` its view box and base font size;
:class:`SeatBars` lays out the charts with one horizontal bar per party on a scale of seats
(the results explorer's seats won, the forecast's and the exit poll's seat ranges), so the three
share one name column, one bar length and one rule for a seat count beside a majority line;
:class:`SeatCurves` lays out the forecast's seat distributions (``psephos forecast --chart``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from markupsafe import Markup

#: A chart's base font size is its width over this (13 units on a chart 520 wide): its words
#: sized in ``em`` (the phone rule of ``style.css``) are then the same share of every chart's
#: width, and so drawn at one size on the screen, however wide the chart was laid out.
CHART_WIDTH_PER_EM = 40


def chart_box(width: float, height: float) -> Markup:
    """The attributes of a chart's ``<svg>`` laid out ``width`` x ``height`` units: its view box
    and a base font size that follows its width (:data:`CHART_WIDTH_PER_EM`)."""
    em = round(width / CHART_WIDTH_PER_EM, 2)
    return Markup(f'viewBox="0 0 {round(width, 1):g} {round(height, 1):g}" font-size="{em:g}"')


def seat_ticks(largest: float, most: int = 5) -> list[int]:
    """The round numbers of seats a chart's scale marks, from 0 up to ``largest``: a step of
    1, 2 or 5 times a power of ten giving at most ``most`` marks above 0 (``[0, 100, 200, 300,
    400]`` up to Labour's 421), so a chart's bars can be read as seats (the pact chart had
    only the changes over its bars)."""
    power = 1
    while True:
        for multiple in (1, 2, 5):
            step = multiple * power
            if largest / step <= most:
                return list(range(0, int(largest) + 1, step))
        power *= 10


@dataclass(frozen=True, slots=True)
class SeatBars:
    """A chart of ``n_rows`` parties, one row each: the party's name in a column on the left,
    then a bar whose full length is ``full_scale`` seats.

    Positions are in the chart's units (its view box is :attr:`WIDTH` wide), x rounded to a
    tenth of a unit.
    """

    #: The whole chart's width in units.
    WIDTH: ClassVar[int] = 550
    #: The party names' column, left of the bars.
    LABEL_WIDTH: ClassVar[int] = 120
    #: A bar of ``full_scale`` seats.
    BAR_LENGTH: ClassVar[int] = 380
    #: One party's row, and the space below the last row.
    ROW_HEIGHT: ClassVar[int] = 22
    BOTTOM: ClassVar[int] = 10
    #: A digit of a seat count is under this wide at the phone rule's font size (12 px on a
    #: chart 354 px wide: ``style.css``).
    DIGIT_WIDTH: ClassVar[int] = 12
    #: The gap between a bar's end and its seat count.
    GAP: ClassVar[int] = 5
    #: The width of a tick marking one number of seats (an expected value).
    TICK_WIDTH: ClassVar[int] = 2

    n_rows: int
    full_scale: float

    @property
    def scale(self) -> float:
        """Units per seat."""
        return self.BAR_LENGTH / self.full_scale

    @property
    def height(self) -> int:
        """The chart's height in units: every row and the space below the last."""
        return self.n_rows * self.ROW_HEIGHT + self.BOTTOM

    def box(self) -> Markup:
        """The ``<svg>``'s view box and font size (:func:`chart_box`)."""
        return chart_box(self.WIDTH, self.height)

    def y(self, row: int) -> int:
        """The top of row ``row`` (from 0)."""
        return row * self.ROW_HEIGHT

    def x(self, seats: float) -> float:
        """Where ``seats`` seats fall on the scale, to a tenth of a unit."""
        return round(self.LABEL_WIDTH + seats * self.scale, 1)

    def tick_x(self, seats: float) -> float:
        """The left edge of a tick (:attr:`TICK_WIDTH` wide) centred on ``seats`` seats."""
        return round(self.LABEL_WIDTH - self.TICK_WIDTH // 2 + seats * self.scale, 1)

    def length(self, seats: float, minimum: float = 0) -> float:
        """A bar's length for ``seats`` seats, at least ``minimum`` units (so that a range of
        no width still shows)."""
        return round(max(seats * self.scale, minimum), 1)

    def end(self, seats: float) -> float:
        """The right end of a bar of ``seats`` seats drawn from the name column."""
        return self.LABEL_WIDTH + self.length(seats)

    def value_x(self, seats: int, line_x: float) -> float:
        """Where a bar's seat count starts: just past the bar's end, or just past the majority
        line at ``line_x`` when the count would otherwise run into it (Canada 2021's '160')."""
        end = self.end(seats)
        digits = len(str(seats))
        if end - 1 <= line_x < end + self.GAP + self.DIGIT_WIDTH * digits:
            return line_x + self.GAP
        return end + self.GAP


@dataclass(frozen=True, slots=True)
class SeatCurves:
    """A chart of seat distributions, the forecast's (``psephos forecast --chart``'s, from
    :func:`psephos.forecast.charts.seat_distributions`): each party's chance of each seat
    total from ``low`` to ``high`` as a stepped line over a scale of seats, the tallest at
    ``peak``. Positions in the chart's units (:attr:`WIDTH` wide), to a tenth of a unit."""

    #: The whole chart's width and the plot's height, in units.
    WIDTH: ClassVar[int] = 550
    PLOT_HEIGHT: ClassVar[int] = 200
    #: The space above the plot (the majority line's words) and below it (the seat scale).
    TOP: ClassVar[int] = 18
    BOTTOM: ClassVar[int] = 24
    #: The margin either side of the plot.
    SIDE: ClassVar[int] = 12

    low: int
    high: int
    peak: float

    @property
    def height(self) -> int:
        """The chart's height in units."""
        return self.TOP + self.PLOT_HEIGHT + self.BOTTOM

    @property
    def baseline(self) -> int:
        """The y of a probability of 0."""
        return self.TOP + self.PLOT_HEIGHT

    def box(self) -> Markup:
        """The ``<svg>``'s view box and font size (:func:`chart_box`)."""
        return chart_box(self.WIDTH, self.height)

    def x(self, seats: float) -> float:
        """Where ``seats`` seats fall on the scale (``low`` - 0.5 to ``high`` + 0.5 across)."""
        span = self.high - self.low + 1
        return round(self.SIDE + (seats - self.low + 0.5) * (self.WIDTH - 2 * self.SIDE) / span, 1)

    def y(self, probability: float) -> float:
        """The height of a ``probability`` (the tallest, :attr:`peak`, at the plot's top)."""
        return round(self.baseline - probability / (self.peak or 1) * self.PLOT_HEIGHT, 1)

    def points(self, probabilities: list[float]) -> str:
        """A party's stepped line and the area under it, as an SVG polygon's points: a flat
        step a seat wide at each seat total's probability (a run of equal ones, the empty
        tails, one step), closed along the baseline."""
        steps: list[str] = []
        start = 0
        for n, p in enumerate(probabilities):
            if n + 1 < len(probabilities) and probabilities[n + 1] == p:
                continue  # the run goes on
            y = self.y(p)
            steps += [f"{self.x(self.low + start - 0.5)},{y}", f"{self.x(self.low + n + 0.5)},{y}"]
            start = n + 1
        ends = f"{self.x(self.high + 0.5)},{self.baseline} {self.x(self.low - 0.5)},{self.baseline}"
        return " ".join(steps) + " " + ends

    def ticks(self, most: int = 6) -> list[int]:
        """The round seat totals the scale marks between ``low`` and ``high``
        (:func:`seat_ticks`' steps)."""
        step = seat_ticks(self.high - self.low, most)[1:2] or [1]
        first = -(-self.low // step[0]) * step[0]
        return list(range(first, self.high + 1, step[0]))
