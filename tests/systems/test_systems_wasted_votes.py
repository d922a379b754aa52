"""Wasted votes and votes per seat won under each system, and the list PR threshold asked
for (:mod:`psephos.systems`): what ``psephos systems`` and the systems page report."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

import psephos
from psephos.errors import DataFormatError, PsephosError
from psephos.model import Election
from psephos.systems import (
    ListPR,
    compare_systems,
    configured_systems,
    get_system,
    party_seats,
    threshold_systems,
    wasted_votes,
    wasted_votes_in_areas,
)


@pytest.fixture(scope="module")
def ge2024() -> Election:
    return psephos.load("2024")


def _wasted_by_candidates(election: Election) -> dict[str, float]:
    """Wasted votes per party counted candidate by candidate, seat by seat, in plain Python:
    every loser's votes, and the winner's beyond the runner-up's plus one."""
    wasted: dict[str, float] = defaultdict(float)
    assert election.candidates is not None
    for seat in election.candidates:
        ranked = sorted(seat, key=lambda candidate: -candidate.votes)
        winner, rest = ranked[0], ranked[1:]
        runner_up = rest[0].votes if rest else 0
        wasted[winner.party] += max(winner.votes - (runner_up + 1), 0)
        for loser in rest:
            wasted[loser.party] += loser.votes
    return wasted


def test_fptp_wasted_votes_of_2024_match_a_count_candidate_by_candidate(ge2024: Election) -> None:
    expected = _wasted_by_candidates(ge2024)
    result = get_system("fptp").allocate(ge2024)
    assert result.wasted is not None
    got = dict(zip(ge2024.parties, result.wasted.tolist(), strict=True))
    assert got["Lab"] == pytest.approx(expected["Lab"])
    assert 5_000_000 < got["Lab"] < 6_000_000  # 411 seats' surpluses and 239 seats' losers
    assert got == pytest.approx({party: expected.get(party, 0.0) for party in ge2024.parties})


def test_a_losing_independent_s_votes_are_wasted_where_another_independent_wins(
    independent_beats_independent: Election,
) -> None:
    """Party columns add the two independents (650): the losing one's 250 are wasted all the
    same, and the winner's 400 beyond the runner-up's 300 plus one (99)."""
    wasted = wasted_votes(independent_beats_independent)
    assert wasted.tolist() == [300, 250 + 99]


def test_wasted_votes_in_areas_by_hand() -> None:
    votes = np.array([[500, 300, 100], [350, 400, 150], [200, 250, 450]], dtype=float)
    # three single-member areas (FPTP): losers, and the winner's beyond runner-up + 1
    one_hot = np.eye(3, dtype=np.int64)[[0, 1, 2]]
    assert wasted_votes_in_areas(votes, [0, 1, 2], one_hot).tolist() == [
        199 + 350 + 200,
        300 + 49 + 250,
        100 + 150 + 199,
    ]
    # one area of three seats, Con 2 Lab 1: only LD's votes elected no one
    assert wasted_votes_in_areas(votes, [0, 0, 0], [[2, 1, 0]]).tolist() == [0, 0, 700]
    # a winner behind on first preferences (an AV count): no surplus of its
    assert wasted_votes_in_areas(votes[:1], [0], [[0, 1, 0]]).tolist() == [500, 0, 100]


def test_list_wasted_votes_are_those_of_parties_winning_no_seat_in_the_area(
    ge2024: Election,
) -> None:
    national = get_system("dhondt-national").allocate(ge2024)
    assert national.wasted is not None
    assert national.wasted.tolist() == np.where(national.seats == 0, national.votes, 0).tolist()
    regional = get_system("dhondt-regional").allocate(ge2024)
    assert regional.wasted is not None
    expected = np.zeros(len(ge2024.parties))
    for region in set(ge2024.regions.tolist()):
        mask = ge2024.regions == region
        seats = get_system("dhondt-national").allocate(_only(ge2024, mask)).seats
        expected += np.where(seats == 0, ge2024.votes[mask].sum(axis=0), 0)
    assert regional.wasted == pytest.approx(expected)


def _only(election: Election, mask: np.ndarray) -> Election:
    """The seats of ``mask`` as an election of their own (one region's list)."""
    positions = np.nonzero(mask)[0]
    return Election.from_votes(
        election.id,
        [election.constituencies[i] for i in positions],
        election.parties,
        election.votes[mask],
    )


@pytest.mark.parametrize("key", ["ams", "av", "stv"])
def test_every_system_wastes_at_least_the_votes_of_parties_winning_nothing(
    key: str, ge2024: Election
) -> None:
    result = get_system(key).allocate(ge2024)
    assert result.wasted is not None
    assert np.all(result.wasted <= result.votes + 1e-9)
    nothing = result.seats == 0
    assert result.wasted[nothing] == pytest.approx(result.votes[nothing])
    assert 0 < result.wasted.sum() < result.votes.sum()


def test_rows_and_summary_give_votes_per_seat_and_wasted_votes(ge2024: Election) -> None:
    results = compare_systems(ge2024, ["fptp", "dhondt-national"])
    rows = {row["party"]: row for row in party_seats(ge2024, results)}
    lab = rows["Lab"]
    assert lab["votes"] == 9_708_716
    assert lab["fptp_votes_per_seat"] == pytest.approx(9_708_716 / 411)
    assert lab["dhondt-national_wasted_votes"] == 0
    assert rows["Other"]["fptp_votes_per_seat"] is None  # won no seat
    fptp = results[0].summary(ge2024)
    assert fptp["wasted_votes"] == sum(row["fptp_wasted_votes"] for row in rows.values())
    assert fptp["wasted_pct"] == pytest.approx(100 * fptp["wasted_votes"] / ge2024.votes.sum())


