"""What happened, and how close was it: national tables, seat reports, swing and marginals.

Swing follows the Butler (two-party, "conventional") definition: the average of one party's
share gain and the other's share loss, in percentage points (Butler and Stokes, *Political
Change in Britain*, 1969). Changes are measured against the previous election on the same
boundaries (for 2024, the 2019 notional result on the 2024 boundaries by Rallings and Thrasher).

Percentages (shares, changes, majorities, turnout, swing) are given unrounded, as files carry
them (:func:`psephos.numbers.clean`: ten significant digits): a table or sentence rounds them
once, where it shows them, and a CSV or JSON keeps what a sort or a chart needs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError
from psephos.model import (
    CANDIDATE_GROUPS,
    OWN_AREA,
    UNKNOWN_AREA,
    Election,
    get_party,
    nominal_majority,
    tied_for_largest,
)
from psephos.model.party import JOINT_TICKETS, STILL_STANDING, find_party, lineage_names
from psephos.numbers import clean, counted, format_number, listed

__all__ = [
    "AREA_LEVELS",
    "DEMOGRAPHIC_LABELS",
    "MARGINAL_ORDERS",
    "MarginalSeat",
    "SeatReport",
    "SeatsOutcome",
    "area_facts",
    "area_summary",
    "area_table",
    "butler_swing",
    "changed_hands",
    "changes_of_hands",
    "close_calls",
    "earlier_winners",
    "gains_table",
    "group_party_name",
    "majority_phrase",
    "marginal_rows",
    "marginals",
    "national_summary",
    "national_swing",
    "national_swing_sentence",
    "national_table",
    "national_turnout",
    "outcome_sentence",
    "outcome_words",
    "party_notes",
    "predecessor_seats",
    "seat_count_line",
    "seat_demographics",
    "seat_labels",
    "seat_panel_lines",
    "seat_report",
    "seat_result_rows",
    "seat_summary",
    "seat_summary_rows",
    "seat_turnout",
    "seats_outcome",
    "seats_sentence",
    "swing_columns",
    "swing_phrase",
    "swing_sentence",
    "swing_towards",
    "swing_words",
    "turnout_ballots",
    "turnout_note",
    "turnout_sentence",
    "winner_codes",
]

#: The bundled ``demographics`` columns a seat profile shows, with their human labels (shares
#: of residents, except ``leave``: the estimated Leave share of the 2016 referendum vote).
DEMOGRAPHIC_LABELS: dict[str, str] = {
    "leave": "Voted Leave in 2016 (estimate)",
    "age_18_24": "Aged 18-24",
    "age_65_plus": "Aged 65 and over",
    "degree": "Degree or higher",
    "white_british": "White British",
    "owner_occupied": "Homes owner-occupied",
    "social_rented": "Homes socially rented",
    "students": "Students",
    "retired": "Retired",
}

#: Parties reported on their own line in a national table even with no seats and few votes.
_ALWAYS = ("Con", "Lab", "LD", "Reform", "Green", "SNP", "PC")


def butler_swing(
    before: dict[str, float], after: dict[str, float], party_from: str, party_to: str
) -> float:
    """Butler swing from ``party_from`` to ``party_to`` in percentage points.

    Args:
        before: Shares (0-1) per party at the earlier election.
        after: Shares (0-1) per party at the later election.
        party_from: The party the swing is away from.
        party_to: The party the swing is towards.

    Returns:
        ``((to_after - to_before) - (from_after - from_before)) / 2 * 100``. Positive means a
        swing towards ``party_to``.
    """
    gain_to = after.get(party_to, 0.0) - before.get(party_to, 0.0)
    gain_from = after.get(party_from, 0.0) - before.get(party_from, 0.0)
    return (gain_to - gain_from) / 2 * 100


def swing_towards(swing: float, parties: tuple[str, str]) -> tuple[float, str, str]:
    """A Butler swing of ``swing`` points from ``parties[0]`` to ``parties[1]`` (negative: the
    other way) as its size and direction, as a swing is reported: ``(points, away, towards)``,
    ``points`` never negative."""
    away, towards = parties
    if swing < 0:
        away, towards = towards, away
    return abs(swing), away, towards


def swing_words(swing: float, parties: tuple[str, str], election: Election) -> str:
    """A Butler swing (:func:`swing_towards`) in words, to one decimal place as swings are
    reported (a tiny one keeps its figures: :func:`psephos.numbers.format_number`), the parties
    as ``election`` labels them: ``"1.0-point swing from Lab to Con"``."""
    points, away, towards = swing_towards(swing, parties)
    return (
        f"{format_number(points, '.1f')}-point swing "
        f"from {election.label(away)} to {election.label(towards)}"
    )


def swing_columns(swing: tuple[float, tuple[str, str]] | None) -> dict[str, Any]:
    """A swing (``(points, (from, to))``, as :func:`national_swing` gives it) as the columns of
    a table: ``swing_from`` and ``swing_to`` (party codes) and ``swing_pct``, its size in
    percentage points towards ``swing_to`` (:func:`swing_towards`); ``None`` in each without
    a swing."""
    if swing is None:
        return {"swing_from": None, "swing_to": None, "swing_pct": None}
    points, away, towards = swing_towards(*swing)
    return {"swing_from": away, "swing_to": towards, "swing_pct": clean(points)}


def national_swing(election: Election, previous: Election) -> tuple[float, tuple[str, str]] | None:
    """The Butler swing (:func:`butler_swing`, the seat report's) between the two parties with
    the most votes in ``election``, from the second to the first (negative where the first
    lost ground to the second), since ``previous`` on the same boundaries (2024: the 2019
    notional result): 2024's from Con to Lab. A group of many candidates (``Other``, ``Ind``:
    :data:`~psephos.model.CANDIDATE_GROUPS`) is no party to swing to or from, so the top two
    are the top two parties. ``None`` where fewer than two parties have votes.

    Returns:
        The swing in percentage points and the parties ``(from, to)``, as
        :attr:`SeatReport.swing` and :attr:`SeatReport.swing_parties` give a seat's.
    """
    shares = election.vote_shares()
    ranked = sorted(
        (p for p in election.parties if shares[p] > 0 and p not in CANDIDATE_GROUPS),
        key=lambda p: -shares[p],
    )
    if len(ranked) < 2:
        return None
    first, second = ranked[:2]
    return clean(butler_swing(previous.vote_shares(), shares, second, first)), (second, first)


def national_swing_sentence(election: Election, previous: Election | None) -> str | None:
    """The national two-party swing (:func:`national_swing`) as ``psephos results`` prints it
    under the national table and the election page writes it: ``"Swing since UK general
    election 2019, notional result on the 2024 boundaries: 10.7-point swing from Con to Lab
    (Butler, between the two parties with the most votes)"``. ``None`` without a previous
    election, or without two parties with votes."""
    from psephos.jurisdictions import election_name

    swing = national_swing(election, previous) if previous is not None else None
    if previous is None or swing is None:
        return None
    return (
        f"Swing since {election_name(previous.id)}: {swing_words(*swing, election)} "
        "(Butler, between the two parties with the most votes)"
    )


def winner_codes(election: Election) -> npt.NDArray[np.str_]:
    """The code of each seat's winning party, in seat order."""
    return np.asarray(election.parties)[election.winner]


def earlier_winners(election: Election, before: Election) -> npt.NDArray[np.str_]:
    """Per seat of ``election``, the party code that won the same seat in ``before`` (matched
    by code).

    Raises:
        DataFormatError: a seat of ``election`` that ``before`` does not have (another
            boundary set): compare with a result on the same boundaries.
    """
    position = {code: index for index, code in enumerate(before.codes)}
    missing = [code for code in election.codes if code not in position]
    if missing:
        raise DataFormatError(
            f"{before.name} has no result for {counted(len(missing), 'seat')} of "
            f"{election.name} (first {missing[0]}); gains are counted against a result on the "
            "same boundaries."
        )
    return winner_codes(before)[[position[code] for code in election.codes]]


