"""Every registered electoral system, run through one protocol (tiny, UK and Canadian data)."""

from __future__ import annotations

from pathlib import Path

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import psephos
from psephos.errors import DataFormatError
from psephos.io.canada import load_canada
from psephos.model import Constituency, Election
from psephos.systems import (
    SYSTEMS,
    AdditionalMember,
    AlternativeVote,
    ListPR,
    SingleTransferableVote,
    TransferMatrix,
    UnknownSystemError,
    VotingSystem,
    build_districts,
    compare_systems,
    default_transfers,
    get_system,
    party_seats,
    seat_ballots,
)
from psephos.systems.preferences import UK_PLUMP


@pytest.fixture(scope="module")
def ge2024() -> Election:
    return psephos.load("2024")


@pytest.mark.parametrize("key", list(SYSTEMS))
def test_every_system_follows_the_protocol(key: str, three_seats: Election) -> None:
    system = get_system(key)
    assert isinstance(system, VotingSystem)
    result = system.allocate(three_seats)
    assert result.seats.shape == (3,)
    assert result.seats.min() >= 0
    assert result.n_seats >= three_seats.n_seats
    assert result.system == key


@pytest.mark.parametrize("key", list(SYSTEMS))
def test_every_system_on_2024_fills_its_chamber(key: str, ge2024: Election) -> None:
    result = get_system(key).allocate(ge2024)
    if key.startswith("ams"):
        assert result.details["constituency"] == 650
        assert result.n_seats == 650 + result.details["top_up"]
    else:
        assert result.n_seats == 650
    assert 0 <= result.gallagher < 30


def test_fptp_is_the_real_result(ge2024: Election) -> None:
    result = get_system("fptp").allocate(ge2024)
    assert result.seats_by_party() == ge2024.seats_won()
    assert result.gallagher == pytest.approx(23.7, abs=0.1)


def test_2024_national_dhondt_gives_seats_close_to_vote_shares(ge2024: Election) -> None:
    result = get_system("dhondt-national").allocate(ge2024)
    seats = result.seats_by_party()
    shares = ge2024.vote_shares()
    listed = [p for p in ge2024.parties if p not in ("Ind", "Other", "Speaker")]
    listed_share = sum(shares[p] for p in listed)
    for party in listed:
        expected = 650 * shares[party] / listed_share
        # D'Hondt's largest-party bonus is at most about one seat per party-count.
        assert abs(seats[party] - expected) <= 4, party
    assert result.gallagher < 3  # against all votes, buckets included
    assert seats["Reform"] > 90 and seats["Green"] > 40  # vs 5 and 4 under FPTP


def test_threshold_removes_small_parties(ge2024: Election) -> None:
    result = get_system("sainte-lague-5pc").allocate(ge2024)
    seats = result.seats_by_party()
    assert seats["SNP"] == 0 and seats["Green"] > 0
    assert result.n_seats == 650


def test_regional_lists_keep_each_region_seat_count(ge2024: Election) -> None:
    system = ListPR("x", "x", "sainte-lague", "region")
    result = system.allocate(ge2024.select(ge2024.regions == "Scotland"))
    assert result.n_seats == 57


def test_ams_keeps_constituency_seats_and_tops_up(ge2024: Election) -> None:
    wales = ge2024.select(ge2024.regions == "Wales")
    result = AdditionalMember(top_up_share=1 / 3).allocate(wales)
    constituency = np.bincount(wales.winner, minlength=len(wales.parties))
    assert np.all(result.seats >= constituency)
    assert result.details["top_up"] == 16


def test_av_changes_only_seats_without_a_majority(ge2024: Election) -> None:
    result = AlternativeVote().allocate(ge2024)
    shares = ge2024.shares()
    majority = shares.max(axis=1) > 0.5
    assert result.details["seats_changed"] <= int((~majority).sum())
    assert result.n_seats == 650


def test_av_with_no_transfers_is_fptp(ge2024: Election) -> None:
    parties = ge2024.parties
    nothing = TransferMatrix(parties, np.zeros((16, 16)), np.ones(16))
    result = AlternativeVote(transfers=nothing).allocate(ge2024)
    fptp = np.bincount(ge2024.winner, minlength=16)
    # Exhausted ballots only: the plurality winner wins, except where the Ind bucket (several
    # independents merged into one column) out-polls the real winner.
    assert result.details["seats_changed"] <= 2
    changed = np.nonzero(result.seats != fptp)[0]
    assert set(changed) <= {ge2024.parties.index("Ind"), ge2024.parties.index("Lab")}


