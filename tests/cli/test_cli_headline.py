"""The sentences a command's table prints beside it are in its JSON too, as ``headline``: the
same lines, word for word, so a journalist reading the JSON quotes them rather than rewriting
them (and the two cannot drift: the table prints the field's value)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli_helpers import SOLVE_TIME, command_json
from psephos.cli import app

runner = CliRunner()


def _said(text: str) -> str:
    """Text with its runs of white space as one space (a long line wraps in a table's output,
    maybe between a time and its unit) and its solver's times as ``T s``."""
    return SOLVE_TIME.sub("T s", " ".join(text.split()))


def _headline_as_printed(*arguments: str) -> list[str]:
    """The JSON's ``headline`` of ``psephos ARGUMENTS``, checked to be printed by its table, in
    order, each line whole."""
    headline = command_json(*arguments)["headline"]
    table = runner.invoke(app, list(arguments))
    assert table.exit_code == 0, table.output
    printed = _said(table.stdout)
    position = 0
    for line in headline:
        assert isinstance(line, str) and line
        found = printed.find(_said(line), position)
        assert found >= 0, (line, table.stdout)
        position = found + len(_said(line))
    return headline


def test_pact_headline_is_the_pact_line_then_who_can_govern_after_it() -> None:
    line, *after = _headline_as_printed("pact", "2019", "--bloc", "Lab,LD,Green,PC")
    assert line == (
        "1,140 stand-downs; bloc seats 218 -> 223 (+5); no bloc majority before or after the "
        "pact (326 seats needed)."
    )
    # the House after the pact, as project and turnout give theirs (outcome_lines)
    assert after and after[0].startswith("After the pact, Con, with ")


def test_pact_headline_after_an_optimisation_adds_the_optimiser_line() -> None:
    pact, *lines = _headline_as_printed(
        "pact", "2019", "--bloc", "Lab,LD", "--optimise", "--max-per-party", "3"
    )
    optimiser = next(line for line in lines if line.startswith("Optimiser:"))
    assert pact.startswith("3 stand-downs; bloc seats ")
    assert optimiser.startswith(
        "Optimiser: maximising the bloc's expected seats; limits: at most 3 stand-downs per "
        "party; the best plan (proven); stand-downs per party Lab 3"
    )


def test_target_headline_is_the_find_line_and_empty_without_find() -> None:
    arguments = ("target", "2015", "--pair", "Lab,Con", "--rank", "majority", "--top", "5")
    (line,) = _headline_as_printed(*arguments, "--find", "Croydon Central")
    assert line == (
        "Croydon Central: rank 3 of 330 on Lab's target list against Con; margin -0.31 points "
        "(-165 votes), a chance of 49% that Lab wins it."
    )
    assert _headline_as_printed(*arguments) == []


def test_allocate_headline_is_the_plan_in_words(tmp_path: Path) -> None:
    path = tmp_path / "volunteers.csv"
    path.write_text("id,latitude,longitude,hours\na1,51.37,-0.05,6\n", encoding="utf-8")
    (line,) = _headline_as_printed("allocate", str(path), "--election", "2019", "--party", "Lab")
    assert line.startswith("The plan places 6 of 6 hours")


def test_turnout_headline_is_the_lines_under_the_flips() -> None:
    line, after = _headline_as_printed("turnout", "2019", "--group", "18-24", "--change", "10")
    assert line == (
        "Seat changes: Con -2, Lab +2. Extra voters +551,139; 18 seats without census age "
        "data left unchanged."
    )
    assert after.startswith("After the change, Con, with 363 seats: a majority of the House;")


def test_exitpoll_emulate_headline_is_the_error_line() -> None:
    (line,) = _headline_as_printed("exitpoll", "emulate", "2017", "--k", "60", "--draws", "2")
    assert line.startswith("Mean per-party absolute seat error (GB parties with >= 5 seats")
    assert line.endswith("; the real exit poll: 2.5.")


@pytest.mark.parametrize("poll", [None, "Lab 40 Con 24 Reform 15 LD 11 Green 6"])
def test_forecast_headline_is_the_lines_under_the_table(poll: str | None) -> None:
    arguments = ["forecast", "--from", "2019-notional-2024", "--sims", "300", "--seed", "1"]
    headline = _headline_as_printed(*arguments, *(["--poll", poll] if poll else []))
    assert headline[0].startswith("Hung parliament: ")
    assert headline[0].endswith(" chance (326 seats for a majority)")
    assert headline[1].startswith("Most likely governments (working majority): ")
    assert len(headline) == (3 if poll else 2)


