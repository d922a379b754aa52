"""The shared, frozen transfer estimate and the bundled UK default.

``TransferEstimate`` holds absolute rates: ``rates[X, Y]`` is the share of party ``X``'s voters
who vote ``Y`` when ``X`` has no candidate; ``1 - sum_Y rates[X, Y]`` stay at home (or spoil,
or vote for nobody modelled). Both users of transfer rates draw their defaults from the one
bundled estimate (``src/psephos/data/transfers_uk.json``, built by
``scripts/build_transfers.py``):

* :mod:`psephos.pacts.transfers` uses the rates as they are;
* :mod:`psephos.systems.preferences` uses the rates as next-preference weights and the
  abstention as the share who rank nobody else.

Methodology and the table of estimates: docs/methodology/transfers.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError, UnknownPartyError, did_you_mean

FloatArray = npt.NDArray[np.float64]

#: Name of the bundled default estimate inside ``psephos.data``.
DEFAULT_FILE = "transfers_uk.json"


@dataclass(frozen=True, slots=True, eq=False)
class TransferEstimate:
    """Estimated transfer rates with their uncertainty and provenance.

    Attributes:
        parties: Row and column order (``Other`` = independents and minor parties).
        rates: ``rates[X, Y]``, 0-1, rows summing to at most 1.
        se: Bootstrap standard error per cell (NaN for cells set from the prior).
        estimated: True where the data identified the cell; False: the documented prior.
        treated: Seats where ``X`` stood aside and ``Y`` stood, over all experiments.
        experiments: Per cell, the experiments (election pairs, with seat counts) behind it.
        direct_abstention: Per source, abstention measured on total turnout (NaN if none).
        direct_abstention_se: Its bootstrap standard error.
        neutral_loyalty: Unused by the current build (0); kept so older files still load.
        n_bootstrap: Bootstrap replications.
        source: One line saying where the numbers come from.
    """

    parties: tuple[str, ...]
    rates: FloatArray
    se: FloatArray
    estimated: npt.NDArray[np.bool_]
    treated: npt.NDArray[np.int64]
    experiments: tuple[tuple[str, ...], ...]
    direct_abstention: FloatArray
    direct_abstention_se: FloatArray
    neutral_loyalty: float
    n_bootstrap: int
    source: str

    def __post_init__(self) -> None:
        n = len(self.parties)
        rates = np.asarray(self.rates, dtype=np.float64)
        if rates.shape != (n, n):
            raise DataFormatError(f"transfer rates must be {n} x {n}, not {rates.shape}")
        if np.any(rates < 0) or np.any(rates > 1) or np.any(rates.sum(axis=1) > 1 + 1e-6):
            raise DataFormatError("transfer rates must lie in 0-1 with rows summing to <= 1")
        for name in ("rates", "se", "direct_abstention", "direct_abstention_se"):
            array = np.array(getattr(self, name), dtype=np.float64)
            array.setflags(write=False)
            object.__setattr__(self, name, array)
        for name, dtype in (("estimated", np.bool_), ("treated", np.int64)):
            array = np.array(getattr(self, name), dtype=dtype)
            array.setflags(write=False)
            object.__setattr__(self, name, array)

    @property
    def election_pairs(self) -> tuple[str, ...]:
        """The pairs of elections whose stand-downs the rates were estimated from, in order
        (``("2015->2017", "2017->2019", "2019n->2024")``), as :attr:`experiments` names them;
        none for an estimate without them."""
        found = {
            pair: None
            for row in self.experiments
            for cell in row
            for pair in re.findall(r"(\S+->\S+) \(n=", cell)
        }
        return tuple(sorted(found))

    @property
    def years(self) -> tuple[int, int] | None:
        """The first and last election years of :attr:`election_pairs` (``(2015, 2024)``):
        the elections whose voters the rates describe; ``None`` without pairs."""
        found = [int(year) for pair in self.election_pairs for year in re.findall(r"\d{4}", pair)]
        return (min(found), max(found)) if found else None

    def index(self, party: str) -> int:
        """Position of a party code.

        Raises:
            UnknownPartyError: a code not in the estimate.
        """
        try:
            return self.parties.index(party)
        except ValueError:
            raise UnknownPartyError(
                f"Party {party!r} is not in the transfer estimate ({', '.join(self.parties)})."
                + did_you_mean(party, self.parties)
            ) from None

    def rate(self, source: str, target: str) -> float:
        """One rate by party code."""
        return float(self.rates[self.index(source), self.index(target)])

    def abstention(self, source: str) -> float:
        """Share of ``source``'s voters who vote for nobody modelled when it stands aside."""
        return float(1.0 - self.rates[self.index(source)].sum())

    def as_mapping(self) -> dict[str, dict[str, float]]:
        """Non-zero rates as ``{from: {to: rate}}``."""
        return {
            source: {
                target: float(self.rates[i, j])
                for j, target in enumerate(self.parties)
                if self.rates[i, j] > 0
            }
            for i, source in enumerate(self.parties)
            if self.rates[i].sum() > 0
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per cell: rate, standard error, method and experiments."""
        rows: list[dict[str, Any]] = []
        for i, source in enumerate(self.parties):
            for j, target in enumerate(self.parties):
                if i == j or (self.rates[i, j] == 0 and not self.treated[i, j]):
                    continue
                rows.append(
                    {
                        "from": source,
                        "to": target,
                        "rate": float(self.rates[i, j]),
                        "se": None if np.isnan(self.se[i, j]) else float(self.se[i, j]),
                        "method": "estimated" if self.estimated[i, j] else "prior",
                        "treated_seats": int(self.treated[i, j]),
                        "experiments": self.experiments[i][j],
                    }
                )
        return rows

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary (read back by :meth:`from_json`)."""

        def clean(values: FloatArray) -> list[Any]:
            return [None if np.isnan(v) else float(v) for v in values.ravel()]

        n = len(self.parties)
        return {
            "parties": list(self.parties),
            "source": self.source,
            "n_bootstrap": self.n_bootstrap,
            "neutral_loyalty": self.neutral_loyalty,
            "rates": [[float(v) for v in row] for row in self.rates],
            "se": [clean(self.se[i]) for i in range(n)],
            "estimated": [[bool(v) for v in row] for row in self.estimated],
            "treated": [[int(v) for v in row] for row in self.treated],
            "experiments": [list(row) for row in self.experiments],
            "direct_abstention": clean(self.direct_abstention),
            "direct_abstention_se": clean(self.direct_abstention_se),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TransferEstimate:
        """Read what :meth:`to_json` wrote.

        Raises:
            DataFormatError: a missing or malformed field.
        """

        def numbers(values: Any) -> FloatArray:
            return np.array(
                [[np.nan if v is None else v for v in row] for row in values]
                if values and isinstance(values[0], list)
                else [np.nan if v is None else v for v in values],
                dtype=np.float64,
            )

        try:
            return cls(
                parties=tuple(data["parties"]),
                rates=np.array(data["rates"], dtype=np.float64),
                se=numbers(data["se"]),
                estimated=np.array(data["estimated"], dtype=np.bool_),
                treated=np.array(data["treated"], dtype=np.int64),
                experiments=tuple(tuple(row) for row in data["experiments"]),
                direct_abstention=numbers(data["direct_abstention"]),
                direct_abstention_se=numbers(data["direct_abstention_se"]),
                neutral_loyalty=float(data["neutral_loyalty"]),
                n_bootstrap=int(data["n_bootstrap"]),
                source=str(data["source"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise DataFormatError(f"malformed transfer estimate: {error}") from None

    def write(self, path: str | Path) -> None:
        """Write the estimate as JSON."""
        Path(path).write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: str | Path) -> TransferEstimate:
        """Read an estimate written by :meth:`write`."""
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


@cache
def default_estimate() -> TransferEstimate:
    """The bundled UK estimate (``psephos/data/transfers_uk.json``)."""
    text = files("psephos.data").joinpath(DEFAULT_FILE).read_text(encoding="utf-8")
    return TransferEstimate.from_json(json.loads(text))
