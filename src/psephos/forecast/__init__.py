"""Probabilistic forecasts: Monte Carlo over a projection, the exit-poll estimator and the
results-night nowcast.

* :func:`forecast` -- seat win probabilities, seat-total distributions, majorities, hung
  parliament and government options from any projection's seats x parties mean shares.
* :func:`exit_poll` -- the Curtice-Firth regression from a sample of seats to every seat.
* :class:`Nowcast` -- declarations in, updated projection out, persisted in SQLite.
"""

from psephos.forecast.calibration import (
    backtest_forecast,
    brier_score,
    calibrate_error_model,
    fit_seat_spread,
    mean_projection,
    model_spread,
    reliability_table,
)
from psephos.forecast.errors_model import (
    ERROR_MODELS,
    ErrorModel,
    LayeredErrors,
    SeatSpreadErrors,
    get_error_model,
    student_t_errors,
)
from psephos.forecast.exitpoll import ExitPollEstimate, emulate, exit_poll
from psephos.forecast.montecarlo import (
    ForecastCounts,
    ForecastResult,
    GovernmentOption,
    SimulationPlan,
    forecast,
    plan_forecast,
    run_chunks,
    summarise,
)
from psephos.forecast.nowcast import Nowcast, NowcastProjection, replay

__all__ = [
    "ERROR_MODELS",
    "ErrorModel",
    "ExitPollEstimate",
    "ForecastCounts",
    "ForecastResult",
    "GovernmentOption",
    "LayeredErrors",
    "Nowcast",
    "NowcastProjection",
    "SeatSpreadErrors",
    "SimulationPlan",
    "backtest_forecast",
    "brier_score",
    "calibrate_error_model",
    "emulate",
    "exit_poll",
    "fit_seat_spread",
    "forecast",
    "get_error_model",
    "mean_projection",
    "model_spread",
    "plan_forecast",
    "reliability_table",
    "replay",
    "run_chunks",
    "student_t_errors",
    "summarise",
]
