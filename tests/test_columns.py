"""What a table's value columns mean (:mod:`psephos.columns`): one sentence a column key."""

from __future__ import annotations

import pytest

from psephos.columns import MEANINGS, column_meaning, legend


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
