"""Coalitions: minimal winning, ideologically connected, confidence and supply.

A coalition *wins* when its voting strength reaches the working-majority threshold of a
:class:`~psephos.government.parliament.Parliament`. It is *minimal winning* (von Neumann and
Morgenstern 1944; Riker 1962) when every member is needed. It is *connected* (Axelrod 1970,
*Conflict of Interest*) when its parties form an unbroken run on a left-right order of the
parties in the House; a *minimal connected winning* coalition is connected and winning and loses
if either end party leaves.

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
        connected: Unbroken run on the left-right order (unplaced members ignored).
    """

    parties: tuple[str, ...]
    n_individuals: int
    seats: int
    votes: int
    connected: bool

    @property
    def label(self) -> str:
        """``"Con + DUP"`` or ``"Lab + LD + 2 independents"``."""
        return self.named()

    def named(self, name: Callable[[str], str] = str) -> str:
        """The label with each party as ``name`` names it (an election's
        :func:`psephos.model.party_label`: ``"Con + UKIP"`` in 2015)."""
        parts = [name(party) for party in self.parties]
        if self.n_individuals:
            plural = "s" if self.n_individuals > 1 else ""
            parts.append(f"{self.n_individuals} independent{plural}")
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


def is_connected(
    parties: Iterable[str], house: Parliament, order: Sequence[str] | None = None
) -> bool:
    """Whether the placed parties form an unbroken run among the House's voting parties."""
    placed = [p for p in left_right(house, order) if p in house.votes]
    positions = sorted(placed.index(p) for p in {house.party(x) for x in parties} if p in placed)
    return not positions or positions[-1] - positions[0] + 1 == len(positions)


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
    return Coalition(parties, k, seats, votes, is_connected(parties, house, order))


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
    """Axelrod's minimal connected winning coalitions over the placed voting parties.

    A run ``order[a..b]`` (restricted to parties with votes) is kept when it wins (with at most
    the available independents) and neither ``a+1..b`` nor ``a..b-1`` does.

    Args:
        house: The resolved House.
        order: Left-right order (default: the country's).
        quota: Votes needed (default: the working-majority threshold).
        include: Parties every run must hold (a party off the order: none does); an end that
            is one of them stays though not needed, as :func:`minimal_winning_coalitions`'s
            ``include``: ``include=("Con",)`` gives the connected arrangements of Con.
        exclude: Parties no run may hold (a run across one is not connected).
        independents: Whether independents may make up the votes (``False``: the parties'
            votes alone must reach the quota, as an arrangement of parties must).
    """
    quota = house.working_threshold if quota is None else quota
    placed = [p for p in left_right(house, order) if p in house.votes]
    weights = [house.votes[p] for p in placed]
    spare = house.n_individuals if independents else 0
    forced = {house.party(p) for p in include}
    barred = {house.party(p) for p in exclude}

    def wins(a: int, b: int) -> bool:
        return a <= b and sum(weights[a : b + 1]) + spare >= quota

    found: list[Coalition] = []
    for a in range(len(placed)):
        for b in range(a, len(placed)):
            run = placed[a : b + 1]
            if not forced <= set(run) or barred & set(run) or not wins(a, b):
                continue
            if (placed[a] in forced or not wins(a + 1, b)) and (
                placed[b] in forced or not wins(a, b - 1)
            ):
                parties = tuple(sorted(run, key=lambda p: (-house.seats[p], p)))
                k = max(0, quota - sum(weights[a : b + 1]))
                found.append(
                    Coalition(
                        parties, k, house.seats_of(parties) + k, house.votes_of(parties) + k, True
                    )
                )
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
    votes (:func:`fewest_parties`); ``None`` where no connected arrangement wins (``party``
    off the order, or no run of the order reaching it)."""
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
    placed = [p for p in left_right(house, order) if p in house.votes]
    if first not in placed or second not in placed:
        return (second,)
    cut = placed.index(first)
    side = placed[:cut] if placed.index(second) < cut else placed[cut + 1 :]
    return tuple(sorted(side, key=lambda p: (-house.seats[p], p)))
