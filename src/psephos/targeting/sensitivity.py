"""Seat sensitivity: how much one extra vote changes a party's chance of winning a seat.

The seat-level uncertainty model (see ``docs/methodology/targeting.md``):

* From the base election (optionally moved to a poll or a national swing scenario, through
  the projection engine :func:`psephos.projection.project`) each seat has a projected share
  margin ``m = s_A - max_{j != A} s_j`` between party ``A`` and its strongest rival.
* The real margin at the next election is ``M ~ Normal(m, sigma^2)`` with
  ``sigma^2 = seat_sd^2 + national_sd^2``: ``seat_sd`` is the standard deviation of seat-level
  changes in the pair's margin around the national change, measured on the bundled elections up
  to the base (never the target); ``national_sd`` is the uncertainty of the national scenario.
* Win probability: ``A`` must beat every party standing (:func:`win_chances`: each party's
  share has its own error of sd ``sigma / sqrt 2``), which with one rival is ``Phi(m / sigma)``;
  one extra vote for ``A`` raises its margins by ``1 / V`` (``V`` valid votes), so the
  sensitivity is ``dP/dvote = (dP/dm) / V``, with one rival ``phi(m / sigma) / (sigma V)``.
  At a stated conversion rate of ``r`` net votes per canvassing hour, ``dP/dhour = r dP/dvote``.

Expected seats are the sum of seat win probabilities, so the correlation that a shared national
error induces between seats does not change expected-seat sums (linearity of expectation); only
each seat's marginal distribution matters, which is why the two variances simply add.

Sources: Gelman, King & Boscardin (1998), "Estimating the probability of events that have never
occurred: when is your vote decisive?", *JASA* 93(441); Curtice & Steed's seat-level swing
dispersion in the Nuffield studies (Butler & Kavanagh, *The British General Election of ...*).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from psephos.errors import InvalidSharesError, PsephosError, UnknownPartyError
from psephos.jurisdictions import (
    JURISDICTIONS,
    available_elections,
    bundled_base_id,
    for_election_id,
    load,
)
from psephos.model import Election
from psephos.model.party import find_party, own_party_in
from psephos.numbers import format_number, listed
from psephos.projection.defaults import DEFAULT_MODEL

if TYPE_CHECKING:
    from psephos.projection import Projection

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Consecutive bundled elections on the same boundaries, oldest first (pairs for swing history),
#: from every jurisdiction's structured election ids.
HISTORY_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (info.previous, info.id)
    for country in JURISDICTIONS.values()
    for info in country.elections
    if info.previous is not None
)

#: Seat sd used when no earlier bundled election exists (base 2010): the pooled 2010->2015
#: figure for Con/Lab rounded; documented in docs/methodology/targeting.md.
FALLBACK_SEAT_SD = 0.05

#: Fewest seat-level changes :func:`historical_seat_sd` measures a seat sd on; with fewer it
#: gives :data:`FALLBACK_SEAT_SD`.
MEASURED_SEATS = 30

#: Default uncertainty of the national scenario on a two-party margin (share units). A judgement:
#: final-poll errors on the Con-Lab lead have been 3-7 points (Sturgis et al. 2016), and with no
#: polls at all the national margin is less certain still; 3 points keeps local margins dominant.
DEFAULT_NATIONAL_SD = 0.03

#: Default conversion: net extra votes per canvassing hour. An assumption of the order reported
#: by door-to-door field experiments (Green & Gerber, *Get Out the Vote*, 4th ed. 2019: about one
#: extra vote per 15-30 contacts; several contacts an hour). Set your own.
DEFAULT_VOTES_PER_HOUR = 0.25

_SQRT_2PI = float(np.sqrt(2.0 * np.pi))

#: Gauss-Hermite nodes of :func:`win_chances` (probabilists' weight ``exp(-z^2 / 2)``): 64
#: give the two-party closed form ``Phi(m / sigma)`` and its density to about 1e-14 for
#: margins out to 14 ``sigma / sqrt 2``.
WIN_CHANCE_NODES = 64


@cache
def _election_date(election_id: str) -> str:
    return str(load(election_id).meta["date"])


def _bundled_base(election: Election) -> str | None:
    """The id of a (possibly projected) election's underlying bundled result; ``None`` for
    an election of the user's own (a results file, whatever it is called, or
    :meth:`Election.from_votes`): :func:`psephos.jurisdictions.bundled_base_id`."""
    return bundled_base_id(election)


def _base_date(election: Election) -> str:
    """The date of a (possibly projected) election's underlying bundled result."""
    key = _bundled_base(election)
    if key is not None:
        return _election_date(key)
    raise PsephosError(
        f"Election {election.id!r} is not a bundled election; give seat_sd explicitly "
        "(the swing history is measured on the bundled elections before the target)."
    )


