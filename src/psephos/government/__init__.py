"""Government formation: majority arithmetic, coalitions and voting power.

Works on any party -> seats mapping or an :class:`~psephos.model.Election` (real or
projected)::

    from psephos.government import govern
    report = govern(psephos.load("2017"))
    print("\\n".join(report.headline()))

Methodology: docs/methodology/government.md.
"""

from psephos.government.coalitions import (
    LEFT_RIGHT,
    Coalition,
    alternative_bloc,
    has_order,
    is_connected,
    minimal_connected_winning,
    minimal_winning_coalitions,
    nearest_arrangement,
    support_options,
)
from psephos.government.parliament import (
    PLAIN_RULES,
    SMALL_HOUSE,
    SPEAKER_SIDE,
    UK_RULES,
    Assessment,
    Parliament,
    ParliamentRules,
    VotingMembers,
    assess,
    conventions_id,
    parliament,
    party_codes,
    rules_for,
    seated_party,
    seats_mapping,
    threshold_words,
    uk_rules_for,
    voting_members,
    working_threshold,
)
from psephos.government.power import PowerIndex, pivot_counts, voting_power
from psephos.government.report import GovernmentReport, describe, govern, outcome_lines

__all__ = [
    "LEFT_RIGHT",
    "PLAIN_RULES",
    "SMALL_HOUSE",
    "SPEAKER_SIDE",
    "UK_RULES",
    "Assessment",
    "Coalition",
    "GovernmentReport",
    "Parliament",
    "ParliamentRules",
    "PowerIndex",
    "VotingMembers",
    "alternative_bloc",
    "assess",
    "conventions_id",
    "describe",
    "govern",
    "has_order",
    "is_connected",
    "minimal_connected_winning",
    "minimal_winning_coalitions",
    "nearest_arrangement",
    "outcome_lines",
    "parliament",
    "party_codes",
    "pivot_counts",
    "rules_for",
    "seated_party",
    "seats_mapping",
    "support_options",
    "threshold_words",
    "uk_rules_for",
    "voting_members",
    "voting_power",
    "working_threshold",
]
