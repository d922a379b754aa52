"""The psephos web app: FastAPI, server-rendered pages with JSON twins, SQLAlchemy storage.

Start it with ``psephos serve`` or build it in code::

    from psephos.web import Settings, create_app
    app = create_app(Settings(database_url="sqlite:///psephos-web.sqlite"))
"""

from psephos.web.app import create_app
from psephos.web.settings import Settings

__all__ = ["Settings", "create_app"]
