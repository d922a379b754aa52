"""A hung-parliament report: the arithmetic a reader wants after an election, in one object."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from psephos.errors import DataFormatError
from psephos.government.coalitions import (
    Coalition,
    alternative_bloc,
    fewest_parties,
    has_order,
    minimal_connected_winning,
    minimal_winning_coalitions,
    nearest_arrangement,
    support_options,
)
from psephos.government.parliament import (
    Assessment,
    Parliament,
    ParliamentRules,
    SeatsInput,
    Support,
    assess,
    country_of,
    named_party,
    parliament,
    seated_party,
    source_id,
)
from psephos.government.power import PowerIndex, voting_power
from psephos.model import Election, party_label, tied_for_largest
from psephos.model.party import listed_twice
from psephos.numbers import counted, format_number, listed


@dataclass(frozen=True, slots=True)
class FormedGovernment:
    """The government actually formed after a bundled election.

    Attributes:
        government: Parties holding ministerial office (two or more: a formal coalition).
        supporters: Parties supporting it from outside government (confidence and supply).
        note: What was agreed, and when (source: House of Commons Library, *General election
            results*; Cabinet Office, *The Coalition: our programme for government*, May 2010;
            *Conservative and DUP agreement*, 26 June 2017).
    """

    government: tuple[str, ...]
    supporters: tuple[str, ...]
    note: str


#: Governments formed after the bundled UK elections that ended hung (the others had a
#: single-party majority, which the arithmetic already shows).
FORMED_GOVERNMENTS: dict[str, FormedGovernment] = {
    "2010": FormedGovernment(
        ("Con", "LD"), (), "a formal Con-LD coalition (agreed 11 May 2010; LD ministers in Cabinet)"
    ),
    "2017": FormedGovernment(
        ("Con",),
        ("DUP",),
        "a Con minority government with a DUP confidence-and-supply agreement (26 June 2017)",
    ),
    "canada-2019": FormedGovernment(
        ("LPC",),
        (),
        "a LPC minority government without a formal agreement (ministry sworn in 20 November "
        "2019), passing each vote with other parties' support",
    ),
    "canada-2021": FormedGovernment(
        ("LPC",),
        ("NDP",),
        "a LPC minority government with an NDP supply-and-confidence agreement (announced 22 "
        "March 2022)",
    ),
}


@dataclass(frozen=True, slots=True)
class GovernmentReport:
    """Majority arithmetic, the arrangements worth checking, coalitions and voting power.

    Attributes:
        house: The resolved House.
        largest: The largest party.
        arrangements: Assessed arrangements: the largest party alone, with its nearest
            partners as possible support (:func:`nearest_partners`), the alternative bloc,
            and any the caller asked for.
        minimal_winning: All minimal winning coalitions.
        minimal_connected: Axelrod's minimal connected winning coalitions (none where no
            party of the House is on a left-right order, :func:`has_order`: every group would
            be connected, which says nothing; a note says so).
        partners: Minimal partner sets for the largest party.
        power: Voting power per party.
        formed: The government actually formed after a bundled election, if any.
        election_id: The election's id, for naming its parties (``None`` for seats given).
        notes: What psephos decided that the seats do not: seats decided by lot or without
            votes (:func:`psephos.results.close_calls`), a tie for the largest party
            (:func:`largest_tie_note`) and a House with no left-right order
            (:data:`NO_ORDER_NOTE`), printed as ``note:`` lines.
    """

    house: Parliament
    largest: str
    arrangements: tuple[Assessment, ...]
    minimal_winning: tuple[Coalition, ...]
    minimal_connected: tuple[Coalition, ...]
    partners: tuple[Coalition, ...]
    power: tuple[PowerIndex, ...]
    formed: FormedGovernment | None = None
    election_id: str | None = None
    notes: tuple[str, ...] = ()

    def name(self, party: str) -> str:
        """A party code as this election's tables name it (:func:`psephos.model.party_label`:
        ``UKIP`` for ``Reform`` in 2015; seats given: the vocabulary's label)."""
        return party_label(party, self.election_id)

    def is_formed(self, arrangement: Assessment) -> bool:
        """True for the formal coalition actually formed after this election."""
        return (
            self.formed is not None
            and len(self.formed.government) > 1
            and tuple(arrangement.government) == self.formed.government
            and not arrangement.supporters
        )

    def label(self, arrangement: Assessment) -> str:
        """The arrangement's label, the parties named as the election names them (:meth:`name`),
        ``"Con + LD (coalition)"`` for a formal coalition formed."""
        formed = " (coalition)" if self.is_formed(arrangement) else ""
        return arrangement.named(self.name) + formed

    def row(self, arrangement: Assessment) -> dict[str, Any]:
        """The arrangement's row of the tables and JSON, labelled as :meth:`label` labels it."""
        return {**arrangement.to_dict(self.name), "arrangement": self.label(arrangement)}

    def describe(self, arrangement: Assessment) -> str:
        """The arrangement in one sentence (:func:`describe`), its parties named as the election
        names them."""
        return describe(
            arrangement, self.house, coalition=self.is_formed(arrangement), name=self.name
        )

    def headline(self) -> list[str]:
        """Plain-English lines: who is short, who commands the House, who does not (numbers
        as :func:`psephos.numbers.format_number` writes whole numbers: ``1,147 seats``)."""
        house = self.house
        lines = []
        non_voting = [self.speaker()] if house.speaker_seats else []
        if house.n_deputies:
            deputies = ", ".join(f"{self.name(p)} {_whole(n)}" for p, n in house.deputies.items())
            non_voting.append(f"{_whole(house.n_deputies)} Deputy Speakers ({deputies})")
        for party, seats in house.abstentionist_seats.items():
            non_voting.append(
                f"{self.name(party)}'s {_whole(seats)} abstentionist {house.rules.members}"
            )
        lines.append(
            f"{_whole(house.n_seats)} seats; a majority needs {_whole(house.nominal_majority)}. "
            f"{_whole(house.n_voting)} {house.rules.members} vote (not voting: "
            f"{'; '.join(non_voting) or 'none'}), "
            f"so a working majority needs {_whole(house.working_threshold)} votes."
        )
        for arrangement in self.arrangements:
            lines.append(self.describe(arrangement))
        if self.formed is not None:
            lines.append(f"Government formed: {self.formed.note}.")
        return lines

    def speaker(self) -> str:
        """The Speaker among those who do not vote: ``the Speaker (1)`` where the seat has its
        own label, ``the Speaker (LPC 1)`` where a party's member is set aside, and why that
        party where it is assumed: ``the Speaker (LPC 1, assumed from the largest party)``."""
        house = self.house
        if house.speaker_from is None:
            return f"the Speaker ({_whole(house.speaker_seats)})"
        seat = f"{self.name(house.speaker_from)} 1"
        if not house.speaker_assumed:
            return f"the Speaker ({seat})"
        side = "the largest party" if house.speaker_from == self.largest else "the government side"
        return f"the Speaker ({seat}, assumed from {side})"

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain data (for JSON). Parties are named as the election names them
        (:meth:`name`) in the arrangements and coalitions, and beside their codes in
        ``largest_party_label`` and each voting-power row's ``party_label``."""
        name = self.name
        house = self.house
        return {
            "n_seats": house.n_seats,
            "nominal_majority": house.nominal_majority,
            "speaker": house.speaker_seats,
            "speaker_from": house.speaker_from,
            "speaker_assumed": house.speaker_assumed,
            "deputy_speakers": dict(house.deputies),
            "abstentionists": house.abstentionist_seats,
            "n_voting": house.n_voting,
            "working_threshold": house.working_threshold,
            "largest_party": self.largest,
            "largest_party_label": name(self.largest),
            "headline": self.headline(),
            "arrangements": [self.row(a) for a in self.arrangements],
            "government_formed": None
            if self.formed is None
            else {
                "government": list(self.formed.government),
                "supporters": list(self.formed.supporters),
                "note": self.formed.note,
            },
            "minimal_winning_coalitions": [c.to_dict(name) for c in self.minimal_winning],
            # whether a left-right order is known: without one, no group's connection is
            "left_right_known": has_order(house),
            "minimal_connected_winning": [c.to_dict(name) for c in self.minimal_connected],
            "partners_of_largest": [c.to_dict(name) for c in self.partners],
            "power": [{**p.to_dict(), "party_label": name(p.party)} for p in self.power],
            "notes": list(self.notes),
        }


