"""Hex-map geometry and rendering."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import psephos
from psephos.charts import paler
from psephos.errors import DataFormatError
from psephos.model import Constituency, Election
from psephos.results.hexmap import (
    HELD_PALENESS,
    HEX_RADIUS,
    MAJORITY_PALENESS,
    changed_hands,
    hex_layout,
    hexagon,
    hexmap_figure,
    key_sections,
    majority_bins,
    map_colours,
    map_order,
    plot_hexmap,
    seat_facts,
    svg_map,
    winner_colours,
)


def _steps_to_a_neighbour(hexes: list[Any]) -> float:
    """The share of steps from one hex to the next that land on a neighbour (one apart)."""
    steps = [np.hypot(b.x - a.x, b.y - a.y) for a, b in pairwise(hexes)]
    return float(np.mean(np.array(steps) < 1.01))


@pytest.mark.parametrize("election_id", ["2017", "2024"])
def test_the_map_order_steps_between_neighbours_region_by_region(election_id: str) -> None:
    election = psephos.load(election_id)
    layout = hex_layout(election)
    ordered = map_order(election, layout)
    assert sorted(h.code for h in ordered) == sorted(h.code for h in layout)
    # seat order (by code, so by name) jumps across the country; the map's order walks along
    # its rows, the next seat beside the last nearly always
    assert _steps_to_a_neighbour(layout) < 0.2
    assert _steps_to_a_neighbour(ordered) > 0.75
    assert ordered[0].name == "Orkney and Shetland"  # the top row first
    # each region's seats come together
    regions = {seat.code: seat.region for seat in election.constituencies}
    runs = [regions[h.code] for h in ordered]
    changes = [b for a, b in pairwise(runs) if a != b]
    assert len(changes) == len(set(runs)) - 1


@pytest.mark.parametrize("election_id", ["2017", "2024"])
def test_every_seat_has_a_distinct_hex_one_apart(election_id: str) -> None:
    election = psephos.load(election_id)
    hexes = hex_layout(election)
    assert [h.code for h in hexes] == list(election.codes)
    points = np.array([(h.x, h.y) for h in hexes])
    assert len({(round(x, 3), round(y, 3)) for x, y in points}) == 650
    # nearest neighbour of every hex is exactly one unit away or more (no overlaps)
    distances = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(distances, np.inf)
    assert distances.min() == pytest.approx(1.0)


def test_hexagon_tiles_with_unit_spacing() -> None:
    corners = hexagon(0.0, 0.0)
    assert corners.shape == (6, 2)
    assert np.hypot(corners[:, 0], corners[:, 1]) == pytest.approx(HEX_RADIUS)
    # pointy-top hexagon: width (flat-to-flat) equals the unit spacing
    assert corners[:, 0].max() - corners[:, 0].min() == pytest.approx(1.0)


def test_a_page_map_is_the_layout_scaled_turned_and_framed() -> None:
    """The one SVG geometry (:func:`svg_map`): centres ``sqrt(3) * size`` apart per layout
    unit with y growing down, each hexagon drawn at 0.96 of its circumradius round its
    centre, and a view box holding every corner with a margin."""
    election = psephos.load("2024")
    cells = hex_layout(election)
    drawn = svg_map(cells, size=10.0)
    assert [h.code for h in drawn.hexes] == [c.code for c in cells]
    first, cell = drawn.hexes[0], cells[0]
    assert (first.x, first.y) == pytest.approx(
        (cell.x * 10 * np.sqrt(3), -cell.y * 10 * np.sqrt(3)), abs=0.01
    )
    corners = np.array([[float(v) for v in p.split(",")] for p in first.points.split()])
    assert corners.shape == (6, 2)
    radius = np.hypot(corners[:, 0] - first.x, corners[:, 1] - first.y)
    assert radius == pytest.approx(9.6, abs=0.02)
    left, top, width, height = (float(v) for v in drawn.view_box.split())
    every = np.array(
        [[float(v) for v in p.split(",")] for h in drawn.hexes for p in h.points.split()]
    )
    assert left < every[:, 0].min() and every[:, 0].max() < left + width
    assert top < every[:, 1].min() and every[:, 1].max() < top + height
    assert (drawn.width, drawn.height) == (round(width, 1), round(height, 1))
    assert svg_map([]).view_box == "0 0 1 1"


def test_the_web_map_draws_the_library_geometry() -> None:
    """The web app's map (``web/services.hex_map_of``) has no geometry of its own: its
    hexagons and view box are :func:`svg_map`'s, in :func:`map_order` (the keyboard's)."""
    pytest.importorskip("fastapi")
    from psephos.web.services import hex_map_of

    election = psephos.load("2019")
    page = hex_map_of(election)
    drawn = svg_map(map_order(election, hex_layout(election)))
    assert page.view_box == drawn.view_box
    assert [(h.code, h.x, h.y, h.points) for h in page.hexes] == [
        (h.code, h.x, h.y, h.points) for h in drawn.hexes
    ]


def test_png_written(tmp_path: Path) -> None:
    path = plot_hexmap(psephos.load("2017"), tmp_path / "map.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_user_boundaries_have_no_hex_positions(three_seats: Election) -> None:
    with pytest.raises(DataFormatError, match="No hex position"):
        hex_layout(three_seats)


def _seats(n: int) -> list[Constituency]:
    return [Constituency(f"E{i}", f"Seat {i}", "England", "London", 100, "2024") for i in range(n)]


def test_majority_bins_by_points_of_the_valid_vote() -> None:
    # majorities of 4, 5, 10, 19.9 and 20 points (edges belong to the bin above) and no votes
    votes = [[52, 48], [52.5, 47.5], [55, 45], [59.95, 40.05], [60, 40], [0, 0]]
    election = Election.from_votes("m", _seats(6), ("Con", "Lab"), votes)
    assert majority_bins(election).tolist() == [0, 1, 2, 2, 3, 0]
    colours = map_colours(election, "majority")
    assert list(colours.fills) == [
        paler(election.colour(election.parties[w]), MAJORITY_PALENESS[b])
        for w, b in zip(election.winner, majority_bins(election), strict=True)
    ]
    labels = [entry.label for entry in colours.key]
    assert labels[1:5] == [
        "under 5: 2 seats",
        "5 to 10: 1 seat",
        "10 to 20: 2 seats",
        "20 or more: 1 seat",
    ]


def test_gains_against_an_earlier_result_matched_by_seat_code() -> None:
    before = Election.from_votes("a", _seats(3), ("Con", "Lab"), [[6, 4], [6, 4], [4, 6]])
    # the same seats in another order, the second one won by Labour now
    after = Election.from_votes(
        "b", list(reversed(_seats(3))), ("Lab", "Con"), [[6, 4], [6, 4], [4, 6]]
    )
    assert changed_hands(after, before).tolist() == [False, True, False]
    colours = map_colours(after, "gains", before=before)
    full = winner_colours(after)
    assert list(colours.fills) == [
        paler(full[0], HELD_PALENESS),
        full[1],
        paler(full[2], HELD_PALENESS),
    ]
    labels = [entry.label for entry in colours.key]
    assert labels == ["Gains (1 seat)", "Lab 1", "Held, pale (2 seats)", "Lab 1", "Con 1"]


def test_each_seats_fact_says_what_its_fill_shows() -> None:
    before = Election.from_votes("a", _seats(3), ("Con", "Lab"), [[6, 4], [6, 4], [4, 6]])
    after = Election.from_votes(
        "b", list(reversed(_seats(3))), ("Lab", "Con"), [[6, 4], [6, 4], [4, 6]]
    )
    # seats E2, E1, E0: Lab held E2, took E1 from Con, Con held E0
    assert seat_facts(after, "gains", before=before) == ["held", "gain from Conservative", "held"]
    assert seat_facts(after, "majority") == ["majority 20.0 points"] * 3
    assert seat_facts(after) == ["", "", ""]
    with pytest.raises(ValueError, match="earlier result"):
        seat_facts(after, "gains")


def test_gains_need_an_earlier_result_on_the_same_seats(three_seats: Election) -> None:
    with pytest.raises(ValueError, match="earlier result"):
        map_colours(three_seats, "gains")
    with pytest.raises(DataFormatError, match="same boundaries"):
        changed_hands(psephos.load("2024"), psephos.load("2019"))
    with pytest.raises(ValueError, match="colour"):
        map_colours(three_seats, "colour")


def test_the_winner_map_is_the_winners_colours() -> None:
    election = psephos.load("2024")
    colours = map_colours(election)
    assert list(colours.fills) == winner_colours(election)
    assert colours.key[1].label == "Lab 411" and colours.caption == ""


def test_a_map_with_its_key_is_written_as_svg(tmp_path: Path) -> None:
    election = psephos.load("2017")
    colours = map_colours(election, "majority")
    path = plot_hexmap(election, tmp_path / "map.svg", colours=colours.fills, key=colours.key)
    text = path.read_text()
    assert text.startswith("<?xml") and "20 or more" in text


def _as_users_file(election: Election, keep: int | None = None) -> str:
    """A bundled result written as a user's results CSV (the documented long format)."""
    rows = ["seat_code,seat_name,party,votes,candidate"]
    for result in list(election)[:keep]:
        seat = result.constituency
        rows += [
            f'{seat.code},"{seat.name}",{c.party},{int(c.votes)},"{c.name}"'
            for c in result.candidates
        ]
    return "\n".join(rows) + "\n"


