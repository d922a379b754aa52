"""The FastAPI application factory.

Pages are server-rendered with Jinja2 (autoescaping on) and every page has a JSON twin under
``/api`` that calls the same functions in :mod:`psephos.web.services`. Route modules live in
:mod:`psephos.web.routes`; any module there exposing ``router`` (and optionally ``NAV``) is
included automatically, so new pages slot in without editing this file. A module may also
give some of its paths a larger body limit than :data:`MAX_BODY_BYTES` (``BODY_LIMITS``: path
-> bytes) and a form page a way to show itself again when its upload is over the limit
(``TOO_LARGE_PAGES``: path -> a function of the request and the refusal, answering the page or
``None`` for the plain error page).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware

import psephos
from psephos import jurisdictions
from psephos.bounds import NUMBER_BOUNDS
from psephos.columns import column_meaning
from psephos.errors import PsephosError
from psephos.government import threshold_words
from psephos.numbers import (
    counted,
    format_column,
    format_number,
    listed,
    one_in,
    ordinal,
    points_column,
    seat_range,
)
from psephos.terms import term_meaning
from psephos.web import notfound, routes, services
from psephos.web.charts import SeatBars, SeatCurves, chart_box, seat_ticks
from psephos.web.context import (
    NavItem,
    default_election,
    error_status,
    is_api,
    nav_order,
    page_again,
    page_message,
    page_time,
    refuse_repeated_query,
    refuse_unknown_form,
    refuse_unknown_query,
    render,
    request_fields,
)
from psephos.web.limits import (
    AccessLogMiddleware,
    BodyLimitMiddleware,
    DatabaseRateLimiter,
    HeadMiddleware,
    HeavyGateMiddleware,
    HeavyLimiter,
)
from psephos.web.schemas import ELECTION_ID_FORM_PATTERN, WHOLE_REQUEST, plain_problems
from psephos.web.security import RateLimitMiddleware, SecurityHeadersMiddleware
from psephos.web.settings import Settings
from psephos.web.storage import Database, upgrade

MAX_BODY_BYTES = 1024 * 1024  # a whole night's declarations as CSV fits


def _route_modules() -> list[Any]:
    modules = []
    for info in sorted(pkgutil.iter_modules(routes.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            modules.append(importlib.import_module(f"{routes.__name__}.{info.name}"))
    return modules


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the web app for ``settings`` (defaults: SQLite file in the working directory).

    Opens the database, runs migrations to head (``settings.migrate_on_startup``), and wires
    sessions, rate limiting, security headers, templates, static files and every route module.
    """
    settings = settings or Settings.from_env()
    database = Database(settings.database_url)
    if settings.migrate_on_startup:
        upgrade(database.engine)
    secret = settings.secret_key or database.secret("session")

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_up:
            # Before the first request is accepted: the first minute is as fast as the rest.
            await run_in_threadpool(services.warm_up)
            await run_in_threadpool(services.warm_advice)
        yield
        database.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="psephos",
        version=psephos.__version__,
        description="First-past-the-post elections in a browser: every page has a JSON twin.",
        docs_url=None,  # /docs is rendered on the server (routes/apidocs.py): no CDN
        redoc_url=None,
        # a parameter of one value sent twice is refused, not read as its last value; one the
        # route does not take is refused, not dropped; so is a form field it does not take
        dependencies=[
            Depends(refuse_repeated_query),
            Depends(refuse_unknown_query),
            Depends(refuse_unknown_form),
        ],
    )
    app.state.settings = settings
    app.state.db = database
    web_root = resources.files("psephos.web")
    app.state.templates = Jinja2Templates(directory=str(web_root.joinpath("templates")))
    app.state.templates.env.autoescape = True  # every .html is escaped anyway; be explicit
    # One number rule for pages, as for the CLI: `{{ x|number('.1f') }}` never shows a
    # non-zero value as 0.0 (a majority of 15 votes is 0.036%) nor zero as -0.0.
    app.state.templates.env.filters["number"] = format_number
    # A table's column by the same rule, as the CLI writes it: `{{ values|number_column(',') }}`
    # writes a column of whole counts whole (7) and one with a fraction in it at one number of
    # places (an STV tally after a transfer: 7.0 beside 3.1).
    app.state.templates.env.filters["number_column"] = format_column
    # A change in a chance as the CLI writes it, in percentage points: `+0.22 pts`; and what a
    # column means in the same words as the legend under the CLI's table.
    app.state.templates.env.filters["points_column"] = points_column
    # A chance as the CLI's tables and sentences write one: `38%`, `about 1 in 2,500`.
    app.state.templates.env.filters["chance"] = one_in
    # A stored time, one way on every page: `{{ v.created_at|when }}` is `2026-12-07 22:30 UTC`.
    app.state.templates.env.filters["when"] = page_time
    # A place in an order: `{{ rank|ordinal }}` is `1st`, `12th`, `22nd`.
    app.state.templates.env.filters["ordinal"] = ordinal
    # A range of seats, one way everywhere: `{{ row.low_90|seat_range(row.high_90) }}`, the
    # ends joined by an en dash (the results night's live JSON carries the text as `range_text`).
    app.state.templates.env.filters["seat_range"] = seat_range
    # A count and its noun, as the CLI's sentences write them: `{{ n|counted('seat') }}` is
    # `1 seat`, `1,147 seats`.
    app.state.templates.env.filters["counted"] = counted
    # A list as the CLI's sentences write one: `{{ parties|listed }}` is `Lab, LD and Green`
    # (`{{ names|listed('or') }}` for a choice), never `Lab and LD and Green`.
    app.state.templates.env.filters["listed"] = listed
    # The working-majority threshold as the govern chart labels it: `{{ 320|threshold_words }}`
    # is `320 votes needed for a working majority` ("working majority" alone is the margin).
    app.state.templates.env.filters["threshold_words"] = threshold_words
    app.state.templates.env.globals["column_meaning"] = column_meaning
    # A term's plain meaning, the same words on every page (_what_this_means.html).
    app.state.templates.env.globals["term_meaning"] = term_meaning
    # A poll box's short placeholder, its whole example the help below (_poll_box.html).
    app.state.templates.env.filters["poll_placeholder"] = services.poll_placeholder
    # Each number box's range, as psephos's options take it: `{{ number_bounds.max_km.high }}`.
    app.state.templates.env.globals["number_bounds"] = NUMBER_BOUNDS
    app.state.templates.env.globals["chart_box"] = chart_box
    # A form box's pattern for an election id, as the schemas check it (declare.html).
    app.state.templates.env.globals["election_id_pattern"] = ELECTION_ID_FORM_PATTERN
    # A bundled election's short name for a narrow table's cell: "2019 (notional)".
    app.state.templates.env.globals["election_short_name"] = jurisdictions.election_short_name
    app.state.templates.env.globals["seat_bars"] = SeatBars
    app.state.templates.env.globals["seat_curves"] = SeatCurves
    app.state.templates.env.globals["seat_ticks"] = seat_ticks
    nav: list[NavItem] = []
    body_limits: dict[str, int] = {}
    app.state.too_large_pages = {}
    for module in _route_modules():
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(router)
        nav.extend(getattr(module, "NAV", ()))
        body_limits.update(getattr(module, "BODY_LIMITS", {}))
        app.state.too_large_pages.update(getattr(module, "TOO_LARGE_PAGES", {}))
    app.state.nav = sorted(nav, key=nav_order)
    app.mount("/static", StaticFiles(directory=str(web_root.joinpath("static"))), name="static")

    _install_error_handlers(app)
    # Middleware: the last added runs first. Order on the way in: headers, body limit,
    # session (decodes the cookie), rate limit (may skip logged-in organisers), app.
    app.state.heavy = HeavyLimiter()
    app.add_middleware(
        RateLimitMiddleware,
        bucket=DatabaseRateLimiter(
            database, settings.rate_limit_per_second, settings.rate_limit_burst
        ),
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie="psephos_session",
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    app.add_middleware(BodyLimitMiddleware, max_body_size=MAX_BODY_BYTES, limits=body_limits)
    app.add_middleware(HeavyGateMiddleware, limiter=app.state.heavy)  # before any decoding
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(GZipMiddleware, minimum_size=1000)  # event streams are left alone
    app.add_middleware(HeadMiddleware)
    app.add_middleware(AccessLogMiddleware)

    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PsephosError)
    async def psephos_error(request: Request, error: PsephosError) -> Response:
        status = error_status(error)
        message = page_message(error)  # command-line options in the web's words
        if is_api(request):
            return JSONResponse({"detail": message}, status_code=status)
        return render(request, "error.html", {"status": status, "message": message}, status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        headers = getattr(error, "headers", None)
        if error.status_code == 404 and notfound.is_unrouted(request):
            return _unrouted(request)
        if is_api(request) or request.url.path.startswith("/static/"):
            return JSONResponse(
                {"detail": error.detail}, status_code=error.status_code, headers=headers
            )
        if error.status_code == 413:  # an upload over the limit: its form again, if it can
            page = request.app.state.too_large_pages.get(request.url.path)
            shown = page(request, str(error.detail)) if page is not None else None
            if shown is not None:
                return shown
        return render(
            request,
            "error.html",
            {"status": error.status_code, "message": str(error.detail)},
            error.status_code,
            headers=headers,
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        errors = error.errors()
        problems = plain_problems(errors, request_fields(request), error.body)
        if is_api(request):
            return JSONResponse({"detail": problems}, status_code=422)
        labels = list(
            dict.fromkeys(
                problem["label"] for problem in problems if problem["label"] != WHOLE_REQUEST
            )
        )
        named = listed(labels)
        return render(
            request,
            "error.html",
            {
                "status": 422,
                "message": f"what you gave{f' for {named}' if labels else ''} was not accepted.",
                "problems": problems,
                "again": page_again(request, errors),
            },
            422,
        )


def _unrouted(request: Request) -> Response:
    """404 for an address no route answers: in JSON, where the endpoints are listed; a page
    says there is no page there and offers the way on (the seat search box, the site's
    sections and the addresses it may have meant)."""
    path = request.url.path
    routes = request.app.routes
    if is_api(request):
        return JSONResponse({"detail": notfound.no_endpoint(routes, path)}, status_code=404)
    election_id = default_election(request)
    return render(
        request,
        "not_found.html",
        {
            "message": notfound.no_page(path),
            "suggestions": notfound.suggested_paths(routes, path),
            "example_seat": services.example_seat(election_id),
        },
        404,
    )