def changed_hands(election: Election, before: Election) -> npt.NDArray[np.bool_]:
    """Per seat of ``election``, whether its winner differs from ``before``'s in the same seat
    (:func:`earlier_winners`; parties by code, so Reform in 2024 holds a seat UKIP won).

    Raises:
        DataFormatError: a seat of ``election`` that ``before`` does not have (another
            boundary set): compare with a result on the same boundaries.
    """
    return np.asarray(winner_codes(election) != earlier_winners(election, before))


def changes_of_hands(election: Election, before: Election) -> Counter[tuple[str, str]]:
    """The seats that changed hands since ``before`` (:func:`changed_hands`), counted by
    ``(winner now, winner then)``: ``("Lab", "Con")`` is the number of Labour gains from the
    Conservatives, the "Lab gain from Con" of each seat's :attr:`SeatReport.outcome`. A seat
    with no result now (:meth:`~psephos.model.Election.no_result`) is no party's gain.

    Raises:
        DataFormatError: a seat of ``election`` that ``before`` does not have (another
            boundary set): compare with a result on the same boundaries.
    """
    moved = changed_hands(election, before) & ~election.no_result()
    pairs = zip(
        winner_codes(election)[moved], earlier_winners(election, before)[moved], strict=True
    )
    return Counter((str(now), str(then)) for now, then in pairs)


def gains_table(election: Election, before: Election) -> list[dict[str, Any]]:
    """Who took seats from whom since ``before`` (on the same boundaries; for 2024 the 2019
    notional result): a row per party that gained seats, most gains first, with its code
    (``party``), its label, its ``gains``, and one ``from_CODE`` column per party that lost
    seats (most losses first) counting the seats it took from that party
    (:func:`changes_of_hands`). A column's total is that party's ``losses`` in
    :func:`national_table`; no row where no seat changed hands.

    Raises:
        DataFormatError: a seat of ``election`` that ``before`` does not have.
    """
    hands = changes_of_hands(election, before)
    gained: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    for (now, then), n in hands.items():
        gained[now] += n
        lost[then] += n
    losers = [party for party, _ in lost.most_common()]
    return [
        {
            "party": party,
            "party_label": election.label(party),
            "gains": n,
            **{f"from_{then}": hands.get((party, then), 0) for then in losers},
        }
        for party, n in gained.most_common()
    ]


#: ``previous``'s default in every results table and summary of this module
#: (:func:`national_table`, :func:`national_summary`, :func:`area_table`, :func:`area_summary`,
#: :func:`area_facts`, :func:`seat_report`, :func:`seat_summary_rows`,
#: :func:`seat_result_rows`): the bundled election before on the same boundaries
#: (:attr:`~psephos.model.Election.previous_id`,
#: :func:`psephos.jurisdictions.previous_election`), which ``psephos results`` and the web
#: pages measure changes from; ``None`` asks for no changes.
PreviousElection = Election | Literal["auto"] | None


def _previous(election: Election, previous: PreviousElection) -> Election | None:
    """``previous`` as given, or for ``"auto"`` the bundled election before ``election`` on
    its boundaries (``None`` where there is none: the first on its boundaries, a user's file,
    a projection), only its seats of the same codes where ``election`` has some of its seats
    (:meth:`~psephos.model.Election.select`: Scotland's 2017 seats are compared with
    Scotland's 2015 seats, not the UK's)."""
    if previous != "auto":
        return previous
    from psephos.jurisdictions import previous_election

    before = previous_election(election)
    if before is None or before.codes == election.codes:
        return before
    return before.select(np.isin(np.asarray(before.codes), np.asarray(election.codes)))


def national_table(
    election: Election, previous: PreviousElection = "auto", *, include_zero: bool = False
) -> list[dict[str, Any]]:
    """Seats, votes and shares per party, with changes from ``previous``: by default
    (``"auto"``) the bundled election before on the same boundaries, as ``psephos results``
    measures them (2024's from the 2019 notional result; none for the first election on its
    boundaries, a user's file or a projection); ``None`` for none.

    Each row's ``party`` is the party code (``Reform``) and ``party_label`` how the election
    names it ("Reform UK" in 2024, "UKIP" in 2015), as in :class:`SeatReport`'s candidates.
    With ``previous`` (on the same boundaries), ``seat_change`` is the net change and
    ``gains`` and ``losses`` the seats behind it (:func:`changes_of_hands`: a seat's "Lab gain
    from Con" of :attr:`SeatReport.outcome` is a gain for Lab and a loss for Con; for 2024,
    against the 2019 notional result). Rows are ordered by seats, then votes. Parties with no
    seats and no votes are left out unless ``include_zero``.
    """
    previous = _previous(election, previous)
    seats = election.seats_won()
    votes = election.total_votes()
    shares = election.vote_shares()
    before_seats = previous.seats_won() if previous is not None else {}
    before_shares = previous.vote_shares() if previous is not None else {}
    hands = changes_of_hands(election, previous) if previous is not None else Counter()
    rows: list[dict[str, Any]] = []
    for party in election.parties:
        if not include_zero and seats[party] == 0 and votes[party] == 0:
            continue
        row: dict[str, Any] = {
            "party": party,
            "party_label": election.label(party),
            "seats": seats[party],
            "votes": round(votes[party]),
            "share_pct": clean(shares[party] * 100),
        }
        if previous is not None:
            row["seat_change"] = seats[party] - before_seats.get(party, 0)
            row["gains"] = sum(n for (now, _), n in hands.items() if now == party)
            row["losses"] = sum(n for (_, then), n in hands.items() if then == party)
            row["share_change_pct"] = clean((shares[party] - before_shares.get(party, 0)) * 100)
        rows.append(row)
    rows.sort(key=lambda r: (-r["seats"], -r["votes"], r["party"] not in _ALWAYS))
    return rows


#: The levels a result is broken down by (:func:`area_table`).
AREA_LEVELS = ("nation", "region")


def area_table(
    election: Election, level: str = "region", previous: PreviousElection = "auto"
) -> list[dict[str, Any]]:
    """:func:`national_table` for each area of ``election`` at ``level`` (``"nation"``: the
    UK's four nations; ``"region"``: England's regions with Scotland, Wales and Northern
    Ireland, Canada's provinces and territories, a results file's own regions), the area
    first on every row (``nation`` or ``region``), areas in the order their first seats come.
    With ``previous`` (the election before, on the same boundaries: by default, ``"auto"``,
    the bundled one, as :func:`national_table`; ``None`` for none), each area's changes are
    from that election's seats of the same codes.

    Raises:
        ValueError: a level other than ``nation`` or ``region``.
    """
    return [
        {level: area, **row}
        for area, inside, before in _areas(election, level, previous)
        for row in national_table(inside, before)
    ]


def _areas(
    election: Election, level: str, previous: PreviousElection
) -> Iterator[tuple[str, Election, Election | None]]:
    """Each area of ``election`` at ``level`` (:func:`area_table`), in the order its first seat
    comes: its name, its seats, and ``previous``'s seats of the same codes (``None`` without
    ``previous``; ``"auto"``: the bundled election before, :data:`PreviousElection`).

    Raises:
        ValueError: a level other than ``nation`` or ``region``.
    """
    if level not in AREA_LEVELS:
        raise ValueError(f"level must be one of {', '.join(AREA_LEVELS)}, not {level!r}")
    previous = _previous(election, previous)
    labels = np.asarray(election.nations if level == "nation" else election.regions)
    codes = np.asarray(election.codes)
    for area in dict.fromkeys(labels.tolist()):
        inside = labels == area
        before = None
        if previous is not None:
            before = previous.select(np.isin(np.asarray(previous.codes), codes[inside]))
        yield str(area), election.select(inside), before


