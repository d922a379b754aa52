"""Database engine, sessions and migrations.

SQLite is the default: one file, write-ahead log, ``synchronous=FULL`` so a committed
transaction survives a crash of the process or the machine. PostgreSQL is used by giving its URL
(psycopg 3 driver). The schema is owned by Alembic; :func:`upgrade` brings any database to head.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from psephos.web.models import AppSecret


def normalise_url(url: str) -> str:
    """Give a bare ``postgresql://`` / ``postgres://`` URL the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, issue BEGIN (SQLAlchemy's pysqlite recipe), so
    # savepoints work and writers can take the write lock up front with BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    if connection.get_execution_options().get("sqlite_begin") == "IMMEDIATE":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url``: SQLite gets WAL and durable commits, PostgreSQL psycopg 3."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 10}, pool_pre_ping=True
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def alembic_config(engine: Engine) -> Config:
    """Alembic configuration pointing at the packaged migrations (no alembic.ini needed)."""
    config = Config()
    location = resources.files("psephos.web").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations up to ``revision`` on ``engine``'s database."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


class Database:
    """An engine and its session factory."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.url.get_backend_name()

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A session committed on success, rolled back on error.

        ``write=True`` takes SQLite's write lock at the start of the transaction (``BEGIN
        IMMEDIATE``), so concurrent writers queue instead of failing to upgrade a read lock.
        """
        with self.sessions() as session:
            if write and self.backend == "sqlite":
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def secret(self, name: str = "session") -> str:
        """A named random secret, created once and kept in the database."""
        try:
            with self.session(write=True) as session:
                row = session.get(AppSecret, name)
                if row is not None:
                    return row.value
                session.add(AppSecret(name=name, value=secrets.token_urlsafe(48)))
        except IntegrityError:
            pass  # another worker stored it first; read back whatever is stored
        with self.session() as session:
            stored = session.execute(select(AppSecret.value).where(AppSecret.name == name))
            return str(stored.scalar_one())

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()
