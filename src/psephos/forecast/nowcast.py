"""Results-night nowcast: update the projection of the final result after each declaration.

Declared seats are a sample of seats, but not a random one: seats that count fast (small urban
seats in the North East of England) differ from the rest. The nowcast therefore uses the same
seat-characteristic regression as the exit poll (:mod:`psephos.forecast.exitpoll`; Curtice &
Firth 2008, *JRSS A* 171): after every declaration, each party's change in share at the declared
seats is regressed on base shares, the tactical situation, Leave share and nation, and every
undeclared seat is predicted from its own characteristics. Declared seats count as won; the
undeclared ones add their win probabilities.

Declarations are kept in SQLite (write-ahead log, one commit per declaration), so a crash loses
no declared result and reopening the store resumes the night. Posting the same result twice
changes nothing; posting a different result for a declared seat replaces it (a correction).
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError, PsephosError, UnknownPartyError, did_you_mean
from psephos.forecast.exitpoll import (
    OUTSIDE_PRIOR_SEATS,
    OUTSIDE_SD,
    SeatCharacteristics,
    estimate,
)
from psephos.io.bundled import PREVIOUS, load, table
from psephos.model import Election

FloatArray = npt.NDArray[np.float64]

#: Prior strength ``(intercept, slopes)`` in seats for a live night: chosen by replaying the
#: 2015, 2017 and 2019 nights (:func:`chosen_prior_strength` with ``"next"``); the same value is
#: chosen on 2015 alone and on 2015 + 2017.
LIVE_PRIOR_STRENGTH: tuple[float, float] = (0.5, 20.0)
#: Feature set of the nowcast's regression: base shares, tactical situation, Leave, nation and
#: English region (the characteristics that make early declarers unlike the rest).
DEFAULT_FEATURES = "regional"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS declarations (
    code TEXT PRIMARY KEY,
    votes TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    revisions INTEGER NOT NULL DEFAULT 0
);
"""


class NowcastStore:
    """Declarations persisted in SQLite (WAL, one commit per declaration)."""

    def __init__(self, path: str | Path, base_id: str) -> None:
        self.path = str(path)
        self.connection = sqlite3.connect(self.path)
        if self.path != ":memory:":
            self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=FULL")
        self.connection.executescript(_SCHEMA)
        row = self.connection.execute("SELECT value FROM meta WHERE key = 'base'").fetchone()
        if row is None:
            with self.connection:
                self.connection.execute("INSERT INTO meta VALUES ('base', ?)", (base_id,))
        elif row[0] != base_id:
            raise PsephosError(
                f"nowcast store {self.path} belongs to base election {row[0]!r}, not {base_id!r}."
            )

    def put(self, code: str, votes: Mapping[str, float]) -> str:
        """Store a declaration; returns ``new``, ``unchanged`` or ``corrected``."""
        payload = json.dumps({k: float(v) for k, v in sorted(votes.items())})
        row = self.connection.execute(
            "SELECT votes FROM declarations WHERE code = ?", (code,)
        ).fetchone()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if row is not None and row[0] == payload:
            return "unchanged"
        with self.connection:  # one transaction, committed on exit
            if row is None:
                sequence = self.connection.execute(
                    "SELECT COALESCE(MAX(sequence), 0) + 1 FROM declarations"
                ).fetchone()[0]
                self.connection.execute(
                    "INSERT INTO declarations (code, votes, sequence, received_at) "
                    "VALUES (?, ?, ?, ?)",
                    (code, payload, sequence, now),
                )
                return "new"
            self.connection.execute(
                "UPDATE declarations SET votes = ?, received_at = ?, revisions = revisions + 1 "
                "WHERE code = ?",
                (payload, now, code),
            )
            return "corrected"

    def declarations(self) -> Iterator[tuple[str, dict[str, float]]]:
        """Stored declarations in the order they first arrived."""
        for code, votes in self.connection.execute(
            "SELECT code, votes FROM declarations ORDER BY sequence"
        ):
            yield code, json.loads(votes)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


