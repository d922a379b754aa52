"""Poll strings, share policies, per-area CSVs and area targets."""

from __future__ import annotations

import json
import re
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import psephos
from psephos.errors import DataFormatError, InvalidSharesError, UnknownPartyError
from psephos.model import PARTY_CODES
from psephos.projection import (
    POLICIES,
    ShareWarning,
    build_target,
    parse_poll,
    poll_label,
    prepare,
    project,
    read_area_shares_csv,
    read_poll,
    share_vector,
)


def test_parse_poll_with_aliases() -> None:
    assert parse_poll("Con 42 Lab 40 LD 8 Grn 2 SNP 3") == {
        "Con": 42.0,
        "Lab": 40.0,
        "LD": 8.0,
        "Green": 2.0,
        "SNP": 3.0,
    }
    assert parse_poll("Lib Dem 12.5%, Reform UK 15; Tories: 20") == {
        "LD": 12.5,
        "Reform": 15.0,
        "Con": 20.0,
    }


def test_read_pairs_is_the_one_pair_reader() -> None:
    """Name/number pairs as written, and where reading stopped; a poll and govern --seats both
    read through it."""
    from psephos.projection.inputs import read_pairs

    assert read_pairs("Lab 411, Con 121") == ([("Lab", "411"), ("Con", "121")], "")
    assert read_pairs("Lab=411,Con=121") == ([("Lab", "411"), ("Con", "121")], "")
    assert read_pairs("A: 4%; Lib Dem 3") == ([("A", "4"), ("Lib Dem", "3")], "")
    assert read_pairs("Con 4 =x") == ([("Con", "4")], "=x")
    # A name may hold digits; the number is the last after it, a word of its own.
    assert read_pairs("P0 280, Group 1 12") == ([("P0", "280"), ("Group 1", "12")], "")
    assert read_pairs("Group 1 A 12") == ([("Group", "1"), ("A", "12")], "")
    # a name and its number typed as one word are a pair, unless a number follows the word
    assert read_pairs("Con42 Lab40") == ([("Con", "42"), ("Lab", "40")], "")
    assert read_pairs("LD12.5% Con 30") == ([("LD", "12.5"), ("Con", "30")], "")
    assert read_pairs("Party2 40 Lab250") == ([("Party2", "40"), ("Lab", "250")], "")
    assert parse_poll("Con42 Lab40") == {"Con": 42.0, "Lab": 40.0}
    with pytest.raises(InvalidSharesError, match="near 'Lab 35': Lab has more than one number"):
        parse_poll("Lab 35 40")


def test_read_pairs_reads_signed_changes_where_asked() -> None:
    """A swing's changes (``signed=True``) carry their signs, given back plain; a dash before
    a number is its sign, and a change in brackets is not skipped as a poll skips it."""
    from psephos.projection.inputs import pair_items, read_pairs

    assert read_pairs("Lab +3 Con -2.5", signed=True) == ([("Lab", "+3"), ("Con", "-2.5")], "")
    assert read_pairs("Lab - 3 Con \u22122 LD \u20131", signed=True) == (
        [("Lab", "-3"), ("Con", "-2"), ("LD", "-1")],
        "",
    )
    assert read_pairs("Lab+3Con-2", signed=True) == ([("Lab", "+3"), ("Con", "-2")], "")
    assert read_pairs("Lab: +3%; Con=.5 pts", signed=True) == ([("Lab", "+3"), ("Con", ".5")], "")
    assert read_pairs("Lab +3 (+1)", signed=True) == ([("Lab", "+3")], "(+1)")
    # number first, as a chart of changes prints it; a dash before a number is its sign
    assert read_pairs("+3 Lab -2 Con", signed=True) == ([("Lab", "+3"), ("Con", "-2")], "")
    assert read_pairs("+3% Lab \u22122% Con", signed=True) == ([("Lab", "+3"), ("Con", "-2")], "")
    assert read_pairs("+3 Lab -2", signed=True) == ([], "+3 Lab -2")
    # unsigned, as a poll reads: a dash between pairs is a mark, a change in brackets skipped
    assert read_pairs("Lab 34 - Con 24 (-2)") == ([("Lab", "34"), ("Con", "24")], "")
    assert read_pairs("Lab +3") == ([], "Lab +3")
    assert read_pairs("Lab \u22123") == ([], "Lab \u22123")
    # items between commas and semicolons, a decimal comma and a thousands separator kept
    assert pair_items("Lab +2,5, Con -1;LD 1,234") == ["Lab +2,5", " Con -1", "LD 1,234"]


@pytest.mark.parametrize(
    ("poll", "problem"),
    [
        ("Con -3 Lab 40", "Con -3 in poll 'Con -3 Lab 40': a share is a percentage from 0 to 100."),
        ("Con +3 Lab 40", "Cannot read poll 'Con +3 Lab 40' near 'Con +3 Lab 40'"),
        ("Con \u22123 Lab 40", "Cannot read poll 'Con \u22123 Lab 40' near 'Con \u22123 Lab 40'"),
        ("Con 42 -3 Lab 40", "near 'Con 42': Con has more than one number"),
    ],
)
def test_a_poll_takes_no_signs(poll: str, problem: str) -> None:
    """A poll's shares are read unsigned, though a swing's changes are signed: a share with
    a sign is refused."""
    with pytest.raises(InvalidSharesError, match=re.escape(problem)):
        parse_poll(poll)


@pytest.mark.parametrize(
    ("poll", "parties", "problem"),
    [
        ("Lab 35 Con", None, "near 'Con': Con has no number;"),
        ("Lab 35, Green:", None, "near 'Green:': Green has no number;"),
        ("LPC 40 CPC", ("LPC", "CPC", "NDP"), "near 'CPC': CPC has no number;"),
        ("Lab 35 xyz", None, "near 'xyz'; give pairs"),  # not a party: nothing said of it
    ],
)
def test_a_party_left_without_its_number_at_the_end_is_named(
    poll: str, parties: tuple[str, ...] | None, problem: str
) -> None:
    """The last party typed without its share is named, as one in the middle is ("Lab forty
    Con 30": Lab has no number)."""
    with pytest.raises(InvalidSharesError, match=re.escape(problem)):
        parse_poll(poll, parties=parties)


def test_a_poll_with_changes_in_brackets_reads_as_its_shares() -> None:
    """Newspapers print each share's change since the last poll in brackets."""
    plain = parse_poll("CON 24% LAB 35% LD 12% REF 15% GRN 7%")
    printed = "CON 24% (-2), LAB 35% (+1), LD 12% (=), REF 15% (+1.5) GRN 7% (\u22121)"
    assert parse_poll(printed) == plain
    assert parse_poll("Con 24 (nc) Lab 35 ( -2 )") == {"Con": 24.0, "Lab": 35.0}
    with pytest.raises(InvalidSharesError, match="Cannot read poll"):
        parse_poll("Con 24 (Lab 35)")  # brackets that are not a change still refuse


@pytest.mark.parametrize(
    "printed",
    [
        "Lab 34.0 / Con 24.0 / Reform 16.0",
        "Labour: 34 | Conservative: 24 | Reform: 16",
        "Lab 34 - Con 24 - Reform 16",
        "Lab 34 \u2013 Con 24 \u2014 Reform 16",
        "Lab 34%/Con 24%/Reform 16%",
        "Lab 34 \u00b7 Con 24 \u00b7 Reform 16",
        "Lab 34pc, Con 24pc, Reform 16pc",
        "Labour 34 per cent, Conservatives 24 per cent, Reform 16 percent",
        "Lab 34 pts Con 24 pts Reform 16 points",
    ],
)
def test_a_poll_as_captions_and_tables_print_it_reads_as_its_shares(printed: str) -> None:
    """Marks between pairs and units written out are read as a space and as %."""
    assert parse_poll(printed) == {"Lab": 34.0, "Con": 24.0, "Reform": 16.0}


@pytest.mark.parametrize(
    "printed",
    [
        "34% Lab, 24% Con, 16% Reform",
        "34 Labour 24 Conservative 16 Reform UK",
        "34% Lab | 24% Con \u2013 16% Reform",
        "34% Labour (+2), 24% Conservatives (-1), 16% Reform UK (nc)",
    ],
)
def test_a_poll_printed_number_first_reads_as_its_shares(printed: str) -> None:
    """A chart's labels print each share before its party."""
    assert parse_poll(printed) == {"Lab": 34.0, "Con": 24.0, "Reform": 16.0}


@pytest.mark.parametrize(
    ("typed", "near"),
    [("2024 poll: Lab 34 Con 24", "2024 poll: Lab 34 Co"), ("34% Lab 24%", "34% Lab 24%")],
)
def test_a_poll_starting_with_a_number_that_does_not_read_is_quoted_as_typed(
    typed: str, near: str
) -> None:
    """Where reading each number before its name does not read the whole poll, the refusal
    quotes the text as typed ("near '2024 poll: ...'"), not as turned round to be read (it
    said "near 'poll: Lab 2024 Con 3'")."""
    with pytest.raises(InvalidSharesError, match=f"near {re.escape(repr(near))}"):
        parse_poll(typed)


