"""The vectorised core of seat projection: pure functions over NumPy arrays.

Every function takes the base election's per-seat shares (seats x parties), a boolean
``stood`` mask of the same shape, the area each seat belongs to (``group``, an index into the
area rows) and area-level shares before (``base_area``) and after (``target_area``). Area arrays
may carry leading scenario axes: ``target_area`` of shape ``(..., n_areas, n_parties)`` gives
projected shares of shape ``(..., n_seats, n_parties)``.

Conventions shared by every function:

* The last area row is the *frozen* row: seats that a swing model must leave alone (Northern
  Ireland without NI shares, the Speaker's seat) point at it, and both ``base_area`` and
  ``target_area`` hold ones there, so every rule below is the identity on those seats.
* A party that did not stand in a seat (``stood`` false) gets exactly 0; no share is ever
  negative; every row is renormalised to sum to 1.

Sources: additive uniform swing (Butler, *The Electoral System in Britain since 1918*, 1963);
proportional swing and the transition and strong transition models as described by Electoral
Calculus ("Transition Model 2004" and "Strong Transition Model 2007",
https://www.electoralcalculus.co.uk/blogs/newmodel.html and .../blogs/strongmodel.html).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

#: Shares below this count as zero when dividing (an area where a party had no votes).
EPSILON = 1e-12


@lru_cache(maxsize=64)
def _ones(width: int, dtype: str) -> FloatArray:
    ones = np.ones(width, dtype=dtype)
    ones.setflags(write=False)
    return ones


def row_sums(values: FloatArray) -> FloatArray:
    """Sums over the last (party) axis, kept as a length-1 axis: ``values.sum(axis=-1,
    keepdims=True)`` up to rounding in the last bit.

    A matrix product with a ones vector: NumPy reduces each short row in an inner loop of its
    own, about 20 ns a row, so on seats x 9-16 parties the product is 4-5 times faster. The
    hot paths (every renormalisation, the transition models' released votes, the national
    model's raking) sum rows this way.
    """
    return (values @ _ones(values.shape[-1], values.dtype.char))[..., None]


def mask_in_place(values: FloatArray, mask: BoolArray) -> FloatArray:
    """``values *= mask`` for a boolean seats x parties ``mask`` (the same numbers).

    Broadcast over leading scenario axes, the mask is made a float array first: NumPy's
    mixed boolean/float loop takes about twice as long there as a float one.
    """
    values *= mask.astype(values.dtype) if values.ndim > mask.ndim else mask
    return values


def finish_shares(raw: FloatArray, stood: BoolArray, fallback: FloatArray) -> FloatArray:
    """Zero the parties that did not stand, clip at 0 and renormalise rows to sum to 1, in place.

    Rows whose every standing party ends at or below zero (only possible under extreme swings,
    or when this time's candidates all had 0 last time) fall back to the base shares of the
    parties standing (``fallback * stood``), else to equal shares among them, rather than
    dividing by zero; a row where nobody stands keeps ``fallback``, and a row of zeros
    with no base (a seat with no votes) stays zeros.
    """
    mask_in_place(raw, stood)
    np.maximum(raw, 0.0, out=raw)
    totals = row_sums(raw)
    if (totals <= 0.0).any():
        empty = totals <= 0.0
        # Fall back to the base shares of the parties standing, else equal shares among them;
        # a row where nobody stands keeps the base.
        standing_base = fallback * stood
        even = np.broadcast_to(stood, raw.shape).astype(np.float64)
        has_base = standing_base.sum(axis=-1, keepdims=True) > 0.0
        anyone = even.sum(axis=-1, keepdims=True) > 0.0
        replacement = np.where(
            has_base, standing_base, np.where(anyone, even, np.broadcast_to(fallback, raw.shape))
        )
        raw = np.where(empty, np.broadcast_to(replacement, raw.shape), raw)
        totals = np.where(empty, raw.sum(axis=-1, keepdims=True), totals)
        # a seat with no votes at all (won unopposed) has no shares to keep: its zeros stay
        totals = np.where(totals > 0.0, totals, 1.0)
    raw /= totals
    return raw


def uniform_swing(
    base: FloatArray,
    stood: BoolArray,
    group: IntArray,
    base_area: FloatArray,
    target_area: FloatArray,
) -> FloatArray:
    """Additive swing: every seat moves by its area's change in share.

    ``projected[k, i] = base[k, i] + target_area[a(k), i] - base_area[a(k), i]``, then the
    parties that did not stand are zeroed, negatives clipped and rows renormalised.
    """
    change = target_area - base_area
    return uniform_change(base, stood, np.take(change, group, axis=-2))


def uniform_change(base: FloatArray, stood: BoolArray, change: FloatArray) -> FloatArray:
    """:func:`uniform_swing` given the change itself (per party, or per seat and party), as
    when the change is estimated rather than read off two area shares."""
    return finish_shares(base + change, stood, base)


def proportional_ratio(base_area: FloatArray, target_area: FloatArray) -> FloatArray:
    """Target over base area share; 0 where a party had no votes in the area."""
    safe = np.where(base_area > EPSILON, base_area, 1.0)
    return np.where(base_area > EPSILON, target_area / safe, 0.0)


def proportional_swing(
    base: FloatArray,
    stood: BoolArray,
    group: IntArray,
    base_area: FloatArray,
    target_area: FloatArray,
) -> FloatArray:
    """Multiplicative (ratio) swing: each party's seat share scales by its area's ratio.

    ``projected[k, i] ∝ base[k, i] * target_area[a(k), i] / base_area[a(k), i]``.
    """
    ratio = proportional_ratio(base_area, target_area)
    raw = base * np.take(ratio, group, axis=-2)
    return finish_shares(raw, stood, base)


def _redistribute(
    base: FloatArray,
    kept: FloatArray,
    group: IntArray,
    base_area: FloatArray,
    target_area: FloatArray,
) -> FloatArray:
    """Give the votes released by losing parties in each seat to the gaining parties (raw).

    Gainers take their area gain in proportion to the seat's released votes over the area's
    released votes (Electoral Calculus transition model).
    """
    gain = np.maximum(target_area - base_area, 0.0)
    released_area = gain.sum(axis=-1, keepdims=True)
    released_seat = row_sums(base) - row_sums(kept)
    per_released = np.where(released_area > EPSILON, gain / np.maximum(released_area, EPSILON), 0.0)
    moved = np.take(per_released.astype(kept.dtype, copy=False), group, axis=-2)
    moved *= released_seat
    kept += moved  # in place: ``kept`` is always the caller's own new array
    return kept


def transition_raw(
    base: FloatArray, group: IntArray, base_area: FloatArray, target_area: FloatArray
) -> FloatArray:
    """Transition-model shares before zeroing non-standing parties and renormalising.

    Vote-weighted area totals of the result equal ``target_area`` exactly.
    """
    keep_ratio = np.minimum(proportional_ratio(base_area, target_area), 1.0)
    keep_ratio = np.where(base_area > EPSILON, keep_ratio, 1.0)
    kept = np.take(keep_ratio, group, axis=-2)
    kept *= base
    return _redistribute(base, kept, group, base_area, target_area)


def transition_swing(
    base: FloatArray,
    stood: BoolArray,
    group: IntArray,
    base_area: FloatArray,
    target_area: FloatArray,
) -> FloatArray:
    """Transition model: losers decline multiplicatively, gainers take the released votes.

    A losing party keeps ``target/base`` of its seat share (so it loses most where it is
    strongest); a gaining party gains its area gain times the seat's released votes over the
    area's released votes. Shares never go negative.
    """
    raw = transition_raw(base, group, base_area, target_area)
    return finish_shares(raw, stood, base)


def strong_transition_swing(
    base: FloatArray,
    stood: BoolArray,
    group: IntArray,
    base_area: FloatArray,
    target_area: FloatArray,
    weak_area: FloatArray,
    threshold: float = 0.2,
) -> FloatArray:
    """Strong transition model: weak supporters (up to ``threshold`` of the seat) leave first.

    In each seat a party's share splits into weak ``min(share, threshold)`` and strong
    ``share - weak`` support; ``weak_area`` is the area's (vote-weighted) weak share. A party
    losing ``d = base_area - target_area`` loses ``d / weak_area`` of its weak support in every
    seat while ``d <= weak_area``; beyond that all weak support goes and strong support falls by
    the ratio ``target_area / (base_area - weak_area)``. Gainers take the released votes as in
    :func:`transition_swing`.
    """
    loss = np.maximum(base_area - target_area, 0.0)
    strong_area = base_area - weak_area
    weak_keep = np.where(
        weak_area > EPSILON, np.clip(1.0 - loss / np.maximum(weak_area, EPSILON), 0.0, 1.0), 1.0
    )
    strong_keep = np.where(
        loss > weak_area,
        np.where(strong_area > EPSILON, target_area / np.maximum(strong_area, EPSILON), 0.0),
        1.0,
    )
    weak = np.minimum(base, threshold)
    strong = base - weak
    kept = weak * np.take(weak_keep, group, axis=-2) + strong * np.take(strong_keep, group, axis=-2)
    raw = _redistribute(base, kept, group, base_area, target_area)
    return finish_shares(raw, stood, base)


def area_means(
    values: FloatArray, weights: FloatArray, group: IntArray, n_areas: int
) -> FloatArray:
    """Weighted mean of per-seat rows within each area (``values`` seats x parties)."""
    totals = np.zeros((n_areas, values.shape[-1]))
    np.add.at(totals, group, values * weights[:, None])
    mass = np.bincount(group, weights=weights, minlength=n_areas)[:, None]
    return np.divide(totals, mass, out=np.zeros_like(totals), where=mass > 0)


def winners(shares: FloatArray) -> npt.NDArray[np.intp]:
    """Index of the largest share per seat (ties go to the earlier party)."""
    return np.argmax(shares, axis=-1)


def seat_counts(winner: npt.NDArray[np.intp], n_parties: int) -> npt.NDArray[np.int64]:
    """Seats per party for winners of shape ``(..., n_seats)`` -> ``(..., n_parties)``."""
    flat = winner.reshape(-1, winner.shape[-1])
    offsets = (np.arange(flat.shape[0]) * n_parties)[:, None]
    counts = np.bincount((flat + offsets).ravel(), minlength=flat.shape[0] * n_parties)
    return counts.reshape(*winner.shape[:-1], n_parties).astype(np.int64)


def _possible_winners(
    base: FloatArray,
    stood: BoolArray,
    group: IntArray,
    base_area: FloatArray,
    target_area: FloatArray,
    best: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray]:
    """The change per scenario and area, standing base values (``-inf`` where not standing),
    each seat's lowest possible leading value over the scenarios, and the seats x parties mask
    of parties that can reach it in some scenario (given each area's range of change); with
    ``best`` (each column's best candidate's part of it), values a candidate can reach."""
    change = target_area - base_area
    values = np.where(stood, base, -np.inf)
    low = np.take(change.min(axis=0), group, axis=0)
    high = np.take(change.max(axis=0), group, axis=0)
    if best is None:
        floor = (values + low).max(axis=1)
        candidate = stood & (values + high >= floor[:, None])
    else:  # a positive value scales by ``best``; one at or below 0 never leads
        lowest = values + low
        floor = np.where(lowest > 0, lowest * best, lowest).max(axis=1)
        highest = values + high
        candidate = stood & (np.where(highest > 0, highest * best, highest) >= floor[:, None])
    return change, values, floor, candidate


def additive_batch_winners(
    base: FloatArray,
    stood: BoolArray,
    group: IntArray,
    base_area: FloatArray,
    target_area: FloatArray,
    *,
    best: FloatArray | None = None,
) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.int64]]:
    """Winners of :func:`uniform_swing` for many scenarios, without building every share array.

    Exact shortcut for additive swing (the winner is the largest ``base + change`` among the
    parties standing; clipping and renormalising never change it). Using the range of each
    area's change over the scenarios, a party that cannot reach the leader in any scenario is
    dropped; seats with one possible winner are settled at once, and only the remaining
    (seat, party) candidates are evaluated per scenario.

    Args:
        target_area: ``(scenarios, n_areas + 1, parties)`` (frozen row included).
        best: Seats x parties, each column's best candidate's part of it
            (:attr:`~psephos.projection.base.ProjectionBase.best_candidate`): a column's
            positive ``base + change`` is scaled by it before the largest is taken.

    Returns:
        Winners ``(scenarios, seats)``, identical to ``argmax(uniform_swing(...), axis=-1)``
        (of the shares scaled by ``best``), and seats per party ``(scenarios, parties)``
        (counted without a pass over every seat).
    """
    change, values, floor, candidate = _possible_winners(
        base, stood, group, base_area, target_area, best
    )
    n_candidates = candidate.sum(axis=1)
    first = np.argmax(candidate, axis=1)
    n_scenarios, n_seats = change.shape[0], base.shape[0]
    n_parties = base.shape[1]
    # Work seat-major (seats x scenarios) so each candidate's values are one contiguous row.
    by_seat = np.empty((n_seats, n_scenarios), dtype=np.int16)
    by_seat[:] = first[:, None]
    # A lone candidate that could drop to zero or below falls back to the base result in
    # uniform_swing (every standing party at zero); evaluate those seats in full too.
    is_open = (n_candidates > 1) | (floor <= 0.0)
    open_seats = np.flatnonzero(is_open)
    settled = np.bincount(first[~is_open], minlength=n_parties).astype(np.int64)
    counts = np.broadcast_to(settled, (n_scenarios, n_parties)).copy()
    if open_seats.size == 0:
        return by_seat.T, counts
    width = int(max(n_candidates[open_seats].max(), 1))
    rank = np.where(candidate[open_seats], np.arange(n_parties), n_parties)
    columns = np.sort(rank, axis=1)[:, :width]
    padded = columns >= n_parties
    columns = np.where(padded, columns[:, :1], columns)
    seat_values = np.where(padded, -np.inf, values[open_seats[:, None], columns])
    seat_best = None if best is None else best[open_seats[:, None], columns]
    # Only the (area, party) columns some open seat needs, laid out one row per column.
    keys = group[open_seats][:, None] * n_parties + columns
    needed, where_needed = np.unique(keys, return_inverse=True)
    where_needed = where_needed.reshape(keys.shape)
    rows = np.ascontiguousarray(change.reshape(n_scenarios, -1)[:, needed].T)
    best_value = np.full((open_seats.size, n_scenarios), -np.inf)
    best_party = np.zeros((open_seats.size, n_scenarios), dtype=np.int16)
    for position in range(width):
        column = columns[:, position]
        value = rows[where_needed[:, position]]
        value += seat_values[:, position, None]
        if seat_best is not None:
            np.multiply(value, seat_best[:, position, None], out=value, where=value > 0)
        better = value > best_value  # strict: ties keep the earlier party, as argmax does
        np.copyto(best_value, value, where=better)
        np.copyto(best_party, column.astype(np.int16)[:, None], where=better)
    # every standing party at or below zero: the base shares of those standing (scaled)
    leading = values if best is None else np.where(values > 0, values * best, values)
    fallback = np.argmax(leading, axis=1)[open_seats].astype(np.int16)
    chosen = np.where(best_value > 0.0, best_party, fallback[:, None])
    by_seat[open_seats] = chosen
    for party in np.unique(np.concatenate((columns.ravel(), fallback))):
        counts[:, party] += np.count_nonzero(chosen == party, axis=0)
    return by_seat.T, counts


def additive_batch_seats(
    base: FloatArray,
    stood: BoolArray,
    group: IntArray,
    base_area: FloatArray,
    target_area: FloatArray,
    *,
    best: FloatArray | None = None,
) -> npt.NDArray[np.int64]:
    """Seats per party of :func:`uniform_swing` for many scenarios, without per-seat winners.

    Seats with one possible winner (given each area's range of change) are counted once. In a
    seat where only parties ``a < b`` can win, ``a`` wins exactly when
    ``change_a - change_b >= base_b - base_a``; seats sharing an area and a pair are sorted by
    that threshold once, and each scenario's count is a binary search. The few seats with three
    or more possible winners go through :func:`additive_batch_winners`.

    Args:
        target_area: ``(scenarios, n_areas + 1, parties)`` (frozen row included).
        best: As :func:`additive_batch_winners` (a seat where a possible winner's column is
            several candidates goes through it).

    Returns:
        Seats per party ``(scenarios, parties)``; equal to counting the winners of
        :func:`uniform_swing` (up to floating-point rounding at exact ties).
    """
    change, values, floor, candidate = _possible_winners(
        base, stood, group, base_area, target_area, best
    )
    n_candidates = candidate.sum(axis=1)
    n_scenarios, n_parties = change.shape[0], base.shape[1]
    safe = floor > 0.0
    single = safe & (n_candidates == 1)
    counts = np.zeros((n_scenarios, n_parties), dtype=np.int64)
    counts += np.bincount(np.argmax(candidate[single], axis=1), minlength=n_parties)
    pairs = safe & (n_candidates == 2)
    if best is not None:  # a pair's threshold is additive: not so for a scaled column
        pairs &= ~(candidate & (best < 1.0)).any(axis=1)
    pair_seats = np.flatnonzero(pairs)
    if pair_seats.size:
        order = np.sort(np.where(candidate[pair_seats], np.arange(n_parties), n_parties), axis=1)
        first, second = order[:, 0], order[:, 1]
        threshold = values[pair_seats, second] - values[pair_seats, first]
        keys = np.stack((group[pair_seats], first, second), axis=1)
        unique, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.ravel()
        by_key = np.lexsort((threshold, inverse))
        sizes = np.bincount(inverse, minlength=len(unique))
        ends = np.cumsum(sizes)
        sorted_limits = threshold[by_key]
        for index, (area, party_a, party_b) in enumerate(unique):
            limits = sorted_limits[ends[index] - sizes[index] : ends[index]]
            difference = change[:, area, party_a] - change[:, area, party_b]
            wins_a = np.searchsorted(limits, difference, side="right")
            counts[:, party_a] += wins_a
            counts[:, party_b] += limits.size - wins_a
    paired = np.zeros(base.shape[0], dtype=bool)
    paired[pair_seats] = True
    rest = np.flatnonzero(~(single | paired))
    if rest.size:
        _, rest_counts = additive_batch_winners(
            base[rest],
            stood[rest],
            group[rest],
            base_area,
            target_area,
            best=None if best is None else best[rest],
        )
        counts += rest_counts
    return counts


def loss_weight(
    base_area: FloatArray, target_area: FloatArray, low: float, high: float
) -> FloatArray:
    """Weight of proportional (vs uniform) loss per area and party: a ramp in relative loss.

    ``lambda = clip((r - low) / (high - low), 0, 1)`` with ``r = 1 - target/base`` (0 for a
    party that does not lose): a party losing a small fraction of its vote loses it evenly
    (uniform swing); one losing a large fraction loses in proportion to its share (transition).
    """
    safe = np.where(base_area > EPSILON, base_area, 1.0)
    relative = np.where(base_area > EPSILON, np.clip(1.0 - target_area / safe, 0.0, 1.0), 0.0)
    width = max(high - low, EPSILON)
    return np.asarray(np.clip((relative - low) / width, 0.0, 1.0))


def adaptive_transition_swing(
    base: FloatArray,
    stood: BoolArray,
    group: IntArray,
    base_area: FloatArray,
    target_area: FloatArray,
    low: float = 0.25,
    high: float = 0.5,
) -> FloatArray:
    """Adaptive transition: losses between uniform and proportional by how much a party loses.

    A losing party's loss in seat ``k`` of area ``a`` is
    ``lambda_a d_a s_k / B_a + (1 - lambda_a) d_a`` (``d_a = B_a - T_a``; ``lambda`` from
    :func:`loss_weight`), clipped so nothing goes below 0; gainers take the released votes as
    in :func:`transition_swing`. ``lambda = 1`` everywhere is the transition model; ``lambda
    = 0`` is uniform swing for losers, with gains spread by released votes.
    """
    weight = loss_weight(base_area, target_area, low, high)
    loss = np.maximum(base_area - target_area, 0.0)
    relative = np.where(
        base_area > EPSILON, loss / np.where(base_area > EPSILON, base_area, 1.0), 0.0
    )
    # kept = max(base - w * base * relative - (1 - w) * uniform loss, 0) seat by seat, as
    # max(base * (1 - w * relative) - (1 - w) * loss, 0): the two factors are area-level, so a
    # batch gathers two arrays of its size and makes three passes over them. (The uniform
    # loss needs no mask where the base is 0: the clip at 0 settles those.) Area-level numbers
    # stay float64; the seat arrays take the seat shares' type (float32 in the national
    # model's batch filter, NationalModel.batch_winners).
    dtype = base.dtype
    keep_factor = (1.0 - weight * relative).astype(dtype, copy=False)
    uniform_loss = ((1.0 - weight) * loss).astype(dtype, copy=False)
    kept = np.take(keep_factor, group, axis=-2)
    kept *= base
    kept -= np.take(uniform_loss, group, axis=-2)
    np.maximum(kept, 0.0, out=kept)
    raw = _redistribute(base, kept, group, base_area, target_area)
    return finish_shares(raw, stood, base)
