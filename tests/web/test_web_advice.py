"""The How should I vote? page: its table shows the numbers its reasoning gives."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient


def test_advice_page_table_agrees_with_its_reasoning(client: TestClient) -> None:
    page = client.get("/advice", params={"postcode": "BT1 5GS", "prefer": "Greens"})
    assert page.status_code == 200, page.text
    text = unescape(page.text)
    stated = re.search(r"adds to its share \(expected ([0-9.]+%)\)", text)
    assert stated is not None
    shown = re.search(r"<td>Green</td><td class=\"num\">([0-9.]+%)</td>", text)
    assert shown is not None
    assert shown[1] == stated[1]
