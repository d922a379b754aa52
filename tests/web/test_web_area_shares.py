"""Area shares (sub-polls) on the swingometer and forecast pages and their JSON twins: the text
of a ``--by-region`` file, read by its one reader and projected by the command's function, so
a page gives the seats, forecast and notes ``psephos project|forecast --by-region`` gives."""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from typer.testing import CliRunner
from web_helpers import page_token

import psephos
from cli_helpers import command_json
from psephos.cli import app as cli
from psephos.errors import PsephosError
from psephos.io.shares import parse_area_shares
from psephos.numbers import format_number
from psephos.projection import project
from psephos.web.context import page_message
from psephos.web.routes.forecast import N_SIMS
from psephos.web.schemas import MAX_AREA_SHARES

POLL = "Lab 30 Con 20 Reform 25 LD 12 Green 8"
SCOTLAND = (
    "area,party,share\nScotland,SNP,34\nScotland,Lab,30\nScotland,Con,12\nScotland,Reform,10\n"
)
#: Every nation of Great Britain, wide, tab-separated (as pasted from a spreadsheet): no poll
#: needed: a model that swings Great Britain as one makes its shares from them.
NATIONS = (
    "nation\tLab\tCon\tReform\tLD\tGreen\tSNP\tPC\n"
    "England\t31\t22\t26\t13\t8\t\t\n"
    "Scotland\t30\t12\t10\t8\t5\t34\t\n"
    "Wales\t33\t15\t24\t6\t5\t\t15\n"
)


def command(tmp_path: Path, name: str, areas: str, *args: str) -> dict[str, Any]:
    """What ``psephos <name> --by-region FILE`` prints as JSON for ``areas`` in a file."""
    path = tmp_path / "areas.csv"
    path.write_text(areas, encoding="utf-8")
    return command_json(name, "--from", "2024", "--by-region", str(path), *args)


def library_refusal(areas: str) -> str:
    """The library's refusal of ``areas`` beside :data:`POLL` (read, then projected from
    2024), as the web says it (:func:`psephos.web.context.page_message`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            project(psephos.load("2024"), POLL, areas=parse_area_shares(areas))
        except PsephosError as error:
            return page_message(error)
    raise AssertionError(f"{areas!r} was not refused")


def page_seats(page: str) -> dict[str, int]:
    """The swingometer page's projected seats, by party label."""
    table = page.split('id="swing-seats"')[1].split("</table>")[0]
    rows = re.findall(r"</svg>([^<]+)</td><td class=\"num\">(\d+)</td>", table)
    return {html.unescape(label): int(seats) for label, seats in rows}


@pytest.mark.parametrize(
    ("areas", "poll", "model"),
    [
        (SCOTLAND, POLL, "national"),
        (SCOTLAND, POLL, "nation-uniform"),
        (NATIONS, None, "uniform"),
    ],
    ids=["scotland", "scotland-nation-uniform", "every-nation-no-poll"],
)
def test_the_swingometer_projects_area_shares_as_the_command_does(
    client: TestClient, tmp_path: Path, areas: str, poll: str | None, model: str | None
) -> None:
    options = [*(["--poll", poll] if poll else []), *(["--model", model] if model else [])]
    expected = command(tmp_path, "project", areas, *options)
    params = {"base": "2024", "areas": areas, **({"poll": poll} if poll else {})}
    params |= {"model": model} if model else {}
    twin = client.get("/api/swingometer", params=params)
    assert twin.status_code == 200, twin.text
    body = twin.json()
    assert {row["party"]: row["seats"] for row in body["seats"] if row["seats"]} == (
        expected["seats"]
    )
    assert body["notes"] == expected["notes"]
    assert body["areas"] == parse_area_shares(areas)
    page = client.get("/swingometer", params=params)
    assert page.status_code == 200
    labels = {row["party_label"]: row["seats"] for row in body["seats"]}
    assert page_seats(page.text) == labels
    text = html.unescape(page.text)
    assert all(note in text for note in expected["notes"])
    assert escape(areas) in page.text  # kept in its box


def test_a_sub_poll_moves_seats_and_every_nations_shares_make_great_britains(
    client: TestClient,
) -> None:
    """The area shares are used (Scotland's SNP share moves Scottish seats), and rows for every
    nation project without a poll, with the note saying how Great Britain's were made."""
    alone = client.get("/api/swingometer", params={"poll": POLL}).json()
    scottish = client.get("/api/swingometer", params={"poll": POLL, "areas": SCOTLAND}).json()
    snp = {
        name: next(row["seats"] for row in answer["seats"] if row["party"] == "SNP")
        for name, answer in (("alone", alone), ("scottish", scottish))
    }
    assert snp["scottish"] != snp["alone"]
    nations = client.get("/api/swingometer", params={"areas": NATIONS, "model": "uniform"}).json()
    assert any(
        note.startswith("The Great Britain shares are made from") for note in nations["notes"]
    )


