"""A results file's rows checked whole: real counts of any size, one party (however written)
once a seat, a row pasted twice, seats known by their codes, electorates, regions, rows longer
than the header (io/user_csv.py)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from psephos.errors import DataFormatError, InputWarning
from psephos.jurisdictions import read_results_csv


def write(tmp_path: Path, text: str, name: str = "results.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_indian_seats_real_count_is_read(tmp_path: Path) -> None:
    """2024 Lok Sabha: Dhubri's winner had 1,471,885 votes, Indore's 1,226,751."""
    text = (
        "seat_code,seat_name,party,votes,candidate,electorate\n"
        '26,Indore,BJP,"1,226,751",Shankar Lalwani,"2,535,000"\n'
        "26,Indore,BSP,51659,Lakshman Solanki,2535000\n"
        "2,Dhubri,INC,1471885,Rakibul Hussain,2660827\n"
        "2,Dhubri,AIUDF,459409,Mohammed Badruddin Ajmal,2660827\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # read as an election of its own country, with a note
        election = read_results_csv(write(tmp_path, text))
    assert election.result("Dhubri").votes["INC"] == 1471885
    assert election.result("Indore").winner == "BJP"


@pytest.mark.parametrize(
    ("second", "twice"),
    [
        ("Labour Party", "'Labour' and 'Labour Party' are one party"),
        ("Labour", "'Labour' appears twice"),
    ],
)
def test_one_party_written_two_ways_in_a_seat_is_refused(
    tmp_path: Path, second: str, twice: str
) -> None:
    text = (
        "seat_code,seat_name,party,votes\n"
        "E14000727,Hampstead and Kilburn,Labour,34464\n"
        f"E14000727,Hampstead and Kilburn,{second},1000\n"
        "E14000727,Hampstead and Kilburn,Conservative,18904\n"
    )
    with pytest.raises(DataFormatError, match=f"rows 2 and 3: duplicate seat row: {twice} in"):
        read_results_csv(write(tmp_path, text))


def test_a_ridings_liberal_written_in_french_too_is_refused(tmp_path: Path) -> None:
    text = (
        "seat_code,seat_name,party,votes\n24001,Québec,Liberal,100\n24001,Québec,Libéral,50\n"
        "24001,Québec,Bloc Québécois,80\n"
    )
    with pytest.raises(DataFormatError, match="'Liberal' and 'Libéral' are one party"):
        read_results_csv(write(tmp_path, text))


def test_two_unknown_parties_counted_as_other_stay_two_rows(tmp_path: Path) -> None:
    text = "seat_code,seat_name,party,votes\nE1,A,Lab,100\nE1,A,Loony Party,5\nE1,A,Heritage,7\n"
    election = read_results_csv(write(tmp_path, text), unknown_parties="other")
    assert election.result("A").votes["Other"] == 12


def test_a_row_pasted_twice_is_called_a_duplicate(tmp_path: Path) -> None:
    rows = "24001,Québec,Liberal,20000,Jean-Yves Duclos\n24001,Québec,Bloc Québécois,19000,L. B.\n"
    text = "seat_code,seat_name,party,votes,candidate\n" + rows + rows
    with pytest.raises(DataFormatError, match="rows 2 and 4 are the same row") as info:
        read_results_csv(write(tmp_path, text))
    assert "block vote" not in str(info.value)


def test_two_labels_read_as_one_party_are_added_with_a_note(tmp_path: Path) -> None:
    """With candidate names, a seat's "Green Party" and "Scottish Green Party" (both read as
    Green) are two candidates, not a party standing two: added up, said so. (UKIP beside the
    Brexit Party is a party of its own, Other: test_user_csv.)"""
    text = (
        "seat_code,seat_name,party,votes,candidate\nE1,A,Con,100,Ann\n"
        "E1,A,Green Party,30,Bob\nE1,A,Scottish Green Party,5,Cy\n"
    )
    with pytest.warns(InputWarning, match="'Green Party' and 'Scottish Green Party' in 'A'"):
        election = read_results_csv(write(tmp_path, text))
    assert election.result("A").votes["Green"] == 35


def test_seats_of_one_name_are_known_by_their_codes(tmp_path: Path) -> None:
    """A US House file: "At-Large" in Vermont and in Wyoming are two seats; ``state`` is
    read as the region."""
    text = (
        "seat_code,seat_name,state,party,votes\nVT-AL,At-Large,Vermont,Democratic,200\n"
        "VT-AL,At-Large,Vermont,Republican,100\nWY-AL,At-Large,Wyoming,Republican,300\n"
        "WY-AL,At-Large,Wyoming,Democratic,90\n"
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        election = read_results_csv(write(tmp_path, text), unknown_parties="own")
    notes = [str(each.message) for each in caught if each.category is InputWarning]
    assert any("'At-Large' (VT-AL, WY-AL); each code is read" in note for note in notes)
    assert election.n_seats == 2
    assert {seat.region for seat in election.constituencies} == {"Vermont", "Wyoming"}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            '1,A,Lib,"12,000","10,000"\n1,A,Con,"5,000","10,000"\n',
            "row 2: seat 'A' has 17,000 valid votes, more than its electorate of 10,000",
        ),
        (
            '2,B,Lib,100,"20,000"\n2,B,Con,200,"25,000"\n',
            "row 3: seat 'B' has electorate 25,000 here and 20,000 on row 2; give one",
        ),
    ],
)
def test_a_seats_electorate_is_checked(tmp_path: Path, rows: str, message: str) -> None:
    text = "seat_code,seat_name,party,votes,electorate\n" + rows
    with pytest.raises(DataFormatError, match=message):
        read_results_csv(write(tmp_path, text))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "1,A,North,England,Unity,10\n1,A,South,England,Progress,5\n",
            "row 3: seat 'A' has region 'South' here and 'North' on row 2; give one region a seat.",
        ),
        (
            "1,A,North,England,Unity,10\n1,A,North,Wales,Progress,5\n",
            "row 3: seat 'A' has nation 'Wales' here and 'England' on row 2; give one nation",
        ),
    ],
)
def test_a_seat_given_two_regions_or_nations_is_refused(
    tmp_path: Path, rows: str, message: str
) -> None:
    text = "seat_code,seat_name,region,nation,party,votes\n" + rows
    with pytest.raises(DataFormatError, match=message):
        read_results_csv(write(tmp_path, text), unknown_parties="own")


def test_a_seats_region_may_be_given_on_any_of_its_rows(tmp_path: Path) -> None:
    text = "seat_code,seat_name,region,party,votes\n1,A,,Unity,10\n1,A,South,Progress,5\n"
    with pytest.warns(InputWarning, match="as an election of its own country"):
        election = read_results_csv(write(tmp_path, text), unknown_parties="own")
    assert election.constituencies[0].region == "South"


def test_a_row_with_more_fields_than_the_header_is_refused(tmp_path: Path) -> None:
    text = "seat_code,seat_name,party,votes\n1,A,Unity,10,extra\n1,A,Progress,5\n"
    with pytest.raises(DataFormatError, match="row 2: 5 fields but the header has 4 \\(quote"):
        read_results_csv(write(tmp_path, text), unknown_parties="own")


AVALON = (
    "seat_code,seat_name,party,votes,electorate,Rejected Ballots\n"
    "10001,Avalon,LPC,19122,70903,273\n10001,Avalon,CPC,12855,70903,273\n"
    "10001,Avalon,NDP,5167,70903,273\n"
)


def test_a_files_rejected_ballots_count_in_turnout_where_the_country_counts_them(
    tmp_path: Path,
) -> None:
    """Elections Canada's turnout counts the rejected ballots (Avalon 2021: 37,417 of 70,903,
    52.8%), as the bundled canada-2021 does; a file's rejected_ballots column ("Rejected
    Ballots", as table 11 heads it) gives them, so its turnout is the official one, not the
    valid votes' 52.4%."""
    from psephos.results import national_turnout, turnout_ballots

    election = read_results_csv(write(tmp_path, AVALON))
    assert election.invalid_votes.tolist() == [273.0]
    assert turnout_ballots(election)[1]
    assert round(100 * national_turnout(election), 1) == 52.8
    without = read_results_csv(write(tmp_path, AVALON.replace(",273", ",")))
    assert round(100 * national_turnout(without), 1) == 52.4  # valid votes: none known


