"""Nowcast: idempotent, corrections, persistence, and the replay beats the mean swing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

import psephos
from psephos.errors import DataFormatError, PsephosError, UnknownPartyError
from psephos.forecast import Nowcast, replay
from psephos.forecast.nowcast import (
    BASELINE_VARIANTS,
    LIVE_PRIOR_STRENGTH,
    chosen_prior_strength,
    declaration_order,
    mean_swing_error,
    mean_swing_projection,
    poll_prior,
    prior_for,
    tuning_nights,
    votes_of,
)


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


def test_replay_2017_halves_the_mean_swing_error() -> None:
    steps = replay("2017", every=50)
    at_50 = steps[0]
    assert at_50.n_declared == 50
    assert at_50.error_nowcast <= 38 / 2  # the mean-swing figure, halved
    assert at_50.error_nowcast <= at_50.error_mean_swing / 2
    assert steps[-1].error_nowcast == pytest.approx(0)
    assert steps[-1].error_mean_swing == 0


def test_mean_swing_with_everything_declared_is_the_result(night) -> None:  # type: ignore[no-untyped-def]
    base, target, _ = night
    everything = np.arange(650)
    seats = mean_swing_projection(base, everything, target.shares(), target.votes > 0)
    assert seats[target.parties.index("Con")] == 317


def test_before_any_declaration_the_base_is_projected() -> None:
    base = psephos.load("2015")
    projection = Nowcast(base).projection()
    assert projection.n_declared == 0
    assert sum(projection.declared_seats.values()) == 0
    assert sum(projection.projected_seats.values()) == pytest.approx(650)
    assert projection.projected_seats["Con"] == pytest.approx(330, abs=10)


def test_poll_prior_is_polls_minus_base() -> None:
    base = psephos.load("2017")
    change = poll_prior(base, "2019")
    gb = base.nations != "Northern Ireland"
    votes = base.votes[gb].sum(axis=0)
    con = base.parties.index("Con")
    assert change[con] == pytest.approx(0.4275 - votes[con] / votes.sum(), abs=1e-4)
    assert change[base.parties.index("SNP")] == 0  # no poll figure: no change
    assert not poll_prior(psephos.load("2010"), "2015").any()  # no bundled polls
    assert prior_for(base, "2019", "none") is None
    zero = prior_for(base, "2019", "zero")
    assert zero is not None and not zero.any()
    with pytest.raises(PsephosError, match="Unknown prior"):
        prior_for(base, "2019", "oracle")


def test_settings_come_from_earlier_nights_only() -> None:
    assert tuning_nights("2015") == ()
    assert tuning_nights("2017") == ("2015",)
    assert tuning_nights("2019") == ("2015", "2017")
    assert chosen_prior_strength("2017", "polls", "regional") == LIVE_PRIOR_STRENGTH


def test_prior_nowcast_before_any_declaration_is_base_plus_prior() -> None:
    base = psephos.load("2017")
    target = psephos.load("2019")
    change = poll_prior(base, "2019")
    nowcast = Nowcast(base, standing=target.votes > 0, prior_change=change)
    projection = nowcast.projection()
    gb = base.nations != "Northern Ireland"
    stand = target.votes > 0
    expected = np.where(stand, np.clip(base.shares() + change, 0.002, None), 0.0)
    expected /= expected.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(projection.shares[gb], expected[gb], atol=1e-9)
    assert nowcast.prior_strength == LIVE_PRIOR_STRENGTH


def test_first_round_method_is_still_available() -> None:
    steps = replay("2017", feature_set="tactical", prior="none", checkpoints=(50,))
    assert steps[0].n_declared == 50
    assert steps[0].error_nowcast == pytest.approx(18.1, abs=0.1)


@pytest.mark.slow
def test_prior_nowcast_improves_2019_at_50() -> None:
    new = replay("2019", checkpoints=(50, 100))
    old = replay("2019", feature_set="tactical", prior="none", checkpoints=(50, 100))
    assert new[0].error_nowcast < old[0].error_nowcast - 5
    assert new[1].error_nowcast < old[1].error_nowcast


def test_mean_swing_variants() -> None:
    assert len(BASELINE_VARIANTS) == 24
    # the first round's definition
    assert mean_swing_error("2017", 50) == 56
    assert mean_swing_error("2019", 50) == 30
    # everything declared: no error, whatever the definition
    for pool, kind, weighting, scope in BASELINE_VARIANTS[::5]:
        assert (
            mean_swing_error("2017", 650, pool=pool, kind=kind, weighting=weighting, scope=scope)
            == 0
        )
