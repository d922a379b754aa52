"""Front doors against their cores (issue 21): every documented entry point beside a plain
reference doing the same work, timed in one run, with the ratio and the target.

Run: ``python benchmarks/front_doors.py [--repeat 7] [--only SECTION ...]``. Writes
``benchmarks/results/front_doors.json`` and the page ``docs/perf/front-doors.md`` (then run
``python scripts/build_performance_doc.py``). The machine is shared and noisy: every figure is
the median of ``--repeat`` runs, references interleaved with the timed call, and the load
average is recorded before and after.

Rows (target in brackets):

* start-up: ``psephos --help`` and ``psephos results 2024`` vs ``python -c pass`` (+0.3 s);
* ``psephos.projection.project`` (uniform) vs plain NumPy doing the same work on 650 x 16
  (uniform swing where parties stand, votes and winners; 3x);
* the headline model with this time's candidate lists, warm and first call (5 ms);
* the covariate model, 10,000 scenarios, vs its starting model (2 s);
* IRV / STV count from a 1M x 5 ballots array, end to end, vs ``np.unique`` grouping (6 ms);
* ``psephos forecast --sims 100000`` wall and peak memory vs the library run (2 s, 2 GB);
* ``psephos allocate`` with 100,000 volunteers vs the library solve (3 s).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from _report import (
    ROOT,
    interleaved,
    load_average,
    median_time,
    render,
    row,
    run_meta,
    save_results,
    write_page,
)

PYTHON = sys.executable
PSEPHOS = str(Path(PYTHON).with_name("psephos"))
POLL = "Lab 40 Con 24 Reform 15 LD 11 Green 6"


def process(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak resident memory (MiB) and CPU seconds (user + system, all threads)
    of one fresh process. On a loaded machine the wall time includes waiting for a core; the
    CPU time is what the command itself used."""
    timed = (
        ["/usr/bin/time", "-f", "%M %U %S", *command] if Path("/usr/bin/time").exists() else command
    )
    start = time.perf_counter()
    done = subprocess.run(timed, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    try:
        peak_kb, user, system = done.stderr.strip().splitlines()[-1].split()
        peak, cpu = float(peak_kb) / 1024, float(user) + float(system)
    except (ValueError, IndexError):
        peak = cpu = float("nan")
    return wall, peak, cpu


def startup_rows(repeat: int) -> list[dict[str, Any]]:
    cases = {
        "python -c pass": [PYTHON, "-c", "pass"],
        "psephos --help": [PSEPHOS, "--help"],
        "psephos results 2024": [PSEPHOS, "results", "2024"],
    }
    for command in cases.values():
        subprocess.run(command, check=True, capture_output=True)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeat):
        for name, command in cases.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    reference = times["python -c pass"]
    rows = []
    for name in ("psephos --help", "psephos results 2024"):
        extra = statistics.median(t - r for t, r in zip(times[name], reference, strict=True))
        rows.append(
            row(
                f"`{name}` (start-up)",
                statistics.median(times[name]),
                statistics.median(reference),
                "`python -c pass`",
                "within +0.3 s",
                extra <= 0.3,
                f"+{extra:.3f} s over the reference",
            )
        )
    return rows


