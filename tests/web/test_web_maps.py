"""The hex maps' modes on the web (``show=winner|gains|majority``): the same fills and key as
``psephos map --show`` draws, seat by seat, on the results explorer and the swingometer."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import picker_options

import psephos
from psephos.cli import app as cli_app
from psephos.jurisdictions import previous_election
from psephos.numbers import format_number, rounded
from psephos.results import hexmap as hexmap_module
from psephos.results.hexmap import MapMode, changed_hands, key_sections, map_colours

runner = CliRunner()
POLL = "Lab 30 Con 28 Reform 18 LD 12 Green 7"
_HEX = re.compile(
    r'data-code="(?P<code>[^"]+)"><polygon points="[^"]*" fill="(?P<fill>[^"]+)">'
    r"<title>(?P<title>[^<]*)</title>"
)


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What every ``plot_hexmap`` call of the command was given (nothing is drawn)."""
    calls: list[dict[str, Any]] = []

    def spy(election: psephos.Election, path: Path, **kwargs: Any) -> Path:
        calls.append({"election": election, **kwargs})
        return Path(path)

    monkeypatch.setattr(hexmap_module, "plot_hexmap", spy)
    return calls


def _cli_map(drawn: list[dict[str, Any]], tmp_path: Path, *arguments: str) -> dict[str, Any]:
    """``psephos map ARGUMENTS``: its election, each seat's fill by code, and its key."""
    result = runner.invoke(cli_app, ["map", *arguments, "--out", str(tmp_path / "map.svg")])
    assert result.exit_code == 0, result.output
    [call] = drawn
    codes = call["election"].codes
    return {"fills": dict(zip(codes, call["colours"], strict=True)), "key": list(call["key"])}


def _hexes(page: str) -> dict[str, dict[str, str]]:
    """Each hexagon of a page's map by seat code: its fill and hover text."""
    return {
        found["code"]: {"fill": found["fill"], "title": html.unescape(found["title"])}
        for found in _HEX.finditer(page)
    }


def _key(page: str) -> list[tuple[str | None, list[str]]]:
    """The key drawn beside the map: each heading with the labels of its swatches."""
    block = re.search(r'<div class="map-key" id="map-key">(.*?)</div>', page, re.S)
    assert block is not None
    sections = []
    found = re.findall(r'<p class="key-heading">([^<]*)</p>\s*<ul[^>]*>(.*?)</ul>', block[1], re.S)
    for heading, items in found:
        labels = re.findall(r"</svg>([^<]*)</li>", items)
        sections.append((html.unescape(heading), [html.unescape(label) for label in labels]))
    return sections


def _cli_key(key: list[Any]) -> list[tuple[str | None, list[str]]]:
    return [(heading, [entry.label for entry in entries]) for heading, entries in key_sections(key)]


@pytest.mark.parametrize(("election", "show"), [("2024", "gains"), ("2017", "majority")])
def test_the_explorer_fills_every_seat_as_psephos_map_does(
    client: TestClient, drawn: list[dict[str, Any]], tmp_path: Path, election: str, show: str
) -> None:
    drawn_by_cli = _cli_map(drawn, tmp_path, election, "--show", show)
    page = client.get(f"/elections/{election}", params={"show": show})
    assert page.status_code == 200
    hexes = _hexes(page.text)
    assert {code: h["fill"] for code, h in hexes.items()} == drawn_by_cli["fills"]
    assert _key(page.text) == _cli_key(drawn_by_cli["key"])
    twin = client.get(f"/api/elections/{election}/map", params={"show": show}).json()
    assert twin["show"] == show
    assert {h["code"]: h["fill"] for h in twin["hexes"]} == drawn_by_cli["fills"]
    assert [entry["label"] for entry in twin["key"]] == [
        entry.label for entry in drawn_by_cli["key"]
    ]


def test_the_swingometer_shows_a_projections_gains_as_psephos_map_does(
    client: TestClient, drawn: list[dict[str, Any]], tmp_path: Path
) -> None:
    drawn_by_cli = _cli_map(drawn, tmp_path, "2024", "--poll", POLL, "--show", "gains")
    page = client.get("/swingometer", params={"base": "2024", "poll": POLL, "show": "gains"})
    assert page.status_code == 200
    hexes = _hexes(page.text)
    assert {code: h["fill"] for code, h in hexes.items()} == drawn_by_cli["fills"]
    assert _key(page.text) == _cli_key(drawn_by_cli["key"])
    # the sliders' form keeps the mode, and the JSON twin carries it
    assert '<input type="hidden" name="show" value="gains" form="swing-form">' in page.text
    assert "&amp;show=gains" in page.text
    twin = client.get("/api/swingometer", params={"base": "2024", "poll": POLL, "show": "gains"})
    assert twin.json()["map"]["fills"] == drawn_by_cli["fills"]
    facts = [h["title"].split(" (projected), ")[1] for h in hexes.values()]
    gained = [fact for fact in facts if fact.startswith("gain from ")]
    assert gained and len(gained) + facts.count("held") == 650
    assert twin.json()["map"]["key"][0]["label"] == f"Gains ({len(gained)} seats)"


