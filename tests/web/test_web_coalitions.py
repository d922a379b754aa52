"""Coalition builder and its JSON twin take what ``psephos govern`` takes
(:mod:`psephos.government.choices`) and answer as the command does."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import psephos
from psephos.cli import app as cli
from psephos.government.choices import LISTED_COALITIONS


def _govern(*args: str) -> dict[str, Any]:
    """``psephos govern ... --format json`` with its arrangements back under their key."""
    command = CliRunner().invoke(cli, ["govern", *args, "--format", "json"])
    assert command.exit_code == 0, command.output
    payload: dict[str, Any] = json.loads(command.output)
    payload["arrangements"] = payload.pop("rows")
    return payload


def test_coalitions_deputies_side_and_abstainers_as_the_command(client: TestClient) -> None:
    """Several coalitions, a confidence-and-supply arrangement, Deputy Speakers, the government
    side and the abstainers give the twin and ``psephos govern`` the same report."""
    expected = _govern(
        "2017",
        "--coalition",
        "Con+LD",
        "--coalition",
        "Lab+SNP+LD",
        "--confidence-supply",
        "Lab:SNP+PC",
        "--deputies-government",
        "2",
        "--deputies-opposition",
        "1",
        "--government-side",
        "Con,DUP",
        "--abstain",
        "none",
    )
    params: dict[str, Any] = {
        "election": "2017",
        "coalition": ["Con+LD\nLab+SNP+LD"],
        "confidence_supply": "Lab:SNP+PC",
        "deputies_government": "2",
        "deputies_opposition": "1",
        "government_side": "Con,DUP",
        "abstain": "none",
    }
    body = client.get("/api/coalitions", params=params).json()
    assert body["report"] == expected
    assert body["report"]["abstentionists"] == {} and body["report"]["deputy_speakers"] == {
        "Con": 2,
        "Lab": 1,
    }
    page = client.get("/coalitions", params=params)
    assert page.status_code == 200
    assert "Lab + SNP + LD" in page.text and "confidence_supply=Lab%3ASNP%2BPC" in page.text


def test_seats_given_read_as_the_command_reads_them(client: TestClient) -> None:
    seats = "Con 300, Lab 270, SNP 40, LD 30, DUP 10"
    expected = _govern("--seats", seats, "--coalition", "Lab+SNP+LD")
    params = {"seats": seats, "coalition": "Lab+SNP+LD", "government": ["Lab", "SNP"]}
    body = client.get("/api/coalitions", params=params).json()
    assert body["report"] == expected and body["election"] is None
    assert {party: row["seats"] for party, row in body["seats"].items()} == {
        "Con": 300,
        "Lab": 270,
        "SNP": 40,
        "LD": 30,
        "DUP": 10,
    }
    assert body["assessment"]["government"] == "Lab + SNP"
    page = client.get("/coalitions", params=params)
    assert page.status_code == 200 and "Seats given" in page.text
    chosen = client.get("/coalitions", params={**params, "election": ""})  # the form's "none"
    assert chosen.status_code == 200 and "Seats given" in chosen.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"seats": "Con 300 Lab lots"}, "Cannot read seats"),
        ({"seats": "Con 300 Con 20"}, "appears twice in seats"),
        ({"election": "2017", "seats": "Con 300"}, "Give an election or seats, not both"),
        ({"election": "2017", "confidence_supply": "Con+DUP"}, "Bad confidence_supply"),
        ({"election": "2017", "abstain": "Whigs"}, "has no seats"),
    ],
)
def test_coalitions_refuse_what_the_command_refuses(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    answer = client.get("/api/coalitions", params=params)
    assert answer.status_code in (400, 404) and message in answer.json()["detail"]


def test_a_canadian_house_by_default_as_the_command(client: TestClient) -> None:
    """Canada's elections are in the page's list, and its House is counted by its rules."""
    page = client.get("/coalitions", params={"election": "canada-2021"})
    assert page.status_code == 200
    for key in psephos.available_elections():
        assert f'<option value="{key}"' in page.text
    assert '<option value="canada-2021" selected>' in page.text
    body = client.get(
        "/api/coalitions", params={"election": "canada-2021", "coalition": "Liberal+NDP"}
    ).json()
    assert body["report"] == _govern("canada-2021", "--coalition", "Liberal+NDP")


def _first_cells(page: str, table_id: str) -> list[str]:
    """The first cell of each body row of the page's table ``table_id``."""
    table = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(.*?)</td>", table)


def test_every_table_the_command_prints_is_on_the_page(client: TestClient) -> None:
    """``psephos govern``'s views (arrangements, minimal winning coalitions up to ``--limit``,
    minimal connected winning coalitions, the largest party's partners, voting power) are
    the page's tables, row for row."""
    expected = _govern("2017")
    winning = expected["minimal_winning_coalitions"]
    assert len(winning) > 2
    page = client.get("/coalitions", params={"election": "2017", "limit": "2"}).text
    assert _first_cells(page, "coalition-winning") == [c["coalition"] for c in winning[:2]]
    assert f"Minimal winning coalitions (first 2 of {len(winning)})" in page
    assert _first_cells(page, "coalition-connected") == [
        c["coalition"] for c in expected["minimal_connected_winning"]
    ]
    assert _first_cells(page, "coalition-partners") == [
        c["coalition"] for c in expected["partners_of_largest"]
    ]
    assert f"Minimal partner sets for {expected['largest_party_label']}" in page
    assert _first_cells(page, "coalition-power") == [p["party_label"] for p in expected["power"]]
    assert _first_cells(page, "coalition-arrangements") == [
        a["arrangement"] for a in expected["arrangements"]
    ]
    whole = client.get("/coalitions", params={"election": "2017"}).text
    listed = _first_cells(whole, "coalition-winning")
    assert listed == [c["coalition"] for c in winning[: len(listed)]]
    assert len(listed) == min(len(winning), LISTED_COALITIONS)  # the command's default --limit
    body = client.get("/api/coalitions", params={"election": "2017", "limit": "2"}).json()
    assert body["report"]["minimal_winning_coalitions"] == winning  # the JSON lists them all
    assert client.get("/api/coalitions", params={"limit": "-1"}).status_code == 422
