"""An .xlsx workbook's sheet read as every user CSV is (io/rows.py decode_file, read_file):
known by its bytes, its first sheet or the one a path picks after '#', rows numbered as the
sheet numbers them, messages naming the file and the sheet; .xls, .ods and damaged files
refused with what to do."""

from __future__ import annotations

import datetime
import io
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from psephos.errors import DataFormatError, InputWarning
from psephos.io.capacities import read_capacities
from psephos.io.rows import (
    BOX_PICK,
    OLD_WORKBOOK_SIGNATURE,
    PATH_PICK,
    WORKBOOK_EXPANSION,
    WORKBOOK_SLACK,
    SheetPick,
    decode_file,
    file_named,
    read_file,
    read_rows,
    sheet_named,
    sheet_of,
)
from psephos.io.stand_downs import StandDownRow
from psephos.jurisdictions import read_results_csv

#: Files of bundled seat codes without a region column read their regions from the bundled
#: seats, with a note (io/user_csv.py _places_note, tested in tests/io/test_user_csv_checks.py).
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*regions are read from the bundled seats:psephos.errors.InputWarning"
)

#: The shared ``workbook`` fixture (tests/conftest.py): writes an .xlsx of CSV tables.
WriteWorkbook = Callable[..., Path]

RESULTS = (
    "seat_code,seat_name,party,votes\n"
    "E14000530,Aldershot,Con,21000\n"
    "E14000530,Aldershot,Lab,19500\n"
    "E14000531,Aldridge-Brownhills,Lab,30000\n"
    "E14000531,Aldridge-Brownhills,LD,12000\n"
)


def _read(path: Path | str) -> tuple[str, str, list[str]]:
    """A file's text, name and the notes it warned of."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        read = read_file(path, what="The table")
    return read.text, read.name, [str(each.message) for each in caught]


def test_a_sheet_is_the_csv_a_spreadsheet_would_export(tmp_path: Path) -> None:
    """Dates as ISO dates (a time kept), numbers as Excel shows them (no float noise), text
    quoted where CSV needs it, empty rows kept inside and dropped at the end, empty cells at
    the end of a row dropped."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Polls"
    sheet.append(["date", "pollster", "con", "lab", "note"])
    sheet.append([datetime.date(2024, 7, 3), "Alpha, Ltd", 22, 39.0, None])
    sheet.append([datetime.datetime(2024, 7, 2, 18, 30), "Beta", 0.1 + 0.2, 44.800000000000004])
    sheet.append([])
    sheet.append(["2 Jul 2024", 'Say "hi"', True, 1e-05, "two\nlines"])
    sheet.append([None, None, None])
    sheet.append([])
    path = tmp_path / "polls.xlsx"
    book.save(path)
    text, name, notes = _read(path)
    assert text == (
        "date,pollster,con,lab,note\n"
        '2024-07-03,"Alpha, Ltd",22,39\n'
        "2024-07-02 18:30:00,Beta,0.3,44.8\n"
        "\n"
        '2 Jul 2024,"Say ""hi""",TRUE,1e-05,"two\nlines"\n'
    )
    assert name == "polls.xlsx#Polls"
    assert notes == []


def test_a_workbook_is_known_by_its_bytes_not_its_name(
    tmp_path: Path, workbook: WriteWorkbook
) -> None:
    path = workbook(tmp_path / "results.csv", ("Sheet1", RESULTS))
    text, name, _ = _read(path)
    assert text == RESULTS
    assert name == "results.csv#Sheet1"


def test_a_results_workbook_reads_as_the_csv(tmp_path: Path, workbook: WriteWorkbook) -> None:
    csv_path = tmp_path / "results.csv"
    csv_path.write_text(RESULTS, encoding="utf-8")
    from_csv = read_results_csv(csv_path)
    from_book = read_results_csv(workbook(tmp_path / "results.xlsx", ("Votes", RESULTS)))
    assert from_book.id == from_csv.id == "results"
    assert [seat.code for seat in from_book.constituencies] == [
        seat.code for seat in from_csv.constituencies
    ]
    assert from_book.parties == from_csv.parties
    assert (from_book.votes == from_csv.votes).all()


def test_messages_name_the_file_the_sheet_and_the_sheet_s_row(
    tmp_path: Path, workbook: WriteWorkbook
) -> None:
    """The blank row 3 keeps row 4 as the sheet numbers it."""
    path = workbook(tmp_path / "caps.xlsx", ("Caps", "seat,hours\nAlpha,10\n\nBeta,lots\n"))
    with pytest.raises(DataFormatError) as error:
        read_capacities(path)
    assert str(error.value).startswith("capacity file 'caps.xlsx', sheet 'Caps' row 4: hours")


