"""The request helpers routes share (:mod:`psephos.web.context`): the organiser a route for
organisers only takes (:data:`psephos.web.context.OrganiserId`) and a form's files, read as
the command line reads a file (:func:`psephos.web.context.form_file`); the country a form's
party fields were filled for (:func:`psephos.web.context.country_switch`)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi import FastAPI, HTTPException, UploadFile
from fastapi.testclient import TestClient
from markupsafe import escape
from web_helpers import PASSWORD, XLSX, api_login, form_token

from psephos import jurisdictions
from psephos.errors import DataFormatError, PsephosError, UnknownPartyError
from psephos.io.rows import BOX_PICK, decode_file
from psephos.web import store
from psephos.web.context import (
    OrganiserId,
    attempt,
    country_switch,
    country_switch_note,
    error_status,
    file_notes,
    form_country,
    form_file,
    form_file_text,
    page_message,
    page_time,
)

if TYPE_CHECKING:
    from httpx2 import Response  # what the TestClient answers


def _whoami(organiser: OrganiserId) -> dict[str, int]:
    return {"organiser": organiser}


@pytest.mark.storage
def test_organiser_id_is_the_logged_in_organisers_or_a_refusal(
    app: FastAPI, organiser: str
) -> None:
    app.add_api_route("/api/whoami", _whoami)
    app.add_api_route("/whoami", _whoami)
    with app.state.db.session() as session:
        account = store.authenticate(session, organiser, PASSWORD)
        assert account is not None
        expected = account.id
    with TestClient(app) as client:
        refused = client.get("/api/whoami")
        assert refused.status_code == 401
        assert refused.json()["detail"] == "Log in as an organiser first."
        page = client.get("/whoami", follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"] == "/login?next=/whoami"
        api_login(client)
        assert client.get("/api/whoami").json() == {"organiser": expected}
        assert client.get("/whoami").json() == {"organiser": expected}


def _upload(raw: bytes, filename: str | None) -> UploadFile:
    return UploadFile(io.BytesIO(raw), filename=filename)


def test_form_file_reads_as_the_command_line_and_names_a_nameless_file() -> None:
    windows = "seat,party\nYnys Môn,PC\n".encode("cp1252")
    named = asyncio.run(form_file(_upload(windows, "picks.csv"), "picks file", default_name="x"))
    assert named.named_text == (windows.decode("cp1252"), "picks.csv")
    assert file_notes(named) == [named.note] and "Windows-1252" in str(named.note)
    nameless = asyncio.run(form_file(_upload(b"a,b\n", None), "sample", default_name="s.csv"))
    assert nameless.named_text == ("a,b\n", "s.csv")
    assert nameless.note is None and file_notes(nameless, None) == []


def test_form_file_refuses_a_file_that_is_not_text_naming_it() -> None:
    with pytest.raises(HTTPException) as refused:
        asyncio.run(form_file(_upload(b"\x00\x81\xff", "s.bin"), "sample", default_name="x"))
    assert refused.value.status_code == 422
    assert "The sample 's.bin'" in str(refused.value.detail)


def test_form_file_text_is_none_for_an_input_left_empty() -> None:
    assert asyncio.run(form_file_text(None, "picks file")) is None
    assert asyncio.run(form_file_text(_upload(b"", ""), "picks file")) is None
    given = asyncio.run(form_file_text(_upload(b"seat,party\n", "p.csv"), "picks file"))
    assert given is not None and given.named_text == ("seat,party\n", "p.csv")


@pytest.mark.parametrize(
    "problem",
    [UnknownPartyError("Unknown party 'Whigs'"), DataFormatError("Cannot read seats (--seats)")],
)
def test_attempt_gives_a_refusal_as_the_json_twin_says_it(problem: PsephosError) -> None:
    """A page's refused question comes back as the twin's message and status, not raised; an
    answered one as its answer."""

    async def refused() -> int:
        raise problem

    async def answered() -> int:
        return 7

    tried = asyncio.run(attempt(refused()))
    assert tried.answer is None
    assert (tried.error, tried.status) == (page_message(problem), error_status(problem))
    done = asyncio.run(attempt(answered()))
    assert (done.answer, done.error, done.status) == (7, None, 200)


def test_a_country_switch_is_another_bundled_countrys_election_only() -> None:
    for country in jurisdictions.JURISDICTIONS.values():
        for election in country.election_ids:
            assert form_country(election) == country.code
            assert country_switch(country.code, election) is None  # the same country
            assert country_switch(None, election) is None  # no field: a typed URL
            assert country_switch("atlantis", election) is None  # no such country
            others = [code for code in jurisdictions.JURISDICTIONS if code != country.code]
            assert all(country_switch(other, election) is country for other in others)
    # an election psephos does not bundle is refused as it is, not switched
    assert form_country("replay-2024") == ""
    assert country_switch("uk", "replay-2024") is None
    assert country_switch("uk", None) is None


def test_the_country_switch_note_names_the_election_and_the_parties() -> None:
    election = jurisdictions.CANADA.latest_id
    title = jurisdictions.election_name(election)
    bloc, against = jurisdictions.CANADA.default_bloc, jurisdictions.CANADA.default_against
    note = country_switch_note(election, bloc, against)
    assert note.startswith(f"{title}: ")
    assert "Canadian defaults" in note
    assert all(f"({party})" in note for party in (*bloc, *against))
    assert note.index(f"({bloc[-1]})") < note.index(" against ") < note.index(f"({against[0]})")
    assert country_switch_note(election, election_label="Next time").startswith("Next time: ")
    assert "cleared" in country_switch_note(election)


#: Every upload of a form read through the one reader (:func:`form_file`): the page, the
#: file's field, its Sheet box's field, what messages call the file, the form's other fields
#: and files, and whether the page is for organisers.
SHEET_UPLOADS = [
    ("/exit-poll", "sample_file", "sheet", "sample", {}, {}, False),
    (
        "/exit-poll",
        "recommendations_file",
        "recommendations_sheet",
        "picks file",
        {},
        {"sample_file": "seat_code,party,votes\n"},
        False,
    ),
    ("/count-ballots", "ballots_file", "sheet", "ballot file", {}, {}, False),
    ("/swap", "offers_file", "sheet", "swap-offer file", {}, {}, False),
    ("/pacts", "stand_down_file", "stand_down_sheet", "stand-down file", {}, {}, False),
    ("/systems", "results_file", "results_sheet", "results file", {}, {}, False),
    ("/systems", "transfers_file", "transfers_sheet", "transfer file", {}, {}, False),
    ("/targets", "results_file", "results_sheet", "results file", {}, {}, False),
    ("/results/file", "results_file", "results_sheet", "results file", {}, {}, False),
    ("/swingometer", "poll_file", "sheet", "poll table", {"base": "2024"}, {}, False),
    ("/forecast", "poll_file", "sheet", "poll table", {"base": "2024"}, {}, False),
    (
        "/organisers/allocate",
        "volunteers_file",
        "sheet",
        "volunteers file",
        {"election": "2019", "party": "Lab"},
        {},
        True,
    ),
    (
        "/organisers/allocate",
        "capacities_file",
        "capacities_sheet",
        "capacity file",
        {"election": "2019", "party": "Lab"},
        {"volunteers_file": "id,hours,postcode\n"},
        True,
    ),
]


def _alert_tag(page: str, message: str) -> str:
    """The opening tag of the element a page says ``message`` in (its id and role)."""
    at = page.find(str(escape(message)))
    assert at >= 0, f"{message!r} is not on the page"
    return page[page.rfind("<", 0, at) : page.find(">", page.rfind("<", 0, at)) + 1]


@pytest.mark.parametrize(
    ("path", "field", "sheet_field", "what", "data", "others", "organisers"),
    SHEET_UPLOADS,
    ids=[f"{row[0]}:{row[1]}" for row in SHEET_UPLOADS],
)
@pytest.mark.storage
def test_every_upload_has_a_sheet_box_whose_sheet_the_reader_reads(
    client: TestClient,
    organiser: str,
    tmp_path: Path,
    workbook: Callable[..., Path],
    path: str,
    field: str,
    sheet_field: str,
    what: str,
    data: dict[str, str],
    others: dict[str, str],
    organisers: bool,
) -> None:
    """Each file input has its own Sheet box in its form (the one macro), and the box's value
    reaches the reader of that file: a sheet the workbook lacks is refused in the reader's
    words (saying the Sheet box) where and with the status the page refuses a file that is not
    text; the sheet it names is read, not the empty first one the reader refuses unpicked."""
    if organisers:
        api_login(client)
    form = client.get(path).text
    token = form_token(form)
    start = form.index(f'name="{field}"')
    enclosing = form[form.rfind("<form", 0, start) : form.index("</form>", start)]
    assert f'name="{sheet_field}"' in enclosing
    assert enclosing.count('name="sheet"') <= 1  # one box a field, never two of a name
    raw = workbook(tmp_path / "book.xlsx", ("Cover", ""), ("Data", "x,y\n1,2\n")).read_bytes()
    sent = {name: (f"{name}.csv", text.encode(), "text/csv") for name, text in others.items()}

    def post(body: bytes, sheet: str | None) -> Response:
        boxes = {sheet_field: sheet} if sheet is not None else {}
        return client.post(
            path,
            data={**data, **boxes, "csrf_token": token},
            files={**sent, field: ("book.xlsx", body, XLSX)},
        )

    not_text = post(b"PK\x03\x04\x00\x00", None)
    label = f"The {what} 'book.xlsx'"
    with pytest.raises(DataFormatError) as broken:
        decode_file(b"PK\x03\x04\x00\x00", label=label, name="book.xlsx")
    missing = post(raw, "Notes")
    with pytest.raises(DataFormatError) as refused:
        decode_file(raw, label=label, name="book.xlsx", sheet="Notes", pick=BOX_PICK)
    said = str(refused.value)
    assert "in its Sheet box" in said and "#" not in said
    assert missing.status_code == not_text.status_code >= 400
    assert _alert_tag(missing.text, said) == _alert_tag(not_text.text, str(broken.value))
    unpicked = post(raw, None)
    assert "has nothing in its sheet &#39;Cover&#39;" in unpicked.text
    picked = post(raw, "data")
    assert "Cover" not in picked.text and "has no sheet" not in picked.text


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2026-12-07T22:23:45.123456", "2026-12-07 22:23 UTC"),  # SQLite's: no zone, UTC
        ("2026-12-07T22:23:45+00:00", "2026-12-07 22:23 UTC"),
        ("2026-12-07T23:23:45+01:00", "2026-12-07 22:23 UTC"),  # a server in another zone
        ("2026-12-08T00:05:00+02:00", "2026-12-07 22:05 UTC"),
    ],
)
def test_a_stored_time_is_written_one_way_in_utc(stored: str, shown: str) -> None:
    assert page_time(stored) == shown
