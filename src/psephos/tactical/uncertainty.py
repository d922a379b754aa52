"""Per-seat vote-share uncertainty: what tactical advice reasons over.

The advice engine needs, for every seat, a distribution of vote shares (who can win, and how
likely each pair of parties is to be level). It takes either

* simulation draws ``(n_sims, n_seats, n_parties)`` from any forecast (:meth:`from_draws`), or
* an :class:`~psephos.model.Election` (a real result or a projection) whose shares are the
  means, plus a documented error model (:meth:`from_election`).

The error model is psephos.forecast's (:mod:`psephos.forecast.errors_model`), so the advice
and the forecast draw from one family: the three-layer model of UK seat forecasts (Hanretty,
Lauderdale & Vivyan 2016, "Combining national and constituency polling for forecasting",
*Electoral Studies* 41): a national error per party shared by all seats, a regional error per
region and party, and an independent seat error. Each layer's standard deviation is a scale
times the binomial spread ``sqrt(s(1 - s))`` of the share, so a party on 5% is not given the
absolute error of a party on 40%. Parties that did not stand keep 0; shares are clipped at 0
and renormalised. The default is the forecast's :class:`~psephos.forecast.LayeredErrors`
(2.5 points national for a party on 35%); :func:`long_range_errors` widens the layers of any
of its families (Normal, Student-t) for advice given years before an election.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from psephos.errors import InvalidSharesError, PsephosError
from psephos.model import Election
from psephos.tactical.decisive import tie_probability

FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


@runtime_checkable
class ShareErrorModel(Protocol):
    """Draws simulated shares around mean shares (the interchangeable error models)."""

    @property
    def name(self) -> str:
        """Registry name."""
        ...

    def draw(
        self,
        mean_shares: FloatArray,
        region_of_seat: IntArray,
        n_sims: int,
        rng: np.random.Generator,
    ) -> Float32Array:
        """``(n_sims, n_seats, n_parties)`` simulated shares, rows summing to 1."""
        ...


def _spread(shares: npt.ArrayLike) -> FloatArray:
    values = np.clip(np.asarray(shares, dtype=np.float64), 0.0, 1.0)
    return np.sqrt(values * (1.0 - values))


#: Scales of the long-range model (national, regional, seat): national 0.17 is about 8 points
#: at 35%, the typical change in a party's share between UK elections.
LONG_RANGE_SCALES: tuple[float, float, float] = (0.17, 0.05, 0.10)


@dataclass(frozen=True, slots=True)
class ForecastErrors:
    """Adapter: any :class:`psephos.forecast.ErrorModel` (its public ``draw_offsets`` and
    ``seat_sd``) as a :class:`ShareErrorModel`, so the forecast package's error models
    (layered Normal by default, Student-t national and regional errors...) drive the advice.

    Shared (national + regional) offsets come from ``draw_offsets``; the seat layer is Normal
    with sd ``seat_sd(sqrt(s(1-s)))`` per seat and party.
    """

    model: Any
    name: str = "forecast"

    def draw(
        self,
        mean_shares: FloatArray,
        region_of_seat: IntArray,
        n_sims: int,
        rng: np.random.Generator,
    ) -> Float32Array:
        """See :meth:`ShareErrorModel.draw`."""
        mean = np.asarray(mean_shares, dtype=np.float64)
        n_seats, n_parties = mean.shape
        n_regions = int(region_of_seat.max()) + 1 if n_seats else 0
        regional_share = np.zeros((n_regions, n_parties))
        np.add.at(regional_share, region_of_seat, mean)
        counts = np.bincount(region_of_seat, minlength=n_regions)[:, None]
        regional_share /= np.maximum(counts, 1)
        offsets = np.asarray(
            self.model.draw_offsets(
                rng, n_sims, _spread(mean.mean(axis=0)), _spread(regional_share)
            ),
            dtype=np.float32,
        )
        seat_sd = np.asarray(self.model.seat_sd(_spread(mean)), dtype=np.float32)
        draws = rng.standard_normal((n_sims, n_seats, n_parties), dtype=np.float32)
        draws *= seat_sd
        draws += offsets[:, region_of_seat, :]
        draws += mean.astype(np.float32)
        draws *= (mean > 0).astype(np.float32)
        np.maximum(draws, 0.0, out=draws)
        totals = draws.sum(axis=-1, keepdims=True)
        totals[totals <= 0] = 1.0
        draws /= totals
        return draws


def long_range_errors(name: str = "normal") -> ForecastErrors:
    """Advice years before an election from the last result: the forecast registry's model
    ``name`` (``normal``, ``student-t``...) with the widened scales of
    :data:`LONG_RANGE_SCALES`, its tails kept. Named ``long-range`` (Normal) or
    ``long-range <name>``, so the reasoning text says which family was used.

    Raises:
        PsephosError: an unknown model, or one without national, regional and seat scales
            to widen.
    """
    from psephos.forecast import LayeredErrors, get_error_model

    model = get_error_model(name)
    if not isinstance(model, LayeredErrors):
        raise PsephosError(
            f"The {name} error model has no national, regional and seat scales to widen for "
            "long-range advice; give normal or student-t errors, or a poll."
        )
    label = "long-range" if name == "normal" else f"long-range {name}"
    national, regional, seat = LONG_RANGE_SCALES
    widened = replace(
        model, national_scale=national, regional_scale=regional, seat_scale=seat, name=label
    )
    return ForecastErrors(widened, label)


def get_share_error_model(name: str, *, long_range: bool = False) -> ShareErrorModel:
    """An error model by name from the forecast package's registry (``normal``,
    ``student-t``...), adapted with :class:`ForecastErrors`. ``long_range`` widens its
    scales (:func:`long_range_errors`), whatever its family.

    Raises:
        PsephosError: naming the available models.
    """
    if long_range:
        return long_range_errors(name)
    from psephos.forecast import get_error_model  # the forecast package's public registry

    return ForecastErrors(get_error_model(name), name=name)


def contest_means(election: Election, shares: npt.ArrayLike | None = None) -> FloatArray:
    """Mean shares as a seat's contest is decided: each party's strongest candidate
    (:meth:`~psephos.model.Election.contest_shares`: three Independents are three candidates,
    not one party of their summed votes), the other candidates' votes shared in proportion;
    rows sum to 1.

    Args:
        election: a result naming its candidates (without them, its shares as they are).
        shares: seats x parties shares on ``election``'s seats and parties to read the same
            way (a projection of ``election`` to a poll): each column keeps the part its
            strongest candidate had of it in ``election`` (default: ``election``'s shares).
    """
    result = election.shares()
    strongest = np.divide(
        election.contest_shares(), result, out=np.ones(result.shape), where=result > 0
    )
    values = (result if shares is None else np.asarray(shares, dtype=np.float64)) * strongest
    totals = values.sum(axis=1, keepdims=True)
    return np.divide(values, totals, out=np.zeros(values.shape), where=totals > 0)


@dataclass(frozen=True, slots=True, eq=False)
class SeatUncertainty:
    """Simulated vote shares for every seat of an election, and what follows from them.

    Attributes:
        election: seats, parties and the base numbers (valid votes per seat).
        draws: ``(n_sims, n_seats, n_parties)`` float32 shares.
        n_votes: votes expected to be cast per seat (the margin in votes is share x this).
        source: how the draws were made (for the reasoning text).
        projection: the :class:`psephos.projection.Projection` the means come from, when the
            advice is for a poll (``None`` otherwise).
        centre: seats x parties shares the draws are drawn around (:meth:`from_election`: the
            result's, or the projection's point shares, as ``psephos project`` lists them),
            quoted as the seat's expected shares (:attr:`expected_shares`); ``None`` for draws
            given as they are (:meth:`from_draws`).
    """

    election: Election
    draws: Float32Array
    n_votes: FloatArray
    source: str = ""
    projection: Any = None
    centre: FloatArray | None = None
    _cache: dict[str, npt.NDArray[Any]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        shape = self.draws.shape
        if len(shape) != 3 or shape[1:] != self.election.votes.shape:
            raise InvalidSharesError(
                f"draws must have shape (n_sims, {self.election.n_seats}, "
                f"{len(self.election.parties)}), got {shape}."
            )
        if shape[0] < 2:
            raise InvalidSharesError("at least 2 simulations are needed.")
        if not np.isfinite(self.draws).all() or (self.draws < 0).any():
            raise InvalidSharesError("draws must be finite, non-negative shares.")

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_election(
        cls,
        election: Election,
        *,
        mean_shares: npt.ArrayLike | None = None,
        error_model: ShareErrorModel | None = None,
        n_sims: int = 2000,
        seed: int | None = None,
        source: str | None = None,
        projection: Any = None,
    ) -> SeatUncertainty:
        """Draw shares around an election's shares (or given mean shares on its seats).

        Args:
            election: a result or projection; its shares are the means unless
                ``mean_shares`` is given: each party's strongest candidate's
                (:func:`contest_means`).
            mean_shares: seats x parties mean shares (e.g. a projection).
            error_model: default the forecast's layered Normal model
                (``get_share_error_model("normal")``).
            n_sims: simulations (2,000 gives win probabilities to about +-1 point).
            seed: same seed, same draws.
            source: a phrase for the reasoning text ("the 2024 result").
            projection: the projection ``election`` comes from, kept for reports.
        """
        mean = contest_means(election) if mean_shares is None else np.asarray(mean_shares, float)
        if mean.shape != election.votes.shape:
            raise InvalidSharesError(
                f"mean_shares must have shape {election.votes.shape}, got {mean.shape}."
            )
        if n_sims < 2:
            raise PsephosError(f"n_sims must be 2 or more, got {n_sims}.")
        model = error_model or get_share_error_model("normal")
        _, region_of_seat = np.unique(election.regions, return_inverse=True)
        rng = np.random.default_rng(seed)
        draws = model.draw(mean, region_of_seat.astype(np.int64), n_sims, rng)
        return cls(
            election=election,
            draws=draws,
            n_votes=election.valid_votes.astype(np.float64),
            source=source or f"{election.name} with {model.name} errors",
            projection=projection,
            centre=mean,
        )

    @classmethod
    def from_draws(
        cls, election: Election, draws: npt.ArrayLike, *, source: str = "simulation draws"
    ) -> SeatUncertainty:
        """Use simulation draws ``(n_sims, n_seats, n_parties)`` from a forecast (shares or
        votes; each row is normalised to shares)."""
        values = np.asarray(draws, dtype=np.float32)
        if values.ndim != 3:
            raise InvalidSharesError(f"draws must be 3-dimensional, got shape {values.shape}.")
        totals = values.sum(axis=-1, keepdims=True)
        values = values / np.where(totals > 0, totals, 1.0)
        return cls(election, values, election.valid_votes.astype(np.float64), source)

    # -- summaries ----------------------------------------------------------------------------
    @property
    def n_sims(self) -> int:
        """Number of simulations."""
        return int(self.draws.shape[0])

    def _cached(self, key: str, build: Callable[[], npt.NDArray[Any]]) -> npt.NDArray[Any]:
        """A derived array computed once per object (the object itself is frozen)."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    @property
    def mean_shares(self) -> FloatArray:
        """Seats x parties mean simulated share."""
        return self._cached(
            "mean_shares", lambda: np.asarray(self.draws.mean(axis=0, dtype=np.float64))
        )

    @property
    def expected_shares(self) -> FloatArray:
        """Seats x parties expected share, as advice quotes it: the shares the draws are drawn
        around (:attr:`centre`: a projection's point shares, the same as ``psephos project``
        gives), else, for draws given as they are, their mean (:attr:`mean_shares`)."""
        return self.mean_shares if self.centre is None else self.centre

    @property
    def winners(self) -> IntArray:
        """``(n_sims, n_seats)`` winning party per simulation."""
        return self._cached(
            "winners", lambda: np.asarray(self.draws.argmax(axis=-1), dtype=np.int64)
        )

    @property
    def win_probability(self) -> FloatArray:
        """Seats x parties probability of winning."""

        def build() -> FloatArray:
            n_parties = self.draws.shape[2]
            counts = np.zeros((self.election.n_seats, n_parties))
            seats = np.broadcast_to(np.arange(self.election.n_seats), self.winners.shape)
            np.add.at(counts, (seats.ravel(), self.winners.ravel()), 1.0)
            return counts / self.n_sims

        return self._cached("win_probability", build)

    @property
    def seat_totals(self) -> IntArray:
        """``(n_sims, n_parties)`` seats won per simulation."""

        def build() -> IntArray:
            n_parties = self.draws.shape[2]
            offsets = np.arange(self.n_sims)[:, None] * n_parties
            flat = np.bincount((self.winners + offsets).ravel(), minlength=self.n_sims * n_parties)
            return flat.reshape(self.n_sims, n_parties).astype(np.int64)

        return self._cached("seat_totals", build)

    def seat(self, seat: str) -> int:
        """Seat position by name or ONS code (raises UnknownConstituencyError)."""
        return self.election.seat_index(seat)

    def margin(self, position: int, party_a: int, party_b: int) -> FloatArray:
        """Simulated share margin of A over B in one seat."""
        return np.asarray(
            self.draws[:, position, party_a] - self.draws[:, position, party_b], dtype=np.float64
        )

    def tie_weights(self, position: int, party_a: int, party_b: int) -> FloatArray:
        """Weights of the simulations by how close they are to an A-B tie for first place.

        A Normal kernel in the A-B margin (bandwidth half the margin's sd), times the chance
        that A and B are the top two in that simulation (0 or 1). Weights are rescaled so the
        largest is 1, which keeps far-from-tied seats usable: the simulations nearest a tie
        stand in for the national picture given a tie (Gelman et al. 2012 condition the same
        way on the state being close).
        """
        margin = self.margin(position, party_a, party_b)
        sd = max(float(margin.std()), 1e-6)
        shares = self.draws[:, position, :]
        level = np.minimum(shares[:, party_a], shares[:, party_b])
        others = shares.copy()
        others[:, [party_a, party_b]] = -1.0
        top_two = level >= others.max(axis=1)
        log_w = -0.5 * (margin / (0.5 * sd)) ** 2
        log_w = np.where(top_two, log_w, -np.inf)
        if not np.isfinite(log_w).any():
            # A and B are never the top two: fall back on the closest simulations anyway.
            log_w = -0.5 * (margin / (0.5 * sd)) ** 2 - 50.0
        return np.asarray(np.exp(log_w - log_w.max()), dtype=np.float64)

    def tie_density(self, position: int, party_a: int, party_b: int) -> float:
        """Probability that A and B are level for first place, within one vote.

        ``f_M(0) / n``: the A-B share margin ``M`` is taken as Normal with the simulations'
        mean and sd (a Normal approximation that extrapolates into tails no finite set of
        draws reaches), times the probability that A and B are the top two when they are
        level, estimated from the simulations nearest a tie (a Normal kernel in the margin,
        bandwidth half its sd). See :meth:`tie_matrix`.
        """
        return float(self.tie_matrix(position)[party_a, party_b])

    def tie_matrix(self, position: int) -> FloatArray:
        """Parties x parties one-vote tie probabilities for first place in one seat (cached).

        Vectorised over every pair of standing parties; zero on the diagonal and for parties
        that do not stand.
        """
        return self._cached(f"ties:{position}", lambda: self._tie_matrix(position))

    def _tie_matrix(self, position: int) -> FloatArray:
        n_parties = self.draws.shape[2]
        out = np.zeros((n_parties, n_parties))
        standing = np.flatnonzero(self.mean_shares[position] > 0)
        if len(standing) >= 2:
            shares = np.asarray(self.draws[:, position, standing], dtype=np.float64)
            second = np.sort(shares, axis=1)[:, -2]
            margin = shares[:, :, None] - shares[:, None, :]
            mean = margin.mean(axis=0)
            sd = margin.std(axis=0)
            density = tie_probability(mean, np.maximum(sd, 1e-4), self.n_votes[position])
            log_w = -0.5 * (margin / (0.5 * np.maximum(sd, 1e-6))) ** 2
            weights = np.exp(log_w - log_w.max(axis=0))
            top_two = np.minimum(shares[:, :, None], shares[:, None, :]) >= second[:, None, None]
            given_tie = (weights * top_two).sum(axis=0) / weights.sum(axis=0)
            ties = density * given_tie
            np.fill_diagonal(ties, 0.0)
            out[np.ix_(standing, standing)] = ties
        return out

    def top_two_given_tie(self, position: int, party_a: int, party_b: int) -> float:
        """Share of near-tie simulations in which A and B are the top two parties."""
        margin = self.margin(position, party_a, party_b)
        sd = max(float(margin.std()), 1e-6)
        log_w = -0.5 * (margin / (0.5 * sd)) ** 2
        w = np.exp(log_w - log_w.max())
        shares = self.draws[:, position, :]
        second = np.sort(shares, axis=1)[:, -2]
        top_two = np.minimum(shares[:, party_a], shares[:, party_b]) >= second
        return float((w * top_two).sum() / w.sum())

    def other_totals(self, position: int) -> IntArray:
        """``(n_sims, n_parties)`` seats won outside one seat in each simulation."""
        totals = self.seat_totals.copy()
        totals[np.arange(self.n_sims), self.winners[:, position]] -= 1
        return totals
