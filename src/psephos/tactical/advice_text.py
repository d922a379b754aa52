"""The words of the advice: the headline and the reasoning, from numbers already decided.

Nothing here computes a chance or chooses a vote: :mod:`psephos.tactical.advice_maths` and
:mod:`psephos.tactical.advice_decision` do. Each function writes one part of the explanation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from psephos.jurisdictions import MoneyBackRule
from psephos.model import CANDIDATE_GROUPS, Election, nominal_majority
from psephos.numbers import format_number, listed, one_in
from psephos.tactical.advice_decision import Decision
from psephos.tactical.advice_maths import OptionAssessment
from psephos.tactical.decisive import MajorityRule

FloatArray = npt.NDArray[np.float64]

#: How a sentence names a party code (:meth:`psephos.model.Election.party_name`: "Plaid Cymru"
#: for PC); tables keep the short label.
PartyName = Callable[[str], str]

#: A party winning in at least this share of simulations is a contender: a seat with two or
#: more is competitive.
CONTENDER = 0.05
#: A favourite winning at least this often (but not safe) leaves the seat not competitive.
CLEAR_FAVOURITE = 0.8
#: How much likelier one vote must be to decide the seat than another to be said so ("about
#: 2.5 times as likely"); closer, the two are "about as likely".
TIMES_AS_LIKELY = 1.1


def pct(value: float) -> str:
    """A share or chance as a percentage with one decimal (``"12.3%"``), as every table shows
    it (:func:`psephos.numbers.format_number`: a small one is never ``"0.0%"``)."""
    return format_number(value, ".1%")


def chance(probability: float, draws: int | None = None) -> str:
    """A chance in a sentence: a percentage like :func:`pct` (``"41.5%"``), but a small one in
    the number rule's words (:func:`psephos.numbers.one_in`: ``"about 1 in 400"``, and
    ``"effectively zero"`` for a party that wins no simulation, never ``"0.0%"``); counted in
    ``draws`` simulations, one too near 0 or 1 to be more than their noise as a bound
    (``"less than 1 in 500"``, ``"more than 99.8%"`` in 2,000)."""
    return one_in(probability, ".1%", draws=draws)


def seat_party_names(election: Election, position: int) -> tuple[str, ...]:
    """Each party column's name in a sentence about the seat at ``position``: the party's name
    (:meth:`psephos.model.Election.party_name`), except a group of many candidates
    (:data:`psephos.model.CANDIDATE_GROUPS`: ``Ind``, ``Other``) whose strongest candidate in
    the election is named, as the share the advice rests on is theirs
    (:meth:`psephos.model.Election.contest_shares`): "Independent (Muhammed Islam in 2024)",
    and an Other by the party the results name (:func:`psephos.results.group_party_name`):
    "Workers Party of Britain (George Galloway in 2024)". A group whose candidates have no
    names (a notional result), or are of an earlier election than the one advised on (the
    previous result pre-election advice starts from, whose candidates may not stand again),
    keeps its name."""
    from psephos.results import group_party_name

    names = [election.party_name(party) for party in election.parties]
    year = str(election.meta.get("date", ""))[:4]
    advised = re.findall(r"\d{4}", election.id)
    if election.candidates is None or (year.isdigit() and advised and year not in advised):
        # no candidates, or those of the result a pre-election projection starts from (the
        # 2017 result's seats advising on 2019): they may not stand again
        return tuple(names)
    for column, party in enumerate(election.parties):
        standing = [c for c in election.candidates[position] if c.party == party]
        if party not in CANDIDATE_GROUPS or not standing:
            continue
        strongest = max(standing, key=lambda candidate: candidate.votes)
        if not strongest.name.strip():
            continue
        group = group_party_name(election, party, strongest.party_name) or names[column]
        when = f" in {year}" if year.isdigit() else ""
        names[column] = f"{group} ({' '.join(strongest.name.split())}{when})"
    return tuple(names)


@dataclass(frozen=True, slots=True)
class SeatPicture:
    """What the text says about the seat.

    Attributes:
        name: Seat name.
        source: How the simulations were made (``"the 2024 result with ... errors"``).
        names: Each party column's name in a sentence
            (:meth:`psephos.model.Election.party_name`: "Plaid Cymru", not the label "PC").
        means: Mean simulated share of each party.
        wins: Chance each party wins.
        n_votes: Votes expected to be cast in the seat.
    """

    name: str
    source: str
    names: tuple[str, ...]
    means: FloatArray
    wins: FloatArray
    n_votes: float

    @property
    def order(self) -> npt.NDArray[np.int64]:
        """Party columns by mean share, largest first."""
        return np.argsort(-self.means)

    def lead(self) -> tuple[int, int, float]:
        """Leader, second (the leader again when only one stands) and the lead in share."""
        order = self.order
        standing = int((self.means > 0).sum())
        first = int(order[0])
        second = int(order[1]) if standing > 1 else first
        return first, second, float(self.means[first] - self.means[second])


def seat_lines(
    picture: SeatPicture, safe: bool, favourite: int, *, draws: int | None = None
) -> list[str]:
    """Expected shares, then whether the seat is safe, competitive (two parties or more win in
    at least :data:`CONTENDER` of simulations, the favourite in less than
    :data:`CLEAR_FAVOURITE`) or the favourite's without being safe; chances of winning counted
    in ``draws`` simulations as every other sentence and the table say them (:func:`chance`:
    "more than 99.8%" in 2,000, never "100.0%")."""
    names, means, wins = picture.names, picture.means, picture.wins
    shares_text = ", ".join(
        f"{names[j]} {pct(float(means[j]))}" for j in picture.order[:4] if means[j] > 0
    )
    lines = [f"Expected shares in {picture.name} ({picture.source}): {shares_text}."]
    first, second, lead = picture.lead()
    lead_votes = lead * picture.n_votes
    lead_text = (
        f"{names[first]} leads {names[second]} by {format_number(100 * lead, '.1f')} points "
        f"(about {format_number(lead_votes, ',.0f')} votes)"
    )
    fav = names[favourite]
    if safe:
        lines.append(
            f"This is a safe {fav} seat: {fav} wins in {chance(float(wins[favourite]), draws)} of "
            f"simulations, about {format_number(lead_votes, ',.0f')} votes "
            f"({format_number(100 * lead, '.1f')} points) ahead of "
            f"{names[second]}."
        )
        return lines
    contenders = [j for j in picture.order if wins[j] >= CONTENDER]
    contenders_text = listed(f"{names[j]} ({chance(float(wins[j]), draws)})" for j in contenders)
    if len(contenders) < 2 or wins[favourite] >= CLEAR_FAVOURITE:
        lines.append(
            f"{fav} is the favourite but the seat is not safe: chances of winning "
            f"{contenders_text}; {lead_text}."
        )
        return lines
    lines.append(f"The seat is competitive: chances of winning {contenders_text}; {lead_text}.")
    return lines


def _whose(first_choice: bool) -> str:
    """How the text calls the voter's best-ranked party that stands: their first choice, or,
    where their first choice does not stand, their highest-ranked party standing here."""
    return "your first choice" if first_choice else "your highest-ranked party standing here"


def _times_as_likely(chosen: OptionAssessment, sincere: OptionAssessment, sincere_name: str) -> str:
    """How the chosen vote's chance of deciding the seat compares with the sincere vote's, in
    words: "about 2.5 times as likely to decide the seat as a vote for Labour"."""
    if sincere.p_decides_seat <= 0:
        return f"a vote for {sincere_name} decides the seat in none of the simulations"
    ratio = chosen.p_decides_seat / sincere.p_decides_seat
    if ratio >= TIMES_AS_LIKELY:
        times = format_number(ratio, ".1f" if ratio < 10 else ",.0f")
        return (
            f"it is about {times} times as likely to decide the seat as a vote for {sincere_name}"
        )
    if ratio > 1 / TIMES_AS_LIKELY:
        return (
            f"it is about as likely to decide the seat as a vote for {sincere_name}, and the "
            "result it changes matters more to you"
        )
    return (
        f"it is less likely to decide the seat than a vote for {sincere_name}, but the result "
        "it changes matters more to you"
    )


def choice_lines(
    decision: Decision,
    rival_name: str,
    name: PartyName,
    *,
    first_choice: bool = True,
    draws: int | None = None,
) -> list[str]:
    """Why this vote: one paragraph per kind of decision, naming each party by ``name``, and
    the voter's best-ranked party that stands as their first choice where ``first_choice``
    (else as their highest-ranked party standing here); chances of winning counted in
    ``draws`` simulations (:func:`chance`)."""
    sincere, chosen, best = decision.sincere, decision.chosen, decision.best
    sincere_name, chosen_name = name(sincere.party), name(chosen.party)
    whose = _whose(first_choice)
    if decision.kind == "sincere" and decision.safe:
        return [
            f"{whose.capitalize()}, {sincere_name}, is the favourite; no vote is likely to "
            f"change the result here (a vote for it decides the seat: "
            f"{one_in(sincere.p_decides_seat)})."
        ]
    if decision.kind == "sincere":
        return [
            f"{whose.capitalize()}, {sincere_name}, is also the vote most likely to change the "
            "result in a way you prefer (chance of winning "
            f"{chance(sincere.win_probability, draws)}; "
            f"a vote for it decides the seat: {one_in(sincere.p_decides_seat)})."
        ]
    if decision.kind == "tactical":
        return [
            f"{whose.capitalize()}, {sincere_name}, wins here with chance "
            f"{chance(sincere.win_probability, draws)}; a vote for it decides the seat: "
            f"{one_in(sincere.p_decides_seat)}.",
            f"A vote for {chosen_name} counts when {chosen_name} and {rival_name} are level "
            f"({one_in(chosen.p_decides_seat)}): {_times_as_likely(chosen, sincere, sincere_name)}"
            "; of the parties you would vote for, it does most for your preferences here.",
        ]
    chances = f"a vote for {sincere_name} decides the seat with chance " + one_in(
        sincere.p_decides_seat
    )
    if best is not sincere:
        chances = (
            f"a vote for {name(best.party)}, the best tactical option, decides the seat with "
            f"chance {one_in(best.p_decides_seat)}; {chances}"
        )
    opening = (
        "No vote here is likely to change the result in a way your preferences care about"
        if decision.kind == "sincere-no-stake"
        else "No vote here is likely to change who wins"
    )
    return [f"{opening} ({chances}), so a sincere vote for {sincere_name} is a rational choice."]


def share_lines(
    chosen: OptionAssessment,
    assessments: Sequence[OptionAssessment],
    threshold: MoneyBackRule,
    name: PartyName,
    *,
    draws: int | None = None,
) -> list[str]:
    """The vote's other value: the party's share and the money-back line, naming each party by
    ``name``; chances counted in ``draws`` simulations (:func:`chance`)."""
    chosen_name = name(chosen.party)
    lines = [
        f"A vote for {chosen_name} also adds to its share (expected {pct(chosen.mean_share)}); "
        f"candidates {threshold.what} with {format_number(threshold.share, '.0%')} of the vote, "
        f"which {chosen_name} reaches with chance {chance(chosen.p_money_back, draws)}."
    ]
    if len(assessments) > 1:
        lines.append(
            "What each choice changes (the chance that your vote decides the seat, and the "
            "chance the party wins): "
            + "; ".join(
                f"{name(a.party)} {one_in(a.p_decides_seat)} and {chance(a.win_probability, draws)}"
                for a in assessments
            )
            + "."
        )
    if abs(chosen.mean_share - threshold.share) < 0.03:
        lines.append(
            f"{chosen_name} is near {threshold.line} here, so whether it gets there is "
            f"genuinely open: every vote counts towards it."
        )
    return lines


def government_line(
    rule: MajorityRule, n_seats: int, p_pivotal: float, chosen: OptionAssessment
) -> str:
    """The chance the vote decides who governs (chances in words: a small one is "about 1 in
    2,000", not "0.0%")."""
    rule_text = (
        "a working majority"
        if rule.kind == "working"
        else f"an overall majority ({nominal_majority(n_seats)})"
    )
    return (
        f"If the seat is tied, the chance it decides whether a party has {rule_text} is "
        f"{one_in(p_pivotal)}; the chance your vote decides who governs is "
        f"{one_in(chosen.p_decides_government)}."
    )


def unmoved_lines(reason: str | None) -> list[str]:
    """A line saying why the poll did not move this seat's shares (``reason`` as
    :func:`psephos.tactical.advice._unmoved_by_poll` gives it; none without one), so a voter
    in Northern Ireland or the Speaker's seat is not left thinking the poll was applied."""
    if reason == "northern-ireland":
        return [
            "A Great Britain poll has no shares for Northern Ireland's parties, so it does not "
            "move this seat: the shares expected here are the result's."
        ]
    if reason == "speaker":
        return [
            "The poll does not move the Speaker's seat: by convention the main parties do not "
            "stand against the Speaker, so the shares expected here are the result's."
        ]
    return []


def headline(
    decision: Decision, name: PartyName, favourite: str, *, first_choice: bool = True
) -> str:
    """The one-line answer, naming the party to vote for and the ``favourite`` party code by
    ``name`` (:meth:`psephos.model.Election.party_name`: "Vote Plaid Cymru"), and the voter's
    best-ranked party that stands as their first choice where ``first_choice`` (else as their
    highest-ranked party standing here)."""
    chosen = name(decision.chosen.party)
    whose = _whose(first_choice)
    if decision.kind == "sincere" and decision.safe:
        return f"Vote {chosen}: {whose} is the favourite in this safe seat."
    if decision.kind == "sincere":
        return f"Vote {chosen}: {whose} is also your best vote here."
    if decision.kind == "tactical":
        return (
            f"Vote {chosen} tactically: it is the vote most likely to change the result in your "
            "favour here."
        )
    if decision.kind == "sincere-safe-seat":
        return (
            f"Vote {chosen} (sincerely): this is a safe {name(favourite)} seat, so no vote is "
            "likely to change who wins."
        )
    return (
        f"Vote {chosen} (sincerely): no vote here has a real chance of changing the result in a "
        "way your preferences care about."
    )


def not_standing_line(
    absent: Sequence[str], first_choice: bool, standing: Sequence[str], where: str
) -> str:
    """The first thing said where the voter's best-ranked parties do not stand: which
    (``absent``, by name, best first; ``first_choice`` where their first choice is among
    them), and that the advice is among their ranked parties that do (``standing``)."""
    verb = "is" if len(absent) == 1 else "are"
    if first_choice:
        whose = "Your first choice" if len(absent) == 1 else "Your first choices"
        opening = f"{whose}, {listed(absent)}, {verb}"
    else:
        opening = f"{listed(absent)}, ranked above {standing[0]}, {verb}"
    return (
        f"{opening} not standing in {where}: this advice is among the parties you ranked that "
        f"stand ({listed(standing)})."
    )


def none_standing_headline(where: str) -> str:
    """The one-line answer where none of the voter's ranked parties stands: no vote named."""
    return (
        f"No recommendation: none of the parties you ranked stands in {where}, and psephos "
        "cannot choose among the candidates who do for you."
    )


def none_standing_lines(
    ranked: Sequence[str],
    where: str,
    chances: Sequence[tuple[str, float]],
    contest: tuple[str, str, float],
    against: Sequence[str],
    *,
    draws: int | None = None,
) -> list[str]:
    """Why no vote is named, each standing candidate's chance (``chances``: name and chance
    of winning, likeliest first), the closest ``contest`` (two names and their chance of
    being level within a vote) and what the voter can do: rank one of the standing parties
    after their own (for advice against the parties ``against``, where named)."""
    verb = "is" if len(ranked) == 1 else "are"
    names = [name for name, _ in chances]
    what = f"for advice on voting against {listed(against)}" if against else "for advice"
    first, second, tie = contest
    lines = [
        f"{listed(ranked)} {verb} not standing in {where}; the candidates standing are "
        f"{listed(names)}.",
        "Chances of winning: "
        + ", ".join(f"{name} {chance(p, draws)}" for name, p in chances)
        + ".",
    ]
    if first != second:
        lines.append(
            f"The closest contest is {first} against {second} (level within one vote: "
            f"{one_in(tie)})."
        )
    lines.append(
        "psephos cannot choose among them for you: which of them you would rather see win is "
        f"yours to say. Add one or more of them to your preferences, after {ranked[-1]}, {what}."
    )
    return lines
