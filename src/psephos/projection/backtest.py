"""Back-testing swing models on real elections, strictly out of sample.

Each model projects each bundled base election to the next one on the same boundaries
(2010->2015, 2015->2017, 2017->2019, 2019 notional->2024) given only the result's true national
and regional shares. Fitted models are fitted on the pairs that ended no later than the base.
Scored seats are Great Britain seats where the Speaker stood in neither election; area shares
are vote-weighted over those seats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from psephos.model import Election
from psephos.projection.covariate import history_before, truth_target
from psephos.projection.models import MODELS, SwingModel, get_model
from psephos.projection.scoring import scored_seats

#: Back-test pairs (base, result), oldest first.
DEFAULT_PAIRS: tuple[tuple[str, str], ...] = (
    ("2010", "2015"),
    ("2015", "2017"),
    ("2017", "2019"),
    ("2019-notional-2024", "2024"),
)


@dataclass(frozen=True, slots=True)
class BacktestResult:
    """One model on one (base, result) pair.

    Attributes:
        model: Model name.
        base: Base election id.
        result: Result election id.
        n_seats: Seats scored.
        called: Seats whose winner the model got right.
        seat_error: Sum over parties of |projected seats - actual seats| (scored seats).
        party_error: Projected minus actual seats per party (non-zero entries only).
        fitted_on: Pairs a fitted model learnt from (empty for parameter-free models).
        candidates: Whether the projection knew the result's candidate lists.
    """

    model: str
    base: str
    result: str
    n_seats: int
    called: int
    seat_error: int
    party_error: dict[str, int] = field(default_factory=dict)
    fitted_on: tuple[str, ...] = ()
    candidates: bool = False

    @property
    def called_pct(self) -> float:
        """Seats called as a percentage of scored seats."""
        return 100.0 * self.called / self.n_seats if self.n_seats else 0.0

    @property
    def pair(self) -> str:
        """``"base->result"``."""
        return f"{self.base}->{self.result}"


def backtest_pair(
    model: SwingModel,
    base: Election,
    result: Election,
    *,
    candidates: bool = False,
    rebase: bool = True,
) -> BacktestResult:
    """Score one model projecting ``base`` to ``result``'s true regional/national shares.

    With ``candidates`` the projection also knows who stood in each seat of the result (the
    candidate lists, public at the close of nominations; never their votes).
    """
    fitted = model.fitted(history_before(base)) if getattr(model, "fits_history", False) else model
    prepared_base, truth, scored = truth_target(
        base, result, fitted.level, candidates=candidates, rebase=rebase
    )
    shares = fitted.project(prepared_base, truth)
    winner = np.argmax(shares, axis=1)
    n_parties = len(base.parties)
    projected = np.bincount(winner[scored], minlength=n_parties)
    actual = np.bincount(result.winner[scored], minlength=n_parties)
    difference = projected - actual
    return BacktestResult(
        model=fitted.name,
        base=base.id,
        result=result.id,
        n_seats=int(scored.sum()),
        called=int((winner == result.winner)[scored].sum()),
        seat_error=int(np.abs(difference).sum()),
        party_error={p: int(d) for p, d in zip(base.parties, difference, strict=True) if d},
        fitted_on=tuple(getattr(fitted, "fitted_on", ())),
        candidates=candidates,
    )


def backtest(
    models: Iterable[str | SwingModel] | None = None,
    pairs: Sequence[tuple[str, str]] = DEFAULT_PAIRS,
    *,
    loader: Callable[[str], Election] | None = None,
    progress: Callable[[], None] | None = None,
    candidates: bool = False,
    rebase: bool = True,
) -> list[BacktestResult]:
    """Run every model on every pair.

    Args:
        models: Model names or objects (default: every registered model).
        pairs: (base id, result id) pairs of bundled elections.
        loader: How to load an election id (default :func:`psephos.jurisdictions.load`).
        progress: Called after each (model, pair), e.g. to advance a progress bar.
        candidates: Give every projection the result's candidate lists (who stood where).

    Returns:
        One :class:`BacktestResult` per model and pair, pairs in the inner loop.
    """
    if loader is None:
        from psephos.jurisdictions import load

        loader = load
    resolved = [get_model(m) for m in (models if models is not None else MODELS)]
    loaded = [(loader(base), loader(result)) for base, result in pairs]
    results = []
    for model in resolved:
        for base, result in loaded:
            results.append(backtest_pair(model, base, result, candidates=candidates, rebase=rebase))
            if progress is not None:
                progress()
    return results


def results_table(results: Sequence[BacktestResult]) -> list[dict[str, object]]:
    """Rows for output: model, pair, seats scored, called, % called, |seat error|, per party."""
    return [
        {
            "model": r.model,
            "pair": r.pair,
            "seats": r.n_seats,
            "called": r.called,
            "called_pct": round(r.called_pct, 1),
            "seat_error": r.seat_error,
            "party_error": ", ".join(f"{p} {d:+d}" for p, d in r.party_error.items()),
            "candidates": r.candidates,
        }
        for r in results
    ]


def save_chart(results: Sequence[BacktestResult], path: str | Path) -> Path:
    """Grouped bar chart of % seats called per model and pair, saved as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    models = list(dict.fromkeys(r.model for r in results))
    pairs = list(dict.fromkeys(r.pair for r in results))
    value = {(r.model, r.pair): r.called_pct for r in results}
    figure, axis = plt.subplots(figsize=(12, 4.8))
    width = 0.8 / max(len(models), 1)
    # one distinct colour per model (the default cycle has ten; there are more models)
    palette = [plt.get_cmap("tab20")(i) for i in range(20)]
    for offset, model in enumerate(models):
        xs = np.arange(len(pairs)) + offset * width - 0.4 + width / 2
        axis.bar(
            xs,
            [value.get((model, p), np.nan) for p in pairs],
            width,
            label=model,
            color=palette[(2 * offset) % 20 if offset < 10 else (2 * offset + 1) % 20],
        )
    axis.set_xticks(np.arange(len(pairs)), pairs)
    axis.set_ylabel("GB seats called (%)")
    axis.set_ylim(65, 100)
    with_lists = bool(results) and all(r.candidates for r in results)
    axis.set_title(
        "Swing models back-tested on true regional shares (out of sample"
        + (", with the result's candidate lists)" if with_lists else ")")
    )
    axis.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    axis.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=110)
    plt.close(figure)
    return target


