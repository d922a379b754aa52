"""What a table's value columns mean (:mod:`psephos.columns`): one sentence a column key."""

from __future__ import annotations

import pytest

from psephos.columns import COMMAND_MEANINGS, MEANINGS, column_meaning, legend


def test_the_legend_follows_the_table_s_columns_and_skips_plain_ones() -> None:
    lines = legend(["rank", "name", "per_100_hours", "win_probability"])
    assert lines == [
        f"per_100_hours: {MEANINGS['per_100_hours']}",
        f"win_probability: {MEANINGS['win_probability']}",
    ]
    assert legend(["rank", "name"]) == []


@pytest.mark.parametrize("column", ["per_1000_votes", "per_100_hours"])
def test_a_change_in_a_chance_says_its_unit(column: str) -> None:
    assert "percentage points" in column_meaning(column)


def test_a_signed_column_says_what_its_sign_means() -> None:
    for column in ("margin_pct", "majority_votes"):
        assert "negative: behind" in column_meaning(column)


def test_an_unknown_column_has_no_meaning() -> None:
    with pytest.raises(KeyError):
        column_meaning("rank")


def test_a_key_one_command_writes_for_something_else_has_that_command_s_meaning() -> None:
    """``expected_seats`` is a party's seats in ``exitpoll`` and, in ``allocate``, the seats a
    plan's hours are expected to gain: each table's legend says its own, and a command that
    writes the key as :data:`MEANINGS` means it gets the default."""
    assert column_meaning("expected_seats") == MEANINGS["expected_seats"]
    assert column_meaning("expected_seats", "exitpoll") == MEANINGS["expected_seats"]
    gained = column_meaning("expected_seats", "allocate")
    assert gained == COMMAND_MEANINGS["allocate", "expected_seats"] != MEANINGS["expected_seats"]
    assert "plan's hours" in gained and "chance of winning the seat" in gained
    assert legend(["code", "capacity", "expected_seats"], "allocate") == [
        f"capacity: {COMMAND_MEANINGS['allocate', 'capacity']}",
        f"expected_seats: {gained}",
    ]
    assert legend(["capacity"]) == []  # no meaning outside allocate
    with pytest.raises(KeyError):
        column_meaning("capacity")


def test_a_working_majority_says_what_its_sign_means_and_an_interval_its_level() -> None:
    assert "negative: what it loses" in column_meaning("working_majority")
    for column in ("low_90", "high_90"):
        assert "90% interval of seats" in column_meaning(column)


def test_the_exit_poll_and_nowcast_intervals_are_the_90_percent_their_legend_says() -> None:
    """``low`` and ``high`` (``exitpoll estimate``, ``nowcast show`` and ``feed``) are the
    ends of the interval psephos.forecast.intervals.INTERVAL_LEVEL gives, which the legend
    names."""
    from psephos.forecast.intervals import INTERVAL_LEVEL

    for column in ("low", "high"):
        assert f"{INTERVAL_LEVEL:.0%} interval of seats" in column_meaning(column)


def test_the_exit_poll_s_legend_names_its_own_thresholds() -> None:
    """The exit poll's table explains its own columns (its interval shares one sample's
    errors across seats; the favourites' column is named by its threshold, LIKELY)."""
    from psephos.forecast.exitpoll import FAVOURITE_COLUMN, LIKELY, LIKELY_COLUMN
    from psephos.forecast.intervals import INTERVAL_LEVEL

    lines = legend(["party", "low", "high", FAVOURITE_COLUMN, LIKELY_COLUMN], "exitpoll")
    assert [line.split(":")[0] for line in lines] == [
        "low",
        "high",
        FAVOURITE_COLUMN,
        LIKELY_COLUMN,
    ]
    assert f"{INTERVAL_LEVEL:.0%} interval of seats" in lines[0]
    assert "one sample of places" in lines[0]
    assert f"{LIKELY:.0%} or more" in lines[3]
