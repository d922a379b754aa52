"""Vote-swap matching: exactness against brute force, both sides gain, aggregation."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linear_sum_assignment

import psephos
from psephos import solvers
from psephos.errors import (
    DataFormatError,
    InputWarning,
    MissingExtraError,
    UnknownConstituencyError,
    UnknownPartyError,
)
from psephos.io.swap_offers import read_swap_offers
from psephos.model import Constituency, Election
from psephos.numbers import format_number
from psephos.tactical.errors import SwapInputError
from psephos.tactical.swaps import (
    MIN_GAIN,
    _candidate_arcs,
    _type_terms,
    aggregate_offers,
    match_swaps,
    seat_effects,
    swap_outlook,
    swap_outlooks,
)
from psephos.tactical.uncertainty import SeatUncertainty


def _seat(code: str, name: str) -> Constituency:
    return Constituency(code, name, "England", "London", electorate=70_000, boundary_set="test")


@pytest.fixture(scope="module")
def toy() -> SeatUncertainty:
    parties = ("Con", "Lab", "LD", "Green")
    votes = [
        [20_000, 19_000, 4_000, 2_000],  # Con-Lab marginal: LD voters here should lend to Lab
        [20_000, 4_000, 19_500, 1_500],  # Con-LD marginal: Lab voters here should lend to LD
        [21_000, 18_000, 3_000, 3_000],  # another Con-Lab marginal
        [30_000, 8_000, 6_000, 1_000],  # safe Con
        [4_000, 30_000, 2_000, 9_000],  # safe Lab
    ]
    seats = [_seat(f"E{i}", f"Seat {i}") for i in range(5)]
    election = Election.from_votes("toy", seats, parties, votes)
    return SeatUncertainty.from_election(election, n_sims=3000, seed=5)


def _offers() -> pd.DataFrame:
    rows = (
        [("Seat 0", "LD", "Lab")] * 5
        + [("Seat 2", "LD", "Lab")] * 2
        + [("Seat 1", "Lab", "LD")] * 4
        + [("Seat 4", "Lab", "LD")] * 3  # a safe Lab seat: swapping away helps nobody
        + [("Seat 3", "Green", "Lab")] * 2
        + [("Seat 4", "Lab", "Green")] * 2
    )
    return pd.DataFrame(rows, columns=["seat", "preferred", "willing"])


def test_swaps_help_both_sides(toy: SeatUncertainty) -> None:
    match = match_swaps(toy, _offers())
    assert match.total_pairs > 0
    assert (match.gain_preferred > 0).all() and (match.gain_willing > 0).all()
    rows = match.rows(toy)
    assert any(r["a_name"] in ("Seat 1",) or r["b_name"] == "Seat 1" for r in rows)
    for row in rows:
        assert row["a_name"] != row["b_name"]


def test_a_swap_that_gains_one_party_next_to_nothing_is_not_made(toy: SeatUncertainty) -> None:
    """Lab voters in the safe Lab seat 4 lending to the Liberal Democrats there gain the
    Liberal Democrats about 1e-66 expected seats (a vote in a seat they cannot win): below
    MIN_GAIN that swap does not help both parties, so it is not made, its offers are listed
    unmatched saying so, and no swap's reason says a party "gains 0.0"."""
    match = match_swaps(toy, _offers())
    assert match.total_pairs > 0
    assert (match.gain_preferred >= MIN_GAIN).all() and (match.gain_willing >= MIN_GAIN).all()
    assert not any(re.search(r"gains 0\.0(?![0-9])", row["why"]) for row in match.rows(toy))
    unmatched = {(row["seat_name"], row["votes"]): row for row in match.unmatched(toy)}
    lent = unmatched["Seat 4", "LD"]
    assert lent["offers"] == 3
    assert "would not help both parties" in lent["reason"]
    assert f"less than {format_number(MIN_GAIN)} expected seats" in lent["reason"]
    every = match_swaps(toy, _offers(), min_gain=0.0)  # the floor is what leaves them out
    assert every.total_pairs > match.total_pairs
    assert min(every.gain_willing.min(), every.gain_preferred.min()) < 1e-12


