"""What the declaration feed reader refuses or notes so that a slip in a results-night file does
not become a result: a seat pasted twice, a party standing twice, one party under two names, a
correction of one row, and the parties counted as Other."""

from __future__ import annotations

import io
import json
import re

import pytest

from psephos.errors import DataFormatError, UnknownPartyError
from psephos.io.declarations import one_candidate_each, read_feed
from psephos.jurisdictions import UK
from psephos.model import Candidate

#: Leicester South in 2024, a candidate a row (the Independent won by 979 votes).
LEICESTER_SOUTH = (
    "Leicester South,Independent,Shockat Adam,14739\n"
    "Leicester South,Labour,Jonathan Ashworth,13760\n"
    "Leicester South,Green,Green Candidate,3826\n"
)
HEADER = "seat,party,candidate,votes\n"


def _read(feed: str, **options: str) -> list:  # type: ignore[type-arg]
    return list(read_feed(io.StringIO(feed), **options))  # type: ignore[arg-type]


def test_a_seat_s_rows_pasted_twice_are_refused_as_a_repeated_row() -> None:
    """Pasted twice, every candidate has double the rows: not a tie for first place between
    Shockat Adam and himself, decided by lot."""
    with pytest.raises(
        DataFormatError,
        match=r"^declaration CSV rows 2 and 5 are the same row \(a duplicate: the same "
        r"candidate with the same votes\); remove one of them\.$",
    ):
        _read(HEADER + LEICESTER_SOUTH + LEICESTER_SOUTH)


def test_a_party_with_two_candidates_in_a_seat_is_refused_as_the_web_refuses_it() -> None:
    feed = HEADER + LEICESTER_SOUTH + "Leicester South,Labour Party,Ann Other,300\n"
    with pytest.raises(
        DataFormatError,
        match=r"^declaration CSV rows 2-5: Labour and Labour Party are both Lab \(13,760 and "
        r"300 votes\): a party stands one candidate in a seat .*; give each candidate's own "
        r"party\.$",
    ):
        _read(feed)
    json_feed = json.dumps(
        {
            "seat": "E1",
            "candidates": [
                {"name": "A", "party": "Labour", "votes": 20000},
                {"name": "A", "party": "Labour", "votes": 20000},
            ],
        }
    )
    with pytest.raises(
        DataFormatError,
        match=r"^declaration line 1: A \(Labour\) is given twice, with 20,000 votes both times: "
        r"a repeat, not two candidates; give each candidate once\.$",
    ):
        _read(json_feed + "\n")


def test_two_independents_stay_two_candidates_unless_one_is_given_twice() -> None:
    independents = [Candidate("A", "Ind", "Independent", 9), Candidate("B", "Ind", "Ind", 9)]
    assert one_candidate_each(independents) is None
    assert one_candidate_each([Candidate("", "Ind", "Independent", 9)] * 2) is None  # no names
    repeated = one_candidate_each([independents[0], independents[0]])
    assert repeated is not None and repeated.startswith("A (Independent) is given twice")


def test_one_party_under_two_names_in_a_json_line_is_refused_not_added_up() -> None:
    line = json.dumps({"seat": "E1", "votes": {"Lab": 20000, "Labour": 20000, "Reform": 4000}})
    with pytest.raises(
        DataFormatError,
        match=r"^declaration line 1: votes: party 'Lab' is given twice \('Lab' and 'Labour'\)",
    ):
        _read(line + "\n")


