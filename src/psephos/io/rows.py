"""The one way psephos reads a row-shaped file: a declared row schema and row-numbered errors.

Every reader in :mod:`psephos.io` declares its row as a pydantic model (a subclass of
:class:`Row`) and reads through :func:`read_rows` (or :func:`validate_row` for formats that are
not CSV), so the same bad file gets the same message from the command line and the web app:
``"<what> row 7: votes: not a number ('12a')"``. Rows are numbered as lines of the file, the
header being row 1.

Any of these files may be an .xlsx workbook (:func:`decode_file`, :func:`read_file`): its
first sheet, or the one a path picks after a ``#`` (``polls.xlsx#2019``), is read as the CSV
a spreadsheet would export, so rows keep the sheet's numbers and messages name the sheet
(``poll table 'polls.xlsx', sheet '2019' row 7: ...``).
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import math
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from psephos.errors import (
    DataFormatError,
    InputWarning,
    ReadingWarning,
    UnknownConstituencyError,
    UnknownPartyError,
    did_you_mean,
)
from psephos.model import Election, get_party
from psephos.numbers import first_listed, format_number, listed

RowT = TypeVar("RowT", bound="Row")

#: Most votes one candidate (or party) can have in one seat, in every file psephos reads and
#: every declaration the web app takes (and the largest electorate the web takes): above any
#: one seat's electorate anywhere (an Indian Lok Sabha seat has up to 3.8 million electors,
#: a US statewide race such as California's Senate seat over 22 million), so only a typo or a
#: corrupted file goes over it, and far inside the integers every JSON reader keeps exact.
MAX_SEAT_VOTES = 100_000_000


def seat_votes(number: float) -> float:
    """``number`` if it is a plausible count for one seat, else ``ValueError`` saying why."""
    if number > MAX_SEAT_VOTES:
        raise ValueError(f"more than {MAX_SEAT_VOTES:,} (more than any seat's electorate)")
    return number


def finite_number(
    value: object, label: str | None = None, *, infinite: str = "not a number"
) -> float:
    """A cell as a finite float, or ``ValueError`` saying why (the message a row schema shows).

    With ``label`` the messages name it and an empty cell is ``"<label> is missing"``;
    without, every failure is ``"not a number"``. ``infinite`` is what a non-finite value
    (``inf``, ``nan``) is called.
    """
    raw = str(value).strip()
    prefix = f"{label} is " if label else ""
    if label and not raw:
        raise ValueError(f"{label} is missing")
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(f"{prefix}not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{prefix}{infinite}")
    return number


def share_number(value: object) -> float:
    """A share cell as a finite float: a percentage or a fraction, a trailing ``%`` allowed
    (``47.1``, ``47.1%``, ``0.471``); which of the two it is, the caller's rule decides
    (:func:`psephos.numbers.percent_factor`). ``ValueError`` as :func:`finite_number`."""
    return finite_number(str(value).strip().removesuffix("%"))


#: A number written with thousands separators as a spreadsheet writes them: one separator,
#: only between groups of three digits: a comma (``21,000``, ``1,234,567.5``), or a space, a
#: no-break space or a narrow one, as a French locale writes it (``21 000``), or an apostrophe
#: as a Swiss one does (``21'000``).
_GROUPED = re.compile(r"[0-9]{1,3}([, \u00a0\u202f'\u2019])[0-9]{3}(?:\1[0-9]{3})*(?:\.[0-9]*)?")


def without_separators(value: object) -> str:
    """A number cell as text without its thousands separators (``"21,000"`` or ``"21 000"``
    -> ``"21000"``), the one rule of every reader of counts: separators (:data:`_GROUPED`)
    are taken out only where one kind of them separates groups of three digits, so
    ``"21,00"``, ``"1,2"`` or ``"21 00"`` stay as written and fail as numbers."""
    text = str(value if value is not None else "").strip()
    grouped = _GROUPED.fullmatch(text)
    return text.replace(grouped[1], "") if grouped else text


#: A number of hours with its unit written after it, as a sign-up form's answers give it
#: ("4 hours", "4 hrs", "4h", "2.5 hr", "1,000 hours"): :func:`without_hours_unit`.
_HOURS = re.compile(
    r"\s*([-+]?[0-9][0-9,.'\u2019 \u00a0\u202f]*|[-+]?\.[0-9]+)\s*(?:h|hr|hrs|hour|hours)\.?\s*",
    re.IGNORECASE,
)


def without_hours_unit(value: object) -> str:
    """An hours cell as its number, the unit written after it taken out (``"4 hours"``,
    ``"4 hrs"``, ``"4h"`` -> ``"4"``) and its thousands separators too, as every reader of a
    number reads them (:func:`without_separators`: ``"1,000"`` -> ``"1000"``); any other
    cell as written (``"1,5"`` stays, a decimal comma: :func:`decimal_comma_advice`). The
    one rule of the readers of hours (volunteers, capacities)."""
    text = str(value if value is not None else "")
    written = _HOURS.fullmatch(text)
    return without_separators(written[1] if written else text)


def without_hours_units(cells: Iterable[str]) -> list[str]:
    """:func:`without_hours_unit` of each cell of a column; a cell of digits alone (most of
    them) is already a number and kept without matching the pattern."""
    return [cell if cell.isdigit() else without_hours_unit(cell) for cell in cells]


def whole_count(value: object, *, blank: bool = False) -> int | None:
    """A cell as a count of votes or electors: a whole number of at least zero, thousands
    separators allowed (:func:`without_separators`; ``"21000.0"`` is 21000). With ``blank``
    an empty cell is ``None``.

    Raises:
        ValueError: "missing", "not a whole number" or "negative" (the message a row schema
            shows).
    """
    text = without_separators(value)
    if not text:
        if blank:
            return None
        raise ValueError("missing")
    try:
        number = float(text)
    except ValueError:
        raise ValueError("not a whole number") from None
    if not math.isfinite(number) or not number.is_integer():
        raise ValueError("not a whole number")
    if number < 0:
        raise ValueError("negative")
    return int(number)


#: What a message about a party psephos does not know says to do, in every reader that can
#: count such parties as Other (results files, declaration feeds).
UNKNOWN_PARTIES_HINT = (
    "To count parties psephos does not know as Other, read the file with unknown parties as "
    "'other' (--unknown-parties other)."
)


def read_seat(election: Election, seat: str, *, where: str = "") -> tuple[int, str]:
    """The position in ``election`` of a seat a file gives by its ONS code or name
    (:meth:`psephos.model.Election.seat_index`, as every seat is read: case, ``&`` and
    punctuation ignored, or a part of a name that only one seat has), and a note when it was
    read from a part of its name ("Houghton" for Houghton and Sunderland South), else ``""``.
    ``where`` says where the file gives it (``declaration CSV rows 2-6``), for both.

    Raises:
        UnknownConstituencyError: no such seat, naming ``where`` and the closest names.
    """
    try:
        position = election.seat_index(seat)
    except UnknownConstituencyError as error:
        raise UnknownConstituencyError(f"{where}: {error}" if where else str(error)) from None
    if election.find_seat(seat) is not None:
        return position, ""
    found = election.constituencies[position]
    shown = f"{seat!r} ({where})" if where else repr(seat)
    return position, f"{shown} was read as {found.named}."


def party_cell(value: str) -> str:
    """A party cell as its vocabulary code, through :func:`psephos.model.get_party` as every
    reader does (codes, names and aliases: ``Labour``, ``Lib Dem``), or ``ValueError`` naming
    the known parties (the message a row schema shows)."""
    try:
        return get_party(value).code
    except UnknownPartyError as error:
        raise ValueError(str(error).rstrip(".")) from None


class Row(BaseModel):
    """Base of every declared row schema: frozen, whitespace stripped, unknown columns ignored."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, extra="ignore")


