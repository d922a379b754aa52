"""The exit poll's sample reader (io.user_csv.parse_sample_csv): votes or a desk's shares,
seats by code or name."""

from __future__ import annotations

import re

import numpy as np
import pytest

import psephos
from psephos.errors import DataFormatError, UnknownConstituencyError, UnknownPartyError
from psephos.io.rows import read_seat
from psephos.jurisdictions import parse_results_csv, parse_sample_csv

#: Files of bundled seat codes without a region column read their regions from the bundled
#: seats, with a note (io/user_csv.py _places_note, tested in tests/io/test_user_csv_checks.py).
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*regions are read from the bundled seats:psephos.errors.InputWarning"
)

BASE = "2019-notional-2024"
VOTES = (
    "seat_code,seat_name,party,votes\n"
    "E14001186,Croydon East,Lab,20000\nE14001186,Croydon East,Con,10000\n"
    "E14001137,Bromley and Biggin Hill,Con,15000\nE14001137,Bromley and Biggin Hill,Lab,5000\n"
)


def _read(text: str) -> tuple[psephos.Election, list[str]]:
    return parse_sample_csv(text, name="s.csv", base=psephos.load(BASE))


def test_votes_are_read_as_the_results_reader_reads_them_without_a_note() -> None:
    sample, notes = _read(VOTES)
    results = parse_results_csv(VOTES, name="s.csv")
    assert notes == [] and sample.codes == results.codes
    assert np.array_equal(sample.votes, results.votes)


@pytest.mark.parametrize(
    ("header", "cells"),
    [
        ("share", ("66.7", "33.3", "75", "25")),
        ("share", ("0.667", "0.333", "0.75", "0.25")),
        ("share", ("66.7%", "33.3%", "75%", "25%")),
        ("share_pct", ("66.7", "33.3", "75", "25")),
    ],
)
def test_shares_are_read_as_fractions_of_each_seat_s_vote(
    header: str, cells: tuple[str, ...]
) -> None:
    text = (
        f"seat_name,party,{header}\n"
        f"Croydon East,Lab,{cells[0]}\nCroydon East,Con,{cells[1]}\n"
        f"Bromley,Con,{cells[2]}\nBromley,Lab,{cells[3]}\n"
    )
    sample, notes = _read(text)
    votes, _ = _read(VOTES)
    assert sample.codes == votes.codes
    assert np.allclose(sample.shares(), votes.shares(), atol=0.001)
    assert np.allclose(sample.votes.sum(axis=1), 1.0, atol=0.001)
    read = "fractions" if cells[0].startswith("0.") else "percentages"
    assert notes[0].startswith(f"The exit-poll sample 's.csv' gives shares ({header}), not votes: ")
    assert f"read as {read} of each seat's vote" in notes[0]
    base = psephos.load(BASE)
    assert notes[1:] == [read_seat(base, "Bromley", where="exit-poll sample 's.csv' row 4")[1]]


def test_a_sample_s_refusals_name_the_rows() -> None:
    with pytest.raises(DataFormatError, match="row 3: share: not a number"):
        _read("seat_code,party,share\nE14001186,Lab,60\nE14001186,Con,lots\n")
    with pytest.raises(
        DataFormatError, match=r"rows 2-3: the shares of Croydon East \(E14001186\) add"
    ):
        _read("seat_code,party,share\nE14001186,Lab,60\nE14001186,Con,60\n")
    # a seat given by its name is named so, with its code, not by a code never typed
    clacton = "the shares of Clacton (E14001174) add up to 140.0%"
    with pytest.raises(DataFormatError, match=re.escape(clacton)):
        _read("seat_name,party,share\nClacton,Reform,80\nClacton,Con,60\n")
    with pytest.raises(DataFormatError, match="rows 2 and 4: duplicate seat row: 'Lab' appears"):
        _read("seat_code,party,share\nE14001186,Lab,50\nE14001186,Con,20\nE14001186,Lab,30\n")
    with pytest.raises(DataFormatError, match="gives votes and share; give one of"):
        _read("seat_code,party,votes,share\nE14001186,Lab,60,60\n")
    with pytest.raises(
        DataFormatError, match=r"column\(s\) seat_code or seat_name; votes, share or"
    ):
        _read("place,party\nE14001186,Lab\n")
    with pytest.raises(UnknownConstituencyError, match="row 2: No constituency 'Croydon Eest'"):
        _read("seat_name,party,share\nCroydon Eest,Lab,60\n")


