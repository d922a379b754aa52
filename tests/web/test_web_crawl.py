"""A link crawler over the web app: from a few start pages, follow every link a user can click
(and every GET form, submitted with its default values) and check what comes back.

Every response must be a 200; an HTML page must have one ``<h1>`` and a ``<title>`` and show no
Python leftovers (``None``, ``nan``, a traceback, an unrendered ``{{ }}``) in its visible text; a
JSON link must parse as JSON and a CSV link as CSV with a header. A link whose query carries
``None`` or ``nan`` is wrong too, even if the page it leads to copes.

A form that names the country its party fields were filled for (its hidden ``country`` field) is
submitted a second time with its Election menu switched to another country's election, as a
person who switches the menu and presses the button sends it: that page must open too.

The crawl is capped (pages in all, and seat pages per election: there are 650 seats in each of
seven elections) and breadth-first, so the same pages are visited on every run.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient
from web_helpers import open_night

import psephos
from psephos.web.context import form_country

#: Long (every link of every page, about 45 s): run with ``pytest -m slow``, as CI runs it
#: beside the README's tests.
pytestmark = pytest.mark.slow

ORIGIN = "http://testserver"
MAX_PAGES = 600
SEATS_PER_ELECTION = 5
# Same-origin links the crawler does not follow: static files, and the one GET whose body never
# ends (the results night's server-sent events, checked in test_web_results_night.py).
SKIPPED_PREFIXES = ("/static/", "/api/results-night/stream")
# A seat's pages: one per seat and election, so only a sample of each is visited.
_SEAT_PATH = re.compile(r"^(?P<prefix>/(?:api/)?(?:results-night/)?seats/)[^/]+(?P<rest>/.*)?$")
# Python's own renderings of nothing and not-a-number, and template or error leftovers.
_LEFTOVER = re.compile(r"\b(?:None|nan|NaN)\b|Traceback|\{\{|\}\}|\{%|%\}")
# Where one of those words is a real word: "None of the Above", a name some candidates have
# stood under. Nothing else is allowed: a page with nothing to show says so in a sentence.
_ALLOWED_LEFTOVERS = (re.compile(r"\bNone of the [Aa]bove\b"),)
_BAD_QUERY_VALUE = re.compile(r"^(?:None|nan|NaN)$")


@dataclass
class Form:
    """A GET form: where it goes and what a browser sends when it is submitted unchanged."""

    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    blocked: bool = False  # a required field is empty: the browser would not submit it
    menus: dict[str, list[str]] = field(default_factory=dict)  # each menu's choices
    _select: str | None = None
    _options: list[tuple[str, bool]] = field(default_factory=list)
    _select_required: bool = False
    _select_multiple: bool = False
    _textarea: str | None = None
    _textarea_text: str = ""

    def close_select(self) -> None:
        if self._select is None:
            return
        self.menus[self._select] = [value for value, _ in self._options]
        chosen = [value for value, selected in self._options if selected]
        if not chosen and self._options and not self._select_multiple:
            chosen = [self._options[0][0]]
        self.fields.extend((self._select, value) for value in chosen)
        if self._select_required and not any(chosen):
            self.blocked = True
        self._select, self._options = None, []


class Page(HTMLParser):
    """What the crawler needs from an HTML page: its links, GET forms, headings, title and the
    visible text (outside ``<code>`` and ``<pre>``, where documented leftovers may stand)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.n_h1 = 0
        self.title = ""
        self.text: list[str] = []
        self._form: Form | None = None
        self._hidden = 0  # inside <script>, <style>, <code>, <pre> or <template>
        self._in_title = False
        self._option: tuple[str | None, bool] | None = None  # (its value attribute, selected)
        self._option_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in {"script", "style", "code", "pre", "template"}:
            self._hidden += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.n_h1 += 1
        elif tag == "a" and "href" in values:
            self.links.append(values["href"])
        elif tag == "form":
            self._open_form(values)
        elif self._form is not None:
            self._form_field(tag, values)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "code", "pre", "template"}:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "title":
            self._in_title = False
        elif self._form is None:
            return
        elif tag == "option" and self._option is not None:
            value = self._option[0] if self._option[0] is not None else self._option_text.strip()
            self._form._options.append((value, self._option[1]))
            self._option = None
        elif tag == "select":
            self._form.close_select()
        elif tag == "textarea" and self._form._textarea is not None:
            self._form.fields.append((self._form._textarea, self._form._textarea_text))
            self._form._textarea = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._option is not None:
            self._option_text += data
        if self._form is not None and self._form._textarea is not None:
            self._form._textarea_text += data
        if not self._hidden:
            self.text.append(data)

    def _open_form(self, values: dict[str, str]) -> None:
        if values.get("method", "get").lower() != "get":
            self._form = None
            return
        self._form = Form(action=values.get("action", ""))
        self.forms.append(self._form)

    def _form_field(self, tag: str, values: dict[str, str]) -> None:
        form = self._form
        assert form is not None
        name = values.get("name")
        if "disabled" in values:
            return
        if tag == "input" and name:
            kind = values.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in values:
                    form.fields.append((name, values.get("value", "on")))
                return
            form.fields.append((name, values.get("value", "")))
            if "required" in values and not values.get("value"):
                form.blocked = True
        elif tag == "select" and name:
            form._select = name
            form._select_required = "required" in values
            form._select_multiple = "multiple" in values
        elif tag == "option" and form._select is not None:
            self._option = (values.get("value"), "selected" in values)
            self._option_text = ""
        elif tag == "textarea" and name:
            form._textarea, form._textarea_text = name, ""


