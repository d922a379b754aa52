"""Every form control on every page has a label a screen reader can announce: a ``<label>``
around it, a ``<label for=...>`` naming its id, or an ``aria-label`` / ``aria-labelledby``."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from fastapi.testclient import TestClient
from web_helpers import TEMPLATES, answered_pages, open_night, site_pages

#: Controls a person never fills in (sent with the form, or the form's own buttons).
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Controls(HTMLParser):
    """The form controls of a page, each with whether it is labelled, and the forms' ids."""

    def __init__(self) -> None:
        super().__init__()
        self.open_labels = 0
        self.label_for: set[str] = set()
        self.controls: list[tuple[str, str | None, bool]] = []  # (description, id, labelled)
        self.forms: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id"):
            self.forms.add(str(attributes["id"]))
        if tag == "label":
            self.open_labels += 1
            if attributes.get("for"):
                self.label_for.add(str(attributes["for"]))
        if tag not in ("input", "select", "textarea") or "hidden" in attributes:
            return
        if tag == "input" and (attributes.get("type") or "text") in UNLABELLED_TYPES:
            return
        labelled = bool(
            self.open_labels
            or (attributes.get("aria-label") or "").strip()
            or attributes.get("aria-labelledby")
        )
        description = f"<{tag} name={attributes.get('name')!r}>"
        self.controls.append((description, attributes.get("id"), labelled))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.open_labels:
            self.open_labels -= 1

    def unlabelled(self) -> list[str]:
        return [
            description
            for description, control_id, labelled in self.controls
            if not labelled and (control_id is None or control_id not in self.label_for)
        ]


def _unlabelled(page: str, forms: set[str]) -> list[str]:
    parser = _Controls()
    parser.feed(page)
    forms |= parser.forms
    return parser.unlabelled()


