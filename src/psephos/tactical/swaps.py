"""Vote swapping: pair voters in different seats so that both sides' parties gain.

A voter offers a swap as (seat, preferred party, willing party): they will vote for ``willing``
in their seat if someone elsewhere votes for ``preferred`` in theirs. Voter A = (s1, p, w)
and voter B = (s2, w, p) with s1 != s2 can swap: A votes w in s1, B votes p in s2. Each party
still gets one vote, but in a seat where it may matter more (the idea of the 2001 and 2019
swap sites, e.g. SwapMyVote).

Value of a swap, to first order in the vote (the seat-level effects of
:mod:`psephos.tactical.decisive`): moving one vote from x to y in seat s changes y's chance of
winning s by ``d_y(s) + t_xy(s)`` and x's by ``-(d_x(s) + t_xy(s))``, where ``t_xy`` is the
probability that x and y are tied for first within a vote and ``d_x = sum_k t_xk``. The swap
changes party p's expected seats by ``gain_p = [d_p(s2) + t(s2)] - [d_p(s1) + t(s1)]`` and w's
by ``gain_w = [d_w(s1) + t(s1)] - [d_w(s2) + t(s2)]``. A swap *helps both sides* when both
gains are at least :data:`MIN_GAIN` (a millionth of an expected seat: below it a gain is the
noise of the tie chances' far tails, not a gain); its weight is ``gain_p + gain_w``. The
first-order value is accurate while swaps are a small part of each seat's electorate (each
swap is worth the same).

Matching. Offers are aggregated by type (seat, preferred, willing): 100,000 voters become at
most a few thousand types. A type (s, p, w) can only pair with a type (s', w, p), so the graph is
bipartite (types with p < w on the left). The maximum-weight b-matching (capacities = number of
voters of each type, only pairs that help both sides) is solved exactly as a min-cost flow with
OR-Tools (``SimpleMinCostFlow``): source -> left type (capacity = voters), left -> right
(cost = -weight, scaled to integers), right -> sink (capacity = voters), plus an unmatched
arc left -> sink at cost 0. A greedy alternative (best-weight pairs first) is provided for
comparison. Ahuja, Magnanti & Orlin (1993), *Network Flows*, ch. 9-10.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from psephos.errors import (
    DataFormatError,
    PsephosError,
    UnknownConstituencyError,
    UnknownPartyError,
    did_you_mean,
)
from psephos.model import Election
from psephos.numbers import counted, format_number, one_in
from psephos.solvers import FLOW_METHODS, has_ortools, linprog, min_cost_flow
from psephos.tactical.errors import SwapInputError
from psephos.tactical.uncertainty import SeatUncertainty

if TYPE_CHECKING:
    from psephos.io.rows import RowFault

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Weights are scaled to integers for the min-cost flow: the largest arc weight becomes this
#: many units (relative rounding error below 1e-7 on every arc that matters).
COST_RESOLUTION = 10_000_000
#: The least expected-seat gain, for each of the two parties, of a swap that helps both: a fixed
#: floor, the same whatever the simulations. The tie chances behind a gain are read from a
#: Normal fitted to the simulated margins (:meth:`SeatUncertainty.tie_matrix`), and n
#: simulations see a margin's density near a tie only where about one draw in n lands within the
#: margin's spread of a tie: a chance per vote of about ``1 / (2 n sd_votes)``, 5e-8 at the
#: default 2,000 simulations and 1e-6 at 100 for a margin spread over 5,000 votes (7 points of
#: 70,000 voters). Below that floor a gain (one as small as 1e-55) is the fitted tails, not the
#: simulations; and a million such swaps would be needed to move one seat.
MIN_GAIN = 1e-6
#: The columns of a row of :meth:`SwapMatch.rows`, in order: the file ``psephos swap --format
#: csv`` writes and the web page's download, whose posted-back rows are checked against them.
ROW_COLUMNS = (
    "a_code",
    "a_name",
    "a_prefers",
    "a_votes",
    "b_code",
    "b_name",
    "b_prefers",
    "b_votes",
    "pairs",
    "gain_a_party",
    "gain_b_party",
    "why",
)

#: The columns of a row of :meth:`SwapMatch.offer_pairs` (who swaps with whom), in order:
#: ``psephos swap --pairs FILE`` writes them; ``include_personal`` adds ``name``,
#: ``partner_name``, ``email`` and ``partner_email`` after them where the file gives them.
PAIR_COLUMNS = (
    "row",
    "id",
    "seat_code",
    "seat_name",
    "prefers",
    "votes",
    "partner_row",
    "partner_id",
    "partner_seat_code",
    "partner_seat_name",
    "reason",
)

#: The personal columns ``include_personal`` adds to :data:`PAIR_COLUMNS`, where the file
#: gives them.
PERSONAL_PAIR_COLUMNS = ("name", "partner_name", "email", "partner_email")


@dataclass(frozen=True, slots=True)
class SwapTypes:
    """Offers aggregated by (seat position, preferred, willing) with voter counts."""

    seat: IntArray
    preferred: IntArray
    willing: IntArray
    count: IntArray
    #: A sentence per seat of the other boundary set the offers named, saying where it was
    #: followed (:func:`psephos.jurisdictions.resolve_seat`, as ``advise`` follows it).
    notes: tuple[str, ...] = ()
    #: Per offer of the table aggregated (in its order), its type; empty where the types were
    #: built otherwise.
    offer_type: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


@dataclass(frozen=True, slots=True)
class SwapMatch:
    """Pairs of types and how many voters of each pair swap."""

    left: IntArray  # indices into SwapTypes
    right: IntArray
    n_pairs: IntArray
    gain_preferred: FloatArray  # per pair, party 'preferred' of the left type
    gain_willing: FloatArray
    types: SwapTypes
    method: str
    #: Per type, how many types in other seats a swap with would help both sides.
    partners: IntArray

    @property
    def total_pairs(self) -> int:
        """Number of swaps (voter pairs)."""
        return int(self.n_pairs.sum())

    @property
    def total_weight(self) -> float:
        """Sum over swaps of both parties' expected-seat gains."""
        return float((self.n_pairs * (self.gain_preferred + self.gain_willing)).sum())

    @property
    def n_offers(self) -> int:
        """Number of offers (voters) matched or not."""
        return int(self.types.count.sum())

    def matched(self) -> IntArray:
        """Per type, how many of its voters swap."""
        matched = np.zeros(len(self.types.count), dtype=np.int64)
        np.add.at(matched, self.left, self.n_pairs)
        np.add.at(matched, self.right, self.n_pairs)
        return matched

    def title(self) -> str:
        """A line for the table of swaps ("2 swaps among 5 offers")."""
        return f"{counted(self.total_pairs, 'swap')} among {counted(self.n_offers, 'offer')}"

    def summary(self, uncertainty: SeatUncertainty) -> dict[str, Any]:
        """The totals beside the rows (JSON-ready): offers, swaps, the total expected-seat
        gain, the method and the simulations' source."""
        return {
            "offers": self.n_offers,
            "swaps": self.total_pairs,
            "total_gain_expected_seats": self.total_weight,
            "method": self.method,
            "source": uncertainty.source,
        }

    def rows(self, uncertainty: SeatUncertainty) -> list[dict[str, Any]]:
        """One row per matched pair of types (JSON-ready), with ``why`` the swap helps both
        sides (:func:`swap_reason`)."""
        election = uncertainty.election
        out = []
        for a, b, n, gp, gw in zip(
            self.left, self.right, self.n_pairs, self.gain_preferred, self.gain_willing, strict=True
        ):
            seat_a = election.constituencies[int(self.types.seat[a])]
            seat_b = election.constituencies[int(self.types.seat[b])]
            prefers = election.parties[int(self.types.preferred[a])]
            votes = election.parties[int(self.types.willing[a])]
            out.append(
                {
                    "a_code": seat_a.code,
                    "a_name": seat_a.name,
                    "a_prefers": prefers,
                    "a_votes": votes,
                    "b_code": seat_b.code,
                    "b_name": seat_b.name,
                    "b_prefers": election.parties[int(self.types.preferred[b])],
                    "b_votes": election.parties[int(self.types.willing[b])],
                    "pairs": int(n),
                    "gain_a_party": float(gp),
                    "gain_b_party": float(gw),
                    "why": swap_reason(
                        election.party_name(prefers),
                        election.party_name(votes),
                        seat_a.name,
                        seat_b.name,
                        float(gp),
                        float(gw),
                    ),
                }
            )
        return out

    def unmatched(self, uncertainty: SeatUncertainty) -> list[dict[str, Any]]:
        """One row per type with offers left unmatched (JSON-ready): its seat, parties, how
        many of its offers did not swap and why (:func:`unmatched_reason`)."""
        election = uncertainty.election
        types = self.types
        left_over = types.count - self.matched()
        out = []
        for k in np.flatnonzero(left_over > 0):
            seat = election.constituencies[int(types.seat[k])]
            out.append(
                {
                    "seat_code": seat.code,
                    "seat_name": seat.name,
                    "prefers": election.parties[int(types.preferred[k])],
                    "votes": election.parties[int(types.willing[k])],
                    "offers": int(left_over[k]),
                    "reason": self._reason(election, int(k)),
                }
            )
        return out

    def _reason(self, election: Election, k: int) -> str:
        """Why offers of type ``k`` are left unmatched (:func:`unmatched_reason`)."""
        types = self.types
        mirror = (types.preferred == types.willing[k]) & (types.willing == types.preferred[k])
        elsewhere = mirror & (types.seat != types.seat[k])
        return unmatched_reason(
            election.party_name(election.parties[int(types.preferred[k])]),
            election.party_name(election.parties[int(types.willing[k])]),
            election.constituencies[int(types.seat[k])].name,
            mirror_offers=int(types.count[mirror].sum()),
            mirror_elsewhere=int(types.count[elsewhere].sum()),
            helping_partners=int(self.partners[k]),
        )

    def offer_pairs(
        self, uncertainty: SeatUncertainty, offers: pd.DataFrame, *, include_personal: bool = False
    ) -> list[dict[str, Any]]:
        """Who swaps with whom: a row per offer of ``offers`` (the table matched, in its
        order; JSON-ready, columns :data:`PAIR_COLUMNS`): its row of the file and ``id``
        (where the file has one), seat and parties, and the row, id and seat of the offer it
        swaps with, or ``None`` there and the ``reason`` it is left unmatched. Offers of one
        type are paired in the file's order. ``include_personal`` adds each side's ``name``
        and ``email`` where the table has them (:func:`psephos.io.swap_offers.read_swap_offers`
        keeps them only when asked).

        Raises:
            SwapInputError: ``offers`` is not the table these types were aggregated from.
        """
        types = self.types
        if len(types.offer_type) != len(offers):
            raise SwapInputError(
                "These swaps were matched from other offers; match the offers again."
            )
        election = uncertainty.election
        partner = _partners(types.offer_type, self.left, self.right, self.n_pairs)
        rows = (
            offers.index.tolist() if offers.index.name == "row" else list(range(1, len(offers) + 1))
        )
        ids = offers["id"].tolist() if "id" in offers.columns else [None] * len(offers)
        personal = [c for c in ("name", "email") if include_personal and c in offers.columns]
        values = {column: offers[column].tolist() for column in personal}
        reasons: dict[int, str] = {}
        out = []
        for offer, k in enumerate(types.offer_type.tolist()):
            seat = election.constituencies[int(types.seat[k])]
            other = int(partner[offer])
            row: dict[str, Any] = {
                "row": rows[offer],
                "id": ids[offer] or None,
                "seat_code": seat.code,
                "seat_name": seat.name,
                "prefers": election.parties[int(types.preferred[k])],
                "votes": election.parties[int(types.willing[k])],
            }
            if other >= 0:
                partner_seat = election.constituencies[int(types.seat[types.offer_type[other]])]
                row |= {
                    "partner_row": rows[other],
                    "partner_id": ids[other] or None,
                    "partner_seat_code": partner_seat.code,
                    "partner_seat_name": partner_seat.name,
                    "reason": None,
                }
            else:
                if k not in reasons:
                    reasons[k] = self._reason(election, k)
                row |= dict.fromkeys(PAIR_COLUMNS[6:10]) | {"reason": reasons[k]}
            for column in personal:
                row[column] = values[column][offer] or None
                row[f"partner_{column}"] = (values[column][other] or None) if other >= 0 else None
            out.append(row)
        return out


