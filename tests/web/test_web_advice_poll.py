"""The web advice takes a poll as ``psephos advise --poll`` does: the same projection, the
same answer, and the same one-line errors for a poll that does not read."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cli_helpers import command_json
from psephos.cli import app as cli_app
from psephos.errors import ShareWarning
from psephos.tactical.api import advise_seat

POLL = "Lab 30 Con 22 Reform 20 LD 13 Green 9"
#: The note the poll gives called from Python (the API and the command say it as a note).
POLL_NOTE = r"The Great Britain shares sum to 94\.0%; the remaining 6\.0% goes"
#: The note naming the parties the poll leaves out whose seats move (SNP, Ind, Other).
SEATS_NOTE = r"The parties the poll does not name share the 6\.0% it leaves .*: SNP from 9 to"


def test_advice_with_a_poll_is_the_command_s(client: TestClient) -> None:
    params = {"seat": "Bath", "prefer": "LD,Lab,Green", "against": "Con", "poll": POLL}
    body = client.get("/api/advice", params=params)
    assert body.status_code == 200, body.text
    answer = body.json()
    with pytest.warns(ShareWarning, match=SEATS_NOTE), pytest.warns(ShareWarning, match=POLL_NOTE):
        expected = advise_seat("Bath", "LD,Lab,Green", "Con", poll=POLL, model="national")
    assert answer["headline"] == expected["headline"]
    assert answer["options"] == expected["options"]
    plain = client.get("/api/advice", params={**params, "poll": ""}).json()
    assert plain["options"] != answer["options"]  # the poll moved the seat's shares
    args = ["advise", "Bath", "--prefer", "LD,Lab,Green", "--against", "Con", "--poll", POLL]
    # the command's files keep 10 significant digits (psephos.numbers); the API keeps all
    rows = command_json(*args)["rows"]
    assert len(rows) == len(answer["options"])
    for row, option in zip(rows, answer["options"], strict=True):
        assert row.keys() == option.keys()
        for key, value in option.items():
            if isinstance(value, float):
                assert row[key] == pytest.approx(value, rel=1e-9), key
            else:
                assert row[key] == value, key
    page = client.get("/advice", params=params)
    assert page.status_code == 200 and 'name="poll"' in page.text and POLL in page.text
    # another model, as `psephos advise --poll ... --model uniform`
    uniform = client.get("/api/advice", params={**params, "model": "uniform"}).json()
    with pytest.warns(ShareWarning, match=SEATS_NOTE), pytest.warns(ShareWarning, match=POLL_NOTE):
        expected = advise_seat("Bath", "LD,Lab,Green", "Con", poll=POLL, model="uniform")
    assert uniform["options"] == expected["options"]
    assert uniform["options"] != answer["options"]
    assert client.get("/api/advice", params={**params, "model": "magic"}).status_code == 422


def test_a_bad_poll_gets_the_swingometer_s_error(client: TestClient) -> None:
    for poll in ("Lab 60 Con 50", "Lab abc", "Foo 30 Lab 30"):
        advice = client.get("/api/advice", params={"seat": "Bath", "prefer": "LD", "poll": poll})
        swing = client.get("/api/swingometer", params={"poll": poll})
        assert advice.status_code == swing.status_code >= 400, poll
        assert advice.json()["detail"] == swing.json()["detail"], poll
        page = client.get("/advice", params={"seat": "Bath", "prefer": "LD", "poll": poll})
        first = swing.json()["detail"].split(";")[0]
        assert page.status_code == advice.status_code and first in unescape(page.text), poll


def test_the_json_link_carries_every_input(client: TestClient) -> None:
    params = {"seat": "Islington North", "prefer": "Lab", "poll": POLL, "model": "uniform"}
    page = client.get("/advice", params=params)
    assert page.status_code == 200
    link = re.search(r'href="(/api/advice\?[^"]+)"', page.text)
    assert link is not None
    href = unescape(link.group(1))
    assert parse_qs(urlsplit(href).query) == {
        "seat": ["Islington North"],
        "prefer": ["Lab"],
        "election": ["next"],
        "poll": [POLL],
        "model": ["uniform"],
    }
    assert client.get(href).json() == client.get("/api/advice", params=params).json()


def test_a_half_filled_advice_form_says_what_is_missing(client: TestClient) -> None:
    no_place = client.get("/advice", params={"prefer": "Lab", "seat": "", "postcode": ""})
    assert no_place.status_code == 422
    assert "Give your seat or postcode" in no_place.text and 'id="advice-error"' in no_place.text
    no_party = client.get("/advice", params={"seat": "Bath", "prefer": ""})
    assert no_party.status_code == 422 and "Parties you would vote for, best first" in no_party.text
    assert client.get("/advice").status_code == 200  # untouched: no message
    api = client.get("/api/advice", params={"prefer": "Lab"})
    assert api.status_code == 422 and "Give your seat or postcode" in api.json()["detail"]


def test_an_empty_preference_list_is_told_in_the_forms_words(client: TestClient) -> None:
    """A list of no party, empty or commas alone, gets one message on the page and from its
    twin: the command's refusal with its example in the form's words (the box, not the
    command's --prefer, which a web user has no use for), where "," named --prefer and ""
    had a message of its own."""
    told = (
        "The preference list is empty; give at least one party in the box Parties you would "
        "vote for, best first, e.g. Green,Lab."
    )
    for prefer in ("", ",", " , "):
        params = {"seat": "Hampstead and Highgate", "prefer": prefer}
        twin = client.get("/api/advice", params=params)
        assert twin.status_code in (400, 422) and twin.json() == {"detail": told}
        page = client.get("/advice", params=params)
        shown = unescape(page.text.split('id="advice-error"')[1].split("</p>")[0])
        assert page.status_code == twin.status_code and shown.endswith(told)


def test_a_party_named_as_another_year_named_it_is_noted_on_the_advice_page(
    client: TestClient,
) -> None:
    """The poll is read against the advice's election, so its note for a renamed party
    reaches the page, as ``psephos advise --poll`` prints it."""
    params = {"seat": "Bath", "prefer": "LD,Lab", "poll": POLL.replace("Reform", "Brexit Party")}
    page = client.get("/advice", params=params)
    assert page.status_code == 200, page.text
    assert "Brexit Party read as Reform UK (the same party)." in unescape(page.text)
    plain = client.get("/advice", params={**params, "poll": POLL})  # the same key, cached
    assert "read as Reform UK" not in unescape(plain.text)


def test_the_advice_quotes_the_poll_largest_share_first_however_it_was_typed(
    client: TestClient,
) -> None:
    """The advice quotes the poll as the site lists parties, largest share first (it was
    quoted in alphabetical order: 'Con 22 Green 9 LD 13 Lab 30 Reform 20'); the same poll
    typed in another order is the same question, answered alike."""
    quoted = "'Lab 30 Con 22 Reform 20 LD 13 Green 9'"
    typed = "Green 9 LD 13 Reform 20 Con 22 Lab 30"
    for poll in (POLL, typed):
        params = {"seat": "Bath", "prefer": "LD,Lab", "poll": poll}
        page = unescape(client.get("/advice", params=params).text)
        assert f"projected to the poll {quoted}" in page, poll
        assert quoted in client.get("/api/advice", params=params).json()["source"]


@pytest.mark.parametrize("election", ["2017", "2019", "2024"])
def test_advice_before_polling_day_offers_no_poll_box_and_refuses_a_poll_as_the_command(
    client: TestClient, election: str
) -> None:
    """Advice as before 2017, 2019 or 2024 projects that election's own final polls, so the
    form leaves out the poll box (and its model menu) that it would refuse, saying why; a
    poll sent anyway gets the command's refusal."""
    page = client.get("/advice", params={"election": election})
    assert page.status_code == 200
    assert 'name="poll"' not in page.text and 'name="model"' not in page.text
    note = re.search(r'id="advice-no-poll">([^<]+)<', page.text)
    assert note is not None and "final polls" in note.group(1) and election in note.group(1)
    params = {"seat": "Bath", "prefer": "LD", "election": election, "poll": POLL}
    refused = client.get("/api/advice", params=params)
    assert refused.status_code >= 400
    command = CliRunner().invoke(
        cli_app, ["advise", "Bath", "--prefer", "LD", "--election", election, "--poll", POLL]
    )
    assert command.exit_code != 0
    message = unescape(refused.json()["detail"])
    assert message in " ".join(command.output.split())
    assert f"advice for {election} uses its final polls" in message


@pytest.mark.parametrize("election", ["next", "2015", "2019-notional-2024", "canada-2021"])
def test_advice_on_a_result_offers_the_poll_box(client: TestClient, election: str) -> None:
    page = client.get("/advice", params={"election": election})
    assert page.status_code == 200
    assert 'name="poll"' in page.text and 'id="advice-no-poll"' not in page.text
