"""A poll table's final-week average (:func:`psephos.projection.polls.average_polls`): what is
read, what is left out, and that it is the back-test's rule."""

from __future__ import annotations

import csv
import datetime
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

import psephos
from psephos.errors import DataFormatError, InvalidSharesError, PsephosError
from psephos.io.polls import NOT_PARTIES
from psephos.io.rows import column_key
from psephos.io.tables import read_columns
from psephos.model.party import unread_reason
from psephos.projection import read_poll
from psephos.projection.backtest import final_polls
from psephos.projection.polls import (
    WINDOW_DAYS,
    check_window,
    poll_average_of_text,
    poll_column_party,
    poll_window,
    read_poll_average,
)

DAY = datetime.date


def _table(tmp_path: Path, text: str, name: str = "polls.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_mean_of_the_final_week_over_the_polls_that_report_each_party(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "Fieldwork,Pollster,Sample size,Con,Lab,LD,Green,Lead\n"
        "28 Jun - 3 Jul 2024,Alpha,2000,20%,40%,10%,n/a,20\n"
        "1-2 Jul 2024,Beta,1500,22,38,12,\u2013,16\n"
        "27/06/2024,Gamma,1000,24,36,-,7,12\n"
        "2024-06-26,Alpha,2000,30,30,30,10,0\n",  # eight days before the latest: left out
    )
    average = read_poll_average(path)
    assert average.shares == pytest.approx({"Con": 22.0, "Lab": 38.0, "LD": 11.0, "Green": 7.0})
    assert list(average.shares) == ["Con", "Lab", "LD", "Green"]  # the table's order
    assert (average.n_polls, average.first, average.last) == (3, DAY(2024, 6, 27), DAY(2024, 7, 3))
    assert average.pollsters == ("Alpha", "Beta", "Gamma")
    assert average.reported == {"Con": 3, "Lab": 3, "LD": 2, "Green": 1}
    assert average.ignored == ()  # pollster, sample size and lead are known: no note
    notes = average.notes()
    assert notes[0] == (
        "poll: the mean of 3 polls with fieldwork ending 27 Jun-3 Jul 2024 (3 pollsters) in "
        "polls.csv: Con 22.0, Lab 38.0, LD 11.0, Green 7.0"
    )
    assert notes[1] == (
        "Parties not in every poll averaged over the polls giving them: LD (2 of 3), "
        "Green (1 of 3)."
    )
    assert read_poll(average.as_poll()) == pytest.approx(average.shares)


def test_a_canadian_table_as_its_wikipedia_page_lays_it_out(tmp_path: Path) -> None:
    # "Last date of polling", "Polling firm" and "Margin of error" as the page's headers
    path = _table(
        tmp_path,
        "Last date of polling,Polling firm,LPC,CPC,NDP,BQ,GPC,PPC,Others,Margin of error,"
        "Sample size\n"
        "2025-04-26,Nanos,42,39,8,6,1,,4,\u00b12.7 pp,1313\n"
        "2025-04-25,Leger,44,37,8,6,2,1,2,\u00b12.5 pp,1544\n",
    )
    average = read_poll_average(path, parties=("LPC", "CPC", "NDP", "BQ", "GPC", "PPC", "Other"))
    assert average.shares == pytest.approx(
        {"LPC": 43.0, "CPC": 38.0, "NDP": 8.0, "BQ": 6.0, "GPC": 1.5, "PPC": 1.0, "Other": 3.0}
    )
    assert average.n_polls == 2
    assert not any("margin" in note.lower() for note in average.notes())


def test_fractions_are_read_for_the_whole_file(tmp_path: Path) -> None:
    path = _table(tmp_path, "end_date;con;lab;lib\n2024-07-03;0.2;0.4;0.1\n2024-07-02;0.3;0.3;\n")
    assert read_poll_average(path).shares == pytest.approx({"Con": 25.0, "Lab": 35.0, "LD": 10.0})


def test_a_column_no_party_answers_to_is_named(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "date,con,lab,row_type,tig_cuk,Nats,Question,Method\n2024-07-03,30,40,poll,1,3,x,Phone\n",
    )
    average = read_poll_average(path)
    assert average.shares == {"Con": 30.0, "Lab": 40.0}
    assert average.ignored == ("tig_cuk", "Nats", "Question")
    assert (
        "Columns of polls.csv not read as parties, ignored: tig_cuk (Change UK, no code of its "
        "own: left to the parties not named), Nats (SNP or PC: not guessed), Question."
    ) in average.notes()


