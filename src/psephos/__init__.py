"""psephos: a toolkit for first-past-the-post elections, UK Westminster first.

Quick start::

    import psephos
    e = psephos.load("2017")
    e.seats_won()["Con"]          # 317
    e.result("Hampstead and Kilburn").majority

The names below are imported on first use (PEP 562), so ``import psephos`` and the command line
start without loading pandas or the data until something needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from psephos._lazy import lazy_names

if TYPE_CHECKING:
    from psephos.jurisdictions import available_elections, load, read_results_csv
    from psephos.model import (
        Candidate,
        Constituency,
        ConstituencyResult,
        Election,
        Party,
        get_party,
    )

    __version__: str


def _version() -> str:
    """The installed package's version (one place: pyproject.toml), read on first use because
    importing :mod:`importlib.metadata` costs start-up time."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("psephos")
    except PackageNotFoundError:  # pragma: no cover - a source tree never installed
        return "0+unknown"


#: Public name -> the module that defines it.
_LAZY: dict[str, str] = {
    "available_elections": "psephos.jurisdictions",
    "load": "psephos.jurisdictions",
    "read_results_csv": "psephos.jurisdictions",
    "Candidate": "psephos.model",
    "Constituency": "psephos.model",
    "ConstituencyResult": "psephos.model",
    "Election": "psephos.model",
    "Party": "psephos.model",
    "get_party": "psephos.model",
}

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


_imported, _listed = lazy_names(globals(), _LAZY)


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()[name] = _version()
        return globals()[name]
    return _imported(name)


def __dir__() -> list[str]:
    return sorted({*_listed(), *__all__})
