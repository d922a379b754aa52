"""Nation-only parties: one rule, read from the party table through each country's entry."""

from __future__ import annotations

from dataclasses import replace

from psephos.jurisdictions import CANADA, JURISDICTIONS, UK
from psephos.model import get_party


def test_the_uks_nation_only_parties_are_the_snp_and_plaid_cymru() -> None:
    assert UK.nation_parties == {"SNP": "Scotland", "PC": "Wales"}
    assert UK.own_party_nations == ("Scotland", "Wales")


def test_canada_has_none_though_the_bloc_stands_in_quebec_only() -> None:
    # Quebec is a province (a region) of Canada's one nation, so no province gets the rule
    assert "BQ" in CANADA.party_codes
    assert CANADA.nation_parties == {}
    assert CANADA.own_party_nations == ()


def test_the_rule_is_read_from_the_party_table() -> None:
    # Plaid Cymru standing in England too would no longer be a nation-only party
    parties = tuple(
        replace(party, nations=("England", "Wales")) if party.code == "PC" else party
        for party in UK.parties
    )
    assert replace(UK, parties=parties).nation_parties == {"SNP": "Scotland"}
    assert replace(UK, parties=parties).own_party_nations == ("Scotland",)


def test_a_nation_modelled_apart_or_alone_has_no_nation_only_party() -> None:
    # Northern Ireland's parties stand in one nation, outside the main area (Great Britain)
    assert get_party("DUP").nations == ("Northern Ireland",)
    assert "DUP" not in UK.nation_parties
    # a main area of one nation: a party standing only there stands everywhere it is swung
    assert replace(UK, main_area=("Scotland",)).nation_parties == {}


def test_every_nation_only_party_stands_in_its_entrys_main_area() -> None:
    for entry in JURISDICTIONS.values():
        for code, nation in entry.nation_parties.items():
            assert code in entry.party_codes
            assert get_party(code).nations == (nation,)
            assert nation in entry.main_area
        assert set(entry.own_party_nations) == set(entry.nation_parties.values())


def test_the_parties_apart_stand_only_outside_the_main_area() -> None:
    # Northern Ireland's parties: a Great Britain poll has no share for them
    assert {"DUP", "SF", "SDLP", "UUP", "Alliance"} <= set(UK.parties_apart)
    assert not {"Con", "Lab", "SNP", "PC"} & set(UK.parties_apart)
    assert UK.nations_apart == ("Northern Ireland",)
    for entry in JURISDICTIONS.values():
        for code in entry.parties_apart:
            assert set(get_party(code).nations) <= set(entry.nations_apart)
        assert not set(entry.nations_apart) & set(entry.main_area)


def test_a_main_area_of_every_nation_leaves_no_party_apart() -> None:
    assert CANADA.parties_apart == () and CANADA.nations_apart == ()
    every_nation = replace(UK, main_area=UK.groupings["United Kingdom"])
    assert every_nation.parties_apart == () and every_nation.nations_apart == ()


def test_area_aliases_name_the_countrys_own_areas() -> None:
    for entry in JURISDICTIONS.values():
        nations = {nation for grouping in entry.groupings.values() for nation in grouping}
        regions = {str(region) for key in entry.election_ids for region in entry.load(key).regions}
        for alias, area in entry.area_aliases.items():
            assert alias == alias.lower()
            assert area == entry.poll_area or area in nations or area in regions
    assert UK.area_aliases["gb"] == UK.poll_area


def test_a_party_stands_where_its_table_or_the_base_says() -> None:
    """Who stands where, the one rule of the notes on a vote for a party outside its nation:
    the party table's nations, and the base election's votes (the Conservatives and the Greens
    stand in some Northern Ireland seats, Labour in none)."""
    from psephos.jurisdictions import load

    base = load("2019-notional-2024")
    assert not UK.stands_in("SNP", "England", base)
    assert not UK.stands_in("PC", "Scotland", base)
    assert not UK.stands_in("DUP", "Wales", base)
    assert not UK.stands_in("Lab", "Northern Ireland", base)
    assert UK.stands_in("Con", "Northern Ireland", base)
    assert UK.stands_in("Green", "Northern Ireland", base)
    assert not UK.stands_in("Con", "Northern Ireland")  # without a base: the table alone
    assert UK.stands_in("SNP", "Scotland", base) and UK.stands_in("Ind", "Northern Ireland")
    assert CANADA.stands_in("BQ", "Canada")


def test_the_note_names_the_parties_the_nation_and_the_seat() -> None:
    from psephos.jurisdictions import load, not_standing_note

    base = load("2019-notional-2024")
    foyle = base.seat_index("Foyle")
    note = not_standing_note(base, foyle, ["SDLP", "SF", "Lab", "SNP", "Con"], "line 3")
    assert note.startswith(
        "line 3: Lab and SNP do not stand in Northern Ireland, where Foyle (N05000008) is; "
        "counted as given"
    )
    assert not_standing_note(base, foyle, ["SDLP", "SF", "Alliance", "Con"]) == ""