def test_a_decimal_comma_in_a_poll_is_a_point() -> None:
    """A European locale writes 34,5; a comma before a space or three digits is no decimal."""
    assert parse_poll("Lab 34,5% Con 24,5% LD 12,25") == {"Lab": 34.5, "Con": 24.5, "LD": 12.25}
    assert parse_poll("Lab 34,Con 24, LD 12") == {"Lab": 34.0, "Con": 24.0, "LD": 12.0}
    # Plaid Cymru after a number stays a party, and two parties given one share still refuse
    assert parse_poll("Lab 34 PC 2") == {"Lab": 34.0, "PC": 2.0}
    with pytest.raises(InvalidSharesError, match="'SNP/PC' gives SNP and PC one share"):
        parse_poll("Lab 30 / SNP/PC 4")
    # a comma before three digits separates thousands: one number, not two
    with pytest.raises(InvalidSharesError, match=r"^Con 1234 in poll 'Con 1,234': a share is"):
        parse_poll("Con 1,234")


@pytest.mark.parametrize(
    ("poll", "shares"),
    [
        ("Lab .5", {"Lab": 0.5}),
        ("Lab .35 Con 24", {"Lab": 0.35, "Con": 24.0}),
        ("Lab 35 Con 24 Green .5", {"Lab": 35.0, "Con": 24.0, "Green": 0.5}),
        ("Lab: .5%; Con=24", {"Lab": 0.5, "Con": 24.0}),
        (".5% Green, 34% Lab", {"Green": 0.5, "Lab": 34.0}),
        ("Lab 3.5e1 Con 24", {"Lab": 35.0, "Con": 24.0}),
    ],
)
def test_a_number_starting_with_its_point_is_read_whole(
    poll: str, shares: dict[str, float]
) -> None:
    """ ".5" is a half, as every file reader and a swing read it: its point was taken as the end
    of the party's name ("Lab ."), and ".5" read as 5, ten times the share typed."""
    assert parse_poll(poll) == shares


def test_a_point_glued_to_a_name_is_no_part_of_it() -> None:
    """ "Lab.5" is not "Lab." with 5: refused, where "Lab. 5" (a name ending in a point) reads."""
    with pytest.raises(InvalidSharesError, match=r"^Cannot read poll 'Lab\.5 Con 24' near "):
        parse_poll("Lab.5 Con 24")
    from psephos.projection.inputs import read_pairs

    assert read_pairs("Lib. Dem. 12 Con 3") == ([("Lib. Dem.", "12"), ("Con", "3")], "")


@pytest.mark.parametrize(
    ("poll", "number"),
    [("Lab 1e308 Con 20", "1e+308"), ("Lab 1,000 Con 24", "1000"), ("Lab -.5", "-0.5")],
)
def test_one_number_written_another_way_is_refused_as_the_share_it_is(
    poll: str, number: str
) -> None:
    """Exponents and thousands separators make one number, refused as a share out of range,
    not as "Lab has more than one number"."""
    with pytest.raises(InvalidSharesError) as refused:
        parse_poll(poll)
    assert "more than one number" not in str(refused.value)
    assert str(refused.value).endswith(": a share is a percentage from 0 to 100.")
    assert float(str(refused.value).split()[1]) == float(number)


def test_parse_poll_unknown_party() -> None:
    """A party psephos does not know is refused saying to give it as Other or leave it out."""
    with pytest.raises(UnknownPartyError, match=r"'Wigs'.*Give a party .* as Other \('Other 2'\)"):
        parse_poll("Con 40 Wigs 10")
    election = psephos.load("canada-2021")
    with pytest.raises(UnknownPartyError, match=r"known parties: LPC.*as Other \('Other 2'\)"):
        read_poll("LPC 33 Rhino 1", parties=election.parties, election_id=election.id)


@pytest.mark.parametrize("answer", ["Don't know", "Don’t know", "DK", "Undecided", "Won't vote"])
def test_a_poll_s_don_t_knows_are_refused_saying_to_give_the_headline_shares(
    answer: str,
) -> None:
    """A poll's raw figures have don't knows beside the parties; its headline shares do not."""
    with pytest.raises(UnknownPartyError, match="is no party: give the poll's shares of those"):
        parse_poll(f"Lab 28 Con 20 Reform 14 {answer} 20")


@pytest.mark.parametrize("text", ["", "Con", "Con 40 Lab", "40 Con 30", "Con 40 Con 30", "40 30"])
def test_parse_poll_rejects_malformed_text(text: str) -> None:
    with pytest.raises(InvalidSharesError):
        parse_poll(text)


def test_share_policy_error() -> None:
    with pytest.raises(InvalidSharesError, match=r"95\.0%"):
        share_vector({"Con": 50, "Lab": 45}, PARTY_CODES, policy="error")
    with pytest.warns(ShareWarning, match=r"sum to 100\.2%; rescaled to 100%"):
        exact = share_vector({"Con": 50, "Lab": 50.2}, PARTY_CODES, policy="error")
    assert exact.sum() == pytest.approx(1.0)


def test_share_policy_fill_warns_and_shares_out_the_rest() -> None:
    base = np.zeros(len(PARTY_CODES))
    base[PARTY_CODES.index("Green")] = 0.03
    base[PARTY_CODES.index("Other")] = 0.01
    with pytest.warns(ShareWarning, match="remaining 4.0%"):
        vector = share_vector({"Con": 50, "Lab": 46}, PARTY_CODES, base)
    assert vector[PARTY_CODES.index("Green")] == pytest.approx(0.03)
    assert vector.sum() == pytest.approx(1.0)
    with pytest.warns(ShareWarning, match=r"remaining 0\.04%"):  # not "0.0%"
        share_vector({"Con": 50, "Lab": 49.96}, PARTY_CODES, base, tolerance=0.01)


def test_share_policy_rescale_and_excess() -> None:
    """Above 100% is an error under 'fill' and 'error', while 'rescale' scales it down to 100%
    as it scales a shortfall up, with a note; within the rounding slack every policy rescales,
    with a note where the sum shows above 100.0% (every share given changes)."""
    for policy in ("fill", "error"):
        with pytest.raises(InvalidSharesError, match=r"sum to 120.0%, above 100%"):
            share_vector({"Con": 60, "Lab": 60}, PARTY_CODES, policy=policy)  # type: ignore[arg-type]
        with pytest.raises(InvalidSharesError, match=r"sum to 120.0%, above 100%"):
            read_poll("Con 60 Lab 60", policy=policy)  # type: ignore[arg-type]
    with pytest.warns(ShareWarning, match=r"sum to 120\.0%; rescaled to 100%"):
        vector = share_vector({"Con": 60, "Lab": 60}, PARTY_CODES, policy="rescale")
    assert vector[0] == pytest.approx(0.5) and vector.sum() == pytest.approx(1.0)
    assert read_poll("Con 60 Lab 60", policy="rescale") == {"Con": 60.0, "Lab": 60.0}
    for policy in POLICIES:
        with pytest.warns(ShareWarning, match=r"sum to 101\.0%; rescaled to 100%"):
            vector = share_vector({"Con": 50.5, "Lab": 50.5}, PARTY_CODES, policy=policy)  # type: ignore[arg-type]
        assert vector[0] == pytest.approx(0.5)
    with warnings.catch_warnings():  # a hair over, as floats add: 100.0% as shown, no note
        warnings.simplefilter("error")
        share_vector({"Con": 50.02, "Lab": 50.02}, PARTY_CODES)
    with pytest.warns(ShareWarning, match="rescaled"):
        vector = share_vector({"Con": 45, "Lab": 45}, PARTY_CODES, policy="rescale")
    assert vector[0] == pytest.approx(0.5)


def test_project_rescale_takes_a_poll_above_100() -> None:
    """``project(policy="rescale")`` projects a poll summing to 103% as scaled to 100%, with
    the note; the default policy refuses it."""
    base = psephos.load("2024")
    poll = "Lab 40 Con 22 Reform 18 LD 13 Green 7 SNP 2 PC 0.5 Ind 0.5"
    with pytest.raises(InvalidSharesError, match=r"sum to 103\.0%, above 100%"):
        project(base, poll)
    with pytest.warns(ShareWarning, match=r"sum to 103\.0%; rescaled to 100%"):
        projected = project(base, poll, policy="rescale")
    shares = projected.summary()["target_shares"]["Great Britain"]
    assert shares["Lab"] == pytest.approx(100 * 40 / 103, abs=0.01)


def test_a_polls_others_are_every_party_it_does_not_name() -> None:
    """A poll's "Others 10" (as newspapers print it) goes to Other and the parties not named,
    by their base shares: Independents keep theirs, under every policy."""
    parties = ("Lab", "Con", "Ind", "Other")
    base = [0.5, 0.3, 0.12, 0.08]
    for policy in POLICIES:
        vector = share_vector({"Lab": 60, "Con": 30, "Others": 10}, parties, base, policy=policy)  # type: ignore[arg-type]
        assert vector == pytest.approx([0.6, 0.3, 0.06, 0.04])
    # Every party named: Other is Other.
    named = share_vector({"Lab": 60, "Con": 30, "Ind": 4, "Other": 6}, parties, base)
    assert named == pytest.approx([0.6, 0.3, 0.04, 0.06])


