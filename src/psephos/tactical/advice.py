"""Advice for one voter in one seat: which vote best serves their preferences, and why.

The voter gives a full or partial preference order (``prefer``), optionally parties they want
to see beaten (``against``) and parties they will never vote for (``never``). Utilities are
rank-based: the first choice 1, the last ranked choice ``1/k``, unranked parties 0 and
``against`` parties -1 (only differences between parties that can tie matter).

The expected effect of one vote for party ``v`` (compared with not voting) is

    gain(v) = sum over rivals k of  P(v, k tied for first within a vote) x (U(v) - U(k)),

because a vote for ``v`` changes the result only when ``v`` is level with, or one vote behind,
a rival (:mod:`psephos.tactical.decisive`). The vote with the largest gain is the tactical
choice. The chance it decides the seat is the sum of its tie probabilities with every rival the
voter does not rank equally, and the chance it decides who governs multiplies each tie by the
chance that the seat is then pivotal for a majority (Gelman, Silver & Edlin 2012, *Economic
Inquiry* 50(2)). When the seat is safe (the favourite wins in at least 95% of simulations) no
vote is likely to change the result, so the advice is a sincere vote, with its other value: the
party's share, and the share a candidate needs for money back: in the UK 5% of valid votes keeps
the £500 deposit (Representation of the People Act 1983, Sch. 1 r. 53); in Canada 10% brings
back 60% of the candidate's paid election expenses (Canada Elections Act, s. 477.73).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from psephos.errors import UnknownConstituencyError
from psephos.io.bundled import load, table
from psephos.jurisdictions import MoneyBackRule
from psephos.jurisdictions import of as jurisdiction_of
from psephos.model import Election, get_party
from psephos.tactical.decisive import MajorityRule, one_in, pivotal_probability
from psephos.tactical.errors import NoPreferredCandidateError, PreferenceError
from psephos.tactical.uncertainty import SeatUncertainty

#: A favourite winning at least this often makes a seat safe.
SAFE_PROBABILITY = 0.95
#: Below this chance of deciding the seat (1 in a million), no vote is worth casting
#: tactically: the voter's preferences have no real stake in who wins here.
NEGLIGIBLE_DECISIVE = 1e-6


def vote_threshold(election: Election) -> MoneyBackRule:
    """The money-back rule of the election's country (its jurisdiction's deposit or
    reimbursement line)."""
    return jurisdiction_of(election).money_back


def parse_parties(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """Party codes from ``"Green,Lab,LD"`` or a list (aliases accepted, order kept).

    Raises:
        UnknownPartyError: naming the bad party, with suggestions.
    """
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = [get_party(item).code for item in (i.strip() for i in items) if item]
    return tuple(dict.fromkeys(codes))


@dataclass(frozen=True, slots=True)
class Preferences:
    """A voter's preferences.

    Attributes:
        prefer: parties in order of preference (at least one).
        against: parties the voter most wants to see lose.
        never: parties the voter will never vote for.
    """

    prefer: tuple[str, ...]
    against: tuple[str, ...] = ()
    never: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls,
        prefer: str | Sequence[str] | None,
        against: str | Sequence[str] | None = None,
        never: str | Sequence[str] | None = None,
    ) -> Preferences:
        """Validate and normalise party names.

        Raises:
            PreferenceError: an empty preference list, or a party both preferred and against.
            UnknownPartyError: a party name outside the vocabulary.
        """
        ranked = parse_parties(prefer)
        if not ranked:
            raise PreferenceError(
                "The preference list is empty; give at least one party, e.g. --prefer Green,Lab."
            )
        beaten = parse_parties(against)
        excluded = parse_parties(never)
        clash = set(ranked) & set(beaten)
        if clash:
            raise PreferenceError(
                f"{', '.join(sorted(clash))} cannot be both preferred and against."
            )
        usable = [p for p in ranked if p not in excluded]
        if not usable:
            raise PreferenceError("Every preferred party is also on the 'never' list.")
        return cls(tuple(usable), beaten, excluded)

    def utilities(self, parties: Sequence[str]) -> np.ndarray:
        """Utility of each party (column order ``parties``)."""
        k = len(self.prefer)
        values = np.zeros(len(parties))
        for j, party in enumerate(parties):
            if party in self.prefer:
                values[j] = (k - self.prefer.index(party)) / k
            elif party in self.against:
                values[j] = -1.0
        return values


@dataclass(frozen=True, slots=True)
class OptionAssessment:
    """What one possible vote does in the seat."""

    party: str
    label: str
    mean_share: float
    win_probability: float
    p_decides_seat: float
    p_decides_government: float
    expected_gain: float
    p_keeps_deposit: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "party": self.party,
            "label": self.label,
            "mean_share": round(self.mean_share, 4),
            "win_probability": round(self.win_probability, 4),
            "p_decides_seat": self.p_decides_seat,
            "p_decides_government": self.p_decides_government,
            "expected_gain": self.expected_gain,
            "p_keeps_deposit": round(self.p_keeps_deposit, 4),
        }


@dataclass(frozen=True, slots=True)
class Advice:
    """Advice for one voter in one seat (JSON-ready with :meth:`to_dict`)."""

    election: str
    source: str
    code: str
    seat: str
    preferences: Preferences
    recommendation: str
    recommendation_label: str
    kind: str  # "sincere", "tactical", "sincere-safe-seat" or "sincere-no-stake"
    headline: str
    reasoning: tuple[str, ...]
    safe: bool
    favourite: str
    p_favourite: float
    contenders: tuple[dict[str, Any], ...]
    options: tuple[OptionAssessment, ...]
    p_decisive_seat: float
    p_seat_pivotal: float
    p_decisive_government: float
    majority_rule: str
    n_sims: int

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (the web app's payload)."""
        return {
            "election": self.election,
            "source": self.source,
            "code": self.code,
            "seat": self.seat,
            "prefer": list(self.preferences.prefer),
            "against": list(self.preferences.against),
            "never": list(self.preferences.never),
            "recommendation": self.recommendation,
            "recommendation_label": self.recommendation_label,
            "kind": self.kind,
            "headline": self.headline,
            "reasoning": list(self.reasoning),
            "safe": self.safe,
            "favourite": self.favourite,
            "p_favourite": round(self.p_favourite, 4),
            "contenders": list(self.contenders),
            "options": [option.to_dict() for option in self.options],
            "p_decisive_seat": self.p_decisive_seat,
            "p_seat_pivotal": self.p_seat_pivotal,
            "p_decisive_government": self.p_decisive_government,
            "majority_rule": self.majority_rule,
            "n_sims": self.n_sims,
        }


