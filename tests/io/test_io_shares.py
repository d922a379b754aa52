"""Share tables: area sub-polls and seat shapes, long and wide, and their row-numbered errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from psephos.errors import DataFormatError
from psephos.io.shares import parse_area_shares, read_area_shares_csv, read_seat_shapes_csv


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "shares.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_seat_shapes_wide_with_percent_signs_and_missing_cells(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Seat,Con,Lab,Reform UK\nE14001290,20.5%,41%,NA\nHampstead and Highgate,18,55,\n",
    )
    assert read_seat_shapes_csv(path) == {
        "E14001290": {"Con": 20.5, "Lab": 41.0},
        "Hampstead and Highgate": {"Con": 18.0, "Lab": 55.0},
    }


def test_seat_shapes_long(tmp_path: Path) -> None:
    path = write(tmp_path, "seat_code,party,share\nE1,Lab,0.5\nE1,Con,0.3\nE2,LD,0.4\n")
    assert read_seat_shapes_csv(path) == {"E1": {"Lab": 0.5, "Con": 0.3}, "E2": {"LD": 0.4}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,Lab\nX,1\n", "has no 'seat', 'seat_code', 'code', 'constituency' or 'seat_name'"),
        ("seat,Lab,Con\nE1,40,lots\n", "'shares.csv' row 2: share: not a number \\('lots'\\)"),
        ("seat,Lab\nE1,-4\n", "row 2: share: negative \\(-4.0\\)"),
        ("seat,party,share\nE1,Lab,4\nE1,Lab,5\n", "row 3: 'Lab' is given twice for 'E1'"),
        ("seat,Lab\n,40\n", "row 2: seat: missing"),
        ("seat,Lab\n", "has no shares"),
        (
            "ons_id,Con,Lab,LD\nE1,80,40,10\n",
            "'shares.csv' row 2: the shares of 'E1' add up to 130.0%, above 100%; give each "
            "party's share of the seat's vote.",
        ),
        (
            "seat,party,share\nE1,Lab,0.5\nE1,Con,0.5\nE1,LD,0.4\n",
            "'shares.csv' rows 2-4: the shares of 'E1' add up to 140.0%, above 100%",
        ),
        ("", "is empty; expected a header with one of the columns 'seat', 'seat_code', "),
    ],
)
def test_bad_seat_shapes_get_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataFormatError, match=message) as info:
        read_seat_shapes_csv(write(tmp_path, text))
    assert "\n" not in str(info.value)


def test_area_shares_key_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "nation,SNP,Lab\nScotland,30,35\n")
    assert read_area_shares_csv(path) == {"Scotland": {"SNP": 30.0, "Lab": 35.0}}
    with pytest.raises(DataFormatError, match="does not exist"):
        read_area_shares_csv(tmp_path / "missing.csv")
    with pytest.raises(DataFormatError, match="'area', 'region' or 'nation' and the shares"):
        read_area_shares_csv(write(tmp_path, ""))
    with pytest.raises(DataFormatError, match=r"is a folder, not a file\.$"):
        read_area_shares_csv(tmp_path)


@pytest.mark.parametrize(
    "header",
    ["ons_id", "ONS code", "PCON24CD", "Constituency name", "constituency_name", "PCON24NM"],
)
def test_seat_shapes_keyed_as_other_publishers_key_them(tmp_path: Path, header: str) -> None:
    path = write(tmp_path, f"{header},Con,Lab\nE14001290,20,41\n")
    assert read_seat_shapes_csv(path) == {"E14001290": {"Con": 20.0, "Lab": 41.0}}


def test_seat_shapes_skip_the_columns_that_place_a_seat(tmp_path: Path) -> None:
    # An ONS-style file: code and name, region and country beside the party columns.
    path = write(
        tmp_path,
        "PCON24CD,PCON24NM,Region,Country,Con,Lab\n"
        "E14001290,Hampstead and Highgate,London,England,18,55\n",
    )
    assert read_seat_shapes_csv(path) == {"E14001290": {"Con": 18.0, "Lab": 55.0}}


@pytest.mark.parametrize(
    "text",
    [
        "area,party,share\nScotland,SNP,30\nScotland,Lab,35\nWales,Lab,40\n",
        "nation\tSNP\tLab\r\nScotland\t30\t35\r\nWales\t\t40\r\n",  # pasted from a spreadsheet
    ],
    ids=["long", "wide-tabs"],
)
def test_area_shares_text_reads_as_the_same_file(tmp_path: Path, text: str) -> None:
    """Text a page was given reads as the file holding it (one reader, two doors)."""
    parsed = parse_area_shares(text)
    assert parsed == read_area_shares_csv(write(tmp_path, text))
    assert parsed == parse_area_shares(text, name="areas.csv")


def test_area_shares_text_is_named_in_messages(tmp_path: Path) -> None:
    """Text without a file name (a page's box) is the area shares table; an upload is named
    as the file it came from, as a file on disk is."""
    bad = "area,party,share\nScotland,SNP,lots\n"
    with pytest.raises(DataFormatError, match=r"^area shares table row 2: share: ") as typed:
        parse_area_shares(bad)
    with pytest.raises(DataFormatError) as named:
        parse_area_shares(bad, name="areas.csv")
    with pytest.raises(DataFormatError) as on_disk:
        read_area_shares_csv(write(tmp_path, bad))
    assert str(named.value) == str(on_disk.value).replace("'shares.csv'", "'areas.csv'")
    assert str(typed.value).removeprefix("area shares table") == str(named.value).removeprefix(
        "shares file 'areas.csv'"
    )
    with pytest.raises(DataFormatError, match=r"^The area shares table has no 'area', 'region'"):
        parse_area_shares("place,SNP\nScotland,30\n")


def test_seat_shapes_of_fractions_and_percentages_are_read_seat_by_seat_with_a_note(
    tmp_path: Path,
) -> None:
    """A seat of fractions beside a seat of percentages was read without a word; each seat
    is still read by its own total, and a note says the file mixes the two."""
    from psephos.errors import InputWarning

    path = write(tmp_path, "ons_id,Con,Lab,LD\nE1,0.3,0.4,0.1\nE2,30,40,10\n")
    with pytest.warns(InputWarning) as caught:
        table = read_seat_shapes_csv(path)
    assert table == {
        "E1": {"Con": 0.3, "Lab": 0.4, "LD": 0.1},
        "E2": {"Con": 30, "Lab": 40, "LD": 10},
    }
    assert [str(w.message) for w in caught] == [
        "The seat shape file 'shares.csv' gives its shares as fractions in 1 seat(s) (adding "
        "up to at most 1.5) and as percentages in 1; each seat's are read by their own total."
    ]
