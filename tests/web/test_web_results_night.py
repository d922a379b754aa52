"""Results night like a broadcaster's: candidate-level declarations, a replay of 2024 through
the API gives the real seat totals, live updates by server-sent events, per-seat pages."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from web_helpers import (
    declare,
    declare_batch,
    declare_form,
    misaligned_headings,
    open_night,
    post_replay,
)

import psephos
from psephos.web.routes import results_night
from psephos.web.routes.results_night import NightQuery

#: Every test here stores what the app keeps: it runs on PostgreSQL as well (conftest).
pytestmark = pytest.mark.storage

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
    response = declare_batch(client, token, declarations)
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
    assert projection["message"] == "Lab majority: 411 seats, 326 needed."  # the result
    lab_projection = next(row for row in projection["parties"] if row["party"] == "Lab")
    assert lab_projection["low"] == lab_projection["high"] == 411  # every seat declared
    # The totals and the projection name a party the same way: code in `party`, label beside.
    labels = [
        {row["party"]: row["party_label"] for row in rows if "code" not in row}
        for rows in (night["parties"], projection["parties"])
    ]
    assert labels[0]["Reform"] == labels[1]["Reform"] and labels[0]["Lab"] == labels[1]["Lab"]


def test_the_projected_seats_add_up_to_the_house(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The page and its JSON show whole projected seats that add up to 650, each within a
    seat of the expected seats beside it, which rounded one by one do not add up here."""
    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    _post_batch(client, token, _declarations_2024(range(0, 650, 26)))  # 25 seats
    night = client.get("/api/results-night", params={"election": "replay-2024"}).json()
    rows = night["projection"]["parties"]
    assert sum(row["projected"] for row in rows) == 650
    assert all(abs(row["projected"] - row["expected_seats"]) < 1 for row in rows)
    assert sum(round(row["expected_seats"]) for row in rows) != 650  # 649: Green 2.5 shown as 2
    page = client.get("/results-night", params={"election": "replay-2024"}).text
    for row in rows:
        assert f'<td class="num">{row["projected"]}</td>' in page


def test_the_night_s_json_carries_each_range_as_the_page_writes_it(
    organiser_client: tuple[TestClient, str],
) -> None:
    """Each projected party's 90% range comes written in the JSON (``range_text``), the text
    the page's cell holds and the live script inserts as it is (one writer,
    :func:`psephos.numbers.seat_range`)."""
    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    _post_batch(client, token, _declarations_2024(range(0, 650, 26)))  # 25 seats
    rows = client.get("/api/results-night", params={"election": "replay-2024"}).json()[
        "projection"
    ]["parties"]
    assert rows and all(row["range_text"] == f"{row['low']}\u2013{row['high']}" for row in rows)
    page = client.get("/results-night", params={"election": "replay-2024"}).text
    cells = re.findall(r'<td class="num range">([^<]*)</td>', page)
    assert cells == [row["range_text"] for row in rows]