@pytest.mark.parametrize("show", ["winner", "gains", "majority"])
def test_the_explorer_renders_each_mode_with_each_seats_fact(client: TestClient, show: str) -> None:
    page = client.get("/elections/2024", params={"show": show})
    assert page.status_code == 200
    words = {"winner": "winners", "gains": "gains", "majority": "majorities"}
    assert f'<strong aria-current="true">{words[show]}</strong>' in page.text
    for other in set(words) - {show}:
        assert f'<a href="/elections/2024?show={other}">{words[other]}</a>' in page.text
    current = psephos.load("2024")
    hexes = _hexes(page.text)
    assert len(hexes) == 650
    for index, code in enumerate(current.codes):
        title = hexes[code]["title"]
        assert title.startswith(f"{current.constituencies[index].name}: ")
        share = float(current.majority_shares()[index]) * 100
        if show == "majority":  # the map's fact, as the command's map says it
            assert title.endswith(f", majority {format_number(share, '.1f')} points")
        else:  # the seat's majority as its page and the command's seat report give it
            assert title.endswith(f", majority {format_number(rounded(share, 2), '.2f')}%")
    if show == "gains":
        before = previous_election(current)
        assert before is not None
        gained = changed_hands(current, before)
        titled = [", gain from " in hexes[code]["title"] for code in current.codes]
        assert titled == gained.tolist()
        assert map_colours(current, "gains", before=before).caption in page.text


@pytest.mark.parametrize("show", ["winner", "gains"])
def test_a_hexagon_s_text_names_parties_in_words_not_codes(client: TestClient, show: str) -> None:
    """A screen reader heard "Aldershot: Lab", "Bath: LD", "Blackburn: Ind" beside "Ashfield:
    Reform UK": every hexagon's text now names its winner, and the party a seat was gained
    from, by the party's name (:func:`psephos.model.party_name`), on the explorer and the
    swingometer alike."""
    from psephos.model import party_name

    current = psephos.load("2024")
    hexes = _hexes(client.get("/elections/2024", params={"show": show}).text)
    for index, code in enumerate(current.codes):
        winner = current.parties[int(current.winner[index])]
        said = hexes[code]["title"].split(": ", 1)[1]
        assert said.startswith(f"{party_name(winner, '2024')},"), hexes[code]["title"]
    titles = [h["title"] for h in hexes.values()]
    assert any(title.startswith("Aldershot: Labour,") for title in titles)
    assert not any(re.search(r": (Lab|LD|Ind|Con|SNP)\b", title) for title in titles)
    if show == "gains":
        assert not any(re.search(r"gain from (Lab|LD|Con|SNP)\b", title) for title in titles)
        assert any("gain from Conservative" in title for title in titles)
    swing = _hexes(client.get("/swingometer", params={"base": "2024", "poll": POLL}).text)
    assert not any(re.search(r": (Lab|LD|Ind|Con|SNP) ", h["title"]) for h in swing.values())


@pytest.mark.parametrize("path", ["/elections/2024", "/swingometer?base=2024&poll=Lab+30+Con+28"])
def test_a_map_s_seats_come_in_the_map_s_order_for_the_keyboard(
    client: TestClient, path: str
) -> None:
    # Tab follows the links' order: region by region, row by row, so from one seat to the one
    # beside it (it went alphabetically, Aldershot to Aldridge-Brownhills across England)
    election = psephos.load("2024")
    expected = [
        h.code for h in hexmap_module.map_order(election, hexmap_module.hex_layout(election))
    ]
    codes = re.findall(
        r'<a href="/seats/[^"]+" class="seat-hex[^"]*" data-code="([^"]+)"', client.get(path).text
    )
    assert codes == expected
    assert codes[0] == "S14000051"  # Orkney and Shetland, the map's top row


def test_the_home_page_keeps_the_mode_asked_for(client: TestClient) -> None:
    opened = client.get("/", params={"show": "gains"}, follow_redirects=False)
    assert opened.status_code == 307
    assert opened.headers["location"] == "/elections/2024?show=gains"


def test_an_election_with_no_earlier_one_offers_no_gains(client: TestClient) -> None:
    page = client.get("/elections/2010")
    assert page.status_code == 200
    assert "show=gains" not in page.text
    assert "no gains: psephos bundles no earlier election on these boundaries" in page.text
    assert '<a href="/elections/2010?show=majority">majorities</a>' in page.text
    refused = client.get("/elections/2010", params={"show": "gains"})
    assert refused.status_code == 400
    assert "psephos bundles none before UK general election 2010" in refused.text
    twin = client.get("/api/elections/2010/map", params={"show": "gains"})
    assert twin.status_code == 400 and "none before" in twin.json()["detail"]