def test_flow_is_optimal_against_brute_force(toy: SeatUncertainty) -> None:
    """Expand types to voters and solve the assignment exactly with scipy."""
    offers = _offers()
    types = aggregate_offers(toy, offers)
    effects = seat_effects(toy, sorted({int(s) for s in types.seat}))
    loss, gain = _type_terms(types, effects)
    left, right, gain_p, gain_w = _candidate_arcs(types, loss, gain)
    weight = {
        (int(a), int(b)): float(p + w)
        for a, b, p, w in zip(left, right, gain_p, gain_w, strict=True)
    }
    voters_left = [
        t
        for t in range(len(types.count))
        if types.preferred[t] < types.willing[t]
        for _ in range(types.count[t])
    ]
    voters_right = [
        t
        for t in range(len(types.count))
        if types.preferred[t] > types.willing[t]
        for _ in range(types.count[t])
    ]
    matrix = np.zeros((len(voters_left), len(voters_right)))
    for i, a in enumerate(voters_left):
        for j, b in enumerate(voters_right):
            matrix[i, j] = weight.get((a, b), 0.0)
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    best = matrix[rows, cols].sum()
    flow = match_swaps(toy, types, method="flow")
    greedy = match_swaps(toy, types, method="greedy")
    assert flow.total_weight == pytest.approx(best, rel=1e-6)
    assert match_swaps(toy, types, method="lp").total_weight == pytest.approx(best, rel=1e-6)
    assert greedy.total_weight <= flow.total_weight * (1 + 1e-9)


def test_aggregation_counts(toy: SeatUncertainty) -> None:
    types = aggregate_offers(toy, _offers())
    assert int(types.count.sum()) == len(_offers())
    assert len(types.count) == 6


def test_swap_input_errors(toy: SeatUncertainty) -> None:
    with pytest.raises(SwapInputError, match="missing"):
        aggregate_offers(toy, pd.DataFrame({"seat": ["Seat 0"], "preferred": ["Lab"]}))
    with pytest.raises(SwapInputError, match="differ"):
        aggregate_offers(
            toy, pd.DataFrame({"seat": ["Seat 0"], "preferred": ["Lab"], "willing": ["Lab"]})
        )
    with pytest.raises(SwapInputError, match="method"):
        match_swaps(toy, _offers(), method="magic")


def test_a_bad_offer_in_a_file_names_its_row(toy: SeatUncertainty, tmp_path: Path) -> None:
    """Offers read from a file fail naming the file's row, also where the two parties are
    the same party spelled two ways, which the row check alone cannot see."""
    path = tmp_path / "offers.csv"
    good = "Seat 0,LD,Lab\nSeat 1,Lab,LD\n"
    cases = {
        "\nSeat 2,Labour,Lab\n": (SwapInputError, r"^Swap offer row 5: .*same party \(Lab"),
        "Seat 9,Lab,LD\n": (UnknownConstituencyError, r"^Swap offer row 4, seat: "),
        "Seat 2,Labor,LD\n": (UnknownPartyError, r"^Swap offer row 4, preferred: .*'Labor'"),
    }
    for bad, (error, message) in cases.items():
        path.write_text("seat,preferred,willing\n" + good + bad, encoding="utf-8")
        with pytest.raises(error, match=message):
            aggregate_offers(toy, read_swap_offers(path))
    with pytest.raises(SwapInputError, match=r"^Swap offer 2: "):  # a table: its place in it
        aggregate_offers(
            toy,
            pd.DataFrame(
                {"seat": ["E0", "E1"], "preferred": ["LD", "LD"], "willing": ["Lab", "LD"]}
            ),
        )


def test_every_offer_that_does_not_read_is_told_at_once(
    toy: SeatUncertainty, tmp_path: Path
) -> None:
    """A sign-up sheet with several typos is refused once, naming each bad offer in the
    file's order (its row, its column, what is wrong), so it is fixed in one go; the refusal
    is the first one's kind (an unknown seat: 404 on the web)."""
    path = tmp_path / "offers.csv"
    path.write_text(
        "seat,preferred,willing\nSeat 0,LD,Lab\nSeat 9,Lab,LD\nSeat 1,Lab,Foo\n"
        "Seat 8,LD,Lab\nSeat 9,Lab,LD\n",
        encoding="utf-8",
    )
    with pytest.warns(InputWarning, match=r"\(row 6\) read as different voters"):
        offers = read_swap_offers(path)  # two offers of "Seat 9": two voters, said in a note
    with pytest.raises(UnknownConstituencyError) as refused:
        aggregate_offers(toy, offers)
    told = str(refused.value)
    assert told.startswith("3 swap offers do not read: Swap offer row 3, seat: ")
    rows = [
        told.index(f"Swap offer row {row}, {column}")
        for row, column in ((3, "seat"), (4, "willing"), (5, "seat"))
    ]
    assert rows == sorted(rows) and "'Foo'" in told and "'Seat 8'" in told
    assert told.count("Seat 9") == 1  # a value wrong in two rows is told once, at its first