def area_summary(
    election: Election, level: str = "region", previous: PreviousElection = "auto"
) -> list[dict[str, Any]]:
    """One row per area of :func:`area_table` (the area first, under ``level``): its seats
    (``n_seats``), the electors of its seats with a known electorate (``electorate``), its
    valid votes, the rejected ballots where the turnout counts them (:func:`counted_rejected`:
    Canada's ``rejected_ballots``), and its turnout (``turnout_pct``, by the country's rule, as
    the national one: :func:`national_turnout`; ``None`` where no seat has an electorate), and with
    ``previous`` (by default the bundled election before, as :func:`area_table`; ``None`` for
    none) its two-party swing (:func:`national_swing` over the area's seats: ``swing_from``,
    ``swing_to``, ``swing_pct``, as :func:`swing_columns` gives them).

    Raises:
        ValueError: a level other than ``nation`` or ``region``.
    """
    rows: list[dict[str, Any]] = []
    for area, inside, before in _areas(election, level, previous):
        _, electors, _ = _turnout_counts(inside)
        turnout = national_turnout(inside)
        row: dict[str, Any] = {
            level: area,
            "n_seats": inside.n_seats,
            "electorate": round(electors),
            "valid_votes": round(float(inside.votes.sum())),
            **counted_rejected(inside),
            "turnout_pct": None if turnout is None else clean(turnout * 100),
        }
        if before is not None:
            row.update(swing_columns(national_swing(inside, before)))
        rows.append(row)
    return rows


def party_notes(
    election: Election,
    previous: Election | None = None,
    parties: Iterable[str] | None = None,
    before: dict[str, float] | None = None,
) -> list[str]:
    """What a table of ``parties`` (default: every party with votes) must say of figures that
    are not one party's own: a code counting a joint ticket (:data:`JOINT_TICKETS`: 2010's
    UUP is the UCUNF ticket, with the Conservatives), and, with the ``previous`` election the
    changes are from, a change measured across a renaming (:data:`LINEAGE_LABELS`: the
    Brexit Party's 2019 change is from UKIP's 2017 share, one lineage) or from a joint
    ticket's share (2015's UUP). A change is noted only where the party had a share before
    (``before``: its shares there, default ``previous``'s national shares)."""
    votes = election.total_votes()
    shown = [p for p in (parties if parties is not None else election.parties) if votes.get(p)]
    notes: list[str] = []
    for party in dict.fromkeys(shown):
        label = election.label(party)
        ticket = JOINT_TICKETS.get(party, {})
        if election.labels_id in ticket:
            name, what = ticket[election.labels_id]
            notes.append(f"{label}'s figures are {name}'s ({what}).")
        if previous is None or party not in previous.parties:
            continue
        shares = before if before is not None else previous.vote_shares()
        if not shares.get(party):
            continue
        then = previous.label(party)
        since = f"share in the {previous.name}"
        if previous.labels_id in ticket:
            name, what = ticket[previous.labels_id]
            notes.append(f"{label}'s change is from {name}'s {since} ({what}).")
        elif then != label:
            standing = STILL_STANDING.get(party)
            apart = (
                f"; {standing}, standing apart from it, is counted in Other"
                if standing == then
                else ""
            )
            notes.append(
                f"{label}'s change is from {then}'s {since}: one lineage, "
                f"{lineage_names(party)}{apart}."
            )
    return notes


#: A party counted in ``Other`` is named in :func:`other_parties_note` from this share of the
#: valid vote (the BNP's 1.9% of 2010, the Workers Party's 0.7% of 2024), at most
#: :data:`OTHER_PARTIES_NAMED` of them.
OTHER_PARTY_FROM = 0.001
OTHER_PARTIES_NAMED = 4


def other_parties_note(election: Election) -> str | None:
    """The note naming the largest parties a national table counts in ``Other`` (the bucket
    of the parties the vocabulary has no code for), with their votes and shares, where one has
    :data:`OTHER_PARTY_FROM` of the valid vote or more: 2010's British National Party won
    564,321 votes, more than the SNP, inside ``Other``'s 840,948. ``None`` where none does or
    the results name no candidates' parties (a notional result names them as its source
    abbreviates them, so it gets none)."""
    from psephos.jurisdictions import bundled_id, of

    if election.candidates is None or "Other" not in election.parties:
        return None
    bundled = bundled_id(election)
    if bundled is not None and of(election).election(bundled).notional:
        return None  # no ballot named them: the notional source's abbreviations (YRKS, ASH)
    by_name: dict[str, int] = {}
    for seat in election.candidates:
        for candidate in seat:
            if candidate.party == "Other" and candidate.party_name.strip():
                name = candidate.party_name.strip()
                by_name[name] = by_name.get(name, 0) + int(candidate.votes)
    total = float(election.votes.sum())
    named = sorted(
        ((votes, name) for name, votes in by_name.items() if votes >= OTHER_PARTY_FROM * total),
        reverse=True,
    )[:OTHER_PARTIES_NAMED]
    if not named or total <= 0:
        return None
    listed_ = ", ".join(
        f"{name} {format_number(votes, ',')} ({format_number(100 * votes / total, '.2f')}%)"
        for votes, name in named
    )
    other = format_number(int(election.total_votes().get("Other", 0)), ",")
    return (
        f"{election.label('Other')}'s {other} votes are those of the parties psephos has no code "
        f"for; the largest: {listed_}."
    )


def seat_labels(election: Election, position: int) -> tuple[str, str]:
    """The labels of the winner and the runner-up of the seat at ``position``: the election's
    label of each (:meth:`Election.label`), except where a candidate of a group of many
    candidates (:data:`~psephos.model.CANDIDATE_GROUPS`: ``Other``) stood for a party the
    source names, which is named with its group: "Workers Party of Britain (Other)", the
    runner-up in Rochdale 2024, not "Other"."""
    winner = election.parties[int(election.winner[position])]
    runner_up = election.parties[int(election.runner_up[position])]
    labels = [election.label(winner), election.label(runner_up)]
    if election.candidates is None:
        return labels[0], labels[1]
    ranked = sorted(election.candidates[position], key=lambda c: -c.votes)  # as the model ranks
    for place, candidate in enumerate(ranked[:2]):
        if candidate.party in CANDIDATE_GROUPS and candidate.party == (winner, runner_up)[place]:
            labels[place] = _group_label(election, candidate.party, candidate.party_name)
    return labels[0], labels[1]


def _group_label(election: Election, code: str, party_name: str) -> str:
    """A group's candidate (``Other``) named by the party the source gives ("Workers Party of
    Britain (Other)"); the group's label where the source names none or the group itself
    ("Independent" is Ind)."""
    label = election.label(code)
    name = group_party_name(election, code, party_name)
    return label if name is None else f"{name} ({label})"


def group_party_name(election: Election, code: str, party_name: str) -> str | None:
    """The party a candidate of a group of many candidates (``code``, ``Other``) stood for, as
    the source names it (``party_name``: "Workers Party of Britain"); ``None`` where the
    source names none or the group itself ("Independent" is Ind)."""
    name = " ".join(party_name.split())
    read = find_party(name) if name else None
    if not name or (read is not None and read.code == code) or name == election.label(code):
        return None
    return name


