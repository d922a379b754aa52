"""The seat-spread error model: wider seat errors where standard swing models disagree."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from typer.testing import CliRunner

import psephos
from cli_helpers import command_json
from psephos.cli import app
from psephos.errors import PsephosError
from psephos.forecast.calibration import (
    SEAT_SPREAD,
    backtest_forecast,
    fit_seat_spread,
    model_spread,
    pair_seat_terms,
    reliability_table,
)
from psephos.forecast.charts import reliability_chart
from psephos.forecast.errors_model import LayeredErrors, SeatSpreadErrors
from psephos.forecast.montecarlo import forecast


@settings(max_examples=40)
@given(
    spread=arrays(np.float64, 7, elements=st.floats(0.0, 0.5)),
    extra=arrays(np.float64, 7, elements=st.floats(0.0, 0.3)),
    scale=st.floats(0.0, 0.3),
)
def test_seat_sd_adds_variances(spread: np.ndarray, extra: np.ndarray, scale: float) -> None:
    layers = LayeredErrors(0.0, 0.01, scale)
    model = SeatSpreadErrors(layers, extra)
    sd = model.seat_sd(spread)
    assert np.allclose(sd**2, (scale * spread) ** 2 + extra**2)
    assert np.all(sd >= layers.seat_sd(spread) - 1e-12)
    # no extra: exactly the layered model
    assert np.allclose(
        SeatSpreadErrors(layers, np.zeros(7)).seat_sd(spread), layers.seat_sd(spread)
    )


def test_seat_spread_errors_refuse_bad_input() -> None:
    layers = LayeredErrors()
    with pytest.raises(PsephosError, match="non-negative"):
        SeatSpreadErrors(layers, np.array([0.1, -0.1]))
    with pytest.raises(PsephosError, match="2 seats"):
        SeatSpreadErrors(layers, np.array([0.1, 0.1])).seat_sd(np.ones(3))


def test_models_agree_when_nothing_changes() -> None:
    base = psephos.load("2017")
    gb = base.nations != "Northern Ireland"
    spread = model_spread(base, base.shares(), national=base.vote_shares(gb))
    assert spread.shape == (base.n_seats,)
    # the models reproduce the base up to how each derives regional targets
    assert np.abs(spread).max() < 0.01


def test_models_disagree_more_after_a_big_change() -> None:
    base = psephos.load("2019-notional-2024")
    small = model_spread(base, base.shares(), national="Con 42 Lab 34 LD 12 Green 3 Reform 2")
    big = model_spread(base, base.shares(), national="Lab 35 Con 22 Reform 17 LD 12 Green 7")
    assert np.all(small >= 0) and np.all(big >= 0)
    assert np.sqrt((big**2).mean()) > 2 * np.sqrt((small**2).mean())


def test_fit_uses_earlier_pairs_only() -> None:
    # 2015 has no earlier pair: the documented default and no spread term
    scale, k = fit_seat_spread("2015")
    assert k == 0.0 and scale > 0
    scale, k = fit_seat_spread("2017")
    assert 0.03 < scale < 0.2 and 0 <= k < 10
    residual, binomial, ensemble = pair_seat_terms(psephos.load("2010"), psephos.load("2015"))
    assert residual.shape == binomial.shape == ensemble.shape
    assert np.all(residual >= 0) and np.all(binomial > 0) and np.all(ensemble >= 0)


def test_default_follows_the_rule_per_mean_and_scenario() -> None:
    assert SEAT_SPREAD[("headline", "regions")] is True
    assert SEAT_SPREAD[("nation-uniform", "nations")] is False
    default = backtest_forecast("2017", n_sims=500, seed=1)
    assert isinstance(default.error_model, SeatSpreadErrors)
    nations = backtest_forecast(
        "2017", n_sims=500, seed=1, mean="nation-uniform", scenario="nations"
    )
    assert isinstance(nations.error_model, LayeredErrors)


def test_backtest_with_and_without_the_spread() -> None:
    plain = backtest_forecast("2019", n_sims=2000, seed=3, seat_spread=False)
    spread = backtest_forecast("2019", n_sims=2000, seed=3, seat_spread=True)
    assert isinstance(spread.error_model, SeatSpreadErrors)
    assert isinstance(plain.error_model, LayeredErrors)
    for test in (plain, spread):
        p = test.result.win_probability
        assert np.allclose(p.sum(axis=1), 1.0)
    # the extra term can only widen a seat's error, so no seat becomes more certain overall
    assert spread.result.win_probability.max(axis=1).mean() <= (
        plain.result.win_probability.max(axis=1).mean() + 0.01
    )


def test_forecast_runs_with_the_seat_spread_model() -> None:
    base = psephos.load("2017")
    extra = np.full(base.n_seats, 0.05)
    result = forecast(
        base,
        base.shares(),
        error_model=SeatSpreadErrors(LayeredErrors(), extra),
        n_sims=500,
        seed=1,
    )
    assert np.allclose(result.win_probability.sum(axis=1), 1.0)


def test_cli_reports_the_spread_and_can_switch_it_off() -> None:
    args = ["forecast", "--poll", "Lab 38 Con 25 Reform 14", "--sims", "500", "--seed", "2"]
    on = command_json(*args, "--seat-spread")
    off = command_json(*args)
    assert on["error_model"]["seat_spread_k"] > 0
    assert off["error_model"]["seat_spread_k"] == 0


def test_reliability_chart(tmp_path: Path) -> None:
    test = backtest_forecast("2019", n_sims=500, seed=1)
    chart = reliability_chart({"2019": reliability_table([test])}, tmp_path / "reliability.svg")
    text = chart.read_text()
    assert "<svg" in text and "reliability" in text.lower()
    with pytest.raises(PsephosError, match="must end in"):
        reliability_chart({}, tmp_path / "reliability.txt")


def test_the_spread_says_nothing_of_sub_polls_a_model_leaves_out() -> None:
    """The ensemble may give region shares to a national-level model on purpose: the note a
    projection gives on them is not passed on, and the spread is the models' own."""
    import warnings

    from psephos.errors import ShareWarning
    from psephos.projection import project

    base = psephos.load("2019-notional-2024")
    areas = {"Scotland": {"Lab": 35, "SNP": 30, "Con": 12, "LD": 9, "Reform": 8}}
    poll = "Lab 35 Con 22 Reform 17 LD 12 Green 7 SNP 3 PC 1"
    models = ("uniform", "regional-uniform")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        spread = model_spread(base, base.shares(), national=poll, areas=areas, models=models)
    assert not [w for w in caught if issubclass(w.category, ShareWarning)]
    order = np.argsort(-base.shares(), axis=1, kind="stable")
    rows = np.arange(base.n_seats)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        shares = [project(base, poll, areas=areas, model=name).shares for name in models]
    margins = [s[rows, order[:, 0]] - s[rows, order[:, 1]] for s in shares]
    np.testing.assert_array_equal(spread, np.std(np.array(margins), axis=0))


