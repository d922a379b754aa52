"""Forecasts from the inputs a user really has, and their calibration.

The Monte Carlo forecast (:func:`psephos.forecast.forecast`) of the real-input back-test's
projection (:func:`psephos.projection.backtest.real_input_backtest`: final-week polls, true GB
shares, true regional shares or an MRP shape), with error layers sized only on earlier
elections, scored on GB seats against the real (candidate) winners: is each major party's real
total inside its 90% interval, and how often seat-party cases given 70-80% were won. See
docs/backtests.md and docs/methodology/forecast.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from psephos.errors import PsephosError, unknown_choice
from psephos.forecast.calibration import (
    DEFAULT_REGIONAL_SCALE,
    DEFAULT_SEAT_SCALE,
    _region_means,
    _seat_margins,
)
from psephos.forecast.errors_model import LayeredErrors, binomial_spread
from psephos.forecast.montecarlo import forecast
from psephos.jurisdictions import for_election_id, load, require_previous
from psephos.model import Election
from psephos.numbers import format_number, seat_range
from psephos.projection import SwingModel
from psephos.projection.backtest import (
    REAL_INPUT_ELECTIONS,
    RealInputResult,
    final_polls,
    input_applies,
    real_input_backtest,
)
from psephos.projection.scoring import actual_gb_seats, actual_winners, scored_seats

#: Parties whose real GB seat totals the forecast back-test checks against its 90% intervals.
INTERVAL_PARTIES: tuple[str, ...] = ("Con", "Lab", "LD", "SNP")


@dataclass(frozen=True, slots=True)
class RealInputForecast:
    """A Monte Carlo forecast from one real input, and how it fared.

    Attributes:
        election: Result election id.
        input: One of :data:`INPUTS`.
        model: Mean projection model.
        intervals: Party -> (low, high) 90% interval of GB seats, actual seats, inside?
        band: Over GB (seat, party) cases forecast 70-80% likely: cases and share won.
        scales: The error scales used, sized on earlier elections.
        expected: Mean seats per party.
    """

    election: str
    input: str
    model: str
    intervals: dict[str, tuple[int, int, int, bool]]
    band: tuple[int, float]
    scales: ForecastScales
    expected: dict[str, float]

    def row(self) -> dict[str, object]:
        """This forecast as tables show it: each party's 90% interval with the real total in
        brackets (OUT when outside), how many fell inside, the 70-80% band's cases and share
        won, the error scales (:meth:`record` keeps them as numbers)."""
        row: dict[str, object] = {"election": self.election, "input": self.input}
        for party, (low, high, real, inside) in self.intervals.items():
            row[party] = f"{seat_range(low, high)} ({real}{'' if inside else ' OUT'})"
        row["inside"] = f"{sum(v[3] for v in self.intervals.values())}/{len(self.intervals)}"
        cases, rate = self.band
        row["70-80% seats"] = cases
        row["won"] = "" if not cases else f"{format_number(rate, '.0%')}"
        row["scales"] = self.scales.label()
        return row

    def record(self) -> dict[str, object]:
        """This forecast as numbers, for JSON: each party's 90% interval (``low``, ``high``),
        its real GB seats (``actual``) and whether they fell ``inside``; how many did; the
        70-80% band's cases and the share of them won (``None`` without cases); the error
        scales (nations' own regional scales by nation)."""
        cases, rate = self.band
        return {
            "election": self.election,
            "input": self.input,
            "model": self.model,
            "intervals": {
                party: {
                    "low": int(low),
                    "high": int(high),
                    "actual": int(real),
                    "inside": bool(inside),
                }
                for party, (low, high, real, inside) in self.intervals.items()
            },
            "inside": sum(bool(v[3]) for v in self.intervals.values()),
            "parties": len(self.intervals),
            "band_seats": cases,
            "band_won": rate if cases else None,
            "scales": {
                "national": self.scales.national,
                "regional": self.scales.regional,
                "seat": self.scales.seat,
                "nations": dict(self.scales.nations),
                "swing": self.scales.swing,
            },
        }


def _poll_error_scale(before: Sequence[str]) -> float | None:
    """RMS of (final-week poll - GB result) / sqrt(s(1-s)) over parties above 2%, earlier years."""
    squares, count = 0.0, 0
    for year in before:
        result = load(year)
        base = require_previous(result)
        scored = scored_seats(base, result)
        weights = np.asarray(result.valid_votes, dtype=np.float64)[scored]
        truth = (result.shares()[scored] * weights[:, None]).sum(axis=0) / weights.sum()
        for party, share in final_polls(year).items():
            actual = truth[result.parties.index(party)]
            if actual > 0.02:
                squares += float(((share / 100.0 - actual) / binomial_spread(actual)) ** 2)
                count += 1
    return float(np.sqrt(squares / count)) if count else None


#: Candidate sizes of the model-error layer searched by :func:`model_error_scale`.
MODEL_SCALE_GRID: tuple[float, ...] = (0.0, 0.01, 0.02, 0.03, 0.04, 0.06, 0.08, 0.1, 0.12)
#: Median of a chi-squared variable with one degree of freedom (a squared standard Normal).
MEDIAN_CHI2_1 = 0.4549
#: Simulations per calibration forecast of :func:`model_error_scale`.
CALIBRATION_SIMS = 4000


#: Two-sided 90% point of a standard Normal (the intervals the back-test scores).
NORMAL_90 = 1.6448536269514722
#: Forms of the model-error layer: ``spread`` (sd ``scale * sqrt(s(1-s))`` per party, the
#: headline) or ``swing`` (sd ``scale * |GB share given - base GB share|`` per party: the
#: model's error grows with the swing it is asked to distribute; an in-sample variant, see
#: docs/backtests.md).
MODEL_ERRORS: tuple[str, ...] = ("spread", "swing")
#: Candidate sizes of the ``swing`` model-error layer.
SWING_SCALE_GRID: tuple[float, ...] = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0)


