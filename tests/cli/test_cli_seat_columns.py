"""Every command's file names a seat the same way, so that files join without renaming
(docs/cli.md, "Output"): a row per seat leads with ``code`` and ``name`` (after ``rank``); a row
that is not one per seat names its seat with a prefix, ``seat_code`` then ``seat_name`` (a swap's
two seats ``a_code``, ``a_name`` and ``b_code``, ``b_name``). A new seat-level command joins the
lists below."""

from __future__ import annotations

import csv
import io
import re

import pytest
from typer.testing import CliRunner

import psephos
from psephos.cli import app
from psephos.io.export import csv_text
from psephos.results import seat_result_rows

runner = CliRunner()

POLL = "Lab 35 Con 24 Reform 15 LD 12 Green 7"

#: Commands whose rows are one per seat, with the arguments that make them (bundled data).
ONE_PER_SEAT = {
    "results --by-seat": ["results", "2024", "--by-seat"],
    "marginals": ["marginals", "2024", "--top", "3"],
    "target": ["target", "2024", "--pair", "Lab,Con", "--top", "3"],
    "nearest": ["nearest", "--from", "Bath", "--km", "30", "--election", "2024", "--top", "3"],
    "tactical": ["tactical", "--against", "Con", "--election", "2024", "--sims", "20"],
    "forecast --seats": ["forecast", "--poll", POLL, "--sims", "100", "--seats"],
    "project --seats": ["project", "--from", "2019-notional-2024", "--poll", POLL, "--seats"],
    "project --all-seats": ["project", "--poll", POLL, "--all-seats"],
    "turnout": ["turnout", "2019", "--group", "18-24", "--change", "10"],
    "allocate --show seats": ["allocate", "{volunteers}", "-e", "2019", "--show", "seats"],
    "exitpoll estimate --seats": [
        "exitpoll",
        "estimate",
        "{sample}",
        "--from",
        "2019-notional-2024",
        "--seats",
    ],
}

#: Commands whose rows are not one per seat (candidates, volunteers, stand-downs, swaps).
PREFIXED = {
    "results --seat": ["results", "2024", "--seat", "Bath"],
    "allocate": ["allocate", "{volunteers}", "-e", "2019"],
    "pact --view ledger": ["pact", "2019", "--bloc", "Lab,LD", "--view", "ledger"],
    "swap": ["swap", "{offers}", "--election", "2019", "--sims", "20"],
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The files the commands read: volunteers, swap offers and an exit poll's sample of 60
    seats' 2024 results (the long results format, as ``psephos results --seat`` writes it)."""
    folder = tmp_path_factory.mktemp("seat-columns")
    volunteers = folder / "volunteers.csv"
    volunteers.write_text("id,latitude,longitude,hours\nv1,51.5,-0.12,3\nv2,53.48,-2.24,4\n")
    offers = folder / "offers.csv"
    offers.write_text(
        "seat,preferred,willing\nPutney,LD,Lab\nPutney,LD,Lab\nRichmond Park,Lab,LD\n"
        "Richmond Park,Lab,LD\n"
    )
    election = psephos.load("2024")
    sampled = set(election.codes[::11][:60])
    columns = ("seat_code", "seat_name", "candidate", "party", "votes")
    rows = [
        {column: row[column] for column in columns}
        for row in seat_result_rows(election)
        if row["seat_code"] in sampled
    ]
    sample = folder / "sample.csv"
    sample.write_text(csv_text(rows), encoding="utf-8")
    return {"volunteers": str(volunteers), "offers": str(offers), "sample": str(sample)}


def _header(arguments: list[str], inputs: dict[str, str]) -> list[str]:
    """The CSV header the command writes."""
    filled = [argument.format(**inputs) for argument in arguments]
    result = runner.invoke(app, [*filled, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return next(csv.reader(io.StringIO(result.stdout)))


def _seat_columns(header: list[str]) -> list[str]:
    """The columns that name a seat: ``code``, ``name``, ``seat``, ``seat_...``, ``code_...``
    and a swap's ``a_code``, ``a_name``, ``b_code``, ``b_name``."""
    return [
        column
        for column in header
        if column in ("code", "name", "seat")
        or column.startswith(("seat_", "code_"))
        or re.fullmatch(r"[ab]_(code|name)", column)
    ]


def _prefixed_pairs(columns: list[str]) -> bool:
    """Each seat is named ``PREFIX_code`` then ``PREFIX_name``, and by nothing else."""
    prefixes = [column.removesuffix("_code") for column in columns[::2]]
    return columns == [f"{prefix}_{key}" for prefix in prefixes for key in ("code", "name")]


@pytest.mark.parametrize("command", ONE_PER_SEAT)
def test_a_row_per_seat_leads_with_code_and_name(command: str, inputs: dict[str, str]) -> None:
    header = _header(ONE_PER_SEAT[command], inputs)
    lead = header[1:3] if header[0] == "rank" else header[:2]
    assert lead == ["code", "name"], header
    assert _seat_columns(header) == ["code", "name"], header


@pytest.mark.parametrize("command", PREFIXED)
def test_a_row_of_something_else_names_its_seat_with_a_prefix(
    command: str, inputs: dict[str, str]
) -> None:
    header = _header(PREFIXED[command], inputs)
    seat_columns = _seat_columns(header)
    assert seat_columns, header
    assert not {"code", "name", "seat"} & set(seat_columns), header
    assert _prefixed_pairs(seat_columns), header


def test_the_check_refuses_the_old_spellings() -> None:
    """The checks above fail on the headers the commands wrote before the convention."""
    swap = ["seat_a", "code_a", "a_prefers", "seat_b", "code_b", "b_prefers"]
    assert not _prefixed_pairs(_seat_columns(swap))
    ledger = ["party", "seat", "seat_name", "votes_given_up"]
    assert not _prefixed_pairs(_seat_columns(ledger))
    swap = ["a_code", "a_name", "a_prefers", "b_code", "b_name", "b_prefers"]
    assert _prefixed_pairs(_seat_columns(swap))
    candidates = ["seat_code", "seat_name", "candidate", "party", "party_name"]
    assert _seat_columns(candidates) == ["seat_code", "seat_name"]