def test_rows_that_did_not_read_are_told_with_the_offers_the_election_refuses(
    toy: SeatUncertainty,
) -> None:
    """The rows of the file the reader refused (``faults``) are named in the same refusal as
    the offers naming an unknown seat and every offer giving one party twice however spelled,
    in row order, so an organiser fixes the file in one go."""
    offers = pd.DataFrame(
        {
            "seat": ["Seat 0", "Seat 9", "Seat 1", "Seat 2"],
            "preferred": ["LD", "Lab", "Labour", "LD"],
            "willing": ["Lab", "LD", "Lab", "Liberal Democrat"],
        },
        index=pd.Index([2, 4, 6, 7], name="row"),
    )
    with pytest.raises(DataFormatError) as refused:  # the first one's kind
        match_swaps(toy, offers, faults=[(3, "preferred and willing parties are the same")])
    told = str(refused.value).split(" | ")
    assert told[0].startswith("4 swap offers do not read: Swap offer row 3: preferred and")
    assert told[1].startswith("Swap offer row 4, seat: ")
    assert told[2].startswith("Swap offer row 6: the preferred and willing parties are the same")
    assert told[3].startswith("Swap offer row 7: the preferred and willing parties are the same")
    with pytest.raises(
        DataFormatError, match=r"^Swap offer row 3: preferred and willing .*same\.$"
    ):
        aggregate_offers(
            toy, offers.iloc[[0]], faults=[(3, "preferred and willing parties are the same")]
        )


def test_an_offer_in_a_seat_of_the_old_boundaries_is_followed_with_a_note(
    tmp_path: Path,
) -> None:
    """A pre-2024 seat ("Arfon") goes where ``advise`` sends it: the 2024 seat holding most
    of its population (seat_across_boundaries), with the same note."""
    from psephos.jurisdictions import seat_across_boundaries

    election = psephos.load("2024")
    uncertainty = SeatUncertainty.from_election(election, n_sims=200, seed=1)
    found = seat_across_boundaries(election, "Arfon")
    assert found is not None
    successor, note = found
    path = tmp_path / "offers.csv"
    path.write_text("seat,preferred,willing\nArfon,Lab,PC\nArfon,LD,PC\n", encoding="utf-8")
    types = aggregate_offers(uncertainty, read_swap_offers(path))
    assert types.seat.tolist() == [successor, successor]
    assert types.count.tolist() == [1, 1]
    assert len(types.notes) == 1 and types.notes[0].startswith(note[:-1])
    assert "Arfon" in types.notes[0] and election.codes[successor] in types.notes[0]


def test_a_postcode_given_as_an_offer_s_seat_is_read_as_its_seat_with_a_note() -> None:
    """A sign-up form collects postcodes: one in a single seat is that seat (it stopped the
    whole file), said in a note; a seat name that is no seat still fails, naming its row."""
    election = psephos.load("2024")
    uncertainty = SeatUncertainty.from_election(election, n_sims=200, seed=1)
    offers = pd.DataFrame(
        {"seat": ["Bath", "SW1A 1AA"], "preferred": ["Lab", "LD"], "willing": ["LD", "Lab"]}
    )
    types = aggregate_offers(uncertainty, offers)
    westminster = election.seat_index("E14001172")
    assert sorted(types.seat.tolist()) == sorted([election.seat_index("Bath"), westminster])
    assert types.notes == (
        "SW1A 1AA (SW1A 1) is in Cities of London and Westminster: a postcode given as a seat "
        "is read as its seat (E14001172).",
    )
    typo = pd.DataFrame({"seat": ["Batth"], "preferred": ["Lab"], "willing": ["LD"]})
    with pytest.raises(UnknownConstituencyError, match="Swap offer 1, seat"):
        aggregate_offers(uncertainty, typo)


