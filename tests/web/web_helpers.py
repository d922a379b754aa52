"""Helpers shared by the web tests (imported by conftest.py and the test modules)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from psephos.web import Settings
from psephos.web.storage import Database, normalise_url
from psephos.web.store import set_organiser

POSTGRES_ENV = "PSEPHOS_TEST_POSTGRES_URL"
ORGANISER = "organiser1"
PASSWORD = "correct horse battery staple"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def reset_postgres(url: str) -> None:
    """Empty the test database (drop and recreate the public schema)."""
    engine = create_engine(normalise_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


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


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A real uvicorn server running the app in a subprocess."""

    def __init__(
        self, database_url: str, port: int | None = None, workers: int = 1, **env: str
    ) -> None:
        self.database_url = database_url
        self.workers = workers
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "PSEPHOS_DATABASE_URL": database_url,
            "PSEPHOS_SECRET_KEY": "test-secret-key-not-for-production",
            "PSEPHOS_RATE_LIMIT": "0",
            "PSEPHOS_WARM_UP": "0",
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> Server:
        """Start uvicorn and wait until /healthz answers."""
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "psephos.web.asgi:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                *(["--workers", str(self.workers)] if self.workers > 1 else []),
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                stderr = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"server exited with {self.process.returncode}: {stderr}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not start in time")

    def kill(self) -> None:
        """SIGKILL the server (no clean shutdown)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop the server politely, then firmly."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()


def open_night(
    client: TestClient | httpx.Client, token: str, election: str = "next", base: str | None = None
) -> None:
    """Open a results night (declarations for ``election`` are refused until this)."""
    body: dict[str, str] = {"id": election, "name": f"Night {election}"}
    if base:
        body["base"] = base
    response = client.post("/api/results-elections", json=body, headers={"X-CSRF-Token": token})
    assert response.status_code == 200, response.text
