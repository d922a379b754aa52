"""The How should I vote? page: its table shows the numbers its reasoning gives."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient

from psephos.tactical.advice import Preferences


def test_advice_page_table_agrees_with_its_reasoning(client: TestClient) -> None:
    page = client.get("/advice", params={"postcode": "BT1 5GS", "prefer": "Greens"})
    assert page.status_code == 200, page.text
    text = unescape(page.text)
    stated = re.search(r"adds to its share \(expected ([0-9.]+%)\)", text)
    assert stated is not None
    shown = re.search(r"<td>Green</td><td class=\"num\">([0-9.]+%)</td>", text)
    assert shown is not None
    assert shown[1] == stated[1]


def test_advice_reads_a_ranked_list_as_the_command_does(client: TestClient) -> None:
    for written in ("Lab > LD > Green", "Lab; LD; Green", "1. Lab 2. LD 3. Green"):
        answer = client.get("/api/advice", params={"seat": "Bath", "prefer": written})
        assert answer.status_code == 200, answer.text
        assert answer.json()["prefer"] == list(Preferences.parse(written).prefer)
        assert client.get("/advice", params={"seat": "Bath", "prefer": written}).status_code == 200
    refused = client.get("/api/advice", params={"seat": "Bath", "prefer": "anyone but Con"})
    assert refused.status_code == 400
    assert "give Con as against" in refused.json()["detail"]
