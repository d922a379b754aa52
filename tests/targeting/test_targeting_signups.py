"""Sign-ups (hours a week, a home seat) as a volunteers file for allocation."""

from __future__ import annotations

import pytest

from psephos.errors import PsephosError
from psephos.io.export import csv_text
from psephos.jurisdictions.geography import centroids_of
from psephos.targeting.signups import (
    DEFAULT_CAMPAIGN_WEEKS,
    SignUp,
    allocation_rows,
    sign_up_columns,
    without_home_seat,
)
from psephos.targeting.volunteers import parse_volunteers

#: Bromley and Biggin Hill, 2024 boundaries.
BROMLEY = "E14001137"


def _sign_up(number: int, **changes: object) -> SignUp:
    fields: dict[str, object] = {
        "number": number,
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "hours_per_week": 4,
        "home_seat": BROMLEY,
        "boundary_set": "2024",
        "target_seat": BROMLEY,
        **changes,
    }
    return SignUp(**fields)  # type: ignore[arg-type]


def test_rows_carry_campaign_hours_and_the_home_seat_centre() -> None:
    centre = centroids_of("2024", [BROMLEY])
    assert centre is not None
    (row,) = allocation_rows([_sign_up(7)], DEFAULT_CAMPAIGN_WEEKS)
    assert row == {
        "id": 7,
        "hours": 4 * DEFAULT_CAMPAIGN_WEEKS,
        "latitude": float(centre[0][0]),
        "longitude": float(centre[1][0]),
        "chosen_seat": BROMLEY,  # the seat signed up for, which the allocation keeps
    }


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"home_seat": None}, "no home seat given"),
        ({"boundary_set": None}, "an election no longer bundled"),
        ({"home_seat": "E14099999"}, "a seat without a bundled centre"),
    ],
)
def test_a_sign_up_that_cannot_be_placed_keeps_its_row_without_a_location(
    changes: dict[str, object], why: str
) -> None:
    sign_ups = [_sign_up(1), _sign_up(2, **changes)]
    assert without_home_seat(sign_ups) == 1, why
    parsed = parse_volunteers(csv_text(allocation_rows(sign_ups, 3), sign_up_columns()))
    assert parsed.volunteers.ids == ("1",)
    (rejected,) = parsed.rejected
    assert (rejected.row, rejected.volunteer_id) == (3, "2"), why


@pytest.mark.parametrize("weeks", [0, 53, -1, 2.5, True])
def test_weeks_outside_a_year_or_not_whole_are_refused_in_one_line(weeks: object) -> None:
    with pytest.raises(PsephosError, match=r"^weeks must be ") as refused:
        allocation_rows([], weeks)  # type: ignore[arg-type]
    assert "\n" not in str(refused.value)


def test_personal_columns_only_when_asked_and_no_personal_data_in_repr() -> None:
    sign_up = _sign_up(3, name="@SUM(A1)", email="-x@example.org")
    assert sign_up_columns() == ("id", "hours", "latitude", "longitude", "chosen_seat")
    assert "example.org" not in repr(sign_up) and "SUM" not in repr(sign_up)
    (plain_row,) = allocation_rows([sign_up], 1)
    assert plain_row["id"] == 3 and "name" not in plain_row
    (personal,) = allocation_rows([sign_up], 1, include_personal=True)
    assert (personal["id"], personal["name"]) == ("'-x@example.org", "'@SUM(A1)")
