"""Target lists and the seat sensitivity model."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import ndtr

import psephos
from psephos.errors import (
    InvalidSharesError,
    PsephosError,
    UnknownConstituencyError,
    UnknownPartyError,
)
from psephos.targeting import targets as targets_module
from psephos.targeting.sensitivity import (
    MarginModel,
    apply_national_swing,
    historical_seat_sd,
    parse_swing,
    seat_sensitivity,
    win_chances,
)
from psephos.targeting.targets import (
    ListNames,
    TargetList,
    find_sentence,
    target_answer,
    target_list,
    why_not_listed,
)


@pytest.fixture(scope="module")
def ge2015() -> psephos.Election:
    return psephos.load("2015")


def test_croydon_central_is_a_top_labour_target_for_2017_from_2015(ge2015) -> None:
    targets = target_list(ge2015, "Lab", "Con")
    rank = targets.rank_of("Croydon Central")
    assert rank is not None
    assert rank <= 20  # 17 of 330 with the default model (top 5%)
    assert len(targets.seats) == ge2015.seats_won()["Con"]
    top_names = [row.name for row in targets.seats[:20]]
    assert {"Gower", "Derby North", "Vale of Clwyd"} <= set(top_names)


def test_list_uses_only_history_up_to_the_base(ge2015) -> None:
    # Base 2015: only the 2010 -> 2015 pair; adding 2017 changes the figure.
    assert historical_seat_sd("Lab", "Con", up_to="2015") != historical_seat_sd(
        "Lab", "Con", up_to="2017"
    )
    targets = target_list(ge2015, "Lab", "Con")
    assert targets.model.seat_sd == pytest.approx(historical_seat_sd("Lab", "Con", up_to="2015"))
    assert historical_seat_sd("Lab", "Con", up_to="2010") == 0.05  # nothing earlier: fallback


def test_ranking_is_by_sensitivity_not_majority(ge2015) -> None:
    targets = target_list(ge2015, "Lab", "Con")
    sensitivity = [row.per_1000_votes for row in targets.seats]
    assert sensitivity == sorted(sensitivity, reverse=True)
    majorities = [abs(row.majority_votes) for row in targets.seats[:30]]
    assert majorities != sorted(majorities)  # valid votes matter, not the bare majority


def test_defend_list_and_other_pairs(ge2015) -> None:
    defend = target_list(ge2015, "Lab", "Con", kind="defend", top=10)
    assert defend.seats and all(row.holder == "Lab" and row.rival == "Con" for row in defend.seats)
    assert all(row.margin_pct > 0 for row in defend.seats)
    ld = target_list(ge2015, "LD", "Con", top=5)
    assert ld.seats and all(row.holder == "Con" for row in ld.seats)
    snp = target_list(psephos.load("2017"), "SNP", "Lab", top=5)
    assert snp.seats and all(row.holder == "Lab" and row.code.startswith("S") for row in snp.seats)


def test_swing_scenario_moves_margins(ge2015) -> None:
    base = target_list(ge2015, "Lab", "Con")
    swung = target_list(ge2015, "Lab", "Con", swing={"Lab": 3, "Con": -3})
    code = "E14000654"
    before = next(r for r in base.seats if r.code == code)
    after = next(r for r in swung.seats if r.code == code)
    assert after.margin_pct > before.margin_pct + 5.0
    assert len(swung.seats) == len(base.seats)  # membership: who holds the seat now


def test_a_list_for_a_swing_gives_the_projection_it_was_read_from(ge2015) -> None:
    """A swing scenario is a projection, so the list (and its JSON) says its shares and
    seats in its assumptions, as a list for a poll does; it was ``None``."""
    swung = target_list(ge2015, "Lab", "Con", swing={"Lab": 3, "Con": -3})
    assert swung.projection is not None
    summary = swung.assumptions()["projection"]
    gb = summary["target_shares"]["Great Britain"]
    base_gb = {p: 100 * s for p, s in psephos.projection.base_national_shares(ge2015).items()}
    assert gb["Lab"] == pytest.approx(base_gb["Lab"] + 3, abs=0.01)
    assert gb["Con"] == pytest.approx(base_gb["Con"] - 3, abs=0.01)
    seats = np.bincount(swung.projection.election.winner, minlength=len(ge2015.parties))
    assert summary["seats"]["Lab"] == seats[ge2015.parties.index("Lab")]
    assert target_list(ge2015, "Lab", "Con").projection is None


def test_zero_swing_is_identity(ge2015) -> None:
    assert apply_national_swing(ge2015, {}) is ge2015
    moved = apply_national_swing(ge2015, {"Lab": 0.0001})
    np.testing.assert_allclose(moved.shares(), ge2015.shares(), atol=1e-5)


@settings(max_examples=25)
@given(st.floats(-10, 10), st.floats(-10, 10))
def test_swing_keeps_shares_valid(lab: float, con: float) -> None:
    election = psephos.load("2015")
    shares = apply_national_swing(election, {"Lab": lab, "Con": con}).shares()
    assert (shares >= 0).all()
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    assert ((shares > 0) <= (election.votes > 0)).all()  # nobody appears where they did not stand


@settings(max_examples=50)
@given(st.floats(-0.3, 0.3), st.floats(0.01, 0.2), st.floats(1000, 100000))
def test_per_vote_is_the_derivative_of_win_probability(margin, sd, votes) -> None:
    """With one rival the chance is the two-party margin model's, Phi(m / sigma), and the
    chance per vote its derivative over the seat's votes."""
    model = MarginModel(seat_sd=sd, national_sd=0.0)
    shares = np.array([[0.5 + margin / 2, 0.5 - margin / 2]])
    probability, per_vote = model.chances(shares, 0, np.array([votes]))
    assert probability[0] == pytest.approx(ndtr(margin / sd), rel=1e-9, abs=1e-14)
    step = 1e-6  # share units; one vote moves the margin by 1 / votes
    numeric = (ndtr((margin + step) / sd) - ndtr((margin - step) / sd)) / (2 * step) / votes
    assert per_vote[0] == pytest.approx(numeric, rel=1e-3, abs=1e-12)


