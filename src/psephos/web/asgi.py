"""ASGI entry point: ``uvicorn psephos.web.asgi:app`` (settings from ``PSEPHOS_*`` variables)."""

from psephos.web.app import create_app

app = create_app()