@dataclass(frozen=True, slots=True)
class SeatReport:
    """A seat's full result with its context: majority, turnout, change and swing.

    ``winner``, ``runner_up``, ``swing_parties`` and each candidate's ``party`` are party
    codes; ``winner_label``, ``runner_up_label`` and ``party_label`` are how the election
    names them (``Reform`` is "UKIP" in 2015, "Reform UK" in 2024; a group's candidate by the
    party the source names, :func:`seat_labels`: "Workers Party of Britain (Other)").
    ``notes`` say that a seat asked for by a superseded code was read as the seat of its new
    code (:func:`psephos.jurisdictions.superseded_code_note`) or by words of its name that
    were also a seat of the other boundaries (:func:`psephos.jurisdictions.seat_words_note`:
    "Kensington" of 2024), and what a party's figures or
    change hold beyond its own (:func:`party_notes`: the Brexit Party's 2019 change is from
    UKIP's 2017 share). ``swing_group`` is the group
    of many candidates (``Other``, ``Ind``) among the top two, where there is one: no
    two-party swing is given then (:func:`swing_sentence` says why).
    """

    election_id: str
    code: str
    name: str
    nation: str
    region: str
    electorate: int
    valid_votes: int
    invalid_votes: int | None
    turnout_pct: float
    winner: str
    runner_up: str
    majority: int
    majority_pct: float
    outcome: str
    candidates: list[dict[str, Any]]
    previous_election_id: str | None
    swing: float | None
    swing_parties: tuple[str, str] | None
    winner_label: str = ""
    runner_up_label: str = ""
    speaker_seat: bool = False
    notes: tuple[str, ...] = ()
    swing_group: str = ""

    @property
    def place(self) -> str:
        """Where the seat is, as its heading says it: ``"London, England"``, a nation that is
        its own region alone (``"Scotland"``), ``""`` where the results do not say
        (:data:`psephos.model.UNKNOWN_AREA`: a user's file with its own seat codes; the one
        area of a file of its own country, :data:`psephos.model.OWN_AREA`)."""
        if self.nation in ("", UNKNOWN_AREA, OWN_AREA):
            return ""
        return self.nation if self.region in ("", self.nation) else f"{self.region}, {self.nation}"

    def to_dict(self) -> dict[str, Any]:
        """Plain-data view (for JSON), with the :attr:`place` its heading says."""
        return {**{field: getattr(self, field) for field in self.__slots__}, "place": self.place}

    def seat_rows(self) -> list[dict[str, Any]]:
        """The candidates' rows, each led by the seat's ``seat_code`` and ``seat_name`` (the
        long results format's first columns), so the rows of several seats' files joined
        together can be told apart (``psephos results --seat`` in CSV and JSON)."""
        return [{"seat_code": self.code, "seat_name": self.name, **row} for row in self.candidates]


def seat_report(election: Election, seat: str, previous: PreviousElection = "auto") -> SeatReport:
    """Full result of one seat (by name or ONS code) with majority, turnout and swing.

    ``previous`` must be on the same boundaries: by default (``"auto"``) the bundled election
    before, as ``psephos results --seat`` and the seat page measure from (Islington North in
    2024 is an "Ind gain from Lab" against the 2019 notional result), ``None`` for no
    changes (``outcome`` "Ind win"). The swing is the Butler swing between this
    time's top two parties, from the runner-up to the winner (negative when the winner lost
    ground to the runner-up). No swing where the Speaker stood in either election
    (``speaker_seat``): by convention the main parties do not stand against the Speaker, so
    a swing between parties that did not stand at one of the two elections compares nothing
    (:func:`swing_sentence` says so).
    """
    previous = _previous(election, previous)
    position = election.seat_index(seat)
    result = election.result_at(position)
    shares = result.shares
    before_shares: dict[str, float] = {}
    before_winner: str | None = None
    if previous is not None and result.constituency.code in previous.codes:
        before = previous.result(result.constituency.code)
        before_shares = before.shares
        before_winner = before.winner
    rows = []
    if result.candidates:
        for candidate in sorted(result.candidates, key=lambda c: -c.votes):
            rows.append(
                {
                    "candidate": candidate.name,
                    "party": candidate.party,
                    "party_label": election.label(candidate.party),
                    "party_name": candidate.party_name,
                    "votes": candidate.votes,
                    # a seat without votes (a results-night file's seat not filled in) has no
                    # shares; close_calls() says so in its notes
                    "share_pct": (
                        clean(candidate.votes / result.valid_votes * 100)
                        if result.valid_votes
                        else None
                    ),
                }
            )
    else:
        for party, party_votes in sorted(result.votes.items(), key=lambda item: -item[1]):
            rows.append(
                {
                    "candidate": "",
                    "party": party,
                    "party_label": election.label(party),
                    "party_name": get_party(party).name,
                    "votes": round(party_votes),
                    "share_pct": clean(shares[party] * 100),
                }
            )
    if previous is not None:
        row_parties = _row_parties(result, election)
        for row, party in zip(rows, row_parties, strict=True):
            # A change belongs to a candidate only when the party had one candidate here: the
            # combined change of several independents (or "Other"s) is nobody's change.
            single = row_parties.count(party) == 1 and party not in CANDIDATE_GROUPS
            row["share_change_pct"] = (
                clean((shares.get(party, 0.0) - before_shares.get(party, 0.0)) * 100)
                if before_shares and single
                else None
            )
    swing = None
    swing_parties = None
    speaker_seat = bool(before_shares) and _speaker_stood(election, shares, before_shares)
    # a group of many candidates (Other: every minor party) is no party to swing to or from
    group = next((p for p in (result.winner, result.runner_up) if p in CANDIDATE_GROUPS), "")
    if before_shares and result.winner != result.runner_up and not speaker_seat and not group:
        swing = clean(butler_swing(before_shares, shares, result.runner_up, result.winner))
        swing_parties = (result.runner_up, result.winner)
    winner_label, runner_up_label = seat_labels(election, position)
    return SeatReport(
        election_id=election.id,
        code=result.constituency.code,
        name=result.constituency.name,
        nation=result.constituency.nation,
        region=result.constituency.region,
        electorate=result.constituency.electorate,
        valid_votes=result.valid_votes,
        invalid_votes=result.invalid_votes,
        turnout_pct=clean(seat_turnout(election, position) * 100),
        winner=result.winner,
        runner_up=result.runner_up,
        majority=round(result.majority),
        majority_pct=clean(result.majority_share * 100),
        outcome=_outcome(election, result, winner_label, before_winner),
        candidates=rows,
        previous_election_id=previous.id if previous is not None else None,
        swing=swing,
        swing_parties=swing_parties,
        winner_label=winner_label,
        runner_up_label=runner_up_label,
        speaker_seat=speaker_seat,
        notes=_seat_notes(election, seat, result, previous, before_shares),
        swing_group=group if before_shares and not speaker_seat else "",
    )


def _outcome(election: Election, result: Any, winner_label: str, before_winner: str | None) -> str:
    """A seat's outcome in words: "Lab hold", "Con gain from Lab", "Green win" (no previous
    result), a tie decided by lot, or no votes at all."""
    top = sorted(result.votes.values(), reverse=True)
    if result.valid_votes == 0:
        return "No votes recorded: no winner"
    if len(top) > 1 and top[0] == top[1]:
        tied = [election.label(p) for p, v in result.votes.items() if v == top[0]]
        return (
            f"Tie between {listed(tied)} on {format_number(top[0], ',.0f')} votes: decided "
            f"by lot (listed as {winner_label})"
        )
    if before_winner is None:
        return f"{winner_label} win"
    if before_winner == result.winner:
        return f"{winner_label} hold"
    return f"{winner_label} gain from {election.label(before_winner)}"


def _seat_notes(
    election: Election,
    seat: str,
    result: Any,
    previous: Election | None,
    before_shares: dict[str, float],
) -> tuple[str, ...]:
    """A seat report's notes: a superseded code it was asked for by
    (:func:`psephos.jurisdictions.superseded_code_note`), or words of its name that were also a
    seat of the other boundaries (:func:`psephos.jurisdictions.seat_words_note`), the seat's
    close call as the national table notes it (:func:`close_calls`: no votes, or a tie decided
    by lot), then its parties' (:func:`party_notes`, their changes from the seat's
    ``before_shares``)."""
    from psephos.jurisdictions import seat_words_note, superseded_code_note

    before = before_shares if previous is not None else None
    notes = [
        superseded_code_note(election, seat),  # "S14000058 is the code first issued for ..."
        seat_words_note(election, seat),  # "Kensington is not a seat on the 2024 boundaries"
        *close_calls(election, [result.constituency.code]),
        *party_notes(election, previous, _row_parties(result, election), before),
    ]
    return tuple(note for note in notes if note)


