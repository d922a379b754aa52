"""Where the share of a party standing in few seats goes: a note for the user (and one for a
party polled above what the seats where it stands could give it, :func:`out_of_reach_notes`,
and one for a party whose national change a model applies point for point in the few seats
where it stands, :func:`point_for_point_notes`).

A party that stands down in some seats of an area keeps its area vote in the others (the
stand-down rule, :meth:`psephos.projection.base.ProjectionBase.effective_target`, up to
:data:`~psephos.projection.base.STAND_DOWN_CAP` times its share). A party that stands down
almost everywhere (the Greens in every English seat) then carries its whole poll share into a
few seats, which can win it seats a reader does not expect; the rule is kept, and
:func:`concentration_notes` says what it did (docs/methodology/projection-candidates.md).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from psephos.numbers import first_listed, format_number, percent_factor
from psephos.projection.base import STAND_DOWN_CAP, ProjectionBase
from psephos.projection.inputs import OTHERS

if TYPE_CHECKING:
    from psephos.model import Election
    from psephos.projection.models import SwingModel

#: A party with a share in the poll that stands in fewer than this fraction of the seats where
#: it stood last time gets a note (:func:`concentration_notes`).
FEW_SEATS = 0.25


@dataclass(frozen=True, slots=True)
class FewSeats:
    """A party with a share in the poll standing in few of the seats where it stood last time
    (:func:`few_seats`): where its share goes. Shares are fractions, vote-weighted over the
    seats projected.

    Attributes:
        party: Its code.
        standing: Seats projected where it stands now.
        stood: Seats projected where it stood last time.
        poll: Its share of the poll (the area targets, over the seats projected).
        concentrated: Whether the stand-down rule raises its target where it still stands
            (in some area it stands in part of; a model's area where it stands nowhere has
            nowhere to move it to).
        mean: Its projected share where it stands.
        last: Its share there last time (the candidate-adjusted base).
        top: Its largest projected share, in ``top_seat`` (a name).
        overall: Its projected share of all the seats projected.
    """

    party: str
    standing: int
    stood: int
    poll: float
    concentrated: bool
    mean: float
    last: float
    top: float
    top_seat: str
    overall: float


def few_seats(base: ProjectionBase, target: npt.ArrayLike, shares: npt.ArrayLike) -> list[FewSeats]:
    """The parties with a share in the poll (``target``, area targets with the frozen row)
    standing in under :data:`FEW_SEATS` of the seats projected where they stood last time,
    and where their share goes in the projection (``shares``, seats x parties). Empty
    without stand-downs (no ``target_scale``)."""
    if base.target_scale is None:
        return []
    election = base.election
    active = base.active
    weights = base.weights[active]
    projected = np.asarray(shares, dtype=np.float64)[active]
    poll = weights @ np.asarray(target, dtype=np.float64)[base.group[active]] / weights.sum()
    stood_before = np.asarray(election.votes)[active] > 0
    standing = base.stood[active]
    seat_rows = np.flatnonzero(active)
    found = []
    for column, party in enumerate(election.parties):
        before, now = int(stood_before[:, column].sum()), int(standing[:, column].sum())
        if poll[column] <= 0 or not now or now >= FEW_SEATS * before:
            continue
        seats = standing[:, column]
        areas = np.unique(base.group[active][seats])
        top = int(np.flatnonzero(seats)[projected[seats, column].argmax()])
        found.append(
            FewSeats(
                party=party,
                standing=now,
                stood=before,
                poll=float(poll[column]),
                concentrated=bool((base.target_scale[areas, column] > 1.0).any()),
                mean=float(weights[seats] @ projected[seats, column] / weights[seats].sum()),
                last=float(weights[seats] @ base.shares[active][seats, column])
                / float(weights[seats].sum()),
                top=float(projected[top, column]),
                top_seat=election.constituencies[int(seat_rows[top])].name,
                overall=float(weights @ projected[:, column] / weights.sum()),
            )
        )
    return found


def few_seats_note(found: FewSeats, area: str) -> str:
    """A ``note:`` line saying where the share of a party standing in few seats went
    (:class:`FewSeats`); ``area`` names the poll's area ("Great Britain", "the file's area":
    :func:`psephos.jurisdictions.national_area_words`)."""
    share = format_number(found.poll, ".1%")
    if found.concentrated:
        how = (
            f", so its share of {area} ({share}) is concentrated in them (the stand-down rule, up "
            f"to {format_number(STAND_DOWN_CAP, 'g')} times its share where it stood down): there"
        )
    else:
        how = (
            f"; in the model's areas where it stands nowhere its share of {area} ({share}) goes to "
            "the parties standing there: where it stands"
        )
    return (
        f"{found.party} stands in {found.standing} of the {found.stood} projected seats it "
        f"stood in last time{how} it averages {format_number(found.mean, '.1%')}, against "
        f"{format_number(found.last, '.1%')} last time, and reaches "
        f"{format_number(found.top, '.1%')} in {found.top_seat}; over all the seats projected "
        f"it has {format_number(found.overall, '.1%')}."
    )


def concentration_notes(
    base: ProjectionBase, target: npt.ArrayLike, shares: npt.ArrayLike
) -> list[str]:
    """The notes of the parties with a share in the poll that stand in few of the seats where
    they stood last time (:func:`few_seats`, :func:`few_seats_note`): a projection prints
    them, so a user sees why such a party's share is high where it stands."""
    from psephos.jurisdictions import national_area_words

    area = national_area_words(base.election)
    return [few_seats_note(found, area) for found in few_seats(base, target, shares)]


