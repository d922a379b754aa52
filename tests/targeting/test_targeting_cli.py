"""The targeting commands through Typer's runner."""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

import psephos
from cli_helpers import command_json, command_result, untimed
from psephos.cli import app
from psephos.numbers import format_number

runner = CliRunner()

VOLUNTEERS = """id,latitude,longitude,hours,name
a1,51.37,-0.05,6,Secret Person
a2,51.55,-0.19,4,Another Secret
a3,abc,-0.19,4,Bad Lat
a4,51.48,-0.30,-1,Negative Hours
a2,51.50,-0.10,3,Dup Id
a5,53.48,-2.24,10,Manchester Person
"""


def test_every_targeting_command_has_help() -> None:
    commands = getattr(get_command(app), "commands", {})
    for name in ("target", "nearest", "allocate", "turnout"):
        command = commands[name]
        assert command.help
        for parameter in command.params:
            if parameter.param_type_name == "option":
                assert getattr(parameter, "help", None), f"{name} {parameter.name}"


def test_target_command_finds_croydon_central() -> None:
    payload = command_json(
        "target", "2015", "--pair", "Lab,Con", "--top", "30", "--find", "Croydon Central"
    )
    assert payload["find"]["rank"] <= 20
    assert len(payload["rows"]) == 30
    assert "Croydon Central" in [row["name"] for row in payload["rows"]]
    table = runner.invoke(app, ["target", "2015", "--pair", "Lab,Con", "--top", "5"])
    assert table.exit_code == 0 and "Gower" in table.output


def test_target_command_swing_and_errors() -> None:
    ok = runner.invoke(app, ["target", "2015", "--pair", "LD,Con", "--swing", "LD=+2", "-f", "csv"])
    assert ok.exit_code == 0 and ok.output.startswith("rank,code,name")
    bad = runner.invoke(app, ["target", "2015", "--pair", "Lab"])
    assert bad.exit_code == 2 and bad.stderr.startswith("error: ")


def test_target_without_a_pair_lists_the_country_s_usual_contest() -> None:
    """``psephos target`` without ``--pair`` takes the country's default pair, as the web's
    target list does (:func:`psephos.targeting.targets.target_pair`), saying so in a note;
    docs/cli.md's examples run as written."""
    payload, result = command_result("target", "--find", "Hampstead and Highgate")
    explicit = command_json("target", "--pair", "Lab,Con", "--find", "Hampstead and Highgate")
    assert payload["rows"] == explicit["rows"] and payload["headline"] == explicit["headline"]
    assert payload["headline"] == [
        "Hampstead and Highgate: not on Lab's target list against Con (Lab already holds it; "
        "see --list defend)."
    ]
    note = "no --pair given: Lab against Con, the default pair for UK elections"
    assert note in result.stderr and any(n.startswith(note) for n in payload["notes"])
    canada = command_json("target", "canada-2021")
    assert (canada["attacker"], canada["defender"]) == ("LPC", "CPC")
    csv = runner.invoke(app, ["target", "--format", "csv"])
    assert csv.exit_code == 0 and csv.stdout.startswith("rank,code,name,region,")


def test_target_pair_is_read_as_every_list_of_parties_is_read() -> None:
    """--pair reads ATTACKER,DEFENDER with the one reader of a list of parties
    (:func:`psephos.model.split_parties`): 'Lab+Con' and 'Lab > Con' are 'Lab,Con'."""
    asked = ["target", "2015", "--top", "5", "-f", "csv"]
    comma = runner.invoke(app, [*asked, "--pair", "Lab,Con"])
    assert comma.exit_code == 0, comma.output
    for written in ("Lab+Con", "Lab > Con", "Lab; Con"):
        assert runner.invoke(app, [*asked, "--pair", written]).output == comma.output
    three = runner.invoke(app, [*asked, "--pair", "Lab+Con+LD"])
    assert three.exit_code == 2 and "--pair takes two parties, ATTACKER,DEFENDER" in three.stderr


def test_nearest_command() -> None:
    payload = command_json(
        "nearest",
        "--from",
        "Croydon Central",
        "--km",
        "30",
        "--election",
        "2017",
        "--speed-kmh",
        "30",
    )
    assert payload["rows"] and all(row["distance_km"] <= 30 for row in payload["rows"])
    assert all(row["minutes"] is not None for row in payload["rows"])


def test_allocate_command_reports_bad_rows_and_hides_personal_data(tmp_path: Path) -> None:
    path = tmp_path / "volunteers.csv"
    path.write_text(VOLUNTEERS, encoding="utf-8")
    out = tmp_path / "plan.csv"
    payload, result = command_result(
        "allocate", str(path), "--election", "2019", "--party", "Lab", "--out", str(out)
    )
    problems = {(p["row"], p["reason"]) for p in payload["problems"]}
    assert (4, "latitude is not a number") in problems
    assert (5, "hours is negative (-1)") in problems
    assert sum("duplicate id" in reason for _, reason in problems) == 2
    assert payload["summary"]["rows_rejected"] == 4
    assert payload["summary"]["greedy_fraction_of_optimum"] <= 1.0
    assert "row 4 (id a3): rejected: latitude is not a number" in result.stderr
    for secret in ("Secret", "Manchester Person", "51.37", "-0.05"):
        assert secret not in result.output
        assert secret not in out.read_text(encoding="utf-8")
    assert payload["rows"] and all(  # the trip's distance, never a home
        set(row) == {"volunteer_id", "seat_code", "seat_name", "hours", "distance_km", "reason"}
        for row in payload["rows"]
    )
    capacities = tmp_path / "caps.csv"
    capacities.write_text("seat,hours\nCroydon Central,2\n", encoding="utf-8")
    capped = command_json(
        "allocate",
        str(path),
        "--election",
        "2019",  # Croydon Central, a seat of the 2010-2019 boundaries
        "--party",
        "Lab",
        "--capacities",
        str(capacities),
        "--show",
        "seats",
    )
    croydon = [r for r in capped["rows"] if r["name"] == "Croydon Central"]
    assert croydon and all(r["hours"] <= 2 and r["capacity"] == 2 for r in croydon)
    strict = runner.invoke(app, ["allocate", str(path), "--strict"])
    assert strict.exit_code == 2 and "\nerror: " in strict.stderr