@cache
def _pair_changes(before: str, after: str, party_a: str, party_b: str) -> FloatArray:
    """Seat-level changes in ``s_a - s_b`` from ``before`` to ``after`` minus their mean."""
    first, second = load(before), load(after)
    # One dict pass over the seat codes (linear, not a set rebuilt per seat).
    position_second = {code: row for row, code in enumerate(second.codes)}
    pairs = [
        (row, position_second[code])
        for row, code in enumerate(first.codes)
        if code in position_second
    ]
    rows_first = np.array([row for row, _ in pairs], dtype=np.int64)
    rows_second = np.array([row for _, row in pairs], dtype=np.int64)
    shares_first = first.shares()[rows_first]
    shares_second = second.shares()[rows_second]
    a, b = first.party_index(party_a), first.party_index(party_b)
    stood = (
        (first.votes[rows_first, a] > 0)
        & (first.votes[rows_first, b] > 0)
        & (second.votes[rows_second, a] > 0)
        & (second.votes[rows_second, b] > 0)
        & first.gb_mask[rows_first]
    )
    change = (shares_second[:, a] - shares_second[:, b]) - (shares_first[:, a] - shares_first[:, b])
    change = change[stood]
    if change.size == 0:
        return np.empty(0)
    return np.asarray(change - change.mean(), dtype=np.float64)


def historical_seat_sd(party_a: str, party_b: str, *, up_to: str) -> float:
    """Standard deviation of seat-level changes in the ``a - b`` share margin, around the
    national (mean) change, pooled over the bundled election pairs ending on or before ``up_to``.

    Only elections up to the base are used, so a list for election Y never sees Y's result.
    Returns :data:`FALLBACK_SEAT_SD` when no pair qualifies (base 2010) or the pair never met.
    """
    measured = _measured_sd(_pooled_changes(party_a, party_b, up_to=up_to))
    return FALLBACK_SEAT_SD if measured is None else measured


def _measured_sd(pooled: FloatArray) -> float | None:
    """The root mean square of pooled seat-level changes, or ``None`` for fewer than
    :data:`MEASURED_SEATS` of them (too few to measure on)."""
    if pooled.size < MEASURED_SEATS:
        return None
    return float(np.sqrt(np.mean(pooled**2)))


def _pooled_changes(party_a: str, party_b: str, *, up_to: str) -> FloatArray:
    """The seat-level changes :func:`historical_seat_sd` pools: every bundled election pair of
    ``up_to``'s country ending on or before it."""
    country, key = for_election_id(up_to)
    limit = _election_date(key)
    deviations = [
        _pair_changes(before, after, party_a, party_b)
        for before, after in HISTORY_PAIRS
        if after in country.election_ids and _election_date(after) <= limit
    ]
    return np.concatenate(deviations) if deviations else np.empty(0)


