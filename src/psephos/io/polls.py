"""Poll tables: a spreadsheet of published polls, one row a poll, as poll trackers and
Wikipedia's tables give them::

    date,pollster,con,lab,ld,snp,green,reform
    2024-07-03,Deltapoll,22,39,10,2,7,17
    28 Jun - 3 Jul 2024,Ipsos,19%,37%,11%,6%,9%,15%

The file is read as every user CSV is (:func:`psephos.io.rows.read_file`: UTF-8, else
Windows-1252 with a note, or an .xlsx workbook's sheet; :func:`psephos.io.rows.csv_records`:
a comma, semicolon or tab separator, rows numbered as lines of the file, the header being
row 1). Columns:

* **The date**: the first of :data:`DATE_COLUMNS` the header has (case, spaces and
  underscores ignored: ``End date`` is ``end_date``). A cell is an ISO date (``2024-07-03``),
  a day-first date (``03/07/2024``, ``3.7.24``), a written one (``3 Jul 2024``,
  ``3 July 2024``, or month first: ``July 3, 2024``, ``Jul 3 2024``; a date of numbers alone
  is always day first) or a fieldwork range (``1-3 Jul 2024``, ``28 Jun - 3 Jul 2024``,
  ``2024-06-28 to 2024-07-03``, ``Jun 28 - Jul 3, 2024``, ``Jul 1-3, 2024``), whose *end* is
  the poll's date (:func:`poll_date`). A fieldwork range of days alone (``8-9``, PollBase's
  layout) takes its month and year from ``month`` and ``year`` columns, the month being that
  of the first day. A cell that cannot be read is an error naming the row; a blank one (or
  ``n/a``, ``-``, or ``nan`` as a spreadsheet export writes a missing value: :data:`NO_DATE`)
  is a poll without a date, skipped and counted (:attr:`PollTable.undated`).
* **The area** (``area`` or ``geography``): rows of a national poll are kept (a blank cell,
  or one the caller's ``national`` function reads as the national poll's area: ``GB``,
  ``Great Britain``, ``national``, ``Canada``, as the country names it,
  :func:`psephos.projection.inputs.national_area_names`); the others are skipped and counted.
  ``UK`` is skipped too: a UK-wide poll counts Northern Ireland, whose parties a GB poll has
  none of, and the bundled final-week averages (``scripts/build_polls.py``) leave such polls
  out.
* **Parties**: every other column whose header the caller's ``party`` function reads as a
  party (the projection's poll reader, :func:`psephos.projection.polls.read_poll_table`).
  A cell is a percentage or a fraction (``39``, ``39%``, ``0.39``; which, the caller decides
  for the whole file); a blank, ``n/a``, a hyphen or a dash (:data:`psephos.io.shares.MISSING`)
  is a party the poll did not report.
* **The pollster** (the first of :data:`POLLSTER_COLUMNS`), kept to count pollsters.
* **A row that is a result, not a poll**: a row whose kind (the first of
  :data:`ROW_KIND_COLUMNS`: ``row_type,...`` with ``election_result_GB``) or pollster says
  "result" or "general election" (a tracker's row of the last election's result, as
  Wikipedia's tables have) is skipped and counted (:attr:`PollTable.results`): averaged as a
  poll it would pull the mean towards the result and, being the latest date, move the
  window onto polling day.
* Columns that are never a party (:data:`NOT_PARTIES`: client, sample size, lead, method,
  notes...) are ignored quietly; any other column is ignored and named in
  :attr:`PollTable.ignored`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from psephos.errors import DataFormatError
from psephos.io.rows import (
    column_key,
    column_name,
    columns_read_as_one,
    csv_records,
    file_named,
    header_as_written,
    header_cells,
    named_columns,
    read_file,
    share_number,
)
from psephos.io.shares import MISSING
from psephos.numbers import listed

WHAT = "poll table"

#: Columns that may hold a poll's date, in order of preference (the first the header has is
#: read): the end of fieldwork where a file says so, then a plain date, then fieldwork
#: (a range, whose end is read), then the date of publication.
DATE_COLUMNS = (
    "end_date",
    "fieldwork_end",
    "date",
    "fieldwork",
    "fieldwork_date",
    "dates_conducted",
    "last_date_of_polling",
    "end",
    "published",
)
#: Columns that may say what kind of row a row is (a poll, or a result: ``row_type``).
ROW_KIND_COLUMNS = ("row_type", "type", "kind", "poll_type")
#: Words of a row's kind or pollster cell (lower case) that make it a result, not a poll.
RESULT_WORDS = ("result", "general election")
#: Columns that may name the area a poll covers, in order of preference.
AREA_COLUMNS = ("area", "geography")
#: Columns that may name the pollster, in order of preference (PollBase heads it ``Polling``).
POLLSTER_COLUMNS = ("pollster", "polling_firm", "pollster_client", "firm", "company", "polling")
#: Columns that are never a party (underscores for spaces and ``/``), ignored without a note;
#: so is any column whose name ends in ``_lead`` (``con_lead``).
NOT_PARTIES = frozenset(
    {
        *DATE_COLUMNS,
        *AREA_COLUMNS,
        *POLLSTER_COLUMNS,
        "client",
        "commissioner",
        "commissioned_by",
        "publisher",
        "sponsor",
        "sample",
        "sample_size",
        "n",
        "lead",
        "margin",
        "margin_of_error",
        "moe",
        "method",
        "mode",
        "notes",
        "note",
        "comment",
        "comments",
        "source",
        "url",
        "link",
        "id",
        "poll_id",
        "start",
        "start_date",
        "fieldwork_start",
        "year",
        "month",
        "day",
        "published_day",
        "sheet",
        *ROW_KIND_COLUMNS,
    }
)

#: A date cell that gives no date (lower case): the missing values of
#: :data:`psephos.io.shares.MISSING`, and ``nan`` as a spreadsheet export writes one (PollBase's
#: extract has a poll whose fieldwork is ``nan``).
NO_DATE = frozenset({*MISSING, "nan"})

#: Month abbreviations as a date is written and read (``3 Jul 2024``; ``July`` and ``Sept``
#: are read too).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

_ISO = r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?"
_NUMERIC = r"(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4}|\d{2})"
_WRITTEN = r"(?P<wday>\d{1,2})(?:st|nd|rd|th)?\s+(?P<wmonth>[A-Za-z]+)\.?,?\s+(?P<wyear>\d{4})"
#: Month first, as North American tables write it (``September 19, 2021``, ``Sep 19 2021``,
#: ``Sep 15-19, 2021``: a range of days within the month, whose last is the date).
_MONTH_FIRST = (
    r"(?P<mmonth>[A-Za-z]+)\.?\s+(?:\d{1,2}\s*[-\u2013\u2014]\s*)?"
    r"(?P<mday>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<myear>\d{4})"
)
#: A whole date at the end of a cell, after an optional range start and its separator.
_END_DATE = re.compile(
    r"^(?:(?P<start>.*?)\s*(?:-|\u2013|\u2014|\bto\b)\s*)?"
    rf"(?:{_ISO}|{_NUMERIC}|{_WRITTEN}|{_MONTH_FIRST})$",
    re.IGNORECASE,
)
#: A fieldwork range of days alone (``8-9``, ``30-1``, ``22``): PollBase's layout.
_DAYS = re.compile(r"^(?P<first>\d{1,2})(?:\s*[-\u2013\u2014]\s*(?P<last>\d{1,2}))?$")


def month_number(name: str) -> int:
    """The month ``name`` means (``Jul``, ``July``, ``Sept``, ``jul.``), 1-12.

    Raises:
        ValueError: not a month's name.
    """
    word = name.strip().rstrip(".").lower()
    for number, full in enumerate(_MONTH_NAMES, start=1):
        if len(word) >= 3 and full.startswith(word):
            return number
    if word == "sept":
        return 9
    raise ValueError(f"{name!r} is not a month")


def poll_date(text: str, *, year: str = "", month: str = "") -> datetime.date:
    """The date a poll's date cell means: the end of its fieldwork (see the module docs).
    ``year`` and ``month`` (a row's own columns, where it has them) complete a range of days
    alone (``"30-1"`` with ``month="Oct"`` ends on 1 November).

    Raises:
        ValueError: a cell that is not a date, saying what is read (days alone in a row
            without its month or year: which is blank, as in PollBase's own sheets, which
            give the year on a year's first row only).
    """
    cell = " ".join(str(text).split())
    found = _END_DATE.match(cell)
    days = _DAYS.match(cell)
    blank = [name for name, value in (("month", month), ("year", year)) if not value.strip()]
    try:
        if found is not None and _start_is_a_date(found["start"]):
            return _whole_date(found)
        if days is not None and not blank:
            return _from_days(days, year, month)
    except (ValueError, OverflowError):  # a day past the calendar's end (31 Dec 9999)
        pass
    if days is not None and blank:
        missing = listed(blank)
        raise ValueError(
            "not a date: days alone take their month and year from the row's month and year "
            f"columns, and its {missing} {'are' if len(blank) > 1 else 'is'} blank; fill "
            f"{'them' if len(blank) > 1 else 'it'} in on every row, or give a whole date such "
            "as 3 Jul 2024"
        )
    raise ValueError(
        "not a date; give e.g. 2024-07-03, 03/07/2024, 3 Jul 2024, Jul 3, 2024 or a "
        "fieldwork range such as 28 Jun - 3 Jul 2024"
    )


def _start_is_a_date(start: str | None) -> bool:
    """A range's start: a day, a day and month, or a whole date (anything with a digit and
    no stray word)."""
    if not start:
        return True
    return bool(re.fullmatch(r"[0-9A-Za-z ./,\-]*\d[0-9A-Za-z ./,\-]*", start))


def _whole_date(found: re.Match[str]) -> datetime.date:
    if found["iso"]:
        return datetime.date.fromisoformat(
            "-".join(part.zfill(2) for part in found["iso"].split("-"))
        )
    if found["day"]:
        year = int(found["year"])
        return datetime.date(
            year + 2000 if year < 100 else year, int(found["month"]), int(found["day"])
        )
    if found["wday"]:
        return datetime.date(int(found["wyear"]), month_number(found["wmonth"]), int(found["wday"]))
    return datetime.date(int(found["myear"]), month_number(found["mmonth"]), int(found["mday"]))


def _from_days(days: re.Match[str], year: str, month: str) -> datetime.date:
    """The end of a range of days whose first day falls in ``month`` of ``year``."""
    start = datetime.date(int(float(year)), month_number(month), int(days["first"]))
    if days["last"] is None:
        return start
    last = int(days["last"])
    if last >= start.day:
        return start.replace(day=last)
    following = start.replace(day=1) + datetime.timedelta(days=32)
    return following.replace(day=last)


def format_date(day: datetime.date) -> str:
    """A date as a note writes it: ``3 Jul 2024``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_dates(first: datetime.date, last: datetime.date) -> str:
    """Two dates as a range: ``27 Jun-3 Jul 2024``, ``1-3 Jul 2024``, ``3 Jul 2024`` (one
    day), ``30 Dec 2023-2 Jan 2024``."""
    if first == last:
        return format_date(last)
    if first.year != last.year:
        return f"{format_date(first)}-{format_date(last)}"
    if first.month != last.month:
        return f"{first.day} {MONTHS[first.month - 1]}-{format_date(last)}"
    return f"{first.day}-{format_date(last)}"


@dataclass(frozen=True, slots=True)
class Poll:
    """One poll of a table.

    Attributes:
        row: Its row number in the file (the header is row 1).
        date: The end of its fieldwork.
        pollster: Its pollster (``""`` where the file names none).
        shares: Party -> share as given (percent or fraction); parties it did not report are
            absent.
    """

    row: int
    date: datetime.date
    pollster: str
    shares: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class PollTable:
    """A poll table as read: its national polls and how it was read.

    Attributes:
        name: The file's name, for messages and notes.
        polls: The polls kept (national ones), in file order.
        columns: Party -> the column it was read from, as the header spells it.
        ignored: Columns read as neither a party nor a known non-party column.
        skipped_areas: Area -> polls skipped for covering it (not a national GB poll).
        notes: How columns read as one party were settled (:data:`Settle`).
        undated: Rows of national polls skipped for a date cell that gives no date
            (:data:`NO_DATE`).
        results: Rows skipped as a result, not a poll (:func:`is_result_row`).
    """

    name: str
    polls: tuple[Poll, ...]
    columns: Mapping[str, str]
    ignored: tuple[str, ...] = ()
    skipped_areas: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    undated: tuple[int, ...] = ()
    results: tuple[int, ...] = ()


def is_result_row(*cells: str) -> bool:
    """Whether a row whose kind and pollster cells are ``cells`` is a result rather than a
    poll: one of them says so (:data:`RESULT_WORDS`: ``election_result_GB``, ``2019 general
    election``)."""
    return any(word in cell.lower() for cell in cells for word in RESULT_WORDS)


#: Reads a column's header as a party code, or ``None`` for a column that is no party.
PartyOf = Callable[[str], str | None]
#: Whether a row's area cell (not blank) names the area of a national poll: the row is kept.
NationalArea = Callable[[str], bool]
#: Settles two or more columns read as one party (PollBase's ``ukip`` and ``bxp``, both the
#: Reform lineage): given the party, its columns as the header spells them and the table as
#: messages name it (``poll table 'polls.csv'``), each column's party (``None``: left out)
#: and a note saying so.
#:
#: Raises:
#:     DataFormatError: the columns cannot be settled, naming them.
Settle = Callable[[str, Sequence[str], str], tuple[Mapping[str, str | None], str]]


def read_poll_table(
    path: str | Path, *, party: PartyOf, national: NationalArea, settle: Settle | None = None
) -> PollTable:
    """A poll table CSV file (see the module docs); ``party`` reads a header as a party,
    ``national`` an area cell as the national poll's, and ``settle`` (where given) the
    columns read as one party.

    Raises:
        DataFormatError: the file cannot be read, has no date column, two columns read as
            one party (that ``settle`` does not settle), no party column, or a row whose date
            or share cannot be read (naming the row and column).
    """
    read = read_file(path, what=f"The {WHAT}")
    return parse_poll_table(
        read.text, name=read.name, party=party, national=national, settle=settle
    )


def parse_poll_table(
    text: str,
    *,
    name: str,
    party: PartyOf,
    national: NationalArea,
    settle: Settle | None = None,
) -> PollTable:
    """:func:`read_poll_table` for text already in memory; ``name`` names it in messages."""
    what = file_named(WHAT, name)
    expected = f"a date column ({', '.join(DATE_COLUMNS)}) and party columns (Con, Lab, ...)"
    # party columns are known by their headers: a decimal comma reads as a point in any column
    header, records = csv_records(text, what=what, required=(), expected=expected, numbers="all")
    keys = {
        column: column_key(column)
        for column in named_columns(header)
        if not column.startswith("__")
    }
    spelled = {column: column for column in keys} | header_as_written(text)
    _refuse_repeated_parties(text, keys, party, what)
    date_column = _first(keys, DATE_COLUMNS)
    if date_column is None:
        raise DataFormatError(
            f"The {what} has no date column; expected one of {', '.join(DATE_COLUMNS)} "
            f"(found {', '.join(header) or 'none'})."
        )
    columns, ignored, notes = _party_columns(keys, party, what, settle, spelled)
    area_column = _first(keys, AREA_COLUMNS)
    pollster_column = _first(keys, POLLSTER_COLUMNS)
    kind_column = _first(keys, ROW_KIND_COLUMNS)
    polls: list[Poll] = []
    skipped: dict[str, int] = {}
    undated: list[int] = []
    results: list[int] = []
    for number, record in records:
        area = (record.get(area_column) or "").strip() if area_column else ""
        if area and not national(area):
            skipped[area] = skipped.get(area, 0) + 1
            continue
        pollster = (record.get(pollster_column) or "").strip() if pollster_column else ""
        if is_result_row(pollster, (record.get(kind_column) or "") if kind_column else ""):
            results.append(number)
            continue
        if (record.get(date_column) or "").strip().lower() in NO_DATE:
            undated.append(number)
            continue
        date = _row_date(record, date_column, what=f"{what} row {number}: {spelled[date_column]}")
        shares = _shares(record, columns, spelled, where=f"{what} row {number}")
        polls.append(Poll(number, date, pollster, shares))
    return PollTable(
        name=name,
        polls=tuple(polls),
        columns={code: spelled[column] for code, column in columns.items()},
        ignored=tuple(spelled[column] for column in ignored),
        skipped_areas=skipped,
        notes=notes,
        undated=tuple(undated),
        results=tuple(results),
    )


def _row_date(record: Mapping[str, str], column: str, *, what: str) -> datetime.date:
    """A row's date (:func:`poll_date`, with its ``year`` and ``month`` columns, for
    PollBase's ranges of days).

    Raises:
        DataFormatError: ``what`` (the row and column) and the problem.
    """
    cell = (record.get(column) or "").strip()
    try:
        return poll_date(cell, year=record.get("year") or "", month=record.get("month") or "")
    except ValueError as error:
        shown = f" ({cell!r})" if cell else ""
        raise DataFormatError(f"{what}: {error}{shown}.") from None


def _first(keys: Mapping[str, str], wanted: Sequence[str]) -> str | None:
    """The first column (as the header names it) whose key is one of ``wanted``, in the
    order of ``wanted``."""
    for name in wanted:
        for column, key in keys.items():
            if key == name:
                return column
    return None


def _refuse_repeated_parties(text: str, keys: Mapping[str, str], party: PartyOf, what: str) -> None:
    """Refuse a party column the header repeats under one name (``Lab,Lab`` or ``Lab,lab``):
    the rows keep one cell per name, so the other column's shares would be dropped unseen,
    as :func:`~psephos.io.rows.columns_read_as_one` refuses two names of one party.

    Raises:
        DataFormatError: naming the party and both columns as the file writes them.
    """
    written: dict[str, list[str]] = {}
    for cell in header_cells(text):
        written.setdefault(column_name(cell), []).append(cell)
    for column, cells in written.items():
        key = keys.get(column)
        if len(cells) < 2 or key is None or key in NOT_PARTIES or key.endswith("_lead"):
            continue
        code = party(column)
        if code is not None:
            raise columns_read_as_one(what, code, cells)


def _party_columns(
    keys: Mapping[str, str],
    party: PartyOf,
    what: str,
    settle: Settle | None,
    spelled: Mapping[str, str],
) -> tuple[dict[str, str], list[str], tuple[str, ...]]:
    """Party -> column, the columns ignored that are not known non-party columns, and the
    notes of columns read as one party that ``settle`` settled.

    Raises:
        DataFormatError: two columns read as one party (unsettled), or no party column.
    """
    found: dict[str, list[str]] = {}
    ignored: list[str] = []
    for column, key in keys.items():
        if key in NOT_PARTIES or key.endswith("_lead"):
            continue
        code = party(column)
        if code is None:
            ignored.append(column)
            continue
        found.setdefault(code, []).append(column)
    columns = {code: both[0] for code, both in found.items() if len(both) == 1}
    notes: list[str] = []
    for code, both in found.items():
        if len(both) == 1:
            continue
        if settle is None:
            raise columns_read_as_one(what, code, both)
        read, note = settle(code, [spelled[column] for column in both], what)
        for column in both:
            settled = read.get(spelled[column])
            if settled is not None and settled in columns:
                raise columns_read_as_one(what, settled, [columns[settled], column])
            if settled is not None:
                columns[settled] = column
        notes.append(note)
    if not columns:
        raise DataFormatError(
            f"The {what} has no party columns (found {', '.join(keys) or 'none'}); give one "
            "column per party, headed by its name (Con, Lab, LD, ...)."
        )
    order = list(keys)
    return (
        dict(sorted(columns.items(), key=lambda item: order.index(item[1]))),
        ignored,
        tuple(notes),
    )


def _shares(
    record: Mapping[str, str], columns: Mapping[str, str], spelled: Mapping[str, str], *, where: str
) -> dict[str, float]:
    """A row's shares, party -> number as given; a cell in :data:`MISSING` is a party the
    poll did not report.

    Raises:
        DataFormatError: a cell that is not a number, or a negative one, naming ``where`` (the
            row) and the column as the header writes it.
    """
    shares: dict[str, float] = {}
    for code, column in columns.items():
        cell = (record.get(column) or "").strip()
        if cell.lower() in MISSING:
            continue
        try:
            value = share_number(cell)
        except ValueError as error:
            raise DataFormatError(f"{where}: {spelled[column]}: {error} ({cell!r}).") from None
        if value < 0:
            raise DataFormatError(f"{where}: {spelled[column]}: negative ({cell!r}).")
        shares[code] = value
    return shares