def _speaker_stood(election: Election, *seat_shares: dict[str, float]) -> bool:
    """Whether the Speaker (the country's :attr:`ParliamentRules.speaker_party`) had votes in
    any of the seat's results ``seat_shares``."""
    from psephos.jurisdictions import of

    speaker = of(election).parliament.speaker_party
    return any(shares.get(speaker, 0.0) > 0 for shares in seat_shares)


def seat_summary(report: SeatReport, election: Election) -> dict[str, Any]:
    """A seat's facts as ``psephos results --seat`` writes them in JSON beside its rows
    (:meth:`SeatReport.seat_rows`): the report without its candidates, and the lines of its
    panel (:func:`seat_panel_lines`) in ``headline``; the web's results-file page and its JSON
    twin give a seat so too."""
    facts = {key: value for key, value in report.to_dict().items() if key != "candidates"}
    return {**facts, "headline": seat_panel_lines(report, election)}


def _row_parties(result: Any, election: Election) -> list[str]:
    if result.candidates:
        return [c.party for c in sorted(result.candidates, key=lambda c: -c.votes)]
    return [p for p, _ in sorted(result.votes.items(), key=lambda item: -item[1])]


def seat_panel_lines(report: SeatReport, election: Election) -> list[str]:
    """The lines above a seat's result table, in plain words (no markup), as ``psephos
    results --seat`` prints them; the outcome (:func:`outcome_sentence`) and the swing
    (:func:`swing_sentence`) are the seat page's words too."""
    place = f", {report.place}" if report.place else ""
    lines = [
        f"{report.name} ({report.code}){place}",
        outcome_sentence(report),
        seat_count_line(report, election),
    ]
    swing = swing_sentence(report, election)
    if swing is not None:
        lines.append(swing)
    return lines


def seat_count_line(report: SeatReport, election: Election) -> str:
    """A seat's count in words, as ``psephos results --seat`` prints it in its panel
    (:func:`seat_panel_lines`) and the seat page writes it: ``"Electorate 74,865; valid votes
    41,256, rejected 190; turnout 55.1% (valid votes over the electorate)"``, or ``"Valid
    votes 41,256; electorate not given, so no turnout"``."""
    if report.electorate <= 0:
        return f"Valid votes {report.valid_votes:,}; electorate not given, so no turnout"
    # Turnout is the national line's (turnout_ballots: valid votes over the electorate, the
    # HoC Library's definition; every ballot cast in Canada), said so, as the rejected ballots
    # printed beside it are in it or not.
    rejected = f", rejected {report.invalid_votes:,}" if report.invalid_votes else ""
    counted = (
        "ballots cast, rejected ones included," if turnout_ballots(election)[1] else "valid votes"
    )
    return (
        f"Electorate {report.electorate:,}; valid votes {report.valid_votes:,}{rejected}; "
        f"turnout {format_number(report.turnout_pct, '.1f')}% ({counted} over the electorate)"
    )


def outcome_sentence(report: SeatReport) -> str:
    """Who won the seat and by how much, as ``psephos results --seat`` prints it and the seat
    page writes it: ``"Lab hold: majority 15,560 (26.64%) over Con"``; a tie or a seat without
    votes as its outcome alone, and a seat where no other candidate had a vote said so, not
    given a majority over a party that had none (:func:`outcome_words`)."""
    return outcome_words(
        report.outcome,
        valid_votes=report.valid_votes,
        majority=report.majority,
        majority_pct=report.majority_pct,
        runner_up=report.runner_up_label or report.runner_up,
    )


def outcome_words(
    outcome: str, *, valid_votes: int, majority: int, majority_pct: float, runner_up: str
) -> str:
    """A seat's outcome (``"Lab hold"``) and its majority in one sentence, the words of
    :func:`outcome_sentence`, for a seat that has no :class:`SeatReport` (a seat declared on a
    results night: :func:`psephos.results.night.outcomes`)."""
    if valid_votes == 0 or outcome.startswith("Tie"):
        return outcome
    if majority == valid_votes:  # no other candidate has a vote: unopposed
        return f"{outcome}: no other candidate had a vote"
    return f"{outcome}: majority {majority_phrase(majority, majority_pct)} over {runner_up}"


def majority_phrase(majority: int, majority_pct: float) -> str:
    """A seat's majority in votes and as a percentage of the valid votes, as a seat's outcome
    writes it (:func:`outcome_words`) and the results-night table's Majority column shows it:
    ``"15,560 (26.64%)"``."""
    return f"{format_number(majority, ',')} ({format_number(majority_pct, '.2f')}%)"


def swing_sentence(report: SeatReport, election: Election) -> str | None:
    """The seat's swing (:func:`swing_phrase`) and the election it is measured from, by its
    title (:func:`psephos.jurisdictions.election_name`), as ``psephos results --seat`` prints
    it and the seat page writes it: ``"Swing since UK general election 2017: 1.0-point swing
    from Lab to Con (Butler)"``, or where the Speaker stood in either election ``"Swing since
    UK general election 2017: no comparable swing (the Speaker's seat)"``, and where one of
    the top two is a group of many candidates (:attr:`SeatReport.swing_group`: Rochdale 2024's
    runner-up, the Workers Party of Britain, is Other) ``"...: no two-party swing (Other
    counts many candidates together, not one party)"``. ``None`` without a previous election
    to swing from."""
    from psephos.jurisdictions import election_name

    since = f"Swing since {election_name(report.previous_election_id or '')}"
    if report.speaker_seat:
        return f"{since}: no comparable swing (the Speaker's seat)"
    if report.swing_group:
        group = election.label(report.swing_group)
        return (
            f"{since}: no two-party swing ({group} counts many candidates together, not one party)"
        )
    swing = swing_phrase(report, election)
    if swing is None:
        return None
    return f"{since}: {swing} (Butler)"


def swing_phrase(report: SeatReport, election: Election) -> str | None:
    """The seat's swing in words, always a positive size towards the party that gained:
    ``"1.0-point swing from Lab to Con"`` (a report's negative swing from the runner-up to the
    winner is a swing the other way), to one decimal place as swings are reported (a tiny one
    keeps its figures: :func:`psephos.numbers.format_number`), as ``psephos results --seat``
    prints it and the seat page writes it (:func:`swing_words`). ``None`` without a previous
    election to swing from."""
    if report.swing is None or report.swing_parties is None:
        return None
    return swing_words(report.swing, report.swing_parties, election)


def turnout_ballots(election: Election) -> tuple[npt.NDArray[np.float64], bool]:
    """The ballots each seat's turnout counts, and whether they include the rejected ones: the
    one turnout rule, read by a seat's (:func:`seat_turnout`) and the country's
    (:func:`national_turnout`). Valid votes (the House of Commons Library's definition, the
    UK's); valid votes and rejected ballots where the country's official turnout counts them
    (:attr:`psephos.jurisdictions.Jurisdiction.turnout_counts_rejected`: Elections Canada's)
    and every seat with an electorate has its rejected ballots published
    (:meth:`psephos.model.Election.turnout_ballots`, which this reads)."""
    return election.turnout_ballots()


def seat_turnout(election: Election, position: int) -> float:
    """The turnout of the seat at ``position`` (0-1; 0 without an electorate), by the
    country's rule (:func:`turnout_ballots`), so that it compares with the national one."""
    electorate = float(election.electorate[position])
    return float(turnout_ballots(election)[0][position] / electorate) if electorate else 0.0


