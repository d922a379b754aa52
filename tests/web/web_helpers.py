"""Helpers shared by the web tests (imported by conftest.py and the test modules)."""

from __future__ import annotations

import html
import os
import re
import secrets
import sqlite3
import time
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, inspect, make_url, text
from sqlalchemy.exc import DBAPIError

from psephos.web import Settings, create_app
from psephos.web.launch import LocalServer
from psephos.web.models import Base
from psephos.web.notfound import api_routes
from psephos.web.storage import Database, alembic_config, normalise_url, upgrade
from psephos.web.store import set_organiser

if TYPE_CHECKING:
    import httpx2  # what the TestClient answers (httpx for a live server's clients)

POSTGRES_ENV = "PSEPHOS_TEST_POSTGRES_URL"
ORGANISER = "organiser1"
PASSWORD = "correct horse battery staple"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
#: The web app's templates, as the source tree has them.
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "psephos" / "web" / "templates"
#: An .xlsx workbook's media type, as a browser sends one.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


#: PostgreSQL's SQLSTATE for "insufficient privilege" (a role without CREATEDB, say).
_INSUFFICIENT_PRIVILEGE = "42501"


class RunDatabaseRefusedError(RuntimeError):
    """The PostgreSQL server would not create a test run's own database."""


def create_run_database(url: str) -> str:
    """Create a database of this test run's own beside the one ``url`` names; return its URL.

    The database is named after ``url``'s (``psephos_test``), this process, the time it was
    made (seconds since the epoch) and a random suffix (``psephos_test_4242_1765000000_1a2b3c4d``),
    so two test runs on one server (two checkouts) never empty each other's tables. Databases
    such a run left behind (killed before it could drop its own) are dropped first, once they
    are a day old and nothing is connected to them (:func:`drop_stale_run_databases`). ``url``'s
    database is only connected to, never changed.

    Raises:
        RunDatabaseRefusedError: the role may not create databases (no CREATEDB).
    """
    server = make_url(normalise_url(url))
    name = f"{server.database}_{os.getpid()}_{int(time.time())}_{secrets.token_hex(4)}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            drop_stale_run_databases(connection, f"{server.database}")
            quoted = engine.dialect.identifier_preparer.quote(name)
            connection.execute(text(f"CREATE DATABASE {quoted}"))
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) != _INSUFFICIENT_PRIVILEGE:
            raise
        raise RunDatabaseRefusedError(
            f"PostgreSQL role {server.username!r} may not create a test run's own database "
            f"({name}): rerun scripts/ci/setup_web.sh to give it CREATEDB"
        ) from error
    finally:
        engine.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


#: How old a run's database must be before a later run drops it as left behind: no test run
#: lasts a day.
STALE_RUN_DATABASE_SECONDS = 24 * 60 * 60


def drop_stale_run_databases(
    connection: Connection, base: str, *, older_than: float = STALE_RUN_DATABASE_SECONDS
) -> list[str]:
    """Drop the databases that test runs made beside ``base`` (:func:`create_run_database`)
    and left behind, killed before they could drop their own: those whose name says they were
    made more than ``older_than`` seconds ago and that nothing is connected to (a plain
    ``DROP DATABASE`` refuses one in use, and that refusal is left alone). ``connection``:
    an autocommit connection to the server. Returns the names dropped."""
    made = re.compile(rf"{re.escape(base)}_\d+_(\d+)_[0-9a-f]{{8}}")
    names = (
        connection.execute(
            text("SELECT datname FROM pg_database WHERE datname LIKE :prefix"),
            {"prefix": base.replace("_", r"\_") + r"\_%"},
        )
        .scalars()
        .all()
    )
    now = time.time()
    dropped = []
    for name in names:
        found = made.fullmatch(name)
        if found is None or now - int(found.group(1)) <= older_than:
            continue
        quoted = connection.dialect.identifier_preparer.quote(name)
        try:
            connection.execute(text(f"DROP DATABASE IF EXISTS {quoted}"))
        except DBAPIError:  # in use after all (another run's): leave it
            continue
        dropped.append(name)
    return dropped


def drop_run_database(url: str, run_url: str) -> None:
    """Drop the database ``run_url`` names (one ``create_run_database(url)`` made), connected
    through ``url``'s, closing any connection still open to it (``WITH (FORCE)``, PostgreSQL 13
    and later)."""
    engine = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            quoted = engine.dialect.identifier_preparer.quote(f"{make_url(run_url).database}")
            connection.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
    finally:
        engine.dispose()


