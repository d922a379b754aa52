"""Interchangeable swing models: one :class:`SwingModel` protocol and a registry.

Every model maps a :class:`~psephos.projection.base.ProjectionBase` and area target shares of
shape ``(..., n_areas + 1, n_parties)`` (frozen row included, see :mod:`.core`) to per-seat
shares of shape ``(..., n_seats, n_parties)``. Models with fitted parameters learn them only
from earlier elections (:meth:`SwingModel.fitted`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from psephos.errors import UnknownModelError, did_you_mean
from psephos.model import Election
from psephos.projection import core
from psephos.projection.base import ProjectionBase

FloatArray = npt.NDArray[np.float64]
Rule = Callable[
    [FloatArray, npt.NDArray[np.bool_], npt.NDArray[np.int64], FloatArray, FloatArray],
    FloatArray,
]


@runtime_checkable
class SwingModel(Protocol):
    """What every swing model offers.

    Attributes:
        name: Registry name (``"uniform"``, ``"regional-transition"``...).
        level: Geography of its targets: ``"national"``, ``"nation"`` or ``"region"``.
        derive: How an area target is derived from a larger unit's when only that is given:
            ``"additive"`` (same change in points) or ``"ratio"`` (same ratio).
        description: One line for help texts and reports.
    """

    @property
    def name(self) -> str:
        """Registry name."""
        ...

    @property
    def level(self) -> str:
        """``"national"``, ``"nation"`` or ``"region"``."""
        ...

    @property
    def derive(self) -> str:
        """``"additive"`` or ``"ratio"``."""
        ...

    @property
    def description(self) -> str:
        """One line for help texts."""
        ...

    def project(self, base: ProjectionBase, target: FloatArray) -> FloatArray:
        """Per-seat shares ``(..., seats, parties)`` for targets ``(..., areas+1, parties)``."""
        ...

    def fitted(self, history: Sequence[tuple[Election, Election]]) -> SwingModel:
        """The model with parameters fitted on earlier (base, result) pairs; itself if none."""
        ...


@dataclass(frozen=True, slots=True)
class FormulaModel:
    """A parameter-free swing model given by one rule of :mod:`.core`."""

    name: str
    level: str
    derive: str
    description: str
    rule: Rule

    def project(self, base: ProjectionBase, target: FloatArray) -> FloatArray:
        """Apply the rule (see :mod:`psephos.projection.core`)."""
        return self.rule(base.shares, base.stood, base.group, base.base_area, target)

    def fitted(self, history: Sequence[tuple[Election, Election]]) -> SwingModel:
        """Nothing to fit."""
        return self


@dataclass(frozen=True, slots=True)
class StrongTransitionModel:
    """Electoral Calculus's strong transition model (2007): weak supporters defect first.

    Source: Electoral Calculus, "Strong Transition Model 2007",
    https://www.electoralcalculus.co.uk/blogs/strongmodel.html (weak support is a party's share
    up to ``threshold`` of the seat's vote; 20% in the original).
    """

    name: str
    level: str
    derive: str = "additive"
    description: str = "strong transition: losers lose weak supporters first"
    threshold: float = 0.2

    def project(self, base: ProjectionBase, target: FloatArray) -> FloatArray:
        """Strong transition projection (see :func:`core.strong_transition_swing`)."""
        key = f"weak_area:{self.threshold}"
        weak_area = base.cache.get(key)
        if weak_area is None:
            weak = np.minimum(base.shares, self.threshold)
            active = base.active
            weak_area = np.zeros_like(base.base_area)
            weak_area[:-1] = core.area_means(
                weak[active], base.weights[active], base.group[active], base.n_areas
            )
            base.cache[key] = weak_area
        return core.strong_transition_swing(
            base.shares,
            base.stood,
            base.group,
            base.base_area,
            target,
            weak_area,
            self.threshold,
        )

    def fitted(self, history: Sequence[tuple[Election, Election]]) -> SwingModel:
        """Nothing to fit (the threshold is the published 20%)."""
        return self


def _registry() -> dict[str, SwingModel]:
    from psephos.projection.covariate import CovariateModel

    models: list[SwingModel] = [
        FormulaModel(
            "uniform",
            "national",
            "additive",
            "uniform national swing: every seat moves by the national change (Butler)",
            core.uniform_swing,
        ),
        FormulaModel(
            "proportional",
            "national",
            "ratio",
            "proportional swing: every seat share scales by the national ratio",
            core.proportional_swing,
        ),
        FormulaModel(
            "nation-uniform",
            "nation",
            "additive",
            "uniform swing within each nation (England, Scotland, Wales)",
            core.uniform_swing,
        ),
        FormulaModel(
            "regional-uniform",
            "region",
            "additive",
            "uniform swing within each region / nation",
            core.uniform_swing,
        ),
        FormulaModel(
            "regional-proportional",
            "region",
            "ratio",
            "proportional swing within each region / nation",
            core.proportional_swing,
        ),
        FormulaModel(
            "transition",
            "region",
            "additive",
            "transition model per region: losers decline in proportion, gainers take the "
            "released votes (Electoral Calculus 2004)",
            core.transition_swing,
        ),
        StrongTransitionModel("strong-transition", "region"),
        CovariateModel(),
        CovariateModel(
            name="covariate-uniform",
            start="uniform",
            description="regional uniform swing plus the covariate model's seat terms, "
            "fitted on earlier elections",
        ),
    ]
    return {model.name: model for model in models}


MODELS: dict[str, SwingModel] = _registry()


def get_model(name: str | SwingModel) -> SwingModel:
    """A registered swing model by name (a model object is returned as it is).

    Raises:
        UnknownModelError: naming the registered models.
    """
    if not isinstance(name, str):
        return name
    key = name.strip().lower().replace("_", "-")
    if key in MODELS:
        return MODELS[key]
    raise UnknownModelError(
        f"Unknown swing model {name!r}; models: {', '.join(MODELS)}." + did_you_mean(name, MODELS)
    )