@dataclass(frozen=True, slots=True)
class ForecastScales:
    """The error scales of a real-input forecast, sized on earlier elections only.

    Attributes:
        national: National layer (poll miss and model error, in quadrature).
        regional: Regional layer of the English regions (every region with a regional input).
        seat: Seat layer.
        nations: ``(nation, scale)`` for each nation where a nation-only party stands
            (:attr:`~psephos.jurisdictions.Jurisdiction.own_party_nations`) with a GB-only
            input.
        swing: Scale of the ``swing`` model-error layer (0 with the ``spread`` form).
    """

    national: float
    regional: float
    seat: float
    nations: tuple[tuple[str, float], ...] = ()
    swing: float = 0.0

    def error_model(
        self, national: float | None = None, change: npt.ArrayLike | None = None
    ) -> LayeredErrors:
        """The layered error model of these scales (``national`` replaces the national one;
        ``change``, each party's GB share given minus its base share in the forecast's party
        order, sizes the ``swing`` layer)."""
        party_sd: tuple[float, ...] = ()
        if self.swing and change is not None:
            party_sd = tuple(float(v) for v in self.swing * np.abs(np.asarray(change)))
        return LayeredErrors(
            self.national if national is None else national,
            self.regional,
            self.seat,
            None,
            "calibrated",
            self.nations,
            party_sd,
        )

    def label(self) -> str:
        """``national/regional/seat``, then each nation's scale (and the swing layer's)."""
        text = "/".join(
            format_number(scale, ".3f") for scale in (self.national, self.regional, self.seat)
        )
        parts = [
            text,
            *(f"{area[:3]} {format_number(value, '.3f')}" for area, value in self.nations),
        ]
        return " ".join(
            parts + ([f"swing {format_number(self.swing, '.3f')}"] if self.swing else [])
        )


