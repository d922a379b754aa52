"""Pre-election nation targets: a nation-only party's GB change is cast in its own nation."""

from __future__ import annotations

import pytest

import psephos
from psephos.jurisdictions import UK
from psephos.projection import base_area_shares, base_national_shares
from psephos.tactical.preelection import nation_targets


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
