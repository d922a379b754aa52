"""The web twins of ``psephos results --by-seat``, ``--gains`` and ``--by-area LEVEL
--summary``, and the election page's swing line and gains and losses columns."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from cli_helpers import command_json


def test_a_row_per_seat(client: TestClient) -> None:
    answer = client.get("/api/elections/2024/seats", params={"view": "summary"})
    assert answer.status_code == 200
    assert answer.json()["seats"] == command_json("results", "2024", "--by-seat")["rows"]
    file = client.get("/api/elections/2024/seats", params={"view": "summary", "format": "csv"})
    assert 'filename="results-2024-seats-summary.csv"' in file.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(file.text)))
    assert len(rows) == 650 and rows[0]["outcome"]
    assert client.get("/api/elections/2024/seats", params={"view": "x"}).status_code == 422


def test_gains(client: TestClient) -> None:
    answer = client.get("/api/elections/2024/gains")
    assert answer.status_code == 200
    assert answer.json()["rows"] == command_json("results", "2024", "--gains")["rows"]
    file = client.get("/api/elections/2024/gains", params={"format": "csv"})
    assert file.text.splitlines()[0].startswith("party,party_label,gains,from_Con,")
    assert client.get("/api/elections/2010/gains").status_code == 400


def test_areas_turnout_and_swing(client: TestClient) -> None:
    areas = command_json("results", "2024", "--by-area", "nation", "--summary")["rows"]
    answer = client.get("/api/elections/2024/areas", params={"level": "nation"}).json()
    assert answer["areas"] == areas
    summary = client.get(
        "/api/elections/2024/areas", params={"level": "nation", "view": "summary"}
    ).json()
    assert summary["rows"] == areas and "areas" not in summary


def test_election_page_swing_and_gains(client: TestClient) -> None:
    api = client.get("/api/elections/2024").json()
    assert "10.8-point swing from Con to Lab" in api["summary"]["swing_sentence"]
    assert api["parties"][0]["gains"] == 218 and api["parties"][0]["losses"] == 7
    page = client.get("/elections/2024").text
    assert "10.8-point swing from Con to Lab" in page
    assert '<th class="num">Gained</th>' in page and ">218</td>" in page
    assert 'href="/api/elections/2024/seats?view=summary&amp;format=csv"' in page
    assert 'href="/api/elections/2024/gains?format=csv"' in page
    old = client.get("/elections/2010").text  # no earlier election on its boundaries
    assert "Gained" not in old and "point swing" not in old


def test_the_canadian_election_api_gives_the_rejected_ballots_its_turnout_counts(
    client: TestClient,
) -> None:
    answer = client.get("/api/elections/canada-2021").json()
    ballots = answer["valid_votes"] + answer["rejected_ballots"]
    assert round(ballots / answer["electorate"] * 100, 2) == round(answer["turnout_pct"], 2)
