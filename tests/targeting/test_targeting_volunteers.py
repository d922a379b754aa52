"""The volunteer file reader: per-row errors, good rows kept, nothing silently dropped."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psephos.errors import DataFormatError
from psephos.targeting.volunteers import parse_volunteers, read_volunteers

MALFORMED = """id,latitude,longitude,hours,name
v1,51.37,-0.05,6,Ada Example
v2,not-a-number,-0.05,4,Bea Example
v3,51.37,-0.05,-2,Cy Example
v4,51.40,-0.10,3,Di Example
v4,51.41,-0.11,5,Di Duplicate
v5,-0.12,51.5,4,Ed Swapped
v6,95,0,4,Flo Outofrange
v7,51.5,-0.12,2.5,Gus Fraction
,51.5,-0.12,1,No Id
v8,51.5,-0.12,,No Hours
v9,51.45,-0.2,0,Zero Hours
"""


def test_malformed_file_reports_every_bad_row() -> None:
    parsed = parse_volunteers(MALFORMED)
    assert parsed.n_rows == 11
    assert parsed.volunteers.ids == ("v1", "v7", "v9")
    assert parsed.volunteers.hours.tolist() == [6, 2, 0]
    rejected = {(p.row, p.volunteer_id): p.reason for p in parsed.rejected}
    assert rejected[(3, "v2")] == "latitude is not a number"
    assert rejected[(4, "v3")] == "hours is negative (-2)"
    assert "duplicate id" in rejected[(5, "v4")] and "6" in rejected[(5, "v4")]
    assert "duplicate id" in rejected[(6, "v4")]
    assert "outside the United Kingdom" in rejected[(7, "v5")]
    assert "out of range" in rejected[(8, "v6")]
    assert rejected[(10, "")] == "id is missing"
    assert rejected[(11, "v8")] == "hours is missing"
    assert [(p.row, p.reason) for p in parsed.warnings] == [
        (9, "hours 2.5 rounded down to 2 (volunteer hours are whole hours)")
    ]
    # Nothing silently dropped: every row is either kept or rejected with a reason.
    rejected_rows = {p.row for p in parsed.rejected}
    assert len(rejected_rows) + len(parsed.volunteers) == parsed.n_rows


def test_more_hours_than_a_working_year_is_rejected() -> None:
    parsed = parse_volunteers(
        "id,latitude,longitude,hours\nv1,51.37,-0.05,1e9\nv2,51.37,-0.05,2000\n"
        "v3,51.37,-0.05,2000.5\n"
    )
    assert parsed.volunteers.ids == ("v2",)
    rejected = {p.volunteer_id: p.reason for p in parsed.rejected}
    assert rejected == {
        "v1": "hours is more than 2,000 (1e+09; at most a full-time working year for the campaign)",
        "v3": "hours is more than 2,000 (2000.5; at most a full-time working year for the "
        "campaign)",
    }


def test_messages_hold_no_personal_data() -> None:
    parsed = parse_volunteers(MALFORMED)
    text = " ".join(p.reason for p in parsed.problems)
    for secret in ("Example", "Duplicate", "Swapped", "51.37", "-0.05", "51.5"):
        assert secret not in text
    assert parsed.volunteers.names is None
    assert "Ada" not in repr(parsed.volunteers)
    with_names = parse_volunteers(MALFORMED, keep_names=True)
    assert with_names.volunteers.names == ("Ada Example", "Gus Fraction", "Zero Hours")


def test_whole_file_problems(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="hours"):
        parse_volunteers("id,latitude,longitude\nv1,51,0\n")
    with pytest.raises(DataFormatError, match="empty"):
        parse_volunteers("")
    with pytest.raises(DataFormatError, match="does not exist"):
        read_volunteers(tmp_path / "missing.csv")
    path = tmp_path / "v.csv"
    path.write_text("\ufeffID,Latitude,Longitude,Hours,extra\nA,52,-1,3,x\n\n", encoding="utf-8")
    parsed = read_volunteers(path)
    assert parsed.volunteers.ids == ("A",)
    assert parsed.ignored_columns == ("extra",)


SPREADSHEET = """ Name ,Email,Post code,Hours available
Ada Example,ada@example.org,CR0 1,6
Bea Example,bea@example.org,NW6 1,4
,x@example.org,M1,3
"""


def _locate(postcodes: list[str]) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
    """Every postcode at one place inside the United Kingdom."""
    n = len(postcodes)
    return np.full(n, 51.5), np.full(n, -0.1), [None] * n


def test_a_spreadsheet_without_an_id_column_uses_the_names_as_ids() -> None:
    """A spreadsheet's own header ("Name, Email, Post code, Hours available", any case and
    spacing) is read: the names are the ids, and a note says so."""
    from psephos.io.volunteers import parse_volunteers as parse

    parsed = parse(SPREADSHEET, locate=_locate)
    assert parsed.volunteers.ids == ("Ada Example", "Bea Example")
    assert parsed.volunteers.hours.tolist() == [6, 4]
    assert [(p.row, p.reason) for p in parsed.rejected] == [(4, "name is missing (it is the id)")]
    assert parsed.ignored_columns == ()  # Email is read, to find one person on two rows
    assert len(parsed.notes) == 1 and "name is their id" in parsed.notes[0]
    other = parse(SPREADSHEET.replace("Email", "Phone"), locate=_locate)
    assert other.ignored_columns == ("Phone",)  # as the file spells it, not lower-cased
    assert other.ignored_note == "Columns ignored: Phone."


def test_two_volunteers_who_share_a_name_are_both_kept() -> None:
    """Without an id column a repeated name is two people (or one signing up twice), not a
    repeated id: both rows are kept, told apart by their rows, and a note says so."""
    from psephos.io.volunteers import parse_volunteers as parse

    text = (
        "Full Name,Email Address,Post Code ,Hours available\r\n"
        "Ada Lovelace,a@x,CR0 1AB,4\r\nBea,b@x,NW6 1,3\r\nAda Lovelace,c@x,M1,5\r\n"
    )
    parsed = parse(text, locate=_locate)
    assert parsed.rejected == ()
    assert parsed.volunteers.ids == ("Ada Lovelace (row 2)", "Bea", "Ada Lovelace (row 4)")
    assert parsed.volunteers.hours.tolist() == [4, 3, 5]
    assert "Rows 2, 4 share a name" in parsed.notes[0]
    # a real id column still refuses a repeated id
    repeated = parse("id,postcode,hours\nv1,CR0 1AB,4\nv1,M1,5\n", locate=_locate)
    assert [p.row for p in repeated.rejected] == [2, 3]


def test_the_shared_name_note_lists_ten_rows_and_counts_the_rest() -> None:
    """A CRM export where thousands share a few names gets a note of one line, not a wall of
    row numbers."""
    from psephos.io.volunteers import parse_volunteers as parse

    rows = "".join(f"Ada,CR0 1AB,{hours}\n" for hours in range(1, 41))
    parsed = parse("name,postcode,hours\n" + rows, locate=_locate)
    assert len(parsed.volunteers) == 40
    assert "Rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 30 more share a name" in parsed.notes[0]


@pytest.mark.parametrize(
    ("header", "cells", "columns"),
    [
        ("id,postcode,hours,hours", "a,M14 5AA,3,", "'hours' and 'hours'"),
        ("id,Name,name,postcode,hours", "a,Ada,Bob,M14 5AA,3", "'Name' and 'name'"),
        ("Name,Postcode,Hours,Hours", "Ada,M14 5AA,3,5", "'Hours' and 'Hours'"),
    ],
)
def test_two_columns_read_as_one_field_are_refused(header: str, cells: str, columns: str) -> None:
    """A CRM export that repeats a header had its last column read and the other dropped
    unseen; both are named instead, as a poll table's two columns of one party are."""
    field = columns.split("'")[1].lower()
    with pytest.raises(DataFormatError) as refused:
        parse_volunteers(f"{header}\n{cells}\n")
    assert str(refused.value) == (
        f"The volunteer file has two columns read as {field} ({columns}); keep one of them "
        "(rename or delete the other)."
    )


