"""Reading a user's own results CSV, and every documented error."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path
from typing import Literal

import numpy as np
import pytest

from psephos.errors import DataFormatError, InputWarning, UnknownPartyError
from psephos.jurisdictions import parse_results_csv, read_results_csv

GOOD = """seat_code,seat_name,party,votes,candidate
E1,Alpha,Labour,"1,200",Ann
E1,Alpha,Conservative,1000,Bob
E1,Alpha,Independent,300,Cy
E1,Alpha,Independent,250,Di
S14000001,Aberdeen North,SNP,900,Ed
S14000001,Aberdeen North,Lib Dem,950,Flo
"""


def write(tmp_path: Path, text: str, name: str = "results.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_long_format(tmp_path: Path) -> None:
    election = read_results_csv(write(tmp_path, GOOD))
    assert election.n_seats == 2
    assert election.seats_won()["Lab"] == 1 and election.seats_won()["LD"] == 1
    alpha = election.result("Alpha")
    assert alpha.votes == {"Con": 1000, "Lab": 1200, "Ind": 550}
    assert alpha.majority == 200 and alpha.runner_up == "Con"
    assert election.result("Aberdeen North").constituency.nation == "Scotland"


def test_a_code_that_is_not_an_ons_code_has_no_nation_from_its_letter(tmp_path: Path) -> None:
    """A made-up country's ``N1`` is not a Northern Ireland seat (which a Great Britain poll
    would leave alone): only a whole ONS code names its nation; a nation column still does."""
    text = (
        "seat_code,seat_name,party,votes\nN1,Northtown,Con,50\nN1,Northtown,Lab,40\n"
        "N06000001,Belfast East,DUP,30\nN06000001,Belfast East,Alliance,20\n"
    )
    election = read_results_csv(write(tmp_path, text))
    assert election.result("Northtown").constituency.nation == "Unknown"
    assert election.result("Belfast East").constituency.nation == "Northern Ireland"
    with_nation = text.replace("votes\n", "votes,nation\n").replace("0\n", "0,Newland\n")
    named = read_results_csv(write(tmp_path, with_nation, "named.csv"))
    assert {seat.nation for seat in named.constituencies} == {"Newland"}


def test_bom_and_party_rows_without_candidates(tmp_path: Path) -> None:
    text = "\ufeffseat_code,seat_name,party,votes\nE1,Alpha,Lab,10\nE1,Alpha,Con,5\n"
    assert read_results_csv(write(tmp_path, text)).seats_won()["Lab"] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("seat_code,seat_name,votes\nE1,A,3\n", "lacks column\\(s\\) party"),
        ("seat_code,seat_name,party,votes\nE1,A,Lab,-3\n", "row 2: votes: negative \\('-3'\\)"),
        (
            "seat_code,seat_name,party,votes\nE1,A,Lab,many\n",
            "row 2: votes: not a whole number \\('many'\\)",
        ),
        ("seat_code,seat_name,party,votes\nE1,A,Lab,3\nE1,B,Con,4\n", "duplicate seat: code 'E1'"),
        ("seat_code,seat_name,party,votes\nE1,A,Lab,3\nE1,A,Lab,4\n", "duplicate seat row"),
        ("seat_code,seat_name,party,votes\n", "no result rows"),
        ("seat_code,seat_name,party,votes\n,A,Lab,3\n", "row 2: seat_code: missing"),
        (
            "seat_code,seat_name,party,votes\nE1,A,Lab,99999999999999\n",
            "row 2: votes: more than 100,000,000 \\(more than any seat's electorate\\)",
        ),
    ],
)
def test_malformed_files_give_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataFormatError, match=message) as info:
        read_results_csv(write(tmp_path, text))
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("unknown_parties", ["error", "own"])
def test_a_ward_electing_several_members_is_refused_naming_the_slate(
    tmp_path: Path, unknown_parties: Literal["error", "own"]
) -> None:
    """A council ward that elects three members lists three candidates of a party: read as
    one first-past-the-post seat it was "Lab win: majority 100 over Lab". It is refused,
    naming the ward, the party's candidates and their rows, and what to give instead; two
    Independents (or two Others) in a seat are still two candidates of no one party."""
    ward = (
        "seat_code,seat_name,party,candidate,votes\n"
        "W1,Abbey,Lab,A Smith,1200\nW1,Abbey,Lab,B Jones,1100\nW1,Abbey,Lab,C Patel,1050\n"
        "W1,Abbey,Con,D Brown,900\nW1,Abbey,Green,F Green,1000\n"
        "W2,Bridge,Con,G Black,1300\nW2,Bridge,Lab,H Gray,1250\n"
    )
    with pytest.raises(DataFormatError) as info, warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)  # the own country's note
        read_results_csv(write(tmp_path, ward), unknown_parties=unknown_parties)
    assert str(info.value).startswith(
        "The results file 'results.csv' has 3 Lab candidates in 'Abbey': A Smith (row 2), "
        "B Jones (row 3) and C Patel (row 4). A seat where a party stands several candidates "
        "elects several members"
    )
    groups = (
        "seat_code,seat_name,party,candidate,votes\n"
        "W1,Abbey,Independent,A Smith,1200\nW1,Abbey,Ind,B Jones,1100\n"
        "W1,Abbey,Other,C Patel,1050\nW1,Abbey,Other,D Brown,900\nW1,Abbey,Lab,E Green,1000\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        counted = read_results_csv(write(tmp_path, groups), unknown_parties=unknown_parties)
    assert counted.result_at(0).candidates[0].name == "A Smith"


def test_a_party_twice_in_a_seat_names_both_rows(tmp_path: Path) -> None:
    """The repeat may be far from the party's first row: both rows are named, so the user can
    find the one to fix (naming only the first pointed at a row that is not wrong)."""
    lines = [
        "seat_code,seat_name,party,votes",
        "E1,A,Lab,3",
        "E1,A,Con,2",
        "E1,A,Ind,1",
        "E1,A,LD,1",
        "E1,A,Ind,4",
    ]
    first, repeat = lines.index("E1,A,Ind,1") + 1, lines.index("E1,A,Ind,4") + 1
    with pytest.raises(DataFormatError) as info:
        read_results_csv(write(tmp_path, "\n".join(lines) + "\n"))
    assert f"rows {first} and {repeat}: duplicate seat row: 'Ind' appears twice" in str(info.value)


def test_unknown_party_policy(tmp_path: Path) -> None:
    """A file of a country's parties and names psephos does not know: refused at the first
    unknown name, or with ``unknown_parties="other"`` those counted as Other."""
    text = "seat_code,seat_name,party,votes\nE1,A,Con,2\nE1,A,Labor,3\nE1,A,Monster Raving,1\n"
    path = write(tmp_path, text)
    with pytest.raises(UnknownPartyError, match="row 3: Unknown party 'Labor'"):
        read_results_csv(path)
    election = read_results_csv(path, unknown_parties="other")
    assert election.result("A").votes == {"Con": 2, "Other": 4}


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="does not exist"):
        read_results_csv(tmp_path / "nope.csv")


def test_text_in_memory_reads_as_the_file(tmp_path: Path) -> None:
    from_file = read_results_csv(write(tmp_path, GOOD))
    from_text = parse_results_csv(GOOD, name="upload.csv", election_id="results")
    assert from_text.id == from_file.id == "results"
    assert from_text.codes == from_file.codes
    assert (from_text.votes == from_file.votes).all()
    assert from_text.name == "Results from upload.csv"
    with pytest.raises(DataFormatError, match=r"results file 'upload\.csv' row 2"):
        parse_results_csv(GOOD.replace('"1,200"', "lots"), name="upload.csv")


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_file_saved_with_semicolons_or_tabs_reads_as_with_commas(separator: str) -> None:
    """A spreadsheet saved with a European locale separates with semicolons (or a tab):
    the header tells, and every reader (results, volunteers, picks) gets the same rows."""
    from psephos.io.rows import csv_columns, csv_records

    rows = ["seat_code,seat_name,party,votes", "E1,Alpha,Lab,100", "E1,Alpha,Con,90"]
    comma = parse_results_csv("\n".join(rows) + "\n", name="comma.csv")
    other = "\n".join(row.replace(",", separator) for row in rows) + "\n"
    parsed = parse_results_csv(other, name="other.csv")
    assert parsed.seats_won() == comma.seats_won() and comma.seats_won()["Lab"] == 1
    assert np.array_equal(parsed.votes, comma.votes)
    header, records = csv_records(other, what="file", required=("seat_code",))
    assert header == ["seat_code", "seat_name", "party", "votes"] and len(list(records)) == 2
    columns = csv_columns(other, what="file", required=("votes",))
    assert columns.columns["votes"] == ["100", "90"]


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_semicolon_file_s_counts_may_write_thousands_with_a_point(separator: str) -> None:
    """A European locale that separates with semicolons writes 34,464 as "34.464"; it was
    refused as "not a whole number"; it reads as 34,464 votes (and electors) there, while a
    comma file's "34.464" is still refused."""
    rows = [
        "seat_code;seat_name;party;votes;electorate",
        "E14000727;Hampstead and Kilburn;Labour;34.464;1.234.567",
        "E14000727;Hampstead and Kilburn;Conservative;18.904;",
    ]
    text = "\n".join(row.replace(";", separator) for row in rows) + "\n"
    with pytest.warns(InputWarning, match="regions are read from the bundled seats"):
        election = parse_results_csv(text, name="semi.csv")
    seat = election.result("E14000727")
    assert seat.votes == {"Lab": 34464, "Con": 18904}
    assert seat.constituency.electorate == 1_234_567
    with pytest.raises(DataFormatError, match=r"row 2: votes: not a whole number \('34.464'\)"):
        parse_results_csv(text.replace(separator, ","), name="comma.csv")


