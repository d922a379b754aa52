"""Elections Canada's table 12 read as published (:mod:`psephos.io.elections_canada`)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import psephos
from psephos.errors import DataFormatError, InputWarning, UnknownPartyError
from psephos.io import elections_canada
from psephos.jurisdictions import parse_results_csv, read_results_csv

HEADER = (
    "\ufeffProvince,Electoral District Name/Nom de circonscription,"
    "Electoral District Number/Numéro de circonscription,Candidate/Candidat,"
    "Candidate Residence/Résidence du candidat,Candidate Occupation/Profession du candidat,"
    "Votes Obtained/Votes obtenus,Percentage of Votes Obtained /Pourcentage des votes obtenus,"
    "Majority/Majorité,Majority Percentage/Pourcentage de majorité\n"
)


def _row(riding: str, number: str, candidate: str, votes: int) -> str:
    return (
        f'Ontario/Ontario,{riding},{number},"{candidate}","Ottawa, Ont.",'
        f"Teacher/Enseignant,{votes},1.0,,\n"
    )


#: A table 12 as a later election might publish it: a party new since the bundled label table
#: (two candidates, so its label is the words their strings share) and one standing once.
LATER = HEADER + "".join(
    [
        _row("Ottawa Centre/Ottawa-Centre", "35075", "Yasir Naqvi ** Liberal/Libéral", 30000),
        _row("Ottawa Centre/Ottawa-Centre", "35075", "Ann Smith Conservative/Conservateur", 20000),
        _row(
            "Ottawa Centre/Ottawa-Centre",
            "35075",
            "Jo Green Canadian Future Party/Parti Avenir Canadien",
            900,
        ),
        _row("Ottawa South/Ottawa-Sud", "35076", "Bob Block Liberal/Libéral", 25000),
        _row(
            "Ottawa South/Ottawa-Sud",
            "35076",
            "Sam Lee NDP-New Democratic Party/NPD-Nouveau Parti démocratique",
            26000,
        ),
        _row(
            "Ottawa South/Ottawa-Sud",
            "35076",
            "Kim Roy Canadian Future Party/Parti Avenir Canadien",
            700,
        ),
        _row("Ottawa South/Ottawa-Sud", "35076", "Al Poe Solo Movement/Mouvement Solo", 50),
    ]
)


def test_a_later_table_12_is_read_with_its_new_labels() -> None:
    assert elections_canada.is_table12(LATER)
    text, note = elections_canada.table12_as_results(LATER)
    lines = text.splitlines()
    assert lines[0] == "seat_code,seat_name,region,candidate,party,votes"
    # known labels become the bundled codes; "Green" and "Block" in names are not parties
    assert lines[1] == "35075,Ottawa Centre,Ontario,Yasir Naqvi,LPC,30000"
    assert lines[4] == "35076,Ottawa South,Ontario,Bob Block,LPC,25000"
    assert lines[3] == "35075,Ottawa Centre,Ontario,Jo Green,Canadian Future Party,900"
    assert lines[7] == "35076,Ottawa South,Ontario,Al Poe Solo Movement,Mouvement Solo,50"
    assert "Canadian Future Party" in note and "Mouvement Solo" in note


def test_the_results_reader_takes_table_12_as_published() -> None:
    with warnings.catch_warnings(), pytest.raises(UnknownPartyError, match="Future Party"):
        warnings.simplefilter("ignore", InputWarning)
        parse_results_csv(LATER, name="table12.csv")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        election = parse_results_csv(LATER, name="table12.csv", unknown_parties="other")
    assert any(
        issubclass(w.category, InputWarning) and "Elections Canada's table 12" in str(w.message)
        for w in caught
    )
    assert election.parties[:2] == ("LPC", "CPC")  # a Canadian election, by its riding numbers
    seats = election.seats_won()
    assert seats["LPC"] == 1 and seats["NDP"] == 1
    votes = dict(zip(election.parties, np.asarray(election.votes).sum(axis=0), strict=True))
    assert votes["Other"] == 900 + 700 + 50


def test_row_numbers_are_the_files_own() -> None:
    broken = HEADER + "\n" + _row("A/A", "35075", "Ann Smith Conservative/Conservateur", 5)
    broken += "Ontario/Ontario,B/B,35076,Bob\n"
    with pytest.raises(DataFormatError, match="row 4: 4 fields"):
        elections_canada.table12_as_results(broken)


def test_the_standard_layout_is_not_taken_for_table_12() -> None:
    assert not elections_canada.is_table12("seat_code,seat_name,party,votes\n35075,A,LPC,1\n")
    assert not elections_canada.is_table12(HEADER.replace("Candidate/Candidat", "Party/Parti"))


@pytest.mark.parametrize("number", ["2019-GE43", "2021-GE44"])
def test_the_published_files_read_as_the_bundled_elections(shared_data: Path, number: str) -> None:
    """The user's copy of Elections Canada's file and the bundled tables built from it give
    the same election: votes in every riding and party, and the winners."""
    path = shared_data / "canada" / f"EC-{number}-table12-candidates-by-riding.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        read = read_results_csv(path)
    bundled = psephos.load(f"canada-{number[:4]}")
    order = [read.seat_index(seat.code) for seat in bundled.constituencies]
    columns = [read.parties.index(party) for party in bundled.parties]
    np.testing.assert_array_equal(np.asarray(read.votes)[order][:, columns], bundled.votes)
    assert read.seats_won() == bundled.seats_won()


def test_an_unknown_canadian_election_is_offered_the_ids_of_the_closest() -> None:
    """A near miss is offered the bundled ids, not the (title, date) each id maps to."""
    from psephos.errors import UnknownElectionError
    from psephos.io.canada import resolve_canada_id

    with pytest.raises(UnknownElectionError) as error:
        resolve_canada_id("canada-2020")
    message = str(error.value)
    assert "Did you mean 'canada-2021', 'canada-2019'?" in message
    assert "Canadian federal election" not in message
