"""The bundled Parquet tables (built by ``scripts/build_*.py``) and the shared vote-array builder.

Every country's loader reads its tables here; nothing else in :mod:`psephos.io` is shared
between countries, so the loaders never import each other.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from psephos.model import Candidate


@cache
def table(name: str) -> pd.DataFrame:
    """One bundled table (``results``, ``candidates``, ``geography``, ``boundary_overlap``,
    ``demographics``, ``elections``, ``canada_ridings``, ...) as a DataFrame. Cached; do not
    mutate it."""
    resource = resources.files("psephos.data").joinpath(f"{name}.parquet")
    with resources.as_file(resource) as path:
        return pd.read_parquet(path)


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