@pytest.mark.parametrize("with_names", [True, False])
def test_a_seat_given_again_with_only_some_of_its_parties_is_refused(with_names: bool) -> None:
    """A recount's one changed row would replace the whole seat and hand it to Labour."""
    header = HEADER if with_names else "seat,party,votes\n"
    seat = (
        LEICESTER_SOUTH
        if with_names
        else "Leicester South,Independent,14739\nLeicester South,Labour,14760\n"
        "Leicester South,Green,3826\n"
    )
    bootle = "Bootle,Labour,Peter Dowd,25000\n" if with_names else "Bootle,Labour,25000\n"
    again = (
        "Leicester South,Labour,Jonathan Ashworth,13761\n"
        if with_names
        else "Leicester South,Labour,13761\n"
    )
    with pytest.raises(
        DataFormatError,
        match=r"^declaration CSV rows 2-4 and 6: seat 'Leicester South' is declared again "
        r"without Green and Ind, given in its earlier rows: a declaration given again replaces "
        r"the seat's whole result, so give every candidate's votes, corrected \(0 for a party "
        r"that did not stand\)\.$",
    ):
        _read(header + seat + bootle + again)


def test_a_whole_correction_and_one_taking_a_party_out_at_0_are_read() -> None:
    feed = (
        "seat,party,votes\nE1,Ind,14739\nE1,Lab,14760\nE1,Green,3826\nE2,Lab,25000\n"
        "E1,Lab,13760\nE1,Ind,14739\nE1,Green,0\n"
    )
    *_, corrected = _read(feed)
    assert corrected.counts == {"Lab": 13760, "Ind": 14739, "Green": 0}


def test_a_candidate_s_code_is_read_as_the_web_api_reads_it() -> None:
    """docs/web.md's example gives a minor party's candidate ``"code": "Other"``."""
    line = json.dumps(
        {
            "seat": "Chorley",
            "candidates": [
                {"name": "Lindsay Hoyle", "party": "Speaker", "votes": 25238},
                {
                    "name": "Ben Holden-Crowther",
                    "party": "Democracy for Chorley",
                    "code": "Other",
                    "votes": 2424,
                },
            ],
        }
    )
    [declaration] = _read(line + "\n")
    assert declaration.counts[1] == Candidate(
        "Ben Holden-Crowther", "Other", "Democracy for Chorley", 2424
    )
    assert declaration.note == ""
    refused = line.replace('"Democracy for Chorley", "code": "Other"', '"Labour", "code": "Minor"')
    with pytest.raises(DataFormatError, match=r"candidates\.1\.code: 'Minor' is not one of"):
        _read(refused + "\n")


def test_the_parties_counted_as_other_are_named_where_first_counted() -> None:
    feed = (
        HEADER
        + "Lagan Valley,Alliance Party of NI,Sorcha Eastwood,18618\n"
        + "Lagan Valley,DUP,Jonathan Buckley,15659\n"
        + "Bootle,Labour,Peter Dowd,25000\n"
        + "Bootle,TUSC,A Socialist,900\n"
        + "Bootle,Workers Party of Britain,A Worker,800\n"
        + "Bath,TUSC,Another Socialist,90\n"
        + "Bath,LD,Wera Hobhouse,28419\n"
    )
    lagan, bootle, bath = _read(feed, unknown_parties="other")
    assert lagan.note == (
        "declaration CSV rows 2-3: counted as Other, as parties psephos does not know (here "
        "and wherever they stand later in the feed): Alliance Party of NI."
    )
    assert bootle.note.endswith(": TUSC and Workers Party of Britain.")
    assert bath.note == ""  # TUSC named once, where first counted
    json_feed = json.dumps({"seat": "E1", "votes": {"Lab": 9, "Yorkshire Party": 3}})
    [declaration] = _read(json_feed + "\n", unknown_parties="other")
    assert declaration.note.startswith("declaration line 1: counted as Other")
    assert declaration.note.endswith(": Yorkshire Party.")


def test_a_correction_that_swaps_a_party_for_another_is_refused_as_one_leaving_it_out() -> None:
    """One rule for a correction, whether or not it adds a party: it names every party the
    earlier declaration gave a vote (0 for one taken out)."""
    from psephos.io.declarations import left_out_parties

    before = {"SDLP": 20000.0, "SF": 9000.0, "Lab": 50.0}
    assert left_out_parties(before, {"SDLP": 20000, "SF": 9000, "SNP": 50}) == ["Lab"]
    assert left_out_parties(before, {"SDLP": 20000, "SF": 9000}) == ["Lab"]
    assert left_out_parties(before, {"SDLP": 20000, "SF": 9000, "Lab": 0, "SNP": 5}) == []
    feed = "seat_code,party,votes\nE1,Lab,20\nE1,Con,19\nE2,Lab,15\nE1,Lab,21\nE1,LD,19\n"
    with pytest.raises(DataFormatError, match="declared again without Con"):
        _read(feed)