def test_a_seats_rejected_ballots_are_one_count_and_zero_is_a_count(tmp_path: Path) -> None:
    twice = AVALON.replace(
        "70903,273\n10001,Avalon,CPC,12855,70903,273", "70903,273\n10001,Avalon,CPC,12855,70903,274"
    )
    with pytest.raises(DataFormatError, match="row 3: seat 'Avalon' has rejected_ballots 274"):
        read_results_csv(write(tmp_path, twice))
    none = read_results_csv(write(tmp_path, AVALON.replace(",273", ",0")))
    assert none.invalid_votes.tolist() == [0.0]


HOC_2019 = (
    "ons_id,ons_region_id,constituency_name,county_name,region_name,country_name,"
    "constituency_type,party_name,party_abbreviation,firstname,surname,gender,sitting_mp,"
    "former_mp,votes,share,change\n"
    "E14000547,E12000009,Bath,Avon,South West,England,Borough,Liberal Democrat,LD,Wera,Hobhouse,"
    "Female,Yes,No,28419,0.54,0.07\n"
    "E14000547,E12000009,Bath,Avon,South West,England,Borough,Independent,Ind,Jay,Lunn,"
    "Male,No,No,301,0.006,\n"
    "E14000547,E12000009,Bath,Avon,South West,England,Borough,Independent,Ind,Bill,Blyth,"
    "Male,No,No,200,0.004,\n"
)