CANADIAN = """seat_code,seat_name,party,votes
35054,Ottawa Centre,Liberal,100
35054,Ottawa Centre,NDP,90
24016,Brome--Missisquoi,BQ,50
24016,Brome--Missisquoi,LPC,60
24016,Brome--Missisquoi,Rhinoceros,5
"""


def test_a_file_of_canadian_parties_reads_as_a_canadian_election(tmp_path: Path) -> None:
    """The parties found choose the country: Canada's columns, provinces and rules."""
    from psephos import jurisdictions

    election = read_results_csv(write(tmp_path, CANADIAN), unknown_parties="other")
    assert jurisdictions.of(election) is jurisdictions.CANADA
    assert election.parties == jurisdictions.CANADA.party_codes
    assert election.seats_won()["LPC"] == 2
    ottawa = election.result("Ottawa Centre").constituency
    assert (ottawa.nation, ottawa.region) == ("Canada", "Ontario")
    assert election.result("Brome--Missisquoi").votes == {"LPC": 60, "BQ": 50, "Other": 5}


def test_the_bundled_canadian_results_read_back_from_a_file(tmp_path: Path) -> None:
    from psephos import jurisdictions

    bundled = jurisdictions.load("canada-2021")
    path = tmp_path / "canada.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["seat_code", "seat_name", "party", "votes", "candidate"])
        for result in bundled:
            seat = result.constituency
            writer.writerows(
                [seat.code, seat.name, c.party, int(c.votes), c.name] for c in result.candidates
            )
    election = read_results_csv(path)
    assert election.seats_won() == bundled.seats_won()
    assert election.regions.tolist() == bundled.regions.tolist()