def test_the_forecast_page_and_twin_forecast_area_shares_as_the_command_does(
    client: TestClient, tmp_path: Path
) -> None:
    expected = command(
        tmp_path,
        "forecast",
        SCOTLAND,
        "--poll",
        POLL,
        "--sims",
        str(N_SIMS),
        "--seed",
        "20240704",
        "--threads",
        "1",
    )
    params = {"poll": POLL, "areas": SCOTLAND}
    body = client.get("/api/forecast", params=params).json()
    assert body["areas"] == parse_area_shares(SCOTLAND)
    assert body["model"] == expected["model"]
    assert {row["party"]: row["seats_mean"] for row in body["parties"]} == {
        row["party"]: round(row["seats_mean"], 1) for row in expected["rows"]
    }
    page = client.get("/forecast", params=params)
    assert page.status_code == 200
    assert "the area shares of Scotland" in page.text
    for row in body["parties"]:
        assert f"{row['low_90']}–{row['high_90']}" in page.text
    twin = re.search(r'href="(/api/forecast\?[^"]+)"', page.text)
    assert twin is not None
    # the same forecast, with the seat table's rows (the twin link asks for them)
    with_seats = client.get("/api/forecast", params={**params, "seats": "true"}).json()
    assert client.get(html.unescape(twin.group(1))).json() == with_seats


@pytest.mark.parametrize(
    "areas",
    [
        "area,party,share\nAtlantis,Lab,30\n",  # no such area
        "area,party,share\nQuebec,Lab,30\n",  # another country's
        "area,party,share\nScotland,SNP,lots\n",  # not a share
        "area,party,share\nScotland,SNP,80\nScotland,Lab,40\n",  # above 100%
        "place,SNP\nScotland,30\n",  # no area column
    ],
    ids=["unknown", "other-country", "bad-share", "above-100", "no-area-column"],
)
@pytest.mark.parametrize(
    ("path", "alert"),
    [
        ("/swingometer", 'id="swing-error" role="alert"'),
        ("/forecast", 'id="forecast-error" role="alert"'),
    ],
)
def test_refused_area_shares_are_said_above_the_form_as_the_twin_refuses_them(
    client: TestClient, path: str, alert: str, areas: str
) -> None:
    params = {"base": "2024", "poll": POLL, "areas": areas}
    twin = client.get(f"/api{path}", params=params)
    assert twin.status_code == 400
    assert twin.json() == {"detail": library_refusal(areas)}
    page = client.get(path, params=params)
    assert page.status_code == 400
    assert alert in page.text
    error = page.text.split(alert)[1].split("</p>")[0]
    assert escape(twin.json()["detail"]) in error
    assert f">{escape(areas)}</textarea>" in page.text  # left in its box to correct


@pytest.mark.parametrize("path", ["/api/swingometer", "/api/forecast"])
def test_area_shares_longer_than_the_box_takes_are_refused_in_words(
    client: TestClient, path: str
) -> None:
    too_long = SCOTLAND + "#" * MAX_AREA_SHARES
    answer = client.get(path, params={"poll": POLL, "areas": too_long})
    assert answer.status_code == 422
    limit = format_number(MAX_AREA_SHARES, ",")
    assert answer.json()["detail"] == [
        {"field": "areas", "label": "Area shares", "message": f"use at most {limit} characters"}
    ]


def test_the_swingometer_csv_carries_the_area_shares(client: TestClient, tmp_path: Path) -> None:
    """The swingometer's every-seat download projects the area shares with the poll, the file
    ``psephos project --by-region FILE --all-seats --format csv`` writes."""
    path = tmp_path / "areas.csv"
    path.write_text(SCOTLAND, encoding="utf-8")
    arguments = ["project", "--from", "2024", "--poll", POLL, "--by-region", str(path)]
    result = CliRunner().invoke(cli, [*arguments, "--all-seats", "--format", "csv"])
    assert result.exit_code == 0, result.output
    params = {"base": "2024", "poll": POLL, "areas": SCOTLAND, "format": "csv"}
    download = client.get("/api/swingometer", params=params)
    assert download.status_code == 200, download.text
    assert download.text == result.stdout
    without = client.get("/api/swingometer", params={**params, "areas": ""})
    assert without.text != download.text  # the Scottish poll moved seats


