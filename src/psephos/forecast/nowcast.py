"""Results-night nowcast: update the projection of the final result after each declaration.

Declared seats are a sample of seats, but not a random one: seats that count fast (small urban
seats in the North East of England) differ from the rest. After every declaration the nowcast
fits the partial-pooling change model of :mod:`psephos.forecast.pooling` on the declared seats:
each party's change is its regional mean change (each region pulled towards the Great Britain
mean while it has few declared seats) plus seat-type terms (own base share, Leave share,
incumbent, challenger) that are shrunk towards zero, i.e. towards the regional mean swing.
Northern Ireland is a block of its own, moved only by its own declared seats. Every undeclared
seat gets win probabilities whose spread includes the parameters' uncertainty, so the first
declarations give wide probabilities; declared seats count for the winning candidate
(:attr:`psephos.model.Election.winner`: two Independents are two candidates).
The published projection stacks the model with plain regional mean swing of the declared seats
(:func:`psephos.forecast.pooling.stack_with_baseline`), with the baseline's weight learned on
earlier nights by the Bates-Granger rule (:func:`choose_baseline_weight`).

Declarations are kept in SQLite (write-ahead log, one commit per declaration), so a crash loses
no declared result and reopening the store resumes the night. Posting the same result twice
changes nothing; posting a different result for a declared seat replaces it (a correction),
unless it names only some of the seat's parties (one changed count given alone), which is
refused.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError, PsephosError, UnknownPartyError, did_you_mean
from psephos.forecast.exitpoll import election_pair, leave_vector
from psephos.forecast.intervals import (
    INTERVAL_SCALES,
    closest_scale,
    interval_coverage,
    seat_total_intervals,
)
from psephos.forecast.pooling import (
    BASIC_FEATURES,
    CON,
    SEAT_FEATURES,
    SITUATION_FEATURES,
    ChangeFit,
    ChangeModel,
    PoolingSettings,
    SeatFrame,
    baseline_winners,
    bates_granger_weight,
    outside_block_error,
    stack_with_baseline,
    win_probability,
)
from psephos.io.declarations import (
    NO_VOTES,
    STORED_DECLARATION,
    correction_refusal,
    left_out_parties,
)
from psephos.jurisdictions import DECLARATION_TIMES, for_election_id, of, require
from psephos.model import Candidate, Election, party_label
from psephos.numbers import format_number, listed, whole_seats
from psephos.projection.scoring import seat_error

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
#: A declaration: votes per party code, or the candidates with names, parties and votes.
Declaration = Mapping[str, float] | Sequence[Candidate]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS declarations (
    code TEXT PRIMARY KEY,
    votes TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    revisions INTEGER NOT NULL DEFAULT 0,
    electorate INTEGER
);
"""


def _payload(declaration: Declaration) -> str:
    """Canonical JSON of a declaration (a party -> votes object or a list of candidates)."""
    if isinstance(declaration, Mapping):
        return json.dumps({str(k): float(v) for k, v in sorted(declaration.items())})
    return json.dumps(
        [
            {"name": c.name, "party": c.party, "party_name": c.party_name, "votes": int(c.votes)}
            for c in declaration
        ]
    )


def _from_payload(text: str) -> Declaration:
    data = json.loads(text)
    if isinstance(data, dict):
        return {str(k): float(v) for k, v in data.items()}
    return tuple(
        Candidate(str(c["name"]), str(c["party"]), str(c["party_name"]), int(c["votes"]))
        for c in data
    )


def stored_base(path: str | Path) -> str:
    """The base election a nowcast store was fed with (so ``nowcast show`` need not be told).

    Raises:
        DataFormatError: no store at ``path``, or a file that is not a nowcast store.
    """
    store = Path(path)
    if not store.is_file():
        raise DataFormatError(
            f"No nowcast store at {str(store)!r}; feed declarations first "
            "(psephos nowcast feed --from ELECTION --store FILE)."
        )
    try:
        connection = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT value FROM meta WHERE key = 'base'").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        row = None
    if row is None:
        raise DataFormatError(f"{str(store)!r} is not a nowcast store (no base election in it).")
    return str(row[0])


def check_declared_votes(seat: str, valid_votes: float, electorate: int | None) -> None:
    """Refuse a declaration with more valid votes than the seat has electors (a typo in a
    count or in the electorate; turnout in every bundled seat is below 90%).

    Args:
        seat: The seat as messages name it (:attr:`psephos.model.Constituency.named`:
            "Sunderland Central (E14001531)").
        valid_votes: The declaration's votes, every candidate together.
        electorate: The seat's electorate (as declared, else at the base election); ``None``
            or 0 when unknown, and then nothing is checked.

    Raises:
        DataFormatError: naming the seat, the votes and the electorate.
    """
    if electorate and valid_votes > electorate:
        raise DataFormatError(
            f"{seat}: {format_number(valid_votes, ',.0f')} valid votes is more than the electorate "
            f"({electorate:,}); check the counts and the electorate."
        )


def _total_votes(declaration: Declaration) -> float:
    if isinstance(declaration, Mapping):
        return float(sum(float(count) for count in declaration.values()))
    return float(sum(candidate.votes for candidate in declaration))


