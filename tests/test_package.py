"""The package itself: its version comes from the installed metadata (pyproject.toml), and its
packages import their modules on first use."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import psephos


def test_version_is_the_installed_metadata() -> None:
    assert psephos.__version__ == version("psephos")


def test_capability_packages_import_their_names_on_first_use() -> None:
    """``psephos.projection`` and ``psephos.targeting`` import a module when one of its names is
    first asked for (:func:`psephos._lazy.lazy_names`), every public name is there, and a name
    that is also its module's (``project``, ``backtest``) stays the function even where the
    module was imported first."""
    script = (
        "import sys\n"
        "import psephos.projection, psephos.targeting\n"
        "assert 'psephos.projection.models' not in sys.modules\n"
        "assert 'psephos.targeting.turnout' not in sys.modules\n"
        "from psephos.projection.project import Projection\n"
        "import psephos.projection.backtest\n"
        "from psephos.projection import DEFAULT_MODEL, backtest, project\n"
        "assert callable(project) and project.__name__ == 'project', project\n"
        "assert callable(backtest) and psephos.projection.backtest is backtest\n"
        "for package in (psephos.projection, psephos.targeting):\n"
        "    assert all(getattr(package, name) is not None for name in package.__all__)\n"
        "    assert set(package.__all__) <= set(dir(package))\n"
        "print(DEFAULT_MODEL)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "national"
