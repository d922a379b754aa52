"""The forecast and nowcast commands through Typer's runner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import psephos
from cli_helpers import command_json, command_result
from psephos.cli import app
from psephos.cli.nowcast import replay_row
from psephos.forecast.nowcast import ReplayStep, declaration_order
from psephos.projection import DEFAULT_MODEL

runner = CliRunner()
SAMPLE = Path(__file__).parents[2] / "examples" / "sample.csv"


def test_forecast_json_is_reproducible() -> None:
    args = [
        "forecast",
        "--from",
        "2019-notional-2024",
        "--poll",
        "Lab 40 Con 24 Reform 15",
        "--sims",
        "2000",
        "--seed",
        "1",
        "-f",
        "json",
    ]
    first = runner.invoke(app, args)
    second = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    payload = json.loads(first.stdout)
    lab = next(row for row in payload["rows"] if row["party"] == "Lab")
    assert lab["seats_mean"] > 300
    assert payload["government_options"][0]["parties"] == ["Lab"]
    assert payload["model"] == DEFAULT_MODEL


def test_a_forecast_without_a_seed_records_the_seed_it_drew() -> None:
    """No ``--seed``: the run draws one, uses it and records it (JSON and the table's title),
    so giving it back as ``--seed`` repeats the run exactly."""
    args = ["forecast", "--poll", "Lab 30 Con 20 Reform 25", "--sims", "300"]
    drawn = command_json(*args)
    seed = drawn["seed"]
    assert isinstance(seed, int) and 0 <= seed < 2**32
    again = command_json(*args, "--seed", str(seed))
    assert again["rows"] == drawn["rows"] and again["seed"] == seed
    table = runner.invoke(app, [*args, "--seed", str(seed)], terminal_width=200)
    assert f"seed {seed}" in table.stdout


def test_the_likeliest_governments_line_names_parties_by_the_election_s_label() -> None:
    # In 2015 the Reform lineage is UKIP: the line read "Con+Reform+DUP" under a UKIP table.
    poll = "Con 34 Lab 28 UKIP 22 LD 6"
    args = ["forecast", "--from", "2015", "--poll", poll, "--sims", "500", "--seed", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("Most likely governments"))
    assert "UKIP" in line and "Reform" not in line


def test_forecast_with_a_projection_model() -> None:
    poll = "Lab 40 Con 24 Reform 15 LD 11 Green 6"
    args = ["--poll", poll, "--model", "proportional", "--sims", "500", "--seed", "1"]
    assert command_json("forecast", *args)["model"] == "proportional"
    bad = runner.invoke(app, ["forecast", "--poll", "Lab 40", "--model", "nope", "--sims", "5"])
    assert bad.exit_code == 2
    assert "nope" in bad.stderr


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
def test_forecast_chart_by_extension(tmp_path: Path, suffix: str) -> None:
    chart = tmp_path / f"seats{suffix}"
    result = runner.invoke(app, ["forecast", "--sims", "500", "--seed", "1", "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    assert chart.stat().st_size > 1000
    if suffix == ".html":
        assert "<svg" in chart.read_text()


def test_forecast_user_errors() -> None:
    """User mistakes: one line on stderr naming the bad value, exit code 2."""
    result = runner.invoke(app, ["forecast", "--poll", "Whigs 40", "--sims", "10"])
    assert result.exit_code == 2
    assert "Unknown party 'Whigs'" in result.stderr
    result = runner.invoke(app, ["forecast", "--poll", "Lab 80 Con 40", "--sims", "10"])
    assert result.exit_code == 2
    assert "above 100" in result.stderr
    result = runner.invoke(app, ["forecast", "--sims", "10", "--chart", "x.pdf"])
    assert result.exit_code == 2
    assert ".png" in result.stderr


def test_nowcast_replay_table_and_chart(tmp_path: Path) -> None:
    chart = tmp_path / "curve.png"
    replayed = command_json("nowcast", "replay", "2017", "--every", "100", "--chart", str(chart))
    rows = replayed["rows"]
    assert [r["declared"] for r in rows] == [50, 100, 200, 300, 400, 500, 600, 650]
    assert rows[-1]["error_nowcast"] == 0
    assert rows[0]["error_baseline"] > 0 and rows[0]["error_nowcast_gb"] > 0
    assert chart.exists()


def test_the_replay_s_interval_check_is_null_where_it_was_not_made_and_says_where() -> None:
    """The replay checks the 90% intervals at 50, 100 and 200 declared: there its column
    (``in_90_interval``, the exit poll emulation's name for its own check) counts the parties
    inside ("11/16"); at the other rows it is null in the JSON, not an empty string, and the
    line under the table says at which counts it was checked."""
    replayed = command_json("nowcast", "replay", "2017", "--every", "200")
    checked = {row["declared"]: row["in_90_interval"] for row in replayed["rows"]}
    assert all(re.fullmatch(r"\d+/\d+", checked[n]) for n in (50, 100, 200))
    assert {checked[n] for n in checked if n not in (50, 100, 200)} == {None}
    assert "in_90pct_interval" not in replayed["rows"][0]
    assert "in_90_interval: " in replayed["headline"][0]
    assert "checked at 50, 100 and 200 seats declared" in replayed["headline"][0]


def test_a_replay_row_names_the_parties_as_the_replayed_night_labels_them() -> None:
    """The replay's projection names Reform as the replayed night did ("Brexit Party" in
    2019), as every table of that election does; the seats are the step's."""
    step = ReplayStep(
        n_declared=50,
        error_nowcast=12.0,
        error_baseline=14.0,
        error_nowcast_gb=10.0,
        error_baseline_gb=12.0,
        projected={"Con": 360, "Lab": 200, "SNP": 48, "Reform": 12, "LD": 11},
    )
    row = replay_row(step, night_id="2019")
    assert row["projection"] == "Con 360, Lab 200, SNP 48, Brexit Party 12"
    assert replay_row(step, night_id="2024")["projection"].endswith("Reform UK 12")


def test_nowcast_feed_is_persistent_and_idempotent(tmp_path: Path) -> None:
    target = psephos.load("2017")
    lines = [
        json.dumps({"seat": code, "votes": target.result(code).votes})
        for code in declaration_order("2017")[:10]
    ] + [
        json.dumps(
            {
                "seat": code,
                "candidates": [
                    {"name": c.name, "party": c.party, "votes": c.votes}
                    for c in target.result(code).candidates
                ],
            }
        )
        for code in declaration_order("2017")[10:12]
    ]
    feed = tmp_path / "declarations.jsonl"
    feed.write_text("\n".join(lines[:8]) + "\n")
    store = tmp_path / "night.sqlite"
    common = ["--base", "2015", "--candidates", "2017", "--store", str(store)]
    assert command_json("nowcast", "feed", str(feed), *common)["n_declared"] == 8
    # a stream with repeats and new seats: repeats change nothing
    second, _ = command_result("nowcast", "feed", "-", *common, stdin="\n".join(lines[4:12]) + "\n")
    assert second["n_declared"] == 12
    assert command_json("nowcast", "show", *common) == second


def test_nowcast_feed_csv(tmp_path: Path) -> None:
    feed = tmp_path / "declarations.csv"
    feed.write_text("seat_code,party,votes\nE14000831,Lab,24000\nE14000831,Con,9000\n")
    store = tmp_path / "n.sqlite"
    fed = command_json("nowcast", "feed", str(feed), "--base", "2015", "--store", str(store))
    assert fed["n_declared"] == 1
    # full party names, as every other reader takes them: the same result, unchanged
    named = tmp_path / "named.csv"
    named.write_text("seat_code,party,votes\nE14000831,Labour,24000\nE14000831,Conservative,9000\n")
    again = runner.invoke(app, ["nowcast", "feed", str(named), "--store", str(store)])
    assert again.exit_code == 0, again.output
    assert "(unchanged)" in again.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("seat,who\nx,y\n")
    result = runner.invoke(
        app, ["nowcast", "feed", str(bad), "--base", "2015", "--store", str(store)]
    )
    assert result.exit_code == 2
    assert "seat_code" in result.stderr


def test_nowcast_feed_refuses_a_seats_rows_apart(tmp_path: Path) -> None:
    """A declarations CSV sorted by party is refused with one line naming the seat and rows,
    and nothing from the file is stored; a one-party declaration gets a note."""
    feed = tmp_path / "by-party.csv"
    feed.write_text(
        "seat_code,party,votes\nE14000831,Lab,24000\nE14000530,Lab,15000\n"
        "E14000831,Con,9000\nE14000530,Con,14000\n"
    )
    store = tmp_path / "n.sqlite"
    args = ["--base", "2015", "--store", str(store), "-f", "json"]
    result = runner.invoke(app, ["nowcast", "feed", str(feed), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: declaration CSV rows 2 and 4: ")
    assert "'E14000831'" in result.stderr and len(result.stderr.splitlines()) == 1
    shown = runner.invoke(app, ["nowcast", "show", *args])
    assert json.loads(shown.stdout)["n_declared"] == 0
    one = tmp_path / "one.csv"
    one.write_text("seat_code,party,votes\nE14000831,Lab,24000\n")
    result = runner.invoke(app, ["nowcast", "feed", str(one), *args])
    assert result.exit_code == 0, result.output
    assert (
        "note: the declaration for Newcastle upon Tyne Central (E14000831) has only Lab's votes"
        in result.stderr
    )


def test_nowcast_replay_without_declaration_times_is_one_line() -> None:
    result = runner.invoke(app, ["nowcast", "replay", "2010"])
    assert result.exit_code == 2
    assert "has no earlier bundled election on its boundaries" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_nowcast_takes_the_base_as_every_night_command_does(tmp_path: Path) -> None:
    """`nowcast feed` takes `--from` like `project`, `forecast` and `exitpoll estimate` (the
    older `--base` still works); without it a new store starts from the latest result and a
    store already fed keeps its own base."""
    import psephos

    latest = psephos.load("2024")
    code = latest.codes[0]
    feed = tmp_path / "declarations.csv"
    feed.write_text(f"seat_code,party,votes\n{code},Lab,24000\n{code},Con,9000\n")
    store = tmp_path / "night.sqlite"
    assert command_json("nowcast", "feed", str(feed), "--store", str(store))["base"] == "2024"
    old = tmp_path / "old.sqlite"
    feed_2015 = tmp_path / "d2015.csv"
    feed_2015.write_text("seat_code,party,votes\nE14000831,Lab,24000\nE14000831,Con,9000\n")
    for name in ("--from", "--base"):
        fed = command_json("nowcast", "feed", str(feed_2015), name, "2015", "--store", str(old))
        assert fed["base"] == "2015"
    again = command_json("nowcast", "feed", str(feed_2015), "--store", str(old))
    assert again["base"] == "2015"  # the store's own base
    shown = command_json("nowcast", "show", "--from", "2015", "--store", str(old))
    assert shown["n_declared"] == 1


def test_forecast_table_names_the_projection_beside_the_expected_seats() -> None:
    """The table's expected seats count each seat's chance; the line after it gives the
    projection `psephos project` prints for the same poll, so the two are not read as two
    answers to one question, each party named as the table names it (Reform UK)."""
    poll = "Reform 29 Lab 21 Con 17 LD 13 Green 11 SNP 3 PC 1"
    table = runner.invoke(app, ["forecast", "--poll", poll, "--sims", "2000", "--seed", "1"])
    assert table.exit_code == 0, table.output
    projected = command_json("project", "--poll", poll)
    seats = {row["party"]: row["seats"] for row in projected["rows"]}
    line = next(x for x in table.stdout.splitlines() if x.startswith("Each seat to its favourite"))
    assert f"Reform UK {seats['Reform']}, LD {seats['LD']}" in line
    assert "│ Reform UK " in table.stdout


def test_forecast_table_writes_chances_as_its_lines_do() -> None:
    """The table's chances and the hung-parliament line are percentages or words (56%, about
    1 in 200), as the governments line below them is (Lab 60.1%), never fractions (0.556)."""
    from psephos.numbers import one_in

    args = ["forecast", "--poll", "Labour 30%, Reform UK 25%", "--sims", "2000", "--seed", "1"]
    payload = command_json(*args)
    table = runner.invoke(app, args, env={"COLUMNS": "220"})
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    for row in payload["rows"]:
        (cells,) = [line for line in lines if line.startswith(f"│ {row['party']} ")]
        shown = [cell.strip() for cell in cells.strip("│").split("│")][-3:]
        chances = [row["p_majority"], row["p_working_majority"], row["p_largest"]]
        assert shown == [one_in(chance) for chance in chances]
    hung = f"Hung parliament: {one_in(payload['p_hung'], '.1%')} chance (326 seats for a majority)"
    assert hung in lines
    assert "%" in one_in(payload["p_hung"], ".1%")


def test_a_forecast_without_a_poll_counts_two_independents_as_two_candidates() -> None:
    """Around the 2024 result itself, Birmingham Hall Green and Moseley and Bradford West are
    Labour's: their Independents, several in each seat, lead only if their votes are summed.
    Independents expect about the 6 seats they won, not 8."""
    rows = command_json("forecast", "--sims", "400", "--seed", "1")["rows"]
    ind = next(row for row in rows if row["party"] == "Ind")
    assert 5 <= ind["seats_mean"] < 7.3


@pytest.mark.parametrize(
    ("base", "poll", "label"),
    [
        ("2019-notional-2024", "Lab 35 Con 24 Reform 15", "Reform UK"),
        ("2019", "Lab 35 Con 24 Reform 15", "Reform UK"),
        ("2017", "Con 30 Lab 30 Reform 25", "Brexit Party"),
    ],
)
def test_project_forecast_and_exitpoll_name_a_party_one_way_on_one_base(
    base: str, poll: str, label: str
) -> None:
    """From one base the three commands about the next election name the Reform code as that
    election does (a projection from the 2019 notional result once said "Brexit Party", its
    forecast the bare code "Reform", its exit poll "Reform UK"): in the JSON's party_label and
    in the table, whose forecast rows CSV also label."""
    projected = command_json("project", "--from", base, "--poll", poll)
    forecast = command_json(
        "forecast", "--from", base, "--poll", poll, "--sims", "500", "--seed", "1"
    )
    answers = [projected, forecast]
    if base == "2019-notional-2024":  # the sample's seats are on the 2024 boundaries
        answers.append(command_json("exitpoll", "estimate", str(SAMPLE), "--from", base))
    for answer in answers:
        assert {row["party_label"] for row in answer["rows"] if row["party"] == "Reform"} == {label}
    assert "Brexit" not in str(forecast["headline"]) or label == "Brexit Party"
    table = runner.invoke(
        app, ["forecast", "--from", base, "--poll", poll, "--sims", "500", "--seed", "1"]
    )
    assert f"│ {label} " in table.stdout and not re.search(r"│ Reform +│", table.stdout)
    csv = runner.invoke(
        app,
        ["forecast", "--from", base, "--poll", poll, "--sims", "500", "--seed", "1", "-f", "csv"],
    )
    assert csv.stdout.splitlines()[0].startswith("party,party_label,seats_mean,")
    assert f"Reform,{label}," in csv.stdout


def test_the_forecast_chart_names_parties_as_its_table_does(tmp_path: Path) -> None:
    """The chart's legend names Reform as the table does, "Reform UK", not by its code."""
    chart = tmp_path / "seats.svg"
    args = ["forecast", "--poll", "Reform 29 Lab 21 Con 17", "--sims", "200", "--seed", "1"]
    result = runner.invoke(app, [*args, "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    legend = chart.read_text("utf-8")
    assert "Reform UK (mean" in legend and "Reform (mean" not in legend