def reset_postgres(url: str) -> None:
    """Empty the test database (drop and recreate the public schema)."""
    engine = create_engine(normalise_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@cache
def head_revision() -> str:
    """The newest migration's revision (read once: parsing the migrations takes a while)."""
    engine = create_engine("sqlite://")
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    engine.dispose()
    assert head is not None
    return head


def migrate_sqlite_template(path: Path) -> Path:
    """A SQLite file at ``path`` migrated to head with every table empty: a template to copy."""
    database = Database(f"sqlite:///{path}")
    upgrade(database.engine)
    database.dispose()
    return path


def copy_sqlite(template: Path, path: Path) -> None:
    """Copy the SQLite database ``template`` to ``path`` (SQLite's own backup, page by page)."""
    source, target = sqlite3.connect(template), sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def reset_postgres_migrated(url: str) -> None:
    """Leave the test database as a fresh app leaves it: migrated to head, every table empty.

    Where the database already stands at head with exactly the app's tables (the last test's
    app migrated it), the tables are emptied (``TRUNCATE ... RESTART IDENTITY``: no migration
    adds rows to an empty database); otherwise it is emptied and migrated from nothing.
    """
    engine = create_engine(normalise_url(url))
    expected = {*Base.metadata.tables, "alembic_version"}
    try:
        with engine.begin() as connection:
            tables = set(inspect(connection).get_table_names())
            revision = MigrationContext.configure(connection).get_current_revision()
            if tables == expected and revision == head_revision():
                names = ", ".join(f'"{name}"' for name in sorted(tables - {"alembic_version"}))
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                return
    finally:
        engine.dispose()
    reset_postgres(url)
    database = Database(url)
    upgrade(database.engine)
    database.dispose()


def make_settings(database_url: str, **overrides: object) -> Settings:
    """Test settings: fixed secret, rate limiting off unless asked for."""
    values: dict[str, object] = {
        "database_url": database_url,
        "secret_key": "test-secret-key-not-for-production",
        "rate_limit_per_second": 0.0,
        "warm_up": False,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


class SharedApp:
    """One app on one migrated SQLite copy, lent to one test after another in a worker: those
    that only ask it for pages (conftest.py's ``_lends_shared_app``), instead of a new app for
    each.

    A new app costs a tenth of a second of CPU before it answers its first page (FastAPI works
    out each route's dependencies and Jinja compiles each template on first use), which a
    thousand page tests would pay again and again. What a test is lent is what a new app would
    be: its database migrated with every table empty, nothing added to ``app.state``, no heavy
    path learnt (:meth:`release` forgets them) and no heavy slot held. After a test that
    leaves it otherwise (it wrote any table, or added to ``app.state``) the app is let go
    (:meth:`close`), and the next test gets a new one.
    """

    def __init__(self, template: Path, directory: Path) -> None:
        self._template = template
        self._directory = directory
        self._made = 0
        self._app: FastAPI | None = None
        self._state: set[str] = set()
        self.url = ""

    def database_url(self) -> str:
        """The lent app's database, made (a copy of the migrated template) where none is lent."""
        if self._app is None:
            self._made += 1
            path = self._directory / f"shared-{self._made}.sqlite"
            copy_sqlite(self._template, path)
            self.url = f"sqlite:///{path}"
            self._app = create_app(make_settings(self.url))
            self._state = set(self._app.state._state)
        return self.url

    def app(self) -> FastAPI:
        """The app on :meth:`database_url`."""
        assert self._app is not None, "database_url() first"
        return self._app

    def release(self, *, written: bool) -> None:
        """After a test: forget the heavy paths it taught the app (a new app knows none), and
        let the app go where the test left it unlike a new one (``written``: it wrote a
        table)."""
        if self._app is None:
            return
        heavy = self._app.state.heavy
        heavy.paths.clear()
        state = set(self._app.state._state)
        if written or state != self._state or heavy._running:
            self.close()

    def close(self) -> None:
        """Dispose of the lent app's database connections; the next test gets a new app."""
        if self._app is not None:
            self._app.state.db.dispose()
            self._app = None
            self.url = ""


def add_organiser(database_url: str, username: str = ORGANISER, password: str = PASSWORD) -> None:
    """Create an organiser account directly in the database."""
    database = Database(database_url)
    with database.session(write=True) as session:
        set_organiser(session, username, password)
    database.dispose()


def api_login(client: TestClient | httpx.Client) -> str:
    """Log in through the JSON API; returns the CSRF token for later posts."""
    response = client.post("/api/login", json={"username": ORGANISER, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return str(response.json()["csrf_token"])


def form_token(page: str) -> str:
    """The CSRF token a page's forms carry (their hidden ``csrf_token`` field)."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match is not None, "the page has no form with a csrf_token"
    return match[1]


def page_token(client: TestClient | httpx.Client, path: str) -> str:
    """The CSRF token the page at ``path`` gives its forms (the page must answer 200)."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    return form_token(page.text)


def page_error(page: str, form: str) -> str | None:
    """The refusal a page says above its form (``<p class="error" id="{form}-error"
    role="alert">``), unescaped; None where it says none."""
    said = re.search(rf'<p class="error" id="{form}-error" role="alert">(.*?)</p>', page)
    return None if said is None else html.unescape(said[1])


def post_twin_and_page(
    client: TestClient, path: str, form: dict[str, Any], files: dict[str, Any]
) -> tuple[httpx2.Response, httpx2.Response]:
    """What the JSON twin ``/api{path}`` and the page ``path`` answer to one form and its
    files, the page's posted with its CSRF token as a browser posts it."""
    twin = client.post(f"/api{path}", data=form, files=files)
    page = client.post(path, data={**form, "csrf_token": page_token(client, path)}, files=files)
    return twin, page


class Server(LocalServer):
    """A real uvicorn server running the app in a subprocess, with the tests' settings (a fixed
    secret key, no warm-up, rate limiting off unless ``env`` says)."""

    def __init__(
        self, database_url: str, port: int | None = None, workers: int = 1, **env: str
    ) -> None:
        super().__init__(
            database_url,
            port=port,
            workers=workers,
            env={
                "PSEPHOS_SECRET_KEY": "test-secret-key-not-for-production",
                "PSEPHOS_WARM_UP": "0",
                **env,
            },
        )
        self.base_url = self.url

    def start(self, timeout: float = 60.0) -> Server:
        """Start uvicorn and wait until /healthz answers."""
        super().start(timeout)
        return self


def open_night(
    client: TestClient | httpx.Client, token: str, election: str = "next", base: str | None = None
) -> None:
    """Open a results night (declarations for ``election`` are refused until this)."""
    body: dict[str, str] = {"id": election, "name": f"Night {election}"}
    if base:
        body["base"] = base
    response = client.post("/api/results-elections", json=body, headers={"X-CSRF-Token": token})
    assert response.status_code == 200, response.text


def declare(client: TestClient | httpx.Client, token: str, body: dict[str, Any]) -> httpx2.Response:
    """Posts one declaration (``body``: ``seat`` and ``votes`` or ``candidates``...) to the
    declaration API, for the night ``body["election"]`` (``"next"`` where it names none:
    :func:`open_night`'s default)."""
    return client.post(
        "/api/declarations",
        json={"election": "next", **body},
        headers={"X-CSRF-Token": token},
    )


def declare_batch(
    client: TestClient | httpx.Client, token: str, declarations: list[dict[str, Any]]
) -> httpx2.Response:
    """Posts many declarations at once to the batch API (a replayed night)."""
    return client.post(
        "/api/declarations/batch",
        json={"declarations": declarations},
        headers={"X-CSRF-Token": token},
    )


def declare_form(client: TestClient, token: str, **fields: str) -> tuple[int, str]:
    """Posts the organisers' declaration form (``votes_text``, ``seat``, ``won_by_lot``...,
    the night ``"next"`` unless ``election`` says), as a browser sends it: its status and its
    page, unescaped."""
    page = client.post(
        "/organisers/declare", data={"csrf_token": token, "election": "next", **fields}
    )
    return page.status_code, html.unescape(page.text)


def declare_refusal(page: str) -> str | None:
    """What a declaration form's page says it did not record (after "Not recorded: "), or
    None where it refused nothing (:func:`page_error` of the form ``declare``)."""
    said = page_error(page, "declare")
    return None if said is None else said.removeprefix("Not recorded: ")


def post_replay(
    client: TestClient,
    token: str,
    election: str,
    content: str | bytes,
    *,
    name: str = "night.csv",
    follow_redirects: bool = True,
) -> httpx2.Response:
    """Posts a results file (``content``, text as UTF-8) to the organisers' replay form for
    the night ``election`` (:func:`open_night`), as a browser sends it."""
    body = content.encode() if isinstance(content, str) else content
    return client.post(
        "/organisers/replay",
        data={"csrf_token": token, "election": election},
        files={"results_file": (name, body, "text/csv")},
        follow_redirects=follow_redirects,
    )


_PICKER_OPTION = re.compile(r'<option value="(?P<id>[^"]+)" data-map-modes="(?P<modes>[^"]*)"')


def poll_box(page: str) -> tuple[str, str]:
    """A page's poll box (``_poll_box.html``): its placeholder and the whole example the help
    under it gives, unescaped."""
    placeholder = re.search(r'<input name="poll"[^>]*placeholder="([^"]*)"', page)
    example = re.search(r'id="poll-example">For example: (.*?) \(national shares', page)
    assert placeholder is not None and example is not None, "no poll box"
    return html.unescape(placeholder[1]), html.unescape(example[1])


def picker_options(page: str) -> dict[str, list[str]]:
    """The results explorer's election picker: each election's id -> its map's modes."""
    picker = page.split('id="election-picker"', 1)[1].split("</form>", 1)[0]
    return {found["id"]: found["modes"].split() for found in _PICKER_OPTION.finditer(picker)}


class _TableColumns(HTMLParser):
    """Each ``table.results``: its headings' classes and its body cells' classes, by column."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, list[list[str]]]] = []
        self._depth = 0
        self._section = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table":
            self._depth += 1
            if self._depth == 1 and "results" in classes:
                self.tables.append({"head": [], "body": []})
        elif not self.tables or self._depth != 1:
            return
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr":
            self.tables[-1][self._rows].append([])
        elif tag in ("th", "td") and self.tables[-1][self._rows]:
            self.tables[-1][self._rows][-1].append(" ".join(classes))

    @property
    def _rows(self) -> str:
        return "body" if self._section == "tbody" else "head"

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth -= 1


def misaligned_headings(page: str) -> list[str]:
    """The headings of ``table.results`` columns whose body cells are all numbers
    (``td.num``, right-aligned) but whose heading is not (``th.num``): the heading then sits
    at the column's left, over the end of the column before (a number reads as the wrong
    column's). Each as 'table N column M'."""
    parser = _TableColumns()
    parser.feed(page)
    found = []
    for number, table in enumerate(parser.tables, 1):
        heads = [row for row in table["head"] if row]
        rows = [row for row in table["body"] if row]
        if not heads or not rows or any(len(row) != len(heads[-1]) for row in rows):
            continue
        for column, heading in enumerate(heads[-1]):
            numeric = all("num" in row[column].split() for row in rows)
            if numeric and "num" not in heading.split():
                found.append(f"table {number} column {column + 1}")
    return found


def file_csv(response: httpx.Response | httpx2.Response) -> str:
    """A CSV file the app serves (the volunteer plan, the swap pairs, the sign-ups for
    allocation): its text after the UTF-8 byte-order mark it must start with, once, so that
    Excel reads it as UTF-8 (:func:`psephos.io.export.csv_file_text`)."""
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and not text.startswith("\ufeff\ufeff"), text[:20]
    return text[1:]


#: A value for each kind of path parameter, so every page is rendered (:func:`site_pages`).
PATH_VALUES = {"election": "2024", "code": "E14001279"}

#: Pages asked a question, for the forms shown with an answer (a search's sign-up form, the
#: seats to tick, a results night's filter, the swingometer's Save form).
ASKED = (
    "/nearest?postcode=NW6+1",
    "/advice?seat=Bath&prefer=Lab",
    "/coalitions?election=2024&government=Lab",
    "/swingometer?Lab=35&Con=25",
    "/targets?attacker=LD",
    "/tactical-audit?election=2024",
    "/turnout?election=2017&change=10",
    "/results-night?election=next",
    "/seats?q=Hendon",
    "/volunteers/thanks?seat=E14001279",
)


def site_pages(client: TestClient) -> list[str]:
    """Every page's GET (path parameters filled in, a saved scenario's among them) and
    :data:`ASKED`."""
    saved = client.post(
        "/api/scenarios",
        json={
            "kind": "poll",
            "title": "t",
            "payload": {"election": "2024", "shares_pct": {"Lab": 30}},
        },
    )
    values = {**PATH_VALUES, "slug": saved.json()["slug"]}
    pages = []
    for route in api_routes(client.app.routes):  # type: ignore[attr-defined]
        if "GET" not in route.methods or route.path.startswith("/api/"):
            continue
        pages.append(re.sub(r"\{([a-z_]+)\}", lambda m: values[m[1]], route.path))
    return [*pages, *ASKED]


def answered_pages(client: TestClient, token: str) -> dict[str, str]:
    """The pages whose forms are shown only with an answer to a posted file, by what was
    posted: the allocation plan's download form and the swaps' (``token``: an organiser's
    CSRF token)."""
    allocated = client.post(
        "/organisers/allocate",
        files={"volunteers_file": ("v.csv", b"id,postcode,hours\nv1,CR0 1,6\n", "text/csv")},
        data={"csrf_token": token},
    )
    swapped = client.post(
        "/swap",
        files={
            "offers_file": (
                "o.csv",
                b"seat,preferred,willing\nPutney,LD,Lab\nRichmond Park,Lab,LD\n",
                "text/csv",
            )
        },
        data={"csrf_token": token, "sims": "300"},
    )
    return {"POST /organisers/allocate": allocated.text, "POST /swap": swapped.text}