def pairs_csv(pairs: Sequence[dict[str, Any]]) -> str:
    """Who swaps with whom (:meth:`SwapMatch.offer_pairs`) as the CSV file ``psephos swap
    --pairs FILE`` writes and the web page's download: :data:`PAIR_COLUMNS`, then the personal
    columns where the pairs have them."""
    from psephos.io.export import csv_text

    extra = [key for key in (pairs[0] if pairs else {}) if key not in PAIR_COLUMNS]
    return csv_text(pairs, [*PAIR_COLUMNS, *extra])


def _partners(offer_type: IntArray, left: IntArray, right: IntArray, n_pairs: IntArray) -> IntArray:
    """Per offer, the offer it swaps with (-1: none): each matched pair of types takes its
    ``n_pairs`` offers of each type in the offers' order."""
    order = np.argsort(offer_type, kind="stable")
    starts = np.searchsorted(offer_type[order], np.arange(int(offer_type.max(initial=-1)) + 2))
    taken = starts[:-1].copy()  # per type, the next of its offers (in order) not yet paired
    partner = np.full(len(offer_type), -1, dtype=np.int64)
    for a, b, n in zip(left.tolist(), right.tolist(), n_pairs.tolist(), strict=True):
        ours = order[taken[a] : taken[a] + n]
        theirs = order[taken[b] : taken[b] + n]
        partner[ours] = theirs
        partner[theirs] = ours
        taken[a] += n
        taken[b] += n
    return partner