@dataclass(frozen=True, slots=True)
class OutOfReach:
    """A party whose national poll share is more than it could win standing only where it
    stands (:func:`out_of_reach`): the SNP at 35% of Great Britain, whose Scottish seats
    cast under a tenth of Great Britain's votes. Shares are fractions of the votes of the
    seats projected.

    Attributes:
        party: Its code.
        poll: Its share in the poll.
        ceiling: The share of the votes cast in the seats where it stands: all it could win.
        projected: Its projected share, which the seats where it stands cap.
    """

    party: str
    poll: float
    ceiling: float
    projected: float


def out_of_reach(
    base: ProjectionBase, national: Mapping[str, float], shares: npt.ArrayLike
) -> list[OutOfReach]:
    """The parties of a national poll (``national``: code -> share as the poll reader gives
    it, percent or fractions) whose share is above the share of the votes cast in the seats
    projected where they stand (``base.stood``; :func:`stand_ceilings`), and their projected
    share (``shares``, seats x parties), which those seats cap whatever the swing model."""
    from psephos.jurisdictions import of

    parties = base.election.parties
    ceilings = stand_ceilings(base)
    limits = base.cache.get("stand_ceilings:by_code")  # plain floats by code: one look-up each
    if limits is None:
        limits = dict(zip(parties, ceilings.tolist(), strict=True))
        base.cache["stand_ceilings:by_code"] = limits
    factor = percent_factor(sum(national.values()))
    speaker: str | None = None
    found = []
    for code, share in national.items():
        ceiling = limits.get(code)
        if ceiling is None or (code == OTHERS and others_shared_out(base, national)):
            continue  # a poll's Others shared among the parties it leaves out: not Other's
        poll = float(share) * factor / 100.0
        if poll > ceiling + 1e-9:
            column = parties.index(code)
            if speaker is None:  # asked only of a party out of reach: most polls have none
                speaker = of(base.election).parliament.speaker_party or ""
            if code == speaker:  # its seat is not projected
                continue
            weights = base.weights * base.active
            overall = float(weights @ np.asarray(shares, dtype=np.float64)[:, column])
            found.append(
                OutOfReach(code, poll, float(ceilings[column]), overall / float(weights.sum()))
            )
    return found


def others_shared_out(base: ProjectionBase, national: Collection[str]) -> bool:
    """Whether a poll naming the parties ``national`` (codes) shares its ``Others`` among
    ``Other`` and the parties it leaves out (:func:`psephos.projection.inputs.share_vector`):
    some party it leaves out, other than ``Other``, has a share at the base in the seats
    projected."""
    parties = base.election.parties
    weights = base.weights * base.active
    shares = weights @ base.shares
    return any(
        party != OTHERS and party not in national and shares[column] > 0
        for column, party in enumerate(parties)
    )