#: A poll table: two polls in its final week.
POLL_TABLE = (
    "date,pollster,Con,Lab,LD,Green,Reform,SNP\n"
    "2024-07-02,Alpha,20,40,11,7,16,3\n"
    "2024-07-03,Beta,22,38,12,7,15,3\n"
)


def _table_mean(client: TestClient) -> str:
    """The poll table's mean as the typed poll it is projected as (``/api/poll-average``)."""
    files = {"poll_file": ("polls.csv", POLL_TABLE.encode(), "text/csv")}
    answer = client.post("/api/poll-average", data={"base": "2024"}, files=files)
    assert answer.status_code == 200, answer.text
    poll: str = answer.json()["poll"]
    return poll


def _twin_of(client: TestClient, page: str) -> dict[str, Any]:
    href = html.unescape(page.split('<p class="twin">JSON: <a href="')[1].split('"')[0])
    answer = client.get(href)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


@pytest.mark.parametrize("model", ["national", "nation-uniform"])
def test_a_poll_table_and_area_shares_project_as_the_mean_typed_in_beside_them(
    client: TestClient, model: str
) -> None:
    """The swingometer's poll table form takes area shares: the page is the GET page with
    the table's mean typed in as the poll and the same area shares."""
    typed = {"base": "2024", "poll": _table_mean(client), "areas": SCOTLAND, "model": model}
    expected = client.get("/api/swingometer", params=typed).json()
    page = client.post(
        "/swingometer",
        data={"csrf_token": page_token(client, "/swingometer"), "base": "2024", "model": model}
        | {"areas": SCOTLAND},
        files={"poll_file": ("polls.csv", POLL_TABLE.encode(), "text/csv")},
    )
    assert page.status_code == 200, page.text
    assert page_seats(page.text) == {row["party_label"]: row["seats"] for row in expected["seats"]}
    assert all(note in html.unescape(page.text) for note in expected["notes"])
    assert _twin_of(client, page.text) == expected  # its link runs the same projection
    typed_page = client.get("/swingometer", params=typed).text
    assert page_seats(typed_page) == page_seats(page.text)
    main_form, upload_form = page.text.split('id="poll-table-form"')
    assert f">{escape(SCOTLAND)}</textarea>" in main_form  # kept in the page's one box
    upload_form = upload_form.split("</form>")[0]
    assert f'name="areas" value="{escape(SCOTLAND)}"' in upload_form  # and carried to a new table


def test_the_forecast_page_forecasts_a_poll_table_beside_area_shares(client: TestClient) -> None:
    typed = {"base": "2024", "poll": _table_mean(client), "areas": SCOTLAND, "model": "national"}
    # the seat table's rows too: the twin link asks for them
    expected = client.get("/api/forecast", params={**typed, "seats": "true"}).json()
    page = client.post(
        "/forecast",
        data={"csrf_token": page_token(client, "/forecast"), "base": "2024", "model": "national"}
        | {"areas": SCOTLAND},
        files={"poll_file": ("polls.csv", POLL_TABLE.encode(), "text/csv")},
    )
    assert page.status_code == 200, page.text
    assert _twin_of(client, page.text) == expected
    assert "the area shares of Scotland" in page.text
    for row in expected["parties"]:
        assert f"{row['low_90']}–{row['high_90']}" in page.text


@pytest.mark.parametrize("path", ["/swingometer", "/forecast"])
def test_area_shares_refused_beside_a_poll_table_are_said_on_the_page(
    client: TestClient, path: str
) -> None:
    areas = "area,party,share\nAtlantis,Lab,30\n"
    page = client.post(
        path,
        data={"csrf_token": page_token(client, path), "base": "2024", "areas": areas},
        files={"poll_file": ("polls.csv", POLL_TABLE.encode(), "text/csv")},
    )
    assert page.status_code == 400  # as the twin's for the same area shares
    assert escape(library_refusal(areas)) in page.text
    assert f">{escape(areas)}</textarea>" in page.text  # left in its box to correct


def _sliders(page: str) -> dict[str, str]:
    """The swingometer's sliders as the page sets them: party -> value."""
    form = page.split('id="swing-form"')[1].split("</form>")[0]
    return dict(re.findall(r'<input type="range" name="([^"]+)"[^>]* value="([^"]*)"', form))


