"""Web service levels on loopback, open loop (latency counted from each request's scheduled
time, so a slow server cannot hide its queue):

1. ``advice``: advice pages (``/advice``, HTML) at 500 req/s for 60 s on a freshly started
   server (timed from the moment ``/healthz`` answers; the server warms its own caches at
   start), questions drawn from four voter profiles in every Great Britain seat; target
   p99 < 100 ms.
2. ``seats``: seat lookups (``/api/seats/{code}``, five elections) at 2,000 req/s; target
   p99 < 20 ms.
3. ``flood``: one client floods the heaviest endpoint (swingometer with a 2,000-simulation
   forecast, 16 connections, as fast as it can) while other clients look up seats at
   100 req/s; target: their p99 < 50 ms (the flood gets 503 + Retry-After beyond its share).

Each scenario starts its own server (one uvicorn worker, SQLite, rate limiting off). Run::

    python benchmarks/web_service_levels.py [--scenario advice|seats|flood|all] [--seconds 60]
        [--client python|wrk] [--workers N]

``--client python`` (default) is the open-loop httpx client above; on a small machine it, not
the server, is the bottleneck (one Python process cannot send 2,000 requests/s). ``--client
wrk`` drives the same paths with wrk (a compiled load generator: ``apt install wrk``), each
connection paced by a Lua ``delay()`` so that all of them together send the target rate;
wrk times each request from when it is sent (a paced closed loop, so a stalled server delays
later requests rather than counting them late: the achieved rate is printed beside the
latencies, and a rate well below the target means the server fell behind).

A load test: it compares with the service-level targets above (p99 at a request rate), not
with a plain reference doing the same work; the library calls behind each page are timed beside
their references in the other benchmarks (``foundation_load.py``, ``tactical_advice.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import numpy as np

import psephos
from psephos.web.launch import LocalServer

ELECTIONS = ("2024", "2019", "2017", "2015", "2010")
PROFILES = (
    ("Lab,Green,LD", "Con"),
    ("LD,Green", "Reform"),
    ("Con", "Lab"),
    ("Green,Lab", "Reform"),
)


def start_levels_server(directory: str, workers: int = 1) -> tuple[LocalServer, str, float]:
    """A fresh server (warming its caches itself); returns it, its URL and the seconds until
    ``/healthz`` answered."""
    server = LocalServer(
        f"sqlite:///{Path(directory) / 'levels.sqlite'}",
        env={"PSEPHOS_WARM_UP": "1"},
        quiet=True,
        workers=workers,
    ).start(timeout=300.0)
    return server, server.url, server.seconds_to_ready


#: wrk's Lua script: random paths from a file, each connection paced by ``delay()``, and one
#: summary line at the end (latencies in microseconds).
WRK_SCRIPT = """
local paths = {}
local pause = tonumber(os.getenv("PSEPHOS_WRK_DELAY_MS") or "0")
init = function(args)
  for line in io.lines(os.getenv("PSEPHOS_WRK_PATHS")) do paths[#paths + 1] = line end
  math.randomseed(tonumber(os.getenv("PSEPHOS_WRK_SEED") or "1"))
end
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
delay = function() return pause end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d seconds=%.3f non2xx=%d socket=%d p50=%d p95=%d p99=%d max=%d\\n",
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def run_wrk(
    url: str,
    paths: list[str],
    *,
    seconds: float,
    connections: int,
    rate: float | None,
    directory: str,
    name: str,
) -> subprocess.Popen[str]:
    """Start wrk on ``paths`` (``rate`` requests/s over all connections, or as fast as the
    server answers when ``None``); read its result with :func:`wrk_result`."""
    folder = Path(directory)
    (folder / "wrk.lua").write_text(WRK_SCRIPT, encoding="utf-8")
    (folder / f"{name}.paths").write_text("\n".join(paths) + "\n", encoding="utf-8")
    delay = 0 if rate is None else max(1, round(1000 * connections / rate))
    if rate is not None:  # each request also takes its answer's time: 3% more connections
        connections += -(-connections * 3 // 100)
    env = {
        **os.environ,
        "PSEPHOS_WRK_PATHS": str(folder / f"{name}.paths"),
        "PSEPHOS_WRK_DELAY_MS": str(delay),
        "PSEPHOS_WRK_SEED": str(len(name)),
    }
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "30s"]
    command += ["-s", str(folder / "wrk.lua"), url]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)