def swap_reason(
    prefers: str, votes: str, seat_a: str, seat_b: str, gain_a_party: float, gain_b_party: float
) -> str:
    """Why a swap helps both sides: voter A in ``seat_a`` prefers ``prefers`` and votes
    ``votes``; voter B in ``seat_b`` the other way round; each party's expected-seat gain."""
    return (
        f"{prefers} gains {format_number(gain_a_party)} expected seats: a vote for it in "
        f"{seat_b} is worth more to it than one in {seat_a}; {votes} gains "
        f"{format_number(gain_b_party)}: a vote for it in {seat_a} is worth more to it than "
        f"one in {seat_b}."
    )


def unmatched_reason(
    prefers: str,
    votes: str,
    seat: str,
    *,
    mirror_offers: int,
    mirror_elsewhere: int,
    helping_partners: int,
) -> str:
    """Why offers in ``seat`` to vote ``votes`` instead of ``prefers`` found no partner.

    Args:
        prefers, votes: the offers' parties, as a sentence names them.
        seat: the offers' seat.
        mirror_offers: offers anywhere to vote ``prefers`` instead of ``votes``.
        mirror_elsewhere: those of them in other seats.
        helping_partners: how many kinds of those (seat and parties) a swap with would help
            both parties.
    """
    mirror = f"to vote {prefers} instead of {votes}"
    if not mirror_offers:
        return f"No one offered {mirror}, the other half of this swap."
    if not mirror_elsewhere:
        return f"The only offers {mirror} are in {seat} too; a swap needs voters in two seats."
    if not helping_partners:
        offers = (
            "the one offer"
            if mirror_elsewhere == 1
            else f"any of the {format_number(mirror_elsewhere, ',')} offers"
        )
        return (
            f"A swap with {offers} {mirror} in other seats would not help both parties: "
            f"{prefers} or {votes} would gain less than {format_number(MIN_GAIN)} expected "
            "seats."
        )
    return (
        f"The offers {mirror} that would help both parties are all taken by other swaps; "
        "more of them are needed."
    )