@pytest.mark.parametrize("model", ["uniform", "nation-uniform", "national"])
@pytest.mark.parametrize(
    "areas",
    [NATIONS, "area,Lab,Con,Reform,LD\nGB,33,21,19,12\n"],
    ids=["every-nation", "great-britain-row"],
)
def test_area_shares_covering_great_britain_decide_and_the_sliders_show_their_total(
    client: TestClient, model: str, areas: str
) -> None:
    """The page always sends its sliders; where the area shares give Great Britain's shares on
    their own, they decide: the page and its twin project the area shares alone (as the
    command does without --poll), say so, and set the sliders to the shares they make."""
    alone = client.get("/api/swingometer", params={"areas": areas, "model": model})
    if alone.status_code != 200:  # the model's own rule (national: no England), poll or not
        assert (model, alone.status_code) == ("national", 400)
        assert "takes sub-polls for regions" in alone.json()["detail"]
        return
    expected = alone.json()
    assert expected["areas_decide"] is True  # no sliders sent: the command's own projection
    moved = {"Lab": "45", "Con": "10", "Reform": "5", "LD": "20", "Green": "10"}
    params = {"base": "2024", "model": model, "areas": areas, **moved}
    twin = client.get("/api/swingometer", params=params).json()
    assert twin["areas_decide"] is True
    assert twin["seats"] == expected["seats"] and twin["notes"] == expected["notes"]
    assert not any("were not used" in note for note in twin["notes"])
    page = client.get("/swingometer", params=params)
    assert page.status_code == 200, page.text
    assert page_seats(page.text) == {row["party_label"]: row["seats"] for row in twin["seats"]}
    assert 'id="areas-decide"' in page.text
    assert _sliders(page.text) == {party: str(v) for party, v in expected["shares_pct"].items()}
    assert _twin_of(client, page.text)["seats"] == twin["seats"]


def test_sliders_beside_area_shares_of_part_of_great_britain_are_the_poll(
    client: TestClient,
) -> None:
    """Area shares that leave part of Great Britain out need a poll: the sliders are it, and
    a poll typed in is a poll even beside area shares covering Great Britain."""
    sliders = {"Lab": 30.0, "Con": 20.0, "Reform": 25.0, "LD": 12.0, "Green": 8.0}
    params = {"base": "2024", "model": "nation-uniform", "areas": SCOTLAND}
    from_sliders = client.get("/api/swingometer", params=params | sliders).json()
    typed = client.get("/api/swingometer", params=params | {"poll": POLL}).json()
    assert from_sliders["areas_decide"] is False
    assert from_sliders["seats"] == typed["seats"]
    page = client.get("/swingometer", params=params | sliders).text
    assert 'id="areas-decide"' not in page
    poll_typed = client.get("/api/swingometer", params=params | {"poll": POLL, "areas": NATIONS})
    body = poll_typed.json()
    assert body["areas_decide"] is False
    assert any(
        note.startswith("The Great Britain shares (the poll) were not used")
        for note in body["notes"]
    )


@pytest.mark.parametrize("path", ["/swingometer", "/forecast"])
def test_a_poll_table_form_refuses_area_shares_longer_than_its_box_in_words(
    client: TestClient, path: str
) -> None:
    too_long = SCOTLAND + "#" * MAX_AREA_SHARES
    page = client.post(
        path,
        data={"csrf_token": page_token(client, path), "areas": too_long},
        files={"poll_file": ("polls.csv", POLL_TABLE.encode(), "text/csv")},
        headers={"Referer": f"http://testserver{path}"},
    )
    assert page.status_code == 422
    assert f"use at most {format_number(MAX_AREA_SHARES, ',')} characters" in page.text


def _save_form(page: str) -> dict[str, str]:
    """The swingometer's "save scenario" form's hidden fields, as a browser sends them."""
    form = page.split('id="save-scenario"')[1].split("</form>")[0]
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    return {name: html.unescape(value) for name, value in hidden}