def national_turnout(election: Election) -> float | None:
    """The ballots the country's turnout counts (:func:`turnout_ballots`: valid votes, with
    the rejected ones in Canada) over registered electors, in seats whose electorate is known
    (0-1), or ``None`` when no seat has one (a user's file without an electorate column)."""
    ballots, electors, _ = _turnout_counts(election)
    return None if electors == 0 else ballots / electors


def counted_rejected(election: Election) -> dict[str, int]:
    """``{"rejected_ballots": N}``, the rejected ballots the turnout counts beside the valid
    votes in the seats with a known electorate, where the country's turnout counts them
    (:func:`turnout_ballots`: Canada's), else ``{}``: the key the results' JSON and CSV put
    beside ``valid_votes``, so that ``(valid_votes + rejected_ballots) / electorate`` is
    ``turnout_pct``, as a reader checks it."""
    ballots, with_rejected = turnout_ballots(election)
    if not with_rejected:
        return {}
    known = np.asarray(election.electorate, dtype=np.float64) > 0
    valid = np.asarray(election.votes, dtype=np.float64).sum(axis=1)
    return {"rejected_ballots": round(float((ballots - valid)[known].sum()))}


def _turnout_counts(election: Election) -> tuple[float, float, int]:
    """What :func:`national_turnout` divides: the ballots it counts (:func:`turnout_ballots`)
    and the electors of the seats whose electorate is known, and the number of seats left out
    for want of one."""
    electorate = np.asarray(election.electorate, dtype=np.float64)
    known = electorate > 0
    ballots = turnout_ballots(election)[0]
    return float(ballots[known].sum()), float(electorate[known].sum()), int((~known).sum())


@dataclass(frozen=True, slots=True)
class SeatsOutcome:
    """Who won the most seats and whether that is a majority: the one reckoning behind
    :func:`seats_sentence` and the election page's summary (its JSON's ``majority``,
    ``short_of_majority``).

    Attributes:
        party: The largest party's code (the national table's first row).
        label: Its label as the table shows it.
        seats: Its seats.
        n_seats: Seats in the House.
        needed: Seats a majority needs (:func:`nominal_majority`).
        tied: The labels of the parties that tie for the most seats, by code as ``govern``
            names them (:func:`psephos.model.tied_for_largest`), or ``()`` where one party
            has most.
    """

    party: str
    label: str
    seats: int
    n_seats: int
    needed: int
    tied: tuple[str, ...] = ()

    @property
    def overall(self) -> bool:
        """Whether the largest party has a majority of the House."""
        return self.seats >= self.needed

    @property
    def majority(self) -> int:
        """Its seats less every other seat (negative in a hung parliament)."""
        return 2 * self.seats - self.n_seats

    @property
    def short(self) -> int:
        """Seats it is short of a majority (0 where it has one)."""
        return max(self.needed - self.seats, 0)


def seats_outcome(election: Election) -> SeatsOutcome:
    """The largest party of ``election`` (the national table's first) and its majority or
    shortfall (:class:`SeatsOutcome`)."""
    table = national_table(election, None) or national_table(election, None, include_zero=True)
    largest = table[0]
    labels = {str(row["party"]): str(row["party_label"]) for row in table}
    tied = tied_for_largest({str(row["party"]): int(row["seats"]) for row in table})
    return SeatsOutcome(
        party=str(largest["party"]),
        label=str(largest["party_label"]),
        seats=int(largest["seats"]),
        n_seats=election.n_seats,
        needed=nominal_majority(election.n_seats),
        tied=tuple(labels[party] for party in tied),
    )


def seats_sentence(election: Election) -> str:
    """Who won and whether it is a majority, as ``psephos results`` prints it under the
    national table (its JSON's ``headline``) and the election page opens with it: ``Lab won
    411 of 650 seats (326 needed for a majority): a majority of 172.``, or ``Con won 306 of
    650 seats (326 needed for a majority): a hung parliament, 20 short of a majority.`` (the
    country's words: Canada's "minority Parliament"), from :func:`seats_outcome`. Seats with
    no result (:meth:`~psephos.model.Election.no_result`: no votes recorded for two or more
    candidates) are no party's, and said so: ``...: a majority of 5; 1 seat has no result (no
    votes recorded).``, or ``No seat has a result: ...`` where none has one."""
    from psephos.jurisdictions import of

    outcome = seats_outcome(election)
    pending = int(election.no_result().sum())
    if pending == election.n_seats:
        where = (
            "its one seat" if pending == 1 else f"any of its {format_number(pending, ',')} seats"
        )
        return f"No seat has a result: no votes are recorded in {where}."
    won = (
        f"{outcome.label} won {format_number(outcome.seats, ',')} of "
        f"{format_number(outcome.n_seats, ',')} seats ({format_number(outcome.needed, ',')} "
        "needed for a majority)"
    )
    if outcome.tied:  # a dead heat for the largest party names them all, not the first
        won = (
            f"{listed(outcome.tied)} tie for the largest party, on "
            f"{format_number(outcome.seats, ',')} of {format_number(outcome.n_seats, ',')} "
            f"seats each ({format_number(outcome.needed, ',')} needed for a majority)"
        )
    if outcome.overall:
        said = f"{won}: a majority of {format_number(outcome.majority, ',')}"
    else:
        each = "each " if outcome.tied else ""
        said = (
            f"{won}: a {of(election).no_majority}, {each}{format_number(outcome.short, ',')} "
            "short of a majority"
        )
    if pending:
        seats = "1 seat has" if pending == 1 else f"{format_number(pending, ',')} seats have"
        said += f"; {seats} no result (no votes recorded)"
    return f"{said}."


def turnout_sentence(election: Election) -> str:
    """The national turnout in words, as ``psephos results`` prints it under the national
    table and its JSON carries it (``headline``): ``Turnout 68.8% (32,204,184 valid votes of
    46,836,533 electors)``; where the country counts the rejected ballots
    (:func:`turnout_ballots`), ``Turnout 62.6% (17,209,811 ballots cast of 27,509,496
    electors, 175,568 rejected)``; or the valid votes alone where no seat has an electorate
    (:func:`national_turnout`). Where only some seats have one, the votes and electors are
    those of the seats the turnout is over (:func:`turnout_note` says how many are left out)."""
    turnout = national_turnout(election)
    if turnout is None:
        valid = format_number(float(election.votes.sum()), ",.0f")
        return f"{valid} valid votes; no electorate given, so no turnout"
    ballots, electors, _ = _turnout_counts(election)
    with_rejected = turnout_ballots(election)[1]
    share = format_number(turnout, ".1%")
    if not with_rejected:
        return (
            f"Turnout {share} ({format_number(ballots, ',.0f')} valid votes "
            f"of {format_number(electors, ',.0f')} electors)"
        )
    rejected = format_number(counted_rejected(election)["rejected_ballots"], ",.0f")
    return (
        f"Turnout {share} ({format_number(ballots, ',.0f')} ballots cast of "
        f"{format_number(electors, ',.0f')} electors, {rejected} rejected)"
    )


def turnout_note(election: Election) -> str | None:
    """The note beside :func:`turnout_sentence` where some seats, not all, have no electorate:
    how many seats (and their valid votes) the national turnout leaves out; ``None`` where
    every seat or none has one."""
    electorate = np.asarray(election.electorate, dtype=np.float64)
    missing = int((electorate <= 0).sum())
    if missing == 0 or missing == election.n_seats:
        return None
    left_out = format_number(float(election.votes[electorate <= 0].sum()), ",.0f")
    one = missing == 1
    return (
        f"{format_number(missing, ',')} of the {counted(election.n_seats, 'seat')} "
        f"{'gives' if one else 'give'} no electorate: the turnout is over the others, leaving "
        f"out {'its' if one else 'their'} {left_out} valid votes"
    )


