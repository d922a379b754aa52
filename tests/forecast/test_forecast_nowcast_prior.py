"""The pre-night polls' prior on the nowcast's national change, and its coverage script."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from psephos.errors import PsephosError, UnknownPartyError
from psephos.forecast.exitpoll import election_pair
from psephos.forecast.nowcast import (
    CHOSEN_NATIONAL_PRIOR,
    DEFAULT_NATIONAL_PRIOR_SEATS,
    NIGHTS,
    Nowcast,
    choose_national_prior,
    chosen_settings,
    declaration_order,
    national_prior_change,
    poll_change_errors,
    pre_night_shares,
    replay,
    seat_frame,
    tuning_nights,
    votes_of,
    with_national_prior,
)
from psephos.forecast.pooling import PoolingSettings, fit_changes

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "nowcast_intervals.py"


def _interval_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("nowcast_intervals", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_before_any_declaration_the_national_change_is_the_prior() -> None:
    target, base = election_pair("2019")
    frame = seat_frame(base, target.votes > 0)
    settings = PoolingSettings(national_prior_seats=2.0)
    prior = national_prior_change(base, frame.standing, pre_night_shares("2019"))
    empty = np.zeros((0, len(base.parties)))
    fit = fit_changes(frame, np.zeros(0, dtype=np.int64), empty, settings, prior_change=prior)
    lab = base.parties.index("Lab")
    mean, covariance = fit.posterior[lab]
    assert mean[0] == pytest.approx(prior[lab], rel=1e-9)
    assert covariance[0, 0] == pytest.approx(settings.error_sd**2 / 2.0, rel=1e-9)
    # a party the polls do not name keeps the flat prior: the declared seats alone decide
    snp = base.parties.index("SNP")
    assert snp not in prior
    assert fit.posterior[snp][1][0, 0] > 100.0


def test_the_prior_is_spread_over_the_seats_where_a_party_stands() -> None:
    target, base = election_pair("2024")
    standing = target.votes > 0
    weights = np.asarray(base.valid_votes, dtype=np.float64) * base.gb_mask
    before = (base.shares() * weights[:, None]).sum(axis=0) / weights.sum()
    snp = base.parties.index("SNP")
    change = national_prior_change(base, standing, {"SNP": float(before[snp]) - 0.01})[snp]
    where = float((weights * standing[:, snp]).sum() / weights.sum())
    assert 0 < where < 0.2
    assert change == pytest.approx(-0.01 / where)
    with pytest.raises(UnknownPartyError, match="Did you mean 'Lab'"):
        national_prior_change(base, standing, {"Labor": 0.4})


def test_the_prior_narrows_the_interval_and_declarations_narrow_it_further() -> None:
    target, base = election_pair("2019")
    order = [target.seat_index(code) for code in declaration_order("2019")]
    without = Nowcast(base, standing=target.votes > 0, settings=chosen_settings("2019"))
    low, high = without.seat_intervals(n_sims=200, seed=5)["Lab"]
    flat_width = high - low
    nowcast = Nowcast(
        base,
        standing=target.votes > 0,
        settings=with_national_prior("2019"),
        pre_night_shares=pre_night_shares("2019"),
    )
    widths = []
    for n in range(101):
        if n:
            index = order[n - 1]
            nowcast.declare(target.codes[index], votes_of(target, index))
        if n in (0, 25, 100):
            low, high = nowcast.seat_intervals(n_sims=200, seed=5)["Lab"]
            widths.append(high - low)
    assert flat_width > widths[0] > widths[1] > widths[2] > 0


def test_a_zero_weight_leaves_the_nowcast_as_it_was() -> None:
    settings = replace(chosen_settings("2017"), national_prior_seats=0.0)
    plain = replay("2017", settings=settings, checkpoints=(25,))[0]
    target, base = election_pair("2017")
    nowcast = Nowcast(
        base,
        standing=target.votes > 0,
        settings=settings,
        pre_night_shares=pre_night_shares("2017"),
    )
    for code in declaration_order("2017")[:25]:
        nowcast.declare(code, votes_of(target, target.seat_index(code)))
    projected = nowcast.projection().whole_seats()
    assert {p: n for p, n in projected.items() if n} == plain.projected


def test_the_prior_weight_is_chosen_on_earlier_nights_only() -> None:
    assert choose_national_prior("2015") == DEFAULT_NATIONAL_PRIOR_SEATS
    assert not len(poll_change_errors(tuning_nights("2015")))
    for night in (*NIGHTS, "next"):
        assert round(choose_national_prior(night), 3) == CHOSEN_NATIONAL_PRIOR[night]
    assert chosen_settings("2024").national_prior_seats == 0.0  # off by default
    assert with_national_prior("2024").national_prior_seats == CHOSEN_NATIONAL_PRIOR["2024"]
    with pytest.raises(PsephosError, match="national_prior_seats"):
        PoolingSettings(national_prior_seats=-1.0)


def test_the_coverage_script_scores_a_small_case() -> None:
    script = _interval_script()
    points = script.checkpoints("2019", chosen_settings("2019"), at=(10, 50))
    assert [p.n_declared for p in points] == [10, 50]
    target, _base = election_pair("2019")
    won = np.bincount(target.winner, minlength=len(target.parties))
    assert set(points[0].intervals) == {"Con", "Lab", "LD", "SNP"}  # Reform won nothing
    for point in points:
        inside = sum(
            low <= won[target.parties.index(p)] <= high
            for p, (low, high) in point.intervals.items()
        )
        assert point.inside == inside
        assert point.mean_width == pytest.approx(
            np.mean([high - low for low, high in point.intervals.values()])
        )
    assert points[0].mean_width > points[1].mean_width
