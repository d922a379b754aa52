"""Start-up time of the command line, measured beside ``python -c pass`` in one run.

Run: ``python benchmarks/startup.py [--repeat 15] [--page]``. Each command is run as a fresh
process, interleaved with the reference so load from other work hits them alike; the table gives
the median wall time of each, the median difference to the reference, and whether it is within
the target (0.3 s more than an empty interpreter; issues 17 and 21). Also records which heavy
modules each command imported (``-X importtime``). Writes ``benchmarks/results/startup.json``;
``--page`` also writes the table into ``docs/perf/startup.md`` (then run
``scripts/build_performance_doc.py``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _report import ROOT, load_average, run_meta, save_results

PYTHON = sys.executable
PSEPHOS = str(Path(PYTHON).with_name("psephos"))
TARGET_SECONDS = 0.3
HEAVY = ("scipy", "pandas", "pyarrow", "matplotlib", "sklearn", "ortools", "fastapi")

CASES: dict[str, list[str]] = {
    "python -c pass (reference)": [PYTHON, "-c", "pass"],
    "psephos --help": [PSEPHOS, "--help"],
    "psephos results 2024": [PSEPHOS, "results", "2024"],
}


def wall(command: list[str]) -> float:
    """Seconds one fresh process takes, output discarded."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def heavy_imports(command: list[str]) -> list[str]:
    """Top-level packages from :data:`HEAVY` that the command imports."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    names = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()}
    return sorted(name for name in HEAVY if name in names)


def main() -> None:
    """Time every case interleaved and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--page", action="store_true", help="write docs/perf/startup.md")
    args = parser.parse_args()
    load_before = load_average()
    for command in CASES.values():  # warm the file cache
        wall(command)
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(args.repeat):
        for name, command in CASES.items():
            times[name].append(wall(command))
    reference = times["python -c pass (reference)"]
    meta = run_meta(args.repeat, load_before)
    lines = [
        f"`python benchmarks/startup.py --repeat {args.repeat}`, {meta['date']}, "
        f"{meta['machine']}. Load average {meta['load_before']} before and "
        f"{meta['load_after']} after the run (1/5/15 minutes); median of {args.repeat} fresh "
        "processes each, interleaved with the reference.",
        "",
        "| command | median wall | median extra over `python -c pass` | target | heavy imports |",
        "|---|---:|---:|---|---|",
    ]
    rows = []
    for name, command in CASES.items():
        extra = statistics.median(t - r for t, r in zip(times[name], reference, strict=True))
        median = statistics.median(times[name])
        is_reference = command[0] == PYTHON
        met = "" if is_reference else ("met" if extra <= TARGET_SECONDS else "**missed**")
        heavy = "" if is_reference else (", ".join(heavy_imports(command)) or "none")
        rows.append({"command": name, "median_s": median, "extra_s": extra, "heavy": heavy})
        lines.append(f"| `{name}` | {median:.3f} s | {extra:+.3f} s | {met} | {heavy} |")
    save_results("startup", rows, meta)
    table = "\n".join(lines)
    print(table)
    if args.page:
        page = ROOT / "docs" / "perf" / "startup.md"
        text = page.read_text(encoding="utf-8")
        begin, end = "<!-- startup.py table -->", "<!-- end startup.py table -->"
        head, rest = text.split(begin)
        page.write_text(f"{head}{begin}\n{table}\n{end}{rest.split(end)[1]}", encoding="utf-8")


if __name__ == "__main__":
    main()
