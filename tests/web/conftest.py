"""Fixtures for the web tests: an app on SQLite, a test client and an organiser.

A test that stores what the app keeps for its users (accounts, sessions, volunteers, saved
scenarios, results nights: :data:`STORED_TABLES`) is marked ``storage`` and runs on PostgreSQL
as well (when ``PSEPHOS_TEST_POSTGRES_URL`` is set: on a database of the run's own, made beside
the one it names and dropped at the end), as does a test of the database itself. Every other
web test (a page drawn from the bundled data) runs on SQLite only: the database plays no part
in its answer. Every write to a stored table during a test is recorded, by the app or by a
helper, and a test that writes one without the mark fails naming the tables, so the mark
cannot be forgotten."""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher, profiles
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from web_helpers import (
    ORGANISER,
    POSTGRES_ENV,
    RunDatabaseRefusedError,
    SharedApp,
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

from psephos.web import create_app, security


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


#: The app's own tables, what it keeps for its users: a test that writes one runs on both
#: databases (the ``storage`` mark). The rate-limit counts and the app's secret are written
#: by every request and start, and are tested on both by tests of their own.
STORED_TABLES = frozenset(
    {
        "organisers",
        "organiser_sessions",
        "login_attempts",
        "volunteers",
        "scenarios",
        "results_elections",
        "declarations",
        "declaration_revisions",
    }
)
STORAGE = "storage"
_WRITTEN = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


#: Modules whose every test is ``slow`` and whose collection alone is costly: the schema fuzz
#: builds the app and a Schemathesis test per API operation when it is imported.
_SLOW_ONLY_MODULES = frozenset({"test_web_fuzz.py"})


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """A run that leaves the slow tests out (the default ``-m 'not slow'``) does not import the
    modules that hold nothing else, which would be collected only to be deselected."""
    marks = str(config.getoption("markexpr") or "")
    if collection_path.name in _SLOW_ONLY_MODULES and re.search(r"\bnot\s+slow\b", marks):
        return True
    return None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test of what the app stores runs on SQLite and PostgreSQL; any other on SQLite."""
    chosen = (  # a test that picks its database itself (PostgreSQL's reset) keeps its pick
        marker.args[0] for marker in metafunc.definition.iter_markers("parametrize") if marker.args
    )
    if any("database_url" in str(names) for names in chosen):
        return
    if "database_url" in metafunc.fixturenames:
        stored = metafunc.definition.get_closest_marker(STORAGE) is not None
        backends = ["sqlite", "postgresql"] if stored else ["sqlite"]
        metafunc.parametrize("database_url", backends, indirect=True)


def _needs_storage_mark(request: pytest.FixtureRequest, why: str) -> None:
    if request.node.get_closest_marker(STORAGE) is None:
        pytest.fail(
            f"{request.node.nodeid} {why}: mark it @pytest.mark.{STORAGE} so that it runs on "
            "PostgreSQL as well as SQLite.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def _shared_app(
    migrated_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SharedApp]:
    """This worker's :class:`web_helpers.SharedApp`."""
    shared = SharedApp(migrated_sqlite_template, tmp_path_factory.mktemp("shared-app"))
    yield shared
    shared.close()


def _lends_shared_app(request: pytest.FixtureRequest) -> bool:
    """Whether a test may be lent the shared app (:class:`web_helpers.SharedApp`) rather than a
    new one:
    one on SQLite that asks the app for pages through ``client`` and nothing else. A test of
    what the app stores (``storage``) gets a new app and database, as does one that takes
    ``app`` itself (it may hold a heavy slot or read the app's state) or ``database_url``."""
    own = set(inspect.signature(request.function).parameters)
    return (
        request.param == "sqlite"
        and "client" in request.fixturenames
        and request.node.get_closest_marker(STORAGE) is None
        and not own & {"app", "database_url", "organiser", "organiser_client"}
    )


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database: a SQLite file, or the run's PostgreSQL database emptied.

    A test that builds the app (``app``, which migrates its database to head on start) gets
    the database as that start leaves it, migrated with every table empty, without running the
    migrations again for each test: a copy of a migrated SQLite file, or PostgreSQL's tables
    emptied (or, for a test that only asks for pages, the shared app's:
    :class:`web_helpers.SharedApp`).
    Any other test gets an empty database (the migrations run on it from nothing).
    A test without the ``storage`` mark fails when it writes a table of
    :data:`STORED_TABLES`, on any engine (the app's, or a helper's), naming the tables.
    """
    migrated = "app" in request.fixturenames
    if not migrated:  # the database itself is what the test is about
        _needs_storage_mark(request, "uses the database without the app")
    shared: SharedApp | None = None
    if migrated and _lends_shared_app(request):
        shared = request.getfixturevalue("_shared_app")
        url = shared.database_url()
    elif request.param == "sqlite":
        path = tmp_path / "web.sqlite"
        if migrated:
            copy_sqlite(request.getfixturevalue("migrated_sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_run_url")
        if migrated:
            reset_postgres_migrated(url)
        else:
            reset_postgres(url)
    written: set[str] = set()

    def record(*args: Any) -> None:
        statement = str(args[2])  # (conn, cursor, statement, parameters, context, many)
        written.update(name.lower() for name in _WRITTEN.findall(statement))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield url
    finally:
        event.remove(Engine, "before_cursor_execute", record)
        if shared is not None:
            shared.release(written=bool(written))
    stored = sorted(written & STORED_TABLES)
    if stored:
        _needs_storage_mark(request, f"writes the stored tables {', '.join(stored)}")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file (for tests about SQLite itself)."""
    return f"sqlite:///{tmp_path / 'web.sqlite'}"


@pytest.fixture
def app(request: pytest.FixtureRequest, database_url: str) -> Iterator[FastAPI]:
    """The web app on a fresh database (for a test that only asks it for pages, the shared
    one: :class:`web_helpers.SharedApp`)."""
    shared: SharedApp = request.getfixturevalue("_shared_app")
    if shared.url == database_url:
        yield shared.app()
        return
    application = create_app(make_settings(database_url))
    yield application
    application.state.db.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A test client (cookies kept between requests)."""
    with TestClient(app) as test_client:
        yield test_client


#: The cheapest Argon2id the organiser fixture hashes its password with (:func:`organiser`).
CHEAPEST_HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)


@pytest.fixture
def organiser(database_url: str, app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> str:
    """An organiser account (after the app has migrated the database).

    Its password is hashed, and the test's logins and password changes checked, by the app's
    own functions at Argon2id's lowest cost (:data:`argon2.profiles.CHEAPEST`) instead of the
    app's (RFC 9106's, about half a second of CPU for each hash and each login): what the
    test checks is who may log in, not how long a hash takes. The app's own cost is tested
    in test_web_security.py (``test_passwords_are_argon2_hashed``).
    """
    monkeypatch.setattr(security, "_HASHER", CHEAPEST_HASHER)
    add_organiser(database_url)
    return ORGANISER


@pytest.fixture
def organiser_client(client: TestClient, organiser: str) -> tuple[TestClient, str]:
    """A client logged in as an organiser, and its CSRF token."""
    return client, api_login(client)
