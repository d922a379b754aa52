"""Countries: one registry entry per jurisdiction holding everything psephos decides per country.

Each entry (:class:`Jurisdiction`) holds its dataset loader and structured election ids, the
party vocabulary and labels by year, nation groupings, the deposit or reimbursement rule, the
chamber's rules and default transfers; colours come from the one palette
(:attr:`psephos.model.Party.colour`). Capability packages ask :func:`of` for an election's
jurisdiction; they never test ids or party lists themselves. Adding a country is one module
here plus its data build script (docs/countries.md).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from psephos.errors import (
    ForeignPartyError,
    PsephosError,
    UnknownConstituencyError,
    UnknownElectionError,
    UnknownPartyError,
    UnsupportedCountryError,
    did_you_mean,
)
from psephos.jurisdictions.base import (
    ALLOCATION,
    CAPABILITIES,
    DECLARATION_TIMES,
    EXIT_POLL,
    HEX_MAP,
    NEAREST,
    POSTCODES,
    REAL_INPUT_BACKTEST,
    TURNOUT,
    Capability,
    ElectionId,
    Jurisdiction,
    MoneyBackRule,
    ParliamentRules,
    TransferDefaults,
    bloc_key,
)
from psephos.jurisdictions.canada import CANADA
from psephos.jurisdictions.own import OWN
from psephos.jurisdictions.postcodes import (
    POSTCODE_BOUNDARY_SET,
    PostcodeSeats,
    beyond_the_seats,
    looks_like_postcode,
    no_seat_reason,
    parse_postcode,
    seats_of_postcode,
)
from psephos.jurisdictions.uk import UK
from psephos.model import OWN_AREA, Election, get_party, party_in, split_pair
from psephos.model.election import (
    ELECTION_TITLES,
    SEAT_ALIASES,
    SEAT_HINTS,
    SEAT_SUCCESSORS,
    SEAT_WORDS,
    TURNOUT_COUNTS_REJECTED,
    Constituency,
    normalise_name,
)
from psephos.numbers import format_number, listed

#: Every jurisdiction, by code. The first is the default for elections that name none.
JURISDICTIONS: dict[str, Jurisdiction] = {entry.code: entry for entry in (UK, CANADA)}
DEFAULT = UK
#: Every country's :attr:`~Jurisdiction.poll_parties`, each once, the UK's first: the sliders
#: the web swingometer takes and the party fields of the web scenario form.
POLL_PARTIES: tuple[str, ...] = tuple(
    dict.fromkeys(party for entry in JURISDICTIONS.values() for party in entry.poll_parties)
)

__all__ = [
    "ALLOCATION",
    "CANADA",
    "CAPABILITIES",
    "DECLARATION_TIMES",
    "DEFAULT",
    "EXIT_POLL",
    "HEX_MAP",
    "JURISDICTIONS",
    "NEAREST",
    "OWN",
    "POLL_PARTIES",
    "POSTCODES",
    "REAL_INPUT_BACKTEST",
    "TURNOUT",
    "UK",
    "Capability",
    "ElectionId",
    "Jurisdiction",
    "MoneyBackRule",
    "ParliamentRules",
    "TransferDefaults",
    "available_elections",
    "bloc_parties",
    "bundled_base_id",
    "bundled_id",
    "election_name",
    "election_rows",
    "election_short_name",
    "example_seat_code",
    "following_id",
    "for_election_id",
    "for_parties",
    "for_seat_codes",
    "foreign_party",
    "get",
    "is_postcode_for",
    "load",
    "national_area",
    "national_area_words",
    "nearest_seat_beyond",
    "not_standing",
    "not_standing_note",
    "of",
    "other_boundaries_name",
    "pair_in",
    "parse_results_csv",
    "postcode_seats",
    "previous_election",
    "previous_id",
    "read_results_csv",
    "refuse_foreign_name",
    "refuse_foreign_party",
    "require",
    "require_previous",
    "resolve_election_id",
    "resolve_seat",
    "seat_across_boundaries",
    "seat_code_words",
    "seat_of_place",
    "seat_words_note",
    "seats_across_boundaries",
    "superseded_code_note",
]


def get(code: str) -> Jurisdiction:
    """A jurisdiction by code (``"uk"``, ``"canada"``) or country name, or :data:`OWN` (``"own"``:
    the country of a results file whose parties no country knows).

    Raises:
        UnknownElectionError: naming the known jurisdictions.
    """
    found = _by_key(code.strip().lower())
    if found is not None:
        return found
    raise UnknownElectionError(
        f"Unknown jurisdiction {code!r}; known: {', '.join(JURISDICTIONS)}."
        + did_you_mean(code, list(JURISDICTIONS))
    )


@functools.lru_cache(maxsize=64)
def _by_key(key: str) -> Jurisdiction | None:
    """The jurisdiction whose code or lower-case name is ``key``, or ``None``: remembered, as
    :func:`of` asks it of every election a projection builds."""
    for entry in (*JURISDICTIONS.values(), OWN):
        if key in (entry.code, entry.name.lower()):
            return entry
    return None


def available_elections() -> tuple[str, ...]:
    """Every bundled election id, country by country, oldest first within each."""
    return tuple(key for entry in JURISDICTIONS.values() for key in entry.election_ids)


def bloc_parties(election: Election, names: Sequence[str]) -> list[str]:
    """A bloc as listed (codes or names) or named ("progressive alliance") as its parties in
    ``election`` (:meth:`Jurisdiction.bloc_parties` of its country).

    Raises:
        ForeignPartyError: a bloc another country names ("progressive alliance" asked of
            Canada), in one line saying whose it is and offering the country's default bloc
            (:attr:`Jurisdiction.default_bloc`), where it read as a party not in the election.
    """
    country = of(election)
    for name in names:
        key = bloc_key(name)
        if key in country.named_blocs or name in election.parties:
            continue
        for other in JURISDICTIONS.values():
            named = other.named_blocs.get(key)
            if other is country or named is None:
                continue
            own = (
                f", e.g. {', '.join(country.default_bloc)} ({country.with_article} pact's "
                "default bloc)"
                if country.default_bloc
                else ""
            )
            raise ForeignPartyError(
                f"{name.strip()!r} names a bloc of {other.as_adjective} parties "
                f"({', '.join(named)}), none of this election's: list the bloc's parties "
                f"instead{own}."
            )
    return country.bloc_parties(names, election.parties)


def election_rows() -> list[dict[str, Any]]:
    """Every bundled election, a row each, as ``psephos elections`` lists them (country by
    country, oldest first, as :func:`available_elections`): its ``id`` (what every command
    takes), ``name`` (:func:`election_name`), ``country``, polling ``date``, the
    ``boundary_set`` its seats are drawn on, the ``previous`` election on those boundaries
    its changes are counted from (``None`` without one) and whether it is ``notional``."""
    rows = []
    for entry in JURISDICTIONS.values():
        for info in entry.elections:
            loaded = load(info.id)
            rows.append(
                {
                    "id": info.id,
                    "name": loaded.name,
                    "country": entry.name,
                    "date": info.date or loaded.meta.get("date"),
                    "boundary_set": info.boundary_set,
                    "previous": info.previous,
                    "notional": info.notional,
                }
            )
    return rows


def election_name(election_id: str) -> str:
    """The title of a bundled election, any country ("UK general election 2019, notional
    result on the 2024 boundaries", "Canadian federal election 2021 (44th)"): the one name
    every command and page gives it. Any other id (a results night, a user's file) is its
    own name."""
    if election_id in available_elections():
        return load(election_id).name
    return election_id


def election_short_name(election_id: str) -> str:
    """A bundled election's short name for a narrow table's cell: its year, and
    ``"(notional)"`` for a notional result (``"2019 (notional)"``, where
    :func:`election_name` is "UK general election 2019, notional result on the 2024
    boundaries", five lines on a phone). Any other id is its own name."""
    for entry in JURISDICTIONS.values():
        for info in entry.elections:
            if info.id == election_id:
                return f"{info.year} (notional)" if info.notional else str(info.year)
    return election_id


def for_election_id(election_id: str) -> tuple[Jurisdiction, str]:
    """The jurisdiction of a user's spelling of a bundled election, and the canonical id.

    Raises:
        UnknownElectionError: naming every bundled election, with the closest.
    """
    for entry in JURISDICTIONS.values():
        key = entry.canonical_id(election_id)
        if key is not None:
            return entry, key
    known = available_elections()
    raise UnknownElectionError(
        f"Unknown election {election_id!r}; bundled elections: {', '.join(known)}."
        + did_you_mean(str(election_id), known)
    )


def resolve_election_id(election_id: str) -> str:
    """Canonical id of a bundled election, any country (see :func:`for_election_id`)."""
    return for_election_id(election_id)[1]


def load(election_id: str) -> Election:
    """Load a bundled election of any country: ``"2019"``, ``"2019-notional-2024"``,
    ``"canada-2021"`` and their aliases. Loaded once and cached.

    Raises:
        UnknownElectionError: naming the bundled elections.
    """
    entry, key = for_election_id(election_id)
    return entry.load(key)


def for_parties(parties: Sequence[str]) -> Jurisdiction:
    """The jurisdiction whose own parties appear in a party list (the default when none do)."""
    for entry in JURISDICTIONS.values():
        if entry is not DEFAULT and entry.names_own_party(parties):
            return entry
    return DEFAULT


def for_seat_codes(codes: Sequence[str]) -> Jurisdiction | None:
    """The jurisdiction whose constituency codes (:attr:`Jurisdiction.constituency_codes`:
    the UK's ONS codes, Canada's riding numbers) all of ``codes`` are, or ``None`` (no codes,
    or not all one country's): a results file's seat codes decide its country before its
    parties do, so a UK file's "Liberal" is the UK's minor party, not Canada's Liberals."""
    found = [
        entry
        for entry in JURISDICTIONS.values()
        if codes
        and entry.constituency_codes
        and all(re.fullmatch(entry.constituency_codes, code.strip()) for code in codes)
    ]
    return found[0] if len(found) == 1 else None


def foreign_party(code: str, parties: Sequence[str]) -> str | None:
    """THE refusal of another country's own party than that of an election's ``parties``
    (:func:`for_parties`), wherever a poll, a poll table or a declaration names one: "CPC is
    a Canadian party: use a Canadian election (canada-2021, say), or give this UK
    election's own parties (Con, Lab, ...)."; ``None`` where ``code`` is not such a party
    (one of the election's own country, or of no country). psephos knows the party, so
    counting unknown parties as Other is no remedy (:class:`~psephos.errors.ForeignPartyError`)."""
    theirs, ours = for_parties([code]), for_parties(list(parties))
    if code in parties or code in {party.code for party in ours.parties}:
        return None  # a code both countries have (Ind, Other) is the election's own
    if theirs is ours or code not in {party.code for party in theirs.parties}:
        return None
    own = ours.names_own_party(parties)  # a file of a country of its own is no UK election
    this = f"this {ours.as_adjective} election" if own else "this election"
    return (
        f"{code} is {theirs.with_article} party: use {theirs.with_article} election "
        f"({theirs.latest_id}, say), or give {this}'s own parties ({', '.join(parties)})."
    )


def refuse_foreign_party(code: str, parties: Sequence[str]) -> None:
    """Refuse ``code`` where it is another country's party than that of ``parties``.

    Raises:
        ForeignPartyError: with :func:`foreign_party`'s words.
    """
    refusal = foreign_party(code, parties)
    if refusal is not None:
        raise ForeignPartyError(refusal)


def refuse_foreign_name(name: str, parties: Sequence[str]) -> None:
    """:func:`refuse_foreign_party` of a party as a user names it (a code, name or alias the
    vocabulary knows, :func:`psephos.model.get_party`: "Lab", "Labour"), for a reader of an
    election's or a House's ``parties`` that found none of them answering to it, just before
    it refuses the name (a pair, a coalition, a bloc): another country's party gets
    :func:`foreign_party`'s one message there. Nothing for a name no country knows, or a party
    of the election's own country (the reader's own message says what to give).

    Raises:
        ForeignPartyError: with :func:`foreign_party`'s words.
    """
    try:
        code = get_party(name).code
    except UnknownPartyError:
        return
    refuse_foreign_party(code, parties)


def pair_in(text: str, parties: Sequence[str], *, what: str = "A pair") -> tuple[str, str]:
    """The codes among an election's ``parties`` of a pair as people write one
    (:func:`psephos.model.split_pair`, each read by :func:`psephos.model.party_in`):
    ``psephos marginals --pair`` and the marginals page's pair.

    Raises:
        PairError: not two parties.
        ForeignPartyError: another country's party (:func:`refuse_foreign_name`).
        UnknownPartyError: another party the election does not have.
    """
    codes = []
    for name in split_pair(text, what=what):
        try:
            codes.append(party_in(name, parties))
        except UnknownPartyError:
            refuse_foreign_name(name, parties)
            raise
    return codes[0], codes[1]


def read_results_csv(
    path: str | Path,
    *,
    election_id: str | None = None,
    unknown_parties: Literal["error", "other", "own"] = "error",
) -> Election:
    """A user's results CSV (:func:`psephos.io.user_csv.read_results_csv`) as an election of
    the country its parties belong to (:func:`for_parties`): Canadian parties, a Canadian
    election; parties no country knows, or any with ``unknown_parties="own"``, an election of
    their own country (:data:`OWN`).

    Raises:
        DataFormatError, UnknownPartyError: as :func:`psephos.io.user_csv.read_results_csv`.
    """
    from psephos.io import user_csv

    return user_csv.read_results_csv(
        path,
        country_of=for_parties,
        country_of_seats=for_seat_codes,
        own_country=OWN,
        layout=official_layout,
        election_id=election_id,
        unknown_parties=unknown_parties,
    )


def official_layout(text: str, what: str) -> tuple[str, str] | None:
    """A results file's text in the results reader's own layout, with a note, when it is a
    country's official results table as published (each entry's
    :attr:`~psephos.jurisdictions.base.Jurisdiction.results_layouts`: Elections Canada's table
    12), else ``None``."""
    for entry in JURISDICTIONS.values():
        for layout in entry.results_layouts:
            read = layout(text, what)
            if read is not None:
                return read
    return None


def parse_results_csv(
    text: str,
    *,
    name: str,
    source: str | None = None,
    election_id: str | None = None,
    unknown_parties: Literal["error", "other", "own"] = "error",
) -> Election:
    """:func:`read_results_csv` for text already in memory (an upload; see
    :func:`psephos.io.user_csv.parse_results_csv`)."""
    from psephos.io import user_csv

    return user_csv.parse_results_csv(
        text,
        name=name,
        country_of=for_parties,
        country_of_seats=for_seat_codes,
        own_country=OWN,
        layout=official_layout,
        source=source,
        election_id=election_id,
        unknown_parties=unknown_parties,
    )


def parse_sample_csv(
    text: str,
    *,
    name: str,
    base: Election,
    unknown_parties: Literal["error", "other"] = "error",
) -> tuple[Election, list[str]]:
    """An exit-poll sample (votes or shares, seats by code or name against ``base``; see
    :func:`psephos.io.user_csv.parse_sample_csv`) as an election of the country its parties
    belong to (:func:`for_parties`), and the notes saying how it was read: the one reader of
    ``psephos exitpoll estimate`` and the web exit-poll page."""
    from psephos.io import user_csv

    sample, notes = user_csv.parse_sample_csv(
        text,
        name=name,
        base=base,
        country_of=for_parties,
        country_of_seats=for_seat_codes,
        unknown_parties=unknown_parties,
    )
    return sample, [*notes, *_sample_not_standing(sample, base, name)]


def _sample_not_standing(sample: Election, base: Election, name: str) -> list[str]:
    """The notes on the sampled seats that give a vote to a party that does not stand in the
    seat's nation (:func:`not_standing_note`), as a results night's declaration gets them;
    none for a sample of another country (refused by its caller)."""
    if of(sample) is not of(base):
        return []
    notes = []
    votes = np.asarray(sample.votes)
    from psephos.io.rows import file_named
    from psephos.io.user_csv import SAMPLE_WHAT

    where = f"The {file_named(SAMPLE_WHAT, name)}"
    for row, code in enumerate(sample.codes):
        if code not in base.codes:
            continue
        parties = [p for p, v in zip(sample.parties, votes[row], strict=True) if v > 0]
        note = not_standing_note(base, base.codes.index(code), parties, where)
        notes.extend([note] if note else [])
    return notes


def not_standing(election: Election, seat: int, parties: Iterable[str]) -> list[str]:
    """The parties among ``parties`` (codes given a vote in the seat at position ``seat`` of
    ``election``, a night's base) that do not stand in the seat's nation
    (:meth:`Jurisdiction.stands_in`: the SNP in England, Labour in Northern Ireland), in the
    order given."""
    country, nation = of(election), str(election.nations[seat])
    return [
        party for party in dict.fromkeys(parties) if not country.stands_in(party, nation, election)
    ]


def not_standing_note(
    election: Election, seat: int, parties: Iterable[str], where: str = ""
) -> str:
    """The note on a declaration, or an exit poll's sampled seat, that gives a vote to a party
    that does not stand in the seat's nation (:func:`not_standing`), most likely a row pasted
    into the wrong seat; ``where`` names the rows (else the note starts with the seat).
    ``""`` where every party stands there. The one note of ``psephos nowcast feed``, the web
    declaration API, form and replay, and the exit poll's sample reader: the votes are
    counted as given."""
    away = not_standing(election, seat, parties)
    if not away:
        return ""
    named = election.constituencies[seat].named
    nation = str(election.nations[seat])
    does = "does" if len(away) == 1 else "do"
    place = f"{where}: {listed(away)} {does} not stand in {nation}, where {named} is"
    return (
        f"{place if where else f'{named}: {listed(away)} {does} not stand in {nation}'}; "
        "counted as given, but check that these votes are this seat's (a row pasted into the "
        "wrong seat?)."
    )


def of(election: Election) -> Jurisdiction:
    """The jurisdiction of an election: from its ``meta`` (``jurisdiction`` or ``country``),
    else from its own bundled id or base, else from its parties (users' files, projections)."""
    for key in ("jurisdiction", "country"):
        value = election.meta.get(key)
        if value:
            return get(str(value))
    for key in (election.id, str(election.meta.get("base") or "")):
        for entry in JURISDICTIONS.values():
            if entry.canonical_id(key) is not None:
                return entry
    return for_parties(election.parties)


def national_area(election: Election) -> str:
    """The name of the area a national poll of ``election`` covers, as every note, table and
    JSON key names it: the country's :attr:`~Jurisdiction.poll_area` ("Great Britain",
    "Canada") where the election holds all of it (a bundled election, anything made from one,
    or a user's file with at least :attr:`~Jurisdiction.main_area_seats` seats there), else
    :data:`~psephos.model.OWN_AREA` ("National"), as for a file of its own country: fifteen
    council wards of one county in the UK's layout are not "Great Britain". Prose says it as
    :func:`national_area_words` does. Worked out once per election."""
    return str(election.cached("jurisdictions.national_area", lambda: _national_area(election)))


def _national_area(election: Election) -> str:
    """:func:`national_area`, worked out."""
    country = of(election)
    if bundled_base_id(election) is not None:
        return country.poll_area
    seats = election.seat_lookups.cached(
        "jurisdictions.main_area_seats", lambda: int(country.main_area_mask(election).sum())
    )
    return country.poll_area if seats >= country.main_area_seats else OWN_AREA


def national_area_words(election: Election) -> str:
    """:func:`national_area` as a sentence says it: the country's area by name ("Great
    Britain", "Canada"), else "the file's area" (a user's file of part of a country, or of a
    country psephos bundles nothing of), never the bare label "National"."""
    area = national_area(election)
    return "the file's area" if area == OWN_AREA else area


def bundled_id(election: Election) -> str | None:
    """The canonical id of the bundled election ``election`` is, any country, else ``None``:
    a user's results file (and a projection or scenario of one) never is one, whatever the
    file is called (:meth:`Jurisdiction.bundled_id`). Every lookup of data bundled for an
    election (its date, candidate lists, Speaker, successor, tactical picks) asks here, so
    the same file gives the same answers under any name."""
    return of(election).bundled_id(election)


def bundled_base_id(election: Election) -> str | None:
    """The canonical id of the bundled election ``election`` is or was made from (a
    projection's or scenario's base, ``meta["base"]``), else ``None``: none for a user's
    results file or anything made from one (:func:`bundled_id`)."""
    own = bundled_id(election)
    if own is not None or election.from_file is not None:
        return own
    base = election.meta.get("base")
    return of(election).canonical_id(str(base)) if base else None


def following_id(election: Election) -> str | None:
    """The canonical id of the bundled election that followed ``election`` on the same
    boundaries (:meth:`Jurisdiction.next_id`: its candidate lists and the tactical-voting
    sites' picks are the next election's), else ``None``: none for a user's results file
    (:func:`bundled_id`)."""
    key = bundled_id(election)
    return None if key is None else of(election).next_id(key)


def require(capability: Capability, election: Election | str) -> Jurisdiction:
    """The jurisdiction of ``election`` (an election or a bundled id), when it bundles the data
    ``capability`` needs: the one check of whether a country has the exit poll, the nowcast,
    seat centroids, hex maps or census age groups, made by the library functions and, before
    they read any other input, by the command line and the web app.

    Raises:
        UnsupportedCountryError: in one line, naming the countries that have it, why it needs
            them, and the election's country.
        UnknownElectionError: ``election`` is an id that is not bundled.
    """
    if isinstance(election, str):
        country, subject = for_election_id(election)
    else:
        country = of(election)
        bundled = country.bundled_id(election) is not None
        subject = election.id if bundled else election.name or election.id
    if country.supports(capability):
        return country
    holders = [entry.as_adjective for entry in JURISDICTIONS.values() if entry.supports(capability)]
    where = f"for {listed(holders)} elections only" if holders else "for no country yet"
    if country is OWN:
        raise UnsupportedCountryError(
            f"{capability.name} is available {where} ({capability.needs}); {subject} is an "
            "election of a country psephos bundles no data for (its parties are none psephos "
            "knows)."
        )
    raise UnsupportedCountryError(
        f"{capability.name} is available {where} ({capability.needs}); {subject} is "
        f"{country.with_article} election, and psephos bundles no such data for "
        f"{country.name} yet."
    )


def previous_election(election: Election) -> Election | None:
    """The bundled election before this one on the same boundaries, any country."""
    return of(election).previous(election)


def previous_id(election_id: str) -> str:
    """The canonical id of the bundled election before ``election_id`` on the same
    boundaries, any country (``"2019"`` -> ``"2017"``, ``"2024"`` -> ``"2019-notional-2024"``),
    from the id's own jurisdiction (:attr:`Jurisdiction.previous_ids`): what a back-test over
    the bundled elections pairs each with.

    Raises:
        UnknownElectionError: an election that is not bundled.
        PsephosError: one with no earlier bundled election on its boundaries.
    """
    country, key = for_election_id(election_id)
    previous = country.previous_ids.get(key)
    if previous is None:
        raise PsephosError(f"No earlier election on the same boundaries as {key}.")
    return previous


def require_previous(election: Election) -> Election:
    """:func:`previous_election`, for callers that cannot go on without one.

    Raises:
        PsephosError: there is no bundled election before ``election`` on its boundaries.
    """
    previous = previous_election(election)
    if previous is None:
        raise PsephosError(f"No earlier election on the same boundaries as {election.id}.")
    return previous


#: Least share of an old seat's population (or a new seat's) a further seat it lies in must
#: hold to be named where it went (:func:`seat_across_boundaries` names the largest always).
SHARE_NAMED = 0.01


def _successors(election: Election, seat: str) -> tuple[str, list[tuple[int, float]]] | None:
    """A seat of the other boundary set (the ``boundary_overlap`` table): its name there and
    the seats of ``election`` its population lies in, as positions with the share of its
    population each holds, largest first (the first always, the others holding at least
    :data:`SHARE_NAMED`); ``None`` when ``seat`` is not a seat of the other boundaries
    either, or the country has no such table. A part of a name is a seat of the other
    boundaries where only that seat's name has it and no seat of ``election`` does
    (:func:`_other_seat`: "Kilburn" on 2024 is the 2019 seat Hampstead and Kilburn)."""
    country = of(election)
    if not election.n_seats or not country.has_table("boundary_overlap"):
        return None
    boundary = election.constituencies[0].boundary_set
    other = country.load("2019") if boundary == "2024" else country.load("2024")
    position = _other_seat(election, other, seat)
    if position is None:
        return None
    overlap = country.table("boundary_overlap")
    if boundary == "2024":
        key, share_column, target_column = "old_code", "share_of_old_population", "new_code"
    else:
        key, share_column, target_column = "new_code", "share_of_new_population", "old_code"
    rows = overlap[overlap[key] == other.codes[position]].sort_values(share_column, ascending=False)
    found: list[tuple[int, float]] = []
    for code, share in zip(rows[target_column], rows[share_column], strict=True):
        target = election.find_seat(str(code))
        if target is not None and (not found or share >= SHARE_NAMED):
            found.append((target, float(share)))
    return (other.constituencies[position].name, found) if found else None


def _other_seat(election: Election, other: Election, seat: str) -> int | None:
    """Position in ``other`` (the other boundaries' election) of the seat ``seat`` names: its
    code or name (:meth:`Election.find_seat`), else a part of a name only that one seat has
    (:meth:`Election.partial_matches`) when no seat of ``election`` has it, so that a
    neighbourhood of an abolished seat ("Kilburn") follows it as its full name does, and a
    part of a seat ``election`` has ("Croydon") stays that election's."""
    position = other.find_seat(seat)
    if position is not None or election.partial_matches(seat):
        return position
    partial = other.partial_matches(seat)
    return partial[0] if len(partial) == 1 else None


def seats_across_boundaries(election: Election, seat: str) -> tuple[list[int], str] | None:
    """The seats of ``election`` a seat of the other boundary set lies in (the
    ``boundary_overlap`` table): for a seat abolished in the 2024 review ("Isle of Wight"),
    the 2024 seats its population now lives in; for a 2024 seat asked of an election on the
    old boundaries, the old seats that supplied its population. Returns their positions,
    largest share first (the first always, the others holding at least
    :data:`SHARE_NAMED`), and a sentence naming each with its share, or ``None`` when
    ``seat`` is not a seat of the other boundaries either (or the country has no such
    table)."""
    found = _successors(election, seat)
    if found is None:
        return None
    name, seats = found
    return [position for position, _ in seats], _where_it_went(election, name, seats, seat)


def seat_across_boundaries(election: Election, seat: str) -> tuple[int, str] | None:
    """A seat of the other boundary set, followed into ``election``: a seat abolished in the
    2024 review ("Hampstead and Kilburn") goes to the 2024 seat holding most of its
    population, a 2024 seat asked of an election on the old boundaries to the old seat that
    supplied most of its population. Returns its position and the sentence of
    :func:`seats_across_boundaries` (which names every seat it lies in), or ``None``."""
    found = seats_across_boundaries(election, seat)
    return None if found is None else (found[0][0], found[1])


def resolve_seat(election: Election, seat: str) -> tuple[int, str]:
    """Seat position in ``election``, following boundary changes when needed.

    A seat abolished in the 2024 review (e.g. "Hampstead and Kilburn") is mapped to the 2024
    seat holding most of its population (``boundary_overlap`` table), and a 2024 seat given to
    an election on the old boundaries to the old seat supplying most of its population. Returns
    the position and a note ('' when the seat exists as given); where the seat lies in several,
    the note names each and asks for the voter's own (the 2019 seat Isle of Wight, split in
    two in 2024).

    Raises:
        UnknownConstituencyError: when the name is not a seat on either boundary set.
    """
    position = election.find_seat(seat)
    if position is not None:
        return position, ""
    position = election.seat_with_words(seat)
    if position is not None:  # "Kensington": the one seat with those words, said so
        return position, seat_words_note(election, seat)
    found = seats_across_boundaries(election, seat)
    if found is None:
        return election.seat_index(seat), ""  # raises, with the closest names
    (position, *others), note = found
    if not others:
        return position, f"{note[:-1]}, used here."
    used = election.constituencies[position].name
    return position, f"{note} {used} is used here: give the seat you live in if it is another."


def seat_words_note(election: Election, seat: str) -> str:
    """What a name read as the one seat whose name has its words
    (:meth:`Election.seat_with_words`) says where it was also a seat of the other boundaries:
    where that seat went (:func:`seats_across_boundaries`), then the seat it is read as:
    "Kensington is not a seat on the 2024 boundaries; 99% of its population now lives in
    Kensington and Bayswater (E14001310). 'Kensington' is read as Kensington and Bayswater,
    the one seat with those words in its name."; ``""`` for any other name (a seat's own, or
    words of no seat of the other boundaries: "Chingford")."""
    if election.find_seat(seat) is not None:
        return ""
    position = election.seat_with_words(seat)
    if position is None:
        return ""
    try:
        found = seats_across_boundaries(election, seat)
    except (PsephosError, KeyError):  # a country without the other boundaries' results
        return ""
    if found is None:
        return ""
    name = election.constituencies[position].name
    read_as = f"{seat.strip()!r} is read as {name}, the one seat with those words in its name."
    return f"{found[1]} {read_as}"


def seat_of_place(election: Election, place: str) -> tuple[int, str]:
    """The seat of ``election`` a place names, for a form or API that takes a place: a seat
    (code, name, part of one only one seat's name has, or a seat of the other boundaries
    followed, :func:`resolve_seat`), else a UK postcode, sector or district that lies in one
    seat of it (:func:`postcode_seats`). Returns its position and a note ('' when the seat was
    given as it is).

    Raises:
        UnknownConstituencyError: neither; a postcode that straddles seats, or is placed only
            roughly on older boundaries, is refused naming the seats to choose from.
    """
    try:
        return resolve_seat(election, place)
    except UnknownConstituencyError:
        found = _postcode_seat(election, place)
        if found is None:
            raise
        return found


def _postcode_seat(election: Election, value: str) -> tuple[int, str] | None:
    """A postcode given as a seat as the seat it is in, with a note; ``None`` where it is no
    postcode, not in the table, or not in one seat of ``election`` for certain (it straddles
    two, or the boundaries are not the postcodes'): then the seat's own refusal, which names
    the seats, stands."""
    if not is_postcode_for(election, value):
        return None
    try:
        found = postcode_seats(election, value)
    except PsephosError:
        return None
    if found.straddles or found.approximate:
        return None
    seat = found.options[0]
    note = f"{found.message[:-1]}: a postcode given as a seat is read as its seat ({seat.code})."
    return election.seat_index(seat.code), note


def example_seat_code(election: Election) -> str:
    """A seat code of ``election``'s boundaries for a message asking for one: its country's
    example (:attr:`Jurisdiction.seat_code_example`, ``E14001265`` of the 2024 boundaries),
    followed to the seat holding most of its population on other boundaries (2019's
    ``E14000727``), else the election's first seat."""
    example = of(election).seat_code_example
    if example:
        if example in election.codes:
            return example
        try:
            found = seat_across_boundaries(election, example)
        except (PsephosError, KeyError):  # a country without the other boundaries' results
            found = None
        if found is not None:
            return election.codes[found[0]]
    return election.codes[0]


def seat_code_words(election: Election | None = None) -> str:
    """What a seat code looks like, for a refusal of one: "use a seat code such as E14000727"
    with a code ``election`` has (:func:`example_seat_code`); without an election, each
    country's example on its latest boundaries ("use a seat code such as E14001265 (Canada:
    24055)")."""
    if election is not None:
        return f"use a seat code such as {example_seat_code(election)}"
    first, *others = [entry for entry in JURISDICTIONS.values() if entry.seat_code_example]
    more = ", ".join(f"{entry.name}: {entry.seat_code_example}" for entry in others)
    return f"use a seat code such as {first.seat_code_example}" + (f" ({more})" if more else "")


def _where_it_went(
    election: Election, name: str, seats: list[tuple[int, float]], given: str = ""
) -> str:
    """The sentence saying where a seat of the other boundaries went: "Isle of Wight is not a
    seat on the 2024 boundaries; 50% of its population now lives in Isle of Wight East
    (E14001303) and 50% in Isle of Wight West (E14001304)." (each of ``seats`` named). A code
    (``given``) of a seat whose name a seat of ``election`` has too is said to be that name's
    code on the other boundaries, not that the name is no seat: "E14000733 is Hartlepool's
    code on the 2010-2019 boundaries, not the 2024 boundaries; 100% of its population now
    lives in Hartlepool (E14001272)."."""
    # The boundary set by name, not the election id: "2019-notional-2024" is on the 2024 ones.
    if election.constituencies[0].boundary_set == "2024":
        boundaries, other, what = "the 2024 boundaries", "the 2010-2019", "now lives in"
    else:
        boundaries, other, what = "the 2010-2019 boundaries", "the 2024", "lived before 2024 in"
    named = [
        f"{format_number(100 * share, '.0f')}% {f'of its population {what}' if not n else 'in'} "
        f"{election.constituencies[position].named}"
        for n, (position, share) in enumerate(seats)
    ]
    names = {normalise_name(election.constituencies[position].name) for position, _ in seats}
    if given.strip() and normalise_name(name) in names:  # the same name: a code of the other set
        code = given.strip()
        return f"{code} is {name}'s code on {other} boundaries, not {boundaries}; {listed(named)}."
    if _is_part_of(given, name):  # a neighbourhood of the seat ("Kilburn")
        return (
            f"{given.strip()!r} is in the name of {name}, not a seat on {boundaries}; "
            f"{listed(named)}."
        )
    return f"{name} is not a seat on {boundaries}; {listed(named)}."


def _is_part_of(given: str, name: str) -> bool:
    """Whether ``given`` is a part of the seat name ``name`` and not the whole of it, as
    :meth:`Election.partial_matches` compares them (its start, or whole words of it)."""
    key, full = normalise_name(given), normalise_name(name)
    return bool(key) and key != full and (full.startswith(key) or f" {key} " in f" {full} ")


def other_boundaries_name(election: Election, seat: str) -> str | None:
    """The name of the seat of the other boundary set ``seat`` names (its code, name, or a
    part of a name only it has: :func:`seats_across_boundaries`), e.g. "Hampstead and
    Kilburn" for "Kilburn" asked of 2024, else ``None``."""
    found = _successors(election, seat)
    return None if found is None else found[0]


def _boundary_hint(election: Election, seat: str) -> str:
    try:
        found = seats_across_boundaries(election, seat)
    except (PsephosError, KeyError):  # a country without the other boundaries' results
        return ""
    return found[1] if found is not None else ""


def _boundary_successors(election: Election, seat: str) -> list[int]:
    """The seats a seat of the other boundaries lies in, largest share first: the seats its
    refusal offers (:data:`psephos.model.election.SEAT_SUCCESSORS`)."""
    try:
        found = seats_across_boundaries(election, seat)
    except (PsephosError, KeyError):  # a country without the other boundaries' results
        return []
    return found[0] if found is not None else []


def postcode_seats(election: Election, text: str) -> PostcodeSeats:
    """The seat(s) of ``election`` a UK postcode, sector or district is in
    (:func:`psephos.jurisdictions.postcodes.seats_of_postcode`): on the 2024 boundaries the
    bundled assignment, on older ones an estimate from the old seats its 2024 seat was made
    from (said so in its ``message``).

    Raises:
        UnsupportedCountryError: an election of a country whose seats UK postcodes do not place.
        InvalidPostcodeError: not a postcode.
        UnknownPostcodeError: not in the table.
    """
    require(POSTCODES, election)  # a Canadian election's seats are not placed by UK postcodes
    return seats_of_postcode(election, text)


def nearest_seat_beyond(
    election: Election, latitude: float, longitude: float
) -> tuple[float, str, float] | None:
    """``None`` where a point may be in ``election``'s country, or its country places no
    points by postcode (:data:`POSTCODES`: the UK's); else how far the point is from the
    nearest seat's centre (km), that seat's name (as ``election`` names it, or as the
    postcode table's boundaries do where ``election`` is drawn on others) and how far its
    own places reach (km): :func:`psephos.jurisdictions.postcodes.beyond_the_seats`
    (Dublin, the Isle of Man)."""
    country = of(election)
    if not country.supports(POSTCODES):
        return None
    (found,) = beyond_the_seats([latitude], [longitude])
    if found is None:
        return None
    km, code, reach = found
    seats = (
        election if election.find_seat(code) is not None else country.load(POSTCODE_BOUNDARY_SET)
    )
    return km, seats.constituencies[seats.seat_index(code)].name, reach


def is_postcode_for(election: Election, text: str) -> bool:
    """Whether ``text`` has a postcode's form and ``election``'s seats are placed by UK
    postcodes: where a seat is asked for, such a text is a voter's postcode, not a name."""
    return looks_like_postcode(text) and of(election).supports(POSTCODES)


def _postcode_hint(election: Election, seat: str) -> str:
    """A postcode given where a seat is asked for ("SW1A 1AA", a voter's starting point): the
    seat it is in, to give instead (the lookup :func:`postcode_seats` makes)."""
    if not is_postcode_for(election, seat):
        return ""
    try:
        found = seats_of_postcode(election, seat)
    except PsephosError:  # a postcode not in the table, or of no seat (the Isle of Man's)
        no_seat = no_seat_reason(parse_postcode(seat).district)
        return f"That is a postcode, not a seat: it is {no_seat}." if no_seat else ""
    give = (
        f"Their codes: {', '.join(option.code for option in found.options)}."
        if found.straddles
        else f"Give the seat ({found.code})."
    )
    return f"That is a postcode, not a seat: {found.message} {give}"


def _postal_code_hint(election: Election, seat: str) -> str:
    """A postal code psephos does not place in seats (:attr:`Jurisdiction.postal_codes`:
    Canada's "K1P 5G4") given where a seat is asked for: said so, and what to give instead."""
    own = of(election)
    for entry in JURISDICTIONS.values():
        if entry.postal_codes and re.fullmatch(entry.postal_codes, seat.strip()):
            where = (
                ""
                if entry is own
                else f" of {entry.with_article} election ({entry.latest_id}, say)"
            )
            return (
                f"That is {entry.with_article} postal code, and psephos does not look up "
                f"{entry.as_adjective} postal codes: give the {entry.seat_word}'s name or "
                f"number{where} instead."
            )
    return ""


def _other_country_hint(election: Election, seat: str) -> str:
    """A seat of another country's latest bundled election asked of ``election`` ("Ottawa
    Centre" of the UK's 2024): its country and an election of it, in that country's word for
    a seat (:attr:`Jurisdiction.seat_word`). Nothing where a part of one of ``election``'s
    seat names matches (its own refusal lists them: "Oxford" in a UK election)."""
    if election.partial_matches(seat):
        return ""
    own = of(election)
    for entry in JURISDICTIONS.values():
        if entry is own or not entry.elections:
            continue
        other = entry.load(entry.latest_id)
        position = other.find_seat(seat)
        if position is not None:
            name = other.constituencies[position].name
            return (
                f"{name} ({other.codes[position]}) is {entry.with_article} {entry.seat_word}: "
                f"use {entry.with_article} election ({entry.latest_id}, say)."
            )
    return ""


def _country_title(
    election_id: str, parties: tuple[str, ...], seats: tuple[Constituency, ...]
) -> str:
    """The name of an election built without one (:data:`ELECTION_TITLES`): its country's
    election, the country read from its seat codes (:func:`for_seat_codes`), else its parties
    (:func:`for_parties`), as a results file's: "UK general election 2029", "Canadian
    federal election 2029"."""
    entry = for_seat_codes([seat.code for seat in seats]) or for_parties(parties)
    return f"{entry.as_adjective} {entry.election_kind} {election_id}"


ELECTION_TITLES.append(_country_title)
SEAT_HINTS.extend((_boundary_hint, _postcode_hint, _postal_code_hint, _other_country_hint))
SEAT_WORDS.append(lambda election: of(election).seat_word)
TURNOUT_COUNTS_REJECTED.append(lambda election: of(election).turnout_counts_rejected)
SEAT_SUCCESSORS.append(_boundary_successors)
for _entry in JURISDICTIONS.values():
    SEAT_ALIASES.update(
        {
            normalise_name(alias): normalise_name(name)
            for alias, name in (*_entry.seat_aliases.items(), *_entry.superseded_codes.items())
        }
    )


def superseded_code_note(election: Election, seat: str) -> str:
    """What a seat asked for by a superseded code (:attr:`Jurisdiction.superseded_codes`)
    says, where ``election`` read it as a seat of another code: "S14000058 is the code first
    issued for West Aberdeenshire and Kincardine, since replaced by S14000111."; ``""`` for
    any other seat."""
    given = seat.strip().upper()
    name = of(election).superseded_codes.get(given)
    position = election.find_seat(given) if name else None
    if position is None or election.codes[position] == given:
        return ""
    replaced = election.codes[position]
    return f"{given} is the code first issued for {name}, since replaced by {replaced}."
