"""Every registered swing model: zero swing gives the base back; shares stay valid (Hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import psephos
from psephos.model import Election
from psephos.projection import (
    MODELS,
    SwingModel,
    base_area_shares,
    base_national_shares,
    core,
    fitted_model,
    get_model,
    prepare,
    project,
    project_batch,
)
from psephos.projection.models import UnknownModelError

MODEL_NAMES = sorted(MODELS)

pytestmark = pytest.mark.filterwarnings("ignore::psephos.projection.ShareWarning")


@pytest.fixture(scope="module")
def notional() -> Election:
    return psephos.load("2019-notional-2024")


def test_registry_holds_the_required_models() -> None:
    for name in (
        "uniform",
        "proportional",
        "regional-uniform",
        "regional-proportional",
        "transition",
        "strong-transition",
        "covariate",
    ):
        assert isinstance(get_model(name), SwingModel)
    with pytest.raises(UnknownModelError, match="uniform"):
        get_model("unifrom")


@pytest.mark.parametrize("name", MODEL_NAMES)
@pytest.mark.parametrize("base_id", psephos.available_elections())
def test_zero_swing_reproduces_the_base(name: str, base_id: str) -> None:
    """Every model, from every bundled election (2024, where two Independents together top
    the Labour winner in Bradford West, 2010's Fermanagh and South Tyrone, Canada's): at zero
    swing the shares, winners, majorities and votes are the base's, through the model and
    through project() with the base's own national shares."""
    base = psephos.load(base_id)
    model = fitted_model(name, base)
    prepared = prepare(base, model.level)
    shares = model.project(prepared, prepared.base_area.copy())
    np.testing.assert_allclose(shares, base.shares(), rtol=0, atol=1e-12)
    assert np.array_equal(prepared.winners(shares), base.winner)
    projected = project(base, base_national_shares(base), model=name).election
    np.testing.assert_allclose(projected.votes, base.votes, rtol=0, atol=1e-6)
    assert np.array_equal(projected.winner, base.winner)
    assert np.array_equal(projected.runner_up, base.runner_up)
    np.testing.assert_allclose(projected.majority, base.majority, rtol=0, atol=1e-6)


def test_the_winner_of_a_seat_is_its_winning_candidate() -> None:
    """Two Independents with 60% together, the best of them 35%, behind Labour's 40%: Labour
    holds the seat at no change, the Independents' column keeps its 60%, and the best
    Independent wins once the column's swing takes it past Labour (35/60 of 70% is 40.8%)."""
    from psephos.model import Candidate, Constituency

    seats = [Constituency(f"E{i}", f"S{i}", "England", "London", 1000, "t") for i in range(2)]
    candidates = [
        (
            Candidate("A", "Lab", "Labour", 400),
            Candidate("B", "Ind", "Independent", 350),
            Candidate("C", "Ind", "Independent", 250),
        ),
        (Candidate("D", "Lab", "Labour", 700), Candidate("E", "Ind", "Independent", 300)),
    ]
    election = Election.from_votes(
        "two-independents",
        seats,
        ("Lab", "Ind"),
        [[400, 600], [700, 300]],
        candidates=candidates,
    )
    assert election.seats_won() == {"Lab": 2, "Ind": 0}
    same = project(election, {"Lab": 55, "Ind": 45}, model="uniform").election
    np.testing.assert_allclose(same.votes, election.votes)
    assert same.seats_won() == {"Lab": 2, "Ind": 0}
    np.testing.assert_allclose(same.majority, [50, 400])
    moved = project(election, {"Lab": 45, "Ind": 55}, model="uniform").election
    np.testing.assert_allclose(moved.votes[0], [300, 700])
    assert moved.seats_won() == {"Lab": 1, "Ind": 1}
    np.testing.assert_allclose(moved.majority[0], 700 * 350 / 600 - 300)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_zero_swing_through_project_keeps_every_winner(name: str, notional: Election) -> None:
    national = base_area_shares(notional, "national")["Great Britain"]
    result = project(notional, national, model=name)
    assert result.seats() == notional.seats_won()
    np.testing.assert_allclose(result.election.votes, notional.votes, atol=1e-6)


