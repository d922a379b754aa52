"""Seats per party under each system as stacked bars (``psephos systems --chart``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from psephos.errors import PsephosError
from psephos.model import Election
from psephos.systems import configured_systems
from psephos.systems.charts import systems_chart, systems_figure


def test_each_bar_is_one_systems_seats(three_seats: Election) -> None:
    results = [model.allocate(three_seats) for model in configured_systems(["fptp", "av"])]
    figure = systems_figure(results, three_seats)
    axis = figure.axes[0]
    # one bar set per party that wins a seat under some system, in the election's order
    winners = [
        party
        for j, party in enumerate(three_seats.parties)
        if any(result.seats[j] for result in results)
    ]
    assert [bars.get_label() for bars in axis.containers] == [three_seats.label(p) for p in winners]
    # the first system is the top bar; each bar's segments are its seat shares, summing to 100
    ordered = list(reversed(results))
    assert [tick.get_text() for tick in axis.get_yticklabels()] == [r.label for r in ordered]
    for i, result in enumerate(ordered):
        widths = [bars[i].get_width() for bars in axis.containers]
        expected = [
            100 * result.seats[three_seats.parties.index(p)] / result.n_seats for p in winners
        ]
        assert widths == pytest.approx(expected)
        assert sum(widths) == pytest.approx(100)


def test_systems_chart_writes_the_figure(three_seats: Election, tmp_path: Path) -> None:
    results = [model.allocate(three_seats) for model in configured_systems(["fptp"])]
    path = systems_chart(results, three_seats, tmp_path / "systems.svg")
    assert path.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    with pytest.raises(PsephosError):
        systems_chart(results, three_seats, tmp_path / "systems.txt")
    assert not (tmp_path / "systems.txt").exists()
