"""Web app settings: one frozen object, from arguments or ``PSEPHOS_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_DATABASE_URL = "sqlite:///psephos-web.sqlite"


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


@dataclass(frozen=True, slots=True)
class Settings:
    """How one web app instance runs.

    Attributes:
        database_url: SQLAlchemy URL. SQLite (``sqlite:///file.sqlite``, the default) or
            PostgreSQL (``postgresql+psycopg://user:pass@host/db``; a bare ``postgresql://`` URL
            is given the psycopg 3 driver).
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
        warm_up: Load elections, maps and the advice model in a background thread at startup.
        session_max_age: Session lifetime in seconds.
    """

    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str | None = None
    default_election: str = "2024"
    results_night_boundaries: str = "2024"
    results_night_election: str = "next"
    rate_limit_per_second: float = 20.0
    rate_limit_burst: float = 60.0
    login_attempts_per_minute: float = 10.0
    cookie_secure: bool = False
    migrate_on_startup: bool = True
    warm_up: bool = True
    session_max_age: int = field(default=12 * 60 * 60)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``PSEPHOS_DATABASE_URL``, ``PSEPHOS_SECRET_KEY``,
        ``PSEPHOS_RATE_LIMIT`` (per second; 0 = off), ``PSEPHOS_RATE_BURST``,
        ``PSEPHOS_COOKIE_SECURE`` and ``PSEPHOS_WARM_UP`` (0 = off); keyword overrides that
        are not ``None`` win."""
        values: dict[str, object] = {
            "database_url": os.environ.get("PSEPHOS_DATABASE_URL") or DEFAULT_DATABASE_URL,
            "secret_key": os.environ.get("PSEPHOS_SECRET_KEY") or None,
            "rate_limit_per_second": _env_float("PSEPHOS_RATE_LIMIT", 20.0),
            "rate_limit_burst": _env_float("PSEPHOS_RATE_BURST", 60.0),
            "cookie_secure": os.environ.get("PSEPHOS_COOKIE_SECURE", "") in ("1", "true", "yes"),
            "warm_up": os.environ.get("PSEPHOS_WARM_UP", "1") not in ("0", "false", "no"),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
