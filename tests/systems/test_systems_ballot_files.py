"""Readers for users' ranked ballots: CSV (preference columns or a form's ranking grid) and BLT,
with clear errors."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from ballot_samples import GRID, PREFERENCES, SURVEY_MONKEY
from psephos.errors import DataFormatError, InputWarning
from psephos.model.ballots import Ballots
from psephos.systems import (
    count_ballots,
    count_irv,
    count_stv,
    parse_ballot_file,
    parse_ballots_csv,
    read_ballot_file,
    read_ballots_csv,
    read_blt,
    write_blt,
)

BLT = """4 2
-4
3 1 2 0
2 2 1 3 0
1 3 0
1 4 3 0
0
"Alice"
"Bob"
"Carol"
"Dave"
"Test count"
"""


def test_read_blt_with_withdrawn_candidate_and_title(tmp_path: Path) -> None:
    path = tmp_path / "count.blt"
    path.write_text(BLT, encoding="utf-8")
    ballots = read_blt(path)
    assert ballots.candidates == ("Alice", "Bob", "Carol", "Dave")
    assert ballots.n_seats == 2
    assert ballots.title == "Test count"
    assert ballots.counts.tolist() == [3, 2, 1, 1]
    # Dave (4) is withdrawn: the last ballot becomes 'Carol' only.
    assert ballots.rankings[3].tolist()[0] == 2
    assert ballots.first_preferences().tolist() == [3, 2, 2, 0]


def test_blt_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "in.blt"
    source.write_text(BLT, encoding="utf-8")
    ballots = read_blt(source)
    target = tmp_path / "out.blt"
    write_blt(ballots, target)
    again = read_blt(target)
    assert again.candidates == ballots.candidates
    assert again.rankings.tolist() == ballots.rankings.tolist()
    assert count_stv(again, 2).elected == count_stv(ballots, 2).elected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("two 1\n", "whole numbers"),
        ("3\n", "n_candidates n_seats"),
        ('2 1\n1 1 2\n0\n"A"\n"B"\n', "end with 0"),
        ('2 1\n1 1 3 0\n0\n"A"\n"B"\n', "1..2"),
        ('2 1\n1 1 1 0\n0\n"A"\n"B"\n', "twice"),
        ('2 1\n1 1=2 0\n0\n"A"\n"B"\n', "equal preferences"),
        ("2 1\n1 1 2 0\n", "end with a line '0'"),
        ('2 1\n1 1 2 0\n0\n"A"\n', "2 candidates declared"),
    ],
)
def test_blt_errors_are_clear(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.blt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFormatError, match=message):
        read_blt(path)


@pytest.mark.parametrize(
    "header",
    [
        "rank1,rank2",
        "1,2",
        "Preference 1;Preference 2",
        "1st choice,2nd choice",
        "1st,2nd",
        "Choice 1,Choice 2",
        "1st Preference\t2nd Preference",
    ],
)
def test_rank_columns_are_read_as_forms_and_spreadsheets_name_them(
    tmp_path: Path, header: str
) -> None:
    """A form's questions ("1st choice", "2nd choice") name the preferences as rank1, rank2 do."""
    separator = ";" if ";" in header else "\t" if "\t" in header else ","
    path = tmp_path / "ballots.csv"
    rows = [f"Alice{separator}Bob", f"Bob{separator}", f"Alice{separator}"]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    ballots = read_ballots_csv(path)
    assert ballots.candidates == ("Alice", "Bob")
    assert [ranking.tolist() for ranking in ballots.rankings] == [[0, 1], [1, -1], [0, -1]]


