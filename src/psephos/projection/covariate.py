"""A covariate swing model: the regional transition model plus seat terms fitted on past elections.

The projected share of party ``i`` in seat ``k`` (area ``a``) is

    s'_ki = t_ki + sum_f beta_f (x_fki - xbar_fai)

then parties that do not stand are zeroed, negatives clipped and rows renormalised. ``t`` is the
regional transition model (losers decline in proportion, gainers take the released votes;
:func:`psephos.projection.core.transition_raw`), whose area totals equal the target shares;
``xbar`` is the vote-weighted area mean of each feature, so the fitted terms move votes between
seats of an area without changing its total. Features:

* ``challenger``: in seats where ``i`` was second, the first party's proportional loss
  ``s_k,first * max(1 - T/B, 0)`` (consolidation behind the local challenger).
* ``third_squeeze``: the same loss in seats where ``i`` was third.
* ``leave_<party>``, ``degree_<party>``, ``age65_<party>``: the seat's standardised 2016 Leave
  estimate, census share with a degree, and share aged 65+, each for one party (Con, Lab, LD,
  Reform, Green): party-specific demographic slopes of the change.
* ``stood_down_<party>``: 1 where the Reform lineage (UKIP / Brexit Party) did not stand last
  time, for the party named (e.g. the seats where the Brexit Party stood down in 2019).

The seat characteristics (the last two groups) are multiplied by the area's volatility
``V_a = sum_i |T_ai - B_ai| / 2`` (Pedersen 1979): they matter in proportion to how much the
area changes, so with zero swing every term vanishes and the base result comes back.
* ``loss_proportional`` (optional): ``(s_ki - B_ai) * min(T_ai / B_ai - 1, 0)``.

The ``beta`` are fitted by ridge regression on the seat shares of earlier elections only
(base -> result pairs on the same boundaries, given their true regional shares), with a
scale-free penalty ``ridge * diag(X'X)`` shrinking every term towards the plain transition model.
Demographics: :meth:`psephos.jurisdictions.UK.table` ``("demographics")`` (Hanretty 2017 Leave
estimates; Census 2011 on the 2010 boundaries, Census 2021/2022 on the 2024 ones).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError
from psephos.model import Election
from psephos.projection import core
from psephos.projection.base import ProjectionBase, prepare
from psephos.projection.scoring import scored_seats

FloatArray = npt.NDArray[np.float64]

DEMOGRAPHIC_PARTIES: tuple[str, ...] = ("Con", "Lab", "LD", "Reform", "Green")
DEMOGRAPHIC_COLUMNS: dict[str, str] = {
    "leave": "leave",
    "degree": "degree",
    "age65": "age_65_plus",
}
DEFAULT_FEATURES: tuple[str, ...] = (
    "challenger",
    "third_squeeze",
    *(f"{kind}_{party}" for kind in DEMOGRAPHIC_COLUMNS for party in DEMOGRAPHIC_PARTIES),
    *(f"stood_down_{party}" for party in ("Con", "Lab")),
)
DYNAMIC = ("loss_proportional", "challenger", "third_squeeze")

#: Shrinkage: the penalty is this fraction of each feature's own sum of squares.
DEFAULT_RIDGE = 0.3


@cache
def _demographics() -> dict[str, dict[str, dict[str, float]]]:
    from psephos.io.tables import columns

    table = columns("demographics")  # the UK's bundled table, read without pandas
    out: dict[str, dict[str, dict[str, float]]] = {}
    for boundary_set in np.unique(table["boundary_set"]).tolist():
        rows = np.asarray(table["boundary_set"] == boundary_set)
        codes = table["code"][rows].tolist()
        out[str(boundary_set)] = {
            name: {
                str(k): float(v) for k, v in zip(codes, table[column][rows].tolist(), strict=True)
            }
            for name, column in DEMOGRAPHIC_COLUMNS.items()
        }
    return out


def demographic_z(base: ProjectionBase, name: str) -> FloatArray:
    """Standardised demographic ``name`` per seat (z over projected seats; missing -> 0)."""
    key = f"z:{name}"
    cached = base.cache.get(key)
    if cached is not None:
        return np.asarray(cached)
    boundary_set = base.election.constituencies[0].boundary_set if base.election.n_seats else ""
    values = _demographics().get(boundary_set, {}).get(name, {})
    raw = np.array([values.get(code, np.nan) for code in base.election.codes], dtype=np.float64)
    usable = base.active & np.isfinite(raw)
    z = np.zeros(base.election.n_seats)
    if usable.sum() > 2:
        mean = raw[usable].mean()
        spread = raw[usable].std()
        if spread > 0:
            z = np.where(np.isfinite(raw), (raw - mean) / spread, 0.0)
    base.cache[key] = z
    return z


def _static_features(base: ProjectionBase, names: Sequence[str]) -> FloatArray:
    """Target-independent features, ``(n_static, seats, parties)``."""
    key = "static:" + ",".join(names)
    cached = base.cache.get(key)
    if cached is not None:
        return np.asarray(cached)
    parties = base.parties
    blocks = []
    reform_stood = (
        base.election.votes[:, parties.index("Reform")] > 0
        if "Reform" in parties
        else np.ones(base.election.n_seats, dtype=bool)
    )
    for name in names:
        kind, _, party = name.partition("_")
        block = np.zeros(base.shares.shape)
        if name.startswith("stood_down_"):
            party = name.removeprefix("stood_down_")
            if party in parties:
                block[:, parties.index(party)] = (~reform_stood).astype(np.float64) / 100.0
        elif kind in DEMOGRAPHIC_COLUMNS and party in parties:
            block[:, parties.index(party)] = demographic_z(base, kind) / 100.0
        blocks.append(block)
    stacked = np.stack(blocks) if blocks else np.zeros((0, *base.shares.shape))
    base.cache[key] = stacked
    return stacked


def _ranks(base: ProjectionBase) -> tuple[FloatArray, FloatArray, FloatArray, npt.NDArray[np.intp]]:
    cached = base.cache.get("ranks")
    if cached is None:
        order = np.argsort(-base.shares, axis=1, kind="stable")
        rows = np.arange(base.shares.shape[0])
        second = np.zeros_like(base.shares)
        third = np.zeros_like(base.shares)
        if order.shape[1] > 1:  # a file of one party has no second, of two no third
            second[rows, order[:, 1]] = 1.0
        if order.shape[1] > 2:
            third[rows, order[:, 2]] = 1.0
        first_share = base.shares[rows, order[:, 0]]
        cached = (second, third, first_share, order[:, 0])
        base.cache["ranks"] = cached
    return cached


def _area_matrix(base: ProjectionBase, dtype: npt.DTypeLike = np.float64) -> FloatArray:
    """``(areas + 1) x seats`` weights whose product with a seat array gives area means (in
    ``dtype``: the seat arrays' type)."""
    key = "area_matrix" if np.dtype(dtype) == np.float64 else f"area_matrix:{np.dtype(dtype)}"
    cached = base.cache.get(key)
    if cached is None:
        matrix = np.zeros((base.n_areas + 1, base.shares.shape[0]))
        active = np.flatnonzero(base.active)
        matrix[base.group[active], active] = base.weights[active]
        totals = matrix.sum(axis=1, keepdims=True)
        cached = np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)
        cached = cached.astype(dtype, copy=False)
        base.cache[key] = cached
    return np.asarray(cached)


