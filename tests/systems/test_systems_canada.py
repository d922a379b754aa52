"""The bundled Canadian elections: golden seat and vote totals, schema, raw-file cross-check."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from psephos.errors import UnknownElectionError
from psephos.io.bundled import table
from psephos.io.canada import load_canada
from psephos.jurisdictions import previous_election
from psephos.model import CANADA_PARTY_CODES

OFFICIAL = {
    "canada-2019": {"LPC": 157, "CPC": 121, "BQ": 32, "NDP": 24, "GPC": 3, "Ind": 1},
    "canada-2021": {"LPC": 160, "CPC": 119, "BQ": 32, "NDP": 25, "GPC": 2},
}
# Elections Canada official national valid votes.
VALID_VOTES = {"canada-2019": 18_170_880, "canada-2021": 17_034_243}


@pytest.mark.parametrize("election_id", list(OFFICIAL))
def test_official_seat_counts(election_id: str) -> None:
    election = load_canada(election_id)
    won = {p: n for p, n in election.seats_won().items() if n}
    assert won == OFFICIAL[election_id]
    assert election.n_seats == 338
    assert election.parties == CANADA_PARTY_CODES


@pytest.mark.parametrize("election_id", list(OFFICIAL))
def test_votes_and_model_shape(election_id: str) -> None:
    election = load_canada(election_id)
    assert election.votes.sum() == VALID_VOTES[election_id]
    assert set(election.nations) == {"Canada"}
    assert len(set(election.regions)) == 13  # ten provinces, three territories
    assert election.candidates is not None
    totals = np.array([sum(c.votes for c in seat) for seat in election.candidates])
    assert np.array_equal(totals, election.valid_votes)
    assert np.all(election.invalid_votes > 0)


def test_known_ridings() -> None:
    e2019 = load_canada("canada-2019")
    granville = e2019.result("Vancouver Granville")
    assert granville.winner == "Ind"
    assert granville.candidates[0].name == "Jody Wilson-Raybould" or any(
        c.name == "Jody Wilson-Raybould" for c in granville.candidates
    )
    avalon = load_canada("canada-2021").result("10001")
    assert avalon.winner == "LPC"
    assert avalon.valid_votes == 37_144
    assert avalon.constituency.electorate == 70_903
    assert avalon.constituency.region == "Newfoundland and Labrador"


def test_previous_and_aliases() -> None:
    e2021 = load_canada("CA2021")
    previous = previous_election(e2021)
    assert previous is not None and previous.id == "canada-2019"
    assert previous.codes == e2021.codes  # same 2013 ridings
    with pytest.raises(UnknownElectionError, match="canada-2019"):
        load_canada("canada-2015")


def test_bundled_schema() -> None:
    ridings = table("canada_ridings")
    candidates = table("canada_candidates")
    assert list(ridings.columns) == [
        "election",
        "code",
        "name",
        "province",
        "population",
        "electorate",
        "valid_votes",
        "invalid_votes",
    ]
    assert list(candidates.columns) == [
        "election",
        "code",
        "candidate",
        "incumbent",
        "party",
        "party_name",
        "votes",
    ]
    assert set(candidates["party"]) <= set(CANADA_PARTY_CODES)
    assert not ridings.duplicated(["election", "code"]).any()
    assert (candidates["votes"] >= 0).all()


def test_parties_are_read_from_the_end_of_the_candidate_string(shared_data: Path) -> None:
    """Rebuild from the raw files: the same tables as bundled (surnames like Green or Block do
    not fool the parser)."""
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "scripts" / "build_canada.py"
    spec = importlib.util.spec_from_file_location("build_canada", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ridings, candidates = module.build(shared_data)
    pd.testing.assert_frame_equal(
        candidates.reset_index(drop=True),
        table("canada_candidates").reset_index(drop=True),
        check_dtype=False,
    )
    assert module.split_candidate("Mike Green Conservative/Conservateur")[2] == "CPC"
    assert module.split_candidate("Jo Block ** Green Party/Parti Vert")[1:3] == (True, "GPC")
    assert len(ridings) == 676
