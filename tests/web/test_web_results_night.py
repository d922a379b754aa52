"""Results night like a broadcaster's: candidate-level declarations, a replay of 2024 through
the API gives the real seat totals, live updates by server-sent events, per-seat pages."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from web_helpers import misaligned_headings, open_night

import psephos
from psephos.web.routes import results_night
from psephos.web.routes.results_night import NightQuery

CROYDON_EAST = "E14001186"


def _candidates(seat: psephos.model.ConstituencyResult) -> list[dict[str, object]]:
    return [
        {"name": c.name, "party": c.party_name or c.party, "code": c.party, "votes": c.votes}
        for c in seat.candidates
    ]


def _declarations_2024(positions: range) -> list[dict[str, object]]:
    """The 2024 result's seats at ``positions`` as declarations of the night ``replay-2024``,
    every candidate with name, ballot label, code and votes."""
    result = psephos.load("2024")
    return [
        {
            "election": "replay-2024",
            "seat": seat.constituency.code,
            "candidates": _candidates(seat),
            "electorate": seat.constituency.electorate,
        }
        for seat in (result.result_at(i) for i in positions)
    ]


def test_replaying_2024_through_the_api_gives_the_real_seat_totals(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    result = psephos.load("2024")
    declarations = _declarations_2024(range(result.n_seats))
    # Seats with two or more independents are why candidate-level declarations matter.
    assert any(
        sum(c["code"] == "Ind" for c in d["candidates"]) >= 2  # type: ignore[index,union-attr]
        for d in declarations
    )
    response = client.post(
        "/api/declarations/batch",
        json={"declarations": declarations},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 200, response.text
    assert response.json()["counts"]["created"] == 650
    night = client.get("/api/results-night", params={"election": "replay-2024"}).json()
    seats = {row["party"]: row["seats"] for row in night["parties"] if row["seats"]}
    assert seats == {p: n for p, n in result.seats_won().items() if n}
    assert seats["Lab"] == 411 and seats["Con"] == 121 and seats["LD"] == 72
    lab = next(row for row in night["parties"] if row["party"] == "Lab")
    assert lab["seat_change"] == 411 - psephos.load("2019-notional-2024").seats_won()["Lab"]
    projection = night["projection"]
    assert projection["status"] == "majority" and projection["party"] == "Lab"
    lab_projection = next(row for row in projection["parties"] if row["party"] == "Lab")
    assert lab_projection["low"] == lab_projection["high"] == 411  # every seat declared
    # The totals and the projection name a party the same way: code in `party`, label beside.
    labels = [
        {row["party"]: row["party_label"] for row in rows if "code" not in row}
        for rows in (night["parties"], projection["parties"])
    ]
    assert labels[0]["Reform"] == labels[1]["Reform"] and labels[0]["Lab"] == labels[1]["Lab"]


def test_seat_declaration_page(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    seat = psephos.load("2024").result(CROYDON_EAST)
    body = {"election": "replay-2024", "seat": CROYDON_EAST, "candidates": _candidates(seat)}
    posted = client.post("/api/declarations", json=body, headers={"X-CSRF-Token": token})
    assert posted.status_code == 200 and posted.json()["status"] == "created"
    page = client.get(f"/api/results-night/seats/{CROYDON_EAST}?election=replay-2024").json()
    assert page["name"] == "Croydon East" and page["winner"] == "Lab"
    assert page["majority"] == round(seat.majority)
    assert len(page["candidates"]) == len(seat.candidates)
    assert page["candidates"][0]["name"] == max(seat.candidates, key=lambda c: c.votes).name
    base = psephos.load("2019-notional-2024").result(CROYDON_EAST).constituency
    assert page["electorate"] == base.electorate and not page["electorate_declared"]
    assert page["turnout_pct"] == pytest.approx(seat.valid_votes / page["electorate"] * 100, 0.01)
    assert [r["revision"] for r in page["revisions"]] == [1]
    html = client.get(f"/results-night/seats/{CROYDON_EAST}?election=replay-2024")
    assert html.status_code == 200
    for candidate in seat.candidates:
        assert candidate.name.replace("'", "&#39;") in html.text
    missing = client.get("/api/results-night/seats/E14001137?election=replay-2024")
    assert missing.status_code == 404


def test_the_night_and_seat_pages_head_numbers_over_their_numbers(
    organiser_client: tuple[TestClient, str],
) -> None:
    # every number column is right-aligned; its heading sat at the column's left, so at
    # 1280 px a projected 384 sat under "90% range" rather than "Projected"; and a range
    # stays on one line (a phone broke "311-449" after its dash)
    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    declarations = _declarations_2024(range(0, psephos.load("2024").n_seats, 25))
    posted = client.post(
        "/api/declarations/batch",
        json={"declarations": declarations},
        headers={"X-CSRF-Token": token},
    )
    assert posted.status_code == 200, posted.text
    night = client.get("/results-night", params={"election": "replay-2024"}).text
    seat = client.get(f"/results-night/seats/{declarations[0]['seat']}?election=replay-2024")
    assert 'id="projection-table"' in night and "<tbody><tr>" in night
    assert misaligned_headings(night) == []
    assert misaligned_headings(seat.text) == []
    ranges = re.findall(r'<td class="num range">(\d+)–(\d+)</td>', night)
    assert ranges and all(int(low) <= int(high) for low, high in ranges)
    assert not re.search(r'<td class="num">\d+–\d+</td>', night)  # every range on one line


def test_misaligned_headings_finds_a_number_column_headed_at_its_left() -> None:
    table = '<table class="results"><thead><tr><th>Party</th><th>{}</th></tr></thead>'
    body = '<tbody><tr><td>Lab</td><td class="num">411</td></tr></tbody></table>'
    assert misaligned_headings(table.format("Seats") + body) == ["table 1 column 2"]
    assert misaligned_headings(table.replace("<th>{}", '<th class="num">{}') + body) == []


def test_every_seat_on_the_night_map_opens_declared_or_not(
    organiser_client: tuple[TestClient, str],
) -> None:
    # the map links every hexagon to its seat's page, grey or not; a seat still to declare
    # answered 404 ("has not declared") to the click
    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    seat = psephos.load("2024").result(CROYDON_EAST)
    body = {"election": "replay-2024", "seat": CROYDON_EAST, "candidates": _candidates(seat)}
    assert client.post("/api/declarations", json=body, headers={"X-CSRF-Token": token}).is_success
    night = client.get("/results-night", params={"election": "replay-2024"}).text
    map_links = re.findall(r'<a href="(/results-night/seats/[^"]+)" class="seat-hex"', night)
    base = psephos.load("2019-notional-2024")
    assert len(map_links) == base.n_seats
    undeclared = next(link for link in map_links if CROYDON_EAST not in link)
    code = undeclared.split("/")[-1].split("?")[0]
    page = client.get(undeclared.replace("&amp;", "&"))
    assert page.status_code == 200
    assert f"<h1>{base.result(code).constituency.name}</h1>" in page.text
    assert "Not declared yet" in page.text and 'id="candidates-table"' not in page.text
    last_time = client.get(f"/api/seats/{code}", params={"election": base.id}).json()
    assert f"{last_time['winner_label']} won by {last_time['majority']:,} votes" in page.text
    assert f"/api/results-night/seats/{code}" not in page.text  # its twin has nothing yet
    assert client.get(f"/api/results-night/seats/{code}?election=replay-2024").status_code == 404
    declared = client.get(f"/results-night/seats/{CROYDON_EAST}?election=replay-2024").text
    assert 'id="candidates-table"' in declared and "Not declared yet" not in declared
    # a seat the night's base election does not have is still not found
    old = client.get("/results-night/seats/E14000768?election=replay-2024")
    assert old.status_code == 404


def test_live_stream_sends_the_night(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    open_night(client, token)
    client.post(
        "/api/declarations",
        json={"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": 100, "Con": 50}},
        headers={"X-CSRF-Token": token},
    )
    with client.stream("GET", "/api/results-night/stream?election=next") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        event = None
        for line in stream.iter_lines():
            if line.startswith("data: "):
                event = json.loads(line.removeprefix("data: "))
                break
    assert event is not None and event["n_declared"] == 1
    assert event["fills"] == {CROYDON_EAST: event["declarations"][0]["colour"]}
    assert client.get("/api/results-night/stream?election=nope").status_code == 404


@pytest.mark.parametrize(
    "filters",
    [{"party": "Con"}, {"gains": "true"}, {"region": "London", "party": "Lab"}],
)
def test_the_results_night_page_s_json_twin_keeps_its_filters(
    organiser_client: tuple[TestClient, str], filters: dict[str, str]
) -> None:
    client, token = organiser_client
    open_night(client, token)
    for seat, votes in [("E14001186", {"Lab": 20000, "Con": 9000}), ("E14001137", {"Con": 15000})]:
        posted = client.post(
            "/api/declarations",
            json={"election": "next", "seat": seat, "votes": votes},
            headers={"X-CSRF-Token": token},
        )
        assert posted.status_code == 200, posted.text
    page = client.get("/results-night", params=filters)
    assert page.status_code == 200
    match = re.search(r'href="(/api/results-night\?[^"]+)"', page.text)
    assert match is not None
    twin = client.get(match.group(1).replace("&amp;", "&")).json()
    everything = client.get("/api/results-night").json()["declarations"]
    assert len(twin["declarations"]) < len(everything)
    assert twin == client.get("/api/results-night", params=filters).json()


def test_the_page_and_its_twin_read_one_night_query(app: FastAPI) -> None:
    """Both read a :class:`NightQuery`: the night asked for (else the site's), and the
    party, region and gains filters of the declarations they list."""
    reads = {
        route.path: [sub.call for sub in route.dependant.dependencies]
        for route in results_night.router.routes
        if isinstance(route, APIRoute)
    }
    assert reads["/results-night"] == reads["/api/results-night"] == [NightQuery]
    request = SimpleNamespace(app=app)
    default = NightQuery(request, party="Lab")
    assert default.election is None
    assert default.election_id == app.state.settings.results_night_election
    asked = NightQuery(request, election="ge-test", region="Wales", gains=True)
    assert (asked.election, asked.election_id) == ("ge-test", "ge-test")
    assert (asked.party, asked.region, asked.gains) == (None, "Wales", True)
