"""One reader per file type: declared row schemas and row-numbered errors."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from psephos.errors import DataFormatError, InputWarning, UnknownPartyError
from psephos.io.capacities import parse_capacities, read_capacities
from psephos.io.declarations import lone_party, read_declarations
from psephos.io.rows import Row, read_rows
from psephos.io.stand_downs import read_stand_downs
from psephos.io.swap_offers import check_swap_offers, parse_swap_offers, read_swap_offers
from psephos.model import Candidate


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "file.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_stand_downs(tmp_path: Path) -> None:
    rows = read_stand_downs(_write(tmp_path, "Party,Seat\nLD, E14000530\n\nGreen,Bath\n"))
    assert [(n, r.party, r.seat) for n, r in rows] == [(2, "LD", "E14000530"), (4, "Green", "Bath")]
    with pytest.raises(DataFormatError, match=r"stand-down file 'file.csv' row 3: seat: "):
        read_stand_downs(_write(tmp_path, "party,seat\nLD,Bath\nGreen,\n"))
    with pytest.raises(DataFormatError) as several:  # every bad row, not the first alone
        read_stand_downs(_write(tmp_path, "party,seat\n,Bath\nLD,Bath\nGreen,\n"))
    assert str(several.value) == (
        "The stand-down file 'file.csv' has 2 bad rows: row 2: party: missing. "
        "row 4: seat: missing."
    )
    with pytest.raises(DataFormatError, match=r"lacks column.*seat"):
        read_stand_downs(_write(tmp_path, "party\nLD\n"))
    with pytest.raises(DataFormatError, match="does not exist"):
        read_stand_downs(tmp_path / "missing.csv")


def test_a_stand_down_file_with_only_its_header_is_refused(tmp_path: Path) -> None:
    """A file of no stand-downs (a header saved without rows) is refused, saying what to give:
    read as none, the pact would be the default one, every seat's best-placed bloc party
    standing alone, not the one the file meant."""
    with pytest.raises(DataFormatError) as refused:
        read_stand_downs(_write(tmp_path, "Party,Seat\n,\n\n"))
    assert str(refused.value) == (
        "The stand-down file 'file.csv' has no stand-downs; give a party,seat row for each seat "
        "a party stands aside in, or no file for the default pact (the best-placed bloc party "
        "stands in each seat)."
    )


#: The note on capacities given with a fraction of an hour (in a file called ``file.csv``).
ROUNDED = (
    r"The capacity file 'file\.csv' gives a fraction of an hour on row 2 \(10\.7 read as 10\): "
    r"capacities are whole hours, so each was rounded down\."
)


def test_capacities_round_down_and_reject_negative(tmp_path: Path) -> None:
    with pytest.warns(InputWarning, match=ROUNDED):
        assert read_capacities(_write(tmp_path, "seat,hours\nA,10.7\nB,0\n")) == {"A": 10, "B": 0}
    with pytest.raises(
        DataFormatError, match=r"capacity file 'file.csv' row 2: hours: negative \(-1.0\)"
    ):
        read_capacities(_write(tmp_path, "seat,hours\nA,-1\n"))
    with pytest.raises(
        DataFormatError, match=r"capacity file 'file.csv' row 3: hours: not a number"
    ):
        read_capacities(_write(tmp_path, "seat,hours\nA,1\nB,lots\n"))


def test_capacity_hours_read_thousands_separators_as_volunteer_hours_do() -> None:
    """ "1,000" hours is a number, as every reader of a number reads it; a decimal comma in a
    comma-separated file is refused saying to write the point, not that it is no number."""
    text = 'seat,hours\nRochdale,"1,000"\nBlackburn,"2,500 hours"\n'
    assert parse_capacities(text, name="caps.csv") == {"Rochdale": 1000, "Blackburn": 2500}
    with pytest.raises(DataFormatError) as refused:
        parse_capacities('seat,hours\nRochdale,"1,5"\n', name="caps.csv")
    assert str(refused.value) == (
        "capacity file 'caps.csv' row 2: hours: a decimal comma; write a decimal with a "
        "point, 1.5 ('1,5')."
    )


def test_a_capacity_left_blank_is_missing_not_a_number() -> None:
    with pytest.raises(DataFormatError) as refused:
        parse_capacities("seat,hours\nRochdale,100\nBlackburn,\n", name="caps.csv")
    assert str(refused.value) == "capacity file 'caps.csv' row 3: hours: missing."


def test_fractions_rounded_down_are_named_by_row_ten_at_most() -> None:
    rows = "".join(f"S{index},{index}.5\n" for index in range(12))
    with pytest.warns(InputWarning) as caught:
        read = parse_capacities("seat,hours\n" + rows, name="caps.csv")
    assert read["S3"] == 3
    (note,) = [str(warning.message) for warning in caught]
    assert note == (
        "The capacity file 'caps.csv' gives a fraction of an hour on rows 2 (0.5 read as 0), "
        "3 (1.5 read as 1), 4 (2.5 read as 2), 5 (3.5 read as 3), 6 (4.5 read as 4), "
        "7 (5.5 read as 5), 8 (6.5 read as 6), 9 (7.5 read as 7), 10 (8.5 read as 8), "
        "11 (9.5 read as 9) and 2 more: capacities are whole hours, so each was rounded down."
    )


def test_capacities_refuse_a_seat_given_twice(tmp_path: Path) -> None:
    """Which of a seat's two capacities is meant cannot be told: both rows are named."""
    refused = r"capacity file 'file.csv' rows 2 and 3: seat 'A' is given twice \(3 and 1 hours\)"
    with pytest.raises(DataFormatError, match=refused):
        read_capacities(_write(tmp_path, "seat,hours\nA,3\n a ,1\n"))
    with pytest.raises(DataFormatError, match=r"caps\.csv' rows 2 and 4"):
        parse_capacities("seat,hours\nA,3\nB,2\nA,3\n", name="caps.csv")


