"""Partial-pooling model of the change in vote share, from a sample of seats to every seat.

One model serves both the results-night nowcast (the sample is the declared seats) and the exit
poll (the sample is the polled seats). For every party ``p`` and Great Britain seat ``i``, the
change in share since the base election is

.. math::

    y_{ip} = \\alpha_p + \\rho_{r(i)p} + z_i^\\top \\beta_p + \\varepsilon_{ip},

with a free national intercept :math:`\\alpha_p`, a region effect :math:`\\rho_{rp}` whose prior
is :math:`N(0, \\sigma^2 / \\lambda_r)` (a region with few sampled seats is pulled towards the
Great Britain mean) and seat-type slopes :math:`\\beta_p` on standardised seat characteristics
(own base share, Leave share, incumbent, challenger, past margin) whose prior is
:math:`N(0, \\sigma^2 / \\lambda_b)`: with few seats the prediction is the regional mean swing,
and the seat-type terms grow only as the sample shows them. The posterior mean is a ridge
regression (Hoerl & Kennard 1970; Gelman et al. 2013, *Bayesian Data Analysis*, 14.8 and 15.1,
hierarchical linear models). Its prediction variance,
:math:`\\hat\\sigma^2 (1 + h_i)`, with leverage :math:`h_i` and the residual variance shrunk
towards a prior value, becomes win probabilities through the multinomial logit of Gumbel errors
(:func:`psephos.forecast.exitpoll.logit_win_probability`), so few sampled seats give wide,
honest probabilities.

Northern Ireland is a block of its own: its parties do not stand in Great Britain, so its seats
move by the mean change of its own sampled seats, shrunk towards none by
``n / (n + outside_prior_seats)`` (the posterior mean of a normal-normal model), with a seat
error sd of ``outside_sd`` plus the block mean's posterior sd; :func:`outside_block_error`
learns both sizes from earlier pairs of elections.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from psephos.errors import PsephosError, unknown_choice
from psephos.forecast.montecarlo import GUMBEL_SCALE_PER_SD
from psephos.projection import core

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Seat characteristics the slopes may use (all known before the count).
SEAT_FEATURES: tuple[str, ...] = (
    "own",  # the party's base share
    "leave",  # the seat's estimated Leave share (centred at 50%)
    "own_leave",  # their product
    "incumbent",  # the party won the seat last time
    "challenger",  # the party came second last time
    "incumbent_margin",  # incumbent x past margin (share lead of the first over the second)
    "challenger_margin",  # challenger x past margin
    "own_squared",  # curvature in the base share (proportional change)
    "anti_con",  # the party is the best-placed challenger where the Conservatives won
    "con_share",  # the Conservatives' base share (the tactical situation)
)
#: Every feature name a setting may use: :data:`SEAT_FEATURES`, ``situation`` (one column
#: per common (winner, runner-up) pair of the base: the kind of contest, not one number) and
#: ``sites`` (the consolidation behind the tactical-voting sites' picks, published before
#: polling day: :func:`sites_matrix`; no column where none are given).
KNOWN_FEATURES: tuple[str, ...] = (*SEAT_FEATURES, "situation", "sites")
#: The full set and the contest (winner, runner-up) columns.
SITUATION_FEATURES: tuple[str, ...] = (*SEAT_FEATURES, "situation")
#: Fewest Great Britain seats a (winner, runner-up) pair needs for a ``situation`` column of
#: its own; rarer pairs share the reference level.
SITUATION_MIN_SEATS = 15
#: Column of the Conservatives in the vocabulary (the tactical-situation terms).
CON = "Con"
#: The smaller feature set: base share, Leave, incumbent and challenger.
BASIC_FEATURES: tuple[str, ...] = ("own", "leave", "own_leave", "incumbent", "challenger")
#: The features that need each fact a country may not have: the seat's Leave share (bundled
#: for the UK only, from its demographics table) and a party coded ``Con`` (the tactical
#: situation terms; Canada's Conservatives are ``CPC``, another party whose place in the
#: tactical terms was never measured). :meth:`SeatFrame.usable` drops them where the frame
#: has no such fact, the one rule behind a nowcast of a country without them.
NEEDS_LEAVE: tuple[str, ...] = ("leave", "own_leave")
NEEDS_CON: tuple[str, ...] = ("anti_con", "con_share")


@dataclass(frozen=True, slots=True)
class PoolingSettings:
    """Prior strengths and error model of :func:`fit_changes` (a frozen settings object).

    Attributes:
        region_strength: prior weight, in seats, that pulls each region's mean change towards
            the Great Britain mean (0: plain regional means).
        slope_strength: prior weight, in seats, that pulls each standardised seat-type slope
            towards 0, i.e. towards the regional mean swing.
        features: names from :data:`KNOWN_FEATURES`.
        error_sd: prior sd (in share) of a seat's change about the model.
        error_prior_seats: weight, in seats, of ``error_sd`` against the sample's residuals.
        leverage_cap: largest leverage added to the prediction variance (parameter
            uncertainty; keeps a one-seat region from flattening every probability).
        outside_prior_seats: Northern Ireland's mean change is shrunk by ``n / (n + this)``.
        outside_sd: error sd (share) of Northern Ireland's win probabilities.
        sample_sd: measurement sd (share) of a sampled seat's observed shares (0: the sample
            is the result; an exit poll's polling-station estimate is not).
        interval_scale: multiplier of the shared errors' sd (the coefficients' posterior and
            the outside block's mean) in :meth:`ChangeModel.simulate_seats`: the declared seats
            are not a random sample, so the posterior alone is too sure; chosen on earlier
            nights (:func:`psephos.forecast.nowcast.choose_interval_scale`).
        baseline_weight: weight of plain regional mean swing of the sample
            (:func:`regional_mean_swing`, its favourites) in the stacked seat probabilities
            (:func:`stack_with_baseline`): 0 is the model alone; learned on earlier nights
            (:func:`psephos.forecast.nowcast.choose_baseline_weight`).
        national_prior_seats: prior weight, in seats, of the pre-night forecast's national
            change (the prior mean of each party's intercept, given to :meth:`ChangeModel.fit`
            as ``prior_change``): the intercept's prior sd is ``error_sd / sqrt(this)``, so
            before the first declaration the shared national error is the forecast's, and
            it narrows as declared seats outweigh it. 0: a flat prior (the declared seats
            alone decide the national change).
    """

    region_strength: float = 3.0
    slope_strength: float = 30.0
    features: tuple[str, ...] = BASIC_FEATURES
    error_sd: float = 0.03
    error_prior_seats: float = 10.0
    leverage_cap: float = 1.0
    outside_prior_seats: float = 2.0
    outside_sd: float = 0.04
    sample_sd: float = 0.0
    interval_scale: float = 1.0
    baseline_weight: float = 0.0
    national_prior_seats: float = 0.0

    def __post_init__(self) -> None:
        unknown = [f for f in self.features if f not in KNOWN_FEATURES]
        if unknown:
            raise PsephosError(unknown_choice("seat feature", unknown[0], KNOWN_FEATURES))
        for name in (
            "region_strength",
            "slope_strength",
            "error_sd",
            "error_prior_seats",
            "interval_scale",
            "national_prior_seats",
        ):
            if not getattr(self, name) >= 0:
                raise PsephosError(f"{name} must be a non-negative number.")
        if not 0.0 <= self.baseline_weight <= 1.0:
            raise PsephosError(
                f"baseline_weight must lie between 0 and 1, got {self.baseline_weight!r}."
            )


@dataclass(frozen=True, slots=True)
class SeatFrame:
    """What the pooling model needs about the seats, all known before the count.

    ``leave`` is ``None`` where the country has no Leave estimate (every country but the UK)
    and ``con`` ``None`` where it has no party coded ``Con``: the features that need them are
    then left out of every design (:meth:`usable`)."""

    base_shares: FloatArray  # (n_seats, n_parties)
    standing: BoolArray  # (n_seats, n_parties) who stands now
    leave: FloatArray | None  # (n_seats,) Leave share, a fraction; None: not known
    regions: npt.NDArray[np.str_]
    outside: BoolArray  # seats in their own block (Northern Ireland)
    con: int | None = 0  # column of the Conservatives (tactical-situation terms); None: none
    # (n_seats, n_parties) share of the tactical-voting sites recommending each party, known
    # before polling day (:func:`psephos.projection.national.site_recommendations`); None: none
    recommended: FloatArray | None = None

    def usable(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The features of ``names`` this frame can fill, in their order: without
        :attr:`leave` none of :data:`NEEDS_LEAVE`, without :attr:`con` none of
        :data:`NEEDS_CON` (the model is then the one fitted without them)."""
        missing = (NEEDS_LEAVE if self.leave is None else ()) + (
            NEEDS_CON if self.con is None else ()
        )
        return tuple(name for name in names if name not in missing)

    @property
    def region_matrix(self) -> FloatArray:
        """One-hot columns of the modelled (Great Britain) regions."""
        names = sorted({str(r) for r, o in zip(self.regions, self.outside, strict=True) if not o})
        return np.column_stack([(self.regions == name).astype(np.float64) for name in names])