@pytest.mark.filterwarnings("ignore::psephos.errors.InputWarning")  # regions read, noted
@pytest.mark.parametrize("election_id", ["2017", "2024"])
def test_a_users_file_of_bundled_seats_is_placed_as_the_bundled_election(
    election_id: str,
) -> None:
    """A user's own file of seats on bundled boundaries (read as on those boundaries,
    io/user_csv.py) is drawn by its codes, on the layout of the boundaries its codes are on,
    as the bundled election is."""
    from psephos.jurisdictions import parse_results_csv

    bundled = psephos.load(election_id)
    users = parse_results_csv(_as_users_file(bundled), name="mine.csv")
    assert {seat.boundary_set for seat in users.constituencies} == {
        bundled.constituencies[0].boundary_set
    }
    placed = {h.code: (h.x, h.y) for h in hex_layout(users)}
    assert placed == {h.code: (h.x, h.y) for h in hex_layout(bundled)}
    part = parse_results_csv(_as_users_file(bundled, keep=5), name="part.csv")
    assert {h.code: (h.x, h.y) for h in hex_layout(part)} == {
        code: placed[code] for code in part.codes
    }


@pytest.mark.filterwarnings("ignore::psephos.errors.InputWarning")  # regions read, noted
def test_a_users_seat_off_the_bundled_boundaries_is_refused_in_one_line() -> None:
    from psephos.jurisdictions import parse_results_csv

    text = _as_users_file(psephos.load("2024"), keep=2) + "E99999999,Nowhere,Lab,3,A\n"
    users = parse_results_csv(text, name="mine.csv")
    with pytest.raises(DataFormatError) as info:
        hex_layout(users)
    message = str(info.value)
    assert "Nowhere (E99999999)" in message and "needs seats on bundled boundaries" in message
    assert "\n" not in message
    drawn = [code for code in users.codes if code != "E99999999"]
    assert [h.code for h in hex_layout(users, strict=False)] == drawn


