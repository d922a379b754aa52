"""Which vote to recommend, given each option's assessment (no arithmetic, no text).

When the seat is safe (the favourite wins in at least :data:`SAFE_PROBABILITY` of simulations)
no vote is likely to change the result, so the advice is a sincere vote; likewise when even the
best option's chance of deciding the seat is below :data:`NEGLIGIBLE_DECISIVE`. Otherwise the
option with the largest expected gain is chosen, the first choice winning ties.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from psephos.tactical.advice_maths import OptionAssessment

#: A favourite winning at least this often makes a seat safe.
SAFE_PROBABILITY = 0.95
#: Below this chance of deciding the seat (1 in a million), no vote is worth casting
#: tactically: the voter's preferences have no real stake in who wins here.
NEGLIGIBLE_DECISIVE = 1e-6


@dataclass(frozen=True, slots=True)
class Decision:
    """The recommendation and why it was chosen.

    Attributes:
        kind: ``"sincere"``, ``"tactical"``, ``"sincere-safe-seat"`` or ``"sincere-no-stake"``.
        chosen: The recommended option.
        sincere: The voter's first choice that stands.
        best: The option with the largest expected gain.
        safe: Whether the favourite wins in at least :data:`SAFE_PROBABILITY` of simulations.
    """

    kind: str
    chosen: OptionAssessment
    sincere: OptionAssessment
    best: OptionAssessment
    safe: bool


def decide(assessments: Sequence[OptionAssessment], favourite: str, p_favourite: float) -> Decision:
    """Choose the vote (see the module docstring).

    Args:
        assessments: The voter's options, first choice first.
        favourite: Party most likely to win the seat.
        p_favourite: Its chance of winning.
    """
    safe = p_favourite >= SAFE_PROBABILITY
    sincere = assessments[0]
    best = max(assessments, key=lambda a: a.expected_gain)
    if best.expected_gain <= sincere.expected_gain:
        best = sincere
    if safe:
        kind = "sincere" if sincere.party == favourite else "sincere-safe-seat"
        return Decision(kind, sincere, sincere, best, safe)
    if best.p_decides_seat < NEGLIGIBLE_DECISIVE:
        return Decision("sincere-no-stake", sincere, sincere, best, safe)
    if best is sincere:
        return Decision("sincere", sincere, sincere, best, safe)
    return Decision("tactical", best, sincere, best, safe)
