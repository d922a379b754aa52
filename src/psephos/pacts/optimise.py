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
with HiGHS through :func:`scipy.optimize.milp` (Huangfu and Hall 2018) with a zero relative gap,
so the optimum of expected seats is exact for the given outcomes. Ties are broken toward fewer
stand-downs by a penalty too small to change the primary objective.

``objective="majority"`` maximises the probability of a bloc majority approximately, by sample
average approximation (Kleywegt, Shapiro and Homem-de-Mello 2002): binary ``z_n`` per draw in a
subsample of ``max_scenarios`` draws, ``z_n = 1`` only if the bloc's seats in draw ``n`` reach
the majority (big-M rows), maximising ``sum z_n`` (expected seats break ties). It is exact for
the subsample, approximate for the forecast.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from psephos.errors import InvalidSharesError, PsephosError
from psephos.model import Election
from psephos.pacts.simulate import (
    PactResult,
    StandDown,
    _as_draws,
    aligned_transfers,
    apply_stand_downs,
    nominal_majority,
    pact_winners,
    party_code,
    simulate_pact,
)
from psephos.pacts.transfers import TransferMatrix

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
    codes = tuple(dict.fromkeys(party_code(base, p) for p in bloc))
    if not 1 <= len(codes) <= 6:
        raise InvalidSharesError(f"A bloc needs 1 to 6 parties, not {len(codes)}.")
    columns = [base.parties.index(p) for p in codes]
    rates = aligned_transfers(transfers, base.parties)
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

    def per_party(self) -> dict[str, int]:
        """Stand-downs per bloc party."""
        return {p: sum(1 for s in self.stand_downs if s.party == p) for p in self.bloc}

    def summary(self) -> dict[str, Any]:
        """Headline figures."""
        return {
            **self.result.summary(),
            "objective": self.objective,
            "optimal": self.optimal,
            "status": self.status,
            "stand_downs_per_party": self.per_party(),
            "n_variables": self.n_variables,
            "solve_seconds": self.solve_seconds,
            "total_seconds": self.total_seconds,
        }


