"""``psephos swap --seat --prefer``: one voter's swap, beside the organisers' file matching."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from psephos.cli import app
from psephos.tactical.swaps import PARTNER_NEEDED

runner = CliRunner()


def test_one_voter_is_told_whether_a_swap_helps_and_where_a_partner_should_live() -> None:
    result = runner.invoke(
        app, ["swap", "--seat", "Richmond Park", "--prefer", "Lab", "--sims", "300"]
    )
    assert result.exit_code == 0, result.output
    words = " ".join(result.stdout.replace("│", " ").split())  # the panel's borders aside
    assert "the race is between LD and Con" in words and "Lab is out of contention" in words
    assert "Voting LD here: a partner who prefers LD votes Lab" in words
    assert "Where a partner who prefers LD should vote Lab" in words
    assert " ".join(PARTNER_NEEDED.split()) in words


def test_one_voter_s_partner_seats_are_not_said_to_be_out_of_the_race_when_safe() -> None:
    """An Ipswich Green voter lending Labour a vote: the seats named for a Labour partner
    include Labour's safe Liverpool Walton (Labour 71% in 2024), where a Labour vote is not
    needed; the verdict must not call Labour out of contention in the seats it lists."""
    result = runner.invoke(
        app,
        ["swap", "--seat", "Ipswich", "--prefer", "Green", "--willing", "Lab", "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    (outlook,) = json.loads(result.stdout)["outlooks"]
    assert "Liverpool Walton" in {seat["seat_name"] for seat in outlook["partner_seats"]}
    assert "Lab is not" not in outlook["verdict"]
    assert outlook["verdict"].startswith(
        "Voting Lab here: a partner who prefers Lab votes Green in a seat where the swap helps "
        "both parties, their vote there doing more for Green than yours here costs it, and "
        "yours here more for Lab than theirs there costs it ("
    )


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--seat", "Bath"], "Give a file of swap offers, or one voter's --seat and --prefer."),
        (["--prefer", "Lab"], "Give a file of swap offers, or one voter's --seat and --prefer."),
        (["FILE", "--seat", "Bath", "--prefer", "Lab"], "not both"),
        (["FILE", "--willing", "LD"], "--prefer and --willing go with --seat"),
        (["--seat", "Bath", "--prefer", "Lab", "--willing", "Lab"], "the party preferred"),
    ],
)
def test_one_voter_s_options_are_refused_in_one_line(
    tmp_path: Path, arguments: list[str], said: str
) -> None:
    offers = tmp_path / "offers.csv"
    offers.write_text("seat,preferred,willing\nPutney,LD,Lab\n", encoding="utf-8")
    typed = [str(offers) if argument == "FILE" else argument for argument in arguments]
    result = runner.invoke(app, ["swap", *typed, "--sims", "300"])
    assert result.exit_code != 0
    assert said in " ".join(result.output.split())
