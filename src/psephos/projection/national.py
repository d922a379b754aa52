"""National poll to seats: GB shares become nation and region shares before any swing.

The ``national`` model takes a Great Britain poll (one target row) and

1. **maps it to regions** (the 9 English regions, Scotland and Wales). For party ``i`` with
   base GB share ``B_i``, GB change ``d_i = T_i - B_i`` and base share ``B_ri`` in region ``r``,
   the starting regional share is

       S_ri = B_ri + kappa_r d_i ((1 - lambda) + lambda B_ri / B_i),

   a mix of uniform (``lambda = 0``) and proportional (``lambda = 1``) regional response
   (``lambda_loss`` in place of ``lambda`` for the parties whose GB share falls);
   ``kappa_r = kappa`` in Scotland and Wales (where a nation-only party competes) and 1 in
   England. A party standing in one nation only (SNP, Plaid Cymru) gets its GB change within
   that nation exactly: ``S_ri = B_ri T_i / B_i`` (its GB share is its nation share times the
   nation's weight; Scotland's and Wales's weights move with that party,
   ``w_r (T_j / B_j) ** eta``, as their turnout follows the nationalist vote). The rows are
   then raked (iterative proportional fitting, Deming and
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
   :mod:`psephos.projection.covariate`),
4. **adds consolidation behind the tactical-voting sites' recommendations**, when they are
   given (:func:`site_recommendations`): ``t * (R_ki S_k - f_k s_ki)``, the recommended party
   taking its sites' share of the bloc's vote (recentred likewise; :func:`tactical_term`).

``lambda``, ``lambda_loss`` and ``kappa`` are fitted on earlier elections by least squares of
the regional shares (each earlier pair mapped from its own true GB shares); the adaptive ramp
and ``c`` on earlier elections' seats given their true regional shares, ``t`` likewise on the
earlier pairs with bundled recommendations, ``eta`` by least squares on the earlier pairs'
nation weights. Without an earlier pair the priors are ``lambda = lambda_loss = 0.5``,
``kappa = 1``, ``c = 0``, ``t = 0``, ``eta = 0``. An optional seat-level *shape*
(e.g. a published MRP's seat estimates) replaces the base shares: the poll is then applied to
the shape, not to the last election.

References: Curtice and Steed's regional swing analyses (Butler and Kavanagh, *The British
General Election of ...*, appendices); Electoral Calculus, "Transition model" (2004); Deming
and Stephan (1940), *Annals of Mathematical Statistics* 11, 427-444.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError, InvalidSharesError, PsephosError
from psephos.model import Election
from psephos.projection import core
from psephos.projection.base import ProjectionBase, seat_labels

if TYPE_CHECKING:
    from psephos.io.recommendations import RecommendationRow

FloatArray = npt.NDArray[np.float64]

#: Grids searched by :meth:`NationalModel.fitted` for ``lambda`` and ``kappa``.
RESPONSE_GRID: tuple[float, ...] = tuple(np.round(np.linspace(0.0, 1.0, 11), 2))
#: Values of the consolidation coefficient ``c`` searched by :func:`fit_consolidation`.
CONSOLIDATION_GRID: tuple[float, ...] = tuple(np.round(np.arange(-0.2, 1.01, 0.1), 2))
RAKING_ITERATIONS = 60


def own_party_nations(region: ProjectionBase) -> frozenset[str]:
    """The areas of ``region`` where a nation-only party competes (their non-nationalist
    response is ``kappa``; their turnout follows their own party): the base election's
    country's :attr:`~psephos.jurisdictions.Jurisdiction.own_party_nations` (the UK's Scotland
    and Wales; none in Canada), cached on the base."""
    cached = region.cache.get("national:own-party-nations")
    if cached is None:
        from psephos.jurisdictions import of

        cached = frozenset(of(region.election).own_party_nations)
        region.cache["national:own-party-nations"] = cached
    return cached


def region_base(base: ProjectionBase, shape: FloatArray | None = None) -> ProjectionBase:
    """The base at region level (same shares and field; the seat ``shape`` applied, if any),
    built once per base and cached: without a shape for good, with one for the latest shape
    object given (held with it, so a later array cannot reuse its ``id`` and find it)."""
    if shape is None:
        cached = base.cache.get("national:region")
        if cached is not None:
            return cached
    else:
        held = base.cache.get("national:region:shape")
        if held is not None and held[0] is shape:
            return held[1]
    labels = seat_labels(base.election, "region")
    active = base.active
    areas = tuple(sorted(dict.fromkeys(str(label) for label in labels[active])))
    position = {area: row for row, area in enumerate(areas)}
    group = np.array(
        [position[str(lab)] if on else len(areas) for lab, on in zip(labels, active, strict=True)],
        dtype=np.int64,
    )
    shares = np.array(base.shares)
    stood = base.stood
    if shape is not None:
        stood = _shape_stood(base, shape)
        shares = _apply_shape(shares, stood, active, shape)
    weights = base.weights
    base_area = np.ones((len(areas) + 1, shares.shape[1]))
    base_area[:-1] = core.area_means(shares[active], weights[active], group[active], len(areas))
    for array in (shares, group, base_area):
        array.setflags(write=False)
    stood.setflags(write=False)
    region = replace(
        base,
        level="region",
        areas=areas,
        shares=shares,
        stood=stood,
        group=group,
        base_area=base_area,
        cache={},
        target_scale=None,
    )
    if shape is None:
        base.cache["national:region"] = region
    else:
        base.cache["national:region:shape"] = (shape, region)
    return region


def reduced_base(
    region: ProjectionBase, columns: npt.NDArray[np.intp], dtype: npt.DTypeLike = np.float64
) -> ProjectionBase:
    """The region base restricted to its projected (active) seats and the party ``columns``
    (for batches: the parties standing in none of those seats stay at 0 there), cached.

    ``dtype`` is the seat shares' type (float32 for the batch's first pass,
    :meth:`~psephos.projection.models.NationalModel.batch_winners`); area-level arrays stay
    float64.
    """
    key = f"national:reduced:{np.dtype(dtype)}:" + ",".join(map(str, columns.tolist()))
    cached = region.cache.get(key)
    if cached is not None:
        return cached
    rows = np.flatnonzero(region.active)
    reduced = replace(
        region,
        shares=np.ascontiguousarray(region.shares[np.ix_(rows, columns)], dtype=dtype),
        stood=np.ascontiguousarray(region.stood[np.ix_(rows, columns)]),
        group=region.group[rows],
        base_area=np.ascontiguousarray(region.base_area[:, columns]),
        weights=region.weights[rows],
        active=np.ones(rows.size, dtype=bool),
        speaker=region.speaker[rows],
        cache={},
        target_scale=None,
        incumbency=None,
        best_candidate=None
        if region.best_candidate is None
        else np.ascontiguousarray(region.best_candidate[np.ix_(rows, columns)], dtype=dtype),
    )
    region.cache[key] = reduced
    return reduced


def _shape_stood(base: ProjectionBase, shape: FloatArray) -> npt.NDArray[np.bool_]:
    """Who stands in each seat given a seat shape: without candidate lists (the base's field
    is last time's), a party the shape estimates above 0 in a seat stands there, as a
    published MRP says Reform UK does where the Brexit Party did not stand in 2019 (its
    estimates were dropped there); with lists, they say who stands."""
    last_time = np.asarray(base.election.votes > 0)
    if not np.array_equal(base.stood, last_time):
        return base.stood
    array = np.nan_to_num(np.asarray(shape, dtype=np.float64))
    if array.shape != last_time.shape:
        return base.stood  # refused by _apply_shape, naming the shapes
    return np.asarray(base.stood | ((array > 0) & base.active[:, None]))


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
    response: float | FloatArray,
    nation_response: float | FloatArray,
    fixed: Mapping[int, FloatArray] | None = None,
    weighting: str = "votes",
    turnout_elasticity: float = 0.0,
    loss_response: float | FloatArray | None = None,
) -> FloatArray:
    """Region targets ``(..., n_regions, parties)`` from GB targets ``(..., parties)``.

    See the module docstring. ``fixed`` maps region rows to given shares (sub-polls).
    ``response`` and ``nation_response`` are numbers, or arrays of shape ``(...)`` giving each
    target its own (so one call maps a whole grid of them, as :func:`fit_response` does).
    ``turnout_elasticity`` (``eta``) moves Scotland's and Wales's share of the GB vote with
    their nation-only party (:func:`nation_weight_factor`); 0 keeps the base's.
    ``loss_response`` (``lambda_loss``, a number or an array like ``response``) is the
    ``lambda`` of the parties whose GB share falls; ``None`` uses ``response`` for them too.
    """
    target = np.asarray(gb_target, dtype=np.float64)
    base_area = region.base_area[:-1]
    great_britain = region.main_area_rows
    fixed_rows = np.zeros(region.n_areas, dtype=bool)
    fixed_values = np.zeros_like(base_area)
    for row, values in (fixed or {}).items():
        fixed_rows[row] = True
        fixed_values[row] = values
    if not great_britain.any():
        # No Great Britain seats (a file of Northern Ireland's alone): its only row is one given
        # as a sub-poll (a row only then), and there is no GB vote to weigh, map or rake.
        return np.broadcast_to(fixed_values, (*target.shape[:-1], *base_area.shape)).copy()
    weights = region_weights(region, weighting) * great_britain
    weights = weights / weights.sum()
    vote_weights = region_weights(region) * great_britain
    base_gb = (vote_weights / vote_weights.sum()) @ base_area
    change = target - base_gb
    present = base_area > 0
    if turnout_elasticity:
        weights = weights * nation_weight_factor(region, target, base_gb, turnout_elasticity)
        weights = weights / weights.sum(axis=-1, keepdims=True)
    ratio = np.divide(base_area, base_gb, out=np.zeros_like(base_area), where=base_gb > 1e-12)
    own_nations = own_party_nations(region)
    nationalist = np.array([area in own_nations for area in region.areas])[:, None]
    kappa = np.where(
        nationalist, np.asarray(nation_response, dtype=np.float64)[..., None, None], 1.0
    )
    lam = np.asarray(response, dtype=np.float64)[..., None, None]
    if loss_response is not None:
        lam_loss = np.asarray(loss_response, dtype=np.float64)[..., None, None]
        lam = np.where(change[..., None, :] < 0, lam_loss, lam)
    response_term = (1.0 - lam) + lam * ratio
    seed = base_area + kappa * change[..., None, :] * response_term
    seed = np.where(present, np.maximum(seed, 1e-4), 0.0)
    one_nation = present.sum(axis=0) <= 1
    scale = np.divide(target, base_gb, out=np.zeros_like(target), where=base_gb > 1e-12)
    exact = base_area * scale[..., None, :]
    seed = np.where(one_nation, exact, seed)
    seed = np.where(fixed_rows[:, None], fixed_values, seed)
    free = ~fixed_rows & great_britain
    if not free.any():
        return np.broadcast_to(seed, (*target.shape[:-1], *base_area.shape)).copy()
    fixed_mass = np.einsum("...r,rp->...p", weights[..., fixed_rows], fixed_values[fixed_rows])
    wanted = np.maximum(target - fixed_mass, 0.0)
    # Rake the free rows only, in place, on the columns non-zero in some free row (the others
    # stay 0 under raking); the fixed rows never change.
    rows = np.flatnonzero(free)
    free_weights = weights[..., rows]
    seed = np.array(np.broadcast_to(seed, (*target.shape[:-1], *base_area.shape)))
    live = np.flatnonzero((seed[..., rows, :] != 0).reshape(-1, seed.shape[-1]).any(axis=0))
    start = seed[..., rows[:, None], live]
    lead = start.shape[:-2]
    n_rows, n_columns = start.shape[-2:]
    n_targets = int(np.prod(lead, dtype=np.int64))
    # Raking keeps the product form start * row_r * column_p: each iteration updates the two
    # scale vectors from two weighted sums over ``start`` and never rewrites the whole table
    # (the same iterations as scaling the columns, then the rows, of a materialised table).
    # The targets are the last, contiguous axis, so each weighted sum runs along them.
    table = np.ascontiguousarray(start.reshape(n_targets, n_rows, n_columns).transpose(1, 2, 0))
    goal = np.broadcast_to(wanted, (*lead, wanted.shape[-1]))[..., live]
    goal = np.ascontiguousarray(goal.reshape(n_targets, n_columns).T)
    row_weights = (
        free_weights[:, None]
        if free_weights.ndim == 1
        else np.ascontiguousarray(free_weights.reshape(n_targets, n_rows).T)
    )
    row_scale = np.ones((n_rows, n_targets))
    column_scale = np.ones((n_columns, n_targets))
    for _ in range(RAKING_ITERATIONS):
        column = column_scale * np.einsum("rn,rpn->pn", row_weights * row_scale, table)
        factor = np.divide(goal, column, out=np.ones_like(column), where=column > 1e-12)
        column_scale *= factor
        totals = row_scale * np.einsum("rpn,pn->rn", table, column_scale)
        totals[totals <= 0] = 1.0
        row_scale /= totals
    table *= row_scale[:, None, :]
    table *= column_scale[None, :, :]
    seed[..., rows[:, None], live] = table.transpose(2, 0, 1).reshape(start.shape)
    return seed


def _own_party(region: ProjectionBase, row: int) -> int | None:
    """The largest party standing in region ``row`` only (the SNP in Scotland, Plaid Cymru in
    Wales), or ``None`` outside :func:`own_party_nations`."""
    if region.areas[row] not in own_party_nations(region):
        return None
    present = region.base_area[:-1] > 0
    own = np.flatnonzero((present.sum(axis=0) == 1) & present[row])
    if own.size == 0:
        return None
    return int(own[np.argmax(region.base_area[row, own])])


def nation_weight_factor(
    region: ProjectionBase, target: FloatArray, base_gb: FloatArray, elasticity: float
) -> FloatArray:
    """Multipliers ``(..., n_regions)`` of the regions' shares of the GB vote: Scotland's
    and Wales's by ``(T_j / B_j) ** eta`` with ``j`` the nation's own party (its turnout
    follows the nationalist vote: Scotland was 8.5% of the GB vote in 2010, 9.7% in 2015, 8.4%
    in 2017), 1 elsewhere and at zero swing."""
    factor = np.ones((*target.shape[:-1], region.n_areas))
    for row in range(region.n_areas):
        party = _own_party(region, row)
        if party is None or base_gb[party] <= 1e-12:
            continue
        ratio = np.maximum(target[..., party], 1e-6) / base_gb[party]
        factor[..., row] = ratio**elasticity
    return factor


def fit_turnout_elasticity(
    history: Sequence[tuple[Election, Election]],
    *,
    inputs: Sequence[PairInputs] | None = None,
) -> float:
    """``eta`` of :func:`nation_weight_factor` by least squares through the origin of
    ``log(w_new / w_old)`` (a nation's share of the GB vote) on ``log(B_new / B_old)`` (its own
    party's GB share) over Scotland and Wales in the earlier pairs; 0 without them."""
    given = pair_inputs(history) if inputs is None else inputs
    cross = square = 0.0
    for (_, result), (region, _, gb, scored) in zip(history, given, strict=True):
        great_britain = region.main_area_rows
        old = region_weights(region) * great_britain
        old = old / old.sum()
        votes = np.asarray(result.valid_votes, dtype=np.float64)
        new = np.bincount(region.group[scored], weights=votes[scored], minlength=region.n_areas)
        new = new[: region.n_areas] * great_britain
        new = new / new.sum()
        base_gb = old @ region.base_area[:-1]
        for row in range(region.n_areas):
            party = _own_party(region, row)
            if party is None or min(base_gb[party], gb[party], old[row], new[row]) <= 0:
                continue
            x = float(np.log(gb[party] / base_gb[party]))
            cross += x * float(np.log(new[row] / old[row]))
            square += x * x
    return cross / square if square > 0 else 0.0


def consolidation_term(
    region: ProjectionBase, target: FloatArray, scale: float = 1.0
) -> FloatArray:
    """The recentred challenger term (seats x parties) for region targets ``target``, times
    ``scale``, in the type of ``region``'s seat shares (see :func:`add_consolidation`)."""
    shape = (*np.shape(target)[:-2], *region.shares.shape)
    return add_consolidation(region, target, np.zeros(shape, dtype=region.shares.dtype), scale)


def add_consolidation(
    region: ProjectionBase, target: FloatArray, shares: FloatArray, scale: float = 1.0
) -> FloatArray:
    """``shares + scale * consolidation_term(region, target)``, in place in ``shares``.

    The challenger term in seat ``k`` is ``first_share_k * g(a_k, first_k)`` in the column of
    the party second there (``g = clip(1 - T/B, 0, 1)``: the first party's relative loss in
    the area; :func:`psephos.projection.covariate.challenger_term`), so its vote-weighted area
    means are ``sum_f g(a, f) C(a, f, i)`` with ``C`` fixed by the base: they come from
    area-level numbers, not a pass over every seat, and the term itself is one number a seat.
    The same numbers as centring the term with :func:`psephos.projection.covariate._centred`,
    to the last bits.
    """
    from psephos.projection.covariate import _area_matrix, _ranks

    dtype = region.shares.dtype
    second, _, first_share, first = _ranks(region)
    key = f"national:consolidation:{np.dtype(dtype)}"
    cached = region.cache.get(key)
    if cached is None:
        standing_second = second * (region.stood & region.active[:, None])
        seats, columns = np.nonzero(standing_second)
        first_column = np.zeros(region.shares.shape)
        first_column[np.arange(first.size), first] = 1.0
        weighted = _area_matrix(region) * np.asarray(first_share, dtype=np.float64)
        by_first = np.einsum("ak,kf,ki->afi", weighted, first_column, standing_second)
        cached = (seats, columns, by_first)
        region.cache[key] = cached
    seats, columns, by_first = cached
    loss = np.clip(1.0 - core.proportional_ratio(region.base_area, target), 0.0, 1.0)
    if scale != 1.0:
        loss *= scale
    means = np.einsum("...af,afi->...ai", loss, by_first).astype(dtype, copy=False)
    spread = np.take(means, region.group, axis=-2)
    core.mask_in_place(spread, region.stood)
    shares -= spread
    first_loss = first_share[seats] * loss[..., region.group[seats], first[seats]]
    shares[..., seats, columns] += first_loss.astype(dtype, copy=False)
    return shares


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


PairInputs = tuple[ProjectionBase, FloatArray, FloatArray, npt.NDArray[np.bool_]]


def pair_inputs(history: Sequence[tuple[Election, Election]]) -> list[PairInputs]:
    """What the fits need from each earlier pair (see :func:`_pair_inputs`), computed once so
    :func:`fit_response` and :func:`fit_consolidation` can share it."""
    return [_pair_inputs(base_election, result) for base_election, result in history]


class ResponseFit(NamedTuple):
    """What :func:`fit_response` chose."""

    response: float
    nation_response: float
    weighting: str
    loss_response: float | None


def fit_response(
    history: Sequence[tuple[Election, Election]],
    weightings: Sequence[str] = ("votes",),
    *,
    inputs: Sequence[PairInputs] | None = None,
    turnout_elasticity: float = 0.0,
    split: bool = False,
) -> ResponseFit:
    """``(lambda, kappa, weighting, lambda_loss)`` minimising the vote-weighted squared error
    of the regional shares mapped from each earlier pair's true GB shares (grid
    :data:`RESPONSE_GRID`, and ``weightings`` among :data:`WEIGHTINGS`; ties to the earlier
    entry). The default keeps the base's vote weights, so that a poll equal to the base's GB
    shares gives the base back; ``("votes", "electorate")`` is the documented variant.

    With ``split`` the parties losing GB share get their own ``lambda_loss`` (a third grid
    axis, which includes ``lambda_loss = lambda``); without, ``lambda_loss`` is ``None`` (the
    losers respond as the gainers).
    """
    prepared = pair_inputs(history) if inputs is None else inputs
    losses: tuple[float | None, ...] = RESPONSE_GRID if split else (None,)
    grid = [
        (response, nation, loss)
        for response in RESPONSE_GRID
        for nation in RESPONSE_GRID
        for loss in losses
    ]
    responses = np.array([response for response, _, _ in grid])
    nation_responses = np.array([nation for _, nation, _ in grid])
    loss_responses = np.array([loss for _, _, loss in grid], dtype=np.float64) if split else None
    best: tuple[float, int, float, float, float] | None = None
    for position, weighting in enumerate(weightings):
        errors = np.zeros(len(grid))
        for region, truth, gb, _ in prepared:
            # The whole grid in one call: each grid point maps its own copy of the GB shares.
            mapped = map_to_regions(
                region,
                np.broadcast_to(gb, (len(grid), gb.shape[-1])),
                responses,
                nation_responses,
                weighting=weighting,
                turnout_elasticity=turnout_elasticity,
                loss_response=loss_responses,
            )
            squared = (mapped - truth[:-1]) ** 2
            errors += np.einsum("r,grp->g", region_weights(region), squared)
        for (response, nation_response, loss), error in zip(grid, errors.tolist(), strict=True):
            key = (
                error,
                position,
                float(response),
                float(nation_response),
                float(response if loss is None else loss),
            )
            if best is None or key < best:
                best = key
    assert best is not None
    return ResponseFit(best[2], best[3], weightings[best[1]], best[4] if split else None)


def fit_consolidation(
    start: Callable[[ProjectionBase, FloatArray], FloatArray],
    history: Sequence[tuple[Election, Election]],
    *,
    inputs: Sequence[PairInputs] | None = None,
) -> float:
    """``c`` from :data:`CONSOLIDATION_GRID` calling most seats on the earlier pairs.

    Each earlier pair is projected from its own true regional shares (``start``, the
    adaptive transition model's ``project``, plus ``c`` times the challenger term); the score
    is the number of scored seats called, summed over the pairs (the criterion of the adaptive
    ramp, ``AdaptiveTransitionModel.fitted``); ties go to the smaller GB seat error, then to
    the smaller ``|c|``.
    """
    prepared = []
    given = pair_inputs(history) if inputs is None else inputs
    for (base_election, result), (region, truth, _, _) in zip(history, given, strict=True):
        shares = start(region, truth)
        prepared.append((base_election, result, region, shares, consolidation_term(region, truth)))
    return _best_coefficient(prepared)


# --- Consolidation behind the tactical-voting sites' recommendations --------------------------

#: Goals of the bundled tactical-voting sites counted as "consolidate against the
#: Conservatives": the Remain sites of 2019 (whose first target was the Conservative candidate)
#: and the anti-Conservative sites of 2024. Leave and unionist sites are not counted.
TACTICAL_GOALS: tuple[str, ...] = ("remain", "anti-con")


def site_recommendations(
    election: Election, result_id: str, *, same_boundaries: bool = False
) -> FloatArray | None:
    """Seats x parties (``election``'s seat order): the share of the bundled anti-Conservative
    tactical-voting sites (:data:`TACTICAL_GOALS`, each site's latest snapshot) recommending
    party ``i`` in seat ``k``, published before polling day of ``result_id``; ``None`` when
    none are bundled for it (``tactical_recommendations``, built by
    ``scripts/build_tactical.py``; sources in ``PROVENANCE-tactical.md``). With
    ``same_boundaries``, picks drawn on other boundaries than ``election``'s are an error
    (:func:`psephos.projection.candidates.check_boundaries`) instead of being skipped."""
    from psephos.io.tables import columns

    table = columns("tactical_recommendations")  # the UK's bundled table, read without pandas
    rows = np.flatnonzero(
        (table["election"] == str(result_id)) & np.isin(table["goal"], TACTICAL_GOALS)
    )
    if not rows.size:
        return None
    sites = table["site"][rows].tolist()
    snapshots = table["snapshot"][rows].tolist()
    latest: dict[str, str] = {}
    for site, snapshot in zip(sites, snapshots, strict=True):
        latest[site] = max(latest.get(site, snapshot), snapshot)
    kept = [
        index
        for index, (site, snapshot) in enumerate(zip(sites, snapshots, strict=True))
        if snapshot == latest[site]
    ]
    n_sites = len({sites[index] for index in kept})
    kinds = table["kind"][rows].tolist()
    codes = table["code"][rows].tolist()
    parties = table["party"][rows].tolist()
    chosen = [index for index in kept if kinds[index] == "party"]
    picks = [(codes[index], parties[index]) for index in chosen]
    if same_boundaries:
        from psephos.projection.candidates import check_boundaries

        check_boundaries(election, [str(code) for code, _ in picks], "recommendations")
    return recommendation_matrix(election, picks, n_sites, strict=False)


def recommendation_matrix(
    election: Election,
    picks: Sequence[tuple[str, str]],
    n_sites: int,
    *,
    strict: bool = True,
) -> FloatArray:
    """Seats x parties share of ``n_sites`` tactical-voting sites recommending each party, from
    their ``(seat, party)`` picks (seat: ONS code or name; party: code or alias).

    Raises:
        UnknownConstituencyError, UnknownPartyError: with ``strict``, a seat or party that is
            not in ``election`` (otherwise such picks are skipped, as for the bundled sites'
            seats off these boundaries).
    """
    out = np.zeros((len(election.codes), len(election.parties)))
    codes = election.seat_lookups.lookup
    columns = {party: position for position, party in enumerate(election.parties)}
    for seat, party in picks:
        if strict:  # a user's file: names and aliases, and a clear error for the rest
            row, column = election.seat_index(seat), election.party_index(party)
        else:  # the bundled sites: ONS codes and party codes; other boundaries skipped
            found_row, found_column = codes.get(seat.upper()), columns.get(party)
            if found_row is None or found_column is None:
                continue
            row, column = found_row, found_column
        out[row, column] += 1.0 / max(n_sites, 1)
    out.setflags(write=False)
    return out


#: The value of a ``recommendations`` option that asks for no picks at all.
NO_RECOMMENDATIONS = "none"


def default_recommendations(base: Election) -> str | None:
    """The name of the bundled sites' picks (``sites-2024``) published before the election
    that followed ``base`` on the same boundaries, where bundled (like its nominations, a
    results night or an exit poll on ``base`` had them); else ``None``."""
    from psephos.jurisdictions import following_id

    following = following_id(base)
    if following is None or site_recommendations(base, following) is None:
        return None
    return f"sites-{following}"


def resolve_recommendations(
    base: Election, source: str | None
) -> tuple[str | None, FloatArray | None]:
    """The picks a ``recommendations`` option asks for, with their name: ``None`` (not given)
    is :func:`default_recommendations`, :data:`NO_RECOMMENDATIONS` (or an empty value) none,
    anything else :func:`read_recommendations`. The default of the exit poll's command and
    web form.

    Raises:
        DataFormatError: as :func:`read_recommendations`.
    """
    if source is None:
        source = default_recommendations(base)
        if source is None:
            return None, None
    if source.strip().lower() in ("", NO_RECOMMENDATIONS):
        return None, None
    return source, read_recommendations(base, source)


def read_recommendations(election: Election, source: str) -> FloatArray:
    """The recommendation shares (:func:`recommendation_matrix`) from a CSV file
    (:func:`psephos.io.recommendations.read_recommendations_csv`), or the bundled sites of an
    election by name (``sites-2024``, ``sites-2019``: :func:`site_recommendations`).

    Raises:
        DataFormatError: an unknown name that is not a file, or a bad file; a seat or party not
            in ``election`` (naming it).
    """
    from psephos.io.recommendations import read_recommendations_csv

    key = str(source).strip().lower()
    path = Path(source)
    if key.startswith("sites-") and not path.is_file():
        bundled = site_recommendations(election, key.removeprefix("sites-"), same_boundaries=True)
        if bundled is None:
            raise DataFormatError(
                f"No bundled tactical-voting sites for {key.removeprefix('sites-')!r}; "
                "bundled: sites-2019, sites-2024."
            )
        return bundled
    if not path.is_file():
        raise DataFormatError(
            f"No recommendations {str(source)!r}: give a CSV file (seat,party[,site]) or a "
            "bundled set (sites-2019, sites-2024)."
        )
    return recommendations_of_rows(election, read_recommendations_csv(path))


def recommendations_of_rows(election: Election, rows: Sequence[RecommendationRow]) -> FloatArray:
    """The recommendation shares (:func:`recommendation_matrix`) of rows read from a CSV
    (:mod:`psephos.io.recommendations`: a file, or an upload's text), each distinct ``site``
    one site.

    Raises:
        DataFormatError: a seat or party not in ``election`` (naming it).
    """
    n_sites = len({row.site for row in rows})
    try:
        return recommendation_matrix(election, [(row.seat, row.party) for row in rows], n_sites)
    except PsephosError as error:
        raise DataFormatError(f"Recommendations: {error}") from None


def tactical_term(
    region: ProjectionBase, shares: FloatArray, recommended: FloatArray
) -> FloatArray:
    """The recentred tactical-site term ``(..., seats, parties)`` for seat shares ``shares``.

    The bloc is the set of parties some site recommends somewhere. In seat ``k`` a fraction
    ``f_k`` of the sites recommends someone (``f_k = sum_i R_ki``); the term moves to each
    recommended party its share of the bloc's vote and takes ``f_k`` of each bloc party's own,
    ``R_ki S_k - f_k s_ki`` with ``S_k`` the bloc's total (zero-sum within the seat), then is
    recentred so each region's vote-weighted totals are kept (as the challenger term).
    """
    from psephos.projection.covariate import _centred

    return _centred(region, consolidation_flows(shares, recommended), own=True)


def consolidation_flows(shares: FloatArray, recommended: FloatArray) -> FloatArray:
    """The tactical-site term before recentring, ``(..., seats, parties)``: in seat ``k`` each
    party ``i`` gets ``R_ki S_k - f_k s_ki [i in bloc]`` (:func:`tactical_term`), the vote it
    would gain if every bloc voter followed the sites. The exit poll's estimators use it as a
    seat feature (:func:`psephos.forecast.pooling.sites_matrix`,
    :meth:`psephos.forecast.exitpoll.SeatCharacteristics.features`)."""
    bloc = recommended.any(axis=0)
    standing = np.maximum(shares, 0.0) * bloc
    pool = standing.sum(axis=-1, keepdims=True)
    term = recommended * pool
    term -= recommended.sum(axis=-1, keepdims=True) * standing
    return term


def fit_tactical(
    start: Callable[[ProjectionBase, FloatArray], FloatArray],
    consolidation: float,
    history: Sequence[tuple[Election, Election]],
    *,
    inputs: Sequence[PairInputs] | None = None,
) -> float:
    """``t`` from :data:`CONSOLIDATION_GRID` calling most seats on the earlier pairs whose
    result has bundled site recommendations (:func:`site_recommendations`), by the criterion
    of :func:`fit_consolidation` (seats called, then the smaller seat error, then the smaller
    ``|t|``), each pair projected from its true regional shares with the challenger term
    ``consolidation`` already in. Prior (no such pair): ``t = 0``."""
    given = pair_inputs(history) if inputs is None else inputs
    prepared = []
    for (base_election, result), (region, truth, _, _) in zip(history, given, strict=True):
        recommended = site_recommendations(base_election, result.id)
        if recommended is None:
            continue
        shares = start(region, truth)
        if consolidation:
            shares = shares + consolidation * consolidation_term(region, truth)
        term = tactical_term(region, shares, recommended)
        prepared.append((base_election, result, region, shares, term))
    return _best_coefficient(prepared)


def _best_coefficient(
    prepared: Sequence[tuple[Election, Election, ProjectionBase, FloatArray, FloatArray]],
) -> float:
    """The value of :data:`CONSOLIDATION_GRID` calling most scored seats over the prepared
    pairs ``(base, result, region, shares, term)`` when ``value * term`` is added to
    ``shares``; ties to the smaller GB seat error, then the smaller ``|value|``; 0 without
    pairs."""
    from psephos.projection.scoring import score_winners

    best: tuple[int, int, float, float] | None = None
    for value in CONSOLIDATION_GRID:
        called = error = 0
        for base_election, result, region, shares, term in prepared:
            projected = core.finish_shares(shares + value * term, region.stood, region.shares)
            score = score_winners("", base_election, result, region.winners(projected))
            called += score.called or 0
            error += score.seat_error
        key = (-called, error, abs(value), value)
        if best is None or key < best:
            best = key
    return 0.0 if best is None else float(best[3])
