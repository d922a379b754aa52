"""What every benchmark script records beside its figures: the machine, the date and the load,
how it times an entry point beside its plain reference (interleaved medians), and where the JSON
and Markdown land (one place, so every page states them the same way)."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
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


def median_time(function: Callable[[], object], repeat: int, number: int = 1) -> float:
    """Median seconds per call over ``repeat`` runs of ``number`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def interleaved(
    functions: dict[str, Callable[[], object]], repeat: int, number: int = 1
) -> dict[str, float]:
    """Median seconds per call of each function, run in turn so load hits them alike."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            for _ in range(number):
                function()
            times[name].append((time.perf_counter() - start) / number)
    return {name: statistics.median(values) for name, values in times.items()}


def row(
    name: str,
    ours: float,
    reference: float | None,
    reference_label: str,
    target: str,
    met: bool | None,
    note: str = "",
) -> dict[str, Any]:
    """One line of a reference table: the entry point's time beside its reference's."""
    return {
        "name": name,
        "ours_s": ours,
        "reference_s": reference,
        "reference": reference_label,
        "ratio": None if not reference else ours / reference,
        "target": target,
        "met": met,
        "note": note,
    }


def seconds(value: float) -> str:
    """A duration in the unit that reads best (µs, ms or s)."""
    if value < 1e-5:
        return f"{value * 1e6:.2f} µs"
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def _ratio(value: float) -> str:
    return f"{value:.2f}x" if value >= 0.1 else f"{value:.2g}x"


def render(title: str, command: str, rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    """A benchmark's page: the command, date, machine and load, then one table row per
    entry point with its reference, the ratio (entry point / reference) and the target."""
    lines = [
        f"# {title}",
        "",
        f"`{command}`, {meta['date']}, {meta['machine']}. Load average {meta['load_before']} "
        f"before and {meta['load_after']} after the run (1/5/15 minutes): the machine is shared "
        "by several people's work, so every figure is a median of repeats with its reference "
        "interleaved, and absolute times are upper bounds; the ratio within one run is the "
        "steadier figure.",
        "",
        "| entry point | ours | reference | reference time | ratio | target | met? | note |",
        "|---|---:|---|---:|---:|---|---|---|",
    ]
    for item in rows:
        reference = item["reference_s"]
        ratio = "" if item["ratio"] is None else _ratio(item["ratio"])
        met = {True: "yes", False: "**no**", None: ""}[item["met"]]
        lines.append(
            f"| {item['name']} | {seconds(item['ours_s'])} | {item['reference']} | "
            f"{seconds(reference) if reference else ''} | {ratio} | {item['target']} | {met} | "
            f"{item['note']} |"
        )
    return "\n".join(lines) + "\n"


def write_page(stem: str, page: str) -> None:
    """Write ``docs/perf/<stem>.md`` (then ``python scripts/build_performance_doc.py``)."""
    (ROOT / "docs" / "perf" / f"{stem}.md").write_text(page, encoding="utf-8")


def publish(
    name: str,
    title: str,
    command: str,
    rows: list[dict[str, Any]],
    repeat: int,
    load_before: str,
    *,
    page_stem: str | None = None,
) -> str:
    """The end of a benchmark run: the figures to ``benchmarks/results/<name>.json``, the page
    to ``docs/perf/<page_stem>.md`` (by default ``name`` with dashes; ``""`` writes no page),
    and the page printed. Returns the page."""
    meta = run_meta(repeat, load_before)
    save_results(name, rows, meta)
    page = render(title, command, rows, meta)
    stem = name.replace("_", "-") if page_stem is None else page_stem
    if stem:
        write_page(stem, page)
    print(page)
    return page