def test_one_file_holds_one_countrys_parties(tmp_path: Path) -> None:
    text = "seat_code,seat_name,party,votes\n10001,Avalon,LPC,5\n10001,Avalon,Lab,3\n"
    with pytest.raises(DataFormatError, match="row 3: party 'Lab' is not one of Canada's"):
        read_results_csv(write(tmp_path, text))


def test_a_canadian_file_s_short_names_are_canada_s_parties(tmp_path: Path) -> None:
    """Once its parties make a file Canadian (the Liberals, the Bloc), its "Conservative" and
    "Green" are the CPC and the GPC (psephos.model.party_in), as its codes are; they were
    read as the UK's Con and Green, and refused as not Canada's."""
    rows = (
        ("Liberal", "LPC", 60),
        ("Conservative", "CPC", 40),
        ("Green", "GPC", 9),
        ("Bloc", "BQ", 50),
        ("People's", "PPC", 4),
    )
    by_name = "seat_code,seat_name,party,votes\n" + "".join(
        f"24016,Brome--Missisquoi,{name},{votes}\n" for name, _, votes in rows
    )
    by_code = "seat_code,seat_name,party,votes\n" + "".join(
        f"24016,Brome--Missisquoi,{code},{votes}\n" for _, code, votes in rows
    )
    named = read_results_csv(write(tmp_path, by_name, "names.csv"))
    coded = read_results_csv(write(tmp_path, by_code, "codes.csv"))
    assert named.parties == coded.parties
    assert named.result("Brome--Missisquoi").votes == {code: v for _, code, v in rows}
    uk = "seat_code,seat_name,party,votes\nE1,Somewhere,Conservative,5\nE1,Somewhere,Green,3\n"
    assert read_results_csv(write(tmp_path, uk)).result("Somewhere").votes == {"Con": 5, "Green": 3}