def feature_matrix(
    frame: SeatFrame, party: int, names: tuple[str, ...], con: int | None = 0
) -> FloatArray:
    """Seat-type columns (unstandardised) for one party's change, every seat (``con``: the
    Conservatives' column, for the tactical-situation terms).

    Raises:
        PsephosError: a feature the frame cannot fill (:meth:`SeatFrame.usable` drops them).
    """
    shares = frame.base_shares
    order = np.argsort(-shares, axis=1, kind="stable")
    rows = np.arange(len(shares))
    margin = shares[rows, order[:, 0]] - shares[rows, order[:, 1]]
    own = shares[:, party]
    incumbent = (order[:, 0] == party).astype(np.float64)
    challenger = (order[:, 1] == party).astype(np.float64)
    columns = {
        "own": own,
        "incumbent": incumbent,
        "challenger": challenger,
        "incumbent_margin": incumbent * margin,
        "challenger_margin": challenger * margin,
        "own_squared": own**2,
    }
    if frame.leave is not None:
        leave = frame.leave - 0.5
        columns |= {"leave": leave, "own_leave": own * leave}
    if con is not None:
        columns |= {"anti_con": _anti_con(shares, order, party, con), "con_share": shares[:, con]}
    if not names:
        return np.zeros((len(shares), 0))
    cannot = [name for name in names if name not in (*columns, "situation", "sites")]
    if cannot:
        raise PsephosError(f"The seats have no data for the seat feature {cannot[0]!r}.")

    def block(name: str) -> FloatArray:
        if name == "situation":
            return situation_matrix(order, frame.outside)
        if name == "sites":
            return sites_matrix(frame, party)
        return columns[name][:, None]

    return np.column_stack([block(name) for name in names])


