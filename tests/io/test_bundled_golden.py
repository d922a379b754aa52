"""Golden tests: every bundled election against the official House of Commons Library figures
(CBP-8647, CBP-8749, CBP-10009) and the Rallings & Thrasher published notionals."""

from __future__ import annotations

import numpy as np
import pytest

import psephos
from psephos.errors import UnknownElectionError
from psephos.io.bundled import PREVIOUS, available_elections, table
from psephos.jurisdictions import previous_election

OFFICIAL_SEATS = {
    "2010": {
        "Con": 306,
        "Lab": 258,
        "LD": 57,
        "DUP": 8,
        "SNP": 6,
        "SF": 5,
        "PC": 3,
        "SDLP": 3,
        "Green": 1,
        "Alliance": 1,
        "Speaker": 1,
        "Ind": 1,
    },
    "2015": {
        "Con": 330,
        "Lab": 232,
        "SNP": 56,
        "LD": 8,
        "DUP": 8,
        "SF": 4,
        "PC": 3,
        "SDLP": 3,
        "UUP": 2,
        "Reform": 1,
        "Green": 1,
        "Ind": 1,
        "Speaker": 1,
    },
    "2017": {
        "Con": 317,
        "Lab": 262,
        "SNP": 35,
        "LD": 12,
        "DUP": 10,
        "SF": 7,
        "PC": 4,
        "Green": 1,
        "Speaker": 1,
        "Ind": 1,
    },
    "2019": {
        "Con": 365,
        "Lab": 202,
        "SNP": 48,
        "LD": 11,
        "DUP": 8,
        "SF": 7,
        "PC": 4,
        "SDLP": 2,
        "Green": 1,
        "Alliance": 1,
        "Speaker": 1,
    },
    "2019-notional-2024": {
        "Con": 372,
        "Lab": 200,
        "SNP": 48,
        "LD": 8,
        "DUP": 8,
        "SF": 7,
        "SDLP": 2,
        "PC": 2,
        "Green": 1,
        "Alliance": 1,
        "Speaker": 1,
    },
    "2024": {
        "Lab": 411,
        "Con": 121,
        "LD": 72,
        "SNP": 9,
        "SF": 7,
        "Ind": 6,
        "DUP": 5,
        "Reform": 5,
        "Green": 4,
        "PC": 4,
        "SDLP": 2,
        "Speaker": 1,
        "Alliance": 1,
        "TUV": 1,
        "UUP": 1,
    },
}

OFFICIAL_VOTES = {
    "2010": {
        "Con": 10_703_654,
        "Lab": 8_606_517,
        "LD": 6_836_248,
        "Reform": 919_471,
        "SNP": 491_386,
        "PC": 165_394,
        "_total": 29_687_604,
    },
    "2015": {
        "Con": 11_299_609,
        "Lab": 9_347_273,
        "Reform": 3_881_099,
        "LD": 2_415_916,
        "SNP": 1_454_436,
        "Green": 1_157_630,
        "_total": 30_697_525,
    },
    "2017": {
        "Con": 13_636_684,
        "Lab": 12_877_918,
        "LD": 2_371_861,
        "SNP": 977_568,
        "Reform": 594_068,
        "Green": 525_665,
        "_total": 32_204_184,
    },
    "2019": {
        "Con": 13_966_454,
        "Lab": 10_269_051,
        "LD": 3_696_419,
        "SNP": 1_242_380,
        "Green": 865_715,
        "Reform": 644_257,
        "_total": 32_014_110,
    },
    "2019-notional-2024": {"Con": 13_966_454, "Lab": 10_269_051, "LD": 3_696_428},
    "2024": {
        "Lab": 9_708_716,
        "Con": 6_828_925,
        "Reform": 4_117_620,
        "LD": 3_519_143,
        "Green": 1_943_813,
        "SNP": 724_758,
        "_total": 28_808_662,
    },
}


def test_all_elections_are_bundled() -> None:
    assert set(available_elections()) == set(OFFICIAL_SEATS)


@pytest.mark.parametrize("election_id", sorted(OFFICIAL_SEATS))
def test_seats_per_party_match_official(election_id: str) -> None:
    won = {p: n for p, n in psephos.load(election_id).seats_won().items() if n}
    assert won == OFFICIAL_SEATS[election_id]


@pytest.mark.parametrize("election_id", sorted(OFFICIAL_VOTES))
def test_national_votes_match_official(election_id: str) -> None:
    election = psephos.load(election_id)
    totals = election.total_votes()
    for party, votes in OFFICIAL_VOTES[election_id].items():
        if party == "_total":
            assert election.valid_votes.sum() == votes
        else:
            assert totals[party] == votes, party