def test_read_csv_with_counts_and_truncation(tmp_path: Path) -> None:
    path = tmp_path / "ballots.csv"
    path.write_text(
        "\ufeffrank1,rank2,rank3,count\nLab,LD,Green,10\nCon,Reform,,7\nLD,,,3\n",
        encoding="utf-8",
    )
    ballots = read_ballots_csv(path)
    assert ballots.candidates == ("Lab", "LD", "Green", "Con", "Reform")
    assert ballots.counts.tolist() == [10, 7, 3]
    assert ballots.rankings[2].tolist() == [1, -1, -1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("first,second\nA,B\n", "no preference columns"),
        ("rank1,rank2\n,B\n", "preference 1 is blank"),
        ("rank1,rank2\nA,A\n", "ranked twice"),
        ("rank1,count\nA,lots\n", "not a number"),
        ("rank1,count\nA,-2\n", "non-negative"),
        ("rank1\n", "no ballots"),
        ("rank1,rank2\n,\n", "no ballots ranking a candidate"),
        (
            "rank1,rank2,count\nA,B,0\nB,A,0\n,,3\n",
            "^The ballot file 'bad.csv' has no votes to count: every ballot ranking a "
            "candidate has a count of 0.$",
        ),
        ("rank1,count\nA,2.5\n", "line 2: count: not a whole number of ballots"),
        ("rank1,votes\nA,1\nB,0.5\n", "line 3: count: not a whole number of ballots"),
    ],
)
def test_csv_errors_are_clear(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFormatError, match=message):
        read_ballots_csv(path)


def test_a_row_of_empty_cells_is_a_blank_ballot(tmp_path: Path) -> None:
    """A row of empty cells (",,") is a voter who ranked nobody: a blank ballot, which the
    count's note says (it vanished without a word); an empty line is no ballot."""
    path = tmp_path / "blank.csv"
    path.write_text("rank1,rank2\nA,B\nB,\n,\n\nA,B\nB,C\nC,A\n", encoding="utf-8")
    ballots = read_ballots_csv(path)
    assert ballots.counts.sum() == 6 and (ballots.rankings < 0).all(axis=1).sum() == 1
    assert count_ballots(ballots).notes() == [
        "1 blank ballot ranks no candidate: counted for no one, and left out of the quota."
    ]


