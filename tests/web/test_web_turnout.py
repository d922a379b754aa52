"""Turnout scenario page and its JSON twin take what ``psephos turnout`` takes
(:func:`psephos.targeting.turnout.turnout_report`) and answer as the command does."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import page_error

from psephos.cli import app as cli


def _turnout(*args: str) -> tuple[dict[str, Any], str]:
    """``psephos turnout ... --format json``: the JSON, and the notes printed on stderr."""
    command = CliRunner().invoke(cli, ["turnout", *args, "--format", "json"])
    assert command.exit_code == 0, command.output
    payload: dict[str, Any] = json.loads(command.stdout)
    return payload, command.stderr


def _same_as_command(body: dict[str, Any], expected: dict[str, Any]) -> None:
    assert {key: body[key] for key in expected} == expected


def test_turnout_twin_answers_as_the_command(client: TestClient) -> None:
    """Group, change, split, adult share and a comparison with the real next election."""
    expected, _ = _turnout(
        "2015",
        "--group",
        "18-24",
        "--change",
        "16",
        "--split",
        "Lab=50,Con=20,Green=15,LD=10",
        "--adult-share",
        "0.8",
        "--compare",
        "2017",
    )
    params = {
        "election": "2015",
        "group": "18-24",
        "change": "16",
        "split": "Lab=50,Con=20,Green=15,LD=10",
        "adult_share": "0.8",
        "compare": "2017",
    }
    body = client.get("/api/turnout", params=params).json()
    _same_as_command(body, expected)
    assert expected["rows"] and expected["compare"]["election"] == "2017"
    page = client.get("/turnout", params=params)
    assert page.status_code == 200 and 'id="turnout-flips"' in page.text
    assert expected["rows"][0]["name"] in page.text
    assert body["headline"][-1] in page.text and "Against 2017" in body["headline"][-1]
    # who has a majority after the change, as the command says it
    assert body["headline"][1].startswith("After the change, ") and body["headline"][1] in page.text
    assert "compare=2017" in page.text  # the JSON twin asks the same question


def test_turnout_on_a_poll_and_a_bundled_years_split(client: TestClient) -> None:
    poll = "Lab 30 Con 20 Reform 25 LD 12 Green 8"
    expected, notes = _turnout(
        "2019", "--group", "65+", "--change", "-5", "--split-from", "2017", "--poll", poll
    )
    params = {
        "election": "2019",
        "group": "65+",
        "change": "-5",
        "split_from": "2017",
        "poll": poll,
    }
    body = client.get("/api/turnout", params=params).json()
    _same_as_command(body, expected)
    assert body["projection"] is not None and body["split"] == expected["split"]
    assert body["notes"] and all(f"note: {note}" in notes for note in body["notes"])
    page = client.get("/turnout", params=params)
    assert page.status_code == 200 and body["notes"][0] in page.text


def test_a_poll_on_the_default_election_says_why_it_is_not_the_latest(
    client: TestClient,
) -> None:
    """No election named: the latest result (2024) has no bundled age split, so the poll is
    projected from 2019, and a note says so and how to project from 2024 (its split), on
    the command line and the web alike; naming 2019, or giving no poll, says nothing of it."""
    poll = "Lab 38 Con 20 Reform 17 LD 12 Green 7 SNP 3"
    expected, notes = _turnout("--change", "10", "--poll", poll)
    said = [note for note in expected["notes"] if "latest with a bundled age split" in note]
    assert len(said) == 1 and "2019" in said[0] and "2024" in said[0] and "--split" in said[0]
    assert f"note: {said[0]}" in notes
    assert (
        expected["projection"]["seats"]
        == _turnout("2019", "--change", "10", "--poll", poll)[0]["projection"]["seats"]
    )
    body = client.get("/api/turnout", params={"change": "10", "poll": poll}).json()
    assert said[0] in body["notes"]
    for args in (["2019", "--change", "10", "--poll", poll], ["--change", "10"]):
        answer, printed = _turnout(*args)
        assert not [n for n in answer["notes"] if "bundled age split" in n]
        assert "bundled age split" not in printed
    named = client.get("/api/turnout", params={"election": "2019", "change": "10", "poll": poll})
    assert not [n for n in named.json()["notes"] if "bundled age split" in n]


def test_turnout_page_without_a_change_shows_the_form(client: TestClient) -> None:
    page = client.get("/turnout")
    assert page.status_code == 200 and 'id="turnout-form"' in page.text
    assert 'href="/turnout"' in page.text  # in the navigation
    assert client.get("/api/turnout").status_code == 422  # the change is required, as --change
    blank = client.get("/turnout", params={"election": "2019", "change": ""})  # a blank form
    assert blank.status_code == 200 and 'id="turnout-flips"' not in blank.text


def test_turnout_page_with_its_defaults_answers_as_the_command_s_default(
    client: TestClient,
) -> None:
    """The form as it opens, with only a change typed in, gives an answer (not "no bundled
    split"): the one ``psephos turnout`` gives without an election."""
    expected, _ = _turnout("--change", "10")
    form = client.get("/turnout").text
    chosen = re.search(r'<option value="([^"]+)" selected>', form)
    assert chosen is not None and chosen.group(1) == expected["election"]
    page = client.get("/turnout", params={"change": "10"})
    assert page.status_code == 200 and 'id="turnout-error"' not in page.text
    assert 'id="turnout-title"' in page.text
    _same_as_command(client.get("/api/turnout", params={"change": "10"}).json(), expected)


def test_the_election_menu_says_which_elections_have_a_bundled_split(client: TestClient) -> None:
    """Each election sits under the age groups of its bundled split, which answer without a
    split given; those under "No bundled split" are refused until one is."""
    form = client.get("/turnout").text
    menu = form[form.index('<select name="election">') : form.index("</select>")]
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', menu, re.S)
    assert len(groups) >= 2
    for label, options in groups:
        for election in re.findall(r'<option value="([^"]+)"', options):
            for group in ("18-24", "65+"):
                params = {"election": election, "group": group, "change": "5"}
                answer = client.get("/api/turnout", params=params)
                bundled = label.startswith("Bundled split for") and group in label
                assert answer.status_code == (200 if bundled else 400), (election, group)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"election": "2024", "change": "10"}, "No bundled 18-24 vote split for election"),
        ({"split_from": "2005", "change": "10"}, "No bundled split for '2005'"),
        ({"split": "Lab=80,Con=30", "change": "10"}, "sum to 110.0%, above 100%"),
        ({"split": "Lab=62", "split_from": "2017", "change": "10"}, "not both"),
        ({"split": "Lab=-10", "change": "10"}, "Lab -10 in split 'Lab=-10'"),
        ({"election": "canada-2021", "change": "10"}, "Canada"),
        ({"compare": "2024", "change": "10"}, "not on 2019's boundaries"),
    ],
)
def test_turnout_refuses_what_the_command_refuses(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    answer = client.get("/api/turnout", params={"election": "2019", **params})
    assert answer.status_code == 400 and message in answer.json()["detail"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        # an election without a bundled split (2024) and no split given
        ({"election": "2024", "group": "18-24", "change": "10", "adult_share": "0.78"}, 400),
        ({"election": "2019", "split": "Lab=50,Foo=20", "change": "10"}, 404),
        ({"election": "2019", "poll": "Lab 30 Con", "change": "-5"}, 400),
        # a country without census age groups: the library's refusal, as the command's
        ({"election": "canada-2021", "change": "10"}, 400),
    ],
)
def test_turnout_page_says_a_refusal_above_the_form_it_keeps(
    client: TestClient, params: dict[str, str], status: int
) -> None:
    """An input the library refuses is said above the form as an alert, as the other pages say
    it, with the JSON twin's status and message, and the form keeps what was typed (not an
    error page without the form)."""
    twin = client.get("/api/turnout", params=params)
    page = client.get("/turnout", params=params)
    assert twin.status_code == page.status_code == status
    assert page_error(page.text, "turnout") == twin.json()["detail"]
    assert page.text.index('id="turnout-error"') < page.text.index('id="turnout-form"')
    assert f'step="any" required value="{params["change"]}"' in page.text  # the change box
    for name in ("split", "poll"):
        if name in params:
            assert f'name="{name}" value="{html.escape(params[name])}"' in page.text