def test_a_column_of_an_uncoded_party_or_of_don_t_knows_is_named_with_its_reason(
    tmp_path: Path,
) -> None:
    """A Scottish poll's Alba and a raw table's don't knows are no party psephos reads."""
    path = _table(tmp_path, "date,con,lab,Alba,Don't know\n2024-07-03,30,40,2,12\n")
    average = read_poll_average(path)
    assert average.shares == {"Con": 30.0, "Lab": 40.0}
    assert (
        "Columns of polls.csv not read as parties, ignored: Alba (Alba Party, no code of its "
        "own: left to the parties not named), Don't know (no party: a poll's shares are of "
        "those who named one)."
    ) in average.notes()


def test_a_column_with_no_header_is_not_named_among_those_ignored(tmp_path: Path) -> None:
    """Excel's trailing separator ("Lab,") makes a column with no header: nothing to name."""
    path = _table(tmp_path, "date,pollster,Con,Lab,\r\n2024-07-03,YouGov,30,40,\r\n")
    average = read_poll_average(path)
    assert average.shares == {"Con": 30.0, "Lab": 40.0}
    assert average.ignored == ()
    assert not any("not read as parties" in note for note in average.notes())


def test_polling_is_pollbases_pollster_column(tmp_path: Path) -> None:
    path = _table(tmp_path, "Fieldwork,Polling,Con,Lab\n2019-12-11,YouGov,43,33\n")
    average = read_poll_average(path)
    assert average.pollsters == ("YouGov",)
    assert average.ignored == ()


#: The real poll files' headers (../shared/data/uk/polls: the CSVs, and the vote-share
#: columns of PollBase-Q4-2020.xlsx's sheets) and the party each is read as; ``None``: a
#: party the vocabulary deliberately does not read, named with its reason in the notes.
REAL_HEADERS = {
    "con": "Con",
    "lab": "Lab",
    "lib": "LD",
    "ld": "LD",
    "snp": "SNP",
    "green": "Green",
    "reform": "Reform",
    "ukip": "Reform",
    "bxp": "Reform",
    "PC": "PC",
    "Other": "Other",
    "Conservative": "Con",
    "Labour": "Lab",
    "UKIP": "Reform",
    "Ukip": "Reform",
    "BXP": "Reform",
    "tig_cuk": None,
    "TIG/CUK": None,
    "TIG": None,
    "SDP": None,
    "BNP": None,
    "Referendum": None,
}


@pytest.mark.parametrize(("header", "code"), REAL_HEADERS.items())
def test_the_real_poll_files_party_headers(header: str, code: str | None) -> None:
    read = poll_column_party(psephos.load("2019").parties)(header)
    assert read == code
    if code is None:
        assert unread_reason(header) is not None


def test_every_header_of_the_real_poll_tables_is_read_or_explained(shared_data: Path) -> None:
    """Each column of the real CSV poll tables is a party read, a column that is never a
    party, or a party the notes name with the reason it is not read."""
    party = poll_column_party(psephos.load("2019").parties)
    for path in sorted((shared_data / "uk" / "polls").glob("*.csv")):
        if "mrp" in path.name:
            continue  # seat estimates, not a poll table
        with path.open(encoding="utf-8") as file:
            header = next(csv.reader(file))
        for column in header:
            known = column_key(column) in NOT_PARTIES
            assert known or party(column) is not None or unread_reason(column), (path, column)
            assert party(column) is None or REAL_HEADERS[column] == party(column)


def test_polls_of_other_areas_are_skipped_and_counted(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "date,area,con,lab\n"
        "2024-07-03,GB,30,40\n"
        "2024-07-03,,32,38\n"
        "2024-07-02,Great Britain,31,39\n"
        "2024-07-03,UK,10,70\n"
        "2024-07-03,Scotland,10,70\n"
        "2024-07-01,UK,10,70\n",
    )
    average = read_poll_average(path)
    assert average.shares == pytest.approx({"Con": 31.0, "Lab": 39.0})
    assert average.skipped_areas == {"UK": 2, "Scotland": 1}
    assert average.notes()[-1] == (
        "3 polls of polls.csv not of Great Britain skipped (UK 2, Scotland 1); a GB poll is "
        "averaged."
    )


