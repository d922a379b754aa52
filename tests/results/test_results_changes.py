"""What a results story quotes beyond the national table's net change: each party's gains and
losses and who took seats from whom (:func:`psephos.results.gains_table`), the two-party swing
nationally and by area (:func:`psephos.results.national_swing`), each area's turnout
(:func:`psephos.results.area_summary`) and a row per seat
(:func:`psephos.results.seat_summary_rows`)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

import psephos
from psephos.jurisdictions import previous_election
from psephos.results import (
    area_summary,
    changed_hands,
    gains_table,
    national_summary,
    national_swing,
    national_table,
    seat_report,
    seat_summary_rows,
)


def _with_previous(election_id: str) -> tuple[psephos.Election, psephos.Election]:
    current = psephos.load(election_id)
    previous = previous_election(current)
    assert previous is not None
    return current, previous


def test_2024_gains_and_losses_as_reported() -> None:
    """Labour gained 218 seats and lost 7 against the 2019 notional result; the Conservatives
    gained 1 and lost 252 (House of Commons Library, CBP-10009)."""
    rows = {row["party"]: row for row in national_table(*_with_previous("2024"))}
    assert (rows["Lab"]["gains"], rows["Lab"]["losses"]) == (218, 7)
    assert (rows["Con"]["gains"], rows["Con"]["losses"]) == (1, 252)
    assert sum(row["gains"] for row in rows.values()) == 303  # the gains map's count


@pytest.mark.parametrize("election_id", ["2015", "2017", "2019", "2024"])
def test_gains_less_losses_is_the_net_change(election_id: str) -> None:
    current, previous = _with_previous(election_id)
    rows = national_table(current, previous)
    for row in rows:
        assert row["gains"] - row["losses"] == row["seat_change"], row["party"]
    assert sum(row["gains"] for row in rows) == int(changed_hands(current, previous).sum())


@pytest.mark.parametrize("election_id", ["2019", "2024"])
def test_who_took_from_whom_counts_the_seats_outcomes(election_id: str) -> None:
    """The matrix counts the "X gain from Y" outcomes of the seat reports, Speaker seats
    included (2019: Con gain from Speaker in Buckingham, Speaker gain from Lab in Chorley)."""
    current, previous = _with_previous(election_id)
    outcomes = Counter(seat_report(current, code, previous).outcome for code in current.codes)
    matrix = gains_table(current, previous)
    for row in matrix:
        for key, n in row.items():
            if key.startswith("from_") and n:
                then = key.removeprefix("from_")
                said = f"{current.label(row['party'])} gain from {current.label(then)}"
                assert outcomes[said] == n, said
        assert row["gains"] == sum(v for k, v in row.items() if k.startswith("from_"))
    losses = {row["party"]: row["losses"] for row in national_table(current, previous)}
    for key in matrix[0]:
        if key.startswith("from_"):
            party = key.removeprefix("from_")
            assert sum(row[key] for row in matrix) == losses.get(party, 0), party


def test_the_national_swing_is_the_butler_swing_of_the_top_two() -> None:
    """2024: Labour first and the Conservatives second by votes; the Butler swing is the mean
    of Labour's share change and the Conservatives' fall (+1.62 and -19.92: 10.77 points)."""
    current, previous = _with_previous("2024")
    swing, parties = national_swing(current, previous) or (None, None)
    assert parties == ("Con", "Lab")
    changes = {row["party"]: row["share_change_pct"] for row in national_table(current, previous)}
    assert swing == pytest.approx((changes["Lab"] - changes["Con"]) / 2)
    assert swing == pytest.approx(10.77, abs=0.01)
    summary = national_summary(current, previous)
    assert (summary["swing_from"], summary["swing_to"]) == ("Con", "Lab")
    assert "10.8-point swing from Con to Lab (Butler" in summary["headline"][-1]
    assert "swing" not in " ".join(national_summary(psephos.load("2010"))["headline"])


def test_area_turnout_and_swing() -> None:
    """Each nation's electorate, valid votes and turnout add up to the national figures, and
    Scotland's swing is from the SNP to Labour."""
    current, previous = _with_previous("2024")
    rows = {row["nation"]: row for row in area_summary(current, "nation", previous)}
    assert sum(row["n_seats"] for row in rows.values()) == 650
    electorate = sum(row["electorate"] for row in rows.values())
    valid = sum(row["valid_votes"] for row in rows.values())
    assert electorate == int(np.asarray(current.electorate).sum())
    assert valid == round(float(current.votes.sum()))
    assert national_summary(current, previous)["turnout_pct"] == pytest.approx(
        valid / electorate * 100
    )
    scotland = rows["Scotland"]
    assert scotland["turnout_pct"] == pytest.approx(
        scotland["valid_votes"] / scotland["electorate"] * 100
    )
    assert (scotland["swing_from"], scotland["swing_to"]) == ("SNP", "Lab")
    assert "swing_pct" not in area_summary(current, "nation", None)[0]  # no previous, no swing


def test_a_row_per_seat() -> None:
    current, previous = _with_previous("2024")
    rows = {row["name"]: row for row in seat_summary_rows(current, previous)}
    assert len(rows) == 650
    clacton = rows["Clacton"]
    assert clacton["outcome"] == "Reform UK gain from Con"
    assert (clacton["swing_from"], clacton["swing_to"]) == ("Con", "Reform")
    assert clacton["swing_pct"] == pytest.approx(45.1, abs=0.05)
    assert rows["Hendon"]["majority"] == 15 and rows["Hendon"]["winner"] == "Lab"
    assert rows["Chorley"]["swing_pct"] is None  # the Speaker's seat: no comparable swing
    report = seat_report(current, "Hendon", previous)
    assert rows["Hendon"]["turnout_pct"] == report.turnout_pct
    assert rows["Hendon"]["electorate"] == report.electorate == 74865
