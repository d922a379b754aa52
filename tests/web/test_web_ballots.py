"""The ballot-count page and its JSON twin count an uploaded file as ``psephos count-ballots``
counts the same file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import page_token

from ballot_samples import GRID, PREFERENCES, SURVEY_MONKEY
from cli_helpers import command_json
from psephos.cli import app as cli

BLT = '4 2\n4 1 2 0\n3 2 0\n2 3 1 0\n1 4 3 0\n0\n"Ann"\n"Bob"\n"Cat"\n"Dai"\n"Ward 7"\n'
CSV = "rank1,rank2,rank3,count\nAnn,Bob,,4\nBob,,,3\nCat,Ann,Bob,2\nYnys Môn,Cat,,1\n"


@pytest.mark.parametrize(
    ("name", "text", "options", "form"),
    [
        ("ward.blt", BLT, (), {}),
        ("ward.blt", BLT, ("--seats", "1"), {"seats": "1"}),
        ("mine.csv", CSV, (), {"seats": ""}),
        (
            "mine.csv",
            CSV,
            ("-n", "2", "--tie-break", "random", "--seed", "7"),
            {"seats": "2", "tie_break": "random", "seed": "7"},
        ),
    ],
)
def test_the_web_counts_a_file_as_the_command_does(
    client: TestClient,
    tmp_path: Path,
    name: str,
    text: str,
    options: tuple[str, ...],
    form: dict[str, str],
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    expected = command_json("count-ballots", str(path), *options)
    # a note naming an option names it as the form does ("seed", not "--seed")
    expected["notes"] = [note.replace("give --seed", "give seed") for note in expected["notes"]]
    files = {"ballots_file": (name, text.encode(), "text/plain")}
    posted = client.post("/api/count-ballots", data=form, files=files)
    assert posted.status_code == 200, posted.text
    body = posted.json()
    # no reader's notes; the ties the count broke, and the seed of a lot, as the command says
    assert all(
        note.startswith(("Round ", "The lot was drawn with seed 7;")) for note in body["notes"]
    )
    assert {key: body[key] for key in expected} == expected
    page = client.post(
        "/count-ballots",
        data={**form, "csrf_token": page_token(client, "/count-ballots")},
        files=files,
    )
    assert page.status_code == 200
    assert body["title"] in page.text and ", ".join(body["elected"]) in page.text


def _posted(client: TestClient, name: str, text: str) -> dict[str, Any]:
    files = {"ballots_file": (name, text.encode(), "text/csv")}
    response = client.post("/api/count-ballots", data={"seats": "1"}, files=files)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _page(client: TestClient, name: str, text: str) -> str:
    """The count-ballots page's answer to ``text`` uploaded as ``name`` (one seat)."""
    page = client.post(
        "/count-ballots",
        data={"seats": "1", "csrf_token": page_token(client, "/count-ballots")},
        files={"ballots_file": (name, text.encode(), "text/csv")},
    )
    assert page.status_code == 200, page.text
    return page.text


def test_the_page_counts_a_form_s_ranking_grid_as_its_preference_columns(
    client: TestClient,
) -> None:
    """A ranking grid uploaded gives the count of the same ballots in preference columns,
    on the page and its twin."""
    grid, preferences = _posted(client, "mine.csv", GRID), _posted(client, "mine.csv", PREFERENCES)
    assert grid == preferences and grid["elected"] == ["Bob"]
    assert 'id="ballots-elected">Elected: Bob.' in _page(client, "mine.csv", GRID)


def test_the_page_counts_survey_monkey_s_export_as_its_preference_columns(
    client: TestClient,
) -> None:
    """SurveyMonkey's two header rows uploaded: the count of the same ballots in preference
    columns, with the note saying how the file was read, on the page and its twin."""
    survey, preferences = (
        _posted(client, "survey.csv", SURVEY_MONKEY),
        _posted(client, "survey.csv", PREFERENCES),
    )
    (note,) = survey.pop("notes")
    assert note.startswith("The ballot file 'survey.csv' has SurveyMonkey's two header rows")
    assert preferences.pop("notes") == [] and survey == preferences
    page = _page(client, "survey.csv", SURVEY_MONKEY)
    assert 'id="ballots-elected">Elected: Bob.' in page
    assert "SurveyMonkey&#39;s two header rows" in page


def test_the_web_gives_the_notes_the_command_prints(client: TestClient, tmp_path: Path) -> None:
    """A grid without ``[...]`` columns read as one, and a blank ballot: the command's notes,
    in its order, in the twin's JSON and on the page."""
    text = "Timestamp,Alice,Bob\nx,1,2\ny,2,1\nw,,1\nz,,\n"
    path = tmp_path / "plain.csv"
    path.write_text(text, encoding="utf-8")
    expected = command_json("count-ballots", str(path), "--seats", "1")
    assert len(expected["notes"]) == 2
    assert _posted(client, "plain.csv", text)["notes"] == expected["notes"]
    page = client.post(
        "/count-ballots",
        data={"csrf_token": page_token(client, "/count-ballots")},
        files={"ballots_file": ("plain.csv", text.encode(), "text/csv")},
    )
    shown = re.findall(r'<p class="note ballots-note">(.*?)</p>', page.text)
    assert shown == [note.replace("'", "&#39;") for note in expected["notes"]]


