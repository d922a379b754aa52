"""Where a party's voters go when it stands aside: the transfer matrix.

``rates[i, j]`` is the share of party ``i``'s voters in a seat who vote for party ``j`` there
when ``i`` has no candidate. Rows need not sum to 1: the remainder stays at home, spoils the
ballot or scatters to candidates not modelled, and is lost. Votes sent to a party with no
candidate in the seat are lost too (those voters have no second choice on the ballot).

The default rates (:data:`DEFAULT_TRANSFERS`) are the project's one shared estimate,
:func:`psephos.transfers.default_estimate`: rates estimated from stand-downs in the bundled
results (2015->2017, 2017->2019 and 2019->2024: UKIP/Brexit Party/Reform, Green, Liberal
Democrat and Plaid absences), with bootstrap standard errors, and a documented prior
(:data:`psephos.transfers.uk.PRIOR_TRANSFERS`, shaped by British Election Study second-preference
patterns) for the cells the data cannot identify. They are marginal effects of
real stand-downs in particular seats, not survey second preferences. Replace them with your
own figures (:meth:`TransferMatrix.with_rates`); docs/methodology/transfers.md tabulates them
with their standard errors and sources.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from psephos.errors import InvalidSharesError, ShareWarning, UnknownPartyError, did_you_mean
from psephos.io.transfer_rates import row_total_refusal
from psephos.model.party import party_in
from psephos.numbers import format_number
from psephos.transfers import default_estimate

if TYPE_CHECKING:
    from psephos.jurisdictions.base import TransferDefaults
    from psephos.model import Election

FloatArray = npt.NDArray[np.float64]

#: Default transfer rates ``{from: {to: rate}}``: the shared estimate (see module docstring).
DEFAULT_TRANSFERS: dict[str, dict[str, float]] = default_estimate().as_mapping()


def _code(name: str, parties: Sequence[str]) -> str:
    """The code among ``parties`` of a name (:func:`psephos.model.party_in`: "Green" is the
    GPC among Canada's parties).

    Raises:
        UnknownPartyError: no party of ``parties`` answers to it.
    """
    try:
        return party_in(name, parties)
    except UnknownPartyError:
        raise UnknownPartyError(
            f"Party {name!r} is not one of {', '.join(parties)}." + did_you_mean(name, parties)
        ) from None


def _rates(defaults: TransferDefaults) -> dict[str, dict[str, float]]:
    """A country's next-preference weights (percent of a party's voters) as the share of a
    party's voters who vote for each other party when it stands aside (0-1)."""
    return {
        source: {target: weight / 100.0 for target, weight in row.items()}
        for source, row in defaults.rows.items()
    }


def share_transfers_note(election: Election) -> str | None:
    """The note saying which rule a pact's default transfers follow on an election of its own
    country (:data:`psephos.jurisdictions.own.SHARE_TRANSFERS_RULE`); ``None`` for a country
    psephos knows."""
    from psephos.jurisdictions import OWN
    from psephos.jurisdictions import of as jurisdiction_of
    from psephos.jurisdictions.own import SHARE_TRANSFERS_RULE

    if jurisdiction_of(election) is not OWN:
        return None
    return f"Transfers: {SHARE_TRANSFERS_RULE}, where no rate is given."


