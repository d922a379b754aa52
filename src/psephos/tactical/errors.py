"""Errors of the tactical package (all :class:`~psephos.errors.PsephosError` subclasses).

Unknown parties and seats reuse :class:`~psephos.errors.UnknownPartyError` and
:class:`~psephos.errors.UnknownConstituencyError`.
"""

from __future__ import annotations

from psephos.errors import PsephosError


class PreferenceError(PsephosError, ValueError):
    """A preference order that cannot be used: empty, repeated, or contradicting itself."""


class NoPreferredCandidateError(PsephosError, ValueError):
    """None of the voter's preferred parties stands in the seat. Kept for callers that catch
    it: :func:`psephos.tactical.advise` now answers such a voter (``kind`` ``"none-standing"``:
    no vote named, each standing candidate's chance and the closest contest)."""


class SwapInputError(PsephosError, ValueError):
    """Vote-swap offers that do not follow the documented format."""