def test_stv_districts_cover_every_seat_once(ge2024: Election) -> None:
    districts = build_districts(ge2024, size=5)
    seats = sorted(s for d in districts for s in d.seats)
    assert seats == list(range(650))
    assert all(3 <= d.magnitude <= 7 for d in districts)
    for district in districts:
        assert len({ge2024.regions[s] for s in district.seats}) == 1
    assert districts[0].method == "centroids"


def test_stv_district_size_one_is_close_to_av(ge2024: Election) -> None:
    av = AlternativeVote().allocate(ge2024)
    stv = SingleTransferableVote(district_size=1).allocate(ge2024)
    assert np.abs(av.seats - stv.seats).sum() <= 10


def test_transfer_model_shares_and_ballots() -> None:
    parties = ("Con", "Lab", "LD", "Green", "SNP", "Reform")
    matrix = default_transfers(parties)
    lab = matrix.next_shares("Lab")
    keep = 1 - UK_PLUMP["Lab"] / 100  # the estimate's Labour loyalty (was 0.85 by hand)
    assert sum(lab.values()) == pytest.approx(keep)
    ballots = seat_ballots([0, 100, 50, 0, 0, 0], matrix)  # only Lab and LD stand
    assert ballots.n_ballots == pytest.approx(150)
    # Lab voters: a share `keep` rank LD second (the only other party standing), the rest plump.
    pairs = zip(ballots.rankings, ballots.counts, strict=True)
    lab_then_ld = [n for row, n in pairs if list(row[:2]) == [1, 2]]
    assert sum(lab_then_ld) == pytest.approx(100 * keep)