def projection_rows(repeat: int) -> list[dict[str, Any]]:
    import psephos
    from psephos.projection import batch_seats, bundled_candidates, prepared, project
    from psephos.projection.inputs import _read_poll_text

    base = psephos.load("2019-notional-2024")
    prepared_base = prepared(base, "national")
    national = dict(zip(base.parties, prepared_base.base_area[0], strict=True))
    national["Con"] -= 0.10
    national["Lab"] += 0.10
    swing = np.array([national[p] for p in base.parties]) - prepared_base.base_area[0]
    shares = base.shares()
    valid = np.asarray(base.valid_votes)[:, None]
    # The same work as the front door, in plain NumPy: the same model (uniform swing where a
    # party stands, Northern Ireland and the Speaker's seat kept as they were, negatives clipped,
    # rows renormalised) and what a user gets back (projected shares, votes and winners). The
    # swing is given as a ready seats x parties array: reading the poll is not timed here.
    change = np.where(prepared_base.active[:, None], swing, 0.0)
    stood = prepared_base.stood

    def plain_swing() -> np.ndarray:
        projected = shares + swing
        np.maximum(projected, 0.0, out=projected)
        projected /= projected.sum(axis=1, keepdims=True)
        return projected

    def same_work(change: np.ndarray) -> Any:
        """The plain-NumPy projection by ``change`` (seats x parties), as a timed call."""

        def plain() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            projected = shares + change
            projected *= stood
            np.maximum(projected, 0.0, out=projected)
            projected /= projected.sum(axis=1, keepdims=True)
            votes = projected * valid
            return projected, votes, votes.argmax(axis=1)

        return plain

    plain_projection = same_work(change)

    def public() -> object:
        return project(base, national, model="uniform")

    # A poll as a user types it (the README's): five parties, 96%, the rest filled, read from
    # its text, with the notes a user gets (the parties it leaves out, whose seats move)
    typed_poll = "Lab 40 Con 24 Reform 15 LD 11 Green 6"
    typed = project(base, typed_poll, model="uniform")
    typed_change = np.where(
        prepared_base.active[:, None], typed.target[0] - prepared_base.base_area[0], 0.0
    )

    plain_typed = same_work(typed_change)

    def public_typed() -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its notes are made, as for a user, not printed
            return project(base, typed_poll, model="uniform")

    def public_typed_new() -> object:
        # the same poll read as a new text: ``read_poll`` keeps the texts it has read, and the
        # timed loop repeats one, so this row empties that store first (a user's first read)
        _read_poll_text.cache_clear()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return project(base, typed_poll, model="uniform")

    result = project(base, national, model="uniform")
    reference = plain_projection()
    np.testing.assert_allclose(result.shares, reference[0], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(result.election.votes, reference[1], rtol=1e-12)
    np.testing.assert_array_equal(result.election.winner, reference[2])
    np.testing.assert_allclose(typed.shares, plain_typed()[0], rtol=1e-12, atol=1e-15)
    times = interleaved(
        {
            "plain": plain_swing,
            "same_work": plain_projection,
            "project": public,
            "typed_same_work": plain_typed,
            "typed": public_typed,
            "typed_new": public_typed_new,
        },
        repeat,
        200,
    )
    rows = [
        row(
            "`project(base, shares)` uniform -> full `Election`",
            times["project"],
            times["same_work"],
            "plain NumPy, same work: uniform swing where parties stand, clip, renormalise, "
            "votes and winners",
            "<= 3x",
            times["project"] <= 3 * times["same_work"],
            f"{times['project'] / times['plain']:.2f}x of the bare plain swing "
            f"(add, clip, renormalise: {times['plain'] * 1e6:.0f} µs), the reference of "
            "earlier runs",
        ),
        row(
            f'`project(base, "{typed_poll}")` uniform, a poll as typed',
            times["typed"],
            times["typed_same_work"],
            "plain NumPy, the same work on the shares the poll gives (reading the poll and "
            "filling the 4% it leaves not timed there)",
            "<= 3x",
            times["typed"] <= 3 * times["typed_same_work"],
            "the same text again (read once, then kept), the rest filled, the note on the "
            "parties it leaves out made",
        ),
        row(
            f'`project(base, "{typed_poll}")` uniform, a poll as typed, its text read for the '
            "first time",
            times["typed_new"],
            times["typed_same_work"],
            "plain NumPy, the same work on the shares the poll gives",
            "<= 3x",
            times["typed_new"] <= 3 * times["typed_same_work"],
            "the store of texts read emptied before each call, so the text is read, checked "
            "and its notes made every time",
        ),
    ]

    lists = bundled_candidates("2024")
    headline_model = "adaptive-incumbency"

    def headline() -> object:
        return project(base, national, model=headline_model, candidates=lists)

    fresh = psephos.load("2019")  # other boundaries: only to warm the model fit off the clock
    del fresh
    start = time.perf_counter()
    headline()  # first call: fits the model once per base, splits and re-bases the lists
    first = time.perf_counter() - start
    code = next(iter(lists))
    changed = {**lists, code: lists[code][:-1]}
    start = time.perf_counter()
    project(base, national, model=headline_model, candidates=changed)
    new_lists = time.perf_counter() - start
    warm = median_time(headline, repeat, 5)
    rows.append(
        row(
            "headline model with 2024 candidate lists (`adaptive-incumbency`), warm",
            warm,
            times["project"],
            "`project` uniform without lists",
            "<= 5 ms",
            warm <= 0.005,
            f"first call with a new set of lists {new_lists * 1e3:.1f} ms; very first call "
            f"(fits the model) {first:.2f} s",
        )
    )

    level = prepared(base, "region")
    area = level.base_area[:-1]
    rng = np.random.default_rng(2024)
    targets = np.clip(area + rng.normal(0, 0.02, size=(10_000, *area.shape)) * (area > 0), 0, None)
    targets /= targets.sum(axis=-1, keepdims=True)
    batch_seats(base, targets[:10], model="covariate")
    covariate = {"covariate": lambda: batch_seats(base, targets, model="covariate")}
    covariate["transition"] = lambda: batch_seats(base, targets, model="transition")
    cov = interleaved(covariate, max(1, repeat // 3))
    rows.append(
        row(
            "covariate model, 10,000 scenarios (`batch_seats`)",
            cov["covariate"],
            cov["transition"],
            "its starting model (regional transition), same batch",
            "< 2 s",
            cov["covariate"] < 2.0,
        )
    )
    return rows


def counting_rows(repeat: int) -> list[dict[str, Any]]:
    from psephos.systems import Ballots, count_irv, count_stv

    n_ballots, n_candidates = 1_000_000, 5
    rng = np.random.default_rng(2024)
    utility = np.log(np.linspace(1.0, 0.4, n_candidates)) + rng.gumbel(
        size=(n_ballots, n_candidates)
    )
    rankings = np.argsort(-utility, axis=1).astype(np.int8)
    length = rng.integers(1, n_candidates + 1, size=n_ballots)
    rankings[np.arange(n_candidates)[None, :] >= length[:, None]] = -1
    names = [f"c{i}" for i in range(n_candidates)]

    def irv() -> object:
        return count_irv(Ballots.from_rankings(names, rankings))

    def stv() -> object:
        return count_stv(Ballots.from_rankings(names, rankings), 3)

    powers = (n_candidates + 1) ** np.arange(n_candidates - 1, -1, -1, dtype=np.int64)

    def plain_grouping() -> object:
        """Plain NumPy: a base-(n+1) code per ballot by a dot product, then one bincount."""
        codes = (rankings.astype(np.int64) + 1) @ powers
        return np.bincount(codes, minlength=(n_candidates + 1) ** n_candidates)

    irv()
    times = interleaved({"irv": irv, "stv": stv, "plain": plain_grouping}, repeat)
    wide = rankings.astype(np.int64)
    int64_irv = median_time(lambda: count_irv(Ballots.from_rankings(names, wide)), repeat)
    note = f"int64 input (one conversion pass more): {int64_irv * 1e3:.1f} ms"
    return [
        row(
            "IRV from a 1M x 5 int8 ballots array, end to end",
            times["irv"],
            times["plain"],
            "plain NumPy grouping alone (code by dot product + `bincount`)",
            "<= 6 ms",
            times["irv"] <= 0.006,
            note,
        ),
        row(
            "STV (3 seats) from a 1M x 5 int8 ballots array, end to end",
            times["stv"],
            times["plain"],
            "plain NumPy grouping alone (code by dot product + `bincount`)",
            "<= 6 ms",
            times["stv"] <= 0.006,
        ),
    ]


def forecast_rows(repeat: int) -> list[dict[str, Any]]:
    import psephos
    from psephos.forecast.montecarlo import plan_forecast, run_chunks
    from psephos.projection import project

    command = [PSEPHOS, "forecast", "--poll", POLL, "--sims", "100000", "--seed", "1"]
    runs = [process(command) for _ in range(max(1, repeat // 2))]
    wall = statistics.median(r[0] for r in runs)
    peak = max(r[1] for r in runs)
    cpu = statistics.median(r[2] for r in runs)
    from psephos.jurisdictions import UK

    base = psephos.load(UK.latest_id)  # the command's default base
    plan = plan_forecast(base, np.asarray(project(base, POLL).shares))
    core = median_time(lambda: run_chunks(plan, 100_000, seed=1), max(1, repeat // 2))
    return [
        row(
            "`psephos forecast --sims 100000` (wall, fresh process)",
            wall,
            core,
            "the library simulation alone (`run_chunks`, 100,000 sims)",
            "< 2 s, < 2 GB",
            wall < 2.0 and peak < 2048,
            f"peak memory {peak:.0f} MiB; CPU (user + system, both simulation threads) {cpu:.2f} s",
        )
    ]


def allocate_rows(repeat: int) -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from targeting_allocate import synthetic_volunteers

    import psephos
    from psephos.io.volunteers import read_volunteers
    from psephos.targeting.allocate import allocate_volunteers

    election = psephos.load("2019")
    volunteers = synthetic_volunteers(election, 100_000, 2024)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "volunteers.csv"
        lines = ["id,latitude,longitude,hours"]
        lines += [
            f"{i},{lat:.5f},{lon:.5f},{int(h)}"
            for i, lat, lon, h in zip(
                volunteers.ids,
                volunteers.latitude,
                volunteers.longitude,
                volunteers.hours,
                strict=True,
            )
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        command = [PSEPHOS, "allocate", str(path), "-e", "2019", "--party", "Lab", "-f", "json"]
        runs = [process(command) for _ in range(max(1, repeat // 2))]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[2] for r in runs)
        loaded = read_volunteers(path).volunteers
        core = median_time(
            lambda: allocate_volunteers(election, loaded, party="Lab"), max(1, repeat // 2)
        )
    return [
        row(
            "`psephos allocate` 100,000 volunteers (wall, fresh process)",
            wall,
            core,
            "the library solve alone (`allocate_volunteers`)",
            "< 3 s",
            wall < 3.0,
            f"peak memory {max(r[1] for r in runs):.0f} MiB; CPU (user + system) {cpu:.2f} s",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--only", nargs="*", default=None, help="startup projection counting forecast allocate"
    )
    args = parser.parse_args()
    sections = {
        "startup": startup_rows,
        "projection": projection_rows,
        "counting": counting_rows,
        "forecast": forecast_rows,
        "allocate": allocate_rows,
    }
    load_before = load_average()
    rows: list[dict[str, Any]] = []
    for name, function in sections.items():
        if args.only and name not in args.only:
            continue
        print(f"... {name}", file=sys.stderr, flush=True)
        rows.extend(function(args.repeat))
    meta = run_meta(args.repeat, load_before)
    # A partial run (--only) keeps the full run's figures: it writes a file of its own.
    save_results("front_doors" + "".join(f"_{name}" for name in args.only or ()), rows, meta)
    page = render(
        "Front doors against their cores (issue 21)",
        f"python benchmarks/front_doors.py --repeat {meta['repeat']}",
        rows,
        meta,
    )
    if not args.only:
        write_page("front-doors", page)
    print(page)


if __name__ == "__main__":
    main()