def _whole(count: int) -> str:
    """A count of seats or votes as a sentence writes it (:func:`format_number`: ``1,147``)."""
    return format_number(count, ",")


def describe(
    arrangement: Assessment,
    house: Parliament,
    *,
    coalition: bool = False,
    name: Callable[[str], str] = str,
) -> str:
    """One sentence in words, no formula: ``Con + DUP, with 327 seats (...): a working majority
    of 13 (326 voting to 313)`` (it read ``Con + DUP = 327``), each party as ``name`` names it
    (:meth:`GovernmentReport.describe`: as the election does) and each number as
    :func:`format_number` writes it."""
    members = (*arrangement.government, *arrangement.supporters)
    seats = f"{' + '.join(map(name, members))}, with {counted(arrangement.seats, 'seat')}"
    if arrangement.supporters:
        seats += f" {arrangement.support_note(name)}"
    elif coalition:
        seats += " (coalition)"
    absent = ""
    if house.abstentionist_seats:
        absent = " with " + ", ".join(
            f"{name(p)}'s {_whole(n)} absent" for p, n in house.abstentionist_seats.items()
        )
    nominal = (
        "a majority of the House"
        if arrangement.has_nominal_majority
        else f"{_whole(arrangement.short_of_majority)} short of a majority "
        f"({_whole(house.nominal_majority)})"
    )
    votes, against = arrangement.votes, arrangement.n_voting - arrangement.votes
    if arrangement.has_working_majority:
        verdict = (
            f"a working majority of {_whole(arrangement.working_majority)} ({_whole(votes)} "
            f"voting to {_whole(against)}{absent})"
        )
    else:
        verdict = (
            f"less than a working majority ({_whole(votes)} voting, "
            f"{_whole(arrangement.threshold)} needed, "
            f"{_whole(arrangement.threshold - votes)} short{absent})"
        )
    return f"{seats}: {nominal}; {verdict}."


