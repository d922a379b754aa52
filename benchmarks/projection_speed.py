"""Projection speed: plain NumPy uniform swing vs the public API, and 10,000 batched scenarios.

Run: ``python benchmarks/projection_speed.py``. Prints best-of-N timings side by side, measured in
one run on the same machine, as a Markdown table for docs/perf/projection.md.
"""

from __future__ import annotations

import platform
import time
import timeit
from collections.abc import Callable

import numpy as np

import psephos
from psephos.projection import (
    batch_seats,
    bundled_candidates,
    fitted_model,
    get_model,
    prepared,
    project,
    project_batch,
)


def best(function: Callable[[], object], number: int, repeat: int = 7) -> float:
    """Best time per call in seconds over ``repeat`` runs of ``number`` calls."""
    return min(timeit.repeat(function, number=number, repeat=repeat)) / number


def main() -> None:
    """Time the reference, the public fast path, a full projection and the batch."""
    base = psephos.load("2019-notional-2024")
    shares = base.shares()
    prepared_base = prepared(base, "national")
    target = prepared_base.base_area[:-1].copy()
    target[0, base.party_index("Con")] -= 0.10
    target[0, base.party_index("Lab")] += 0.10
    swing = target[0] - prepared_base.base_area[0]

    def plain_reference() -> np.ndarray:
        projected = shares + swing
        np.maximum(projected, 0.0, out=projected)
        projected /= projected.sum(axis=1, keepdims=True)
        return projected

    uniform = get_model("uniform")
    extended = prepared_base.extend(target)

    def public_fast_path() -> np.ndarray:
        return uniform.project(prepared_base, extended)

    def public_with_extend() -> np.ndarray:
        return uniform.project(prepared_base, prepared_base.extend(target))

    national = dict(zip(base.parties, target[0], strict=True))

    def full_projection() -> object:
        return project(base, national, model="uniform")

    np.testing.assert_allclose(
        plain_reference()[prepared_base.active], public_fast_path()[prepared_base.active]
    )
    # Interleave the single-projection timings so load from other work hits them alike.
    single = {"reference": plain_reference, "api": public_fast_path, "extend": public_with_extend}
    timings: dict[str, list[float]] = {name: [] for name in single}
    for _ in range(9):
        for name, function in single.items():
            timings[name].append(timeit.timeit(function, number=1000) / 1000)
    reference = min(timings["reference"])
    rows: list[tuple[str, float]] = [
        ("plain NumPy uniform swing, 650 x 16 (reference)", reference),
        ("`get_model('uniform').project(prepared, target)`", min(timings["api"])),
        ("same, building the target row (`prepared.extend`)", min(timings["extend"])),
        ("`project(base, shares)` -> full `Election`", best(full_projection, 50)),
    ]

    rng = np.random.default_rng(2024)
    n_scenarios = 10_000
    noise = rng.normal(0.0, 0.02, size=(n_scenarios, len(base.parties)))
    batch = np.clip(target[0] + noise * (target[0] > 0), 0.0, None)
    batch /= batch.sum(axis=1, keepdims=True)
    batch_seats(base, batch[:10], model="uniform")  # warm caches
    batch_rows: list[tuple[str, float]] = []
    for name in ("uniform", "regional-uniform", "transition"):
        model = get_model(name)
        level_base = prepared(base, model.level)
        if model.level == "national":
            targets = batch
        else:
            change = batch - prepared_base.base_area[0]
            targets = np.clip(level_base.base_area[:-1][None] + change[:, None, :], 0.0, None)
            targets *= level_base.base_area[:-1][None] > 0
            targets /= targets.sum(axis=-1, keepdims=True)
        batch_seats(base, targets[:10], model=name)
        runs = 1 if name == "transition" else 5
        batch_timings = []
        for _ in range(runs):
            start = time.perf_counter()
            seats = batch_seats(base, targets, model=name)
            batch_timings.append(time.perf_counter() - start)
        assert seats.sum(axis=1).min() == base.n_seats
        batch_rows.append(
            (f"{n_scenarios:,} scenarios, seat totals, `batch_seats` `{name}`", min(batch_timings))
        )
        if name != "transition":
            start = time.perf_counter()
            project_batch(base, targets, model=name)
            elapsed = time.perf_counter() - start
            batch_rows.append(
                (
                    f"{n_scenarios:,} scenarios, totals + winners, `project_batch` `{name}`",
                    elapsed,
                )
            )

    # The headline model with this time's candidate lists: the lists re-base the election on
    # every call (no cache), and the model is fitted once per base election (cached).
    lists = bundled_candidates("2024")
    start = time.perf_counter()
    fitted_model("adaptive-incumbency", base)
    fit_seconds = time.perf_counter() - start

    def headline_with_lists() -> object:
        return project(base, national, model="adaptive-incumbency", candidates=lists)

    rows.append(
        (
            "`project(..., model='adaptive-incumbency', candidates=2024 lists)`",
            best(headline_with_lists, 5, repeat=3),
        )
    )
    batch_rows.append(("fitting `adaptive-incumbency` on 3 earlier pairs (once)", fit_seconds))

    print(f"Python {platform.python_version()}, NumPy {np.__version__}")
    print("| operation | time | vs reference |")
    print("|---|---|---|")
    for label, seconds in rows:
        print(f"| {label} | {seconds * 1e6:.1f} µs | {seconds / reference:.2f}x |")
    for label, seconds in batch_rows:
        print(f"| {label} | {seconds:.3f} s | |")


if __name__ == "__main__":
    main()
