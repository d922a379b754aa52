"""``psephos serve`` without the web (or postgres) extra says in one line what to install."""

from __future__ import annotations

from importlib.util import find_spec

import pytest
from typer.testing import CliRunner

from psephos.cli import app, serve

runner = CliRunner()


def _without(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    monkeypatch.setattr(serve, "find_spec", lambda name: None if name in names else find_spec(name))


def test_serve_without_web_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "fastapi", "uvicorn")
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "pip install 'psephos[web]'" in lines[0]
    assert "fastapi, uvicorn" in lines[0] and "Traceback" not in result.output


def test_postgres_url_without_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "psycopg")
    result = runner.invoke(app, ["serve", "--database-url", "postgresql://u:p@h/db"])
    assert result.exit_code == 2
    assert "pip install 'psephos[postgres]'" in result.output
