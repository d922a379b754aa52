"""Helpers shared by every test package that runs the ``psephos`` command line (imported by
conftest.py and the test modules, as ``tests/`` is on the path beside its conftest.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import numpy as np
from click.testing import Result
from typer.testing import CliRunner

from psephos.cli import app


def command_result(
    *arguments: str,
    stdin: str | bytes | None = None,
    parse_constant: Callable[[str], Any] | None = None,
) -> tuple[dict[str, Any], Result]:
    """``psephos ARGUMENTS --format json`` through the runner, reading ``stdin`` (where given)
    as its standard input: it must succeed, and its standard output is read as the JSON object
    every command writes (``parse_constant`` as :func:`json.loads` takes it). The runner's
    result comes beside it, for a test that also reads what the command said on standard
    error (its notes)."""
    result = CliRunner().invoke(app, [*arguments, "--format", "json"], input=stdin)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout, parse_constant=parse_constant)
    assert isinstance(answer, dict), answer
    return answer, result


def command_json(
    *arguments: str, parse_constant: Callable[[str], Any] | None = None
) -> dict[str, Any]:
    """``psephos ARGUMENTS --format json`` through the runner: it must succeed, and its standard
    output is read as the JSON object every command writes (``parse_constant`` as
    :func:`json.loads` takes it, for a test that reads ``NaN`` as a number)."""
    answer, _ = command_result(*arguments, parse_constant=parse_constant)
    return answer


#: A solver's clock as a sentence says it (``min-cost-flow, 0.01 s)``, ``solved in 0.0034 s.``,
#: ``0.001 s``), which differs from one run to the next.
SOLVE_TIME = re.compile(r"\b\d[\d.]* s\b")


def untimed(lines: list[str]) -> list[str]:
    """Sentences with their solver's clock as ``T s`` (:data:`SOLVE_TIME`): two runs of one
    plan say the same words but for it."""
    return [SOLVE_TIME.sub("T s", line) for line in lines]


def made_up_wards() -> str:
    """Fifteen made-up council wards of the UK's parties in three districts (a made-up
    county's file, as a local analyst has it): shares drawn once, with a fixed seed."""
    rng = np.random.default_rng(3)
    parties = ("Labour", "Conservative", "Liberal Democrats", "Green Party", "Reform UK")
    rows = ["seat_code,seat_name,region,party,votes,electorate"]
    for ward in range(15):
        district = ("Borchester", "Felpersham", "Rural Borset")[ward % 3]
        base = (15, 40, 25, 8, 12) if district == "Rural Borset" else (30, 30, 15, 8, 17)
        shares = np.maximum(1.0, np.asarray(base) + rng.normal(0, 6, len(base)))
        electorate = int(rng.integers(7000, 9000))
        cast = electorate * 0.35
        for party, share in zip(parties, shares, strict=True):
            votes = int(cast * share / shares.sum())
            rows.append(
                f"W{ward + 1:02d},{district} {ward + 1},{district},{party},{votes},{electorate}"
            )
    return "\n".join(rows) + "\n"
