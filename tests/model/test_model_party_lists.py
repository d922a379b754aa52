"""The one reader of a list of parties as people write one (:func:`psephos.model.split_parties`):
preferences, blocs, coalitions and pairs all read it."""

from __future__ import annotations

import pytest

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
