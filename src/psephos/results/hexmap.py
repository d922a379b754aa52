"""Hex-map cartograms: every seat one equal hexagon, coloured by winner (or any colour per seat).

Positions come from the Open Innovations HexJSON layouts (``odd-r``: odd rows are shifted half a
hex to the right; ``r`` grows northwards) bundled per boundary set. The same geometry feeds the
matplotlib picture here and the web app's SVG.

A map shows one of three things (:class:`MapMode`, ``psephos map --show``), each seat in its
winner's colour from the one palette (:meth:`psephos.model.Election.colour`):

- ``winner``: the winner's colour;
- ``gains``: seats that changed hands since an earlier result on the same boundaries (the
  previous election, or a projection's base) in the new winner's colour, seats held by the
  same party in that colour made pale (:data:`HELD_PALENESS`), so who holds them still shows;
- ``majority``: the winner's colour made paler the closer the seat (majority in percentage
  points of the valid vote, bins :data:`MAJORITY_EDGES`), the safest seats in the full colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from psephos.charts import check_chart_path, new_figure, paler, save_figure
from psephos.errors import DataFormatError
from psephos.jurisdictions import HEX_MAP, require
from psephos.jurisdictions import of as jurisdiction_of
from psephos.model import Election, party_colour, party_name
from psephos.numbers import counted, first_listed, format_number, listed
from psephos.results import changed_hands, earlier_winners, winner_codes

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_SQRT3 = math.sqrt(3.0)


class MapMode(StrEnum):
    """What a hex map shows in each seat (``psephos map --show``)."""

    winner = "winner"
    gains = "gains"
    majority = "majority"


#: Where the majority map's bins start, in percentage points of the valid vote: under 5, 5 to
#: 10, 10 to 20, and 20 or more (a majority of exactly 5 points is in the second bin).
MAJORITY_EDGES: tuple[float, ...] = (5.0, 10.0, 20.0)
#: How far each majority bin's colour is mixed with white (:func:`psephos.charts.paler`), the
#: closest seats first: the safest seats keep their party's own colour.
MAJORITY_PALENESS: tuple[float, ...] = (0.75, 0.5, 0.25, 0.0)
#: How far a seat held by the same party is mixed with white on the gains map.
HELD_PALENESS = 0.7
#: The neutral colour the majority map's key shades to show its bins (no party's colour).
KEY_GREY = "#4d4d4d"


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One line of a map's key: a swatch and its label, or a heading (``colour`` ``None``)."""

    colour: str | None
    label: str


@dataclass(frozen=True, slots=True)
class MapColours:
    """What a hex map draws: a fill per seat (in seat order), the key explaining the fills, and
    a caption saying what the map shows (empty for the plain winner map)."""

    fills: tuple[str, ...]
    key: tuple[KeyEntry, ...]
    caption: str


@dataclass(frozen=True, slots=True)
class Hex:
    """One seat's hexagon centre in layout units (x right, y up; neighbours are 1 apart)."""

    code: str
    name: str
    x: float
    y: float


def hex_layout(election: Election, *, strict: bool = True) -> list[Hex]:
    """Hex centres for every seat of ``election`` (seats on bundled boundaries only), in seat
    order.

    Positions are "odd-r" HexJSON cells (pointy tops, odd rows shifted right, r grows north;
    the Open Data Institute Leeds HexJSON specification). A seat of a bundled election is
    placed on its boundary set's layout; a seat of a file of the user's own (boundary set
    ``user``) by its code, on the bundled layout that holds most of the file's codes
    (:func:`_layout_of_file`). With ``strict=False`` seats without a bundled position (and
    countries without a hex layout) are left out instead.

    Raises:
        DataFormatError: (``strict`` only) a seat with no bundled position, in one line
            naming it and the boundaries a map needs.
        UnsupportedCountryError: (``strict`` only) a country without a hex layout (Canada).
    """
    if not strict and not jurisdiction_of(election).supports(HEX_MAP):
        return []
    jurisdiction = require(HEX_MAP, election)
    geography = jurisdiction.table("geography")
    layouts: dict[str, dict[str, tuple[int, int]]] = {}
    for boundary, code, q, r in zip(
        geography["boundary_set"],
        geography["code"],
        geography["hex_q"],
        geography["hex_r"],
        strict=True,
    ):
        layouts.setdefault(str(boundary), {})[str(code)] = (int(q), int(r))
    of_file = _layout_of_file(election, layouts)
    hexes = []
    missing = []
    for seat in election.constituencies:
        position = layouts.get(seat.boundary_set, of_file).get(seat.code)
        if position is None:
            missing.append(seat)
            continue
        q, r = position
        hexes.append(Hex(seat.code, seat.name, x=q + (0.5 if r & 1 else 0.0), y=r * _SQRT3 / 2))
    if missing and strict:
        named = first_listed([seat.named for seat in missing], 3)
        raise DataFormatError(
            f"No hex position for {named}: a map needs seats on bundled boundaries, "
            f"by their codes (the {jurisdiction.as_adjective} {listed(sorted(layouts), 'or')} "
            "seats)."
        )
    return hexes