#: Clacton 2024 as the House of Commons Library's candidate file has it: UKIP stood against
#: Reform UK.
CLACTON_2024 = """seat_code,seat_name,party,votes,candidate
E14001174,Clacton,Reform UK,21225,Nigel Farage
E14001174,Clacton,Conservative,12820,Giles Watling
E14001174,Clacton,UK Independence Party,116,Andrew Pemberton
"""


@pytest.mark.filterwarnings("ignore:.*gives no region for:psephos.errors.InputWarning")
def test_ukip_beside_reform_uk_is_a_party_of_its_own_counted_as_other(tmp_path: Path) -> None:
    """UKIP was read as Reform UK whatever the year, so a 2019 or 2024 file was refused as
    giving Reform two candidates in a seat. Beside Reform UK (or the Brexit Party) it is a
    minor party, Other, as the bundled results count it, with a note; alone (a 2015 file)
    it is still the lineage's Reform."""
    with pytest.warns(InputWarning, match="UKIP still stood as a party of its own, so its 1 "):
        election = read_results_csv(write(tmp_path, CLACTON_2024))
    clacton = election.result("Clacton")
    assert clacton.votes == {"Reform": 21225, "Con": 12820, "Other": 116}
    assert clacton.candidates[-1].party_name == "UK Independence Party"
    brexit = CLACTON_2024.replace("Reform UK", "Brexit Party")
    with pytest.warns(InputWarning, match="UKIP still stood"):
        assert read_results_csv(write(tmp_path, brexit, "b.csv")).seats_won()["Reform"] == 1
    alone = CLACTON_2024.replace("Reform UK", "Labour")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        votes = read_results_csv(write(tmp_path, alone, "2015.csv")).result("Clacton").votes
    assert votes == {"Lab": 21225, "Con": 12820, "Reform": 116}
    assert not any("UKIP" in str(each.message) for each in caught)


@pytest.mark.parametrize(
    ("reform", "label"),
    [
        ("UK Independence Party", "UKIP"),  # the House of Commons Library's 2015 and 2017 files
        ("Brexit Party", "Brexit Party"),  # its 2019 file
        ("Reform UK", "Reform UK"),
        ("Reform", "Reform UK"),  # the lineage's code: no year said, the vocabulary's name
    ],
)
@pytest.mark.filterwarnings("ignore::psephos.errors.InputWarning")
def test_a_renamed_party_is_labelled_as_the_file_names_it(
    tmp_path: Path, reform: str, label: str
) -> None:
    """A results file's UKIP (2015, 2017) and Brexit Party (2019) were labelled "Reform UK",
    a party that did not yet stand, in the national table, the seat report and the
    marginals, and coloured so on its map: the file's own name of the party labels it, as
    the bundled elections do."""
    from psephos.results import marginals, national_table, seat_report
    from psephos.results.hexmap import winner_colours

    text = CLACTON_2024.replace("Reform UK", reform).replace(
        "E14001174,Clacton,UK Independence Party,116,Andrew Pemberton\n", ""
    )
    election = read_results_csv(write(tmp_path, text))
    assert election.label("Reform") == label
    assert {row["party_label"] for row in national_table(election)} == {label, "Con"}
    assert seat_report(election, "Clacton").winner_label == label
    assert marginals(election)[0].winner_label == label
    colour = "#70147A" if label == "UKIP" else "#12B6CF"  # UKIP's purple, as 2015's map
    assert election.colour("Reform") == winner_colours(election)[0] == colour


