"""A seat (or a place) taken as an argument is also taken as the option other commands use
(``psephos advise --seat Bath``, as ``psephos results --seat Bath`` takes it), through one
helper, ``psephos.cli._inputs.argument_or_option``."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli_helpers import command_json
from psephos.cli import COMMANDS, app, load_command
from psephos.cli._inputs import argument_or_option
from psephos.errors import PsephosError

runner = CliRunner()


def test_every_command_taking_a_seat_as_its_argument_also_takes_seat_option() -> None:
    taking_a_seat = []
    for entry in COMMANDS:
        command = load_command(entry.name)
        arguments = {p.name for p in command.params if p.param_type_name == "argument"}
        if "seat" in arguments:
            taking_a_seat.append(entry.name)
            options = {o for p in command.params for o in getattr(p, "opts", ())}
            assert "--seat" in options, f"{entry.name} takes a seat but not --seat"
    assert "advise" in taking_a_seat


def _advice(*args: str) -> dict[str, object]:
    return command_json("advise", *args, "-p", "LD > Lab", "--sims", "200")


def test_advise_takes_the_seat_as_argument_or_seat_option() -> None:
    typed = _advice("Bath")
    assert typed["code"] == "E14001080"
    assert _advice("--seat", "Bath") == typed
    assert _advice("-s", "Bath") == typed
    assert _advice("Bath", "--seat", "bath") == typed  # the same seat twice is no conflict
    both = runner.invoke(app, ["advise", "Bath", "--seat", "Wells", "-p", "LD"])
    assert both.exit_code == 2 and both.stdout == ""
    assert both.stderr == "error: Give the seat once: 'Bath' or --seat 'Wells', not both.\n"


def test_argument_or_option_takes_either_and_refuses_two_different_values() -> None:
    assert argument_or_option("Leeds", None, name="--from", what="where you start") == "Leeds"
    assert argument_or_option(None, "Leeds", name="--from", what="where you start") == "Leeds"
    assert argument_or_option(None, None, name="--from", what="where you start") is None
    assert argument_or_option("Leeds ", "leeds", name="--from", what="where you start")
    with pytest.raises(PsephosError, match=r"^Give where you start once: 'Leeds' or --from 'York'"):
        argument_or_option("Leeds", "York", name="--from", what="where you start")
