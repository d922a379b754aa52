"""``--poll FILE``: a poll table as the poll, in every command that takes ``--poll``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from psephos.cli import app
from psephos.projection.polls import read_poll_average

TABLE = (
    "date,pollster,con,lab,ld,snp,green,reform\n"
    "2024-07-03,Alpha,22%,39%,10%,2%,7%,17%\n"
    "2024-07-02,Beta,20,41,12,3,6,15\n"
    "1-2 Jul 2024,Gamma,23,38,11,,7,16\n"
    "2024-06-01,Alpha,30,30,10,3,5,20\n"
)

#: Every command with --poll, with the other arguments it needs.
COMMANDS = [
    ["project"],
    ["forecast"],
    ["advise", "Chorley", "--prefer", "Lab"],
    ["target", "2019", "--pair", "Lab,Con"],
    ["turnout", "2019", "--group", "18-24", "--change", "5"],
    ["pact", "--bloc", "Lab,LD"],
    ["map", "2024", "--out", "map.svg"],
]


def test_project_from_a_table_is_project_from_its_mean(tmp_path: Path) -> None:
    path = tmp_path / "polls.csv"
    path.write_text(TABLE, encoding="utf-8")
    runner = CliRunner()
    from_file = runner.invoke(app, ["project", "--poll", str(path), "-f", "json"])
    assert from_file.exit_code == 0, from_file.output
    pairs = " ".join(f"{party} {share}" for party, share in read_poll_average(path).shares.items())
    typed = runner.invoke(app, ["project", "--poll", pairs, "-f", "json"])
    assert typed.exit_code == 0, typed.output
    assert json.loads(from_file.stdout)["seats"] == json.loads(typed.stdout)["seats"]
    note = "note: poll: the mean of 3 polls with fieldwork ending 2-3 Jul 2024 (3 pollsters)"
    assert note in from_file.stderr
    assert "SNP (2 of 3)" in from_file.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_every_poll_option_reads_a_table(command: list[str], tmp_path: Path) -> None:
    missing = CliRunner().invoke(app, [*command, "--poll", str(tmp_path / "polls.csv")])
    assert missing.exit_code == 2
    lines = missing.output.strip().splitlines()
    assert len(lines) == 1 and "polls.csv' does not exist" in lines[0], missing.output
    bad = tmp_path / "bad.csv"
    bad.write_text("date,con,lab\nsoon,30,40\n", encoding="utf-8")
    refused = CliRunner().invoke(app, [*command, "--poll", str(bad)])
    assert refused.exit_code == 2
    assert refused.output.strip() == (
        "error: poll table bad.csv row 2: date: not a date; give e.g. 2024-07-03, 03/07/2024, "
        "3 Jul 2024 or a fieldwork range such as 28 Jun - 3 Jul 2024 ('soon')."
    )


def test_poll_help_names_the_file_form() -> None:
    result = CliRunner().invoke(app, ["project", "--help"], env={"COLUMNS": "200"})
    assert "a CSV of polls" in result.output