def sites_matrix(frame: SeatFrame, party: int) -> FloatArray:
    """The consolidation behind the tactical-voting sites' picks for ``party`` in each seat,
    one column: the projection's own term (:func:`psephos.projection.national.consolidation_flows`
    on the base shares, the vote the party would gain or lose if every bloc voter followed the
    sites); no column where no recommendations are given, so the model is then exactly the one
    without the feature."""
    if frame.recommended is None:
        return np.zeros((len(frame.base_shares), 0))
    from psephos.projection.national import consolidation_flows

    return consolidation_flows(frame.base_shares, frame.recommended)[:, party][:, None]


def situation_matrix(order: IntArray, outside: BoolArray) -> FloatArray:
    """One-hot columns of the base's (winner, runner-up) pair, one per pair held by at least
    :data:`SITUATION_MIN_SEATS` Great Britain seats (the commonest is the reference level, so
    the columns are not collinear with the intercept): the kind of contest a seat was, e.g.
    Con-Lab against Con-LD, whose changes differ when voters vote tactically."""
    pair = order[:, 0] * (order.max() + 1) + order[:, 1]
    values, counts = np.unique(pair[~outside], return_counts=True)
    common = values[counts >= SITUATION_MIN_SEATS]
    reference = values[np.argmax(counts)] if len(values) else -1
    kept = [v for v in common if v != reference]
    if not kept:
        return np.zeros((len(order), 0))
    return np.column_stack([(pair == v).astype(np.float64) for v in kept])


