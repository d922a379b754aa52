"""Each country's left-right order: connected coalitions in the House and the forecast."""

from __future__ import annotations

import psephos
from psephos.forecast import forecast
from psephos.government import LEFT_RIGHT, is_connected, minimal_connected_winning, parliament
from psephos.jurisdictions import CANADA, UK


def test_each_country_has_its_own_order() -> None:
    assert UK.parliament.left_right == LEFT_RIGHT
    assert CANADA.parliament.left_right == ("GPC", "NDP", "LPC", "CPC", "PPC")
    assert "BQ" not in CANADA.parliament.left_right  # off the order: never breaks a group


def test_canada_2021_liberals_and_new_democrats_are_connected() -> None:
    """The 2021 House: LPC 160, CPC 119, BQ 32, NDP 25, GPC 2. With Canada's order the
    Liberals and New Democrats (the 2022 confidence-and-supply agreement) are a minimal
    connected winning coalition and the Liberals and Greens with the Conservatives are not
    connected (the New Democrats sit between)."""
    house = parliament(psephos.load("canada-2021"))
    connected = {c.parties for c in minimal_connected_winning(house)}
    assert ("LPC", "NDP") in connected
    assert is_connected(["LPC", "NDP"], house)
    assert not is_connected(["GPC", "CPC"], house)


def test_the_forecast_reads_the_country_s_order() -> None:
    """From the 2019 Canadian result the likeliest government joins the Liberals with the New
    Democrats (connected on Canada's order), not with the Conservatives."""
    base = psephos.load("canada-2019")
    result = forecast(base, base.shares(), n_sims=2000, seed=1)
    named = {o.parties: o.probability for o in result.government_options}
    assert named[("LPC", "NDP")] == max(named.values())
