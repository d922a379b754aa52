"""Hex-map cartograms: every seat one equal hexagon, coloured by winner (or any colour per seat).

Positions come from the Open Innovations HexJSON layouts (``odd-r``: odd rows are shifted half a
hex to the right; ``r`` grows northwards) bundled per boundary set. The same geometry feeds the
matplotlib picture here and the web app's SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import numpy as np

from psephos.charts import check_chart_path, new_figure, save_figure
from psephos.errors import DataFormatError
from psephos.jurisdictions import HEX_MAP, require
from psephos.jurisdictions import of as jurisdiction_of
from psephos.model import Election, party_colour

_SQRT3 = math.sqrt(3.0)


@dataclass(frozen=True, slots=True)
class Hex:
    """One seat's hexagon centre in layout units (x right, y up; neighbours are 1 apart)."""

    code: str
    name: str
    x: float
    y: float


def hex_layout(election: Election, *, strict: bool = True) -> list[Hex]:
    """Hex centres for every seat of ``election`` (bundled boundary sets only), in seat order.

    Positions are "odd-r" HexJSON cells (pointy tops, odd rows shifted right, r grows north;
    the Open Data Institute Leeds HexJSON specification). With ``strict=False`` seats without a
    bundled position (and countries without a hex layout) are left out instead.

    Raises:
        DataFormatError: (``strict`` only) if a seat is not on a bundled boundary set.
        UnsupportedCountryError: (``strict`` only) a country without a hex layout (Canada).
    """
    if not strict and not jurisdiction_of(election).supports(HEX_MAP):
        return []
    jurisdiction = require(HEX_MAP, election)
    geography = jurisdiction.table("geography")
    positions = {
        (str(boundary), str(code)): (int(q), int(r))
        for boundary, code, q, r in zip(
            geography["boundary_set"],
            geography["code"],
            geography["hex_q"],
            geography["hex_r"],
            strict=True,
        )
    }
    hexes = []
    for seat in election.constituencies:
        position = positions.get((seat.boundary_set, seat.code))
        if position is None and not strict:
            continue
        if position is None:
            raise DataFormatError(
                f"No hex position for {seat.code} on boundary set {seat.boundary_set!r}; hex "
                "maps need seats on the bundled UK 2010 or 2024 boundaries."
            )
        q, r = position
        hexes.append(Hex(seat.code, seat.name, x=q + (0.5 if r & 1 else 0.0), y=r * _SQRT3 / 2))
    return hexes


def hexagon(x: float, y: float, size: float = 0.5 / math.cos(math.pi / 6)) -> np.ndarray:
    """Corners (6 x 2) of a pointy-top hexagon centred at (x, y) that tiles with unit spacing."""
    angles = np.deg2rad(np.arange(6) * 60 + 30)
    return np.column_stack([x + size * np.cos(angles), y + size * np.sin(angles)])


def winner_colours(election: Election) -> list[str]:
    """The winning party's colour for each seat."""
    return [party_colour(election.parties[w], election.id) for w in election.winner]


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


def plot_hexmap(
    election: Election,
    path: str | Path,
    *,
    colours: Sequence[str] | None = None,
    title: str | None = None,
) -> Path:
    """Draw the hex map to an image file (PNG, SVG or PDF by extension) and return its path."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    hexes = hex_layout(election)
    fills = list(colours) if colours is not None else winner_colours(election)
    polygons = [hexagon(h.x, h.y) for h in hexes]
    check_chart_path(path)
    figure, axes = new_figure(8, 10)
    axes.add_collection(
        PolyCollection(polygons, facecolors=fills, edgecolors="#444444", linewidths=0.2)
    )
    axes.autoscale_view()
    axes.set_aspect("equal")
    axes.axis("off")
    seats = election.seats_won()
    legend = [
        Patch(
            facecolor=party_colour(party, election.id),
            edgecolor="#444444",
            label=f"{election.label(party)} {count}",
        )
        for party, count in sorted(seats.items(), key=lambda item: -item[1])
        if count
    ]
    axes.legend(handles=legend, loc="upper left", frameon=False, fontsize=8, title="Seats won")
    _label_regions(axes, election, hexes)
    axes.set_title(title or election.name)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return save_figure(figure, path, dpi=150)


def hexmap_svg(
    election: Election, *, colours: Sequence[str] | None = None, link_prefix: str | None = None
) -> str:
    """The hex map as an SVG string (one ``<path>`` per seat with its name as a tooltip).

    Seat names are escaped. With ``link_prefix`` each hexagon links to ``link_prefix + code``.
    """
    hexes = hex_layout(election)
    fills = list(colours) if colours is not None else winner_colours(election)
    xs = np.array([h.x for h in hexes])
    ys = np.array([h.y for h in hexes])
    pad = 1.0
    min_x, max_x = xs.min() - pad, xs.max() + pad
    min_y, max_y = ys.min() - pad, ys.max() + pad
    scale = 10.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {(max_x - min_x) * scale:.0f} '
        f'{(max_y - min_y) * scale:.0f}" role="img" aria-label="Hex map of seats">'
    ]
    for seat_hex, fill in zip(hexes, fills, strict=True):
        corners = hexagon(seat_hex.x, seat_hex.y)
        points = " ".join(
            f"{(cx - min_x) * scale:.1f},{(max_y - cy) * scale:.1f}" for cx, cy in corners
        )
        name = escape(seat_hex.name)
        shape = (
            f'<polygon points="{points}" fill="{escape(fill)}" stroke="#444" '
            f'stroke-width="0.4" data-code="{escape(seat_hex.code)}"><title>{name}</title>'
            "</polygon>"
        )
        if link_prefix is not None:
            shape = f'<a href="{escape(link_prefix + seat_hex.code)}">{shape}</a>'
        parts.append(shape)
    parts.append("</svg>")
    return "".join(parts)