def gb_change(run: RealInputResult, base: Election) -> npt.NDArray[np.float64]:
    """Each party's GB share given to ``run`` minus its share in ``base`` (scored GB seats),
    in ``base``'s party order; 0 for a party the input does not name."""
    result = load(run.election)
    scored = scored_seats(base, result)
    weights = np.asarray(base.valid_votes, dtype=np.float64)[scored]
    before = (base.shares()[scored] * weights[:, None]).sum(axis=0) / weights.sum()
    given = np.array([run.gb_target.get(p, b) for p, b in zip(base.parties, before, strict=True)])
    out: npt.NDArray[np.float64] = given - before
    return out


def few_pairs_factor(degrees_of_freedom: int) -> float:
    """How much to widen a Normal scale estimated from few residuals.

    A new error with an unknown variance estimated from residuals with ``degrees_of_freedom``
    has a Student-t predictive distribution (Gelman et al., *Bayesian Data Analysis*, 3rd ed.,
    section 3.2, non-informative prior); the factor is the ratio of its two-sided 90% point to
    the Normal's, so the Normal layer's 90% interval is the predictive's. 1 with many
    residuals; undefined (PsephosError) with none.
    """
    if degrees_of_freedom < 1:
        raise PsephosError("A scale needs at least one degree of freedom.")
    from scipy.stats import t as student_t

    return float(student_t.ppf(0.95, degrees_of_freedom)) / NORMAL_90


@dataclass(slots=True)
class _AreaResiduals:
    """Squared residuals (over the binomial spread) of one area layer, and their count."""

    squares: float = 0.0
    count: int = 0
    groups: int = 0

    def add(self, z_scores: npt.NDArray[np.float64]) -> None:
        self.squares += float((z_scores**2).sum())
        self.count += int(z_scores.size)
        self.groups += 1  # each region-pair's residuals sum to about 0: one df lost

    def scale(self, default: float) -> float:
        """Root mean square times :func:`few_pairs_factor` (``default`` without residuals)."""
        degrees = self.count - self.groups
        if self.count == 0 or degrees < 1:
            return default
        return float(np.sqrt(self.squares / self.count)) * few_pairs_factor(degrees)


def forecast_error_scales(
    election_id: str,
    kind: str,
    model: str | SwingModel = "national",
    *,
    model_error: str = "spread",
) -> ForecastScales:
    """The error scales of a forecast of ``election_id`` from ``kind``.

    Sized only on elections before ``election_id``, each projected from the same kind of input
    by the same model (fitted on the pairs before it). With a GB-only input (``gb``, ``polls``,
    ``mrp``: earlier elections re-run from their true GB shares) the regional layer is the
    vote-weighted mean residual per English region and party, and each nation where a
    nation-only party stands (:attr:`~psephos.jurisdictions.Jurisdiction.own_party_nations`:
    Scotland and Wales, one region each, whose shares a GB-only input does not give; their
    party systems differ from England's, and the GB-to-nation step errs most there: the SNP's
    Scottish share) gets its own scale from its own residuals, all over the binomial spread
    and widened by :func:`few_pairs_factor` (few earlier elections); with a regional input the
    regional layer is 0. The seat scale is the within-region residual of the two projected
    leaders' margin (as :mod:`psephos.forecast.calibration`). The national layer combines the
    earlier final-week polls' misses (``polls`` only) with the model-error layer of
    :func:`model_error_scale` (``model_error`` names its form, :data:`MODEL_ERRORS`; the
    ``swing`` form is kept apart in :attr:`ForecastScales.swing`). Without an earlier election
    the documented defaults are used.

    Raises:
        PsephosError: for an unknown ``model_error``.
    """
    if model_error not in MODEL_ERRORS:
        raise PsephosError(unknown_choice("model error", model_error, MODEL_ERRORS))
    before = REAL_INPUT_ELECTIONS[: REAL_INPUT_ELECTIONS.index(election_id)]
    poll_scale = 0.0
    if kind == "polls":
        poll_scale = _poll_error_scale(before) or 0.052
    earlier_kind = _earlier_kind(kind)
    english = _AreaResiduals()
    country, _ = for_election_id(election_id)
    nations = {area: _AreaResiduals() for area in country.own_party_nations}
    seat_sq = 0.0
    seat_n = 0
    runs = []
    for year in before:
        target = load(year)
        run = real_input_backtest(year, earlier_kind, model)
        runs.append(run)
        projected = np.asarray(run.shares)
        residual = target.shares() - projected
        if earlier_kind != "regional":
            share_means = _region_means(target.shares(), target)
            great_britain = set(target.regions[target.gb_mask].tolist())
            for name, mean_residual in _region_means(residual, target).items():
                if name not in great_britain:
                    continue
                big = share_means[name] > 0.02
                layer = nations.get(name, english)
                layer.add(mean_residual[big] / binomial_spread(share_means[name][big]))
        difference, spread, use = _seat_margins(projected, residual, target)
        seat_sq += float(((difference[use] / spread[use]) ** 2 / 2.0).sum())
        seat_n += int(use.sum())
    seat = float(np.sqrt(seat_sq / seat_n)) if seat_n else DEFAULT_SEAT_SCALE
    if earlier_kind == "regional":
        regional = 0.0 if before else DEFAULT_REGIONAL_SCALE
        scales = ForecastScales(0.0, regional, seat)
    else:
        regional = english.scale(DEFAULT_REGIONAL_SCALE)
        by_nation = tuple((area, layer.scale(regional)) for area, layer in nations.items())
        scales = ForecastScales(0.0, regional, seat, by_nation)
    model_scale = model_error_scale(runs, scales, model_error)
    if model_error == "swing":
        return replace(scales, national=poll_scale, swing=model_scale)
    return replace(scales, national=float(np.hypot(poll_scale, model_scale)))


