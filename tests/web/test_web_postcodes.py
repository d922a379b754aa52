"""Postcode in, seat out: the find-your-seat page and its twin, advice and nearest by postcode."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient

from psephos.jurisdictions import postcode_seats
from psephos.web import services

HAMPSTEAD_AND_HIGHGATE = "E14001265"


def test_postcode_page_and_twin(client: TestClient) -> None:
    body = client.get("/api/postcodes/NW6 1").json()
    assert body["code"] == HAMPSTEAD_AND_HIGHGATE
    assert body["name"] == "Hampstead and Highgate"
    assert body == {
        "election": "2024",
        **postcode_seats(services.election("2024"), "NW6 1").to_dict(),
    }
    page = client.get("/postcode", params={"q": "nw6 1ab"})
    assert page.status_code == 200
    assert "NW6 1AB (NW6 1) is in Hampstead and Highgate." in page.text
    assert f'href="/seats/{HAMPSTEAD_AND_HIGHGATE}?election=2024"' in page.text
    assert client.get("/postcode").status_code == 200


def test_straddling_sector_offers_every_seat(client: TestClient) -> None:
    body = client.get("/api/postcodes/NW6 7").json()
    assert body["straddles"] is True and len(body["seats"]) == 2
    page = client.get("/postcode", params={"q": "NW6 7"})
    for seat in body["seats"]:
        assert f"/seats/{seat['code']}" in page.text
    assert "straddles" in page.text


def test_bad_postcodes_get_a_clear_message(client: TestClient) -> None:
    bad = client.get("/api/postcodes/HELLO")
    assert bad.status_code == 400
    assert "not a UK postcode" in bad.json()["detail"]
    unknown = client.get("/api/postcodes/QQ9 9ZZ")
    assert unknown.status_code == 404 and "QQ9" in unknown.json()["detail"]
    page = client.get("/postcode", params={"q": "hello"})
    assert page.status_code == 400 and "not a UK postcode" in page.text
    unknown_page = client.get("/postcode", params={"q": "ZZ9 9ZZ"})
    assert unknown_page.status_code == 404 == client.get("/api/postcodes/ZZ9 9ZZ").status_code
    assert client.get("/api/postcodes/<script>").status_code in (404, 422)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/postcode", {"q": "NW6 1XY, London"}),
        ("/advice", {"postcode": "NW6 1XY, London", "prefer": "Green,Lab"}),
        ("/nearest", {"postcode": "NW6 1XY, London"}),
    ],
)
def test_a_postcode_typed_with_its_town_is_refused_in_words_above_the_form(
    client: TestClient, path: str, params: dict[str, str]
) -> None:
    """A postcode box holding more than the postcode ("NW6 1XY, London", 15 characters) gets
    the parser's refusal saying what to give, above the form that keeps it, with the twin's
    status and words, where a 12-character limit answered "use at most 12 characters" on an
    error page without the form."""
    twin = client.get("/api/postcodes/NW6 1XY, London")
    assert twin.status_code == 400
    assert twin.json()["detail"] == (
        "'NW6 1XY, London' is not a UK postcode. Give a full postcode ('NW6 1AB'), a sector "
        "('NW6 1') or a district ('NW6')."
    )
    page = client.get(path, params=params)
    assert page.status_code == 400
    text = html.unescape(page.text)
    assert twin.json()["detail"] in text and 'value="NW6 1XY, London"' in text
    assert 'maxlength="40"' in text and "at most 12" not in text


def test_a_postcode_not_found_offers_the_seat_name_box_its_message_asks_for(
    client: TestClient,
) -> None:
    """'Check the postcode, or give a seat name': the page gives the box for a seat name,
    the results explorer's search, of the election asked about, and it finds the seat."""
    page = client.get("/postcode", params={"q": "ZZ9 9ZZ", "election": "2019"})
    assert page.status_code == 404
    text = html.unescape(page.text)
    assert "give a seat name" in text
    form = text.split('id="postcode-seat-form"')[1].split("</form>")[0]
    assert 'action="/seats"' in text.split('id="postcode-seat-form"')[0].rsplit("<form", 1)[1]
    assert 'name="election" value="2019"' in form and 'name="q"' in form
    found = client.get("/seats", params={"q": "Hendon", "election": "2019"}, follow_redirects=False)
    assert found.status_code == 303 and found.headers["location"].endswith("?election=2019")
    assert 'id="postcode-seat-form"' not in client.get("/postcode", params={"q": "NW6 1"}).text