def test_a_path_picks_a_sheet_after_a_hash(tmp_path: Path, workbook: WriteWorkbook) -> None:
    path = workbook(
        tmp_path / "pact.xlsx",
        ("Notes", "written by the campaign\n"),
        ("Stand downs", "party,seat\nLab,Alpha\nLD,Beta\n"),
    )
    rows = read_rows(f"{path}#Stand downs", StandDownRow, what="file", required=("party",))
    assert [(number, row.party, row.seat) for number, row in rows] == [
        (2, "Lab", "Alpha"),
        (3, "LD", "Beta"),
    ]
    text, name, notes = _read(f"{path}#stand downs")  # case and outer spaces aside
    assert name == "pact.xlsx#Stand downs" and text.startswith("party,seat\n")
    assert notes == []


def test_the_first_of_several_sheets_is_read_with_a_note_naming_them(
    tmp_path: Path, workbook: WriteWorkbook
) -> None:
    path = workbook(tmp_path / "book.xlsx", ("A", "x\n1\n"), ("B", "y\n2\n"))
    text, name, notes = _read(path)
    assert (text, name) == ("x\n1\n", "book.xlsx#A")
    assert notes == [
        f"The table '{path}' has 2 sheets ('A', 'B'); the first, 'A', was read (pick another "
        "as 'book.xlsx#B', or move it first)."
    ]


def test_a_missing_sheet_names_the_sheets(tmp_path: Path, workbook: WriteWorkbook) -> None:
    path = workbook(tmp_path / "book.xlsx", ("Polls 2019", "x\n"), ("Notes", "y\n"))
    with pytest.raises(DataFormatError) as error:
        read_file(f"{path}#Polls 2091", what="The poll table")
    assert str(error.value) == (
        f"The poll table '{path}' has no sheet 'Polls 2091'; its sheets are 'Polls 2019', "
        "'Notes' (pick one as 'book.xlsx#Polls 2019'). Did you mean 'Polls 2019'?"
    )


def test_a_sheet_of_a_missing_workbook_names_the_workbook(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match=r"'.*gone\.xlsx' does not exist\.$"):
        read_file(tmp_path / "gone.xlsx#Polls", what="The poll table")


def test_a_sheet_of_a_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "polls.csv"
    path.write_text("date,con\n", encoding="utf-8")
    with pytest.raises(DataFormatError) as error:
        read_file(f"{path}#Polls", what="The poll table")
    assert str(error.value) == (
        f"The poll table '{path}' is not an .xlsx workbook, so it has no sheet 'Polls'; leave "
        "out '#Polls'."
    )


def test_an_empty_sheet_beside_others_is_refused_naming_them(
    tmp_path: Path, workbook: WriteWorkbook
) -> None:
    """An empty first sheet (a title page left blank) is the wrong sheet, not an empty table:
    refused naming the sheets and one with cells, picked or not; an empty workbook of one
    sheet is left to the table's reader ("is empty; expected a header")."""
    path = workbook(tmp_path / "book.xlsx", ("Cover", ""), ("Polls", "x\n1\n"))
    for picked in (path, f"{path}#cover"):
        with pytest.raises(DataFormatError) as error:
            read_file(picked, what="The table")
        assert str(error.value) == (
            f"The table '{path}' has nothing in its sheet 'Cover'; its sheets are 'Cover', "
            "'Polls' (pick one as 'book.xlsx#Polls')."
        )
    alone = workbook(tmp_path / "alone.xlsx", ("Cover", ""))
    assert _read(alone)[:2] == ("", "alone.xlsx#Cover")


#: A workbook of two sheets, and each sheet a table's first row, the test's files.
_TWO_SHEETS = (("A", "x\n1\n"), ("B", "y\n2\n"))


def _said(raw: bytes, pick: SheetPick, sheet: str | None) -> str:
    """What the reader says of ``sheet`` of ``raw`` (a file called ``book.xlsx``) as ``pick``
    picks sheets: its refusal, else its note."""
    try:
        read = decode_file(raw, label="The table", name="book.xlsx", sheet=sheet, pick=pick)
    except DataFormatError as error:
        return str(error)
    assert read.note is not None
    return read.note


