"""Every page and its JSON twin, through FastAPI's test client (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient
from web_helpers import form_token, misaligned_headings, open_night

import psephos
from cli_helpers import command_json
from psephos import jurisdictions
from psephos.model import get_party
from psephos.numbers import format_number, one_in
from psephos.projection import DEFAULT_MODEL
from psephos.results import (
    national_table,
    seat_panel_lines,
    seat_report,
    seats_outcome,
    seats_sentence,
)
from psephos.web import services

CROYDON_EAST = "E14001186"  # 2024 boundaries
KENSINGTON_2017 = "E14000768"


def test_index_redirects_to_newest_election(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/elections/2024"


def test_election_page_has_hex_map_of_every_seat(client: TestClient) -> None:
    response = client.get("/elections/2024")
    assert response.status_code == 200
    html = response.text
    assert html.count('class="seat-hex"') == 650
    assert f'data-code="{CROYDON_EAST}"' in html
    # Labour's 411 seats: one hexagon per seat in Labour red.
    assert html.count('fill="#E4003B"><title>') == 411
    assert "Lab won 411 of 650 seats" in html
    assert 'id="national-table"' in html


def test_election_json_twin_matches_library(client: TestClient) -> None:
    body = client.get("/api/elections/2017").json()
    expected = national_table(psephos.load("2017"), psephos.load("2015"))
    assert [row["seats"] for row in body["parties"]] == [row["seats"] for row in expected]
    con = next(row for row in body["parties"] if row["party"] == "Con")
    assert con["seats"] == 317
    assert body["summary"]["overall_majority"] is False
    assert body["summary"]["majority_line"] == 326


@pytest.mark.parametrize("election", ["2024", "2019", "canada-2021"])
def test_the_election_twin_is_the_command_s_document(client: TestClient, election: str) -> None:
    """``psephos results ELECTION -f json`` had ``election, previous, n_seats, turnout_pct,
    close_calls, notes, headline, rows`` and ``/api/elections/{id}`` only ``summary`` and
    ``parties``, without the turnout: the twin carries every key of the command's, with the
    same values (the page's ``summary`` and coloured ``parties`` beside them)."""
    command = command_json("results", election)
    twin = client.get(f"/api/elections/{election}").json()
    assert {key: twin[key] for key in command} == command
    assert set(twin) - set(command) == {"summary", "parties"}


def test_the_election_page_and_twin_give_the_turnout(client: TestClient) -> None:
    """``psephos results 2024`` prints "Turnout 59.8% (28,808,662 valid votes of 48,208,507
    electors)"; the page had no turnout and its twin's summary none either."""
    command = command_json("results", "2024")
    line = "Turnout 59.8% (28,808,662 valid votes of 48,208,507 electors)"
    assert command["headline"][1] == line
    summary = client.get("/api/elections/2024").json()["summary"]
    assert summary["turnout_sentence"] == line
    assert summary["turnout_pct"] == command["turnout_pct"] == pytest.approx(59.758, abs=1e-3)
    assert (summary["electorate"], summary["valid_votes"]) == (48_208_507, 28_808_662)
    assert (command["electorate"], command["valid_votes"]) == (48_208_507, 28_808_662)
    page = unescape(client.get("/elections/2024").text)
    assert f'<span id="election-turnout">{line}.</span>' in page


def test_the_seat_page_gives_the_rejected_ballots(client: TestClient) -> None:
    """``psephos results 2024 -s Hendon`` prints "valid votes 41,256, rejected 190"; the seat
    page gave only the electorate and turnout. It writes the command's line."""
    report = seat_report(psephos.load("2024"), "E14001279", psephos.load("2019-notional-2024"))
    line = seat_panel_lines(report, psephos.load("2024"))[2]
    assert "valid votes 41,256, rejected 190" in line
    for path in ("/seats/E14001279", "/seats/E14001279/panel"):
        page = unescape(client.get(path, params={"election": "2024"}).text)
        assert f'<span class="count">{line}</span>' in page


def test_hung_parliament_lede_counts_the_seats_short_of_a_majority(client: TestClient) -> None:
    # 2017: the Conservatives won 317 of 650 seats, 9 short of the 326 a majority needs (the
    # page said "16 short", the overall majority's size, -16, with its sign dropped)
    e = psephos.load("2017")
    largest = max(e.seats_won().items(), key=lambda item: item[1])
    summary = client.get("/api/elections/2017").json()["summary"]
    assert summary["short_of_majority"] == 326 - largest[1] == 9
    assert summary["majority"] == 2 * largest[1] - 650 == -16
    page = " ".join(client.get("/elections/2017").text.split())
    assert "a hung parliament, 9 short of a majority." in page
    won = " ".join(client.get("/elections/2024").text.split())
    assert "a majority of 172." in won


@pytest.mark.parametrize("election", ["2017", "2024", "canada-2021"])
def test_the_election_page_opens_with_the_commands_sentence(
    client: TestClient, election: str
) -> None:
    """The lede is ``psephos results``'s first line (:func:`psephos.results.seats_sentence`),
    in the twin as ``summary.sentence``."""
    sentence = seats_sentence(psephos.load(election))
    summary = client.get(f"/api/elections/{election}").json()["summary"]
    assert summary["sentence"] == sentence
    # the summary's figures are the sentence's (one reckoning, seats_outcome)
    outcome = seats_outcome(psephos.load(election))
    assert (summary["largest_party"], summary["largest_party_seats"]) == (
        outcome.party,
        outcome.seats,
    )
    assert (summary["majority"], summary["short_of_majority"]) == (outcome.majority, outcome.short)
    assert f"{outcome.label} won {outcome.seats:,} of" in sentence
    page = unescape(" ".join(client.get(f"/elections/{election}").text.split()))
    assert f'<p class="lede"> {sentence} ' in page


def test_map_json_has_positions_for_every_seat(client: TestClient) -> None:
    body = client.get("/api/elections/2019/map").json()
    assert len(body["hexes"]) == 650
    positions = {(h["x"], h["y"]) for h in body["hexes"]}
    assert len(positions) == 650  # no two seats share a hexagon
    assert client.get("/api/elections").json()["elections"][0]["id"] == "2024"


def test_json_gives_party_codes_with_labels_beside_them(client: TestClient) -> None:
    clacton = client.get("/api/seats/E14001174", params={"election": "2024"}).json()
    assert (clacton["winner"], clacton["winner_label"]) == ("Reform", "Reform UK")
    assert (clacton["candidates"][0]["party"], clacton["candidates"][0]["party_label"]) == (
        "Reform",
        "Reform UK",
    )
    assert {row["winner"] for row in clacton["history"]} <= {"Reform", "Con"}
    national = client.get("/api/elections/2024").json()
    reform = next(row for row in national["parties"] if row["party"] == "Reform")
    assert reform["party_label"] == "Reform UK" and "code" not in reform
    assert (national["summary"]["largest_party"], national["summary"]["largest_party_label"]) == (
        "Lab",
        "Lab",
    )
    assert "Reform UK" in client.get("/elections/2024").text
    seats = client.get("/api/marginals", params={"election": "2024", "top": 650}).json()["rows"]
    codes = {party for row in seats for party in (row["winner"], row["runner_up"])}
    assert "Reform" in codes and "Reform UK" not in codes
    hexes = client.get("/api/elections/2024/map").json()["hexes"]
    assert "Reform" in {h["winner"] for h in hexes}
    assert {h["winner_label"] for h in hexes if h["winner"] == "Reform"} == {"Reform UK"}
    page = client.get("/seats/E14001174", params={"election": "2024"}).text
    assert "Reform UK" in page


def test_hex_map_uses_the_election_boundary_set() -> None:
    old = {h.code for h in services.hex_map("2017").hexes}
    new = {h.code for h in services.hex_map("2024").hexes}
    assert KENSINGTON_2017 in old and KENSINGTON_2017 not in new
    assert CROYDON_EAST in new


def test_seat_page_and_twin(client: TestClient) -> None:
    page = client.get(f"/seats/{CROYDON_EAST}?election=2024")
    assert page.status_code == 200
    assert "Croydon East" in page.text
    assert 'id="seat-history"' in page.text
    body = client.get(f"/api/seats/{CROYDON_EAST}", params={"election": "2024"}).json()
    expected = seat_report(
        psephos.load("2024"), CROYDON_EAST, psephos.load("2019-notional-2024")
    ).to_dict()
    assert body["majority"] == expected["majority"]
    assert body["swing"] == expected["swing"]
    assert body["outcome"] == expected["outcome"]
    own = [h["election"] for h in body["history"] if not h["predecessor"]]
    assert own == ["2019-notional-2024", "2024"]
    assert f"{body['majority']:,}" in page.text


def test_seat_history_spans_every_election_on_old_boundaries(client: TestClient) -> None:
    body = client.get(f"/api/seats/{KENSINGTON_2017}", params={"election": "2017"}).json()
    assert [h["election"] for h in body["history"]] == ["2010", "2015", "2017", "2019"]
    assert body["majority"] == 20


def test_a_close_seat_s_majority_is_not_shown_as_zero(client: TestClient) -> None:
    hendon = "E14001279"  # Lab by 15 votes in 2024
    report = seat_report(psephos.load("2024"), hendon, psephos.load("2019-notional-2024"))
    shown = format_number(report.majority_pct, ".2f")  # as the outcome writes it
    assert float(shown) > 0
    for page in (f"/seats/{hendon}", f"/seats/{hendon}/panel"):
        text = client.get(page, params={"election": "2024"}).text
        assert f"majority 15 ({shown}%)" in text and "majority 15 (0.0%)" not in text
    history = client.get(f"/seats/{hendon}", params={"election": "2024"}).text
    assert '<td class="num">0.0</td>' not in history  # the 2024 row's majority %
    marginal = client.get("/marginals", params={"election": "2024", "top": 1}).text
    assert format_number(report.majority_pct, ".2f") in marginal


def test_seat_panel_fragment(client: TestClient) -> None:
    response = client.get(f"/seats/{CROYDON_EAST}/panel")
    assert response.status_code == 200
    assert "<html" not in response.text and "Croydon East" in response.text


def test_the_seat_page_is_headed_by_the_seat_and_the_panel_links_to_it(client: TestClient) -> None:
    # the seat page had no <h1>: its name was the map panel's <h2> link to the page itself
    page = client.get(f"/seats/{CROYDON_EAST}", params={"election": "2024"}).text
    assert re.findall(r"<h1>(.*?)</h1>", page) == ["Croydon East"]
    panel = client.get(f"/seats/{CROYDON_EAST}/panel", params={"election": "2024"}).text
    assert "<h1" not in panel
    assert f'<h2><a href="/seats/{CROYDON_EAST}?election=2024">Croydon East</a></h2>' in panel


def test_seat_search_redirects(client: TestClient) -> None:
    response = client.get("/seats", params={"q": "croydon east"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/seats/{CROYDON_EAST}?election=2024"
    missing = client.get("/seats", params={"q": "Croydon Eats"})
    assert missing.status_code == 404
    assert "Did you mean" in missing.text


@pytest.mark.parametrize(
    ("typed", "election", "meant"),
    [
        ("Croydon Eats", "2024", "Croydon East"),  # a typo: the closest names
        ("hendonn", "2019", "Hendon"),
    ],
)
def test_a_seat_search_that_finds_none_keeps_the_box_and_links_the_seats_it_may_mean(
    client: TestClient, typed: str, election: str, meant: str
) -> None:
    """A name that finds no seat is asked again (404), not a dead end: the search box keeps
    what was typed and the election, and the seats the refusal names are links to them."""
    page = client.get("/seats", params={"q": typed, "election": election})
    assert page.status_code == 404
    text = unescape(page.text)
    form = text.split('id="seat-search-form"')[1].split("</form>")[0]
    assert f'value="{typed}"' in form and f'name="election" value="{election}"' in form
    error = text.split('id="seat-search-error" role="alert">')[1].split("</p>")[0]
    links = {
        name: href
        for href, name in re.findall(
            r'<a href="([^"]+)">([^<]+)</a>',
            text.split('id="seat-suggestions"')[1].split("</ul>")[0],
        )
    }
    assert meant in links and repr(meant) in error
    assert all(repr(name) in error for name in links)
    assert client.get(links[meant]).status_code == 200
    assert f"<h1>{meant}</h1>" in unescape(client.get(links[meant]).text)


def test_a_seat_search_that_finds_several_seats_lists_them(client: TestClient) -> None:
    """A word four seats' names share is a search that found something (200), not a
    refusal: every seat it matches is a link to its page (the seats starting with it and
    Streatham and Croydon North alike), and the JSON twin lists the same seats with their
    code, name, nation, region and election."""
    page = client.get("/seats", params={"q": "croydon", "election": "2024"})
    assert page.status_code == 200
    text = unescape(page.text)
    listed = re.findall(
        r'<a href="([^"]+)">([^<]+)</a>', text.split('id="seat-matches"')[1].split("</ul>")[0]
    )
    assert [name for _, name in listed] == [
        "Croydon East",
        "Croydon South",
        "Croydon West",
        "Streatham and Croydon North",
    ]
    assert (f"/seats/{CROYDON_EAST}?election=2024", "Croydon East") in listed
    assert "Did you mean" not in text and 'id="seat-suggestions"' not in text
    twin = client.get("/api/seats", params={"q": "croydon", "election": "2024"})
    assert twin.status_code == 200
    seats = twin.json()["seats"]
    assert [seat["name"] for seat in seats] == [name for _, name in listed]
    assert seats[0] == {
        "code": CROYDON_EAST,
        "name": "Croydon East",
        "nation": "England",
        "region": "London",
        "election": "2024",
    }
    one = client.get("/api/seats", params={"q": "croydon east", "election": "2024"}).json()
    assert [seat["code"] for seat in one["seats"]] == [CROYDON_EAST]
    missing = client.get("/api/seats", params={"q": "Croydon Eats", "election": "2024"})
    assert missing.status_code == 404 and "Did you mean" in missing.json()["detail"]
    postcode = client.get("/api/seats", params={"q": "SW1A 1AA", "election": "2024"}).json()
    assert [seat["name"] for seat in postcode["seats"]] == ["Cities of London and Westminster"]
    assert postcode["note"]


@pytest.mark.parametrize(
    ("typed", "election", "listed"),
    [
        ("Chester", "2017", []),  # City of Chester alone: no list, the seat's page
        ("Westminster", "2019", ["Cities of London and Westminster", "Westminster North"]),
    ],
)
def test_a_seat_search_prefers_a_whole_word_to_the_start_of_a_longer_one(
    client: TestClient, typed: str, election: str, listed: list[str]
) -> None:
    """A search for a word goes to the seat with that word in its name, not to one whose
    name merely starts with its letters ("Chester" is City of Chester, not Chesterfield),
    and lists the seats that have the word as well as each other, page and JSON twin alike."""
    found = client.get("/seats", params={"q": typed, "election": election}, follow_redirects=False)
    twin = client.get("/api/seats", params={"q": typed, "election": election}).json()["seats"]
    if not listed:
        assert found.status_code == 303
        assert found.headers["location"] == f"/seats/E14000640?election={election}"
        assert [seat["name"] for seat in twin] == ["City of Chester"]
        return
    assert found.status_code == 200
    text = unescape(found.text)
    links = re.findall(r">([^<]+)</a>", text.split('id="seat-matches"')[1].split("</ul>")[0])
    assert links == listed == [seat["name"] for seat in twin]


@pytest.mark.parametrize(
    ("typed", "election", "official"),
    [
        ("Western Isles", "2024", "Na h-Eileanan an Iar"),
        ("Anglesey", "2019", "Ynys Mon"),
        ("Weston super Mare", "2024", "Weston-super-Mare"),
        ("Levis - Lotbiniere", "canada-2021", "Lévis--Lotbinière"),
    ],
)
def test_a_seat_search_finds_a_seat_by_the_name_users_know_it_by(
    client: TestClient, typed: str, election: str, official: str
) -> None:
    """Another name of the seat (its former or other-language name), or its name typed
    without accents and with other dashes, goes to the seat's page."""
    response = client.get(
        "/seats", params={"q": typed, "election": election}, follow_redirects=False
    )
    assert response.status_code == 303
    loaded = psephos.load(election)
    code = next(seat.code for seat in loaded.constituencies if seat.name == official)
    assert response.headers["location"] == f"/seats/{code}?election={election}"


@pytest.mark.parametrize(
    ("typed", "code"),
    [("kensington", "E14001310"), ("Bury St Edmunds", "E14001146")],
)
def test_a_seat_search_for_an_old_seat_s_name_that_is_words_of_one_seat_opens_it(
    client: TestClient, typed: str, code: str
) -> None:
    """A 2019 seat's name that is whole words of one 2024 seat goes to that seat's page, as
    the command opens it; the JSON twin lists it with a note saying where the old seat went."""
    found = client.get("/seats", params={"q": typed, "election": "2024"}, follow_redirects=False)
    assert found.status_code == 303
    assert found.headers["location"] == f"/seats/{code}?election=2024"
    twin = client.get("/api/seats", params={"q": typed, "election": "2024"})
    assert twin.status_code == 200
    assert [seat["code"] for seat in twin.json()["seats"]] == [code]
    assert "is not a seat on the 2024 boundaries" in twin.json()["note"]
    assert command_json("results", "2024", "--seat", typed)["code"] == code


def test_a_seat_search_for_a_seat_split_in_2024_names_and_links_both_halves(
    client: TestClient,
) -> None:
    """The 2019 seat Isle of Wight asked of 2024: the refusal says where its population went,
    and the seats offered are the two it was split into, not the closest names."""
    page = client.get("/seats", params={"q": "Isle of Wight", "election": "2024"})
    assert page.status_code == 404
    text = unescape(page.text)
    error = text.split('id="seat-search-error" role="alert">')[1].split("</p>")[0]
    assert "50% of its population now lives in Isle of Wight East (E14001303) and 50% in" in error
    links = re.findall(
        r'<a href="([^"]+)">([^<]+)</a>', text.split('id="seat-suggestions"')[1].split("</ul>")[0]
    )
    assert [name for _, name in links] == ["Isle of Wight East", "Isle of Wight West"]
    assert all("E1400130" in href for href, _ in links)


@pytest.mark.parametrize(
    ("typed", "election", "official"),
    [
        ("Islington North", None, "Islington North"),
        ("islington north", "2024", "Islington North"),
        ("Western Isles", "2024", "Na h-Eileanan an Iar"),
        ("Hendon", "2019", "Hendon"),
    ],
)
def test_a_seat_page_asked_for_by_name_goes_to_the_seat(
    client: TestClient, typed: str, election: str | None, official: str
) -> None:
    """``/seats/Islington North``: the seat the name names, as the seat search finds it, not
    a refusal of a code."""
    params = {"election": election} if election else {}
    response = client.get(f"/seats/{typed}", params=params, follow_redirects=False)
    assert response.status_code == 303
    loaded = psephos.load(election or "2024")
    code = next(seat.code for seat in loaded.constituencies if seat.name == official)
    assert response.headers["location"] == f"/seats/{code}?election={election or '2024'}"
    assert client.get(response.headers["location"]).status_code == 200


@pytest.mark.parametrize("typed", ["Isle of Wight", "Croydon", "XYZ!"])
def test_a_seat_page_asked_for_by_a_name_of_no_seat_goes_to_the_seat_search(
    client: TestClient, typed: str
) -> None:
    """A name that finds no one seat (the 2019 seat Isle of Wight, split in 2024; a part of
    several names) goes to the seat search for it, which shows the seats it may mean (a
    refusal, 404) or the several it matches (200)."""
    response = client.get(f"/seats/{typed}", follow_redirects=False)
    assert response.status_code == 303
    search = client.get(response.headers["location"])
    assert search.status_code == (200 if typed == "Croydon" else 404)
    form = unescape(search.text).split('id="seat-search-form"')[1].split("</form>")[0]
    assert f'value="{typed}"' in form and 'name="election" value="2024"' in form


@pytest.mark.parametrize(
    ("typed", "election", "says"),
    [
        (
            "Islington North",
            "2024",
            "'Islington North' is not a seat code: use a seat code such as E14001265. It "
            "names Islington North, seat code E14001305: "
            "/api/seats/E14001305?election=2024",
        ),
        (
            "Isle of Wight",
            "2024",
            "'Isle of Wight' is not a seat code: use a seat code such as E14001265. No "
            "constituency 'Isle of Wight' in election '2024'. Isle of Wight "
            "is not a seat on the 2024 boundaries; 50% of its population now lives in Isle of "
            "Wight East (E14001303) and 50% in Isle of Wight West (E14001304).",
        ),
        (  # the example is a code of 2019's boundaries, which /api/seats takes for 2019
            "Hendon",
            "2019",
            "'Hendon' is not a seat code: use a seat code such as E14000727. It names Hendon, "
            "seat code E14000741: /api/seats/E14000741?election=2019",
        ),
    ],
)
def test_a_seat_s_json_asked_for_by_name_names_the_seat_s_code(
    client: TestClient, typed: str, election: str, says: str
) -> None:
    """The JSON twin still refuses what is not a code (422), but says so, and gives the code
    of the seat the name names, or the seats it may mean."""
    response = client.get(f"/api/seats/{typed}", params={"election": election})
    assert response.status_code == 422
    assert response.json() == {"detail": says}


@pytest.mark.parametrize("query", [{"q": ""}, {"q": "   "}, {}, {"q": "", "election": "2019"}])
def test_an_empty_seat_search_goes_back_to_the_search_box(
    client: TestClient, query: dict[str, str]
) -> None:
    """The explorer's "Find a seat" box sent empty shows the explorer (with the box) again:
    never a refusal whose link back is the same empty search."""
    response = client.get("/seats", params=query, follow_redirects=False)
    assert response.status_code == 303
    election = query.get("election", "2024")
    assert response.headers["location"] == f"/elections/{election}"
    page = client.get("/seats", params=query)
    assert page.status_code == 200 and 'action="/seats"' in page.text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/seats/E99999999", 404),
        ("/api/seats/E99999999", 404),
        ("/api/seats/not-a-code", 422),
        ("/elections/1999", 404),
        ("/api/elections/1999", 404),
        ("/api/elections/bad%20id", 422),
        ("/api/marginals?top=0", 422),
        ("/no-such-page", 404),
    ],
)
def test_bad_requests_get_clear_errors(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    if path.startswith("/api/"):
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["detail"]
    else:
        assert "Sorry" in response.text


def test_marginals_page_and_twin(client: TestClient) -> None:
    # by majority in votes, as psephos marginals ranks (Kensington by 20, Perth by 21)
    body = client.get("/api/marginals", params={"election": "2017", "top": 3}).json()
    assert [seat["name"] for seat in body["rows"]] == [
        "North East Fife",
        "Kensington",
        "Perth and North Perthshire",
    ]
    params = {"election": "2017", "top": 3, "by": "share"}
    by_share = client.get("/api/marginals", params=params).json()
    assert [seat["name"] for seat in by_share["rows"]] == [
        "North East Fife",
        "Perth and North Perthshire",
        "Kensington",
    ]
    page = client.get("/marginals", params={"election": "2017", "top": 3})
    assert page.status_code == 200
    assert page.text.count("<tr>") == 4  # header + 3 seats
    assert "North East Fife" in page.text


def test_api_nearest_gives_the_command_s_rows_origin_and_budget(client: TestClient) -> None:
    """``/api/nearest`` and ``psephos nearest --closest -f json`` named the same things
    differently (``max_km`` and ``km``, an origin object and a string, labels on one side
    only, two rounding rules): the same rows now, the web adding each winner's colour."""
    nearest = command_json("nearest", "--postcode", "SW1A 1AA", "--closest", "--top", "3")
    body = client.get("/api/nearest", params={"postcode": "SW1A 1AA", "top": 3}).json()
    rows = [{k: v for k, v in row.items() if k != "colour"} for row in body["rows"]]
    assert rows == nearest["rows"] and all("colour" in row for row in body["rows"])
    assert {key: body["origin"][key] for key in nearest["origin"]} == nearest["origin"]
    assert (body["max_km"], body["max_majority_pct"]) == (
        nearest["max_km"],
        nearest["max_majority_pct"],
    )


def test_nearest_from_a_word_of_an_abolished_seat_s_name(client: TestClient) -> None:
    """``/api/nearest?seat=Kilburn`` was a 404 on 2024 while "Hampstead & Kilburn" worked:
    the word is that old seat, followed to the seat holding most of its people, as the
    command follows it."""
    body = client.get("/api/nearest", params={"seat": "Kilburn", "top": 3}).json()
    assert body["origin"]["code"] == "E14001265"  # Hampstead and Highgate
    assert "in the name of Hampstead and Kilburn" in body["origin"]["note"]
    nearest = command_json("nearest", "Kilburn", "--closest", "--top", "3")
    assert [row["code"] for row in body["rows"]] == [row["code"] for row in nearest["rows"]]


def test_nearest_marginal_page_and_twin(client: TestClient) -> None:
    body = client.get("/api/nearest", params={"seat": "Croydon East", "top": 5}).json()
    assert body["origin"]["code"] == CROYDON_EAST
    distances = [seat["distance_km"] for seat in body["rows"]]
    assert distances == sorted(distances)
    assert all(seat["majority_pct"] <= 10 for seat in body["rows"])
    assert body["rows"][0]["name"] == "Bromley and Biggin Hill"
    page = client.get("/nearest", params={"seat": "Croydon East"})
    assert page.status_code == 200
    assert 'id="volunteer-form"' in page.text and "Bromley and Biggin Hill" in page.text
    by_point = client.get("/api/nearest", params={"lat": 51.5, "lon": -0.12, "max_km": 5}).json()
    assert all(seat["distance_km"] <= 5 for seat in by_point["rows"])
    assert client.get("/api/nearest").status_code == 422
    far = client.get("/api/nearest", params={"lat": 10, "lon": 0})  # the library's refusal
    assert far.status_code == 400 and "outside the United Kingdom" in far.json()["detail"]
    unknown = client.get("/nearest", params={"seat": "Nowhere At All"})
    assert unknown.status_code == 404


def test_nearest_follows_an_old_seat_name_as_the_advice_does(client: TestClient) -> None:
    """The 2019 seat Hampstead and Kilburn: the search starts from the 2024 seat holding most
    of its population, the page and its twin saying so in the advice's words
    (:func:`psephos.jurisdictions.resolve_seat`)."""
    from psephos import load
    from psephos.jurisdictions import resolve_seat

    position, note = resolve_seat(load("2024"), "Hampstead and Kilburn")
    body = client.get("/api/nearest", params={"seat": "Hampstead and Kilburn"})
    assert body.status_code == 200, body.text
    assert body.json()["origin"]["code"] == load("2024").codes[position]
    assert body.json()["origin"]["name"] == "Hampstead and Highgate"
    assert body.json()["origin"]["note"] == note
    assert "give the seat you live in if it is another" in note
    page = client.get("/nearest", params={"seat": "Hampstead and Kilburn"})
    assert page.status_code == 200 and note in unescape(page.text)
    plain = client.get("/api/nearest", params={"seat": "Croydon East"}).json()
    assert plain["origin"]["note"] is None


@pytest.mark.parametrize(
    "params",
    [
        {"lat": "51.5", "lon": "-0.12", "max_km": "30", "top": "5"},
        {"seat": "Croydon East", "max_majority_pct": "5", "top": "3"},
        {"postcode": "SW1A 1AA", "election": "2019-notional-2024"},
    ],
)
def test_nearest_page_s_json_twin_answers_the_same_question(
    client: TestClient, params: dict[str, str]
) -> None:
    page = client.get("/nearest", params=params)
    assert page.status_code == 200
    match = re.search(r'href="(/api/nearest\?[^"]+)"', page.text)
    assert match is not None
    twin = client.get(match.group(1).replace("&amp;", "&"))
    assert twin.status_code == 200, twin.text
    assert twin.json() == client.get("/api/nearest", params=params).json()


def test_nearest_page_without_query_shows_form(client: TestClient) -> None:
    page = client.get("/nearest")
    assert page.status_code == 200
    assert 'id="nearest-form"' in page.text and 'id="volunteer-form"' not in page.text


#: A volunteer's sign-up as the nearest-marginal page's form sends it (consent given).
SIGN_UP = {
    "election": "2024",
    "home_seat": CROYDON_EAST,
    "target_seat": "E14001137",
    "name": "Ada Lovelace",
    "email": "ada@example.org",
    "hours_per_week": "6",
    "note": "",
    "consent": "true",
}


@pytest.mark.storage
def test_volunteer_sign_up_form_saves_and_thanks(client: TestClient) -> None:
    page = client.get("/nearest", params={"seat": "Croydon East"})
    response = client.post("/volunteers", data={"csrf_token": form_token(page.text), **SIGN_UP})
    assert response.status_code == 200
    assert "Bromley and Biggin Hill" in response.text
    assert "Ada Lovelace" not in response.text  # no personal data echoed back


def test_volunteer_form_without_consent_shows_the_form_again(client: TestClient) -> None:
    page = client.get("/nearest", params={"seat": "Croydon East"})
    unconsented = {k: v for k, v in SIGN_UP.items() if k != "consent"} | {"note": "weekends"}
    response = client.post("/volunteers", data={"csrf_token": form_token(page.text), **unconsented})
    assert response.status_code == 422
    assert "Consent: must be given to store your details" in response.text
    assert 'id="volunteer-form"' in response.text
    assert 'value="ada@example.org"' in response.text and "weekends</textarea>" in response.text
    assert 'value="E14001137" checked' in response.text
    assert client.get("/api/organisers/volunteers").status_code == 401  # nothing stored


@pytest.mark.storage
def test_volunteer_sign_up_json(client: TestClient) -> None:
    payload = {
        "name": "Grace Hopper",
        "email": "grace@example.org",
        "target_seat": "E14001137",
        "hours_per_week": 3,
        "consent": True,
    }
    response = client.post("/api/volunteers", json=payload)
    assert response.status_code == 201
    assert response.json()["status"] == "saved"
    assert "grace" not in response.text.lower()
    refused = client.post("/api/volunteers", json={**payload, "consent": False})
    assert refused.status_code == 422
    bad_email = client.post("/api/volunteers", json={**payload, "email": "not-an-email"})
    assert bad_email.status_code == 422
    wrong_seat = client.post("/api/volunteers", json={**payload, "target_seat": "E1400076"})
    assert wrong_seat.status_code == 404
    assert wrong_seat.json()["detail"].startswith("target_seat: No constituency 'E1400076'")


@pytest.mark.storage
def test_a_sign_up_takes_a_postcode_or_a_seat_name_as_a_place(client: TestClient) -> None:
    """The sign-up's seats are places, as every page that takes a place reads them
    (:func:`psephos.jurisdictions.seat_of_place`): a postcode, a seat's name, a code of the
    old boundaries followed; it keeps their 2024 codes, and its notes never echo the
    postcode (personal data)."""
    payload = {
        "name": "T",
        "email": "t@example.org",
        "target_seat": "Hampstead and Highgate",
        "home_seat": "NW6 1AB",
        "hours_per_week": 3,
        "consent": True,
    }
    saved = client.post("/api/volunteers", json=payload)
    assert saved.status_code == 201, saved.text
    answer = saved.json()
    assert (answer["target_seat"], answer["home_seat"]) == ("E14001265", "E14001265")
    assert answer["notes"] == [
        "home_seat: the postcode given is in Hampstead and Highgate (E14001265)."
    ]
    assert "NW6" not in saved.text
    old = client.post(
        "/api/volunteers", json={**payload, "email": "u@example.org", "target_seat": "E14000727"}
    )
    assert old.status_code == 201 and old.json()["target_seat"] == "E14001265"
    assert "Hampstead and Kilburn is not a seat on the 2024 boundaries" in old.json()["notes"][0]
    straddles = client.post("/api/volunteers", json={**payload, "home_seat": "NW6 7"})
    assert straddles.status_code == 404
    assert "Their codes: E14001435, E14001122" in straddles.json()["detail"]


@pytest.mark.storage
def test_the_sign_up_form_takes_a_postcode(
    organiser_client: tuple[TestClient, str],
) -> None:
    """Searched by postcode, the form's sign-up keeps the postcode's seat as the home seat; a
    postcode typed as the home seat is read as its seat too."""
    client, _ = organiser_client
    page = client.get("/nearest", params={"postcode": "NW6 1AB", "election": "2024"}).text
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    assert hidden["home_seat"] == "E14001265" and hidden["postcode"] == "NW6 1AB"
    sign_up = {**hidden, **SIGN_UP, "home_seat": hidden["home_seat"], "email": "a@example.org"}
    assert client.post("/volunteers", data=sign_up).status_code == 200
    typed = {**sign_up, "home_seat": "NW6 1AB", "email": "b@example.org"}
    assert client.post("/volunteers", data=typed).status_code == 200
    homes = {
        v["email"]: v["home_seat"]
        for v in client.get("/api/organisers/volunteers").json()["volunteers"]
    }
    assert homes == {"a@example.org": "E14001265", "b@example.org": "E14001265"}


def test_a_refused_seat_code_shows_an_example_the_same_endpoint_takes(client: TestClient) -> None:
    """The example in "use a seat code such as ..." is a seat of the election asked about, so
    following the advice works."""
    for election in ("2024", "2019"):
        refusal = client.get("/api/seats/croydon", params={"election": election}).json()
        example = re.search(r"such as (\w+)", refusal["detail"])
        assert example is not None
        seat = client.get(f"/api/seats/{example.group(1)}", params={"election": election})
        assert seat.status_code == 200


def test_scenarios_typed_or_reloaded_opens_the_form(client: TestClient) -> None:
    """``/scenarios`` is where the save form posts; typed or reloaded it was "Method Not
    Allowed". It opens the form, keeping the query."""
    answer = client.get("/scenarios", params={"election": "canada-2021"}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/scenarios/new?election=canada-2021"
    page = client.get("/scenarios")
    assert page.status_code == 200 and "New scenario" in page.text


@pytest.mark.parametrize("election", ["2024", "canada-2021"])
def test_the_scenario_form_starts_at_the_base_result(client: TestClient, election: str) -> None:
    """Each share starts at the base result's, as the swingometer's sliders do (every box
    started at 0), and Other at the rest, so the boxes add up to 100."""
    page = client.get("/scenarios/new", params={"election": election}).text
    boxes = dict(re.findall(r'name="(\w+)" min="0" max="100" step="0.1" value="([^"]*)"', page))
    slider = client.get("/api/swingometer", params={"base": election}).json()["shares_pct"]
    assert {party: float(value) for party, value in boxes.items() if party != "Other"} == slider
    assert abs(sum(float(value) for value in boxes.values()) - 100) < 0.05


@pytest.mark.storage
def test_scenario_form_gives_shareable_link(client: TestClient) -> None:
    page = client.get("/scenarios/new")
    assert page.status_code == 200
    response = client.post(
        "/scenarios",
        data={
            "csrf_token": form_token(page.text),
            "title": "Labour 30, Reform 25",
            "election": "2024",
            "Lab": "30",
            "Reform": "25",
            "Con": "20",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    link = response.headers["location"]
    assert re.fullmatch(r"/s/[A-Za-z0-9_-]{22}", link)
    shared = client.get(link)
    assert shared.status_code == 200 and "Labour 30, Reform 25" in shared.text
    twin = client.get("/api" + link.replace("/s/", "/scenarios/")).json()
    assert twin["payload"] == {
        "election": "2024",
        "model": DEFAULT_MODEL,
        "shares_pct": {"Con": 20.0, "Lab": 30.0, "Reform": 25.0},
    }
    assert f'href="/swingometer?base=2024&amp;model={DEFAULT_MODEL}&amp;Con=20.0' in shared.text


@pytest.mark.storage
def test_a_canadian_poll_is_saved_with_canadas_parties(client: TestClient) -> None:
    """The scenario form takes the base election's country's poll parties (Jurisdiction
    .poll_parties and Other): a Canadian poll saved from the form or the swingometer's save
    form keeps Canada's codes, its page names them as the election does and reopens the
    swingometer on them; a party the election does not have is refused."""
    from psephos.jurisdictions import CANADA, UK

    base = psephos.load(CANADA.latest_id)
    page = client.get("/scenarios/new", params={"election": base.id})
    assert page.status_code == 200
    form = page.text.split('id="scenario-form"')[1].split("</form>")[0]
    fields = re.findall(r'type="number" name="([^"]+)"', form)
    assert fields == [*CANADA.poll_parties, "Other"]
    assert f'<option value="{base.id}" selected>' in form and 'value="2024"' not in form
    uk = client.get("/scenarios/new").text.split('id="scenario-form"')[1]
    assert re.findall(r'type="number" name="([^"]+)"', uk) == [*UK.poll_parties, "Other"]
    shares = {"LPC": "33", "CPC": "34", "NDP": "18", "BQ": "8"}
    data = {"csrf_token": form_token(page.text), "title": "Canada", "election": base.id, **shares}
    response = client.post("/scenarios", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    shared = client.get(response.headers["location"]).text
    table = shared.split('<table class="results">')[1].split("</table>")[0]
    assert re.findall(r"</svg>([^<]*)</td>", table) == [base.label(code) for code in shares]
    assert f"base={base.id}" in shared and "LPC=33.0" in shared
    swingometer = client.get("/swingometer", params={"base": base.id, **shares}).text
    save = swingometer.split('id="save-scenario"')[1].split("</form>")[0]
    hidden = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', save))
    saved = client.post(
        "/scenarios", data={**hidden, "title": "From the swingometer"}, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text
    named = {"kind": "poll", "title": "t", "payload": {"election": base.id}}
    by_name = {"Liberals": 33, "Conservatives": 34}
    stored = client.post(
        "/api/scenarios", json={**named, "payload": {**named["payload"], "shares_pct": by_name}}
    )
    assert stored.status_code == 201, stored.text
    assert "CPC=34" in client.get(stored.json()["url"]).text  # not the UK's Con
    refused = client.post("/scenarios", data={**data, "SNP": "5"}, follow_redirects=False)
    # a party of another country is named as that country's, as every command names it
    assert refused.status_code == 422 and "SNP is a UK party" in refused.text


@pytest.mark.parametrize("page", ["/seats/E14000727", "/seats/E14000727/panel"])
def test_the_seat_panel_says_the_outcome_and_swing_as_the_command_does(
    client: TestClient, page: str
) -> None:
    """The panel's outcome and swing are the lines ``psephos results --seat`` prints
    (:func:`psephos.results.seat_panel_lines`): one sentence each, in one place."""
    current = psephos.load("2019")
    report = seat_report(current, "E14000727", psephos.load("2017"))
    _, outcome, _, swing = seat_panel_lines(report, current)
    assert outcome == "Lab hold: majority 14,188 (24.72%) over Con"
    assert swing == "Swing since UK general election 2017: 1.0-point swing from Lab to Con (Butler)"
    text = unescape(client.get(page, params={"election": "2019"}).text)
    assert f'<p class="outcome">{outcome}</p>' in text
    assert f'<span class="swing">{swing}</span>' in text


def test_the_speaker_s_seat_page_has_no_swing_between_parties_that_did_not_stand(
    client: TestClient,
) -> None:
    """Chorley 2019, the new Speaker's seat: the page says what the command prints, no Butler
    swing from a 2019 independent who had no 2017 vote (:func:`psephos.results.swing_sentence`)."""
    code = psephos.load("2019").result("Chorley").constituency.code
    text = unescape(client.get(f"/seats/{code}", params={"election": "2019"}).text)
    assert (
        '<span class="swing">Swing since UK general election 2017: no comparable swing '
        "(the Speaker's seat)</span>"
    ) in text
    assert "(Butler)" not in text


def test_seat_page_words_the_swing_the_right_way_round(client: TestClient) -> None:
    page = client.get("/seats/E14000727", params={"election": "2019"}).text
    assert "1.0-point swing from Lab to Con" in page and "-1.0" not in page
    body = client.get("/api/seats/E14000727", params={"election": "2019"}).json()
    assert body["swing_text"] == "1.0-point swing from Lab to Con"


def test_pages_say_what_changes_and_swings_are_measured_from(client: TestClient) -> None:
    notional = services.election_name("2019-notional-2024")
    assert "notional" in notional
    hendon = client.get("/seats/E14001279", params={"election": "2024"}).text
    assert f"Swing since {notional}: " in hendon and "from Con to Lab (Butler)" in hendon
    national = client.get("/elections/2024").text
    assert f"Changes are from the {notional}." in national


@pytest.mark.storage
def test_a_scenario_is_checked_before_it_is_stored(client: TestClient) -> None:
    poll = {
        "kind": "poll",
        "title": "t",
        "payload": {"election": "2024", "shares_pct": {"Lab": 30}},
    }
    assert client.post("/api/scenarios", json=poll).status_code == 201
    for payload, message in [
        ({"election": "2099", "shares_pct": {"Lab": 30}}, "payload.election: "),
        ({"election": "2024", "shares_pct": "oops"}, "payload.shares_pct: give shares"),
        ({"election": "2024", "shares_pct": {"Lab": "oops"}}, "'Lab' is not a number"),
        ({"election": "2024", "shares_pct": {"Lab": 80, "Con": 80}}, "above 100%"),
        ({"election": "2024", "shares_pct": {"Whigs": 30}}, "payload.shares_pct: "),
        ({"election": "2024"}, "a poll scenario needs its shares"),
        ({"election": "2024", "shares_pct": {"Lab": 30}, "model": "magic"}, "payload.model"),
    ]:
        response = client.post("/api/scenarios", json={**poll, "payload": payload})
        assert response.status_code == 422, payload
        problem = response.json()["detail"][0]  # the part checked is the problem's field
        assert message in f"{problem['field']}: {problem['message']}", payload


@pytest.mark.storage
def test_scenario_json_round_trip(client: TestClient) -> None:
    scenario = {"kind": "coalition", "title": "Lab + LD", "payload": {"parties": ["Lab", "LD"]}}
    response = client.post("/api/scenarios", json=scenario)
    assert response.status_code == 201
    slug = response.json()["slug"]
    assert client.get(f"/api/scenarios/{slug}").json()["payload"] == {"parties": ["Lab", "LD"]}
    assert client.get("/api/scenarios/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404
    assert client.get("/s/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404
    too_big = {**scenario, "payload": {"blob": "x" * 30_000}}
    assert client.post("/api/scenarios", json=too_big).status_code == 422
    assert client.post("/api/scenarios", json={**scenario, "kind": "nope"}).status_code == 422


@pytest.mark.storage
def test_results_night_pages_before_any_declaration(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    assert client.get("/api/results-night").status_code == 404
    closed = client.get("/results-night")
    assert closed.status_code == 200 and 'id="night-not-open"' in closed.text
    asked = client.get("/results-night", params={"election": "nope"})
    assert asked.status_code == 404 and 'id="night-not-open"' in asked.text
    open_night(client, token)
    body = client.get("/api/results-night").json()
    assert body["n_declared"] == 0 and body["n_seats"] == 650
    assert body["projection"]["status"] == "too-early"
    page = client.get("/results-night")
    assert page.status_code == 200
    assert 'http-equiv="refresh"' not in page.text  # live updates instead of reloads
    assert '<span id="declared-count">0</span> of 650 seats declared' in page.text
    nights = client.get("/api/results-elections").json()["elections"]
    assert [night["id"] for night in nights] == ["next"]
    assert nights[0]["base_election"] == "2024"


@pytest.mark.storage
def test_without_a_night_asked_for_the_page_and_its_twin_open_the_same_open_night(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The site's night ("next") not open, the page is not a 200 saying "not open" beside a
    404 twin: both open the newest open night."""
    client, token = organiser_client
    open_night(client, token, "t25")
    body = client.get("/api/results-night")
    assert body.status_code == 200 and body.json()["election"] == "t25"
    page = client.get("/results-night")
    assert page.status_code == 200 and 'id="night-not-open"' not in page.text
    assert '<span id="declared-count">0</span> of 650 seats declared' in page.text
    assert client.get("/results-night", params={"election": "next"}).status_code == 404


@pytest.mark.storage
def test_login_page_and_organiser_pages(organiser_client: tuple[TestClient, str]) -> None:
    client, _token = organiser_client
    assert client.get("/login").status_code == 200
    assert client.get("/organisers").status_code == 200
    assert client.get("/api/organisers/volunteers").json() == {"volunteers": []}
    declare = client.get("/organisers/declare")  # no night open: nothing to declare to
    assert declare.status_code == 200 and 'id="open-election-form"' in declare.text


def test_health(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.parametrize(
    "url",
    ["/elections/canada-2021", "/swingometer?base=canada-2021", "/marginals?election=canada-2019"],
)
def test_canadian_pages_render_without_a_hex_map(client: TestClient, url: str) -> None:
    """No hex layout is bundled for Canada's ridings: the pages say so instead of failing."""
    response = client.get(url)
    assert response.status_code == 200
    if "marginals" not in url:
        assert "No hex map is bundled for these boundaries." in response.text
        assert 'class="seat-hex' not in response.text
    # the map twin is refused as psephos map refuses it (it answered an empty map)
    assert client.get("/api/elections/canada-2021/map").status_code == 400


def test_a_canadian_seat_page_opens(client: TestClient) -> None:
    found = client.get("/seats", params={"q": "Papineau", "election": "canada-2021"})
    assert found.status_code == 200 and found.url.path == "/seats/24055"
    assert "Justin Trudeau" in found.text
    body = client.get("/api/seats/24055", params={"election": "canada-2021"}).json()
    assert body["name"] == "Papineau" and body["winner"] == "LPC"
    refused = client.get("/api/seats/2405", params={"election": "canada-2021"})
    assert refused.status_code == 422


def test_seat_page_says_what_each_capability_says(client: TestClient) -> None:
    from psephos.results import seat_demographics
    from psephos.targeting.targets import target_list

    body = client.get(f"/api/seats/{CROYDON_EAST}", params={"election": "2024"}).json()
    current = psephos.load("2024")
    assert body["demographics"] == seat_demographics(current, CROYDON_EAST)
    assert {row["measure"] for row in body["demographics"]} >= {"leave", "degree", "age_65_plus"}
    insights = body["insights"]
    expected = next(s for s in target_list(current, "Con", "Lab").seats if s.code == CROYDON_EAST)
    assert insights["target"]["rank"] == expected.rank
    assert insights["target"]["win_probability"] == expected.win_probability
    assert 1 <= insights["marginality_rank"] <= 650
    chances = insights["next_election"]["chances"]
    assert chances[0]["party"] == "Lab" and 0.5 < sum(c["probability"] for c in chances) <= 1.01
    # Before the 2024 boundaries: the largest predecessor's results, marked as such.
    assert body["predecessors"][0]["name"] == "Croydon Central"
    history = {row["election"]: row for row in body["history"]}
    assert history["2015"]["predecessor"] and history["2015"]["name"] == "Croydon Central"
    assert history["2015"]["majority"] == 165
    page = client.get(f"/seats/{CROYDON_EAST}")
    assert 'id="seat-demographics"' in page.text and 'id="seat-insights"' in page.text
    assert "*<br>as Croydon Central" in page.text and "predecessor seat" in page.text
    assert f'href="/advice?seat={CROYDON_EAST}&amp;election=next"' in page.text
    # The chances say once where they come from (it read "Next election (the next election:
    # the 2024 result with long-range errors): Lab 88%, ...").
    line = re.search(r'<li id="seat-next-election">([^<]*)</li>', page.text)
    assert line is not None and line[1].startswith(
        "A projection to the next election from the 2024 result, with long-range errors: Lab "
    )
    assert line[1].count("next election") == 1
    old = client.get("/api/seats/E14000530", params={"election": "2010"}).json()
    assert old["insights"]["next_election"] is None and old["predecessors"] == []


@pytest.mark.parametrize(
    ("election", "code", "attacker", "defender"),
    [("2024", CROYDON_EAST, "Con", "Lab"), ("canada-2021", "24055", "NDP", "LPC")],
)
def test_the_seat_page_says_its_target_rank_in_the_command_s_words(
    client: TestClient, election: str, code: str, attacker: str, defender: str
) -> None:
    """The seat's place on the runner-up's target list is the line ``psephos target --find``
    prints, word for word (:func:`psephos.targeting.targets.find_sentence`, which names the
    list in both); the page wrote its own ("Number 12 of 396 on Con's target list against
    Lab: 3.2 points behind, with a chance of ..."), then the command's with the list's name
    put in."""
    from cli_helpers import command_json

    sentence = command_json(
        "target", election, "--pair", f"{attacker},{defender}", "--find", code, "-n", "1"
    )["headline"][0]
    current = psephos.load(election)
    listed_on = f"{current.label(attacker)}'s target list against {current.label(defender)}"
    assert f" on {listed_on}; " in sentence
    page = client.get(f"/seats/{code}", params={"election": election}).text
    line = re.search(r'<li id="seat-target">(.*?)</li>', page)
    assert line is not None
    assert unescape(re.sub(r"<[^>]+>", "", line[1])) == (
        f"{sentence} See {current.label(attacker)}'s targets."
    )
    body = client.get(f"/api/seats/{code}", params={"election": election}).json()
    assert body["insights"]["target"]["sentence"] == sentence


def test_the_seat_page_says_why_its_two_chances_of_one_event_differ(client: TestClient) -> None:
    """Croydon East's page gave "a chance of 8% that Con wins it" (the target list) and, a line
    below, "Con 11%" (the projection) without a word on why; the projection's line now says
    which model each comes from."""
    body = client.get(f"/api/seats/{CROYDON_EAST}").json()["insights"]
    page = client.get(f"/seats/{CROYDON_EAST}").text
    line = re.search(r'<li id="seat-next-election">([^<]*)</li>', page)
    assert line is not None
    assert unescape(line[1]).endswith(
        f"Not the target list's {one_in(body['target']['win_probability'])} for Con above: "
        "that is its margin model's, every party's margin on this result with the spread "
        "measured for the pair; this is a simulation of every party's share, with its "
        "long-range errors."
    )
    untargeted = client.get("/seats/E14000530", params={"election": "2010"}).text
    assert "target list's" not in untargeted


def test_the_seat_page_writes_its_marginality_rank_as_an_ordinal(client: TestClient) -> None:
    """The rank among the most marginal seats is written by :func:`psephos.numbers.ordinal`
    (the template worked out "st", "nd", "rd" and "th" itself)."""
    from psephos.numbers import ordinal

    ranks = services._marginality_rank("2024")
    for rank in (1, 2, 3, 12, 22, 113):
        code = next(code for code, at in ranks.items() if at == rank)
        page = client.get(f"/seats/{code}", params={"election": "2024"}).text
        assert f"<li>The {ordinal(rank)} most marginal of 650 seats" in page


@pytest.mark.parametrize(
    ("election", "code"),
    [("2024", CROYDON_EAST), ("2017", KENSINGTON_2017), ("canada-2021", "24055")],
)
def test_a_seat_page_s_onward_links_ask_about_its_own_country(
    client: TestClient, election: str, code: str
) -> None:
    # a Canadian seat page linked to the nearest-marginal search (UK only: a 400), and every
    # seat page to advice about the next UK election, where an older or Canadian seat is not
    page = client.get(f"/seats/{code}", params={"election": election}).text
    links = [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', page)]
    advice = next(link for link in links if link.startswith("/advice?"))
    winner = client.get(f"/api/seats/{code}", params={"election": election}).json()["winner"]
    asked = client.get(advice.replace("/advice?", "/api/advice?") + f"&prefer={winner}")
    assert asked.status_code == 200, asked.text
    assert asked.json()["code"] == code
    tactical = next(link for link in links if link.startswith("/tactical?"))
    assert client.get(tactical).status_code == 200
    nearest = [link for link in links if link.startswith("/nearest?")]
    assert bool(nearest) == (not election.startswith("canada"))
    for link in nearest:
        assert client.get(link).status_code == 200


def test_the_hex_map_does_not_show_a_close_seat_s_majority_as_zero(client: TestClient) -> None:
    north_east_fife = "S14000049"  # SNP by 2 votes in 2017
    hexes = {h.code: h for h in services.hex_map("2017").hexes}
    majority_pct = hexes[north_east_fife].majority_pct
    assert 0 < majority_pct < 0.01
    shown = format_number(majority_pct, ".1f")
    html = client.get("/elections/2017").text
    assert f"North East Fife: Scottish National Party, majority {shown}%</title>" in html
    assert "majority 0.0%</title>" not in html
    body = client.get("/api/elections/2017/map").json()
    assert [h["majority_pct"] for h in body["hexes"] if h["code"] == north_east_fife] == [
        majority_pct
    ]


@pytest.mark.parametrize("election_id", ["2015", "2019", "2024"])
@pytest.mark.storage
def test_a_saved_poll_names_its_parties_as_the_election_does(
    client: TestClient, election_id: str
) -> None:
    """The shared page names each party as every other page does, by the election's label
    (the Reform code is UKIP in 2015, the Brexit Party in 2019), a party given by its name
    read as the swingometer reads it, each share written by the one number format."""
    shares = {"Labour": 30.5, "Reform": 20, "LD": 12.25, "PC": 0.75}
    scenario = {
        "kind": "poll",
        "title": "Names",
        "payload": {"election": election_id, "shares_pct": shares},
    }
    saved = client.post("/api/scenarios", json=scenario)
    assert saved.status_code == 201, saved.text
    page = client.get(saved.json()["url"]).text
    table = page.split('<table class="results">')[1].split("</table>")[0]
    current = psephos.load(election_id)
    cells = re.findall(r"</svg>([^<]*)</td><td class=\"num\">([^<]*)</td>", table)
    assert cells == [
        (current.label(get_party(name).code), format_number(share, ".1f"))
        for name, share in shares.items()
    ]
    assert "Lab=30.5" in page  # the swingometer link takes the name's code


def _form_fields(html: str, form_id: str) -> dict[str, str]:
    form = html[html.index(f'id="{form_id}"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))


@pytest.mark.storage
def test_a_mistyped_sign_up_is_shown_again_for_the_same_search(client: TestClient) -> None:
    search = {"postcode": "sw1a1aa", "max_km": "300", "max_majority_pct": "2", "top": "20"}
    page = client.get("/nearest", params=search)
    seats = re.findall(r'name="target_seat" value="(\w+)"', page.text)
    assert len(seats) == 20
    sign_up = {
        **_form_fields(page.text, "volunteer-form"),
        "target_seat": seats[-1],
        "name": "Ada Lovelace",
        "note": "weekends",
        "consent": "true",
    }
    for mistake, said in (
        ({"email": "ada@", "hours_per_week": "6"}, "E-mail: is not an e-mail address"),
        ({"email": "ada@example.org", "hours_per_week": ""}, "Hours a week:"),
        # in the form's own words and the JSON twin's bounds
        (
            {"email": "ada@example.org", "hours_per_week": "0"},
            "Hours a week: use a whole number from 1 to 80",
        ),
    ):
        response = client.post("/volunteers", data={**sign_up, **mistake})
        assert response.status_code == 422
        assert f"Not signed up: {said}" in response.text and 'id="volunteer-form"' in response.text
        # the same seats, the one chosen still chosen, and everything typed kept
        assert re.findall(r'name="target_seat" value="(\w+)"', response.text) == seats
        assert f'value="{seats[-1]}" checked' in response.text
        assert "SW1A 1AA (SW1A 1) is in Cities of London and Westminster." in response.text
        assert 'value="Ada Lovelace"' in response.text and "weekends</textarea>" in response.text
        assert 'name="consent" value="true" required checked' in response.text
    assert client.get("/api/organisers/volunteers").status_code == 401  # nothing stored
    done = client.post(
        "/volunteers", data={**sign_up, "email": "ada@example.org", "hours_per_week": "6"}
    )
    assert done.status_code == 200 and "Thank you for signing up to help in" in done.text
    assert "details are updated" not in done.text
    # the same e-mail again updates the sign-up, as the JSON twin's status says: so does the page
    again = client.post(
        "/volunteers", data={**sign_up, "email": "ADA@example.org", "hours_per_week": "8"}
    )
    assert again.status_code == 200
    assert "<title>Sign-up updated" in again.text
    assert "Thank you: your details are updated" in unescape(again.text)
    assert "You had already signed up with this e-mail address" in again.text


def test_nearest_page_writes_its_numbers_as_people_read_them(client: TestClient) -> None:
    page = client.get("/nearest", params={"postcode": "KW1 4", "max_km": "10"})
    assert page.status_code == 200
    assert "No seat within 10 km has a majority under 10%." in page.text
    body = client.get("/api/nearest", params={"postcode": "SW1A 1AA", "election": "2024"}).json()
    page = client.get("/nearest", params={"postcode": "SW1A 1AA"}).text
    for seat in body["rows"]:
        assert f"{format_number(seat['distance_km'], '.1f')} km</td>" in page
    # the form's boxes as typed, or their defaults as numbers are written: 10 and 100
    assert 'name="max_majority_pct" step="0.5" min="0.5" max="100" value="10"' in page
    assert 'name="max_km" min="1" max="2000" value="100"' in page  # psephos nearest's range
    typed = client.get("/nearest", params={"postcode": "SW1A 1AA", "max_majority_pct": "7.5"})
    assert 'value="7.5"' in typed.text


@pytest.mark.parametrize(
    ("code", "place"),
    [
        ("N05000003", "Northern Ireland ·"),  # Belfast South and Mid Down
        ("S14000021", "Scotland ·"),  # East Renfrewshire
        ("E14001172", "London, England ·"),  # Cities of London and Westminster
    ],
)
def test_seat_page_names_its_place_once(client: TestClient, code: str, place: str) -> None:
    report = client.get(f"/api/seats/{code}").json()
    page = client.get(f"/seats/{code}")
    assert page.status_code == 200
    assert f'<p class="meta">{place} {code}' in page.text
    assert f"{report['nation']}, {report['nation']}" not in page.text


def test_a_canadian_house_without_a_majority_is_named_as_canada_names_it(
    client: TestClient,
) -> None:
    """A Canadian election's pages call a House without a majority the country's name for it
    (``Jurisdiction.no_majority``), not the UK's "hung parliament"."""
    from psephos.jurisdictions import CANADA

    assert CANADA.no_majority != "hung parliament"
    page = client.get("/elections/canada-2021").text
    assert f"a {CANADA.no_majority}, " in page and "hung parliament" not in page
    forecast = client.get("/forecast", params={"base": "canada-2021"}).text
    assert f"{CANADA.no_majority_title}: " in forecast and "Hung parliament" not in forecast


def test_the_footer_credits_every_bundled_countrys_results(client: TestClient) -> None:
    """A Canadian page is not credited to the House of Commons Library alone: the footer names
    each country's publisher and licence (``Jurisdiction.data_credit``), Elections Canada's
    Open Government Licence - Canada among them."""
    from psephos.jurisdictions import JURISDICTIONS

    page = " ".join(client.get("/elections/canada-2021").text.split())
    for entry in JURISDICTIONS.values():
        assert entry.data_credit, entry.code
        assert entry.data_credit in page


def test_the_election_picker_works_without_javascript(client: TestClient) -> None:
    """The explorer's election menu has a "Go" button, seen with JavaScript too (a keyboard
    user arrows through the menu and confirms with it; the menu no longer goes at the first
    arrow key); its ``goto`` opens the chosen election's page, keeping the map's mode where
    that election's map offers it (2010 has no earlier election on its boundaries, so no
    gains; Canada's elections have no hex map)."""
    page = client.get("/elections/2024?show=gains")
    picker = page.text.split('id="election-picker"')[1].split("</form>")[0]
    assert '<button type="submit">Go</button>' in picker and "<noscript>" not in picker
    assert 'name="show" value="gains"' in picker
    cases = {
        "/elections/2024?goto=2017": "/elections/2017",
        "/elections/2024?goto=2019&show=gains": "/elections/2019?show=gains",
        "/elections/2024?goto=2010&show=gains": "/elections/2010",
        # Canada's page has no hex map, so no mode to keep
        "/elections/2024?goto=canada-2021&show=majority": "/elections/canada-2021",
    }
    for asked, opened in cases.items():
        answer = client.get(asked, follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, opened), asked
        assert client.get(asked).status_code == 200
    assert client.get("/elections/2024?goto=1066", follow_redirects=False).status_code == 404
    assert client.get("/elections/2024?goto=2024").status_code == 200  # the page itself


@pytest.mark.parametrize(
    ("path", "menu"),
    [("/elections/{election}", "goto"), ("/marginals?election={election}", "election")],
)
@pytest.mark.parametrize("election", jurisdictions.available_elections())
def test_the_election_menu_selects_the_election_shown_of_every_country(
    client: TestClient, path: str, menu: str, election: str
) -> None:
    """The explorer's and marginals' menus list every country's elections and select the
    one shown: a Canadian election's page selected the UK's newest (the next click left it)."""
    page = client.get(path.format(election=election))
    assert page.status_code == 200, page.text
    options = re.search(rf'<select name="{menu}"[^>]*>(.*?)</select>', page.text, re.S)
    assert options is not None
    selected = re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', options.group(1))
    assert selected == [election]


@pytest.mark.parametrize("election", jurisdictions.available_elections())
def test_seat_history_lists_its_own_countrys_elections(client: TestClient, election: str) -> None:
    """A seat's history is its country's bundled elections that have its code: a Canadian
    riding's table was empty (only the UK's elections were looked at)."""
    current = psephos.load(election)
    code = current.codes[0]
    body = client.get(f"/api/seats/{code}", params={"election": election}).json()
    own = [h["election"] for h in body["history"] if not h["predecessor"]]
    country = jurisdictions.of(current).election_ids
    assert own == [key for key in country if code in psephos.load(key).codes]
    assert election in own
    page = client.get(f"/seats/{code}", params={"election": election}).text
    history = page.split('id="seat-history"', 1)[1].split("</table>", 1)[0]
    assert history.count("<tr>") == 1 + len(body["history"])


@pytest.mark.parametrize("election", jurisdictions.available_elections())
def test_the_explorers_seat_search_and_panel_speak_of_the_page_shown(
    client: TestClient, election: str
) -> None:
    """The Find a seat box's example is a seat of the election shown (and a postcode where
    the box takes one), and the seat panel
    asks for a click on the map only where there is one: a Canadian election's page offered
    'e.g. Croydon East' and 'Click a seat on the map' with no map on the page."""
    page = client.get(f"/elections/{election}").text
    example = re.search(r'<input name="q"[^>]*placeholder="e\.g\. ([^"]+?)( or NW6 1AB)?"', page)
    assert example is not None
    names = {seat.name for seat in psephos.load(election).constituencies}
    assert unescape(example[1]) in names
    # a postcode is offered where the search takes one (the UK's), not on a Canadian page
    assert (example[2] is not None) is jurisdictions.of(psephos.load(election)).supports(
        jurisdictions.POSTCODES
    )
    has_map = 'id="hexmap"' in page
    assert ("Click a seat on the map" in page) is has_map
    assert ("Find a seat above" in page) is not has_map


@pytest.mark.parametrize("election", ["canada-2021", "2024", "2017"])
def test_the_seats_chart_keeps_its_values_off_the_majority_line(
    client: TestClient, election: str
) -> None:
    """A bar's number stands clear of the dashed majority line and inside the chart (Canada
    2021's '160' ran into the line, which stood past every bar)."""
    html = client.get(f"/elections/{election}").text
    svg = re.search(
        r'viewBox="0 0 ([0-9.]+) [0-9.]+"[^>]*aria-label="Seats by party">(.*?)</svg>',
        html,
        re.DOTALL,
    )
    assert svg is not None
    width, chart = float(svg.group(1)), svg.group(2)
    found = re.search(r'<line x1="([0-9.]+)"', chart)
    assert found is not None
    line = float(found.group(1))
    values = re.findall(r'<text x="([0-9.]+)"[^>]*class="chart-value">([0-9]+)</text>', chart)
    assert values
    for x, seats in values:
        # a digit is under 12 units wide at the phone's font size
        start, end = float(x), float(x) + 12 * len(seats)
        assert not start - 2 <= line <= end, (election, seats, x, line)
        assert end <= width, (election, seats, x)


@pytest.mark.parametrize(("election", "model"), [("canada-2021", "proportional"), ("2024", None)])
@pytest.mark.storage
def test_a_saved_scenario_says_what_its_poll_is_for(
    client: TestClient, election: str, model: str | None
) -> None:
    """A scenario's page names the election its poll is on and the swing model it projects
    with (it showed a table of shares and neither), and when it was saved in words of a
    date and a time ('2026-12-06T01:34' read as code)."""
    from psephos.jurisdictions import for_election_id

    country = for_election_id(election)[0]
    shares = dict(zip(country.poll_parties[:3], (35, 30, 20), strict=True))
    payload = {"election": election, "shares_pct": shares, **({"model": model} if model else {})}
    stored = client.post("/api/scenarios", json={"kind": "poll", "title": "t", "payload": payload})
    assert stored.status_code == 201, stored.text
    page = client.get(stored.json()["url"]).text
    meta = re.search(r'<p class="meta" id="scenario-meta">(.*?)</p>', page, re.DOTALL)
    assert meta is not None
    words = re.sub(r"<[^>]+>", "", meta.group(1))
    assert f"on the {services.election_name(election)} ({model or DEFAULT_MODEL} swing)" in words
    assert f'href="/elections/{election}"' in meta.group(1)
    assert re.search(r"saved \d{4}-\d\d-\d\d \d\d:\d\d UTC", words), words


@pytest.mark.parametrize("base", ["2024", "canada-2021"])
def test_the_swingometer_s_sliders_keep_their_places_once_it_projects(
    client: TestClient, base: str
) -> None:
    """The sliders stand in one order before and after a projection: the form sent as it
    stands (the base result's shares) draws them again in the same order (Reform UK moved from
    fourth to last once a poll was projected)."""
    from test_web_crawl import form_url, parse_page

    sliders = re.compile(r'<input type="range" name="([^"]+)"')
    opened = client.get("/swingometer", params={"base": base}).text
    form = next(form for form in parse_page(opened).forms if form.action == "/swingometer")
    sent = form_url(form, "/swingometer")
    assert sent is not None
    assert all(f"&{code}=" in sent for code in sliders.findall(opened))  # the poll, sent
    projected = client.get(sent).text
    assert sliders.findall(opened) and sliders.findall(projected) == sliders.findall(opened)


@pytest.mark.parametrize(
    ("base", "model", "poll", "without"),
    [
        ("2024", "national", "Lab 30 Con 25 Reform 20 LD 12 Green 8 Other 5", "Other"),
        ("2024", "national", "Lab 30 Con 25 Reform 20 LD 12 Green 8 Ind 2", "Ind"),
        ("canada-2021", "uniform", "LPC 30 CPC 35 NDP 20 Other 5", "Other"),
    ],
)
def test_a_poll_naming_a_party_without_a_slider_draws_only_sliders_the_page_takes(
    client: TestClient, base: str, model: str, poll: str, without: str
) -> None:
    """A poll naming Other (or Ind) drew an "Other 5" slider beside sliders filled from that
    5, 102.4 in all, and the page's own form then sent Other=5 and got a 422: the sliders are
    now the country's poll parties only, each at the share it was projected to, the running
    total names the parties without one at theirs (100 in all), and pressing Project sends a
    poll the page takes."""
    from test_web_crawl import form_url, parse_page

    params = {"base": base, "model": model, "poll": poll}
    answer = client.get("/api/swingometer", params=params).json()
    country = jurisdictions.of(psephos.load(base))
    assert set(answer["shares_pct"]) <= set(country.poll_parties)
    assert without in answer["without_slider_pct"]
    projected = answer["target_shares"][country.poll_area]
    shown = answer["shares_pct"] | answer["without_slider_pct"]
    for party, share in shown.items():  # what was projected, the fill's included
        assert share == pytest.approx(projected[party], abs=0.051), party
    assert sum(shown.values()) == pytest.approx(100, abs=0.2)

    opened = client.get("/swingometer", params=params)
    assert opened.status_code == 200
    drawn = re.findall(r'<input type="range" name="([^"]+)"', opened.text)
    assert drawn == list(answer["shares_pct"]) and without not in drawn
    rest = re.search(r'<span id="swing-rest">([^<]*)</span>', opened.text)
    assert rest and f"{without} {answer['without_slider_pct'][without]:.1f}%" in unescape(
        rest.group(1)
    )
    form = next(f for f in parse_page(opened.text).forms if f.action == "/swingometer")
    sent = form_url(form, "/swingometer")
    assert sent is not None and f"&{without}=" not in sent
    again = client.get(sent)
    assert again.status_code == 200, again.text  # was 422: "Other: not a parameter"
    assert 'id="swing-error"' not in again.text


POLL = "Lab 30 Con 20 Reform 25 LD 12 Green 9"


@pytest.mark.parametrize(
    "asked",
    [
        "/swingometer?Lab=30&Con=20&Reform=25&LD=12&Green=9&forecast=true",
        f"/forecast?poll={POLL}",
        f"/turnout?change=10&poll={POLL}",
    ],
)
def test_a_projection_s_tables_head_their_number_columns_at_the_right(
    client: TestClient, asked: str
) -> None:
    """Each number column's heading stands over its right-aligned numbers (the swingometer's
    "Seats" and "Change" stood at their columns' left), and the swingometer's forecast
    table says what the forecast page's says, in its words."""
    page = client.get(asked)
    assert page.status_code == 200 and 'class="results"' in page.text
    assert misaligned_headings(page.text) == []
    if asked.startswith("/swingometer"):
        forecast_page = client.get("/forecast", params={"poll": POLL}).text
        for heading in re.findall(
            r'<th class="num">([^<]+)</th>',
            page.text.split('id="swing-forecast"')[1].split("</thead>")[0],
        ):
            assert f">{heading}</th>" in forecast_page


#: A page of each chart the web app draws.
CHART_PAGES = (
    "/elections/2024",
    "/forecast?poll=Lab+30+Con+20+Reform+25+LD+12+Green+9",
    "/exit-poll",
    "/systems",
    "/pacts",
    "/coalitions",
)


@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_chart_sizes_its_words_by_its_width(client: TestClient, path: str) -> None:
    """Each chart's base font size is its width over CHART_WIDTH_PER_EM, so the phone rule's
    words in em are one size on the screen on every chart (fixed sizes drew them at about
    10 px on a phone, each chart a little different)."""
    from psephos.web.charts import CHART_WIDTH_PER_EM

    page = client.get(path).text
    charts = re.findall(r'<svg class="chart"[^>]*>', page)
    assert charts, path
    for chart in charts:
        box = re.search(r'viewBox="0 0 ([0-9.]+) [0-9.]+"', chart)
        size = re.search(r'font-size="([0-9.]+)"', chart)
        assert box is not None and size is not None, chart
        assert float(size.group(1)) == pytest.approx(
            float(box.group(1)) / CHART_WIDTH_PER_EM, abs=0.005
        )


def test_swingometer_says_who_has_a_majority_as_project_does(client: TestClient) -> None:
    """The swingometer's seats panel carries ``psephos project``'s lines on who has a majority
    (:func:`psephos.government.outcome_lines`), on the page and in its JSON twin."""
    from typer.testing import CliRunner

    from psephos.cli import app

    poll = "Reform 25 Lab 23 Con 19 LD 14 Green 10 SNP 3 PC 1"
    query = {"base": "2024", "poll": poll}
    twin = client.get("/api/swingometer", params=query).json()
    command = CliRunner().invoke(app, ["project", "--poll", poll, "-f", "json"])
    assert command.exit_code == 0, command.output
    lines = json.loads(command.stdout)["headline"]
    assert twin["headline"] == lines
    assert lines[0] == "Hung parliament: no party has the 326 seats a majority needs."
    page = client.get("/swingometer", params=query)
    assert page.status_code == 200
    said = [unescape(text) for text in re.findall(r'id="swing-outcome-\d">([^<]*)<', page.text)]
    assert said == lines


@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_chart_is_in_a_frame_that_pans_on_a_small_phone(
    client: TestClient, path: str
) -> None:
    """Each chart stands alone in a ``chart-frame``, which style.css lets scroll sideways on a
    screen narrower than 360 px while the chart keeps a width where its words are 12 px
    (squeezed to a 320 px screen they were 10.6 px)."""
    page = client.get(path).text
    charts = re.findall(r'<svg class="chart"', page)
    framed = re.findall(
        r'<div class="chart-frame">\s*<svg class="chart"[^>]*>.*?</svg>\s*</div>', page, re.DOTALL
    )
    assert charts, path
    assert len(framed) == len(charts), path


@pytest.mark.parametrize(
    ("base", "poll"),
    [
        ("2024", "Reform 25 Lab 23 Con 19 LD 14 Green 10 SNP 3 PC 1"),
        ("canada-2021", "CPC 36 LPC 33"),
    ],
)
def test_the_swingometer_links_to_who_could_govern_with_its_seats(
    client: TestClient, base: str, poll: str
) -> None:
    """ "Who could govern with these seats" opens the coalition builder on the projection's
    seats, which says of the largest party what the swingometer says."""
    page = client.get("/swingometer", params={"base": base, "poll": poll}).text
    link = re.search(r'<a id="swing-govern" href="([^"]+)"', page)
    assert link is not None
    twin = client.get("/api/swingometer", params={"base": base, "poll": poll}).json()
    coalitions = client.get(unescape(link.group(1)))
    assert coalitions.status_code == 200
    said = unescape(re.sub(r"<[^>]+>", "", coalitions.text))
    assert twin["headline"][-1] in " ".join(said.split())


def test_a_result_without_candidates_has_no_empty_candidate_column(client: TestClient) -> None:
    """The notional 2019 result on the 2024 seats is by party: its seat page had a Candidate
    column blank on every row. The column is left out and the page says the result names no
    candidates; a result with candidates keeps it."""
    notional = client.get("/seats/E14001188", params={"election": "2019-notional-2024"}).text
    assert "<th>Candidate</th>" not in notional and 'id="seat-no-candidates"' in notional
    assert (
        "<td></td>" not in notional.split('class="results candidates"', 1)[1].split("</table>")[0]
    )
    real = client.get("/seats/E14001188", params={"election": "2024"}).text
    assert "<th>Candidate</th>" in real and 'id="seat-no-candidates"' not in real


def test_the_seat_history_gives_the_seat_report_s_majority_and_turnout(
    client: TestClient,
) -> None:
    """The History row of the seat's own election carries the seat report's numbers, rounded
    once, where the page shows them: North East Fife's 2017 majority of 2 votes was 0.0 in the
    history (plain ``round``) beside the report's 0.0048%, and Cities of London and
    Westminster's 2024 turnout of 53.449% was rounded to 53.45 and then shown as 53.5 beside
    the header's 53.4."""
    for election_id, code in (("2017", "S14000049"), ("2024", "E14001172")):
        body = client.get(f"/api/seats/{code}", params={"election": election_id}).json()
        row = next(h for h in body["history"] if h["election"] == election_id)
        assert (row["majority"], row["majority_pct"], row["turnout_pct"]) == (
            body["majority"],
            body["majority_pct"],
            body["turnout_pct"],
        )
        if code == "S14000049":
            assert format_number(row["majority_pct"], ".2f") == "0.0048"
    page = client.get("/seats/E14001172", params={"election": "2024"}).text
    history = page.split('id="seat-history"')[1].split("</table>")[0]
    row_2024 = next(r for r in history.split("<tr>") if "?election=2024" in r)
    assert "turnout 53.4%" in page
    assert '<td class="num">53.4</td>' in row_2024 and "53.5" not in row_2024


def test_a_seat_s_history_is_short_enough_for_a_phone_and_says_what_its_words_mean(
    client: TestClient,
) -> None:
    """Each row of the history took 5 to 7 lines on a phone ("UK general election 2019,
    notional result on the 2024 boundaries", "predecessor seat ..."), its Majority % and
    Turnout % cut off: the rows name the year ("2019 (notional)", the full name in the link's
    title), and a line under the table says what a notional result and a predecessor seat are."""
    page = unescape(client.get("/seats/E14001172", params={"election": "2024"}).text)
    history = page.split('id="seat-history"', 1)[1].split("</table>", 1)[0]
    assert 'class="results compact" id="seat-history"' in page
    assert ">2019 (notional)</a>" in history and ">2024</a>" in history
    assert 'title="UK general election 2019, notional result on the 2024 boundaries"' in history
    assert "predecessor seat" not in history
    key = page.split('id="seat-history-key">', 1)[1].split("</p>", 1)[0]
    assert "notional result" in key and "estimate" in key and "predecessor seat" in key


@pytest.mark.parametrize(
    ("path", "params", "meaning"),
    [
        ("/seats/E14001172", {"election": "2024"}, "swing-meaning"),
        ("/advice", {}, "model-meaning"),
        ("/swap", {}, "method-meaning"),
        ("/coalitions", {}, "connected-meaning"),
        ("/coalitions", {}, "power-meaning"),
        ("/seats/E14001172", {"election": "2024"}, "insights-meaning"),
        ("/pacts", {}, "pact-terms-meaning"),
        ("/pacts", {}, "pact-draws-meaning"),
        ("/pacts", {"bloc": "Lab,LD,Green"}, "pact-outcome-meaning"),
    ],
)
def test_a_voter_s_page_says_what_its_terms_mean(
    client: TestClient, path: str, params: dict[str, str], meaning: str
) -> None:
    """ "Butler" swing, twelve swing models, "min-cost flow (OR-Tools)", "Axelrod" and
    "Banzhaf" were never explained: each has a line in plain words beside it."""
    page = unescape(client.get(path, params=params).text)
    said = page.split(f'id="{meaning}">', 1)[1].split("</p>", 1)[0]
    assert said.startswith("What this means: ") and len(said) > 80


@pytest.mark.parametrize(
    ("path", "params", "meaning", "terms"),
    [
        ("/pacts", {}, "pact-terms-meaning", ["bloc", "stand-down", "transfer rate"]),
        ("/pacts", {}, "pact-draws-meaning", ["swing model", "forecast draws", "seed"]),
        ("/pacts", {"bloc": "Lab,LD,Green"}, "pact-outcome-meaning", ["working majority"]),
        (
            "/seats/E14001186",
            {"election": "2024"},
            "insights-meaning",
            ["marginal", "target list", "long-range errors"],
        ),
        ("/seats/E14001186", {"election": "2024"}, "swing-meaning", ["butler swing", "notional"]),
    ],
)
def test_the_pacts_and_seat_pages_explain_their_jargon_in_the_glossary_s_words(
    client: TestClient, path: str, params: dict[str, str], meaning: str, terms: list[str]
) -> None:
    """A voter met "stand-down", "transfer rates", "forecast draws", "working majority",
    "target list" and "long-range errors" with no word on what they are: each page's line
    says each in the one glossary's words (psephos.terms), so no two pages differ."""
    from psephos.terms import term_meaning

    page = unescape(client.get(path, params=params).text)
    said = page.split(f'id="{meaning}">', 1)[1].split("</p>", 1)[0]
    for term in terms:
        words = term_meaning(term)
        assert words[1:] in said, term


def test_the_history_key_says_notional_in_the_glossary_s_words(client: TestClient) -> None:
    from psephos.terms import term_meaning

    page = unescape(client.get("/seats/E14001172", params={"election": "2024"}).text)
    key = page.split('id="seat-history-key">', 1)[1].split("</p>", 1)[0]
    assert term_meaning("notional")[1:] in key
