"""Seat-level shapes a national poll can be applied to, such as a published MRP's seat estimates.

A shape is a seats x parties array of shares on the base election's seats (NaN rows where the
shape has no estimate: those seats keep the base result's shape). It comes from a user's file
(:func:`psephos.io.shares.read_seat_shapes_csv`, then :func:`shape_from_table`) or from the
bundled example, the Movement Forward average of the 2024 pre-election MRPs (YouGov, Ipsos,
Survation, Focaldata), ``tactical_mrp_2024.npz`` (built by ``scripts/build_tactical.py``; provenance
in ``src/psephos/data/PROVENANCE-tactical.md``), by :func:`mrp_shares`. Used by the ``national``
model's ``shape`` input (``psephos project --shape``) and by tactical advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError, PsephosError
from psephos.model import Election
from psephos.numbers import format_number

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Names of the bundled shapes (``--shape mrp-2024``).
BUNDLED_SHAPES: tuple[str, ...] = ("mrp-2024",)
_MRP_PARTIES = ("Con", "Lab", "LD", "Green", "SNP", "PC", "Reform", "Other")


def shape_from_table(election: Election, table: Mapping[str, Mapping[str, float]]) -> FloatArray:
    """A seat -> {party: share} table (ONS codes or seat names; percentages or fractions) as a
    seats x parties share array on ``election``'s seats, each listed row summing to 1.

    Raises:
        DataFormatError: a seat that is not in ``election`` (with the closest names), a party
            outside the vocabulary or not in ``election``, or a seat whose shares sum to 0.
        UnknownConstituencyError: a table drawn on other boundaries (half its ONS codes
            unknown, :func:`psephos.projection.candidates.check_boundaries`).
    """
    from psephos.projection.candidates import check_boundaries

    check_boundaries(election, list(table), "seat estimates")
    out = np.full(election.votes.shape, np.nan)
    for seat, shares in table.items():
        try:
            row = election.seat_index(seat)
            columns = [election.party_index(party) for party in shares]
        except PsephosError as error:
            raise DataFormatError(f"Seat shape: {error}") from None
        values = np.zeros(len(election.parties))
        for column, share in zip(columns, shares.values(), strict=True):
            values[column] += float(share)
        total = values.sum()
        if total <= 0:
            raise DataFormatError(f"Seat shape: the shares for {seat!r} sum to 0.")
        out[row] = values / total
    return out


def mrp_shares(election: Election) -> FloatArray:
    """The 2024 MRP average as seats x parties shares on ``election``'s seats (NaN rows where
    the MRP has no seat: Northern Ireland and the Speaker's seat)."""
    from psephos.jurisdictions import UK

    frame = UK.table("tactical_mrp_2024")
    frame = frame[frame["poll"] == "AVERAGE"]
    known = set(election.codes)
    if not set(frame["code"]) <= known:  # a few Scottish codes recur on other boundaries
        raise DataFormatError(
            f"The bundled MRP shape (mrp-2024) is drawn on the UK's 2024 seats; {election.id!r} "
            "is on other boundaries (use a base on the 2024 boundaries, e.g. --from 2024)."
        )
    parties = [p for p in _MRP_PARTIES if p in election.parties]
    values = np.nan_to_num(frame[parties].to_numpy(dtype=float))
    table = {
        code: dict(zip(parties, map(float, row), strict=True))
        for code, row in zip(frame["code"], values, strict=True)
        if code in known
    }
    return shape_from_table(election, table)


def uncovered_seats_note(election: Election, shape: FloatArray, projected: BoolArray) -> list[str]:
    """A note naming the ``projected`` seats (those the projection moves) that ``shape`` has
    no estimate for (NaN rows), which keep the base result's shape: a published MRP may leave
    seats out, and a file that lists fewer seats than meant should not pass unnoticed. Empty
    when the shape covers every projected seat."""
    missing = np.flatnonzero(projected & np.isnan(np.asarray(shape, dtype=np.float64)).any(axis=1))
    if not len(missing):
        return []
    names = [election.constituencies[int(row)].name for row in missing[:5]]
    more = f" and {format_number(len(missing) - len(names), ',')} more" if len(missing) > 5 else ""
    count = format_number(len(missing), ",")
    of_all = format_number(int(np.count_nonzero(projected)), ",")
    return [
        f"The seat shape has no estimate for {count} of the {of_all} seats projected "
        f"({'; '.join(names)}{more}); {'it keeps' if len(missing) == 1 else 'they keep'} the "
        "base result's shape."
    ]


def load_shape(election: Election, source: str | Path) -> FloatArray:
    """A bundled shape by name (:data:`BUNDLED_SHAPES`) or a seat shape CSV file, on
    ``election``'s seats.

    Raises:
        DataFormatError: an unknown name that is not a file, or a bad file (see
            :func:`psephos.io.shares.read_seat_shapes_csv` and :func:`shape_from_table`).
    """
    from psephos.io.shares import read_seat_shapes_csv

    path = Path(source)
    if str(source).strip().lower() == "mrp-2024" and not path.exists():
        return mrp_shares(election)
    if not path.exists():
        raise DataFormatError(
            f"No seat shape {str(source)!r}: give a CSV file (seat plus party share columns) "
            f"or a bundled shape ({', '.join(BUNDLED_SHAPES)})."
        )
    return shape_from_table(election, read_seat_shapes_csv(path))