class FittedRow(Row):
    """Base of every row schema that refuses a row with more fields than its header (the
    ``__extra__`` cell :func:`csv_records` gives such a row): a cell split in two by an
    unquoted comma shifts every column after it, so the row is refused, naming it, rather than
    read with its extra fields dropped."""

    extra_fields: str = Field("", validation_alias="__extra__", exclude=True)

    @field_validator("extra_fields")
    @classmethod
    def _no_extra_fields(cls, value: str) -> str:
        if value:
            raise ValueError(value)
        return value


class ShareCell(Row):
    """Base of every row schema with a ``share`` field (each declares it where its columns put
    it, ``share: float = Field(ge=0)``): the cell is read by :func:`share_number`, a
    percentage or a fraction, ``%`` allowed."""

    @field_validator("share", mode="before", check_fields=False)
    @classmethod
    def _number(cls, value: object) -> object:
        return share_number(value)


def describe_error(error: ValidationError) -> str:
    """One short phrase per invalid field: ``"votes: not a number ('12a')"``, a value out of
    its field's bounds as :func:`_out_of_range` says it (``"share: negative (-4.0)"``)."""
    parts = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"])  # empty: the row as a whole
        message = str(item["msg"]).removeprefix("Value error, ")
        if field == "__extra__":  # FittedRow: the row's length, its message says it all
            parts.append(message)
            continue
        if item["type"] == "float_parsing":
            message = "not a number"
        if item["type"] in ("int_parsing", "int_from_float"):
            message = "not a whole number"
        message = _out_of_range(str(item["type"]), item.get("ctx") or {}) or message
        value = item.get("input")
        if item["type"] == "missing" or (item["type"] == "string_too_short" and value == ""):
            message = "missing"
        shown = shown_value(value)
        if shown and message.endswith(shown):  # a validator that names the value already
            shown = ""
        parts.append(f"{field}: {message}{shown}" if field else f"{message}{shown}")
    return "; ".join(parts)


def shown_value(value: object) -> str:
    """A refused value as a message shows it after its problem, ``" ('12a')"`` or
    ``" (12.5)"`` (``""`` for an empty or structured one): :func:`describe_error`'s rule,
    which a validator naming its value follows (:func:`psephos.io.declarations.declared_count`,
    so that the web, whose messages do not add the value, says it too)."""
    return f" ({value!r})" if isinstance(value, str | int | float) and value != "" else ""


def _out_of_range(kind: str, bounds: Mapping[str, object]) -> str:
    """A bound a field's value broke, said as the readers say it (``"negative"``, as a count
    below zero is: :func:`whole_count`), not in pydantic's words ("Input should be greater
    than or equal to 0"); ``""`` for any other error."""
    bound = bounds.get({"greater_than_equal": "ge", "greater_than": "gt"}.get(kind, "le"))
    if isinstance(bound, int | float):
        bound = format(bound, "g")  # 10.0 -> 10
    if kind == "greater_than_equal":
        return "negative" if bound == "0" else f"below {bound}"
    if kind == "greater_than":
        return f"{bound} or less"
    if kind == "less_than_equal":
        return f"above {bound}"
    return ""


def counted_as_other_note(where: str, labels: Sequence[str], scope: str = "") -> str:
    """The one note naming the party labels a file's reader counted as Other as parties
    psephos does not know (``unknown_parties="other"``), so that a seat won by one of them is
    seen as such: ``where`` names the file or its rows, ``scope`` where else the note holds
    ("here and wherever they stand later in the feed"); ``""`` where none was. ``psephos
    nowcast feed`` (and the web's replay of a file) and the exit poll's sample (``psephos
    exitpoll estimate``, the web's exit-poll page and API) say it alike."""
    if not labels:
        return ""
    held = f" ({scope})" if scope else ""
    return (
        f"{where}: counted as Other, as parties psephos does not know{held}: "
        f"{listed(list(labels))}."
    )


def shares_above_whole(
    what: str, rows: Sequence[int], seat: str, total_percent: float
) -> DataFormatError:
    """The refusal of one seat's shares adding up to more than 100% (an exit-poll sample's, a
    seat shape's), naming its rows and the sum, the one message of every reader of a seat's
    shares."""
    where = f"rows {rows[0]}-{rows[-1]}" if rows[0] != rows[-1] else f"row {rows[0]}"
    return DataFormatError(
        f"{what} {where}: the shares of {seat} add up to "
        f"{format_number(total_percent, '.1f')}%, above 100%; give each party's share of the "
        "seat's vote."
    )


def refuse_repeated_rows(
    rows: Iterable[tuple[int, RowT]],
    key: Callable[[RowT], object],
    refusal: Callable[[int, RowT, int, RowT], str],
) -> None:
    """Refuse the first row whose ``key`` an earlier row has (a seat's capacity, a pair's
    transfer rate given twice), which read in turn would silently keep the last: raises
    :class:`~psephos.errors.DataFormatError` with ``refusal(earlier_line, earlier_row, line,
    row)``, the reader's own words naming both rows. The one check of every reader whose
    rows are keyed."""
    first: dict[object, tuple[int, RowT]] = {}
    for line, row in rows:
        seen = first.setdefault(key(row), (line, row))
        if seen[0] != line:
            raise DataFormatError(refusal(*seen, line, row))


def validate_row(
    schema: type[RowT],
    record: object,
    *,
    what: str,
    row: int,
    unit: str = "row",
    context: dict[str, object] | None = None,
) -> RowT:
    """One record checked against its schema (``context`` goes to its validators).

    Raises:
        DataFormatError: ``"<what> row N: field: problem"`` (``unit`` replaces "row").
    """
    try:
        return schema.model_validate(record, context=context)
    except ValidationError as error:
        raise DataFormatError(f"{what} {unit} {row}: {describe_error(error)}.") from None


def file_named(what: str, name: str | Path) -> str:
    """How every message names a file: what it is, then its name in single quotes
    (``results file 'h.csv'``), the one rule of every reader, from a path or an upload.
    ``name`` is the path the user gave where the file could not be opened, else the file's
    name. Quoted as written, not with ``repr``, so a Windows path keeps single backslashes.
    A workbook's sheet (:func:`sheet_named`: ``polls.xlsx#2019``) is named after its file
    (``poll table 'polls.xlsx', sheet '2019'``)."""
    text = str(name)
    for index, character in enumerate(text):
        if character == SHEET_MARK and text[:index].lower().endswith(WORKBOOK_SUFFIXES):
            return f"{what} '{text[:index]}', sheet '{text[index + 1 :]}'"
    return f"{what} '{name}'"