def _without_and_with(election_id: str, poll: str, others: str) -> tuple[Any, Any]:
    """The summaries of ``poll`` projected from ``election_id`` without and with ``others``
    added to it (the share notes left out)."""
    election = psephos.load(election_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        return project(election, poll).summary(), project(election, f"{poll} {others}").summary()


@pytest.mark.parametrize(
    "poll",
    [
        "Lab 35 Con 24 Reform 15 LD 12 Green 7 SNP 3 PC 1",
        # short of 100 with Others: the rest goes where Others went, Other included, so
        # the SNP is not handed the shortfall alone
        "Lab 35 Con 24 Reform 15 LD 12 Green 7",
    ],
)
def test_a_real_poll_with_others_is_the_poll_without_them(poll: str) -> None:
    """A full GB poll ending "Others 3" projects as the same poll without them (whose 3%
    the parties not named share): Independents are not wiped out."""
    without, with_others = _without_and_with("2024", poll, "Others 3")
    assert with_others == without
    assert with_others["target_shares"]["Great Britain"]["Ind"] > 1


def test_a_canadian_poll_as_newspapers_print_it() -> None:
    """Party names as Canadian papers print them ("Liberals", "New Democrats", "Bloc
    Québécois") read as the codes do."""
    election = psephos.load("canada-2021")
    codes = project(election, "LPC 33 CPC 34 NDP 18 BQ 8 GPC 2 PPC 5").summary()
    printed = (
        "Liberals 33, Conservatives 34, New Democrats 18, Bloc Québécois 8, Greens 2, "
        "People's Party 5"
    )
    assert project(election, printed).summary() == codes
    for spelled in ("Peoples", "People’s"):  # curly apostrophes as papers print them
        assert project(election, printed.replace("People's", spelled)).summary() == codes


@pytest.mark.parametrize(
    "french",
    [
        "Parti libéral 33, Parti conservateur 34, NPD 18, Bloc québécois 8, Parti vert 2, "
        "Parti populaire 5",
        "PLC 33 PCC 34 NPD 18 BQ 8 PVC 2 PPC 5",
        "Libéraux 33 Conservateurs 34 Néo-démocrates 18 Bloc 8 Verts 2 Parti populaire 5",
        "Parti liberal du Canada 33 Parti conservateur du Canada 34 Nouveau Parti democratique 18 "
        "Bloc Quebecois 8 Parti vert du Canada 2 Parti populaire du Canada 5",
    ],
)
def test_a_canadian_poll_in_french_reads_as_the_codes_do(french: str) -> None:
    """Quebec's papers print the parties' French names and initials, with or without accents."""
    expected = {"LPC": 33.0, "CPC": 34.0, "NDP": 18.0, "BQ": 8.0, "GPC": 2.0, "PPC": 5.0}
    election = psephos.load("canada-2021")
    assert read_poll(french, parties=election.parties, election_id=election.id) == expected


@pytest.mark.parametrize(
    ("election_id", "other", "party"),
    [("canada-2021", "2024", "Lab"), ("2024", "canada-2021", "NDP")],
)
def test_another_country_s_party_is_refused_naming_an_election_of_its_country(
    election_id: str, other: str, party: str
) -> None:
    """A poll of one country's parties read against another country's election says which
    country the party is of and names an election of it to project from (a file of polls is
    the person's own: nothing switches it)."""
    election, theirs = psephos.load(election_id), psephos.load(other)
    assert party in theirs.parties and party not in election.parties
    country = psephos.jurisdictions.of(theirs)
    with pytest.raises(InvalidSharesError) as refused:
        share_vector({party: 40, election.parties[0]: 60}, tuple(election.parties))
    message = str(refused.value)
    assert f"{party} is a {country.as_adjective} party" in message
    assert f"({country.latest_id}, say)" in message
    with pytest.raises(UnknownPartyError) as unknown:  # no country's party: no such hint
        share_vector({"Zzz": 40}, tuple(election.parties))
    assert "project from" not in str(unknown.value)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Labour", "'Labour' (Lab, a UK party)"),
        ("labour party", "'labour party' (Labour, Lab, a UK party)"),
        ("Others", "'Others' (Other)"),
    ],
)
def test_a_known_party_outside_a_file_s_own_parties_is_quoted_as_typed(
    typed: str, read: str
) -> None:
    """A made-up country's poll naming "Labour" is refused quoting "Labour" and saying it
    read the UK's Labour (it said "Party 'Lab'", a name the user never typed); a party
    every country has (Other) is of no one country."""
    parties = ("Unity", "Progress", "Farmers")
    with pytest.raises(InvalidSharesError) as refused:
        read_poll(f"Unity 30 Progress 35 {typed} 10", parties=parties)
    assert str(refused.value).startswith(
        f"Party {read} is not in this election; parties: Unity, Progress, Farmers."
    )


def test_another_country_s_party_in_a_file_of_its_own_country_is_no_uk_election() -> None:
    """A made-up country's file (whose parties are no country's) is not called a UK
    election when a poll names Canada's LPC."""
    with pytest.raises(InvalidSharesError) as refused:
        read_poll("Unity 30 LPC 10", parties=("Unity", "Progress"))
    assert "or give this election's own parties (Unity, Progress)." in str(refused.value)


def test_read_poll_refuses_a_poll_above_100() -> None:
    with pytest.raises(InvalidSharesError, match=r"Great Britain shares sum to 160.0%"):
        read_poll("Lab 80 Con 80")
    with pytest.raises(InvalidSharesError, match=">= 0"):
        read_poll({"Lab": -1})
    assert read_poll({"Labour": 40, "Con": 30}) == {"Lab": 40.0, "Con": 30.0}


