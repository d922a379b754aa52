"""Distances, locations and the nearest-marginal search."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import psephos
from cli_helpers import command_json
from psephos.errors import PsephosError, UnknownConstituencyError
from psephos.jurisdictions.geography import (
    chord_to_km,
    great_circle_km,
    seat_centroids,
    unit_vectors,
)
from psephos.targeting.geo import resolve_location
from psephos.targeting.nearest import absent_near, marginals_near, nearest_marginals


@pytest.fixture(scope="module")
def ge2017() -> psephos.Election:
    return psephos.load("2017")


def test_known_distance() -> None:
    # London (51.5074 N, 0.1278 W) to Paris (48.8566 N, 2.3522 E): about 343.5 km.
    assert great_circle_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1.0)
    assert great_circle_km(10.0, 20.0, 10.0, 20.0) == pytest.approx(0.0)


@settings(max_examples=100)
@given(st.floats(-89, 89), st.floats(-180, 180), st.floats(-89, 89), st.floats(-180, 180))
def test_chord_and_haversine_agree(lat_a, lon_a, lat_b, lon_b) -> None:
    chord = np.linalg.norm(unit_vectors(lat_a, lon_a) - unit_vectors(lat_b, lon_b))
    assert chord_to_km(chord) == pytest.approx(
        great_circle_km(lat_a, lon_a, lat_b, lon_b), abs=1e-3
    )


def test_centroids_cover_both_boundary_sets(ge2017) -> None:
    lat, lon = seat_centroids(ge2017)
    assert lat.shape == (650,) and np.isfinite(lat).all()
    lat24, _ = seat_centroids(psephos.load("2024"))
    assert np.isfinite(lat24).all()
    croydon = ge2017.seat_index("Croydon Central")
    assert 51.3 < lat[croydon] < 51.45 and -0.15 < lon[croydon] < 0.0


def test_a_split_seat_of_the_old_boundaries_names_every_seat_it_went_to() -> None:
    """ "Isle of Wight" asked of 2024 starts from the seat holding most of its people and
    names both halves (the label said only "Isle of Wight East (for Isle of Wight)")."""
    ge2024 = psephos.load("2024")
    split = resolve_location(ge2024, "Isle of Wight")
    assert split.label == (
        "Isle of Wight East (for Isle of Wight, now split between Isle of Wight East and "
        "Isle of Wight West)"
    )
    assert split.seat_codes == ("E14001303", "E14001304")
    assert (split.latitude, split.longitude) == pytest.approx(
        (
            resolve_location(ge2024, "E14001303").latitude,
            resolve_location(ge2024, "E14001303").longitude,
        )
    )
    whole = resolve_location(ge2024, "Kensington")  # 99% in one seat: nothing split to name
    assert whole.label == "Kensington and Bayswater (for Kensington)"


def test_resolve_location_forms(ge2017) -> None:
    seat = resolve_location(ge2017, "Croydon Central")
    assert seat.seat_codes == ("E14000654",)
    place = resolve_location(ge2017, "Croydon")
    assert len(place.seat_codes) == 3
    # the label says where the point is, not how many seats are near it
    assert place.label == "Croydon (the middle of the 3 seats named after it)"
    coordinates = resolve_location(ge2017, "51.5, -0.12")
    assert (coordinates.latitude, coordinates.longitude) == (51.5, -0.12)
    fuzzy = resolve_location(ge2017, "Hampstead & Kilburn")
    assert fuzzy.seat_codes == (ge2017.constituencies[ge2017.seat_index("E14000727")].code,)
    with pytest.raises(UnknownConstituencyError):
        resolve_location(ge2017, "Atlantis Under The Sea")
    with pytest.raises(PsephosError):
        resolve_location(ge2017, (95.0, 0.0))


def test_nearest_respects_the_budget(ge2017) -> None:
    location, rows = nearest_marginals(ge2017, "Croydon Central", km=30, top=50)
    assert rows and all(row.distance_km <= 30 for row in rows)
    sensitivity = [row.per_1000_votes for row in rows]
    assert sensitivity == sorted(sensitivity, reverse=True)
    _, few = nearest_marginals(ge2017, location, km=3, top=50)
    assert len(few) < len(rows)


def test_travel_time_hook(ge2017) -> None:
    calls: list[int] = []

    def slow_roads(lat, lon, lats, lons):
        calls.append(len(lats))
        return great_circle_km(lat, lon, lats, lons) * 3.0  # 20 km/h

    _, rows = nearest_marginals(
        ge2017, "Croydon Central", km=30, travel_time=slow_roads, max_minutes=60, top=50
    )
    assert calls == [650]
    assert rows and all(row.minutes is not None and row.minutes <= 60 for row in rows)
    assert all(row.distance_km <= 20 for row in rows)
    with pytest.raises(PsephosError):
        nearest_marginals(ge2017, "Croydon Central", km=30, max_minutes=10)


def _osrm_down(lat, lon, lats, lons):
    raise RuntimeError("OSRM down")


def _unreachable_as_nan(lat, lon, lats, lons):
    return np.full(len(lats), np.nan)


def test_a_failing_or_nan_travel_time_hook_is_named_as_the_user_s(ge2017) -> None:
    """A hook that raises is the user's error, named with its own message (it was taken for a
    psephos bug); NaN minutes are refused, not shown as a vanished column."""
    failed = r"The travel-time hook '[\w.]*:_osrm_down' failed: OSRM down \(RuntimeError\)"
    with pytest.raises(PsephosError, match=failed):
        nearest_marginals(ge2017, "Croydon Central", km=30, travel_time=_osrm_down)
    with pytest.raises(PsephosError, match=r"650 minute\(s\) that are NaN or negative"):
        nearest_marginals(ge2017, "Croydon Central", km=30, travel_time=_unreachable_as_nan)
    with pytest.raises(PsephosError, match=r"returned shape \(1,\), expected \(650,\)"):
        nearest_marginals(ge2017, "Croydon Central", km=30, travel_time=lambda *_: [1.0])


def test_a_party_standing_in_no_seat_near_is_told_apart_from_no_seat_near(ge2017) -> None:
    """The SNP stands in none of the seats near Croydon: that, not the distance, is why a
    search for it finds none."""
    location = resolve_location(ge2017, "Croydon Central")
    assert absent_near(ge2017, location, km=20, party="SNP") > 10
    assert absent_near(ge2017, location, km=20, party="Lab") == 0
    from psephos.targeting.geo import Location

    at_sea = Location(50.3, -1.0, "the Channel")  # resolve_location refuses a point at sea
    assert absent_near(ge2017, at_sea, km=1, party="SNP") == 0  # no seat that near


def test_nearest_for_a_party(ge2017) -> None:
    _, rows = nearest_marginals(ge2017, "Hampstead and Kilburn", km=25, party="Lab", top=5)
    assert rows and all(row.win_probability is not None for row in rows)
    with pytest.raises(PsephosError):
        nearest_marginals(ge2017, "Croydon Central", km=-1)


def test_marginals_near_are_marginal_near_and_sorted(ge2017) -> None:
    location, rows = marginals_near(ge2017, "Croydon Central", km=40, max_majority_pct=5, top=50)
    assert rows, "south London has marginals within 40 km"
    distances = [row.distance_km for row in rows]
    assert distances == sorted(distances)
    assert all(row.majority_pct <= 5 and row.distance_km <= 40 for row in rows)
    # every seat in the budget with a small enough majority is listed (top is large enough)
    latitudes, longitudes = seat_centroids(ge2017)
    distance = great_circle_km(location.latitude, location.longitude, latitudes, longitudes)
    share = ge2017.majority / ge2017.valid_votes * 100
    expected = {ge2017.codes[i] for i in np.flatnonzero((distance <= 40) & (share <= 5))}
    assert {row.code for row in rows} == expected
    # the majority in votes and in percent agree with the result
    first = rows[0]
    index = ge2017.seat_index(first.code)
    assert first.majority == int(ge2017.majority[index])
    assert first.winner == ge2017.parties[int(ge2017.winner[index])]


def test_marginals_near_rejects_bad_limits(ge2017) -> None:
    with pytest.raises(PsephosError, match="majority limit"):
        marginals_near(ge2017, "Croydon Central", max_majority_pct=0)
    with pytest.raises(PsephosError, match="non-negative"):
        marginals_near(ge2017, "Croydon Central", km=-1)
    with pytest.raises(UnknownConstituencyError):
        marginals_near(ge2017, "Nowhere At All Whatsoever")


def test_nearest_closest_flag_on_the_command_line() -> None:
    args = ["nearest", "--from", "Croydon East", "--election", "2024", "--closest"]
    rows = command_json(*args)["rows"]
    assert rows[0]["name"] == "Bromley and Biggin Hill"
    assert all(row["majority_pct"] <= 10 for row in rows)


def test_nearest_rival_is_the_runner_up_never_the_holder(ge2017) -> None:
    """With a party, every seat's rival is the holder's strongest rival (the runner-up), not
    the holder again where the party does not hold the seat."""
    _, rows = nearest_marginals(ge2017, "Croydon Central", km=30, party="LD", top=50)
    assert any(row.holder != "LD" for row in rows)
    for row in rows:
        position = ge2017.seat_index(row.code)
        assert row.holder != row.rival
        assert row.rival == ge2017.label(ge2017.parties[int(ge2017.runner_up[position])])


def test_a_place_near_the_meridian_keeps_its_longitude(ge2017) -> None:
    """The label of a point 3 m west of Greenwich is not "-0.0000" (the number rule)."""
    east_of_zero = resolve_location(ge2017, "51.4779, -0.00004")
    assert east_of_zero.label == "51.4779, -0.00004"
    assert resolve_location(ge2017, (51.4779, 0.0)).label == "51.4779, 0.0000"


def test_nearest_names_the_winning_candidates_party_as_holder() -> None:
    ge2024 = psephos.load("2024")
    _, rows = nearest_marginals(ge2024, "Bradford West", km=1.0, top=1)
    (row,) = rows  # Labour held it by 707 over one Independent (three Independents stood)
    assert (row.holder, row.rival, row.margin_pct) == ("Lab", "Ind", 1.91)


def test_a_seat_of_two_independents_first_is_a_marginal_near_a_place() -> None:
    """Two Independents first and second, 10 votes apart: the nearest marginals list the
    seat (Ind over Ind), as ``marginals`` ranks it, rather than leaving it out as won
    unopposed."""
    from psephos.model import Candidate, Election

    base = psephos.load("2024")
    seat = base.seat_index("Hendon")
    ind = base.parties.index("Ind")
    votes = np.array(base.votes, dtype=np.float64)
    votes[seat] = 0
    votes[seat, ind] = 20_010 + 20_000
    candidates = list(base.candidates or [])
    candidates[seat] = (
        Candidate("A. Smith", "Ind", "Independent", 20_010),
        Candidate("B. Jones", "Ind", "Independent", 20_000),
    )
    election = Election.from_votes(
        "2024", base.constituencies, base.parties, votes, candidates=candidates, meta=base.meta
    )
    _, rows = marginals_near(election, "Hendon", max_majority_pct=1, km=5)
    hendon = next(row for row in rows if row.code == base.codes[seat])
    assert (hendon.winner, hendon.runner_up, hendon.majority) == ("Ind", "Ind", 10)


def test_marginals_near_a_party_are_those_it_won_or_came_second_in(ge2017) -> None:
    """With a party, only the marginals between it and another party: it won the seat or came
    second (the same search as without one, narrowed)."""
    _, every = marginals_near(ge2017, "Croydon Central", km=60, top=200)
    _, rows = marginals_near(ge2017, "Croydon Central", km=60, top=200, party="LD")
    assert rows and len(rows) < len(every)
    assert all("LD" in (row.winner, row.runner_up) for row in rows)
    assert [row.code for row in rows] == [
        row.code for row in every if "LD" in (row.winner, row.runner_up)
    ]


def test_marginals_near_a_scenario_are_the_projected_marginals(ge2017) -> None:
    """Given the base moved by a swing (:func:`scenario_election`), the winners and majorities
    are the projected ones, as the sensitivity search reads its margins."""
    from psephos.targeting.sensitivity import scenario_election

    swung, _ = scenario_election(ge2017, swing={"Con": -8, "Lab": 8})
    _, rows = marginals_near(swung, "Croydon Central", km=40, top=200)
    _, plain = marginals_near(ge2017, "Croydon Central", km=40, top=200)
    assert {row.code for row in rows} != {row.code for row in plain}
    for row in rows:
        seat = swung.seat_index(row.code)
        assert row.winner == swung.parties[int(swung.winner[seat])]
        assert row.majority == round(float(swung.majority[seat]))


def test_marginals_near_keep_to_a_travel_time(ge2017) -> None:
    """A travel-time hook gives each marginal its minutes, and ``max_minutes`` keeps those
    within it; a limit without a hook is refused, as the sensitivity search refuses it."""
    from psephos.targeting.geo import straight_line_minutes

    hook = straight_line_minutes(30.0)
    _, rows = marginals_near(ge2017, "Croydon Central", km=100, top=200, travel_time=hook)
    assert rows and all(row.minutes == pytest.approx(row.distance_km * 2, abs=0.2) for row in rows)
    _, near = marginals_near(
        ge2017, "Croydon Central", km=100, top=200, travel_time=hook, max_minutes=40
    )
    assert [row.code for row in near] == [row.code for row in rows if row.minutes <= 40]
    assert len(near) < len(rows)
    with pytest.raises(PsephosError, match="max_minutes needs a travel_time hook"):
        marginals_near(ge2017, "Croydon Central", max_minutes=40)


def test_a_starting_point_in_no_seat_is_refused_naming_its_distance() -> None:
    """``nearest --from "53.35,-6.26"`` (Dublin) answered "no rows" within 100 km; it is
    refused, saying how far it is from the nearest seat's centre, on any UK boundaries."""
    import psephos
    from psephos.errors import PsephosError
    from psephos.targeting.geo import resolve_location

    for election in ("2024", "2019"):
        with pytest.raises(PsephosError, match=r"^53\.3500, -6\.2600 is 99 km from the nearest"):
            resolve_location(psephos.load(election), "53.35,-6.26")
    with pytest.raises(PsephosError, match=r"South Down.*outside the United Kingdom"):
        resolve_location(psephos.load("2024"), (53.35, -6.26))
    assert resolve_location(psephos.load("2024"), "58.98,-2.96").latitude == 58.98  # Orkney
    # longitude and latitude swapped (as a map's x, y gives them): the point in order is
    # offered, as the volunteers file's reader says "columns swapped?"; Dublin is not swapped
    with pytest.raises(
        PsephosError,
        match=r"outside the United Kingdom \(latitude comes first: did you mean 51\.5000, "
        r"-0\.1200\?\); start from",
    ):
        resolve_location(psephos.load("2024"), "-0.12, 51.5")
    with pytest.raises(PsephosError, match=r"outside the United Kingdom; start from"):
        resolve_location(psephos.load("2024"), "53.35,-6.26")
