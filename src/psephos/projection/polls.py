"""Correcting a final-week GB poll average for the polls' systematic error, learnt only from
earlier general elections.

Polls miss in the same direction more often than chance allows: British polls have tended to
overstate Labour and understate the Conservatives (1970, 1992, 1997, 2015; Sturgis et al. 2016,
*Report of the Inquiry into the 2015 British general election opinion polls*; Jennings &
Wlezien 2018, "Election polling errors across time and space", *Nature Human Behaviour* 2,
276-283). For each major party ``p`` and each earlier election ``k`` with a final-week poll the
record (:data:`HISTORY_TABLE`, built by ``scripts/build_polls.py`` from PollBase and the House of
Commons Library's GB results) gives the error

.. math::

    e_{pk} = r_{pk} - y_{pk} \\quad (\\text{GB result minus final-week poll mean, points}).

Over the ``n`` earlier elections the mean error :math:`\\bar e_p` has standard error
:math:`SE_p = s_p / \\sqrt n` (:math:`s_p` the sample sd). The party's bias is taken to be
drawn from :math:`N(0, \\tau_p^2)`; estimating :math:`\\tau_p^2` by moments,
:math:`\\hat\\tau_p^2 = \\max(0, \\bar e_p^2 - SE_p^2)`, the posterior mean is the shrunk mean

.. math::

    b_p = w_p \\bar e_p, \\qquad w_p = \\max\\left(0, 1 - SE_p^2 / \\bar e_p^2\\right),

the positive-part empirical-Bayes (James-Stein) rule for one mean (Efron & Morris 1973,
*JASA* 68, 117-130): a mean error that is small beside its own noise is dropped. The adjusted
poll adds :math:`b_p` to Con, Lab and LD (clipped at 0); every other party, named or not,
shares what is left (``100 - sum of the three``) in proportion to its polled share.

Whether the adjustment is used (:func:`adjustment_rule`) is decided on earlier elections only,
by forward chaining: each earlier election with at least :data:`MIN_HISTORY` elections before it
is corrected with the bias learnt from those, and the adjustment is adopted when it lowers the
summed absolute share error of Con, Lab and LD over those elections.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from psephos.errors import PsephosError
from psephos.numbers import percent_factor

#: Bundled table of final-week poll means and GB results, 1950-2024 (fractions).
HISTORY_TABLE = "poll_history"
#: Parties whose error is learnt and corrected (those PollBase carries back to 1945).
BIAS_PARTIES: tuple[str, ...] = ("Con", "Lab", "LD")
#: Fewest earlier elections a bias needs (a standard error needs two).
MIN_HISTORY = 2


@dataclass(frozen=True, slots=True)
class PollBias:
    """The polls' expected error per party, learnt from earlier elections.

    Attributes:
        elections: Earlier elections learnt from, oldest first.
        mean: Mean error (result minus final-week poll mean, points) per party.
        standard_error: Standard error of that mean per party (points).
        weight: Shrinkage weight ``max(0, 1 - SE^2 / mean^2)`` per party.
    """

    elections: tuple[str, ...]
    mean: dict[str, float] = field(default_factory=dict)
    standard_error: dict[str, float] = field(default_factory=dict)
    weight: dict[str, float] = field(default_factory=dict)

    @property
    def correction(self) -> dict[str, float]:
        """Points added to each party's polled share: ``weight * mean``."""
        return {party: self.weight[party] * self.mean[party] for party in self.mean}

    def apply(self, poll: Mapping[str, float]) -> dict[str, float]:
        """The poll (percent) corrected by this bias; see :func:`adjust_poll`."""
        return adjust_poll(poll, self)


def history(before: str | None = None) -> list[tuple[str, dict[str, float], dict[str, float]]]:
    """Earlier elections' ``(election, final-week poll, GB result)``, percent, oldest first.

    Args:
        before: An election id or year (elections of earlier years), or an ISO date (elections
            before it); ``None`` for every bundled election.
    """
    from psephos.jurisdictions import UK

    frame = UK.table(HISTORY_TABLE)
    cutoff = _cutoff(before)
    out: dict[str, tuple[str, dict[str, float], dict[str, float]]] = {}
    for election, date, party, poll, result in zip(
        frame["election"],
        frame["date"],
        frame["party"],
        frame["poll"],
        frame["result"],
        strict=True,
    ):
        if cutoff is not None and str(date) >= cutoff:
            continue
        entry = out.setdefault(str(election), (str(date), {}, {}))
        entry[1][str(party)] = 100.0 * float(poll)
        entry[2][str(party)] = 100.0 * float(result)
    ordered = sorted(out.items(), key=lambda item: item[1][0])
    return [(election, polls, results) for election, (_, polls, results) in ordered]


