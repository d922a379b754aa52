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


@pytest.mark.parametrize(
    ("base_id", "poll"),
    [
        # README's govern example: the SNP, not named, falls from 9 seats to 1
        ("2024", "Lab 30 Con 25 Reform 20 LD 12 Green 8"),
        # the fill raises Ind and Other to seats they did not hold at the base
        ("2019-notional-2024", "Lab 35 Con 24 Reform 15 LD 12 Green 7 SNP 3"),
        # a poll of 100% without the SNP and PC leaves them nothing
        ("2024", "Lab 40 Con 30 Reform 15 LD 10 Green 5"),
    ],
)
def test_a_note_names_every_party_left_out_whose_seats_move(base_id: str, poll: str) -> None:
    """Every party the poll does not name whose seats differ from the base's is named in one
    note with its seats before and after, however small its base share (the share note names
    only those the fill moves hard: it left the SNP's 9 to 1 and Ind's 0 to 2 unsaid); a
    party left out whose seats stand is not named."""
    base = psephos.load(base_id)
    projection, notes = _projected(base, poll)
    named = set(psephos.projection.read_poll(poll, parties=base.parties))
    before, after = base.seats_won(), projection.seats()
    moved = [p for p in base.parties if p not in named and before[p] != after[p]]
    if sum(float(share) for share in poll.split()[1::2]) == 100:  # nothing filled: Ind and
        moved = [p for p in moved if p not in ("Ind", "Other")]  # Other have a note of their own
    assert moved  # each case moves some party left out
    (note,) = [note for note in notes if note.startswith("The parties the poll does not name")]
    for party in base.parties:
        said = f"{projection.election.label(party)} from {before[party]} to {after[party]}"
        assert (said in note) == (party in moved), (party, note)
    assert note.endswith("Name a party with its share to set it.")


def test_a_poll_naming_others_says_they_were_shared_out() -> None:
    """A poll of 100% naming "Other 5": its Others are every party it does not name, so the
    5% goes to Other, the SNP, PC and Ind in proportion to their base shares; the note says
    so (not that those parties "get no share"), and the fill note beside it counts that
    share in what it says the SNP gets."""
    base = psephos.load("2024")
    projection, notes = _projected(base, "Lab 30 Con 25 Reform 20 LD 12 Green 8 Other 5")
    (note,) = [note for note in notes if note.startswith("The parties the poll does not name")]
    assert note.startswith(
        "The parties the poll does not name share its Others' 5.0% with Other in proportion "
        "to their base shares"
    )
    assert "get no share" not in note
    before, after = base.seats_won(), projection.seats()
    for party in ("SNP", "PC", "Ind", "Other"):
        assert projection.target[0][base.party_index(party)] > 0, party
        assert f"{party} from {before[party]} to {after[party]}" in note
    _, short = _projected(base, "Lab 30 Con 25 Reform 20 LD 12 Green 5 Other 5")
    # the SNP gets 3.1% of the 3% left and the 5% of Others, not the 1.2% of the 3% alone
    assert not any("cuts SNP" in note for note in short), short
    assert any("share the 3.0% it leaves and its Others' 5.0% with Other" in n for n in short)


def test_a_poll_naming_every_party_keeps_its_others_for_other_and_says_nothing_shared() -> None:
    """A poll naming every GB party and "Other 1.538" (docs/backtests.md's 2024 command): no
    party is left to share its Others with, so Other keeps its 1.538% as typed, and no note
    says that "the parties the poll does not name share its Others' 1.5% with Other"."""
    base = psephos.load("2019-notional-2024")
    poll = (
        "Lab 34.680 Con 24.392 Reform 14.708 LD 12.571 Green 6.896 SNP 2.589 Ind 1.931 "
        "Other 1.538 PC 0.696"
    )
    projection, notes = _projected(base, poll)
    assert projection.target[0][base.party_index("Other")] == pytest.approx(0.01538, abs=1e-6)
    assert not any("Others'" in note for note in notes), notes
    assert not any(note.startswith("The parties the poll does not name") for note in notes)


def test_a_poll_of_others_alone_is_not_said_to_cap_other() -> None:
    """A poll of "Other 100": its Others are every party it does not name, so they are shared
    out (the base's shares); no note says Other is polled above what it could win and
    "capped" to its base share. A poll naming every party keeps the note for an Other out
    of reach."""
    base = psephos.load("2024")
    _, notes = _projected(base, "Other 100")
    assert not any("more than it could win" in note for note in notes), notes
    _, notes = _projected(base, "Lab 10 Con 5 Reform 5 LD 4 Green 2 SNP 1 PC 1 Ind 2 Other 70")
    assert any(note.startswith("Other 70.0% of Great Britain is more") for note in notes), notes
