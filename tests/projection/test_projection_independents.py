"""A poll that adds up to 100% without Ind leaves nothing for the Independents, whose seats
then change hands: a note names those seats and how to keep them (Islington North in 2024,
Jeremy Corbyn's, went to Labour without a word). The numbers are not changed."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import psephos
from psephos.errors import ShareWarning
from psephos.jurisdictions import read_results_csv
from psephos.projection import Projection, project

#: Three wards; an Independent wins the second.
WARDS = (
    "seat_code,seat_name,party,votes\n"
    "W1,Ashby,Lab,500\nW1,Ashby,Con,400\n"
    "W2,Barton,Independent,600\nW2,Barton,Lab,350\nW2,Barton,Con,300\n"
    "W3,Carlton,Con,450\nW3,Carlton,Lab,440\n"
)


def _projected(base: psephos.Election, poll: str) -> tuple[Projection, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        projection = project(base, poll)  # the default model, as the commands use it
    return projection, [str(w.message) for w in caught if issubclass(w.category, ShareWarning)]


@pytest.fixture
def wards(tmp_path: Path) -> psephos.Election:
    path = tmp_path / "wards.csv"
    path.write_text(WARDS, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the reader's notes (no region column)
        return read_results_csv(path)


def test_a_poll_of_100_without_ind_says_which_seats_it_takes(wards: psephos.Election) -> None:
    projection, notes = _projected(wards, "Lab 50 Con 50")
    barton = wards.seat_index("Barton")
    assert projection.election.parties[int(projection.election.winner[barton])] == "Lab"
    assert notes == [
        "The poll gives Ind nothing, so the seat Ind won at the base changes hands: Barton "
        "(to Lab). Those candidates' votes are their own, not a national party's: to keep "
        "them, give Ind a share (e.g. 'Ind 1') or leave the poll under 100% (the rest goes to "
        "the parties not named)."
    ]


def test_a_poll_with_room_for_ind_keeps_the_seat_without_the_note(
    wards: psephos.Election,
) -> None:
    for poll in ("Lab 40 Con 40", "Lab 40 Con 40 Ind 20"):  # Ind had 20% at the base
        projection, notes = _projected(wards, poll)
        barton = wards.seat_index("Barton")
        assert projection.election.parties[int(projection.election.winner[barton])] == "Ind"
        assert not any("gives Ind nothing" in note for note in notes), poll


def test_islington_north_2024_is_named() -> None:
    """The tester's poll of the seven parties, adding up to 100%."""
    base = psephos.load("2024")
    projection, notes = _projected(base, "Lab 35 Con 25 Reform 16 LD 13 Green 7 SNP 3 PC 1")
    islington = base.seat_index("Islington North")
    assert projection.election.parties[int(projection.election.winner[islington])] == "Lab"
    (said,) = [note for note in notes if "gives Ind nothing" in note]
    assert "Islington North (to Lab)" in said