def test_shares_read_as_fractions_are_said_to_be() -> None:
    """Shares summing to at most 1.5 are fractions (one rule, percent_factor): "Reform 1" is
    Reform on 100%, which a note says, with the shares as read and how to write 1%; a set
    above 100% so read is refused saying so, not as if the user had typed 150%. A whole poll
    of fractions (two parties or more summing to 1) is read without a note."""
    base = psephos.load("2019-notional-2024")
    with pytest.warns(ShareWarning) as caught:
        projection = project(base, "Reform 1")
    assert projection.summary()["target_shares"] == {"Great Britain": {"Reform": 100.0}}
    assert str(caught[0].message) == (
        "The Great Britain shares sum to 1, so they are read as fractions (shares summing to "
        "at most 1.5 are): Reform 100%; to mean percentages this small, write them as "
        "fractions (1% as 0.01)."
    )
    fractions = pytest.warns(ShareWarning, match=r"read as fractions .*: Con 30%, Lab 40%; ")
    with fractions, pytest.warns(ShareWarning, match="sum to 70.0%; rescaled to 100%"):
        share_vector({"Lab": 0.4, "Con": 0.3}, PARTY_CODES, policy="rescale")
    for poll in ("Green 1 SNP 0.5", {"Reform": 1.2, "Green": 0.3}):
        with pytest.raises(InvalidSharesError) as refused:
            read_poll(poll)
        assert str(refused.value) == (
            "The Great Britain shares sum to 1.5, so they are read as fractions (shares "
            "summing to at most 1.5 are): 150.0%, above 100%; to mean percentages this small, "
            "write them as fractions (1% as 0.01)."
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_poll("Reform 0.01 Lab 0.005") == {"Reform": 0.01, "Lab": 0.005}


def test_fractions_and_negative_shares() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vector = share_vector({"Con": 0.4, "Lab": 0.6}, PARTY_CODES)
    assert vector[1] == pytest.approx(0.6)
    with pytest.raises(InvalidSharesError, match=">= 0"):
        share_vector({"Con": -1, "Lab": 101}, PARTY_CODES)
    with pytest.raises(InvalidSharesError, match="policy"):
        share_vector({"Con": 100}, PARTY_CODES, policy="nonsense")  # type: ignore[arg-type]


def test_area_csv_long_and_wide(tmp_path: Path) -> None:
    long = tmp_path / "long.csv"
    long.write_text("region,party,share\nScotland,SNP,30\nScotland,Lab,35\nWales,Lab,40\n")
    wide = tmp_path / "wide.csv"
    wide.write_text("area,SNP,Lab\nScotland,30,35\nWales,,40\n")
    expected = {"Scotland": {"SNP": 30.0, "Lab": 35.0}, "Wales": {"Lab": 40.0}}
    assert read_area_shares_csv(long) == expected
    assert read_area_shares_csv(wide) == expected
    bad = tmp_path / "bad.csv"
    bad.write_text("place,Lab\nX,1\n")
    with pytest.raises(DataFormatError, match="area"):
        read_area_shares_csv(bad)
    with pytest.raises(DataFormatError):
        read_area_shares_csv(tmp_path / "missing.csv")


def test_regions_follow_their_own_shares_or_the_national_change() -> None:
    base = psephos.load("2017")
    prepared = prepare(base, "region")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        target = build_target(
            prepared,
            national={"Con": 40, "Lab": 40, "LD": 10},
            areas={"Scotland": {"SNP": 40, "Con": 25, "Lab": 25, "LD": 10}},
        )
    scotland = prepared.areas.index("Scotland")
    assert target[scotland, base.party_index("SNP")] == pytest.approx(0.40)
    np.testing.assert_allclose(target[:-1].sum(axis=1), 1.0)
    assert np.all(target[-1] == 1.0)
    with pytest.raises(InvalidSharesError, match="Unknown area"):
        build_target(prepared, areas={"Atlantis": {"Con": 100}})
    with pytest.raises(InvalidSharesError, match="No shares"):
        build_target(prepared, areas={"Scotland": {"SNP": 100}})
    with pytest.raises(InvalidSharesError, match="national swing model"):
        build_target(prepare(base, "national"), areas={"Scotland": {"SNP": 100}})


def test_projection_outputs(tmp_path: Path) -> None:
    base = psephos.load("2019-notional-2024")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        result = project(base, "Lab 40 Con 30 LD 12 Reform 8 Green 5 SNP 3", model="uniform")
    assert sum(result.seats().values()) == base.n_seats
    changes = {row["party"]: row for row in result.changes()}
    assert changes["Lab"]["change"] == changes["Lab"]["gains"] - changes["Lab"]["losses"]
    assert sum(row["change"] for row in changes.values()) == 0
    rows = result.seat_rows(changed_only=True)
    assert rows and all(row["winner"] != row["base_winner"] for row in rows)
    assert isinstance(result.election, psephos.Election)
    assert result.election.meta["base"] == base.id


@settings(max_examples=100)
@given(
    st.dictionaries(
        st.sampled_from(["Con", "Lab", "LD", "Green", "SNP", "PC", "Reform", "Ind", "Other"]),
        st.integers(0, 60),
        min_size=1,
    ),
    st.sampled_from([" ", ", ", "; "]),
)
def test_parse_poll_round_trip(shares: dict[str, int], separator: str) -> None:
    text = separator.join(f"{party} {value}" for party, value in shares.items())
    assert parse_poll(text) == {party: float(value) for party, value in shares.items()}


def test_a_national_poll_is_named_after_the_area_it_covers() -> None:
    """A Canadian poll's message speaks of Canada, a UK poll's of Great Britain."""
    from psephos.projection import project

    with pytest.raises(InvalidSharesError, match=r"The Canada shares sum to 110\.0%"):
        project(psephos.load("canada-2019"), "LPC 60 CPC 50")
    with pytest.raises(InvalidSharesError, match=r"The Great Britain shares sum to 110\.0%"):
        project(psephos.load("2024"), "Lab 60 Con 50")


def test_area_names_are_read_one_way_for_every_country() -> None:
    """Sub-poll areas are read as seat names are (accents, case): "Québec" is Quebec; the
    national area is the country's own ("Canada"; "Great Britain" is no Canadian area), and
    Northern Ireland is offered only where the election has it."""
    from psephos.jurisdictions import CANADA, UK
    from psephos.projection.base import prepare
    from psephos.projection.inputs import area_label

    canada = prepare(psephos.load("canada-2021"), "region")
    assert area_label(canada, "Québec") == area_label(canada, "quebec") == "Quebec"
    assert area_label(canada, "Canada") == area_label(canada, "national") == CANADA.poll_area
    with pytest.raises(InvalidSharesError, match="Unknown area 'Great Britain'"):
        area_label(canada, "Great Britain")
    with pytest.raises(InvalidSharesError) as refused:
        area_label(canada, "Northern Ireland")
    assert "Northern Ireland" not in str(refused.value).split("areas:")[1]
    uk = prepare(psephos.load("2024"), "region")
    assert area_label(uk, "scotland") == "Scotland" and area_label(uk, "NI") == "Northern Ireland"
    assert area_label(uk, "great britain") == area_label(uk, "GB") == UK.poll_area


def test_a_province_reads_by_its_abbreviation_and_its_french_name() -> None:
    """Area rows as Canadian polls write them: "BC", "QC", "PEI", "NL" and the French names
    were unknown areas; each reads as its province, and a projection is the same."""
    from psephos.projection.inputs import area_label

    base = prepare(psephos.load("canada-2021"), "region")
    written = {
        "BC": "British Columbia",
        "QC": "Quebec",
        "ON": "Ontario",
        "AB": "Alberta",
        "PEI": "Prince Edward Island",
        "NL": "Newfoundland and Labrador",
        "NWT": "Northwest Territories",
        "Colombie-Britannique": "British Columbia",
        "Île-du-Prince-Édouard": "Prince Edward Island",
        "Terre-Neuve-et-Labrador": "Newfoundland and Labrador",
    }
    assert {name: area_label(base, name) for name in written} == written
    poll = "LPC 33 CPC 34 NDP 18 BQ 7 GPC 3 PPC 5"
    bc = {"NDP": 35, "CPC": 33, "LPC": 25, "GPC": 2, "PPC": 5}
    by_alias = project(base.election, poll, areas={"BC": bc}, model="regional-uniform")
    by_name = project(base.election, poll, areas={"British Columbia": bc}, model="regional-uniform")
    np.testing.assert_array_equal(by_alias.shares, by_name.shares)
    with pytest.raises(InvalidSharesError, match="Unknown area 'Atlantic'"):
        area_label(base, "Atlantic")


@pytest.mark.parametrize("model", ["national", "uniform", "regional-uniform", "transition"])
def test_an_area_row_giving_a_share_to_a_party_standing_in_none_of_its_seats_is_refused(
    model: str,
) -> None:
    """Ontario's shares with a Bloc share were read, the Bloc dropped and the others scaled
    up (Ontario's Liberals above the 40 given), without a word: the Bloc stood in no Ontario
    riding. They are refused as the SNP's in an English region are; a zero share is kept."""
    base = psephos.load("canada-2021")
    poll = "LPC 33 CPC 34 NDP 18 BQ 7 GPC 3 PPC 5"
    with pytest.raises(
        InvalidSharesError,
        match=r"^BQ stands only in Quebec, so Ontario shares have no share for it: leave it "
        r"out of Ontario's shares\.$",
    ):
        project(base, poll, areas={"Ontario": {"BQ": 5, "LPC": 40}}, model=model)
    ontario = {"LPC": 40, "CPC": 35, "NDP": 17, "GPC": 3, "PPC": 5, "BQ": 0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        projection = project(base, poll, areas={"Ontario": ontario}, model=model)
    assert sum(projection.seats().values()) == base.n_seats


@pytest.mark.parametrize(("election_id", "region"), [("2017", "East"), ("2024", "East of England")])
def test_both_names_of_the_east_of_england_read_on_every_election(
    election_id: str, region: str
) -> None:
    from psephos.projection.inputs import area_label

    base = prepare(psephos.load(election_id), "region")
    for name in ("East", "east of england", "East of England"):
        assert area_label(base, name) == region
    east = {"Con": 50, "Lab": 25, "LD": 15, "Reform": 6, "Green": 4}
    poll = "Lab 35 Con 30 LD 10 Reform 15 Green 6 SNP 3 PC 1"
    for name in ("East", "East of England"):
        projection = project(base.election, poll, areas={name: east}, model="regional-uniform")
        assert projection.summary()["target_shares"][region]["Con"] == pytest.approx(50)


def test_others_is_not_shared_with_a_party_the_poll_gives_zero() -> None:
    from psephos.projection.inputs import share_vector

    parties = ("Con", "Lab", "Green", "Ind", "Other")
    base = np.array([0.4, 0.4, 0.1, 0.05, 0.05])
    named = share_vector({"Con": 45, "Lab": 45, "Green": 0, "Other": 10}, parties, base)
    # the Greens were given 0 and keep it; Others is shared by Ind and Other (not named)
    assert named.tolist() == pytest.approx([0.45, 0.45, 0.0, 0.05, 0.05])


def test_a_party_given_zero_keeps_zero_when_the_rest_is_filled() -> None:
    """A poll's "LD 0", summing below 100, names that party at 0: the shortfall goes to the
    parties not named, not to it."""
    parties = ("Con", "Lab", "LD", "Green", "Other")
    base = np.array([0.4, 0.3, 0.1, 0.1, 0.1])
    with pytest.warns(ShareWarning, match="remaining 20.0% goes to the parties not named"):
        vector = share_vector({"Con": 40, "Lab": 40, "LD": 0}, parties, base)
    assert vector.tolist() == pytest.approx([0.4, 0.4, 0.0, 0.1, 0.1])


def test_a_poll_with_others_and_a_shortfall_fills_the_parties_it_does_not_name() -> None:
    """A poll naming "Other" but not the SNP, summing below 100, gives the shortfall to the
    parties not named (the SNP among them), as the same poll without "Other" does; it is not
    rescaled over the named parties, which took the SNP's seats away."""
    without, with_others = _without_and_with(
        "2017", "Con 43.1 Lab 33.6 LD 12 Green 2.7 Reform 3", "Other 0.2"
    )
    gb = with_others["target_shares"]["Great Britain"]
    assert gb["Con"] == pytest.approx(43.1)  # filled, not rescaled
    assert gb["SNP"] == pytest.approx(without["target_shares"]["Great Britain"]["SNP"], rel=0.1)
    assert with_others["seats"]["SNP"] >= without["seats"]["SNP"] > 0  # Other 0.2 is theirs too


def _with_notes(call: Any) -> tuple[Any, list[str]]:
    """What a call returns, and the :class:`ShareWarning` texts it gives, in order."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ShareWarning)
        result = call()
    return result, [str(w.message) for w in caught if issubclass(w.category, ShareWarning)]


def _notes(call: Any) -> list[str]:
    """The :class:`ShareWarning` texts a call gives, in order."""
    return _with_notes(call)[1]


def test_sub_polls_a_model_does_not_use_are_named_in_a_note() -> None:
    """Scottish, Welsh and London shares given to a model that swings Great Britain as one
    (or each nation as one) are not used: a note names them and the models that use them;
    a model that uses them all says nothing of the kind."""
    from psephos.projection import DEFAULT_MODEL, MODELS, get_model

    base = psephos.load("2024")
    areas = {
        name: {
            party: 100 * share for party, share in base.vote_shares(base.regions == name).items()
        }
        for name in ("Scotland", "Wales", "London")
    }
    poll = "Lab 35 Con 24 Reform 15 LD 12 Green 7 SNP 3 PC 1"
    for name in MODELS:
        model = get_model(name)
        notes = [
            note
            for note in _notes(lambda name=name: project(base, poll, areas=areas, model=name))
            if "does not use" in note
        ]
        takes_sub_polls = hasattr(model, "with_area_shares")
        if model.level == "region" or takes_sub_polls:
            assert notes == [], name
            continue
        assert len(notes) == 1, (name, notes)
        left_out = ["Scotland", "Wales", "London"] if model.level == "national" else ["London"]
        assert f"the {', '.join(left_out)} shares" in notes[0], notes[0]
        assert notes[0].startswith(f"The {name} model does not use")
        users = notes[0].split("models that use them: ")[1].rstrip(".").split(", ")
        assert users[0] == DEFAULT_MODEL and "regional-uniform" in users and name not in users
        for user in users:  # each model named uses them: no such note from it
            given = _notes(lambda user=user: project(base, poll, areas=areas, model=user))
            assert not any("does not use" in note for note in given), user


def test_a_sub_poll_every_area_of_which_has_its_own_shares_is_named() -> None:
    """England's shares beside a share for every English region: a region model uses the
    regions', and says England's were not used."""
    base = psephos.load("2024")
    english = sorted({str(r) for r in base.regions[base.nations == "England"]})
    areas = {
        name: {party: 100 * share for party, share in base.vote_shares(mask).items()}
        for name, mask in [("England", base.nations == "England")]
        + [(region, base.regions == region) for region in english]
    }
    poll = "Lab 35 Con 24 Reform 15 LD 12 Green 7 SNP 3 PC 1"
    notes = _notes(lambda: project(base, poll, areas=areas, model="regional-uniform"))
    assert "The England shares were not used: every area within it has shares of its own." in notes
    fewer = {name: shares for name, shares in areas.items() if name != "London"}
    assert not any(
        "not used" in note
        for note in _notes(lambda: project(base, poll, areas=fewer, model="regional-uniform"))
    )


def test_the_national_shares_are_given_once_and_named_when_every_area_has_its_own() -> None:
    """A poll beside the area shares' row for the whole country is refused (the row was used
    without a word); shares for every area leave the national shares unused, and a note names
    them, where they came from and that the area shares were used, the national model's
    sub-polls for every region included."""
    base = psephos.load("2024")
    poll = "Lab 35 Con 24 Reform 15 LD 12 Green 7 SNP 3 PC 1"
    nations = {
        name: {p: 100 * share for p, share in base.vote_shares(base.nations == name).items()}
        for name in ("England", "Scotland", "Wales")
    }
    for row in ("Great Britain", "GB", "national"):
        with pytest.raises(InvalidSharesError, match="Great Britain shares are given twice"):
            project(base, poll, areas={row: {"Lab": 40}, **nations})
    for model in ("nation-uniform", "regional-uniform"):
        assert not any(
            "were not used" in n for n in _notes(lambda m=model: project(base, poll, model=m))
        )
    notes = _notes(lambda: project(base, poll, areas=nations, model="nation-uniform"))
    assert (
        "The Great Britain shares (the poll) were not used: every area of the nation-uniform "
        "model has shares of its own in the area shares, and the projection follows them."
    ) in notes
    row_only = {"Great Britain": {"Lab": 35, "Con": 24}, **nations}
    notes = _notes(lambda: project(base, areas=row_only, model="nation-uniform"))
    assert any(
        n.startswith("The Great Britain shares (the area shares' Great Britain row)") for n in notes
    )
    regions = {
        str(name): {p: 100 * share for p, share in base.vote_shares(base.regions == name).items()}
        for name in sorted({str(r) for r in base.regions[base.nations != "Northern Ireland"]})
    }
    every = _notes(lambda: project(base, poll, areas=regions, model="national"))
    assert any(n.startswith("The Great Britain shares (the poll) were not used") for n in every)
    del regions["London"]
    fewer = _notes(lambda: project(base, poll, areas=regions, model="national"))
    assert not any("were not used" in n for n in fewer)
    canada = psephos.load("canada-2021")
    with pytest.raises(InvalidSharesError, match="Canada shares are given twice"):
        project(canada, "LPC 33 CPC 34", areas={"Canada": {"LPC": 30}})


def test_a_canadian_provinces_shares_on_a_national_model_are_named() -> None:
    """Provinces left out by a model that swings Canada as one; the Canada poll is named after
    Canada when a nation-level model derives from it."""
    base = psephos.load("canada-2021")
    areas = {"Quebec": {"BQ": 35, "LPC": 30, "CPC": 20, "NDP": 10}}
    notes = _notes(
        lambda: project(
            base, "LPC 33 CPC 34 NDP 17 BQ 8 PPC 5", areas=areas, model="nation-uniform"
        )
    )
    assert notes[0].startswith("The Canada shares sum to 97.0%")
    assert notes[1].startswith(
        "The nation-uniform model does not use the Quebec shares (it swings Canada as one area)"
    )
    with pytest.raises(InvalidSharesError, match="needs Canada shares"):
        project(base, areas=areas, model="uniform")


@pytest.mark.parametrize(("election_id", "typo"), [("canada-2021", "Liberl"), ("2024", "Labur")])
def test_an_unknown_party_in_a_poll_is_told_the_elections_parties(
    election_id: str, typo: str
) -> None:
    """A poll read against an election names that election's parties when a name is unknown,
    suggests only its parties, and shows pairs of them (a Canadian poll is told Canada's)."""
    from psephos.model import get_party
    from psephos.projection.inputs import UNKNOWN_IN_POLL, poll_example

    base = psephos.load(election_id)
    takes = [party for party in base.parties if party not in (*NORTHERN_IRELAND, "Speaker")]
    known = f"known parties: {', '.join(takes)}."
    for poll in ("Wigs 10", f"{base.parties[0]} 30, Wigs 10"):
        with pytest.raises(UnknownPartyError) as unknown:
            project(base, poll)
        assert str(unknown.value) == f"Unknown party 'Wigs'; {known} {UNKNOWN_IN_POLL}"
    with pytest.raises(UnknownPartyError) as close:
        read_poll(f"{typo} 30", parties=base.parties)
    assert str(close.value).startswith(f"Unknown party {typo!r}; {known} Did you mean")
    suggested = re.findall(r"'([^']+)'", str(close.value).split("Did you mean")[1])
    names = {*base.parties, *(get_party(code).name for code in base.parties)}
    assert suggested and set(suggested) <= names
    with pytest.raises(InvalidSharesError) as unread:
        read_poll(f"{base.parties[0]} thirty", parties=base.parties)
    assert str(unread.value).endswith(f"give pairs such as {poll_example(base.parties)}.")
    assert set(parse_poll(poll_example(base.parties).strip("'"))) <= set(base.parties)


#: Northern Ireland's parties, which a Great Britain poll has no share for.
NORTHERN_IRELAND = ("DUP", "SF", "SDLP", "UUP", "Alliance", "TUV")


@pytest.mark.parametrize("election_id", ["2024", "2017", "canada-2021", None])
def test_an_unknown_party_is_told_only_the_parties_the_poll_takes(
    election_id: str | None,
) -> None:
    """ "Unknown party 'Zog'; known parties: ..." offers a Great Britain poll none of Northern
    Ireland's parties or the Speaker, which it then refuses: each party it names, the poll
    takes a share of."""
    parties = psephos.load(election_id).parties if election_id else None
    label = poll_label(psephos.load(election_id)) if election_id else None
    with pytest.raises(UnknownPartyError) as unknown:
        read_poll("Zog 10", parties=parties, label=label)
    offered = str(unknown.value).split("known parties: ")[1].split(".")[0].split(", ")
    assert offered and not set(offered) & {*NORTHERN_IRELAND, "Speaker"}
    for party in offered:  # each one read, none refused
        assert read_poll(f"{party} 5", parties=parties, label=label) == {party: 5.0}
    with pytest.raises(UnknownPartyError) as typo:
        read_poll("Dupp 10", parties=parties, label=label)  # no 'Did you mean DUP'
    assert "DUP" not in str(typo.value)


def test_poll_names_as_papers_print_them_read_as_the_codes_do() -> None:
    """Poll names "Scottish Nationalists", "All others", "Other parties" (Alliance's "All"
    is not read as a party with no number) name the vocabulary's parties."""
    codes = parse_poll("Lab 35 Con 24 SNP 3 PC 1 Other 5")
    for printed in (
        "Lab 35 Con 24 Scottish Nationalists 3 Welsh Nationalists 1 All others 5",
        "Labour 35, Conservatives 24, Scottish Nationalist 3, Plaid 1, Other parties 5",
        "Lab 35 Con 24 SNP 3 PC 1 All other parties 5",
        "Lab/Co-op 35 Cons 24 SNP 3 PC 1 Others 5",
    ):
        assert parse_poll(printed) == codes, printed
    assert parse_poll("Ref UK 16 SGP 1") == {"Reform": 16.0, "Green": 1.0}


@pytest.mark.parametrize(
    ("election_id", "poll", "named"),
    [
        ("2024", "Lab 35 Con 24 SNP/PC 4", "'SNP/PC' gives SNP and PC one share"),
        ("2024", "Lab 35, Con 24, SNP / Plaid Cymru 4", "gives SNP and PC one share"),
        ("2024", "Lab 35 Greens/Others 9", "gives Green and Other one share"),
        ("canada-2021", "LPC 33 CPC 34 NDP/Greens 20", "gives NDP and GPC one share"),
    ],
)
def test_two_parties_given_one_share_are_refused_by_name(
    election_id: str, poll: str, named: str
) -> None:
    """A combined share ("SNP/PC 4") is refused with the parties it joins and how to give
    them, from a poll string, a mapping (the web API's) and an area file's column alike; a
    party whose own label has a slash is that party."""
    base = psephos.load(election_id)
    with pytest.raises(InvalidSharesError, match=re.escape(named)) as refused:
        project(base, poll)
    assert "give each its own share (e.g. '" in str(refused.value)
    name, share = _pairs_of(poll)[-1]
    with pytest.raises(InvalidSharesError, match=re.escape(named.split("'")[-1])):
        read_poll({name: share}, parties=base.parties)
    with pytest.raises(InvalidSharesError, match=re.escape(named.split("'")[-1])):
        share_vector({name: share}, base.parties, base.shares().mean(axis=0))
    if election_id.startswith("canada"):
        assert parse_poll("Liberal/Libéral 33") == {"LPC": 33.0}


def _pairs_of(poll: str) -> list[tuple[str, str]]:
    from psephos.projection.inputs import read_pairs

    pairs, rest = read_pairs(poll)
    assert rest == ""
    return pairs


def test_a_sub_poll_alone_is_told_what_a_national_model_still_needs(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from psephos.cli import app

    path = tmp_path / "scotland.csv"
    path.write_text("area,SNP,Lab,Con,LD\nScotland,30,35,12,8\n", encoding="utf-8")
    for model in ("national", "uniform"):
        result = CliRunner().invoke(app, ["project", "--by-region", str(path), "-m", model])
        assert result.exit_code == 2, result.output
        assert (
            "error: A national swing model needs Great Britain shares, which the area shares "
            "(Scotland) do not give: add a poll (--poll) for the areas they leave out, or use a "
            "regional model (e.g. regional-uniform) with shares for every nation or region."
        ) in result.stderr


def test_area_shares_for_all_of_great_britain_make_its_shares() -> None:
    """Shares for every nation and region of Great Britain and no poll: the Great Britain
    shares are theirs, each area's weighted by its valid votes in the base election (the
    Speaker's seat, which no model moves, left out), a note says so, and the projection is
    the one made from the same areas with those shares given as the poll; without one area
    the poll is still asked for."""
    base = psephos.load("2019-notional-2024")
    later = psephos.load("2024")  # shares unlike the base's, on the same regions
    names = list(dict.fromkeys(str(r) for r in base.regions[base.nations != "Northern Ireland"]))
    assert len(names) == 11
    areas = {
        name: {p: 100 * share for p, share in later.vote_shares(later.regions == name).items()}
        for name in names
    }
    speaker = np.asarray(base.votes)[:, base.parties.index("Speaker")] > 0
    valid = np.asarray(base.valid_votes, dtype=np.float64)
    weights = {name: valid[(base.regions == name) & ~speaker].sum() for name in names}
    expected = sum(
        weights[name] * np.array([areas[name].get(p, 0.0) / 100 for p in base.parties])
        for name in names
    ) / sum(weights.values())
    poll = {p: 100 * float(share) for p, share in zip(base.parties, expected, strict=True)}
    for model in ("national", "uniform"):
        derived, notes = _with_notes(lambda m=model: project(base, areas=areas, model=m))
        np.testing.assert_allclose(derived.target[derived.areas.index("Great Britain")], expected)
        explicit, given = _with_notes(lambda m=model: project(base, poll, areas=areas, model=m))
        # the national model follows the areas, not the poll; the uniform one the poll alone
        said = {
            "national": "The Great Britain shares (the poll) were not used",
            "uniform": "The uniform model does not use the South East, West Midlands",
        }
        # the uniform model moves the SNP by its GB change in points: a note says so
        moved = [n for n in given if n.startswith("SNP stands in 57 of the 631 seats projected")]
        assert len(moved) == (model == "uniform"), given
        rest = [n for n in given if n not in moved]
        assert len(rest) == 1 and rest[0].startswith(said[model]), given
        np.testing.assert_allclose(derived.shares, explicit.shares, atol=1e-12)
        assert derived.seats() == explicit.seats()
        made = [n for n in notes if n.startswith("The Great Britain shares are made from")]
        assert len(made) == 1, notes
        assert f"area shares of {', '.join(names)} (every area within it)" in made[0]
        assert "weighted by its valid votes in 2019-notional-2024" in made[0]
        assert not any("were not used" in n for n in notes)
    del areas["London"]
    with pytest.raises(InvalidSharesError, match="A national swing model needs Great Britain"):
        project(base, areas=areas)


def test_area_shares_for_every_english_region_make_englands() -> None:
    """On a nation level, England without shares of its own or a poll takes those of its
    regions, as Great Britain takes its nations' and regions'."""
    base = psephos.load("2024")
    names = list(dict.fromkeys(str(r) for r in base.regions[base.nations != "Northern Ireland"]))
    areas = {
        name: {p: 100 * share for p, share in base.vote_shares(base.regions == name).items()}
        for name in names
    }
    made = r"^The England shares are made from the area shares of .* \(every area within it\)"
    with pytest.warns(ShareWarning, match=made):
        result = project(base, areas=areas, model="nation-uniform")
    england = base.vote_shares(base.nations == "England")
    row = result.target[result.areas.index("England")]
    for party, share in england.items():
        assert row[base.parties.index(party)] == pytest.approx(share, abs=1e-3)


@pytest.mark.parametrize(
    "poll",
    [
        "Lab 30 Con 20 Reform 22 UKIP 3 LD 12 Green 9",
        "Lab 30 Con 20 UKIP 3 Reform UK 22 LD 12 Green 9",
        {"Lab": 30, "Con": 20, "Reform": 22, "UKIP": 3, "LD": 12, "Green": 9},
    ],
    ids=["typed", "typed-ukip-first", "mapping"],
)
def test_ukip_beside_reform_is_another_party_left_to_the_parties_not_named(
    poll: str | dict[str, float],
) -> None:
    """As results files, candidate lists and poll tables read it (UKIP stood against Reform UK
    in 2024 and the Brexit Party in 2019): a typed poll is not refused as naming Reform twice,
    nor is UKIP's share added to Reform's."""
    parties = psephos.load("2024").parties
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        shares = read_poll(poll, parties=parties, election_id="2024")
    assert shares == {"Lab": 30.0, "Con": 20.0, "Reform": 22.0, "LD": 12.0, "Green": 9.0}
    said = [str(w.message) for w in caught if issubclass(w.category, ShareWarning)]
    assert len(said) == 1 and said[0].startswith("UKIP beside Reform")
    assert said[0].endswith(
        "UKIP still stood as a party of its own, so its share is left to the parties not named."
    )
    with pytest.raises(InvalidSharesError, match="Party 'Reform' appears twice"):
        read_poll("Lab 30 Reform 22 Brexit Party 3", parties=parties, election_id="2024")


@pytest.mark.parametrize(
    ("poll", "election_id", "note"),
    [
        (
            "Lab 35 Con 24 Brexit Party 15",
            "2024",
            "Brexit Party read as Reform UK (the same party).",
        ),
        ("Lab 35 Con 24 UKIP 15", "2019", "UKIP read as Brexit Party (the same party)."),
        ("Lab 35 Con 24 Reform UK 15", "2015", "Reform UK read as UKIP (the same party)."),
        ("Lab 35 Con 24 BXP 15", "2024", "BXP read as Reform UK (the same party)."),
        ("Lab 35 Con 24 ukip 15", "2024", "ukip read as Reform UK (the same party)."),
        ("Lab 35 Con 24 Brexit Party 15", "2019", None),  # the party's name that year
        ("Lab 35 Con 24 Reform 15", "2024", None),
        ("Lab 35 Con 24 RUK 15", "2024", None),
        ("Lab 35 Con 24 Brx 15", "2019", None),
    ],
)
def test_a_party_named_as_in_another_year_is_read_with_a_note(
    poll: str, election_id: str, note: str | None
) -> None:
    """The Reform UK lineage is one party: a poll naming it as another year did is read as
    the base's party and says so, in the one poll reader."""
    parties = psephos.load(election_id).parties
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        shares = read_poll(poll, parties=parties, election_id=election_id)
    assert shares == {"Lab": 35.0, "Con": 24.0, "Reform": 15.0}
    said = [str(w.message) for w in caught if issubclass(w.category, ShareWarning)]
    assert said == ([note] if note else [])


def test_a_projections_note_names_a_renamed_party_as_its_rows_do() -> None:
    """From 2019 the projection names the Reform lineage as the next election does (Reform
    UK), so its note does too: "UKIP read as Reform UK", not "read as Brexit Party" above a
    Reform UK row (and the party's 2019 name is noted, as it is not the row's); from 2015 the
    rows and the note say UKIP."""
    from typer.testing import CliRunner

    from psephos.cli import app

    for base, typed, label in (
        ("2019", "UKIP", "Reform UK"),
        ("2019", "Brexit Party", "Reform UK"),
        ("2015", "Brexit Party", "UKIP"),
    ):
        poll = f"Lab 38 Con 20 {typed} 17 LD 12"
        result = CliRunner().invoke(app, ["project", "--from", base, "--poll", poll, "-f", "json"])
        assert result.exit_code == 0, result.output
        assert f"note: {typed} read as {label} (the same party)." in result.stderr, base
        rows = json.loads(result.stdout)["rows"]
        assert [row["party_label"] for row in rows if row["party"] == "Reform"] == [label]


def test_project_notes_a_renamed_party_on_the_command_line() -> None:
    from typer.testing import CliRunner

    from psephos.cli import app

    poll = "Lab 35 Con 24 Brexit Party 15 LD 12 Green 7 Other 7"
    result = CliRunner().invoke(app, ["project", "--from", "2024", "--poll", poll])
    assert result.exit_code == 0, result.output
    assert "note: Brexit Party read as Reform UK (the same party)." in result.stderr


def test_every_nations_shares_make_great_britains_for_a_model_of_great_britain() -> None:
    """A model that swings Great Britain as one, given shares for England, Scotland and Wales
    and no poll, makes Great Britain's from all three (weighted by valid votes), as it does
    from every region's; England's alone (the nation of Great Britain's first seat) is not a
    larger unit to swing Great Britain by, leaving Scotland's and Wales's unused."""
    base = psephos.load("2024")
    areas = {
        "England": {"Lab": 31, "Con": 22, "Reform": 26, "LD": 13, "Green": 8},
        "Scotland": {"Lab": 30, "Con": 12, "Reform": 10, "LD": 8, "Green": 5, "SNP": 34},
        "Wales": {"Lab": 33, "Con": 15, "Reform": 24, "LD": 6, "Green": 5, "PC": 15},
    }
    notes = _notes(lambda: project(base, areas=areas, model="uniform"))
    made = [n for n in notes if n.startswith("The Great Britain shares are made from")]
    assert len(made) == 1, notes
    assert "area shares of England, Scotland, Wales (every area within it)" in made[0]
    assert not any("does not use" in n or "were not used" in n for n in notes), notes


def test_the_national_area_is_labelled_as_its_country_names_it() -> None:
    """The projection's national area is the main area by its country's name (Canada's is
    "Canada", not the UK's "Great Britain"), so every message and JSON key can use it."""
    from psephos.jurisdictions import CANADA, UK
    from psephos.projection.base import prepare

    canada = psephos.load("canada-2021")
    assert prepare(canada, "national").areas == (CANADA.poll_area,)
    uk = psephos.load("2024")
    assert prepare(uk, "national").areas == (UK.poll_area,)
    apart = prepare(uk, "national", include_ni=True)
    assert apart.areas == (UK.poll_area, *UK.nations_apart)
    assert apart.main_area_rows.tolist() == [True, False]
    region = prepare(uk, "region", include_ni=True)
    outside = [
        area for area, main in zip(region.areas, region.main_area_rows, strict=True) if not main
    ]
    assert outside == list(UK.nations_apart)
    assert prepare(canada, "region").main_area_rows.all()


def test_the_base_national_shares_are_the_main_areas() -> None:
    from psephos.projection import base_area_shares, base_national_shares

    canada = psephos.load("canada-2021")
    shares = base_national_shares(canada)
    assert shares == base_area_shares(canada)["Canada"]
    assert shares == pytest.approx(canada.vote_shares())
    uk = psephos.load("2019")
    assert base_national_shares(uk) == base_area_shares(uk)["Great Britain"]


def test_a_national_poll_refuses_a_party_standing_only_outside_its_area() -> None:
    from psephos.projection.inputs import election_poll

    with pytest.raises(
        InvalidSharesError,
        match=r"^DUP stands only in Northern Ireland, so a "
        r"Great Britain poll has no share for it: leave it out \(Northern "
        r"Ireland's seats keep",
    ):
        read_poll("Con 30 Lab 40 DUP 2")
    with pytest.raises(InvalidSharesError, match=r"^DUP and SF stand only in Northern Ireland"):
        election_poll(psephos.load("2024"), "Lab 40 DUP 2 SF 3")
    # Northern Ireland's own shares name them, and Canada has no party apart
    assert read_poll("DUP 30 SF 30", label="Northern Ireland shares") == {"DUP": 30, "SF": 30}
    assert election_poll(psephos.load("canada-2021"), "LPC 33 BQ 8") == {"LPC": 33, "BQ": 8}


def test_sub_polls_outside_the_main_area_are_read_as_any_area_name() -> None:
    from psephos.projection.inputs import areas_apart_given

    uk = psephos.load("2024")
    shares = {"DUP": 30.0}
    for name in ("NI", "ni", "Northern Ireland", "northern-ireland", " Northern Ireland "):
        assert areas_apart_given(uk, {name: shares})
    for name in ("GB", "Scotland", "London", "Narnia"):
        assert not areas_apart_given(uk, {name: shares})
    assert not areas_apart_given(uk, None)
    canada = psephos.load("canada-2021")
    assert not areas_apart_given(canada, {"Quebec": shares, "NI": shares})


#: Sub-polls of Great Britain, some covering it and some not, as a user may name the areas.
_SUB_POLLS: dict[str, list[str]] = {
    "scotland": ["Scotland"],
    "every-nation": ["England", "Scotland", "Wales"],
    "england-scotland": ["England", "Scotland"],
    "every-region": [
        "East Midlands",
        "East of England",
        "London",
        "North East",
        "North West",
        "South East",
        "South West",
        "West Midlands",
        "Yorkshire and The Humber",
        "scotland",
        "WALES",
    ],
    "regions-but-london": [
        "East Midlands",
        "East of England",
        "North East",
        "North West",
        "South East",
        "South West",
        "West Midlands",
        "Yorkshire and The Humber",
        "Scotland",
        "Wales",
    ],
    "gb-row": ["GB"],
    "ni-only": ["Northern Ireland"],
}


@pytest.mark.parametrize("model", ["uniform", "nation-uniform", "regional-uniform", "national"])
@pytest.mark.parametrize("names", list(_SUB_POLLS.values()), ids=list(_SUB_POLLS))
def test_area_shares_give_the_national_shares_where_they_project_without_a_poll(
    model: str, names: list[str]
) -> None:
    """:func:`areas_give_national` says yes exactly where the projection makes the national
    shares from the area shares alone (no poll) and no where it asks for a poll."""
    from psephos.projection import areas_give_national

    base = psephos.load("2024")
    areas = {
        # each area's own parties: the SNP stands in no English region, Labour not in
        # Northern Ireland (refused there: test_area_shares_refuse_a_party_standing_only_...)
        name: {"DUP": 30.0, "SF": 30.0, "Alliance": 15.0}
        if name == "Northern Ireland"
        else {"Lab": 30.0, "Con": 20.0, "Reform": 25.0}
        for name in names
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            project(base, None, model=model, areas=areas)
        except InvalidSharesError:
            alone = False
        else:
            alone = True
        if not alone:  # refused for want of a poll, not for a model's own reason
            try:
                project(base, "Lab 30 Con 20 Reform 25", model=model, areas=areas)
            except InvalidSharesError as error:  # the model's own rule, poll or not
                assert model == "national" and "takes sub-polls for regions" in str(error)
                return
    assert areas_give_national(base, areas) is alone


def test_area_shares_refuse_a_party_standing_only_in_another_nation() -> None:
    """A sub-poll of the North East giving the SNP 3% would be dropped there (the SNP
    stands in no English seat), the other parties scaled up: refused, as a GB poll naming
    the DUP is; a Welsh sub-poll naming Plaid and a London one giving the SNP 0 are read."""
    base = psephos.load("2019-notional-2024")
    with pytest.raises(
        InvalidSharesError,
        match=r"^SNP stands only in Scotland, so North East shares have no share for it",
    ):
        project(base, "Lab 35 Con 24", areas={"North East": {"Lab": 45, "Con": 20, "SNP": 3}})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        project(
            base,
            "Lab 35 Con 24",
            areas={"Wales": {"Lab": 40, "PC": 12}, "London": {"Lab": 45, "SNP": 0}},
        )


@pytest.mark.parametrize("model", ["nation-uniform", "regional-uniform"])
def test_areas_derived_from_a_gb_poll_give_no_share_to_a_party_not_standing_there(
    model: str,
) -> None:
    """A GB poll's change carried to England's (or a region's) shares gave the SNP and
    Plaid a share there, which no seat could take: the area's target was one its seats never
    reach. Such a party keeps none where it does not stand."""
    base = psephos.load("2024")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        targets = project(
            base, "Lab 30 Con 24 Reform 15 LD 12 Green 7 SNP 5 PC 2", model=model
        ).summary()["target_shares"]
    english = [area for area in targets if area in set(base.regions[base.nations == "England"])]
    for area in english or ["England"]:
        assert targets[area].get("SNP", 0) == 0 and targets[area].get("PC", 0) == 0
        assert sum(targets[area].values()) == pytest.approx(100, abs=0.05)
    assert targets["Scotland"]["SNP"] > 0


def test_a_national_projection_reports_the_sub_polls_it_applied() -> None:
    """The ``national`` model takes a Scottish sub-poll itself: its summary (the JSON block of
    every command) lists Scotland's shares beside Great Britain's, as the regional models'
    summaries do, so a user sees the shares the seats came from."""
    election = psephos.load("2019-notional-2024")
    scotland = {"SNP": 30, "Lab": 35, "Con": 12, "LD": 8, "Reform": 7, "Green": 4, "Other": 4}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        national = project(
            election, "Lab 35 Con 24 Reform 15 LD 12 Green 7", areas={"Scotland": scotland}
        )
        regional = project(
            election,
            "Lab 35 Con 24 Reform 15 LD 12 Green 7",
            areas={"Scotland": scotland},
            model="regional-uniform",
        )
    shares = national.summary()["target_shares"]
    assert list(shares) == ["Great Britain", "Scotland"]
    assert shares["Scotland"] == regional.summary()["target_shares"]["Scotland"]
    assert shares["Scotland"]["SNP"] == 30.0


def test_a_share_note_points_at_the_line_that_called_psephos() -> None:
    """A note made deep inside the poll reader (the fill of a short poll, a party named as
    another year named it) is attributed to the user's own ``project(...)`` line, not to a
    line of psephos, so a notebook shows where it came from."""
    base = psephos.load("2024")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ShareWarning)
        line = sys._getframe().f_lineno + 1
        project(base, "Lab 30 Con 20 Brexit Party 10")
    said = {str(w.message)[:30]: (w.filename, w.lineno) for w in caught}
    assert any(text.startswith("The Great Britain shares sum") for text in said)
    assert any(text.startswith("Brexit Party read as") for text in said)
    assert set(said.values()) == {(__file__, line)}


def test_a_poll_leaving_out_the_snp_says_it_cut_it() -> None:
    """A GB poll that names neither the SNP nor Plaid (as headline polls are printed) gives
    them what the named parties leave, in proportion to their base shares: 1.5% against the
    SNP's 2.6%, which costs it every seat. The note says so, naming them and how to keep
    their shares; a poll naming them, or leaving them near their base, gets no such line."""
    election = psephos.load("2024")
    with pytest.warns(ShareWarning) as caught:
        project(election, "Lab 30 Con 20 Reform 25 LD 12 Green 9")
    [note] = [str(w.message) for w in caught if "remaining" in str(w.message)]
    assert note.endswith(
        "Leaving them out cuts SNP to 1.5% (2.6% at the base) and PC to 0.4% (0.7% at the "
        "base): name a party with its share to keep it."
    )
    for poll in (
        "Lab 30 Con 20 Reform 25 LD 12 Green 9 SNP 2.5 PC 0.7",
        "Reform 29 Lab 21 Con 17 LD 14 Green 12",
    ):
        with warnings.catch_warnings(record=True) as kept:
            warnings.simplefilter("always")
            project(election, poll)
        assert not any("Leaving them out" in str(w.message) for w in kept)


def test_a_poll_leaving_out_plaid_says_the_fill_raised_it() -> None:
    """A final 2024 poll names every GB party but Plaid Cymru (the bundled polls have no
    column for it): the 3% the named parties leave goes to Plaid, the Independents and
    Other in proportion to their base shares, raising Plaid from 0.5% of Great Britain to
    0.9% (1.9% with the 2024 candidate lists, whose re-based base keeps few of 2019's
    Independents), about a third of the Welsh vote. The note names the rise and how to
    avoid it; naming Plaid's share gives no such line."""
    base = psephos.load("2019-notional-2024")
    poll = "Lab 38 Con 20 Reform 17 LD 12 Green 7 SNP 3"
    from psephos.projection.candidates import bundled_candidates

    for candidates, raised in ((None, "0.9"), (bundled_candidates("2024"), "1.9")):
        with pytest.warns(ShareWarning) as caught:
            project(base, poll, model="uniform", candidates=candidates)
        [note] = [str(w.message) for w in caught if "remaining" in str(w.message)]
        assert note.endswith(
            f"Leaving them out raises PC to {raised}% (0.5% at the base): name a party with "
            "its share to keep it."
        )
    with warnings.catch_warnings(record=True) as kept:
        warnings.simplefilter("always")
        project(base, poll + " PC 0.7", model="uniform")
    assert not any("Leaving them out" in str(w.message) for w in kept)


def test_the_nations_own_names_read_as_the_nations_and_an_unknown_area_names_its_row(
    tmp_path: Path,
) -> None:
    """ "Cymru" and "Alba", names the country gives Wales and Scotland, were unknown areas,
    and the refusal of an unknown area in a shares file named neither the file nor the row
    as the reader's other messages do."""
    from psephos.io.shares import parse_area_shares, read_area_shares_csv

    base = psephos.load("2024")
    prepared = prepare(base, "nation")
    welsh = {"Cymru": {"Lab": 40, "PC": 20}, "Alba": {"SNP": 35, "Lab": 30}}
    named = {"Wales": {"Lab": 40, "PC": 20}, "Scotland": {"SNP": 35, "Lab": 30}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        poll = {"Con": 25, "Lab": 35, "LD": 12}
        np.testing.assert_array_equal(
            build_target(prepared, national=poll, areas=welsh),
            build_target(prepared, national=poll, areas=named),
        )
    path = tmp_path / "areas.csv"
    path.write_text("area,Lab,PC\nCymru,40,20\nAtlantis,30,10\n", encoding="utf-8")
    with pytest.raises(InvalidSharesError) as refused:
        build_target(prepared, national=poll, areas=read_area_shares_csv(path))
    assert str(refused.value).startswith(
        "shares file 'areas.csv' row 3: Unknown area 'Atlantis'; areas: "
    )
    with pytest.raises(InvalidSharesError, match=r"^area shares table row 2: Unknown area 'X'"):
        build_target(prepared, national=poll, areas=parse_area_shares("area,Lab\nX,40\n"))


@pytest.mark.parametrize("model", ["national", "uniform", "regional-uniform"])
def test_an_unknown_party_in_a_shares_file_names_its_row_and_the_area_s_parties(
    tmp_path: Path, model: str
) -> None:
    """A party name no party answers to in a shares file was refused with neither the file
    nor the row, offering Northern Ireland's parties and the Speaker for a Scottish row (and
    a model that does not use Scotland's shares took it without a word); now it names both,
    and the parties standing in that area, on every model."""
    from psephos.io.shares import read_area_shares_csv

    base = psephos.load("2024")
    path = tmp_path / "r3.csv"
    path.write_text("area,party,share\nScotland,SNP,30\nScotland,Foo,10\n", encoding="utf-8")
    with pytest.raises(UnknownPartyError) as refused, warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        project(base, "Lab 30 Con 25", areas=read_area_shares_csv(path), model=model)
    assert str(refused.value) == (
        "shares file 'r3.csv' row 3: Unknown party 'Foo'; known parties: "
        "Con, Lab, LD, Green, SNP, Reform, Ind, Other."
    )


def test_a_shares_file_s_wide_row_and_a_party_standing_elsewhere_name_their_rows(
    tmp_path: Path,
) -> None:
    """The row of a wide file's unknown column (Wales's parties: Plaid, no SNP), and of a
    party that stands only in another nation, are named as the reader's other refusals are."""
    from psephos.io.shares import read_area_shares_csv

    base = psephos.load("2024")
    wide = tmp_path / "wide.csv"
    wide.write_text("area,Con,Lab,Foo\nScotland,10,30,\nWales,10,40,5\n", encoding="utf-8")
    with pytest.raises(UnknownPartyError) as refused, warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        project(base, "Lab 30 Con 25", areas=read_area_shares_csv(wide), model="uniform")
    assert str(refused.value) == (
        "shares file 'wide.csv' row 3: Unknown party 'Foo'; known parties: "
        "Con, Lab, LD, Green, PC, Reform, Ind, Other."
    )
    elsewhere = tmp_path / "dup.csv"
    elsewhere.write_text("area,party,share\nScotland,SNP,30\nScotland,DUP,10\n", encoding="utf-8")
    with pytest.raises(InvalidSharesError, match=r"^shares file 'dup.csv' row 3: DUP stands only"):
        project(base, "Lab 30 Con 25", areas=read_area_shares_csv(elsewhere))
