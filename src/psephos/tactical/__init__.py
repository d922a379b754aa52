"""Tactical voting: advice for one voter, bloc recommendations, decisive-vote probability,
vote swaps and the audit against the real tactical-voting sites.

Quick start::

    from psephos.tactical import advise_seat
    advice = advise_seat("Hampstead and Highgate", prefer="Green,Lab,LD", against="Con")
    advice["headline"], advice["p_decisive_seat"]

Everything returns frozen dataclasses with ``to_dict()`` or plain JSON-ready dicts; the CLI
(``psephos advise``, ``tactical``, ``tactical-audit``, ``swap``) and the web app call these.
Method: docs/methodology/tactical.md.
"""

from psephos.tactical.advice import Advice, OptionAssessment, Preferences, advise
from psephos.tactical.api import advise_seat, advise_voter, bloc_advice, uncertainty_for
from psephos.tactical.audit import GOALS, AuditReport, audit
from psephos.tactical.bloc import SeatRecommendation, bloc_recommendations
from psephos.tactical.decisive import (
    MajorityRule,
    decisive_probability_binomial,
    decisive_probability_binomial_normal,
    pivotal_probability,
    tie_probability,
)
from psephos.tactical.errors import NoPreferredCandidateError, PreferenceError, SwapInputError
from psephos.tactical.swaps import SwapMatch, aggregate_offers, match_swaps
from psephos.tactical.uncertainty import (
    ForecastErrors,
    SeatUncertainty,
    ShareErrorModel,
    get_share_error_model,
    long_range_errors,
)

__all__ = [
    "GOALS",
    "Advice",
    "AuditReport",
    "ForecastErrors",
    "MajorityRule",
    "NoPreferredCandidateError",
    "OptionAssessment",
    "PreferenceError",
    "Preferences",
    "SeatRecommendation",
    "SeatUncertainty",
    "ShareErrorModel",
    "SwapInputError",
    "SwapMatch",
    "advise",
    "advise_seat",
    "advise_voter",
    "aggregate_offers",
    "audit",
    "bloc_advice",
    "bloc_recommendations",
    "decisive_probability_binomial",
    "decisive_probability_binomial_normal",
    "get_share_error_model",
    "long_range_errors",
    "match_swaps",
    "pivotal_probability",
    "tie_probability",
    "uncertainty_for",
]