@dataclass(frozen=True, slots=True)
class NowcastProjection:
    """The projected final result after some declarations."""

    n_declared: int
    parties: tuple[str, ...]
    declared_seats: dict[str, int]
    projected_seats: dict[str, float]  # declared + expected undeclared
    win_probability: FloatArray  # (n_seats, n_parties)
    shares: FloatArray  # (n_seats, n_parties)
    meta: dict[str, Any] = field(default_factory=dict)

    def rows(self, min_seats: float = 0.5) -> list[dict[str, Any]]:
        """One row per party: declared and projected seats."""
        return [
            {
                "party": p,
                "declared": self.declared_seats[p],
                "projected": round(self.projected_seats[p], 1),
            }
            for p in sorted(self.parties, key=lambda q: -self.projected_seats[q])
            if self.projected_seats[p] >= min_seats
        ]


class Nowcast:
    """Feed declarations one by one and project the final result after each.

    Args:
        base: the previous election on the same boundaries.
        standing: who stands now, seats x parties booleans (known from nominations; default:
            who stood in the base).
        store: SQLite path for persistence (``":memory:"`` for none); reopening a path resumes.
        feature_set: ``regional`` (default), ``tactical`` or ``plain``.
        prior_change: expected change of each party's share (``base.parties`` order), e.g.
            :func:`poll_prior`; default no change. Used only with ``prior_strength``.
        prior_strength: ``(intercept, slopes)`` prior weights in seats: shrink the learned
            effects towards the prior (see :func:`psephos.forecast.exitpoll.estimate`);
            default :data:`LIVE_PRIOR_STRENGTH`. None chooses a ridge penalty by
            cross-validation on the declared seats instead (the first round's method, best
            with ``feature_set="tactical"``).
        outside_prior_seats: Northern Ireland (outside the GB regression) moves by the mean
            change of its declared seats shrunk by ``n / (n + outside_prior_seats)``;
            infinity holds it at the base until the end.
        outside_sd: error sd (share) of Northern Ireland's win probabilities (0: certain).
    """

    def __init__(
        self,
        base: Election,
        *,
        standing: npt.ArrayLike | None = None,
        store: str | Path = ":memory:",
        feature_set: str = DEFAULT_FEATURES,
        prior_change: npt.ArrayLike | None = None,
        prior_strength: tuple[float, float] | None = LIVE_PRIOR_STRENGTH,
        outside_prior_seats: float = OUTSIDE_PRIOR_SEATS,
        outside_sd: float = OUTSIDE_SD,
    ) -> None:
        self.base = base
        self.characteristics = SeatCharacteristics.build(base, standing)
        self.feature_set = feature_set
        self.prior_change = (
            None if prior_change is None else np.asarray(prior_change, dtype=np.float64)
        )
        self.prior_strength = prior_strength
        self.outside = (float(outside_prior_seats), float(outside_sd))
        self.store = NowcastStore(store, base.id)
        self._shares: dict[int, FloatArray] = {}
        self._projection: NowcastProjection | None = None
        for code, votes in self.store.declarations():
            self._shares[self.base.seat_index(code)] = self._vector(votes)

    def _vector(self, votes: Mapping[str, float]) -> FloatArray:
        vector = np.zeros(len(self.base.parties))
        for party, count in votes.items():
            if party not in self.base.parties:
                raise UnknownPartyError(
                    f"Unknown party {party!r} in a declaration; known: "
                    f"{', '.join(self.base.parties)}." + did_you_mean(party, self.base.parties)
                )
            if not np.isfinite(count) or count < 0:
                raise DataFormatError(f"votes for {party} must be a non-negative number.")
            vector[self.base.parties.index(party)] += float(count)
        total = vector.sum()
        if total <= 0:
            raise DataFormatError("a declaration needs at least one vote.")
        return vector / total

    def declare(self, seat: str, votes: Mapping[str, float]) -> str:
        """Record a declared result (votes per party code); returns ``new``, ``unchanged`` or
        ``corrected``. Persisted before the projection changes."""
        index = self.base.seat_index(seat)
        code = self.base.codes[index]
        vector = self._vector(votes)
        status = self.store.put(code, votes)
        if status != "unchanged":
            self._shares[index] = vector
            self._projection = None
        return status

    @property
    def n_declared(self) -> int:
        """Number of declared seats."""
        return len(self._shares)

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
        result = estimate(
            self.characteristics,
            parties,
            declared,
            observed,
            feature_set=self.feature_set,
            prior_change=self.prior_change,
            prior_strength=self.prior_strength,
            outside_prior_seats=self.outside[0],
            outside_sd=self.outside[1],
        )
        declared_wins = np.bincount(
            np.argmax(observed, axis=1) if len(declared) else np.zeros(0, dtype=np.int64),
            minlength=len(parties),
        )
        projected = result.win_probability.sum(axis=0)
        self._projection = NowcastProjection(
            n_declared=len(declared),
            parties=parties,
            declared_seats={p: int(c) for p, c in zip(parties, declared_wins, strict=True)},
            projected_seats={p: float(c) for p, c in zip(parties, projected, strict=True)},
            win_probability=result.win_probability,
            shares=result.shares,
        )
        return self._projection

    def close(self) -> None:
        """Close the store."""
        self.store.close()


