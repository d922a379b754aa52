"""A refused input on a page: a 422 page that names the field in words, says what it accepts
and links back to the same page with the rest of what was typed; the JSON twin keeps its
structured 422."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient
from pydantic import Field
from pydantic.fields import FieldInfo
from web_helpers import page_token

from psephos.web.schemas import WHOLE_REQUEST, field_label, number_words, plain_problems

#: What a person must never read on a page: a regular expression or Python's notation.
_MACHINE = re.compile(r"\^|\$'|\[A-Z|\\d|pattern|Input should|'loc'|'ctx'|\{'|ValidationError")


def _main(page: str) -> str:
    found = re.search(r"<main.*?</main>", page, re.S)
    assert found is not None
    return html.unescape(found.group(0))


def _again(page: str) -> str | None:
    found = re.search(r'<a href="([^"]*)">Back to the page', page) or re.search(
        r'<a href="([^"]*)">Back to the form', page
    )
    return html.unescape(found.group(1)) if found else None


@pytest.mark.parametrize(
    ("path", "query", "refused", "label", "accepts"),
    [
        (
            "/advice",
            {"postcode": "hello!", "prefer": "Green, Lab"},
            "postcode",
            "Postcode",
            "use letters, digits, spaces",
        ),
        (
            "/advice",
            {"lat": "70", "lon": "0", "prefer": "Lab"},
            "lat",
            "Latitude",
            "use a number from 49 to 61",
        ),
        (
            "/nearest",
            {"postcode": "NW6 1", "top": "999"},
            "top",
            "How many seats",
            "use a whole number from 1 to 50",
        ),
        (
            "/swingometer",
            {"Lab": "150", "Con": "20"},
            "Lab",
            "Lab share (%)",
            "use a number from 0 to 100",
        ),
        (
            "/targets",
            {"attacker": "LD", "defender": "Con", "national_sd": "0"},
            "national_sd",
            "National uncertainty (share units)",
            "use a number above 0 and at most 0.5",
        ),
        (
            "/systems",
            {"system": "fptp", "district_size": "0"},
            "district_size",
            "Members per STV district",
            "use a whole number from 1 to 50",
        ),
        (
            "/seats/E14000727",
            {"election": "bad!!"},
            "election",
            "Election id",
            "use an election id such as 2024",
        ),
    ],
)
def test_a_refused_field_is_named_in_words_and_the_rest_is_kept(
    client: TestClient,
    path: str,
    query: dict[str, str],
    refused: str,
    label: str,
    accepts: str,
) -> None:
    page = client.get(path, params=query)
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    text = _main(page.text)
    assert f"what you gave for {label} was not accepted" in text
    assert f"{label}</strong>: {accepts}" in text
    assert not _MACHINE.search(text), text
    again = _again(page.text)
    assert again is not None
    assert urlsplit(again).path == path
    kept = dict(parse_qsl(urlsplit(again).query, keep_blank_values=True))
    assert kept == {name: value for name, value in query.items() if name != refused}

    twin = client.get(f"/api{path}", params=query)
    assert twin.status_code == 422
    assert twin.headers["content-type"] == "application/json"
    [problem] = twin.json()["detail"]
    assert problem["field"] == refused and problem["label"] == label
    assert problem["message"].startswith(accepts)
    assert f"{label}</strong>: {problem['message']}</li>" in text  # one wording for both


def test_the_link_back_opens_the_page(client: TestClient) -> None:
    again = _again(client.get("/nearest", params={"postcode": "NW6 1", "top": "999"}).text)
    assert again is not None
    page = client.get(again)
    assert page.status_code == 200 and 'value="NW6 1"' in page.text


def test_a_refused_path_has_no_page_to_go_back_to(client: TestClient) -> None:
    page = client.get("/results-night/seats/XYZ!")
    assert page.status_code == 422
    text = _main(page.text)
    assert "ONS seat code</strong>: use a seat code such as E14001265" in text
    assert _again(page.text) is None and '<a href="/">Back to the results</a>' in text


def test_every_refused_field_is_named(client: TestClient) -> None:
    page = client.get("/targets", params={"top": "abc", "seed": "x", "attacker": "LD"})
    assert page.status_code == 422
    text = _main(page.text)
    assert "what you gave for Seats and Seed was not accepted" in text
    again = _again(page.text)
    assert again is not None and dict(parse_qsl(urlsplit(again).query)) == {"attacker": "LD"}


def test_a_parameter_of_one_value_sent_twice_is_refused(client: TestClient) -> None:
    """``?prefer=Lab&prefer=LD`` was read as LD alone: a parameter of one value sent twice with
    two values is refused with 422 naming it, as ``psephos advise --prefer Lab --prefer LD``
    is; a list parameter (the pact's ``stand_down``) takes every value, and the same value
    twice is read once."""
    twice = [("seat", "Hendon"), ("prefer", "Lab"), ("prefer", "LD")]
    answer = client.get("/api/advice", params=twice)
    assert answer.status_code == 422
    assert answer.json()["detail"] == [
        {
            "field": "prefer",
            "label": "Parties you would vote for",
            "message": "sent 2 times ('Lab' and 'LD'): send it once",
        }
    ]
    page = client.get("/advice", params=twice)
    assert page.status_code == 422 and "sent 2 times" in _main(page.text)
    same = client.get("/api/advice", params=[("seat", "Hendon"), ("prefer", "LD")] * 2)
    assert same.status_code == 200 and same.json()["prefer"] == ["LD"]
    listed = [("election", "2024"), ("bloc", "Lab,LD"), ("transfer", "LD>Lab=0.6")]
    many = client.get("/api/pacts", params=[*listed, ("transfer", "Green>Lab=35%")])
    assert many.status_code == 200, many.text


def test_a_refused_form_goes_back_to_the_page_it_was_on(client: TestClient) -> None:
    form = {"system": "fptp", "district_size": "0"}
    referer = {"Referer": "http://testserver/systems?election=2019"}
    page = client.post("/systems", data=form, headers=referer)
    assert page.status_code == 422
    assert "Members per STV district</strong>: use a whole number" in _main(page.text)
    assert _again(page.text) == "/systems?election=2019"
    elsewhere = client.post("/systems", data=form, headers={"Referer": "https://example.org/x"})
    assert elsewhere.status_code == 422 and _again(elsewhere.text) is None
    twin = client.post("/api/systems", data=form)
    assert twin.status_code == 422 and twin.json()["detail"][0]["field"] == "district_size"


@pytest.mark.parametrize(
    ("field", "words"),
    [
        (Field(ge=1, le=50), "use a number from 1 to 50"),
        (Field(gt=0, le=0.5), "use a number above 0 and at most 0.5"),
        (Field(ge=0), "use a number of at least 0"),
        (Field(lt=1_000_000), "use a number below 1,000,000"),
        (Field(), "use a number"),
    ],
)
def test_number_words(field: FieldInfo, words: str) -> None:
    assert number_words(field) == words


def test_labels_come_from_the_schema() -> None:
    assert field_label("top", Field(title="Seats", description="How many")) == "Seats"
    assert field_label("postcode", Field(description="Postcode ('NW6 1AB'), sector")) == (
        "Postcode"
    )
    assert field_label("district_size") == "District size"


def test_a_row_of_a_body_is_named_as_sent() -> None:
    error = {"type": "int_type", "loc": ("body", "candidates", 0, "votes"), "msg": "Not int"}
    assert plain_problems([error]) == [
        {"field": "candidates.0.votes", "label": "candidates.0.votes", "message": "Not int"}
    ]


def test_a_check_of_the_whole_form_names_what_it_checked(client: TestClient) -> None:
    """The scenario form's shares are checked together (none above 0, a poll the reader
    refuses): the page names them, never a field called "Request"."""
    token = page_token(client, "/scenarios/new")
    referer = {"Referer": "http://testserver/scenarios/new"}
    for shares, said in (({}, "give at least one party a share above 0"), (_OVER, "above 100%")):
        form = {"csrf_token": token, "title": "My poll", **shares}
        response = client.post("/scenarios", data=form, headers=referer)
        assert response.status_code == 422
        text = _main(response.text)
        assert "Request" not in text
        assert "what you gave for Shares was not accepted" in text
        assert "Shares</strong>: " in text and said in text
        assert _again(response.text) == "/scenarios/new"


_OVER = {"Lab": "80", "Con": "80"}


@pytest.mark.parametrize(
    ("shares", "said"),
    [
        ({"Lab": 0, "Con": 0}, "give at least one party a share above 0"),
        ({"Lab": 80, "Con": 80}, "above 100%"),
        ({"Whigs": 30}, "Whigs"),
    ],
)
def test_a_refused_scenario_names_its_shares(
    client: TestClient, shares: dict[str, float], said: str
) -> None:
    """``POST /api/scenarios`` refuses the poll the form refuses, naming the shares as sent."""
    scenario = {"kind": "poll", "title": "t", "payload": {"election": "2024", "shares_pct": shares}}
    response = client.post("/api/scenarios", json=scenario)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["field"] == "payload.shares_pct" and problem["label"] == "payload.shares_pct"
    assert said in problem["message"] and not problem["message"].startswith("payload")


def test_a_whole_request_problem_without_a_name() -> None:
    named = {"type": "value_error", "loc": ("body",), "msg": "Value error, shares: give one"}
    unnamed = {"type": "value_error", "loc": ("body",), "msg": "Value error, Give either"}
    assert plain_problems([named, unnamed]) == [
        {"field": "shares", "label": "Shares", "message": "give one"},
        {"field": "request", "label": WHOLE_REQUEST, "message": "Give either"},
    ]


@pytest.mark.parametrize(
    ("path", "query", "blank"),
    [
        ("/nearest", {"postcode": "NW6 1"}, ["max_majority_pct", "max_km", "top", "lat", "lon"]),
        ("/marginals", {}, ["top"]),
        ("/targets", {}, ["top", "national_sd", "votes_per_hour"]),
        ("/turnout", {"election": "2017", "change": "10"}, ["adult_share"]),
        ("/exit-poll", {}, ["seats", "seed"]),
    ],
)
def test_a_number_box_left_blank_means_its_default(
    client: TestClient, path: str, query: dict[str, str], blank: list[str]
) -> None:
    """A form's number box cleared (sent as ``name=``, or only spaces) is read as not given:
    the page answers as it does without it, never 422."""
    without = client.get(path, params=query)
    assert without.status_code == 200
    for value in ("", " "):
        cleared = client.get(path, params={**query, **dict.fromkeys(blank, value)})
        assert cleared.status_code == 200, cleared.text
        assert _main(cleared.text) == _main(without.text)


def test_a_cleared_number_box_in_a_json_twin_is_its_default(client: TestClient) -> None:
    cleared = client.get("/api/nearest", params={"postcode": "NW6 1", "max_km": "", "top": ""})
    assert cleared.status_code == 200
    assert cleared.json() == client.get("/api/nearest", params={"postcode": "NW6 1"}).json()


@pytest.mark.parametrize(
    ("path", "query"),
    [
        (
            "/api/advice",
            {"seat": "Outremont", "election": "canada-2021", "prefer": "Bloc Québécois"},
        ),
        ("/api/advice", {"seat": "Foyle", "election": "2024", "prefer": "Sinn Féin, SDLP"}),
        ("/api/pacts", {"election": "canada-2021", "bloc": "Parti libéral, NPD"}),
        ("/api/tactical", {"election": "canada-2021", "against": "Parti conservateur"}),
        (
            "/api/tactical",
            {
                "election": "canada-2021",
                "against": "CPC",
                "bloc": "LPC,NPD",
                "build": "Nouveau Parti démocratique",
            },
        ),
        ("/api/coalitions", {"election": "canada-2021", "coalition": "Libéral+Bloc Québécois"}),
    ],
)
def test_party_names_with_accents_pass_the_field_checks(
    client: TestClient, path: str, query: dict[str, str]
) -> None:
    """A party named as its country spells it ("Bloc Québécois", "Sinn Féin", "Parti libéral"),
    which the library reads, is not refused by a form field's check as not a letter."""
    response = client.get(path, params=query)
    assert response.status_code == 200, response.text


def test_a_field_of_party_names_still_refuses_what_is_no_name(client: TestClient) -> None:
    response = client.get("/api/advice", params={"seat": "Bath", "prefer": "Lab<script>"})
    assert response.status_code == 422
    assert "use letters, digits, spaces" in response.text