def _earlier_kind(kind: str) -> str:
    """The input earlier elections are re-run with when sizing a forecast from ``kind``."""
    return "gb" if kind in ("polls", "mrp") else kind


def model_error_scale(
    runs: Sequence[RealInputResult], scales: ForecastScales, form: str = "spread"
) -> float:
    """Size of a national layer standing for the swing model's own systematic error.

    Each earlier out-of-sample projection in ``runs`` is forecast with the regional, nation
    and seat layers of ``scales`` and each candidate of :data:`MODEL_SCALE_GRID` as its
    national scale (``form="swing"``: of :data:`SWING_SCALE_GRID` as the scale of the swing
    layer, :data:`MODEL_ERRORS`); the chosen value is the one whose real seat totals of
    :data:`INTERVAL_PARTIES` have a median squared z-score (real minus forecast mean, over the
    forecast sd) closest to that of a standard Normal (0.455; the median, not the mean, so
    that one near-certain party missed by a few seats does not decide it), times
    :func:`few_pairs_factor` of the number of totals less one. 0 without earlier runs.
    """
    if not runs:
        return 0.0
    best: tuple[float, float] | None = None
    grid = SWING_SCALE_GRID if form == "swing" else MODEL_SCALE_GRID
    for value in grid:
        squares: list[float] = []
        for run in runs:
            result = load(run.election)
            base = require_previous(result)
            if form == "swing":
                errors = replace(scales, swing=value).error_model(0.0, gb_change(run, base))
            else:
                errors = scales.error_model(national=value)
            outcome = forecast(
                base, np.asarray(run.shares), error_model=errors, n_sims=CALIBRATION_SIMS, seed=0
            )
            actual = actual_gb_seats(base, result)
            seats = np.arange(outcome.total_histogram.shape[1])
            for party in INTERVAL_PARTIES:
                if party not in outcome.parties:
                    continue
                row = outcome.total_histogram[outcome.parties.index(party)] / outcome.n_sims
                mean = float((row * seats).sum())
                sd = float(np.sqrt((row * (seats - mean) ** 2).sum()))
                squares.append(((actual.get(party, 0) - mean) / max(sd, 0.5)) ** 2)
        key = (abs(float(np.median(squares)) - MEDIAN_CHI2_1), value)
        if best is None or key < best:
            best = key
            count = len(squares)
    if best is None:
        return 0.0
    return best[1] * few_pairs_factor(count - 1) if count > 1 else best[1]