def test_real_swaps_reach_the_same_optimum_with_or_without_ortools(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """2024 seats where the three parties stand, 1,500 offers: OR-Tools' flow and the HiGHS
    LP agree; ``auto`` falls back."""
    pytest.importorskip("ortools")
    uncertainty = SeatUncertainty.from_election(psephos.load("2024"), n_sims=500, seed=3)
    election = uncertainty.election
    pairs = [("Lab", "LD"), ("LD", "Lab"), ("Green", "Lab"), ("Lab", "Green")]
    three = [election.parties.index(party) for party in ("Lab", "LD", "Green")]
    standing = (uncertainty.mean_shares[:, three] > 0).all(axis=1)
    gb = [c.code for c, stands in zip(election.constituencies, standing, strict=True) if stands]
    rng = np.random.default_rng(5)
    chosen = rng.integers(0, len(pairs), 1500)
    offers = pd.DataFrame(
        {
            "seat": rng.choice(gb, 1500),
            "preferred": [pairs[k][0] for k in chosen],
            "willing": [pairs[k][1] for k in chosen],
        }
    )
    types = aggregate_offers(uncertainty, offers)
    flow = match_swaps(uncertainty, types)
    assert flow.method == "flow" and flow.total_pairs > 0
    lp = match_swaps(uncertainty, types, method="lp")
    assert lp.total_weight == pytest.approx(flow.total_weight, rel=1e-6)
    monkeypatch.setattr(solvers, "find_spec", lambda name: None)
    fallback = match_swaps(uncertainty, types)
    assert fallback.method == "lp"
    assert fallback.total_weight == pytest.approx(flow.total_weight, rel=1e-6)
    with pytest.raises(MissingExtraError, match="--method lp"):
        match_swaps(uncertainty, types, method="flow")


def test_every_offer_is_matched_or_told_why_not(toy: SeatUncertainty) -> None:
    """Each offer swaps or is listed unmatched; the reason follows the offers: no mirror
    offer at all, mirror offers only in the same seat, none that helps both sides, or all
    those that would help taken (then the matching could not add one more swap)."""
    extra = [
        ("Seat 3", "Con", "Green"),  # no one offers Green for Con
        ("Seat 2", "Green", "LD"),  # Green and Liberal Democrat offers only in Seat 2
        ("Seat 2", "LD", "Green"),
        ("Seat 1", "LD", "Con"),  # a Liberal Democrat vote lent away in the Con-LD marginal
        ("Seat 3", "Con", "LD"),
        ("Seat 0", "LD", "Lab"),  # more Liberal Democrat offers than Labour ones
        ("Seat 2", "LD", "Lab"),
    ]
    offers = pd.concat([_offers(), pd.DataFrame(extra, columns=["seat", "preferred", "willing"])])
    for method in ("flow", "greedy"):
        match = match_swaps(toy, offers, method=method)
        unmatched = match.unmatched(toy)
        assert sum(row["offers"] for row in unmatched) == len(offers) - 2 * match.total_pairs
        assert int(match.matched().sum()) == 2 * match.total_pairs
        reasons = {
            (row["seat_name"], row["prefers"], row["votes"]): row["reason"] for row in unmatched
        }
        no_mirror = reasons["Seat 3", "Con", "Green"]
        assert no_mirror.startswith("No one offered to vote Conservative instead of Green")
        for key in (("Seat 2", "Green", "LD"), ("Seat 2", "LD", "Green")):
            assert "are in Seat 2 too" in reasons[key]
        types = match.types
        loss, gain = _type_terms(types, seat_effects(toy, sorted(set(types.seat.tolist()))))
        left, right, _, _ = _candidate_arcs(types, loss, gain)
        spare = types.count - match.matched()
        kinds = set()
        for row in unmatched:
            k = next(
                t
                for t in range(len(types.count))
                if toy.election.constituencies[types.seat[t]].name == row["seat_name"]
                and toy.election.parties[types.preferred[t]] == row["prefers"]
                and toy.election.parties[types.willing[t]] == row["votes"]
            )
            partners = [int(b) for a, b in zip(left, right, strict=True) if a == k]
            partners += [int(a) for a, b in zip(left, right, strict=True) if b == k]
            mirrors = (types.preferred == types.willing[k]) & (types.willing == types.preferred[k])
            elsewhere = mirrors & (types.seat != types.seat[k])
            kind = (
                "taken by other swaps"
                if partners
                else "would not help both parties"
                if elsewhere.any()
                else " too; "
                if mirrors.any()
                else "No one offered"
            )
            assert kind in row["reason"]
            kinds.add(kind)
            assert all(spare[partner] == 0 for partner in partners)  # none left to add
        assert len(kinds) == 4  # every reason met


def test_each_swap_says_why_it_helps_both_sides(toy: SeatUncertainty) -> None:
    match = match_swaps(toy, _offers())
    for row in match.rows(toy):
        why = row["why"]
        prefers, votes = (
            toy.election.party_name(row["a_prefers"]),
            toy.election.party_name(row["a_votes"]),
        )
        assert why.startswith(f"{prefers} gains {format_number(row['gain_a_party'])} expected")
        assert f"{votes} gains {format_number(row['gain_b_party'])}:" in why
        assert f"in {row['b_name']} is worth more to it than one in {row['a_name']}" in why
        assert row["a_code"] != row["b_code"]
    assert match.title() == f"{match.total_pairs} swaps among {len(_offers())} offers"
    assert match.summary(toy)["swaps"] == match.total_pairs


def test_a_row_refused_as_a_whole_is_named_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from psephos.errors import DataFormatError
    from psephos.io.swap_offers import read_swap_offers

    path = tmp_path / "offers.csv"
    path.write_text("seat,preferred,willing\nBath,LD,Lab\nBath,LD,ld\n", encoding="utf-8")
    with pytest.raises(DataFormatError) as caught:
        read_swap_offers(path)
    assert "row 3: preferred and willing parties are the same" in str(caught.value)
    assert "row: " not in str(caught.value)


def test_offers_no_swap_can_honour_are_refused_naming_each_row(tmp_path: Path) -> None:
    """An offer to vote for a party that does not stand in the voter's seat (Labour in Belfast
    East, the SNP in an English seat: the rule ``advise`` refuses "Plaid Cymru is not standing
    in Bath" by) and an Independent or Other as the preferred party (different people in each seat,
    never one party to lend a vote to) are refused in one message naming each row; a party
    preferred that does not stand in the voter's own seat is still an offer."""
    election = psephos.load("2024")
    uncertainty = SeatUncertainty.from_election(election, n_sims=200, seed=1)
    path = tmp_path / "offers.csv"
    path.write_text(
        "seat,preferred,willing\nHendon,Ind,Lab\nNorth Down,Lab,Ind\nHendon,SNP,Lab\n"
        "Westmorland and Lonsdale,Lab,SNP\nGodalming and Ash,Other,LD\nBelfast East,LD,Lab\n",
        encoding="utf-8",
    )
    with pytest.raises(SwapInputError) as refused:
        aggregate_offers(uncertainty, read_swap_offers(path))
    told = str(refused.value)
    assert told.startswith("4 swap offers cannot be swapped: Swap offer row 2: preferred Indep")
    assert "row 6: preferred Other cannot be swapped: the candidates it counts are " in told
    assert "row 5: Scottish National Party does not stand in Westmorland and Lonsdale (2024)" in (
        told
    )
    assert "row 7: Labour does not stand in Belfast East (2024)" in told
    assert "standing there: Green, DUP, SDLP, UUP, Alliance, TUV, Ind." in told
    assert "row 3" not in told and "row 4" not in told and "\n" not in told
    path.write_text("seat,preferred,willing\nNorth Down,Lab,Ind\nHendon,SNP,Lab\n", "utf-8")
    assert aggregate_offers(uncertainty, read_swap_offers(path)).count.sum() == 2


def test_each_offer_is_paired_with_one_offer_of_the_mirror_kind_or_told_why_not(
    toy: SeatUncertainty,
) -> None:
    """Who swaps with whom: each matched offer names one partner, who names it back, of the
    mirror kind in the seat the type-level swap says; as many offers are paired as the swaps
    count; the others carry their kind's reason. Names and e-mails appear only when asked."""
    offers = _offers()
    offers.index = pd.Index(range(2, len(offers) + 2), name="row")
    offers["id"] = [f"v{row}" for row in offers.index]
    offers["name"] = [f"Voter {row}" for row in offers.index]
    match = match_swaps(toy, offers)
    pairs = match.offer_pairs(toy, offers)
    assert [pair["row"] for pair in pairs] == offers.index.tolist()
    by_row = {pair["row"]: pair for pair in pairs}
    paired = [pair for pair in pairs if pair["partner_row"] is not None]
    assert len(paired) == 2 * match.total_pairs
    for pair in paired:
        other = by_row[pair["partner_row"]]
        assert other["partner_row"] == pair["row"] and pair["partner_id"] == other["id"]
        assert (other["prefers"], other["votes"]) == (pair["votes"], pair["prefers"])
        assert pair["partner_seat_name"] == other["seat_name"] != pair["seat_name"]
        assert pair["reason"] is None and "name" not in pair
    reasons = {
        (row["seat_name"], row["prefers"], row["votes"]): row["reason"]
        for row in match.unmatched(toy)
    }
    for pair in pairs:
        if pair["partner_row"] is None:
            assert pair["reason"] == reasons[pair["seat_name"], pair["prefers"], pair["votes"]]
    named = match.offer_pairs(toy, offers, include_personal=True)
    first = next(pair for pair in named if pair["partner_row"] is not None)
    assert first["name"] == f"Voter {first['row']}"
    assert first["partner_name"] == f"Voter {first['partner_row']}"
    with pytest.raises(SwapInputError, match="other offers"):
        match.offer_pairs(toy, offers.iloc[:3])


def test_one_voter_s_swap_names_the_seats_the_organisers_matching_would_pair_them_with(
    toy: SeatUncertainty,
) -> None:
    # An LD voter in Seat 0 (a Con-Lab marginal): LD is out of contention, the voter lends
    # Lab a vote, and a partner should live where LD is in contention and Lab is not (Seat 1)
    both = swap_outlooks(toy, "Seat 0", "LD")  # no party to vote for given: each front-runner
    assert [o.willing for o in both] == ["Con", "Lab"]
    outlook = both[1]
    assert (outlook.leader, outlook.challenger) == ("Con", "Lab")
    assert swap_outlook(toy, "Seat 0", "LD", "Lab") == outlook
    assert not outlook.in_contention and outlook.helps
    named = [row["seat_name"] for row in outlook.partner_seats]
    assert named[0] == "Seat 1"
    assert "Seat 0" not in named and "Seat 4" not in named  # own seat; Lab's safe seat
    for row in outlook.partner_seats:
        assert row["gain_preferred"] >= MIN_GAIN and row["gain_willing"] >= MIN_GAIN
    # the organisers' matching agrees, seat by seat: a partner in every seat named is paired,
    # one in any other seat is not
    for seat in ("Seat 1", "Seat 2", "Seat 3", "Seat 4"):
        offers = pd.DataFrame(
            [("Seat 0", "LD", "Lab"), (seat, "Lab", "LD")], columns=["seat", "preferred", "willing"]
        )
        assert (match_swaps(toy, offers).total_pairs == 1) == (seat in named), seat
    assert outlook.n_partner_seats == len(named)
    assert "a partner who prefers Lab votes LD in a seat where the swap helps both" in (
        outlook.verdict()
    )
    assert outlook.contest().startswith("In Seat 0 the race is between Con and Lab")


def test_one_voter_whose_party_is_in_contention_is_told_a_swap_would_not_help(
    toy: SeatUncertainty,
) -> None:
    (outlook,) = swap_outlooks(toy, "Seat 4", "Lab")  # safe Lab: one other front-runner
    assert outlook.in_contention and outlook.leader == "Lab"
    assert not outlook.helps and outlook.partner_seats == ()
    assert "would not help" in outlook.verdict()


@pytest.mark.parametrize(
    ("seat", "prefer", "willing", "error", "words"),
    [
        ("Seat 0", "LD", "LD", SwapInputError, "^The party to vote for in exchange is"),
        ("Seat 9", "LD", None, UnknownConstituencyError, "Seat 9"),
        ("Seat 0", "Libs", None, UnknownPartyError, "Libs"),
    ],
)
def test_one_voter_s_swap_is_refused_in_the_voter_s_words(
    toy: SeatUncertainty,
    seat: str,
    prefer: str,
    willing: str | None,
    error: type[Exception],
    words: str,
) -> None:
    with pytest.raises(error, match=words) as refused:
        swap_outlooks(toy, seat, prefer, willing)
    assert "Swap offer 1" not in str(refused.value)
