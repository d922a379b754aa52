"""Volunteer allocation in the browser and its JSON twin (organisers only; the file is
personal data): the same reader and row-numbered problems as ``psephos allocate``."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import file_csv

import psephos
from cli_helpers import untimed
from psephos.cli import app
from psephos.columns import column_meaning
from psephos.numbers import format_column, format_number
from psephos.targeting.allocate import allocate_volunteers
from psephos.targeting.allocation import AllocationRequest, allocation_answer, allocation_sentence
from psephos.targeting.volunteers import parse_volunteers

#: Every test here stores what the app keeps: it runs on PostgreSQL as well (conftest).
pytestmark = pytest.mark.storage

if TYPE_CHECKING:
    import httpx2  # what the TestClient answers

VOLUNTEERS = """id,latitude,longitude,hours,name
a1,51.37,-0.05,6,Secret Person
a2,51.55,-0.19,4,Another Secret
a3,abc,-0.19,4,Bad Lat
a4,51.48,-0.30,-1,Negative Hours
a2,51.50,-0.10,3,Dup Id
a5,53.48,-2.24,10,Manchester Person
"""
BY_POSTCODE = """id,postcode,hours
p1,CR0 1AB,6
p2,NW6 1,4
p3,ZZ99,3
"""


#: One file of a multipart upload: its name, its bytes and its media type.
FilePart = tuple[str, bytes, str]


def _part(name: str, file: str | FilePart) -> FilePart:
    """``file`` as an upload: CSV text under ``name``, or a part given whole."""
    return (name, file.encode(), "text/csv") if isinstance(file, str) else file


def _upload(text: str) -> dict[str, FilePart]:
    return {"volunteers_file": _part("volunteers.csv", text)}


def _allocate(
    client: TestClient,
    token: str | None,
    volunteers: str | FilePart,
    options: Mapping[str, str] | None = None,
    *,
    capacities: str | FilePart | None = None,
    output: str | None = None,
    status: int = 200,
) -> httpx2.Response:
    """``POST /api/organisers/allocate`` as the page's script sends it, checked for ``status``.

    Args:
        client: The test client (logged in as an organiser, or not).
        token: The session's CSRF token, sent in its header; ``None`` sends none.
        volunteers: The volunteers file: CSV text (as ``volunteers.csv``) or a whole part.
        options: The form's other fields (``election``, ``party``, ``k``, ...).
        capacities: The capacities file, as ``volunteers`` (CSV text as ``caps.csv``).
        output: The ``format`` asked for (``json``, ``csv``); ``None`` asks for none.
        status: The status the answer must have.

    Returns:
        The response, for its JSON, text, bytes or headers.
    """
    files = {"volunteers_file": _part("volunteers.csv", volunteers)}
    if capacities is not None:
        files["capacities_file"] = _part("caps.csv", capacities)
    response = client.post(
        "/api/organisers/allocate",
        params=None if output is None else {"format": output},
        files=files,
        data=dict(options or {}),
        headers={} if token is None else {"X-CSRF-Token": token},
    )
    assert response.status_code == status, response.text
    return response


def test_allocation_twin_matches_the_cli_library(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    response = _allocate(client, token, VOLUNTEERS, {"election": "2019", "party": "Lab"})
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    parsed = parse_volunteers(VOLUNTEERS)
    expected = allocate_volunteers(psephos.load("2019"), parsed.volunteers, party="Lab")
    placed = [row for row in body["rows"] if "rejected" not in (row["reason"] or "")]
    assert placed == expected.assignment_rows()
    rejected = [row["reason"] for row in body["rows"] if row not in placed]
    assert "row 5 rejected: hours is negative (-1)" in rejected and len(rejected) == 4
    assert body["summary"]["expected_seats_gained"] == expected.summary()["expected_seats_gained"]
    assert body["summary"]["rows_read"] == 6 and body["summary"]["rows_rejected"] == 4
    messages = [p["message"] for p in body["problems"]]
    assert "row 4 (id a3): rejected: latitude is not a number" in messages
    assert "row 5 (id a4): rejected: hours is negative (-1)" in messages
    for secret in ("Secret", "Manchester Person", "51.37"):
        assert secret not in response.text  # names and places only when asked for
    shaded = [h for h in body["hexmap"]["hexes"] if h["fill"] != "#eeeeee"]
    assert {h["code"] for h in shaded} == {row["code"] for row in body["seats"]}
    assert body["legend"][-1]["label"] == "No hours"


def test_allocation_by_postcode_and_as_csv(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    response = _allocate(client, token, BY_POSTCODE, {"session_hours": "2", "k": "5"}, output="csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(file_csv(response))))
    assert {row["volunteer_id"] for row in rows} == {"p1", "p2", "p3"}  # p3 rejected, with why
    assert sum(int(row["hours"] or 0) for row in rows) == 10
    body = _allocate(client, token, BY_POSTCODE).json()
    assert [p["row"] for p in body["problems"]] == [4]  # ZZ99: no such postcode district


def test_allocation_refuses_bad_files_clearly(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    missing = _allocate(client, token, "id,latitude,longitude\nx,51,0\n", status=400)
    assert "hours" in missing.json()["detail"]
    none_valid = _allocate(client, token, "id,postcode,hours\nq1,NW6 1,-2\n", status=400)
    assert none_valid.json()["detail"] == (
        "No valid volunteer rows to allocate: row 2 (id q1): rejected: hours is negative (-2)"
    )
    strict = _allocate(client, token, VOLUNTEERS, {"strict": "true"}, status=400)
    assert strict.json()["detail"].startswith("volunteers row 3:")
    binary = _allocate(client, token, ("v.csv", b"\xff\xfe\x00bad", "text/csv"), status=422)
    assert "UTF-8" in binary.json()["detail"]
    party = _allocate(client, token, VOLUNTEERS, {"party": "Nope"}, status=404)
    assert "Unknown party" in party.json()["detail"]
    _allocate(client, token, VOLUNTEERS, {"k": "0"}, status=422)


def test_allocation_is_for_organisers_only(client: TestClient, organiser: str) -> None:
    _allocate(client, None, VOLUNTEERS, status=401)
    page = client.get("/organisers/allocate", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    form = client.post(
        "/organisers/allocate",
        files=_upload(VOLUNTEERS),
        data={"csrf_token": "x"},
        follow_redirects=False,
    )
    assert form.status_code == 303
    download = client.post(
        "/organisers/allocate/plan.csv",
        data={"csrf_token": "x", "plan": "a"},
        follow_redirects=False,
    )
    assert download.status_code == 303


#: An .xlsx workbook's media type, as a browser sends one.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_allocation_reads_workbooks_as_it_reads_csv(
    organiser_client: tuple[TestClient, str], tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    """Volunteers and capacities uploaded as .xlsx (the page's inputs accept them) give the
    JSON the same tables as CSV give; a workbook of two sheets says which it read."""
    client, token = organiser_client
    caps = "seat,hours\nCroydon Central,2\n"
    book = workbook(tmp_path / "team.xlsx", ("Team", VOLUNTEERS), ("Old", "id,hours\n"))
    caps_book = workbook(tmp_path / "caps.xlsx", ("Caps", caps))
    asked = {"election": "2019", "party": "Lab"}
    from_csv = _allocate(client, token, VOLUNTEERS, asked, capacities=caps)
    from_book = _allocate(
        client,
        token,
        ("team.xlsx", book.read_bytes(), XLSX),
        asked,
        capacities=("caps.xlsx", caps_book.read_bytes(), XLSX),
    )
    answers = [from_csv.json(), from_book.json()]
    for answer in answers:
        assert answer["summary"].pop("solve_seconds") >= 0  # a timing, not the plan
        answer["headline"] = untimed(answer["headline"])
    note = answers[1]["notes"].pop(0)
    assert note == (
        "The volunteers file 'team.xlsx' has 2 sheets ('Team', 'Old'); the first, 'Team', was "
        "read (pick another by typing 'Old' in its Sheet box, or move it first)."
    )
    assert answers[1] == answers[0]
    page = client.get("/organisers/allocate").text
    for field in ("volunteers_file", "capacities_file"):
        accept = re.search(rf'name="{field}" accept="([^"]*)"', page)
        assert accept is not None and {".csv", ".xlsx", XLSX} <= set(accept[1].split(","))


def test_the_sheet_box_picks_the_volunteers_sheet_and_a_missing_one_is_said_on_the_form(
    organiser_client: tuple[TestClient, str], tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    """``sheet`` picks a workbook's sheet as a path picks it after '#' (the JSON is the CSV's);
    a sheet the workbook lacks is said above the form, with its sheets, as the reader says it."""
    from psephos.errors import DataFormatError
    from psephos.io.rows import BOX_PICK, decode_file

    client, token = organiser_client
    raw = workbook(tmp_path / "team.xlsx", ("Old", "id,hours\n"), ("Team", VOLUNTEERS))
    book = {"volunteers_file": ("team.xlsx", raw.read_bytes(), XLSX)}
    asked = {"election": "2019", "party": "Lab"}
    from_csv = _allocate(client, token, VOLUNTEERS, asked)
    picked = _allocate(client, token, book["volunteers_file"], {**asked, "sheet": "Team"})
    answers = [from_csv.json(), picked.json()]
    for answer in answers:
        answer["summary"].pop("solve_seconds")  # a timing, not the plan
        answer["headline"] = untimed(answer["headline"])
    assert answers[1] == answers[0]
    assert 'name="sheet"' in client.get("/organisers/allocate").text
    page = client.post(
        "/organisers/allocate",
        files=book,
        data={**asked, "csrf_token": token, "sheet": "Volunteers"},
    )
    assert page.status_code == 422
    with pytest.raises(DataFormatError) as refused:
        label = "The volunteers file 'team.xlsx'"
        decode_file(
            raw.read_bytes(), label=label, name="team.xlsx", sheet="Volunteers", pick=BOX_PICK
        )
    assert "'Old', 'Team' (pick one by typing 'Old' in its Sheet box)" in str(refused.value)
    alert = re.search(r'id="allocate-error" role="alert">(.*?)</p>', page.text, re.S)
    assert alert is not None and unescape(alert[1]) == str(refused.value)


def test_allocation_page_plan_and_download(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    assert 'id="allocate-form"' in client.get("/organisers/allocate").text
    _allocate(client, None, VOLUNTEERS, {"party": "Lab"}, status=403)
    page = client.post(
        "/organisers/allocate",
        files=_upload(VOLUNTEERS),
        data={"csrf_token": token, "election": "2019", "include_personal": "true"},
    )
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert 'id="allocate-plan"' in page.text and 'id="allocate-legend"' in page.text
    # the hours-per-seat table says what its columns mean, in the words under the command's
    legend = re.search(r'<p class="note" id="allocate-seats-legend">(.*?)</p>', page.text, re.S)
    assert legend is not None
    for column in ("capacity", "expected_seats"):
        assert column_meaning(column, "allocate") in unescape(legend[1])
    # the expected seats as the command writes them (0.00014, not 0.0001 beside 0.00011)
    twin = _allocate(client, token, VOLUNTEERS, {"election": "2019"}).json()
    table = page.text.split('id="allocate-seats"')[1].split("</table>")[0]
    cells = re.findall(r'<td class="num">([^<]*)</td></tr>', table)
    gained = [row["expected_seats"] for row in twin["seats"]]
    assert gained and cells == format_column(gained)
    assert "row 4 (id a3): rejected: latitude is not a number" in page.text
    assert "Secret Person" in page.text  # asked for: names in the plan
    assert page.text.count("<polygon") == 650
    match = re.search(r'<textarea name="plan" hidden>(.*?)</textarea>', page.text, re.S)
    assert match is not None
    download = client.post(
        "/organisers/allocate/plan.csv", data={"csrf_token": token, "plan": unescape(match[1])}
    )
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(file_csv(download))))
    assert {row["volunteer_id"] for row in rows if row["seat_code"]} == {"a1", "a5"}
    assert {row["volunteer_id"] for row in rows} == {"a1", "a2", "a3", "a4", "a5"}  # rejected
    assert rows[0]["name"] == "Secret Person"
    forged = client.post(
        "/organisers/allocate/plan.csv", data={"csrf_token": token, "plan": "<script>,x\n1,2\n"}
    )
    assert forged.status_code == 422
    wrong = client.post(
        "/organisers/allocate",
        files=_upload("id,hours\nx,3\n"),
        data={"csrf_token": token},
    )
    assert wrong.status_code == 400 and 'id="allocate-error"' in wrong.text
    assert "latitude" in wrong.text or "postcode" in wrong.text


def test_allocation_methods_reach_the_same_optimum(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    objectives = {}
    for method in ("auto", "lp"):
        response = _allocate(client, token, VOLUNTEERS, {"party": "Lab", "method": method})
        objectives[method] = response.json()["summary"]["objective"]
    assert abs(objectives["auto"] - objectives["lp"]) <= 1e-6 * max(1.0, abs(objectives["lp"]))
    _allocate(client, token, VOLUNTEERS, {"method": "guess"}, status=422)


def test_a_file_excel_saved_on_windows_is_read_with_a_note(
    organiser_client: tuple[TestClient, str],
) -> None:
    """Excel on Windows saves "CSV" in Windows-1252 ("Zoë" is one byte): the upload is read as
    the command line reads it, with a note on the page and in the JSON."""
    client, token = organiser_client
    raw = "id,postcode,hours,name\r\nw1,CR0 1,6,Zoë\r\n".encode("cp1252")
    team = ("team.csv", raw, "text/csv")
    answer = _allocate(client, token, team, {"include_personal": "true"}).json()
    assert [row["name"] for row in answer["rows"]] == ["Zoë"] * len(answer["rows"])
    assert len(answer["notes"]) == 1
    assert answer["notes"][0].startswith("The volunteers file 'team.csv' is not UTF-8")
    page = client.post(
        "/organisers/allocate", files={"volunteers_file": team}, data={"csrf_token": token}
    )
    assert page.status_code == 200 and "read as Windows-1252" in page.text


def test_the_command_and_the_web_allocate_by_one_function(
    organiser_client: tuple[TestClient, str], tmp_path: Path
) -> None:
    """``psephos allocate`` and ``POST /api/organisers/allocate`` with the same file and options
    (swing and capacities too) give the same plan and summary: both are
    :func:`psephos.targeting.allocation.allocation_answer` formatted; the command's ``--out``
    file and the API's ``format=csv`` are the same bytes (one writer)."""
    client, token = organiser_client
    volunteers = tmp_path / "volunteers.csv"
    volunteers.write_text(VOLUNTEERS, encoding="utf-8")
    capacities = tmp_path / "caps.csv"
    capacities.write_text("seat,hours\nCroydon Central,2\n", encoding="utf-8")
    options = {"election": "2019", "party": "Lab", "swing": "Lab=+3,Con=-2", "method": "lp"}
    command = CliRunner().invoke(
        app,
        [
            "allocate",
            str(volunteers),
            *[part for name, value in options.items() for part in (f"--{name}", value)],
            "--capacities",
            str(capacities),
            "-f",
            "json",
            "--out",
            str(tmp_path / "plan.csv"),
        ],
    )
    assert command.exit_code == 0, command.output
    cli = json.loads(command.stdout[command.stdout.index("{") :])
    caps = ("caps.csv", capacities.read_bytes(), "text/csv")
    response, plan = [
        _allocate(client, token, VOLUNTEERS, options, capacities=caps, output=output)
        for output in ("json", "csv")
    ]
    web = response.json()
    assert web["rows"] == cli["rows"]
    assert plan.content == (tmp_path / "plan.csv").read_bytes()
    timing = {"solve_seconds", "party_label"}
    assert {k: v for k, v in web["summary"].items() if k not in timing} == {
        k: v for k, v in cli["summary"].items() if k not in timing
    }
    assert [{k: p[k] for k in ("row", "id", "severity", "reason")} for p in web["problems"]] == (
        cli["problems"]
    )
    parsed = parse_volunteers(VOLUNTEERS)
    answer = allocation_answer(
        psephos.load("2019"),
        parsed,
        AllocationRequest(
            party="Lab", swing="Lab=+3,Con=-2", method="lp", capacities={"Croydon Central": 2}
        ),
    )
    assert web["rows"] == answer.plan_rows()
    assert web["summary"]["objective"] == answer.summary()["objective"]
    croydon = [row for row in web["seats"] if row["name"] == "Croydon Central"]
    assert all(row["capacity"] == 2 for row in croydon)
    unswung = _allocate(client, token, VOLUNTEERS, {**options, "swing": ""}).json()
    assert unswung["summary"]["objective"] != web["summary"]["objective"]  # the swing was used


def test_the_web_allocates_after_a_poll_as_the_command_does(
    organiser_client: tuple[TestClient, str], tmp_path: Path
) -> None:
    """A poll on the page or the API (``poll``) projects the base first, as ``psephos allocate
    --poll`` does: the same plan and objective, another than without the poll; the form keeps
    the poll typed, and a poll the reader refuses gets its one-line message."""
    client, token = organiser_client
    poll = "Reform 29 Lab 20 Con 18 LD 13 Green 10"
    volunteers = tmp_path / "volunteers.csv"
    volunteers.write_text(VOLUNTEERS, encoding="utf-8")
    options = {"election": "2024", "party": "Lab", "method": "lp"}
    command = CliRunner().invoke(
        app,
        [
            "allocate",
            str(volunteers),
            *[part for name, value in options.items() for part in (f"--{name}", value)],
            "--poll",
            poll,
            "-f",
            "json",
        ],
    )
    assert command.exit_code == 0, command.output
    cli = json.loads(command.stdout[command.stdout.index("{") :])
    web = _allocate(client, token, VOLUNTEERS, {**options, "poll": poll}).json()
    assert web["rows"] == cli["rows"]
    # the plan under the command's key, with the projection the command's JSON carries
    assert "assignments" not in web and web["projection"] == cli["projection"] is not None
    assert web["summary"]["objective"] == cli["summary"]["objective"]
    assert any(note.startswith("The Great Britain shares sum to 90.0%") for note in web["notes"])
    unpolled = _allocate(client, token, VOLUNTEERS, options).json()
    assert unpolled["summary"]["objective"] != web["summary"]["objective"]
    page = client.post(
        "/organisers/allocate",
        files=_upload(VOLUNTEERS),
        data={**options, "poll": poll, "csrf_token": token},
    )
    assert page.status_code == 200 and f'name="poll" value="{poll}"' in page.text
    bad = _allocate(client, token, VOLUNTEERS, {**options, "poll": "Lab 70 Con 50"}, status=400)
    assert "sum to 120" in bad.json()["detail"]


def test_the_page_says_the_plan_in_the_command_s_words(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The plan's summary is the sentence ``psephos allocate`` prints under its table
    (:func:`psephos.targeting.allocation.allocation_sentence`): a small gain as the chance of
    one more seat, where the page said a bare "0.00014 expected seats gained"."""
    client, token = organiser_client
    data = {"election": "2019", "party": "Lab"}
    twin = _allocate(client, token, VOLUNTEERS, data).json()
    summary = twin["summary"]
    gained = summary["expected_seats_gained"]
    assert 0 < gained < 0.05
    page = client.post(
        "/organisers/allocate", files=_upload(VOLUNTEERS), data={**data, "csrf_token": token}
    )
    found = re.search(r'<p id="allocate-summary">(.*?)</p>', page.text, re.S)
    assert found is not None
    words = " ".join(unescape(found[1]).split())
    assert words.startswith(f"{summary['volunteers']} volunteers (6 rows read, 4 rejected) ")
    # the sentence up to the solver's time, which differs from one run to the next
    said = allocation_sentence(summary).split(" s). ")
    assert said[0].rsplit(", ", 1)[0] in words and said[1] in words
    assert (
        f"The plan places {summary['hours_allocated']} of {summary['hours_available']} hours, "
        f"expected to gain {format_number(gained)} seats (a chance of about 1 in "
    ) in words
    assert "of winning one more seat)" in words and "expected seats gained" not in words


def test_allocation_refusals_name_the_web_fields(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    strict = _allocate(client, token, VOLUNTEERS, {"strict": "true"}, status=400)
    first = parse_volunteers(VOLUNTEERS).rejected[0]
    assert strict.json()["detail"] == (
        f"volunteers row {first.row}: {first.reason} (4 row(s) rejected and strict was given; "
        "fix them and run again)."
    )
    swing = _allocate(client, token, VOLUNTEERS, {"swing": "Lab=lots"}, status=400)
    assert "Swing item 'Lab=lots' is not PARTY=CHANGE" in swing.json()["detail"]
    capacities = _allocate(client, token, VOLUNTEERS, capacities="seat\nX\n", status=400)
    assert "capacity file 'caps.csv' lacks column(s) hours" in capacities.json()["detail"]
    page = client.post(
        "/organisers/allocate",
        files={**_upload(VOLUNTEERS), "capacities_file": ("caps.csv", b"seat\nX\n", "text/csv")},
        data={"csrf_token": token, "swing": "Lab=+3"},
    )
    assert page.status_code == 400 and "capacity file 'caps.csv'" in unescape(page.text)
    assert 'name="swing" value="Lab=+3"' in page.text  # the form keeps what was typed
    empty = client.post(  # a browser sends the capacities input left empty as a nameless part
        "/organisers/allocate",
        files={**_upload(VOLUNTEERS), "capacities_file": ("", b"", "application/octet-stream")},
        data={"csrf_token": token},
    )
    assert empty.status_code == 200 and 'id="allocate-plan"' in empty.text


#: A volunteers file as a spreadsheet saves it: a byte-order mark, semicolons (a European
#: locale, with a decimal comma), its own headings and columns psephos does not read, a
#: postcode that is not in the table, and hours in the thousands.
SPREADSHEET = (
    "\ufeffVolunteer ID;Full name;Email;Phone;Postcode;Hours available;Notes\r\n"
    "s1;Ann Example;ann@example.org;07700 900001;CR0 1AB;1990;weekends\r\n"
    "s2;Bob Example;bob@example.org;07700 900002;NW6 1AB;40,5;\r\n"
    "s3;Cat Example;cat@example.org;;ZZ99 9ZZ;30;new\r\n"
    "s4;Dan Example;dan@example.org;;M1 1AE;1500;\r\n"
)


def _cells(page: str, table: str) -> list[list[str]]:
    body = re.search(rf'id="{table}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert body is not None
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body[1], re.S)
    ]


def test_a_spreadsheet_s_volunteers_file_walks_through_the_page(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The organisers' page with a file as people save one and a capacities file: every
    usable row allocated, the others named by row, the cap kept, and every number on the
    page written as the JSON twin's numbers are shown elsewhere (thousands separators)."""
    client, token = organiser_client
    team = ("team.csv", SPREADSHEET.encode(), "text/csv")
    options = {"election": "2024", "party": "Lab", "include_personal": "true"}
    uncapped = _allocate(client, token, team, options).json()
    capped = next(row["seat_name"] for row in uncapped["rows"] if row["volunteer_id"] == "s2")
    capacities = f"\ufeffSeat;Hours\r\n{capped};20\r\n"
    answer = _allocate(client, token, team, options, capacities=capacities).json()
    files = {"volunteers_file": team, "capacities_file": _part("caps.csv", capacities)}
    page = client.post("/organisers/allocate", files=files, data={"csrf_token": token, **options})
    assert page.status_code == 200, page.text
    text = unescape(page.text)
    for problem in answer["problems"]:
        assert problem["message"] in text
    assert [p["id"] for p in answer["problems"] if p["severity"] == "error"] == ["s3"]
    assert "Columns ignored: Phone, Notes." in text  # as the file spells them (Email is read)
    assert [row["capacity"] for row in answer["seats"] if row["name"] == capped] == [20]
    summary = answer["summary"]
    assert f"{format_number(summary['volunteers'], ',')} volunteers" in text
    assert _cells(page.text, "allocate-plan") == [
        [
            row["volunteer_id"],
            row["name"],
            row["seat_name"],
            format_number(row["hours"], ","),
            format_number(row["distance_km"], ".1f"),
        ]
        for row in answer["rows"]
        if row["seat_code"]
    ]
    assert any(row["hours"] >= 1000 for row in answer["rows"])


def test_a_refused_allocation_is_said_above_the_form(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    page = client.post(
        "/organisers/allocate",
        files={"volunteers_file": ("team.csv", SPREADSHEET.encode(), "text/csv")},
        data={"csrf_token": token, "party": "Whigs"},
    )
    assert page.status_code == 404  # as the twin's for a party psephos does not know
    assert 0 < page.text.index('id="allocate-error"') < page.text.index('id="allocate-form"')


def test_a_plan_that_places_no_hour_says_why_and_gives_no_share_of_the_optimum(
    organiser_client: tuple[TestClient, str], tmp_path: Path
) -> None:
    """Only Northern Ireland volunteers for Labour: the page and its twin say why nothing was
    placed, the library's one explanation as ``psephos allocate`` notes it, and the page does
    not call the greedy baseline 100% of an optimum of nothing."""
    client, token = organiser_client
    text = "id,postcode,hours\nv1,BT1 1,8\n"
    path = tmp_path / "volunteers.csv"
    path.write_text(text, encoding="utf-8")
    command = CliRunner().invoke(app, ["allocate", str(path), "-e", "2024", "--party", "Lab"])
    assert command.exit_code == 0, command.output
    notes = [line for line in command.stderr.splitlines() if line.startswith("note: No hours")]
    (why,) = [line.removeprefix("note: ") for line in notes]
    assert why.startswith("No hours placed: Lab stands in none of the seats")
    data = {"election": "2024", "party": "Lab"}
    twin = _allocate(client, token, text, data).json()
    assert twin["summary"]["hours_allocated"] == 0 and twin["notes"] == [why]
    # the plan in words, as the command prints it under its table
    assert twin["headline"] == ["The plan places 0 of 8 hours."]
    assert command.stdout.splitlines()[-1] == twin["headline"][0]
    page = client.post(
        "/organisers/allocate", files=_upload(text), data={**data, "csrf_token": token}
    )
    assert page.status_code == 200, page.text
    assert why in unescape(page.text) and "of the optimum" not in page.text
    placed = client.post(
        "/organisers/allocate", files=_upload(VOLUNTEERS), data={**data, "csrf_token": token}
    )
    assert "of the optimum" in placed.text and "No hours placed" not in placed.text


def test_the_allocation_map_s_key_is_inside_its_frame(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The hours key sits in the map's figure, as every other map's does (it stood under the
    frame)."""
    client, token = organiser_client
    page = client.post(
        "/organisers/allocate", files=_upload(VOLUNTEERS), data={"csrf_token": token}
    ).text
    figure = re.search(r'<figure class="hexmap">.*?</figure>', page, re.DOTALL)
    assert figure is not None
    assert 'id="allocate-legend"' in figure.group(0)
    assert page.count('id="allocate-legend"') == 1
    assert '<svg class="swatch"' in figure.group(0)


def test_a_volunteers_file_of_only_its_header_says_what_to_give(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A volunteers sheet saved with its header and no rows is refused on the page and its
    twin with one line saying to give a row per volunteer, where it said only that no valid
    rows were found."""
    client, token = organiser_client
    files = {"volunteers_file": ("team.csv", b"\xef\xbb\xbfName,Postcode,Hours\r\n", "text/csv")}
    twin = client.post("/api/organisers/allocate", files=files, headers={"X-CSRF-Token": token})
    assert twin.status_code == 400
    assert twin.json()["detail"] == (
        "No volunteer rows to allocate: the file has its header and no rows; give a row for "
        "each volunteer, with their hours and a postcode (or latitude and longitude)."
    )
    page = client.post("/organisers/allocate", data={"csrf_token": token}, files=files)
    assert page.status_code == 400
    assert twin.json()["detail"] in unescape(page.text)


def test_a_capacity_rounded_down_is_said_in_the_plan_s_notes(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A capacities file's "2,5" hours is read as 2 with a note, as ``psephos allocate``
    prints it; the page said nothing of the half hour dropped."""
    client, token = organiser_client
    capacities = "seat;hours\r\nCroydon Central;2,5\r\n"
    twin = _allocate(client, token, BY_POSTCODE, {"election": "2019"}, capacities=capacities)
    note = (
        "The capacity file 'caps.csv' gives a fraction of an hour on row 2 (2.5 read as 2): "
        "capacities are whole hours, so each was rounded down."
    )
    assert note in twin.json()["notes"]


def test_the_page_lists_who_is_not_placed_and_why(
    organiser_client: tuple[TestClient, str],
) -> None:
    """Volunteers left out of the plan were never named (a count of hours only); the page
    lists each with their hours and why, the CSV holds them as rows without a seat, and the
    trip's distance is in the plan without the personal-data switch."""
    client, token = organiser_client
    text = "id,postcode,hours\na,M14 5AA,5\nb,L4 0TH,2\nc,BT7 1NN,4\nd,M14 5AA,0\n"
    data = {"election": "2024", "party": "Lab"}
    page = client.post(
        "/organisers/allocate", files=_upload(text), data={**data, "csrf_token": token}
    )
    assert page.status_code == 200, page.text
    assert _cells(page.text, "allocate-unplaced") == [
        [
            "b",
            "2",
            "the travel to every seat where an hour gains anything costs more than the hours "
            "it buys there",
        ],
        ["c", "4", "Lab stands in none of the 15 nearest seats"],
        ["d", "0", "0 hours"],
    ]
    (placed,) = _cells(page.text, "allocate-plan")
    assert placed[0] == "a" and float(placed[-1]) > 0  # km, without names or homes
    found = re.search(r'<p id="allocate-summary">(.*?)</p>', page.text, re.S)
    assert found is not None
    assert " ".join(unescape(found[1]).split()).startswith(
        "3 volunteers (4 rows read, 0 rejected, 1 with 0 hours) on the "
    )
    assert "1 placed, 2 not placed." in unescape(found[1])
    plan = file_csv(_allocate(client, token, text, data, output="csv"))
    rows = list(csv.DictReader(io.StringIO(plan)))
    assert [(row["volunteer_id"], row["seat_code"]) for row in rows][1:] == [
        ("b", ""),
        ("c", ""),
        ("d", ""),
    ]
    assert rows[0]["distance_km"] and "latitude" not in rows[0]


def test_rows_with_problems_are_counted_as_rows(organiser_client: tuple[TestClient, str]) -> None:
    """The heading counted problems as if they were rows: a row rejected for its postcode was
    also adjusted for its half hour, and counted twice."""
    client, token = organiser_client
    text = "id,postcode,hours\na,M14 5AA,2.5\nb,ZZ99 9ZZ,2.5\nc,M14 5AA,1\n"
    page = client.post("/organisers/allocate", files=_upload(text), data={"csrf_token": token})
    assert page.status_code == 200, page.text
    assert "<h3>Rows with problems (2)</h3>" in page.text
    assert "row 3 (id b): adjusted" not in page.text


#: A volunteers file over the allocation's 5 MB limit (5.6 MB).
TOO_BIG = "id,latitude,longitude,hours\n" + "v,51.5,-0.1,1\n" * 420_000


def test_an_upload_over_the_limit_is_refused_in_words_on_the_form_and_in_json(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A file over the limit got a bare text/plain "Content Too Large": the form and its
    choices gone, and no JSON from the JSON twin. The twin answers JSON, the page the form
    again with the size, the limit and what to do."""
    client, token = organiser_client
    twin = _allocate(client, token, TOO_BIG, status=413)
    assert twin.headers["content-type"] == "application/json"
    assert twin.json() == {
        "detail": "The upload is 5.61 MB, over this page's limit of 5 MB: delete the columns "
        "psephos does not read (notes, comments, addresses, phone numbers) and send it again, "
        "or use the command line, which reads a file of any size."
    }
    page = client.post(
        "/organisers/allocate", files=_upload(TOO_BIG), data={"csrf_token": token, "party": "Lab"}
    )
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    text = unescape(page.text)
    assert 0 < text.index('id="allocate-error"') < text.index('id="allocate-form"')
    assert twin.json()["detail"] in text and "Back button keeps the choices" in text


def test_a_crm_export_with_a_notes_column_over_1_mb_is_allocated(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A 5,000-row CRM export with a comments column is 1.3 MB: over the app's 1 MB, within
    the allocation's own limit."""
    client, token = organiser_client
    notes = "x" * 65_000
    text = "id,postcode,hours,notes\n" + "".join(
        f"v{index},CR0 1AB,{index % 7},{notes}\n" for index in range(20)
    )
    assert len(text) > 1024 * 1024
    answer = _allocate(client, token, text, {"election": "2019"}).json()
    assert answer["summary"]["rows_read"] == 20
    assert len({row["volunteer_id"] for row in answer["rows"]}) == 20


def test_the_unplaced_table_counts_rejected_rows_apart_from_volunteers_not_placed(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The summary said "0 not placed" above a table headed "Not placed (1)" that held only a
    rejected row; the table's title now counts the rejected rows as rejected."""
    client, token = organiser_client
    text = "id,postcode,hours\na,M14 5AA,5\nb,M14 5AA,-3\n"
    page = client.post(
        "/organisers/allocate",
        files=_upload(text),
        data={"election": "2024", "party": "Lab", "csrf_token": token},
    )
    assert page.status_code == 200, page.text
    found = re.search(r'<p id="allocate-summary">(.*?)</p>', page.text, re.S)
    assert found is not None and "1 placed, 0 not placed." in unescape(found[1])
    title = re.search(r'<h2 id="allocate-unplaced-title">(.*?)</h2>', page.text)
    assert title is not None and title[1] == "Rejected rows (1)"
    both = "id,postcode,hours\na,M14 5AA,5\nb,M14 5AA,-3\nc,BT7 1NN,4\n"
    page = client.post(
        "/organisers/allocate",
        files=_upload(both),
        data={"election": "2024", "party": "Lab", "csrf_token": token},
    )
    title = re.search(r'<h2 id="allocate-unplaced-title">(.*?)</h2>', page.text)
    assert title is not None and title[1] == "Not placed (1) and rejected rows (1)"