def file_seat_sd(election: Election, party_a: str, party_b: str) -> float:
    """The seat sd of a pair on an election that is not a bundled one (a user's results file,
    or one built with :meth:`~psephos.model.Election.from_votes`, which has no past results
    of its own to measure it on): measured as
    :func:`historical_seat_sd` measures it, on every bundled election of the file's country,
    where psephos bundles some and the pair met in enough seats
    (:data:`MEASURED_SEATS`); else the documented default, :data:`FALLBACK_SEAT_SD`. A note
    (:class:`~psephos.errors.InputWarning`) says which.

    Args:
        election: The file's election (:func:`psephos.jurisdictions.read_results_csv`), or
            another that is not bundled.
        party_a: One party of the pair (code).
        party_b: The other.
    """
    from psephos.errors import InputWarning, warn_caller
    from psephos.jurisdictions import of

    country = of(election)
    source = election.meta.get("source")
    subject = f"the results file {Path(str(source)).name!r}" if source else election.name
    pair = f"{election.label(party_a)} and {election.label(party_b)}"
    pooled = np.empty(0)
    if country.election_ids:
        latest = country.latest_id
        if {party_a, party_b} <= set(load(latest).parties):
            pooled = _pooled_changes(party_a, party_b, up_to=latest)
    seat_sd = _measured_sd(pooled)
    if seat_sd is not None:
        warn_caller(
            f"The seat sd, {format_number(seat_sd * 100, '.1f')} points, is measured on the "
            f"seat-level changes of {pair} at the {country.as_adjective} elections psephos "
            f"bundles (up to {latest}): {subject} has no past results of its own.",
            InputWarning,
        )
        return seat_sd
    why = (
        f"{pair} never met in enough seats of the {country.as_adjective} elections psephos bundles"
        if country.election_ids
        else "psephos bundles no past elections of its country"
    )
    warn_caller(
        f"The seat sd is the documented default, {format_number(FALLBACK_SEAT_SD * 100, '.1f')} "
        f"points: {subject} has no past results of its own to measure it on, and {why}.",
        InputWarning,
    )
    return FALLBACK_SEAT_SD


