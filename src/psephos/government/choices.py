"""A hung-parliament question as a user writes it: seats per party, coalitions and
confidence-and-supply arrangements, the abstainers and the Deputy Speakers.

The command line (``psephos govern``) and the web app (``/coalitions``) read them here, so the
same text means the same House and gets the same message in both; ``name`` arguments are how
the caller calls the field (``--seats`` on the command line, ``seats`` on the web).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from psephos.bounds import MAX_HOUSE
from psephos.errors import DataFormatError, InvalidSharesError, UnknownPartyError
from psephos.government.parliament import (
    SMALL_HOUSE,
    ParliamentRules,
    SeatsInput,
    country_of,
    party_codes,
    rules_for,
    seated_party,
    seats_mapping,
)
from psephos.jurisdictions import for_parties
from psephos.model import Election
from psephos.model.party import split_parties
from psephos.numbers import counted, format_number, listed

if TYPE_CHECKING:
    from psephos.government.report import GovernmentReport

#: Most seats a House given by hand (``psephos govern --seats``, the coalition builder's
#: ``seats``) may hold: the largest House psephos reads (:data:`psephos.bounds.MAX_HOUSE`), past
#: any real chamber (the largest, about 3,000). Independents count within it, each a player of
#: its own: the voting-power count takes them together (16 parties of 9,620 seats beside 10,000
#: independents: about a quarter of a second, docs/perf/government-power.md), so a whole House
#: of them is counted.
MAX_GIVEN_SEATS = MAX_HOUSE
#: Most minimal winning coalitions a table lists unless asked for more (``psephos govern
#: --limit``, the coalition builder's ``limit``); the JSON lists them all.
LISTED_COALITIONS = 15


def parse_seats(text: str, *, name: str = "--seats") -> dict[str, int]:
    """``"Con 317 Lab 262"`` or ``"Con=317,Lab=262"`` (the pair forms a poll takes: one reader,
    :func:`psephos.projection.inputs.read_pairs`) into seats per party. Names become codes in
    the country the parties belong to (:func:`psephos.government.party_codes`: ``Labour`` ->
    ``Lab``; ``Conservative`` beside ``Liberal`` -> ``CPC``); others stay as written, so a
    made-up house (``A=4,B=3``) works too.

    Raises:
        DataFormatError: text that is not PARTY SEATS pairs, a count that is not a whole
            number, a known party followed by more than one number (``"Con 280 250"``), or a
            party twice.

    A name may hold digits (``"P0 280"``, ``"Party2 40"``) and end with a word of digits
    (``"Group 1 12"``): a party's seats are the last of the numbers after its name
    (:func:`~psephos.projection.inputs.read_pairs`). A House of more than
    :data:`MAX_GIVEN_SEATS` seats is refused, naming ``name``, before it is counted.
    """
    from psephos.projection.inputs import named_twice, pair_party, read_pairs

    example = "'Con 317, Lab 262' or 'Con=317,Lab=262'"
    pairs, rest = read_pairs(text)
    if rest or not pairs:
        raise DataFormatError(
            f"Cannot read {name} {text!r} near {rest[:20]!r}; give PARTY SEATS pairs such as "
            f"{example}."
        )
    for party_name, number in pairs:
        if not number.isdigit():
            raise DataFormatError(
                f"{name} {text!r}: {party_name} {number} is not a whole number of seats "
                "(0 or more)."
            )
        try:  # refuses stray words or numbers after a known party
            pair_party(party_name, text, what=name, example=example)
        except UnknownPartyError:  # a made-up party stays as written
            pass
        except InvalidSharesError as error:
            raise DataFormatError(str(error)) from None
    codes = party_codes(party_name for party_name, _ in pairs)
    seats: dict[str, int] = {}
    spelled: dict[str, str] = {}
    for party_name, number in pairs:
        party = codes[party_name]
        if party in seats:
            raise DataFormatError(
                named_twice(party, spelled[party], party_name, f"{name} {text!r}")
            )
        spelled[party] = party_name
        seats[party] = int(number)
    _check_house_size(text, sum(seats.values()), name)
    return seats


def _check_house_size(text: str, n_seats: int, name: str) -> None:
    """Refuse a House given by hand of more than :data:`MAX_GIVEN_SEATS` seats.

    Raises:
        DataFormatError: naming the field, the House's size and the limit.
    """
    if n_seats > MAX_GIVEN_SEATS:
        raise DataFormatError(
            f"{name} {text!r} makes a House of {format_number(n_seats, ',')} seats; psephos "
            f"counts a House given by hand of at most {format_number(MAX_GIVEN_SEATS, ',')} "
            "(the largest chamber anywhere has about 3,000)."
        )


def check_whole_house(
    seats: dict[str, int],
    house_size: int | None = None,
    *,
    text: str = "",
    names: OptionNames | None = None,
) -> None:
    """Refuse seats given by hand that cannot be the House: more than one Speaker
    (:attr:`~psephos.jurisdictions.ParliamentRules.speaker_party`: a House has one), and,
    where the parties are a country's own
    (:meth:`psephos.jurisdictions.Jurisdiction.names_own_party`), a total other than its House
    (:attr:`~psephos.jurisdictions.Jurisdiction.house_seats`: the UK's 650, Canada's 338):
    fewer leaves out part of the House, and a party short of a majority would read as having
    one; more is a typo that moves the majority line as surely. A House of fewer than
    :data:`SMALL_HOUSE` seats is a made-up one and is taken as given; so is any total
    ``house_size`` confirms.

    Raises:
        DataFormatError: more than one Speaker; the total and the House's size in one line,
            saying how to give the rest (``Other N``) or a House of another size
            (``names.house_size``); or a total other than ``house_size``.
    """
    names = names or OptionNames()
    given = f"{names.seats} {text!r}"
    total = sum(seats.values())
    country = for_parties(list(seats))
    speaker = country.parliament.speaker_party
    if seats.get(speaker, 0) > 1:
        raise DataFormatError(
            f"{given} gives {speaker} {seats[speaker]}; a House has one Speaker: give "
            f"'{speaker} 1' and the other seats to their parties."
        )
    if house_size is not None:
        if total != house_size:
            rest = house_size - total
            raise DataFormatError(
                f"{given} adds up to {format_number(total, ',')} seats, not the "
                f"{format_number(house_size, ',')} of {names.house_size}"
                + (f": add 'Other {rest}' for the rest." if rest > 0 else ".")
            )
        return
    size = country.house_seats
    if size is None or total == size or total < SMALL_HOUSE or not country.names_own_party(seats):
        return
    own_size = f"for a House of {format_number(total, ',')} seats, {names.house_size} {total}"
    if total > size:
        raise DataFormatError(
            f"{given} adds up to {format_number(total, ',')} seats, "
            f"{format_number(total - size, ',')} more than the {format_number(size, ',')} of "
            f"the {country.as_adjective} House: check the counts ({own_size})."
        )
    raise DataFormatError(
        f"{given} adds up to {format_number(total, ',')} seats, fewer than the "
        f"{format_number(size, ',')} of the {country.as_adjective} House: give every party, or "
        f"'Other {size - total}' for the rest ({own_size})."
    )


def parse_arrangements(
    coalitions: Iterable[str],
    confidence_supply: Iterable[str] = (),
    *,
    name: str = "--confidence-supply",
) -> list[tuple[list[str], list[str]]]:
    """Coalitions (``"Con+LD"``) and confidence-and-supply arrangements
    (``"GOVERNMENT:PARTNERS"``, ``"Lab:SNP+PC"``) as the ``(government, supporters)`` pairs
    :func:`psephos.government.govern` assesses, each list of parties read as people write one
    (:func:`psephos.model.party.split_parties`: ``"Con+LD"``, ``"Con,LD"``); the House reads
    the names (:meth:`psephos.government.Parliament.party`: ``Green`` is the GPC in Canada's).

    Raises:
        DataFormatError: a confidence-and-supply item without its colon, naming it.
    """
    found: list[tuple[list[str], list[str]]] = [(split_parties(c), []) for c in coalitions]
    for item in confidence_supply:
        government, sep, partners = item.partition(":")
        if not sep:
            raise DataFormatError(
                f"Bad {name} {item!r}; write GOVERNMENT:PARTNERS, e.g. 'Con:DUP'."
            )
        found.append((split_parties(government), split_parties(partners)))
    return found


def abstainers(
    given: Sequence[str], country: ParliamentRules, seated: Iterable[str]
) -> tuple[str, ...]:
    """The parties named to abstain: the country's abstentionists when none are given
    (:attr:`psephos.jurisdictions.Jurisdiction.parliament`), nobody for ``none``; a party
    given must have seats (:func:`psephos.government.seated_party`).

    Raises:
        DataFormatError: ``none`` beside parties (``SF`` and ``none``): whether anyone abstains
            cannot be told.
        UnknownPartyError: a party without seats.
    """
    if not given:
        return country.abstentionist_parties
    names = [name for item in given for name in split_parties(item)]
    nobody = [name for name in names if name.strip().lower() == "none"]
    if nobody and len(nobody) < len(names):
        others = [name for name in names if name.strip().lower() != "none"]
        raise DataFormatError(
            f"'none' (nobody abstains) is given beside the abstainers {listed(others)}; give "
            "'none' alone, or the parties whose MPs do not take their seats."
        )
    if nobody:
        return ()
    parties = list(seated)
    return tuple(seated_party(name, parties) for name in names)


def house_rules(
    source: SeatsInput,
    *,
    abstain: Sequence[str] = (),
    deputies_government: int | None = None,
    deputies_opposition: int | None = None,
) -> ParliamentRules:
    """The chamber rules for ``source`` as asked: the country's for this House
    (:func:`rules_for`, the one place that decides them: a House of fewer than
    :data:`SMALL_HOUSE` seats has no Deputy Speakers and no Speaker taken from a party's
    benches) with the abstainers (:func:`abstainers`) and any Deputy Speaker counts given.

    Raises:
        UnknownPartyError: an abstainer without seats.
    """
    historical = rules_for(source)
    return replace(
        historical,
        abstentionist_parties=abstainers(abstain, historical, seats_mapping(source)),
        deputies_government_side=(
            historical.deputies_government_side
            if deputies_government is None
            else deputies_government
        ),
        deputies_opposition_side=(
            historical.deputies_opposition_side
            if deputies_opposition is None
            else deputies_opposition
        ),
    )


@dataclass(frozen=True, slots=True)
class GovernOptions:
    """The choices of a hung-parliament question, each named as its field: the options of
    ``psephos govern`` and the coalition builder's fields, read by :func:`govern_as_asked`.

    Attributes:
        seats: Seats per party instead of an election, ``"Con 317 Lab 262"`` or
            ``"Con=317,Lab=262"`` (:func:`parse_seats`).
        coalitions: Coalitions to assess, ``"Con+LD"``.
        confidence_supply: Confidence-and-supply arrangements, ``"GOVERNMENT:PARTNERS"``.
        deputies_government: Deputy Speakers from the government side (default: the country's).
        deputies_opposition: Deputy Speakers from the opposition side (default: the country's).
        government_side: Parties on the government side, ``"Con,LD"`` (default: the largest).
        abstain: Parties whose MPs do not take their seats (``none``: nobody; default: the
            country's abstentionists).
        house_size: The seats in the House the seats given make (default: the country's,
            :func:`check_whole_house`), for a House of another size.
        poll: Shares to project the election to first (``"Lab 30 Con 25 Reform 20"``), the
            House being the projection's (:func:`psephos.projection.project`, the one engine
            and poll reader of ``psephos project``, ``pact --poll`` and ``turnout --poll``).
        model: The swing model of ``poll`` (default:
            :data:`psephos.projection.DEFAULT_MODEL`).
        areas: Area shares (sub-polls, as ``--by-region`` reads them) projected beside the
            poll, or alone.
    """

    seats: str | None = None
    coalitions: tuple[str, ...] = ()
    confidence_supply: tuple[str, ...] = ()
    deputies_government: int | None = None
    deputies_opposition: int | None = None
    government_side: str | None = None
    abstain: tuple[str, ...] = ()
    house_size: int | None = None
    poll: str | None = None
    model: str | None = None
    areas: Mapping[str, Mapping[str, float]] | None = None

    @property
    def projecting(self) -> bool:
        """Whether the House is a projection's: a poll or area shares given."""
        return self.poll is not None or bool(self.areas)


@dataclass(frozen=True, slots=True)
class OptionNames:
    """How the caller calls the fields its messages name (``--seats`` on the command line,
    ``seats`` on the web)."""

    seats: str = "--seats"
    confidence_supply: str = "--confidence-supply"
    government_side: str = "--government-side"
    house_size: str = "--house-size"
    deputies_government: str = "--deputies-government"
    deputies_opposition: str = "--deputies-opposition"
    poll: str = "--poll"


def govern_as_asked(
    election: str | None,
    options: GovernOptions,
    *,
    open_election: Callable[[str], Election],
    government_side: Sequence[str] = (),
    names: OptionNames = OptionNames(),
) -> tuple[Election | dict[str, int], GovernmentReport]:
    """The hung-parliament report of a question as a user asks it, one path for ``psephos
    govern`` and the coalition builder: an election (opened by ``open_election``) or the
    seats given, never both (seats that leave out part of the country's House refused,
    :func:`check_whole_house`); the House's rules (:func:`house_rules`); the arrangements to
    assess (:func:`parse_arrangements`); the government side given, else
    ``government_side`` (the builder's ticked government), else the largest party; then
    :func:`psephos.government.govern`.

    Returns:
        The House's source (the election, or seats per party) and its report.

    Raises:
        DataFormatError: an election and seats both or neither; seats or an arrangement that
            do not read, or an arrangement that names a party twice; seats short of the
            country's House; a House size without seats.
        UnknownPartyError: an abstaining party without seats.
    """
    from psephos.government.report import govern

    source: Election | dict[str, int]
    if options.house_size is not None and options.seats is None:
        raise DataFormatError(
            f"{names.house_size} is the size of the House {names.seats} gives; give it with "
            f"{names.seats}."
        )
    if options.seats is not None and options.projecting:
        raise DataFormatError(
            f"Give {names.seats} or {names.poll} (the House a projection elects), not both."
        )
    if options.seats is not None:
        if election is not None:
            raise DataFormatError(f"Give an election or {names.seats}, not both.")
        source = parse_seats(options.seats, name=names.seats)
        check_whole_house(source, options.house_size, text=options.seats, names=names)
    elif election is None:
        raise DataFormatError(f"Give an election (e.g. 2017) or {names.seats}.")
    elif options.projecting:
        source = projected_house(
            open_election(election), options.poll, options.model, areas=options.areas
        )
    else:
        source = open_election(election)
    rules = house_rules(
        source,
        abstain=options.abstain,
        deputies_government=options.deputies_government,
        deputies_opposition=options.deputies_opposition,
    )
    arrangements = parse_arrangements(
        options.coalitions, options.confidence_supply, name=names.confidence_supply
    )
    side = (
        split_parties(options.government_side)
        if options.government_side
        else list(government_side) or None
    )
    report = govern(
        source,
        rules=rules,
        arrangements=arrangements,
        government_side=side,
        side_option=names.government_side,
    )
    if not isinstance(source, Election):
        notes = seats_given_notes(report, options, names)
        report = replace(report, notes=(*report.notes, *notes))
    return source, report


def projected_house(
    base: Election,
    poll: str | None,
    model: str | None = None,
    *,
    areas: Mapping[str, Mapping[str, float]] | None = None,
) -> Election:
    """The House ``base`` projected to ``poll`` and any area shares ``areas`` elects:
    :func:`psephos.projection.project` with ``model`` (default
    :data:`psephos.projection.DEFAULT_MODEL`), as ``psephos project`` projects it, its notes
    on the shares given as the projection gives them (warnings). A projection is a new
    Parliament: its House takes the country's default conventions
    (:func:`psephos.government.rules_for`), not the base's Speaker and deputies.

    Raises:
        InvalidSharesError, UnknownPartyError: a poll the poll reader refuses.
        PsephosError: an unknown model.
    """
    from psephos.projection import DEFAULT_MODEL, project

    return project(base, poll, model=model or DEFAULT_MODEL, areas=areas or None).election


def seats_text(house: SeatsInput) -> str:
    """A House's seats as ``psephos govern --seats`` (and the coalition builder's ``seats``)
    takes them: ``"Lab 411, Con 121, LD 72, ..."``, each party by its code, largest first,
    parties without seats left out; read back by :func:`parse_seats` as the same House."""
    given = seats_mapping(house)
    seats = sorted(given.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{party} {n}" for party, n in seats if n)


def seats_given_notes(
    report: GovernmentReport, options: GovernOptions, names: OptionNames = OptionNames()
) -> list[str]:
    """What psephos assumes of a House given by hand (``--seats``) that the seats do not say,
    as ``note:`` lines (the report's notes): a House of a country whose Speaker has a seat of
    their own label (the UK's ``Speaker``) given without one, where psephos counts every seat
    as a member who votes; and a House of another size (``house_size``) with the country's
    Deputy Speakers taken from its benches, as in the country's own House, where none were
    asked for. A made-up House of no country's parties (:func:`~psephos.government.parliament.
    country_of`) and a House of fewer than :data:`SMALL_HOUSE` seats have neither."""
    house = report.house
    country = country_of(house.seats)
    rules = house.rules
    found: list[str] = []
    if (
        country.house_seats is not None
        and house.n_seats >= SMALL_HOUSE
        and not rules.speaker_on_benches
        and house.seats.get(rules.speaker_party, 0) == 0
    ):
        found.append(
            f"{names.seats} gives no {rules.speaker_party}: the {country.as_adjective} House "
            f"always has one, who does not vote; psephos counts every seat given as a member "
            f"who votes (add '{rules.speaker_party} 1', taking the seat from the Speaker's "
            "party, to set the Speaker aside)."
        )
    asked = options.deputies_government is not None or options.deputies_opposition is not None
    if (
        options.house_size is not None
        and options.house_size != country.house_seats
        and house.n_deputies
        and not asked
    ):
        deputies = ", ".join(f"{report.name(party)} {n}" for party, n in house.deputies.items())
        found.append(
            f"This House of {format_number(house.n_seats, ',')} seats takes the "
            f"{country.as_adjective} House's {counted(house.n_deputies, 'Deputy Speaker')} "
            f"({deputies}), who do not vote; give {names.deputies_government} 0 "
            f"{names.deputies_opposition} 0 for a House without them."
        )
    return found
