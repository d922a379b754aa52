"""Party names as people type them: the Reform UK lineage's old names and their short forms
(:func:`psephos.model.party.renamed_as`), and names the vocabulary deliberately does not read
(:func:`psephos.model.party.unread_reason`)."""

from __future__ import annotations

import pytest

from psephos.errors import UnknownPartyError
from psephos.model import get_party
from psephos.model.party import (
    LINEAGE_LABELS,
    LINEAGE_SPELLINGS,
    PARTIES,
    PARTY_CODES,
    find_party,
    labels_election,
    night_label,
    own_party_in,
    party_in,
    renamed_as,
    separate_parties,
    unread_reason,
)


@pytest.mark.parametrize(
    ("typed", "election_id", "read_as"),
    [
        ("Brexit Party", "2024", "Reform UK"),
        ("BXP", "2024", "Reform UK"),
        ("Brx", "2024", "Reform UK"),
        ("brexit", "2024", "Reform UK"),
        ("UKIP", "2024", "Reform UK"),
        ("UK Independence Party (UKIP)", "2024", "Reform UK"),
        ("UKIP", "2019", "Brexit Party"),
        ("RUK", "2019", "Brexit Party"),
        ("BXP", "2015", "UKIP"),
        ("BXP", None, "Reform UK"),  # no base: the vocabulary's name
    ],
)
def test_a_short_form_of_an_old_name_is_read_as_the_years_name(
    typed: str, election_id: str | None, read_as: str
) -> None:
    assert get_party(typed).code == "Reform"
    assert renamed_as(typed, election_id) == read_as


@pytest.mark.parametrize(
    ("typed", "election_id"),
    [
        ("RUK", "2024"),
        ("Ref", "2024"),
        ("Reform UK", "2024"),
        ("Reform", "2024"),  # the code names the lineage in every year
        ("Reform", "2019"),
        ("BXP", "2019"),
        ("Brexit", "2019-notional-2024"),
        ("UKIP", "2017"),
        ("Con", "2024"),
    ],
)
def test_the_years_own_name_and_the_code_give_no_note(typed: str, election_id: str) -> None:
    assert renamed_as(typed, election_id) is None


def test_every_alias_of_the_lineage_is_a_form_of_one_of_its_names() -> None:
    """No alias of the Reform code is left without the name it is a form of, so none is read
    as Reform without the note its year calls for."""
    spellings = LINEAGE_SPELLINGS["Reform"]
    assert set(spellings.values()) == set(LINEAGE_LABELS["Reform"].values())
    for alias in get_party("Reform").aliases:
        assert alias in spellings, alias


@pytest.mark.parametrize(
    ("typed", "code"),
    [("BREX", "Reform"), ("Brex", "Reform"), ("UK Independence Party", "Reform")],
)
def test_common_short_names_of_the_lineage_are_read(typed: str, code: str) -> None:
    assert get_party(typed).code == code
    assert renamed_as(typed, "2024") == "Reform UK"


@pytest.mark.parametrize("typed", ["Nats", "nationalists", "natSW"])
def test_a_name_of_two_parties_is_not_guessed_but_offers_them(typed: str) -> None:
    with pytest.raises(UnknownPartyError) as raised:
        get_party(typed)
    message = str(raised.value)
    assert f"{typed!r} may mean SNP or PC" in message
    assert "Did you mean 'SNP', 'PC'?" in message
    assert unread_reason(typed) == "SNP or PC: not guessed"


def test_a_name_of_two_parties_offers_only_the_elections_own() -> None:
    canada = ("LPC", "CPC", "NDP", "BQ", "GPC", "PPC", "Ind", "Other")
    with pytest.raises(UnknownPartyError) as raised:
        party_in("Nats", canada)
    assert "SNP" not in str(raised.value)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("TIG/CUK", "Change UK"),
        ("tig_cuk", "Change UK"),
        ("BNP", "British National Party"),
        ("Referendum", "Referendum Party"),
        ("Alba", "Alba Party"),
        ("Workers Party", "Workers Party of Britain"),
        ("WPB", "Workers Party of Britain"),
        ("Workers", "Workers Party of Britain"),  # as polls print it
    ],
)
def test_a_party_with_no_code_is_named_in_the_refusal(typed: str, name: str) -> None:
    with pytest.raises(UnknownPartyError, match=f"is {name}, which has no code of its own"):
        get_party(typed)
    with pytest.raises(UnknownPartyError, match=f"Unknown party '{name}'; .* '{name}' has no"):
        get_party(name)  # its own name typed: not "'X' is X"
    assert unread_reason(typed) == f"{name}, no code of its own: left to the parties not named"