def test_a_date_that_cannot_be_read_names_the_row_and_column(tmp_path: Path) -> None:
    path = _table(tmp_path, "Pollster,End date,Con,Lab\nA,2024-07-03,30,40\nB,soon,31,39\n")
    with pytest.raises(DataFormatError, match=r"polls\.csv' row 3: End date: not a date.*'soon'"):
        read_poll_average(path)


def test_a_share_that_is_not_a_number_names_the_row_and_column(tmp_path: Path) -> None:
    path = _table(tmp_path, "date,Con,Lab\n2024-07-03,30,forty\n")
    with pytest.raises(DataFormatError, match=r"row 2: Lab: not a number \('forty'\)"):
        read_poll_average(path)


def test_no_poll_in_the_window_is_an_error(tmp_path: Path) -> None:
    path = _table(tmp_path, "date,con,lab\n2024-07-03,30,40\n2024-06-01,31,39\n")
    with pytest.raises(DataFormatError, match="no poll with fieldwork ending 21-27 Jun 2024"):
        read_poll_average(path, until="2024-06-28")
    empty = _table(tmp_path, "date,con,lab\n", "empty.csv")
    with pytest.raises(
        DataFormatError,
        match=r"^The poll table 'empty\.csv' has no polls: it has a header and no rows under it\.$",
    ):
        read_poll_average(empty)


def test_a_table_of_rows_that_are_no_national_polls_says_what_they_are(tmp_path: Path) -> None:
    """Not "no polls of Great Britain" alone, which reads as polls of another area where the
    rows were undated or blank."""
    path = _table(
        tmp_path, "date,area,con,lab\n2024-07-01,Scotland,20,30\nn/a,GB,2,3\n2024-07-02,GB,,\n"
    )
    with pytest.raises(DataFormatError) as refused:
        read_poll_average(path)
    assert str(refused.value) == (
        "The poll table 'polls.csv' has no polls of Great Britain to average: 1 poll of other "
        "areas (Scotland 1), 1 row without a date and 1 row without a share."
    )


def test_a_poll_dated_after_today_gets_a_note(tmp_path: Path) -> None:
    """A slip in a date cell (2099 for 2024) moves the final week to the days before it:
    averaged without comment, the table's other polls were left out unseen."""
    path = _table(tmp_path, "date,con,lab\n2099-07-03,22,39\n2024-07-03,30,30\n")
    average = read_poll_average(path)
    assert average.n_polls == 1
    note = "A poll of polls.csv ends 3 Jul 2099, after today (7 Dec 2026): check its date."
    assert average.after_today(datetime.date(2026, 12, 7)) == note
    assert any("after today" in line for line in average.notes())
    assert average.after_today(datetime.date(2099, 7, 3)) is None


def test_a_table_without_date_or_party_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="no date column"):
        read_poll_average(_table(tmp_path, "pollster,con\nA,30\n"))
    with pytest.raises(DataFormatError, match="no party columns"):
        read_poll_average(_table(tmp_path, "date,pollster,sample\n2024-07-03,A,1000\n"))


def test_two_columns_read_as_one_party_are_refused(tmp_path: Path) -> None:
    path = _table(tmp_path, "date,con,ukip,bxp\n2019-12-11,43,1,3\n")
    with pytest.raises(DataFormatError, match="two columns read as Reform \\('ukip' and 'bxp'\\)"):
        read_poll_average(path)
    twice = _table(tmp_path, "date,con,Labour,lab\n2019-12-11,43,33,33\n", "twice.csv")
    with pytest.raises(DataFormatError, match="two columns read as Lab \\('Labour' and 'lab'\\)"):
        read_poll_average(twice, election_id="2019")


def test_a_party_column_repeated_under_one_name_is_refused(tmp_path: Path) -> None:
    """``Lab,Lab`` (or ``Lab,lab``): each row keeps one cell per name, so the average read the
    last column's shares and dropped the first's without a word; refused as two names of
    one party are. A repeated column that is not a party (``notes``) is still ignored."""
    same = _table(tmp_path, "date,Con,Lab,Lab\n2024-06-30,24,38,30\n")
    with pytest.raises(DataFormatError, match="two columns read as Lab \\('Lab' and 'Lab'\\)"):
        read_poll_average(same)
    cased = _table(tmp_path, "date;Con;Lab;lab\n2024-06-30;24;38;30\n", "cased.csv")
    with pytest.raises(DataFormatError, match="two columns read as Lab \\('Lab' and 'lab'\\)"):
        read_poll_average(cased)
    notes = _table(tmp_path, "date,Con,Lab,notes,notes\n2024-06-30,24,38,a,b\n", "notes.csv")
    assert read_poll_average(notes).as_poll() == "Con 24.00 Lab 38.00"


