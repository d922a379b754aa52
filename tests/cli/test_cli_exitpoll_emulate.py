"""``psephos exitpoll emulate``: its sample size bounds and its CSV."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

import psephos
from cli_helpers import command_json
from psephos.cli import app
from psephos.forecast.exitpoll import EMULATED, sample_seats
from psephos.jurisdictions import CANADA

runner = CliRunner()


@pytest.mark.parametrize("k", ["1", "700"])
def test_a_sample_size_out_of_range_reads_the_same_at_both_ends(k: str) -> None:
    result = runner.invoke(app, ["exitpoll", "emulate", "2017", "--k", k, "--draws", "1"])
    assert result.exit_code == 2
    assert (
        f"{k} is out of range; use a value from 2 to 632 (the seats of Great Britain a sample "
        "is drawn from)"
    ) in result.stderr


def test_the_largest_sample_is_every_seat_of_the_election_s_main_area() -> None:
    """Great Britain's seats for a UK election (not Northern Ireland's, modelled apart), every
    riding for a Canadian one: the limit is the country's, not a number written for the UK."""
    for election_id in EMULATED:
        election = psephos.load(election_id)
        assert sample_seats(election).high == int(election.gb_mask.sum()) == 632
    canada = psephos.load("canada-2021")
    assert sample_seats(canada).high == canada.n_seats == CANADA.main_area_seats == 338
    assert "Canada" in (sample_seats(canada).check(339) or "")


def test_the_csv_carries_the_errors_the_json_does() -> None:
    args = ["exitpoll", "emulate", "2017", "--k", "100", "--draws", "2"]
    as_csv = runner.invoke(app, [*args, "-f", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    answer = command_json(*args)
    for key in ("mean_error", "median_error", "p90_error", "real_exit_poll_error"):
        assert {float(row[key]) for row in rows} == {answer[key]}


def test_parties_are_named_as_the_emulated_election_names_them() -> None:
    """2024's Reform is "Reform UK", as exitpoll estimate, nowcast and the web name it (before,
    the table said "Reform"); CSV and JSON keep the code beside the label."""
    args = ["exitpoll", "emulate", "2024", "--k", "100", "--draws", "1"]
    rows = {row["party"]: row for row in command_json(*args)["rows"]}
    assert rows["Reform"]["party_label"] == "Reform UK" and rows["Lab"]["party_label"] == "Lab"
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "Reform UK" in table.stdout
    as_csv = runner.invoke(app, [*args, "-f", "csv"]).stdout
    assert as_csv.startswith("party,party_label,mean_expected,")


def test_the_headline_says_over_how_many_draws_of_how_many_seats() -> None:
    """The mean error depends on the draws (6.93 over the default 50 in 2024, docs'
    6.64 over 100): the line under the table says which it is."""
    answer = command_json("exitpoll", "emulate", "2017", "--k", "30", "--draws", "2")
    assert "scored on the winning candidates) over 2 draws of 30 seats: " in answer["headline"][0]