def features(base: ProjectionBase, target: FloatArray, names: Sequence[str]) -> FloatArray:
    """Feature stack ``(n_features, ..., seats, parties)`` for area targets ``target``."""
    area_ratio = core.proportional_ratio(base.base_area, target)  # (..., areas + 1, parties)
    second, third, first_share, first = _ranks(base)
    # Only the first party's ratio is needed here: gather it per seat, not the whole array.
    first_loss = first_share * np.clip(1.0 - area_ratio[..., base.group, first], 0.0, 1.0)

    def loss_proportional() -> FloatArray:
        ratio = np.take(area_ratio, base.group, axis=-2)
        return (base.shares - base.base_area[base.group]) * np.minimum(ratio - 1.0, 0.0)

    dynamic = {
        "loss_proportional": loss_proportional,
        "challenger": lambda: second * first_loss[..., None],
        "third_squeeze": lambda: third * first_loss[..., None],
    }
    static_names = [name for name in names if name not in dynamic]
    static = _static_features(base, static_names)
    # Seat characteristics matter in proportion to how much the area changes (its Pedersen
    # volatility), so every term vanishes at zero swing.
    volatility = 0.5 * np.abs(target - base.base_area).sum(axis=-1)
    seat_volatility = np.take(volatility, base.group, axis=-1)[..., None]
    shape = (*target.shape[:-2], *base.shares.shape)
    out = []
    static_position = 0
    for name in names:
        if name in dynamic:
            out.append(np.broadcast_to(dynamic[name](), shape))
        else:
            out.append(np.broadcast_to(static[static_position] * seat_volatility, shape))
            static_position += 1
    return np.stack(out) if out else np.zeros((0, *shape))