def _random_targets(draw: st.DrawFn, n_areas: int, base_area: np.ndarray) -> np.ndarray:
    weights = np.array(
        draw(
            st.lists(
                st.floats(0.0, 1.0, allow_nan=False),
                min_size=base_area.shape[1],
                max_size=base_area.shape[1],
            )
        )
    )
    mix = draw(st.floats(0.0, 1.0))
    targets = []
    for row in range(n_areas):
        standing = base_area[row] > 0
        noise = weights * standing
        noise = noise / noise.sum() if noise.sum() > 0 else base_area[row]
        targets.append((1 - mix) * base_area[row] + mix * noise)
    return np.array(targets)


@st.composite
def model_and_target(draw: st.DrawFn) -> tuple[str, np.ndarray]:
    name = draw(st.sampled_from(MODEL_NAMES))
    base = psephos.load("2019-notional-2024")
    prepared = prepare(base, get_model(name).level)
    return name, _random_targets(draw, prepared.n_areas, prepared.base_area)


@settings(max_examples=60)
@given(model_and_target())
def test_shares_stay_in_unit_interval_and_sum_to_one(case: tuple[str, np.ndarray]) -> None:
    name, target = case
    base = psephos.load("2019-notional-2024")
    model = fitted_model(name, base)
    prepared = prepare(base, model.level)
    shares = model.project(prepared, prepared.extend(target))
    assert np.all(shares >= 0.0)
    assert np.all(shares <= 1.0)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0, atol=1e-9)
    assert np.all(shares[~prepared.stood] == 0.0)
    # Frozen seats (NI, the Speaker) keep their base result.
    frozen = ~prepared.active
    np.testing.assert_allclose(shares[frozen], base.shares()[frozen], atol=1e-12)


@settings(max_examples=40)
@given(
    st.lists(st.floats(-0.3, 0.3, allow_nan=False), min_size=3, max_size=3),
    st.sampled_from(["uniform", "proportional", "transition", "strong-transition"]),
)
def test_tiny_election_invariants(swing: list[float], name: str) -> None:
    from psephos.model import Constituency

    seats = [
        Constituency(f"E{i}", f"Seat {i}", "England", "London", 1000, "test") for i in range(3)
    ]
    votes = [[500, 300, 0], [350, 400, 150], [200, 250, 450]]
    election = Election.from_votes("tiny", seats, ("Con", "Lab", "LD"), votes)
    prepared = prepare(election, get_model(name).level)
    target = np.clip(prepared.base_area[:-1] + np.array(swing), 0.0, None)
    target /= target.sum()
    shares = get_model(name).project(prepared, prepared.extend(target))
    assert np.all((shares >= 0) & (shares <= 1))
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    assert shares[0, 2] == 0.0  # LD did not stand in seat 0: never a share there


def test_uniform_swing_by_hand() -> None:
    from psephos.model import Constituency

    seats = [Constituency(f"E{i}", f"S{i}", "England", "London", 1000, "t") for i in range(2)]
    election = Election.from_votes("hand", seats, ("Con", "Lab"), [[600, 400], [400, 600]])
    result = project(election, {"Con": 40, "Lab": 60}, model="uniform")
    # National Con 50 -> 40: both seats lose 10 points.
    np.testing.assert_allclose(result.shares, [[0.5, 0.5], [0.3, 0.7]])
    prop = project(election, {"Con": 40, "Lab": 60}, model="proportional")
    # Con x0.8, Lab x1.2, renormalised: seat 0 0.48/0.48 -> 0.5/0.5.
    np.testing.assert_allclose(prop.shares[1], [0.32 / 1.04, 0.72 / 1.04])


