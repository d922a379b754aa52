"""Target list page and its JSON twin (:mod:`psephos.targeting.targets`)."""

from __future__ import annotations

import html
import re
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from typer.testing import CliRunner
from web_helpers import page_error, page_token

import psephos
from cli_helpers import command_json
from psephos.cli import app as cli
from psephos.numbers import counted
from psephos.targeting.targets import LISTED_TARGETS, target_list


def test_targets_twin_matches_the_library(client: TestClient) -> None:
    params = {"election": "2019", "attacker": "Lab", "defender": "Con", "top": 10}
    body = client.get("/api/targets", params=params).json()
    expected = target_list(psephos.load("2019"), "Lab", "Con")
    assert body["n_listed"] == len(expected.seats)
    assert [row["code"] for row in body["rows"]] == [s.code for s in expected.seats[:10]]
    assert body["rows"][0]["win_probability"] == expected.seats[0].win_probability
    by_margin = client.get("/api/targets", params={**params, "rank": "margin"}).json()
    margins = [abs(row["margin_pct"]) for row in by_margin["rows"]]
    assert margins == sorted(margins) and by_margin["rows"][0]["rank"] == 1


def test_targets_page_and_bad_pair(client: TestClient) -> None:
    page = client.get("/targets", params={"election": "2019", "attacker": "LD", "defender": "Con"})
    assert page.status_code == 200 and 'id="target-table"' in page.text
    assert 'href="/targets"' in page.text
    same = client.get("/api/targets", params={"attacker": "Lab", "defender": "Lab"})
    assert same.status_code == 400
    assert same.json()["detail"] == "Attacker and defender must be different parties."
    html = client.get("/targets", params={"attacker": "Lab", "defender": "Lab"})
    assert html.status_code == 400 and "must be different parties" in html.text
    assert client.get("/api/targets", params={"kind": "hold"}).status_code == 422


def test_the_margin_note_names_the_attacker_as_the_page_does(client: TestClient) -> None:
    # In 2015 the Reform lineage is UKIP: the note under the table said "Reform's share".
    page = client.get("/targets", params={"election": "2015", "attacker": "UKIP"}).text
    assert "Margin: UKIP's share minus its strongest rival's" in page
    assert "Reform" not in page.split('id="target-table"')[1]


def test_targets_on_a_poll_or_a_swing_as_the_command_ranks_them(client: TestClient) -> None:
    """``poll`` and ``swing`` (with ``model``) move the margins as ``psephos target --poll`` and
    ``--swing`` do; the projection's notes come back as the command prints them."""
    poll = "Lab 25 Con 22 Reform 28 LD 13 Green 9"
    params = {"election": "2024", "attacker": "Con", "defender": "Lab", "top": 20, "poll": poll}
    body = client.get("/api/targets", params=params).json()
    expected = command_json("target", "2024", "--pair", "Con,Lab", "--poll", poll, "--top", "20")
    assert [row["code"] for row in body["rows"]] == [row["code"] for row in expected["rows"]]
    assert body["poll"] == poll and body["projection"] == expected["projection"]
    on_base = client.get("/api/targets", params={**params, "poll": ""}).json()
    assert on_base["rows"] != body["rows"]
    swing = {**params, "poll": "", "swing": "Con=+4,Lab=-4", "model": "proportional"}
    swung = client.get("/api/targets", params=swing).json()
    by_command = command_json(
        "target", "2024", "--pair", "Con,Lab", "--swing", "Con=+4,Lab=-4",
        "-m", "proportional", "-n", "20",
    )  # fmt: skip
    assert swung["swing_points"] == {"Con": 4.0, "Lab": -4.0}
    assert [r["margin_pct"] for r in swung["rows"]] == [r["margin_pct"] for r in by_command["rows"]]
    page = client.get("/targets", params=params)
    assert page.status_code == 200 and "projected to the poll" in page.text
    assert "poll=Lab+25" in page.text  # the JSON twin asks the same question
    both = client.get("/api/targets", params={**params, "swing": "Con=+1"})
    assert both.status_code == 400


