"""AV and STV on an election of a country psephos bundles nothing of: with nothing known of its
voters' second choices, each party's voters transfer to the parties still standing in
proportion to their national first-preference shares (nobody plumps), and a note says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli_helpers import command_result
from psephos.cli import app
from psephos.jurisdictions import OWN, read_results_csv
from psephos.jurisdictions import of as jurisdiction_of
from psephos.model import Election
from psephos.systems import (
    AlternativeVote,
    FirstPastThePost,
    SingleTransferableVote,
    election_transfers,
    preferences_note,
)

#: Three made-up seats of made-up parties. National totals: Tui 201, Moa 89, Kiwi 80 (370).
THREE_SEATS = """seat_code,seat_name,party,votes
1,Riverton,Kiwi,40
1,Riverton,Tui,36
1,Riverton,Moa,24
2,Hillside,Tui,150
2,Hillside,Kiwi,10
2,Hillside,Moa,10
3,Lakeview,Moa,55
3,Lakeview,Kiwi,30
3,Lakeview,Tui,15
"""


@pytest.fixture
def three_seats(tmp_path: Path) -> Election:
    path = tmp_path / "birds.csv"
    path.write_text(THREE_SEATS, encoding="utf-8")
    with pytest.warns(Warning, match="its own country"):
        election = read_results_csv(path)
    assert jurisdiction_of(election) is OWN
    return election


def test_next_preferences_follow_the_national_shares(three_seats: Election) -> None:
    matrix = election_transfers(three_seats)
    assert matrix.source == "national first-preference shares"
    assert matrix.next_shares("Moa") == pytest.approx({"Tui": 201 / 281, "Kiwi": 80 / 281})
    assert matrix.next_shares("Tui") == pytest.approx({"Moa": 89 / 169, "Kiwi": 80 / 169})
    assert list(matrix.plump) == [0.0, 0.0, 0.0]


def test_av_matches_a_hand_count(three_seats: Election) -> None:
    """Hillside (Tui 150 of 170) and Lakeview (Moa 55 of 100) are won outright. In Riverton
    Moa (24) is out; its voters go to Tui and Kiwi as 201 : 80, so Tui ends on
    36 + 24 * 201/281 = 53.2 against Kiwi's 40 + 24 * 80/281 = 46.8: Tui wins the seat Kiwi
    won under FPTP (with no transfers, Moa's voters stopping, Kiwi would have held it)."""
    tui = 36 + 24 * 201 / 281
    kiwi = 40 + 24 * 80 / 281
    assert tui > kiwi
    result = AlternativeVote().allocate(three_seats)
    assert result.seats_by_party() == {"Tui": 2, "Moa": 1, "Kiwi": 0}
    assert result.details["seats_changed"] == 1


def test_stv_matches_a_hand_count(three_seats: Election) -> None:
    """One district of the three seats: quota floor(370 / 4) + 1 = 93. Tui (201, two exact
    quotas of 92.5) stands three candidates, 67 each; Kiwi 80 and Moa 89 one each. A Tui
    candidate is out first and the votes go to the next Tui candidate (134: elected), whose
    surplus of 41 elects the third (67 + 41 = 108); that one's surplus of 15 goes to Kiwi and
    Moa as 80 : 89, and Moa (89 + 15 * 89/169 = 96.9) passes the quota ahead of Kiwi (87.1)."""
    assert 89 + 15 * 89 / 169 >= 93 > 80 + 15 * 80 / 169
    result = SingleTransferableVote(district_size=3).allocate(three_seats)
    assert result.details["districts"] == 1
    assert result.seats_by_party() == {"Tui": 2, "Moa": 1, "Kiwi": 0}


def test_the_note_says_which_rule_and_only_where_it_was_used(three_seats: Election) -> None:
    note = preferences_note(three_seats, [AlternativeVote()])
    assert note is not None and "in proportion to their national first-preference" in note
    matrix = election_transfers(three_seats)
    given = preferences_note(three_seats, [AlternativeVote(transfers=matrix)])
    assert given is not None and "national first-preference shares" in given  # its source
    assert "psephos knows nothing" not in given
    assert preferences_note(three_seats, [FirstPastThePost()]) is None  # no AV, no STV


def test_systems_prints_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "birds.csv"
    path.write_text(THREE_SEATS, encoding="utf-8")
    answer, result = command_result(
        "systems", str(path), "--system", "av", "--system", "stv", "--district-size", "3"
    )
    by_party = {row["party"]: row for row in answer["rows"]}
    assert (by_party["Tui"]["av"], by_party["Kiwi"]["av"], by_party["Moa"]["stv"]) == (2, 0, 1)
    printed = [
        line.removeprefix("note: ")
        for line in result.stderr.splitlines()
        if line.startswith("note: ")
    ]
    assert answer["notes"] == printed  # as printed: the note: lines on stderr
    assert any(
        note.startswith("AV and STV: psephos knows nothing of this country's")
        for note in answer["notes"]
    )


def test_two_parties_transfer_all_to_each_other_as_a_valid_rate(tmp_path: Path) -> None:
    """With two parties, each one's voters all go to the other: a rate of exactly 1 (it was
    100 * s_q / (1 - s_p), a hair above 100% in floating point, and the pact refused it as a
    rate outside 0-1)."""
    from psephos.jurisdictions.own import share_transfers
    from psephos.pacts import TransferMatrix

    path = tmp_path / "two.csv"
    path.write_text(  # Tui 175, Moa 125: 100 * (125/300) / (1 - 175/300) is 100.00000000000001
        "seat_code,seat_name,party,votes\n1,A,Tui,60\n1,A,Moa,40\n2,B,Moa,55\n2,B,Tui,45\n"
        "3,C,Tui,70\n3,C,Moa,30\n",
        encoding="utf-8",
    )
    with pytest.warns(Warning, match="its own country"):
        two = read_results_csv(path)
    assert share_transfers(two).rows == {"Tui": {"Moa": 100.0}, "Moa": {"Tui": 100.0}}
    matrix = TransferMatrix.for_election(two)
    assert matrix.rate("Tui", "Moa") == matrix.rate("Moa", "Tui") == 1.0


def test_a_file_with_no_votes_is_refused_in_one_line(tmp_path: Path) -> None:
    """Every seat won unopposed: no shares to share seats by, refused by the command and the
    library alike (it divided by zero, an internal error)."""
    from psephos.errors import DataFormatError
    from psephos.systems import compare_systems

    path = tmp_path / "unopposed.csv"
    path.write_text("seat_code,seat_name,party,votes\n1,A,Tui,0\n2,B,Moa,0\n", encoding="utf-8")
    with pytest.warns(Warning, match="its own country"):
        election = read_results_csv(path)
    with pytest.raises(DataFormatError, match="has no votes cast in any seat"):
        compare_systems(election)
    result = CliRunner().invoke(app, ["systems", str(path)])
    assert result.exit_code == 2
    assert "error: Results from unopposed.csv has no votes cast in any seat" in result.stderr
