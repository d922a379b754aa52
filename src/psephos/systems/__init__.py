"""Other electoral systems on the same votes, and disproportionality indices.

``compare_systems(psephos.load("2024"))`` gives seats per party under first past the post,
list PR (D'Hondt, Sainte-Laguë; national or regional; with thresholds), the additional member
system, the alternative vote and STV. Ranked counts (:func:`count_irv`, :func:`count_stv`)
work on :class:`Ballots` from the second-preference model or from users' CSV/BLT files.
"""

from psephos.systems.apportion import highest_averages
from psephos.systems.ballot_count import BallotCount, count_ballots
from psephos.systems.ballots import (
    Ballots,
    parse_ballot_file,
    parse_ballots_csv,
    parse_blt,
    read_ballot_file,
    read_ballots_csv,
    read_blt,
    write_blt,
)
from psephos.systems.base import (
    NON_LIST_PARTIES,
    SYSTEMS,
    AdditionalMember,
    AlternativeVote,
    FirstPastThePost,
    ListPR,
    SingleTransferableVote,
    SystemResult,
    UnknownSystemError,
    VotingSystem,
    assumption_notes,
    compare_systems,
    configured_systems,
    districts_note,
    get_system,
    list_bucket_notes,
    party_seats,
    register,
    require_votes,
    top_up_note,
    winner_notes,
)
from psephos.systems.count import CountResult, count_irv, count_stv, droop_quota
from psephos.systems.districts import District, build_districts
from psephos.systems.indices import (
    effective_number_of_parties,
    gallagher_index,
    unrepresented_votes,
    votes_per_seat,
    wasted_votes,
)
from psephos.systems.preferences import (
    TransferMatrix,
    default_basis,
    default_transfers,
    election_transfers,
    preferences_note,
    seat_ballots,
)

__all__ = [
    "NON_LIST_PARTIES",
    "SYSTEMS",
    "AdditionalMember",
    "AlternativeVote",
    "BallotCount",
    "Ballots",
    "CountResult",
    "District",
    "FirstPastThePost",
    "ListPR",
    "SingleTransferableVote",
    "SystemResult",
    "TransferMatrix",
    "UnknownSystemError",
    "VotingSystem",
    "assumption_notes",
    "build_districts",
    "compare_systems",
    "configured_systems",
    "count_ballots",
    "count_irv",
    "count_stv",
    "default_basis",
    "default_transfers",
    "districts_note",
    "droop_quota",
    "effective_number_of_parties",
    "election_transfers",
    "gallagher_index",
    "get_system",
    "highest_averages",
    "list_bucket_notes",
    "parse_ballot_file",
    "parse_ballots_csv",
    "parse_blt",
    "party_seats",
    "preferences_note",
    "read_ballot_file",
    "read_ballots_csv",
    "read_blt",
    "register",
    "require_votes",
    "seat_ballots",
    "top_up_note",
    "unrepresented_votes",
    "votes_per_seat",
    "wasted_votes",
    "winner_notes",
    "write_blt",
]