def stand_ceilings(base: ProjectionBase) -> npt.NDArray[np.float64]:
    """Per party, the share of the votes cast in the seats projected (``base.active``) that the
    seats where it stands (``base.stood``) cast: all it could win. Computed once per base
    (``base.cache``), as a projection asks it of every poll."""
    ceilings: npt.NDArray[np.float64] | None = base.cache.get("stand_ceilings")
    if ceilings is None:
        weights = base.weights * base.active
        ceilings = (weights @ base.stood) / float(weights.sum())
        ceilings.setflags(write=False)
        base.cache["stand_ceilings"] = ceilings
    return ceilings


def out_of_reach_notes(
    base: ProjectionBase, national: Mapping[str, float], shares: npt.ArrayLike
) -> list[str]:
    """A ``note:`` for each party of :func:`out_of_reach`: its poll share is more than it could
    win standing only where it stands, and what the projection caps it to (the numbers are
    not changed: the note says why the party's projected share is below its poll)."""
    from psephos.jurisdictions import national_area_words

    area = national_area_words(base.election)
    return [
        f"{found.party} {format_number(found.poll, '.1%')} of {area} is more than it could win "
        f"standing only where it stands: those seats cast "
        f"{format_number(found.ceiling, '.1%')} of the votes of {area}, so it is capped to "
        f"{format_number(found.projected, '.1%')}."
        for found in out_of_reach(base, national, shares)
    ]


#: A party of the poll standing in fewer than this fraction of the seats projected gets a note
#: where the model moves its share by the national change in points
#: (:func:`point_for_point_notes`).
HALF_THE_SEATS = 0.5
#: How far (a fraction of the vote: one point) such a party's projected share must be from the
#: poll's for the note: a small change moves it little (:func:`point_for_point_notes`).
OFF_THE_POLL = 0.01


def _standing_counts(
    base: ProjectionBase,
) -> tuple[int, npt.NDArray[np.int64], npt.NDArray[np.float64], frozenset[str]]:
    """The seats projected (``base.active``), how many of them each party stands in
    (``base.stood``), each projected seat's part of their votes (0 elsewhere), and the
    parties standing in some but under :data:`HALF_THE_SEATS` of them: computed once per base
    (``base.cache``), as :func:`point_for_point_notes` asks it of every poll."""
    found = base.cache.get("standing_counts")
    if found is None:
        active = np.asarray(base.active, dtype=bool)
        weights = np.where(active, np.asarray(base.weights, dtype=np.float64), 0.0)
        total = float(weights.sum())
        stood = (np.asarray(base.stood, dtype=bool) & active[:, None]).sum(axis=0)
        n_active = int(active.sum())
        few = frozenset(
            code
            for code, count in zip(base.election.parties, stood.tolist(), strict=True)
            if 0 < count < HALF_THE_SEATS * n_active
        )
        found = (n_active, stood, weights / total if total > 0 else weights, few)
        base.cache["standing_counts"] = found
    return found


