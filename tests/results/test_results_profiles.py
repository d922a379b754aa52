"""A seat's demographics and its predecessor seats (bundled tables)."""

from __future__ import annotations

import pytest

import psephos
from psephos.errors import UnknownConstituencyError
from psephos.jurisdictions import UK
from psephos.results import DEMOGRAPHIC_LABELS, predecessor_seats, seat_demographics

CROYDON_EAST = "E14001186"


def test_demographics_match_the_bundled_table() -> None:
    current = psephos.load("2024")
    profile = {row["measure"]: row for row in seat_demographics(current, CROYDON_EAST)}
    assert set(profile) == set(DEMOGRAPHIC_LABELS)
    table = UK.table("demographics")
    rows = table[table["boundary_set"] == "2024"]
    here = rows[rows["code"] == CROYDON_EAST].iloc[0]
    for measure, row in profile.items():
        assert row["share"] == round(float(here[measure]), 4)
        assert row["median"] == round(float(rows[measure].median()), 4)
        assert row["label"] == DEMOGRAPHIC_LABELS[measure]


def test_northern_ireland_has_leave_only_and_unknown_seats_raise() -> None:
    current = psephos.load("2024")
    belfast = next(c.code for c in current.constituencies if c.code.startswith("N"))
    assert [row["measure"] for row in seat_demographics(current, belfast)] == ["leave"]
    with pytest.raises(UnknownConstituencyError):
        seat_demographics(current, "Nowhere Town")


def test_predecessors_cover_the_new_seat() -> None:
    current = psephos.load("2024")
    predecessors = predecessor_seats(current, CROYDON_EAST)
    assert predecessors[0]["code"] == "E14000654"  # Croydon Central
    shares = [row["share_of_population"] for row in predecessors]
    assert shares == sorted(shares, reverse=True)
    assert sum(shares) == pytest.approx(1.0, abs=0.01)
    assert predecessor_seats(psephos.load("2019"), "E14000654") == []
