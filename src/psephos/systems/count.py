"""Vectorised counts of ranked ballots: the alternative vote (IRV) and STV.

Both counts keep, for every ballot row, a pointer to its current preference, its current value
(weight) and the candidate it sits with; a round is one ``np.bincount`` over those columns, and a
transfer moves only the rows of the candidate being elected or excluded, all at once. Truncated
ballots simply run out of preferences and become *exhausted* (a sentinel column after the last
rank).

* **IRV** (alternative vote): exclude the candidate with fewest votes until one candidate holds a
  strict majority of the votes still in the count (or is the last one standing).
* **STV**: Droop quota ``floor(N / (seats + 1)) + 1`` over the ``N`` non-empty ballots (the
  Scottish local-government quota, SSI 2007/42 rule 46); every candidate at or over the quota is
  elected; each one's surplus is transferred by the **weighted inclusive Gregory method** (WIGM):
  every ballot in the elected candidate's pile moves on to its next continuing preference at
  ``value x surplus / total``. Excluded candidates' ballots move at their current value. When the
  continuing candidates are no more than the seats left they are all elected. Surpluses are
  transferred in full before anyone is excluded, and only once (the rule of Tideman &
  Richardson, 2000, and of ``pref_voting.proportional_methods.stv_wig``).

Ties (equal lowest when excluding, or equal tallies straddling the last seat when electing) are
broken by a documented rule (``tie_break``):

* ``"backwards"`` (default): the candidate with fewer votes at the most recent earlier round
  where the tied candidates differed is excluded (the other elected), as in Scottish STV
  (SSI 2007/42 rules 49 and 51); if they were equal at every round, ``"order"`` decides.
* ``"order"``: a fixed priority, ``tie_order`` (default: the candidate order), highest priority
  first; the lowest-priority tied candidate is excluded, the highest elected.
* ``"random"``: by lot, drawn from ``numpy.random.default_rng(seed)`` (same seed, same count).

Every tie broken is recorded in :attr:`CountResult.ties`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError
from psephos.systems.ballots import Ballots

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

TieBreak = Literal["backwards", "order", "random"]
#: The tie rules, in the order messages list them.
TIE_BREAKS: tuple[str, ...] = get_args(TieBreak)
Quota = Literal["droop", "exact-droop"]

_HOPEFUL, _ELECTED, _EXCLUDED = 0, 1, 2


@dataclass(frozen=True, slots=True)
class CountRound:
    """One round (stage) of a count.

    Attributes:
        tallies: Votes with each candidate at the start of the round (excluded: 0).
        exhausted: Value of ballots with no continuing preference left.
        elected: Candidates (indices) elected this round.
        excluded: Candidates (indices) excluded this round.
    """

    tallies: tuple[float, ...]
    exhausted: float
    elected: tuple[int, ...]
    excluded: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class TieEvent:
    """A tie the count had to break.

    Attributes:
        round: Round (0-based) where it happened.
        kind: ``"exclude"`` or ``"elect"``.
        tied: The tied candidates (indices).
        chosen: The candidate excluded (or elected).
        rule: Which rule decided: ``"backwards"``, ``"order"`` or ``"random"``.
    """

    round: int
    kind: str
    tied: tuple[int, ...]
    chosen: int
    rule: str


@dataclass(frozen=True, slots=True)
class CountResult:
    """The outcome of an IRV or STV count.

    Attributes:
        candidates: Candidate names.
        n_seats: Seats filled.
        elected: Elected candidates (indices) in order of election.
        excluded: Excluded candidates (indices) in order of exclusion.
        quota: Quota used (IRV: half the votes continuing in the last round, which the
            winner has more than; :meth:`psephos.systems.ballot_count.BallotCount.quota`
            gives the votes needed).
        rounds: Round-by-round tallies.
        ties: Ties broken along the way.
        method: ``"irv"`` or ``"stv-wigm"``.
    """

    candidates: tuple[str, ...]
    n_seats: int
    elected: tuple[int, ...]
    excluded: tuple[int, ...]
    quota: float
    rounds: tuple[CountRound, ...]
    ties: tuple[TieEvent, ...]
    method: str

    @property
    def winners(self) -> tuple[str, ...]:
        """Names of the elected candidates, in order of election."""
        return tuple(self.candidates[i] for i in self.elected)

    @property
    def winner(self) -> str:
        """The (first) elected candidate."""
        return self.candidates[self.elected[0]]


class _Count:
    """Mutable state of one count (internal; the public functions return frozen results)."""

    def __init__(
        self,
        ballots: Ballots,
        tie_break: TieBreak,
        tie_order: Sequence[int | str] | None,
        seed: int | None,
    ) -> None:
        if tie_break not in TIE_BREAKS:
            raise ValueError(
                f"tie_break must be 'backwards', 'order' or 'random', not {tie_break!r}"
            )
        n_candidates = ballots.n_candidates
        if n_candidates == 0:
            raise DataFormatError("a count needs at least one candidate")
        self.n_candidates = n_candidates
        self.sentinel = n_candidates
        rankings = ballots.rankings
        width = rankings.shape[1]
        # -1 marks "no further preference"; a -1 column closes every row. status[-1] is the
        # sentinel's status, so -1 needs no remapping; tallies are kept shifted by one
        # (index 0 = exhausted) so that bincount can take the -1s.
        ranks = np.empty((rankings.shape[0], width + 1), dtype=np.int32)
        ranks[:, :width] = rankings
        ranks[:, width] = -1
        self.width = width + 1
        self.flat = ranks.ravel()  # preference k of row r is flat[r * width + k]
        self.position = np.arange(rankings.shape[0], dtype=np.int64) * self.width
        self.current = ranks[:, 0].copy()
        self.weight = ballots.counts.astype(np.float64, copy=True)
        self.running = np.bincount(
            self.current + 1, weights=self.weight, minlength=n_candidates + 1
        )
        self.status = np.zeros(n_candidates + 1, dtype=np.int8)
        self.status[self.sentinel] = _ELECTED  # never hopeful, so ballots stop there
        # a withdrawn candidate is out of the count from the start (no round, never elected)
        self.status[list(ballots.withdrawn)] = _EXCLUDED
        self.tie_break = tie_break
        self.priority = self._priority(ballots, tie_order)
        self.seed = seed
        self._rng: np.random.Generator | None = None  # made on the first random tie only
        self.history: list[FloatArray] = []
        self.ties: list[TieEvent] = []
        self.rounds: list[CountRound] = []
        total = float(self.weight[self.current >= 0].sum())
        self.total = total
        self.eps = 1e-9 * max(1.0, total)

    def _priority(self, ballots: Ballots, tie_order: Sequence[int | str] | None) -> IntArray:
        """Priority rank per candidate: 0 = highest priority (wins ties)."""
        if tie_order is None:
            return np.arange(self.n_candidates, dtype=np.int64)
        order = [ballots.candidates.index(c) if isinstance(c, str) else int(c) for c in tie_order]
        if sorted(order) != list(range(self.n_candidates)):
            raise ValueError("tie_order must list every candidate exactly once")
        priority = np.empty(self.n_candidates, dtype=np.int64)
        priority[order] = np.arange(self.n_candidates)
        return priority

    # -- mechanics ----------------------------------------------------------------------------
    def tallies(self) -> FloatArray:
        """Votes per candidate (last entry: exhausted), kept up to date by each transfer."""
        return np.concatenate([self.running[1:], self.running[:1]])

    def hopeful(self) -> IntArray:
        return np.nonzero(self.status[: self.n_candidates] == _HOPEFUL)[0]

    def move_on(self, rows: IntArray, source: int) -> None:
        """Move the given ballot rows (all sitting with ``source``) to their next hopeful
        preference, or to exhaustion, updating the running tallies."""
        weights = self.weight[rows]
        self.running[source + 1] -= weights.sum()
        moving = rows
        while moving.size:
            self.position[moving] += 1
            nxt = self.flat[self.position[moving]]
            self.current[moving] = nxt
            stop = (self.status[nxt] == _HOPEFUL) | (nxt < 0)
            moving = moving[~stop]
        self.running += np.bincount(
            self.current[rows] + 1, weights=weights, minlength=self.n_candidates + 1
        )

    def rows_of(self, candidate: int) -> IntArray:
        return np.nonzero(self.current == candidate)[0]

    def break_tie(self, tied: Sequence[int], *, lowest: bool, kind: str) -> int:
        """Pick the candidate to exclude (``lowest``) or elect among tied candidates."""
        group = list(tied)
        rule = self.tie_break
        if rule == "backwards":
            for past in reversed(self.history[:-1]):
                values = past[group]
                extreme = values.min() if lowest else values.max()
                narrowed = [
                    c
                    for c, v in zip(group, values, strict=True)
                    if v <= extreme + self.eps and v >= extreme - self.eps
                ]
                if len(narrowed) < len(group):
                    group = narrowed
                    if len(group) == 1:
                        break
            if len(group) > 1:
                rule = "order"
        if len(group) > 1 and rule == "order":
            ranks = self.priority[group]
            group = [group[int(np.argmax(ranks) if lowest else np.argmin(ranks))]]
        elif len(group) > 1:  # random
            if self._rng is None:
                self._rng = np.random.default_rng(self.seed)
            group = [group[int(self._rng.integers(len(group)))]]
        chosen = group[0]
        self.ties.append(TieEvent(len(self.history) - 1, kind, tuple(sorted(tied)), chosen, rule))
        return chosen

    def record(self, tallies: FloatArray, elected: Sequence[int], excluded: Sequence[int]) -> None:
        shown = tallies[: self.n_candidates].copy()
        shown[self.status[: self.n_candidates] == _EXCLUDED] = 0.0
        self.rounds.append(
            CountRound(
                tallies=tuple(shown.tolist()),
                exhausted=float(tallies[self.sentinel]),
                elected=tuple(map(int, elected)),
                excluded=tuple(map(int, excluded)),
            )
        )

    def elect_remaining(self, tallies: FloatArray, hopeful: IntArray) -> list[int]:
        """Elect every hopeful candidate (as many as the seats left), highest tally first."""
        rest = [int(c) for c in hopeful[np.argsort(-tallies[hopeful], kind="stable")]]
        for candidate in rest:
            self.status[candidate] = _ELECTED
        self.record(tallies, rest, [])
        return rest

    def lowest(self, tallies: FloatArray, hopeful: IntArray) -> int:
        values = tallies[hopeful]
        minimum = values.min()
        tied = hopeful[values <= minimum + self.eps]
        if tied.size == 1:
            return int(tied[0])
        return self.break_tie([int(c) for c in tied], lowest=True, kind="exclude")

    def exclude(self, candidate: int) -> None:
        rows = self.rows_of(candidate)
        self.status[candidate] = _EXCLUDED
        self.move_on(rows, candidate)

    def order_for_election(
        self, tallies: FloatArray, reached: IntArray, seats_left: int
    ) -> list[int]:
        """Candidates reaching the quota, highest first, cut to the seats left (ties broken)."""
        ordered = [int(c) for c in reached[np.argsort(-tallies[reached], kind="stable")]]
        if len(ordered) <= seats_left:
            return ordered
        cut = tallies[ordered[seats_left - 1]]
        if abs(tallies[ordered[seats_left]] - cut) > self.eps:
            return ordered[:seats_left]
        sure = [c for c in ordered if tallies[c] > cut + self.eps]
        tied = [c for c in ordered if abs(tallies[c] - cut) <= self.eps]
        chosen = list(sure)
        while len(chosen) < seats_left:
            pick = self.break_tie(tied, lowest=False, kind="elect")
            chosen.append(pick)
            tied.remove(pick)
        return chosen


def count_irv(
    ballots: Ballots,
    *,
    tie_break: TieBreak = "backwards",
    tie_order: Sequence[int | str] | None = None,
    seed: int | None = None,
) -> CountResult:
    """Count ranked ballots by the alternative vote (instant runoff).

    Exclude the candidate with fewest votes, one at a time, moving each of their ballots to its
    next continuing preference, until one candidate has more than half of the votes still in the
    count. Truncated ballots exhaust. Source: Farrell & McAllister, *The Australian Electoral
    System* (2006), ch. 3; Electoral Reform Society, *How to conduct an election by the single
    transferable vote* (3rd ed., 1997), which reduces to IRV for one seat.

    Args:
        ballots: The profile (aggregated or not; the result is the same).
        tie_break: ``"backwards"``, ``"order"`` or ``"random"`` (see the module docstring).
        tie_order: Candidate priority for ``"order"`` (names or indices, highest first).
        seed: Seed of the lot for ``tie_break="random"``.

    Returns:
        The count, with the winner in ``elected[0]``.
    """
    state = _Count(ballots.for_count(), tie_break, tie_order, seed)
    excluded: list[int] = []
    while True:
        tallies = state.tallies()
        state.history.append(tallies)
        hopeful = state.hopeful()
        active = float(tallies[hopeful].sum())
        top = int(hopeful[np.argmax(tallies[hopeful])]) if hopeful.size else -1
        if hopeful.size == 1 or (hopeful.size and tallies[top] > active / 2 + state.eps):
            state.status[top] = _ELECTED
            state.record(tallies, [top], [])
            return CountResult(
                ballots.candidates,
                1,
                (top,),
                tuple(excluded),
                active / 2,
                tuple(state.rounds),
                tuple(state.ties),
                "irv",
            )
        loser = state.lowest(tallies, hopeful)
        state.record(tallies, [], [loser])
        state.exclude(loser)
        excluded.append(loser)


def droop_quota(total: float, n_seats: int, *, quota: Quota = "droop") -> float:
    """Droop quota: ``floor(total / (n_seats + 1)) + 1`` (``"exact-droop"``: ``total / (n_seats
    + 1)``, the Newland-Britton rational quota)."""
    if quota == "droop":
        return float(np.floor(total / (n_seats + 1)) + 1)
    if quota == "exact-droop":
        return total / (n_seats + 1)
    raise ValueError(f"quota must be 'droop' or 'exact-droop', not {quota!r}")


def count_stv(
    ballots: Ballots,
    n_seats: int,
    *,
    quota: Quota = "droop",
    tie_break: TieBreak = "backwards",
    tie_order: Sequence[int | str] | None = None,
    seed: int | None = None,
) -> CountResult:
    """Count ranked ballots by STV with the weighted inclusive Gregory method.

    See the module docstring for the rules. Sources: Scottish Local Government Elections Order
    2007 (SSI 2007/42), rules 45-52 (quota, WIGM transfers, exclusion, filling the last seats);
    Tideman & Richardson, *Better voting methods through technology*, Public Choice 103 (2000).

    Args:
        ballots: The profile.
        n_seats: Seats to fill (1 gives the same winner as :func:`count_irv`).
        quota: ``"droop"`` (integer, default) or ``"exact-droop"``.
        tie_break: ``"backwards"``, ``"order"`` or ``"random"``.
        tie_order: Candidate priority for ``"order"`` (names or indices, highest first).
        seed: Seed of the lot for ``tie_break="random"``.

    Returns:
        The count; ``elected`` in order of election (fewer than ``n_seats`` only when there
        are fewer candidates than seats).
    """
    if n_seats < 1:
        raise ValueError(f"n_seats must be at least 1, not {n_seats}")
    state = _Count(ballots.for_count(), tie_break, tie_order, seed)
    threshold = droop_quota(state.total, n_seats, quota=quota)
    elected: list[int] = []
    excluded: list[int] = []
    n_seats = min(n_seats, state.n_candidates)
    while len(elected) < n_seats:
        tallies = state.tallies()
        state.history.append(tallies)
        hopeful = state.hopeful()
        seats_left = n_seats - len(elected)
        reached = hopeful[tallies[hopeful] >= threshold - state.eps]
        if reached.size:
            now = state.order_for_election(tallies, reached, seats_left)
            for candidate in now:
                state.status[candidate] = _ELECTED
            elected.extend(now)
            state.record(tallies, now, [])
            if len(elected) >= n_seats:
                break
            for candidate in now:
                surplus = tallies[candidate] - threshold
                if surplus > state.eps:
                    rows = state.rows_of(candidate)
                    state.running[candidate + 1] -= state.weight[rows].sum()
                    state.weight[rows] *= surplus / tallies[candidate]
                    state.running[candidate + 1] += state.weight[rows].sum()
                    state.move_on(rows, candidate)
            hopeful = state.hopeful()
            if hopeful.size <= n_seats - len(elected):
                tallies = state.tallies()
                state.history.append(tallies)
                elected.extend(state.elect_remaining(tallies, hopeful))
                break
            continue
        if hopeful.size <= seats_left:
            elected.extend(state.elect_remaining(tallies, hopeful))
            break
        loser = state.lowest(tallies, hopeful)
        state.record(tallies, [], [loser])
        state.exclude(loser)
        excluded.append(loser)
    return CountResult(
        ballots.candidates,
        n_seats,
        tuple(elected),
        tuple(excluded),
        threshold,
        tuple(state.rounds),
        tuple(state.ties),
        "stv-wigm",
    )