def test_the_commons_librarys_2015_2019_headings_are_read(tmp_path: Path) -> None:
    """``constituency_name``, ``party_name``, ``ons_id``, and each candidate's name from
    ``firstname`` and ``surname``: two Independents in Bath stay two candidates."""
    election = read_results_csv(write(tmp_path, HOC_2019))  # its regions are its own
    bath = election.result("Bath")
    assert bath.constituency.boundary_set == "2010"
    assert bath.constituency.code == "E14000547"
    assert bath.constituency.region == "South West"
    assert {c.name for c in bath.candidates} == {"Wera Hobhouse", "Jay Lunn", "Bill Blyth"}
    assert bath.votes["Ind"] == 501


def test_bundled_codes_give_their_seats_regions_and_boundaries(tmp_path: Path) -> None:
    """The web's own seats export has no region column: its 2024 ONS codes give each seat
    its region and boundary set, so the regional systems and STV districts see the same
    regions and places as the bundled election; codes that are not bundled get a note."""
    text = (
        "seat_code,seat_name,party,votes\nE14001063,Aldershot,Lab,19764\n"
        "E14001063,Aldershot,Con,14290\nS14000060,Aberdeen North,SNP,14533\n"
        "S14000060,Aberdeen North,Lab,12773\n"
    )
    with pytest.warns(InputWarning, match="regions are read from the bundled seats"):
        election = read_results_csv(write(tmp_path, text))
    aldershot = election.result("Aldershot").constituency
    assert (aldershot.region, aldershot.boundary_set) == ("South East", "2024")
    unknown = text.replace("E14001063", "E14009999")
    with pytest.warns(InputWarning, match=r"not bundled United Kingdom seats \('E14009999'\)"):
        other = read_results_csv(write(tmp_path, unknown, "other.csv"))
    assert other.result("Aldershot").constituency.region == "England"
    assert {seat.boundary_set for seat in other.constituencies} == {"user"}
