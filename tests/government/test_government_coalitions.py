"""Each country's left-right order: connected coalitions in the House and the forecast, and
the arrangements psephos names by it."""

from __future__ import annotations

import psephos
from psephos.forecast import forecast
from psephos.government import (
    LEFT_RIGHT,
    alternative_bloc,
    assess,
    govern,
    is_connected,
    minimal_connected_winning,
    parliament,
)
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


#: A hung House from a projection (Reform 27, Lab 22, Con 19, LD 13, Green 10, SNP 3).
REFORM_LARGEST = {
    "Reform": 294, "Lab": 94, "LD": 88, "Con": 74, "SNP": 45, "Ind": 15, "Green": 11, "PC": 7,
    "SF": 7, "DUP": 5, "Other": 4, "SDLP": 2, "UUP": 1, "Alliance": 1, "TUV": 1, "Speaker": 1,
}  # fmt: skip


def test_the_largest_partys_nearest_partners_are_its_connected_arrangement() -> None:
    """On the UK order the DUP and the TUV sit between the Conservatives and Reform, so no
    minimal partner set of Reform is connected; the headline names Reform's minimal connected
    winning arrangement (a row of the Axelrod table), not the fewest votes of any partners
    (it named Reform + Green + PC + DUP + SDLP + Alliance + TUV)."""
    report = govern(REFORM_LARGEST)
    nearest = report.arrangements[1]
    assert (nearest.government, set(nearest.supporters)) == (("Reform",), {"Con", "DUP", "TUV"})
    assert ("Reform", "Con", "DUP", "TUV") in {c.parties for c in report.minimal_connected}
    assert report.label(nearest) == "Reform UK + Con + DUP + TUV (Con + DUP + TUV supporting)"
    fewer = {
        "Reform": 300, "Lab": 120, "Con": 80, "LD": 70, "SNP": 40, "Ind": 12, "Green": 10,
        "SF": 7, "PC": 5, "DUP": 5, "Speaker": 1,
    }  # fmt: skip
    assert govern(fewer).arrangements[1].supporters == ("Con", "DUP")  # it named Reform + SNP


def test_the_alternative_bloc_follows_the_same_connected_rule() -> None:
    """The second party's nearest partners without the largest: a connected run that wins,
    without the DUP and TUV who sit on Reform's side of the Conservatives; where no run
    wins (2017), every party on the second party's side, to show how far it falls short."""
    house = parliament(REFORM_LARGEST)
    bloc = alternative_bloc(house)
    assert bloc[0] == "Lab" and not {"DUP", "TUV", "Reform"} & set(bloc)
    assert is_connected(bloc, house)
    assert assess(house, bloc).has_working_majority
    assert alternative_bloc(parliament(psephos.load("2017"))) == ("Lab", "SNP", "LD", "PC", "Green")


def test_a_guessed_partner_is_possible_support_and_an_agreed_one_confidence_and_supply() -> None:
    """Canada 2019's Liberals governed without an agreement: psephos's guess of their partner
    is labelled as possible support. The 2017 DUP agreement, and an arrangement the user
    asks for, keep "on confidence and supply"."""
    canada = govern(psephos.load("canada-2019"))
    assert [canada.label(a) for a in canada.arrangements][1] == "LPC + NDP (NDP supporting)"
    asked = govern(psephos.load("canada-2019"), arrangements=[(["LPC"], ["NDP"])])
    labels = [asked.label(a) for a in asked.arrangements]
    assert labels.count("LPC + NDP (NDP on confidence and supply)") == 1
    assert not any("supporting" in label for label in labels)
    uk = govern(psephos.load("2017"))
    assert uk.label(uk.arrangements[1]) == "Con + DUP (DUP on confidence and supply)"


def test_partners_without_a_connected_arrangement_are_arithmetic_only() -> None:
    """A House with no left-right order: every group is connected, so the partners with the
    fewest parties, then votes, are named, and said to be arithmetic only."""
    report = govern({"A": 40, "B": 30, "C": 20})
    assert report.label(report.arrangements[1]) == "A + C (C supporting; arithmetic only)"


#: A hung Canadian House where the Bloc Quebecois (off Canada's order) holds the balance.
BLOC_BALANCE = {"CPC": 150, "LPC": 110, "NDP": 40, "BQ": 35, "GPC": 3}


def test_a_party_off_the_order_never_breaks_a_connection_in_govern() -> None:
    """The Bloc is off Canada's order: CPC + BQ and LPC + NDP + BQ win and are connected, so
    they are minimal connected winning and the arrangements named, not the grand coalition
    CPC + LPC (named before, with LPC + NDP + GPC 17 short as the alternative)."""
    report = govern(BLOC_BALANCE)
    connected = {c.parties for c in report.minimal_connected}
    assert connected == {("CPC", "BQ"), ("LPC", "NDP", "BQ"), ("CPC", "LPC")}
    assert [report.label(a) for a in report.arrangements] == [
        "CPC",
        "CPC + BQ (BQ supporting)",
        "LPC + NDP + BQ",
    ]
    real = {c.parties for c in minimal_connected_winning(parliament(psephos.load("canada-2021")))}
    assert real == {("LPC", "NDP"), ("LPC", "BQ"), ("LPC", "CPC")}


def test_govern_and_the_forecast_read_one_connection_rule() -> None:
    """Every group of up to three of the House's parties is minimal connected winning in
    ``psephos govern`` exactly where the forecast's layout (the order read among the same
    parties) says it is: connected, winning, and each end and member off the order needed."""
    from itertools import combinations

    from psephos.forecast.montecarlo import _left_right_layout

    for seats in (BLOC_BALANCE, {"LPC": 160, "CPC": 119, "BQ": 32, "NDP": 25, "GPC": 2}):
        house = parliament(seats)
        parties = tuple(house.votes)
        groups = [g for size in (1, 2, 3) for g in combinations(parties, size)]
        between, ends = _left_right_layout(parties, groups, 3, CANADA.parliament.left_right)
        quota = house.working_threshold
        forecast_rule = set()
        for i, group in enumerate(groups):
            total = house.votes_of(group)
            needed = all(
                total - house.votes[p] < quota for slot, p in enumerate(group) if ends[i, slot]
            )
            if total >= quota and not between[i].any() and needed:
                forecast_rule.add(frozenset(group))
        govern_rule = {frozenset(c.parties) for c in minimal_connected_winning(house)}
        assert govern_rule == forecast_rule