def test_targets_find_a_seat_and_the_models_settings(client: TestClient) -> None:
    """``find`` says where one seat ranks on the full list (as ``--find``); ``national_sd``
    and ``votes_per_hour`` reach the margin model (as ``--national-sd``, ``--votes-per-hour``)."""
    full = target_list(psephos.load("2019"), "Lab", "Con")
    seat = full.seats[40]
    params = {
        "election": "2019",
        "attacker": "Lab",
        "defender": "Con",
        "top": 5,
        "find": seat.name,
        "national_sd": 0.05,
        "votes_per_hour": 0.5,
    }
    body = client.get("/api/targets", params=params).json()
    wider = target_list(psephos.load("2019"), "Lab", "Con", national_sd=0.05, votes_per_hour=0.5)
    assert body["national_sd"] == 0.05 and body["votes_per_hour"] == 0.5
    assert body["find"]["code"] == seat.code
    assert body["find"]["rank"] == wider.rank_of(seat.code)
    assert body["rows"][0]["win_probability"] == wider.seats[0].win_probability
    page = client.get("/targets", params=params)
    assert f"rank {body['find']['rank']} of {len(wider.seats)}" in page.text
    missing = client.get("/api/targets", params={**params, "find": "Nowhere Town"})
    assert missing.status_code == 404


def test_targets_page_offers_every_countrys_elections(client: TestClient) -> None:
    page = client.get(
        "/targets", params={"election": "canada-2021", "attacker": "LPC", "defender": "CPC"}
    )
    assert page.status_code == 200
    assert '<option value="canada-2021" selected>' in page.text


def test_targets_by_the_forecast_method_as_the_command_ranks_them(client: TestClient) -> None:
    """``method=forecast`` with a ``seed`` is ``--method forecast --seed``: the same win
    probabilities and sensitivities from the Monte Carlo forecast, the same order."""
    expected = command_json(
        "target", "2019", "--pair", "Lab,Con", "--method", "forecast", "--seed", "5", "--top", "10"
    )
    params = {
        "election": "2019",
        "attacker": "Lab",
        "defender": "Con",
        "top": 10,
        "method": "forecast",
        "seed": "5",
    }
    body = client.get("/api/targets", params=params).json()
    assert body["method"] == expected["method"] == "forecast" and body["seed"] == 5
    fields = ("code", "win_probability", "per_1000_votes", "per_100_hours")
    assert [{k: row[k] for k in fields} for row in body["rows"]] == [
        {k: row[k] for k in fields} for row in expected["rows"]
    ]
    analytic = client.get("/api/targets", params={**params, "method": "analytic"}).json()
    assert analytic["method"] == "analytic" and analytic["rows"] != body["rows"]
    page = client.get("/targets", params=params)
    assert page.status_code == 200 and "from the Monte Carlo forecast" in page.text
    assert "method=forecast&amp;seed=5" in page.text  # the JSON twin asks the same question
    assert client.get("/api/targets", params={**params, "method": "exact"}).status_code == 422


def test_targets_list_as_many_seats_as_the_command_by_default(client: TestClient) -> None:
    """The page, its twin and ``psephos target`` answer the same question with one default
    length (:data:`psephos.targeting.targets.LISTED_TARGETS`); the page listed 50 where the
    command listed 30."""
    rows = command_json("target", "2019", "--pair", "Lab,Con")["rows"]
    body = client.get("/api/targets", params={"election": "2019"}).json()
    assert len(body["rows"]) == len(rows) == LISTED_TARGETS < body["n_listed"]
    assert [row["code"] for row in body["rows"]] == [row["code"] for row in rows]
    page = client.get("/targets", params={"election": "2019"})
    assert page.status_code == 200
    assert f'name="top" type="number" min="1" max="650" value="{LISTED_TARGETS}"' in page.text