def test_a_row_copied_in_every_column_is_read_once() -> None:
    """One sign-up exported twice was placed twice (its hours counted twice); the copy is
    rejected naming the row it copies, and the name it shares is not another person's."""
    from psephos.io.volunteers import parse_volunteers as parse

    text = (
        "Name,Email,Postcode,Hours\nAda Lovelace,ada@x.org,M14 5AA,5\n"
        "Bob Smith,bob@x.org,WA1 1AA,3\nAda Lovelace,ada@x.org,M14 5AA ,5\n"
    )
    parsed = parse(text, locate=_locate)
    assert parsed.volunteers.ids == ("Ada Lovelace", "Bob Smith")
    assert parsed.volunteers.hours.tolist() == [5, 3]
    assert [(p.row, p.volunteer_id, p.reason) for p in parsed.problems] == [
        (4, "Ada Lovelace", "a copy of row 2 (the same in every column); read once, as row 2")
    ]
    assert not any("share" in note for note in parsed.notes)
    # with an id column, a copied row is read once, not refused as a repeated id
    with_ids = parse("id,postcode,hours\nv1,CR0 1AB,4\nv2,M1,2\nv1,CR0 1AB,4\n", locate=_locate)
    assert with_ids.volunteers.ids == ("v1", "v2")
    assert [p.row for p in with_ids.rejected] == [4]