def test_capacities_refuse_two_columns_read_as_hours() -> None:
    """The last of two hours columns was read and the other dropped unseen."""
    with pytest.raises(DataFormatError) as refused:
        parse_capacities("seat,hours,Hours\nA,3,5\n", name="caps.csv")
    assert str(refused.value) == (
        "The capacity file 'caps.csv' has two columns read as hours ('hours' and 'Hours'); "
        "keep one of them (rename or delete the other)."
    )


def test_capacities_uploaded_read_as_the_file() -> None:
    with pytest.warns(InputWarning, match=ROUNDED.replace("'file", "'caps")):
        assert parse_capacities("Seat,Hours\nA,10.7\nB,0\n", name="caps.csv") == {"A": 10, "B": 0}
    with pytest.raises(DataFormatError, match=r"capacity file 'caps.csv' lacks column.*hours"):
        parse_capacities("seat\nA\n", name="caps.csv")


def test_swap_offers(tmp_path: Path) -> None:
    frame = read_swap_offers(_write(tmp_path, "seat,preferred,willing\nBath,Green,LD\n"))
    assert frame.to_dict("records") == [{"seat": "Bath", "preferred": "Green", "willing": "LD"}]
    with pytest.raises(DataFormatError, match=r"row 2: .*are the same"):
        read_swap_offers(_write(tmp_path, "seat,preferred,willing\nBath,LD,ld\n"))


def test_swap_offers_in_memory_read_as_from_a_file(tmp_path: Path) -> None:
    """An upload's text reads as the same file does, its messages naming the upload."""
    text = "seat,preferred,willing\nBath,Green,LD\n\nPutney,LD,Lab\n"
    parsed = parse_swap_offers(text, name="mine.csv")
    assert parsed.equals(read_swap_offers(_write(tmp_path, text)))
    assert parsed.index.tolist() == [2, 4]
    with pytest.raises(DataFormatError, match=r"^swap-offer file 'mine\.csv' row 3: "):
        parse_swap_offers("seat,preferred,willing\nBath,Green,LD\nBath,,LD\n", name="mine.csv")


