"""What the app says of an address that no route answers: the page that says there is no page
there and offers the way on, and the JSON that says there is no such endpoint; each names the
addresses of the site's sections it may have meant (``/elecions/2024``: ``/elections/2024``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from fastapi import Request
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Match

from psephos.errors import closest, did_you_mean
from psephos.web.routes.apidocs import DOCS_PATH
from psephos.web.security import is_api_path

#: The shortest section offered: a short link's part (``/s/`` of a saved scenario) is close to
#: every address and is no section anyone mistypes.
MIN_SECTION = 3


def is_unrouted(request: Request) -> bool:
    """Whether no route answers the request's path: Starlette's router found none (it sets no
    ``route`` in the scope), as against a route's own "not found" (a seat, a night) and the
    static files' (answered by themselves)."""
    return request.scope.get("route") is None and not request.url.path.startswith("/static/")


def api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """The app's routes (``app.routes``), those of its included routers too: FastAPI keeps an
    included router as one entry holding its ``original_router``."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from api_routes(included.routes)


def _parts(path: str) -> tuple[str, str, str]:
    """``path``'s prefix (``/api/`` or ``/``), its section (the part after the prefix) and the
    rest, with its slash."""
    prefix = "/api/" if is_api_path(path) else "/"
    typed, slash, rest = path.removeprefix(prefix.rstrip("/")).lstrip("/").partition("/")
    return prefix, typed, slash + rest


def _answers(routes: Iterable[BaseRoute], path: str) -> bool:
    scope = {"type": "http", "path": path, "root_path": "", "method": "GET"}
    return any(route.matches(scope)[0] is Match.FULL for route in routes)


def nearby_paths(routes: Iterable[BaseRoute], path: str) -> dict[str, str]:
    """The addresses ``path`` may have meant, by the section each puts in place of its first
    part (under ``/api/``, its part after that): every section of the site's routes (the first
    part of each address they answer) put there, kept where a route answers the address it
    makes (``/seat/E14001303``: ``seats`` for ``/seats/E14001303``); a section is at least
    :data:`MIN_SECTION` long."""
    routes = list(routes)
    prefix, typed, rest = _parts(path)
    sections = {
        route_path.removeprefix(prefix).split("/")[0]
        for route_path in (
            route.path for route in api_routes(routes) if "GET" in (route.methods or ())
        )
        if route_path.startswith(prefix)
    }
    candidates = {
        section: f"{prefix}{section}{rest}"
        for section in sorted(sections)
        if len(section) >= MIN_SECTION and "{" not in section and section not in ("api", typed)
    }
    return {
        section: candidate
        for section, candidate in candidates.items()
        if _answers(routes, candidate)
    }


def suggested_paths(routes: Iterable[BaseRoute], path: str) -> list[str]:
    """The addresses a page with no route offers as links (:func:`nearby_paths`), closest
    first (:func:`psephos.errors.closest`)."""
    nearby = nearby_paths(routes, path)
    typed = _parts(path)[1]
    return [nearby[section] for section in closest(typed, nearby)] if typed else []


def no_page(path: str) -> str:
    """The sentence of the page for an address no route answers."""
    return f"There is no page at {path}."


def no_endpoint(routes: Iterable[BaseRoute], path: str) -> str:
    """The JSON ``detail`` for an ``/api`` address no route answers: where the endpoints are
    listed, and the endpoints it may have meant (:func:`psephos.errors.did_you_mean`)."""
    nearby = nearby_paths(routes, path)
    typed = _parts(path)[1]
    return f"No API endpoint at {path}; the endpoints are listed at {DOCS_PATH}." + (
        did_you_mean(typed, nearby) if typed else ""
    )
