"""Forecast draws saved with NumPy: ``n_sims x seats x parties`` vote shares in a ``.npy`` file.

Written by :func:`write_draws` (``psephos pact --sims N --save-draws FILE`` saves the draws it
tried the pact on) or ``numpy.save(path, draws)`` from any forecast (e.g.
:attr:`psephos.tactical.uncertainty.SeatUncertainty.draws`); read without unpickling, so a file
of Python objects is refused rather than run. Alignment to an election (seats and parties in
its order) is checked where the draws are used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError
from psephos.io.rows import file_error, file_named

WHAT = "draws file"
SHAPE = "n_sims x seats x parties shares, saved with numpy.save"


def read_draws(path: str | Path) -> npt.NDArray[np.floating[Any]]:
    """The draws in a ``.npy`` file, as floats (float32 draws stay float32).

    Raises:
        DataFormatError: the file is missing or a folder, or is not a NumPy ``.npy`` file of
            numbers (text, an empty file, an ``.npz`` archive, pickled objects).
    """
    not_draws = DataFormatError(
        f"{file_named(WHAT, path)} is not a NumPy .npy file of draws ({SHAPE})."
    )
    try:
        loaded = np.load(path, allow_pickle=False)
    except OSError as error:
        if isinstance(error, FileNotFoundError | IsADirectoryError | PermissionError):
            raise file_error(path, error, what=WHAT) from None
        raise not_draws from None
    except (ValueError, EOFError):  # text, pickled objects, an empty or cut-short file
        raise not_draws from None
    if not isinstance(loaded, np.ndarray):  # an .npz archive
        loaded.close()
        raise not_draws
    if np.issubdtype(loaded.dtype, np.floating):
        return loaded
    if not (np.issubdtype(loaded.dtype, np.integer) or loaded.dtype == np.bool_):
        raise not_draws
    return loaded.astype(np.float64)


def check_draws_name(path: str | Path) -> Path:
    """The path of a draws file to write: one ending in ``.npy``, which ``numpy.save`` keeps
    as given (it adds the extension to any other name, so ``--draws`` would not find it).

    Raises:
        DataFormatError: a name ending otherwise.
    """
    path = Path(path)
    if path.suffix.lower() != ".npy":
        raise DataFormatError(f"{file_named(WHAT, path)} must end in .npy ({SHAPE}).")
    return path


def write_draws(path: str | Path, draws: npt.ArrayLike) -> Path:
    """Write ``draws`` (``n_sims x seats x parties`` shares) to a ``.npy`` file that
    :func:`read_draws` reads back as they were (``numpy.save``, no pickled objects). Returns
    the path written.

    Raises:
        DataFormatError: a file name not ending in ``.npy`` (:func:`check_draws_name`), or
            draws that are not a three-dimensional array of numbers.
    """
    path = check_draws_name(path)
    array = np.asarray(draws)
    if array.ndim != 3 or not np.issubdtype(array.dtype, np.number):
        raise DataFormatError(f"Draws to write must be {SHAPE}; got shape {array.shape}.")
    np.save(path, array, allow_pickle=False)
    return path
