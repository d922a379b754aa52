"""Electoral pact page and its JSON twin (:mod:`psephos.pacts`)."""

from __future__ import annotations

from fastapi.testclient import TestClient

import psephos
from psephos.pacts import best_placed_stand_downs, optimise_pact, simulate_pact


def test_pact_twin_matches_the_library(client: TestClient) -> None:
    body = client.get("/api/pacts", params={"election": "2024", "bloc": "Con,Reform"}).json()
    base = psephos.load("2024")
    expected = simulate_pact(
        base, best_placed_stand_downs(base, ["Con", "Reform"]), bloc=["Con", "Reform"]
    )
    assert body["bloc"] == ["Con", "Reform"]
    assert body["bloc_seats_after"] == expected.bloc_seats_after
    assert body["n_stand_downs"] == len(expected.stand_downs) == len(body["ledger"])
    assert body["bloc_gain"] > 0
    by_party = {row["party"]: row for row in body["seats"]}
    assert by_party["Reform"]["stands_down_in"] > by_party["Con"]["stands_down_in"] > 0


def test_pact_optimised_with_a_limit(client: TestClient) -> None:
    params = {"election": "2024", "bloc": "Con,Reform", "optimise": "true", "max_per_party": 5}
    body = client.get("/api/pacts", params=params).json()
    plan = optimise_pact(psephos.load("2024"), bloc=["Con", "Reform"], max_per_party=5)
    assert body["optimised"] and body["n_stand_downs"] == len(plan.result.stand_downs)
    assert max(body["stand_downs_per_party"].values()) <= 5
    assert body["bloc_seats_after"] == plan.result.bloc_seats_after
    page = client.get("/pacts", params=params)
    assert page.status_code == 200 and 'id="pact-ledger"' in page.text


def test_pact_refuses_a_party_twice_in_the_bloc(client: TestClient) -> None:
    twice = client.get("/api/pacts", params={"bloc": "Lab,LD,Lab"})
    assert twice.status_code == 400 and "Lab is in the bloc twice" in twice.json()["detail"]
    page = client.get("/pacts", params={"bloc": "Lab,Labour"})
    assert page.status_code == 400 and "name each bloc party once" in page.text


def test_pact_page_and_bad_input(client: TestClient) -> None:
    page = client.get("/pacts")
    assert page.status_code == 200 and 'id="pact-seats"' in page.text
    assert 'href="/pacts"' in page.text
    bad = client.get("/api/pacts", params={"bloc": "Lab,Whigs"})
    assert bad.status_code == 404  # an unknown party, like an unknown seat
    assert "Party 'Whigs' is not in election" in bad.json()["detail"]
    limit = client.get("/api/pacts", params={"bloc": "Lab,LD", "max_per_party": 3})
    assert limit.status_code == 400 and "only applies when optimising" in limit.json()["detail"]
    html = client.get("/pacts", params={"bloc": "Lab,LD", "max_per_party": 3})
    assert html.status_code == 400 and "only applies when optimising" in html.text


def test_pact_form_with_a_blank_limit(client: TestClient) -> None:
    form = {"election": "2024", "bloc": "Lab,LD", "max_per_party": ""}
    assert client.get("/pacts", params=form).status_code == 200
    assert client.get("/api/pacts", params={**form, "max_per_party": "-1"}).status_code == 422


def test_pact_page_names_a_bloc_party_that_stood_nowhere(client: TestClient) -> None:
    params = {"election": "2019", "bloc": "Lab,TUV"}
    body = client.get("/api/pacts", params=params).json()
    assert body["absent_bloc"] == ["TUV"]
    assert body["notes"] == ["TUV stood in no seat of 2019: it adds nothing to the bloc."]
    assert body["notes"][0] in client.get("/pacts", params=params).text


def test_a_canadian_pact_is_titled_with_the_elections_name(client: TestClient) -> None:
    """Canadian names read as Canada's parties, and the answer names the election as the
    library does, not by its id."""
    body = client.get("/api/pacts", params={"election": "canada-2021", "bloc": "Liberal,NDP"})
    assert body.status_code == 200, body.text
    assert body.json()["bloc"] == ["LPC", "NDP"]
    assert body.json()["name"] == psephos.load("canada-2021").name != "canada-2021"