@settings(max_examples=40)
@given(
    st.lists(st.floats(0.0, 1.0), min_size=3, max_size=6),
    st.floats(0.02, 0.2),
)
def test_win_chances_count_every_party_and_slope_is_their_derivative(raw, sigma) -> None:
    """A party's chance against several parties is no more than against any one of them,
    and its slope is the derivative of the chance as the party gains on every rival."""
    shares = np.array([raw]) / max(sum(raw), 1e-9)
    if shares[0, 0] < 1e-3:  # a party that does not stand (or a step would take it out)
        return
    probability, slope = win_chances(shares, 0, sigma)
    rivals = shares[0, 1:][shares[0, 1:] > 0]
    if rivals.size:
        assert probability[0] <= ndtr((shares[0, 0] - rivals.max()) / sigma) + 1e-12
    step = 1e-6
    up, down = shares.copy(), shares.copy()
    up[0, 0] += step
    down[0, 0] -= step
    numeric = (win_chances(up, 0, sigma)[0][0] - win_chances(down, 0, sigma)[0][0]) / (2 * step)
    assert slope[0] == pytest.approx(numeric, rel=1e-4, abs=1e-9)


def test_win_chances_agree_with_a_simulation_of_one_error_per_party() -> None:
    """The plain reference: each party's share drawn with its own Normal error of sd
    sigma / sqrt 2, the winner the largest (as the seat page's simulations decide a seat)."""
    shares = np.array([[0.304, 0.270, 0.189, 0.12, 0.117], [0.40, 0.38, 0.15, 0.07, 0.0]])
    sigma = np.array([0.094, 0.06])
    rng = np.random.default_rng(7)
    draws = shares + rng.standard_normal((400_000, *shares.shape)) * (sigma / np.sqrt(2))[:, None]
    draws = np.where(shares > 0, draws, -np.inf)
    for party in range(4):
        simulated = (draws.argmax(axis=-1) == party).mean(axis=0)
        np.testing.assert_allclose(win_chances(shares, party, sigma)[0], simulated, atol=3e-3)


