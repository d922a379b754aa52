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
