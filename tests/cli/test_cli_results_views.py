"""``psephos results``'s other tables: a row per seat (``--by-seat``), who took seats from
whom (``--gains``), each area's turnout and swing (``--by-area LEVEL [--summary]``) and the
national swing under the national table."""

from __future__ import annotations

import csv
import io

from typer.testing import CliRunner

import psephos
from cli_helpers import command_json
from psephos.cli import app
from psephos.results import area_summary, gains_table, seat_summary_rows

runner = CliRunner()


def test_by_seat_is_a_row_per_seat() -> None:
    result = runner.invoke(app, ["results", "2024", "--by-seat", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 650
    assert {"outcome", "turnout_pct", "majority_pct", "swing_pct"} <= set(rows[0])
    hendon = next(row for row in rows if row["name"] == "Hendon")
    assert (hendon["majority"], hendon["outcome"]) == ("15", "Lab gain from Con")
    answer = command_json("results", "2024", "--by-seat")
    assert answer["previous"] == "2019-notional-2024"
    assert answer["rows"] == seat_summary_rows(
        psephos.load("2024"), psephos.load("2019-notional-2024")
    )


def test_gains_matrix() -> None:
    answer = command_json("results", "2024", "--gains")
    assert answer["rows"] == gains_table(psephos.load("2024"), psephos.load("2019-notional-2024"))
    labour = answer["rows"][0]
    assert (labour["party"], labour["gains"], labour["from_Con"]) == ("Lab", 218, 182)
    none = runner.invoke(app, ["results", "2010", "--gains"])
    assert none.exit_code != 0 and "2010 has none" in none.output


def test_gains_table_heads_the_losers_as_the_election_names_them() -> None:
    """2017's Con gained Clacton from UKIP: the table's column says UKIP, as its rows and the
    national table of 2017 name the party (Reform UK was founded later); a file keeps the code
    ``from_Reform`` it joins by."""
    table = runner.invoke(app, ["results", "2017", "--gains"])
    assert table.exit_code == 0, table.output
    assert "from_UKIP" in table.stdout and "from_Reform" not in table.stdout
    header = runner.invoke(app, ["results", "2017", "--gains", "-f", "csv"]).stdout.splitlines()[0]
    assert header.split(",")[-1] == "from_Reform"


def test_national_table_gains_losses_and_swing() -> None:
    result = runner.invoke(app, ["results", "2024"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "gains" in result.stdout and "losses" in result.stdout
    assert "10.8-point swing from Con to Lab" in result.stdout
    answer = command_json("results", "2024")
    assert answer["swing_to"] == "Lab" and answer["rows"][0]["losses"] == 7


def test_by_area_gives_turnout_and_swing() -> None:
    expected = area_summary(psephos.load("2024"), "nation", psephos.load("2019-notional-2024"))
    assert command_json("results", "2024", "--by-area", "nation")["areas"] == expected
    assert command_json("results", "2024", "--by-area", "nation", "--summary")["rows"] == expected
    table = runner.invoke(app, ["results", "2024", "--by-area", "nation"])
    assert "Turnout and swing by nation" in table.stdout and "turnout_pct" in table.stdout
    alone = runner.invoke(
        app, ["results", "2024", "--by-area", "nation", "--summary", "--format", "csv"]
    )
    assert alone.stdout.splitlines()[0].startswith("nation,n_seats,electorate,valid_votes,")


def test_one_table_at_a_time() -> None:
    both = runner.invoke(app, ["results", "2024", "--by-seat", "--gains"])
    assert both.exit_code != 0 and "--by-seat and --gains are separate tables" in both.output
    summary = runner.invoke(app, ["results", "2024", "--summary"])
    assert summary.exit_code != 0 and "give it with --by-area" in summary.output
