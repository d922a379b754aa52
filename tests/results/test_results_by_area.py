"""A result broken down by nation or region (:func:`psephos.results.area_table`, ``psephos
results --by-area``)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

import psephos
from cli_helpers import command_json
from psephos.cli import app
from psephos.results import area_table, national_table

runner = CliRunner()


def _summed(rows: list[dict], key: str) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for row in rows:
        totals[row["party"]] += row[key]
    return totals


@pytest.mark.parametrize(("election", "level"), [("2024", "nation"), ("2017", "region")])
def test_the_areas_add_up_to_the_national_result(election: str, level: str) -> None:
    current = psephos.load(election)
    previous = psephos.load("2019-notional-2024" if election == "2024" else "2015")
    rows = area_table(current, level, previous)
    national = {row["party"]: row for row in national_table(current, previous)}
    for key in ("seats", "votes", "seat_change"):
        summed = _summed(rows, key)
        for party, row in national.items():
            assert summed[party] == pytest.approx(row[key]), (party, key)
    areas = {row[level] for row in rows}
    assert len(areas) == (4 if level == "nation" else 12)


def test_the_2024_nations_as_declared() -> None:
    """Scotland: Labour 37, SNP 9; Wales: Labour 27, Plaid 4 (House of Commons Library)."""
    rows = area_table(psephos.load("2024"), "nation")
    seats = {(row["nation"], row["party"]): row["seats"] for row in rows}
    assert seats[("Scotland", "Lab")] == 37 and seats[("Scotland", "SNP")] == 9
    assert seats[("Wales", "Lab")] == 27 and seats[("Wales", "PC")] == 4
    quebec = {
        row["party"]: row["seats"]
        for row in area_table(psephos.load("canada-2021"))
        if row["region"] == "Quebec"
    }
    assert quebec["BQ"] == 32 and quebec["LPC"] == 35


def test_cli_by_area(tmp_path: Path) -> None:
    payload = command_json("results", "2024", "--by-area", "nation")
    assert payload["rows"] == area_table(
        psephos.load("2024"), "nation", psephos.load("2019-notional-2024")
    )
    own = tmp_path / "wards.csv"
    own.write_text(
        "seat_code,seat_name,region,party,votes\n"
        "1,Aston,North,Unity,60\n1,Aston,North,Progress,40\n"
        "2,Barton,South,Unity,30\n2,Barton,South,Progress,70\n"
    )
    rows = command_json("results", str(own), "--by-area", "region")["rows"]
    assert [(row["region"], row["party"], row["seats"]) for row in rows] == [
        ("North", "Unity", 1),
        ("North", "Progress", 0),
        ("South", "Progress", 1),
        ("South", "Unity", 0),
    ]
    bad = runner.invoke(app, ["results", "2024", "--by-area", "county"])
    assert bad.exit_code != 0 and "--by-area must be nation or region" in bad.output
    both = runner.invoke(app, ["results", "2024", "--by-area", "nation", "--seat", "Bath"])
    assert both.exit_code != 0 and "leave out --seat" in both.output


def test_the_area_table_keeps_the_national_table_s_notes() -> None:
    """``psephos results 2024`` notes that Reform UK's change is from the Brexit Party's 2019
    share; ``--by-area`` dropped the note, from its table and its JSON, though its Reform row
    in every area shows the same change. Both keep it, as the national table does."""
    national = command_json("results", "2024")["notes"]
    assert any(note.startswith("Reform UK's change is from Brexit Party's") for note in national)
    payload = command_json("results", "2024", "--by-area", "region")
    assert payload["notes"] == national
    assert {key: payload[key] for key in ("election", "previous", "level", "close_calls")} == {
        "election": "2024",
        "previous": "2019-notional-2024",
        "level": "region",
        "close_calls": [],
    }
    table = runner.invoke(app, ["results", "2024", "--by-area", "nation"])
    assert table.exit_code == 0
    printed = [line for line in table.stderr.splitlines() if line.startswith("note: ")]
    assert printed == [f"note: {note}" for note in national]


def test_a_turnout_counting_rejected_ballots_gives_them_beside_the_valid_votes() -> None:
    """Canada's turnout counts the rejected ballots: every JSON and CSV row that gives
    ``turnout_pct`` gives them as ``rejected_ballots``, so that a reader rebuilds it from its
    own columns (17,034,243 valid votes over 27,509,496 electors is 61.9%, not the 62.6%
    given); the UK's turnout is of valid votes, and its rows have no such column."""
    from psephos.results import area_summary, national_summary, seat_summary_rows

    canada = psephos.load("canada-2021")
    national = national_summary(canada)
    assert national["rejected_ballots"] == 175_568
    rows = [national, *area_summary(canada), *seat_summary_rows(canada)]
    for row in rows:
        ballots = row["valid_votes"] + row["rejected_ballots"]
        assert ballots / row["electorate"] * 100 == pytest.approx(row["turnout_pct"])
    uk = psephos.load("2024")
    assert "rejected_ballots" not in national_summary(uk)
    assert "rejected_ballots" not in seat_summary_rows(uk)[0]
    assert "rejected_ballots" not in area_summary(uk)[0]
