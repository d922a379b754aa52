"""Charts for forecasts and nowcasts (PNG, SVG or HTML, chosen by the file extension) and for
the exit poll's back-test (PNG, SVG or PDF)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from psephos import charts
from psephos.forecast.montecarlo import ForecastResult
from psephos.model import nominal_majority, party_colour, party_label
from psephos.numbers import format_number

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from psephos.forecast.exitpoll import EmulationResult

#: File types a chart can be written as.
CHART_SUFFIXES: tuple[str, ...] = (".png", ".svg", ".html")


def check_chart_path(path: str | Path) -> str:
    """The chart format from a file name (``.png``, ``.svg``, ``.html``;
    :func:`psephos.charts.check_chart_path`).

    Raises:
        PsephosError: for any other extension.
    """
    return charts.check_chart_path(path, CHART_SUFFIXES)


def _save(figure: Figure, path: Path, title: str) -> None:
    charts.save_figure(figure, path, suffixes=CHART_SUFFIXES, title=title)


@dataclass(frozen=True, slots=True)
class SeatDistribution:
    """One party's seat distribution as a chart draws it.

    Attributes:
        party: Its code.
        label: Its name on the chart (:meth:`ForecastResult.labels`: "Reform UK").
        colour: Its colour.
        mean: Its expected seats.
        probabilities: The chance of each seat total from the chart's ``low`` to ``high``.
    """

    party: str
    label: str
    colour: str
    mean: float
    probabilities: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class SeatDistributions:
    """The seat distributions a chart shows: the parties in contention, over the seat totals
    from ``low`` to ``high`` (where the probability is, and the majority line), with the
    ``majority`` line and the number of simulations."""

    low: int
    high: int
    majority: int
    n_sims: int
    parties: tuple[SeatDistribution, ...]

    @property
    def peak(self) -> float:
        """The largest probability of any seat total of any party (the chart's height)."""
        return max((max(p.probabilities, default=0.0) for p in self.parties), default=0.0)

    def to_dict(self) -> dict[str, object]:
        """As JSON: ``low``, ``high``, ``majority``, ``n_sims`` and ``parties``, each with its
        ``probabilities`` from ``low`` to ``high``, rounded to 4 places."""
        return {
            "low": self.low,
            "high": self.high,
            "majority": self.majority,
            "n_sims": self.n_sims,
            "parties": [
                {
                    "party": p.party,
                    "party_label": p.label,
                    "colour": p.colour,
                    "seats_mean": round(p.mean, 1),
                    "probabilities": [round(value, 4) for value in p.probabilities],
                }
                for p in self.parties
            ],
        }


def seat_distributions(
    result: ForecastResult,
    *,
    parties: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    colours: Mapping[str, str] | None = None,
) -> SeatDistributions:
    """The seat distributions :func:`seat_distribution_chart` draws (and the web's forecast
    page): each of ``parties``, else those in contention for government, largest first (the
    top of their 90% range, :meth:`ForecastResult.interval`, reaches a sixth of the House:
    Reform UK expecting 105 seats of 650 with a range to 171 is one; else the top two), as
    smaller parties' narrow spikes would flatten the big curves,
    over the seat totals where the probability is (above 1 in 10,000) and the majority line,
    with 10 seats either side. Each party named by its ``labels`` entry, else its code, and
    coloured by its ``colours`` entry, else :func:`psephos.model.party_colour`."""
    expected = result.expected_seats
    contention = len(result.codes) / 6
    by_size = sorted(result.parties, key=lambda p: -expected[p])
    chosen = (
        list(parties)
        if parties
        else [p for p in by_size if result.interval(p)[1] >= contention][:6] or by_size[:2]
    )
    rows = {p: result.total_histogram[result.parties.index(p)] / result.n_sims for p in chosen}
    majority = nominal_majority(len(result.codes))
    lows, highs = [majority], [majority]
    for row in rows.values():
        held = np.flatnonzero(row > 1e-4)
        if held.size:
            lows.append(int(held[0]))
            highs.append(int(held[-1]))
    last = result.total_histogram.shape[1] - 1
    low, high = max(0, min(lows) - 10), min(last, max(highs) + 10)
    return SeatDistributions(
        low=low,
        high=high,
        majority=majority,
        n_sims=result.n_sims,
        parties=tuple(
            SeatDistribution(
                party=party,
                label=(labels or {}).get(party, party),
                # a file's own parties by column
                colour=(colours or {}).get(party) or party_colour(party, parties=result.parties),
                mean=expected[party],
                probabilities=tuple(float(v) for v in rows[party][low : high + 1]),
            )
            for party in chosen
        ),
    )


def seat_distribution_chart(
    result: ForecastResult,
    path: str | Path,
    *,
    parties: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> Path:
    """Histogram of seat totals per party with the majority line; format by extension: the
    parties and seat totals of :func:`seat_distributions`. Each party is named by its
    ``labels`` entry (:meth:`ForecastResult.labels`, as the forecast's table names it:
    "Reform UK"), else its code."""
    target = Path(path)
    check_chart_path(target)
    shown = seat_distributions(result, parties=parties, labels=labels)
    figure, axis = charts.new_figure(9, 4.5)
    seats = np.arange(shown.low, shown.high + 1)
    for party in shown.parties:
        row = np.asarray(party.probabilities)
        label = f"{party.label} (mean {format_number(party.mean, '.0f')})"
        axis.step(seats, row, where="mid", label=label, color=party.colour)
        axis.fill_between(seats, row, step="mid", alpha=0.25, color=party.colour)
    # the x-axis spans where the probability is (and the majority line), not 0-650
    axis.set_xlim(shown.low, shown.high)
    axis.axvline(shown.majority, color="black", linestyle="--", linewidth=1)
    axis.text(shown.majority + 2, axis.get_ylim()[1] * 0.92, f"majority {shown.majority}")
    axis.set_xlabel("seats")
    axis.set_ylabel("probability")
    axis.set_title(f"Seat distributions ({result.n_sims:,} simulations)")
    axis.legend()
    _save(figure, target, "Seat distributions")
    return target


#: A night's convergence curves: its label -> seats declared, the nowcast's total seat error
#: and the plain baseline's at each (:func:`convergence_chart`).
Curves = Mapping[str, tuple[Sequence[int], Sequence[float], Sequence[float]]]


def convergence_chart(curves: Curves, path: str | Path, *, marked: int = 50) -> Path:
    """Nowcast error (sum of absolute seat errors) against declarations, per election, with
    plain regional mean swing of the declared seats for comparison, a dotted line at
    ``marked`` seats declared (the first checkpoint, 50; the web's replay page marks the
    count it shows): :func:`convergence_figure` written to ``path``."""
    target = Path(path)
    check_chart_path(target)
    _save(convergence_figure(curves, marked=marked), target, "Nowcast convergence")
    return target


def convergence_svg(curves: Curves, *, marked: int = 50) -> str:
    """:func:`convergence_chart` as the text of an SVG file (the web's replay page)."""
    return charts.figure_svg(convergence_figure(curves, marked=marked))


def convergence_figure(curves: Curves, *, marked: int = 50) -> Figure:
    """The figure of :func:`convergence_chart`: one panel per election."""
    figure, axes = charts.new_figure(4.5 * len(curves), 4, ncols=len(curves), squeeze=False)
    for axis, (label, (declared, nowcast, plain)) in zip(axes[0], curves.items(), strict=True):
        axis.plot(declared, plain, color="grey", label="regional mean swing of declared seats")
        axis.plot(declared, nowcast, color="#e4003b", label="psephos nowcast")
        axis.set_title(label)
        axis.set_xlabel("seats declared")
        axis.set_ylabel("total seat error")
        axis.set_ylim(bottom=0)
        axis.axvline(marked, color="black", linestyle=":", linewidth=1)
        axis.legend(fontsize=8)
    return figure


def reliability_chart(tables: dict[str, Sequence[dict[str, object]]], path: str | Path) -> Path:
    """Reliability diagram: observed win rate against mean forecast probability per bin, one
    line per label (rows of :func:`psephos.forecast.calibration.reliability_table`), with the
    diagonal of perfect calibration and the 70-80% band shaded."""
    target = Path(path)
    check_chart_path(target)
    figure, axis = charts.new_figure(5.5, 5.5)
    axis.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfect")
    axis.axvspan(0.7, 0.8, color="#dddddd", alpha=0.5)
    for label, rows in tables.items():
        used = [r for r in rows if int(r["cases"]) > 0]  # type: ignore[call-overload]
        x = [float(r["mean_forecast"]) for r in used]  # type: ignore[arg-type]
        y = [float(r["observed_rate"]) for r in used]  # type: ignore[arg-type]
        axis.plot(x, y, marker="o", label=label)
    axis.set_xlim(0, 1)
    axis.set_ylim(0, 1)
    axis.set_xlabel("forecast win probability (bin mean)")
    axis.set_ylabel("share of cases won")
    axis.set_title("Forecast reliability, back-tests")
    axis.legend(fontsize=8, loc="upper left")
    _save(figure, target, "Forecast reliability")
    return target


def exit_poll_error_figure(result: EmulationResult) -> Figure:
    """Per scored party, each draw's seat error (expected GB seats minus the real ones) as a
    box with the draws as dots, the mean error (the bias) as a black diamond, and, where
    known, the broadcasters' exit poll's error as a red bar
    (:data:`psephos.forecast.exitpoll.REAL_EXIT_POLL`); the mean absolute error beside the
    real exit poll's (:data:`~psephos.forecast.exitpoll.REAL_EXIT_POLL_ERROR`) in the subtitle.

    Artists: the boxes are the axes' patches; the dots one collection per party (gid
    ``draws-PARTY``); the means the line with gid ``mean``, the exit poll's errors the line
    collection with gid ``real-exit-poll``.
    """
    from psephos.forecast.exitpoll import REAL_EXIT_POLL, REAL_EXIT_POLL_ERROR

    parties = list(result.scored_parties)
    errors = [np.asarray(result.seat_errors[p]) for p in parties]
    colours = [party_colour(p, result.election) for p in parties]
    places = np.arange(len(parties))
    figure, axis = charts.new_figure(max(5.5, 1.1 * len(parties) + 2), 4.5)
    axis.axhline(0, color="grey", linewidth=0.8)
    boxes = axis.boxplot(
        errors,
        positions=places,
        widths=0.5,
        patch_artist=True,
        showfliers=False,
        medianprops={"color": "#333333"},
    )
    for box, colour in zip(boxes["boxes"], colours, strict=True):
        box.set(facecolor=colour, alpha=0.3, edgecolor=colour)
    spread = np.random.default_rng(0).uniform(-0.12, 0.12, max(len(e) for e in errors))
    for place, party, values, colour in zip(places, parties, errors, colours, strict=True):
        dots = axis.scatter(place + spread[: len(values)], values, s=8, color=colour, alpha=0.6)
        dots.set_gid(f"draws-{party}")
    axis.plot(
        places,
        [float(values.mean()) for values in errors],
        linestyle="",
        marker="D",
        color="black",
        label="mean error (bias)",
        gid="mean",
    )
    broadcast = REAL_EXIT_POLL.get(result.election, {})
    known = [(i, broadcast[p] - result.actual[p]) for i, p in enumerate(parties) if p in broadcast]
    if known:
        lines = axis.hlines(
            [error for _, error in known],
            [i - 0.3 for i, _ in known],
            [i + 0.3 for i, _ in known],
            color="#d50000",
            linewidth=2.5,
            label="the broadcasters' exit poll",
        )
        lines.set_gid("real-exit-poll")
    axis.set_xticks(places, [party_label(p, result.election) for p in parties])
    axis.set_ylabel("seat error (expected - real GB seats)")
    axis.legend(frameon=False, fontsize=8)
    axis.set_title(
        f"Exit-poll emulation {result.election}: {format_number(result.sample_size, ',.0f')} "
        f"seats a sample, {format_number(result.n_draws, ',.0f')} samples",
        pad=18,
    )
    real = REAL_EXIT_POLL_ERROR.get(result.election)
    charts.subtitle(
        axis,
        f"mean absolute error {format_number(result.mean_error, '.2f')} seats a party"
        + (f"; the real exit poll's {format_number(real, '.2f')}" if real is not None else ""),
    )
    return figure


def exit_poll_error_chart(result: EmulationResult, path: str | Path) -> Path:
    """Write :func:`exit_poll_error_figure` to ``path`` (PNG, SVG or PDF by extension:
    :data:`psephos.charts.CHART_SUFFIXES`).

    Raises:
        PsephosError: another extension (before anything is drawn).
    """
    charts.check_chart_path(path)
    return charts.save_figure(exit_poll_error_figure(result), path)
