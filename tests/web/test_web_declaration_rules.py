"""The declaration API and form read a declaration's parties by the rules ``psephos nowcast
feed`` reads a feed by: UKIP is a party of its own on a night after 2017 (counted as Other,
with a note), a party that does not stand in the seat's nation is noted, and a seat declared
again gives every party of its stored declaration."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_helpers import open_night, page_token

#: Every test here stores what the app keeps: it runs on PostgreSQL as well (conftest).
pytestmark = pytest.mark.storage

CLACTON = "E14001174"


def _declare(client: TestClient, token: str, body: dict[str, Any], night: str = "next") -> Any:
    return client.post(
        "/api/declarations", json={"election": night, **body}, headers={"X-CSRF-Token": token}
    )


@pytest.mark.parametrize(
    "body",
    [
        {"votes": {"Con": 20000, "Lab": 10000, "UKIP": 5000}},
        {
            "candidates": [
                {"name": "a", "party": "Conservative", "votes": 20000},
                {"name": "b", "party": "Labour", "votes": 10000},
                {"name": "c", "party": "UK Independence Party", "votes": 5000},
            ]
        },
    ],
    ids=["votes", "candidates"],
)
def test_ukip_is_other_with_a_note_on_a_night_after_2017(
    organiser_client: tuple[TestClient, str], body: dict[str, Any]
) -> None:
    """The feed's CSV reader counts UKIP as Other on a 2017+ base (a party of its own since
    2019): the API does too, votes per party or candidates alike, and says so."""
    client, token = organiser_client
    open_night(client, token, "ni", base="2019-notional-2024")
    response = _declare(client, token, {"seat": "Clacton", **body}, "ni")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["votes"] == {"Con": 20000, "Lab": 10000, "Other": 5000}
    assert "a party of its own by then, is counted as Other" in answer["note"]
    assert "Clacton (E14001174)" in answer["note"]


def test_two_ukip_candidates_are_two_others_and_ukip_beside_reform_is_other(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    open_night(client, token, "ni", base="2019-notional-2024")
    two = _declare(
        client,
        token,
        {
            "seat": CLACTON,
            "candidates": [
                {"name": "a", "party": "Reform UK", "votes": 20000},
                {"name": "b", "party": "UK Independence Party", "votes": 300},
                {"name": "c", "party": "UKIP", "votes": 100},
            ],
        },
        "ni",
    )
    assert two.status_code == 200, two.text
    assert two.json()["votes"] == {"Other": 400, "Reform": 20000}
    beside = _declare(client, token, {"seat": "Bath", "votes": {"Reform": 900, "UKIP": 50}}, "ni")
    assert beside.status_code == 200, beside.text
    assert beside.json()["votes"] == {"Other": 50, "Reform": 900}


def test_the_form_counts_ukip_as_other_with_the_note(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    open_night(client, token)
    page = client.post(
        "/organisers/declare",
        data={
            "election": "next",
            "seat": "Clacton",
            "votes_text": "a | Reform UK | 20000\nb | UKIP | 500\nc | Conservative | 9000",
            "csrf_token": page_token(client, "/organisers/declare"),
        },
    )
    assert page.status_code == 200, page.text
    assert "UKIP stood on a night after 2024" in unescape(page.text) or (
        "UKIP stood beside Reform UK" in unescape(page.text)
    )
    stored = client.get("/api/declarations", params={"election": "next"}).json()
    assert stored["declarations"][0]["votes"] == {"Con": 9000, "Other": 500, "Reform": 20000}


def test_a_party_that_does_not_stand_in_the_seat_s_nation_is_noted(
    organiser_client: tuple[TestClient, str],
) -> None:
    """Labour and the SNP in Foyle: noted by the API and on the form's page, as ``psephos
    nowcast feed`` notes them (a row pasted into the wrong seat?), and counted as given."""
    client, token = organiser_client
    open_night(client, token, "ni", base="2019-notional-2024")
    body = {"seat": "Foyle", "votes": {"SDLP": 20000, "SF": 9000, "Lab": 50, "Con": 40}}
    answer = _declare(client, token, body, "ni").json()
    assert answer["votes"]["Lab"] == 50
    assert answer["note"] == (
        "Foyle (N05000008): Lab does not stand in Northern Ireland; counted as given, but "
        "check that these votes are this seat's (a row pasted into the wrong seat?)."
    )
    page = client.post(
        "/organisers/declare",
        data={
            "election": "ni",
            "seat": "Clacton",
            "votes_text": "a | Reform UK | 20000\nb | Conservative | 9000\nX | SNP | 10",
            "csrf_token": page_token(client, "/organisers/declare"),
        },
    )
    assert "SNP does not stand in England" in unescape(page.text)


def test_a_correction_names_every_party_of_the_stored_declaration(
    organiser_client: tuple[TestClient, str],
) -> None:
    """One rule, whether or not a correction adds a party: it gives every party of the stored
    declaration, 0 for one taken out (a party typed by mistake, or swapped for another)."""
    client, token = organiser_client
    open_night(client, token, "ni", base="2019-notional-2024")
    first = {"SDLP": 20000, "SF": 9000, "Lab": 50}
    assert _declare(client, token, {"seat": "Foyle", "votes": first}, "ni").status_code == 200
    swapped = _declare(
        client, token, {"seat": "Foyle", "votes": {"SDLP": 20000, "SF": 9000, "SNP": 50}}, "ni"
    )
    assert swapped.status_code == 422
    assert swapped.json()["detail"].startswith(
        "Foyle (N05000008) is declared again without Lab, given in its stored declaration"
    )
    for votes in ({"SDLP": 20000, "SF": 9000, "Lab": 0}, {"SDLP": 20000, "SF": 9001}):
        answer = _declare(client, token, {"seat": "Foyle", "votes": votes}, "ni")
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "corrected"
    stored = client.get("/api/declarations", params={"election": "ni"}).json()
    assert stored["declarations"][0]["votes"] == {"SDLP": 20000, "SF": 9001}


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Green | Green | -4663", "line 'Green | Green | -4663': votes: negative ('-4663')"),
        ("Green: -4663", "line 'Green: -4663': votes: negative ('-4663')"),
        ("Green | Green | 12.5", "line 'Green | Green | 12.5': votes: not a whole number ('12.5')"),
        ("Green | Green | many", "line 'Green | Green | many' is not 'Name | Party | votes' or"),
    ],
)
def test_a_form_line_s_bad_count_is_said_as_the_feed_says_it(
    organiser_client: tuple[TestClient, str], typed: str, said: str
) -> None:
    """A negative count is a count, not a line of another shape: said as ``psephos nowcast
    feed`` says it ("votes: negative ('-12000')")."""
    client, token = organiser_client
    open_night(client, token)
    page = client.post(
        "/organisers/declare",
        data={
            "election": "next",
            "seat": "Chorley",
            "votes_text": f"Lab | Labour | 20000\n{typed}",
            "csrf_token": page_token(client, "/organisers/declare"),
        },
    )
    assert page.status_code == 422
    assert f"Not recorded: {said}" in unescape(page.text)


def test_the_form_suggests_the_seat_meant_as_the_api_does(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    open_night(client, token)
    typed = {"election": "next", "seat": "Rutland and Stamferd", "votes_text": "Con: 20000"}
    twin = _declare(client, token, {"seat": typed["seat"], "votes": {"Con": 20000}})
    page = client.post(
        "/organisers/declare",
        data={**typed, "csrf_token": page_token(client, "/organisers/declare")},
    )
    assert twin.json()["detail"].endswith("Did you mean 'Rutland and Stamford'?")
    assert f"Not recorded: {twin.json()['detail']}" in unescape(page.text)


def test_the_form_takes_the_declared_electorate_as_the_api_does(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The returning officer reads out the electorate: the form's box stores it, so the
    check against it and the turnout use it, not the base election's."""
    client, token = organiser_client
    open_night(client, token)
    typed = {"election": "next", "seat": "Clacton", "votes_text": "Reform: 21000\nCon: 12000"}
    token_field = {"csrf_token": page_token(client, "/organisers/declare")}
    refused = client.post(
        "/organisers/declare", data={**typed, **token_field, "electorate": "30,000"}
    )
    assert refused.status_code == 422
    assert "33,000 valid votes is more than the electorate (30,000)" in unescape(refused.text)
    assert 'value="30,000"' in refused.text  # kept as typed
    bad = client.post("/organisers/declare", data={**typed, **token_field, "electorate": "-5"})
    assert "Not recorded: Electorate: negative ('-5')" in unescape(bad.text)
    page = client.post("/organisers/declare", data={**typed, **token_field, "electorate": "75,959"})
    assert page.status_code == 200, page.text
    stored = client.get("/api/declarations", params={"election": "next", "format": "json"}).json()
    assert stored["declarations"][0]["electorate"] == 75959
