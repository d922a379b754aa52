"""A refused input on the results-night pages (a declaration, a replayed file, a night to
open, a filter) shows its page again with the form, as typed, and the refusal above it, with
the status (and message) of the JSON twin that refuses the same input."""

from __future__ import annotations

from html import unescape

import pytest
from fastapi.testclient import TestClient
from web_helpers import declare, declare_form, declare_refusal, open_night, page_token

from psephos.web.schemas import UNKNOWN_PARTY_HINT

#: Every test here stores what the app keeps: it runs on PostgreSQL as well (conftest).
pytestmark = pytest.mark.storage

CROYDON_EAST = "E14001186"
#: A seat of the 2010 boundaries that is not one on 2024's.
OLD_SEAT = "E14000768"


def _nothing_declared(client: TestClient, night: str = "next") -> bool:
    return client.get("/api/declarations", params={"election": night}).json()["declarations"] == []


#: Declarations the API refuses: the JSON body's seat and votes, and what the form types.
REFUSED_DECLARATIONS = {
    "seat-not-on-the-boundaries": (OLD_SEAT, {"Lab": 100}, "Lab: 100", "next"),
    "party-not-of-the-night": (CROYDON_EAST, {"Lab": 100, "LPC": 90}, "Lab: 100\nLPC: 90", "next"),
    "more-votes-than-electors": (CROYDON_EAST, {"Lab": 900_000}, "Lab: 900000", "next"),
    "night-not-open": (CROYDON_EAST, {"Lab": 100}, "Lab: 100", "nowhere"),
}


@pytest.mark.parametrize("case", sorted(REFUSED_DECLARATIONS))
def test_a_refused_declaration_has_its_twin_s_status_above_the_form(
    organiser_client: tuple[TestClient, str], case: str
) -> None:
    client, token = organiser_client
    open_night(client, token)
    seat, votes, typed, night = REFUSED_DECLARATIONS[case]
    twin = client.post(
        "/api/declarations",
        json={"election": night, "seat": seat, "votes": votes},
        headers={"X-CSRF-Token": token},
    )
    form = {"election": night, "seat": seat, "votes_text": typed}
    page = client.post(
        "/organisers/declare",
        data={**form, "csrf_token": page_token(client, "/organisers/declare")},
    )
    assert twin.status_code in {404, 422}, twin.text
    assert page.status_code == twin.status_code
    shown = unescape(page.text)
    assert f"Not recorded: {twin.json()['detail']}" in shown
    assert 'id="declare-form"' in shown and f'value="{seat}"' in shown
    assert f'value="{night}"' in shown and f"{typed}</textarea>" in shown
    assert _nothing_declared(client)


PAPINEAU = "24055"
#: Declarations whose labels only the night reads: a label psephos does not know, a tie
#: won by lot named by the night's own code (the CPC, read from "Conservative" on a
#: Canadian night), each as the API's body and as the form types it.
NIGHT_READ = {
    "unknown label": (
        {"votes": {"LPC": 100, "Flibble": 5}},
        {"votes_text": "LPC: 100\nFlibble: 5"},
    ),
    "lot named by the night's code": (
        {
            "candidates": [
                {"name": "Ann", "party": "Conservative", "votes": 100},
                {"name": "Bob", "party": "Liberal", "votes": 100},
            ],
            "won_by_lot": "CPC",
        },
        {"votes_text": "Ann | Conservative | 100\nBob | Liberal | 100", "won_by_lot": "CPC"},
    ),
}


