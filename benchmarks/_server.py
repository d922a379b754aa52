"""Start the web app for a load benchmark: one uvicorn worker on a free loopback port (the one
place the web benchmarks start a server)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    database_url: str,
    *,
    env: dict[str, str] | None = None,
    quiet: bool = False,
    timeout: float = 300.0,
    workers: int = 1,
) -> tuple[subprocess.Popen[bytes], str, float]:
    """``uvicorn psephos.web.asgi:app`` (``workers`` processes) with rate limiting off (plus
    ``env``); returns the
    process, its URL and the seconds until ``/healthz`` answered.

    Raises:
        RuntimeError: the server did not answer within ``timeout`` seconds (it is killed).
    """
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "psephos.web.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            "--workers",
            str(workers),
        ],
        env={
            **os.environ,
            "PSEPHOS_DATABASE_URL": database_url,
            "PSEPHOS_RATE_LIMIT": "0",
            **(env or {}),
        },
        stderr=subprocess.DEVNULL if quiet else None,
    )
    url = f"http://127.0.0.1:{port}"
    while time.perf_counter() - started < timeout:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url, time.perf_counter() - started
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start")