def map_order(election: Election, hexes: Sequence[Hex]) -> list[Hex]:
    """``hexes`` (of :func:`hex_layout`) in the order a reader moves across the map, the order
    a keyboard's Tab takes through the web's map: region by region, each region's seats row by
    row from the top, left to right, so the next seat is a neighbour on the map (seat order,
    which is by code and so by name within a nation, took Tab from Aldershot to
    Aldridge-Brownhills, across England). The regions come in the order their first seats are
    met reading the whole map the same way (Scotland, then the North East...); seats of no
    region (a results file of the user's own without one) are one region."""
    regions = {seat.code: seat.region for seat in election.constituencies}

    def reading(cell: Hex) -> tuple[float, float]:
        return (-cell.y, cell.x)  # y grows north: the top row first

    first: dict[str, tuple[float, float]] = {}
    for cell in sorted(hexes, key=reading):
        first.setdefault(regions.get(cell.code, ""), reading(cell))
    return sorted(hexes, key=lambda cell: (first[regions.get(cell.code, "")], reading(cell)))


def _layout_of_file(
    election: Election, layouts: dict[str, dict[str, tuple[int, int]]]
) -> dict[str, tuple[int, int]]:
    """The bundled layout (code -> cell) for the seats of ``election`` on no bundled boundary
    set (a results file of the user's own): the one holding most of their codes, the newest
    where two hold as many (codes of seats unchanged by a review are on both); empty where
    every seat is on a bundled set."""
    codes = [seat.code for seat in election.constituencies if seat.boundary_set not in layouts]
    if not codes:
        return {}
    newest_first = sorted(layouts, reverse=True)
    best = max(newest_first, key=lambda boundary: sum(code in layouts[boundary] for code in codes))
    return layouts[best]


#: Circumradius of a hexagon that tiles with unit spacing (layout units): ``1 / sqrt(3)``.
HEX_RADIUS = 0.5 / math.cos(math.pi / 6)
#: A page's map (SVG): a hexagon's circumradius in user units.
SVG_HEX_SIZE = 10.0
#: The share of its circumradius a hexagon is drawn at on a page's map: a gap between seats.
SVG_HEX_DRAWN = 0.96
#: The margin round a page's map, in hexagon circumradii.
SVG_MARGIN = 1.5


def hexagon(x: float, y: float, size: float = HEX_RADIUS) -> np.ndarray:
    """Corners (6 x 2) of a pointy-top hexagon centred at (x, y), of circumradius ``size``
    (by default one that tiles with unit spacing): the one hexagon of the image
    (:func:`hexmap_figure`) and of a page's map (:func:`svg_map`). The shape is symmetric
    about its centre's row, so the corners are the same with y growing up or down."""
    angles = np.deg2rad(np.arange(6) * 60 - 30)
    return np.column_stack([x + size * np.cos(angles), y + size * np.sin(angles)])


@dataclass(frozen=True, slots=True)
class SvgHex:
    """One seat's hexagon on a page's map (SVG, y growing down): its centre, rounded to
    0.01, and its corners as the ``points`` of an SVG ``polygon``."""

    code: str
    name: str
    x: float
    y: float
    points: str


