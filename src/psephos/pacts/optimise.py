"""The pact optimiser: which stand-downs maximise a bloc's seats, as an exact integer programme.

For a bloc ``B`` of ``b`` parties each seat ``s`` has ``2**b - 1`` *options* ``o``: the subsets
of ``B`` that stand aside there (all of ``B`` standing aside is excluded). Every option's outcome
is simulated up front with :func:`psephos.pacts.simulate.apply_stand_downs` on every draw, giving
``win[o, s, k]``, the probability that bloc party ``k`` wins ``s`` under ``o``. With binary
``x[s, o]`` (option ``o`` chosen in seat ``s``; no variable means "nobody stands aside"):

    maximise    sum_{s,o} (v[s,o] - v[s,0]) x[s,o]          v[s,o] = sum_k win[o,s,k]
    subject to  sum_o x[s,o] <= 1                            every seat
                sum_{s, o containing p} x[s,o] <= N_p         "each party stands down at most N"
                sum_{s,o} (win[o,s,p] - win[0,s,p]) x[s,o] >= -t_p
                                                              fairness: party p gains at least
                                                              what it gives up, less t_p seats

The fairness row says each party's expected seats with the pact are no lower than without it
(less a tolerance): the seats it gives up by standing aside are repaid by seats others give it.

Options whose bloc outcome (per draw) equals that of a proper subset are dropped: the subset
gets the same result with fewer stand-downs, so no optimum needs them. The programme is solved
with HiGHS (Huangfu and Hall 2018) through :func:`psephos.solvers.milp` with a zero relative
gap, so the optimum of expected seats is exact for the given outcomes. Ties are broken toward
fewer stand-downs by a penalty too small to change the primary objective.

``objective="majority"`` maximises the probability of a bloc majority approximately, by sample
average approximation (Kleywegt, Shapiro and Homem-de-Mello 2002): binary ``z_n`` per draw in a
subsample of ``max_scenarios`` draws, ``z_n = 1`` only if the bloc's seats in draw ``n`` reach
the majority (big-M rows), maximising ``sum z_n`` (expected seats break ties). It is exact for
the subsample, approximate for the forecast.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint

from psephos.errors import InvalidSharesError, PsephosError
from psephos.model import Election
from psephos.pacts.simulate import (
    PactResult,
    StandDown,
    _as_draws,
    aligned_transfers,
    apply_stand_downs,
    bloc_codes,
    pact_winners,
    party_code,
    seats_needed,
    simulate_pact,
)
from psephos.pacts.transfers import TransferMatrix
from psephos.solvers import milp

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class OptionOutcomes:
    """Every option's outcome in every seat and draw.

    Attributes:
        bloc: Bloc party codes.
        options: Option bit masks (bit ``k``: bloc party ``k`` stands aside); index 0 is "none".
        bloc_winner: Options x draws x seats: index of the winning bloc party, or -1.
        keep: Options x seats: option worth a variable (not dominated by a subset).
    """

    bloc: tuple[str, ...]
    options: tuple[int, ...]
    bloc_winner: npt.NDArray[np.int8]
    keep: npt.NDArray[np.bool_]

    def win(self) -> FloatArray:
        """Options x seats x bloc parties win probabilities."""
        return np.stack(
            [(self.bloc_winner == k).mean(axis=1) for k in range(len(self.bloc))], axis=-1
        )


def option_outcomes(
    base: Election,
    bloc: Sequence[str],
    *,
    transfers: TransferMatrix | None = None,
    draws: npt.ArrayLike | None = None,
) -> OptionOutcomes:
    """Simulate every stand-down option of the bloc in every seat (vectorised over seats)."""
    codes = bloc_codes(base, bloc)
    if not 1 <= len(codes) <= 6:
        raise InvalidSharesError(f"A bloc needs 1 to 6 parties, not {len(codes)}.")
    columns = [base.parties.index(p) for p in codes]
    rates = aligned_transfers(transfers, base.parties, election=base)
    values = _as_draws(base, draws)
    n_options = (1 << len(codes)) - 1  # every subset except "all stand aside"
    lookup = np.full(len(base.parties), -1, dtype=np.int8)
    lookup[columns] = np.arange(len(codes), dtype=np.int8)
    standing = (values > 0).any(axis=0)
    result = np.empty((n_options, values.shape[0], base.n_seats), dtype=np.int8)
    for option in range(n_options):
        mask = np.zeros((base.n_seats, len(base.parties)), dtype=bool)
        for k, column in enumerate(columns):
            if option >> k & 1:
                mask[:, column] = True
        mask &= standing  # as in simulate_pact: standing aside where absent changes nothing
        after = apply_stand_downs(values, mask, rates.rates) if option else values
        _, after_winner = pact_winners(base, values, after, mask, from_draws=draws is not None)
        result[option] = lookup[after_winner]
    keep = np.ones((n_options, base.n_seats), dtype=bool)
    keep[0] = False
    for option in range(1, n_options):
        subset = (option - 1) & option
        while True:  # every proper subset, "none" (0) included
            same = (result[option] == result[subset]).all(axis=0)
            keep[option] &= ~same
            if subset == 0:
                break
            subset = (subset - 1) & option
    return OptionOutcomes(codes, tuple(range(n_options)), result, keep)


@dataclass(frozen=True, slots=True, eq=False)
class PactPlan:
    """The optimiser's answer.

    Attributes:
        bloc: Bloc parties.
        stand_downs: Chosen stand-downs.
        objective: ``"seats"`` or ``"majority"``.
        status: Solver message.
        optimal: Whether HiGHS proved optimality.
        objective_value: Expected bloc seats gained (``seats``) or P(majority) on the subsample.
        n_variables: Binary variables after pruning.
        solve_seconds: HiGHS time.
        total_seconds: Outcome simulation plus model build plus solve.
        result: The plan simulated with :func:`simulate_pact` (seats, ledger).
        n_draws: Draws the outcomes were simulated on (1: the result or projection itself).
        n_scenarios: Draws the objective was optimised over: all of them for ``seats``, the
            first ``max_scenarios`` for ``majority``.
        majority: Seats the bloc needs for a majority.
        max_per_party: The most stand-downs of each bloc party (``{}``: no limit).
        max_total: The most stand-downs in all (``None``: no limit).
        fairness: The fairness tolerance in seats (``None``: no rule).
        n_allowed_seats: Seats where stand-downs were allowed (``None``: every seat).
    """

    bloc: tuple[str, ...]
    stand_downs: tuple[StandDown, ...]
    objective: str
    status: str
    optimal: bool
    objective_value: float
    n_variables: int
    solve_seconds: float
    total_seconds: float
    result: PactResult
    n_draws: int = 1
    n_scenarios: int = 1
    majority: int | None = None
    max_per_party: Mapping[str, int] = field(default_factory=dict)
    max_total: int | None = None
    fairness: float | Mapping[str, float] | None = None
    n_allowed_seats: int | None = None

    @property
    def approximate(self) -> bool:
        """Whether the objective was optimised over fewer draws than the forecast has (the
        majority objective's sample-average approximation on its first draws), so the plan
        is the best for those draws only."""
        return self.n_scenarios < self.n_draws

    @property
    def outcome(self) -> str:
        """The solve in words: ``"the best plan (proven)"``; on a subsample of the draws
        (:attr:`approximate`), the best for those draws, not proven for all; where the time
        limit stopped the search, the best found and the solver's own message."""
        if not self.optimal:
            return f"the best plan found in the time allowed, not proven the best ({self.status})"
        if self.approximate:
            return (
                f"the best plan for those {self.n_scenarios:,} draws (proven), not proven "
                f"the best over all {self.n_draws:,}"
            )
        return "the best plan (proven)"

    def objective_text(self) -> str:
        """What was maximised, in words: ``"the bloc's expected seats"`` (``"over 300
        draws"`` on draws), or ``"the chance of a bloc majority (326 seats) over the first 200
        of 300 draws (approximate)"``."""
        if self.objective == "majority":
            need = f" ({self.majority:,} seats)" if self.majority is not None else ""
            if self.approximate:
                over = f"the first {self.n_scenarios:,} of {self.n_draws:,} draws (approximate)"
            else:
                over = f"all {self.n_draws:,} draws"
            return f"the chance of a bloc majority{need} over {over}"
        over = f" over {self.n_draws:,} draws" if self.n_draws > 1 else ""
        return f"the bloc's expected seats{over}"

    def limits(self) -> dict[str, Any]:
        """The limits the plan was chosen under: ``max_per_party`` (party -> most stand-downs,
        ``{}``: none), ``max_total``, ``fairness`` (seats, ``None``: no rule) and
        ``allowed_seats`` (seats where stand-downs were allowed, ``None``: every seat)."""
        return {
            "max_per_party": dict(self.max_per_party),
            "max_total": self.max_total,
            "fairness": (
                dict(self.fairness) if isinstance(self.fairness, Mapping) else self.fairness
            ),
            "allowed_seats": self.n_allowed_seats,
        }

    def per_party(self) -> dict[str, int]:
        """Stand-downs per bloc party."""
        return {p: sum(1 for s in self.stand_downs if s.party == p) for p in self.bloc}

    def summary(self) -> dict[str, Any]:
        """Headline figures."""
        return {
            **self.result.summary(),
            "objective": self.objective,
            "objective_text": self.objective_text(),
            "n_scenarios": self.n_scenarios,
            "approximate": self.approximate,
            "limits": self.limits(),
            "optimal": self.optimal,
            "status": self.status,
            "outcome": self.outcome,
            "stand_downs_per_party": self.per_party(),
            "n_variables": self.n_variables,
            "solve_seconds": self.solve_seconds,
            "total_seconds": self.total_seconds,
        }


def _limits(
    bloc: Sequence[str], value: int | Mapping[str, int] | None, base: Election
) -> dict[str, int]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {party_code(base, p): int(n) for p, n in value.items()}
    return {p: int(value) for p in bloc}


@dataclass(slots=True)
class _Program:
    """The pact as a mixed-integer programme: one 0/1 variable per (option, seat) kept, plus one
    per scenario for the majority objective; rows are added by constraint family."""

    option_index: npt.NDArray[np.int64]
    seat_index: npt.NDArray[np.int64]
    n_seats: int
    rows: list[sparse.csr_matrix] = field(default_factory=list)
    lower: list[FloatArray] = field(default_factory=list)
    upper: list[FloatArray] = field(default_factory=list)
    n_scenarios: int = 0

    def __post_init__(self) -> None:
        if self.n_vars:  # at most one option per seat
            columns = np.arange(self.n_vars)
            self.add(
                sparse.csr_matrix(
                    (np.ones(self.n_vars), (self.seat_index, columns)),
                    shape=(self.n_seats, self.n_vars),
                ),
                np.full(self.n_seats, -np.inf),
                np.ones(self.n_seats),
            )

    @property
    def n_vars(self) -> int:
        """Stand-down variables (option x seat)."""
        return len(self.option_index)

    @property
    def sizes(self) -> FloatArray:
        """Parties standing aside in each variable's option."""
        return np.array([bin(int(o)).count("1") for o in self.option_index], dtype=np.float64)

    def add(self, matrix_rows: sparse.csr_matrix, lo: FloatArray, hi: FloatArray) -> None:
        """One family of rows ``lo <= A x <= hi``."""
        self.rows.append(matrix_rows)
        self.lower.append(lo)
        self.upper.append(hi)

    def add_party_rows(
        self,
        codes: Sequence[str],
        limits: Mapping[str, int],
        fairness: float | Mapping[str, float] | None,
        win: FloatArray,
    ) -> None:
        """Per bloc party: the most seats it may stand aside in, and the fairness rule (its
        expected seats with the pact at least its seats without, less the tolerance)."""
        if not self.n_vars:
            return
        for k, party in enumerate(codes):
            if party in limits:
                member = ((self.option_index >> k) & 1).astype(np.float64)
                self.add(
                    sparse.csr_matrix(member[None, :]),
                    np.array([-np.inf]),
                    np.array([float(limits[party])]),
                )
            tolerance = fairness.get(party) if isinstance(fairness, Mapping) else fairness
            if tolerance is not None:
                delta = win[self.option_index, self.seat_index, k] - win[0, self.seat_index, k]
                self.add(
                    sparse.csr_matrix(delta[None, :]),
                    np.array([-float(tolerance)]),
                    np.array([np.inf]),
                )

    def add_total(self, max_total: int | None) -> None:
        """The most stand-downs in all."""
        if max_total is not None and self.n_vars:
            self.add(
                sparse.csr_matrix(self.sizes[None, :]),
                np.array([-np.inf]),
                np.array([float(max_total)]),
            )

    def add_majority(self, bloc_winner: npt.NDArray[np.signedinteger[Any]], need: int) -> None:
        """One 0/1 variable per scenario that may be 1 only if the bloc reaches ``need`` seats
        there (a big-M row per scenario)."""
        scenarios = bloc_winner.shape[1]
        in_bloc = bloc_winner >= 0  # options x draws x seats
        base_seats = in_bloc[0].sum(axis=1).astype(np.float64)
        seat_gain = in_bloc[self.option_index, :, self.seat_index].astype(np.float64) - in_bloc[0][
            :, self.seat_index
        ].T.astype(np.float64)  # vars x draws
        big = float(self.n_seats)
        block = sparse.hstack(
            [sparse.csr_matrix(seat_gain.T), sparse.diags(-(need - base_seats + big))]
        ).tocsr()
        self.rows = [
            sparse.hstack([r, sparse.csr_matrix((r.shape[0], scenarios))]).tocsr()
            for r in self.rows
        ]
        self.n_scenarios = scenarios
        self.add(block, np.full(scenarios, -big), np.full(scenarios, np.inf))

    def cost(self, gain_counts: FloatArray, *, majority: bool) -> FloatArray:
        """Minimised cost: lose seats' worth of gain, with a small penalty per stand-down
        (fewest stand-downs among equal plans); for the majority objective, scenarios first."""
        sizes = self.sizes
        penalty = 1.0 / (sizes.sum() + 2.0)
        if not majority:
            return np.asarray(-gain_counts + penalty * sizes, dtype=np.float64)
        tie = 1.0 / (np.abs(gain_counts).sum() + 2.0)
        return np.concatenate(
            [-(gain_counts * tie) + penalty * tie * sizes, -np.ones(self.n_scenarios)]
        )

    def solve(
        self, cost: FloatArray, time_limit: float
    ) -> tuple[npt.NDArray[np.bool_], str, bool, npt.NDArray[np.bool_]]:
        """Chosen stand-down variables, solver status, optimality and scenario variables.

        Raises:
            PsephosError: the solver found no feasible plan.
        """
        total_vars = self.n_vars + self.n_scenarios
        if total_vars == 0:
            empty = np.zeros(0, dtype=bool)
            return empty, "nothing to decide", True, empty
        constraints = [
            LinearConstraint(r, lo, hi)
            for r, lo, hi in zip(self.rows, self.lower, self.upper, strict=True)
        ]
        solution = milp(
            cost,
            constraints=constraints,
            integrality=np.ones(total_vars),
            bounds=Bounds(0, 1),
            options={"time_limit": float(time_limit), "mip_rel_gap": 0.0},
        )
        if solution.x is None:
            raise PsephosError(f"The pact optimiser found no feasible plan: {solution.message}")
        return (
            solution.x[: self.n_vars] > 0.5,
            str(solution.message),
            solution.status == 0,
            solution.x[self.n_vars :] > 0.5,
        )


def optimise_pact(
    base: Election,
    *,
    bloc: Sequence[str],
    transfers: TransferMatrix | None = None,
    draws: npt.ArrayLike | None = None,
    max_per_party: int | Mapping[str, int] | None = None,
    max_total: int | None = None,
    allowed_seats: npt.ArrayLike | None = None,
    fairness: float | Mapping[str, float] | None = None,
    objective: Literal["seats", "majority"] = "seats",
    majority: int | None = None,
    max_scenarios: int = 200,
    time_limit: float = 60.0,
    outcomes: OptionOutcomes | None = None,
) -> PactPlan:
    """Choose the stand-downs that maximise the bloc's expected seats (or P(majority)).

    Args:
        base: Result or projection (seats, parties; the votes unless ``draws`` are given).
        bloc: 1-6 parties that may stand aside for one another.
        transfers: Transfer rates (default :meth:`TransferMatrix.for_election`).
        draws: Optional ``n_sims x seats x parties`` shares (a forecast).
        max_per_party: Most seats each party (or ``{party: n}``) may stand aside in.
        max_total: Most stand-downs in all.
        allowed_seats: Boolean mask over seats (or seat positions, or ONS codes / names:
            :meth:`~psephos.model.Election.seat_mask`) where stand-downs may happen; elsewhere
            everyone stands (e.g. England and Wales only).
        fairness: Tolerance ``t``: each bloc party's expected seats with the pact must be at least
            its seats without it, less ``t`` (a mapping sets it per party). ``None``: no rule.
        objective: ``"seats"`` (exact) or ``"majority"`` (sample-average approximation).
        majority: Seats for a majority (default :func:`psephos.model.nominal_majority`, 326
            of 650).
        max_scenarios: Draws used by the ``majority`` objective (the first ones).
        time_limit: HiGHS time limit in seconds.
        outcomes: Precomputed :func:`option_outcomes` (to reuse between runs).

    Returns:
        A :class:`PactPlan`.

    Raises:
        PsephosError: the solver found no feasible plan (e.g. a negative fairness tolerance).
    """
    started = time.perf_counter()
    codes = bloc_codes(base, bloc)
    matrix = aligned_transfers(transfers, base.parties, election=base)
    table = outcomes or option_outcomes(base, codes, transfers=matrix, draws=draws)
    win = table.win()  # options x seats x bloc
    gain = win.sum(axis=2) - win[0].sum(axis=1)[None, :]
    keep = table.keep.copy()
    allowed = None if allowed_seats is None else base.seat_mask(allowed_seats)
    if allowed is not None:
        keep &= allowed[None, :]
    if fairness is None and objective == "seats":
        keep &= gain > 0  # without fairness rows a non-improving option never helps
    option_index, seat_index = np.nonzero(keep)
    program = _Program(option_index, seat_index, n_seats=table.bloc_winner.shape[2])
    limits = _limits(codes, max_per_party, base)
    program.add_party_rows(codes, limits, fairness, win)
    program.add_total(max_total)
    need = seats_needed(base, majority)
    n_draws = table.bloc_winner.shape[1]
    gain_counts = np.rint(gain[option_index, seat_index] * n_draws)
    n_scenarios = n_draws
    if objective == "majority":
        n_scenarios = min(max_scenarios, n_draws)
        program.add_majority(table.bloc_winner[:, :n_scenarios, :], need)
    cost = program.cost(gain_counts, majority=objective == "majority")
    solve_started = time.perf_counter()
    chosen, status, optimal, extra = program.solve(cost, time_limit)
    if objective == "majority":
        value = float(extra.mean()) if extra.size else 0.0
    else:
        value = float(gain[option_index[chosen], seat_index[chosen]].sum())
    total_vars = program.n_vars + program.n_scenarios
    solve_seconds = time.perf_counter() - solve_started
    stand_downs = tuple(
        StandDown(party, base.constituencies[int(s)].code)
        for o, s in zip(option_index[chosen], seat_index[chosen], strict=True)
        for k, party in enumerate(codes)
        if int(o) >> k & 1
    )
    result = simulate_pact(
        base, stand_downs, bloc=codes, transfers=matrix, draws=draws, majority=need
    )
    return PactPlan(
        bloc=codes,
        stand_downs=stand_downs,
        objective=objective,
        status=status,
        optimal=optimal,
        objective_value=value,
        n_variables=total_vars,
        solve_seconds=solve_seconds,
        total_seconds=time.perf_counter() - started,
        result=result,
        n_draws=n_draws,
        n_scenarios=n_scenarios,
        majority=need,
        max_per_party=limits,
        max_total=max_total,
        fairness=fairness,
        n_allowed_seats=None if allowed is None else int(allowed.sum()),
    )