#: The note of a House none of whose voting parties is on a left-right order (a country psephos
#: bundles nothing of, docs/countries.md): Axelrod's connection is unknown, not true.
NO_ORDER_NOTE = (
    "psephos knows no left-right order of these parties, so no coalition is marked connected "
    "or not (Axelrod: connected is null in JSON), and the minimal connected winning "
    "coalitions are left out."
)


def largest_party(house: Parliament) -> str:
    """The party with most seats among those that vote (the first by code on a tie), else the
    first party: the government :func:`govern` and :func:`outcome_lines` start from."""
    ranked = sorted(house.votes, key=lambda p: (-house.seats[p], p))
    return ranked[0] if ranked else next(iter(house.seats))


def largest_tie_note(
    house: Parliament,
    *,
    name: Callable[[str], str] = str,
    side_option: str = "--government-side",
) -> str | None:
    """The note for a tie for the largest party (``None`` without one, by the one rule of
    :func:`psephos.model.tied_for_largest` over the parties that vote): psephos takes the
    first by code (:func:`largest_party`) as the government side, which decides the first
    arrangement and, where the House draws Deputy Speakers from its sides (the UK's, not an
    own country's plain chamber), who gives them up, so a dead heat would otherwise read as a
    working majority; ``side_option`` is how the caller names the choice."""
    tied = tied_for_largest({party: house.seats[party] for party in house.votes})
    if not tied:
        return None
    largest = largest_party(house)
    rules = house.rules
    decides = "the first arrangement"
    if rules.deputies_government_side or rules.deputies_opposition_side:
        decides += " and who gives up the Deputy Speakers"
    return (
        f"{listed(map(name, tied))} tie for the largest party on "
        f"{counted(int(house.seats[largest]), 'seat')}; psephos takes {name(largest)} (the "
        f"first by code) as the government side, which decides {decides}; give the "
        f"government side ({side_option}) to take another."
    )