@cache
def _hermite_nodes() -> tuple[FloatArray, FloatArray]:
    """Nodes and weights (summing to 1) of an expectation over a standard Normal."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(WIN_CHANCE_NODES)
    return np.asarray(nodes, dtype=np.float64), np.asarray(weights / _SQRT_2PI, dtype=np.float64)


def win_chances(
    shares: npt.ArrayLike, party: int, sigma: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """A party's chance of winning each seat against every party that stands there, and how
    fast that chance rises with its margin: the one win-probability function of target lists,
    the nearest marginals and the volunteer allocation (see the module docstring).

    Each party's share has its own independent Normal error of sd ``sigma / sqrt 2`` (as the
    seat page's simulations draw one error per party and seat,
    :class:`psephos.tactical.uncertainty.SeatUncertainty`), so the party's margin over any one
    rival has sd ``sigma`` and the party wins where it beats them all::

        P = E_z[ prod_j Phi(m_j / tau + z) ],   tau = sigma / sqrt 2,  z ~ Normal(0, 1)

    with ``m_j`` its margin over party ``j`` (parties that do not stand count for nothing). Where
    one rival stands this is ``Phi(m / sigma)``, the two-party margin model; where a party is
    third, the one ahead of it in second counts too (Liberal Democrats third in Spelthorne in
    2024 must pass Labour as well as the Conservatives). The expectation is a Gauss-Hermite sum
    (:data:`WIN_CHANCE_NODES`).

    Args:
        shares: ``(n_seats, n_parties)`` shares (each party's strongest candidate).
        party: The party's column.
        sigma: The sd of the party's margin over a rival, per seat or one for all (share units,
            positive).

    Returns:
        ``P(party wins)`` per seat, and ``dP/dm`` per seat: the rise in that chance per unit of
        share the party gains on every rival at once (one extra vote for the party, ``1 / V``
        of the seat, to first order). A seat where the party does not stand gets 0 and 0.
    """
    values = np.asarray(shares, dtype=np.float64)
    n_seats = values.shape[0]
    scale = np.broadcast_to(np.asarray(sigma, dtype=np.float64), (n_seats,)) / np.sqrt(2.0)
    own = values[:, party]
    rivals = np.delete(values, party, axis=1)
    # z-scores of the party's margin over each rival; a rival that does not stand never wins
    standardized = np.where(rivals > 0, (own[:, None] - rivals) / scale[:, None], np.inf)
    from scipy.special import ndtr  # SciPy loaded on first use, not on import

    nodes, weights = _hermite_nodes()
    shifted = standardized[:, :, None] + nodes[None, None, :]  # seats x rivals x nodes
    beaten = ndtr(shifted)
    density = np.exp(-0.5 * np.minimum(shifted, 1e3) ** 2) / _SQRT_2PI
    # the product over every rival but one, without dividing by a Phi that may be 0
    before = np.cumprod(
        np.concatenate([np.ones_like(beaten[:, :1]), beaten[:, :-1]], axis=1), axis=1
    )
    after = np.flip(
        np.cumprod(
            np.concatenate([np.ones_like(beaten[:, :1]), np.flip(beaten, axis=1)[:, :-1]], axis=1),
            axis=1,
        ),
        axis=1,
    )
    probability = beaten.prod(axis=1) @ weights  # no rival standing: a product of none, 1
    slope = ((density * before * after).sum(axis=1) @ weights) / scale
    stands = own > 0
    return (
        np.asarray(np.where(stands, probability, 0.0), dtype=np.float64),
        np.asarray(np.where(stands, slope, 0.0), dtype=np.float64),
    )


@dataclass(frozen=True, slots=True)
class MarginModel:
    """Normal model of the next election's seat margins (see the module docstring).

    Attributes:
        seat_sd: seat-level sd of the margin change (share units).
        national_sd: sd of the national scenario on the margin (share units).
        votes_per_hour: net extra votes per canvassing hour (for per-hour figures).
    """

    seat_sd: float
    national_sd: float = DEFAULT_NATIONAL_SD
    votes_per_hour: float = DEFAULT_VOTES_PER_HOUR

    def __post_init__(self) -> None:
        for label in ("seat_sd", "national_sd", "votes_per_hour"):
            value = getattr(self, label)
            if not np.isfinite(value) or value < 0:
                raise PsephosError(f"{label} must be a non-negative number, got {value!r}.")
        if self.sigma <= 0:
            raise PsephosError("seat_sd and national_sd cannot both be zero.")

    @property
    def sigma(self) -> float:
        """Total sd of a seat's margin."""
        return float(np.hypot(self.seat_sd, self.national_sd))

    def chances(
        self, shares: npt.ArrayLike, party: int, valid_votes: npt.ArrayLike
    ) -> tuple[FloatArray, FloatArray]:
        """``P(party wins)`` and ``dP/dvote`` per seat: :func:`win_chances` with this model's
        sigma, its slope over each seat's valid votes (one extra vote moves the party's
        margins by ``1 / V``)."""
        probability, slope = win_chances(shares, party, self.sigma)
        votes = np.asarray(valid_votes, dtype=np.float64)
        per_vote = np.divide(slope, votes, out=np.zeros_like(slope), where=votes > 0)
        return probability, np.asarray(per_vote, dtype=np.float64)


def chance_gained(
    per_vote: npt.ArrayLike, votes: float, probability: npt.ArrayLike | None = None
) -> FloatArray:
    """The rise in a chance that ``votes`` more votes buy at ``per_vote`` a vote (the slope
    times the votes: the ``per_1000_votes`` and ``per_100_hours`` of target lists and nearest
    marginals), never more than the chance left to gain, ``1 - probability``: a chance cannot
    rise above 100%, and in a council ward of 3,000 votes, where 1,000 votes are a third of
    the turnout, the slope at a 46% chance times 1,000 said +124 points. Without a
    ``probability`` (the chance one vote decides a seat), never more than 1."""
    gained = np.asarray(per_vote, dtype=np.float64) * votes
    room = 1.0 if probability is None else 1.0 - np.asarray(probability, dtype=np.float64)
    return np.asarray(np.minimum(gained, np.maximum(room, 0.0)), dtype=np.float64)


