"""Area shares (sub-polls) on the swingometer and forecast pages and their JSON twins: the text
of a ``--by-region`` file, read by its one reader and projected by the command's function, so
a page gives the seats, forecast and notes ``psephos project|forecast --by-region`` gives."""

from __future__ import annotations

import html
import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from typer.testing import CliRunner

import psephos
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
    result = CliRunner().invoke(
        cli, [name, "--from", "2024", "--by-region", str(path), *args, "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


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
    assert client.get(html.unescape(twin.group(1))).json() == body  # the same forecast


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
