"""Seat-level shapes a national poll can be applied to: a published MRP's seat estimates.

The bundled example is the Movement Forward average of the 2024 pre-election MRPs (YouGov,
Ipsos, Survation, Focaldata), ``tactical_mrp_2024.npz`` (built by
``scripts/build_tactical.py``; provenance in ``src/psephos/data/PROVENANCE-tactical.md``).
Used by the ``national`` model's ``shape`` input and by tactical advice.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from psephos.jurisdictions import UK
from psephos.model import Election

FloatArray = npt.NDArray[np.float64]


def mrp_shares(election: Election) -> FloatArray:
    """The 2024 MRP average as seats x parties shares on ``election``'s seats (NaN rows where
    the MRP has no seat: Northern Ireland and the Speaker's seat)."""
    frame = UK.table("tactical_mrp_2024")
    frame = frame[frame["poll"] == "AVERAGE"].set_index("code")
    out = np.full(election.votes.shape, np.nan)
    for party in ("Con", "Lab", "LD", "Green", "SNP", "PC", "Reform", "Other"):
        if party not in election.parties:
            continue
        column = frame[party].reindex(list(election.codes)).to_numpy(dtype=float)
        out[:, election.parties.index(party)] = column
    known = ~np.isnan(out[:, election.parties.index("Con")])
    out[known] = np.nan_to_num(out[known])
    totals = out[known].sum(axis=1, keepdims=True)
    out[known] = out[known] / np.where(totals > 0, totals, 1.0)
    return out
