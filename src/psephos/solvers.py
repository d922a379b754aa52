"""The one place psephos calls a solver: OR-Tools' min-cost flow, and HiGHS through SciPy.

Volunteer allocation (:mod:`psephos.targeting.allocate`) and vote-swap matching
(:mod:`psephos.tactical.swaps`) are min-cost flow problems. Google OR-Tools'
``SimpleMinCostFlow`` (network simplex on integers) solves them fastest; it is an optional
dependency (``pip install 'psephos[ortools]'``, included in ``dev``). Each of the two features
also has an exact linear programme solved by HiGHS through SciPy (always installed), and its
``"auto"`` method uses OR-Tools when installed and that LP otherwise: a network matrix is
totally unimodular, so both reach the same optimum (Ahuja, Magnanti & Orlin, *Network Flows*,
1993, ch. 9 and 11), the LP more slowly.

Every HiGHS model psephos builds (the pact optimiser's integer programme, the LP cross-checks,
the postcode transport problem) is solved by :func:`linprog` or :func:`milp` here, which turn the
solver's log off and keep what the HiGHS library prints for itself (its MIP solver has debugging
lines written straight to the process's standard output, whatever the options say) off
standard output, so ``-f json`` and ``-f csv`` stay machine-readable.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from psephos.errors import MissingExtraError, PsephosError

if TYPE_CHECKING:
    from scipy.optimize import OptimizeResult

IntArray = npt.NDArray[np.int64]

_QUIET_LOCK = threading.Lock()
_quiet_depth = 0
_saved_stdout: int | None = None


def _flush_c_stdout() -> None:
    """Flush the C library's buffered standard output (where the HiGHS library's ``printf``
    lines wait), so that they are written while standard output still points elsewhere."""
    with suppress(OSError, AttributeError, TypeError):  # no C library to ask: nothing buffered
        ctypes.CDLL(None).fflush(None)


@contextmanager
def solver_output_silenced() -> Iterator[None]:
    """Send whatever a solver library writes to standard output (file descriptor 1) to the null
    device while the block runs; Python's own output is flushed first and is unaffected after.

    Nested and concurrent uses (web requests in threads) share one redirection: the first in
    redirects, the last out restores. Where descriptor 1 cannot be redirected (no real file
    behind it), the block runs as it is.
    """
    global _quiet_depth, _saved_stdout
    with _QUIET_LOCK:
        if _quiet_depth == 0:
            try:
                sys.stdout.flush()
                _flush_c_stdout()
                saved = os.dup(1)
            except (OSError, ValueError, AttributeError):
                saved = None
            if saved is not None:
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, 1)
                os.close(null)
            _saved_stdout = saved
        _quiet_depth += 1
    try:
        yield
    finally:
        with _QUIET_LOCK:
            _quiet_depth -= 1
            if _quiet_depth == 0 and _saved_stdout is not None:
                _flush_c_stdout()
                os.dup2(_saved_stdout, 1)
                os.close(_saved_stdout)
                _saved_stdout = None


def linprog(cost: npt.ArrayLike, **arguments: Any) -> OptimizeResult:
    """:func:`scipy.optimize.linprog` (a HiGHS method), with the solver's output silenced.

    Args:
        cost: The objective's coefficients (minimised).
        **arguments: As for :func:`scipy.optimize.linprog`; ``options`` gains ``disp=False``.
    """
    from scipy.optimize import linprog as scipy_linprog  # imported here: SciPy is slow to load

    options = {"disp": False, **arguments.pop("options", {})}
    with solver_output_silenced():
        return scipy_linprog(cost, options=options, **arguments)


def milp(cost: npt.ArrayLike, **arguments: Any) -> OptimizeResult:
    """:func:`scipy.optimize.milp` (HiGHS), with the solver's output silenced.

    Args:
        cost: The objective's coefficients (minimised).
        **arguments: As for :func:`scipy.optimize.milp`; ``options`` gains ``disp=False``.
    """
    from scipy.optimize import milp as scipy_milp  # imported here: SciPy is slow to load

    options = {"disp": False, **arguments.pop("options", {})}
    with solver_output_silenced():
        return scipy_milp(cost, options=options, **arguments)


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
