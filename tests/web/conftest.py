"""Fixtures for the web tests: an app on SQLite (always) and PostgreSQL (when
``PSEPHOS_TEST_POSTGRES_URL`` is set: on a database of the run's own, made beside the one it
names and dropped at the end), a test client and an organiser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_helpers import (
    ORGANISER,
    POSTGRES_ENV,
    RunDatabaseRefusedError,
    add_organiser,
    api_login,
    copy_sqlite,
    create_run_database,
    drop_run_database,
    make_settings,
    migrate_sqlite_template,
    reset_postgres,
    reset_postgres_migrated,
)

from psephos.web import create_app


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head with every table empty, made once and copied."""
    return migrate_sqlite_template(tmp_path_factory.mktemp("template") / "web.sqlite")


@pytest.fixture(scope="session")
def postgres_run_url() -> Iterator[str]:
    """This test run's own PostgreSQL database, made beside the one ``PSEPHOS_TEST_POSTGRES_URL``
    names and dropped when the run ends: two runs on one server (two checkouts, or a run beside
    CI's) never empty each other's tables. Skips where the variable is unset; fails (does not
    share the named database) where the role may not create a database."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set (run scripts/ci/setup_web.sh)")
    try:
        run_url = create_run_database(url)
    except RunDatabaseRefusedError as error:
        refused = str(error)  # failed below, outside this block: one line, no chained traceback
    else:
        yield run_url
        drop_run_database(url, run_url)
        return
    pytest.fail(refused, pytrace=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database: a SQLite file, or the run's PostgreSQL database emptied.

    A test that builds the app (``app``, which migrates its database to head on start) gets
    the database as that start leaves it, migrated with every table empty, without running the
    migrations again for each test: a copy of a migrated SQLite file, or PostgreSQL's tables
    emptied. Any other test gets an empty database (the migrations run on it from nothing).
    """
    migrated = "app" in request.fixturenames
    if request.param == "sqlite":
        path = tmp_path / "web.sqlite"
        if migrated:
            copy_sqlite(request.getfixturevalue("migrated_sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_run_url")
    if migrated:
        reset_postgres_migrated(url)
    else:
        reset_postgres(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file (for tests about SQLite itself)."""
    return f"sqlite:///{tmp_path / 'web.sqlite'}"


@pytest.fixture
def app(database_url: str) -> Iterator[FastAPI]:
    """The web app on a fresh database."""
    application = create_app(make_settings(database_url))
    yield application
    application.state.db.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A test client (cookies kept between requests)."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def organiser(database_url: str, app: FastAPI) -> str:
    """An organiser account (after the app has migrated the database)."""
    add_organiser(database_url)
    return ORGANISER


@pytest.fixture
def organiser_client(client: TestClient, organiser: str) -> tuple[TestClient, str]:
    """A client logged in as an organiser, and its CSRF token."""
    return client, api_login(client)
