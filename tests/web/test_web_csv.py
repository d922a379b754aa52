"""``?format=csv`` on the JSON twins that list seats: the same file the command's ``--format
csv`` prints for the same question (one writer, :func:`psephos.io.export.csv_text`), as a
download, and a "Download ... as CSV" link beside each page's table."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from psephos.cli import app as cli_app

POLL = "Lab 35 Con 24 Reform 15 LD 12 Green 7"

#: (API path and query, the same question to the command line)
SAME_QUESTION = {
    "marginals": (
        "/api/marginals?" + urlencode({"election": "2019", "top": 15}),
        ["marginals", "2019", "--top", "15"],
    ),
    "projection": (
        "/api/swingometer?"
        + urlencode({"base": "2019-notional-2024", "poll": POLL, "model": "uniform"}),
        ["project", "--from", "2019-notional-2024", "--poll", POLL, "-m", "uniform", "--all-seats"],
    ),
    "targets": (
        "/api/targets?" + urlencode({"election": "2024", "attacker": "LD", "defender": "Con"}),
        ["target", "2024", "--pair", "LD,Con"],
    ),
    "tactical": (
        "/api/tactical?" + urlencode({"against": "Con", "bloc": "Lab,LD", "status": "target"}),
        ["tactical", "--against", "Con", "--bloc", "Lab,LD", "--status", "target"],
    ),
    # no bloc given: every other party on both sides (the SNP's picks in Scotland too)
    "tactical without a bloc": (
        "/api/tactical?" + urlencode({"against": "Con", "election": "2019", "status": "target"}),
        ["tactical", "--against", "Con", "--election", "2019", "--status", "target"],
    ),
}


def _command_csv(arguments: list[str]) -> str:
    result = CliRunner().invoke(cli_app, [*arguments, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return result.stdout


def _download(client: TestClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = response.headers["content-disposition"]
    assert re.fullmatch(r'attachment; filename="[A-Za-z0-9._-]+\.csv"', disposition), disposition
    return response.text


@pytest.mark.parametrize("question", sorted(SAME_QUESTION))
def test_the_download_is_the_commands_csv(client: TestClient, question: str) -> None:
    url, arguments = SAME_QUESTION[question]
    web = _download(client, url + "&format=csv")
    assert web == _command_csv(arguments)
    assert len(list(csv.DictReader(io.StringIO(web)))) > 0


def test_every_seats_result_is_every_seats_command_csv_joined(client: TestClient) -> None:
    """``/api/elections/{election}/seats``: one row per candidate of every seat, each seat's
    rows those of ``psephos results ELECTION --seat CODE --format csv``; the JSON twin holds
    the same rows."""
    text = _download(client, "/api/elections/2017/seats?format=csv")
    header, *lines = text.splitlines(keepends=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    codes = list(dict.fromkeys(row["seat_code"] for row in rows))
    assert len(codes) == client.get("/api/elections/2017").json()["summary"]["n_seats"]
    for code in (codes[0], codes[len(codes) // 2], codes[-1]):
        command = _command_csv(["results", "2017", "--seat", code])
        assert command.splitlines(keepends=True)[0] == header
        assert "".join(line for line in lines if line.startswith(code + ",")) == "".join(
            command.splitlines(keepends=True)[1:]
        )
    answer = client.get("/api/elections/2017/seats").json()
    assert answer["election"] == "2017" and answer["previous"] == "2015"
    as_text = [{k: "" if v is None else str(v) for k, v in row.items()} for row in answer["seats"]]
    assert as_text == rows


@pytest.mark.parametrize(
    "url",
    [
        "/api/marginals?format=xlsx",
        "/api/targets?format=xlsx",
        "/api/swingometer?format=xlsx",
        "/api/tactical?format=xlsx",
        "/api/elections/2024/seats?format=xlsx",
    ],
)
def test_an_unknown_format_is_refused_clearly(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["field"] == "format" and "'json' or 'csv'" in problem["message"]


@pytest.mark.parametrize(
    ("page", "link_id"),
    [
        ("/marginals?election=2019&top=15", "marginals-csv"),
        ("/targets?election=2024&attacker=LD&defender=Con", "targets-csv"),
        ("/tactical?against=Con&bloc=Lab,LD", "tactical-csv"),
        (
            "/swingometer?base=2019-notional-2024&model=uniform&" + urlencode({"poll": POLL}),
            "swing-csv",
        ),
        ("/elections/2017", "seats-csv"),
    ],
)
def test_each_page_links_its_table_as_csv(client: TestClient, page: str, link_id: str) -> None:
    """The page's "Download ... as CSV" link carries the page's question: it downloads the
    file of the seats the page shows."""
    html = client.get(page)
    assert html.status_code == 200, html.text
    link = re.search(rf'<a id="{link_id}" href="([^"]+)" download>([^<]+)</a>', html.text)
    assert link is not None
    assert link[2].startswith("Download ") and link[2].endswith(" as CSV")
    text = _download(client, unescape(link[1]))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    if link_id == "marginals-csv":
        assert [row["name"] for row in rows] == [
            unescape(name)
            for name in re.findall(r'<td><a href="/seats/[^"]+">([^<]+)</a></td>', html.text)
        ][: len(rows)]
