"""Load the bundled, normalized UK dataset (built by ``scripts/build_dataset.py``).

The tables ship inside the package in NumPy's ``.npz`` format (:mod:`psephos.io.tables`) and
are read, without pandas, with :mod:`importlib.resources`, so
nothing outside the installed package is needed. Sources and licences: ``data/PROVENANCE.md``.
This module knows UK elections only; :mod:`psephos.jurisdictions` chooses the country's loader
(``psephos.load`` works for every country). Only :mod:`psephos.io` and
:mod:`psephos.jurisdictions` import this module.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from psephos.errors import UnknownElectionError, did_you_mean
from psephos.io.tables import columns, select, table, votes_and_candidates
from psephos.model import PARTY_CODES, Constituency, Election

__all__ = [
    "ALIASES",
    "PREVIOUS",
    "available_elections",
    "load",
    "previous_election",
    "resolve_election_id",
    "table",
    "votes_and_candidates",
]

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


def available_elections() -> tuple[str, ...]:
    """Ids of the bundled elections, oldest first."""
    return tuple(columns("elections")["election"].tolist())


def resolve_election_id(election_id: str) -> str:
    """Canonical id for a user's spelling of a bundled UK election.

    Raises:
        UnknownElectionError: naming the bundled UK elections.
    """
    key = str(election_id).strip().lower()
    key = ALIASES.get(key, key)
    known = available_elections()
    if key not in known:
        raise UnknownElectionError(
            f"Unknown UK election {election_id!r}; bundled: {', '.join(known)}."
            + did_you_mean(str(election_id), known)
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
    return _load(resolve_election_id(election_id))


def seat_display_name(name: str) -> str:
    """A seat name as Parliament writes it: the source files of 2010-2019 title-case "of" and
    "upon" ("Vale Of Clwyd" -> "Vale of Clwyd", "Newcastle Upon Tyne" -> "Newcastle upon
    Tyne"); "The" in "Penrith and The Border" is the official spelling and stays."""
    return name.replace(" Of ", " of ").replace(" Upon ", " upon ")


@cache
def _load(key: str) -> Election:
    elections = columns("elections")
    info = {
        name: str(values[0])
        for name, values in select(elections, elections["election"] == key).items()
    }
    results = columns("results")
    seats = select(results, results["election"] == key)
    order = np.argsort(seats["code"], kind="stable")
    seats = {name: values[order] for name, values in seats.items()}
    candidates = columns("candidates")
    constituencies = tuple(
        Constituency(
            code=code,
            name=seat_display_name(name),
            nation=nation,
            region=region,
            electorate=electorate,
            boundary_set=boundary_set,
        )
        for code, name, nation, region, electorate, boundary_set in zip(
            seats["code"].tolist(),
            seats["name"].tolist(),
            seats["nation"].tolist(),
            seats["region"].tolist(),
            seats["electorate"].tolist(),
            seats["boundary_set"].tolist(),
            strict=True,
        )
    )
    votes, per_seat = votes_and_candidates(
        seats["code"], select(candidates, candidates["election"] == key), PARTY_CODES
    )
    return Election.from_votes(
        key,
        constituencies,
        PARTY_CODES,
        votes,
        name=info["name"],
        invalid_votes=seats["invalid_votes"].astype(np.float64),
        candidates=per_seat,
        meta={
            "date": info["date"],
            "boundary_set": info["boundary_set"],
            "previous": PREVIOUS.get(key),
            "country": "United Kingdom",
            "jurisdiction": "uk",
            "source": "bundled",
        },
    )


def previous_election(election: Election) -> Election | None:
    """The bundled UK election before this one on the same boundaries, if there is one
    (:func:`psephos.jurisdictions.previous_election` answers for every country)."""
    previous = PREVIOUS.get(election.id)
    return load(previous) if previous else None