@pytest.mark.parametrize(
    "election",
    [
        "canada-2021",  # a country without census age groups
        "ca2021",  # the same, as an alias
        "1997",  # not bundled
    ],
)
def test_turnout_page_refuses_an_election_it_cannot_take_before_a_change(
    client: TestClient, election: str
) -> None:
    """An election the command cannot take is refused as the form opens, not once a change is
    given (the menu, which lists none such, would otherwise send another election next): the
    library's message above the form, with the status the page gives with a change."""
    with_change = client.get("/turnout", params={"election": election, "change": "10"})
    page = client.get("/turnout", params={"election": election})
    assert page.status_code == with_change.status_code >= 400
    twin = client.get("/api/turnout", params={"election": election, "change": "10"})
    assert page_error(page.text, "turnout") == twin.json()["detail"]
    assert page.text.index('id="turnout-error"') < page.text.index('id="turnout-form"')


def test_turnout_form_opens_with_a_change_to_recount(client: TestClient) -> None:
    """The opening page's change box holds a change (10 points), so pressing Recount answers
    at once; a grey placeholder looked like a default but the box was empty and required."""
    page = client.get("/turnout")
    assert page.status_code == 200 and 'id="turnout-title"' not in page.text
    (box,) = re.findall(r'<input name="change"[^>]*>', page.text)
    assert 'value="10"' in box and "placeholder" not in box
    answered = client.get("/turnout", params={"change": "10"})
    assert answered.status_code == 200 and 'id="turnout-title"' in answered.text
    asked = client.get("/turnout", params={"change": "-5"})
    (kept,) = re.findall(r'<input name="change"[^>]*>', asked.text)
    assert 'value="-5"' in kept


