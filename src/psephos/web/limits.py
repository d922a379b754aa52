"""Limits shared by every worker, and bounds on heavy work.

* :class:`DatabaseRateLimiter`: at most ``burst`` requests per client in each window of
  ``burst / rate`` seconds, counted in the database (``rate_windows``), so ``--workers 2``
  does not double the limit. One upsert per limited request.
* :class:`HeavyLimiter`: at most ``per_client`` (1) heavy computations (projections,
  forecasts, uncached advice) at once per client and ``total`` (half the cores) at once in the
  process; beyond that the
  answer is 503 with ``Retry-After``, so one client cannot queue work that delays everyone's
  cheap lookups.
* :func:`run_heavy`: a heavy computation run in the thread pool under its slot, as every
  heavy page and JSON endpoint runs one.
* :class:`HeavyGateMiddleware`: refuses those heavy requests before routing when their slot
  would be refused, so a flood of refusals stays cheap.
* :class:`AccessLogMiddleware`: one line per request on the ``psephos.web.access`` logger
  (method, path without the query string, status, milliseconds, client).
* :class:`BodyLimitMiddleware`: a request body over its path's limit is refused with 413
  (:class:`BodyTooLarge`) as the route starts to read it, through the app's own error
  handler: ``{"detail": ...}`` under ``/api``, a page saying the size, the limit and what to
  do elsewhere (Starlette's own limit answered a bare ``text/plain`` "Content Too Large").
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from typing import Any, TypeVar

from fastapi import HTTPException
from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import JSONResponse, PlainTextResponse

from psephos.numbers import format_number
from psephos.web.models import RateWindow
from psephos.web.security import (
    ASGIApp,
    Receive,
    Scope,
    Send,
    client_key,
    is_api_path,
    send_refusal,
)
from psephos.web.storage import Database

ACCESS = logging.getLogger("psephos.web.access")
T = TypeVar("T")


class DatabaseRateLimiter:
    """Fixed-window request counts per client, in the database (see the module docstring)."""

    def __init__(self, database: Database, rate: float, burst: float) -> None:
        self.database = database
        self.rate = rate
        self.limit = max(int(burst), 1)
        self.window_seconds = self.limit / rate if rate > 0 else 1.0
        self._hits = 0

    def allow(self, key: str, *, now: float | None = None) -> tuple[bool, float]:
        """Count one request for ``key``; returns (allowed, seconds until the next window)."""
        if self.rate <= 0:
            return True, 0.0
        now = time.time() if now is None else now
        window = int(now // self.window_seconds)
        dialect = postgresql if self.database.backend == "postgresql" else sqlite
        statement = (
            dialect.insert(RateWindow)
            .values(key=key[:120], window=window, count=1, updated=now)
            .on_conflict_do_update(
                index_elements=["key", "window"],
                set_={"count": RateWindow.count + 1, "updated": now},
            )
            .returning(RateWindow.count)
        )
        with self.database.session(write=True) as session:
            count = int(session.execute(statement).scalar_one())
            self._hits += 1
            if self._hits % 1000 == 0:  # forget old windows now and then
                session.execute(delete(RateWindow).where(RateWindow.window < window - 1))
        wait = (window + 1) * self.window_seconds - now
        return count <= self.limit, wait


class HeavyLimiter:
    """Concurrency limits on heavy computations, per client and in total."""

    def __init__(self, total: int | None = None, per_client: int = 1) -> None:
        # Half the cores at most: the other half stays free for cheap lookups.
        self.total = total or max(1, (os.cpu_count() or 2) // 2)
        self.per_client = per_client
        self._running: dict[str, int] = {}
        self._lock = threading.Lock()
        #: Paths that have asked for a slot: :class:`HeavyGateMiddleware` refuses them early.
        self.paths: set[str] = set()

    def _refusal(self, client: str) -> str | None:
        """Who is full (``"you have"``, ``"the server has"``) or ``None``; hold the lock."""
        if self._running.get(client, 0) >= self.per_client:
            return "you have"
        if sum(self._running.values()) >= self.total:
            return "the server has"
        return None

    def full_for(self, client: str) -> bool:
        """Whether a slot request from ``client`` would be refused now (the slot itself still
        decides). Under the lock: worker threads change the counts while the loop reads them."""
        with self._lock:
            return self._refusal(client) is not None

    @contextmanager
    def slot(self, client: str, path: str | None = None) -> Iterator[None]:
        """Hold a slot for the computation, or raise 503 with ``Retry-After``."""
        if path is not None:
            self.paths.add(path)
        with self._lock:
            who = self._refusal(client)
            if who is not None:
                raise HTTPException(
                    status_code=503,
                    detail=f"Busy: {who} too many heavy requests running; try again shortly.",
                    headers={"Retry-After": "2"},
                )
            self._running[client] = self._running.get(client, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._running.get(client, 1) - 1
                if left:
                    self._running[client] = left
                else:
                    self._running.pop(client, None)


def heavy_slot(request: Any, *, gate: bool = True) -> Any:
    """The app's heavy-work slot for this request's client (a context manager).

    ``gate``: every request to this path takes a slot, so :class:`HeavyGateMiddleware` may
    refuse it before routing; ``False`` for a route that answers from a cache first and takes
    a slot only to compute (a busy client still gets its cached answers there).
    """
    limiter: HeavyLimiter = request.app.state.heavy
    return limiter.slot(client_key(request.scope), request.scope.get("path") if gate else None)


async def run_heavy(request: Any, compute: Callable[[], T], *, gate: bool = True) -> T:
    """``compute()`` run in the thread pool while this request's client holds a heavy slot
    (:func:`heavy_slot`, ``gate`` as there), so the event loop keeps answering cheap lookups.

    Raises:
        HTTPException: 503 with ``Retry-After`` when the slot is refused (nothing is run).
    """
    with heavy_slot(request, gate=gate):
        return await run_in_threadpool(compute)


BUSY_DETAIL = "The server is busy with heavy pages; try again in a moment."


class HeavyGateMiddleware:
    """Refuses a heavy request (a path that has asked :class:`HeavyLimiter` for a slot before)
    with 503 and ``Retry-After`` before routing, when its slot would be refused anyway.

    The refusal then costs a few microseconds instead of a routed request, so a client that
    floods a heavy endpoint cannot fill the event loop with refusals while others wait.
    """

    def __init__(self, app: ASGIApp, limiter: HeavyLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope.get("path") in self.limiter.paths
            and self.limiter.full_for(client_key(scope))
        ):
            await send_refusal(send, 503, BUSY_DETAIL, retry_after=2, scope=scope)
            return
        await self.app(scope, receive, send)


class HeadMiddleware:
    """Answers ``HEAD`` for every ``GET`` route: the GET response without its body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class AccessLogMiddleware:
    """Logs every request (no query strings: they may hold postcodes)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        if not ACCESS.handlers and not logging.getLogger().handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
            ACCESS.addHandler(handler)
            logging.getLogger("psephos.web.audit").addHandler(handler)
        ACCESS.setLevel(logging.INFO)
        logging.getLogger("psephos.web.audit").setLevel(logging.INFO)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            ACCESS.info(
                '%s "%s %s" %d %.1fms',
                client_key(scope),
                scope.get("method", ""),
                scope.get("path", ""),
                status,
                (time.perf_counter() - started) * 1000,
            )


#: Bytes in a megabyte, as the limits are said.
MEGABYTE = 1024 * 1024


def too_large(size: int | None, limit: int) -> str:
    """The refusal of a request body of ``size`` bytes (``None``: not declared, counted as it
    came) over its path's ``limit``: the size, the limit and what to do."""
    sent = f"is {format_number(size / MEGABYTE, '.2f')} MB" if size is not None else "is larger"
    return (
        f"The upload {sent}, over this page's limit of {format_number(limit / MEGABYTE, 'g')} "
        "MB: delete the columns psephos does not read (notes, comments, addresses, phone "
        "numbers) and send it again, or use the command line, which reads a file of any size."
    )


