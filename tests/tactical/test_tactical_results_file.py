"""Advice, a bloc's picks and vote swaps on a user's own results file: the same library
functions as for a bundled election (:mod:`psephos.tactical.api`), the file's result taken as
the expected one with the long-range errors, under the rules of the country read from it."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli_helpers import command_json, command_result
from psephos.cli import app
from psephos.errors import InputWarning, PsephosError, UnknownPostcodeError
from psephos.jurisdictions import read_results_csv
from psephos.model import Election
from psephos.tactical.api import advise_seat, bloc_advice, seats_to_advise, uncertainty_for

runner = CliRunner()

#: Seats of the 2019 result, as ``psephos results 2019 --seat SEAT -f csv`` writes each.
SEATS_2019 = ("Bath", "Wells", "Somerton and Frome", "Chippenham", "Clacton")


def _read(path: str | Path) -> Election:
    """A results file as the commands read it, its notes (regions read from the bundled
    seats, how Elections Canada's table is read) left aside."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        return read_results_csv(path)


@pytest.fixture(scope="module")
def written_by_psephos(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A results CSV written by psephos itself: each seat's ``results 2019 --seat -f csv``."""
    lines: list[str] = []
    for seat in SEATS_2019:
        result = runner.invoke(app, ["results", "2019", "--seat", seat, "--format", "csv"])
        assert result.exit_code == 0, result.output
        rows = result.stdout.strip().splitlines()
        lines.extend(rows if not lines else rows[1:])
    path = tmp_path_factory.mktemp("own") / "somerset.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_advise_takes_a_results_file_psephos_wrote(written_by_psephos: str) -> None:
    """It was refused: "Tactical advice takes a bundled election ..., not a results file"."""
    payload, result = command_result(
        "advise", "Wells", "--prefer", "LD,Lab", "--against", "Con",
        "--election", written_by_psephos, "--sims", "300",
    )  # fmt: skip
    assert payload["code"] == "E14001026" and payload["recommendation"] in ("LD", "Lab")
    assert payload["source"] == "the results in somerset.csv with long-range errors"
    assert payload["reasoning"][0].startswith("Expected shares in Wells (the results in somer")
    assert {row["party"] for row in payload["rows"]} == {"LD", "Lab"}
    assert "bundled election" not in result.output


def test_a_file_s_advice_is_the_library_s_on_the_same_election(written_by_psephos: str) -> None:
    """The command and the library answer alike on the file's election (one engine), and the
    same seed gives the same answer."""
    election = _read(written_by_psephos)
    first = advise_seat("Wells", "LD,Lab", "Con", election=election, n_sims=300)
    again = advise_seat("Wells", "LD,Lab", "Con", election=election, n_sims=300)
    assert first == again
    payload = command_json(
        "advise", "Wells", "--prefer", "LD,Lab", "--against", "Con",
        "--election", written_by_psephos, "--sims", "300",
    )  # fmt: skip
    assert payload["rows"] == first["options"]
    assert uncertainty_for(election, n_sims=300) is uncertainty_for(election, n_sims=300)


def test_tactical_takes_a_results_file_psephos_wrote(written_by_psephos: str) -> None:
    payload = command_json(
        "tactical", "--against", "Con", "--election", written_by_psephos, "--sims", "300"
    )
    assert [row["name"] for row in payload["rows"]] == sorted(SEATS_2019)
    assert payload["source"] == "the results in somerset.csv with long-range errors"
    bath = next(row for row in payload["rows"] if row["name"] == "Bath")
    assert bath["pick"] == "LD" and bath["status"] == "target"


def test_a_results_file_s_advice_projects_a_poll(written_by_psephos: str) -> None:
    payload = command_json(
        "advise", "Bath", "--prefer", "LD", "--election", written_by_psephos,
        "--poll", "Con 40 Lab 30 LD 15", "--sims", "200",
    )  # fmt: skip
    assert "the results in somerset.csv projected to the poll" in payload["source"]
    assert payload["projection"]["model"]


def test_swap_takes_a_results_file(written_by_psephos: str, tmp_path: Path) -> None:
    offers = tmp_path / "offers.csv"
    offers.write_text("seat,preferred,willing\nBath,Lab,LD\nWells,LD,Lab\n", encoding="utf-8")
    result = runner.invoke(
        app, ["swap", str(offers), "--election", written_by_psephos, "--sims", "200"]
    )
    assert result.exit_code == 0, result.output
    assert "bundled election" not in result.output


def test_what_a_results_file_cannot_give_is_refused_in_one_line(written_by_psephos: str) -> None:
    """A pre-election method needs the bundled final polls; a postcode in none of the file's
    seats is refused (it was placed in the nearest of them: Westminster in Clacton)."""
    election = _read(written_by_psephos)
    with pytest.raises(PsephosError, match=r"applies only to pre-election advice .*somerset"):
        uncertainty_for(election, method="uniform", n_sims=50)
    with pytest.raises(UnknownPostcodeError, match=r"^SW1A 1AA is in none of the seats of somer"):
        seats_to_advise(election, postcode="SW1A 1AA")
    seats, found = seats_to_advise(election, postcode="BA1 1AA")
    assert seats == ["E14000547"] and found is not None


def test_advice_on_a_canadian_results_file(shared_data: Path) -> None:
    """Elections Canada's table 12 as published: advice and a bloc's picks under Canada's
    rules (the 10% reimbursement line), read from the file."""
    table = shared_data / "canada" / "EC-2021-GE44-table12-candidates-by-riding.csv"
    payload = command_json(
        "advise", "Avalon", "--prefer", "NDP,LPC", "--against", "CPC",
        "--election", str(table), "--sims", "300",
    )  # fmt: skip
    assert payload["code"] == "10001" and payload["recommendation"] in ("NDP", "LPC")
    assert all("p_reimbursed" in row for row in payload["rows"])
    election = _read(table)
    picks = bloc_advice("CPC", election=election, n_sims=200)
    assert len(picks["rows"]) == 338 and picks["against"] == ["CPC"]


def test_advice_on_a_file_of_a_country_psephos_does_not_bundle(tmp_path: Path) -> None:
    """A file of parties psephos does not know reads as its own country's: the voter's
    parties are the file's (it was "Unknown party 'BJP'; known parties: .")."""
    path = tmp_path / "india.csv"
    path.write_text(
        "seat_code,seat_name,party,votes\n1,Riverton,BJP,51000\n1,Riverton,INC,49000\n"
        "2,Amethi,INC,53000\n2,Amethi,BJP,47000\n",
        encoding="utf-8",
    )
    payload = command_json(
        "advise", "Riverton", "--prefer", "INC", "--against", "BJP",
        "--election", str(path), "--sims", "200",
    )  # fmt: skip
    assert payload["recommendation"] == "INC" and payload["against"] == ["BJP"]
