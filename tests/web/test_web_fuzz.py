"""Schemathesis against the app's OpenAPI spec: no generated request may cause a 500.

Runs anonymously and as a logged-in organiser (session cookie + CSRF header), on SQLite.
``PSEPHOS_FUZZ_EXAMPLES`` sets the examples per operation (default 25).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from web_helpers import add_organiser, api_login, make_settings

from psephos.web import create_app

EXAMPLES = int(os.environ.get("PSEPHOS_FUZZ_EXAMPLES", "25"))


_DIRECTORY = tempfile.TemporaryDirectory(prefix="psephos-fuzz-")
_URL = f"sqlite:///{Path(_DIRECTORY.name) / 'fuzz.sqlite'}"
# Schemathesis reads the schema when the module is collected, so the app is built here.
APP = create_app(make_settings(_URL))
add_organiser(_URL)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def fuzz_app() -> Iterator[FastAPI]:
    yield APP
    APP.state.db.dispose()


@pytest.fixture(scope="module")
def organiser_headers(fuzz_app: FastAPI) -> dict[str, str]:
    with TestClient(fuzz_app) as client:
        token = api_login(client)
        cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    return {"Cookie": cookie, "X-CSRF-Token": token}


FUZZ = settings(
    max_examples=EXAMPLES,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.mark.slow
@schema.parametrize()
@FUZZ
def test_no_server_errors_anonymous(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error])


@pytest.mark.slow
@schema.parametrize()
@FUZZ
def test_no_server_errors_as_organiser(case: Any, organiser_headers: dict[str, str]) -> None:
    case.call_and_validate(headers=organiser_headers, checks=[not_a_server_error])


def test_openapi_spec_lists_every_json_twin(fuzz_app: FastAPI) -> None:
    with TestClient(fuzz_app) as client:
        paths = set(client.get("/openapi.json").json()["paths"])
    for path in (
        "/api/elections/{election}",
        "/api/elections/{election}/map",
        "/api/seats/{code}",
        "/api/marginals",
        "/api/nearest",
        "/api/volunteers",
        "/api/declarations",
        "/api/results-night",
        "/api/scenarios",
        "/api/scenarios/{slug}",
        "/api/count-ballots",
        "/api/swap",
        "/api/poll-average",
        "/api/tactical-audit",
        "/api/login",
        "/api/organisers/volunteers",
    ):
        assert path in paths
    assert Path(__file__).exists()