def _anti_con(shares: FloatArray, order: IntArray, party: int, con: int) -> FloatArray:
    """1 where the Conservatives won and ``party`` had the highest share of the rest."""
    others = shares.copy()
    others[:, con] = -1.0
    best = (others.argmax(axis=1) == party) & (party != con)
    return (best & (order[:, 0] == con)).astype(np.float64)


@dataclass(frozen=True, slots=True)
class ChangeFit:
    """Predicted shares of every seat and the sd of each prediction."""

    shares: FloatArray  # (n_seats, n_parties), rows sum to 1
    seat_sd: FloatArray  # (n_seats,) error sd of the two leading parties' shares
    residual_sd: FloatArray  # (n_parties,) posterior residual sd per party
    slopes: dict[int, FloatArray]  # party column -> standardised seat-type slopes
    # party column -> posterior mean and covariance of all its coefficients
    posterior: dict[int, tuple[FloatArray, FloatArray]] = field(default_factory=dict)
    # posterior sd of the outside block's (Northern Ireland's) shared change, per party
    outside_mean_sd: float = 0.0


@dataclass(frozen=True, slots=True)
class PartyDesign:
    """One party's design: the modelled seats where it stands, their standardised columns
    (intercept, regions, seat types) and the prior precision of each column."""

    party: int
    targets: IntArray  # seat indices
    design: FloatArray  # (len(targets), n_columns)
    penalty: FloatArray  # (n_columns,)
    n_fixed: int  # columns before the seat-type slopes (intercept + regions)


def party_designs(frame: SeatFrame, settings: PoolingSettings) -> list[PartyDesign]:
    """Every party's design (computed once per set of seats and settings)."""
    regions = frame.region_matrix
    out = []
    for party in range(frame.base_shares.shape[1]):
        targets = np.flatnonzero(~frame.outside & frame.standing[:, party])
        if not len(targets):
            continue
        raw = feature_matrix(frame, party, frame.usable(settings.features), frame.con)[targets]
        spread = raw.std(axis=0)
        spread = np.where(spread > 1e-9, spread, 1.0)
        design = np.column_stack(
            [np.ones(len(targets)), regions[targets], (raw - raw.mean(axis=0)) / spread]
        )
        penalty = np.r_[
            1e-6,  # flat: a prior national change sets its own weight (ChangeModel.fit)
            np.full(regions.shape[1], settings.region_strength),
            np.full(raw.shape[1], settings.slope_strength),
        ]
        out.append(PartyDesign(party, targets, design, penalty, 1 + regions.shape[1]))
    return out


def _party_fit(
    design: PartyDesign,
    fit_rows: BoolArray,
    change: FloatArray,
    settings: PoolingSettings,
    prior_mean: FloatArray,
    penalty: FloatArray,
) -> tuple[FloatArray, FloatArray, float, FloatArray, FloatArray]:
    """Posterior mean change and leverage at the party's seats, residual variance,
    coefficients and ``(D'D + R)^-1`` (a ridge solve with prior precisions ``penalty``,
    shrunk towards ``prior_mean``)."""
    fitted = design.design[fit_rows]
    precision = fitted.T @ fitted + np.diag(penalty)
    try:
        inverse = np.asarray(np.linalg.inv(precision), dtype=np.float64)
    except np.linalg.LinAlgError:  # pragma: no cover - the penalties keep it positive definite
        inverse = np.asarray(np.linalg.pinv(precision), dtype=np.float64)
    coef = inverse @ (fitted.T @ change + penalty * prior_mean)
    leverage = ((design.design @ inverse) * design.design).sum(axis=1)
    prior_ss = settings.error_prior_seats * settings.error_sd**2
    if len(change):
        hat = leverage[fit_rows]
        loo = (change - fitted @ coef) / np.clip(1.0 - hat, 0.05, None)
        variance = (prior_ss + float(np.sum(loo**2))) / (settings.error_prior_seats + len(loo))
    else:
        variance = settings.error_sd**2
    return design.design @ coef, leverage, variance, coef, inverse


