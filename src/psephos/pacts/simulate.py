"""The stand-down simulator: parties stand aside in chosen seats and their voters transfer.

For votes (or shares) ``V`` (seats x parties, or draws x seats x parties), a stand-down mask
``D`` (seats x parties) and a transfer matrix ``T`` (:mod:`psephos.pacts.transfers`)::

    V' = V * (1 - D) + ((V * D) @ T) * [V * (1 - D) > 0]

A withdrawn party's votes go to the parties still standing in that seat at the rates in ``T``;
what does not transfer is lost (abstention). Winners are recomputed per seat (ties to the earlier
party in column order, as :func:`psephos.model.winners_from_votes`). A result is counted on its
candidates, as its winners are: each party's strongest candidate
(:meth:`psephos.model.Election.contest_shares`), so two Independents in one seat are two
candidates, never one winner of their summed votes. On a single result the outcome is
deterministic; on draws (a forecast's ``n_sims x seats x parties`` shares of those candidates'
votes) every figure is a probability or an expectation over draws.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError, InvalidSharesError, PsephosError, UnknownPartyError
from psephos.jurisdictions import refuse_foreign_name
from psephos.model import Election, nominal_majority, party_in, party_label
from psephos.model.party import listed_twice, party_suggestion
from psephos.numbers import clean, counted, first_listed, format_number
from psephos.pacts.transfers import TransferMatrix

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class StandDown:
    """One party standing aside in one seat.

    Attributes:
        party: Party code.
        seat: ONS code of the seat.
        given: Where the user gave it, for messages about it (``"stand-down file 'pact.csv'
            row 3"``); empty for a ``PARTY:SEAT`` option, which messages quote instead.
    """

    party: str
    seat: str
    given: str = field(default="", compare=False, repr=False)


def party_code(election: Election, name: str) -> str:
    """A party's code in ``election`` (aliases accepted).

    Raises:
        ForeignPartyError: another country's party
            (:func:`psephos.jurisdictions.refuse_foreign_name`).
        UnknownPartyError: another party the election does not have.
    """
    try:
        code = party_in(name, election.parties)  # a Canadian election reads Green as the GPC
    except UnknownPartyError:
        code = name.strip()
    if code not in election.parties:
        refuse_foreign_name(name, election.parties)  # Labour in a Canadian election
        raise UnknownPartyError(
            f"Party {name!r} is not in election {election.id!r}; parties: "
            f"{', '.join(election.parties)}." + party_suggestion(name, election.parties)
        )
    return code


def bloc_codes(election: Election, bloc: Sequence[str]) -> tuple[str, ...]:
    """The bloc's party codes in ``election``, in the order given (aliases accepted).

    Raises:
        UnknownPartyError: an empty bloc, or a party that is not in ``election``.
        DataFormatError: a party named twice (``Lab,Lab`` or ``Lab,Labour``): a party cannot
            stand aside for itself.
    """
    named = [(name, party_code(election, name)) for name in bloc]
    twice = listed_twice(named, "bloc")
    if twice is not None:
        raise DataFormatError(twice)
    if not named:
        raise UnknownPartyError("A bloc needs at least one party.")
    return tuple(code for _, code in named)


def best_placed_stand_downs(base: Election, bloc: Sequence[str]) -> list[StandDown]:
    """The default pact: in every seat the bloc party with most votes stands and the other
    bloc parties that stood there stand aside.

    Raises:
        UnknownPartyError: a bloc party that is not in ``base``.
        DataFormatError: a party named twice.
    """
    columns = [base.parties.index(code) for code in bloc_codes(base, bloc)]
    votes = contest_votes(base)[:, columns]
    best = votes.argmax(axis=1)
    chosen: list[StandDown] = []
    for seat, constituency in enumerate(base.constituencies):
        for j, column in enumerate(columns):
            if j != best[seat] and votes[seat, j] > 0:
                chosen.append(StandDown(base.parties[column], constituency.code))
    return chosen


def stand_down_mask(election: Election, stand_downs: Iterable[StandDown]) -> BoolArray:
    """Seats x parties mask of the stand-downs (seat names or ONS codes accepted)."""
    mask = np.zeros((election.n_seats, len(election.parties)), dtype=bool)
    for item in stand_downs:
        mask[
            election.seat_index(item.seat), election.parties.index(party_code(election, item.party))
        ] = True
    return mask


def apply_stand_downs(
    votes: npt.ArrayLike, mask: npt.ArrayLike, rates: npt.ArrayLike
) -> FloatArray:
    """Votes after the stand-downs in ``mask`` with transfers at ``rates``.

    Args:
        votes: Seats x parties, or draws x seats x parties, votes or shares.
        mask: Seats x parties booleans: party stands aside in seat.
        rates: Parties x parties transfer rates.

    Returns:
        An array of the shape of ``votes``.
    """
    values = np.asarray(votes, dtype=np.float64)
    withdrawn_mask = np.asarray(mask, dtype=bool)
    withdrawn = np.where(withdrawn_mask, values, 0.0)
    remaining = values - withdrawn
    received = (withdrawn @ np.asarray(rates, dtype=np.float64)) * (remaining > 0)
    return remaining + received


def contest_votes(election: Election) -> FloatArray:
    """Seats x parties votes of each party's strongest candidate
    (:meth:`~psephos.model.Election.contest_shares` of the valid votes): what a pact counts
    and moves on a result, so three Independents in one seat stay three candidates. Equal to
    the votes of a projection (no candidate lists)."""
    valid = np.asarray(election.valid_votes, dtype=np.float64)
    return np.asarray(election.contest_shares() * valid[:, None], dtype=np.float64)


def counted_votes(election: Election) -> FloatArray:
    """Per seat, the votes of the candidates :func:`contest_votes` counts (the seat's valid
    votes less those of a party's weaker candidates): what a draw's shares are shares of."""
    return np.asarray(contest_votes(election).sum(axis=1), dtype=np.float64)


def winners(votes: FloatArray) -> npt.NDArray[np.int64]:
    """Winning column per seat (last axis), ties to the lower index."""
    return np.argmax(votes, axis=-1).astype(np.int64)


def pact_winners(
    base: Election, values: FloatArray, after: FloatArray, mask: BoolArray, *, from_draws: bool
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Winners (draws x seats) before and after a pact.

    On a single real result the winners before, and after in seats where nobody stood aside,
    are the election's own (from individual candidates, so two independents are not merged
    into one winner); seats with a stand-down are recounted from ``after``, the votes of each
    party's strongest candidate (:func:`contest_votes`) after the transfers. On draws every
    seat is counted from the draws.
    """
    if from_draws:
        return winners(values), winners(after)
    own = np.asarray(base.winner, dtype=np.int64)[None, :]
    affected = np.asarray(np.asarray(mask, dtype=bool).any(axis=1)).reshape(1, -1)
    return own.copy(), np.where(affected, winners(after), own)


def win_probabilities(winner: npt.NDArray[np.int64], n_parties: int) -> FloatArray:
    """Seats x parties share of draws each party wins, from draws x seats winners."""
    n_draws, n_seats = winner.shape
    flat = (np.arange(n_seats)[None, :] * n_parties + winner).ravel()
    counts = np.bincount(flat, minlength=n_seats * n_parties).reshape(n_seats, n_parties)
    return counts / n_draws


def _as_draws(base: Election, draws: npt.ArrayLike | None) -> FloatArray:
    if draws is None:
        return contest_votes(base)[None, :, :]
    array = np.asarray(draws, dtype=np.float64)
    expected = (base.n_seats, len(base.parties))
    if array.ndim != 3 or array.shape[1:] != expected:
        raise InvalidSharesError(
            f"Draws must have shape (n_sims, {expected[0]}, {expected[1]}) aligned to election "
            f"{base.id!r}; got {array.shape}."
        )
    if np.any(~np.isfinite(array)) or np.any(array < 0):
        raise InvalidSharesError("Draws must be finite and non-negative.")
    return array


def aligned_transfers(
    transfers: TransferMatrix | None,
    parties: Sequence[str],
    *,
    election: Election | None = None,
) -> TransferMatrix:
    """``transfers`` (default rates when ``None``: ``election``'s,
    :meth:`TransferMatrix.for_election`, else those of ``parties``' country) re-ordered to
    ``parties``; rates from or to parties outside ``parties`` are dropped."""
    if transfers is None:
        if election is not None:
            return TransferMatrix.for_election(election)
        return TransferMatrix.default(parties)
    if transfers.parties == tuple(parties):
        return transfers
    return TransferMatrix.from_mapping(
        parties,
        {
            source: {t: transfers.rate(source, t) for t in transfers.parties if t in parties}
            for source in transfers.parties
            if source in parties
        },
    )


@dataclass(frozen=True, slots=True)
class PactHouse:
    """The House a pact elects on one result: seats per party, named as its election names
    them (``id``: UKIP in 2015), as :func:`psephos.government.outcome_lines` and ``psephos
    govern --seats`` read a House.

    Attributes:
        id: The election (or projection) the pact was tried on.
        seats: Seats per party after the pact (parties with none left out).
    """

    id: str
    seats: Mapping[str, int]

    def seats_won(self) -> dict[str, int]:
        """Seats per party."""
        return dict(self.seats)


@dataclass(frozen=True, slots=True, eq=False)
class PactResult:
    """What a pact does.

    Attributes:
        election_id: Base election (or projection) id.
        parties: Column order.
        seat_codes: ONS codes in seat order.
        bloc: The bloc's parties.
        stand_downs: The stand-downs applied (only those where the party was standing).
        n_draws: 1 for a single result, else the number of draws.
        win_before: Seats x parties probability of winning without the pact (0/1 for a result).
        win_after: The same with the pact.
        majority: Seats the bloc needs for a majority.
        p_majority_before: Probability the bloc wins a majority without the pact.
        p_majority_after: The same with it.
        ledger: Rows per stand-down (see :func:`simulate_pact`).
        not_standing: Stand-downs asked for where the party had no candidate (no votes in any
            draw): they change nothing and are left out of :attr:`stand_downs`.
        absent_bloc: Bloc parties with no candidate in any seat.
        without_bloc: Seats (codes) where a bloc party stood and every one that stood stands
            aside, so the bloc has no candidate there (the optimiser never chooses that).
    """

    election_id: str
    parties: tuple[str, ...]
    seat_codes: tuple[str, ...]
    bloc: tuple[str, ...]
    stand_downs: tuple[StandDown, ...]
    n_draws: int
    win_before: FloatArray
    win_after: FloatArray
    majority: int
    p_majority_before: float
    p_majority_after: float
    ledger: tuple[dict[str, Any], ...]
    not_standing: tuple[StandDown, ...] = ()
    absent_bloc: tuple[str, ...] = ()
    without_bloc: tuple[str, ...] = ()

    def __repr__(self) -> str:
        """A line, not every array: ``PactResult(election='2019', bloc=('Lab', 'LD'),
        stand_downs=125, draws=1, bloc_seats_before=213, bloc_seats_after=243)``."""
        return (
            f"PactResult(election={self.election_id!r}, bloc={self.bloc!r}, "
            f"stand_downs={len(self.stand_downs)}, draws={self.n_draws}, "
            f"bloc_seats_before={self.bloc_seats_before:g}, "
            f"bloc_seats_after={self.bloc_seats_after:g})"
        )

    def labelled_ledger(self, label: Callable[[str], str]) -> list[dict[str, Any]]:
        """:attr:`ledger` with each party field's label after it (``party_label``,
        ``also_standing_down_label``, ``winner_before_label``, ``winner_after_label``), as
        every row psephos writes for a file or the web names a party; the codes stay."""
        rows = []
        for row in self.ledger:
            out: dict[str, Any] = {}
            for key, value in row.items():
                out[key] = value
                if key in _LEDGER_PARTIES:
                    out[f"{key}_label"] = label(value)
                elif key == "also_standing_down":
                    out[f"{key}_label"] = " + ".join(label(p) for p in value.split(" + ") if p)
            rows.append(out)
        return rows

    def bloc_name(self, label: Callable[[str], str] | None = None) -> str:
        """The bloc as its total row names it, ``bloc: Lab + LD + Green`` (by ``label``)."""
        name = label or (lambda party: party)
        return "bloc: " + " + ".join(name(party) for party in self.bloc)

    def stand_down_rows(self, label: Callable[[str], str]) -> list[dict[str, Any]]:
        """The stand-downs simulated, one row each: party code and label, seat code."""
        return [
            {"party": s.party, "party_label": label(s.party), "seat": s.seat}
            for s in self.stand_downs
        ]

    def notes(self, seat_names: Mapping[str, str] | None = None) -> list[str]:
        """What the pact could not do or may not mean, one sentence each: bloc parties that
        stood nowhere, stand-downs where the party did not stand (per party), a bloc of one
        party, seats the whole bloc stands aside in, and seats a party stands aside in that it
        won (per party, with its share; over draws, that it is likeliest to win).

        Args:
            seat_names: Seat code -> name, to name the seats (codes otherwise).
        """
        names = seat_names or {}
        label = partial(party_label, election_id=self.election_id)  # UKIP in 2015
        notes = [
            f"{label(party)} stood in no seat of {self.election_id}: it adds nothing to the bloc."
            for party in self.absent_bloc
        ]
        by_party: dict[str, list[str]] = {}
        for item in self.not_standing:
            by_party.setdefault(item.party, []).append(names.get(item.seat, item.seat))
        for party, seats in by_party.items():
            if party in self.absent_bloc:
                continue
            left_out = "that stand-down is" if len(seats) == 1 else "those stand-downs are"
            notes.append(
                f"{label(party)} did not stand in {_listed(seats)}: standing aside there changes "
                f"nothing, so {left_out} left out."
            )
        if len(self.bloc) == 1:
            notes.append(
                f"The bloc is one party, {label(self.bloc[0])}: a pact needs two parties or more, "
                "one standing aside for another."
            )
        elif self.without_bloc:
            seats = [names.get(code, code) for code in self.without_bloc]
            notes.append(
                f"No bloc party stands in {_listed(seats)}: every bloc party that stood there "
                "stands aside (the optimiser never chooses that)."
            )
        notes.extend(self._held_notes(label))
        notes.extend(self._lost_notes(label))
        return notes

    def _lost_notes(self, label: Callable[[str], str]) -> list[str]:
        """A sentence naming the seats where the stand-downs lower the bloc's seats (over
        draws: its chance of winning), each with who wins before and after, the largest
        losses first: the headline's net gain can hide seats a pact hands to a party outside
        the bloc (at the transfer rates used, a Labour, Liberal Democrat and Green stand-down
        for the SNP elects a Conservative in Berwickshire, Roxburgh and Selkirk)."""
        lost: dict[str, dict[str, Any]] = {}
        for row in self.ledger:
            if row["bloc_gain"] < 0:
                lost.setdefault(row["seat_code"], row)  # a seat's rows share its gain
        if not lost:
            return []
        rows = sorted(lost.values(), key=lambda row: row["bloc_gain"])
        drawn = self.n_draws > 1
        seats = [
            f"{row['seat_name']} ("
            + (
                f"bloc wins in {format_number(row['bloc_win_prob_before'], '.0%')} of draws "
                f"before, {format_number(row['bloc_win_prob_after'], '.0%')} after"
                if drawn
                else f"{label(row['winner_before'])} to {label(row['winner_after'])}"
            )
            + ")"
            for row in rows
        ]
        if drawn:
            loss = -sum(row["bloc_gain"] for row in rows)
            what = (
                f"lower the bloc's chance of winning {counted(len(rows), 'seat')} (its "
                f"expected seats by {format_number(loss, ',.1f')} there)"
            )
        else:
            what = f"cost the bloc {counted(len(rows), 'seat')} it wins without them"
        return [
            f"The stand-downs {what}: {_listed(seats)}; see the transfer rates used "
            "(where a bloc party stands aside, its voters may help a party outside the bloc "
            "more than the bloc party left standing)."
        ]

    def _held_notes(self, label: Callable[[str], str]) -> list[str]:
        """A sentence per party that stands aside in seats it won (over draws: seats it is
        likeliest to win), naming each with its share (its chance over draws)."""
        held: dict[str, list[dict[str, Any]]] = {}
        for row in self.ledger:
            if row["winner_before"] == row["party"]:
                held.setdefault(row["party"], []).append(row)
        drawn = self.n_draws > 1
        what = "is likeliest to win" if drawn else "won"
        notes = []
        for party, rows in held.items():
            seats = [
                f"{row['seat_name']} ("
                + (
                    f"wins in {format_number(row['own_win_prob_given_up'], '.0%')} of draws"
                    if drawn
                    else format_number(row["share_given_up"], ".1%")
                )
                + ")"
                for row in rows
            ]
            which = f"a seat it {what}" if len(rows) == 1 else f"{len(rows)} seats it {what}"
            notes.append(f"{label(party)} stands aside in {which}: {_listed(seats)}.")
        return notes

    def _bloc_columns(self) -> list[int]:
        return [self.parties.index(p) for p in self.bloc]

    @property
    def seats_before(self) -> dict[str, float]:
        """Expected seats per party without the pact."""
        return dict(zip(self.parties, self.win_before.sum(axis=0).tolist(), strict=True))

    @property
    def seats_after(self) -> dict[str, float]:
        """Expected seats per party with the pact."""
        return dict(zip(self.parties, self.win_after.sum(axis=0).tolist(), strict=True))

    @property
    def bloc_seats_before(self) -> float:
        """Expected bloc seats without the pact."""
        return float(self.win_before[:, self._bloc_columns()].sum())

    @property
    def bloc_seats_after(self) -> float:
        """Expected bloc seats with the pact."""
        return float(self.win_after[:, self._bloc_columns()].sum())

    def house_after(self) -> PactHouse | None:
        """The House after the pact, on one result (seats are counts); ``None`` over draws,
        where a party's seats are an expectation, not a House."""
        if self.n_draws > 1:
            return None
        seats = {party: round(n) for party, n in self.seats_after.items() if round(n)}
        return PactHouse(self.election_id, seats)

    def seat_rows(self) -> list[dict[str, Any]]:
        """Per party (bloc first, then others with seats) and a bloc total row.

        ``seats_given_up``: expected seats the party would have won where it stood aside;
        ``net_where_others_stood_aside``: its expected net change in seats where others stood
        aside (seats gained less seats lost: below 0 for a party the pact takes seats from,
        as it does from parties outside the bloc); ``change`` is the second less the first.
        Each is :func:`seat_figure`: on one result the whole number it is, over draws a whole
        number of draws over the draws (its float noise taken off, so a table never shows
        ``0.000`` for nothing beside ``2.9``).
        """
        seats = partial(seat_figure, n_draws=self.n_draws)

        before, after = self.seats_before, self.seats_after
        index = {code: i for i, code in enumerate(self.seat_codes)}
        stood = np.zeros_like(self.win_before, dtype=bool)
        for item in self.stand_downs:
            stood[index[item.seat], self.parties.index(item.party)] = True
        given_up = (self.win_before * stood).sum(axis=0)
        # Seats change only where someone stood aside, so this is the gain in those seats.
        received = (self.win_after - self.win_before).sum(axis=0) + given_up
        order = [*self.bloc, *(p for p in self.parties if p not in self.bloc)]
        rows = []
        for party in order:
            j = self.parties.index(party)
            count = int(stood[:, j].sum())
            if not (before[party] or after[party] or count or party in self.bloc):
                continue
            rows.append(
                {
                    "party": party,
                    "in_bloc": party in self.bloc,
                    "stands_down_in": count,
                    "seats_given_up": seats(given_up[j]),
                    "net_where_others_stood_aside": seats(received[j]),
                    "seats_before": seats(before[party]),
                    "seats_after": seats(after[party]),
                    "change": seats(after[party] - before[party]),
                }
            )
        columns = [self.parties.index(p) for p in self.bloc]
        rows.append(
            {
                "party": self.bloc_name(),
                "in_bloc": True,
                "stands_down_in": len(self.stand_downs),
                "seats_given_up": seats(given_up[columns].sum()),
                "net_where_others_stood_aside": seats(received[columns].sum()),
                "seats_before": seats(self.bloc_seats_before),
                "seats_after": seats(self.bloc_seats_after),
                "change": seats(self.bloc_seats_after - self.bloc_seats_before),
            }
        )
        return rows

    def labelled_seat_rows(self, label: Callable[[str], str]) -> list[dict[str, Any]]:
        """:meth:`seat_rows` with each party's label after its code (``party_label``: UKIP
        for the Reform code in 2015), the bloc's total row named by labels
        (:meth:`bloc_name`), as :meth:`labelled_ledger` names the ledger's parties."""
        *rows, total = self.seat_rows()
        return [
            *({"party": row["party"], "party_label": label(row["party"]), **row} for row in rows),
            {"party": total["party"], "party_label": self.bloc_name(label), **total},
        ]

    def summary(self) -> dict[str, Any]:
        """Headline figures."""
        return {
            "election": self.election_id,
            "bloc": list(self.bloc),
            "n_stand_downs": len(self.stand_downs),
            "n_draws": self.n_draws,
            "bloc_seats_before": seat_figure(self.bloc_seats_before, self.n_draws),
            "bloc_seats_after": seat_figure(self.bloc_seats_after, self.n_draws),
            "bloc_gain": seat_figure(self.bloc_seats_after - self.bloc_seats_before, self.n_draws),
            "majority": self.majority,
            "p_bloc_majority_before": self.p_majority_before,
            "p_bloc_majority_after": self.p_majority_after,
            "not_standing": [{"party": s.party, "seat": s.seat} for s in self.not_standing],
            "absent_bloc": list(self.absent_bloc),
            "without_bloc": list(self.without_bloc),
        }


def seat_figure(value: float, n_draws: int) -> int | float:
    """Seats (or a change in seats) as a pact's rows, summary and ledger carry them, in JSON
    and CSV alike: on one result (``n_draws`` 1) the whole number it is (``218``, not
    ``218.0``); over draws an expectation, a whole number of draws over the draws with at
    most :data:`psephos.numbers.FILE_DIGITS` significant digits (:func:`clean`), as a file
    writes a float."""
    if n_draws == 1:
        return round(float(value))
    return clean(round(float(value) * n_draws) / n_draws)


def vote_figure(value: float, n_draws: int) -> int | float:
    """Votes as a pact's ledger carries them: on one result the whole number of votes a
    party had (Plaid's 10,418 in Ynys Môn in 2019, not ``10417.999999999998``); over draws
    the expected votes, a decimal as a file writes it (:func:`clean`)."""
    return round(float(value)) if n_draws == 1 else clean(float(value))


def _listed(items: Sequence[str], limit: int = 5) -> str:
    """The first ``limit`` items, and how many more (:func:`psephos.numbers.first_listed`)."""
    return first_listed(items, limit)


#: The fields of a ledger row that hold one party code.
_LEDGER_PARTIES = ("party", "winner_before", "winner_after")


def seats_needed(base: Election, majority: int | None = None) -> int:
    """The seats a bloc needs for a majority of ``base``'s House: ``majority`` as given (``psephos
    pact --majority``, the pacts page's), else half the House plus one
    (:func:`psephos.model.nominal_majority`: 326 of 650). The one check of a majority against the
    House it is for, so a user's file of a bigger House than the UK's takes a bigger majority.

    Raises:
        PsephosError: a majority below 1 or of more seats than the House holds.
    """
    if majority is None:
        return nominal_majority(base.n_seats)
    if not 1 <= majority <= base.n_seats:
        raise PsephosError(
            f"A majority of {majority:,} seats is out of range: this House has "
            f"{base.n_seats:,} seats; give a majority from 1 to {base.n_seats:,}."
        )
    return majority


def simulate_pact(
    base: Election,
    stand_downs: Iterable[StandDown],
    *,
    bloc: Sequence[str],
    transfers: TransferMatrix | None = None,
    draws: npt.ArrayLike | None = None,
    majority: int | None = None,
) -> PactResult:
    """Apply stand-downs to a result, a projection or forecast draws.

    Args:
        base: The election (real or projected) giving seats, parties and, without ``draws``,
            the votes: each party's strongest candidate's (:func:`contest_votes`).
        stand_downs: Who stands aside where.
        bloc: The parties whose combined seats are counted.
        transfers: Transfer rates (default :meth:`TransferMatrix.for_election`).
        draws: Optional ``n_sims x seats x parties`` shares aligned to ``base``, of the votes
            of the candidates counted (:func:`counted_votes`; a projection's valid votes), as
            :class:`psephos.tactical.uncertainty.SeatUncertainty` draws them; then every
            figure is a probability / expectation over draws.
        majority: Seats the bloc needs (default :func:`psephos.model.nominal_majority`, half the
            House plus one: 326 of 650).

    Returns:
        A :class:`PactResult`. Its ledger has one row per stand-down where the party was
        standing: the seat, the party's votes (with draws, its expected votes: the mean over
        the draws of its share times the votes counted), its share of the valid votes and its
        own chance of
        winning that it gives up, the winner before and after, and the bloc's gain in the seat
        (a seat shared by several stand-downs shows the same seat gain on each row).

    Raises:
        UnknownPartyError / UnknownConstituencyError: bad names.
        InvalidSharesError: draws of the wrong shape.
    """
    codes = bloc_codes(base, bloc)
    matrix = aligned_transfers(transfers, base.parties, election=base)
    values = _as_draws(base, draws)
    mask = stand_down_mask(base, stand_downs)
    standing: BoolArray = np.asarray((values > 0).any(axis=0), dtype=bool)
    not_standing = tuple(
        StandDown(base.parties[int(column)], base.constituencies[int(seat)].code)
        for seat, column in zip(*np.nonzero(mask & ~standing), strict=True)
    )
    mask &= standing
    after_values = apply_stand_downs(values, mask, matrix.rates)
    n_parties = len(base.parties)
    winners_before, winners_after = pact_winners(
        base, values, after_values, mask, from_draws=draws is not None
    )
    win_before = win_probabilities(winners_before, n_parties)
    win_after = win_probabilities(winners_after, n_parties)
    columns = [base.parties.index(p) for p in codes]
    need = seats_needed(base, majority)
    bloc_before = np.isin(winners_before, columns)
    bloc_after = np.isin(winners_after, columns)
    p_before = clean(float((bloc_before.sum(axis=1) >= need).mean()))
    p_after = clean(float((bloc_after.sum(axis=1) >= need).mean()))
    # Shares of the seat's valid votes and votes as the seat would count them: the result's
    # own, or each draw's share of the votes its candidates had (draws are shares of them),
    # so a ledger row means the same with or without draws.
    counted = counted_votes(base)
    valid = np.asarray(base.valid_votes, dtype=np.float64)
    of_counted = values / np.maximum(values.sum(axis=2, keepdims=True), 1e-300)
    votes = of_counted * counted[None, :, None]
    shares = votes / np.maximum(valid, 1e-300)[None, :, None]
    n_draws = values.shape[0]
    applied: list[StandDown] = []
    ledger: list[dict[str, Any]] = []
    for seat, column in zip(*np.nonzero(mask), strict=True):
        party = base.parties[int(column)]
        constituency = base.constituencies[int(seat)]
        applied.append(StandDown(party, constituency.code))
        others = [base.parties[int(c)] for c in np.nonzero(mask[seat])[0] if c != column]
        ledger.append(
            {
                "party": party,
                "seat_code": constituency.code,
                "seat_name": constituency.name,
                "also_standing_down": " + ".join(others),
                "votes_given_up": vote_figure(votes[:, seat, column].mean(), n_draws),
                "share_given_up": clean(float(shares[:, seat, column].mean())),
                "own_win_prob_given_up": clean(float(win_before[seat, column])),
                "winner_before": base.parties[int(np.argmax(win_before[seat]))],
                "winner_after": base.parties[int(np.argmax(win_after[seat]))],
                "bloc_win_prob_before": clean(float(bloc_before[:, seat].mean())),
                "bloc_win_prob_after": clean(float(bloc_after[:, seat].mean())),
                "bloc_gain": seat_figure(
                    bloc_after[:, seat].mean() - bloc_before[:, seat].mean(), n_draws
                ),
            }
        )
    return PactResult(
        election_id=base.id,
        parties=base.parties,
        seat_codes=base.codes,
        bloc=codes,
        stand_downs=tuple(applied),
        n_draws=n_draws,
        win_before=win_before,
        win_after=win_after,
        majority=need,
        p_majority_before=p_before,
        p_majority_after=p_after,
        ledger=tuple(ledger),
        not_standing=not_standing,
        absent_bloc=tuple(p for p in codes if not standing[:, base.parties.index(p)].any()),
        without_bloc=tuple(
            base.constituencies[int(seat)].code
            for seat in np.flatnonzero(
                standing[:, columns].any(axis=1) & ~(standing & ~mask)[:, columns].any(axis=1)
            )
        ),
    )
