"""The one working-majority rule (:func:`psephos.government.voting_members`): a plain reference
on random Houses, and the same answer from ``psephos govern``, the forecast and the tactical
"who governs" rule for the same House."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import psephos
from psephos.errors import ShareWarning
from psephos.forecast import LayeredErrors, plan_forecast, run_chunks
from psephos.government import (
    ParliamentRules,
    assess,
    govern,
    parliament,
    voting_members,
)
from psephos.jurisdictions import CANADA, UK
from psephos.model import Election
from psephos.projection import project
from psephos.tactical import MajorityRule

#: The note on the parties a poll leaves out whose seats move (SNP, PC, Independents).
SEATS_NOTE = "their seats from the base"

#: No error at all: every simulation is the House the shares give.
QUIET = LayeredErrors(0.0, 0.0, 1e-9)


def plain_votes(
    seats: Mapping[str, int], rules: ParliamentRules, government: set[str] | None = None
) -> dict[str, int]:
    """Each party's voting members, one House at a time, as the rules read in words."""
    silent = set(rules.non_voting)
    blocs = [p for p in seats if p not in rules.individual_groups and p not in silent]
    ranked = sorted((p for p in blocs if seats[p] > 0), key=lambda p: (-seats[p], p))
    gov = ranked[:1] if government is None else [p for p in ranked if p in government]
    opp = [p for p in ranked if p not in gov]
    benches = {p: seats[p] for p in blocs}
    if rules.speaker_on_benches:
        chair = rules.speaker_bench or (gov[0] if gov else None)
        if chair is not None and benches.get(chair, 0) >= 1:
            benches[chair] -= 1
    for side, count in (
        (gov, rules.deputies_government_side),
        (opp, rules.deputies_opposition_side),
    ):
        for party in side:
            take = min(count, benches[party])
            benches[party] -= take
            count -= take
    return {
        p: benches[p] if p in benches else (seats[p] if p in rules.individual_groups else 0)
        for p in seats
    }


PARTIES = ("A", "B", "C", "D", "Speaker", "SF", "Ind")
RULES = [
    ParliamentRules(),  # Westminster: Speaker's label, SF abstain, deputies 1 + 2
    replace(ParliamentRules(), deputies_government_side=2, deputies_opposition_side=1),
    replace(ParliamentRules(), speaker_on_benches=True),  # Canada's chair, with deputies
    replace(ParliamentRules(), speaker_on_benches=True, speaker_bench="C"),
]