@pytest.mark.parametrize(
    ("path", "twin_path", "box"),
    [("/postcode", "/api/postcodes/NW6 1", "q"), ("/nearest", "/api/nearest", "postcode")],
)
@pytest.mark.parametrize("election", ["2099", "canada-2021"])
def test_an_election_the_lookup_cannot_read_is_refused_above_the_form(
    client: TestClient, path: str, twin_path: str, box: str, election: str
) -> None:
    """An election psephos does not bundle (404), or one of a country without postcodes and
    seat centres (400), is said above the form that keeps the postcode, with the twin's words
    and status, where it was an error page without the form."""
    # the postcode lookup's twin has the postcode in its path: a query of it is refused
    asked = {"election": election} | ({} if "NW6" in twin_path else {"postcode": "NW6 1"})
    twin = client.get(twin_path, params=asked)
    page = client.get(path, params={box: "NW6 1", "election": election})
    assert twin.status_code in {400, 404}
    assert page.status_code == twin.status_code
    said = re.search(r'id="(?:postcode|nearest)-error"[^>]*>([^<]*)<', page.text)
    assert said is not None and html.unescape(said.group(1)) == twin.json()["detail"]
    assert f'action="{path}"' in page.text and f'name="{box}" value="NW6 1"' in page.text


@pytest.mark.parametrize("typed", ["NW6-1XY", "NW6 1XY.", "nw6 1xy,"])
def test_hyphens_and_trailing_punctuation_are_read(client: TestClient, typed: str) -> None:
    page = client.get("/postcode", params={"q": typed})
    assert page.status_code == 200 and "NW6 1XY (NW6 1) is in Hampstead and Highgate" in page.text
    assert client.get(f"/api/postcodes/{typed}").json()["code"] == HAMPSTEAD_AND_HIGHGATE


@pytest.mark.parametrize(
    ("url", "label", "message"),
    [
        (
            "/postcode?q=NW6%261XY",
            "Postcode",
            "use letters, digits, spaces, '.', ',', ';', ':' and '-'",
        ),
        ("/advice?lat=abc", "Latitude", "use a number such as 51.5"),
        ("/tactical?against=", "Parties to defeat", "must not be empty"),
        (
            "/pacts?optimise=true&max_per_party=-1",
            "Optimiser: most stand-downs by any one party",
            "use letters, digits, spaces, '.', ',', apostrophes and '=' only",
        ),
        ("/results-night/seats/abc", "ONS seat code", "use a seat code such as E14001265"),
        ("/api/marginals?election=2024!", "Election id", "use an election id such as 2024"),
    ],
)
def test_validation_errors_are_in_plain_words(
    client: TestClient, url: str, label: str, message: str
) -> None:
    response = client.get(url)
    assert response.status_code == 422
    text = response.text if not url.startswith("/api/") else str(response.json())
    assert label in html.unescape(text) and message in html.unescape(text)
    assert "pattern" not in text and "^" not in text


def test_advice_by_postcode(client: TestClient) -> None:
    body = client.get("/api/advice", params={"postcode": "NW6 1", "prefer": "Green,Lab"}).json()
    assert body["code"] == HAMPSTEAD_AND_HIGHGATE
    assert body["postcode"]["message"] == "NW6 1 is in Hampstead and Highgate."
    straddle = client.get("/advice", params={"postcode": "NW6 7", "prefer": "Green,Lab"})
    assert straddle.status_code == 200 and "straddles" in straddle.text
    bad = client.get("/advice", params={"postcode": "zzz", "prefer": "Lab"})
    assert bad.status_code == 400 and "not a UK postcode" in bad.text


def test_nearest_by_a_straddling_postcode_offers_each_seat(client: TestClient) -> None:
    """ "CR0 1 straddles 2 seats ... or choose a seat." gave no seat to choose: each is a link
    to the marginals near it (by its name, as the advice page offers them), the limits kept."""
    params = {"postcode": "CR0 1", "max_km": "20"}
    seats = client.get("/api/nearest", params=params).json()["origin"]["postcode"]["seats"]
    assert len(seats) == 2
    page = client.get("/nearest", params=params).text
    said = page.split('id="nearest-postcode">', 1)[1].split("</p>", 1)[0]
    offered = [html.unescape(link) for link in re.findall(r'href="(/nearest\?[^"]*)"', said)]
    assert len(offered) == len(seats)
    for link, seat in zip(offered, seats, strict=True):
        asked = parse_qs(urlsplit(link).query)
        assert asked["seat"] == [seat["name"]] and float(asked["max_km"][0]) == 20
        assert "postcode" not in asked
        answer = client.get(link)
        assert answer.status_code == 200 and f"Marginals near {seat['name']}" in answer.text