def test_transfer_csv(tmp_path: Path) -> None:
    path = tmp_path / "transfers.csv"
    path.write_text("from,to,share\nLab,LD,60\nLab,none,40\nLD,Labour,50\n", encoding="utf-8")
    matrix = TransferMatrix.from_csv(path, ("Con", "Lab", "LD"))
    assert matrix.next_shares("Lab") == {"LD": pytest.approx(0.6)}
    assert matrix.plump[2] == pytest.approx(0.5)
    bad = tmp_path / "bad.csv"
    bad.write_text("source,share\nLab,1\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="from, to, share"):
        TransferMatrix.from_csv(bad, ("Lab",))


def test_a_transfer_file_replaces_only_the_rows_it_gives(tmp_path: Path) -> None:
    """A file restating one party's default row (the Liberal Democrats') leaves the matrix as
    it was: every party the file does not give keeps the default's row, where it used to be
    left with no next preference at all (its voters all plumping), which moved the 2019 AV
    House by five seats. A party given only its plump share keeps the default's weights."""
    parties = psephos.load("2019").parties
    default = default_transfers(parties)
    ld = default.next_shares("LD")
    plump = 100 * float(default.plump[parties.index("LD")])
    path = tmp_path / "ld.csv"
    path.write_text(
        "from,to,share\n"
        + "".join(f"LD,{party},{100 * share!r}\n" for party, share in ld.items())
        + f"LD,none,{plump!r}\nGreen,none,30\n",
        encoding="utf-8",
    )
    matrix = TransferMatrix.from_csv(path, parties, default=default)
    assert matrix.given == ("LD", "Green")
    for party in parties:
        if party != "Green":
            assert matrix.next_shares(party) == pytest.approx(default.next_shares(party))
    green = parties.index("Green")
    assert matrix.plump[green] == pytest.approx(0.3)
    assert np.array_equal(matrix.matrix[green], default.matrix[green])
    assert np.array_equal(np.delete(matrix.plump, green), np.delete(default.plump, green))


@pytest.mark.parametrize(
    ("rows", "refusal"),
    [
        ("Green,Lab,150\n", "row 2: share: more than 100%"),
        ("LD,Lab,60\nLD,Con,60\n", "the transfers from LD sum to 120.0%"),
        ("LD,Lab,60\nLD,none,50\n", "the transfers from LD sum to 110.0%"),
    ],
)
def test_a_transfer_file_above_100_percent_is_refused(
    tmp_path: Path, rows: str, refusal: str
) -> None:
    """A share is a percent of one party's voters: above 100 for one cell, or for one party's
    shares together, is refused in one line (it used to be read as 100%, or scaled down
    without a word), by the rule a pact's rates follow."""
    path = tmp_path / "over.csv"
    path.write_text("from,to,share\n" + rows, encoding="utf-8")
    with pytest.raises(DataFormatError, match=refusal) as raised:
        TransferMatrix.from_csv(path, ("Con", "Lab", "LD", "Green"))
    assert "\n" not in str(raised.value) and "over.csv" in str(raised.value)


def test_unknown_system_suggests_names() -> None:
    with pytest.raises(UnknownSystemError, match="Did you mean 'dhondt-national'"):
        get_system("dhondt-nationa")


@pytest.mark.parametrize("election_id", ["canada-2019", "canada-2021"])
def test_systems_are_country_neutral(election_id: str) -> None:
    election = load_canada(election_id)
    results = {r.system: r for r in compare_systems(election)}
    assert results["fptp"].seats_by_party() == election.seats_won()
    assert results["dhondt-national"].n_seats == 338
    assert results["stv"].details["district_method"] == "code order"
    # Canadian FPTP is far less proportional than national PR.
    assert results["fptp"].gallagher > 10 > results["sainte-lague-national"].gallagher
    assert results["av"].n_seats == results["stv"].n_seats == 338


@st.composite
def small_elections(draw: st.DrawFn) -> Election:
    """Random elections: 1-12 seats in 1-3 regions, four parties plus the Ind bucket."""
    n_seats = draw(st.integers(1, 12))
    parties = ("Con", "Lab", "LD", "Green", "Ind")
    votes = draw(
        st.lists(
            st.lists(st.integers(0, 5000), min_size=5, max_size=5).filter(lambda r: sum(r) > 0),
            min_size=n_seats,
            max_size=n_seats,
        )
    )
    regions = draw(
        st.lists(st.sampled_from(["R1", "R2", "R3"]), min_size=n_seats, max_size=n_seats)
    )
    seats = [
        Constituency(f"X{i:03d}", f"Seat {i}", "England", region, 1000, "test")
        for i, region in enumerate(regions)
    ]
    return Election.from_votes("random", seats, parties, votes)


@settings(max_examples=40)
@given(small_elections())
def test_every_system_fills_every_seat_on_random_elections(election: Election) -> None:
    for result in compare_systems(election):
        assert result.seats.min() >= 0
        if result.system.startswith("ams"):
            assert result.n_seats >= election.n_seats
        elif result.system in ("dhondt-national", "sainte-lague-national", "sainte-lague-5pc"):
            # List seats go to list parties only; all seats are filled when one has votes and
            # clears the national threshold (5% for sainte-lague-5pc: none may clear it).
            national = election.votes.sum(axis=0)
            threshold = 0.05 if result.system == "sainte-lague-5pc" else 0.0
            clears = (national[:4] > 0) & (national[:4] >= threshold * national.sum())
            assert result.n_seats == (election.n_seats if clears.any() else 0)
        elif result.system in ("fptp", "av", "stv"):
            assert result.n_seats == election.n_seats


def test_party_seats_is_the_one_table_of_seats_per_system(three_seats: Election) -> None:
    """Each party with votes: its share of the votes (unrounded) and its seats under each
    system, by key (hand-checked: Con 1,050, Lab 950, LD 700 of 2,700 votes; one seat each
    under FPTP); a party with neither votes nor seats is left out; no results, no rows."""
    votes = np.column_stack([three_seats.votes, np.zeros(3)])
    with_green = Election.from_votes(
        "tiny-green", three_seats.constituencies, ("Con", "Lab", "LD", "Green"), votes
    )
    results = [get_system("fptp").allocate(with_green)]
    rows = party_seats(with_green, results)
    assert [row["party"] for row in rows] == ["Con", "Lab", "LD"]
    assert [row["vote_pct"] for row in rows] == pytest.approx(
        [105000 / 2700, 95000 / 2700, 70000 / 2700], rel=1e-9
    )
    assert [row["fptp"] for row in rows] == [1] * 3  # flat: a key for each system
    assert rows[0]["party_label"] == with_green.label("Con")
    assert party_seats(with_green, []) == []


@pytest.mark.parametrize("election_id", ["2010", "2017", "2024"])
def test_the_welsh_top_ups_are_half_the_constituencies_exactly(election_id: str) -> None:
    """The Senedd's third makes the top-ups exactly half the constituencies: 325 to 650, a
    House of 975. In floating point 1/3 / (1 - 1/3) was 0.49999999999999994, every region of
    an odd number of seats rounded down (2024: 321, a House of 971). Each region keeps its
    n / 2 rounded up or down, and a float share reads as the fraction it is written for."""
    from fractions import Fraction

    election = psephos.load(election_id)
    wales = get_system("ams-wales")
    top_ups = wales.top_up_seats(election)
    assert sum(top_ups.values()) == 325
    assert wales.allocate(election).n_seats == 975
    sizes = {str(r): int((election.regions == r).sum()) for r in set(election.regions.tolist())}
    assert all(abs(top_ups[region] - sizes[region] / 2) <= 0.5 for region in sizes)
    assert AdditionalMember(top_up_share=1 / 3).top_up_seats(election) == top_ups
    assert AdditionalMember(top_up_share=Fraction(1, 3)).top_up_seats(election) == top_ups
    scottish = get_system("ams").top_up_seats(election)  # 56 of every 129 seats
    assert sum(scottish.values()) == round(650 * 56 / 73)
