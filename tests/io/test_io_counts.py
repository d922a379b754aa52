"""One rule for counts in every reader: thousands separators only between groups of three
digits, whole numbers of at least zero (results files, declaration feeds, ballot files and the
web app's declaration form and upload)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from psephos.errors import DataFormatError
from psephos.io.declarations import read_feed
from psephos.io.rows import whole_count, without_separators
from psephos.io.user_csv import read_results_csv
from psephos.jurisdictions import for_parties
from psephos.model import Candidate


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("21,000", "21000"),
        (" 1,234,567 ", "1234567"),
        ("1,234.5", "1234.5"),
        ("21000", "21000"),
        ("21,00", "21,00"),  # not a thousands separator: left for the number check to refuse
        ("1,2,3", "1,2,3"),
        ("12,3456", "12,3456"),
        # a space, no-break or narrow space (a French locale), an apostrophe (a Swiss one)
        ("21 000", "21000"),
        ("1\u00a0234\u00a0567", "1234567"),
        ("34\u202f464", "34464"),
        ("21'000", "21000"),
        ("21 00", "21 00"),
        ("1,234 567", "1,234 567"),  # two kinds of separator: left for the check to refuse
        (None, ""),
        (7, "7"),
    ],
)
def test_separators_come_out_only_between_groups_of_three(cell: object, text: str) -> None:
    assert without_separators(cell) == text


def test_whole_count() -> None:
    assert whole_count("21,000") == 21000
    assert whole_count("21000.0") == 21000
    assert whole_count("", blank=True) is None
    for cell, message in [
        ("1,2,3", "not a whole number"),
        ("21,00", "not a whole number"),
        ("12.5", "not a whole number"),
        ("nan", "not a whole number"),
        ("-4", "negative"),
        ("", "missing"),
    ]:
        with pytest.raises(ValueError, match=message):
            whole_count(cell)


def test_a_results_file_refuses_a_comma_that_separates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    header = "seat_code,seat_name,party,votes\n"
    path.write_text(header + 'E1,Here,Lab,"1,2,3"\nE1,Here,Con,5\n', encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"row 2: votes: not a whole number \('1,2,3'\)"):
        read_results_csv(path, country_of=for_parties)
    path.write_text(header + 'E1,Here,Lab,"1,203"\nE1,Here,Con,5\n', encoding="utf-8")
    assert read_results_csv(path, country_of=for_parties).result_at(0).votes["Lab"] == 1203
    # a file saved by a spreadsheet with a French locale: semicolons, spaces between groups
    path.write_text(
        "seat_code;seat_name;party;votes\nE1;Here;Lab;34\u00a0464\nE1;Here;Con;5\n",
        encoding="utf-8",
    )
    assert read_results_csv(path, country_of=for_parties).result_at(0).votes["Lab"] == 34464


def test_a_feed_reads_seat_or_seat_code_and_keeps_ballot_labels() -> None:
    """The web app's upload and ``psephos nowcast feed`` read one format: ``seat`` is read as
    ``seat_code``, a ``code`` column gives the code of a label psephos does not know, and each
    candidate keeps the label as written."""
    text = (
        "seat,candidate,party,code,votes\n"
        'E1,A. Smith,Labour Party,,"21,000"\n'
        "E1,B. Jones,Workers Party of Britain,Other,900\n"
    )
    (declaration,) = read_feed(io.StringIO(text))
    assert declaration.seat == "E1"
    assert declaration.counts == (
        Candidate("A. Smith", "Lab", "Labour Party", 21000),
        Candidate("B. Jones", "Other", "Workers Party of Britain", 900),
    )
    with pytest.raises(DataFormatError, match=r"row 2: votes: not a whole number \('21,00'\)"):
        list(read_feed(io.StringIO('seat_code,party,votes\nE1,Lab,"21,00"\n')))
    with pytest.raises(DataFormatError, match=r"row 2: code: 'Labr' is not one of"):
        list(read_feed(io.StringIO("seat,party,code,votes\nE1,Lab,Labr,5\n")))
    with pytest.raises(DataFormatError, match=r"lacks column\(s\) seat_code; expected .*seat"):
        list(read_feed(io.StringIO("party,votes\nLab,5\n")))
