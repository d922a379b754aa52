"""What commands print: the JSON row writer gives the standard library's text, and CSV and JSON
on stdout carry nothing but the data."""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
from enum import StrEnum
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli_helpers import command_json
from psephos.cli import app
from psephos.cli._output import OutputFormat, _plain, in_words, json_text, render
from psephos.columns import MEANINGS
from psephos.numbers import NOISE_DRAWS, format_number, one_in


class _Colour(StrEnum):
    red = "red"


def _reference(rows, extra) -> str:
    """Plain reference: the payload through ``json.dumps`` (NaN as null)."""
    payload = dict(extra or {})
    payload["rows"] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return json.dumps(payload, indent=2, ensure_ascii=False)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.just('é " \\ \n \x00 ü 🗳'),
    st.just(_Colour.red),
    st.just(np.float64(2.5)),
    st.just(math.nan),
)


@settings(max_examples=200)
@given(
    st.lists(st.dictionaries(st.text(max_size=5), SCALARS, max_size=4), max_size=5),
    st.one_of(
        st.none(),
        st.dictionaries(
            st.one_of(st.text(max_size=5), st.just("rows")),
            st.one_of(SCALARS, st.lists(SCALARS, max_size=2), st.just("\x00psephos rows\x00")),
            max_size=3,
        ),
    ),
)
def test_json_text_is_what_json_dumps_writes(rows, extra) -> None:
    assert json_text(rows, extra) == _reference(rows, extra)


def test_nested_values_fall_back_to_the_standard_encoder() -> None:
    rows = [{"a": [1, 2], "b": {"c": None}}, {"a": 1.5}]
    assert json_text(rows, {"n": 2}) == _reference(rows, {"n": 2})


MACHINE_RUNS = [
    ["nowcast", "replay", "2017", "-f", "csv"],
    ["nowcast", "replay", "2017", "-f", "json"],
    ["backtest", "--model", "uniform", "-f", "csv"],
    ["exitpoll", "emulate", "2017", "--draws", "2", "-f", "json"],
    ["systems", "2024", "-f", "csv"],
]


@pytest.mark.parametrize("args", MACHINE_RUNS, ids=" ".join)
def test_machine_formats_put_only_the_data_on_stdout(args: list[str]) -> None:
    """Progress bars and status lines go to stderr (and only to a terminal): CSV and JSON on
    stdout start with their first byte of data, never with a blank line."""
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    if args[-1] == "json":
        assert result.stdout.startswith("{"), repr(result.stdout[:40])
        json.loads(result.stdout)
    else:
        header = result.stdout.splitlines()[0]
        assert re.match(r"[a-z]\w*,", header), repr(result.stdout[:40])
    # no progress bar or status line: only notes (systems' Other note), each a "note:" line
    assert all(line.startswith("note: ") for line in result.stderr.splitlines()), result.stderr


@pytest.mark.parametrize("output", ["table", "csv", "json"])
def test_notes_go_to_stderr_in_every_format(output: str) -> None:
    """A poll summing to 92% is filled up: its notes (the fill, and the seats of the parties it
    leaves out) are on stderr, never on stdout."""
    poll = "Lab 29 Con 22 Reform 20 LD 12 Green 9"
    result = CliRunner().invoke(app, ["project", "--poll", poll, "-f", output])
    assert result.exit_code == 0, result.stderr
    assert "note:" not in result.stdout
    notes = result.stderr.split("\nnote: ")  # one line each, though Rich may wrap a long one
    assert result.stderr.startswith("note: The Great Britain shares sum to 92.0%")
    assert len(notes) == 2 and notes[1].startswith("The parties the poll does not name share")


def test_small_numbers_never_print_as_zero() -> None:
    """A majority of 2 votes in 41,822 (North East Fife 2017) is 0.0048%, in the seat's panel,
    in the table of marginals and in their CSV (which carries it to 10 significant digits)."""
    runner = CliRunner()
    panel = runner.invoke(app, ["results", "2017", "--seat", "North East Fife"])
    assert "majority 2 (0.0048%)" in panel.stdout
    table = runner.invoke(app, ["marginals", "2017", "--top", "1"], env={"COLUMNS": "200"})
    assert "0.0048" in table.stdout and "0.00 " not in table.stdout
    rows = runner.invoke(app, ["marginals", "2017", "--top", "1", "-f", "csv"]).stdout
    *_, majority, majority_pct = rows.splitlines()[1].split(",")
    assert majority == "2" and float(majority_pct) == pytest.approx(2 / 41822 * 100, rel=1e-6)


def test_tables_never_show_negative_zero_and_files_carry_no_float_noise() -> None:
    rows = [{"change": -0.0}, {"change": -0.0004}, {"change": -1.2800000000000011}]
    written = io.StringIO()
    with contextlib.redirect_stdout(written):
        render(rows, OutputFormat.csv)
    assert written.getvalue() == "change\n0.0\n-0.0004\n-1.28\n"
    assert [row["change"] for row in json.loads(json_text(rows))["rows"]] == [0.0, -0.0004, -1.28]
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        render(rows, OutputFormat.table, formats={"change": "+.1f"})
    cells = [line.strip("│ ") for line in shown.getvalue().splitlines()[3:6]]
    assert cells == ["+0.0", "-0.0004", "-1.3"]  # only the tiny number takes more decimals


