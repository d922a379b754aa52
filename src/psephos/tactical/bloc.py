"""Seat-by-seat tactical recommendations for a bloc goal ("defeat party X").

For every seat the recommended party is the bloc party most likely to finish ahead of the other
bloc parties (the one best placed to beat X if the bloc's voters concentrate on it), from the
simulated shares of :class:`~psephos.tactical.uncertainty.SeatUncertainty`:

    pick = argmax_b  value(b) x P(b has the most votes among the bloc's parties),

where ``value`` is 1, or ``abstentionist_value`` (default :data:`ABSTENTIONIST_VALUE`, half) for a
party whose MPs do not take their seats (the country's
:attr:`~psephos.jurisdictions.ParliamentRules.abstentionist_parties`: the UK's Sinn Féin, none in
Canada): a seat won by it does not vote in the Commons, so where a seat-taking bloc party is about
as well placed, it is preferred. The confidence label comes from that probability (high:
at least 0.9; medium: at least 0.7; low below). The status says whether tactical voting matters
here: ``target`` (both the bloc and X can win), ``not needed`` (X wins in under 5% of
simulations: vote for any bloc party, or with your heart), ``long shot`` (the bloc wins in under
5%: no tactical vote is likely to change the result).

Optionally a bloc can *build* a party where it has no chance this time (``build``): in a
long-shot seat (limited to ``build_where`` when given) the pick is that party if it stands,
whatever its current place, and the recommendation's ``rule`` says so (``"build"``; otherwise
``"best placed"``). This is the strategy of a movement growing a challenger for the next
election (e.g. the 2019 Leave sites, which backed the Brexit Party in Labour-held, Leave-voting
seats where no Leave party could win; see docs/tactical.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos import jurisdictions
from psephos.jurisdictions import refuse_foreign_party
from psephos.model import Election, split_parties
from psephos.model.party import unknown_party
from psephos.tactical.advice import parse_parties
from psephos.tactical.errors import PreferenceError
from psephos.tactical.uncertainty import SeatUncertainty

#: What a seat won by an abstentionist party is worth to the bloc, against 1 for a seat-taker.
ABSTENTIONIST_VALUE = 0.5
HIGH, MEDIUM = 0.9, 0.7
#: Below this chance of winning, a side "cannot win" the seat.
CANNOT_WIN = 0.05


@dataclass(frozen=True, slots=True)
class SeatRecommendation:
    """The bloc's best vote in one seat."""

    code: str
    name: str
    pick: str
    confidence: str
    p_best_placed: float
    runner_up_pick: str
    status: str
    p_pick_wins: float
    p_bloc_wins: float
    p_against_wins: float
    pick_share: float
    favourite: str
    rule: str = "best placed"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "code": self.code,
            "name": self.name,
            "pick": self.pick,
            "confidence": self.confidence,
            "p_best_placed": round(self.p_best_placed, 4),
            "runner_up_pick": self.runner_up_pick,
            "status": self.status,
            "p_pick_wins": round(self.p_pick_wins, 4),
            "p_bloc_wins": round(self.p_bloc_wins, 4),
            "p_against_wins": round(self.p_against_wins, 4),
            "pick_share": round(self.pick_share, 4),
            "favourite": self.favourite,
            "rule": self.rule,
        }


def abstentionist_parties(election: Election) -> tuple[str, ...]:
    """The parties of ``election``'s country whose members do not take their seats (the
    chamber's one rule, :attr:`~psephos.jurisdictions.ParliamentRules.abstentionist_parties`)."""
    return jurisdictions.of(election).parliament.abstentionist_parties


def default_bloc(election: Election, against: Sequence[str]) -> tuple[str, ...]:
    """Every party except the ones to defeat, the Speaker and independents ('Ind', 'Other'):
    the country's :attr:`~psephos.jurisdictions.ParliamentRules.speaker_party` and
    :attr:`~psephos.jurisdictions.ParliamentRules.individual_groups`."""
    rules = jurisdictions.of(election).parliament
    skip = {*against, rules.speaker_party, *rules.individual_groups}
    return tuple(p for p in election.parties if p not in skip)


def confidence_label(probability: float) -> str:
    """``high`` / ``medium`` / ``low`` from the probability that the pick is best placed."""
    if probability >= HIGH:
        return "high"
    return "medium" if probability >= MEDIUM else "low"


def _standing(codes: tuple[str, ...], election: Election) -> tuple[str, ...]:
    """``codes``, each a party of ``election``.

    Raises:
        ForeignPartyError: another country's party (Reform in a Canadian election), naming
            both countries and the election's parties.
        UnknownPartyError: another party the election does not have, with the election's
            parties as the known ones.
    """
    for code in codes:
        if code not in election.parties:
            refuse_foreign_party(code, election.parties)
            raise unknown_party(code, election.parties)
    return codes


def _named(bloc: str | Sequence[str], election: Election) -> list[str]:
    """The bloc as listed, a bloc the country names (:meth:`psephos.jurisdictions.Jurisdiction.
    bloc_parties`: "progressive alliance") as its parties in ``election``."""
    names = [
        name for item in ([bloc] if isinstance(bloc, str) else bloc) for name in split_parties(item)
    ]
    return jurisdictions.bloc_parties(election, names)