def test_turnout_command() -> None:
    result = runner.invoke(app, ["turnout", "2019", "--group", "18-24", "--change", "10"])
    assert result.exit_code == 0, result.output
    assert "Kensington" in result.output
    payload = command_json(
        "turnout", "2015", "--change", "16", "--split-from", "2017", "--compare", "2017"
    )
    assert payload["compare"]["actual_flips"] == 70


def test_an_age_group_near_a_known_one_is_suggested_by_the_command_and_the_web() -> None:
    """``--group 18-25`` was refused without the "did you mean" other choices give."""
    from fastapi.testclient import TestClient

    from psephos.web.app import create_app

    result = runner.invoke(app, ["turnout", "2019", "--group", "18-25", "--change", "10"])
    assert result.exit_code == 2
    assert "Unknown group '18-25'; known: 18-24, 65+. Did you mean '18-24'?" in result.stderr
    answer = TestClient(create_app()).get("/api/turnout", params={"group": "18-25", "change": 10})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["message"] == "use '18-24' or '65+'. Did you mean '18-24'?"


def test_turnout_command_defaults_to_an_election_with_a_bundled_split() -> None:
    """Without an election the command answers on the one the web page opens on (the latest
    with a bundled age split), not with "no bundled split"."""
    from psephos.jurisdictions import UK
    from psephos.targeting.turnout import default_election

    default = command_json("turnout", "--change", "10")
    chosen = default_election(UK.latest_id)
    assert default == command_json("turnout", chosen, "--change", "10")
    assert default["election"] == chosen


