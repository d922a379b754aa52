"""Speed of the default ``national`` model: one poll, and 10,000 GB scenarios in one batch.

Run: ``python benchmarks/projection_national_speed.py [--repeat 3] [--no-write]``. Times, in one
run on the same machine, the plain NumPy uniform-swing reference, the national model's
``project`` on a prepared base, the public ``project(base, poll)``, and ``project_batch`` over
10,000 scenarios (wall and CPU time, median of ``--repeat``) beside its plain reference, the
public ``project()`` called once per scenario (timed on 100 scenarios, winners checked equal to
the batch's). Writes the Markdown page docs/perf/projection-national.md (then
``python scripts/build_performance_doc.py``) unless ``--no-write``.

To compare with another version of the code back to back, run the same script against that
version's sources with ``--no-write``, e.g. ``git archive main src | tar -x -C /tmp/old`` then
``PYTHONPATH=/tmp/old/src python benchmarks/projection_national_speed.py --no-write``.
"""

from __future__ import annotations

import argparse
import statistics
import time
import timeit
import warnings
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from _report import load_average, machine

import psephos
from psephos.projection import ShareWarning, fitted_model, prepared, project, project_batch

POLL = "Con 24.4 Lab 34.7 LD 12.5 SNP 2.5 PC 0.7 Green 6.9 Reform 14.7"
N_SCENARIOS = 10_000
N_ONE_BY_ONE = 100


def main() -> None:
    """Time the reference, the model, the public call and the batch; write the page."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    warnings.simplefilter("ignore", ShareWarning)
    load_before = load_average()
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
    project_batch(base, scenarios[:64], model="national")  # warm the reduced bases
    walls, cpus = [], []
    for _ in range(args.repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        _, winner = project_batch(base, scenarios, model="national")
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu_start)
    batch, batch_cpu = statistics.median(walls), statistics.median(cpus)
    # The plain reference of the batch: the public one-poll call, once per scenario.
    start, cpu_start = time.perf_counter(), time.process_time()
    for index in range(N_ONE_BY_ONE):
        poll = dict(zip(base.parties, scenarios[index].tolist(), strict=True))
        single = project(base, poll, model="national")
        if not np.array_equal(single.election.winner, winner[index]):
            raise SystemExit(f"scenario {index}: the batch's winners differ from project()")
    per_call = (time.perf_counter() - start) / N_ONE_BY_ONE
    per_call_cpu = (time.process_time() - cpu_start) / N_ONE_BY_ONE
    one_by_one = per_call * N_SCENARIOS
    lines = [
        "## Projection: the `national` model (issue 16)",
        "",
        f"`python benchmarks/projection_national_speed.py --repeat {args.repeat}`, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M UTC}, {machine()}. Load average (1 / 5 / 15 "
        f"minutes) {load_before} before and {load_average()} after the run: the machine is shared, "
        "so the CPU time (user + system of this process) is given beside the wall time, "
        "which also counts waiting for a core.",
        "",
        "| what | time | vs reference |",
        "|---|---|---|",
    ]
    reference_time = timings[0][1]
    for label, seconds in timings:
        lines.append(f"| {label} | {seconds * 1e3:.2f} ms | {seconds / reference_time:.0f}x |")
    lines += [
        f"| `project_batch`, {N_SCENARIOS:,} GB scenarios -> seats and winners (median of "
        f"{args.repeat}) | {batch:.2f} s (CPU {batch_cpu:.2f} s) | "
        f"{one_by_one / batch:.0f}x faster than the plain reference |",
        f"| plain reference: `project(base, poll)` once per scenario (timed on "
        f"{N_ONE_BY_ONE}, winners equal to the batch's) | {per_call * 1e3:.2f} ms a poll "
        f"(CPU {per_call_cpu * 1e3:.2f} ms): {one_by_one:.1f} s for {N_SCENARIOS:,} | |",
        "",
        "Targets (issue 16): the headline model <= 5 ms for one poll and < 1 s for 10,000 "
        "scenarios. The model itself (region mapping, adaptive transition, consolidation "
        "term) is the second row; the public call adds parsing, the share policy and "
        "building an `Election`.",
        "",
        "The batch goes through `NationalModel.batch_winners`. The region mapping runs once "
        "over all scenarios: 60 raking sweeps on the free region rows and the party columns "
        "present there only, kept in product form (the starting table times a row scale and "
        "a column scale; each sweep is two weighted sums along the scenarios, the last, "
        "contiguous axis, and the table is built once at the end). The seat step (adaptive "
        "transition, challenger consolidation) runs in blocks of 64 scenarios on the 631 "
        "projected seats x the 9 parties standing in any of them (Northern Ireland's seats "
        "keep their base winner whatever the poll, so they are computed once), first with "
        "float32 seat arrays (the area-level numbers stay float64); any scenario in which a "
        "seat's leader is within 1e-5 of another party (about 50 times the largest float32 "
        "error seen, 2.1e-7) is computed again in float64, so every winner is the "
        "float64 one: 131 of these 10,000 scenarios. The last renormalisation is skipped "
        "(it keeps each row's order). The consolidation term is added in place: its area "
        "means come from area-level sums (`national.add_consolidation`) and each seat's "
        "challenger number goes to its second party alone. Row sums are products with a ones "
        "vector (`core.row_sums`; NumPy's `sum` over 9-16 columns reduces each row in a loop of "
        "its own), and boolean seat masks are applied as floats (`core.mask_in_place`). "
        "`tests/projection/test_projection_national.py` checks the batch's winners against "
        "`project()` on 24 scenarios and against a float64-only batch on 600, and this "
        "benchmark checks them against `project()` on 100.",
        "",
    ]
    text = "\n".join(lines)
    if not args.no_write:
        Path(__file__).resolve().parents[1].joinpath(
            "docs", "perf", "projection-national.md"
        ).write_text(text, encoding="utf-8")
    print(f"psephos from {Path(psephos.__file__).parent}")
    print(text)


if __name__ == "__main__":
    main()
