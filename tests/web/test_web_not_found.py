"""Addresses that find nothing: a page that says so and offers the way on, and JSON that says
where the endpoints are listed; each with the addresses it may have meant."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient
from web_helpers import TEMPLATES


def _main(page: str) -> str:
    return page.split('<main id="main" tabindex="-1">')[1].split("</main>")[0]


def _suggested(page: str) -> list[str]:
    found = re.search(r'<p id="did-you-mean">(.*?)</p>', page)
    return re.findall(r'<a href="([^"]+)">', found.group(1)) if found else []


@pytest.mark.parametrize("path", ["/nonexistent", "/nights/abc", "/elections/2024/seats/XYZ"])
def test_an_address_with_no_page_says_so_and_offers_the_way_on(
    client: TestClient, path: str
) -> None:
    """Not a bare "Not Found": the address named, the seat search box and every section of
    the site's navigation as links."""
    page = client.get(path)
    assert page.status_code == 404
    main = _main(page.text)
    assert f'<p id="not-found-message">There is no page at {path}.</p>' in main
    form = main.split('id="not-found-seat-search"')[1].split("</form>")[0]
    assert 'name="election" value="2024"' in form and '<input name="q" required' in form
    assert 'action="/seats"' in main.split('id="not-found-seat-search"')[0].rsplit("<form", 1)[1]
    sections = main.split('id="site-sections"')[1].split("</ul>")[0]
    for href in ("/", "/postcode", "/forecast", "/results-night", "/docs"):
        assert f'<a href="{href}">' in sections


def test_the_address_is_shown_escaped(client: TestClient) -> None:
    page = client.get("/<script>alert(1)</script>")
    assert page.status_code == 404
    assert "<script>alert" not in page.text
    assert "There is no page at /&lt;script&gt;alert(1)&lt;/script&gt;." in page.text


@pytest.mark.parametrize(
    ("path", "meant"),
    [
        ("/elecions/2024", "/elections/2024"),
        ("/seat/E14001303", "/seats/E14001303"),
        ("/forcast", "/forecast"),
        ("/marginal", "/marginals"),
        ("/nights", "/results-night"),
    ],
)
def test_a_near_miss_of_a_section_links_the_page_it_may_mean(
    client: TestClient, path: str, meant: str
) -> None:
    page = client.get(path)
    assert page.status_code == 404
    assert _suggested(page.text) == [meant]
    assert client.get(meant).status_code == 200


@pytest.mark.parametrize("path", ["/nonexistent", "/nights/abc", "/s-x/abc"])
def test_an_address_near_no_page_suggests_none(client: TestClient, path: str) -> None:
    """Only addresses a route answers are offered (``/nights/abc`` is no results night page),
    and the scenario short link's ``/s/`` is close to everything, so offered for nothing."""
    page = client.get(path)
    assert page.status_code == 404 and 'id="did-you-mean"' not in page.text


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/api/nope", "No API endpoint at /api/nope; the endpoints are listed at /docs."),
        (
            "/api/nights/999",
            "No API endpoint at /api/nights/999; the endpoints are listed at /docs.",
        ),
        (
            "/api/forcast",
            "No API endpoint at /api/forcast; the endpoints are listed at /docs. "
            "Did you mean '/api/forecast'?",
        ),
        (
            "/api/elecions/2024",
            "No API endpoint at /api/elecions/2024; the endpoints are listed at /docs. "
            "Did you mean '/api/elections/2024'?",
        ),
    ],
)
def test_an_unknown_api_address_says_where_the_endpoints_are_listed(
    client: TestClient, path: str, detail: str
) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": detail}
    assert client.get("/docs").status_code == 200


def test_a_route_s_own_not_found_keeps_its_own_words(client: TestClient) -> None:
    """A seat psephos does not have is the route's answer, not "no page at this address"."""
    page = client.get("/seats/E99999999")
    assert page.status_code == 404 and "There is no page at" not in page.text
    assert "No API endpoint" not in client.get("/api/seats/E99999999").json()["detail"]


def test_a_static_file_not_found_stays_plain(client: TestClient) -> None:
    response = client.get("/static/no-such-file.css")
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}


def test_the_site_has_one_seat_search_box() -> None:
    """Every page that offers the seat search box takes it from one macro."""
    forms = [
        path.name
        for path in TEMPLATES.glob("*.html")
        if 'action="/seats"' in unescape(path.read_text(encoding="utf-8"))
    ]
    assert forms == ["_seat_search.html"]


@pytest.mark.parametrize(
    ("page_path", "twin_path", "says"),
    [
        (
            "/s/abcdefgh12",
            "/api/scenarios/abcdefgh12",
            "No scenario is saved at /s/abcdefgh12: check the link (saved scenarios are listed "
            "nowhere else), or save one at /scenarios/new.",
        ),
    ],
)
def test_a_thing_not_stored_is_named_in_the_same_words_on_the_page_and_its_twin(
    client: TestClient, page_path: str, twin_path: str, says: str
) -> None:
    """Which thing was not found, and where those stored are listed: one sentence, said by
    the page and its JSON twin alike."""
    twin = client.get(twin_path)
    assert twin.status_code == 404 and twin.json() == {"detail": says}
    page = client.get(page_path)
    assert page.status_code == 404 and says in unescape(_main(page.text))
    listed = client.get(says.rsplit(" at ", 1)[1].rstrip("."))
    assert listed.status_code == 200


@pytest.mark.storage
def test_a_volunteer_not_stored_is_named_with_where_the_volunteers_are_listed(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    says = (
        "No volunteer 999 is stored; the volunteers are listed at /api/organisers/volunteers "
        "and on /organisers."
    )
    exported = client.get("/api/organisers/volunteers/999/export")
    erased = client.delete("/api/organisers/volunteers/999", headers={"X-CSRF-Token": token})
    for response in (exported, erased):
        assert response.status_code == 404 and response.json() == {"detail": says}
    assert client.get("/api/organisers/volunteers").status_code == 200


def test_the_site_has_one_unknown_parties_menu() -> None:
    """Every page that asks how a file's party psephos does not know is read (the results file,
    systems, exit-poll and declaration pages) takes the menu from one macro (three wrote their
    own copies)."""
    menus = [
        path.name
        for path in TEMPLATES.glob("*.html")
        if 'name="unknown_parties"' in path.read_text(encoding="utf-8")
    ]
    assert menus == ["_unknown_parties.html"]
