"""Interchangeable swing models: one :class:`SwingModel` protocol and a registry.

Every model maps a :class:`~psephos.projection.base.ProjectionBase` and area target shares of
shape ``(..., n_areas + 1, n_parties)`` (frozen row included, see :mod:`.core`) to per-seat
shares of shape ``(..., n_seats, n_parties)``. Models with fitted parameters learn them only
from earlier elections (:meth:`SwingModel.fitted`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Protocol, cast, runtime_checkable

import numpy as np
import numpy.typing as npt

from psephos.errors import InvalidSharesError, UnknownModelError, did_you_mean
from psephos.model import Election
from psephos.projection import core, national
from psephos.projection.base import ProjectionBase
from psephos.projection.inputs import SharePolicy

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


#: Grid searched by :meth:`AdaptiveTransitionModel.fitted`: (low, high) relative-loss ramps.
ADAPTIVE_GRID: tuple[tuple[float, float], ...] = tuple(
    (low, low + width)
    for low in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
    for width in (0.001, 0.1, 0.2, 0.4, 0.8)
)


@dataclass(frozen=True, slots=True)
class AdaptiveTransitionModel:
    """Transition model whose losses run from uniform to proportional with the relative loss.

    See :func:`core.adaptive_transition_swing`. ``low``/``high`` (the relative loss at which
    losses start to turn proportional and are fully proportional) are chosen on earlier
    elections by :meth:`fitted`; unfitted (no earlier pair) it is the transition model.
    """

    name: str = "adaptive-transition"
    level: str = "region"
    derive: str = "additive"
    description: str = (
        "transition model whose losses are uniform for small relative losses and proportional "
        "for large ones (ramp fitted on earlier elections)"
    )
    low: float = 0.0
    high: float = 0.001
    fitted_on: tuple[str, ...] = ()
    grid: tuple[tuple[float, float], ...] = ADAPTIVE_GRID
    fits_history: ClassVar[bool] = True

    def project(self, base: ProjectionBase, target: FloatArray) -> FloatArray:
        """Adaptive transition projection."""
        return core.adaptive_transition_swing(
            base.shares, base.stood, base.group, base.base_area, target, self.low, self.high
        )

    def fitted(self, history: Sequence[tuple[Election, Election]]) -> SwingModel:
        """The ramp from :attr:`grid` calling most seats on the earlier pairs.

        Each earlier (base, result) pair is projected with its own true regional shares; the
        score is the number of scored seats called, summed over the pairs; ties go to the
        smaller sum of squared errors of the result's winner-runner-up margin, then to the
        earlier grid entry. Unchanged when there is no earlier pair.
        """
        from psephos.projection.covariate import truth_target

        if not history:
            return self
        prepared = [(truth_target(b, r, self.level), r) for b, r in history]
        best: tuple[float, float, int] | None = None
        choice = (self.low, self.high)
        for position, (low, high) in enumerate(self.grid):
            called = 0
            error = 0.0
            for (base, target, scored), result in prepared:
                shares = core.adaptive_transition_swing(
                    base.shares, base.stood, base.group, base.base_area, target, low, high
                )
                actual = result.shares()
                called += int((base.winners(shares) == result.winner)[scored].sum())
                order = np.argsort(-actual, axis=1, kind="stable")[:, :2]
                rows = np.arange(actual.shape[0])
                margin = actual[rows, order[:, 0]] - actual[rows, order[:, 1]]
                projected = shares[rows, order[:, 0]] - shares[rows, order[:, 1]]
                error += float(((projected - margin)[scored] ** 2).sum())
            key = (-float(called), error, position)
            if best is None or key < best:
                best = key
                choice = (low, high)
        return replace(
            self,
            low=choice[0],
            high=choice[1],
            fitted_on=tuple(f"{b.id}->{r.id}" for b, r in history),
        )


@dataclass(frozen=True, slots=True)
class AdaptiveIncumbencyModel:
    """Adaptive transition plus incumbency terms from this time's candidate names.

    ``s' = finish(a + sum_f gamma_f (F_f - Fbar_f))``: ``a`` is :class:`AdaptiveTransitionModel`,
    ``F`` the incumbency features of :func:`psephos.projection.candidates.incumbency_features`
    (open seat, first-term MP, each 1 in the base winner's column), ``Fbar`` their
    vote-weighted area means per party (so area totals are kept). ``gamma`` is fitted on
    earlier elections by ridge regression of the winner-runner-up margin residual, shrunk
    towards ``prior`` (one point each way) with penalty ``ridge * diag(X'X)``; the prior alone
    where no earlier pair carries the features. Without candidate names (``base.incumbency``
    is ``None``) it is the adaptive transition model. This is the headline model of
    docs/backtests.md; see docs/methodology/projection-candidates.md.

    Attributes:
        start: The adaptive transition model the terms are added to (its ramp is fitted too).
        coefficients: ``(gamma_open, gamma_first)`` in share units.
        fitted_on: Pairs the fit used.
        ridge: Shrinkage strength.
        rebase: Whether the earlier pairs are re-based on their own candidate lists when
            fitting (as in the candidate-list back-test mode).
        prior: Where ``gamma`` is shrunk to.
    """

    name: str = "adaptive-incumbency"
    level: str = "region"
    derive: str = "additive"
    description: str = (
        "adaptive transition plus open-seat and first-term-MP terms from the candidate "
        "names (fitted on earlier elections)"
    )
    start: AdaptiveTransitionModel = AdaptiveTransitionModel()
    coefficients: tuple[float, ...] = (-0.01, 0.01)
    fitted_on: tuple[str, ...] = ()
    ridge: float = 0.3
    rebase: bool = True
    prior: tuple[float, ...] = (-0.01, 0.01)
    fits_history: ClassVar[bool] = True

    def correction(self, base: ProjectionBase) -> FloatArray:
        """Centred incumbency terms (seats x parties); zeros without candidate names."""
        from psephos.projection.covariate import _centred

        if base.incumbency is None or not any(self.coefficients):
            return np.zeros(base.shares.shape)
        combined = np.tensordot(np.asarray(self.coefficients), base.incumbency, axes=(0, 0))
        return _centred(base, combined)

    def project(self, base: ProjectionBase, target: FloatArray) -> FloatArray:
        """Adaptive transition shares plus the incumbency terms."""
        shares = self.start.project(base, target)
        if base.incumbency is None or not any(self.coefficients):
            return shares
        return core.finish_shares(shares + self.correction(base), base.stood, base.shares)

    def fitted(self, history: Sequence[tuple[Election, Election]]) -> SwingModel:
        """Fit the ramp (see :class:`AdaptiveTransitionModel`), then ``gamma`` on the pairs
        whose candidate names are bundled; unchanged when there is no earlier pair."""
        from psephos.projection.covariate import _centred, truth_target

        if not history:
            return self
        start = self.start.fitted(history)
        assert isinstance(start, AdaptiveTransitionModel)
        blocks, answers = [], []
        for base_election, result in history:
            base, target, scored = truth_target(
                base_election, result, self.level, candidates=True, rebase=self.rebase
            )
            if base.incumbency is None:
                continue
            residual = result.shares() - start.project(base, target)
            stack = np.stack([_centred(base, feature) for feature in base.incumbency])
            order = np.argsort(-result.shares(), axis=1, kind="stable")
            rows = np.flatnonzero(scored)
            first, second = order[rows, 0], order[rows, 1]
            blocks.append((stack[:, rows, first] - stack[:, rows, second]).T)
            answers.append(residual[rows, first] - residual[rows, second])
        prior = np.asarray(self.prior, dtype=np.float64)
        beta = prior.copy()
        if blocks:
            design = np.vstack(blocks)
            gram = design.T @ design
            penalty = self.ridge * np.diag(np.diag(gram)) + 1e-9 * np.eye(design.shape[1])
            beta = np.linalg.solve(
                gram + penalty, design.T @ np.concatenate(answers) + penalty @ prior
            )
        if not history:
            return self
        return replace(
            self,
            start=start,
            coefficients=tuple(float(b) for b in beta),
            fitted_on=tuple(f"{b.id}->{r.id}" for b, r in history),
        )


#: How close (in share, 0-1) two parties' float32 seat shares may be before the national
#: model's batch recomputes the scenario in float64 (:meth:`NationalModel.batch_winners`):
#: about 50 times the largest float32 error seen on 10,000 scenarios, 2.1e-7
#: (benchmarks/projection_national_speed.py; tests/projection/test_projection_national.py).
FLOAT32_MARGIN = 1e-5


@dataclass(frozen=True, slots=True, eq=False)
class NationalModel:
    """GB poll -> region shares -> adaptive transition plus challenger consolidation.

    See the module docstring for the maths. Register name ``national``; level ``national``
    (its target is the GB row); sub-polls and a seat shape are optional inputs
    (:meth:`with_inputs`).

    Attributes:
        response: ``lambda``, uniform (0) to proportional (1) regional response.
        nation_response: ``kappa``, the response of GB-wide parties in Scotland and Wales.
        loss_response: ``lambda_loss``, the ``lambda`` of parties whose GB share falls
            (``None``: ``response``, as before the split).
        split_response: Whether :meth:`fitted` fits ``lambda_loss`` apart from ``lambda``
            (``False`` is the earlier, one-``lambda`` model, kept for the comparison).
        weighting: How regions' shares of the GB vote are predicted
            (:data:`psephos.projection.national.WEIGHTINGS`).
        weightings: The weightings :meth:`fitted` may choose from (default: base votes only).
        start: The adaptive transition model used within regions (its ramp is fitted too).
        consolidation: ``c``, the challenger-consolidation coefficient.
        turnout_elasticity: ``eta``, how Scotland's and Wales's shares of the GB vote follow
            their nation-only party (:func:`psephos.projection.national.nation_weight_factor`).
        tactical: ``t``, the coefficient of consolidation behind the tactical-voting sites'
            recommendations (used when ``recommended`` is given).
        fitted_on: Pairs the parameters were fitted on.
        area_shares: Sub-polls: area (Scotland, Wales or an English region) -> shares.
        shape: Seats x parties seat shares to apply the poll to (NaN rows keep the base).
        recommended: Seats x parties share of tactical-voting sites recommending each party
            (:func:`psephos.projection.national.site_recommendations`).
    """

    name: str = "national"
    level: str = "national"
    derive: str = "additive"
    description: str = (
        "GB poll mapped to nations and regions (response fitted on earlier elections), "
        "adaptive transition within regions, challenger consolidation (and behind the "
        "tactical-voting sites' recommendations, when given) learnt from earlier elections"
    )
    response: float = 0.5
    nation_response: float = 1.0
    loss_response: float | None = None
    split_response: bool = True
    start: AdaptiveTransitionModel = AdaptiveTransitionModel()
    consolidation: float = 0.0
    tactical: float = 0.0
    turnout_elasticity: float = 0.0
    weighting: str = "votes"
    weightings: tuple[str, ...] = ("votes",)
    fitted_on: tuple[str, ...] = ()
    area_shares: tuple[tuple[str, tuple[float, ...]], ...] = ()
    shape: FloatArray | None = None
    recommended: FloatArray | None = None
    fits_history: ClassVar[bool] = True

    def with_inputs(
        self,
        *,
        areas: Mapping[str, Sequence[float]] | None = None,
        shape: npt.ArrayLike | None = None,
        recommended: npt.ArrayLike | None = None,
    ) -> NationalModel:
        """The model with sub-polls (area -> parties-long fractions), a seat shape and/or the
        tactical-voting sites' recommendations (seats x parties, the share of sites
        recommending each party in each seat)."""
        return replace(
            self,
            area_shares=tuple((str(k), tuple(map(float, v))) for k, v in (areas or {}).items())
            or self.area_shares,
            shape=self.shape if shape is None else np.asarray(shape, dtype=np.float64),
            recommended=(
                self.recommended
                if recommended is None
                else np.asarray(recommended, dtype=np.float64)
            ),
        )

    def with_area_shares(
        self,
        base: ProjectionBase,
        areas: Mapping[str, Mapping[str, float]],
        *,
        policy: SharePolicy = "fill",
    ) -> NationalModel:
        """The model with sub-polls given as ``area -> {party: share}`` (percent or fractions;
        read like any poll by :func:`psephos.projection.inputs.share_vector`). Areas are the
        GB regions and nations (Scotland, Wales, London, an English region) and Northern
        Ireland; a Great Britain entry is the national poll and is skipped here.

        Raises:
            InvalidSharesError: an area that is not a region or nation of the base.
        """
        from psephos.io.shares import given_at
        from psephos.jurisdictions import national_area as national_area_of
        from psephos.projection.inputs import area_label, share_vector

        national_area = national_area_of(base.election)
        region = self.region_base(base)
        given: dict[str, list[float]] = {}
        for name, shares in areas.items():
            label = area_label(base, str(name), where=given_at(areas, name))  # one reading
            if label == national_area:
                continue  # the national poll itself
            if label not in region.areas:
                known = list(region.areas)
                raise InvalidSharesError(
                    f"The national model takes sub-polls for regions and nations "
                    f"({', '.join(known)}); got {name!r}." + did_you_mean(str(name), known)
                )
            row = region.areas.index(label)
            area = region.areas[row]
            vector = share_vector(
                shares, base.parties, region.base_area[row], policy=policy, label=f"{area} shares"
            )
            given[area] = [float(v) for v in vector]
        return self.with_inputs(areas=given) if given else self

    def fixes_every_region(self, base: ProjectionBase) -> bool:
        """Whether the sub-polls give every Great Britain region and nation its shares, so the
        national poll moves no region (:func:`psephos.projection.national.map_to_regions`
        rakes only the regions without one)."""
        given = {area.strip().lower() for area, _ in self.area_shares}
        region = self.region_base(base)
        areas = [
            area for area, main in zip(region.areas, region.main_area_rows, strict=True) if main
        ]
        return bool(given) and all(area.lower() in given for area in areas)

    def region_base(self, base: ProjectionBase) -> ProjectionBase:
        """The base at region level (with the shape applied, if any)."""
        return national.region_base(base, self.shape)

    def _fixed(self, region: ProjectionBase) -> dict[int, FloatArray]:
        lookup = {area.lower(): row for row, area in enumerate(region.areas)}
        fixed = {}
        for area, values in self.area_shares:
            row = lookup.get(area.strip().lower())
            if row is None:
                raise InvalidSharesError(
                    f"Unknown sub-poll area {area!r}; areas: {', '.join(region.areas)}."
                    + did_you_mean(area, list(region.areas))
                )
            vector = np.asarray(values, dtype=np.float64)
            if vector.shape != (len(region.parties),) or vector.sum() <= 0:
                raise InvalidSharesError(
                    f"Sub-poll for {area} needs {len(region.parties)} shares summing above 0."
                )
            fixed[row] = vector / vector.sum()
        return fixed

    def region_targets(self, base: ProjectionBase, target: FloatArray) -> FloatArray:
        """Region targets ``(..., n_regions + 1, parties)`` (frozen row included)."""
        region = self.region_base(base)
        gb = np.asarray(target)[..., 0, :]
        mapped = national.map_to_regions(
            region,
            gb,
            self.response,
            self.nation_response,
            self._fixed(region),
            weighting=self.weighting,
            turnout_elasticity=self.turnout_elasticity,
            loss_response=self.loss_response,
        )
        return region.extend(mapped)

    def seat_shares(self, region: ProjectionBase, region_target: FloatArray) -> FloatArray:
        """Adaptive transition within regions plus the consolidation term."""
        shares, finished = self._seat_raw(region, region_target, self.recommended)
        return shares if finished else core.finish_shares(shares, region.stood, region.shares)

    def _seat_raw(
        self,
        region: ProjectionBase,
        region_target: FloatArray,
        recommended: FloatArray | None,
    ) -> tuple[FloatArray, bool]:
        """Seat shares before the last :func:`core.finish_shares`, and whether it was done
        (``recommended``: the sites' recommendations on ``region``'s rows and columns)."""
        shares = self.start.project(region, region_target)
        tactical = self.tactical if recommended is not None else 0.0
        if (not self.consolidation and not tactical) or self.shape is not None:
            # A seat shape (an MRP) already carries the local consolidation.
            return shares, True
        if self.consolidation:
            national.add_consolidation(region, region_target, shares, self.consolidation)
        if tactical and recommended is not None:
            term = national.tactical_term(region, shares, recommended)
            term *= tactical
            shares += term
        return shares, False

    def project(self, base: ProjectionBase, target: FloatArray) -> FloatArray:
        """Per-seat shares for GB targets ``(..., 2, parties)`` (GB row and frozen row)."""
        if base.level != "national":
            raise InvalidSharesError(
                f"The national model takes a GB target; got a {base.level}-level base."
            )
        region = self.region_base(base)
        return self.seat_shares(region, self.region_targets(base, target))

    def batch_winners(
        self, base: ProjectionBase, target: FloatArray, chunk: int = 64
    ) -> npt.NDArray[np.int16]:
        """Winners ``(scenarios, seats)`` for GB targets ``(scenarios, 2, parties)``.

        The same winners as ``argmax(project(base, target))`` at less cost: the region mapping
        (raking) runs once over all scenarios; the seat step runs in blocks of ``chunk``
        scenarios on the projected seats and the parties standing in any of them only (the
        other columns are zero there, and seats outside the projection, Northern Ireland,
        keep their base winner whatever the poll, so they are computed once). The seat step
        runs first with float32 seat arrays (area-level numbers stay float64); a scenario in
        which some seat's leader is within :data:`FLOAT32_MARGIN` of another party, or has
        no share at all, is computed again in float64, so every winner is the float64 one.
        """
        region = self.region_base(base)
        targets = self.region_targets(base, target)
        active = region.active
        columns = np.flatnonzero((region.stood[active] | (region.shares[active] > 0)).any(axis=0))
        n_scenarios = targets.shape[0]
        winner = np.empty((n_scenarios, region.shares.shape[0]), dtype=np.int16)
        if n_scenarios == 0:
            return winner
        frozen = region.winners(self.seat_shares(region, targets[:1]))[0]
        winner[:, ~active] = frozen[~active]
        rows = np.flatnonzero(active)
        recommended = None if self.recommended is None else self.recommended[np.ix_(rows, columns)]
        fast = national.reduced_base(region, columns, np.float32)
        # float32 seat arrays through the same functions (typed for float64, the usual case)
        recommended_fast = (
            None if recommended is None else cast(FloatArray, recommended.astype(np.float32))
        )
        unsure: list[npt.NDArray[np.intp]] = []
        for start in range(0, n_scenarios, chunk):
            block = targets[start : start + chunk][..., columns]
            shares = self._block_shares(fast, block, recommended_fast)
            if fast.best_candidate is not None:  # the winner is the winning candidate
                shares *= fast.best_candidate
            choice = np.argmax(shares, axis=-1)
            lead = np.take_along_axis(shares, choice[..., None], axis=-1)
            # Per scenario: more parties within the margin of their seat's leader than seats
            # (each leader counts itself), or a leader with (almost) no share.
            near = np.count_nonzero((shares >= lead - FLOAT32_MARGIN).reshape(len(block), -1), 1)
            doubtful = (near > rows.size) | (lead.reshape(len(block), -1) <= FLOAT32_MARGIN).any(1)
            unsure.append(start + np.flatnonzero(doubtful))
            winner[start : start + block.shape[0], rows] = columns[choice]
        again = np.concatenate(unsure)
        exact = national.reduced_base(region, columns)
        for start in range(0, again.size, chunk):
            scenarios = again[start : start + chunk]
            shares = self._block_shares(exact, targets[scenarios][..., columns], recommended)
            winner[scenarios[:, None], rows] = columns[exact.winners(shares)]
        return winner

    def _block_shares(
        self, reduced: ProjectionBase, block: FloatArray, recommended: FloatArray | None
    ) -> FloatArray:
        """Seat shares of a block of region targets on a reduced base, in the order of the
        model's (the last renormalisation skipped: it keeps each row's order, and only rows
        left empty, every standing party at or below 0, need core.finish_shares' fallback)."""
        shares, finished = self._seat_raw(reduced, block, recommended)
        if not finished:
            core.mask_in_place(shares, reduced.stood)
            np.maximum(shares, 0.0, out=shares)
            if (core.row_sums(shares) <= 0.0).any():
                shares = core.finish_shares(shares, reduced.stood, reduced.shares)
        return shares

    def fitted(self, history: Sequence[tuple[Election, Election]]) -> NationalModel:
        """Fit ``lambda`` and ``kappa``, the adaptive ramp, ``c`` and ``t`` on earlier pairs
        only (``t`` on those with bundled tactical-site recommendations)."""
        if not history:
            return self
        inputs = national.pair_inputs(history)  # shared by the fits
        elasticity = national.fit_turnout_elasticity(history, inputs=inputs)
        response, nation_response, weighting, loss_response = national.fit_response(
            history,
            self.weightings,
            inputs=inputs,
            turnout_elasticity=elasticity,
            split=self.split_response,
        )
        start = self.start.fitted(history)
        assert isinstance(start, AdaptiveTransitionModel)
        consolidation = national.fit_consolidation(start.project, history, inputs=inputs)
        tactical = national.fit_tactical(start.project, consolidation, history, inputs=inputs)
        return replace(
            self,
            response=response,
            nation_response=nation_response,
            loss_response=loss_response,
            weighting=weighting,
            start=start,
            consolidation=consolidation,
            tactical=tactical,
            turnout_elasticity=elasticity,
            fitted_on=tuple(f"{b.id}->{r.id}" for b, r in history),
        )


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
        AdaptiveTransitionModel(),
        AdaptiveIncumbencyModel(),
        CovariateModel(),
        CovariateModel(
            name="covariate-uniform",
            start="uniform",
            description="regional uniform swing plus the covariate model's seat terms, "
            "fitted on earlier elections",
        ),
        NationalModel(),
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
        f"Unknown swing model {name!r}; models: {', '.join(MODELS)}."
        + did_you_mean(name, list(MODELS))
    )