def margin_model_for(
    election: Election,
    party_a: str,
    party_b: str,
    *,
    national_sd: float = DEFAULT_NATIONAL_SD,
    votes_per_hour: float = DEFAULT_VOTES_PER_HOUR,
    seat_sd: float | None = None,
) -> MarginModel:
    """The margin model for a pair, with ``seat_sd`` measured on the history up to the base;
    for an election that is not bundled (a results file, :meth:`Election.from_votes`), on
    the bundled elections of its country (:func:`file_seat_sd`, with a note)."""
    if seat_sd is None:
        if _bundled_base(election) is None:
            seat_sd = file_seat_sd(election, party_a, party_b)
        else:
            limit = _base_date(election)
            key = next(e for e in available_elections() if _election_date(e) == limit)
            seat_sd = historical_seat_sd(party_a, party_b, up_to=key)
    return MarginModel(seat_sd=seat_sd, national_sd=national_sd, votes_per_hour=votes_per_hour)


#: A swing that reads, for messages.
SWING_EXAMPLE = "'Lab=+3,Con=-2'"


def parse_swing(text: str | None, parties: Sequence[str] | None = None) -> dict[str, float]:
    """Parse ``"Lab=+3,Con=-2.5"`` (national share changes in points) into a dict, party names
    as written. Each item (between commas or semicolons) is read by the one pair reader,
    :func:`psephos.projection.inputs.read_pairs` with signed changes, so a swing takes the
    forms a poll does: with or without ``=`` (``"Lab +3, Con -2.5"``, ``"Lab +3 Con -2.5"``,
    ``"Lab+3"``), with ``:`` (``"Lab: +3; Con: -2"``), a ``%`` or a unit (``"Lab=+3%"``,
    ``"Lab +3 pts"``), a decimal comma (``"Lab +2,5"``) and a typographic minus
    (``"Con \u22122"``), and each change may come before its party, as a chart prints it
    (``"+3 Lab -2 Con"``, ``"+3% Lab, \u22122% Con"``). With an election's ``parties``,
    two names are one party as that election reads them (:func:`own_party_in`: Canada's
    "Conservative" and "CPC").

    Each change carries its sign (``"Lab +3"``, ``"Con -2"``; a zero may go without): numbers
    without one (``"Reform 29 Lab 20"``, ``"Reform 5, Lab 3"``) are a poll's shares more often
    than changes, and are refused, pointing to ``--poll``, rather than read as gains.

    Raises:
        InvalidSharesError: naming the item that does not read, or that names a known party
            with stray words or numbers after it (``"Lab 3 2"``); or a party named twice, as
            written or by two of its names (``"Lab +3 Labour -2"``), as a poll refuses it
            (:func:`psephos.projection.inputs.named_twice`); or changes without their sign.
    """
    if not text:
        return {}
    from psephos.projection.inputs import named_twice, pair_items, pair_party, read_pairs

    result: dict[str, float] = {}
    spelled: dict[str, str] = {}  # each party's key (its code where known) -> name as written
    unsigned: list[str] = []  # "Reform 29": a share, not a change
    for item in pair_items(text):
        if not item.strip():
            continue
        pairs, rest = read_pairs(item, signed=True)
        if rest or not pairs:
            raise _not_a_swing(item)
        for party, change in pairs:
            if " " in party:  # a known party with stray words or numbers after it: "Lab 3 2"
                try:
                    pair_party(party, item, what="swing item", example=SWING_EXAMPLE)
                except UnknownPartyError:  # a name the election reads, or refuses, later
                    pass
                except InvalidSharesError:
                    raise _not_a_swing(item) from None
            vocabulary = find_party(party)
            known = own_party_in(party, parties) or (
                vocabulary.code if vocabulary is not None else None
            )
            key = known if known is not None else " ".join(party.split()).lower()
            if key in spelled:
                code = known if known is not None else spelled[key]
                raise InvalidSharesError(named_twice(code, spelled[key], party, f"swing {text!r}"))
            spelled[key] = party
            result[party] = float(change)
            if change[:1] not in "+-" and float(change) != 0:
                unsigned.append(f"{party} {change}")
    if unsigned:
        raise InvalidSharesError(
            f"Swing {text.strip()!r} gives {', '.join(repr(u) for u in unsigned)} without a "
            "sign: this looks like a poll: give it as --poll; --swing takes signed changes "
            "such as Reform=+14."
        )
    return result


