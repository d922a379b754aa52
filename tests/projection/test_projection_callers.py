"""Every capability that turns a poll into seats calls the projection engine (library level).

The same poll gives the same projected shares through :func:`psephos.projection.project`, the
advice (:func:`psephos.tactical.api.uncertainty_for`), the target lists
(:func:`psephos.targeting.target_list`) and a national swing scenario; the advice draws come
from the forecast's error-model family. ``forecast`` and ``pact --poll`` take the projection's
shares or election as they are; tests/cli/test_cli_one_engine.py checks all commands.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import psephos
from psephos.forecast import LayeredErrors
from psephos.projection import DEFAULT_MODEL, MODELS, project, read_poll
from psephos.tactical.api import uncertainty_for
from psephos.tactical.uncertainty import ForecastErrors, get_share_error_model
from psephos.targeting import apply_national_swing, target_list

POLL = "Lab 30 Con 22 Reform 20 LD 12 Green 8 SNP 3 PC 1"


@pytest.fixture(scope="module")
def ge2024() -> psephos.Election:
    return psephos.load("2024")


def test_default_model_is_registered() -> None:
    assert DEFAULT_MODEL in MODELS


def test_advice_and_targets_use_the_projection_of_the_poll(ge2024) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = project(ge2024, POLL).shares
        advice = uncertainty_for("next", poll=POLL, n_sims=50, seed=1)
        targets = target_list(ge2024, "Con", "Lab", poll=POLL)
    np.testing.assert_allclose(advice.election.shares(), expected, atol=1e-12)
    assert advice.projection is not None and advice.projection.model == DEFAULT_MODEL
    assert targets.projection is not None
    np.testing.assert_allclose(targets.projection.shares, expected, atol=1e-12)
    position = {code: i for i, code in enumerate(ge2024.codes)}
    con = ge2024.parties.index("Con")
    for row in targets.seats[:50]:
        shares = expected[position[row.code]]
        margin = shares[con] - np.delete(shares, con).max()
        assert row.margin_pct == pytest.approx(100 * margin, abs=0.006)


def test_a_swing_scenario_is_the_projection_of_the_poll_it_implies(ge2024) -> None:
    swung = apply_national_swing(ge2024, {"Lab": -4, "Reform": 4})
    gb = ge2024.nations != "Northern Ireland"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from psephos.projection import base_area_shares

        before = base_area_shares(ge2024)["Great Britain"]
        poll = {"Lab": 100 * before["Lab"] - 4, "Reform": 100 * before["Reform"] + 4}
        expected = project(ge2024, poll).shares
    np.testing.assert_allclose(swung.shares()[gb], expected[gb], atol=1e-9)


def test_advice_errors_come_from_the_forecast_family() -> None:
    for name in ("normal", "student-t"):
        for long_range in (False, True):
            model = get_share_error_model(name, long_range=long_range)
            assert isinstance(model, ForecastErrors)
            assert isinstance(model.model, LayeredErrors)
    assert get_share_error_model("normal", long_range=True).model.national_scale == 0.17


def test_one_poll_rule(ge2024) -> None:
    assert read_poll("Lab 50.5 Con 50.5") == {"Lab": 50.5, "Con": 50.5}  # rounding slack
    for policy in ("fill", "error"):  # 'rescale' scales it down: test_projection_inputs
        with pytest.raises(psephos.errors.InvalidSharesError, match="above 100%"):
            project(ge2024, {"Lab": 60, "Con": 60}, policy=policy)
