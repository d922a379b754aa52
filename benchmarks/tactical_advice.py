"""Benchmark: the advice engine (simulated shares, one voter, a bloc's 650 picks, the audit).

Run: ``python benchmarks/tactical_advice.py``. Prints timings; the figures go into
docs/perf/tactical.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from psephos.tactical.api import advise_seat, bloc_advice, uncertainty_for
from psephos.tactical.audit import audit


def timed(label: str, work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = work()
    print(f"{label}: {time.perf_counter() - start:.3f} s")
    return result


def main() -> None:
    timed("simulated shares, next election (2,000 x 650 x 16)", lambda: uncertainty_for("next"))
    timed("simulated shares, before 2019 (uniform swing)", lambda: uncertainty_for("2019", seed=1))
    timed(
        "one voter, first call (win probabilities, seat totals)",
        lambda: advise_seat("Hampstead and Highgate", "Green,Lab,LD", against="Con"),
    )
    timed(
        "one voter, warm",
        lambda: advise_seat("Hampstead and Highgate", "Green,Lab,LD", against="Con"),
    )
    timed("one voter, another seat", lambda: advise_seat("Clacton", "Con,Lab", against="Reform"))
    timed("bloc picks for 650 seats (defeat Con)", lambda: bloc_advice("Con"))
    timed("audit 2019 (both goals, 2,000 sims each)", lambda: audit("2019"))
    timed("audit 2024 (MRP)", lambda: audit("2024", method="mrp"))


if __name__ == "__main__":
    main()