def _not_a_swing(item: str) -> InvalidSharesError:
    """The refusal of a swing item that does not read, naming it."""
    return InvalidSharesError(
        f"Swing item {item.strip()!r} is not PARTY=CHANGE (e.g. {SWING_EXAMPLE})."
    )


def apply_national_swing(
    election: Election, swing: Mapping[str, float], *, model: str | None = None
) -> Election:
    """A national swing scenario, projected by the projection engine: the election of
    :func:`swing_projection` (``election`` itself for no swing).
    """
    projection = swing_projection(election, swing, model=model)
    return election if projection is None else _swung(election, swing, projection)


def _swung(election: Election, swing: Mapping[str, float], projection: Projection) -> Election:
    """``election`` with the votes of its swing scenario's ``projection``, named by the swing."""
    label = ", ".join(f"{p} {v:+g}" for p, v in swing.items())
    return election.with_votes(
        projection.election.votes,
        election_id=f"{election.id}-swing",
        name=f"{election.name} with national swing {label}",
    )


def swing_projection(
    election: Election, swing: Mapping[str, float], *, model: str | None = None
) -> Projection | None:
    """A national swing scenario's projection by the projection engine (``None`` for no
    swing), so an answer moved by a swing can say its shares and seats as one moved by a poll.

    Each named party's Great Britain share moves by its change (points); the parties not named
    share the net change in proportion to their GB shares (the poll rule of
    :func:`psephos.projection.read_poll`); those GB shares are projected seat by seat with the
    swing model ``model`` (default :data:`psephos.projection.DEFAULT_MODEL`), like every other
    poll in psephos. Northern Ireland is left alone; turnout (valid votes) is unchanged.

    Raises:
        InvalidSharesError: a change of 100 points or more, or one taking a party below 0.
    """
    if not swing:
        return None
    from psephos.projection import ShareWarning, base_national_shares, project
    from psephos.projection.inputs import named_twice

    gb_shares = base_national_shares(election)
    label = ", ".join(f"{p} {v:+g}" for p, v in swing.items())
    poll: dict[str, float] = {}
    named: dict[str, str] = {}
    for party, change in swing.items():
        if not np.isfinite(change) or abs(change) >= 100:
            raise InvalidSharesError(f"Swing for {party!r} must be within +-100 points.")
        code = election.parties[election.party_index(party)]
        if code in named:  # two names of one party: "Liberal" and "LPC" in Canada
            raise InvalidSharesError(named_twice(code, named[code], party, f"swing {label!r}"))
        named[code] = party
        poll[code] = 100.0 * gb_shares[code] + change
    for code, share in poll.items():
        if share < 0:
            raise InvalidSharesError(
                f"The swing takes {election.label(code)} to {format_number(share, '.1f')}% in "
                f"Great Britain; it had {format_number(gb_shares[code], '.1%')}."
            )
    with warnings.catch_warnings():
        # the parties not named sharing the net change is what a swing scenario means
        warnings.simplefilter("ignore", ShareWarning)
        return project(election, poll, model=model or DEFAULT_MODEL)