def test_names_read_as_a_party_have_no_unread_reason() -> None:
    for party in PARTIES:
        for spelling in (party.code, party.name, *party.aliases):
            assert unread_reason(spelling) is None, spelling


#: A short name each country's election reads as its own party: the UK's as the vocabulary
#: always has, Canada's among its own parties first (party_in).
SHORT_NAMES = (
    ("Conservative", "Con", "CPC"),
    ("Conservatives", "Con", "CPC"),
    ("Green", "Green", "GPC"),
    ("Greens", "Green", "GPC"),
    ("Green Party", "Green", "GPC"),
    ("Liberal", "LD", "LPC"),
    ("Lib", "LD", "LPC"),
    ("Bloc", None, "BQ"),
    ("People's", None, "PPC"),
    ("People’s", None, "PPC"),  # a curly apostrophe as printed
    ("NDP", None, "NDP"),
    ("New Democrat", None, "NDP"),
    ("Conservative Party Candidate", "Con", "CPC"),  # as a ballot paper prints it
)


@pytest.mark.parametrize(("typed", "uk", "canada"), SHORT_NAMES)
def test_a_short_name_is_read_among_the_election_s_own_parties_first(
    typed: str, uk: str | None, canada: str
) -> None:
    from psephos.model import CANADA_PARTY_CODES, PARTY_CODES

    assert party_in(typed, CANADA_PARTY_CODES) == canada
    assert party_in(typed, CANADA_PARTY_CODES, across=False) == canada
    if uk is None:
        with pytest.raises(UnknownPartyError):
            party_in(typed, PARTY_CODES)
    else:
        assert party_in(typed, PARTY_CODES) == uk


@pytest.mark.parametrize("typed", ["Conservative", "Green", "Lib", "Tory", "Con"])
def test_the_vocabulary_without_an_election_keeps_the_uk_s_reading(typed: str) -> None:
    """Canada's local names do not change what a name means with no election in hand, nor
    make a name of no UK party ("People's") one of the vocabulary's."""
    assert get_party(typed) in PARTIES
    with pytest.raises(UnknownPartyError):
        get_party("People's")


def test_across_reads_another_country_s_party_by_its_names_and_without_it_refuses() -> None:
    """A Canadian poll's "Con" is the CPC (a UK party's names in the CPC's); a declaration's
    (``across=False``) is refused, naming Canada's parties; a UK poll's "CPC" or "GPC" is not
    read as Con or Green by the names the vocabulary gives the UK's parties."""
    from psephos.model import CANADA_PARTY_CODES, PARTY_CODES

    assert party_in("Con", CANADA_PARTY_CODES) == "CPC"
    with pytest.raises(
        UnknownPartyError, match=r"'Con' \(Conservative\) is not in this election; parties: LPC"
    ):
        party_in("Con", CANADA_PARTY_CODES, across=False)
    for code in ("CPC", "GPC", "LPC", "Liberal Party of Canada"):
        with pytest.raises(UnknownPartyError, match="is not in this election"):
            party_in(code, PARTY_CODES)