class ChangeModel:
    """The partial-pooling model prepared for one set of seats and settings: the designs are
    built once, so refitting after every declaration is a few small ridge solves.

    Args:
        frame: the seats (base shares, who stands, Leave, regions, the outside block).
        settings: prior strengths and error model.
    """

    def __init__(self, frame: SeatFrame, settings: PoolingSettings) -> None:
        self.frame = frame
        self.settings = settings
        self.designs = party_designs(frame, settings)

    def fit(
        self,
        sample: npt.ArrayLike,
        observed: FloatArray,
        *,
        prior_slopes: Mapping[int, FloatArray] | None = None,
        prior_change: Mapping[int, float] | None = None,
    ) -> ChangeFit:
        """Fit on the sampled seats and predict every seat (see :func:`fit_changes`)."""
        frame, settings = self.frame, self.settings
        sample_index = np.asarray(sample, dtype=np.int64)
        base = frame.base_shares
        in_sample = np.zeros(len(base), dtype=bool)
        in_sample[sample_index] = True
        now = np.zeros_like(base)
        now[sample_index] = observed
        predicted = np.where(frame.standing, base, 0.0)
        variance = np.zeros_like(base)
        residual_sd = np.full(base.shape[1], settings.error_sd)
        slopes: dict[int, FloatArray] = {}
        posterior: dict[int, tuple[FloatArray, FloatArray]] = {}
        for design in self.designs:
            party, targets = design.party, design.targets
            fit_rows = in_sample[targets]
            seen = targets[fit_rows]
            prior_mean = np.zeros(design.design.shape[1])
            if prior_slopes is not None and party in prior_slopes:
                prior_mean[design.n_fixed :] = prior_slopes[party]
            penalty = design.penalty
            if settings.national_prior_seats > 0 and prior_change and party in prior_change:
                penalty = penalty.copy()
                penalty[0] = settings.national_prior_seats
                prior_mean[0] = prior_change[party]
            mean, leverage, party_variance, coef, inverse = _party_fit(
                design,
                fit_rows,
                now[seen, party] - base[seen, party],
                settings,
                prior_mean,
                penalty,
            )
            slopes[party] = coef[design.n_fixed :]
            posterior[party] = (coef, party_variance * inverse)
            predicted[targets, party] = np.clip(base[targets, party] + mean, 0.002, None)
            variance[targets, party] = party_variance * (
                1.0 + np.minimum(leverage, settings.leverage_cap)
            )
            residual_sd[party] = np.sqrt(party_variance)
        _move_outside_block(frame, predicted, in_sample, now, settings)
        predicted = np.where(frame.standing | in_sample[:, None], predicted, 0.0)
        predicted /= np.maximum(predicted.sum(axis=1, keepdims=True), 1e-12)
        _measure_sample(predicted, variance, sample_index, observed, settings.sample_sd)
        seat_sd = _leading_sd(predicted, variance)
        outside_mean_sd = _outside_mean_sd(frame, in_sample, settings)
        seat_sd[frame.outside] = np.hypot(settings.outside_sd, outside_mean_sd)
        if settings.sample_sd <= 0:
            seat_sd[sample_index] = 0.0
        return ChangeFit(
            shares=predicted,
            seat_sd=seat_sd,
            residual_sd=residual_sd,
            slopes=slopes,
            posterior=posterior,
            outside_mean_sd=outside_mean_sd,
        )

    def simulate_seats(
        self,
        fit: ChangeFit,
        fixed: Mapping[int, int],
        n_sims: int = 400,
        *,
        seed: int | np.random.Generator = 0,
    ) -> IntArray:
        """Seat totals of ``n_sims`` draws from the posterior predictive (``n_sims x
        n_parties``): each party's coefficients drawn from their posterior (so the national
        and regional errors are shared by every seat), plus an independent seat error of the
        party's residual sd; the outside block gets its predicted shares plus errors of sd
        ``outside_sd``. Seats in ``fixed`` (seat -> party column: declared) are not drawn.
        """
        rng = np.random.default_rng(seed)
        frame = self.frame
        base = frame.base_shares
        n_seats, n_parties = base.shape
        draws = np.broadcast_to(fit.shares, (n_sims, n_seats, n_parties)).copy()
        scale = self.settings.interval_scale
        for design in self.designs:
            coef, covariance = fit.posterior[design.party]
            theta = rng.multivariate_normal(
                coef, covariance * scale**2, size=n_sims, method="cholesky"
            )
            change = theta @ design.design.T  # (n_sims, n_targets)
            noise = rng.normal(0.0, fit.residual_sd[design.party], change.shape)
            draws[:, design.targets, design.party] = np.clip(
                base[design.targets, design.party] + change + noise, 0.002, None
            )
        outside = np.flatnonzero(frame.outside)
        if len(outside):
            block = draws[:, outside, :]
            shared = rng.normal(0.0, fit.outside_mean_sd * scale, (n_sims, 1, n_parties))
            jitter = rng.normal(0.0, self.settings.outside_sd, block.shape)
            draws[:, outside, :] = np.where(block > 0, block + shared + jitter, 0.0)
        draws = np.where(frame.standing[None, :, :], draws, -np.inf)
        winners = draws.argmax(axis=2)
        for seat, party in fixed.items():
            winners[:, seat] = party
        counts: IntArray = np.zeros((n_sims, n_parties), dtype=np.int64)
        rows = np.repeat(np.arange(n_sims), n_seats)
        np.add.at(counts, (rows, winners.ravel()), 1)
        return counts