def test_rows_sharing_an_e_mail_address_are_kept_and_named() -> None:
    from psephos.io.volunteers import parse_volunteers as parse

    text = (
        "Name,E-mail address,Postcode,Hours\nAda Lovelace,ada@x.org,M14 5AA,5\n"
        "Bob Smith,bob@x.org,WA1 1AA,3\nAda L.,ADA@x.org ,L4 0TH,2\n"
    )
    parsed = parse(text, locate=_locate)
    assert len(parsed.volunteers) == 3 and parsed.problems == ()
    (note,) = [note for note in parsed.notes if "e-mail" in note]
    assert note.startswith("Rows 2, 4 share an e-mail address with another row:")
    assert "ada@" not in note.lower()


def test_a_rejected_row_is_not_also_counted_as_adjusted() -> None:
    """Hours 2.5 on a row rejected for its postcode got both lines, and the count of rows
    "adjusted" counted it with the rows kept."""
    from psephos.targeting.volunteers import problem_report

    parsed = parse_volunteers(
        "id,postcode,hours\nv1,M14 5AA,2.5\nv2,ZZ99 9ZZ,2.5\nv3,M14 5AA,1\nv3,M1,1.5\n"
    )
    assert [(p.row, p.severity) for p in parsed.problems] == [
        (2, "warning"),
        (3, "error"),
        (4, "error"),
        (5, "error"),
    ]
    assert problem_report(parsed)[0] == (
        "Read 4 volunteer rows: 1 accepted, 3 rejected, 1 adjusted."
    )


@pytest.mark.parametrize(
    "header",
    [
        "id,post_code,hours",
        "id,Post-code,hours",
        "id,Postcode,Hours_available",
        "ID,POST CODE,HOURS",
    ],
)
def test_a_space_hyphen_or_underscore_in_a_header_reads_the_same(header: str) -> None:
    from psephos.io.volunteers import parse_volunteers as parse

    parsed = parse(f"{header}\nv1,CR0 1AB,5\n", locate=_locate)
    assert parsed.volunteers.ids == ("v1",)
    assert parsed.volunteers.hours.tolist() == [5]


def test_a_missing_location_names_the_columns_as_the_file_spells_them() -> None:
    with pytest.raises(DataFormatError, match=r"\(found ID, Town-Name, Hours\)"):
        parse_volunteers("ID,Town-Name,Hours\nv1,Leeds,3\n")


def test_hours_written_with_their_unit_read_as_the_number() -> None:
    """A sign-up form's answers: "4 hours", "4 hrs", "10h"; a word that is no unit refuses."""
    from psephos.io.volunteers import parse_volunteers as parse

    text = "Name,Postcode,Hours\nAda,CR0 1AB,4 hours\nBea,NW6 1,4 hrs\nCy,M1,10h\nDi,M1,lots\n"
    parsed = parse(text, locate=_locate)
    assert parsed.volunteers.hours.tolist() == [4, 4, 10]
    assert [(p.row, p.reason) for p in parsed.rejected] == [
        (5, "hours is not a number ('lots'): give the hours for the whole campaign, e.g. 20")
    ]


def test_a_column_with_no_header_is_not_named_among_those_ignored() -> None:
    """Excel's trailing separator ("Hours,") makes a column with no header: nothing to name."""
    from psephos.io.volunteers import parse_volunteers as parse

    text = "Name,Phone,Postcode,Hours,\r\nAda,0161,CR0 1AB,6,\r\nBea,0207,NW6 1,4,\r\n"
    parsed = parse(text, locate=_locate)
    assert parsed.volunteers.hours.tolist() == [6, 4]
    assert parsed.ignored_columns == ("Phone",)