@pytest.mark.parametrize("case", sorted(NIGHT_READ))
def test_a_declaration_s_night_is_known_before_its_labels_are_read(
    organiser_client: tuple[TestClient, str], case: str
) -> None:
    """The night first, then the labels, as ``psephos nowcast feed`` reads a feed against its
    base: a declaration for a night that is not open is refused as such (404) whatever its
    labels, on the API and the form alike; on an open night its labels are read among the
    night's parties, so an unknown one is refused naming the night's parties (a Canadian
    night's, not the UK's) and a tie's lot may name the night's own code."""
    client, token = organiser_client
    body, typed = NIGHT_READ[case]
    refused = declare(client, token, {"election": "nowhere", "seat": PAPINEAU, **body})
    assert refused.status_code == 404, refused.text
    assert refused.json()["detail"].startswith("No results night 'nowhere'")
    status, page = declare_form(client, token, election="nowhere", seat=PAPINEAU, **typed)
    assert status == 404 and declare_refusal(page) == refused.json()["detail"]

    open_night(client, token, "ca", base="canada-2019")
    answer = declare(client, token, {"election": "ca", "seat": PAPINEAU, **body})
    status, page = declare_form(client, token, election="ca", seat="24056", **typed)
    if case == "unknown label":
        unknown = (
            "Unknown party 'Flibble'; known parties: LPC, CPC, BQ, NDP, GPC, PPC, Ind, Other. "
            + UNKNOWN_PARTY_HINT
        )
        assert answer.status_code == 422
        assert answer.json()["detail"] == [{"field": "votes", "label": "Votes", "message": unknown}]
        # the form's lines are candidates, each with its party
        assert status == 422 and declare_refusal(page) == f"Party: {unknown}"
    else:
        assert answer.status_code == 200, answer.text
        assert status == 200 and declare_refusal(page) is None
        seat = client.get(f"/api/results-night/seats/{PAPINEAU}", params={"election": "ca"})
        assert seat.json()["winner"] == "CPC"  # the lot's winner, by the night's code


#: Replayed files refused: the night, the file's name and bytes, the status and what the page
#: says (the reader's refusals, then the batch API's: a night not open, more votes than
#: electors).
REFUSED_REPLAYS = {
    "night-not-open": (
        "nowhere",
        b"seat,party,votes\nE14001186,Lab,5\n",
        404,
        "No results night 'nowhere': an organiser must open it first",
    ),
    "bad-vote-count": (
        "next",
        b"seat,party,votes\nE14001186,Lab,many\n",
        422,
        "row 2: votes: not a whole number ('many')",
    ),
    "seat-not-in-the-election": (
        "next",
        f"seat,party,votes\n{OLD_SEAT},Lab,5\n".encode(),
        422,
        f"row 2: No constituency '{OLD_SEAT}' in election '2024'",
    ),
    "party-not-standing": (
        "next",
        b"seat,party,votes\nE14001186,Whigs,5\n",
        422,
        "row 2: party: Unknown party 'Whigs'",
    ),
    "more-votes-than-electors": (
        "next",
        b"seat,party,votes\nE14001186,Lab,900000\n",
        422,
        "valid votes is more than the electorate",
    ),
    "not-text": ("next", b"PK\x03\x04\x00\x00", 422, "is not text, nor an .xlsx workbook"),
    "no-vote": (
        "next",
        b"seat,party,votes\nCroydon East,Lab,0\nCroydon East,Con,0\n",
        422,
        "declaration CSV rows 2-3, Croydon East (E14001186): a declaration needs at least one",
    ),
    "a-seat-pasted-twice": (
        "next",
        b"seat,party,candidate,votes\nE14001186,Lab,A,5\nE14001186,Con,B,4\n"
        b"E14001186,Lab,A,5\nE14001186,Con,B,4\n",
        422,
        "declaration CSV rows 2 and 4 are the same row (a duplicate: the same candidate",
    ),
    "one-row-of-a-seat-again": (
        "next",
        b"seat,party,votes\nE14001186,Lab,5\nE14001186,Con,4\nE14001137,Con,6\n"
        b"E14001137,Lab,4\nE14001186,Con,7\n",
        422,
        "seat 'E14001186' is declared again without Lab, given in its earlier rows",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED_REPLAYS))
def test_a_refused_replay_is_said_above_the_replay_form(
    organiser_client: tuple[TestClient, str], case: str
) -> None:
    client, token = organiser_client
    open_night(client, token)
    night, body, status, message = REFUSED_REPLAYS[case]
    form = {"csrf_token": token, "election": night, "unknown_parties": "error", "sheet": ""}
    page = client.post(
        "/organisers/replay", data=form, files={"results_file": ("night", body, "text/csv")}
    )
    assert page.status_code == status, page.text
    shown = unescape(page.text)
    error = shown.split('id="replay-error" role="alert">Not replayed: ')[1].split("</p>")[0]
    assert message in error
    assert 'id="replay-form"' in shown and 'id="declare-form"' in shown
    replay_form = shown.split('id="replay-form"')[1]
    assert f'name="election" value="{night}"' in replay_form
    assert _nothing_declared(client)