@pytest.mark.parametrize(
    "args",
    [
        ["turnout", "2019", "--change", "10", "--split", "Lab=lots"],
        ["nearest", "--from", "Atlantis Under The Sea"],
    ],
)
def test_user_mistakes_are_psephos_errors(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1


def test_allocate_reads_workbooks_as_it_reads_csv(
    tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    """Volunteers and capacities keyed into spreadsheets (numbers as cells) give the same
    plan, problems and notes as the same tables as CSV."""
    caps = "seat,hours\nCroydon Central,2\n"
    (tmp_path / "volunteers.csv").write_text(VOLUNTEERS, encoding="utf-8")
    (tmp_path / "caps.csv").write_text(caps, encoding="utf-8")
    workbook(tmp_path / "volunteers.xlsx", ("Team", VOLUNTEERS))
    workbook(tmp_path / "caps.xlsx", ("Caps", caps))
    (from_csv, csv_run), (from_book, book_run) = (
        command_result(
            "allocate",
            str(tmp_path / f"volunteers.{kind}"),
            "--election",
            "2019",
            "--party",
            "Lab",
            "--capacities",
            str(tmp_path / f"caps.{kind}"),
        )
        for kind in ("csv", "xlsx")
    )
    for payload in (from_csv, from_book):
        assert payload["summary"].pop("solve_seconds") >= 0  # a timing, not the plan
        payload["headline"] = untimed(payload["headline"])
    assert from_book == from_csv
    assert {(p["row"], p["reason"]) for p in from_book["problems"]} >= {
        (4, "latitude is not a number"),
        (5, "hours is negative (-1)"),
    }
    assert book_run.stderr == csv_run.stderr


def test_allocate_locates_volunteers_by_postcode(tmp_path: Path) -> None:
    path = tmp_path / "volunteers.csv"
    path.write_text("id,postcode,hours\nb1,CR0 1,6\nb2,NW6 1AB,4\nb3,M1,5\n", encoding="utf-8")
    payload = command_json("allocate", str(path), "--party", "Lab")
    assert payload["summary"]["rows_rejected"] == 0
    assert {row["volunteer_id"] for row in payload["rows"]} == {"b1", "b2", "b3"}
    assert sum(row["hours"] for row in payload["rows"]) > 0


def test_allocate_reads_a_file_excel_saved_on_windows_with_a_note(tmp_path: Path) -> None:
    """Excel on Windows saves "CSV" in Windows-1252: the file is read, and a note says so."""
    path = tmp_path / "volunteers.csv"
    path.write_bytes("id,postcode,hours,name\r\nb1,CR0 1,6,Zoë\r\n".encode("cp1252"))
    payload, result = command_result("allocate", str(path), "--party", "Lab")
    assert {row["volunteer_id"] for row in payload["rows"]} == {"b1"}
    notes = [line for line in result.stderr.splitlines() if "Windows-1252" in line]
    assert len(notes) == 1 and notes[0].startswith("note: "), result.stderr
    assert payload["notes"] == [notes[0].removeprefix("note: ")]  # the rows' report: problems


def test_allocate_reads_a_spreadsheet_without_an_id_column(tmp_path: Path) -> None:
    path = tmp_path / "volunteers.csv"
    path.write_text(
        "Name,Phone,Postcode,Hours\nAda,0161,CR0 1,6\nBea,0207,M1,5\n",
        encoding="utf-8",
    )
    payload, result = command_result("allocate", str(path), "--party", "Lab")
    assert {row["volunteer_id"] for row in payload["rows"]} == {"Ada", "Bea"}
    assert "note: The volunteer file has no id column" in result.stderr
    assert "note: Columns ignored: Phone." in result.stderr  # docs/targeting.md: as spelt


def test_allocate_strict_names_the_bad_postcode_row(tmp_path: Path) -> None:
    path = tmp_path / "volunteers.csv"
    path.write_text("id,postcode,hours\nb1,CR0 1,6\nb2,ZZ9 9ZZ,4\n", encoding="utf-8")
    result = runner.invoke(app, ["allocate", str(path), "--party", "Lab", "--strict"])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith("error: volunteers row 3: postcode: not a known postcode")
    assert "Traceback" not in result.output and "9ZZ" not in result.output
    lenient = runner.invoke(app, ["allocate", str(path), "--party", "Lab"])
    assert lenient.exit_code == 0, lenient.output
    assert "row 3 (id b2): rejected: postcode: not a known postcode" in lenient.stderr


def test_allocate_refuses_a_file_without_a_usable_row_naming_the_first_problems(
    tmp_path: Path,
) -> None:
    """The same refusal as the web's (:func:`psephos.targeting.allocation.allocation_answer`)."""
    path = tmp_path / "volunteers.csv"
    path.write_text("id,postcode,hours\nq1,NW6 1,-2\n", encoding="utf-8")
    result = runner.invoke(app, ["allocate", str(path), "--party", "Lab"])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        "error: No valid volunteer rows to allocate: row 2 (id q1): rejected: hours is "
        "negative (-2)"
    ], result.stderr


def test_allocate_shows_a_rejected_row_among_many_adjusted_ones(tmp_path: Path) -> None:
    """A spreadsheet of a few thousand volunteers with hours like 2.5: the one rejected row is
    shown (last, in row order), the adjusted rows are counted, not printed a line each."""
    from psephos.targeting.volunteers import problem_report, read_volunteers

    path = tmp_path / "volunteers.csv"
    rows = [f"v{i};CR0 1;2,5" for i in range(3000)] + ["bad;ZZ9 9ZZ;4"]
    path.write_text("id;postcode;hours\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["allocate", str(path), "--party", "Lab", "-f", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines == [f"note: {line.strip()}" for line in problem_report(read_volunteers(path))]
    assert lines[0].startswith("note: Read 3,001 volunteer rows: 3,000 accepted, 1 rejected")
    assert lines[-2].startswith("note: row 3002 (id bad): rejected: postcode")
    assert len(lines) < 30


def test_allocate_s_plan_lists_the_rejected_rows_with_why(tmp_path: Path) -> None:
    """A rejected row was missing from the plan (CSV, --out and the web's download), said
    only in lines on stderr that were no note: lines: it is in the plan, in the file's
    order, without a seat or hours, its reason the rejection; the report is note: lines."""
    path = tmp_path / "volunteers.csv"
    path.write_text(
        "volunteer_id,postcode,hours\nv1,CR0 1NX,6\nv2,NOTAPOSTCODE,4\nv3,SW1A 1AA,-3\n"
        "v4,SW1A 1AA,2\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan.csv"
    arguments = ["allocate", str(path), "--election", "2019", "--party", "Lab"]
    result = runner.invoke(app, [*arguments, "-f", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == "\ufeff" + result.stdout  # the file: for Excel
    plan = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["volunteer_id"] for row in plan] == ["v1", "v2", "v3", "v4"]
    assert plan[2] == {
        "volunteer_id": "v3",
        "seat_code": "",
        "seat_name": "",
        "hours": "",
        "distance_km": "",
        "reason": "row 4 rejected: hours is negative (-3)",
    }
    assert plan[1]["reason"].startswith("row 3 rejected: postcode")
    assert all(line.startswith("note: ") for line in result.stderr.splitlines())
    assert "note: Read 4 volunteer rows: 2 accepted, 2 rejected, 0 adjusted." in result.stderr


def test_allocate_s_plan_file_opens_in_excel_with_welsh_seat_names(tmp_path: Path) -> None:
    """Excel on Windows read ``--out``'s UTF-8 as Windows-1252, garbling "Ynys Môn": the file
    starts with a UTF-8 byte-order mark, which Excel reads as "this is UTF-8"; standard output
    (``-f csv``) does not, so a pipe gets plain text; psephos's own readers read the file."""
    from psephos.io.rows import read_text

    path = tmp_path / "wales.csv"
    path.write_text("id,postcode,hours\nw1,LL77 7,10\nw2,SY21 7,10\n", encoding="utf-8")
    out = tmp_path / "plan.csv"
    result = runner.invoke(
        app, ["allocate", str(path), "--party", "Lab", "-f", "csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfvolunteer_id,") and not result.stdout.startswith("\ufeff")
    assert raw[3:].decode("utf-8") == result.stdout
    assert {"Ynys Môn", "Montgomeryshire and Glyndŵr"} <= {
        row["seat_name"] for row in csv.DictReader(io.StringIO(read_text(out, what="plan")))
    }


def test_allocate_keeps_a_volunteer_on_the_seat_they_chose(tmp_path: Path) -> None:
    """A ``chosen_seat`` column (the web's sign-ups export it; "Target seat" reads as it) keeps
    each volunteer who gives one on that seat, by name or ONS code, and says so."""
    path = tmp_path / "signups.csv"
    path.write_text(
        "id,postcode,hours,Target seat\nh1,HX1 1,15,Rochdale\nh2,HX1 1,15,\nh3,HX1 1,6,E14001446\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["allocate", str(path), "--party", "Lab", "-f", "csv"])
    assert result.exit_code == 0, result.output
    plan = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["volunteer_id"], row["seat_name"], row["hours"]) for row in plan] == [
        ("h1", "Rochdale", "15"),
        ("h2", "Bradford West", "15"),
        ("h3", "Rochdale", "6"),
    ]
    assert "note: 2 volunteers (21 hours) work in the seat they chose" in result.stderr
    assert "Columns ignored" not in result.stderr


def test_nearest_and_allocate_plan_from_the_latest_election_by_default(tmp_path: Path) -> None:
    """Like project, forecast and advise, the planning commands start from the latest
    election (today's boundaries) unless told otherwise."""
    from psephos.jurisdictions import UK

    assert command_json("nearest", "--from", "SW1A 1AA", "--km", "5")["election"] == UK.latest_id
    path = tmp_path / "v.csv"
    path.write_text("id,hours,postcode\n1,10,SW1A 1AA\n2,5,M1 1AE\n", encoding="utf-8")
    plan = command_json("allocate", str(path), "--show", "seats")
    latest = psephos.load(UK.latest_id)
    for row in plan["rows"]:
        latest.seat_index(row["code"])  # a seat of the latest election


def test_nearest_travel_time_hook_as_documented(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/targeting.md: `--travel-time myrouting:minutes` imports a module on the path (it
    was checked as a file name and refused as missing)."""
    (tmp_path / "myrouting.py").write_text(
        "import numpy as np\n\n\n"
        "def minutes(lat, lon, lats, lons):\n"
        "    return np.full(len(lats), 7.0)\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "myrouting", raising=False)
    args = ["nearest", "--from", "Hampstead and Kilburn", "--km", "25"]
    rows = command_json(*args, "--travel-time", "myrouting:minutes")["rows"]
    assert rows and all(row["minutes"] == 7.0 for row in rows)
    wrong = runner.invoke(app, [*args, "--travel-time", "myrouting"])
    assert wrong.exit_code == 2 and "MODULE:FUNCTION" in wrong.stderr


@pytest.mark.parametrize("where", [["Kilburn"], ["--from", "Kilburn"]])
def test_nearest_from_a_word_of_an_abolished_seat_s_name(where: list[str]) -> None:
    """`nearest Kilburn` was refused on 2024 though "Hampstead & Kilburn" was followed: the
    word is the old seat's, and starts from where its full name does."""
    word = command_json("nearest", *where, "--km", "10")
    full = command_json("nearest", "Hampstead & Kilburn", "--km", "10")
    assert word["origin"]["code"] == full["origin"]["code"] == "E14001265"
    assert word["origin"]["name"].startswith(
        "Hampstead and Highgate (for Kilburn, in Hampstead and Kilburn, now split between"
    )
    assert word["rows"] == full["rows"]


def test_nearest_for_a_party_standing_nowhere_near_says_so() -> None:
    """Not "widen --km": dozens of seats are within 20 km of Croydon, none the SNP's."""
    result = runner.invoke(app, ["nearest", "Croydon", "--km", "20", "--party", "SNP"])
    assert result.exit_code == 2
    assert "SNP stands in none of the" in result.stderr
    assert "seats of 2024 within 20 km of Croydon" in result.stderr
    assert "widen --km" not in result.stderr


def test_the_closest_marginals_for_a_party_standing_nowhere_near_say_so() -> None:
    """``--closest`` printed an empty table ("no rows") from Belfast for Lab, which stands in
    no Northern Ireland seat, where the sensitivity search says why: both now say it."""
    result = runner.invoke(app, ["nearest", "--postcode", "BT1 5GS", "--party", "Lab", "--closest"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: Lab stands in none of the 17 seats of 2024 within 100 km of BT1 5GS;"
    )
    assert "no rows" not in result.output
    # a party that stands there, with no seat under the limit, is still an empty list
    close = runner.invoke(
        app, ["nearest", "BT1 5GS", "--party", "DUP", "--closest", "--max-majority", "0.1"]
    )
    assert close.exit_code == 0 and "no rows" in close.output


def test_nearest_finds_a_travel_time_hook_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hook module beside the user's files is found without setting PYTHONPATH (the
    installed `psephos` command does not put the current folder on the path by itself)."""
    (tmp_path / "myrouting_here.py").write_text(
        "import numpy as np\n\n\ndef minutes(lat, lon, lats, lons):\n"
        "    return np.full(len(lats), 9.0)\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, "myrouting_here", raising=False)
    args = ["nearest", "--from", "Hampstead and Highgate", "--km", "10"]
    rows = command_json(*args, "--travel-time", "myrouting_here:minutes")["rows"]
    assert rows and all(row["minutes"] == 9.0 for row in rows)
    assert str(tmp_path) not in sys.path  # the folder is not left on the path


def test_allocate_and_swap_take_either_name_of_the_flow_method(tmp_path: Path) -> None:
    """`--method flow` and `--method min-cost-flow` mean the same in both commands."""
    from psephos.solvers import has_ortools

    path = tmp_path / "v.csv"
    path.write_text("id,hours,postcode\n1,10,SW1A 1AA\n2,5,M1 1AE\n", encoding="utf-8")
    for name in ("flow", "min-cost-flow"):
        result = runner.invoke(app, ["allocate", str(path), "--method", name, "-f", "json"])
        if has_ortools():
            assert result.exit_code == 0, result.output
        else:
            assert result.exit_code == 2 and "needs OR-Tools" in result.output


def test_allocate_summary_writes_tiny_figures_by_the_number_rule(tmp_path: Path) -> None:
    """Few volunteer hours at a low yield gain a tiny fraction of a seat: the summary line shows
    it as the number rule writes it (``0.0000026``), never as ``2.63e-06``."""
    path = tmp_path / "volunteers.csv"
    path.write_text("id,hours,latitude,longitude\nv1,1,51.5,-0.12\nv2,2,53.4,-2.2\n")
    args = ["allocate", str(path), "--election", "2019", "--party", "Lab"]
    args += ["--votes-per-hour", "0.01"]
    summary = command_json(*args)["summary"]
    assert 0 < summary["expected_seats_gained"] < 1e-4
    result = runner.invoke(app, args, terminal_width=400)
    assert result.exit_code == 0, result.output
    line = " ".join(result.stdout.split("The plan places")[1].split())
    for key in ("expected_seats_gained", "travel_cost", "objective", "greedy_objective"):
        assert format_number(summary[key]) in line, (key, line)
    assert "e-0" not in line


def test_allocate_says_in_words_what_the_plan_gains_and_what_its_columns_mean(
    tmp_path: Path,
) -> None:
    """Under ``allocate --show seats`` a legend says what ``capacity`` and ``expected_seats``
    (seats the plan's hours gain, not a party's seats as in ``exitpoll``) mean, and the line
    under the table says the tiny expected gain as a chance of one more seat, never as a bare
    fraction; CSV keeps the keys and numbers without a legend."""
    from psephos.columns import COMMAND_MEANINGS, MEANINGS

    path = tmp_path / "volunteers.csv"
    path.write_text("id,postcode,hours\nv1,CR0 1AB,6\nv2,NW6 1,4\nv3,M1,5\n")
    args = ["allocate", str(path), "--election", "2019", "--party", "Lab", "--show", "seats"]
    summary = command_json(*args)["summary"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    under = " ".join(result.stdout.split("└")[-1].split())  # the legend wraps at the width
    for column in ("capacity", "expected_seats"):
        assert f"{column}: {COMMAND_MEANINGS['allocate', column]}" in under
    assert MEANINGS["expected_seats"] not in under
    gained = summary["expected_seats_gained"]
    assert 0 < gained < 0.05
    assert (
        f"The plan places {summary['hours_allocated']} of {summary['hours_available']} hours, "
        f"expected to gain {format_number(gained)} seats (a chance of about 1 in "
    ) in under
    assert "of winning one more seat)" in under
    assert "Expected seats gained" not in under
    csv = runner.invoke(app, [*args, "-f", "csv"])
    assert csv.stdout.splitlines()[0] == "code,name,hours,capacity,expected_seats"
    assert "capacity:" not in csv.stdout and "The plan" not in csv.stdout


def test_nearest_title_names_the_party_by_its_label() -> None:
    """--party as typed ("lib dems") is read, and the title and JSON give the party's label."""
    result = runner.invoke(
        app, ["nearest", "--from", "Croydon Central", "--party", "lib dems"], terminal_width=300
    )
    assert result.exit_code == 0, result.output
    assert f"for {psephos.load('2024').label('LD')}" in result.stdout
    assert "lib dems" not in result.stdout


def test_nearest_closest_answers_as_the_web_page_by_default() -> None:
    """``nearest --closest`` asks the nearest-marginal page's question and, without --km,
    searches as far (:data:`psephos.targeting.nearest.MARGINALS_KM`; it searched 30 km where
    the page searched 100, so North Cornwall found 1 marginal where the page found 8)."""
    from psephos.targeting.nearest import MARGINALS_KM, NEAREST_KM, marginals_near

    args = ["nearest", "--from", "North Cornwall", "--election", "2024"]
    payload = command_json(*args, "--closest")
    assert payload["max_km"] == MARGINALS_KM
    _, rows = marginals_near(psephos.load("2024"), "North Cornwall")  # the page's search
    assert [row["code"] for row in payload["rows"]] == [row.code for row in rows]
    assert len(rows) > 1
    plain = command_json(*args)  # the sensitivity search keeps its own budget
    assert plain["max_km"] == NEAREST_KM


#: The pair ``marginals --pair Lab,Con`` lists.
LAB_CON = {"Lab", "Con"}


def test_a_marginal_seat_has_one_row_shape_in_nearest_and_marginals() -> None:
    """``nearest --closest`` rounded ``majority_pct`` to 2 places where ``marginals`` gave it
    as files carry numbers, had no labels, called its budget ``km`` where the web says
    ``max_km``, and gave its origin as a string where the web gives an object: one shape now,
    so the files join (the web's twin: tests/web/test_web_pages.py)."""
    nearest = command_json("nearest", "--postcode", "SW1A 1AA", "--closest", "--top", "3")
    marginals = command_json("marginals", "--pair", "Lab,Con", "--top", "650")
    by_code = {row["code"]: row for row in marginals["rows"]}
    shared = [key for key in by_code[next(iter(by_code))] if key != "rank"]
    assert shared == [
        "code", "name", "winner", "winner_label", "runner_up", "runner_up_label", "majority",
        "majority_pct",
    ]  # fmt: skip
    lab_con = [
        row for row in nearest["rows"] if {row["winner"], row["runner_up"]} == {"Lab", "Con"}
    ]
    assert lab_con
    for row in lab_con:  # the same seat, the same fields, the same numbers
        assert {key: row[key] for key in shared} == {
            key: by_code[row["code"]][key] for key in shared
        }
    assert list(nearest["rows"][0]) == ["code", "name", "distance_km", *shared[2:]]
    assert set(nearest["origin"]) == {"name", "code", "latitude", "longitude"}
    assert nearest["max_km"] == 100 and nearest["max_majority_pct"] == 10 and "km" not in nearest


def test_allocate_names_the_capacities_file_of_an_unknown_seat(tmp_path: Path) -> None:
    """A seat the election lacks in --capacities is named with its file, so the organiser
    knows which of their two files to fix."""
    volunteers = tmp_path / "volunteers.csv"
    volunteers.write_text("id,postcode,hours\nv1,CR0 1,6\n", encoding="utf-8")
    capacities = tmp_path / "caps.csv"
    capacities.write_text("seat,hours\nCroydon South,2\nNowhere Town,5\n", encoding="utf-8")
    result = runner.invoke(app, ["allocate", str(volunteers), "--capacities", str(capacities)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: capacity file 'caps.csv': No constituency 'Nowhere")


def test_allocate_reads_a_capacities_file_with_a_decimal_comma(tmp_path: Path) -> None:
    """A semicolon file with "2,5" hours is read as the volunteers' file reads one."""
    volunteers = tmp_path / "volunteers.csv"
    volunteers.write_text("id;postcode;hours\nv1;CR0 1;6,5\n", encoding="utf-8")
    capacities = tmp_path / "caps.csv"
    capacities.write_text("seat;hours\nCroydon Central;2,5\n", encoding="utf-8")
    args = ["allocate", str(volunteers), "--election", "2019", "--party", "Lab"]
    payload = command_json(*args, "--capacities", str(capacities), "--show", "seats")
    croydon = [row for row in payload["rows"] if row["name"] == "Croydon Central"]
    assert croydon and all(row["capacity"] == 2 for row in croydon)
    assert (  # the fraction dropped is said, as the volunteers' file says its own
        "The capacity file 'caps.csv' gives a fraction of an hour on row 2 (2.5 read as 2): "
        "capacities are whole hours, so each was rounded down."
    ) in payload["notes"]


def test_allocate_says_why_no_hour_is_placed_and_gives_no_share_of_a_zero_optimum(
    tmp_path: Path,
) -> None:
    """Only Northern Ireland volunteers for Labour: one note says why, and the greedy baseline
    is not called 100% of an optimum of nothing."""
    volunteers = tmp_path / "volunteers.csv"
    volunteers.write_text("id,postcode,hours\nv1,BT1 1,8\n", encoding="utf-8")
    result = runner.invoke(app, ["allocate", str(volunteers), "--party", "Lab"])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: No hours")]
    assert notes == [
        "note: No hours placed: Lab stands in none of the seats within reach of a volunteer "
        "(each one's 15 nearest, 15 in all)."
    ]
    assert result.stdout.endswith("The plan places 0 of 8 hours.\n")
    assert "of the optimum" not in result.stdout and "0.0 seats" not in result.stdout


def test_nearest_takes_where_you_start_as_its_argument() -> None:
    """``psephos nearest Leeds`` is ``psephos nearest --from Leeds``, as a newcomer types it;
    a place given twice is refused in one line, and none at all says how to give one."""
    typed = command_json("nearest", "Leeds", "--party", "Green", "-n", "5")
    assert typed == command_json("nearest", "--from", "Leeds", "--party", "Green", "-n", "5")
    twice = runner.invoke(app, ["nearest", "Leeds", "--postcode", "LS6 3AA"])
    assert twice.exit_code != 0
    assert "Give where you start once: 'Leeds' or --postcode, not both." in twice.output
    none = runner.invoke(app, ["nearest"])
    assert none.exit_code != 0
    assert "a place (psephos nearest Leeds)" in none.output


def test_target_table_writes_a_win_chance_as_its_find_line_does(
    json_and_table: Callable[..., tuple[dict[str, Any], str]],
) -> None:
    """A seat's win probability reads the same in the table and in the --find line beside it
    ("about 1 in 2,500", "49%"), never a bare fraction (0.0004) a column widens."""
    from psephos.numbers import one_in

    options = ["target", "2024", "--pair", "Labour,Reform UK", "-n", "5", "--find", "Clacton"]
    payload, table = json_and_table(options)
    rows = payload["rows"]
    lines = table.splitlines()
    for row in rows:
        (cells,) = [line for line in lines if row["code"] in line]
        assert f" {one_in(row['win_probability'])} " in cells
        assert f"{row['win_probability']:.4f}" not in cells
    clacton = next(row for row in rows if row["name"] == "Clacton")
    assert lines[-1].endswith(f"a chance of {one_in(clacton['win_probability'])} that Lab wins it.")


@pytest.mark.parametrize("kind", ["attack", "defend"])
def test_target_table_names_each_seat_s_holder_as_the_web_list_does(
    kind: str, json_and_table: Callable[..., tuple[dict[str, Any], str]]
) -> None:
    """The table's party column is the seat's holder (the web's "Held by"), not a column
    headed "rival" that names the list's own party on every row of its attack list; CSV and
    JSON keep both."""
    options = ["target", "2015", "--pair", "Lab,Con", "--list", kind, "-n", "5"]
    payload, table = json_and_table(options)
    lines = table.splitlines()
    (header,) = [line for line in lines if " rank " in line]
    cells = [cell.strip() for cell in re.split("[\u2502\u2503]", header)]
    assert "holder" in cells
    assert "rival" not in cells
    for row in payload["rows"]:
        assert {"holder", "rival"} <= row.keys()
        (line,) = [line for line in lines if row["code"] in line]
        shown = [cell.strip() for cell in re.split("[\u2502\u2503]", line)]
        assert shown[cells.index("holder")] == row["holder"]
    assert {row["holder"] for row in payload["rows"]} == {"Con" if kind == "attack" else "Lab"}


@pytest.mark.parametrize(
    ("seat", "kind", "points_to"),
    [
        ("Hampstead and Highgate", "attack", "--list defend"),  # Lab holds it
        ("Huntingdon", "defend", "--list attack"),  # Con holds it
        ("Clacton", "attack", "--pair Lab,Reform"),  # Reform holds it, not Con
    ],
)
def test_target_find_says_why_a_seat_is_off_the_list_and_what_to_run(
    seat: str,
    kind: str,
    points_to: str,
    json_and_table: Callable[..., tuple[dict[str, Any], str]],
) -> None:
    """A seat the list leaves out is not just 'not on this list': the line says why, as the
    library tells it, and the options that list it."""
    options = ["target", "2024", "--pair", "Lab,Con", "--list", kind, "-n", "1", "--find", seat]
    payload, table = json_and_table(options)
    found = payload["find"]
    assert found["rank"] is None and found["why"]
    last = table.splitlines()[-1]
    listed_on = f"Lab's {'target' if kind == 'attack' else 'defend'} list against Con"
    assert last == f"{seat}: not on {listed_on} ({found['why']}; see {points_to})."


@pytest.mark.parametrize(
    "args", [["target", "--pair", "Lab,Con", "--top", "5"], ["nearest", "Leeds", "--party", "Lab"]]
)
def test_target_and_nearest_write_chances_and_their_changes_alike(args: list[str]) -> None:
    """``win_probability`` 38% beside ``per_1000_votes`` 0.0866: the change in that chance read
    as another unit. Both commands write the chance as a percentage, its changes in
    percentage points, and a legend line for each under the table."""
    from psephos.columns import legend

    result = runner.invoke(app, args, env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    rows = [line.split("│")[1:-1] for line in result.stdout.splitlines() if line.startswith("│")]
    header = next(line for line in result.stdout.splitlines() if line.startswith("┃"))
    columns = [cell.strip() for cell in header.split("┃")[1:-1]]
    for row in rows:
        cells = dict(zip(columns, (cell.strip() for cell in row), strict=True))
        assert re.fullmatch(r"\d+%|about 1 in [\d,]+", cells["win_probability"])
        for column in ("per_1000_votes", "per_100_hours"):
            assert re.fullmatch(r"\+\d+\.\d+ pts", cells[column]), cells[column]
    for line in legend(columns):
        assert line in result.stdout.replace("\n", " ")
    as_csv = runner.invoke(app, [*args, "--format", "csv"])
    assert " pts" not in as_csv.stdout and "per_1000_votes" in as_csv.stdout


#: The organiser's poll as a swing from the 2024 GB shares.
ORGANISER_SWING = "Reform=+14.3,Lab=-14.7,Con=-6.4,LD=+0.4,Green=+4.1,SNP=+0.4"


def test_nearest_closest_honours_the_party_swing_and_travel_limits() -> None:
    """``--closest`` lists the marginals after the swing, for the party, within the travel
    time: it ignored all three and said "no rows" within 30 km of Liverpool, where the same
    swing puts Reform UK two points ahead of Labour in Liverpool West Derby."""
    args = ["nearest", "--postcode", "L4 0TH", "--party", "Lab", "--km", "30", "--closest"]
    swung = command_json(*args, "--swing", ORGANISER_SWING, "-n", "50")
    rows = swung["rows"]
    assert "Liverpool West Derby" in {row["name"] for row in rows}
    assert all("Lab" in (row["winner"], row["runner_up"]) for row in rows)
    assert swung["swing_points"]["Reform"] == 14.3
    title = " ".join(runner.invoke(app, [*args, "--swing", ORGANISER_SWING]).stdout.split())
    # said, not assumed, in the target-list page's words
    assert "base 2024 with a national swing of Reform +14.3, Lab -14.7" in title
    assert command_json(*args)["rows"] == []  # on the 2024 result Labour's seats there are safe
    timed = command_json(
        *args, "--swing", ORGANISER_SWING, "-n", "50", "--speed-kmh", "30", "--max-minutes", "10"
    )["rows"]
    assert timed and all(row["minutes"] <= 10 for row in timed)
    assert [row["code"] for row in timed] == [
        row["code"] for row in rows if row["distance_km"] * 2 <= 10.05
    ]
    assert "minutes" not in rows[0]  # no hook, no column


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--closest", "--national-sd", "0.05"], "--national-sd has no effect with --closest"),
        (["--max-majority", "5"], "--max-majority needs --closest"),
        (["--max-minutes", "30"], "--max-minutes needs --speed-kmh or --travel-time"),
        (["--closest", "--max-minutes", "30"], "--max-minutes needs --speed-kmh or --travel-time"),
    ],
)
def test_nearest_refuses_an_option_its_search_would_not_use(extra: list[str], message: str) -> None:
    """An option the search asked for does not use is refused in one line, not dropped."""
    result = runner.invoke(app, ["nearest", "--from", "Guildford", *extra])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_nearest_states_the_minutes_its_rows_were_cut_at() -> None:
    """``--speed-kmh 40 --max-minutes 30`` cut the rows at 30 minutes (20 km) but titled them
    "within 30 km" (the default km) with ``max_km: 30`` alone in the JSON: the title and the
    JSON state the minutes, and the km they make at the speed; where the km are the nearer
    limit, both."""
    from psephos.targeting.nearest import MARGINALS_KM, NEAREST_KM

    args = ["nearest", "--from", "51.5,-0.1", "--speed-kmh", "40", "--max-minutes", "30"]
    for search in ([], ["--closest"]):
        payload = command_json(*args, *search, "-n", "200")
        assert (payload["max_km"], payload["max_minutes"], payload["speed_kmh"]) == (
            NEAREST_KM if not search else MARGINALS_KM,
            30,
            40,
        )
        assert payload["rows"] and max(row["distance_km"] for row in payload["rows"]) <= 20
        title = " ".join(runner.invoke(app, [*args, *search]).stdout.split())
        assert "within 30 minutes (20 km at 40 km/h) of 51.5000, -0.1000" in title, title
    near = " ".join(runner.invoke(app, [*args, "--km", "10"]).stdout.split())
    assert "Seats within 10 km and 30 minutes of" in near
    plain = command_json("nearest", "--from", "51.5,-0.1", "-n", "1")
    assert "max_minutes" not in plain and "speed_kmh" not in plain


def test_nearest_takes_a_poll_as_target_does() -> None:
    """``nearest --poll`` projects the base through the one engine, as ``target --poll``: the
    same projection, and each seat's margin for the party is the target list's."""
    poll = "Reform 29 Lab 20 Con 18 LD 13 Green 11 SNP 3"
    near = command_json("nearest", "Liverpool", "--party", "Lab", "--poll", poll, "-n", "5")
    listed = command_json(
        "target", "2024", "--pair", "Lab,Reform", "--list", "defend", "--poll", poll, "-n", "400"
    )
    assert near["projection"] == listed["projection"]
    assert near["notes"] == listed["notes"]
    margins = {row["code"]: row["margin_pct"] for row in listed["rows"]}
    shared = [row for row in near["rows"] if row["code"] in margins]
    assert shared and all(row["margin_pct"] == margins[row["code"]] for row in shared)
    both = runner.invoke(app, ["nearest", "Liverpool", "--poll", poll, "--swing", "Lab=+1"])
    assert both.exit_code == 2 and "not both" in both.stderr


def test_allocate_takes_a_poll_as_target_does(tmp_path: Path) -> None:
    """``allocate --poll``: the organiser's poll, projected as ``target --poll`` projects it
    (the same projection in the JSON, its note printed and kept), with no swing to work out
    by hand; a bad poll is refused before the volunteers' file is read."""
    path = tmp_path / "volunteers.csv"
    path.write_text("id,postcode,hours\na,M14 5AA,5\nb,L4 0TH,2\n", encoding="utf-8")
    poll = "Reform 29 Lab 20 Con 18 LD 13 Green 11 SNP 3"
    plan, result = command_result("allocate", str(path), "--party", "Lab", "--poll", poll)
    listed = command_json("target", "2024", "--pair", "Lab,Reform", "--poll", poll, "-n", "1")
    assert plan["projection"] == listed["projection"]
    assert plan["notes"][0] == listed["notes"][0]
    assert result.stderr.count("note: The Great Britain shares sum to 94.0%") == 1
    assert plan["rows"] != command_json("allocate", str(path), "--party", "Lab")["rows"]
    bad = runner.invoke(app, ["allocate", str(path), "--poll", "Lab 80 Con 80"])
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: The Great Britain shares sum to 160.0%")
    assert "Read 2 volunteer rows" not in bad.stderr


@pytest.mark.parametrize("swing", ["Reform 29 Lab 20 Con 18", "Reform 5, Lab 3"])
def test_a_poll_pasted_into_swing_is_sent_to_poll(swing: str, tmp_path: Path) -> None:
    """A whole poll in --swing got "shares sum to 140.8%", and "Reform 5, Lab 3" was read as
    gains and planned with; both are refused in one line pointing to --poll, before the
    volunteers' file is read."""
    path = tmp_path / "volunteers.csv"
    path.write_text("id,postcode,hours\na,M14 5AA,5\n", encoding="utf-8")
    for command in (["allocate", str(path), "--party", "Lab"], ["target", "--pair", "Lab,Reform"]):
        result = runner.invoke(app, [*command, "--swing", swing])
        assert result.exit_code == 2
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"error: Swing {swing!r} gives 'Reform ")
        assert line.endswith("without a sign: this looks like a poll: give it as --poll; "
                             "--swing takes signed changes such as Reform=+14.")  # fmt: skip


def test_target_find_names_the_pair_a_defended_seat_is_listed_for() -> None:
    """Lab holds Blaenau Gwent and Rhymney, where Plaid Cymru, not Reform UK, is its nearest
    rival after the poll: the line names the pair to ask for (it said only why), and that
    list has the seat."""
    poll = ["--poll", "Reform 29 Lab 20 Con 18 LD 13 Green 11 SNP 3 PC 1"]
    seat = "Blaenau Gwent and Rhymney"
    asked = ["target", "--pair", "Lab,Reform", "--list", "defend", *poll, "-n", "1"]
    found = command_json(*asked, "--find", seat)["find"]
    assert found["rank"] is None and found["look_on"] == ["defend", "Lab", "PC"]
    result = runner.invoke(app, [*asked, "--find", seat], env={"COLUMNS": "400"})
    assert result.stdout.splitlines()[-1] == (
        f"{seat}: not on Lab's defend list against Reform UK (Reform UK is not Lab's nearest "
        "rival there; see --pair Lab,PC)."
    )
    other = ["target", "--pair", "Lab,PC", "--list", "defend", *poll, "-n", "1"]
    assert command_json(*other, "--find", seat)["find"]["rank"] is not None


@pytest.mark.parametrize(
    ("moved", "words"),
    [
        (
            ["--poll", "Reform 29 Lab 21 Con 17 LD 14 Green 12"],
            "from 2024 projected to the poll Reform 29 Lab 21 Con 17 LD 14 Green 12 "
            "(national model) (",
        ),
        (
            ["--swing", "Reform=+14,Lab=-14"],
            "from 2024 with a national swing of Reform +14.0, Lab -14.0 points (national model) (",
        ),
        ([], "from 2024 ("),
    ],
)
def test_the_target_title_names_the_poll_or_swing_it_projected_to(
    moved: list[str], words: str
) -> None:
    """A defend list for a poll was titled "Lab defend list against Reform from 2024", as if
    its margins were the 2024 result's; the title names the poll or swing, in the words
    ``nearest`` and the target-list page use (scenario_words)."""
    args = ["target", "--pair", "Lab,Reform", "--list", "defend", "--top", "3", *moved]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    title = " ".join(result.stdout.split())
    assert f"Lab defend list against Reform {words}" in title
