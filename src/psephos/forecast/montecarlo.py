"""Monte Carlo forecast: seat win probabilities and seat-total distributions from a projection.

Input is a base :class:`~psephos.model.Election` (seats, regions, party order) and a projected
mean vote-share array (seats x parties), from any projection model. Each simulation draws a
national and a regional error per party (see :mod:`psephos.forecast.errors_model`) and then the
winner of every seat.

The fast algorithm (:func:`simulate`) avoids drawing a seat x party error for every seat:

1. **Contenders only.** A party further behind the projected leader than ``cutoff`` standard
   deviations of the shared (national + regional) difference plus ``tail_cutoff`` Gumbel scales
   of the seat layer is treated as unable to win (chance below about 1.3e-5); seats with one
   contender are decided once, not per simulation. At most ``max_contenders`` parties per seat
   are kept.
2. **Closed-form conditional winner.** Seat errors are Gumbel, so given the national and regional
   draw the winner among the contenders follows the multinomial logit. For two contenders the
   winner is decided by comparing the conditional margin with one logistic variate (from 16-bit
   random integers and a 65,536-entry quantile table); for three or more, by inverse-CDF
   sampling of the conditional logit probabilities with one float32 uniform per seat and
   simulation.
3. **Counts, not draws.** Each chunk of simulations is reduced to integer counts (seat wins,
   seat-total histograms, majorities, coalitions) that add up across chunks, threads or machines
   (:mod:`psephos.forecast.distributed`), so memory stays bounded for any number of simulations.

:func:`simulate_naive_chunk` is the plain implementation of the same model (a Gumbel seat
error for every seat and standing party, argmax): the reference the fast algorithm is tested
and timed against.

References: Hanretty, Lauderdale & Vivyan (2016), *Electoral Studies* 41; McFadden (1974)
"Conditional logit analysis of qualitative choice behavior"; Gumbel (1958) *Statistics of
Extremes*.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from psephos import jurisdictions
from psephos.errors import InvalidSharesError, PsephosError, unknown_choice
from psephos.forecast.errors_model import ErrorModel, LayeredErrors, binomial_spread
from psephos.government.coalitions import connection
from psephos.government.parliament import voting_members
from psephos.jurisdictions import ParliamentRules
from psephos.model import Election, night_label, nominal_majority
from psephos.numbers import counted, one_in

if TYPE_CHECKING:
    from psephos.projection import Projection

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_TABLE_SIZE = 65536
_U = (np.arange(_TABLE_SIZE, dtype=np.float64) + 0.5) / _TABLE_SIZE
#: Quantiles of the standard logistic distribution at 65,536 mid-points.
LOGISTIC_TABLE = np.log(_U / (1.0 - _U)).astype(np.float32)
#: Gumbel scale giving a seat error of unit standard deviation: sd = pi * beta / sqrt(6).
GUMBEL_SCALE_PER_SD = math.sqrt(6.0) / math.pi


@dataclass(frozen=True, slots=True)
class SimulationPlan:
    """Everything a chunk of simulations needs, precomputed once from a projection.

    Built by :func:`plan_forecast`; plain arrays so it pickles to worker processes.
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]  # the seats' names, in ``codes`` order
    parties: tuple[str, ...]
    region_names: tuple[str, ...]
    region_of_seat: IntArray
    mean_shares: FloatArray
    national_spread: FloatArray
    regional_spread: FloatArray
    error_model: ErrorModel
    # seats with one contender: seat -> party
    fixed_seats: IntArray
    fixed_party: IntArray
    # seats with no result (no votes for two or more candidates): no party's in any draw
    empty_seats: IntArray
    # two-contender seats, sorted by (a, b, region)
    pair_seats: IntArray
    pair_a: IntArray
    pair_b: IntArray
    pair_combo_index: IntArray  # (n_combos, 3): region, a, b
    pair_combo_count: IntArray  # seats per combo, in pair_seats order
    pair_inv_beta: npt.NDArray[np.float32]
    pair_margin_over_beta: npt.NDArray[np.float32]
    pair_group_starts: IntArray  # starts of runs with equal (a, b)
    pair_group_parties: IntArray  # (n_groups, 2)
    # multi-contender seats (3..max_contenders), padded with -inf
    multi_seats: IntArray
    multi_party: IntArray  # (n, K)
    multi_flat_index: IntArray  # (n, K) region * n_parties + party
    multi_mean: npt.NDArray[np.float32]  # (n, K)
    multi_beta: npt.NDArray[np.float32]  # (n,)
    multi_group_starts: IntArray  # runs of seats with the same number of contenders
    multi_group_width: IntArray  # contenders in each run
    # government arithmetic
    speaker_index: int
    non_voting: IntArray
    coalitions: tuple[tuple[str, ...], ...]
    coalition_members: IntArray  # (n_coalitions, max_size), padded with n_parties
    # parties between a group's outermost members on the left-right order, not in it
    coalition_between: npt.NDArray[np.bool_]  # (n_coalitions, n_parties)
    # members a connected group must need (its ends on the order and unplaced members; one in
    # the middle is needed to stay connected)
    coalition_ends: npt.NDArray[np.bool_]  # (n_coalitions, max_size)
    # the chamber's rules for a new Parliament (who votes: voting_members)
    chamber: ParliamentRules
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def n_seats(self) -> int:
        """Number of seats."""
        return len(self.codes)

    @property
    def n_parties(self) -> int:
        """Number of parties."""
        return len(self.parties)


def _regional_shares(
    shares: FloatArray, weights: FloatArray, region_of_seat: IntArray, n_regions: int
) -> FloatArray:
    totals = np.zeros((n_regions, shares.shape[1]))
    np.add.at(totals, region_of_seat, shares * weights[:, None])
    sums = totals.sum(axis=1, keepdims=True)
    return np.divide(totals, sums, out=np.zeros_like(totals), where=sums > 0)


def _shares_of(mean_shares: npt.ArrayLike | Projection) -> npt.ArrayLike:
    """Per-seat mean shares: an array as given, a projection's each party's strongest
    candidate's (:meth:`~psephos.projection.Projection.contest_shares`)."""
    from psephos.projection import Projection

    return mean_shares.contest_shares() if isinstance(mean_shares, Projection) else mean_shares


