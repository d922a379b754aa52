"""The declaration feed reader keeps candidates apart (two Independents are two candidates)."""

from __future__ import annotations

import io

import pytest

from psephos.errors import DataFormatError
from psephos.io.declarations import read_declarations
from psephos.model import Candidate


def test_json_candidates_stay_separate() -> None:
    feed = (
        '{"seat": "E1", "candidates": [{"name": "A", "party": "Ind", "votes": 5},'
        ' {"name": "B", "party": "Ind", "votes": 3}]}\n'
        '{"seat": "E2", "votes": {"Lab": 3}}\n'
    )
    (seat, first), (second_seat, second) = read_declarations(io.StringIO(feed))
    assert seat == "E1"
    assert first == (Candidate("A", "Ind", "Ind", 5), Candidate("B", "Ind", "Ind", 3))
    assert (second_seat, second) == ("E2", {"Lab": 3.0})


def test_csv_with_a_candidate_column_gives_candidates() -> None:
    feed = "seat_code,party,votes,candidate\nE1,Ind,5,A\nE1,Ind,3,B\nE2,Lab,4,C\n"
    rows = dict(read_declarations(io.StringIO(feed)))
    assert [c.name for c in rows["E1"]] == ["A", "B"]
    assert [c.votes for c in rows["E2"]] == [4]


def test_a_declaration_without_counts_names_its_line() -> None:
    with pytest.raises(DataFormatError, match="line 1"):
        list(read_declarations(io.StringIO('{"seat": "E1"}\n')))


@pytest.mark.parametrize(
    "feed",
    [
        '{"seat": "E1", "votes": {"Lab": 99999999999999}}\n',
        '{"seat": "E1", "candidates": [{"party": "Lab", "votes": 99999999999999}]}\n',
        "seat_code,party,votes\nE1,Lab,99999999999999\n",
    ],
)
def test_more_votes_than_any_seat_has_electors_is_refused(feed: str) -> None:
    with pytest.raises(DataFormatError, match="more than 100,000,000"):
        list(read_declarations(io.StringIO(feed)))


def test_ukip_beside_reform_uk_in_a_seat_is_other_with_a_note() -> None:
    """UKIP stood against Reform UK in 2024 (Clacton): its candidate was read as a second
    Reform UK candidate, its votes Reform's. Beside Reform UK it is Other, with a note; a feed
    of UKIP alone (2015) still reads it as the lineage's Reform."""
    from psephos.io.declarations import read_feed

    feed = (
        "seat_code,party,votes,candidate\nE14001174,Reform UK,21225,Nigel Farage\n"
        "E14001174,Conservative,12820,Giles Watling\n"
        "E14001174,UK Independence Party,116,Andrew Pemberton\n"
    )
    (declaration,) = read_feed(io.StringIO(feed))
    assert [c.party for c in declaration.counts] == ["Reform", "Con", "Other"]
    assert declaration.note == (
        "declaration CSV rows 2-4: UK Independence Party stood beside Reform UK (or the Brexit "
        "Party): UKIP, a party of its own by then, is counted as Other."
    )
    (alone,) = read_feed(io.StringIO(feed.replace("Reform UK", "Labour")))
    assert [c.party for c in alone.counts] == ["Lab", "Con", "Reform"] and not alone.note


@pytest.mark.parametrize(
    "feed",
    [
        "seat_code,party,votes,candidate\nE14001523,Conservative,20000,A\n"
        "E14001523,UK Independence Party,2638,Janice MacKay\n",
        '{"seat": "E14001523", "candidates": [{"name": "A", "party": "Con", "votes": 20000},'
        ' {"name": "Janice MacKay", "party": "UK Independence Party", "votes": 2638}]}\n',
    ],
)
def test_ukip_without_reform_uk_is_other_on_a_night_after_2017(feed: str) -> None:
    """The night's base decides (2024: Stone, Great Wyrley and Penkridge had UKIP and no
    Reform UK candidate), in a CSV and in JSON lines alike; a 2015 night's UKIP is Reform."""
    from psephos.io.declarations import read_feed

    (declaration,) = read_feed(io.StringIO(feed), election_id="2019-notional-2024")
    assert [c.party for c in declaration.counts] == ["Con", "Other"]
    assert declaration.counts[1].party_name == "UK Independence Party"
    assert "UK Independence Party stood on a night after 2019-notional-2024" in declaration.note
    (earlier,) = read_feed(io.StringIO(feed), election_id="2015")
    assert [c.party for c in earlier.counts] == ["Con", "Reform"] and not earlier.note


@pytest.mark.parametrize(
    ("tie", "said", "where"),
    [
        (
            "seat_code,party,votes{}\nE14001536,Lab,20000{}\nE14001536,Con,20000{}\n",
            (",won_by_lot", "", ",Conservative"),
            "CSV rows 2-3",
        ),
        (
            '{{"seat": "E14001536", "votes": {{"Lab": 20000, "Con": 20000}}{}}}\n',
            (', "won_by_lot": "Conservative"',),
            "line 1",
        ),
    ],
    ids=["csv", "json"],
)
def test_a_tie_is_counted_for_who_won_the_lot_and_refused_without(
    tie: str, said: tuple[str, ...], where: str
) -> None:
    """A feed says who won the lot (a ``won_by_lot`` column or key), as the web declaration
    API does (:func:`psephos.io.declarations.lot_winner`): the seat is counted for them, not
    for the feed's first or the vocabulary's; a tie without it is refused in the API's words."""
    from psephos.io.declarations import read_feed

    (declaration,) = read_feed(io.StringIO(tie.format(*said)))
    assert declaration.won_by_lot == "Conservative"
    assert [c.party for c in declaration.counts] == ["Con", "Lab"]
    with pytest.raises(DataFormatError) as refused:
        list(read_feed(io.StringIO(tie.format(*("" for _ in said)))))
    assert str(refused.value) == (
        f"declaration {where}: won_by_lot: Con and Lab are tied for first place on 20,000 "
        "votes; a tie is decided by lot, so say which of them won it."
    )


def test_a_party_total_of_ukip_is_other_on_a_night_after_2017() -> None:
    """A feed of party totals (no candidate column) reads UKIP as a night of candidates
    does: Other on a 2024 night, with the note naming its row; a 2015 night's is Reform."""
    from psephos.io.declarations import read_feed

    feed = (
        "seat_code,party,votes\nE14001523,Conservative,20000\n"
        "E14001523,UK Independence Party,2638\n"
    )
    (declaration,) = read_feed(io.StringIO(feed), election_id="2019-notional-2024")
    assert declaration.counts == {"Con": 20000, "Other": 2638}
    assert declaration.note.startswith(
        "declaration CSV row 3: UK Independence Party stood on a night after 2019-notional-2024"
    )
    (earlier,) = read_feed(io.StringIO(feed), election_id="2015")
    assert earlier.counts == {"Con": 20000, "Reform": 2638} and not earlier.note