def test_a_poll_above_100_percent_is_refused_naming_its_row(tmp_path: Path) -> None:
    """One row summing to 124% (a typo: Con 44 for 24) is refused, naming the row, as the
    same poll typed is refused; it was averaged in, the mean of the other rows hiding it
    (97% here) or the refusal naming only the mean's sum. A row within the rounding slack
    (100.8%, published polls are rounded) is averaged."""
    text = (
        "date,Con,Lab,LD,Reform,Green\n"
        "2024-06-30,44,48,11,15,6\n2024-07-01,22,30,10,8,7\n2024-07-02,22,38,10,16,7\n"
    )
    with pytest.raises(InvalidSharesError) as caught:
        read_poll_average(_table(tmp_path, text))
    assert str(caught.value) == (
        "The poll table 'polls.csv' row 2 sums to 124.0%, above 100%; give each poll's shares "
        "in percent, at most 100 in all (or delete the row)."
    )
    with pytest.raises(InvalidSharesError, match="above 100%"):
        read_poll("Con 44 Lab 48 LD 11 Reform 15 Green 6")
    rounded = "date,Con,Lab,LD,Reform,Green\n2024-07-02,22.4,38.4,10,23,7\n"
    assert read_poll_average(_table(tmp_path, rounded, "rounded.csv")).n_polls == 1


#: PollBase's layout: UKIP and the Brexit Party in columns of their own.
LINEAGE_TABLE = "date,con,lab,ukip,bxp\n2019-12-11,43,33,1,3\n2019-12-10,42,34,0,4\n"


@pytest.mark.parametrize(
    ("election_id", "reform", "other", "label", "year"),
    [
        # projected from 2017, the polls are the 2019 election's: the Brexit Party's
        ("2017", "bxp", "ukip", "UKIP", "2019"),
        ("2015", "ukip", "bxp", "Brexit Party", "2017"),
        # after 2019 the lineage is Reform UK, which the table has no column of: 2019's own
        ("2019", "bxp", "ukip", "UKIP", "2019"),
    ],
)
def test_the_lineages_column_of_the_election_the_polls_precede_is_the_party(
    tmp_path: Path, election_id: str, reform: str, other: str, label: str, year: str
) -> None:
    """Of two columns of the Reform lineage, the one named as the party was in the election
    after the base (the one its next polls precede), else in the base's own year, is Reform;
    the other is another party then, with no code of its own, left to the parties the poll
    does not name (not read as Others, which would say every party not named, the SNP too,
    has that share)."""
    path = _table(tmp_path, LINEAGE_TABLE)
    rows = list(csv.DictReader(LINEAGE_TABLE.splitlines()))
    average = read_poll_average(
        path, parties=psephos.load(election_id).parties, election_id=election_id
    )
    assert average.shares["Reform"] == pytest.approx(
        sum(float(row[reform]) for row in rows) / len(rows)
    )
    assert set(average.shares) == {"Con", "Lab", "Reform"}
    note = next(note for note in average.notes() if "lineage" in note)
    assert f": {reform} is read as Reform" in note
    assert f"; {other} ({label}), not its name in {year}" in note
    assert note.endswith("left to the parties not named.")


@pytest.mark.parametrize(
    ("table", "election_id", "which"),
    [
        (LINEAGE_TABLE, "2024", "neither is its name in 2024 \\(Reform UK\\)"),
        (LINEAGE_TABLE, None, "neither is its name now \\(Reform UK\\)"),
        (
            "date,con,bxp,brexit\n2019-12-11,43,3,3\n",
            "2019",
            "more than one is its name in 2019 \\(Brexit Party\\)",
        ),
    ],
)
def test_lineage_columns_no_year_settles_are_refused_naming_both(
    tmp_path: Path, table: str, election_id: str | None, which: str
) -> None:
    path = _table(tmp_path, table)
    with pytest.raises(
        DataFormatError, match=f"two columns read as Reform \\(.+ and .+\\), and {which}"
    ):
        read_poll_average(path, election_id=election_id)


