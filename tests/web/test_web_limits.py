"""Heavy work as every heavy route runs it (:func:`psephos.web.limits.run_heavy`): in a worker
thread, while the client holds a slot, refused with 503 before anything runs."""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import HTTPException

from psephos.web.limits import HeavyLimiter, run_heavy


def _request(limiter: HeavyLimiter, path: str = "/api/heavy") -> Any:
    """The parts of a request :func:`run_heavy` reads: the app's limiter and the scope."""
    return SimpleNamespace(
        app=SimpleNamespace(state=SimpleNamespace(heavy=limiter)),
        scope={"client": ("192.0.2.1", 5000), "path": path},
    )


def test_run_heavy_computes_in_a_worker_thread_holding_the_slot() -> None:
    limiter = HeavyLimiter(total=2, per_client=1)
    seen: dict[str, Any] = {}

    def compute() -> int:
        seen["thread"] = threading.current_thread()
        seen["full"] = limiter.full_for("192.0.2.1")
        return 7

    assert asyncio.run(run_heavy(_request(limiter), compute)) == 7
    assert seen["thread"] is not threading.main_thread()
    assert seen["full"] is True  # the client's one slot was held while it ran
    assert limiter.full_for("192.0.2.1") is False  # and given back after
    assert limiter.paths == {"/api/heavy"}


def test_run_heavy_ungated_leaves_the_path_to_the_route() -> None:
    limiter = HeavyLimiter(total=2, per_client=1)
    assert asyncio.run(run_heavy(_request(limiter), lambda: "cached", gate=False)) == "cached"
    assert limiter.paths == set()


def test_run_heavy_refuses_a_busy_client_before_computing() -> None:
    limiter = HeavyLimiter(total=2, per_client=1)
    ran: list[bool] = []
    with limiter.slot("192.0.2.1"), pytest.raises(HTTPException) as refused:
        asyncio.run(run_heavy(_request(limiter), lambda: ran.append(True)))
    assert refused.value.status_code == 503
    assert refused.value.headers == {"Retry-After": "2"}
    assert ran == []


def test_run_heavy_gives_the_slot_back_when_the_computation_fails() -> None:
    limiter = HeavyLimiter(total=2, per_client=1)

    def compute() -> None:
        raise ValueError("no such poll")

    with pytest.raises(ValueError, match="no such poll"):
        asyncio.run(run_heavy(_request(limiter), compute))
    assert limiter.full_for("192.0.2.1") is False
