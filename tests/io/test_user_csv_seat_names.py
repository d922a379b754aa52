"""A seat code with two names in a results file: the code decides the seat when one name is a
misspelling of the other (the House of Commons Library's 2024 file's "YeoYeovil"), with a
note; two seats' names under one code are still refused."""

from __future__ import annotations

from pathlib import Path

import pytest

import psephos
from psephos.errors import DataFormatError, InputWarning
from psephos.jurisdictions import read_results_csv

MISSPELT = (
    "seat_code,seat_name,party,votes\n"
    "E14001603,Yeovil,LD,23000\n"
    "E14001603,YeoYeovil,Con,11000\n"
    "E14001603,Yeovil,Lab,5000\n"
    "E1,Alpha,Lab,10\nE1,Alpha,Con,5\n"
)


def test_a_misspelt_name_is_read_as_the_code_s_seat_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text(MISSPELT, encoding="utf-8")
    with pytest.warns(InputWarning) as caught:
        election = read_results_csv(path)
    assert election.n_seats == 2
    yeovil = election.result("E14001603")
    assert yeovil.constituency.name == "Yeovil"
    assert yeovil.votes == {"LD": 23000, "Con": 11000, "Lab": 5000}
    [note] = [str(w.message) for w in caught if "YeoYeovil" in str(w.message)]
    assert "row 3" in note and "'Yeovil'" in note and "the code decides the seat" in note


@pytest.mark.parametrize(
    ("first", "second"),
    [("Yeovil", "Hampstead and Kilburn"), ("Bath", "Batley"), ("Bath", "Bath and Wells")],
)
def test_two_seats_names_under_one_code_are_refused(
    tmp_path: Path, first: str, second: str
) -> None:
    path = tmp_path / "results.csv"
    path.write_text(
        f"seat_code,seat_name,party,votes\nE1,{first},Lab,3\nE1,{second},Con,4\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFormatError, match=r"row 3: duplicate seat: code 'E1' is used for"):
        read_results_csv(path)


def test_two_close_seats_merged_by_one_code_meet_their_parties_twice(tmp_path: Path) -> None:
    """ "Leeds North West" rows under Leeds North East's code read as that seat, as the code
    says; the two seats' parties then meet twice in it, which is refused."""
    path = tmp_path / "results.csv"
    path.write_text(
        "seat_code,seat_name,party,votes\n"
        "E1,Leeds North East,Lab,30\nE1,Leeds North East,Con,20\n"
        "E1,Leeds North West,Lab,25\nE1,Leeds North West,Con,22\n",
        encoding="utf-8",
    )
    with (
        pytest.warns(InputWarning, match="the code decides the seat"),
        pytest.raises(DataFormatError, match="duplicate seat row"),
    ):
        read_results_csv(path)


def test_the_commons_library_2024_file_reads_as_the_bundled_2024(shared_data: Path) -> None:
    """The official candidate file, with its one "YeoYeovil" row, gives the bundled 2024's
    seats and votes for every party (Lab 411 seats, 9,708,716 votes)."""
    path = shared_data / "uk" / "results" / "HoC-GE2024-results-by-candidate.csv"
    with pytest.warns(InputWarning) as caught:
        election = read_results_csv(path, unknown_parties="other")
    assert any("'YeoYeovil' on row 4489 and 'Yeovil'" in str(w.message) for w in caught)
    bundled = psephos.load("2024")
    assert election.seats_won()["Lab"] == 411
    assert election.seats_won() == bundled.seats_won()
    votes = dict(zip(election.parties, election.votes.sum(axis=0), strict=True))
    assert votes["Lab"] == 9_708_716
    assert votes == dict(zip(bundled.parties, bundled.votes.sum(axis=0), strict=True))


def test_the_readme_says_what_the_commons_library_file_needs(shared_data: Path) -> None:
    """The Library's 2024 file stops at its first minor party without ``--unknown-parties
    other``; the README's "Your own results", which lists the Library's headings, says so."""
    from typer.testing import CliRunner

    from psephos.cli import app

    path = shared_data / "uk" / "results" / "HoC-GE2024-results-by-candidate.csv"
    refused = CliRunner().invoke(app, ["results", str(path)])
    assert refused.exit_code != 0 and "Unknown party 'Heritage Party'" in refused.stderr
    readme = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    section = readme.split("### Your own results", 1)[1].split("\n## ", 1)[0]
    said = " ".join(section.split())
    assert f"psephos results {path.name} --unknown-parties other" in said
    assert "Heritage Party" in said and "Lab 411 seats, 9,708,716 votes" in said


def test_without_codes_one_seat_s_names_in_other_case_spacing_or_ampersand_are_one_seat(
    tmp_path: Path,
) -> None:
    """A sheet of names (no seat_code) that spells one seat four ways was read as three
    seats, each "won"; the names are compared as seat lookups compare them, so the file is
    one seat, Labour's, with a note naming the rows read so."""
    path = tmp_path / "names.csv"
    path.write_text(
        "seat_name,party,votes\n"
        "Hampstead and Kilburn,Labour,100\n"
        "Hampstead and Kilburn,Conservative,90\n"
        "hampstead and kilburn,LD,95\n"
        "Hampstead & Kilburn ,Green,96\n"
        "Bath,Labour,10\nBath,Conservative,20\n",
        encoding="utf-8",
    )
    with pytest.warns(InputWarning) as caught:
        election = read_results_csv(path)
    assert election.n_seats == 2
    seat = election.result("Hampstead and Kilburn")
    assert seat.constituency.name == "Hampstead and Kilburn"
    assert seat.votes == {"Lab": 100, "Con": 90, "LD": 95, "Green": 96}
    assert election.seats_won()["Lab"] == 1 and election.seats_won()["Con"] == 1
    [note] = [str(w.message) for w in caught if "more than one way" in str(w.message)]
    assert "row 4 'hampstead and kilburn'" in note and "row 5 'Hampstead & Kilburn'" in note


def test_a_bundled_seat_code_under_another_seat_s_name_gets_a_note(tmp_path: Path) -> None:
    """Aldershot's code with the name "Hendon" took Aldershot's region without a word; a
    note names the row, the code and the seat it is (a misspelling of the name is no such
    seat, and gets no such note)."""
    path = tmp_path / "results.csv"
    path.write_text(
        "seat_code,seat_name,party,votes\n"
        "E14001063,Hendon,Labour,100\nE14001063,Hendon,Conservative,90\n"
        "E14001603,Yeovill,LD,30\nE14001603,Yeovill,Con,20\n",
        encoding="utf-8",
    )
    with pytest.warns(InputWarning) as caught:
        election = read_results_csv(path)
    assert election.result("E14001063").constituency.name == "Hendon"
    [note] = [str(w.message) for w in caught if "another seat's name" in str(w.message)]
    assert note == (
        "The results file 'results.csv' gives 1 bundled United Kingdom seat code(s) another "
        "seat's name: row 2 names E14001063 'Hendon', which is Aldershot; each is read as the "
        "code's seat (its region and place on the map) under the file's name; check the code "
        "or the name."
    )