@dataclass(frozen=True, slots=True)
class SvgMap:
    """A hex layout in SVG user units: each seat's hexagon (:class:`SvgHex`) and the
    ``view_box`` (with its ``width`` and ``height``) framing them with a margin."""

    hexes: tuple[SvgHex, ...]
    view_box: str
    width: float
    height: float


def svg_map(hexes: Sequence[Hex], *, size: float = SVG_HEX_SIZE) -> SvgMap:
    """A hex layout (:func:`hex_layout`) as a page draws it: centres scaled so hexagons of
    circumradius ``size`` tile (neighbours ``sqrt(3) * size`` apart) with y turned to grow
    down, each hexagon drawn at :data:`SVG_HEX_DRAWN` of its size, and a view box
    :data:`SVG_MARGIN` circumradii round the centres. No hexes: a 1 x 1 box (a country
    without a layout)."""
    scale = _SQRT3 * size
    drawn = []
    for cell in hexes:
        x, y = cell.x * scale, -cell.y * scale
        corners = hexagon(x, y, size * SVG_HEX_DRAWN)
        points = " ".join(f"{cx:.2f},{cy:.2f}" for cx, cy in corners.tolist())
        drawn.append(SvgHex(cell.code, cell.name, round(x, 2), round(y, 2), points))
    if not drawn:
        return SvgMap(hexes=(), view_box="0 0 1 1", width=1.0, height=1.0)
    xs = [h.x for h in drawn]
    ys = [h.y for h in drawn]
    pad = size * SVG_MARGIN
    left, top = min(xs) - pad, min(ys) - pad
    width, height = max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
    return SvgMap(
        hexes=tuple(drawn),
        view_box=f"{left:.1f} {top:.1f} {width:.1f} {height:.1f}",
        width=round(width, 1),
        height=round(height, 1),
    )


def winner_colours(election: Election) -> list[str]:
    """The winning party's colour for each seat."""
    return [party_colour(election.parties[w], election.labels_id) for w in election.winner]


def majority_bins(election: Election) -> npt.NDArray[np.intp]:
    """Each seat's majority bin: 0 (under :data:`MAJORITY_EDGES`'s first edge) to
    ``len(MAJORITY_EDGES)`` (at or above its last), by majority in points of the valid vote."""
    return np.digitize(election.majority_shares() * 100, MAJORITY_EDGES)


def majority_bin_labels() -> list[str]:
    """The majority bins in words: ``under 5``, ``5 to 10``, ``10 to 20``, ``20 or more``."""
    edges = [format_number(edge, ",.0f") for edge in MAJORITY_EDGES]
    middle = [f"{low} to {high}" for low, high in pairwise(edges)]
    return [f"under {edges[0]}", *middle, f"{edges[-1]} or more"]


def _seats_key(election: Election, heading: str = "Seats won") -> list[KeyEntry]:
    """A heading and each party with seats, most seats first, and of parties with as many, most
    votes first, as the national table lists them (:func:`psephos.results.national_table`;
    the results page showed Alliance before UUP in one list and after it in the other):
    ``Lab 411``."""
    votes = election.total_votes()
    seats = sorted(election.seats_won().items(), key=lambda item: (-item[1], -votes[item[0]]))
    return [KeyEntry(None, heading)] + [
        KeyEntry(election.colour(party), f"{election.label(party)} {format_number(n, ',.0f')}")
        for party, n in seats
        if n
    ]


def _party_counts(
    election: Election, mask: npt.NDArray[np.bool_], paleness: float
) -> list[KeyEntry]:
    """Each party's seats among ``mask``, most first, in its colour made ``paleness`` paler."""
    counts = np.bincount(election.winner[mask], minlength=len(election.parties))
    entries = []
    for index in np.argsort(-counts, kind="stable"):
        if counts[index]:
            party = election.parties[index]
            label = f"{election.label(party)} {format_number(int(counts[index]), ',.0f')}"
            entries.append(KeyEntry(paler(election.colour(party), paleness), label))
    return entries


