"""The domain model: parties, constituencies, results and elections. Imports nothing else of ours
except :mod:`psephos.errors`."""

from psephos.model.election import (
    NATIONS,
    NORTHERN_IRELAND,
    Candidate,
    Constituency,
    ConstituencyResult,
    Election,
    SeatIndex,
    nominal_majority,
    winners_from_votes,
)
from psephos.model.party import (
    CANADA_PARTIES,
    CANADA_PARTY_CODES,
    LINEAGE_LABELS,
    PARTIES,
    PARTY_CODES,
    Party,
    combined_parties,
    get_party,
    party_colour,
    party_in,
    party_label,
    party_name,
    split_parties,
)

__all__ = [
    "CANADA_PARTIES",
    "CANADA_PARTY_CODES",
    "LINEAGE_LABELS",
    "NATIONS",
    "NORTHERN_IRELAND",
    "PARTIES",
    "PARTY_CODES",
    "Candidate",
    "Constituency",
    "ConstituencyResult",
    "Election",
    "Party",
    "SeatIndex",
    "combined_parties",
    "get_party",
    "nominal_majority",
    "party_colour",
    "party_in",
    "party_label",
    "party_name",
    "split_parties",
    "winners_from_votes",
]
