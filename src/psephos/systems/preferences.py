"""A second-preference model: ranked ballots from real first preferences.

The real count gives only first preferences. To recount them under AV or STV, each party's
voters are given further preferences by a **transfer model**: a share ``plump[p]`` of party
``p``'s voters rank nobody else; the rest give their next preference to the parties still
available (standing in the seat or district and not yet ranked) in proportion to the weights
``W[p, q]``:

    P(next = q | last = p, available A) = (1 - plump[p]) * W[p, q] / sum_{a in A} W[p, a]

(the ballot stops if no available party has a positive weight). Preferences form a first-order
Markov chain over parties: the preference after ``q`` follows row ``q``. Weights are relative,
so a party that stands only in Scotland (SNP) or Wales (Plaid) can carry a large weight without
distorting the shares in England, where it is not available. Ballots are the *expected* profile
(fractional counts), so the model is deterministic; depth is capped at ``max_preferences``
(default 3).

The UK default (:data:`UK_TRANSFERS`, :data:`UK_PLUMP`) is the project's one shared estimate,
:func:`psephos.transfers.default_estimate`: transfer rates estimated from stand-downs in the
bundled results (docs/methodology/transfers.md), read as next-preference weights, with the
estimated abstention when a party stands aside as the share who plump. Cells the data cannot
identify come from the estimate's documented prior (``PRIOR_TRANSFERS``). Independents and
the Speaker take the ``Other`` row; transfers to ``Ind`` use the ``Other`` weight. These are
marginal effects of real stand-downs, not survey second preferences (see the methodology
page for what that means for AV/STV recounts). Other countries' defaults are their
jurisdiction's :attr:`~psephos.jurisdictions.Jurisdiction.transfers`: the Canadian matrix
(:data:`psephos.jurisdictions.CANADA`) is still **illustrative**, set by hand following
Canadian pollsters' "second choice" questions. Supply a matrix from a survey (e.g. the
British Election Study or the Canadian Election Study) for serious work:
:meth:`TransferMatrix.from_csv`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError
from psephos.io.transfer_rates import parse_transfer_rates, read_transfer_rates
from psephos.jurisdictions import OWN, Jurisdiction, for_parties
from psephos.jurisdictions import of as jurisdiction_of
from psephos.jurisdictions.own import SHARE_TRANSFERS_RULE, share_transfers
from psephos.numbers import listed
from psephos.systems.ballots import Ballots
from psephos.transfers import default_estimate

if TYPE_CHECKING:
    from psephos.model import Election

FloatArray = npt.NDArray[np.float64]


def _uk_defaults() -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Weights (percent) and plump shares (percent) from the shared transfer estimate."""
    estimate = default_estimate()
    rows = {
        source: {target: round(100 * rate, 2) for target, rate in targets.items()}
        for source, targets in estimate.as_mapping().items()
    }
    for source, targets in rows.items():
        if "Other" in targets and source != "Ind":
            targets["Ind"] = targets["Other"]
    plump = {p: round(100 * estimate.abstention(p), 2) for p in estimate.parties}
    for stand_in in ("Ind", "Speaker"):
        rows[stand_in] = {t: w for t, w in rows["Other"].items() if t != stand_in}
        plump[stand_in] = plump["Other"]
    return rows, plump


#: Next-preference weights (percent of each party's voters) and plump shares (percent), UK:
#: drawn from :func:`psephos.transfers.default_estimate` (see the module docstring).
UK_TRANSFERS, UK_PLUMP = _uk_defaults()
#: How the estimated default was made, as :func:`preferences_note` says it: naming the pairs
#: of elections whose stand-downs it was estimated from
#: (:attr:`psephos.transfers.TransferEstimate.election_pairs`).
ESTIMATED_BASIS = (
    "estimated from the votes where a party stood aside in real elections "
    f"({listed(list(default_estimate().election_pairs))}: docs/methodology/transfers.md), "
    "not from survey second preferences"
)


def outside_estimate_note(election: Election) -> str:
    """The words a note on AV and STV adds where the UK estimate's next preferences
    (:data:`ESTIMATED_BASIS`) are applied to an election outside the years it was estimated
    from (:attr:`psephos.transfers.TransferEstimate.years`): ``"; 2010 is outside those years
    (2015-2024), so its voters are given their next preferences unchanged, which may not be
    theirs"``; blank for an election within them and for one whose year psephos does not know
    (a user's results file)."""
    from psephos.jurisdictions import bundled_base_id

    years = default_estimate().years
    base = bundled_base_id(election)
    if years is None or base is None:
        return ""
    year = jurisdiction_of(election).election(base).year
    first, last = years
    if first <= year <= last:
        return ""
    return (
        f"; {year} is outside those years ({first}-{last}), so its voters are given those "
        "years' next preferences unchanged, which may not be theirs"
    )


