"""The one CSV writer: what every command's ``--format csv`` and every web download write."""

from __future__ import annotations

import contextlib
import csv
import io
import math

from hypothesis import given
from hypothesis import strategies as st

from psephos.cli._output import OutputFormat, render
from psephos.io.export import csv_columns, csv_text

CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
)
ROWS = st.lists(
    st.dictionaries(st.sampled_from(["seat", "party", "votes", "share"]), CELLS, max_size=4),
    max_size=5,
)


def test_rows_read_back_with_floats_as_files_carry_them() -> None:
    rows = [
        {"seat": "Hendon, North", "share": -1.2800000000000011, "votes": 15},
        {"seat": 'Say "hi"', "share": math.nan, "votes": 0},
        {"seat": "Zero", "share": -0.0, "votes": 3},
    ]
    text = csv_text(rows)
    assert text.endswith("\n") and "\r" not in text
    read = list(csv.DictReader(io.StringIO(text)))
    assert [row["seat"] for row in read] == ["Hendon, North", 'Say "hi"', "Zero"]
    assert [row["share"] for row in read] == ["-1.28", "", "0.0"]
    assert [row["votes"] for row in read] == ["15", "0", "3"]


def test_a_line_break_in_a_cell_reads_back_as_one_cell() -> None:
    """A cell holding a carriage return (a name pasted from another system) is written quoted,
    its line break as ``\n``, so the row reads back as one row."""
    rows = [{"seat": "a\rb", "party": "c\r\nd"}, {"seat": "e\nf", "party": "g"}]
    read = list(csv.DictReader(io.StringIO(csv_text(rows))))
    assert read == [{"seat": "a\nb", "party": "c\nd"}, {"seat": "e\nf", "party": "g"}]


def test_the_header_is_every_key_in_the_order_first_seen() -> None:
    rows = [{"seat": "A", "votes": 1}, {"seat": "B", "share": 2.5}, {"votes": 3, "seat": "C"}]
    assert csv_columns(rows) == ["seat", "votes", "share"]
    read = list(csv.DictReader(io.StringIO(csv_text(rows))))
    assert read[1] == {"seat": "B", "votes": "", "share": "2.5"}
    assert read[2] == {"seat": "C", "votes": "3", "share": ""}


def test_no_rows_give_the_header_asked_for() -> None:
    assert csv_text([], ("volunteer_id", "hours")) == "volunteer_id,hours\n"
    assert csv_text([]) == "\n"


@given(ROWS)
def test_every_command_prints_the_writers_text(rows: list[dict[str, object]]) -> None:
    """``--format csv`` prints exactly :func:`csv_text` (one writer for the command line and
    the web app), whatever the rows hold."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        render(rows, OutputFormat.csv)
    assert printed.getvalue() == csv_text(rows)
    table = list(csv.reader(io.StringIO(printed.getvalue())))
    assert len(table) == len(rows) + 1  # the header, then a line per row


def test_booleans_are_written_as_json_writes_them() -> None:
    """A yes/no column reads the same in every command's file: ``true``/``false``, never
    Python's ``True``, whether the row holds a Python or a NumPy boolean."""
    import numpy as np

    rows = [{"seat": "A", "held": True, "gain": np.bool_(False)}]
    assert csv_text(rows) == "seat,held,gain\nA,true,false\n"


def test_a_csv_file_starts_with_one_byte_order_mark_for_excel() -> None:
    """A CSV *file* (``--out``, a web download of one) starts with the UTF-8 byte-order mark
    Excel needs to read "Ynys Môn" as written, once however often it is marked; the text after
    it is :func:`csv_text`'s, and psephos's reader reads it back without the mark."""
    from psephos.io.export import csv_file_text
    from psephos.io.rows import decode_text

    text = csv_text([{"seat_name": "Ynys Môn", "hours": 10}])
    marked = csv_file_text(text)
    assert marked == "\ufeff" + text and csv_file_text(marked) == marked
    assert marked.encode("utf-8").startswith(b"\xef\xbb\xbfseat_name,hours\n")
    assert decode_text(marked.encode("utf-8"), label="plan")[0] == text
