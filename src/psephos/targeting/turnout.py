"""Turnout scenarios: change turnout in one age group and see which seats flip.

For seat ``s`` with electorate ``E_s`` and census share ``a_s`` of residents in the group, the
group's share of the electorate is approximated as ``g_s = a_s / adult_share`` (the census
shares are of all residents; about 78% of UK residents are 18+, Census 2011 and 2021). A change
of ``t`` points in the group's turnout adds ``E_s g_s t / 100`` voters (removes them if ``t`` is
negative), split between parties by an assumed group vote split: each named party standing in
the seat gets its share; the rest goes to the seat's other standing parties in proportion to
their votes. Votes are clipped at zero. Northern Ireland (no age data bundled) is unchanged.
Winners before and after are counted on candidates, as the result's own are: each party's
strongest candidate keeps its part of its party's votes (:func:`candidate_parts`), so
two independents are two candidates and never one winner of their summed votes, and a change
of nothing gives back the real House.

Default splits are Ipsos "How Britain voted" estimates (GB, % of voters in the group); edit them
or pass your own. The 2017 and 2019 figures were checked against Ipsos' published summaries;
2010 and 2015 are transcribed from the same series. There is no bundled 2024 split: pass one.

Sources: Ipsos MORI, *How Britain voted in the 2010 / 2015 / 2017 / 2019 election*
(https://www.ipsos.com/en-uk/how-britain-voted-2017-election and ...-2019-election); census
age shares from the British Election Study constituency results file (Census 2011) and the
University of Bristol 2024 constituency census summaries (Census 2021), via the bundled
``demographics`` table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.errors import PsephosError, unknown_choice, warn_caller
from psephos.government import outcome_lines
from psephos.jurisdictions import TURNOUT, UK, bundled_base_id, require
from psephos.jurisdictions import of as jurisdiction_of
from psephos.model import Election
from psephos.numbers import counted, format_number, listed, percent_factor

FloatArray = npt.NDArray[np.float64]

#: Age groups and their column in the bundled ``demographics`` table.
GROUPS: dict[str, str] = {"18-24": "age_18_24", "65+": "age_65_plus"}

#: Share of residents aged 18+ (UK, Census 2011 and 2021: about 78%).
DEFAULT_ADULT_SHARE = 0.78

#: The shares of residents aged 18+ a scenario takes (inclusive): adults are most of the
#: residents of every UK seat (about 78% nationally, Census 2011 and 2021), and below half a
#: group's census share divided by it is no share of an electorate (2% of residents over an
#: adult share of 1e-300 overflows).
ADULT_SHARE_RANGE = (0.5, 1.0)

#: Ipsos "How Britain voted" vote split by age group, per election (shares of the group's
#: voters; parties not named share the rest in proportion to their votes in each seat).
GROUP_SPLITS: dict[str, dict[str, dict[str, float]]] = {
    "2010": {
        "18-24": {"Con": 0.30, "Lab": 0.31, "LD": 0.30},
        "65+": {"Con": 0.44, "Lab": 0.31, "LD": 0.16},
    },
    "2015": {
        "18-24": {"Con": 0.27, "Lab": 0.43, "LD": 0.05, "Reform": 0.08, "Green": 0.08},
        "65+": {"Con": 0.47, "Lab": 0.23, "LD": 0.08, "Reform": 0.17},
    },
    "2017": {
        "18-24": {"Con": 0.27, "Lab": 0.62, "LD": 0.05, "Reform": 0.02},
        "65+": {"Con": 0.61, "Lab": 0.25, "LD": 0.07, "Reform": 0.03},
    },
    "2019": {
        "18-24": {"Con": 0.19, "Lab": 0.62},
        "65+": {"Con": 0.64, "Lab": 0.17},
    },
}

#: Which split a bundled election uses by default.
DEFAULT_SPLIT_FOR = {
    "2010": "2010",
    "2015": "2015",
    "2017": "2017",
    "2019": "2019",
    "2019-notional-2024": "2019",
}


def split_groups(election_id: str) -> tuple[str, ...]:
    """The age groups with a bundled split for a bundled election (none: the user gives one).

    >>> split_groups("2019"), split_groups("2024")
    (('18-24', '65+'), ())
    """
    year = DEFAULT_SPLIT_FOR.get(election_id)
    return tuple(GROUP_SPLITS[year]) if year is not None else ()


def default_election(preferred: str) -> str:
    """The election a turnout scenario opens on when none is named (``psephos turnout`` and the
    ``/turnout`` page): ``preferred`` (the latest result, or the web app's default election)
    where it has a bundled split, else the latest general election (not a notional result)
    that has one, so that the defaults give an answer rather than "no bundled split".

    >>> default_election("2024"), default_election("2017")
    ('2019', '2017')
    """
    if split_groups(preferred):
        return preferred
    with_split = [
        entry.id for entry in UK.elections if split_groups(entry.id) and not entry.notional
    ]
    return with_split[-1]


def passed_over_note(election: Election, passed_over: str) -> str:
    """Why a poll is projected from ``election`` and not from ``passed_over``, the latest
    result, which no election was named in place of (:func:`default_election`): it has no
    bundled age split, so the seats before the change are not ``project``'s from it, and how
    to project from it (its id and the group's split)."""
    return (
        f"The poll is projected from the {election.id} result, the latest with a bundled age "
        f"split ({passed_over} has none), so its seats differ from a projection from "
        f"{passed_over}; to project from {passed_over}, name it and give the group's vote "
        "split (--split)."
    )


@dataclass(frozen=True, slots=True)
class Flip:
    """A seat that changes hands in the scenario.

    Attributes:
        code: ONS code.
        name: Seat name.
        before: Winner in the base.
        after: Winner in the scenario.
        base_majority: Base majority (votes).
        extra_voters: Voters added (negative: removed) in the seat.
        new_majority: The new winner's majority (votes).
    """

    code: str
    name: str
    before: str
    after: str
    base_majority: int
    extra_voters: int
    new_majority: int

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for output."""
        return asdict(self)


@dataclass(frozen=True, slots=True, eq=False)
class TurnoutScenario:
    """The outcome of a turnout change.

    Attributes:
        base: The base election.
        scenario: The election with the changed votes (party totals), its winners,
            runners-up and majorities counted on candidates (:func:`candidate_parts`).
        group: Age group.
        change_points: Turnout change in the group (points).
        split: The group vote split used.
        extra_voters: Voters added per seat.
        flips: Seats changing hands.
        seat_change: Seat gains and losses per party (non-zero only).
        unchanged_seats: Seats left alone for want of census data (codes).
        notes: What the scenario assumes that the split does not say: one split in every
            seat, where it names no party of one nation standing there
            (:func:`_nation_parties_note`); printed as ``note:`` lines, in the JSON's and the
            page's notes.
    """

    base: Election
    scenario: Election
    group: str
    change_points: float
    split: Mapping[str, float]
    extra_voters: FloatArray
    flips: tuple[Flip, ...]
    seat_change: Mapping[str, int]
    unchanged_seats: tuple[str, ...]
    notes: tuple[str, ...] = ()


def parse_split(text: str | None, election: Election | None = None) -> dict[str, float] | None:
    """Parse ``"Lab 62 Con 27 LD 5"`` or ``"Lab=62,Con=27,LD=5"`` (percent of the group's
    voters, or fractions where they sum to at most 1.5, as a poll is read:
    :func:`psephos.numbers.percent_factor`) into fractions, with psephos's one poll reader
    (:func:`psephos.projection.read_poll`), against ``election``'s parties as a poll on it is
    read: a party named as it was called in another year is noted by its name in that election
    ("UKIP read as Brexit Party" in 2019).

    Raises:
        InvalidSharesError: text that does not parse, negatives, or a total above 100%.
        UnknownPartyError: a party name outside the vocabulary.
    """
    shares = _split_as_given(text, election)
    if shares is None:
        return None
    factor = percent_factor(sum(shares.values()))
    return {party: share * factor / 100.0 for party, share in shares.items()}


def _split_as_given(text: str | None, election: Election | None) -> dict[str, float] | None:
    """A split typed as text (``--split``, the web form), read by the poll reader: party code
    -> share as given (percent or fractions); ``None`` for none."""
    if not text:
        return None
    from psephos.projection import read_poll

    return read_poll(
        text,
        label=SPLIT_LABEL,
        parties=None if election is None else election.parties,
        election_id=None if election is None else election.id,
        what="split",
    )


#: How a group's vote split is named in messages.
SPLIT_LABEL = "group's vote split shares"


def _split_percent(split: Mapping[str, float], election: Election) -> tuple[dict[str, float], bool]:
    """A split read as a poll is (:func:`psephos.projection.read_poll`: names, negatives, a
    sum above 100%), as percentages by ``election``'s party codes, and whether it was given as
    fractions (summing to at most 1.5: :func:`psephos.numbers.percent_factor`).

    Raises:
        InvalidSharesError, UnknownPartyError: as the poll reader; a party the election does
            not have.
    """
    from psephos.projection import read_poll

    given = read_poll(
        split, label=SPLIT_LABEL, parties=election.parties, election_id=election.labels_id
    )
    factor = percent_factor(sum(given.values()))
    percent: dict[str, float] = {}
    for party, share in given.items():
        code = election.parties[election.party_index(party)]
        percent[code] = percent.get(code, 0.0) + share * factor
    return percent, factor != 1.0


def _read_split(split: Mapping[str, float], election: Election) -> dict[str, float]:
    """A split the user gave, as fractions by party code: read as a poll is
    (:func:`_split_percent`), with the poll reader's notes where it was read as fractions
    (:func:`psephos.projection.inputs.fractions_note`) and where it leaves some of the group's
    voters to the parties it does not name (:func:`_note_the_rest`)."""
    from psephos.projection.inputs import fractions_note

    percent, fractions = _split_percent(split, election)
    note = fractions_note(percent, SPLIT_LABEL) if fractions else None
    if note is not None:
        warn_caller(note)
    _note_the_rest(percent)
    return {party: share / 100.0 for party, share in percent.items()}


def _note_the_rest(percent: Mapping[str, float]) -> None:
    """Say where the rest of a split under 100% goes (a :class:`~psephos.errors.ShareWarning`,
    a ``note:`` on the command line and a note on the web page), as the poll reader says it of
    a poll: to the parties the split does not name, in each seat as :func:`turnout_scenario`
    shares it out."""
    from psephos.projection.inputs import SHARE_TOLERANCE, remaining_note

    total_percent = sum(percent.values())
    if 0 < total_percent < 100.0 - SHARE_TOLERANCE:
        warn_caller(
            remaining_note(
                SPLIT_LABEL,
                total_percent,
                "the parties not named that stand in each seat, in proportion to their votes there",
            )
        )


def group_share_of_electorate(
    election: Election, group: str, *, adult_share: float = DEFAULT_ADULT_SHARE
) -> FloatArray:
    """The group's approximate share of each seat's electorate (NaN without census data):
    its census share of residents over ``adult_share``, the share of residents aged 18+
    (:data:`ADULT_SHARE_RANGE`, 0.5 to 1).

    Raises:
        PsephosError: unknown group, or an adult share outside :data:`ADULT_SHARE_RANGE`.
    """
    if group not in GROUPS:
        raise PsephosError(unknown_choice("group", group, GROUPS))
    low, high = ADULT_SHARE_RANGE
    if not low <= adult_share <= high:  # NaN too
        raise PsephosError(
            f"The share of residents aged 18+ must be from {low:g} to {high:g} (about "
            f"{DEFAULT_ADULT_SHARE:g} in the UK), not {adult_share:g}."
        )
    boundary_set = election.constituencies[0].boundary_set
    demographics = jurisdiction_of(election).table("demographics")
    rows = demographics[demographics["boundary_set"] == boundary_set].set_index("code")
    column = rows[GROUPS[group]].reindex(list(election.codes))
    return np.asarray(np.clip(column.to_numpy(dtype=np.float64) / adult_share, 0, 1))


def _group_change(
    election: Election, share: FloatArray, group: str, change_points: float
) -> FloatArray:
    """Voters added (negative: removed) in each seat by a change of ``change_points`` in the
    group's turnout: that many points of the group's electors (``share`` of each seat's
    electorate), never more than the group can give. psephos has no turnout by age in each
    seat, so it takes the group to turn out as its seat does (the seat's valid votes over its
    electorate): a fall removes at most the group's voters, a rise adds at most its electors
    who did not vote, and a :class:`~psephos.errors.ShareWarning` (a ``note:``) says where the
    change was clipped so."""
    electorate = np.asarray(election.electorate, dtype=np.float64)
    group_electors = electorate * share
    cast = np.asarray(election.votes, dtype=np.float64).sum(axis=1)
    turnout = np.clip(
        np.divide(cast, electorate, out=np.zeros_like(cast), where=electorate > 0), 0.0, 1.0
    )
    wanted = group_electors * change_points / 100
    extra = np.clip(wanted, -group_electors * turnout, group_electors * (1 - turnout))
    clipped = int(np.count_nonzero(~np.isclose(extra, wanted)))
    if clipped:
        what = (
            f"removes more {group} voters than voted"
            if change_points < 0
            else f"adds more {group} voters than the group's electors who did not vote"
        )
        outcome = (
            "removes all of them: the group's turnout falls to 0%"
            if change_points < 0
            else "adds all of them: the group's turnout reaches 100%"
        )
        warn_caller(
            f"In {counted(clipped, 'seat')} a {format_number(change_points, '+g')}-point change "
            f"{what} (psephos assumes the group turned out as its seat did, having no turnout "
            f"by age in a seat); there it {outcome}."
        )
    return np.asarray(extra, dtype=np.float64)


def default_split(election: Election, group: str) -> dict[str, float]:
    """The bundled split for an election's year (the base's own election; none for a user's
    results file, whatever it is called: :func:`psephos.jurisdictions.bundled_base_id`).

    Raises:
        PsephosError: no bundled split for that election (pass one).
    """
    base = bundled_base_id(election)  # a projection: its base's
    key = DEFAULT_SPLIT_FOR.get(base) if base is not None else None
    if key is None:
        raise PsephosError(
            f"No bundled {group} vote split for election {base or election.id!r}; give the "
            "group's split (e.g. 'Lab=41,Con=8,Green=17') or a bundled year's "
            f"({', '.join(GROUP_SPLITS)})."
        )
    return dict(GROUP_SPLITS[key][group])


def turnout_scenario(
    election: Election,
    group: str,
    change_points: float,
    *,
    split: Mapping[str, float] | None = None,
    split_from: str | None = None,
    adult_share: float = DEFAULT_ADULT_SHARE,
) -> TurnoutScenario:
    """Change turnout in one age group by ``change_points`` and recount every seat.

    Args:
        election: The base election.
        group: ``"18-24"`` or ``"65+"``.
        change_points: Turnout change in points (``10`` = +10 points), -100..100; in a seat
            where it would remove more of the group's voters than voted (or add more than its
            electors who did not vote), clipped there with a note (:func:`_group_change`).
        split: The group's vote split by party, in percent (``{"Lab": 62, "Con": 19}``) or
            as fractions where it sums to at most 1.5 (``{"Lab": 0.62}``), read as a poll is
            (:func:`psephos.projection.read_poll`; notes as it gives them: read as fractions,
            the rest left to the parties not named); default: the bundled split, whose rest
            the title names (``others 19%``) without a note.
        split_from: Use the bundled split of this election year instead (e.g. ``"2017"``);
            not with ``split``.
        adult_share: Share of residents aged 18+, 0.5 to 1 (:data:`ADULT_SHARE_RANGE`).

    Raises:
        PsephosError: unknown group, bad change, split or adult share; both a split and
            ``split_from``.
        UnsupportedCountryError: a country without census age groups (Canada).
    """
    require(TURNOUT, election)
    if not np.isfinite(change_points) or abs(change_points) > 100:
        raise PsephosError(f"Turnout change must be within -100..100 points, not {change_points}.")
    if split is not None and split_from is not None:
        raise PsephosError(
            f"Give the group's split or a bundled year's split ({split_from}) to use, not both."
        )
    if split is None:  # ours, not the user's: no note on what it leaves to the others
        if split_from is not None:
            if split_from not in GROUP_SPLITS:
                raise PsephosError(
                    f"No bundled split for {split_from!r}; bundled: {', '.join(GROUP_SPLITS)}."
                )
            bundled = GROUP_SPLITS[split_from][group] if group in GROUPS else {}
        else:
            bundled = default_split(election, group) if group in GROUPS else {}
        clean_split = {p: v / 100.0 for p, v in _split_percent(bundled, election)[0].items()}
    share = group_share_of_electorate(election, group, adult_share=adult_share)
    if split is not None:
        clean_split = _read_split(split, election)
    known = np.isfinite(share)
    extra = _group_change(election, np.where(known, share, 0.0), group, change_points)
    votes = election.votes
    stood = votes > 0
    named = np.zeros(len(election.parties))
    for party, value in clean_split.items():
        named[election.parties.index(party)] = value
    is_named = named > 0
    direct = np.where(stood & is_named, named, 0.0)
    rest = np.clip(1.0 - direct.sum(axis=1, keepdims=True), 0.0, None)
    others = np.where(stood & ~is_named, votes, 0.0)
    other_total = others.sum(axis=1, keepdims=True)
    spread = np.divide(others, other_total, out=np.zeros_like(others), where=other_total > 0)
    distribution = direct + rest * spread
    totals = distribution.sum(axis=1, keepdims=True)
    distribution = np.divide(
        distribution, totals, out=np.zeros_like(distribution), where=totals > 0
    )
    new_votes = np.clip(votes + extra[:, None] * distribution, 0.0, None)
    scenario = election.with_votes(
        new_votes,
        election_id=f"{election.id}-turnout",
        name=f"{election.name}, {group} turnout {change_points:+g} points",
        meta={"parliament": election.id},  # the same House: its conventions (rules_for)
        contest=candidate_parts(election),
    )
    flips = tuple(
        Flip(
            code=election.constituencies[i].code,
            name=election.constituencies[i].name,
            before=election.label(election.parties[int(election.winner[i])]),
            after=election.label(election.parties[int(scenario.winner[i])]),
            base_majority=round(float(election.majority[i])),
            extra_voters=round(float(extra[i])),
            new_majority=round(float(scenario.majority[i])),
        )
        for i in np.flatnonzero(scenario.winner != election.winner)
    )
    before, after = election.seats_won(), scenario.seats_won()
    seat_change = {p: after[p] - before[p] for p in election.parties if after[p] != before[p]}
    return TurnoutScenario(
        base=election,
        scenario=scenario,
        group=group,
        change_points=float(change_points),
        split=clean_split,
        extra_voters=np.asarray(extra, dtype=np.float64),
        flips=flips,
        seat_change=seat_change,
        unchanged_seats=tuple(c for c, k in zip(election.codes, known, strict=True) if not k),
        notes=tuple(
            note for note in [_nation_parties_note(election, clean_split, extra, group)] if note
        ),
    )


def _nation_parties_note(
    election: Election, split: Mapping[str, float], extra: FloatArray, group: str
) -> str | None:
    """The note a scenario needs where its one split meets a party of one nation that it does
    not name (the SNP, Plaid Cymru): psephos applies the group's split alike in every seat
    (Ipsos' bundled splits are of Great Britain's voters; psephos bundles none by nation), so
    such a party gets only a part of what the split leaves to the parties it does not name,
    and a flip in its nation shows the assumption, not how the nation's group votes (a youth
    surge taking Perth and North Perthshire from the SNP to the Conservatives in 2017).
    ``None`` where no seat whose voters change has such a party standing."""
    country = jurisdiction_of(election)
    changed = np.abs(extra) > 0
    found = []
    for party in country.parties:
        if (
            len(party.nations) != 1
            or party.code in country.parties_apart
            or party.code in split
            or party.code not in election.parties
        ):
            continue
        column = election.parties.index(party.code)
        seats = int(np.count_nonzero(changed & (election.votes[:, column] > 0)))
        if seats:
            found.append(
                f"{election.label(party.code)} ({counted(seats, 'seat')} in {party.nations[0]})"
            )
    if not found:
        return None
    names = listed(found)
    return (
        f"The {group} split is applied alike in every seat (the bundled Ipsos splits are of "
        f"Great Britain's voters; none is bundled by nation): {names} "
        f"{'are' if len(found) > 1 else 'is'} not named in it, so there "
        f"{'they get' if len(found) > 1 else 'it gets'} only a part of what the split leaves "
        "to others, and a flip in those seats shows this assumption, not how the nation's "
        f"{group} voters vote (a split that names them gives them its share where they "
        "stand)."
    )


def candidate_parts(base: Election) -> FloatArray | None:
    """Each party's strongest candidate's part of its party's votes in ``base``
    (:meth:`~psephos.model.Election.contest_shares` over :meth:`~psephos.model.Election.shares`),
    the ``contest`` weights with which :meth:`~psephos.model.Election.with_votes` counts a
    scenario's winners, runners-up and majorities on candidates, as ``base``'s are: the three
    Independents of Birmingham Hall Green and Moseley (2024) stay three candidates behind
    Labour, not one "Ind" winner. ``None`` for a base without candidate lists (a projection),
    counted on its totals already."""
    if base.candidates is None:
        return None
    shares = base.shares()
    return np.divide(base.contest_shares(), shares, out=np.ones_like(shares), where=shares > 0)


@dataclass(frozen=True, slots=True)
class FlipCheck:
    """How a scenario's flips compare with what actually happened next.

    Attributes:
        scenario_flips: Seats the scenario flips.
        also_flipped: Of those, seats that really went to the same party.
        actual_flips: Seats that really changed hands (same boundaries).
        explained_share: ``also_flipped / actual_flips``.
    """

    scenario_flips: int
    also_flipped: int
    actual_flips: int
    explained_share: float


def compare_with_actual(result: TurnoutScenario, actual: Election) -> FlipCheck:
    """Compare the scenario's flips with the real next election on the same boundaries.

    Raises:
        PsephosError: the elections are on different seats.
    """
    base = result.base
    # the actual election's seats in the base's order (a results file may list them in any)
    # by the code exactly: a superseded code another boundary set reuses is another seat
    position = {code: index for index, code in enumerate(actual.codes)}
    found = [position.get(code) for code in base.codes]
    missing = [code for code, at in zip(base.codes, found, strict=True) if at is None]
    if missing:
        first = base.result(missing[0]).constituency.name
        raise PsephosError(
            f"{actual.id} is not on {base.id}'s boundaries: {len(missing)} of {base.id}'s "
            f"{base.n_seats} seats (e.g. {first} {missing[0]}) are not among its "
            f"{actual.n_seats}; compare with the next election on the same seats."
        )
    if actual.n_seats != base.n_seats:
        raise PsephosError(
            f"{actual.id} has {actual.n_seats} seats, not {base.id}'s {base.n_seats}; compare "
            "with the next election on the same seats."
        )
    # winners by party name (a results file's parties are in its own vocabulary)
    order = np.array(found, dtype=np.int64)
    actual_winner = np.asarray(actual.parties, dtype=object)[actual.winner[order]]
    base_names = np.asarray(base.parties, dtype=object)
    before = base_names[base.winner]
    scenario_winner = base_names[result.scenario.winner]  # counted on candidates, as before
    real_change = actual_winner != before
    scenario_change = scenario_winner != before
    same = scenario_change & real_change & (actual_winner == scenario_winner)
    n_actual = int(real_change.sum())
    return FlipCheck(
        scenario_flips=int(scenario_change.sum()),
        also_flipped=int(same.sum()),
        actual_flips=n_actual,
        explained_share=float(same.sum() / n_actual) if n_actual else 0.0,
    )


@dataclass(frozen=True, slots=True, eq=False)
class TurnoutReport:
    """A turnout scenario as ``psephos turnout`` and the web's ``/turnout`` answer it.

    Attributes:
        scenario: The scenario (on the projection, when a poll was given).
        projection: The base projected to the poll first, or ``None``
            (:class:`psephos.projection.Projection`).
        compare: The real election the flips are compared with, or ``None``.
        check: The comparison, or ``None``.
    """

    scenario: TurnoutScenario
    projection: Any = None
    compare: Election | None = None
    check: FlipCheck | None = None

    def notes(self) -> list[str]:
        """What the scenario assumes that its split does not say
        (:attr:`TurnoutScenario.notes`), for the command's ``note:`` lines and the notes of
        its JSON and page, after the notes its inputs gave as they were read."""
        return list(self.scenario.notes)

    def rows(self) -> list[dict[str, Any]]:
        """One row per seat that flips."""
        return [flip.to_dict() for flip in self.scenario.flips]

    def summary(self) -> dict[str, Any]:
        """Everything but the rows, as plain data: the command's JSON beside its ``rows``;
        ``split`` and ``seat_change`` by party code, each code's label in the election beside
        them in ``labels`` (:meth:`psephos.model.Election.label`: ``"Reform": "UKIP"`` in 2017,
        as the title and the flips name it)."""
        result = self.scenario
        named = [*result.split, *result.seat_change]
        found: dict[str, Any] = {
            "election": result.base.id,
            "group": result.group,
            "change_points": result.change_points,
            "split": dict(result.split),
            "seat_change": dict(result.seat_change),
            "labels": {party: result.base.label(party) for party in dict.fromkeys(named)},
            "extra_voters_total": round(float(result.extra_voters.sum())),
            "seats_without_census_data": len(result.unchanged_seats),
            "projection": self.projection.summary() if self.projection is not None else None,
        }
        if self.compare is not None and self.check is not None:
            found["compare"] = {"election": self.compare.id, **asdict(self.check)}
        return found

    def title(self) -> str:
        """``"<election>: 18-24 turnout +10 points (split Con 19%, Lab 62%, others 19%); 12
        seats flip"``: the split as used, and what it leaves to the parties it does not name
        (in each seat, those standing, in proportion to their votes there)."""
        result = self.scenario
        split_text = ", ".join(
            f"{result.base.label(p)} {v * 100:g}%" for p, v in result.split.items()
        )
        rest = 100.0 - sum(result.split.values()) * 100.0
        if rest > 1e-6:  # points; less is the noise of float arithmetic
            split_text += f"{', ' if split_text else ''}others {format_number(rest, 'g')}%"
        return (
            f"{result.base.name}: {result.group} turnout {result.change_points:+g} points "
            f"(split {split_text}); {counted(len(result.flips), 'seat')} "
            f"{'flips' if len(result.flips) == 1 else 'flip'}"
        )

    def lines(self) -> list[str]:
        """The sentences printed under the table: seat changes, extra voters, the seats left
        alone, who has a majority after the change (:func:`_after_the_change`) and, with a
        comparison, how many flips really happened."""
        result = self.scenario
        changes = (  # each party named as the flips name it ("Reform UK", not "Reform")
            ", ".join(f"{result.base.label(p)} {n:+d}" for p, n in result.seat_change.items())
            or "none"
        )
        extra_total = round(float(result.extra_voters.sum()))
        found = [
            f"Seat changes: {changes}. Extra voters {format_number(extra_total, '+,.0f')}; "
            f"{counted(len(result.unchanged_seats), 'seat')} without census age data left "
            "unchanged.",
            *_after_the_change(result.scenario),
        ]
        if self.compare is not None and self.check is not None:
            check = self.check
            explained = (
                f"they are {format_number(check.explained_share, '.1%')} of the "
                f"{check.actual_flips} seats that changed hands."
                if check.actual_flips
                else "no seat changed hands."
            )
            found.append(
                f"Against {self.compare.id}: {check.also_flipped} of the {check.scenario_flips} "
                f"scenario flips really went the same way; {explained}"
            )
        return found


def _after_the_change(scenario: Election) -> list[str]:
    """What the scenario's seats mean for who governs, in ``project``'s sentences
    (:func:`outcome_lines`), the first led by "After the change, " ("After the change, hung
    parliament: no party has the 326 seats a majority needs.", "After the change, Con, with 341
    seats: a majority of the House; ...")."""
    return outcome_lines(scenario, after="the change")


def turnout_report(
    election: Election,
    group: str,
    change_points: float,
    *,
    split: str | None = None,
    split_from: str | None = None,
    adult_share: float = DEFAULT_ADULT_SHARE,
    poll: str | None = None,
    projection_model: str | None = None,
    compare: Election | None = None,
    passed_over: str | None = None,
    areas: Mapping[str, Mapping[str, float]] | None = None,
) -> TurnoutReport:
    """The turnout scenario a user asks for in words: the base projected to ``poll`` and any
    area shares ``areas`` (sub-polls, as ``--by-region`` reads them) first
    (with ``projection_model``; the projection's share notes are warnings, as
    :func:`psephos.projection.project` gives them), the ``split`` text read by the poll
    reader as :func:`parse_split` reads it, the flips compared with the real ``compare``
    election. ``passed_over``: the election the user's default was (the latest result), where
    ``election`` was chosen in its place for want of a bundled age split
    (:func:`default_election`); a poll then gets a note saying so (:func:`passed_over_note`).

    Raises:
        UnsupportedCountryError: a country without census age groups, before anything is read.
        PsephosError: an unknown group, model or bundled split; a bad change, split or poll;
            a comparison on other boundaries.
    """
    require(TURNOUT, election)  # before the poll and the split are read
    projection = None
    base = election
    if poll is not None or areas:
        from psephos.projection import DEFAULT_MODEL, project

        if passed_over is not None and passed_over != election.id:
            warn_caller(passed_over_note(election, passed_over))
        projection = project(
            election, poll, model=projection_model or DEFAULT_MODEL, areas=areas or None
        )
        base = projection.election
    result = turnout_scenario(
        base,
        group,
        change_points,
        split=_split_as_given(split, election),
        split_from=split_from,
        adult_share=adult_share,
    )
    check = compare_with_actual(result, compare) if compare is not None else None
    return TurnoutReport(result, projection, compare, check)