def test_a_third_placed_party_must_pass_the_second_too() -> None:
    """Spelthorne 2024 (Con 30.4, Lab 27.0, LD 18.9): the Liberal Democrats' chance counts
    Labour ahead of them as well as the Conservatives, so it is well below the two-party
    Phi(margin / sigma) they were given (11%), near the seat page's 6.8%; the nearest marginals
    and the allocation read the same chance (seat_sensitivity)."""
    ge2024 = psephos.load("2024")
    targets = target_list(ge2024, "LD", "Con")
    row = next(seat for seat in targets.seats if seat.name == "Spelthorne")
    two_party = float(ndtr(row.margin_pct / 100 / targets.model.sigma))
    assert two_party > 0.10
    assert 0.03 < row.win_probability < 0.08
    position = ge2024.seat_index("Spelthorne")
    seats = seat_sensitivity(ge2024, "LD")
    assert seats.win_probability[position] < 0.08
    two_party = float(ndtr(seats.margin[position] / seats.sigma[position]))
    assert seats.win_probability[position] < two_party


def test_seat_sensitivity_without_party_is_symmetric(ge2015) -> None:
    result = seat_sensitivity(ge2015)
    assert (result.margin >= 0).all()
    assert (result.per_vote > 0).all()


def test_bad_inputs(ge2015) -> None:
    with pytest.raises(UnknownPartyError):
        target_list(ge2015, "Labourish Party", "Con")
    with pytest.raises(PsephosError):
        target_list(ge2015, "Lab", "Labour")
    with pytest.raises(PsephosError):
        target_list(ge2015, "Lab", "Con", kind="sideways")  # type: ignore[arg-type]
    with pytest.raises(InvalidSharesError, match="Swing item '3' is not PARTY=CHANGE"):
        parse_swing("3")
    with pytest.raises(InvalidSharesError, match="Swing item 'Lab \\+3 lots' is not"):
        parse_swing("Lab +3 lots")
    with pytest.raises(InvalidSharesError):
        parse_swing("Lab=lots")
    with pytest.raises(PsephosError):
        MarginModel(seat_sd=-1.0)
    assert parse_swing("Lab=+3, Con=-2.5") == {"Lab": 3.0, "Con": -2.5}


@pytest.mark.parametrize(
    "text",
    [
        "Lab +3, Con -2.5",
        "Lab +3 Con -2.5",
        "Lab+3,Con-2.5",
        "Lab +3%, Con -2.5%",
        "Lab=+3%,Con=-2.5%",
    ],
)
def test_a_swing_written_without_equals_signs_reads_as_with_them(text: str) -> None:
    """A swing as people write one, each party and its change without ``=``, reads as the
    ``PARTY=CHANGE`` items do, where it was refused as not PARTY=CHANGE."""
    assert parse_swing(text) == parse_swing("Lab=+3,Con=-2.5") == {"Lab": 3.0, "Con": -2.5}


def test_forecast_method_agrees_with_analytic(ge2015) -> None:
    analytic = target_list(ge2015, "Lab", "Con", top=30)
    forecast = target_list(ge2015, "Lab", "Con", top=30, method="forecast", n_sims=2000, seed=3)
    overlap = {r.code for r in analytic.seats} & {r.code for r in forecast.seats}
    assert len(overlap) >= 20
    again = target_list(ge2015, "Lab", "Con", top=30, method="forecast", n_sims=2000, seed=3)
    assert [r.code for r in again.seats] == [r.code for r in forecast.seats]  # same seed


def test_target_answer_finds_a_seat_on_the_list_as_ranked(ge2015) -> None:
    """target_answer, the one path of ``psephos target`` and the target-list page: the swing
    text read, the list reordered by margin when asked, and the seat looked for found on
    that order, with its name in the base election and its row."""
    answer = target_answer(
        ge2015, "Lab", "Con", swing="Lab=+2,Con=-1", by_margin=True, find="croydon central"
    )
    expected = target_list(ge2015, "Lab", "Con", swing={"Lab": 2.0, "Con": -1.0}).by_margin()
    assert answer.targets == expected
    found = answer.found
    assert found is not None and found.seat == "croydon central"
    assert found.name == "Croydon Central" and found.rank == expected.rank_of(found.code)
    assert found.row is not None and found.row == expected.seats[found.rank - 1]
    summary = answer.summary()
    assert summary["n_listed"] == len(expected.seats)
    assert summary["find"] == {**found.to_dict(), "row": found.row.to_dict()}
    assert summary["swing_points"] == {"Lab": 2.0, "Con": -1.0}
    assert answer.rows(3) == [seat.to_dict() for seat in expected.seats[:3]]


