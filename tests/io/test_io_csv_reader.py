"""Every CSV reader refuses a row the csv module cannot split (a cell longer than its limit)
with one error naming the file and the row (:func:`psephos.io.rows.csv_reader`)."""

from __future__ import annotations

import csv

import pytest

from psephos.errors import DataFormatError
from psephos.io.rows import csv_columns, csv_records

#: A cell one character longer than the csv module splits.
LONG = "9" * (csv.field_size_limit() + 1)


def test_csv_records_names_the_row_of_a_cell_too_long() -> None:
    text = f'\nseat,votes\nA,1\nB,"{LONG}"\n'  # a blank line before the header: row 4
    header, records = csv_records(text, what="test file", required=("seat",))
    assert header == ["seat", "votes"]
    with pytest.raises(DataFormatError, match=r"^The test file row 4: field larger than"):
        list(records)


def test_a_header_too_long_is_refused_as_the_first_row() -> None:
    with pytest.raises(DataFormatError, match=r"^The test file row 1: field larger than"):
        csv_records(f"seat,{LONG}\nA,1\n", what="test file", required=("seat",))


def test_csv_columns_names_the_row_of_a_cell_too_long() -> None:
    with pytest.raises(DataFormatError, match=r"^The test file row 3: field larger than"):
        csv_columns(f"seat,votes\nA,1\nB,{LONG}\n", what="test file", required=("seat",))


def test_a_ballot_file_names_the_row_of_a_cell_too_long() -> None:
    from psephos.io.ballots import parse_ballots_csv

    text = f"rank1,rank2\nAlice,Bob\nBob,{LONG}\n"
    with pytest.raises(
        DataFormatError, match=r"^The ballot file 'b\.csv' row 3: field larger than"
    ):
        parse_ballots_csv(text, name="b.csv")
