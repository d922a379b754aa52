"""Storage: migrations, SQLite durability settings, PostgreSQL URLs, the stored secret, and
the PostgreSQL tests' database of their own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi import FastAPI
from sqlalchemy import create_engine, inspect, make_url, text
from web_helpers import (
    POSTGRES_ENV,
    STALE_RUN_DATABASE_SECONDS,
    add_organiser,
    drop_stale_run_databases,
    head_revision,
    reset_postgres_migrated,
)

from psephos.web.models import Base
from psephos.web.storage import Database, normalise_url, upgrade

#: Every test here stores what the app keeps: it runs on PostgreSQL as well (conftest).
pytestmark = pytest.mark.storage

TABLES = {
    "alembic_version",
    "app_secrets",
    "organisers",
    "volunteers",
    "scenarios",
    "declarations",
    "declaration_revisions",
}


def test_migrations_create_every_table_and_match_models(database_url: str) -> None:
    database = Database(database_url)
    upgrade(database.engine)
    upgrade(database.engine)  # running again is a no-op
    assert set(inspect(database.engine).get_table_names()) >= TABLES
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []
    database.dispose()


def _rows_and_revision(database_url: str) -> tuple[dict[str, int], str | None]:
    """Each table's row count (but Alembic's own) and the revision the database stands at."""
    database = Database(database_url)
    with database.engine.connect() as connection:
        names = set(inspect(connection).get_table_names()) - {"alembic_version"}
        rows = {
            name: connection.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()
            for name in names
        }
        revision = MigrationContext.configure(connection).get_current_revision()
    database.dispose()
    return rows, revision


def test_an_app_test_starts_on_a_database_at_head_with_every_table_empty(
    database_url: str, app: FastAPI
) -> None:
    # the fixtures hand a test that builds the app a copied or emptied database, not a new one
    rows, revision = _rows_and_revision(database_url)
    assert set(rows) == set(Base.metadata.tables)
    assert set(rows.values()) == {0}
    assert revision == head_revision()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # its reset only
def test_the_postgres_reset_to_head_empties_a_used_database_or_migrates_a_bare_one(
    database_url: str, app: FastAPI
) -> None:
    head = _rows_and_revision(database_url)[1]
    add_organiser(database_url)
    assert _rows_and_revision(database_url)[0]["organisers"] == 1
    reset_postgres_migrated(database_url)
    rows, revision = _rows_and_revision(database_url)
    assert set(rows.values()) == {0} and revision == head
    database = Database(database_url)
    with database.engine.begin() as connection:
        connection.execute(text("DROP TABLE volunteers"))  # not the app's tables any more
    database.dispose()
    reset_postgres_migrated(database_url)
    rows, revision = _rows_and_revision(database_url)
    assert set(rows) == set(Base.metadata.tables) and set(rows.values()) == {0}
    assert revision == head


def _current_database(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as connection:
        name = connection.execute(text("SELECT current_database()")).scalar_one()
    engine.dispose()
    return str(name)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_postgres_tests_run_on_a_database_of_the_runs_own(
    database_url: str, postgres_run_url: str
) -> None:
    # not the database PSEPHOS_TEST_POSTGRES_URL names, which another run may be emptying
    shared = make_url(os.environ[POSTGRES_ENV]).database
    name = _current_database(database_url)
    assert name == make_url(database_url).database == make_url(postgres_run_url).database
    assert name != shared and name.startswith(f"{shared}_{os.getpid()}_")
    print(f"run database: {name}")  # read by the test below, from a run of this test alone


def test_a_run_drops_its_postgres_database_when_it_ends(postgres_run_url: str) -> None:
    test = f"{Path(__file__)}::test_the_postgres_tests_run_on_a_database_of_the_runs_own"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-q", "-s", test],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    found = re.search(r"run database: (\S+)", run.stdout)
    assert found, run.stdout
    engine = create_engine(postgres_run_url)
    with engine.connect() as connection:
        names = set(connection.execute(text("SELECT datname FROM pg_database")).scalars())
    engine.dispose()
    assert _current_database(postgres_run_url) in names  # this run's own, still there
    assert found.group(1) not in names  # the other run's, made and dropped


def test_a_run_drops_the_databases_killed_runs_left_behind(postgres_run_url: str) -> None:
    """A run killed outright never drops its own database; a later run drops it once it is a
    day old and nothing is connected to it, and leaves a younger one (a run going on now) and
    one in use alone."""
    shared = make_url(os.environ[POSTGRES_ENV]).database
    now = int(time.time())
    old = f"{shared}_1_{now - STALE_RUN_DATABASE_SECONDS - 60}_0badc0de"
    in_use = f"{shared}_2_{now - STALE_RUN_DATABASE_SECONDS - 60}_0badbeef"
    young = f"{shared}_3_{now - 60}_0badf00d"
    engine = create_engine(postgres_run_url, isolation_level="AUTOCOMMIT")
    user = None
    try:
        with engine.connect() as connection:
            for name in (old, in_use, young):
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            user = create_engine(make_url(postgres_run_url).set(database=in_use))
            with user.connect(), engine.connect() as other:
                dropped = drop_stale_run_databases(other, shared)
                names = set(other.execute(text("SELECT datname FROM pg_database")).scalars())
            assert dropped == [old]
            assert (
                old not in names and {in_use, young, _current_database(postgres_run_url)} <= names
            )
    finally:
        if user is not None:
            user.dispose()
        with engine.connect() as connection:
            for name in (old, in_use, young):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def test_downgrade_removes_everything(database_url: str) -> None:
    database = Database(database_url)
    upgrade(database.engine)
    from alembic import command

    from psephos.web.storage import alembic_config

    config = alembic_config(database.engine)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}
    database.dispose()


def test_sqlite_uses_wal_and_full_sync(sqlite_url: str) -> None:
    database = Database(sqlite_url)
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    database.dispose()


def test_secret_is_created_once_and_kept(database_url: str) -> None:
    database = Database(database_url)
    upgrade(database.engine)
    first = database.secret()
    assert len(first) >= 48 and database.secret() == first
    database.dispose()
    assert Database(database_url).secret() == first


def test_postgres_urls_get_the_psycopg3_driver() -> None:
    assert normalise_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"
