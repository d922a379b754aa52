"""Seats per party before and after a pact, as paired bars: who gave up what, who gained."""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from psephos.charts import check_chart_path, new_figure, save_figure, subtitle
from psephos.model import party_colour, party_label
from psephos.numbers import counted, format_number
from psephos.pacts.simulate import PactResult

if TYPE_CHECKING:
    from matplotlib.figure import Figure


#: A party outside the bloc whose seats the pact leaves alone is shown from this share of the
#: House up (smaller ones would only widen the chart).
SHOWN_SHARE = 0.01


def pact_rows(result: PactResult) -> list[dict[str, Any]]:
    """The parties the chart shows, bloc first (:meth:`PactResult.seat_rows` without the bloc
    total): every bloc party, every party whose seats the pact changes, and the others with
    at least :data:`SHOWN_SHARE` of the seats."""
    least = SHOWN_SHARE * len(result.seat_codes)
    return [
        row
        for row in result.seat_rows()[:-1]
        if row["in_bloc"] or round(float(row["change"]), 6) or float(row["seats_before"]) >= least
    ]


def stand_down_counts(result: PactResult) -> str:
    """``"45 stand-downs: Lab 12, LD 20, Green 13"`` (or ``"no stand-downs"``), each party by
    its label in the election (UKIP in 2015)."""
    counts = Counter(item.party for item in result.stand_downs)
    if not counts:
        return "no stand-downs"
    total = sum(counts.values())
    each = ", ".join(
        f"{party_label(party, result.election_id)} {format_number(n, ',.0f')}"
        for party, n in counts.items()
    )
    return f"{counted(total, 'stand-down')}: {each}"


def pact_figure(result: PactResult, *, title: str | None = None) -> Figure:
    """Paired bars per party: seats without the pact (pale) and with it (full colour), the
    change written over each pair; the stand-downs per party and the bloc's seats in the
    subtitle. Seats are expected seats when the pact was tried on draws.

    The two bar sets are the axes' ``containers`` 0 (without) and 1 (with).
    """
    from matplotlib.patches import Patch

    rows = pact_rows(result)
    parties = [str(row["party"]) for row in rows]
    before = np.array([float(row["seats_before"]) for row in rows])
    after = np.array([float(row["seats_after"]) for row in rows])
    colours = [party_colour(party, result.election_id, result.parties) for party in parties]
    figure, axis = new_figure(max(6.0, 0.9 * len(parties) + 2), 4.8)
    places = np.arange(len(parties))
    width = 0.4
    axis.bar(
        places - width / 2,
        before,
        width,
        color=colours,
        alpha=0.35,
        edgecolor=colours,
        label="without the pact",
    )
    axis.bar(places + width / 2, after, width, color=colours)
    spec = ",.0f" if result.n_draws == 1 else ",.1f"
    for place, old, new in zip(places, before, after, strict=True):
        if round(new - old, 1):
            axis.text(
                place,
                max(old, new),
                format_number(new - old, "+" + spec),
                ha="center",
                va="bottom",
                fontsize=8,
            )
    axis.set_xticks(places, [party_label(p, result.election_id) for p in parties])
    axis.set_ylabel("seats" if result.n_draws == 1 else "expected seats")
    axis.set_ylim(0, max([*before, *after, 1.0]) * 1.12)
    axis.legend(
        handles=[
            Patch(facecolor="grey", alpha=0.35, edgecolor="grey", label="without the pact"),
            Patch(facecolor="grey", label="with the pact"),
        ],
        frameon=False,
        fontsize=8,
        loc="upper right",
    )
    axis.spines[["top", "right"]].set_visible(False)
    bloc = " + ".join(party_label(party, result.election_id) for party in result.bloc)
    # a title naming a poll runs long: lines of at most 80 characters, not a wider figure
    heading = textwrap.fill(title or f"Pact on {result.election_id}: bloc {bloc}", 80)
    axis.set_title(heading, pad=20)
    subtitle(
        axis,
        f"{stand_down_counts(result)}; bloc seats "
        f"{format_number(result.bloc_seats_before, spec)} -> "
        f"{format_number(result.bloc_seats_after, spec)}",
    )
    return figure


def pact_chart(result: PactResult, path: str | Path, *, title: str | None = None) -> Path:
    """Write :func:`pact_figure` to ``path`` (PNG, SVG or PDF by extension).

    Raises:
        PsephosError: another extension (before anything is drawn).
    """
    check_chart_path(path)
    return save_figure(pact_figure(result, title=title), path)