def test_swap_offers_from_a_sign_up_form_s_headings() -> None:
    """A form's export heads the seat as a results file does (``Constituency``) or asks for a
    ``Postcode``, and its parties ``Preferred party``, ``Willing party``: read as the offer's
    columns, not refused for lacking ``seat, preferred, willing``."""
    for seat in ("Constituency", "Postcode", "Seat name"):
        text = f"{seat},Preferred party,Willing party\nBath,Lab,LD\n"
        frame = parse_swap_offers(text, name="form.csv")
        assert frame[["seat", "preferred", "willing"]].values.tolist() == [["Bath", "Lab", "LD"]]


def test_swap_offers_keep_an_id_and_personal_columns_only_when_asked() -> None:
    """A sign-up sheet's id is kept beside each row; its name and e-mail columns are personal
    data, kept only with ``keep_personal`` and otherwise named in a note (never their
    values); other columns are named as ignored."""
    text = (
        "Timestamp,ID,Full name,E-mail,seat,preferred,willing\n"
        "9:00,a1,Ada,ada@example.org,Bath,Green,LD\n9:05,b2,Bo,bo@example.org,Putney,LD,Lab\n"
    )
    with pytest.warns(InputWarning) as said:
        frame = parse_swap_offers(text, name="sheet.csv")
    assert frame.to_dict("records") == [
        {"seat": "Bath", "preferred": "Green", "willing": "LD", "id": "a1"},
        {"seat": "Putney", "preferred": "LD", "willing": "Lab", "id": "b2"},
    ]
    notes = [str(warning.message) for warning in said]
    assert notes[0] == "Columns ignored: timestamp."
    assert notes[1].startswith("Columns name and email: personal data, left out of the answer")
    assert not any("Ada" in note or "example.org" in note for note in notes)
    with pytest.warns(InputWarning, match="Columns ignored"):
        kept = parse_swap_offers(text, name="sheet.csv", keep_personal=True)
    assert kept[["name", "email"]].values.tolist() == [
        ["Ada", "ada@example.org"],
        ["Bo", "bo@example.org"],
    ]


def test_one_person_signing_up_twice_is_found_or_said_to_be_unknowable() -> None:
    """A row copied in every column read is one sign-up saved twice where the sheet says who
    made each offer: read once, with a note; without id, name or email the copies are read as
    voters with a note saying they cannot be told apart. Rows sharing an e-mail address are
    kept with a note naming the rows; an id on two different rows is refused."""
    with pytest.warns(InputWarning) as said:
        frame = parse_swap_offers(
            "email,seat,preferred,willing\nA@x.org,Bath,LD,Lab\na@x.org,Bath,LD,Lab\n"
            "a@x.org,Putney,LD,Lab\nb@x.org,Bath,LD,Lab\n",
            name="sheet.csv",
        )
    assert frame.index.tolist() == [2, 4, 5]
    notes = [str(warning.message) for warning in said]
    assert notes[0] == (
        "1 row the same as an earlier row in every column read (one sign-up saved twice), "
        "read once: row 3."
    )
    assert notes[1].startswith("Rows 2, 4 share an e-mail address with another row")
    with pytest.warns(InputWarning, match=r"^1 offer the same as an earlier one \(row 3\) "):
        plain = parse_swap_offers(
            "seat,preferred,willing\nBath,LD,Lab\nBath,LD,Lab\n", name="sheet.csv"
        )
    assert len(plain) == 2
    with pytest.raises(DataFormatError, match=r"row 3: id 'a1' is row 2's too, a different offer"):
        parse_swap_offers("id,seat,preferred,willing\na1,Bath,LD,Lab\na1,Putney,LD,Lab\n", name="s")