def parse_page(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def leftovers(text: str) -> list[tuple[str, str]]:
    """The Python or template leftovers in a page's visible text, each with a little context."""
    for allowed in _ALLOWED_LEFTOVERS:
        text = allowed.sub("", text)
    text = " ".join(text.split())
    return [
        (found[0], text[max(0, found.start() - 40) : found.end() + 40])
        for found in _LEFTOVER.finditer(text)
    ]


def internal_url(href: str, base: str) -> str | None:
    """``href`` (on page ``base``) as a same-origin path and query, or None if it is not one the
    crawler follows."""
    if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
        return None
    parts = urlsplit(urljoin(ORIGIN + base, href))
    if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
        return None
    path = parts.path
    if path.startswith(SKIPPED_PREFIXES) or path == "/logout" or path.endswith("/erase"):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def form_url(form: Form, base: str) -> str | None:
    """The URL a browser opens when a GET form is submitted with its default values (a form
    with other choices made is a question a person asks, and may be refused: not a link)."""
    if form.blocked:
        return None
    action = internal_url(form.action or base.split("?")[0], base)
    if action is None:
        return None
    query = urlencode(form.fields)
    return action.split("?")[0] + (f"?{query}" if query else "")


#: The names of a form's Election menu.
ELECTION_MENUS = ("election", "base")


def switched_form_url(form: Form, base: str) -> str | None:
    """For a form whose hidden ``country`` field names the country its party fields were filled
    for, the URL a browser opens when its Election menu is switched to the first election of
    another country and the form submitted; else None."""
    filled = dict(form.fields)
    country = filled.get("country")
    menu = next((name for name in ELECTION_MENUS if name in form.menus), None)
    if not country or menu is None:
        return None
    other = next((v for v in form.menus[menu] if form_country(v) not in ("", country)), None)
    if other is None:
        return None
    switched = Form(form.action, [(k, other if k == menu else v) for k, v in form.fields])
    return form_url(switched, base)


def seat_group(url: str) -> tuple[str, str] | None:
    """For a seat's page, its kind (the path without the seat) and election; else None."""
    parts = urlsplit(url)
    found = _SEAT_PATH.match(parts.path)
    if found is None:
        return None
    election = dict(parse_qsl(parts.query)).get("election", "")
    return found["prefix"] + "{code}" + (found["rest"] or ""), election


@dataclass
class Crawl:
    """What a crawl saw: URL -> kind of response, and each problem with the page that linked it."""

    visited: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    referrer: dict[str, str] = field(default_factory=dict)

    def kinds(self) -> Counter[str]:
        return Counter(self.visited.values())


def check_response(
    url: str, status: int, content_type: str, body: str, crawl: Crawl
) -> Page | None:
    """Check one response; return the parsed page if it is HTML."""
    where = f"{url} (linked from {crawl.referrer.get(url, 'start')})"
    if status != 200:
        crawl.problems.append(f"{where}: status {status}")
        crawl.visited[url] = f"status {status}"
        return None
    if content_type.startswith("text/html"):
        page = parse_page(body)
        crawl.visited[url] = "html"
        if body.lstrip()[:15].lower().startswith("<!doctype html"):
            if page.n_h1 != 1:
                crawl.problems.append(f"{where}: {page.n_h1} <h1> elements")
            if not page.title.strip():
                crawl.problems.append(f"{where}: no <title>")
        else:
            crawl.visited[url] = "html fragment"
        crawl.problems.extend(
            f"{where}: shows {token!r} in {context!r}"
            for token, context in leftovers(" ".join(page.text))
        )
        return page
    if content_type.startswith("application/json"):
        crawl.visited[url] = "json"
        try:
            json.loads(body)
        except ValueError as error:
            crawl.problems.append(f"{where}: not JSON ({error})")
    elif content_type.startswith("text/csv"):
        crawl.visited[url] = "csv"
        rows = list(csv.reader(io.StringIO(body)))
        if not rows or not all(rows[0]):
            crawl.problems.append(f"{where}: CSV without a header")
        elif any(len(row) != len(rows[0]) for row in rows[1:]):
            crawl.problems.append(f"{where}: CSV rows not as wide as the header")
    else:
        crawl.visited[url] = content_type.split(";")[0] or "no content type"
    return None


def crawl(client: TestClient, starts: Iterable[str], max_pages: int = MAX_PAGES) -> Crawl:
    """Visit ``starts`` and every page reachable from them, breadth-first, up to the caps."""
    result = Crawl()
    queue: deque[str] = deque()
    seen: set[str] = set()
    seats: Counter[tuple[str, str]] = Counter()

    def enqueue(url: str, referrer: str | None) -> None:
        if url in seen:
            return
        group = seat_group(url)
        if group is not None and referrer is not None:
            if seats[group] >= SEATS_PER_ELECTION:
                return
            seats[group] += 1
        seen.add(url)
        if referrer is not None:
            result.referrer[url] = referrer
        bad = [f"{k}={v}" for k, v in parse_qsl(urlsplit(url).query) if _BAD_QUERY_VALUE.match(v)]
        if bad:
            result.problems.append(f"{url} (linked from {referrer}): query has {', '.join(bad)}")
        queue.append(url)

    for start in starts:
        enqueue(start, None)
    while queue and len(result.visited) < max_pages:
        url = queue.popleft()
        response = client.get(url)  # a redirect is followed: where it goes is checked
        page = check_response(
            url,
            response.status_code,
            response.headers.get("content-type", ""),
            response.text,
            result,
        )
        if page is None:
            continue
        found = [internal_url(href, url) for href in page.links]
        found += [form_url(form, url) for form in page.forms]
        found += [switched_form_url(form, url) for form in page.forms]
        for link in found:
            if link is not None:
                enqueue(link, url)
    return result


def _seat(election: str) -> str:
    return psephos.load(election).codes[0]


def public_starts() -> list[str]:
    return [
        "/",
        "/elections/2024",
        "/elections/2017",
        "/elections/canada-2021",
        "/swingometer?base=canada-2021",
        "/results-night",
        "/tactical?election=canada-2021",
        f"/seats/{_seat('2024')}?election=2024",
        f"/seats/{_seat('canada-2021')}?election=canada-2021",
    ]


def test_every_link_a_visitor_can_follow_works(client: TestClient) -> None:
    result = crawl(client, public_starts())
    assert result.kinds()["html"] > 40, result.kinds()
    switched = {
        urlsplit(url).path
        for url in result.visited
        if (query := dict(parse_qsl(urlsplit(url).query))).get("country")
        and form_country(query.get("election") or query.get("base")) not in ("", query["country"])
    }
    assert {
        "/targets",
        "/pacts",
        "/tactical",
        "/coalitions",
        "/swingometer",
        "/forecast",
        "/advice",
    } <= switched
    assert not result.problems, "\n".join(result.problems)


@pytest.mark.storage
def test_every_link_an_organiser_can_follow_works(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    election = psephos.load("2024")
    for code in election.codes[:3]:
        votes: Counter[str] = Counter()
        for candidate in election.result(code).candidates:
            votes[candidate.party] += candidate.votes
        posted = client.post(
            "/api/declarations",
            json={"election": "replay-2024", "seat": code, "votes": votes},
            headers={"X-CSRF-Token": token},
        )
        assert posted.status_code == 200, posted.text
    starts = ["/organisers", "/organisers/declare", "/organisers/allocate", "/results-night"]
    result = crawl(client, starts, max_pages=200)
    assert {"/organisers", "/organisers/declare"} <= set(result.visited)
    assert not result.problems, "\n".join(result.problems)


def test_the_checks_find_what_they_look_for() -> None:
    page = (
        "<!doctype html><html><head><title>T</title></head><body><h1>A</h1><h1>B</h1>"
        "<p>Majority None, share nan%, {{ seat.name }}</p><p>None of the Above 120 votes</p>"
        "<pre>None</pre><code>{{ documented }}</code>"
        '<a href="/seats/E14001186?election=2024">a</a><a href="#top">b</a>'
        '<a href="https://example.org/">c</a><a href="/static/style.css">d</a>'
        '<form method="get" action="/nearest"><input name="seat" value="Bath">'
        '<select name="election"><option value="2019">2019</option>'
        '<option value="2024" selected>2024</option></select>'
        '<input type="checkbox" name="gains" value="true"></form>'
        '<form method="get" action="/seats"><input name="q" required></form></body></html>'
    )
    result = Crawl()
    parsed = check_response("/p", 200, "text/html; charset=utf-8", page, result)
    assert parsed is not None
    assert result.problems[0].endswith(": 2 <h1> elements")
    # the Python and template leftovers, not the candidate's name nor what <pre>/<code> show
    shown = [problem.split(": shows ", 1)[1].split(" in ", 1)[0] for problem in result.problems[1:]]
    assert shown == ["'None'", "'nan'", "'{{'", "'}}'"]
    assert [internal_url(href, "/p") for href in parsed.links] == [
        "/seats/E14001186?election=2024",
        None,
        None,
        None,
    ]
    assert [form_url(form, "/p") for form in parsed.forms] == [
        "/nearest?seat=Bath&election=2024",
        None,  # a required field left empty: the browser does not send it
    ]
    assert seat_group("/seats/E14001186?election=2024") == ("/seats/{code}", "2024")
    menu = (
        '<form method="get" action="/targets"><input type="hidden" name="country" value="uk">'
        '<select name="election"><option value="2024" selected>2024</option>'
        '<option value="canada-2021">2021</option></select><input name="attacker" value="Lab">'
        "</form>"
    )
    (filled,) = parse_page(menu).forms
    assert (
        switched_form_url(filled, "/p") == "/targets?country=uk&election=canada-2021&attacker=Lab"
    )
    assert [switched_form_url(form, "/p") for form in parsed.forms] == [None, None]
    broken = Crawl()
    check_response("/x.csv", 200, "text/csv", "", broken)
    check_response("/x.json", 200, "application/json", "{", broken)
    check_response("/gone", 404, "text/html", "", broken)
    assert len(broken.problems) == 3
