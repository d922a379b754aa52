"""House of Commons arithmetic: who votes, the working-majority threshold, and arrangements.

The rules follow House of Commons practice as described in the House of Commons Library
briefings on the Speaker and deputies (SN04637 "The Speaker") and on hung parliaments
(SN04589; Institute for Government, "Hung parliaments", 2017):

* A *nominal* majority is more than half of all seats: ``n_seats // 2 + 1`` (326 of 650).
* The Speaker does not vote, and neither do the three Deputy Speakers (Chairman of Ways and
  Means and two deputies). By custom the four are balanced between the two sides of the House:
  two come from each side, counting the Speaker on the side he or she was elected from. Since
  the Speaker normally comes from the governing side, the three deputies are one from the
  government side and two from the opposition side (2010, 2015, 2017: Lab, Lab, Con; 2024: Con,
  Con, Lab); when the Speaker came from the opposition side (Hoyle, Labour, in the 2019
  Parliament) it is two from the government side and one from the opposition (Con, Con, Lab).
  :data:`SPEAKER_SIDE` records this for the bundled elections. The Speaker's seat is its own
  party (``"Speaker"``) in the data; the deputies are taken from the benches: from the largest
  party on each side, the largest party overall being taken as the government side. Both counts
  and the assignment are parameters.
* Sinn Féin MPs are elected but do not take their seats (abstentionism), so they never vote.
* Canada's Speaker does not vote either, except to break a tie (Constitution Act, 1867, s. 49),
  but the results count the Speaker's riding under the party the Speaker was elected from, and
  the Deputy Speakers vote. One member of that party is set aside
  (``ParliamentRules.speaker_on_benches``): of the party the history names for a bundled
  election (``Jurisdiction.speaker_bench``), else of the largest party on the government side,
  the Speaker's side by convention, an assumption the report says it makes.
* The *working* (effective) majority threshold is half of the MPs who actually vote, plus one:
  ``voting // 2 + 1``. The working majority of an arrangement is its votes minus all other
  voting MPs' votes (the figure quoted in the press: Con + DUP 2017 = 13).

:func:`voting_members` is the one implementation of these rules, vectorised over any number of
Houses: :func:`parliament` (``psephos govern``), the forecast's simulated Houses and the
tactical "who governs" rule all call it, so they agree on every House.

Independents (and ``Other``) are not parties: each such MP is a separate single-seat member.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError, UnknownPartyError, did_you_mean
from psephos.jurisdictions import (
    OWN,
    UK,
    Jurisdiction,
    ParliamentRules,
    for_parties,
    refuse_foreign_name,
)
from psephos.jurisdictions import of as jurisdiction_of
from psephos.jurisdictions.base import canonical_party
from psephos.model import Election, nominal_majority, party_in
from psephos.model.party import find_party, unknown_party
from psephos.numbers import counted, format_number


class _HasSeats(Protocol):
    def seats_won(self) -> dict[str, int]: ...


SeatsInput = Mapping[str, int] | _HasSeats


#: Westminster conventions (the default): the UK jurisdiction's chamber rules.
UK_RULES = UK.parliament
#: A plain weighted vote: everyone elected votes, no Speaker rules, parties vote as blocs.
PLAIN_RULES = ParliamentRules(
    speaker_party="Speaker",
    abstentionist_parties=(),
    deputies_government_side=0,
    deputies_opposition_side=0,
    individual_groups=(),
)


#: The side of the House each bundled Parliament's Speaker came from (the UK jurisdiction's).
SPEAKER_SIDE = UK.speaker_side


def uk_rules_for(election_id: str | None) -> ParliamentRules:
    """Westminster rules with the historical deputy split for a bundled election id.

    Unknown ids (projections, user files) get :data:`UK_RULES` (Speaker from the government
    side: one government deputy, two opposition deputies).
    """
    return UK.parliament_rules(election_id)


#: Below this many seats a House (a made-up one, a council, a file of a few seats) has no
#: Deputy Speakers taken from the benches and no Speaker set aside from a party's members:
#: Westminster's three deputies and a chair filled from the benches belong to a full House.
SMALL_HOUSE = 100


def rules_for(source: SeatsInput) -> ParliamentRules:
    """The chamber rules of the House elected as ``source``: the one place that decides them,
    so ``psephos govern``, the outcome under ``psephos project``'s table and ``psephos
    turnout``'s "After the change" agree on every House.

    * The country: an election's jurisdiction; seats per party (``--seats``) belong to the
      country whose parties they name (:func:`psephos.jurisdictions.for_parties`: Canadian
      parties, Canada's House; else the UK's).
    * The history (:func:`conventions_id`): the Deputy Speaker split and Speaker of a bundled
      election (the UK: see :data:`SPEAKER_SIDE`; Canada: the Speaker's party,
      :attr:`psephos.jurisdictions.Jurisdiction.speaker_bench`), also for a scenario of that
      Parliament (a turnout scenario). Where the history's Speaker's party has no seat left in
      a scenario, the Speaker is assumed from the government side.
    * The size: a House of fewer than :data:`SMALL_HOUSE` seats has no Deputy Speakers and no
      Speaker taken from a party's benches (``psephos govern`` takes deputies asked for).
    """
    seats = seats_mapping(source)
    rules = country_of(source).parliament_rules(conventions_id(source))
    if sum(seats.values()) < SMALL_HOUSE:
        return replace(
            rules, deputies_government_side=0, deputies_opposition_side=0, speaker_on_benches=False
        )
    if rules.speaker_bench is not None and house_party(rules.speaker_bench, seats) not in seats:
        return replace(rules, speaker_bench=None)
    return rules


def conventions_id(source: SeatsInput) -> str | None:
    """The bundled election whose House conventions apply to ``source`` (:func:`rules_for`):
    its own id, or for a scenario of that same Parliament (a turnout scenario re-counts the
    election with other turnout, recorded as ``meta["parliament"]``) that election's. A
    projection is a new Parliament and keeps its own id (the country's default conventions);
    so do seats given (``None``). A user's results file, and a scenario of one, has none,
    whatever the file is called (:meth:`~psephos.jurisdictions.Jurisdiction.bundled_id`: a
    file ``2019.csv`` does not take the 2019 Parliament's Speaker)."""
    election_id = source_id(source)
    if not isinstance(source, Election):
        return election_id
    if source.from_file is not None:
        return None
    country = jurisdiction_of(source)
    parliament = source.meta.get("parliament")
    known = country.bundled_id(source) or (
        country.canonical_id(parliament) if isinstance(parliament, str) else None
    )
    return known if known is not None else election_id


def country_of(source: SeatsInput) -> Jurisdiction:
    """The country of ``source``: an election's jurisdiction; seats per party belong to the
    country whose parties they name (:func:`psephos.jurisdictions.for_parties`), and seats
    naming none of any country's own parties (``A 40 B 35 C 25``) to a country of their own
    (:data:`psephos.jurisdictions.OWN`: its plain chamber, no Westminster Speaker's deputies
    nor abstentionists, its members "members")."""
    if isinstance(source, Election):
        return jurisdiction_of(source)
    parties = list(seats_mapping(source))
    country = for_parties(parties)
    return country if country.names_own_party(parties) else OWN


def source_id(source: SeatsInput) -> str | None:
    """The election id of ``source``, ``None`` for seats given (a mapping has none): what
    names its parties and finds its historical conventions."""
    election_id = getattr(source, "id", None)
    return election_id if isinstance(election_id, str) else None


def house_party(name: str, parties: Iterable[str]) -> str:
    """The code among a House's ``parties`` of a party name, code or alias.

    Names are read against the House's own parties (:func:`psephos.model.party_in`), so a
    Canadian House reads "Green" as the GPC and "Conservative" as the CPC; a name none of them
    answers to is kept as the vocabulary reads it (``"Lib Dem"`` -> ``"LD"``, a made-up label
    as given), for the caller to refuse or for toy Houses.
    """
    try:
        return party_in(name, tuple(parties))
    except UnknownPartyError:
        return canonical_party(name)


def party_codes(names: Iterable[str]) -> dict[str, str]:
    """Each party name's code, read in the country the names belong to.

    The country comes first: the one whose own parties the vocabulary finds among the names
    (:func:`psephos.jurisdictions.for_parties`: ``Liberal`` and ``Bloc`` are Canada's; else
    the UK). Each name is then read among that country's parties (:func:`house_party`), so
    ``Conservative`` beside ``Liberal`` is the CPC, and beside ``Labour`` is Con. A name no
    party answers to stays as given (toy Houses: ``A``, ``B``).
    """
    given = [str(name) for name in names]
    country = for_parties([canonical_party(name) for name in given])
    own = [party.code for party in country.parties]
    return {name: house_party(name, own) for name in given}


def named_party(name: str, parties: Iterable[str]) -> str:
    """The code of a party the caller names for a House whose parties with seats are
    ``parties`` (:func:`house_party`): one of them, or a party psephos knows that has none
    there (the SDLP in 2017), for the caller to count with 0 or refuse (:func:`seated_party`).

    Raises:
        ForeignPartyError: another country's party (:func:`psephos.jurisdictions.
            refuse_foreign_name`: Labour in a Canadian House).
        UnknownPartyError: a name no party answers to ("Foo"), called unknown, with those
            that have seats and a 'Did you mean' of them (:func:`psephos.model.party.
            unknown_party`, as every reader of a party name refuses one).
    """
    seated = list(parties)
    code = house_party(name, seated)
    if code in seated:
        return code
    refuse_foreign_name(name, seated)
    if find_party(name.strip()) is None:
        raise unknown_party(name.strip(), seated)
    return code


def seated_party(name: str, parties: Iterable[str]) -> str:
    """The code of a party the caller names among a House's ``parties`` (:func:`named_party`),
    which must have seats.

    Raises:
        ForeignPartyError: another country's party (:func:`psephos.jurisdictions.
            refuse_foreign_name`: Labour in a Canadian House).
        UnknownPartyError: a name no party answers to (:func:`named_party`); a party with no
            seats in this House, naming it as the caller typed it (``'UKIP'``, not the code
            ``'Reform'`` it reads as), those that have seats and the closest.
    """
    seated = list(parties)
    code = named_party(name, seated)
    if code not in seated:
        raise UnknownPartyError(
            f"Party {name.strip()!r} has no seats; parties: {', '.join(seated)}."
            + did_you_mean(name.strip(), seated)
        )
    return code


def seats_mapping(source: SeatsInput) -> dict[str, int]:
    """Party -> seats from a mapping or anything with ``seats_won()`` (an ``Election``).

    Party names become codes in the country they belong to (:func:`party_codes`: ``"Lib Dem"``
    -> ``"LD"``, ``"Conservative"`` beside ``"Liberal"`` -> ``"CPC"``); unknown labels are kept
    as given, so toy parliaments work, and so are the parties of an election of its own country
    (:data:`psephos.jurisdictions.OWN`: a New Zealand file's "Labour" and "National" are not the
    UK's Lab and SNP). Zero-seat parties are dropped.

    Raises:
        DataFormatError: negative or non-whole seat counts.
    """
    raw: Mapping[str, Any]
    raw = source.seats_won() if hasattr(source, "seats_won") else source
    codes = (
        {str(name): str(name) for name in raw}  # its own parties, under their names as written
        if isinstance(source, Election) and jurisdiction_of(source) is OWN
        else party_codes(raw)
    )
    seats: dict[str, int] = {}
    for name, value in raw.items():
        count = float(value)
        if count < 0 or count != int(count):
            raise DataFormatError(
                f"Seats must be whole numbers of 0 or more; {name!r} has {value!r}."
            )
        if count:
            code = codes[str(name)]
            seats[code] = seats.get(code, 0) + int(count)
    if not seats:
        raise DataFormatError("No party has any seats.")
    return seats


IntArray = npt.NDArray[np.int64]


def working_threshold(n_voting: npt.ArrayLike) -> IntArray:
    """Votes needed to win when every voting member votes: half of them plus one (320 of
    639). Vectorised: one threshold per House of ``n_voting``."""
    return np.asarray(np.asarray(n_voting, dtype=np.int64) // 2 + 1, dtype=np.int64)


def threshold_words(threshold: int) -> str:
    """The working-majority threshold in words, as every chart and page labels it: ``320
    votes needed for a working majority``. "A working majority" alone is an arrangement's
    margin over everyone else who votes (Con + DUP 2017: 13), never the threshold."""
    return f"{format_number(threshold, ',.0f')} votes needed for a working majority"


@dataclass(frozen=True, slots=True)
class VotingMembers:
    """Who votes in one House or many (:func:`voting_members`); every array has the leading
    shape of the seat totals given (``()`` for one House, ``(n_sims,)`` for simulations).

    Attributes:
        seats: ``(..., n_parties)`` the seat totals given.
        votes: ``(..., n_parties)`` each party's voting members: its seats less a Speaker and
            Deputy Speakers taken from its benches; none for the Speaker's own label and the
            abstentionists; all of them for independent members (``Ind``, ``Other``).
        chair: ``(...,)`` column of the party whose member is the Speaker, where the Speaker
            sits on a party's benches (Canada); -1 elsewhere.
        government: ``(...,)`` column of the largest party on the government side (the
            largest party when the side is not given; ties to the first code in sort order),
            -1 where no party on that side holds a seat.
        n_voting: ``(...,)`` members who vote.
        threshold: ``(...,)`` votes needed for a working majority (:func:`working_threshold`).
        members_vote: ``(n_parties,)`` 1 where a party's members vote (blocs and independent
            members), 0 for the Speaker's label and the abstentionists.
    """

    seats: IntArray
    votes: IntArray
    chair: IntArray
    government: IntArray
    n_voting: IntArray
    threshold: IntArray
    members_vote: IntArray

    @property
    def speaker(self) -> IntArray:
        """``(..., n_parties)`` 1 for the party whose member is the Speaker (:attr:`chair`)."""
        n_parties = self.seats.shape[-1]
        return np.asarray(self.chair[..., None] == np.arange(n_parties), dtype=np.int64)

    @property
    def deputies(self) -> IntArray:
        """``(..., n_parties)`` Deputy Speakers taken from each party: the members set aside
        other than the Speaker (kept out of the vectorised rule, which needs only votes)."""
        return np.asarray(self.seats * self.members_vote - self.votes - self.speaker)

    def has_working_majority(self) -> npt.NDArray[np.bool_]:
        """``(..., n_parties)``: whether each party alone has a working majority."""
        return np.asarray(self.votes >= self.threshold[..., None])


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where a chamber's rules fall among a House's party columns (:func:`_columns`)."""

    bloc: npt.NDArray[np.bool_]  # parties that vote as blocs (not non-voting, not individuals)
    voting: IntArray  # 1: the party's members vote (blocs and independent members), else 0
    scale: IntArray  # rank key = seats * scale + offset: n_parties for blocs, else 0
    offset: IntArray  # n_parties - 1 - rank of the code in sort order (ties to the first
    # code); -1 for a party that is not a bloc
    speaker_bench: int | None  # column of rules.speaker_bench (-1: not in the House; None:
    # not known, so the largest party on the government side)


@lru_cache(maxsize=64)
def _columns(parties: tuple[str, ...], rules: ParliamentRules) -> _Columns:
    n_parties = len(parties)
    non_voting = {house_party(p, parties) for p in rules.non_voting}
    individual = np.array([p in rules.individual_groups for p in parties], dtype=bool)
    bloc = ~individual & np.array([p not in non_voting for p in parties], dtype=bool)
    rank = np.empty(n_parties, dtype=np.int64)
    rank[np.argsort(np.array(parties, dtype=object), kind="stable")] = np.arange(n_parties)
    bench = None
    if rules.speaker_bench is not None:
        code = house_party(rules.speaker_bench, parties)
        bench = parties.index(code) if code in parties else -1
    return _Columns(
        bloc=bloc,
        voting=(bloc | individual).astype(np.int64),
        scale=np.where(bloc, n_parties, 0).astype(np.int64),
        offset=np.where(bloc, n_parties - 1 - rank, -1).astype(np.int64),
        speaker_bench=bench,
    )


def _take(votes: IntArray, cells: IntArray, wanted: npt.ArrayLike) -> IntArray:
    """Set aside up to ``wanted`` voting members of each of ``cells`` (flat indices of
    ``votes``, one party of one House each), in place; returns how many each gave."""
    give = np.minimum(wanted, votes[cells])
    votes[cells] -= give
    return give


def _draw_deputies(side_key: IntArray, count: int, votes: IntArray) -> None:
    """Take ``count`` Deputy Speakers in each House from one side (``side_key``: ``(n_houses,
    n_parties)``, the rank key of the side's parties, -1 off the side): from its largest
    party, then, in the Houses where that party has no member left, from the next (in place
    on the flat ``votes``)."""
    n_parties = side_key.shape[1]
    starts = np.arange(len(side_key)) * n_parties  # each House's first cell
    wanted = np.full(len(side_key), count, dtype=np.int64)
    keys = side_key
    while count and len(starts):
        pick = keys.argmax(axis=1)
        seated = (
            keys.reshape(-1)[np.arange(len(keys)) * n_parties + pick] >= n_parties
        )  # seats left
        wanted -= _take(votes, starts + pick, np.where(seated, wanted, 0))
        more = seated & (wanted > 0)
        keys = keys[more]
        keys[np.arange(len(keys)), pick[more]] = -1  # that party has given what it had
        starts, wanted = starts[more], wanted[more]


def voting_members(
    seat_totals: npt.ArrayLike,
    parties: Sequence[str],
    rules: ParliamentRules,
    *,
    government: Iterable[str] | None = None,
    deputies: npt.ArrayLike | None = None,
) -> VotingMembers:
    """The working-majority rule: who votes, and the votes a working majority needs, in one
    House or in many at once (vectorised over any leading shape).

    The one implementation of the chamber's rules (:class:`ParliamentRules`): ``psephos
    govern`` (:func:`parliament`), the forecast's working majorities and coalition tallies
    (:mod:`psephos.forecast.montecarlo`) and the tactical "who governs" rule
    (:class:`psephos.tactical.MajorityRule`) all call it, so they answer alike for the same
    House.

    * The Speaker's own label and the abstentionist parties do not vote.
    * Where the Speaker sits on a party's benches (``rules.speaker_on_benches``), one member
      of ``rules.speaker_bench`` is set aside; where that is not known, one of the largest
      party on the government side (the Speaker's side by convention).
    * ``rules.deputies_government_side`` Deputy Speakers come from the largest party on the
      government side and ``rules.deputies_opposition_side`` from the largest party outside
      it; where a party has no voting member left, the next largest on its side gives them.
    * Without ``government``, the largest party is the government side: the convention for a
      projection or a simulated House, whose government is not known (the largest party gives
      up the government-side deputy and, where the rule applies, the Speaker).

    Parties rank by seats, ties to the first code in sort order; independent members
    (``rules.individual_groups``) each vote and give no deputy.

    Args:
        seat_totals: ``(..., n_parties)`` seats per party in each House.
        parties: The party code of each column.
        rules: The chamber's rules.
        government: Parties on the government side, the same in every House; ``None``: the
            largest party of each House.
        deputies: ``(..., n_parties)`` Deputy Speakers per party, instead of drawing them by
            side (the caller checks that each party has them).
    """
    totals = np.asarray(seat_totals, dtype=np.int64)
    shape = totals.shape
    flat = totals.reshape(-1, shape[-1])
    n_parties = flat.shape[1]
    starts = np.arange(len(flat)) * n_parties  # each House's first cell in the flat arrays
    columns = _columns(tuple(parties), rules)
    key = np.multiply(flat, columns.scale)  # more seats first, ties to the first code
    key += columns.offset  # -1: not a bloc
    if government is None:
        gov_key = key
    else:
        named = np.array([p in set(government) for p in parties], dtype=bool)
        gov_key = np.where(named, key, -1)
    leader = gov_key.argmax(axis=1)
    leader = np.where(gov_key.reshape(-1)[starts + leader] >= n_parties, leader, -1)
    sits = leader >= 0  # the government side holds a seat
    votes = (flat * columns.voting).reshape(-1)
    chair = np.full_like(leader, -1)
    if rules.speaker_on_benches:
        known = columns.speaker_bench
        wanted = leader if known is None else np.full_like(leader, known)
        held = (wanted >= 0) & columns.bloc[wanted]
        held[held] = _take(votes, (starts + wanted)[held], 1) > 0
        chair[held] = wanted[held]
    if deputies is not None:
        named_deputies = np.broadcast_to(np.asarray(deputies, dtype=np.int64), shape)
        votes -= np.where(columns.bloc, named_deputies.reshape(flat.shape), 0).reshape(-1)
    elif government is None:  # the government side is the largest party alone
        cells = (starts + leader)[sits]
        _take(votes, cells, rules.deputies_government_side)
        opposition = key  # not read again: the largest party leaves it in place
        opposition.reshape(-1)[cells] = -1
        _draw_deputies(opposition, rules.deputies_opposition_side, votes)
    else:
        _draw_deputies(gov_key, rules.deputies_government_side, votes)
        _draw_deputies(np.where(named, -1, key), rules.deputies_opposition_side, votes)
    n_voting = votes.reshape(flat.shape).sum(axis=1)
    return VotingMembers(
        seats=totals,
        votes=votes.reshape(shape),
        chair=chair.reshape(shape[:-1]),
        government=leader.reshape(shape[:-1]),
        n_voting=n_voting.reshape(shape[:-1]),
        threshold=working_threshold(n_voting).reshape(shape[:-1]),
        members_vote=columns.voting,
    )


@dataclass(frozen=True, slots=True)
class Parliament:
    """A House with its voting members resolved.

    Build it with :func:`parliament`. ``votes`` is each bloc party's voting strength (seats less
    deputies, a Speaker from its benches and abstainers; the Speaker's own seat and
    abstentionists have none); ``n_individuals`` single members (independents) vote on their
    own.

    Attributes:
        seats: Seats per party (as elected; zero-seat parties dropped).
        rules: The conventions used.
        deputies: Deputy Speakers taken from each party.
        votes: Voting strength per bloc party (only parties with at least one vote).
        n_individuals: Voting independent / other single members.
        individual_seats: Seats per individual group (``{"Ind": 6}``).
        speaker_from: The party one of whose members is the Speaker, set aside from its votes
            (:attr:`ParliamentRules.speaker_on_benches`: Canada); ``None`` where the Speaker's
            seat has its own label (the UK) or is not counted.
        speaker_assumed: ``speaker_from`` is assumed (the largest party on the government
            side), not the history of a bundled election.
    """

    seats: Mapping[str, int]
    rules: ParliamentRules
    deputies: Mapping[str, int]
    votes: Mapping[str, int]
    n_individuals: int
    individual_seats: Mapping[str, int] = field(default_factory=dict)
    speaker_from: str | None = None
    speaker_assumed: bool = False

    @property
    def n_seats(self) -> int:
        """All seats in the House."""
        return sum(self.seats.values())

    @property
    def nominal_majority(self) -> int:
        """Seats needed for a majority of the whole House (:func:`psephos.model.nominal_majority`:
        326 of 650)."""
        return nominal_majority(self.n_seats)

    @property
    def speaker_seats(self) -> int:
        """Seats held by the Speaker (normally 1): the Speaker's own label, or the member set
        aside from :attr:`speaker_from`'s benches."""
        return self.seats.get(self.rules.speaker_party, 0) + (self.speaker_from is not None)

    @property
    def abstentionist_seats(self) -> dict[str, int]:
        """Seats of parties that do not take them."""
        codes = dict.fromkeys(self.party(p) for p in self.rules.abstentionist_parties)
        return {p: self.seats[p] for p in codes if p in self.seats}

    @property
    def n_deputies(self) -> int:
        """Deputy Speakers actually taken from the benches."""
        return sum(self.deputies.values())

    @property
    def n_voting(self) -> int:
        """MPs who vote: all seats less Speaker, deputies and abstentionists."""
        return sum(self.votes.values()) + self.n_individuals

    @property
    def working_threshold(self) -> int:
        """Votes needed to win when every voting MP votes: half of them plus one
        (:func:`working_threshold`, the rule :func:`voting_members` applies)."""
        return int(working_threshold(self.n_voting))

    def party(self, name: str) -> str:
        """The code in this House of a party name, code or alias (:func:`house_party`)."""
        return house_party(name, self.seats)

    def seats_of(self, parties: Iterable[str]) -> int:
        """Elected seats of a set of parties (nominal)."""
        return sum(self.seats.get(self.party(p), 0) for p in parties)

    def votes_of(self, parties: Iterable[str]) -> int:
        """Voting strength of a set of parties (deputies and abstainers removed)."""
        total = 0
        for party in parties:
            code = self.party(party)
            if code in self.rules.individual_groups:
                total += self.individual_seats.get(code, 0)
            else:
                total += self.votes.get(code, 0)
        return total


def parliament(
    source: SeatsInput,
    *,
    rules: ParliamentRules | None = None,
    government: Iterable[str] | None = None,
    deputies: Mapping[str, int] | None = None,
) -> Parliament:
    """Resolve who votes in a House elected as ``source``.

    Args:
        source: Party -> seats, or an ``Election`` / projection (its ``seats_won()``).
        rules: Conventions; by default the country's (:func:`rules_for`: Westminster's
            :data:`UK_RULES` with the historical deputy split of a bundled election, Canada's
            House for Canadian parties); :data:`PLAIN_RULES` for a plain vote.
        government: Parties on the government side; the government-side deputy comes from its
            largest party and the opposition deputies from the largest party outside it. By
            default the largest party is the government side.
        deputies: Explicit Deputy Speakers per party (overrides ``rules`` and ``government``).

    Where the Speaker sits on a party's benches (``rules.speaker_on_benches``), one member of
    ``rules.speaker_bench`` is set aside before the deputies are drawn; without it, one of the
    largest party on the government side (:attr:`Parliament.speaker_assumed`).

    Raises:
        DataFormatError: bad seat counts, or more deputies (or a Speaker) than a party has
            voting seats.
    """
    seats = seats_mapping(source)
    if rules is None:
        rules = rules_for(source)
    parties = list(seats)
    gov_set = None if government is None else {seated_party(p, seats) for p in government}
    assigned = None
    if deputies is not None:
        assigned = {house_party(p, seats): int(n) for p, n in deputies.items() if int(n)}
    house = voting_members(
        [seats[p] for p in parties],
        parties,
        rules,
        government=gov_set,
        deputies=None if assigned is None else [assigned.get(p, 0) for p in parties],
    )
    columns = _columns(tuple(parties), rules)
    benches = {  # members who may vote or sit in the chair, once the Speaker is set aside
        p: int(house.votes[i] + house.deputies[i]) if columns.bloc[i] else 0
        for i, p in enumerate(parties)
    }
    speaker_from = _chair(rules, seats, house.speaker, benches)
    _check_deputies(assigned or {}, benches)
    ranked = sorted(
        (p for i, p in enumerate(parties) if columns.bloc[i]), key=lambda p: (-seats[p], p)
    )
    if assigned is None:  # the government side's deputies first, then the opposition's
        gov_side = set(ranked[:1]) if gov_set is None else gov_set
        order = sorted(ranked, key=lambda p: p not in gov_side)
        assigned = {p: int(house.deputies[parties.index(p)]) for p in order}
    voting = {p: int(house.votes[parties.index(p)]) for p in ranked}
    individual_seats = {p: s for p, s in seats.items() if p in rules.individual_groups}
    return Parliament(
        seats=MappingProxyType(dict(sorted(seats.items(), key=lambda kv: (-kv[1], kv[0])))),
        rules=rules,
        deputies=MappingProxyType({p: n for p, n in assigned.items() if n}),
        votes=MappingProxyType({p: n for p, n in voting.items() if n}),
        n_individuals=sum(individual_seats.values()),
        individual_seats=MappingProxyType(individual_seats),
        speaker_from=speaker_from,
        speaker_assumed=speaker_from is not None and rules.speaker_bench is None,
    )


def _chair(
    rules: ParliamentRules,
    seats: Mapping[str, int],
    speaker: IntArray,
    benches: Mapping[str, int],
) -> str | None:
    """The party whose member :func:`voting_members` set aside as the Speaker (``None``: the
    Speaker's seat has its own label, or no party could hold the chair).

    Raises:
        DataFormatError: the history's Speaker's party (``rules.speaker_bench``) has no
            voting seat in this House.
    """
    chair = next((p for p, n in zip(seats, speaker, strict=True) if n), None)
    if rules.speaker_on_benches and rules.speaker_bench is not None and chair is None:
        bench = house_party(rules.speaker_bench, seats)
        raise DataFormatError(
            f"Cannot take the Speaker from {bench!r}, which has "
            f"{counted(benches.get(bench, 0), 'voting seat')}."
        )
    return chair


def _check_deputies(assigned: Mapping[str, int], benches: Mapping[str, int]) -> None:
    """Refuse Deputy Speakers named by the caller that a party does not have.

    Raises:
        DataFormatError: a negative count, or more than the party's voting seats.
    """
    for party, count in assigned.items():
        if count < 0 or count > benches.get(party, 0):
            raise DataFormatError(
                f"Cannot take {count} Deputy Speaker(s) from {party!r}, which has "
                f"{benches.get(party, 0)} voting seat(s)."
            )


#: Where an arrangement's supporters come from: ``"agreed"``, an arrangement history or the
#: user names (the 2017 DUP agreement, ``--confidence-supply``), "on confidence and supply";
#: ``"possible"``, psephos's own guess of the parties that could support a government (a
#: connected arrangement on the left-right order), "supporting"; ``"arithmetic"``, its guess
#: where no connected arrangement wins (or the House has no order), "supporting; arithmetic
#: only".
Support = Literal["agreed", "possible", "arithmetic"]

#: How a label writes the supporters of each kind of arrangement (:class:`Support`).
SUPPORT_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "agreed": "on confidence and supply",
        "possible": "supporting",
        "arithmetic": "supporting; arithmetic only",
    }
)


@dataclass(frozen=True, slots=True)
class Assessment:
    """Whether a government (with any confidence-and-supply partners) commands the House.

    Attributes:
        government: Parties in government.
        supporters: Confidence-and-supply partners (vote with the government on confidence and
            supply, hold no ministerial posts); they count toward the working majority.
        seats: Elected seats of government and supporters together.
        votes: Their voting strength (deputies removed).
        nominal_majority: Seats needed for a majority of the whole House.
        threshold: Votes needed for a working majority.
        n_voting: MPs who vote.
        working_majority: ``votes`` minus every other voting MP (negative when short).
        support: Where the supporters come from (:data:`Support`): agreed (history, the
            user), or psephos's guess of possible support.
    """

    government: tuple[str, ...]
    supporters: tuple[str, ...]
    seats: int
    votes: int
    nominal_majority: int
    threshold: int
    n_voting: int
    working_majority: int
    support: Support = "agreed"

    @property
    def has_nominal_majority(self) -> bool:
        """At least ``nominal_majority`` seats."""
        return self.seats >= self.nominal_majority

    @property
    def has_working_majority(self) -> bool:
        """At least ``threshold`` votes."""
        return self.votes >= self.threshold

    @property
    def short_of_majority(self) -> int:
        """Seats short of a nominal majority (0 if it has one)."""
        return max(0, self.nominal_majority - self.seats)

    @property
    def label(self) -> str:
        """``"Con + LD"``, ``"Con + DUP (DUP on confidence and supply)"``, or for psephos's
        guess ``"LPC + NDP (NDP supporting)"``."""
        return self.named()

    def named(self, name: Callable[[str], str] = str) -> str:
        """The label with each party as ``name`` names it (an election's
        :func:`psephos.model.party_label`: ``"Con + UKIP"`` in 2015)."""
        text = " + ".join(name(party) for party in (*self.government, *self.supporters))
        return f"{text} {self.support_note(name)}" if self.supporters else text

    def support_note(self, name: Callable[[str], str] = str) -> str:
        """The supporters and where they come from (:data:`SUPPORT_WORDS`), as a label writes
        them: ``"(DUP on confidence and supply)"``, ``"(NDP supporting)"``; blank without
        supporters."""
        if not self.supporters:
            return ""
        return f"({' + '.join(map(name, self.supporters))} {SUPPORT_WORDS[self.support]})"

    def to_dict(self, name: Callable[[str], str] = str) -> dict[str, Any]:
        """Plain row for tables and JSON: ``arrangement`` names the parties as ``name`` does
        (:meth:`named`); ``government`` and ``supporters`` are their codes."""
        return {
            "arrangement": self.named(name),
            "government": " + ".join(self.government),
            "supporters": " + ".join(self.supporters),
            "seats": self.seats,
            "votes": self.votes,
            "nominal_majority": self.nominal_majority,
            "short_of_nominal": self.short_of_majority,
            "threshold": self.threshold,
            "working_majority": self.working_majority,
            "commands_house": self.has_working_majority,
        }


def assess(
    house: Parliament,
    government: Iterable[str],
    supporters: Iterable[str] = (),
    *,
    support: Support = "agreed",
) -> Assessment:
    """Majority arithmetic of one arrangement (``support``: where its supporters come from,
    :data:`Support`).

    Raises:
        UnknownPartyError: a party with no seats in this House.
    """
    gov = tuple(dict.fromkeys(seated_party(p, house.seats) for p in government))
    sup = tuple(
        p for p in dict.fromkeys(seated_party(p, house.seats) for p in supporters) if p not in gov
    )
    if not gov:
        raise UnknownPartyError("A government needs at least one party.")
    members = (*gov, *sup)
    votes = house.votes_of(members)
    return Assessment(
        government=gov,
        supporters=sup,
        seats=house.seats_of(members),
        votes=votes,
        nominal_majority=house.nominal_majority,
        threshold=house.working_threshold,
        n_voting=house.n_voting,
        working_majority=votes - (house.n_voting - votes),
        support=support,
    )
