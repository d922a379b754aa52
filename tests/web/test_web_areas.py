"""The result by nation or region on the web (``/api/elections/{id}/areas``), the twin of
``psephos results --by-area``."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cli_helpers import command_json


def test_the_web_twin_gives_the_commands_rows(client: TestClient) -> None:
    """``/api/elections/{id}/areas`` answers ``psephos results ID --by-area LEVEL``'s rows,
    as JSON and as the CSV the election page links."""
    answer = client.get("/api/elections/2024/areas", params={"level": "nation"})
    assert answer.status_code == 200
    assert answer.json()["rows"] == command_json("results", "2024", "--by-area", "nation")["rows"]
    csv = client.get("/api/elections/canada-2021/areas", params={"format": "csv"})
    assert csv.status_code == 200 and csv.text.splitlines()[0].startswith("region,party,")
    assert client.get("/api/elections/2024/areas", params={"level": "county"}).status_code == 422
    page = client.get("/elections/2024").text
    assert 'href="/api/elections/2024/areas?level=nation&amp;format=csv"' in page