def test_every_bad_row_of_a_swap_offer_file_is_named_in_one_error() -> None:
    """A file with a row preferring and willing the same party, a row without a seat and an
    id given to two different offers is refused once, naming each row in order, as the
    volunteer and stand-down readers refuse theirs (it stopped at the first); the check gives
    the rows that read beside the bad ones, for a caller that checks those against an
    election before refusing."""
    text = (
        "id,seat,preferred,willing\na1,Bath,LD,Lab\na2,Bath,Lab,Lab\na3,,LD,Lab\n"
        "a1,Putney,LD,Lab\na4,Putney,Green,Lab\n"
    )
    with pytest.raises(DataFormatError) as refused:
        parse_swap_offers(text, name="sheet.csv")
    assert str(refused.value) == (
        "The swap-offer file 'sheet.csv' has 3 bad rows: row 3: preferred and willing parties "
        "are the same. row 4: seat: missing. row 5: id 'a1' is row 2's too, a different offer; "
        "give each offer its own id (or delete the row that is wrong)."
    )
    offers, faults = check_swap_offers(text, name="sheet.csv")
    assert offers.index.tolist() == [2, 6]
    assert [number for number, _ in faults] == [3, 4, 5]


def test_a_swap_offer_file_with_only_its_header_is_refused(tmp_path: Path) -> None:
    """A file of no offers (a header saved without rows) is refused, saying what to give, as
    a file and as an upload: there is nothing to match, where it gave "0 swaps among 0
    offers"."""
    said = (
        "The swap-offer file 'file.csv' has no offers; give a seat,preferred,willing row for "
        "each voter offering a swap (the seat they vote in, the party they prefer, the party "
        "they will vote for in exchange)."
    )
    text = "Seat,Preferred,Willing\n,,\n\n"
    with pytest.raises(DataFormatError) as refused:
        read_swap_offers(_write(tmp_path, text))
    assert str(refused.value) == said
    with pytest.raises(DataFormatError) as uploaded:
        parse_swap_offers(text, name="file.csv")
    assert str(uploaded.value) == said


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_csv_text_in_memory_reads_as_the_same_file_whatever_its_line_ends(
    tmp_path: Path, end: str
) -> None:
    """An upload's text keeps its line ends (Windows, or the old Mac OS's bare carriage
    return); its rows and row numbers are those of the same bytes read from a file."""
    text = end.join(["seat,preferred,willing", "Bath,Green,LD", "", "Putney,LD,Lab", ""])
    path = tmp_path / "offers.csv"
    path.write_bytes(text.encode())
    parsed = parse_swap_offers(text, name="offers.csv")
    assert parsed.equals(read_swap_offers(path))
    assert parsed.index.tolist() == [2, 4]


def test_declarations_json_and_csv() -> None:
    feed = '{"seat": "E1", "votes": {"Con": 10, "Lab": 5}}\n\n{"code": "E2", "votes": {}}\n'
    assert list(read_declarations(io.StringIO(feed))) == [
        ("E1", {"Con": 10.0, "Lab": 5.0}),
        ("E2", {}),
    ]
    long = 'seat_code,party,votes\nE1,Con,"1,000"\nE1,Lab,5\nE2,Con,7\n'
    assert list(read_declarations(io.StringIO(long))) == [
        ("E1", {"Con": 1000.0, "Lab": 5.0}),
        ("E2", {"Con": 7.0}),
    ]
    semicolons = "seat_code;party;votes\nE1;Con;1.000\nE1;Lab;5\nE2;Con;7\n"  # 1.000: 1,000
    assert list(read_declarations(io.StringIO(semicolons))) == list(
        read_declarations(io.StringIO(long))
    )
    with pytest.raises(DataFormatError, match=r"declaration CSV row 3: votes: not a whole number"):
        list(read_declarations(io.StringIO("seat_code,party,votes\nE1,Con,1\nE1,Lab,x\n")))
    with pytest.raises(DataFormatError, match=r"declaration line 2: .*votes"):
        list(read_declarations(io.StringIO('{"seat": "E1", "votes": {}}\n{"seat": "E2"}\n')))
    with pytest.raises(DataFormatError, match=r"declaration line 1 is not JSON"):
        list(read_declarations(io.StringIO("{nope\n")))
    assert list(read_declarations(io.StringIO(""))) == []


