"""A seat with no result (no votes for two or more candidates) in the forecast's draws."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from psephos.forecast.montecarlo import forecast
from psephos.jurisdictions import read_results_csv
from psephos.projection import project

#: Four seats: Barton won unopposed (no votes, one candidate), Denby's two candidates have no
#: votes yet (a count not entered).
NOT_COUNTED = (
    "seat_code,seat_name,party,votes\n"
    "1,Ashby,Con,100\n1,Ashby,Lab,50\n"
    "2,Barton,Lab,0\n"
    "3,Carlton,Lab,70\n3,Carlton,Con,60\n"
    "4,Denby,Lab,0\n4,Denby,Con,0\n"
)


@pytest.mark.parametrize("algorithm", ["fast", "naive"])
def test_a_seat_with_no_result_is_no_party_s_in_any_draw(tmp_path: Path, algorithm: str) -> None:
    """The projection counts Denby for nobody (Lab 3 of 4); the forecast had counted it for a
    party in every draw, so Labour's seats ran to 4 where the projection's could not."""
    path = tmp_path / "results.csv"
    path.write_text(NOT_COUNTED, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the reader's and the poll's notes
        base = read_results_csv(path)
        projection = project(base, {"Con": 40, "Lab": 60}, model="uniform")
    result = forecast(base, projection, n_sims=400, seed=3, algorithm=algorithm)
    # Barton and Carlton are Labour's in every draw, Ashby goes either way, Denby to nobody
    assert result.total_histogram[:, 4].sum() == 0  # nobody ever has all four seats
    lab = result.parties.index("Lab")
    con = result.parties.index("Con")
    assert result.seat_quantile("Lab", 1.0) == 3
    assert 2.0 < result.expected_seats["Lab"] < 3.0
    assert result.expected_seats["Lab"] + result.expected_seats["Con"] == pytest.approx(3.0)
    assert result.win_probability[3].tolist() == [0.0] * len(result.parties)
    assert result.win_probability[1, lab] == 1.0 and result.win_probability[0, con] > 0
    denby = result.seat_rows(base)[3]
    assert (denby["name"], denby["favourite"], denby["p_favourite"]) == ("Denby", None, None)
    assert result.seat_rows(base)[1]["favourite"] == "Lab"  # won unopposed: still Labour's
