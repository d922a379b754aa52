"""Results night: the declared seats as an election, gains and holds, and the projection's
uncertainty.

Declarations are candidate-level (any number of candidates, two independents are two
candidates), so a seat's winner, runner-up and majority come from the candidates
(:meth:`psephos.model.Election.from_votes` with ``candidates``), while the vote totals add
candidates up by party code. Changes compare the same seats at a base election on the same
boundaries.

The projection's interval treats the undeclared seats' win probabilities (from the nowcast,
:class:`psephos.forecast.Nowcast`) as independent Bernoulli trials: mean ``sum p``, variance
``sum p (1 - p)``, a normal 90% interval clipped to what is still possible. Seats share a
national error, so this interval is narrower than the truth; it is shown as "about" and the
projection is withheld ("too early to say") until :data:`TOO_EARLY_SEATS` seats of the
modelled block have declared (:func:`n_modelled`: a seat of a nation modelled apart, the UK's
Northern Ireland, moves only that nation's seats and tells the main area's model nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.model import Candidate, Election, night_of, nominal_majority, party_label
from psephos.numbers import listed, rounded, seat_range, whole_seats
from psephos.results import majority_phrase, outcome_words, seat_labels, turnout_ballots

FloatArray = npt.NDArray[np.float64]

#: Below this many declared seats of the modelled block (:func:`n_modelled`) the projection is
#: "too early to say" (the nowcast's replays of 2015-2019 move by tens of seats over the first
#: few dozen declarations).
TOO_EARLY_SEATS = 20
#: z of the two-sided 90% normal interval.
Z90 = 1.6449


@dataclass(frozen=True, slots=True)
class SeatDeclaration:
    """One seat's current declared result.

    Attributes:
        code: ONS code.
        candidates: Every candidate (name, party code, ballot label, votes).
        electorate: Registered electors as declared (None: not given).
        revision: 1, or more after corrections.
        declared_at: ISO time of the first declaration.
    """

    code: str
    candidates: tuple[Candidate, ...]
    electorate: int | None = None
    revision: int = 1
    declared_at: str = ""


def declaration_from_rows(
    code: str,
    candidates: Sequence[Mapping[str, Any]] | None,
    votes: Mapping[str, int],
    *,
    electorate: int | None = None,
    revision: int = 1,
    declared_at: str = "",
) -> SeatDeclaration:
    """A :class:`SeatDeclaration` from stored rows (``candidates`` of name/party/code/votes; a
    declaration without them has one unnamed candidate per party)."""
    if candidates:
        people = tuple(
            Candidate(
                name=str(row.get("name", "")),
                party=str(row.get("code") or "Other"),
                party_name=str(row.get("party", "")),
                votes=int(row["votes"]),
            )
            for row in candidates
        )
    else:
        people = tuple(Candidate("", party, party, int(count)) for party, count in votes.items())
    return SeatDeclaration(code, people, electorate, revision, declared_at)


def declared_election(
    base: Election, declarations: Sequence[SeatDeclaration], election_id: str, name: str
) -> tuple[Election, npt.NDArray[np.int64]]:
    """The declared seats as an :class:`Election` (in the base's seat order, the base's
    parties; a party outside them counts as ``Other``) and their positions in ``base``.

    The night is the election after ``base``: its parties are labelled as that election names
    them (:func:`psephos.model.night_of`, as a projection from the base is: "UKIP" on a night
    after 2015, the "Brexit Party" after 2017, "Reform UK" after 2019 or 2024), not by the
    night's own id, which psephos does not know.

    Raises:
        UnknownConstituencyError: a seat not in the base.
    """
    positions = np.array([base.seat_index(d.code) for d in declarations], dtype=np.int64)
    order = np.argsort(positions, kind="stable")
    parties = base.parties
    other = parties.index("Other") if "Other" in parties else len(parties) - 1
    votes = np.zeros((len(declarations), len(parties)))
    seats_candidates = []
    for row, index in enumerate(order):
        people = []
        for person in declarations[int(index)].candidates:
            party = person.party if person.party in parties else parties[other]
            votes[row, parties.index(party)] += person.votes
            people.append(Candidate(person.name, party, person.party_name, person.votes))
        seats_candidates.append(tuple(people))
    constituencies = [base.constituencies[int(positions[i])] for i in order]
    so_far = Election.from_votes(
        election_id,
        constituencies,
        parties,
        votes,
        name=name,
        candidates=seats_candidates,
        meta={"labels_of": night} if (night := night_of(base.labels_id)) is not None else None,
    )
    return so_far, positions[order]


def outcomes(
    base: Election,
    so_far: Election,
    positions: npt.NDArray[np.int64],
    electorates: Mapping[str, int | None] | None = None,
) -> list[dict[str, Any]]:
    """One row per declared seat (in ``so_far`` order): its code and name, winner, runner-up,
    majority, turnout (``turnout_pct``: the ballots the one turnout rule counts,
    :func:`psephos.results.turnout_ballots`, against the electorate as declared, ``electorates``
    by seat code, else the base's; ``None`` without one), region, and ``hold``
    or ``gain`` from the base winner; and the words every page writes them in
    (:func:`declared_words`), the winner and runner-up labelled as the seat page labels them
    (:func:`psephos.results.seat_labels`: a candidate of ``Other`` by the party declared,
    "Workers Party of Britain (Other)")."""
    rows = []
    ballots = turnout_ballots(so_far)[0]
    for row, position in enumerate(positions):
        seat = so_far.constituencies[row]
        winner = so_far.parties[int(so_far.winner[row])]
        runner_up = so_far.parties[int(so_far.runner_up[row])]
        before = base.parties[int(base.winner[int(position)])]
        valid = float(so_far.valid_votes[row])
        electorate = (electorates or {}).get(seat.code) or seat.electorate
        # "Workers Party of Britain (Other)", as the seat page names a group's candidate
        winner_label, runner_up_label = seat_labels(so_far, row)
        numbers = {
            "code": seat.code,
            "name": seat.name,
            "region": seat.region,
            "nation": seat.nation,
            "winner": winner,
            "winner_label": winner_label,
            "runner_up": runner_up,
            "runner_up_label": runner_up_label,
            "previous_winner": before,
            "gain": winner != before,
            "outcome": "hold" if winner == before else f"gain from {base.label(before)}",
            "majority": round(float(so_far.majority[row])),
            "majority_pct": rounded(float(so_far.majority[row]) / valid * 100, 2) if valid else 0.0,
            "valid_votes": round(valid),
            "turnout_pct": (
                rounded(float(ballots[row]) / electorate * 100, 2) if electorate else None
            ),
        }
        rows.append({**numbers, **declared_words(numbers)})
    return rows


#: The columns of :func:`declared_table`.
DECLARED_COLUMNS = (
    "code",
    "name",
    "region",
    "winner",
    "winner_label",
    "result",
    "majority",
    "majority_pct",
    "turnout_pct",
)


def declared_table(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The declared seats' rows (:func:`outcomes`) as the night's table of results, one row
    per seat in the order given (the order the seats first declared, oldest first, as ``psephos
    nowcast show --declared`` prints it and ``/api/results-night?format=csv`` gives it):
    ``code``, ``name`` (a row per seat leads with them, as every command's does), ``region``,
    ``winner`` (its code, as every file and JSON names a party) and ``winner_label`` (how the
    night names it, "Reform UK"), ``result`` (``"Lab gain from Con"``), ``majority``,
    ``majority_pct`` and ``turnout_pct``."""
    keys: tuple[str, ...] = ("code", "name", "region", "winner", "winner_label", "result_text")
    keys += ("majority", "majority_pct", "turnout_pct")
    return [dict(zip(DECLARED_COLUMNS, (row[key] for key in keys), strict=True)) for row in rows]


def declared_words(row: Mapping[str, Any]) -> dict[str, str]:
    """A declared seat's row (:func:`outcomes`) in words, as the results-night page's table
    (its Result and Majority cells, also when a declaration arrives live), the seat's
    declaration page and their JSON write it: ``result_text`` (``"Lab gain from Con"``),
    ``majority_text`` (``"15,560 (26.64%)"``: :func:`psephos.results.majority_phrase`) and
    ``outcome_sentence``, the seat page's sentence (:func:`psephos.results.outcome_words`:
    ``"Lab gain from Con: majority 15,560 (26.64%) over LD"``). A tie for first place, whose
    winner the declaration names (who won the lot), is ``"tie, won by lot"`` and ``"Con gain
    from Lab: won by lot after a tie with Lab"``."""
    result = f"{row['winner_label']} {row['outcome']}"
    if row["valid_votes"] and not row["majority"]:  # a tie for first place, decided by lot
        return {
            "result_text": result,
            "majority_text": "tie, won by lot",
            "outcome_sentence": f"{result}: won by lot after a tie with {row['runner_up_label']}",
        }
    return {
        "result_text": result,
        "majority_text": majority_phrase(row["majority"], row["majority_pct"]),
        "outcome_sentence": outcome_words(
            result,
            valid_votes=row["valid_votes"],
            majority=row["majority"],
            majority_pct=row["majority_pct"],
            runner_up=row["runner_up_label"],
        ),
    }


def projection_interval(
    declared_seats: Mapping[str, int],
    win_probability: FloatArray,
    parties: Sequence[str],
    undeclared: npt.NDArray[np.bool_],
) -> list[dict[str, Any]]:
    """Per party: declared seats, projected seats and a 90% interval (independent seats; see
    the module docstring), most projected first. Projected seats are the expected seats
    (declared plus the undeclared seats' win probabilities) rounded by largest remainders
    (:func:`psephos.numbers.whole_seats`, as :meth:`psephos.forecast.NowcastProjection.rows`
    rounds them), so they add up to the House (``projected``, as every projection's JSON
    names whole seats, beside ``expected_seats``, one decimal); parties projected no seat are
    left out."""
    remaining = win_probability[undeclared]
    mean = remaining.sum(axis=0)
    sd = np.sqrt((remaining * (1.0 - remaining)).sum(axis=0))
    n_left = int(undeclared.sum())
    declared = [int(declared_seats.get(party, 0)) for party in parties]
    expected = [seats + float(m) for seats, m in zip(declared, mean, strict=True)]
    whole = whole_seats(expected, win_probability.shape[0])
    rows = []
    for column, party in enumerate(parties):
        if whole[column] == 0:
            continue
        low = declared[column] + max(0.0, float(mean[column] - Z90 * sd[column]))
        high = declared[column] + min(float(n_left), float(mean[column] + Z90 * sd[column]))
        rows.append(
            {
                "code": party,
                "declared": declared[column],
                "projected": whole[column],
                "expected_seats": rounded(expected[column], 1),
                "low": int(np.floor(low)),
                "high": int(np.ceil(high)),
            }
        )
    return sorted(rows, key=lambda row: (-row["projected"], -row["expected_seats"]))


def n_modelled(base: Election, declared: Iterable[str]) -> int:
    """How many of the ``declared`` seats (ONS codes) are in the block the nowcast models as
    one (:attr:`psephos.model.Election.gb_mask`; every seat where the country models no nation
    apart): the seats :data:`TOO_EARLY_SEATS` counts. A declaration in a nation modelled apart
    moves only that nation's seats, so 18 of them and 2 in the main area are 2, not 20.

    Raises:
        UnknownConstituencyError: a seat not in ``base``.
    """
    inside = base.gb_mask
    return sum(bool(inside[base.seat_index(code)]) for code in declared)


def too_early(base: Election, declared: Iterable[str]) -> bool:
    """Whether a projection from the ``declared`` seats (ONS codes) is withheld: fewer than
    :data:`TOO_EARLY_SEATS` of them are in the modelled block (:func:`n_modelled`)."""
    return n_modelled(base, declared) < TOO_EARLY_SEATS


def _too_early_message(base: Election, declared: Sequence[str]) -> str:
    """The "too early to say" line, saying how many seats count and, where some declared seats
    are in a nation modelled apart, that they do not: "1 of the 20 seats needed for a projection
    has declared.", "2 of the 20 seats ... have declared." """
    from psephos.jurisdictions import national_area_words
    from psephos.jurisdictions import of as jurisdiction_of

    counted = n_modelled(base, declared)
    apart = len(declared) - counted
    have = "has" if counted == 1 else "have"
    if not apart:
        return (
            f"Too early to say: {counted} of the {TOO_EARLY_SEATS} seats needed for a "
            f"projection {have} declared."
        )
    country = jurisdiction_of(base)
    return (
        f"Too early to say: {counted} of the {TOO_EARLY_SEATS} seats in "
        f"{national_area_words(base)} needed for a projection {have} declared ({apart} declared "
        f"in {listed(country.nations_apart)}, modelled apart, "
        f"{'does' if apart == 1 else 'do'} not count)."
    )


def call(
    rows: Sequence[Mapping[str, Any]],
    base: Election,
    declared: Sequence[str],
    *,
    night_id: str | None = None,
) -> dict[str, Any]:
    """What can be said of a night on ``base``'s seats, ``declared`` (ONS codes) having
    declared, in the words the results-night page and ``psephos nowcast`` both print:
    ``too-early`` (:func:`too_early`), ``majority`` (a party's interval is above the line,
    :func:`psephos.model.nominal_majority`; the party named by its label, as the night's
    tables name it: "Reform UK majority projected", not the code ``Reform``), ``hung`` (every
    party's interval is below it; the House named as its country names it: Canada's "Minority
    Parliament projected.") or ``too-close``. With every seat declared, a majority or a hung
    House is the result, not a projection: "Lab majority: 411 seats, 326 needed."

    A night is no bundled election, so its labels are the vocabulary's
    (:func:`psephos.model.party_label` of the night's id, ``night_id``, the id of the
    declared seats' election, :func:`declared_election`), not the base's: a night compared
    with the 2019 result on the 2024 boundaries names Reform "Reform UK", not "Brexit
    Party"."""
    from psephos.jurisdictions import of as jurisdiction_of

    majority_line = nominal_majority(base.n_seats)
    if too_early(base, declared):
        return {
            "status": "too-early",
            "party": None,
            "message": _too_early_message(base, declared),
        }
    final = len(set(declared)) >= base.n_seats
    for row in rows:
        if row["low"] >= majority_line:
            label = party_label(row["code"], night_id)
            return {
                "status": "majority",
                "party": row["code"],
                "message": f"{label} majority: {row['low']} seats, {majority_line} needed."
                if final
                else f"{label} majority projected "
                f"({seat_range(row['low'], row['high'])} seats; {majority_line} needed).",
            }
    if all(row["high"] < majority_line for row in rows):
        no_majority = jurisdiction_of(base).no_majority_title
        message = (
            f"{no_majority}: no party has the {majority_line} seats needed."
            if final
            else f"{no_majority} projected."
        )
        return {"status": "hung", "party": None, "message": message}
    return {
        "status": "too-close",
        "party": None,
        "message": f"Too close to call: the leading party's range straddles {majority_line}.",
    }