def weighted_features(
    base: ProjectionBase, target: FloatArray, names: Sequence[str], weights: npt.ArrayLike
) -> FloatArray:
    """``sum_f weights_f * feature_f`` for area targets ``target``, ``(..., seats, parties)``.

    The same numbers as ``np.tensordot(weights, features(base, target, names), axes=1)`` without
    building the ``(n_features, ..., seats, parties)`` stack: the static terms are summed once
    into one seats x parties matrix (times each area's volatility), the two rank terms share one
    ``first_loss`` factor, so a batch of scenarios costs a few arrays of its own size.
    """
    beta = dict(zip(names, np.asarray(weights, dtype=np.float64).tolist(), strict=True))
    area_ratio = core.proportional_ratio(base.base_area, target)  # (..., areas + 1, parties)
    shape = (*target.shape[:-2], *base.shares.shape)
    out = np.zeros(shape)
    if beta.get("loss_proportional", 0.0):
        ratio = np.take(area_ratio, base.group, axis=-2)
        base_area = base.base_area[base.group]
        out += beta["loss_proportional"] * (base.shares - base_area) * np.minimum(ratio - 1.0, 0.0)
    rank_weight = beta.get("challenger", 0.0), beta.get("third_squeeze", 0.0)
    if any(rank_weight):
        second, third, first_share, first = _ranks(base)
        # Only the first party's ratio is needed: gather it per seat, not the whole ratio array.
        first_ratio = area_ratio[..., base.group, first]
        first_loss = first_share * np.clip(1.0 - first_ratio, 0.0, 1.0)
        ranks = rank_weight[0] * second + rank_weight[1] * third
        out += ranks * first_loss[..., None]
    static_names = [name for name in names if name not in DYNAMIC]
    if static_names and any(beta[name] for name in static_names):
        static = _static_features(base, static_names)
        combined = np.tensordot([beta[name] for name in static_names], static, axes=1)
        volatility = 0.5 * np.abs(target - base.base_area).sum(axis=-1)
        out += combined * np.take(volatility, base.group, axis=-1)[..., None]
    return out


