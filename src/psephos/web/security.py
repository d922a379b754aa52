"""Passwords, sessions, CSRF tokens and rate limiting.

* Passwords are hashed with Argon2id (argon2-cffi defaults, RFC 9106 parameters).
* Sessions live in a cookie signed with an HMAC (itsdangerous via Starlette's
  ``SessionMiddleware``); the cookie holds only the organiser id and the CSRF token.
* CSRF: one random token per session ("synchroniser token" pattern, OWASP CSRF cheat sheet);
  every HTML form carries it in a hidden field, JSON posts made with a session cookie send it in
  the ``X-CSRF-Token`` header. Compared in constant time.
* Rate limiting: an in-process token bucket per client address (each request costs one token;
  tokens refill at ``rate`` per second up to ``burst``).
"""

from __future__ import annotations

import hmac
import html
import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

#: The login audit log (logins, failures, logouts, password changes; never passwords).
AUDIT = logging.getLogger("psephos.web.audit")

_HASHER = PasswordHasher()
#: A real hash to verify against when the username is unknown, so timing does not tell.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))

CSRF_SESSION_KEY = "csrf"
CSRF_FORM_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
#: The fewest characters of an organiser's password (``psephos serve --create-organiser`` and
#: the password change alike: :func:`password_problem`).
MIN_PASSWORD_LENGTH = 12
#: The shortest and longest organiser name (:func:`organiser_name_problem`; the login form
#: takes no longer one).
MIN_ORGANISER_NAME, MAX_ORGANISER_NAME = 3, 40
_ORGANISER_NAME = re.compile(rf"[A-Za-z0-9_.-]{{{MIN_ORGANISER_NAME},{MAX_ORGANISER_NAME}}}")


def organiser_name_problem(username: str) -> str:
    """Why ``username`` cannot name an organiser, in one line, or ``""``: the one rule,
    :data:`MIN_ORGANISER_NAME` to :data:`MAX_ORGANISER_NAME` letters, digits, '.', '_' or
    '-'."""
    if _ORGANISER_NAME.fullmatch(username):
        return ""
    return (
        f"Organiser name {username!r} must be {MIN_ORGANISER_NAME}-{MAX_ORGANISER_NAME} "
        "letters, digits, '.', '_' or '-'."
    )


def password_problem(password: str) -> str:
    """Why ``password`` cannot be an organiser's, in one line, or ``""``: shorter than
    :data:`MIN_PASSWORD_LENGTH`."""
    if len(password) >= MIN_PASSWORD_LENGTH:
        return ""
    return f"The password must be at least {MIN_PASSWORD_LENGTH} characters long."


def hash_password(password: str) -> str:
    """Argon2id hash of ``password``."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (constant work when the hash is None)."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The session's CSRF token, created on first use."""
    token = session.get(CSRF_SESSION_KEY)
    if not isinstance(token, str) or len(token) < 20:
        token = secrets.token_urlsafe(32)
        session[CSRF_SESSION_KEY] = token
    return token


def csrf_valid(session: MutableMapping[str, Any], supplied: str | None) -> bool:
    """Whether ``supplied`` equals the session's token (constant-time comparison)."""
    expected = session.get(CSRF_SESSION_KEY)
    if not isinstance(expected, str) or not supplied:
        return False
    return hmac.compare_digest(expected.encode(), supplied.encode())


class TokenBucket:
    """Per-key token buckets: ``rate`` tokens per second, at most ``burst`` stored.

    Thread-safe; keys idle long enough to have refilled are forgotten once more than
    ``max_keys`` are held, so memory stays bounded.
    """

    def __init__(self, rate: float, burst: float, *, max_keys: int = 10_000) -> None:
        self.rate = rate
        self.burst = max(burst, 1.0)
        self.max_keys = max_keys
        self._buckets: dict[Any, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: Any, *, now: float | None = None) -> tuple[bool, float]:
        """Take one token for ``key``; returns (allowed, seconds until a token is free)."""
        if self.rate <= 0:
            return True, 0.0
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                allowed, wait = True, 0.0
            else:
                self._buckets[key] = (tokens, now)
                allowed, wait = False, (1.0 - tokens) / self.rate
            if len(self._buckets) > self.max_keys:
                self._forget_full(now)
        return allowed, wait

    def _forget_full(self, now: float) -> None:
        full_after = self.burst / self.rate
        for key, (_tokens, last) in list(self._buckets.items()):
            if now - last >= full_after:
                del self._buckets[key]


Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def client_key(scope: Scope) -> str:
    """The client address of a request (the socket peer; proxies are not trusted)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class RateLimitMiddleware:
    """Pure ASGI middleware answering 429 once a client's bucket is empty.

    Static files, the health check and requests from a logged-in organiser (the session must
    be decoded by an outer ``SessionMiddleware``) are not limited.
    """

    def __init__(self, app: ASGIApp, bucket: Any) -> None:
        self.app = app
        self.bucket = bucket  # a TokenBucket, or a DatabaseRateLimiter shared by workers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.bucket.rate <= 0:
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        session = scope.get("session") or {}
        if path.startswith("/static/") or path == "/healthz" or session.get("sid"):
            await self.app(scope, receive, send)
            return
        if isinstance(self.bucket, TokenBucket):
            allowed, wait = self.bucket.allow(client_key(scope))
        else:  # a database round trip: off the event loop
            from starlette.concurrency import run_in_threadpool

            allowed, wait = await run_in_threadpool(self.bucket.allow, client_key(scope))
        if allowed:
            await self.app(scope, receive, send)
            return
        await send_refusal(
            send,
            429,
            "Too many requests; slow down.",
            retry_after=max(1, round(wait + 0.5)),
            scope=scope,
        )


def is_api_path(path: str) -> bool:
    """Whether ``path`` is a JSON endpoint (``/api/...``): everything else but static files
    is a page and is answered in HTML, errors included."""
    return path.startswith("/api/") or path == "/api"


_REFUSAL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/style.css"></head>
<body><main><h1>{title}</h1><p>{detail}</p>
<p><a href="{again}">Try again</a> in a moment, or go <a href="/">back to the results</a>.</p>
</main></body></html>
"""


async def send_refusal(
    send: Send, status: int, detail: str, *, retry_after: int, scope: Scope | None = None
) -> None:
    """Answer from a middleware, before routing, with ``Retry-After``: ``{"detail": ...}``, or
    for a page (``scope`` of a path outside ``/api`` and ``/static``) a small HTML page
    saying the same with a link to try again."""
    path = str(scope.get("path", "")) if scope is not None else "/api"
    if is_api_path(path) or path.startswith("/static/"):
        content_type = b"application/json"
        body = json.dumps({"detail": detail}).encode()
    else:
        query = scope.get("query_string", b"").decode("latin-1") if scope is not None else ""
        content_type = b"text/html; charset=utf-8"
        body = _REFUSAL_PAGE.format(
            title="Busy" if status == 503 else "Too many requests",
            detail=html.escape(detail),
            # the same page again (one leading slash: never another host)
            again=html.escape("/" + path.lstrip("/") + (f"?{query}" if query else "")),
        ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(retry_after).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
)


class SecurityHeadersMiddleware:
    """Adds a strict Content-Security-Policy and related headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS:
                    if name not in present and not path.startswith(("/docs", "/redoc")):
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