def test_pollbases_final_week_of_2019_averages(shared_data: Path, tmp_path: Path) -> None:
    """The real PollBase extract (``ukip`` and ``bxp`` columns) averages against 2019, its
    Reform the Brexit Party's column: the same as the file without the ``ukip`` column."""
    path = shared_data / "uk" / "polls" / "pollbase-voting-intention-2015-2020.csv"
    parties = psephos.load("2019").parties
    average = read_poll_average(path, until="2019-12-12", parties=parties, election_id="2019")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["ukip"])
    without = tmp_path / "without-ukip.csv"
    frame.to_csv(without, index=False)
    alone = read_poll_average(without, until="2019-12-12", parties=parties)
    assert average.n_polls == alone.n_polls > 0
    assert average.shares["Reform"] == pytest.approx(alone.shares["Reform"])
    assert average.shares["Con"] == pytest.approx(alone.shares["Con"])


def test_the_mean_is_refused_as_a_typed_poll_is(tmp_path: Path) -> None:
    path = _table(tmp_path, "date,Con,Lab\n2024-07-03,60,60\n")
    with pytest.raises(InvalidSharesError) as from_table:
        read_poll_average(path)
    with pytest.raises(InvalidSharesError) as typed:
        read_poll("Con 60 Lab 60")
    assert str(from_table.value) == str(typed.value)


def test_party_columns_are_read_against_an_election(tmp_path: Path) -> None:
    path = _table(tmp_path, "date,Liberal,Conservative,NDP\n2021-09-19,32,34,18\n")
    canada = ("LPC", "CPC", "NDP", "BQ", "GPC", "PPC", "Ind", "Other")
    average = read_poll_average(path, parties=canada)
    assert average.shares == {"LPC": 32.0, "CPC": 34.0, "NDP": 18.0}


def test_a_table_s_text_is_averaged_as_its_file_is(tmp_path: Path) -> None:
    """An upload (text, no path) and the same file give one average, notes and refusals."""
    text = (
        "Fieldwork,Pollster,Con,Lab,LD,Green,tig_cuk\r\n"
        "28 Jun - 3 Jul 2024,Alpha,20%,40%,10%,n/a,1\r\n"
        "1-2 Jul 2024,Beta,22,38,12,7,\r\n"
    )
    path = tmp_path / "polls.csv"
    path.write_bytes(text.encode())
    from_text = poll_average_of_text(text, name="polls.csv")
    assert from_text == read_poll_average(path)
    assert from_text.notes() == read_poll_average(path).notes()
    bad = "date,con,lab\n2024-07-03,30,40\nsoon,31,39\n"
    with pytest.raises(DataFormatError, match=r"uploaded\.csv' row 3: date: not a date"):
        poll_average_of_text(bad, name="uploaded.csv")
    with pytest.raises(DataFormatError, match="no poll with fieldwork ending 21-27 Jun 2024"):
        poll_average_of_text(text, name="polls.csv", until="2024-06-28")


def test_the_window_is_the_days_before_polling_day_or_up_to_the_latest_poll() -> None:
    dates = [DAY(2024, 7, 3), DAY(2024, 6, 1)]
    assert poll_window(dates) == (DAY(2024, 6, 27), DAY(2024, 7, 3))
    assert poll_window(dates, until="2024-07-04") == (DAY(2024, 6, 27), DAY(2024, 7, 3))
    assert poll_window(dates, until=DAY(2024, 7, 4), days=1) == (DAY(2024, 7, 3),) * 2
    assert poll_window(dates, days=14) == (DAY(2024, 6, 20), DAY(2024, 7, 3))
    with pytest.raises(PsephosError, match="at least one day"):
        poll_window(dates, days=0)
    with pytest.raises(PsephosError, match="Cannot read 'polling day'"):
        poll_window(dates, until="polling day")


@pytest.mark.parametrize(
    ("days", "until"), [(0, None), (-3, None), (WINDOW_DAYS, "polling day"), (1, DAY.min)]
)
def test_a_window_is_checked_before_a_table_is_read(days: int, until: str | None) -> None:
    with pytest.raises(PsephosError) as checked:
        check_window(days=days, until=until)
    with pytest.raises(PsephosError) as averaged:
        poll_window([DAY(2024, 7, 3)], days=days, until=until)
    assert str(checked.value) == str(averaged.value)