@dataclass(frozen=True, slots=True)
class CovariateModel:
    """A starting swing model plus fitted seat-level terms (see the module docstring).

    Attributes:
        feature_names: The terms (see the module docstring).
        coefficients: One per feature; all zero (the starting model) until fitted.
        fitted_on: Ids of the (base, result) pairs the coefficients came from.
        ridge: Shrinkage towards the starting model, as a fraction of each term's own
            sum of squares.
        start: ``"transition"`` (regional transition model) or ``"uniform"`` (regional
            uniform swing).
        objective: ``"margin"`` (fit the winner-runner-up gap) or ``"shares"``.
    """

    name: str = "covariate"
    level: str = "region"
    derive: str = "additive"
    description: str = (
        "regional transition model plus seat terms (challenger, Leave, degree, age, "
        "stand-downs) fitted on earlier elections"
    )
    feature_names: tuple[str, ...] = DEFAULT_FEATURES
    coefficients: tuple[float, ...] = field(default=(0.0,) * len(DEFAULT_FEATURES))
    fitted_on: tuple[str, ...] = ()
    ridge: float = DEFAULT_RIDGE
    start: str = "transition"
    objective: str = "margin"
    fits_history: ClassVar[bool] = True

    def correction(self, base: ProjectionBase, target: FloatArray) -> FloatArray:
        """Seat-level terms, recentred so each area's vote-weighted mean is zero."""
        beta = np.asarray(self.coefficients)
        if not beta.any():
            return np.zeros((*target.shape[:-2], *base.shares.shape))
        return _centred(base, weighted_features(base, target, self.feature_names, beta))

    def starting_point(self, base: ProjectionBase, target: FloatArray) -> FloatArray:
        """Raw shares of the model the terms are added to (regional transition or uniform)."""
        if self.start == "uniform":
            return base.shares + np.take(target - base.base_area, base.group, axis=-2)
        return core.transition_raw(base.shares, base.group, base.base_area, target)

    def project(self, base: ProjectionBase, target: FloatArray) -> FloatArray:
        """The starting model plus the fitted terms."""
        raw = self.starting_point(base, target) + self.correction(base, target)
        return core.finish_shares(raw, base.stood, base.shares)

    def fitted(self, history: Sequence[tuple[Election, Election]]) -> CovariateModel:
        """Ridge fit of the coefficients on earlier (base, result) pairs; unchanged if none.

        With ``objective="margin"`` each scored seat contributes one row: the gap between the
        result's first and second parties, true minus starting model, against the same gap in
        every (recentred) feature; this weights the fit towards what decides who wins. With
        ``"shares"`` every standing party's share residual is a row.
        """
        if not history:
            return self
        blocks, answers = [], []
        for base_election, result in history:
            base, target, scored = truth_target(base_election, result, self.level)
            start = self.starting_point(base, target)
            stack = np.stack(
                [_centred(base, f) for f in features(base, target, self.feature_names)]
            )
            residual = result.shares() - start
            if self.objective == "margin":
                order = np.argsort(-result.shares(), axis=1, kind="stable")
                rows = np.flatnonzero(scored)
                first, second = order[rows, 0], order[rows, 1]
                blocks.append((stack[:, rows, first] - stack[:, rows, second]).T)
                answers.append(residual[rows, first] - residual[rows, second])
            else:
                keep = scored[:, None] & base.stood
                blocks.append(stack[:, keep].T)
                answers.append(residual[keep])
        design = np.vstack(blocks)
        answer = np.concatenate(answers)
        gram = design.T @ design
        penalty = self.ridge * np.diag(np.diag(gram)) + 1e-12 * np.eye(design.shape[1])
        beta = np.linalg.solve(gram + penalty, design.T @ answer)
        return replace(
            self,
            coefficients=tuple(float(b) for b in beta),
            fitted_on=tuple(f"{b.id}->{r.id}" for b, r in history),
        )


def challenger_term(base: ProjectionBase, target: FloatArray) -> FloatArray:
    """The ``challenger`` feature alone, ``(..., seats, parties)``: the same numbers as
    ``features(base, target, ("challenger",))[0]`` without building the stack."""
    area_ratio = core.proportional_ratio(base.base_area, target)
    second, _, first_share, first = _ranks(base)
    first_loss = first_share * np.clip(1.0 - area_ratio[..., base.group, first], 0.0, 1.0)
    return second * first_loss.astype(second.dtype, copy=False)[..., None]


