"""A national swing typed as text: the forms :func:`parse_swing` reads and those it refuses."""

from __future__ import annotations

import re

import pytest

from psephos.errors import InvalidSharesError
from psephos.projection.inputs import parse_poll
from psephos.targeting.sensitivity import parse_swing

#: Swings as people type them, each with what it reads as.
READ = [
    ("Lab=+3,Con=-2.5", {"Lab": 3.0, "Con": -2.5}),
    ("Lab=+3, Con=-2.5", {"Lab": 3.0, "Con": -2.5}),
    ("Lab +3, Con -2.5", {"Lab": 3.0, "Con": -2.5}),
    ("Lab +3 Con -2.5", {"Lab": 3.0, "Con": -2.5}),
    ("Lab+3,Con-2.5", {"Lab": 3.0, "Con": -2.5}),
    ("Lab +3%, Con -2.5%", {"Lab": 3.0, "Con": -2.5}),
    ("Lab=+3%,Con=-2.5%", {"Lab": 3.0, "Con": -2.5}),
    ("Lab=+3 %", {"Lab": 3.0}),
    ("Lab +3 % ", {"Lab": 3.0}),
    ("Lab+3%", {"Lab": 3.0}),
    ("Lab=  +3  ", {"Lab": 3.0}),
    ("Lab + 3", {"Lab": 3.0}),
    ("Lab - 3", {"Lab": -3.0}),
    ("Con-2.5", {"Con": -2.5}),
    ("Lab +3.5 Con -2.25", {"Lab": 3.5, "Con": -2.25}),
    ("Lab=+3, Con -2", {"Lab": 3.0, "Con": -2.0}),
    ("Lab -2, Con=+3", {"Lab": -2.0, "Con": 3.0}),
    ("Lab+3Con-2", {"Lab": 3.0, "Con": -2.0}),
    ("Lab +3Con -2", {"Lab": 3.0, "Con": -2.0}),
    ("LD +4,Con -10", {"LD": 4.0, "Con": -10.0}),
    ("Lib Dem +4", {"Lib Dem": 4.0}),
    ("Reform UK +5, Con -3", {"Reform UK": 5.0, "Con": -3.0}),
    ("People's +2", {"People's": 2.0}),
    ("Sinn F\u00e9in +1", {"Sinn F\u00e9in": 1.0}),
    ("Bloc Qu\u00e9b\u00e9cois -1", {"Bloc Qu\u00e9b\u00e9cois": -1.0}),
    ("SNP/PC +3", {"SNP/PC": 3.0}),  # read as written; the election refuses the name
    # each change before its party, as a chart prints it
    ("+3 Lab -2 Con", {"Lab": 3.0, "Con": -2.0}),
    ("+3 Lab, -2 Con", {"Lab": 3.0, "Con": -2.0}),
    ("+3% Lab, \u22122% Con", {"Lab": 3.0, "Con": -2.0}),
    ("+3 Lab / -2 Con", {"Lab": 3.0, "Con": -2.0}),
    ("Lab +3, -2 Con", {"Lab": 3.0, "Con": -2.0}),  # each item read its own way
    ("+3 Lab", {"Lab": 3.0}),
    ("- 2.5 Con", {"Con": -2.5}),
    ("+.5 LD", {"LD": 0.5}),
    ("+5 Reform UK -3 Lib Dem", {"Reform UK": 5.0, "Lib Dem": -3.0}),
    (",,Lab=+3,,", {"Lab": 3.0}),
    ("Lab +3,", {"Lab": 3.0}),
    ("", {}),
    ("  ", {}),
    (",", {}),
]


#: Forms a poll takes that a swing takes too, read by the one pair reader.
READ_AS_A_POLL_IS = [
    ("Lab: +3; Con: -2", {"Lab": 3.0, "Con": -2.0}),
    ("Lab:+3", {"Lab": 3.0}),
    ("Lab +3 pts", {"Lab": 3.0}),
    ("Lab +3pc, Con -2 per cent", {"Lab": 3.0, "Con": -2.0}),
    ("Lab +2,5", {"Lab": 2.5}),
    ("Lab=+2,5, Con=-1,25", {"Lab": 2.5, "Con": -1.25}),
    ("Lab +3 / Con -2", {"Lab": 3.0, "Con": -2.0}),
    ("Lab +3 | Con -2", {"Lab": 3.0, "Con": -2.0}),
    ("Lab +3 \u2013 Con -2", {"Lab": 3.0, "Con": -2.0}),  # an en dash before a name: a mark
    ("Lab=+3 Con=-2", {"Lab": 3.0, "Con": -2.0}),
    ("Lab= + 3", {"Lab": 3.0}),
    ("Lab +.5", {"Lab": 0.5}),
    # a typographic minus or an en dash before a number is its sign
    ("Lab +3, Con \u22122", {"Lab": 3.0, "Con": -2.0}),
    ("Con=\u22122.5", {"Con": -2.5}),
    ("Con \u2013 2", {"Con": -2.0}),
]


