"""The jurisdiction registry: every country's rules in one entry, chosen by the election."""

from __future__ import annotations

import re

import numpy as np
import pytest

import psephos
from psephos import jurisdictions
from psephos.errors import ForeignPartyError, UnknownElectionError, UnknownPartyError
from psephos.jurisdictions import (
    CANADA,
    JURISDICTIONS,
    UK,
    foreign_party,
    refuse_foreign_party,
)
from psephos.model import Constituency, Election, get_party


@pytest.mark.parametrize("entry", list(JURISDICTIONS.values()), ids=list(JURISDICTIONS))
def test_a_countrys_house_is_its_latest_elections(entry: jurisdictions.Jurisdiction) -> None:
    """The House seats given by hand must make (``psephos govern --seats``) is the one the
    country's latest bundled election filled: the UK's 650, Canada's 338."""
    assert entry.house_seats == entry.load(entry.latest_id).n_seats


@pytest.mark.parametrize("entry", list(JURISDICTIONS.values()), ids=list(JURISDICTIONS))
def test_every_entry_loads_its_own_elections(entry: jurisdictions.Jurisdiction) -> None:
    for info in entry.elections:
        election = entry.load(info.id)
        assert election.id == info.id
        assert jurisdictions.of(election) is entry
        assert set(election.parties) == set(entry.party_codes)
        assert {seat.boundary_set for seat in election.constituencies} == {info.boundary_set}
        previous = entry.previous(election)
        assert (previous.id if previous else None) == info.previous
        for alias in info.aliases:
            assert jurisdictions.resolve_election_id(alias.upper()) == info.id
        pattern = re.compile(entry.seat_code_pattern)
        assert all(pattern.fullmatch(code) for code in election.codes)


def test_ids_are_unique_across_countries() -> None:
    ids = jurisdictions.available_elections()
    assert len(ids) == len(set(ids))
    assert set(ids) == {*UK.election_ids, *CANADA.election_ids}


def test_unknown_id_names_every_country() -> None:
    with pytest.raises(UnknownElectionError, match=r"2024, canada-2019, canada-2021"):
        jurisdictions.load("canada-2029")


def test_rules_differ_by_country() -> None:
    assert UK.money_back.share == 0.05 and CANADA.money_back.share == 0.10
    assert UK.parliament.non_voting == ("Speaker", "SF")
    assert CANADA.parliament.non_voting == ("Speaker",)
    assert UK.parliament_rules("2019").deputies_government_side == 2
    assert UK.parliament_rules("2024").deputies_government_side == 1
    assert UK.transfers is None and CANADA.transfers is not None
    assert UK.label("Reform", "2015") == "UKIP" and UK.label("Reform", "2024") == "Reform UK"
    assert UK.colour("SNP") == get_party("SNP").colour


def test_users_files_and_projections_find_their_country() -> None:
    seat = Constituency("1", "One", "Canada", "Ontario", 100, "x")
    canadian = Election.from_votes("mine", [seat], ("LPC", "CPC"), [[60, 40]])
    assert jurisdictions.of(canadian) is CANADA
    projected = psephos.load("2019").with_votes(psephos.load("2019").votes)
    assert jurisdictions.of(projected) is UK


def test_gb_mask_leaves_out_northern_ireland_only() -> None:
    uk = psephos.load("2024")
    assert uk.gb_mask.sum() == 632
    np.testing.assert_array_equal(uk.gb_mask, UK.main_area_mask(uk))
    assert psephos.load("canada-2021").gb_mask.all()


def test_the_main_area_is_the_seats_gb_mask_counts_in_every_file() -> None:
    """The country's main-area seats and the election's ``gb_mask`` are one rule, also for a
    user's seat whose nation is not known (read as inside, not modelled apart)."""
    seats = [
        Constituency("E1", "One", "England", "London", 100, "x"),
        Constituency("N1", "Two", "Northern Ireland", "Northern Ireland", 100, "x"),
        Constituency("X1", "Three", "Unknown", "Unknown", 100, "x"),
    ]
    mine = Election.from_votes("mine", seats, ("Lab", "Con", "DUP"), [[60, 40, 0]] * 3)
    assert mine.gb_mask.tolist() == [True, False, True]
    np.testing.assert_array_equal(UK.main_area_mask(mine), mine.gb_mask)
    for election in ("2019", "2024", "canada-2021"):
        loaded = psephos.load(election)
        np.testing.assert_array_equal(
            jurisdictions.of(loaded).main_area_mask(loaded), loaded.gb_mask
        )