@pytest.mark.filterwarnings("ignore:.*gives no region for:psephos.errors.InputWarning")
def test_apni_party_in_an_english_seat_is_no_alliance_candidate(tmp_path: Path) -> None:
    """The House of Commons Library's 2015 file gives Dudley North an "Apni Party" candidate,
    who was counted for Northern Ireland's Alliance Party (its abbreviation APNI): a party
    psephos does not know, Other where unknown parties are Other, and refused by default."""
    text = (
        "seat_code,seat_name,party,votes,candidate\n"
        "E14000671,Dudley North,Labour,15885,Ian Austin\n"
        "E14000671,Dudley North,Conservative,11704,Les Jones\n"
        "E14000671,Dudley North,Apni Party,156,Rehan Afzal\n"
    )
    path = write(tmp_path, text)
    votes = read_results_csv(path, unknown_parties="other").result("Dudley North").votes
    assert votes == {"Lab": 15885, "Con": 11704, "Other": 156}
    with pytest.raises(UnknownPartyError, match="'Apni Party'"):
        read_results_csv(path)


@pytest.mark.filterwarnings("ignore:.*gives no region for:psephos.errors.InputWarning")
def test_the_commons_library_s_name_of_the_ni_greens_is_green(tmp_path: Path) -> None:
    """The House of Commons Library's 2017 file names the Northern Ireland Greens "Green Party
    Northern Ireland" (7 candidates, 7,452 votes), which was no party psephos knew: refused, or
    Other, where the bundled 2017 result counts them as Green."""
    text = (
        "seat_code,seat_name,party,votes,candidate\n"
        "N06000013,North Down,Independent,16148,Sylvia Hermon\n"
        "N06000013,North Down,Democratic Unionist Party,15940,Alex Easton\n"
        "N06000013,North Down,Green Party Northern Ireland,941,Steven Agnew\n"
    )
    votes = read_results_csv(write(tmp_path, text)).result("North Down").votes
    assert votes == {"Ind": 16148, "DUP": 15940, "Green": 941}


#: A UK file with a candidate of the UK's minor Liberal Party (12 stood in 2024).
UK_LIBERAL = """seat_code,seat_name,party,votes
E14001341,Liverpool West Derby,Labour,20000
E14001341,Liverpool West Derby,Conservative,3000
E14001341,Liverpool West Derby,Liberal,401
"""


@pytest.mark.filterwarnings("ignore:.*gives no region for:psephos.errors.InputWarning")
def test_uk_seat_codes_make_a_file_british_and_its_liberal_no_canadian_party(
    tmp_path: Path,
) -> None:
    """A "Liberal" row made a UK file Canadian, refused for its "Labour" even with unknown
    parties as Other. The ONS codes decide the country: "Liberal" is a party the UK's
    vocabulary does not know, refused with the UK's parties and suggestions, or Other."""
    from psephos import jurisdictions

    with pytest.raises(UnknownPartyError) as refused:
        read_results_csv(write(tmp_path, UK_LIBERAL))
    message = str(refused.value)
    assert message.startswith(
        "results file 'results.csv' row 4: Unknown party 'Liberal'; known parties: Con, Lab,"
    )
    assert "Did you mean 'Liberal Democrat'?" in message and "Canada" not in message
    election = read_results_csv(write(tmp_path, UK_LIBERAL), unknown_parties="other")
    assert jurisdictions.of(election) is jurisdictions.UK
    assert election.result("Liverpool West Derby").votes == {
        "Lab": 20000,
        "Con": 3000,
        "Other": 401,
    }


def test_without_seat_codes_the_parties_of_most_rows_decide_the_country(
    tmp_path: Path,
) -> None:
    """A sheet of seat names: Labour and the Conservatives in every seat outweigh one
    Liberal, so the file is the UK's (it was Canada's, for the Liberal)."""
    text = UK_LIBERAL.replace("E14001341,", "")
    text = text.replace("seat_code,", "") + "Bootle,Labour,30000\nBootle,Conservative,2000\n"
    with pytest.warns(InputWarning, match="no seat_code column"):
        election = read_results_csv(write(tmp_path, text), unknown_parties="other")
    assert election.result("Liverpool West Derby").votes["Other"] == 401


