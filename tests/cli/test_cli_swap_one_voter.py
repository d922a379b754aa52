"""``psephos swap --seat --prefer``: one voter's swap, beside the organisers' file matching."""

from __future__ import annotations

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
