"""The bundled tables (built by ``scripts/build_*.py``): their file format, and the shared
vote-array builder.

Format (:data:`FORMAT`): one NumPy ``.npz`` archive per table (``numpy.savez_compressed``), one
array per column in column order: numbers and booleans as they are; text as a dictionary, the
column holding whole-number codes into its sorted distinct values, stored beside it as
fixed-width Unicode under :data:`VALUES_PREFIX` + the column (repeated labels such as election
ids, seat codes and party names then cost a byte or two a row, so the tables read fast); a
text column with missing values also has a boolean mask, :data:`NULL_PREFIX` + the column.
Nothing is pickled (read with ``allow_pickle=False``), and reading needs NumPy only, neither
pandas nor pyarrow. :func:`write_table` is the one writer (every build script calls it) and
:func:`read_columns` the one reader.

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
from psephos.io.rows import file_named
from psephos.model import Candidate

if TYPE_CHECKING:
    import pandas as pd

#: Name of the format, as the PROVENANCE files give it.
FORMAT = "NumPy columnar .npz (numpy.savez_compressed, text dictionary-coded, no pickles)"
SUFFIX = ".npz"
#: Prefix of a text column's missing-value mask.
NULL_PREFIX = "__null__"
#: Prefix of a text column's distinct values (the column itself holds codes into them).
VALUES_PREFIX = "__values__"

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
        if name.startswith((NULL_PREFIX, VALUES_PREFIX)):
            raise DataFormatError(f"Column {name!r} uses a reserved prefix ({NULL_PREFIX!r}).")
        if series.dtype.kind in "biuf":
            arrays[name] = series.to_numpy()
            continue
        values = series.to_numpy(dtype=object)
        missing = series.isna().to_numpy()
        if not all(isinstance(value, str) for value in values[~missing]):
            raise DataFormatError(
                f"Column {name!r} ({series.dtype}) is neither numeric, boolean nor text."
            )
        text = np.array(
            [value if not gap else "" for value, gap in zip(values, missing, strict=True)],
            dtype=str,
        ).reshape(len(values))
        distinct, codes = np.unique(text, return_inverse=True)
        arrays[VALUES_PREFIX + name] = distinct
        arrays[name] = codes.astype(np.min_scalar_type(max(len(distinct) - 1, 0)))
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
        stored = [key for key in archive.files if not key.startswith((NULL_PREFIX, VALUES_PREFIX))]
        wanted = stored if names is None else list(names)
        unknown = [name for name in wanted if name not in stored]
        if unknown:
            raise DataFormatError(
                f"The {file_named('table file', Path(path).name)} has no column "
                f"{unknown[0]!r}; it has {', '.join(stored)}."
            )
        columns: dict[str, npt.NDArray[Any]] = {}
        for name in wanted:
            values = archive[name]
            if VALUES_PREFIX + name in archive.files:
                distinct = archive[VALUES_PREFIX + name]
                if NULL_PREFIX + name in archive.files:  # one str object per distinct value
                    distinct = distinct.astype(object)
                values = distinct[values]
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


def table(name: str) -> pd.DataFrame:
    """One bundled table as a DataFrame (pandas imported on first use): a copy of the frame
    read once and kept (:func:`_frame`), so a caller may change it (add a column, rescale one)
    without changing what later calls, and psephos itself, read."""
    return _frame(name).copy()


@cache
def _frame(name: str) -> pd.DataFrame:
    """The bundled table ``name`` as a DataFrame, read once and kept; never handed out
    (:func:`table` hands out copies)."""
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
    rows = _positions(np.asarray(seat_codes), candidates["code"], "seat")
    columns = _positions(np.asarray(party_codes), candidates["party"], "party")
    counts = candidates["votes"]
    votes = np.zeros((len(seat_codes), len(party_codes)))
    np.add.at(votes, (rows, columns), counts.astype(np.float64))
    per_seat: list[list[Candidate]] = [[] for _ in range(len(seat_codes))]
    for row, name, party, party_name, count in zip(
        rows.tolist(),
        candidates["candidate"].tolist(),
        candidates["party"].tolist(),
        candidates["party_name"].tolist(),
        counts.tolist(),
        strict=True,
    ):
        per_seat[row].append(
            Candidate(name=name, party=party, party_name=party_name or "", votes=count)
        )
    return votes, [tuple(seat) for seat in per_seat]


def _positions(
    keys: npt.NDArray[np.str_], values: npt.NDArray[Any], what: str
) -> npt.NDArray[np.intp]:
    """Position of each value in ``keys`` (all distinct).

    Raises:
        DataFormatError: a value that is not a key.
    """
    if len(values) == 0:
        return np.zeros(0, dtype=np.intp)
    sorter = np.argsort(keys, kind="stable")
    found = np.minimum(np.searchsorted(keys, values, sorter=sorter), len(keys) - 1)
    positions = sorter[found]
    missing = keys[positions] != values
    if missing.any():
        raise DataFormatError(
            f"A bundled candidate row names an unknown {what}: {values[missing][0]!r}."
        )
    return positions


def select(table_columns: Columns, mask: npt.NDArray[np.bool_]) -> dict[str, npt.NDArray[Any]]:
    """The rows of a table where ``mask`` is true, as columns."""
    return {name: values[mask] for name, values in table_columns.items()}
