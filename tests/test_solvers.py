"""The OR-Tools min-cost flow wrapper, and what happens without the ``ortools`` extra."""

from __future__ import annotations

import pytest

from psephos import solvers
from psephos.errors import MissingExtraError
from psephos.solvers import has_ortools, min_cost_flow, require_ortools

pytest.importorskip("ortools")


def test_a_network_solved_by_hand() -> None:
    # Two units from node 0 to node 3: path 0-1-3 costs 1+1, path 0-2-3 costs 2+2; arc 0-1
    # carries one unit only, so the optimum sends one unit each way (cost 2 + 4 = 6).
    flows = min_cost_flow([0, 0, 1, 2], [1, 2, 3, 3], [1, 5, 5, 5], [1, 2, 1, 2], [2, 0, 0, -2])
    assert flows.tolist() == [1, 1, 1, 1]
    assert min_cost_flow([], [], [], [], [0]).tolist() == []


def test_without_ortools_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    assert has_ortools()
    monkeypatch.setattr(solvers, "find_spec", lambda name: None)
    assert not has_ortools()
    with pytest.raises(MissingExtraError, match=r"pip install 'psephos\[ortools\]', or use --x"):
        require_ortools("--x")
    with pytest.raises(MissingExtraError, match=r"psephos\[ortools\]"):
        min_cost_flow([0], [1], [1], [1], [1, -1])