def outside_block_error(
    pairs: Sequence[tuple[FloatArray, FloatArray]], min_seats: int = 5
) -> tuple[float, float] | None:
    """Northern Ireland's error model learned on earlier pairs of elections.

    Args:
        pairs: for each earlier pair, the outside block's base and later shares (seats x
            parties).
        min_seats: parties standing (in the later election) in fewer of the block's seats are
            left out.

    Returns:
        ``(outside_sd, outside_prior_seats)``: the root mean square of the seats' changes about
        their party's block mean change, and that variance over the mean square of the block
        mean changes (the prior weight, in seats, of "no shared change" in the normal-normal
        model of :func:`_outside_mean_sd`); ``None`` without a usable pair.
    """
    residuals: list[FloatArray] = []
    means: list[float] = []
    for before, after in pairs:
        stood = after > 0  # who stands is known from nominations: the error is where one does
        change = after - before
        for party in range(change.shape[1]):
            rows = stood[:, party]
            if rows.sum() < min_seats:
                continue
            mean = float(change[rows, party].mean())
            means.append(mean)
            residuals.append(change[rows, party] - mean)
    if not means:
        return None
    seat_variance = float(np.mean(np.concatenate(residuals) ** 2))
    mean_variance = max(float(np.mean(np.square(means))), 1e-6)
    return float(np.sqrt(seat_variance)), seat_variance / mean_variance


def _outside_mean_sd(frame: SeatFrame, in_sample: BoolArray, settings: PoolingSettings) -> float:
    """Posterior sd of the outside block's shared change: with seat changes of sd
    ``outside_sd`` about a block mean whose prior is worth ``outside_prior_seats`` seats, the
    mean's posterior variance after ``n`` sampled block seats is ``outside_sd^2 / (n + prior)``
    (the normal-normal model whose posterior mean is the ``n / (n + prior)`` shrinkage of
    :func:`_move_outside_block`)."""
    if not frame.outside.any():
        return 0.0
    n_seen = int(np.count_nonzero(frame.outside & in_sample))
    prior = max(settings.outside_prior_seats, 1e-9)
    return float(settings.outside_sd / np.sqrt(n_seen + prior))