@dataclass(frozen=True, slots=True, eq=False)
class TransferMatrix:
    """Next-preference weights between parties, and who stops.

    Attributes:
        parties: Party codes (row and column order).
        matrix: ``matrix[p, q]`` = relative weight of ``q`` as the next preference of ``p``'s
            voters (non-negative, zero diagonal); only parties standing and not yet ranked
            share ``1 - plump[p]`` in proportion to their weights.
        plump: Share (0-1) of each party's voters who rank no further party.
        source: Where the numbers came from.
        given: The parties whose rows ``source`` gave over a default matrix, every other
            party keeping the default's row (:meth:`with_rows`); ``None``: every row is
            ``source``'s.
    """

    parties: tuple[str, ...]
    matrix: FloatArray
    plump: FloatArray
    source: str = ""
    given: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        matrix = np.asarray(self.matrix, dtype=np.float64)
        plump = np.asarray(self.plump, dtype=np.float64)
        n = len(self.parties)
        if matrix.shape != (n, n) or plump.shape != (n,):
            raise DataFormatError(
                f"transfer matrix must be {n}x{n} with {n} plump shares, not "
                f"{matrix.shape} and {plump.shape}"
            )
        if np.any(matrix < 0) or np.any(np.diag(matrix) != 0):
            raise DataFormatError("transfer weights must be non-negative with a zero diagonal")
        if np.any((plump < 0) | (plump > 1)):
            raise DataFormatError("plump shares must lie between 0 and 1 (0-100%)")
        object.__setattr__(self, "matrix", matrix)
        object.__setattr__(self, "plump", plump)
        matrix.setflags(write=False)
        plump.setflags(write=False)

    def next_shares(self, party: str) -> dict[str, float]:
        """Shares (0-1) of a party's voters by next preference when every party stands."""
        i = self.parties.index(party)
        row = self.matrix[i]
        keep = 1 - self.plump[i] if row.sum() > 0 else 0.0
        return {q: float(keep * w / row.sum()) for q, w in zip(self.parties, row, strict=True) if w}

    @classmethod
    def from_mapping(
        cls,
        parties: Sequence[str],
        rows: Mapping[str, Mapping[str, float]],
        plump: Mapping[str, float] | None = None,
        *,
        source: str = "",
    ) -> TransferMatrix:
        """Build from ``{from_party: {to_party: weight}}`` and ``{party: plump percent}``.

        Weights are relative (percent is natural). Without a plump share for a party, it is
        ``100 - sum(weights)`` percent (so weights given as percentages of all voters work),
        floored at zero. Parties not in ``parties`` are ignored.
        """
        position = {party: i for i, party in enumerate(parties)}
        matrix = np.zeros((len(parties), len(parties)))
        plump_share = np.zeros(len(parties))
        for source_party, targets in rows.items():
            if source_party not in position:
                continue
            i = position[source_party]
            for target, weight in targets.items():
                if target != source_party and weight < 0:
                    raise DataFormatError(f"negative transfer {source_party}->{target}")
                if target in position and target != source_party:
                    matrix[i, position[target]] = weight
            given = (plump or {}).get(source_party)
            plump_share[i] = (
                given / 100 if given is not None else max(0.0, 100 - sum(targets.values())) / 100
            )
        return cls(tuple(parties), matrix, plump_share, source)

    def with_rows(
        self,
        rows: Mapping[str, Mapping[str, float]],
        plump: Mapping[str, float],
        *,
        source: str,
    ) -> TransferMatrix:
        """A copy in which each party that ``rows`` (next-preference weights, percent) or
        ``plump`` (percent) gives takes the row given there, and every other party keeps this
        matrix's row. A party's row given: its weights those given (a party given only its
        plump share keeps this matrix's weights for the rest of its voters), its plump share
        the one given, else 100 minus its weights. Parties not in this matrix are ignored;
        :attr:`given` names the parties whose rows were replaced.
        """
        position = {party: i for i, party in enumerate(self.parties)}
        matrix = self.matrix.copy()
        plump_share = self.plump.copy()
        given = tuple(party for party in self.parties if party in rows or party in plump)
        for party in given:
            i = position[party]
            targets = rows.get(party, {})
            if targets:
                matrix[i] = 0.0
                for target, weight in targets.items():
                    if target in position and target != party:
                        matrix[i, position[target]] = weight
            share = plump.get(party)
            plump_share[i] = (
                share if share is not None else max(0.0, 100 - sum(targets.values()))
            ) / 100
        return TransferMatrix(self.parties, matrix, plump_share, source, given)

    @classmethod
    def from_csv(
        cls,
        path: str | Path,
        parties: Sequence[str],
        *,
        default: TransferMatrix | None = None,
    ) -> TransferMatrix:
        """Read a long CSV with columns ``from``, ``to``, ``share`` (percent of ``from``'s
        voters); ``to`` = ``none`` gives the share who plump (otherwise 100 minus the row).
        The file's rows replace those of ``default`` (:meth:`with_rows`; default: the
        parties' country's, :func:`default_transfers`; an election's own is
        :func:`election_transfers`): a party the file does not give keeps the default's row.

        Raises:
            DataFormatError: missing columns, unknown parties or bad numbers (a share above
                100), naming the line; a party's shares summing above 100%.
        """
        rows, plump = read_transfer_rates(path)
        return _over_default(parties, default, rows, plump, source=str(path))

    @classmethod
    def parse_csv(
        cls,
        text: str,
        parties: Sequence[str],
        *,
        name: str,
        default: TransferMatrix | None = None,
    ) -> TransferMatrix:
        """:meth:`from_csv` for a file already in memory (an upload called ``name``).

        Raises:
            DataFormatError: as :meth:`from_csv`.
        """
        rows, plump = parse_transfer_rates(text, name=name)
        return _over_default(parties, default, rows, plump, source=name)

    def for_parties(self, parties: Sequence[str]) -> TransferMatrix:
        """The matrix re-ordered (and cut) to ``parties``; missing parties get zero rows (and
        are not among :attr:`given`)."""
        position = {party: i for i, party in enumerate(self.parties)}
        index = [position.get(party, -1) for party in parties]
        matrix = np.zeros((len(parties), len(parties)))
        plump = np.ones(len(parties))
        for i, source in enumerate(index):
            if source < 0:
                continue
            plump[i] = self.plump[source]
            for j, target in enumerate(index):
                if target >= 0:
                    matrix[i, j] = self.matrix[source, target]
        given = None if self.given is None else tuple(p for p in parties if p in self.given)
        return TransferMatrix(tuple(parties), matrix, plump, self.source, given)


