"""Offline API documentation: the OpenAPI description rendered on the server (no CDN, no
JavaScript), so ``/docs`` works on a machine without internet access."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from psephos.web.context import NavItem, render

router = APIRouter()
NAV = (NavItem("API", "/docs", order=95),)

_METHODS = ("get", "post", "put", "delete", "patch")


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
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter.get("name", ""),
                            "where": parameter.get("in", ""),
                            "required": bool(parameter.get("required")),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": "requestBody" in operation,
                }
            )
    return rows


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request) -> Response:
    """Every JSON endpoint with its parameters, from ``/openapi.json``."""
    schema = request.app.openapi()
    return render(
        request,
        "apidocs.html",
        {"operations": operations(schema), "version": schema.get("info", {}).get("version")},
    )
