"""Other electoral systems page and its JSON twin (:mod:`psephos.systems`)."""

from __future__ import annotations

from fastapi.testclient import TestClient

import psephos
from psephos.systems import get_system


def test_systems_twin_matches_the_library(client: TestClient) -> None:
    body = client.get(
        "/api/systems", params={"election": "2019", "system": ["fptp", "dhondt-national"]}
    ).json()
    assert body["election"] == "2019"
    assert [s["system"] for s in body["systems"]] == ["fptp", "dhondt-national"]
    expected = get_system("dhondt-national").allocate(psephos.load("2019")).seats_by_party()
    got = {p["party"]: p["seats"]["dhondt-national"] for p in body["parties"]}
    assert {k: v for k, v in expected.items() if v} == {k: v for k, v in got.items() if v}
    fptp = next(s for s in body["systems"] if s["system"] == "fptp")
    assert fptp["seats"] == 650 and fptp["largest_party"] == "Con" and fptp["majority"]
    pr = next(s for s in body["systems"] if s["system"] == "dhondt-national")
    assert pr["gallagher"] < fptp["gallagher"]


def test_systems_page_and_bad_system(client: TestClient) -> None:
    page = client.get("/systems", params={"election": "2024"})
    assert page.status_code == 200
    assert 'id="systems-chart"' in page.text and "Gallagher index" in page.text
    assert 'href="/systems"' in page.text  # in the navigation
    bad = client.get("/api/systems", params={"system": "borda"})
    assert bad.status_code == 400
    assert "Unknown electoral system 'borda'" in bad.json()["detail"]
    html = client.get("/systems", params={"system": "borda"})
    assert html.status_code == 400 and "Unknown electoral system" in html.text