def test_liberal_is_each_country_s_liberal_party_and_lpc_is_canada_s_only() -> None:
    """A UK poll's "Liberal" is the Liberal Democrats and a Canadian one's the Liberal Party,
    as "Con" is Con or the CPC; but "LPC" and "Liberal Party of Canada", a code and a name
    that name their country, are Canada's party only (a UK poll's "LPC" was read as LD,
    ``advise Bath --prefer LPC`` advising a Liberal Democrat vote)."""
    from psephos.model import CANADA_PARTY_CODES, PARTY_CODES

    assert party_in("Liberal", PARTY_CODES) == "LD"
    assert party_in("Liberal", CANADA_PARTY_CODES) == "LPC"
    assert party_in("LD", CANADA_PARTY_CODES) == "LPC"  # as "Con" is the CPC there
    assert party_in("Liberal Party of Canada", CANADA_PARTY_CODES) == "LPC"


def test_a_name_of_more_than_one_party_of_the_election_is_refused_naming_them() -> None:
    """ "Democratic" is in the names of the DUP and the SDLP: not guessed, both named."""
    from psephos.model import PARTY_CODES

    with pytest.raises(UnknownPartyError) as raised:
        party_in("Democratic", PARTY_CODES)
    assert str(raised.value) == (
        "Party 'Democratic' may mean DUP or SDLP in this election: name the party. "
        "Did you mean 'DUP', 'SDLP'?"
    )


@pytest.mark.parametrize("country", ["uk", "canada"])
def test_no_spelling_names_two_parties_of_one_country(country: str) -> None:
    """Each country's codes, names and aliases name one party each, so reading a name among
    an election's own parties first never has to choose."""
    from psephos.jurisdictions import JURISDICTIONS

    seen: dict[str, str] = {}
    for party in JURISDICTIONS[country].parties:
        names = (party.code, party.name, *party.aliases, *party.local_names)
        for spelling in {name.lower() for name in names}:
            assert seen.setdefault(spelling, party.code) == party.code, spelling


def test_country_code_reads_a_name_some_country_knows() -> None:
    """Before its night is known, a declaration's label is read as the vocabulary reads it,
    else as a country does: "Liberal Party" is Canada's Liberals, a name of no country none."""
    from psephos.model.party import country_code

    assert country_code("Conservative") == "Con"
    assert country_code("Liberal Party") == "LPC"
    assert country_code("Rhinoceros Party") is None


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("Libdems", "'Liberal Democrat'"), ("Labor", "'Labour', 'Lab'"), ("SNPP", "'SNP'")],
)
def test_a_mistyped_party_is_offered_the_party_its_codes_names_or_aliases_are_near(
    typed: str, suggested: str
) -> None:
    """ "Libdems" is far from LD and "Liberal Democrat" but near the alias "lib dems": the
    suggestion names the party, once, as its name (not the alias)."""
    from psephos.model import PARTY_CODES
    from psephos.model.party import party_suggestion

    assert party_suggestion(typed, PARTY_CODES) == f" Did you mean {suggested}?"
    with pytest.raises(UnknownPartyError, match=f"Did you mean {suggested}\\?"):
        party_in(typed, PARTY_CODES)


def test_an_own_country_s_party_is_read_by_its_first_words_accents_aside() -> None:
    """Among parties outside the vocabulary (an election of its own country, each named as
    its file writes it), a name is the one party whose name is it or begins with its words,
    accents and case aside; a name two parties begin with is not guessed."""
    parties = ("Labour Party", "National Party", "ACT New Zealand", "Te Pāti Māori", "Ind")
    for typed, code in (
        ("Labour", "Labour Party"),
        ("national", "National Party"),
        ("ACT", "ACT New Zealand"),
        ("Te Pati Maori", "Te Pāti Māori"),
        ("Independent", "Ind"),
    ):
        assert party_in(typed, parties) == code
    with pytest.raises(UnknownPartyError):
        party_in("New", ("New Zealand First", "New Conservative"))
    with pytest.raises(UnknownPartyError):
        party_in("Lab", parties)  # a word, not a part of one


