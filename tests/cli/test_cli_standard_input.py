"""A file given as ``-`` is standard input, and a pipe (``<(curl ...)``, ``/dev/stdin``) is a
file, in every command that reads a file (one reader: :func:`psephos.io.rows.read_file`), as
``nowcast feed -`` reads its feed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from cli_helpers import command_json, command_result
from psephos.cli import app

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_a_poll_table_on_standard_input_is_the_poll() -> None:
    table = (EXAMPLES / "polls.csv").read_text(encoding="utf-8")
    from_file = command_json("project", "--poll", str(EXAMPLES / "polls.csv"))
    piped, result = command_result("project", "--poll", "-", stdin=table)
    assert piped["rows"] == from_file["rows"] and piped["projection"] == from_file["projection"]
    assert "in standard input:" in result.stderr


def test_a_pipe_given_as_the_poll_is_read_as_a_poll_table() -> None:
    """``--poll /dev/stdin`` (as ``--poll <(curl ...)`` gives a pipe) was read as typed
    shares: "Cannot read poll '/dev/stdin'"."""
    table = (EXAMPLES / "polls.csv").read_text(encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "psephos", "project", "--poll", "/dev/stdin", "-f", "json"],
        input=table,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    expected = command_json("project", "--poll", str(EXAMPLES / "polls.csv"))
    assert json.loads(run.stdout)["rows"] == expected["rows"]


def test_results_and_allocate_read_standard_input() -> None:
    results = (EXAMPLES / "my-results.csv").read_text(encoding="utf-8")
    piped = command_result("results", "-", stdin=results)[0]
    assert piped["rows"] == command_json("results", str(EXAMPLES / "my-results.csv"))["rows"]
    volunteers = (EXAMPLES / "volunteers.csv").read_text(encoding="utf-8")
    plan = ["--election", "2019", "--party", "Lab"]
    allocated = command_result("allocate", "-", *plan, stdin=volunteers)[0]
    from_file = command_json("allocate", str(EXAMPLES / "volunteers.csv"), *plan)
    assert allocated["rows"] == from_file["rows"] and allocated["rows"]


def test_empty_standard_input_is_named_in_the_one_line() -> None:
    result = CliRunner().invoke(app, ["results", "-"], input="")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: The results file 'standard input' is empty")
