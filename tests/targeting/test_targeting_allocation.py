"""A volunteer allocation as a user asks for it (:func:`allocation_answer`): the one path of
``psephos allocate`` and the web's allocation page."""

from __future__ import annotations

from pathlib import Path

import pytest

import psephos
from psephos.errors import DataFormatError, PsephosError, UnknownPartyError
from psephos.targeting.allocate import allocate_volunteers
from psephos.targeting.allocation import (
    READING,
    SOLVING,
    AllocationNames,
    AllocationRequest,
    allocation_answer,
    allocation_sentence,
)
from psephos.targeting.volunteers import VolunteerFile, parse_volunteers

VOLUNTEERS = """id,latitude,longitude,hours
a1,51.37,-0.05,6
a2,51.55,-0.19,4
a3,abc,-0.19,4
a5,53.48,-2.24,10
"""


@pytest.fixture(scope="module")
def base() -> psephos.Election:
    return psephos.load("2019")


def test_the_answer_is_the_library_allocation_with_the_rows_counted(
    base: psephos.Election,
) -> None:
    parsed = parse_volunteers(VOLUNTEERS)
    steps: list[str] = []
    answer = allocation_answer(
        base, parsed, AllocationRequest(party="Lab", swing="Lab=+3"), progress=steps.append
    )
    expected = allocate_volunteers(base, parsed.volunteers, party="Lab", swing={"Lab": 3.0})
    assert answer.report.assignment_rows() == expected.assignment_rows()
    summary = answer.summary()
    assert summary["objective"] == expected.summary()["objective"]
    assert (summary["rows_read"], summary["rows_rejected"]) == (4, 1)
    assert answer.problems() == [
        {"row": 4, "id": "a3", "severity": "error", "reason": "latitude is not a number"}
    ]
    assert steps == [READING, SOLVING]


def test_the_headline_counts_the_hours_given_fractions_included(base: psephos.Election) -> None:
    """Volunteer hours are whole hours: 2.5 and 2.5 place at most 4 of the 5 hours given, and
    the headline says so rather than counting against the 4 left after rounding down."""
    parsed = parse_volunteers(
        "id,latitude,longitude,hours\nb1,51.37,-0.05,2.5\nb2,51.37,-0.05,2.5\n"
    )
    summary = allocation_answer(base, parsed, AllocationRequest(party="Lab")).summary()
    assert (summary["hours_available"], summary["hours_given"]) == (4, 5.0)
    assert allocation_sentence(summary).startswith(
        f"The plan places {summary['hours_allocated']} of 5 hours given (volunteer hours are "
        "whole hours: the fractions, 1 hour in all, are not placed)"
    )


def test_a_seat_capped_by_its_name_and_its_code_is_refused(
    base: psephos.Election, tmp_path: Path
) -> None:
    """The same seat by name and by ONS code: which cap is meant cannot be told (it used to be
    the last one, silently)."""
    path = tmp_path / "caps.csv"
    path.write_text("seat,hours\nCroydon Central,3\nE14000654,1\n", encoding="utf-8")
    refused = (
        r"capacity file 'caps.csv': Capacities name Croydon Central \(E14000654\) twice, as "
        r"'Croydon Central' and 'E14000654' \(3 and 1 hours\); give each seat once"
    )
    with pytest.raises(PsephosError, match=refused):
        allocation_answer(base, parse_volunteers(VOLUNTEERS), AllocationRequest(capacities=path))


def test_capacities_from_a_path_an_upload_or_a_mapping_agree(
    base: psephos.Election, tmp_path: Path
) -> None:
    parsed = parse_volunteers(VOLUNTEERS)
    path = tmp_path / "caps.csv"
    path.write_text("seat,hours\nCroydon Central,2\n", encoding="utf-8")
    sources = (path, str(path), (path.read_text(), "caps.csv"), {"Croydon Central": 2})
    plans = [
        allocation_answer(base, parsed, AllocationRequest(party="Lab", capacities=source))
        for source in sources
    ]
    seats = [plan.report.seat_rows() for plan in plans]
    assert seats[0] and all(rows == seats[0] for rows in seats)
    croydon = [row for row in seats[0] if row["name"] == "Croydon Central"]
    assert croydon and all(row["capacity"] == 2 for row in croydon)
    with pytest.raises(DataFormatError, match=r"capacity file 'up\.csv' row 2"):
        allocation_answer(
            base, parsed, AllocationRequest(capacities=("seat,hours\nX,-1\n", "up.csv"))
        )


