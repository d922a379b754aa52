"""Scale-out: the same Monte Carlo forecast split over a Dask cluster.

Each task runs one chunk of simulations (:func:`psephos.forecast.montecarlo.simulate_chunk`)
with its own child seed and returns integer counts; the counts are added on the client. Because
chunks and seeds are the same as in :func:`psephos.forecast.montecarlo.run_chunks`, a run on a
cluster gives exactly the answer of a local run with the same ``seed`` and ``chunk_size``.

Use it when one machine is too slow: about 10 million simulations and up, or many forecasts at
once. Below that, the threaded local run is faster (no scheduling or transfer costs).
Dask: Rocklin (2015), "Dask: parallel computation with blocked algorithms and task scheduling",
*Proceedings of the 14th Python in Science Conference*.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from psephos.errors import PsephosError
from psephos.forecast.montecarlo import (
    ForecastCounts,
    SimulationPlan,
    chunk_seeds,
    chunk_sizes,
    simulate_chunk,
)


def run_on_cluster(
    client: Any,
    plan: SimulationPlan,
    n_sims: int,
    *,
    seed: int | None = None,
    chunk_size: int = 65_536,
    progress: Callable[[int], None] | None = None,
) -> ForecastCounts:
    """Run ``n_sims`` simulations as one Dask task per chunk and add up their counts.

    Args:
        client: a ``dask.distributed.Client`` (e.g. on a ``LocalCluster``).
        plan: from :func:`~psephos.forecast.montecarlo.plan_forecast`; scattered once.
        n_sims: total simulations (10 million and more is the intended use).
        seed: same seed and chunk size, same answer as a local run.
        chunk_size: simulations per task (65,536 keeps each task near 0.5-1 s and 100 MB).
        progress: called with each finished chunk's size.
    """
    try:
        from dask.distributed import as_completed
    except ImportError as error:  # pragma: no cover - dask is a declared dependency
        raise PsephosError("dask.distributed is needed for cluster runs.") from error
    sizes = chunk_sizes(n_sims, chunk_size)
    seeds = chunk_seeds(seed, len(sizes))
    plan_future = client.scatter(plan, broadcast=True)
    futures = [
        client.submit(simulate_chunk, plan_future, size, child, pure=False)
        for size, child in zip(sizes, seeds, strict=True)
    ]
    total: ForecastCounts | None = None
    for future in as_completed(futures):
        counts = future.result()
        total = counts if total is None else total + counts
        if progress:
            progress(counts.n_sims)
        future.release()
    if total is None:  # pragma: no cover
        raise PsephosError("no simulations were run.")
    return total
