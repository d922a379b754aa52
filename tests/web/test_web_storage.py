"""Storage: migrations, SQLite durability settings, PostgreSQL URLs, the stored secret."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from psephos.web.models import Base
from psephos.web.storage import Database, normalise_url, upgrade

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
