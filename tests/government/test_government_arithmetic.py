"""Majority arithmetic on real Parliaments (2010, 2017, 2024) and hand-checkable toys."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import psephos
from psephos.errors import DataFormatError, ForeignPartyError, UnknownPartyError
from psephos.government import (
    PLAIN_RULES,
    ParliamentRules,
    assess,
    describe,
    govern,
    is_connected,
    minimal_connected_winning,
    minimal_winning_coalitions,
    outcome_lines,
    parliament,
    party_codes,
    support_options,
    voting_power,
)
from psephos.numbers import format_number


@pytest.fixture(scope="module")
def house_2017():
    return parliament(psephos.load("2017"))


def test_2017_con_short_and_con_dup_working_majority(house_2017):
    assert house_2017.n_seats == 650
    assert house_2017.nominal_majority == 326
    assert house_2017.speaker_seats == 1
    assert house_2017.abstentionist_seats == {"SF": 7}
    assert dict(house_2017.deputies) == {"Con": 1, "Lab": 2}
    assert house_2017.n_voting == 650 - 1 - 3 - 7 == 639
    assert house_2017.working_threshold == 320
    con = assess(house_2017, ["Con"])
    assert con.seats == 317 and con.short_of_majority == 9
    assert not con.has_nominal_majority and not con.has_working_majority
    con_dup = assess(house_2017, ["Con"], ["DUP"])
    assert con_dup.seats == 327 and con_dup.votes == 326
    assert con_dup.has_working_majority and con_dup.working_majority == 13
    progressive = assess(house_2017, ["Lab", "SNP", "LD", "PC", "Green"])
    assert progressive.seats == 314
    assert progressive.votes < progressive.threshold
    assert not progressive.has_working_majority


def test_2010_coalition_and_con_alone():
    house = parliament(psephos.load("2010"))
    assert house.abstentionist_seats == {"SF": 5}
    assert house.working_threshold == 321
    assert not assess(house, ["Con"]).has_working_majority
    coalition = assess(house, ["Con", "LD"])
    assert coalition.seats == 363 and coalition.has_working_majority
    assert coalition.working_majority == 362 - (641 - 362)
    assert not assess(house, ["Lab", "LD"]).has_working_majority


def test_2024_labour_majority():
    report = govern(psephos.load("2024"))
    assert report.largest == "Lab"
    labour = report.arrangements[0]
    assert labour.government == ("Lab",) and labour.seats == 411
    assert labour.has_nominal_majority and labour.has_working_majority
    assert dict(report.house.deputies) == {"Lab": 1, "Con": 2}
    assert [c.parties for c in report.minimal_winning] == [("Lab",)]
    power = {row.party: row for row in report.power}
    assert power["Lab"].banzhaf == pytest.approx(1.0)
    assert power["Lab"].shapley_shubik == pytest.approx(1.0)
    assert report.house.n_individuals == 6


def test_2019_speaker_from_opposition_side_gives_working_majority_87():
    house = parliament(psephos.load("2019"))
    assert dict(house.deputies) == {"Con": 2, "Lab": 1}
    con = assess(house, ["Con"])
    assert con.seats == 365 and con.votes == 363 and con.working_majority == 87
    default_split = parliament(dict(psephos.load("2019").seats_won()))
    assert dict(default_split.deputies) == {"Con": 1, "Lab": 2}


def test_govern_headline_2017_lines():
    lines = govern(psephos.load("2017")).headline()
    text = "\n".join(lines)
    assert "Con, with 317 seats: 9 short of a majority (326)" in text
    assert "Con + DUP, with 327 seats" in text and "a working majority of 13" in text
    assert "SF's 7 absent" in text
    assert "Lab + SNP + LD + PC + Green, with 314 seats" in text
    assert "less than a working majority (312 voting, 320 needed" in text


def test_parties_named_as_the_election_names_them():
    """In 2015 the ``Reform`` code was UKIP: every table and sentence of the report says so,
    as the power table's ``party_label`` does; seats given take the vocabulary's label."""
    election = psephos.load("2015")
    report = govern(election, arrangements=[(["Con", "UKIP"], [])])
    label = election.label("Reform")
    assert label != "Reform"
    asked = f"Con + {label}"
    data = report.to_dict()
    assert [row["arrangement"] for row in data["arrangements"]][-1] == asked
    assert data["arrangements"][-1]["government"] == "Con + Reform"  # codes for programs
    assert any(line.startswith(f"{asked}, with ") for line in report.headline())
    coalitions = [row["coalition"] for row in data["minimal_winning_coalitions"]]
    assert coalitions and not any("Reform" in text for text in coalitions)
    assert {row["party_label"] for row in data["power"] if row["party"] == "Reform"} == {label}
    given = govern({"Con": 300, "Lab": 280, "Reform": 40, "LD": 30}).to_dict()
    vocabulary = psephos.model.party_label("Reform")
    assert {row["party_label"] for row in given["power"] if row["party"] == "Reform"} == {
        vocabulary
    }
    assert f"Con + {vocabulary}" in [row["coalition"] for row in given["partners_of_largest"]]


def test_headline_writes_numbers_as_format_number_does():
    """A House of over a thousand seats (2017's votes under AMS, ``psephos systems``) reads
    ``1,147 seats`` in the sentences, as the tables write it, never ``1147``."""
    seats = {"Con": 488, "Lab": 471, "LD": 79, "SNP": 39, "Reform": 17, "SF": 10, "Speaker": 1}
    report = govern(seats, arrangements=[(["Con", "Lab"], [])])
    house = report.house
    text = "\n".join(report.headline())
    for count in (house.n_seats, house.n_voting):
        assert count >= 1000
        assert f"{format_number(count, ',')} " in text and f"{count} " not in text
    both = report.arrangements[-1]
    seats = format_number(both.seats, ",")
    assert report.describe(both).startswith(f"Con + Lab, with {seats} seats:")


def test_works_on_a_projection_and_a_mapping():
    election = psephos.load("2017")
    projected = election.with_votes(election.votes)
    assert parliament(projected).seats == parliament(election).seats
    mapping = parliament(
        {
            "Conservative": 317,
            "Labour": 262,
            "Lib Dem": 12,
            "Speaker": 1,
            "Sinn Fein": 7,
            "DUP": 10,
            "SNP": 35,
            "PC": 4,
            "Green": 1,
            "Ind": 1,
        }
    )
    assert mapping.working_threshold == 320 and "LD" in mapping.seats


def test_a_mapping_of_names_is_read_in_its_parties_country():
    """Names are read once the country is known: Conservative and Green beside the Liberals
    and the Bloc are Canada's CPC and GPC (as the bundled 2021 House has them); beside Labour,
    the UK's Con and Green."""
    canada = parliament(psephos.load("canada-2021"))
    named = {"Liberal": 160, "Conservative": 119, "Bloc": 32, "NDP": 25, "Green": 2}
    assert dict(parliament(named).seats) == dict(canada.seats)
    assert party_codes(["Conservative", "Labour", "Green"]) == {
        "Conservative": "Con",
        "Labour": "Lab",
        "Green": "Green",
    }


def test_deputies_are_parameters(house_2017):
    none = parliament(
        psephos.load("2017"),
        rules=ParliamentRules(deputies_government_side=0, deputies_opposition_side=0),
    )
    assert none.n_voting == 642 and none.working_threshold == 322
    aliases = parliament(
        psephos.load("2017"), rules=ParliamentRules(abstentionist_parties=("Sinn Fein",))
    )
    assert aliases.abstentionist_seats == {"SF": 7}
    explicit = parliament(psephos.load("2017"), deputies={"Lab": 3})
    assert explicit.votes["Lab"] == 259 and explicit.votes["Con"] == 317
    by_government = parliament(psephos.load("2017"), government=["Lab", "SNP"])
    assert dict(by_government.deputies) == {"Lab": 1, "Con": 2}


def test_bad_input_errors():
    with pytest.raises(DataFormatError):
        parliament({"A": -1, "B": 3})
    with pytest.raises(DataFormatError):
        parliament({"A": 2.5})
    with pytest.raises(UnknownPartyError):
        assess(parliament({"Con": 5, "Lab": 4}, rules=PLAIN_RULES), ["Reform"])
    with pytest.raises(DataFormatError):
        parliament({"Con": 5}, deputies={"Lab": 1})


def test_toy_minimal_winning_by_hand():
    # Weights 4, 3, 2 quota 5 (9 voting): MWCs {A,B}, {A,C}, {B,C}.
    house = parliament({"A": 4, "B": 3, "C": 2}, rules=PLAIN_RULES)
    assert house.working_threshold == 5
    found = {c.parties for c in minimal_winning_coalitions(house, order=("A", "B", "C"))}
    assert found == {("A", "B"), ("A", "C"), ("B", "C")}
    connected = {c.parties for c in minimal_connected_winning(house, order=("A", "B", "C"))}
    assert connected == {("A", "B"), ("B", "C")}
    assert not is_connected(["A", "C"], house, ("A", "B", "C"))
    # Symmetric game: every index a third.
    for row in voting_power(house):
        assert row.banzhaf == pytest.approx(1 / 3)
        assert row.shapley_shubik == pytest.approx(1 / 3)


def test_independents_are_single_members():
    rules = ParliamentRules(
        abstentionist_parties=(), deputies_government_side=0, deputies_opposition_side=0
    )
    house = parliament({"A": 5, "B": 3, "Ind": 2}, rules=rules)
    assert house.working_threshold == 6
    labels = {c.label for c in minimal_winning_coalitions(house, order=("A", "B"))}
    assert labels == {"A + 1 independent", "A + B"}
    assert [c.label for c in support_options(house, ["B"], order=("A", "B"))] == ["A + B"]


@settings(max_examples=30)
@given(
    st.dictionaries(
        st.sampled_from(["Con", "Lab", "LD", "SNP", "DUP", "PC", "Green", "SF"]),
        st.integers(min_value=1, max_value=60),
        min_size=2,
    )
)
def test_minimal_winning_invariants(seats):
    house = parliament(seats, rules=PLAIN_RULES)
    quota = house.working_threshold
    for coalition in minimal_winning_coalitions(house):
        assert coalition.votes >= quota
        for party in coalition.parties:
            assert coalition.votes - house.votes[party] < quota
    shares = voting_power(house)
    assert sum(r.banzhaf * r.members for r in shares) == pytest.approx(1.0)
    assert sum(r.shapley_shubik * r.members for r in shares) == pytest.approx(1.0)


def test_degenerate_houses_do_not_crash():
    only_independents = govern({"Ind": 5})
    assert [c.label for c in only_independents.minimal_winning] == ["3 independents"]
    nobody_votes = govern({"Speaker": 1, "SF": 3})
    assert nobody_votes.house.n_voting == 0 and nobody_votes.minimal_winning == ()


def test_default_rules_follow_the_country_of_the_seats():
    from psephos import jurisdictions
    from psephos.government import UK_RULES, govern, parliament, rules_for

    canada = jurisdictions.load("canada-2021")
    seats = {"LPC": 160, "CPC": 119, "BQ": 32, "NDP": 25, "GPC": 2}
    assert rules_for(seats) == jurisdictions.CANADA.parliament  # the Speaker's party assumed
    assert rules_for(canada) == replace(jurisdictions.CANADA.parliament, speaker_bench="LPC")
    assert rules_for({"Con": 317, "Lab": 262}) == UK_RULES
    # the Speaker alone is set aside, from the Liberal benches either way
    assert parliament(seats).working_threshold == 169
    assert govern(canada).to_dict()["working_threshold"] == 169


@pytest.mark.parametrize("election_id", ["canada-2019", "canada-2021"])
def test_canadas_speaker_is_a_liberal_member_who_does_not_vote(election_id: str) -> None:
    """Anthony Rota (Liberal, Nipissing--Timiskaming, riding 35070) was elected Speaker after
    the 2019 election and re-elected after 2021: his riding is the Liberals' in the bundled
    results, and one Liberal is set aside from the votes, the history's (not assumed); the
    Deputy Speakers vote."""
    election = psephos.load(election_id)
    assert election.result("35070").winner == "LPC"
    house = parliament(election)
    assert (house.speaker_from, house.speaker_assumed) == ("LPC", False)
    assert house.speaker_seats == 1 and house.n_deputies == 0
    assert house.votes["LPC"] == house.seats["LPC"] - 1
    assert all(house.votes_of([p]) == n for p, n in house.seats.items() if p != "LPC")
    assert house.n_voting == house.n_seats - 1
    assert house.working_threshold == (house.n_seats - 1) // 2 + 1


def test_canada_2021_speaker_leaves_lpc_and_ndp_a_working_majority_of_31() -> None:
    """The 44th Parliament: 338 seats, the Speaker does not vote, so 337 vote and 169 is a
    working majority; LPC 160 seats is 159 votes, LPC + NDP (the 2022 supply-and-confidence
    agreement) 185 seats is 184 votes against 153."""
    report = govern(psephos.load("canada-2021"))
    house = report.house
    assert (house.n_seats, house.n_voting, house.working_threshold) == (338, 337, 169)
    alone = assess(house, ["LPC"])
    backed = assess(house, ["LPC"], ["NDP"])
    assert (alone.seats, alone.votes) == (160, 159)
    assert (backed.seats, backed.votes, backed.working_majority) == (185, 184, 31)
    assert report.headline()[0] == (
        "338 seats; a majority needs 170. 337 MPs vote (not voting: the Speaker (LPC 1)), "
        "so a working majority needs 169 votes."
    )
    payload = report.to_dict()
    assert (payload["speaker"], payload["speaker_from"], payload["speaker_assumed"]) == (
        1,
        "LPC",
        False,
    )


def test_canada_2019_speaker_leaves_the_liberals_156_votes() -> None:
    house = parliament(psephos.load("canada-2019"))
    assert (house.seats["LPC"], house.votes["LPC"], house.working_threshold) == (157, 156, 169)


def test_a_canadian_projection_assumes_the_speaker_from_the_largest_party() -> None:
    """A projection is no Parliament that met: its Speaker is assumed to come from the largest
    party (the government side by default), whichever that is, and the report says so."""
    from psephos.projection import project

    projected = project(psephos.load("canada-2021"), "CPC 38 LPC 28 NDP 18 BQ 8 GPC 3 PPC 5")
    seats = projected.election.seats_won()
    largest = max(seats, key=lambda party: seats[party])
    assert largest != "LPC"  # not the history's party
    report = govern(projected.election)
    house = report.house
    assert (house.speaker_from, house.speaker_assumed) == (largest, True)
    assert house.votes[largest] == seats[largest] - 1 and house.n_voting == house.n_seats - 1
    assert f"the Speaker ({largest} 1, assumed from the largest party)" in report.headline()[0]
    assert report.to_dict()["speaker_assumed"] is True


def test_a_canadian_speaker_assumed_comes_from_the_government_side_given() -> None:
    seats = {"LPC": 160, "CPC": 119, "BQ": 32, "NDP": 25, "GPC": 2}
    report = govern(seats, government_side=["CPC"])
    assert (report.house.speaker_from, report.house.speaker_assumed) == ("CPC", True)
    assert report.house.votes["CPC"] == 118 and report.house.votes["LPC"] == 160
    assert "the Speaker (CPC 1, assumed from the government side)" in report.headline()[0]


def test_a_speaker_from_a_party_without_voting_seats_is_refused() -> None:
    rules = replace(PLAIN_RULES, speaker_on_benches=True, speaker_bench="B")
    with pytest.raises(DataFormatError, match="from 'B', which has 0 voting seats"):
        parliament({"A": 4, "C": 3}, rules=rules)
    house = parliament({"A": 4, "B": 3}, rules=rules)
    assert house.votes == {"A": 4, "B": 2} and house.speaker_seats == 1


@pytest.mark.parametrize("election_id", ["2010", "2015", "2017", "2019", "2024"])
def test_uk_speaker_is_the_speakers_own_seat_not_a_party_member(election_id: str) -> None:
    """The UK's Speaker's seat keeps its own label: nobody else is set aside for the chair."""
    house = parliament(psephos.load(election_id))
    assert house.rules.speaker_on_benches is False and house.speaker_from is None
    assert house.speaker_seats == house.seats["Speaker"] == 1
    absent = sum(house.abstentionist_seats.values())
    assert house.n_voting == house.n_seats - 1 - 3 - absent
    assert govern(psephos.load(election_id)).to_dict()["speaker_from"] is None


def test_party_names_are_read_against_the_house():
    """A Canadian House reads "Liberal", "Green" and "Conservative" as its own parties (not the
    UK's Green and Con), wherever a party is named: arrangements, sides, abstainers."""
    canada = psephos.load("canada-2021")
    house = parliament(canada, government=["Liberal"])
    named = assess(house, ["Liberal"], ["Green"])
    coded = assess(house, ["LPC"], ["GPC"])
    assert (named.government, named.supporters) == (("LPC",), ("GPC",))
    assert named == coded
    assert house.votes_of(["Conservative", "Bloc"]) == house.votes["CPC"] + house.votes["BQ"]
    assert support_options(house, ["Liberal"]) == support_options(house, ["LPC"])
    bloc_out = parliament(canada, rules=ParliamentRules(abstentionist_parties=("Bloc",)))
    assert bloc_out.abstentionist_seats == {"BQ": 32}
    with pytest.raises(ForeignPartyError, match="Reform is a UK party: use a UK election"):
        assess(house, ["Reform"])  # not "has no seats", as if Reform sat in the House
    with pytest.raises(UnknownPartyError, match="Unknown party 'Xyz'"):
        parliament(canada, government=["Xyz"])  # not a silent government side of nobody


@pytest.mark.parametrize("election_id", ["2010", "2017", "canada-2019", "canada-2021"])
def test_the_government_formed_is_listed_once_among_the_arrangements(election_id: str) -> None:
    """The government formed after the election replaces the guess with its parties; formed by
    the largest party alone (Canada 2019) it is that first row, not a second copy of it."""
    from psephos.government.report import FORMED_GOVERNMENTS

    report = govern(psephos.load(election_id))
    rows = [(a.government, a.supporters) for a in report.arrangements]
    assert len(rows) == len(set(rows))
    formed = FORMED_GOVERNMENTS[election_id]
    assert (formed.government, formed.supporters) in rows
    assert rows[0] == ((report.largest,), ())


def test_outcome_lines_of_a_majority_is_the_largest_partys_sentence() -> None:
    seats = {"Con": 330, "Lab": 250, "LD": 50, "SNP": 12, "Speaker": 1, "SF": 7}
    (line,) = outcome_lines(seats)
    house = parliament(seats)
    assert line == describe(assess(house, ["Con"]), house)
    assert line.startswith("Con, with 330 seats: a majority of the House; a working majority of ")


def test_outcome_lines_of_a_hung_house_say_so_and_start_where_govern_does() -> None:
    """A tie for largest is said, and its first party is described as :func:`govern`'s first
    arrangement, the other after it."""
    seats = {"Lab": 300, "Con": 300, "LD": 42, "SNP": 1, "Speaker": 1, "SF": 6}
    hung, largest, other = outcome_lines(seats)
    assert hung == (
        "Hung parliament: no party has the 326 seats a majority needs; Con and Lab tie for "
        "the largest party on 300 seats."
    )
    report = govern(seats)
    assert largest == report.describe(report.arrangements[0])
    assert other.startswith("Lab, with 300 seats: 26 short of a majority (326)")
    assert largest.startswith(f"{report.largest}, with 300 seats: 26 short of a majority (326)")


def test_outcome_lines_of_a_canadian_house_say_minority_parliament() -> None:
    hung, _ = outcome_lines({"LPC": 160, "CPC": 119, "BQ": 32, "NDP": 25, "GPC": 2})
    assert hung == "Minority Parliament: no party has the 170 seats a majority needs."


@pytest.mark.parametrize(
    ("seats", "line"),
    [
        (
            {"Lab": 3, "Con": 2},
            "Lab, with 3 seats: a majority of the House; a working majority of 1 (3 voting to 2).",
        ),
        (
            {"BQ": 1},
            "BQ, with 1 seat: a majority of the House; a working majority of 1 (1 voting to 0).",
        ),
        (
            {"BQ": 2, "LPC": 1},
            "BQ, with 2 seats: a majority of the House; a working majority of 1 (2 voting to 1).",
        ),
    ],
)
def test_a_small_house_has_the_same_rules_under_a_projection_as_in_govern(seats, line) -> None:
    """A House of fewer than SMALL_HOUSE seats has no Deputy Speakers and no Speaker from the
    benches wherever its rules are decided (``rules_for``): ``psephos project``'s outcome line
    is ``psephos govern``'s first arrangement."""
    report = govern(seats)
    assert outcome_lines(seats) == [line] == [report.describe(report.arrangements[0])]
    assert report.house.n_voting == sum(seats.values())


def test_a_turnout_scenario_of_a_bundled_election_keeps_its_parliament_s_deputy_split() -> None:
    """A scenario of the same Parliament (a turnout scenario records it as ``parliament``) takes
    its history's Deputy Speakers (2019: Con 2, Lab 1); a projection is a new Parliament."""
    election = psephos.load("2019")
    same_house = election.with_votes(election.votes, meta={"parliament": election.id})
    assert dict(parliament(same_house).deputies) == dict(parliament(election).deputies)
    assert dict(parliament(same_house).deputies) == {"Con": 2, "Lab": 1}
    assert dict(parliament(election.with_votes(election.votes)).deputies) == {"Con": 1, "Lab": 2}


def test_a_tie_for_the_largest_party_is_noted_with_the_party_taken() -> None:
    report = govern({"Lab": 300, "Con": 300})
    assert report.largest == "Con" and report.arrangements[0].has_working_majority
    (note,) = report.notes
    assert "Con and Lab tie for the largest party on 300 seats" in note
    assert report.to_dict()["notes"] == [note]
    assert govern({"Lab": 300, "Con": 300}, government_side=["Lab"]).notes == ()
    assert govern({"Lab": 301, "Con": 300}).notes == ()
    (one,) = govern({"Lab": 1, "Con": 1, "LD": 1}).notes  # a council's wards, a tiny House
    assert "Con, LD and Lab tie for the largest party on 1 seat; psephos takes Con" in one


def test_the_one_rule_for_a_tie_for_the_largest_party() -> None:
    """``tied_for_largest``: the parties on the most seats by code where two or more share
    it, none otherwise; ``outcome_lines`` says the tie and describes each tied party."""
    from psephos.model import tied_for_largest

    assert tied_for_largest({"Lab": 300, "Con": 300, "LD": 50}) == ["Con", "Lab"]
    assert tied_for_largest({"Lab": 301, "Con": 300}) == []
    assert tied_for_largest({"Lab": 0, "Con": 0}) == []
    lines = outcome_lines({"Lab": 300, "Con": 300, "LD": 50})
    assert lines[0].endswith("Con and Lab tie for the largest party on 300 seats.")
    assert [line.split(",")[0] for line in lines[1:]] == ["Con", "Lab"]
    assert "tie" not in " ".join(outcome_lines({"Lab": 301, "Con": 299, "LD": 50}))
    # the UK's Deputy Speakers are given up by the side taken
    (note,) = govern({"Lab": 300, "Con": 300}).notes
    assert "who gives up the Deputy Speakers" in note