def test_the_web_says_each_tie_the_count_broke(client: TestClient, tmp_path: Path) -> None:
    """The ties that decided the count (C and D, then A and B for the seat) are the command's
    notes, on the page and in the twin."""
    text = "rank1,rank2,count\nA,B,5\nB,A,5\nC,A,3\nD,B,3\n"
    path = tmp_path / "irvtie.csv"
    path.write_text(text, encoding="utf-8")
    expected = command_json("count-ballots", str(path))
    assert [note[:8] for note in expected["notes"]] == ["Round 1:", "Round 3:"]
    assert _posted(client, "irvtie.csv", text)["notes"] == expected["notes"]
    page = client.post(
        "/count-ballots",
        data={"csrf_token": page_token(client, "/count-ballots")},
        files={"ballots_file": ("irvtie.csv", text.encode(), "text/csv")},
    )
    shown = re.findall(r'<p class="note ballots-note">(.*?)</p>', page.text)
    assert shown == [note.replace("'", "&#39;") for note in expected["notes"]]
    assert "; 2 ties broken;" in page.text  # as the command's title counts them, not "tie(s)"


def test_a_ballot_file_excel_saved_on_windows_is_read_with_a_note(client: TestClient) -> None:
    """A CSV in Windows-1252 ("Ynys Môn" with one byte for "ô") counts as in UTF-8, with the
    note of every upload."""

    def post(raw: bytes) -> dict[str, Any]:
        files = {"ballots_file": ("mine.csv", raw, "text/csv")}
        response = client.post("/api/count-ballots", files=files)
        assert response.status_code == 200, response.text
        return dict(response.json())

    windows, utf8 = post(CSV.encode("cp1252")), post(CSV.encode())
    assert windows["rows"] == utf8["rows"] and "Ynys Môn" in [r["candidate"] for r in utf8["rows"]]
    assert all(note.startswith("Round ") for note in utf8["notes"])  # the ties it broke
    assert windows["notes"][0].startswith("The ballot file 'mine.csv' is not UTF-8")
    assert windows["notes"][1:] == utf8["notes"]


def test_the_web_refuses_what_the_command_refuses(client: TestClient, tmp_path: Path) -> None:
    """The command's checks and messages: seats for every candidate, a bad line, a file that
    is not text; the form's own bounds (a tie rule, seats at least 1) as 422. The page says
    a refusal with its twin's status."""
    path = tmp_path / "ward.blt"
    path.write_text(BLT, encoding="utf-8")
    command = CliRunner().invoke(cli, ["count-ballots", str(path), "--seats", "4"])
    assert command.exit_code != 0
    files = {"ballots_file": ("ward.blt", BLT.encode(), "text/plain")}
    refused = client.post("/api/count-ballots", data={"seats": "4"}, files=files)
    assert refused.status_code == 400
    detail = refused.json()["detail"]
    assert (
        detail == "seats 4 with 4 candidates: every candidate would be elected; use fewer "
        "seats than candidates."
    )
    assert detail.split("4 with")[1] in " ".join(command.output.split())
    gap = {"ballots_file": ("gap.csv", b"rank1,rank2,rank3\nAnn,,Bob\n", "text/csv")}
    bad = client.post("/api/count-ballots", files=gap)
    assert bad.status_code == 400
    assert bad.json()["detail"].startswith("ballot file 'gap.csv' line 2:")
    binary = {"ballots_file": ("ward.xlsx", b"PK\x03\x04\x00", "application/zip")}
    assert client.post("/api/count-ballots", files=binary).status_code == 422
    for form in ({"tie_break": "coin"}, {"seats": "0"}, {"seed": "-1"}):
        assert client.post("/api/count-ballots", data=form, files=files).status_code == 422
    page = client.post(
        "/count-ballots",
        data={"seats": "4", "csrf_token": page_token(client, "/count-ballots")},
        files=files,
    )
    assert page.status_code == 400 and 'id="ballots-error"' in page.text
    assert client.post("/count-ballots", files=files).status_code == 403  # no CSRF token


def test_the_navigation_links_the_page(client: TestClient) -> None:
    page = client.get("/systems").text
    assert 'href="/count-ballots"' in page


def test_the_page_offers_the_library_s_tie_rules() -> None:
    from psephos.systems.count import TIE_BREAKS
    from psephos.web.routes.ballots import TieRule

    assert tuple(rule.value for rule in TieRule) == TIE_BREAKS