def test_a_threshold_takes_list_seats_from_a_party_below_it(ge2024: Election) -> None:
    """The SNP's 2.5% of the UK vote wins 17 seats by national D'Hondt, none at 5%; the
    parties above 5% share its seats."""
    plain, five = (
        configured_systems(["dhondt-national"], threshold=threshold)[0].allocate(ge2024)
        for threshold in (None, 0.05)
    )
    snp = ge2024.parties.index("SNP")
    assert plain.seats[snp] == 17 and five.seats[snp] == 0
    assert five.n_seats == 650 and five.label == "D'Hondt, national list, 5% threshold"
    assert five.wasted is not None and five.wasted[snp] == plain.votes[snp]


def _dhondt(votes: dict[str, float], n_seats: int) -> dict[str, int]:
    """Plain D'Hondt, one seat at a time: the next seat to the largest ``votes / (seats + 1)``
    (a tie to the larger party)."""
    seats = dict.fromkeys(votes, 0)
    for _ in range(n_seats):
        best = max(votes, key=lambda party: (votes[party] / (seats[party] + 1), votes[party]))
        seats[best] += 1
    return seats


def _regional_dhondt(election: Election, threshold: float) -> dict[str, dict[str, int]]:
    """Seats per region and party by D'Hondt on each region's votes, counted seat by seat in
    plain Python: the parties with lists (not Ind, Other, Speaker) with at least
    ``threshold`` of all the votes cast in that region."""
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    seats: dict[str, int] = defaultdict(int)
    for position, region in enumerate(election.regions.tolist()):
        seats[region] += 1
        for party, party_votes in zip(election.parties, election.votes[position], strict=True):
            votes[region][party] += float(party_votes)
    result = {}
    for region, region_votes in votes.items():
        total = sum(region_votes.values())
        standing = {
            party: party_votes
            for party, party_votes in region_votes.items()
            if party not in {"Ind", "Other", "Speaker"} and party_votes >= threshold * total
        }
        result[region] = _dhondt(standing, seats[region])
    return result


def test_a_regional_lists_threshold_is_a_share_of_its_regions_vote(ge2024: Election) -> None:
    """A threshold on regional lists is a share of each region's vote, as Spain's is of each
    province's: at 5% Northern Ireland's 18 seats go to the Northern Irish parties above 5%
    there (not to Green, 1.1% there, and Con, 0.1%, the only ones above 5% of the UK vote),
    and the SNP's 30% of Scotland keeps its Scottish seats; each region's seats as D'Hondt
    counted seat by seat over the parties above 5% of that region's vote."""
    system = configured_systems(["dhondt-regional"], threshold=0.05)[0]
    expected = _regional_dhondt(ge2024, 0.05)
    north = ge2024.select(ge2024.regions == "Northern Ireland")
    ni_seats = system.allocate(north).seats_by_party()
    assert {party: n for party, n in ni_seats.items() if n} == {
        party: n for party, n in expected["Northern Ireland"].items() if n
    }
    assert ni_seats["Green"] == ni_seats["Con"] == 0 and sum(ni_seats.values()) == 18
    assert {party for party, n in ni_seats.items() if n} <= {
        "DUP",
        "SF",
        "SDLP",
        "UUP",
        "Alliance",
        "TUV",
    }
    whole = system.allocate(ge2024).seats_by_party()
    for party in ge2024.parties:
        assert whole[party] == sum(region.get(party, 0) for region in expected.values()), party
    assert whole["SNP"] == expected["Scotland"]["SNP"] > 0


def test_a_region_no_list_party_reaches_is_one_clear_error(ge2024: Election) -> None:
    system = configured_systems(["dhondt-regional"], threshold=0.4)[0]
    with pytest.raises(DataFormatError, match="No party with a list has 40% of the vote in "):
        system.allocate(ge2024)


def test_a_threshold_leaves_the_systems_with_one_of_their_own() -> None:
    chosen = configured_systems(
        ["sainte-lague-5pc", "ams", "fptp", "dhondt-national"], threshold=0.02
    )
    assert isinstance(chosen[0], ListPR) and chosen[0].threshold == 0.05
    assert chosen[1] == get_system("ams") and chosen[2] == get_system("fptp")
    assert isinstance(chosen[3], ListPR) and chosen[3].threshold == 0.02


def test_a_threshold_no_party_reaches_is_one_clear_error(ge2024: Election) -> None:
    system = configured_systems(["dhondt-national"], threshold=0.4)[0]
    with pytest.raises(DataFormatError, match="No party with a list has 40% of the national"):
        system.allocate(ge2024)
    with pytest.raises(DataFormatError, match="from 0 to 1"):
        configured_systems(["dhondt-national"], threshold=5)


def test_a_threshold_applies_to_the_lists_registered_without_one() -> None:
    """A threshold changes only the list PR systems registered without one of their own, and
    is refused where none of them is chosen; every system by default includes them."""
    assert threshold_systems() == [
        "dhondt-national",
        "sainte-lague-national",
        "dhondt-regional",
        "sainte-lague-regional",
    ]
    with pytest.raises(PsephosError, match=r"none of them was chosen \(fptp, ams\)"):
        configured_systems(["fptp", "ams"], threshold=0.05)
    assert len(configured_systems(None, threshold=0.05)) == len(configured_systems())
    assert configured_systems(["fptp", "ams"], threshold=None)