def plan_forecast(
    base: Election,
    mean_shares: npt.ArrayLike | Projection,
    error_model: ErrorModel | None = None,
    *,
    cutoff: float = 4.5,
    tail_cutoff: float = 11.5,
    max_contenders: int = 8,
    max_coalition_size: int = 3,
) -> SimulationPlan:
    """Precompute the contenders, error spreads and coalition list for a forecast.

    Args:
        base: supplies seats, regions, party order and turnout weights.
        mean_shares: projected mean vote shares, ``(n_seats, n_parties)``, rows summing to 1
            (a party not standing has 0), or a :class:`~psephos.projection.Projection` of
            ``base``, whose :meth:`~psephos.projection.Projection.contest_shares` are read.
        error_model: defaults to :class:`~psephos.forecast.errors_model.LayeredErrors`
            (see :func:`forecast` for the error sizes of ``psephos forecast``).
        cutoff: with ``tail_cutoff``, which parties are simulated in a seat: a party is left
            out when its projected gap to the leader exceeds ``cutoff`` standard deviations of
            the shared (national + regional) difference plus ``tail_cutoff`` Gumbel scales of
            the seat layer. The seat-layer difference is logistic, whose tail is exponential
            (``P(L > x) < exp(-x)``), so each left-out party's chance is below about
            ``Phi(-cutoff) + exp(-tail_cutoff)``, 1.3e-5 at the defaults.
        tail_cutoff: see ``cutoff``.
        max_contenders: most parties simulated per seat (the likeliest ones).
        max_coalition_size: largest coalition listed among government options.

    A seat where no party has a share (won unopposed: no votes) is its winner's for certain.

    Raises:
        InvalidSharesError: if the shares have the wrong shape, are negative or not finite;
            an election of one party.
    """
    model: ErrorModel = LayeredErrors() if error_model is None else error_model
    shares = np.asarray(_shares_of(mean_shares), dtype=np.float64)
    if shares.shape != (base.n_seats, len(base.parties)):
        raise InvalidSharesError(
            f"mean_shares must have shape {(base.n_seats, len(base.parties))} (seats x parties), "
            f"got {shares.shape}."
        )
    if not np.all(np.isfinite(shares)) or np.any(shares < 0):
        raise InvalidSharesError("mean_shares must be finite and non-negative.")
    if len(base.parties) < 2:
        raise InvalidSharesError(
            f"{base.name} has one party, {base.label(base.parties[0])}, which wins every seat: "
            "a forecast needs two parties or more."
        )
    row_sums = shares.sum(axis=1, keepdims=True)
    no_votes = row_sums[:, 0] <= 0
    # no votes where two or more candidates stood (a count not entered): no party's seat in any
    # draw, as in the projection (Election.no_result); its row stays empty
    empty = no_votes & base.no_result()
    unopposed = no_votes & ~empty
    if no_votes.any():  # no votes (won unopposed): the seat's winner holds it for certain
        shares = shares.copy()
        shares[unopposed, np.asarray(base.winner)[unopposed]] = 1.0
        row_sums = shares.sum(axis=1, keepdims=True)
        row_sums[empty] = 1.0
    shares = shares / row_sums
    if not 1 <= max_contenders <= 8:
        raise PsephosError(f"max_contenders must be between 1 and 8, got {max_contenders}.")
    n_seats, n_parties = shares.shape
    region_names = tuple(sorted({str(r) for r in base.regions}))
    region_lookup = {name: i for i, name in enumerate(region_names)}
    region_of_seat = np.array([region_lookup[str(r)] for r in base.regions], dtype=np.int64)
    weights = base.valid_votes.astype(np.float64)
    if np.all(weights <= 0):
        weights = np.ones(n_seats)
    national = (shares * weights[:, None]).sum(axis=0) / weights.sum()
    regional = _regional_shares(shares, weights, region_of_seat, len(region_names))
    national_spread = binomial_spread(national)
    regional_spread = binomial_spread(regional)

    # Standard deviation of each party's total error in each seat (shared layers + seat).
    order = np.argsort(-shares, axis=1, kind="stable")
    top_two = np.take_along_axis(shares, order[:, :2], axis=1)
    seat_spread = binomial_spread(top_two.mean(axis=1))
    seat_sd = np.asarray(model.seat_sd(seat_spread), dtype=np.float64)
    shared_sd = _shared_sd(model, national_spread, regional_spread, region_names)[region_of_seat]
    leader = order[:, 0]
    rows = np.arange(n_seats)
    lead_share = shares[rows, leader]
    shared_difference_sd = np.sqrt(shared_sd**2 + shared_sd[rows, leader][:, None] ** 2)
    beta64 = seat_sd * GUMBEL_SCALE_PER_SD
    reach = cutoff * shared_difference_sd + tail_cutoff * beta64[:, None]
    gap = lead_share[:, None] - shares
    contender = (shares > 0) & (gap <= np.maximum(reach, 1e-12))
    # contenders are taken as a prefix of the share ranking (at most max_contenders)
    ranked_contender = np.logical_and.accumulate(
        np.take_along_axis(contender, order, axis=1)[:, :max_contenders], axis=1
    )
    ranked_contender[:, 0] = True
    n_contenders = ranked_contender.sum(axis=1)
    beta = (seat_sd * GUMBEL_SCALE_PER_SD).astype(np.float32)

    fixed = np.flatnonzero((n_contenders <= 1) & ~empty)
    pairs = np.flatnonzero(n_contenders == 2)
    multi = np.flatnonzero(n_contenders >= 3)

    pair_a = order[pairs, 0]
    pair_b = order[pairs, 1]
    sort_key = np.lexsort((region_of_seat[pairs], pair_b, pair_a))
    pairs, pair_a, pair_b = pairs[sort_key], pair_a[sort_key], pair_b[sort_key]
    triples = np.stack([region_of_seat[pairs], pair_a, pair_b], axis=1)
    if len(pairs):
        change = np.ones(len(pairs), dtype=bool)
        change[1:] = np.any(triples[1:] != triples[:-1], axis=1)
        combo_starts = np.flatnonzero(change)
        ab_change = np.ones(len(pairs), dtype=bool)
        ab_change[1:] = (pair_a[1:] != pair_a[:-1]) | (pair_b[1:] != pair_b[:-1])
        group_starts = np.flatnonzero(ab_change)
    else:
        combo_starts = np.zeros(0, dtype=np.int64)
        group_starts = np.zeros(0, dtype=np.int64)
    combo_count = np.diff(np.append(combo_starts, len(pairs)))
    pair_beta = np.maximum(beta[pairs], np.float32(1e-6))

    # Multi-contender seats in runs of equal contender counts, so each run is simulated at its
    # own width (cost grows with the contenders simulated, not the widest seat).
    multi = multi[np.argsort(n_contenders[multi], kind="stable")]
    width = max(int(n_contenders.max(initial=0)), 3)
    multi_counts = n_contenders[multi]
    multi_change = np.ones(len(multi), dtype=bool)
    multi_change[1:] = multi_counts[1:] != multi_counts[:-1]
    multi_group_starts = np.flatnonzero(multi_change)
    multi_party = order[multi, :width]
    multi_mean = np.where(
        ranked_contender[multi, :width],
        shares[multi[:, None], multi_party],
        -np.inf,
    ).astype(np.float32)

    party_index = {p: j for j, p in enumerate(base.parties)}
    # the chamber's rules of the base's country for a new Parliament (a simulated House has no
    # history: the Speaker and the Deputy Speakers' sides are the projection's convention):
    # the Speaker's label, whose MPs do not vote, and which labels are independent members
    rules = jurisdictions.of(base).parliament_rules()
    speaker = party_index.get(rules.speaker_party, -1)
    non_voting = np.array(
        [party_index[p] for p in rules.non_voting if p in party_index], dtype=np.int64
    )
    not_parties = np.array(
        [party_index[p] for p in rules.individual_groups if p in party_index], dtype=np.int64
    )
    coalitions = _coalition_candidates(
        base.parties, shares, contender, max_coalition_size, np.union1d(non_voting, not_parties)
    )
    members = np.full((len(coalitions), max_coalition_size), n_parties, dtype=np.int64)
    for i, group in enumerate(coalitions):
        members[i, : len(group)] = [party_index[p] for p in group]
    between, ends = _left_right_layout(
        base.parties, coalitions, max_coalition_size, rules.left_right
    )

    return SimulationPlan(
        codes=base.codes,
        names=tuple(seat.name for seat in base.constituencies),
        parties=tuple(base.parties),
        region_names=region_names,
        region_of_seat=region_of_seat,
        mean_shares=shares,
        national_spread=national_spread,
        regional_spread=regional_spread,
        error_model=model,
        fixed_seats=fixed,
        fixed_party=order[fixed, 0],
        empty_seats=np.flatnonzero(empty),
        pair_seats=pairs,
        pair_a=pair_a,
        pair_b=pair_b,
        pair_combo_index=triples[combo_starts],
        pair_combo_count=combo_count,
        pair_inv_beta=(1.0 / pair_beta).astype(np.float32),
        pair_margin_over_beta=((shares[pairs, pair_a] - shares[pairs, pair_b]) / pair_beta).astype(
            np.float32
        ),
        pair_group_starts=group_starts,
        pair_group_parties=np.stack([pair_a[group_starts], pair_b[group_starts]], axis=1),
        multi_seats=multi,
        multi_party=multi_party,
        multi_flat_index=region_of_seat[multi, None] * n_parties + multi_party,
        multi_mean=multi_mean,
        multi_beta=beta[multi],
        multi_group_starts=multi_group_starts,
        multi_group_width=multi_counts[multi_group_starts].astype(np.int64),
        speaker_index=speaker,
        non_voting=non_voting,
        coalitions=coalitions,
        coalition_members=members,
        coalition_between=between,
        coalition_ends=ends,
        chamber=rules,
        meta={
            "base": base.id,
            "cutoff": cutoff,
            "tail_cutoff": tail_cutoff,
            "max_contenders": max_contenders,
        },
    )