def test_a_file_with_neither_id_nor_name_numbers_its_volunteers_by_row() -> None:
    from psephos.io.volunteers import parse_volunteers as parse

    parsed = parse("POSTCODE,HOURS\nCR0 1,6\n\nNW6 1,4\n", locate=_locate)
    assert parsed.volunteers.ids == ("2", "4")  # the rows of the file, the header being 1
    assert parsed.volunteers.rows.tolist() == [2, 4]
    assert len(parsed.notes) == 1 and "id is their row" in parsed.notes[0]
    with_ids = parse("id,postcode,hours\nv1,CR0 1,6\n", locate=_locate)
    assert with_ids.volunteers.ids == ("v1",) and with_ids.notes == ()


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d", "e", ""]),
            st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.just("x")),
            st.one_of(st.floats(-10, 5), st.just("")),
            st.one_of(st.integers(-3, 30), st.floats(-2, 10), st.just("?")),
        ),
        max_size=12,
    )
)
def test_every_row_is_accounted_for(rows) -> None:
    lines = ["id,latitude,longitude,hours"] + [",".join(str(cell) for cell in r) for r in rows]
    parsed = parse_volunteers("\n".join(lines) + "\n")
    rejected_rows = {p.row for p in parsed.rejected}
    assert len(rejected_rows) + len(parsed.volunteers) == parsed.n_rows == len(rows)
    assert len(set(parsed.volunteers.ids)) == len(parsed.volunteers.ids)
    assert (parsed.volunteers.hours >= 0).all()
    assert np.isfinite(parsed.volunteers.latitude).all()


POSTCODES = """id,postcode,hours
p1,SW1A 1AA,6
p2,nw6 1,4
p3,CR0,3
p4,ZZ9 9ZZ,2
p5,hello there,2
p6,,2
"""


def test_postcodes_locate_volunteers() -> None:
    from psephos.jurisdictions.postcodes import lookup_postcode

    parsed = parse_volunteers(POSTCODES)
    assert parsed.volunteers.ids == ("p1", "p2", "p3")
    for index, text in enumerate(("SW1A 1AA", "NW6 1", "CR0")):
        area = lookup_postcode(text)
        assert parsed.volunteers.latitude[index] == area.latitude
        assert parsed.volunteers.longitude[index] == area.longitude
    rejected = {p.row: p.reason for p in parsed.rejected}
    assert rejected[5].startswith("postcode: not a known postcode (district 'ZZ9'")
    assert rejected[6].startswith("postcode: not a UK postcode")
    assert rejected[7] == "location is missing (latitude and longitude, or postcode)"
    text = " ".join(rejected.values())
    assert "9ZZ" not in text and "hello" not in text  # never the full postcode or the text


def test_coordinates_and_postcodes_mix() -> None:
    parsed = parse_volunteers(
        "id,latitude,longitude,postcode,hours\n"
        "c1,51.37,-0.05,,6\n"  # coordinates
        "c2,,,SW1A 1AA,4\n"  # postcode
        "c3,51.5,,,4\n"  # half a coordinate pair
        "c4,53.48,-2.24,ZZ9 9ZZ,1\n"  # coordinates win; an unknown postcode is not told
    )
    assert parsed.volunteers.ids == ("c1", "c2", "c4")
    assert parsed.volunteers.latitude[0] == 51.37 and parsed.volunteers.latitude[2] == 53.48
    assert abs(parsed.volunteers.latitude[1] - 51.50) < 0.01
    assert [(p.row, p.reason) for p in parsed.rejected] == [(4, "longitude is missing")]
    assert parsed.warnings == ()


def test_a_postcode_far_from_its_row_s_coordinates_is_told_and_the_coordinates_used() -> None:
    """Coordinates in Bromley beside a Manchester postcode were used without a word: a
    warning says how far apart they are and which is used (no postcode or place named); a
    postcode near its coordinates gets none."""
    parsed = parse_volunteers(
        "id,latitude,longitude,postcode,hours\n"
        "v1,51.37,-0.05,M1 1AA,6\n"  # Bromley; a Manchester postcode
        "v2,51.37,-0.05,BR1 1AA,6\n"  # Bromley; a Bromley postcode
    )
    assert parsed.volunteers.ids == ("v1", "v2")
    assert parsed.volunteers.latitude.tolist() == [51.37, 51.37]
    [warning] = parsed.warnings
    assert warning.row == 2 and warning.volunteer_id == "v1"
    assert re.fullmatch(
        r"latitude and longitude are 2\d\d km from the postcode's area: the two disagree, "
        r"and the latitude and longitude are used \(check which is right\)",
        warning.reason,
    )
    assert "M1" not in warning.reason