def scenario_election(
    election: Election,
    *,
    swing: Mapping[str, float] | None = None,
    poll: str | Mapping[str, float] | None = None,
    model: str | None = None,
    areas: Mapping[str, Mapping[str, float]] | None = None,
) -> tuple[Election, Projection | None]:
    """The election a targeting answer reads its margins from, and the projection that made it:
    ``election`` projected to a ``poll`` by the projection engine
    (:func:`psephos.projection.project`, read by :func:`psephos.projection.read_poll`, as every
    command's ``--poll``) and any area shares ``areas`` (``--by-region``), or moved by a
    national ``swing`` (:func:`apply_national_swing`, its projection
    :func:`swing_projection`), or as it is. The one path of ``psephos target``, ``nearest``
    and ``allocate`` (``--poll``, ``--by-region``, ``--swing``, ``--model``).

    Args:
        election: The base election.
        swing: National swing scenario, points per party (``{"Lab": 3, "Con": -2}``).
        poll: A poll, as text (``"Lab 35 Con 24"``) or party -> share; not with ``swing``.
        areas: Area shares (sub-polls: area -> party -> share, as
            :func:`psephos.io.shares.parse_area_shares` reads them), projected with the poll
            or alone; not with ``swing``.
        model: Swing model for ``poll`` or ``swing`` (default
            :data:`psephos.projection.DEFAULT_MODEL`); refused when unknown, even with no poll
            or swing to use it.

    Raises:
        PsephosError: a swing and a poll together; UnknownModelError for ``model``.
        InvalidSharesError, UnknownPartyError: a poll or swing that does not read.
    """
    if model is not None and model != DEFAULT_MODEL:  # refused as given, even unused
        from psephos.projection import get_model

        get_model(model)
    if poll is None and not areas:
        swung = swing_projection(election, dict(swing or {}), model=model)
        if swung is None:
            return election, None
        return _swung(election, dict(swing or {}), swung), swung
    if swing:
        raise PsephosError("Give a swing scenario or a poll, not both.")
    from psephos.projection import project

    projection = project(election, poll, model=model or DEFAULT_MODEL, areas=areas or None)
    projected = election.with_votes(
        projection.election.votes,
        election_id=f"{election.id}-poll",
        name=f"{election.name} projected to a poll",
    )
    return projected, projection


def scenario_words(
    *,
    poll: str | Mapping[str, float] | None = None,
    swing: Mapping[str, float] | None = None,
    model: str | None = None,
    areas: Mapping[str, Mapping[str, float]] | None = None,
) -> str:
    """How a targeting answer names the poll (and area shares) or swing its base was moved by
    (:func:`scenario_election`), so a list for a poll is never read as the base's result: the
    words ``psephos target``'s and ``nearest``'s titles and the target-list page put after the
    base (``projected to the poll Reform 29 Lab 21 (national model)``, ``... Lab 21 and area
    shares for Scotland (national model)``, ``with a national swing of Lab +3.0, Con -2.0
    points (national model)``), or ``""`` for neither."""
    from psephos.io.shares import area_shares_words

    named = f" ({model} model)" if model else ""
    if poll or areas:
        given = [area_shares_words(areas)] if areas else []
        if poll:
            text = (
                " ".join(poll.split())
                if isinstance(poll, str)
                else " ".join(
                    f"{party} {format_number(share, 'g')}" for party, share in poll.items()
                )
            )
            given.insert(0, f"the poll {text}")
        return f"projected to {listed(given)}{named}"
    if swing:
        changes = ", ".join(
            f"{party} {format_number(change, '+.1f')}" for party, change in swing.items()
        )
        return f"with a national swing of {changes} points{named}"
    return ""


def party_margins(shares: FloatArray, party: int) -> tuple[FloatArray, IntArray]:
    """Share margin of ``party`` over its strongest rival per seat, and that rival's index."""
    others = shares.copy()
    others[:, party] = -np.inf
    rival = np.argmax(others, axis=1).astype(np.int64)
    margin = shares[:, party] - others[np.arange(shares.shape[0]), rival]
    return np.asarray(margin, dtype=np.float64), rival