def _asked(
    house: Parliament,
    government: Sequence[str],
    supporters: Sequence[str],
    election_id: str | None = None,
) -> tuple[Assessment, list[str]]:
    """An arrangement the caller asked for (``--coalition Con+LD``, ``--confidence-supply
    Con:DUP``), assessed (:func:`assess`), with its notes; a party named twice in it
    (``Lab+Lab``, ``Lab:SNP+Lab``) is refused (:func:`psephos.model.party.listed_twice`), not
    dropped. A party psephos knows that has no seats in the House (the SDLP in 2017) is
    counted with 0, a note saying so (:func:`_no_seats_note`), so a progressive alliance that
    names it is still assessed; a government of such parties only is refused.

    Raises:
        DataFormatError: a party named twice.
        UnknownPartyError: a name no party answers to (:func:`psephos.government.parliament.
            named_party`); a government none of whose parties has seats.
    """
    names = [*government, *supporters]
    listed = "coalition" if not supporters else "confidence-and-supply arrangement"
    read = [(name, named_party(name, house.seats)) for name in names]
    twice = listed_twice(read, listed)
    if twice is not None:
        raise DataFormatError(twice)
    codes = dict(read)
    seated = [name for name in government if codes[name] in house.seats]
    if not seated:
        seated_party(government[0], house.seats)  # raises: none of them has seats
    partners = [name for name in supporters if codes[name] in house.seats]
    empty = [code for _, code in read if code not in house.seats]
    notes = [_no_seats_note(party, election_id) for party in empty]
    return assess(house, seated, partners), notes


def _no_seats_note(party: str, election_id: str | None) -> str:
    """The note on a party counted with 0 in an arrangement asked for: "SDLP won no seats in
    2017; counted with 0." (of seats given, "has no seats in this House")."""
    name = party_label(party, election_id)
    if election_id is None:
        return f"{name} has no seats in this House; counted with 0."
    return f"{name} won no seats in {election_id}; counted with 0."


def govern(
    source: SeatsInput,
    *,
    rules: ParliamentRules | None = None,
    arrangements: Iterable[tuple[Sequence[str], Sequence[str]]] = (),
    order: Sequence[str] | None = None,
    deputies: dict[str, int] | None = None,
    government_side: Sequence[str] | None = None,
    side_option: str = "--government-side",
) -> GovernmentReport:
    """Build the full hung-parliament report for a result or projection.

    Args:
        source: Party -> seats or an ``Election``.
        rules: Parliamentary conventions (default: the country's,
            :func:`psephos.government.rules_for`: the historical deputy split for a bundled
            election; Canada's House for a Canadian election or Canadian parties).
        arrangements: Extra ``(government, supporters)`` pairs to assess.
        order: Left-right order for connectedness.
        deputies: Explicit Deputy Speakers per party (else the convention in ``rules``).
        government_side: Parties on the government side, for the deputies (default: the
            largest party; a tie for it is a note, :func:`largest_tie_note`).
        side_option: How the caller names the government side, in that note.

    Returns:
        A :class:`GovernmentReport`; its default arrangements are the largest party alone, with
        its nearest partners as possible support (:func:`nearest_partners`), and the
        alternative bloc (:func:`psephos.government.alternative_bloc`).

    Raises:
        DataFormatError: an arrangement that names a party twice (:func:`_asked`).
        UnknownPartyError: an arrangement's party no party answers to, or a government none
            of whose parties has seats (one that names a party with no seats is assessed
            without it, with a note).
    """
    house = parliament(source, rules=rules, deputies=deputies, government=government_side)
    ranked = sorted(house.votes, key=lambda p: (-house.seats[p], p))
    largest = largest_party(house)
    assessed: list[Assessment] = []
    partners: list[Coalition] = []
    if ranked:
        alone = assess(house, [largest])
        assessed.append(alone)
        if not alone.has_working_majority:
            partners = support_options(house, [largest], order=order)
            nearest = nearest_partners(house, largest, partners, order=order)
            if nearest is not None:
                assessed.append(nearest)
            bloc = alternative_bloc(house, order=order)
            if bloc and largest not in bloc:
                assessed.append(assess(house, bloc))
    election_id = source_id(source)
    notes = _close_calls(source)
    if government_side is None and deputies is None:
        tie = largest_tie_note(
            house, name=lambda party: party_label(party, election_id), side_option=side_option
        )
        notes += [] if tie is None else [tie]
    ordered = has_order(house, order)
    if not ordered:
        notes.append(NO_ORDER_NOTE)
    formed = None if election_id is None else FORMED_GOVERNMENTS.get(election_id)
    if formed is not None:
        real = assess(house, formed.government, formed.supporters)
        members = set(formed.government) | set(formed.supporters)
        # the formed government replaces the guess with the same parties; one formed by the
        # largest party alone (Canada 2019) is the first row, not a second copy of it
        assessed = [
            a
            for i, a in enumerate(assessed)
            if i == 0 or set(a.government) | set(a.supporters) != members
        ]
        if real not in assessed[:1]:
            assessed.insert(1, real)
    for government, partners_asked in arrangements:
        asked, asked_notes = _asked(house, government, partners_asked, election_id)
        notes += [note for note in asked_notes if note not in notes]
        same = (set(asked.government), set(asked.supporters))
        listed = [
            i for i, a in enumerate(assessed) if (set(a.government), set(a.supporters)) == same
        ]
        if not listed:
            assessed.append(asked)
        else:  # one asked for that is already listed is listed once, as the user names it
            assessed[listed[0]] = replace(assessed[listed[0]], support=asked.support)
    return GovernmentReport(
        house=house,
        largest=largest,
        arrangements=tuple(assessed),
        minimal_winning=tuple(minimal_winning_coalitions(house, order=order)),
        minimal_connected=tuple(minimal_connected_winning(house, order=order) if ordered else ()),
        partners=tuple(partners),
        power=tuple(voting_power(house)),
        formed=formed,
        election_id=election_id,
        notes=tuple(notes),
    )


