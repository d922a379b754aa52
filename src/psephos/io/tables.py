"""The bundled tables (built by ``scripts/build_*.py``): their file format, and the shared
vote-array builder.

Format (:data:`FORMAT`): one NumPy ``.npz`` archive per table (``numpy.savez_compressed``), one
array per column in column order: numbers and booleans as they are, text as fixed-width
Unicode; a text column with missing values has a boolean mask beside it, named
:data:`NULL_PREFIX` + the column. Nothing is pickled (read with ``allow_pickle=False``), and
reading needs NumPy only, neither pandas nor pyarrow. :func:`write_table` is the one writer
(every build script calls it) and :func:`read_columns` the one reader.

Every country's loader reads its tables here; nothing else in :mod:`psephos.io` is shared
between countries, so the loaders never import each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError
from psephos.model import Candidate

if TYPE_CHECKING:
    import pandas as pd

#: Name of the format, as the PROVENANCE files give it.
FORMAT = "NumPy columnar .npz (numpy.savez_compressed, no pickles)"
SUFFIX = ".npz"
#: Prefix of a text column's missing-value mask.
NULL_PREFIX = "__null__"

#: Columns of one table: name -> 1-d array, all of one length. Text columns with missing values
#: are object arrays holding ``None`` there; every other column is a plain NumPy array.
Columns = Mapping[str, npt.NDArray[Any]]


def write_table(frame: pd.DataFrame, path: Path) -> Path:
    """Write a table (a DataFrame with a default index) in the bundled format.

    Args:
        frame: Numeric, boolean and text columns (text may have missing values).
        path: Target file; :data:`SUFFIX` is added when missing.

    Returns:
        The path written.

    Raises:
        DataFormatError: a column of another kind (dates, mixed objects, categories).
    """
    arrays: dict[str, npt.NDArray[Any]] = {}
    for column in frame.columns:
        series = frame[column]
        name = str(column)
        if name.startswith(NULL_PREFIX):
            raise DataFormatError(f"Column {name!r} uses the reserved prefix {NULL_PREFIX!r}.")
        if series.dtype.kind in "biuf":
            arrays[name] = series.to_numpy()
            continue
        values = series.to_numpy(dtype=object)
        missing = series.isna().to_numpy()
        if not all(isinstance(value, str) for value in values[~missing]):
            raise DataFormatError(
                f"Column {name!r} ({series.dtype}) is neither numeric, boolean nor text."
            )
        arrays[name] = np.array(
            [value if not gap else "" for value, gap in zip(values, missing, strict=True)],
            dtype=str,
        ).reshape(len(values))
        if missing.any():
            arrays[NULL_PREFIX + name] = missing
    target = path if path.suffix == SUFFIX else path.with_name(path.name + SUFFIX)
    np.savez_compressed(target, **arrays)  # type: ignore[arg-type]
    return target


def read_columns(path: Path, names: Iterable[str] | None = None) -> dict[str, npt.NDArray[Any]]:
    """Read a table written by :func:`write_table` as :data:`Columns`.

    Args:
        path: The ``.npz`` file.
        names: Only these columns (all, in file order, when ``None``).

    Raises:
        DataFormatError: a column the file does not have.
    """
    with np.load(path, allow_pickle=False) as archive:
        stored = [key for key in archive.files if not key.startswith(NULL_PREFIX)]
        wanted = stored if names is None else list(names)
        unknown = [name for name in wanted if name not in stored]
        if unknown:
            raise DataFormatError(
                f"{Path(path).name} has no column {unknown[0]!r}; it has {', '.join(stored)}."
            )
        columns: dict[str, npt.NDArray[Any]] = {}
        for name in wanted:
            values = archive[name]
            if NULL_PREFIX + name in archive.files:
                values = values.astype(object)
                values[archive[NULL_PREFIX + name]] = None
            values.flags.writeable = False
            columns[name] = values
    return columns


@cache
def columns(name: str) -> Columns:
    """One bundled table (``results``, ``candidates``, ``elections``, ``canada_ridings``...) as
    read-only column arrays, without pandas. Cached."""
    resource = resources.files("psephos.data").joinpath(name + SUFFIX)
    with resources.as_file(resource) as path:
        return read_columns(path)


@cache
def table(name: str) -> pd.DataFrame:
    """One bundled table as a DataFrame (pandas imported on first use). Cached; do not mutate
    it."""
    import pandas as pd

    return pd.DataFrame(dict(columns(name)))


def votes_and_candidates(
    seat_codes: npt.NDArray[np.str_],
    candidates: Columns,
    party_codes: tuple[str, ...],
) -> tuple[np.ndarray, list[tuple[Candidate, ...]]]:
    """The seats x parties vote array and per-seat candidate tuples of a bundled candidate table.

    Args:
        seat_codes: Seat codes in the election's seat order.
        candidates: Columns ``code``, ``candidate``, ``party``, ``party_name``, ``votes`` of
            the election's rows (a missing party name becomes ``""``).
        party_codes: The party vocabulary, in column order.
    """
    position = {str(code): i for i, code in enumerate(seat_codes)}
    party_position = {code: j for j, code in enumerate(party_codes)}
    codes = candidates["code"].tolist()
    parties = candidates["party"].tolist()
    counts = candidates["votes"].tolist()
    rows = [position[code] for code in codes]
    votes = np.zeros((len(position), len(party_codes)))
    np.add.at(
        votes,
        (np.asarray(rows, dtype=np.intp), np.asarray([party_position[p] for p in parties])),
        np.asarray(counts, dtype=np.float64),
    )
    per_seat: list[list[Candidate]] = [[] for _ in range(len(position))]
    for row, name, party, party_name, count in zip(
        rows,
        candidates["candidate"].tolist(),
        parties,
        candidates["party_name"].tolist(),
        counts,
        strict=True,
    ):
        per_seat[row].append(
            Candidate(name=name, party=party, party_name=party_name or "", votes=int(count))
        )
    return votes, [tuple(seat) for seat in per_seat]


def select(table_columns: Columns, mask: npt.NDArray[np.bool_]) -> dict[str, npt.NDArray[Any]]:
    """The rows of a table where ``mask`` is true, as columns."""
    return {name: values[mask] for name, values in table_columns.items()}
