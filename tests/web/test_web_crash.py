"""Crash safety: kill -9 the server during a burst of candidate-level declaration posts; after
a restart every acknowledged declaration is stored exactly once, with the candidates and votes
that were sent (on SQLite and, when configured, PostgreSQL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from web_helpers import Server, add_organiser, api_login, open_night

import psephos

#: Every test here stores what the app keeps: it runs on PostgreSQL as well (conftest).
#: Long (servers killed mid-burst): run with ``pytest -m slow``, as CI runs it beside the
#: README's tests.
pytestmark = [pytest.mark.storage, pytest.mark.slow]

ELECTION = "crash-test"
SEATS = psephos.load("2024").codes


def _candidates(index: int) -> list[dict[str, object]]:
    """Four candidates, two of them independents."""
    return [
        {"name": f"Lab {index}", "party": "Labour Party", "votes": 10_000 + index},
        {"name": f"Con {index}", "party": "Conservative", "votes": 9_000 + 2 * index},
        {"name": f"Ind A {index}", "party": "Independent", "votes": 1_000 + 3 * index},
        {"name": f"Ind B {index}", "party": "Independent", "votes": 900 + index},
    ]


def _votes(index: int) -> dict[str, int]:
    return {"Con": 9_000 + 2 * index, "Ind": 1_900 + 4 * index, "Lab": 10_000 + index}


def _burst(
    server: Server,
    token: str,
    cookies: httpx.Cookies,
    worker: int,
    n_workers: int,
    acked: list[tuple[str, dict[str, int], str]],
    lock: threading.Lock,
    stop: threading.Event,
) -> None:
    with httpx.Client(base_url=server.base_url, cookies=cookies, timeout=10.0) as client:
        for index in range(worker, len(SEATS), n_workers):
            seat, votes = SEATS[index], _votes(index)
            for _repeat in range(2):  # each seat posted twice: the second is a no-op
                if stop.is_set():
                    return
                try:
                    response = client.post(
                        "/api/declarations",
                        json={
                            "election": ELECTION,
                            "seat": seat,
                            "candidates": _candidates(index),
                        },
                        headers={"X-CSRF-Token": token},
                    )
                except httpx.HTTPError:
                    return  # the server died under us: this post was never acknowledged
                if response.status_code == 200:
                    with lock:
                        acked.append((seat, votes, response.json()["status"]))


def test_kill_9_mid_burst_loses_no_acknowledged_declaration(database_url: str) -> None:
    server = Server(database_url).start()
    add_organiser(database_url)
    acked: list[tuple[str, dict[str, int], str]] = []
    lock = threading.Lock()
    stop = threading.Event()
    try:
        with httpx.Client(base_url=server.base_url) as login:
            token = api_login(login)
            open_night(login, token, ELECTION)
            cookies = login.cookies
        n_workers = 4
        with ThreadPoolExecutor(max_workers=n_workers + 1) as pool:
            futures = [
                pool.submit(_burst, server, token, cookies, worker, n_workers, acked, lock, stop)
                for worker in range(n_workers)
            ]
            # Kill the server once a good number of posts have been acknowledged.
            while len(acked) < 120 and not all(f.done() for f in futures):
                threading.Event().wait(0.02)
            server.kill()
            stop.set()
            for future in futures:
                future.result()
    finally:
        server.kill()
    assert len(acked) >= 120, "the burst ended before the kill"
    assert len({seat for seat, _, _ in acked}) < len(SEATS), "killed after the burst finished"

    restarted = Server(database_url).start()
    try:
        with httpx.Client(base_url=restarted.base_url) as client:
            body = client.get("/api/declarations", params={"election": ELECTION}).json()
    finally:
        restarted.stop()
    stored = {}
    for row in body["declarations"]:
        assert row["seat"] not in stored, f"{row['seat']} stored twice"
        stored[row["seat"]] = row
    for seat, votes, status in acked:
        assert seat in stored, f"acknowledged {status} declaration of {seat} was lost"
        assert stored[seat]["votes"] == dict(sorted(votes.items()))
        names = [c["name"] for c in stored[seat]["candidates"]]
        assert sorted(names) == sorted(str(c["name"]) for c in _candidates(SEATS.index(seat)))
        assert stored[seat]["revision"] == 1
    # Nothing was recorded twice: one revision per stored declaration.
    assert len(body["revisions"]) == len(stored)
    # Anything stored but not acknowledged was in flight at the kill, and is complete.
    for seat, row in stored.items():
        assert row["votes"] == dict(sorted(_votes(SEATS.index(seat)).items()))


@pytest.fixture(autouse=True)
def _quiet_httpx(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("WARNING", logger="httpx")
