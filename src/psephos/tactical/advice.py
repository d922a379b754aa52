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

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from psephos.errors import UnknownPartyError
from psephos.jurisdictions import MoneyBackRule, refuse_foreign_party, resolve_seat
from psephos.jurisdictions import of as jurisdiction_of
from psephos.model import Election, get_party, party_in, split_parties
from psephos.model.party import listed_twice, uncoded_party
from psephos.numbers import clean
from psephos.tactical.advice_decision import SAFE_PROBABILITY, decide
from psephos.tactical.advice_maths import (
    OptionAssessment,
    SeatOdds,
    assess_option,
    closest_contest,
    each_vote,
    main_rival,
)
from psephos.tactical.advice_text import (
    SeatPicture,
    choice_lines,
    government_line,
    headline,
    none_standing_headline,
    none_standing_lines,
    not_standing_line,
    seat_lines,
    seat_party_names,
    share_lines,
    unmoved_lines,
)
from psephos.tactical.decisive import MajorityRule
from psephos.tactical.errors import PreferenceError
from psephos.tactical.uncertainty import SeatUncertainty

__all__ = [
    "Advice",
    "OptionAssessment",
    "Preferences",
    "advise",
    "parse_parties",
    "vote_threshold",
]


def vote_threshold(election: Election) -> MoneyBackRule:
    """The money-back rule of the election's country (its jurisdiction's deposit or
    reimbursement line)."""
    return jurisdiction_of(election).money_back


#: "anyone but Con", "anybody except the Tories": a party to vote against, not one to vote for.
_ANYONE_BUT = re.compile(
    r"(?:anyone|anybody|any party|anything)\s+(?:but|except|other than)\s+(?P<party>.+)",
    re.IGNORECASE,
)


def _code(name: str, parties: Sequence[str] | None = None) -> str:
    """The code of one name of a list: as an election's ``parties`` read it, where given
    (:func:`_in`), else the vocabulary's.

    Raises:
        PreferenceError: "anyone but X" (a party to vote against, said how to give it).
        UnknownPartyError: naming the bad party, with suggestions.
    """
    anyone_but = _ANYONE_BUT.fullmatch(name)
    if anyone_but is not None:
        against = ", ".join(_code(party, parties) for party in split_parties(anyone_but["party"]))
        raise PreferenceError(
            f"{name!r} is not a party to vote for: give {against} as against (the parties you "
            "most want to see lose) and the parties you would vote for, best first, as your "
            "preferences."
        )
    try:
        return get_party(name).code if parties is None else _in(name, parties)
    except UnknownPartyError:
        uncoded = uncoded_party(name)
        if uncoded is None:
            raise
        raise UnknownPartyError(  # the poll reader's hint (give its share as Other) is no help
            f"Unknown party {name!r}: {uncoded} has no code of its own and is counted as "
            "Other; give Other in its place (e.g. --prefer Other)."
        ) from None


def parse_parties(
    value: str | Sequence[str] | None,
    parties: Sequence[str] | None = None,
    *,
    listed: str | None = None,
) -> tuple[str, ...]:
    """Party codes from ``"Green,Lab,LD"`` (or ``"Green > Lab > LD"``, ``"Green; Lab"``,
    ``"1. Green 2. Lab"``, ``"Green+Lab"``: :func:`psephos.model.party.split_parties`) or a
    list (aliases accepted, order kept); with an election's ``parties``, each read as that
    election reads it (:func:`psephos.model.party.party_in`: "Conservative" is the CPC in
    Canada).

    With ``listed`` (what the list is, ``"preference list"``), a party named twice
    (``Lab,Lab`` or ``Lab,Labour``) is refused, as a bloc's is; without, kept once.

    Raises:
        UnknownPartyError: naming the bad party, with suggestions.
        PreferenceError: "anyone but Con" given as a party; a party named twice in a
            ``listed`` list.
    """
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    names = [name for item in items for name in split_parties(item)]
    codes = [_code(name, parties) for name in names]  # an unknown name fails here
    if listed is not None:
        twice = listed_twice(zip(names, codes, strict=True), listed)
        if twice is not None:
            raise PreferenceError(twice)
    return tuple(dict.fromkeys(codes))


