"""A national share no nation could hold (the SNP at 35% of Great Britain, the Bloc at 25% of
Canada) is capped by the seats where the party stands; the projection says so in a note
(:func:`psephos.projection.concentration.out_of_reach_notes`) and keeps its numbers."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from typer.testing import CliRunner

import psephos
from psephos.cli import app
from psephos.errors import ShareWarning
from psephos.numbers import format_number
from psephos.projection import project


def _notes(election_id: str, poll: str) -> tuple[list[str], psephos.Election, np.ndarray]:
    base = psephos.load(election_id)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = project(base, poll)
    notes = [str(w.message) for w in caught if issubclass(w.category, ShareWarning)]
    return notes, base, np.asarray(result.shares)


@pytest.mark.parametrize(
    ("election_id", "poll", "party", "area"),
    [
        ("2024", "SNP 35 Lab 30 Con 20", "SNP", "Great Britain"),
        ("canada-2021", "BQ 25 LPC 35 CPC 30", "BQ", "Canada"),
    ],
)
def test_a_share_above_what_the_party_could_win_is_noted(
    election_id: str, poll: str, party: str, area: str
) -> None:
    notes, base, shares = _notes(election_id, poll)
    column = base.parties.index(party)
    votes = np.asarray(base.valid_votes, dtype=np.float64)
    projected = np.asarray(base.nations) != "Northern Ireland"
    stands = projected & (np.asarray(base.votes)[:, column] > 0)
    ceiling = votes[stands].sum() / votes[projected].sum()
    capped = votes[projected] @ shares[projected, column] / votes[projected].sum()
    assert capped <= ceiling + 1e-9  # the seats where it stands cap it
    said = [note for note in notes if "could win" in note]
    assert said == [
        f"{party} {format_number(float(poll.split()[1]) / 100, '.1%')} of {area} is more than "
        f"it could win standing only where it stands: those seats cast "
        f"{format_number(ceiling, '.1%')} of {area}'s votes, so it is capped to "
        f"{format_number(capped, '.1%')}."
    ]


def test_a_share_the_party_could_win_has_no_note() -> None:
    notes, _, _ = _notes("2024", "SNP 3 Lab 35 Con 24 Reform 15 LD 12 Green 7")
    assert not any("could win" in note for note in notes)


def test_project_prints_the_note() -> None:
    result = CliRunner().invoke(
        app, ["project", "--from", "2024", "--poll", "SNP 35 Lab 30 Con 20"]
    )
    assert result.exit_code == 0, result.output
    assert "note: SNP 35.0% of Great Britain is more than it could win" in result.stderr


@pytest.mark.parametrize("election_id", ["2024", "2019"])
def test_the_speakers_share_has_no_note(election_id: str) -> None:
    """Every party at its share of all Great Britain's votes, the Speaker's seat's included
    (the web swingometer before any poll), notes nothing: the Speaker's seat is not projected,
    so its share is no party's out of reach (it was noted as "Speaker 0.1% ... capped to
    0.0%")."""
    base = psephos.load(election_id)
    shares = {p: 100 * s for p, s in base.vote_shares(base.gb_mask).items() if s > 0}
    assert shares["Speaker"] > 0
    notes, _, _ = _notes(election_id, " ".join(f"{p} {s!r}" for p, s in shares.items()))
    assert not any("could win" in note for note in notes), notes