@dataclass(frozen=True, slots=True, eq=False)
class TransferMatrix:
    """Transfer rates aligned to a party order.

    Attributes:
        parties: Party codes (the column order of the votes it applies to).
        rates: ``rates[i, j]``: share of ``i``'s voters who vote ``j`` when ``i`` stands aside.
    """

    parties: tuple[str, ...]
    rates: FloatArray

    def __post_init__(self) -> None:
        rates = np.asarray(self.rates, dtype=np.float64)
        n = len(self.parties)
        if rates.shape != (n, n):
            raise InvalidSharesError(
                f"Transfer rates must be {n} x {n} for parties {self.parties}, not {rates.shape}."
            )
        if np.any(~np.isfinite(rates)) or np.any(rates < 0) or np.any(rates > 1):
            raise InvalidSharesError("Transfer rates must lie between 0 and 1.")
        if np.any(np.diag(rates) != 0):
            raise InvalidSharesError("A party cannot transfer votes to itself.")
        sums = rates.sum(axis=1)
        worst = int(np.argmax(sums)) if n else 0
        refusal = (
            row_total_refusal(self.parties[worst], 100 * sums[worst], rest="abstain") if n else None
        )
        if refusal is not None:
            raise InvalidSharesError(f"{refusal[0].upper()}{refusal[1:]}.")
        rates.setflags(write=False)
        object.__setattr__(self, "rates", rates)

    @classmethod
    def from_mapping(
        cls, parties: Sequence[str], mapping: Mapping[str, Mapping[str, float]]
    ) -> TransferMatrix:
        """Build from ``{from: {to: rate}}``; parties not in ``parties`` are ignored."""
        parties = tuple(parties)
        index = {p: i for i, p in enumerate(parties)}
        rates = np.zeros((len(parties), len(parties)))
        for source, row in mapping.items():
            if source not in index:
                continue
            for target, rate in row.items():
                if target in index:
                    rates[index[source], index[target]] = rate
        return cls(parties, rates)

    @classmethod
    def default(cls, parties: Sequence[str]) -> TransferMatrix:
        """The default rates for these parties' country: the estimated UK rates
        (:data:`DEFAULT_TRANSFERS`), or, for a country whose next preferences are set in its
        jurisdiction entry (Canada: :attr:`psephos.jurisdictions.Jurisdiction.transfers`),
        those weights as the share of a party's voters who go to each other party when it
        stands down (the rest, its plumpers included, do not vote for the pact)."""
        from psephos.jurisdictions import for_parties

        own = for_parties(parties).transfers
        if own is None:
            return cls.from_mapping(parties, DEFAULT_TRANSFERS)
        return cls.from_mapping(parties, _rates(own))

    @classmethod
    def for_election(cls, election: Election) -> TransferMatrix:
        """The default rates of an election: for one of its own country
        (:data:`psephos.jurisdictions.OWN`, a results file psephos knows no country of), its
        voters' transfers in proportion to the other parties' national first-preference
        shares (:func:`psephos.jurisdictions.own.share_transfers`); else :meth:`default`."""
        from psephos.jurisdictions import OWN
        from psephos.jurisdictions import of as jurisdiction_of
        from psephos.jurisdictions.own import share_transfers

        if jurisdiction_of(election) is not OWN:
            return cls.default(election.parties)
        return cls.from_mapping(election.parties, _rates(share_transfers(election)))

    def with_rates(self, changes: Mapping[str, Mapping[str, float]]) -> TransferMatrix:
        """A copy with some rates replaced: ``{"Green": {"Lab": 0.5}}``.

        If a changed row would sum above 1, the rates you did not set in that row are scaled
        down in proportion to make room (the defaults often leave little abstention); the
        rates you set are kept exactly, and a :class:`~psephos.errors.ShareWarning` (a
        ``note:`` line) says by how much the others were scaled.

        Raises:
            UnknownPartyError: a party not in this matrix.
            InvalidSharesError: a rate outside 0-1, the rates set in one row summing above 1,
                or one rate set twice under two names (``LD>Lab`` and ``Lib Dem>Labour``):
                which was meant cannot be told.
        """
        rates = self.rates.copy()
        for i, row in self._cells(changes).items():
            given = np.zeros(len(self.parties), dtype=bool)
            for j, rate in row.items():
                rates[i, j] = float(rate)
                given[j] = True
            fixed = rates[i, given].sum()
            rest = rates[i, ~given].sum()
            if fixed + rest > 1 + 1e-9 and fixed <= 1 and rest > 0:
                factor = (1 - fixed) / rest
                positive = rates[i] > 0  # before scaling: a factor of 0 leaves none above 0
                rates[i, ~given] *= factor
                warnings.warn(
                    _scaled_note(self.parties, i, positive, given, factor),
                    ShareWarning,
                    stacklevel=2,
                )
        return TransferMatrix(self.parties, rates)

    def _cells(self, changes: Mapping[str, Mapping[str, float]]) -> dict[int, dict[int, float]]:
        """``changes`` by row and column of this matrix, each party's names read as its code;
        a rate whose two parties are named twice, under any names, is refused, naming both."""
        cells: dict[int, dict[int, float]] = {}
        named: dict[tuple[int, int], str] = {}
        for source, row in changes.items():
            i = self.parties.index(_code(source, self.parties))
            for target, rate in row.items():
                j = self.parties.index(_code(target, self.parties))
                spelled = f"{source}>{target}"
                if (i, j) in named:
                    raise InvalidSharesError(
                        f"The transfer rate {self.parties[i]}>{self.parties[j]} is given twice "
                        f"(as '{named[i, j]}' and '{spelled}'); give each rate once."
                    )
                named[i, j] = spelled
                cells.setdefault(i, {})[j] = rate
        return cells

    def rate(self, source: str, target: str) -> float:
        """One rate by party name."""
        return float(
            self.rates[
                self.parties.index(_code(source, self.parties)),
                self.parties.index(_code(target, self.parties)),
            ]
        )

    def to_rows(self) -> list[dict[str, float | str]]:
        """Non-zero rates as rows (``from``, ``to``, ``rate``, plus each row's abstention)."""
        rows: list[dict[str, float | str]] = []
        for i, source in enumerate(self.parties):
            for j, target in enumerate(self.parties):
                if self.rates[i, j]:
                    rows.append({"from": source, "to": target, "rate": float(self.rates[i, j])})
            if self.rates[i].sum():
                rows.append(
                    {
                        "from": source,
                        "to": "(abstain/other)",
                        "rate": float(1 - self.rates[i].sum()),
                    }
                )
        return rows


