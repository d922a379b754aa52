"""The web app's own volunteer sign-ups exported as a volunteers file for allocation
(organisers only): hours a week x weeks, the home seat's centre, read by the allocation's
reader as it is."""

from __future__ import annotations

import csv
import io
import logging
import re

import pytest
from fastapi.testclient import TestClient
from web_helpers import file_csv

import psephos
from psephos.jurisdictions.geography import centroids_of
from psephos.numbers import plain
from psephos.targeting.volunteers import parse_volunteers
from psephos.web.context import page_time

#: Every test here stores sign-ups: it runs on PostgreSQL as well (conftest).
pytestmark = pytest.mark.storage

API = "/api/organisers/volunteers/allocation.csv"
FORM = "/organisers/volunteers/allocation.csv"
#: Two 2024 seats, a volunteer's home in each.
BROMLEY, TATTON = "E14001137", "E14001539"
ADA = {
    "name": "Ada Lovelace",
    "email": "ada@example.org",
    "target_seat": BROMLEY,
    "home_seat": BROMLEY,
    "hours_per_week": 3,
    "consent": True,
}
GRACE = {
    "name": "Grace Hopper",
    "email": "grace@example.org",
    "target_seat": BROMLEY,
    "home_seat": TATTON,
    "hours_per_week": 5,
    "consent": True,
}


def _sign_up(client: TestClient, *sign_ups: dict[str, object]) -> list[int]:
    numbers = []
    for fields in sign_ups:
        response = client.post("/api/volunteers", json=fields)
        assert response.status_code == 201, response.text
        numbers.append(response.json()["id"])
    return numbers


def _centre(code: str) -> tuple[float, float]:
    boundary_set = psephos.load("2024").constituencies[0].boundary_set
    found = centroids_of(boundary_set, [code])
    assert found is not None
    return float(found[0][0]), float(found[1][0])