@pytest.mark.storage
def test_every_form_control_has_a_label(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    open_night(client, token)
    problems = {}
    forms: set[str] = set()
    for page in site_pages(client):
        response = client.get(page)
        if response.headers.get("content-type", "").startswith("text/html"):
            problems[page] = _unlabelled(response.text, forms)
    for page, answered in answered_pages(client, token).items():
        problems[page] = _unlabelled(answered, forms)
    missing = client.get("/postcode", params={"q": "ZZ9 9ZZ"})  # with the seat-name box
    problems["/postcode?q=ZZ9+9ZZ"] = _unlabelled(missing.text, forms)
    searched = client.get("/seats", params={"q": "Croydon Eats"})  # the search asked again
    problems["/seats?q=Croydon+Eats"] = _unlabelled(searched.text, forms)
    assert {page: found for page, found in problems.items() if found} == {}
    # every form the templates write was looked at
    written = {
        found
        for template in TEMPLATES.glob("*.html")
        for found in re.findall(r'<form[^>]*\bid="([^"{]+)"', template.read_text(encoding="utf-8"))
    }
    assert written - forms == set()


def test_the_area_shares_boxes_are_scanned_and_labelled(client: TestClient) -> None:
    """The swingometer's and forecast page's area shares box (one, in the poll form: the poll
    table form carries what is typed there), asked with shares and without, is among the
    controls the scan above looks at, and is labelled."""
    for page in ("/swingometer", "/forecast", "/forecast?areas=area,SNP%0AScotland,30"):
        parser = _Controls()
        parser.feed(client.get(page).text)
        boxes = [c for c in parser.controls if c[0] == "<textarea name='areas'>"]
        assert len(boxes) == 1 and all(box[2] for box in boxes), (page, parser.controls)


def test_the_scan_finds_a_control_without_a_label() -> None:
    page = """<form id="f">
      <input type="hidden" name="csrf_token"><button type="submit">Go</button>
      <label>Wrapped <input name="wrapped"></label>
      <label for="named">Named</label> <select id="named" name="named"></select>
      <input name="aria" aria-label="Aria">
      <textarea name="bare"></textarea> <input name="typed" id="typed">
      <textarea name="plan" hidden></textarea>
    </form>"""
    forms: set[str] = set()
    assert _unlabelled(page, forms) == ["<textarea name='bare'>", "<input name='typed'>"]
    assert forms == {"f"}


class _Refusals(HTMLParser):
    """The ``<p class="error">`` paragraphs of a template (a refusal said above a form), each
    with whether a screen reader announces it (``role="alert"``) and its id."""

    def __init__(self) -> None:
        super().__init__()
        self.refusals: list[tuple[str | None, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "p" and attributes.get("class") == "error":
            self.refusals.append((attributes.get("id"), attributes.get("role") == "alert"))


def test_every_refusal_is_announced_as_an_alert_with_an_id() -> None:
    found: dict[str, list[tuple[str | None, bool]]] = {}
    for template in sorted(TEMPLATES.glob("*.html")):
        parser = _Refusals()
        parser.feed(template.read_text(encoding="utf-8"))
        if parser.refusals:
            found[template.name] = parser.refusals
    assert {"advice.html", "nearest.html", "postcode.html", "turnout.html"} <= set(found)
    quiet = {name: rows for name, rows in found.items() if not all(alert for _, alert in rows)}
    assert not quiet, f"refusals without role=alert: {quiet}"
    nameless = {name: rows for name, rows in found.items() if not all(ident for ident, _ in rows)}
    assert not nameless, f"refusals without an id: {nameless}"


#: Pages that draw a hex map of links, with its svg's id.
MAPS = {
    "/elections/2024": "hexmap",
    "/swingometer": "hexmap",
    "/exit-poll": "exitpoll-map",
    "/tactical?against=Con&bloc=Lab,LD": "tactical-map",
}


@pytest.mark.parametrize("path", ["/elections/2024", "/swingometer", "/postcode", "/docs"])
def test_every_page_opens_with_a_skip_link_to_its_main_content(
    client: TestClient, path: str
) -> None:
    """A keyboard passed the 22 links of the site's navigation on every page before reaching
    the page's own; the first link now skips them."""
    page = client.get(path).text
    body = page.split("<body>", 1)[1]
    first = re.search(r"<a [^>]*>[^<]*</a>", body)
    assert first is not None and first[0] == '<a class="skip" href="#main">Skip to main content</a>'
    assert '<main id="main" tabindex="-1">' in page


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/swingometer", "/swingometer"),
        ("/elections/2019", "/"),  # the results explorer, the Results link's page
        ("/results-night/seats/E14001186?election=2024", "/results-night"),
        ("/seats/E14001186?election=2024", None),  # a seat is no link of the navigation
    ],
)
def test_the_navigation_marks_the_page_it_is_on(
    client: TestClient, path: str, current: str | None
) -> None:
    page = client.get(path).text
    nav = page.split('<nav aria-label="Site">', 1)[1].split("</nav>", 1)[0]
    marked = re.findall(r'<a href="([^"]+)" aria-current="page">', nav)
    assert marked == ([current] if current else [])


@pytest.mark.parametrize("path", sorted(MAPS))
def test_a_map_of_links_is_a_group_with_a_way_past_it(client: TestClient, path: str) -> None:
    """A map of 650 seat links was an image (whose children a screen reader may flatten),
    and a keyboard had to pass every link to reach what followed; it is a labelled group, and
    a "Skip the map" link just before it goes to an element after it."""
    page = client.get(path).text
    svg = re.search(rf'<svg id="{MAPS[path]}"[^>]*>', page)
    assert svg is not None and 'role="group"' in svg[0] and 'aria-label="' in svg[0]
    skip = list(re.finditer(r'<a class="skip" href="#([a-z-]+)">Skip the map</a>', page))
    assert len(skip) == 1 and skip[0].end() <= svg.start()
    target = page.find(f'id="{skip[0][1]}"')
    assert target > svg.end(), skip[0][1]


@pytest.mark.parametrize("path", ["/elections/2024", "/swingometer"])
def test_headings_step_down_one_level_at_a_time(client: TestClient, path: str) -> None:
    """The map's key wrote "Seats won" as an h3 between the page's h1 and its first h2."""
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", client.get(path).text)]
    assert levels[0] == 1
    assert all(after <= before + 1 for before, after in pairwise(levels))


def test_the_navigation_folds_under_a_menu_with_a_voter_s_pages_first(client: TestClient) -> None:
    """24 links filled a phone's first screen, "Tactical audit" and "Exit poll" before "How
    should I vote?": the links are in a <details> a phone keeps folded (no script needed), a
    voter's pages first, then the other tools."""
    page = client.get("/elections/2024").text
    nav = page.split('<nav aria-label="Site">', 1)[1].split("</nav>", 1)[0]
    assert re.search(r'<details class="site-menu">\s*<summary>Menu</summary>', nav)
    links = re.findall(r'<a href="([^"]+)"', nav)
    voter = ["/postcode", "/advice", "/", "/nearest", "/results-night"]
    assert links[: len(voter)] == voter
    assert links.index("/tactical-audit") > len(voter) and "/exit-poll" in links
    more = nav.index("More tools:")
    assert nav.index('href="/results-night"') < more < nav.index('href="/swingometer"')
