"""Scale-out over Dask: a local cluster gives exactly the local answer."""

from __future__ import annotations

import numpy as np

import psephos
from psephos.forecast import plan_forecast, run_chunks
from psephos.forecast.distributed import run_on_cluster


def test_local_cluster_matches_local_run() -> None:
    from dask.distributed import Client, LocalCluster

    election = psephos.load("2017")
    plan = plan_forecast(election, election.shares())
    with (
        LocalCluster(
            processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        on_cluster = run_on_cluster(client, plan, 6000, seed=5, chunk_size=1500)
    local = run_chunks(plan, 6000, seed=5, chunk_size=1500)
    assert on_cluster.n_sims == 6000
    assert np.array_equal(on_cluster.seat_wins, local.seat_wins)
    assert np.array_equal(on_cluster.total_histogram, local.total_histogram)
    assert np.array_equal(on_cluster.coalition_chosen, local.coalition_chosen)
