"""High-level projection: a base election plus target shares -> a projected :class:`Election`."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.errors import InvalidSharesError, ShareWarning
from psephos.model import Election, night_of, projected_names_of
from psephos.numbers import format_number, listed, rounded
from psephos.projection import core
from psephos.projection.base import ProjectionBase, prepare, seat_labels
from psephos.projection.concentration import (
    concentration_notes,
    out_of_reach_notes,
    point_for_point_notes,
    zeroed_group_notes,
)
from psephos.projection.defaults import DEFAULT_MODEL
from psephos.projection.inputs import (
    SharePolicy,
    area_label,
    area_targets,
    areas_apart_given,
    check_target_rows,
    poll_label,
    read_poll,
)
from psephos.projection.models import MODELS, SwingModel, get_model
from psephos.projection.shape import uncovered_seats_note

FloatArray = npt.NDArray[np.float64]


@lru_cache(maxsize=32)
def prepared(election: Election, level: str, include_ni: bool = False) -> ProjectionBase:
    """:func:`~psephos.projection.base.prepare` cached per (election, level, NI) for reuse."""
    return prepare(election, level, include_ni=include_ni)


_FITTED: dict[tuple[int, int], tuple[SwingModel, Election, SwingModel]] = {}


def _fitted_for(model: SwingModel, election: Election) -> SwingModel:
    from psephos.projection.covariate import history_before

    key = (id(model), id(election))
    hit = _FITTED.get(key)
    if hit is not None and hit[0] is model and hit[1] is election:
        return hit[2]
    fitted = model.fitted(history_before(election))
    if len(_FITTED) > 64:
        _FITTED.clear()
    _FITTED[key] = (model, election, fitted)
    return fitted


def fitted_model(model: str | SwingModel, base: Election) -> SwingModel:
    """The model with any parameters fitted on bundled elections no later than ``base``.

    A model object that is already fitted (non-empty ``fitted_on``) is used as it is.
    """
    resolved = get_model(model)
    already_fitted = bool(getattr(resolved, "fitted_on", ()))
    if already_fitted or not getattr(resolved, "fits_history", False):
        return resolved
    return _fitted_for(resolved, base)


@dataclass(frozen=True, slots=True, eq=False)
class Projection:
    """A projection and what it changes.

    Attributes:
        base: The election projected from.
        election: The projected election (same type as a real one; votes = shares x base turnout).
        model: Name of the swing model.
        areas: Names of the target areas (the model's geography).
        target: Area target shares, ``areas x parties`` (fractions).
        shares: Projected per-seat shares, seats x parties.
        sub_polls: The regions' and nations' own shares (fractions, parties-long) that a model
            taking sub-polls itself (``national``) applied beside ``target``'s national poll.
        best_candidate: The part of each column its best candidate holds where a column is
            several candidates (:attr:`~psephos.projection.base.ProjectionBase.best_candidate`),
            or ``None``.
    """

    base: Election
    election: Election
    model: str
    areas: tuple[str, ...]
    target: FloatArray
    shares: FloatArray
    sub_polls: tuple[tuple[str, FloatArray], ...] = ()
    best_candidate: FloatArray | None = None

    def contest_shares(self) -> FloatArray:
        """Seats x parties projected shares of each party's strongest candidate, what a seat's
        contest is decided on (as :meth:`~psephos.model.Election.contest_shares` for a result):
        :attr:`shares`, each column scaled to its best candidate's part of it, so two
        Independents stay two candidates (what a forecast simulates around)."""
        if self.best_candidate is None:
            return self.shares
        return np.asarray(self.shares * self.best_candidate, dtype=np.float64)

    def __repr__(self) -> str:
        """A line, not every array: the model, the base and the seats won, most first
        (``Projection(model='uniform', base='2024', seats={'Lab': 380, 'Con': 150, ...})``)."""
        won = sorted(((n, p) for p, n in self.seats().items() if n), key=lambda x: -x[0])
        return (
            f"Projection(model={self.model!r}, base={self.base.id!r}, "
            f"seats={ {party: n for n, party in won} })"
        )

    def seats(self) -> dict[str, int]:
        """Projected seats per party (every party listed)."""
        return self.election.seats_won()

    def changes(self) -> list[dict[str, Any]]:
        """Gains/losses table: seats before and after, net change, gains and losses per party,
        counted as ``psephos results`` counts a result's (:func:`psephos.results.changes_of_hands`:
        a seat with no result, no votes for its candidates, is no party's before or after)."""
        from psephos.results import changes_of_hands

        gains: Counter[str] = Counter()
        losses: Counter[str] = Counter()
        for (now, then), seats in changes_of_hands(self.election, self.base).items():
            gains[now] += seats
            losses[then] += seats
        before, after = self.base.seats_won(), self.election.seats_won()
        rows = [
            {
                "party": party,
                "base_seats": before[party],
                "seats": after[party],
                "change": after[party] - before[party],
                "gains": gains[party],
                "losses": losses[party],
            }
            for party in self.base.parties
            if before[party] or after[party]
        ]
        return sorted(rows, key=lambda row: -row["seats"])

    def summary(self) -> dict[str, Any]:
        """Model, area target shares (percent, parties above 0) and seats: the JSON block every
        command that projects a poll prints, so their answers can be compared. The national
        area is named as the country names it (:func:`~psephos.projection.base.seat_labels`);
        the sub-polls a ``national`` projection applied follow it."""
        rows = [*zip(self.areas, self.target, strict=True), *self.sub_polls]
        return {
            "model": self.model,
            "target_shares": {
                area: {
                    party: round(float(value) * 100, 2)
                    for party, value in zip(self.base.parties, row, strict=True)
                    if value > 0
                }
                for area, row in rows
            },
            "seats": {party: n for party, n in self.seats().items() if n},
        }

    def seat_rows(self, *, changed_only: bool = False) -> list[dict[str, Any]]:
        """Per seat: code, name, region, base and projected winner (each code with its label
        beside it: ``base_winner_label`` as the base names it, "Brexit Party" in 2019, and
        ``winner_label`` as the projected election does, "Reform UK" from 2019), majority and
        shares (%)."""
        parties = self.base.parties
        rows = []
        order = np.sort(self.shares, axis=1)
        for position, seat in enumerate(self.election.constituencies):
            before = parties[int(self.base.winner[position])]
            after = parties[int(self.election.winner[position])]
            if changed_only and before == after:
                continue
            row: dict[str, Any] = {
                "code": seat.code,
                "name": seat.name,
                "region": seat.region,
                "base_winner": before,
                "base_winner_label": self.base.label(before),
                "winner": after,
                "winner_label": self.election.label(after),
                "majority_pct": rounded(float(order[position, -1] - order[position, -2]) * 100, 2),
            }
            for index, party in enumerate(parties):
                if self.shares[:, index].any():
                    row[f"{party}_pct"] = round(float(self.shares[position, index]) * 100, 2)
            rows.append(row)
        return rows


def project(
    base: Election,
    national: Mapping[str, float] | str | None = None,
    *,
    areas: Mapping[str, Mapping[str, float]] | None = None,
    model: str | SwingModel = DEFAULT_MODEL,
    candidates: Mapping[str, Sequence[str]]
    | Mapping[str, Sequence[tuple[str, str]]]
    | npt.ArrayLike
    | None = None,
    policy: SharePolicy = "fill",
    rebase: bool | None = None,
    shape: npt.ArrayLike | None = None,
    recommended: npt.ArrayLike | None = None,
) -> Projection:
    """Project a base election to new national and/or per-area shares.

    Args:
        base: The election to project from (e.g. ``psephos.load("2019-notional-2024")``).
        national: Great Britain shares as a mapping (``{"Lab": 35, "Con": 24}``) or a poll string
            (``"Lab 35 Con 24 Reform 15"``), read by :func:`~psephos.projection.read_poll`
            (a sum above 100% is an error unless ``policy`` is ``"rescale"``; below, see
            ``policy``). Shares summing to at most
            1.5 are fractions (``"Reform 1"`` is Reform on 100%, 1% is ``0.01``), with a
            :class:`~psephos.errors.ShareWarning` saying so unless they are a whole poll of
            fractions (:mod:`psephos.projection.inputs`).
        areas: Shares per region or nation (``{"Scotland": {...}, "London": {...}}``); areas not
            given are derived from their nation or from ``national``. Giving ``Northern Ireland``
            projects NI seats too; otherwise they keep their base result.
        model: A registered model name (:data:`~psephos.projection.MODELS`) or a model object;
            fitted models are fitted on bundled elections no later than ``base``. Default:
            :data:`~psephos.projection.DEFAULT_MODEL`, the default of every command and page.
        candidates: This time's candidates: ONS code -> party codes, or ONS code ->
            ``(candidate name, party)`` pairs (see
            :func:`~psephos.projection.candidates.bundled_candidates` and
            :func:`~psephos.io.candidates.read_candidates_csv`), or a seats x parties
            mask. A party not standing gets exactly 0; with names, the ``adaptive-incumbency``
            model sees open seats and first-term MPs. Default: whoever had votes last time.
        policy: What to do when shares do not sum to 100 (``"fill"``, ``"rescale"``, ``"error"``).
        rebase: With ``candidates``, start from the candidate-adjusted base (entrants get an
            imputed share, stand-downs keep their area vote elsewhere;
            :mod:`psephos.projection.candidates`); ``False`` only zeroes absent parties.
            Default: re-base lists given as a mapping (code -> parties or names), not a raw
            seats x parties mask.
        shape: Seat-level shares to apply the poll to, seats x parties on ``base``'s seats (NaN
            rows keep the base), e.g. a published MRP's estimates
            (:func:`~psephos.projection.shape.load_shape`). Models that take one: ``national``.
        recommended: Tactical-voting sites' recommendations, seats x parties share of sites
            recommending each party (:func:`~psephos.projection.national.read_recommendations`):
            the ``national`` model's consolidation term behind them (off with a shape).

    Returns:
        A :class:`Projection`; ``.election`` is a full :class:`~psephos.model.Election`.

    Raises:
        InvalidSharesError: shares the poll reader refuses, or a base whose every seat is one
            a Great Britain poll leaves alone (Northern Ireland's, without their shares).
    """
    resolved = fitted_model(model, base)
    if shape is not None or recommended is not None:
        resolved = _with_inputs(resolved, base, shape=shape, recommended=recommended)
    if national is not None:
        national = read_poll(
            national,
            label=poll_label(base),
            parties=base.parties,
            # a renamed party's note names it as the projection's rows do (Reform UK from 2019)
            election_id=projected_names_of(base.labels_id),
            policy=policy,
        )
    include_ni = areas_apart_given(base, areas)
    if candidates is None:
        prepared_base = prepared(base, resolved.level, include_ni)
    else:
        features = None
        if isinstance(candidates, Mapping):
            from psephos.projection.candidates import incumbency_features, split_candidates

            _, named = split_candidates(base, candidates)
            if named is not None:
                features = incumbency_features(base, named)[0]
        prepared_base = prepare(
            base,
            resolved.level,
            include_ni=include_ni,
            candidates=candidates,
            rebase=rebase,
            incumbency=features,
        )
    if not prepared_base.active.any():
        raise InvalidSharesError(_nothing_to_project(base))
    target, unused, derived = area_targets(
        prepared_base, national, areas, derive=resolved.derive, policy=policy
    )
    if areas and hasattr(resolved, "with_area_shares"):
        # A national-level model that takes sub-polls itself (the ``national`` model): the
        # national poll is left unused only where every region has a sub-poll.
        resolved = resolved.with_area_shares(prepared_base, areas, policy=policy)
        from psephos.jurisdictions import national_area as national_area_of

        national_area = national_area_of(base)
        every_region = resolved.fixes_every_region(prepared_base) and national_area not in derived
        unused = (national_area,) if every_region else ()
    notes = derived_area_notes(prepared_base, target, derived)
    notes += unused_area_notes(prepared_base, resolved, unused, poll=national is not None)
    if shape is not None:
        notes += uncovered_seats_note(base, np.asarray(shape), prepared_base.active)
    for note in notes:
        warnings.warn(note, ShareWarning, stacklevel=2)
    shares = resolved.project(prepared_base, prepared_base.effective_target(target))
    if national is not None:  # a share no nation could hold (the SNP at 35% of GB): capped
        for note in out_of_reach_notes(prepared_base, national, shares):
            warnings.warn(note, ShareWarning, stacklevel=2)
        # a party standing in few seats moved there by its national change (the Bloc, uniform)
        own = {area_label(prepared_base, str(name)) for name in areas or {}}
        for note in point_for_point_notes(prepared_base, resolved, national, target, shares, own):
            warnings.warn(note, ShareWarning, stacklevel=2)
    if prepared_base.target_scale is not None:  # someone stands down: a party in few seats?
        for note in concentration_notes(prepared_base, target, shares):
            warnings.warn(note, ShareWarning, stacklevel=2)
    votes = shares * np.asarray(base.valid_votes)[:, None]
    # the projected election is the next one: its parties named as that election names them
    # (Reform UK from 2019 or its notional 2024 result), as a forecast and an exit poll do
    night = night_of(base.labels_id)
    election = base.with_votes(
        votes,
        election_id=f"{base.id}-projected",
        name=f"Projection from {base.source_name} ({resolved.name})",
        meta={"labels_of": night} if night is not None else None,
        # the winner of a seat is its winning candidate, as in the base (two Independents apart)
        contest=prepared_base.best_candidate,
    )
    if national is not None or areas:  # an Independent's seat the poll leaves nothing for
        for note in zeroed_group_notes(prepared_base, target, election):
            warnings.warn(note, ShareWarning, stacklevel=2)
    if national is not None:  # the parties the poll left out, whose seats that moved
        for note in unnamed_party_notes(base, election, national, areas, policy=policy):
            warnings.warn(note, ShareWarning, stacklevel=2)
    return Projection(
        base=base,
        election=election,
        model=resolved.name,
        areas=prepared_base.areas,
        target=target[:-1],
        shares=shares,
        sub_polls=tuple(
            (area, np.asarray(values, dtype=np.float64))
            for area, values in getattr(resolved, "area_shares", ())
        ),
        best_candidate=prepared_base.best_candidate,
    )


def _nothing_to_project(base: Election) -> str:
    """Why a poll moves no seat of ``base``: no votes were cast in any seat, or every seat is
    outside the main area (in a nation apart,
    :attr:`~psephos.jurisdictions.Jurisdiction.nations_apart`: Northern Ireland), the
    Speaker's or won unopposed."""
    from psephos.jurisdictions import of

    if not float(np.asarray(base.valid_votes).sum()) > 0:
        return (
            f"{base.name} has no votes cast in any seat (every seat won unopposed, or its votes "
            "left out), so there are no shares for a swing model to move."
        )
    apart = listed(of(base).nations_apart)
    if not apart:
        return (
            f"Every seat of {base.name} is the Speaker's or won unopposed, which no swing "
            "model moves."
        )
    return (
        f"Every seat of {base.name} is in {apart} (or the Speaker's), which the "
        f"{poll_label(base)} do not move; give {apart}'s shares as a sub-poll (--by-region) "
        "instead."
    )


def _usable_areas(election: Election, model: SwingModel) -> frozenset[str]:
    """The area labels whose shares ``model`` can use on ``election``: the areas of its level,
    the nations it derives them from, and, for a model that takes sub-polls itself (the
    ``national`` model), the regions and nations."""
    if hasattr(model, "with_area_shares"):
        levels: tuple[str, ...] = ("national", "region")
    elif model.level == "national":
        levels = ("national",)
    else:
        levels = ("national", "nation", model.level)
    return frozenset(str(label) for level in levels for label in set(seat_labels(election, level)))


def derived_area_notes(
    base: ProjectionBase, target: FloatArray, derived: Mapping[str, Sequence[str]]
) -> list[str]:
    """A note for each area whose shares were made from those of the areas within it
    (:func:`~psephos.projection.inputs.area_targets`: Great Britain's from every nation or
    region, with no poll), naming them, how they were weighted and the shares made."""
    election = base.election
    notes = []
    for area, within in derived.items():
        row = target[base.areas.index(area)]
        shares = ", ".join(
            f"{election.parties[index]} {format_number(float(row[index]) * 100, '.1f')}"
            for index in np.argsort(-row, kind="stable")
            if row[index] > 0
        )
        notes.append(
            f"The {area} shares are made from the area shares of {', '.join(within)} (every "
            f"area within it), each weighted by its valid votes in {election.id}: {shares}."
        )
    return notes


def unnamed_party_notes(
    base: Election,
    projected: Election,
    national: Mapping[str, float],
    areas: Mapping[str, Mapping[str, float]] | None = None,
    *,
    policy: SharePolicy = "fill",
) -> list[str]:
    """A note naming every party the poll (``national``, as
    :func:`~psephos.projection.read_poll` returns it: the parties named) and the area shares
    do not name whose seats differ from the base's: their shares are the fill's
    (:func:`~psephos.projection.inputs.share_vector`), not the user's, so leaving a party out
    can cut it (a GB poll of 95% without the SNP leaves it 1.9% of Great Britain and 1 seat of
    its 9 in 2024) or hand Independents and ``Other`` seats they did not hold (a 2019 one-off
    vote filled up to a national share). The note says how each such party's seats move, the
    rest of the poll they were filled from, and to name a party to set its share. A poll's
    ``Others`` is shared among ``Other`` and the parties not named
    (:func:`~psephos.projection.inputs.share_vector`): the note says so, ``Other`` among them.
    A poll of 100% without Others fills nothing: the parties left out have no share, and
    Independents and ``Other`` losing their seats so are
    :func:`~psephos.projection.concentration.zeroed_group_notes`' to name. No note when no
    such party's seats move."""
    given = set(national).union(*(areas or {}).values())
    left_out = [column for column, party in enumerate(base.parties) if party not in given]
    if not left_out:  # a poll naming every party (a batch of scenarios' hot path): no count
        return []
    from psephos.numbers import in_percent
    from psephos.projection.inputs import OTHERS

    table = base.cached("projection.unnamed_party_seats", lambda: _UnnamedSeats.of(base))
    percent = in_percent(national)
    total = sum(percent.values())
    filled = policy == "fill" and total < 100.0 - 1e-9
    # a poll's Others are every party it does not name: shared among them and Other, unless
    # every party with a share to take them is named (then Other keeps its own share, as
    # share_vector gives it)
    others = float(percent.get(OTHERS, 0.0)) if OTHERS in base.parties else 0.0
    if others > 0 and any(table.takes_others[column] for column in left_out):
        left_out.append(base.parties.index(OTHERS))
    else:
        others = 0.0
    unnamed = [
        column
        for column in left_out
        if column not in table.kept and (filled or others > 0 or column not in table.groups)
    ]
    # the seats are counted only where such a party wins a seat before or after
    if not unnamed:
        return []
    won_after = np.bincount(projected.winner, minlength=len(base.parties))
    if not (table.won_before[unnamed].any() or won_after[unnamed].any()):
        return []
    # seats per party as :meth:`~psephos.model.Election.seats_won` counts them; a projection
    # (votes = shares x the base's valid votes) has no result exactly where its base has none
    before = table.before
    after = np.bincount(projected.winner[table.counted], minlength=len(base.parties))
    moved = [column for column in unnamed if before[column] != after[column]]
    if not moved:
        return []
    seats = listed(
        [
            f"{projected.label(base.parties[column])} from {before[column]} to {after[column]}"
            for column in moved
        ]
    )
    shared = [f"the {format_number(100.0 - total, '.1f')}% it leaves"] if filled else []
    if others > 0:
        shared.append(f"its Others' {format_number(others, '.1f')}% with Other")
    if shared:
        how = f"share {listed(shared)} in proportion to their base shares"
    else:
        how = "get no share (the poll leaves nothing for them)"
    return [
        f"The parties the poll does not name {how}, not as a poll would give them; their "
        f"seats from the base: {seats}. Name a party with its share to set it."
    ]


@dataclass(frozen=True, slots=True)
class _UnnamedSeats:
    """What :func:`unnamed_party_notes` reads of a base election, worked out once per base
    (:meth:`~psephos.model.Election.cached`): the columns it never names (the Speaker's seat
    is held, never swung; Northern Ireland's parties have no share of a GB poll to fill),
    the candidate groups' columns (Independents, ``Other``), the seats with a result, the
    seats each party won there (as :meth:`~psephos.model.Election.seats_won` counts them),
    whether it won any seat at all, and whether, left out of a poll, it takes a part of the
    poll's Others (a party not kept, other than ``Other``, with votes at the base)."""

    kept: frozenset[int]
    groups: frozenset[int]
    counted: npt.NDArray[np.bool_]
    before: npt.NDArray[np.int64]
    won_before: npt.NDArray[np.bool_]
    takes_others: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, base: Election) -> _UnnamedSeats:
        """The table of ``base``."""
        from psephos.jurisdictions import of
        from psephos.model import CANDIDATE_GROUPS
        from psephos.projection.inputs import OTHERS

        country = of(base)
        kept = {country.parliament.speaker_party, *country.parties_apart}
        counted = ~base.no_result()
        size = len(base.parties)
        before = np.bincount(base.winner[counted], minlength=size)
        won_before = np.bincount(base.winner, minlength=size) > 0
        takes_others = np.array(
            [
                party not in kept and party != OTHERS and total > 0
                for party, total in zip(
                    base.parties, np.asarray(base.votes).sum(axis=0).tolist(), strict=True
                )
            ],
            dtype=bool,
        )
        for array in (counted, before, won_before, takes_others):
            array.setflags(write=False)
        return cls(
            kept=frozenset(i for i, party in enumerate(base.parties) if party in kept),
            groups=frozenset(
                i for i, party in enumerate(base.parties) if party in CANDIDATE_GROUPS
            ),
            counted=counted,
            before=before,
            won_before=won_before,
            takes_others=takes_others,
        )