def test_targets_twin_and_the_command_give_one_answer(client: TestClient) -> None:
    """``psephos target --format json`` and ``/api/targets`` come from one function
    (:func:`psephos.targeting.targets.target_answer`): for the same question every key the
    command prints has the web's value, ``find`` included (name and row, as the page shows
    them), and the rows are the twin's seats."""
    command = command_json(
        "target", "2019", "--pair", "Lab,Con", "--swing", "Lab=+2", "--rank", "majority",
        "--find", "Kensington", "--top", "8",
    )  # fmt: skip
    params = {
        "election": "2019",
        "attacker": "Lab",
        "defender": "Con",
        "swing": "Lab=+2",
        "rank": "margin",
        "find": "Kensington",
        "top": 8,
    }
    body = client.get("/api/targets", params=params).json()
    rows = command.pop("rows")
    assert rows == body["rows"]
    assert command == {key: body[key] for key in command}
    assert command["find"]["name"] == "Kensington" and command["find"]["row"] is not None
    assert command["headline"] == body["headline"] != []  # the --find line, as printed


def test_a_canadian_target_list_opens_on_canadas_own_pair(client: TestClient) -> None:
    """Without a pair, the page and its twin open on the election's country's parties (the
    jurisdiction's ``default_pair``), not the UK's Lab and Con, which Canada does not have."""
    from psephos.jurisdictions import CANADA, UK

    for election, country in (("canada-2021", CANADA), ("2019", UK)):
        assert country.default_pair is not None
        attacker, defender = country.default_pair
        given = {"election": election, "attacker": attacker, "defender": defender}
        opened = client.get("/api/targets", params={"election": election})
        assert opened.status_code == 200, opened.text
        assert opened.json() == client.get("/api/targets", params=given).json()
        page = client.get("/targets", params={"election": election})
        assert page.status_code == 200
        assert f'name="attacker" value="{attacker}"' in page.text


@pytest.mark.parametrize(
    ("params", "status"),
    [
        # the Election menu changed to Canada with the UK's pair still typed in
        ({"election": "canada-2021", "attacker": "Lab", "defender": "Con", "kind": "defend"}, 404),
        ({"election": "2019", "attacker": "LD", "defender": "LD", "rank": "margin"}, 400),
    ],
)
def test_targets_page_says_a_refusal_above_the_form_it_keeps(
    client: TestClient, params: dict[str, str], status: int
) -> None:
    """An input the library refuses is said above the form, with the JSON twin's status and
    message, and the form keeps what was typed (not an error page without the form)."""
    twin = client.get("/api/targets", params=params)
    page = client.get("/targets", params=params)
    assert twin.status_code == page.status_code == status
    assert page_error(page.text, "target") == twin.json()["detail"]
    assert page.text.index('id="target-error"') < page.text.index('id="target-form"')
    assert f'<option value="{params["election"]}" selected>' in page.text
    for name in ("attacker", "defender"):
        assert f'name="{name}" value="{params[name]}"' in page.text
    for name in ("kind", "rank"):
        if name in params:
            assert f'<option value="{params[name]}" selected>' in page.text


def test_the_page_writes_a_change_in_a_chance_as_the_command_does(client: TestClient) -> None:
    """The page's 'gained per 100 hours' column by the command's rule (percentage points with
    their unit, :func:`psephos.numbers.points_column`), and the note under the table says what
    it is in the words of the command's legend (:mod:`psephos.columns`)."""
    from psephos.columns import column_meaning
    from psephos.numbers import points_column

    params = {"election": "2019", "attacker": "Lab", "defender": "Con", "top": 5}
    seats = client.get("/api/targets", params=params).json()["rows"]
    page = client.get("/targets", params=params).text
    table = page.split('id="target-table"')[1].split("</table>")[0]
    cells = re.findall(r'<td class="num">([^<]*pts)</td>', table)
    assert cells == points_column([row["per_100_hours"] for row in seats])
    assert str(escape(column_meaning("per_100_hours"))) in page


def test_the_nearest_marginals_say_what_their_percentage_is(client: TestClient) -> None:
    from psephos.columns import column_meaning

    page = client.get("/nearest", params={"postcode": "SW1A 1AA"}).text
    assert '<th class="num">Majority (%)</th>' in page
    assert str(escape(column_meaning("majority_pct"))) in page