def _in(name: str, parties: Sequence[str]) -> str:
    """The code among an election's ``parties`` of a name (:func:`psephos.model.party_in`:
    "Liberal Party" is the LPC in Canada), else the vocabulary's code of a party of the
    election's country that it has no column for (not standing).

    Raises:
        UnknownPartyError: a name no party answers to.
        ForeignPartyError: another country's party (the CPC in a UK election), naming both
            countries and the election's parties (:func:`psephos.jurisdictions.foreign_party`).
    """
    try:
        return party_in(name, parties)
    except UnknownPartyError as unknown:
        try:
            code = get_party(name).code
        except UnknownPartyError:
            raise unknown from None  # said of the election's parties, not the UK's vocabulary
    refuse_foreign_party(code, parties)
    return code


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
        *,
        parties: Sequence[str] | None = None,
    ) -> Preferences:
        """Validate and normalise party names: as an election with ``parties`` reads them,
        where given (:func:`parse_parties`: the names as typed, so a UK election reads
        "Liberal" as the Liberal Democrats and refuses "LPC" as Canada's), else as the
        vocabulary does.

        Raises:
            PreferenceError: an empty preference list, a party both preferred and against or
                both preferred and never, or a party named twice in one list.
            UnknownPartyError: a party name outside the vocabulary.
        """
        ranked = parse_parties(prefer, parties, listed="preference list")
        if not ranked:
            raise PreferenceError.empty()
        beaten = parse_parties(against, parties, listed="'against' list")
        excluded = parse_parties(never, parties, listed="'never' list")
        for other, where in ((beaten, "against"), (excluded, "on the 'never' list")):
            clash = [party for party in ranked if party in other]
            if clash:
                raise PreferenceError(
                    f"{', '.join(clash)} cannot be both preferred and {where}; name "
                    f"{'it' if len(clash) == 1 else 'each'} in one list only."
                )
        return cls(ranked, beaten, excluded)

    def for_parties(self, parties: Sequence[str]) -> Preferences:
        """The preferences with each party read as the election with columns ``parties``
        reads it (:func:`psephos.model.party.party_in`: in a Canadian election "Conservative"
        is the CPC, "Green" the GPC); a party it has none of is kept as given."""

        return Preferences(
            parse_parties(self.prefer, parties),
            parse_parties(self.against, parties),
            parse_parties(self.never, parties),
        )

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
class Advice:
    """Advice for one voter in one seat (JSON-ready with :meth:`to_dict`)."""

    election: str
    source: str
    code: str
    seat: str
    preferences: Preferences
    recommendation: str  # "" where none of the voter's ranked parties stands
    recommendation_label: str
    # "sincere", "tactical", "sincere-safe-seat", "sincere-no-stake", or "none-standing"
    # (no vote named: each standing candidate's chance and the closest contest)
    kind: str
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
            "name": self.seat,
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
            "p_favourite": clean(self.p_favourite),
            "contenders": list(self.contenders),
            "options": [option.to_dict() for option in self.options],
            "p_decisive_seat": self.p_decisive_seat,
            "p_seat_pivotal": self.p_seat_pivotal,
            "p_decisive_government": self.p_decisive_government,
            "majority_rule": self.majority_rule,
            "n_sims": self.n_sims,
        }


def _unmoved_by_poll(uncertainty: SeatUncertainty, position: int) -> str | None:
    """Why the poll the shares were projected to left this seat as it was: ``"speaker"``
    (the Speaker's seat, which no swing model moves) or ``"northern-ireland"`` (a Great
    Britain poll has no shares for Northern Ireland's parties); ``None`` when it moved it or
    there was no poll."""
    projection = uncertainty.projection
    if projection is None:
        return None
    from psephos.projection.base import speaker_seats

    base = projection.base
    if speaker_seats(base)[position]:
        return "speaker"
    outside = not base.gb_mask[position]  # outside the main area: Northern Ireland
    if outside and base.nations[position] not in projection.areas:
        return "northern-ireland"
    return None


def _options(
    preferences: Preferences, parties: Sequence[str], means: np.ndarray
) -> tuple[list[int], list[str]]:
    """Columns of the preferred parties standing in the seat, and the preferred ones that are
    not."""
    standing = [p for p in preferences.prefer if p in parties and means[parties.index(p)] > 0]
    missing = [p for p in preferences.prefer if p not in standing]
    return [parties.index(p) for p in standing], missing


