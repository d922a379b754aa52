"""National poll to seats: GB shares become nation and region shares before any swing.

The ``national`` model takes a Great Britain poll (one target row) and

1. **maps it to regions** (the 9 English regions, Scotland and Wales). For party ``i`` with
   base GB share ``B_i``, GB change ``d_i = T_i - B_i`` and base share ``B_ri`` in region ``r``,
   the starting regional share is

       S_ri = B_ri + kappa_r d_i ((1 - lambda) + lambda B_ri / B_i),

   a mix of uniform (``lambda = 0``) and proportional (``lambda = 1``) regional response;
   ``kappa_r = kappa`` in Scotland and Wales (where a nation-only party competes) and 1 in
   England. A party standing in one nation only (SNP, Plaid Cymru) gets its GB change within
   that nation exactly: ``S_ri = B_ri T_i / B_i`` (its GB share is its nation share times the
   nation's weight). The rows are then raked (iterative proportional fitting, Deming and
   Stephan 1940) so that each region's shares sum to 1 and the vote-weighted regional shares
   add up to the GB target. Given sub-polls (Scotland, Wales, London...) fix their rows;
   the rest are raked to what is left of the GB target.
2. **swings seats** within each region with the adaptive transition model
   (:class:`~psephos.projection.models.AdaptiveTransitionModel`), from a base where a party
   that stands now but did not stand last time (the Brexit Party's 275 seats of 2019) enters
   with an imputed share (:mod:`psephos.projection.candidates`, given the candidate lists),
3. **adds consolidation behind the local challenger**: in seats where party ``i`` was second,
   ``c * s_k,first * max(1 - T/B, 0)`` of the first party's proportional loss moves to ``i``
   (recentred so the regional totals are kept; the ``challenger`` term of
   :mod:`psephos.projection.covariate`).

``lambda`` and ``kappa`` are fitted on earlier elections by least squares of the regional
shares (each earlier pair mapped from its own true GB shares); the adaptive ramp and ``c``
on earlier elections' seats given their true regional shares. Without an earlier pair the
priors are ``lambda = 0.5``, ``kappa = 1``, ``c = 0``. An optional seat-level *shape*
(e.g. a published MRP's seat estimates) replaces the base shares: the poll is then applied to
the shape, not to the last election.

References: Curtice and Steed's regional swing analyses (Butler and Kavanagh, *The British
General Election of ...*, appendices); Electoral Calculus, "Transition model" (2004); Deming
and Stephan (1940), *Annals of Mathematical Statistics* 11, 427-444.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from psephos.errors import InvalidSharesError, did_you_mean
from psephos.model import Election
from psephos.projection import core
from psephos.projection.base import NORTHERN_IRELAND, ProjectionBase, seat_labels
from psephos.projection.inputs import SharePolicy
from psephos.projection.models import AdaptiveTransitionModel

FloatArray = npt.NDArray[np.float64]

#: Grids searched by :meth:`NationalModel.fitted` for ``lambda`` and ``kappa``.
RESPONSE_GRID: tuple[float, ...] = tuple(np.round(np.linspace(0.0, 1.0, 11), 2))
#: Nations where a nation-only party competes (their non-nationalist response is ``kappa``).
NATIONALIST_NATIONS: frozenset[str] = frozenset({"Scotland", "Wales"})
#: Values of the consolidation coefficient ``c`` searched by :func:`fit_consolidation`.
CONSOLIDATION_GRID: tuple[float, ...] = tuple(np.round(np.arange(-0.2, 1.01, 0.1), 2))
RAKING_ITERATIONS = 60


def _region_base(base: ProjectionBase, shape: FloatArray | None) -> ProjectionBase:
    """The base at region level (same shares and field), built once per base and cached."""
    key = "national:region" if shape is None else f"national:region:{id(shape)}"
    cached = base.cache.get(key)
    if cached is not None:
        return cached
    labels = seat_labels(base.election, "region")
    active = base.active
    areas = tuple(sorted(dict.fromkeys(str(label) for label in labels[active])))
    position = {area: row for row, area in enumerate(areas)}
    group = np.array(
        [position[str(lab)] if on else len(areas) for lab, on in zip(labels, active, strict=True)],
        dtype=np.int64,
    )
    shares = np.array(base.shares)
    if shape is not None:
        shares = _apply_shape(shares, base.stood, active, shape)
    weights = base.weights
    base_area = np.ones((len(areas) + 1, shares.shape[1]))
    base_area[:-1] = core.area_means(shares[active], weights[active], group[active], len(areas))
    for array in (shares, group, base_area):
        array.setflags(write=False)
    region = replace(
        base,
        level="region",
        areas=areas,
        shares=shares,
        group=group,
        base_area=base_area,
        cache={},
        target_scale=None,
    )
    base.cache[key] = region
    return region


def _apply_shape(
    shares: FloatArray,
    stood: npt.NDArray[np.bool_],
    active: npt.NDArray[np.bool_],
    shape: FloatArray,
) -> FloatArray:
    """Seat shares from a shape file where it has a seat (rows renormalised), else the base."""
    array = np.asarray(shape, dtype=np.float64)
    if array.shape != shares.shape:
        raise InvalidSharesError(
            f"The seat shape has shape {array.shape}; expected {shares.shape} (seats x parties)."
        )
    known = active & np.all(np.isfinite(array), axis=1) & (np.nan_to_num(array).sum(axis=1) > 0)
    out = shares.copy()
    shaped = np.where(stood[known], np.maximum(array[known], 0.0), 0.0)
    totals = shaped.sum(axis=1, keepdims=True)
    good = totals[:, 0] > 0
    rows = np.flatnonzero(known)[good]
    out[rows] = shaped[good] / totals[good]
    return out


#: How each region's share of the GB vote is predicted: its share of the base's valid votes,
#: or of the base's electorate (turnout differences between regions assumed not to persist).
WEIGHTINGS: tuple[str, ...] = ("votes", "electorate")


def region_weights(region: ProjectionBase, weighting: str = "votes") -> FloatArray:
    """Each region's predicted share of the GB vote (the raking weights); see
    :data:`WEIGHTINGS`."""
    active = region.active
    per_seat = (
        np.asarray(region.election.electorate, dtype=np.float64)
        if weighting == "electorate"
        else region.weights
    )
    mass = np.bincount(region.group[active], weights=per_seat[active], minlength=region.n_areas)
    return np.asarray(mass / mass.sum())


def map_to_regions(
    region: ProjectionBase,
    gb_target: npt.ArrayLike,
    response: float,
    nation_response: float,
    fixed: Mapping[int, FloatArray] | None = None,
    weighting: str = "votes",
) -> FloatArray:
    """Region targets ``(..., n_regions, parties)`` from GB targets ``(..., parties)``.

    See the module docstring. ``fixed`` maps region rows to given shares (sub-polls).
    """
    target = np.asarray(gb_target, dtype=np.float64)
    base_area = region.base_area[:-1]
    great_britain = np.array([area != NORTHERN_IRELAND for area in region.areas])
    weights = region_weights(region, weighting) * great_britain
    weights = weights / weights.sum()
    vote_weights = region_weights(region) * great_britain
    base_gb = (vote_weights / vote_weights.sum()) @ base_area
    change = target - base_gb
    present = base_area > 0
    ratio = np.divide(base_area, base_gb, out=np.zeros_like(base_area), where=base_gb > 1e-12)
    kappa = np.array(
        [nation_response if area in NATIONALIST_NATIONS else 1.0 for area in region.areas]
    )[:, None]
    response_term = (1.0 - response) + response * ratio
    seed = base_area + kappa * change[..., None, :] * response_term
    seed = np.where(present, np.maximum(seed, 1e-4), 0.0)
    one_nation = present.sum(axis=0) <= 1
    scale = np.divide(target, base_gb, out=np.zeros_like(target), where=base_gb > 1e-12)
    exact = base_area * scale[..., None, :]
    seed = np.where(one_nation, exact, seed)
    fixed_rows = np.zeros(region.n_areas, dtype=bool)
    fixed_values = np.zeros_like(base_area)
    for row, values in (fixed or {}).items():
        fixed_rows[row] = True
        fixed_values[row] = values
    seed = np.where(fixed_rows[:, None], fixed_values, seed)
    free = ~fixed_rows & great_britain
    if not free.any():
        return np.broadcast_to(seed, (*target.shape[:-1], *base_area.shape)).copy()
    fixed_mass = weights[fixed_rows] @ fixed_values[fixed_rows]
    wanted = np.maximum(target - fixed_mass, 0.0)
    free_weights = weights * free
    for _ in range(RAKING_ITERATIONS):
        column = np.einsum("r,...rp->...p", free_weights, seed)
        factor = np.divide(wanted, column, out=np.ones_like(column), where=column > 1e-12)
        seed = np.where(free[:, None], seed * factor[..., None, :], seed)
        totals = seed.sum(axis=-1, keepdims=True)
        seed = np.where(free[:, None], seed / np.where(totals > 0, totals, 1.0), seed)
    return np.asarray(seed)


@dataclass(frozen=True, slots=True, eq=False)
class NationalModel:
    """GB poll -> region shares -> adaptive transition plus challenger consolidation.

    See the module docstring for the maths. Register name ``national``; level ``national``
    (its target is the GB row); sub-polls and a seat shape are optional inputs
    (:meth:`with_inputs`).

    Attributes:
        response: ``lambda``, uniform (0) to proportional (1) regional response.
        nation_response: ``kappa``, the response of GB-wide parties in Scotland and Wales.
        weighting: How regions' shares of the GB vote are predicted (:data:`WEIGHTINGS`).
        weightings: The weightings :meth:`fitted` may choose from (default: base votes only).
        start: The adaptive transition model used within regions (its ramp is fitted too).
        consolidation: ``c``, the challenger-consolidation coefficient.
        fitted_on: Pairs the parameters were fitted on.
        area_shares: Sub-polls: area (Scotland, Wales or an English region) -> shares.
        shape: Seats x parties seat shares to apply the poll to (NaN rows keep the base).
    """

    name: str = "national"
    level: str = "national"
    derive: str = "additive"
    description: str = (
        "GB poll mapped to nations and regions (response fitted on earlier elections), "
        "adaptive transition within regions, challenger consolidation learnt from earlier "
        "elections"
    )
    response: float = 0.5
    nation_response: float = 1.0
    start: AdaptiveTransitionModel = AdaptiveTransitionModel()  # noqa: RUF009 (frozen, immutable)
    consolidation: float = 0.0
    weighting: str = "votes"
    weightings: tuple[str, ...] = ("votes",)
    fitted_on: tuple[str, ...] = ()
    area_shares: tuple[tuple[str, tuple[float, ...]], ...] = ()
    shape: FloatArray | None = None
    fits_history: ClassVar[bool] = True

    def with_inputs(
        self,
        *,
        areas: Mapping[str, Sequence[float]] | None = None,
        shape: npt.ArrayLike | None = None,
    ) -> NationalModel:
        """The model with sub-polls (area -> parties-long fractions) and/or a seat shape."""
        return replace(
            self,
            area_shares=tuple((str(k), tuple(map(float, v))) for k, v in (areas or {}).items())
            or self.area_shares,
            shape=self.shape if shape is None else np.asarray(shape, dtype=np.float64),
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
        from psephos.projection.inputs import share_vector

        region = self.region_base(base)
        lookup = {area.lower(): row for row, area in enumerate(region.areas)}
        lookup["ni"] = lookup.get(NORTHERN_IRELAND.lower(), -1)
        given: dict[str, list[float]] = {}
        for name, shares in areas.items():
            key = str(name).strip().lower()
            if key in ("gb", "great britain", "national"):
                continue
            row = lookup.get(key, -1)
            if row < 0:
                known = list(region.areas)
                raise InvalidSharesError(
                    f"The national model takes sub-polls for regions and nations "
                    f"({', '.join(known)}); got {name!r}." + did_you_mean(str(name), known)
                )
            area = region.areas[row]
            vector = share_vector(
                shares, base.parties, region.base_area[row], policy=policy, label=f"{area} shares"
            )
            given[area] = [float(v) for v in vector]
        return self.with_inputs(areas=given) if given else self

    def region_base(self, base: ProjectionBase) -> ProjectionBase:
        """The base at region level (with the shape applied, if any)."""
        return _region_base(base, self.shape)

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
        mapped = map_to_regions(
            region,
            gb,
            self.response,
            self.nation_response,
            self._fixed(region),
            weighting=self.weighting,
        )
        return region.extend(mapped)

    def seat_shares(self, region: ProjectionBase, region_target: FloatArray) -> FloatArray:
        """Adaptive transition within regions plus the consolidation term."""
        shares = self.start.project(region, region_target)
        if not self.consolidation or self.shape is not None:
            # A seat shape (an MRP) already carries the local consolidation.
            return shares
        return core.finish_shares(
            shares + self.consolidation * consolidation_term(region, region_target),
            region.stood,
            region.shares,
        )

    def project(self, base: ProjectionBase, target: FloatArray) -> FloatArray:
        """Per-seat shares for GB targets ``(..., 2, parties)`` (GB row and frozen row)."""
        if base.level != "national":
            raise InvalidSharesError(
                f"The national model takes a GB target; got a {base.level}-level base."
            )
        region = self.region_base(base)
        return self.seat_shares(region, self.region_targets(base, target))

    def fitted(self, history: Sequence[tuple[Election, Election]]) -> NationalModel:
        """Fit ``lambda`` and ``kappa``, the adaptive ramp and ``c`` on earlier pairs only."""
        if not history:
            return self
        response, nation_response, weighting = fit_response(history, self.weightings)
        start = self.start.fitted(history)
        assert isinstance(start, AdaptiveTransitionModel)
        consolidation = fit_consolidation(start, history)
        return replace(
            self,
            response=response,
            nation_response=nation_response,
            weighting=weighting,
            start=start,
            consolidation=consolidation,
            fitted_on=tuple(f"{b.id}->{r.id}" for b, r in history),
        )


def consolidation_term(region: ProjectionBase, target: FloatArray) -> FloatArray:
    """The recentred challenger term (seats x parties) for region targets ``target``."""
    from psephos.projection.covariate import _centred, features

    return _centred(region, features(region, target, ("challenger",))[0])


def _pair_inputs(
    base_election: Election, result: Election
) -> tuple[ProjectionBase, FloatArray, FloatArray, npt.NDArray[np.bool_]]:
    """Region base (with the result's field), true region shares (extended), GB truth, scored."""
    from psephos.projection.covariate import truth_target

    region, truth, scored = truth_target(base_election, result, "region", candidates=True)
    shares = result.shares()[scored]
    weights = np.asarray(result.valid_votes, dtype=np.float64)[scored]
    gb = (shares * weights[:, None]).sum(axis=0) / weights.sum()
    return region, truth, gb, scored


def fit_response(
    history: Sequence[tuple[Election, Election]],
    weightings: Sequence[str] = ("votes",),
) -> tuple[float, float, str]:
    """``(lambda, kappa, weighting)`` minimising the vote-weighted squared error of the
    regional shares mapped from each earlier pair's true GB shares (grid
    :data:`RESPONSE_GRID`, and ``weightings`` among :data:`WEIGHTINGS`; ties to the earlier
    entry). The default keeps the base's vote weights, so that a poll equal to the base's GB
    shares gives the base back; ``("votes", "electorate")`` is the documented variant."""
    prepared = [_pair_inputs(b, r) for b, r in history]
    best: tuple[float, int, float, float] | None = None
    for position, weighting in enumerate(weightings):
        for response in RESPONSE_GRID:
            for nation_response in RESPONSE_GRID:
                error = 0.0
                for region, truth, gb, _ in prepared:
                    mapped = map_to_regions(
                        region, gb, response, nation_response, weighting=weighting
                    )
                    weights = region_weights(region)
                    error += float((weights[:, None] * (mapped - truth[:-1]) ** 2).sum())
                key = (error, position, float(response), float(nation_response))
                if best is None or key < best:
                    best = key
    assert best is not None
    return best[2], best[3], weightings[best[1]]


def fit_consolidation(
    start: AdaptiveTransitionModel, history: Sequence[tuple[Election, Election]]
) -> float:
    """``c`` from :data:`CONSOLIDATION_GRID` calling most seats on the earlier pairs.

    Each earlier pair is projected from its own true regional shares (adaptive transition
    ``start`` plus ``c`` times the challenger term); the score is the number of scored seats
    called, summed over the pairs (the criterion of the adaptive ramp,
    :meth:`AdaptiveTransitionModel.fitted`); ties go to the smaller GB seat error, then to the
    smaller ``|c|``.
    """
    from psephos.projection.scoring import score_winners

    prepared = []
    for base_election, result in history:
        region, truth, _, _ = _pair_inputs(base_election, result)
        shares = start.project(region, truth)
        prepared.append((base_election, result, region, shares, consolidation_term(region, truth)))
    best: tuple[int, int, float, float] | None = None
    for value in CONSOLIDATION_GRID:
        called = error = 0
        for base_election, result, region, shares, term in prepared:
            projected = core.finish_shares(shares + value * term, region.stood, region.shares)
            score = score_winners("", base_election, result, np.argmax(projected, axis=1))
            called += score.called or 0
            error += score.seat_error
        key = (-called, error, abs(value), value)
        if best is None or key < best:
            best = key
    return 0.0 if best is None else float(best[3])