def national_summary(election: Election, previous: PreviousElection = "auto") -> dict[str, Any]:
    """The facts ``psephos results`` gives beside its national table (:func:`national_table`; its
    JSON's keys before ``rows``): the election and the ``previous`` one its changes are from (by
    default, ``"auto"``, the bundled election before on the same boundaries, as
    :func:`national_table`; ``None`` for none), the seats, the turnout in percent (``None``
    where no seat has an electorate), the seats decided by lot or without votes
    (:func:`close_calls`, printed as notes), the ``notes`` on the parties' figures and changes
    (:func:`party_notes`: the Brexit Party's 2019 change is from UKIP's 2017 share; the seats
    the turnout leaves out for want of an electorate: :func:`turnout_note`) and the
    ``headline``: who won (:func:`seats_sentence`), the turnout (:func:`turnout_sentence`),
    whose figures are ``electorate`` (the electors the turnout is over; ``None`` where no seat
    has an electorate), ``valid_votes`` (every seat's) and, where the turnout counts them, the
    ``rejected_ballots`` (:func:`counted_rejected`: Canada's), and, with ``previous``, the
    two-party swing (:func:`national_swing_sentence`; its figures in ``swing_from``,
    ``swing_to`` and ``swing_pct``, :func:`swing_columns`). The web's election page, its
    results-file page and their JSON twins say the same."""
    previous = _previous(election, previous)
    turnout = national_turnout(election)
    electors = _turnout_counts(election)[1]
    swing = national_swing(election, previous) if previous is not None else None
    return {
        "election": election.id,
        "previous": previous.id if previous else None,
        "n_seats": election.n_seats,
        "turnout_pct": None if turnout is None else clean(turnout * 100),
        "electorate": None if turnout is None else round(electors),
        "valid_votes": round(float(np.asarray(election.votes, dtype=np.float64).sum())),
        **counted_rejected(election),
        **(swing_columns(swing) if previous is not None else {}),
        "close_calls": close_calls(election),
        "notes": [
            *party_notes(election, previous),
            *filter(None, [other_parties_note(election), turnout_note(election)]),
        ],
        "headline": [
            seats_sentence(election),
            turnout_sentence(election),
            *filter(None, [national_swing_sentence(election, previous)]),
        ],
    }


def close_calls(election: Election, codes: Iterable[str] | None = None) -> list[str]:
    """Seats a table of winners would otherwise decide silently: no votes at all (a seat with
    one candidate was won unopposed, as uncontested seats of a council's results are), or a
    tie for first place (the count's winner is then chosen by lot; psephos lists the first party).
    ``codes`` limits the check to those seats (e.g. the ones a marginals table lists)."""
    votes = np.asarray(election.votes, dtype=np.float64)
    notes: list[str] = []
    positions = (
        range(len(votes)) if codes is None else sorted(election.seat_index(c) for c in codes)
    )
    no_result = election.no_result()
    for seat in positions:
        row = votes[seat]
        name = election.constituencies[seat].name
        if row.sum() == 0:
            holder = election.label(election.parties[int(election.winner[seat])])
            standing = () if election.candidates is None else election.candidates[seat]
            if len(standing) == 1:  # the one candidate is elected without a poll
                notes.append(
                    f"{name}: {holder}'s candidate was returned unopposed (the only candidate; "
                    "no votes were cast)"
                )
            elif no_result[seat]:  # a count not yet entered
                notes.append(
                    f"{name}: no votes recorded for its {len(standing)} candidates, so no "
                    "result: no party's seat total counts it"
                )
            else:
                notes.append(
                    f"{name}: no votes recorded, so no winner; psephos's seat totals list it "
                    f"under {holder}"
                )
            continue
        top = row.max()
        tied = [election.label(election.parties[i]) for i in np.flatnonzero(row == top)]
        if len(tied) > 1:
            counted = election.label(election.parties[int(election.winner[seat])])
            notes.append(
                f"{name}: tie between {listed(tied)} on {format_number(top, ',.0f')} votes; "
                f"a tie is decided by lot, and psephos counts it for {counted}"
            )
    return notes


def area_facts(
    election: Election, level: str = "region", previous: PreviousElection = "auto"
) -> dict[str, Any]:
    """The facts ``psephos results --by-area LEVEL`` gives beside its table
    (:func:`area_table`; its JSON's keys before ``rows``, as the web's
    ``/api/elections/{id}/areas``): the election, the ``previous`` one its changes are from
    (by default the bundled election before, as :func:`area_table`; ``None`` for none), the
    ``level``, and the notes the national table prints (:func:`national_summary`): the
    seats decided by lot or without votes (:func:`close_calls`) and the ``notes`` on the
    parties' figures and changes (:func:`party_notes`: Reform UK's 2024 change is from the
    Brexit Party's 2019 share, in every area as nationally)."""
    previous = _previous(election, previous)
    return {
        "election": election.id,
        "previous": previous.id if previous else None,
        "level": level,
        "close_calls": close_calls(election),
        "notes": [*party_notes(election, previous), *filter(None, [other_parties_note(election)])],
    }


@dataclass(frozen=True, slots=True)
class MarginalSeat:
    """A seat ranked by closeness (``winner`` and ``runner_up`` are party codes, the labels
    how the election names them: :func:`seat_labels`, a group's candidate by its party,
    "Workers Party of Britain (Other)")."""

    code: str
    name: str
    winner: str
    runner_up: str
    majority: int
    majority_pct: float
    winner_label: str = ""
    runner_up_label: str = ""


#: What :func:`marginals` ranks seats by (``by``), each with the words a table heading says it
#: in: ``psephos marginals --by`` (default ``votes``, the first), the marginals page's "Rank by"
#: and a seat page's "the 3rd most marginal" (by the default).
MARGINAL_ORDERS: dict[str, str] = {
    "votes": "majority in votes",
    "share": "majority as a share of the valid votes",
}


