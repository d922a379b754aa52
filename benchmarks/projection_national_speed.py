"""Speed of the default ``national`` model: one poll, and 10,000 GB scenarios in one batch.

Run: ``python benchmarks/projection_national_speed.py``. Times, in one run on the same machine,
the plain NumPy uniform-swing reference, the national model's ``project`` on a prepared base,
the public ``project(base, poll)`` and ``project_batch`` over 10,000 scenarios, and writes the
Markdown table of docs/perf/projection-national.md (then ``scripts/build_performance_doc.py``).
"""

from __future__ import annotations

import platform
import time
import timeit
import warnings
from datetime import date
from pathlib import Path

import numpy as np

import psephos
from psephos.projection import ShareWarning, fitted_model, prepared, project, project_batch

POLL = "Con 24.4 Lab 34.7 LD 12.5 SNP 2.5 PC 0.7 Green 6.9 Reform 14.7"
N_SCENARIOS = 10_000


def main() -> None:
    """Time the reference, the model, the public call and the batch; write the page."""
    warnings.simplefilter("ignore", ShareWarning)
    base = psephos.load("2019-notional-2024")
    shares = base.shares()
    prepared_base = prepared(base, "national")
    model = fitted_model("national", base)
    project(base, POLL, model="national")  # warm the caches (fit, region base)
    gb = prepared_base.base_area[0]
    target = prepared_base.extend(gb[None, :])
    swing = np.zeros_like(gb)

    def reference() -> np.ndarray:
        projected = shares + swing
        np.maximum(projected, 0.0, out=projected)
        return projected / projected.sum(axis=1, keepdims=True)

    rows = [
        ("plain NumPy uniform swing, 650 x 16 (reference)", reference, 1000),
        (
            "`national` model: `model.project(prepared, target)`",
            lambda: model.project(prepared_base, target),
            50,
        ),
        (
            "`project(base, poll, model='national')` -> full `Election`",
            lambda: project(base, POLL, model="national"),
            20,
        ),
    ]
    timings = [
        (label, min(timeit.repeat(function, number=number, repeat=5)) / number)
        for label, function, number in rows
    ]
    rng = np.random.default_rng(2024)
    scenarios = np.clip(gb + rng.normal(0.0, 0.015, (N_SCENARIOS, gb.size)) * (gb > 0), 0, None)
    scenarios /= scenarios.sum(axis=1, keepdims=True)
    start = time.perf_counter()
    project_batch(base, scenarios, model="national")
    batch = time.perf_counter() - start
    lines = [
        "## Projection: the `national` model (issue 16)",
        "",
        f"`python benchmarks/projection_national_speed.py`, {date.today()}, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        "NumPy " + np.__version__ + " (shared machine: other work was running).",
        "",
        "| what | time | vs reference |",
        "|---|---|---|",
    ]
    reference_time = timings[0][1]
    for label, seconds in timings:
        lines.append(f"| {label} | {seconds * 1e3:.2f} ms | {seconds / reference_time:.0f}x |")
    lines.append(
        f"| `project_batch`, {N_SCENARIOS:,} GB scenarios -> seats and winners | {batch:.2f} s | |"
    )
    lines += [
        "",
        "Targets (issue 16): the headline model <= 5 ms for one poll and < 1 s for 10,000 "
        "scenarios. The model itself (region mapping, adaptive transition, consolidation term) "
        "is the second row; the public call adds parsing, the share policy and building an "
        "`Election`. The batch builds full seats x parties shares for every scenario (the "
        "adaptive transition has no winners-only shortcut like uniform swing's), which is why "
        "it misses the 1 s target.",
        "",
    ]
    text = "\n".join(lines)
    Path(__file__).resolve().parents[1].joinpath(
        "docs", "perf", "projection-national.md"
    ).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