def mean_swing_projection(
    base: Election, declared: npt.ArrayLike, observed: FloatArray, standing: npt.ArrayLike
) -> npt.NDArray[np.int64]:
    """The plain method: the mean change of the declared seats applied to every other seat.

    Returns projected seats per party (declared winners plus argmax of the swung shares).
    """
    from psephos.projection import core

    declared_index = np.asarray(declared, dtype=np.int64)
    base_shares = base.shares()
    stand = np.asarray(standing, dtype=bool)
    # One area (every seat) whose change is the declared seats' mean change; the last row is
    # the projection engine's frozen row.
    before = np.vstack((base_shares[declared_index].mean(axis=0), np.ones(base_shares.shape[1])))
    after = np.vstack((np.asarray(observed).mean(axis=0), np.ones(base_shares.shape[1])))
    group = np.zeros(base.n_seats, dtype=np.int64)
    projected = core.uniform_swing(base_shares, stand, group, before, after)
    projected[declared_index] = observed
    return np.bincount(np.argmax(projected, axis=1), minlength=len(base.parties))


def declaration_order(election_id: str) -> list[str]:
    """Seat codes in the order they declared (bundled ``declared_at``; ties by code).

    Raises:
        PsephosError: if the election has no declaration times for every seat.
    """
    results = table("results")
    rows = results[results["election"] == election_id]
    if rows.empty or rows["declared_at"].isna().any():
        known = sorted(
            str(e)
            for e, group in results.groupby("election")
            if len(group) and not group["declared_at"].isna().any()
        )
        raise PsephosError(
            f"No complete declaration order for {election_id!r}; available: {', '.join(known)}."
        )
    ordered = rows.sort_values(["declared_at", "code"])
    return [str(code) for code in ordered["code"]]


@dataclass(frozen=True, slots=True)
class ReplayStep:
    """Scores after ``n_declared`` declarations."""

    n_declared: int
    error_nowcast: float  # sum over parties of |projected - final|
    error_mean_swing: float
    projected: dict[str, float]


def votes_of(election: Election, index: int) -> dict[str, float]:
    """One seat's votes per party (non-zero only)."""
    row = election.votes[index]
    return {p: float(v) for p, v in zip(election.parties, row, strict=True) if v > 0}


#: Priors for the nowcast's regression: ``none`` (penalty by cross-validation on the declared
#: seats, the first round's method), ``zero`` (no change from the base) and ``polls`` (the
#: bundled final-fortnight polls' change; ``zero`` where there are none).
PRIORS: tuple[str, ...] = ("none", "zero", "polls")


def poll_prior(base: Election, election_id: str) -> FloatArray:
    """Expected change of each party's share (``base.parties`` order): the bundled final-
    fortnight poll average for ``election_id`` minus the base's Great Britain share.

    Parties without a poll figure, and every party for an election without bundled polls,
    get 0 (no change). The polls are public before the count, so this is a legitimate prior.
    """
    change = np.zeros(len(base.parties))
    polls = table("tactical_polls")
    rows = polls[polls["election"].astype(str) == str(election_id)]
    if rows.empty:
        return change
    gb = base.nations != "Northern Ireland"
    votes = base.votes[gb].sum(axis=0)
    shares = votes / votes.sum()
    for party, share in zip(rows["party"], rows["share"].astype(float), strict=True):
        if party in base.parties:
            j = base.parties.index(party)
            change[j] = share - shares[j]
    return change


def prior_for(base: Election, election_id: str, prior: str) -> FloatArray | None:
    """The prior change for a replay (:data:`PRIORS`); None for ``none``.

    Raises:
        PsephosError: for an unknown prior.
    """
    if prior not in PRIORS:
        raise PsephosError(f"Unknown prior {prior!r}; known: {', '.join(PRIORS)}.")
    if prior == "none":
        return None
    if prior == "zero":
        return np.zeros(len(base.parties))
    return poll_prior(base, election_id)