def _centred(base: ProjectionBase, values: FloatArray, *, own: bool = False) -> FloatArray:
    """Zero outside standing parties of projected seats, minus each area's weighted mean
    (in place when the caller gives up ``values``: ``own``)."""
    mask = base.stood & base.active[:, None]
    if own and values.shape == np.broadcast_shapes(values.shape, mask.shape):
        core.mask_in_place(values, mask)
        total = values
    else:
        total = values * mask
    means = _area_matrix(base, total.dtype) @ total
    spread = np.take(means, base.group, axis=-2)
    core.mask_in_place(spread, base.stood)
    total -= spread
    return total


def truth_target(
    base_election: Election,
    result: Election,
    level: str,
    *,
    candidates: bool = False,
    rebase: bool = True,
) -> tuple[ProjectionBase, FloatArray, npt.NDArray[np.bool_]]:
    """The base prepared at ``level``, the result's true area shares (extended) and scored seats.

    True area shares are vote-weighted over the scored seats of the result. With
    ``candidates`` the base is re-based on the result's candidate lists (who stood, never
    their votes; :mod:`psephos.projection.candidates`) and, where the bundled lists carry
    names, given the incumbency features (open seats, first-term MPs).
    """
    if candidates:
        from psephos.projection.candidates import (
            bundled_candidates,
            incumbency_features,
            result_candidates,
            result_carried,
        )

        try:
            standing = bundled_candidates(result.id)
        except DataFormatError:
            standing = {}
        named = any(name.strip() for pairs in standing.values() for name, _ in pairs)
        features = incumbency_features(base_election, standing)[0] if named else None
        base = prepare(
            base_election,
            level,
            candidates=result_candidates(base_election, result),
            incumbency=features,
            rebase=rebase,
            carried=result_carried(base_election, result),
        )
    else:
        base = prepare(base_election, level)
    scored = scored_seats(base_election, result) & base.active
    truth = core.area_means(
        result.shares()[scored],
        np.asarray(result.valid_votes)[scored],
        base.group[scored],
        base.n_areas,
    )
    return base, base.effective_target(base.extend(truth)), scored


def history_before(election: Election) -> list[tuple[Election, Election]]:
    """Bundled (base, result) pairs whose result is no later than ``election``.

    For a bundled election this is every pair that ended at or before its polling day,
    another country's included (Canada's 2019 learns from the UK's 2015 and 2017, not from
    pairs that ended after it); for anything else (a user's file, whatever it is called:
    :func:`psephos.jurisdictions.bundled_base_id`) every bundled pair. A projection's is its
    base's. Pairs are on the same boundaries.
    """
    from psephos.io.tables import columns
    from psephos.jurisdictions import UK, bundled_base_id

    elections = columns("elections")  # the UK's bundled table, read without pandas
    dates = {
        str(k): str(v)
        for k, v in zip(elections["election"].tolist(), elections["date"].tolist(), strict=True)
    }
    base_id = bundled_base_id(election)
    limit = None if base_id is None else dates.get(base_id) or _polling_day(base_id)
    pairs = []
    for result_id, base_id_ in sorted(UK.previous_ids.items(), key=lambda item: dates[item[0]]):
        if limit is None or dates[result_id] <= limit:
            pairs.append((UK.load(base_id_), UK.load(result_id)))
    return pairs


def _polling_day(election_id: str) -> str | None:
    """The polling day (ISO) of another country's bundled election (:attr:`ElectionId.date
    <psephos.jurisdictions.base.ElectionId>`), else ``None``: a user's file has none."""
    from psephos.jurisdictions import JURISDICTIONS

    for country in JURISDICTIONS.values():
        key = country.canonical_id(election_id)
        if key is not None:
            return country.election(key).date
    return None
