"""Errors of the tactical package (all :class:`~psephos.errors.PsephosError` subclasses).

Unknown parties and seats reuse :class:`~psephos.errors.UnknownPartyError` and
:class:`~psephos.errors.UnknownConstituencyError`.
"""

from __future__ import annotations

from psephos.errors import PsephosError


class PreferenceError(PsephosError, ValueError):
    """A preference order that cannot be used: empty, repeated, or contradicting itself."""

    @classmethod
    def empty(cls) -> PreferenceError:
        """The refusal of a preference list naming no party (``""``, ``","``): the one message,
        which the web says in its form's words (:data:`psephos.web.context.PAGE_WORDS`)."""
        return cls(
            "The preference list is empty; give at least one party, e.g. --prefer Green,Lab."
        )


class NoPreferredCandidateError(PsephosError, ValueError):
    """None of the voter's preferred parties stands in the seat. Kept for callers that catch
    it: :func:`psephos.tactical.advise` now answers such a voter (``kind`` ``"none-standing"``:
    no vote named, each standing candidate's chance and the closest contest)."""


class SwapInputError(PsephosError, ValueError):
    """Vote-swap offers that do not follow the documented format."""