def aggregate_offers(
    uncertainty: SeatUncertainty, offers: pd.DataFrame, *, faults: Sequence[RowFault] = ()
) -> SwapTypes:
    """Aggregate a table of offers (columns ``seat``, ``preferred``, ``willing``; seat by ONS
    code or name, a seat of the other boundary set followed as ``advise`` follows it, or a
    postcode in one seat of ``election`` read as that seat, each with a note in ``notes``:
    :func:`psephos.jurisdictions.seat_of_place`; parties by code or alias) into types.

    ``faults`` are the rows of the offers' file that did not read (their numbers and problems:
    :func:`psephos.io.swap_offers.check_swap_offers`): they are refused in the same error as
    the offers that name an unknown seat or party, so a file is fixed in one go.

    Raises:
        SwapInputError: missing columns, or offers that cannot be swapped
            (:func:`_offers_that_cannot_swap`: a willing party that does not stand in the
            seat, an Independent or Other as the preferred party), every such offer named at
            once.
        UnknownConstituencyError, UnknownPartyError, SwapInputError, DataFormatError: every
            offer that does not read (an unknown seat or party, the same party preferred and
            willing, a row of ``faults``), named at once in row order, as the first one's kind.
    """
    missing = {"seat", "preferred", "willing"} - set(offers.columns)
    if missing:
        raise SwapInputError(
            f"Swap offers need columns seat, preferred, willing; missing {sorted(missing)}."
        )
    election = uncertainty.election
    notes: list[str] = []

    def find_seat(value: str) -> int:
        return _seat_position(election, value, notes)

    problems: list[tuple[int, PsephosError]] = []  # every offer that does not read, at once
    seat = _positions(offers, "seat", find_seat, problems)
    preferred = _positions(offers, "preferred", lambda value: _party(election, value), problems)
    willing = _positions(offers, "willing", lambda value: _party(election, value), problems)
    problems += _same_party(election, offers, preferred, willing)
    told = [(_row_number(offers, position), error) for position, error in problems]
    told += [(number, _unread(number, problem)) for number, problem in faults]
    if told:
        raise _all_of(told)
    refused = _offers_that_cannot_swap(uncertainty, offers, seat, preferred, willing)
    if refused:
        numbered = [(_row_number(offers, position), error) for position, error in refused]
        raise _all_of(numbered, told="cannot be swapped")
    n_parties = len(election.parties)
    key = (seat * n_parties + preferred) * n_parties + willing
    unique, offer_type, count = np.unique(key, return_inverse=True, return_counts=True)
    return SwapTypes(
        seat=unique // (n_parties * n_parties),
        preferred=(unique // n_parties) % n_parties,
        willing=unique % n_parties,
        count=count.astype(np.int64),
        notes=tuple(notes),
        offer_type=offer_type.astype(np.int64).reshape(-1),
    )


def _same_party(
    election: Election, offers: pd.DataFrame, preferred: IntArray, willing: IntArray
) -> list[tuple[int, PsephosError]]:
    """Each offer whose preferred and willing parties are one party, however the two are
    spelled ("Labour" and "Lab", which the row check alone cannot see), with its refusal."""
    same = np.flatnonzero((preferred == willing) & (preferred >= 0))
    return [
        (
            position,
            SwapInputError(
                f"{_where(offers, position)}: the preferred and willing parties are the same "
                f"party ({election.parties[int(preferred[position])]}: "
                f"{offers['preferred'].iloc[position]!r} and "
                f"{offers['willing'].iloc[position]!r}); an offer's preferred and willing "
                "parties must differ."
            ),
        )
        for position in same.tolist()
    ]


def _row_number(offers: pd.DataFrame, position: int) -> int:
    """An offer's row of the file (the index ``row``), else its place in the table from 1:
    the order every refusal names offers in."""
    return int(offers.index[position]) if offers.index.name == "row" else position + 1


def _unread(number: int, problem: str) -> DataFormatError:
    """The refusal of a row of the file that did not read (its number and problem, as
    :func:`psephos.io.swap_offers.check_swap_offers` gives them), worded as the offers'
    own."""
    return DataFormatError(f"Swap offer row {number}: {problem.rstrip('.')}.")


def _offers_that_cannot_swap(
    uncertainty: SeatUncertainty,
    offers: pd.DataFrame,
    seat: IntArray,
    preferred: IntArray,
    willing: IntArray,
) -> list[tuple[int, PsephosError]]:
    """The offers no swap can honour, each with its refusal naming its row:

    * a ``willing`` party that does not stand in the offer's seat in the election used (its
      mean share there is 0: the rule by which ``advise`` refuses "Plaid Cymru is not
      standing in Bath"), so the voter could not cast the vote they offer;
    * an Independent or Other as the ``preferred`` party
      (:data:`~psephos.model.CANDIDATE_GROUPS`): those are different candidates in each seat,
      so a vote for one in another seat is no vote for the voter's own.
    """
    from psephos.model import CANDIDATE_GROUPS

    election = uncertainty.election
    groups = [election.parties.index(code) for code in CANDIDATE_GROUPS if code in election.parties]
    means = uncertainty.mean_shares
    stands = means[seat, willing] > 0
    grouped = np.isin(preferred, groups)
    problems: list[tuple[int, PsephosError]] = []
    for position in np.flatnonzero(grouped | ~stands).tolist():
        where = _where(offers, position)
        if grouped[position]:
            name = election.party_name(election.parties[int(preferred[position])])
            told = (
                f"{where}: preferred {name} cannot be swapped: the candidates it counts are "
                "different people in each seat, so a vote for one in another seat is no vote "
                "for the voter's own; give a party as preferred, or leave the offer out."
            )
        else:
            constituency = election.constituencies[int(seat[position])]
            standing = np.flatnonzero(means[seat[position]] > 0)
            told = (
                f"{where}: {election.party_name(election.parties[int(willing[position])])} "
                f"does not stand in {constituency.name} ({election.id}), so the offer cannot "
                "vote for it there; give a willing party standing there: "
                f"{', '.join(election.label(election.parties[j]) for j in standing)}."
            )
        problems.append((position, SwapInputError(told)))
    return problems


def _seat_position(election: Election, value: str, notes: list[str]) -> int:
    """An offer's seat as its position in ``election``: by name or ONS code, one of the other
    boundary set followed, or a postcode in one seat
    (:func:`psephos.jurisdictions.seat_of_place`, the one lookup of a place a form or file
    gives); a note on how it was read is added to ``notes``.

    Raises:
        UnknownConstituencyError: none of these.
    """
    from psephos.jurisdictions import seat_of_place

    position, note = seat_of_place(election, value)
    if note:
        notes.append(note)
    return position


def _where(offers: pd.DataFrame, position: int) -> str:
    """Which offer: its row of the file (the index :func:`psephos.io.swap_offers.read_swap_offers`
    gives, named ``row``), else its place in the table."""
    if offers.index.name == "row":
        return f"Swap offer row {offers.index[position]}"
    return f"Swap offer {position + 1}"


def _party(election: Election, value: str) -> int:
    return election.party_index(value)  # as the election reads it: "Green" is Canada's GPC


def _positions(
    offers: pd.DataFrame,
    column: str,
    find: Callable[[str], int],
    problems: list[tuple[int, PsephosError]],
) -> IntArray:
    """Each offer's ``column`` looked up once per distinct value (seat or party position); a
    value that is not found is added to ``problems`` with the position of the first offer
    that gives it, naming it (its position is then -1)."""
    values = [str(value).strip() for value in offers[column]]
    found: dict[str, int] = {}
    for position, value in enumerate(values):
        if value in found:
            continue
        try:
            found[value] = find(value)
        except (UnknownConstituencyError, UnknownPartyError) as error:
            told = type(error)(f"{_where(offers, position)}, {column}: {error}")
            problems.append((position, told))
            found[value] = -1
    return np.array([found[value] for value in values], dtype=np.int64)


#: Most offers that do not read a refusal names in full (the rest are counted).
MAX_TOLD = 5


def _all_of(
    problems: Sequence[tuple[int, PsephosError]], *, told: str = "do not read"
) -> PsephosError:
    """One refusal for every offer that does not read (or, as ``told`` says, cannot be
    swapped), in the file's order, of the first one's kind (an unknown seat or party), so an
    organiser fixes the file once: each told in full, the first :data:`MAX_TOLD`, the rest
    counted."""
    ordered = [error for _, error in sorted(problems, key=lambda item: item[0])]
    if len(ordered) == 1:
        return ordered[0]
    each = " | ".join(str(error) for error in ordered[:MAX_TOLD])
    more = len(ordered) - MAX_TOLD
    rest = f" | and {counted(more, 'more offer')} that {told}" if more > 0 else ""
    return type(ordered[0])(f"{len(ordered)} swap offers {told}: {each}{rest}")


def seat_effects(uncertainty: SeatUncertainty, seats: Sequence[int]) -> dict[int, FloatArray]:
    """Per seat, the parties x parties tie probabilities ``t_xy`` (one-vote ties for first)."""
    return {int(s): uncertainty.tie_matrix(int(s)) for s in seats}


def _type_terms(types: SwapTypes, effects: dict[int, FloatArray]) -> tuple[FloatArray, FloatArray]:
    """For each type (s, p, w): the change in p's and w's chance in s when one vote moves
    from p to w (``-(d_p + t_pw)`` and ``d_w + t_pw``)."""
    loss = np.zeros(len(types.count))
    gain = np.zeros(len(types.count))
    for k, (s, p, w) in enumerate(zip(types.seat, types.preferred, types.willing, strict=True)):
        ties = effects[int(s)]
        loss[k] = ties[p].sum() + ties[p, w]
        gain[k] = ties[w].sum() + ties[p, w]
    return loss, gain


def _candidate_arcs(
    types: SwapTypes, loss: FloatArray, gain: FloatArray, *, min_gain: float = MIN_GAIN
) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    """All (left, right) type pairs that help both sides (each party gains at least
    ``min_gain`` expected seats), with the two parties' gains."""
    lefts, rights, gains_p, gains_w = [], [], [], []
    pairs = {(int(p), int(w)) for p, w in zip(types.preferred, types.willing, strict=True) if p < w}
    for p, w in sorted(pairs):
        left = np.flatnonzero((types.preferred == p) & (types.willing == w))
        right = np.flatnonzero((types.preferred == w) & (types.willing == p))
        if not len(left) or not len(right):
            continue
        # Left type a=(s1,p,w): votes w in s1. Right type b=(s2,w,p): votes p in s2.
        gain_p = gain[right][None, :] - loss[left][:, None]  # p gains in s2, loses in s1
        gain_w = gain[left][:, None] - loss[right][None, :]
        ok = (gain_p >= min_gain) & (gain_w >= min_gain)
        ok &= types.seat[left][:, None] != types.seat[right][None, :]
        ii, jj = np.nonzero(ok)
        lefts.append(left[ii])
        rights.append(right[jj])
        gains_p.append(gain_p[ii, jj])
        gains_w.append(gain_w[ii, jj])
    if not lefts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0), np.zeros(0)
    return (
        np.concatenate(lefts).astype(np.int64),
        np.concatenate(rights).astype(np.int64),
        np.concatenate(gains_p),
        np.concatenate(gains_w),
    )