def map_colours(
    election: Election, show: MapMode | str = MapMode.winner, *, before: Election | None = None
) -> MapColours:
    """The fills and key of a hex map of ``election`` showing ``show`` (:class:`MapMode`).

    Args:
        election: The result (or projection) to map.
        show: ``winner``, ``gains`` or ``majority``.
        before: For ``gains``: the earlier result on the same boundaries (the previous
            election, or a projection's base).

    Raises:
        ValueError: an unknown ``show``, or ``gains`` without ``before``.
        DataFormatError: ``before`` on other boundaries (:func:`changed_hands`).
    """
    mode = MapMode(show)
    colours = winner_colours(election)
    if mode is MapMode.winner:
        return MapColours(tuple(colours), tuple(_seats_key(election)), "")
    if mode is MapMode.gains:
        if before is None:
            raise ValueError("A gains map needs the earlier result to compare with (before).")
        gained = changed_hands(election, before)
        fills = [
            colour if gain else paler(colour, HELD_PALENESS)
            for colour, gain in zip(colours, gained, strict=True)
        ]
        key = [
            KeyEntry(None, f"Gains ({counted(int(gained.sum()), 'seat')})"),
            *_party_counts(election, gained, 0.0),
            KeyEntry(None, f"Held, pale ({counted(int((~gained).sum()), 'seat')})"),
            *_party_counts(election, ~gained, HELD_PALENESS),
        ]
        caption = f"Seats changing hands since {before.name}"
        return MapColours(tuple(fills), tuple(key), caption)
    bins = majority_bins(election)
    fills = [paler(colour, MAJORITY_PALENESS[b]) for colour, b in zip(colours, bins, strict=True)]
    counts = np.bincount(bins, minlength=len(MAJORITY_PALENESS))
    key = [
        KeyEntry(None, "Majority, points of the vote"),
        *(
            KeyEntry(paler(KEY_GREY, paleness), f"{label}: {counted(int(n), 'seat')}")
            for label, paleness, n in zip(
                majority_bin_labels(), MAJORITY_PALENESS, counts, strict=True
            )
        ),
        *_seats_key(election),
    ]
    return MapColours(
        tuple(fills), tuple(key), "Shaded by majority: the closer the seat, the paler"
    )


def seat_facts(
    election: Election, show: MapMode | str = MapMode.winner, *, before: Election | None = None
) -> list[str]:
    """What each seat's fill on a :func:`map_colours` map stands for, in words, in seat order
    (a hexagon's hover text, which a screen reader says): nothing for ``winner``; ``gain from
    Conservative`` (the party by its name, :func:`psephos.model.party_name`) or ``held`` for
    ``gains``; ``majority 3.2 points`` (of the valid vote) for ``majority``.

    Raises:
        ValueError: an unknown ``show``, or ``gains`` without ``before``.
        DataFormatError: ``before`` on other boundaries (:func:`earlier_winners`).
    """
    mode = MapMode(show)
    if mode is MapMode.winner:
        return [""] * election.n_seats
    if mode is MapMode.gains:
        if before is None:
            raise ValueError("A gains map needs the earlier result to compare with (before).")
        earlier = earlier_winners(election, before)
        return [
            "held" if party == then else f"gain from {party_name(str(then), before.id)}"
            for party, then in zip(winner_codes(election), earlier, strict=True)
        ]
    return [
        f"majority {format_number(float(share) * 100, '.1f')} points"
        for share in election.majority_shares()
    ]


def _label_regions(axes: object, election: Election, hexes: Sequence[Hex]) -> None:
    """Name each region (England's regions, Scotland, Wales, Northern Ireland) at the middle of
    its seats, on a light box so the label reads over the hexagons."""
    xs = np.array([h.x for h in hexes])
    ys = np.array([h.y for h in hexes])
    regions = np.asarray(election.regions).astype(str)
    for region in sorted(set(regions.tolist())):
        if not region:
            continue
        mask = regions == region
        axes.text(  # type: ignore[attr-defined]
            float(np.median(xs[mask])),
            float(np.median(ys[mask])),
            region,
            ha="center",
            va="center",
            fontsize=6.5,
            color="#1d1d1f",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
        )