def _shared_sd(
    model: ErrorModel,
    national_spread: FloatArray,
    regional_spread: FloatArray,
    region_names: Sequence[str] = (),
) -> FloatArray:
    """Standard deviation of national + regional error per region and party (for the cutoff)."""
    per_party = getattr(model, "national_sds", None)
    if per_party is not None:
        national_sd = np.asarray(per_party(national_spread), dtype=np.float64)
    else:
        national_sd = float(getattr(model, "national_scale", 0.05)) * national_spread
    per_region = getattr(model, "regional_scales", None)
    if per_region is not None:
        regional_scale = np.asarray(
            per_region(region_names, len(regional_spread)), dtype=np.float64
        )[:, None]
    else:
        regional_scale = np.full((len(regional_spread), 1), getattr(model, "regional_scale", 0.035))
    tail = getattr(model, "tail_df", None)
    inflate = 1.5 if tail is not None else 1.0  # fatter tails: keep more contenders
    return inflate * np.sqrt(national_sd[None, :] ** 2 + (regional_scale * regional_spread) ** 2)


def _coalition_candidates(
    parties: Sequence[str],
    shares: FloatArray,
    contender: npt.NDArray[np.bool_],
    max_size: int,
    excluded: IntArray,
) -> tuple[tuple[str, ...], ...]:
    """Every group of up to ``max_size`` of the parties that could form or support a
    government: the six that contend in most seats and the six that lead in most seats at the
    mean shares (so a party of a few safe seats, such as the DUP, is a partner too); parties
    whose MPs do not vote and independent members (``excluded``) are left out."""
    contested = contender.sum(axis=0).astype(np.float64)
    led = np.bincount(shares.argmax(axis=1), minlength=shares.shape[1]).astype(np.float64)
    contested[excluded] = led[excluded] = 0
    widest = [int(j) for j in np.argsort(-contested, kind="stable") if contested[j] > 0][:6]
    leading = [int(j) for j in np.argsort(-led, kind="stable") if led[j] > 0][:6]
    ranked = sorted(set(widest) | set(leading))
    out: list[tuple[str, ...]] = []
    for size in range(1, max_size + 1):
        for group in combinations(sorted(ranked), size):
            out.append(tuple(parties[j] for j in group))
    return tuple(out)


