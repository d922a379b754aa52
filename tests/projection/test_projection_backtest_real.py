"""The real-input back-test and forecast (polls / gb / regional / mrp), and the CLI."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli_helpers import command_json
from psephos.cli import app
from psephos.errors import PsephosError, UnknownElectionError
from psephos.forecast.realinput import real_input_forecast
from psephos.projection import DEFAULT_MODEL
from psephos.projection.backtest import (
    default_model_rule,
    final_polls,
    real_input_backtest,
    real_input_rows,
)

pytestmark = pytest.mark.filterwarnings("ignore::psephos.projection.ShareWarning")


def test_final_polls_bundled() -> None:
    polls = final_polls("2024")
    assert set(polls) == {"Con", "Lab", "LD", "SNP", "Green", "Reform"}
    assert 38 < polls["Lab"] < 41  # the known Labour over-estimate (result 34.7)
    with pytest.raises(UnknownElectionError):
        final_polls("1997")


def test_bad_inputs_one_line_errors() -> None:
    with pytest.raises(PsephosError, match="Unknown back-test input"):
        real_input_backtest("2019", "exit")
    with pytest.raises(PsephosError, match="No real-input back-test"):
        real_input_backtest("2010", "gb")
    with pytest.raises(PsephosError, match="mrp input covers 2024"):
        real_input_backtest("2019", "mrp")


def test_gb_2019_scored_out_of_sample() -> None:
    import numpy as np

    import psephos
    from psephos.projection.scoring import actual_gb_seats, gb_seat_error

    run = real_input_backtest("2019", "gb")
    assert run.model == "national"
    assert run.fitted_on == ("2010->2015", "2015->2017")
    assert run.score.n_seats == 630 == sum(run.score.seats.values())
    actual = actual_gb_seats(psephos.load("2017"), psephos.load("2019"))
    assert run.score.seat_error == gb_seat_error(run.score.seats, actual)
    assert sum(run.gb_target.values()) == pytest.approx(1.0)
    np.testing.assert_allclose(np.asarray(run.shares).sum(axis=1), 1.0, atol=1e-9)


def test_polls_input_uses_the_poll_average() -> None:
    run = real_input_backtest("2024", "polls")
    assert run.gb_target["Lab"] == pytest.approx(final_polls("2024")["Lab"] / 100, abs=0.002)


def test_rows_carry_references() -> None:
    rows = real_input_rows(["2019"], ["gb"])
    sources = [row["source"] for row in rows]
    assert sources == ["national", "exit poll", "Electoral Calculus final"]


def test_cli_backtest_input_json() -> None:
    rows = command_json("backtest", "--input", "gb", "-e", "2019")["rows"]
    assert rows[0]["source"] == "national"
    assert rows[0]["seat_error"] == real_input_backtest("2019", "gb").score.seat_error


def test_cli_backtest_bad_input() -> None:
    result = CliRunner().invoke(app, ["backtest", "--input", "exitpoll"])
    assert result.exit_code == 2
    assert "Unknown input" in result.output
    result = CliRunner().invoke(app, ["backtest", "--election", "2019"])
    assert result.exit_code == 2
    assert "--election needs --input" in result.output


@pytest.mark.slow
def test_forecast_same_seed_same_answer() -> None:
    first = real_input_forecast("2019", "gb", n_sims=2000, seed=5)
    second = real_input_forecast("2019", "gb", n_sims=2000, seed=5)
    assert first.intervals == second.intervals


@pytest.mark.slow
def test_default_model_rule_picks_the_default() -> None:
    chosen, _ = default_model_rule()
    assert chosen == DEFAULT_MODEL
    for before in (["2015"], ["2015", "2017"], ["2015", "2017", "2019"]):
        assert default_model_rule(elections=before)[0] == DEFAULT_MODEL


def test_a_canadian_real_input_backtest_says_why_it_cannot_run() -> None:
    """No final-week polls are bundled for Canada: the real-input back-test says so; the plain
    back-test on true regional shares runs on canada-2019 -> canada-2021 (same ridings)."""
    from psephos.errors import UnsupportedCountryError
    from psephos.projection.backtest import backtest

    with pytest.raises(UnsupportedCountryError, match="final week's published polls"):
        real_input_backtest("canada-2021", "regional", "uniform")
    (plain,) = backtest(["regional-uniform"], [("canada-2019", "canada-2021")])
    assert plain.n_seats == 338 and plain.called_pct > 90