def test_nearest_by_postcode(client: TestClient) -> None:
    body = client.get("/api/nearest", params={"postcode": "NW6 1", "election": "2024"}).json()
    assert body["origin"]["code"] == HAMPSTEAD_AND_HIGHGATE
    assert body["origin"]["postcode"]["matched"] == "NW6 1"
    assert body["rows"]
    page = client.get("/nearest", params={"postcode": "NW6 1"})
    assert page.status_code == 200 and "NW6 1 is in Hampstead and Highgate." in page.text
    bad = client.get("/nearest", params={"postcode": "QQ9"})
    assert bad.status_code == 404 and "QQ9" in bad.text


def test_favicon(client: TestClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"
    assert client.get("/static/favicon.svg").content == icon.content


def test_gzip_head_and_offline_docs(client: TestClient) -> None:
    page = client.get("/elections/2024", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    head = client.head("/elections/2024")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"].startswith("text/html")
    assert client.head("/api/seats/E14001186").status_code == 200
    docs = client.get("/docs")
    shown = docs.text.replace("<wbr>", "")  # a path's break opportunities after its slashes
    assert docs.status_code == 200 and "/api/postcodes/{postcode}" in shown
    assert "cdn" not in docs.text.lower() and '<script src="http' not in docs.text
    assert client.get("/redoc").status_code == 404


def test_human_election_names(client: TestClient) -> None:
    page = client.get("/seats/E14001186").text
    assert "UK general election 2019, notional result on the 2024 boundaries" in page
    assert ">2019-notional-2024<" not in page


def _onward_links(page_text: str) -> list[str]:
    return [
        html.unescape(link)
        for link in re.findall(r'href="(/(?:advice|nearest)\?[^"]*)"', page_text)
    ]


def test_onward_links_keep_the_postcode(client: TestClient) -> None:
    page = client.get("/postcode", params={"q": "sw1a1aa"})
    links = _onward_links(page.text)
    assert links == [
        "/advice?postcode=SW1A+1AA&election=next",
        "/nearest?postcode=SW1A+1AA&election=2024",
    ]
    for link in links:  # each page opens on the postcode, nothing said to be missing
        onward = client.get(link)
        assert onward.status_code == 200 and 'class="error"' not in onward.text
        assert 'name="postcode" value="SW1A 1AA"' in onward.text
    nearest = client.get(links[1]).text
    assert "SW1A 1AA (SW1A 1) is in Cities of London and Westminster." in nearest
    # a sector that straddles seats: each seat's links name it as people do, by its name
    straddle = postcode_seats(services.election("2024"), "NW6 7")
    links = _onward_links(client.get("/postcode", params={"q": "NW6 7"}).text)
    for seat in straddle.to_dict()["seats"]:
        assert f"/advice?{urlencode({'seat': seat['name'], 'election': 'next'})}" in links
        advice = client.get("/api/advice", params={"seat": seat["name"], "prefer": "Green"})
        assert advice.json()["code"] == seat["code"]
    assert not any(seat["code"] in link for link in links for seat in straddle.to_dict()["seats"])


def test_the_advice_link_asks_about_the_election_the_seat_was_found_in(
    client: TestClient,
) -> None:
    """/postcode?q=NW6+1XY&election=2019 names Hampstead and Kilburn, and its "How should I
    vote here?" link asked the advice for 2024's seat, Hampstead and Highgate: it carries the
    election, as the seat page's link does."""
    page = client.get("/postcode", params={"q": "NW6 1XY", "election": "2019"}).text
    assert "Hampstead and Kilburn" in page
    advice = [link for link in _onward_links(page) if link.startswith("/advice")]
    assert advice == ["/advice?postcode=NW6+1XY&election=2019"]
    answer = client.get(advice[0].replace("/advice", "/api/advice") + "&prefer=Green,Lab").json()
    assert answer["name"] == "Hampstead and Kilburn"


def test_a_malformed_postcode_is_400_on_every_page(client: TestClient) -> None:
    for url in (
        "/postcode?q=SW1A+1A",
        "/nearest?postcode=SW1A+1A",
        "/api/nearest?postcode=SW1A+1A",
    ):
        answer = client.get(url)
        assert answer.status_code == 400 and "is not a UK postcode" in answer.text, url


def test_the_api_page_shows_docstrings_as_words_not_markup(client: TestClient) -> None:
    # the /advice row read "what ``psephos advise --election`` takes
    # (:func:`psephos.web.services.tactical_elections`)"
    page = client.get("/docs").text
    rows = page.split('id="api-operations"', 1)[1]
    assert "``" not in rows and ":func:" not in rows and ":class:" not in rows
    words = " ".join(rows.split())
    assert "psephos advise --election takes (psephos.web.services.tactical_elections)" in words


def test_the_api_page_breaks_paths_only_after_a_slash(client: TestClient) -> None:
    """A path may break only after a slash (a phone broke "/advice" as "/advi" over "ce"): each
    slash but the first is followed by a break opportunity, and the words read as the path."""
    page = client.get("/docs").text
    rows = page.split('id="api-operations"', 1)[1]
    paths = re.findall(r'<code class="api-path">(.*?)</code>', rows)
    assert "/results-night/<wbr>seats/<wbr>{code}" in paths and "/advice" in paths
    for shown in paths:
        assert re.sub(r"<wbr>", "", shown).startswith("/")
        assert shown.count("/") - 1 == shown.count("/<wbr>")


def test_a_postcode_in_the_seat_search_goes_to_its_seats(client: TestClient) -> None:
    """'Find a seat' with a voter's postcode in it: the postcode page of that election, which
    names the seat (or the seats a sector straddles) with links onward; a seat's own name is
    still found, and a postcode asked of Canada is a name that finds no riding."""
    search = client.get(
        "/seats", params={"q": " sw1a 1aa ", "election": "2019"}, follow_redirects=False
    )
    assert search.status_code == 303
    assert search.headers["location"] == "/postcode?" + urlencode(
        {"q": "sw1a 1aa", "election": "2019"}
    )
    page = client.get(search.headers["location"])
    assert page.status_code == 200
    assert "most likely in Cities of London and Westminster" in page.text
    straddling = client.get("/seats", params={"q": "NW6 7", "election": "2024"})
    assert straddling.status_code == 200 and "straddles" in straddling.text
    by_name = client.get("/seats", params={"q": "Hendon"}, follow_redirects=False)
    assert by_name.status_code == 303 and by_name.headers["location"].startswith("/seats/E")
    canada = client.get("/seats", params={"q": "SW1A 1AA", "election": "canada-2021"})
    refusal = re.search(r'id="seat-search-error"[^>]*>([^<]*)<', canada.text)
    assert canada.status_code == 404 and refusal is not None
    assert "No riding 'SW1A 1AA'" in html.unescape(refusal.group(1))  # Canada's word
    assert "postcode" not in refusal.group(1)


def test_a_district_spanning_more_seats_than_listed_says_so_and_asks_for_the_full_postcode(
    client: TestClient,
) -> None:
    """CR0 spans 6 seats but offered Croydon West and Croydon East only, saying "choose a
    seat" as if that were all of them. The one message the page, the advice and the command
    print now says how many are not listed and asks for the full postcode, and the page
    offers the seat search for the others."""
    from typer.testing import CliRunner

    from psephos.cli import app

    body = client.get("/api/postcodes/CR0").json()
    assert body["n_seats"] == 6 and len(body["seats"]) == 2 and body["unlisted"] == 4
    message = body["message"]
    assert "4 other seats not listed here" in message and "full postcode" in message
    assert "choose a seat" not in message
    page = html.unescape(client.get("/postcode", params={"q": "CR0"}).text)
    assert message in page and 'id="postcode-seat-form"' in page
    advice = client.get("/api/advice", params={"postcode": "CR0", "prefer": "Lab"}).json()
    assert advice["postcode"]["message"] == message
    command = CliRunner().invoke(app, ["advise", "--postcode", "CR0", "--prefer", "Lab"])
    assert " ".join(message.split()) in " ".join(command.stdout.split())
    # every seat of a sector listed: no search box, and nothing said to be missing
    sector = client.get("/api/postcodes/CR0 1").json()
    assert sector["unlisted"] == 0 and "not listed" not in sector["message"]
    assert 'id="postcode-seat-form"' not in client.get("/postcode", params={"q": "CR0 1"}).text


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/postcode", {"q": "CR0 1NX"}),
        ("/postcode", {"q": "CR0 1NX", "election": "2019"}),
        ("/advice", {"postcode": "CR0 1NX", "prefer": "Lab"}),
        ("/nearest", {"postcode": "CR0 1NX"}),
    ],
)
def test_no_link_on_a_postcode_s_pages_has_a_raw_space(
    client: TestClient, path: str, params: dict[str, str]
) -> None:
    """The postcode page's JSON link was href="/api/postcodes/CR0 1NX?election=2024", which
    strict clients refuse (urllib: "URL can't contain control characters"): every address on
    the pages a postcode is asked on is encoded, and the JSON link answers."""
    page = client.get(path, params=params)
    assert page.status_code == 200
    links = [html.unescape(link) for link in re.findall(r'href="([^"]*)"', page.text)]
    assert links and not [link for link in links if " " in link]
    if path == "/postcode":
        twin = next(link for link in links if link.startswith("/api/postcodes/"))
        assert twin.startswith("/api/postcodes/CR0%201NX?")
        assert client.get(twin).json()["postcode"] == "CR0 1NX"
