"""Volunteer allocation: feasibility, optimality against brute force and the LP, the baseline."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import psephos
from psephos import solvers
from psephos.errors import MissingExtraError, PsephosError
from psephos.targeting.allocate import (
    ASSIGNMENT_COLUMNS,
    AllocationProblem,
    AllocationReport,
    SeatCurves,
    allocate_volunteers,
    build_problem,
    check_allocation,
    default_method,
    evaluate,
    seat_curves,
    solve,
    solve_greedy,
    solve_lp,
    solve_min_cost_flow,
    solve_nearest,
)
from psephos.targeting.volunteers import Volunteers


@st.composite
def small_problems(draw: st.DrawFn) -> AllocationProblem:
    n_volunteers = draw(st.integers(1, 3))
    n_seats = draw(st.integers(1, 3))
    n_segments = draw(st.integers(1, 2))
    hours = np.array([draw(st.integers(0, 3)) for _ in range(n_volunteers)], dtype=np.int64)
    lengths = np.array(
        [[draw(st.integers(0, 3)) for _ in range(n_segments)] for _ in range(n_seats)],
        dtype=np.int64,
    )
    values = np.array(
        [
            sorted((draw(st.integers(0, 20)) / 10 for _ in range(n_segments)), reverse=True)
            for _ in range(n_seats)
        ]
    )
    pairs = [(v, s) for v in range(n_volunteers) for s in range(n_seats)]
    chosen = [pair for pair in pairs if draw(st.booleans())]
    costs = np.array([draw(st.integers(0, 15)) / 10 for _ in chosen])
    return AllocationProblem(
        hours=hours,
        arc_volunteer=np.array([v for v, _ in chosen], dtype=np.int64),
        arc_seat=np.array([s for _, s in chosen], dtype=np.int64),
        arc_cost=costs.astype(np.float64),
        arc_km=np.zeros(len(chosen)),
        curves=SeatCurves(segment_hours=lengths, segment_value=values),
    )


def brute_force(problem: AllocationProblem) -> float:
    """Best objective over every integer allocation (tiny problems only)."""
    per_volunteer = []
    for volunteer in range(problem.n_volunteers):
        arcs = np.flatnonzero(problem.arc_volunteer == volunteer)
        options = [
            (arcs, combo)
            for combo in itertools.product(
                range(int(problem.hours[volunteer]) + 1), repeat=len(arcs)
            )
            if sum(combo) <= problem.hours[volunteer]
        ]
        per_volunteer.append(options)
    best = 0.0
    capacity = problem.curves.capacity
    for choice in itertools.product(*per_volunteer):
        flows = np.zeros(problem.arc_volunteer.shape[0])
        for arcs, combo in choice:
            flows[arcs] = combo
        allocation = evaluate(problem, flows, "brute")
        if (allocation.seat_hours > capacity).any():
            continue
        best = max(best, allocation.objective)
    return best


@settings(max_examples=120)
@given(small_problems())
def test_min_cost_flow_is_optimal_against_brute_force(problem: AllocationProblem) -> None:
    optimal = solve_min_cost_flow(problem)
    check_allocation(problem, optimal)
    assert optimal.objective == pytest.approx(brute_force(problem), abs=1e-6)
    assert np.allclose(optimal.arc_hours, np.round(optimal.arc_hours))  # whole hours


@settings(max_examples=60)
@given(small_problems())
def test_lp_and_greedy_against_the_flow(problem: AllocationProblem) -> None:
    optimal = solve_min_cost_flow(problem)
    lp = solve_lp(problem)
    greedy = solve_greedy(problem)
    nearest = solve_nearest(problem)
    check_allocation(problem, lp)
    check_allocation(problem, greedy)
    check_allocation(problem, nearest)
    assert lp.objective == pytest.approx(optimal.objective, abs=1e-6)
    assert greedy.objective <= optimal.objective + 1e-9
    assert nearest.objective <= optimal.objective + 1e-9
    assert greedy.objective >= -1e-9  # the greedy never takes a loss-making hour


@pytest.fixture(scope="module")
def random_volunteers() -> Volunteers:
    rng = np.random.default_rng(7)
    election = psephos.load("2019")
    from psephos.jurisdictions.geography import seat_centroids

    lat, lon = seat_centroids(election)
    home = rng.choice(650, 400, p=election.electorate / election.electorate.sum())
    return Volunteers.from_arrays(
        [f"v{i}" for i in range(400)],
        lat[home] + rng.normal(0, 0.05, 400),
        lon[home] + rng.normal(0, 0.08, 400),
        rng.integers(0, 25, 400),
    )


def test_real_allocation_respects_capacity_and_hours(random_volunteers: Volunteers) -> None:
    election = psephos.load("2019")
    report = allocate_volunteers(
        election,
        random_volunteers,
        party="Lab",
        hours_per_elector=(0.0005, 0.001),
        factors=(1, 0.5),
    )
    problem, optimal = report.problem, report.optimal
    check_allocation(problem, optimal)
    used = np.bincount(problem.arc_volunteer, weights=optimal.arc_hours, minlength=400)
    assert (used <= random_volunteers.hours).all()
    assert (optimal.seat_hours <= problem.curves.capacity).all()
    assert (optimal.seat_hours == problem.curves.capacity).any()  # some capacity binds
    assert solve_lp(problem).objective == pytest.approx(optimal.objective, rel=1e-6)
    assert 0 < report.greedy_fraction <= 1.0 + 1e-9
    rows = report.assignment_rows()
    assert set(rows[0]) == set(ASSIGNMENT_COLUMNS)
    placed = [row for row in rows if row["seat_code"]]
    assert sum(r["hours"] for r in placed) == report.summary()["hours_allocated"]
    # every volunteer is in the plan, placed or not, and every hour they gave is on a row
    assert {row["volunteer_id"] for row in rows} == set(random_volunteers.ids)
    assert sum(r["hours"] for r in rows) == random_volunteers.hours.sum()
    assert all(bool(row["reason"]) != bool(row["seat_code"]) for row in rows)
    personal = report.assignment_rows(include_personal=True)
    assert "latitude" in personal[0]


def _plain_plan(report: AllocationReport) -> list[tuple[str, str | None, int]]:
    """Reference for the plan's rows: (volunteer id, seat code, hours) of every arc with hours
    and of every volunteer's hours not placed, by a plain sort on (volunteer, placed before
    not placed, seat)."""
    problem = report.problem
    flows = np.rint(report.optimal.arc_hours).astype(int)
    codes = [seat.code for seat in report.election.constituencies]
    keyed = [
        ((volunteer, 0, seat), (report.volunteers.ids[volunteer], codes[seat], hours))
        for volunteer, seat, hours in zip(
            problem.arc_volunteer.tolist(), problem.arc_seat.tolist(), flows.tolist(), strict=True
        )
        if hours > 0
    ]
    indices, left, _ = report.unplaced()
    keyed += [
        ((volunteer, 1, 0), (report.volunteers.ids[volunteer], None, hours))
        for volunteer, hours in zip(indices.tolist(), left.tolist(), strict=True)
    ]
    return [row for _, row in sorted(keyed)]


def test_the_plan_s_rows_are_in_volunteer_order_as_a_plain_sort_gives_them(
    random_volunteers: Volunteers,
) -> None:
    """Each volunteer's seats (in seat order) then their hours not placed, volunteers in file
    order: the rows built column by column agree with a plain sort of every row, with and
    without the personal columns."""
    report = allocate_volunteers(
        psephos.load("2019"),
        random_volunteers,
        party="Lab",
        hours_per_elector=(0.0002,),
        factors=(1.0,),
    )
    rows = report.assignment_rows()
    expected = _plain_plan(report)
    assert [(row["volunteer_id"], row["seat_code"], row["hours"]) for row in rows] == expected
    ids = [volunteer for volunteer, _, _ in expected]
    assert any(ids.count(volunteer) > 2 for volunteer in ids)  # seats and hours left: sorted
    personal = report.assignment_rows(include_personal=True)
    index = {volunteer: i for i, volunteer in enumerate(random_volunteers.ids)}
    assert [row["latitude"] for row in personal] == [
        float(random_volunteers.latitude[index[volunteer]]) for volunteer in ids
    ]


def test_k_nearest_and_max_km(random_volunteers: Volunteers) -> None:
    election = psephos.load("2019")
    from psephos.jurisdictions.geography import seat_centroids

    lat, lon = seat_centroids(election)
    curves = seat_curves(np.full(650, 1e-5), election.electorate, votes_per_hour=1.0)
    problem = build_problem(random_volunteers, lat, lon, curves, k_nearest=5, max_km=20)
    counts = np.bincount(problem.arc_volunteer, minlength=400)
    assert counts.max() <= 5
    assert (problem.arc_km <= 20).all()


def test_same_input_same_answer(random_volunteers: Volunteers) -> None:
    election = psephos.load("2019")
    first = allocate_volunteers(election, random_volunteers, party="Con")
    second = allocate_volunteers(election, random_volunteers, party="Con")
    np.testing.assert_array_equal(first.optimal.arc_hours, second.optimal.arc_hours)


def test_bad_curves_and_methods() -> None:
    with pytest.raises(PsephosError):
        SeatCurves(np.array([[1, 1]]), np.array([[0.1, 0.2]]))  # increasing: not concave
    with pytest.raises(PsephosError):
        SeatCurves(np.array([[1, -1]]), np.array([[0.2, 0.1]]))
    with pytest.raises(PsephosError):
        seat_curves([1e-5], [1000], votes_per_hour=1, hours_per_elector=(0.1, 0.05), factors=(1, 1))
    problem = AllocationProblem(
        hours=np.array([1]),
        arc_volunteer=np.array([0]),
        arc_seat=np.array([0]),
        arc_cost=np.array([0.0]),
        arc_km=np.array([0.0]),
        curves=SeatCurves(np.array([[1]]), np.array([[1.0]])),
    )
    assert solve(problem).objective == pytest.approx(1.0)
    with pytest.raises(PsephosError):
        solve(problem, "magic")  # type: ignore[arg-type]


@st.composite
def colocated_problems(draw: st.DrawFn) -> AllocationProblem:
    """Many volunteers at a few locations: identical candidate arcs, so groups merge."""
    n_volunteers = draw(st.integers(2, 25))
    n_seats = draw(st.integers(1, 5))
    n_segments = draw(st.integers(1, 2))
    location = [draw(st.integers(0, 2)) for _ in range(n_volunteers)]
    cost = [[draw(st.integers(0, 15)) / 10 for _ in range(n_seats)] for _ in range(3)]
    reachable = [[draw(st.booleans()) for _ in range(n_seats)] for _ in range(3)]
    arcs = [
        (v, s) for v in range(n_volunteers) for s in range(n_seats) if reachable[location[v]][s]
    ]
    return AllocationProblem(
        hours=np.array([draw(st.integers(0, 6)) for _ in range(n_volunteers)], dtype=np.int64),
        arc_volunteer=np.array([v for v, _ in arcs], dtype=np.int64),
        arc_seat=np.array([s for _, s in arcs], dtype=np.int64),
        arc_cost=np.array([cost[location[v]][s] for v, s in arcs], dtype=np.float64),
        arc_km=np.zeros(len(arcs)),
        curves=SeatCurves(
            np.array(
                [[draw(st.integers(0, 8)) for _ in range(n_segments)] for _ in range(n_seats)],
                dtype=np.int64,
            ),
            np.array(
                [
                    sorted((draw(st.integers(0, 20)) / 10 for _ in range(n_segments)), reverse=True)
                    for _ in range(n_seats)
                ]
            ),
        ),
    )


@settings(max_examples=80)
@given(colocated_problems())
def test_merging_identical_volunteers_is_exact(problem: AllocationProblem) -> None:
    merged = solve_min_cost_flow(problem)
    separate = solve_min_cost_flow(problem, aggregate=False)
    check_allocation(problem, merged)
    assert merged.objective == pytest.approx(separate.objective, abs=1e-9)
    assert merged.objective == pytest.approx(solve_lp(problem).objective, abs=1e-6)


def test_user_capacity_caps_a_seat(random_volunteers: Volunteers) -> None:
    election = psephos.load("2019")
    free = allocate_volunteers(election, random_volunteers, party="Lab")
    busiest = int(np.argmax(free.optimal.seat_hours))
    code = election.constituencies[busiest].code
    cap = int(free.optimal.seat_hours[busiest] // 2)
    capped = allocate_volunteers(election, random_volunteers, party="Lab", capacity={code: cap})
    assert capped.optimal.seat_hours[busiest] <= cap
    assert capped.problem.curves.capacity[busiest] == cap
    assert capped.optimal.objective <= free.optimal.objective + 1e-12
    with pytest.raises(PsephosError):
        allocate_volunteers(election, random_volunteers, capacity={code: -5})


@settings(max_examples=40)
@given(small_problems(), st.lists(st.integers(0, 6), min_size=3, max_size=3))
def test_capped_curves_stay_concave_and_within_limit(problem, limits) -> None:
    capped = problem.curves.capped(np.array(limits[: problem.n_seats]))
    assert (capped.capacity <= np.array(limits[: problem.n_seats])).all()
    assert (capped.capacity <= problem.curves.capacity).all()


def test_real_allocation_is_the_same_with_or_without_ortools(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """2024 seats, 600 volunteers: OR-Tools' flow and the HiGHS LP reach the same optimum, and
    without OR-Tools the default method is the LP."""
    pytest.importorskip("ortools")
    from psephos.jurisdictions.geography import seat_centroids

    election = psephos.load("2024")
    rng = np.random.default_rng(11)
    latitude, longitude = seat_centroids(election)
    home = rng.choice(650, 600, p=election.electorate / election.electorate.sum())
    volunteers = Volunteers.from_arrays(
        [f"v{i}" for i in range(600)],
        latitude[home] + rng.normal(0, 0.05, 600),
        longitude[home] + rng.normal(0, 0.08, 600),
        rng.integers(1, 30, 600),
    )
    report = allocate_volunteers(election, volunteers, party="Con")
    assert report.optimal.method == "min-cost-flow" and report.optimal.objective > 0
    lp = solve_lp(report.problem)
    check_allocation(report.problem, lp)
    assert lp.objective == pytest.approx(report.optimal.objective, rel=1e-6)
    monkeypatch.setattr(solvers, "find_spec", lambda name: None)
    assert default_method() == "lp"
    fallback = allocate_volunteers(election, volunteers, party="Con")
    assert fallback.optimal.method == "lp"
    assert fallback.optimal.objective == pytest.approx(report.optimal.objective, rel=1e-6)
    with pytest.raises(MissingExtraError, match="--method lp"):
        solve(report.problem, "min-cost-flow")


@pytest.mark.parametrize(
    ("where", "hours", "options", "reason"),
    [
        ((54.60, -5.93), 8, {}, "Lab stands in none of the seats within reach"),
        ((51.50, -0.13), 0, {}, "no volunteer has any hours"),
        ((51.50, -0.13), 8, {"max_km": 0.01}, "is within 0.01 km of a volunteer (measured"),
        ((51.50, -0.13), 8, {"speed_kmh": 0.001}, "travel to every seat"),
    ],
)
def test_a_plan_that_places_no_hour_says_why(
    where: tuple[float, float], hours: int, options: dict[str, float], reason: str
) -> None:
    """No hour placed is explained: Belfast volunteers for Labour (which stands in no
    Northern Ireland seat), no hours, every seat beyond --max-km, travel dearer than an hour."""
    election = psephos.load("2019")
    volunteers = Volunteers.from_arrays(["v1", "v2"], [where[0]] * 2, [where[1]] * 2, [hours] * 2)
    report = allocate_volunteers(election, volunteers, party="Lab", **options)
    assert report.summary()["hours_allocated"] == 0
    why = report.why_nothing_placed()
    assert why is not None and why.startswith("No hours placed: ") and reason in why
    london = Volunteers.from_arrays(["v1"], [51.50], [-0.13], [8])
    assert allocate_volunteers(election, london, party="Lab").why_nothing_placed() is None


def test_a_plan_that_places_some_hours_says_why_the_rest_are_not() -> None:
    """A partial plan is explained too: the volunteer in Croydon with every seat worth an hour
    beyond --max-km (measured to the seats' centres) is named as such, with their hours."""
    election = psephos.load("2019")
    volunteers = Volunteers.from_arrays(
        ["croydon", "kilburn"], [51.3770, 51.5450], [-0.0985, -0.1950], [6, 4]
    )
    everyone = allocate_volunteers(election, volunteers, party="Lab")
    assert everyone.summary()["hours_allocated"] == 10
    assert everyone.why_hours_unplaced() is None
    near = allocate_volunteers(election, volunteers, party="Lab", max_km=1.5)
    placed = near.summary()["hours_allocated"]
    assert 0 < placed < 10
    why = near.why_hours_unplaced()
    assert why is not None and why.startswith(f"{10 - placed} hours of 10 not placed: ")
    assert "no seat where an hour gains more than its travel costs within 1.5 km" in why
    assert "measured to each seat's centre" in why
    (row,) = [row for row in near.assignment_rows() if row["seat_code"] is None]
    assert row["volunteer_id"] == "croydon" and row["hours"] == 10 - placed
    assert row["reason"] == (
        "no seat where an hour gains more than its travel costs within 1.5 km (measured to "
        "each seat's centre)"
    )


def test_max_km_is_the_reason_where_it_keeps_a_volunteer_from_the_seat_worth_the_trip() -> None:
    """Both volunteers are placed without a limit (Beverley and Holderness 12.6 km away,
    Central Devon 12.9 km); with --max-km 10 neither is, and the reason blamed travel ("costs
    more than the hours it buys there") where the limit was why: seats within 10 km gain
    something by the hour, but not what the trip costs. A zero plan has no fraction of its
    optimum either: null, not 1.0 ("100% of the optimum")."""
    from psephos.targeting.volunteers import parse_volunteers

    text = "id,postcode,hours\nfarid,HU17 9AB,15\nellie,EX6 7AA,4\n"
    election = psephos.load("2024")
    volunteers = parse_volunteers(text).volunteers
    free = allocate_volunteers(election, volunteers, party="Lab")
    assert free.summary()["hours_allocated"] == 19
    assert free.summary()["greedy_fraction_of_optimum"] is not None
    near = allocate_volunteers(election, volunteers, party="Lab", max_km=10)
    reason = (
        "no seat where an hour gains more than its travel costs within 10 km (measured to each "
        "seat's centre)"
    )
    assert _unplaced(near) == {"farid": (15, reason), "ellie": (4, reason)}
    assert near.why_nothing_placed() == (
        "No hours placed: no seat where an hour gains more than its travel costs is within 10 "
        "km of a volunteer (measured to each seat's centre)."
    )
    summary = near.summary()
    assert summary["objective"] == 0
    assert summary["greedy_fraction_of_optimum"] is None
    assert summary["nearest_fraction_of_optimum"] is None
    assert near.greedy_fraction is None and near.nearest_fraction is None


def test_a_volunteer_with_fewer_hours_than_a_session_pays_a_whole_trip() -> None:
    """Travel was costed as a third of a 3-hour session's round trip for every hour, so a
    volunteer with 1 hour was sent 74 km each way. Hours take ceil(hours / session) trips:
    1 hour is one trip, 3 hours one, 4 hours two of 2, 6 hours two of 3."""
    curves = SeatCurves(segment_hours=np.array([[100]]), segment_value=np.array([[1.0]]))
    hours = [1, 3, 4, 6]
    volunteers = Volunteers.from_arrays(["a", "b", "c", "d"], [51.5] * 4, [-0.1] * 4, hours)
    problem = build_problem(volunteers, [51.6], [-0.1], curves, hour_value=1.0)
    assert problem.arc_volunteer.tolist() == [0, 1, 2, 3]
    round_trip = 2 * problem.arc_km[0] / 40.0  # hours, at the default 40 km/h
    np.testing.assert_allclose(
        problem.arc_cost, [round_trip / 1, round_trip / 3, round_trip / 2, round_trip / 3]
    )
    one_hour = Volunteers.from_arrays(["a"], [51.5], [-0.1], [1])
    same = [
        build_problem(one_hour, [51.6], [-0.1], curves, hour_value=1.0, session_hours=session)
        for session in (1.0, 3.0, 8.0)
    ]
    assert all(problem.arc_cost.tolist() == same[0].arc_cost.tolist() for problem in same)


def test_trip_hours_are_hours_over_their_whole_trips() -> None:
    from psephos.targeting.allocate import trip_hours

    assert trip_hours([0, 1, 2, 3, 4, 6, 7, 10], 3.0).tolist() == pytest.approx(
        [3.0, 1.0, 2.0, 3.0, 2.0, 3.0, 7 / 3, 2.5]
    )
    assert trip_hours([6], 0.2).tolist() == pytest.approx([0.2])  # 30 trips, not 31


def test_a_one_hour_volunteer_is_not_sent_across_wales() -> None:
    """The organiser's report: one hour from Aberystwyth was sent to Llanelli, 73.6 km away."""
    from psephos.targeting.volunteers import parse_volunteers

    fay = parse_volunteers("id,postcode,hours\nfay,SY23 9YB,1\n").volunteers
    report = allocate_volunteers(psephos.load("2024"), fay, party="Lab")
    assert report.summary()["hours_allocated"] == 0


def _unplaced(report) -> dict[str, tuple[int, str]]:
    """Volunteer id -> (hours not placed, why), from the plan's rows without a seat."""
    return {
        row["volunteer_id"]: (row["hours"], row["reason"])
        for row in report.assignment_rows()
        if row["seat_code"] is None
    }


def test_every_volunteer_is_in_the_plan_placed_or_not_with_why() -> None:
    """The organiser's four-row file: only a was in the plan; b, c, d and e vanished behind a
    count of hours. Each volunteer not placed is now a row with their hours and why."""
    from psephos.targeting.volunteers import parse_volunteers

    text = "id,postcode,hours\na,M14 5AA,5\nb,L4 0TH,2\nc,BT7 1NN,4\nd,M14 5AA,0\ne,M14 5AA,0.5\n"
    report = allocate_volunteers(
        psephos.load("2024"), parse_volunteers(text).volunteers, party="Lab"
    )
    rows = report.assignment_rows()
    assert [row["volunteer_id"] for row in rows] == ["a", "b", "c", "d", "e"]
    assert rows[0]["seat_code"] and rows[0]["hours"] == 5 and rows[0]["reason"] is None
    assert rows[0]["distance_km"] > 0  # the trip's length, not personal data: always there
    assert _unplaced(report) == {
        "b": (
            2,
            "the travel to every seat where an hour gains anything costs more than the hours "
            "it buys there",
        ),
        "c": (4, "Lab stands in none of the 15 nearest seats"),
        "d": (0, "0 hours"),
        "e": (0, "0 hours"),
    }
    assert "latitude" not in rows[0] and "name" not in rows[0]  # personal data only if asked
    summary = report.summary()
    assert summary["volunteers"] == 3  # those with hours: 0 hours is not a plan volunteer
    assert summary["volunteers_placed"] == 1 and summary["volunteers_not_placed"] == 2
    assert summary["volunteers_without_hours"] == 2
    assert report.why_hours_unplaced() == (
        "6 hours of 11 not placed: 1 volunteer (4 hours): Lab stands in none of the 15 "
        "nearest seats; 1 volunteer (2 hours): the travel to every seat where an hour gains "
        "anything costs more than the hours it buys there. 2 volunteers have 0 hours to give "
        "and are listed as not placed."
    )


def test_volunteers_where_the_party_does_not_stand_are_told_so_beside_others() -> None:
    """In a file with a Manchester volunteer, the Belfast ones were said to be unplaced for
    travel or full seats; Labour stands in none of their nearest seats."""
    from psephos.targeting.volunteers import parse_volunteers

    text = "id,postcode,hours\nn1,BT1 1AA,5\nn2,BT7 3GG,10\ng1,M14 5AA,4\n"
    report = allocate_volunteers(
        psephos.load("2024"), parse_volunteers(text).volunteers, party="Lab"
    )
    assert report.summary()["hours_allocated"] == 4
    why = "Lab stands in none of the 15 nearest seats"
    assert _unplaced(report) == {"n1": (5, why), "n2": (10, why)}
    assert (
        report.why_hours_unplaced() == f"15 hours of 19 not placed: 2 volunteers (15 hours): {why}."
    )


def test_volunteers_left_by_full_seats_are_told_so() -> None:
    """Two volunteers at one place and one seat that absorbs 3 hours: the seat fills, and the
    hours left say so."""
    curves = SeatCurves(segment_hours=np.array([[3]]), segment_value=np.array([[1.0]]))
    volunteers = Volunteers.from_arrays(["a", "b"], [51.5, 51.5], [-0.1, -0.1], [2, 2])
    problem = build_problem(volunteers, [51.51], [-0.1], curves, hour_value=0.01)
    optimal = solve(problem)
    report = AllocationReport(
        election=psephos.load("2019"),
        volunteers=volunteers,
        problem=problem,
        optimal=optimal,
        greedy=solve_greedy(problem),
        nearest=solve_nearest(problem),
        party=None,
        votes_per_hour=1.0,
    )
    assert list(_unplaced(report).values()) == [(1, "the seats within reach are full")]


def test_the_nearest_seat_baseline_goes_to_the_nearest_seat_worth_the_trip() -> None:
    """The baseline reported as "nearest marginal" chose the seat where the next hour nets
    most, as the optimum does; a volunteer who goes to the nearest seat worth the trip goes
    to the near, modest seat, and fills the next nearest only once it is full."""
    curves = SeatCurves(
        segment_hours=np.array([[2], [10], [10]]), segment_value=np.array([[0.5], [1.0], [0.0]])
    )
    volunteers = Volunteers.from_arrays(["a"], [51.5], [-0.1], [5])
    # seat 0 about 2 km away, seat 1 about 11 km, seat 2 (worth nothing) next door
    problem = build_problem(
        volunteers, [51.518, 51.6, 51.5], [-0.1, -0.1, -0.1], curves, hour_value=0.1
    )
    assert sorted(problem.arc_seat.tolist()) == [0, 1]  # seat 2 is not worth the trip
    nearest = solve_nearest(problem)
    by_seat = dict(zip(problem.arc_seat.tolist(), nearest.arc_hours.tolist(), strict=True))
    assert by_seat == {0: 2, 1: 3}  # the near seat filled, then the next nearest
    greedy = solve_greedy(problem)
    by_seat = dict(zip(problem.arc_seat.tolist(), greedy.arc_hours.tolist(), strict=True))
    assert by_seat == {0: 0, 1: 5}  # the greedy goes where an hour nets most
    assert nearest.objective < greedy.objective <= solve(problem).objective + 1e-12


def test_the_report_s_baselines_are_named_for_what_they_are() -> None:
    from psephos.targeting.allocation import allocation_sentence

    london = Volunteers.from_arrays(["v1", "v2"], [51.50, 51.37], [-0.13, -0.10], [8, 6])
    report = allocate_volunteers(psephos.load("2019"), london, party="Lab")
    summary = report.summary()
    assert summary["nearest_objective"] == pytest.approx(report.nearest.objective, rel=1e-5)
    assert summary["nearest_fraction_of_optimum"] <= 1.0
    sentence = allocation_sentence(summary)
    assert "nearest-marginal" not in sentence
    assert (
        "A greedy plan (each volunteer in turn to the seat where their next hour nets most) nets "
    ) in sentence
    assert "; sending each to the nearest seat worth the trip nets " in sentence


def test_a_volunteer_kept_from_a_better_seat_by_the_nearest_seat_limit_is_told_so() -> None:
    """The organiser's two Isleworth volunteers: nobody placed with the default 15 nearest
    seats, "the travel ... costs more than the hours it buys" given as why, though Sutton and
    Cheam, just beyond those seats, was clearly worth the trip (both go there with k = 40).
    The reason names the limit and the seat; the headline says the optimum is over the
    nearest seats and how many volunteers a seat beyond them would suit better."""
    from psephos.targeting.allocation import allocation_sentence
    from psephos.targeting.volunteers import parse_volunteers

    text = "id,postcode,hours\nV033,TW7 6GP,20\nV039,TW8 0EL,20\n"
    volunteers = parse_volunteers(text).volunteers
    election = psephos.load("2024")
    limited = allocate_volunteers(election, volunteers, party="LD")
    assert limited.summary()["hours_allocated"] == 0
    why = limited.why_nothing_placed()
    assert why is not None and "15 nearest seats" in why and "Sutton and Cheam" in why
    reasons = _unplaced(limited)
    assert set(reasons) == {"V033", "V039"}
    for hours, reason in reasons.values():
        assert hours == 20
        assert reason.startswith("the plan considers only the 15 nearest seats, and Sutton")
    summary = limited.summary()
    assert summary["k_nearest"] == 15 and summary["volunteers_with_better_seat_beyond"] == 2
    wider = allocate_volunteers(election, volunteers, party="LD", k_nearest=40)
    assert wider.summary()["hours_allocated"] == 40
    assert {row["seat_name"] for row in wider.assignment_rows()} == {"Sutton and Cheam"}
    assert wider.summary()["volunteers_with_better_seat_beyond"] == 0
    sentence = allocation_sentence(wider.summary())
    assert "the optimum over each volunteer's 40 nearest seats" in sentence
    assert "beyond" not in sentence


def test_the_allocation_values_a_seat_by_the_chance_of_beating_every_party() -> None:
    """The seat values come from seat_sensitivity's per-vote change in the chance of beating
    every party standing (win_chances), so Spelthorne, where the Liberal Democrats were third
    behind Labour too, is worth less to them than the gap to the Conservatives alone gave."""
    from scipy.special import ndtr

    from psephos.targeting.sensitivity import DEFAULT_VOTES_PER_HOUR, seat_sensitivity

    election = psephos.load("2024")
    seat = election.seat_index("Spelthorne")
    volunteers = Volunteers.from_arrays(["v"], [51.42], [-0.47], [10])
    report = allocate_volunteers(election, volunteers, party="LD")
    sensitivity = seat_sensitivity(election, "LD")
    first = report.problem.curves.segment_value[seat, 0]
    assert first == pytest.approx(sensitivity.per_vote[seat] * DEFAULT_VOTES_PER_HOUR)
    margin, sigma = sensitivity.margin[seat], sensitivity.sigma[seat]
    two_party = np.exp(-0.5 * (margin / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
    assert sensitivity.per_vote[seat] < 0.8 * two_party / election.valid_votes[seat]
    assert sensitivity.win_probability[seat] < float(ndtr(margin / sigma))


def test_the_note_counts_volunteers_a_seat_beyond_the_limit_suits_under_one_reason() -> None:
    """Each volunteer's row names their own better seat beyond the nearest-seat limit; the
    note counting hours not placed counts them under the limit alone, so a large plan's note
    is a handful of groups, not one per seat and distance."""
    import numpy as np

    import psephos
    from psephos.targeting.allocate import allocate_volunteers
    from psephos.targeting.volunteers import Volunteers

    election = psephos.load("2024")
    rng = np.random.default_rng(3)
    n = 400
    volunteers = Volunteers(  # around Isleworth, where the 3 nearest seats are no use to LD
        ids=tuple(f"v{i}" for i in range(n)),
        latitude=51.47 + rng.normal(0, 0.01, n),
        longitude=-0.33 + rng.normal(0, 0.01, n),
        hours=np.full(n, 10.0),
    )
    report = allocate_volunteers(election, volunteers, party="LD", k_nearest=3)
    _, _, reasons = report.unplaced()
    own = {reason for reason in reasons if "beyond them, is worth the trip" in reason}
    note = report.why_hours_unplaced() or ""
    assert own, reasons[:3]  # the rows name each volunteer's seat
    assert note.count("beyond them is worth the trip") == 1
    assert "beyond them, is worth the trip" not in note


def test_a_seat_s_curve_after_hours_chosen_keeps_its_less_valuable_hours() -> None:
    """``SeatCurves.after``: the hours a seat already has fill its most valuable hours first;
    what is left is the rest of its curve (hours beyond capacity leave nothing)."""
    curves = SeatCurves(
        segment_hours=np.array([[3, 4], [2, 2]], dtype=np.int64),
        segment_value=np.array([[1.0, 0.5], [2.0, 1.0]]),
    )
    after = curves.after([4, 9])
    assert after.segment_hours.tolist() == [[0, 3], [0, 0]]
    assert after.value([3, 0]).tolist() == [1.5, 0.0]
    assert (curves.value([7, 4]) - curves.value([4, 4])).tolist() == [1.5, 0.0]


def _with_first_volunteer_choosing(problem: AllocationProblem) -> AllocationProblem | None:
    """The problem with volunteer 0 keeping only their first arc, as the seat they chose."""
    own = np.flatnonzero(problem.arc_volunteer == 0)
    if not own.size or not problem.hours[0]:
        return None
    keep = (problem.arc_volunteer != 0) | (np.arange(problem.arc_volunteer.shape[0]) == own[0])
    return AllocationProblem(
        hours=problem.hours,
        arc_volunteer=problem.arc_volunteer[keep],
        arc_seat=problem.arc_seat[keep],
        arc_cost=problem.arc_cost[keep],
        arc_km=problem.arc_km[keep],
        curves=problem.curves,
        arc_chosen=problem.arc_volunteer[keep] == 0,
    )


@settings(max_examples=120)
@given(small_problems())
def test_a_volunteer_who_chose_a_seat_works_there_and_the_rest_are_optimal_around_them(
    problem: AllocationProblem,
) -> None:
    """Every hour of a volunteer who chose a seat goes there, whatever it is worth, and the
    others get the best plan there is with those hours fixed (brute force over every whole-hour
    plan of the others, the chosen seat's capacity shrunk by the hours chosen), by the flow and
    the LP alike; the baselines never beat it."""
    chosen = _with_first_volunteer_choosing(problem)
    if chosen is None:
        return
    arc = int(np.flatnonzero(chosen.arc_chosen)[0])
    hours = int(chosen.hours[0])
    best = -np.inf
    others = [
        [
            (arcs, combo)
            for combo in itertools.product(range(int(chosen.hours[v]) + 1), repeat=len(arcs))
            if sum(combo) <= chosen.hours[v]
        ]
        for v in range(1, chosen.n_volunteers)
        for arcs in [np.flatnonzero(chosen.arc_volunteer == v)]
    ]
    room = np.maximum(chosen.curves.capacity, 0)
    room[chosen.arc_seat[arc]] = max(room[chosen.arc_seat[arc]], hours)
    for choice in itertools.product(*others):
        flows = np.zeros(chosen.arc_volunteer.shape[0])
        flows[arc] = hours
        for arcs, combo in choice:
            flows[arcs] = combo
        plan = evaluate(chosen, flows, "brute")
        if (plan.seat_hours <= room).all():
            best = max(best, plan.objective)
    for method in ("min-cost-flow", "lp"):
        plan = solve(chosen, method)
        check_allocation(chosen, plan)
        assert plan.arc_hours[arc] == hours
        assert plan.objective == pytest.approx(best, abs=1e-6)
    for baseline in ("greedy", "nearest"):
        plan = solve(chosen, baseline)
        assert plan.arc_hours[arc] == hours and plan.objective <= best + 1e-9


def test_a_volunteer_who_chose_a_seat_is_sent_there_and_counted_in_its_need() -> None:
    """A Halifax volunteer who signed up to help in Rochdale works there (the optimum would send
    them to Bradford West); one who chose nothing is placed as before; a chosen seat that is no
    seat of the election is said, by row, and that volunteer placed like the rest."""
    election = psephos.load("2024")
    from psephos.jurisdictions.postcodes import lookup_postcode

    area = lookup_postcode("HX1 1")
    volunteers = Volunteers(
        ids=("h1", "h2", "h3"),
        latitude=np.full(3, area.latitude),
        longitude=np.full(3, area.longitude),
        hours=np.array([15, 15, 6], dtype=np.int64),
        rows=np.array([2, 3, 4], dtype=np.int64),
        chosen_seats=("Rochdale", "", "Nowhere Town"),
    )
    report = allocate_volunteers(election, volunteers, party="Lab")
    rows = report.assignment_rows()
    assert [(row["volunteer_id"], row["seat_name"], row["hours"]) for row in rows] == [
        ("h1", "Rochdale", 15),
        ("h2", "Bradford West", 15),
        ("h3", "Bradford West", 6),
    ]
    free = allocate_volunteers(election, replace(volunteers, chosen_seats=None), party="Lab")
    assert free.assignment_rows()[0]["seat_name"] == "Bradford West"
    rochdale = election.seat_index("Rochdale")
    assert report.optimal.seat_hours[rochdale] == 15
    (note,) = report.notes()
    assert "1 volunteer (15 hours) works in the seat they chose" in note
    assert "Row 4: chosen_seat is no seat of 2024" in note
