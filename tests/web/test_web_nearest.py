"""The nearest-marginal page and ``/api/nearest`` ask what ``psephos nearest --closest`` asks:
the base moved by a poll, area shares or a national swing with a model first, and travel
minutes at a speed, through the command's own path (``scenario_election`` then
``marginals_near``), so the same question gets the same seats on the web and the command line.
"""

from __future__ import annotations

from html import unescape

import pytest
from fastapi.testclient import TestClient
from web_helpers import form_token

from cli_helpers import command_json

POLL = "Reform 29 Lab 20 Con 18 LD 13 Green 11 SNP 3"
#: The command's keys for the scenario it moved the base by.
SCENARIO_KEYS = ("swing_points", "poll", "areas", "notes")


def _rows(answer: dict[str, object], keys: dict[str, object]) -> list[dict[str, object]]:
    """The web's rows with the command's keys only (the web adds the winner's colour)."""
    return [{key: row[key] for key in keys} for row in answer["rows"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("params", "options"),
    [
        ({"postcode": "M1 1AE", "poll": POLL}, ["--postcode", "M1 1AE", "--poll", POLL]),
        (
            {"postcode": "LS1 4AP", "swing": "Lab=+3,Con=-2", "model": "uniform", "max_km": "60"},
            ["--postcode", "LS1 4AP", "--swing", "Lab=+3,Con=-2", "-m", "uniform", "--km", "60"],
        ),
        (
            {"postcode": "CF10 1EP", "poll": POLL, "party": "Lab", "max_majority_pct": "15"},
            ["--postcode", "CF10 1EP", "--poll", POLL, "--party", "Lab", "--max-majority", "15"],
        ),
        (
            {
                "postcode": "G2 1DU",
                "poll": POLL,
                "areas": "area,party,share\nScotland,SNP,40\nScotland,Lab,30",
            },
            ["--postcode", "G2 1DU", "--poll", POLL, "--by-region", "{areas}"],
        ),
    ],
    ids=["poll", "swing-model", "poll-party", "areas"],
)
def test_the_api_takes_the_command_s_scenario(
    client: TestClient,
    tmp_path: object,
    params: dict[str, str],
    options: list[str],
) -> None:
    """``/api/nearest?poll=...`` was refused (422: not a parameter) though ``psephos nearest
    --closest --poll`` answers it: the twin takes the poll, swing, area shares and model and
    gives the command's rows and scenario keys."""
    areas_file = tmp_path / "areas.csv"  # type: ignore[operator]
    if "areas" in params:
        areas_file.write_text(params["areas"], encoding="utf-8")
    arguments = [str(areas_file) if value == "{areas}" else value for value in options]
    expected = command_json("nearest", "--closest", *arguments)
    answer = client.get("/api/nearest", params=params)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert expected["rows"]
    assert _rows(body, expected["rows"][0]) == expected["rows"]
    assert {key: body[key] for key in SCENARIO_KEYS} == {
        key: expected[key] for key in SCENARIO_KEYS
    }
    assert body["projection"] == expected["projection"] is not None
    base = client.get(
        "/api/nearest",
        params={k: v for k, v in params.items() if k not in ("poll", "swing", "areas")},
    ).json()
    assert base["projection"] is None and base["scenario_words"] == ""
    assert body["rows"] != base["rows"]  # the projected majorities, not the result's


def test_the_api_counts_minutes_at_a_speed_as_the_command_does(client: TestClient) -> None:
    params = {"postcode": "BT1 5GS", "speed_kmh": "40", "max_minutes": "30", "max_km": "80"}
    expected = command_json(
        "nearest", "--closest", "--postcode", "BT1 5GS", "--speed-kmh", "40",
        "--max-minutes", "30", "--km", "80",
    )  # fmt: skip
    body = client.get("/api/nearest", params=params).json()
    assert expected["rows"] and all(row["minutes"] <= 30 for row in expected["rows"])
    assert _rows(body, expected["rows"][0]) == expected["rows"]
    assert (body["speed_kmh"], body["max_minutes"]) == (40, 30)
    assert (
        "minutes"
        not in client.get("/api/nearest", params={"postcode": "BT1 5GS"}).json()["rows"][0]
    )


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"max_minutes": "30"}, 400, "max_minutes needs speed_kmh"),
        ({"poll": POLL, "swing": "Lab=+3"}, 400, "Give a swing scenario or a poll, not both."),
        ({"poll": "Lab 80 Con 40"}, 400, "above 100"),
        ({"model": "no-such-model"}, 422, "model"),
        ({"speed_kmh": "0"}, 422, "speed_kmh"),
        ({"national_sd": "0.02"}, 422, "not a parameter of /api/nearest"),
        ({"travel_time": "mod:fn"}, 422, "not a parameter of /api/nearest"),
    ],
)
def test_the_api_refuses_what_the_command_refuses(
    client: TestClient, params: dict[str, str], status: int, message: str
) -> None:
    """Bad scenario input is refused, not dropped: in the command's words where the library
    refuses it, and a parameter the route does not take (the command's ``--national-sd``,
    which ``--closest`` refuses too; a routing hook, a Python function) by the unknown-query
    refusal."""
    answer = client.get("/api/nearest", params={"postcode": "LS1 4AP", **params})
    assert answer.status_code == status, answer.text
    assert message in answer.text


