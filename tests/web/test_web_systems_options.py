"""The systems page and its JSON twin take what ``psephos systems`` takes: STV's district size,
a second-preference file for AV and STV, a results file, every country's elections."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest.mock import ANY

from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import page_token

import psephos
from cli_helpers import command_json
from psephos.cli import app

TRANSFERS = "from,to,share\nReform,Con,90\nCon,Reform,90\nLab,none,100\n"
RESULTS = (
    "seat_code,seat_name,party,votes\n"
    "E1,North,Lab,500\nE1,North,Con,400\nE1,North,LD,300\n"
    "E2,South,Con,600\nE2,South,Lab,350\nE2,South,LD,100\n"
    "E3,East,LD,450\nE3,East,Con,440\nE3,East,Lab,200\n"
)


def _same_as_command(body: dict[str, Any], expected: dict[str, Any]) -> None:
    """The same parties, vote shares, seats per party and indices of each system as the
    command's (one table, :func:`psephos.systems.party_seats`), under the same keys."""
    # the command's rows under the same key, each with its keys (a key for each system's
    # seats) and the party's colour beside them
    assert [{**row, "colour": ANY} for row in expected["rows"]] == body["rows"]
    # one row of indices (SystemResult.summary): the same keys and values, majority line and
    # the majority flag included
    assert body["systems"] == expected["systems"]


def test_district_size_reaches_stv_as_the_command(client: TestClient) -> None:
    expected = command_json("systems", "2019", "--system", "stv", "--district-size", "3")
    params: dict[str, Any] = {"election": "2019", "system": "stv", "district_size": "3"}
    body = client.get("/api/systems", params=params).json()
    _same_as_command(body, expected)
    assert body["district_size"] == 3
    five = client.get("/api/systems", params={**params, "district_size": "5"}).json()
    assert five["rows"] != body["rows"]  # the size changes the count
    page = client.get("/systems", params=params)
    assert page.status_code == 200 and "district_size=3" in page.text
    assert client.get("/api/systems", params={**params, "district_size": "0"}).status_code == 422
    blank = client.get("/api/systems", params={**params, "district_size": ""}).json()
    assert blank["district_size"] == 5 and blank["rows"] == five["rows"]  # the default
    # the box says the range the command's help and refusal say, from the one table of bounds
    assert "(a value from 1 to 50)" in page.text and 'min="1" max="50"' in page.text
    over = client.get("/api/systems", params={**params, "district_size": "51"})
    assert over.status_code == 422


def test_transfer_file_upload_as_the_command(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "transfers.csv"
    path.write_text(TRANSFERS, encoding="utf-8")
    expected = command_json(
        "systems", "2024", "--system", "av", "--system", "fptp", "--transfers", str(path)
    )
    files = {"transfers_file": ("mine.csv", TRANSFERS.encode(), "text/csv")}
    form = {"election": "2024", "system": ["av", "fptp"]}
    posted = client.post("/api/systems", data=form, files=files)
    assert posted.status_code == 200, posted.text
    body = posted.json()
    _same_as_command(body, expected)
    assert body["transfers"] == "mine.csv"
    default = client.get("/api/systems", params=form).json()
    assert default["rows"] != body["rows"]  # the file changes the AV count
    bad = {"transfers_file": ("bad.csv", b"from,to,share\nLab,Con,lots\n", "text/csv")}
    refused = client.post("/api/systems", data=form, files=bad)
    assert refused.status_code == 400
    assert "transfer file 'bad.csv' row 2" in refused.json()["detail"]
    token = page_token(client, "/systems")
    html = client.post("/systems", data={**form, "csrf_token": token}, files=files)
    assert html.status_code == 200 and "second preferences of mine.csv" in html.text
    assert client.post("/systems", data=form, files=files).status_code == 403  # no CSRF token


def test_a_party_transferring_to_itself_is_refused_as_the_command_refuses_it(
    client: TestClient, tmp_path: Path
) -> None:
    """``Green,Green,100`` is no next preference (it read as "every Green voter plumps"): the
    one reader of the file refuses it, naming the row, on the command line and the web."""
    text = "from,to,share\nLab,LD,40\nGreen,Green Party,100\n"
    path = tmp_path / "self.csv"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["systems", "2024", "-s", "av", "--transfers", str(path)])
    assert result.exit_code == 2
    said = "transfer file 'self.csv' row 3: to: Green is the 'from' party"
    assert said in result.output and "cannot transfer to itself" in result.output
    files = {"transfers_file": ("self.csv", text.encode(), "text/csv")}
    refused = client.post("/api/systems", data={"election": "2024", "system": "av"}, files=files)
    assert refused.status_code == 400
    assert said in refused.json()["detail"] and refused.json()["detail"] in result.output