def test_one_tiny_number_leaves_a_columns_decimals_alone() -> None:
    """psephos results 2024 showed Labour's share change as +1.6200 because the Speaker's was
    +0.0038: a column keeps its spec's places, and only the tiny number keeps its figures."""
    runner = CliRunner()
    table = runner.invoke(app, ["results", "2024"], env={"COLUMNS": "200"})
    payload = command_json("results", "2024")
    changes = {row["party"]: row["share_change_pct"] for row in payload["rows"]}
    assert 0 < abs(changes["Speaker"]) < 0.005  # the tiny one
    lines = table.stdout.splitlines()
    for party, change in changes.items():
        (cells,) = [line for line in lines if line.startswith(f"│ {party} ")]
        shown = cells.strip("│ ").split("│")[-1].strip()
        assert shown == format_number(change, "+.2f"), (party, shown)


def test_pact_csv_floats_are_rounded() -> None:
    result = CliRunner().invoke(
        app, ["pact", "2019", "--bloc", "Lab,LD", "--sims", "50", "-f", "csv"]
    )
    assert result.exit_code == 0, result.stderr
    assert not re.search(r"\d\.\d{11,}", result.stdout), result.stdout[:400]


@pytest.mark.parametrize(
    "args",
    [
        ["govern", "2017"],
        ["systems", "2019"],
        ["pact", "2024", "--bloc", "Lab,LD"],
    ],
)
def test_a_chart_is_announced_one_way_and_only_beside_a_table(
    args: list[str], tmp_path: Path
) -> None:
    """Every command with --chart says ``Chart written to PATH`` after a table, and nothing
    on standard output when that output is CSV or JSON (a file a script reads)."""
    from typer.testing import CliRunner

    from psephos.cli import app

    chart = tmp_path / "chart.png"
    table = CliRunner().invoke(app, [*args, "--chart", str(chart)])
    assert table.exit_code == 0, table.output
    assert f"Chart written to {chart}" in table.stdout.replace("\n", "")
    command_json(*args, "--chart", str(chart))


def test_a_table_column_has_one_number_of_decimals() -> None:
    """``psephos nearest``'s per_100_hours mixed 0.002 and 0.0022: every column of every
    command's table now has the most decimals any of its numbers needs."""
    rows = [{"per_100_hours": 0.0022, "share": 0.5}, {"per_100_hours": 0.002, "share": 0.125}]
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        render(rows, OutputFormat.table)
    cells = [line.strip("│ ").split() for line in shown.getvalue().splitlines()[3:5]]
    assert cells == [["0.0022", "│", "0.50"], ["0.0020", "│", "0.12"]]
    nearest = CliRunner().invoke(app, ["nearest", "--from", "SW1A 1AA"], env={"COLUMNS": "200"})
    assert nearest.exit_code == 0, nearest.output
    lines = [line for line in nearest.stdout.splitlines() if line.startswith("│")]
    column = [line.split("│")[-2].strip() for line in lines]
    assert len(column) == 10 and len({len(cell.partition(".")[2]) for cell in column}) == 1