def test_target_answer_a_seat_off_the_list_and_an_unknown_seat(ge2015, monkeypatch) -> None:
    """A seat the defender does not hold is found with no rank or row; a name that is no seat
    is refused before the list is computed."""
    held = next(
        seat
        for seat in ge2015.constituencies
        if seat.code not in {row.code for row in target_list(ge2015, "Lab", "Con").seats}
    )
    off = target_answer(ge2015, "Lab", "Con", find=held.code).found
    assert off is not None and (off.rank, off.row, off.name) == (None, None, held.name)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the list was computed for a seat that does not exist")

    monkeypatch.setattr(targets_module, "target_list", never)
    with pytest.raises(UnknownConstituencyError):
        target_answer(ge2015, "Lab", "Con", find="Nowhere Town")


def test_a_swing_below_zero_names_the_party_as_the_election_does() -> None:
    """A swing taking the Reform code below 0 in 2015 names it UKIP, its name that year."""
    election = psephos.load("2015")
    label = election.label("Reform")
    with pytest.raises(InvalidSharesError, match=f"^The swing takes {label} to -"):
        apply_national_swing(election, {"Reform": -60})


def test_two_names_of_one_party_in_a_swing_are_refused_as_the_election_reads_them() -> None:
    """Canada reads "Liberal" and "LPC" as one party: refused, not added up."""
    election = psephos.load("canada-2021")
    expected = (
        "Party 'LPC' appears twice in swing 'Liberal +3, LPC -2' "
        "(as 'Liberal' and 'LPC', both read as LPC)."
    )
    with pytest.raises(InvalidSharesError, match=f"^{re.escape(expected)}$"):
        apply_national_swing(election, {"Liberal": 3.0, "LPC": -2.0})


@pytest.mark.parametrize("kind", ["attack", "defend"])
def test_a_seat_off_a_list_says_why_and_the_list_it_points_to_has_it(ge2015, kind) -> None:
    """Every seat a list leaves out has a reason; where the reason names another list, the
    seat is on it, or that list's own reason points on (Lab holds a seat Con is not the
    nearest rival in: the defend list against Con points to the one against that rival) to a
    list that has it, or nowhere further."""
    targets = target_list(ge2015, "Lab", "Con", kind=kind)
    listed = {row.code for row in targets.seats}
    pointed: dict[tuple[str, str, str], TargetList] = {}
    for code in ge2015.codes:
        if code in listed:
            continue
        why, look_on = why_not_listed(ge2015, targets, code)
        assert why
        seen = [(targets.kind, targets.attacker, targets.defender)]
        while look_on is not None:
            assert look_on not in seen, (code, seen)  # no list points back
            seen.append(look_on)
            if look_on not in pointed:  # each list once, not once per seat that points to it
                pointed[look_on] = target_list(ge2015, look_on[1], look_on[2], kind=look_on[0])
            other = pointed[look_on]
            if code in {row.code for row in other.seats}:
                break
            look_on = why_not_listed(ge2015, other, code)[1]
    found = target_answer(ge2015, "Lab", "Con", kind=kind, find=next(iter(listed))).found
    assert found is not None and (found.why, found.look_on) == (None, None)


def _found(**fields: object) -> dict[str, object]:
    """A target answer's summary with a seat looked for, as :meth:`TargetAnswer.summary`."""
    found = {"name": "Bath", "rank": None, "row": None, "why": None, "look_on": None}
    return {"kind": "attack", "attacker": "Lab", "defender": "Con", "n_listed": 1200,
            "find": found | fields}  # fmt: skip


