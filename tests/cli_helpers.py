"""Helpers shared by every test package that runs the ``psephos`` command line (imported by
conftest.py and the test modules, as ``tests/`` is on the path beside its conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from typer.testing import CliRunner

from psephos.cli import app


def command_json(
    *arguments: str, parse_constant: Callable[[str], Any] | None = None
) -> dict[str, Any]:
    """``psephos ARGUMENTS --format json`` through the runner: it must succeed, and its standard
    output is read as the JSON object every command writes (``parse_constant`` as
    :func:`json.loads` takes it, for a test that reads ``NaN`` as a number)."""
    result = CliRunner().invoke(app, [*arguments, "--format", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout, parse_constant=parse_constant)
    assert isinstance(answer, dict), answer
    return answer