def test_riding_numbers_make_a_file_canadian_and_its_unknown_party_is_told_canada_s(
    tmp_path: Path,
) -> None:
    """An unknown party in a Canadian file was refused naming the UK's parties and
    suggesting Northern Ireland's; it is told Canada's, and a UK file's the UK's."""
    text = CANADIAN.replace("Rhinoceros", "Christian Heritage Party")
    with pytest.raises(UnknownPartyError) as refused:
        read_results_csv(write(tmp_path, text))
    message = str(refused.value)
    assert "row 6: Unknown party 'Christian Heritage Party'; known parties: LPC, CPC," in message
    assert "Alliance" not in message and "Con," not in message
    uk = UK_LIBERAL.replace("Liberal,", "Heritage Party,")
    with pytest.raises(UnknownPartyError) as refused:
        read_results_csv(write(tmp_path, uk))
    assert "of Canada" not in str(refused.value)


def test_every_table_12_label_reads_as_the_bundled_build_reads_it(tmp_path: Path) -> None:
    """Elections Canada's table-12 labels of the coded parties (the build's PARTY_LABELS,
    :mod:`psephos.io.elections_canada`) read as the bundled build reads them: the NDP's, the
    Bloc's, the 2019 People's Party's, and "No Affiliation" as Ind (it was unknown, or
    Other)."""
    coded = _coded_table_12_labels()
    text = "seat_code,seat_name,party,votes\n" + "".join(
        f'{24001 + n},Riding {n},"{label}",{10 + n}\n' for n, label in enumerate(coded)
    )
    election = read_results_csv(write(tmp_path, text))
    read = {c.party_name: c.party for result in election for c in result.candidates}
    assert read == coded
    assert coded["No Affiliation/Aucune appartenance"] == "Ind"


def _coded_table_12_labels() -> dict[str, str]:
    """Elections Canada's table-12 labels of the coded parties (the one table the bundled
    build and the table-12 reader use, :data:`psephos.io.elections_canada.PARTY_LABELS`, the
    Others left out) -> the party code the bundled build gives them."""
    from psephos.io.elections_canada import PARTY_LABELS

    return {label: code for label, code in PARTY_LABELS.items() if code != "Other"}


def test_each_half_of_a_table_12_label_reads_as_its_party(tmp_path: Path) -> None:
    """The English and the French half of each official bilingual label read as the party
    of the whole label: "NPD-Nouveau Parti démocratique", the NDP's French half, was an
    unknown party (counted as Other with --unknown-parties other)."""
    labels = _coded_table_12_labels()
    halves = [(half, code) for label, code in labels.items() for half in label.split("/")]
    text = "seat_code,seat_name,party,votes\n" + "".join(
        f'{24001 + n},Riding {n},"{half}",{10 + n}\n' for n, (half, _) in enumerate(halves)
    )
    election = read_results_csv(write(tmp_path, text))
    read = [c.party for result in election for c in result.candidates]
    assert read == [code for _, code in halves]
    assert ("NPD-Nouveau Parti démocratique", "NDP") in halves


#: Results of a country psephos bundles nothing of (made up): no party is any country's own.
OWN_COUNTRY = """seat_code,seat_name,party,votes
1,Riverton,BJP,6100
1,Riverton,INC,4600
1,Riverton,BSP,300
2,Hillside,INC,5300
2,Hillside,BJP,3700
2,Hillside,IND,200
3,Lakeview,INC,6800
3,Lakeview,bjp,2900
"""


def test_a_file_of_parties_no_country_knows_is_its_own_countrys(tmp_path: Path) -> None:
    """Each party is kept under its name as the file writes it (its first spelling: "bjp" is
    the BJP), the columns largest first, an independent as Ind; its country is OWN, and a
    note says how the file was read. It was refused at its first party."""
    from psephos import jurisdictions

    with pytest.warns(InputWarning, match=r"No party .* is one psephos knows \(INC, BJP, BSP\)"):
        election = read_results_csv(write(tmp_path, OWN_COUNTRY))
    assert jurisdictions.of(election) is jurisdictions.OWN
    assert election.parties == ("INC", "BJP", "BSP", "Ind")
    assert election.seats_won() == {"INC": 2, "BJP": 1, "BSP": 0, "Ind": 0}
    assert election.result("Lakeview").votes == {"INC": 6800, "BJP": 2900}
    assert election.result("Hillside").candidates[-1].party_name == "IND"
    assert {seat.nation for seat in election.constituencies} == {jurisdictions.OWN.name}


