"""The one way a command opens the election a user names: a bundled id or a results CSV."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

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