def _over_default(
    parties: Sequence[str],
    default: TransferMatrix | None,
    rows: Mapping[str, Mapping[str, float]],
    plump: Mapping[str, float],
    *,
    source: str,
) -> TransferMatrix:
    """A transfer file's rows over ``default`` (else ``parties``' country's), for ``parties``."""
    base = default if default is not None else default_transfers(parties)
    return base.for_parties(parties).with_rows(rows, plump, source=source)


def default_transfers(
    parties: Sequence[str], jurisdiction: Jurisdiction | None = None
) -> TransferMatrix:
    """The default matrix for a party list: the jurisdiction's own defaults where it sets them
    (Canada), else the UK estimate from real stand-downs.

    Args:
        parties: Party codes (row and column order of the result).
        jurisdiction: The election's country (default: the one whose parties are listed).
    """
    jurisdiction = jurisdiction or for_parties(parties)
    defaults = jurisdiction.transfers
    if defaults is None:
        rows, plump, source = UK_TRANSFERS, UK_PLUMP, default_estimate().source
    else:
        rows = {p: dict(targets) for p, targets in defaults.rows.items()}
        plump, source = dict(defaults.plump), defaults.source
    known = jurisdiction.party_codes
    return TransferMatrix.from_mapping(
        [p for p in parties if p in known] + [p for p in parties if p not in known],
        rows,
        plump,
        source=source,
    ).for_parties(parties)


def election_transfers(election: Election) -> TransferMatrix:
    """The default matrix of an election's votes: for an election of its own country
    (:data:`psephos.jurisdictions.OWN`, a results file psephos knows no country of), next
    preferences in proportion to the parties' national first-preference shares
    (:func:`psephos.jurisdictions.own.share_transfers`); else its country's
    (:func:`default_transfers`)."""
    country = jurisdiction_of(election)
    if country is not OWN:
        return default_transfers(election.parties, country)
    rule = share_transfers(election)
    return TransferMatrix.from_mapping(election.parties, rule.rows, rule.plump, source=rule.source)


