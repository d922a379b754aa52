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
``adaptive-transition``, ``adaptive-incumbency``, ``covariate``, ``covariate-uniform``,
``national``). The default model for a national poll is :data:`DEFAULT_MODEL` (``national``:
GB shares mapped to regions first; :mod:`psephos.projection.national`), chosen by
:func:`psephos.projection.backtest.default_model_rule`. Given regional shares, the headline
model is :data:`HEADLINE_MODEL` (``adaptive-incumbency``), best used with this time's
candidate lists (``project(..., candidates=bundled_candidates("2024"))`` or
:func:`read_candidates_csv`). The vectorised rules live in :mod:`psephos.projection.core`.

This package is psephos's one engine from shares to seats: every command and page that turns a
poll into seats calls :func:`project` (or :func:`project_batch`) with a registered model, reads
the poll with :func:`read_poll` (one rule for bad polls, see :mod:`.inputs`) and, when no model
is named, uses :data:`DEFAULT_MODEL`.

The names are imported on first use (:func:`psephos._lazy.lazy_names`), so a command that only
names :data:`DEFAULT_MODEL` in its help loads none of the models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psephos._lazy import lazy_names

if TYPE_CHECKING:
    from psephos.errors import ShareWarning
    from psephos.io.candidates import read_candidates_csv
    from psephos.io.shares import read_area_shares_csv, read_seat_shapes_csv
    from psephos.projection.backtest import (
        DEFAULT_PAIRS,
        BacktestResult,
        backtest,
        backtest_pair,
        results_table,
        save_chart,
    )
    from psephos.projection.base import LEVELS, ProjectionBase, prepare, stood_mask
    from psephos.projection.candidates import (
        bundled_candidates,
        candidate_mask,
        incumbency_features,
        rebase,
    )
    from psephos.projection.covariate import CovariateModel, history_before
    from psephos.projection.defaults import DEFAULT_MODEL, HEADLINE_MODEL
    from psephos.projection.inputs import (
        POLICIES,
        ROUNDING_POINTS,
        areas_give_national,
        build_target,
        check_total,
        election_poll,
        parse_poll,
        poll_label,
        read_poll,
        share_vector,
    )
    from psephos.projection.models import (
        MODELS,
        AdaptiveIncumbencyModel,
        AdaptiveTransitionModel,
        FormulaModel,
        StrongTransitionModel,
        SwingModel,
        UnknownModelError,
        get_model,
    )
    from psephos.projection.project import (
        Projection,
        base_area_shares,
        base_national_shares,
        batch_seats,
        fitted_model,
        prepared,
        project,
        project_batch,
    )

#: Public name -> the module that defines it.
_LAZY: dict[str, str] = {
    "DEFAULT_MODEL": "psephos.projection.defaults",
    "HEADLINE_MODEL": "psephos.projection.defaults",
    "ShareWarning": "psephos.errors",
    "read_candidates_csv": "psephos.io.candidates",
    "read_area_shares_csv": "psephos.io.shares",
    "read_seat_shapes_csv": "psephos.io.shares",
    "DEFAULT_PAIRS": "psephos.projection.backtest",
    "BacktestResult": "psephos.projection.backtest",
    "backtest": "psephos.projection.backtest",
    "backtest_pair": "psephos.projection.backtest",
    "results_table": "psephos.projection.backtest",
    "save_chart": "psephos.projection.backtest",
    "LEVELS": "psephos.projection.base",
    "ProjectionBase": "psephos.projection.base",
    "prepare": "psephos.projection.base",
    "stood_mask": "psephos.projection.base",
    "bundled_candidates": "psephos.projection.candidates",
    "candidate_mask": "psephos.projection.candidates",
    "incumbency_features": "psephos.projection.candidates",
    "rebase": "psephos.projection.candidates",
    "CovariateModel": "psephos.projection.covariate",
    "history_before": "psephos.projection.covariate",
    "POLICIES": "psephos.projection.inputs",
    "ROUNDING_POINTS": "psephos.projection.inputs",
    "areas_give_national": "psephos.projection.inputs",
    "build_target": "psephos.projection.inputs",
    "check_total": "psephos.projection.inputs",
    "election_poll": "psephos.projection.inputs",
    "parse_poll": "psephos.projection.inputs",
    "poll_label": "psephos.projection.inputs",
    "read_poll": "psephos.projection.inputs",
    "share_vector": "psephos.projection.inputs",
    "MODELS": "psephos.projection.models",
    "AdaptiveIncumbencyModel": "psephos.projection.models",
    "AdaptiveTransitionModel": "psephos.projection.models",
    "FormulaModel": "psephos.projection.models",
    "StrongTransitionModel": "psephos.projection.models",
    "SwingModel": "psephos.projection.models",
    "UnknownModelError": "psephos.projection.models",
    "get_model": "psephos.projection.models",
    "Projection": "psephos.projection.project",
    "base_area_shares": "psephos.projection.project",
    "base_national_shares": "psephos.projection.project",
    "batch_seats": "psephos.projection.project",
    "fitted_model": "psephos.projection.project",
    "prepared": "psephos.projection.project",
    "project": "psephos.projection.project",
    "project_batch": "psephos.projection.project",
}

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_PAIRS",
    "HEADLINE_MODEL",
    "LEVELS",
    "MODELS",
    "POLICIES",
    "ROUNDING_POINTS",
    "AdaptiveIncumbencyModel",
    "AdaptiveTransitionModel",
    "BacktestResult",
    "CovariateModel",
    "FormulaModel",
    "Projection",
    "ProjectionBase",
    "ShareWarning",
    "StrongTransitionModel",
    "SwingModel",
    "UnknownModelError",
    "areas_give_national",
    "backtest",
    "backtest_pair",
    "base_area_shares",
    "base_national_shares",
    "batch_seats",
    "build_target",
    "bundled_candidates",
    "candidate_mask",
    "check_total",
    "election_poll",
    "fitted_model",
    "get_model",
    "history_before",
    "incumbency_features",
    "parse_poll",
    "poll_label",
    "prepare",
    "prepared",
    "project",
    "project_batch",
    "read_area_shares_csv",
    "read_candidates_csv",
    "read_poll",
    "read_seat_shapes_csv",
    "rebase",
    "results_table",
    "save_chart",
    "share_vector",
    "stood_mask",
]

__getattr__, __dir__ = lazy_names(globals(), _LAZY)
