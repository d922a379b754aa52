"""A hung-parliament question as a user asks it (:mod:`psephos.government.choices`): one path,
:func:`govern_as_asked`, for ``psephos govern`` and the coalition builder."""

from __future__ import annotations

import contextlib
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import psephos
from psephos.errors import DataFormatError, UnknownPartyError
from psephos.government import govern
from psephos.government.choices import (
    MAX_GIVEN_SEATS,
    GovernOptions,
    OptionNames,
    govern_as_asked,
    house_rules,
    parse_seats,
)
from psephos.government.parliament import party_codes
from psephos.model import get_party

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


#: A word of a made-up party's name: a letter, then letters and digits ("P0", "Party2").
_NAME_WORD = st.from_regex(r"[A-Za-zé][A-Za-z0-9é]{0,6}", fullmatch=True)
#: A made-up party's name: words as above, then perhaps words of digits ("Group 1").
_PARTY_NAME = st.builds(
    lambda words, numbers: " ".join([*words, *numbers]),
    st.lists(_NAME_WORD, min_size=1, max_size=3),
    st.lists(st.from_regex(r"[0-9]{1,3}", fullmatch=True), max_size=2),
)


@settings(max_examples=200)
@given(
    house=st.dictionaries(
        _PARTY_NAME, st.integers(min_value=0, max_value=650), min_size=1, max_size=6
    ),
    separator=st.sampled_from([(" ", " "), (" ", ", "), ("=", ","), (": ", "; ")]),
)
def test_a_house_written_name_then_count_reads_back(
    house: dict[str, int], separator: tuple[str, str]
) -> None:
    """Any House written as "NAME COUNT ..." reads back, names holding digits included: a
    party's seats are the last number after its name."""
    assume(len({name.lower() for name in house}) == len(house))
    assume(party_codes(house) == {name: name for name in house})  # no real party's name
    for name in house:
        with contextlib.suppress(UnknownPartyError):
            get_party(name.split()[0])
            assume(False)  # "Con 1 12" is refused: Con's number, or a party "Con 1"?
        for word in name.split():
            with contextlib.suppress(UnknownPartyError):
                get_party(word.rstrip("0123456789"))
                assume(word.isalpha())  # "Lab40" is Lab's 40, as a poll types it
    between, after = separator
    text = after.join(f"{name}{between}{count}" for name, count in house.items())
    assert parse_seats(text) == house


@pytest.mark.parametrize(
    ("text", "seats"),
    [
        ("P0 280 Party2 40 Group 1 12", {"P0": 280, "Party2": 40, "Group 1": 12}),
        # "pc" after a name's digit is the name's, not a unit ("34pc" is 34%)
        ("A0PC 0 B 5", {"A0PC": 0, "B": 5}),
        ("Con 280 Lab 250 LD 30", {"Con": 280, "Lab": 250, "LD": 30}),
        ("Group 1=12,Con=3", {"Group 1": 12, "Con": 3}),
        ("Lab 1,000", {"Lab": 1000}),
    ],
)
def test_a_party_s_seats_are_the_last_number_after_its_name(
    text: str, seats: dict[str, int]
) -> None:
    assert parse_seats(text) == seats


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("Con 280 250", "near 'Con 280': Con has more than one number"),
        ("Con 280 Lab", "near 'Lab'"),
        ("Lab forty Con 3", "Lab has no number"),
        # ".1" is a tenth, not 1 seat: its point was read as the end of Green's name
        ("Lab 300 Con 250 LD 99 Green .1", "Green .1 is not a whole number of seats"),
    ],
)
def test_what_stays_ambiguous_is_refused_in_one_line(text: str, needle: str) -> None:
    with pytest.raises(DataFormatError, match=re.escape(needle)) as refused:
        parse_seats(text)
    assert "\n" not in str(refused.value)


def test_a_party_named_twice_in_seats_is_refused_as_a_poll_refuses_it() -> None:
    expected = (
        "Party 'Con' appears twice in --seats 'Con 300 Conservative 20' "
        "(as 'Con' and 'Conservative', both read as Con)."
    )
    with pytest.raises(DataFormatError, match=f"^{re.escape(expected)}$"):
        parse_seats("Con 300 Conservative 20")


@pytest.mark.parametrize("extra", [1, 3_169_999_995])
def test_a_house_given_larger_than_the_web_counts_is_refused_naming_the_option(
    extra: int,
) -> None:
    """``psephos govern --seats`` and the coalition builder share one bound
    (:data:`MAX_GIVEN_SEATS`), refused as the reader's one-line error naming the caller's field:
    a huge House was 'out of memory; use smaller --sims', an option govern does not have."""
    text = f"Con {MAX_GIVEN_SEATS} Lab {extra}"
    with pytest.raises(DataFormatError, match=r"^--seats 'Con .*' makes a House of [\d,]+ seats"):
        parse_seats(text)
    with pytest.raises(DataFormatError, match=r"^seats "):
        parse_seats(text, name="seats")
    assert sum(parse_seats(f"Con {MAX_GIVEN_SEATS - 5} Lab 5").values()) == MAX_GIVEN_SEATS


def test_none_beside_abstainers_is_refused_not_read_as_a_party() -> None:
    """'none' means nobody abstains: given beside parties (``--abstain SF --abstain none``,
    the page's ``SF, none``) it is refused in words about abstainers, not as an unknown party
    with a poll's advice."""
    election = psephos.load("2017")
    for abstain in (["SF", "none"], ["SF, DUP, None"]):
        with pytest.raises(
            DataFormatError,
            match=r"^'none' \(nobody abstains\) is given beside the abstainers SF( and DUP)?; "
            r"give 'none' alone",
        ):
            house_rules(election, abstain=abstain)
    assert house_rules(election, abstain=["none"]).abstentionist_parties == ()
    assert house_rules(election, abstain=["SF", "DUP"]).abstentionist_parties == ("SF", "DUP")
