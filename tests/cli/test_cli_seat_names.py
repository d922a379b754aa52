"""Seats typed by the names users know them by, through the command line: another name of the
seat (``Western Isles``), a seat of the other boundaries (``Isle of Wight`` asked of 2024)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli_helpers import command_json
from psephos.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Western Isles", "S14000027"),
        ("Anglesey", "W07000112"),
        ("Ynys Mon", "W07000112"),
        ("Orkney & Shetland", "S14000051"),
        ("Weston super Mare", "E14001581"),
        ("Ashton under Lyne", "E14001070"),
    ],
)
def test_results_finds_a_seat_by_the_name_users_know_it_by(typed: str, code: str) -> None:
    assert command_json("results", "2024", "--seat", typed)["code"] == code


def test_a_canadian_riding_is_found_without_its_accents_or_dashes() -> None:
    typed = "Ville Marie - Le Sud-Ouest - Ile des Soeurs"
    assert command_json("results", "canada-2021", "--seat", typed)["name"] == (
        "Ville-Marie--Le Sud-Ouest--Île-des-Soeurs"
    )


def test_advise_takes_a_seat_by_its_other_name() -> None:
    advice = command_json("advise", "Western Isles", "-p", "SNP > Lab", "--sims", "200")
    assert advice["code"] == "S14000027"


def test_a_seat_split_in_2024_is_refused_naming_both_halves() -> None:
    result = runner.invoke(app, ["results", "2024", "--seat", "Isle of Wight"])
    assert result.exit_code != 0
    assert (
        "Isle of Wight is not a seat on the 2024 boundaries; 50% of its population now lives in "
        "Isle of Wight East (E14001303) and 50% in Isle of Wight West (E14001304)."
    ) in " ".join(result.output.split())


def test_advise_in_a_split_seat_says_which_half_it_uses_and_asks_for_the_voter_s_own() -> None:
    result = runner.invoke(
        app, ["advise", "Isle of Wight", "-p", "LD > Lab", "--sims", "200", "--election", "2024"]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.replace("│", " ").split())
    assert (
        "and 50% in Isle of Wight West (E14001304). Isle of Wight East is used here: give the "
        "seat you live in if it is another."
    ) in text


def test_a_name_that_is_no_seat_keeps_its_refusal() -> None:
    result = runner.invoke(app, ["results", "2024", "--seat", "Nowhere Town"])
    assert result.exit_code != 0
    assert "No constituency 'Nowhere Town' in election '2024'. Give a seat code or name." in (
        result.output
    )


@pytest.mark.parametrize(
    ("typed", "code", "name"),
    [
        ("Kensington", "E14001310", "Kensington and Bayswater"),
        ("Bury St Edmunds", "E14001146", "Bury St Edmunds and Stowmarket"),
    ],
)
def test_an_old_seat_s_name_that_is_words_of_one_seat_opens_it_with_a_note(
    typed: str, code: str, name: str
) -> None:
    """A 2019 seat's name that is whole words of one 2024 seat is that seat, as any part of
    a name only one seat has is; a note says where the old seat went, and ``advise`` takes
    the same seat, saying so first in its reasoning (as it follows any old seat)."""
    result = runner.invoke(app, ["results", "2024", "--seat", typed, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert f"note: {typed} is not a seat on the 2024 boundaries; " in " ".join(
        result.stderr.split()
    )
    assert command_json("results", "2024", "--seat", typed)["code"] == code
    advice = command_json("advise", typed, "-p", "Lab", "--sims", "200", "--election", "2024")
    assert advice["code"] == code
    assert f"{typed!r} is read as {name}" in advice["reasoning"][0]


def test_an_old_seat_s_name_that_is_words_of_no_seat_keeps_its_refusal() -> None:
    result = runner.invoke(app, ["results", "2024", "--seat", "Hampstead and Kilburn"])
    assert result.exit_code == 2
    assert "Hampstead and Kilburn is not a seat on the 2024 boundaries" in result.output
