"""Seats found by the names users type: other names a seat is known by (the country's
``seat_aliases``) and, for a seat of the other boundaries, the seats it now lies in."""

from __future__ import annotations

import pytest

import psephos
from psephos import jurisdictions
from psephos.errors import UnknownConstituencyError
from psephos.jurisdictions import (
    JURISDICTIONS,
    available_elections,
    example_seat_code,
    load,
    resolve_seat,
    seat_code_words,
    seat_of_place,
)
from psephos.model.election import SEAT_ALIASES, normalise_name


@pytest.mark.parametrize(
    "entry", list(jurisdictions.JURISDICTIONS.values()), ids=lambda country: country.code
)
def test_every_seat_alias_names_a_seat_and_is_no_seat_itself(
    entry: jurisdictions.Jurisdiction,
) -> None:
    """An alias leads to a seat of one of the country's bundled elections, and never hides a
    seat of that name (the seat's own name is always found first)."""
    names = {
        normalise_name(seat.name)
        for info in entry.elections
        for seat in entry.load(info.id).constituencies
    }
    for alias, seat in entry.seat_aliases.items():
        assert normalise_name(seat) in names, (alias, seat)
        assert normalise_name(alias) not in names, alias
        assert SEAT_ALIASES[normalise_name(alias)] == normalise_name(seat)


@pytest.mark.parametrize(
    ("election_id", "typed", "expected"),
    [
        ("2024", "Western Isles", "Na h-Eileanan an Iar"),
        ("2019", "western isles", "Na h-Eileanan An Iar"),
        ("2024", "Outer Hebrides", "Na h-Eileanan an Iar"),
        ("2024", "Anglesey", "Ynys Môn"),
        ("2024", "Isle of Anglesey", "Ynys Môn"),
        ("2019", "Anglesey", "Ynys Mon"),
        ("2024", "Ynys Mon", "Ynys Môn"),
        ("2024", "Carmarthen", "Caerfyrddin"),
        ("2024", "Sir Fynwy", "Monmouthshire"),
        ("2024", "Gwyr", "Gower"),
        ("2019", "Bro Morgannwg", "Vale of Glamorgan"),
        ("2024", "Orkney & Shetland", "Orkney and Shetland"),
        ("2024", "Weston super Mare", "Weston-super-Mare"),
        ("2024", "Ashton under Lyne", "Ashton-under-Lyne"),
        ("canada-2021", "Abitibi-Baie-James-Nunavik-Eeyou", "Abitibi--Baie-James--Nunavik--Eeyou"),
        ("canada-2021", "Abitibi—Baie-James—Nunavik—Eeyou", "Abitibi--Baie-James--Nunavik--Eeyou"),
        ("canada-2021", "Levis - Lotbiniere", "Lévis--Lotbinière"),
    ],
)
def test_a_seat_is_found_by_the_names_users_know_it_by(
    election_id: str, typed: str, expected: str
) -> None:
    election = psephos.load(election_id)
    position = election.find_seat(typed)
    assert position is not None
    assert election.constituencies[position].name == expected
    assert election.seat_index(typed) == position


def test_an_alias_of_a_seat_another_country_has_finds_nothing_there() -> None:
    """A UK seat's other name finds no Canadian riding; the refusal names the UK seat."""
    election = psephos.load("canada-2021")
    assert election.find_seat("Western Isles") is None
    with pytest.raises(
        UnknownConstituencyError,
        match=r"No riding 'Western Isles' in election 'canada-2021'\. Na h-Eileanan an Iar "
        r"\(S14000027\) is a UK constituency: use a UK election \(2024, say\)\.",
    ):
        election.seat_index("Western Isles")


@pytest.mark.parametrize(
    ("election_id", "seat", "message"),
    [
        (
            "2024",
            "Ottawa Centre",
            "No constituency 'Ottawa Centre' in election '2024'. Ottawa Centre (35075) is a "
            "Canadian riding: use a Canadian election (canada-2021, say).",
        ),
        (
            "2024",
            "35075",
            "No constituency '35075' in election '2024'. Ottawa Centre (35075) is a Canadian "
            "riding: use a Canadian election (canada-2021, say).",
        ),
        (
            "canada-2021",
            "Hampstead and Highgate",
            "No riding 'Hampstead and Highgate' in election 'canada-2021'. Hampstead and "
            "Highgate (E14001265) is a UK constituency: use a UK election (2024, say).",
        ),
        (
            "canada-2021",
            "K1P 5G4",
            "No riding 'K1P 5G4' in election 'canada-2021'. That is a Canadian postal code, and "
            "psephos does not look up Canadian postal codes: give the riding's name or number "
            "instead.",
        ),
        (
            "2024",
            "k1p5g4",
            "No constituency 'k1p5g4' in election '2024'. That is a Canadian postal code, and "
            "psephos does not look up Canadian postal codes: give the riding's name or number "
            "of a Canadian election (canada-2021, say) instead.",
        ),
    ],
)
def test_a_seat_or_postal_code_of_another_country_is_named_as_such(
    election_id: str, seat: str, message: str
) -> None:
    """A seat of another country's latest election, or a Canadian postal code, is refused
    saying so in the country's word for a seat (it was "No constituency 'Ottawa Centre' in
    election '2024'", and "No constituency 'K1P 5G4'" of a Canadian election)."""
    with pytest.raises(UnknownConstituencyError) as refused:
        psephos.load(election_id).seat_index(seat)
    assert str(refused.value).strip("\"'") == message


