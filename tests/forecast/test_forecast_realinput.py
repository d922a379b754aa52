"""Error scales of the real-input forecast: nation layers and the few-pairs widening."""

from __future__ import annotations

import numpy as np
import pytest

from psephos.errors import PsephosError
from psephos.forecast import forecast, realinput
from psephos.forecast.errors_model import LayeredErrors, SeatSpreadErrors
from psephos.forecast.realinput import (
    ForecastScales,
    few_pairs_factor,
    forecast_error_scales,
)
from psephos.jurisdictions import UK
from psephos.model import Election

pytestmark = pytest.mark.filterwarnings("ignore::psephos.projection.ShareWarning")


def test_few_pairs_factor_is_the_student_t_over_normal_90_point() -> None:
    assert few_pairs_factor(3) == pytest.approx(2.3534 / 1.6449, rel=1e-3)
    values = [few_pairs_factor(df) for df in (1, 2, 3, 6, 30, 10_000)]
    assert values == sorted(values, reverse=True)  # more residuals, less widening
    assert values[-1] == pytest.approx(1.0, abs=1e-3)
    with pytest.raises(PsephosError):
        few_pairs_factor(0)


def test_area_scales_widen_only_the_named_region() -> None:
    errors = LayeredErrors(0.0, 0.01, 0.05, area_scales=(("Scotland", 0.2),))
    spread = np.full((3, 2), 0.5)
    names = ("London", "Scotland", "Wales")
    np.testing.assert_allclose(errors.regional_scales(names, 3), [0.01, 0.2, 0.01])
    offsets = errors.draw_offsets(np.random.default_rng(0), 20_000, np.full(2, 0.5), spread, names)
    sd = offsets.std(axis=0)
    np.testing.assert_allclose(sd[1], 0.2 * 0.5, rtol=0.03)
    np.testing.assert_allclose(sd[[0, 2]], 0.01 * 0.5, rtol=0.03)
    wrapped = SeatSpreadErrors(errors, np.zeros(3))
    np.testing.assert_allclose(wrapped.regional_scales(names, 3), [0.01, 0.2, 0.01])


def test_area_scales_need_region_names_and_valid_values() -> None:
    errors = LayeredErrors(area_scales=(("Scotland", 0.2),))
    with pytest.raises(PsephosError, match="needs the names"):
        errors.draw_offsets(np.random.default_rng(0), 10, np.full(2, 0.5), np.full((2, 2), 0.5))
    with pytest.raises(PsephosError, match="Scotland"):
        LayeredErrors(area_scales=(("Scotland", -0.1),))


def test_a_nation_scale_moves_only_that_nations_seats(three_seats: Election) -> None:
    shares = three_seats.shares()
    narrow = LayeredErrors(0.0, 0.0, 0.001)
    wide = LayeredErrors(0.0, 0.0, 0.001, area_scales=(("Scotland", 0.5),))
    before = forecast(three_seats, shares, error_model=narrow, n_sims=4000, seed=1)
    after = forecast(three_seats, shares, error_model=wide, n_sims=4000, seed=1)
    assert before.win_probability[2].max() == pytest.approx(1.0)
    assert after.win_probability[2].max() < 0.95  # the Scottish seat is now uncertain
    np.testing.assert_allclose(after.win_probability[:2], before.win_probability[:2])


def test_scales_label_and_error_model() -> None:
    scales = ForecastScales(0.03, 0.04, 0.11, (("Scotland", 0.2), ("Wales", 0.06)))
    assert scales.label() == "0.030/0.040/0.110 Sco 0.200 Wal 0.060"
    model = scales.error_model(national=0.0)
    assert model.national_scale == 0.0
    assert dict(model.area_scales) == {"Scotland": 0.2, "Wales": 0.06}


@pytest.fixture
def backtested_years(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The years the real-input back-test is run on from now on (it is recorded, then run)."""
    seen: list[str] = []
    original = realinput.real_input_backtest

    def recording(year: str, kind: str, model: object = "national") -> object:
        seen.append(year)
        return original(year, kind, model)  # type: ignore[arg-type]

    monkeypatch.setattr(realinput, "real_input_backtest", recording)
    return seen


@pytest.mark.slow
def test_gb_input_scales_use_earlier_elections_only(backtested_years: list[str]) -> None:
    seen = backtested_years
    scales = forecast_error_scales("2019", "gb")
    assert seen and set(seen) <= {"2015", "2017"}
    nations = dict(scales.nations)
    assert tuple(nations) == UK.own_party_nations
    # the GB-to-Scotland step erred most on the earlier pairs (the SNP's Scottish share)
    assert nations["Scotland"] > scales.regional > 0


@pytest.mark.slow
def test_regional_input_has_no_regional_or_nation_layer() -> None:
    scales = forecast_error_scales("2019", "regional")
    assert scales.regional == 0.0
    assert scales.nations == ()
    assert scales.seat > 0


def test_party_sd_adds_to_the_national_layer_in_quadrature() -> None:
    errors = LayeredErrors(0.1, 0.0, 0.05, party_sd=(0.0, 0.03))
    spread = np.array([0.4, 0.4])
    np.testing.assert_allclose(errors.national_sds(spread), [0.04, 0.05])
    offsets = errors.draw_offsets(np.random.default_rng(2), 20_000, spread, np.zeros((1, 2)))
    np.testing.assert_allclose(offsets[:, 0, :].std(axis=0), [0.04, 0.05], rtol=0.03)
    with pytest.raises(PsephosError, match="party_sd has 2 parties"):
        errors.national_sds(np.array([0.4, 0.4, 0.4]))
    with pytest.raises(PsephosError, match="party_sd"):
        LayeredErrors(party_sd=(-0.1,))


def test_swing_scale_sizes_the_party_sd() -> None:
    scales = ForecastScales(0.0, 0.04, 0.11, swing=0.5)
    model = scales.error_model(change=[-0.2, 0.02, 0.0])
    np.testing.assert_allclose(model.party_sd, [0.1, 0.01, 0.0])
    assert scales.label().endswith("swing 0.500")
    assert ForecastScales(0.0, 0.04, 0.11).error_model(change=[0.1]).party_sd == ()


def test_unknown_model_error_is_one_line() -> None:
    with pytest.raises(PsephosError, match="known: spread, swing"):
        forecast_error_scales("2019", "gb", model_error="wide")


@pytest.mark.slow
def test_swing_model_error_uses_earlier_elections_only(backtested_years: list[str]) -> None:
    seen = backtested_years
    scales = forecast_error_scales("2017", "polls", model_error="swing")
    assert set(seen) == {"2015"}
    assert scales.swing > 0
    assert scales.national > 0  # the earlier polls' miss stays in the national layer


def test_cli_unknown_model_error_is_one_line() -> None:
    from typer.testing import CliRunner

    from psephos.cli import app

    result = CliRunner().invoke(
        app, ["backtest", "--input", "gb", "--forecast", "--model-error", "wide"]
    )
    assert result.exit_code == 2
    assert "Unknown model error 'wide'" in result.output


def test_forecast_rows_write_each_range_as_every_page_does() -> None:
    """A 90% interval cell is ``seat_range`` (an en dash, as the forecast page and its
    table write one) with the real total after it, ``OUT`` where it falls outside."""
    (row,) = realinput.forecast_rows(["2019"], ["gb"], n_sims=200, seed=0)
    for party, (low, high, real, inside) in realinput.real_input_forecast(
        "2019", "gb", n_sims=200, seed=0
    ).intervals.items():
        assert row[party] == f"{low}\u2013{high} ({real}{'' if inside else ' OUT'})"
