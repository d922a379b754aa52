"""Target list page and its JSON twin (:mod:`psephos.targeting.targets`)."""

from __future__ import annotations

from fastapi.testclient import TestClient

import psephos
from psephos.targeting.targets import target_list


def test_targets_twin_matches_the_library(client: TestClient) -> None:
    params = {"election": "2019", "attacker": "Lab", "defender": "Con", "top": 10}
    body = client.get("/api/targets", params=params).json()
    expected = target_list(psephos.load("2019"), "Lab", "Con")
    assert body["n_listed"] == len(expected.seats)
    assert [row["code"] for row in body["seats"]] == [s.code for s in expected.seats[:10]]
    assert body["seats"][0]["win_probability"] == expected.seats[0].win_probability
    by_margin = client.get("/api/targets", params={**params, "rank": "margin"}).json()
    margins = [abs(row["margin_pct"]) for row in by_margin["seats"]]
    assert margins == sorted(margins) and by_margin["seats"][0]["rank"] == 1


def test_targets_page_and_bad_pair(client: TestClient) -> None:
    page = client.get("/targets", params={"election": "2019", "attacker": "LD", "defender": "Con"})
    assert page.status_code == 200 and 'id="target-table"' in page.text
    assert 'href="/targets"' in page.text
    same = client.get("/api/targets", params={"attacker": "Lab", "defender": "Lab"})
    assert same.status_code == 400
    assert same.json()["detail"] == "Attacker and defender must be different parties."
    html = client.get("/targets", params={"attacker": "Lab", "defender": "Lab"})
    assert html.status_code == 400 and "must be different parties" in html.text
    assert client.get("/api/targets", params={"kind": "hold"}).status_code == 422
