"""Poll tables' dates (:mod:`psephos.io.polls`): every form a tracker or Wikipedia writes."""

from __future__ import annotations

import datetime

import pytest

from psephos.io.polls import format_dates, month_number, poll_date

JULY_3 = datetime.date(2024, 7, 3)


@pytest.mark.parametrize(
    "cell",
    [
        "2024-07-03",
        "2024-7-3",
        "2024-07-03 00:00:00",
        "03/07/2024",
        "3/7/24",
        "03.07.2024",
        "3 Jul 2024",
        "3 July 2024",
        "3rd July 2024",
        "1-3 Jul 2024",
        "1 - 3 Jul 2024",
        "28 Jun - 3 Jul 2024",
        "28 Jun \u2013 3 Jul 2024",
        "28 Jun\u20133 Jul 2024",
        "2024-06-28 to 2024-07-03",
        "28/06/2024 - 03/07/2024",
        "  3   Jul 2024 ",
    ],
)
def test_the_end_of_fieldwork_is_the_date(cell: str) -> None:
    assert poll_date(cell) == JULY_3


@pytest.mark.parametrize(
    "cell",
    [
        "July 3, 2024",
        "Jul 3 2024",
        "Jul. 3, 2024",
        "July 3rd, 2024",
        "Jul 1-3, 2024",
        "July 1 \u2013 3, 2024",
        "Jun 28 - Jul 3, 2024",
        "June 28, 2024 - July 3, 2024",
    ],
)
def test_a_month_first_date_reads_as_north_american_tables_write_it(cell: str) -> None:
    """Canada's poll tables write "September 19, 2021", which was not a date."""
    assert poll_date(cell) == JULY_3


def test_a_date_of_numbers_alone_stays_day_first() -> None:
    assert poll_date("07/03/2024") == datetime.date(2024, 3, 7)
    with pytest.raises(ValueError, match="not a date"):
        poll_date("Jly 3 2024")


def test_a_range_across_the_new_year_ends_in_the_new_year() -> None:
    assert poll_date("30 Dec 2023 - 2 Jan 2024") == datetime.date(2024, 1, 2)


def test_pollbase_days_take_the_rows_month_and_year() -> None:
    assert poll_date("8-9", year="2015", month="May") == datetime.date(2015, 5, 9)
    assert poll_date("22", year="2017", month="Sep") == datetime.date(2017, 9, 22)
    # the month is that of the first day: 27 Oct to 1 Nov
    assert poll_date("27-1", year="2017", month="Oct") == datetime.date(2017, 11, 1)
    assert poll_date("30-2", year="2019", month="Dec") == datetime.date(2020, 1, 2)


@pytest.mark.parametrize(
    "cell",
    ["", "nan", "soon", "3 Jul", "32 Jul 2024", "31/02/2024", "3 Jly 2024", "x - 3 Jul 2024"],
)
def test_a_cell_that_is_not_a_date_is_refused(cell: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        poll_date(cell)


def test_days_past_the_calendar_s_end_are_not_a_date() -> None:
    """A range of days running past 31 Dec 9999 is refused as any bad cell is, not a crash."""
    with pytest.raises(ValueError, match="not a date"):
        poll_date("30-1", year="9999", month="Dec")


def test_days_alone_need_a_month_and_year() -> None:
    with pytest.raises(ValueError, match="not a date"):
        poll_date("8-9")


def test_days_alone_say_which_of_their_row_s_columns_is_blank() -> None:
    """PollBase's own sheets give the year on a year's first row only: the message says so."""
    with pytest.raises(ValueError) as error:
        poll_date("10", year="", month="Jun ")
    assert str(error.value) == (
        "not a date: days alone take their month and year from the row's month and year "
        "columns, and its year is blank; fill it in on every row, or give a whole date such as "
        "3 Jul 2024"
    )
    with pytest.raises(ValueError, match="its month and year are blank; fill them in"):
        poll_date("8-9")


def test_month_names() -> None:
    assert [month_number(name) for name in ("Jan", "july", "Sept", "sep.", "DECEMBER")] == [
        1,
        7,
        9,
        9,
        12,
    ]
    with pytest.raises(ValueError):
        month_number("Ju")


def test_date_ranges_are_written_shortest_first() -> None:
    day = datetime.date
    assert format_dates(day(2024, 6, 27), JULY_3) == "27 Jun-3 Jul 2024"
    assert format_dates(day(2024, 7, 1), JULY_3) == "1-3 Jul 2024"
    assert format_dates(JULY_3, JULY_3) == "3 Jul 2024"
    assert format_dates(day(2023, 12, 30), day(2024, 1, 2)) == "30 Dec 2023-2 Jan 2024"
