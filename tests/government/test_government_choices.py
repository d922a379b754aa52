"""A hung-parliament question as a user asks it (:mod:`psephos.government.choices`): one path,
:func:`govern_as_asked`, for ``psephos govern`` and the coalition builder."""

from __future__ import annotations

import pytest

import psephos
from psephos.errors import DataFormatError
from psephos.government import govern
from psephos.government.choices import (
    GovernOptions,
    OptionNames,
    govern_as_asked,
    house_rules,
)

WEB_NAMES = OptionNames(seats="seats", confidence_supply="confidence_supply")


def _never(election_id: str) -> psephos.Election:
    raise AssertionError(f"opened {election_id!r} for a question that does not need it")


def test_an_election_or_seats_never_both_nor_neither_in_the_callers_words() -> None:
    """Both, or neither, is refused before any election is opened, naming the field as the
    caller calls it."""
    both = GovernOptions(seats="Con 300 Lab 250")
    with pytest.raises(DataFormatError, match=r"^Give an election or --seats, not both\.$"):
        govern_as_asked("2017", both, open_election=_never)
    with pytest.raises(DataFormatError, match=r"^Give an election or seats, not both\.$"):
        govern_as_asked("2017", both, open_election=_never, names=WEB_NAMES)
    with pytest.raises(DataFormatError, match=r"^Give an election \(e\.g\. 2017\) or seats\.$"):
        govern_as_asked(None, GovernOptions(), open_election=_never, names=WEB_NAMES)
    bad = GovernOptions(seats="Con 3", confidence_supply=("Con+DUP",))
    with pytest.raises(DataFormatError, match="Bad confidence_supply 'Con\\+DUP'"):
        govern_as_asked(None, bad, open_election=_never, names=WEB_NAMES)


def test_the_report_is_govern_on_the_house_as_asked() -> None:
    """The election opened by the caller's reader, the rules, arrangements and government side
    read from the options: the same report as the library's pieces called one by one."""
    opened: list[str] = []

    def open_election(election_id: str) -> psephos.Election:
        opened.append(election_id)
        return psephos.load(election_id)

    options = GovernOptions(
        coalitions=("Con+LD",),
        confidence_supply=("Con:DUP",),
        deputies_government=1,
        deputies_opposition=2,
        government_side="Con,LD",
        abstain=("none",),
    )
    source, report = govern_as_asked("2017", options, open_election=open_election)
    election = psephos.load("2017")
    assert opened == ["2017"] and source == election
    rules = house_rules(election, abstain=["none"], deputies_government=1, deputies_opposition=2)
    expected = govern(
        election,
        rules=rules,
        arrangements=[(["Con", "LD"], []), (["Con"], ["DUP"])],
        government_side=["Con", "LD"],
    )
    assert report.to_dict() == expected.to_dict()


def test_the_side_given_wins_over_the_callers_default_side() -> None:
    """``government_side`` (the builder's ticked government) draws the deputies only when no
    side is given; seats given are the source."""
    seats = "Con 300 Lab 280 LD 40 SNP 30"
    ticked = govern_as_asked(
        None, GovernOptions(seats=seats), open_election=_never, government_side=["Lab"]
    )[1]
    given = govern_as_asked(
        None,
        GovernOptions(seats=seats, government_side="Lab"),
        open_election=_never,
        government_side=["Con"],
    )[1]
    largest = govern_as_asked(None, GovernOptions(seats=seats), open_election=_never)
    assert largest[0] == {"Con": 300, "Lab": 280, "LD": 40, "SNP": 30}
    assert ticked.to_dict() == given.to_dict() != largest[1].to_dict()