def file_error(path: str | Path, error: OSError, *, what: str) -> DataFormatError:
    """The one message for a file that cannot be opened: missing, a folder, or unreadable."""
    named = file_named(what, path)
    if isinstance(error, IsADirectoryError) or Path(path).is_dir():
        return DataFormatError(f"{named} is a folder, not a file.")
    if isinstance(error, FileNotFoundError):
        return DataFormatError(f"{named} does not exist.")
    return DataFormatError(f"{named} cannot be read ({error.strerror or error}).")


#: The encoding a file that is not UTF-8 is read in: Windows-1252, what Excel on Windows
#: writes when a sheet is saved as "CSV" (not "CSV UTF-8"), so a "£" or "Zoë" is one byte.
FALLBACK_ENCODING = "cp1252"
#: The byte-order marks of UTF-16 text (little- and big-endian), which Excel writes at the start
#: of a sheet saved as "Unicode Text": :func:`decode_text` reads such a file as UTF-16.
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
#: What text decoded as UTF-16 has if it is a table (a line end or a separator), and what no
#: text has (control characters other than tab and line ends): bytes that only start like
#: UTF-16 (a binary file) decode to neither.
_UTF16_TABLE = re.compile(r"[\n\r\t,;]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def decode_text(raw: bytes, *, label: str) -> tuple[str, str | None]:
    """Bytes of a text file as text, and a note when they were not UTF-8: UTF-16 where they
    start with its byte-order mark (:data:`UTF16_MARKS`: Excel's "Unicode Text", separated by
    tabs), else UTF-8 (a byte-order mark dropped), else Windows-1252
    (:data:`FALLBACK_ENCODING`), a file of UTF-8 lines with a few in Windows-1252 line by
    line (:func:`_mixed_lines`), the one way psephos decodes a file, from a path
    (:func:`read_text`) or an upload (the web app). ``label`` names the file in the messages
    ("Volunteer file 'team.csv'").

    Raises:
        DataFormatError: the bytes are not text in any of these encodings (a spreadsheet's own
            file, a picture).
    """
    not_text = f"{label} is not text; save it as UTF-8 CSV."
    if raw.startswith(UTF16_MARKS):
        try:
            text = raw.decode("utf-16")  # the mark says the byte order, and is dropped
        except UnicodeDecodeError:
            text = ""
        if not _UTF16_TABLE.search(text) or _CONTROL.search(text):
            raise DataFormatError(
                f"{label} starts as UTF-16 text but is not a table in it; save it as UTF-8 CSV."
            )
        return text, None
    if b"\x00" in raw:  # no text file holds NUL bytes; a binary file (an .xlsx) does
        raise DataFormatError(not_text)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode(FALLBACK_ENCODING)
    except UnicodeDecodeError:
        raise DataFormatError(not_text) from None
    return _mixed_lines(raw, label) or (text, fallback_note(label))


def _mixed_lines(raw: bytes, label: str) -> tuple[str, str] | None:
    """A file of UTF-8 lines and lines in Windows-1252 (one row pasted from another file,
    a "Zoë" typed in another program), each line decoded in its own encoding, with a note
    naming the lines read as Windows-1252 (the first five); ``None`` where no line beyond
    ASCII is UTF-8 (the whole file is Windows-1252), so that a name written both ways is
    read as written, not garbled on the UTF-8 lines."""
    lines = raw.removeprefix(b"\xef\xbb\xbf").splitlines(keepends=True)
    decoded: list[str] = []
    fallback: list[int] = []
    utf8 = False
    for number, line in enumerate(lines, start=1):
        try:
            decoded.append(line.decode("utf-8"))
            utf8 = utf8 or not line.isascii()
        except UnicodeDecodeError:
            try:
                decoded.append(line.decode(FALLBACK_ENCODING))
            except UnicodeDecodeError:
                return None
            fallback.append(number)
    if not utf8:
        return None
    shown = ", ".join(map(str, fallback[:5])) + (", ..." if len(fallback) > 5 else "")
    lines_read = f"line {shown}, which was" if len(fallback) == 1 else f"lines {shown}, which were"
    return "".join(decoded), (
        f'{label} is UTF-8 but for {lines_read} read as Windows-1252 (Excel\'s "CSV" on '
        'Windows). Save it as "CSV UTF-8" if any name looks wrong.'
    )


def fallback_note(label: str) -> str:
    """The note for a file read as Windows-1252 (:data:`FALLBACK_ENCODING`) because it was not
    UTF-8 (:func:`decode_text`); ``label`` names the file."""
    return (
        f'{label} is not UTF-8; it was read as Windows-1252 (Excel\'s "CSV" on Windows). '
        'Save it as "CSV UTF-8" if any name looks wrong.'
    )


#: The first bytes of an .xlsx workbook (a zip archive of XML parts), how :func:`decode_file`
#: knows one whatever its name.
WORKBOOK_SIGNATURE = b"PK\x03\x04"
#: The first bytes of an old binary Excel workbook (.xls, an OLE2 compound file).
OLD_WORKBOOK_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: What a path writes between a workbook and the sheet it picks: ``polls.xlsx#2019``.
SHEET_MARK = "#"
#: The endings of a workbook's name: a path ``<name><ending>#<sheet>`` picks a sheet even when
#: the workbook is missing, so the message names the workbook (:func:`sheet_of`).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: The most a workbook's parts may expand to, as a multiple of its own size (plus
#: :data:`WORKBOOK_SLACK`): real workbooks expand 5 to 20 times (PollBase: 7); a zip built to
#: expand a thousandfold would take an upload of 1 MB past every limit on what is read.
WORKBOOK_EXPANSION = 100
#: Bytes a workbook's parts may expand to whatever its size (a small workbook's styles).
WORKBOOK_SLACK = 16 * 1024 * 1024
#: The most sheet names a note or message lists.
_LISTED_SHEETS = 30


@dataclass(frozen=True, slots=True)
class FileText:
    """A user's file as the row readers take it (:func:`decode_file`, :func:`read_file`).

    Attributes:
        text: Its text: the file's own, or a workbook sheet's rows as CSV.
        name: The name messages give it (:func:`file_named`): the file's name, and for a
            workbook the sheet read after :data:`SHEET_MARK` (``polls.xlsx#2019``).
        note: What a reader should be told (a file read as Windows-1252, the sheet read of a
            workbook with several), else ``None``.
    """

    text: str
    name: str
    note: str | None = None

    @property
    def named_text(self) -> tuple[str, str]:
        """``(text, name)``, as the library's readers take a file already read."""
        return self.text, self.name


@dataclass(frozen=True, slots=True)
class SheetPick:
    """How the user who gave a workbook picks one of its sheets, as the reader's messages tell
    it (:func:`decode_file`): on the command line after :data:`SHEET_MARK` in the file's path
    (``polls.xlsx#2019``, :data:`PATH_PICK`, the default), on the web in the Sheet box beside
    the form's upload (:data:`BOX_PICK`), so that each message says what to do where the file
    came from.

    Attributes:
        box: The box a form takes a sheet's name in, as a message names it ("its Sheet box":
            the file's, the message having named the file), ``None`` where a path picks it.
    """

    box: str | None = None

    def choose(self, name: str, sheet: str) -> str:
        """How to pick the sheet ``sheet`` of the workbook called ``name``, after "pick one":
        ``"as 'polls.xlsx#2019'"``, or ``"by typing '2019' in its Sheet box"``."""
        if self.box is None:
            return f"as '{sheet_named(name, sheet)}'"
        return f"by typing {sheet!r} in {self.box}"

    def leave_out(self, sheet: str) -> str:
        """How to pick no sheet, where ``sheet`` was picked of a file that is not a workbook:
        ``"leave out '#2019'"``, or ``"leave its Sheet box empty"``."""
        if self.box is None:
            return f"leave out '{SHEET_MARK}{sheet}'"
        return f"leave {self.box} empty"


#: A sheet picked as a command-line path picks it: ``polls.xlsx#2019``.
PATH_PICK = SheetPick()
#: A sheet picked as a web form picks it: the Sheet box beside the upload
#: (:data:`psephos.web.schemas.SheetName`).
BOX_PICK = SheetPick(box="its Sheet box")


def exists(path: str | Path) -> bool:
    """Whether ``path`` names a file or folder that exists; text that can be no path (longer
    than a file name may be, or holding a NUL: a long poll typed where a poll table may be
    named) names none, rather than failing with "File name too long". The one test of every
    option that takes a file or typed text."""
    try:
        return Path(path).exists()
    except (OSError, ValueError):
        return False


def is_file(path: str | Path) -> bool:
    """Whether ``path`` names a file that exists, as :func:`exists` reads it."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def sheet_of(path: str | Path) -> tuple[Path, str | None]:
    """The file a path names and the workbook sheet it picks after :data:`SHEET_MARK`
    (``polls.xlsx#2019`` -> ``polls.xlsx``, ``"2019"``), ``None`` where it picks none: a path
    that exists as written (a ``#`` in a file's name), or whose part before each ``#`` is
    neither a file nor named as a workbook (:data:`WORKBOOK_SUFFIXES`)."""
    text = str(path)
    if SHEET_MARK not in text or exists(text):
        return Path(text), None
    for index, character in enumerate(text):
        if character != SHEET_MARK or not index:
            continue
        file = Path(text[:index])
        if is_file(file) or file.suffix.lower() in WORKBOOK_SUFFIXES:
            return file, text[index + 1 :] or None
    return Path(text), None


def sheet_named(name: str, sheet: str) -> str:
    """The name of a workbook's sheet, as a path picks it and messages name it
    (:func:`file_named`): ``polls.xlsx#2019``."""
    return f"{name}{SHEET_MARK}{sheet}"


def decode_file(
    raw: bytes, *, label: str, name: str, sheet: str | None = None, pick: SheetPick = PATH_PICK
) -> FileText:
    """The bytes of a user's file as the text the row readers read, the one way psephos reads
    a file from a path (:func:`read_file`) or an upload (the web app): an .xlsx workbook
    (known by its first bytes, :data:`WORKBOOK_SIGNATURE`, not its name) as the CSV of its
    first sheet or of ``sheet`` (:func:`workbook_text`), else text (:func:`decode_text`).
    ``label`` names the file in messages ("The poll table 'polls.xlsx'"), ``name`` is its
    file name, ``pick`` how its user picks a sheet, as the messages and note tell it (a path's
    ``#``, or a form's Sheet box).

    Raises:
        DataFormatError: the bytes are not text nor an .xlsx workbook (an .xls or .ods says
            to save it as .xlsx or CSV), a workbook that cannot be read, or ``sheet`` given
            for a file that is not a workbook or that the workbook does not have.
    """
    if raw.startswith(WORKBOOK_SIGNATURE):
        return workbook_text(raw, label=label, name=name, sheet=sheet, pick=pick)
    if raw.startswith(OLD_WORKBOOK_SIGNATURE):
        raise DataFormatError(
            f"{label} is an old Excel workbook (.xls), which psephos does not read; save it "
            "as .xlsx or CSV."
        )
    if sheet is not None:
        raise DataFormatError(
            f"{label} is not an .xlsx workbook, so it has no sheet {sheet!r}; "
            f"{pick.leave_out(sheet)}."
        )
    text, note = decode_text(raw, label=label)
    return FileText(text, name, note)


def workbook_text(
    raw: bytes, *, label: str, name: str, sheet: str | None = None, pick: SheetPick = PATH_PICK
) -> FileText:
    """An .xlsx workbook's sheet (its first, or ``sheet``) as CSV text, one line a row, so
    that its rows are numbered as the sheet numbers them and every CSV reader reads it: a
    date as an ISO date (``2019-12-12``; a time after it where it has one), a number as
    Excel shows it in its General format (:func:`_cell_text`: ``40``, ``0.471``; no float
    noise), a formula as its value when the workbook was last saved; empty rows at the end
    dropped. Read with openpyxl in read-only mode, its own warnings (an unreadable page
    header) kept quiet. The note names the sheets where the workbook has several and none was
    picked, and this and every message about a sheet say how to pick one as ``pick`` does.

    Raises:
        DataFormatError: not an .xlsx workbook (an .ods, another zip), a damaged one, one
            that would expand too far (:data:`WORKBOOK_EXPANSION`), no sheet ``sheet``
            (naming the sheets), or a sheet without a cell in a workbook with others (naming
            them).
    """
    from openpyxl import load_workbook

    _check_archive(raw, label=label)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            try:
                sheets = book.worksheets
                if not sheets:
                    raise DataFormatError(f"{label} has no sheet of cells.")
                chosen = _pick_sheet(sheets, sheet, label=label, name=name, pick=pick)
                chosen.reset_dimensions()  # read every row, whatever size the file says
                text = _sheet_csv(chosen.iter_rows(values_only=True))
            finally:
                book.close()
    except DataFormatError:
        raise
    except Exception as error:  # openpyxl's own, for a damaged part: zip, XML or a value
        raise DataFormatError(
            f"{label} is not text, nor an .xlsx workbook psephos can read "
            f"({str(error) or type(error).__name__}); save it as .xlsx or UTF-8 CSV."
        ) from None
    titles = [each.title for each in sheets]
    others = [title for title in titles if title != chosen.title]
    if not text and others:  # the wrong sheet, not an empty table
        raise DataFormatError(
            f"{label} has nothing in its sheet {chosen.title!r}; its sheets are "
            f"{_listed(titles)} (pick one {pick.choose(name, others[0])})."
        )
    note = None
    if sheet is None and len(titles) > 1:
        note = (
            f"{label} has {len(titles)} sheets ({_listed(titles)}); the first, "
            f"{titles[0]!r}, was read (pick another {pick.choose(name, titles[1])}, or "
            "move it first)."
        )
    return FileText(text, sheet_named(name, chosen.title), note)


def _check_archive(raw: bytes, *, label: str) -> None:
    """Refuse a zip that is not an .xlsx workbook (an .ods, a .docx) or that would expand
    past :data:`WORKBOOK_EXPANSION` times its size.

    Raises:
        DataFormatError: saying which and what to do.
    """
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            kind = b""
            if "mimetype" in names:  # an OpenDocument file's first part names its kind
                with archive.open("mimetype") as part:
                    kind = part.read(100)
            expanded = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise DataFormatError(
            f"{label} is not text, nor an .xlsx workbook psephos can read ({error}); save it "
            "as .xlsx or UTF-8 CSV."
        ) from None
    if kind.startswith(b"application/vnd.oasis.opendocument"):
        raise DataFormatError(
            f"{label} is an OpenDocument file (.ods), which psephos does not read; save it as "
            ".xlsx or CSV."
        )
    if "[Content_Types].xml" not in names:
        raise DataFormatError(
            f"{label} is a zip archive, not an .xlsx workbook; save the table as .xlsx or CSV."
        )
    if expanded > WORKBOOK_EXPANSION * len(raw) + WORKBOOK_SLACK:
        raise DataFormatError(
            f"{label} would expand to {format_number(expanded / 1024**2, ',.0f')} MB, more "
            f"than {WORKBOOK_EXPANSION} times its size; save the sheet as CSV."
        )


def _pick_sheet(
    sheets: Sequence[Any], sheet: str | None, *, label: str, name: str, pick: SheetPick
) -> Any:
    """The sheet called ``sheet`` (exactly, else ignoring case and outer spaces), or the
    first where ``sheet`` is ``None``; the message says how to pick one as ``pick`` does.

    Raises:
        DataFormatError: no such sheet, naming the sheets and the closest names.
    """
    if sheet is None:
        return sheets[0]
    for each in sheets:
        if each.title == sheet:
            return each
    loose = [each for each in sheets if each.title.strip().lower() == sheet.strip().lower()]
    if len(loose) == 1:
        return loose[0]
    titles = [each.title for each in sheets]
    raise DataFormatError(
        f"{label} has no sheet {sheet!r}; its sheets are {_listed(titles)} (pick one "
        f"{pick.choose(name, titles[0])}).{did_you_mean(sheet, titles)}"
    )


def _listed(titles: Sequence[str]) -> str:
    """Sheet names for a message, quoted, the first :data:`_LISTED_SHEETS` of them
    (:func:`psephos.numbers.first_listed`)."""
    return first_listed([repr(title) for title in titles], _LISTED_SHEETS)


def _sheet_csv(rows: Iterable[tuple[object, ...]]) -> str:
    """Rows of cell values as CSV text, one line a row (a blank line for an empty row, so the
    lines keep the sheet's row numbers), empty cells at the end of a row and empty rows at the
    end of the sheet dropped."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    blank = 0  # empty rows not yet written: written only before a row with cells
    for row in rows:
        cells = [_cell_text(value) for value in row]
        while cells and not cells[-1].strip():
            cells.pop()
        if not cells:
            blank += 1
            continue
        out.write("\n" * blank)
        blank = 0
        writer.writerow(cells)
    return out.getvalue()


def _cell_text(value: object) -> str:
    """A cell's value as a CSV export of the sheet writes it: a date as an ISO date (with its
    time where it has one), a number in Excel's General format (15 significant digits, so a
    formula's ``44.800000000000004`` is ``44.8`` and ``40.0`` is ``40``), ``TRUE`` or
    ``FALSE``, text as it is, an empty cell as nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, ".15g") if math.isfinite(value) else str(value)
    return str(value)


def read_text(path: str | Path, *, what: str) -> str:
    """A text file (or a sheet of an .xlsx workbook) as text: :func:`read_file`'s text.

    Raises:
        DataFormatError: as :func:`read_file`.
    """
    return read_file(path, what=what).text


#: The path that names standard input (``cat polls.csv | psephos project --poll -``), as
#: ``nowcast feed -`` reads it: every file a command reads through :func:`read_file`.
STDIN = "-"
#: How messages name standard input read as a file (:func:`file_named`).
STDIN_NAME = "standard input"


def is_stdin(path: str | Path) -> bool:
    """Whether ``path`` names standard input (:data:`STDIN`), not a file."""
    return str(path).strip() == STDIN


def read_file(path: str | Path, *, what: str) -> FileText:
    """A file a user gives, as text and the name messages give it (:func:`decode_file`): a
    text file (UTF-8, else Windows-1252 with a :class:`~psephos.errors.ReadingWarning` saying
    so), or a sheet of an .xlsx workbook as CSV (the first, or the one the path picks after a
    ``#``: ``polls.xlsx#2019``, :func:`sheet_of`), a text file's note as a ``ReadingWarning``
    (an ``InputWarning`` the command line writes only once the file is not refused), a
    workbook's (its sheets, the one read) as an ``InputWarning``, written with a refusal of
    the sheet it explains. The path
    ``-`` (:data:`STDIN`) reads standard input to its end; a named pipe (``<(curl ...)``,
    ``/dev/stdin``) is read as a file.

    Raises:
        DataFormatError: the file does not exist, is a folder, cannot be read, is not text or
            a workbook psephos reads, or has no such sheet.
    """
    if is_stdin(path):
        raw, name, sheet = sys.stdin.buffer.read(), STDIN_NAME, None
        label = file_named(what, name)
    else:
        file, sheet = sheet_of(path)
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise file_error(file, error, what=what) from None
        label, name = file_named(what, file), file.name
    read = decode_file(raw, label=label, name=name, sheet=sheet)
    if read.note:
        # a workbook's note (its sheets, the one read) explains a refusal of that sheet, so it
        # is written with it; a text file's (read as Windows-1252) is dropped by a refusal
        workbook = read.name != name
        warnings.warn(read.note, InputWarning if workbook else ReadingWarning, stacklevel=2)
    text = read.text.replace("\r\n", "\n").replace("\r", "\n")  # as a file opened as text
    return FileText(text, read.name, read.note)


def read_lines(stream: BinaryIO, *, label: str) -> Iterator[str]:
    """The text lines of a byte stream, as they arrive (standard input fed during a results
    night), each decoded as :func:`read_text` decodes a file (:func:`decode_text`): UTF-8,
    else Windows-1252 with one :class:`~psephos.errors.InputWarning` for the stream.

    Raises:
        DataFormatError: a line is not text (a spreadsheet's own file piped in).
    """
    noted = False
    for raw in stream:
        text, note = decode_text(raw, label=label)
        if note and not noted:
            warnings.warn(note, InputWarning, stacklevel=2)
            noted = True
        yield text.replace("\r\n", "\n")  # as a stream opened as text reads


def column_name(cell: str, aliases: Mapping[str, str] | None = None) -> str:
    """A header cell as readers name the column: lower case, surrounding spaces dropped and
    inner ones single ("Post  code " -> "post code"), then through the reader's ``aliases``
    ("post code" -> "postcode"), an alias matching whether the header's words are separated by
    spaces, underscores or hyphens ("post_code", as a database export heads it)."""
    name = " ".join(cell.lower().split())
    if not aliases:
        return name
    return aliases.get(name) or aliases.get(" ".join(re.split(r"[\s_\-]+", name)), name)


def column_key(cell: str) -> str:
    """A header cell as a reader's own column names are spelled: lower case, a run of spaces,
    ``/``, ``-`` and ``_`` as one underscore, as a spreadsheet's heading writes the words
    (``"Seat Name"`` -> ``"seat_name"``, ``"Fieldwork end"`` -> ``"fieldwork_end"``)."""
    return re.sub(r"[\s/\-_]+", "_", cell.strip().lower()).strip("_")


def _keyed(header: list[str], columns: Sequence[str]) -> list[str]:
    """``header`` with each cell that spells one of the reader's ``columns`` in other words
    (:func:`column_key`: ``"seat name"``) named as the column, unless the header has the
    column as written too; other cells (a poll table's ``"reform uk"``) as they were."""
    wanted = set(columns) - set(header)
    return [key if (key := column_key(name)) in wanted else name for name in header]


def _aliased(cells: Sequence[str], aliases: Mapping[str, str] | None) -> list[str]:
    """Header cells named by :func:`column_name` through ``aliases``, a cell keeping its own
    name where the column it spells in other words is in the header already, as written or by
    an earlier cell (a file with ``region`` and ``state`` reads its ``region``)."""
    plain = [column_name(cell) for cell in cells]
    names: list[str] = []
    for cell, name in zip(cells, plain, strict=True):
        alias = column_name(cell, aliases)
        names.append(name if alias != name and (alias in plain or alias in names) else alias)
    return names


def _csv_header(
    reader: Iterator[list[str]],
    *,
    what: str,
    required: Sequence[str],
    expected: str | None,
    aliases: Mapping[str, str] | None = None,
    known: Sequence[str] = (),
) -> list[str]:
    """The header of a CSV reader, each cell named by :func:`column_name`, a cell that spells
    one of the ``required`` or ``known`` columns in other words as that column
    (:func:`column_key`: "Seat Name" is ``seat_name``).

    Raises:
        DataFormatError: no header, a required column missing (naming the header wanted), a
            file with a column per party where the reader reads a ``party`` column (a wide
            file, said as such), or two cells read as one of the ``required`` or ``known``
            columns (:func:`columns_read_as_one`).
    """
    wanted = expected or f"columns {', '.join(required)}"
    try:
        cells = [column.strip() for column in next(reader)]
    except StopIteration:
        raise DataFormatError(f"The {what} is empty; expected a header with {wanted}.") from None
    header = _keyed(_aliased(cells, aliases), [*required, *known])
    missing = [column for column in required if column not in header]
    # a reader of a party column (required, or one of its columns: an exit-poll sample's)
    long = "party" in (*required, *known) and "party" not in header
    parties = _party_columns(cells) if long else []
    if len(parties) >= WIDE_PARTIES:  # a column per party: the layout, not a column, is wrong
        raise DataFormatError(
            f"The {what} looks like a wide file (a column per party: "
            f"{', '.join(parties[:WIDE_PARTIES])}, ...); psephos reads one row per party per "
            f"seat, with {wanted}."
        )
    if missing:  # the columns found as the file spells them
        raise DataFormatError(
            f"The {what} lacks column(s) {', '.join(missing)}; expected a header with "
            f"{wanted} (found {', '.join(cells) or 'none'})."
        )
    for column in dict.fromkeys([*required, *known]):
        found = [cell for cell, name in zip(cells, header, strict=True) if name == column]
        if len(found) > 1:
            raise columns_read_as_one(what, column, found)
    return header


def columns_read_as_one(what: str, field: str, columns: Sequence[str]) -> DataFormatError:
    """The one refusal of two columns of a file read as one field (``hours`` and ``Hours``, a
    poll table's ``Labour`` and ``Lab``), naming both as the file spells them: which of the
    two is meant cannot be told, and reading the last would drop the other unseen."""
    return DataFormatError(
        f"The {what} has two columns read as {field} ({columns[0]!r} and {columns[1]!r}); "
        "keep one of them (rename or delete the other)."
    )


#: Header cells naming parties (the party vocabulary's, :func:`psephos.model.get_party`) that
#: make a file without a ``party`` column a wide one, a column per party (the Commons
#: Library's results by constituency: con, lab, ld, ...).
WIDE_PARTIES = 3


def _party_columns(cells: Sequence[str]) -> list[str]:
    """The header cells that name a party, as the file spells them, each party once."""
    found: dict[str, str] = {}
    for cell in cells:
        try:
            found.setdefault(get_party(cell).code, cell)
        except UnknownPartyError:
            continue
    return list(found.values())


def repeated_party(
    what: str, first: int, row: int, party: str, seat: str, earlier: str | None = None
) -> DataFormatError:
    """The one error for a party given twice in one seat of a file without a ``candidate``
    column, naming both rows (``first``, where the party came first, and ``row``, the
    repeat) so the user can find each: two rows of a party may be two candidates (two
    Independents), and adding them up could give the seat to the wrong winner. ``earlier``
    is the party as the first row writes it, where that is another spelling ("Labour" and
    "Labour Party")."""
    if earlier is not None and earlier.strip().casefold() != party.strip().casefold():
        twice = f"{earlier.strip()!r} and {party!r} are one party"
    else:
        twice = f"{party!r} appears twice"
    return DataFormatError(
        f"{what} rows {first} and {row}: duplicate seat row: {twice} in "
        f"{seat!r} (add a candidate column if they are different candidates)."
    )


def _extra_fields(n_cells: int, n_header: int) -> str:
    """The ``__extra__`` cell of a row longer than its header."""
    return (
        f"{n_cells} fields but the header has {n_header} (quote a cell that holds a comma, "
        "or check for a column too many)"
    )


def delimiter_of(header: str) -> str:
    """The separator of a CSV file from its header line: a comma, or a semicolon or tab where
    the header has one of those and no comma (a spreadsheet saved with a European locale
    writes ``id;hours;postcode``)."""
    if "," in header:
        return ","
    for candidate in (";", "\t"):
        if candidate in header:
            return candidate
    return ","


def csv_reader(
    lines: Iterable[str], *, delimiter: str, what: str, first_row: int = 1
) -> Iterator[list[str]]:
    """:func:`csv.reader` over ``lines``, the header being row ``first_row``, each row's cells
    in turn; a row the csv module cannot split (a cell longer than its limit of 131,072
    characters) is an error naming ``what`` and the row, as every other bad row is.

    Raises:
        DataFormatError: a row the csv module refuses.
    """
    reader = csv.reader(lines, delimiter=delimiter)
    row = first_row
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise DataFormatError(f"The {what} row {row}: {error}.") from None
        yield cells
        row += 1


def csv_records(
    text: str | Iterable[str],
    *,
    what: str,
    required: Sequence[str],
    expected: str | None = None,
    numbers: Sequence[str] | Literal["all"] = (),
    known: Sequence[str] = (),
    aliases: Mapping[str, str] | None = None,
    counts: Sequence[str] = (),
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The lower-cased header and ``(row number, {column: cell})`` for each non-blank line
    (blank lines before the header are skipped, the rows keeping their line numbers).

    ``text`` is the whole file or its lines (read lazily, so a feed on standard input is
    validated line by line as it arrives). A row longer than the header gets an ``__extra__``
    cell saying so (a schema that declares that field rejects the row). ``expected`` describes
    the header an empty file should have where ``required`` cannot (alternative columns).
    ``numbers`` names the columns that hold numbers, read as :func:`csv_columns` reads them (a
    decimal comma is a point in a file separated by semicolons or tabs); ``"all"``: every
    column, for a table whose columns of numbers only its header names (a poll table's or a
    share table's party columns: a cell of words is left as it is). ``known`` names the
    reader's other columns: a header spelling one of them, or a required one, in other words
    ("Seat Name", "Share-pct") reads as it (:func:`column_key`); ``aliases`` names columns
    by the reader's own names (:func:`column_name`: "constituency" is ``seat_name``).
    ``counts`` names the columns of whole counts (votes, electors): in a file separated by
    semicolons or tabs, whose locale writes thousands with a point, a count with points
    between groups of three digits is read so (``34.464`` is 34,464:
    :func:`thousands_points`).

    Raises:
        DataFormatError: no header, a required column missing (naming the header wanted), two
            columns read as one of the ``required`` or ``known`` ones
            (:func:`columns_read_as_one`), or a row the csv module cannot split
            (:func:`csv_reader`; raised as it is reached).
    """
    # Text in memory (an upload) with any line ends, as a file opened as text reads them
    # (read_text): a spreadsheet for the old Mac OS ends lines with a bare carriage return.
    lines = io.StringIO(text, newline=None) if isinstance(text, str) else iter(text)
    first = next(lines, "").lstrip("\ufeff")  # a byte-order mark, in text or a file's lines
    header_line = 1
    while first and not first.strip():  # blank lines before the header
        header_line += 1
        first = next(lines, "")
    delimiter = delimiter_of(first)
    reader = csv_reader(
        itertools.chain([first], lines) if first else lines,
        delimiter=delimiter,
        what=what,
        first_row=header_line,
    )
    header = _csv_header(
        reader, what=what, required=required, expected=expected, aliases=aliases, known=known
    )
    number_columns = [
        index for index, name in enumerate(header) if numbers == "all" or name in numbers
    ]
    count_columns = [index for index, name in enumerate(header) if name in counts]

    def records() -> Iterator[tuple[int, dict[str, str]]]:
        for number, cells in enumerate(reader, start=header_line + 1):
            if not cells or all(not cell.strip() for cell in cells):
                continue
            padded = cells + [""] * (len(header) - len(cells))
            if delimiter != "," and number_columns:
                padded = _decimal_points_at(padded, number_columns)
            if delimiter != "," and count_columns:
                padded = _decimal_points_at(padded, count_columns, read=thousands_points)
            record = dict(zip(header, padded, strict=False))
            if len(cells) > len(header):
                record["__extra__"] = _extra_fields(len(cells), len(header))
            yield number, record

    return header, records()


@dataclass(frozen=True, slots=True, eq=False)
class CsvColumns:
    """A whole CSV file read column by column (for readers that validate columns at once).

    Holds the same rows as :func:`csv_records`: blank lines are skipped, short rows padded with
    empty cells and long rows cut to the header (the cut is recorded in ``extra``).

    Attributes:
        header: The lower-cased header.
        numbers: Row number of each kept row (the header is row 1).
        columns: The cells of each column, one per kept row (a repeated name of a column the
            reader does not read keeps its last column, as :func:`csv_records` does).
        extra: Index (into ``numbers``) -> the ``__extra__`` cell of each row longer than the
            header.
    """

    header: list[str]
    numbers: list[int]
    columns: dict[str, list[str]]
    extra: dict[int, str]

    def __len__(self) -> int:
        return len(self.numbers)

    def column(self, name: str) -> list[str] | None:
        """The cells of a column, or None when the file has no such column."""
        return self.columns.get(name)

    def record(self, index: int) -> dict[str, str]:
        """Row ``index`` as the ``{column: cell}`` record :func:`csv_records` yields for it."""
        record = {name: cells[index] for name, cells in self.columns.items()}
        if index in self.extra:
            record["__extra__"] = self.extra[index]
        return record


def _even_rows(
    rows: list[list[str]], filled: list[str], width: int
) -> tuple[list[int], list[list[str]], dict[int, str]]:
    """Row numbers and rows without the blank ones, each padded or cut to ``width`` cells, and
    the ``__extra__`` cell of each row that was cut."""
    numbers: list[int] = []
    even: list[list[str]] = []
    extra: dict[int, str] = {}
    for number, (cells, text) in enumerate(zip(rows, filled, strict=True), start=2):
        if not text:
            continue
        if len(cells) > width:
            extra[len(even)] = _extra_fields(len(cells), width)
            cells = cells[:width]
        elif len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        numbers.append(number)
        even.append(cells)
    return numbers, even, extra


#: A number with a decimal comma ("2,5", "-1,55", a share "18,5%"), as a spreadsheet with a
#: European locale writes it in a file it separates with semicolons or tabs.
_DECIMAL_COMMA = re.compile(r"\s*[-+]?[0-9]*,[0-9]+\s*%?\s*")


def decimal_comma_advice(cell: str) -> str:
    """What a refusal of a number cell with a decimal comma in a file separated by commas
    says to do (``"1,5"``: "write a decimal with a point, 1.5"), where a comma cannot be
    read as a decimal comma (:func:`decimal_points` reads it so only in a file separated
    by semicolons or tabs) and is no thousands separator (:func:`without_separators`);
    ``""`` for any other cell."""
    if "," not in cell or not _DECIMAL_COMMA.fullmatch(cell):
        return ""
    return f"write a decimal with a point, {cell.strip().replace(',', '.')}"


def decimal_points(cells: list[str]) -> list[str]:
    """Cells of a number column with each decimal comma read as a point (``"2,5"`` is
    ``"2.5"``); other cells unchanged."""
    return [
        cell.replace(",", ".") if "," in cell and _DECIMAL_COMMA.fullmatch(cell) else cell
        for cell in cells
    ]


#: A count with a point between groups of three digits ("34.464", "1.234.567"), as a
#: spreadsheet with a European locale writes thousands in a file it separates with semicolons
#: or tabs.
_THOUSANDS_POINTS = re.compile(r"\s*[0-9]{1,3}(?:\.[0-9]{3})+\s*")


def thousands_points(cells: list[str]) -> list[str]:
    """Cells of a count column with the points between groups of three digits taken out
    (``"34.464"`` is ``"34464"``), as a file separated by semicolons or tabs writes
    thousands; other cells unchanged (a count is whole, so the point is no decimal point)."""
    return [
        cell.replace(".", "") if "." in cell and _THOUSANDS_POINTS.fullmatch(cell) else cell
        for cell in cells
    ]


def _decimal_points_at(
    cells: list[str],
    indices: Sequence[int],
    read: Callable[[list[str]], list[str]] = decimal_points,
) -> list[str]:
    """``cells`` with the cells at ``indices`` read by ``read`` (default: their decimal
    commas read as points)."""
    out = list(cells)
    read_cells = read([cells[index] for index in indices])
    for index, cell in zip(indices, read_cells, strict=True):
        out[index] = cell
    return out


def csv_columns(
    text: str,
    *,
    what: str,
    required: Sequence[str],
    numbers: Sequence[str] = (),
    aliases: Mapping[str, str] | None = None,
    expected: str | None = None,
    known: Sequence[str] = (),
) -> CsvColumns:
    """The whole CSV text as columns of cells; the same rows and errors as :func:`csv_records`.

    ``aliases`` maps other spellings of a column (after :func:`column_name`) to its name.
    ``expected``: the header a refusal asks for, where it is more than the ``required``
    columns (default: "columns" and those).
    ``numbers`` names the columns that hold numbers: in a file separated by semicolons or tabs
    (:func:`delimiter_of`: a spreadsheet saved with a European locale) their decimal commas
    read as points (:func:`decimal_points`), so "2,5" hours is 2.5 hours there.
    ``known`` names the reader's other columns, as :func:`csv_records` does.

    Raises:
        DataFormatError: no header, a required column missing (naming the header wanted), or
            two columns read as one of the reader's (:func:`columns_read_as_one`).
    """
    body = text.lstrip("\ufeff")
    delimiter = delimiter_of(body.split("\n", 1)[0])
    reader = csv_reader(io.StringIO(body), delimiter=delimiter, what=what)
    header = _csv_header(
        reader, what=what, required=required, expected=expected, aliases=aliases, known=known
    )
    width = len(header)
    rows = list(reader)
    row_numbers = list(range(2, len(rows) + 2))
    extra: dict[int, str] = {}
    filled = list(map(str.strip, map("".join, rows)))
    if not all(filled) or set(map(len, rows)) - {width}:
        row_numbers, rows, extra = _even_rows(rows, filled, width)
    columns = {name: list(map(itemgetter(index), rows)) for index, name in enumerate(header)}
    if delimiter != ",":
        for name in set(numbers) & set(columns):
            columns[name] = decimal_points(columns[name])
    return CsvColumns(header, row_numbers, columns, extra)


def named_columns(header: Iterable[str]) -> list[str]:
    """The columns of ``header`` that have a name: a spreadsheet's trailing separator
    (``date,Con,Lab,``, from a cell once touched right of the table) makes a column with no
    header, which a reader can neither read nor name in a note, so none names it."""
    return [column for column in header if column.strip()]


def header_cells(text: str) -> list[str]:
    """The cells of the file's header as it writes them, in order, repeats included; read
    with the same separator and quoting as the rows (blank lines before it skipped)."""
    lines = io.StringIO(text.lstrip("\ufeff"), newline=None)
    first = next((line for line in lines if line.strip()), "")
    return [cell.strip() for cell in next(csv.reader([first], delimiter=delimiter_of(first)), [])]


def header_as_written(text: str) -> dict[str, str]:
    """Column name as :func:`csv_records` gives it (:func:`column_name`) -> the column as the
    file's header writes it (``"con"`` -> ``"Con"``), for messages and names kept as written;
    read with the same separator and quoting as the rows (blank lines before it skipped)."""
    return {column_name(cell): cell for cell in header_cells(text)}


def read_rows(
    path: str | Path,
    schema: type[RowT],
    *,
    what: str,
    required: Sequence[str],
    numbers: Sequence[str] = (),
) -> list[tuple[int, RowT]]:
    """Every row of a CSV file (or a workbook's sheet, :func:`read_file`) validated against
    ``schema``, with its row number; ``numbers`` as :func:`csv_records` reads them (a decimal
    comma where semicolons separate).

    Raises:
        DataFormatError: a file problem, or the first invalid row (``"<what> '<file>' row N:
            ..."``, :func:`file_named`).
    """
    read = read_file(path, what=what)
    what = file_named(what, read.name)
    return parse_rows(read.text, schema, what=what, required=required, numbers=numbers)


def parse_rows(
    text: str,
    schema: type[RowT],
    *,
    what: str,
    required: Sequence[str],
    numbers: Sequence[str] = (),
    empty: str | None = None,
) -> list[tuple[int, RowT]]:
    """:func:`read_rows` for CSV text already in memory (e.g. an upload). With ``empty``, a
    file of its header alone is refused: "The {what} has {empty}." (what it lacks and what
    to give: "no offers; give a seat,preferred,willing row for each voter ...").

    Raises:
        DataFormatError: as :func:`read_rows`, or no rows where ``empty`` is given.
    """
    rows, faults = checked_rows(
        text, schema, what=what, required=required, numbers=numbers, empty=empty
    )
    if faults:  # the first bad row, as validate_row words it
        number, problem = faults[0]
        raise DataFormatError(f"{what} row {number}: {problem}.")
    return rows


#: A bad row of a file: its number and what is wrong with it (``(7, "seat: missing")``).
RowFault = tuple[int, str]


def checked_rows(
    text: str,
    schema: type[RowT],
    *,
    what: str,
    required: Sequence[str],
    numbers: Sequence[str] = (),
    empty: str | None = None,
    aliases: Mapping[str, str] | None = None,
) -> tuple[list[tuple[int, RowT]], list[RowFault]]:
    """:func:`parse_rows` that checks every row before anything is refused: the rows that
    pass, and each one that does not with its number and problem (:func:`describe_error`), for
    a reader that reports every bad row at once (:func:`bad_rows_error`), as the volunteer
    reader does; ``aliases`` as :func:`csv_records` reads them (headers in other words).

    Raises:
        DataFormatError: a missing column, or no rows where ``empty`` is given.
    """
    _, records = csv_records(text, what=what, required=required, numbers=numbers, aliases=aliases)
    rows, faults = checked_records(schema, records)
    if not rows and not faults and empty is not None:
        raise DataFormatError(f"The {what} has {empty}.")
    return rows, faults


def checked_records(
    schema: type[RowT], records: Iterable[tuple[int, object]]
) -> tuple[list[tuple[int, RowT]], list[RowFault]]:
    """Every numbered record (:func:`csv_records`) checked against ``schema``: the rows that
    pass, and each one that does not with its number and problem (:func:`describe_error`),
    the one check of :func:`checked_rows` and of a reader that reads its header itself."""
    rows: list[tuple[int, RowT]] = []
    faults: list[RowFault] = []
    for number, record in records:
        try:
            rows.append((number, schema.model_validate(record)))
        except ValidationError as error:
            faults.append((number, describe_error(error)))
    return rows, faults


def bad_rows_error(what: str, faults: Iterable[RowFault]) -> DataFormatError:
    """One error naming every bad row of a file, in row order: ``"<what> row 7: seat:
    missing."`` for one, ``"<what> has 3 bad rows: row 5: ... row 7: seat: missing. row 8:
    ..."`` for several, so a file is fixed in one go, not one run per mistake."""
    ordered = sorted(faults)

    def sentence(text: str) -> str:
        return text if text.endswith((".", "?", "!")) else f"{text}."

    if len(ordered) == 1:
        number, problem = ordered[0]
        return DataFormatError(f"{what} row {number}: {sentence(problem)}")
    listed = " ".join(f"row {number}: {sentence(problem)}" for number, problem in ordered)
    return DataFormatError(f"The {what} has {len(ordered)} bad rows: {listed}")
