"""Seats per party under each electoral system, as stacked bars (``psephos systems --chart``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from psephos.charts import check_chart_path, new_figure, save_figure, text_colour
from psephos.model import Election
from psephos.systems.base import SystemResult

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def systems_figure(results: Sequence[SystemResult], election: Election) -> Figure:
    """A stacked bar per system, the first at the top: each party's share of the seats in its
    colour, its seats written on a segment wide enough to hold them, and a dashed line at a
    majority. The axes' ``containers`` are one bar set per party that wins a seat anywhere,
    in the election's party order."""
    figure, axis = new_figure(10, 0.55 * len(results) + 1.8)
    ordered = list(reversed(results))
    labels = [result.label for result in ordered]
    parties = election.parties
    left = [0.0] * len(ordered)
    for j, party in enumerate(parties):
        widths = [100 * result.seats[j] / max(result.n_seats, 1) for result in ordered]
        if not any(widths):
            continue
        colour = election.colour(party)
        axis.barh(
            labels,
            widths,
            left=left,
            color=colour,
            edgecolor="white",
            linewidth=0.5,
            label=election.label(party),
        )
        for i, (start, width) in enumerate(zip(left, widths, strict=True)):
            if width >= 4:
                axis.text(
                    start + width / 2,
                    i,
                    str(int(ordered[i].seats[j])),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=text_colour(colour),
                )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axis.axvline(50, color="black", linewidth=0.8, linestyle="--")
    axis.set_xlim(0, 100)
    axis.set_xlabel("share of seats (%); numbers are seats; dashed line = majority")
    axis.set_title(f"{election.name}: seats under other electoral systems")
    axis.legend(
        ncol=min(8, len(parties)),
        fontsize=7,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        frameon=False,
    )
    figure.tight_layout()
    return figure


def systems_chart(results: Sequence[SystemResult], election: Election, path: str | Path) -> Path:
    """Write :func:`systems_figure` to ``path`` (PNG, SVG or PDF by extension).

    Raises:
        PsephosError: another extension (before anything is drawn).
    """
    check_chart_path(path)
    return save_figure(systems_figure(results, election), path)
