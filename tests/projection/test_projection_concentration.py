"""The note on a party standing in few of the seats where it stood last time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import psephos
from psephos.model import Election
from psephos.projection import project


@pytest.fixture(scope="module")
def notional() -> Election:
    return psephos.load("2019-notional-2024")


def _same_field(election: Election) -> dict[str, list[str]]:
    return {
        code: [p for p, v in zip(election.parties, row, strict=True) if v > 0]
        for code, row in zip(election.codes, election.votes, strict=True)
    }


def _greens_only_outside(election: Election, nation: str) -> dict[str, list[str]]:
    """Last time's field, less the Greens in every seat of ``nation``."""
    return {
        code: [p for p, v in zip(election.parties, row, strict=True) if v > 0 and p != "Green"]
        if seat_nation == nation
        else [p for p, v in zip(election.parties, row, strict=True) if v > 0]
        for code, row, seat_nation in zip(
            election.codes, election.votes, election.nations, strict=True
        )
    }


def _notes(call: Any) -> tuple[list[str], Any]:
    import warnings

    from psephos.projection import ShareWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ShareWarning)
        result = call()
    return [str(w.message) for w in caught if issubclass(w.category, ShareWarning)], result


POLL = "Lab 35 Con 24 Reform 15 LD 12 Green 7 SNP 3"


@pytest.mark.parametrize(
    ("model", "how"),
    [
        ("national", ", so its share of Great Britain ({}) is concentrated in them"),
        ("regional-uniform", "; in the model's areas where it stands nowhere its share of Great"),
    ],
)
def test_a_party_standing_in_few_seats_is_told_where_its_share_goes(
    notional: Election, model: str, how: str
) -> None:
    """The Greens standing down in every English seat: a model that swings Great Britain as
    one area keeps their GB share in the few seats where they stand (the stand-down rule),
    a regional one leaves it with the parties standing in England; a note says which, how few
    seats, and their share there and overall, from the projection's own figures."""
    from psephos.numbers import format_number

    lists = _greens_only_outside(notional, "England")
    notes, result = _notes(lambda: project(notional, POLL, model=model, candidates=lists))
    green = notional.party_index("Green")
    speaker = np.asarray(notional.votes)[:, notional.party_index("Speaker")] > 0
    projected = ~speaker & (notional.nations != "Northern Ireland")  # what the model moves
    stood = (np.asarray(notional.votes)[:, green] > 0) & projected
    standing = stood & (notional.nations != "England")
    assert 0 < standing.sum() < stood.sum() / 4
    said = [n for n in notes if n.startswith("Green stands in")]
    assert len(said) == 1, notes
    valid = np.asarray(notional.valid_votes, dtype=np.float64)
    area = ["Great Britain" if model == "national" else str(r) for r in notional.regions]
    rows = [result.areas.index(area[seat]) for seat in np.flatnonzero(projected)]
    poll = valid[projected] @ result.target[rows, green] / valid[projected].sum()
    mean = valid[standing] @ result.shares[standing, green] / valid[standing].sum()
    overall = valid[projected] @ result.shares[projected, green] / valid[projected].sum()
    assert (mean > poll) == (model == "national")  # concentrated, or not
    top = int(np.flatnonzero(standing)[result.shares[standing, green].argmax()])
    assert said[0].startswith(
        f"Green stands in {int(standing.sum())} of the {int(stood.sum())} projected seats it "
        "stood in last time" + how.format(format_number(poll, ".1%"))
    )
    assert f"it averages {format_number(mean, '.1%')}, against " in said[0]
    assert f"and reaches {format_number(result.shares[top, green], '.1%')} in " in said[0]
    assert f" in {notional.constituencies[top].name}; " in said[0]
    assert said[0].endswith(f"over all the seats projected it has {format_number(overall, '.1%')}.")


def test_a_party_standing_down_in_some_seats_only_gets_no_such_note(notional: Election) -> None:
    for lists in (_greens_only_outside(notional, "Scotland"), _same_field(notional), None):
        notes, _ = _notes(lambda lists=lists: project(notional, POLL, candidates=lists))
        assert not any("projected seats it stood in last time" in note for note in notes)


def test_the_command_prints_the_note_from_a_candidates_file(
    notional: Election, tmp_path: Path
) -> None:
    import json

    from typer.testing import CliRunner

    from psephos.cli import app

    english = notional.nations == "England"
    lists = _greens_only_outside(notional, "England")
    path = tmp_path / "candidates.csv"
    path.write_text(
        "seat_code,party\n"
        + "".join(
            f"{code},{party}\n"
            for code, on in zip(notional.codes, english, strict=True)
            if on
            for party in lists[code]
        ),
        encoding="utf-8",
    )
    options = ["project", "--from", notional.id, "--poll", POLL, "--candidates", str(path)]
    result = CliRunner().invoke(app, [*options, "--format", "json"])
    assert result.exit_code == 0, result.output
    notes, _ = _notes(lambda: project(notional, POLL, candidates=lists))
    said = [n for n in notes if n.startswith("Green stands in")]
    assert len(said) == 1
    assert said[0] in json.loads(result.stdout)["notes"]
    assert f"note: {said[0]}" in " ".join(result.stderr.split())
