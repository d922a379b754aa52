"""What a replay shows at one point of a night (:func:`psephos.forecast.nowcast.replay_rows`)
and which nights it replays (:func:`psephos.forecast.nowcast.replay_nights`), as the web's
replay page gives them."""

from __future__ import annotations

from psephos.forecast.nowcast import replay, replay_nights, replay_rows


def test_the_nights_replayed_are_those_the_command_replays() -> None:
    """The UK's nights with declaration times and Canada's with an assumed order; never the
    first election on its boundaries (2010) or a notional result."""
    assert replay_nights() == ("2015", "2017", "2019", "2024", "canada-2021")


def test_a_replay_s_rows_are_the_replay_s_own_figures() -> None:
    """2019 after 50 seats: the projection, its 90% range, the baseline and the result each
    party's row gives are the replay's (its errors are the rows' differences from the result),
    the declared seats those of the first 50 in the bundled order."""
    [step] = replay("2019", checkpoints=[50], intervals_at=[50])
    rows = {row["party"]: row for row in replay_rows("2019", step)}
    assert (rows["Con"]["declared"], rows["Con"]["final"]) == (21, 365)
    assert sum(row["declared"] for row in rows.values()) == 50
    assert sum(row["final"] for row in rows.values()) == 650
    assert sum(row["projected"] for row in rows.values()) == 650
    assert sum(abs(row["baseline"] - row["final"]) for row in rows.values()) == step.error_baseline
    assert all(row["low"] <= row["projected"] <= row["high"] for row in rows.values())
    assert rows["Reform"]["party_label"] == "Brexit Party"  # as the 2019 night named it


def test_a_party_the_interval_leaves_out_has_a_range_of_none() -> None:
    """The TUV won a seat in 2024 that the nowcast gave it no chance of after 50 seats: its
    interval, left out of the measured ones as (0, 0), is 0 to 0, not missing (the page wrote
    "None\u2013None"); a step that measured no interval has none for any party."""
    [step] = replay("2024", checkpoints=[50], intervals_at=[50])
    tuv = next(row for row in replay_rows("2024", step) if row["party"] == "TUV")
    assert (tuv["low"], tuv["high"], tuv["final"]) == (0, 0, 1)
    [unmeasured] = replay("2024", checkpoints=[50])
    assert {row["low"] for row in replay_rows("2024", unmeasured)} == {None}