def default_basis(election: Election) -> str:
    """How the default next preferences of ``election`` (:func:`election_transfers`) were
    made, in words: for an election of its own country, the rule
    (:data:`SHARE_TRANSFERS_RULE`); for a country that sets its own
    (:attr:`psephos.jurisdictions.TransferDefaults.basis`: Canada's, set by hand to
    illustrate); else the UK estimate's (:data:`ESTIMATED_BASIS`)."""
    country = jurisdiction_of(election)
    if country is OWN:
        return SHARE_TRANSFERS_RULE
    return ESTIMATED_BASIS if country.transfers is None else country.transfers.basis


def preferences_note(election: Election, systems: Iterable[object]) -> str | None:
    """The note saying what AV and STV counted, where ``systems`` counts one of them
    (a system with a ``transfers`` attribute): ballots modelled from the real first
    preferences, on the election's default next preferences (:func:`default_basis`: the UK's
    estimated, Canada's set by hand to illustrate, a file's own country's by the parties'
    shares); or on a second-preference file's, naming the parties it gives where it does not
    give every party standing (:attr:`TransferMatrix.given`), the others keeping the default;
    ``None`` where AV and STV are not counted."""
    matrices = [getattr(system, "transfers", False) for system in systems]
    if all(matrix is False for matrix in matrices):
        return None
    basis = default_basis(election)
    outside = outside_estimate_note(election) if basis == ESTIMATED_BASIS else ""
    given = next((m for m in matrices if isinstance(m, TransferMatrix)), None)
    if given is None:
        if jurisdiction_of(election) is OWN:
            return f"AV and STV: {basis}; a second-preference file (--transfers) gives real ones."
        return (
            "AV and STV: ballots modelled from the real first preferences, next preferences "
            f"{basis}{outside}; a second-preference file (--transfers) gives your own."
        )
    standing = np.asarray(election.votes).sum(axis=0) > 0
    named = set(given.parties if given.given is None else given.given)
    if all(party in named for party, up in zip(election.parties, standing, strict=True) if up):
        return (
            "AV and STV: ballots modelled from the real first preferences, next preferences "
            f"from {given.source or 'the matrix given'}."
        )
    shown = [party for party in election.parties if party in named]
    return (
        f"AV and STV: the transfer file ({given.source}) gives the next preferences of "
        f"{listed(shown) if shown else 'no party of the election'}; every other party keeps "
        f"the default's ({basis}{outside})."
    )


def party_sequences(
    first_preferences: npt.ArrayLike,
    transfers: TransferMatrix,
    *,
    max_preferences: int = 3,
) -> tuple[list[tuple[int, ...]], list[float]]:
    """Expected party rankings (as party-index tuples) and their weights for one seat.

    Args:
        first_preferences: Votes per party (in ``transfers.parties`` order); parties with zero
            votes are taken as not standing.
        transfers: The matrix.
        max_preferences: Longest ranking generated.
    """
    votes = np.asarray(first_preferences, dtype=np.float64)
    standing = [int(p) for p in np.nonzero(votes > 0)[0]]
    matrix = transfers.matrix
    sequences: list[tuple[int, ...]] = []
    weights: list[float] = []

    def extend(prefix: tuple[int, ...], weight: float) -> None:
        if weight <= 0:
            return
        last = prefix[-1]
        available = [p for p in standing if p not in prefix]
        row = matrix[last, available] if available else np.zeros(0)
        mass = row.sum()
        if len(prefix) >= max_preferences or not available or mass <= 0:
            sequences.append(prefix)
            weights.append(weight)
            return
        keep = 1.0 - float(transfers.plump[last])
        if keep < 1.0:
            sequences.append(prefix)
            weights.append(weight * (1.0 - keep))
        for party, share in zip(available, row, strict=True):
            if share > 0:
                extend((*prefix, party), weight * keep * share / mass)

    for party in standing:
        extend((party,), float(votes[party]))
    return sequences, weights


def seat_ballots(
    first_preferences: npt.ArrayLike,
    transfers: TransferMatrix,
    *,
    max_preferences: int = 3,
) -> Ballots:
    """Party-level expected ballots for one single-member seat (candidates = parties)."""
    sequences, weights = party_sequences(
        first_preferences, transfers, max_preferences=max_preferences
    )
    return Ballots.from_rankings(transfers.parties, sequences, weights)
