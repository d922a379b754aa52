"""Other electoral systems page and its JSON twin (:mod:`psephos.systems`)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_helpers import page_error, post_twin_and_page

import psephos
from psephos.systems import get_system


def test_systems_twin_matches_the_library(client: TestClient) -> None:
    body = client.get(
        "/api/systems", params={"election": "2019", "system": ["fptp", "dhondt-national"]}
    ).json()
    assert body["election"] == "2019"
    assert [s["system"] for s in body["systems"]] == ["fptp", "dhondt-national"]
    expected = get_system("dhondt-national").allocate(psephos.load("2019")).seats_by_party()
    got = {p["party"]: p["dhondt-national"] for p in body["rows"]}
    assert {k: v for k, v in expected.items() if v} == {k: v for k, v in got.items() if v}
    fptp = next(s for s in body["systems"] if s["system"] == "fptp")
    assert fptp["seats"] == 650 and fptp["largest_party"] == "Con" and fptp["majority"]
    pr = next(s for s in body["systems"] if s["system"] == "dhondt-national")
    assert pr["gallagher"] < fptp["gallagher"]


def test_systems_page_and_bad_system(client: TestClient) -> None:
    page = client.get("/systems", params={"election": "2024"})
    assert page.status_code == 200
    assert 'id="systems-chart"' in page.text and "Gallagher index" in page.text
    assert 'href="/systems"' in page.text  # in the navigation
    bad = client.get("/api/systems", params={"system": "borda"})
    assert bad.status_code == 400
    assert "Unknown electoral system 'borda'" in bad.json()["detail"]
    html = client.get("/systems", params={"system": "borda"})
    assert html.status_code == 400 and "Unknown electoral system" in html.text


def test_systems_page_says_how_large_each_system_s_house_is(client: TestClient) -> None:
    """Additional member systems add list seats to the constituencies, so their Houses are
    larger than 650: the table says each House's size and majority line, the sum of its column
    and the twin's ``seats`` and ``majority_line``, and the largest party is out of it."""
    params = {"election": "2019", "system": ["fptp", "ams"]}
    body = client.get("/api/systems", params=params).json()
    page = html.unescape(client.get("/systems", params=params).text)

    def cells(row_id: str) -> list[str]:
        row = re.search(rf'<tr id="{row_id}">(.*?)</tr>', page, re.S)
        assert row is not None, row_id
        return re.findall(r'<td class="num">([^<]*)</td>', row[1])

    house = [f"{s['seats']:,}" for s in body["systems"]]
    assert cells("systems-house") == house == ["650", "1,149"]
    assert [sum(p[s["system"]] for p in body["rows"]) for s in body["systems"]] == [
        s["seats"] for s in body["systems"]
    ]
    assert cells("systems-majority") == [f"{s['majority_line']:,}" for s in body["systems"]]
    assert "Con (504 of 1,149)" in page


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"election": "2019", "system": ["av", "borda"], "district_size": "4"}, 400),
        ({"election": "1066", "district_size": "3"}, 404),
    ],
)
def test_systems_page_says_a_refusal_above_the_form_it_keeps(
    client: TestClient, params: dict[str, Any], status: int
) -> None:
    """An input the library refuses is said above the form, with the JSON twin's status and
    message, and the form keeps what was typed (not an error page without the form)."""
    twin = client.get("/api/systems", params=params)
    page = client.get("/systems", params=params)
    assert twin.status_code == page.status_code == status
    assert page_error(page.text, "systems") == twin.json()["detail"]
    assert page.text.index('id="systems-error"') < page.text.index('id="systems-form"')
    size = re.search(r'<input name="district_size"[^>]*value="(\d*)"', page.text)
    assert size is not None and size.group(1) == params["district_size"]
    for key in params.get("system", []):
        assert f'<input type="hidden" name="system" value="{key}">' in page.text
    if params["election"] == "2019":
        assert '<option value="2019" selected>' in page.text


@pytest.mark.parametrize("field", ["results_file", "transfers_file"])
def test_systems_page_says_an_upload_that_is_not_text_above_the_form(
    client: TestClient, field: str
) -> None:
    """A file that is not text (a spreadsheet's own .xlsx) is said above the form it keeps,
    with the twin's message and status (422), not on a bare error page."""
    form = {"election": "2019", "district_size": "4"}
    files = {field: ("votes.xlsx", b"PK\x03\x04\x00\x00", "application/zip")}
    twin, page = post_twin_and_page(client, "/systems", form, files)
    assert twin.status_code == page.status_code == 422
    assert page_error(page.text, "systems") == twin.json()["detail"]
    assert page.text.index('id="systems-error"') < page.text.index('id="systems-form"')
    size = re.search(r'<input name="district_size"[^>]*value="(\d*)"', page.text)
    assert size is not None and size.group(1) == "4"


def test_the_systems_page_explains_its_indices_as_the_command_does(client: TestClient) -> None:
    from markupsafe import escape

    from psephos.columns import column_meaning

    page = client.get("/systems", params={"election": "2019"}).text
    for column in ("gallagher", "enp_seats"):
        assert str(escape(column_meaning(column))) in page


def test_a_results_file_without_seat_codes_says_so_on_the_page_and_its_twin(
    client: TestClient,
) -> None:
    """A results sheet headed as people head one (``Constituency,Party,Votes``) is counted
    with the note the command prints, that its seats are known by name without a nation, on
    the page and in its twin's ``notes`` (not lost as a Python warning in the server's log)."""
    text = "Constituency,Party,Votes\nBath,LD,20000\nBath,Con,9000\nIslington North,Lab,20000\n"
    files = {"results_file": ("results.csv", text.encode(), "text/csv")}
    twin, page = post_twin_and_page(client, "/systems", {}, files)
    assert twin.status_code == page.status_code == 200
    note = (
        "The results file 'results.csv' has no seat_code column, so each seat is known by its "
        "name and has no nation or region (give a nation column, or ONS codes or riding "
        "numbers as seat_code, for those)."
    )
    assert twin.json()["notes"][0] == note  # then what AV, STV and AMS assume
    assert f'<p class="note systems-note">{note}</p>' in html.unescape(page.text)


def test_the_systems_page_states_what_each_system_assumes(client: TestClient) -> None:
    """The assumptions ``psephos systems`` notes (AV and STV's preferences set by hand for
    Canada, its STV districts not geographic, AMS's top-up seats enlarging the House) are
    the twin's ``notes`` and on the page, as the command writes them."""
    from cli_helpers import command_json

    params = {"election": "canada-2021", "system": ["stv", "ams"]}
    twin, page = client.get("/api/systems", params=params), client.get("/systems", params=params)
    assert twin.status_code == page.status_code == 200
    notes = twin.json()["notes"]
    assert notes == command_json("systems", "canada-2021", "-s", "stv", "-s", "ams")["notes"]
    assert any("illustrate district magnitude" in note for note in notes)
    assert any(note.startswith("AMS:") and "to 597 under" in note for note in notes)
    assert any("set by hand to illustrate" in note for note in notes)
    shown = html.unescape(page.text)
    for note in notes:
        assert f'<p class="note systems-note">{note}</p>' in shown