def _said_missing(election: Election, position: int, missing: Sequence[str]) -> list[str]:
    """The preferred parties not standing that the reasoning names: not a nation-only party
    outside its nation (the country's :attr:`~psephos.jurisdictions.Jurisdiction.nation_parties`:
    the SNP in an English seat is no news to a voter who listed it for friends in Scotland)."""
    nation_parties = jurisdiction_of(election).nation_parties
    nation = election.nations[position]
    return [p for p in missing if nation_parties.get(p, nation) == nation]


def _absent_ahead(
    preferences: Preferences, said_missing: Sequence[str], options: Sequence[str]
) -> list[str]:
    """The voter's ranked parties not standing that rank above the best-ranked one standing
    (``options[0]``), as the reasoning names them (``said_missing``)."""
    above = preferences.prefer[: preferences.prefer.index(options[0])]
    return [party for party in above if party in said_missing]


def advise(
    uncertainty: SeatUncertainty,
    seat: str,
    preferences: Preferences,
    *,
    rule: MajorityRule | None = None,
) -> Advice:
    """Advise one voter in one seat: the maths (:mod:`~psephos.tactical.advice_maths`), the
    decision (:mod:`~psephos.tactical.advice_decision`) and the words
    (:mod:`~psephos.tactical.advice_text`).

    Args:
        uncertainty: simulated shares for every seat (see :class:`SeatUncertainty`).
        seat: seat name or ONS code.
        preferences: the voter's preferences (:meth:`Preferences.parse`).
        rule: how many seats govern (by default a working majority under the election's
            jurisdiction's rules: without the Speaker and Sinn Féin in the Commons).

    Where the voter's first choices do not stand, the reasoning says so first and advises
    among their ranked parties that do; where none of them stands, no vote is named
    (``kind`` ``"none-standing"``, :func:`_none_standing`).

    Raises:
        UnknownConstituencyError: the seat is not in the election.
    """
    election = uncertainty.election
    preferences = preferences.for_parties(election.parties)
    rule = rule or MajorityRule.for_jurisdiction(jurisdiction_of(election))
    threshold = vote_threshold(election)
    position, boundary_note = resolve_seat(election, seat)
    constituency = election.constituencies[position]
    parties = election.parties
    labels = tuple(election.label(p) for p in parties)
    names = tuple(election.party_name(p) for p in parties)
    said = seat_party_names(election, position)  # an Independent by their name

    def name(party: str) -> str:
        """A party code as a sentence about this seat names it."""
        return said[parties.index(party)] if party in parties else election.party_name(party)

    # the shares the draws are centred on (a projection's, as `project` lists them), not the
    # draws' own mean, which differs by the simulations' noise
    means = uncertainty.expected_shares[position]
    wins = uncertainty.win_probability[position]
    standing = [j for j in range(len(parties)) if means[j] > 0]
    options, missing = _options(preferences, parties, means)
    odds = SeatOdds(uncertainty, position, rule)
    if not options:
        return _none_standing(uncertainty, position, preferences, odds, boundary_note, rule)
    said_missing = _said_missing(election, position, missing)
    ahead = _absent_ahead(preferences, said_missing, [parties[v] for v in options])
    utility = preferences.utilities(parties)
    assessments = [
        assess_option(
            odds, v, standing, utility, label=labels[v], name=names[v], money_back=threshold
        )
        for v in options
    ]
    favourite = int(np.argmax(wins))
    decision = decide(assessments, parties[favourite], float(wins[favourite]))
    first_choice = decision.sincere.party == preferences.prefer[0]
    chosen = decision.chosen
    rival = main_rival(odds, parties.index(chosen.party), standing, utility)
    p_pivotal = odds.pivot(parties.index(chosen.party), rival) if rival is not None else 0.0
    picture = SeatPicture(
        constituency.name,
        uncertainty.source,
        said,
        means,
        wins,
        float(uncertainty.n_votes[position]),
    )
    absent_line = not_standing_line(
        [name(p) for p in ahead],
        preferences.prefer[0] in ahead,
        [said[v] for v in options],
        constituency.name,
    )
    reasoning = [
        *([boundary_note] if boundary_note else []),
        *([absent_line] if ahead else []),
        *seat_lines(picture, decision.safe, favourite, draws=uncertainty.n_sims),
        *unmoved_lines(_unmoved_by_poll(uncertainty, position)),
        *(f"{name(p)} is not standing here." for p in said_missing if p not in ahead),
        *choice_lines(
            decision,
            said[rival] if rival is not None else "its rival",
            name,
            first_choice=first_choice,
            draws=uncertainty.n_sims,
        ),
        *share_lines(chosen, assessments, threshold, name, draws=uncertainty.n_sims),
        government_line(rule, election.n_seats, p_pivotal, chosen),
    ]
    contenders_rows = _contenders(election, [int(j) for j in picture.order], means, wins)
    return Advice(
        election=election.id,
        source=uncertainty.source,
        code=constituency.code,
        seat=constituency.name,
        preferences=preferences,
        recommendation=chosen.party,
        recommendation_label=chosen.label,
        kind=decision.kind,
        headline=headline(decision, name, parties[favourite], first_choice=first_choice),
        reasoning=tuple(reasoning),
        safe=decision.safe,
        favourite=parties[favourite],
        p_favourite=float(wins[favourite]),
        contenders=contenders_rows,
        options=tuple(assessments),
        p_decisive_seat=chosen.p_decides_seat,
        p_seat_pivotal=p_pivotal,
        p_decisive_government=chosen.p_decides_government,
        majority_rule=rule.kind,
        n_sims=uncertainty.n_sims,
    )