def test_declaration_csv_refuses_a_seats_rows_apart() -> None:
    """A CSV sorted by party is one count cut in pieces: refused, naming the seat and rows
    (it was read as one-party declarations, and the later piece replaced the first)."""
    by_party = "seat_code,party,votes\nE1,Lab,20\nE2,Lab,15\nE1,Con,19\nE2,Con,14\n"
    with pytest.raises(DataFormatError, match=r"declaration CSV rows 2 and 4: .*'E1'.*together"):
        list(read_declarations(io.StringIO(by_party)))
    # a seat given again later with its parties is a correction
    corrected = "seat_code,party,votes\nE1,Lab,20\nE1,Con,19\nE2,Lab,15\nE1,Lab,21\nE1,Con,19\n"
    assert [seat for seat, _ in read_declarations(io.StringIO(corrected))] == ["E1", "E2", "E1"]


def test_declarations_read_party_names_as_every_reader_does() -> None:
    """Full names and aliases (``Labour``, ``Lib Dem``) become codes, as in a results CSV."""
    long = "seat_code,party,votes\nE1,Labour,20\nE1,Conservative,19\nE1,Lib Dem,3\n"
    assert list(read_declarations(io.StringIO(long))) == [
        ("E1", {"Lab": 20.0, "Con": 19.0, "LD": 3.0})
    ]
    feed = (
        '{"seat": "E1", "votes": {"Labour": 20, "Green Party": 2}}\n'
        '{"seat": "E2", "candidates": [{"party": "Independent", "votes": 9}]}\n'
    )
    (_, votes), (_, candidates) = read_declarations(io.StringIO(feed))
    assert votes == {"Lab": 20.0, "Green": 2.0}
    assert isinstance(candidates, tuple) and candidates[0].party == "Ind"
    with pytest.raises(UnknownPartyError, match=r"CSV row 2: party: Unknown party .Whig."):
        list(read_declarations(io.StringIO("seat_code,party,votes\nE1,Whig,3\n")))
    with pytest.raises(UnknownPartyError, match=r"declaration line 1: votes: Unknown party 'Whig'"):
        list(read_declarations(io.StringIO('{"seat": "E1", "votes": {"Whig": 3}}\n')))


def test_lone_party_declarations() -> None:
    assert lone_party({"Lab": 20.0}) == "Lab"
    assert lone_party({"Lab": 20.0, "Con": 0.0}) == "Lab"
    assert lone_party({"Lab": 20.0, "Con": 1.0}) is None
    assert lone_party({}) == ""
    assert lone_party((Candidate("A", "Ind", "Ind", 9),)) == "Ind"
    assert lone_party((Candidate("A", "Ind", "Ind", 9), Candidate("B", "Ind", "Ind", 8))) is None


class _Pair(Row):
    name: str
    count: int


def test_every_reader_numbers_rows_as_file_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "\ufeffName,Count,ignored\nA,1,x\n\nB,2.5,y\n")
    with pytest.raises(
        DataFormatError, match=r"pairs 'file.csv' row 4: count: not a whole number \('2.5'\)"
    ):
        read_rows(path, _Pair, what="pairs", required=("name", "count"))
    rows = read_rows(_write(tmp_path, "name,count\nA,1\n"), _Pair, what="p", required=("name",))
    assert rows == [(2, _Pair(name="A", count=1))]