# --- Real-input back-test: what a user had on the eve of the election -----------------------

#: Inputs of :func:`real_input_backtest`: ``polls`` (the final week's GB poll average), ``gb``
#: (the result's true GB shares, national only), ``regional`` (the result's true shares in the
#: 11 GB regions and nations) and ``mrp`` (true GB shares applied to the 2024 MRP seat shape).
INPUTS: tuple[str, ...] = ("polls", "gb", "regional", "mrp")
#: Elections the real-input back-test covers (2015 has no earlier pair to fit on).
REAL_INPUT_ELECTIONS: tuple[str, ...] = ("2015", "2017", "2019", "2024")
#: Elections with a bundled seat shape (published MRP) for the ``mrp`` input.
SHAPE_ELECTIONS: tuple[str, ...] = ("2024",)


def final_polls(election_id: str) -> dict[str, float]:
    """The final week's GB poll average (percent) for a bundled election
    (``final_polls.parquet``, built by ``scripts/build_polls.py``).

    Raises:
        UnknownElectionError: for an election without bundled polls.
    """
    from psephos.errors import UnknownElectionError
    from psephos.io.bundled import table

    frame = table("final_polls")
    rows = frame[frame["election"] == str(election_id)]
    if rows.empty:
        raise UnknownElectionError(
            f"No bundled final-week polls for {election_id!r}; available: "
            f"{', '.join(sorted(set(map(str, frame['election']))))}."
        )
    return {str(p): float(s) * 100.0 for p, s in zip(rows["party"], rows["share"], strict=True)}


@dataclass(frozen=True, slots=True)
class RealInputResult:
    """One model on one election from one kind of input, scored by :mod:`.scoring`.

    Attributes:
        model: Model name.
        election: Result election id.
        input: One of :data:`INPUTS`.
        score: The GB seat score.
        shares: Projected per-seat shares (seats x parties), for forecasts.
        gb_target: The GB shares given (fractions per party; the regional input's GB total).
        fitted_on: Pairs the model was fitted on.
    """

    model: str
    election: str
    input: str
    score: Any
    shares: Any
    gb_target: dict[str, float]
    fitted_on: tuple[str, ...] = ()


