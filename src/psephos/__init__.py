"""psephos: a toolkit for first-past-the-post elections, UK Westminster first.

Quick start::

    import psephos
    e = psephos.load("2017")
    e.seats_won()["Con"]          # 317
    e.result("Hampstead and Kilburn").majority
"""

from importlib.metadata import PackageNotFoundError, version

from psephos.io.user_csv import read_results_csv
from psephos.jurisdictions import available_elections, load
from psephos.model import (
    Candidate,
    Constituency,
    ConstituencyResult,
    Election,
    Party,
    get_party,
)

try:
    __version__ = version("psephos")  # one place: pyproject.toml, read from the installed metadata
except PackageNotFoundError:  # pragma: no cover - running from a source tree never installed
    __version__ = "0+unknown"

__all__ = [
    "Candidate",
    "Constituency",
    "ConstituencyResult",
    "Election",
    "Party",
    "__version__",
    "available_elections",
    "get_party",
    "load",
    "read_results_csv",
]