@pytest.mark.parametrize("path", ["/elections/2024", "/swingometer"])
def test_an_unknown_mode_gets_the_friendly_422_page(client: TestClient, path: str) -> None:
    page = client.get(path, params={"show": "colour"})
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    text = html.unescape(page.text)
    assert "what you gave for Map shows was not accepted" in text
    assert "Map shows</strong>: use 'winner', 'gains' or 'majority'" in text
    assert f'<a href="{path}">Back to the page' in text


@pytest.mark.parametrize("path", ["/api/elections/2024/map", "/api/swingometer"])
def test_an_unknown_mode_is_refused_in_the_json(client: TestClient, path: str) -> None:
    refused = client.get(path, params={"show": "colour"})
    assert refused.status_code == 422
    [problem] = refused.json()["detail"]
    assert problem["field"] == "show" and problem["label"] == "Map shows"


def test_a_country_without_a_hex_layout_has_no_map_to_switch(client: TestClient) -> None:
    page = client.get("/elections/canada-2021", params={"show": "majority"})
    assert page.status_code == 200
    assert "No hex map is bundled" in page.text and 'id="map-modes"' not in page.text
    # its twin refuses, as psephos map does (it answered an empty map)
    twin = client.get("/api/elections/canada-2021/map", params={"show": "majority"})
    assert twin.status_code == 400 and "hex map" in twin.json()["detail"]


def test_the_election_picker_says_which_modes_each_election_s_map_offers(
    client: TestClient,
) -> None:
    """Every election in the picker lists the modes its own page's map offers: winners and
    majorities always, gains exactly where its page answers ``show=gains``."""
    page = client.get("/elections/2024", params={"show": "majority"})
    assert page.status_code == 200
    offered = picker_options(page.text)
    assert list(offered) == [
        entry["id"] for entry in client.get("/api/elections").json()["elections"]
    ]
    for election, modes in offered.items():
        if not modes:  # a country with no hex map (Canada's): its page draws none
            page = client.get(f"/elections/{election}").text
            assert "canada" in election and '<figure class="hexmap">' not in page
            continue
        assert {MapMode.winner, MapMode.majority} <= set(modes) <= set(MapMode)
        gains = client.get(f"/elections/{election}", params={"show": "gains"})
        assert gains.status_code == (200 if MapMode.gains in modes else 400), election
    assert any(MapMode.gains in modes for modes in offered.values())
    assert not all(MapMode.gains in modes for modes in offered.values())


@pytest.mark.parametrize("base", ["2024", "2019", "canada-2021"])
def test_the_swingometer_before_any_poll_notes_nothing(client: TestClient, base: str) -> None:
    """The swingometer as it opens (no poll: zero swing from the base) says nothing about
    shares out of reach; it said "Speaker 0.1% of Great Britain is more than it could win"
    on every first visit, the Speaker's seat's share being counted in the national poll."""
    answer = client.get("/api/swingometer", params={"base": base}).json()
    assert answer["notes"] == []
    seats = {row["party"]: row["seats"] for row in answer["seats"]}
    won = {party: n for party, n in psephos.load(base).seats_won().items() if n}
    assert {party: n for party, n in seats.items() if n} == won  # zero swing: the result
    page = client.get("/swingometer", params={"base": base}).text
    assert "could win standing only where it stands" not in page


def test_the_tactical_and_exit_poll_maps_name_parties_in_words(client: TestClient) -> None:
    """The tactical map's hexagons said "Aldershot: target, vote Lab" and the exit poll's
    "Bath: LD": their text names the party (:meth:`psephos.Election.party_name`), as the
    explorer's does."""
    tactical = _hexes(
        client.get("/tactical", params={"against": "Con", "bloc": "Lab,LD,Green"}).text
    )
    titles = [h["title"] for h in tactical.values()]
    assert titles and all(", vote " in title for title in titles)
    assert any(title.endswith(", vote Labour") for title in titles)
    assert not any(re.search(r"vote (Lab|LD|Con)$", title) for title in titles)
    exit_poll = _hexes(client.get("/exit-poll", params={"election": "2019", "seats": 80}).text)
    said = [h["title"].split(": ", 1)[1].removesuffix(" (sampled)") for h in exit_poll.values()]
    assert "Conservative" in said and "Labour" in said
    assert not {"Con", "Lab", "LD", "SNP"} & set(said)


def test_the_map_twin_refuses_a_country_without_a_hex_map_as_the_command_does(
    client: TestClient,
) -> None:
    """Canada has no hex map: its twin is refused in the command's words (it answered 200
    with an empty map), and its election page links no map twin; the UK's still does."""
    refused = client.get("/api/elections/canada-2021/map")
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("The hex map is available for UK elections only")
    assert 'id="map-json"' not in client.get("/elections/canada-2021").text
    assert client.get("/api/elections/2024/map").status_code == 200
    assert 'id="map-json"' in client.get("/elections/2024").text