class NowcastStore:
    """Declarations persisted in SQLite (WAL, one commit per declaration).

    The store keeps the base election it was opened with; opening it with another base is
    refused once a declaration is stored (a feed refused before its first declaration, or an
    empty one, leaves a store that takes the base it is next given).
    """

    def __init__(self, path: str | Path, base_id: str) -> None:
        self.path = str(path)
        self.connection = sqlite3.connect(self.path)
        if self.path != ":memory:":
            self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=FULL")
        self.connection.executescript(_SCHEMA)
        columns = {row[1] for row in self.connection.execute("PRAGMA table_info(declarations)")}
        if "electorate" not in columns:  # a store written before the electorate was kept
            with self.connection:
                self.connection.execute("ALTER TABLE declarations ADD COLUMN electorate INTEGER")
        row = self.connection.execute("SELECT value FROM meta WHERE key = 'base'").fetchone()
        if row is not None and row[0] != base_id and self.n_declarations():
            raise PsephosError(
                f"nowcast store {self.path} belongs to base election {row[0]!r}, not {base_id!r}."
            )
        if row is None or row[0] != base_id:  # a store with nothing declared takes any base
            with self.connection:
                self.connection.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('base', ?)", (base_id,)
                )

    def n_declarations(self) -> int:
        """How many seats the store has a declaration for."""
        return int(self.connection.execute("SELECT COUNT(*) FROM declarations").fetchone()[0])

    def put(self, code: str, declaration: Declaration, electorate: int | None = None) -> str:
        """Store a declaration, with the electorate as declared where given; returns ``new``,
        ``unchanged`` or ``corrected``."""
        payload = _payload(declaration)
        row = self.connection.execute(
            "SELECT votes, electorate FROM declarations WHERE code = ?", (code,)
        ).fetchone()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if row is not None and (row[0], row[1]) == (payload, electorate):
            return "unchanged"
        with self.connection:  # one transaction, committed on exit
            if row is None:
                sequence = self.connection.execute(
                    "SELECT COALESCE(MAX(sequence), 0) + 1 FROM declarations"
                ).fetchone()[0]
                self.connection.execute(
                    "INSERT INTO declarations (code, votes, sequence, received_at, electorate) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (code, payload, sequence, now, electorate),
                )
                return "new"
            self.connection.execute(
                "UPDATE declarations SET votes = ?, received_at = ?, electorate = ?, "
                "revisions = revisions + 1 WHERE code = ?",
                (payload, now, electorate, code),
            )
            return "corrected"

    def electorates(self) -> dict[str, int]:
        """The electorate each declaration gave, by seat code (a seat declared without one is
        left out: the base election's is its electorate)."""
        return {
            str(code): int(electorate)
            for code, electorate in self.connection.execute(
                "SELECT code, electorate FROM declarations WHERE electorate IS NOT NULL"
            )
        }

    def get(self, code: str) -> Declaration | None:
        """The seat's stored declaration, or ``None`` where it has none."""
        row = self.connection.execute(
            "SELECT votes FROM declarations WHERE code = ?", (code,)
        ).fetchone()
        return None if row is None else _from_payload(row[0])

    def remove(self, code: str) -> bool:
        """Remove a seat's declaration (one stored under the wrong seat); ``False`` where the
        seat has none."""
        with self.connection:
            removed = self.connection.execute("DELETE FROM declarations WHERE code = ?", (code,))
        return removed.rowcount > 0

    def declarations(self) -> Iterator[tuple[str, Declaration]]:
        """Stored declarations in the order they first arrived."""
        for code, votes in self.connection.execute(
            "SELECT code, votes FROM declarations ORDER BY sequence"
        ):
            yield code, _from_payload(votes)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