def test_check_window_reads_until_as_a_date() -> None:
    assert check_window() is None
    assert check_window(days=14, until="12 Dec 2019") == DAY(2019, 12, 12)


def test_a_window_other_than_the_final_week_is_named_in_the_note(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "date,pollster,con,lab\n2024-07-03,A,20,40\n2024-06-30,B,22,38\n2024-06-21,C,30,30\n",
    )
    assert "window" not in read_poll_average(path).summary()
    assert "window" not in read_poll_average(path, days=WINDOW_DAYS, until="2024-07-04").summary()
    fortnight = read_poll_average(path, days=14)
    assert fortnight.n_polls == 3
    assert "(3 pollsters; window: the 14 days to 3 Jul 2024) in polls.csv" in fortnight.summary()
    before = read_poll_average(path, until="2024-07-01")
    assert (before.first, before.last) == (DAY(2024, 6, 30), DAY(2024, 6, 30))
    assert "(1 pollster; window: the 7 days to 30 Jun 2024)" in before.summary()


def _plain_mean(path: Path, until: DAY) -> dict[str, float]:
    """Reference: the final week's mean of a clean ISO-dated percent table, by hand."""
    start = until - datetime.timedelta(days=7)
    with path.open(encoding="utf-8") as file:
        rows = [
            row for row in csv.DictReader(file) if start <= DAY.fromisoformat(row["date"]) < until
        ]
    columns = {"Con": "con", "Lab": "lab", "LD": "ld", "SNP": "snp", "Green": "green"}
    columns["Reform"] = "reform"
    return {
        party: sum(float(row[column]) for row in rows) / len(rows)
        for party, column in columns.items()
    }


def test_a_window_reaching_past_the_calendar_s_first_day_starts_there() -> None:
    first = datetime.date.min
    assert poll_window([DAY(1, 1, 3)]) == (first, DAY(1, 1, 3))
    assert poll_window([], days=10**6, until="2024-07-04") == (first, DAY(2024, 7, 3))
    with pytest.raises(PsephosError, match="No poll ends before 0001-01-01"):
        poll_window([], until=first)


def test_the_2024_campaign_file_agrees_with_the_bundled_final_week(shared_data: Path) -> None:
    path = shared_data / "uk/polls/ge2024-campaign-polls-by-pollster.csv"
    average = read_poll_average(path, until="2024-07-04")
    assert average.shares == pytest.approx(_plain_mean(path, DAY(2024, 7, 4)))
    # The bundled average is of a fuller file (ge2024-campaign-polls-all-unnamed.csv: 34
    # final-week polls); this one has 13 pollsters' polls (no YouGov, Find Out Now, BMG,
    # Focaldata, Verian...), 26 of them. Leaving out 8 of 34 polls moves a party's mean by
    # 8/34 of the gap between those 8 and the rest; with final-week polls spread over about
    # +-2 points for a party, that is about half a point at most (seen: at most 0.21, Green).
    bundled = final_polls("2024")
    assert set(average.shares) == set(bundled)
    for party, share in bundled.items():
        assert average.shares[party] == pytest.approx(share, abs=0.5), party


