"""A minimal private uniform-swing projection used by the forecast back-tests and CLI.

Kept inside :mod:`psephos.forecast` so the forecast does not depend on one projection model; any
projection's seats x parties shares can be passed to :func:`psephos.forecast.forecast` instead.
Uniform (additive) swing: Butler & Stokes (1969), *Political Change in Britain*.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from psephos.errors import InvalidSharesError, UnknownPartyError, did_you_mean
from psephos.model import Election

FloatArray = npt.NDArray[np.float64]


def group_shares(election: Election, labels: npt.ArrayLike) -> dict[str, FloatArray]:
    """Vote shares per party within each group of seats (e.g. nation)."""
    groups = np.asarray(labels)
    out: dict[str, FloatArray] = {}
    for group in sorted({str(g) for g in groups}):
        votes = election.votes[groups == group].sum(axis=0)
        total = votes.sum()
        out[group] = votes / total if total > 0 else votes
    return out


def uniform_swing(
    base: Election,
    target_group_shares: Mapping[str, FloatArray],
    labels: npt.ArrayLike,
    *,
    standing: npt.ArrayLike | None = None,
) -> FloatArray:
    """Seats x parties shares after a uniform swing within each group of seats.

    Each party's share in a seat moves by the change in its share across the seat's group (e.g.
    nation). Parties not ``standing`` get 0, negatives are clipped to 0 and rows renormalised.
    A newly standing party (0 in the base) starts from 0 and gets the change.

    Args:
        base: the base election.
        target_group_shares: group -> (n_parties,) target vote shares.
        labels: the group of every seat (``base.nations`` or ``base.regions``).
        standing: (n_seats, n_parties) booleans; default: parties with base votes.
    """
    shares = base.shares()
    groups = np.asarray(labels)
    stand = base.votes > 0 if standing is None else np.asarray(standing, dtype=bool)
    base_groups = group_shares(base, groups)
    projected = shares.copy()
    for group, target in target_group_shares.items():
        mask = groups == group
        if not mask.any():
            continue
        change = np.asarray(target, dtype=np.float64) - base_groups[group]
        projected[mask] = shares[mask] + change[None, :]
    projected = np.where(stand, np.clip(projected, 0.0, None), 0.0)
    # a standing party that would fall to 0 keeps a token share
    projected = np.where(stand & (projected <= 0), 1e-4, projected)
    sums = projected.sum(axis=1, keepdims=True)
    if np.any(sums <= 0):
        raise InvalidSharesError("a seat has no standing party after the swing.")
    return projected / sums


def parse_poll(text: str, parties: tuple[str, ...]) -> dict[str, float]:
    """Parse ``"Lab 40 Con 24 Reform 15"`` (or ``Lab=40,Con=24``) into shares summing to 1.

    Parties not named share what is left in proportion to their base shares (done by the
    caller); values are percentages.

    Raises:
        InvalidSharesError: if the text is malformed or sums above 100.
        UnknownPartyError: for a party outside the vocabulary.
    """
    from psephos.model import get_party

    tokens = text.replace(",", " ").replace("=", " ").replace(":", " ").split()
    if len(tokens) % 2 or not tokens:
        raise InvalidSharesError(
            f"poll {text!r} must be pairs of party and percentage, e.g. 'Lab 40 Con 24'."
        )
    out: dict[str, float] = {}
    for name, value in zip(tokens[::2], tokens[1::2], strict=True):
        try:
            code = get_party(name).code
        except (KeyError, UnknownPartyError):
            raise UnknownPartyError(
                f"Unknown party {name!r} in poll; known: {', '.join(parties)}."
                + did_you_mean(name, parties)
            ) from None
        try:
            share = float(value.rstrip("%"))
        except ValueError:
            raise InvalidSharesError(f"poll share {value!r} for {name} is not a number.") from None
        if share < 0:
            raise InvalidSharesError(f"poll share for {name} is negative: {share}.")
        out[code] = share / 100.0
    if sum(out.values()) > 1.0 + 1e-9:
        raise InvalidSharesError(f"poll shares sum to {sum(out.values()) * 100:.1f}%, above 100.")
    return out


def poll_projection(base: Election, poll: Mapping[str, float]) -> FloatArray:
    """Uniform swing in Great Britain to a GB poll; Northern Ireland stays as in the base.

    Parties the poll does not name share the rest of the GB vote in proportion to their base GB
    shares.
    """
    nations = base.nations
    gb = nations != "Northern Ireland"
    parties = base.parties
    gb_votes = base.votes[gb].sum(axis=0)
    gb_base = gb_votes / gb_votes.sum()
    target = gb_base.copy()
    named = np.zeros(len(parties), dtype=bool)
    for code, share in poll.items():
        j = parties.index(code)
        target[j] = share
        named[j] = True
    rest = 1.0 - sum(poll.values())
    others = gb_base[~named].sum()
    if others > 0:
        target[~named] = gb_base[~named] * rest / others
    labels = np.where(gb, "GB", "Northern Ireland")
    shares = uniform_swing(base, {"GB": target}, labels)
    return shares
