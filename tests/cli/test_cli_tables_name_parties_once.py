"""A table a person reads names each party once, by the election's label; CSV and JSON keep the
code in ``party`` with the label beside it in ``party_label``."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

import psephos
from psephos.cli import app

runner = CliRunner()

#: A poll on which the Reform code (UKIP in 2015) holds seats projected from 2015.
PROJECTED = "Con 35 Lab 30 Reform 20 LD 8 Green 4"


@pytest.mark.parametrize(
    ("args", "code_column"),
    [
        (["results", "2015"], "party"),
        (["systems", "2015"], "party"),
        (["marginals", "2015", "--top", "650"], "winner"),
        # project gave codes only: no party_label, winner_label or base_winner_label
        (["project", "--from", "2015", "--poll", PROJECTED], "party"),
        (["project", "--from", "2015", "--poll", PROJECTED, "--all-seats"], "winner"),
        (["project", "--from", "2015", "--poll", PROJECTED, "--all-seats"], "base_winner"),
    ],
)
def test_a_table_names_each_party_once_by_its_label(args: list[str], code_column: str) -> None:
    """``Lab`` is not shown beside ``Lab``: the table's party column holds the label (the
    Reform code is UKIP in 2015) and there is no label column; the CSV still gives both."""
    election = psephos.load("2015")
    label = election.label("Reform")
    assert label != "Reform"
    table = runner.invoke(app, [*args, "--format", "table"], terminal_width=400)
    assert table.exit_code == 0, table.output
    header = next(line for line in table.output.splitlines() if f" {code_column} " in line)
    assert f"{code_column}_label" not in header
    cells = {cell.strip() for line in table.output.splitlines() for cell in line.split("│")}
    assert label in cells and "Reform" not in cells
    as_csv = runner.invoke(app, [*args, "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert f"{code_column}_label" in rows[0]
    reform = [row for row in rows if row[code_column] == "Reform"]
    assert reform and all(row[f"{code_column}_label"] == label for row in reform)