def test_build_script_reproduces_final_polls(shared_data: Path) -> None:
    """2015 and 2024 of the bundled final-week averages go through the poll-table rule."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "build_polls.py"
    spec = importlib.util.spec_from_file_location("build_polls", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = module.final_week_polls(shared_data)
    from importlib import resources

    bundled = pd.DataFrame(
        read_columns(Path(str(resources.files("psephos.data").joinpath("final_polls.npz"))))
    )
    pd.testing.assert_frame_equal(rebuilt.reset_index(drop=True), bundled, check_dtype=False)


def test_polls_without_a_date_are_skipped_and_counted(tmp_path: Path) -> None:
    """A date cell that gives no date (blank, or ``nan`` as a spreadsheet export writes it,
    as PollBase's extract has) is a poll that cannot be placed in a window: skipped, with a
    note naming its row, rather than the whole table refused."""
    path = _table(tmp_path, "date,con,lab\n2024-07-03,30,40\nnan,99,1\n,98,2\n2024-07-02,32,38\n")
    average = read_poll_average(path)
    assert average.shares == {"Con": 31.0, "Lab": 39.0}
    assert "2 polls of polls.csv without a date skipped (rows 3, 4)." in average.notes()
    bad = _table(tmp_path, "date,con,lab\nsoon,30,40\n", "bad.csv")
    with pytest.raises(DataFormatError, match="row 2: date: not a date"):
        read_poll_average(bad)


def test_the_national_area_of_a_poll_table_is_the_base_election_s_country_s(
    tmp_path: Path,
) -> None:
    """A table read against an election keeps the rows of its country's national poll, as the
    country names its area (Jurisdiction.poll_area_names: Great Britain, GB, Britain; Canada)
    or ``national``, and skips another country's; read without a base, any country's."""
    from psephos.jurisdictions import CANADA, UK
    from psephos.projection.inputs import NATIONAL

    rows = {
        "GB": 30,
        "Great Britain": 32,
        "Britain": 31,
        "national": 33,
        "Canada": 10,
        "": 34,
    }
    path = _table(
        tmp_path,
        "date,area,con,lab\n"
        + "".join(f"2024-07-03,{area},{con},40\n" for area, con in rows.items()),
    )

    def kept(national: set[str]) -> dict[str, float]:
        values = [con for area, con in rows.items() if not area or area.lower() in national]
        return {"Con": sum(values) / len(values), "Lab": 40.0}

    for election, country in ((UK.latest_id, UK), (CANADA.latest_id, CANADA)):
        base = psephos.load(election)
        average = read_poll_average(path, parties=None, election_id=base.id)
        names = {NATIONAL, *country.poll_area_names}
        assert average.shares == pytest.approx(kept(names)), election
        assert set(average.skipped_areas) == {
            area for area in rows if area and area.lower() not in names
        }
    everywhere = {NATIONAL, *UK.poll_area_names, *CANADA.poll_area_names}
    assert read_poll_average(path).shares == pytest.approx(kept(everywhere))
    assert read_poll_average(path).skipped_areas == {}


@pytest.mark.parametrize(
    "text",
    [
        # the 2024 campaign table's layout: a row_type column marks polling day's result
        "date,row_type,con,lab\n2024-07-04,election_result_GB,24.4,34.7\n"
        "2024-07-03,poll,30,40\n2024-07-02,poll,32,38\n",
        # a tracker's row of the result in the pollster column
        "date,pollster,con,lab\n2024-07-04,2024 general election,24.4,34.7\n"
        "2024-07-03,Ipsos,30,40\n2024-07-02,YouGov,32,38\n",
    ],
)
def test_a_row_of_the_election_result_is_not_averaged_as_a_poll(tmp_path: Path, text: str) -> None:
    """The result is no poll: averaged, it pulls the mean towards what a user projecting
    from the polls does not know, and its date moves the final week onto polling day."""
    average = read_poll_average(_table(tmp_path, text))
    assert average.shares == {"Con": 31.0, "Lab": 39.0}
    assert average.n_polls == 2 and average.last == DAY(2024, 7, 3)
    note = "1 row of polls.csv marked as an election result, not a poll, skipped (row 2)."
    assert note in average.notes()


def test_the_real_2024_table_s_result_row_is_skipped(shared_data: Path) -> None:
    """``ge2024-campaign-polls-all-unnamed.csv`` opens with the GB result: the default
    window is the final week of polls, the same 34 polls as the back-test's."""
    table = shared_data / "uk" / "polls" / "ge2024-campaign-polls-all-unnamed.csv"
    default = read_poll_average(table)
    backtest = read_poll_average(table, until="2024-07-04")
    assert default.shares == backtest.shares and default.n_polls == 34


def test_a_row_of_fractions_among_percentages_is_refused(tmp_path: Path) -> None:
    """One rule reads the whole table as percentages or fractions; a row of fractions pasted
    among percentages would be averaged as a poll of 0.3% and 0.4%, so it is refused,
    naming the row. A table of fractions throughout is read, as one of percentages is."""
    mixed = _table(tmp_path, "date,con,lab\n2024-07-01,0.3,0.4\n2024-07-02,30,40\n")
    with pytest.raises(DataFormatError, match=r"row 2 gives fractions \(its shares sum to 0\.7\)"):
        read_poll_average(mixed)
    fractions = _table(tmp_path, "date,con,lab\n2024-07-01,0.3,0.4\n2024-07-02,0.3,0.4\n", "f.csv")
    assert read_poll_average(fractions).shares == pytest.approx({"Con": 30.0, "Lab": 40.0})
