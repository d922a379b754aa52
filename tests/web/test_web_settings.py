"""Web settings: pydantic-settings from PSEPHOS_* variables, frozen, default DB in the data dir."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from psephos.web.settings import Settings, default_database_path


def test_environment_is_read_and_keywords_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSEPHOS_DATABASE_URL", "sqlite:///from-env.sqlite")
    monkeypatch.setenv("PSEPHOS_RATE_LIMIT", "0")
    monkeypatch.setenv("PSEPHOS_RATE_BURST", "5")
    monkeypatch.setenv("PSEPHOS_COOKIE_SECURE", "true")
    monkeypatch.setenv("PSEPHOS_WARM_UP", "0")
    monkeypatch.setenv("PSEPHOS_SECRET_KEY", "")
    settings = Settings.from_env()
    assert settings.database_url == "sqlite:///from-env.sqlite"
    assert (settings.rate_limit_per_second, settings.rate_limit_burst) == (0.0, 5.0)
    assert settings.cookie_secure and not settings.warm_up
    assert settings.secret_key is None
    assert Settings.from_env(database_url="sqlite:///kw.sqlite").database_url.endswith("kw.sqlite")
    assert Settings.from_env(database_url=None).database_url == "sqlite:///from-env.sqlite"
    with pytest.raises(ValidationError):
        settings.warm_up = True  # type: ignore[misc]


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_DATA_HOME is the Linux data directory")
def test_default_database_is_in_the_user_data_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PSEPHOS_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    settings = Settings()
    assert default_database_path() == tmp_path / "psephos" / "psephos-web.sqlite"
    assert settings.database_url == f"sqlite:///{tmp_path / 'psephos' / 'psephos-web.sqlite'}"
    assert (tmp_path / "psephos").is_dir()