def test_a_replay_refused_as_the_batch_api_refuses_it_has_its_status_and_message(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A night that is not open: 404 on the page as from ``POST /api/declarations/batch``,
    with its message; the form keeps the night typed and the choice for unknown parties."""
    client, token = organiser_client
    open_night(client, token)
    twin = client.post(
        "/api/declarations/batch",
        json={"declarations": [{"election": "nowhere", "seat": CROYDON_EAST, "votes": {"Lab": 5}}]},
        headers={"X-CSRF-Token": token},
    )
    form = {"csrf_token": token, "election": "nowhere", "unknown_parties": "other"}
    files = {"results_file": ("night.csv", b"seat,party,votes\nE14001186,Lab,5\n", "text/csv")}
    page = client.post("/organisers/replay", data=form, files=files)
    assert page.status_code == twin.status_code == 404
    shown = unescape(page.text)
    assert f"Not replayed: {twin.json()['detail']}" in shown
    assert '<option value="other" selected>' in shown


def test_a_night_that_cannot_open_is_said_above_the_form(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A base election psephos does not bundle: the JSON twin's 404 and message, the form
    kept as typed, and no night opened."""
    client, token = organiser_client
    fields = {"id": "new-night", "name": "A new night", "base": "2099"}
    twin = client.post("/api/results-elections", json=fields, headers={"X-CSRF-Token": token})
    page = client.post(
        "/organisers/elections",
        data={**fields, "csrf_token": page_token(client, "/organisers/declare")},
    )
    assert page.status_code == twin.status_code == 404
    shown = unescape(page.text)
    assert f"Not opened: {twin.json()['detail']}" in shown
    opening = shown.split('id="open-election-form"')[1]
    assert 'value="new-night"' in opening and 'value="A new night"' in opening
    assert client.get("/api/results-elections").json()["elections"] == []


@pytest.mark.parametrize(
    "refused", [{"party": "Foo"}, {"region": "Narnia"}, {"party": "Lab", "region": "Narnia"}]
)
def test_a_refused_filter_is_said_above_the_night_s_filter(
    organiser_client: tuple[TestClient, str], refused: dict[str, str]
) -> None:
    client, token = organiser_client
    open_night(client, token)
    twin = client.get("/api/results-night", params=refused)
    page = client.get("/results-night", params=refused)
    assert page.status_code == twin.status_code == 422
    shown = unescape(page.text)
    assert f"Not filtered: {twin.json()['detail']}" in shown
    assert 'id="night-filter"' in shown and 'id="declarations-table"' in shown
    assert f'name="party" value="{refused.get("party", "")}"' in shown
    assert 'id="no-declarations"' not in shown  # not "no declarations match these filters"


def test_a_night_opened_again_with_another_base_is_refused_above_the_form(
    organiser_client: tuple[TestClient, str],
) -> None:
    """Opening an id again with another base (or name) would have answered ``exists`` and kept
    the old base, so changes read as against 2024 were against the 2019 notional result: 409,
    the night as it was; the same fields again still answer ``exists``."""
    client, token = organiser_client
    fields = {"id": "r24", "name": "Replay 2024", "base": "2019-notional-2024"}
    headers = {"X-CSRF-Token": token}
    assert client.post("/api/results-elections", json=fields, headers=headers).status_code == 200
    again = client.post("/api/results-elections", json=fields, headers=headers)
    assert again.status_code == 200 and again.json()["status"] == "exists"
    other = {**fields, "base": "2024"}
    twin = client.post("/api/results-elections", json=other, headers=headers)
    assert twin.status_code == 409
    assert twin.json()["detail"] == (
        "Results night 'r24' is already open, with base '2019-notional-2024', not base '2024'; "
        "declarations on it compare with its base as opened. Open the other night under a new id."
    )
    page = client.post(
        "/organisers/elections",
        data={**other, "csrf_token": page_token(client, "/organisers/declare")},
    )
    assert page.status_code == 409
    assert f"Not opened: {twin.json()['detail']}" in unescape(page.text)
    renamed = {"id": "r24", "name": "Replay 2024 again"}
    assert client.post("/api/results-elections", json=renamed, headers=headers).status_code == 409
    nights = client.get("/api/results-elections").json()["elections"]
    assert [(n["base_election"], n["name"]) for n in nights] == [
        ("2019-notional-2024", "Replay 2024")
    ]
