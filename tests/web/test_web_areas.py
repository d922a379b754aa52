"""The result by nation or region on the web (``/api/elections/{id}/areas``), the twin of
``psephos results --by-area``."""

from __future__ import annotations

import html
import re

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


def test_the_twin_is_the_command_s_document(client: TestClient) -> None:
    """The command's JSON had only ``rows``, the twin ``election``, ``previous``, ``level``
    and ``rows``: both give the same document (the notes the national table prints, Reform
    UK's change measured from the Brexit Party's share, among them), the web adding each
    party's colour."""
    for level in ("nation", "region"):
        command = command_json("results", "2024", "--by-area", level)
        twin = client.get("/api/elections/2024/areas", params={"level": level}).json()
        assert {key: twin[key] for key in command} == command
        assert set(twin) - set(command) == {"colours"}
        assert any(note.startswith("Reform UK's change is from") for note in command["notes"])


def test_the_result_by_nation_or_region_has_a_page(client: TestClient) -> None:
    """``/elections/2024/areas?level=nation`` was 404 (only the CSV and JSON were there): a
    page with a table per area, the rows ``psephos results 2024 --by-area nation`` prints,
    its notes, linked from the election page, with the other level a click away."""
    rows = command_json("results", "2024", "--by-area", "nation")["rows"]
    page = client.get("/elections/2024/areas", params={"level": "nation"})
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert re.findall(r"<h2>([^<]+)</h2>", text) == list(dict.fromkeys(r["nation"] for r in rows))
    assert "<h1>UK general election 2024 by nation</h1>" in text
    shown = re.findall(r"</svg>([^<]+)</td>\s*<td class=\"num\">(\d+)</td>", text)
    assert shown == [(row["party_label"], str(row["seats"])) for row in rows]
    assert '<p class="note area-note">Reform UK\'s change is from' in text
    assert 'href="/elections/2024/areas?level=region"' in text
    assert 'href="/api/elections/2024/areas?level=nation&amp;format=csv"' in page.text
    regions = client.get("/elections/canada-2021/areas")  # by region unless asked
    assert regions.status_code == 200 and "<h2>Quebec</h2>" in regions.text
    assert client.get("/elections/2024/areas", params={"level": "county"}).status_code == 422
    assert client.get("/elections/2099/areas").status_code == 404
    election = client.get("/elections/2024").text
    assert 'href="/elections/2024/areas?level=nation"' in election
    assert 'href="/elections/2024/areas?level=region"' in election