def test_results_file_upload_as_the_command(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text(RESULTS, encoding="utf-8")
    expected = command_json("systems", str(path), "--system", "fptp", "--system", "dhondt-national")
    files = {"results_file": ("results.csv", RESULTS.encode(), "text/csv")}
    form = {"system": ["fptp", "dhondt-national"]}
    posted = client.post("/api/systems", data=form, files=files)
    assert posted.status_code == 200, posted.text
    body = posted.json()
    _same_as_command(body, expected)
    assert body["election"] is None and body["systems"][0]["seats"] == 3
    bad = {"results_file": ("bad.csv", b"seat_code,party\nE1,Lab\n", "text/csv")}
    assert client.post("/api/systems", data=form, files=bad).status_code == 400


def test_systems_page_offers_every_countrys_elections(client: TestClient) -> None:
    page = client.get("/systems", params={"election": "canada-2021", "system": "fptp"})
    assert page.status_code == 200
    for key in psephos.available_elections():
        assert f'<option value="{key}"' in page.text
    assert '<option value="canada-2021" selected>' in page.text
    body = client.get("/api/systems", params={"election": "canada-2021", "system": "fptp"})
    _same_as_command(body.json(), command_json("systems", "canada-2021", "--system", "fptp"))


def test_files_excel_saved_on_windows_are_read_with_a_note(client: TestClient) -> None:
    """A results file and a transfer file in Windows-1252 (Excel's "CSV" on Windows: "Ynys
    Môn", "£" one byte each) count as in UTF-8, with a note for each on the page and in
    ``notes``; UTF-8 files and a bundled election get none."""
    results = RESULTS.replace("North", "Ynys Môn").replace("South", "£ Town")
    form = {"system": ["fptp", "av"]}

    def post(results_raw: bytes, transfers_raw: bytes) -> dict[str, Any]:
        files = {
            "results_file": ("results.csv", results_raw, "text/csv"),
            "transfers_file": ("second.csv", transfers_raw, "text/csv"),
        }
        response = client.post("/api/systems", data=form, files=files)
        assert response.status_code == 200, response.text
        return dict(response.json())

    header, rows = TRANSFERS.split("\n", 1)
    transfers = f"{header},comment\n" + rows.replace("\n", ",£ poll\n")
    windows = post(results.encode("cp1252"), transfers.encode("cp1252"))
    utf8 = post(results.encode(), transfers.encode())
    assert windows["rows"] == utf8["rows"] and windows["systems"] == utf8["systems"]
    # the file gives no row of LD's, who stand: they keep the default's
    given = (
        "AV and STV: the transfer file (second.csv) gives the next preferences of Con, Lab "
        "and Reform; every other party keeps the default's (estimated from the votes where a "
        "party stood aside in real elections (2015->2017, 2017->2019 and 2019n->2024: "
        "docs/methodology/transfers.md), not from survey second preferences)."
    )
    # the three-seat sample's one seat each is a tie for the largest party, said per system
    ties = [note for note in utf8["notes"] if "tie for the largest party" in note]
    assert [note.split(":")[0] for note in ties] == ["First past the post", "Alternative vote"]
    assert utf8["notes"] == [given, *ties]
    assert [note.split(" is not UTF-8")[0] for note in windows["notes"]] == [
        "The results file 'results.csv'",
        "The transfer file 'second.csv'",
        given,
        *ties,
    ]
    bundled = client.get("/api/systems", params={"election": "2024"}).json()["notes"]
    assert not any("UTF-8" in note for note in bundled)
    token = page_token(client, "/systems")
    files = {"results_file": ("results.csv", results.encode("cp1252"), "text/csv")}
    page = client.post("/systems", data={**form, "csrf_token": token}, files=files)
    assert page.status_code == 200 and "read as Windows-1252" in page.text


def test_a_results_file_of_its_own_country_uploads_as_the_command(
    client: TestClient, tmp_path: Path
) -> None:
    """A file whose parties no country knows: its own parties, and the reader's note."""
    results = (
        "seat_code,seat_name,party,votes\n1,Riverton,BJP,500\n1,Riverton,INC,400\n"
        "2,Hillside,INC,600\n2,Hillside,BJP,300\n3,Lakeview,INC,450\n3,Lakeview,BSP,100\n"
    )
    path = tmp_path / "india.csv"
    path.write_text(results, encoding="utf-8")
    expected = command_json("systems", str(path), "--system", "fptp", "--system", "dhondt-national")
    files = {"results_file": ("india.csv", results.encode(), "text/csv")}
    posted = client.post("/api/systems", data={"system": ["fptp", "dhondt-national"]}, files=files)
    assert posted.status_code == 200, posted.text
    body = posted.json()
    _same_as_command(body, expected)
    assert body["systems"][0]["largest_party"] == "INC"
    assert [note.split(" is one psephos knows")[0] for note in body["notes"]] == [
        "No party of the results file 'india.csv'"
    ]


#: A made-up results file of a country psephos does not bundle, its names mixing in the UK's.
MIXED = (
    "seat_code,seat_name,party,votes\n1,Riverton,Labour,500\n1,Riverton,National,400\n"
    "2,Hillside,National,600\n2,Hillside,Labour,300\n3,Lakeview,Labour,450\n3,Lakeview,ACT,100\n"
)


def test_a_mixed_results_file_uploads_as_its_own_countrys_with_own(
    client: TestClient, tmp_path: Path
) -> None:
    """``unknown_parties=own`` reads the file as ``--unknown-parties own`` does; without it the
    file is refused, naming that choice; the page's form offers it and keeps it chosen."""
    path = tmp_path / "nz.csv"
    path.write_text(MIXED, encoding="utf-8")
    expected = command_json(
        "systems", str(path), "--system", "fptp", "--system", "av", "--unknown-parties", "own"
    )
    files = {"results_file": ("nz.csv", MIXED.encode(), "text/csv")}
    refused = client.post("/api/systems", data={"system": ["fptp"]}, files=files)
    assert refused.status_code == 400 and "--unknown-parties own" in refused.text
    assert "unknown_parties=own" in refused.text  # the form's field, beside the flag
    form = {"system": ["fptp", "av"], "unknown_parties": "own"}
    posted = client.post("/api/systems", data=form, files=files)
    assert posted.status_code == 200, posted.text
    body = posted.json()
    _same_as_command(body, expected)
    assert [row["party"] for row in body["rows"]] == ["Labour", "National", "ACT"]
    assert body["notes"] == expected["notes"]  # the reading, then the rule AV transferred by
    assert "as asked (unknown parties 'own')" in body["notes"][0]
    assert body["notes"][1].startswith("AV and STV: psephos knows nothing of this country's")
    token = page_token(client, "/systems")
    page = client.post("/systems", data={**form, "csrf_token": token}, files=files)
    assert page.status_code == 200
    assert '<option value="own" selected>' in page.text
    assert "AV and STV: psephos knows nothing of this country&#39;s" in page.text


def test_threshold_reaches_the_list_systems_as_the_command(client: TestClient) -> None:
    """``threshold`` is ``psephos systems --threshold``: in percent of the national vote for a
    national list, the same seats, votes per seat and wasted votes per party, the same indices
    and the command's note of the lists it applies to."""
    expected = command_json(
        "systems", "2024", "-s", "dhondt-national", "-s", "fptp", "--threshold", "5"
    )
    params: dict[str, Any] = {
        "election": "2024",
        "system": ["dhondt-national", "fptp"],
        "threshold": "5",
    }
    body = client.get("/api/systems", params=params).json()
    _same_as_command(body, expected)
    assert body["threshold"] == 5
    snp = next(row for row in body["rows"] if row["party"] == "SNP")
    assert snp["dhondt-national"] == 0 and snp["dhondt-national_wasted_votes"] == snp["votes"]
    blank = client.get("/api/systems", params={**params, "threshold": ""}).json()
    assert next(row for row in blank["rows"] if row["party"] == "SNP")["dhondt-national"] == 17
    page = client.get("/systems", params=params)
    assert page.status_code == 200 and "threshold=5" in page.text
    assert 'name="threshold"' in page.text and "(a value from 0 to 100;" in page.text
    assert "D&#39;Hondt, national list, 5% threshold" in page.text
    assert body["notes"][0].startswith("A 5% legal threshold applies to dhondt-national (")
    assert "A 5% legal threshold applies to dhondt-national" in page.text


def test_a_regional_lists_threshold_is_of_each_regions_vote_as_the_command(
    client: TestClient,
) -> None:
    """``threshold`` on the regional lists is a share of each region's vote, as the command
    counts it: Northern Ireland's parties keep their seats at 5% and Green, 1.1% there, wins
    none there (Green's UK-wide 6.7% does not carry it)."""
    expected = command_json("systems", "2024", "-s", "dhondt-regional", "--threshold", "5")
    params = {"election": "2024", "system": "dhondt-regional", "threshold": "5"}
    body = client.get("/api/systems", params=params).json()
    _same_as_command(body, expected)
    seats = {row["party"]: row["dhondt-regional"] for row in body["rows"]}
    northern_irish = ("DUP", "SF", "SDLP", "UUP", "Alliance", "TUV")
    assert sum(seats[party] for party in northern_irish) == 18  # Northern Ireland's seats
    assert seats["SNP"] > 0  # 30% of Scotland's vote


def test_a_threshold_the_command_refuses_the_api_refuses(client: TestClient) -> None:
    params: dict[str, Any] = {"election": "2024", "system": "dhondt-national"}
    for value in ("101", "-1", "nan", "five"):
        answer = client.get("/api/systems", params={**params, "threshold": value})
        assert answer.status_code == 422, value
    unreachable = client.get("/api/systems", params={**params, "threshold": "40"})
    assert unreachable.status_code == 400
    assert unreachable.json()["detail"].startswith("No party with a list has 40% of the national")


def test_a_threshold_no_chosen_system_takes_is_refused_as_the_command_refuses_it(
    client: TestClient,
) -> None:
    """A threshold with none of the list systems it changes (FPTP, AMS, sainte-lague-5pc) is
    400 with the command's one line, in the page's words, not an answer echoing a threshold
    nothing used; the page says it above the form and names the systems beside the box."""
    params: dict[str, Any] = {
        "election": "2024",
        "threshold": "12",
        "system": ["fptp", "ams", "sainte-lague-5pc"],
    }
    refused = client.get("/api/systems", params=params)
    assert refused.status_code == 400
    detail = refused.json()["detail"]
    assert detail.startswith("A threshold applies only to the list PR systems dhondt-national,")
    assert "(fptp, ams, sainte-lague-5pc)" in detail and "--threshold" not in detail
    result = CliRunner().invoke(
        app,
        [
            "systems",
            "2024",
            "-s",
            "fptp",
            "-s",
            "ams",
            "-s",
            "sainte-lague-5pc",
            "--threshold",
            "12",
        ],
    )
    assert result.stderr.strip() == "error: " + detail.replace(
        "A threshold", "A threshold (--threshold)"
    )
    page = client.get("/systems", params=params)
    assert page.status_code == 400 and 'id="systems-error"' in page.text
    assert "AMS&#39;s top-ups take no threshold" in page.text
    assert client.get("/api/systems", params={**params, "threshold": ""}).status_code == 200


def test_the_systems_page_shows_votes_per_seat_and_wasted_votes(client: TestClient) -> None:
    """The page's tables hold the twin's numbers: Labour's votes per seat won and wasted votes
    under FPTP, and each system's wasted share of the votes."""
    import re

    params: dict[str, Any] = {"election": "2024", "system": ["fptp", "stv"]}
    body = client.get("/api/systems", params=params).json()
    page = client.get("/systems", params=params).text
    lab = next(row for row in body["rows"] if row["party"] == "Lab")
    wasted = re.search(r'id="systems-wasted".*?</table>', page, re.S)
    per_seat = re.search(r'id="systems-votes-per-seat".*?</table>', page, re.S)
    assert wasted is not None and per_seat is not None
    assert f">{lab['fptp_wasted_votes']:,}<" in wasted[0]
    assert f">{round(lab['fptp_votes_per_seat']):,}<" in per_seat[0]
    share = f">{body['systems'][0]['wasted_pct']:.1f}<"
    assert share in wasted[0]
    assert "Wasted votes: the votes not needed to elect anyone" in page