def unused_area_notes(
    base: ProjectionBase, model: SwingModel, unused: Sequence[str], *, poll: bool = True
) -> list[str]:
    """Notes naming the sub-polls a projection left out (``unused``, as
    :func:`~psephos.projection.inputs.area_targets` finds them) and why: the model works at a
    coarser level (with the registered models that would use them), or every area within the
    sub-poll's own has shares of its own. The national shares (the national area's name,
    :func:`~psephos.jurisdictions.national_area`, in ``unused``) get a note of their
    own naming where they came from (the ``poll``, else the area shares' row for the whole
    country) and what was used. No notes when nothing was left out."""
    if not unused:
        return []
    from psephos.jurisdictions import national_area

    election = base.election
    national = national_area(election)
    notes = []
    if national in unused:
        given = "the poll" if poll else f"the area shares' {national} row"
        notes.append(
            f"The {national} shares ({given}) were not used: every area of the {model.name} "
            "model has shares of its own in the area shares, and the projection follows them."
        )
        unused = [area for area in unused if area != national]
    usable = _usable_areas(election, model)
    coarse = [area for area in unused if area not in usable]
    covered = [area for area in unused if area in usable]
    if coarse:
        own = list(base.areas)
        how = (
            f"it swings {own[0]} as one area"
            if len(own) == 1
            else f"its areas are {', '.join(own)}"
        )
        users = sorted(  # the default model first, then the registry's order
            (
                name
                for name in MODELS
                if all(area in _usable_areas(election, get_model(name)) for area in coarse)
            ),
            key=lambda name: name != DEFAULT_MODEL,
        )
        notes.append(
            f"The {model.name} model does not use the {', '.join(coarse)} shares ({how}); "
            f"models that use them: {', '.join(users)}."
        )
    if covered:
        notes.append(
            f"The {', '.join(covered)} shares were not used: every area within "
            f"{'it' if len(covered) == 1 else 'them'} has shares of its own."
        )
    return notes


