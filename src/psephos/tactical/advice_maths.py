"""The arithmetic of one vote in one seat: tie, decisive and pivotal chances per option.

For each party ``v`` the voter would vote for, the expected gain of one vote is

    gain(v) = sum over rivals k of  P(v, k tied for first within a vote) x (U(v) - U(k)),

its chance of deciding the seat is the sum of those tie chances over rivals the voter does not
rank equally, and its chance of deciding who governs multiplies each tie by the chance that the
seat is then pivotal for a majority (Gelman, Silver & Edlin 2012, *Economic Inquiry* 50(2)).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.jurisdictions import MoneyBackRule
from psephos.numbers import clean
from psephos.tactical.decisive import MajorityRule, pivotal_probability
from psephos.tactical.uncertainty import SeatUncertainty

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class OptionAssessment:
    """What one possible vote does in the seat.

    ``p_money_back`` is the chance the party reaches the country's money-back line (the UK's
    5% deposit, Canada's 10% reimbursement); files name it by the rule's
    :attr:`~psephos.jurisdictions.base.MoneyBackRule.column` (``money_back_column``).
    ``mean_share`` is the party's expected share, the one the draws are centred on
    (:attr:`~psephos.tactical.uncertainty.SeatUncertainty.expected_shares`: after a poll, the
    projection's share, as ``psephos project`` lists it).
    """

    party: str
    label: str
    name: str
    mean_share: float
    win_probability: float
    p_decides_seat: float
    p_decides_government: float
    expected_gain: float
    p_money_back: float
    money_back_column: str = "p_keeps_deposit"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: every number as a file carries it (:func:`psephos.numbers.clean`),
        so a table or page rounding it for a person shows what the advice's words say."""
        return {
            "party": self.party,
            "party_label": self.label,
            "party_name": self.name,
            "mean_share": clean(self.mean_share),
            "win_probability": clean(self.win_probability),
            "p_decides_seat": clean(self.p_decides_seat),
            "p_decides_government": clean(self.p_decides_government),
            "expected_gain": clean(self.expected_gain),
            self.money_back_column: clean(self.p_money_back),
        }


@dataclass(slots=True)
class SeatOdds:
    """Tie and pivot chances between pairs of parties in one seat, each computed once.

    Attributes:
        uncertainty: The simulated shares.
        position: The seat's row.
        rule: How many seats govern.
    """

    uncertainty: SeatUncertainty
    position: int
    rule: MajorityRule
    _ties: dict[tuple[int, int], float] = field(default_factory=dict)
    _pivots: dict[tuple[int, int], float] = field(default_factory=dict)
    _other_totals: npt.NDArray[np.int64] | None = None

    def tie(self, a: int, b: int) -> float:
        """Chance that parties ``a`` and ``b`` are tied for first within one vote."""
        key = (min(a, b), max(a, b))
        if key not in self._ties:
            self._ties[key] = self.uncertainty.tie_density(self.position, a, b)
        return self._ties[key]

    def pivot(self, a: int, b: int) -> float:
        """Chance that this seat going to ``a`` rather than ``b`` changes who governs."""
        key = (min(a, b), max(a, b))
        if key not in self._pivots:
            if self._other_totals is None:
                self._other_totals = self.uncertainty.other_totals(self.position)
            weights = self.uncertainty.tie_weights(self.position, a, b)
            self._pivots[key] = pivotal_probability(
                self._other_totals,
                a,
                b,
                self.uncertainty.election.parties,
                weights=weights,
                rule=self.rule,
            )
        return self._pivots[key]


def assess_option(
    odds: SeatOdds,
    option: int,
    standing: Sequence[int],
    utility: FloatArray,
    *,
    label: str,
    name: str,
    money_back: MoneyBackRule,
) -> OptionAssessment:
    """Gain, decisive and pivotal chances of one vote for the party in column ``option``."""
    uncertainty, position = odds.uncertainty, odds.position
    gain = decides = government = 0.0
    for rival in standing:
        if rival == option or utility[rival] == utility[option]:
            continue
        tie = odds.tie(option, rival)
        gain += tie * (utility[option] - utility[rival])
        decides += tie
        if tie > 0:
            government += tie * odds.pivot(option, rival)
    shares = uncertainty.draws[:, position, option]
    return OptionAssessment(
        party=uncertainty.election.parties[option],
        label=label,
        name=name,
        mean_share=float(uncertainty.expected_shares[position, option]),
        win_probability=float(uncertainty.win_probability[position, option]),
        p_decides_seat=decides,
        p_decides_government=government,
        expected_gain=gain,
        p_money_back=float((shares >= money_back.share).mean()),
        money_back_column=money_back.column,
    )


def main_rival(
    odds: SeatOdds, chosen: int, standing: Sequence[int], utility: FloatArray
) -> int | None:
    """The rival the chosen party is most likely to tie with (among those ranked differently)."""
    rivals = [k for k in standing if k != chosen and utility[k] != utility[chosen]]
    return max(rivals, key=lambda k: odds.tie(chosen, k), default=None)


def closest_contest(odds: SeatOdds, standing: Sequence[int]) -> tuple[int, int, float]:
    """The two standing parties most likely to be level for first (within one vote), and
    that chance: the seat's closest contest. Where no pair ties in the simulations' reach (a
    seat too safe for any tie), the two largest expected shares, with chance 0."""
    pairs = [(a, b) for i, a in enumerate(standing) for b in standing[i + 1 :]]
    if not pairs:
        only = standing[0]
        return only, only, 0.0
    a, b = max(pairs, key=lambda pair: odds.tie(*pair))
    tie = odds.tie(a, b)
    if tie > 0:
        return a, b, tie
    means = odds.uncertainty.expected_shares[odds.position]
    first, second = sorted(standing, key=lambda j: -means[j])[:2]
    return first, second, 0.0


def each_vote(
    odds: SeatOdds,
    standing: Sequence[int],
    *,
    labels: Sequence[str],
    names: Sequence[str],
    money_back: MoneyBackRule,
) -> list[OptionAssessment]:
    """What a vote for each standing party does, whatever the voter prefers (none of their
    parties stands): its chance of deciding the seat against any rival, its chance of
    deciding who governs, and no preference gain (``expected_gain`` 0)."""
    assessed = []
    for option in standing:
        alone = np.zeros(len(labels))
        alone[option] = 1.0  # every rival differs from it: each tie with it counts
        assessment = assess_option(
            odds, option, standing, alone,
            label=labels[option], name=names[option], money_back=money_back,
        )  # fmt: skip
        assessed.append(replace(assessment, expected_gain=0.0))
    return assessed
