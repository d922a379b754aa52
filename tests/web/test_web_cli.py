"""``psephos serve`` through the CLI runner: organiser creation and help."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from psephos.cli import app
from psephos.web.schemas import LoginFields, PasswordChange
from psephos.web.security import (
    MAX_ORGANISER_NAME,
    MIN_ORGANISER_NAME,
    MIN_PASSWORD_LENGTH,
    organiser_name_problem,
    password_problem,
)
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


def _refused_by_the_forms(name: str, password: str) -> None:
    with pytest.raises(ValidationError):
        if organiser_name_problem(name):
            LoginFields(username=name, password=password)
        else:
            PasswordChange(current_password="old", new_password=password)


@pytest.mark.parametrize(
    ("name", "password"),
    [
        ("a" * (MAX_ORGANISER_NAME + 1), "a very long password"),
        ("a" * MIN_ORGANISER_NAME, "x" * (MIN_PASSWORD_LENGTH - 1)),
    ],
)
def test_the_command_and_the_forms_share_one_organiser_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, password: str
) -> None:
    """``psephos serve --create-organiser`` refuses a name or password in the words of the one
    rule (``psephos.web.security``), and the forms take the same bounds: no login name longer
    than a name may be, no new password shorter than one may be."""
    monkeypatch.setenv("PSEPHOS_ORGANISER_PASSWORD", password)
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    result = runner.invoke(app, ["serve", "--database-url", url, "--create-organiser", name])
    assert result.exit_code == 2
    problem = organiser_name_problem(name) or password_problem(password)
    assert problem and problem in result.output + str(result.exception)
    _refused_by_the_forms(name, password)
    LoginFields(username="a" * MAX_ORGANISER_NAME, password="x")
    PasswordChange(current_password="old", new_password="x" * MIN_PASSWORD_LENGTH)
