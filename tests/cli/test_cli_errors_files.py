"""Files a user gets wrong: one line on stderr, exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from psephos.cli import app

runner = CliRunner()


@pytest.fixture()
def binary(tmp_path: Path) -> Path:
    path = tmp_path / "book.csv"  # a spreadsheet's own file given as a CSV
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\xff\xfe caf\xe9\n")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["count-ballots", "{file}"],
        ["project", "--from", "2019", "--by-region", "{file}"],
        ["pact", "2019", "--bloc", "Lab", "--stand-down-file", "{file}"],
    ],
)
def test_a_file_that_is_not_utf8(binary: Path, command: list[str]) -> None:
    result = runner.invoke(app, [part.format(file=binary) for part in command])
    assert result.exit_code == 2
    assert "is not text, nor an .xlsx workbook psephos can read" in result.stderr
    assert "save it as .xlsx or UTF-8 CSV" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_chart_in_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "seats.png"
    result = runner.invoke(app, ["forecast", "--sims", "50", "--seed", "1", "--chart", str(target)])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr and "missing" in result.stderr


def test_systems_chart_extension_is_checked_first(tmp_path: Path) -> None:
    result = runner.invoke(app, ["systems", "2024", "--chart", str(tmp_path / "seats.txt")])
    assert result.exit_code == 2
    assert "must end in" in result.stderr


def test_an_unknown_party_in_an_area_shares_file_names_the_file_and_row(tmp_path: Path) -> None:
    """As an unknown area in the same file is refused: one line, the file and row, and the
    parties standing in that area (no Northern Ireland party nor the Speaker for Scotland)."""
    areas = tmp_path / "r3.csv"
    areas.write_text("area,party,share\nScotland,Foo,10\n", encoding="utf-8")
    result = runner.invoke(
        app, ["project", "--from", "2024", "--poll", "Lab 30 Con 25", "--by-region", str(areas)]
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: shares file 'r3.csv' row 2: Unknown party 'Foo'; known parties: "
        "Con, Lab, LD, Green, SNP, Reform, Ind, Other."
    )