@pytest.mark.parametrize("election_id", sorted(OFFICIAL_SEATS))
def test_every_seat_sums_to_valid_votes(election_id: str) -> None:
    election = psephos.load(election_id)
    assert election.n_seats == 650
    assert len(set(election.codes)) == 650
    results = table("results")
    official_valid = results[results["election"] == election_id].set_index("code")["valid_votes"]
    assert np.array_equal(election.votes.sum(axis=1), official_valid.loc[list(election.codes)])
    for seat in election:
        assert sum(c.votes for c in seat.candidates) == seat.valid_votes


@pytest.mark.parametrize("election_id", sorted(OFFICIAL_SEATS))
def test_seat_metadata(election_id: str) -> None:
    election = psephos.load(election_id)
    nations = {seat.nation for seat in election.constituencies}
    assert nations == {"England", "Scotland", "Wales", "Northern Ireland"}
    assert list(election.codes) == sorted(election.codes)
    boundary = "2024" if election_id in ("2024", "2019-notional-2024") else "2010"
    assert {seat.boundary_set for seat in election.constituencies} == {boundary}
    assert all(seat.electorate > 20_000 for seat in election.constituencies)


def test_known_seats() -> None:
    e2017 = psephos.load("2017")
    kensington = e2017.result("Kensington")
    assert kensington.winner == "Lab" and kensington.majority == 20
    assert e2017.result("Hampstead and Kilburn").majority == 15_560
    # The Speaker: Buckingham until 2017, Chorley in 2019 and 2024.
    assert e2017.result("Buckingham").winner == "Speaker"
    assert psephos.load("2024").result("Chorley").winner == "Speaker"
    notional_chorley = psephos.load("2019-notional-2024").result("Chorley")
    assert notional_chorley.winner == "Speaker"
    assert notional_chorley.votes["Speaker"] == 26_831
    # North Down: the independent MP, 2010-2017.
    assert e2017.result("North Down").winner == "Ind"


@pytest.mark.parametrize("election_id", ["2010", "2019-notional-2024"])
def test_party_level_rows_name_their_party(election_id: str) -> None:
    """2010 and the notionals have one row per party, not per candidate: each names its party
    (no blank name, no column label such as 'IND1' or 'Ind1')."""
    names = {(c.party, c.party_name) for seat in psephos.load(election_id).candidates for c in seat}
    assert all(name.strip() for _, name in names)
    assert {name for party, name in names if party == "Ind"} == {"Independent"}


def test_notional_parties_are_named_as_at_the_2019_election() -> None:
    def usual_names(election_id: str) -> dict[str, str]:
        counts: dict[tuple[str, str], int] = {}
        for seat in psephos.load(election_id).candidates:
            for c in seat:
                counts[c.party, c.party_name] = counts.get((c.party, c.party_name), 0) + 1
        usual: dict[str, str] = {}
        for (party, name), _ in sorted(counts.items(), key=lambda item: -item[1]):
            usual.setdefault(party, name)
        return usual

    actual, notional = usual_names("2019"), usual_names("2019-notional-2024")
    for party in ("Con", "Lab", "LD", "Green", "Reform", "SNP", "PC", "DUP", "SF", "Alliance"):
        assert notional[party] == actual[party], party


def test_scottish_code_corrections_applied() -> None:
    notional = psephos.load("2019-notional-2024")
    assert notional.codes == psephos.load("2024").codes
    for superseded in ("S14000006", "S14000008", "S14000010", "S14000040", "S14000058"):
        assert superseded not in notional.codes


def test_previous_elections_share_boundaries() -> None:
    for later, earlier in PREVIOUS.items():
        assert set(psephos.load(later).codes) == set(psephos.load(earlier).codes)


def test_unknown_election_error_lists_choices() -> None:
    with pytest.raises(UnknownElectionError, match="bundled elections: 2010"):
        psephos.load("2018")
    assert psephos.load("2019n") is psephos.load("2019-notional-2024")


def test_reform_lineage_labels() -> None:
    assert psephos.load("2015").label("Reform") == "UKIP"
    assert psephos.load("2019").label("Reform") == "Brexit Party"
    assert psephos.load("2024").label("Reform") == "Reform UK"


@pytest.mark.parametrize(
    ("election_id", "seats"),
    [
        ("canada-2019", {"LPC": 157, "CPC": 121, "BQ": 32, "NDP": 24, "GPC": 3, "Ind": 1}),
        ("canada-2021", {"LPC": 160, "CPC": 119, "BQ": 32, "NDP": 25, "GPC": 2}),
    ],
)
def test_canada_through_the_same_loader(election_id: str, seats: dict[str, int]) -> None:
    election = psephos.load(election_id)
    assert election.n_seats == 338
    assert {p: n for p, n in election.seats_won().items() if n} == seats
    assert previous_election(psephos.load("canada-2021")) is psephos.load("canada-2019")
