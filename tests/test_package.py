"""The package itself: its version comes from the installed metadata (pyproject.toml)."""

from __future__ import annotations

from importlib.metadata import version

import psephos


def test_version_is_the_installed_metadata() -> None:
    assert psephos.__version__ == version("psephos")
