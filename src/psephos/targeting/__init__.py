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

The names are imported on first use (:func:`psephos._lazy.lazy_names`): ``psephos allocate``
loads the allocation's modules, not the target list's, turnout's or the projection's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psephos._lazy import lazy_names

if TYPE_CHECKING:
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
    from psephos.targeting.geo import Location, TravelTime, resolve_location, straight_line_minutes
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

#: Public name -> the module that defines it.
_LAZY: dict[str, str] = {
    "great_circle_km": "psephos.jurisdictions.geography",
    "seat_centroids": "psephos.jurisdictions.geography",
    "Allocation": "psephos.targeting.allocate",
    "AllocationProblem": "psephos.targeting.allocate",
    "AllocationReport": "psephos.targeting.allocate",
    "SeatCurves": "psephos.targeting.allocate",
    "allocate_volunteers": "psephos.targeting.allocate",
    "build_problem": "psephos.targeting.allocate",
    "seat_curves": "psephos.targeting.allocate",
    "solve": "psephos.targeting.allocate",
    "solve_greedy": "psephos.targeting.allocate",
    "solve_lp": "psephos.targeting.allocate",
    "solve_min_cost_flow": "psephos.targeting.allocate",
    "AllocationAnswer": "psephos.targeting.allocation",
    "AllocationNames": "psephos.targeting.allocation",
    "AllocationRequest": "psephos.targeting.allocation",
    "allocation_answer": "psephos.targeting.allocation",
    "Location": "psephos.targeting.geo",
    "TravelTime": "psephos.targeting.geo",
    "resolve_location": "psephos.targeting.geo",
    "straight_line_minutes": "psephos.targeting.geo",
    "NearbySeat": "psephos.targeting.nearest",
    "nearest_marginals": "psephos.targeting.nearest",
    "MarginModel": "psephos.targeting.sensitivity",
    "SeatSensitivity": "psephos.targeting.sensitivity",
    "apply_national_swing": "psephos.targeting.sensitivity",
    "historical_seat_sd": "psephos.targeting.sensitivity",
    "margin_model_for": "psephos.targeting.sensitivity",
    "parse_swing": "psephos.targeting.sensitivity",
    "seat_sensitivity": "psephos.targeting.sensitivity",
    "TargetList": "psephos.targeting.targets",
    "TargetSeat": "psephos.targeting.targets",
    "target_list": "psephos.targeting.targets",
    "GROUP_SPLITS": "psephos.targeting.turnout",
    "FlipCheck": "psephos.targeting.turnout",
    "TurnoutScenario": "psephos.targeting.turnout",
    "compare_with_actual": "psephos.targeting.turnout",
    "turnout_scenario": "psephos.targeting.turnout",
    "RowProblem": "psephos.targeting.volunteers",
    "VolunteerFile": "psephos.targeting.volunteers",
    "Volunteers": "psephos.targeting.volunteers",
    "parse_volunteers": "psephos.targeting.volunteers",
    "read_volunteers": "psephos.targeting.volunteers",
}

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

__getattr__, __dir__ = lazy_names(globals(), _LAZY)
