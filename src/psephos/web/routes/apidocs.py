"""Offline API documentation: the OpenAPI description rendered on the server (no CDN, no
JavaScript), so ``/docs`` works on a machine without internet access."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from psephos.web.context import NavItem, render

router = APIRouter()
#: Where the JSON endpoints are listed (the 404 of an unknown ``/api`` address says so).
DOCS_PATH = "/docs"
NAV = (NavItem("API", DOCS_PATH, order=95),)

_METHODS = ("get", "post", "put", "delete", "patch")
# A docstring's reStructuredText: a role (:func:`~psephos.x`) and inline code (``psephos x``).
_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")
_INLINE_CODE = re.compile(r"``(.+?)``", re.DOTALL)


def plain(text: str) -> str:
    """A docstring's text as a reader sees it: its reStructuredText roles and inline-code
    quotes taken away (``:func:`psephos.x``` and ````--election```` read ``psephos.x`` and
    ``--election``); the page showed them as typed."""
    return _INLINE_CODE.sub(r"\1", _ROLE.sub(r"\1", text))


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of an OpenAPI document as plain rows for the template."""
    rows = []
    for path, item in sorted(schema.get("paths", {}).items()):
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": plain(operation.get("summary", "")),
                    "description": plain(operation.get("description", "")),
                    "parameters": [
                        {
                            "name": parameter.get("name", ""),
                            "where": parameter.get("in", ""),
                            "required": bool(parameter.get("required")),
                            "description": plain(parameter.get("description", "")),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": "requestBody" in operation,
                }
            )
    return rows


@router.get(DOCS_PATH, include_in_schema=False)
def api_docs(request: Request) -> Response:
    """Every JSON endpoint with its parameters, from ``/openapi.json``."""
    schema = request.app.openapi()
    return render(
        request,
        "apidocs.html",
        {"operations": operations(schema), "version": schema.get("info", {}).get("version")},
    )
