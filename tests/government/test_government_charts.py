"""The parliament (hemicycle) diagram of ``psephos govern --chart``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from typer.testing import CliRunner

import psephos
from psephos.cli import app
from psephos.errors import PsephosError
from psephos.government import govern
from psephos.government.charts import (
    hemicycle_positions,
    parliament_chart,
    parliament_figure,
    seating,
)
from psephos.model import party_colour

runner = CliRunner()


def _collections(figure: object) -> dict[str, object]:
    axis = figure.axes[0]  # type: ignore[attr-defined]
    return {c.get_gid(): c for c in axis.collections}


@pytest.mark.parametrize("n_seats", [1, 2, 7, 59, 338, 650])
def test_every_seat_has_a_dot_and_no_two_dots_overlap(n_seats: int) -> None:
    centres, dot = hemicycle_positions(n_seats)
    assert centres.shape == (n_seats, 2)
    assert dot > 0
    assert np.all(centres[:, 1] >= -1e-9)  # a half circle
    if n_seats > 1:
        gaps = np.linalg.norm(centres[:, None, :] - centres[None, :, :], axis=-1)
        np.fill_diagonal(gaps, np.inf)
        assert gaps.min() >= 2 * dot
    angles = np.arctan2(centres[:, 1], centres[:, 0])
    assert np.all(np.diff(angles) <= 1e-9)  # from the left end round to the right


def test_seating_runs_left_to_right_with_the_speaker_last() -> None:
    house = govern(psephos.load("2017")).house
    seats = seating(house)
    assert Counter(seat.party for seat in seats) == dict(house.seats)
    order = list(dict.fromkeys(seat.party for seat in seats))
    on_order = [p for p in house.rules.left_right if p in house.seats]
    assert order[: len(on_order)] == on_order
    assert order[-1] == "Speaker"
    assert sum(not seat.votes for seat in seats) == house.n_seats - house.n_voting
    assert all(not seat.votes for seat in seats if seat.party in ("SF", "Speaker"))


def test_a_speaker_from_the_benches_is_a_hollow_dot_at_the_end_of_their_party() -> None:
    """Canada's Speaker is a Liberal in the results: the last Liberal dot is hollow, every other
    seat votes, and no separate Speaker wedge is drawn."""
    house = govern(psephos.load("canada-2021")).house
    seats = seating(house)
    assert Counter(seat.party for seat in seats) == dict(house.seats)
    silent = [index for index, seat in enumerate(seats) if not seat.votes]
    liberal = [index for index, seat in enumerate(seats) if seat.party == "LPC"]
    assert silent == [liberal[-1]]
    assert "Speaker" not in {seat.party for seat in seats}


@pytest.mark.parametrize(
    "source",
    ["2017", "2024", "canada-2021", {"A": 4, "B": 3}, {"A": 30, "B": 29, "C": 1}],
    ids=str,
)
def test_the_figure_has_one_dot_per_seat_in_party_colours_and_the_majority_line(
    source: str | dict[str, int],
) -> None:
    election = psephos.load(source) if isinstance(source, str) else None
    house = govern(election or source).house  # type: ignore[arg-type]
    year = election.id if election else None
    title = election.name if election else "Seats given"
    figure = parliament_figure(house, title=title, election_id=year)
    collections = _collections(figure)
    voting, silent = collections["voting"], collections["not-voting"]
    assert len(voting.get_paths()) == house.n_voting  # type: ignore[attr-defined]
    assert len(silent.get_paths()) == house.n_seats - house.n_voting  # type: ignore[attr-defined]
    voters = [seat.party for seat in seating(house) if seat.votes]
    expected = [to_rgba(party_colour(p, year)) for p in voters]
    assert np.allclose(voting.get_facecolors(), expected)  # type: ignore[attr-defined]
    assert np.allclose(silent.get_facecolors(), to_rgba("white"))  # type: ignore[attr-defined]
    # the dashed line: exactly the working threshold of voting members lie to its left
    (line,) = figure.axes[0].lines
    xs, ys = (np.asarray(values, dtype=float) for values in line.get_data())
    paths = voting.get_paths()  # type: ignore[attr-defined]
    centres = np.array([path.get_extents().get_points().mean(axis=0) for path in paths])
    radii = np.hypot(centres[:, 0], centres[:, 1])
    line_angle = np.interp(radii, np.hypot(xs, ys), np.arctan2(ys, xs))
    left_of_line = np.arctan2(centres[:, 1], centres[:, 0]) > line_angle
    assert left_of_line.sum() == house.working_threshold
    assert figure.axes[0].get_title() == title
    # the label under the hemicycle gives the threshold as the votes needed, never as "working
    # majority 320", which the tables use for an arrangement's margin (13 for Con + DUP 2017)
    labels = [text.get_text() for text in figure.axes[0].texts]
    assert any(
        label.endswith(f"\n{house.working_threshold:,} votes needed\nfor a working majority")
        for label in labels
    ), labels


def test_chart_file_by_extension(tmp_path: Path) -> None:
    house = govern({"A": 4, "B": 3}).house
    written = parliament_chart(house, tmp_path / "house.svg", title="A and B")
    assert "<svg" in written.read_text(encoding="utf-8")
    with pytest.raises(PsephosError, match="must end in"):
        parliament_chart(house, tmp_path / "house.txt", title="A and B")


def test_govern_chart_through_the_cli(tmp_path: Path) -> None:
    chart = tmp_path / "house.png"
    result = runner.invoke(app, ["govern", "canada-2021", "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    assert chart.read_bytes()[:4] == b"\x89PNG"
    assert f"Chart written to {chart}" in result.output.replace("\n", "")
    bad = runner.invoke(app, ["govern", "2017", "--chart", str(tmp_path / "house.gif")])
    assert bad.exit_code == 2
    assert "must end in" in bad.stderr


def test_parties_off_the_left_right_order_are_said_apart_not_right_of_the_last() -> None:
    """Canada's Bloc Québécois is off its left-right order and sits after the Conservatives:
    the subtitle names it as off the order and the legend marks it (the chart read "left to
    right" over GPC ... CPC, BQ, as if the Bloc were right of the CPC); a House of parties on
    no order says it runs largest party first; the UK's runs left to right."""
    from psephos.government import parliament
    from psephos.government.charts import OFF_ORDER_MARK, parliament_diagram

    canada = parliament(psephos.load("canada-2021"))
    diagram = parliament_diagram(canada, election_id="canada-2021")
    assert diagram.parties[-1] == "BQ" and diagram.off_order == ["BQ"]
    assert diagram.order_words() == "from left to right, then off the left-right order: BQ"
    figure = parliament_figure(canada, title="t", election_id="canada-2021")
    axis = figure.axes[0]
    legend = [text.get_text() for text in axis.get_legend().get_texts()]
    assert legend[4] == f"BQ 32{OFF_ORDER_MARK}" and legend[3] == "CPC 119"
    words = " ".join(text.get_text() for text in axis.texts)
    assert "off the left-right order: BQ" in words
    made_up = parliament({"Alpha": 5, "Beta": 4, "Gamma": 2})
    assert parliament_diagram(made_up).order_words().startswith("largest party first")
    uk = parliament_diagram(parliament(psephos.load("2024")), election_id="2024")
    assert uk.off_order == [] and uk.order_words() == "from left to right"