def test_a_count_is_whole_and_a_weight_may_be_a_fraction(tmp_path: Path) -> None:
    """A count is a number of ballots, so 2.5 is refused in one line naming the line and the
    way to give weights; a column headed ``weight`` gives weights, fractions allowed."""
    path = tmp_path / "half.csv"
    path.write_text("rank1,rank2,count\nA,B,2.5\nB,A,2\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="head the column 'weight'") as raised:
        read_ballots_csv(path)
    assert "\n" not in str(raised.value)
    path.write_text("rank1,rank2,weight\nA,B,2.5\nB,A,2\n", encoding="utf-8")
    assert read_ballots_csv(path).counts.tolist() == [2.5, 2.0]


def test_csv_unknown_candidate_suggests_a_name(tmp_path: Path) -> None:
    path = tmp_path / "ballots.csv"
    path.write_text("rank1,rank2\nAlice,Bobb\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="Did you mean 'Bob'"):
        read_ballots_csv(path, candidates=["Alice", "Bob"])


def test_missing_files(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="does not exist"):
        read_ballots_csv(tmp_path / "nope.csv")
    with pytest.raises(DataFormatError, match="does not exist"):
        read_blt(tmp_path / "nope.blt")


@pytest.mark.parametrize(
    ("name", "text"),
    [("count.blt", BLT), ("Count.BLT", BLT), ("mine.csv", "rank1,rank2,count\nA,B,4\nB,,3\n")],
)
def test_a_file_already_read_gives_the_ballots_of_the_file(
    tmp_path: Path, name: str, text: str
) -> None:
    """An upload's text is read by the reader a path is (chosen by the name's suffix) and
    gives the same ballots, title included."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    from_path, from_text = read_ballot_file(path), parse_ballot_file(text, name=name)
    assert from_text.candidates == from_path.candidates and from_text.title == from_path.title
    assert from_text.n_seats == from_path.n_seats
    assert (from_text.rankings == from_path.rankings).all()
    assert (from_text.counts == from_path.counts).all()


def test_count_ballots_counts_as_the_count_functions(tmp_path: Path) -> None:
    """IRV for one seat, STV for the BLT file's two, and no count that elects everyone."""
    ballots = parse_ballot_file(BLT, name="count.blt")
    two = count_ballots(ballots)
    assert two.n_seats == 2 and two.result == count_stv(ballots, 2)
    assert two.summary()["elected"] == list(count_stv(ballots, 2).winners)
    assert [row["status"] for row in two.rows()][:2] == ["elected", "elected"]
    one = count_ballots(ballots, seats=1)
    assert one.result == count_irv(ballots)
    with pytest.raises(DataFormatError, match=r"^seats 4 with 4 candidates"):
        count_ballots(ballots, seats=4, seats_name="seats")


def test_a_candidate_never_excluded_is_not_called_excluded() -> None:
    """The runner-up of an alternative-vote count is still in the count when the winner passes
    half the votes: ``not elected``, not ``excluded``; the excluded are the count's."""
    text = "rank1,rank2,count\nLab,,120\nCon,,100\nLD,Lab,60\nGreen,Lab,30\n"
    counted = count_ballots(parse_ballot_file(text, name="ward.csv"))
    status = {row["candidate"]: row["status"] for row in counted.rows()}
    excluded = {counted.ballots.candidates[i] for i in counted.result.excluded}
    assert status["Lab"] == "elected" and "Con" not in excluded
    assert status["Con"] == "not elected"
    assert (
        {name for name, said in status.items() if said == "excluded"}
        == excluded
        == {
            "LD",
            "Green",
        }
    )


WITHDRAWN_TIE = """4 3
-3
10 1 0
1 2 0
0
"Alice"
"Bob"
"Carol"
"Dave"
"Withdrawn test"
"""


@pytest.mark.parametrize("tie_break", ["backwards", "order"])
def test_a_withdrawn_candidate_is_never_elected(tmp_path: Path, tie_break: str) -> None:
    """Carol withdrew: she ties Dave at no votes, and the count must fill the last seat with
    Dave, not elect a candidate who is not standing (it did with the 'order' rule)."""
    path = tmp_path / "withdrawn.blt"
    path.write_text(WITHDRAWN_TIE, encoding="utf-8")
    ballots = read_blt(path)
    assert ballots.withdrawn == (2,)
    counted = count_ballots(ballots, tie_break=tie_break)  # type: ignore[arg-type]
    assert "Carol" not in counted.result.winners
    assert set(counted.result.winners) == {"Alice", "Bob", "Dave"}
    status = {row["candidate"]: row["status"] for row in counted.rows()}
    assert status["Carol"] == "withdrawn"
    assert 2 not in counted.result.excluded  # out before the count, not in a round of it
    again = tmp_path / "again.blt"
    write_blt(ballots, again)
    assert read_blt(again).withdrawn == (2,)


def test_a_withdrawn_candidate_outside_the_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.blt"
    path.write_text(WITHDRAWN_TIE.replace("-3", "-9"), encoding="utf-8")
    with pytest.raises(DataFormatError, match="line 2: withdrawn candidates are -1 to -4"):
        read_blt(path)


def _names(ballots: Ballots) -> list[list[str]]:
    return [
        [ballots.candidates[c] for c in ranking if c >= 0] for ranking in ballots.rankings.tolist()
    ]


def test_a_form_s_ranking_grid_is_read_as_its_ballots(tmp_path: Path) -> None:
    """Each row ranks the candidates in the order of their cells' ranks, a blank unranked; the
    count is the preference columns' count of the same ballots."""
    path = tmp_path / "grid.csv"
    path.write_text(GRID, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a form's own column (Timestamp) is ignored silently
        ballots = read_ballots_csv(path)
    assert ballots.candidates == ("Alice", "Bob", "Cara")
    assert _names(ballots) == [["Alice", "Bob", "Cara"], ["Bob", "Alice"], ["Bob", "Cara"]]
    same = parse_ballots_csv(PREFERENCES, name="grid.csv")
    assert count_irv(ballots) == count_irv(same)
    assert count_irv(ballots).winners == ("Bob",)


@pytest.mark.parametrize(
    "cells",
    [
        ("1", "2", "3"),
        ("1st", "2nd", "3rd"),
        ("1st choice", "2nd Choice", "3RD CHOICE"),
        ("First", "second", "Third"),
        ("First choice", "Second choice", "Third choice"),
        ("Choice 1", "Choice 2", "Choice 3"),
        ("Rank 1", "rank 2", "Rank 3"),
    ],
)
def test_a_grid_s_cells_give_ranks_as_forms_write_them(cells: tuple[str, str, str]) -> None:
    """Cells in any of the words forms use; the columns in any order of the ranks."""
    text = f"Q [Cara],Q [Alice],Q [Bob]\n{cells[2]},{cells[0]},{cells[1]}\n"
    ballots = parse_ballots_csv(text, name="grid.csv")
    assert ballots.candidates == ("Cara", "Alice", "Bob")
    assert _names(ballots) == [["Alice", "Bob", "Cara"]]


def test_a_grid_without_brackets_is_read_with_a_note_naming_what_it_ignored() -> None:
    """A header of candidates' names (a form's own columns aside) whose cells are ranks is a
    grid too; a note says so, and which columns it ignored. A count column weighs each
    ballot, as in preference columns."""
    text = (
        "Timestamp,Email address,Alice,Bob,Cara,count\n"
        "x,a@b.c,1,2,3,2\nx,d@e.f,2,1,,1\nx,g@h.i,,First,Second,1\n"
    )
    with pytest.warns(InputWarning) as caught:
        ballots = parse_ballots_csv(text, name="plain.csv")
    assert _names(ballots) == [["Alice", "Bob", "Cara"], ["Bob", "Alice"], ["Bob", "Cara"]]
    assert ballots.counts.tolist() == [2, 1, 1]
    (note,) = [str(warning.message) for warning in caught]
    assert note == (
        "The ballot file 'plain.csv' has no preference columns, so it is read as a ranking "
        "grid: a column per candidate (Alice, Bob, Cara), each cell the rank a voter gave "
        "them; its columns 'Timestamp', 'Email address' are ignored."
    )


def test_a_grid_s_other_columns_are_ignored_with_a_note() -> None:
    text = "Timestamp,Q [Alice],Q [Bob],Any comments?\nx,1,2,great\n"
    with pytest.warns(InputWarning, match=r"'Q'; its column 'Any comments\?' is ignored\.$"):
        ballots = parse_ballots_csv(text, name="grid.csv")
    assert _names(ballots) == [["Alice", "Bob"]]


def test_ranks_that_skip_one_are_read_in_order_with_a_note() -> None:
    text = "Q [Alice],Q [Bob],Q [Cara]\n1,3,\n1,2,\n3,,1\n"
    with pytest.warns(InputWarning) as caught:
        ballots = parse_ballots_csv(text, name="grid.csv")
    assert _names(ballots) == [["Alice", "Bob"], ["Alice", "Bob"], ["Cara", "Alice"]]
    (note,) = [str(warning.message) for warning in caught]
    assert note == (
        "The ballot file 'grid.csv' has 2 ballots whose ranks skip one (line 2, 4): each "
        "ranks its candidates in the order of their ranks."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Q [Alice],Q [Bob],Q [Cara]\n1,2,3\n1st,1st choice,\n",
            r"^ballot file 'grid\.csv' line 3: ranks: Alice and Bob are both ranked 1; give "
            r"each candidate a different rank\.$",
        ),
        ("Q [A],Q [B],Q [C]\n2,2,2\n", r"line 2: ranks: A, B and C are all ranked 2;"),
        (
            "Q [Alice],Q [Bob]\n1,2\n1,top\n",
            r"^ballot file 'grid\.csv' line 3: ranks: Bob's rank 'top' is not a rank; write 1, "
            r"1st, 1st choice, First, First choice, Choice 1 or Rank 1\.$",
        ),
        ("Q [Alice],Q [Bob]\n0,1\n", r"line 2: ranks: Alice's rank '0' is not a rank"),
        ("Alice,Bob\n1,x\n", r"line 2: ranks: Bob's rank 'x' is not a rank"),
        ("Q [Alice],R [Bob]\n1,2\n", r"columns of 2 questions \('Q', 'R'\)"),
        ("Q [Alice],Q [Alice]\n1,2\n", r"candidate 'Alice' has two columns"),
        ("Timestamp,Email\nx,y\n", r"no preference columns .* or give one column per candidate"),
    ],
)
def test_a_grid_s_refusals_name_the_line_and_what_is_wrong(text: str, message: str) -> None:
    with warnings.catch_warnings(), pytest.raises(DataFormatError, match=message):
        warnings.simplefilter("ignore", InputWarning)  # a grid without brackets says so first
        parse_ballots_csv(text, name="grid.csv")


def test_a_grid_s_candidates_are_checked_against_those_given() -> None:
    with pytest.raises(DataFormatError, match=r"header: unknown candidate 'Bobb'\. Did you"):
        parse_ballots_csv("Q [Alice],Q [Bobb]\n1,2\n", name="g.csv", candidates=["Alice", "Bob"])


def test_a_grid_in_a_workbook_reads_as_its_csv(
    tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    """A sheet holds ranks as numbers (1, not '1'); it reads as the CSV it would export."""
    book = workbook(tmp_path / "grid.xlsx", ("Form responses 1", GRID.replace(" choice", "")))
    csv_path = tmp_path / "grid.csv"
    csv_path.write_text(GRID, encoding="utf-8")
    from_book, from_csv = read_ballot_file(book), read_ballot_file(csv_path)
    assert from_book.candidates == from_csv.candidates
    assert _names(from_book) == _names(from_csv)
    numbers = workbook(tmp_path / "numbers.xlsx", ("Sheet", "Q [A],Q [B]\n2,1\n"))
    assert _names(read_ballot_file(numbers)) == [["B", "A"]]


def test_survey_monkey_s_two_header_rows_are_read_as_its_ranking_question() -> None:
    """The export's second header row names each column's candidate; each response row is a
    ballot, counted as the preference columns of the same ballots are. A note says how the
    file was read and names the other question (one column, "Response"), ignored."""
    with pytest.warns(InputWarning) as caught:
        ballots = parse_ballots_csv(SURVEY_MONKEY, name="survey.csv")
    assert ballots.candidates == ("Alice", "Bob", "Cara")
    assert _names(ballots) == [["Alice", "Bob", "Cara"], ["Bob", "Alice"], ["Bob", "Cara"]]
    assert count_irv(ballots) == count_irv(parse_ballots_csv(PREFERENCES, name="survey.csv"))
    (note,) = [str(warning.message) for warning in caught]
    assert note == (
        "The ballot file 'survey.csv' has SurveyMonkey's two header rows, so it is read as its "
        "ranking question, 'Rank the candidates in order of preference': a column per "
        "candidate (Alice, Bob, Cara), each cell the rank a voter gave them; the other "
        "question, 'Which ward do you live in?', is ignored."
    )


def _survey_row(line: int, cells: str) -> str:
    """SURVEY_MONKEY with its response on ``line`` (3 to 5) giving the candidates ``cells``."""
    lines = SURVEY_MONKEY.splitlines()
    respondent = lines[line - 1].split(",")
    lines[line - 1] = ",".join([*respondent[:9], *cells.split(","), *respondent[12:]])
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            _survey_row(4, "1,1,"),
            r"^ballot file 'survey\.csv' line 4: ranks: Alice and Bob are both ranked 1; give "
            r"each candidate a different rank\.$",
        ),
        (_survey_row(5, ",top,1"), r"^ballot file 'survey\.csv' line 5: ranks: Bob's rank 'top'"),
        (
            SURVEY_MONKEY.replace('"Alice","Bob","Cara"', '"Alice","Alice","Cara"'),
            r"candidate 'Alice' has two columns",
        ),
        (
            SURVEY_MONKEY.replace(",1,2,3,", ",A,B,C,")
            .replace(",2,1,,", ",B,A,,")
            .replace(",,1,2,", ",,A,B,"),
            r"^ballot file 'survey\.csv': SurveyMonkey's two header rows, with no question whose "
            r"cells give ranks;",
        ),
        (
            SURVEY_MONKEY.replace('"Which ward do you live in?"', '"Rank again",')
            .replace('"Response"', '"Dan","Eve"')
            .replace(",North", ",1,2"),
            r"with 2 questions \('Rank the candidates in order of preference', 'Rank again'\) "
            r"whose cells give ranks; .*: leave out the others\.$",
        ),
    ],
)
def test_survey_monkey_s_ranks_are_checked_as_a_grid_s(text: str, message: str) -> None:
    with warnings.catch_warnings(), pytest.raises(DataFormatError, match=message):
        warnings.simplefilter("ignore", InputWarning)
        parse_ballots_csv(text, name="survey.csv")