def test_project_seats_writes_each_share_column_at_one_decimal() -> None:
    """``project --seats`` wrote a column of shares as 35.0 beside 0.57 and 0.28 (two
    significant figures below 1): each share column has one decimal, and only a share too
    small for it (never 0.0) keeps its two figures."""
    poll = "Lab 38 Con 20 Reform 17 LD 12 Green 7 SNP 3"
    result = CliRunner().invoke(app, ["project", "--poll", poll, "--seats"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("│")]
    header = (
        next(line for line in result.stdout.splitlines() if "majority_pct" in line)
        .strip("┃")
        .split("┃")
    )
    columns = [i for i, name in enumerate(header) if name.strip().endswith("_pct")]
    assert {header[i].strip() for i in columns} >= {"majority_pct", "Ind_pct", "Other_pct"}
    below_one = 0
    for line in lines:
        cells = line.strip("│").split("│")
        for i in columns:
            text = cells[i].strip()
            if float(text) != 0 and float(text) < 0.05:
                continue  # too small for one decimal: its own two figures
            assert len(text.partition(".")[2]) == 1, (header[i], text)
            below_one += 0 < float(text) < 1
    assert below_one  # the shares that were written 0.57 are among them


def test_a_points_column_is_written_in_percentage_points_with_a_legend() -> None:
    """A change in a chance (``per_1000_votes``) is written ``+8.66 pts``, never ``0.0866``
    beside a chance written ``38%``, and the line under the table says what it is; CSV keeps
    the fraction and no legend."""
    rows = [{"rank": 1, "per_1000_votes": 0.0866}, {"rank": 2, "per_1000_votes": 0}]
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        render(rows, OutputFormat.table, formats={"per_1000_votes": "points"})
    text = shown.getvalue()
    assert "+8.66 pts" in text and "+0.00 pts" in text and "0.0866" not in text
    under = " ".join(text.split("└")[-1].split("\n")[1:]).split()
    assert under == f"per_1000_votes: {MEANINGS['per_1000_votes']}".split()
    as_csv = io.StringIO()
    with contextlib.redirect_stdout(as_csv):
        render(rows, OutputFormat.csv, formats={"per_1000_votes": "points"})
    assert as_csv.getvalue() == "rank,per_1000_votes\n1,0.0866\n2,0\n"


def test_a_counted_chance_reads_the_same_in_a_table_as_in_its_sentence() -> None:
    """A column of chances counted in 2,000 simulations writes one within their noise as the
    bound the sentences beside it write (``one_in`` with the draws): 3 wins in 2,000 is "less
    than 1 in 500" in both, never "about 1 in 670" in the table; the rest as before."""
    rows = [{"win_probability": 0.0015}, {"win_probability": 0.0125}, {"win_probability": 0.9}]
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        render(rows, OutputFormat.table, formats={"win_probability": in_words(".1%", draws=2000)})
    text = shown.getvalue()
    assert [one_in(row["win_probability"], ".1%", draws=2000) for row in rows] == [
        "less than 1 in 500",
        "about 1 in 80",
        "90.0%",
    ]
    assert "less than 1 in 500" in text and "about 1 in 80" in text and "90.0%" in text
    assert "670" not in text
    assert in_words() == "words" and in_words(".1%") == "words:.1%"


def test_advise_writes_each_chance_the_same_in_its_panel_and_table() -> None:
    """``psephos advise "Hampstead and Highgate" --prefer Green,Lab,LD --against Con``: the
    Green and Liberal Democrat chances of winning, a few wins in 2,000 simulations, read
    "less than 1 in 500" in the panel and in the table under it (the table said "about 1 in
    670"); the JSON keeps the estimate."""
    args = ["advise", "Hampstead and Highgate", "--prefer", "Green,Lab,LD", "--against", "Con"]
    payload = command_json(*args)
    noisy = [
        row
        for row in payload["rows"]
        if 0 < row["win_probability"] < NOISE_DRAWS / payload["n_sims"]
    ]
    assert noisy  # the case the finding is about: a chance within the simulations' noise
    result = CliRunner().invoke(app, args, env={"COLUMNS": "250"})
    panel, table = result.stdout.split("What each vote does")
    bound = one_in(noisy[0]["win_probability"], ".1%", draws=payload["n_sims"])
    estimate = one_in(noisy[0]["win_probability"], ".1%")
    assert bound.startswith("less than") and estimate.startswith("about")
    assert " ".join(panel.replace("│", " ").split()).count(bound) >= len(noisy)
    assert table.count(bound) == len(noisy) and estimate not in table


@pytest.mark.parametrize(
    ("args", "columns"),
    [
        (
            ["tactical", "--against", "Con", "--sims", "20", "--status", "target"],
            ["p_best_placed", "pick_share"],
        ),
        (["forecast", "--sims", "200"], ["low_90", "high_90"]),
        (
            ["govern", "2017", "--view", "arrangements"],
            ["nominal_majority", "short_of_nominal", "threshold", "working_majority"],
        ),
    ],
    ids=["tactical", "forecast", "govern"],
)
def test_a_table_s_unexplained_columns_have_a_legend(args: list[str], columns: list[str]) -> None:
    """``tactical``'s expected share and confidence, ``forecast``'s 90% interval of seats and
    ``govern``'s majorities (a working majority negative when short) each get their legend
    line under the table, in the order of the columns."""
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    under = " ".join(result.stdout.split("└")[-1].split())
    lines = [f"{column}: {MEANINGS[column]}" for column in columns]
    assert " ".join(lines) in under


@pytest.mark.parametrize("width", [60, 80, 100])
def test_a_narrow_table_wraps_names_and_headers_never_numbers_or_codes(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``COLUMNS=60 psephos target 2015 --pair Lab,Con`` split ``-0.67`` into ``-0.`` and
    ``67`` and the seat code into ``W070``/``0006``/``0``: a table narrower than its natural
    width now wraps the names and the headers, and each number and code stays on one line."""
    monkeypatch.setenv("COLUMNS", str(width))
    rows = [
        {
            "rank": rank,
            "code": code,
            "name": name,
            "rival": "Con",
            "margin_pct": margin,
            "majority_votes": votes,
            "win_probability": chance,
            "per_1000_votes": per_1000,
            "per_100_hours": per_100,
        }
        for rank, code, name, margin, votes, chance, per_1000, per_100 in [
            (1, "W07000060", "Vale of Clwyd", -0.67, -237, 0.47, 0.1239, 0.0031),
            (2, "E14000989", "Telford", -1.80, -730, 0.42, 0.1057, 0.0026),
        ]
    ]
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        render(rows, OutputFormat.table, formats={"per_1000_votes": "points", "margin_pct": ".2f"})
    table = shown.getvalue().split("└")[0]
    assert max(len(line) for line in table.splitlines()) <= width
    for whole in ["W07000060", "E14000989", "-0.67", "-1.80", "-237", "-730", "+12.39 pts"]:
        assert whole in table, (whole, table)
