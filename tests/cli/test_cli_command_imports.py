"""The forecast and allocate commands load no package they do not use (issue 21: pandas and
SciPy's statistics cost most of a second before the work starts)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path


def _modules_after_command(arguments: list[str]) -> list[str]:
    """Every module a fresh interpreter has imported after running ``psephos ARGS``."""
    script = (
        "import contextlib, io, json, sys\nfrom psephos.cli import main\n"
        f"sys.argv = ['psephos', *{arguments!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    )
    return list(json.loads(done.stdout.splitlines()[-1]))


def _packages_after_command(arguments: list[str]) -> set[str]:
    """Top-level packages a fresh interpreter has imported after running ``psephos ARGS``."""
    modules = _modules_after_command(arguments)
    return {name.split(".")[0] for name in modules} | {
        name for name in modules if name.startswith("scipy.")
    }


def test_forecast_imports_neither_pandas_nor_scipy_stats() -> None:
    loaded = _packages_after_command(
        ["forecast", "--poll", "Lab 40 Con 24 Reform 15 LD 11 Green 6", "--sims", "200"]
    )
    assert "pandas" not in loaded and "pyarrow" not in loaded
    assert "scipy.stats" not in loaded


def test_allocate_imports_neither_pandas_nor_scipy_stats(tmp_path: Path) -> None:
    path = tmp_path / "volunteers.csv"
    path.write_text("id,latitude,longitude,hours\nv1,51.5,-0.12,3\nv2,53.48,-2.24,4\n")
    loaded = _packages_after_command(["allocate", str(path), "-e", "2019", "-f", "json"])
    assert "pandas" not in loaded and "pyarrow" not in loaded
    assert "scipy.stats" not in loaded
    if importlib.util.find_spec("ortools") is not None:  # else the exact LP (SciPy) solves it
        assert "scipy.optimize" not in loaded


def test_allocate_imports_none_of_the_other_commands_modules(tmp_path: Path) -> None:
    """``psephos allocate`` (100,000 volunteers in under 3 s, issue 21) imports the allocation's
    modules alone: not the projection's models (its ``--model`` default is a name), the target
    list's, turnout's or the government's, nor the poll tables' reader."""
    path = tmp_path / "volunteers.csv"
    path.write_text("id,latitude,longitude,hours\nv1,51.5,-0.12,3\nv2,53.48,-2.24,4\n")
    loaded = _modules_after_command(["allocate", str(path), "-e", "2019", "-f", "json"])
    assert "psephos.targeting.allocate" in loaded
    unused = (
        "psephos.projection.models",
        "psephos.projection.project",
        "psephos.projection.polls",
        "psephos.targeting.targets",
        "psephos.targeting.turnout",
        "psephos.targeting.nearest",
        "psephos.government",
        "psephos.charts",
        "psephos.cli.target",
    )
    assert not [name for name in loaded if name.startswith(unused)], sorted(loaded)
