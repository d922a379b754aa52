"""A volunteer allocation as a user asks for it, run from start to end: the one sequence of steps
behind ``psephos allocate`` and the web's ``/organisers/allocate`` (its JSON twin too).

The steps: the country must have seat centroids (:data:`psephos.jurisdictions.ALLOCATION`); the
options are checked before the volunteers' file is read (the method, the party, the swing read
by :func:`psephos.targeting.sensitivity.parse_swing` or the poll, either applied to the base by
:func:`psephos.targeting.sensitivity.scenario_election` as ``psephos target`` applies them, the
capacities read by :mod:`psephos.io.capacities` and their seats looked up), so a bad option
never waits on a long file; then the file is read (or taken as read), refused when ``strict``
and a row was rejected, or when no row is left; then
:func:`psephos.targeting.allocate.allocate_volunteers`. Callers only format what
:func:`allocation_answer` returns, and say its plan in the words of :func:`allocation_sentence`.
Messages name each option as the caller names it (:class:`AllocationNames`): ``--strict`` on the
command line, ``strict`` on the web.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from psephos.errors import DataFormatError, PsephosError
from psephos.jurisdictions import ALLOCATION, require
from psephos.model import Election
from psephos.numbers import WORDS_BELOW, format_number, one_in
from psephos.solvers import FLOW_METHODS
from psephos.targeting.allocate import (
    AllocationReport,
    Method,
    allocate_volunteers,
    seat_capacities,
)
from psephos.targeting.sensitivity import DEFAULT_VOTES_PER_HOUR, parse_swing, scenario_election
from psephos.targeting.volunteers import VolunteerFile, problem_line

if TYPE_CHECKING:
    from psephos.projection import Projection

#: What the steps say while they work (the command line shows them beside a spinner).
READING = "Reading volunteers"
SOLVING = "Solving the allocation"

#: Problems named in the refusal of a file without one usable row.
PROBLEMS_NAMED = 5


@dataclass(frozen=True, slots=True)
class AllocationNames:
    """How the caller names each option in messages; the command line's flags by default.

    Attributes:
        strict: The switch that stops at the first rejected row.
        method: The solver's choice.
    """

    strict: str = "--strict"
    method: str = "--method"


@dataclass(frozen=True, slots=True)
class AllocationRequest:
    """What a user gives for an allocation besides the volunteers (``psephos allocate``'s
    options, the web's fields; the same defaults).

    Attributes:
        party: Maximise this party's expected seats (default: any party).
        swing: National swing scenario: ``"Lab=+3,Con=-2.5"`` text
            (:func:`psephos.targeting.sensitivity.parse_swing`) or party -> points.
        poll: A poll the base is projected to first (``"Reform 29 Lab 20 Con 18"`` or party ->
            share, read by :func:`psephos.projection.read_poll`), as ``psephos target --poll``;
            not with ``swing``.
        areas: Area shares (sub-polls, as ``--by-region`` reads them) projected with the
            poll or alone; not with ``swing``.
        projection_model: Swing model for ``poll`` or ``swing`` (default
            :data:`psephos.projection.DEFAULT_MODEL`).
        capacities: Hours caps of named seats: a ``seat,hours`` CSV's path, read by
            :func:`psephos.io.capacities.read_capacities`, or its ``(text, name)`` already read
            (an upload; :func:`psephos.io.capacities.parse_capacities`), or seat -> hours.
        k_nearest: Candidate seats per volunteer (the nearest).
        max_km: Never send anyone further.
        votes_per_hour: Net extra votes per canvassing hour.
        session_hours: Hours worked per trip at most: travel is costed per trip, a
            volunteer's hours taking ``ceil(hours / session_hours)`` trips
            (:func:`psephos.targeting.allocate.trip_hours`).
        speed_kmh: Average travel speed.
        method: ``auto``, ``min-cost-flow`` (or ``flow``) or ``lp``.
        strict: Refuse the file if any row was rejected.
    """

    party: str | None = None
    swing: str | Mapping[str, float] | None = None
    poll: str | Mapping[str, float] | None = None
    areas: Mapping[str, Mapping[str, float]] | None = None
    projection_model: str | None = None
    capacities: str | Path | tuple[str, str] | Mapping[str, int] | None = None
    k_nearest: int = 15
    max_km: float | None = None
    votes_per_hour: float = DEFAULT_VOTES_PER_HOUR
    session_hours: float = 3.0
    speed_kmh: float = 40.0
    method: str = "auto"
    strict: bool = False


@dataclass(frozen=True, slots=True)
class AllocationAnswer:
    """An allocation made by :func:`allocation_answer`.

    Attributes:
        volunteers_read: The volunteers' file as read: its rows, problems and notes.
        report: The optimal allocation with its baselines.
        projection: The projection of the base to the request's poll (``None`` without one).
    """

    volunteers_read: VolunteerFile
    report: AllocationReport
    projection: Projection | None = None

    def summary(self) -> dict[str, Any]:
        """The report's headline figures with the rows read and rejected (no personal data)."""
        summary = self.report.summary()
        given = self.volunteers_read.hours_given
        return {
            **summary,
            "hours_given": summary["hours_available"] if given is None else given,
            "rows_read": self.volunteers_read.n_rows,
            "rows_rejected": len(self.volunteers_read.rejected),
        }

    def plan_rows(self, *, include_personal: bool = False) -> list[dict[str, Any]]:
        """The plan as ``psephos allocate`` and the web's plan download give it: the report's
        rows (:meth:`~psephos.targeting.allocate.AllocationReport.assignment_rows`), and a
        row without a seat or hours for each row of the file that was rejected, its
        ``reason`` the rejection (``row 3 rejected: hours is negative``), in the file's
        order: every volunteer of the file is in the plan, placed or not."""
        rows = self.report.assignment_rows(include_personal=include_personal)
        read = self.volunteers_read
        rejected: dict[int, list[Any]] = {}
        for problem in read.rejected:
            rejected.setdefault(problem.row, []).append(problem)
        if not rejected:
            return rows
        line = dict(zip(read.volunteers.ids, read.volunteers.rows.tolist(), strict=True))
        keys = [line.get(volunteer, 0) for volunteer in map(itemgetter("volunteer_id"), rows)]
        for row_number, problems in rejected.items():
            reasons = "; ".join(dict.fromkeys(problem.reason for problem in problems))
            keys.append(row_number)
            rows.append(
                {
                    "volunteer_id": problems[0].volunteer_id,
                    "seat_code": None,
                    "seat_name": None,
                    "hours": None,
                    "distance_km": None,
                    "reason": f"row {row_number} rejected: {reasons}",
                }
            )
        order = np.argsort(np.asarray(keys, dtype=np.int64), kind="stable")  # by file row
        return [rows[index] for index in order.tolist()]

    def problems(self) -> list[dict[str, Any]]:
        """Every problem of the file by row number, id, severity and reason (never a name or a
        location)."""
        return [
            {"row": p.row, "id": p.volunteer_id, "severity": p.severity, "reason": p.reason}
            for p in self.volunteers_read.problems
        ]


def allocation_answer(
    election: Election,
    volunteers: VolunteerFile | Callable[[], VolunteerFile],
    request: AllocationRequest | None = None,
    *,
    names: AllocationNames | None = None,
    progress: Callable[[str], object] | None = None,
) -> AllocationAnswer:
    """The allocation ``request`` asks for, of the ``volunteers`` over ``election``'s seats,
    in the steps of the module's docstring.

    Args:
        election: The base election (the plan is for the one after it).
        volunteers: The volunteers' file as read
            (:func:`psephos.targeting.volunteers.read_volunteers` or ``parse_volunteers``), or
            a function reading it, called once the options are checked.
        request: What the user gave (default: every default).
        names: How the caller names the options in messages (default: the command's flags).
        progress: Called with a line saying what is being done (:data:`READING`,
            :data:`SOLVING`) as each long step starts; default: nothing shown.

    Raises:
        UnsupportedCountryError: a country without bundled seat centroids (Canada).
        PsephosError: a bad method or setting; UnknownPartyError for the party,
            UnknownConstituencyError for a capacity's seat; a seat whose capacity is given
            twice.
        InvalidSharesError, UnknownPartyError: a swing or poll that does not read (a swing and
            a poll together: PsephosError).
        DataFormatError: a bad capacities file or volunteers' file; a rejected row with
            ``strict``; no usable row.
    """
    request = request or AllocationRequest()
    names = names or AllocationNames()
    require(ALLOCATION, election)
    method = _checked_method(request.method, names)
    if request.party is not None:
        election.party_index(request.party)
    swing = request.swing
    shift = (
        parse_swing(swing, election.parties)
        if swing is None or isinstance(swing, str)
        else dict(swing)
    )
    scenario, projection = scenario_election(
        election,
        swing=shift,
        poll=request.poll,
        model=request.projection_model,
        areas=request.areas,
    )
    capacity = _capacities(request.capacities)
    try:
        seat_capacities(election, capacity or {})
    except PsephosError as error:  # say which file named the seat
        where = _capacities_file(request.capacities)
        raise type(error)(f"{where}: {error}" if where else str(error)) from None
    show = progress or _silent
    show(READING)
    parsed = volunteers() if callable(volunteers) else volunteers
    check_volunteers_read(parsed, strict=request.strict, names=names)
    show(SOLVING)
    report = allocate_volunteers(
        election,
        parsed.volunteers,
        party=request.party,
        scenario=scenario,
        votes_per_hour=request.votes_per_hour,
        k_nearest=request.k_nearest,
        max_km=request.max_km,
        session_hours=request.session_hours,
        speed_kmh=request.speed_kmh,
        method=method,
        capacity=capacity,
    )
    return AllocationAnswer(volunteers_read=parsed, report=report, projection=projection)


def allocation_sentence(summary: Mapping[str, Any]) -> str:
    """An allocation's ``summary`` (:meth:`AllocationAnswer.summary`) in words a person reads,
    as the line under ``psephos allocate``'s table and the web's plan say it: the hours placed,
    the seats they are expected to gain and, for a small gain, the chance of one more seat it
    amounts to (``a chance of about 1 in 2,800``: :func:`psephos.numbers.one_in`); travel's
    cost in the same seats and what the plan nets; its two baselines (a value-aware greedy,
    and each volunteer to the nearest seat worth the trip), each as a share of the optimum
    only where the optimum gains something; the nearest seats the optimum is over
    (``k_nearest``), and where a seat beyond them would net more for some volunteers, how many
    (``beyond_note``); where no hour is placed (a ``note:`` says
    why), the hours alone. The hours placed are counted against the hours the volunteers gave
    (``hours_given``), fractions included, saying how many were fractions not placed. Every
    figure is written by the number rule (:func:`psephos.numbers.format_number`: a tiny gain
    is ``0.0000026``, not ``2.63e-06``)."""
    hours, available = summary["hours_allocated"], summary["hours_available"]
    given = summary.get("hours_given", available)
    placed = f"The plan places {hours:,} of {format_number(given, ',')} hours"
    if given != available:  # the fractions the volunteers' file rounded down
        dropped = given - available
        placed += (
            " given (volunteer hours are whole hours: the fractions, "
            f"{format_number(dropped, ',')} {'hour' if dropped == 1 else 'hours'} in all, "
            "are not placed)"
        )
    if not hours:
        return f"{placed}."
    gained = summary["expected_seats_gained"]
    seats = f"{format_number(gained)} {'seat' if gained == 1 else 'seats'}"
    if 0 < gained < WORDS_BELOW:  # the sum of small chances is the chance of one more seat
        one_more = "winning one more seat" if summary["party"] else "one more seat changing hands"
        seats += f" (a chance of {one_in(gained)} of {one_more})"
    over = (
        ""
        if summary.get("k_nearest") is None
        else f", the optimum over each volunteer's {summary['k_nearest']} nearest seats"
    )
    beyond = summary.get("beyond_note")
    return (
        f"{placed}, expected to gain {seats}; travel is costed at "
        f"{format_number(summary['travel_cost'])} seats, so it nets "
        f"{format_number(summary['objective'])} ({summary['method']}{over}, "
        f"{format_number(summary['solve_seconds'], '.2f')} s). {_baselines(summary)}."
        + ("" if not beyond else f" {beyond[:1].upper()}{beyond[1:]}")
    )


def _baselines(summary: Mapping[str, Any]) -> str:
    """The two baselines as the sentence says them, each as a share of the optimum where the
    optimum gains something: the value-aware greedy, then each volunteer to the nearest seat
    worth the trip (:mod:`psephos.targeting.allocate`)."""
    optimum = summary["objective"] > 0

    def nets(key: str) -> str:
        said = f"nets {format_number(summary[f'{key}_objective'])}"
        if optimum:
            said += (
                f", {format_number(summary[f'{key}_fraction_of_optimum'], '.1%')} of the optimum"
            )
        return said

    greedy = (
        "A greedy plan (each volunteer in turn to the seat where their next hour nets most) "
        + nets("greedy")
    )
    return f"{greedy}; sending each to the nearest seat worth the trip {nets('nearest')}"


#: A volunteers file of no rows (its header saved alone): what is wrong and what to give.
NO_VOLUNTEERS = (
    "No volunteer rows to allocate: the file has its header and no rows; give a row for each "
    "volunteer, with their hours and a postcode (or latitude and longitude)."
)


def check_volunteers_read(
    parsed: VolunteerFile, *, strict: bool = False, names: AllocationNames | None = None
) -> None:
    """Refuse a file with a rejected row when ``strict`` (naming the first), or without one
    usable row (naming the first :data:`PROBLEMS_NAMED` problems, by row number and id).

    Raises:
        DataFormatError: as above.
    """
    names = names or AllocationNames()
    if strict and parsed.rejected:
        first = parsed.rejected[0]
        raise DataFormatError(
            f"volunteers row {first.row}: {first.reason} ({len(parsed.rejected)} row(s) "
            f"rejected and {names.strict} was given; fix them and run again)."
        )
    if len(parsed.volunteers) == 0:
        named = parsed.problems[:PROBLEMS_NAMED]
        if parsed.n_rows == 0:  # a header and nothing under it
            raise DataFormatError(NO_VOLUNTEERS)
        raise DataFormatError(
            "No valid volunteer rows to allocate"
            + (": " + "; ".join(problem_line(p) for p in named) if named else ".")
        )


def _checked_method(method: str, names: AllocationNames) -> Method:
    """The solver's name as given, when it is one."""
    if method not in ("auto", *FLOW_METHODS, "lp"):
        raise PsephosError(
            f"{names.method} must be auto, min-cost-flow (or flow) or lp, not {method!r}."
        )
    return cast("Method", method)


def _capacities(
    source: str | Path | tuple[str, str] | Mapping[str, int] | None,
) -> dict[str, int] | None:
    """Seat -> hours: read from a path, parsed from an upload's ``(text, name)``, or as given."""
    if source is None:
        return None
    from psephos.io.capacities import parse_capacities, read_capacities

    if isinstance(source, tuple):
        text, file_name = source
        return parse_capacities(text, name=file_name)
    if isinstance(source, str | Path):
        return read_capacities(source)
    return dict(source)


def _capacities_file(source: str | Path | tuple[str, str] | Mapping[str, int] | None) -> str:
    """The capacities file as messages name it (``"capacity file 'caps.csv'"``); empty for
    capacities given as a mapping."""
    from psephos.io.capacities import WHAT
    from psephos.io.rows import file_named

    if isinstance(source, tuple):
        return file_named(WHAT, source[1])
    if isinstance(source, str | Path):
        return file_named(WHAT, Path(source).name)
    return ""


def _silent(step: str) -> None:
    """No progress shown."""