def test_the_cli_s_spread_is_of_the_projection_it_forecasts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--seat-spread`` measures the swing models on the forecast's own inputs: area shares
    that give Great Britain's shares without ``--poll`` get the spread (it was silently
    dropped: ``seat_spread_k`` 0), a Scottish sub-poll and the candidate lists reach the
    ensemble as they reach the mean, and with nothing projected the option is refused in one
    line rather than ignored."""
    import psephos.cli.forecast as command

    areas = tmp_path / "areas.csv"
    areas.write_text(
        "area,Lab,Con,Reform,LD,Green,SNP,PC\nGreat Britain,30,22,20,13,9,3,1\n", encoding="utf-8"
    )
    args = ["forecast", "--by-region", str(areas), "--sims", "200", "--seed", "2"]
    assert command_json(*args, "--seat-spread")["error_model"]["seat_spread_k"] > 0
    scotland = tmp_path / "scotland.csv"
    scotland.write_text("area,SNP,Lab,Con,Reform,LD\nScotland,34,30,12,12,8\n", encoding="utf-8")
    seen: dict[str, object] = {}

    def spy(*positional: object, **given: object) -> np.ndarray:
        seen.update(given)
        return model_spread(*positional, **given)  # type: ignore[arg-type]

    monkeypatch.setattr(command, "model_spread", spy)
    command_json(
        *["forecast", "--from", "2019-notional-2024", "--poll", "Lab 35 Con 24 Reform 15"],
        *["--by-region", str(scotland), "--candidates-from", "2024", "--seat-spread"],
        *["--sims", "200", "--seed", "2"],
    )
    assert set(seen["areas"]) == {"Scotland"}  # type: ignore[call-overload]
    assert seen["candidates"] is not None
    refused = CliRunner().invoke(app, ["forecast", "--seat-spread", "--sims", "20"])
    assert refused.exit_code == 2
    assert refused.output.strip() == (
        "error: --seat-spread widens each seat's error where swing models disagree about a "
        "projection: give --poll or --by-region too."
    )