def test_forecast_seats_add_the_seats_to_the_forecast() -> None:
    """``--seats`` also lists every seat's favourite: the table prints the forecast, its
    sentences and then the seats; the JSON has the seats' rows, as ``project --seats`` and
    ``exitpoll estimate --seats`` give them, with the forecast's rows in ``parties`` and its
    headline; CSV, one table, the seats' rows. The forecast's numbers are the same."""
    arguments = ["forecast", "--from", "2019-notional-2024", "--sims", "300", "--seed", "1"]
    forecast = command_json(*arguments)
    with_seats = command_json(*arguments, "--seats")
    assert with_seats["parties"] == forecast["rows"]
    # the party rows under one key with or without --seats, as /api/forecast gives them
    assert forecast["parties"] == forecast["rows"]
    assert with_seats["headline"] == forecast["headline"] == _headline_as_printed(*arguments)
    assert len(with_seats["rows"]) == 650 and "favourite" in with_seats["rows"][0]
    table = runner.invoke(app, [*arguments, "--seats"])
    assert table.exit_code == 0, table.output
    printed = _said(table.stdout)
    assert printed.index(_said(forecast["headline"][0])) < printed.index("Seat favourites")
    assert "seats_mean" in printed
    csv = runner.invoke(app, [*arguments, "--seats", "-f", "csv"])
    assert csv.stdout.splitlines()[0] == (
        "code,name,nation,region,favourite,favourite_label,p_favourite,"
        "runner_up,runner_up_label,p_runner_up"
    )


def test_results_headline_is_who_won_the_turnout_and_the_swing() -> None:
    assert _headline_as_printed("results", "2017") == [
        "Con won 317 of 650 seats (326 needed for a majority): a hung parliament, 9 short of a "
        "majority.",
        "Turnout 68.8% (32,204,184 valid votes of 46,836,533 electors)",
        "Swing since UK general election 2015: 2.0-point swing from Con to Lab (Butler, between "
        "the two parties with the most votes)",
    ]
    assert _headline_as_printed("results", "2019")[0] == (
        "Con won 365 of 650 seats (326 needed for a majority): a majority of 80."
    )
    assert _headline_as_printed("results", "canada-2021")[0] == (
        "LPC won 160 of 338 seats (170 needed for a majority): a minority Parliament, 10 short "
        "of a majority."
    )


def test_results_of_a_seat_headline_is_its_panel() -> None:
    assert _headline_as_printed("results", "2017", "--seat", "Hampstead and Kilburn") == [
        "Hampstead and Kilburn (E14000727), London, England",
        "Lab hold: majority 15,560 (26.64%) over Con",
        "Electorate 82,957; valid votes 58,407, rejected 165; turnout 70.4% (valid votes over "
        "the electorate)",
        "Swing since UK general election 2015: 12.3-point swing from Con to Lab (Butler)",
    ]


def test_nowcast_replay_headline_is_the_lines_under_the_table() -> None:
    errors, order = _headline_as_printed("nowcast", "replay", "canada-2021", "--every", "400")
    assert errors.startswith("Errors: sum over parties of |projected - final seats|")
    assert order.startswith("Declaration order: assumed, not recorded: ")
    assert order.endswith("Settings: the live ones, chosen on the UK's nights.")


def test_advise_by_postcode_says_where_it_is_in_its_json_as_its_table_does() -> None:
    """The line the table prints above the advice, where the postcode is, is the JSON's
    ``postcode`` ``message``, as the web's twin gives it; a seat given by name has none."""
    arguments = ["advise", "--postcode", "SW1A 1AA", "-p", "Lab,LD", "--sims", "200"]
    located = command_json(*arguments)["postcode"]
    table = runner.invoke(app, arguments)
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0] == located["message"]
    assert located["message"].startswith("SW1A 1AA") and located["code"] == "E14001172"
    assert "postcode" not in command_json(*arguments[:1], "Clacton", *arguments[3:])


def test_project_headline_says_who_has_a_majority() -> None:
    (line,) = _headline_as_printed("project", "--poll", "Lab 45 Con 20 LD 12 Reform 10 Green 7")
    assert line.startswith("Lab, with ") and ": a majority of the House; a working majority" in line


def test_project_headline_of_a_hung_parliament_says_so_and_how_short_the_largest_is() -> None:
    poll = "Reform 25 Lab 23 Con 19 LD 14 Green 10 SNP 3 PC 1"
    hung, largest = _headline_as_printed("project", "--poll", poll)
    assert hung == "Hung parliament: no party has the 326 seats a majority needs."
    seats = command_json("project", "--poll", poll)["seats"]
    leader = max(seats, key=seats.get)
    short = 326 - seats[leader]
    assert short > 0
    assert f", with {seats[leader]} seats: {short} short of a majority (326)" in largest


def test_project_headline_speaks_canadas_words() -> None:
    poll = "CPC 36 LPC 33 NDP 18 BQ 7 GPC 3"
    minority, largest = _headline_as_printed("project", "--from", "canada-2021", "--poll", poll)
    assert minority == "Minority Parliament: no party has the 170 seats a majority needs."
    seats = command_json("project", "--from", "canada-2021", "--poll", poll)["seats"]
    leader = max(seats, key=seats.get)
    assert largest.startswith(f"{leader}, with {seats[leader]} seats: {170 - seats[leader]} short")