def test_the_page_writes_win_chances_as_the_command_does(client: TestClient) -> None:
    """The table's and the find line's win chances are written as ``psephos target`` writes
    them (:func:`psephos.numbers.one_in`: ``38%``, ``about 1 in 2,500``), where the page wrote
    ``(100 * p)|number('.0f')`` and so a long shot as ``0.04%``."""
    from psephos.numbers import WORDS_BELOW, one_in

    params = {"election": "2019", "attacker": "Lab", "defender": "Con", "top": 400}
    seats = client.get("/api/targets", params=params).json()["rows"]
    page = html.unescape(client.get("/targets", params=params).text)
    long_shots = [row for row in seats if 0 < row["win_probability"] < WORDS_BELOW]
    assert long_shots, "the full 2019 list has long shots"
    for row in seats:
        cells = re.search(rf"{re.escape(row['name'])}</a></td>\s*(.*?)</tr>", page, re.S)
        assert cells is not None, row["name"]
        assert f'<td class="num">{one_in(row["win_probability"])}</td>' in cells[1], row["name"]
    far = long_shots[-1]
    found = html.unescape(client.get("/targets", params={**params, "find": far["name"]}).text)
    line = re.search(r'id="target-find">(.*?)</p>', found, re.S)
    assert line is not None
    assert f"a chance of {one_in(far['win_probability'])} that" in line[1]
    assert "about 1 in" in one_in(far["win_probability"]) or far["win_probability"] >= 0.01


@pytest.mark.parametrize(
    ("election", "kind", "seat", "option", "field"),
    [
        ("2015", "attack", "Croydon Central", None, None),  # listed: rank, margin, chance
        ("2024", "defend", "Clacton", None, None),  # off the list, why; no list has it
        ("2024", "attack", "Hampstead and Highgate", "--list defend", "List: seats to defend"),
        ("2024", "attack", "Clacton", "--pair Lab,Reform", "Party Lab against Reform"),
    ],
)
def test_the_find_line_is_the_commands(
    client: TestClient,
    election: str,
    kind: str,
    seat: str,
    option: str | None,
    field: str | None,
) -> None:
    """The page's find line is the sentence ``psephos target --find`` prints
    (:func:`psephos.targeting.targets.find_sentence`) for the same question: a seat on the
    list, one off it with why, and one off it with the list that has it, where the page names
    its form's fields (``services.TARGET_FIELDS``) as the command names its options."""
    args = ["target", election, "--pair", "Lab,Con", "--list", kind, "-n", "1", "--find", seat]
    command = CliRunner().invoke(cli, args, terminal_width=400)
    assert command.exit_code == 0, command.output
    printed = command.stdout.splitlines()[-1]
    params = {"election": election, "attacker": "Lab", "defender": "Con", "kind": kind}
    page = client.get("/targets", params={**params, "top": 1, "find": seat})
    assert page.status_code == 200
    shown = re.search(r'<p id="target-find">(.*?)</p>', page.text, re.S)
    assert shown is not None
    expected = printed if option is None else printed.replace(f"; see {option})", f"; see {field})")
    assert html.unescape(shown[1]) == expected
    assert printed.startswith(f"{seat}: ") and printed.endswith(".")
    assert ("see" in printed) == (option is not None)


def test_a_swing_typed_without_equals_signs_is_read_on_the_page_and_its_twin(
    client: TestClient,
) -> None:
    """ "Con +4, Lab -4" in the swing box reads as "Con=+4,Lab=-4" on the page and its twin,
    where both refused it as not PARTY=CHANGE."""
    params = {"election": "2024", "attacker": "Con", "defender": "Lab", "top": "5"}
    typed = client.get("/api/targets", params={**params, "swing": "Con +4%, Lab -4%"})
    written = client.get("/api/targets", params={**params, "swing": "Con=+4,Lab=-4"})
    assert typed.status_code == 200, typed.text
    assert typed.json() == written.json()
    page = client.get("/targets", params={**params, "swing": "Con +4%, Lab -4%"})
    assert page.status_code == 200 and page_error(page.text, "target") is None
    assert 'id="target-table"' in page.text