def parse_transfer_overrides(items: Sequence[str]) -> dict[str, dict[str, float]]:
    """Parse ``"Green>Lab=0.5"`` (or ``"Green>Lab=50%"``) items into ``{"Green": {"Lab": 0.5}}``.

    Raises:
        InvalidSharesError: an item not in the ``FROM>TO=RATE`` form, a rate outside 0-1
            (0-100%), or a rate given twice (``Green>Lab=0.5`` and ``Green>Lab=0.6``), naming
            the item.
    """
    changes: dict[str, dict[str, float]] = {}
    items_given: dict[tuple[str, str], str] = {}
    for item in items:
        pair, sep, value = item.partition("=")
        source, arrow, target = pair.partition(">")
        text = value.strip()
        percent = text.endswith("%")
        try:
            rate = float(text.removesuffix("%")) / (100 if percent else 1)
        except ValueError:
            rate = float("nan")
        if not sep or not arrow or not source.strip() or not target.strip() or rate != rate:
            raise InvalidSharesError(
                f"Bad transfer {item!r}; write FROM>TO=RATE, e.g. 'Green>Lab=0.5' or "
                "'Green>Lab=50%'."
            )
        if not 0 <= rate <= 1:
            example = f"{source.strip()}>{target.strip()}"
            raise InvalidSharesError(
                f"Transfer {item!r}: a rate is the share of {source.strip()}'s voters who go "
                f"to {target.strip()}, from 0 to 1 or 0% to 100%; write e.g. '{example}=0.6' "
                f"or '{example}=60%'."
            )
        key = (source.strip().casefold(), target.strip().casefold())
        if key in items_given:
            raise InvalidSharesError(
                f"Transfers {items_given[key]!r} and {item!r} both set the rate "
                f"{source.strip()}>{target.strip()}; give each rate once."
            )
        items_given[key] = item
        changes.setdefault(source.strip(), {})[target.strip()] = rate
    return changes


def _scaled_note(
    parties: Sequence[str],
    source: int,
    positive: npt.NDArray[np.bool_],
    given: npt.NDArray[np.bool_],
    factor: float,
) -> str:
    """The note for a row whose rates not set (those above 0 before scaling: ``positive``)
    were scaled by ``factor`` to make room for the rates ``given``; a factor of 0 (the rates
    given sum to 100%) is said as "set to 0"."""
    name = parties[source]
    scaled = [p for p, up, g in zip(parties, positive, given, strict=True) if up and not g]
    overrides = [f"{name}>{p}" for p, g in zip(parties, given, strict=True) if g]
    how = "set to 0" if factor <= 0 else f"scaled by {format_number(factor, '.2g')}"
    return (
        f"The transfer rates from {name} not given ({', '.join(scaled)}) were {how} to make "
        f"room for {', '.join(overrides)}, so the rates from {name} sum to at most 100%."
    )
