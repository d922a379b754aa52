"""Load test on loopback: seat lookups and tactical advice at a fixed rate (locust, headless).

Starts ``uvicorn psephos.web.asgi:app`` (one worker, SQLite, rate limiting off) on a free
port, warms it by asking every question of the test once, then runs locust with
``users x per-user rate`` requests per second and prints throughput, errors and latency
percentiles. Run: ``python benchmarks/web_load.py [--rate 500] [--seconds 60]``.

A load test: what it compares with is the service-level target (latency percentiles at a
request rate), not a plain reference doing the same work; the library calls behind each page
are timed beside their references in the other benchmarks (``foundation_load.py`` for seat
lookups, ``tactical_advice.py`` for advice).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from psephos.web.launch import LocalServer

HERE = Path(__file__).resolve().parent


def _warm(url: str, questions_file: Path) -> float:
    """Ask every question of the test once (seats of five elections; four advice profiles in
    every 2024 seat), so the run measures the steady state of a server that has been up."""
    sys.path.insert(0, str(HERE))
    from web_locustfile import ADVICE_SEATS, ELECTIONS, PROFILES, SEATS

    started = time.perf_counter()
    with httpx.Client(base_url=url, timeout=60) as client:
        for election in ELECTIONS:
            for code in SEATS[election]:
                client.get(f"/api/seats/{code}", params={"election": election}).raise_for_status()
        questions = []
        for prefer, against in PROFILES:
            for code in ADVICE_SEATS:
                response = client.get(
                    "/api/advice", params={"seat": code, "prefer": prefer, "against": against}
                )
                if response.status_code == 200:
                    questions.append([code, prefer, against])
                elif response.status_code != 400:  # 400: none of the parties stands there
                    response.raise_for_status()
    questions_file.write_text(json.dumps(questions))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=500.0, help="requests per second")
    parser.add_argument("--seconds", type=int, default=60, help="duration")
    parser.add_argument("--users", type=int, default=50, help="locust users")
    parser.add_argument(
        "--cold", action="store_true", help="skip the warm-up (answers computed on first ask)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        server = LocalServer(f"sqlite:///{Path(directory) / 'load.sqlite'}").start(timeout=300.0)
        url = server.url
        try:
            questions_file = Path(directory) / "questions.json"
            if args.cold:
                sys.path.insert(0, str(HERE))
                from web_locustfile import QUESTIONS

                questions_file.write_text(json.dumps(QUESTIONS))
                warm_seconds = 0.0
            else:
                warm_seconds = _warm(url, questions_file)
            prefix = Path(directory) / "locust"
            env = {
                **os.environ,
                "PSEPHOS_LOAD_PER_USER_RPS": str(args.rate / args.users),
                "PSEPHOS_LOAD_QUESTIONS": str(questions_file),
            }
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(HERE / "web_locustfile.py"),
                    "--headless",
                    "--host",
                    url,
                    "-u",
                    str(args.users),
                    "-r",
                    str(args.users),
                    "-t",
                    f"{args.seconds}s",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--stop-timeout",
                    "5",
                ],
                env=env,
                check=False,
            )
            with Path(f"{prefix}_stats.csv").open() as stats:
                rows = list(csv.DictReader(stats))
        finally:
            server.stop()
    total = next(row for row in rows if row["Name"] == "Aggregated")
    print(
        f"\nmachine: {os.cpu_count()} cores; target {args.rate:.0f} req/s for {args.seconds} s; "
        f"warm-up (every question once) {warm_seconds:.1f} s"
    )
    print(
        f"{'endpoint':<22}{'requests':>10}{'failures':>10}{'req/s':>9}{'p50 ms':>8}"
        f"{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}"
    )
    for row in rows:
        print(
            f"{row['Name']:<22}{row['Request Count']:>10}{row['Failure Count']:>10}"
            f"{float(row['Requests/s']):>9.1f}{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
            f"{float(row['Max Response Time']):>8.0f}"
        )
    ok = int(total["Failure Count"]) == 0 and float(total["99%"]) < 100
    print(f"target p99 < 100 ms and zero errors: {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