def test_a_row_with_one_coordinate_and_a_postcode_is_placed_by_its_postcode() -> None:
    """A row giving a latitude, no longitude and a good postcode was refused for its
    longitude; it is placed by its postcode, with a warning naming the missing coordinate."""
    from psephos.jurisdictions.postcodes import lookup_postcode

    parsed = parse_volunteers(
        "id,latitude,longitude,postcode,hours\nv1,,,M1 1AA,6\nv2,51.37,,SW1A 1AA,5\n"
    )
    assert parsed.volunteers.ids == ("v1", "v2") and parsed.rejected == ()
    area = lookup_postcode("SW1A 1AA")
    assert parsed.volunteers.latitude[1] == area.latitude
    assert parsed.volunteers.longitude[1] == area.longitude
    assert [(p.row, p.reason) for p in parsed.warnings] == [
        (3, "longitude is missing: the row is placed by its postcode")
    ]


def test_the_io_reader_needs_a_postcode_lookup() -> None:
    from psephos.io.volunteers import parse_volunteers as io_parse

    parsed = io_parse(POSTCODES)
    assert len(parsed.volunteers) == 0
    early = [p for p in parsed.rejected if p.row < 7]
    assert early and all("no postcode lookup" in p.reason for p in early)


def test_a_file_without_a_location_column_is_refused() -> None:
    with pytest.raises(DataFormatError, match="latitude and longitude, or postcode"):
        parse_volunteers("id,hours\nv1,3\n")
    with pytest.raises(DataFormatError, match="latitude and longitude, or postcode"):
        parse_volunteers("id,latitude,hours\nv1,51,3\n")


def test_a_file_without_hours_is_told_every_column_it_needs() -> None:
    # neither hours nor a location: one refusal names both, so one fix is enough
    with pytest.raises(DataFormatError) as refused:
        parse_volunteers("name,town\nAnna,Leeds\n")
    message = str(refused.value)
    assert "lacks column(s) hours" in message
    assert "latitude and longitude, or postcode" in message
    assert "(found name, town)" in message


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_european_spreadsheet_s_decimal_commas_read_as_points(separator: str) -> None:
    """A spreadsheet saved with a European locale separates cells with semicolons and writes
    "2,5": the same volunteers as the comma file with decimal points."""
    plain = "id,latitude,longitude,hours\nv1,51.5,-0.12,2.5\nv2,53.48,-2.24,4\nv3,51.5,-0.1,0.5\n"
    european = "\ufeffID;Latitude;Longitude;Hours;Email\r\nv1;51,5;-0,12;2,5;x\r\n\r\n"
    european += "v2;53,48;-2,24;4;y\r\nv3;51,5;-0,1;,5;z\r\n"
    got = parse_volunteers(european.replace(";", separator))
    expected = parse_volunteers(plain)
    assert got.rejected == ()
    assert got.volunteers.hours.tolist() == expected.volunteers.hours.tolist()
    assert got.volunteers.latitude.tolist() == expected.volunteers.latitude.tolist()
    assert got.volunteers.longitude.tolist() == expected.volunteers.longitude.tolist()
    assert [p.reason for p in got.warnings] == [p.reason for p in expected.warnings]


def test_a_comma_in_a_comma_file_s_number_is_a_thousands_separator_not_a_decimal_point() -> None:
    """Hours "1,000" were refused as "not a number": in a comma-separated file a comma between
    groups of three digits is a thousands separator, as every reader of a number reads it
    (``psephos.io.rows.without_separators``); "1,5" is no number there, and its refusal says
    to write the point, not that it is no number."""
    text = (
        'id,latitude,longitude,hours\nv1,51.5,-0.12,"1,500"\nv2,51.5,-0.1,"1,000 hours"\n'
        'v3,51.5,-0.11,"1,5"\nv4,51.5,-0.13,"1,5 hrs"\n'
    )
    parsed = parse_volunteers(text)
    assert parsed.volunteers.hours.tolist() == [1500, 1000]
    assert [p.reason for p in parsed.rejected] == [
        "hours has a decimal comma ('1,5'): write a decimal with a point, 1.5",
        "hours has a decimal comma ('1,5'): write a decimal with a point, 1.5",  # unit taken off
    ]
    plain = _plain_parse(text, _locate)  # the row schema reads them the same way
    assert (plain[0], plain[3]) == (("v1", "v2"), [1500, 1000])


