"""A party standing in few seats whose national change a model applies point for point there
(the Bloc Québécois under the uniform model) gets a note saying its projected share is not the
poll's (:func:`psephos.projection.concentration.point_for_point_notes`); the numbers stay."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import psephos
from psephos.errors import ShareWarning
from psephos.projection import project

POLL = "LPC 33 CPC 34 NDP 18 BQ 5 GPC 2 PPC 8"


def _projected(
    model: str, areas: dict[str, dict[str, float]] | None = None
) -> tuple[list[str], float]:
    """The notes of a canada-2021 projection of :data:`POLL` and its Bloc share of the vote."""
    base = psephos.load("canada-2021")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = project(base, POLL, model=model, areas=areas)
    notes = [str(w.message) for w in caught if issubclass(w.category, ShareWarning)]
    votes = np.asarray(result.election.votes)
    return notes, float(votes[:, base.parties.index("BQ")].sum() / votes.sum())


@pytest.mark.parametrize("model", ["uniform", "regional-uniform", "transition"])
def test_a_bloc_moved_by_its_national_change_in_points_is_noted(model: str) -> None:
    """These models gave the Bloc 28 seats from a 5% poll, against the national model's 7,
    its projected share near 7%, without a word."""
    notes, bloc = _projected(model)
    said = [note for note in notes if note.startswith("BQ stands in 78 of the 338 seats")]
    assert len(said) == 1
    assert (
        f"the {model} model moves its share there by its national change in points, so it "
        f"projects {bloc:.1%}, not the poll's 5.0% (the national model scales the change by "
        "where a party stands)." in said[0]
    )
    assert bloc > 0.06


def test_no_note_where_the_model_scales_the_change_or_the_area_has_its_own_shares() -> None:
    notes, _ = _projected("national")
    assert not [note for note in notes if note.startswith("BQ stands in")]
    quebec = {"BQ": 28.0, "LPC": 35.0, "CPC": 20.0, "NDP": 10.0, "GPC": 2.0, "PPC": 5.0}
    notes, _ = _projected("regional-uniform", {"Quebec": quebec})
    assert not [note for note in notes if note.startswith("BQ stands in")]