def test_find_sentence_says_each_form_of_the_find_line() -> None:
    """:func:`find_sentence`: none without a seat looked for; a listed seat's rank on the list
    it names, margin, majority and chance (in words); an unlisted one with why, and the
    choices of the list that has it as the caller names them (both where both differ)."""
    assert find_sentence({**_found(), "find": None}, attacker="Lab", defender="Con") is None
    row = {"margin_pct": -0.3125, "majority_votes": -1650, "win_probability": 0.0004}
    assert find_sentence(_found(rank=1001, row=row), attacker="Labour", defender="Con") == (
        "Bath: rank 1,001 of 1,200 on Labour's target list against Con; margin -0.31 points "
        "(-1,650 votes), a chance of about 1 in 2,500 that Labour wins it."
    )
    assert find_sentence(_found(), attacker="Lab", defender="Con") == (
        "Bath: not on Lab's target list against Con."
    )
    defend = {**_found(rank=3, row=row), "kind": "defend"}
    assert find_sentence(defend, attacker="Lab", defender="Reform UK").startswith(
        "Bath: rank 3 of 1,200 on Lab's defend list against Reform UK; "
    )
    # a margin of 2 votes in 40,000 rounds to 0.00 points: not "+0.00 points (-2 votes)"
    close = {"margin_pct": 0.0, "majority_votes": -2, "win_probability": 0.5}
    assert find_sentence(_found(rank=1, row=close), attacker="LD", defender="Con") == (
        "Bath: rank 1 of 1,200 on LD's target list against Con; margin under 0.01 points "
        "(-2 votes), a chance of 50% that LD wins it."
    )
    elsewhere = _found(why="LD holds it, not Con", look_on=["defend", "Lab", "LD"])
    assert find_sentence(elsewhere, attacker="Lab", defender="Con") == (
        "Bath: not on Lab's target list against Con (LD holds it, not Con; see --pair Lab,LD "
        "--list defend)."
    )
    fields = ListNames(pair="{attacker} v {defender}", attack="win", defend="keep", separator=", ")
    assert find_sentence(elsewhere, attacker="Lab", defender="Con", names=fields) == (
        "Bath: not on Lab's target list against Con (LD holds it, not Con; see Lab v LD, keep)."
    )


def test_a_swing_text_naming_one_party_twice_is_refused_as_typed_by_the_elections_reading() -> None:
    """ "Conservative" is the CPC among Canada's parties (Con in the vocabulary): the swing as
    the user typed it is refused, where it was read as two parties and refused later in a
    swing rebuilt from the numbers."""
    text = "Conservative +3, CPC -2.5"
    expected = (
        f"Party 'CPC' appears twice in swing {text!r} (as 'Conservative' and 'CPC', both read "
        "as CPC)."
    )
    election = psephos.load("canada-2021")
    with pytest.raises(InvalidSharesError, match=f"^{re.escape(expected)}$"):
        parse_swing(text, election.parties)
    with pytest.raises(InvalidSharesError, match=f"^{re.escape(expected)}$"):
        target_answer(election, "LPC", "CPC", swing=text)
    assert parse_swing(text) == {"Conservative": 3.0, "CPC": -2.5}  # no election: two names


def test_a_results_files_seat_sd_falls_back_where_the_pair_never_met() -> None:
    """A file of UK parties whose pair never stood against each other in Great Britain (the
    DUP and Sinn Féin): no history to measure on, so the documented default, with a note
    saying why; a target list from the file asked as a results file uses it."""
    from psephos.errors import InputWarning
    from psephos.jurisdictions import parse_results_csv
    from psephos.targeting.sensitivity import FALLBACK_SEAT_SD, file_seat_sd
    from psephos.targeting.targets import target_answer

    election = parse_results_csv(
        "seat_code,seat_name,party,votes\nN1,Lough,DUP,500\nN1,Lough,SF,450\n"
        "N2,Bann,SF,600\nN2,Bann,DUP,300\n",
        name="ulster.csv",
        source="ulster.csv",
    )
    with pytest.warns(InputWarning, match="SF and DUP never met in enough seats of the UK"):
        assert file_seat_sd(election, "SF", "DUP") == FALLBACK_SEAT_SD
    with pytest.warns(InputWarning, match="the documented default, 5.0 points"):
        answer = target_answer(election, "SF", "DUP", results_file=True)
    assert answer.targets.model.seat_sd == FALLBACK_SEAT_SD
    assert [seat.code for seat in answer.targets.seats] == ["N1"]


