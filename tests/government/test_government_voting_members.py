"""The one working-majority rule (:func:`psephos.government.voting_members`): a plain reference
on random Houses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import psephos
from psephos.government import ParliamentRules, voting_members
from psephos.jurisdictions import UK


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


@settings(max_examples=60, deadline=None)
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
