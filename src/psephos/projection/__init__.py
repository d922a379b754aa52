"""Seat projection from polls: swing models behind one protocol, plus back-tests.

Quick start::

    import psephos
    from psephos.projection import project
    p = project(psephos.load("2019-notional-2024"), "Lab 35 Con 24 Reform 15 LD 12 Green 7 SNP 3")
    p.seats()["Lab"]
    p.changes()          # gains / losses per party
    p.election           # a full Election, like a real result

Models: :data:`MODELS` / :func:`get_model` (``uniform``, ``proportional``, ``regional-uniform``,
``regional-proportional``, ``nation-uniform``, ``transition``, ``strong-transition``,
``covariate``). The vectorised rules live in :mod:`psephos.projection.core`.
"""

from psephos.projection.backtest import (
    DEFAULT_PAIRS,
    BacktestResult,
    backtest,
    backtest_pair,
    results_table,
    save_chart,
)
from psephos.projection.base import LEVELS, ProjectionBase, prepare, stood_mask
from psephos.projection.covariate import CovariateModel, history_before
from psephos.projection.inputs import (
    POLICIES,
    ShareWarning,
    build_target,
    parse_poll,
    read_area_shares_csv,
    share_vector,
)
from psephos.projection.models import (
    MODELS,
    FormulaModel,
    StrongTransitionModel,
    SwingModel,
    UnknownModelError,
    get_model,
)
from psephos.projection.project import (
    Projection,
    base_area_shares,
    batch_seats,
    fitted_model,
    prepared,
    project,
    project_batch,
)

__all__ = [
    "DEFAULT_PAIRS",
    "LEVELS",
    "MODELS",
    "POLICIES",
    "BacktestResult",
    "CovariateModel",
    "FormulaModel",
    "Projection",
    "ProjectionBase",
    "ShareWarning",
    "StrongTransitionModel",
    "SwingModel",
    "UnknownModelError",
    "backtest",
    "backtest_pair",
    "base_area_shares",
    "batch_seats",
    "build_target",
    "fitted_model",
    "get_model",
    "history_before",
    "parse_poll",
    "prepare",
    "prepared",
    "project",
    "project_batch",
    "read_area_shares_csv",
    "results_table",
    "save_chart",
    "share_vector",
    "stood_mask",
]