def _check_input(kind: str, election_id: str) -> None:
    from psephos.errors import PsephosError

    if kind not in INPUTS:
        raise PsephosError(f"Unknown back-test input {kind!r}; inputs: {', '.join(INPUTS)}.")
    if election_id not in REAL_INPUT_ELECTIONS:
        raise PsephosError(
            f"No real-input back-test for {election_id!r}; elections: "
            f"{', '.join(REAL_INPUT_ELECTIONS)}."
        )
    if kind == "mrp" and election_id not in SHAPE_ELECTIONS:
        raise PsephosError(
            f"No bundled seat shape (MRP) for {election_id}; the mrp input covers "
            f"{', '.join(SHAPE_ELECTIONS)}."
        )


def real_input_backtest(
    election_id: str,
    kind: str = "gb",
    model: str | SwingModel = "national",
    *,
    loader: Callable[[str], Election] | None = None,
) -> RealInputResult:
    """Project ``election_id`` from its predecessor given one kind of real input; score it.

    The model is fitted on bundled pairs ending no later than the base only. Every input also
    gives the candidate lists (who stands where, public at the close of nominations), so a
    party standing where it did not stand last time enters with an imputed share. Parties a
    poll does not name share the remainder in proportion to the base's GB shares.
    """
    import warnings

    from psephos.errors import ShareWarning
    from psephos.io.bundled import PREVIOUS
    from psephos.projection.base import prepare
    from psephos.projection.candidates import result_candidates
    from psephos.projection.inputs import build_target, share_vector
    from psephos.projection.national import NationalModel
    from psephos.projection.scoring import score_winners

    _check_input(kind, election_id)
    if loader is None:
        from psephos.io.bundled import load

        loader = load
    result = loader(election_id)
    base = loader(PREVIOUS[election_id])
    resolved = get_model(model)
    fitted = (
        resolved.fitted(history_before(base))
        if getattr(resolved, "fits_history", False)
        else resolved
    )
    region_base, region_truth, scored = truth_target(base, result, "region", candidates=True)
    weights = np.asarray(result.valid_votes, dtype=np.float64)[scored]
    gb_truth = (result.shares()[scored] * weights[:, None]).sum(axis=0) / weights.sum()
    prepared = prepare(base, fitted.level, candidates=result_candidates(base, result), rebase=True)
    if kind == "polls":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ShareWarning)
            gb = share_vector(
                final_polls(election_id), base.parties, prepared.base_area[0], policy="fill"
            )
    else:
        gb = gb_truth
    areas = None
    if kind == "regional":
        areas = {
            area: dict(zip(base.parties, map(float, region_truth[row]), strict=True))
            for row, area in enumerate(region_base.areas)
        }
    if isinstance(fitted, NationalModel):
        if areas is not None:
            fitted = fitted.with_inputs(
                areas={area: list(shares.values()) for area, shares in areas.items()}
            )
        if kind == "mrp":
            from psephos.tactical.preelection import mrp_shares

            fitted = fitted.with_inputs(shape=mrp_shares(base))
        target = prepared.effective_target(prepared.extend(gb[None, :]))
    else:
        if kind == "mrp":
            from psephos.errors import PsephosError

            raise PsephosError(f"Model {fitted.name!r} takes no seat shape; use 'national'.")
        gb_map = dict(zip(base.parties, map(float, gb), strict=True))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ShareWarning)
            target = prepared.effective_target(
                build_target(prepared, gb_map, areas, derive=fitted.derive, policy="rescale")
            )
    shares = fitted.project(prepared, target)
    score = score_winners(f"{fitted.name} / {kind}", base, result, np.argmax(shares, axis=1))
    return RealInputResult(
        model=fitted.name,
        election=election_id,
        input=kind,
        score=score,
        shares=shares,
        gb_target={p: float(v) for p, v in zip(base.parties, gb, strict=True) if v > 0},
        fitted_on=tuple(getattr(fitted, "fitted_on", ())),
    )


