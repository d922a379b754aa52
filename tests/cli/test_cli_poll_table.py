"""``--poll FILE``: a poll table as the poll, in every command that takes ``--poll``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli_helpers import command_json, command_result
from psephos.cli import app
from psephos.cli._inputs import POLL_DAYS_HELP
from psephos.errors import DataFormatError, PsephosError
from psephos.jurisdictions import load
from psephos.projection.polls import WINDOW_DAYS, check_window, read_poll_average

TABLE = (
    "date,pollster,con,lab,ld,snp,green,reform\n"
    "2024-07-03,Alpha,22%,39%,10%,2%,7%,17%\n"
    "2024-07-02,Beta,20,41,12,3,6,15\n"
    "1-2 Jul 2024,Gamma,23,38,11,,7,16\n"
    "2024-06-01,Alpha,30,30,10,3,5,20\n"
)

#: Every command with --poll, with the other arguments it needs.
COMMANDS = [
    ["project"],
    ["forecast"],
    ["advise", "Chorley", "--prefer", "Lab"],
    ["target", "2019", "--pair", "Lab,Con"],
    ["nearest", "Leeds"],
    ["allocate", str(Path(__file__).parents[2] / "examples" / "volunteers.csv")],
    ["turnout", "2019", "--group", "18-24", "--change", "5"],
    ["pact", "2024", "--bloc", "Lab,LD"],
    ["map", "2024", "--out", "map.svg"],
]


def test_project_from_a_table_is_project_from_its_mean(tmp_path: Path) -> None:
    path = tmp_path / "polls.csv"
    path.write_text(TABLE, encoding="utf-8")
    projected, from_file = command_result("project", "--poll", str(path))
    pairs = " ".join(f"{party} {share}" for party, share in read_poll_average(path).shares.items())
    assert projected["seats"] == command_json("project", "--poll", pairs)["seats"]
    note = "note: poll: the mean of 3 polls with fieldwork ending 2-3 Jul 2024 (3 pollsters)"
    assert note in from_file.stderr
    assert "SNP (2 of 3)" in from_file.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_every_poll_option_reads_a_table(command: list[str], tmp_path: Path) -> None:
    missing = CliRunner().invoke(app, [*command, "--poll", str(tmp_path / "polls.csv")])
    assert missing.exit_code == 2
    lines = missing.output.strip().splitlines()
    assert len(lines) == 1 and "polls.csv' does not exist" in lines[0], missing.output
    bad = tmp_path / "bad.csv"
    bad.write_text("date,con,lab\nsoon,30,40\n", encoding="utf-8")
    refused = CliRunner().invoke(app, [*command, "--poll", str(bad)])
    assert refused.exit_code == 2
    assert refused.output.strip() == (
        "error: poll table 'bad.csv' row 2: date: not a date; give e.g. 2024-07-03, 03/07/2024, "
        "3 Jul 2024, Jul 3, 2024 or a fieldwork range such as 28 Jun - 3 Jul 2024 ('soon')."
    )


def test_poll_help_names_the_file_form() -> None:
    result = CliRunner().invoke(app, ["project", "--help"], env={"COLUMNS": "200"})
    assert "a CSV of polls" in result.output


def _table(tmp_path: Path, text: str = TABLE, name: str = "polls.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _seats(arguments: list[str]) -> tuple[dict[str, object], str]:
    answer, result = command_result(*arguments)
    return answer["seats"], result.stderr


@pytest.mark.parametrize(
    ("window", "average"),
    [
        (["--poll-days", "40"], {"days": 40}),
        (["--poll-until", "3 Jul 2024"], {"until": "2024-07-03"}),
        (["--poll-until", "2024-07-03", "--poll-days", "30"], {"days": 30, "until": "2024-07-03"}),
    ],
    ids=["days", "until", "both"],
)
def test_project_averages_the_window_it_is_given(
    window: list[str], average: dict[str, Any], tmp_path: Path
) -> None:
    path = _table(tmp_path)
    mean = read_poll_average(path, **average)
    assert mean.shares != read_poll_average(path).shares  # the window changes the mean
    seats, notes = _seats(["project", "--poll", str(path), *window])
    typed, _ = _seats(["project", "--poll", mean.as_poll()])
    assert seats == typed
    assert f"note: {mean.summary()}" in notes
    assert "window: the" in mean.summary()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_every_poll_option_takes_the_window(command: list[str], tmp_path: Path) -> None:
    path = _table(tmp_path)
    runner = CliRunner()
    assert "--poll-days" in runner.invoke(app, [command[0], "--help"]).output
    early = runner.invoke(app, [*command, "--poll", str(path), "--poll-until", "2024-06-01"])
    assert early.exit_code == 2
    with pytest.raises(DataFormatError) as refused:
        read_poll_average(path, until="2024-06-01")
    assert early.output.strip() == f"error: {refused.value}"


@pytest.mark.parametrize(
    ("window", "library"),
    [
        (["--poll-days", "0"], {"days": 0}),
        (["--poll-days", "-2"], {"days": -2}),
        (["--poll-until", "polling day"], {"until": "polling day"}),
    ],
)
def test_a_bad_window_is_the_library_s_one_line_error(
    window: list[str], library: dict[str, Any], tmp_path: Path
) -> None:
    result = CliRunner().invoke(app, ["project", "--poll", str(_table(tmp_path)), *window])
    assert result.exit_code == 2
    with pytest.raises(PsephosError) as refused:
        check_window(**library)
    assert result.output.strip() == f"error: {refused.value}"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_a_window_without_a_poll_table_is_refused(command: list[str]) -> None:
    runner = CliRunner()
    typed = runner.invoke(app, [*command, "--poll", "Lab 40 Con 20", "--poll-days", "14"])
    assert typed.exit_code == 2
    lines = typed.output.strip().splitlines()
    assert len(lines) == 1 and "--poll-days chooses the polls of a poll table" in lines[0]
    alone = runner.invoke(app, [*command, "--poll-until", "2024-07-04"])
    assert alone.exit_code == 2
    assert alone.output.strip() == (
        "error: --poll-until needs --poll naming a poll table (a CSV of polls)."
    )


def test_poll_days_help_says_the_library_s_default() -> None:
    assert f"default {WINDOW_DAYS}" in POLL_DAYS_HELP


def test_a_table_s_headers_are_read_against_the_base_election(tmp_path: Path) -> None:
    # "People's" is no party of the vocabulary; Canada's PPC answers to it
    path = _table(
        tmp_path,
        "end_date,pollster,Conservative,Liberal,NDP,Bloc,Green,People's\n"
        "2021-09-18,A,33,32,19,7,3,5\n2021-09-19,B,34,31,20,6,3,6\n",
    )
    canada = load("canada-2021")
    mean = read_poll_average(path, parties=canada.parties)
    assert "PPC" in mean.shares and "PPC" not in read_poll_average(path).shares
    seats, notes = _seats(["project", "--from", "canada-2021", "--poll", str(path)])
    typed, _ = _seats(["project", "--from", "canada-2021", "--poll", mean.as_poll()])
    assert seats == typed
    assert f"note: {mean.summary()}" in notes
    assert "not read as parties" not in notes


def test_a_workbook_of_polls_is_read_as_the_same_table_as_csv(
    tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    """The same table keyed into a spreadsheet (numbers and dates as cells) gives the same
    mean, seats and notes; the notes name the sheet where they name the file."""
    as_csv = _table(tmp_path)
    book = workbook(tmp_path / "polls.xlsx", ("Polls", TABLE))
    of_csv, from_csv = command_result("project", "--poll", str(as_csv))
    of_book, from_book = command_result("project", "--poll", str(book))
    # the JSON's notes are the printed ones, which name the sheet where they name the file
    named = [note.replace("polls.xlsx#Polls", "polls.csv") for note in of_book.pop("notes")]
    assert named == of_csv.pop("notes") and of_book == of_csv
    assert "in polls.xlsx#Polls: Con 21.7, Lab 39.3" in from_book.stderr
    assert from_book.stderr.replace("polls.xlsx#Polls", "polls.csv") == from_csv.stderr


def test_a_poll_option_picks_a_workbook_s_sheet(
    tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    book = workbook(
        tmp_path / "tracker.xlsx",
        ("Read me", "Polls from the campaign's tracker\n"),
        ("GB polls", TABLE),
    )
    runner = CliRunner()
    picked = runner.invoke(app, ["project", "--poll", f"{book}#GB polls", "-f", "json"])
    assert picked.exit_code == 0, picked.output
    assert "the mean of 3 polls" in picked.stderr and "tracker.xlsx#GB polls" in picked.stderr
    first = runner.invoke(app, ["project", "--poll", str(book)])
    assert first.exit_code == 2
    assert (
        "note: The poll table '" in first.stderr
        and "has 2 sheets ('Read me', 'GB polls'); the first, 'Read me', was read (pick "
        "another as 'tracker.xlsx#GB polls', or move it first)."
        in first.stderr
    )
    assert "error: The poll table 'tracker.xlsx', sheet 'Read me' has no date column" in (
        first.stderr
    )
    missing = runner.invoke(app, ["project", "--poll", f"{book}#Polls"])
    assert missing.exit_code == 2
    assert missing.stderr.strip() == (
        f"error: The poll table '{book}' has no sheet 'Polls'; its sheets are 'Read me', "
        "'GB polls' (pick one as 'tracker.xlsx#Read me'). Did you mean 'GB polls'?"
    )
    gone = runner.invoke(app, ["project", "--poll", f"{tmp_path / 'gone.xlsx'}#Polls"])
    assert gone.exit_code == 2 and "gone.xlsx' does not exist" in gone.stderr


def test_a_poll_option_s_sheet_messages_say_how_a_path_picks_one(
    tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    """An empty sheet beside the polls, and a sheet picked of a CSV, are refused in one line
    that says what to write in the path (the web says its Sheet box instead)."""
    book = workbook(tmp_path / "tracker.xlsx", ("Cover", ""), ("GB polls", TABLE))
    as_csv = tmp_path / "polls.csv"
    as_csv.write_text(TABLE, encoding="utf-8")
    runner = CliRunner()
    empty = runner.invoke(app, ["project", "--poll", str(book)])
    assert empty.exit_code == 2
    assert empty.stderr.strip() == (
        f"error: The poll table '{book}' has nothing in its sheet 'Cover'; its sheets are "
        "'Cover', 'GB polls' (pick one as 'tracker.xlsx#GB polls')."
    )
    sheet_of_csv = runner.invoke(app, ["project", "--poll", f"{as_csv}#GB polls"])
    assert sheet_of_csv.exit_code == 2
    assert sheet_of_csv.stderr.strip() == (
        f"error: The poll table '{as_csv}' is not an .xlsx workbook, so it has no sheet "
        "'GB polls'; leave out '#GB polls'."
    )


def test_an_old_excel_workbook_is_refused_in_one_line(tmp_path: Path) -> None:
    from psephos.io.rows import OLD_WORKBOOK_SIGNATURE

    path = tmp_path / "polls.xls"
    path.write_bytes(OLD_WORKBOOK_SIGNATURE + bytes(504))
    result = CliRunner().invoke(app, ["project", "--poll", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: The poll table '{path}' is an old Excel workbook (.xls), which psephos does "
        "not read; save it as .xlsx or CSV."
    )


def test_pollbase_s_own_workbook_is_refused_saying_what_to_do(shared_data: Path) -> None:
    """PollBase's workbook is no poll table as it stands: its first sheet is an introduction,
    and each era's sheet writes the year on a year's first row only, beside columns without
    a header (the change since the last poll, the area). The note names the sheets and how to
    pick one; the picked sheet's refusal names its row and the blank year. (The extract
    pollbase-voting-intention-2015-2020.csv fills in the year and names those columns.)"""
    book = shared_data / "uk" / "polls" / "PollBase-Q4-2020.xlsx"
    runner = CliRunner()
    first = runner.invoke(app, ["project", "--from", "2019", "--poll", str(book)])
    assert first.exit_code == 2
    assert "has 28 sheets ('Introduction', '43-45'," in first.stderr
    assert "'17-19', '19-', 'Monthly average'" in first.stderr
    assert "(pick another as 'PollBase-Q4-2020.xlsx#43-45', or move it first)" in first.stderr
    assert (
        "error: The poll table 'PollBase-Q4-2020.xlsx', sheet 'Introduction' has no date column"
        in first.stderr
    )
    picked = runner.invoke(
        app,
        ["project", "--from", "2019", "--poll", f"{book}#17-19", "--poll-until", "2019-12-12"],
    )
    assert picked.exit_code == 2
    assert picked.stderr.strip() == (
        "error: poll table 'PollBase-Q4-2020.xlsx', sheet '17-19' row 3: Fieldwork: not a "
        "date: days alone take their month and year from the row's month and year columns, "
        "and its year is blank; fill it in on every row, or give a whole date such as 3 Jul "
        "2024 ('10')."
    )


def test_a_typed_poll_longer_than_a_file_name_is_read_as_typed_shares() -> None:
    """A value that names no file is a typed poll whatever its length: one longer than a file
    name may be (255 bytes) was tried as a path and refused "File name too long", where the
    web read it and said what was wrong with it."""
    parties = "Labour 35, Conservative and Unionist 24, Liberal Democrats 12, Reform UK 15, "
    poll = parties + "Green Party 7, Scottish National Party 3, Plaid Cymru 1, " * 4 + "Lab 0"
    assert len(poll) > 255
    result = CliRunner().invoke(app, ["project", "--poll", poll])
    assert result.exit_code == 2
    assert result.output.startswith("error: Party 'Green' appears twice in poll 'Labour 35, "), (
        result.output[:200]
    )
    from psephos.io.rows import exists, sheet_of

    assert not exists(poll) and sheet_of(poll + "#2019") == (Path(poll + "#2019"), None)
