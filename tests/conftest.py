"""Tiny elections you can check by hand, shared by every test package."""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from psephos.model import Candidate, Constituency, Election

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

# Every Hypothesis test: no per-example deadline and no "too slow" health check. Examples that
# build an election, project it or run a command take longer on a loaded machine (the README's
# two-core runs, pytest-xdist beside other work), which is the machine's speed, not a failure;
# speed is measured in benchmarks/. A test that suppresses another health check adds it to
# these (``[*settings.default.suppress_health_check, HealthCheck.filter_too_much]``).
settings.register_profile("psephos", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("psephos")

if os.environ.get("PYTEST_XDIST_WORKER"):
    # pytest-xdist's workers are started with COLUMNS=80 and LINES=24, a terminal they do not
    # have: the command line's output is tested as when piped, at its natural width, as in a
    # run of one process.
    os.environ.pop("COLUMNS", None)
    os.environ.pop("LINES", None)


def _seat(code: str, name: str, nation: str = "England", region: str = "London") -> Constituency:
    return Constituency(code, name, nation, region, electorate=1000, boundary_set="test")


@pytest.fixture
def three_seats() -> Election:
    """Three seats, parties Con/Lab/LD.

    * A: Con 500, Lab 300, LD 100  -> Con by 200
    * B: Con 350, Lab 400, LD 150  -> Lab by 50
    * C: Con 200, Lab 250, LD 450  -> LD by 200
    """
    seats = [
        _seat("E1", "Alpha"),
        _seat("E2", "Beta & Gamma"),
        _seat("S3", "Delta", "Scotland", "Scotland"),
    ]
    votes = [[500, 300, 100], [350, 400, 150], [200, 250, 450]]
    return Election.from_votes("tiny", seats, ("Con", "Lab", "LD"), votes)


@pytest.fixture
def two_independents() -> Election:
    """One seat where two independents together out-poll the winner, but neither alone does."""
    seat = _seat("E9", "Split")
    candidates = (
        Candidate("A", "Con", "Conservative", 400),
        Candidate("B", "Ind", "Independent", 300),
        Candidate("C", "Ind", "Independent", 250),
    )
    return Election.from_votes(
        "split", [seat], ("Con", "Ind"), [[400, 550]], candidates=[candidates]
    )


@pytest.fixture
def independent_beats_independent() -> Election:
    """One seat an independent wins, another independent losing: Ind A 400, Con 300, Ind B
    250. The ``Ind`` column (650) won, yet B's 250 votes elected no one."""
    seat = _seat("E8", "Pair")
    candidates = (
        Candidate("A", "Ind", "Independent", 400),
        Candidate("C", "Con", "Conservative", 300),
        Candidate("B", "Ind", "Independent", 250),
    )
    return Election.from_votes(
        "pair", [seat], ("Con", "Ind"), [[300, 650]], candidates=[candidates]
    )


def _typed_cell(cell: str) -> object:
    """A CSV cell as a person keys it into a spreadsheet: a whole number or a decimal as a
    number, an ISO date as a date, anything else as text."""
    if re.fullmatch(r"-?[0-9]+", cell):
        return int(cell)
    if re.fullmatch(r"-?[0-9]*\.[0-9]+", cell):
        return float(cell)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", cell):
        return datetime.date.fromisoformat(cell)
    return cell or None


@pytest.fixture
def workbook() -> Callable[..., Path]:
    """Writes an .xlsx workbook of CSV tables, ``write(path, (sheet title, CSV text), ...)``,
    with openpyxl as a spreadsheet holds them (numbers as numbers, dates as dates:
    :func:`_typed_cell`), one sheet a table in order; returns ``path``."""
    from openpyxl import Workbook

    def write(path: Path, *sheets: tuple[str, str]) -> Path:
        book = Workbook()
        book.remove(book.active)
        for title, text in sheets:
            sheet = book.create_sheet(title)
            for cells in csv.reader(io.StringIO(text)):
                sheet.append([_typed_cell(cell) for cell in cells])
        book.save(path)
        return path

    return write


#: What a command answers in JSON, and the table it prints for the same options.
JsonAndTable = Callable[[list[str]], tuple[dict[str, Any], str]]


@pytest.fixture
def json_and_table() -> JsonAndTable:
    """Runs a ``psephos`` command twice through the runner, ``run(options)``: its JSON
    (``--format json``) and its table, 200 columns wide so that no cell wraps; both must
    succeed. For tests that read a row's numbers in the table as the JSON gives them."""
    from typer.testing import CliRunner

    from cli_helpers import command_json
    from psephos.cli import app

    def run(options: list[str]) -> tuple[dict[str, Any], str]:
        payload = command_json(*options)
        table = CliRunner().invoke(app, options, env={"COLUMNS": "200"})
        assert table.exit_code == 0, table.output
        return payload, table.stdout

    return run


@pytest.fixture
def shared_data() -> Path:
    """The raw public data beside the repository, or skip."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


#: A newsroom's declarations file on the 2024 boundaries, as a results desk has one: seats by
#: name, parties as printed on the ballot paper, votes with thousands separators, the Speaker's
#: seat, a seat in Northern Ireland, and a recount that corrects the first seat (its later rows,
#: 13-15, replace rows 2-4). Counts of the 2024 declarations (the recount adds 10 to Labour).
NEWSROOM_DECLARATIONS = (
    "seat,candidate,party,votes\n"
    'Houghton and Sunderland South,Bridget Phillipson,Labour Party,"18,837"\n'
    'Houghton and Sunderland South,Sam Woods-Brass,Reform UK,"11,668"\n'
    'Houghton and Sunderland South,Chris Burnicle,Conservative and Unionist Party,"5,514"\n'
    'Chorley,Lindsay Hoyle,Speaker seeking re-election,"25,238"\n'
    'Chorley,Mark Tebbutt,Green Party,"4,663"\n'
    'Belfast East,Gavin Robinson,Democratic Unionist Party,"19,894"\n'
    'Belfast East,Naomi Long,Alliance Party,"17,218"\n'
    'Glasgow North,Martin Rhodes,Labour and Co-operative Party,"14,655"\n'
    'Glasgow North,Alison Thewliss,Scottish National Party (SNP),"11,116"\n'
    'Islington North,Jeremy Corbyn,Independent,"24,120"\n'
    'Islington North,Praful Nargund,Labour Party,"16,873"\n'
    'Houghton and Sunderland South,Bridget Phillipson,Labour Party,"18,847"\n'
    'Houghton and Sunderland South,Sam Woods-Brass,Reform UK,"11,668"\n'
    'Houghton and Sunderland South,Chris Burnicle,Conservative and Unionist Party,"5,514"\n'
)


@pytest.fixture
def newsroom_declarations() -> str:
    """:data:`NEWSROOM_DECLARATIONS`: a results desk's file, seats by name."""
    return NEWSROOM_DECLARATIONS