@pytest.mark.parametrize(
    ("election_id", "show"), [("2024", "winner"), ("2024", "gains"), ("2019", "winner")]
)
def test_no_legend_covers_a_seat(election_id: str, show: str) -> None:
    """The 2024 winner map's fifteen-party legend ran down over Northern Ireland's hexagons
    (TUV 1 and Speaker 1 on top of them, the README's picture too): every legend now sits in a
    corner where it covers no seat's centre and no other legend."""
    import matplotlib.pyplot as plt
    from matplotlib.legend import Legend

    election = psephos.load(election_id)
    before = psephos.jurisdictions.previous_election(election) if show == "gains" else None
    colours = map_colours(election, show, before=before)
    figure = hexmap_figure(election, colours=colours.fills, key=colours.key)
    axes = figure.axes[0]
    renderer = figure.canvas.get_renderer()
    legends = [a.get_window_extent(renderer) for a in axes.artists if isinstance(a, Legend)]
    assert len(legends) == len(key_sections(colours.key))
    places = hex_layout(election)
    centres = axes.transData.transform([(place.x, place.y) for place in places])
    for legend in legends:
        inside = (
            (centres[:, 0] >= legend.x0)
            & (centres[:, 0] <= legend.x1)
            & (centres[:, 1] >= legend.y0)
            & (centres[:, 1] <= legend.y1)
        )
        assert [place.name for place, covered in zip(places, inside, strict=True) if covered] == []
    assert not any(a.overlaps(b) for i, a in enumerate(legends) for b in legends[i + 1 :])
    plt.close(figure)


def test_the_winner_map_s_key_lists_parties_as_the_national_table_does() -> None:
    """The results page's two lists of seats won put Alliance before UUP in one (1 seat each)
    and after it in the other: the key orders parties with as many seats by votes, as
    :func:`psephos.results.national_table` does."""
    from psephos.results import national_table

    election = psephos.load("2024")
    key = [entry.label.rsplit(" ", 1)[0] for entry in map_colours(election).key[1:]]
    table = [row["party_label"] for row in national_table(election) if row["seats"]]
    assert key == table
    assert key.index("Alliance") < key.index("UUP")  # 117,191 votes to 94,779
