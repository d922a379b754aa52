"""Hex-map geometry and rendering."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import psephos
from psephos.errors import DataFormatError
from psephos.model import Candidate, Constituency, Election
from psephos.results.hexmap import hex_layout, hexagon, hexmap_svg, plot_hexmap


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
    # pointy-top hexagon: width (flat-to-flat) equals the unit spacing
    assert corners[:, 0].max() - corners[:, 0].min() == pytest.approx(1.0)


def test_svg_escapes_names_and_links() -> None:
    election = psephos.load("2024")
    svg = hexmap_svg(election, link_prefix="/seats/")
    assert svg.count("<polygon") == 650
    assert 'href="/seats/E14001063"' in svg
    evil = Constituency(
        "E14001063", "<script>alert(1)</script>", "England", "South East", 1, "2024"
    )
    tiny = Election.from_votes(
        "x",
        [evil],
        ("Con", "Lab"),
        [[2, 1]],
        candidates=[(Candidate("a", "Con", "C", 2), Candidate("b", "Lab", "L", 1))],
    )
    assert "<script>" not in hexmap_svg(tiny)


def test_png_written(tmp_path: Path) -> None:
    path = plot_hexmap(psephos.load("2017"), tmp_path / "map.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_user_boundaries_have_no_hex_positions(three_seats: Election) -> None:
    with pytest.raises(DataFormatError, match="No hex position"):
        hex_layout(three_seats)