def test_a_file_of_parties_no_country_knows_keeps_its_region_column(tmp_path: Path) -> None:
    text = OWN_COUNTRY.replace("votes\n", "votes,region\n").replace("\n", ",North\n")
    text = text.replace("votes,region,North\n", "votes,region\n")
    with pytest.warns(InputWarning):
        election = read_results_csv(write(tmp_path, text))
    assert set(election.regions) == {"North"}


def test_other_still_counts_every_unknown_party_as_other(tmp_path: Path) -> None:
    election = read_results_csv(write(tmp_path, OWN_COUNTRY), unknown_parties="other")
    assert election.result("Riverton").votes == {"Other": 11000}


def test_a_file_of_a_countrys_parties_and_unknown_ones_is_refused(tmp_path: Path) -> None:
    """A UK party among unknown names: the file is the UK's, and the unknown name refused."""
    text = OWN_COUNTRY + "3,Lakeview,Labour,100\n"
    with pytest.raises(UnknownPartyError, match="row 2: Unknown party 'BJP'"):
        read_results_csv(write(tmp_path, text))


#: Results of a country psephos does not bundle whose parties mix in names psephos knows
#: (made up, New Zealand's): "Labour" and "Green" are UK names, "National" is none.
MIXED_COUNTRY = """seat_code,seat_name,party,votes
1,Riverton,Labour,6300
1,Riverton,National,4600
1,Riverton,Green,900
1,Riverton,Independent,100
2,Hillside,National,5300
2,Hillside,Labour,3700
2,Hillside,ACT,800
"""


def test_a_mixed_file_is_refused_naming_both_ways_to_read_it(tmp_path: Path) -> None:
    """One sentence offers counting unknown parties as Other and reading the file as an
    election of its own country."""
    with pytest.raises(UnknownPartyError) as info:
        read_results_csv(write(tmp_path, MIXED_COUNTRY))
    message = str(info.value)
    assert "row 3: Unknown party 'National'" in message
    hint = message.split("?", 1)[1].strip()
    assert hint.count(".") == 1 and hint.endswith(".")  # one sentence
    assert "(--unknown-parties other)" in hint and "(--unknown-parties own:" in hint


def test_own_reads_every_party_under_its_name_as_written(tmp_path: Path) -> None:
    """With ``unknown_parties="own"`` the UK's names are the file's own parties ("Labour",
    not Lab), independents still Ind; its country is OWN, with a note saying so."""
    from psephos import jurisdictions

    path = write(tmp_path, MIXED_COUNTRY)
    with pytest.warns(
        InputWarning,
        match=r"read, as asked \(unknown parties 'own'\), as an election of its own country "
        r"\(Labour, National, Green, ACT\): each party under its name as the file writes it, "
        r"a majority being half the seats plus one\.",
    ):
        election = jurisdictions.read_results_csv(path, unknown_parties="own")
    assert jurisdictions.of(election) is jurisdictions.OWN
    assert election.parties == ("Labour", "National", "Green", "ACT", "Ind")
    assert election.seats_won() == {"Labour": 1, "National": 1, "Green": 0, "ACT": 0, "Ind": 0}
    with pytest.warns(InputWarning, match="as asked"):
        same = jurisdictions.read_results_csv(write(tmp_path, OWN_COUNTRY), unknown_parties="own")
    assert same.parties == ("INC", "BJP", "BSP", "Ind")  # as the automatic reading


def test_own_needs_a_country_to_read_the_file_as() -> None:
    from psephos.io import user_csv
    from psephos.jurisdictions import for_parties

    with pytest.raises(ValueError, match="own_country"):
        user_csv.parse_results_csv(
            MIXED_COUNTRY, name="nz.csv", country_of=for_parties, unknown_parties="own"
        )
