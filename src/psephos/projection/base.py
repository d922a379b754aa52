"""Arrays precomputed once per base election, so a projection is a handful of NumPy operations.

A :class:`ProjectionBase` holds the base election's shares, who stood where, the area each seat
belongs to at one geographic level (the national area, nation or region) and the base area
shares. The national area is the main area of the election's country as the country names it
(:attr:`psephos.jurisdictions.Jurisdiction.poll_area`: Great Britain, Canada). Seats a swing
model must not touch (those outside the main area, :attr:`psephos.model.Election.gb_mask`,
unless their shares are given, and the Speaker's seat always) point at a final *frozen* area
row; see :mod:`.core`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from psephos.errors import InvalidSharesError, unknown_choice
from psephos.model import Election
from psephos.projection.core import area_means

Level = Literal["national", "nation", "region"]
LEVELS: tuple[str, ...] = ("national", "nation", "region")
#: The most a party's area target is multiplied by where it stands down in some of the area's
#: seats (:attr:`ProjectionBase.target_scale`).
STAND_DOWN_CAP = 5.0


@dataclass(frozen=True, slots=True, eq=False)
class ProjectionBase:
    """Everything a swing model needs about the base election, as aligned arrays.

    Attributes:
        election: The base election.
        level: ``"national"`` (one area for the main area of the country), ``"nation"`` or
            ``"region"``.
        areas: Names of the area rows (the frozen row is not named).
        shares: Base shares, seats x parties, rows summing to 1.
        stood: Whether each party stands in each seat this time (seats x parties).
        group: Area row of each seat; frozen seats point at ``len(areas)``.
        base_area: Base area shares, ``(len(areas) + 1) x parties``; the frozen row is ones.
        weights: Valid votes per seat (the weights of area totals).
        active: Seats a model projects (not frozen).
        speaker: Seats where the Speaker stands this time (``stood``; always frozen).
        cache: Model-specific arrays computed on first use (e.g. strong-transition weak shares).
        target_scale: With candidate lists, ``(n_areas + 1) x parties`` factors turning an
            area's share into the share among the seats where each party still stands
            (:func:`effective_target`); ``None`` when nobody stands down.
        incumbency: ``(features, seats, parties)`` incumbency features from this time's
            candidate names (:func:`psephos.projection.candidates.incumbency_features`), or
            ``None`` when no names are given.
        best_candidate: Seats x parties, the part of each party's share its best candidate
            holds where a column adds up several candidates (two Independents under ``Ind``;
            :func:`best_candidate_fractions`), 1 elsewhere; ``None`` when every column is one
            candidate. A seat's winner is its winning candidate (:meth:`winners`).
    """

    election: Election
    level: str
    areas: tuple[str, ...]
    shares: npt.NDArray[np.float64]
    stood: npt.NDArray[np.bool_]
    group: npt.NDArray[np.int64]
    base_area: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]
    active: npt.NDArray[np.bool_]
    speaker: npt.NDArray[np.bool_]
    cache: dict[str, Any] = field(default_factory=dict)
    target_scale: npt.NDArray[np.float64] | None = None
    incumbency: npt.NDArray[np.float64] | None = None
    best_candidate: npt.NDArray[np.float64] | None = None

    @property
    def n_areas(self) -> int:
        """Number of named areas (the frozen row excluded)."""
        return len(self.areas)

    @property
    def parties(self) -> tuple[str, ...]:
        """Party codes, the column order."""
        return self.election.parties

    @property
    def main_area_rows(self) -> npt.NDArray[np.bool_]:
        """Per named area row, whether its seats are in the main area of the election's
        country (:attr:`~psephos.model.Election.gb_mask`): every row but Northern Ireland's,
        which is a row only when its shares are given."""
        rows: npt.NDArray[np.bool_] | None = self.cache.get("main_area_rows")
        if rows is None:
            rows = np.zeros(self.n_areas, dtype=bool)
            rows[np.unique(self.group[self.active & self.election.gb_mask])] = True
            rows.setflags(write=False)
            self.cache["main_area_rows"] = rows
        return rows

    def winners(self, shares: npt.ArrayLike) -> npt.NDArray[np.intp]:
        """The winning party of each seat of projected ``shares`` (``(..., seats, parties)``):
        the party of the candidate with most votes, each party's column scaled to its best
        candidate (:attr:`best_candidate`), so two Independents who together top the Labour
        winner do not win the seat (2024's Bradford West); without several candidates under
        one column, the largest share. Ties go to the earlier party."""
        values = np.asarray(shares, dtype=np.float64)
        if self.best_candidate is not None:
            values = values * self.best_candidate
        return np.argmax(values, axis=-1)

    def effective_target(self, target: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Area targets (frozen row included) as seen by the seats where parties stand.

        A party that stands down in some seats of an area gets the same area vote from fewer
        seats: its target is divided by the fraction of its base area share that stands again
        (``target_scale``, capped at :data:`STAND_DOWN_CAP`), and the row is renormalised.
        Without stand-downs the target is returned unchanged. After the swing, a party's
        projected share in a seat where it no longer stands is zeroed and the rest
        renormalised (:mod:`.core`).
        """
        array = np.asarray(target, dtype=np.float64)
        if self.target_scale is None:
            return array
        scaled = array * self.target_scale
        scaled[..., :-1, :] /= scaled[..., :-1, :].sum(axis=-1, keepdims=True)
        return scaled

    def extend(self, target: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Append the frozen row (ones) to area targets of shape ``(..., n_areas, parties)``."""
        array = np.asarray(target, dtype=np.float64)
        expected = (self.n_areas, len(self.parties))
        if array.shape[-2:] != expected:
            raise InvalidSharesError(
                f"Area targets have shape {array.shape}; expected (..., {expected[0]}, "
                f"{expected[1]}) for areas {', '.join(self.areas)}."
            )
        ones = np.ones((*array.shape[:-2], 1, array.shape[-1]))
        return np.concatenate((array, ones), axis=-2)


def speaker_seats(election: Election, stood: npt.ArrayLike | None = None) -> npt.NDArray[np.bool_]:
    """Seats where the Speaker stood in this election, or stands in ``stood`` (seats x
    parties: this time's field) when given."""
    from psephos.projection.candidates import speaker_column

    column = speaker_column(election)
    if column is None:
        return np.zeros(election.n_seats, dtype=bool)
    if stood is not None:
        return np.asarray(np.asarray(stood, dtype=bool)[:, column])
    return np.asarray(election.votes[:, column] > 0)


def seat_labels(election: Election, level: str) -> npt.NDArray[np.str_]:
    """Area label of every seat at ``level``. At the national level the seats of the main area
    share one label, its name (:func:`psephos.jurisdictions.national_area`: "Great
    Britain", "Canada", "National" for a file of part of a country), and a seat outside it
    (Northern Ireland's) keeps its nation's."""
    if level == "national":

        def build() -> npt.NDArray[np.str_]:
            from psephos.jurisdictions import national_area

            labels = np.where(election.gb_mask, national_area(election), election.nations)
            labels.setflags(write=False)
            return labels

        return election.seat_lookups.cached("projection.national_labels", build)
    if level == "nation":
        return election.nations
    if level == "region":
        return election.regions
    raise InvalidSharesError(unknown_choice("level", level, LEVELS, listed_as="levels"))


def stood_mask(
    election: Election,
    candidates: Mapping[str, Sequence[str]]
    | Mapping[str, Sequence[tuple[str, str]]]
    | npt.ArrayLike
    | None = None,
) -> npt.NDArray[np.bool_]:
    """Who stands in each seat: this time's candidate lists where given, else last time's.

    Args:
        election: The base election.
        candidates: ``None`` (a party stands where it had votes last time), a seats x parties
            boolean array, or a mapping from ONS code (or seat name) to the party codes (or
            ``(candidate name, party)`` pairs) standing there this time; seats missing from the
            mapping keep last time's parties.
    """
    stood = np.asarray(election.votes > 0)
    if candidates is None:
        return stood
    if isinstance(candidates, Mapping):
        from psephos.projection.candidates import candidate_mask

        return candidate_mask(election, candidates)
    array = np.asarray(candidates, dtype=bool)
    if array.shape != stood.shape:
        raise InvalidSharesError(
            f"candidates has shape {array.shape}; expected {stood.shape} (seats x parties)."
        )
    return array


def best_candidate_fractions(
    election: Election, shares: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64] | None:
    """The part of each party's seat share (``shares``, seats x parties) its best candidate
    holds, where the column adds up several candidates: Independents and Others are columns
    of many candidates whose votes are their own, so the column's total is not one
    candidate's (2024's Bradford West: two Independents with 40.2% together, the best of them
    29.7%, behind the Labour winner's 31.6%). The best candidate's share
    (:meth:`~psephos.model.Election.contest_shares`) over the column's share in ``shares``
    (at most 1: a re-based column may carry less than its best candidate had), 1 for every
    other column; ``None`` when no seat has two candidates under one column (or the election
    has no candidate lists).

    A projection swings the columns as they are (at zero swing it gives the base exactly) and
    reads each seat's winner from the columns scaled by these fractions
    (:meth:`ProjectionBase.winners`): the candidates of a column keep their proportions, and
    the winner of a seat is its winning candidate, as in the base result."""
    if election.candidates is None:
        return None
    strongest = election.contest_shares()
    several = (strongest < election.shares()) & (shares > strongest)
    if not several.any():
        return None
    fractions = np.ones(np.shape(shares), dtype=np.float64)
    fractions[several] = strongest[several] / shares[several]
    fractions.setflags(write=False)
    return fractions


def prepare(
    election: Election,
    level: str = "national",
    *,
    include_ni: bool = False,
    candidates: Mapping[str, Sequence[str]]
    | Mapping[str, Sequence[tuple[str, str]]]
    | npt.ArrayLike
    | None = None,
    rebase: bool | None = None,
    affinity: Mapping[tuple[str, str], float] | None = None,
    incumbency: npt.ArrayLike | None = None,
    carried: npt.ArrayLike | None = None,
) -> ProjectionBase:
    """Precompute the arrays of a base election for one geographic level.

    Args:
        election: The base election.
        level: ``"national"``, ``"nation"`` or ``"region"``.
        include_ni: Project the seats outside the main area too (Northern Ireland's; only
            when their shares are given); otherwise they stay at their base result.
        candidates: This time's candidates (see :func:`stood_mask`).
        rebase: With ``candidates``, give entrants an imputed base share
            (:func:`psephos.projection.candidates.rebase`) and set ``target_scale`` so a party
            standing down in some seats keeps its area vote in the others; ``False`` only
            zeroes the parties not standing. ``None`` (default): re-base candidate lists
            given as a mapping, not a raw seats x parties mask (the low-level form, which
            keeps its original meaning).
        affinity: Affinity overrides for the re-basing (default
            :data:`psephos.projection.candidates.DEFAULT_AFFINITY`).
        incumbency: Incumbency features from this time's candidate names (used by the
            ``adaptive-incumbency`` model; see
            :func:`psephos.projection.candidates.incumbency_features`).
        carried: With ``candidates`` re-based, the part of each Independent's (and Other's)
            last share its candidates now bring
            (:func:`psephos.projection.candidates.carried_shares`); default: from the names
            in ``candidates`` given as a mapping, else all of it.

    Returns:
        A :class:`ProjectionBase`. The seat where the Speaker stands this time is always
        frozen: the Speaker stays (a new Speaker takes the seat's last winning share when
        re-based); so is a seat with no votes (won unopposed). The former Speaker's seat is
        projected like any other.
    """
    labels = seat_labels(election, level)
    stood = stood_mask(election, candidates)
    speaker = speaker_seats(election, stood)
    # a seat with no votes (won unopposed, as a council's uncontested wards) has no shares to
    # swing: it stays at its base result, as the Speaker's does
    unopposed = ~(np.asarray(election.valid_votes, dtype=np.float64) > 0)
    active = ~speaker & ~unopposed & (include_ni | election.gb_mask)
    areas = tuple(sorted(dict.fromkeys(str(label) for label in labels[active])))
    position = {area: row for row, area in enumerate(areas)}
    group = np.array(
        [
            position[str(label)] if on else len(areas)
            for label, on in zip(labels, active, strict=True)
        ],
        dtype=np.int64,
    )
    if rebase is None:
        rebase = isinstance(candidates, Mapping)
    if candidates is not None and rebase:
        from psephos.projection.candidates import carried_shares
        from psephos.projection.candidates import rebase as rebase_shares

        if carried is None and isinstance(candidates, Mapping):
            carried = carried_shares(election, candidates)
        shares = rebase_shares(
            election,
            stood,
            affinity=affinity,
            frozen=~active,
            withdrawals=False,
            carried=carried,
        )
    else:
        shares = election.shares()
    weights = np.asarray(election.valid_votes, dtype=np.float64)
    base_area = np.ones((len(areas) + 1, len(election.parties)))
    base_area[:-1] = area_means(shares[active], weights[active], group[active], len(areas))
    target_scale = None
    # Stand-downs are counted where each column stands, whoever stands for it: a seat where a
    # new Independent replaces last time's counts as one where ``Ind`` stands again.
    field = shares
    if carried is not None and candidates is not None and rebase:
        field = rebase_shares(election, stood, affinity=affinity, frozen=~active, withdrawals=False)
    if candidates is not None and rebase and (active[:, None] & (field > 0) & ~stood).any():
        standing = area_means((field * stood)[active], weights[active], group[active], len(areas))
        whole = area_means(field[active], weights[active], group[active], len(areas))
        target_scale = np.ones_like(base_area)
        target_scale[:-1] = np.where(
            standing > 0,
            np.minimum(whole / np.where(standing > 0, standing, 1.0), STAND_DOWN_CAP),
            1.0,
        )
        target_scale.setflags(write=False)
    stood.setflags(write=False)
    for array in (shares, group, base_area, weights, active, speaker):
        array.setflags(write=False)
    return ProjectionBase(
        election=election,
        level=level,
        areas=areas,
        shares=shares,
        stood=stood,
        group=group,
        base_area=base_area,
        weights=weights,
        active=np.asarray(active),
        speaker=speaker,
        target_scale=target_scale,
        incumbency=None if incumbency is None else np.asarray(incumbency, dtype=np.float64),
        best_candidate=best_candidate_fractions(election, shares),
    )