def resolve_seat(election: Election, seat: str) -> tuple[int, str]:
    """Seat position in ``election``, following boundary changes when needed.

    A seat abolished in the 2024 review (e.g. "Hampstead and Kilburn") is mapped to the 2024
    seat holding most of its population (``boundary_overlap`` table), and a 2024 seat given to
    an election on the old boundaries to the old seat supplying most of its population. Returns
    the position and a note ('' when the seat exists as given).

    Raises:
        UnknownConstituencyError: when the name is not a seat on either boundary set.
    """
    try:
        return election.seat_index(seat), ""
    except UnknownConstituencyError as error:
        boundary = election.constituencies[0].boundary_set if election.n_seats else "2024"
        other = load("2019") if boundary == "2024" else load("2024")
        try:
            position = other.seat_index(seat)
        except UnknownConstituencyError:
            raise error from None
        overlap = table("boundary_overlap")
        code = other.codes[position]
        if boundary == "2024":
            rows = overlap[overlap["old_code"] == code]
            best = rows.sort_values("share_of_old_population", ascending=False).iloc[0]
            target, share = str(best["new_code"]), float(best["share_of_old_population"])
            what = "of its population now lives in"
        else:
            rows = overlap[overlap["new_code"] == code]
            best = rows.sort_values("share_of_new_population", ascending=False).iloc[0]
            target, share = str(best["old_code"]), float(best["share_of_new_population"])
            what = "of its population lived before 2024 in"
        if target not in election.codes:
            raise error from None
        new_position = election.seat_index(target)
        note = (
            f"{other.constituencies[position].name} is not a seat on the boundaries of "
            f"{election.id}; {100 * share:.0f}% {what} "
            f"{election.constituencies[new_position].name}, used here."
        )
        return new_position, note


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def advise(
    uncertainty: SeatUncertainty,
    seat: str,
    preferences: Preferences,
    *,
    rule: MajorityRule | None = None,
) -> Advice:
    """Advise one voter in one seat.

    Args:
        uncertainty: simulated shares for every seat (see :class:`SeatUncertainty`).
        seat: seat name or ONS code.
        preferences: the voter's preferences (:meth:`Preferences.parse`).
        rule: how many seats govern (working majority without the Speaker and Sinn Féin by
            default).

    Raises:
        UnknownConstituencyError: the seat is not in the election.
        NoPreferredCandidateError: none of the preferred parties stands there.
    """
    rule = rule or MajorityRule()
    election = uncertainty.election
    threshold = vote_threshold(election)
    position, boundary_note = resolve_seat(uncertainty.election, seat)
    constituency = election.constituencies[position]
    parties = election.parties
    label = election.label
    means = uncertainty.mean_shares[position]
    wins = uncertainty.win_probability[position]
    standing = [j for j in range(len(parties)) if means[j] > 0]
    utility = preferences.utilities(parties)
    options = [parties.index(p) for p in preferences.prefer if p in parties]
    options = [j for j in options if means[j] > 0]
    missing = [p for p in preferences.prefer if p not in parties or means[parties.index(p)] <= 0]
    if not options:
        raise NoPreferredCandidateError(
            f"None of {', '.join(preferences.prefer)} stands in {constituency.name} "
            f"({election.id}); standing: {', '.join(parties[j] for j in standing)}."
        )
    other_totals = uncertainty.other_totals(position)
    shares = uncertainty.draws[:, position, :]
    ties: dict[tuple[int, int], float] = {}
    pivots: dict[tuple[int, int], float] = {}

    def tie(a: int, b: int) -> float:
        key = (min(a, b), max(a, b))
        if key not in ties:
            ties[key] = uncertainty.tie_density(position, a, b)
        return ties[key]

    def pivot(a: int, b: int) -> float:
        key = (min(a, b), max(a, b))
        if key not in pivots:
            weights = uncertainty.tie_weights(position, a, b)
            pivots[key] = pivotal_probability(
                other_totals, a, b, parties, weights=weights, rule=rule
            )
        return pivots[key]

    assessments: list[OptionAssessment] = []
    for v in options:
        gain = decides = government = 0.0
        for k in standing:
            if k == v or utility[k] == utility[v]:
                continue
            t = tie(v, k)
            gain += t * (utility[v] - utility[k])
            decides += t
            if t > 0:
                government += t * pivot(v, k)
        assessments.append(
            OptionAssessment(
                party=parties[v],
                label=label(parties[v]),
                mean_share=float(means[v]),
                win_probability=float(wins[v]),
                p_decides_seat=decides,
                p_decides_government=government,
                expected_gain=gain,
                p_keeps_deposit=float((shares[:, v] >= threshold.share).mean()),
            )
        )
    order = np.argsort(-means)
    favourite = int(np.argmax(wins))
    p_favourite = float(wins[favourite])
    safe = p_favourite >= SAFE_PROBABILITY
    sincere = assessments[0]
    best = max(assessments, key=lambda a: a.expected_gain)
    if best.expected_gain <= sincere.expected_gain:
        best = sincere
    no_stake = best.p_decides_seat < NEGLIGIBLE_DECISIVE
    if safe and sincere.party != parties[favourite]:
        chosen, kind = sincere, "sincere-safe-seat"
    elif safe:
        chosen, kind = sincere, "sincere"
    elif no_stake:
        chosen, kind = sincere, "sincere-no-stake"
    elif best is sincere:
        chosen, kind = sincere, "sincere"
    else:
        chosen, kind = best, "tactical"
    chosen_index = parties.index(chosen.party)
    rivals = [k for k in standing if k != chosen_index and utility[k] != utility[chosen_index]]
    main_rival = max(rivals, key=lambda k: tie(chosen_index, k), default=None)
    p_pivotal = pivot(chosen_index, main_rival) if main_rival is not None else 0.0

    first, second = int(order[0]), int(order[1]) if len(standing) > 1 else int(order[0])
    lead = float(means[first] - means[second])
    lead_votes = lead * float(uncertainty.n_votes[position])
    fav = label(parties[favourite])
    reasoning: list[str] = [boundary_note] if boundary_note else []
    shares_text = ", ".join(
        f"{label(parties[j])} {_pct(float(means[j]))}" for j in order[:4] if means[j] > 0
    )
    reasoning.append(
        f"Expected shares in {constituency.name} ({uncertainty.source}): {shares_text}."
    )
    if safe:
        reasoning.append(
            f"This is a safe {fav} seat: {fav} wins in {_pct(p_favourite)} of simulations, "
            f"about {lead_votes:,.0f} votes ({100 * lead:.1f} points) ahead of "
            f"{label(parties[second])}."
        )
    else:
        contenders = [j for j in order if wins[j] >= 0.05]
        names = " and ".join(f"{label(parties[j])} ({_pct(float(wins[j]))})" for j in contenders)
        reasoning.append(
            f"The seat is competitive: chances of winning {names}; "
            f"{label(parties[first])} leads {label(parties[second])} by {100 * lead:.1f} points "
            f"(about {lead_votes:,.0f} votes)."
        )
    for p in missing:
        reasoning.append(f"{label(p)} is not standing here.")
    if kind == "sincere" and safe:
        reasoning.append(
            f"Your first choice, {sincere.label}, is the favourite; no vote is likely to change "
            f"the result here (a vote for it decides the seat: {one_in(sincere.p_decides_seat)})."
        )
    elif kind == "sincere":
        reasoning.append(
            f"Your first choice, {sincere.label}, is also the vote most likely to change the "
            f"result in a way you prefer (chance of winning {_pct(sincere.win_probability)})."
        )
    elif kind == "tactical":
        rival_label = label(parties[main_rival]) if main_rival is not None else "its rival"
        reasoning.append(
            f"Your first choice, {sincere.label}, wins in only {_pct(sincere.win_probability)} "
            f"of simulations, so a vote for it almost never changes the result "
            f"(decides the seat: {one_in(sincere.p_decides_seat)})."
        )
        reasoning.append(
            f"A vote for {chosen.label} counts when {chosen.label} and {rival_label} are level "
            f"({one_in(chosen.p_decides_seat)}); of the parties you would vote for, it does "
            f"most for your preferences here."
        )
    else:
        chances = f"a vote for {sincere.label} decides the seat with chance " + one_in(
            sincere.p_decides_seat
        )
        if best is not sincere:
            chances = (
                f"a vote for {best.label}, the best tactical option, decides the seat with "
                f"chance {one_in(best.p_decides_seat)}; {chances}"
            )
        opening = (
            "No vote here is likely to change the result in a way your preferences care about"
            if kind == "sincere-no-stake"
            else "No vote here is likely to change who wins"
        )
        reasoning.append(
            f"{opening} ({chances}), so a sincere vote for {sincere.label} is a rational choice."
        )
    reasoning.append(
        f"A vote for {chosen.label} also adds to its share (expected {_pct(chosen.mean_share)}); "
        f"candidates {threshold.what} with {threshold.share:.0%} of the vote, which "
        f"{chosen.label} reaches in {_pct(chosen.p_keeps_deposit)} of simulations."
    )
    if len(assessments) > 1:
        reasoning.append(
            "What each choice changes (chance that your vote decides the seat; chance the "
            "party wins): "
            + "; ".join(
                f"{a.label} {one_in(a.p_decides_seat)}, wins {_pct(a.win_probability)}"
                for a in assessments
            )
            + "."
        )
    if abs(chosen.mean_share - threshold.share) < 0.03:
        reasoning.append(
            f"{chosen.label} is near {threshold.line} here, so whether it gets there is "
            f"genuinely open: every vote counts towards it."
        )
    rule_text = (
        "working majority"
        if rule.kind == "working"
        else f"overall majority ({election.n_seats // 2 + 1})"
    )
    reasoning.append(
        f"If the seat is tied, the chance it decides whether a party has a {rule_text} is "
        f"{_pct(p_pivotal)}; the chance your vote decides who governs is "
        f"{one_in(chosen.p_decides_government)}."
    )
    headline = {
        "sincere": f"Vote {chosen.label}: your first choice is also your best vote here."
        if not safe
        else f"Vote {chosen.label}: your first choice is the favourite in this safe seat.",
        "tactical": f"Vote {chosen.label} tactically: it is the vote most likely to "
        f"change the result in your favour here.",
        "sincere-safe-seat": f"Vote {chosen.label} (sincerely): this is a safe {fav} seat, "
        f"so no vote is likely to change who wins.",
        "sincere-no-stake": f"Vote {chosen.label} (sincerely): no vote here has a real chance "
        f"of changing the result in a way your preferences care about.",
    }[kind]
    contenders_rows = tuple(
        {
            "party": parties[j],
            "label": label(parties[j]),
            "mean_share": round(float(means[j]), 4),
            "win_probability": round(float(wins[j]), 4),
        }
        for j in order
        if means[j] > 0
    )
    return Advice(
        election=election.id,
        source=uncertainty.source,
        code=constituency.code,
        seat=constituency.name,
        preferences=preferences,
        recommendation=chosen.party,
        recommendation_label=chosen.label,
        kind=kind,
        headline=headline,
        reasoning=tuple(reasoning),
        safe=safe,
        favourite=parties[favourite],
        p_favourite=p_favourite,
        contenders=contenders_rows,
        options=tuple(assessments),
        p_decisive_seat=chosen.p_decides_seat,
        p_seat_pivotal=p_pivotal,
        p_decisive_government=chosen.p_decides_government,
        majority_rule=rule.kind,
        n_sims=uncertainty.n_sims,
    )
