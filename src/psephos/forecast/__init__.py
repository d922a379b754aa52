"""Probabilistic forecasts: Monte Carlo over a projection, the exit-poll estimator and the
results-night nowcast.

* :func:`forecast` -- seat win probabilities, seat-total distributions, majorities, hung
  parliament and government options from any projection's seats x parties mean shares.
* :func:`exit_poll` -- the Curtice-Firth regression from a sample of seats to every seat.
* :class:`Nowcast` -- declarations in, updated projection out, persisted in SQLite.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
        government_words,
        no_majority_sentence,
        plan_forecast,
        run_chunks,
        summarise,
    )
    from psephos.forecast.nowcast import Nowcast, NowcastProjection, replay

#: Where each public name lives: imported on first use (PEP 562), so that a command that
#: needs one part of the package does not load the exit poll, the nowcast and the calibration.
_WHERE = {
    "ERROR_MODELS": "psephos.forecast.errors_model",
    "ErrorModel": "psephos.forecast.errors_model",
    "ExitPollEstimate": "psephos.forecast.exitpoll",
    "ForecastCounts": "psephos.forecast.montecarlo",
    "ForecastResult": "psephos.forecast.montecarlo",
    "GovernmentOption": "psephos.forecast.montecarlo",
    "LayeredErrors": "psephos.forecast.errors_model",
    "Nowcast": "psephos.forecast.nowcast",
    "NowcastProjection": "psephos.forecast.nowcast",
    "SeatSpreadErrors": "psephos.forecast.errors_model",
    "SimulationPlan": "psephos.forecast.montecarlo",
    "backtest_forecast": "psephos.forecast.calibration",
    "brier_score": "psephos.forecast.calibration",
    "calibrate_error_model": "psephos.forecast.calibration",
    "emulate": "psephos.forecast.exitpoll",
    "exit_poll": "psephos.forecast.exitpoll",
    "fit_seat_spread": "psephos.forecast.calibration",
    "forecast": "psephos.forecast.montecarlo",
    "get_error_model": "psephos.forecast.errors_model",
    "government_words": "psephos.forecast.montecarlo",
    "mean_projection": "psephos.forecast.calibration",
    "model_spread": "psephos.forecast.calibration",
    "no_majority_sentence": "psephos.forecast.montecarlo",
    "plan_forecast": "psephos.forecast.montecarlo",
    "reliability_table": "psephos.forecast.calibration",
    "replay": "psephos.forecast.nowcast",
    "run_chunks": "psephos.forecast.montecarlo",
    "student_t_errors": "psephos.forecast.errors_model",
    "summarise": "psephos.forecast.montecarlo",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
    "government_words",
    "mean_projection",
    "model_spread",
    "no_majority_sentence",
    "plan_forecast",
    "reliability_table",
    "replay",
    "run_chunks",
    "student_t_errors",
    "summarise",
]