def test_a_part_of_a_seat_name_is_not_taken_for_another_country_s_seat() -> None:
    """Oxford is a Canadian riding, and a part of two UK seats' names: a UK election lists
    its own two, not Canada's."""
    with pytest.raises(UnknownConstituencyError, match="2 seats match it") as refused:
        psephos.load("2024").seat_index("Oxford")
    assert "Canadian" not in str(refused.value)


def test_a_seat_split_in_two_names_both_and_offers_both() -> None:
    """The 2019 seat Isle of Wight, split in 2024, says so and offers each half."""
    election = psephos.load("2024")
    with pytest.raises(UnknownConstituencyError) as info:
        election.seat_index("Isle of Wight")
    assert str(info.value) == (
        "No constituency 'Isle of Wight' in election '2024'. Isle of Wight is not a seat on the "
        "2024 boundaries; 50% of its population now lives in Isle of Wight East (E14001303) "
        "and 50% in Isle of Wight West (E14001304)."
    )
    assert [election.codes[p] for p in election.seat_suggestions("Isle of Wight")] == [
        "E14001303",
        "E14001304",
    ]


def test_a_seat_of_the_old_boundaries_names_every_seat_it_now_lies_in() -> None:
    """Largest share first, each seat holding at least 1% of its population; the seats its
    refusal offers are those, not the closest names."""
    election = psephos.load("2024")
    with pytest.raises(UnknownConstituencyError) as info:
        election.seat_index("Hampstead and Kilburn")
    assert str(info.value).endswith(
        "70% of its population now lives in Hampstead and Highgate (E14001265), 21% in "
        "Queen's Park and Maida Vale (E14001435) and 9% in Brent East (E14001122)."
    )
    assert [election.codes[p] for p in election.seat_suggestions("Hampstead and Kilburn")] == [
        "E14001265",
        "E14001435",
        "E14001122",
    ]
    # one seat is followed (advice, nearest): the largest share's
    followed = jurisdictions.seat_across_boundaries(election, "Hampstead and Kilburn")
    assert followed == (election.find_seat("E14001265"), str(info.value).split(". ", 1)[1])


def test_a_new_seat_asked_of_the_old_boundaries_names_the_seats_it_came_from() -> None:
    """A 2024 seat known by its Welsh name, asked of 2019: the alias, then the old seats."""
    election = psephos.load("2019")
    with pytest.raises(UnknownConstituencyError) as info:
        election.seat_index("Carmarthen")
    assert str(info.value) == (
        "No constituency 'Carmarthen' in election '2019'. Caerfyrddin is not a seat on the "
        "2010-2019 boundaries; 66% of its population lived before 2024 in Carmarthen East and "
        "Dinefwr (W07000067) and 34% in Carmarthen West and South Pembrokeshire (W07000066)."
    )


def test_a_name_that_is_no_seat_anywhere_keeps_its_refusal() -> None:
    election = psephos.load("2024")
    with pytest.raises(UnknownConstituencyError) as info:
        election.seat_index("Nowhere Town")
    assert (
        str(info.value)
        == "No constituency 'Nowhere Town' in election '2024'. Give a seat code or name."
    )
    assert election.seat_suggestions("Nowhere Town") == []


@pytest.mark.parametrize("old", list(jurisdictions.UK.superseded_codes))
def test_a_superseded_scottish_code_is_the_2024_seat_of_its_name_with_a_note(old: str) -> None:
    """`results 2024 --seat S14000058` said "West Aberdeenshire and Kincardine is not a seat
    on the 2024 boundaries; 100% of its population now lives in West Aberdeenshire and
    Kincardine (S14000111)": S14000058 is the code first issued for that 2024 seat (the
    Rallings & Thrasher notional results and mySociety's files use it). It is read as the seat,
    its report saying so; on the 2010-2019 boundaries it is still the old seat of that name."""
    from psephos.results import seat_report

    name = jurisdictions.UK.superseded_codes[old]
    for election_id in ("2024", "2019-notional-2024"):
        election = psephos.load(election_id)
        position = election.seat_index(old)
        new = election.codes[position]
        assert election.constituencies[position].name == name and new != old
        assert seat_report(election, old).notes[0] == (
            f"{old} is the code first issued for {name}, since replaced by {new}."
        )
        assert not any("first issued" in note for note in seat_report(election, new).notes)
    before = psephos.load("2019")
    assert before.codes[before.seat_index(old)] == old
    assert not any("first issued" in note for note in seat_report(before, old).notes)