def test_government_rules_follow_the_election() -> None:
    from psephos.government import rules_for

    assert rules_for(psephos.load("2019")).deputies_government_side == 2
    canada = rules_for(psephos.load("canada-2021"))
    assert canada.n_deputies == 0 and canada.abstentionist_parties == ()


def test_latest_result_and_the_election_that_followed_each() -> None:
    # The next election is projected from the newest real (not notional) result.
    assert UK.latest_id == "2024"
    assert CANADA.latest_id == "canada-2021"
    assert not UK.election(UK.latest_id).notional
    # Each base's successor on the same boundaries, as the back-tests pair them.
    assert UK.next_id("2019-notional-2024") == "2024"
    assert UK.next_id("ge2017") == "2019"  # an alias resolves first
    assert UK.next_id("2010") == "2015"
    assert UK.next_id("2024") is None  # nothing bundled has followed it yet
    assert UK.next_id("1997") is None


def test_a_year_suggests_the_nearest_years_first() -> None:
    with pytest.raises(UnknownElectionError, match=r"Did you mean '2017', '2019', '2019-not"):
        jurisdictions.for_election_id("2018")


def test_foreign_party_is_only_another_country_s_own_party() -> None:
    """Another country's own party is refused naming both countries (an UnknownPartyError,
    so every caller's status stays); a party of the election's own country, a shared code
    (Ind, Other) or a name of no country is not another country's."""
    uk, canada = UK.load(UK.latest_id).parties, CANADA.load(CANADA.latest_id).parties
    assert foreign_party("CPC", uk) == (
        "CPC is a Canadian party: use a Canadian election "
        f"({CANADA.latest_id}, say), or give this UK election's own parties ({', '.join(uk)})."
    )
    assert foreign_party("Reform", canada) is not None
    assert "this Canadian election's own parties" in str(foreign_party("Reform", canada))
    for code, parties in (("Con", uk), ("CPC", canada), ("Ind", uk), ("Other", canada)):
        assert foreign_party(code, parties) is None
        refuse_foreign_party(code, parties)
    assert foreign_party("Zzz", uk) is None
    with pytest.raises(ForeignPartyError) as caught:
        refuse_foreign_party("SNP", canada)
    assert isinstance(caught.value, UnknownPartyError)
    assert str(caught.value) == foreign_party("SNP", canada)


def test_a_named_bloc_is_its_parties_among_the_elections() -> None:
    from psephos.errors import ForeignPartyError
    from psephos.jurisdictions import CANADA, UK, bloc_parties

    assert UK.bloc_parties(["progressive alliance"], ("Con", "Lab", "LD", "Green")) == [
        "Lab",
        "LD",
        "Green",
    ]
    assert UK.bloc_parties(["The  Progressive-Alliance", "Ind"], ("Lab", "SNP", "Ind")) == [
        "Lab",
        "SNP",
        "Ind",
    ]
    assert UK.bloc_parties(["Lab", "Labour"], ("Lab",)) == ["Lab", "Labour"]  # as listed
    # another country's named bloc is refused saying whose it is, not read as a party
    with pytest.raises(ForeignPartyError, match="names a bloc of UK parties"):
        bloc_parties(psephos.load("canada-2021"), ["progressive alliance"])
    assert CANADA.bloc_parties(["LPC", "Liberal"], ("LPC",)) == ["LPC", "Liberal"]


def test_seat_codes_name_their_country_only_where_all_are_its_constituencies() -> None:
    """ONS constituency codes (2010 and 2024 sets) are the UK's, riding numbers with a
    province's digits Canada's; a ward's code, a made-up code or a mix names no country."""
    from psephos.jurisdictions import for_seat_codes

    assert for_seat_codes(["E14001174", "W07000081", "S14000001", "N05000001"]) is UK
    assert for_seat_codes(["N06000001", "E14000727"]) is UK
    assert for_seat_codes(["24016", "35054", "62001"]) is CANADA
    for codes in (["E05000001"], ["99001"], ["1", "2"], ["E14001174", "24016"], []):
        assert for_seat_codes(codes) is None