def test_transfer_rates(tmp_path: Path) -> None:
    from psephos.io.transfer_rates import read_transfer_rates

    rows, plump = read_transfer_rates(
        _write(tmp_path, "from,to,share\nLabour,LD,60\nLab,none,40\nLD,,50\n")
    )
    assert rows == {"Lab": {"LD": 60.0}} and plump == {"Lab": 40.0, "LD": 50.0}
    with pytest.raises(
        DataFormatError, match=r"transfer file 'file.csv' row 2: from: Unknown party"
    ):
        read_transfer_rates(_write(tmp_path, "from,to,share\nLabr,LD,1\n"))
    with pytest.raises(DataFormatError, match=r"row 2: share: negative \('-1'\)"):
        read_transfer_rates(_write(tmp_path, "from,to,share\nLab,LD,-1\n"))
    # a party's voters' next preference is another party: an alias of itself is itself
    with pytest.raises(
        DataFormatError, match=r"row 3: to: Reform is the 'from' party; a party cannot transfer"
    ):
        read_transfer_rates(_write(tmp_path, "from,to,share\nLab,LD,1\nReform,Reform UK,50\n"))
    # a pair given twice (under any names) is refused, naming both rows, not the last kept
    with pytest.raises(
        DataFormatError,
        match=r"^The transfer file 'file.csv' rows 2 and 4: the transfer Lab>LD is given twice "
        r"\(40% and 30%\); give each once\.$",
    ):
        read_transfer_rates(_write(tmp_path, "from,to,share\nLab,LD,40\nLab,,20\nLabour,LD,30\n"))
    with pytest.raises(DataFormatError, match=r"rows 3 and 4: the share of Lab's voters who rank"):
        read_transfer_rates(_write(tmp_path, "from,to,share\nLab,LD,40\nLab,,20\nLab,none,30\n"))


def test_one_rule_reads_a_share_cell_for_area_tables_and_exit_poll_samples() -> None:
    from pydantic import ValidationError

    from psephos.io.rows import share_number
    from psephos.io.shares import ShareRow
    from psephos.io.user_csv import SampleShareRow

    assert [share_number(v) for v in ("47.1", " 47.1% ", "0.471")] == [47.1, 47.1, 0.471]
    for text in ("47.1%", "0.471"):
        area = ShareRow(key="Scotland", party="SNP", share=text).share  # type: ignore[arg-type]
        assert SampleShareRow(share=text).share == area == share_number(text)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        SampleShareRow(share="about half")  # type: ignore[arg-type]


def _results(path: Path) -> object:
    from psephos.jurisdictions import read_results_csv

    return read_results_csv(path)


def _polls(path: Path) -> object:
    from psephos.io.polls import read_poll_table
    from psephos.model import get_party

    return read_poll_table(
        path, party=lambda name: get_party(name).code, national=lambda area: area == "GB"
    )


def _readers() -> list[Callable[[Path], object]]:
    from psephos.io.ballots import read_ballot_file
    from psephos.io.candidates import read_candidates_csv
    from psephos.io.recommendations import read_recommendations_csv
    from psephos.io.shares import read_area_shares_csv
    from psephos.io.transfer_rates import read_transfer_rates

    return [
        _results,
        _polls,
        read_ballot_file,
        read_candidates_csv,
        read_recommendations_csv,
        read_area_shares_csv,
        read_transfer_rates,
        read_stand_downs,
        read_capacities,
        read_swap_offers,
    ]


@pytest.mark.parametrize("reader", _readers(), ids=lambda reader: reader.__name__)
@pytest.mark.parametrize("text", ["", "\n\n", "Seat\n"], ids=["empty", "blank", "header"])
def test_every_reader_names_its_file_the_one_way(
    tmp_path: Path, reader: Callable[[Path], object], text: str
) -> None:
    """A file that holds nothing to read is refused naming it as every message names a file
    (file_named: in quotes), whichever reader it went to and whichever its problem."""
    path = tmp_path / "my file.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        reader(path)
    assert "'my file.csv'" in str(info.value)


