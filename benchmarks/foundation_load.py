"""Loading a bundled election and building its tables, each beside a plain reference.

Run: ``python benchmarks/foundation_load.py [--repeat 7]``. Writes
``benchmarks/results/foundation_load.json`` and the page ``docs/perf/foundation-load.md`` (then
run ``python scripts/build_performance_doc.py``). Each entry point is timed interleaved with a
plain reference doing the same work with no model objects, the two are checked to give the same
answer, and the load average is recorded before and after:

* ``psephos.load("2024")`` from cold (read the tables, build the ``Election`` with its
  constituencies and candidates) vs ``numpy.load`` of the same two bundled ``.npz`` tables and
  the seats x parties vote array built with ``np.add.at`` (same votes, same seat order);
* ``national_table`` vs seat and vote totals by ``bincount`` / column sums;
* ``marginals(top=50)`` vs an ``argsort`` of winner-minus-runner-up;
* ``Election.result`` by a user's spelling of a name vs a dict of lower-cased exact names.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from typing import Any

import numpy as np
from _report import interleaved, load_average, publish, row

import psephos
from psephos.io import bundled, tables
from psephos.model import PARTY_CODES
from psephos.results import marginals, national_table

ELECTION = "2024"


def cold_load() -> psephos.Election:
    """The public entry point with every cache emptied (what a fresh process pays)."""
    tables.columns.cache_clear()
    bundled._load.cache_clear()
    return psephos.load(ELECTION)


def plain_load() -> tuple[np.ndarray, np.ndarray]:
    """Plain NumPy: the results and candidates tables read with ``numpy.load``, this election's
    rows picked, seats sorted by code and the vote array summed with ``np.add.at``."""
    data = resources.files("psephos.data")
    with np.load(data / "results.npz") as results, np.load(data / "candidates.npz") as rows:
        election = int(np.flatnonzero(results["__values__election"] == ELECTION)[0])
        seat_codes = results["__values__code"][results["code"][results["election"] == election]]
        seat_codes.sort()
        chosen = rows["election"] == election
        codes = rows["__values__code"][rows["code"][chosen]]
        parties = rows["__values__party"][rows["party"][chosen]]
        counts = rows["votes"][chosen]
    column = {party: j for j, party in enumerate(PARTY_CODES)}
    votes = np.zeros((len(seat_codes), len(PARTY_CODES)))
    np.add.at(
        votes,
        (np.searchsorted(seat_codes, codes), [column[party] for party in parties.tolist()]),
        counts,
    )
    return seat_codes, votes


def load_rows(repeat: int) -> list[dict[str, Any]]:
    election = cold_load()
    seat_codes, votes = plain_load()
    agree = list(seat_codes) == list(election.codes) and np.array_equal(votes, election.votes)
    times = interleaved({"ours": cold_load, "plain": plain_load}, repeat)
    return [
        row(
            f'`psephos.load("{ELECTION}")`, cold (caches emptied)',
            times["ours"],
            times["plain"],
            "`numpy.load` of the same two tables, rows picked, vote array by `np.add.at` "
            "(no model objects)",
            "",
            None,
            f"same seats and votes: {'yes' if agree else '**no**'}; ours also builds "
            f"{election.n_seats} constituencies and their candidate lists",
        )
    ]


def table_rows(repeat: int) -> list[dict[str, Any]]:
    election, previous = psephos.load("2017"), psephos.load("2015")
    votes = np.asarray(election.votes)
    parties = list(election.parties)

    def plain_table() -> tuple[np.ndarray, np.ndarray]:
        return np.bincount(votes.argmax(axis=1), minlength=len(parties)), votes.sum(axis=0)

    table = national_table(election, previous)
    seats, totals = plain_table()
    by_code = {line["party"]: line for line in table}
    table_agrees = all(
        by_code[code]["seats"] == seats[j] and by_code[code]["votes"] == totals[j]
        for j, code in enumerate(parties)
        if code in by_code
    )

    def plain_marginals() -> np.ndarray:
        ordered = np.sort(votes, axis=1)
        return np.argsort(ordered[:, -1] - ordered[:, -2], kind="stable")[:50]

    found = [seat.code for seat in marginals(election, top=50)]
    plain_codes = [election.codes[i] for i in plain_marginals()]
    marginals_agree = found == plain_codes

    names = {seat.name.lower(): seat.code for seat in election.constituencies}
    spelling = "hampstead & kilburn"

    def plain_lookup() -> str:
        return names[spelling.replace("&", "and")]

    lookup_agrees = election.result(spelling).constituency.code == plain_lookup()
    times = interleaved(
        {
            "table": lambda: national_table(election, previous),
            "plain_table": plain_table,
            "marginals": lambda: marginals(election, top=50),
            "plain_marginals": plain_marginals,
            "lookup": lambda: election.result(spelling),
            "plain_lookup": plain_lookup,
        },
        repeat,
        50,
    )

    def same(flag: bool) -> str:
        return "yes" if flag else "**no**"

    return [
        row(
            "`national_table(2017, 2015)` (seats, votes, shares and changes per party)",
            times["table"],
            times["plain_table"],
            "`bincount` of winners and vote column sums (no changes, no shares)",
            "",
            None,
            f"same seats and votes: {same(table_agrees)}",
        ),
        row(
            "`marginals(2017, top=50)`",
            times["marginals"],
            times["plain_marginals"],
            "`argsort` of winner's minus runner-up's votes, first 50",
            "",
            None,
            f"same 50 seats in the same order: {same(marginals_agree)}",
        ),
        row(
            f'`Election.result("{spelling}")` (any spelling, "did you mean")',
            times["lookup"],
            times["plain_lookup"],
            "dict of lower-cased names, exact spelling only",
            "",
            None,
            f"same seat: {same(lookup_agrees)}",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    load_before = load_average()
    rows = load_rows(args.repeat) + table_rows(args.repeat)
    publish(
        "foundation_load",
        "Foundation: loading and tables against plain references",
        f"python benchmarks/foundation_load.py --repeat {args.repeat}",
        rows,
        args.repeat,
        load_before,
    )


if __name__ == "__main__":
    sys.exit(main())