def default_method() -> str:
    """The exact method ``"auto"`` runs: ``"flow"`` when OR-Tools is installed (the ``ortools``
    extra), else ``"lp"`` (HiGHS; same optimum, slower)."""
    return "flow" if has_ortools() else "lp"


def match_swaps(
    uncertainty: SeatUncertainty,
    offers: pd.DataFrame | SwapTypes,
    *,
    method: str = "auto",
    min_gain: float = MIN_GAIN,
    faults: Sequence[RowFault] = (),
) -> SwapMatch:
    """Find the swaps that help both sides, maximising the total expected-seat gain.

    Args:
        uncertainty: simulated shares (the tie probabilities come from it).
        offers: a DataFrame of offers (see :func:`aggregate_offers`) or aggregated types.
        method: ``"flow"`` (exact maximum-weight b-matching by min-cost flow; OR-Tools,
            the ``ortools`` extra), ``"lp"`` (the same optimum as a HiGHS LP; slower),
            ``"auto"`` (:func:`default_method`) or ``"greedy"`` (best pairs first;
            near-optimal, for comparison).
        min_gain: the least expected-seat gain of each party for a swap to help both
            (:data:`MIN_GAIN`); a pair below it is left unmatched, "would not help both".
        faults: the rows of the offers' file that did not read, refused with the offers that
            do not (:func:`aggregate_offers`).

    Raises:
        SwapInputError: unknown method or malformed offers.
    """
    if method == "auto":
        method = default_method()
    if method in FLOW_METHODS:
        method = "flow"
    if method not in MATCHERS:
        raise SwapInputError(
            f"Unknown matching method {method!r}; use auto, {', '.join(map(repr, MATCHERS))}."
            + did_you_mean(method, ("auto", *MATCHERS))
        )
    types = (
        offers
        if isinstance(offers, SwapTypes)
        else aggregate_offers(uncertainty, offers, faults=faults)
    )
    effects = seat_effects(uncertainty, sorted({int(s) for s in types.seat}))
    loss, gain = _type_terms(types, effects)
    left, right, gain_p, gain_w = _candidate_arcs(types, loss, gain, min_gain=min_gain)
    weight = gain_p + gain_w
    flow = MATCHERS[method](types.count, left, right, weight)
    used = flow > 0
    return SwapMatch(
        left=left[used],
        right=right[used],
        n_pairs=flow[used],
        gain_preferred=gain_p[used],
        gain_willing=gain_w[used],
        types=types,
        method=method,
        partners=np.bincount(np.concatenate([left, right]), minlength=len(types.count)).astype(
            np.int64
        ),
    )


