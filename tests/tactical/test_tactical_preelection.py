"""Pre-election shares: a nation-only party's GB change is cast in its own nation; a sitting
MP who changes label takes their vote with them."""

from __future__ import annotations

import numpy as np
import pytest

import psephos
from psephos.jurisdictions import UK
from psephos.projection import base_area_shares, base_national_shares
from psephos.projection.shape import mrp_shares
from psephos.tactical.api import advise_seat
from psephos.tactical.preelection import (
    _defections,
    nation_targets,
    nominations,
    pre_election_base,
    pre_election_shares,
)


@pytest.mark.parametrize(("party", "nation"), list(UK.nation_parties.items()))
def test_a_nation_only_partys_change_is_scaled_to_its_nation(party: str, nation: str) -> None:
    base = psephos.load("2017")
    gb_base = base_national_shares(base)
    poll = {party: gb_base[party] - 0.005}
    targets = nation_targets(base, poll)
    nation_base = base_area_shares(base, "nation")
    valid = base.valid_votes
    scale = valid[base.gb_mask].sum() / valid[base.nations == nation].sum()
    expected = dict(nation_base[nation])
    expected[party] = max(expected[party] - 0.005 * scale, 0.0)
    total = sum(expected.values())
    assert targets[nation][party] == pytest.approx(100 * expected[party] / total)
    # the other nations keep their base share of it (none, where it does not stand)
    for other, shares in targets.items():
        if other != nation:
            assert shares[party] == pytest.approx(100 * nation_base[other][party])


@pytest.mark.parametrize("method", ["mrp", "uniform"])
def test_a_sitting_mp_restanding_under_a_new_label_on_new_boundaries_is_found(
    method: str,
) -> None:
    """Before 2024 the base is the 2019 notional result, whose candidates are unnamed: Jeremy
    Corbyn, Labour's winner of Islington North in 2019, stood as an Independent in 2024 and
    takes his share with him; the MRP's Others (him among them) go to the Independent."""
    base = pre_election_base("2024")
    seat = base.seat_index("Islington North")
    shares = pre_election_shares("2024", method=method)
    assert shares[seat, base.party_index("Ind")] > 0.15
    advice = advise_seat("Islington North", "Ind,Green,Lab", election="2024", method=method)
    assert "Independent is not standing" not in " ".join(advice["reasoning"])


def test_defections_need_the_mp_in_a_seat_drawn_from_theirs_and_not_a_namesake() -> None:
    base = pre_election_base("2024")
    found = {
        (base.constituencies[row].name, old, new) for row, old, new in _defections("2024", base)
    }
    assert ("Islington North", "Lab", "Ind") in found
    assert ("Ashfield", "Con", "Reform") in found  # Lee Anderson
    # Greg Smith (Con, Buckingham 2019) restands for Con; a Green of the same name beside him
    assert not any(seat == "Mid Buckinghamshire" for seat, _, _ in found)


def test_every_standing_party_has_a_share_where_the_mrp_covers_the_seat() -> None:
    base = pre_election_base("2024")
    shares = pre_election_shares("2024", method="mrp")
    covered = ~np.isnan(mrp_shares(base)).any(axis=1)
    stood = nominations("2024", base)
    assert not ((shares <= 0) & stood)[covered].any()
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)


def test_a_new_speaker_keeps_the_seat_by_the_projection_s_one_rule() -> None:
    """Before 2019 Lindsay Hoyle (Labour in Chorley in 2017) stood as the Speaker: no
    defection of ours moves the vote; the projection gives the Speaker Labour's whole share."""
    base = pre_election_base("2019")
    seat = base.seat_index("Chorley")
    assert all(row != seat for row, _, _ in _defections("2019", base))
    shares = pre_election_shares("2019", method="uniform")
    speaker, labour = base.party_index("Speaker"), base.party_index("Lab")
    assert shares[seat, labour] == 0.0
    assert shares[seat, speaker] > base.shares()[seat, labour]
