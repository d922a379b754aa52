"""Site furniture: the favicon (so browsers asking for ``/favicon.ico`` get an icon, not a 404)."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import Response

router = APIRouter()

_FAVICON = resources.files("psephos.web").joinpath("static", "favicon.svg").read_bytes()


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """The site icon (SVG; every current browser accepts it at this path)."""
    return Response(
        _FAVICON,
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=86400"},
    )
