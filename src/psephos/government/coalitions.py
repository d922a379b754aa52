"""Coalitions: minimal winning, ideologically connected, confidence and supply.

A coalition *wins* when its voting strength reaches the working-majority threshold of a
:class:`~psephos.government.parliament.Parliament`. It is *minimal winning* (von Neumann and
Morgenstern 1944; Riker 1962) when every member is needed. It is *connected* (Axelrod 1970,
*Conflict of Interest*) when its parties form an unbroken run on a left-right order of the
parties in the House; a party off the order (Canada's Bloc Québécois) never breaks a group's
connection. A *minimal connected winning* coalition is connected and winning and loses if either
end party, or any member off the order, leaves (:func:`connection`, the one rule, which the
forecast's likeliest government reads too).

Independent MPs are interchangeable single members: a coalition may need ``k`` of them, and is
minimal when ``k`` is the fewest that suffice. Enumeration is over all subsets of bloc parties
(``2**n``; about 16 000 for the largest modern House), vectorised with NumPy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError
from psephos.government.parliament import Parliament
from psephos.jurisdictions import UK
from psephos.numbers import counted

#: The UK's left-to-right order of the parties (``psephos.jurisdictions.uk``; each country's is
#: ``ParliamentRules.left_right``), kept here under its old name.
LEFT_RIGHT: tuple[str, ...] = UK.parliament.left_right

#: The most bloc parties enumerated exhaustively (2**22 subsets).
MAX_PARTIES = 22


@dataclass(frozen=True, slots=True)
class Coalition:
    """A set of bloc parties, possibly with some independent MPs.

    Attributes:
        parties: Member parties, largest first.
        n_individuals: Independent single members needed.
        seats: Elected seats of the members.
        votes: Voting strength of the members.
        connected: Unbroken run on the left-right order (unplaced members ignored); ``None``
            where no voting party of the House is on a left-right order (a country of its
            own: :func:`has_order`), which leaves connection unknown, not true.
    """

    parties: tuple[str, ...]
    n_individuals: int
    seats: int
    votes: int
    connected: bool | None

    @property
    def label(self) -> str:
        """``"Con + DUP"`` or ``"Lab + LD + 2 independents"``."""
        return self.named()

    def named(self, name: Callable[[str], str] = str) -> str:
        """The label with each party as ``name`` names it (an election's
        :func:`psephos.model.party_label`: ``"Con + UKIP"`` in 2015)."""
        parts = [name(party) for party in self.parties]
        if self.n_individuals:
            parts.append(counted(self.n_individuals, "independent"))
        return " + ".join(parts)

    def to_dict(self, name: Callable[[str], str] = str) -> dict[str, Any]:
        """Plain row, the coalition's parties as ``name`` names them (:meth:`named`)."""
        return {
            "coalition": self.named(name),
            "n_parties": len(self.parties),
            "independents": self.n_individuals,
            "seats": self.seats,
            "votes": self.votes,
            "connected": self.connected,
        }


def _players(house: Parliament) -> tuple[list[str], npt.NDArray[np.int64]]:
    names = list(house.votes)
    if len(names) > MAX_PARTIES:
        raise DataFormatError(
            f"{len(names)} parties is too many to enumerate coalitions (at most {MAX_PARTIES})."
        )
    return names, np.array([house.votes[p] for p in names], dtype=np.int64)


def _membership(n_players: int) -> npt.NDArray[np.bool_]:
    masks = np.arange(1 << n_players, dtype=np.int64)[:, None]
    return ((masks >> np.arange(n_players)) & 1).astype(bool)


def left_right(house: Parliament, order: Sequence[str] | None = None) -> Sequence[str]:
    """``order``, or by default the left-right order of the House's country
    (``ParliamentRules.left_right``; empty where it has none)."""
    return house.rules.left_right if order is None else order


