"""The one subprocess starter of the web app (psephos.web.launch), used by tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from psephos.web.launch import LocalServer, free_port


def test_local_server_answers_and_stops(tmp_path: Path) -> None:
    server = LocalServer(
        f"sqlite:///{tmp_path / 'launch.sqlite'}",
        env={"PSEPHOS_WARM_UP": "0", "PSEPHOS_SECRET_KEY": "launch-test-secret"},
    )
    with server:
        assert server.seconds_to_ready > 0
        assert httpx.get(f"{server.url}/healthz", timeout=5).status_code == 200
        process = server.process
    assert process is not None and process.poll() is not None


def test_local_server_reports_a_process_that_exits(tmp_path: Path) -> None:
    server = LocalServer("notadatabase://nowhere", port=free_port(), env={"PSEPHOS_WARM_UP": "0"})
    with pytest.raises(RuntimeError, match="server exited"):
        server.start(timeout=60)
    server.stop()


def test_local_server_keeps_answering_past_a_pipe_full_of_log(tmp_path: Path) -> None:
    """The app logs a line per request; a server that is not ``quiet`` keeps that output for a
    failed start, and must not stop answering once it outgrows a pipe's buffer (64 KB, about
    800 lines): 2,000 requests, each allowed 10 seconds. Each request opens its own connection:
    on a kept-alive one, a request the client sends just as the server closes it for idling
    (a loaded machine can pause the client past the server's 5-second keep-alive) is dropped,
    a race of HTTP keep-alive that says nothing of the log; a server that stops answering still
    fails here, refusing the next connection."""
    server = LocalServer(
        f"sqlite:///{tmp_path / 'log.sqlite'}",
        env={"PSEPHOS_WARM_UP": "0", "PSEPHOS_SECRET_KEY": "launch-test-secret"},
    )
    fresh = httpx.Limits(max_keepalive_connections=0)
    with server, httpx.Client(base_url=server.url, timeout=10, limits=fresh) as client:
        statuses = {client.get("/healthz").status_code for _ in range(2_000)}
    assert statuses == {200}


def test_local_server_shows_the_error_output_of_a_failed_start() -> None:
    server = LocalServer("notadatabase://nowhere", port=free_port(), env={"PSEPHOS_WARM_UP": "0"})
    with pytest.raises(RuntimeError, match="notadatabase"):
        server.start(timeout=60)
    server.stop()