def replay(
    election_id: str,
    *,
    every: int = 1,
    store: str | Path = ":memory:",
    order: Iterable[str] | None = None,
    feature_set: str = DEFAULT_FEATURES,
    prior: str = "polls",
    prior_strength: tuple[float, float] | None = None,
    checkpoints: Iterable[int] | None = None,
    outside_prior_seats: float = OUTSIDE_PRIOR_SEATS,
    outside_sd: float = OUTSIDE_SD,
) -> list[ReplayStep]:
    """Replay a results night in real declaration order, scoring each projection.

    Args:
        election_id: a bundled election with declaration times (2015, 2017, 2019).
        every: score after every ``every`` declarations (and after the last).
        store: SQLite path (``":memory:"`` by default).
        order: seat codes in order (default: the real order).
        feature_set: exit-poll feature set for the nowcast (``regional`` by default).
        prior: ``polls`` (default), ``zero`` or ``none`` (:data:`PRIORS`; ``none`` is the
            first round's cross-validated ridge, best with ``feature_set="tactical"``).
        prior_strength: ``(intercept, slopes)`` prior weights in seats; None with a prior
            other than ``none`` uses :func:`chosen_prior_strength` (earlier nights only).
        checkpoints: score only after these numbers of declarations (overrides ``every``).
        outside_prior_seats: Northern Ireland's shrinkage (see :class:`Nowcast`).
        outside_sd: Northern Ireland's error sd (see :class:`Nowcast`).
    """
    if election_id not in PREVIOUS:
        raise PsephosError(f"No base election for {election_id!r}.")
    target = load(election_id)
    base = load(PREVIOUS[election_id])
    standing = target.votes > 0
    codes = list(order) if order is not None else declaration_order(election_id)
    prior_change = prior_for(base, election_id, prior)
    if prior_change is not None and prior_strength is None:
        prior_strength = chosen_prior_strength(election_id, prior, feature_set)
    nowcast = Nowcast(
        base,
        standing=standing,
        store=store,
        feature_set=feature_set,
        prior_change=prior_change,
        prior_strength=prior_strength if prior_change is not None else None,
        outside_prior_seats=outside_prior_seats,
        outside_sd=outside_sd,
    )
    wanted = None if checkpoints is None else set(checkpoints)
    final = np.bincount(np.argmax(target.votes, axis=1), minlength=len(target.parties))
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
            projected = np.array([projection.projected_seats[p] for p in target.parties])
            plain = mean_swing_projection(base, declared, shares[declared], standing)
            steps.append(
                ReplayStep(
                    n_declared=n,
                    error_nowcast=float(np.abs(projected - final).sum()),
                    error_mean_swing=float(np.abs(plain - final).sum()),
                    projected={
                        p: round(float(v), 1)
                        for p, v in zip(target.parties, projected, strict=True)
                        if v >= 0.5
                    },
                )
            )
    finally:
        nowcast.close()
    return steps


#: Replay nights in date order (with a real declaration order).
NIGHTS: tuple[str, ...] = ("2015", "2017", "2019")
#: Prior strengths tried when choosing on earlier nights: (intercept, slopes), in seats.
STRENGTH_GRID: tuple[tuple[float, float], ...] = tuple(
    (a, b) for a in (0.5, 2.0, 10.0, 50.0) for b in (1.0, 5.0, 20.0, 80.0, 320.0)
)
#: Declaration counts whose errors are averaged when choosing the strength.
TUNING_CHECKPOINTS: tuple[int, ...] = (25, 50, 100, 200)
#: Strength for a night with no earlier night to choose on: 2015, the development night (this
#: value is the one chosen on 2015 itself, so 2015's replay is in sample).
DEFAULT_PRIOR_STRENGTH: tuple[float, float] = (0.5, 20.0)


def tuning_nights(election_id: str) -> tuple[str, ...]:
    """Nights strictly before ``election_id`` (``"next"``: all) used to choose settings."""
    if election_id == "next":
        return NIGHTS
    if election_id not in NIGHTS:
        return NIGHTS
    return NIGHTS[: NIGHTS.index(election_id)]


