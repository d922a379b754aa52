"""The probability that one vote decides a seat, and that a seat decides who governs.

Gelman, Silver & Edlin (2012), "What is the probability your vote will make a difference?",
*Economic Inquiry* 50(2): the probability that a vote is decisive is the probability that the
voter's seat is tied, times the probability that the seat is pivotal for the national outcome
given that it is tied:

    P(decisive) = P(seat tied) x P(seat pivotal | seat tied).

One extra vote for party A, against the alternative of not voting, changes who wins only when
A is level with the leader (A then wins outright instead of by lot: +1/2) or one vote behind
(A then draws level and wins the lot half the time: +1/2). Its expected effect on A's chance
of winning is therefore ``(P(D = 0) + P(D = -1)) / 2``, with ``D`` the margin of A over its
nearest rival in votes. When ``D`` is a count from many voters, that is ``f_D(0)``, the density
of the margin at zero; with the margin as a share ``M = D / n`` of ``n`` votes it is
``f_M(0) / n``. Both the exact binomial case (every other voter an independent coin) and the
Normal approximation of an election forecast are here, so the second can be checked against
the first on electorates small enough to verify by hand.

UK rules for "who governs" (House of Commons Library, CBP-7529; Erskine May on the Speaker): a
party governs alone with 326 of 650 seats (nominal majority) or, counting only MPs who vote,
with more than half of the MPs who vote: the seats less the Speaker, the three Deputy Speakers
and the abstentionist Sinn Féin MPs (working majority: the chamber's one rule,
:func:`psephos.government.voting_members`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from psephos.errors import PsephosError
from psephos.government.parliament import voting_members
from psephos.jurisdictions import UK, Jurisdiction, ParliamentRules
from psephos.model import nominal_majority

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


_SQRT_2PI = math.sqrt(2.0 * math.pi)


def _normal_pdf(x: npt.ArrayLike) -> FloatArray:
    """The standard Normal density, as ``scipy.stats.norm.pdf`` computes it (without loading
    SciPy's statistics)."""
    value = np.asarray(x, dtype=np.float64)
    return np.asarray(np.exp(-(value**2) / 2.0) / _SQRT_2PI, dtype=np.float64)


def decisive_probability_binomial(n_others: int, p: float) -> float:
    """Exact probability-weighted chance that one vote for A changes a two-party result.

    Every one of ``n_others`` other voters votes A with probability ``p`` and B otherwise,
    independently; ties are settled by lot (UK practice: Representation of the People Act
    1983, Sch. 1 r. 49). Returns the expected gain in A's chance of winning from one more
    vote for A: ``(P(X = n/2) + P(X = (n-1)/2)) / 2`` with ``X ~ Binomial(n, p)`` (one of the
    two terms is zero, by parity).

    Args:
        n_others: number of other voters (0 or more).
        p: probability that another voter votes A (0 to 1).

    Raises:
        PsephosError: on a negative count or a probability outside [0, 1].
    """
    if n_others < 0:
        raise PsephosError(f"n_others must be 0 or more, got {n_others}.")
    if not 0.0 <= p <= 1.0:
        raise PsephosError(f"p must be between 0 and 1, got {p}.")
    from scipy import stats  # imported here: SciPy's statistics take about a second to load

    if n_others % 2 == 0:
        return 0.5 * float(stats.binom.pmf(n_others // 2, n_others, p))
    return 0.5 * float(stats.binom.pmf((n_others - 1) // 2, n_others, p))


def decisive_probability_binomial_normal(n_others: int, p: float) -> float:
    """Normal approximation of :func:`decisive_probability_binomial`.

    The margin ``D = 2X - n`` is approximately Normal with mean ``n(2p - 1)`` and variance
    ``4np(1 - p)``; it moves in steps of 2, so ``P(D = d) ~ 2 f_D(d)`` and the expected gain is
    ``f_D(0)``: ``phi(n(2p-1) / sqrt(4np(1-p))) / sqrt(4np(1-p))``. For ``p = 1/2`` this is
    ``1 / sqrt(2 pi n)``.
    """
    if n_others <= 0:
        raise PsephosError(
            f"n_others must be 1 or more for the Normal approximation, got {n_others}."
        )
    if not 0.0 < p < 1.0:
        return 0.0
    sd = math.sqrt(4.0 * n_others * p * (1.0 - p))
    return float(_normal_pdf(n_others * (2.0 * p - 1.0) / sd) / sd)


def tie_probability(
    mean_margin: npt.ArrayLike, sd_margin: npt.ArrayLike, n_votes: npt.ArrayLike
) -> FloatArray:
    """Chance that a seat is tied within one vote under a Normal forecast of the share margin.

    ``f_M(0) / n`` where the margin ``M`` (a share, -1 to 1) is Normal with the given mean and
    standard deviation and ``n`` votes are cast: the expected effect of one vote on who wins
    (see the module docstring). Vectorised over seats. Capped at 1/2, the most one vote can
    add (a certain tie becomes a certain win): the density form breaks down for a handful of
    voters and a sharp forecast.
    """
    mean = np.asarray(mean_margin, dtype=np.float64)
    sd = np.maximum(np.asarray(sd_margin, dtype=np.float64), 1e-9)
    n = np.maximum(np.asarray(n_votes, dtype=np.float64), 1.0)
    return np.asarray(np.minimum(_normal_pdf(mean / sd) / sd / n, 0.5), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class MajorityRule:
    """How many seats a party needs to govern alone.

    Attributes:
        kind: ``"nominal"`` (more than half of all seats: 326 of 650) or ``"working"`` (more
            than half of the MPs who vote, by the chamber's rules:
            :func:`psephos.government.voting_members`, the rule ``psephos govern`` and the
            forecast apply).
        rules: The chamber's rules (default: Westminster's): the Speaker, the abstentionists
            (Sinn Féin) and the Deputy Speakers do not vote. A simulated House is a new
            Parliament: its largest party is the government side, giving up the
            government-side deputy (and, in Canada, the Speaker).
    """

    kind: str = "working"
    rules: ParliamentRules = UK.parliament

    def __post_init__(self) -> None:
        if self.kind not in ("nominal", "working"):
            raise PsephosError(f"Unknown majority rule {self.kind!r}; use 'nominal' or 'working'.")

    @classmethod
    def for_jurisdiction(cls, jurisdiction: Jurisdiction, kind: str = "working") -> MajorityRule:
        """The rule under a country's chamber rules for a new Parliament."""
        return cls(kind=kind, rules=jurisdiction.parliament_rules())

    def thresholds(self, seat_totals: npt.ArrayLike, parties: Sequence[str]) -> IntArray:
        """Seats needed for a majority in each simulated parliament (``(..., n_parties)`` in)."""
        totals = np.asarray(seat_totals, dtype=np.int64)
        if self.kind == "nominal":
            return np.asarray(nominal_majority(totals.sum(axis=-1)), dtype=np.int64)
        return voting_members(totals, parties, self.rules).threshold

    def outcome(self, seat_totals: npt.ArrayLike, parties: Sequence[str]) -> IntArray:
        """Index of the party with a majority in each parliament, or -1 for a hung parliament.

        Working majority: the largest party's voting members against the threshold (no other
        party can have one); nominal: the largest party's seats against half the House.
        """
        totals = np.asarray(seat_totals, dtype=np.int64)
        if self.kind == "nominal":
            largest = totals.argmax(axis=-1)
            seats = np.take_along_axis(totals, largest[..., None], axis=-1)[..., 0]
            has = seats >= nominal_majority(totals.sum(axis=-1))
        else:
            house = voting_members(totals, parties, self.rules)
            largest = house.government
            votes = np.take_along_axis(house.votes, largest[..., None], axis=-1)[..., 0]
            has = (largest >= 0) & (votes >= house.threshold)
        return np.where(has, largest, -1).astype(np.int64)


def pivotal_probability(
    other_totals: npt.ArrayLike,
    party_a: int,
    party_b: int,
    parties: Sequence[str],
    *,
    weights: npt.ArrayLike | None = None,
    rule: MajorityRule | None = None,
) -> float:
    """Chance that giving this seat to A rather than B changes who governs.

    Args:
        other_totals: ``(n_sims, n_parties)`` seats won elsewhere in each simulation.
        party_a, party_b: column indices of the two tied parties.
        parties: party codes of the columns.
        weights: per-simulation weights (e.g. closeness of this seat to a tie, so that the
            national picture is the one that goes with a tied seat, as Gelman et al. do);
            equal weights when omitted.
        rule: :class:`MajorityRule` (working majority by default).
    """
    rule = rule or MajorityRule()
    totals = np.asarray(other_totals, dtype=np.int64)
    with_a = totals.copy()
    with_a[:, party_a] += 1
    with_b = totals.copy()
    with_b[:, party_b] += 1
    differs = rule.outcome(with_a, parties) != rule.outcome(with_b, parties)
    if weights is None:
        return float(differs.mean()) if len(differs) else 0.0
    w = np.asarray(weights, dtype=np.float64)
    total = w.sum()
    return float((w * differs).sum() / total) if total > 0 else 0.0
