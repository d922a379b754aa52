"""One scoring harness for every Great Britain back-test: projected seats against the real result.

The actual winner of a seat is its winning *candidate* (:attr:`psephos.model.Election.winner`,
taken from the candidate lists where they are bundled), never the party with most votes summed
by party label: two Independents in one seat are two candidates, and the 2024 results of
Birmingham Hall Green & Moseley and Bradford West (and Fermanagh & South Tyrone in 2010) were
won by a party candidate although Independents polled more between them.

Scored seats are Great Britain seats where the Speaker stood in neither election (the Speaker
is not a GB party); a published reference is scored on the same seats, each Speaker's seat it
counted inside a party taken off that party. The GB seat error is the sum over parties of
``|projected - actual|`` seats over the scored seats; *seats called* counts scored seats whose
projected winner is the real winner.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError
from psephos.model import Election
from psephos.projection.base import speaker_seats

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class PublishedReference:
    """A published GB seat prediction, and how its seats map onto the seats scored.

    Attributes:
        seats: GB seats per party as published; parties not listed were given none.
        speaker_with: Seats outside the scored set (the Speaker's, in the base or the result)
            that the publisher counted inside a party's total: seat name -> that party. The
            harness takes each off its party, so a reference is scored on the seats every
            projection is scored on. A Speaker's seat the publisher counted apart (with Northern
            Ireland among its "others") is not listed.
        unlisted: Scored GB seats the figures give to no listed party (their "others").
    """

    seats: dict[str, int]
    speaker_with: dict[str, str] = field(default_factory=dict)
    unlisted: int = 0


#: Published GB seat figures beside which back-tests are shown: the 10pm exit poll
#: (BBC/ITV/Sky, Curtice et al.) and Electoral Calculus's final prediction (its own
#: track-record pages). The exit poll counted the Speaker with the "others" (with Northern
#: Ireland), except the outgoing Speaker's Buckingham in 2017 (still Bercow's) and 2019 (his
#: successor's was Chorley), counted Conservative; Electoral Calculus counted every Speaker's
#: seat with the Speaker's former party (Buckingham Con, Chorley Lab).
PUBLISHED_REFERENCES: dict[str, dict[str, PublishedReference]] = {
    "2015": {
        "exit poll": PublishedReference(
            {"Con": 316, "Lab": 239, "LD": 10, "SNP": 58, "PC": 4, "Reform": 2, "Green": 2}
        ),
    },
    "2017": {
        "exit poll": PublishedReference(
            {"Con": 314, "Lab": 266, "LD": 14, "SNP": 34, "PC": 3, "Green": 1},
            speaker_with={"Buckingham": "Con"},
        ),
        "Electoral Calculus final": PublishedReference(
            {"Con": 358, "Lab": 218, "LD": 3, "SNP": 49, "PC": 3, "Green": 1},
            speaker_with={"Buckingham": "Con"},
        ),
    },
    "2019": {
        "exit poll": PublishedReference(
            {"Con": 368, "Lab": 191, "LD": 13, "SNP": 55, "PC": 3, "Green": 1},
            speaker_with={"Buckingham": "Con"},
        ),
        "Electoral Calculus final": PublishedReference(
            {"Con": 351, "Lab": 224, "LD": 13, "SNP": 41, "PC": 2, "Green": 1},
            speaker_with={"Buckingham": "Con", "Chorley": "Lab"},
        ),
    },
    "2024": {
        "exit poll": PublishedReference(
            {"Con": 131, "Lab": 410, "LD": 61, "SNP": 10, "PC": 4, "Green": 2, "Reform": 13}
        ),
        "Electoral Calculus final": PublishedReference(
            {"Con": 78, "Lab": 453, "LD": 67, "SNP": 19, "PC": 3, "Green": 3, "Reform": 7},
            unlisted=1,
        ),
    },
}


def scored_seats(base: Election, result: Election) -> BoolArray:
    """Great Britain seats without the Speaker in either election (the seats back-tests score)."""
    return np.asarray(result.gb_mask & ~speaker_seats(base) & ~speaker_seats(result))


def actual_winners(result: Election) -> IntArray:
    """Index of each seat's real winner: the winning candidate's party (never a party sum)."""
    return np.asarray(result.winner, dtype=np.int64)


def seat_counts(winners: npt.ArrayLike, n_parties: int, scored: npt.ArrayLike) -> IntArray:
    """Seats per party among the scored seats."""
    winner = np.asarray(winners)[np.asarray(scored, dtype=bool)]
    return np.bincount(winner, minlength=n_parties).astype(np.int64)


def per_party_errors(projected: Mapping[str, int], actual: Mapping[str, int]) -> dict[str, int]:
    """Projected minus actual seats per party (non-zero differences only)."""
    parties = list(dict.fromkeys([*actual, *projected]))
    out = {p: int(projected.get(p, 0)) - int(actual.get(p, 0)) for p in parties}
    return {p: d for p, d in out.items() if d}


def seat_error(projected: npt.ArrayLike, actual: npt.ArrayLike) -> float:
    """Sum over parties of ``|projected - actual|`` seats, from seat vectors in one party order
    (expected seats may be fractional)."""
    return float(np.abs(np.asarray(projected) - np.asarray(actual)).sum())


def gb_seat_error(projected: Mapping[str, int], actual: Mapping[str, int]) -> int:
    """Sum over parties of ``|projected - actual|`` seats."""
    return sum(abs(d) for d in per_party_errors(projected, actual).values())


def seats_called(projected_winners: npt.ArrayLike, result: Election, scored: npt.ArrayLike) -> int:
    """Scored seats whose projected winner is the real (candidate) winner."""
    hit = np.asarray(projected_winners) == actual_winners(result)
    return int(hit[np.asarray(scored, dtype=bool)].sum())


def actual_gb_seats(base: Election, result: Election) -> dict[str, int]:
    """Real seats per party over the scored GB seats (parties with seats only)."""
    counts = seat_counts(actual_winners(result), len(result.parties), scored_seats(base, result))
    return {p: int(c) for p, c in zip(result.parties, counts, strict=True) if c}


@dataclass(frozen=True, slots=True)
class SeatScore:
    """A projection (or a published forecast) scored against the real GB result.

    Attributes:
        label: What was scored (model and input, or a published reference).
        election: Result election id.
        seats: Projected GB seats per party (parties with seats only).
        seat_error: Sum over parties of |projected - actual|.
        called: Seats whose winner was right (``None`` for seat totals without seats).
        n_seats: Seats scored.
        party_error: Projected minus actual per party (non-zero entries).
    """

    label: str
    election: str
    seats: dict[str, int]
    seat_error: int
    called: int | None
    n_seats: int
    party_error: dict[str, int] = field(default_factory=dict)


def score_winners(
    label: str, base: Election, result: Election, projected_winners: npt.ArrayLike
) -> SeatScore:
    """Score per-seat projected winners (indices into ``result.parties``) on the GB seats."""
    scored = scored_seats(base, result)
    counts = seat_counts(projected_winners, len(result.parties), scored)
    seats = {p: int(c) for p, c in zip(result.parties, counts, strict=True) if c}
    actual = actual_gb_seats(base, result)
    return SeatScore(
        label=label,
        election=result.id,
        seats=seats,
        seat_error=gb_seat_error(seats, actual),
        called=seats_called(projected_winners, result, scored),
        n_seats=int(scored.sum()),
        party_error=per_party_errors(seats, actual),
    )


def score_totals(
    label: str, base: Election, result: Election, seats: Mapping[str, int]
) -> SeatScore:
    """Score published GB seat totals (no per-seat calls) against the real result."""
    actual = actual_gb_seats(base, result)
    return SeatScore(
        label=label,
        election=result.id,
        seats={p: int(s) for p, s in seats.items() if s},
        seat_error=gb_seat_error(seats, actual),
        called=None,
        n_seats=int(scored_seats(base, result).sum()),
        party_error=per_party_errors(seats, actual),
    )


def scored_reference(
    base: Election, result: Election, reference: PublishedReference
) -> dict[str, int]:
    """A published reference's seats over the scored seats: each Speaker's seat it counted
    inside a party taken off that party (:attr:`PublishedReference.speaker_with`).

    Raises:
        DataFormatError: a seat it names is scored, or the seats, with its unlisted ones, do
            not add up to the seats scored (the figures would be scored on other seats than
            the projections beside them).
    """
    scored = scored_seats(base, result)
    seats = dict(reference.seats)
    for name, party in reference.speaker_with.items():
        position = result.find_seat(name)
        if position is None or scored[position]:
            raise DataFormatError(
                f"{name!r} is not a seat left out of the {result.id} scoring; name the "
                "Speaker's seat a reference counted inside a party."
            )
        seats[party] -= 1
    total = sum(seats.values()) + reference.unlisted
    if total != int(scored.sum()):
        raise DataFormatError(
            f"A {result.id} reference gives {total} GB seats where {int(scored.sum())} are "
            "scored; list the Speaker's seats it counted (speaker_with) or its others "
            "(unlisted)."
        )
    return seats


def reference_scores(base: Election, result: Election) -> list[SeatScore]:
    """The published references of :data:`PUBLISHED_REFERENCES` for ``result``, scored on the
    same seats as every projection (:func:`scored_reference`)."""
    return [
        score_totals(label, base, result, scored_reference(base, result, reference))
        for label, reference in PUBLISHED_REFERENCES.get(result.id, {}).items()
    ]
