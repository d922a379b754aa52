"""Minimum-cost network flow by OR-Tools: the one place psephos calls the optional solver.

Volunteer allocation (:mod:`psephos.targeting.allocate`) and vote-swap matching
(:mod:`psephos.tactical.swaps`) are min-cost flow problems. Google OR-Tools'
``SimpleMinCostFlow`` (network simplex on integers) solves them fastest; it is an optional
dependency (``pip install 'psephos[ortools]'``, included in ``dev``). Each of the two features
also has an exact linear programme solved by HiGHS through SciPy (always installed), and its
``"auto"`` method uses OR-Tools when installed and that LP otherwise: a network matrix is
totally unimodular, so both reach the same optimum (Ahuja, Magnanti & Orlin, *Network Flows*,
1993, ch. 9 and 11), the LP more slowly.
"""

from __future__ import annotations

from importlib.util import find_spec

import numpy as np
import numpy.typing as npt

from psephos.errors import MissingExtraError, PsephosError

IntArray = npt.NDArray[np.int64]


#: The spellings of the min-cost-flow method that every command taking ``--method`` accepts
#: (volunteer allocation says ``min-cost-flow``, vote swaps ``flow``; either works in both).
FLOW_METHODS: tuple[str, ...] = ("min-cost-flow", "flow")


def has_ortools() -> bool:
    """Whether OR-Tools (the ``ortools`` extra) is installed."""
    return find_spec("ortools") is not None


def require_ortools(alternative: str) -> None:
    """Fail in one line naming the extra when OR-Tools is not installed.

    Args:
        alternative: Completes "or use ..." (e.g. ``"--method lp"``).

    Raises:
        MissingExtraError: OR-Tools is not installed.
    """
    if not has_ortools():
        raise MissingExtraError(
            "The min-cost flow solver needs OR-Tools: pip install 'psephos[ortools]', or use "
            f"{alternative} (exact, solved by HiGHS)."
        )


def min_cost_flow(
    tails: npt.ArrayLike,
    heads: npt.ArrayLike,
    capacities: npt.ArrayLike,
    unit_costs: npt.ArrayLike,
    supplies: npt.ArrayLike,
    *,
    alternative: str = "the LP method",
) -> IntArray:
    """Flows on each arc of a minimum-cost flow (OR-Tools ``SimpleMinCostFlow``).

    Args:
        tails, heads: Node of each arc's start and end (nodes are ``0 .. len(supplies) - 1``).
        capacities: Whole-number capacity of each arc.
        unit_costs: Whole-number cost per unit of flow on each arc.
        supplies: Net supply of each node (positive: flow leaves it); they sum to zero.
        alternative: Named in the error when OR-Tools is missing.

    Returns:
        The flow on each arc, in arc order.

    Raises:
        MissingExtraError: OR-Tools is not installed; PsephosError: no optimum.
    """
    require_ortools(alternative)
    from ortools.graph.python import min_cost_flow as ortools_flow

    tail = np.asarray(tails, dtype=np.int64)
    if tail.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    supply = np.asarray(supplies, dtype=np.int64)
    solver = ortools_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(
        tail,
        np.asarray(heads, dtype=np.int64),
        np.asarray(capacities, dtype=np.int64),
        np.asarray(unit_costs, dtype=np.int64),
    )
    solver.set_nodes_supplies(np.arange(supply.shape[0], dtype=np.int64), supply)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise PsephosError(f"The min-cost flow solver found no optimum (OR-Tools status {status}).")
    return np.asarray(solver.flows(arcs), dtype=np.int64)