@pytest.mark.parametrize(
    ("pick", "another", "one", "none"),
    [
        (
            PATH_PICK,
            "pick another as 'book.xlsx#B', or move it first",
            "pick one as 'book.xlsx#A'",
            "leave out '#C'",
        ),
        (
            BOX_PICK,
            "pick another by typing 'B' in its Sheet box, or move it first",
            "pick one by typing 'A' in its Sheet box",
            "leave its Sheet box empty",
        ),
    ],
    ids=["path", "box"],
)
def test_every_message_on_sheets_says_how_to_pick_one_where_the_file_came_from(
    tmp_path: Path, workbook: WriteWorkbook, pick: SheetPick, another: str, one: str, none: str
) -> None:
    """The note on a workbook of several sheets, and the refusals of a sheet it lacks, of an
    empty sheet, and of a sheet of a CSV, each tell how to pick a sheet as the file's user
    picks one: after '#' in a path (the command line), or in the form's Sheet box (the web)."""
    raw = workbook(tmp_path / "book.xlsx", *_TWO_SHEETS).read_bytes()
    emptied = workbook(tmp_path / "empty.xlsx", ("E", ""), *_TWO_SHEETS).read_bytes()
    assert _said(raw, pick, None) == (
        f"The table has 2 sheets ('A', 'B'); the first, 'A', was read ({another})."
    )
    assert _said(raw, pick, "C") == (
        f"The table has no sheet 'C'; its sheets are 'A', 'B' ({one})."
    )
    assert _said(emptied, pick, None) == (
        f"The table has nothing in its sheet 'E'; its sheets are 'E', 'A', 'B' ({one})."
    )
    assert _said(b"x\n1\n", pick, "C") == (
        f"The table is not an .xlsx workbook, so it has no sheet 'C'; {none}."
    )


def test_sheet_of_splits_only_a_workbook_s_path(tmp_path: Path) -> None:
    hashed = tmp_path / "poll#1.csv"
    hashed.write_text("x\n", encoding="utf-8")
    assert sheet_of(hashed) == (hashed, None)  # a file whose name has a '#'
    assert sheet_of(f"{tmp_path}/a.xlsx#S#2") == (tmp_path / "a.xlsx", "S#2")
    assert sheet_of(f"{tmp_path}/a.xlsx#") == (tmp_path / "a.xlsx", None)
    assert sheet_of(f"{tmp_path}/notes#draft") == (tmp_path / "notes#draft", None)
    assert file_named("poll table", sheet_named("a.xlsx", "2019")) == (
        "poll table 'a.xlsx', sheet '2019'"
    )
    assert file_named("poll table", "poll#1.csv") == "poll table 'poll#1.csv'"


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (OLD_WORKBOOK_SIGNATURE + b"\x00" * 100, "is an old Excel workbook (.xls), which psephos "),
        (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "is an OpenDocument file (.ods), which psephos does not read; save it as .xlsx or CSV.",
        ),
        (_zip({"word/document.xml": b"<w/>"}), "is a zip archive, not an .xlsx workbook"),
        (b"PK\x03\x04\x00\x00", "is not text, nor an .xlsx workbook psephos can read (File is "),
        (
            _zip({"[Content_Types].xml": b"<Types/>"}),
            "is not text, nor an .xlsx workbook psephos can read (",
        ),
    ],
    ids=["xls", "ods", "docx", "damaged", "no-workbook-part"],
)
def test_other_spreadsheets_and_archives_are_refused_with_what_to_do(raw: bytes, said: str) -> None:
    with pytest.raises(DataFormatError) as error:
        decode_file(raw, label="The poll table 'polls.xlsx'", name="polls.xlsx")
    message = str(error.value)
    assert message.startswith(f"The poll table 'polls.xlsx' {said}")
    assert " as .xlsx or " in message and message.endswith(" CSV.")
    assert "\n" not in message


def test_a_workbook_that_would_expand_past_the_limit_is_refused() -> None:
    zeros = b"0" * (WORKBOOK_SLACK + 8 * 1024 * 1024)  # 24 MB of one byte: a 25 kB zip
    raw = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": zeros})
    assert len(zeros) > WORKBOOK_EXPANSION * len(raw) + WORKBOOK_SLACK  # the case in hand
    with pytest.raises(DataFormatError, match=r"would expand to 24 MB, more than 100 times"):
        decode_file(raw, label="The poll table 'polls.xlsx'", name="polls.xlsx")