def _none_standing(
    uncertainty: SeatUncertainty,
    position: int,
    preferences: Preferences,
    odds: SeatOdds,
    boundary_note: str | None,
    rule: MajorityRule,
) -> Advice:
    """Advice where none of the voter's ranked parties stands: no vote named (psephos cannot
    choose among candidates the voter did not rank), each standing candidate's chance of
    winning and what a vote for it does, the closest contest, and how to get advice (rank
    one of them after the voter's own)."""
    election = uncertainty.election
    parties = election.parties
    constituency = election.constituencies[position]
    said = seat_party_names(election, position)
    means = uncertainty.expected_shares[position]
    wins = uncertainty.win_probability[position]
    standing = sorted((j for j in range(len(parties)) if means[j] > 0), key=lambda j: -means[j])
    labels = tuple(election.label(p) for p in parties)
    names = tuple(election.party_name(p) for p in parties)

    def name(party: str) -> str:
        return said[parties.index(party)] if party in parties else election.party_name(party)

    first, second, tie = closest_contest(odds, standing)
    favourite = int(np.argmax(wins))
    picture = SeatPicture(
        constituency.name, uncertainty.source, said, means, wins,
        float(uncertainty.n_votes[position]),
    )  # fmt: skip
    safe = float(wins[favourite]) >= SAFE_PROBABILITY
    absent, *choices = none_standing_lines(
        [name(p) for p in preferences.prefer],
        constituency.name,
        [(said[j], float(wins[j])) for j in sorted(standing, key=lambda j: -wins[j])],
        (said[first], said[second], tie),
        [name(p) for p in preferences.against],
        draws=uncertainty.n_sims,
    )
    reasoning = [
        *([boundary_note] if boundary_note else []),
        absent,
        *seat_lines(picture, safe, favourite, draws=uncertainty.n_sims),
        *unmoved_lines(_unmoved_by_poll(uncertainty, position)),
        *choices,
    ]
    options = each_vote(
        odds, standing, labels=labels, names=names, money_back=vote_threshold(election)
    )
    return Advice(
        election=election.id,
        source=uncertainty.source,
        code=constituency.code,
        seat=constituency.name,
        preferences=preferences,
        recommendation="",
        recommendation_label="",
        kind="none-standing",
        headline=none_standing_headline(constituency.name),
        reasoning=tuple(reasoning),
        safe=safe,
        favourite=parties[favourite],
        p_favourite=float(wins[favourite]),
        contenders=_contenders(election, standing, means, wins),
        options=tuple(options),
        p_decisive_seat=0.0,
        p_seat_pivotal=0.0,
        p_decisive_government=0.0,
        majority_rule=rule.kind,
        n_sims=uncertainty.n_sims,
    )


def _contenders(
    election: Election, columns: Sequence[int], means: np.ndarray, wins: np.ndarray
) -> tuple[dict[str, Any], ...]:
    """The standing parties' rows (``columns``, in the order shown): expected share and
    chance of winning."""
    parties = election.parties
    return tuple(
        {
            "party": parties[j],
            "party_label": election.label(parties[j]),
            "party_name": election.party_name(parties[j]),
            "mean_share": clean(float(means[j])),
            "win_probability": clean(float(wins[j])),
        }
        for j in columns
        if means[j] > 0
    )
