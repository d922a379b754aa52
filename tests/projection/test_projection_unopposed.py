"""Seats won unopposed (no votes cast, as a council's uncontested wards) and files of one or two
parties: a projection keeps such a seat with its candidate and refuses a file with no votes at
all in one line, rather than handing the seat to the first party or dividing by zero."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from psephos.errors import InvalidSharesError
from psephos.jurisdictions import read_results_csv
from psephos.model import Election
from psephos.projection import project
from psephos.results import close_calls

#: Two contested seats and one Labour won unopposed (its one candidate, no votes).
UNOPPOSED = (
    "seat_code,seat_name,party,votes\n"
    "1,Ashby,Con,100\n1,Ashby,Lab,50\n"
    "2,Barton,Lab,0\n"
    "3,Carlton,Lab,70\n3,Carlton,Con,60\n"
)


def _read(tmp_path: Path, text: str) -> Election:
    path = tmp_path / "results.csv"
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the reader's notes (no region column, own country)
        return read_results_csv(path)


def test_a_seat_won_unopposed_is_said_so(tmp_path: Path) -> None:
    election = _read(tmp_path, UNOPPOSED)
    assert close_calls(election) == [
        "Barton: Lab's candidate was returned unopposed (the only candidate; no votes were cast)"
    ]


@pytest.mark.parametrize("model", ["uniform", "proportional", "national", "regional-uniform"])
def test_a_projection_keeps_a_seat_won_unopposed(tmp_path: Path, model: str) -> None:
    """Con well ahead in the poll: Barton, where only Labour stood, stays Labour's (it went to
    the first party of the vocabulary, Con, which did not stand there)."""
    election = _read(tmp_path, UNOPPOSED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the poll's fill note
        projected = project(election, {"Con": 60, "Lab": 30}, model=model).election
    barton = election.seat_index("Barton")
    assert projected.parties[int(projected.winner[barton])] == "Lab"
    assert not np.isnan(projected.votes).any()


def test_a_file_with_no_votes_is_refused_in_one_line(tmp_path: Path) -> None:
    election = _read(tmp_path, "seat_code,seat_name,party,votes\n1,Ashby,Lab,0\n2,Barton,Con,0\n")
    with pytest.raises(InvalidSharesError, match="has no votes cast in any seat"):
        project(election, {"Con": 50, "Lab": 50})


def test_a_file_of_two_parties_projects(tmp_path: Path) -> None:
    """Two parties: no third placed party for the consolidation term (an index error)."""
    election = _read(
        tmp_path,
        "seat_code,seat_name,party,votes\n1,A,Tui,60\n1,A,Moa,40\n2,B,Moa,55\n2,B,Tui,45\n",
    )
    projected = project(election, {"Tui": 40, "Moa": 60}, model="national").election
    assert projected.seats_won() == {"Tui": 0, "Moa": 2}


def test_a_forecast_holds_a_seat_won_unopposed_for_its_candidate(tmp_path: Path) -> None:
    """Barton, with no votes, is Labour's in every simulation (it was refused: 'every seat
    needs a positive share'); a file of one party is refused in one line."""
    from psephos.forecast import forecast

    election = _read(tmp_path, UNOPPOSED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        shares = project(election, {"Con": 60, "Lab": 30}).shares
    result = forecast(election, shares, n_sims=500, seed=1)
    barton = election.seat_index("Barton")
    assert result.win_probability[barton, election.parties.index("Lab")] == 1.0
    one = _read(tmp_path, "seat_code,seat_name,party,votes\n1,A,Tui,5\n2,B,Tui,7\n")
    with pytest.raises(InvalidSharesError, match="has one party, Tui, which wins every seat"):
        forecast(one, one.shares(), n_sims=100)


#: :data:`UNOPPOSED` with a seat whose two candidates have no votes yet (a count not entered).
NOT_COUNTED = UNOPPOSED + "4,Denby,Lab,0\n4,Denby,Con,0\n"


def test_a_seat_whose_candidates_have_no_votes_has_no_result(tmp_path: Path) -> None:
    """Two candidates on 0 votes each are a count not yet entered, not a win: the headline
    counted it for Labour ("a majority of 1") beside a note saying it had no winner. One
    candidate with no votes is still returned unopposed."""
    from psephos.results import national_table, seats_sentence

    election = _read(tmp_path, NOT_COUNTED)
    assert election.no_result().tolist() == [False, False, False, True]
    assert election.seats_won()["Lab"] == 2  # Barton (unopposed) and Carlton, not Denby
    assert {row["party"]: row["seats"] for row in national_table(election)} == {
        "Lab": 2,
        "Con": 1,
    }
    assert seats_sentence(election) == (
        "Lab won 2 of 4 seats (3 needed for a majority): a hung parliament, 1 short of a "
        "majority; 1 seat has no result (no votes recorded)."
    )
    assert close_calls(election)[1] == (
        "Denby: no votes recorded for its 2 candidates, so no result: no party's seat total "
        "counts it"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the poll's fill note
        projection = project(election, {"Con": 30, "Lab": 60}, model="uniform")
    assert projection.election.no_result().tolist() == [False, False, False, True]
    labour = next(row for row in projection.changes() if row["party"] == "Lab")
    assert (labour["base_seats"], labour["gains"]) == (2, 1)  # Ashby, not Denby


def test_a_file_whose_every_seat_has_no_result_says_so(tmp_path: Path) -> None:
    from psephos.results import seats_sentence

    election = _read(tmp_path, "seat_code,seat_name,party,votes\n1,A,Lab,0\n1,A,Con,0\n")
    assert sum(election.seats_won().values()) == 0
    assert seats_sentence(election) == (
        "No seat has a result: no votes are recorded in its one seat."
    )
