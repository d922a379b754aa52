"""Pages over the capability packages: swingometer (projection + forecast), how should I vote
(tactical), coalition builder (government), results-night nowcast (forecast)."""

from __future__ import annotations

import warnings

import pytest
from fastapi.testclient import TestClient
from web_helpers import open_night

import psephos
from cli_helpers import command_json
from psephos.forecast import no_majority_sentence
from psephos.government import assess, parliament
from psephos.projection import project


def test_swingometer_twin_matches_projection(client: TestClient) -> None:
    poll = {"Lab": 30.0, "Con": 20.0, "Reform": 25.0, "LD": 12.0, "Green": 8.0}
    body = client.get("/api/swingometer", params={**poll, "model": "proportional"}).json()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = project(
            psephos.load("2024"), {**body["shares_pct"]}, model="proportional"
        ).seats()
    assert {row["party"]: row["seats"] for row in body["seats"]} == {
        party: seats
        for party, seats in expected.items()
        if seats or party in {row["party"] for row in body["seats"]}
    }
    assert sum(row["seats"] for row in body["seats"]) == 650
    assert len(body["winners"]) == 650
    assert body["forecast"] is None


def test_swingometer_page_and_forecast(client: TestClient) -> None:
    page = client.get("/swingometer", params={"Lab": 30, "Reform": 28, "forecast": "true"})
    assert page.status_code == 200
    assert page.text.count("<polygon") == 650
    assert 'id="swing-forecast"' in page.text
    body = client.get("/api/swingometer", params={"Lab": 30, "Reform": 28, "forecast": "true"})
    forecast = body.json()["forecast"]
    assert 0 <= forecast["p_hung"] <= 1 and forecast["n_sims"] == 2000
    # the forecast page's and the command's sentence (psephos.forecast.no_majority_sentence)
    sentence = no_majority_sentence(psephos.load("2024"), forecast["p_hung"])
    assert forecast["no_majority_sentence"] == sentence
    assert f'id="swing-forecast-hung">{sentence}</p>' in page.text
    again = client.get("/api/swingometer", params={"Lab": 30, "Reform": 28, "forecast": "true"})
    assert again.json()["forecast"] == forecast  # fixed seed: same poll, same answer
    assert client.get("/swingometer").status_code == 200  # defaults: the base result
    assert client.get("/api/swingometer", params={"model": "nope"}).status_code == 422
    assert client.get("/api/swingometer", params={"Lab": 101}).status_code == 422


def test_advice_page_and_twin(client: TestClient) -> None:
    params = {"seat": "Croydon East", "prefer": "LD, Green", "against": "Reform"}
    body = client.get("/api/advice", params=params).json()
    assert body["code"] == "E14001186"
    assert body["recommendation"] in {"LD", "Green"}
    assert body["reasoning"]
    page = client.get("/advice", params=params)
    assert page.status_code == 200
    assert body["headline"] in page.text.replace("&#39;", "'")
    by_point = client.get("/api/advice", params={"lat": 51.55, "lon": -0.18, "prefer": "Lab"})
    assert by_point.json()["name"] == "Hampstead and Highgate"
    assert client.get("/advice").status_code == 200
    assert client.get("/api/advice").status_code == 422
    twin = client.get("/api/advice", params={"seat": "Croydon East", "prefer": "Nope"})
    assert twin.status_code == 404
    bad = client.get("/advice", params={"seat": "Croydon East", "prefer": "Nope"})
    assert bad.status_code == twin.status_code and "Unknown party" in bad.text


def test_coalition_builder_matches_government_package(client: TestClient) -> None:
    params = {"election": "2017", "government": ["Con"], "supporters": ["DUP"]}
    body = client.get("/api/coalitions", params=params).json()
    expected = assess(parliament(psephos.load("2017"), government=["Con"]), ["Con"], ["DUP"])
    assert body["assessment"]["working_majority"] == expected.working_majority == 13
    assert body["assessment"]["commands_house"] is True
    page = client.get("/coalitions", params=params)
    assert page.status_code == 200 and 'id="coalition-verdict"' in page.text
    alone = client.get("/api/coalitions", params={"election": "2017", "government": ["Con"]})
    assert alone.json()["assessment"]["commands_house"] is False
    assert client.get("/coalitions").status_code == 200
    assert client.get("/api/coalitions", params={"government": ["<b>"]}).status_code == 422
    canadian = {"election": "canada-2021", "government": ["Liberal"], "supporters": ["Green"]}
    body = client.get("/api/coalitions", params=canadian).json()
    assert (body["assessment"]["government"], body["assessment"]["supporters"]) == ("LPC", "GPC")


@pytest.mark.parametrize("election", ["2017", "canada-2021"])
def test_coalition_builder_uses_the_house_rules_govern_uses(
    client: TestClient, election: str
) -> None:
    """The page and ``psephos govern`` count the same House: the country's abstentionists,
    Speaker and deputies, by default in both."""
    report = client.get("/api/coalitions", params={"election": election}).json()["report"]
    expected = command_json("govern", election)
    for key in ("abstentionists", "deputy_speakers", "n_voting", "working_threshold", "headline"):
        assert report[key] == expected[key], key


@pytest.mark.storage
def test_results_night_nowcast(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    open_night(client, token)
    result = psephos.load("2024")
    for position in range(30):
        seat = result.result_at(position)
        votes = {party: round(count) for party, count in seat.votes.items()}
        response = client.post(
            "/api/declarations",
            json={"election": "next", "seat": seat.constituency.code, "votes": votes},
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 200, response.text
    night = client.get("/api/results-night").json()
    assert night["n_declared"] == 30
    projection = night["projection"]
    assert projection["status"] in {"majority", "hung", "too-close"}
    projected = sum(row["projected"] for row in projection["parties"])
    assert 600 <= projected <= 650
    assert sum(row["declared"] for row in projection["parties"]) <= 30
    for row in projection["parties"]:
        assert row["declared"] <= row["low"] <= row["projected"] <= row["high"] <= 650
    assert 'id="projection-table"' in client.get("/results-night").text


def test_the_swingometer_projects_a_canadian_election_as_psephos_project_does(
    client: TestClient,
) -> None:
    """Canada's bundled elections are offered; a Canadian base gets Canada's parties as
    sliders under "Canada vote shares", and the seats the page shows are `psephos project`'s
    for the same poll."""
    import re

    from psephos.jurisdictions import CANADA

    base = CANADA.latest_id
    sliders = dict(zip(CANADA.poll_parties, (33.0, 34.0, 18.0, 8.0, 2.0, 5.0), strict=False))
    page = client.get("/swingometer", params={"base": base, **sliders})
    assert page.status_code == 200, page.text
    for election_id in CANADA.election_ids:
        assert f'<option value="{election_id}"' in page.text
    assert "<legend>Canada vote shares (%)</legend>" in page.text
    assert sorted(re.findall(r'type="range" name="([^"]+)"', page.text)) == sorted(sliders)
    assert "Great Britain" not in page.text and 'id="save-scenario"' in page.text
    poll = " ".join(f"{party} {share:g}" for party, share in sliders.items())
    command = command_json("project", "--from", base, "--poll", poll)
    shown = re.findall(
        r'</svg>([^<]+)</td><td class="num">(\d+)</td><td class="num">([^<]+)</td>', page.text
    )
    election = psephos.load(base)
    assert shown == [
        (election.label(row["party"]), str(row["seats"]), f"{row['change']:+d}")
        for row in command["rows"]
    ]
    assert sum(int(seats) for _, seats, _ in shown) == election.n_seats