def _page_cells(client: TestClient, text: str, seats: str) -> list[list[str]]:
    files = {"ballots_file": ("mine.csv", text.encode(), "text/csv")}
    page = client.post(
        "/count-ballots",
        data={"seats": seats, "csrf_token": page_token(client, "/count-ballots")},
        files=files,
    )
    assert page.status_code == 200, page.text
    body = page.text.split('id="ballots-table"')[1].split("</tbody>")[0].split("<tbody>")[1]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in body.split("</tr>")[:-1]]


def test_the_page_writes_counts_as_the_command_does(client: TestClient, tmp_path: Path) -> None:
    """Whole counts whole (7, not 7.0); a column an STV transfer left a fraction in keeps one
    number of places (7.0 beside 3.1), by the one number rule the command's table uses
    (psephos.numbers.format_column)."""
    stv = "rank1,rank2,count\nAnn,Bob,5\nAnn,Cat,2\nBob,,1\nCat,,1\nDai,,1\n"
    cells = _page_cells(client, stv, "2")
    assert [row[:3] for row in cells] == [
        ["Ann", "7", "7.0"],
        ["Bob", "1", "3.1"],
        ["Cat", "1", "1.9"],
        ["Dai", "1", "1.0"],
    ]
    path = tmp_path / "stv.csv"
    path.write_text(stv, encoding="utf-8")
    table = CliRunner().invoke(cli, ["count-ballots", str(path), "-n", "2"], env={"COLUMNS": "200"})
    for candidate, first, final, *_ in cells:
        assert [first, final] == table.stdout.split(candidate)[1].split()[1:4:2]
    whole = _page_cells(client, CSV, "1")
    assert [row[1:3] for row in whole] == [["4", "6"], ["3", "3"], ["2", "3"], ["1", "1"]]


def test_the_page_says_the_votes_one_seat_needs(client: TestClient) -> None:
    """Five voters, one seat: the page says 3 votes win (more than half), as the command's
    title does, not a "quota 2" that would not win."""
    five = "rank1,rank2\nAnn,Bob\nAnn,Bob\nBob,Ann\nBob,Ann\nCat,Ann\n"
    files = {"ballots_file": ("b3.csv", five.encode(), "text/csv")}
    page = client.post(
        "/count-ballots",
        data={"seats": "1", "csrf_token": page_token(client, "/count-ballots")},
        files=files,
    )
    assert page.status_code == 200
    title = page.text.split('id="ballots-title">')[1].split("</h2>")[0]
    assert title == "b3: 1 seat, 3 of 5 continuing votes in the last round to win, 2 rounds, 0 ties"
    assert _posted(client, "b3.csv", five)["quota"] == 3


def test_the_page_shows_the_count_round_by_round(client: TestClient, tmp_path: Path) -> None:
    """The twin's ``rounds`` are the command's ``--rounds`` (each candidate's votes at the start
    of each round, the votes exhausted), and the page shows them under "Round by round", its
    column of each candidate's last round headed as what it is, with the command's legend."""
    from psephos.columns import column_meaning

    food = (
        "rank1,rank2,count\nOrange,,4\nPear,Orange,2\nChocolate,Strawberry,8\n"
        "Chocolate,Hamburger,4\nStrawberry,,1\nHamburger,,1\n"
    )
    path = tmp_path / "food.csv"
    path.write_text(food, encoding="utf-8")
    expected = command_json("count-ballots", str(path), "-n", "3", "--rounds")
    files = {"ballots_file": ("food.csv", food.encode(), "text/csv")}
    body = client.post("/api/count-ballots", data={"seats": "3"}, files=files).json()
    assert body["rounds"] == expected["rounds"]
    page = client.post(
        "/count-ballots",
        data={"seats": "3", "csrf_token": page_token(client, "/count-ballots")},
        files=files,
    )
    assert page.status_code == 200
    rounds = page.text.split('id="ballots-rounds-table"')[1].split("</table>")[0]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rounds.split("</tr>")[1:-1]]
    assert rows[0] == ["Chocolate", "12", "6", "6", "6", "6", "elected in round 1"]
    assert rows[-1] == ["(exhausted)", "0", "0", "0", "0", "3", ""]
    assert "Votes in their last round" in page.text and "Final tally" not in page.text
    assert column_meaning("last_round", "count-ballots").replace("'", "&#39;") in page.text


def test_the_rounds_table_says_what_each_round_of_one_seat_needed(client: TestClient) -> None:
    """A and B on 4 of 8 votes in round 3 won nothing, where the title's "4 of 7" is the last
    round's: the round table's "To win" row gives each round's, as the twin does."""
    text = "rank1,rank2,count\nA,B,3\nB,A,3\nC,A,1\nD,B,1\n"
    assert _posted(client, "tie.csv", text)["to_win_by_round"] == [5.0, 5.0, 5.0, 4.0]
    page = _page(client, "tie.csv", text)
    row = re.search(r'<tr id="ballots-rounds-to-win">(.*?)</tr>', page, re.S)
    assert row is not None
    assert re.findall(r'<td class="num">([^<]*)</td>', row[1]) == ["5", "5", "5", "4"]
    assert "continuing votes in the last round to win" in page
