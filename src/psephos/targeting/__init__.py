"""Campaign targeting: target lists, nearest marginal, volunteer allocation, turnout scenarios.

Quick start::

    import psephos
    from psephos.targeting import target_list, nearest_marginals, turnout_scenario

    targets = target_list(psephos.load("2015"), "Lab", "Con")     # plans for 2017
    targets.rank_of("Croydon Central")
    location, seats = nearest_marginals(psephos.load("2017"), "Croydon Central", km=30)
    turnout_scenario(psephos.load("2019"), "18-24", 10).flips

Volunteer allocation: :func:`read_volunteers` then :func:`allocate_volunteers` (exact min-cost
flow, with the greedy baseline); :func:`allocation_answer` runs the whole of ``psephos allocate``
(options checked, the file's refusals, the allocation). Maths and sources:
``docs/methodology/targeting.md``.
"""

from psephos.jurisdictions.geography import great_circle_km, seat_centroids
from psephos.targeting.allocate import (
    Allocation,
    AllocationProblem,
    AllocationReport,
    SeatCurves,
    allocate_volunteers,
    build_problem,
    seat_curves,
    solve,
    solve_greedy,
    solve_lp,
    solve_min_cost_flow,
)
from psephos.targeting.allocation import (
    AllocationAnswer,
    AllocationNames,
    AllocationRequest,
    allocation_answer,
)
from psephos.targeting.geo import (
    Location,
    TravelTime,
    resolve_location,
    straight_line_minutes,
)
from psephos.targeting.nearest import NearbySeat, nearest_marginals
from psephos.targeting.sensitivity import (
    MarginModel,
    SeatSensitivity,
    apply_national_swing,
    historical_seat_sd,
    margin_model_for,
    parse_swing,
    seat_sensitivity,
)
from psephos.targeting.targets import TargetList, TargetSeat, target_list
from psephos.targeting.turnout import (
    GROUP_SPLITS,
    FlipCheck,
    TurnoutScenario,
    compare_with_actual,
    turnout_scenario,
)
from psephos.targeting.volunteers import (
    RowProblem,
    VolunteerFile,
    Volunteers,
    parse_volunteers,
    read_volunteers,
)

__all__ = [
    "GROUP_SPLITS",
    "Allocation",
    "AllocationAnswer",
    "AllocationNames",
    "AllocationProblem",
    "AllocationReport",
    "AllocationRequest",
    "FlipCheck",
    "Location",
    "MarginModel",
    "NearbySeat",
    "RowProblem",
    "SeatCurves",
    "SeatSensitivity",
    "TargetList",
    "TargetSeat",
    "TravelTime",
    "TurnoutScenario",
    "VolunteerFile",
    "Volunteers",
    "allocate_volunteers",
    "allocation_answer",
    "apply_national_swing",
    "build_problem",
    "compare_with_actual",
    "great_circle_km",
    "historical_seat_sd",
    "margin_model_for",
    "nearest_marginals",
    "parse_swing",
    "parse_volunteers",
    "read_volunteers",
    "resolve_location",
    "seat_centroids",
    "seat_curves",
    "seat_sensitivity",
    "solve",
    "solve_greedy",
    "solve_lp",
    "solve_min_cost_flow",
    "straight_line_minutes",
    "target_list",
    "turnout_scenario",
]
