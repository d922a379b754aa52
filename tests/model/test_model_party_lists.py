"""The one reader of a list of parties as people write one (:func:`psephos.model.split_parties`):
preferences, blocs, coalitions and pairs all read it."""

from __future__ import annotations

import pytest

from psephos.errors import PollAsPartiesError
from psephos.model import get_party, split_parties


@pytest.mark.parametrize(
    "written",
    [
        "Green,Lab,LD",
        "Green, Lab, LD",
        " Green ,, Lab , LD , ",
        "Green; Lab; LD",
        "Green > Lab > LD",
        "Green | Lab | LD",
        "Green+Lab+LD",
        "Green + Lab + LD",
        "Green\nLab\nLD",
        "1. Green 2. Lab 3. LD",
        "1) Green 2) Lab 3) LD",
        "(1) Green (2) Lab (3) LD",
        "1. Green\n2. Lab\n3. LD",
        "Green, Lab+LD",
    ],
)
def test_every_form_of_a_list_gives_the_same_parties(written: str) -> None:
    assert split_parties(written) == ["Green", "Lab", "LD"]


def test_names_stay_as_written_for_the_vocabulary_to_read() -> None:
    names = split_parties("Lib Dems > Scottish National Party; plaid cymru")
    assert names == ["Lib Dems", "Scottish National Party", "plaid cymru"]
    assert [get_party(name).code for name in names] == ["LD", "SNP", "PC"]


def test_a_slash_is_one_combined_share_not_two_parties() -> None:
    assert split_parties("SNP/PC") == ["SNP/PC"]
    assert split_parties("Lab+SNP/PC") == ["Lab", "SNP/PC"]


@pytest.mark.parametrize("written", ["", " ", ",", " ; + > , "])
def test_a_list_of_nothing_is_empty(written: str) -> None:
    assert split_parties(written) == []


@pytest.mark.parametrize(
    ("written", "codes"),
    [
        ("green lab ld", ["Green", "Lab", "LD"]),
        ("Conservatives and DUP", ["Con", "DUP"]),
        ("Lib Dem Plaid Cymru", ["LD", "PC"]),
        ("Liberal Democrats Reform UK Sinn Fein", ["LD", "Reform", "SF"]),
        ("Scottish National Party Green Party", ["SNP", "Green"]),
        ("Labour and Co-operative and SNP", ["Lab", "SNP"]),
        ("LPC NDP Bloc Québécois", ["LPC", "NDP", "BQ"]),
        ("Labour v Reform", ["Lab", "Reform"]),
        ("Lab vs Con", ["Lab", "Con"]),
        ("Lab vs. Con", ["Lab", "Con"]),
        ("Labour versus Conservative", ["Lab", "Con"]),
        ("Lab & LD", ["Lab", "LD"]),
        ("Green then Labour then Lib Dem", ["Green", "Lab", "LD"]),
        ("Green or Labour", ["Green", "Lab"]),
        ("Labour, Lib Dems and Greens", ["Lab", "LD", "Green"]),
        ("Labour, Lib Dems, and Greens", ["Lab", "LD", "Green"]),
        ("Green, Labour or Lib Dem", ["Green", "Lab", "LD"]),
        ("Lab; Green Party of England and Wales", ["Lab", "Green"]),
    ],
)
def test_a_list_written_with_spaces_only_is_read_longest_name_first(
    written: str, codes: list[str]
) -> None:
    """Without a separator, words are read as parties, each the longest run of words the
    vocabulary knows ("Lib Dem" is one party, not "Lib" and "Dem"), "and" between names."""
    names = split_parties(written)
    assert [get_party(name).code for name in names] == codes
    assert all(name in written for name in names)  # each name as written


@pytest.mark.parametrize(
    "written",
    [
        "Social Democratic and Labour Party",
        "Green Party of England and Wales",
        "Conservative and Unionist",
        "Liberal Democrats",
        "Workers Party",  # not every word is a party: one unknown name, refused as today
        "Lab Workers",
        "Lab and",
        "Lab vs",
        "Lab SNP/PC",
    ],
)
def test_a_name_with_spaces_stays_one_name_unless_every_word_reads_as_parties(
    written: str,
) -> None:
    assert split_parties(written) == [written]


@pytest.mark.parametrize(
    ("written", "parties"),
    [
        ("Lab 30 Con 20 LD 25", "Lab,Con,LD"),
        ("Lab=30, Con=20%, LD: 25,5", "Lab,Con,LD"),
        ("30% Lab 20% Con", "Lab,Con"),
        ("Lib Dem 25 Green 9", "Lib Dem,Green"),
        ("LPC 33 CPC 34 NDP 18", "LPC,CPC,NDP"),
    ],
)
def test_a_poll_given_as_a_list_of_parties_points_to_the_poll(written: str, parties: str) -> None:
    """Party names with numbers are a poll typed in the wrong box: the list's one reader says
    so, with the parties alone as the example, rather than "Unknown party 'Lab 30 Con 20'"."""
    with pytest.raises(PollAsPartiesError) as refused:
        split_parties(written)
    assert str(refused.value) == (
        f"{written!r} looks like a poll (party names with numbers), not a list of parties: "
        f"give it as the poll (--poll), and the parties alone here, e.g. {parties}."
    )


@pytest.mark.parametrize("written", ["1 Green 2 Lab", "Group 1 12", "Party2, Lab"])
def test_a_ranking_or_a_name_with_digits_is_no_poll(written: str) -> None:
    """Numbers 1, 2, ... before the names are a ranking, digits in a name are the name: the
    list is read (or refused) as a list, not told it is a poll."""
    from psephos.model.party import poll_as_parties

    assert poll_as_parties(written) is None
