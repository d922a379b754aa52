"""``psephos serve``: run the web app (uvicorn), or create an organiser account."""

from __future__ import annotations

import getpass
import os
from importlib.util import find_spec

import typer

from psephos.errors import PsephosError


class WebSetupError(PsephosError, ValueError):
    """A bad option for the web server (organiser name, password, database URL)."""


PASSWORD_ENV = "PSEPHOS_ORGANISER_PASSWORD"


#: Modules the web app needs, from the ``[web]`` extra.
WEB_MODULES = ("fastapi", "uvicorn", "jinja2", "sqlalchemy", "alembic", "pydantic_settings")


def require_web(database_url: str | None = None) -> None:
    """Fail in one line, naming what to install, when the web extra (or, for a PostgreSQL URL,
    the postgres extra) is not installed.

    Raises:
        WebSetupError: naming the extra to install.
    """
    missing = [name for name in WEB_MODULES if find_spec(name) is None]
    if missing:
        raise WebSetupError(
            "psephos serve needs the web extra: pip install 'psephos[web]' "
            f"(missing: {', '.join(missing)})."
        )
    url = database_url or os.environ.get("PSEPHOS_DATABASE_URL") or ""
    if url.startswith("postgres") and find_spec("psycopg") is None:
        raise WebSetupError(
            "A PostgreSQL database needs the postgres extra: pip install 'psephos[postgres]' "
            "(or 'psephos[postgres-binary]' where the system has no libpq)."
        )


def _read_password(username: str) -> str:
    from psephos.web.security import password_problem

    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = getpass.getpass(f"Password for organiser {username}: ")
        if getpass.getpass("Repeat the password: ") != password:
            raise WebSetupError("The two passwords differ; nothing was changed.")
    problem = password_problem(password)
    if problem:
        raise WebSetupError(problem)
    return password


def create_organiser(database_url: str | None, username: str) -> bool:
    """Create (or reset the password of) an organiser; returns True when created."""
    require_web(database_url)
    from psephos.web.security import organiser_name_problem
    from psephos.web.settings import Settings
    from psephos.web.storage import Database, upgrade
    from psephos.web.store import set_organiser

    problem = organiser_name_problem(username)
    if problem:
        raise WebSetupError(problem)
    password = _read_password(username)
    settings = Settings.from_env(database_url=database_url)
    database = Database(settings.database_url)
    try:
        upgrade(database.engine)
        with database.session(write=True) as session:
            _organiser, created = set_organiser(session, username, password)
    finally:
        database.dispose()
    return created


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command."""

    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", help="Address to listen on."),
        port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
        database_url: str | None = typer.Option(
            None,
            "--database-url",
            help="SQLAlchemy URL: sqlite:///file.sqlite (default: psephos-web.sqlite in the user "
            "data directory) or postgresql://user:pass@host/db (the [postgres] extra). Also "
            "read from PSEPHOS_DATABASE_URL.",
        ),
        create_organiser_name: str | None = typer.Option(
            None,
            "--create-organiser",
            metavar="NAME",
            help="Create organiser NAME (or reset their password) and exit. The password is "
            f"read from {PASSWORD_ENV} or prompted for.",
        ),
        workers: int = typer.Option(1, min=1, max=64, help="Worker processes."),
        log_level: str = typer.Option("info", help="uvicorn log level."),
    ) -> None:
        """Run the psephos web app (results explorer, nearest marginal, results night...).

        Needs the web extra: pip install 'psephos[web]'.
        """
        try:
            require_web(database_url)
        except WebSetupError as error:  # printed plainly: "[web]" is not Rich markup
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2) from None
        if create_organiser_name is not None:
            created = create_organiser(database_url, create_organiser_name)
            verb = "Created" if created else "Updated password of"
            typer.echo(f"{verb} organiser {create_organiser_name}.")
            return
        import uvicorn

        from psephos.web.settings import Settings

        settings = Settings.from_env(database_url=database_url)
        os.environ["PSEPHOS_DATABASE_URL"] = settings.database_url
        if settings.warm_up:
            typer.echo(
                "Computing every seat's answer and the common tactical advice before the first "
                "request (PSEPHOS_WARM_UP=0 skips it)...",
                err=True,
            )
        uvicorn.run(
            "psephos.web.asgi:app",
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
            proxy_headers=False,
            access_log=log_level == "debug",
        )
