"""What every benchmark script records beside its figures: the machine, the date and the load,
and where the JSON and Markdown land (one place, so every page states them the same way)."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def machine() -> str:
    """CPU model (from ``lscpu``), cores, Python and NumPy versions."""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        model = next(
            (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line),
            platform.processor(),
        )
    except (OSError, subprocess.CalledProcessError):
        model = platform.processor() or "unknown CPU"
    return (
        f"{model}, {os.cpu_count()} cores (`lscpu`), Python {platform.python_version()}, "
        f"NumPy {np.__version__}"
    )


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, ``"a / b / c"``."""
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def run_meta(repeat: int, load_before: str) -> dict[str, Any]:
    """Repeat count, UTC date, machine and the load before and after a run."""
    return {
        "repeat": repeat,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "load_before": load_before,
        "load_after": load_average(),
    }


def save_results(name: str, rows: list[dict[str, Any]], meta: dict[str, Any]) -> None:
    """Write ``benchmarks/results/<name>.json`` (figures and meta)."""
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