@pytest.mark.parametrize(
    "typed",
    [
        "Con: +4; Lab: \u22124",
        "Con +4 pts / Lab \u2013 4",
        "+4 Con -4 Lab",  # each change before its party, as a chart prints it
        "+4% Con, \u22124% Lab",
        "Con +4, -4 Lab",
    ],
)
def test_a_swing_in_a_form_a_poll_takes_is_read_on_the_page_and_its_twin(
    client: TestClient, typed: str
) -> None:
    """A swing typed as polls are (colons and semicolons, a unit, a mark between pairs, a
    typographic minus) reads as ``PARTY=CHANGE`` items do, on the page and its twin: the one
    pair reader reads both, number first too."""
    params = {"election": "2024", "attacker": "Con", "defender": "Lab", "top": "5"}
    answer = client.get("/api/targets", params={**params, "swing": typed})
    written = client.get("/api/targets", params={**params, "swing": "Con=+4,Lab=-4"})
    assert answer.status_code == 200, answer.text
    assert answer.json() == written.json()
    page = client.get("/targets", params={**params, "swing": typed})
    assert page.status_code == 200 and page_error(page.text, "target") is None


def test_a_party_named_twice_in_the_swing_box_is_refused_as_the_command_refuses_it(
    client: TestClient,
) -> None:
    params = {"election": "2024", "attacker": "Con", "defender": "Lab", "swing": "Con +4 Con -4"}
    answer = client.get("/api/targets", params=params)
    assert answer.status_code == 400
    assert answer.json()["detail"] == "Party 'Con' appears twice in swing 'Con +4 Con -4'."


#: A made-up council's results: four single-member wards.
WARDS = (
    "seat_code,seat_name,party,votes\n"
    "W1,Abbey,Lab,1200\nW1,Abbey,Con,1100\nW1,Abbey,Green,300\n"
    "W2,Bridge,Con,1300\nW2,Bridge,Lab,1250\nW2,Bridge,LD,400\n"
    "W3,Castle,LD,900\nW3,Castle,Con,850\nW3,Castle,Lab,700\n"
    "W4,Dale,Lab,1500\nW4,Dale,Con,600\n"
)


@pytest.mark.parametrize(
    ("pair", "kind"), [("Lab,Con", "attack"), ("Con,Lab", "defend"), ("LD,Con", "attack")]
)
def test_a_results_file_is_ranked_as_psephos_target_file_ranks_it(
    client: TestClient, tmp_path: Path, pair: str, kind: str
) -> None:
    """``POST /api/targets`` with a results file is ``psephos target FILE --format json``:
    every key the command prints has the twin's value (its seat spread's note included), and
    the rows are the twin's seats; the page's own-results form shows the same list and keeps
    the file for the next question."""
    path = tmp_path / "wards.csv"
    path.write_text(WARDS, encoding="utf-8")
    command = command_json("target", str(path), "--pair", pair, "--list", kind)
    attacker, defender = pair.split(",")
    form = {"attacker": attacker, "defender": defender, "kind": kind}
    files = {"results_file": ("wards.csv", WARDS.encode(), "text/csv")}
    twin = client.post("/api/targets", data=form, files=files)
    assert twin.status_code == 200, twin.text
    body = twin.json()
    assert body["from_file"] is True
    rows = command.pop("rows")
    assert rows == body["rows"]
    assert command == {key: body[key] for key in command}
    token = page_token(client, "/targets")
    page = client.post("/targets", data={**form, "csrf_token": token}, files=files)
    assert page.status_code == 200, page.text
    text = unescape(page.text)
    assert f"from your results file wards.csv ({counted(command['n_listed'], 'seat')})" in text
    assert text.count('<td class="num">') == 5 * len(rows)  # five numbers a row
    for row in rows:
        assert f"<td>{row['name']}</td>" in text  # no seat page to link to
    assert command["notes"][0] in text
    assert "Using <strong>wards.csv</strong> again" in page.text
    assert "/api/targets?" not in page.text  # no GET twin of a file's list


