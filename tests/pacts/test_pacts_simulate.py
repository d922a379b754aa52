"""Stand-down simulator: hand-checked transfers, invariants, draws, real seats."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import psephos
from psephos.errors import (
    DataFormatError,
    InvalidSharesError,
    UnknownConstituencyError,
    UnknownPartyError,
)
from psephos.government import parliament
from psephos.model import Constituency, Election, nominal_majority
from psephos.pacts import (
    DEFAULT_TRANSFERS,
    StandDown,
    TransferMatrix,
    apply_stand_downs,
    best_placed_stand_downs,
    parse_transfer_overrides,
    simulate_pact,
)

PARTIES = ("Con", "Lab", "LD")


def _matrix(lab_from_ld: float = 0.5, con_from_ld: float = 0.2) -> TransferMatrix:
    return TransferMatrix.from_mapping(
        PARTIES, {"LD": {"Lab": lab_from_ld, "Con": con_from_ld}, "Lab": {"LD": 0.6}}
    )


def test_hand_checked_transfer(three_seats):
    # Seat A: Con 500, Lab 300, LD 100. LD stands aside: Lab 350, Con 520 -> Con holds.
    # Seat B: Con 350, Lab 400, LD 150 (Lab already wins).
    # Seat C: Con 200, Lab 250, LD 450. Lab stands aside: LD 600.
    result = simulate_pact(
        three_seats,
        [StandDown("LD", "E1"), StandDown("Lab", "Delta")],
        bloc=["Lab", "LD"],
        transfers=_matrix(),
    )
    votes = apply_stand_downs(
        three_seats.votes,
        np.array([[False, False, True], [False, False, False], [False, True, False]]),
        _matrix().rates,
    )
    assert votes[0].tolist() == [520.0, 350.0, 0.0]
    assert votes[2].tolist() == [200.0, 0.0, 600.0]
    assert result.seats_before == {"Con": 1.0, "Lab": 1.0, "LD": 1.0}
    assert result.seats_after == result.seats_before
    assert result.bloc_seats_after == result.bloc_seats_before == 2.0
    ledger = {row["seat_code"]: row for row in result.ledger}
    assert ledger["E1"]["votes_given_up"] == 100.0
    assert ledger["E1"]["winner_after"] == "Con" and ledger["E1"]["bloc_gain"] == 0.0
    assert ledger["S3"]["party"] == "Lab" and ledger["S3"]["own_win_prob_given_up"] == 0.0


def test_stand_down_flips_a_seat(three_seats):
    # Seat B: Con 350, Lab 400, LD 150. Lab stands aside and only 10% of its voters go to LD:
    # LD 190 < Con 350, so the bloc loses the seat Lab held.
    matrix = TransferMatrix.from_mapping(PARTIES, {"Lab": {"LD": 0.1}})
    result = simulate_pact(
        three_seats, [StandDown("Lab", "E2")], bloc=["Lab", "LD"], transfers=matrix
    )
    row = result.ledger[0]
    assert row["winner_before"] == "Lab" and row["winner_after"] == "Con"
    assert row["own_win_prob_given_up"] == 1.0 and row["bloc_gain"] == -1.0
    assert result.bloc_seats_after == 1.0
    rows = {row["party"]: row for row in result.seat_rows()}
    assert rows["Lab"]["seats_given_up"] == 1.0 and rows["Lab"]["change"] == -1.0
    assert rows["Con"]["net_where_others_stood_aside"] == 1.0
    # A matrix on another party order is re-aligned to the election's columns.
    reordered = TransferMatrix.from_mapping(("LD", "Lab"), {"Lab": {"LD": 0.1}})
    again = simulate_pact(
        three_seats, [StandDown("Lab", "E2")], bloc=["Lab", "LD"], transfers=reordered
    )
    assert again.seat_rows() == result.seat_rows()


def test_a_stand_down_that_costs_the_bloc_a_seat_is_named(three_seats):
    """The headline's net gain can hide a seat the pact hands to a party outside the bloc: a
    note names it, with who wins before and after (over draws, the bloc's chances)."""
    matrix = TransferMatrix.from_mapping(PARTIES, {"Lab": {"LD": 0.1}})
    result = simulate_pact(
        three_seats, [StandDown("Lab", "E2")], bloc=["Lab", "LD"], transfers=matrix
    )
    lost = [note for note in result.notes({"E2": "Beta & Gamma"}) if "cost the bloc" in note]
    assert lost == [
        "The stand-downs cost the bloc 1 seat it wins without them: Beta & Gamma (Lab to "
        "Con); see the transfer rates used (where a bloc party stands aside, its voters may "
        "help a party outside the bloc more than the bloc party left standing)."
    ]
    # A stand-down that keeps the seat in the bloc (Seat C: Lab aside, LD still wins) says nothing.
    kept = simulate_pact(three_seats, [StandDown("Lab", "S3")], bloc=["Lab", "LD"])
    assert not [note for note in kept.notes() if "cost the bloc" in note]
    shares = three_seats.shares()
    draws = np.stack([shares, shares])
    drawn = simulate_pact(
        three_seats, [StandDown("Lab", "E2")], bloc=["Lab", "LD"], transfers=matrix, draws=draws
    )
    (note,) = [note for note in drawn.notes() if "lower the bloc" in note]
    assert note.startswith(
        "The stand-downs lower the bloc's chance of winning 1 seat (its expected seats by 1.0 "
        "there): Beta & Gamma (bloc wins in 100% of draws before, 0% after)"
    )


def test_real_2019_kensington_ld_stand_down():
    election = psephos.load("2019")
    seat = election.result("Kensington")
    assert seat.winner == "Con" and seat.votes["Lab"] < seat.votes["Con"]
    assert seat.votes["Lab"] + 0.30 * seat.votes["LD"] > seat.votes["Con"]
    # An explicit LD -> Lab rate of 0.30 (the old illustrative default; the estimated default,
    # 0.00 +- 0.03, would not flip the seat).
    result = simulate_pact(
        election,
        [StandDown("Lib Dem", "Kensington")],
        bloc=["Lab", "LD", "Green"],
        transfers=TransferMatrix.default(election.parties).with_rates({"LD": {"Lab": 0.30}}),
    )
    assert result.bloc_seats_after - result.bloc_seats_before == 1.0
    # Con, outside the bloc, loses the seat where LD stood aside: its net change there is -1,
    # named as such (not seats "received"), and its change is that net change.
    rows = {row["party"]: row for row in result.seat_rows()}
    assert rows["Con"]["net_where_others_stood_aside"] == -1.0 == rows["Con"]["change"]
    assert rows["Lab"]["net_where_others_stood_aside"] == 1.0
    assert not any("received" in key for row in rows.values() for key in row)
    assert result.ledger[0]["winner_after"] == "Lab"
    assert result.seats_after["Con"] == result.seats_before["Con"] - 1


def test_not_standing_is_a_no_op_and_bad_names_raise(three_seats):
    votes = three_seats.votes.copy()
    votes[0, 2] = 0
    election = three_seats.with_votes(votes)
    result = simulate_pact(election, [StandDown("LD", "E1")], bloc=["Lab", "LD"])
    assert result.stand_downs == () and result.ledger == ()
    with pytest.raises(UnknownPartyError):
        simulate_pact(election, [StandDown("Green", "E1")], bloc=["Lab"])
    with pytest.raises(UnknownConstituencyError):
        simulate_pact(election, [StandDown("LD", "Nowhere")], bloc=["Lab"])
    with pytest.raises(InvalidSharesError):
        simulate_pact(election, [], bloc=["Lab"], draws=np.ones((2, 3, 4)))


def test_stand_downs_where_the_party_did_not_stand_are_reported(three_seats):
    """A stand-down asked for where the party had no candidate is left out, and said so; a
    bloc party with no candidate anywhere is named too."""
    votes = three_seats.votes.copy()
    votes[0, 2] = 0  # no LD candidate in Alpha
    votes[:, 0] = [0, 0, 0]  # Con stood nowhere
    election = three_seats.with_votes(votes)
    asked = [StandDown("LD", "E1"), StandDown("LD", "E2")]
    result = simulate_pact(election, asked, bloc=["Lab", "LD", "Con"])
    assert result.stand_downs == (StandDown("LD", "E2"),)
    assert result.not_standing == (StandDown("LD", "E1"),)
    assert result.absent_bloc == ("Con",)
    notes = result.notes({"E1": "Alpha"})
    assert notes[0].startswith("Con stood in no seat of tiny")
    assert notes[1].startswith("LD did not stand in Alpha") and "left out" in notes[1]
    summary = result.summary()
    assert summary["not_standing"] == [{"party": "LD", "seat": "E1"}]
    assert summary["absent_bloc"] == ["Con"]
    assert simulate_pact(three_seats, asked, bloc=["Lab", "LD"]).notes() == []


@pytest.mark.parametrize("bloc", [["Lab", "LD", "Lab"], ["Lab", "Labour"]])
def test_a_party_twice_in_the_bloc_is_refused(three_seats, bloc):
    # Lab once as the best-placed party and once as "another bloc party" stood Lab down in
    # every seat it was best placed in.
    with pytest.raises(DataFormatError, match="Lab is in the bloc twice"):
        best_placed_stand_downs(three_seats, bloc)
    with pytest.raises(DataFormatError, match="Lab is in the bloc twice"):
        simulate_pact(three_seats, [], bloc=bloc)


def test_transfer_matrix_validation_and_overrides():
    # one rule for a row of transfers, as a second-preference file's rows follow it
    # (psephos.io.transfer_rates.row_total_refusal), in percent as the file gives them
    with pytest.raises(InvalidSharesError, match=r"^The transfers from LD sum to 120\.0%; "):
        TransferMatrix.from_mapping(PARTIES, {"LD": {"Lab": 0.7, "Con": 0.5}})
    with pytest.raises(InvalidSharesError):
        TransferMatrix.from_mapping(PARTIES, {"LD": {"Lab": -0.1}})
    matrix = TransferMatrix.default(psephos.load("2019").parties)
    assert matrix.rate("Green", "Lab") == DEFAULT_TRANSFERS["Green"]["Lab"]
    assert (matrix.rates.sum(axis=1) <= 1).all()
    changed = matrix.with_rates(parse_transfer_overrides(["Green>Lab=0.55", "Lib Dem>Lab=0.4"]))
    assert changed.rate("Green", "Lab") == 0.55 and changed.rate("LD", "Lab") == 0.4
    assert matrix.rate("Green", "Lab") == DEFAULT_TRANSFERS["Green"]["Lab"]  # unchanged
    with pytest.raises(InvalidSharesError):
        parse_transfer_overrides(["Green-Lab=0.5"])
    assert parse_transfer_overrides(["Green>Lab=55%"]) == {"Green": {"Lab": 0.55}}
    for typed in ("Green>Lab=60", "Green>Lab=1.2", "Green>Lab=-0.1", "Green>Lab=120%"):
        with pytest.raises(InvalidSharesError, match=r"Transfer '.*'.*'Green>Lab=0\.6'"):
            parse_transfer_overrides([typed])
    with pytest.raises(UnknownPartyError):
        matrix.with_rates({"Nobody": {"Lab": 0.1}})
    # a rate given twice is refused, not the last one kept unseen: as typed twice, or under
    # two names of the same two parties
    with pytest.raises(
        InvalidSharesError,
        match=r"^Transfers 'LD>Lab=0\.5' and 'ld > lab=0\.6' both set the rate ld>lab; give",
    ):
        parse_transfer_overrides(["LD>Lab=0.5", "ld > lab=0.6"])
    with pytest.raises(
        InvalidSharesError,
        match=r"^The transfer rate LD>Lab is given twice \(as 'LD>Lab' and 'Lib Dem>Labour'\)",
    ):
        matrix.with_rates(parse_transfer_overrides(["LD>Lab=0.5", "Lib Dem>Labour=0.6"]))
    rows = matrix.to_rows()
    assert {"from": "Green", "to": "Lab", "rate": DEFAULT_TRANSFERS["Green"]["Lab"]} in rows


def _election(votes: np.ndarray) -> Election:
    seats = [
        Constituency(f"E{i:02d}", f"Seat {i}", "England", "London", 1000, "t")
        for i in range(votes.shape[0])
    ]
    return Election.from_votes("toy", seats, PARTIES, votes)


votes_strategy = hnp.arrays(
    np.float64, st.tuples(st.integers(1, 6), st.just(3)), elements=st.integers(0, 1000).map(float)
)


@settings(max_examples=50)
@given(votes_strategy, st.data())
def test_simulation_invariants(votes, data):
    election = _election(votes)
    mask = data.draw(hnp.arrays(bool, votes.shape))
    stand = [
        StandDown(PARTIES[j], election.codes[i]) for i, j in zip(*np.nonzero(mask), strict=True)
    ]
    result = simulate_pact(election, stand, bloc=["Lab", "LD"], transfers=_matrix())
    after = apply_stand_downs(votes, mask, _matrix().rates)
    assert after.sum() <= votes.sum() + 1e-9  # transfers never create votes
    assert np.all(after[mask] == 0)
    assert sum(result.seats_after.values()) == pytest.approx(election.n_seats)
    assert sum(result.seats_before.values()) == pytest.approx(election.n_seats)
    for row in result.seat_rows():
        assert row["change"] == pytest.approx(
            row["net_where_others_stood_aside"] - row["seats_given_up"]
        )
    none = simulate_pact(election, [], bloc=["Lab", "LD"], transfers=_matrix())
    assert np.array_equal(none.win_after, none.win_before)
    # One draw of shares gives the deterministic answer on votes.
    shares = election.shares()[None]
    probabilistic = simulate_pact(
        election, stand, bloc=["Lab", "LD"], transfers=_matrix(), draws=shares
    )
    scale = votes.sum(axis=1, keepdims=True)
    if np.all(scale > 0):
        assert probabilistic.bloc_seats_after == pytest.approx(result.bloc_seats_after)


def test_draws_give_probabilities(three_seats):
    shares = three_seats.shares()
    draws = np.stack([shares, shares[:, [1, 0, 2]], shares])  # Con/Lab swapped in one draw
    result = simulate_pact(
        three_seats, [StandDown("LD", "E1")], bloc=["Lab", "LD"], draws=draws, majority=2
    )
    assert result.n_draws == 3
    assert result.win_before[0].tolist() == pytest.approx([2 / 3, 1 / 3, 0.0])
    assert 0.0 <= result.p_majority_before <= result.p_majority_after <= 1.0
    assert result.summary()["n_draws"] == 3


@pytest.mark.parametrize("election_id", ["2010", "2015", "2017", "2019", "2024"])
def test_no_pact_reproduces_official_seats(election_id):
    election = psephos.load(election_id)
    result = simulate_pact(election, [], bloc=["Lab"])
    official = {p: float(n) for p, n in election.seats_won().items()}
    assert result.seats_before == official
    assert result.seats_after == official


def test_default_majority_is_the_house_rule():
    # Great Britain in 2017: 632 seats, so a majority is 317, which the Conservatives won.
    full = psephos.load("2017")
    gb = full.select(full.gb_mask)
    house = parliament(gb)
    result = simulate_pact(gb, [], bloc=["Con"])
    assert house.nominal_majority == nominal_majority(gb.n_seats)
    assert result.p_majority_before == float(gb.seats_won()["Con"] >= house.nominal_majority)
    assert result.p_majority_before == 1.0


def test_votes_given_up_with_draws_are_votes(three_seats):
    """With draws a ledger row's votes given up are the expected votes (each draw's share of
    the seat's valid votes), as without draws, not the mean share."""
    shares = three_seats.shares()
    swapped = shares.copy()
    swapped[0] = [0.5, 0.3, 0.2]  # seat A: LD on a fifth of the vote in this draw
    draws = np.stack([shares, swapped])
    stand = [StandDown("LD", "E1")]
    plain = simulate_pact(three_seats, stand, bloc=["Lab", "LD"])
    drawn = simulate_pact(three_seats, stand, bloc=["Lab", "LD"], draws=draws)
    valid = float(three_seats.valid_votes[0])
    assert plain.ledger[0]["votes_given_up"] == 100.0
    expected = (100.0 / valid + 0.2) / 2 * valid
    assert drawn.ledger[0]["votes_given_up"] == pytest.approx(expected)
    assert drawn.ledger[0]["share_given_up"] == pytest.approx(expected / valid)


def test_votes_given_up_with_forecast_draws_match_the_result():
    """On a real seat the expected votes given up over forecast draws are near the result's
    own votes (the draws centre on it) and never a share."""
    from psephos.tactical.uncertainty import SeatUncertainty

    election = psephos.load("2024")
    stand = best_placed_stand_downs(election, ["Lab", "LD", "Green"])[:40]
    draws = SeatUncertainty.from_election(election, n_sims=200, seed=3).draws
    plain = {
        (r["party"], r["seat_code"]): r
        for r in simulate_pact(election, stand, bloc=["Lab", "LD", "Green"]).ledger
    }
    drawn = simulate_pact(election, stand, bloc=["Lab", "LD", "Green"], draws=draws).ledger
    assert len(drawn) == len(plain) > 0
    for row in drawn:
        own = plain[row["party"], row["seat_code"]]["votes_given_up"]
        assert row["votes_given_up"] > 1.0
        valid = election.valid_votes[election.seat_index(row["seat_code"])]
        assert abs(row["votes_given_up"] - own) < 0.02 * valid  # within 2 points of the seat


def test_labelled_ledger_names_every_party_by_its_label():
    """Each party field of a ledger row has the election's label after it (the Brexit Party
    in 2019 for the Reform code), the codes kept; the bloc's total row is named by labels."""
    election = psephos.load("2019")
    kensington = election.constituencies[election.seat_index("Kensington")].code
    stand = [StandDown("Reform", kensington), StandDown("LD", kensington)]
    result = simulate_pact(election, stand, bloc=["Con", "Reform", "LD"])
    rows = {row["party"]: row for row in result.labelled_ledger(election.label)}
    assert rows["Reform"]["party_label"] == "Brexit Party"
    assert rows["LD"]["also_standing_down"] == "Reform"
    assert rows["LD"]["also_standing_down_label"] == "Brexit Party"
    for row in rows.values():
        for field in ("party", "winner_before", "winner_after"):
            assert row[f"{field}_label"] == election.label(row[field])
    assert result.bloc_name() == "bloc: Con + Reform + LD" == result.seat_rows()[-1]["party"]
    assert result.bloc_name(election.label) == "bloc: Con + Brexit Party + LD"


def test_separate_independents_are_not_one_winner_after_a_stand_down():
    """Birmingham Hall Green and Moseley and Bradford West (2024): Labour beat each of the
    Independents, who together out-polled it. Reform standing aside there leaves them Labour's
    (it gave "Ind 6 -> 8"), and its votes given up are its own 2,305 in Hall Green."""
    election = psephos.load("2024")
    seats = ("Birmingham Hall Green and Moseley", "Bradford West")
    stand = [StandDown("Reform", seat) for seat in seats]
    result = simulate_pact(election, stand, bloc=["Con", "Reform"])
    assert [row["winner_after"] for row in result.ledger] == ["Lab", "Lab"]
    assert result.seats_after == result.seats_before
    hall_green = election.result(seats[0])
    assert result.ledger[0]["votes_given_up"] == hall_green.votes["Reform"] == 2305
    assert result.ledger[0]["share_given_up"] == pytest.approx(2305 / hall_green.valid_votes)
    # The whole default pact counts the same way: no Independent wins a seat it lost.
    default = simulate_pact(
        election, best_placed_stand_downs(election, ["Con", "Reform"]), bloc=["Con", "Reform"]
    )
    assert default.seats_after["Ind"] <= default.seats_before["Ind"] == 6


def test_votes_given_up_over_draws_around_a_result_are_the_partys_own():
    """Draws around a result (each party's strongest candidate's share of the votes counted)
    give back a party's own votes: Reform's 2,305 in Hall Green, not 2,683 (the weaker
    Independents' votes were shared out among the other parties)."""
    election = psephos.load("2024")
    contest = election.contest_shares()
    draws = np.repeat((contest / contest.sum(axis=1, keepdims=True))[None], 2, axis=0)
    stand = [StandDown("Reform", "Birmingham Hall Green and Moseley")]
    result = simulate_pact(election, stand, bloc=["Con", "Reform"], draws=draws)
    assert result.ledger[0]["votes_given_up"] == pytest.approx(2305)
    assert result.ledger[0]["winner_after"] == "Lab"