def _greedy(count: IntArray, left: IntArray, right: IntArray, weight: FloatArray) -> IntArray:
    remaining = count.copy()
    flow = np.zeros(len(left), dtype=np.int64)
    for arc in np.argsort(-weight, kind="stable"):
        a, b = left[arc], right[arc]
        n = min(remaining[a], remaining[b])
        if n > 0:
            flow[arc] = n
            remaining[a] -= n
            remaining[b] -= n
    return flow


def _integer_costs(weight: FloatArray) -> IntArray:
    """Arc costs of the flow (and the LP): minus each pair's weight on a whole-number scale."""
    scale = COST_RESOLUTION / float(weight.max())
    return -np.maximum(np.rint(weight * scale), 1).astype(np.int64)


def _min_cost_flow(
    count: IntArray, left: IntArray, right: IntArray, weight: FloatArray
) -> IntArray:
    if not len(left):
        return np.zeros(0, dtype=np.int64)
    n_types = len(count)
    source, sink = n_types, n_types + 1
    lefts = np.unique(left)
    rights = np.unique(right)
    supply = int(count[lefts].sum())
    big = int(count.sum())
    starts = np.concatenate([np.full(len(lefts), source), left, rights, lefts])
    ends = np.concatenate([lefts, right, np.full(len(rights), sink), np.full(len(lefts), sink)])
    capacities = np.concatenate(
        [count[lefts], np.full(len(left), big), count[rights], count[lefts]]
    )
    unit_costs = np.concatenate(
        [
            np.zeros(len(lefts), np.int64),
            _integer_costs(weight),
            np.zeros(len(rights), np.int64),
            np.zeros(len(lefts), np.int64),
        ]
    )
    supplies = np.zeros(n_types + 2, dtype=np.int64)
    supplies[source] = supply
    supplies[sink] = -supply
    flows = min_cost_flow(starts, ends, capacities, unit_costs, supplies, alternative="--method lp")
    return np.asarray(flows[len(lefts) : len(lefts) + len(left)], dtype=np.int64)