def _move_outside_block(
    frame: SeatFrame,
    predicted: FloatArray,
    in_sample: BoolArray,
    now: FloatArray,
    settings: PoolingSettings,
) -> None:
    """Move the outside block (Northern Ireland) in place by a uniform swing
    (:func:`psephos.projection.core.uniform_change`): each party's mean change over its own
    sampled seats where it stands now (who stands is known; a seat it left says nothing about
    its change), shrunk by ``n_p / (n_p + outside_prior_seats)``. A sampled seat keeps every
    party (its observation decides)."""
    seen = np.flatnonzero(frame.outside & in_sample)
    if not len(seen):
        return
    base = frame.base_shares
    stands = now[seen] > 0
    n_party = stands.sum(axis=0)
    change = np.where(stands, now[seen] - base[seen], 0.0).sum(axis=0)
    shift = change / (n_party + settings.outside_prior_seats)  # = shrink * mean change
    outside = frame.outside
    stood = frame.standing[outside] | in_sample[outside, None]
    predicted[outside] = core.uniform_change(base[outside], stood, shift)


def _measure_sample(
    predicted: FloatArray,
    variance: FloatArray,
    sample: IntArray,
    observed: FloatArray,
    sample_sd: float,
) -> None:
    """Sampled seats, in place: their observation when it is exact (``sample_sd`` 0), else
    the precision-weighted mix of observation and model, with the posterior variance."""
    if not len(sample):
        return
    if sample_sd <= 0:
        predicted[sample] = observed
        variance[sample] = 0.0
        return
    model_variance = variance[sample]
    weight = model_variance / (model_variance + sample_sd**2)
    mixed = weight * observed + (1.0 - weight) * predicted[sample]
    predicted[sample] = mixed / np.maximum(mixed.sum(axis=1, keepdims=True), 1e-12)
    variance[sample] = model_variance * sample_sd**2 / (model_variance + sample_sd**2)


def fit_changes(
    frame: SeatFrame,
    sample: npt.ArrayLike,
    observed: FloatArray,
    settings: PoolingSettings,
    *,
    prior_slopes: Mapping[int, FloatArray] | None = None,
    prior_change: Mapping[int, float] | None = None,
) -> ChangeFit:
    """Fit the partial-pooling model on the sampled seats and predict every seat.

    Args:
        frame: the seats (base shares, who stands, Leave, regions, the outside block).
        sample: indices of the sampled seats.
        observed: their shares now, ``(len(sample), n_parties)``.
        settings: prior strengths and error model.
        prior_slopes: party column -> prior mean of its standardised seat-type slopes
            (default 0: shrink towards the regional mean swing); :func:`pair_slopes` gives
            the slopes of an earlier pair of elections.
        prior_change: party column -> prior mean of its national change in share where it
            stands (the pre-night forecast's), weighted by ``settings.national_prior_seats``;
            a party left out, or a weight of 0, has a flat prior.

    Returns:
        Predicted shares (sampled seats: their observation, or a precision-weighted mix of
        observation and model when ``settings.sample_sd > 0``) and prediction sds.
    """
    return ChangeModel(frame, settings).fit(
        sample, observed, prior_slopes=prior_slopes, prior_change=prior_change
    )


def _leading_sd(shares: FloatArray, variance: FloatArray) -> FloatArray:
    """Root mean prediction variance of each seat's two leading parties."""
    lead = np.argsort(-shares, axis=1)[:, :2]
    out: FloatArray = np.sqrt(np.take_along_axis(variance, lead, axis=1).mean(axis=1))
    return out


