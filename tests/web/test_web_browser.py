"""Browser tests: Playwright drives Debian's chromium against a real uvicorn server.

Screenshots go to ``test-artifacts/web/``. Skipped when ``/usr/bin/chromium`` is absent
(install it with ``apt-get install chromium``; never ``playwright install``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_helpers import (
    ARTIFACTS,
    ORGANISER,
    PASSWORD,
    Server,
    add_organiser,
    api_login,
    open_night,
)

import psephos

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Long (a real browser, about 75 s): run with ``pytest -m slow``, as CI runs it beside the
#: README's tests.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)",
    ),
]

SHOTS = ARTIFACTS / "web"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A uvicorn server on a free loopback port with one organiser account."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'browser.sqlite'}"
    running = Server(url).start()
    add_organiser(url)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless chromium from Debian, driven by Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page (own cookies) that fails the test on any JavaScript error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    new_page = context.new_page()
    errors: list[str] = []
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    new_page.set_default_timeout(15_000)
    yield new_page
    context.close()
    assert errors == [], errors


def _shot(page: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_map_loads_with_every_seat(server: Server, page: Any) -> None:
    page.goto(f"{server.base_url}/")
    assert page.url.endswith("/elections/2024")
    page.wait_for_selector("#hexmap polygon")
    assert page.locator("#hexmap a.seat-hex").count() == 650
    assert "Lab won 411 of 650 seats" in page.inner_text("p.lede")
    assert page.locator("#national-table tbody tr").count() >= 10
    assert _shot(page, "01-map").stat().st_size > 10_000


def test_click_a_seat_shows_its_result(server: Server, page: Any) -> None:
    page.goto(f"{server.base_url}/elections/2024")
    page.locator('a.seat-hex[data-code="E14001186"]').click()
    panel = page.locator("#seat-panel .seat-report")
    panel.wait_for()
    text = panel.inner_text()
    assert "Croydon East" in text and "majority" in text
    assert page.url.endswith("/elections/2024")  # the panel loaded in place
    _shot(page, "02-seat-panel")
    page.locator("#seat-panel h2 a").click()
    page.wait_for_selector("#seat-history")
    history = page.inner_text("#seat-history")
    assert "2019 (notional)" in history  # human names, not ids
    assert "2019-notional-2024" not in history
    _shot(page, "03-seat-page")


#: The right edges, in CSS pixels, of the seat panel's content box, of the frame its candidate
#: table scrolls in (the table, where it has none) and of the table's Change column's heading.
_PANEL_EDGES = """() => {
    const panel = document.querySelector('#seat-panel');
    const padding = parseFloat(getComputedStyle(panel).paddingRight);
    const right = panel.getBoundingClientRect().right - padding;
    const box = panel.querySelector('.table-frame') || panel.querySelector('table.candidates');
    const frame = box.getBoundingClientRect().right;
    const heads = panel.querySelectorAll('table.candidates th');
    return [right, frame, heads[heads.length - 1].getBoundingClientRect().right];
}"""


@pytest.mark.parametrize("width", [1300, 1600, 1920, 1000])
def test_a_seat_s_candidate_table_stays_inside_the_panel(
    server: Server, browser: Any, width: int
) -> None:
    # Kensington 2019 in the results explorer: the table's right edge was 141 px past the
    # panel's at every width, its Change column off a 1,300 px screen (the page scrolled
    # sideways). The party names wrap, so it fits from 1,200 px up; in a narrower panel the
    # table scrolls inside its frame, and the page itself never scrolls sideways.
    context, page, problems = _phone_or_desktop(browser, width)
    for election, code in [("2019", "E14000768"), ("2024", "S14000021")]:
        page.goto(f"{server.base_url}/elections/{election}?show=gains")
        page.locator(f'a.seat-hex[data-code="{code}"]').click()
        page.locator("#seat-panel .seat-report table.candidates").wait_for()
        right, frame, change = page.evaluate(_PANEL_EDGES)
        assert frame <= right + 0.5
        if width >= 1200:
            assert change <= right + 0.5, (election, code)
        assert _fits(page, width)
    _shot(page, f"seat-panel-{width}")
    context.close()
    assert problems == [], problems


def test_switch_election_with_the_picker(server: Server, page: Any) -> None:
    page.goto(f"{server.base_url}/elections/2024")
    page.select_option("select[data-navigate]", "2017")
    page.wait_for_url(re.compile(r".*/elections/2017$"))
    assert "Con won 317 of 650 seats" in page.inner_text("p.lede")


def test_the_election_picker_waits_for_a_keyboard_user_s_choice(server: Server, page: Any) -> None:
    """Arrowing through the picker opens nothing (the first arrow key opened the next
    election's page, so a keyboard user passed through every election on the way); Enter, or
    the Go button, opens the election arrowed to."""
    page.goto(f"{server.base_url}/elections/2024")
    picker = page.locator("select[data-navigate]")
    picker.focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.wait_for_timeout(500)
    assert page.url.endswith("/elections/2024")
    assert picker.input_value() == "2017"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/elections/2017")
    page.locator("select[data-navigate]").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.url.endswith("/elections/2017")
    with page.expect_navigation():
        page.click("#election-picker button[type=submit]")
    assert page.url.endswith("/elections/2015")


def test_a_phone_s_tapped_seat_brings_its_result_up(server: Server, browser: Any) -> None:
    """On a phone the panel is under the map, off the screen: a tapped seat's result is
    scrolled into view and focused (the page stayed where it was, the result out of sight)."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True)
    page = context.new_page()
    page.goto(f"{server.base_url}/elections/2024")
    hexagon = page.locator('a.seat-hex[data-code="E14001285"]')
    hexagon.scroll_into_view_if_needed()
    hexagon.tap()
    page.locator("#seat-panel .seat-report").wait_for()
    assert "Hexham" in page.inner_text("#seat-panel")
    box = page.evaluate("document.getElementById('seat-panel').getBoundingClientRect().toJSON()")
    assert -1 < box["top"] < 740, box  # scrolled to the top, give or take a part of a pixel
    assert page.evaluate("document.activeElement.id") == "seat-panel"
    _shot(page, "02-seat-panel-phone")
    context.close()


def test_a_tapped_seat_s_result_comes_up_when_only_the_panel_s_edge_is_on_screen(
    server: Server, browser: Any
) -> None:
    """The panel's top 14 px on a phone's screen counted as seen: the result loaded into a
    blank sliver at the bottom and the page stayed where it was. Unless the result's heading
    is wholly on the screen, the panel is scrolled up and focused."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{server.base_url}/elections/2024")
    page.wait_for_selector("#hexmap polygon")
    # the panel's top edge 14 px above the bottom of the screen
    page.evaluate(
        "window.scrollBy(0, document.getElementById('seat-panel').getBoundingClientRect().top"
        " - window.innerHeight + 14)"
    )
    code = page.evaluate(
        """() => Array.from(document.querySelectorAll('#hexmap a.seat-hex')).find((hex) => {
            const box = hex.getBoundingClientRect();
            return box.top > 0 && box.bottom < window.innerHeight - 40
                && box.left > 0 && box.right < window.innerWidth;
        }).dataset.code"""
    )
    page.locator(f'a.seat-hex[data-code="{code}"]').tap()
    page.locator("#seat-panel .seat-report").wait_for()
    page.wait_for_timeout(300)
    heading = page.evaluate(
        "document.querySelector('#seat-panel h2').getBoundingClientRect().toJSON()"
    )
    assert heading["top"] >= -1 and heading["bottom"] <= 844, heading
    assert page.evaluate("document.activeElement.id") == "seat-panel"
    context.close()


#: Words of a tick box's label broken inside a word or squeezed narrower than the label: each
#: ``code`` piece of the swap page's label was a flex item of its own ("nam" over "e").
_SQUEEZED_CHECK_LABELS = """Array.from(document.querySelectorAll('label.check')).flatMap(
    (label) => {
    const words = label.querySelector(':scope > span');
    const squeezed = Array.from(label.querySelectorAll('code')).filter((code) => {
        const range = document.createRange();
        range.selectNodeContents(code);
        return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size > 1;
    });
    return !words || squeezed.length ? [label.textContent.trim()] : [];
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_a_tick_box_s_label_reads_as_one_paragraph(
    server: Server, browser: Any, width: int
) -> None:
    context, page, problems = _phone_or_desktop(browser, width)
    for path in ["/swap", "/swingometer"]:
        page.goto(f"{server.base_url}{path}")
        assert page.evaluate(_SQUEEZED_CHECK_LABELS) == [], path
    page.goto(f"{server.base_url}/swap")
    label = page.locator("label.check").first
    height = label.bounding_box()["height"]
    # the label's words take at most three lines at 390 px (it took eight, a letter or two each)
    assert height < 4 * 22, height
    context.close()
    assert problems == [], problems


@pytest.mark.parametrize("width", [1280, 390])
def test_a_phone_s_navigation_is_folded_under_menu(
    server: Server, browser: Any, width: int
) -> None:
    """On a phone 24 links took 450 of the first screen's 844 px, before the page's heading:
    they fold under "Menu", which opens them, a voter's pages first; a desktop shows them all."""
    context, page, problems = _phone_or_desktop(browser, width)
    page.goto(f"{server.base_url}/elections/2024")
    audit = page.locator("header.site a[href='/tactical-audit']")
    heading = page.locator("main h1").bounding_box()
    if width < 700:
        assert not audit.is_visible() and heading["y"] < 150, heading
        page.locator("header.site summary").click()
        assert audit.is_visible()
        first = page.locator("header.site .site-links a").first
        assert first.inner_text() == "Find your seat"
    else:
        assert audit.is_visible() and not page.locator("header.site summary").is_visible()
    context.close()
    assert problems == [], problems


def test_a_focused_answer_s_outline_is_whole_on_a_phone(server: Server, browser: Any) -> None:
    """The postcode page opens focused on its answer, whose outline ran over its first letter
    at the left edge of a phone's screen: it is drawn clear of the words, on the screen."""
    context, page, problems = _phone_or_desktop(browser, 390)
    page.goto(f"{server.base_url}/postcode?q=SW1A+1AA")
    left = page.evaluate(
        """() => {
            const said = document.activeElement;
            const style = getComputedStyle(said);
            const outside = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
            return [said.id, said.getBoundingClientRect().left - outside,
                    parseFloat(style.outlineOffset)];
        }"""
    )
    assert left[0] == "postcode-message" and left[1] >= 0 and left[2] > 0, left
    context.close()
    assert problems == [], problems


def test_an_address_with_no_page_offers_the_page_meant_and_the_seat_search(
    server: Server, page: Any
) -> None:
    """A mistyped address: 404, its "Did you mean" link opens the page meant, and its seat
    search box finds a seat."""
    response = page.goto(f"{server.base_url}/forcast")
    assert response is not None and response.status == 404
    assert page.inner_text("#not-found-message") == "There is no page at /forcast."
    _shot(page, "11-not-found")
    page.locator("#did-you-mean a").click()
    page.wait_for_url(re.compile(r".*/forecast$"))
    page.go_back()
    page.locator("#not-found-seat-search input[name=q]").fill("Croydon East")
    page.locator("#not-found-seat-search button").click()
    page.wait_for_url(re.compile(r".*/seats/E14001186\?election=2024$"))
    assert "Croydon East" in page.inner_text("h1")


def test_nearest_marginals_projected_to_a_poll(server: Server, page: Any) -> None:
    """The nearest-marginal form takes a poll and a speed, as ``psephos nearest --closest
    --poll --speed-kmh``: the table lists the projected winners with travel minutes, the
    heading names the poll, and the form keeps what was typed."""
    poll = "Reform 29 Lab 20 Con 18 LD 13 Green 11 SNP 3"
    page.goto(f"{server.base_url}/nearest")
    page.fill("#nearest-form input[name=postcode]", "M1 1AE")
    page.fill("#nearest-form input[name=poll]", poll)
    page.fill("#nearest-form input[name=speed_kmh]", "30")
    page.click("#nearest-form button[type=submit]")
    page.wait_for_selector("#nearest-table")
    assert f"projected to the poll {poll}" in page.inner_text("h2[data-answer]")
    table = page.inner_text("#nearest-table")
    assert "Projected winner" in table and "Minutes" in table and "Reform UK" in table
    assert page.input_value("#nearest-form input[name=poll]") == poll
    twin = page.get_attribute("p.twin a", "href") or ""
    assert "poll=Reform+29" in twin and "speed_kmh=30" in twin


def test_sign_up_a_volunteer_and_organiser_sees_it(server: Server, page: Any) -> None:
    page.goto(f"{server.base_url}/nearest")
    page.fill("input[name=seat]", "Croydon East")
    page.click("#nearest-form button[type=submit]")
    page.wait_for_selector("#nearest-table")
    assert "Bromley and Biggin Hill" in page.inner_text("#nearest-table")
    page.fill("input[name=name]", "Volunteer <b>Vera</b>")
    page.fill("input[name=email]", "vera@example.org")
    page.fill("input[name=hours_per_week]", "5")
    page.check("input[name=consent]")
    _shot(page, "04-nearest-marginal")
    page.click("#volunteer-form button[type=submit]")
    page.wait_for_selector("#thanks")
    assert "Bromley and Biggin Hill" in page.inner_text("#thanks")
    _shot(page, "05-volunteer-thanks")
    # The organiser logs in and sees the sign-up, with the markup shown as text.
    page.goto(f"{server.base_url}/organisers")
    page.wait_for_selector("#login-form")
    page.fill("input[name=username]", ORGANISER)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#volunteers")
    table = page.inner_text("#volunteers")
    assert "Volunteer <b>Vera</b>" in table and "vera@example.org" in table
    assert page.locator("#volunteers b").count() == 0
    _shot(page, "06-organiser-volunteers")


def test_results_night_declaration_from_the_browser(server: Server, page: Any) -> None:
    problems: list[str] = []  # the organiser's pages, which the sweep of every page skips
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{server.base_url}/login?next=/organisers/declare")
    page.fill("input[name=username]", ORGANISER)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#open-election-form")
    page.fill("#open-election-form input[name=id]", "next")
    page.fill("#open-election-form input[name=name]", "Next general election")
    page.click("#open-election-form button[type=submit]")
    page.wait_for_selector("#declared-count")
    page.goto(f"{server.base_url}/organisers/declare")
    page.fill("#declare-form input[name=seat]", "E14001137")
    page.fill(
        "#declare-form textarea[name=votes_text]",
        "Ann Smith | Labour Party | 21000\nBob Jones | Conservative | 20000\n"
        "Cy Field | Independent | 900\nDi Lane | Independent | 800",
    )
    page.click("#declare-form button[type=submit]")
    page.wait_for_selector("#declare-status")
    assert "created" in page.inner_text("#declare-status")
    page.goto(f"{server.base_url}/results-night")
    assert page.inner_text("#declared-count") == "1"
    page.click("#declarations-table a >> text=Bromley and Biggin Hill")
    page.wait_for_selector("#candidates-table")
    assert "Di Lane" in page.inner_text("#candidates-table")
    _shot(page, "07-results-night")
    assert problems == [], problems


@pytest.mark.parametrize("width", [1280, 390])
def test_results_night_fills_in_live(server: Server, browser: Any, width: int) -> None:
    election = f"live-{width}"
    with httpx.Client(base_url=server.base_url) as api:
        token = api_login(api)
        open_night(api, token, election, base="2019-notional-2024")
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(f"{server.base_url}/results-night?election={election}")
        page.wait_for_selector("#night-map polygon")
        page.evaluate("window.notReloaded = true")
        assert not page.locator("#projection-legend").is_visible()  # no range shown yet
        result = psephos.load("2024")
        codes = result.codes[:25]
        for code in codes:
            seat = result.result(code)
            response = api.post(
                "/api/declarations",
                json={
                    "election": election,
                    "seat": code,
                    "candidates": [
                        {"name": c.name, "party": c.party_name, "code": c.party, "votes": c.votes}
                        for c in seat.candidates
                    ],
                },
                headers={"X-CSRF-Token": token},
            )
            assert response.status_code == 200, response.text
        page.wait_for_selector('#declared-count:text-is("25")')
        assert page.evaluate("window.notReloaded") is True  # filled in without a reload
        undeclared = page.locator("#night-map polygon.not-declared").count()
        assert undeclared == 650 - 25
        last = page.locator(f'#night-map a[data-code="{codes[-1]}"] polygon')
        assert last.get_attribute("fill") != "#ffffff"
        assert "not-declared" not in (last.get_attribute("class") or "")
        page.wait_for_selector('#projection-call:not([data-status="too-early"])')
        assert page.locator("#declarations-table tbody tr").count() == 25
        # the live projection's ranges are the JSON's words, as the server draws them
        live_ranges = page.locator("#projection-table tbody td.range").all_inner_texts()
        projection = api.get("/api/results-night", params={"election": election}).json()
        assert live_ranges == [row["range_text"] for row in projection["projection"]["parties"]]
        assert all(re.fullmatch(r"\d+\u2013\d+", text) for text in live_ranges), live_ranges
        assert page.locator("#projection-legend").is_visible()  # shown with its table
        # each row links to its seat's declaration, by the row's code
        links = page.locator("#declarations-table tbody tr a")
        linked = {
            link.split("?")[0].rsplit("/", 1)[1]
            for link in links.evaluate_all("links => links.map((a) => a.getAttribute('href'))")
        }
        assert linked == set(codes)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        _shot(page, f"results-night-live-{width}")
        context.close()
    assert problems == [], problems


def test_a_live_declaration_s_row_reads_as_the_page_draws_it(
    server: Server, browser: Any, page: Any
) -> None:
    """The row the script adds when a declaration arrives live says what the server's page
    says of the seat after a reload (read with scripts off, as the server drew it): the
    result and majority in the words the JSON carries (:func:`declared_words`)."""
    election = "live-words"
    row = "#declarations-table tbody tr"
    with httpx.Client(base_url=server.base_url) as api:
        token = api_login(api)
        open_night(api, token, election, base="2019-notional-2024")
        page.goto(f"{server.base_url}/results-night?election={election}")
        page.wait_for_selector("#night-map polygon")
        page.evaluate("window.notReloaded = true")
        clacton = psephos.load("2024").result("Clacton")  # Reform gain from Con
        response = api.post(
            "/api/declarations",
            json={
                "election": election,
                "seat": clacton.constituency.code,
                "candidates": [
                    {"name": c.name, "party": c.party_name, "code": c.party, "votes": c.votes}
                    for c in clacton.candidates
                ],
            },
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 200, response.text
        page.wait_for_selector('#declared-count:text-is("1")')
        assert page.evaluate("window.notReloaded") is True  # the script wrote the row
        live = [page.inner_text(f"{row} td:nth-child({n})") for n in range(1, 5)]
        (declared,) = api.get("/api/results-night", params={"election": election}).json()[
            "declarations"
        ]
    scriptless = browser.new_context(java_script_enabled=False)
    drawn_page = scriptless.new_page()
    drawn_page.goto(f"{server.base_url}/results-night?election={election}")
    drawn = [drawn_page.inner_text(f"{row} td:nth-child({n})") for n in range(1, 5)]
    scriptless.close()
    assert live == drawn
    assert live[1:3] == [declared["result_text"], declared["majority_text"]]
    assert live[1] == "Reform UK gain from Con"


def test_swingometer_poll(server: Server, page: Any) -> None:
    page.goto(f"{server.base_url}/swingometer")
    before = page.inner_text("#swing-seats")
    assert "Lab" in before  # defaults: the 2024 GB shares
    # Drag Labour down and Reform up: set the sliders and let the page project.
    for party, value in (("Lab", "25"), ("Reform", "24")):  # sums to 96%: at most 100
        page.eval_on_selector(
            f"input[name={party}]",
            "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }",
            value,
        )
    page.check("input[name=forecast]")
    with page.expect_navigation():
        page.click("#swing-form button[type=submit]")
    page.wait_for_selector("#swing-forecast")
    assert "Lab=25" in page.url and "Reform=24" in page.url
    after = page.inner_text("#swing-seats")
    assert after != before
    assert page.locator("#hexmap polygon").count() == 650
    _shot(page, "08-swingometer")
    # Save the poll: a shareable link that opens the same projection again.
    page.fill("#save-scenario input[name=title]", "Reform 24, Labour 25")
    page.click("#save-scenario button[type=submit]")
    page.wait_for_selector("#scenario-title")
    assert re.search(r"/s/[A-Za-z0-9_-]{22}$", page.url)
    page.click("#open-swingometer")
    page.wait_for_selector("#swing-seats")
    assert page.inner_text("#swing-seats") == after


def test_a_poll_naming_other_projects_again_from_its_sliders(server: Server, page: Any) -> None:
    """A poll naming Other drew an "Other 5" slider, the running total said 102.4, and pressing
    Project sent Other=5 and got "Error 422: Other: not a parameter of /swingometer". The
    sliders are the page's parameters only, the total and the parties without a slider make
    100, and Project projects the sliders as they stand."""
    poll = "Lab 30 Con 25 Reform 20 LD 12 Green 8 Other 5"
    page.goto(f"{server.base_url}/swingometer?base=2024&model=national&poll={poll}")
    names = "sliders => sliders.map(slider => slider.name)"
    drawn = page.eval_on_selector_all("#swing-form input[type=range]", names)
    assert "Other" not in drawn and set(drawn) <= set(psephos.jurisdictions.UK.poll_parties)
    rest = page.inner_text("#swing-rest")
    assert re.fullmatch(r"Ind \d+\.\d% and Other \d+\.\d%", rest), rest
    total = float(page.inner_text("#swing-total"))
    without = sum(float(share) for share in re.findall(r"(\d+\.\d)%", rest))
    assert total + without == pytest.approx(100, abs=0.2)  # was 102.4, no Ind
    before = page.inner_text("#swing-seats")
    with page.expect_navigation():
        page.click("#swing-form button[type=submit]")
    assert page.locator("#swing-error").count() == 0 and "Other=" not in page.url
    assert page.inner_text("h1") == "Swingometer"
    assert page.inner_text("#swing-seats") == before  # the same shares, the same seats


def test_a_dragged_slider_shows_its_share_as_the_others_do(server: Server, page: Any) -> None:
    # The page writes each share with one decimal (20.0, 2.6); a dragged slider showed its
    # raw value, 20, beside them.
    page.goto(f"{server.base_url}/swingometer?Lab=30")
    assert page.inner_text("#out-Lab") == "30.0"
    page.eval_on_selector(
        "input[name=Lab]", "el => { el.value = '20'; el.dispatchEvent(new Event('input')); }"
    )
    assert page.inner_text("#out-Lab") == "20.0"


def test_a_slider_moved_with_the_keys_waits_for_the_project_button(
    server: Server, page: Any
) -> None:
    """Each arrow key on a slider sent the form, so the page reloaded and the focus was lost
    after one step: the keys now move the slider as far as wanted, and Project sends it; a
    slider dragged with the mouse still projects when let go."""
    page.goto(f"{server.base_url}/swingometer?Con=24.4")
    slider = page.locator("#swing-form input[name=Con]")
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(500)
    assert page.url.endswith("/swingometer?Con=24.4")
    assert page.evaluate("document.activeElement.name") == "Con"
    assert slider.input_value() == "23.9"
    assert page.inner_text("#out-Con") == "23.9"
    with page.expect_navigation():
        page.click("#swing-form button[type=submit]")
    assert "Con=23.9" in page.url
    with page.expect_navigation():
        page.locator("#swing-form input[name=Lab]").click()
    assert "Lab=" in page.url


def test_a_share_above_60_stays_on_its_slider(server: Server, page: Any) -> None:
    """The sliders stopped at 60: Lab 65 showed 65.0 beside a slider at 60, and the next
    projection sent 60, five points dropped unsaid; a slider takes any share the form does."""
    page.goto(f"{server.base_url}/swingometer?model=national&Lab=65&Con=10&LD=5")
    assert page.input_value("#swing-form input[name=Lab]") == "65"
    with page.expect_navigation():
        page.click("#swing-form button[type=submit]")
    assert "Lab=65" in page.url


def test_tactical_advice(server: Server, page: Any) -> None:
    page.goto(f"{server.base_url}/advice")
    page.fill("#advice-form input[name=seat]", "Croydon East")
    page.fill("#advice-form input[name=prefer]", "LD, Green")
    page.fill("#advice-form input[name=against]", "Reform")
    page.click("#advice-form button[type=submit]")
    page.wait_for_selector("#advice-reasoning li")
    assert "Recommendation:" in page.inner_text("#advice-recommendation")
    assert page.locator("#advice-reasoning li").count() >= 3
    _shot(page, "09-tactical-advice")


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/advice", "advice"),  # the answer, under the form
        ("/swingometer?base=2024&areas=Narnia,Lab,40", "swing-error"),  # a refusal
        ("/nearest?postcode=ZZ99+9ZZ", "nearest-error"),
    ],
)
def test_an_answer_or_a_refusal_opens_in_view_with_the_focus(
    server: Server, page: Any, path: str, said: str
) -> None:
    """After the form is sent the page opens on what it says: the advice was 1,150 px down a
    phone's page, the swingometer's refusal 2,200 px, with the focus at the top."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{server.base_url}{path}")
    if path == "/advice":
        page.fill("input[name=postcode]", "NW6 1XY")
        page.fill("input[name=prefer]", "Green, Lab")
        with page.expect_navigation():
            page.press("input[name=prefer]", "Enter")
    assert page.evaluate("document.activeElement.id") == said
    box = page.evaluate(f"document.getElementById('{said}').getBoundingClientRect().toJSON()")
    assert -1 < box["top"] < 740, box  # scrolled to the top, give or take a part of a pixel


def test_a_refusal_repeating_a_long_input_wraps_on_a_phone(server: Server, page: Any) -> None:
    """Thirty seat codes typed with '=' for ':' made the pacts page 3,000 px wide on a phone,
    its refusal running off the screen before the words saying how to write it."""
    page.set_viewport_size({"width": 375, "height": 740})
    codes = ",".join(f"E140010{n:02d}" for n in range(30))
    page.goto(f"{server.base_url}/pacts?election=2024&stand_down=LD={codes}")
    assert "E14001029" in page.inner_text("#pact-error")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_switching_the_advice_menu_to_canada_keeps_what_is_typed_after(
    server: Server, page: Any
) -> None:
    # The menu comes first: a Canadian voter picks Canada's election, then types a riding and
    # Canada's parties. The form reopens on Canada's fields at the switch, so what is typed
    # after it is asked about, not cleared as filled for the UK.
    page.goto(f"{server.base_url}/advice")
    with page.expect_navigation():
        page.select_option("#advice-form select[name=election]", "canada-2021")
    assert page.locator("#advice-form input[name=postcode]").count() == 0
    assert page.locator("#country-note").count() == 0  # nothing was typed, nothing cleared
    assert "Châteauguay" in page.get_attribute("#advice-form input[name=seat]", "placeholder")
    page.fill("#advice-form input[name=seat]", "Toronto Centre")
    page.fill("#advice-form input[name=prefer]", "NDP, LPC")
    page.fill("#advice-form input[name=against]", "CPC")
    page.click("#advice-form button[type=submit]")
    page.wait_for_selector("#advice-reasoning li")
    assert page.locator("#country-note").count() == 0
    assert "Recommendation: NDP" in page.inner_text("#advice-recommendation")
    assert page.input_value("input[name=prefer]") == "NDP, LPC"


def test_arrowing_through_a_menu_switches_the_country_only_once_chosen(
    server: Server, page: Any
) -> None:
    """The advice menu's arrow keys pass Canada's elections without sending the form (it was
    sent, and what was typed cleared, as soon as an arrow reached one); leaving the menu on
    Canada's election switches the form, and the menu has the focus again."""
    page.goto(f"{server.base_url}/advice")
    menu = page.locator("#advice-form select[name=election]")
    menu.focus()
    page.keyboard.press("End")  # Canada's last election
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(500)
    assert page.url.endswith("/advice")
    assert menu.input_value() == "canada-2021"
    with page.expect_navigation():
        page.keyboard.press("Tab")
    assert page.locator("#advice-form input[name=postcode]").count() == 0
    assert page.evaluate("document.activeElement.name") == "election"
    assert page.input_value("#advice-form select[name=election]") == "canada-2021"


def test_switching_a_menu_within_one_country_sends_nothing(server: Server, page: Any) -> None:
    page.goto(f"{server.base_url}/pacts?election=2024")
    page.fill("input[name=bloc]", "Lab, LD")
    page.select_option("#pact-form select[name=election]", "2019")
    page.wait_for_timeout(300)
    assert page.url.endswith("/pacts?election=2024")
    assert page.input_value("input[name=bloc]") == "Lab, LD"


def test_switching_the_swingometer_and_forecast_menus_to_canada_opens_canada_s_fields(
    server: Server, page: Any
) -> None:
    # The Base election menu switched to Canada's election sends the form at once: the
    # swingometer opens on Canada's party sliders, the forecast on Canada's example poll.
    page.goto(f"{server.base_url}/swingometer")
    assert page.locator("#swing-form input[name=LPC]").count() == 0
    with page.expect_navigation():
        page.select_option("#swing-form select[name=base]", "canada-2021")
    assert page.locator("#swing-form input[name=LPC]").count() == 1
    assert page.locator("#swing-form input[name=Lab]").count() == 0
    page.goto(f"{server.base_url}/forecast")
    assert "LPC" not in page.get_attribute("#forecast-form input[name=poll]", "placeholder")
    with page.expect_navigation():
        page.select_option("#forecast-form select[name=base]", "canada-2021")
    assert "LPC" in page.get_attribute("#forecast-form input[name=poll]", "placeholder")
    assert page.input_value("#forecast-form select[name=base]") == "canada-2021"


def test_coalition_builder(server: Server, page: Any) -> None:
    page.goto(f"{server.base_url}/coalitions?election=2017")
    page.check("input[name=government][value=Con]")
    page.check("input[name=supporters][value=DUP]")
    page.click("#coalition-form button[type=submit]")
    page.wait_for_selector("#coalition-verdict")
    assert "working majority of 13" in page.inner_text("#coalition-verdict")
    _shot(page, "10-coalition-builder")


@pytest.mark.parametrize("width", [1280, 390])
def test_postcode_lookup_finds_the_seat(server: Server, browser: Any, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{server.base_url}/postcode")
    page.fill("input[name=q]", "NW6 1")
    page.click("#postcode-form button[type=submit]")
    page.wait_for_selector("#postcode-message")
    assert page.inner_text("#postcode-message") == "NW6 1 is in Hampstead and Highgate."
    page.click("#postcode-result a >> text=Hampstead and Highgate")
    page.wait_for_selector("#seat-history")
    assert "Hampstead and Highgate" in page.title()
    page.goto(f"{server.base_url}/advice")
    page.fill("#advice-form input[name=postcode]", "NW6 7")
    page.fill("#advice-form input[name=prefer]", "Green, Lab")
    page.click("#advice-form button[type=submit]")
    page.wait_for_selector("#advice-postcode")
    assert "straddles" in page.inner_text("#advice-postcode")
    _shot(page, f"postcode-advice-{width}")
    context.close()
    assert problems == [], problems


PAGES = (
    "/elections/2024",
    "/elections/2024/areas?level=nation",
    "/seats/E14001186",
    "/marginals",
    "/swingometer",
    "/advice?postcode=NW6+1&prefer=Green%2C+Lab",
    "/nearest?postcode=CR0+1",
    "/postcode?q=NW6+1",
    "/coalitions",
    "/systems",
    "/results/file",
    "/pacts",
    "/targets",
    "/forecast?poll=Lab+30+Con+20+Reform+25+LD+12+Green+9",
    "/swingometer?Lab=30&Con=20&Reform=25&LD=12&Green=9&forecast=true",
    "/turnout?change=10&poll=Lab+30+Con+20+Reform+25+LD+12+Green+9",
    "/tactical",
    "/exit-poll",
    "/results-night",
    "/results-night/replay?election=2019&declared=100",
    "/scenarios/new",
    "/login",
    "/docs",
)


#: The largest rendered side, in CSS pixels, of any colour swatch on the page.
_LARGEST_SWATCH = """Math.max(0, ...Array.from(document.querySelectorAll('svg.swatch'),
    (s) => Math.max(s.getBoundingClientRect().width, s.getBoundingClientRect().height)))"""


#: Boxes typed into that do not start at their words' left edge: a label's text wrapped around
#: its box (the forecast page's area shares box once sat in the middle of its paragraph).
_STRANDED_TEXTAREAS = """Array.from(document.querySelectorAll('label textarea')).filter((box) =>
    Math.abs(box.getBoundingClientRect().left
             - box.closest('label').getBoundingClientRect().left) > 2).length"""

#: Table cells whose colour swatch sits on a line of its own, its words wrapped below it.
_LONE_SWATCHES = """Array.from(document.querySelectorAll('td > svg.swatch')).filter((swatch) => {
    const words = document.createRange();
    words.setStartAfter(swatch);
    words.setEndAfter(swatch.parentElement.lastChild);
    const line = Array.from(words.getClientRects()).find((rect) => rect.width > 0);
    return line !== undefined && line.top >= swatch.getBoundingClientRect().bottom;
}).length"""


#: The smallest rendered font size, in CSS pixels, of any chart's words (a chart shrinks with
#: the screen: the seats chart's labels were drawn at about 8 px on a phone, then 10 px).
_SMALLEST_CHART_TEXT = """Math.min(99, ...Array.from(document.querySelectorAll('svg.chart text'),
    (t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))"""
#: The smallest size, in CSS pixels, of a chart's words on the screen (the page's are 15 px).
_SMALLEST_CHART_PX = 12

#: A chart's words that run into other words or into its bars and dots, as "words / what":
#: a phone's larger words ran "Reform UK" into its bar and the House's seats into its dots.
_OVERLAPPING_CHART_WORDS = """Array.from(document.querySelectorAll('svg.chart')).flatMap((svg) => {
    const box = (element) => element.getBoundingClientRect();
    const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
        && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const words = Array.from(svg.querySelectorAll('text'));
    const shapes = Array.from(svg.querySelectorAll('rect, circle, path'));
    return words.flatMap((word, i) => [...words.slice(i + 1), ...shapes]
        .filter((other) => meet(box(word), box(other)))
        .map((other) => `${word.textContent} / ${other.textContent || other.tagName}`));
})"""

#: Maps and charts that scroll sideways inside their frame without a word saying so (a chart
#: keeps a width where its words are 12 px on a phone narrower than 360 px, and pans).
_SILENT_SCROLLING_FRAMES = """Array.from(document.querySelectorAll('figure.hexmap, .chart-frame'))
    .filter((frame) => frame.scrollWidth > frame.clientWidth + 1
    && ['none', 'normal', ''].includes(getComputedStyle(frame, '::before').content)).length"""


#: Table cells whose whole text matches the pattern ``arguments[0]`` broken over two lines.
_WRAPPED_CELLS = r"""(pattern) => Array.from(document.querySelectorAll('td')).filter((cell) => {
    if (!new RegExp(pattern).test(cell.textContent)) return false;
    const words = document.createRange();
    words.selectNodeContents(cell);
    const tops = new Set(Array.from(words.getClientRects(), (rect) => Math.round(rect.top)));
    return tops.size > 1;
}).length"""

#: Seat ranges ("257" to "388", an en dash between): the forecast page's broke on a phone,
#: before its range cells took the tables' no-wrap rule.
_SEAT_RANGE = r"^\s*[\d,.]+\s*–\s*[\d,.]+\s*$"
#: A party and its seats: the systems page's "Lab (411 of 650)" took three lines on a phone.
_PARTY_SEATS = r"^\s*\S[^()]*\([\d,]+ of [\d,]+\)\s*$"

#: Labels that start mid-line whose box is on the next line, apart from its words: the
#: tactical map's "Defeat [Reform] Bloc" ended a phone's line, the bloc's box below it.
_LABELS_APART_FROM_THEIR_BOXES = """Array.from(document.querySelectorAll('form label')).flatMap(
    (label) => {
    const box = label.querySelector(
        'input:not([type=checkbox]):not([type=radio]), select, textarea');
    if (!box) return [];
    const rects = [];
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!(box.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING)) break;
        const text = document.createRange();
        text.selectNodeContents(node);
        rects.push(...Array.from(text.getClientRects()).filter((rect) => rect.width > 0));
    }
    if (!rects.length) return [];
    const left = label.closest('form, fieldset').getBoundingClientRect().left;
    const apart = box.getBoundingClientRect().top >= rects[rects.length - 1].bottom - 1;
    return rects[0].left > left + 20 && apart ? [label.textContent.trim()] : [];
})"""

#: Tables of a form's tick boxes that scroll sideways inside their frame, a column of choices
#: out of sight: the coalition builder's "Confidence and supply" column was cut off on a phone.
_SCROLLING_FORM_TABLES = """Array.from(
    document.querySelectorAll('form table.results:has(input[type=checkbox])')).filter(
    (table) => table.scrollWidth > table.clientWidth + 1).length"""

#: Tables that scroll sideways inside their frame with nothing to show it: the national
#: results, forecast and nearest-marginals tables hid their last columns on a phone. The
#: frame's edge that has more columns is shaded (a shadow fixed to the frame, under a white
#: cover that scrolls with the cells).
_SILENT_SCROLLING_TABLES = """Array.from(document.querySelectorAll('table.results')).filter(
    (table) => table.scrollWidth > table.clientWidth + 1).filter((table) => {
        const style = getComputedStyle(table);
        return !(style.backgroundImage.includes('radial-gradient')
                 && style.backgroundAttachment.includes('local')
                 && style.backgroundAttachment.includes('scroll'));
    }).length"""

#: Text boxes too narrow for what is typed in them (the forecast page's poll box showed
#: "Lab 30 Con 20 Reform 25" of a poll that went on), at a width the page leaves them room.
_CLIPPED_TEXT_BOXES = """Array.from(
    document.querySelectorAll('input:not([type]), input[type=text]')).filter((box) =>
        box.value && box.scrollWidth > box.clientWidth + 1
        && box.getBoundingClientRect().width < box.closest('form, main').clientWidth - 40)
    .map((box) => box.name)"""


#: A label's few words broken over two lines, though one line of its form holds them: the
#: turnout page's "or the" sat after the box before it and "bundled Ipsos split of" on the next
#: line, on a phone (as did the target page's "Net votes per | canvassing hour").
_BROKEN_LABEL_WORDS = """Array.from(document.querySelectorAll('form label')).flatMap((label) => {
    const control = label.querySelector('input, select, textarea');
    if (!control) return [];
    const rects = [];
    let words = '';
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!(control.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING)) break;
        const text = document.createRange();
        text.selectNodeContents(node);
        rects.push(...Array.from(text.getClientRects()).filter((rect) => rect.width > 0));
        words += node.textContent;
    }
    const tops = new Set(rects.map((rect) => Math.round(rect.top)));
    const wide = rects.reduce((sum, rect) => sum + rect.width, 0);
    return tops.size > 1 && wide < label.closest('form').clientWidth ? [words.trim()] : [];
})"""


@pytest.mark.parametrize("width", [1280, 390, 360, 320])
def test_every_page_fits_the_screen_without_console_errors(
    server: Server, browser: Any, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console", lambda m: problems.append(f"{page.url}: {m.text}") if m.type == "error" else None
    )
    wide, big_swatches, stranded, lone, small_text, silent = [], [], [], [], [], []
    wrapped_ranges, wrapped_seats, clipped, broken_labels, form_tables = [], [], [], [], []
    apart, silent_tables, overlapping = [], [], []
    for path in PAGES:
        response = page.goto(f"{server.base_url}{path}")
        assert response is not None and response.status == 200, path
        if page.evaluate("document.documentElement.scrollWidth") > width:
            wide.append(path)
        # a key's colour swatch is a small square beside its words, wherever it stands (inside
        # the map's figure the map's own width rule once made each one the figure's width)
        if page.evaluate(_LARGEST_SWATCH) > 24:
            big_swatches.append(path)
        if page.evaluate(_STRANDED_TEXTAREAS):
            stranded.append(path)
        if page.evaluate(_LONE_SWATCHES):
            lone.append(path)
        if page.evaluate(_SMALLEST_CHART_TEXT) < _SMALLEST_CHART_PX:
            small_text.append(path)
        if page.evaluate(_OVERLAPPING_CHART_WORDS):
            overlapping.append((path, page.evaluate(_OVERLAPPING_CHART_WORDS)))
        if page.evaluate(_SILENT_SCROLLING_FRAMES):
            silent.append(path)
        if page.evaluate(_SILENT_SCROLLING_TABLES):
            silent_tables.append(path)
        if page.evaluate(_WRAPPED_CELLS, _SEAT_RANGE):
            wrapped_ranges.append(path)
        if page.evaluate(_WRAPPED_CELLS, _PARTY_SEATS):
            wrapped_seats.append(path)
        if page.evaluate(_CLIPPED_TEXT_BOXES):
            clipped.append((path, page.evaluate(_CLIPPED_TEXT_BOXES)))
        if page.evaluate(_LABELS_APART_FROM_THEIR_BOXES):
            apart.append((path, page.evaluate(_LABELS_APART_FROM_THEIR_BOXES)))
        if page.evaluate(_SCROLLING_FORM_TABLES):
            form_tables.append(path)
        if page.evaluate(_BROKEN_LABEL_WORDS):
            broken_labels.append((path, page.evaluate(_BROKEN_LABEL_WORDS)))
    context.close()
    assert wide == [], f"sideways scroll at {width}px"
    assert big_swatches == [], f"colour swatches drawn larger than 24 px at {width}px"
    assert stranded == [], f"text boxes in the middle of their words at {width}px"
    assert lone == [], f"colour swatches apart from their party's name at {width}px"
    assert small_text == [], f"chart words drawn smaller than {_SMALLEST_CHART_PX} px at {width}px"
    assert overlapping == [], f"chart words on other words or shapes at {width}px"
    assert silent == [], f"maps or charts that scroll sideways without saying so at {width}px"
    assert silent_tables == [], f"tables that scroll sideways with no shaded edge at {width}px"
    assert wrapped_ranges == [], f"seat ranges broken over two lines at {width}px"
    assert wrapped_seats == [], f"a party's seats broken over two lines at {width}px"
    assert clipped == [], f"text boxes narrower than their text, with room to spare, at {width}px"
    assert broken_labels == [], f"a label's words broken over two lines at {width}px"
    assert apart == [], f"a label's words and its box on different lines at {width}px"
    assert form_tables == [], f"a form's tick boxes scrolling sideways at {width}px"
    assert problems == [], problems


def _phone_or_desktop(browser: Any, width: int) -> tuple[Any, Any, list[str]]:
    """A fresh context and page at ``width`` px that records JavaScript and console errors."""
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    new_page = context.new_page()
    new_page.set_default_timeout(20_000)
    problems: list[str] = []
    new_page.on("pageerror", lambda error: problems.append(str(error)))
    new_page.on(
        "console",
        lambda m: problems.append(f"{new_page.url}: {m.text}") if m.type == "error" else None,
    )
    return context, new_page, problems


def _fits(page: Any, width: int) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth") <= width)


@pytest.mark.parametrize("width", [1280, 390])
def test_bloc_tactical_map(server: Server, browser: Any, width: int) -> None:
    context, page, problems = _phone_or_desktop(browser, width)
    page.goto(f"{server.base_url}/tactical")
    page.fill("#tactical-form input[name=against]", "Con")
    page.fill("#tactical-form input[name=bloc]", "Lab,LD")
    page.click("#tactical-form button[type=submit]")
    page.wait_for_url(re.compile(r".*against=Con.*"))
    assert page.locator("#tactical-map polygon").count() == 650
    legend = page.inner_text("#tactical-legend")
    assert "Vote Lab" in legend and "Vote LD" in legend and "not needed" in legend
    assert page.locator("#tactical-table tbody tr").count() > 20
    assert _fits(page, width)
    _shot(page, f"tactical-map-{width}")
    first = page.locator("#tactical-table tbody tr a").first
    name = first.inner_text()
    first.click()
    page.wait_for_selector("#seat-insights")
    assert name in page.title()
    context.close()
    assert problems == [], problems


@pytest.mark.parametrize("width", [1280, 390])
def test_replay_a_past_results_night(server: Server, browser: Any, width: int) -> None:
    """From the results-night page to the replay of 2024; a count typed in replays the night to
    it, the projection table and the convergence chart with it, inside the screen's width."""
    context, page, problems = _phone_or_desktop(browser, width)
    page.goto(f"{server.base_url}/results-night")
    page.click("#night-replay-link")
    page.wait_for_selector("#replay-table")
    assert "after 50 seats of 650" in page.inner_text("#replay-lede")
    page.select_option("#replay-form select[name=election]", "2019")
    page.fill("#replay-form input[name=declared]", "100")
    page.click("#replay-form button[type=submit]")
    page.wait_for_url(re.compile(r".*election=2019.*declared=100"))
    assert "UK general election 2019, after 100 seats" in page.inner_text("#replay-lede")
    assert "Con majority projected" in page.inner_text("#replay-call")
    con = page.inner_text("#replay-table tbody tr:first-child")
    assert con.split()[0] == "Con" and con.split()[-1] == "365"  # the result beside
    # the chart's image loads (drawn with the page: never refused as a second heavy request)
    page.wait_for_function("document.querySelector('#replay-chart').naturalWidth > 0")
    chart = page.locator("#replay-chart").bounding_box()
    assert chart is not None and 200 < chart["width"] <= width
    assert _fits(page, width)
    _shot(page, f"results-night-replay-{width}")
    context.close()
    assert problems == [], problems


@pytest.mark.parametrize("width", [1280, 390])
def test_exit_poll_estimator(server: Server, browser: Any, width: int, tmp_path: Path) -> None:
    context, page, problems = _phone_or_desktop(browser, width)
    page.goto(f"{server.base_url}/exit-poll")
    page.select_option("#exitpoll-form select[name=election]", "2019")
    page.fill("#exitpoll-form input[name=seats]", "80")
    page.click("#exitpoll-form button[type=submit]")
    page.wait_for_url(re.compile(r".*election=2019.*"))
    table = page.inner_text("#exitpoll-table")
    assert "Con" in table and "368" in table  # the broadcasters' 2019 exit poll beside ours
    assert "off by 5.75" in page.inner_text("#exitpoll-backtest")
    assert page.locator("#exitpoll-map a.sampled").count() == 80
    assert "Sampled seat" in page.inner_text("#exitpoll-legend")
    assert _fits(page, width)
    _shot(page, f"exit-poll-{width}")
    # Your own sample: forty 2024 seats' results, change from the 2019 notional result.
    result = psephos.load("2024")
    lines = ["seat_code,seat_name,party,votes"]
    for position in range(40):
        seat = result.result_at(position)
        code, name = seat.constituency.code, seat.constituency.name
        lines += [f'{code},"{name}",{p},{round(v)}' for p, v in seat.votes.items() if v > 0]
    sample = tmp_path / "sample.csv"
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.click("#exitpoll-upload summary")
    page.set_input_files("#exitpoll-sample-form input[name=sample_file]", str(sample))
    page.select_option("#exitpoll-sample-form select[name=base]", "2019-notional-2024")
    page.click("#exitpoll-sample-form button[type=submit]")
    page.wait_for_selector("#exitpoll-sample-lede")
    assert "Your sample of 40 seats" in page.inner_text("#exitpoll-sample-lede")
    assert page.locator("#exitpoll-map a.sampled").count() == 40
    assert _fits(page, width)
    context.close()
    assert problems == [], problems


@pytest.mark.parametrize("width", [1280, 390])
def test_your_own_results_from_an_uploaded_file(
    server: Server, browser: Any, width: int, tmp_path: Path
) -> None:
    """A file of parties psephos does not know: its lede, its note, and a closest seat's link
    opening that seat's folded result."""
    results = tmp_path / "india.csv"
    results.write_text(
        "seat_code,seat_name,party,votes\n1,Riverton,BJP,500\n1,Riverton,INC,400\n"
        "2,Hillside,INC,600\n2,Hillside,BJP,300\n3,Lakeview,INC,450\n3,Lakeview,BSP,100\n",
        encoding="utf-8",
    )
    context, page, problems = _phone_or_desktop(browser, width)
    page.goto(f"{server.base_url}/results/file")
    page.set_input_files("#results-file-form input[name=results_file]", str(results))
    page.click("#results-file-form button[type=submit]:not([formaction])")
    page.wait_for_selector("#results-file-lede")
    assert page.inner_text("#results-file-lede") == (
        "INC won 2 of 3 seats (2 needed for a majority): a majority of 1."
    )
    assert "an election of its own country" in page.inner_text(".results-file-note")
    assert page.locator("#results-file-chart rect").count() == 2
    assert not page.is_visible("#seat-1")
    page.click("#results-file-marginals a >> text=Riverton")
    assert page.is_visible("#seat-1")
    assert "BJP win: majority 100 (11.11%) over INC" in page.inner_text("#seat-1")
    assert _fits(page, width)
    _shot(page, f"results-file-{width}")
    # the browser has cleared the file box; the page kept the file for the next question
    assert "Using india.csv again" in page.inner_text("#results-file-kept")
    page.fill("#results-file-form input[name=poll]", "INC 40 BJP 45 BSP 15")
    page.click("#results-file-form button[type=submit]:not([formaction])")
    page.wait_for_selector("#results-file-projection")
    page.click("#results-file-systems")
    page.wait_for_selector("#systems-table")
    assert "Results from india.csv" in page.inner_text("h1 + p, .lede")
    context.close()
    assert problems == [], problems


@pytest.mark.parametrize("width", [1280, 390])
def test_seat_page_capabilities(server: Server, browser: Any, width: int) -> None:
    context, page, problems = _phone_or_desktop(browser, width)
    page.goto(f"{server.base_url}/postcode?q=CR0+1")
    page.click("#postcode-result a >> text=Croydon")
    page.wait_for_selector("#seat-insights")
    insights = page.inner_text("#seat-insights")
    assert "most marginal" in insights and "target list" in insights
    assert "chance of winning here" in insights
    assert "Degree or higher" in page.inner_text("#seat-demographics")
    assert "predecessor seat" in page.inner_text("#seat-history-key")
    assert _fits(page, width)
    _shot(page, f"seat-capabilities-{width}")
    page.click("#seat-insights a >> text=targets")
    page.wait_for_selector("#target-table")
    context.close()
    assert problems == [], problems


#: The words of a form's labels that start a line in lowercase (an alternative, "or your
#: seat", excepted): the phone's narrow form put "turnout change (points)" and "model" at the
#: start of lines of their own.
_LOWERCASE_LINE_STARTS = """(form) => Array.from(document.querySelectorAll(form + ' label'))
    .filter((label) => {
        const first = label.getClientRects()[0];
        const left = document.querySelector(form).getBoundingClientRect().left;
        const words = label.textContent.trim();
        return first && first.left - left < 4 && /^[a-z]/.test(words) && !/^or /.test(words);
    }).map((label) => label.textContent.trim().split(' ')[0])"""


@pytest.mark.parametrize(
    ("path", "form"),
    [("/turnout", "#turnout-form"), ("/pacts", "#pact-form"), ("/targets", "#target-form")],
)
def test_a_form_s_labels_start_their_lines_as_the_other_forms_do_on_a_phone(
    server: Server, browser: Any, path: str, form: str
) -> None:
    context, page, problems = _phone_or_desktop(browser, 390)
    page.goto(f"{server.base_url}{path}")
    assert page.locator(f"{form} label").count() >= 5
    assert page.evaluate(_LOWERCASE_LINE_STARTS, form) == []
    context.close()
    assert problems == [], problems


#: The right edge, in CSS pixels, of the Votes and % cells (third and fourth) of every row of
#: a seat's candidate table.
_VOTES_AND_SHARE_RIGHT = """Math.max(...Array.from(document.querySelectorAll(
    '.seat-report table.candidates tr > :is(:nth-child(3), :nth-child(4))'),
    (cell) => cell.getBoundingClientRect().right))"""


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("code", ["S14000021", "E14001172", "E14001186"])
def test_a_seat_s_votes_and_shares_are_on_a_phone_s_screen(
    server: Server, browser: Any, code: str, width: int
) -> None:
    # Glasgow South West's "Independence for Scotland Party", the City's "Labour and
    # Co-operative": the party names wrap, so the numbers are seen without scrolling sideways
    # (on a 320 px screen Croydon East's Change column is scrolled to, inside the table).
    context, page, problems = _phone_or_desktop(browser, width)
    page.goto(f"{server.base_url}/seats/{code}")
    assert page.locator(".seat-report table.candidates tbody tr").count() >= 5
    assert page.evaluate(_VOTES_AND_SHARE_RIGHT) <= width
    assert page.evaluate(_LONE_SWATCHES) == 0
    assert _fits(page, width)
    context.close()
    assert problems == [], problems


#: The height, in CSS pixels, of the tallest row of the table ``arguments[0]``.
_TALLEST_ROW = """(table) => Math.max(...Array.from(document.querySelectorAll(`${table} tbody tr`),
    (row) => row.getBoundingClientRect().height))"""


def test_a_column_of_reasons_keeps_a_readable_width_on_a_phone(
    server: Server, browser: Any
) -> None:
    # Squeezed to the screen, the 2019 audit's Why column stacked one word a line: a row
    # 880 px tall, its seat, goal and picks alone in the middle of it.
    context, page, problems = _phone_or_desktop(browser, 390)
    page.goto(f"{server.base_url}/tactical-audit?election=2019")
    assert page.locator("#audit-differences td.prose").count() > 10
    assert page.evaluate(_TALLEST_ROW, "#audit-differences") < 320
    assert _fits(page, 390)
    context.close()
    assert problems == [], problems


@pytest.mark.parametrize("width", [1280, 390])
def test_allocate_volunteers_upload_plan_download(
    server: Server, browser: Any, width: int, tmp_path: Path
) -> None:
    volunteers = tmp_path / "volunteers.csv"
    volunteers.write_text(
        "id,postcode,latitude,longitude,hours\n"
        "v1,CR0 1,,,6\nv2,,51.55,-0.19,4\nv3,NW6 1,,,three\nv4,SW1A 1,,,8\n",
        encoding="utf-8",
    )
    context, page, problems = _phone_or_desktop(browser, width)
    page.goto(f"{server.base_url}/organisers/allocate")
    page.wait_for_selector("#login-form")  # organisers only
    page.fill("input[name=username]", ORGANISER)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#allocate-form")
    page.set_input_files("#allocate-form input[name=volunteers_file]", str(volunteers))
    page.fill("#allocate-form input[name=party]", "Lab")
    page.click("#allocate-form button[type=submit]")
    page.wait_for_selector("#allocate-plan")
    assert "3 volunteers (4 rows read, 1 rejected)" in page.inner_text("#allocate-summary")
    assert "row 4 (id v3): rejected: hours is not a number" in page.inner_text("#allocate-problems")
    assert page.locator("#allocate-plan tbody tr").count() >= 3
    assert "No hours" in page.inner_text("#allocate-legend")
    assert _fits(page, width)
    _shot(page, f"allocate-{width}")
    with page.expect_download() as download_info:
        page.click("#plan-download button[type=submit]")
    plan = Path(download_info.value.path()).read_text(encoding="utf-8")
    # a file for a spreadsheet: one UTF-8 byte-order mark, so Excel reads Welsh seat names
    assert plan.startswith("\ufeffvolunteer_id,seat_code,seat_name,hours")
    assert plan.count("\ufeff") == 1
    # every accepted volunteer's hours, placed or (a row without a seat) not placed; a rejected
    # row is in the plan with why, and no hours
    rows = list(csv.DictReader(io.StringIO(plan)))
    assert sum(int(row["hours"]) for row in rows if row["hours"]) == 18
    assert any(not row["hours"] and "rejected" in row["reason"] for row in rows)
    context.close()
    assert problems == [], problems


@pytest.mark.parametrize("width", [1280, 390])
def test_the_swingometer_s_slider_labels_keep_to_one_line(
    server: Server, browser: Any, width: int
) -> None:
    """A slider labelled as the election names its party ("Brexit Party" in 2019, "Reform UK"
    in 2024) stands on one line, as high as a code's ("Reform UK" wrapped at 1280 px)."""
    context, page, problems = _phone_or_desktop(browser, width)
    for base in ("2019", "2024"):
        page.goto(f"{server.base_url}/swingometer?base={base}")
        heights = page.eval_on_selector_all(
            "fieldset.sliders label", "labels => labels.map(l => l.getBoundingClientRect().height)"
        )
        assert heights and max(heights) - min(heights) < 2, (base, heights)
        # the name, the slider and its value on one row (they stood on three lines each)
        rows = page.eval_on_selector_all(
            "fieldset.sliders label",
            """labels => labels
                .map(l => [l, l.querySelector('input'), l.querySelector('output')]
                    .map(e => e.getBoundingClientRect()))
                .map(([l, i, o]) =>
                    [i.top - l.top, o.top - l.top, i.left - l.left, o.left - i.right])""",
        )
        assert all(
            slider < 12 and value < 12 and left > 40 and gap >= 0
            for slider, value, left, gap in rows
        ), (base, rows)
    context.close()
    assert problems == [], problems


@pytest.mark.parametrize(
    ("path", "main"), [("/swingometer", "swing-form"), ("/forecast", "forecast-form")]
)
def test_a_poll_table_goes_with_the_choices_made_in_the_form_above(
    server: Server, page: Any, tmp_path: Path, path: str, main: str
) -> None:
    """The poll table form asks only for the table and its window; the base election and
    model chosen in the page's main form (changed there, not yet sent) go with the table."""
    table = tmp_path / "polls.csv"
    table.write_text("end_date,pollster,Con,Lab,LD,Reform,Green\n2019-12-10,A,43,33,12,3,3\n")
    page.goto(f"{server.base_url}{path}")
    assert (
        page.locator("select[name=base]").count() == page.locator("select[name=model]").count() == 1
    )
    page.select_option(f"#{main} select[name=base]", "2017")
    page.select_option(f"#{main} select[name=model]", "uniform")
    page.set_input_files("#poll-table-form input[name=poll_file]", str(table))
    with page.expect_navigation():
        page.click("#poll-table-form button[type=submit]")
    assert page.locator('[role="alert"]').count() == 0, page.inner_text("main")
    assert page.eval_on_selector(f"#{main} select[name=base]", "menu => menu.value") == "2017"
    assert page.eval_on_selector(f"#{main} select[name=model]", "menu => menu.value") == "uniform"


def test_the_swap_tables_fit_a_phone(server: Server, browser: Any, tmp_path: Path) -> None:
    # Ten columns (each voter's seat and parties, pairs, two gains and why) scrolled sideways
    # inside the table on a phone; now the party and gain columns step aside there, the
    # parties under each seat, and every row fits the screen.
    offers = tmp_path / "offers.csv"
    offers.write_text(
        "seat,preferred,willing\nPutney,LD,Lab\nPutney,LD,Lab\nRichmond Park,Lab,LD\n"
        "Richmond Park,Lab,LD\nCheltenham,Lab,LD\nBootle,Green,Lab\n",
        encoding="utf-8",
    )
    context, page, problems = _phone_or_desktop(browser, 390)
    page.set_default_timeout(120_000)  # the first match simulates the seats
    page.goto(f"{server.base_url}/swap")
    page.set_input_files("input[name=offers_file]", str(offers))
    page.locator("#swap-form button[type=submit]").click()
    page.wait_for_selector("#swap-table")
    for table in ("#swap-table", "#swap-unmatched"):
        width, shown = page.eval_on_selector(table, "e => [e.scrollWidth, e.clientWidth]")
        assert width <= shown, (table, width, shown)
    assert page.locator("#swap-table .narrow-only").first.is_visible()
    assert not page.locator("#swap-table th.narrow-hide").first.is_visible()
    assert page.evaluate(_TALLEST_ROW, "#swap-table") < 500
    assert _fits(page, 390)
    _shot(page, "swap-phone")
    context.close()
    assert problems == [], problems


def test_a_voter_asks_whether_a_swap_would_help_on_a_phone(server: Server, browser: Any) -> None:
    # The swap page was only an organisers' upload: a voter now gives a seat (or postcode)
    # and a party and reads whether a swap would help and where a partner should live.
    context, page, problems = _phone_or_desktop(browser, 390)
    page.set_default_timeout(120_000)  # the first answer simulates the seats
    page.goto(f"{server.base_url}/swap")
    form = page.locator("#swap-mine-form")
    form.locator("input[name=seat]").fill("Richmond Park")
    form.locator("input[name=prefer]").fill("Lab")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#swap-outlook")
    assert "out of contention" in page.inner_text("#swap-contest")
    assert "a partner who prefers LD votes Lab" in page.inner_text("#swap-verdict-1")
    assert page.locator("#swap-partner-seats-1 tbody tr").count() == 10
    assert "needs a partner" in page.inner_text("#swap-partner-needed")
    width, shown = page.eval_on_selector(
        "#swap-partner-seats-1", "e => [e.scrollWidth, e.clientWidth]"
    )
    assert width <= shown
    assert _fits(page, 390)
    _shot(page, "swap-one-voter-phone")
    context.close()
    assert problems == [], problems


def test_tab_moves_from_a_seat_to_its_neighbour_on_the_map(server: Server, page: Any) -> None:
    # Tab went through the seats alphabetically (Aldershot, then Aldridge-Brownhills, across
    # England); it now walks the map, each step to a seat beside the last nearly always.
    page.goto(f"{server.base_url}/elections/2024")
    page.locator("#hexmap a.seat-hex").nth(300).focus()  # an English region's rows
    centres = []
    for _ in range(12):
        centres.append(
            page.evaluate(
                "() => { const r = document.activeElement.getBoundingClientRect();"
                " return [r.x + r.width / 2, r.y + r.height / 2, r.width]; }"
            )
        )
        page.keyboard.press("Tab")
    first = page.locator("#hexmap a.seat-hex").first.get_attribute("data-code")
    assert first == "S14000051"  # Orkney and Shetland, the map's top
    steps = [((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5 / a[2] for a, b in pairwise(centres)]
    assert sum(step < 1.6 for step in steps) >= 8, steps  # a hex's width apart: neighbours


def test_a_poll_box_s_placeholder_is_whole_on_a_phone(server: Server, browser: Any) -> None:
    # "Lab 35 Con 24 Reform UK 15 LD 13 Green 7" was cut off in a phone's box; the box shows
    # the first two parties and the whole example is readable under it.
    context, page, problems = _phone_or_desktop(browser, 360)
    for path in ("/forecast", "/advice", "/tactical", "/pacts"):
        page.goto(f"{server.base_url}{path}")
        box = page.locator("input[name=poll]").first
        room, needed = box.evaluate(
            "e => { const s = getComputedStyle(e); const c = document.createElement('canvas')"
            ".getContext('2d'); c.font = s.font; return [e.clientWidth -"
            " parseFloat(s.paddingLeft) - parseFloat(s.paddingRight),"
            " c.measureText(e.placeholder).width]; }"
        )
        assert needed <= room, (path, needed, room)
        assert page.locator("#poll-example").is_visible()
        assert _fits(page, 360)
    context.close()
    assert problems == [], problems


def test_the_forecast_s_seat_table_sorts_in_the_page_as_the_server_sorts_it(
    server: Server, page: Any
) -> None:
    # A heading's sort button sorts the rows in the page (no reload), marks the heading with
    # aria-sort and asks for the other order next, in the order the server gives for the
    # same ?sort=&order= (the JSON twin's seats).
    asked = "sort=p_favourite&order=desc"
    page.goto(f"{server.base_url}/forecast")
    page.click("#forecast-seats-details summary")
    heading = page.locator('#forecast-seats th[data-sort-column="p_favourite"]')
    assert heading.get_attribute("aria-sort") is None
    heading.locator("button").click()  # ascending first
    assert heading.get_attribute("aria-sort") == "ascending"
    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "descending"
    assert page.url.endswith(f"/forecast?{asked}")
    shown = page.locator("#forecast-seats tbody tr td:first-child").all_inner_texts()
    served = page.request.get(f"{server.base_url}/api/forecast?seats=true&{asked}").json()
    assert shown == [seat["name"] for seat in served["seats"]]
    assert page.locator("#forecast-seats th[aria-sort]").count() == 1
    twin = page.locator("a[data-sorted-by=forecast-seats]")
    assert twin.get_attribute("href") == f"/api/forecast?base=2024&seats=true&{asked}"
    # a second column after the first: ties in the command's order, as the server breaks
    # them, not in the order the first sort showed (620 of 650 rows were out of place); then
    # a text column descending, and another after it
    for clicks in (
        [("runner_up", "asc")],
        [("name", "asc"), ("name", "desc"), ("favourite", "asc")],
        [("region", "asc"), ("p_runner_up", "asc"), ("p_runner_up", "desc")],
    ):
        for column, order in clicks:
            heading = page.locator(f'#forecast-seats th[data-sort-column="{column}"]')
            heading.locator("button").click()
            assert (
                heading.get_attribute("aria-sort")
                == {"asc": "ascending", "desc": "descending"}[order]
            )
        query = f"sort={column}&order={order}"
        shown = page.locator("#forecast-seats tbody tr td:first-child").all_inner_texts()
        served = page.request.get(f"{server.base_url}/api/forecast?seats=true&{query}").json()
        assert shown == [seat["name"] for seat in served["seats"]], query
        assert page.url.endswith(f"/forecast?{query}")
        linked = twin.get_attribute("href")
        assert linked == f"/api/forecast?base=2024&seats=true&{query}"
        assert [s["name"] for s in page.request.get(server.base_url + linked).json()["seats"]] == (
            shown
        )