def test_options_are_checked_before_the_file_is_read(base: psephos.Election) -> None:
    read: list[bool] = []

    def reader() -> VolunteerFile:
        read.append(True)
        return parse_volunteers(VOLUNTEERS)

    with pytest.raises(UnknownPartyError):
        allocation_answer(base, reader, AllocationRequest(party="Nope"))
    with pytest.raises(PsephosError, match="Swing item 'Lab=lots' is not PARTY=CHANGE"):
        allocation_answer(base, reader, AllocationRequest(swing="Lab=lots"))
    with pytest.raises(PsephosError, match="Atlantis"):
        allocation_answer(base, reader, AllocationRequest(capacities={"Atlantis": 3}))
    with pytest.raises(PsephosError, match=r"^method must be auto"):
        allocation_answer(
            base, reader, AllocationRequest(method="guess"), names=AllocationNames(method="method")
        )
    assert read == []
    allocation_answer(base, reader)
    assert read == [True]


def test_refusals_name_the_callers_option_and_the_first_problems(
    base: psephos.Election,
) -> None:
    parsed = parse_volunteers(VOLUNTEERS)
    strict = AllocationRequest(strict=True)
    with pytest.raises(DataFormatError) as flag:
        allocation_answer(base, parsed, strict)
    assert str(flag.value) == (
        "volunteers row 4: latitude is not a number (1 row(s) rejected and --strict was given; "
        "fix them and run again)."
    )
    with pytest.raises(DataFormatError) as field:
        allocation_answer(base, parsed, strict, names=AllocationNames(strict="strict"))
    assert "rejected and strict was given" in str(field.value)
    bad = "id,postcode,hours\n" + "".join(f"q{i},NW6 1,-{i}\n" for i in range(1, 8))
    with pytest.raises(DataFormatError) as none_valid:
        allocation_answer(base, parse_volunteers(bad))
    message = str(none_valid.value)
    assert message.startswith(
        "No valid volunteer rows to allocate: row 2 (id q1): rejected: hours is negative (-1); "
    )
    assert "(id q5)" in message and "(id q6)" not in message  # the first five
    empty = parse_volunteers("id,postcode,hours\n")
    with pytest.raises(DataFormatError) as no_rows:
        allocation_answer(base, empty)
    assert str(no_rows.value) == (
        "No volunteer rows to allocate: the file has its header and no rows; give a row for "
        "each volunteer, with their hours and a postcode (or latitude and longitude)."
    )


def test_a_poll_moves_the_base_as_target_moves_it_before_the_file_is_read(
    base: psephos.Election,
) -> None:
    """``poll`` projects the base through the one engine (``scenario_election``, as
    ``psephos target --poll``): the plan is the allocation on that projection, with the
    projection given back; a bad poll, or a poll beside a swing, is refused before the file
    is read."""
    from psephos.targeting.sensitivity import scenario_election

    poll = "Lab 38 Con 30 LD 12 Reform 9 Green 7 SNP 3 PC 1"
    parsed = parse_volunteers(VOLUNTEERS)
    answer = allocation_answer(base, parsed, AllocationRequest(party="Lab", poll=poll))
    projected, projection = scenario_election(base, poll=poll)
    expected = allocate_volunteers(base, parsed.volunteers, party="Lab", scenario=projected)
    assert answer.report.seat_rows() == expected.seat_rows()
    assert answer.report.summary()["election"] == base.id
    plain = allocation_answer(base, parsed, AllocationRequest(party="Lab"))
    assert answer.report.seat_rows() != plain.report.seat_rows()
    assert answer.projection is not None and projection is not None
    assert answer.projection.summary() == projection.summary()
    assert plain.projection is None
    read: list[bool] = []

    def reader() -> VolunteerFile:
        read.append(True)
        return parsed

    with pytest.raises(PsephosError, match="above 100%"):
        allocation_answer(base, reader, AllocationRequest(poll="Lab 80 Con 80"))
    with pytest.raises(PsephosError, match="not both"):
        allocation_answer(base, reader, AllocationRequest(poll=poll, swing="Lab=+1"))
    with pytest.raises(PsephosError, match=r"^The swing takes"):
        allocation_answer(base, reader, AllocationRequest(swing="Green=-40"))
    assert read == []


def test_the_plan_lists_every_row_of_the_file_in_the_file_s_order(base: psephos.Election) -> None:
    """Rejected rows take their place among the volunteers' rows, by row number, and each
    volunteer keeps their seats then their hours not placed."""
    text = (
        "id,latitude,longitude,hours\nr1,51.37,-0.05,6\nr2,abc,-0.19,4\nr3,53.48,-2.24,0\n"
        "r4,51.5,-0.1,-2\nr5,51.55,-0.19,4\nr6,51.55,-0.19,x\n"
    )
    answer = allocation_answer(base, parse_volunteers(text), AllocationRequest(party="Lab"))
    rows = answer.plan_rows()
    order = [row["volunteer_id"] for row in rows]
    assert list(dict.fromkeys(order)) == ["r1", "r2", "r3", "r4", "r5", "r6"]
    assert order == sorted(order)  # a volunteer's rows together
    assert [row["reason"].split(":")[0] for row in rows if row["hours"] is None] == [
        "row 3 rejected",
        "row 5 rejected",
        "row 7 rejected",
    ]