def win_probability(shares: FloatArray, seat_sd: FloatArray) -> FloatArray:
    """Win probabilities when every party's share has an independent Gumbel error of sd
    ``seat_sd`` (per seat): the multinomial logit ``softmax(shares / beta)``; a seat with sd
    0 goes to its leader for certain."""
    sd = np.asarray(seat_sd, dtype=np.float64)
    certain = sd <= 0
    beta = np.maximum(sd * GUMBEL_SCALE_PER_SD, 1e-6)
    scores = np.where(shares > 0, shares / beta[:, None], -np.inf)
    scores -= scores.max(axis=1, keepdims=True)
    weights = np.exp(scores)
    probability: FloatArray = weights / weights.sum(axis=1, keepdims=True)
    if certain.any():
        probability[certain] = 0.0
        probability[np.flatnonzero(certain), np.argmax(shares[certain], axis=1)] = 1.0
    return probability


def regional_mean_swing(frame: SeatFrame, sample: IntArray, observed: FloatArray) -> FloatArray:
    """The plain baseline: every seat moves by the mean change of its region's sampled seats.

    A Great Britain region with none takes the mean change of every sampled Great Britain
    seat; Northern Ireland with none keeps its base. Sampled seats keep their observation.
    The swing itself is the projection engine's additive rule
    (:func:`psephos.projection.core.uniform_swing`, Butler & Stokes 1969), one area per region.
    Returns seats x parties shares.
    """
    base = frame.base_shares
    in_sample = np.zeros(len(base), dtype=bool)
    in_sample[sample] = True
    now = np.zeros_like(base)
    now[sample] = observed
    names = sorted({str(r) for r in frame.regions})
    frozen = len(names)  # the engine's last area row: no change
    group = np.full(len(base), frozen, dtype=np.int64)
    before = np.ones((frozen + 1, base.shape[1]))
    after = np.ones((frozen + 1, base.shape[1]))
    sampled_gb = in_sample & ~frame.outside
    for row, name in enumerate(names):
        members = frame.regions == name
        seen = members & in_sample
        if not seen.any() and not frame.outside[members].all():
            seen = sampled_gb  # no declared seat in the region: the GB mean change
        if seen.any():
            group[members] = row
            before[row], after[row] = base[seen].mean(axis=0), now[seen].mean(axis=0)
    projected = core.uniform_swing(base.copy(), frame.standing, group, before, after)
    projected[sample] = observed
    return projected


def baseline_winners(frame: SeatFrame, sample: IntArray, observed: FloatArray) -> IntArray:
    """The favourite of every seat under :func:`regional_mean_swing` of the sampled seats
    (largest projected share; a sampled seat's largest observed share)."""
    shares = regional_mean_swing(frame, sample, observed)
    winners: IntArray = np.argmax(shares, axis=1).astype(np.int64)
    return winners


def stack_with_baseline(
    probability: FloatArray, winners: IntArray, baseline_weight: float
) -> FloatArray:
    """Stacked seat probabilities: the mixture ``(1 - w) P + w B`` of the model's win
    probabilities ``P`` and the baseline's point forecast ``B`` (its favourite, ``winners``,
    with probability 1), ``w = baseline_weight``. A mixture of two predictive distributions
    (stacking, Wolpert 1992; Yao, Vehtari, Simpson & Gelman 2018, *Bayesian Analysis* 13),
    so its seat totals are the same mixture of the two methods' totals (Bates & Granger 1969
    combination of forecasts)."""
    if baseline_weight <= 0:
        return probability
    stacked = (1.0 - baseline_weight) * probability
    stacked[np.arange(len(winners)), winners] += baseline_weight
    return stacked


def bates_granger_weight(model_errors: FloatArray, baseline_errors: FloatArray) -> float:
    """Weight of the baseline in the combination of two forecasts by inverse mean squared
    error (Bates & Granger 1969, *Operational Research Quarterly* 20, their variance-only
    weight, which ignores the errors' covariance: the robust choice when few errors are
    known): ``MSE_model / (MSE_model + MSE_baseline)``; 0 without errors."""
    model = float(np.mean(np.square(model_errors))) if np.size(model_errors) else 0.0
    baseline = float(np.mean(np.square(baseline_errors))) if np.size(baseline_errors) else 0.0
    if model + baseline <= 0:
        return 0.0
    return model / (model + baseline)
