"""A national share no nation could hold (the SNP at 35% of Great Britain, the Bloc at 25% of
Canada) is capped by the seats where the party stands; the projection says so in a note
(:func:`psephos.projection.concentration.out_of_reach_notes`) and keeps its numbers."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

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
        f"{format_number(ceiling, '.1%')} of the votes of {area}, so it is capped to "
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


def _wards(tmp_path: Path) -> str:
    """Fifteen made-up council wards of one English county in the UK's layout: UK parties,
    ward codes, a file of part of Great Britain."""
    rows = ["seat_code,seat_name,party,votes"]
    for ward in range(1, 16):
        for step, party in enumerate(("Con", "Lab", "LD", "Green", "Reform")):
            rows.append(f"E0500{1000 + ward},Ward {ward},{party},{500 + 97 * ((ward + step) % 7)}")
    path = tmp_path / "wards.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def test_a_file_of_part_of_great_britain_is_not_called_great_britain(tmp_path: Path) -> None:
    """Fifteen wards of one county are not Great Britain: the notes say "the file's area",
    the JSON keys the national shares "National" (as a file of its own country does), and
    "GB" still names the file's whole area in area shares. It said "Other 5.0% of Great
    Britain" and keyed "Great Britain"."""
    wards = _wards(tmp_path)
    poll = "Con=20,Lab=20,LD=20,Green=15,Reform=20,Other=5"
    runner = CliRunner()
    result = runner.invoke(app, ["project", "--from", wards, "--poll", poll])
    assert result.exit_code == 0, result.output
    assert "Great Britain" not in result.output
    assert "note: Other 5.0% of the file's area is more than it could win" in result.stderr
    answer = json.loads(
        runner.invoke(app, ["project", "--from", wards, "--poll", poll, "-f", "json"]).stdout
    )
    assert list(answer["target_shares"]) == ["National"]
    areas = tmp_path / "gb.csv"
    areas.write_text("area,Con,Lab,LD,Green,Reform\nGB,30,30,20,10,10\n", encoding="utf-8")
    by_region = runner.invoke(app, ["project", "--from", wards, "--by-region", str(areas)])
    assert by_region.exit_code == 0, by_region.output


def test_the_whole_of_great_britain_in_a_file_is_great_britain(tmp_path: Path) -> None:
    """A user's file of every seat of a bundled election is the whole country: its national
    area keeps the country's name."""
    from psephos import jurisdictions

    bundled = psephos.load("2024")
    rows = ["seat_code,seat_name,party,votes"]
    for seat, votes in zip(bundled.constituencies, np.asarray(bundled.votes), strict=True):
        name = seat.name.replace('"', "")
        rows += [
            f'{seat.code},"{name}",{party},{int(n)}'
            for party, n in zip(bundled.parties, votes, strict=True)
            if n > 0
        ]
    path = tmp_path / "whole.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the note that regions come from the bundled seats
        whole = jurisdictions.read_results_csv(str(path))
    assert whole.from_file is not None
    assert jurisdictions.national_area(whole) == "Great Britain"
    assert jurisdictions.national_area(psephos.load("canada-2021")) == "Canada"