@pytest.mark.parametrize("separator", [";", "\t"])
def test_capacities_read_a_decimal_comma_as_the_volunteers_file_does(
    tmp_path: Path, separator: str
) -> None:
    """A spreadsheet saved with a European locale separates with semicolons (or tabs) and
    writes "2,5" hours: the same reader of numbers as the volunteers' file's hours."""
    text = f"seat{separator}hours\nA{separator}2,5\nB{separator}10\n"
    with pytest.warns(InputWarning, match=r"row 2 \(2\.5 read as 2\)"):
        assert read_capacities(_write(tmp_path, text)) == {"A": 2, "B": 10}
    with pytest.warns(InputWarning, match=r"row 2 \(2\.5 read as 2\)"):
        assert parse_capacities(text, name="caps.csv") == {"A": 2, "B": 10}
    with pytest.raises(DataFormatError, match=r"row 2: hours: not a number"):
        read_capacities(_write(tmp_path, f"seat{separator}hours\nA{separator}2,5,1\n"))


@pytest.mark.parametrize("separator", [";", "\t"])
def test_share_tables_read_a_decimal_comma_as_the_volunteers_file_does(
    tmp_path: Path, separator: str
) -> None:
    """Area shares and poll tables saved with a European locale write "18,5%": their party
    columns are named only by the header, so a decimal comma reads as a point in any column."""
    from psephos.io.shares import read_area_shares_csv
    from psephos.projection.polls import read_poll_average

    rows = ["area;Con;Lab", "Scotland;12%;35,5%", "Wales;18,5%;40"]
    path = _write(tmp_path, "\n".join(rows).replace(";", separator) + "\n")
    assert read_area_shares_csv(path) == {
        "Scotland": {"Con": 12.0, "Lab": 35.5},
        "Wales": {"Con": 18.5, "Lab": 40.0},
    }
    rows = ["date;pollster;Con;Lab", "2024-07-03;YouGov;20,5%;39,5"]
    path = _write(tmp_path, "\n".join(rows).replace(";", separator) + "\n")
    assert read_poll_average(path).shares == {"Con": 20.5, "Lab": 39.5}
    # with commas between cells a comma is no decimal comma: refused as before
    path = _write(tmp_path, 'date,Con,Lab\n2024-07-03,"20,5",39\n')
    with pytest.raises(DataFormatError, match=r"Con: not a number \('20,5'\)"):
        read_poll_average(path)


def test_capacities_read_hours_written_with_their_unit(tmp_path: Path) -> None:
    """The capacities' hours are read as the volunteers' are: "40 hours" is 40."""
    text = "seat,hours\nA,40 hours\nB,12 hrs\nC,8h\n"
    assert read_capacities(_write(tmp_path, text)) == {"A": 40, "B": 12, "C": 8}


def test_a_value_below_its_bound_is_told_in_the_readers_words_not_pydantic_s(
    tmp_path: Path,
) -> None:
    """A negative share or weight was refused as "Input should be greater than or equal to
    0", where a negative count is "negative": every reader now says "negative"."""
    from pydantic import BaseModel, Field, ValidationError

    from psephos.io.rows import describe_error
    from psephos.io.shares import parse_area_shares

    with pytest.raises(DataFormatError) as refused:
        parse_area_shares("area,Lab\nWales,-4\n", name="a.csv")
    assert str(refused.value) == "shares file 'a.csv' row 2: share: negative (-4.0)."

    class Bounded(BaseModel):
        low: float = Field(ge=1)
        high: float = Field(le=10)
        above: float = Field(gt=0)

    with pytest.raises(ValidationError) as invalid:
        Bounded(low=0.5, high=11, above=0)
    assert describe_error(invalid.value) == (
        "low: below 1 (0.5); high: above 10 (11); above: 0 or less (0)"
    )