def key_sections(key: Sequence[KeyEntry]) -> list[tuple[str | None, list[KeyEntry]]]:
    """A key split at its headings: (heading or ``None``, the swatches under it), as the
    picture's legends and the web map's key show it."""
    sections: list[tuple[str | None, list[KeyEntry]]] = []
    for entry in key:
        if entry.colour is None:
            sections.append((entry.label, []))
        elif not sections:
            sections.append((None, [entry]))
        else:
            sections[-1][1].append(entry)
    return sections


def plot_hexmap(
    election: Election,
    path: str | Path,
    *,
    colours: Sequence[str] | None = None,
    key: Sequence[KeyEntry] | None = None,
    title: str | None = None,
) -> Path:
    """Draw the hex map to an image file (PNG, SVG or PDF by extension) and return its path.

    ``colours`` (one per seat) and ``key`` default to the winner map's; :func:`map_colours`
    gives both for every :class:`MapMode`.
    """
    check_chart_path(path)
    figure = hexmap_figure(election, colours=colours, key=key, title=title)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return save_figure(figure, path, dpi=150)


LegendCorner = Literal["upper left", "upper right", "lower left", "lower right"]
#: The corners a legend of the hex map may take, in the order tried after its own: the
#: Atlantic (top left), the North Sea (top right), then the bottom corners.
LEGEND_CORNERS: tuple[LegendCorner, ...] = (
    "upper left",
    "upper right",
    "lower left",
    "lower right",
)


def hexmap_figure(
    election: Election,
    *,
    colours: Sequence[str] | None = None,
    key: Sequence[KeyEntry] | None = None,
    title: str | None = None,
) -> Figure:
    """The hex map as a Matplotlib figure (:func:`plot_hexmap` saves it): one legend per
    heading of the key, each in a corner where it covers no seat (:func:`_place_legends`)."""
    from matplotlib.collections import PolyCollection

    hexes = hex_layout(election)
    fills = list(colours) if colours is not None else winner_colours(election)
    entries = list(key) if key is not None else _seats_key(election)
    polygons = [hexagon(h.x, h.y) for h in hexes]
    figure, axes = new_figure(8, 10)
    axes.add_collection(
        PolyCollection(polygons, facecolors=fills, edgecolors="#444444", linewidths=0.2)
    )
    axes.autoscale_view()
    axes.set_aspect("equal")
    axes.axis("off")
    _label_regions(axes, election, hexes)
    axes.set_title(title or election.name)
    _place_legends(figure, axes, entries, np.array([(h.x, h.y) for h in hexes]))
    return figure


def _place_legends(
    figure: Figure, axes: Any, entries: Sequence[KeyEntry], centres: npt.NDArray[np.float64]
) -> None:
    """One legend per heading of the key: the first in the top left corner (the Atlantic), the
    next in the top right (the North Sea); a legend that would cover a seat there (the 2024
    winner map's fifteen parties ran down over Northern Ireland) takes the first corner of
    :data:`LEGEND_CORNERS` where it covers no seat's centre and no other legend (else the one
    where it covers fewest)."""
    from matplotlib.legend import Legend
    from matplotlib.patches import Patch

    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    seats = axes.transData.transform(centres)
    taken: list[Any] = []
    for number, (heading, section) in enumerate(key_sections(entries)):
        handles = [
            Patch(facecolor=entry.colour, edgecolor="#444444", label=entry.label)
            for entry in section
        ]
        own = LEGEND_CORNERS[number % 2]
        best: tuple[int, Any] | None = None
        for corner in (own, *(c for c in LEGEND_CORNERS if c != own)):
            legend = Legend(
                axes,
                handles,
                [entry.label for entry in section],
                loc=corner,
                frameon=False,
                fontsize=8,
                title=heading,
                title_fontproperties={"weight": "bold", "size": 8},
                alignment="left",
            )
            extent = legend.get_window_extent(renderer)
            if any(extent.overlaps(other) for other in taken):
                continue
            covered = int(
                np.count_nonzero(
                    (seats[:, 0] >= extent.x0)
                    & (seats[:, 0] <= extent.x1)
                    & (seats[:, 1] >= extent.y0)
                    & (seats[:, 1] <= extent.y1)
                )
            )
            if best is None or covered < best[0]:
                best = (covered, legend)
            if not covered:
                break
        if best is not None:
            axes.add_artist(best[1])
            taken.append(best[1].get_window_extent(renderer))
