"""Exit-poll estimator: from changes observed at a sample of places to seats.

The method follows Curtice & Firth (2008), "Exit polling in a cold climate: the BBC-ITV
experience in Britain in 2005", *Journal of the Royal Statistical Society A* 171(3): 509-539,
and Curtice, Fisher & Kuha (2011), "Confounding the commentators: how the 2010 exit poll got it
(more or less) right", *Journal of Elections, Public Opinion and Parties* 21(2).

For each party, the change in its vote share between the base election and now, observed at the
sampled places (here: whole seats), is regressed on seat characteristics known before the count:

* the party's own base share, whether it stood last time;
* who was first and second last time (the party's own position, which party was best placed to
  beat the Conservatives: the tactical situation);
* the seat's Leave share (Hanretty's estimates, bundled ``demographics``) and its nation.

The regression is ridge-penalised, with the penalty chosen by leave-one-out cross-validation on
the sample itself (closed form through the hat matrix; Hastie, Tibshirani & Friedman 2009, 7.10),
so a small sample shrinks towards uniform change. Every seat's shares are predicted, and the
prediction error (the leave-one-out residual spread) turns shares into win probabilities with
the closed-form multinomial logit of Gumbel errors; expected seats are the sums of the
probabilities, as in the broadcasters' exit poll.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.bounds import Bound
from psephos.errors import DataFormatError, PsephosError, unknown_choice
from psephos.forecast.intervals import INTERVAL_LEVEL, seat_total_intervals
from psephos.forecast.montecarlo import GUMBEL_SCALE_PER_SD
from psephos.forecast.pooling import (
    SEAT_FEATURES,
    PoolingSettings,
    SeatFrame,
    fit_changes,
    win_probability,
)
from psephos.jurisdictions import EXIT_POLL, UK, for_election_id, of, require
from psephos.model import Election, night_label
from psephos.numbers import counted, first_listed, format_number, listed, rounded, whole_seats
from psephos.projection import core

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Ridge penalties tried by leave-one-out cross-validation (per standardised feature, per seat).
RIDGE_GRID: tuple[float, ...] = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
#: Feature sets: ``plain`` (own share, Leave, nation) and ``tactical`` (adds the situation).
FEATURE_SETS: tuple[str, ...] = ("plain", "tactical", "regional")
#: Error scale (sd / sqrt(s(1-s))) used for a party with too few sampled seats to estimate it.
DEFAULT_ERROR_SCALE = 0.1
#: Fewest sampled seats an exit poll is estimated from (the emulator's smallest sample, and an
#: uploaded sample's): the change is measured across them.
MIN_SAMPLE_SEATS = 2
#: Fewest sampled seats an exit poll's seat intervals are measured from: two halves of
#: :data:`MIN_SAMPLE_SEATS` to refit the estimate on (:func:`shared_seat_deviations`). A
#: smaller sample gives its expected seats without a range (:func:`no_interval_note`).
MIN_INTERVAL_SEATS = 2 * MIN_SAMPLE_SEATS
#: A seat counts as a likely one for its favourite at or above this win probability.
LIKELY = 0.9
#: The party table's columns of seats it is the favourite in, and of those it leads with at
#: least :data:`LIKELY`, as a person reads the names (they were ``favourite_in`` and ``likely``).
FAVOURITE_COLUMN = "favourite_seats"
LIKELY_COLUMN = f"favourite_{format_number(LIKELY, '.0%')}_seats".replace("%", "pct")
#: Expected seats from which a party has a row in the party table (:meth:`ExitPollEstimate.
#: party_rows`), shown as 0.1 at one decimal; a party with fewer has one only if it has a whole
#: seat, is the favourite somewhere or won seats at the base.
SHOWN_FROM_SEATS = 0.05


def sample_seats(election: Election) -> Bound:
    """The sizes an emulated exit poll's sample of ``election``'s seats may have: from
    :data:`MIN_SAMPLE_SEATS` to the seats of its country's main area, the seats a sample is
    drawn from (:meth:`psephos.jurisdictions.base.Jurisdiction.main_area_mask`: Great
    Britain's 632 for the UK, every riding for Canada). The one bound of ``psephos exitpoll
    emulate --k``, the exit-poll page's sample size and :func:`emulate`.
    """
    country = of(election)
    return Bound(
        MIN_SAMPLE_SEATS,
        int(country.main_area_mask(election).sum()),
        why=f"the seats of {country.poll_area} a sample is drawn from",
    )


def check_sample_size(election: Election, sample_size: int) -> None:
    """Refuse a sample of ``sample_size`` of ``election``'s seats outside :func:`sample_seats`.

    Raises:
        PsephosError: "sample size 700 is out of range; use a value from 2 to 632 (...)".
    """
    problem = sample_seats(election).check(sample_size)
    if problem is not None:
        raise PsephosError(f"sample size {problem}.")


@cache
def leave_share(boundary_set: str) -> dict[str, float]:
    """Estimated Leave share per seat code for a boundary set (bundled UK demographics)."""
    demographics = UK.table("demographics")
    rows = demographics[demographics["boundary_set"] == boundary_set]
    return dict(zip(rows["code"], rows["leave"].astype(float), strict=True))


def election_pair(election_id: str) -> tuple[Election, Election]:
    """A bundled election and the one before it on the same boundaries (its jurisdiction's).

    Raises:
        UnknownElectionError: an election that is not bundled.
        PsephosError: one without an earlier election on the same boundaries.
    """
    jurisdiction, key = for_election_id(election_id)
    previous = jurisdiction.previous_ids
    if key not in previous:
        raise PsephosError(
            f"{election_id!r} has no earlier bundled election on its boundaries to measure its "
            f"change from; choose one that has: {listed(list(previous))}."
        )
    return jurisdiction.load(key), jurisdiction.load(previous[key])


def leave_vector(election: Election, *, fill_missing: bool = True) -> FloatArray:
    """Estimated Leave share (a fraction) of every seat of an election, in seat order.

    A seat without an estimate gets the mean of the others, or NaN with
    ``fill_missing=False``.
    """
    boundary = str(election.meta.get("boundary_set") or election.constituencies[0].boundary_set)
    lookup = leave_share(boundary)
    values = np.array([lookup.get(code, np.nan) for code in election.codes], dtype=np.float64)
    if fill_missing and np.any(np.isnan(values)):
        values = np.where(np.isnan(values), np.nanmean(values), values)
    return values / 100.0 if np.nanmax(values) > 1.5 else values


@dataclass(frozen=True, slots=True)
class SeatCharacteristics:
    """Everything about the seats that is known before the count."""

    base_shares: FloatArray  # (n_seats, n_parties)
    standing: BoolArray  # (n_seats, n_parties) candidates now
    leave: FloatArray  # (n_seats,)
    nations: npt.NDArray[np.str_]
    gb: BoolArray  # (n_seats,) Great Britain (:attr:`Election.gb_mask`)
    first: IntArray
    second: IntArray
    best_anti_con: IntArray  # the non-Conservative party with the highest base share
    con_index: int
    regions: npt.NDArray[np.str_] | None = None
    # the nations with a feature of their own: where a nation-only party stands (the country's
    # :attr:`~psephos.jurisdictions.Jurisdiction.own_party_nations`, Scotland and Wales)
    own_party_nations: tuple[str, ...] = ()
    # the regions with a feature of their own in the ``regional`` set: those of the nations of
    # several regions (England's nine), sorted (:attr:`Election.whole_nation_regions` are not)
    split_regions: tuple[str, ...] = ()
    # (n_seats, n_parties) share of the tactical-voting sites recommending each party, published
    # before polling day (:func:`psephos.projection.national.site_recommendations`); None: none
    recommended: FloatArray | None = None
    # the seats' squared distances, computed on first use (:meth:`nearness`)
    _nearness: FloatArray | None = field(default=None, init=False, repr=False, compare=False)
    # each party's design matrix, built on first use (:meth:`features`)
    _features: dict[tuple[int, str, bool, bool], FloatArray] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def nearness(self) -> FloatArray:
        """Squared Euclidean distance between every two seats' base-share vectors (all
        parties), plus 1 for a different nation (Scotland, Wales, England: each nation of
        :attr:`own_party_nations` apart from the rest): the nearness of
        :func:`local_correction`, computed once per set of characteristics (seats x seats),
        since an estimate and every refit of its interval ask for it again."""
        if self._nearness is None:
            nation = self.nations[:, None] == np.array(self.own_party_nations, dtype=str)
            profile = np.column_stack([self.base_shares, nation.astype(np.float64)])
            difference = profile[:, None, :] - profile[None, :, :]
            object.__setattr__(self, "_nearness", np.einsum("ijk,ijk->ij", difference, difference))
        assert self._nearness is not None
        return self._nearness

    @classmethod
    def build(
        cls,
        base: Election,
        standing: npt.ArrayLike | None = None,
        recommended: FloatArray | None = None,
    ) -> SeatCharacteristics:
        """From the base election, who stands now (default: who stood in the base) and the
        tactical-voting sites' recommendations, if any (seats x parties, ``base``'s order)."""
        if recommended is not None and np.shape(recommended) != base.votes.shape:
            raise PsephosError(
                f"recommended must be seats x parties {base.votes.shape}, "
                f"got {np.shape(recommended)}."
            )
        shares = base.shares()
        stand = base.votes > 0 if standing is None else np.asarray(standing, dtype=bool)
        order = np.argsort(-shares, axis=1, kind="stable")
        con = base.parties.index("Con") if "Con" in base.parties else -1
        others = shares.copy()
        if con >= 0:
            others[:, con] = -1.0
        return cls(
            base_shares=shares,
            standing=stand,
            leave=leave_vector(base),
            nations=np.asarray(base.nations),
            gb=base.gb_mask,
            first=order[:, 0],
            second=order[:, 1],
            best_anti_con=others.argmax(axis=1),
            con_index=con,
            regions=np.asarray(base.regions),
            own_party_nations=of(base).own_party_nations,
            split_regions=tuple(
                sorted(set(base.regions.tolist()) - set(base.whole_nation_regions))
            ),
            recommended=None if recommended is None else np.asarray(recommended, dtype=np.float64),
        )

    def seat_types(self, n_types: int = 8) -> list[tuple[int, int]]:
        """The most common (first, second) pairs of the base election: Curtice & Firth's seat
        types (e.g. Con-Lab, Lab-Con, Con-LD)."""
        pairs, counts = np.unique(
            np.stack([self.first, self.second], axis=1), axis=0, return_counts=True
        )
        order = np.argsort(-counts, kind="stable")[:n_types]
        return [(int(pairs[i, 0]), int(pairs[i, 1])) for i in order]

    def features(
        self,
        party: int,
        feature_set: str = "tactical",
        *,
        seat_types: bool = False,
        sites: bool = False,
    ) -> FloatArray:
        """Design matrix (without intercept) for one party's change, every seat (with
        ``seat_types``, dummies for the most common first-second pairs as well; with ``sites``
        and :attr:`recommended` given, the consolidation behind the tactical-voting sites'
        picks). Built once per set of characteristics and read-only, since an estimate, every
        refit of its interval and every draw of an emulation ask for it again."""
        key = (party, feature_set, seat_types, sites)
        cached = self._features.get(key)
        if cached is None:
            cached = self._design(party, feature_set, seat_types=seat_types, sites=sites)
            cached.setflags(write=False)
            self._features[key] = cached
        return cached

    def _design(self, party: int, feature_set: str, *, seat_types: bool, sites: bool) -> FloatArray:
        """:meth:`features`, built."""
        own = self.base_shares[:, party]
        leave = self.leave - 0.5
        columns = [own, leave, *(self.nations == nation for nation in self.own_party_nations)]
        if feature_set in ("tactical", "regional"):
            con_first = self.first == self.con_index
            is_first = self.first == party
            is_second = self.second == party
            best = (self.best_anti_con == party) & (party != self.con_index)
            con_share = (
                self.base_shares[:, self.con_index] if self.con_index >= 0 else np.zeros_like(own)
            )
            columns += [
                own > 0,
                is_first,
                is_second,
                best & con_first,
                best & ~con_first,
                con_share,
                own * leave,
                is_first * own,
            ]
            if seat_types:
                columns += [(self.first == a) & (self.second == b) for a, b in self.seat_types()]
            if feature_set == "regional" and self.regions is not None:
                columns += [self.regions == region for region in self.split_regions[1:]]
            if sites and self.recommended is not None:
                from psephos.projection.national import consolidation_flows

                # the projection's consolidation behind the sites' picks, on the base shares
                columns.append(consolidation_flows(self.base_shares, self.recommended)[:, party])
        elif feature_set != "plain":
            raise PsephosError(unknown_choice("feature set", feature_set, FEATURE_SETS))
        return np.column_stack([np.asarray(c, dtype=np.float64) for c in columns])


#: How the prediction error scale is estimated from leave-one-out residuals: ``rms`` or
#: ``robust`` (1.4826 x median absolute residual, insensitive to a few outlying seats).
SCALE_ESTIMATORS: tuple[str, ...] = ("robust", "rms")
#: How predicted shares become win probabilities: ``logit`` (independent Gumbel errors of the
#: estimated scale) or ``residuals`` (the sample's joint leave-one-out residual vectors added
#: to every seat; :func:`residual_win_probability`).
SEAT_MODELS: tuple[str, ...] = ("logit", "residuals")
#: Scale of the regressed change: ``additive`` (change in share) or ``log`` (change in
#: ``log(share + LOG_OFFSET)``: proportional change, as Curtice & Firth model log-odds).
RESPONSES: tuple[str, ...] = ("additive", "log")


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise PsephosError(unknown_choice(name, value, allowed))


@dataclass(frozen=True, slots=True)
class LinearSettings:
    """Settings of the linear (Curtice-Firth) estimator, :func:`estimate`.

    Attributes:
        feature_set: ``plain``, ``tactical`` or ``regional`` (:data:`FEATURE_SETS`).
        seat_model: ``logit`` or ``residuals`` (:data:`SEAT_MODELS`).
        response: ``additive`` or ``log`` (:data:`RESPONSES`; ``log`` takes no prior).
        scale_estimator: ``robust`` or ``rms`` (:data:`SCALE_ESTIMATORS`).
        seat_types: add dummies for the most common first-second pairs to the features.
        deconvolve: with the residual bootstrap and a measured sample, take the known
            measurement variance (``sample_sd``) out of the bootstrapped residuals
            (:func:`without_measurement`): the other seats are not measured.
        sites: add the consolidation behind the tactical-voting sites' picks (the
            projection's term, :func:`psephos.projection.national.consolidation_flows`, on the
            base shares), with the ``tactical`` or ``regional`` features, where
            recommendations are given (:attr:`SeatCharacteristics.recommended`; without them
            nothing changes).
        local_k: add every seat's ``local_k`` nearest sampled seats' mean residual
            (:func:`local_correction`; 0: none; additive response only) ...
        local_shrink: ... shrunk by ``1 / (1 + local_shrink)``.
        outside_prior_seats: seats outside the modelled area (Northern Ireland) move by the
            mean change of their sampled seats shrunk by ``n / (n + outside_prior_seats)``
            (infinity: they keep their base shares). Kept by the third round's test.
        outside_sd: error sd (share) of their win probabilities; 0: the leader is certain.
        min_sample: fewer sampled seats where a party stands: uniform change only.
        sample_sd: measurement sd (share) of the sampled seats' shares. 0: whole-seat results,
            known exactly, so the sampled seats count as won; above 0: an exit poll's
            polling-station estimate, so :func:`emulate` measures the sample with this error
            and the sampled seats are predicted (their measured shares with the seat model's
            error), not counted as certain.
    """

    feature_set: str = "tactical"
    seat_model: str = "logit"
    response: str = "additive"
    scale_estimator: str = "robust"
    seat_types: bool = False
    sites: bool = False
    deconvolve: bool = False
    local_k: int = 0
    local_shrink: float = 1.0
    outside_prior_seats: float = 5.0
    outside_sd: float = 0.0
    min_sample: int = 8
    sample_sd: float = 0.0

    def __post_init__(self) -> None:
        _check_choice("feature set", self.feature_set, FEATURE_SETS)
        _check_choice("seat model", self.seat_model, SEAT_MODELS)
        _check_choice("response", self.response, RESPONSES)
        _check_choice("scale estimator", self.scale_estimator, SCALE_ESTIMATORS)


@dataclass(frozen=True, slots=True)
class LinearPrior:
    """A prior for the linear estimator: the regression is shrunk towards it (Bayesian linear
    model, :func:`_ridge_prior`) instead of choosing a penalty by cross-validation.

    Attributes:
        strength: ``(intercept, slopes)`` prior weights in seats.
        change: expected change of every party's share at the average seat (e.g. final polls
            minus the base); default no change.
        slopes: party index -> prior means of the standardised slopes (default 0;
            :func:`earlier_slopes` gives the slopes fitted on earlier elections).
    """

    strength: tuple[float, float]
    change: FloatArray | None = None
    slopes: Mapping[int, FloatArray] | None = None


def _scale(scaled_residuals: FloatArray, estimator: str = "robust") -> float:
    if estimator == "robust":
        return float(1.4826 * np.median(np.abs(scaled_residuals)))
    return float(np.sqrt(np.mean(scaled_residuals**2)))


def _ridge_loo(
    x: FloatArray, y: FloatArray, grid: Sequence[float]
) -> tuple[FloatArray, FloatArray, FloatArray, float, FloatArray]:
    """Ridge fit with the penalty chosen by leave-one-out CV.

    Returns (coefficients on standardised columns incl. intercept, column means and scales
    stacked, leave-one-out residuals, chosen penalty, the ``(D'D + R)^-1`` matrix over all
    columns (zero for constant ones) for prediction leverage).
    """
    n = len(y)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    usable = scale > 1e-9
    z = np.zeros_like(x)
    z[:, usable] = (x[:, usable] - mean[usable]) / scale[usable]
    design = np.column_stack([np.ones(n), z[:, usable]])
    gram = design.T @ design
    rhs = design.T @ y
    best: tuple[float, FloatArray, float, FloatArray, FloatArray] | None = None
    for penalty, inverse in zip(grid, _ridge_inverses(gram, grid, n), strict=True):
        if inverse is None:
            continue
        coef = inverse @ rhs
        hat = np.einsum("ij,jk,ik->i", design, inverse, design)
        residual = (y - design @ coef) / np.clip(1.0 - hat, 1e-3, None)
        mse = float(np.mean(residual**2))
        if best is None or mse < best[0]:
            best = (mse, coef, penalty, residual, inverse)
    if best is None:  # pragma: no cover - the largest penalty is always invertible
        raise PsephosError("exit-poll regression failed for every penalty.")
    full = np.zeros(x.shape[1] + 1)
    full[0] = best[1][0]
    full[1:][usable] = best[1][1:]
    scales = np.where(usable, scale, 1.0)
    keep = np.concatenate([[True], usable])
    inverse_all = np.zeros((len(keep), len(keep)))
    inverse_all[np.ix_(keep, keep)] = best[4]
    return full, np.vstack([mean, scales]), best[3], best[2], inverse_all


def _ridge_inverses(gram: FloatArray, grid: Sequence[float], n: int) -> list[FloatArray | None]:
    """``(D'D + R)^-1`` for every penalty of ``grid`` (``R``: the penalty times ``n`` on the
    diagonal, none on the intercept), inverted together, one LAPACK solve each as one by one;
    ``None`` for a singular one."""
    ridge = np.eye(len(gram))
    ridge[0, 0] = 0.0
    systems = gram + np.asarray(grid, dtype=np.float64)[:, None, None] * n * ridge
    try:
        return list(np.linalg.inv(systems))
    except np.linalg.LinAlgError:  # one is singular: invert them one by one
        out: list[FloatArray | None] = []
        for system in systems:
            try:
                out.append(np.linalg.inv(system))
            except np.linalg.LinAlgError:
                out.append(None)
        return out


def _ridge_prior(
    x_fit: FloatArray,
    y: FloatArray,
    centre: FloatArray,
    prior_intercept: float,
    strength: tuple[float, float],
    prior_slopes: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Ridge regression shrunk towards a prior (Bayesian linear model, posterior mean).

    Columns are standardised with ``centre`` (means and scales over every modelled seat, not
    the sample), so the intercept is the change at the average seat and its prior is the
    expected national change. The prior is worth ``strength[0]`` seats on the intercept and
    ``strength[1]`` seats on each standardised slope (prior ``prior_slopes``, default 0, e.g.
    the slopes fitted on earlier elections: a hierarchical prior): with few seats the
    estimate stays near the prior, with many the data decide (Hoerl & Kennard 1970; Gelman et
    al. 2013, *Bayesian Data Analysis*, 14.8).

    Returns (coefficients incl. intercept, leave-one-out residuals, ``(D'D + R)^-1``).
    """
    z = (x_fit - centre[0]) / centre[1]
    design = np.column_stack([np.ones(len(y)), z])
    ridge = np.diag(np.r_[strength[0], np.full(z.shape[1], strength[1])])
    prior = np.zeros(design.shape[1])
    prior[0] = prior_intercept
    if prior_slopes is not None:
        prior[1:] = prior_slopes
    inverse: FloatArray = np.linalg.pinv(design.T @ design + ridge).astype(np.float64)
    coef = inverse @ (design.T @ y + ridge @ prior)
    hat = np.einsum("ij,jk,ik->i", design, inverse, design)
    residual = (y - design @ coef) / np.clip(1.0 - hat, 1e-3, None)
    return coef, residual, inverse


@dataclass(frozen=True, slots=True)
class ExitPollInputs:
    """What an estimate was made from (:func:`run_estimator`'s arguments), kept so that its
    seat intervals can refit the estimator on parts of the sample (:func:`seat_total_draws`)."""

    characteristics: SeatCharacteristics
    parties: tuple[str, ...]
    sample: IntArray
    observed: FloatArray
    settings: ExitPollSettings
    prior: LinearPrior | None = None
    winners: IntArray | None = None


#: Half-sample refits behind an exit poll's seat intervals (:func:`seat_total_draws`) and the
#: seat draws made beside each (400 draws in all, as the nowcast's intervals).
INTERVAL_REFITS = 40
DRAWS_PER_REFIT = 10


@dataclass(frozen=True, slots=True)
class SeatTotalDraws:
    """Simulated seat totals of every party (``n_sims x n_parties``) in two parts: the
    ``independent`` totals of seats drawn one by one from the estimate's win probabilities,
    and the ``shared`` deviation of the expected totals that a different sample of places
    would have given (the same for every seat of a draw; mean 0); ``contested``, the seats
    each party stands in, bounds its totals."""

    parties: tuple[str, ...]
    independent: FloatArray
    shared: FloatArray
    contested: IntArray  # (n_parties,) seats each party stands in

    def totals(self, scale: float = 1.0) -> FloatArray:
        """Seat totals with the shared deviations times ``scale`` (0: seats independent),
        each party's between 0 and the seats it contests (the Speaker's at most 1)."""
        out: FloatArray = np.clip(self.independent + scale * self.shared, 0.0, self.contested)
        return out

    def intervals(
        self, scale: float = 1.0, level: float = INTERVAL_LEVEL
    ) -> dict[str, tuple[int, int]]:
        """Central ``level`` interval of every party's totals
        (:func:`psephos.forecast.intervals.seat_total_intervals`)."""
        return seat_total_intervals(self.totals(scale), self.parties, level)


@dataclass(frozen=True, slots=True)
class ExitPollEstimate:
    """Predicted shares, win probabilities and expected seats from a sample of seats."""

    parties: tuple[str, ...]
    shares: FloatArray  # (n_seats, n_parties) predicted
    win_probability: FloatArray  # (n_seats, n_parties)
    residual_sd: dict[str, float]
    penalty: dict[str, float]
    meta: dict[str, Any] = field(default_factory=dict)
    # set by :func:`run_estimator`; the seat intervals refit from it
    inputs: ExitPollInputs | None = field(default=None, repr=False, compare=False)

    @property
    def expected_seats(self) -> dict[str, float]:
        """Sum of win probabilities per party."""
        return {
            p: float(v) for p, v in zip(self.parties, self.win_probability.sum(axis=0), strict=True)
        }

    @property
    def projected_seats(self) -> dict[str, int]:
        """Whole seats per party adding up to the House: the expected seats by largest
        remainders (:func:`psephos.numbers.whole_seats`), the ``projected`` of
        ``psephos exitpoll estimate`` and the web's exit-poll page, as the results-night
        projection gives them."""
        expected = self.expected_seats
        counts = whole_seats(
            [max(expected[p], 0.0) for p in self.parties], self.win_probability.shape[0]
        )
        return dict(zip(self.parties, counts, strict=True))

    def party_rows(
        self, base: Election, intervals: Mapping[str, tuple[int, int]] | None = None
    ) -> list[dict[str, Any]]:
        """The party table of ``psephos exitpoll estimate`` and the web's exit-poll page, one
        row per party, both shells' one choice of parties: every party with a whole seat
        (:attr:`projected_seats`), expected seats of :data:`SHOWN_FROM_SEATS` or more, a seat
        it is the favourite in, or seats at ``base`` (so, emulating an election from itself,
        every party that won seats), most whole seats first, then most expected seats.

        Each row: ``party``; ``party_label``, its label on the night after ``base``
        (:func:`psephos.model.night_label`: Reform UK after 2019); ``projected`` (whole
        seats); ``expected_seats`` (one decimal, :func:`psephos.numbers.rounded`); with
        ``intervals`` (from :meth:`seat_intervals`; ``None``, as from too few sampled seats:
        no columns) the interval's ``low`` and ``high`` (0 and 0 for a party left out of
        them); the seats it is the favourite in (:data:`FAVOURITE_COLUMN`), those with a win
        probability of :data:`LIKELY` or more (:data:`LIKELY_COLUMN`), its ``base_seats`` and
        the ``change`` in expected seats from them."""
        probability = self.win_probability
        favourite = probability.argmax(axis=1)
        top = probability.max(axis=1)
        before = base.seats_won()
        expected = self.expected_seats
        whole = self.projected_seats
        rows = []
        for j, party in enumerate(self.parties):
            favourite_in = int((favourite == j).sum())
            shown = whole[party] > 0 or expected[party] >= SHOWN_FROM_SEATS
            if not (shown or favourite_in or before.get(party, 0)):
                continue
            row: dict[str, Any] = {
                "party": party,
                "party_label": night_label(party, base.labels_id),
                "projected": whole[party],
                "expected_seats": rounded(expected[party], 1),
            }
            if intervals is not None:
                row["low"], row["high"] = intervals.get(party, (0, 0))
            rows.append(
                {
                    **row,
                    FAVOURITE_COLUMN: favourite_in,
                    LIKELY_COLUMN: int(((favourite == j) & (top >= LIKELY)).sum()),
                    "base_seats": int(before.get(party, 0)),
                    "change": round(expected[party] - before.get(party, 0), 1),
                }
            )
        return sorted(rows, key=lambda row: (-whole[row["party"]], -expected[row["party"]]))

    @property
    def interval_note(self) -> str | None:
        """Why the estimate has no seat intervals (:func:`no_interval_note`: fewer than
        :data:`MIN_INTERVAL_SEATS` sampled seats); ``None`` where it has them, or keeps no
        inputs to tell."""
        return None if self.inputs is None else no_interval_note(len(self.inputs.sample))

    def seat_draws(
        self,
        *,
        n_refits: int = INTERVAL_REFITS,
        draws_per_refit: int = DRAWS_PER_REFIT,
        seed: int | Sequence[int] = 0,
    ) -> SeatTotalDraws:
        """Simulated seat totals with the errors a sample of places shares
        (:func:`seat_total_draws`)."""
        return seat_total_draws(self, n_refits=n_refits, draws_per_refit=draws_per_refit, seed=seed)

    def seat_intervals(
        self, level: float = INTERVAL_LEVEL, *, seed: int | Sequence[int] = 0
    ) -> dict[str, tuple[int, int]]:
        """Central ``level`` interval of every party's seats: :meth:`seat_draws` with the
        shared deviations scaled by the settings' ``interval_scale`` (chosen on earlier
        elections), each within 0 and the seats the party contests. Parties whose interval
        is ``(0, 0)`` are left out.

        Raises:
            PsephosError: an estimate not made by :func:`run_estimator` (no inputs kept), or
                from fewer than :data:`MIN_INTERVAL_SEATS` sampled seats (no range to measure;
                :attr:`interval_note` says so first).
        """
        if self.inputs is None:
            raise PsephosError(
                "This estimate keeps no inputs to refit; make it with run_estimator, exit_poll "
                "or exit_poll_from_results."
            )
        scale = self.inputs.settings.interval_scale
        return self.seat_draws(seed=seed).intervals(scale, level)


def independent_seat_totals(
    win_probability: FloatArray, n_sims: int, rng: np.random.Generator, chunk: int = 100
) -> FloatArray:
    """Seat totals of ``n_sims`` draws in which every seat's winner is drawn on its own from
    its win probabilities (``n_sims x n_parties``; the seats independent, as a Poisson-binomial
    total)."""
    n_seats, n_parties = win_probability.shape
    cumulative = np.cumsum(win_probability, axis=1)
    out = np.zeros((n_sims, n_parties))
    for start in range(0, n_sims, chunk):
        size = min(chunk, n_sims - start)
        uniform = rng.random((size, n_seats, 1)) * cumulative[None, :, -1:]
        winners = np.minimum((uniform >= cumulative[None, :, :]).sum(axis=2), n_parties - 1)
        cells = winners + n_parties * np.arange(size)[:, None]
        out[start : start + size] = np.bincount(cells.ravel(), minlength=size * n_parties).reshape(
            size, n_parties
        )
    return out


def shared_seat_deviations(
    inputs: ExitPollInputs, n_refits: int, rng: np.random.Generator
) -> FloatArray:
    """How far a different sample of places would move every party's expected seats
    (``n_refits x n_parties``, mean 0): the estimator refitted on ``n_refits`` random halves
    of the sampled seats (without replacement), the expected seats of the unsampled seats
    taken about their mean and times ``sqrt(m / (n - m))``, ``m`` the half of ``n`` (1 for an
    even ``n``).

    A delete-d jackknife with ``d = n - m`` (Shao & Wu 1989, "A general theory for jackknife
    variance estimation", *Annals of Statistics* 17(3): 1176-1197): for a mean, the variance of
    an ``m``-seat estimate about the ``n``-seat one is ``sigma^2 (n - m) / (n m)``, so times
    ``m / (n - m)`` it is the full estimate's sampling variance ``sigma^2 / n``; halves need no
    duplicated seats (which the pooled model would merge, unlike a bootstrap's). Each refit keeps
    every party's error together, so a sample that misjudges the national change, a region
    or a kind of seat misjudges all those seats at once.

    Raises:
        PsephosError: fewer than :data:`MIN_INTERVAL_SEATS` sampled seats: no half to refit
            on, so nothing to measure the shared error by (:func:`no_interval_note`).
    """
    n_sample = len(inputs.sample)
    half = n_sample // 2
    n_parties = len(inputs.parties)
    note = no_interval_note(n_sample)
    if note is not None:
        raise PsephosError(note)
    unsampled = np.ones(len(inputs.characteristics.base_shares), dtype=bool)
    unsampled[inputs.sample] = False
    expected = np.zeros((n_refits, n_parties))
    for refit in range(n_refits):
        rows = np.sort(rng.choice(n_sample, size=half, replace=False))
        estimate = run_estimator(
            inputs.characteristics,
            inputs.parties,
            inputs.sample[rows],
            inputs.observed[rows],
            inputs.settings,
            inputs.prior,
            winners=None if inputs.winners is None else inputs.winners[rows],
        )
        expected[refit] = estimate.win_probability[unsampled].sum(axis=0)
    out: FloatArray = (expected - expected.mean(axis=0)) * half_sample_scale(n_sample, half)
    return out


def no_interval_note(n_sample: int) -> str | None:
    """Why an exit poll from ``n_sample`` sampled seats has no seat intervals: fewer than
    :data:`MIN_INTERVAL_SEATS`, so no half of the sample to refit the estimate on and nothing
    to measure how far another sample would move the seats (:func:`shared_seat_deviations`);
    without that error a range would be far too narrow. ``None`` from enough seats."""
    if n_sample >= MIN_INTERVAL_SEATS:
        return None
    return (
        f"No seat ranges from {counted(n_sample, 'sampled seat')}: a range measures how far "
        f"another sample would move the seats by refitting on halves of the sample, which "
        f"needs at least {MIN_INTERVAL_SEATS} sampled seats; the expected seats are given "
        "alone."
    )


def half_sample_scale(n_sample: int, half: int) -> float:
    """The delete-d jackknife's factor ``sqrt(m / (n - m))`` that turns the spread of
    ``m``-seat estimates about the ``n``-seat one into the latter's sampling spread (Shao & Wu
    1989; :func:`shared_seat_deviations`)."""
    return float(np.sqrt(half / (n_sample - half)))


def seat_total_draws(
    estimate: ExitPollEstimate,
    *,
    n_refits: int = INTERVAL_REFITS,
    draws_per_refit: int = DRAWS_PER_REFIT,
    seed: int | Sequence[int] = 0,
) -> SeatTotalDraws:
    """Simulated seat totals of an exit poll whose errors are shared by the seats.

    Each of ``n_refits x draws_per_refit`` draws is the sum of (1) every seat's winner drawn
    on its own from the estimate's win probabilities (the seat's own error, as the estimator's
    seat model gives it) and (2) one refit's shared deviation of the expected seats
    (:func:`shared_seat_deviations`): the error of the national, regional and seat-type
    change that all unsampled seats take from the same sample. The draws are centred on the
    estimate's expected seats, which they do not change; a party's totals stay within 0 and
    the seats it stands in (:attr:`SeatTotalDraws.contested`). Same ``seed``, same draws.

    Raises:
        PsephosError: an estimate not made by :func:`run_estimator` (no inputs kept), or
            from fewer than :data:`MIN_INTERVAL_SEATS` sampled seats.
    """
    inputs = estimate.inputs
    if inputs is None:
        raise PsephosError(
            "This estimate keeps no inputs to refit; make it with run_estimator, exit_poll or "
            "exit_poll_from_results."
        )
    if n_refits < 1 or draws_per_refit < 1:
        raise PsephosError(
            f"n_refits and draws_per_refit must be at least 1, got {n_refits} and "
            f"{draws_per_refit}."
        )
    rng = np.random.default_rng(seed)
    shared = shared_seat_deviations(inputs, n_refits, rng)
    independent = independent_seat_totals(estimate.win_probability, n_refits * draws_per_refit, rng)
    return SeatTotalDraws(
        parties=estimate.parties,
        independent=independent,
        shared=np.repeat(shared, draws_per_refit, axis=0),
        contested=inputs.characteristics.standing.sum(axis=0).astype(np.int64),
    )


def logit_win_probability(shares: FloatArray, seat_sd: FloatArray) -> FloatArray:
    """Win probabilities when every party's share has an independent Gumbel error of sd
    ``seat_sd`` (per seat): the multinomial logit ``softmax(shares / beta)``."""
    beta = np.maximum(np.asarray(seat_sd, dtype=np.float64) * GUMBEL_SCALE_PER_SD, 1e-6)
    scores = np.where(shares > 0, shares / beta[:, None], -np.inf)
    scores -= scores.max(axis=1, keepdims=True)
    weights = np.exp(scores)
    return weights / weights.sum(axis=1, keepdims=True)


#: Offset of the log scale (a share of 1%: small parties' changes stay roughly additive).
LOG_OFFSET = 0.01


def _forward(shares: FloatArray, kind: str) -> FloatArray:
    return np.log(np.asarray(shares) + LOG_OFFSET) if kind == "log" else np.asarray(shares)


def _backward(values: FloatArray, kind: str) -> FloatArray:
    return np.exp(values) - LOG_OFFSET if kind == "log" else values


#: The least share of the residuals' variance :func:`without_measurement` keeps. Where the
#: sampled seats fit better than their stated measurement error (a sample of whole-seat
#: results read as an exit poll's), taking the whole measurement variance out left no spread
#: at all and a seat won by 15 votes certain. A guard, not a tuned value: at 0.1 no back-test
#: figure moves (K = 100, 100 draws: 4.04 / 4.28 / 3.79 / 6.64 with it and without).
DECONVOLUTION_FLOOR = 0.1


def without_measurement(residuals: FloatArray, sample_sd: float) -> FloatArray:
    """The sampled seats' residuals with their known measurement variance taken out, party by
    party: each column is scaled by ``sqrt(max(v - sd^2, 0) / v)`` (at least
    ``sqrt(DECONVOLUTION_FLOOR)``), ``v`` its mean square. A
    sampled seat's residual is the model's error plus the measurement's (sd ``sample_sd``);
    an unsampled seat is not measured, so its error is the model's alone (a moment
    deconvolution, as in errors-in-variables regression: Fuller 1987, *Measurement Error
    Models*, 1.2)."""
    variance = (residuals**2).mean(axis=0)
    safe = np.where(variance > 0, variance, 1.0)
    kept = np.clip(variance - sample_sd**2, 0.0, None) / safe
    keep = np.sqrt(np.maximum(kept, DECONVOLUTION_FLOOR))
    out: FloatArray = residuals * keep
    return out


def residual_win_probability(
    shares: FloatArray, standing: BoolArray, residuals: FloatArray, chunk: int = 64
) -> FloatArray:
    """Win probabilities by adding each sampled seat's joint residual vector (all parties at
    once) to every seat's predicted shares and counting the winners: the empirical error
    distribution, with the parties' errors correlated as in the sample (a residual bootstrap;
    Efron & Tibshirani 1993, *An Introduction to the Bootstrap*, 9.5)."""
    n_seats, n_parties = shares.shape
    counts = np.zeros(n_seats * n_parties)
    offsets = (n_parties * np.arange(n_seats))[:, None]
    standing_shares = np.where(standing, shares, -np.inf)  # a party not standing never wins
    for start in range(0, len(residuals), chunk):
        block = residuals[start : start + chunk]  # (r, parties)
        winners = (standing_shares[:, None, :] + block[None, :, :]).argmax(axis=2)  # (seats, r)
        counts += np.bincount((offsets + winners).ravel(), minlength=n_seats * n_parties)
    return counts.reshape(n_seats, n_parties) / max(len(residuals), 1)


def local_correction(
    characteristics: SeatCharacteristics,
    sample: IntArray,
    residuals: FloatArray,
    k: int,
) -> FloatArray:
    """Mean leave-one-out residual vector of each seat's ``k`` nearest sampled seats.

    Nearness is the Euclidean distance between base-share vectors (all parties), plus 1 for a
    different nation (Scotland, Wales, England), so neighbours come from the same nation
    whenever their shares are within 1 of each other. A nearest-neighbour smoother of the
    regression's residuals (Cleveland & Devlin 1988, *JASA* 83; Hastie, Tibshirani & Friedman
    2009, 6.1): it picks up patterns that are not linear in the features, e.g. one seat type
    swinging unlike the rest. Returns (seats x parties) corrections in share.
    """
    distance = characteristics.nearness()[:, sample]
    nearest = np.argpartition(distance, k - 1, axis=1)[:, :k]
    out: FloatArray = residuals[nearest].mean(axis=1)
    return out


@dataclass(frozen=True, slots=True)
class _PartyFit:
    """One party's fitted change at every seat and what the error model needs."""

    change: FloatArray  # (n_seats,) on the response scale
    residual: FloatArray  # leave-one-out residuals at the sampled seats where it stands
    inflation: FloatArray | None  # 1 + leverage per seat (None: no regression)
    penalty: float


def _fit_party(
    characteristics: SeatCharacteristics,
    party: int,
    fit_seats: IntArray,
    y: FloatArray,
    settings: LinearSettings,
    prior: LinearPrior | None,
    prior_change: float,
    targets: BoolArray,
    *,
    leverage: bool = True,
) -> _PartyFit:
    """Fit one party's change: shrunk towards ``prior``, by cross-validated ridge, or (with
    fewer than ``settings.min_sample`` sampled seats) the sample mean. Without ``leverage``
    the variance inflation is left out (``None``): only the logit seat model reads it."""
    n_seats = len(characteristics.base_shares)
    features = characteristics.features(
        party, settings.feature_set, seat_types=settings.seat_types, sites=settings.sites
    )
    if prior is not None:
        reference = features[targets]
        scale = reference.std(axis=0)
        centre = np.vstack([reference.mean(axis=0), np.where(scale > 1e-9, scale, 1.0)])
        slopes = None if prior.slopes is None else prior.slopes.get(party)
        coef, residual, inverse = _ridge_prior(
            features[fit_seats], y, centre, prior_change, prior.strength, slopes
        )
        design = np.column_stack([np.ones(n_seats), (features - centre[0]) / centre[1]])
        inflation = _inflation(design, inverse) if leverage else None
        return _PartyFit(design @ coef, residual, inflation, float(prior.strength[1]))
    if len(y) < settings.min_sample:
        residual = y - y.mean() if len(y) > 1 else np.array([DEFAULT_ERROR_SCALE * 0.3])
        return _PartyFit(np.full(n_seats, float(y.mean())), residual, None, float("inf"))
    x_fit = features[fit_seats]
    coef, centre, residual, penalty, inverse = _ridge_loo(x_fit, y, RIDGE_GRID)
    inflation = None
    if leverage:
        design = np.column_stack([np.ones(n_seats), (features - centre[0]) / centre[1]])
        inflation = _inflation(design, inverse)
    # no extrapolation beyond the sample's range of each characteristic
    clipped = np.clip(features, x_fit.min(axis=0), x_fit.max(axis=0))
    change = coef[0] + ((clipped - centre[0]) / centre[1]) @ coef[1:]
    return _PartyFit(change, residual, inflation, penalty)


def _inflation(design: FloatArray, inverse: FloatArray) -> FloatArray:
    """1 + each seat's leverage, ``1 + d' (D'D + R)^-1 d`` (parameter uncertainty)."""
    out: FloatArray = 1.0 + np.einsum("ij,jk,ik->i", design, inverse, design)
    return out


def _move_outside(
    predicted: FloatArray,
    base: FloatArray,
    stand: BoolArray,
    region: BoolArray,
    sample_index: IntArray,
    observed: FloatArray,
    prior_seats: float,
) -> None:
    """Seats outside the modelled area, in place: a uniform swing
    (:func:`psephos.projection.core.uniform_change`) by the mean change of their sampled
    seats, shrunk towards none by ``n / (n + prior_seats)``."""
    outside_sample = sample_index[~region[sample_index]]
    if not len(outside_sample):
        return
    shrink = len(outside_sample) / (len(outside_sample) + prior_seats)
    change = shrink * (observed[~region[sample_index]] - base[outside_sample]).mean(axis=0)
    predicted[~region] = core.uniform_change(base[~region], stand[~region], change)


def _seat_sd(predicted: FloatArray, error_scale: FloatArray, inflation: FloatArray) -> FloatArray:
    """Prediction sd per seat: the two leading parties' error scales at their shares."""
    order = np.argsort(-predicted, axis=1)[:, :2]
    lead_shares = np.take_along_axis(predicted, order, axis=1)
    lead_inflation = np.take_along_axis(inflation, order, axis=1)
    lead_sd = error_scale[order] * np.sqrt(lead_shares * (1.0 - lead_shares) * lead_inflation)
    out: FloatArray = np.sqrt((lead_sd**2).mean(axis=1))
    return out


def _bootstraps_residuals(settings: LinearSettings, n_sampled: int) -> bool:
    """Whether the seat model is the residual bootstrap for ``n_sampled`` seats in the
    modelled area (else the logit, which alone reads the error scales and leverages)."""
    return settings.seat_model == "residuals" and n_sampled >= settings.min_sample


def _linear_probability(
    predicted: FloatArray,
    stand: BoolArray,
    region: BoolArray,
    error_scale: FloatArray,
    inflation: FloatArray,
    residual_matrix: FloatArray,
    settings: LinearSettings,
) -> FloatArray:
    """Win probabilities: the seat model inside the modelled area, the outside block's own."""
    if _bootstraps_residuals(settings, len(residual_matrix)):
        if settings.deconvolve and settings.sample_sd > 0:
            residual_matrix = without_measurement(residual_matrix, settings.sample_sd)
        probability = residual_win_probability(
            _forward(predicted, settings.response), stand, residual_matrix
        )
    else:  # logit, or too few sampled seats for an empirical error distribution
        probability = logit_win_probability(predicted, _seat_sd(predicted, error_scale, inflation))
    outside = ~region
    if settings.outside_sd > 0:
        probability[outside] = logit_win_probability(
            predicted[outside], np.full(int(outside.sum()), settings.outside_sd)
        )
    else:
        probability[outside] = 0.0
        probability[outside, np.argmax(predicted[outside], axis=1)] = 1.0
    return probability


def estimate(
    characteristics: SeatCharacteristics,
    parties: Sequence[str],
    sample: npt.ArrayLike,
    observed_shares: FloatArray,
    settings: LinearSettings | None = None,
    *,
    prior: LinearPrior | None = None,
    modelled: npt.ArrayLike | None = None,
    known: bool = True,
    winners: npt.ArrayLike | None = None,
) -> ExitPollEstimate:
    """The linear estimator: fit the change regression on the sampled seats, predict every seat.

    Args:
        characteristics: seat characteristics (base shares, standing, Leave, ...).
        parties: party codes in column order.
        sample: indices of the sampled seats.
        observed_shares: (len(sample), n_parties) shares observed now at the sampled seats.
        settings: the estimator's settings (default :class:`LinearSettings`).
        prior: shrink towards a prior (:class:`LinearPrior`) instead of choosing a penalty by
            cross-validation; used from the first sampled seat.
        modelled: seats to model (default: Great Britain; others: the outside block).
        known: the sampled seats' results are known exactly (whole seats as sampling units).
        winners: with ``known``, the party column of each sampled seat's winning candidate
            (default: the party with most votes; two Independents are two candidates).

    Returns:
        The estimate; sampled seats keep their observed shares and, when ``known``, certainty.
    """
    settings = LinearSettings() if settings is None else settings
    base = characteristics.base_shares
    n_seats, n_parties = base.shape
    sample_index = np.asarray(sample, dtype=np.int64)
    observed = np.asarray(observed_shares, dtype=np.float64)
    if observed.shape != (len(sample_index), n_parties):
        raise PsephosError(
            f"observed_shares must have shape {(len(sample_index), n_parties)}, "
            f"got {observed.shape}."
        )
    if settings.response == "log" and prior is not None:
        raise PsephosError("the log response takes no prior (its changes are not in shares).")
    region = characteristics.gb if modelled is None else np.asarray(modelled, dtype=bool)
    stand = characteristics.standing
    kind = settings.response
    predicted = np.where(stand, base, 0.0)
    # prediction error scale per party, relative to the binomial spread sqrt(s(1-s)), and
    # variance inflation 1 + leverage (parameter uncertainty)
    error_scale = np.full(n_parties, DEFAULT_ERROR_SCALE)
    inflation = np.ones((n_seats, n_parties))
    residual_sd: dict[str, float] = {}
    penalties: dict[str, float] = {}
    prior_change = (
        np.zeros(n_parties)
        if prior is None or prior.change is None
        else np.asarray(prior.change, dtype=np.float64).reshape(n_parties)
    )
    in_region_sample = sample_index[region[sample_index]]
    observed_region = observed[region[sample_index]]
    # leave-one-out residuals of every party at the sampled seats (joint across parties)
    residual_matrix = np.zeros((len(in_region_sample), n_parties))
    # the error scales and leverages serve the logit seat model only
    logit = not _bootstraps_residuals(settings, len(in_region_sample))
    for party in range(n_parties):
        fit_rows = stand[in_region_sample, party]
        targets = region & stand[:, party]
        now = observed_region[fit_rows, party]
        y = _forward(now, kind) - _forward(base[in_region_sample[fit_rows], party], kind)
        if not targets.any() or (len(y) == 0 and prior is None):
            continue
        fit = _fit_party(
            characteristics,
            party,
            in_region_sample[fit_rows],
            y,
            settings,
            prior,
            float(prior_change[party]),
            targets,
            leverage=logit,
        )
        if fit.inflation is not None:
            inflation[:, party] = fit.inflation
        shifted = _backward(_forward(base[targets, party], kind) + fit.change[targets], kind)
        predicted[targets, party] = np.clip(shifted, 0.002, None)
        residual = fit.residual
        if len(y) > 1 and len(residual) == fit_rows.sum():
            residual_matrix[fit_rows, party] = residual
        if len(y) > 1 and logit:
            share_residual = (
                residual * (now[: len(residual)] + LOG_OFFSET) if kind == "log" else residual
            )
            spread = np.sqrt(np.clip(now * (1 - now), 0.0025, None))
            error_scale[party] = _scale(
                share_residual / spread[: len(residual)], settings.scale_estimator
            )
        if len(residual):
            residual_sd[parties[party]] = float(np.sqrt(np.mean(residual**2)))
        penalties[parties[party]] = fit.penalty
    _move_outside(
        predicted, base, stand, region, sample_index, observed, settings.outside_prior_seats
    )
    if settings.local_k > 0 and len(in_region_sample) > settings.local_k and kind == "additive":
        correction = local_correction(
            characteristics, in_region_sample, residual_matrix, settings.local_k
        )
        correction /= 1.0 + settings.local_shrink
        inside = region[:, None] & stand
        predicted = np.where(inside, np.clip(predicted + correction, 0.002, None), predicted)
    predicted = np.where(stand, predicted, 0.0)
    predicted /= predicted.sum(axis=1, keepdims=True)
    predicted[sample_index] = observed
    probability = _linear_probability(
        predicted,
        stand,
        region,
        error_scale,
        inflation,
        residual_matrix,
        settings,
    )
    if known:
        won = np.argmax(observed, axis=1) if winners is None else np.asarray(winners)
        probability[sample_index] = 0.0
        probability[sample_index, won] = 1.0
    return ExitPollEstimate(
        parties=tuple(parties),
        shares=predicted,
        win_probability=probability,
        residual_sd=residual_sd,
        penalty=penalties,
        meta={"n_sample": len(sample_index), "feature_set": settings.feature_set},
    )


#: Exit-poll settings ``(seat model, local k)`` chosen by the third round's rule: for each
#: election, the variant with the lowest mean error at K = 100 (200 draws, seed 12) over the
#: elections before it, among ``benchmarks/forecast_evaluation.py``'s ``ROUND3_VARIANTS``
#: (docs/forecast.md). ``next`` (a live night) is chosen on 2015, 2017, 2019 and 2024.
CHOSEN_SETTINGS: dict[str, LinearSettings] = {
    "2015": LinearSettings(),  # no earlier election: the first round's method
    "2017": LinearSettings(seat_model="residuals", local_k=5),  # on 2015 (3.19 against 3.76)
    "2019": LinearSettings(),  # chosen on 2017
    "2024": LinearSettings(),  # chosen on 2017 + 2019
    "next": LinearSettings(seat_model="residuals", local_k=5),  # on all four (4.52 vs 5.25)
}


def chosen_settings(election_id: str, feature_set: str = "tactical") -> LinearSettings:
    """The linear estimator's settings for an election, chosen on earlier ones only
    (:data:`CHOSEN_SETTINGS`; any election not listed gets ``next``), with ``feature_set``."""
    chosen = CHOSEN_SETTINGS.get(election_id, CHOSEN_SETTINGS["next"])
    return replace(chosen, feature_set=feature_set)


#: Estimators: ``pooled`` (the partial-pooling model of :mod:`psephos.forecast.pooling`:
#: region effects and seat-type slopes with a tactical-situation term, sampled seats
#: predicted with a measurement error) and ``linear`` (the Curtice-Firth ridge regression of
#: :func:`estimate`, sampled seats certain).
ESTIMATORS: tuple[str, ...] = ("pooled", "linear")
#: The pooled exit poll's seat characteristics: base share, Leave, incumbent, challenger and
#: the tactical situation (best-placed challenger where the Conservatives won; their share).
TACTICAL_FEATURES: tuple[str, ...] = (
    "own",
    "leave",
    "own_leave",
    "incumbent",
    "challenger",
    "anti_con",
    "con_share",
)
#: Measurement sd (share) of a sampled seat's observed shares: the exit poll estimates each
#: sampled place's change from a few hundred interviews (sampling sd of a 40% share from
#: 1,000 voters is 1.5 points, plus the difference between polling stations and the seat).
MEASUREMENT_SD = 0.02


@dataclass(frozen=True, slots=True)
class ExitPollSettings:
    """Settings of the exit-poll estimator (a frozen object passed in, not module switches).

    Attributes:
        estimator: ``pooled`` or ``linear`` (:data:`ESTIMATORS`).
        pooling: the pooled model's prior strengths, features and measurement sd.
        linear: the linear estimator's settings.
        interval_scale: multiplier of the shared deviations in the seat intervals
            (:meth:`ExitPollEstimate.seat_intervals`; 1: the half-sample refits' spread as it
            is); chosen on earlier elections (:func:`choose_exit_poll_interval_scale`). It
            moves no estimate.
    """

    estimator: str = "pooled"
    pooling: PoolingSettings = field(
        default_factory=lambda: PoolingSettings(
            region_strength=1.0,
            slope_strength=3.0,
            features=TACTICAL_FEATURES,
            sample_sd=MEASUREMENT_SD,
        )
    )
    linear: LinearSettings = field(default_factory=LinearSettings)
    interval_scale: float = 1.0

    @property
    def sample_sd(self) -> float:
        """Measurement sd of the sampled seats' shares under these settings (the pooled
        model's ``pooling.sample_sd`` or the linear one's ``linear.sample_sd``)."""
        return self.pooling.sample_sd if self.estimator == "pooled" else self.linear.sample_sd

    def __post_init__(self) -> None:
        if self.estimator not in ESTIMATORS:
            raise PsephosError(unknown_choice("estimator", self.estimator, ESTIMATORS))
        if not self.interval_scale >= 0:
            raise PsephosError(
                f"interval_scale must be a non-negative number, got {self.interval_scale!r}."
            )


def _pooled_settings(region: float, slope: float, features: tuple[str, ...]) -> ExitPollSettings:
    return ExitPollSettings(
        pooling=PoolingSettings(
            region_strength=region,
            slope_strength=slope,
            features=features,
            sample_sd=MEASUREMENT_SD,
        )
    )


#: Pooled settings tried when choosing on earlier elections (region and slope prior strengths
#: in seats, and the feature set).
POOLED_GRID: tuple[ExitPollSettings, ...] = tuple(
    _pooled_settings(region, slope, features)
    for features in (TACTICAL_FEATURES, SEAT_FEATURES, (*TACTICAL_FEATURES, "situation"))
    for region in (1.0, 3.0)
    for slope in (3.0, 10.0)
)


def _measured_linear(
    seat_model: str, local_k: int, *, sites: bool = False, deconvolve: bool = False
) -> ExitPollSettings:
    return ExitPollSettings(
        estimator="linear",
        linear=LinearSettings(
            seat_model=seat_model,
            local_k=local_k,
            sample_sd=MEASUREMENT_SD,
            sites=sites,
            deconvolve=deconvolve,
        ),
    )


def with_sites(settings: ExitPollSettings) -> ExitPollSettings:
    """``settings`` with the tactical-voting sites' recommendations as a seat feature (the
    pooled model's ``sites`` feature, the linear estimator's ``sites`` column)."""
    if settings.estimator == "pooled":
        if "sites" in settings.pooling.features:
            return settings
        pooling = replace(settings.pooling, features=(*settings.pooling.features, "sites"))
        return replace(settings, pooling=pooling)
    return replace(settings, linear=replace(settings.linear, sites=True))


def uses_sites(settings: ExitPollSettings) -> bool:
    """Whether ``settings`` use the tactical-voting sites' picks as a seat feature."""
    if settings.estimator == "pooled":
        return "sites" in settings.pooling.features
    return settings.linear.sites and settings.linear.feature_set in ("tactical", "regional")


def unused_picks_notes(
    estimator: str, settings: ExitPollSettings, recommendations: str | None
) -> list[str]:
    """The note for the tactical-voting sites' picks (``recommendations``: their name, ``None``
    for none) given to an estimator whose ``settings`` do not use them (:func:`uses_sites`);
    none otherwise. ``psephos exitpoll estimate`` and the web exit-poll page's upload both say
    it."""
    if recommendations and not uses_sites(settings):
        return [
            f"The {estimator} estimator does not use the sites' picks; the chosen one (the "
            "default) does."
        ]
    return []


#: The third round's linear variants (logit or residual bootstrap; no local correction or the
#: 5 nearest sampled seats'), fed the same measured sample as the pooled estimator and
#: predicting the sampled seats (sixth round).
MEASURED_LINEAR_GRID: tuple[ExitPollSettings, ...] = tuple(
    _measured_linear(seat_model, local_k)
    for seat_model in ("logit", "residuals")
    for local_k in (0, 5)
)
#: The residual-bootstrap variants with the measurement variance taken out of the residuals
#: (eighth round; :func:`without_measurement`).
DECONVOLVED_GRID: tuple[ExitPollSettings, ...] = tuple(
    _measured_linear("residuals", local_k, deconvolve=True) for local_k in (0, 5)
)
#: The same settings with the tactical-voting sites' recommendations as a seat feature
#: (eighth round). They come after the settings without it, so where an election has no
#: bundled recommendations (2015, 2017: the twins score the same) the rule keeps the simpler.
SITES_GRID: tuple[ExitPollSettings, ...] = tuple(
    with_sites(s) for s in (*POOLED_GRID, *MEASURED_LINEAR_GRID, *DECONVOLVED_GRID)
)
#: Every setting the choice rule compares: the pooled grid, the measured linear variants (then
#: the deconvolved ones) and their twins with the sites' recommendations.
EXIT_POLL_GRID: tuple[ExitPollSettings, ...] = (
    *POOLED_GRID,
    *MEASURED_LINEAR_GRID,
    *DECONVOLVED_GRID,
    *SITES_GRID,
)


def seat_frame_of(characteristics: SeatCharacteristics) -> SeatFrame:
    """The pooling model's view of the seats (Northern Ireland its own block)."""
    regions = (
        characteristics.regions if characteristics.regions is not None else characteristics.nations
    )
    return SeatFrame(
        base_shares=characteristics.base_shares,
        standing=characteristics.standing,
        leave=characteristics.leave,
        regions=np.asarray(regions),
        outside=~characteristics.gb,
        con=max(characteristics.con_index, 0),
        recommended=characteristics.recommended,
    )


def pooled_estimate(
    characteristics: SeatCharacteristics,
    parties: Sequence[str],
    sample: npt.ArrayLike,
    observed_shares: FloatArray,
    settings: PoolingSettings,
) -> ExitPollEstimate:
    """The pooled exit poll: partial-pooling change model fitted on the sampled seats; every
    seat, sampled ones included, gets win probabilities from its predicted shares (a sampled
    seat's prediction mixes its observation, measured with ``settings.sample_sd``, and the
    model)."""
    sample_index = np.asarray(sample, dtype=np.int64)
    observed = np.asarray(observed_shares, dtype=np.float64)
    n_parties = len(parties)
    if observed.shape != (len(sample_index), n_parties):
        raise PsephosError(
            f"observed_shares must have shape {(len(sample_index), n_parties)}, "
            f"got {observed.shape}."
        )
    fit = fit_changes(seat_frame_of(characteristics), sample_index, observed, settings)
    return ExitPollEstimate(
        parties=tuple(parties),
        shares=fit.shares,
        win_probability=win_probability(fit.shares, fit.seat_sd),
        residual_sd={p: float(v) for p, v in zip(parties, fit.residual_sd, strict=True)},
        penalty=dict.fromkeys(parties, settings.slope_strength),
        meta={"n_sample": len(sample_index), "estimator": "pooled"},
    )


def run_estimator(
    characteristics: SeatCharacteristics,
    parties: Sequence[str],
    sample: npt.ArrayLike,
    observed_shares: FloatArray,
    settings: ExitPollSettings,
    prior: LinearPrior | None = None,
    *,
    winners: npt.ArrayLike | None = None,
) -> ExitPollEstimate:
    """Run the estimator ``settings`` names (``prior`` and the sampled seats' candidate
    ``winners``: the linear estimator's only; the pooled one predicts the sampled seats). The
    estimate keeps its inputs, for its seat intervals (:meth:`ExitPollEstimate.seat_intervals`).
    """
    linear = settings.linear
    known = settings.estimator == "linear" and linear.sample_sd <= 0
    if settings.estimator == "pooled":
        result = pooled_estimate(
            characteristics, parties, sample, observed_shares, settings.pooling
        )
    else:
        result = estimate(
            characteristics,
            parties,
            sample,
            observed_shares,
            linear,
            prior=prior,
            known=known,
            winners=winners if known else None,
        )
    inputs = ExitPollInputs(
        characteristics=characteristics,
        parties=tuple(parties),
        sample=np.asarray(sample, dtype=np.int64),
        observed=np.asarray(observed_shares, dtype=np.float64),
        settings=settings,
        prior=prior,
        winners=None if winners is None or not known else np.asarray(winners, dtype=np.int64),
    )
    return replace(result, inputs=inputs)


def linear_settings(election_id: str, feature_set: str) -> ExitPollSettings:
    """The linear estimator with ``feature_set`` and the settings chosen for ``election_id``."""
    return ExitPollSettings(estimator="linear", linear=chosen_settings(election_id, feature_set))


#: Settings chosen by :func:`choose_exit_poll_settings` for each election (the lowest mean
#: error at K = 100 over the elections before it, among :data:`EXIT_POLL_GRID`); ``2015`` has
#: no earlier election and ``next`` (a live night) is chosen on all four. Mean errors of the
#: rule (25 draws) in the comments.
CHOSEN_EXIT_POLL: dict[str, ExitPollSettings] = {
    "2015": ExitPollSettings(),  # no earlier election: the default
    # on 2015: 2.76 (measured linear, residuals, local 5, without the measurement variance;
    # with it 2.95; the best pooled setting 3.36)
    "2017": _measured_linear("residuals", 5, deconvolve=True),
    # on 2015 + 2017: 3.63 (pooled, regions 1, slopes 3, tactical: 3.66)
    "2019": _measured_linear("residuals", 5, deconvolve=True),
    # on 2015-2019: 3.68 (with the sites' recommendations, which 2019 has; without the
    # deconvolution 3.73; without either 3.83)
    "2024": _measured_linear("residuals", 5, sites=True, deconvolve=True),
    # on all four: 4.30 (without the deconvolution 4.36; without the sites' picks 4.78)
    "next": _measured_linear("residuals", 5, sites=True, deconvolve=True),
}


#: The pooled grid's choices (the fifth round's rule, :data:`POOLED_GRID` only), so the pooled
#: estimator can still be asked for by name (``--estimator pooled``).
CHOSEN_POOLED: dict[str, ExitPollSettings] = {
    "2015": ExitPollSettings(),
    "2017": _pooled_settings(1.0, 3.0, SEAT_FEATURES),  # on 2015
    "2019": _pooled_settings(1.0, 3.0, TACTICAL_FEATURES),  # on 2015 + 2017
    "2024": _pooled_settings(1.0, 3.0, TACTICAL_FEATURES),  # on 2015-2019
    "next": _pooled_settings(1.0, 3.0, (*TACTICAL_FEATURES, "situation")),  # all four
}
#: What a user may ask for: ``chosen`` (the default: whatever the rule chose on earlier
#: elections), ``pooled`` (the pooled grid's choice) or ``linear`` (the Curtice-Firth
#: regression with the third round's settings and exact whole-seat results).
ESTIMATOR_OPTIONS: tuple[str, ...] = ("chosen", "pooled", "linear")


def check_estimator(option: str) -> None:
    """Refuse an :data:`ESTIMATOR_OPTIONS` name that is none of them, naming them and the
    closest (:func:`psephos.errors.unknown_choice`): the one check of ``psephos exitpoll
    --estimator`` and the exit-poll pages' estimator.

    Raises:
        PsephosError: an unknown option.
    """
    _check_choice("estimator", option, ESTIMATOR_OPTIONS)


def estimator_settings(
    election_id: str, option: str = "chosen", feature_set: str = "tactical"
) -> ExitPollSettings:
    """The settings behind an :data:`ESTIMATOR_OPTIONS` name for ``election_id`` (``next``: a
    live night), all chosen on earlier elections only.

    Raises:
        PsephosError: an unknown option.
    """
    check_estimator(option)
    if option == "linear":
        return linear_settings(election_id, feature_set)
    if option == "pooled":
        return CHOSEN_POOLED.get(election_id, CHOSEN_POOLED["next"])
    return chosen_exit_poll_settings(election_id)


def estimator_fields(option: str, settings: ExitPollSettings) -> dict[str, Any]:
    """The estimator as the CLI's JSON and the web API report it: the one that made the
    estimate (``linear`` or ``pooled``, never the option's name ``chosen``), whether the rule
    chose it on earlier elections (the option ``chosen``, :data:`CHOSEN_EXIT_POLL`), its
    settings (:class:`LinearSettings` or :class:`~psephos.forecast.pooling.PoolingSettings`)
    and the seat intervals' scale (:attr:`ExitPollSettings.interval_scale`)."""
    from dataclasses import asdict

    used = settings.linear if settings.estimator == "linear" else settings.pooling
    return {
        "estimator": settings.estimator,
        "estimator_chosen_by_rule": option == "chosen",
        "estimator_settings": asdict(used),
        "interval_scale": settings.interval_scale,
    }


def chosen_exit_poll_settings(election_id: str) -> ExitPollSettings:
    """The recorded settings for an election, chosen on earlier ones only: the estimator
    (:data:`CHOSEN_EXIT_POLL`) and its seat intervals' scale
    (:data:`CHOSEN_EXIT_POLL_INTERVAL_SCALE`)."""
    chosen = CHOSEN_EXIT_POLL.get(election_id, CHOSEN_EXIT_POLL["next"])
    scale = CHOSEN_EXIT_POLL_INTERVAL_SCALE.get(
        election_id, CHOSEN_EXIT_POLL_INTERVAL_SCALE["next"]
    )
    return replace(chosen, interval_scale=scale)


#: :func:`choose_exit_poll_interval_scale` for every election (a slow test checks they agree).
#: Coverage of the scored parties at scales 1 / 1.5 in the comments (25 draws, K = 100).
CHOSEN_EXIT_POLL_INTERVAL_SCALE: dict[str, float] = {
    "2015": 1.0,  # no earlier election: the refits' spread as it is
    "2017": 1.0,  # on 2015: 98 of 100 (99 of 100)
    "2019": 1.0,  # on 2015 + 2017: 188 of 200 (197)
    "2024": 1.0,  # on 2015-2019: 277 of 300 (289)
    "next": 1.0,  # on all four: 383 of 425 (408)
}


@cache
def interval_scale_inside(election_id: str) -> EmulationResult:
    """The choice rule's emulation of one election for the interval scale: K = 100,
    :data:`CHOICE_DRAWS` draws, seed :data:`CHOICE_SEED`, the estimator chosen for it,
    coverage at every :data:`psephos.forecast.intervals.INTERVAL_SCALES` value."""
    from psephos.forecast.intervals import INTERVAL_SCALES

    return emulate(
        election_id,
        100,
        n_draws=CHOICE_DRAWS,
        seed=CHOICE_SEED,
        settings=chosen_exit_poll_settings(election_id),
        interval_scales=INTERVAL_SCALES,
    )


def choose_exit_poll_interval_scale(election_id: str) -> float:
    """The rule for the exit poll's seat intervals: the
    :data:`psephos.forecast.intervals.INTERVAL_SCALES` value whose coverage (scored parties
    whose real seats lie in their 90% interval, over the draws of
    :func:`interval_scale_inside`) over the elections before ``election_id`` (``next``: all)
    is closest to 90% (:func:`psephos.forecast.intervals.closest_scale`); 1 for the first.
    Slow; :data:`CHOSEN_EXIT_POLL_INTERVAL_SCALE` records its answers."""
    from psephos.forecast.intervals import INTERVAL_SCALES, closest_scale

    earlier = EMULATED[: EMULATED.index(election_id)] if election_id in EMULATED else EMULATED
    if not earlier:
        return 1.0
    runs = [interval_scale_inside(e) for e in earlier]
    coverage = {
        scale: (
            sum(sum(run.inside[scale].values()) for run in runs),
            sum(run.n_draws * len(run.scored_parties) for run in runs),
        )
        for scale in INTERVAL_SCALES
    }
    return closest_scale(coverage)


#: Elections with an exit-poll emulation, in date order.
EMULATED: tuple[str, ...] = ("2015", "2017", "2019", "2024")
#: Draws and seed of the choice rule (K = 100).
CHOICE_DRAWS, CHOICE_SEED = 25, 12


def choose_exit_poll_settings(
    election_id: str, grid: tuple[ExitPollSettings, ...] = EXIT_POLL_GRID
) -> ExitPollSettings:
    """The choice rule: the ``grid`` setting with the lowest mean error at K = 100
    (:data:`CHOICE_DRAWS` draws, seed :data:`CHOICE_SEED`) over the elections before
    ``election_id`` (``next``: all). Slow; :data:`CHOSEN_EXIT_POLL` records its answers on
    :data:`EXIT_POLL_GRID`, :data:`CHOSEN_POOLED` on :data:`POOLED_GRID`."""
    earlier = EMULATED[: EMULATED.index(election_id)] if election_id in EMULATED else EMULATED
    if not earlier:
        return ExitPollSettings()
    scores = [
        (
            float(
                np.mean(
                    [
                        emulate(
                            e, 100, n_draws=CHOICE_DRAWS, seed=CHOICE_SEED, settings=setting
                        ).mean_error
                        for e in earlier
                    ]
                )
            ),
            index,
        )
        for index, setting in enumerate(grid)
    ]
    return grid[min(scores)[1]]


def exit_poll(
    base: Election,
    sample_codes: Sequence[str],
    observed_shares: FloatArray,
    *,
    standing: npt.ArrayLike | None = None,
    settings: ExitPollSettings | None = None,
    feature_set: str | None = None,
    recommended: FloatArray | None = None,
) -> ExitPollEstimate:
    """Exit-poll estimate from observed shares at a sample of seats (by ONS code).

    Args:
        base: the base election on the same boundaries.
        sample_codes: ONS codes of the sampled seats.
        observed_shares: their shares now, (n_sample, n_parties) in ``base.parties`` order.
        standing: who stands now, seats x parties (default: the bundled nominations of the
            election that followed the base, where there is one, else who stood in the base:
            :func:`psephos.projection.candidates.next_nominations`).
        settings: the estimator and its settings (default: those chosen for a live night on
            every earlier election, ``chosen_exit_poll_settings("next")``: the linear
            regression with the tactical features and the sites' picks).
        feature_set: given without ``settings``: the linear estimator with these features
            (``plain``, ``tactical``, ``regional``) and its live-night settings.
        recommended: the tactical-voting sites' picks, seats x parties (share of the sites
            recommending each party; :func:`psephos.projection.national.read_recommendations`),
            a seat feature where the settings use it (the live night's do); ``None``: none.

    Raises:
        UnsupportedCountryError: a base whose country has no exit-poll model (Canada).
    """
    require(EXIT_POLL, base)
    if settings is None:
        settings = (
            chosen_exit_poll_settings("next")
            if feature_set is None
            else linear_settings("next", feature_set)
        )
    from psephos.projection.candidates import standing_or_next_nominations

    characteristics = SeatCharacteristics.build(
        base, standing_or_next_nominations(base, standing), recommended
    )
    sample = [base.seat_index(code) for code in sample_codes]
    return run_estimator(characteristics, base.parties, sample, observed_shares, settings)


#: The broadcasters' (BBC/ITV/Sky) exit-poll seat figures, published at 22:00 on the night.
REAL_EXIT_POLL: dict[str, dict[str, int]] = {
    "2015": {"Con": 316, "Lab": 239, "SNP": 58, "LD": 10, "PC": 4, "UKIP": 2, "Green": 2},
    "2017": {"Con": 314, "Lab": 266, "LD": 14, "SNP": 34},
    "2019": {"Con": 368, "Lab": 191, "SNP": 55, "LD": 13},
    "2024": {"Lab": 410, "Con": 131, "LD": 61, "SNP": 10, "Reform": 13, "Green": 2},
}
#: Mean per-party absolute seat error of the real exit polls (GB parties with >= 5 seats), as
#: computed from :data:`REAL_EXIT_POLL` and the results (2015: Con 316 against 330, Lab 239
#: against 232, SNP 58 against 56, LD 10 against 8; a test reckons every year again).
REAL_EXIT_POLL_ERROR: dict[str, float] = {"2015": 6.25, "2017": 2.5, "2019": 5.75, "2024": 6.2}


def exit_poll_from_results(
    base: Election,
    sample: Election,
    *,
    standing: npt.ArrayLike | None = None,
    settings: ExitPollSettings | None = None,
    feature_set: str | None = None,
    recommended: FloatArray | None = None,
) -> ExitPollEstimate:
    """Exit-poll estimate from whole-seat results at a sample of seats (settings and the
    sites' ``recommended`` picks as :func:`exit_poll`).

    ``sample`` holds the sampled seats' votes (e.g. read by
    :func:`psephos.io.read_results_csv`); its seats are matched to ``base`` by ONS code (or
    name) and its parties by code. Who stands elsewhere is ``standing`` (default as
    :func:`exit_poll`: the following election's bundled nominations, else who stood in
    the base); in the sampled seats it is whoever has votes. The picks are only those given:
    the command's and the web form's default, the set bundled for the election after
    ``base``, is :func:`psephos.projection.national.resolve_recommendations`.

    Raises:
        UnknownConstituencyError: a sampled seat that is not in the base.
        DataFormatError: a party the base does not know, a seat listed twice, a seat with no
            votes, or fewer than :data:`MIN_SAMPLE_SEATS` seats (in all, or in Great Britain,
            where the change is modelled).
        UnsupportedCountryError: a base whose country has no exit-poll model (Canada).
    """
    require(EXIT_POLL, base)
    unknown = [
        p
        for j, p in enumerate(sample.parties)
        if p not in base.parties and sample.votes[:, j].sum() > 0
    ]
    if unknown:
        raise DataFormatError(
            f"Parties not in the base election {base.id!r}: {', '.join(unknown)}; the exit poll "
            "measures change from the base, so every party needs a base column."
        )
    rows = [base.seat_index(seat.code) for seat in sample.constituencies]
    if len(set(rows)) != len(rows):
        raise DataFormatError("A seat appears twice in the exit-poll sample.")
    observed = np.zeros((len(rows), len(base.parties)))
    for j, party in enumerate(sample.parties):
        if party in base.parties:
            observed[:, base.parties.index(party)] += sample.votes[:, j]
    totals = observed.sum(axis=1)
    if np.any(totals <= 0):
        empty = sample.constituencies[int(np.argmin(totals))].name
        raise DataFormatError(f"Sampled seat {empty!r} has no votes.")
    if len(rows) < MIN_SAMPLE_SEATS:
        raise DataFormatError(
            f"The exit-poll sample has {len(rows)} seat; it needs at least {MIN_SAMPLE_SEATS} "
            "(the change is measured across the sampled seats)."
        )
    in_gb = int(base.gb_mask[rows].sum())
    if in_gb < MIN_SAMPLE_SEATS:  # the modelled area: Northern Ireland moves on its own
        raise DataFormatError(
            f"The exit-poll sample has {counted(in_gb, 'seat')} in Great Britain "
            f"({len(rows) - in_gb} in Northern Ireland, which moves only with its own sampled "
            f"seats); it needs at least {MIN_SAMPLE_SEATS} there (the change in Great Britain is "
            "measured across its sampled seats)."
        )
    observed /= totals[:, None]
    from psephos.projection.candidates import standing_or_next_nominations

    standing = standing_or_next_nominations(base, standing)
    stand = np.array(base.votes > 0 if standing is None else standing, dtype=bool)
    if stand.shape != base.votes.shape:
        raise DataFormatError(
            f"standing must be seats x parties {base.votes.shape}, got {stand.shape}."
        )
    stand[rows] = observed > 0
    return exit_poll(
        base,
        [base.codes[i] for i in rows],
        observed,
        standing=stand,
        settings=settings,
        feature_set=feature_set,
        recommended=recommended,
    )


def apart_note(
    seats: Election, estimate: ExitPollEstimate, sampled: Iterable[str], base_name: str
) -> str | None:
    """How an exit poll estimated the seats of the nations modelled apart (the UK's Northern
    Ireland, :attr:`psephos.jurisdictions.Jurisdiction.nations_apart`), which move only with
    their own sampled seats (:func:`estimate`): with none sampled they keep the base result's
    shares, and where the estimator takes no seat error there (``outside_sd`` 0), each seat
    goes to the party ahead, so their parties' ranges have no width. ``sampled``: the sampled
    seats' codes. The one wording of ``psephos exitpoll estimate``'s note and the exit-poll
    page's line. ``None`` for a country without such nations."""
    country = of(seats)
    apart = ~country.main_area_mask(seats)
    if not apart.any():
        return None
    codes = set(sampled)
    nations = listed(country.nations_apart)
    n_sampled = sum(1 for i in np.flatnonzero(apart) if seats.codes[i] in codes)
    probability = estimate.win_probability[apart]
    certain = bool(np.all((probability == 0.0) | (probability == 1.0)))
    how = "goes to the party ahead, for certain (their parties' ranges have no width)"
    seats_apart = f"{nations}'s {counted(int(apart.sum()), 'seat')}"
    if n_sampled == 0:
        return (
            f"{seats_apart} are not estimated: none is in the sample, so each keeps its shares "
            f"from the {base_name}{', and ' + how if certain else ''}."
        )
    return (
        f"{seats_apart} move only with the {counted(n_sampled, 'seat')} sampled there (their "
        f"mean change, shrunk towards none), not with the rest of the sample; each "
        f"{how if certain else 'has its own seat error'}."
    )


#: Most seats a note about a party missing from a sample names.
NOTE_SEATS = 3


def missing_party_notes(
    base: Election, sample: Election, *, standing: npt.ArrayLike | None = None
) -> list[str]:
    """What :func:`exit_poll_from_results` assumes where a sampled seat's rows leave out a
    party that stands there (``standing`` as that function reads it: by default the next
    election's bundled nominations, else the base's field): 0%, as if it did not stand (in a
    sampled seat the field is whoever has votes). One note per party, naming the seats (the
    first :data:`NOTE_SEATS`); a party left out of every sampled seat it stands in gets a note
    of its own, since its change then goes unmeasured: elsewhere it keeps about its base
    share. None where every row is there.

    Raises:
        UnknownConstituencyError: a sampled seat that is not in the base (as
            :func:`exit_poll_from_results`).
    """
    from psephos.projection.candidates import standing_or_next_nominations

    field_ = standing_or_next_nominations(base, standing)
    stands = np.asarray(base.votes > 0 if field_ is None else field_, dtype=bool)
    rows = [base.seat_index(seat.code) for seat in sample.constituencies]
    notes = []
    for column, party in enumerate(base.parties):
        stands_here = stands[rows, column]
        if not stands_here.any():
            continue
        present = (
            sample.votes[:, sample.parties.index(party)] > 0
            if party in sample.parties
            else np.zeros(len(rows), dtype=bool)
        )
        missing = [
            seat.name
            for seat, here, stood in zip(sample.constituencies, present, stands_here, strict=True)
            if stood and not here
        ]
        if missing:
            notes.append(_missing_party_note(party, missing, anywhere=bool(present.any())))
    return notes


def _missing_party_note(party: str, missing: Sequence[str], *, anywhere: bool) -> str:
    """:func:`missing_party_notes`' note for one party left out of the sampled seats
    ``missing`` (where it stands), ``anywhere`` with votes in another sampled seat."""
    shown = first_listed(missing, NOTE_SEATS)
    if anywhere:
        return (
            f"{party} stands in {shown} but the sample has no votes for it there: "
            "read as 0%, as if it did not stand."
        )
    return (
        f"{party} stands in {shown} but the sample has no votes for it in any sampled "
        "seat: read as 0% in all of them, as if it did not stand, so its change is not "
        "measured and elsewhere it keeps about its base share; give its votes where it stood."
    )


def full_slopes(
    base: Election, target: Election, feature_set: str = "tactical", min_seats: int = 30
) -> dict[int, FloatArray]:
    """Standardised slopes of every party's change fitted on all GB seats of a past pair.

    The same standardisation as :func:`estimate` with a prior (over the seats where the party
    stands), so the slopes can serve as the prior of a later election's regression. Parties
    standing in fewer than ``min_seats`` GB seats are left out.
    """
    characteristics = SeatCharacteristics.build(base, target.votes > 0)
    gb = target.gb_mask
    change = target.shares() - characteristics.base_shares
    out: dict[int, FloatArray] = {}
    for party in range(len(target.parties)):
        rows = gb & characteristics.standing[:, party]
        if rows.sum() < min_seats:
            continue
        x = characteristics.features(party, feature_set)[rows]
        scale = x.std(axis=0)
        centre = np.vstack([x.mean(axis=0), np.where(scale > 1e-9, scale, 1.0)])
        coef, _, _ = _ridge_prior(x, change[rows, party], centre, 0.0, (1.0, 1.0))
        out[party] = coef[1:]
    return out


def earlier_slopes(election_id: str, feature_set: str = "tactical") -> dict[int, FloatArray]:
    """Mean standardised slopes over the back-test pairs before ``election_id`` (a
    hierarchical prior for its exit poll; empty when there is no earlier pair)."""
    order = ("2015", "2017", "2019", "2024")
    before = order[: order.index(election_id)] if election_id in order else order
    fits = []
    for year in before:
        target, base = election_pair(year)
        fits.append(full_slopes(base, target, feature_set))
    out: dict[int, FloatArray] = {}
    for party in {p for fit in fits for p in fit}:
        values = [fit[party] for fit in fits if party in fit]
        if values and all(len(v) == len(values[0]) for v in values):
            out[party] = np.mean(values, axis=0)
    return out


@dataclass(frozen=True, slots=True)
class EmulationResult:
    """Exit-poll emulation scores for one election and sample size."""

    election: str
    sample_size: int
    n_draws: int
    feature_set: str
    scored_parties: tuple[str, ...]
    mean_error: float  # mean over draws of the mean per-party absolute seat error
    median_error: float
    p90_error: float
    mean_expected: dict[str, float]
    actual: dict[str, int]
    # interval scale -> party -> draws whose real seats lie in the party's 90% interval
    inside: dict[float, dict[str, int]] = field(default_factory=dict)
    # party -> each draw's seat error: expected GB seats minus the real ones (their mean is the
    # party's bias, mean_expected - actual)
    seat_errors: dict[str, tuple[float, ...]] = field(default_factory=dict)

    def coverage(self, scale: float) -> dict[str, float]:
        """Share of the draws in which each scored party's real seats lie in its 90% interval
        with the shared deviations times ``scale`` (one of the ``interval_scales`` emulated).

        Raises:
            PsephosError: a scale that was not emulated.
        """
        if scale not in self.inside:
            raise PsephosError(
                f"No coverage for interval scale {scale}; emulated: "
                f"{', '.join(str(s) for s in self.inside) or 'none'}."
            )
        return {p: n / self.n_draws for p, n in self.inside[scale].items()}

    def sentence(self) -> str:
        """The scores in words, as ``psephos exitpoll emulate`` prints them under its table
        and its JSON carries them (``headline``): the mean per-party seat error over the
        draws (how many, and of how many seats: a mean over 50 draws is not docs/forecast.md's
        over 100), its median and 90th percentile and, where known, the real exit poll's
        (:data:`REAL_EXIT_POLL_ERROR`)."""
        real = REAL_EXIT_POLL_ERROR.get(self.election)
        comparison = f"; the real exit poll: {real}" if real is not None else ""
        return (
            f"Mean per-party absolute seat error (GB parties with >= 5 seats, scored on "
            f"the winning candidates) over {counted(self.n_draws, 'draw')} of "
            f"{counted(self.sample_size, 'seat')}: {format_number(self.mean_error, '.2f')} (median "
            f"{format_number(self.median_error, '.2f')}, 90th percentile "
            f"{format_number(self.p90_error, '.2f')}){comparison}."
        )


def scored_parties(target: Election, min_seats: int = 5) -> tuple[str, ...]:
    """GB parties with at least ``min_seats`` seats in the result."""
    gb = target.gb_mask
    won = np.bincount(target.winner[gb], minlength=len(target.parties))
    return tuple(
        p
        for j, p in enumerate(target.parties)
        if won[j] >= min_seats and p not in ("Speaker", "Ind", "Other")
    )


def emulate(
    election_id: str,
    sample_size: int,
    *,
    n_draws: int = 100,
    seed: int = 0,
    settings: ExitPollSettings | None = None,
    feature_set: str | None = None,
    prior: LinearPrior | None = None,
    progress: Callable[[int], None] | None = None,
    interval_scales: Sequence[float] = (),
) -> EmulationResult:
    """Treat ``sample_size`` random GB seats' results as the exit poll, many times.

    Only the sampled seats' shares, who stands everywhere, and the base election are used.
    ``settings`` defaults to :func:`chosen_exit_poll_settings` for ``election_id`` (the
    estimator chosen on earlier elections only: the pooled one for 2015, the linear regression
    from 2017 on); ``feature_set`` without ``settings`` runs
    the linear estimator with the settings chosen for ``election_id`` (:func:`chosen_settings`)
    and, optionally, a ``prior`` (e.g. the final polls' change). With the pooled estimator
    each sampled seat's shares carry a measurement error of sd ``settings.pooling.sample_sd``
    (drawn with the same generator), as a polling-station sample would, and the sampled seats are
    predicted, not counted as certain. Seats are scored on the winning candidates
    (:attr:`psephos.model.Election.winner`). ``progress`` is called with 1 after each draw.
    With ``interval_scales`` every draw also checks each scored party's real seats against
    its 90% interval (:meth:`ExitPollEstimate.seat_draws`, seeded by ``[seed, draw]``, the
    shared deviations times each scale; 0: seats independent): :attr:`EmulationResult.inside`.
    The intervals draw from generators of their own, so the samples and scores do not move.

    Raises:
        UnsupportedCountryError: an election whose country has no exit-poll model (Canada).
        PsephosError: a sample size out of range, or ``interval_scales`` with samples of
            fewer than :data:`MIN_INTERVAL_SEATS` seats (which have no interval).
    """
    require(EXIT_POLL, election_id)
    if settings is None:
        settings = (
            chosen_exit_poll_settings(election_id)
            if feature_set is None
            else linear_settings(election_id, feature_set)
        )
    if n_draws < 1:
        raise PsephosError(f"n_draws must be at least 1, got {n_draws}.")
    target, _base, characteristics = emulation_inputs(election_id)
    check_sample_size(target, sample_size)
    gb = np.flatnonzero(target.gb_mask)
    if interval_scales and sample_size < MIN_INTERVAL_SEATS:
        raise PsephosError(
            f"The seat intervals' coverage needs samples of at least {MIN_INTERVAL_SEATS} seats "
            f"(an interval refits the estimate on halves of the sample), got {sample_size}."
        )
    parties = scored_parties(target)
    columns = [target.parties.index(p) for p in parties]
    actual_gb = np.bincount(target.winner[gb], minlength=len(target.parties)).astype(float)
    errors = []
    party_errors = []
    expected_sum = np.zeros(len(target.parties))
    inside = {float(scale): dict.fromkeys(parties, 0) for scale in interval_scales}
    samples = emulation_samples(target, sample_size, n_draws, seed, settings.sample_sd)
    for draw, (sample, observed) in enumerate(samples):
        result = run_estimator(
            characteristics,
            target.parties,
            sample,
            observed,
            settings,
            prior,
            winners=target.winner[sample],  # the winning candidates, not party totals
        )
        expected = result.win_probability[gb].sum(axis=0)
        expected_sum += expected
        party_errors.append(expected[columns] - actual_gb[columns])
        errors.append(float(np.abs(party_errors[-1]).mean()))
        if inside:
            draws = result.seat_draws(seed=[seed, draw])
            for scale, counts in inside.items():
                intervals = draws.intervals(scale)
                for party, column in zip(parties, columns, strict=True):
                    low, high = intervals.get(party, (0, 0))
                    counts[party] += int(low <= actual_gb[column] <= high)
        if progress is not None:
            progress(1)
    values = np.array(errors)
    mean_expected = expected_sum / n_draws
    return EmulationResult(
        election=election_id,
        sample_size=sample_size,
        n_draws=n_draws,
        feature_set=settings.linear.feature_set if settings.estimator == "linear" else "pooled",
        scored_parties=parties,
        mean_error=float(values.mean()),
        median_error=float(np.median(values)),
        p90_error=float(np.quantile(values, 0.9)),
        mean_expected={
            p: round(float(mean_expected[j]), 1) for p, j in zip(parties, columns, strict=True)
        },
        actual={p: int(actual_gb[j]) for p, j in zip(parties, columns, strict=True)},
        inside=inside,
        seat_errors={
            p: tuple(float(e) for e in np.array(party_errors)[:, i]) for i, p in enumerate(parties)
        },
    )


def emulation_samples(
    target: Election, sample_size: int, n_draws: int, seed: int, sample_sd: float
) -> Iterator[tuple[IntArray, FloatArray]]:
    """The emulation's draws: ``sample_size`` random Great Britain seats of ``target`` (sorted)
    and their shares measured with sd ``sample_sd`` (:func:`measured_shares`), ``n_draws``
    times, all from one generator seeded with ``seed``."""
    gb = np.flatnonzero(target.gb_mask)
    shares = target.shares()
    rng = np.random.default_rng(seed)
    for _ in range(n_draws):
        sample = np.sort(rng.choice(gb, size=sample_size, replace=False))
        yield sample, measured_shares(shares[sample], sample_sd, rng)


@cache
def emulation_inputs(election_id: str) -> tuple[Election, Election, SeatCharacteristics]:
    """An emulated exit poll's election, its base and what is known before the count: who
    stands (the election's candidates) and the tactical-voting sites' picks published before
    polling day (where bundled). :func:`emulate` and the web app's emulation both start here.
    Built once per election (nothing here depends on the sample), so the characteristics'
    seat distances and design matrices are built once too.

    Raises:
        UnsupportedCountryError: an election whose country has no exit-poll model (Canada).
    """
    from psephos.projection.national import site_recommendations

    require(EXIT_POLL, election_id)
    target, base = election_pair(election_id)
    characteristics = SeatCharacteristics.build(
        base, target.votes > 0, site_recommendations(base, election_id)
    )
    return target, base, characteristics


def measured_shares(shares: FloatArray, sd: float, rng: np.random.Generator) -> FloatArray:
    """Shares as an exit poll measures them: each standing party's share plus a normal error
    of sd ``sd``, floored at 0.1% and renormalised (``sd`` 0: the shares themselves)."""
    if sd <= 0:
        return np.asarray(shares, dtype=np.float64)
    noisy = np.where(
        shares > 0, np.clip(shares + rng.normal(0.0, sd, shares.shape), 1e-3, None), 0.0
    )
    out: FloatArray = noisy / noisy.sum(axis=1, keepdims=True)
    return out