def test_two_sign_ups_are_read_by_the_allocation_reader_with_campaign_hours_and_seat_centres(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, _ = organiser_client
    ada, grace = _sign_up(client, ADA, GRACE)
    response = client.get(API, params={"weeks": 4})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["cache-control"] == "no-store"
    assert "attachment" in response.headers["content-disposition"]
    text = file_csv(response)  # Excel reads it as UTF-8
    assert text.splitlines()[0] == "id,hours,latitude,longitude,chosen_seat"
    # no personal data unless asked for: the ids are the sign-ups' numbers
    assert "example.org" not in text and "Lovelace" not in text
    parsed = parse_volunteers(text)
    assert parsed.problems == ()
    volunteers = parsed.volunteers
    assert volunteers.ids == (str(ada), str(grace))
    assert volunteers.hours.tolist() == [3 * 4, 5 * 4]  # hours a week x weeks
    for index, code in enumerate((BROMLEY, TATTON)):
        latitude, longitude = _centre(code)
        assert volunteers.latitude[index] == pytest.approx(latitude, abs=1e-6)
        assert volunteers.longitude[index] == pytest.approx(longitude, abs=1e-6)


def test_the_exported_sign_ups_are_allocated_as_uploaded(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    _sign_up(client, ADA, GRACE)
    exported = client.get(API, params={"weeks": 6}).text
    answer = client.post(
        "/api/organisers/allocate",
        files={"volunteers_file": ("signups.csv", exported.encode(), "text/csv")},
        data={"party": "Lab"},
        headers={"X-CSRF-Token": token},
    )
    assert answer.status_code == 200, answer.text
    summary = answer.json()["summary"]
    assert (summary["rows_read"], summary["rows_rejected"]) == (2, 0)
    assert summary["hours_available"] == (3 + 5) * 6


def test_the_weeks_default_to_a_general_election_campaign_and_are_checked(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, _ = organiser_client
    _sign_up(client, ADA)
    assert parse_volunteers(client.get(API).text).volunteers.hours.tolist() == [3 * 5]
    assert parse_volunteers(
        client.get(API, params={"weeks": ""}).text
    ).volunteers.hours.tolist() == [3 * 5]
    for weeks in ("0", "53", "2.5", "many"):
        refused = client.get(API, params={"weeks": weeks})
        assert refused.status_code == 422, weeks
        assert refused.headers["content-type"].startswith("application/json")
    page = client.get(FORM, params={"weeks": "0"})  # the form's refusal is a page
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")


def test_personal_data_only_when_asked_and_a_formula_is_kept_as_text(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, _ = organiser_client
    _sign_up(client, ADA, {**GRACE, "name": "=HYPERLINK(1)"})
    text = file_csv(client.get(API, params={"weeks": 2, "include_personal": "true"}))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["id"] for row in rows] == ["ada@example.org", "grace@example.org"]
    assert [row["name"] for row in rows] == ["Ada Lovelace", "'=HYPERLINK(1)"]
    parsed = parse_volunteers(text, keep_names=True)
    assert parsed.problems == ()
    assert parsed.volunteers.names == ("Ada Lovelace", "'=HYPERLINK(1)")


def test_a_sign_up_without_a_home_seat_is_a_row_the_allocation_rejects_by_number(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, _ = organiser_client
    ada, grace = _sign_up(client, ADA, {**GRACE, "home_seat": ""})
    page = client.get("/organisers").text
    assert "1 of these sign-ups has no home seat psephos can place" in page
    parsed = parse_volunteers(client.get(API, params={"weeks": 3}).text)
    assert parsed.volunteers.ids == (str(ada),)
    ((problem,),) = [parsed.rejected]
    assert (problem.row, problem.volunteer_id) == (3, str(grace))
    assert "location is missing" in problem.reason


def test_the_organisers_page_writes_a_sign_up_s_time_as_every_page_does(
    organiser_client: tuple[TestClient, str],
) -> None:
    """``/organisers`` wrote the stored ISO time cut at the minute, ``2026-12-07T22:23``,
    where a saved scenario's page and a declaration's write ``2026-12-07 22:30 UTC``: the one
    ``when`` filter writes them all."""
    client, _ = organiser_client
    _sign_up(client, ADA)
    listed = client.get("/api/organisers/volunteers").json()["volunteers"]
    (stored,) = [v["created_at"] for v in listed]
    page = client.get("/organisers").text
    cell = re.search(r'<td class="num">\d+</td><td>([^<]*)</td>', page)
    assert cell is not None and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", cell[1])
    assert cell[1] == page_time(stored) and stored[:16] not in page


def test_the_organisers_page_exports_with_its_weeks_field(
    organiser_client: tuple[TestClient, str], caplog: pytest.LogCaptureFixture
) -> None:
    client, _ = organiser_client
    (ada,) = _sign_up(client, ADA)
    page = client.get("/organisers").text
    assert "Export sign-ups for allocation" in page
    assert f'action="{FORM}"' in page and 'name="weeks"' in page and 'value="5"' in page
    with caplog.at_level(logging.INFO, logger="psephos.web.audit"):
        response = client.get(FORM, params={"weeks": "10", "campaign": ""})
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert file_csv(response) == (
        f"id,hours,latitude,longitude,chosen_seat\n{ada},30,{_row_centre(BROMLEY)},{BROMLEY}\n"
    )
    audit = [r.getMessage() for r in caplog.records if r.name == "psephos.web.audit"]
    exports = [line for line in audit if "sign-ups exported" in line]
    assert len(exports) == 1
    assert re.fullmatch(
        r"volunteer sign-ups exported for allocation by organiser \d+: 1 rows", exports[0]
    )
    assert not any("example.org" in line or "Lovelace" in line for line in audit)
    # a seat's list exports that seat's sign-ups
    listed = client.get("/organisers", params={"seat": TATTON}).text
    assert f'name="seat" value="{TATTON}"' in listed
    listed_file = file_csv(client.get(FORM, params={"seat": TATTON}))
    assert listed_file == "id,hours,latitude,longitude,chosen_seat\n"


def _row_centre(code: str) -> str:
    latitude, longitude = _centre(code)
    return f"{plain(latitude)},{plain(longitude)}"


def test_only_organisers_export_the_sign_ups(client: TestClient, organiser: str) -> None:
    _sign_up(client, ADA)
    refused = client.get(API, params={"weeks": 4})
    assert refused.status_code == 401 and "example.org" not in refused.text
    page = client.get(FORM, params={"weeks": 4}, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == f"/login?next={FORM}"
    assert "Export sign-ups" not in client.get("/organisers").text


def test_the_seat_signed_up_for_is_exported_and_the_allocation_keeps_the_volunteer_there(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A Halifax volunteer who signs up to help in Rochdale: the export says so
    (``chosen_seat``), and the allocation of the file sends them to Rochdale, not to the seat
    the optimum would pick for someone in Halifax (Bradford West), saying so in a note."""
    client, token = organiser_client
    halifax, rochdale = "E14001262", "E14001446"
    (number,) = _sign_up(
        client, {**ADA, "target_seat": rochdale, "home_seat": halifax, "hours_per_week": 3}
    )
    exported = file_csv(client.get(API, params={"weeks": 5}))
    assert exported.splitlines()[1].endswith(f",{rochdale}")
    answer = client.post(
        "/api/organisers/allocate",
        files={"volunteers_file": ("signups.csv", exported.encode(), "text/csv")},
        data={"party": "Lab"},
        headers={"X-CSRF-Token": token},
    ).json()
    assert [(row["volunteer_id"], row["seat_code"], row["hours"]) for row in answer["rows"]] == [
        (str(number), rochdale, 15)
    ]
    assert any("works in the seat they chose" in note for note in answer["notes"])
