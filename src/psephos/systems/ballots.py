"""Ranked ballots (:class:`psephos.model.ballots.Ballots`) and the readers of users' ballot files
(:mod:`psephos.io.ballots`), under the names the systems package has always offered."""

from psephos.io.ballots import read_ballots_csv, read_blt, write_blt
from psephos.model.ballots import Ballots

__all__ = ["Ballots", "read_ballots_csv", "read_blt", "write_blt"]
