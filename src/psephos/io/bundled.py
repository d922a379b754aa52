"""Load the bundled, normalized UK dataset (built by ``scripts/build_dataset.py``).

The tables ship inside the package as Parquet and are read with :mod:`importlib.resources`, so
nothing outside the installed package is needed. Sources and licences: ``data/PROVENANCE.md``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from psephos.errors import UnknownElectionError, did_you_mean
from psephos.model import PARTY_CODES, Candidate, Constituency, Election

#: The election each bundled election is compared with for changes and swing (same boundaries).
PREVIOUS: dict[str, str] = {
    "2015": "2010",
    "2017": "2015",
    "2019": "2017",
    "2024": "2019-notional-2024",
}

ALIASES: dict[str, str] = {
    "2019n": "2019-notional-2024",
    "2019-notional": "2019-notional-2024",
    "notional-2019": "2019-notional-2024",
    "ge2010": "2010",
    "ge2015": "2015",
    "ge2017": "2017",
    "ge2019": "2019",
    "ge2024": "2024",
}


@cache
def table(name: str) -> pd.DataFrame:
    """One bundled table (``results``, ``candidates``, ``geography``, ``boundary_overlap``,
    ``demographics``, ``elections``) as a DataFrame. Cached; do not mutate it."""
    resource = resources.files("psephos.data").joinpath(f"{name}.parquet")
    with resources.as_file(resource) as path:
        return pd.read_parquet(path)


def available_elections() -> tuple[str, ...]:
    """Ids of the bundled elections, oldest first."""
    return tuple(table("elections")["election"])


def resolve_election_id(election_id: str) -> str:
    """Canonical id for a user's spelling of a bundled election.

    Raises:
        UnknownElectionError: naming the bundled elections.
    """
    key = str(election_id).strip().lower()
    if key.startswith(("canada", "ca-", "ca2")):
        from psephos.io.canada import resolve_canada_id

        return resolve_canada_id(key)
    key = ALIASES.get(key, key)
    known = available_elections()
    if key not in known:
        raise UnknownElectionError(
            f"Unknown election {election_id!r}; bundled elections: {', '.join(known)}, "
            "canada-2019, canada-2021." + did_you_mean(str(election_id), known)
        )
    return key


def load(election_id: str) -> Election:
    """Load a bundled election: ``"2010"``, ``"2015"``, ``"2017"``, ``"2019"``, ``"2024"`` or
    ``"2019-notional-2024"`` (the 2019 result on the 2024 boundaries, Rallings & Thrasher).

    Returns:
        An :class:`~psephos.model.Election` with seats sorted by ONS code and one column per
        party in :data:`~psephos.model.PARTY_CODES`. Loaded once and cached.

    Raises:
        UnknownElectionError: naming the bundled elections.
    """
    key = str(election_id).strip().lower()
    if key.startswith(("canada", "ca-", "ca2")):
        from psephos.io.canada import load_canada

        return load_canada(key)
    return _load(resolve_election_id(election_id))


@cache
def _load(key: str) -> Election:
    info = table("elections").set_index("election").loc[key]
    seats = table("results")
    seats = seats[seats["election"] == key].sort_values("code").reset_index(drop=True)
    candidates = table("candidates")
    candidates = candidates[candidates["election"] == key]
    constituencies = tuple(
        Constituency(
            code=str(code),
            name=str(name),
            nation=str(nation),
            region=str(region),
            electorate=int(electorate),
            boundary_set=str(boundary_set),
        )
        for code, name, nation, region, electorate, boundary_set in zip(
            seats["code"],
            seats["name"],
            seats["nation"],
            seats["region"],
            seats["electorate"],
            seats["boundary_set"],
            strict=True,
        )
    )
    votes, per_seat = votes_and_candidates(seats["code"], candidates, PARTY_CODES)
    return Election.from_votes(
        key,
        constituencies,
        PARTY_CODES,
        votes,
        name=str(info["name"]),
        invalid_votes=seats["invalid_votes"].to_numpy(dtype=np.float64),
        candidates=per_seat,
        meta={
            "date": str(info["date"]),
            "boundary_set": str(info["boundary_set"]),
            "previous": PREVIOUS.get(key),
            "source": "bundled",
        },
    )


def votes_and_candidates(
    seat_codes: pd.Series, candidates: pd.DataFrame, party_codes: tuple[str, ...]
) -> tuple[np.ndarray, list[tuple[Candidate, ...]]]:
    """The seats x parties vote array and per-seat candidate tuples of a bundled candidate table.

    Args:
        seat_codes: Seat codes in the election's seat order.
        candidates: Rows with ``code``, ``candidate``, ``party``, ``party_name``, ``votes``.
        party_codes: The party vocabulary, in column order.
    """
    position = {code: i for i, code in enumerate(seat_codes)}
    party_position = {code: j for j, code in enumerate(party_codes)}
    votes = np.zeros((len(position), len(party_codes)))
    np.add.at(
        votes,
        (
            candidates["code"].map(position).to_numpy(),
            candidates["party"].map(party_position).to_numpy(),
        ),
        candidates["votes"].to_numpy(dtype=np.float64),
    )
    per_seat: list[list[Candidate]] = [[] for _ in range(len(position))]
    for code, name, party, party_name, count in zip(
        candidates["code"],
        candidates["candidate"],
        candidates["party"],
        candidates["party_name"],
        candidates["votes"],
        strict=True,
    ):
        per_seat[position[code]].append(
            Candidate(
                name=str(name), party=str(party), party_name=str(party_name), votes=int(count)
            )
        )
    return votes, [tuple(seat) for seat in per_seat]


def previous_election(election: Election) -> Election | None:
    """The bundled election before this one on the same boundaries, if there is one."""
    if election.id.startswith("canada"):
        from psephos.io.canada import previous_canada_election

        return previous_canada_election(election)
    previous = PREVIOUS.get(election.id)
    return load(previous) if previous else None
