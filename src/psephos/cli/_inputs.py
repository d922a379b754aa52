"""The one way a command opens the election a user names (a bundled id or a results CSV),
and reads the poll it gives (typed pairs or a poll table file)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from psephos.errors import DataFormatError
from psephos.jurisdictions import available_elections
from psephos.model import Election


class UnknownParties(StrEnum):
    """What a results CSV's party outside the vocabulary becomes."""

    error = "error"
    other = "other"


#: Help of every command's ``--unknown-parties`` option.
UNKNOWN_PARTIES_HELP = (
    "For a results CSV, a sample or a declaration feed: 'error' (default) stops at a party "
    "outside the vocabulary; 'other' counts it as Other."
)


#: Help of every command's election argument: the bundled ids of every country, or a file.
ELECTION_HELP = (
    f"A bundled election ({', '.join(available_elections())}) or the path of a results CSV in "
    "the long format (seat_code, seat_name, party, votes)."
)


def looks_like_file(text: str) -> bool:
    """True when ``text`` names a file or folder rather than a bundled election id."""
    stripped = text.strip()
    return (
        stripped.lower().endswith((".csv", ".txt", ".tsv"))
        or "/" in stripped
        or "\\" in stripped
        or Path(stripped).exists()
    )


def open_election(text: str, *, unknown_parties: str = "error") -> Election:
    """A bundled UK or Canadian election (``2017``, ``canada-2021``) or a results CSV.

    Raises:
        DataFormatError: a folder, or a file that does not exist.
        UnknownElectionError: an id that is not bundled (naming those that are).
    """
    if not text.strip():
        raise DataFormatError("The election is empty; give a bundled id (e.g. 2024) or a CSV.")
    if looks_like_file(text):
        path = Path(text.strip()).expanduser()
        if path.is_dir():
            raise DataFormatError(
                f"{text!r} is a folder; give a results CSV file or a bundled election (e.g. 2024)."
            )
        if not path.exists():
            raise DataFormatError(
                f"{text!r} does not exist; give a results CSV file or a bundled election "
                "(e.g. 2024)."
            )
        from psephos.jurisdictions import read_results_csv

        if unknown_parties == "other":
            return read_results_csv(path, unknown_parties="other")
        return read_results_csv(path)
    from psephos.jurisdictions import load

    return load(text)


#: Endings of a ``--poll`` value that names a poll table file (one that does not exist is an
#: error, not a poll that fails to parse).
POLL_TABLE_SUFFIXES = (".csv", ".tsv", ".txt")


def poll_file(value: str | None) -> str | None:
    """A ``--poll`` value as every command reads it: typed pairs as given, or, where it names
    a file (an existing one, or one ending in :data:`POLL_TABLE_SUFFIXES`), the final-week
    mean of that poll table (:func:`psephos.projection.polls.read_poll_average`) written as
    pairs, with ``note:`` lines saying what was averaged. The pairs then go through the one
    poll reader as a typed poll does, so a table's mean is refused or read as typed pairs are.

    Raises:
        click.BadParameter: a file that does not exist, or a folder (one line).
        DataFormatError, InvalidSharesError: a table that cannot be read or averaged.
    """
    if value is None:
        return None
    path = Path(value.strip()).expanduser()
    if not path.is_file() and path.suffix.lower() not in POLL_TABLE_SUFFIXES:
        return value
    from psephos.cli._contract import check_input_file
    from psephos.cli._output import print_note
    from psephos.projection.polls import read_poll_average

    check_input_file(value.strip(), "poll table (a CSV of polls)")
    average = read_poll_average(path)
    for note in average.notes():
        print_note(note)
    return average.as_poll()


def poll_option(help_text: str, *declarations: str) -> Any:
    """Every command's ``--poll`` option (``declarations`` adds short names such as ``-p``):
    typed pairs or a poll table file, read by :func:`poll_file` before the command runs."""
    return typer.Option(None, "--poll", *declarations, help=help_text, callback=poll_file)