def _with_inputs(
    model: SwingModel,
    base: Election,
    *,
    shape: npt.ArrayLike | None,
    recommended: npt.ArrayLike | None,
) -> SwingModel:
    """``model`` with a seat shape and/or tactical-voting recommendations (seats x parties).

    Raises:
        InvalidSharesError: a model that takes neither, or an array of the wrong size.
    """
    with_inputs = getattr(model, "with_inputs", None)
    if with_inputs is None:
        what = "A seat shape needs" if shape is not None else "Recommendations need"
        raise InvalidSharesError(
            f"{what} the national model (--model national); {model.name!r} takes none."
        )
    arrays: dict[str, Any] = {}
    for name, given in (("shape", shape), ("recommended", recommended)):
        if given is None:
            continue
        array = np.asarray(given, dtype=np.float64)
        if array.shape != np.shape(base.votes):
            label = "A seat shape" if name == "shape" else "The recommendations"
            raise InvalidSharesError(
                f"{label} must be seats x parties {np.shape(base.votes)} on {base.id}; "
                f"got {array.shape}."
            )
        arrays[name] = array
    return with_inputs(**arrays)


def _batch_targets(prepared_base: ProjectionBase, targets: npt.ArrayLike) -> FloatArray:
    """Batch targets, ``(scenarios, n_areas, parties)`` or ``(scenarios, parties)`` for one
    area, checked (:func:`~psephos.projection.inputs.check_target_rows`) and with the frozen
    row appended (:meth:`~psephos.projection.base.ProjectionBase.extend`).

    Raises:
        InvalidSharesError: the wrong shape, or a row that is not fractions summing to 1.
    """
    array = np.asarray(targets, dtype=np.float64)
    one_area = array.ndim == 2
    if one_area:
        array = array[:, None, :]
    extended = prepared_base.extend(array)
    check_target_rows(array, prepared_base.areas, one_area=one_area)
    return extended