def test_an_own_country_s_party_of_several_words_is_read_by_its_initials() -> None:
    """A results file gives a party's name only, and such parties are written by their
    initials: "JLP" is the Jamaica Labour Party, "PNM" the People's National Movement, "LPC"
    a "Liberal Party of Canada" without its small word (they were unknown parties); initials
    two parties share, or a one-word name's letter, are not guessed."""
    jamaica = ("Jamaica Labour Party", "People's National Party", "Ind")
    assert party_in("JLP", jamaica) == "Jamaica Labour Party"
    assert party_in("pnp", jamaica) == "People's National Party"
    trinidad = ("People's National Movement", "United National Congress")
    assert party_in("PNM", trinidad) == "People's National Movement"
    assert party_in("UNC", trinidad) == "United National Congress"
    assert party_in("LPC", ("Liberal Party of Canada", "Other Party")) == "Liberal Party of Canada"
    with pytest.raises(UnknownPartyError):
        party_in("PNP", ("People's National Party", "Progressive New Party"))
    with pytest.raises(UnknownPartyError):
        party_in("S", ("Sunrise", "Harvest Alliance"))


@pytest.mark.parametrize(
    ("election_id", "separate"),
    [
        (None, False),  # a file of UKIP alone: the lineage (2015's)
        ("2015", False),  # the night of 2017, when UKIP was the lineage
        ("2017", True),  # the night of 2019: the Brexit Party's, UKIP stood apart
        ("2019-notional-2024", True),
        ("2024", True),
    ],
)
def test_ukip_alone_is_a_party_of_its_own_on_a_night_after_2017(
    election_id: str | None, separate: bool
) -> None:
    """The whole night decides, not one seat's list: UKIP standing where Reform UK does not
    (Stone, Great Wyrley and Penkridge in 2024) is still not Reform UK."""
    names = ["UK Independence Party", "Conservative"]
    expected = {"UK Independence Party"} if separate else set()
    assert separate_parties(names, election_id) == expected
    assert separate_parties([*names, "Reform UK"], election_id) == {"UK Independence Party"}


@pytest.mark.parametrize(
    ("base", "label"),
    [
        ("2015", "UKIP"),
        ("2017", "Brexit Party"),
        ("2019-notional-2024", "Reform UK"),
        ("2024", "Reform UK"),
    ],
)
def test_a_night_names_a_party_as_the_election_after_its_base(base: str, label: str) -> None:
    """An exit poll of the night after a base names Reform as that night's election does."""
    assert night_label("Reform", base) == label
    assert night_label("Lab", base) == "Lab"


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Apni Party", None),  # a Dudley party (Dudley North, 2015), not the Alliance (APNI)
        ("The Apni Party", None),
        ("APNI", "Alliance"),
        ("Alliance Party of Northern Ireland (APNI)", "Alliance"),
        ("Alliance Party of Northern Ireland", "Alliance"),  # the party's registered name
        ("Alliance - APNI", "Alliance"),
        ("the Tories", "Con"),
        ("The Tory Party", "Con"),
        ("Green Party Candidate", "Green"),
    ],
)
def test_an_abbreviation_is_read_as_written_never_as_the_name_of_an_x_party(
    label: str, code: str | None
) -> None:
    """ "Apni Party" was read as the Alliance Party of Northern Ireland: its ballot-paper
    "Party" trimmed, it was the Alliance's abbreviation "apni". An abbreviation is read as
    written (or set apart on a ballot paper), by the vocabulary and among a UK election's
    parties alike."""
    found = find_party(label)
    assert (found.code if found is not None else None) == code
    assert own_party_in(label, PARTY_CODES) == code


@pytest.mark.parametrize(
    ("readings", "election_id"),
    [
        ([("UK Independence Party", "Reform"), ("Labour", "Lab")], "2017"),
        ([("UKIP", "Reform")], "2017"),
        ([("Brexit Party", "Reform")], "2019"),
        ([("Reform UK", "Reform")], "2024"),
        ([("Reform", "Reform")], None),  # the code names the lineage in every year
        ([("Brexit Party", "Reform"), ("Reform UK", "Reform")], None),
        ([("Labour", "Lab")], None),
    ],
)
def test_a_file_s_party_names_give_the_election_whose_labels_it_carries(
    readings: list[tuple[str, str]], election_id: str | None
) -> None:
    """The latest election whose labels are the file's: UKIP's years share theirs."""
    assert labels_election(readings) == election_id
