"""Every route of the app is exercised by some test in this folder (a guard for new pages)."""

from __future__ import annotations

import re
from pathlib import Path

from web_helpers import make_settings

from psephos.web import create_app
from psephos.web.notfound import api_routes

HERE = Path(__file__).resolve().parent
EXEMPT = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def test_every_route_is_requested_by_a_test(sqlite_url: str) -> None:
    app = create_app(make_settings(sqlite_url))
    # the tests and the helpers' page lists they request (web_helpers: every page the
    # accessibility and form tests render)
    files = [*HERE.glob("test_web_*.py"), HERE / "web_helpers.py"]
    sources = "\n".join(path.read_text(encoding="utf-8") for path in files)
    missing = []
    routes = list(api_routes(app.routes))
    assert len(routes) > 50  # every router's routes, not only the app's own
    for route in routes:
        if route.path in EXEMPT:
            continue
        pattern = re.escape(route.path)
        # a value, or an f-string's placeholder (``{first['id']}``)
        pattern = re.sub(r"\\\{[a-z_]+\\\}", r"(?:\\{[^}]*\\}|[^/?\"'])+", pattern)
        if route.path == "/":
            pattern = r"/\"|/\)|\{server\.base_url\}/\""
        if not re.search(r"[\"'f{}]" + pattern + r"(?:[?\"'])", sources) and not re.search(
            r"\"" + pattern, sources
        ):
            missing.append(route.path)
    app.state.db.dispose()
    assert missing == []
