"""Every command that reads a results file takes ``--unknown-parties``, the option the
reader's refusal of a party it does not know tells the user to give: ``forecast --from``,
``map`` and ``turnout --compare`` refused it ("No such option: --unknown-parties")."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from cli_helpers import command_json
from psephos.cli import app

runner = CliRunner()

#: Two real 2024 seats, with a party psephos does not know (every real file has one).
LOONY = (
    "seat_code,seat_name,party,votes\n"
    "E14001063,Aldershot,Lab,19764\n"
    "E14001063,Aldershot,Con,14347\n"
    "E14001063,Aldershot,Monster Raving Loony Party,300\n"
    "E14001064,Aldridge-Brownhills,Con,16000\n"
    "E14001064,Aldridge-Brownhills,Lab,13000\n"
)


@pytest.fixture
def loony(tmp_path: Path) -> str:
    path = tmp_path / "loony.csv"
    path.write_text(LOONY, encoding="utf-8")
    return str(path)


def _reads_a_results_file(command: typer.main.click.Command) -> bool:
    """Whether a command's help says that one of its arguments or options is a results file."""
    helps = " ".join(str(getattr(param, "help", None) or "") for param in command.params)
    return "results CSV" in helps or "results file" in helps


def test_every_command_that_reads_a_results_file_takes_the_option() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    reading = {name for name, command in commands.items() if _reads_a_results_file(command)}
    assert {"forecast", "map", "turnout", "project", "results"} <= reading
    for name in reading:
        options = [opt for param in commands[name].params for opt in getattr(param, "opts", ())]
        assert "--unknown-parties" in options, name


@pytest.mark.parametrize(
    "arguments",
    [
        ["forecast", "--from", "{file}", "--poll", "Lab 35 Con 30", "--sims", "200", "--seed", "1"],
        ["map", "{file}", "--out", "{folder}/map.png"],
        ["map", "{file}", "--poll", "Lab 35 Con 30", "--out", "{folder}/map.png"],
        ["turnout", "2024", "--change", "5", "--compare", "{file}"],
    ],
    ids=["forecast", "map", "map-poll", "turnout-compare"],
)
def test_the_option_the_refusal_names_is_taken(
    loony: str, tmp_path: Path, arguments: list[str]
) -> None:
    given = [part.format(file=loony, folder=tmp_path) for part in arguments]
    refused = runner.invoke(app, given)
    assert refused.exit_code != 0
    assert "(--unknown-parties other)" in refused.output  # the reader's advice
    taken = runner.invoke(app, [*given, "--unknown-parties", "other"])
    assert "No such option" not in taken.output
    assert "Unknown party" not in taken.output
    if given[0] != "turnout":  # 2024 and a file of two of its seats: not its boundaries' all
        assert taken.exit_code == 0, taken.output


def test_a_forecast_counts_the_unknown_party_as_other(loony: str) -> None:
    answer = command_json(
        "forecast",
        "--from",
        loony,
        "--unknown-parties",
        "other",
        "--poll",
        "Lab 35 Con 30",
        "--sims",
        "200",
        "--seed",
        "1",
    )
    assert answer["from_file"] == "loony.csv"
    assert "Other" in {row["party"] for row in answer["rows"]}
