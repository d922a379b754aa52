"""Run the web app in a real uvicorn process on a free loopback port.

The one place that starts the app as a separate process: the browser, crash and session tests
and the load benchmarks all use :class:`LocalServer` (``psephos serve`` runs uvicorn in its own
process instead)::

    with LocalServer("sqlite:///night.sqlite") as server:
        urllib.request.urlopen(f"{server.url}/healthz")
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from types import TracebackType
from typing import IO


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    """Whether ``url`` answers 200 within a second."""
    try:
        with urllib.request.urlopen(url, timeout=1.0) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


class LocalServer:
    """``uvicorn psephos.web.asgi:app`` in a subprocess, rate limiting off unless ``env`` says.

    Args:
        database_url: the store (``PSEPHOS_DATABASE_URL``).
        port: the port; a free one when omitted.
        workers: uvicorn worker processes.
        env: further environment variables (they win over the defaults).
        quiet: discard the server's error output; otherwise it goes to a temporary file (never
            an unread pipe, which would block the server once the app's per-request log filled
            it), shown if the server exits or does not answer, and readable with :meth:`log`.
    """

    def __init__(
        self,
        database_url: str,
        *,
        port: int | None = None,
        workers: int = 1,
        env: dict[str, str] | None = None,
        quiet: bool = False,
    ) -> None:
        self.database_url = database_url
        self.port = port or free_port()
        self.workers = workers
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "PSEPHOS_DATABASE_URL": database_url,
            "PSEPHOS_RATE_LIMIT": "0",
            **(env or {}),
        }
        self.quiet = quiet
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.seconds_to_ready = float("nan")

    def start(self, timeout: float = 60.0) -> LocalServer:
        """Start the process and wait until ``/healthz`` answers 200.

        Raises:
            RuntimeError: the process exited, or did not answer within ``timeout`` seconds
                (it is then stopped).
        """
        started = time.perf_counter()
        self._log = None if self.quiet else tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop)
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
                "--no-access-log",
                *(["--workers", str(self.workers)] if self.workers > 1 else []),
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL if self._log is None else self._log,
        )
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.log()}")
            if _answers(f"{self.url}/healthz"):
                self.seconds_to_ready = time.perf_counter() - started
                return self
            time.sleep(0.1)
        log = self.log()
        self.stop()
        raise RuntimeError(f"server did not answer within {timeout:g} s: {log}")

    def log(self, limit: int = 8_000) -> str:
        """The last ``limit`` characters of the server's error output so far (``""`` when
        ``quiet`` or not started)."""
        if self._log is None:
            return ""
        # pread, not seek + read: the server writes through the same open file, and a seek
        # here would move where its next line goes.
        size = os.fstat(self._log.fileno()).st_size
        start = max(0, size - 4 * limit)
        text = os.pread(self._log.fileno(), size - start, start).decode(errors="replace")
        return text[-limit:]

    def kill(self) -> None:
        """SIGKILL the process (no clean shutdown)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop the process politely, then firmly."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
