"""The tactical-voting audit page and its JSON twin answer as ``psephos tactical-audit``."""

from __future__ import annotations

import html
import math

import pytest
from fastapi.testclient import TestClient

import psephos
from cli_helpers import command_json
from psephos.numbers import plain
from psephos.tactical.audit import GOALS


@pytest.mark.parametrize(
    ("params", "options"),
    [({}, ()), ({"election": "2024", "method": "uniform"}, ("-e", "2024", "--method", "uniform"))],
)
def test_the_web_audits_as_the_command_does(
    client: TestClient, params: dict[str, str], options: tuple[str, ...]
) -> None:
    # the command's JSON as the web carries its numbers
    expected = plain(command_json("tactical-audit", *options, parse_constant=lambda _: math.nan))
    response = client.get("/api/tactical-audit", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    # the same keys (the command's JSON has the page's title too) and the same values
    assert body == expected
    assert body["title"].startswith(f"{body['election']}: psephos vs the sites")
    assert "audit_only_rate" in body and "consensus_rate" not in body
    election = psephos.load(body["election"])
    for row in body["differences"]:
        assert row["winner_label"] == election.label(row["winner"])
    page = client.get("/tactical-audit", params=params)
    assert page.status_code == 200 and body["title"] in page.text
    for row in body["differences"][:3]:
        assert row["psephos_pick_label"] in page.text and row["name"] in page.text


def test_the_web_refuses_what_the_command_refuses(client: TestClient) -> None:
    for params, words in (
        ({"election": "2017"}, "use 2019 or 2024"),
        ({"method": "astrology"}, "Unknown pre-election method"),
    ):
        response = client.get("/api/tactical-audit", params=params)
        assert response.status_code == 400 and words in response.json()["detail"]
    assert client.get("/api/tactical-audit", params={"method": "Bad!"}).status_code == 422
    assert 'href="/tactical-audit"' in client.get("/tactical").text


def test_the_page_names_the_built_party_as_the_election_does(client: TestClient) -> None:
    """The 2019 page's psephos Leave row builds the Brexit Party, the Reform code's label in
    2019, not "Reform"."""
    build = GOALS["leave"].build
    assert build is not None
    label = psephos.load("2019").label(build)
    page = client.get("/tactical-audit", params={"election": "2019"})
    assert page.status_code == 200
    assert f"building {label} where" in page.text and f"building {build} " not in page.text


@pytest.mark.parametrize("params", [{"election": "2017"}, {"method": "astrology"}])
def test_a_refused_audit_is_said_above_the_form_with_the_twin_s_status(
    client: TestClient, params: dict[str, str]
) -> None:
    """An election without site picks, or a method psephos does not know, is said above the
    form (not on an error page without it), in the twin's words and with its status."""
    twin = client.get("/api/tactical-audit", params=params)
    page = client.get("/tactical-audit", params=params)
    assert page.status_code == twin.status_code == 400
    said = page.text.split('id="audit-error" role="alert">Not audited: ')[1].split("</p>")[0]
    assert html.unescape(said) == twin.json()["detail"]
    assert 'id="audit-form"' in page.text and 'id="audit-sites"' not in page.text
