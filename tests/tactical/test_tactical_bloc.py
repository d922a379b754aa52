"""Bloc recommendations ("defeat X")."""

from __future__ import annotations

from dataclasses import replace

import pytest

from psephos.model import Constituency, Election
from psephos.tactical.bloc import abstentionist_parties, bloc_recommendations, confidence_label
from psephos.tactical.errors import PreferenceError
from psephos.tactical.uncertainty import SeatUncertainty


def _seat(code: str, name: str) -> Constituency:
    return Constituency(code, name, "England", "London", electorate=70_000, boundary_set="test")


@pytest.fixture(scope="module")
def toy() -> SeatUncertainty:
    parties = ("Con", "Lab", "LD", "SF")
    votes = [
        [20_000, 5_000, 18_000, 0],  # Con vs LD: LD the pick, a target
        [20_000, 19_000, 3_000, 0],  # Con vs Lab
        [40_000, 3_000, 2_500, 0],  # hopeless for the bloc
        [1_000, 25_000, 3_000, 0],  # Lab safe: not needed
        [0, 0, 15_000, 15_200],  # SF and LD level, no Con: seat-taker preferred
    ]
    seats = [_seat(f"E{i}", f"Seat {i}") for i in range(5)]
    election = Election.from_votes("toy", seats, parties, votes)
    return SeatUncertainty.from_election(election, n_sims=3000, seed=11)


def test_picks_and_statuses(toy: SeatUncertainty) -> None:
    recs = bloc_recommendations(toy, "Con", "Lab,LD,SF")
    assert [r.pick for r in recs] == ["LD", "Lab", "Lab", "Lab", "LD"]
    assert [r.status for r in recs] == ["target", "target", "long shot", "not needed", "not needed"]
    assert recs[0].confidence == "high"
    assert recs[3].p_against_wins < 0.05


def test_confidence_labels() -> None:
    assert confidence_label(0.95) == "high"
    assert confidence_label(0.75) == "medium"
    assert confidence_label(0.5) == "low"


def test_bloc_errors(toy: SeatUncertainty) -> None:
    with pytest.raises(PreferenceError):
        bloc_recommendations(toy, "")
    with pytest.raises(PreferenceError):
        bloc_recommendations(toy, "Con", "Con,Lab")


def test_build_backs_the_named_party_only_in_long_shots(toy: SeatUncertainty) -> None:
    plain = bloc_recommendations(toy, "Con", "Lab,LD,SF")
    built = bloc_recommendations(toy, "Con", "Lab,LD,SF", build="LD")
    # seat 2 is the only long shot: there the bloc backs the Liberal Democrats (third)
    assert [r.pick for r in built] == ["LD", "Lab", "LD", "Lab", "LD"]
    assert [r.rule for r in built] == ["best placed"] * 2 + ["build"] + ["best placed"] * 2
    assert built[2].runner_up_pick == plain[2].pick == "Lab"
    # limited to chosen seats, it changes nothing elsewhere
    none = bloc_recommendations(toy, "Con", "Lab,LD,SF", build="LD", build_where=[False] * 5)
    assert [r.pick for r in none] == [r.pick for r in plain]
    assert all(r.rule == "best placed" for r in none)


def test_build_errors(toy: SeatUncertainty) -> None:
    with pytest.raises(PreferenceError, match="not in the bloc"):
        bloc_recommendations(toy, "Con", "Lab,LD", build="SF")
    with pytest.raises(PreferenceError, match="one party"):
        bloc_recommendations(toy, "Con", "Lab,LD", build="Lab,LD")
    with pytest.raises(PreferenceError, match="5 seats"):
        bloc_recommendations(toy, "Con", "Lab,LD", build="LD", build_where=[True, False])


def test_abstentionists_are_the_country_s(toy: SeatUncertainty) -> None:
    # Seat 4: SF a shade ahead of LD. The UK's SF does not take its seats, so the bloc backs
    # LD there; in a country with no abstentionists (a file of its own country's parties, or
    # abstentionists=()) an SF seat is worth as much as any, and SF is the pick.
    uk = bloc_recommendations(toy, "Con", "Lab,LD,SF")
    assert abstentionist_parties(toy.election) == ("SF",)
    assert uk[4].pick == "LD"
    assert bloc_recommendations(toy, "Con", "Lab,LD,SF", abstentionists=())[4].pick == "SF"
    own = replace(toy.election, meta={**toy.election.meta, "jurisdiction": "own"})
    own_toy = SeatUncertainty.from_election(own, n_sims=3000, seed=11)
    assert abstentionist_parties(own) == ()
    assert bloc_recommendations(own_toy, "Con", "Lab,LD,SF")[4].pick == "SF"
