"""Golden outputs a reader checks by eye: the seat panel, ``govern 2010`` and national turnout.

Figures: House of Commons Library, *General election results* (turnout as valid votes over the
electorate: 2010 65.1%, 2015 66.2%, 2017 68.8%, 2019 67.3%, 2024 59.7-59.8%); the Con-LD
coalition agreement of 11 May 2010; the Vale of Clwyd 2017 result (Lab gain, majority 2,379).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import psephos
from cli_helpers import command_json
from psephos.cli import app

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


def panel(*args: str) -> list[str]:
    return [line.strip("│ ") for line in run(*args).splitlines()]


def test_seat_panel_vale_of_clwyd_2017() -> None:
    lines = panel("results", "2017", "--seat", "vale of clwyd")
    assert "Vale of Clwyd (W07000060), Wales" in lines  # one place name, "of" in lower case
    assert "Lab gain from Con: majority 2,379 (6.15%) over Con" in lines
    # Turnout is valid votes over the electorate (as the national line's), and says so; the
    # rejected ballots are named beside the valid votes, not counted in it.
    rejected = psephos.load("2017").result("Vale of Clwyd").invalid_votes
    assert rejected
    assert (
        f"Electorate 56,890; valid votes 38,684, rejected {rejected:,}; turnout 68.0% (valid "
        "votes over the electorate)"
    ) in lines
    # 2010 publishes no rejected ballots: the line names none.
    line_2010 = next(
        line for line in panel("results", "2010", "--seat", "Vale of Clwyd") if "valid" in line
    )
    assert line_2010.startswith("Electorate") and "rejected" not in line_2010
    swing = "Swing since UK general election 2015: 3.4-point swing from Con to Lab (Butler)"
    assert swing in lines


def test_seat_panel_region_and_nation_and_swing_direction() -> None:
    text = run("results", "2017", "--seat", "Hampstead and Kilburn")
    assert "Hampstead and Kilburn (E14000727), London, England" in text
    assert "12.3-point swing from Con to Lab" in text
    assert "Edinburgh West (S14000026), Scotland" in panel("results", "2019", "--seat", "S14000026")


def test_seat_panel_per_candidate_change(tmp_path: Path) -> None:
    # Two independents: the independents' combined change belongs to neither.
    # Barnsley East 2017: two "Other" candidates; their combined change belongs to neither.
    data = command_json("results", "2017", "--seat", "Barnsley East")
    others = [row for row in data["rows"] if row["party"] == "Other"]
    assert len(others) == 2 and all(row["share_change_pct"] is None for row in others)
    lab = next(row for row in data["rows"] if row["party"] == "Lab")
    assert lab["share_change_pct"] is not None


def test_govern_2010_is_a_formal_coalition() -> None:
    text = run("govern", "2010", "--view", "arrangements")
    assert (
        "Con + LD, with 363 seats (coalition): a majority of the House; a working majority of 83"
        in text
    )
    assert "LD on confidence and supply" not in text
    assert "Government formed: a formal Con-LD coalition" in text
    data = command_json("govern", "2010")
    assert data["government_formed"]["government"] == ["Con", "LD"]
    assert {"Con + LD (coalition)"} <= {row["arrangement"] for row in data["rows"]}


def test_govern_2017_confidence_and_supply() -> None:
    text = run("govern", "2017", "--view", "arrangements")
    assert "Con + DUP, with 327 seats (DUP on confidence and supply)" in text
    assert "working majority of 13" in text


@pytest.mark.parametrize(
    ("election", "turnout"),
    [
        ("2010", 65.1),
        ("2015", 66.2),
        ("2017", 68.8),
        ("2019", 67.3),
        ("2024", 59.8),
        # Elections Canada's "Percentage of Voter Turnout": every ballot cast, rejected ones
        # included (it was valid votes over electors: 61.9% and 66.4%)
        ("canada-2019", 67.0),
        ("canada-2021", 62.6),
    ],
)
def test_results_national_turnout(election: str, turnout: float) -> None:
    assert f"Turnout {turnout:.1f}%" in run("results", election)
    data = command_json("results", election)
    assert data["turnout_pct"] == pytest.approx(turnout, abs=0.05)


def test_user_file_ties_empty_seats_and_no_electorate(tmp_path: Path) -> None:
    path = tmp_path / "close.csv"
    path.write_text(
        "seat_code,seat_name,party,votes\nE1,Alpha,Lab,0\nE1,Alpha,Con,0\n"
        "E2,Beta,Lab,100\nE2,Beta,Con,100\nE3,Gamma,LD,5\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["results", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "no electorate given, so no turnout" in result.stdout
    notes = result.stderr  # notes go to stderr, tables or not (docs/cli.md)
    assert "note: Alpha: no votes recorded for its 2 candidates, so no result" in notes
    assert "Beta: tie between" in notes and "decided by lot" in notes
    assert "note:" not in result.stdout
    panel = run("results", str(path), "--seat", "Beta")
    assert "Tie between" in panel and "electorate not given" in panel
    assert "turnout 0.0%" not in panel
    # marginals lists the same close calls, as results does, and no infinite majority share
    close = runner.invoke(app, ["marginals", str(path)], env={"COLUMNS": "200"})
    assert close.exit_code == 0, close.output
    assert "note: Alpha: no votes recorded for its 2 candidates, so no result" in close.stderr
    assert "Beta: tie between" in close.stderr and "decided by lot" in close.stderr
    rows = command_json("marginals", str(path))
    alpha = next(row for row in rows["rows"] if row["name"] == "Alpha")
    assert alpha["majority_pct"] is None and len(rows["close_calls"]) == 2


def test_govern_on_a_tiny_file_has_no_deputy_speakers(tmp_path: Path) -> None:
    path = tmp_path / "tiny.csv"
    path.write_text(
        "seat_code,seat_name,party,votes\nE1,A,Lab,10\nE1,A,Con,4\nE2,B,Lab,9\nE2,B,Con,3\n"
        "E3,C,LD,5\n",
        encoding="utf-8",
    )
    text = run("govern", str(path), "--view", "arrangements")
    assert "Deputy Speaker" not in text and "3 seats; a majority needs 2" in text


def test_govern_canada_names_the_governments_formed() -> None:
    """2019: a Liberal minority without an agreement; 2021: with the NDP's
    supply-and-confidence agreement of March 2022, a working majority of 31 (the Speaker, a
    Liberal, does not vote)."""
    data = command_json("govern", "canada-2019")
    assert data["government_formed"]["government"] == ["LPC"]
    assert data["government_formed"]["supporters"] == []
    text = run("govern", "canada-2021", "--view", "arrangements")
    assert "LPC + NDP, with 185 seats (NDP on confidence and supply)" in text
    assert "working majority of 31" in text
    assert "Government formed: a LPC minority government with an NDP supply-and-confidence" in text