@pytest.mark.parametrize(
    ("areas", "model"),
    [(SCOTLAND, "national"), (SCOTLAND, "nation-uniform"), (NATIONS, "uniform")],
    ids=["scotland", "scotland-nation-uniform", "every-nation"],
)
@pytest.mark.storage
def test_a_saved_scenario_keeps_its_area_shares_and_projects_to_the_page_s_seats(
    client: TestClient, areas: str, model: str
) -> None:
    """The swingometer's "save" keeps the area shares beside the poll: the shared page shows
    them, its twin gives them, and its swingometer link projects to the seats of the page
    that saved it."""
    sliders = {"Lab": "30", "Con": "20", "Reform": "25", "LD": "12", "Green": "8"}
    params = {"base": "2024", "model": model, "areas": areas, **sliders}
    page = client.get("/swingometer", params=params).text
    fields = _save_form(page)
    assert fields["areas"] == areas
    saved = client.post(
        "/scenarios", data={**fields, "title": "With a sub-poll"}, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text
    shared = client.get(saved.headers["location"]).text
    table = shared.split('id="scenario-areas"')[1].split("</table>")[0]
    for area, shares in parse_area_shares(areas).items():
        row = table.split(f"<td>{area}</td>")[1].split("</tr>")[0]
        assert all(
            f"{party} {format_number(share, '.1f')}" in row for party, share in shares.items()
        )
    twin = client.get("/api" + saved.headers["location"].replace("/s/", "/scenarios/")).json()
    assert twin["payload"]["areas"] == areas
    link = re.search(r'href="([^"]+)" id="open-swingometer"', shared)
    assert link is not None
    reopened = client.get(html.unescape(link.group(1)))
    assert reopened.status_code == 200
    assert page_seats(reopened.text) == page_seats(page)


@pytest.mark.parametrize(
    "typed",
    ["Lab 20 Con 40 Reform 10 LD 10 Green 5", "Lab 20 Con 40 Reform 10 LD 10 Green 0"],
    ids=["poll", "a-party-at-zero"],
)
@pytest.mark.parametrize("areas", [NATIONS, None], ids=["every-nation", "no-areas"])
@pytest.mark.parametrize("model", ["uniform", "proportional"])
@pytest.mark.storage
def test_a_saved_typed_poll_beside_covering_area_shares_reopens_as_the_poll(
    client: TestClient, model: str, typed: str, areas: str | None
) -> None:
    """A poll typed in stays a poll beside area shares covering Great Britain, so its saved
    scenario reopens as that poll typed in (not as sliders, which the area shares would set
    aside; a party typed at zero kept at zero, not filled), to the seats of the page that
    saved it, with area shares or without."""
    params = {"base": "2024", "model": model, "poll": typed, **({"areas": areas} if areas else {})}
    page = client.get("/swingometer", params=params).text
    assert 'id="areas-decide"' not in page
    fields = _save_form(page)
    assert fields["typed_poll"] == "true"
    saved = client.post(
        "/scenarios", data={**fields, "title": "Typed beside nations"}, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text
    shared = client.get(saved.headers["location"]).text
    twin = client.get("/api" + saved.headers["location"].replace("/s/", "/scenarios/")).json()
    assert twin["payload"]["typed_poll"] is True
    link = re.search(r'href="([^"]+)" id="open-swingometer"', shared)
    assert link is not None
    reopened = client.get(html.unescape(link.group(1)))
    assert reopened.status_code == 200
    assert 'id="areas-decide"' not in reopened.text
    assert page_seats(reopened.text) == page_seats(page)
    if areas:  # what a link with the sliders would have reopened to
        without_poll = {name: value for name, value in params.items() if name != "poll"}
        sliders = client.get("/api/swingometer", params={**without_poll, **_sliders(page)})
        assert sliders.json()["areas_decide"] is True


@pytest.mark.parametrize(
    ("base", "typed"),
    [
        ("2024", "Lab 35 Con 24 Reform 15 LD 12 Green 7 Ind 5"),
        ("canada-2021", "LPC 33 CPC 31 NDP 17 BQ 7 Ind 4"),
    ],
    ids=["uk", "canada"],
)
@pytest.mark.storage
def test_a_saved_typed_poll_keeps_a_party_the_form_has_no_field_for(
    client: TestClient, base: str, typed: str
) -> None:
    """A poll typed in naming a party the scenario form has no share field for (Independents)
    is saved with every party it names and reopens to the seats of the page that saved it."""
    page = client.get("/swingometer", params={"base": base, "model": "uniform", "poll": typed})
    assert page.status_code == 200
    saved = client.post(
        "/scenarios",
        data={**_save_form(page.text), "title": "With Independents"},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    twin = client.get("/api" + saved.headers["location"].replace("/s/", "/scenarios/")).json()
    words = typed.split()
    assert twin["payload"]["shares_pct"] == {
        party: float(share) for party, share in zip(words[::2], words[1::2], strict=True)
    }
    assert twin["payload"]["typed_poll"] is True
    shared = client.get(saved.headers["location"]).text
    link = re.search(r'href="([^"]+)" id="open-swingometer"', shared)
    assert link is not None
    reopened = client.get(html.unescape(link.group(1)))
    assert reopened.status_code == 200
    assert page_seats(reopened.text) == page_seats(page.text)


def test_the_scenario_form_takes_a_poll_or_party_fields_not_both(client: TestClient) -> None:
    page = client.get("/swingometer", params={"base": "2024", "poll": POLL}).text
    fields = {**_save_form(page), "title": "Both", "Lab": "30"}
    refused = client.post("/scenarios", data=fields, follow_redirects=False)
    assert refused.status_code == 422
    assert "give the poll or the party fields (Lab), not both" in html.unescape(refused.text)
    unread = {**_save_form(page), "title": "Unread", "poll": "Lab 30 Con"}
    refused = client.post("/scenarios", data=unread, follow_redirects=False)
    assert refused.status_code == 422
    assert "Cannot read poll 'Lab 30 Con'" in html.unescape(refused.text)


@pytest.mark.storage
def test_the_scenario_api_takes_typed_poll_as_true_or_false_only(client: TestClient) -> None:
    poll = {"election": "2024", "model": "uniform", "shares_pct": {"Lab": 20, "Con": 40}}
    payload = {**poll, "areas": NATIONS, "typed_poll": True}
    stored = client.post("/api/scenarios", json={"kind": "poll", "title": "t", "payload": payload})
    assert stored.status_code == 201, stored.text
    link = re.search(r'href="([^"]+)" id="open-swingometer"', client.get(stored.json()["url"]).text)
    assert link is not None and "poll=" in link.group(1)
    wrong = {**payload, "typed_poll": "yes"}
    refused = client.post("/api/scenarios", json={"kind": "poll", "title": "t", "payload": wrong})
    assert refused.status_code == 422
    problem = refused.json()["detail"][0]
    assert f"{problem['field']}: {problem['message']}".startswith("payload.typed_poll: give true")


@pytest.mark.storage
def test_the_scenario_api_stores_area_shares_it_can_reopen_and_refuses_others(
    client: TestClient,
) -> None:
    poll = {"election": "2024", "shares_pct": {"Lab": 30, "Con": 20, "Reform": 25}}
    scenario = {"kind": "poll", "title": "t", "payload": {**poll, "areas": SCOTLAND}}
    stored = client.post("/api/scenarios", json=scenario)
    assert stored.status_code == 201, stored.text
    assert 'id="scenario-areas"' in client.get(stored.json()["url"]).text
    old = client.post("/api/scenarios", json={**scenario, "payload": poll})  # none: as before
    assert 'id="scenario-areas"' not in client.get(old.json()["url"]).text
    unknown = "area,party,share\nAtlantis,Lab,30\n"
    for payload, message in [
        ({**poll, "areas": unknown}, library_refusal(unknown)),
        (
            {**poll, "areas": "place,SNP\nScotland,30\n"},
            library_refusal("place,SNP\nScotland,30\n"),
        ),
        ({**poll, "areas": {"Scotland": {"SNP": 30}}}, "give the area shares as the text"),
        ({"shares_pct": poll["shares_pct"], "areas": SCOTLAND}, "name the election"),
    ]:
        response = client.post("/api/scenarios", json={**scenario, "payload": payload})
        assert response.status_code == 422, payload
        problem = response.json()["detail"][0]
        assert f"{problem['field']}: {problem['message']}".startswith("payload.areas: ")
        assert message in problem["message"], (problem, message)


def test_the_swingometer_csv_sets_the_sliders_aside_as_the_page_does(
    client: TestClient, tmp_path: Path
) -> None:
    """Area shares covering Great Britain decide in the every-seat download as on the page:
    the sliders sent beside them are not projected as a poll."""
    path = tmp_path / "nations.csv"
    path.write_text(NATIONS, encoding="utf-8")
    arguments = ["project", "--from", "2024", "--by-region", str(path), "-m", "uniform"]
    result = CliRunner().invoke(cli, [*arguments, "--all-seats", "--format", "csv"])
    assert result.exit_code == 0, result.output
    params = {"base": "2024", "model": "uniform", "areas": NATIONS, "Lab": 20, "Con": 40}
    page = client.get("/api/swingometer", params=params)
    assert page.status_code == 200, page.text
    assert page.json()["areas_decide"] is True
    download = client.get("/api/swingometer", params={**params, "format": "csv"})
    assert download.status_code == 200, download.text
    assert download.text == result.stdout