def _lp_matching(count: IntArray, left: IntArray, right: IntArray, weight: FloatArray) -> IntArray:
    """The flow network of :func:`_min_cost_flow` as an LP on the pair arcs alone (HiGHS).

    The source arcs are saturated, so conservation at type ``t`` reduces to
    ``out_t - in_t <= count_t`` when ``t`` offers to swap (a left type) and
    ``in_t - out_t <= count_t`` when it takes swaps (a right type); the rows are a network
    matrix, so the dual simplex vertex is whole and its cost is the flow's optimum.
    """
    from scipy import sparse

    if not len(left):
        return np.zeros(0, dtype=np.int64)
    n_types, n_arcs = len(count), len(left)
    arc = np.arange(n_arcs)
    balance = sparse.csr_matrix(
        (
            np.concatenate([np.ones(n_arcs), -np.ones(n_arcs)]),
            (np.concatenate([left, right]), np.concatenate([arc, arc])),
        ),
        shape=(n_types, n_arcs),
    )
    is_left = np.zeros(n_types, dtype=bool)
    is_left[left] = True
    is_right = np.zeros(n_types, dtype=bool)
    is_right[right] = True
    costs = _integer_costs(weight).astype(np.float64)
    result = linprog(
        costs / float(np.abs(costs).max()),  # HiGHS tolerances are absolute: unit scale
        A_ub=sparse.vstack([balance, -balance]),
        b_ub=np.concatenate([count * is_left, count * is_right]).astype(np.float64),
        bounds=(0, float(count.sum())),
        method="highs-ds",
    )
    if result.status != 0:  # pragma: no cover - x = 0 is always feasible
        raise SwapInputError(f"the LP solver failed: {result.message}")
    return np.rint(result.x).astype(np.int64)


MATCHERS = {"flow": _min_cost_flow, "lp": _lp_matching, "greedy": _greedy}


#: How many partner seats :func:`swap_outlook` names (the best for both parties first).
OUTLOOK_SEATS = 10


@dataclass(frozen=True, slots=True)
class SwapOutlook:
    """What a swap would do for one voter: their seat's contest, the party they would vote for
    in a swap, and the seats a partner should come from (:func:`swap_outlook`).

    Attributes:
        seat_code, seat_name: the voter's seat.
        preferred, willing: the voter's party and the party they would vote for in exchange
            (codes).
        leader, challenger: the two parties most likely to win the seat (codes).
        preferred_chance: the chance the voter's party wins the seat.
        helps: whether a swap can help both parties: some seat where a partner preferring
            ``willing`` would vote ``preferred`` makes both gain at least :data:`MIN_GAIN`.
        n_partner_seats: how many such seats there are.
        partner_seats: the best :data:`OUTLOOK_SEATS` of them (``seat_code``, ``seat_name``,
            ``gain_preferred``, ``gain_willing``: each party's expected-seat gain from one
            swap), the total gain first.
        labels: each party's label in the election.
        notes: where the seat given was read (a postcode, a seat of the other boundaries).
    """

    seat_code: str
    seat_name: str
    preferred: str
    willing: str
    leader: str
    challenger: str
    preferred_chance: float
    helps: bool
    n_partner_seats: int
    partner_seats: tuple[dict[str, Any], ...]
    labels: dict[str, str]
    notes: tuple[str, ...] = ()

    @property
    def in_contention(self) -> bool:
        """Whether the voter's party is one of the two most likely to win their seat."""
        return self.preferred in (self.leader, self.challenger)

    def contest(self) -> str:
        """Who the seat's race is between, and the voter's party's chance there."""
        label = self.labels
        p = label[self.preferred]
        standing = "in contention" if self.in_contention else "out of contention"
        return (
            f"In {self.seat_name} the race is between {label[self.leader]} and "
            f"{label[self.challenger]}; {p}'s chance of winning it is "
            f"{one_in(self.preferred_chance)}: {p} is {standing} here."
        )

    def verdict(self) -> str:
        """Whether a swap voting ``willing`` here would help, and where a partner should live."""
        p, w = self.labels[self.preferred], self.labels[self.willing]
        seats = counted(self.n_partner_seats, "seat")
        if self.in_contention and not self.helps:
            return (
                f"Voting {w} here: your vote for {p} counts where it is, so this swap would "
                "not help it."
            )
        if self.in_contention:
            return (
                f"Voting {w} here: this swap would help {p} only with a partner in a seat "
                f"where its race is closer still ({seats})."
            )
        if not self.helps:
            return (
                f"Voting {w} here: no seat has a partner whose swap would help both {p} and "
                f"{w}, so this swap would not help."
            )
        # the seats listed are those where the swap helps both parties (the organisers'
        # terms), not only those where the partner's party is out of the race: a safe seat of
        # theirs, where a vote for it is not needed, is one too
        return (
            f"Voting {w} here: a partner who prefers {w} votes {p} in a seat where the swap "
            f"helps both parties, their vote there doing more for {p} than yours here costs "
            f"it, and yours here more for {w} than theirs there costs it ({seats}; the best "
            "for both parties are listed)."
        )

    def to_dict(self) -> dict[str, Any]:
        """One outlook as JSON, in :func:`outlooks_dict`."""
        return {
            "seat_code": self.seat_code,
            "seat_name": self.seat_name,
            "preferred": self.preferred,
            "willing": self.willing,
            "leader": self.leader,
            "challenger": self.challenger,
            "preferred_chance": self.preferred_chance,
            "in_contention": self.in_contention,
            "helps": self.helps,
            "n_partner_seats": self.n_partner_seats,
            "partner_seats": list(self.partner_seats),
            "labels": self.labels,
            "contest": self.contest(),
            "verdict": self.verdict(),
            "notes": list(self.notes),
        }