def test_a_file_s_list_downloads_as_the_command_s_csv(client: TestClient, tmp_path: Path) -> None:
    """The twin's ``format=csv`` and the page's download button (the kept file posted again)
    give the file ``psephos target FILE --format csv`` writes."""
    path = tmp_path / "wards.csv"
    path.write_text(WARDS, encoding="utf-8")
    command = CliRunner().invoke(cli, ["target", str(path), "--pair", "Lab,Con", "-f", "csv"])
    assert command.exit_code == 0, command.output
    form = {"attacker": "Lab", "defender": "Con"}
    files = {"results_file": ("wards.csv", WARDS.encode(), "text/csv")}
    twin = client.post("/api/targets", params={"format": "csv"}, data=form, files=files)
    assert twin.status_code == 200, twin.text
    assert twin.headers["content-type"] == "text/csv; charset=utf-8"
    assert twin.text == command.stdout
    token = page_token(client, "/targets")
    page = client.post("/targets", data={**form, "csrf_token": token}, files=files)
    assert 'formaction="/targets/targets.csv"' in page.text
    kept = {"results_file_kept": WARDS, "results_file_kept_name": "wards.csv"}
    empty = {"results_file": ("", b"", "application/octet-stream")}
    download = client.post(
        "/targets/targets.csv", data={**form, **kept, "csrf_token": token}, files=empty
    )
    assert download.status_code == 200, download.text
    assert 'filename="targets-Lab-attack-Con-wards.csv"' in download.headers["content-disposition"]
    assert download.text == command.stdout
    nothing = client.post("/targets/targets.csv", data={"csrf_token": token}, files=empty)
    assert nothing.status_code == 422


def test_the_kept_file_answers_the_next_question(client: TestClient) -> None:
    """The file the page read is kept: another pair needs no second choice of it, and answers
    as the file itself does; a post with no file, chosen or kept, asks for one."""
    token = page_token(client, "/targets")
    files = {"results_file": ("wards.csv", WARDS.encode(), "text/csv")}
    first = client.post("/targets", data={"csrf_token": token}, files=files)
    assert first.status_code == 200, first.text
    kept = {"results_file_kept": WARDS, "results_file_kept_name": "wards.csv"}
    empty = {"results_file": ("", b"", "application/octet-stream")}
    pair = {"attacker": "LD", "defender": "Con"}
    again = client.post("/targets", data={**kept, **pair, "csrf_token": token}, files=empty)
    fresh = client.post("/targets", data={**pair, "csrf_token": token}, files=files)
    assert again.status_code == fresh.status_code == 200, again.text
    table = again.text[again.text.index('id="target-table"') :]
    assert table == fresh.text[fresh.text.index('id="target-table"') :]
    nothing = client.post("/targets", data={"csrf_token": token}, files=empty)
    assert nothing.status_code == 422
    assert "Choose a results file (a CSV or an .xlsx workbook) to rank its seats." in nothing.text


def test_a_file_s_refusal_is_the_command_s(client: TestClient, tmp_path: Path) -> None:
    """A pair the command refuses is refused on the page and its twin in its words."""
    path = tmp_path / "wards.csv"
    path.write_text(WARDS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["target", str(path), "--pair", "Lab,Lab"])
    assert result.exit_code != 0
    message = result.stderr.strip().removeprefix("error: ")
    files = {"results_file": ("wards.csv", WARDS.encode(), "text/csv")}
    form = {"attacker": "Lab", "defender": "Lab"}
    twin = client.post("/api/targets", data=form, files=files)
    assert twin.status_code in {400, 404}
    assert twin.json()["detail"] == message
    token = page_token(client, "/targets")
    page = client.post("/targets", data={**form, "csrf_token": token}, files=files)
    assert page.status_code == twin.status_code
    assert page_error(page.text, "target") == message