def real_input_forecast(
    election_id: str,
    kind: str = "gb",
    model: str | SwingModel = "national",
    *,
    n_sims: int = 20_000,
    seed: int = 0,
    model_error: str = "spread",
) -> RealInputForecast:
    """Forecast ``election_id`` from one real input with :func:`psephos.forecast.forecast`.

    The mean is :func:`real_input_backtest`'s projection; the error scales come from
    :func:`forecast_error_scales` (earlier elections only). Scored on GB seats against the
    real (candidate) winners: is each major party's real total inside its 90% interval, and
    how often seat-party cases forecast 70-80% likely were won. ``model_error`` is the form
    of the model-error layer (:data:`MODEL_ERRORS`).
    """
    run = real_input_backtest(election_id, kind, model)
    result = load(election_id)
    base = require_previous(result)
    scales = forecast_error_scales(election_id, kind, model, model_error=model_error)
    errors = scales.error_model(change=gb_change(run, base))
    outcome = forecast(base, np.asarray(run.shares), error_model=errors, n_sims=n_sims, seed=seed)
    actual = actual_gb_seats(base, result)
    intervals = {}
    for party in INTERVAL_PARTIES:
        low, high = outcome.interval(party, 0.9)
        real = actual.get(party, 0)
        intervals[party] = (low, high, real, low <= real <= high)
    scored = scored_seats(base, result)
    probability = outcome.win_probability[scored]
    won = np.zeros_like(probability, dtype=bool)
    won[np.arange(len(probability)), actual_winners(result)[scored]] = True
    in_band = (probability > 0.7) & (probability <= 0.8)
    band = (int(in_band.sum()), float(won[in_band].mean()) if in_band.any() else float("nan"))
    return RealInputForecast(
        election=election_id,
        input=kind,
        model=run.model,
        intervals=intervals,
        band=band,
        scales=scales,
        expected={p: v for p, v in outcome.expected_seats.items() if v >= 0.5},
    )


def real_input_forecasts(
    elections: Sequence[str] = REAL_INPUT_ELECTIONS,
    inputs: Sequence[str] = ("polls", "gb"),
    model: str | SwingModel = "national",
    *,
    n_sims: int = 20_000,
    seed: int = 0,
    progress: Callable[[], None] | None = None,
    model_error: str = "spread",
) -> list[RealInputForecast]:
    """:func:`real_input_forecast` for every election and input (``mrp`` only where a seat
    shape is bundled), oldest election first."""
    forecasts = []
    for election_id in elections:
        for kind in inputs:
            if not input_applies(kind, election_id):
                continue
            forecasts.append(
                real_input_forecast(
                    election_id, kind, model, n_sims=n_sims, seed=seed, model_error=model_error
                )
            )
            if progress is not None:
                progress()
    return forecasts


def forecast_rows(
    elections: Sequence[str] = REAL_INPUT_ELECTIONS,
    inputs: Sequence[str] = ("polls", "gb"),
    model: str | SwingModel = "national",
    *,
    n_sims: int = 20_000,
    seed: int = 0,
    progress: Callable[[], None] | None = None,
    model_error: str = "spread",
) -> list[dict[str, object]]:
    """One row per election and input, as tables show it: the 90% intervals against the real
    totals, how many of :data:`INTERVAL_PARTIES` fall inside, and the 70-80% band's hit rate
    (``model_error``: the model-error layer's form, :data:`MODEL_ERRORS`;
    :meth:`RealInputForecast.record` keeps them as numbers)."""
    forecasts = real_input_forecasts(
        elections,
        inputs,
        model,
        n_sims=n_sims,
        seed=seed,
        progress=progress,
        model_error=model_error,
    )
    return [result.row() for result in forecasts]
