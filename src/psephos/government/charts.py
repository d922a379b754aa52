"""The House as a parliament (hemicycle) diagram: one dot per seat, coloured by party.

Seats are laid out as in the usual parliament diagrams (concentric rows, more seats on the
longer outer rows, each party a wedge): parties run from left to right in the country's order
(:attr:`psephos.jurisdictions.ParliamentRules.left_right`), parties off the order after them
(largest first, independents next; the subtitle names the parties off it and the legend marks
them, so that Canada's Bloc Québécois is not read as right of the Conservatives; a House with
no order at all is said to run largest party first), the Speaker's own seat last (a Speaker
counted on a party's benches, as Canada's, sits at the end of that party's wedge). Members who
do not vote (the Speaker, the Deputy Speakers, abstentionists;
:class:`psephos.government.Parliament`) are hollow dots.
A dashed radial line marks the votes needed for a working majority (:func:`threshold_words`
labels it): the seats to its left hold exactly that many votes.

:func:`parliament_diagram` computes all of it once: the matplotlib chart of
``psephos govern --chart`` and the web app's coalition builder (inline SVG) draw the same
seats, dots, colours and line.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from psephos.charts import check_chart_path, new_figure, save_figure, subtitle
from psephos.government.coalitions import has_order
from psephos.government.parliament import Parliament, threshold_words
from psephos.model import party_colour, party_label
from psephos.numbers import format_number, whole_seats

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: What the chart's legend puts after a party seated after the left-right order because it is
#: off it (:attr:`ParliamentDiagram.off_order`), as its subtitle's "(*)" says.
OFF_ORDER_MARK = " (*)"

#: Inner radius of the hemicycle (the outer row has radius 1).
INNER_RADIUS = 0.4
#: Largest dot radius, so that a small House is dots, not discs.
MAX_DOT = 0.1
#: Most seats a diagram is drawn for where others choose the House (the web app's seats of
#: your own): about the largest chamber anywhere (3,000) is still a picture, a House of
#: millions of seats would only be millions of dots.
MAX_DIAGRAM_SEATS = 3000


@dataclass(frozen=True, slots=True)
class Seat:
    """One seat of the diagram: its party and whether its member votes."""

    party: str
    votes: bool


def seating(house: Parliament) -> list[Seat]:
    """Every seat of ``house`` from left to right.

    Parties on the country's left-right order come first, in that order; then the others,
    largest first, with the independent groups after them and the Speaker's own seat last.
    Within a party the voting members come first, then its Deputy Speakers and a Speaker from
    its benches (:attr:`psephos.government.Parliament.speaker_from`); abstentionists do not
    vote.
    """
    rules = house.rules
    speaker = house.party(rules.speaker_party)
    abstaining = set(house.abstentionist_seats)
    placed = [house.party(p) for p in rules.left_right]
    on_order = [p for p in dict.fromkeys(placed) if p in house.seats]
    off_order = sorted(
        (p for p in house.seats if p not in on_order and p != speaker),
        key=lambda p: (p in rules.individual_groups, -house.seats[p], p),
    )
    order = [*on_order, *off_order, *([speaker] if speaker in house.seats else [])]
    seats = []
    for party in order:
        silent = (
            house.seats[party]
            if party == speaker or party in abstaining
            else house.deputies.get(party, 0) + (party == house.speaker_from)
        )
        voting = house.seats[party] - silent
        seats += [Seat(party, True)] * voting + [Seat(party, False)] * silent
    return seats


def _rows(n_seats: int) -> tuple[np.ndarray, float]:
    """Radii of the rows and the spacing between rows: the fewest rows whose arcs hold
    ``n_seats`` dots about one spacing apart."""
    n_rows = 1
    while True:
        radii = np.linspace(INNER_RADIUS, 1.0, n_rows) if n_rows > 1 else np.array([1.0])
        spacing = (1.0 - INNER_RADIUS) / (n_rows - 1) if n_rows > 1 else 1.0 - INNER_RADIUS
        capacity = np.floor(math.pi * radii / spacing).astype(int) + 1
        if capacity.sum() >= n_seats:
            return radii, spacing
        n_rows += 1


def hemicycle_positions(n_seats: int) -> tuple[np.ndarray, float]:
    """Centres (``n_seats`` x 2) of the dots, from the left end round to the right, and the
    dots' radius.

    Each row takes seats in proportion to its length (largest remainders:
    :func:`psephos.numbers.whole_seats`); the dots are then taken in order of angle, so that
    consecutive seats (one party) form a wedge.
    """
    if n_seats < 1:
        return np.zeros((0, 2)), 0.0
    radii, spacing = _rows(n_seats)
    quotas = n_seats * radii / radii.sum()
    per_row = np.array(whole_seats(quotas.tolist(), n_seats))
    angles, distances = [], []
    for radius, count in zip(radii, per_row, strict=True):
        row_angles = np.linspace(math.pi, 0.0, count) if count > 1 else np.full(count, math.pi / 2)
        angles.extend(row_angles.tolist())
        distances.extend([float(radius)] * count)
    order = np.lexsort((np.array(distances), -np.array(angles)))
    theta, rho = np.array(angles)[order], np.array(distances)[order]
    along = math.pi / max(int(per_row[0]) - 1, 1) * float(radii[0])  # inner row's dot spacing
    dot = min(0.45 * min(spacing, along), MAX_DOT)
    return np.column_stack([rho * np.cos(theta), rho * np.sin(theta)]), dot


def majority_line(
    seats: Sequence[Seat], centres: np.ndarray, dot: float, threshold: int
) -> np.ndarray | None:
    """Points (x, y) of the working-majority line: in every row it passes between the dots of
    the seats that, counted from the left, first hold ``threshold`` votes
    (:attr:`psephos.government.Parliament.working_threshold`) and the rest (``None`` when the
    House has fewer votes).

    The line bends a little from row to row, so it separates the two sets exactly even where
    dots of two rows share an angle.
    """
    reached = np.flatnonzero(np.cumsum([seat.votes for seat in seats]) >= threshold)
    if not reached.size:
        return None
    left = np.arange(len(seats)) <= reached[0]
    radii = np.round(np.hypot(centres[:, 0], centres[:, 1]), 9)
    angles = np.arctan2(centres[:, 1], centres[:, 0])
    points = []
    for radius in np.unique(radii):
        row = np.sort(angles[radii == radius])[::-1]
        inside = int((left & (radii == radius)).sum())
        gap = math.pi / (len(row) - 1) if len(row) > 1 else math.pi / 2
        before = row[inside - 1] if inside else min(row[0] + gap, math.pi)
        after = row[inside] if inside < len(row) else max(row[-1] - gap, 0.0)
        points.append((float(radius), float((before + after) / 2)))
    points = [
        (points[0][0] - 1.5 * dot, points[0][1]),
        *points,
        (points[-1][0] + 1.5 * dot, points[-1][1]),
    ]
    return np.array([(r * math.cos(a), r * math.sin(a)) for r, a in points])


@dataclass(frozen=True, slots=True)
class ParliamentDiagram:
    """Everything a parliament diagram draws, computed once for every drawing of it (the
    matplotlib chart of ``psephos govern --chart``, the web app's SVG on the coalition builder).

    Attributes:
        house: The House drawn.
        seats: Every seat from left to right (:func:`seating`).
        centres: The dots' centres (``len(seats)`` x 2; outer row radius 1, y up;
            :func:`hemicycle_positions`), in the order of ``seats``.
        dot: The dots' radius.
        colours: Each seat's party colour (:func:`psephos.model.party_colour` of the year).
        majority_line: Points (x, y) of the working-majority line (:func:`majority_line`;
            ``None`` when the House has fewer votes than the threshold).
    """

    house: Parliament
    seats: tuple[Seat, ...]
    centres: np.ndarray
    dot: float
    colours: tuple[str, ...]
    majority_line: np.ndarray | None

    @property
    def parties(self) -> list[str]:
        """The parties from left to right (the legend's order)."""
        return list(dict.fromkeys(seat.party for seat in self.seats))

    @property
    def off_order(self) -> list[str]:
        """The parties seated after the country's left-right order because they are off it
        (Canada's Bloc Québécois: :func:`seating`), independents and the Speaker aside; every
        party where the House has no order (:func:`psephos.government.has_order`)."""
        rules = self.house.rules
        placed = {self.house.party(p) for p in rules.left_right}
        aside = {*rules.individual_groups, self.house.party(rules.speaker_party)}
        return [p for p in self.parties if p not in placed and p not in aside]

    def order_words(self, name: Callable[[str], str] = str) -> str:
        """How the seats run, as the chart's subtitle and the web's caption say it: ``"from
        left to right"``; ``"from left to right, then off the left-right order: BQ"`` where
        parties sit after the order because they are off it (the legend marks them too), so
        that the Bloc is not read as right of the Conservatives; ``"largest party first (no
        left-right order is known)"`` where no party is on one."""
        if not has_order(self.house):
            return "largest party first (no left-right order is known)"
        off = self.off_order
        if off:
            return f"from left to right, then off the left-right order: {', '.join(map(name, off))}"
        return "from left to right"


def parliament_diagram(
    house: Parliament, *, election_id: str | None = None, parties: Sequence[str] | None = None
) -> ParliamentDiagram:
    """The seats of ``house`` from left to right with their dots, colours and the majority
    line (see the module docstring); ``election_id`` picks the year's party colours, the
    election's ``parties`` those of a results file's own country
    (:func:`psephos.model.party_colour`)."""
    seats = seating(house)
    centres, dot = hemicycle_positions(len(seats))
    return ParliamentDiagram(
        house=house,
        seats=tuple(seats),
        centres=centres,
        dot=dot,
        colours=tuple(party_colour(seat.party, election_id, parties) for seat in seats),
        majority_line=majority_line(seats, centres, dot, house.working_threshold),
    )


def parliament_figure(
    house: Parliament,
    *,
    title: str,
    election_id: str | None = None,
    parties: Sequence[str] | None = None,
) -> Figure:
    """The hemicycle of ``house`` (see the module docstring); ``election_id`` picks the
    year's party colours and labels, ``parties`` (the election's) those of a results file's own
    country (:func:`psephos.model.party_colour`).

    The voting members are the collection with gid ``"voting"``, the others ``"not-voting"``.
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle

    diagram = parliament_diagram(house, election_id=election_id, parties=parties)
    seats, centres, dot, colours = diagram.seats, diagram.centres, diagram.dot, diagram.colours
    figure, axis = new_figure(8, 5)
    for gid, votes in (("voting", True), ("not-voting", False)):
        chosen = [i for i, seat in enumerate(seats) if seat.votes is votes]
        collection = PatchCollection(
            [Circle(tuple(centres[i]), dot) for i in chosen],
            facecolors=[colours[i] if votes else "white" for i in chosen],
            edgecolors=[colours[i] for i in chosen],
            linewidths=0 if votes else 0.9,
        )
        collection.set_gid(gid)
        axis.add_collection(collection)
    threshold = house.working_threshold
    line = diagram.majority_line
    if line is not None:
        axis.plot(
            line[:, 0],
            line[:, 1],
            color="black",
            linestyle="--",
            linewidth=1,
        )
    # "320 votes needed / for a working majority": two short lines fit inside the half circle
    needed, _, majority = threshold_words(threshold).partition(" for ")
    axis.text(
        0,
        0.02,
        f"{format_number(house.n_seats, ',.0f')} seats, "
        f"{format_number(house.n_voting, ',.0f')} voting\n{needed}\nfor {majority}",
        ha="center",
        va="bottom",
        fontsize=9,
    )
    parties = diagram.parties
    # marked only beside an order: with none, every party is off it and the subtitle says so
    off_order = set(diagram.off_order) if has_order(house) else set()
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor=party_colour(party, election_id, parties),
            markeredgecolor=party_colour(party, election_id, parties),
            label=f"{party_label(party, election_id)} {format_number(house.seats[party], ',.0f')}"
            + (OFF_ORDER_MARK if party in off_order else ""),
        )
        for party in parties
    ]
    silent = house.n_seats - house.n_voting
    if silent:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor="white",
                markeredgecolor="black",
                label=f"does not vote {format_number(silent, ',.0f')}",
            )
        )
    axis.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=min(6, len(handles)),
        frameon=False,
        fontsize=8,
    )
    axis.set_xlim(-1.0 - 1.5 * dot, 1.0 + 1.5 * dot)
    axis.set_ylim(-1.5 * dot, 1.0 + 1.5 * dot)
    axis.set_aspect("equal")
    axis.axis("off")
    axis.set_title(title, pad=18)
    words = diagram.order_words(lambda party: party_label(party, election_id))
    subtitle(
        axis,
        f"{words.removeprefix('from ')}{' (*)' if off_order else ''}; hollow: does not vote; "
        "dashed line: the votes needed for a working majority",
    )
    return figure


def parliament_chart(
    house: Parliament,
    path: str | Path,
    *,
    title: str,
    election_id: str | None = None,
    parties: Sequence[str] | None = None,
) -> Path:
    """Write :func:`parliament_figure` to ``path`` (PNG, SVG or PDF by extension).

    Raises:
        PsephosError: another extension (before anything is drawn).
    """
    check_chart_path(path)
    figure = parliament_figure(house, title=title, election_id=election_id, parties=parties)
    return save_figure(figure, path)
