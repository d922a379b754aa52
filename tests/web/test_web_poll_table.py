"""A poll table uploaded to the swingometer, the forecast page and ``POST /api/poll-average``
is averaged and projected as every command's ``--poll FILE`` averages and projects it."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from typer.testing import CliRunner
from web_helpers import page_token

from cli_helpers import command_json
from psephos.cli import app as cli
from psephos.errors import DataFormatError, PsephosError
from psephos.io.polls import WHAT
from psephos.io.rows import BOX_PICK, decode_file, file_named
from psephos.jurisdictions import JURISDICTIONS, UK, load
from psephos.projection.polls import check_window, read_poll_average
from psephos.web.routes.polls import PollWindow

#: Three polls in the final week (one party not in every poll, a column that is no party) and
#: one older poll left out.
POLLS = (
    "Fieldwork,Pollster,Sample size,Con,Lab,LD,Green,Reform,SNP,tig\n"
    "28 Jun - 3 Jul 2024,Alpha,2000,20%,40%,10%,n/a,16,3,1\n"
    "1-2 Jul 2024,Beta,1500,22,38,12,7,15,,\n"
    "27/06/2024,Gamma,1000,24,36,-,7,17,3,\n"
    "2024-06-01,Alpha,2000,30,30,30,10,0,0,\n"
)
#: Tables the reader refuses: a date it cannot read, two columns for one party, no polls, a
#: cell longer than the csv module splits.
REFUSED = {
    "bad-date.csv": "date,Con,Lab\n2024-07-03,30,40\nsoon,31,39\n",
    "two-reform.csv": "date,con,ukip,bxp\n2019-12-11,43,1,3\n",
    "empty.csv": "date,con,lab\n",
    "long-cell.csv": f'date,con\n2024-07-03,"{"9" * (csv.field_size_limit() + 1)}"\n',
}


def _file(tmp_path: Path, text: str, name: str = "polls.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _upload(text: str, name: str = "polls.csv") -> dict[str, tuple[str, bytes, str]]:
    return {"poll_file": (name, text.encode(), "text/csv")}


def _refusal(path: Path, base: str | None = None) -> str:
    """The reader's refusal of a table, read against the ``base`` election as a page reads
    it (without one, as the API without ``base`` does)."""
    parties = None if base is None else load(base).parties
    with pytest.raises(PsephosError) as refused:
        read_poll_average(path, parties=parties, election_id=base)
    return str(refused.value)


def _seats(page: str) -> dict[str, int]:
    """The swingometer's seat table: party label -> seats."""
    table = page.split('id="swing-seats"')[1].split("</table>")[0]
    rows = re.findall(r"</svg>([^<]+)</td><td class=\"num\">(\d+)</td>", table)
    return {unescape(label): int(seats) for label, seats in rows}


def _twin(client: TestClient, page: str) -> dict[str, Any]:
    """The JSON the page's twin link gives."""
    href = unescape(page.split('<p class="twin">JSON: <a href="')[1].split('"')[0])
    answer = client.get(href)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


@pytest.mark.parametrize("model", ["national", "uniform"])
def test_the_swingometer_projects_a_poll_table_as_project_poll_file_does(
    client: TestClient, tmp_path: Path, model: str
) -> None:
    path = _file(tmp_path, POLLS)
    expected = command_json("project", "--poll", str(path), "--model", model)
    average = read_poll_average(path)
    page = client.post(
        "/swingometer",
        data={"csrf_token": page_token(client, "/swingometer"), "model": model, "base": "2024"},
        files=_upload(POLLS),
    )
    assert page.status_code == 200, page.text
    shown = unescape(page.text)
    for note in average.notes():  # what was averaged and left out, as the command's notes
        assert note in shown
    twin = _twin(client, page.text)  # the page's projection, run again from its link
    assert twin["model"] == model
    assert {row["party"]: row["seats"] for row in twin["seats"]} == {
        party: seats for party, seats in expected["seats"].items() if seats
    }
    assert _seats(page.text) == {row["party_label"]: row["seats"] for row in twin["seats"]}
    for party, share in average.shares.items():  # the sliders are set to the mean
        assert f'name="{party}" min="0" max="100" step="0.1" value="{round(share, 2)}"' in page.text


