"""Your own results: the results file page and its JSON twin tell a file as ``psephos results
FILE`` and ``psephos marginals FILE`` do, a UK file and one of its own country alike, and refuse
what the command refuses in its words."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import page_token

from cli_helpers import command_json, made_up_wards
from psephos.cli import app
from psephos.errors import PsephosError
from psephos.web import services
from psephos.web.context import page_message

#: A made-up UK file: a hung House of three seats.
UK = (
    "seat_code,seat_name,party,votes\n"
    "E1,North,Lab,500\nE1,North,Con,400\nE1,North,LD,300\n"
    "E2,South,Con,600\nE2,South,Lab,350\nE2,South,LD,100\n"
    "E3,East,LD,450\nE3,East,Con,440\nE3,East,Lab,200\n"
)
#: A made-up file of parties no bundled country knows, with electorates: its own country.
INDIA = (
    "seat_code,seat_name,party,votes,electorate\n"
    "1,Riverton,BJP,500,1500\n1,Riverton,INC,400,1500\n"
    "2,Hillside,INC,600,1200\n2,Hillside,BJP,300,1200\n"
    "3,Lakeview,INC,450,1000\n3,Lakeview,BSP,100,1000\n"
)
FILES = {"uk.csv": UK, "india.csv": INDIA}


def _without_colour(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in row.items() if key != "colour"} for row in rows]


def _written(tmp_path: Path, name: str) -> Path:
    """The made-up file ``name`` of :data:`FILES`, written where the command can read it."""
    path = tmp_path / name
    path.write_text(FILES[name], encoding="utf-8")
    return path


def _post_twin(client: TestClient, name: str, text: str, **form: str) -> Any:
    files = {"results_file": (name, text.encode(), "text/csv")}
    return client.post("/api/results/file", files=files, data=form)


def _post_page(client: TestClient, name: str, text: str, **form: str) -> Any:
    token = page_token(client, "/results/file")
    files = {"results_file": (name, text.encode(), "text/csv")}
    return client.post("/results/file", files=files, data={**form, "csrf_token": token})


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_twin_and_page_say_what_the_command_says(
    client: TestClient, tmp_path: Path, name: str
) -> None:
    path = _written(tmp_path, name)
    expected = command_json("results", str(path))
    closest = command_json("marginals", str(path), "--top", "20")
    posted = _post_twin(client, name, FILES[name])
    assert posted.status_code == 200, posted.text
    body = posted.json()
    for key in ("election", "previous", "n_seats", "turnout_pct", "close_calls", "headline"):
        assert body[key] == expected[key], key
    assert body["notes"] == expected.get("notes", [])  # the command's JSON has none without
    assert _without_colour(body["rows"]) == expected["rows"]
    assert body["marginals"] == closest["rows"]
    assert body["seat"] is None
    codes = dict.fromkeys(line.split(",")[0] for line in FILES[name].splitlines()[1:])
    assert [seat["code"] for seat in body["seats"]] == list(codes)
    page = _post_page(client, name, FILES[name])
    assert page.status_code == 200, page.text
    text = unescape(page.text)
    assert f'id="results-file-lede">{expected["headline"][0]}</p>' in text
    assert f"{expected['headline'][1]}." in text
    for row in expected["rows"]:
        assert f"{row['share_pct']:.2f}</td>" in text
    for seat in closest["rows"]:
        assert f"{seat['name']}</a>" in text
    assert 'aria-label="Seats by party"' in text  # the election page's chart


#: A made-up New Zealand file: Labour and Green are names psephos knows, National is not.
NEW_ZEALAND = (
    "seat_code,seat_name,party,votes\n"
    "1,Auckland Central,National,500\n1,Auckland Central,Labour,450\n"
    "2,Wellington Central,Labour,600\n2,Wellington Central,National,300\n"
    "2,Wellington Central,Green,200\n"
)


@pytest.mark.parametrize("unknown", ["other", "own"])
def test_unknown_parties_are_read_as_the_command_reads_them(
    client: TestClient, tmp_path: Path, unknown: str
) -> None:
    path = tmp_path / "nz.csv"
    path.write_text(NEW_ZEALAND, encoding="utf-8")
    expected = command_json("results", str(path), "--unknown-parties", unknown)
    body = _post_twin(client, "nz.csv", NEW_ZEALAND, unknown_parties=unknown).json()
    assert body["headline"] == expected["headline"]
    assert _without_colour(body["rows"]) == expected["rows"]
    page = unescape(_post_page(client, "nz.csv", NEW_ZEALAND, unknown_parties=unknown).text)
    assert expected["headline"][0] in page
    assert f'<option value="{unknown}" selected>' in page  # the menu keeps what was chosen


def test_a_file_of_its_own_country_has_its_note_and_colours(client: TestClient) -> None:
    body = _post_twin(client, "india.csv", INDIA).json()
    assert [note.split(" is one psephos knows")[0] for note in body["notes"]] == [
        "No party of the results file 'india.csv'"
    ]
    colours = [row["colour"] for row in body["rows"]]
    assert len(set(colours)) == len(colours) == 3  # each party its own colour
    assert body["headline"][1] == "Turnout 63.5% (2,350 valid votes of 3,700 electors)"
    page = unescape(_post_page(client, "india.csv", INDIA).text)
    assert "so it is read as an election of its own country" in page
    for colour in colours:
        assert f'fill="{colour}"' in page


@pytest.mark.parametrize(("name", "seat"), [("uk.csv", "North"), ("india.csv", "2")])
def test_a_seat_s_result_as_the_command_gives_it(
    client: TestClient, tmp_path: Path, name: str, seat: str
) -> None:
    path = _written(tmp_path, name)
    expected = command_json("results", str(path), "--seat", seat)
    body = _post_twin(client, name, FILES[name], seat=seat).json()
    rows = expected.pop("rows")
    assert body["notes"] == expected.pop("notes", [])
    assert {key: body["seat"][key] for key in expected} == expected
    assert _without_colour(body["seat"]["rows"]) == rows
    page = unescape(_post_page(client, name, FILES[name], seat=seat).text)
    chosen = page.split('id="results-file-seat"')[1].split("</section>")[0]
    for line in expected["headline"]:
        assert line in chosen
    for row in rows:
        assert f'<td class="num">{row["votes"]:,}</td>' in chosen
    # and every seat is listed, folded, the chosen one open
    assert page.count('<details class="seat-result"') == 3
    assert page.count('<details class="seat-result" open>') == 1


def test_every_seat_is_listed_without_a_seat_chosen(client: TestClient) -> None:
    page = unescape(_post_page(client, "uk.csv", UK).text)
    # no candidates' names in the file: no empty Candidate column, as the command's table
    assert "<th>Candidate</th>" not in page
    named = UK.replace("votes\n", "votes,candidate\n", 1).replace(",500\n", ",500,A. Smith\n", 1)
    assert "<th>Candidate</th>" in unescape(_post_page(client, "uk.csv", named).text)
    assert page.count('<details class="seat-result">') == 3
    assert "LD win: majority 10 (0.92%) over Con" in page
    assert '<a href="#seat-E3">East</a>' in page and '<div id="seat-E3">' in page


def test_a_file_with_too_many_seats_to_list_asks_for_one(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "MAX_LISTED_SEATS", 2)
    page = _post_page(client, "uk.csv", UK, seat="E2")
    assert page.status_code == 200
    assert 'id="results-file-too-many"' in page.text
    folded = page.text.count("<details") - page.text.count('<details class="site-menu"')
    assert folded == 0  # no seat folded under the list (the phone's menu is a <details> too)
    assert 'id="results-file-seat"' in page.text  # the seat asked for is still shown


def _command_error(path: Path, *arguments: str) -> str:
    result: Result = CliRunner().invoke(app, ["results", str(path), *arguments])
    assert result.exit_code != 0
    return result.output.strip().removeprefix("error: ")


@pytest.mark.parametrize(
    "text",
    [
        "seat_code,party\nE1,Lab\n",  # missing columns
        # an unknown party in the file: its content, 400 as any refused row (it was 404, as
        # an address naming nothing)
        "seat_code,seat_name,party,votes\nE1,A,Lab,3\nE1,A,Labr,4\n",
    ],
)
def test_a_bad_file_is_refused_in_the_command_s_words(
    client: TestClient, tmp_path: Path, text: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    message = page_message(PsephosError(_command_error(path)))  # the options as the web's
    twin = _post_twin(client, "bad.csv", text)
    assert twin.status_code == 400
    assert twin.json()["detail"] == message
    page = _post_page(client, "bad.csv", text)
    assert page.status_code == 400
    assert f'role="alert">{message}</p>' in unescape(page.text)
    assert 'id="results-file-form"' in page.text  # the form again


def test_a_file_s_unknown_party_names_the_form_field(client: TestClient) -> None:
    """The refusal of a file's party psephos does not know told the web's user to give
    --unknown-parties, a flag no form has: it names the field, unknown_parties."""
    text = "seat_code,seat_name,party,votes\nE1,A,Lab,3\nE1,A,Heritage Party,4\n"
    twin = _post_twin(client, "hoc.csv", text)
    assert twin.status_code == 400
    detail = twin.json()["detail"]
    assert "row 3: Unknown party 'Heritage Party'" in detail
    assert "(unknown_parties=other; on the command line: --unknown-parties other)" in detail
    assert "(unknown_parties=own; on the command line: --unknown-parties own:" in detail
    assert _post_twin(client, "hoc.csv", text, unknown_parties="other").status_code == 200


def test_an_unknown_seat_is_refused_with_did_you_mean(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "uk.csv"
    path.write_text(UK, encoding="utf-8")
    message = _command_error(path, "--seat", "Noth")
    assert "Did you mean 'North'?" in message
    twin = _post_twin(client, "uk.csv", UK, seat="Noth")
    assert twin.status_code == 404 and twin.json()["detail"] == message
    page = _post_page(client, "uk.csv", UK, seat="Noth")
    assert page.status_code == 404 and message in unescape(page.text)


def test_the_form_posts_to_the_systems_page_too(client: TestClient) -> None:
    """The "Count it under other systems" button sends the same form to /systems, which counts
    the file."""
    form = client.get("/results/file").text
    assert 'formaction="/systems"' in form
    token = page_token(client, "/results/file")
    files = {"results_file": ("uk.csv", UK.encode(), "text/csv")}
    fields = {
        "csrf_token": token,
        "seat": "",
        "results_sheet": "",
        "unknown_parties": "error",
        "poll": "",  # the projection's fields go too, and are left to this page
        "model": "national",
    }
    systems = client.post("/systems", files=files, data=fields)
    assert systems.status_code == 200, systems.text
    assert "Results from uk.csv: the same votes, counted under each system." in systems.text
    # the menu of unknown parties goes with it, as the systems page reads it
    files = {"results_file": ("nz.csv", NEW_ZEALAND.encode(), "text/csv")}
    own = client.post("/systems", files=files, data={**fields, "unknown_parties": "own"})
    assert own.status_code == 200 and "as an election of its own country" in unescape(own.text)


def test_the_page_is_in_the_navigation_and_on_the_election_page(client: TestClient) -> None:
    election = client.get("/elections/2024").text
    assert election.count('href="/results/file"') == 2  # the navigation, and beside the CSV
    form = client.get("/results/file")
    assert form.status_code == 200 and 'name="results_file"' in form.text
    assert 'name="results_sheet"' in form.text  # the one Sheet box macro
    assert client.post("/results/file", files={"results_file": ("uk.csv", b"x")}).status_code == 403


#: A poll for each made-up file, as ``psephos project --from FILE --poll`` takes it, with a
#: model: the UK file's names two parties (the rest filled), India's moves a seat.
POLLS = {"uk.csv": ("Con 40 Lab 30", "uniform"), "india.csv": ("BJP 50 INC 35", "national")}


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_poll_projects_the_file_as_the_command_does(
    client: TestClient, tmp_path: Path, name: str
) -> None:
    path = _written(tmp_path, name)
    poll, model = POLLS[name]
    expected = command_json("project", "--from", str(path), "--poll", poll, "--model", model)
    body = _post_twin(client, name, FILES[name], poll=poll, model=model).json()
    projection = body["projection"]
    assert projection["model"] == expected["model"] == model
    assert projection["seats"] == expected["seats"]
    assert projection["headline"] == expected["headline"]
    # the command's notes: the reader's (told once, above the file's result), then the poll's
    assert [*body["notes"], *projection["notes"]] == expected["notes"]
    assert (
        "goes to the parties not named, in proportion to their base shares."
        in projection["notes"][0]
    )
    assert [
        {key: value for key, value in row.items() if key != "colour"} for row in projection["rows"]
    ] == expected["rows"]
    assert projection["majority_line"] == body["majority_line"]
    # the file's own result is still told beside it
    assert body["headline"] == command_json("results", str(path))["headline"]
    page = _post_page(client, name, FILES[name], poll=poll, model=model)
    assert page.status_code == 200, page.text
    text = unescape(page.text)
    shown = text.split('id="results-file-projection"')[1].split("</section>")[0]
    assert f"({model} swing)" in shown
    for line in [*expected["headline"], *projection["notes"]]:
        assert line in shown
    for row in projection["rows"]:
        cells = f'{row["party_label"]}</td><td class="num">{row["base_seats"]}</td>'
        assert cells + f'<td class="num">{row["seats"]}</td>' in shown
    assert 'id="results-file-projection-chart"' in shown
    assert f'value="{poll}"' in text and f'<option value="{model}" selected>' in text


@pytest.mark.parametrize(
    ("poll", "status"), [("BJP 150", 400), ("BJP 50 XYZ 35", 404), ("BJP fifty", 400)]
)
def test_a_poll_that_does_not_read_is_refused_in_the_command_s_words(
    client: TestClient, tmp_path: Path, poll: str, status: int
) -> None:
    path = tmp_path / "india.csv"
    path.write_text(INDIA, encoding="utf-8")
    result: Result = CliRunner().invoke(app, ["project", "--from", str(path), "--poll", poll])
    assert result.exit_code != 0
    message = result.output.strip().splitlines()[-1].removeprefix("error: ")
    twin = _post_twin(client, "india.csv", INDIA, poll=poll)
    assert twin.status_code == status
    assert twin.json()["detail"] == message
    page = _post_page(client, "india.csv", INDIA, poll=poll)
    assert page.status_code == status
    assert f'role="alert">{message}</p>' in unescape(page.text)
    assert 'id="results-file-form"' in page.text  # the form again
    assert f'value="{poll}"' in unescape(page.text)  # with the poll as typed


def test_no_poll_gives_no_projection(client: TestClient) -> None:
    for fields in ({}, {"poll": "", "model": "uniform"}):
        assert _post_twin(client, "uk.csv", UK, **fields).json()["projection"] is None
        page = _post_page(client, "uk.csv", UK, **fields)
        assert page.status_code == 200 and 'id="results-file-projection"' not in page.text


def _body(page: str) -> str:
    """A page without its forms (each holds the session's token and what it keeps)."""
    return re.sub(r"<form.*?</form>", "", page, flags=re.S)


def _kept(page: str) -> dict[str, str]:
    """The kept file's hidden fields of a page, as its form posts them."""
    text = re.search(r'<textarea name="results_file_kept" hidden>\n(.*?)</textarea>', page, re.S)
    name = re.search(r'name="results_file_kept_name" value="([^"]*)"', page)
    assert text is not None and name is not None, "the page keeps no file"
    return {
        "results_file_kept": unescape(text.group(1)),
        "results_file_kept_name": unescape(name.group(1)),
    }


def _post_kept(client: TestClient, path: str, kept: dict[str, str], **form: str) -> Any:
    """A post of the form with its file box left empty (as a browser sends it after a post)."""
    token = page_token(client, "/results/file")
    files = {"results_file": ("", b"", "application/octet-stream")}
    return client.post(path, files=files, data={**kept, **form, "csrf_token": token})


def test_the_file_read_is_kept_for_the_next_question(client: TestClient) -> None:
    """A browser clears the file box after a post: the page keeps the file it read (hidden),
    so another seat, a poll, another reading of its parties or other systems need no second
    choice of the file, and answer as the file itself does; a file chosen is read instead."""
    first = _post_page(client, "uk.csv", UK)
    kept = _kept(first.text)
    assert kept == {"results_file_kept": UK, "results_file_kept_name": "uk.csv"}
    assert "Using <strong>uk.csv</strong> again" in first.text
    assert " required>" not in first.text.split('name="results_file"')[1].split("</label>")[0]
    for form in ({"seat": "South"}, {"poll": "Lab 40 Con 30 LD 20"}):
        again = _post_kept(client, "/results/file", kept, **form)
        fresh = _post_page(client, "uk.csv", UK, **form)
        assert again.status_code == fresh.status_code == 200, again.text
        assert _body(again.text) == _body(fresh.text)
    systems = _post_kept(client, "/systems", kept, unknown_parties="error")
    assert systems.status_code == 200, systems.text
    assert "Results from uk.csv: the same votes, counted under each system." in systems.text
    assert _kept(systems.text) == kept  # and kept there for its next count
    chosen = _post_page(client, "india.csv", INDIA, **kept)
    assert _kept(chosen.text)["results_file_kept_name"] == "india.csv"


def test_a_refused_file_is_kept_for_another_reading(client: TestClient) -> None:
    """A file refused for a party psephos does not know is kept, so choosing "count it as
    Other" in the menu answers without choosing the file again."""
    refused = _post_page(client, "nz.csv", NEW_ZEALAND)
    assert refused.status_code == 400, refused.text
    answered = _post_kept(client, "/results/file", _kept(refused.text), unknown_parties="own")
    assert answered.status_code == 200, answered.text
    assert "as an election of its own country" in unescape(answered.text)


def test_a_post_with_no_file_chosen_or_kept_asks_for_one(client: TestClient) -> None:
    page = _post_kept(client, "/results/file", {})
    assert page.status_code == 422
    assert "Choose a results file (a CSV or an .xlsx workbook) to show its results." in page.text


def test_an_upload_projects_the_same_whatever_it_is_called(client: TestClient) -> None:
    """An upload called like a bundled election (``2017.csv``, ``canada-2021.csv``) is not
    that election: the same file projects the same under any name (it took 2017's candidate
    lists and was refused, or learnt only from the pairs before Canada's 2021)."""
    text = made_up_wards()
    poll = "Lab 30 Con 25 LD 15 Green 10 Reform 15"
    answers = {}
    for name in ("wards.csv", "2017.csv", "canada-2021.csv"):
        response = _post_twin(client, name, text, poll=poll, model="national")
        assert response.status_code == 200, response.text
        answers[name] = response.json()["projection"]
    first = answers["wards.csv"]
    for answer in answers.values():
        assert (answer["seats"], answer["headline"]) == (first["seats"], first["headline"])


def test_area_shares_project_the_file_as_the_command_does(
    client: TestClient, tmp_path: Path
) -> None:
    """A district's sub-poll (``areas``, the text of a ``--by-region`` file) beside the poll
    projects the file as ``psephos project --from FILE --poll POLL --by-region AREAS`` does,
    and moves it from the poll's projection."""
    text = made_up_wards()
    path = tmp_path / "wards.csv"
    path.write_text(text, encoding="utf-8")
    areas = "area,party,share\nRural Borset,Lab,45\nRural Borset,Con,25\nRural Borset,LD,20\n"
    regions = tmp_path / "areas.csv"
    regions.write_text(areas, encoding="utf-8")
    poll = "Lab 30 Con 25 LD 15 Green 10 Reform 15"
    args = ["--poll", poll, "--model", "regional-uniform"]
    expected = command_json("project", "--from", str(path), *args, "--by-region", str(regions))
    body = _post_twin(
        client, "wards.csv", text, poll=poll, model="regional-uniform", areas=areas
    ).json()
    assert body["projection"]["seats"] == expected["seats"]
    plain = _post_twin(client, "wards.csv", text, poll=poll, model="regional-uniform").json()
    assert plain["projection"]["seats"] != body["projection"]["seats"]