def point_for_point_notes(
    base: ProjectionBase,
    model: SwingModel,
    national: Mapping[str, float],
    target: npt.ArrayLike,
    shares: npt.ArrayLike,
    own_areas: Collection[str] = (),
) -> list[str]:
    """A ``note:`` for each party of the national poll (``national``: code -> share as the
    poll reader gives it) that stands in under :data:`HALF_THE_SEATS` of the seats projected
    and whose national change the model applies point for point where it stands (a model
    deriving its areas' shares by the change in points, ``derive="additive"``, other than
    the ``national`` model, which maps the poll to the areas itself): the Bloc Québécois,
    standing in Quebec only, moves there by its change over all Canada, so its projected
    share (``shares``, seats x parties) is not the poll's. The numbers are not changed: the
    note says so, and that the ``national`` model scales the change by where a party stands.
    No note for a party whose every seat is in an area given its own shares (``own_areas``,
    area labels) on a model of areas finer than the country, whose projected share is
    within :data:`OFF_THE_POLL` of the poll's, or which stands down in most of its seats
    (``target``, the area targets: :func:`concentration_notes` says where its share goes)."""
    if model.derive != "additive" or hasattr(model, "with_area_shares"):
        return []
    election = base.election
    n_active, stood, weights, few_codes = _standing_counts(base)
    if few_codes.isdisjoint(national):  # most polls stop here
        return []
    factor = percent_factor(sum(national.values()))
    few = [
        (code, election.parties.index(code), float(share) * factor / 100.0)
        for code, share in national.items()
        if code in few_codes
    ]
    # every party's share of the votes in one product (not one per party of the poll)
    overall = (weights @ np.asarray(shares, dtype=np.float64)).tolist()
    own: npt.NDArray[np.bool_] | None = None
    standing_down: set[str] | None = None
    notes = []
    for code, column, poll in few:
        projected = overall[column]
        if abs(projected - poll) < OFF_THE_POLL:
            continue
        seats = base.stood[:, column] & base.active
        if base.level != "national" and own_areas:
            if own is None:
                from psephos.projection.base import seat_labels

                own = np.zeros(election.n_seats, dtype=bool)
                for level in ("nation", "region"):
                    own |= np.isin(seat_labels(election, level), list(own_areas))
            if own[seats].all():
                continue
        if standing_down is None:
            standing_down = {found.party for found in few_seats(base, target, shares)}
        if code in standing_down:
            continue
        notes.append(
            f"{code} stands in {int(stood[column])} of the {n_active} seats projected; the "
            f"{model.name} model moves its share there by its national change in points, so "
            f"it projects {format_number(projected, '.1%')}, not the poll's "
            f"{format_number(poll, '.1%')} (the national model scales the change by where a "
            "party stands)."
        )
    return notes


#: Seats a :func:`zeroed_group_notes` note names before "and N more".
NAMED_SEATS = 5


def _group_seats(base: ProjectionBase) -> list[tuple[str, int, npt.NDArray[np.int64]]]:
    """Each candidate group (:data:`~psephos.model.CANDIDATE_GROUPS`) that won seats projected
    at the base: its code, its column and those seats. Worked out once per base
    (``base.cache``), as :func:`zeroed_group_notes` asks it of every poll."""
    found = base.cache.get("group_seats")
    if found is None:
        from psephos.model import CANDIDATE_GROUPS

        election = base.election
        winner = np.asarray(election.winner)
        found = []
        for group in CANDIDATE_GROUPS:
            if group in election.parties:
                column = election.parties.index(group)
                won = np.flatnonzero(np.asarray(base.active) & (winner == column))
                if len(won):
                    found.append((group, column, won))
        base.cache["group_seats"] = found
    return list(found)


def zeroed_group_notes(
    base: ProjectionBase, target: npt.ArrayLike, projected: Election
) -> list[str]:
    """A ``note:`` for each candidate group (:data:`~psephos.model.CANDIDATE_GROUPS`: Ind,
    Other) that won seats at the base where the poll gives it nothing (a poll adding up to
    100% without it, or naming it at 0): an Independent's vote is their own, not a national
    party's, and the projection hands those seats to other parties. The numbers are not
    changed: the note names the seats that change hands so (Islington North in 2024, Jeremy
    Corbyn's) and how to keep them (a share for the group, or a poll under 100%, whose rest
    goes to the parties not named).

    Args:
        base: The prepared base (its seats' areas, ``group``, and those projected, ``active``).
        target: Area targets, ``(n_areas + 1) x parties`` (the last row the frozen seats').
        projected: The projection's election (its winners).
    """
    election = base.election
    targets = np.asarray(target)
    notes = []
    for group, column, won in _group_seats(base):
        lost = won[
            ~(targets[base.group[won], column] > 0) & (np.asarray(projected.winner)[won] != column)
        ]
        if not len(lost):
            continue
        named = [
            f"{election.constituencies[seat].name} (to "
            f"{election.label(election.parties[int(projected.winner[seat])])})"
            for seat in lost
        ]
        seats = first_listed(named, NAMED_SEATS)
        label = election.label(group)
        those = "the seat" if len(lost) == 1 else f"the {format_number(len(lost), ',')} seats"
        notes.append(
            f"The poll gives {label} nothing, so {those} {label} won at the base "
            f"{'changes' if len(lost) == 1 else 'change'} hands: {seats}. Those candidates' "
            f"votes are their own, not a national party's: to keep them, give {label} a share "
            f"(e.g. '{label} 1') or leave the poll under 100% (the rest goes to the parties not "
            "named)."
        )
    return notes
