"""Web app settings: one frozen object, from arguments or ``PSEPHOS_*`` environment variables
(pydantic-settings).

The default database is a SQLite file in the user's data directory
(``platformdirs.user_data_dir("psephos")``, e.g. ``~/.local/share/psephos/psephos-web.sqlite``
on Linux), not the current folder, so the app finds the same data wherever it is started.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from psephos.jurisdictions import UK

DATABASE_FILE = "psephos-web.sqlite"


def default_database_path() -> Path:
    """Where the default SQLite database lives (the folder is created on first use)."""
    return Path(user_data_dir("psephos", appauthor=False)) / DATABASE_FILE


def default_database_url() -> str:
    """``sqlite:///`` URL of :func:`default_database_path`, creating its folder."""
    path = default_database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


class Settings(BaseSettings):
    """How one web app instance runs.

    Every field can be set by keyword or by its ``PSEPHOS_<FIELD>`` environment variable
    (``PSEPHOS_DATABASE_URL``, ``PSEPHOS_SECRET_KEY``, ``PSEPHOS_COOKIE_SECURE``,
    ``PSEPHOS_WARM_UP``...); ``PSEPHOS_RATE_LIMIT`` and ``PSEPHOS_RATE_BURST`` are the short
    names of the two rate fields. Keywords win over the environment.

    Attributes:
        database_url: SQLAlchemy URL. SQLite (``sqlite:///file.sqlite``; default: a file in the
            user data directory, :func:`default_database_path`) or PostgreSQL
            (``postgresql+psycopg://user:pass@host/db``, the ``[postgres]`` extra; a bare
            ``postgresql://`` URL is given the psycopg 3 driver).
        secret_key: Signs session cookies. ``None`` keeps a random key in the database, generated
            once, so sessions survive restarts and every worker shares it.
        default_election: The election the explorer opens on.
        results_night_boundaries: Boundary set whose seat codes declarations must use.
        results_night_election: Election id the results-night page shows by default.
        rate_limit_per_second: Sustained requests per second per client on public endpoints;
            0 turns rate limiting off (load tests on loopback).
        rate_limit_burst: Bucket size (requests a client may make at once).
        login_attempts_per_minute: Sustained login attempts per client.
        cookie_secure: Mark the session cookie ``Secure`` (behind HTTPS).
        migrate_on_startup: Run Alembic migrations to head when the app is created.
        warm_up: Before answering the first request, load every election, map and seat answer,
            the advice model and the advice for the common voter profiles in every GB seat.
        session_max_age: Session lifetime in seconds.
    """

    model_config = SettingsConfigDict(env_prefix="PSEPHOS_", frozen=True, populate_by_name=True)

    database_url: str = Field(default_factory=default_database_url)
    secret_key: str | None = None
    default_election: str = Field(default_factory=lambda: UK.latest_id)
    results_night_boundaries: str = "2024"
    results_night_election: str = "next"
    rate_limit_per_second: float = Field(
        20.0,
        validation_alias=AliasChoices("psephos_rate_limit", "psephos_rate_limit_per_second"),
    )
    rate_limit_burst: float = Field(
        60.0, validation_alias=AliasChoices("psephos_rate_burst", "psephos_rate_limit_burst")
    )
    login_attempts_per_minute: float = 10.0
    cookie_secure: bool = False
    migrate_on_startup: bool = True
    warm_up: bool = True
    session_max_age: int = 12 * 60 * 60

    @field_validator("secret_key", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("database_url", mode="before")
    @classmethod
    def _blank_is_default(cls, value: object) -> object:
        return default_database_url() if value in ("", None) else value

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from the environment; keyword overrides that are not ``None`` win."""
        return cls(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