def marginals(
    election: Election,
    *,
    top: int = 50,
    parties: tuple[str, str] | None = None,
    by: str = "votes",
) -> list[MarginalSeat]:
    """The seats with the smallest majorities.

    Args:
        election: Any election (real or projected).
        top: How many seats to return.
        parties: Only seats where these two parties (any order) were first and second.
        by: ``"votes"`` (raw majority) or ``"share"`` (majority as a share of valid votes).

    Raises:
        UnknownPartyError: a party of ``parties`` that is not in the election.
        DataFormatError: ``parties`` names one party twice (``Lab,Lab`` or ``Lab,Labour``): no
            seat has the same party first and second.
    """
    if by not in MARGINAL_ORDERS:
        raise ValueError(f"by must be {listed(map(repr, MARGINAL_ORDERS), 'or')}, not {by!r}")
    mask = np.ones(election.n_seats, dtype=bool)
    if parties is not None:
        first, second = (election.party_index(p) for p in parties)
        if first == second:
            code = election.parties[first]
            same = "" if parties[0] == parties[1] else f" ({parties[0]!r} and {parties[1]!r})"
            raise DataFormatError(
                f"The pair names {code} twice{same}; name two different parties, e.g. Lab,Con."
            )
        mask = ((election.winner == first) & (election.runner_up == second)) | (
            (election.winner == second) & (election.runner_up == first)
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        majority_share = np.where(
            election.valid_votes > 0, election.majority / election.valid_votes, np.inf
        )
    key = election.majority if by == "votes" else majority_share
    # Every seat with a runner-up, one of the winner's group too (two independents first and
    # second); a seat won unopposed has no majority to rank.
    candidates = np.flatnonzero(mask & election.has_runner_up())
    order = candidates[np.argsort(key[candidates], kind="stable")][: max(top, 0)]
    return [
        MarginalSeat(
            code=election.constituencies[i].code,
            name=election.constituencies[i].name,
            winner=election.parties[election.winner[i]],
            runner_up=election.parties[election.runner_up[i]],
            majority=round(float(election.majority[i])),
            majority_pct=clean(float(majority_share[i]) * 100),
            winner_label=labels[0],
            runner_up_label=labels[1],
        )
        for i in order
        for labels in (seat_labels(election, int(i)),)
    ]


def marginal_rows(seats: Iterable[MarginalSeat]) -> list[dict[str, Any]]:
    """Ranked seats (:func:`marginals`) as the rows of ``psephos marginals`` and the web app's
    marginals download: rank from 1, the seat's code and name, the two parties, the majority
    in votes and as a percentage of valid votes (``None`` for a seat with no votes)."""
    return [
        {
            "rank": rank,
            "code": seat.code,
            "name": seat.name,
            "winner": seat.winner,
            "winner_label": seat.winner_label,
            "runner_up": seat.runner_up,
            "runner_up_label": seat.runner_up_label,
            "majority": seat.majority,
            # a seat with no votes has no majority share (the library ranks it last)
            "majority_pct": seat.majority_pct if math.isfinite(seat.majority_pct) else None,
        }
        for rank, seat in enumerate(seats, start=1)
    ]


def seat_result_rows(
    election: Election, previous: PreviousElection = "auto"
) -> list[dict[str, Any]]:
    """Every seat's full result, one row per candidate in the election's seat order: the rows
    of ``psephos results ELECTION --seat SEAT`` in CSV (:meth:`SeatReport.seat_rows`) for
    every seat, joined (the long results format: ``seat_code``, ``seat_name``, ``party``,
    ``votes``, which psephos reads back as a results file), share changes from ``previous``
    (by default the bundled election before, as :func:`seat_report`; ``None`` for none)."""
    previous = _previous(election, previous)
    return [
        row for code in election.codes for row in seat_report(election, code, previous).seat_rows()
    ]


def seat_summary_rows(
    election: Election, previous: PreviousElection = "auto"
) -> list[dict[str, Any]]:
    """Every seat's result in one row, in the election's seat order (``psephos results
    ELECTION --by-seat``): its ``code`` and ``name`` (first, as every row per seat), nation
    and region, winner and runner-up (codes, and labels as :func:`seat_labels` gives them),
    majority in votes and as a percentage of the valid votes (``None`` for a seat without
    votes), electorate, valid votes, the rejected ballots where the turnout counts them
    (``rejected_ballots``: Canada's, :func:`counted_rejected`), turnout (``None`` without an
    electorate), the outcome
    as the seat report words it (:attr:`SeatReport.outcome`: "Lab gain from Con", "Con
    hold"; gains against ``previous``: by default the bundled election before, as
    :func:`seat_report`, for 2024 the 2019 notional result; ``None`` for none) and the seat's
    Butler swing (:attr:`SeatReport.swing` as :func:`swing_columns` gives it: none in the
    Speaker's seat, or where one of the top two is a group of many candidates)."""
    previous = _previous(election, previous)
    rows = []
    ballots, with_rejected = turnout_ballots(election)
    rejected = ballots - np.asarray(election.votes, dtype=np.float64).sum(axis=1)
    for position, code in enumerate(election.codes):
        report = seat_report(election, code, previous)
        swing = None
        if report.swing is not None and report.swing_parties is not None:
            swing = (report.swing, report.swing_parties)
        rows.append(
            {
                "code": report.code,
                "name": report.name,
                "nation": report.nation,
                "region": report.region,
                "winner": report.winner,
                "winner_label": report.winner_label,
                "runner_up": report.runner_up,
                "runner_up_label": report.runner_up_label,
                "majority": report.majority,
                "majority_pct": report.majority_pct if report.valid_votes else None,
                "electorate": report.electorate,
                "valid_votes": report.valid_votes,
                # the rejected ballots the turnout counts (Canada's), as the national JSON
                **({"rejected_ballots": round(rejected[position])} if with_rejected else {}),
                "turnout_pct": report.turnout_pct if report.electorate > 0 else None,
                "outcome": report.outcome,
                **(swing_columns(swing) if previous is not None else {}),
            }
        )
    return rows


def seat_demographics(election: Election, seat: str) -> list[dict[str, Any]]:
    """A seat's profile from the bundled ``demographics`` table (Hanretty's Leave estimates and
    census shares; sources in ``data/PROVENANCE.md``), for the seat's boundary set: one row per
    measure with its label, the seat's share and the median over the boundary set's seats.
    Measures missing for the seat (Northern Ireland has Leave only) are left out; a boundary
    set without demographics gives an empty list.

    Raises:
        UnknownConstituencyError: the seat is not in the election.
    """
    from psephos.jurisdictions import of as jurisdiction_of

    position = election.seat_index(seat)
    constituency = election.constituencies[position]
    jurisdiction = jurisdiction_of(election)
    if not jurisdiction.has_table("demographics"):
        return []
    values, medians = _demographic_profiles(jurisdiction, constituency.boundary_set)
    here = values.get(constituency.code)
    if here is None:
        return []
    return [
        {
            "measure": column,
            "label": DEMOGRAPHIC_LABELS[column],
            "share": round(value, 4),
            "median": round(medians[column], 4),
        }
        for column, value in here.items()
    ]


#: Per (country, boundary set): each seat's finite measures, and each measure's median.
_PROFILES: dict[tuple[str, str], tuple[dict[str, dict[str, float]], dict[str, float]]] = {}


def _demographic_profiles(
    jurisdiction: Any, boundary_set: str
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    key = (jurisdiction.code, boundary_set)
    if key not in _PROFILES:
        table = jurisdiction.table("demographics")
        rows = table[table["boundary_set"] == boundary_set]
        columns = [c for c in DEMOGRAPHIC_LABELS if c in rows.columns]
        matrix = rows[columns].to_numpy(dtype=np.float64)
        values = {
            str(code): {
                column: float(x)
                for column, x in zip(columns, row, strict=True)
                if math.isfinite(float(x))
            }
            for code, row in zip(rows["code"], matrix, strict=True)
        }
        medians = {column: float(np.nanmedian(matrix[:, k])) for k, column in enumerate(columns)}
        _PROFILES[key] = (values, medians)
    return _PROFILES[key]


def predecessor_seats(election: Election, seat: str) -> list[dict[str, Any]]:
    """The seats on the previous boundaries that a seat was drawn from (the bundled
    ``boundary_overlap`` table, mySociety's population overlap), largest share first: each
    with its ONS code and the share of this seat's population it supplied. Empty for a seat
    on the old boundaries or a country without the table.

    Raises:
        UnknownConstituencyError: the seat is not in the election.
    """
    from psephos.jurisdictions import of as jurisdiction_of

    constituency = election.constituencies[election.seat_index(seat)]
    jurisdiction = jurisdiction_of(election)
    if not jurisdiction.has_table("boundary_overlap"):
        return []
    return [dict(row) for row in _predecessors(jurisdiction).get(constituency.code, ())]


#: Per country: new seat code -> its predecessors, largest share of its population first.
_PREDECESSORS: dict[str, dict[str, tuple[dict[str, Any], ...]]] = {}


def _predecessors(jurisdiction: Any) -> dict[str, tuple[dict[str, Any], ...]]:
    if jurisdiction.code not in _PREDECESSORS:
        overlap = jurisdiction.table("boundary_overlap").sort_values(
            ["new_code", "share_of_new_population"], ascending=[True, False]
        )
        shares = overlap["share_of_new_population"].to_numpy(dtype=np.float64)
        grouped: dict[str, list[dict[str, Any]]] = {}
        for new, old, share in zip(overlap["new_code"], overlap["old_code"], shares, strict=True):
            grouped.setdefault(str(new), []).append(
                {"code": str(old), "share_of_population": round(float(share), 4)}
            )
        _PREDECESSORS[jurisdiction.code] = {code: tuple(rows) for code, rows in grouped.items()}
    return _PREDECESSORS[jurisdiction.code]