def _left_right_layout(
    parties: Sequence[str],
    coalitions: Sequence[tuple[str, ...]],
    max_size: int,
    order: Sequence[str],
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """For each group, by the connection rule ``psephos govern`` reads
    (:func:`psephos.government.coalitions.connection`): the parties strictly between its
    outermost members on the left-right ``order`` (the country's
    ``ParliamentRules.left_right``) that are not members (the group is connected in a
    simulation where none of them has a seat: Axelrod 1970), and which member slots must each
    be needed for the majority (the ends and members the order does not place; a member
    between the ends is needed to keep the group connected).

    The order is read among the parties the groups are drawn from (those contending for
    government), so a small party placed between two partners (the DUP between the
    Conservatives and Reform) does not break a group it could only ever support."""
    index = {p: j for j, p in enumerate(parties)}
    pool = {p for group in coalitions for p in group}
    placed = [p for p in order if p in pool]
    between = np.zeros((len(coalitions), len(parties)), dtype=bool)
    ends = np.zeros((len(coalitions), max_size), dtype=bool)
    for i, group in enumerate(coalitions):
        outside, needed = connection(group, placed)  # the rule psephos govern reads
        between[i, [index[p] for p in outside]] = True
        ends[i, : len(group)] = [party in needed for party in group]
    return between, ends


@dataclass(frozen=True, slots=True)
class ForecastCounts:
    """Integer tallies from some simulations; add two with ``+`` (chunks, threads, workers)."""

    n_sims: int
    seat_wins: IntArray  # (n_seats, n_parties)
    total_histogram: IntArray  # (n_parties, n_seats + 1)
    majority: IntArray  # (n_parties,) nominal majority (> half of all seats)
    working_majority: IntArray  # (n_parties,) majority of voting MPs (voting_members)
    largest: IntArray  # (n_parties,) largest party (the government side of voting_members)
    hung: int
    coalition_reaches: IntArray  # (n_coalitions,)
    coalition_minimal: IntArray  # (n_coalitions,) reaches and every member needed
    coalition_chosen: IntArray  # (n_coalitions,) the likeliest government of a simulation
    coalition_connected: IntArray  # (n_coalitions,) minimal connected winning

    def __add__(self, other: ForecastCounts) -> ForecastCounts:
        return ForecastCounts(
            self.n_sims + other.n_sims,
            self.seat_wins + other.seat_wins,
            self.total_histogram + other.total_histogram,
            self.majority + other.majority,
            self.working_majority + other.working_majority,
            self.largest + other.largest,
            self.hung + other.hung,
            self.coalition_reaches + other.coalition_reaches,
            self.coalition_minimal + other.coalition_minimal,
            self.coalition_chosen + other.coalition_chosen,
            self.coalition_connected + other.coalition_connected,
        )


def _counts_from_totals(
    plan: SimulationPlan, totals: IntArray, seat_wins: IntArray
) -> ForecastCounts:
    """Reduce per-simulation seat totals ``(n_sims, n_parties)`` to counts.

    Who votes in each simulated House is the one working-majority rule,
    :func:`psephos.government.voting_members`, under the chamber's rules for a new Parliament
    (:attr:`SimulationPlan.chamber`): the government side is not known, so the largest party
    is taken as the government side, as ``psephos govern`` takes it for a projection. It gives
    up the government-side Deputy Speaker (the UK: one; the largest other party gives two) and,
    where the Speaker sits on a party's benches (Canada), the Speaker. A party has a working
    majority when its voting members reach the threshold; groups are scored on the same votes.
    """
    n_sims, n_parties = totals.shape
    n_seats = plan.n_seats
    offsets = np.arange(n_parties, dtype=np.int64) * (n_seats + 1)
    histogram = np.bincount(
        (totals + offsets[None, :]).ravel(), minlength=n_parties * (n_seats + 1)
    ).reshape(n_parties, n_seats + 1)
    nominal = nominal_majority(n_seats)
    majority = (totals >= nominal).sum(axis=0)
    house = voting_members(totals, plan.parties, plan.chamber)
    working_majority = house.has_working_majority().sum(axis=0)
    leader = house.government
    largest = np.bincount(leader[leader >= 0], minlength=n_parties)
    hung = int(n_sims - majority.sum())
    if len(plan.coalition_members):
        tallies = _coalition_tallies(plan, house.votes, leader, house.threshold)
    else:
        tallies = (np.zeros(0, dtype=np.int64),) * 4
    coalition_reaches, coalition_minimal, coalition_chosen, coalition_connected = tallies
    return ForecastCounts(
        n_sims,
        seat_wins,
        histogram.astype(np.int64),
        majority.astype(np.int64),
        working_majority.astype(np.int64),
        largest.astype(np.int64),
        hung,
        coalition_reaches.astype(np.int64),
        coalition_minimal.astype(np.int64),
        coalition_chosen.astype(np.int64),
        coalition_connected.astype(np.int64),
    )


def _coalition_tallies(
    plan: SimulationPlan, votes: IntArray, leader: IntArray, working: IntArray
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """For each group of :attr:`SimulationPlan.coalitions`: in how many simulations it
    reaches the working majority, is minimal winning, is the likeliest government, and is
    minimal connected winning (``votes``: each party's voting members, ``leader``: the largest
    party, ``working``: the threshold, per simulation, from
    :func:`psephos.government.voting_members`).

    A simulation whose largest party has a working majority on its own is tallied directly:
    only groups with that party reach it, and the party alone is the one minimal (connected)
    winning group and the government. The groups are scored seat by seat only in the others
    (hung parliaments), which keeps a forecast with few hung simulations cheap.
    """
    members = plan.coalition_members
    n_sims, n_parties = votes.shape
    n_groups = len(members)
    membership = np.zeros((n_parties + 1, n_groups), dtype=bool)
    membership[members, np.arange(n_groups)[:, None]] = True
    single = np.full(n_parties + 1, -1, dtype=np.int64)
    for i, group in enumerate(members):
        if np.count_nonzero(group < n_parties) == 1:
            single[group[0]] = i
    alone = (leader >= 0) & (votes[np.arange(n_sims), leader] >= working) & (single[leader] >= 0)
    ruled = leader[alone]
    reaches = membership[ruled].sum(axis=0).astype(np.int64)
    singles = np.bincount(single[ruled], minlength=n_groups).astype(np.int64)
    minimal, chosen, connected = singles.copy(), singles.copy(), singles.copy()
    hung = ~alone
    if hung.any():
        more = _hung_tallies(plan, votes[hung], leader[hung], working[hung], membership)
        for total, extra in zip((reaches, minimal, chosen, connected), more, strict=True):
            total += extra
    return reaches, minimal, chosen, connected


def _none_seated(
    seated: npt.NDArray[np.bool_], between: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """``(n_sims, n_groups)``: whether no party in a group's ``between`` row holds a seat in a
    simulation (``seated``: ``n_sims x n_parties``)."""
    n_parties = seated.shape[1]
    if n_parties > 63:
        return np.asarray(~(seated[:, None, :] & between[None, :, :]).any(axis=2))
    bits = np.left_shift(np.int64(1), np.arange(n_parties, dtype=np.int64))
    seated_bits = seated.astype(np.int64) @ bits
    between_bits = between.astype(np.int64) @ bits
    return np.asarray((seated_bits[:, None] & between_bits[None, :]) == 0)


def _hung_tallies(
    plan: SimulationPlan,
    votes: IntArray,
    leader: IntArray,
    working: IntArray,
    membership: npt.NDArray[np.bool_],
) -> tuple[IntArray, ...]:
    """:func:`_coalition_tallies` scored group by group (reaches, minimal winning, chosen,
    minimal connected winning)."""
    members = plan.coalition_members
    n_sims = votes.shape[0]
    n_seats, n_parties = plan.n_seats, plan.n_parties
    # one (n_sims, n_coalitions) table per member slot (padding: no seats), in 16-bit
    # integers where every score fits (any chamber of up to 4,680 seats): half the memory
    # traffic of this, the forecast's largest reduction
    small = np.int16 if (2 * members.shape[1] + 1) * (n_seats + 1) < 2**15 - 1 else np.int32
    seats = np.concatenate([votes, np.zeros((n_sims, 1), dtype=votes.dtype)], axis=1).astype(small)
    in_coalition = members < n_parties
    slot_seats = [seats[:, members[:, k]] for k in range(members.shape[1])]
    sums: npt.NDArray[np.signedinteger[Any]] = np.sum(slot_seats, axis=0, dtype=small)
    threshold: npt.NDArray[np.signedinteger[Any]] = np.asarray(working, dtype=small)
    threshold = threshold.reshape(-1, 1)
    reaches = sums >= threshold
    # connected: no party between the members on the left-right order has a seat (as bit
    # masks of the parties: no BLAS call, whose own threads would fight the simulation's)
    connected = _none_seated(votes > 0, plan.coalition_between)
    # minimal winning: every member needed; minimal connected winning: the ends (and
    # unplaced members) are each needed, a member in the middle keeps the group connected
    minimal = reaches.copy()
    minimal_connected = reaches & connected
    for k, member_seats in enumerate(slot_seats):
        needed = sums - member_seats < threshold
        minimal &= needed | ~in_coalition[None, :, k]
        minimal_connected &= needed | ~plan.coalition_ends[None, :, k]
    # the likeliest government in each simulation: a group led by the largest party,
    # minimal connected winning if one is (Axelrod 1970), else minimal winning (Riker
    # 1962); fewest parties first, then fewest seats
    led = membership[leader] & (leader >= 0)[:, None]
    size = in_coalition.sum(axis=1)
    rank = (size * (n_seats + 1)).astype(small)[None, :] + sums
    unconnected = (members.shape[1] + 1) * (n_seats + 1)  # after every connected group
    never = np.iinfo(small).max
    score = np.where(
        minimal_connected & led,
        rank,
        np.where(minimal & led, unconnected + rank, never),
    )
    best = score.argmin(axis=1)
    found = score[np.arange(n_sims), best] < never
    return (
        np.count_nonzero(reaches, axis=0).astype(np.int64),
        np.count_nonzero(minimal, axis=0).astype(np.int64),
        np.bincount(best[found], minlength=len(members)).astype(np.int64),
        np.count_nonzero(minimal_connected, axis=0).astype(np.int64),
    )


def simulate_chunk(
    plan: SimulationPlan, n_sims: int, seed: np.random.SeedSequence
) -> ForecastCounts:
    """Run ``n_sims`` simulations with the fast algorithm and return their counts."""
    rng = np.random.Generator(np.random.PCG64(seed))
    n_seats, n_parties = plan.n_seats, plan.n_parties
    n_regions = len(plan.region_names)
    offsets = plan.error_model.draw_offsets(
        rng, n_sims, plan.national_spread, plan.regional_spread, plan.region_names
    )
    flat = offsets.reshape(n_sims, n_regions * n_parties)
    totals = np.zeros((n_sims, n_parties), dtype=np.int64)
    seat_wins = np.zeros((n_seats, n_parties), dtype=np.int64)

    # Seats with one contender.
    if len(plan.fixed_seats):
        fixed_totals = np.bincount(plan.fixed_party, minlength=n_parties)
        totals += fixed_totals[None, :]
        seat_wins[plan.fixed_seats, plan.fixed_party] = n_sims

    # Two contenders: a wins iff (margin + shared_a - shared_b) / beta > logistic variate.
    if len(plan.pair_seats):
        combo = plan.pair_combo_index
        combo_diff = (
            flat[:, combo[:, 0] * n_parties + combo[:, 1]]
            - flat[:, combo[:, 0] * n_parties + combo[:, 2]]
        )
        conditional = np.repeat(combo_diff, plan.pair_combo_count, axis=1)
        conditional *= plan.pair_inv_beta
        conditional += plan.pair_margin_over_beta
        variates = LOGISTIC_TABLE[
            rng.integers(0, _TABLE_SIZE, size=conditional.shape, dtype=np.uint16)
        ]
        a_wins = conditional > variates
        wins_a = np.count_nonzero(a_wins, axis=0)
        seat_wins[plan.pair_seats, plan.pair_a] = wins_a
        seat_wins[plan.pair_seats, plan.pair_b] = n_sims - wins_a
        group_wins = np.add.reduceat(
            a_wins.view(np.uint8), plan.pair_group_starts, axis=1, dtype=np.int32
        )
        group_sizes = np.diff(np.append(plan.pair_group_starts, len(plan.pair_seats)))
        for g, (a, b) in enumerate(plan.pair_group_parties):
            totals[:, a] += group_wins[:, g]
            totals[:, b] += group_sizes[g] - group_wins[:, g]

    # Three or more contenders: given the shared draw, the winner follows the multinomial logit
    # in closed form; one uniform per seat and simulation picks it from the cumulative weights
    # exp((score_k - score_0) / beta), computed on contiguous (simulations x seats) arrays.
    if len(plan.multi_seats):
        winners = np.empty((n_sims, len(plan.multi_seats)), dtype=np.int64)
        ends = np.append(plan.multi_group_starts[1:], len(plan.multi_seats))
        for begin, end, width in zip(
            plan.multi_group_starts, ends, plan.multi_group_width, strict=True
        ):
            block = slice(begin, end)
            choice = _multi_choice(plan, flat, rng, n_sims, block, int(width))
            winners[:, block] = np.take_along_axis(
                plan.multi_party[block, :width].T, choice.astype(np.intp), axis=0
            )
        # One bincount each for seat wins and seat totals (winner codes seat * parties + party).
        seat_code = winners + (plan.multi_seats * n_parties)[None, :]
        seat_wins += np.bincount(seat_code.ravel(), minlength=n_seats * n_parties).reshape(
            n_seats, n_parties
        )
        winners += (np.arange(n_sims, dtype=np.int64) * n_parties)[:, None]
        totals += np.bincount(winners.ravel(), minlength=n_sims * n_parties).reshape(
            n_sims, n_parties
        )

    return _counts_from_totals(plan, totals, seat_wins)


def _multi_choice(
    plan: SimulationPlan,
    flat: npt.NDArray[Any],
    rng: np.random.Generator,
    n_sims: int,
    block: slice,
    width: int,
) -> npt.NDArray[np.int8]:
    """Which contender (0..width-1) wins each seat of one run of seats with ``width``
    contenders, per simulation: inverse-CDF sampling of the conditional multinomial logit."""
    flat_index = plan.multi_flat_index[block, :width]
    n_multi = flat_index.shape[0]
    inv_beta = (1.0 / np.maximum(plan.multi_beta[block], np.float32(1e-6))).astype(np.float32)
    scaled_mean = plan.multi_mean[block, :width] * inv_beta[:, None]
    reference = np.take(flat, flat_index[:, 0], axis=1)
    reference *= inv_beta
    reference += scaled_mean[:, 0]
    cumulative = [np.ones((n_sims, n_multi), dtype=np.float32)]
    for k in range(1, width):
        weight = np.take(flat, flat_index[:, k], axis=1)
        weight *= inv_beta
        weight += scaled_mean[:, k]
        weight -= reference
        np.minimum(weight, np.float32(80.0), out=weight)
        np.exp(weight, out=weight)
        weight += cumulative[-1]
        cumulative.append(weight)
    draw = rng.random((n_sims, n_multi), dtype=np.float32)
    draw *= cumulative[-1]
    choice = np.zeros((n_sims, n_multi), dtype=np.int8)
    for k in range(width - 1):
        choice += draw > cumulative[k]
    return choice


def simulate_naive_chunk(
    plan: SimulationPlan, n_sims: int, seed: np.random.SeedSequence
) -> ForecastCounts:
    """The plain algorithm of the same model: every seat and every standing party gets its own
    Gumbel seat error (scale ``beta_s``), and the argmax wins.

    Same national and regional layers, same seat-error distribution as :func:`simulate_chunk`,
    but no contender cut-off, no cap on contenders and no closed form: the reference the fast
    algorithm is tested against (and timed against in ``benchmarks/forecast_speed.py``).
    """
    rng = np.random.Generator(np.random.PCG64(seed))
    n_seats, n_parties = plan.n_seats, plan.n_parties
    offsets = plan.error_model.draw_offsets(
        rng, n_sims, plan.national_spread, plan.regional_spread, plan.region_names
    )
    beta = (plan_seat_sd(plan) * GUMBEL_SCALE_PER_SD).astype(np.float32)
    # Standard Gumbel variates by inversion: -log(-log(U)).
    scores = rng.random((n_sims, n_seats, n_parties), dtype=np.float32)
    with np.errstate(divide="ignore"):  # U = 0 gives -inf: that party cannot win the draw
        np.log(scores, out=scores)
        np.negative(scores, out=scores)
        np.log(scores, out=scores)
    np.negative(scores, out=scores)
    scores *= beta[None, :, None]
    scores += offsets[:, plan.region_of_seat, :]
    scores += plan.mean_shares.astype(np.float32)
    scores[:, plan.mean_shares <= 0] = -np.inf
    winner = scores.argmax(axis=2)
    counted = np.ones(n_seats, dtype=bool)
    counted[plan.empty_seats] = False  # a seat with no result is no party's in any draw
    seat_wins = (
        np.bincount(
            (winner[:, counted] + np.flatnonzero(counted)[None, :] * n_parties).ravel(),
            minlength=n_seats * n_parties,
        )
        .reshape(n_seats, n_parties)
        .astype(np.int64)
    )
    totals = (
        np.bincount(
            (winner[:, counted] + np.arange(n_sims)[:, None] * n_parties).ravel(),
            minlength=n_sims * n_parties,
        )
        .reshape(n_sims, n_parties)
        .astype(np.int64)
    )
    return _counts_from_totals(plan, totals, seat_wins)


def plan_seat_sd(plan: SimulationPlan) -> FloatArray:
    """Seat-error standard deviation per seat used by a plan."""
    top_two = -np.sort(-plan.mean_shares, axis=1)[:, :2]
    return np.asarray(
        plan.error_model.seat_sd(binomial_spread(top_two.mean(axis=1))), dtype=np.float64
    )


def chunk_sizes(n_sims: int, chunk_size: int) -> list[int]:
    """Split ``n_sims`` into chunks of ``chunk_size`` (the last one smaller)."""
    if n_sims < 1:
        raise PsephosError(f"n_sims must be at least 1, got {n_sims}.")
    if chunk_size < 1:
        raise PsephosError(f"chunk_size must be at least 1, got {chunk_size}.")
    full, rest = divmod(n_sims, chunk_size)
    return [chunk_size] * full + ([rest] if rest else [])


def chunk_seeds(seed: int | None, n_chunks: int) -> list[np.random.SeedSequence]:
    """One independent seed per chunk, derived from ``seed`` (same seed, same chunks)."""
    return np.random.SeedSequence(seed).spawn(n_chunks)


def run_chunks(
    plan: SimulationPlan,
    n_sims: int,
    *,
    seed: int | None = None,
    chunk_size: int = 4096,
    n_threads: int = 2,
    algorithm: str = "fast",
    progress: Callable[[int], None] | None = None,
) -> ForecastCounts:
    """Run the simulations in chunks on ``n_threads`` threads and add up the counts.

    The answer depends only on ``seed``, ``n_sims`` and ``chunk_size``, never on the threads.
    """
    kernels = {"fast": simulate_chunk, "naive": simulate_naive_chunk}
    if algorithm not in kernels:
        raise PsephosError(unknown_choice("algorithm", algorithm, kernels))
    kernel = kernels[algorithm]
    sizes = chunk_sizes(n_sims, chunk_size)
    seeds = chunk_seeds(seed, len(sizes))

    def work(item: tuple[int, np.random.SeedSequence]) -> ForecastCounts:
        return kernel(plan, item[0], item[1])

    total: ForecastCounts | None = None
    results: Iterator[ForecastCounts]
    if n_threads <= 1:
        results = map(work, zip(sizes, seeds, strict=True))
        for counts in results:
            total = counts if total is None else total + counts
            if progress:
                progress(counts.n_sims)
    else:
        with ThreadPoolExecutor(max_workers=n_threads) as pool:
            for counts in pool.map(work, zip(sizes, seeds, strict=True)):
                total = counts if total is None else total + counts
                if progress:
                    progress(counts.n_sims)
    if total is None:  # pragma: no cover - chunk_sizes never returns an empty list
        raise PsephosError("no simulations were run.")
    return total


@dataclass(frozen=True, slots=True)
class GovernmentOption:
    """A group of parties whose seats reach a working majority.

    ``probability`` is the share of simulations in which this is the likeliest government: the
    group containing the largest party that is minimal connected winning (no party between
    its members on the left-right order holds a seat, and each end is needed: Axelrod 1970),
    or where none is, minimal winning (every member needed: Riker 1962); fewest parties first,
    then fewest seats. Arithmetic and the left-right order only, not what parties have said.
    """

    parties: tuple[str, ...]
    probability: float
    probability_minimal: float  # reaches it and needs every member
    probability_reaches: float
    probability_connected: float = 0.0  # minimal connected winning


def no_majority_sentence(election: Election, p_hung: float) -> str:
    """The chance that no party wins a majority of ``election``'s House, in the one sentence
    ``psephos forecast`` prints under its table (:meth:`ForecastResult.headline`) and the web's
    forecast pages write: ``"Hung parliament: 44.4% chance (326 seats for a majority)"``.

    The House is named as its country names it (``Jurisdiction.no_majority_title``: Canada's
    "Minority Parliament"), the chance as :func:`psephos.numbers.one_in` writes it to one
    decimal place (``"about 1 in 250"`` for a small one), and the majority line is
    :func:`psephos.model.nominal_majority`.
    """
    name = jurisdictions.of(election).no_majority_title
    majority = counted(nominal_majority(election.n_seats), "seat")
    return f"{name}: {one_in(p_hung, '.1%')} chance ({majority} for a majority)"


def government_words(option: GovernmentOption, labels: Mapping[str, str]) -> str:
    """A likely government and its chance in the one wording of ``psephos forecast``'s
    governments line (:meth:`ForecastResult.headline`) and the web's forecast page: its parties
    by ``labels`` (:meth:`ForecastResult.labels`) joined by " + ", and the chance as the
    hung-parliament sentence writes it (:func:`psephos.numbers.one_in` to one decimal place):
    ``"Lab: 99.4%"``, ``"Lab + SNP + PC: about 1 in 670"``."""
    parties = " + ".join(labels.get(party, party) for party in option.parties)
    return f"{parties}: {one_in(option.probability, '.1%')}"


@dataclass(frozen=True, slots=True)
class ForecastResult:
    """Probabilities and distributions from a Monte Carlo forecast."""

    codes: tuple[str, ...]
    names: tuple[str, ...]  # the seats' names, in ``codes`` order
    parties: tuple[str, ...]
    n_sims: int
    win_probability: FloatArray  # (n_seats, n_parties)
    total_histogram: IntArray  # (n_parties, n_seats + 1)
    p_majority: dict[str, float]
    p_working_majority: dict[str, float]
    p_largest: dict[str, float]
    p_hung: float
    government_options: tuple[GovernmentOption, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    def likeliest_governments(self, limit: int = 5) -> tuple[GovernmentOption, ...]:
        """The ``limit`` likeliest governments named in at least one simulation (what a page or
        a line of text lists; :attr:`government_options` also keeps groups that were only
        minimal winning)."""
        return tuple(o for o in self.government_options if o.probability > 0)[:limit]

    def headline(
        self, election: Election, point_seats: Mapping[str, int] | None = None
    ) -> list[str]:
        """The sentences ``psephos forecast`` prints under its table, which its JSON carries
        as ``headline``: the chance of no majority (:func:`no_majority_sentence`), the five
        likeliest governments with a working majority and, given the projection's seats
        (``point_seats``, each seat to its favourite), the five largest of those beside a
        reminder of why the expected seats differ. Parties as the election after ``election``
        (the base) names them (:meth:`labels`: "Reform UK" from 2019)."""
        label = self.labels(election)
        options = "; ".join(government_words(o, label) for o in self.likeliest_governments(5))
        lines = [
            no_majority_sentence(election, self.p_hung),
            f"Most likely governments (working majority): {options}",
        ]
        if point_seats is not None:
            point = sorted(point_seats.items(), key=lambda kv: -kv[1])
            favourites = ", ".join(f"{label[party]} {seats}" for party, seats in point[:5])
            lines.append(
                f"Each seat to its favourite (psephos project): {favourites}; the expected "
                "seats above count each seat's chance of going either way, so a party ahead "
                "in many close seats expects fewer than it leads."
            )
        return lines

    def no_majority(self, election: Election) -> dict[str, Any]:
        """The chance of no majority as ``psephos forecast --format json`` and
        ``/api/forecast`` (and the swingometer's forecast) give it, from the base
        ``election``: ``p_hung`` to four places, as :meth:`summary_rows` rounds each party's
        chances, and the sentence the command prints (:func:`no_majority_sentence`). The one
        builder of those fields."""
        return {
            "p_hung": round(float(self.p_hung), 4),
            "no_majority_sentence": no_majority_sentence(election, self.p_hung),
        }

    def labels(self, election: Election) -> dict[str, str]:
        """Each party's label in the election forecast from the base ``election``: the next
        one (:func:`psephos.model.night_label`: "Reform UK" from 2019 or its notional 2024
        result, as ``psephos project`` and ``psephos exitpoll`` name it from that base)."""
        return {party: night_label(party, election.labels_id) for party in self.parties}

    @property
    def expected_seats(self) -> dict[str, float]:
        """Mean seats per party."""
        seats = np.arange(self.total_histogram.shape[1])
        means = (self.total_histogram * seats).sum(axis=1) / self.n_sims
        return {p: float(m) for p, m in zip(self.parties, means, strict=True)}

    def seat_quantile(self, party: str, q: float) -> int:
        """The ``q`` quantile of a party's seat total."""
        row = self.total_histogram[self.parties.index(party)]
        cumulative = np.cumsum(row) / self.n_sims
        return int(np.searchsorted(cumulative, q - 1e-12))

    def interval(self, party: str, level: float = 0.9) -> tuple[int, int]:
        """Central interval of a party's seat total (default 90%)."""
        tail = (1.0 - level) / 2.0
        return self.seat_quantile(party, tail), self.seat_quantile(party, 1.0 - tail)

    def summary_rows(
        self,
        election: Election | None = None,
        *,
        level: float = 0.9,
        min_seats: float = 0.5,
    ) -> list[dict[str, Any]]:
        """One row per party with expected seats, interval and majority chances; given the
        base ``election``, each code with its label beside it in ``party_label``
        (:meth:`labels`), as every command's rows name a party."""
        rows = []
        expected = self.expected_seats
        labels = self.labels(election) if election is not None else None
        for party in sorted(self.parties, key=lambda p: -expected[p]):
            if expected[party] < min_seats and self.p_majority[party] == 0:
                continue
            low, high = self.interval(party, level)
            rows.append(
                {
                    "party": party,
                    **({"party_label": labels[party]} if labels is not None else {}),
                    "seats_mean": round(expected[party], 1),
                    "seats_median": self.seat_quantile(party, 0.5),
                    f"low_{round(level * 100)}": low,
                    f"high_{round(level * 100)}": high,
                    "p_majority": round(self.p_majority[party], 4),
                    "p_working_majority": round(self.p_working_majority[party], 4),
                    "p_largest": round(self.p_largest[party], 4),
                }
            )
        return rows

    def seat_rows(self, election: Election | None = None) -> list[dict[str, Any]]:
        """One row per seat: its code and name, favourite and the favourite's probability, and
        the runner-up (the party next most likely to win it) and its probability; given the
        base ``election``, the seat's ``nation`` and ``region`` beside its name and each
        party's label beside it (``favourite_label``, ``runner_up_label``: :meth:`labels`).
        A seat with no result (no votes for its candidates) is no party's in any simulation:
        its favourite, runner-up and their probabilities are ``None``; a seat only one party
        wins in any simulation has no runner-up (``None``)."""
        order = np.argsort(-self.win_probability, axis=1, kind="stable")
        labels = self.labels(election) if election is not None else None
        areas = (
            {seat.code: seat for seat in election.constituencies} if election is not None else {}
        )

        def party_at(i: int, rank: int) -> tuple[str | None, float | None]:
            j = int(order[i, rank]) if order.shape[1] > rank else 0
            chance = float(self.win_probability[i, j]) if order.shape[1] > rank else 0.0
            return (self.parties[j], round(chance, 4)) if chance > 0 else (None, None)

        def row(i: int, code: str, name: str) -> dict[str, Any]:
            favourite, p_favourite = party_at(i, 0)
            runner_up, p_runner_up = party_at(i, 1) if favourite else (None, None)
            seat = areas.get(code)
            place = {"nation": seat.nation, "region": seat.region} if seat is not None else {}
            return {
                "code": code,
                "name": name,
                **place,
                "favourite": favourite,
                **({"favourite_label": labels.get(favourite or "")} if labels is not None else {}),
                "p_favourite": p_favourite,
                "runner_up": runner_up,
                **({"runner_up_label": labels.get(runner_up or "")} if labels is not None else {}),
                "p_runner_up": p_runner_up,
            }

        named = zip(self.codes, self.names, strict=True)
        return [row(i, code, name) for i, (code, name) in enumerate(named)]


def summarise(plan: SimulationPlan, counts: ForecastCounts) -> ForecastResult:
    """Turn counts into probabilities and government options."""
    n = counts.n_sims
    options = [
        GovernmentOption(
            parties=plan.coalitions[i],
            probability=float(counts.coalition_chosen[i] / n),
            probability_minimal=float(counts.coalition_minimal[i] / n),
            probability_reaches=float(counts.coalition_reaches[i] / n),
            probability_connected=float(counts.coalition_connected[i] / n),
        )
        for i in range(len(plan.coalitions))
    ]
    options.sort(key=lambda o: (-o.probability, -o.probability_minimal, len(o.parties)))
    return ForecastResult(
        codes=plan.codes,
        names=plan.names,
        parties=plan.parties,
        n_sims=n,
        win_probability=counts.seat_wins / n,
        total_histogram=counts.total_histogram,
        p_majority={p: float(c / n) for p, c in zip(plan.parties, counts.majority, strict=True)},
        p_working_majority={
            p: float(c / n) for p, c in zip(plan.parties, counts.working_majority, strict=True)
        },
        p_largest={p: float(c / n) for p, c in zip(plan.parties, counts.largest, strict=True)},
        p_hung=counts.hung / n,
        government_options=tuple(
            o for o in options if o.probability_minimal > 0 or o.probability_connected > 0
        )[:10],
        meta=dict(plan.meta),
    )


def forecast(
    base: Election,
    mean_shares: npt.ArrayLike | Projection,
    *,
    error_model: ErrorModel | None = None,
    n_sims: int = 100_000,
    seed: int | None = None,
    chunk_size: int = 4096,
    n_threads: int = 2,
    algorithm: str = "fast",
    progress: Callable[[int], None] | None = None,
) -> ForecastResult:
    """Monte Carlo forecast of a projection.

    The default error sizes are :class:`~psephos.forecast.errors_model.LayeredErrors`'s
    own, smaller than those of ``psephos forecast`` (and the web's forecast page), which
    puts :func:`~psephos.forecast.calibration.poll_error_model`'s around a poll: a poll's
    error with the regional and seat errors sized on the bundled back-tests. For the
    command's answer, pass ``error_model=poll_error_model()``::

        from psephos.forecast.calibration import poll_error_model

        projection = project(base, "Lab 40 Con 24 Reform 15 LD 11 Green 6")
        forecast(base, projection, error_model=poll_error_model(), n_sims=2000, seed=1)

    Args:
        base: seats, regions and party order (e.g. the previous election).
        mean_shares: projected mean vote shares, seats x parties (any projection model), or
            a :class:`~psephos.projection.Projection` of ``base`` (its ``shares``).
        error_model: national / regional / seat errors; default
            :class:`~psephos.forecast.errors_model.LayeredErrors` (above).
        n_sims: number of simulations, 2 or more.
        seed: makes the answer reproducible (same seed, same answer).
        chunk_size: simulations per chunk (bounds memory; part of the reproducible stream).
        n_threads: worker threads (NumPy releases the GIL).
        algorithm: ``fast`` (contenders + closed-form winner) or ``naive``.
        progress: called with the number of simulations finished after each chunk.

    Returns:
        Per-seat win probabilities, seat-total distributions, majority and hung chances and
        the most likely government options.

    Raises:
        PsephosError: ``n_sims`` below 2 (one draw gives no probability).
    """
    if n_sims < 2:
        raise PsephosError(
            f"n_sims must be 2 or more (one draw gives no probability), got {n_sims}."
        )
    plan = plan_forecast(base, mean_shares, error_model)
    counts = run_chunks(
        plan,
        n_sims,
        seed=seed,
        chunk_size=chunk_size,
        n_threads=n_threads,
        algorithm=algorithm,
        progress=progress,
    )
    return summarise(plan, counts)