@pytest.mark.parametrize("adult_share", ["1e-300", "0.49", "1.5"])
def test_an_adult_share_outside_its_range_is_refused_as_the_command_refuses_it(
    client: TestClient, adult_share: str
) -> None:
    """A share of residents aged 18+ outside 0.5 to 1 (1e-300 overflowed in the library) is
    refused by the schema, and by the command, and the form's box offers only that range."""
    params = {"election": "2019", "change": "10", "adult_share": adult_share}
    answer = client.get("/api/turnout", params=params)
    assert answer.status_code == 422, answer.text
    (problem,) = answer.json()["detail"]
    assert problem["field"] == "adult_share" and "0.5" in problem["message"]
    command = CliRunner().invoke(
        cli, ["turnout", "2019", "--change", "10", "--adult-share", adult_share]
    )
    assert command.exit_code == 2
    assert "from 0.5 to 1" in command.stderr
    form = client.get("/turnout", params={"election": "2019"}).text
    box = re.search(r'<input name="adult_share"[^>]*>', form)
    assert box is not None and 'min="0.5" max="1"' in box[0]


def test_the_house_after_no_change_is_the_real_one(client: TestClient) -> None:
    """/api/turnout on 2024 with no change says Labour's real 411 seats (it said 409: two seats
    given to the summed votes of separate Independents), as ``psephos turnout`` does."""
    params = {"election": "2024", "change": "0", "split": "Lab=41,Green=18,LD=16,Con=8,Reform=9"}
    body = client.get("/api/turnout", params=params).json()
    assert body["rows"] == [] and body["seat_change"] == {}
    assert body["headline"][1].startswith("After the change, Lab, with 411 seats: ")


def test_the_twin_has_the_keys_docs_web_names(client: TestClient) -> None:
    """docs/web.md named a ``lines`` field that ``/api/turnout`` never had (its sentences are
    ``headline``, as the command's JSON names them): every key the page's row names in its
    JSON column is in the answer, which is the command's JSON with ``title`` and ``name``."""
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs" / "web.md"
    row = next(
        line for line in docs.read_text("utf-8").splitlines() if line.startswith("| `/turnout`")
    )
    twin = row.split(" | ")[1]
    named = set(re.findall(r"`([a-z_]+)`", twin)) - {"change"}  # the one required parameter
    body = client.get("/api/turnout", params={"election": "2019", "change": "10"}).json()
    assert named and named <= set(body), named - set(body)
    expected, _ = _turnout("2019", "--change", "10")
    _same_as_command(body, expected)
    assert set(body) - set(expected) == {"title", "name"}


def test_turnout_page_notes_the_split_is_great_britains_and_labels_its_codes(
    client: TestClient,
) -> None:
    """The page and its twin carry the command's note that one split of Great Britain's voters
    is applied in Scotland and Wales, and each party code's label in the election."""
    params = {"election": "2017", "group": "18-24", "change": "10"}
    body = client.get("/api/turnout", params=params).json()
    (note,) = [note for note in body["notes"] if "applied alike in every seat" in note]
    assert "SNP (59 seats in Scotland)" in note
    assert body["labels"]["Reform"] == "UKIP"
    page = client.get("/turnout", params=params)
    assert note in html.unescape(page.text)