def wrk_result(process: subprocess.Popen[str], name: str, target_ms: float | None) -> None:
    """Wait for wrk and print its line like :func:`report`."""
    out, _ = process.communicate()
    line = next((x for x in out.splitlines() if x.startswith("WRK ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary: {out!r}")
    values = dict(item.split("=") for item in line.split()[1:])
    n, seconds = int(values["requests"]), float(values["seconds"])
    bad = int(values["non2xx"]) + int(values["socket"])
    p50, p95, p99, worst = (int(values[k]) / 1000 for k in ("p50", "p95", "p99", "max"))
    verdict = ""
    if target_ms is not None:
        met = p99 < target_ms and bad == 0
        verdict = f"  target p99 < {target_ms:g} ms: {'met' if met else 'MISSED'}"
    print(
        f"{name:<8} {n:>7} answered in {seconds:5.1f} s ({n / seconds:7.1f}/s) non-2xx or "
        f"socket errors {bad}  p50 {p50:6.1f}  p95 {p95:6.1f}  p99 {p99:7.1f}  max "
        f"{worst:7.1f} ms{verdict}"
    )


#: The steady scenarios: paths, requests per second, target p99 (ms).
STEADY: dict[str, tuple[Callable[[], list[str]], float, float]] = {}


def wrk_scenario(name: str, seconds: float, workers: int) -> None:
    """One scenario driven by wrk (see the module docs)."""
    with tempfile.TemporaryDirectory() as directory:
        server, url, ready = start_levels_server(directory, workers)
        try:
            print(f"{name}: server ready (warm-up included) after {ready:.1f} s, wrk client")

            def start(
                paths: list[str], rate: float | None, connections: int, job: str, extra: float = 0
            ) -> Any:
                return run_wrk(
                    url,
                    paths,
                    seconds=seconds + extra,
                    connections=connections,
                    rate=rate,
                    directory=directory,
                    name=job,
                )

            if name in STEADY:
                paths, rate, target = STEADY[name]
                wrk_result(start(paths(), rate, 100, name), name, target)
            else:
                flood = [f"/api/swingometer?Lab={lab}&forecast=true" for lab in range(20, 46)]
                attacker = start(flood, None, 16, "flood", extra=4)  # outlasts the readers
                time.sleep(2.0)  # the flood is on before the readers start
                wrk_result(start(seat_paths(), 100, 10, "readers"), "readers", 50)
                wrk_result(attacker, "flood", None)
        finally:
            server.stop()


async def open_loop(
    client: httpx.AsyncClient, paths: list[str], rate: float, seconds: float, workers: int = 64
) -> tuple[list[float], dict[int, int], float]:
    """Send ``rate`` requests a second for ``seconds`` from ``workers`` connections; latency
    (ms) counted from each request's scheduled time. Requests still unsent 10 s after the
    schedule ends are dropped and counted as status 0 (the client or server fell behind)."""
    loop = asyncio.get_running_loop()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    n_requests = int(rate * seconds)
    start = loop.time() + 0.05
    deadline = start + seconds + 10.0
    counter = iter(range(n_requests))

    async def worker() -> None:
        for index in counter:
            scheduled = start + index / rate
            now = loop.time()
            if now > deadline:
                statuses[0] = statuses.get(0, 0) + 1
                continue
            if scheduled > now:
                await asyncio.sleep(scheduled - now)
            try:
                response = await client.get(random.choice(paths))
                status = response.status_code
            except httpx.HTTPError:
                status = 0
            latencies.append((loop.time() - scheduled) * 1000)
            statuses[status] = statuses.get(status, 0) + 1

    await asyncio.gather(*(worker() for _ in range(workers)))
    return latencies, statuses, (loop.time() - start)


def report(
    name: str, latencies: list[float], statuses: dict[int, int], elapsed: float, target_ms: float
) -> None:
    values = np.array(latencies)
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    ok = statuses.get(200, 0)
    met = p99 < target_ms and ok == sum(statuses.values())
    print(
        f"{name:<8} {len(values):>7} answered in {elapsed:5.1f} s ({len(values) / elapsed:7.1f}/s) "
        f"statuses {dict(sorted(statuses.items()))}  p50 {p50:6.1f}  p95 {p95:6.1f}  "
        f"p99 {p99:7.1f}  max {values.max():7.1f} ms  target p99 < {target_ms:g} ms: "
        f"{'met' if met else 'MISSED'}"
    )


def seat_paths() -> list[str]:
    return [
        f"/api/seats/{code}?election={election}"
        for election in ELECTIONS
        for code in psephos.load(election).codes
    ]


def advice_paths() -> list[str]:
    """Every GB seat with each profile whose preferred parties stand there (a profile none of
    whose parties stands is answered 400 by design, e.g. Con in the Speaker's seat)."""
    election = psephos.load("2024")
    paths = []
    for row, code in enumerate(election.codes):
        if code.startswith("N"):
            continue
        for prefer, against in PROFILES:
            columns = [election.parties.index(p) for p in prefer.split(",")]
            if any(election.votes[row, column] > 0 for column in columns):
                paths.append(f"/advice?seat={code}&prefer={prefer}&against={against}")
    return paths


async def scenario(name: str, seconds: float) -> None:
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    with tempfile.TemporaryDirectory() as directory:
        server, url, ready = start_levels_server(directory)
        try:
            print(f"{name}: server ready (warm-up included) after {ready:.1f} s")
            async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
                if name == "advice":
                    result = await open_loop(client, advice_paths(), 500, seconds)
                    report("advice", *result, 100)
                elif name == "seats":
                    result = await open_loop(client, seat_paths(), 2000, seconds)
                    report("seats", *result, 20)
                else:
                    await flood(client, url, seconds)
        finally:
            server.stop()


async def flood(client: httpx.AsyncClient, url: str, seconds: float) -> None:
    stop = asyncio.Event()
    flood_statuses: dict[int, int] = {}

    async def attacker() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60) as own:
            while not stop.is_set():
                lab = random.randint(20, 45)
                try:
                    response = await own.get(f"/api/swingometer?Lab={lab}&forecast=true")
                    status = response.status_code
                except httpx.HTTPError:
                    status = 0
                flood_statuses[status] = flood_statuses.get(status, 0) + 1
                if status == 503:
                    await asyncio.sleep(0.01)

    attackers = [asyncio.create_task(attacker()) for _ in range(16)]
    await asyncio.sleep(2.0)  # the flood is on before the readers start
    result = await open_loop(client, seat_paths(), 100, seconds)
    stop.set()
    await asyncio.gather(*attackers)
    report("readers", *result, 50)
    print(f"flood    swingometer+forecast statuses {dict(sorted(flood_statuses.items()))}")


STEADY.update({"advice": (advice_paths, 500, 100), "seats": (seat_paths, 2000, 20)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="all", choices=("advice", "seats", "flood", "all"))
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--client", default="python", choices=("python", "wrk"))
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    names = ("advice", "seats", "flood") if args.scenario == "all" else (args.scenario,)
    for name in names:
        if args.client == "wrk":
            wrk_scenario(name, args.seconds, args.workers)
        else:
            asyncio.run(scenario(name, args.seconds))


if __name__ == "__main__":
    main()