def test_the_page_takes_a_poll_and_keeps_it(client: TestClient) -> None:
    params = {"postcode": "M1 1AE", "poll": POLL, "speed_kmh": "30"}
    page = client.get("/nearest", params=params)
    assert page.status_code == 200
    text = unescape(page.text)
    assert f"projected to the poll {POLL} (national model)" in text
    assert "The Great Britain shares sum to 94.0%" in text  # the projection's note
    assert "Projected winner" in text and '<th class="num">Minutes</th>' in text
    assert f'name="poll" value="{POLL}"' in text  # the box, filled as typed
    twin = text.split('JSON: <a href="', 1)[1].split('"', 1)[0]
    assert "poll=Reform+29" in twin and "speed_kmh=30" in twin
    assert (
        client.get(twin).json()["rows"] == client.get("/api/nearest", params=params).json()["rows"]
    )


def test_a_sign_up_to_correct_shows_the_same_projected_seats(client: TestClient) -> None:
    """The sign-up form carries the search it was shown for, the poll included, so a sign-up
    with a mistake shows the same (projected) seats again, not the result's."""
    params = {"postcode": "M1 1AE", "poll": POLL}
    page = client.get("/nearest", params=params)
    answer = client.get("/api/nearest", params=params).json()
    first = answer["rows"][0]["code"]
    form = {
        "csrf_token": form_token(page.text),
        "election": "2024",
        "target_seat": first,
        "name": "Ada",
        "email": "not-an-address",
        "hours_per_week": "3",
        "consent": "true",
        **params,
    }
    again = client.post("/volunteers", data=form)
    assert again.status_code == 422
    text = unescape(again.text)
    assert "Not signed up" in text and f"projected to the poll {POLL}" in text
    assert f'name="poll" value="{POLL}"' in text


def test_a_party_standing_in_no_seat_within_reach_is_said_so(client: TestClient) -> None:
    """The page said "No seat within 100 km has a majority under 10% with Lab first or
    second. Try a larger distance or majority." from Belfast, where Lab stands in no seat:
    the twin and the page say why, in the command's words."""
    params = {"postcode": "BT1 5GS", "party": "Lab"}
    answer = client.get("/api/nearest", params=params)
    assert answer.status_code == 400
    message = "Lab stands in none of the 17 seats of 2024 within 100 km of BT1 5GS;"
    assert answer.json()["detail"].startswith(message)
    page = client.get("/nearest", params=params)
    assert page.status_code == 400 and message in unescape(page.text)
    assert "Try a larger distance" not in page.text