def _seat_mask(base: Election, seats: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    array = np.asarray(seats)
    if array.dtype == bool:
        if array.shape != (base.n_seats,):
            raise InvalidSharesError(
                f"allowed_seats mask must have {base.n_seats} entries, not {array.shape}."
            )
        return array
    mask = np.zeros(base.n_seats, dtype=bool)
    for seat in array.ravel().tolist():
        mask[base.seat_index(str(seat))] = True
    return mask


def _limits(
    bloc: Sequence[str], value: int | Mapping[str, int] | None, base: Election
) -> dict[str, int]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {party_code(base, p): int(n) for p, n in value.items()}
    return {p: int(value) for p in bloc}


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
        transfers: Transfer rates (default :meth:`TransferMatrix.default`).
        draws: Optional ``n_sims x seats x parties`` shares (a forecast).
        max_per_party: Most seats each party (or ``{party: n}``) may stand aside in.
        max_total: Most stand-downs in all.
        allowed_seats: Boolean mask over seats (or a list of ONS codes / names) where
            stand-downs may happen; elsewhere everyone stands (e.g. England and Wales only).
        fairness: Tolerance ``t``: each bloc party's expected seats with the pact must be at least
            its seats without it, less ``t`` (a mapping sets it per party). ``None``: no rule.
        objective: ``"seats"`` (exact) or ``"majority"`` (sample-average approximation).
        majority: Seats for a majority (default 326 for a UK House).
        max_scenarios: Draws used by the ``majority`` objective (the first ones).
        time_limit: HiGHS time limit in seconds.
        outcomes: Precomputed :func:`option_outcomes` (to reuse between runs).

    Returns:
        A :class:`PactPlan`.

    Raises:
        PsephosError: the solver found no feasible plan (e.g. a negative fairness tolerance).
    """
    started = time.perf_counter()
    codes = tuple(dict.fromkeys(party_code(base, p) for p in bloc))
    matrix = aligned_transfers(transfers, base.parties)
    table = outcomes or option_outcomes(base, codes, transfers=matrix, draws=draws)
    win = table.win()  # options x seats x bloc
    _, n_draws, n_seats = table.bloc_winner.shape
    keep = table.keep.copy()
    if allowed_seats is not None:
        keep &= _seat_mask(base, allowed_seats)[None, :]
    gain = win.sum(axis=2) - win[0].sum(axis=1)[None, :]
    if fairness is None and objective == "seats":
        keep &= gain > 0  # without fairness rows a non-improving option never helps
    option_index, seat_index = np.nonzero(keep)
    n_vars = len(option_index)
    sizes = np.array([bin(int(o)).count("1") for o in option_index], dtype=np.float64)
    rows: list[sparse.csr_matrix] = []
    lower: list[FloatArray] = []
    upper: list[FloatArray] = []
    columns = np.arange(n_vars)

    def add(matrix_rows: sparse.csr_matrix, lo: FloatArray, hi: FloatArray) -> None:
        rows.append(matrix_rows)
        lower.append(lo)
        upper.append(hi)

    if n_vars:
        add(
            sparse.csr_matrix((np.ones(n_vars), (seat_index, columns)), shape=(n_seats, n_vars)),
            np.full(n_seats, -np.inf),
            np.ones(n_seats),
        )
    limits = _limits(codes, max_per_party, base)
    for k, party in enumerate(codes):
        member = ((option_index >> k) & 1).astype(bool)
        if party in limits and n_vars:
            add(
                sparse.csr_matrix(member.astype(np.float64)[None, :]),
                np.array([-np.inf]),
                np.array([float(limits[party])]),
            )
        tolerance = fairness.get(party) if isinstance(fairness, Mapping) else fairness
        if tolerance is not None and n_vars:
            delta = win[option_index, seat_index, k] - win[0, seat_index, k]
            add(
                sparse.csr_matrix(delta[None, :]), np.array([-float(tolerance)]), np.array([np.inf])
            )
    if max_total is not None and n_vars:
        add(sparse.csr_matrix(sizes[None, :]), np.array([-np.inf]), np.array([float(max_total)]))
    gain_counts = np.rint(gain[option_index, seat_index] * n_draws)
    penalty = 1.0 / (sizes.sum() + 2.0)
    need = majority if majority is not None else nominal_majority(base.n_seats)
    n_z = 0
    if objective == "majority":
        scenarios = min(max_scenarios, n_draws)
        n_z = scenarios
        in_bloc = table.bloc_winner[:, :scenarios, :] >= 0  # options x draws x seats
        base_seats = in_bloc[0].sum(axis=1).astype(np.float64)
        seat_gain = in_bloc[option_index, :, seat_index].astype(np.float64) - in_bloc[0][
            :, seat_index
        ].T.astype(np.float64)  # vars x draws
        big = float(n_seats)
        block = sparse.hstack(
            [
                sparse.csr_matrix(seat_gain.T),
                sparse.diags(-(need - base_seats + big)),
            ]
        ).tocsr()
        rows = [sparse.hstack([r, sparse.csr_matrix((r.shape[0], n_z))]).tocsr() for r in rows]
        add(block, np.full(scenarios, -big), np.full(scenarios, np.inf))
        tie = 1.0 / (np.abs(gain_counts).sum() + 2.0)
        cost = np.concatenate([-(gain_counts * tie) + penalty * tie * sizes, -np.ones(n_z)])
    else:
        cost = -gain_counts + penalty * sizes
    total_vars = n_vars + n_z
    solve_started = time.perf_counter()
    if total_vars == 0:
        chosen = np.zeros(0, dtype=bool)
        status, optimal, value = "nothing to decide", True, 0.0
    else:
        constraints = [
            LinearConstraint(r, lo, hi) for r, lo, hi in zip(rows, lower, upper, strict=True)
        ]
        solution = milp(
            cost,
            constraints=constraints,
            integrality=np.ones(total_vars),
            bounds=Bounds(0, 1),
            options={"time_limit": float(time_limit), "mip_rel_gap": 0.0, "disp": False},
        )
        if solution.x is None:
            raise PsephosError(f"The pact optimiser found no feasible plan: {solution.message}")
        chosen = solution.x[:n_vars] > 0.5
        status, optimal = str(solution.message), solution.status == 0
        if objective == "majority":
            value = float((solution.x[n_vars:] > 0.5).mean())
        else:
            value = float(gain[option_index[chosen], seat_index[chosen]].sum())
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
    )
