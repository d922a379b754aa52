"""What a country entry holds: the :class:`Jurisdiction` record and the rules it is made of.

A jurisdiction is data plus its dataset loader. Capability packages read a country's rules from
the election's jurisdiction (:func:`psephos.jurisdictions.of`) instead of testing ids or party
lists themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError, UnknownPartyError
from psephos.io.user_csv import SeatPlaces
from psephos.model import Election, Party, get_party, party_colour

if TYPE_CHECKING:
    import pandas as pd


def canonical_party(name: str) -> str:
    """The vocabulary code of a party name or alias; unknown labels are kept as given."""
    try:
        return get_party(name).code
    except UnknownPartyError:
        return name.strip()


@dataclass(frozen=True, slots=True)
class ElectionId:
    """A structured id of one bundled election.

    Attributes:
        id: Canonical id (``"2019-notional-2024"``, ``"canada-2021"``), the key everywhere.
        year: Year of polling day.
        boundary_set: Boundaries the seats are drawn on (``"2010"``, ``"2024"``, ``"2013"``).
        previous: Id of the previous bundled election on the same boundaries, if any.
        notional: A notional result (an earlier vote counted on later boundaries).
        aliases: Other spellings accepted on input (lower case).
        date: Polling day, ISO (``"2021-09-20"``), where the country's table gives it: what
            a model fitted on earlier elections may learn from is what ended by then.
    """

    id: str
    year: int
    boundary_set: str
    previous: str | None = None
    notional: bool = False
    aliases: tuple[str, ...] = ()
    date: str | None = None


def bloc_key(name: str) -> str:
    """A bloc's name as :attr:`Jurisdiction.named_blocs` keys it: lower case, hyphens and
    runs of spaces as one space, without "the" ("The Progressive-Alliance")."""
    return " ".join(name.replace("-", " ").lower().split()).removeprefix("the ")


@dataclass(frozen=True, slots=True)
class MoneyBackRule:
    """The share of valid votes that brings a candidate money back, and what it brings.

    Attributes:
        share: Share of valid votes needed.
        what: Completes "candidates ... with N% of the vote" (``"keep their deposit"``).
        line: Names the threshold (``"the 5% deposit line"``).
        source: The statute that sets it.
        column: The field that carries the chance of reaching the line in an advice's table and
            files (``"p_keeps_deposit"`` where it is a deposit, ``"p_reimbursed"`` where it is a
            reimbursement), so each country's output names what its rule gives back.
    """

    share: float
    what: str
    line: str
    source: str = ""
    column: str = "p_keeps_deposit"


@dataclass(frozen=True, slots=True)
class ParliamentRules:
    """Conventions that decide who votes in the chamber.

    The Speaker never votes (but to break a tie). Where the results give the Speaker's seat its
    own label (the UK's ``Speaker``), that label is :attr:`speaker_party`; where they count it
    under the party the Speaker was elected from (Canada), :attr:`speaker_on_benches` sets one
    member of that party aside, as a Deputy Speaker is: :attr:`speaker_bench` where the
    history is known, else (a projection, a user's file, seats given) an assumed member of the
    largest party on the government side, which is the Speaker's side by convention.

    Attributes:
        speaker_party: Party code of the Speaker's seat (does not vote).
        abstentionist_parties: Parties whose members do not take their seats (Sinn Féin).
        deputies_government_side: Deputy Speakers drawn from the government side (custom: 1).
        deputies_opposition_side: Deputy Speakers drawn from the opposition side (custom: 2).
        individual_groups: Labels whose members are independent single members, not a bloc.
        left_right: The parties from left to right, for connected coalitions (Axelrod 1970);
            empty where the country has none (every group counts as connected).
        speaker_on_benches: The Speaker is one of a party's members in the results, set aside
            from its votes (Canada), rather than a seat of its own label.
        speaker_bench: The party the Speaker was elected from, where known (a bundled
            election's Speaker); ``None``: assumed to be the largest party on the government
            side. Only read with :attr:`speaker_on_benches`.
        members: What the chamber's members are called, plural, in the lines that count who
            votes ("MPs"; a country of its own's plain "members": psephos knows no name).
    """

    speaker_party: str = "Speaker"
    abstentionist_parties: tuple[str, ...] = ("SF",)
    deputies_government_side: int = 1
    deputies_opposition_side: int = 2
    individual_groups: tuple[str, ...] = ("Ind", "Other")
    left_right: tuple[str, ...] = ()
    speaker_on_benches: bool = False
    speaker_bench: str | None = None
    members: str = "MPs"

    def __post_init__(self) -> None:
        # Accept names and aliases ("Sinn Fein") for the vocabulary codes.
        object.__setattr__(self, "speaker_party", canonical_party(self.speaker_party))
        object.__setattr__(
            self,
            "abstentionist_parties",
            tuple(canonical_party(p) for p in self.abstentionist_parties),
        )
        object.__setattr__(
            self, "individual_groups", tuple(canonical_party(p) for p in self.individual_groups)
        )
        object.__setattr__(self, "left_right", tuple(canonical_party(p) for p in self.left_right))
        if self.speaker_bench is not None:
            object.__setattr__(self, "speaker_bench", canonical_party(self.speaker_bench))
        if self.deputies_government_side < 0 or self.deputies_opposition_side < 0:
            raise DataFormatError(
                "Deputy Speaker counts must be 0 or more, not "
                f"{self.deputies_government_side} and {self.deputies_opposition_side}."
            )

    @property
    def non_voting(self) -> tuple[str, ...]:
        """Parties none of whose members vote: the Speaker's seat and the abstentionists."""
        return (self.speaker_party, *self.abstentionist_parties)

    @property
    def n_deputies(self) -> int:
        """Deputy Speakers taken from the benches."""
        return self.deputies_government_side + self.deputies_opposition_side


@dataclass(frozen=True, slots=True)
class TransferDefaults:
    """Default next-preference weights (percent of each party's voters) and plump shares.

    Attributes:
        rows: ``rows[p][q]``: weight of ``q`` as the next preference of ``p``'s voters.
        plump: Percent of each party's voters who rank nobody else.
        source: Where the figures come from.
        basis: How they were made, as a note on AV and STV says it after "next preferences"
            (``"set by hand to illustrate ..., not measured"``).
    """

    rows: Mapping[str, Mapping[str, float]]
    plump: Mapping[str, float]
    source: str
    basis: str = "set by hand, not measured"


@dataclass(frozen=True, slots=True)
class Capability:
    """A feature that needs bundled data only some countries have (:data:`CAPABILITIES`).

    A country offers it when it bundles every one of :attr:`tables`
    (:meth:`Jurisdiction.supports`); :func:`psephos.jurisdictions.require` refuses the others
    in one line, before any other input is read.

    Attributes:
        name: The feature as the subject of a sentence (``"The exit poll"``).
        tables: The bundled tables it needs (:attr:`Jurisdiction.table_names`).
        needs: What it needs them for, as messages say it (``"it needs seat centroids"``).
    """

    name: str
    tables: tuple[str, ...]
    needs: str


#: The exit poll (:mod:`psephos.forecast.exitpoll`): change by region, seat type and the Leave
#: vote, with Northern Ireland apart, learnt from earlier UK nights.
EXIT_POLL = Capability(
    "The exit poll",
    ("results", "demographics"),
    "it models change by UK region and seat type, learnt from past UK nights",
)
#: The bundled declaration order of past nights (:func:`psephos.forecast.nowcast.declaration_order`,
#: the ``declared_at`` times of the results table). The nowcast itself needs none: every
#: country's results give its seat model (:func:`psephos.forecast.nowcast.seat_frame`), and a
#: country without times is replayed in an assumed order (:attr:`Jurisdiction.reporting_groups`).
DECLARATION_TIMES = Capability(
    "The bundled declaration order",
    ("results",),
    "it reads the declaration times of past nights",
)
#: Seat centroids (``geography``): the seats nearest a place.
NEAREST = Capability("The nearest-seat search", ("geography",), "it needs seat centroids")
#: Seat centroids (``geography``): a UK postcode's seat (the bundled ONS postcode table gives the
#: 2024 seat; an older boundary set's seat is estimated from the old seats that 2024 seat was
#: made from, ``boundary_overlap``, and their centres).
POSTCODES = Capability(
    "The postcode lookup", ("geography",), "it reads UK postcodes and needs seat centroids"
)
#: Seat centroids (``geography``): volunteers' travel to seats.
ALLOCATION = Capability(
    "Volunteer allocation", ("geography",), "it needs seat centroids to cost travel"
)
#: The hex-map cartogram (``geography``'s hex positions).
HEX_MAP = Capability("The hex map", ("geography",), "it needs a hex position for every seat")
#: The turnout scenario (census age groups per seat).
TURNOUT = Capability(
    "The turnout scenario", ("demographics",), "it needs census age groups for every seat"
)

#: The real-input back-test (:func:`psephos.projection.backtest.real_input_backtest`): the
#: final week's published polls beside each result.
REAL_INPUT_BACKTEST = Capability(
    "The real-input back-test",
    ("final_polls",),
    "it needs the final week's published polls",
)

#: Every capability that needs country data, for tests and docs.
CAPABILITIES: tuple[Capability, ...] = (
    EXIT_POLL,
    DECLARATION_TIMES,
    NEAREST,
    POSTCODES,
    ALLOCATION,
    HEX_MAP,
    TURNOUT,
    REAL_INPUT_BACKTEST,
)


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """One country's rules and data: everything psephos decides differently per country.

    Attributes:
        code: Registry key (``"uk"``, ``"canada"``).
        name: Country name as stored in ``Election.meta["country"]``.
        elections: The bundled elections, oldest first.
        load_election: The dataset loader: canonical id -> :class:`Election`.
        parties: The party vocabulary; :attr:`party_codes` is the column order.
        party_codes: Column order of every seats x parties array for this country.
        labels: Per party code, its label in each election (the Reform UK lineage).
        groupings: Named groups of nations (``"Great Britain"``).
        main_area: The nations modelled together by national swing (all of them when empty).
            A party of :attr:`parties` standing in one of several such nations only is a
            nation-only party (:attr:`nation_parties`, read from the party table); a party
            standing only outside them is a party apart (:attr:`parties_apart`).
        area_aliases: Other names a user may type for one of the country's areas (lower
            case) -> the area as the country names it (:attr:`poll_area`, a nation, a
            region): the UK's ``gb``, ``britain`` and ``ni``, the nations' names in Welsh and
            Gaelic (``cymru``, ``alba``), and ``east`` and ``east of england``, each the
            other's name for one region in some of its elections. Read,
            where the election has the area and no area of the alias's own name, by the one
            reader of area names (:func:`psephos.projection.inputs.area_label`).
        seat_aliases: Other names users know a seat by (a former name, the name in the
            other language) -> the seat's name as the bundled data has it, each with its
            source beside it: "Western Isles" is Na h-Eileanan an Iar. Read by the one seat
            lookup (:meth:`psephos.model.Election.find_seat`, through
            :data:`psephos.model.election.SEAT_ALIASES`).
        superseded_codes: Seat codes first issued for a seat and since replaced, which other
            publishers' files still use -> the seat's name as the bundled data has it: read as
            that seat where an election has no seat of the code (through
            :data:`psephos.model.election.SEAT_ALIASES`), a seat's report saying so
            (:func:`psephos.results.seat_report`); on boundaries where the code is a seat's own,
            it is that seat.
        money_back: The deposit or reimbursement rule.
        parliament: The chamber's default rules.
        speaker_side: Per election id, the side of the chamber the Speaker came from.
        speaker_bench: Per election id, the party the Speaker was elected from, where the
            results count the Speaker's seat under it (:attr:`ParliamentRules.speaker_bench`).
        transfers: Hand-set default next preferences, or ``None`` where psephos estimates them
            from real stand-downs (:func:`psephos.transfers.default_estimate`).
        load_table: Reads one of the country's bundled tables by name (a fresh copy each call).
        table_names: The tables this country bundles (:meth:`table`).
        seat_code_pattern: A regular expression every seat code of the country matches in
            full (the UK's ONS codes ``E14000727``, Canada's five-digit district numbers).
        seat_code_example: A seat code of the latest boundaries that a message asking for a
            code shows (:func:`psephos.jurisdictions.example_seat_code`, which follows it to
            an election on other boundaries); empty: the election's first seat.
        constituency_codes: A regular expression that this country's constituency codes match
            in full and no other bundled country's do (the UK's E14, W07, S14, N05 and N06 ONS
            codes, Canada's riding numbers with a province's two digits): a users' file whose
            seat codes all match it is of this country whatever its parties
            (:func:`psephos.jurisdictions.for_seat_codes`); empty: none.
        seat_area: The nation and region of a seat code, for users' files that give neither
            (the nation from an ONS code's first letter, a province from a riding number);
            ``None``: the country's name for both.
        seat_table: The bundled table of the country's seats, election by election (columns
            ``code``, ``name``, ``nation``, ``region``, ``boundary_set``), from which a user's
            file whose seat codes are bundled ones takes each seat's region and boundaries
            (:meth:`seat_places`); ``None``: the country bundles none.
        adjective: The country as an adjective in messages (``"UK"``, ``"Canadian"``; default:
            :attr:`name`).
        poll_parties: The parties a national poll of the country names, in the order polls
            print them: the web swingometer's sliders (the rest share what they leave).
        default_pair: The attacker and defender a target list opens on (the web target-list
            page before any pair is given, ``psephos target`` without ``--pair``): the two
            largest parties' usual contest.
        default_bloc: The cooperating parties a pact opens on (the web pact page before any
            bloc is given); the tactical map's bloc, as ``psephos tactical``'s, is every other
            party where none is given.
        default_against: The parties the bloc tactical map opens on defeating (the web
            tactical page before any are given).
        named_blocs: Blocs people name rather than list ("progressive alliance"), by their
            name in lower case, each the parties it names (:meth:`bloc_parties`).
        advice_profiles: The voter profiles commonly asked of a tactical-voting site, each
            (prefer, against) in the order the advice form sends them, whose advice the web
            works out for every seat of :attr:`main_area` before it answers
            (:func:`psephos.web.services.warm_advice`); empty: none.
        no_majority: What the country calls a House where no party has a majority, after
            "a" (the UK's "hung parliament", Canada's "minority Parliament").
        seat_word: What the country calls a seat of the chamber, in the refusal of a seat an
            election does not have (the UK's "constituency", Canada's "riding":
            :meth:`psephos.model.Election.seat_index`).
        postal_codes: A regular expression of the country's postal codes, which psephos does
            not place in seats (Canada's ``K1P 5G4``): one given where a seat is asked for is
            refused saying so; empty: none (the UK's postcodes are placed: :data:`POSTCODES`).
        election_kind: What the country calls an election of the chamber, after
            :attr:`as_adjective` in the name of an election built without one
            (:meth:`psephos.model.Election.from_votes`: "UK general election 2029",
            Canada's "Canadian federal election 2029").
        data_credit: Who published the bundled results and under what licence, as the web
            app's footer credits them (the licence's attribution).
        turnout_counts_rejected: Whether the country's official turnout counts the rejected
            ballots with the valid votes (Elections Canada's "Percentage of Voter Turnout":
            total ballots cast over electors), read by the one turnout rule
            (:func:`psephos.results.turnout_ballots`) where every seat's rejected ballots are
            known; ``False``: valid votes over electors (the House of Commons Library's
            definition, the UK's).
        house_seats: The seats in the country's House as now elected (the UK's 650, Canada's
            338, the latest bundled election's): what seats given by hand of the country's
            parties must add up to (:func:`psephos.government.choices.check_whole_house`);
            ``None``: any total.
        reporting_groups: Where the country bundles no declaration times
            (:data:`DECLARATION_TIMES`), its regions grouped in the order a results night
            reports them, as its polls close (Canada's east to west, by time zone): the
            assumed order of a nowcast replay
            (:func:`psephos.forecast.nowcast.assumed_declaration_order`); empty: none assumed.
        results_layouts: Readers of the country's official results tables as published
            (Elections Canada's table 12): each is given a file's text and what messages call
            it, and returns the text in the results reader's own layout with a note saying how
            it was read, or ``None`` for a text that is not its table
            (:func:`psephos.jurisdictions.official_layout`).
    """

    code: str
    name: str
    elections: tuple[ElectionId, ...]
    load_election: Callable[[str], Election]
    parties: tuple[Party, ...]
    party_codes: tuple[str, ...]
    labels: Mapping[str, Mapping[str, str]]
    groupings: Mapping[str, tuple[str, ...]]
    main_area: tuple[str, ...]
    money_back: MoneyBackRule
    parliament: ParliamentRules
    speaker_side: Mapping[str, str] = field(default_factory=dict)
    speaker_bench: Mapping[str, str] = field(default_factory=dict)
    transfers: TransferDefaults | None = None
    load_table: Callable[[str], pd.DataFrame] | None = None
    table_names: tuple[str, ...] = ()
    seat_code_pattern: str = r"[A-Za-z0-9]{1,12}"
    seat_code_example: str = ""
    constituency_codes: str = ""
    seat_area: Callable[[str], tuple[str, str]] | None = None
    seat_table: str | None = None
    adjective: str = ""
    poll_parties: tuple[str, ...] = ()
    default_pair: tuple[str, str] | None = None
    default_bloc: tuple[str, ...] = ()
    default_against: tuple[str, ...] = ()
    named_blocs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    advice_profiles: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    no_majority: str = "hung parliament"
    election_kind: str = "general election"
    seat_word: str = "constituency"
    postal_codes: str = ""
    data_credit: str = ""
    area_aliases: Mapping[str, str] = field(default_factory=dict)
    seat_aliases: Mapping[str, str] = field(default_factory=dict)
    superseded_codes: Mapping[str, str] = field(default_factory=dict)
    reporting_groups: tuple[tuple[str, ...], ...] = ()
    house_seats: int | None = None
    turnout_counts_rejected: bool = False
    results_layouts: tuple[Callable[[str, str], tuple[str, str] | None], ...] = ()
    #: What the properties below derive from the fields, kept once worked out: a projection
    #: asks :attr:`parties_apart` of every poll it reads (the fields never change).
    _derived: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def names_own_party(self, parties: Iterable[str]) -> bool:
        """Whether ``parties`` (codes) hold one of the country's own parties, its independents
        and Speaker aside: what makes a party list the country's
        (:func:`psephos.jurisdictions.for_parties`)."""
        own = {party.code for party in self.parties} - {"Ind", "Other", "Speaker"}
        return not own.isdisjoint(parties)

    def bloc_parties(self, names: Sequence[str], parties: Sequence[str]) -> list[str]:
        """``names`` (a bloc as listed: codes or names) with each that names a bloc of
        :attr:`named_blocs` (``"progressive alliance"``, ``"the Progressive Alliance"``)
        replaced by that bloc's parties among ``parties`` (the election's); another
        country's named bloc is refused by :func:`psephos.jurisdictions.bloc_parties`."""
        listed: list[str] = []
        for name in names:
            named = self.named_blocs.get(bloc_key(name))
            listed.extend([p for p in named if p in parties] if named is not None else [name])
        return listed

    @property
    def no_majority_title(self) -> str:
        """:attr:`no_majority` at the start of a line ("Hung parliament", "Minority
        Parliament")."""
        return self.no_majority[:1].upper() + self.no_majority[1:]

    @property
    def poll_area(self) -> str:
        """What a national poll of this country covers, as messages name it: the grouping of
        :attr:`main_area` (``"Great Britain"``), else the country (``"Canada"``)."""
        area = self._derived.get("poll_area")
        if not isinstance(area, str):
            area = next(
                (
                    name
                    for name, nations in self.groupings.items()
                    if self.main_area and tuple(nations) == tuple(self.main_area)
                ),
                self.name,
            )
            self._derived["poll_area"] = area
        return area

    @property
    def main_area_seats(self) -> int:
        """The fewest seats of the main area (outside :attr:`nations_apart`,
        :meth:`main_area_mask`) of any of the country's bundled elections: the UK's 632 in
        Great Britain, Canada's 338; 0 where it bundles none. A user's file with fewer is a
        part of the country, not its :attr:`poll_area`
        (:func:`psephos.jurisdictions.national_area`)."""
        seats = self._derived.get("main_area_seats")
        if not isinstance(seats, int):
            seats = min(
                (int(self.main_area_mask(self.load(info.id)).sum()) for info in self.elections),
                default=0,
            )
            self._derived["main_area_seats"] = seats
        return seats

    @property
    def poll_area_names(self) -> frozenset[str]:
        """What a user may write (lower case) for :attr:`poll_area`, the area a national poll
        covers: its name and the :attr:`area_aliases` that name it (the UK's ``gb``,
        ``britain``). Read where a poll table's area column is matched against the national
        poll (:func:`psephos.projection.inputs.national_area_names`)."""
        area = self.poll_area
        return frozenset(
            {area.lower(), *(alias for alias, named in self.area_aliases.items() if named == area)}
        )

    def area_of_seat(self, code: str) -> tuple[str, str]:
        """Nation and region of a seat code (:attr:`seat_area`, else the country's name)."""
        if self.seat_area is None:
            return self.name, self.name
        return self.seat_area(code)

    def seat_places(self, codes: Sequence[str]) -> SeatPlaces | None:
        """Where the seats of ``codes`` (a user's file's) are among the country's bundled seats
        (:attr:`seat_table`): each bundled code's nation and region, and the bundled boundary
        set that has every one of them (the latest, where several do), whose centroids and
        hexes then serve the file's seats, and each bundled code's names (to note a file's
        name that is another seat's); ``None`` where the country bundles no seats."""
        if self.seat_table is None or not self.has_table(self.seat_table):
            return None
        seats = self.table(self.seat_table)[["code", "name", "nation", "region", "boundary_set"]]
        wanted = set(codes)
        found = seats[seats["code"].isin(wanted)].drop_duplicates(["code", "boundary_set"])
        latest = found.sort_values("boundary_set").drop_duplicates("code", keep="last")
        areas = {
            str(code): (str(nation), str(region))
            for code, nation, region in zip(
                latest["code"], latest["nation"], latest["region"], strict=True
            )
        }
        whole = [
            str(boundaries)
            for boundaries, group in found.groupby("boundary_set")
            if set(group["code"]) >= wanted
        ]
        names: dict[str, tuple[str, ...]] = {}
        for code, name in zip(found["code"], found["name"], strict=True):
            if str(name) not in names.get(str(code), ()):
                names[str(code)] = (*names.get(str(code), ()), str(name))
        return SeatPlaces(max(whole) if whole else None, areas, names)

    def table(self, name: str) -> pd.DataFrame:
        """One of the country's bundled tables, a copy of its own (the loader keeps the one it
        read: changing this frame changes no later answer).

        Raises:
            DataFormatError: the country bundles no such table, naming those it has.
        """
        if self.load_table is None or name not in self.table_names:
            raise DataFormatError(
                f"The {self.name} dataset has no {name!r} table; bundled: "
                f"{', '.join(self.table_names) or 'none'}."
            )
        return self.load_table(name)

    def has_table(self, name: str) -> bool:
        """Whether the country bundles the table ``name``."""
        return name in self.table_names

    def supports(self, capability: Capability) -> bool:
        """Whether the country bundles every table ``capability`` needs."""
        return all(self.has_table(name) for name in capability.tables)

    @property
    def as_adjective(self) -> str:
        """The country in "a Canadian election": :attr:`adjective`, else :attr:`name`."""
        return self.adjective or self.name

    @property
    def with_article(self) -> str:
        """:attr:`as_adjective` after its indefinite article: ``"a UK"``, ``"a Canadian"``,
        ``"an Irish"`` (an initialism by the sound of its first letter's name)."""
        word = self.as_adjective
        initialism = len(word) > 1 and word.isupper()
        vowel_sound = word[:1] in "AEFHILMNORSX" if initialism else word[:1].lower() in "aeiou"
        return f"{'an' if vowel_sound else 'a'} {word}"

    @property
    def previous_ids(self) -> dict[str, str]:
        """Each bundled election that has one -> the previous election on the same boundaries."""
        return {info.id: info.previous for info in self.elections if info.previous}

    @property
    def election_ids(self) -> tuple[str, ...]:
        """Canonical ids of the bundled elections, oldest first."""
        return tuple(info.id for info in self.elections)

    @property
    def latest_id(self) -> str:
        """Canonical id of the newest bundled result that is not notional: the base from
        which the next election is projected (the default of every "project a poll" entry
        point, and the seats the tactical "next" election is asked about)."""
        real = [info for info in self.elections if not info.notional]
        return max(real or self.elections, key=lambda info: info.year).id

    def next_id(self, election_id: str) -> str | None:
        """Canonical id of the bundled election that followed ``election_id`` on the same
        boundaries (the one a projection from it would be back-tested on), else ``None``."""
        key = self.canonical_id(election_id)
        return next((info.id for info in self.elections if key and info.previous == key), None)

    def election(self, election_id: str) -> ElectionId:
        """The structured id of a canonical election id (``KeyError`` when not bundled)."""
        for info in self.elections:
            if info.id == election_id:
                return info
        raise KeyError(election_id)

    def canonical_id(self, election_id: str) -> str | None:
        """The canonical id of a spelling of one of this country's elections, else ``None``."""
        key = str(election_id).strip().lower()
        for info in self.elections:
            if key == info.id or key in info.aliases:
                return info.id
        return None

    def bundled_id(self, election: Election) -> str | None:
        """The canonical id of this country's bundled election that ``election`` is, else
        ``None``: never for a user's results file, or a projection of one
        (:attr:`~psephos.model.Election.from_file`), whatever the file is called (a file
        ``2017.csv`` is not the UK's 2017, and takes none of its date, candidate lists,
        Speaker or successor). The one test of "is this a bundled election" that data looked
        up by an election's id goes through (:func:`psephos.jurisdictions.bundled_id`)."""
        if election.from_file is not None:
            return None
        return self.canonical_id(election.id)

    def load(self, election_id: str) -> Election:
        """Load one of this country's bundled elections (cached by the loader)."""
        return self.load_election(election_id)

    def previous(self, election: Election) -> Election | None:
        """The bundled election before ``election`` on the same boundaries, if any (none for
        a user's results file: :meth:`bundled_id`)."""
        key = self.bundled_id(election)
        info = self.election(key) if key else None
        return self.load(info.previous) if info and info.previous else None

    def label(self, party: str, election_id: str | None = None) -> str:
        """A party's label in one election (``Reform`` is ``UKIP`` in 2015)."""
        if election_id is not None and party in self.labels:
            return self.labels[party].get(election_id, party)
        return party

    def colour(self, party: str, election_id: str | None = None) -> str:
        """Map colour of a party (by year where its lineage changed colour): the one palette,
        :func:`psephos.model.party_colour`."""
        return party_colour(party, election_id)

    @property
    def nation_parties(self) -> dict[str, str]:
        """Each nation-only party -> its nation: a party of :attr:`parties` whose
        :attr:`~psephos.model.Party.nations` is one nation of a :attr:`main_area` of several
        (the UK's SNP -> Scotland, Plaid Cymru -> Wales; not Northern Ireland's parties, whose
        nation is modelled apart). Empty where the main area is one nation or every nation
        (Canada). The one source of the rule, read from the party table: the national swing
        model's nation response and turnout, the tactical nation targets, the real-input
        forecast's nation layers and the exit poll's nation features all ask here."""
        if len(self.main_area) < 2:
            return {}
        return {
            party.code: party.nations[0]
            for party in self.parties
            if len(party.nations) == 1 and party.nations[0] in self.main_area
        }

    @property
    def own_party_nations(self) -> tuple[str, ...]:
        """The nations where a nation-only party stands (:attr:`nation_parties`), in
        :attr:`main_area` order: the UK's Scotland and Wales; none in Canada."""
        own = set(self.nation_parties.values())
        return tuple(nation for nation in self.main_area if nation in own)

    @property
    def parties_apart(self) -> tuple[str, ...]:
        """The parties of :attr:`parties` standing only outside :attr:`main_area`, in a nation
        modelled apart (the UK's Northern Ireland parties): a national poll covers the main
        area, so it has no share for them. None where the main area is every nation
        (Canada)."""
        apart = self._derived.get("parties_apart")
        if not isinstance(apart, tuple):
            main = set(self.main_area)
            apart = tuple(
                party.code
                for party in self.parties
                if main and party.nations and not set(party.nations) & main
            )
            self._derived["parties_apart"] = apart
        return apart

    @property
    def nations_apart(self) -> tuple[str, ...]:
        """The nations where the :attr:`parties_apart` stand, outside :attr:`main_area` and
        modelled apart: the UK's Northern Ireland; none in Canada."""
        apart = set(self.parties_apart)
        return tuple(
            dict.fromkeys(
                nation for party in self.parties if party.code in apart for nation in party.nations
            )
        )

    def stands_in(self, party: str, nation: str, election: Election | None = None) -> bool:
        """Whether ``party`` (a code) stands in ``nation``: where its
        :attr:`~psephos.model.Party.nations` name it (the SNP in Scotland, Plaid Cymru in
        Wales, the DUP in Northern Ireland, Labour in Great Britain), or where ``election``
        (a night's base) gave it a vote in a seat of ``nation`` (the Conservatives and the
        Greens in some of Northern Ireland's seats). Independents and Others stand anywhere,
        and so does a party of no nation of the country's table, and any party in a nation
        the table names for none (a seat of a user's file, Canada's one nation). The one rule
        of the notes on a vote for a party where it does not stand
        (:func:`psephos.jurisdictions.not_standing_note`)."""
        known = {name for entry in self.parties for name in entry.nations}
        own = next((entry.nations for entry in self.parties if entry.code == party), ())
        if party in ("Ind", "Other") or nation not in known or not own or nation in own:
            return True
        if election is None or party not in election.parties:
            return False
        seats = np.asarray(election.nations) == nation
        column = election.parties.index(party)
        return bool(np.asarray(election.votes)[seats, column].sum() > 0)

    def main_area_mask(self, election: Election) -> npt.NDArray[np.bool_]:
        """Seats modelled by national swing: every seat outside the :attr:`nations_apart`
        (every seat of Canada). A seat of a user's file whose nation is not known is inside,
        as :attr:`psephos.model.Election.gb_mask` counts it: the two are one rule."""
        return ~np.isin(election.nations, self.nations_apart)

    def parliament_rules(self, election_id: str | None = None) -> ParliamentRules:
        """The chamber's rules, with the historical Deputy Speaker split and the Speaker's
        party of a bundled election.

        Unknown ids (projections, user files) get :attr:`parliament` (Speaker from the
        government side: one government deputy, two opposition deputies; where the Speaker
        sits on a party's benches, assumed from the largest party on the government side).
        """
        rules = self.parliament
        if election_id is None:
            return rules
        if self.speaker_side.get(election_id) == "opposition":
            rules = replace(
                rules,
                deputies_government_side=rules.deputies_opposition_side,
                deputies_opposition_side=rules.deputies_government_side,
            )
        if election_id in self.speaker_bench:
            rules = replace(rules, speaker_bench=self.speaker_bench[election_id])
        return rules