def strength_scores(
    nights: Iterable[str], prior: str, feature_set: str
) -> dict[tuple[float, float], float]:
    """Mean total seat error at :data:`TUNING_CHECKPOINTS` per strength, over ``nights``."""
    scores: dict[tuple[float, float], float] = {}
    chosen = list(nights)
    for strength in STRENGTH_GRID:
        errors = [
            step.error_nowcast
            for night in chosen
            for step in replay(
                night,
                feature_set=feature_set,
                prior=prior,
                prior_strength=strength,
                checkpoints=TUNING_CHECKPOINTS,
            )
        ]
        scores[strength] = float(np.mean(errors))
    return scores


@functools.lru_cache(maxsize=16)
def chosen_prior_strength(election_id: str, prior: str, feature_set: str) -> tuple[float, float]:
    """The prior strength for ``election_id``'s night, chosen on earlier nights only.

    The strength with the lowest mean error at :data:`TUNING_CHECKPOINTS` over the nights
    before ``election_id`` (2015 for 2017; 2015 and 2017 for 2019); with no earlier night,
    :data:`DEFAULT_PRIOR_STRENGTH`.
    """
    nights = tuning_nights(election_id)
    if not nights:
        return DEFAULT_PRIOR_STRENGTH
    scores = strength_scores(nights, prior, feature_set)
    return min(scores, key=lambda k: (scores[k], k))


#: Definitions of the plain mean-swing baseline tried against the issue's reference figures.
BASELINE_VARIANTS: tuple[tuple[str, str, str, str], ...] = tuple(
    (pool, kind, weighting, scope)
    for pool in ("uk", "gb", "nation")
    for kind in ("additive", "ratio")
    for weighting in ("seats", "votes")
    for scope in ("uk", "gb")
)


def mean_swing_error(
    election_id: str,
    n_declared: int,
    *,
    pool: str = "uk",
    kind: str = "additive",
    weighting: str = "seats",
    scope: str = "uk",
) -> int:
    """Total seat error of a plain mean-swing baseline after ``n_declared`` declarations.

    Args:
        election_id: a night with a declaration order (2015, 2017, 2019).
        n_declared: declarations seen.
        pool: whose changes are averaged: ``uk`` (every declared seat, applied everywhere),
            ``gb`` (declared GB seats, applied in GB; Northern Ireland keeps its base) or
            ``nation`` (each nation's declared seats, applied in that nation; a nation with
            none keeps its base).
        kind: ``additive`` (mean change in share) or ``ratio`` (proportional change).
        weighting: ``seats`` (mean of the seats' changes) or ``votes`` (change of the
            declared seats' aggregate shares).
        scope: seats scored: ``uk`` or ``gb``.

    Declared seats count at their result; error = sum over parties of |seats - final|.
    """
    target = load(election_id)
    base = load(PREVIOUS[election_id])
    order = [target.seat_index(c) for c in declaration_order(election_id)][:n_declared]
    declared = np.asarray(order, dtype=np.int64)
    base_shares, shares = base.shares(), target.shares()
    gb = target.nations != "Northern Ireland"
    if pool == "uk":
        groups = [np.ones(len(gb), dtype=bool)]
    elif pool == "gb":
        groups = [gb]
    else:
        groups = [target.nations == n for n in sorted(set(target.nations))]
    from psephos.projection import core

    # Each pool with declarations is an area of the projection engine; seats outside one
    # (or in a pool with none declared) point at the frozen last row and keep their base.
    n_parties = len(target.parties)
    group = np.full(len(gb), len(groups), dtype=np.int64)
    before = np.ones((len(groups) + 1, n_parties))
    after = np.ones((len(groups) + 1, n_parties))
    for row, members in enumerate(groups):
        seen = declared[members[declared]]
        if not len(seen):
            continue
        group[members] = row
        if weighting == "votes":
            after[row] = target.votes[seen].sum(axis=0) / target.votes[seen].sum()
            before[row] = base.votes[seen].sum(axis=0) / base.votes[seen].sum()
        else:
            after[row], before[row] = shares[seen].mean(axis=0), base_shares[seen].mean(axis=0)
    swing = core.proportional_swing if kind == "ratio" else core.uniform_swing
    projected = swing(base_shares, np.asarray(target.votes > 0), group, before, after)
    projected[declared] = shares[declared]
    scored = gb if scope == "gb" else np.ones(len(gb), dtype=bool)
    seats = np.bincount(np.argmax(projected[scored], axis=1), minlength=n_parties)
    final = np.bincount(np.argmax(target.votes[scored], axis=1), minlength=n_parties)
    return int(np.abs(seats - final).sum())