# --- The column-wise reader agrees with the plain per-row reference ----------------------------


def _plain_parse(text: str, locate) -> tuple:
    """Plain reference: every row through the row schema, one at a time (the reader's rules
    written the straightforward way); returns what ``parse_volunteers`` returns, as tuples."""
    from psephos.io.rows import csv_records
    from psephos.io.volunteers import RowProblem, _check_location_columns, _check_row

    header, records = csv_records(text, what="volunteer file", required=("id", "hours"))
    _check_location_columns(header)
    problems, parsed, seen, n_rows, first = [], [], {}, 0, {}
    for line_number, record in records:
        n_rows += 1
        cells = tuple(record.get(column, "").strip() for column in header)
        if first.setdefault(cells, line_number) != line_number:  # a copy: read once
            copied = first[cells]
            reason = f"a copy of row {copied} (the same in every column); read once, as row "
            reason += str(copied)
            problems.append(RowProblem(line_number, cells[header.index("id")], "error", reason))
            continue
        row, row_problems = _check_row(line_number, record)
        problems += row_problems
        volunteer_id = record.get("id", "").strip()
        if volunteer_id:
            seen.setdefault(volunteer_id, []).append(line_number)
        if row is not None:
            parsed.append((line_number, row))
    kept = []
    for line_number, row in parsed:
        lines = seen.get(row.id, [])
        if len(lines) > 1:
            others = ", ".join(str(line) for line in lines if line != line_number)
            reason = f"duplicate id (also on row(s) {others}); all rows with this id rejected"
            problems.append(RowProblem(line_number, row.id, "error", reason))
        else:
            kept.append((line_number, row))
    wanted = [row.postcode for _, row in kept if row.needs_postcode]
    found = iter(zip(*locate(wanted), strict=True)) if wanted else iter(())
    located = []
    for line_number, row in kept:
        if not row.needs_postcode:
            located.append((line_number, row.id, row.latitude, row.longitude, row))
            continue
        latitude, longitude, reason = next(found)
        if reason is None:
            located.append((line_number, row.id, latitude, longitude, row))
        else:
            problems.append(RowProblem(line_number, row.id, "error", f"postcode: {reason}"))
    rejected = {p.row for p in problems if p.severity == "error"}
    problems = [p for p in problems if p.severity == "error" or p.row not in rejected]
    problems.sort(key=lambda p: (p.row, p.severity))
    return (
        tuple(item[1] for item in located),
        [item[2] for item in located],
        [item[3] for item in located],
        [int(item[4].hours // 1) for item in located],
        tuple(item[4].name for item in located),
        [item[0] for item in located],
        tuple(problems),
        n_rows,
    )


def _fake_locate(postcodes: list[str]):
    """A postcode table of two districts, for comparing the readers without the real one."""
    known = {"SW1A": (51.501, -0.141), "CR0": (51.37, -0.1)}
    places = [known.get(code.upper().split(" ")[0]) for code in postcodes]
    latitudes = np.array([p[0] if p else np.nan for p in places])
    longitudes = np.array([p[1] if p else np.nan for p in places])
    reasons = [None if p else "not a known postcode" for p in places]
    return latitudes, longitudes, reasons


CELLS = {
    "id": ["a", "b", " c ", "", "  ", "d", "e"],
    "latitude": ["51.5", " 52.25 ", "", "x", "nan", "inf", "95", "-0.12", "60.9", "1e1", "5_1.1"],
    "longitude": ["-0.12", "", "1.8", "-8.70", "51.5", "-200", "abc", " 0 "],
    "postcode": ["", "SW1A 1AA", "cr0", "  sw1a   1aa ", "ZZ9 9ZZ", "hello"],
    "hours": ["3", "0", "-0", "2.5", "-2", "", "?", "inf", " 7 ", "1e2", "0.1", "1,000", "1,5"],
    "name": ["", "Ada", " Bea "],
}


@settings(max_examples=150)
@given(
    st.lists(
        st.sampled_from(["id", "latitude", "longitude", "postcode", "hours", "name"]),
        min_size=2,
        max_size=6,
        unique=True,
    ).filter(
        lambda h: (
            "id" in h and "hours" in h and ("postcode" in h or {"latitude", "longitude"} <= set(h))
        )
    ),
    st.data(),
)
def test_column_wise_reader_agrees_with_the_plain_reference(header, data) -> None:
    from psephos.io.volunteers import parse_volunteers as io_parse

    n_rows = data.draw(st.integers(0, 14))
    lines = [",".join(header)]
    for _ in range(n_rows):
        cells = [data.draw(st.sampled_from(CELLS[column])) for column in header]
        shape = data.draw(st.sampled_from(["full", "full", "full", "short", "long", "blank"]))
        if shape == "short":
            cells = cells[: len(cells) - 1]
        elif shape == "long":
            cells = [*cells, "extra"]
        elif shape == "blank":
            cells = [" "] * len(cells)
        lines.append(",".join(f'"{cell}"' if "," in cell else cell for cell in cells))
    text = "\n".join(lines) + "\n"
    parsed = io_parse(text, keep_names=True, locate=_fake_locate)
    ids, latitudes, longitudes, hours, names, rows, problems, total = _plain_parse(
        text, _fake_locate
    )
    got = parsed.volunteers
    assert got.ids == ids
    assert got.latitude.tolist() == latitudes
    assert got.longitude.tolist() == longitudes
    assert got.hours.tolist() == hours
    assert got.rows.tolist() == rows
    assert (got.names or ("",) * len(ids)) == (names if "name" in header else ("",) * len(ids))
    assert parsed.problems == problems
    assert parsed.n_rows == total


def test_problem_line_names_row_id_and_reason_only() -> None:
    from psephos.targeting.volunteers import parse_volunteers, problem_line

    parsed = parse_volunteers(
        "id,latitude,longitude,hours,name\nv1,abc,-0.1,4,Secret Name\n,51.5,-0.1,2,X\n"
    )
    lines = [problem_line(p) for p in parsed.problems]
    assert lines[0] == "row 2 (id v1): rejected: latitude is not a number"
    assert lines[1].startswith("row 3 (id ?): rejected:")
    assert not any("Secret" in line for line in lines)


def test_problem_report_lists_rows_in_row_order() -> None:
    """Rejected and adjusted rows come as the file has them, so the row numbers run in
    order: a rejected row is not lifted above an adjusted row before it."""
    from psephos.targeting.volunteers import problem_report

    parsed = parse_volunteers(
        "id,latitude,longitude,hours\n"
        "v1,51.5,-0.12,2.5\nv2,51.5,-0.12,abc\nv3,51.6,-0.1,3.5\nv4,91,0,2\n"
    )
    listed = [int(line.split()[1]) for line in problem_report(parsed)[1:]]
    assert listed == sorted(listed) == [p.row for p in parsed.problems]
    assert {p.severity for p in parsed.problems} == {"error", "warning"}


def test_problem_report_lists_rejected_rows_and_counts_the_rest() -> None:
    """Thousands of adjusted rows (hours with a fraction) must not bury a rejected one: it is
    listed, in its row's place, and the adjusted rows past the limit are counted."""
    from psephos.targeting.volunteers import PROBLEMS_LISTED, problem_line, problem_report

    rows = [f"v{i},51.5,-0.12,2.5" for i in range(1, 1201)] + ["v0,51.5,-0.12,-3"]
    parsed = parse_volunteers("id,latitude,longitude,hours\n" + "\n".join(rows) + "\n")
    report = problem_report(parsed)
    assert report[0] == "Read 1,201 volunteer rows: 1,200 accepted, 1 rejected, 1,200 adjusted."
    assert report[PROBLEMS_LISTED] == f"  {problem_line(parsed.rejected[0])}"
    assert len(report) == 1 + PROBLEMS_LISTED + 1
    hidden = len(parsed.problems) - PROBLEMS_LISTED
    assert report[-1] == f"  ... and {hidden:,} more (every problem is in the JSON output)."
    short = problem_report(parse_volunteers(MALFORMED))
    assert len(short) == 1 + len(parse_volunteers(MALFORMED).problems)  # all listed, no tail


def test_hours_that_are_no_number_are_quoted_with_what_hours_means() -> None:
    """ "hours is not a number" sent the organiser to find the cell; the rejection quotes it, as
    a negative or too large figure is quoted, and says hours are the whole campaign's, working
    out a weekly answer ("6 hrs/week", a common sign-up answer) for five weeks."""
    text = "id,latitude,longitude,hours\nw,51.5,-0.12,weekends\np,51.5,-0.12,6 hrs/week\n"
    parsed = parse_volunteers(text)
    assert [(p.row, p.reason) for p in parsed.rejected] == [
        (2, "hours is not a number ('weekends'): give the hours for the whole campaign, e.g. 20"),
        (
            3,
            "hours is not a number ('6 hrs/week'): give the hours for the whole campaign, not "
            "a week (6 a week for 5 weeks is 30)",
        ),
    ]


def test_coordinates_in_no_seat_are_refused_with_their_distance() -> None:
    """Dublin (53.35, -6.26) is inside the United Kingdom's box of latitudes and longitudes,
    and was accepted, then left unplaced for "travel"; the Isle of Man and Jersey too. A point
    further from every seat's centre than that seat's own places reach is refused, naming
    the distance and no place; Orkney, far from its seat's centre, and Leeds are kept."""
    text = (
        "id,latitude,longitude,hours\n"
        "dublin,53.35,-6.26,5\ndouglas,54.15,-4.48,5\njersey,49.19,-2.11,5\n"
        "orkney,58.98,-2.96,5\nleeds,53.8,-1.55,5\n"
    )
    parsed = parse_volunteers(text)
    assert list(parsed.volunteers.ids) == ["orkney", "leeds"]
    reasons = {p.volunteer_id: p.reason for p in parsed.rejected}
    assert set(reasons) == {"dublin", "douglas", "jersey"}
    assert reasons["dublin"] == (
        "latitude and longitude are 99 km from the nearest seat's centre, beyond the 25 km its "
        "own places reach: outside the United Kingdom (Ireland, the Isle of Man or the Channel "
        "Islands?)"
    )
    assert "Dublin" not in reasons["dublin"] and "53.35" not in reasons["dublin"]


def test_a_postcode_whose_sector_is_unknown_is_placed_at_its_district_with_a_note() -> None:
    """``LS6 7ZZ`` (no sector LS6 7) was placed at the LS6 district's centre without a word,
    16 km from where a typo may have meant; the row is kept and said to be adjusted, naming
    the district and not the postcode."""
    text = "id,postcode,hours\na,LS6 7ZZ,5\nb,LS6 1AA,5\n"
    parsed = parse_volunteers(text)
    assert list(parsed.volunteers.ids) == ["a", "b"]
    assert [(p.row, p.volunteer_id, p.reason) for p in parsed.warnings] == [
        (
            2,
            "a",
            "postcode: its sector is not in the bundled postcode table (ONS NSPL May 2025; "
            "mistyped, or new since?), so it was placed at the centre of its district, LS6",
        )
    ]
    assert all("7ZZ" not in p.reason for p in parsed.problems)


def test_a_postcode_s_seat_message_does_not_ask_again_for_a_full_postcode_given() -> None:
    """The web said "give your full postcode for a better match" of LS6 7ZZ, a full postcode
    whose sector is unknown; it now says the sector is unknown and its district was used."""
    import psephos
    from psephos.jurisdictions.postcodes import seats_of_postcode

    election = psephos.load("2024")
    given = seats_of_postcode(election, "LS6 7ZZ").message
    assert "give your full postcode" not in given
    assert given.startswith("The sector of LS6 7ZZ is not in the bundled postcode table")
    assert "its district LS6 was used" in given and given.endswith("check the postcode.")
    district = seats_of_postcode(election, "LS6").message
    assert "give your full postcode for a better match" in district


def test_points_beyond_the_seats_agree_with_every_seat_measured() -> None:
    """The k-d tree's first pass only ever clears points: over random points from the
    Atlantic to the North Sea, the answer is the one measuring every point against every seat
    gives (the distance, seat and reach of the nearest seat for a point in none)."""
    import numpy as np

    from psephos.jurisdictions import postcodes
    from psephos.jurisdictions.geography import great_circle_km

    rng = np.random.default_rng(7)
    latitude, longitude = rng.uniform(49, 61.5, 3000), rng.uniform(-11, 3, 3000)
    found = postcodes.beyond_the_seats(latitude, longitude)
    centre_latitude, centre_longitude, reach, codes = postcodes._seat_reach()
    km = great_circle_km(latitude[:, None], longitude[:, None], centre_latitude, centre_longitude)
    outside = ~(km <= reach + postcodes.REACH_MARGIN_KM).any(axis=1)
    assert 0 < outside.sum() < outside.size
    for point, answer in enumerate(found):
        if not outside[point]:
            assert answer is None
            continue
        nearest = int(np.argmin(km[point]))
        assert answer == (float(km[point, nearest]), codes[nearest], float(reach[nearest]))
