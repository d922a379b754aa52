"""Every JSON answer names a party one way (docs/web.md): the code in ``party`` and how the
election names it in ``party_label``, never a bare ``label`` or a party ``code``."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

import psephos
from cli_helpers import command_json
from psephos.jurisdictions import available_elections
from psephos.model import PARTY_CODES, party_label

CROYDON_EAST = "E14001186"

#: A JSON twin of every page that shows parties, with arguments that give an answer.
ENDPOINTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("/api/elections/2024", {}),
    ("/api/marginals", {"election": "2024"}),
    ("/api/forecast", {"poll": "Lab 30 Con 20 Reform 25 LD 12 Green 8"}),
    ("/api/systems", {"election": "2024"}),
    ("/api/swingometer", {"poll": "Lab 30 Con 20 Reform 25 LD 12", "forecast": "true"}),
    ("/api/pacts", {"election": "2024", "bloc": "Lab,LD"}),
    ("/api/exit-poll", {"election": "2019", "seats": 60}),
    ("/api/coalitions", {"election": "2017"}),
    ("/api/seats/" + CROYDON_EAST, {"election": "2024"}),
    ("/api/advice", {"seat": "Bath", "prefer": "LD"}),
)

#: Dicts whose ``label`` names no party: a legend entry, a census measure.
NOT_A_PARTY = ({"label", "colour"}, {"measure", "label", "share", "median"})
#: Fields that hold a party code, each with its label beside it in ``<field>_label``.
PARTY_FIELDS = ("party", "winner", "runner_up", "largest_party")


def dicts(value: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON answer, however deep."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from dicts(item)
    elif isinstance(value, list):
        for item in value:
            yield from dicts(item)


def labels_of(code: str) -> set[str]:
    """Every label a party code has in some election (a seat's history spans several)."""
    return {psephos.load(key).label(code) for key in available_elections()} | {
        party_label(code, "next")
    }


def check_party_names(body: Any) -> int:
    """Assert the rule on every dict of ``body``; the number of party fields checked."""
    checked = 0
    for row in dicts(body):
        if "label" in row:
            assert set(row) in NOT_A_PARTY, row
        for field in PARTY_FIELDS:
            if row.get(field) in PARTY_CODES:
                label = row[f"{field}_label"]
                if row[field] in ("Other", "Ind") and label.endswith(")"):
                    # a group's candidate named by its own party: "Workers Party of Britain (Other)"
                    label = label.rsplit(" (", 1)[-1].rstrip(")")
                assert label in labels_of(row[field]), row
                checked += 1
        if row.get("party") in PARTY_CODES:
            assert "code" not in row, row
    return checked


@pytest.mark.parametrize(("path", "params"), ENDPOINTS, ids=[path for path, _ in ENDPOINTS])
def test_every_twin_names_a_party_by_code_and_label(
    client: TestClient, path: str, params: dict[str, Any]
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert check_party_names(response.json()) > 0


def test_systems_and_coalitions_label_beside_the_code(client: TestClient) -> None:
    systems = client.get("/api/systems", params={"election": "2015"}).json()
    for row in systems["systems"]:
        assert "label" not in row and row["system_label"]
        assert row["largest_party_label"] == psephos.load("2015").label(row["largest_party"])
    seats = client.get("/api/coalitions", params={"election": "2015"}).json()["seats"]
    assert seats["Reform"]["party_label"] == "UKIP" and "label" not in seats["Reform"]


@pytest.mark.storage
def test_a_declared_seat_names_its_candidates_parties_one_way(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The party code in ``party``, the night's label in ``party_label`` (Reform UK, from the
    party vocabulary: a night is no bundled election) and the ballot's words in
    ``party_name``."""
    client, token = organiser_client
    opened = client.post(
        "/api/results-elections",
        json={"id": "next", "name": "Next general election"},
        headers={"X-CSRF-Token": token},
    )
    assert opened.status_code in (200, 201), opened.text
    body = {
        "election": "next",
        "seat": CROYDON_EAST,
        "candidates": [
            {"name": "Ann", "party": "Reform UK", "votes": 500},
            {"name": "Bob", "party": "The Conservative Party Candidate", "votes": 400},
        ],
    }
    posted = client.post("/api/declarations", json=body, headers={"X-CSRF-Token": token})
    assert posted.status_code == 200, posted.text
    seat = client.get(f"/api/results-night/seats/{CROYDON_EAST}").json()
    first, second = seat["candidates"]
    assert (first["party"], first["party_label"], first["party_name"]) == (
        "Reform",
        psephos.load("2024").label("Reform"),
        "Reform UK",
    )
    assert (second["party"], second["party_name"]) == ("Con", "The Conservative Party Candidate")
    assert all("code" not in row for row in seat["candidates"])
    assert seat["winner_label"] == first["party_label"]
    night = client.get("/api/results-night").json()
    assert {row["party"]: row["party_label"] for row in night["parties"]}["Reform"] == (
        first["party_label"]
    )


@pytest.mark.storage
@pytest.mark.parametrize(
    ("night", "base", "label", "ballot"),
    [
        ("r17", "2015", "UKIP", "UK Independence Party"),
        ("r19", "2017", "Brexit Party", "The Brexit Party"),
    ],
)
def test_a_night_names_a_renamed_party_as_the_election_after_its_base(
    organiser_client: tuple[TestClient, str], night: str, base: str, label: str, ballot: str
) -> None:
    """A night on a 2015 base is 2017's: its ``Reform`` is UKIP, as ``/api/elections/2017``
    labels it (and the Brexit Party on a 2017 base), in the running totals, the declared
    seats, the projection and the page, never "Reform UK", which did not stand then."""
    client, token = organiser_client
    opened = client.post(
        "/api/results-elections",
        json={"id": night, "name": f"Replay {night}", "base": base},
        headers={"X-CSRF-Token": token},
    )
    assert opened.status_code in (200, 201), opened.text
    body = {
        "election": night,
        "seat": "E14000642",  # Clacton, on the 2010-2019 boundaries
        "candidates": [
            {"name": "Ann", "party": ballot, "votes": 500},
            {"name": "Bob", "party": "Conservative", "votes": 400},
        ],
    }
    posted = client.post("/api/declarations", json=body, headers={"X-CSRF-Token": token})
    assert posted.status_code == 200, posted.text
    answer = client.get("/api/results-night", params={"election": night}).json()
    assert {row["party"]: row["party_label"] for row in answer["parties"]}["Reform"] == label
    (seat,) = answer["declarations"]
    assert (seat["winner"], seat["winner_label"]) == ("Reform", label)
    page = unescape(client.get("/results-night", params={"election": night}).text)
    assert label in page and "Reform UK" not in page


def test_govern_names_the_largest_party_as_the_web_does(client: TestClient) -> None:
    """``psephos govern --format json`` and ``/api/coalitions`` give one report, and
    ``psephos systems`` names parties and systems as ``/api/systems`` does."""
    cli = command_json("govern", "2015")
    web = client.get("/api/coalitions", params={"election": "2015"}).json()["report"]
    assert cli["largest_party_label"] == web["largest_party_label"] == "Con"
    assert cli["power"] == web["power"]
    labels = {row["party"]: row["party_label"] for row in web["power"]}
    assert labels == {party: psephos.load("2015").label(party) for party in labels}
    systems = command_json("systems", "2015", "--system", "fptp")
    reform = next(row for row in systems["rows"] if row["party"] == "Reform")
    assert reform["party_label"] == "UKIP"
    web_systems = client.get("/api/systems", params={"election": "2015", "system": "fptp"})
    assert [
        (row["system"], row["system_label"], row["largest_party"], row["largest_party_label"])
        for row in systems["systems"]
    ] == [
        (row["system"], row["system_label"], row["largest_party"], row["largest_party_label"])
        for row in web_systems.json()["systems"]
    ]


def test_a_party_is_coloured_as_it_stood_in_that_election(client: TestClient) -> None:
    """Reform is UKIP's purple in 2015, as `psephos map` and the command's charts colour it,
    in the national table, the hex map and a seat page, and Reform UK's colour in 2024."""
    from psephos.model import party_colour

    ukip, reform = party_colour("Reform", "2015"), party_colour("Reform", "2024")
    assert ukip != reform
    rows = client.get("/api/elections/2015").json()["parties"]
    assert next(r for r in rows if r["party"] == "Reform")["colour"] == ukip
    cells = client.get("/api/elections/2015/map").json()["hexes"]
    clacton = [c for c in cells if c["winner"] == "Reform"]
    assert clacton and all(c["colour"] == ukip for c in clacton)
    rows = client.get("/api/elections/2024").json()["parties"]
    assert next(r for r in rows if r["party"] == "Reform")["colour"] == reform


def test_a_projection_s_map_names_and_colours_parties_as_its_base_does(
    client: TestClient,
) -> None:
    """The swingometer's map of a projection from 2015 titles and keys Clacton's winner UKIP,
    in UKIP's purple, as the sliders and table do (it said "Reform UK", in Reform UK's
    colour: the projection's own id, 2015-projected, had no year of the lineage)."""
    from psephos.model import party_colour

    page = client.get("/swingometer", params={"base": "2015"}).text
    assert "Clacton: UKIP (projected)" in page
    assert "Reform UK" not in page
    body = client.get("/api/swingometer", params={"base": "2015"}).json()
    clacton = [code for code, party in body["winners"].items() if party == "Reform"]
    ukip = party_colour("Reform", "2015")
    assert clacton and all(body["map"]["fills"][code] == ukip for code in clacton)
    assert {"colour": ukip, "label": f"UKIP {len(clacton)}"} in body["map"]["key"]


@pytest.mark.parametrize(
    "query",
    ["base=2024", "base=2015", "base=canada-2021", "base=2024&Con=60&Lab=60"],
    ids=["2024", "2015", "canada-2021", "refused"],
)
def test_the_swingometer_s_sliders_name_parties_as_its_table_does(
    client: TestClient, query: str
) -> None:
    """Each slider is labelled as the election names its party ("Reform UK" in 2024, "UKIP"
    in 2015), as the seats table and the map's key name it, while the input's name stays the
    code the form and the JSON twin read; a refused poll's page too."""
    import re

    base = query.split("&")[0].removeprefix("base=")
    page = client.get(f"/swingometer?{query}").text
    sliders = re.findall(
        r'<label>([^<]+?) <input type="range" name="([^"]+)"[^>]*aria-label="([^"]+) share"',
        page,
    )
    labels = {
        row["party"]: row["party_label"]
        for row in client.get("/api/swingometer", params={"base": base}).json()["seats"]
    }
    election = psephos.load(base)
    assert sliders
    assert any(code in labels for _, code, _ in sliders)
    for label, code, aria in sliders:
        assert label == aria == election.label(code), (code, label)
        assert labels.get(code, label) == label, (code, label)


def test_a_canadian_tactical_map_names_short_names_as_canada_s_parties(
    client: TestClient,
) -> None:
    """The tactical map of a Canadian election asked with short names ("Conservative",
    "Green") labels them as the election does (CPC, GPC), as asked with the codes: the
    names were read as the UK's Con and Green, and shown as given."""
    asked = {"election": "canada-2021", "bloc": "Liberal,NDP,Green"}
    by_name = client.get(
        "/api/tactical", params={**asked, "against": "Conservative", "build": "Green"}
    )
    by_code = client.get("/api/tactical", params={**asked, "against": "CPC", "build": "GPC"})
    assert by_name.status_code == by_code.status_code == 200, by_name.text
    named, coded = by_name.json(), by_code.json()
    assert named["against_label"] == coded["against_label"] == "CPC"
    assert named["legend"] == coded["legend"]
    assert any(entry["label"].startswith("Build GPC") for entry in named["legend"])
    assert named["rows"] == coded["rows"]


@pytest.mark.parametrize(
    ("path", "by_name", "by_code"),
    [
        (
            "/api/advice",
            {"prefer": "Green > NDP > Liberal", "against": "Conservative"},
            {"prefer": "GPC > NDP > LPC", "against": "CPC"},
        ),
        ("/api/pacts", {"bloc": "Liberal,NDP,Green"}, {"bloc": "LPC,NDP,GPC"}),
        (
            "/api/targets",
            {"attacker": "Conservative", "defender": "Liberal"},
            {"attacker": "CPC", "defender": "LPC"},
        ),
    ],
)
def test_a_canadian_election_s_forms_read_short_names_as_its_parties(
    client: TestClient, path: str, by_name: dict[str, str], by_code: dict[str, str]
) -> None:
    """Each form that takes a Canadian election reads its short party names as the codes."""
    base = {"election": "canada-2021"} | ({"seat": "Papineau"} if path == "/api/advice" else {})
    named = client.get(path, params={**base, **by_name})
    coded = client.get(path, params={**base, **by_code})
    assert named.status_code == coded.status_code == 200, named.text
    drop = set(by_name)  # the question as asked, echoed
    assert {k: v for k, v in named.json().items() if k not in drop} == {
        k: v for k, v in coded.json().items() if k not in drop
    }


def test_a_canadian_poll_by_short_names_forecasts_as_by_codes(client: TestClient) -> None:
    poll = {"base": "canada-2021"}
    named = client.get(
        "/api/swingometer",
        params={**poll, "poll": "Conservative 33 Liberal 32 NDP 19 Bloc 8 Green 3"},
    )
    coded = client.get(
        "/api/swingometer", params={**poll, "poll": "CPC 33 LPC 32 NDP 19 BQ 8 GPC 3"}
    )
    assert named.status_code == coded.status_code == 200, named.text
    assert {k: v for k, v in named.json().items() if k != "poll"} == {
        k: v for k, v in coded.json().items() if k != "poll"
    }


def test_a_voter_reads_what_the_party_codes_stand_for(client: TestClient) -> None:
    """The results page said "Lab won 411 of 650 seats", "LD", "SF", "TUV" and never what
    they stand for; the advice table mixed "Lab" and "Reform UK". The results page says what
    each short name stands for, and the advice table names each party in full."""
    page = unescape(client.get("/elections/2024").text)
    names = page.split('id="party-names">', 1)[1].split("</p>", 1)[0]
    for pair in ["Lab: Labour", "Con: Conservative", "LD: Liberal Democrat", "SF: Sinn Féin"]:
        assert pair in names
    assert "TUV: Traditional Unionist Voice" in names and "Reform UK:" not in names
    advice = unescape(client.get("/advice", params={"postcode": "SW1A 1AA", "prefer": "Lab"}).text)
    table = advice.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "<td>Labour</td>" in table and "<td>Lab</td>" not in table