@pytest.mark.parametrize(
    ("votes", "refusal"),
    [
        ("NaN", "votes.Con: not a whole number (nan)"),
        ("Infinity", "votes.Con: not a whole number (inf)"),
        ("true", "votes.Con: not a whole number (True)"),
        ("10.7", "votes.Con: not a whole number (10.7)"),
        ('"10.7"', "votes.Con: not a whole number ('10.7')"),
        ("-5", "votes.Con: negative (-5)"),
    ],
)
def test_a_json_count_that_is_no_whole_number_is_refused_as_the_csv_refuses_it(
    votes: str, refusal: str
) -> None:
    """NaN crashed the reader, and ``true`` or ``10.7`` was stored as 1 or 10.7 votes, where
    the CSV feed refuses ``nan``, ``True`` and ``10.7`` as "not a whole number"."""
    line = f'{{"seat": "Aldershot", "votes": {{"Con": {votes}, "Lab": 18001}}}}\n'
    with pytest.raises(DataFormatError, match=rf"^declaration line 1: {re.escape(refusal)}\.$"):
        _read(line)
    csv_value = {"NaN": "nan", "Infinity": "inf", "true": "True"}.get(votes, votes.strip('"'))
    with pytest.raises(DataFormatError, match=r"^declaration CSV row 2: votes: (not a whole|neg)"):
        _read(f"seat_code,party,votes\nE14001063,Con,{csv_value}\nE14001063,Lab,18001\n")
    candidates = f'{{"seat": "Aldershot", "candidates": [{{"party": "Con", "votes": {votes}}}]}}\n'
    with pytest.raises(DataFormatError, match=r"^declaration line 1: candidates\.0\.votes: "):
        _read(candidates)


def test_a_json_count_with_thousands_separators_is_read_as_the_csv_reads_it() -> None:
    feed = (
        '{"seat": "Aldershot", "votes": {"Con": "20,123", "Lab": 18001.0}, '
        '"electorate": "78,000"}\n'
        '{"seat": "Hendon", "candidates": [{"party": "Lab", "votes": "21 000"}]}\n'
    )
    first, second = _read(feed)
    assert first.counts == {"Con": 20123, "Lab": 18001}
    assert first.electorate == 78000
    assert [candidate.votes for candidate in second.counts] == [21000]


def test_votes_per_party_are_read_by_one_rule_for_the_feed_and_the_web() -> None:
    """:func:`psephos.io.declarations.party_codes` is the one reading of a declaration's votes
    per party, which ``psephos nowcast feed`` and the web declaration API (its ``votes``, read
    again among the night's parties where it is recorded) both call, where the web repeated
    the feed's loop: UKIP beside Reform UK, or on a night after 2017, is Other, and one party
    under two names is refused in the same words."""
    from psephos.io.declarations import party_codes
    from psephos.model.party import country_code
    from psephos.web.schemas import DeclarationIn

    def read(label: str) -> str:
        return country_code(label) or label

    assert party_codes(["Labour", "Reform UK", "UKIP"], read) == {
        "Labour": "Lab",
        "Reform UK": "Reform",
        "UKIP": "Other",
    }
    assert party_codes(["UKIP", "Labour"], read, "2019")["UKIP"] == "Other"
    assert party_codes(["UKIP", "Labour"], read)["UKIP"] == "Reform"
    with pytest.raises(ValueError, match=r"^party 'Lab' is given twice \('Lab' and 'Labour'\)$"):
        party_codes(["Lab", "Labour"], read)
    votes = {"Lab": 20000, "Labour": 20000, "Reform": 4000}
    line = json.dumps({"seat": "E1", "votes": votes})
    with pytest.raises(DataFormatError) as feed:
        _read(line + "\n")
    given = DeclarationIn.model_validate({"election": "next", "seat": "E1", "votes": votes})
    with pytest.raises(ValueError) as web:  # read once the night is known: its parties'
        given.read_among(UK.party_codes)
    words = "party 'Lab' is given twice ('Lab' and 'Labour')"
    assert words in str(feed.value) and words in str(web.value)