def project_batch(
    base: Election,
    targets: npt.ArrayLike,
    *,
    model: str | SwingModel = DEFAULT_MODEL,
    chunk: int | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int16]]:
    """Project many scenarios at once and count seats.

    Args:
        base: The base election.
        targets: Area target shares ``(scenarios, n_areas, parties)`` at the model's level (for
            national models ``n_areas`` is 1: Great Britain), or ``(scenarios, parties)`` for a
            single-area level. Fractions summing to 1 in each row (no policy fills a short
            row or reads percentages here: such a row is refused).
        model: Model name or object.
        chunk: Scenarios per vectorised block (bounds memory; default 4096 for additive
            models, 64 for models with a ``batch_winners`` path such as ``national`` and for
            the others, which build full share arrays).

    Returns:
        Seats per party ``(scenarios, parties)`` and winners ``(scenarios, seats)``.

    Raises:
        InvalidSharesError: targets of the wrong shape, or a row that is not fractions of at
            least 0 summing to 1 (percentages, a short row), naming the first.
    """
    resolved = fitted_model(model, base)
    prepared_base = prepared(base, resolved.level)
    extended = _batch_targets(prepared_base, targets)
    n_scenarios = extended.shape[0]
    n_parties = len(base.parties)
    winner = np.empty((n_scenarios, base.n_seats), dtype=np.int16)
    counts = np.empty((n_scenarios, n_parties), dtype=np.int64)
    batch_winners = getattr(resolved, "batch_winners", None)
    if batch_winners is not None:
        winner[:] = batch_winners(prepared_base, extended, *(() if chunk is None else (chunk,)))
        for start in range(0, n_scenarios, 4096):
            chosen = winner[start : start + 4096].astype(np.intp)
            counts[start : start + chosen.shape[0]] = core.seat_counts(chosen, n_parties)
        return counts, winner
    additive = getattr(resolved, "rule", None) is core.uniform_swing
    if chunk is None:
        chunk = 4096 if additive else 64
    for start in range(0, n_scenarios, chunk):
        block = extended[start : start + chunk]
        stop = start + block.shape[0]
        if additive:
            winner[start:stop], counts[start:stop] = core.additive_batch_winners(
                prepared_base.shares,
                prepared_base.stood,
                prepared_base.group,
                prepared_base.base_area,
                block,
                best=prepared_base.best_candidate,
            )
        else:
            shares = resolved.project(prepared_base, block)
            winner[start:stop] = prepared_base.winners(shares)
            counts[start:stop] = core.seat_counts(winner[start:stop].astype(np.intp), n_parties)
    return counts, winner


