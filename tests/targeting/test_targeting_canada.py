"""Target lists on a Canadian election: swing history from canada-2019 -> canada-2021 only."""

from __future__ import annotations

import numpy as np
from typer.testing import CliRunner

from cli_helpers import command_json
from psephos.targeting.sensitivity import HISTORY_PAIRS, _pair_changes, historical_seat_sd

runner = CliRunner()


def test_canadian_history_uses_canadian_pairs_only() -> None:
    sd = historical_seat_sd("LPC", "CPC", up_to="canada-2021")
    changes = _pair_changes("canada-2019", "canada-2021", "LPC", "CPC")
    assert sd == float(np.sqrt(np.mean(changes**2)))
    # a UK list pools the four UK pairs and never the Canadian one
    uk = np.concatenate(
        [
            _pair_changes(before, after, "Lab", "Con")
            for before, after in HISTORY_PAIRS
            if not after.startswith("canada")
        ]
    )
    assert historical_seat_sd("Lab", "Con", up_to="2024") == float(np.sqrt(np.mean(uk**2)))


def test_target_list_for_canada() -> None:
    rows = command_json("target", "canada-2021", "--pair", "LPC,CPC", "--top", "5")["rows"]
    assert len(rows) == 5
    # the CPC holds each seat; the rival is who came second there, here the LPC each time
    assert all(row["holder"] == "CPC" and row["rival"] == "LPC" for row in rows)
    assert all(0 < row["win_probability"] < 1 for row in rows)