# --- Forecast on the same inputs ---------------------------------------------------------------

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
        scales: The error scales used (national, regional, seat), sized on earlier elections.
        expected: Mean seats per party.
    """

    election: str
    input: str
    model: str
    intervals: dict[str, tuple[int, int, int, bool]]
    band: tuple[int, float]
    scales: tuple[float, float, float]
    expected: dict[str, float]


def _poll_error_scale(before: Sequence[str]) -> float | None:
    """RMS of (final-week poll - GB result) / sqrt(s(1-s)) over parties above 2%, earlier years."""
    from psephos.forecast.errors_model import binomial_spread
    from psephos.io.bundled import PREVIOUS, load

    squares, count = 0.0, 0
    for year in before:
        result = load(year)
        base = load(PREVIOUS[year])
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


def forecast_error_scales(
    election_id: str, kind: str, model: str | SwingModel = "national"
) -> tuple[float, float, float]:
    """``(national, regional, seat)`` scales for a forecast of ``election_id`` from ``kind``.

    Sized only on elections before ``election_id``, each projected from the same kind of input
    by the same model (fitted on the pairs before it): the regional scale from the vote-weighted
    mean residual per region and party (every GB region and nation: with a national input the
    nation shares are not given), the seat scale from the within-region residual of the two
    projected leaders' margin (as :mod:`psephos.forecast.calibration`), both over the binomial
    spread. The national layer combines the earlier final-week polls' misses (``polls`` only)
    with the model-error layer of :func:`model_error_scale`. Without an earlier election the
    documented defaults are used.
    """
    from psephos.forecast.calibration import (
        DEFAULT_REGIONAL_SCALE,
        DEFAULT_SEAT_SCALE,
        _region_means,
        _seat_margins,
    )
    from psephos.forecast.errors_model import binomial_spread
    from psephos.io.bundled import load

    before = REAL_INPUT_ELECTIONS[: REAL_INPUT_ELECTIONS.index(election_id)]
    poll_scale = 0.0
    if kind == "polls":
        poll_scale = _poll_error_scale(before) or 0.052
    earlier_kind = _earlier_kind(kind)
    regional_sq = regional_n = seat_sq = 0.0
    seat_n = 0
    runs = []
    for year in before:
        target = load(year)
        run = real_input_backtest(year, earlier_kind, model)
        runs.append(run)
        projected = np.asarray(run.shares)
        residual = target.shares() - projected
        share_means = _region_means(target.shares(), target)
        if earlier_kind != "regional":
            for name, mean_residual in _region_means(residual, target).items():
                if name == "Northern Ireland":
                    continue
                big = share_means[name] > 0.02
                spread = binomial_spread(share_means[name][big])
                regional_sq += float(((mean_residual[big] / spread) ** 2).sum())
                regional_n += float(big.sum())
        difference, spread, use = _seat_margins(projected, residual, target)
        seat_sq += float(((difference[use] / spread[use]) ** 2 / 2.0).sum())
        seat_n += int(use.sum())
    regional = float(np.sqrt(regional_sq / regional_n)) if regional_n else DEFAULT_REGIONAL_SCALE
    if earlier_kind == "regional" and before:
        regional = 0.0
    seat = float(np.sqrt(seat_sq / seat_n)) if seat_n else DEFAULT_SEAT_SCALE
    model_scale = model_error_scale(runs, regional, seat)
    return float(np.hypot(poll_scale, model_scale)), regional, seat


def _earlier_kind(kind: str) -> str:
    """The input earlier elections are re-run with when sizing a forecast from ``kind``."""
    return "gb" if kind in ("polls", "mrp") else kind


def model_error_scale(runs: Sequence[RealInputResult], regional: float, seat: float) -> float:
    """Size of a national layer standing for the swing model's own systematic error.

    Each earlier out-of-sample projection in ``runs`` is forecast with the given regional and
    seat scales and each candidate of :data:`MODEL_SCALE_GRID` as its national scale; the
    chosen value is the one whose real seat totals of :data:`INTERVAL_PARTIES` have a median
    squared z-score (real minus forecast mean, over the forecast sd) closest to that of a
    standard Normal (0.455; the median, not the mean, so that one near-certain party missed
    by a few seats does not decide it). 0 without earlier runs.
    """
    from psephos.forecast.errors_model import LayeredErrors
    from psephos.forecast.montecarlo import forecast
    from psephos.io.bundled import PREVIOUS, load
    from psephos.projection.scoring import actual_gb_seats

    if not runs:
        return 0.0
    best: tuple[float, float] | None = None
    for value in MODEL_SCALE_GRID:
        squares: list[float] = []
        for run in runs:
            base, result = load(PREVIOUS[run.election]), load(run.election)
            errors = LayeredErrors(value, regional, seat, None, "calibrated")
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
    return 0.0 if best is None else best[1]


def real_input_forecast(
    election_id: str,
    kind: str = "gb",
    model: str | SwingModel = "national",
    *,
    n_sims: int = 20_000,
    seed: int = 0,
) -> RealInputForecast:
    """Forecast ``election_id`` from one real input with :func:`psephos.forecast.forecast`.

    The mean is :func:`real_input_backtest`'s projection; the error scales come from
    :func:`forecast_error_scales` (earlier elections only). Scored on GB seats against the
    real (candidate) winners: is each major party's real total inside its 90% interval, and
    how often seat-party cases forecast 70-80% likely were won.
    """
    from psephos.forecast.errors_model import LayeredErrors
    from psephos.forecast.montecarlo import forecast
    from psephos.io.bundled import PREVIOUS, load
    from psephos.projection.scoring import actual_gb_seats, actual_winners

    run = real_input_backtest(election_id, kind, model)
    result = load(election_id)
    base = load(PREVIOUS[election_id])
    national, regional, seat = forecast_error_scales(election_id, kind, model)
    errors = LayeredErrors(national, regional, seat, None, "calibrated")
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
        scales=(national, regional, seat),
        expected={p: v for p, v in outcome.expected_seats.items() if v >= 0.5},
    )


def real_input_rows(
    elections: Sequence[str] = REAL_INPUT_ELECTIONS,
    inputs: Sequence[str] = INPUTS,
    models: Sequence[str | SwingModel] = ("national",),
    *,
    references: bool = True,
    progress: Callable[[], None] | None = None,
) -> list[dict[str, object]]:
    """Rows of the real-input back-test: every election x input x model, then the published
    references of each election (:data:`psephos.projection.scoring.PUBLISHED_REFERENCES`).
    Inputs that do not apply to an election (``mrp`` before 2024) are skipped."""
    from psephos.io.bundled import PREVIOUS, load
    from psephos.projection.scoring import reference_scores

    rows: list[dict[str, object]] = []
    for election_id in elections:
        for kind in inputs:
            if kind == "mrp" and election_id not in SHAPE_ELECTIONS:
                continue
            for model in models:
                run = real_input_backtest(election_id, kind, model)
                rows.append(_score_row(run.score, election_id, kind, run.model))
                if progress is not None:
                    progress()
        if references:
            base, result = load(PREVIOUS[election_id]), load(election_id)
            for score in reference_scores(base, result):
                rows.append(_score_row(score, election_id, "published", score.label))
    return rows


def _score_row(score: Any, election_id: str, kind: str, source: str) -> dict[str, object]:
    return {
        "election": election_id,
        "input": kind,
        "source": source,
        "seat_error": score.seat_error,
        "called": "" if score.called is None else score.called,
        "seats": score.n_seats,
        "projected": ", ".join(
            f"{p} {n}" for p, n in sorted(score.seats.items(), key=lambda item: -item[1])
        ),
        "party_error": ", ".join(f"{p} {d:+d}" for p, d in score.party_error.items()),
    }


def forecast_rows(
    elections: Sequence[str] = REAL_INPUT_ELECTIONS,
    inputs: Sequence[str] = ("polls", "gb"),
    model: str | SwingModel = "national",
    *,
    n_sims: int = 20_000,
    seed: int = 0,
    progress: Callable[[], None] | None = None,
) -> list[dict[str, object]]:
    """One row per election and input: the 90% intervals against the real totals, how many
    of :data:`INTERVAL_PARTIES` fall inside, and the 70-80% band's hit rate."""
    rows: list[dict[str, object]] = []
    for election_id in elections:
        for kind in inputs:
            if kind == "mrp" and election_id not in SHAPE_ELECTIONS:
                continue
            result = real_input_forecast(election_id, kind, model, n_sims=n_sims, seed=seed)
            row: dict[str, object] = {"election": election_id, "input": kind}
            for party, (low, high, real, inside) in result.intervals.items():
                row[party] = f"{low}-{high} ({real}{'' if inside else ' OUT'})"
            row["inside"] = (
                f"{sum(v[3] for v in result.intervals.values())}/{len(result.intervals)}"
            )
            cases, rate = result.band
            row["70-80% seats"] = cases
            row["won"] = "" if not cases else f"{rate:.0%}"
            row["scales"] = "/".join(f"{s:.3f}" for s in result.scales)
            rows.append(row)
            if progress is not None:
                progress()
    return rows