def batch_seats(
    base: Election,
    targets: npt.ArrayLike,
    *,
    model: str | SwingModel = DEFAULT_MODEL,
    chunk: int | None = None,
) -> npt.NDArray[np.int64]:
    """Seats per party for many scenarios ``(scenarios, parties)``; see :func:`project_batch`.

    Additive (uniform-swing) models use :func:`psephos.projection.core.additive_batch_seats`,
    which counts seats without building per-seat winners; other models count the winners of
    :func:`project_batch`.

    Raises:
        InvalidSharesError: as :func:`project_batch` (a row of percentages, a short row).
    """
    resolved = fitted_model(model, base)
    if getattr(resolved, "rule", None) is not core.uniform_swing:
        return project_batch(base, targets, model=resolved, chunk=chunk)[0]
    prepared_base = prepared(base, resolved.level)
    extended = _batch_targets(prepared_base, targets)
    return core.additive_batch_seats(
        prepared_base.shares,
        prepared_base.stood,
        prepared_base.group,
        prepared_base.base_area,
        extended,
        best=prepared_base.best_candidate,
    )


def base_area_shares(base: Election, level: str = "national") -> dict[str, dict[str, float]]:
    """The base election's area shares at a level (what a zero-swing target looks like), over
    the main area of its country (Northern Ireland's seats are left out, as a poll leaves
    them)."""
    prepared_base = prepared(base, level, False)
    return {
        area: dict(zip(base.parties, map(float, prepared_base.base_area[row]), strict=True))
        for row, area in enumerate(prepared_base.areas)
    }


def base_national_shares(base: Election) -> dict[str, float]:
    """The base election's shares over the area a national poll of its country covers (Great
    Britain, Canada; :func:`base_area_shares` of the national area): what a poll at zero
    swing gives."""
    from psephos.jurisdictions import national_area

    return base_area_shares(base)[national_area(base)]