def connection(
    group: Iterable[str], placed: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Axelrod's connection rule (1970) for one group of parties, read on ``placed``: a
    left-right order restricted to the parties that count (the House's voting parties for
    :func:`minimal_connected_winning`; the parties contending for government for the
    forecast's likeliest government, ``psephos.forecast.montecarlo``).

    Returns:
        ``(between, needed)``: the parties strictly between the group's outermost placed
        members that are not members (the group is connected where none of them holds a
        seat), and the members that must each be needed for the group to be minimal
        connected winning: its two ends and every member off the order. A party off the
        order never breaks a group's connection, and belongs to a minimal connected winning
        group only where it is needed; a member between the ends keeps the group connected
        and need not be needed.
    """
    members = tuple(group)
    positions = sorted(placed.index(p) for p in members if p in placed)
    if not positions:
        return (), members
    first, last = positions[0], positions[-1]
    between = tuple(p for p in placed[first + 1 : last] if p not in members)
    ends = {placed[first], placed[last]}
    return between, tuple(p for p in members if p in ends or p not in placed)


def _placed(house: Parliament, order: Sequence[str] | None) -> list[str]:
    return [p for p in left_right(house, order) if p in house.votes]


def has_order(house: Parliament, order: Sequence[str] | None = None) -> bool:
    """Whether any voting party of the House is on the left-right order (``order``, or the
    country's): without one (a file of a country psephos bundles nothing of), every group is
    connected by the rule (:func:`connection`), which says nothing, so the coalitions'
    ``connected`` is unknown (``None``) and ``psephos govern`` leaves Axelrod's table out."""
    return bool(_placed(house, order))


def is_connected(
    parties: Iterable[str], house: Parliament, order: Sequence[str] | None = None
) -> bool:
    """Whether the parties form an unbroken run among the House's voting parties on the
    left-right order, those off the order ignored (:func:`connection`)."""
    between, _ = connection({house.party(x) for x in parties}, _placed(house, order))
    return not between


def _build(
    house: Parliament,
    names: list[str],
    member: npt.NDArray[np.bool_],
    k: int,
    order: Sequence[str] | None,
) -> Coalition:
    parties = tuple(
        sorted(
            (n for n, m in zip(names, member, strict=True) if m), key=lambda p: (-house.seats[p], p)
        )
    )
    votes = house.votes_of(parties) + k
    seats = house.seats_of(parties) + k
    connected = is_connected(parties, house, order) if has_order(house, order) else None
    return Coalition(parties, k, seats, votes, connected)


def minimal_winning_coalitions(
    house: Parliament,
    *,
    include: Iterable[str] = (),
    order: Sequence[str] | None = None,
    quota: int | None = None,
) -> list[Coalition]:
    """Every minimal winning coalition, smallest (in votes) first.

    Args:
        house: The resolved House.
        include: Parties that must be members (their membership is not required to be
            essential); e.g. ``include=("Con",)`` gives the minimal sets of partners of Con.
        order: Left-right order for the ``connected`` flag (default: the country's).
        quota: Votes needed (default: the working-majority threshold).
    """
    names, weights = _players(house)
    quota = house.working_threshold if quota is None else quota
    forced = np.array([n in {house.party(p) for p in include} for n in names], dtype=bool)
    member = _membership(len(names))
    member = member[(member[:, forced]).all(axis=1)]
    total = member @ weights
    need = np.maximum(0, quota - total)
    feasible = need <= house.n_individuals
    # With k > 0 independents the total is exactly the quota, so every member is essential.
    lightest_free = np.where(member & ~forced, weights, np.iinfo(np.int64).max).min(
        axis=1, initial=np.iinfo(np.int64).max
    )
    essential = (need > 0) | (total - lightest_free < quota)
    keep = feasible & essential & (member.any(axis=1) | (need > 0))
    coalitions = [
        _build(house, names, row, int(k), order)
        for row, k in zip(member[keep], need[keep], strict=True)
    ]
    return sorted(coalitions, key=lambda c: (c.votes, len(c.parties), c.label))


def minimal_connected_winning(
    house: Parliament,
    *,
    order: Sequence[str] | None = None,
    quota: int | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    independents: bool = True,
) -> list[Coalition]:
    """Axelrod's minimal connected winning coalitions of the House's voting parties.

    A group is a run ``order[a..b]`` of the placed voting parties (or none of them) with any
    of the voting parties off the order; it is kept when it wins (with at most the available
    independents) and each member :func:`connection` names as needed (the run's two ends,
    every member off the order) is: without it, the rest would not win. Canada's order leaves
    the Bloc Québécois off, so LPC + BQ and CPC + BQ are connected, as in the forecast.

    Args:
        house: The resolved House.
        order: Left-right order (default: the country's).
        quota: Votes needed (default: the working-majority threshold).
        include: Parties every group must hold; a member that is one of them stays though not
            needed, as :func:`minimal_winning_coalitions`'s ``include``: ``include=("Con",)``
            gives the connected arrangements of Con.
        exclude: Parties no group may hold (a run across a placed one is not connected).
        independents: Whether independents may make up the votes (``False``: the parties'
            votes alone must reach the quota, as an arrangement of parties must).
    """
    _players(house)  # the same limit as the other enumerations
    quota = house.working_threshold if quota is None else quota
    placed = _placed(house, order)
    unplaced = [p for p in house.votes if p not in placed]
    spare = house.n_individuals if independents else 0
    forced = {house.party(p) for p in include}
    barred = {house.party(p) for p in exclude}
    if not forced <= set(house.votes):
        return []
    # every subset of the parties off the order, as rows (2**len(unplaced))
    extra = _membership(len(unplaced))
    extra_votes = extra @ np.array([house.votes[p] for p in unplaced], dtype=np.int64)
    extra_size = extra.sum(axis=1)
    allowed = extra[:, [p in forced for p in unplaced]].all(axis=1)
    allowed &= ~extra[:, [p in barred for p in unplaced]].any(axis=1)
    column = {p: j for j, p in enumerate(unplaced)}

    runs = [()] + [
        tuple(placed[a : b + 1]) for a in range(len(placed)) for b in range(a, len(placed))
    ]
    found: list[Coalition] = []
    for run in runs:
        if not forced & set(placed) <= set(run) or barred & set(run):
            continue
        total = sum(house.votes[p] for p in run) + extra_votes
        size = len(run) + extra_size
        keep = allowed & (size > 0) & (total + spare >= quota)
        _, needed = connection(run + tuple(unplaced), placed)
        for party in needed:
            if party in forced:
                continue
            member = np.ones(len(extra), dtype=bool) if party in run else extra[:, column[party]]
            still_wins = (size > 1) & (total - house.votes[party] + spare >= quota)
            keep &= ~(member & still_wins)
        for row in np.flatnonzero(keep):
            members = run + tuple(p for p, m in zip(unplaced, extra[row], strict=True) if m)
            parties = tuple(sorted(members, key=lambda p: (-house.seats[p], p)))
            k = max(0, quota - int(total[row]))
            seats, votes = house.seats_of(parties) + k, house.votes_of(parties) + k
            found.append(Coalition(parties, k, seats, votes, True))
    return sorted(found, key=lambda c: (c.votes, c.label))


def fewest_parties(coalition: Coalition) -> tuple[int, int, str]:
    """How psephos ranks the governments it names (:func:`nearest_arrangement`, and the
    forecast's likeliest government, :class:`psephos.forecast.montecarlo.GovernmentOption`):
    fewest parties first, then fewest votes."""
    return (len(coalition.parties), coalition.votes, coalition.label)


def nearest_arrangement(
    house: Parliament,
    party: str,
    *,
    order: Sequence[str] | None = None,
    exclude: Iterable[str] = (),
) -> Coalition | None:
    """The arrangement psephos names for ``party`` in a hung House, the rule the forecast's
    likeliest government follows: its minimal connected winning coalition (Axelrod 1970:
    :func:`minimal_connected_winning` with ``party`` in it and none of ``exclude``, the
    parties' votes alone reaching the working majority), fewest parties first, then fewest
    votes (:func:`fewest_parties`); ``None`` where no connected arrangement of parties
    holding ``party`` wins."""
    connected = minimal_connected_winning(
        house, order=order, include=[party], exclude=exclude, independents=False
    )
    return min(connected, key=fewest_parties, default=None)


def support_options(
    house: Parliament,
    government: Iterable[str],
    *,
    order: Sequence[str] | None = None,
    quota: int | None = None,
) -> list[Coalition]:
    """Minimal sets of partners that give ``government`` a working majority.

    Each option lists the government parties plus the partners (as a confidence-and-supply
    arrangement or a coalition: the arithmetic is the same). Options come smallest first; a
    government that already commands the House has one option, itself alone.
    """
    gov = tuple(house.party(p) for p in government)
    return minimal_winning_coalitions(house, include=gov, order=order, quota=quota)


def alternative_bloc(house: Parliament, *, order: Sequence[str] | None = None) -> tuple[str, ...]:
    """The second-largest party's government without the largest party: its nearest
    arrangement that leaves the largest party out (:func:`nearest_arrangement`: minimal
    connected winning, fewest parties, then fewest votes); where none wins, the second-largest
    party with every voting party on its side of the largest party, to show how far even
    that falls short.

    E.g. 2017: Con is largest and Lab second; no run of parties left of Con wins, so the bloc
    is every party left of Con on the order that has votes (Lab, SNP, LD, PC, Green). Parties
    not on the order are left out.
    """
    ranked = sorted(house.votes, key=lambda p: (-house.votes[p], p))
    if len(ranked) < 2:
        return tuple(ranked)
    first, second = ranked[0], ranked[1]
    nearest = nearest_arrangement(house, second, order=order, exclude=[first])
    if nearest is not None:
        return nearest.parties
    placed = _placed(house, order)
    if first not in placed or second not in placed:
        return (second,)
    cut = placed.index(first)
    side = placed[:cut] if placed.index(second) < cut else placed[cut + 1 :]
    return tuple(sorted(side, key=lambda p: (-house.seats[p], p)))
