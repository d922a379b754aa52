"""``psephos exitpoll emulate``: its sample size bounds and its CSV."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import psephos
from psephos.cli import app
from psephos.forecast.exitpoll import EMULATED, MAX_SAMPLE_SEATS

runner = CliRunner()


@pytest.mark.parametrize("k", ["1", "700"])
def test_a_sample_size_out_of_range_reads_the_same_at_both_ends(k: str) -> None:
    result = runner.invoke(app, ["exitpoll", "emulate", "2017", "--k", k, "--draws", "1"])
    assert result.exit_code == 2
    assert f"{k} is out of range; use a value from 2 to 632" in result.stderr


def test_the_largest_sample_is_every_great_britain_seat() -> None:
    for election_id in EMULATED:
        assert int(psephos.load(election_id).gb_mask.sum()) == MAX_SAMPLE_SEATS