@settings(max_examples=60)
@given(
    st.lists(
        st.lists(st.integers(0, 6), min_size=len(PARTIES), max_size=len(PARTIES)),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from(range(len(RULES))),
    st.sampled_from([None, {"B"}, {"B", "D"}]),
)
def test_vectorised_rule_matches_a_plain_house_by_house_reading(
    houses: list[list[int]], which: int, government: set[str] | None
) -> None:
    """Small Houses, so that a party runs out of members and the next on its side gives the
    Deputy Speaker; ties for largest go to the first code in sort order."""
    rules = RULES[which]
    totals = np.array(houses)
    result = voting_members(totals, PARTIES, rules, government=government)
    for i, row in enumerate(houses):
        expected = plain_votes(dict(zip(PARTIES, row, strict=True)), rules, government)
        assert result.votes[i].tolist() == [expected[p] for p in PARTIES]
        assert result.n_voting[i] == sum(expected.values())
        assert result.threshold[i] == sum(expected.values()) // 2 + 1
        one = voting_members(np.array(row), PARTIES, rules, government=government)
        assert one.votes.tolist() == result.votes[i].tolist()
        assert int(one.threshold) == int(result.threshold[i])


def test_the_same_rule_on_one_house_and_on_many() -> None:
    """2017's House, alone and stacked (any leading shape): 639 vote, 320 needed."""
    result_2017 = psephos.load("2017")
    totals = np.array([result_2017.seats_won().get(p, 0) for p in result_2017.parties])
    one = voting_members(totals, result_2017.parties, UK.parliament)
    many = voting_members(np.stack([[totals] * 3] * 2), result_2017.parties, UK.parliament)
    assert (int(one.n_voting), int(one.threshold)) == (639, 320)
    assert many.threshold.shape == (2, 3) and (many.threshold == 320).all()
    assert (many.votes == one.votes).all()
    con, lab = result_2017.parties.index("Con"), result_2017.parties.index("Lab")
    assert (one.deputies[con], one.deputies[lab], int(one.government)) == (1, 2, con)


def _moved(election: Election, giver: str, taker: str, n_seats: int) -> Election:
    """``election`` with ``n_seats`` of ``giver``'s seats (where ``taker`` is second) won by
    ``taker`` by one vote: a House at the edge of a working majority."""
    votes = election.votes.copy()
    g, t = election.party_index(giver), election.party_index(taker)
    seats = np.flatnonzero(election.winner == g)
    second = seats[np.argsort(votes[seats, t] - votes[seats, g])[::-1][:n_seats]]
    votes[second, t] = votes[second, g] + 1
    return election.with_votes(votes)


def _houses() -> list[tuple[str, Election]]:
    uk_2017, uk_2024 = psephos.load("2017"), psephos.load("2024")
    canada_2021 = psephos.load("canada-2021")
    with (
        pytest.warns(ShareWarning, match=SEATS_NOTE),
        pytest.warns(ShareWarning, match=r"Great Britain shares sum to 96\.0%"),
    ):
        uk_poll = project(uk_2024, "Lab 29 Con 27 Reform 18 LD 12 Green 7 SNP 3")
    with pytest.warns(ShareWarning, match=r"Canada shares sum to 95\.0%"):
        canada_poll = project(canada_2021, "LPC 32 CPC 34 NDP 18 BQ 8 GPC 3")
    return [
        ("UK 2017 (hung)", uk_2017),
        ("UK 2024", uk_2024),
        ("Canada 2021", canada_2021),
        ("UK projection", uk_poll.election),
        ("Canada projection", canada_poll.election),
        # the edges: Con 321 seats are 320 of 639 votes; CPC + BQ + NDP 169 of 337
        ("UK 2017, Con 321", _moved(uk_2017, "Lab", "Con", 4)),
        ("UK 2017, Con 320", _moved(uk_2017, "Lab", "Con", 3)),
        ("Canada 2021, LPC 167", _moved(canada_2021, "CPC", "LPC", 7)),
    ]


@pytest.mark.parametrize(("label", "house"), _houses(), ids=[label for label, _ in _houses()])
def test_govern_forecast_and_tactical_agree_on_the_same_house(label: str, house: Election) -> None:
    """Who has a working majority, and which groups reach one, as ``psephos govern`` says for
    the House's seats, the forecast simulating that very House, and the tactical rule."""
    seats = {p: n for p, n in house.seats_won().items() if n}
    winners_shares = np.eye(len(house.parties))[house.winner]  # each seat to its winner
    plan = plan_forecast(house, winners_shares, QUIET)
    counts = run_chunks(plan, 8, seed=1)
    totals = np.array([seats.get(p, 0) for p in plan.parties])
    assert np.array_equal(counts.total_histogram.argmax(axis=1), totals)  # the same House
    report = govern(seats)
    commons = report.house
    assert commons.n_seats == house.n_seats
    forecast_working = dict(zip(plan.parties, counts.working_majority.tolist(), strict=True))
    rule = MajorityRule.for_jurisdiction(CANADA if "Canada" in label else UK)
    governs = int(rule.outcome(totals[None, :], plan.parties)[0])
    winners = []
    for party in commons.votes:
        says = assess(commons, [party]).has_working_majority
        assert forecast_working[party] == (8 if says else 0), party
        winners += [party] if says else []
    assert ([plan.parties[governs]] if governs >= 0 else []) == winners
    largest = dict(zip(plan.parties, counts.largest.tolist(), strict=True))
    assert largest[report.largest] == 8
    reached = 0
    for group, count in zip(plan.coalitions, counts.coalition_reaches.tolist(), strict=True):
        if all(seats.get(p, 0) for p in group):
            says = assess(commons, group).has_working_majority
            assert count == (8 if says else 0), group
            reached += says
    assert reached > 0
    # a bundled election's own history gives the same House (its Speaker and deputies' sides)
    if house.id in {"2017", "2024", "canada-2021"}:
        assert parliament(house).votes == commons.votes


def test_the_edges_are_where_the_old_rules_disagreed() -> None:
    """Con 321 of 650 (7 SF, the Speaker): 320 votes of 639, a working majority in all three
    places; counting the seats against (650 - 8) // 2 + 1 = 322 said it had none."""
    house = dict(_houses())["UK 2017, Con 321"]
    report = govern({p: n for p, n in house.seats_won().items() if n})
    assert report.house.seats["Con"] == 321 and report.house.working_threshold == 320
    assert report.arrangements[0].has_working_majority


def test_the_2019_notional_result_keeps_the_2019_parliament_s_deputies() -> None:
    """The 2019 result redrawn on the 2024 boundaries is the 2019 Parliament: its Speaker came
    from the opposition side, so two Deputy Speakers come from the government's, as for 2019
    (a working majority of 101, not 103)."""
    from psephos.government import rules_for

    for election_id in ("2019", "2019-notional-2024"):
        rules = rules_for(psephos.load(election_id))
        assert (rules.deputies_government_side, rules.deputies_opposition_side) == (2, 1)
