"""psephos: a toolkit for first-past-the-post elections, UK Westminster first.

Quick start::

    import psephos
    e = psephos.load("2017")
    e.seats_won()["Con"]          # 317
    e.result("Hampstead and Kilburn").majority
"""

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

__version__ = "0.1.0"

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
