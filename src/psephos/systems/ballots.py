"""Ranked ballots (:class:`psephos.model.ballots.Ballots`) and the readers of users' ballot files
(:mod:`psephos.io.ballots`), under the names the systems package has always offered."""

from psephos.io.ballots import (
    parse_ballot_file,
    parse_ballots_csv,
    parse_blt,
    read_ballot_file,
    read_ballots_csv,
    read_blt,
    write_blt,
)
from psephos.model.ballots import Ballots, pack_rankings, unpack_rankings

__all__ = [
    "Ballots",
    "pack_rankings",
    "parse_ballot_file",
    "parse_ballots_csv",
    "parse_blt",
    "read_ballot_file",
    "read_ballots_csv",
    "read_blt",
    "unpack_rankings",
    "write_blt",
]