def test_the_forecast_page_forecasts_a_poll_table_s_mean(
    client: TestClient, tmp_path: Path
) -> None:
    average = read_poll_average(_file(tmp_path, POLLS))
    page = client.post(
        "/forecast",
        data={"csrf_token": page_token(client, "/forecast"), "model": "uniform"},
        files=_upload(POLLS),
    )
    assert page.status_code == 200, page.text
    shown = unescape(page.text)
    for note in average.notes():
        assert note in shown
    assert f'name="poll" value="{average.as_poll()}"' in shown  # to adjust from there
    twin = _twin(client, page.text)
    typed = client.get(  # with the seat table's rows, as the twin link asks
        "/api/forecast", params={"poll": average.as_poll(), "model": "uniform", "seats": "true"}
    )
    assert twin == typed.json()
    assert twin["no_majority_sentence"].startswith("Hung parliament: ")
    assert twin["no_majority_sentence"] in shown


@pytest.mark.parametrize("name", sorted(REFUSED))
@pytest.mark.parametrize("page", ["/swingometer", "/forecast"])
def test_a_refused_poll_table_is_shown_on_the_page(
    client: TestClient, tmp_path: Path, name: str, page: str
) -> None:
    message = _refusal(_file(tmp_path, REFUSED[name], name), UK.latest_id)  # the pages' base
    answer = client.post(
        page, data={"csrf_token": page_token(client, page)}, files=_upload(REFUSED[name], name)
    )
    assert answer.status_code == 400  # as POST /api/poll-average answers it
    assert message in unescape(answer.text)
    assert 'id="poll-table-form"' in answer.text  # the forms again, to try another file


@pytest.mark.parametrize("page", ["/swingometer", "/forecast"])
def test_a_poll_table_form_needs_the_session_s_token(client: TestClient, page: str) -> None:
    page_token(client, page)
    refused = client.post(page, data={"csrf_token": "wrong"}, files=_upload(POLLS))
    assert refused.status_code == 403


def test_the_api_gives_the_mean_and_its_notes(client: TestClient, tmp_path: Path) -> None:
    average = read_poll_average(_file(tmp_path, POLLS))
    answer = client.post("/api/poll-average", files=_upload(POLLS))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["poll"] == average.as_poll()
    assert body["shares"] == pytest.approx(average.shares)
    assert body["notes"] == average.notes()
    assert body["n_polls"] == average.n_polls
    assert (body["first"], body["last"]) == (average.first.isoformat(), average.last.isoformat())
    assert body["pollsters"] == list(average.pollsters)
    assert body["ignored"] == list(average.ignored)
    assert body["reported"] == average.reported