@pytest.mark.parametrize(
    "header",
    [
        "Seat Code,Seat Name,Party,Votes",
        "seat-code, SEAT NAME ,party,votes",
        "Seat_Code,Seat name,Party,Votes",
        "ONS code,Constituency,Party name,Votes",  # the headings the results reader takes
    ],
)
def test_a_spreadsheet_heading_in_words_reads_as_the_column(header: str) -> None:
    """A header written as a spreadsheet heads it ("Seat Name") names the column as the
    results reader and the exit-poll sample reader spell it (seat_name)."""
    text = header + "\n" + VOTES.split("\n", 1)[1]
    sample, notes = _read(text)
    results = parse_results_csv(text, name="s.csv")
    expected = parse_results_csv(VOTES, name="s.csv")
    assert notes == []
    for read in (sample, results):
        assert read.codes == expected.codes
        assert np.array_equal(read.votes, expected.votes)
    (shares, _) = _read("Seat Name,Party,Share Pct\nCroydon East,Lab,60\nCroydon East,Con,40\n")
    assert shares.codes == ("E14001186",)
    # a sample of seats by name alone, headed as a results sheet is ('Constituency'): its seats
    (named, _) = _read("Constituency,Party,Votes\nCroydon East,Lab,600\nCroydon East,Con,400\n")
    assert named.codes == ("E14001186",)


def test_a_wide_file_is_said_to_be_one_as_the_results_reader_says_it() -> None:
    """The Commons Library's one row per seat, a column per party: the layout is wrong, not a
    column missing, and the sample reader says so as ``results`` and ``nowcast feed`` do."""
    wide = (
        "ONS ID,Constituency name,Electorate,Con,Lab,LD,RUK,Green\n"
        "E14001186,Croydon East,9,1,2,3,4,5\n"
    )
    with pytest.raises(
        DataFormatError,
        match=r"^The exit-poll sample 's.csv' looks like a wide file \(a column per party: Con, "
        r"Lab, LD, \.\.\.\); psephos reads one row per party per seat, with columns seat_code "
        r"or seat_name, party, and one of votes, share or share_pct\.$",
    ):
        _read(wide)


def test_a_sampled_seat_with_a_party_that_does_not_stand_in_its_nation_gets_a_note() -> None:
    """The SNP in Clacton is most likely a row pasted into the wrong seat: noted as a results
    night's declaration is (psephos.jurisdictions.not_standing_note), counted as given."""
    sample, notes = _read(VOTES + "E14001186,Croydon East,SNP,5\n")
    assert notes == [
        "The exit-poll sample 's.csv': SNP does not stand in England, where Croydon East "
        "(E14001186) is; counted as given, but check that these votes are this seat's (a row "
        "pasted into the wrong seat?)."
    ]
    assert sample.votes[sample.seat_index("E14001186"), sample.parties.index("SNP")] == 5


def test_a_sampled_seat_whose_code_and_name_are_two_seats_gets_a_note() -> None:
    """Croydon East's code beside the name "Hendon" was read as Croydon East without a word;
    it is still read by its code, under that seat's name, with a note naming the row."""
    sample, notes = _read(VOTES.replace("E14001186,Croydon East,Lab", "E14001186,Hendon,Lab"))
    assert sample.result("E14001186").constituency.name == "Croydon East"
    assert notes == [
        "The exit-poll sample 's.csv' row 2 names seat E14001186 'Hendon', which is Croydon "
        f"East in {psephos.load(BASE).name}; it is read as Croydon East, as the code says "
        "(check the code or the name)."
    ]


def test_a_sampled_party_with_no_code_of_its_own_is_refused_in_words_for_counted_votes() -> None:
    """A seat's shares are counted votes: a party with no code of its own is counted as Other,
    never left out as a typed poll may leave it (the seat's other shares would be scaled up)."""
    with pytest.raises(UnknownPartyError) as refused:
        _read("seat_name,party,share\nCroydon East,Lab,60\nCroydon East,Workers Party,40\n")
    message = str(refused.value)
    assert "Workers Party of Britain, which has no code of its own: count its votes as Other." in (
        message
    )
    assert "leave it out" not in message