class BodyTooLarge(HTTPException):
    """A request body over its path's limit (:class:`BodyLimitMiddleware`): 413 with
    :func:`too_large`'s message. An HTTP error, so the route's body reading passes it on to
    the app's error handler (JSON under ``/api``, a page elsewhere)."""

    def __init__(self, size: int | None, limit: int) -> None:
        super().__init__(status_code=413, detail=too_large(size, limit))


class BodyLimitMiddleware:
    """Caps request bodies: ``max_body_size`` bytes, or the larger limit ``limits`` gives a
    path (the volunteer allocation's uploads: a CRM export of thousands of rows with a notes
    column). A body declared larger (``Content-Length``) is refused when the route first
    reads it, one that grows larger as it is read; nothing beyond the limit is read."""

    def __init__(
        self, app: ASGIApp, max_body_size: int, limits: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_body_size = max_body_size
        self.limits = dict(limits or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        limit = self.limits.get(path, self.max_body_size)
        declared = _content_length(scope)
        received = 0
        started = False

        async def receive_within() -> MutableMapping[str, Any]:
            nonlocal received
            if declared is not None and declared > limit:
                raise BodyTooLarge(declared, limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(None, limit)
            return message

        async def send_started(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive_within, send_started)
        except BodyTooLarge as error:  # read outside a route (its handler answers there)
            if started:
                raise
            answer = (
                JSONResponse({"detail": error.detail}, status_code=413)
                if is_api_path(path)
                else PlainTextResponse(str(error.detail), status_code=413)
            )
            await answer(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    """The body's declared length, ``None`` where the request declares none (or not a
    number)."""
    value = Headers(scope=scope).get("content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
