"""A form field a route does not take is refused, not dropped: a stand-down file posted to
``/api/pacts`` as ``file`` answered the default pact (every seat's stand-downs) with a 200 and
no word. The API says so with 422, naming the field, the route's fields and the one meant; a
page says so, with the way back to its form. Every form the site's own pages show sends only
fields its route takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from web_helpers import answered_pages, open_night, page_token, site_pages

STAND_DOWNS = b"party,seat\nLab,Godalming and Ash\nLD,Hendon\nGreen,Bristol Central\n"
REFUSED = "not a form field of"


def _problems(answer: object) -> list[dict[str, str]]:
    return answer.json()["detail"]  # type: ignore[attr-defined,no-any-return]


def test_a_file_under_another_name_is_refused_naming_the_file_field(client: TestClient) -> None:
    files = {"file": ("pact.csv", STAND_DOWNS, "text/csv")}
    answer = client.post("/api/pacts", files=files, data={"election": "2024"})
    assert answer.status_code == 422, answer.text
    [problem] = _problems(answer)
    assert problem["field"] == "file"
    message = problem["message"]
    assert message.startswith("not a form field of /api/pacts (it takes areas, bloc, election,")
    assert "stand_down_file, stand_down_sheet, transfer)." in message
    assert message.endswith("Did you mean 'stand_down_file'?")
    # under its own name, the user's three stand-downs are answered
    named = client.post(
        "/api/pacts", files={"stand_down_file": files["file"]}, data={"election": "2024"}
    )
    assert named.status_code == 200 and named.json()["n_stand_downs"] == 3


@pytest.mark.parametrize(
    ("path", "data", "meant"),
    [
        ("/api/pacts", {"blok": "Lab,LD"}, "Did you mean 'bloc'?"),
        ("/api/targets", {"attacker": "LD", "x": "1"}, "(it takes areas, attacker,"),
        ("/api/logout", {"csrf_token": "t"}, "(it takes none)."),
    ],
)
def test_each_form_route_refuses_a_field_it_does_not_take(
    client: TestClient, path: str, data: dict[str, str], meant: str
) -> None:
    """One check for every route (a dependency of the app), in a form posted as a browser
    posts one (``-d``) as in a multipart one."""
    answer = client.post(path, data=data)
    assert answer.status_code == 422, answer.text
    assert meant in _problems(answer)[0]["message"]


def test_a_json_body_is_left_to_its_model(client: TestClient) -> None:
    """A JSON body is checked by the route's model (which refuses what it does not know)."""
    answer = client.post("/api/volunteers", json={"name": "A", "shoe_size": 9})
    assert answer.status_code == 422
    assert REFUSED not in answer.text


def test_a_page_says_which_field_it_refused_and_leads_back_to_the_form(
    client: TestClient,
) -> None:
    token = page_token(client, "/pacts")
    page = client.post(
        "/pacts",
        data={"csrf_token": token, "election": "2024"},
        files={"file": ("pact.csv", STAND_DOWNS, "text/csv")},
        headers={"referer": "http://testserver/pacts?election=2024"},
    )
    assert page.status_code == 422
    text = unescape(page.text)
    assert f"{REFUSED} /pacts (it takes " in text
    assert "Did you mean 'stand_down_file'?" in text
    assert 'href="/pacts?election=2024"' in text and "Back to the form" in text


@dataclass
class _PostForm:
    """A POST form: where it goes (and where its buttons send it) and what it sends."""

    actions: list[str]
    fields: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


class _PostForms(HTMLParser):
    """A page's POST forms, each with every named control in it or naming it (``form=``)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[_PostForm] = []
        self._by_id: dict[str, _PostForm] = {}
        self._open: _PostForm | None = None
        self._orphans: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._open = None
            if values.get("method", "get").lower() == "post":
                self._open = _PostForm([values.get("action", "")])
                self.forms.append(self._open)
                self._by_id[values.get("id", "")] = self._open
            return
        if values.get("form"):  # a control outside its form, naming it
            self._orphans.append((tag, values))
        elif self._open is not None:
            self._control(self._open, tag, values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None

    def close(self) -> None:
        super().close()
        for tag, values in self._orphans:
            form = self._by_id.get(values["form"])
            if form is not None:
                self._control(form, tag, values)

    def _control(self, form: _PostForm, tag: str, values: dict[str, str]) -> None:
        name = values.get("name")
        if tag in ("button", "input") and values.get("formaction"):
            form.actions.append(values["formaction"])
        if not name or tag not in ("input", "select", "textarea", "button"):
            return
        if tag == "input" and values.get("type") == "file":
            form.files.append(name)
        else:
            form.fields.append(name)


@pytest.mark.storage
def test_every_form_of_the_site_sends_only_fields_its_route_takes(
    organiser_client: tuple[TestClient, str],
) -> None:
    """Every page's POST forms (their CSRF tokens, hidden fields, file boxes and any button's
    name; a form's other destinations, ``formaction``), as an organiser with a volunteer signed
    up sees them, posted as they are: none is refused for a field its route does not take."""
    client, token = organiser_client
    open_night(client, token)  # the declaration form
    client.post(  # the organisers' page's Erase form
        "/api/volunteers",
        json={
            "name": "Ada",
            "email": "ada@example.org",
            "target_seat": "E14001279",
            "hours_per_week": 3,
            "consent": True,
        },
    )
    pages = {page: client.get(page).text for page in site_pages(client)}
    pages |= answered_pages(client, token)
    forms: dict[tuple[str, tuple[str, ...], tuple[str, ...]], str] = {}  # what: where seen
    for page, text in pages.items():
        parser = _PostForms()
        parser.feed(text)
        parser.close()
        for form in parser.forms:
            names = tuple(sorted(set(form.fields)))
            for action in form.actions:
                forms[(action or page, names, tuple(form.files))] = page
    sent = {action for action, _, _ in forms}
    assert {"/pacts", "/systems", "/scenarios", "/swap/pairs.csv"} <= sent
    assert {"/organisers/allocate/plan.csv", "/organisers/declare", "/logout"} <= sent
    refused = []
    # the values do not matter (a field is refused before any is read); logging out, last
    for (action, names, files), page in sorted(forms.items(), key=lambda i: i[0][0] == "/logout"):
        answer = client.post(
            action,
            data=dict.fromkeys(names, "1"),
            files=[(name, ("f.csv", b"a\n", "text/csv")) for name in files] or None,
        )
        if REFUSED in unescape(answer.text):
            refused.append(f"{page}: its form to {action} {names} {files}: {answer.status_code}")
    assert refused == []
