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

Independents (and ``Other``) are not parties: each such MP is a separate single-seat member.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol

from psephos.errors import DataFormatError, UnknownPartyError, did_you_mean
from psephos.jurisdictions import UK, ParliamentRules, for_parties
from psephos.jurisdictions import of as jurisdiction_of
from psephos.jurisdictions.base import canonical_party
from psephos.model import Election, nominal_majority, party_in
from psephos.numbers import counted


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


def rules_for(source: SeatsInput) -> ParliamentRules:
    """The chamber rules of the country of ``source``, with the historical Deputy Speaker split
    and Speaker of a bundled election (the UK: see :data:`SPEAKER_SIDE`; Canada: the Speaker's
    party, :attr:`psephos.jurisdictions.Jurisdiction.speaker_bench`).

    An election's country is its jurisdiction; seats per party (``--seats``) belong to the
    country whose parties they name (:func:`psephos.jurisdictions.for_parties`: Canadian
    parties, Canada's House; else the UK's).
    """
    if isinstance(source, Election):
        return jurisdiction_of(source).parliament_rules(source.id)
    election_id = getattr(source, "id", None)
    return for_parties(list(seats_mapping(source))).parliament_rules(
        election_id if isinstance(election_id, str) else None
    )


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


def seated_party(name: str, parties: Iterable[str]) -> str:
    """The code of a party the caller names among a House's ``parties`` (:func:`house_party`).

    Raises:
        UnknownPartyError: no party with seats answers to ``name``, naming those that have
            seats and the closest.
    """
    seated = list(parties)
    code = house_party(name, seated)
    if code not in seated:
        raise UnknownPartyError(
            f"Party {code!r} has no seats; parties: {', '.join(seated)}."
            + did_you_mean(code, seated)
        )
    return code


def seats_mapping(source: SeatsInput) -> dict[str, int]:
    """Party -> seats from a mapping or anything with ``seats_won()`` (an ``Election``).

    Party names become codes in the country they belong to (:func:`party_codes`: ``"Lib Dem"``
    -> ``"LD"``, ``"Conservative"`` beside ``"Liberal"`` -> ``"CPC"``); unknown labels are kept
    as given, so toy parliaments work. Zero-seat parties are dropped.

    Raises:
        DataFormatError: negative or non-whole seat counts.
    """
    raw: Mapping[str, Any]
    raw = source.seats_won() if hasattr(source, "seats_won") else source
    codes = party_codes(raw)
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
        """Votes needed to win when every voting MP votes: half of them plus one."""
        return self.n_voting // 2 + 1

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
    groups = set(rules.individual_groups)
    non_voting = {house_party(p, seats) for p in rules.non_voting}
    blocs = {p: s for p, s in seats.items() if p not in groups and p not in non_voting}
    individual_seats = {p: s for p, s in seats.items() if p in groups}
    ranked = sorted(blocs, key=lambda p: (-blocs[p], p))
    if government is not None:
        gov_set = {seated_party(p, seats) for p in government}
        gov_side = [p for p in ranked if p in gov_set]
        opp_side = [p for p in ranked if p not in gov_set]
    else:
        gov_side, opp_side = ranked[:1], ranked[1:]
    speaker_from, speaker_assumed = _speaker_bench(rules, seats, gov_side)
    benches = dict(blocs)  # members who may vote or sit in the chair
    if speaker_from is not None:
        if benches.get(speaker_from, 0) < 1:
            raise DataFormatError(
                f"Cannot take the Speaker from {speaker_from!r}, which has "
                f"{counted(benches.get(speaker_from, 0), 'voting seat')}."
            )
        benches[speaker_from] -= 1
    if deputies is None:
        assigned: dict[str, int] = {}
        for side, count in (
            (gov_side, rules.deputies_government_side),
            (opp_side, rules.deputies_opposition_side),
        ):
            remaining = count
            for party in side:  # the largest party on the side; overflow to the next
                take = min(remaining, benches[party] - assigned.get(party, 0))
                if take > 0:
                    assigned[party] = assigned.get(party, 0) + take
                    remaining -= take
                if not remaining:
                    break
    else:
        assigned = {house_party(p, seats): int(n) for p, n in deputies.items() if int(n)}
    for party, count in assigned.items():
        if count < 0 or count > benches.get(party, 0):
            raise DataFormatError(
                f"Cannot take {count} Deputy Speaker(s) from {party!r}, which has "
                f"{benches.get(party, 0)} voting seat(s)."
            )
    voting = {p: benches[p] - assigned.get(p, 0) for p in ranked}
    return Parliament(
        seats=MappingProxyType(dict(sorted(seats.items(), key=lambda kv: (-kv[1], kv[0])))),
        rules=rules,
        deputies=MappingProxyType(assigned),
        votes=MappingProxyType({p: n for p, n in voting.items() if n}),
        n_individuals=sum(individual_seats.values()),
        individual_seats=MappingProxyType(individual_seats),
        speaker_from=speaker_from,
        speaker_assumed=speaker_assumed,
    )


def _speaker_bench(
    rules: ParliamentRules, seats: Mapping[str, int], gov_side: Sequence[str]
) -> tuple[str | None, bool]:
    """The party whose member is the Speaker where the Speaker sits on a party's benches, and
    whether that is assumed: ``rules.speaker_bench`` (read against the House), else the largest
    party on the government side (assumed); ``(None, False)`` where the Speaker's seat has its
    own label, or no party could hold the chair."""
    if not rules.speaker_on_benches:
        return None, False
    if rules.speaker_bench is not None:
        return house_party(rules.speaker_bench, seats), False
    return (gov_side[0], True) if gov_side else (None, False)


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
    """

    government: tuple[str, ...]
    supporters: tuple[str, ...]
    seats: int
    votes: int
    nominal_majority: int
    threshold: int
    n_voting: int
    working_majority: int

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
        """``"Con + LD"``, or ``"Con + DUP (DUP on confidence and supply)"``."""
        return self.named()

    def named(self, name: Callable[[str], str] = str) -> str:
        """The label with each party as ``name`` names it (an election's
        :func:`psephos.model.party_label`: ``"Con + UKIP"`` in 2015)."""
        text = " + ".join(name(party) for party in (*self.government, *self.supporters))
        if self.supporters:
            text += f" ({' + '.join(map(name, self.supporters))} on confidence and supply)"
        return text

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
    house: Parliament, government: Iterable[str], supporters: Iterable[str] = ()
) -> Assessment:
    """Majority arithmetic of one arrangement.

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
    )
