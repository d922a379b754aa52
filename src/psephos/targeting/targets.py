"""Target lists by party pair, ranked by sensitivity rather than a bare majority threshold.

For a pair (attacker ``A``, defender ``D``) the *attack* list holds the seats ``D`` won at the
base election; the *defend* list the seats ``A`` won where ``D`` is its strongest rival after
the swing scenario or poll (:func:`psephos.targeting.sensitivity.scenario_election`). A scenario
so moves every margin, and the defend list's membership too: a poll with ``D`` well up makes it
``A``'s strongest rival in more of ``A``'s seats (Lab's defend list against Reform UK, 89 seats
on the 2024 result, about triples on a poll with Reform UK well ahead); the attack list's seats
are the base's. Both rank seats by ``dP_A / dvote`` (see :mod:`psephos.targeting.sensitivity`),
the change in ``A``'s win probability per extra vote for ``A``; ``per_100_hours`` converts it
into expected seats per 100 canvassing hours at the model's stated conversion rate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from psephos.errors import PsephosError, UnknownPartyError
from psephos.jurisdictions import refuse_foreign_name
from psephos.model import Election
from psephos.numbers import format_number, one_in
from psephos.targeting.sensitivity import (
    DEFAULT_NATIONAL_SD,
    DEFAULT_VOTES_PER_HOUR,
    MarginModel,
    chance_gained,
    margin_model_for,
    party_margins,
    scenario_election,
)

if TYPE_CHECKING:
    from psephos.projection import Projection

ListKind = Literal["attack", "defend"]
Method = Literal["analytic", "forecast"]

#: Seats a target list shows when the caller does not say (``psephos target --top``, the
#: target-list page's and API's ``top``): one default for the same question everywhere.
LISTED_TARGETS = 30

#: Seed of the forecast method's runs when none is given (``psephos target --seed``, the
#: target-list page's blank ``seed``).
FORECAST_SEED = 0


@dataclass(frozen=True, slots=True)
class TargetSeat:
    """One row of a target list.

    Attributes:
        rank: 1 = most sensitive.
        code: ONS code.
        name: Seat name.
        region: Region (or nation).
        holder: Holder at the base election (its winner).
        rival: The seat's runner-up at the base election, as ``nearest``'s ``rival`` is the
            seat's second: ``A`` where it is the challenger, else the party between them (on
            an attack row it once repeated the holder).
        margin_pct: ``A``'s share minus its strongest opponent's, points (negative: ``A``
            behind; on an attack row, the leader's).
        majority_votes: The same margin in votes.
        win_probability: ``P(A wins)`` under the margin model.
        per_1000_votes: change in ``P(A wins)`` per 1,000 extra votes for ``A`` (at the rate
            of the next vote, never more than ``1 - win_probability``:
            :func:`~psephos.targeting.sensitivity.chance_gained`).
        per_100_hours: change per 100 canvassing hours at the model's conversion rate
            (capped the same way).
    """

    rank: int
    code: str
    name: str
    region: str
    holder: str
    rival: str
    margin_pct: float
    majority_votes: int
    win_probability: float
    per_1000_votes: float
    per_100_hours: float

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for output."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class TargetList:
    """A ranked list plus the assumptions that produced it (``projected``: the election its
    margins and rivals were read from, the base moved by the swing or poll)."""

    kind: ListKind
    attacker: str
    defender: str
    base: str
    swing: Mapping[str, float]
    model: MarginModel
    seats: tuple[TargetSeat, ...]
    method: Method = "analytic"
    poll: str | Mapping[str, float] | None = None
    projection: Projection | None = field(default=None, compare=False, repr=False)
    projected: Election | None = field(default=None, compare=False, repr=False)

    def rank_of(self, seat: str) -> int | None:
        """Rank of a seat (ONS code or exact name), or None if it is not on the list."""
        key = seat.strip().lower()
        for row in self.seats:
            if row.code.lower() == key or row.name.lower() == key:
                return row.rank
        return None

    def by_margin(self) -> TargetList:
        """The same seats ranked the classic way: smallest margin first (ranks renumbered)."""
        ordered = sorted(self.seats, key=lambda seat: abs(seat.margin_pct))
        return replace(
            self, seats=tuple(replace(seat, rank=i + 1) for i, seat in enumerate(ordered))
        )

    def assumptions(self) -> dict[str, Any]:
        """The model settings, for output metadata."""
        return {
            "kind": self.kind,
            "attacker": self.attacker,
            "defender": self.defender,
            "base": self.base,
            "swing_points": dict(self.swing),
            "poll": self.poll
            if self.poll is None or isinstance(self.poll, str)
            else dict(self.poll),
            "projection": self.projection.summary() if self.projection is not None else None,
            "seat_sd": round(self.model.seat_sd, 5),
            "national_sd": self.model.national_sd,
            "votes_per_hour": self.model.votes_per_hour,
            "method": self.method,
        }


def target_list(
    election: Election,
    attacker: str,
    defender: str,
    *,
    kind: ListKind = "attack",
    swing: Mapping[str, float] | None = None,
    model: MarginModel | None = None,
    seat_sd: float | None = None,
    national_sd: float = DEFAULT_NATIONAL_SD,
    votes_per_hour: float = DEFAULT_VOTES_PER_HOUR,
    top: int | None = None,
    method: Method = "analytic",
    n_sims: int = 20_000,
    seed: int = FORECAST_SEED,
    poll: str | Mapping[str, float] | None = None,
    projection_model: str | None = None,
    areas: Mapping[str, Mapping[str, float]] | None = None,
) -> TargetList:
    """Rank the attacker's targets (or the seats it must defend) against one defender.

    Args:
        election: The base election (its result, not the target's, is all that is used).
        attacker: Party ``A`` (code, name or alias).
        defender: Party ``D``.
        kind: ``"attack"`` (seats ``D`` holds) or ``"defend"`` (``A``'s seats where ``D`` is
            the strongest rival).
        swing: Optional national swing scenario, points per party (``{"Lab": 3, "Con": -2}``).
        poll: Optional poll the base is projected to first (a string such as ``"Lab 35 Con
            24"`` or a mapping, read by :func:`psephos.projection.read_poll`); not with
            ``swing``.
        areas: Optional area shares (sub-polls, as ``--by-region`` reads them) projected with
            the poll or alone (:func:`~psephos.targeting.sensitivity.scenario_election`).
        projection_model: Swing model for ``poll`` or ``swing`` (default
            :data:`psephos.projection.DEFAULT_MODEL`).
        model: A ready margin model; by default one is measured on the history up to the base.
        seat_sd: The margin model's seat sd, when measuring; ``None``: measured on the bundled
            history up to the base (for an election that is not bundled, a results file or
            one built with :meth:`~psephos.model.Election.from_votes`, on its country's:
            :func:`psephos.targeting.sensitivity.file_seat_sd`, with a note).
        national_sd: Uncertainty of the national scenario (share units), when measuring.
        votes_per_hour: Net votes per canvassing hour, when measuring.
        top: Keep only the first ``top`` rows.
        method: ``"analytic"`` (the Normal margin model) or ``"forecast"`` (finite differences
            of the Monte Carlo forecast, :mod:`psephos.targeting.forecast_sensitivity`).
        n_sims: Simulations per forecast run (``method="forecast"``).
        seed: Seed of the forecast runs (same seed, same list).

    Raises:
        PsephosError: for an unknown list kind or the same party twice.
    """
    if method not in ("analytic", "forecast"):
        raise PsephosError(f"Method must be 'analytic' or 'forecast', not {method!r}.")
    if kind not in ("attack", "defend"):
        raise PsephosError(f"List kind must be 'attack' or 'defend', not {kind!r}.")
    a, d = election.party_index(attacker), election.party_index(defender)
    if a == d:
        raise PsephosError("Attacker and defender must be different parties.")
    attacker_code, defender_code = election.parties[a], election.parties[d]
    swing = dict(swing or {})
    projected, projection = scenario_election(
        election, swing=swing, poll=poll, model=projection_model, areas=areas
    )
    if model is None:
        model = margin_model_for(
            election,
            attacker_code,
            defender_code,
            national_sd=national_sd,
            votes_per_hour=votes_per_hour,
            seat_sd=seat_sd,
        )
    shares = projected.contest_shares()  # two Independents are two candidates
    margin, rival = party_margins(shares, a)
    holder = election.winner  # the list is about who holds the seat now
    second = election.runner_up  # and who came second there
    if kind == "attack":
        mask = (holder == d) & (projected.votes[:, a] > 0)
    else:
        mask = (holder == a) & (rival == d)
    valid = projected.valid_votes
    if method == "forecast":
        from psephos.targeting.forecast_sensitivity import forecast_sensitivity

        sensitivity = forecast_sensitivity(projected, attacker_code, n_sims=n_sims, seed=seed)
        per_vote, probability = sensitivity.per_vote, sensitivity.win_probability
    else:
        probability, per_vote = model.chances(shares, a, valid)
    per_1000 = chance_gained(per_vote, 1000, probability)
    per_100_hours = chance_gained(per_vote, model.votes_per_hour * 100, probability)
    seats = np.flatnonzero(mask)
    order = seats[np.lexsort((np.abs(margin[seats]), -per_vote[seats]))]
    if top is not None:
        order = order[: max(top, 0)]
    rows = tuple(
        TargetSeat(
            rank=rank,
            code=projected.constituencies[i].code,
            name=projected.constituencies[i].name,
            region=projected.constituencies[i].region,
            holder=projected.label(projected.parties[int(holder[i])]),
            rival=projected.label(projected.parties[int(second[i])]),
            margin_pct=round(float(margin[i]) * 100, 2),
            majority_votes=round(float(margin[i] * valid[i])),
            win_probability=round(float(probability[i]), 4),
            per_1000_votes=round(float(per_1000[i]), 5),
            per_100_hours=round(float(per_100_hours[i]), 5),
        )
        for rank, i in enumerate(order, start=1)
    )
    return TargetList(
        kind=kind,
        attacker=attacker_code,
        defender=defender_code,
        base=election.id,
        swing=swing,
        model=model,
        seats=rows,
        method=method,
        poll=poll,
        projection=projection,
        projected=projected,
    )


@dataclass(frozen=True, slots=True)
class FoundSeat:
    """Where one seat ranks on a full target list (``psephos target --find``, the target-list
    page's ``find``).

    Attributes:
        seat: The seat as asked for (name or ONS code).
        code: Its ONS code.
        name: Its name in the base election.
        rank: Its rank on the full list, or ``None`` when it is not on the list.
        row: Its row, or ``None`` when it is not on the list.
        why: Why it is not on the list (:func:`why_not_listed`), or ``None`` when it is.
        look_on: The list to look for it on instead, as (kind, attacker, defender) party codes,
            where who holds it says which; else ``None``.
    """

    seat: str
    code: str
    name: str
    rank: int | None
    row: TargetSeat | None
    why: str | None = None
    look_on: tuple[ListKind, str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for output (the row as :meth:`TargetSeat.to_dict`)."""
        return {
            "seat": self.seat,
            "code": self.code,
            "name": self.name,
            "rank": self.rank,
            "row": None if self.row is None else self.row.to_dict(),
            "why": self.why,
            "look_on": None if self.look_on is None else list(self.look_on),
        }


def why_not_listed(
    election: Election, targets: TargetList, code: str
) -> tuple[str, tuple[ListKind, str, str] | None]:
    """Why a seat is not on ``targets``, in words, and the list to look for it on instead where
    who holds it says which: the rule :func:`target_list` lists seats by (an attack list is the
    defender's seats the attacker stands in; a defend list the attacker's seats where the
    defender is the nearest rival, in the list's scenario: the defend list to look on is then
    the attacker's against that rival), told from the seat's side."""
    attacker, defender = targets.attacker, targets.defender
    holder = election.parties[int(election.winner[election.seat_index(code)])]
    attacking, defending = election.label(attacker), election.label(defender)
    held = f"{election.label(holder)} holds it"
    if targets.kind == "attack":
        if holder == attacker:
            return f"{attacking} already holds it", ("defend", attacker, defender)
        if holder != defender:
            return f"{held}, not {defending}", ("attack", attacker, holder)
        return f"{attacking} has no candidate there", None
    if holder == defender:
        return f"{defending} holds it", ("attack", attacker, defender)
    if holder != attacker:
        return f"{held}, not {attacking}", None
    moved = targets.projected or election
    attacker_index = moved.party_index(attacker)
    shares = moved.contest_shares()[moved.seat_index(code)][None, :]
    rival = moved.parties[int(party_margins(shares, attacker_index)[1][0])]
    return f"{defending} is not {attacking}'s nearest rival there", ("defend", attacker, rival)


@dataclass(frozen=True, slots=True)
class ListNames:
    """How the caller names the choices of a target list, where :func:`find_sentence` says
    which list has a seat left off this one: the command line's options by default
    (``see --pair Lab,Reform``, ``see --list defend``); the web's form fields in
    :data:`psephos.web.services.TARGET_FIELDS`.

    Attributes:
        pair: The party pair, with ``{attacker}`` and ``{defender}`` (party codes).
        attack: The attack list (the defender's seats).
        defend: The defend list (the attacker's seats).
        separator: Between the pair and the list, where both differ.
    """

    pair: str = "--pair {attacker},{defender}"
    attack: str = "--list attack"
    defend: str = "--list defend"
    separator: str = " "

    def look_on(self, summary: Mapping[str, Any], kind: str, attacker: str, defender: str) -> str:
        """The choices that differ from the list in ``summary`` (its ``kind``, ``attacker``
        and ``defender``) to list a seat on ``kind`` for ``attacker`` against ``defender``."""
        choices = []
        if (attacker, defender) != (summary["attacker"], summary["defender"]):
            choices.append(self.pair.format(attacker=attacker, defender=defender))
        if kind != summary["kind"]:
            choices.append(self.attack if kind == "attack" else self.defend)
        return self.separator.join(choices)


def list_name(kind: str, attacker: str, defender: str) -> str:
    """A target list as a sentence names it: ``"Lab's target list against Con"`` (``kind``
    ``"attack"``), ``"Lab's defend list against Reform UK"`` (``"defend"``), each party as
    the caller names it (the election's label)."""
    return f"{attacker}'s {'target' if kind == 'attack' else 'defend'} list against {defender}"


def find_sentence(
    summary: Mapping[str, Any],
    *,
    attacker: str,
    defender: str,
    names: ListNames | None = None,
) -> str | None:
    """Where the seat looked for ranks (``find`` of :meth:`TargetAnswer.summary`, which the
    target-list page's answer carries too), in the one line ``psephos target --find`` prints
    and the target-list and seat pages show: its rank of ``n_listed`` on the list it names
    (:func:`list_name`, so the line reads the same away from the list: the seat page, the
    JSON's ``headline``), margin, majority and ``attacker``'s chance of winning it
    (:func:`psephos.numbers.one_in`: ``38%``, ``about 1 in 2,500``); or that it is not on the
    list, why (:func:`why_not_listed`) and, where who holds it says which list has it, the
    choices that ask for that list, named as the caller names them (:class:`ListNames`).
    ``attacker`` and ``defender``: the parties as the sentence names them (the election's
    labels). ``None`` where no seat was looked for."""
    found = summary["find"]
    if found is None:
        return None
    listed_on = list_name(summary["kind"], attacker, defender)
    if found["rank"] is not None:
        where = f"rank {found['rank']:,} of {summary['n_listed']:,} on {listed_on}"
        row = found["row"]
        if row is not None:
            margin = format_number(row["margin_pct"], "+.2f")
            if abs(row["margin_pct"]) < 0.005 and row["majority_votes"]:
                margin = "under 0.01"  # "+0.00 points (-2 votes)" said the wrong sign
            where += (
                f"; margin {margin} points "
                f"({row['majority_votes']:+,} votes), a chance of "
                f"{one_in(row['win_probability'])} that {attacker} wins it"
            )
    else:
        where = f"not on {listed_on}"
        if found["why"]:
            look_on = found["look_on"]
            see = (
                ""
                if look_on is None
                else f"; see {(names or ListNames()).look_on(summary, *look_on)}"
            )
            where += f" ({found['why']}{see})"
    return f"{found['name']}: {where}."


@dataclass(frozen=True, slots=True)
class TargetAnswer:
    """A target-list question answered: the full list ranked as asked and the seat looked for.

    Attributes:
        targets: The full list, by sensitivity or (``by_margin``) smallest margin first.
        found: Where the seat asked for ranks on it, or ``None`` when none was asked for.
    """

    targets: TargetList
    found: FoundSeat | None

    def summary(self) -> dict[str, Any]:
        """The list's settings (:meth:`TargetList.assumptions`), its length and the seat
        looked for: what ``psephos target --format json`` and ``/api/targets`` carry beside
        the rows."""
        return {
            **self.targets.assumptions(),
            "n_listed": len(self.targets.seats),
            "find": None if self.found is None else self.found.to_dict(),
        }

    def rows(self, top: int = LISTED_TARGETS) -> list[dict[str, Any]]:
        """The first ``top`` seats as plain dicts."""
        return [seat.to_dict() for seat in self.targets.seats[: max(top, 0)]]


def target_pair(
    election: Election, attacker: str | None = None, defender: str | None = None
) -> tuple[str, str]:
    """The attacker and defender a target list is for: those given, either left out (``None``
    or blank) taken from the election's country's usual contest
    (:attr:`psephos.jurisdictions.Jurisdiction.default_pair`: Lab and Con in the UK, LPC and
    CPC in Canada), as ``psephos target`` without ``--pair`` and the target-list page before
    a pair is given take it.

    Raises:
        PsephosError: a party left out where the country names no usual contest.
    """
    from psephos import jurisdictions

    default: tuple[str | None, str | None] = jurisdictions.of(election).default_pair or (
        None,
        None,
    )
    attacker, defender = attacker or default[0], defender or default[1]
    if attacker is None or defender is None:
        raise PsephosError(
            "A target list needs a party and the party it is against: give them as "
            "--pair ATTACKER,DEFENDER (e.g. Lab,Con)."
        )
    return attacker, defender


def _party_code(election: Election, name: str) -> str:
    """The code in ``election`` of a party of the pair (:meth:`Election.party_index`), another
    country's refused in its own words (:func:`psephos.jurisdictions.refuse_foreign_name`).

    Raises:
        ForeignPartyError: another country's party (Labour in a Canadian election).
        UnknownPartyError: another party the election does not have.
    """
    try:
        return election.parties[election.party_index(name)]
    except UnknownPartyError:
        refuse_foreign_name(name, election.parties)
        raise


def target_answer(
    election: Election,
    attacker: str | None,
    defender: str | None,
    *,
    kind: ListKind = "attack",
    by_margin: bool = False,
    swing: str | Mapping[str, float] | None = None,
    find: str | None = None,
    poll: str | Mapping[str, float] | None = None,
    projection_model: str | None = None,
    national_sd: float = DEFAULT_NATIONAL_SD,
    votes_per_hour: float = DEFAULT_VOTES_PER_HOUR,
    method: Method = "analytic",
    seed: int = FORECAST_SEED,
    results_file: bool = False,
    areas: Mapping[str, Mapping[str, float]] | None = None,
) -> TargetAnswer:
    """A target list as ``psephos target`` and the target-list page ask for it, one path for
    both: the seat to ``find`` looked up first (a bad name fails before the list is
    computed), the ``swing`` text read (:func:`psephos.targeting.sensitivity.parse_swing`),
    the full list (:func:`target_list`, whose arguments the others are), reordered smallest
    margin first when ``by_margin`` (:meth:`TargetList.by_margin`), and where the seat ranks
    on it. ``results_file``: ``election`` is a user's results file, with no past results of its
    own, whose seat sd comes from its country's bundled elections or the documented default
    (:func:`psephos.targeting.sensitivity.file_seat_sd`, with a note saying which).

    ``attacker`` or ``defender`` left out: the country's usual contest (:func:`target_pair`).

    Raises:
        UnknownConstituencyError: ``find`` names no seat of ``election``.
        ForeignPartyError: a party of the pair is another country's.
        PsephosError: as :func:`target_list`; a swing that does not read; a party left out
            where the country names no usual contest.
    """
    from psephos.targeting.sensitivity import parse_swing

    attacker, defender = target_pair(election, attacker, defender)
    code = None if find is None else election.codes[election.seat_index(find)]
    seat_sd = None
    pair = (_party_code(election, attacker), _party_code(election, defender))
    if results_file and pair[0] != pair[1]:  # the same party twice: refused by target_list
        from psephos.targeting.sensitivity import file_seat_sd

        seat_sd = file_seat_sd(election, *pair)
    full = target_list(
        election,
        attacker,
        defender,
        kind=kind,
        swing=parse_swing(swing, election.parties)
        if swing is None or isinstance(swing, str)
        else swing,
        poll=poll,
        projection_model=projection_model,
        areas=areas,
        seat_sd=seat_sd,
        national_sd=national_sd,
        votes_per_hour=votes_per_hour,
        method=method,
        seed=seed,
    )
    if by_margin:
        full = full.by_margin()
    # code is None exactly when find is
    found = None if find is None or code is None else found_seat(election, full, code, find)
    return TargetAnswer(targets=full, found=found)


def found_seat(
    election: Election, targets: TargetList, code: str, seat: str | None = None
) -> FoundSeat:
    """Where the seat ``code`` of ``election`` ranks on ``targets`` (``psephos target --find``,
    the target-list page's ``find`` and the seat page's line), or why it is not on it
    (:func:`why_not_listed`). ``seat``: the seat as asked for (default: ``code``)."""
    rank = targets.rank_of(code)
    why, look_on = (None, None) if rank is not None else why_not_listed(election, targets, code)
    return FoundSeat(
        seat=code if seat is None else seat,
        code=code,
        name=election.constituencies[election.seat_index(code)].name,
        rank=rank,
        row=next((row for row in targets.seats if row.code == code), None),
        why=why,
        look_on=look_on,
    )