def default_model_rule(
    models: Iterable[str] | None = None,
    elections: Sequence[str] = REAL_INPUT_ELECTIONS,
) -> tuple[str, dict[str, int]]:
    """The rule choosing :data:`psephos.projection.DEFAULT_MODEL`.

    Every model projects each of ``elections`` from the result's true GB shares (the ``gb``
    input; national only, with the candidate lists), fitted on earlier pairs only; the model
    with the smallest GB seat error summed over those elections wins (ties: registry order).
    Applied to the elections before a target it uses nothing of the target; the default for
    the next election uses every bundled election.

    Returns:
        The chosen model and each model's summed GB seat error.
    """
    totals = {}
    for name in models if models is not None else MODELS:
        totals[name] = sum(
            real_input_backtest(year, "gb", name).score.seat_error for year in elections
        )
    return min(totals, key=lambda name: totals[name]), totals


#: Plain comparison model shown beside the national model for each input.
COMPARISON_MODELS: dict[str, str] = {
    "polls": "uniform",
    "gb": "uniform",
    "regional": "regional-uniform",
}


def real_input_markdown(*, n_sims: int = 20_000, seed: int = 0) -> str:
    """The real-input tables of docs/backtests.md (``psephos backtest --input all --markdown``).

    One table per election (every input, the national model and a plain comparison model,
    then the published references), a summary of GB seat errors, and the forecast table.
    """
    from psephos.tactical.report import table

    columns = ["input", "source", "seat_error", "called", "projected", "party_error"]
    summary: dict[tuple[str, str], object] = {}
    sections: list[str] = []
    for election_id in REAL_INPUT_ELECTIONS:
        rows: list[dict[str, object]] = []
        for kind in INPUTS:
            if kind == "mrp" and election_id not in SHAPE_ELECTIONS:
                continue
            models = ["national", *([COMPARISON_MODELS[kind]] if kind in COMPARISON_MODELS else [])]
            rows.extend(real_input_rows([election_id], [kind], models, references=False))
        rows.extend(row for row in real_input_rows([election_id], [], ()) if row)
        for row in rows:
            summary[(election_id, f"{row['input']}: {row['source']}")] = row["seat_error"]
        sections.extend([f"#### {election_id}", "", table(rows, columns), ""])
    labels = list(dict.fromkeys(label for _, label in summary))
    summary_rows = [
        {"input: source": label, **{e: summary.get((e, label), "") for e in REAL_INPUT_ELECTIONS}}
        for label in labels
    ]
    forecasts = forecast_rows(n_sims=n_sims, seed=seed)
    forecast_columns = list(forecasts[0]) if forecasts else []
    return "\n".join(
        [
            "Generated by `psephos backtest --input all --markdown` "
            "(`psephos.projection.backtest.real_input_markdown`).",
            "",
            "#### GB seat error by election (sum over parties of |projected - actual|)",
            "",
            table(summary_rows, ["input: source", *REAL_INPUT_ELECTIONS]),
            "",
            *sections,
            "#### Forecasts from the same inputs (90% intervals of GB seats; real total in "
            "brackets, OUT when outside; seats given 70-80% and the share won; error scales "
            "national/regional/seat)",
            "",
            table(forecasts, forecast_columns),
            "",
        ]
    )