def swap_outlook(
    uncertainty: SeatUncertainty, seat: str, preferred: str, willing: str
) -> SwapOutlook:
    """Whether a vote swap would help one voter, and where a partner should come from.

    The voter's offer (``seat``, ``preferred``, ``willing``) is read as a row of an offers
    file is (:func:`aggregate_offers`: a seat by name, code or postcode; its refusals, said of the
    voter's offer), and
    weighed against a partner's offer in every other seat by the organisers' matching's own
    terms (:func:`_type_terms`, :func:`_candidate_arcs`): a partner seat qualifies where the
    swap helps both parties by at least :data:`MIN_GAIN` expected seats: where a vote for
    ``preferred`` can count and one for ``willing`` counts less than in the voter's seat,
    ``willing`` being out of the race there or safe enough not to need it. No partner is
    found: a swap needs one (:data:`PARTNER_NEEDED`).

    Args:
        uncertainty: simulated shares of the election.
        seat: the voter's seat (name, ONS code or postcode).
        preferred: the party the voter would like to vote for.
        willing: the party they would vote for in exchange.
    """
    election = uncertainty.election
    position = _seat_position(election, seat.strip(), [])
    p = _party(election, preferred)
    chances = uncertainty.win_probability[position]
    leader, challenger = (int(k) for k in np.argsort(-chances, kind="stable")[:2])
    if _party(election, willing) == p:
        raise SwapInputError(
            f"The party to vote for in exchange is {election.party_name(election.parties[p])}, "
            "the party preferred: give another party (blank: the seat's front-runner a vote "
            "there helps most)."
        )
    offer = pd.DataFrame({"seat": [seat], "preferred": [preferred], "willing": [willing]})
    try:  # a file's refusals, said of the voter's offer rather than a row of a file
        mine = aggregate_offers(uncertainty, offer)
    except PsephosError as error:
        told = str(error).removeprefix(f"{_where(offer, 0)}: ")
        raise type(error)(told[:1].upper() + told[1:]) from None
    w = int(mine.willing[0])
    # a partner's offer in every other seat where the voter's party stands: prefers w, votes p
    others = np.flatnonzero(uncertainty.mean_shares[:, p] > 0)
    others = others[others != position]
    types = SwapTypes(
        seat=np.concatenate([mine.seat, others]).astype(np.int64),
        preferred=np.concatenate([[p], np.full(len(others), w)]).astype(np.int64),
        willing=np.concatenate([[w], np.full(len(others), p)]).astype(np.int64),
        count=np.ones(len(others) + 1, dtype=np.int64),
    )
    effects = seat_effects(uncertainty, sorted({int(s) for s in types.seat}))
    loss, gain = _type_terms(types, effects)
    left, right, gain_left, gain_right = _candidate_arcs(types, loss, gain)
    # the arcs' left types prefer the party that comes first: the voter's, or the partners'
    if p < w:
        partner, gain_p, gain_w = right, gain_left, gain_right
    else:
        partner, gain_p, gain_w = left, gain_right, gain_left
    order = np.argsort(-(gain_p + gain_w), kind="stable")
    seats = []
    for k in order[:OUTLOOK_SEATS].tolist():
        found = election.constituencies[int(types.seat[partner[k]])]
        seats.append(
            {
                "seat_code": found.code,
                "seat_name": found.name,
                "gain_preferred": float(gain_p[k]),
                "gain_willing": float(gain_w[k]),
            }
        )
    constituency = election.constituencies[position]
    return SwapOutlook(
        seat_code=constituency.code,
        seat_name=constituency.name,
        preferred=election.parties[p],
        willing=election.parties[w],
        leader=election.parties[leader],
        challenger=election.parties[challenger],
        preferred_chance=float(chances[p]),
        helps=bool(len(order)),
        n_partner_seats=len(order),
        partner_seats=tuple(seats),
        labels={code: election.label(code) for code in election.parties},
        notes=mine.notes,
    )


#: What every one voter's swap ends with: psephos finds no partner.
PARTNER_NEEDED = (
    "A swap needs a partner: psephos does not find one for you. Agree one with someone you "
    "trust, or through a vote-swap campaign; the ballot is secret, so a swap is a promise."
)


def swap_outlooks(
    uncertainty: SeatUncertainty, seat: str, preferred: str, willing: str | None = None
) -> tuple[SwapOutlook, ...]:
    """One voter's :func:`swap_outlook` for the party they would vote for in exchange, or,
    with none given, for each of the seat's two front-runners that is not their own party
    (psephos does not guess which of them the voter would rather help)."""
    if willing:
        return (swap_outlook(uncertainty, seat, preferred, willing),)
    election = uncertainty.election
    position = _seat_position(election, seat.strip(), [])
    p = _party(election, preferred)
    chances = uncertainty.win_probability[position]
    front = [int(k) for k in np.argsort(-chances, kind="stable")[:2] if int(k) != p]
    return tuple(swap_outlook(uncertainty, seat, preferred, election.parties[k]) for k in front)


def outlooks_dict(outlooks: Sequence[SwapOutlook]) -> dict[str, Any]:
    """The JSON of ``psephos swap --seat`` and ``/api/swap/mine``: the seat's ``contest``,
    each swap's outlook (:meth:`SwapOutlook.to_dict`) and the ``partner_needed`` sentence."""
    return {
        "contest": outlooks[0].contest(),
        "outlooks": [outlook.to_dict() for outlook in outlooks],
        "partner_needed": PARTNER_NEEDED,
    }
