"""Results night declarations: a tie for first place is decided by lot and the declaration
says who won it; one party does not stand twice; the forms keep the night declared to and
word a refusal as their JSON twin does."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient
from web_helpers import (
    declare,
    declare_form,
    declare_refusal,
    open_night,
    page_error,
    page_token,
    post_replay,
)

#: Every test here stores what the app keeps: it runs on PostgreSQL as well (conftest).
pytestmark = pytest.mark.storage

CROYDON_EAST = "E14001186"  # Lab in 2024


def _declare(client: TestClient, token: str, **fields: str) -> tuple[int, str]:
    return declare_form(client, token, **{"seat": CROYDON_EAST, **fields})


def test_a_tie_for_first_place_is_counted_for_who_won_the_lot(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    open_night(client, token)
    token = page_token(client, "/organisers/declare")
    status, page = _declare(client, token, votes_text="Lab: 20000\nCon: 20000\nGreen: 100")
    assert status == 422
    assert declare_refusal(page) == (
        "Won by lot: Con and Lab are tied for first place on 20,000 votes; a tie is decided "
        "by lot, so say which of them won it"
    )
    assert (
        'value="Lab: 20000' not in page and "Lab: 20000\nCon: 20000\nGreen: 100</textarea>" in page
    )
    wrong = _declare(client, token, votes_text="Lab: 20000\nCon: 20000", won_by_lot="Green")
    assert wrong[0] == 422 and "'Green' is none of the tied candidates (Con and Lab)" in wrong[1]
    for winner, sentence in [
        ("Labour", "Lab hold: won by lot after a tie with Con"),
        ("con", "Con gain from Lab: won by lot after a tie with Lab"),
    ]:
        status, page = _declare(
            client, token, votes_text="Lab: 20000\nCon: 20000\nGreen: 100", won_by_lot=winner
        )
        assert status == 200 and "Declaration " in page, page
        seat = client.get(f"/api/results-night/seats/{CROYDON_EAST}").json()
        assert seat["outcome_sentence"] == sentence
        assert seat["candidates"][0]["party"] == seat["winner"]
    # who won the lot changed: a correction, not the same result again
    assert seat["revision"] == 2
    night = client.get("/api/results-night").json()
    assert night["declarations"][0]["majority_text"] == "tie, won by lot"
    # no tie, no lot
    status, page = _declare(client, token, votes_text="Lab: 20001\nCon: 20000", won_by_lot="Lab")
    assert status == 422
    assert declare_refusal(page) == (
        "Won by lot: is only for a tie for first place, and Lab has the most votes"
    )


def test_the_api_takes_who_won_the_lot_by_candidate_name(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    open_night(client, token)
    body = {
        "election": "next",
        "seat": CROYDON_EAST,
        "candidates": [
            {"name": "Ann Smith", "party": "Independent", "votes": 500},
            {"name": "Bob Jones", "party": "Independent", "votes": 500},
            {"name": "Cat Brown", "party": "Labour", "votes": 400},
        ],
    }
    refused = declare(client, token, body)
    assert refused.status_code == 422
    [problem] = refused.json()["detail"]
    assert problem["field"] == "won_by_lot" and problem["label"] == "Won by lot"
    ambiguous = declare(client, token, {**body, "won_by_lot": "Independent"})
    assert ambiguous.status_code == 422 and "names more than one" in ambiguous.text
    chosen = declare(client, token, {**body, "won_by_lot": "bob jones"})
    assert chosen.status_code == 200, chosen.text
    seat = client.get(f"/api/results-night/seats/{CROYDON_EAST}").json()
    assert seat["candidates"][0]["name"] == "Bob Jones" and seat["winner"] == "Ind"


def test_a_replayed_tie_is_counted_for_who_won_the_lot_as_the_api_counts_it(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A replayed file says who won the lot in a ``won_by_lot`` column, as ``psephos nowcast
    feed`` reads it (:func:`psephos.io.declarations.lot_winner`); without one, its tie is
    refused in the API's words, not counted for the file's first."""
    client, token = organiser_client
    open_night(client, token)
    content = f"seat,party,votes\n{CROYDON_EAST},Con,300\n{CROYDON_EAST},Lab,300\n"
    page = html.unescape(post_replay(client, token, "next", content).text)
    assert page_error(page, "replay") == (
        "Not replayed: declaration CSV rows 2-3: won_by_lot: Con and Lab are tied for first "
        "place on 300 votes; a tie is decided by lot, so say which of them won it."
    )
    assert client.get("/api/results-night").json()["declarations"] == []
    content = (
        f"seat,party,votes,won_by_lot\n{CROYDON_EAST},Con,300,\n{CROYDON_EAST},Lab,300,Labour\n"
    )
    post_replay(client, token, "next", content)
    seat = client.get(f"/api/results-night/seats/{CROYDON_EAST}").json()
    assert seat["winner"] == "Lab" and seat["outcome_sentence"].endswith(
        "won by lot after a tie with Con"
    )


@pytest.mark.parametrize(
    "typed",
    [
        "Conservative: 20000\nLabour: 19000\nLabour: 100",
        "Ann | Labour Party | 19000\nBob | Labour | 100\nCat | Conservative | 20000",
    ],
)
def test_one_party_is_not_given_two_candidates(
    organiser_client: tuple[TestClient, str], typed: str
) -> None:
    client, token = organiser_client
    open_night(client, token)
    token = page_token(client, "/organisers/declare")
    status, page = _declare(client, token, votes_text=typed)
    assert status == 422
    assert "(19,000 and 100 votes): a party stands one candidate in a seat" in declare_refusal(page)
    assert client.get("/api/results-night").json()["declarations"] == []


def test_the_form_keeps_the_night_declared_to(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    open_night(client, token)
    open_night(client, token, "rehearsal")  # opened last
    token = page_token(client, "/organisers/declare")
    status, page = _declare(client, token, election="rehearsal", votes_text="Lab: 10\nCon: 5")
    assert status == 200 and "Declaration created" in page
    form = page.split('id="declare-form"')[1]
    assert 'name="election" value="rehearsal"' in form
    shown = client.get("/organisers/declare", params={"election": "next"}).text
    assert 'name="election" value="next"' in shown.split('id="declare-form"')[1]
    # a night not open: the site's own
    shown = client.get("/organisers/declare", params={"election": "closed"}).text
    assert 'name="election" value="next"' in shown.split('id="declare-form"')[1]


def test_a_night_may_be_opened_on_every_bundled_country_s_election(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, _token = organiser_client
    page = client.get("/organisers/declare").text
    menu = page.split('name="base"')[1].split("</select>")[0]
    assert 'value="canada-2021"' in menu and 'value="2024"' in menu


def test_a_refused_declaration_names_its_field_as_the_twin_does(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    open_night(client, token)
    token = page_token(client, "/organisers/declare")
    status, page = _declare(client, token, votes_text="Con: 99999999999\nLab: 20000")
    assert status == 422
    assert declare_refusal(page) == (
        "line 'Con: 99999999999': votes: more than 100,000,000 (more than any seat's "
        "electorate) ('99999999999')"
    )
    status, page = _declare(client, token, votes_text="Lab: 10", election="no night!")
    assert status == 422 and declare_refusal(page).startswith("Election id: use an election id")