def test_an_old_code_of_a_seat_keeping_its_name_is_called_that_seat_s_code_not_no_seat() -> None:
    """Hartlepool's 2010-2019 code asked of 2024 was "Hartlepool is not a seat on the 2024
    boundaries; 100% of its population now lives in Hartlepool (E14001272)"."""
    with pytest.raises(UnknownConstituencyError) as info:
        psephos.load("2024").seat_index("E14000733")
    assert str(info.value) == (
        "No constituency 'E14000733' in election '2024'. E14000733 is Hartlepool's code on the "
        "2010-2019 boundaries, not the 2024 boundaries; 100% of its population now lives in "
        "Hartlepool (E14001272)."
    )


@pytest.mark.parametrize("election_id", available_elections())
def test_the_example_seat_code_is_a_seat_of_the_election(election_id: str) -> None:
    """A refusal that asks for a seat code shows one the election has: 2024's Hampstead and
    Highgate, followed to 2019's Hampstead and Kilburn on the old boundaries."""
    election = load(election_id)
    example = example_seat_code(election)
    assert example in election.codes
    assert seat_code_words(election) == f"use a seat code such as {example}"
    if election.constituencies[0].boundary_set == "2010":
        assert example == "E14000727"


def test_without_an_election_each_country_s_example_is_of_its_latest_boundaries() -> None:
    assert seat_code_words() == "use a seat code such as E14001265 (Canada: 24055)"
    for entry in JURISDICTIONS.values():
        assert entry.seat_code_example in load(entry.latest_id).codes


@pytest.mark.parametrize(
    ("place", "code", "note"),
    [
        ("E14001265", "E14001265", ""),
        ("Hampstead and Highgate", "E14001265", ""),
        ("NW6 1AB", "E14001265", "a postcode given as a seat is read as its seat"),
        ("Hampstead and Kilburn", "E14001265", "is not a seat on the 2024 boundaries"),
    ],
)
def test_a_place_is_a_seat_code_or_name_or_a_postcode(place: str, code: str, note: str) -> None:
    """The one lookup of a place where a seat is asked for (sign-ups, swap offers)."""
    election = load("2024")
    position, said = seat_of_place(election, place)
    assert election.codes[position] == code
    assert note in said and bool(said) == bool(note)


def test_a_postcode_that_straddles_seats_is_refused_naming_them() -> None:
    with pytest.raises(UnknownConstituencyError, match="Their codes: E14001435, E14001122"):
        seat_of_place(load("2024"), "NW6 7")


def test_a_word_of_an_abolished_seat_s_name_follows_it_as_its_full_name_does() -> None:
    """ "Kilburn" on 2024 was refused, though "Hampstead and Kilburn" was followed to its
    successor and "Kilburn" found that seat on 2019: a part of a name only one seat of the
    other boundaries has, and no seat of the election, is that seat, followed the same way;
    a part a seat of the election has ("Croydon") stays that election's."""
    election = load("2024")
    position, note = resolve_seat(election, "Kilburn")
    assert election.codes[position] == "E14001265"  # Hampstead and Highgate, as the full name
    assert note.startswith(
        "'Kilburn' is in the name of Hampstead and Kilburn, not a seat on the 2024 boundaries; "
        "70% of its population now lives in Hampstead and Highgate (E14001265)"
    )
    assert seat_of_place(election, "Kilburn")[0] == position
    with pytest.raises(UnknownConstituencyError, match="in the name of Hampstead and Kilburn"):
        election.seat_index("Kilburn")  # a refusal that names the old seat and where it went
    assert [election.codes[p] for p in election.seat_suggestions("Kilburn")] == [
        "E14001265",
        "E14001435",
        "E14001122",
    ]
    croydon = [election.constituencies[p].name for p in election.seats_matching("Croydon")]
    assert croydon == [  # the 2024 seats with the word, not an old one
        "Croydon East",
        "Croydon South",
        "Croydon West",
        "Streatham and Croydon North",
    ]
    assert resolve_seat(load("2019"), "Kilburn") == (load("2019").find_seat("E14000727"), "")
