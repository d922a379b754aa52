"""The one place for psephos errors.

Every error is a :class:`PsephosError` and also inherits the builtin it refines, so callers can
catch either. Messages name the bad value and what is allowed; name lookups add "did you mean".
The CLI prints ``str(error)`` as a single line and exits non-zero.
"""

from __future__ import annotations

from collections.abc import Iterable


class PsephosError(Exception):
    """Base class of every error psephos raises on purpose."""

    def __str__(self) -> str:  # KeyError quotes its message; we want it plain.
        return str(self.args[0]) if self.args else self.__class__.__name__


class UnknownElectionError(PsephosError, KeyError):
    """An election id that is not bundled."""


class UnknownConstituencyError(PsephosError, KeyError):
    """A seat name or ONS code that is not in the election."""


class UnknownPartyError(PsephosError, KeyError):
    """A party name or code outside the vocabulary."""


class DataFormatError(PsephosError, ValueError):
    """A user-supplied file or table that does not follow the documented format."""


class InvalidSharesError(PsephosError, ValueError):
    """Vote shares that are negative, missing or do not sum as the policy requires."""


class UnknownModelError(PsephosError, KeyError):
    """A model name (swing model, voting system, error model) that is not registered."""


class InvalidPostcodeError(PsephosError, ValueError):
    """Text that is not a UK postcode, postcode sector or postcode district."""


class UnknownPostcodeError(PsephosError, KeyError):
    """A well-formed postcode whose sector and district are not in the bundled table."""


class MissingExtraError(PsephosError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


class ShareWarning(UserWarning):
    """Vote shares were adjusted (filled or rescaled) under the caller's policy."""


def did_you_mean(value: str, choices: Iterable[str], limit: int = 3) -> str:
    """Return a ' Did you mean ...?' suffix naming the closest choices, or '' if none is close."""
    from rapidfuzz import process  # only when a name is wrong: keeps start-up light

    unique = list(dict.fromkeys(choices))  # one suggestion per name, however often listed
    matches = process.extract(value, unique, limit=limit, score_cutoff=75)
    if not matches:
        return ""
    names = ", ".join(repr(match[0]) for match in matches)
    return f" Did you mean {names}?"
