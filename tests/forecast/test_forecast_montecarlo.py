"""Monte Carlo forecast: reproducibility, invariants, agreement with the naive algorithm."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import psephos
from psephos.errors import InvalidSharesError, PsephosError
from psephos.forecast import (
    ERROR_MODELS,
    LayeredErrors,
    forecast,
    get_error_model,
    plan_forecast,
    run_chunks,
    summarise,
)
from psephos.government import voting_members
from psephos.model import Constituency, Election


@pytest.fixture(scope="module")
def notional() -> Election:
    return psephos.load("2019-notional-2024")


def _tiny(shares: np.ndarray) -> Election:
    seats = [
        Constituency(f"E{i}", f"Seat {i}", "England", ("London", "East")[i % 2], 1000, "t")
        for i in range(len(shares))
    ]
    return Election.from_votes("tiny", seats, ("Con", "Lab", "LD"), shares * 1000)


def test_same_seed_same_answer(notional: Election) -> None:
    first = forecast(notional, notional.shares(), n_sims=3000, seed=7, chunk_size=1000)
    second = forecast(notional, notional.shares(), n_sims=3000, seed=7, chunk_size=1000)
    other = forecast(notional, notional.shares(), n_sims=3000, seed=8, chunk_size=1000)
    assert np.array_equal(first.win_probability, second.win_probability)
    assert np.array_equal(first.total_histogram, second.total_histogram)
    assert not np.array_equal(first.total_histogram, other.total_histogram)


def test_threads_do_not_change_the_answer(notional: Election) -> None:
    plan = plan_forecast(notional, notional.shares())
    one = run_chunks(plan, 2500, seed=1, chunk_size=500, n_threads=1)
    two = run_chunks(plan, 2500, seed=1, chunk_size=500, n_threads=2)
    assert np.array_equal(one.seat_wins, two.seat_wins)
    assert one.hung == two.hung


def test_probabilities_and_totals_are_consistent(notional: Election) -> None:
    result = forecast(notional, notional.shares(), n_sims=2000, seed=1)
    assert np.allclose(result.win_probability.sum(axis=1), 1.0)
    assert np.all(result.total_histogram.sum(axis=1) == 2000)
    assert sum(result.expected_seats.values()) == pytest.approx(650)
    assert np.allclose(result.win_probability.sum(axis=0), list(result.expected_seats.values()))
    assert result.p_working_majority["Con"] >= result.p_majority["Con"]
    assert 0 <= result.p_hung <= 1
    low, high = result.interval("Con")
    assert low <= result.seat_quantile("Con", 0.5) <= high
    assert result.government_options[0].parties == ("Con",)
    assert sum(o.probability for o in result.government_options) <= 1 + 1e-9


def test_without_errors_the_projection_wins(notional: Election) -> None:
    quiet = LayeredErrors(0.0, 0.0, 1e-9)
    result = forecast(notional, notional.shares(), error_model=quiet, n_sims=200, seed=1)
    favourite = result.win_probability.argmax(axis=1)
    assert np.array_equal(favourite, np.argmax(notional.shares(), axis=1))
    assert np.all(result.win_probability.max(axis=1) == 1.0)


def test_fast_agrees_with_naive(notional: Election) -> None:
    plan = plan_forecast(notional, notional.shares())
    fast = summarise(plan, run_chunks(plan, 4000, seed=2, chunk_size=1000))
    naive = summarise(plan, run_chunks(plan, 4000, seed=2, chunk_size=1000, algorithm="naive"))
    for party in ("Con", "Lab", "LD", "SNP"):
        assert fast.expected_seats[party] == pytest.approx(naive.expected_seats[party], abs=3)
    # per-seat probabilities close (logistic vs normal seat errors, Monte Carlo noise)
    assert np.abs(fast.win_probability - naive.win_probability).max() < 0.12


def test_close_seat_is_a_coin_toss() -> None:
    shares = np.array([[0.40, 0.40, 0.20], [0.6, 0.3, 0.1]])
    result = forecast(_tiny(shares), shares, n_sims=20000, seed=3)
    assert result.win_probability[0, 0] == pytest.approx(0.5, abs=0.02)
    assert result.win_probability[1, 0] > 0.97


def test_each_seat_row_names_its_favourite_and_runner_up() -> None:
    """``psephos forecast --seats``'s rows: the seat's region, the party most likely to win it
    and the next most likely, each with its chance; a seat only one party ever wins has no
    runner-up."""
    shares = np.array([[0.40, 0.38, 0.22], [0.90, 0.05, 0.05]])
    tiny = _tiny(shares)
    rows = forecast(tiny, shares, n_sims=4000, seed=3).seat_rows(tiny)
    close, safe = rows
    assert (close["region"], close["nation"]) == ("London", "England")
    assert (close["favourite"], close["runner_up"]) == ("Con", "Lab")
    assert close["p_favourite"] > close["p_runner_up"] > 0.2
    assert close["runner_up_label"] == "Lab"
    assert (safe["favourite"], safe["p_favourite"]) == ("Con", 1.0)
    assert (safe["runner_up"], safe["p_runner_up"]) == (None, None)


def test_the_distributions_charted_are_the_contenders_seat_totals(notional: Election) -> None:
    """:func:`seat_distributions` (the command's chart and the web page's): each party whose
    90% range reaches a sixth of the House, largest first, its chance of each seat total from
    ``low`` to ``high``, which hold where the chances are and the majority line."""
    from psephos.forecast.charts import seat_distributions

    result = forecast(notional, notional.shares(), n_sims=2000, seed=5)
    shown = seat_distributions(result)
    expected = result.expected_seats
    contenders = [p for p in result.parties if result.interval(p)[1] >= len(result.codes) / 6]
    assert [p.party for p in shown.parties] == sorted(contenders, key=lambda p: -expected[p])
    assert shown.low <= shown.majority <= shown.high
    for party in shown.parties:
        row = result.total_histogram[result.parties.index(party.party)] / result.n_sims
        assert party.probabilities == tuple(row[shown.low : shown.high + 1])
        assert sum(party.probabilities) == pytest.approx(1.0, abs=1e-3)
    assert shown.to_dict()["parties"][0]["party"] == shown.parties[0].party


@settings(max_examples=25)
@given(
    st.lists(
        st.tuples(st.floats(0.01, 1), st.floats(0.01, 1), st.floats(0.0, 1)),
        min_size=2,
        max_size=8,
    ),
    st.integers(0, 2**32 - 1),
)
def test_invariants_on_random_projections(
    rows: list[tuple[float, float, float]], seed: int
) -> None:
    shares = np.array(rows)
    shares = shares / shares.sum(axis=1, keepdims=True)
    result = forecast(_tiny(shares), shares, n_sims=300, seed=seed, chunk_size=100)
    assert np.allclose(result.win_probability.sum(axis=1), 1.0)
    assert sum(result.expected_seats.values()) == pytest.approx(len(shares))
    assert np.all(result.win_probability[shares == 0] == 0)


def test_bad_shares_are_refused(notional: Election) -> None:
    with pytest.raises(InvalidSharesError):
        forecast(notional, np.ones((3, 3)), n_sims=10)
    bad = notional.shares().copy()
    bad[0, 0] = -1
    with pytest.raises(InvalidSharesError):
        forecast(notional, bad, n_sims=10)
    with pytest.raises(PsephosError):
        forecast(notional, notional.shares(), n_sims=0)
    with pytest.raises(PsephosError, match=r"n_sims must be 2 or more \(one draw gives no"):
        forecast(notional, notional.shares(), n_sims=1)


def test_a_projection_is_forecast_as_the_command_forecasts_it(notional: Election) -> None:
    """``forecast(base, projection, error_model=poll_error_model())`` is ``psephos forecast``'s
    answer (as forecast's docstring and docs/forecast.md say); the default errors are smaller."""
    import json

    from typer.testing import CliRunner

    from psephos.cli import app
    from psephos.forecast.calibration import poll_error_model
    from psephos.projection import project

    poll = "Lab 40 Con 24 Reform 15 LD 11 Green 6 SNP 3 PC 1"
    projection = project(notional, poll)
    given = forecast(notional, projection, error_model=poll_error_model(), n_sims=2000, seed=1)
    # what it reads of the projection: each party's strongest candidate's shares
    shares = forecast(
        notional, projection.contest_shares(), error_model=poll_error_model(), n_sims=2000, seed=1
    )
    assert np.array_equal(given.total_histogram, shares.total_histogram)
    args = ["forecast", "--from", notional.id, "--poll", poll, "--sims", "2000", "--seed", "1"]
    command = json.loads(CliRunner().invoke(app, [*args, "-f", "json"]).stdout)
    lab = next(row for row in command["rows"] if row["party"] == "Lab")
    assert given.summary_rows(notional)[0] == lab  # with the label the command adds
    default, command_errors = LayeredErrors(), poll_error_model()
    assert default.regional_scale < command_errors.regional_scale
    assert default.seat_scale < command_errors.seat_scale


@pytest.mark.parametrize("name", sorted(ERROR_MODELS))
def test_every_error_model_runs(name: str, notional: Election) -> None:
    model = get_error_model(name)
    result = forecast(notional, notional.shares(), error_model=model, n_sims=500, seed=1)
    assert np.allclose(result.win_probability.sum(axis=1), 1.0)


def test_unknown_error_model() -> None:
    with pytest.raises(PsephosError, match="student-t"):
        get_error_model("cauchy")


def test_fatter_tails_widen_the_interval(notional: Election) -> None:
    normal = forecast(notional, notional.shares(), n_sims=4000, seed=1)
    fat = forecast(
        notional,
        notional.shares(),
        error_model=LayeredErrors(0.15, 0.035, 0.085, tail_df=3.0),
        n_sims=4000,
        seed=1,
    )
    width = lambda r: np.subtract(*r.interval("Con", 0.98)[::-1])  # noqa: E731
    assert width(fat) > width(normal)


def _house(seats: dict[str, int]) -> Election:
    """An election in which each party wins ``seats[party]`` seats outright."""
    parties = tuple(seats)
    rows, constituencies = [], []
    for j, party in enumerate(parties):
        for _ in range(seats[party]):
            i = len(rows)
            constituencies.append(
                Constituency(f"E{i}", f"Seat {i}", "England", "London", 1000, "t")
            )
            rows.append(
                [60.0 if k == j else 40.0 / (len(parties) - 1) for k in range(len(parties))]
            )
    return Election.from_votes("house", constituencies, parties, np.array(rows) * 10)


def test_the_likeliest_government_is_connected_on_the_left_right_order() -> None:
    """Con 46 of 100 seats: Con+Green (51) is the smallest majority, but Labour and the Liberal
    Democrats sit between them; Con+LD (56) is connected and is the government named."""
    house = _house({"Con": 46, "Lab": 39, "LD": 10, "Green": 5})
    quiet = LayeredErrors(0.0, 0.0, 1e-9)
    result = forecast(house, house.shares(), error_model=quiet, n_sims=200, seed=1)
    chosen = result.government_options[0]
    assert chosen.parties == ("Con", "LD") and chosen.probability == 1.0
    green = next(o for o in result.government_options if o.parties == ("Con", "Green"))
    assert green.probability == 0.0
    assert green.probability_minimal == 1.0 and green.probability_connected == 0.0
    # what a page or a line lists: only governments named in some simulation
    assert [o.parties for o in result.likeliest_governments()] == [("Con", "LD")]


def test_a_party_of_a_few_safe_seats_is_a_partner() -> None:
    """Around the 2017 result (the Conservatives just short of a working majority), the DUP,
    which contends in few seats but wins its own, is a partner (as in the confidence-and-supply
    agreement that followed) and the Conservatives are not paired with the SNP."""
    result_2017 = psephos.load("2017")
    result = forecast(result_2017, result_2017.shares(), n_sims=4000, seed=1)
    named = {o.parties: o.probability for o in result.government_options}
    assert named[("Con",)] == max(named.values())
    assert named[("Con", "DUP")] > 0.1
    assert named.get(("Con", "SNP"), 0.0) < 0.01


def test_the_direct_tally_of_majority_simulations_is_the_full_score(notional: Election) -> None:
    """Simulations whose largest party has a working majority alone are tallied directly; the
    tallies equal scoring every group in every simulation."""
    from psephos.forecast.montecarlo import _coalition_tallies, _hung_tallies

    plan = plan_forecast(notional, notional.shares())
    rng = np.random.default_rng(5)
    weights = rng.dirichlet(np.ones(plan.n_parties), size=400)
    weights[:200, 0] += 3.0  # half the simulations with one party far ahead
    totals = np.stack([rng.multinomial(plan.n_seats, w / w.sum()) for w in weights])
    house = voting_members(totals, plan.parties, plan.chamber)
    votes, leader, working = house.votes, house.government, house.threshold
    members = plan.coalition_members
    membership = np.zeros((plan.n_parties + 1, len(members)), dtype=bool)
    membership[members, np.arange(len(members))[:, None]] = True
    direct = _coalition_tallies(plan, votes, leader, working)
    full = _hung_tallies(plan, votes, leader, working, membership)
    assert house.has_working_majority().any(axis=1).sum() > 100
    for a, b in zip(direct, full, strict=True):
        assert np.array_equal(a, b)


@pytest.mark.parametrize(
    ("election_id", "p_hung", "sentence"),
    [
        ("2024", 0.52, "Hung parliament: 52.0% chance (326 seats for a majority)"),
        ("2024", 0.004, "Hung parliament: about 1 in 250 chance (326 seats for a majority)"),
        ("2024", 0.0, "Hung parliament: effectively zero chance (326 seats for a majority)"),
        ("canada-2021", 0.444, "Minority Parliament: 44.4% chance (170 seats for a majority)"),
    ],
)
def test_the_chance_of_no_majority_is_one_sentence(
    election_id: str, p_hung: float, sentence: str
) -> None:
    """The command's first line under its table and the web's forecast pages: the country's
    word, the chance to one decimal place (words for a small one) and the majority line."""
    from psephos.forecast import no_majority_sentence

    election = psephos.load(election_id)
    assert no_majority_sentence(election, p_hung) == sentence


def test_the_headline_opens_with_the_no_majority_sentence(notional: Election) -> None:
    from psephos.forecast import no_majority_sentence

    result = forecast(notional, notional.shares(), n_sims=1000, seed=3)
    assert result.headline(notional)[0] == no_majority_sentence(notional, result.p_hung)


def test_a_projection_is_forecast_candidate_by_candidate() -> None:
    """From 2024 at its own shares the projection keeps Bradford West's Independents' 40.2%
    as cast; its forecast simulates their best candidate (29.7%) against Labour's 31.6%, as
    the result was decided, so Labour is the favourite there, not the Independents' column."""
    from psephos.projection import base_national_shares, project

    base = psephos.load("2024")
    projection = project(base, base_national_shares(base))
    bradford = base.seat_index("Bradford West")
    ind = base.party_index("Ind")
    assert projection.shares[bradford, ind] == pytest.approx(14898 / 37081)
    result = forecast(base, projection, n_sims=2000, seed=1)
    row = result.seat_rows(base)[bradford]
    assert (row["favourite"], row["runner_up"]) == ("Lab", "Ind")