def _cutoff(before: str | None) -> str | None:
    """ISO date strictly before which an election counts as earlier."""
    if before is None:
        return None
    text = str(before)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return text
    if len(text) < 4 or not text[:4].isdigit():
        raise PsephosError(
            f"Cannot date {before!r}: give an election id beginning with its year (e.g. "
            "'2024') or an ISO date (e.g. '2024-07-04')."
        )
    return f"{text[:4]}-01-01"


def estimate_bias(
    records: list[tuple[str, dict[str, float], dict[str, float]]],
) -> PollBias:
    """The shrunk mean error of :func:`poll_bias` from explicit ``(election, poll, result)``
    records (percent). Fewer than :data:`MIN_HISTORY` records give no correction."""
    elections = tuple(election for election, _, _ in records)
    mean: dict[str, float] = {}
    standard_error: dict[str, float] = {}
    weight: dict[str, float] = {}
    for party in BIAS_PARTIES:
        errors = np.array(
            [results[party] - polls[party] for _, polls, results in records if party in polls]
        )
        if len(errors) < MIN_HISTORY:
            mean[party], standard_error[party], weight[party] = 0.0, 0.0, 0.0
            continue
        average = float(errors.mean())
        error = float(errors.std(ddof=1) / np.sqrt(len(errors)))
        mean[party], standard_error[party] = average, error
        weight[party] = max(0.0, 1.0 - error**2 / average**2) if average else 0.0
    return PollBias(elections, mean, standard_error, weight)


def poll_bias(before: str | None = None) -> PollBias:
    """The polls' expected error per party (points), learnt from the bundled elections before
    ``before`` (an election id or year, or an ISO date; ``None``: every bundled election, the
    correction for the next election)."""
    return estimate_bias(history(before))


def adjust_poll(poll: Mapping[str, float], bias: PollBias) -> dict[str, float]:
    """A GB poll with each party of :data:`BIAS_PARTIES` moved by its correction.

    Shares in percent, or fractions when they sum to at most 1.5 (as :func:`read_poll` reads
    them); the answer is in the poll's own unit. Corrected shares are clipped at 0. Every other
    party the poll names is scaled so that it and the unnamed remainder share
    ``100 - sum(corrected parties)`` as they shared ``100 - sum(polled parties)``.
    """
    unit = percent_factor(sum(poll.values()))
    correction = bias.correction
    adjusted = {party: float(share) * unit for party, share in poll.items()}
    polled = sum(adjusted[party] for party in BIAS_PARTIES if party in adjusted)
    for party in BIAS_PARTIES:
        if party in adjusted:
            adjusted[party] = max(0.0, adjusted[party] + correction.get(party, 0.0))
    corrected = sum(adjusted[party] for party in BIAS_PARTIES if party in adjusted)
    rest, new_rest = 100.0 - polled, 100.0 - corrected
    if rest > 0:
        scale = max(new_rest, 0.0) / rest
        for party in adjusted:
            if party not in BIAS_PARTIES:
                adjusted[party] *= scale
    return {party: share / unit for party, share in adjusted.items()}


@dataclass(frozen=True, slots=True)
class AdjustmentCheck:
    """The forward-chaining evidence of :func:`adjustment_rule`.

    Attributes:
        elections: Earlier elections checked, each corrected with the bias learnt before it.
        raw_error: Per election, summed |poll - result| over Con, Lab and LD (points).
        adjusted_error: The same after the correction.
    """

    elections: tuple[str, ...]
    raw_error: tuple[float, ...]
    adjusted_error: tuple[float, ...]

    @property
    def adopt(self) -> bool:
        """Whether the correction lowered the summed error over the elections checked."""
        return bool(self.elections) and sum(self.adjusted_error) < sum(self.raw_error)


def adjustment_rule(
    before: str | None = None, *, min_history: int = MIN_HISTORY
) -> AdjustmentCheck:
    """Whether to adjust the polls for an election, decided on earlier elections only.

    Each bundled election before ``before`` with at least ``min_history`` elections before it
    (default :data:`MIN_HISTORY`, the rule's) is corrected by the bias learnt from those
    (forward chaining); the correction is adopted when the summed absolute share error of Con,
    Lab and LD over them falls.
    """
    records = history(before)
    elections, raw, adjusted = [], [], []
    for index in range(max(min_history, MIN_HISTORY), len(records)):
        election, polls, results = records[index]
        corrected = estimate_bias(records[:index]).apply(polls)
        elections.append(election)
        raw.append(sum(abs(polls[p] - results[p]) for p in BIAS_PARTIES))
        adjusted.append(sum(abs(corrected[p] - results[p]) for p in BIAS_PARTIES))
    return AdjustmentCheck(tuple(elections), tuple(raw), tuple(adjusted))