def test_the_api_reads_a_windows_1252_table_with_a_note(client: TestClient) -> None:
    text = POLLS.replace("Gamma", "Élan")
    answer = client.post(
        "/api/poll-average", files={"poll_file": ("polls.csv", text.encode("cp1252"), "text/csv")}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert "Élan" in body["pollsters"]
    assert "Windows-1252" in body["notes"][0]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_api_refuses_a_table_with_the_reader_s_message(
    client: TestClient, tmp_path: Path, name: str
) -> None:
    message = _refusal(_file(tmp_path, REFUSED[name], name))
    answer = client.post("/api/poll-average", files=_upload(REFUSED[name], name))
    assert answer.status_code == 400
    assert answer.json()["detail"] == message


#: An .xlsx workbook's media type, as a browser sends one.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_workbook_of_polls_is_averaged_as_the_same_table_as_csv(
    client: TestClient, tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    """An .xlsx upload (its first sheet) gives the CSV's mean and notes, the notes naming the
    sheet; the swingometer projects it, its form accepting .xlsx."""
    book = workbook(tmp_path / "polls.xlsx", ("Polls", POLLS))
    from_csv = client.post("/api/poll-average", files=_upload(POLLS))
    upload = {"poll_file": ("polls.xlsx", book.read_bytes(), XLSX)}
    from_book = client.post("/api/poll-average", files=upload)
    assert from_csv.status_code == from_book.status_code == 200, from_book.text
    assert "polls.xlsx#Polls" in from_book.json()["notes"][0]
    assert json.loads(from_book.text.replace("polls.xlsx#Polls", "polls.csv")) == from_csv.json()
    average = read_poll_average(book)
    page = client.post(
        "/swingometer",
        data={"csrf_token": page_token(client, "/swingometer"), "base": "2024"},
        files=upload,
    )
    assert page.status_code == 200, page.text
    shown = unescape(page.text)
    for note in average.notes():
        assert note in shown
    for form in ("/swingometer", "/forecast"):
        accept = re.search(r'name="poll_file" accept="([^"]*)"', client.get(form).text)
        assert accept is not None and {".csv", ".xlsx", XLSX} <= set(accept[1].split(","))


def _sheet_refusal(raw: bytes, name: str, sheet: str) -> str:
    """The one reader's refusal of ``sheet`` of an upload called ``name`` (a CSV, or a
    workbook without that sheet), named as an upload is named."""
    with pytest.raises(DataFormatError) as refused:
        label = f"The {file_named(WHAT, name)}"
        decode_file(raw, label=label, name=name, sheet=sheet, pick=BOX_PICK)
    return str(refused.value)


def test_the_sheet_box_picks_a_workbook_s_sheet_as_a_path_does(
    client: TestClient, tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    """A workbook of two sheets, the polls on the second: ``sheet`` picks it (its name as
    written, or in another case, as ``polls.xlsx#latest`` would) and gives the mean of the
    same table as CSV; the forms that take a poll table have the box."""
    older = "date,Con,Lab,LD\n2019-12-11,43,33,12\n"
    raw = workbook(tmp_path / "polls.xlsx", ("Old", older), ("Latest", POLLS)).read_bytes()
    upload = {"poll_file": ("polls.xlsx", raw, XLSX)}
    from_csv = client.post("/api/poll-average", files=_upload(POLLS))
    assert from_csv.status_code == 200, from_csv.text
    first = client.post("/api/poll-average", files=upload)
    assert first.json()["shares"] != from_csv.json()["shares"]  # the first sheet's mean
    for sheet in ("Latest", "latest"):
        picked = client.post("/api/poll-average", data={"sheet": sheet}, files=upload)
        assert picked.status_code == 200, picked.text
        body = json.loads(picked.text.replace("polls.xlsx#Latest", "polls.csv"))
        assert body == from_csv.json()
    for form in ("/swingometer", "/forecast"):
        table_form = client.get(form).text.split('id="poll-table-form"')[1].split("</form>")[0]
        assert 'name="sheet"' in table_form


@pytest.mark.parametrize("path", ["/swingometer", "/forecast"])
def test_a_sheet_the_workbook_lacks_is_said_above_the_form_with_its_sheets(
    client: TestClient, tmp_path: Path, workbook: Callable[..., Path], path: str
) -> None:
    raw = workbook(tmp_path / "polls.xlsx", ("Old", POLLS), ("Latest", POLLS)).read_bytes()
    page = client.post(
        path,
        data={"csrf_token": page_token(client, path), "base": "2024", "sheet": "Newest"},
        files={"poll_file": ("polls.xlsx", raw, XLSX)},
    )
    assert page.status_code == 422
    message = _sheet_refusal(raw, "polls.xlsx", "Newest")
    assert "'Old', 'Latest'" in message  # the reader lists the sheets
    alert = re.search(r'<p class="error"[^>]*role="alert">(.*?)</p>', page.text, re.S)
    assert alert is not None and str(escape(message)) in alert[1]


def test_a_sheet_named_beside_a_csv_is_refused_in_the_reader_s_words(client: TestClient) -> None:
    answer = client.post("/api/poll-average", data={"sheet": "2024"}, files=_upload(POLLS))
    assert answer.status_code == 422
    assert answer.json()["detail"] == _sheet_refusal(POLLS.encode(), "polls.csv", "2024")


def test_every_sheet_message_on_the_web_says_the_sheet_box(
    client: TestClient, tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    """The reader's note on a workbook of several sheets, and its refusals of a sheet the
    workbook lacks, of an empty sheet and of a sheet of a CSV, tell the web's user to pick a
    sheet in the Sheet box beside the upload, never after a path's '#'."""
    raw = workbook(tmp_path / "polls.xlsx", ("Latest", POLLS), ("Old", POLLS)).read_bytes()
    emptied = workbook(tmp_path / "cover.xlsx", ("Cover", ""), ("Latest", POLLS)).read_bytes()

    def said(body: bytes, name: str, sheet: str | None) -> str:
        answer = client.post(
            "/api/poll-average",
            data={"sheet": sheet} if sheet else {},
            files={"poll_file": (name, body, XLSX)},
        )
        if answer.status_code == 422:
            return str(answer.json()["detail"])
        assert answer.status_code == 200, answer.text
        return str(answer.json()["notes"][0])

    table = f"The {WHAT} 'polls.xlsx'"
    assert said(raw, "polls.xlsx", None) == (
        f"{table} has 2 sheets ('Latest', 'Old'); the first, 'Latest', was read (pick another "
        "by typing 'Old' in its Sheet box, or move it first)."
    )
    assert said(raw, "polls.xlsx", "New") == (
        f"{table} has no sheet 'New'; its sheets are 'Latest', 'Old' (pick one by typing "
        "'Latest' in its Sheet box)."
    )
    assert said(emptied, "cover.xlsx", None) == (
        f"The {WHAT} 'cover.xlsx' has nothing in its sheet 'Cover'; its sheets are 'Cover', "
        "'Latest' (pick one by typing 'Latest' in its Sheet box)."
    )
    assert said(POLLS.encode(), "polls.csv", "Latest") == (
        f"The {WHAT} 'polls.csv' is not an .xlsx workbook, so it has no sheet 'Latest'; leave "
        "its Sheet box empty."
    )


def test_the_api_refuses_a_file_that_is_not_text(client: TestClient) -> None:
    answer = client.post(
        "/api/poll-average", files={"poll_file": ("polls.xlsx", b"PK\x03\x04\x00\x00", "x")}
    )
    assert answer.status_code == 422
    assert "not text" in answer.json()["detail"]


#: Windows of polls as the command line and the forms give them: options, form fields, and
#: the library's keywords.
WINDOWS = [
    (["--poll-days", "40"], {"poll_days": "40"}, {"days": 40}),
    (["--poll-until", "2024-07-03"], {"poll_until": "2024-07-03"}, {"until": "2024-07-03"}),
    (
        ["--poll-days", "3", "--poll-until", "2024-07-04"],
        {"poll_days": "3", "poll_until": "2024-07-04"},
        {"days": 3, "until": "2024-07-04"},
    ),
]


@pytest.mark.parametrize(("options", "fields", "window"), WINDOWS, ids=["days", "until", "both"])
def test_the_api_averages_the_window_the_command_does(
    client: TestClient,
    tmp_path: Path,
    options: list[str],
    fields: dict[str, str],
    window: dict[str, Any],
) -> None:
    path = _file(tmp_path, POLLS)
    average = read_poll_average(path, **window)
    assert average.shares != read_poll_average(path).shares  # the window changes the mean
    answer = client.post("/api/poll-average", data=fields, files=_upload(POLLS))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["poll"] == average.as_poll()
    assert body["window"] == [day.isoformat() for day in average.window]
    result = CliRunner().invoke(cli, ["project", "--poll", str(path), *options, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [f"note: {note}" for note in body["notes"]] == [
        line for line in result.stderr.splitlines() if line.startswith("note: ")
    ][: len(body["notes"])]
    page = client.post(
        "/swingometer",
        data={"csrf_token": page_token(client, "/swingometer"), "base": "2024", **fields},
        files=_upload(POLLS),
    )
    assert page.status_code == 200, page.text
    expected = json.loads(result.stdout)["seats"]
    twin = _twin(client, page.text)["seats"]
    assert {row["party"]: row["seats"] for row in twin if row["seats"]} == {
        party: seats for party, seats in expected.items() if seats
    }


def test_blank_window_fields_are_the_final_week(client: TestClient, tmp_path: Path) -> None:
    average = read_poll_average(_file(tmp_path, POLLS))
    answer = client.post(
        "/api/poll-average", data={"poll_days": "", "poll_until": " "}, files=_upload(POLLS)
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["notes"] == average.notes()


@pytest.mark.parametrize(
    ("fields", "window"),
    [({"poll_days": "0"}, {"days": 0}), ({"poll_until": "polling day"}, {"until": "polling day"})],
)
def test_a_bad_window_is_refused_in_the_library_s_words(
    client: TestClient, fields: dict[str, str], window: dict[str, Any]
) -> None:
    with pytest.raises(PsephosError) as refused:
        check_window(**window)
    answer = client.post("/api/poll-average", data=fields, files=_upload(POLLS))
    assert answer.status_code == 400
    assert answer.json()["detail"] == str(refused.value)
    for page in ("/swingometer", "/forecast"):
        shown = client.post(
            page, data={"csrf_token": page_token(client, page), **fields}, files=_upload(POLLS)
        )
        assert shown.status_code == 400
        assert str(refused.value) in unescape(shown.text)


@pytest.mark.parametrize("page", ["/swingometer", "/forecast"])
@pytest.mark.parametrize("answered", [False, True])
def test_the_sheet_and_window_sent_are_kept_in_their_boxes(
    client: TestClient, page: str, answered: bool
) -> None:
    """A refused table (no poll in the three days before 1 July) came back with Days averaged,
    Before and Sheet empty, to be typed again with the file; they are kept, as every other
    refused form keeps its fields, and after an answer too, to adjust from there."""
    window = {"poll_days": "3" if not answered else "7", "poll_until": "2024-07-01"}
    if not answered:
        window["sheet"] = "2024"  # refused beside a CSV, in the reader's words
    shown = client.post(
        page, data={"csrf_token": page_token(client, page), **window}, files=_upload(POLLS)
    )
    assert (shown.status_code == 200) is answered, unescape(shown.text)
    form = shown.text.split('id="poll-table-form"')[1].split("</form>")[0]
    kept = {
        name: re.search(rf'<input [^>]*name="{name}"[^>]* value="([^"]*)"', form)
        for name in ("poll_days", "poll_until", "sheet")
    }
    assert {name: found[1] for name, found in kept.items() if found} == window


@pytest.mark.parametrize("page", ["/swingometer", "/forecast"])
def test_the_upload_forms_ask_for_the_window(client: TestClient, page: str) -> None:
    form = client.get(page).text.split('id="poll-table-form"')[1].split("</form>")[0]
    for name in PollWindow.model_fields:
        assert f'name="{name}"' in form


#: Each page's main form, and the choices of it the poll table form carries.
CARRIED = {
    "/swingometer": ("swing-form", ("base", "model", "areas", "forecast")),
    "/forecast": ("forecast-form", ("base", "model", "areas")),
}


def _hidden(form: str) -> dict[str, str]:
    """A form's hidden inputs (not disabled): name -> value, as a browser sends them."""
    found = {}
    for tag in re.findall(r'<input type="hidden"[^>]*>', form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and value and " disabled" not in tag:
            found[name.group(1)] = unescape(value.group(1))
    return found


@pytest.mark.parametrize("page", sorted(CARRIED))
def test_each_choice_is_asked_once_and_the_poll_table_form_carries_it(
    client: TestClient, page: str
) -> None:
    """The base election, model and area shares (and the swingometer's forecast choice) are
    asked once, in the page's main form; the poll table form carries the page's choices as
    hidden inputs (app.js refreshes them from the main form as the table is sent), so the
    table sent as the page stands is averaged and projected with them."""
    main, names = CARRIED[page]
    areas = "area,party,share\nScotland,SNP,40"
    every = {"base": "2017", "model": "uniform", "areas": areas, "forecast": "true"}
    asked = {name: every[name] for name in names}  # the forecast page has no forecast choice
    text = client.get(page, params=asked).text
    assert f'id="{main}"' in text
    for name in names:
        controls = re.findall(
            rf'<(?:select|textarea) name="{name}"|type="checkbox" name="{name}"', text
        )
        assert len(controls) == 1, (name, controls)
    table_form = text.split('id="poll-table-form"')[1].split("</form>")[0]
    assert f'data-carries="{main}"' in text
    carried = _hidden(table_form)
    assert {name: carried.get(name) for name in names} == {name: asked[name] for name in names}
    sent = client.post(page, data={**carried}, files=_upload(POLLS))
    assert sent.status_code == 200, sent.text
    assert re.search(r'<option value="2017" selected>', sent.text)
    assert re.search(r'<option value="uniform" selected>', sent.text)
    assert f">{escape(areas)}</textarea>" in sent.text


#: A Canadian table whose "People's" column only Canada's parties read (the PPC).
CANADIAN = (
    "end_date,pollster,Conservative,Liberal,NDP,Bloc,Green,People's\n"
    "2021-09-18,A,33,32,19,7,3,5\n2021-09-19,B,34,31,20,6,3,6\n"
)


@pytest.mark.parametrize("page", ["/swingometer", "/forecast"])
def test_a_page_reads_a_table_s_headers_against_its_base_election(
    client: TestClient, tmp_path: Path, page: str
) -> None:
    """The pages read an uploaded table's party headers against the election they project
    from, as ``--poll FILE`` reads them against its base: "People's" is Canada's PPC."""
    from psephos.jurisdictions import load

    path = _file(tmp_path, CANADIAN)
    mean = read_poll_average(path, parties=load("canada-2021").parties)
    assert "PPC" in mean.shares and "PPC" not in read_poll_average(path).shares
    answer = client.post(
        page,
        data={"csrf_token": page_token(client, page), "base": "canada-2021", "model": "uniform"},
        files=_upload(CANADIAN),
    )
    assert answer.status_code == 200, answer.text
    shown = unescape(answer.text)
    assert mean.summary() in shown
    assert "not read as parties" not in shown
    params = {"base": "canada-2021", "model": "uniform", "poll": mean.as_poll()}
    seats = {"seats": "true"} if page == "/forecast" else {}  # the forecast's seat table
    assert _twin(client, answer.text) == client.get(f"/api{page}", params=params | seats).json()


def test_the_api_reads_a_table_s_headers_against_a_base_if_given(client: TestClient) -> None:
    with_base = client.post(
        "/api/poll-average", data={"base": "canada-2021"}, files=_upload(CANADIAN)
    )
    assert with_base.status_code == 200, with_base.text
    assert "PPC" in with_base.json()["shares"]
    assert "PPC" not in client.post("/api/poll-average", files=_upload(CANADIAN)).json()["shares"]
    unknown = client.post("/api/poll-average", data={"base": "1066"}, files=_upload(CANADIAN))
    assert unknown.status_code == 404


@pytest.mark.parametrize("page", ["/forecast", "/swingometer"])
def test_a_table_s_notes_stay_with_its_upload(
    client: TestClient, tmp_path: Path, page: str
) -> None:
    """The file's notes are added to this answer only: the same mean typed in later (an answer
    the page may keep from the upload's run) shows none of them."""
    average = read_poll_average(_file(tmp_path, POLLS))
    uploaded = client.post(
        page,
        data={"csrf_token": page_token(client, page), "model": "uniform", "base": "2024"},
        files=_upload(POLLS),
    )
    assert uploaded.status_code == 200, uploaded.text
    typed = client.get(
        f"/api{page}", params={"poll": average.as_poll(), "model": "uniform", "base": "2024"}
    )
    assert typed.status_code == 200, typed.text
    file_notes = set(average.notes())
    assert file_notes
    assert not file_notes & set(typed.json()["notes"])


@pytest.mark.parametrize("page", ["/swingometer", "/forecast"])
@pytest.mark.parametrize(("base", "table"), [("canada-2021", POLLS), ("2024", CANADIAN)])
def test_a_table_of_another_country_s_parties_is_refused_naming_its_country(
    client: TestClient, page: str, base: str, table: str
) -> None:
    """A poll table is the person's file, not a form default: read against another country's
    base election it is not switched (the upload forms carry no country field) but refused,
    the message saying which country its parties are of and naming an election of it."""
    answer = client.post(
        page,
        data={"csrf_token": page_token(client, page), "base": base, "model": "uniform"},
        files=_upload(table),
    )
    said = re.search(r'<p class="error"[^>]*>(.*?)</p>', answer.text, re.S)
    assert answer.status_code == 400 and said is not None
    other = JURISDICTIONS["uk" if base.startswith("canada") else "canada"]
    assert f"party: use a {other.as_adjective} election" in unescape(said.group(1))
    assert 'name="country"' not in answer.text.split('id="poll-table-form"')[1].split("</form>")[0]
