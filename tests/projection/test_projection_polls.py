"""Correcting the final-week poll average for the polls' error at earlier elections."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from psephos.errors import PsephosError
from psephos.io.bundled import table
from psephos.io.tables import read_columns
from psephos.projection.backtest import (
    adjusted_final_polls,
    final_polls,
    headline_poll_input,
    real_input_backtest,
)
from psephos.projection.polls import (
    BIAS_PARTIES,
    PollBias,
    adjust_poll,
    adjustment_rule,
    estimate_bias,
    history,
    poll_bias,
)

pytestmark = pytest.mark.filterwarnings("ignore::psephos.projection.ShareWarning")


def test_history_table_schema_and_values() -> None:
    frame = table("poll_history")
    assert set(frame.columns) == {"election", "date", "party", "poll", "n_polls", "result"}
    assert set(frame["party"]) == set(BIAS_PARTIES)
    assert frame["poll"].between(0, 1).all() and frame["result"].between(0, 1).all()
    assert (frame["n_polls"] >= 1).all()
    elections = list(dict.fromkeys(frame["election"]))
    # 1945 had no poll in its final week; both 1974 elections are there.
    assert elections[0] == "1950" and elections[-1] == "2024"
    assert {"1974F", "1974O", "1992", "2015"} <= set(elections)
    # GB results of HoC CBP-7529 (2019: Con 44.7, Lab 32.9, LD 11.8).
    gb2019 = frame[frame["election"] == "2019"].set_index("party")["result"]
    assert gb2019["Con"] == pytest.approx(0.447, abs=0.001)
    assert gb2019["Lab"] == pytest.approx(0.329, abs=0.001)


def test_history_agrees_with_bundled_final_polls_2015() -> None:
    """2015's final week in both tables, by one rule from two tables of PollBase: the history's
    tidy britpol table (Con, Lab, LD; 30 polls) and the final polls' workbook sheet, which
    also carries UKIP and Green (29 polls: one Survation poll fewer), within 0.05 points."""
    _, polls, _ = history("2017")[-1]
    final = final_polls("2015")
    assert set(final) == {"Con", "Lab", "LD", "Reform", "Green"}
    assert final["Reform"] == pytest.approx(13.07, abs=0.01)  # UKIP, the Reform lineage
    assert final["Green"] == pytest.approx(4.96, abs=0.01)
    for party, share in polls.items():
        assert final[party] == pytest.approx(share, abs=0.05)


def test_history_is_strictly_before_the_target() -> None:
    assert history("2019")[-1][0] == "2017"
    assert history("2024")[-1][0] == "2019"
    assert history()[-1][0] == "2024"  # the correction for the next election
    assert history("1974-10-10")[-1][0] == "1974F"
    assert [e for e, _, _ in history()] == [e for e, _, _ in history("2030")]
    with pytest.raises(PsephosError, match="Cannot date"):
        history("next")


def test_bias_by_hand() -> None:
    records = [
        ("a", {"Con": 40.0, "Lab": 40.0, "LD": 10.0}, {"Con": 42.0, "Lab": 38.0, "LD": 10.0}),
        ("b", {"Con": 40.0, "Lab": 40.0, "LD": 10.0}, {"Con": 44.0, "Lab": 37.0, "LD": 11.0}),
    ]
    bias = estimate_bias(records)
    # Con errors 2 and 4: mean 3, sd sqrt(2), SE 1 -> weight 1 - 1/9.
    assert bias.mean["Con"] == pytest.approx(3.0)
    assert bias.standard_error["Con"] == pytest.approx(1.0)
    assert bias.correction["Con"] == pytest.approx(3.0 * (1 - 1 / 9))
    # LD errors 0 and 1: mean 0.5, SE 0.5 -> weight 0 (the mean is no bigger than its noise).
    assert bias.weight["LD"] == 0.0 and bias.correction["LD"] == 0.0
    # One record: nothing to learn from.
    assert estimate_bias(records[:1]).correction == dict.fromkeys(BIAS_PARTIES, 0.0)


def test_adjust_poll_renormalises_the_others() -> None:
    bias = PollBias(
        ("x", "y"),
        {"Con": 2.0, "Lab": -3.0, "LD": 0.0},
        dict.fromkeys(BIAS_PARTIES, 0.0),
        dict.fromkeys(BIAS_PARTIES, 1.0),
    )
    poll = {"Con": 30.0, "Lab": 40.0, "LD": 10.0, "Reform": 15.0}
    adjusted = adjust_poll(poll, bias)
    assert adjusted["Con"] == 32.0 and adjusted["Lab"] == 37.0 and adjusted["LD"] == 10.0
    # The others (Reform 15 of 20 points) now share 21 points: 15 * 21 / 20.
    assert adjusted["Reform"] == pytest.approx(15.75)
    assert poll["Con"] == 30.0  # the input is not changed
    fractions = adjust_poll({party: share / 100 for party, share in poll.items()}, bias)
    assert fractions == pytest.approx({party: share / 100 for party, share in adjusted.items()})


@given(
    st.lists(st.floats(0.5, 30.0), min_size=4, max_size=4),
    st.lists(st.floats(-3.0, 3.0), min_size=3, max_size=3),
)
def test_adjust_poll_keeps_a_full_poll_full(shares: list[float], corrections: list[float]) -> None:
    poll = dict(zip(("Con", "Lab", "LD", "Green"), shares, strict=True))
    total = sum(shares)
    poll = {party: 100.0 * share / total for party, share in poll.items()}
    bias = PollBias(
        ("x",),
        dict(zip(BIAS_PARTIES, corrections, strict=True)),
        dict.fromkeys(BIAS_PARTIES, 0.0),
        dict.fromkeys(BIAS_PARTIES, 1.0),
    )
    adjusted = adjust_poll(poll, bias)
    assert all(share >= 0 for share in adjusted.values())
    if adjusted["Green"] > 0:
        assert sum(adjusted.values()) == pytest.approx(100.0)


def test_zero_bias_gives_the_poll_back() -> None:
    poll = final_polls("2024")
    zero = PollBias((), dict.fromkeys(BIAS_PARTIES, 0.0), {}, dict.fromkeys(BIAS_PARTIES, 0.0))
    assert adjust_poll(poll, zero) == pytest.approx(poll)


def test_bias_is_learnt_before_the_target_only() -> None:
    bias = poll_bias("2024")
    assert bias.elections[-1] == "2019" and "2024" not in bias.elections
    assert poll_bias("2019").elections == bias.elections[:-1]
    # The long-run pattern: polls understate the Conservatives and overstate Labour.
    assert bias.correction["Con"] > 0 > bias.correction["Lab"]
    adjusted = adjusted_final_polls("2024")
    raw = final_polls("2024")
    assert adjusted["Con"] == pytest.approx(raw["Con"] + bias.correction["Con"])
    assert set(adjusted) == set(raw)


def test_adjustment_rule_forward_chains() -> None:
    check = adjustment_rule("2024")
    assert check.elections[0] == "1955" and check.elections[-1] == "2019"
    assert len(check.raw_error) == len(check.adjusted_error) == len(check.elections)
    # The rule recomputes each election's correction from the elections before it.
    records = history("2024")
    index = [e for e, _, _ in records].index("2015")
    _, polls, results = records[index]
    corrected = estimate_bias(records[:index]).apply(polls)
    expected = sum(abs(corrected[p] - results[p]) for p in BIAS_PARTIES)
    assert check.adjusted_error[check.elections.index("2015")] == pytest.approx(expected)
    assert check.adopt == (sum(check.adjusted_error) < sum(check.raw_error))
    assert not adjustment_rule("1951").elections
    later = adjustment_rule("2024", min_history=6)
    assert later.elections == check.elections[4:]
    assert headline_poll_input("2024") == ("polls-adjusted" if check.adopt else "polls")


def test_polls_adjusted_input() -> None:
    run = real_input_backtest("2019", "polls-adjusted")
    adjusted = adjusted_final_polls("2019")
    assert run.input == "polls-adjusted"
    assert run.gb_target["Con"] == pytest.approx(adjusted["Con"] / 100, abs=0.002)
    assert run.score.n_seats == 630
    np.testing.assert_allclose(np.asarray(run.shares).sum(axis=1), 1.0, atol=1e-9)


def test_build_script_reproduces_poll_history(shared_data: Path, tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    script = Path(__file__).resolve().parents[2] / "scripts" / "build_polls.py"
    spec = importlib.util.spec_from_file_location("build_polls", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = module.poll_history(shared_data)
    bundled = pd.DataFrame(read_columns(_bundled("poll_history.npz")))
    pd.testing.assert_frame_equal(
        rebuilt.reset_index(drop=True), bundled, check_dtype=False, check_like=False
    )


def _bundled(name: str) -> Path:
    from importlib import resources

    return Path(str(resources.files("psephos.data").joinpath(name)))
