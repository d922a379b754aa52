"""Nowcast: idempotent, corrections, persistence, candidates, Northern Ireland, the baseline."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

import psephos
from psephos.errors import DataFormatError, PsephosError, UnknownPartyError
from psephos.forecast import Nowcast, replay
from psephos.forecast.exitpoll import election_pair
from psephos.forecast.nowcast import (
    CHOSEN_SETTINGS,
    DEFAULT_SETTINGS,
    LIVE_SETTINGS,
    baseline_seats,
    choose_settings,
    chosen_settings,
    declaration_order,
    interval_coverage,
    n_timed_declarations,
    replay_order,
    seat_frame,
    tuning_nights,
    votes_of,
)
from psephos.forecast.pooling import (
    PoolingSettings,
    fit_changes,
    regional_mean_swing,
    win_probability,
)
from psephos.model import Candidate


@pytest.fixture(scope="module")
def night() -> tuple[psephos.Election, psephos.Election, list[str]]:
    return psephos.load("2015"), psephos.load("2017"), declaration_order("2017")


def test_declaration_order_is_real(night) -> None:  # type: ignore[no-untyped-def]
    _, target, order = night
    assert len(order) == 650 == len(set(order))
    assert target.result(order[0]).constituency.name.startswith("Newcastle")
    with pytest.raises(PsephosError):
        declaration_order("2010")


def test_same_result_twice_changes_nothing(night) -> None:  # type: ignore[no-untyped-def]
    base, target, order = night
    nowcast = Nowcast(base, standing=target.votes > 0)
    for code in order[:20]:
        assert nowcast.declare(code, votes_of(target, target.seat_index(code))) == "new"
    before = nowcast.projection()
    assert nowcast.declare(order[3], votes_of(target, target.seat_index(order[3]))) == "unchanged"
    after = nowcast.projection()
    assert after is before
    assert nowcast.n_declared == 20


def test_correction_replaces_the_result(night) -> None:  # type: ignore[no-untyped-def]
    base, target, order = night
    nowcast = Nowcast(base, standing=target.votes > 0)
    code = order[0]
    wrong = {"Con": 30000.0, "Lab": 100.0}
    nowcast.declare(code, wrong)
    assert nowcast.projection().declared_seats["Con"] == 1
    assert nowcast.declare(code, votes_of(target, target.seat_index(code))) == "corrected"
    assert nowcast.n_declared == 1
    assert nowcast.projection().declared_seats["Con"] == 0


def test_a_correction_of_only_some_of_a_seat_s_parties_is_refused(night) -> None:  # type: ignore[no-untyped-def]
    """A recount's one changed row, fed alone, would replace the seat's whole declaration and
    hand it to that party: refused, naming what it leaves out. A whole correction (a party
    that did not stand given 0) replaces the declaration."""
    base, target, order = night
    nowcast = Nowcast(base, standing=target.votes > 0)
    code = order[0]
    name = base.result(code).constituency.name
    nowcast.declare(code, {"Con": 14739.0, "Lab": 14760.0, "LD": 3826.0})
    with pytest.raises(
        DataFormatError,
        match=rf"^{name} \({code}\) is declared again without Con and LD, given in its "
        "stored declaration: a declaration given again replaces the seat's whole result",
    ):
        nowcast.declare(code, {"Lab": 13760.0})
    assert nowcast.projection().declared_seats["Lab"] == 1
    with pytest.raises(DataFormatError, match="declared again without"):
        nowcast.check(code, {"Lab": 13760.0, "Con": 14739.0})
    assert nowcast.declare(code, {"Lab": 13760.0, "Con": 14739.0, "LD": 0.0}) == "corrected"
    assert nowcast.projection().declared_seats["Con"] == 1


def test_state_survives_a_crash(tmp_path: Path, night) -> None:  # type: ignore[no-untyped-def]
    base, target, order = night
    store = tmp_path / "night.sqlite"
    first = Nowcast(base, standing=target.votes > 0, store=store)
    for code in order[:30]:
        first.declare(code, votes_of(target, target.seat_index(code)))
    projected = first.projection().projected_seats
    # no close(): every declaration was committed; another connection sees them all
    rows = sqlite3.connect(store).execute("SELECT COUNT(*) FROM declarations").fetchone()
    assert rows[0] == 30
    assert sqlite3.connect(store).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    second = Nowcast(base, standing=target.votes > 0, store=store)
    assert second.n_declared == 30
    assert second.projection().projected_seats == pytest.approx(projected)
    with pytest.raises(PsephosError, match="belongs to"):
        Nowcast(psephos.load("2017"), store=store)


def test_bad_declarations(night) -> None:  # type: ignore[no-untyped-def]
    base, _, order = night
    nowcast = Nowcast(base)
    with pytest.raises(UnknownPartyError):
        nowcast.declare(order[0], {"Tory": 10})
    with pytest.raises(DataFormatError):
        nowcast.declare(order[0], {"Con": 0})
    with pytest.raises(KeyError):
        nowcast.declare("X99999999", {"Con": 10})


def test_replay_scores_the_nowcast_and_the_regional_baseline() -> None:
    steps = replay("2017", checkpoints=(50, 650))
    at_50, last = steps
    assert at_50.n_declared == 50
    assert at_50.error_nowcast <= 19  # the goal for 2017 after 50
    assert at_50.error_nowcast_gb <= at_50.error_nowcast
    assert last.error_nowcast == pytest.approx(0)
    assert last.error_baseline == last.error_baseline_gb == 0


def test_2024_replay_gives_labour_411_from_the_candidates() -> None:
    # party-summed votes would give Labour 409: two Independents are two candidates
    steps = replay("2024", checkpoints=(650,))
    assert steps[-1].projected["Lab"] == 411
    assert steps[-1].projected["Ind"] == 6
    assert steps[-1].error_nowcast == pytest.approx(0)


def test_declaration_order_2024_puts_the_timed_seats_first() -> None:
    order = declaration_order("2024")
    timed = n_timed_declarations("2024")
    assert 200 <= timed < 650
    assert len(order) == 650 == len(set(order))
    assert order[timed:] == sorted(order[timed:])


def test_a_declared_seat_goes_to_the_winning_candidate() -> None:
    base = psephos.load("2019-notional-2024")
    code = base.codes[0]
    nowcast = Nowcast(base)
    two_independents = [
        Candidate("A Lab", "Lab", "Labour", 10_000),
        Candidate("B Ind", "Ind", "Independent", 7_000),
        Candidate("C Ind", "Ind", "Independent", 6_000),
    ]
    assert nowcast.declare(code, two_independents) == "new"
    assert nowcast.projection().declared_seats["Lab"] == 1
    assert nowcast.declare(code, two_independents) == "unchanged"
    # by party totals the Independents (13,000) would have won
    assert nowcast.declare(code, {"Lab": 10_000, "Ind": 13_000}) == "corrected"
    assert nowcast.projection().declared_seats["Ind"] == 1


def test_candidates_survive_the_store(tmp_path: Path) -> None:
    base = psephos.load("2019-notional-2024")
    store = tmp_path / "night.sqlite"
    first = Nowcast(base, store=store)
    first.declare(base.codes[1], [Candidate("X", "Ind", "Ind", 9), Candidate("Y", "Con", "C", 8)])
    first.close()
    second = Nowcast(base, store=store)
    assert second.projection().declared_seats["Ind"] == 1
    second.close()


def test_before_any_declaration_the_base_is_projected() -> None:
    base = psephos.load("2015")
    projection = Nowcast(base).projection()
    assert projection.n_declared == 0
    assert sum(projection.declared_seats.values()) == 0
    assert sum(projection.projected_seats.values()) == pytest.approx(650)
    assert projection.projected_seats["Con"] == pytest.approx(330, abs=15)


def test_a_selection_of_seats_is_nowcast_with_its_own_nominations() -> None:
    base = psephos.load("2019-notional-2024")
    gb = base.select(base.gb_mask)  # the bundled 2024 nominations also list the 18 NI seats
    projection = Nowcast(gb).projection()
    assert sum(projection.projected_seats.values()) == pytest.approx(gb.n_seats)


def test_few_declarations_give_wide_probabilities(night) -> None:  # type: ignore[no-untyped-def]
    base, target, order = night
    frame = seat_frame(base, target.votes > 0)
    shares = target.shares()
    spreads = []
    for n in (5, 300):
        seen = np.array([target.seat_index(c) for c in order[:n]])
        fit = fit_changes(frame, seen, shares[seen], LIVE_SETTINGS)
        undeclared = np.setdiff1d(np.arange(650), seen)
        spreads.append(float(np.median(fit.seat_sd[undeclared])))
    assert spreads[0] > spreads[1] > 0


def test_northern_ireland_is_its_own_block(night) -> None:  # type: ignore[no-untyped-def]
    base, target, _ = night
    frame = seat_frame(base, target.votes > 0)
    shares = target.shares()
    gb = np.flatnonzero(~frame.outside)[:100]
    ni = np.flatnonzero(frame.outside)
    only_gb = fit_changes(frame, gb, shares[gb], LIVE_SETTINGS)
    # GB declarations leave Northern Ireland at its base
    held = np.where(frame.standing[ni], frame.base_shares[ni], 0.0)
    np.testing.assert_allclose(only_gb.shares[ni], held / held.sum(axis=1, keepdims=True))
    with_ni = np.r_[gb, ni[:3]]
    fit = fit_changes(frame, with_ni, shares[with_ni], LIVE_SETTINGS)
    undeclared_ni = ni[3:]
    shift = fit.shares[undeclared_ni] - frame.base_shares[undeclared_ni]
    observed = (shares[ni[:3]] - frame.base_shares[ni[:3]]).mean(axis=0)
    shrink = 3 / (3 + LIVE_SETTINGS.outside_prior_seats)
    stand = frame.standing[undeclared_ni]
    np.testing.assert_allclose(
        shift[:, stand.all(axis=0)].mean(axis=0),
        (shrink * observed)[stand.all(axis=0)],
        atol=0.02,
    )


def test_baseline_is_plain_regional_mean_swing(night) -> None:  # type: ignore[no-untyped-def]
    base, target, order = night
    frame = seat_frame(base, target.votes > 0)
    shares = target.shares()
    seen = np.array([target.seat_index(c) for c in order[:40]])
    projected = regional_mean_swing(frame, seen, shares[seen])
    regions = np.asarray(target.regions)
    for region in ("North East", "Wales"):
        members = np.flatnonzero(regions == region)
        in_region = np.intersect1d(members, seen)
        assert len(in_region) > 0
        change = (shares[in_region] - frame.base_shares[in_region]).mean(axis=0)
        other = np.setdiff1d(members, seen)[0]
        expected = np.where(frame.standing[other], frame.base_shares[other] + change, 0.0)
        expected = np.clip(expected, 0.0, None)
        np.testing.assert_allclose(projected[other], expected / expected.sum())
    everything = np.arange(650)
    winners = baseline_seats(frame, everything, shares, target.winner)
    np.testing.assert_array_equal(winners, target.winner)


def test_pooling_with_huge_priors_is_the_mean_change(night) -> None:  # type: ignore[no-untyped-def]
    base, target, order = night
    frame = seat_frame(base, target.votes > 0)
    shares = target.shares()
    seen = np.array([target.seat_index(c) for c in order[:80]])
    seen = seen[~frame.outside[seen]]
    rigid = PoolingSettings(region_strength=1e9, slope_strength=1e9)
    fit = fit_changes(frame, seen, shares[seen], rigid)
    lab = target.parties.index("Lab")
    other = np.setdiff1d(np.flatnonzero(~frame.outside & frame.standing[:, lab]), seen)
    change = (shares[seen, lab] - frame.base_shares[seen, lab]).mean()
    raw = np.clip(frame.base_shares[other, lab] + change, 0.002, None)
    # before renormalisation every undeclared seat moved by the same mean change
    assert np.corrcoef(fit.shares[other, lab], raw)[0, 1] > 0.99


def test_win_probability_is_a_distribution() -> None:
    shares = np.array([[0.5, 0.3, 0.2], [0.4, 0.4, 0.2], [0.6, 0.0, 0.4]])
    probability = win_probability(shares, np.array([0.05, 0.05, 0.0]))
    np.testing.assert_allclose(probability.sum(axis=1), 1.0)
    assert probability[1, 0] == pytest.approx(probability[1, 1])
    assert probability[2].tolist() == [1.0, 0.0, 0.0]


def test_settings_come_from_earlier_nights_only() -> None:
    assert tuning_nights("2015") == ()
    assert tuning_nights("2017") == ("2015",)
    assert tuning_nights("2024") == ("2015", "2017", "2019")
    assert CHOSEN_SETTINGS["2015"] == DEFAULT_SETTINGS
    assert choose_settings("2015") == DEFAULT_SETTINGS
    assert CHOSEN_SETTINGS["next"] == LIVE_SETTINGS
    with pytest.raises(PsephosError, match="Unknown seat feature"):
        PoolingSettings(features=("oracle",))


@pytest.mark.slow
@pytest.mark.parametrize("night_id", ["2017", "2019", "2024", "next"])
def test_recorded_settings_are_the_rule_s_choice(night_id: str) -> None:
    assert choose_settings(night_id) == CHOSEN_SETTINGS[night_id]


def test_seat_intervals_are_reproducible_and_narrow_as_seats_declare(night) -> None:  # type: ignore[no-untyped-def]
    base, target, order = night
    nowcast = Nowcast(base, standing=target.votes > 0)
    widths = []
    for n, code in enumerate(order[:300], start=1):
        nowcast.declare(code, votes_of(target, target.seat_index(code)))
        if n in (30, 300):
            intervals = nowcast.seat_intervals(n_sims=200, seed=3)
            assert intervals == nowcast.seat_intervals(n_sims=200, seed=3)
            low, high = intervals["Con"]
            assert low <= nowcast.projection().projected_seats["Con"] <= high
            widths.append(high - low)
    assert widths[0] > widths[1] > 0


def test_with_every_seat_declared_the_interval_is_the_result() -> None:
    base, target = psephos.load("2015"), psephos.load("2017")
    nowcast = Nowcast(base, standing=target.votes > 0)
    for index in range(target.n_seats):
        nowcast.declare(target.codes[index], votes_of(target, index))
    intervals = nowcast.seat_intervals(n_sims=20)
    assert intervals["Con"] == (317, 317) and intervals["Lab"] == (262, 262)
    assert interval_coverage(
        intervals, target.parties, np.bincount(target.winner, minlength=16)
    ) == (
        len(intervals),
        len(intervals),
    )


def test_replay_checks_the_intervals_where_asked() -> None:
    steps = replay("2019", checkpoints=(50, 100), intervals_at=(50,))
    assert steps[0].coverage is not None and steps[1].coverage is None
    inside, scored = steps[0].coverage
    assert 0 < inside <= scored


def test_an_unchanged_seat_with_two_independents_moves_nothing() -> None:
    """Declaring Birmingham Hall Green and Moseley exactly as in 2024, on a night from 2024,
    leaves the Independents' projection where it was: the base and the declaration add the
    two Independents up the same way (a base that kept them apart saw a 17-point change)."""
    from psephos.forecast.nowcast import Nowcast

    base = psephos.load("2024")
    seat = base.seat_index("Birmingham Hall Green and Moseley")
    before = Nowcast(base).projection().projected_seats
    night = Nowcast(base)
    night.declare(base.codes[seat], base.candidates[seat])
    after = night.projection().projected_seats
    assert abs(after["Ind"] - before["Ind"]) < 1.0
    assert abs(after["Lab"] - before["Lab"]) < 1.5
    assert night.projection().declared_seats["Lab"] == 1  # won by its Labour candidate


def test_projected_seats_add_up_to_the_house_where_rounding_each_does_not() -> None:
    """2019 after 3 and 5 declarations: each party's expected seats rounded on its own came to
    649 and 651 seats; the whole seats shown are rounded by largest remainders."""
    target, base = election_pair("2019")
    nowcast = Nowcast(base, standing=target.votes > 0, settings=chosen_settings("2019"))
    steps = {step.n_declared: step for step in replay("2019", checkpoints=(3, 5))}
    for n, code in enumerate(replay_order("2019")[:5], start=1):
        nowcast.declare(code, votes_of(target, target.seat_index(code)))
        if n not in steps:
            continue
        projection = nowcast.projection()
        each = sum(round(v) for v in projection.projected_seats.values())
        assert each != base.n_seats  # the defect this guards against
        assert sum(row["projected"] for row in projection.rows()) == base.n_seats
        assert sum(steps[n].projected.values()) == base.n_seats
        assert steps[n].projected == {p: s for p, s in projection.whole_seats().items() if s}
        for party, whole in projection.whole_seats().items():
            assert abs(whole - projection.projected_seats[party]) < 1
    nowcast.close()
