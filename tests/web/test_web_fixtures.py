"""The web tests' own fixtures: a page test is lent one app that a test before it used
(:class:`web_helpers.SharedApp`), only while that app is as a new one would be; any other test
gets a new app; an organiser's password is hashed at Argon2id's cheapest cost."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from web_helpers import ORGANISER, SharedApp, api_login

from psephos.web.storage import Database


def test_a_shared_app_is_lent_again_until_a_test_leaves_it_unlike_a_new_one(
    migrated_sqlite_template: Path, tmp_path: Path
) -> None:
    shared = SharedApp(migrated_sqlite_template, tmp_path)
    url = shared.database_url()
    app = shared.app()
    with TestClient(app) as client:
        assert client.get("/api/swingometer", params={"Lab": 30}).status_code == 200
    assert app.state.heavy.paths  # the swingometer's path is now known as heavy
    shared.release(written=False)
    assert not app.state.heavy.paths  # forgotten: a new app knows no heavy path
    assert shared.database_url() == url and shared.app() is app  # lent again
    shared.release(written=True)  # a test wrote a table: the next gets a new app and database
    assert shared.database_url() != url and shared.app() is not app
    app = shared.app()
    app.state.night_summaries = {}  # a test left something in the app's state
    shared.release(written=False)
    assert shared.database_url() and shared.app() is not app
    with shared.app().state.heavy.slot("testclient"):  # a test ends holding a heavy slot
        shared.release(written=False)
        assert shared.database_url() and not shared.app().state.heavy.full_for("testclient")
    shared.close()


def test_a_page_test_is_lent_the_shared_app(client: TestClient, _shared_app: SharedApp) -> None:
    assert client.app is _shared_app.app()  # type: ignore[attr-defined]
    assert client.get("/elections/2024").status_code == 200


def test_a_test_that_takes_the_app_gets_a_new_one(app: FastAPI, _shared_app: SharedApp) -> None:
    assert _shared_app.url != app.state.settings.database_url


@pytest.mark.storage
def test_a_test_of_what_the_app_stores_gets_a_new_app_and_database(
    client: TestClient, database_url: str, _shared_app: SharedApp
) -> None:
    assert _shared_app.url != database_url
    assert client.app.state.settings.database_url == database_url  # type: ignore[attr-defined]


@pytest.mark.storage
def test_the_organisers_password_is_hashed_at_the_cheapest_cost(
    client: TestClient, database_url: str, organiser: str
) -> None:
    database = Database(database_url)
    with database.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT password_hash FROM organisers WHERE username = :name"),
            {"name": ORGANISER},
        ).scalar_one()
    database.dispose()
    assert stored.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert api_login(client)  # and the app logs the organiser in with it
