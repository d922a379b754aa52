"""Locust users for the web load test (driven by ``benchmarks/web_load.py``).

Each user asks at a fixed pace for: JSON seat lookups (``/api/seats/{code}``), the
server-rendered seat page (``/seats/{code}``), for random seats of random elections, and
tactical advice (``/api/advice``) for a random 2024 seat and one of four voter profiles.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, constant_throughput, task

import psephos

PER_USER_RPS = float(os.environ.get("PSEPHOS_LOAD_PER_USER_RPS", "10"))
ELECTIONS = ("2024", "2019", "2017", "2015", "2010")
SEATS = {election: psephos.load(election).codes for election in ELECTIONS}
#: Voter profiles asked about in every Great Britain seat: (prefer, against).
PROFILES = (
    ("Lab,Green,LD", "Con"),
    ("LD,Green", "Reform"),
    ("Con", "Lab"),
    ("Green,Lab", "Reform"),
)
ADVICE_SEATS = tuple(code for code in SEATS["2024"] if not code.startswith("N"))
#: The (seat, prefer, against) questions to ask: written by the warm-up of ``web_load.py``
#: (those with an answer: a profile whose parties do not stand in a seat gets a 400).
_QUESTIONS_FILE = os.environ.get("PSEPHOS_LOAD_QUESTIONS")
QUESTIONS: list[list[str]] = (
    json.loads(Path(_QUESTIONS_FILE).read_text())
    if _QUESTIONS_FILE
    else [[code, prefer, against] for code in ADVICE_SEATS for prefer, against in PROFILES]
)


class SeatLookups(FastHttpUser):
    """A reader clicking around seats."""

    wait_time = constant_throughput(PER_USER_RPS)

    def _pick(self) -> tuple[str, str]:
        election = random.choice(ELECTIONS)
        return election, random.choice(SEATS[election])

    @task(2)
    def advice_json(self) -> None:
        code, prefer, against = random.choice(QUESTIONS)
        self.client.get(
            f"/api/advice?seat={code}&prefer={prefer}&against={against}", name="/api/advice"
        )

    @task(5)
    def seat_json(self) -> None:
        election, code = self._pick()
        self.client.get(f"/api/seats/{code}?election={election}", name="/api/seats/{code}")

    @task(2)
    def seat_page(self) -> None:
        election, code = self._pick()
        self.client.get(f"/seats/{code}?election={election}", name="/seats/{code}")