def test_the_night_s_projection_says_what_its_90_range_is_as_nowcast_show_s_legend(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The results night's "90% range" is ``psephos nowcast show``'s ``low`` and ``high``, in
    the legend's words (:func:`psephos.columns.column_meaning`), as the forecast page says
    its own; hidden with the table while it is too early to say."""
    from psephos.columns import column_meaning

    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    page = client.get("/results-night", params={"election": "replay-2024"}).text
    assert 'id="projection-legend" hidden>' in page  # nothing declared: no table to explain
    _post_batch(client, token, _declarations_2024(range(0, 650, 26)))  # 25 seats
    page = client.get("/results-night", params={"election": "replay-2024"}).text
    said = f"90% range: from {column_meaning('low')} to {column_meaning('high')}."
    assert unescape(page.split('id="projection-legend">')[1].split("</p>")[0]) == said


def test_seat_declaration_page(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    seat = psephos.load("2024").result(CROYDON_EAST)
    body = {"election": "replay-2024", "seat": CROYDON_EAST, "candidates": _candidates(seat)}
    posted = declare(client, token, body)
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


def test_a_declared_seat_is_written_in_the_library_s_words(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The night's table row, the seat's declaration page and the JSON the page's script
    receives (the stream's ``night`` event, as ``/api/results-night``) say the declared seat's
    result and majority in the words :func:`psephos.results.night.declared_words` writes:
    the script inserts them as given, composing nothing."""
    from psephos.results.night import declaration_from_rows, declared_election, outcomes

    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    clacton = psephos.load("2024").result("Clacton")  # Reform gain from Con
    code = clacton.constituency.code
    body = {"election": "replay-2024", "seat": code, "candidates": _candidates(clacton)}
    assert declare(client, token, body).is_success
    base = psephos.load("2019-notional-2024")
    declared = declaration_from_rows(code, body["candidates"], {})  # type: ignore[arg-type]
    so_far, positions = declared_election(base, [declared], "replay-2024", "Replay")
    (row,) = outcomes(base, so_far, positions)
    majority = f"{round(clacton.majority):,} ({row['majority_pct']:.2f}%)"
    assert row["result_text"] == "Reform UK gain from Con" and row["majority_text"] == majority
    assert row["outcome_sentence"] == (
        f"Reform UK gain from Con: majority {majority} over {so_far.label(row['runner_up'])}"
    )
    words = {key: row[key] for key in ("result_text", "majority_text", "outcome_sentence")}
    night = client.get("/api/results-night", params={"election": "replay-2024"}).json()
    assert {key: night["declarations"][0][key] for key in words} == words
    with client.stream("GET", "/api/results-night/stream?election=replay-2024") as stream:
        line = next(line for line in stream.iter_lines() if line.startswith("data: "))
    event = json.loads(line.removeprefix("data: "))
    assert {key: event["declarations"][0][key] for key in words} == words
    page = client.get("/results-night", params={"election": "replay-2024"}).text
    assert f'{words["result_text"]}</td><td class="num">{words["majority_text"]}</td>' in page
    seat = client.get(f"/api/results-night/seats/{code}?election=replay-2024").json()
    assert {key: seat[key] for key in words} == words
    seat_page = client.get(f"/results-night/seats/{code}?election=replay-2024").text
    assert f"{words['outcome_sentence']}</p>" in seat_page


def test_the_night_and_seat_pages_head_numbers_over_their_numbers(
    organiser_client: tuple[TestClient, str],
) -> None:
    # every number column is right-aligned; its heading sat at the column's left, so at
    # 1280 px a projected 384 sat under "90% range" rather than "Projected"; and a range
    # stays on one line (a phone broke "311-449" after its dash)
    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    declarations = _declarations_2024(range(0, psephos.load("2024").n_seats, 25))
    posted = declare_batch(client, token, declarations)
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
    assert declare(client, token, body).is_success
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
    declare(
        client, token, {"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": 100, "Con": 50}}
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
        posted = declare(client, token, {"election": "next", "seat": seat, "votes": votes})
        assert posted.status_code == 200, posted.text
    page = client.get("/results-night", params=filters)
    assert page.status_code == 200
    match = re.search(r'JSON: <a href="(/api/results-night\?[^"]+)"', page.text)
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


def _declarations_canada_2021(positions: range) -> list[dict[str, object]]:
    """canada-2021's ridings at ``positions`` as declarations of the night ``canada-night``,
    every candidate with name, ballot label (Elections Canada's: "Liberal", "NDP-New
    Democratic Party"), code and votes."""
    result = psephos.load("canada-2021")
    return [
        {
            "election": "canada-night",
            "seat": seat.constituency.code,
            "candidates": _candidates(seat),
        }
        for seat in (result.result_at(i) for i in positions)
    ]


def _post_batch(client: TestClient, token: str, declarations: list[dict[str, object]]) -> None:
    response = declare_batch(client, token, declarations)
    assert response.status_code == 200, response.text
    assert response.json()["counts"]["created"] == len(declarations)


def test_a_canadian_night_totals_and_projects_a_few_dozen_ridings(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A night opened on canada-2019 takes canada-2021's ridings in Canada's party codes: the
    running totals are the declared ridings' winners, and the projection names Canada's
    parties, its 90% ranges hold what has declared, and it calls the night as the nowcast
    does (tests/forecast/test_forecast_nowcast_canada.py)."""
    client, token = organiser_client
    open_night(client, token, "canada-night", base="canada-2019")
    result = psephos.load("canada-2021")
    positions = range(0, result.n_seats, 9)  # 38 ridings, every province's
    _post_batch(client, token, _declarations_canada_2021(positions))
    night = client.get("/api/results-night", params={"election": "canada-night"}).json()
    assert night["n_declared"] == len(positions) and night["n_seats"] == 338
    assert night["majority_line"] == 170
    won: dict[str, int] = {}
    for i in positions:
        winner = result.parties[int(result.winner[i])]
        won[winner] = won.get(winner, 0) + 1
    assert {row["party"]: row["seats"] for row in night["parties"] if row["seats"]} == won
    base_parties = set(psephos.load("canada-2019").parties)
    projection = night["projection"]
    rows = {row["party"]: row for row in projection["parties"]}
    assert {"LPC", "CPC", "BQ", "NDP"} <= set(rows) <= base_parties
    for party, row in rows.items():
        assert row["declared"] == won.get(party, 0)
        assert row["declared"] <= row["low"] <= row["projected"] <= row["high"] <= 338
        assert row["party_label"] == result.label(party)
    assert sum(row["projected"] for row in rows.values()) == 338  # whole seats, the House
    assert projection["status"] in {"majority", "hung", "too-close"}
    if projection["status"] == "majority":
        assert rows[projection["party"]]["projected"] >= 170


def test_replaying_canada_2021_gives_its_real_seat_totals_on_tables_only(
    organiser_client: tuple[TestClient, str],
) -> None:
    """All 338 ridings posted: the page's totals are canada-2021's real seats, every riding
    named; Canada has no hex map, so the page is its tables (as the results explorer shows
    Canada), and a riding's page shows its declaration."""
    client, token = organiser_client
    open_night(client, token, "canada-night", base="canada-2019")
    result = psephos.load("canada-2021")
    _post_batch(client, token, _declarations_canada_2021(range(result.n_seats)))
    night = client.get("/api/results-night", params={"election": "canada-night"}).json()
    seats = {row["party"]: row["seats"] for row in night["parties"] if row["seats"]}
    assert seats == {party: n for party, n in result.seats_won().items() if n}
    assert seats == {"LPC": 160, "CPC": 119, "BQ": 32, "NDP": 25, "GPC": 2}
    projection = {row["party"]: row for row in night["projection"]["parties"]}
    assert all(row["low"] == row["high"] == seats.get(p, 0) for p, row in projection.items())
    page = client.get("/results-night", params={"election": "canada-night"})
    assert page.status_code == 200
    assert 'id="night-map"' not in page.text and 'id="no-night-map"' in page.text
    shown = re.findall(
        r'</svg>([^<]+)</td><td class="num">(\d+)</td>',
        page.text.split('id="night-table"', 1)[1].split("</table>", 1)[0],
    )
    assert {label: int(n) for label, n in shown if int(n)} == seats
    assert 'placeholder="e.g. LPC"' in page.text
    papineau = client.get("/results-night/seats/24055", params={"election": "canada-night"})
    assert papineau.status_code == 200 and "Papineau" in papineau.text
    assert "Justin Trudeau" in papineau.text
    seat = client.get("/api/results-night/seats/24055", params={"election": "canada-night"})
    assert seat.json()["winner"] == "LPC" and seat.json()["last_time"]["winner"] == "LPC"


def test_a_party_of_another_country_is_refused_naming_the_night_s_parties(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A UK code on a Canadian night, and a Canadian code on a UK night, are refused (the API,
    the form), naming the night's parties; nothing is recorded."""
    client, token = organiser_client
    open_night(client, token, "canada-night", base="canada-2019")
    open_night(client, token)  # "next", on the UK's boundaries
    canadian = {"election": "canada-night", "seat": "Papineau", "votes": {"Con": 90, "LPC": 100}}
    refused = declare(client, token, canadian)
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail.startswith("Papineau (24055): 'Con' is not a party of this night")
    assert "LPC, CPC, BQ, NDP, GPC, PPC, Ind, Other" in detail and "\n" not in detail
    uk = {"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": 100, "LPC": 90}}
    refused = declare(client, token, uk)
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith(f"Croydon East ({CROYDON_EAST}): 'LPC' is not a")
    assert "Con, Lab, LD" in refused.json()["detail"]
    status, form = declare_form(
        client,
        token,
        election="canada-night",
        seat="24055",
        votes_text="A | Liberal Party of Canada | 100\nB | Labour Party | 90",
    )
    assert status == 422 and "'Lab' is not a party of this night" in form
    for night in ("canada-night", "next"):
        assert (
            client.get("/api/declarations", params={"election": night}).json()["declarations"] == []
        )
    accepted = {**canadian, "votes": {"CPC": 90, "Liberal Party of Canada": 100}}
    posted = declare(client, token, accepted)
    assert posted.status_code == 200, posted.text
    assert posted.json()["votes"] == {"CPC": 90, "LPC": 100}


def test_a_canadian_night_replays_a_file_of_riding_names_and_ballot_labels(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The organiser's file replay reads a Canadian night's file as ``psephos nowcast feed
    --from canada-2019`` does: ridings by name, each candidate's Elections Canada label kept
    beside its code (a ``code`` column of Canada's codes)."""
    client, token = organiser_client
    open_night(client, token, "canada-night", base="canada-2019")
    result = psephos.load("canada-2021")
    lines = ["seat,candidate,party,code,votes"]
    for i in range(3):
        seat = result.result_at(i)
        lines += [
            f'"{seat.constituency.name}","{c.name}","{c.party_name}",{c.party},{int(c.votes)}'
            for c in seat.candidates
        ]
    posted = post_replay(
        client, token, "canada-night", "\n".join(lines) + "\n", follow_redirects=False
    )
    assert posted.status_code == 303, posted.text
    assert "replayed=3&created=3" in posted.headers["location"]
    declared = client.get("/api/declarations", params={"election": "canada-night"}).json()
    assert [row["seat"] for row in declared["declarations"]] == list(result.codes[:3])
    for row, i in zip(declared["declarations"], range(3), strict=True):
        seat = result.result_at(i)
        assert row["votes"] == {c.party: int(c.votes) for c in seat.candidates if c.votes}


@pytest.mark.parametrize(
    ("votes", "read"),
    [
        ({"Liberal": 100, "Conservative": 90, "Green": 5}, {"LPC": 100, "CPC": 90, "GPC": 5}),
        ({"Bloc": 80, "People's": 7, "NDP": 20}, {"BQ": 80, "PPC": 7, "NDP": 20}),
        ({"Liberal Party": 100, "Green Party": 5}, {"LPC": 100, "GPC": 5}),
    ],
)
def test_a_canadian_night_reads_short_party_names_as_canada_s_parties(
    organiser_client: tuple[TestClient, str], votes: dict[str, int], read: dict[str, int]
) -> None:
    """On a Canadian night a declaration's "Conservative" is the CPC and "Green" the GPC (the
    night's parties are read first: psephos.model.party_in), in the API's votes and
    candidates and in the organiser's form, as ``psephos nowcast feed --from canada-2021``
    reads them; the labels a UK party shares were read as Con and Green, and refused."""
    client, token = organiser_client
    open_night(client, token, "canada-night", base="canada-2021")
    by_votes = {"election": "canada-night", "seat": "Papineau", "votes": votes}
    posted = declare(client, token, by_votes)
    assert posted.status_code == 200, posted.text
    assert posted.json()["votes"] == read
    candidates = [
        {"name": f"C{i}", "party": label, "votes": n} for i, (label, n) in enumerate(votes.items())
    ]
    by_candidate = {"election": "canada-night", "seat": "24003", "candidates": candidates}
    posted = declare(client, token, by_candidate)
    assert posted.status_code == 200, posted.text
    assert posted.json()["votes"] == read
    declared = client.get("/api/declarations", params={"election": "canada-night"}).json()
    candidates = {row["seat"]: row["candidates"] for row in declared["declarations"]}["24003"]
    rows = {row["party"]: row["code"] for row in candidates}
    assert rows == dict(zip(votes, read, strict=True))  # each ballot label kept beside its code
    lines = "\n".join(f"C{i} | {label} | {n}" for i, (label, n) in enumerate(votes.items()))
    status, form = declare_form(
        client, token, election="canada-night", seat="24004", votes_text=lines
    )
    assert status in (200, 303), form
    declared = client.get("/api/declarations", params={"election": "canada-night"}).json()
    assert {row["seat"]: row["votes"] for row in declared["declarations"]}["24004"] == read


def test_two_names_of_one_party_of_the_night_are_refused(
    organiser_client: tuple[TestClient, str],
) -> None:
    """ "Conservative" and "CPC" are one party on a Canadian night: given twice, not added up."""
    client, token = organiser_client
    open_night(client, token, "canada-night", base="canada-2021")
    twice = {"election": "canada-night", "seat": "Papineau", "votes": {"Conservative": 9, "CPC": 8}}
    refused = declare(client, token, twice)
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "Papineau (24055): party 'CPC' is given twice ('Conservative' and 'CPC')"
    )


def test_a_uk_night_reads_the_shared_names_as_the_uk_s_parties(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The same names on a UK night are still Con and Green, and "Liberal" is not a party of
    it (the UK's minor Liberal Party is not the Liberal Democrats)."""
    client, token = organiser_client
    open_night(client, token)
    uk = {"election": "next", "seat": CROYDON_EAST, "votes": {"Conservative": 90, "Green": 5}}
    posted = declare(client, token, uk)
    assert posted.status_code == 200, posted.text
    assert posted.json()["votes"] == {"Con": 90, "Green": 5}
    liberal = {**uk, "votes": {"Labour": 100, "Liberal": 90}}
    refused = declare(client, token, liberal)
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith(f"Croydon East ({CROYDON_EAST}): 'LPC' is not a")


def test_the_night_s_party_filter_reads_a_name_among_its_parties(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The results-night page's party filter reads "Conservative" as the CPC on a Canadian
    night (it was read as Con, and refused as not a party of the night)."""
    client, token = organiser_client
    open_night(client, token, "canada-night", base="canada-2021")
    _post_batch(client, token, _declarations_canada_2021(range(4)))
    params = {"election": "canada-night"}
    by_code = client.get("/api/results-night", params={**params, "party": "CPC"})
    by_name = client.get("/api/results-night", params={**params, "party": "Conservative"})
    assert by_name.status_code == 200, by_name.text
    assert by_name.json() == by_code.json()
    assert client.get("/api/results-night", params={**params, "party": "Labour"}).status_code == 422


def test_a_seat_still_to_declare_looks_like_no_party_s_win(
    organiser_client: tuple[TestClient, str],
) -> None:
    """An Independent's win (its grey) and a seat still to declare look different: the seat
    still to declare is white with a dashed outline, a look no party has, and the map's
    legend says so."""
    from psephos.model import PARTIES

    islington_north = "E14001305"  # an Independent's win in 2024
    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    seat = psephos.load("2024").result(islington_north)
    body = {"election": "replay-2024", "seat": islington_north, "candidates": _candidates(seat)}
    assert declare(client, token, body).is_success
    page = client.get("/results-night", params={"election": "replay-2024"}).text
    hexes = dict(re.findall(r'data-code="([^"]+)"><polygon points="[^"]*" ([^>]*)>', page))
    assert hexes[islington_north] == f'fill="{psephos.load("2024").colour("Ind")}"'
    undeclared = {looks for code, looks in hexes.items() if code != islington_north}
    assert undeclared == {'fill="#ffffff" class="not-declared"'}
    assert "#ffffff" not in {party.colour.lower() for party in PARTIES}
    legend = page.split('id="night-legend"')[1].split("</ul>")[0]
    assert '<rect class="not-declared"' in legend and "Not declared" in legend


BOTH = {"Croydon East", "Bromley and Biggin Hill"}


@pytest.mark.parametrize(
    ("filters", "listed"),
    [
        ({"party": "Con", "gains": "true"}, {"Croydon East"}),  # Con's gain, not its loss
        ({"party": "Con", "losses": "true"}, {"Bromley and Biggin Hill"}),
        ({"party": "Lab", "gains": "true"}, {"Bromley and Biggin Hill"}),
        ({"party": "Lab", "losses": "true"}, {"Croydon East"}),
        ({"party": "Con", "gains": "1", "losses": "1"}, BOTH),
        ({"gains": "true"}, BOTH),  # the seats that changed hands
        ({"party": "Lab"}, {*BOTH, "Streatham and Croydon North"}),
    ],
)
def test_gains_only_with_a_party_are_the_party_s_gains(
    organiser_client: tuple[TestClient, str], filters: dict[str, str], listed: set[str]
) -> None:
    """ "Gains only" with a party lists the seats it won from another (it listed its losses
    too: Con's gains were Lab's gains from Con); its losses are asked for apart; without a
    party, both are the seats that changed hands. The page's labels say so."""
    client, token = organiser_client
    open_night(client, token)
    declared = [
        ("E14001186", {"Lab": 9000, "Con": 20000}),  # Croydon East: Con gain from Lab
        ("E14001137", {"Lab": 21000, "Con": 20000}),  # Bromley: Lab gain from Con
        ("E14001527", {"Lab": 30000, "Con": 5000}),  # Streatham and Croydon North: Lab hold
    ]
    for seat, votes in declared:
        posted = declare(client, token, {"election": "next", "seat": seat, "votes": votes})
        assert posted.status_code == 200, posted.text
    rows = client.get("/api/results-night", params=filters).json()["declarations"]
    assert {row["name"] for row in rows} == listed
    page = client.get("/results-night", params=filters).text
    assert "Gains only (with a party: seats it won from another)" in page
    assert "Losses only (with a party: seats it lost)" in page
    table = page.split('id="declarations-table"')[1].split("</table>")[0]
    assert {name for name in listed if f">{name}</a>" in table} == listed


def test_the_night_s_declarations_come_as_csv_files(
    organiser_client: tuple[TestClient, str],
) -> None:
    """``format=csv`` is honoured (it answered JSON): the night's declarations one row per
    seat, "Lab gain from Con" and all, as ``psephos nowcast show --declared`` writes them,
    filtered as the JSON is; ``/api/declarations`` gives the declarations as a results file,
    one row per candidate, which ``psephos nowcast feed`` reads back."""
    from psephos.io.declarations import read_feed

    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    _post_batch(client, token, _declarations_2024(range(3)))
    params = {"election": "replay-2024", "format": "csv"}
    table = client.get("/api/results-night", params=params)
    assert table.status_code == 200 and table.headers["content-type"].startswith("text/csv")
    assert table.text.splitlines() == [  # as declared, turnout of the declared electorate
        "code,name,region,winner,winner_label,result,majority,majority_pct,turnout_pct",
        "E14001063,Aldershot,South East,Lab,Lab,Lab gain from Con,5683,11.71,61.8",
        "E14001064,Aldridge-Brownhills,West Midlands,Con,Con,Con hold,4294,10.5,58.22",
        "E14001065,Altrincham and Sale West,North West,Lab,Lab,Lab gain from Con,4174,8.11,69.51",
    ]
    page = client.get("/results-night", params={"election": "replay-2024", "party": "Lab"})
    link = re.search(r'<a id="declarations-csv" href="([^"]+)" download>([^<]+)</a>', page.text)
    assert link is not None and link[2] == "Download these 2 seats as CSV"
    # one seat left by the filter is "this seat", never "these 1 seats"
    one = client.get(
        "/results-night", params={"election": "replay-2024", "region": "West Midlands"}
    )
    assert '" download>Download this seat as CSV</a>' in one.text
    assert "these 1 seats" not in one.text
    linked = client.get(unescape(link[1])).text.splitlines()
    assert linked == [table.text.splitlines()[i] for i in (0, 1, 3)]  # Lab's, as the page
    held = client.get("/api/results-night", params={**params, "party": "Con", "gains": "0"})
    assert held.text.splitlines()[1:] == [table.text.splitlines()[i] for i in (1, 2, 3)]
    gains = client.get("/api/results-night", params={**params, "party": "Lab", "gains": "1"})
    assert len(gains.text.splitlines()) == 3
    declarations = client.get("/api/declarations", params=params)
    assert declarations.status_code == 200
    assert declarations.headers["content-type"].startswith("text/csv")
    fed = list(read_feed(declarations.text.splitlines(keepends=True)))
    assert [seat.seat for seat in fed] == ["E14001063", "E14001064", "E14001065"]
    assert client.get("/api/declarations", params={**params, "format": "xml"}).status_code == 422


def test_the_night_s_csv_is_the_file_nowcast_show_declared_writes(
    organiser_client: tuple[TestClient, str], tmp_path: Path
) -> None:
    """The same seats fed to ``psephos nowcast feed`` (the night's own declarations file) and
    to the web night give the same file from ``nowcast show --declared --format csv`` and
    ``/api/results-night?format=csv``, byte for byte: the seats in the order they declared
    (the web's listed the newest first) and the winner by its code, its label beside it
    (the web's and the command's said "Reform UK" where every other file says ``Reform``).
    The JSON and the page keep the newest first."""
    from typer.testing import CliRunner

    from psephos.cli import app

    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    result = psephos.load("2024")
    clacton = result.codes.index("E14001174")  # Reform UK's
    _post_batch(client, token, _declarations_2024(range(0, 100, 20)))
    _post_batch(client, token, _declarations_2024(range(clacton, clacton + 1)))
    params = {"election": "replay-2024", "format": "csv"}
    web = client.get("/api/results-night", params=params).text
    # the night's declarations file, with the electorate each declaration gave (the file
    # leaves it out; the turnout is against it)
    electorate = {seat.code: seat.electorate for seat in result.constituencies}
    rows = list(csv.DictReader(io.StringIO(client.get("/api/declarations", params=params).text)))
    feed = tmp_path / "declarations.csv"
    with feed.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, [*rows[0], "electorate"])
        writer.writeheader()
        writer.writerows({**row, "electorate": electorate[row["seat_code"]]} for row in rows)
    store = str(tmp_path / "night.sqlite")
    runner = CliRunner()
    fed = runner.invoke(
        app, ["nowcast", "feed", str(feed), "--from", "2019-notional-2024", "--store", store]
    )
    assert fed.exit_code == 0, fed.output
    shown = runner.invoke(app, ["nowcast", "show", "--store", store, "--declared", "-f", "csv"])
    assert shown.exit_code == 0, shown.output
    assert web == shown.stdout
    lines = web.splitlines()
    assert lines[0].startswith("code,name,region,winner,winner_label,result,")
    assert lines[1].startswith(f"{result.codes[0]},")  # declared first, listed first
    assert lines[-1].startswith("E14001174,Clacton,East of England,Reform,Reform UK,")
    newest = client.get("/api/results-night", params={"election": "replay-2024"}).json()
    assert newest["declarations"][0]["code"] == "E14001174"  # the JSON: newest first
    assert [row["code"] for row in newest["declarations"]] == [
        line.split(",")[0] for line in reversed(lines[1:])
    ]


def test_a_declaration_under_the_wrong_seat_is_withdrawn_and_kept_in_its_history(
    organiser_client: tuple[TestClient, str],
) -> None:
    """An organiser withdraws a seat's declaration (DELETE): the seat is undeclared on the
    night (totals, map, seat page), the withdrawal is a revision of its own; declared again,
    it counts again. Nobody else may withdraw one; a seat not declared is 404."""
    client, token = organiser_client
    open_night(client, token)
    body = {"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": 100, "Con": 50}}
    assert declare(client, token, body).is_success
    url = f"/api/declarations/{CROYDON_EAST}?election=next"
    assert client.delete(url).status_code in (401, 403)  # no CSRF header
    withdrawn = client.delete(url, headers={"X-CSRF-Token": token})
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json() == {
        "status": "withdrawn",
        "election": "next",
        "seat": CROYDON_EAST,
        "revision": 2,
    }
    night = client.get("/api/results-night").json()
    assert night["n_declared"] == 0 and night["fills"] == {} and night["declarations"] == []
    history = client.get("/api/declarations").json()
    assert history["declarations"] == []
    revisions = [(r["revision"], r["withdrawn"]) for r in history["revisions"]]
    assert revisions == [(1, False), (2, True)]
    assert "Not declared yet" in client.get(f"/results-night/seats/{CROYDON_EAST}").text
    assert client.delete(url, headers={"X-CSRF-Token": token}).status_code == 404
    again = declare(client, token, body)
    assert again.json()["status"] == "created" and again.json()["revision"] == 3
    assert client.get("/api/results-night").json()["n_declared"] == 1
    seat = client.get(f"/api/results-night/seats/{CROYDON_EAST}").json()
    assert [r["withdrawn"] for r in seat["revisions"]] == [False, True, False]


def test_only_an_organiser_withdraws_a_declaration(client: TestClient) -> None:
    response = client.delete(f"/api/declarations/{CROYDON_EAST}?election=next")
    assert response.status_code in (401, 403)


def test_with_no_night_open_a_voter_is_told_so_in_plain_words_and_sent_on(
    client: TestClient,
) -> None:
    """With no night open the page told a voter to POST to the API to open "next", a night
    they never asked for, and linked nowhere. It now says no night is running and links the
    latest result; the organisers' instructions (the JSON twin's words) are for organisers."""
    page = client.get("/results-night")
    assert page.status_code == 200
    text = unescape(page.text)
    assert "No results night is running yet" in text
    assert 'href="/elections/2024"' in text and "psephos nowcast replay 2024" in text
    assert "POST" not in text and "/api/results-elections" not in text and "'next'" not in text
    # a night asked for by id that is not open: 404, named, the twin keeping its instructions
    asked = client.get("/results-night", params={"election": "ge999"})
    assert asked.status_code == 404
    assert "No results night 'ge999' is running." in unescape(asked.text)
    assert "POST" not in asked.text
    twin = client.get("/api/results-night", params={"election": "ge999"})
    assert twin.status_code == 404
    assert twin.json()["detail"] == results_night.not_open("ge999")


@pytest.mark.parametrize(
    ("asked", "latest", "replay"),
    [("canada-2021", "canada-2021", "canada-2021"), ("canada-2019", "canada-2021", "canada-2021")],
)
def test_a_night_of_another_country_not_open_points_to_that_country_s_result_and_replay(
    client: TestClient, asked: str, latest: str, replay: str
) -> None:
    """A Canadian night that is not running points to Canada's latest result and a Canadian
    replay (canada-2019 has no earlier election on its boundaries, so canada-2021's), not the
    UK's 2024."""
    page = client.get("/results-night", params={"election": asked})
    assert page.status_code == 404
    text = unescape(page.text)
    assert f'href="/elections/{latest}"' in text and f"psephos nowcast replay {replay}" in text
    assert "/elections/2024" not in text and "replay 2024" not in text


def test_with_no_night_open_an_organiser_is_told_how_to_open_one(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, _ = organiser_client
    text = unescape(client.get("/results-night").text)
    assert "No results night is running yet" in text
    assert results_night.not_open("next") in text and 'href="/organisers/declare"' in text


def test_a_declared_seat_s_turnout_is_the_night_table_s() -> None:
    """The seat's declaration page gives the turnout the night's table gives
    (:func:`psephos.results.night.outcomes`, against the electorate as declared), one number
    rounded by the one rule: 3 votes of 100,000 electors is 0.003%, not 0.0%."""
    from psephos.model import Candidate
    from psephos.results.night import SeatDeclaration, declared_election, outcomes
    from psephos.web import services

    base = psephos.load("2019-notional-2024")
    people = (Candidate("A", "Con", "", 2), Candidate("B", "Lab", "", 1))
    declared = SeatDeclaration(CROYDON_EAST, people, electorate=100_000)
    page = services.declared_seat("replay-2024", "Replay", base.id, declared)
    so_far, positions = declared_election(base, [declared], "replay-2024", "Replay")
    (row,) = outcomes(base, so_far, positions, {CROYDON_EAST: 100_000})
    assert page["turnout_pct"] == row["turnout_pct"] == 0.003
    assert page["electorate"] == 100_000 and page["electorate_declared"]


def test_a_declared_seat_s_shares_are_rounded_once(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A candidate's share is given as it is and rounded once, where the declaration page shows
    it: 27,269 of 60,000 votes is 45.4%, where a share first rounded to 45.45 was shown as
    45.5%."""
    client, token = organiser_client
    open_night(client, token)
    body = {
        "election": "next",
        "seat": CROYDON_EAST,
        "candidates": [
            {"name": "Ann", "party": "Lab", "votes": 32_731},
            {"name": "Bob", "party": "Con", "votes": 27_269},
        ],
    }
    posted = declare(client, token, body)
    assert posted.status_code == 200, posted.text
    seat = client.get(f"/api/results-night/seats/{CROYDON_EAST}").json()
    assert [row["share_pct"] for row in seat["candidates"]] == [
        pytest.approx(32_731 / 600),
        pytest.approx(27_269 / 600),
    ]
    page = client.get(f"/results-night/seats/{CROYDON_EAST}").text
    assert '<td class="num">45.4</td>' in page and '<td class="num">54.6</td>' in page
    assert '<td class="num">45.5</td>' not in page