def bloc_recommendations(
    uncertainty: SeatUncertainty,
    against: str | Sequence[str],
    bloc: str | Sequence[str] | None = None,
    *,
    abstentionist_value: float = ABSTENTIONIST_VALUE,
    abstentionists: Sequence[str] | None = None,
    build: str | None = None,
    build_where: npt.ArrayLike | None = None,
) -> list[SeatRecommendation]:
    """The bloc's recommended vote in every seat.

    Args:
        uncertainty: simulated shares for every seat.
        against: the parties to defeat (e.g. ``"Con"``).
        bloc: the parties whose voters cooperate, or a bloc the country names ("progressive
            alliance"); default every other party except the Speaker, independents and Other.
        abstentionist_value: weight of a seat won by an abstentionist party (0 to 1).
        abstentionists: the parties whose seats count at ``abstentionist_value``; default the
            country's (:func:`abstentionist_parties`), ``()`` where every party takes its seats.
        build: a bloc party to back in long-shot seats where it stands (growing it for the
            next election) instead of the best-placed one; None: always the best placed.
        build_where: seats (boolean, in seat order) where ``build`` applies; default all.

    Raises:
        PreferenceError: an empty ``against`` list, a bloc that overlaps it, a ``build``
            party outside the bloc, or a ``build_where`` of the wrong length.
        UnknownPartyError: an unknown party name, or a party the election does not have
            (naming the election's parties).
    """
    election = uncertainty.election
    beaten = _standing(parse_parties(against, election.parties), election)
    if not beaten:
        raise PreferenceError("Name at least one party to defeat, e.g. --against Con.")
    members = (
        _standing(parse_parties(_named(bloc, election), election.parties), election)
        if bloc is not None
        else default_bloc(election, beaten)
    )
    members = tuple(p for p in members if p in election.parties)
    if not members:
        raise PreferenceError("The bloc has no parties.")
    if set(members) & set(beaten):
        raise PreferenceError("A party cannot be in the bloc and among the parties to defeat.")
    build_at = _build_index(members, build)
    where = np.ones(election.n_seats, dtype=bool)
    if build_where is not None:
        where = np.asarray(build_where, dtype=bool)
        if where.shape != (election.n_seats,):
            raise PreferenceError(
                f"build_where has {where.size} entries; the election has {election.n_seats} seats."
            )
    bloc_idx = np.array([election.parties.index(p) for p in members])
    against_idx = np.array([election.parties.index(p) for p in beaten if p in election.parties])
    absent = abstentionist_parties(election) if abstentionists is None else tuple(abstentionists)
    values = np.array([abstentionist_value if p in absent else 1.0 for p in members])
    shares = uncertainty.draws[:, :, bloc_idx]  # sims x seats x bloc
    means = uncertainty.mean_shares[:, bloc_idx]
    leader = shares.argmax(axis=-1)
    n_seats, n_bloc = election.n_seats, len(members)
    best_placed = np.zeros((n_seats, n_bloc))
    for b in range(n_bloc):
        best_placed[:, b] = (leader == b).mean(axis=0)
    best_placed[means <= 0] = 0.0
    # Deterministic tie-break on mean share (a hopeless bloc still gets its strongest party).
    score = values * best_placed + 1e-9 * means
    order = np.argsort(-score, axis=1)
    wins = uncertainty.win_probability
    p_bloc = wins[:, bloc_idx].sum(axis=1)
    p_against = wins[:, against_idx].sum(axis=1) if len(against_idx) else np.zeros(n_seats)
    favourite = wins.argmax(axis=1)
    out = []
    for i, seat in enumerate(election.constituencies):
        pick = int(order[i, 0])
        second = int(order[i, 1]) if n_bloc > 1 else pick
        if p_against[i] < CANNOT_WIN:
            status = "not needed"
        elif p_bloc[i] < CANNOT_WIN:
            status = "long shot"
        else:
            status = "target"
        rule = "best placed"
        if (
            build_at is not None
            and status == "long shot"
            and where[i]
            and means[i, build_at] > 0
            and pick != build_at
        ):
            pick, second, rule = build_at, pick, "build"
        out.append(
            SeatRecommendation(
                code=seat.code,
                name=seat.name,
                pick=members[pick],
                confidence=confidence_label(float(best_placed[i, pick])),
                p_best_placed=float(best_placed[i, pick]),
                runner_up_pick=members[second] if means[i, second] > 0 else "",
                status=status,
                p_pick_wins=float(wins[i, bloc_idx[pick]]),
                p_bloc_wins=float(p_bloc[i]),
                p_against_wins=float(p_against[i]),
                pick_share=float(means[i, pick]),
                favourite=election.parties[int(favourite[i])],
                rule=rule,
            )
        )
    return out


def _build_index(members: Sequence[str], build: str | None) -> int | None:
    if build is None:
        return None
    parsed = parse_parties(build, members)
    if len(parsed) != 1:
        raise PreferenceError("Name one party to build, e.g. --build Green.")
    party = parsed[0]
    if party not in members:
        raise PreferenceError(
            f"Cannot build {party}: it is not in the bloc ({', '.join(members)})."
        )
    return list(members).index(party)