@dataclass(frozen=True, slots=True)
class NowcastProjection:
    """The projected final result after some declarations.

    ``projected_seats`` are expected seats (each party's win probabilities summed); what is
    shown as a party's projected seats is :meth:`whole_seats`, those rounded by largest
    remainders so that they add up to the House.
    """

    n_declared: int
    parties: tuple[str, ...]
    declared_seats: dict[str, int]
    projected_seats: dict[str, float]  # declared + expected undeclared
    win_probability: FloatArray  # (n_seats, n_parties)
    shares: FloatArray  # (n_seats, n_parties)
    meta: dict[str, Any] = field(default_factory=dict)

    def whole_seats(self) -> dict[str, int]:
        """Projected seats as whole seats summing to the number of seats: the expected seats
        rounded by largest remainders (:func:`psephos.numbers.whole_seats`), the one rounding
        the CLI, the web page and its JSON show."""
        expected = [max(self.projected_seats[p], 0.0) for p in self.parties]
        whole = whole_seats(expected, self.win_probability.shape[0])
        return dict(zip(self.parties, whole, strict=True))

    def rows(
        self,
        *,
        intervals: Mapping[str, tuple[int, int]] | None = None,
        night_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """One row per party projected to win a seat (:meth:`whole_seats`, so the rows'
        ``projected`` add up to the House), most first: the party's code in ``party`` and the
        night's label beside it in ``party_label`` (:func:`psephos.model.party_label` of
        ``night_id``; a night psephos does not bundle, the default, names Reform "Reform UK",
        as the results-night page and :func:`psephos.results.night.call` do), declared and
        projected seats, and with ``intervals`` (from :meth:`Nowcast.seat_intervals`) the
        interval's ``low`` and ``high`` (0 and 0 for a party left out of them)."""
        whole = self.whole_seats()
        rows = []
        for p in sorted(self.parties, key=lambda q: (-whole[q], -self.projected_seats[q])):
            if whole[p] == 0:
                continue
            row: dict[str, Any] = {
                "party": p,
                "party_label": party_label(p, night_id),
                "declared": self.declared_seats[p],
                "projected": whole[p],
            }
            if intervals is not None:
                row["low"], row["high"] = intervals.get(p, (0, 0))
            rows.append(row)
        return rows


def seat_frame(base: Election, standing: npt.ArrayLike | None = None) -> SeatFrame:
    """The pooling model's view of the seats: base shares, who stands now (default: who stood
    in the base), regions (a UK region, a Canadian province), the nations modelled apart as
    their own block (Northern Ireland; none in Canada), and the facts only some countries
    have: the Leave share where the country bundles demographics (the UK) and the column of
    a party coded ``Con``. A fact the country lacks is ``None``, and the seat features that
    need it are left out (:meth:`psephos.forecast.pooling.SeatFrame.usable`)."""
    stand = base.votes > 0 if standing is None else np.asarray(standing, dtype=bool)
    if stand.shape != base.votes.shape:
        raise DataFormatError(
            f"standing must be seats x parties {base.votes.shape}, got {stand.shape}."
        )
    country = of(base)
    return SeatFrame(
        base_shares=base.shares(),
        standing=stand,
        leave=leave_vector(base) if country.has_table("demographics") else None,
        regions=np.asarray(base.regions),
        outside=~base.gb_mask,
        con=base.parties.index(CON) if CON in base.parties else None,
    )


def model_features(
    base: Election, settings: PoolingSettings
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The seat features of ``settings`` the nowcast fits on ``base``'s seats, and those it
    leaves out for want of data (:meth:`psephos.forecast.pooling.SeatFrame.usable`: Canada
    has no Leave estimate and no party coded ``Con``)."""
    used = seat_frame(base).usable(settings.features)
    return used, tuple(name for name in settings.features if name not in used)


def national_prior_change(
    base: Election, standing: npt.ArrayLike, shares: Mapping[str, float]
) -> dict[int, float]:
    """The pre-night forecast as the prior of each party's national change: its Great Britain
    share minus the base's (vote-weighted over Great Britain seats), spread over the seats
    where the party stands now (a party standing where a fifth of the votes are must move
    five times as much there), by party column; parties not in ``shares`` are left out.

    Raises:
        UnknownPartyError: a party the base does not know.
    """
    stand = np.asarray(standing, dtype=bool)
    gb = base.gb_mask
    weights = np.asarray(base.valid_votes, dtype=np.float64) * gb
    before = (base.shares() * weights[:, None]).sum(axis=0) / weights.sum()
    prior: dict[int, float] = {}
    for party, share in shares.items():
        if party not in base.parties:
            raise UnknownPartyError(
                f"Unknown party {party!r} in the pre-night shares; known: "
                f"{', '.join(base.parties)}." + did_you_mean(party, base.parties)
            )
        column = base.parties.index(party)
        where = float((weights * stand[:, column]).sum()) / weights.sum()
        if where > 0:
            prior[column] = (float(share) - float(before[column])) / where
    return prior


def pre_night_shares(election_id: str) -> dict[str, float]:
    """What a user had on the eve of a bundled night: the final week's Great Britain poll
    average (fractions), corrected for the polls' past error where the forecast's own rule
    adopts that on the elections before it
    (:func:`psephos.projection.backtest.headline_poll_input`)."""
    from psephos.projection.backtest import (
        adjusted_final_polls,
        final_polls,
        headline_poll_input,
    )

    polls = (
        adjusted_final_polls(election_id)
        if headline_poll_input(election_id) == "polls-adjusted"
        else final_polls(election_id)
    )
    return {party: share / 100.0 for party, share in polls.items()}


class Nowcast:
    """Feed declarations one by one and project the final result after each.

    Args:
        base: the previous election on the same boundaries.
        standing: who stands now, seats x parties booleans (known from nominations; default:
            the bundled nominations of the election that followed the base, where there is one,
            else who stood in the base: :func:`psephos.projection.candidates.next_nominations`).
        store: SQLite path for persistence (``":memory:"`` for none); reopening a path resumes.
        settings: the pooling model's settings (default ``chosen_settings("next")``:
            :data:`LIVE_SETTINGS` with Northern Ireland's error and the interval scale, all
            chosen on every bundled night).
        pre_night_shares: the pre-night forecast's Great Britain vote shares (party ->
            fraction, e.g. the final polls; :func:`pre_night_shares` for a bundled night):
            the prior of each named party's national change, weighted by the settings'
            ``national_prior_seats`` (no effect at 0, and none for a party left out).

    Any country's base will do: a country without the UK's Leave estimates or a party coded
    ``Con`` (Canada) is modelled with the seat features it has (:func:`seat_frame`), its
    regions (Canada's provinces) pooled as the UK's are, with the settings chosen on the UK's
    nights (there is no other country's night with a declaration order to choose them on).
    """

    def __init__(
        self,
        base: Election,
        *,
        standing: npt.ArrayLike | None = None,
        store: str | Path = ":memory:",
        settings: PoolingSettings | None = None,
        pre_night_shares: Mapping[str, float] | None = None,
    ) -> None:
        self.base = base
        from psephos.projection.candidates import standing_or_next_nominations

        self.frame = seat_frame(base, standing_or_next_nominations(base, standing))
        self.settings = chosen_settings("next") if settings is None else settings
        self.model = ChangeModel(self.frame, self.settings)
        self.prior_change = (
            None
            if pre_night_shares is None
            else national_prior_change(base, self.frame.standing, pre_night_shares)
        )
        self.store = NowcastStore(store, base.id)
        self._shares: dict[int, FloatArray] = {}
        self._winners: dict[int, int] = {}
        self._projection: NowcastProjection | None = None
        self._fit: ChangeFit | None = None
        self._baseline: IntArray | None = None  # the baseline's favourites (stacking)
        for code, declaration in self.store.declarations():
            index = self.base.seat_index(code)
            self._shares[index], self._winners[index] = self._parse(declaration)

    def _party_column(self, party: str) -> int:
        if party not in self.base.parties:
            raise UnknownPartyError(
                f"Unknown party {party!r} in a declaration; known: "
                f"{', '.join(self.base.parties)}." + did_you_mean(party, self.base.parties)
            )
        return self.base.parties.index(party)

    def _parse(self, declaration: Declaration) -> tuple[FloatArray, int]:
        """Party shares and the winning candidate's party column of a declaration."""
        pairs = (
            list(declaration.items())
            if isinstance(declaration, Mapping)
            else [(c.party, c.votes) for c in declaration]
        )
        vector = np.zeros(len(self.base.parties))
        best, best_votes = -1, -1.0
        for party, count in pairs:
            column = self._party_column(str(party))
            value = float(count)
            if not np.isfinite(value) or value < 0:
                raise DataFormatError(f"votes for {party} must be a non-negative number.")
            vector[column] += value
            if value > best_votes:  # the winning candidate, not the largest party total
                best, best_votes = column, value
        total = vector.sum()
        if total <= 0:
            raise DataFormatError(NO_VOTES)
        if isinstance(declaration, Mapping):
            best = int(np.argmax(vector))
        return vector / total, best

    def declare(self, seat: str, votes: Declaration, *, electorate: int | None = None) -> str:
        """Record a declared result; returns ``new``, ``unchanged`` or ``corrected``.

        Args:
            seat: ONS code or name.
            votes: votes per party code, or the candidates (two Independents are two
                candidates, and the seat goes to the one with most votes).
            electorate: The electorate as declared (default: the seat's at the base
                election); more valid votes than electors is refused.

        Persisted before the projection changes.

        Raises:
            DataFormatError: negative votes, no votes, more votes than electors, or a seat
                declared again with only some of its stored parties
                (:func:`psephos.io.declarations.left_out_parties`).
        """
        index, shares, winner = self._checked(seat, votes, electorate)
        status = self.store.put(self.base.constituencies[index].code, votes, electorate)
        if status != "unchanged":
            self._shares[index] = shares
            self._winners[index] = winner
            self._projection = None
        return status

    def withdraw(self, seat: str) -> bool:
        """Withdraw a seat's declaration (one entered under the wrong seat): the seat is no
        longer declared, in the store or the projection; ``False`` where it had not declared.

        Raises:
            UnknownConstituencyError: a seat not in the base election.
        """
        index = self.base.seat_index(seat)
        if not self.store.remove(self.base.constituencies[index].code):
            return False
        self._shares.pop(index, None)
        self._winners.pop(index, None)
        self._projection = None
        return True

    def check(self, seat: str, votes: Declaration, *, electorate: int | None = None) -> None:
        """Check a declaration as :meth:`declare` does, storing nothing (a file is checked
        whole before any of it is stored).

        Raises:
            UnknownConstituencyError, UnknownPartyError, DataFormatError: as :meth:`declare`.
        """
        self._checked(seat, votes, electorate)

    def _checked(
        self, seat: str, votes: Declaration, electorate: int | None
    ) -> tuple[int, FloatArray, int]:
        """The seat's position, the declaration's shares and its winner's column, checked."""
        index = self.base.seat_index(seat)
        constituency = self.base.constituencies[index]
        shares, winner = self._parse(votes)
        stored = self.store.get(constituency.code)
        left_out = [] if stored is None else left_out_parties(stored, votes)
        if left_out:  # one changed row given as a correction would replace the whole seat
            raise correction_refusal(constituency.named, left_out, STORED_DECLARATION)
        check_declared_votes(
            constituency.named, _total_votes(votes), electorate or constituency.electorate
        )
        return index, shares, winner

    @property
    def n_declared(self) -> int:
        """Number of declared seats."""
        return len(self._shares)

    @property
    def declared_codes(self) -> tuple[str, ...]:
        """ONS codes of the declared seats, in the base's seat order."""
        return tuple(self.base.codes[index] for index in sorted(self._shares))

    def projection(self) -> NowcastProjection:
        """Projected final result from the declarations so far (cached until the next one)."""
        if self._projection is not None:
            return self._projection
        parties = self.base.parties
        declared = np.array(sorted(self._shares), dtype=np.int64)
        observed = (
            np.array([self._shares[i] for i in declared])
            if len(declared)
            else np.zeros((0, len(parties)))
        )
        fit = self.model.fit(declared, observed, prior_change=self.prior_change)
        self._fit = fit
        probability = win_probability(fit.shares, fit.seat_sd)
        winners = np.array([self._winners[i] for i in declared], dtype=np.int64)
        probability[declared] = 0.0
        probability[declared, winners] = 1.0
        weight = self.settings.baseline_weight
        if weight > 0:
            self._baseline = baseline_seats(self.frame, declared, observed, winners)
            probability = stack_with_baseline(probability, self._baseline, weight)
        declared_wins = np.bincount(winners, minlength=len(parties))
        projected = probability.sum(axis=0)
        self._projection = NowcastProjection(
            n_declared=len(declared),
            parties=parties,
            declared_seats={p: int(c) for p, c in zip(parties, declared_wins, strict=True)},
            projected_seats={p: float(c) for p, c in zip(parties, projected, strict=True)},
            win_probability=probability,
            shares=fit.shares,
        )
        return self._projection

    def seat_intervals(
        self, level: float = 0.9, n_sims: int = 400, *, seed: int = 0
    ) -> dict[str, tuple[int, int]]:
        """Central ``level`` interval of every party's final seats (declared seats fixed),
        from draws of the model's posterior predictive (:meth:`ChangeModel.simulate_seats`):
        the national and regional errors are shared by all undeclared seats, so the interval
        is wide when few seats are in. With a ``baseline_weight`` ``w`` the draws come from the
        stacked mixture: a share ``w`` of them are the baseline's seat totals. Parties whose
        interval is ``(0, 0)`` are left out."""
        self.projection()
        assert self._fit is not None  # set by projection()
        fixed = dict(self._winners)
        counts = self.model.simulate_seats(self._fit, fixed, n_sims, seed=seed)
        weight = self.settings.baseline_weight
        if weight > 0 and self._baseline is not None:
            rng = np.random.default_rng([seed, 1])
            from_baseline = rng.random(n_sims) < weight
            counts[from_baseline] = np.bincount(self._baseline, minlength=counts.shape[1])
        return seat_total_intervals(counts, self.base.parties, level)

    def close(self) -> None:
        """Close the store."""
        self.store.close()


def declaration_order(election_id: str) -> list[str]:
    """Seat codes in the order they declared (bundled ``declared_at``; ties by code).

    Where only some seats have a bundled time (2024: 214 of 650, from a partial feed), the
    timed seats come first in time order and the rest follow in code order.

    Raises:
        PsephosError: if the election has no declaration times at all.
        UnsupportedCountryError: an election whose country bundles no declaration times
            (Canada: :func:`replay_order` assumes one).
    """
    jurisdiction, key = require(DECLARATION_TIMES, election_id), for_election_id(election_id)[1]
    results = jurisdiction.table("results")
    rows = results[results["election"] == key]
    if rows.empty or rows["declared_at"].isna().all():
        known = sorted(
            str(e)
            for e, group in results.groupby("election")
            if len(group) and group["declared_at"].notna().any()
        )
        raise PsephosError(
            f"No declaration order for {election_id!r}; available: {', '.join(known)}."
        )
    timed = rows[rows["declared_at"].notna()].sort_values(["declared_at", "code"])
    untimed = rows[rows["declared_at"].isna()].sort_values("code")
    return [str(code) for code in [*timed["code"], *untimed["code"]]]


#: How the assumed order of a night without bundled declaration times is made, as the
#: replay's output, ``--help`` and docs/forecast.md say it.
ASSUMED_ORDER = (
    "assumed, not recorded: seats report as the polls close, region groups in the country's "
    "order ({groups}), in a random order within each group (seed {seed})"
)


def assumed_declaration_order(election_id: str, *, seed: int = 0) -> list[str]:
    """An assumed declaration order for a night whose country bundles no declaration times:
    the country's :attr:`~psephos.jurisdictions.Jurisdiction.reporting_groups` in turn
    (Canada's polls close east to west by time zone: Newfoundland and Labrador; the Maritimes;
    Quebec and Ontario; the Prairies; British Columbia and the territories), the seats of each
    group in a random order drawn with ``seed`` (same seed, same order). An assumption, not a
    record: say so wherever it is used (:data:`ASSUMED_ORDER`).

    Raises:
        PsephosError: the country has no reporting groups, or a seat's region is in none.
    """
    jurisdiction, key = for_election_id(election_id)
    if not jurisdiction.reporting_groups:
        raise PsephosError(
            f"No assumed declaration order for {jurisdiction.as_adjective} elections; "
            f"{election_id!r} has bundled declaration times or none at all."
        )
    election = jurisdiction.load(key)
    regions = np.asarray(election.regions)
    grouped = [region for group in jurisdiction.reporting_groups for region in group]
    stray = sorted(set(regions.tolist()) - set(grouped))
    if stray:
        raise PsephosError(
            f"{election_id}: the region {stray[0]!r} is in none of the reporting groups "
            f"({', '.join(grouped)})."
        )
    rng = np.random.default_rng(seed)
    codes: list[str] = []
    for group in jurisdiction.reporting_groups:
        members = np.flatnonzero(np.isin(regions, group))
        codes.extend(election.codes[int(index)] for index in rng.permutation(members))
    return codes


def has_declaration_times(election_id: str) -> bool:
    """Whether the country of ``election_id`` bundles declaration times
    (:data:`~psephos.jurisdictions.DECLARATION_TIMES`)."""
    return for_election_id(election_id)[0].supports(DECLARATION_TIMES)


def replay_order(election_id: str, *, seed: int = 0) -> list[str]:
    """The order a replay declares the seats in: the bundled one
    (:func:`declaration_order`), else the assumed one
    (:func:`assumed_declaration_order`, drawn with ``seed``)."""
    if has_declaration_times(election_id):
        return declaration_order(election_id)
    return assumed_declaration_order(election_id, seed=seed)


def assumed_order_note(election_id: str, *, seed: int = 0) -> str | None:
    """How the replay's order was made where it is assumed (:data:`ASSUMED_ORDER`), else
    ``None`` (a bundled order)."""
    if has_declaration_times(election_id):
        return None
    groups = for_election_id(election_id)[0].reporting_groups
    return ASSUMED_ORDER.format(groups="; ".join(", ".join(group) for group in groups), seed=seed)


def replay_lines(declaration_order: str | None, *, intervals_at: Iterable[int]) -> list[str]:
    """The lines under ``psephos nowcast replay``'s table, which its JSON carries as
    ``headline``: what its error columns count, at which counts of declared seats the 90%
    intervals were checked (``intervals_at``, as :func:`replay` was given them; the column
    ``in_90_interval``, as the exit poll's emulation names its own check, is blank elsewhere)
    and, where the order was assumed (``declaration_order``, :func:`assumed_order_note`), that
    order and the settings used."""
    checked = listed([format_number(n, ",") for n in sorted(intervals_at)])
    lines = [
        "Errors: sum over parties of |projected - final seats|; baseline: plain regional mean "
        "swing of the declared seats; in_90_interval: of the parties that won or could win a "
        "seat, those whose final seats lie in the nowcast's 90% interval, checked at "
        f"{checked} seats declared (blank at the other rows)."
    ]
    if declaration_order is not None:
        lines.append(
            f"Declaration order: {declaration_order}. Settings: the live ones, chosen on the "
            "UK's nights."
        )
    return lines


def n_timed_declarations(election_id: str) -> int:
    """How many seats of ``election_id`` have a bundled declaration time (0 where the country
    bundles none)."""
    if not has_declaration_times(election_id):
        return 0
    jurisdiction, key = for_election_id(election_id)
    results = jurisdiction.table("results")
    return int(results[results["election"] == key]["declared_at"].notna().sum())


def votes_of(election: Election, index: int) -> Declaration:
    """One seat's declaration: its candidates where the election has them, else its votes per
    party (non-zero only)."""
    if election.candidates is not None and election.candidates[index]:
        return election.candidates[index]
    row = election.votes[index]
    return {p: float(v) for p, v in zip(election.parties, row, strict=True) if v > 0}


@dataclass(frozen=True, slots=True)
class ReplayStep:
    """Scores after ``n_declared`` declarations, UK and Great Britain.

    Errors are sums over parties of |projected - final| seats, the final seats being the
    winning candidates'. The baseline is plain regional mean swing of the declared seats.
    """

    n_declared: int
    error_nowcast: float
    error_baseline: float
    error_nowcast_gb: float
    error_baseline_gb: float
    # projected whole seats (NowcastProjection.whole_seats) of the parties projected any
    projected: dict[str, int]
    # parties whose final seats lie in the 90% interval, of the parties that won or could win
    coverage: tuple[int, int] | None = None
    # per party (vocabulary order): projected minus final seats, UK, nowcast and baseline
    party_error_nowcast: tuple[float, ...] = ()
    party_error_baseline: tuple[int, ...] = ()
    # the 90% seat intervals themselves (party -> low, high), where ``coverage`` is scored
    intervals: dict[str, tuple[int, int]] | None = None


def baseline_seats(
    frame: SeatFrame, declared: IntArray, observed: FloatArray, winners: IntArray
) -> IntArray:
    """Seats won per seat under plain regional mean swing of the declared seats (declared
    seats go to their winning candidate's party). Returns the winner column of every seat."""
    seat_winner = baseline_winners(frame, declared, observed)
    seat_winner[declared] = winners
    return seat_winner


def replay(
    election_id: str,
    *,
    every: int = 1,
    store: str | Path = ":memory:",
    order: Iterable[str] | None = None,
    settings: PoolingSettings | None = None,
    checkpoints: Iterable[int] | None = None,
    intervals_at: Iterable[int] = (),
    seed: int = 0,
) -> list[ReplayStep]:
    """Replay a results night in declaration order, scoring each projection.

    Args:
        election_id: a bundled election with a bundled election before it on the same
            boundaries: one with declaration times (2015, 2017, 2019, 2024), or one of a
            country that has an assumed order (canada-2021: :func:`assumed_declaration_order`).
        every: score after every ``every`` declarations (and after the last).
        store: SQLite path (``":memory:"`` by default).
        order: seat codes in order (default: :func:`replay_order`).
        settings: the pooling settings (default: :func:`chosen_settings` for the night,
            chosen on earlier nights only; a night of another country: the live settings,
            chosen on every UK night).
        checkpoints: score only after these numbers of declarations (overrides ``every``).
        intervals_at: after these numbers of declarations also check the 90% seat intervals
            (:meth:`Nowcast.seat_intervals`) against the final seats (``coverage``).
        seed: seed of an assumed order (:func:`assumed_declaration_order`); unused with a
            bundled order.

    Raises:
        PsephosError: an election without a bundled election before it on its boundaries.
    """
    target, base = election_pair(election_id)
    codes = list(order) if order is not None else replay_order(election_id, seed=seed)
    chosen = chosen_settings(election_id) if settings is None else settings
    nowcast = Nowcast(
        base,
        standing=target.votes > 0,
        store=store,
        settings=chosen,
        pre_night_shares=pre_night_shares(election_id) if chosen.national_prior_seats else None,
    )
    wanted = None if checkpoints is None else set(checkpoints)
    check_intervals = set(intervals_at)
    n_parties = len(target.parties)
    gb = ~nowcast.frame.outside
    final = np.bincount(target.winner, minlength=n_parties)
    final_gb = np.bincount(target.winner[gb], minlength=n_parties)
    shares = target.shares()
    steps: list[ReplayStep] = []
    declared: list[int] = []
    try:
        for n, code in enumerate(codes, start=1):
            index = target.seat_index(code)
            nowcast.declare(code, votes_of(target, index))
            declared.append(index)
            if wanted is not None:
                if n not in wanted:
                    continue
            elif n % every and n != len(codes):
                continue
            projection = nowcast.projection()
            probability = projection.win_probability
            intervals = nowcast.seat_intervals() if n in check_intervals else None
            seen = np.asarray(declared, dtype=np.int64)
            plain = baseline_seats(nowcast.frame, seen, shares[seen], target.winner[seen])
            plain_seats = np.bincount(plain, minlength=n_parties)
            steps.append(
                ReplayStep(
                    n_declared=n,
                    error_nowcast=seat_error(probability.sum(axis=0), final),
                    error_baseline=seat_error(plain_seats, final),
                    error_nowcast_gb=seat_error(probability[gb].sum(axis=0), final_gb),
                    error_baseline_gb=seat_error(
                        np.bincount(plain[gb], minlength=n_parties), final_gb
                    ),
                    projected={p: n for p, n in projection.whole_seats().items() if n},
                    coverage=(
                        None
                        if intervals is None
                        else interval_coverage(intervals, target.parties, final)
                    ),
                    party_error_nowcast=tuple((probability.sum(axis=0) - final).tolist()),
                    party_error_baseline=tuple((plain_seats - final).tolist()),
                    intervals=intervals,
                )
            )
    finally:
        nowcast.close()
    return steps


def replay_nights() -> tuple[str, ...]:
    """The bundled nights :func:`replay` can replay (``psephos nowcast replay``, the web's
    replay page), country by country, oldest first: every election after another on the same
    boundaries whose country bundles its declaration times (the UK's 2015, 2017, 2019 and
    2024: :func:`n_timed_declarations`) or assumes an order (Canada's canada-2021:
    :func:`assumed_declaration_order`)."""
    from psephos.jurisdictions import JURISDICTIONS

    return tuple(
        key
        for country in JURISDICTIONS.values()
        for key in country.previous_ids
        if country.reporting_groups or n_timed_declarations(key)
    )


def replay_rows(election_id: str, step: ReplayStep, *, seed: int = 0) -> list[dict[str, Any]]:
    """A replay's projection after ``step.n_declared`` declarations (a step of :func:`replay`
    in its own order, :func:`replay_order` with ``seed``), one row per party beside the plain
    baseline and the result: ``party``, ``party_label`` (as the replayed night names it),
    ``declared`` (its seats among those declared), ``projected`` (whole seats,
    :meth:`NowcastProjection.whole_seats`), ``low`` and ``high`` (the 90% interval, where the
    step measured it, ``intervals_at``, 0 to 0 for a party the interval leaves out; else
    ``None``), ``baseline`` (plain regional mean swing
    of the declared seats) and ``final`` (the seats its winning candidates took, as the
    replay's errors score). Parties with none of these are left out; most projected first,
    then most won."""
    target, _ = election_pair(election_id)
    n_parties = len(target.parties)
    final = np.bincount(target.winner, minlength=n_parties)
    order = replay_order(election_id, seed=seed)[: step.n_declared]
    seen = np.array([target.seat_index(code) for code in order], dtype=np.int64)
    declared = np.bincount(target.winner[seen], minlength=n_parties)
    rows = []
    for position, party in enumerate(target.parties):
        low: int | None = None
        high: int | None = None
        if step.intervals is not None:  # a party measured at (0, 0) is left out of them
            low, high = step.intervals.get(party, (0, 0))
        row = {
            "party": party,
            "party_label": party_label(party, election_id),
            "declared": int(declared[position]),
            "projected": step.projected.get(party, 0),
            "low": low,
            "high": high,
            "baseline": int(final[position] + step.party_error_baseline[position]),
            "final": int(final[position]),
        }
        if row["projected"] or row["baseline"] or row["final"] or high:
            rows.append(row)
    return sorted(rows, key=lambda row: (-row["projected"], -row["final"]))


#: Replay nights in date order (each with a bundled declaration order).
NIGHTS: tuple[str, ...] = ("2015", "2017", "2019", "2024")
#: Declaration counts whose errors are reported and averaged when choosing settings.
CHECKPOINTS: tuple[int, ...] = (50, 100, 200)
#: The plain baseline as a member of the model family: no seat-type terms and (almost) no
#: pooling of the regions, i.e. regional mean swing of the declared seats with win
#: probabilities.
REGIONAL_SWING_SETTINGS = PoolingSettings(region_strength=0.01, features=())
#: Settings tried when choosing on earlier nights: region and slope prior strengths (seats)
#: and the feature set, and the baseline's own structure, so the rule can fall back to it.
SETTINGS_GRID: tuple[PoolingSettings, ...] = (
    *(
        PoolingSettings(region_strength=r, slope_strength=b, features=f)
        for f in (BASIC_FEATURES, SEAT_FEATURES, SITUATION_FEATURES)
        for r in (1.0, 3.0, 10.0)
        for b in (10.0, 30.0, 100.0)
    ),
    REGIONAL_SWING_SETTINGS,
)
#: Settings for a night with no earlier night to choose on (2015): the middle of the grid,
#: fixed before any replay.
DEFAULT_SETTINGS = PoolingSettings()


def tuning_nights(election_id: str) -> tuple[str, ...]:
    """Nights strictly before ``election_id`` used to choose its settings (``next``: all)."""
    if election_id in NIGHTS:
        return NIGHTS[: NIGHTS.index(election_id)]
    return NIGHTS


def settings_scores(nights: Iterable[str]) -> list[tuple[float, PoolingSettings]]:
    """Mean UK seat error at :data:`CHECKPOINTS` over ``nights`` for every grid setting."""
    chosen = list(nights)
    scores = []
    for settings in SETTINGS_GRID:
        errors = [
            step.error_nowcast
            for night in chosen
            for step in replay(night, settings=settings, checkpoints=CHECKPOINTS)
        ]
        scores.append((float(np.mean(errors)), settings))
    return scores


def choose_settings(election_id: str) -> PoolingSettings:
    """Run the choice rule: the grid setting with the lowest mean error over the nights before
    ``election_id`` (:data:`DEFAULT_SETTINGS` when there is none). Slow (many replays);
    :data:`CHOSEN_SETTINGS` records its answers."""
    nights = tuning_nights(election_id)
    if not nights:
        return DEFAULT_SETTINGS
    scores = settings_scores(nights)
    return min(scores, key=lambda pair: pair[0])[1]


def _grid(region: float, slope: float, features: tuple[str, ...]) -> PoolingSettings:
    return PoolingSettings(region_strength=region, slope_strength=slope, features=features)


#: :func:`choose_settings` for every night and for a live night (``next``: all four nights),
#: recorded so a replay does not rerun the choice; a slow test checks they agree.
CHOSEN_SETTINGS: dict[str, PoolingSettings] = {
    "2015": DEFAULT_SETTINGS,  # no earlier night
    "2017": _grid(1.0, 10.0, SEAT_FEATURES),  # chosen on 2015
    "2019": _grid(1.0, 100.0, SITUATION_FEATURES),  # chosen on 2015 + 2017
    "2024": _grid(1.0, 100.0, SITUATION_FEATURES),  # chosen on 2015 + 2017 + 2019
    "next": _grid(10.0, 10.0, SITUATION_FEATURES),  # chosen on all four nights
}
#: The settings of a live night (chosen on every bundled night).
LIVE_SETTINGS = CHOSEN_SETTINGS["next"]


def chosen_settings(election_id: str) -> PoolingSettings:
    """The recorded settings for a night, chosen on earlier nights only, with Northern
    Ireland's error model learned on the earlier nights' pairs
    (:func:`northern_ireland_error`), the interval scale (:func:`choose_interval_scale`)
    and the baseline's weight in the stacked projection (:func:`choose_baseline_weight`).
    The pre-night polls' prior is off (``national_prior_seats`` 0): measured with its weight
    chosen by :func:`choose_national_prior`, it did not earn its place (docs/forecast.md,
    interval coverage); :func:`with_national_prior` turns it on."""
    chosen = replace(
        CHOSEN_SETTINGS.get(election_id, LIVE_SETTINGS),
        interval_scale=CHOSEN_INTERVAL_SCALE.get(election_id, CHOSEN_INTERVAL_SCALE["next"]),
        baseline_weight=CHOSEN_BASELINE_WEIGHT.get(election_id, CHOSEN_BASELINE_WEIGHT["next"]),
    )
    learned = northern_ireland_error(election_id)
    if learned is None:
        return chosen
    return replace(chosen, outside_sd=learned[0], outside_prior_seats=learned[1])


def model_and_baseline_errors(nights: Iterable[str]) -> tuple[FloatArray, FloatArray]:
    """Signed seat errors per party at :data:`CHECKPOINTS` over ``nights``, of the model
    alone (each night with its chosen settings, no stacking) and of the plain baseline."""
    model: list[float] = []
    baseline: list[float] = []
    for night in nights:
        settings = replace(chosen_settings(night), baseline_weight=0.0)
        for step in replay(night, settings=settings, checkpoints=CHECKPOINTS):
            model.extend(step.party_error_nowcast)
            baseline.extend(step.party_error_baseline)
    return np.asarray(model, dtype=np.float64), np.asarray(baseline, dtype=np.float64)


def choose_baseline_weight(election_id: str) -> float:
    """The stacking rule: the baseline's weight in the projection is the Bates-Granger
    inverse-MSE weight (:func:`pooling.bates_granger_weight`) of the two methods' per-party
    seat errors at :data:`CHECKPOINTS` over the nights before ``election_id``; 0 (the model
    alone) for the first night. :data:`CHOSEN_BASELINE_WEIGHT` records its answers."""
    nights = tuning_nights(election_id)
    if not nights:
        return 0.0
    return bates_granger_weight(*model_and_baseline_errors(nights))


#: :func:`choose_baseline_weight` for every night, rounded to 3 decimals (a test checks
#: they agree): the baseline's per-party mean squared seat error against the model's.
CHOSEN_BASELINE_WEIGHT: dict[str, float] = {
    "2015": 0.0,  # no earlier night: the model alone, fixed before any replay
    "2017": 0.348,  # 2015: model MSE 4.61, baseline 8.63
    "2019": 0.528,  # 2015 + 2017: 5.70 and 5.10
    "2024": 0.502,  # 2015-2019: 5.17 and 5.14
    "next": 0.204,  # all four: 32.0 and 124.7
}


def interval_scale_coverage(nights: Iterable[str], scale: float) -> tuple[int, int]:
    """Parties inside their 90% interval at :data:`CHECKPOINTS`, of those scored, over
    ``nights`` (each replayed with its own chosen settings and shared errors scaled by
    ``scale``)."""
    inside = scored = 0
    for night in nights:
        settings = replace(chosen_settings(night), interval_scale=scale)
        for step in replay(
            night, settings=settings, checkpoints=CHECKPOINTS, intervals_at=CHECKPOINTS
        ):
            if step.coverage is not None:
                inside, scored = inside + step.coverage[0], scored + step.coverage[1]
    return inside, scored


def choose_interval_scale(election_id: str) -> float:
    """The rule for the intervals: the :data:`INTERVAL_SCALES` value whose coverage over the
    nights before ``election_id`` is closest to the nominal 90%
    (:func:`psephos.forecast.intervals.closest_scale`; ties: the smaller); 1 for the first
    night. Slow; :data:`CHOSEN_INTERVAL_SCALE` records its answers."""
    nights = tuning_nights(election_id)
    if not nights:
        return 1.0
    return closest_scale(
        {scale: interval_scale_coverage(nights, scale) for scale in INTERVAL_SCALES}
    )


#: :func:`choose_interval_scale` for every night (a slow test checks they agree).
CHOSEN_INTERVAL_SCALE: dict[str, float] = {
    "2015": 1.0,  # no earlier night
    "2017": 2.0,  # 2015: 37 of 43 inside (1.5: 36 of 42)
    "2019": 3.0,  # 2015 + 2017 (2017 stacked): 78 of 87 (2: 73 of 85)
    "2024": 2.0,  # 2015-2019: 114 of 127 (1.5: 113 of 126)
    "next": 3.0,  # all four: 157 of 176
}


@functools.cache
def northern_ireland_error(election_id: str) -> tuple[float, float] | None:
    """Northern Ireland's seat error sd and prior weight (seats) learned on the pairs of the
    nights before ``election_id`` (:func:`pooling.outside_block_error`); ``None`` for the
    first night, which keeps the settings' values."""
    pairs = []
    for night in tuning_nights(election_id):
        target, base = election_pair(night)
        block = ~target.gb_mask
        pairs.append((base.shares()[block], target.shares()[block]))
    return outside_block_error(pairs)


#: Weight, in seats, of the pre-night forecast's national change for a night with no earlier
#: night (2015): the prior is worth one declared seat (its sd is the model's seat error sd,
#: 3 points, about the size of a final-poll error on a major party), fixed before any replay
#: with the prior.
DEFAULT_NATIONAL_PRIOR_SEATS = 1.0


def poll_change_errors(nights: Iterable[str]) -> FloatArray:
    """The pre-night polls' error on each named party's national change, over ``nights``:
    the prior change (:func:`national_prior_change` of :func:`pre_night_shares`) minus the
    real mean change over the Great Britain seats where the party stood."""
    errors: list[float] = []
    for night in nights:
        target, base = election_pair(night)
        standing = target.votes > 0
        change = target.shares() - base.shares()
        prior = national_prior_change(base, standing, pre_night_shares(night))
        for column, value in prior.items():
            rows = base.gb_mask & standing[:, column]
            errors.append(value - float(change[rows, column].mean()))
    return np.asarray(errors, dtype=np.float64)


def choose_national_prior(election_id: str) -> float:
    """The rule for the pre-night prior's weight: the model's seat error variance
    (``error_sd**2``) over the mean squared error of the polls' national change on the
    nights before ``election_id`` (:func:`poll_change_errors`), so the prior's sd is the
    polls' past error (the normal-normal weight, as Northern Ireland's prior is learned:
    :func:`pooling.outside_block_error`); :data:`DEFAULT_NATIONAL_PRIOR_SEATS` for the first
    night. :data:`CHOSEN_NATIONAL_PRIOR` records its answers."""
    nights = tuning_nights(election_id)
    if not nights:
        return DEFAULT_NATIONAL_PRIOR_SEATS
    errors = poll_change_errors(nights)
    return PoolingSettings().error_sd ** 2 / max(float(np.mean(np.square(errors))), 1e-6)


#: :func:`choose_national_prior` for every night, rounded to 3 decimals (a test checks they
#: agree): the polls' root mean square error on the named parties' national change.
CHOSEN_NATIONAL_PRIOR: dict[str, float] = {
    "2015": DEFAULT_NATIONAL_PRIOR_SEATS,  # no earlier night
    "2017": 1.807,  # 2015: 5 parties, root mean square error 2.2 points
    "2019": 1.694,  # 2015 + 2017: 10 parties, 2.3 points
    "2024": 2.341,  # 2015-2019: 15 parties, 2.0 points
    "next": 2.015,  # all four: 21 parties, 2.1 points (a live night uses it with polls given)
}


def with_national_prior(election_id: str) -> PoolingSettings:
    """:func:`chosen_settings` with the pre-night polls' prior on the national change, at the
    weight :func:`choose_national_prior` gives on the earlier nights (recorded in
    :data:`CHOSEN_NATIONAL_PRIOR`); everything else as chosen without it."""
    return replace(
        chosen_settings(election_id),
        national_prior_seats=CHOSEN_NATIONAL_PRIOR.get(election_id, CHOSEN_NATIONAL_PRIOR["next"]),
    )