def test_a_grid_with_a_respondent_id_column_and_no_options_row_is_a_grid() -> None:
    """A second row of ranks is a ballot, not SurveyMonkey's row of options."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ballots = parse_ballots_csv("Respondent ID,Q [Alice],Q [Bob]\n,1,2\n,2,1\n", name="g.csv")
    assert _names(ballots) == [["Alice", "Bob"], ["Bob", "Alice"]]


def test_survey_monkey_s_ranks_that_skip_one_are_read_in_order_with_a_note() -> None:
    with pytest.warns(InputWarning) as caught:
        ballots = parse_ballots_csv(_survey_row(3, "1,3,"), name="survey.csv")
    assert _names(ballots)[0] == ["Alice", "Bob"]
    assert str(caught[-1].message).startswith(
        "The ballot file 'survey.csv' has 1 ballot whose ranks skip one (line 3)"
    )


#: The same ballots as :data:`GRID` as Microsoft Forms exports a "Ranking" question: one
#: column, each cell the candidates in the voter's order.
RANKING_COLUMN = (
    "ID,Start time,Completion time,Email,Name,Rank the candidates,Any comments?\n"
    "1,1/1/24 10:00,1/1/24 10:01,anonymous,,Alice;Bob;Cara;,\n"
    "2,1/1/24 10:02,1/1/24 10:03,anonymous,,Bob;Alice;,great\n"
    "3,1/1/24 10:04,1/1/24 10:05,anonymous,,Bob; Cara,\n"
)


def test_a_form_s_ranking_column_is_read_as_its_ballots() -> None:
    """A column whose cells list the candidates in order ('Alice;Bob;Cara;') is each voter's
    ranking; a note says how the file was read and which columns it ignored (a form's own,
    ID and times, silently)."""
    with pytest.warns(InputWarning) as caught:
        ballots = parse_ballots_csv(RANKING_COLUMN, name="forms.csv")
    assert _names(ballots) == [["Alice", "Bob", "Cara"], ["Bob", "Alice"], ["Bob", "Cara"]]
    assert count_irv(ballots) == count_irv(parse_ballots_csv(PREFERENCES, name="forms.csv"))
    (note,) = [str(warning.message) for warning in caught]
    assert note == (
        "The ballot file 'forms.csv' is read as a ranking question's answers: column 'Rank the "
        "candidates', each cell the candidates in the voter's order, separated by ';'; its "
        "column 'Any comments?' is ignored."
    )


def test_a_ranking_column_naming_a_candidate_twice_is_refused() -> None:
    with pytest.raises(DataFormatError, match="line 2"), pytest.warns(InputWarning):
        parse_ballots_csv("Ranking\nAlice;Alice;\n", name="forms.csv")


def test_names_that_differ_only_in_case_are_one_candidate_with_a_note() -> None:
    """Hand-typed ballots mix "Alice" and "alice": one candidate, named as first written, with
    a note; written apart, Alice's 5 first preferences of 9 were split 3 and 2 and Bob won."""
    text = "rank1,rank2,count\nAlice,Bob,3\nalice,,2\nBob,,4\n"
    with pytest.warns(InputWarning) as caught:
        ballots = parse_ballot_file(text, name="b7.csv")
    (note,) = [str(warning.message) for warning in caught]
    assert note == (
        "The ballot file 'b7.csv' writes some names differing only in case; each is counted as "
        "one candidate, named as first written: 'alice' as 'Alice'."
    )
    assert ballots.candidates == ("Alice", "Bob")
    assert count_ballots(ballots).result.winners == ("Alice",)
    with pytest.raises(DataFormatError, match=r"line 2: 'Alice' and 'ALICE' differ only in case"):
        parse_ballot_file("rank1,rank2\nAlice,ALICE\n", name="twice.csv")
    with (
        pytest.raises(DataFormatError, match=r"header: 'Alice' and 'alice' .* two columns"),
        pytest.warns(InputWarning, match="read as a ranking grid"),
    ):
        parse_ballot_file("Alice,alice\n1,2\n", name="grid.csv")


def test_a_blt_file_of_no_votes_is_refused_as_a_csv_file_is(tmp_path: Path) -> None:
    """A count of ballots that all count 0 "elected" the first candidate by lot, with "1 of
    0 continuing votes to win"; it is refused, as a file of no ballots is."""
    from psephos.io.ballots import read_blt

    path = tmp_path / "zero.blt"
    path.write_text('2 1\n0 1 2 0\n0\n"A"\n"B"\n"Zero"\n', encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"'zero\.blt' has no votes to count"):
        read_blt(path)
    path.write_text('2 1\n0\n"A"\n"B"\n"None"\n', encoding="utf-8")
    with pytest.raises(DataFormatError, match="has no ballots ranking a candidate before its"):
        read_blt(path)
