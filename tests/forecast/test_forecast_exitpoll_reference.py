"""The broadcasters' exit polls shown beside the estimator: each year's error is reckoned from
its published seat figures and the result, on the parties and seats the emulation scores."""

from __future__ import annotations

import numpy as np
import pytest

import psephos
from psephos.forecast.exitpoll import REAL_EXIT_POLL, REAL_EXIT_POLL_ERROR, scored_parties


@pytest.mark.parametrize("year", sorted(REAL_EXIT_POLL))
def test_each_real_exit_polls_error_is_reckoned_from_its_figures(year: str) -> None:
    result = psephos.load(year)
    gb = result.gb_mask
    won = np.bincount(result.winner[gb], minlength=len(result.parties))
    parties = scored_parties(result)
    errors = [abs(REAL_EXIT_POLL[year].get(p, 0) - won[result.parties.index(p)]) for p in parties]
    assert REAL_EXIT_POLL_ERROR[year] == pytest.approx(float(np.mean(errors)), abs=0.005)
    assert set(REAL_EXIT_POLL_ERROR) == set(REAL_EXIT_POLL)
