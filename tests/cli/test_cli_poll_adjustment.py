"""``psephos project --adjust-polls`` and ``psephos backtest --input polls-adjusted``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli_helpers import command_json
from psephos.cli import app
from psephos.projection import read_poll
from psephos.projection.backtest import real_input_backtest
from psephos.projection.polls import poll_bias

POLL = "Con 21.4 Lab 39.3 LD 11.2 SNP 2.9 Green 6.2 Reform 15.9"


def test_project_adjust_polls_moves_the_target() -> None:
    plain = command_json("project", "--poll", POLL)
    adjusted = command_json("project", "--poll", POLL, "--adjust-polls")
    correction = poll_bias().correction
    assert plain["poll_adjustment"] is None
    assert adjusted["poll_adjustment"] == {p: round(v, 2) for p, v in correction.items()}
    expected = poll_bias().apply(read_poll(POLL))
    shares = adjusted["target_shares"]["Great Britain"]  # type: ignore[index]
    assert isinstance(shares, dict)
    assert shares["Con"] == pytest.approx(expected["Con"], abs=0.05)
    assert shares["Lab"] == pytest.approx(expected["Lab"], abs=0.05)
    notes = adjusted["notes"]
    assert isinstance(notes, list) and notes[0].startswith("Poll adjusted")


def test_adjust_polls_bad_poll_is_one_line() -> None:
    result = CliRunner().invoke(app, ["project", "--poll", "Lab 80 Con 80", "--adjust-polls"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "160" in lines[0]


def test_adjust_polls_needs_a_poll(tmp_path: Path) -> None:
    areas = tmp_path / "areas.csv"
    areas.write_text("area,party,share\nScotland,SNP,30\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["project", "--by-region", str(areas), "--adjust-polls"])
    assert result.exit_code == 2
    assert "--adjust-polls needs --poll" in result.output


@pytest.mark.filterwarnings("ignore::psephos.projection.ShareWarning")
def test_backtest_polls_adjusted_cli() -> None:
    rows = command_json("backtest", "--input", "polls-adjusted", "-e", "2019")["rows"]
    assert isinstance(rows, list)
    ours = [row for row in rows if row["input"] == "polls-adjusted"]
    assert ours[0]["seat_error"] == real_input_backtest("2019", "polls-adjusted").score.seat_error


def test_forecast_adjust_polls_reports_the_correction() -> None:
    args = ["forecast", "--poll", POLL, "--sims", "500", "--seed", "3"]
    plain = command_json(*args)
    adjusted = command_json(*args, "--adjust-polls")
    assert plain["poll_adjustment"] is None
    assert adjusted["poll_adjustment"] == {
        p: round(v, 2) for p, v in poll_bias().correction.items()
    }
    projection = adjusted["projection"]
    assert isinstance(projection, dict)
    expected = poll_bias().apply(read_poll(POLL))
    assert projection["target_shares"]["Great Britain"]["Con"] == pytest.approx(
        expected["Con"], abs=0.05
    )
    result = CliRunner().invoke(app, ["forecast", "--adjust-polls", "--sims", "10"])
    assert result.exit_code == 2 and "--adjust-polls needs --poll" in result.output


def test_the_adjustment_note_shows_a_small_correction() -> None:
    """A correction of 0.04 points reads +0.04, not +0.0; none at all reads +0.0, never -0.0."""
    from psephos.cli._output import adjustment_note

    note = adjustment_note({"Con": 0.04, "Lab": -0.0, "LD": -1.3})
    assert note.endswith(": Con +0.04, Lab +0.0, LD -1.3")


@pytest.mark.filterwarnings("ignore::psephos.projection.ShareWarning")
def test_a_replay_is_corrected_out_of_sample_as_the_back_test_is() -> None:
    """Projecting 2024 from the 2019 notional result corrects the poll with the bias learnt
    before 2024, as ``backtest --input polls-adjusted -e 2024`` does (not with one learnt from
    2024 itself), and gives the back-test's seats; from 2017 the bias is the one before 2019."""
    from psephos.projection.backtest import final_polls

    poll = " ".join(f"{party} {share!r}" for party, share in final_polls("2024").items())
    replay = command_json(
        "project",
        "--from",
        "2019-notional-2024",
        "--poll",
        poll,
        "--candidates-from",
        "2024",
        "--recommendations",
        "sites-2024",
        "--adjust-polls",
    )
    before_2024 = {p: round(v, 2) for p, v in poll_bias("2024").correction.items()}
    assert (
        replay["poll_adjustment"]
        == before_2024
        != {p: round(v, 2) for p, v in poll_bias().correction.items()}
    )
    backtested = real_input_backtest("2024", "polls-adjusted").score.seats
    assert {p: replay["seats"][p] for p in ("Con", "Lab", "LD")} == {
        p: backtested[p] for p in ("Con", "Lab", "LD")
    }
    from_2017 = command_json("project", "--from", "2017", "--poll", POLL, "--adjust-polls")
    assert from_2017["poll_adjustment"] == {
        p: round(v, 2) for p, v in poll_bias("2019").correction.items()
    }