@pytest.mark.parametrize(("text", "expected"), READ + READ_AS_A_POLL_IS)
def test_a_swing_reads_as_its_changes(text: str, expected: dict[str, float]) -> None:
    assert parse_swing(text) == expected


def test_no_swing_is_no_change() -> None:
    assert parse_swing(None) == {}
    assert parse_swing("Lab=0, Con -2") == {"Lab": 0.0, "Con": -2.0}  # no change needs no sign


#: Numbers without their sign, with the pairs a refusal names: a poll's shares pasted into a
#: swing more often than changes (they were read as gains: "Reform 5, Lab 3" as +5 and +3).
UNSIGNED = [
    ("Reform 29 Lab 20 Con 18 LD 13", "'Reform 29', 'Lab 20', 'Con 18', 'LD 13'"),
    ("Reform 5, Lab 3", "'Reform 5', 'Lab 3'"),
    ("Lab +3, Con 2", "'Con 2'"),
    ("Lab 3", "'Lab 3'"),
    ("Lab=3", "'Lab 3'"),
    ("Lab3", "'Lab 3'"),
    ("Lab=.5", "'Lab .5'"),
    ("3% Lab", "'Lab 3'"),
]


@pytest.mark.parametrize(("text", "named"), UNSIGNED)
def test_numbers_without_a_sign_are_refused_as_a_poll(text: str, named: str) -> None:
    expected = (
        f"Swing {text!r} gives {named} without a sign: this looks like a poll: give it as "
        "--poll; --swing takes signed changes such as Reform=+14."
    )
    with pytest.raises(InvalidSharesError, match=f"^{re.escape(expected)}$"):
        parse_swing(text)


#: Text that is not a swing, with the item a refusal names.
REFUSED = [
    ("3", "3"),
    ("Lab", "Lab"),
    ("Lab +3 lots", "Lab +3 lots"),
    ("Lab +3 Con", "Lab +3 Con"),
    ("Lab +3, Con", "Con"),
    ("Lab -3 -2", "Lab -3 -2"),
    ("Lab 3 2", "Lab 3 2"),
    ("Lab --3", "Lab --3"),
    ("Lab +-3", "Lab +-3"),
    ("Lab +3 -", "Lab +3 -"),
    ("Lab - +3", "Lab - +3"),
    ("+3 Lab -2", "+3 Lab -2"),
    ("+3 Lab Con", "+3 Lab Con"),
    ("+3 Lab (+1)", "+3 Lab (+1)"),
    ("+3 Lab -2 Con 1 4", "+3 Lab -2 Con 1 4"),
    # a change in brackets is not skipped, as a poll skips a change since the last poll
    ("Lab (+3)", "Lab (+3)"),
    ("Lab +3 (+1)", "Lab +3 (+1)"),
    # a change that is not a number, or a name without one
    ("Lab=lots", "Lab=lots"),
    ("Lab=", "Lab="),
    ("=3", "=3"),
    ("Lab=--3", "Lab=--3"),
    ("Lab=+3=4", "Lab=+3=4"),
    ("Lab=nan", "Lab=nan"),
    ("Lab;+3", "Lab"),
    ("Lab +3 Con=", "Lab +3 Con="),
    # a known party with stray words or numbers after it
    ("Lab forty Con 3", "Lab forty Con 3"),
    ("Lab=+3 2", "Lab=+3 2"),
]


@pytest.mark.parametrize(("text", "item"), REFUSED)
def test_text_that_is_not_a_swing_is_refused_naming_its_item(text: str, item: str) -> None:
    expected = f"Swing item {item!r} is not PARTY=CHANGE (e.g. 'Lab=+3,Con=-2')."
    with pytest.raises(InvalidSharesError, match=f"^{re.escape(expected)}$"):
        parse_swing(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lab +3 Lab -2", "Party 'Lab' appears twice in swing 'Lab +3 Lab -2'."),
        ("Lab=+3,Lab=-2", "Party 'Lab' appears twice in swing 'Lab=+3,Lab=-2'."),
        ("+3 Lab, lab -2", "Party 'Lab' appears twice in swing '+3 Lab, lab -2'."),
        (
            "Lab +3 Labour -2",
            "Party 'Lab' appears twice in swing 'Lab +3 Labour -2' "
            "(as 'Lab' and 'Labour', both read as Lab).",
        ),
        ("Foo +1, Foo -2", "Party 'Foo' appears twice in swing 'Foo +1, Foo -2'."),
    ],
)
def test_a_party_named_twice_is_refused_as_a_poll_refuses_it(text: str, expected: str) -> None:
    """Not its last change: a poll refuses it so (``named_twice``, one sentence)."""
    with pytest.raises(InvalidSharesError, match=f"^{re.escape(expected)}$"):
        parse_swing(text)


def test_a_swing_and_a_poll_refuse_a_party_named_twice_in_one_sentence() -> None:
    with pytest.raises(InvalidSharesError) as swing:
        parse_swing("Lab 3 Labour 2")
    with pytest.raises(InvalidSharesError) as poll:
        parse_poll("Lab 3 Labour 2")
    assert str(swing.value) == str(poll.value).replace("in poll", "in swing")