def test_a_typed_declaration_reads_in_io_each_line_in_either_shape() -> None:
    """The results-night form's lines are read by the io reader of declarations, not a parser
    of the web's own: the long shape with or without a code, the short one with a colon or a
    space, thousands separators, blank lines skipped."""
    from psephos.io.declarations import declaration_lines

    text = "Ann Smith | Labour | 21,000\n\nBob | Con | C1 | 9000\nLD: 4,500\nGreen 300\n"
    assert list(declaration_lines(text)) == [
        (
            "Ann Smith | Labour | 21,000",
            {"name": "Ann Smith", "party": "Labour", "code": None, "votes": 21000},
        ),
        ("Bob | Con | C1 | 9000", {"name": "Bob", "party": "Con", "code": "C1", "votes": 9000}),
        ("LD: 4,500", {"party": "LD", "votes": 4500}),
        ("Green 300", {"party": "Green", "votes": 300}),
    ]


def test_a_typed_declaration_pasted_from_a_spreadsheet_reads_its_tabs_as_cells() -> None:
    """Rows copied from a spreadsheet paste with tabs between the cells: three or four cells
    are the long shape, two the short (they were refused as "not 'Party: votes'")."""
    from psephos.io.declarations import declaration_lines

    text = (
        "Jane Smith\tLabour Party\t15,855\t\n"
        "John Brown\tConservative\tCon\t15840\n"
        "Green Party\t2,667\n"
    )
    assert [cells for _, cells in declaration_lines(text)] == [
        {"name": "Jane Smith", "party": "Labour Party", "code": None, "votes": 15855},
        {"name": "John Brown", "party": "Conservative", "code": "Con", "votes": 15840},
        {"party": "Green Party", "votes": 2667},
    ]


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (
            "Ann | Lab",
            "line 'Ann | Lab' is not 'Name | Party | votes' or 'Name | Party | code | votes'",
        ),
        ("Labour", "line 'Labour' is not 'Party: votes'"),
        ("Lab: many", "line 'Lab: many' is not 'Party: votes'"),
        ("Lab: -4663", "line 'Lab: -4663': votes: "),
    ],
)
def test_a_typed_line_that_does_not_read_is_refused_naming_it(line: str, said: str) -> None:
    from psephos.io.declarations import declaration_lines

    with pytest.raises(DataFormatError) as refused:
        list(declaration_lines(line))
    assert str(refused.value).startswith(said)


def test_a_party_with_no_code_of_its_own_is_refused_in_words_for_counted_votes() -> None:
    """A declaration's candidate of the Workers Party of Britain is Other: the refusal says to
    count its votes so, not the advice for a typed poll, "leave it out (parties not named
    share what the poll leaves)", which in a declaration would lose the candidate's votes."""
    feed = HEADER + LEICESTER_SOUTH + "Leicester South,Workers Party of Britain,A Worker,800\n"
    with pytest.raises(UnknownPartyError) as refused:
        _read(feed)
    message = str(refused.value)
    assert "'Workers Party of Britain' has no code of its own: count its votes as Other." in (
        message
    )
    assert "leave it out" not in message and "poll" not in message
    with pytest.raises(UnknownPartyError, match="count its votes as Other") as night:
        _read(feed, parties=UK.load("2019-notional-2024").parties)  # a night's parties known
    assert "leave it out" not in str(night.value)