def test_uniform_change_is_uniform_swing_given_the_change() -> None:
    base = np.array([[0.6, 0.4, 0.0], [0.2, 0.5, 0.3]])
    stood = np.array([[True, True, False], [True, True, True]])
    change = np.array([-0.1, 0.05, 0.05])
    shares = core.uniform_change(base.copy(), stood, change)
    # Seat 0: 0.5, 0.45, (LD did not stand) -> renormalised over 0.95; seat 1 sums to 1 already.
    np.testing.assert_allclose(shares, [[0.5 / 0.95, 0.45 / 0.95, 0.0], [0.1, 0.55, 0.35]])
    group = np.zeros(2, dtype=np.int64)
    before, after = np.array([[0.4, 0.45, 0.15]]), np.array([[0.3, 0.5, 0.2]])
    np.testing.assert_allclose(
        shares, core.uniform_swing(base.copy(), stood, group, before, after), atol=1e-15
    )


def test_transition_losers_decline_in_proportion() -> None:
    base = np.array([[0.6, 0.4, 0.0], [0.2, 0.5, 0.3]])
    stood = base > 0
    stood[0, 2] = True
    group = np.zeros(2, dtype=np.int64)
    base_area = np.array([[0.4, 0.45, 0.15], [1, 1, 1]])
    target = np.array([[0.2, 0.5, 0.3], [1, 1, 1]])
    shares = core.transition_swing(base, stood, group, base_area, target)
    # Con halves everywhere (0.6 -> 0.3, 0.2 -> 0.1).
    np.testing.assert_allclose(shares[:, 0], [0.3, 0.1])
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)


def test_ni_and_speaker_stay_at_base(notional: Election) -> None:
    result = project(notional, "Lab 45 Con 20 LD 15 Reform 10 Green 6 SNP 3", model="uniform")
    ni = notional.nations == "Northern Ireland"
    assert np.array_equal(result.election.winner[ni], notional.winner[ni])
    speaker = notional.parties.index("Speaker")
    assert result.seats()["Speaker"] == 1
    chorley = notional.seat_index("Chorley")
    assert result.election.winner[chorley] == speaker


def test_ni_shares_move_ni_seats(notional: Election) -> None:
    result = project(
        notional,
        "Lab 35 Con 24 Reform 15 LD 12 Green 7 SNP 3",
        areas={"Northern Ireland": {"SF": 40, "DUP": 15, "Alliance": 25, "SDLP": 10, "UUP": 10}},
        model="uniform",
    )
    assert result.seats()["Alliance"] > notional.seats_won()["Alliance"]


def test_candidates_zero_a_party_that_stands_down(notional: Election) -> None:
    code = notional.codes[0]
    standing = [p for p in notional.parties if notional.votes[0, notional.party_index(p)] > 0]
    without_lab = [p for p in standing if p != "Lab"]
    result = project(notional, "Lab 35 Con 24 LD 12", candidates={code: without_lab})
    assert result.shares[0, notional.party_index("Lab")] == 0.0
    np.testing.assert_allclose(result.shares[0].sum(), 1.0)


@pytest.mark.parametrize("base_id", ["2019-notional-2024", "2024"])
@pytest.mark.parametrize(
    "name", ["uniform", "regional-uniform", "transition", "covariate", "national"]
)
def test_batch_matches_single_projections(name: str, base_id: str) -> None:
    """Batches call the winners of single projections: from 2024 too, where a column of
    several candidates (Bradford West's Independents) wins only with its best candidate."""
    base = psephos.load(base_id)
    model = fitted_model(name, base)
    prepared = prepare(base, model.level)
    rng = np.random.default_rng(7)
    noise = rng.normal(0, 0.02, size=(5, *prepared.base_area[:-1].shape))
    targets = np.clip(prepared.base_area[:-1] + noise * (prepared.base_area[:-1] > 0), 0, None)
    targets /= targets.sum(axis=-1, keepdims=True)
    seats, winners = project_batch(base, targets, model=name, chunk=2)
    for scenario in range(5):
        single = model.project(prepared, prepared.extend(targets[scenario]))
        assert np.array_equal(winners[scenario], prepared.winners(single))
        assert seats[scenario].sum() == base.n_seats
    at_base = project_batch(base, prepared.base_area[None, :-1], model=name)[0][0]
    assert dict(zip(base.parties, at_base.tolist(), strict=True)) == base.seats_won()


