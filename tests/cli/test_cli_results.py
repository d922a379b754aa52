"""The command line through Typer's runner, and the real console script for exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import psephos
from cli_helpers import command_json, command_result
from psephos.cli import COMMANDS, app, load_command
from psephos.jurisdictions import election_name

runner = CliRunner()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m psephos`` for real (exit codes and stderr as a user sees them)."""
    return subprocess.run(
        [sys.executable, "-m", "psephos", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_every_command_has_help_text() -> None:
    # Commands load lazily: check the real command behind every entry of the table.
    commands = {entry.name: load_command(entry.name) for entry in COMMANDS}
    assert commands, "no commands registered"
    for name, command in commands.items():
        assert command.help, f"command {name!r} has no help text"
        for parameter in command.params:
            if parameter.param_type_name == "option":
                assert getattr(parameter, "help", None), f"{name} {parameter.name} has no help"


def test_version_is_the_installed_package_s() -> None:
    """``psephos --version`` was "No such option": a pipeline logs the version it ran."""
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"psephos {version('psephos')}\n"


def test_results_national_json() -> None:
    rows = command_json("results", "2019-notional-2024")["rows"]
    seats = {row["party"]: row["seats"] for row in rows}
    assert seats["Con"] == 372 and seats["Lab"] == 200


def test_results_table_and_csv() -> None:
    table = runner.invoke(app, ["results", "2017"])
    assert table.exit_code == 0 and "317" in table.output
    assert f"changes from {election_name('2015')}" in table.output
    notional = runner.invoke(app, ["results", "2024"])
    title = " ".join(notional.output.split())  # a long title wraps at the table's width
    assert f"(changes from {election_name('2019-notional-2024')})" in title
    assert "2019-notional-2024" not in notional.output
    csv_out = runner.invoke(app, ["results", "2024", "--format", "csv"])
    assert csv_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0].startswith("party,party_label,seats,votes,share_pct")
    assert "Lab,Lab,411,9708716" in csv_out.stdout
    assert "\nReform,Reform UK,5," in csv_out.stdout


def test_files_carry_majorities_and_shares_unrounded() -> None:
    """docs/cli.md: CSV and JSON carry floats to 10 significant digits. Hendon's 2024 majority
    of 15 votes (0.0364%) and Poole's 18 (0.0405%) are not both 0.04 in a file; the table
    rounds them."""
    rows = list(csv.DictReader(io.StringIO(_csv("marginals", "2024", "--top", "2"))))
    current = psephos.load("2024")
    for row in rows:
        result = current.result(row["code"])
        expected = result.majority / result.valid_votes * 100
        assert float(row["majority_pct"]) == pytest.approx(expected, rel=1e-9)
    assert rows[0]["majority_pct"] != rows[1]["majority_pct"]
    clacton = current.result("Clacton")
    seat_rows = list(csv.DictReader(io.StringIO(_csv("results", "2024", "--seat", "Clacton"))))
    farage = next(row for row in seat_rows if row["party"] == "Reform")
    assert float(farage["share_pct"]) == pytest.approx(21225 / clacton.valid_votes * 100, rel=1e-9)
    table = runner.invoke(app, ["marginals", "2024", "--top", "2"])
    assert "0.04 " in table.output  # the table rounds (0.0364% to 0.04)


def _csv(*arguments: str) -> str:
    result = runner.invoke(app, [*arguments, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_results_seat() -> None:
    result = runner.invoke(app, ["results", "2017", "--seat", "Hampstead and Kilburn"])
    assert result.exit_code == 0, result.output
    assert "Lab hold" in result.output and "15,560" in result.output
    assert "12.3-point swing from Con to Lab" in result.output
    as_json = command_json("results", "2017", "--seat", "E14000727")
    assert as_json["majority"] == 15_560 and as_json["rows"][0]["candidate"] == "Tulip Siddiq"


def test_results_seat_reads_a_word_as_the_seat_with_that_word() -> None:
    """``--seat Chester`` is City of Chester, not Chesterfield (whose name only starts with
    the letters); a word two seats have asks which, naming both, as a user sees it."""
    chester = command_json("results", "2017", "--seat", "Chester")
    assert chester["name"] == "City of Chester" and chester["code"] == "E14000640"
    asked = run_cli("results", "2019", "--seat", "Westminster")
    assert asked.returncode == 2 and asked.stdout == ""
    assert asked.stderr.strip() == (
        "error: No constituency 'Westminster' in election '2019'; 2 seats match it. "
        "Did you mean 'Cities of London and Westminster', 'Westminster North'?"
    )


def test_results_and_marginals_default_to_the_latest_result() -> None:
    """``psephos results --seat Bath`` asks about the latest election, as ``--from`` defaults
    to it elsewhere (``Jurisdiction.latest_id``); an election given still wins."""
    from psephos.jurisdictions import UK

    latest = command_json("results", "--seat", "Bath")
    assert latest == command_json("results", UK.latest_id, "--seat", "Bath")
    assert command_json("results", "2019", "--seat", "Bath")["code"] != latest["code"]
    assert command_json("marginals", "-n", "3")["election"] == UK.latest_id
    for command in ("results", "marginals"):
        shown = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert "Left out: the latest result." in " ".join(shown.output.split())


def test_results_seat_rows_give_the_party_code_as_the_winner_does() -> None:
    clacton = command_json("results", "2024", "--seat", "Clacton")
    first = clacton["rows"][0]
    assert first["party"] == clacton["winner"] == "Reform"
    assert first["party_label"] == clacton["winner_label"] == "Reform UK"
    csv_out = runner.invoke(app, ["results", "2024", "--seat", "Clacton", "--format", "csv"])
    assert csv_out.output.splitlines()[0] == (
        "seat_code,seat_name,candidate,party,party_label,party_name,votes,share_pct,"
        "share_change_pct"
    )


def test_results_seat_files_name_the_seat_on_every_row() -> None:
    """Several seats' files joined together can be told apart; the table stays as it was."""
    current = psephos.load("2024")
    joined: list[dict[str, str]] = []
    for seat in ("Clacton", "Croydon East"):
        out = runner.invoke(app, ["results", "2024", "--seat", seat, "--format", "csv"])
        assert out.exit_code == 0, out.output
        joined += list(csv.DictReader(io.StringIO(out.stdout)))  # notes go to stderr
    for seat in ("Clacton", "Croydon East"):
        result = current.result(seat)
        rows = [row for row in joined if row["seat_code"] == result.constituency.code]
        assert {row["seat_name"] for row in rows} == {result.constituency.name}
        assert len(rows) == len(result.candidates or result.votes)
    as_json = command_json("results", "2024", "--seat", "Clacton")
    assert {(row["seat_code"], row["seat_name"]) for row in as_json["rows"]} == {
        (as_json["code"], as_json["name"])
    }
    table = runner.invoke(app, ["results", "2024", "--seat", "Clacton"], env={"COLUMNS": "200"})
    assert "seat_code" not in table.output and "seat_name" not in table.output


def test_marginals() -> None:
    rows = command_json("marginals", "2017", "--top", "50")["rows"]
    assert len(rows) == 50 and rows[0]["name"] == "North East Fife"
    assert all(row["winner"] != row["runner_up"] for row in rows)
    reform = command_json("marginals", "2024", "--pair", "Reform,Lab", "-n", "1")["rows"][0]
    assert (reform["winner"], reform["winner_label"]) == ("Reform", "Reform UK")
    assert (reform["runner_up"], reform["runner_up_label"]) == ("Lab", "Lab")
    none = runner.invoke(app, ["marginals", "2024", "--pair", "Lab,Alliance"])
    assert none.exit_code == 0
    assert "no seat had Lab and Alliance first and second" in none.output
    words = runner.invoke(app, ["marginals", "2024", "--pair", "labour reform", "-n", "2"])
    assert words.exit_code == 0, words.output
    assert "2 most marginal seats between Lab and Reform" in words.output  # codes, as read
    lower = runner.invoke(app, ["marginals", "2024", "--pair", "lab,alliance"])
    assert "no seat had Lab and Alliance first and second" in lower.output


@pytest.mark.parametrize("written", ["Lab+Con", "Lab; Con", "Lab > Con", "1. Lab 2. Con"])
def test_marginals_pair_is_read_as_every_list_of_parties_is_read(written: str) -> None:
    """--pair reads its list with the one reader (:func:`psephos.model.split_parties`), then
    checks it got two parties."""
    asked = ["marginals", "2024", "-n", "5"]
    comma = command_json(*asked, "--pair", "Lab,Con")
    assert command_json(*asked, "--pair", written) == comma
    three = runner.invoke(app, ["marginals", "2024", "--pair", written + "+LD"])
    assert three.exit_code == 2 and "--pair takes two parties, e.g. Lab,Con" in three.output


def test_user_csv_through_cli(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("seat_code,seat_name,party,votes\nE1,A,Lab,10\nE1,A,Con,4\n", encoding="utf-8")
    rows = command_json("results", str(path))["rows"]
    assert {r["party"]: r["seats"] for r in rows}["Lab"] == 1


def test_a_seat_without_votes_is_reported_with_no_shares(tmp_path: Path) -> None:
    """A results-night file's seat not yet filled in (every candidate on 0 votes) is shown
    with no shares and the national table's note, not an internal error."""
    path = tmp_path / "zero.csv"
    path.write_text(
        "seat_name,candidate,party,votes,electorate\nA,Ann,Labour,100,1000\n"
        "A,Bob,Conservative,50,1000\nB,Cy,Labour,0,1000\nB,Di,Conservative,0,1000\n",
        encoding="utf-8",
    )
    report = command_json("results", str(path), "--seat", "B")
    assert [row["share_pct"] for row in report["rows"]] == [None, None]
    assert report["outcome"] == "No votes recorded: no winner"
    national = command_json("results", str(path))
    assert national["close_calls"][0] in report["notes"]
    table = runner.invoke(app, ["results", str(path), "--seat", "B"])
    assert table.exit_code == 0 and "note: B: no votes recorded" in table.stderr


def test_the_turnout_sentence_gives_the_votes_and_electors_it_is_over(tmp_path: Path) -> None:
    """Where a seat has no electorate, the turnout is over the others: its bracket gives their
    votes and electors (700 of 1,000: 70%, not "1,200 valid votes of 1,000 electors"), and a
    note says how many seats, and votes, it leaves out."""
    path = tmp_path / "partial.csv"
    path.write_text(
        "seat_name,party,votes,electorate\nA,Labour,600,1000\nA,Conservative,100,1000\n"
        "B,Labour,300,\nB,Conservative,200,\n",
        encoding="utf-8",
    )
    answer = command_json("results", str(path))
    assert answer["turnout_pct"] == 70.0
    assert answer["headline"][1] == "Turnout 70.0% (700 valid votes of 1,000 electors)"
    left_out = (
        "1 of the 2 seats gives no electorate: the turnout is over the others, leaving out its "
        "500 valid votes"
    )
    assert left_out in answer["notes"]
    whole = tmp_path / "whole.csv"
    whole.write_text(path.read_text(encoding="utf-8").replace(",\n", ",1000\n"), "utf-8")
    assert not any("electorate" in note for note in command_json("results", str(whole))["notes"])


def test_a_users_own_results_are_a_base_to_project_and_forecast_from(tmp_path: Path) -> None:
    """``--from`` reads a results CSV as every command's election argument does: a made-up
    country's file is projected by the same engine as a bundled election."""
    from psephos.jurisdictions import read_results_csv
    from psephos.projection import project

    path = tmp_path / "newland.csv"
    path.write_text(
        "seat_code,seat_name,party,votes\n"
        "N1,Northtown,Con,50\nN1,Northtown,Lab,40\nN2,Southville,Con,30\nN2,Southville,Lab,35\n"
        "N3,Eastham,Con,20\nN3,Eastham,Lab,21\nN3,Eastham,LD,25\n",
        encoding="utf-8",
    )
    poll = "Con 30 Lab 50 LD 20"
    projected = command_json("project", "--from", str(path), "--poll", poll)
    expected = project(read_results_csv(path), poll).election.seats_won()
    seats = projected["seats"]
    assert seats == {party: n for party, n in expected.items() if n}
    forecast = runner.invoke(
        app, ["forecast", "--from", str(path), "--poll", poll, "--sims", "200", "--seed", "1"]
    )
    assert forecast.exit_code == 0, forecast.output


def test_a_users_canadian_csv_through_cli(tmp_path: Path) -> None:
    path = tmp_path / "ridings.csv"
    rows = "10001,Avalon,LPC,10\n10001,Avalon,CPC,4\n24016,Brome--Missisquoi,BQ,9\n"
    path.write_text(f"seat_code,seat_name,party,votes\n{rows}", encoding="utf-8")
    for command in ("results", "marginals", "systems"):
        result = runner.invoke(app, [command, str(path)])
        assert result.exit_code == 0, (command, result.output)
    path.write_text(
        f"seat_code,seat_name,party,votes\n{rows}24016,Brome--Missisquoi,Rhino,2\n",
        encoding="utf-8",
    )
    rows = command_json("results", str(path), "--unknown-parties", "other")["rows"]
    seats = {r["party"]: r["seats"] for r in rows}
    assert seats["LPC"] == 1 and seats["BQ"] == 1 and seats["Other"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["results", "2018"], "Unknown election '2018'"),
        (["results", "2017", "--seat", "Hamstead"], "Did you mean 'Hampstead and Kilburn'"),
        # a year is nearest the years either side of it, not the ids that look alike
        (["results", "2018"], "Did you mean '2017', '2019', '2019-notional-2024'?"),
        (["results", "2016"], "Did you mean '2015', '2017',"),
        (["results", "canada-2018"], "Did you mean 'canada-2019', 'canada-2021'?"),
        (["marginals", "2017", "--pair", "Lab,Labor"], "Unknown party 'Labor'"),
        (["marginals", "2024", "--pair", "Lab,Labour"], "The pair names Lab twice"),
    ],
)
def test_bad_input_one_line_no_traceback(args: list[str], message: str) -> None:
    completed = run_cli(*args)
    assert completed.returncode != 0
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout
    assert len(completed.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("seat_code,seat_name,votes\nE1,A,3\n", "lacks column(s) party"),
        # the Commons Library's results by constituency: a column per party
        (
            "ons_id,constituency_name,electorate,con,lab,ld,brexit,green,other\n"
            "E14000530,Aldershot,72617,27980,11282,6920,0,1750,0\n",
            "The results file 'bad.csv' looks like a wide file (a column per party: con, lab, "
            "ld, ...); psephos reads one row per party per seat, with columns seat_code, "
            "seat_name, party, votes",
        ),
        ("seat_code,seat_name,lab,votes\nE1,A,3,3\n", "lacks column(s) party"),  # one party
        ("seat_code,seat_name,party,votes\nE1,A,Lab,-3\n", "row 2: votes: negative"),
        ("seat_code,seat_name,party,votes\nE1,A,Lab,3\nE1,B,Con,4\n", "duplicate seat"),
    ],
)
def test_malformed_csv_one_line_no_traceback(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    completed = run_cli("results", str(path))
    assert completed.returncode != 0
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1


def test_usage_error_has_no_traceback() -> None:
    completed = run_cli("results", "2017", "--bogus")
    assert completed.returncode == 2
    assert "No such option" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_a_canadian_forecast_names_a_house_without_a_majority_as_canada_does() -> None:
    from psephos.jurisdictions import CANADA, UK

    for base, country in (("canada-2021", CANADA), ("2024", UK)):
        result = runner.invoke(app, ["forecast", "--from", base, "--sims", "200", "--seed", "1"])
        assert result.exit_code == 0, result.output
        assert f"{country.no_majority_title}: " in result.stdout


def test_results_of_a_workbook_s_sheet_are_the_csv_s(
    tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    """An election given as a workbook's sheet (``results.xlsx#Votes``) is read as its CSV."""
    table = (
        "seat_code,seat_name,party,votes\n"
        "E14000530,Aldershot,Con,21000\n"
        "E14000530,Aldershot,Lab,19500\n"
        "E14000531,Aldridge-Brownhills,Lab,30000\n"
    )
    as_csv = tmp_path / "results.csv"
    as_csv.write_text(table, encoding="utf-8")
    book = workbook(tmp_path / "results.xlsx", ("Notes", "by hand\n"), ("Votes", table))
    from_csv = runner.invoke(app, ["results", str(as_csv), "--format", "json"])
    from_book = runner.invoke(app, ["results", f"{book}#Votes", "--format", "json"])
    assert from_csv.exit_code == from_book.exit_code == 0, from_book.output
    assert json.loads(from_book.stdout) == json.loads(
        from_csv.stdout.replace("'results.csv'", "'results.xlsx', sheet 'Votes'").replace(
            "results.csv", "results.xlsx#Votes"
        )
    )


def test_no_command_requires_an_election_argument() -> None:
    """Every command that takes the election as an argument defaults it (the latest result,
    or for ``turnout`` the latest with an age split), so a user who leaves it out gets an
    answer, not "Missing argument 'election'"; the help says what is used."""
    import typer

    root = typer.main.get_command(app)
    checked = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            if param.param_type_name == "argument" and param.name == "election":
                assert not param.required, name
                checked.append(name)
    assert {"map", "pact", "systems", "target", "results", "marginals"} <= set(checked)


@pytest.mark.parametrize(
    "options",
    [
        ["systems"],
        ["target", "--pair", "Lab,Con", "-n", "3"],
    ],
)
def test_left_out_the_election_is_the_latest_result(options: list[str]) -> None:
    """``psephos systems`` and ``psephos target --pair Lab,Con`` answer for the latest result,
    as the same command given it does."""
    from psephos.jurisdictions import UK

    command, *rest = options
    assert command_json(command, *rest) == command_json(command, UK.latest_id, *rest)


def test_notes_stay_notes_when_python_turns_warnings_into_errors(tmp_path: Path) -> None:
    """A user whose Python runs with ``PYTHONWARNINGS=error`` (or ``-W error``) still gets
    psephos's notes as ``note:`` lines and the answer, not an internal error: the command line
    sets its own filter for its note warnings (``psephos.cli._contract.NOTE_WARNINGS``)."""
    volunteers = tmp_path / "volunteers.csv"  # Excel's "CSV" on Windows: not UTF-8
    volunteers.write_bytes("id,name,postcode,hours\nA,Zoë,SW1A 1AA,10\n".encode("cp1252"))
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    for args, note in (
        (["allocate", str(volunteers), "-f", "csv"], "read as Windows-1252"),
        (["project", "--poll", "Lab 35 Con 24", "-f", "csv"], "sum to 59.0%"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "psephos", *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr.startswith("note: ") and note in done.stderr, done.stderr
        assert "internal error" not in done.stderr
        assert done.stdout.strip(), args


def test_a_results_sheet_of_seat_names_reads_each_seat_by_its_name(tmp_path: Path) -> None:
    """A sheet headed as people head one, ``Constituency,Party,Votes`` with no codes, reads:
    each seat by its name, with a note that it then has no nation (it was refused as lacking
    seat_code and seat_name); a sheet that has its ONS codes as ``ONS code`` keeps them."""
    path = tmp_path / "names.csv"
    path.write_text(
        "Constituency,Party,Votes\nAshford,Lab,20000\nAshford,Con,18000\nBath,LD,25000\n"
        "Bath,Con,10000\n",
        encoding="utf-8",
    )
    answer, result = command_result("results", str(path))
    assert {row["party"]: row["seats"] for row in answer["rows"]} == {"LD": 1, "Lab": 1, "Con": 0}
    assert result.stderr == (
        "note: The results file 'names.csv' has no seat_code column, so each seat is known by "
        "its name and has no nation or region (give a nation column, or ONS codes or riding "
        "numbers as seat_code, for those).\n"
    )
    coded = tmp_path / "coded.csv"
    coded.write_text(
        "ONS code,Constituency,Party name,Votes\nE14001063,Aldershot,Lab,20000\n"
        "E14001063,Aldershot,Con,18000\n",
        encoding="utf-8",
    )
    seat = command_json("results", str(coded), "--seat", "E14001063")
    assert (seat["code"], seat["name"], seat["nation"]) == ("E14001063", "Aldershot", "England")


def test_a_users_seat_without_a_nation_is_not_said_to_be_in_unknown(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "seat_code,seat_name,party,votes\nE1,Alpha,Lab,500\nE1,Alpha,Con,400\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["results", str(path), "--seat", "Alpha"])
    assert result.exit_code == 0, result.output
    assert "Alpha (E1)" in result.stdout and "Unknown" not in result.stdout


def test_a_change_across_a_renaming_and_a_pair_named_by_an_old_name_are_noted() -> None:
    """`results 2019` measured the Brexit Party's change from UKIP's 2017 share without a
    word, and `marginals 2019 --pair UKIP,Lab` listed Brexit Party seats under the title
    "between Reform and Lab": the results say what the change is from (a note, in JSON's
    notes too), and the pair is titled by the year's labels, an old name noted as read."""
    answer, result = command_result("results", "2019")
    assert answer["notes"][0].startswith("Brexit Party's change is from UKIP's share in the ")
    assert f"note: {answer['notes'][0]}" in " ".join(result.stderr.split())
    seat, said = command_result("results", "2019", "--seat", "Hartlepool")
    assert seat["notes"] == answer["notes"] and "note: Brexit Party's change" in said.stderr
    pair = runner.invoke(app, ["marginals", "2019", "--pair", "UKIP,Lab", "-n", "3"])
    assert pair.exit_code == 0, pair.output
    assert "most marginal seats between Brexit Party and Lab" in " ".join(pair.stdout.split())
    assert "note: UKIP read as Brexit Party (the same party)." in pair.stderr
    old = runner.invoke(app, ["marginals", "2015", "--pair", "UKIP,Con", "-n", "1"])
    assert "between UKIP and Con" in old.stdout and "note:" not in old.stderr
