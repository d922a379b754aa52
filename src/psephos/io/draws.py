"""Forecast draws saved with NumPy: ``n_sims x seats x parties`` vote shares in a ``.npy`` file.

Written by ``numpy.save(path, draws)`` from any forecast (e.g.
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
