"""``psephos serve`` through the CLI runner: organiser creation and help."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from psephos.cli import app
from psephos.web.storage import Database
from psephos.web.store import authenticate

runner = CliRunner()


def test_create_organiser_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    monkeypatch.setenv("PSEPHOS_ORGANISER_PASSWORD", "a very long password")
    result = runner.invoke(app, ["serve", "--database-url", url, "--create-organiser", "alice"])
    assert result.exit_code == 0, result.output
    assert "Created organiser alice" in result.output
    monkeypatch.setenv("PSEPHOS_ORGANISER_PASSWORD", "another long password")
    again = runner.invoke(app, ["serve", "--database-url", url, "--create-organiser", "alice"])
    assert "Updated password of organiser alice" in again.output
    database = Database(url)
    with database.session() as session:
        assert authenticate(session, "alice", "another long password") is not None
        assert authenticate(session, "alice", "a very long password") is None
    database.dispose()


def test_create_organiser_from_prompt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    monkeypatch.delenv("PSEPHOS_ORGANISER_PASSWORD", raising=False)
    answers = iter(["typed at the prompt", "typed at the prompt"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    result = runner.invoke(app, ["serve", "--database-url", url, "--create-organiser", "bob"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [("al", "a very long password", "must be 3-40"), ("carol", "short", "at least 12")],
)
def test_create_organiser_rejects_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, password: str, message: str
) -> None:
    monkeypatch.setenv("PSEPHOS_ORGANISER_PASSWORD", password)
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    result = runner.invoke(app, ["serve", "--database-url", url, "--create-organiser", name])
    assert result.exit_code == 2  # a user mistake: one line on stderr, no traceback
    printed = result.output + (getattr(result, "stderr", "") or "")
    assert message in printed or message in str(result.exception)


def test_serve_has_help_on_every_option() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--database-url", "--create-organiser"):
        assert option in result.output