def top_two_margins(shares: FloatArray) -> FloatArray:
    """Share gap between the first and second party per seat."""
    ordered = np.sort(shares, axis=1)
    return np.asarray(ordered[:, -1] - ordered[:, -2], dtype=np.float64)


def pair_sd(election: Election, first: npt.ArrayLike, second: npt.ArrayLike) -> FloatArray:
    """Historical seat sd per seat for the (first, second) party pair contesting each seat."""
    first_index = np.asarray(first, dtype=np.int64)
    second_index = np.asarray(second, dtype=np.int64)
    base = _bundled_base(election) or _base_key(election)
    sd = np.empty(first_index.shape[0])
    cache: dict[tuple[int, int], float] = {}
    for seat, (a, b) in enumerate(zip(first_index, second_index, strict=True)):
        key = (min(int(a), int(b)), max(int(a), int(b)))
        if key not in cache:
            cache[key] = historical_seat_sd(
                election.parties[key[0]], election.parties[key[1]], up_to=base
            )
        sd[seat] = cache[key]
    return sd


def _base_key(election: Election) -> str:
    limit = _base_date(election)
    return next(e for e in available_elections() if _election_date(e) == limit)


@dataclass(frozen=True, slots=True, eq=False)
class SeatSensitivity:
    """Per-seat sensitivity of one party's win probability (or of the seat's outcome).

    Attributes:
        holder: Index of the leading party per seat.
        rival: The party's strongest rival (without a party: the runner-up).
        margin: Party minus rival (without a party: first minus second), share units.
        sigma: Total sd of the margin per seat.
        win_probability: ``P(party wins)`` (without a party: ``P(holder holds)``).
        per_vote: ``dP/dvote`` (without a party: the chance one vote decides the seat).
    """

    holder: IntArray
    rival: IntArray
    margin: FloatArray
    sigma: FloatArray
    win_probability: FloatArray
    per_vote: FloatArray


def seat_sensitivity(
    projected: Election,
    party: str | None = None,
    *,
    national_sd: float = DEFAULT_NATIONAL_SD,
) -> SeatSensitivity:
    """Sensitivity per seat, each seat's sd measured for the pair that contests it.

    With a party: ``P(party wins)`` against every party standing (:func:`win_chances`, the sd
    of the pair the party and its strongest rival make), and its ``dP/dvote``. Without one: the
    density
    of the top-two margin at a tie over valid votes, i.e. the chance that one vote decides the
    seat (Gelman, King & Boscardin 1998).
    """
    shares = projected.contest_shares()  # two Independents are two candidates
    rows = np.arange(shares.shape[0])
    ordered = np.argsort(-shares, axis=1, kind="stable")
    holder = ordered[:, 0].astype(np.int64)
    if party is None:
        rival = ordered[:, 1].astype(np.int64)
        margin = shares[rows, holder] - shares[rows, rival]
        sd = pair_sd(projected, holder, rival)
    else:
        index = projected.party_index(party)
        margin, rival = party_margins(shares, index)
        sd = pair_sd(projected, np.full(shares.shape[0], index), rival)
    sigma = np.hypot(sd, national_sd)
    valid = projected.valid_votes
    if party is None:
        from scipy.special import ndtr  # SciPy loaded on first use, not on import

        probability = ndtr(margin / sigma)
        density = np.exp(-0.5 * (margin / sigma) ** 2) / (sigma * _SQRT_2PI)
    else:  # every party ahead counts, not only the strongest (win_chances)
        probability, density = win_chances(shares, index, sigma)
    per_vote = np.divide(density, valid, out=np.zeros_like(density), where=valid > 0)
    return SeatSensitivity(
        holder=holder,
        rival=np.asarray(rival, dtype=np.int64),
        margin=np.asarray(margin, dtype=np.float64),
        sigma=np.asarray(sigma, dtype=np.float64),
        win_probability=np.asarray(probability, dtype=np.float64),
        per_vote=np.asarray(per_vote, dtype=np.float64),
    )
