"""Electoral systems behind one protocol, and a registry of ready-made ones.

Every system turns an :class:`~psephos.model.Election` (real first preferences per seat and
party) into seats per party. The systems and their rules:

* ``fptp``: the actual winners (first past the post).
* ``dhondt-national`` / ``sainte-lague-national``: one national list, all seats, highest averages.
* ``dhondt-regional`` / ``sainte-lague-regional``: one list per region, each region keeping its
  number of seats.
* ``sainte-lague-5pc``: national Sainte-Laguë with a 5% national threshold (as in Germany).
* ``ams``: additional member system as in Scotland: the constituency winners plus top-up seats
  per region (the Election's regions as top-up regions) by D'Hondt counting constituency seats
  already won; top-up seats are 43% of the total (56 of 129 at Holyrood); ``ams-wales`` uses the
  Senedd's pre-2026 third (20 of 60). Constituency votes stand in for list votes (no separate
  list ballot exists); constituency seats beyond a party's entitlement are kept (no levelling).
* ``av``: the alternative vote in each seat, on ballots from the second-preference model.
* ``stv``: STV (Droop, WIGM) in districts of about five neighbouring seats, each party standing
  enough candidates, voters ranking their party's candidates first (party-line voting).

List and top-up allocations leave out the ``Ind``, ``Other`` and ``Speaker`` buckets, which are
not parties with lists (their constituency seats still count under FPTP and AMS).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError, PsephosError, did_you_mean
from psephos.model import Election, nominal_majority, tied_for_largest
from psephos.numbers import clean, counted, format_number, listed
from psephos.systems.apportion import Divisor, highest_averages
from psephos.systems.ballots import Ballots
from psephos.systems.count import count_irv, count_stv
from psephos.systems.districts import build_districts
from psephos.systems.indices import (
    effective_number_of_parties,
    gallagher_index,
    votes_per_seat,
    wasted_votes,
    wasted_votes_in_areas,
)
from psephos.systems.preferences import (
    TransferMatrix,
    election_transfers,
    party_sequences,
    preferences_note,
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Buckets that are not parties with a list.
NON_LIST_PARTIES: frozenset[str] = frozenset({"Ind", "Other", "Speaker"})


class UnknownSystemError(PsephosError, KeyError):
    """An electoral system name that is not registered."""


@dataclass(frozen=True, slots=True, eq=False)
class SystemResult:
    """Seats per party under one electoral system.

    Attributes:
        system: Registry key (``"dhondt-national"``).
        label: Human name.
        election_id: The election whose votes were used.
        parties: Party codes (column order).
        votes: First-preference votes per party (the real ones).
        seats: Seats per party.
        details: Extra numbers (e.g. ``constituency`` and ``top_up`` seats for AMS, the number
            of districts for STV).
        wasted: Wasted votes per party (:func:`~psephos.systems.indices.wasted_votes_in_areas`
            over the areas the system fills its seats in: each seat for FPTP and AV, with the
            winner's votes beyond the runner-up's plus one; each region, district or the
            nation for list PR, AMS and STV, the votes of parties winning no seat there);
            ``None`` where the system did not say.
    """

    system: str
    label: str
    election_id: str
    parties: tuple[str, ...]
    votes: FloatArray
    seats: IntArray
    details: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    wasted: FloatArray | None = None

    @property
    def n_seats(self) -> int:
        """Total seats."""
        return int(self.seats.sum())

    def seats_by_party(self) -> dict[str, int]:
        """Seats per party code (zeros included)."""
        return {p: int(s) for p, s in zip(self.parties, self.seats, strict=True)}

    @property
    def gallagher(self) -> float:
        """Gallagher least-squares index of votes against these seats."""
        return gallagher_index(self.votes, self.seats)

    @property
    def votes_per_seat(self) -> FloatArray:
        """Votes per seat won, per party (``inf`` where a party with votes won none):
        :func:`~psephos.systems.indices.votes_per_seat`."""
        return votes_per_seat(self.votes, self.seats)

    @property
    def wasted_share(self) -> float | None:
        """Share (0-1) of all the votes that were wasted (``None`` without :attr:`wasted`)."""
        if self.wasted is None:
            return None
        total = float(self.votes.sum())
        return float(self.wasted.sum()) / total if total > 0 else 0.0

    @property
    def largest(self) -> int:
        """Index of the party with the most seats, a tie going to the one with the most votes
        (as :func:`psephos.results.national_table` ranks parties)."""
        return max(range(len(self.parties)), key=lambda k: (self.seats[k], self.votes[k]))

    @property
    def tied_for_largest(self) -> list[str]:
        """The parties (codes) that tie for the most seats, or ``[]`` where one has most
        (:func:`psephos.model.tied_for_largest`, the rule ``psephos results`` says a tie by)."""
        return tied_for_largest(self.seats_by_party())

    @property
    def effective_parties_votes(self) -> float:
        """Effective number of parties by votes."""
        return effective_number_of_parties(self.votes)

    @property
    def effective_parties_seats(self) -> float:
        """Effective number of parties by seats."""
        return effective_number_of_parties(self.seats)

    def summary(self, election: Election) -> dict[str, Any]:
        """This system's row of indices, as the command line and the web app both show it:
        seats, the majority line (:func:`psephos.model.nominal_majority`), Gallagher index,
        effective parties by votes and by seats, the votes wasted (in all, and in percent of
        the votes: :attr:`wasted`), the largest party (code and ``election``'s label) and
        whether it has a majority. Where parties tie for the most seats the largest is the
        one of them with the most votes, as the national table ranks them, never the first
        column's by chance (:func:`largest_tie_notes` says the tie)."""
        largest = self.largest
        majority_line = nominal_majority(self.n_seats)
        share = self.wasted_share
        return {
            "system": self.system,
            "system_label": self.label,
            "seats": self.n_seats,
            "majority_line": majority_line,
            "gallagher": round(self.gallagher, 2),
            "enp_votes": round(self.effective_parties_votes, 2),
            "enp_seats": round(self.effective_parties_seats, 2),
            "wasted_votes": None if self.wasted is None else _count(float(self.wasted.sum())),
            "wasted_pct": None if share is None else clean(100 * share),
            "largest_party": self.parties[largest],
            "largest_party_label": election.label(self.parties[largest]),
            "largest_seats": int(self.seats[largest]),
            "majority": bool(self.seats[largest] >= majority_line),
        }


@runtime_checkable
class VotingSystem(Protocol):
    """An electoral system: real votes in, seats per party out."""

    @property
    def key(self) -> str:
        """Registry key."""
        ...

    @property
    def label(self) -> str:
        """Human name."""
        ...

    def allocate(self, election: Election, *, seed: int | None = None) -> SystemResult:
        """Seats per party for this election's votes (``seed`` for systems that draw lots)."""
        ...


def _result(
    system: VotingSystem,
    election: Election,
    seats: npt.ArrayLike,
    wasted: FloatArray,
    **details: Any,
) -> SystemResult:
    return SystemResult(
        system.key,
        system.label,
        election.id,
        election.parties,
        election.votes.sum(axis=0),
        np.asarray(seats, dtype=np.int64),
        MappingProxyType(details),
        wasted,
    )


def _count(value: float) -> int | float:
    """A number of votes as files carry it: whole as an ``int``, else :func:`clean`."""
    return int(value) if float(value).is_integer() else clean(value)


def _region_areas(election: Election) -> tuple[list[str], IntArray]:
    """The election's regions (in seat order of first appearance) and each seat's region as
    an index into them: the areas regional lists and AMS fill their seats in."""
    regions = election.regions
    names = [str(region) for region in dict.fromkeys(regions.tolist())]
    index = {name: position for position, name in enumerate(names)}
    return names, np.array([index[str(region)] for region in regions], dtype=np.int64)


def _single_seat_wasted(election: Election, winners: IntArray) -> FloatArray:
    """Wasted votes where each seat elects one member, ``winners`` per seat (AV's): the
    losers' votes and the winner's beyond the runner-up's first preferences plus one."""
    rows = np.arange(election.n_seats)
    won = np.zeros(election.votes.shape, dtype=np.int64)
    won[rows, winners] = 1
    return wasted_votes_in_areas(election.votes, rows, won)


def _list_mask(election: Election) -> npt.NDArray[np.bool_]:
    return np.array([p not in NON_LIST_PARTIES for p in election.parties])


@dataclass(frozen=True, slots=True)
class FirstPastThePost:
    """The actual single-member plurality result.

    Wasted votes: :func:`~psephos.systems.indices.wasted_votes` (every loser's vote, and the
    winner's beyond the runner-up's plus one).
    """

    key: str = "fptp"
    label: str = "First past the post"

    def allocate(self, election: Election, *, seed: int | None = None) -> SystemResult:
        """The seats each party actually won."""
        seats = np.bincount(election.winner, minlength=len(election.parties))
        return _result(self, election, seats, wasted_votes(election))


@dataclass(frozen=True, slots=True)
class ListPR:
    """List proportional representation by highest averages.

    Attributes:
        method: ``"dhondt"`` or ``"sainte-lague"``.
        level: ``"national"`` (one list) or ``"region"`` (one list per region, each region
            keeping its number of seats).
        threshold: Minimum share (0-1) of the vote in the list's area to win any seat
            there: of the national vote for a national list, of the region's vote for a
            regional list (a per-district threshold, as Spain's 3% of each province), so a
            region's seats go to the parties that stood there (:data:`THRESHOLD_RULE`).

    Wasted votes: those of parties that win no seat in the list's area (the nation, or the
    region of a regional list), the ``Ind``, ``Other`` and ``Speaker`` buckets' included.
    """

    key: str
    label: str
    method: Divisor = "dhondt"
    level: str = "national"
    threshold: float = 0.0

    def allocate(self, election: Election, *, seed: int | None = None) -> SystemResult:
        """Seats per party (list buckets ``Ind``/``Other``/``Speaker`` excluded)."""
        if self.level == "national":
            national = election.votes.sum(axis=0)
            seats = highest_averages(
                national,
                election.n_seats,
                method=self.method,
                eligible=self._passing(national, _list_mask(election), "the national vote"),
            )
            wasted = wasted_votes_in_areas(
                election.votes, np.zeros(election.n_seats, dtype=np.int64), seats[None, :]
            )
            return _result(self, election, seats, wasted, threshold=self.threshold)
        if self.level != "region":
            raise ValueError(f"level must be 'national' or 'region', not {self.level!r}")
        names, areas = _region_areas(election)
        area_seats = np.zeros((len(names), len(election.parties)), dtype=np.int64)
        for area, name in enumerate(names):
            mask = areas == area
            votes = election.votes[mask].sum(axis=0)
            area_seats[area] = highest_averages(
                votes,
                int(mask.sum()),
                method=self.method,
                eligible=self._passing(votes, _list_mask(election), f"the vote in {name}"),
            )
        wasted = wasted_votes_in_areas(election.votes, areas, area_seats)
        return _result(self, election, area_seats.sum(axis=0), wasted, threshold=self.threshold)

    def _passing(
        self, votes: FloatArray, eligible: npt.NDArray[np.bool_], area: str
    ) -> npt.NDArray[np.bool_]:
        """The list parties (``eligible``) with at least :attr:`threshold` of ``votes``, the
        votes of one list's area (``area`` names it: "the national vote", "the vote in
        Wales").

        Raises:
            DataFormatError: no list party reaches the threshold, so the area's seats would
                go unfilled.
        """
        if not self.threshold > 0:
            return eligible
        total = float(votes.sum())
        if not total > 0:  # no votes cast in the area: no seat to fill by them anyway
            return eligible
        passing = eligible & (votes / total >= self.threshold)
        if not passing.any():
            raise DataFormatError(
                f"No party with a list has {threshold_percent(self.threshold)} of {area}, "
                f"the threshold of {self.key}, so it would fill no seat there; give a lower "
                "threshold."
            )
        return passing


#: Largest denominator :func:`exact_share` reads a float share as (a chamber's seats).
SHARE_DENOMINATOR = 10_000


def exact_share(share: Fraction | float) -> Fraction:
    """A share of seats as the exact fraction it stands for: a :class:`~fractions.Fraction`
    as given; a float as the nearest fraction of at most :data:`SHARE_DENOMINATOR` in its
    denominator (``1 / 3`` is 1/3, ``56 / 129`` is 56/129), so that rounding a region's
    seats times it sees the halves the fraction makes, not a float a hair below them."""
    if isinstance(share, Fraction):
        return share
    return Fraction(share).limit_denominator(SHARE_DENOMINATOR)


@dataclass(frozen=True, slots=True)
class AdditionalMember:
    """Additional member system (mixed-member proportional with regional top-ups).

    Attributes:
        top_up_share: Share of all seats that are top-up seats (Holyrood 56/129), a
            :class:`~fractions.Fraction` or a float (read as the fraction it is written for,
            :func:`exact_share`: ``1 / 3`` is a third).
        method: Top-up divisor method (``"dhondt"`` in Scotland and Wales).
        threshold: Minimum regional vote share (0-1) for top-up seats.

    Wasted votes: those of parties that win no seat, constituency or top-up, in the top-up
    region (a constituency loser's votes are not wasted where its party wins a top-up seat
    in the region).
    """

    key: str = "ams"
    label: str = "Additional member (Scottish)"
    top_up_share: Fraction | float = Fraction(56, 129)
    method: Divisor = "dhondt"
    threshold: float = 0.0

    def top_up_seats(self, election: Election) -> dict[str, int]:
        """Top-up seats per region (the election's regions, in seat order): the House's
        ``round(N * share / (1 - share))`` top-ups for its ``N`` constituencies, each region's
        ``n * share / (1 - share)`` rounded so that they add up to it (Sainte-Laguë over the
        regions' constituencies, :func:`~psephos.systems.apportion.highest_averages`: a region
        rounds at a half, and a tie at a half goes to the larger region). Worked out in exact
        fractions (:func:`exact_share`): the Senedd's third makes the ratio exactly 1/2, 325
        top-ups to 650 seats, a House of 975, where in floating point 1/3 / (1 - 1/3) is
        0.49999999999999994 and every region of an odd number of seats rounded down (971)."""
        share = exact_share(self.top_up_share)
        if not 0 <= share < 1:
            raise ValueError("top_up_share must be in [0, 1)")
        ratio = share / (1 - share)
        regions = election.regions
        sizes = {
            str(region): int((regions == region).sum())
            for region in dict.fromkeys(regions.tolist())
        }
        total = round(sum(sizes.values()) * ratio)
        seats = highest_averages(list(sizes.values()), total, method="sainte-lague")
        return {region: int(n) for region, n in zip(sizes, seats, strict=True)}

    def allocate(self, election: Election, *, seed: int | None = None) -> SystemResult:
        """Constituency winners plus regional D'Hondt top-ups (constituency seats count)."""
        n_parties = len(election.parties)
        constituency = np.bincount(election.winner, minlength=n_parties)
        top_up = np.zeros(n_parties, dtype=np.int64)
        eligible = _list_mask(election)
        names, areas = _region_areas(election)
        area_seats = np.zeros((len(names), n_parties), dtype=np.int64)
        top_ups = self.top_up_seats(election)
        for area, region in enumerate(names):
            mask = areas == area
            won = np.bincount(election.winner[mask], minlength=n_parties)
            region_top_up = highest_averages(
                election.votes[mask].sum(axis=0),
                top_ups[region],
                method=self.method,
                threshold=self.threshold,
                prior_seats=won,
                eligible=eligible,
            )
            top_up += region_top_up
            area_seats[area] = won + region_top_up
        return _result(
            self,
            election,
            constituency + top_up,
            wasted_votes_in_areas(election.votes, areas, area_seats),
            constituency=int(constituency.sum()),
            top_up=int(top_up.sum()),
        )


@dataclass(frozen=True, slots=True)
class AlternativeVote:
    """The alternative vote (IRV) in every seat, on modelled preferences.

    Attributes:
        transfers: Transfer matrix; ``None`` uses :func:`election_transfers`.
        max_preferences: Longest modelled ranking.

    Wasted votes: as under first past the post, on first preferences: every first preference
    for a party that does not win the seat, and the winner's beyond the runner-up's plus one
    (none where the winner came from behind on transfers).
    """

    key: str = "av"
    label: str = "Alternative vote"
    transfers: TransferMatrix | None = None
    max_preferences: int = 3

    def allocate(self, election: Election, *, seed: int | None = None) -> SystemResult:
        """Count every seat by IRV on ballots from the second-preference model."""
        matrix = self.transfers or election_transfers(election)
        matrix = matrix.for_parties(election.parties)
        winners = np.zeros(election.n_seats, dtype=np.int64)
        for position in range(election.n_seats):
            row = election.votes[position]
            if np.count_nonzero(row) <= 1 or row.max() > row.sum() / 2:
                winner = int(np.argmax(row))
            else:
                sequences, weights = party_sequences(
                    row, matrix, max_preferences=self.max_preferences
                )
                ballots = Ballots.from_rankings(election.parties, sequences, weights)
                winner = count_irv(ballots, seed=seed).elected[0]
            winners[position] = winner
        seats = np.bincount(winners, minlength=len(election.parties))
        changed = int((winners != election.winner).sum())
        return _result(
            self,
            election,
            seats,
            _single_seat_wasted(election, winners),
            seats_changed=changed,
            transfers=matrix.source,
        )


def _party_slate_ballots(
    votes: FloatArray, n_seats: int, matrix: TransferMatrix, max_preferences: int
) -> tuple[Ballots, list[int]]:
    """Candidate-level ballots for one STV district with party-line voting.

    Each party stands ``min(n_seats, quotas + 1)`` candidates (quotas = its Droop quotas of
    first preferences, at least one). A party's voters rank its candidates first, split evenly
    over rotations of the slate, then the next party's candidates (same rotation), and so on.
    """
    total = votes.sum()
    quota = total / (n_seats + 1)
    slate_sizes = [min(n_seats, int(v // quota) + 1) if v > 0 else 0 for v in votes]
    candidate_party: list[int] = []
    slates: list[list[int]] = []
    for party, size in enumerate(slate_sizes):
        slates.append(list(range(len(candidate_party), len(candidate_party) + size)))
        candidate_party.extend([party] * size)
    sequences, weights = party_sequences(votes, matrix, max_preferences=max_preferences)
    rankings: list[list[int]] = []
    counts: list[float] = []
    for sequence, weight in zip(sequences, weights, strict=True):
        rotations = len(slates[sequence[0]])
        for rotation in range(rotations):
            ranking: list[int] = []
            for party in sequence:
                slate = slates[party]
                shift = rotation % len(slate)
                ranking.extend(slate[shift:] + slate[:shift])
            rankings.append(ranking)
            counts.append(weight / rotations)
    names = [f"{matrix.parties[p]}#{i}" for i, p in enumerate(candidate_party)]
    return Ballots.from_rankings(names, rankings, counts), candidate_party


@dataclass(frozen=True, slots=True)
class SingleTransferableVote:
    """STV in multi-member districts of neighbouring seats, on modelled preferences.

    Attributes:
        district_size: Target members per district.
        transfers: Transfer matrix; ``None`` uses :func:`election_transfers`.
        max_preferences: Longest modelled party ranking.

    Wasted votes: the first preferences of parties that win no seat in the district.
    """

    key: str = "stv"
    label: str = "Single transferable vote"
    district_size: int = 5
    transfers: TransferMatrix | None = None
    max_preferences: int = 3

    def allocate(self, election: Election, *, seed: int | None = None) -> SystemResult:
        """Build districts, model ballots per district and count each by STV (WIGM)."""
        matrix = self.transfers or election_transfers(election)
        matrix = matrix.for_parties(election.parties)
        districts = build_districts(election, size=self.district_size)
        areas = np.zeros(election.n_seats, dtype=np.int64)
        area_seats = np.zeros((len(districts), len(election.parties)), dtype=np.int64)
        for number, district in enumerate(districts):
            areas[list(district.seats)] = number
            votes = election.votes[list(district.seats)].sum(axis=0)
            ballots, candidate_party = _party_slate_ballots(
                votes, district.magnitude, matrix, self.max_preferences
            )
            result = count_stv(ballots, district.magnitude, seed=seed)
            for candidate in result.elected:
                area_seats[number, candidate_party[candidate]] += 1
        return _result(
            self,
            election,
            area_seats.sum(axis=0),
            wasted_votes_in_areas(election.votes, areas, area_seats),
            districts=len(districts),
            district_method=districts[0].method if districts else "",
            transfers=matrix.source,
        )


SYSTEMS: dict[str, VotingSystem] = {}


def register(system: VotingSystem) -> VotingSystem:
    """Add a system to the registry under its ``key`` (replacing one of the same key)."""
    SYSTEMS[system.key] = system
    return system


for _system in (
    FirstPastThePost(),
    ListPR("dhondt-national", "D'Hondt, national list", "dhondt", "national"),
    ListPR("sainte-lague-national", "Sainte-Laguë, national list", "sainte-lague", "national"),
    ListPR("dhondt-regional", "D'Hondt, regional lists", "dhondt", "region"),
    ListPR("sainte-lague-regional", "Sainte-Laguë, regional lists", "sainte-lague", "region"),
    ListPR(
        "sainte-lague-5pc", "Sainte-Laguë, national, 5% threshold", "sainte-lague", "national", 0.05
    ),
    AdditionalMember(),
    AdditionalMember("ams-wales", "Additional member (Welsh)", Fraction(1, 3)),
    AlternativeVote(),
    SingleTransferableVote(),
):
    register(_system)


def get_system(key: str) -> VotingSystem:
    """A registered system by key.

    Raises:
        UnknownSystemError: naming the registered systems.
    """
    name = key.strip().lower()
    if name not in SYSTEMS:
        raise UnknownSystemError(
            f"Unknown electoral system {key!r}; known: {', '.join(SYSTEMS)}."
            + did_you_mean(key, list(SYSTEMS))
        )
    return SYSTEMS[name]


def threshold_percent(threshold: float) -> str:
    """A legal threshold (0-1) in the words every output gives it: "5%", "2.5%", the one
    wording of a system's label ("D'Hondt, national list, 5% threshold"), the seat table's
    short heading ("DH nat 5%") and :func:`threshold_note`."""
    return f"{format_number(100 * threshold, ',')}%"


def asked_threshold(key: str, threshold: float) -> float:
    """The legal threshold (0-1) asked for (:func:`configured_systems`' ``threshold``) in a
    list of system ``key`` that counted with ``threshold`` (:attr:`ListPR.threshold`, a
    result's ``details["threshold"]``): ``threshold`` where the registered system has none of
    its own, 0 where none was asked or it is the system's own (``sainte-lague-5pc``'s 5%)."""
    registered = SYSTEMS.get(key)
    own = registered.threshold if isinstance(registered, ListPR) else 0.0
    return threshold if threshold > 0 and threshold != own else 0.0


#: Whose vote a list's legal threshold is a share of (:attr:`ListPR.threshold`), in the words
#: the command's help, the systems page and :func:`threshold_note` say it.
THRESHOLD_RULE = (
    "a share of the vote in the list's area: a national list's of the national vote, a "
    "regional list's of its region's vote"
)

#: What a legal threshold (:func:`configured_systems`' ``threshold``, ``psephos systems
#: --threshold``) leaves as it is, in the words the command's help, the systems page and the
#: refusal of a threshold no chosen system takes (:func:`check_threshold_applies`) say it.
THRESHOLD_LEAVES = "sainte-lague-5pc keeps its own 5% and AMS's top-ups take no threshold"


def threshold_systems() -> list[str]:
    """The registered systems a legal threshold applies to (:func:`configured_systems`'
    ``threshold``): the list PR systems registered without one of their own, in registry
    order (the national and regional lists; not ``sainte-lague-5pc``, AMS, FPTP, AV or
    STV)."""
    return [
        key for key, model in SYSTEMS.items() if isinstance(model, ListPR) and model.threshold == 0
    ]


def threshold_scope() -> str:
    """Which systems a legal threshold changes, as the command's ``--threshold`` help and the
    systems page say it: "for dhondt-national, ... only (refused without one of them);
    sainte-lague-5pc keeps its own 5% and AMS's top-ups take no threshold", after whose
    vote it is a share of (:data:`THRESHOLD_RULE`)."""
    return (
        f"{THRESHOLD_RULE}; for {', '.join(threshold_systems())} only (refused without one of "
        f"them); {THRESHOLD_LEAVES}"
    )


def check_threshold_applies(keys: Sequence[str] | None, threshold: float | None) -> None:
    """Refuse a legal ``threshold`` where none of the systems ``keys`` names takes it (every
    registered system where ``keys`` is empty: the lists among them take it), so that an
    option that would change nothing is never accepted unseen: the one check of ``psephos
    systems --threshold`` and the systems page's ``threshold``.

    Raises:
        PsephosError: a threshold given with none of :func:`threshold_systems` chosen, naming
            them and the systems chosen.
    """
    if threshold is None or not keys:
        return
    takers = threshold_systems()
    chosen = [get_system(key).key for key in keys]
    if not set(chosen) & set(takers):
        raise PsephosError(
            f"A threshold (--threshold) applies only to the list PR systems "
            f"{listed(takers)}, and none of them was chosen "
            f"({', '.join(chosen)}): {THRESHOLD_LEAVES}."
        )


def configured_systems(
    keys: Sequence[str] | None = None,
    *,
    district_size: int | None = None,
    transfers: TransferMatrix | None = None,
    threshold: float | None = None,
) -> list[VotingSystem]:
    """The registered systems named by ``keys`` (default: every one, in registry order), with
    STV's members per district and the second-preference ``transfers`` of AV and STV as asked
    (``None``: each system's own, the election's default, :func:`election_transfers`: the
    UK's estimated from real stand-downs, Canada's illustrative, set by hand), and a legal
    ``threshold`` (0-1 of the vote in each list's area, :attr:`ListPR.threshold`: the
    national vote for a national list, the region's for a regional one) for every list PR
    system registered without one of its own (:func:`threshold_systems`: the national and
    regional lists; :data:`THRESHOLD_LEAVES`), its label saying it.

    Raises:
        UnknownSystemError: a key that is not registered (naming the known ones).
        DataFormatError: a district size below 1, or a threshold outside 0 to 1.
        PsephosError: a threshold with none of the systems it applies to chosen
            (:func:`check_threshold_applies`).
    """
    if district_size is not None and district_size < 1:
        raise DataFormatError(f"District size must be 1 or more, not {district_size}.")
    if threshold is not None and not 0 <= threshold <= 1:
        raise DataFormatError(
            "A threshold is a share of the votes from 0 to 1 (0% to 100%), not "
            f"{format_number(threshold, 'g')}."
        )
    check_threshold_applies(keys, threshold)
    chosen: list[VotingSystem] = []
    for key in keys or list(SYSTEMS):
        model = get_system(key)
        if isinstance(model, ListPR) and model.threshold == 0 and threshold:
            model = replace(
                model,
                threshold=threshold,
                label=f"{model.label}, {threshold_percent(threshold)} threshold",
            )
        elif isinstance(model, SingleTransferableVote):
            model = replace(
                model,
                district_size=model.district_size if district_size is None else district_size,
                transfers=transfers or model.transfers,
            )
        elif isinstance(model, AlternativeVote) and transfers is not None:
            model = replace(model, transfers=transfers)
        chosen.append(model)
    return chosen


#: The suffixes of a system's key that name its votes per seat won and its wasted votes in
#: :func:`party_seats`' rows (``fptp_votes_per_seat``, ``dhondt-national_wasted_votes``).
VOTES_PER_SEAT = "_votes_per_seat"
WASTED_VOTES = "_wasted_votes"


def party_seats(election: Election, results: Sequence[SystemResult]) -> list[dict[str, Any]]:
    """Each party with votes, or seats under any of ``results``, in the election's party order:
    its code, label, share of the votes in percent (unrounded, as files carry it:
    :func:`psephos.numbers.clean`, so that a table rounds it once; 0 for an election without
    votes), its votes, and under each system a key for its seats (``fptp``,
    ``dhondt-national``), then one for its votes per seat won (``fptp_votes_per_seat``:
    :attr:`SystemResult.votes_per_seat`, ``None`` where it won none), then one for its wasted
    votes (``fptp_wasted_votes``: :attr:`SystemResult.wasted`, ``None`` where the system does
    not say): a flat row, as a file writes one. The one table of ``psephos systems`` (its CSV
    and its JSON's ``rows``, and the tables it prints) and the systems page
    (``/api/systems``' ``rows``).
    """
    if not results:
        return []
    votes = results[0].votes
    total = float(votes.sum()) or 1.0
    per_seat = [result.votes_per_seat for result in results]
    rows: list[dict[str, Any]] = []
    for j, party in enumerate(election.parties):
        if not (votes[j] > 0 or any(result.seats[j] for result in results)):
            continue
        row: dict[str, Any] = {
            "party": party,
            "party_label": election.label(party),
            "vote_pct": clean(100 * float(votes[j]) / total),
            "votes": _count(float(votes[j])),
        }
        row.update({result.system: int(result.seats[j]) for result in results})
        row.update(
            {
                result.system + VOTES_PER_SEAT: clean(float(ratios[j])) if result.seats[j] else None
                for result, ratios in zip(results, per_seat, strict=True)
            }
        )
        row.update(
            {
                result.system + WASTED_VOTES: (
                    None if result.wasted is None else _count(float(result.wasted[j]))
                )
                for result in results
            }
        )
        rows.append(row)
    return rows


def winner_notes(election: Election, systems: Iterable[object]) -> list[str]:
    """The seats whose winner psephos chose by lot or without votes
    (:func:`psephos.results.close_calls`: a tie for first place), where one of ``systems``
    counts each seat's winner (:class:`FirstPastThePost`, :class:`AdditionalMember`'s
    constituency seats), so a majority resting on such a seat says so; none otherwise."""
    if not any(isinstance(system, FirstPastThePost | AdditionalMember) for system in systems):
        return []
    from psephos.results import close_calls

    return close_calls(election)


def largest_tie_notes(election: Election, results: Iterable[SystemResult]) -> list[str]:
    """A note for each system under which parties tie for the most seats, naming them all
    (as ``psephos results`` says a dead heat: :func:`psephos.model.tied_for_largest`) and
    the one its summary's ``largest_party`` names, the one with the most votes; none where
    one party has most.

    Args:
        election: The election counted (its labels name the parties).
        results: Each system's seats.
    """
    notes = []
    for result in results:
        tied = result.tied_for_largest
        if not tied:
            continue
        largest = election.label(result.parties[result.largest])
        seats = format_number(int(result.seats[result.largest]), ",")
        notes.append(
            f"{result.label}: {listed([election.label(party) for party in tied])} tie for the "
            f"largest party, on {seats} of {format_number(result.n_seats, ',')} seats each; "
            f"its largest party is {largest}, the one with the most votes."
        )
    return notes


def list_bucket_notes(election: Election, systems: Iterable[object]) -> list[str]:
    """Where one of ``systems`` gives list seats (:class:`ListPR`, :class:`AdditionalMember`'s
    top-up): a note that the ``Other`` bucket, small parties counted together, gets none,
    naming its largest party where the candidates' own party names are known (the Workers
    Party of Britain's 0.7% in 2024, more than some parties given list seats), so list seat
    totals are not read as what each of those parties would have won; none otherwise."""
    if not any(isinstance(system, ListPR | AdditionalMember) for system in systems):
        return []
    if "Other" not in election.parties:
        return []
    votes = np.asarray(election.votes, dtype=np.float64)
    total = float(votes.sum())
    other = float(votes[:, election.parties.index("Other")].sum())
    if not total > 0 or not other > 0:
        return []
    by_name: dict[str, int] = {}
    for seat in election.candidates or ():
        for candidate in seat:
            if candidate.party == "Other" and candidate.party_name:
                name = str(candidate.party_name)
                by_name[name] = by_name.get(name, 0) + int(candidate.votes)
    largest = ""
    if by_name:
        name, party_votes = max(by_name.items(), key=lambda item: item[1])
        largest = (
            f"; the largest, {name} ({format_number(100 * party_votes / total, '.2f')}% of the "
            "votes), would stand a list of its own and could win seats, which the list totals "
            "give to the parties named"
        )
    return [
        f"Other ({format_number(100 * other / total, '.1f')}% of the votes) is small parties "
        f"counted together and, like independents, gets no list seats{largest}."
    ]


def assumption_notes(election: Election, systems: Iterable[object]) -> list[str]:
    """What the counts of ``systems`` assume beyond the votes, one note per kind of system
    run, so a scenario is not read as a result: AV and STV's modelled preferences
    (:func:`psephos.systems.preferences.preferences_note`: the UK's estimated, Canada's set by
    hand to illustrate, a file's), STV's districts (:func:`districts_note`) and AMS's top-up
    areas, list votes and enlarged House (:func:`top_up_note`), and the legal threshold asked
    for and the lists it applies to (:func:`threshold_note`); none for the others."""
    systems = list(systems)
    notes = [
        preferences_note(election, systems),
        districts_note(election, systems),
        top_up_note(election, systems),
        threshold_note(systems),
    ]
    return [note for note in notes if note is not None]


def threshold_note(systems: Iterable[object]) -> str | None:
    """Where a legal threshold was asked for (:func:`configured_systems`' ``threshold``): which
    of ``systems`` it applies to, by key, and whose vote it is a share of
    (:data:`THRESHOLD_RULE`), so that a seat table copied without its labels still says it
    ("A 5% legal threshold applies to dhondt-national and dhondt-regional, ..."); ``None``
    without one (``sainte-lague-5pc``'s own 5% is in its name)."""
    applied = [
        system
        for system in systems
        if isinstance(system, ListPR) and asked_threshold(system.key, system.threshold)
    ]
    if not applied:
        return None
    return (
        f"A {threshold_percent(applied[0].threshold)} legal threshold applies to "
        f"{listed([system.key for system in applied])} (each headed with it in the tables), "
        f"as {THRESHOLD_RULE}; a party below it in a list's area wins no seat there."
    )


def districts_note(election: Election, systems: Iterable[object]) -> str | None:
    """Where one of ``systems`` is STV: how many districts of about how many members it
    counted, and how they were drawn (:func:`psephos.systems.districts.build_districts`):
    neighbouring seats by their centres, or, where no seat centres are bundled (Canada, a
    results file), in the order of the seats' codes, which is not geographic, so the figures
    only illustrate district magnitude; ``None`` without STV."""
    stv = next((s for s in systems if isinstance(s, SingleTransferableVote)), None)
    if stv is None:
        return None
    districts = build_districts(election, size=stv.district_size)
    said = (
        f"STV: {counted(len(districts), 'district')} of about "
        f"{format_number(stv.district_size, ',')} members within the election's regions"
    )
    if any(district.method == "code order" for district in districts):
        return (
            f"{said}, their seats taken in the order of their codes, not by geography (no "
            "seat centres are bundled for these seats), so the STV figures illustrate "
            "district magnitude, not real districts."
        )
    return (
        f"{said}, each of neighbouring seats grouped by their centres: drawn by psephos, "
        "not proposed boundaries."
    )


def top_up_note(election: Election, systems: Iterable[object]) -> str | None:
    """Where one of ``systems`` is AMS: that the election's regions are the top-up areas, its
    constituency votes stand in for list votes (no list vote was cast) and the top-up seats
    enlarge the House, to how many seats under each AMS counted
    (:meth:`AdditionalMember.top_up_seats`); ``None`` without AMS."""
    chosen = [s for s in systems if isinstance(s, AdditionalMember)]
    if not chosen:
        return None
    houses = listed(
        [
            f"{format_number(election.n_seats + sum(s.top_up_seats(election).values()), ',')} "
            f"under {s.label}"
            for s in chosen
        ]
    )
    n_regions = len(dict.fromkeys(election.regions.tolist()))
    return (
        f"AMS: top-up seats in each region of the election ({counted(n_regions, 'region')}), "
        "won on the constituency votes (no list vote was cast), constituency seats above a "
        f"party's share kept: the House grows from {format_number(election.n_seats, ',')} "
        f"seats to {houses}."
    )


def require_votes(election: Election) -> None:
    """The check every count under other systems makes first (``psephos systems``, the systems
    page, :func:`compare_systems`): some votes to count. A file of only seats won unopposed
    (no votes cast anywhere) has no shares to share seats by.

    Raises:
        DataFormatError: in one line, naming the election.
    """
    if not float(np.asarray(election.votes).sum()) > 0:
        raise DataFormatError(
            f"{election.name} has no votes cast in any seat (every seat won unopposed, or "
            "its votes left out), so there is nothing to count under other systems."
        )


def compare_systems(
    election: Election, systems: list[str] | None = None, *, seed: int | None = None
) -> list[SystemResult]:
    """Seats under each named system (default: every registered system), in registry order.

    Raises:
        DataFormatError: an election with no votes (:func:`require_votes`).
    """
    require_votes(election)
    keys = systems if systems is not None else list(SYSTEMS)
    return [get_system(key).allocate(election, seed=seed) for key in keys]