def test_an_election_built_from_votes_is_measured_as_a_results_file_is() -> None:
    """``Election.from_votes`` of the bundled 2024 votes: no past results of its own, so the
    pair's seat sd is measured on its country's bundled elections, as for a results file
    (the 2024 list's figure), with a note; the bundled election's own figure is unchanged."""
    from psephos.errors import InputWarning
    from psephos.model import Election
    from psephos.targeting.sensitivity import file_seat_sd

    bundled = psephos.load("2024")
    mine = Election.from_votes(
        "mine",
        bundled.constituencies,
        bundled.parties,
        bundled.votes,
        candidates=bundled.candidates,
    )
    with pytest.warns(InputWarning, match="Reform UK and Lab at the UK elections psephos bundles"):
        built = target_list(mine, "Reform", "Lab")
    with pytest.warns(InputWarning):
        assert built.model.seat_sd == file_seat_sd(mine, "Reform", "Lab")
    assert built.model.seat_sd == target_list(bundled, "Reform", "Lab").model.seat_sd
    assert [seat.code for seat in built.seats] == [
        seat.code for seat in target_list(bundled, "Reform", "Lab").seats
    ]


def test_a_chance_per_1000_votes_never_rises_above_100_percent(tmp_path) -> None:
    """A council file's ward of 3,000 votes: 1,000 votes are a third of its turnout, and the
    slope at a 46% chance times 1,000 said "+124 pts". The gain is capped at the chance left
    to gain, 1 - win_probability, per 1,000 votes and per 100 hours alike; a Westminster
    seat's figures are the slope's as before."""
    from psephos.targeting.sensitivity import chance_gained

    wards = tmp_path / "wards.csv"
    wards.write_text(
        "seat_code,seat_name,party,votes\n"
        "W1,Ward 1,Lab,1480\nW1,Ward 1,Con,1510\n"
        "W2,Ward 2,Lab,900\nW2,Ward 2,Con,1300\n"
    )
    import warnings

    from psephos.jurisdictions import read_results_csv

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        election = read_results_csv(wards)
        targets = target_list(election, "Lab", "Con", seat_sd=0.105)
    assert targets.seats
    for row in targets.seats:
        assert 0 < row.per_1000_votes <= 1 - row.win_probability + 1e-4
        assert row.per_100_hours <= 1 - row.win_probability + 1e-4
    slope = targets.model.chances(election.contest_shares(), 0, election.valid_votes)[1]
    assert slope.max() * 1000 > 1  # uncapped, more than 100 points
    assert chance_gained([0.0001, 0.002], 1000, [0.3, 0.3]).tolist() == pytest.approx([0.1, 0.7])
    assert chance_gained([0.002], 1000).tolist() == [1.0]
    westminster = target_list(psephos.load("2015"), "Lab", "Con", top=5)
    for row in westminster.seats:  # 1,000 votes are 2% of a seat: the slope's figure
        assert row.per_1000_votes < 1 - row.win_probability


def test_an_attack_rows_rival_is_the_seats_runner_up(ge2015) -> None:
    """``rival`` is the seat's second at the base, as ``nearest``'s is: on Labour's attack list
    against the Conservatives Labour where it came second, another party where one did (UKIP,
    the Liberal Democrats); it repeated the holder, the Conservatives, on every row."""
    targets = target_list(ge2015, "Lab", "Con")
    assert targets.seats
    second = {
        seat.code: ge2015.label(ge2015.parties[int(ge2015.runner_up[i])])
        for i, seat in enumerate(ge2015.constituencies)
    }
    assert all(row.holder == "Con" and row.rival == second[row.code] for row in targets.seats)
    rivals = {row.rival for row in targets.seats}
    assert "Lab" in rivals and rivals - {"Lab"} and "Con" not in rivals
