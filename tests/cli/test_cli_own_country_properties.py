"""Any results file of a country psephos bundles nothing of runs through every command that
takes a file: one to six made-up parties, one to nine seats, any votes. Each command answers or
refuses in one line (exit code 2); none fails inside (exit code 1: a file of two parties once
stopped ``project`` with an index error and ``pact`` with a transfer rate a hair above 1, and a
file of one party stopped ``forecast``)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from psephos.cli import app

#: Made-up party names no country psephos knows.
NAMES = ("Tui", "Moa", "Kiwi", "Weka", "Kea", "Kaka")


@st.composite
def own_files(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A long results CSV of made-up seats and parties, and the parties it names."""
    parties = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True))
    n_seats = draw(st.integers(1, 9))
    lines = ["seat_code,seat_name,party,votes"]
    for seat in range(n_seats):
        standing = draw(st.lists(st.sampled_from(parties), min_size=1, unique=True))
        for party in standing:
            votes = draw(st.integers(0, 50_000))
            lines.append(f"S{seat},Seat {seat},{party},{votes}")
    named = sorted({line.split(",")[2] for line in lines[1:]})
    return "\n".join(lines) + "\n", named


def _poll(parties: list[str]) -> str:
    """An even national poll of the file's parties."""
    share = 100 // len(parties)
    return " ".join(f"{party} {share}" for party in parties)


@settings(
    max_examples=12,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(case=own_files())
def test_every_file_command_answers_or_refuses_in_one_line(
    tmp_path: Path, case: tuple[str, list[str]]
) -> None:
    text, parties = case
    path = tmp_path / "own.csv"
    path.write_text(text, encoding="utf-8")
    file = str(path)
    commands = [
        ["results", file],
        ["marginals", file],
        ["govern", file],
        ["systems", file],
        ["pact", file, "--bloc", parties[0]],
        ["project", "--from", file, "--poll", _poll(parties)],
        ["forecast", "--from", file, "--poll", _poll(parties), "--sims", "100"],
        ["target", file, "--pair", f"{parties[0]},{parties[-1]}"],
    ]
    runner = CliRunner()
    for command in commands:
        result = runner.invoke(app, [*command, "--format", "json"])
        assert result.exit_code in (0, 2), (command, text, result.output)
        if result.exit_code == 2:  # a refusal: one error line, no answer
            errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
            assert len(errors) == 1 and "internal error" not in errors[0], (command, text)
            continue
        answer = json.loads(result.stdout)
        if command[0] == "results":
            seats = sum(row["seats"] for row in answer["rows"])
            assert seats == len({line.split(",")[0] for line in text.splitlines()[1:]})