@pytest.mark.parametrize("base_id", ["2019-notional-2024", "2024"])
@pytest.mark.parametrize(("name", "spread"), [("uniform", 0.02), ("regional-uniform", 0.05)])
def test_batch_seat_counts_match_full_projections(name: str, spread: float, base_id: str) -> None:
    from psephos.projection import batch_seats

    base = psephos.load(base_id)
    prepared = prepare(base, get_model(name).level)
    rng = np.random.default_rng(11)
    area = prepared.base_area[:-1]
    noise = rng.normal(0, spread, size=(300, *area.shape)) * (area > 0)
    targets = np.clip(area + noise, 0, None)
    targets /= targets.sum(axis=-1, keepdims=True)
    counts = batch_seats(base, targets, model=name)
    full = prepared.winners(get_model(name).project(prepared, prepared.extend(targets)))
    expected = core.seat_counts(full, len(base.parties))
    assert np.array_equal(counts, expected)
    assert np.all(counts.sum(axis=1) == base.n_seats)


@pytest.mark.parametrize("model", ["uniform", "national"])
def test_no_change_gives_the_2024_result_back_candidate_by_candidate(model: str) -> None:
    """From 2024 at its own GB shares a projection gives 2024's seats, Labour 411, and its
    votes: the two seats where two independents together top the Labour winner stay Labour's,
    as the winning candidates say, with the Independents' votes as cast (Bradford West: Ind
    40.2%, Labour 31.6%, majority 707 over the best Independent)."""
    base = psephos.load("2024")
    poll = {party: share * 100 for party, share in base.vote_shares(base.gb_mask).items()}
    seats = project(base, {p: s for p, s in poll.items() if s > 0}, model=model).election
    assert seats.seats_won() == base.seats_won()
    assert base.seats_won()["Lab"] == 411
    # the GB shares above count the Speaker's seat, which stays as it is: exactly no change
    # is the shares of the seats a poll moves
    seats = project(base, base_national_shares(base), model=model).election
    bradford = base.seat_index("Bradford West")
    np.testing.assert_allclose(seats.votes[bradford], base.votes[bradford], atol=1e-6)
    assert seats.parties[seats.winner[bradford]] == "Lab"
    np.testing.assert_allclose(seats.majority[bradford], 707, atol=1e-6)
    best = prepare(base, "national").best_candidate
    assert best is not None
    ind = base.party_index("Ind")
    assert best[bradford, ind] == pytest.approx(11017 / 14898)
    assert (best[:, [base.party_index(p) for p in ("Con", "Lab", "Reform")]] == 1).all()


def test_a_projection_s_candidate_contest_survives_a_pickle_and_a_replace() -> None:
    """A projection's runners-up and majorities are computed on first read from its votes
    scaled to each column's best candidate (``Election.with_votes(contest=...)``): a pickled
    projection (a web worker's, a forecast's process pool) and a copy by
    :func:`dataclasses.replace` keep Bradford West's majority of 707 over the best
    Independent, not the 40.2% of both Independents together."""
    import pickle
    from dataclasses import replace

    base = psephos.load("2024")
    bradford = base.seat_index("Bradford West")
    ind = base.party_index("Ind")
    for read in (pickle.loads, lambda data: replace(pickle.loads(data), name="copy")):
        seats = read(pickle.dumps(project(base, base_national_shares(base)).election))
        assert seats.parties[seats.winner[bradford]] == "Lab"
        assert seats.runner_up[bradford] == ind
        np.testing.assert_allclose(seats.majority[bradford], 707, atol=1e-6)


def test_an_unknown_model_is_offered_the_names_of_the_closest() -> None:
    """``--model regional`` suggests 'regional-uniform' and 'regional-proportional' by name
    (the suggestion printed each model object's repr, functions' addresses and all)."""
    with pytest.raises(UnknownModelError) as error:
        get_model("regional")
    message = str(error.value)
    assert message.endswith("Did you mean 'regional-uniform', 'regional-proportional'?")
    assert "FormulaModel" not in message