def nearest_partners(
    house: Parliament,
    largest: str,
    partners: Sequence[Coalition],
    *,
    order: Sequence[str] | None = None,
) -> Assessment | None:
    """The largest party with the partners psephos names for it, as possible support: its
    minimal connected winning arrangement (:func:`psephos.government.nearest_arrangement`,
    the forecast's rule for its likeliest government); labelled arithmetic only where the
    House has no left-right order (every group is then connected), and where no connected
    arrangement wins, the minimal partner set (``partners``: :func:`support_options`) with
    the fewest parties, then fewest votes, one needing no independents where there is one,
    labelled arithmetic only too. ``None`` without partners."""
    nearest = nearest_arrangement(house, largest, order=order)
    support: Support = "possible" if has_order(house, order) else "arithmetic"
    if nearest is None:
        named = [c for c in partners if not c.n_individuals]
        nearest = min(named or partners, key=fewest_parties, default=None)
        support = "arithmetic"
    supporters = [] if nearest is None else [p for p in nearest.parties if p != largest]
    if not supporters:
        return None
    return assess(house, [largest], supporters, support=support)


def _close_calls(source: SeatsInput) -> list[str]:
    """The seats of an election whose winner psephos chose by lot or without votes
    (:func:`psephos.results.close_calls`); none for seats given."""
    if not isinstance(source, Election):
        return []
    from psephos.results import close_calls

    return close_calls(source)


def outcome_lines(source: SeatsInput, *, after: str | None = None) -> list[str]:
    """What seats mean for who governs, in the sentences ``psephos project`` prints under its
    table (and its JSON and the swingometer page carry as ``headline``): the largest party
    alone (:func:`describe`: its majority and working majority, or how far short of them it
    is; each of the parties that tie for the largest, :func:`psephos.model.tied_for_largest`),
    after a line saying no party has a majority where none has, in the country's words (a UK
    "hung parliament", Canada's "minority Parliament"), naming a tie for the largest party.
    Who else could govern is ``psephos govern``'s (:func:`govern`).

    Args:
        source: The House: an election, or seats per party.
        after: What made this House, to lead the first line: ``"the change"`` gives ``After
            the change, hung parliament: no party has the 326 seats a majority needs.``
            (``psephos turnout``; ``psephos pact`` says ``"the pact"``).
    """
    house = parliament(source)
    alone = assess(house, [largest_party(house)])

    def name(party: str) -> str:
        return party_label(party, source_id(source))

    # a dead heat for the largest party (psephos.model.tied_for_largest): each of them alone
    tied = tied_for_largest({party: house.seats[party] for party in house.votes})
    lines = [describe(assess(house, [party]), house, name=name) for party in tied] or [
        describe(alone, house, name=name)
    ]
    country = country_of(source)
    if not alone.has_nominal_majority:
        tie = (
            f"; {listed(map(name, tied))} tie for the largest party on "
            f"{counted(int(house.seats[tied[0]]), 'seat')}"
            if tied
            else ""
        )
        lines.insert(
            0,
            f"{country.no_majority_title}: no party has the "
            f"{_whole(house.nominal_majority)} seats a majority needs{tie}.",
        )
    if after is not None:
        first = lines[0]
        if first.startswith(country.no_majority_title):  # mid-sentence, in lower case
            first = country.no_majority + first[len(country.no_majority_title) :]
        lines[0] = f"After {after}, {first}"
    return lines
