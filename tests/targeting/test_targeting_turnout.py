"""Turnout scenarios by age group."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

import psephos
from psephos.errors import InvalidSharesError, PsephosError, ShareWarning
from psephos.jurisdictions import UK
from psephos.targeting.turnout import (
    ADULT_SHARE_RANGE,
    DEFAULT_ADULT_SHARE,
    GROUP_SPLITS,
    compare_with_actual,
    default_election,
    default_split,
    group_share_of_electorate,
    parse_split,
    split_groups,
    turnout_report,
    turnout_scenario,
)


@pytest.fixture(scope="module")
def ge2019() -> psephos.Election:
    return psephos.load("2019")


def split_note(total: str) -> pytest.WarningsChecker:
    """Expect the note of a split the user gave naming ``total`` percent of the group's
    voters (a bundled split gives none)."""
    return pytest.warns(ShareWarning, match=rf"split shares sum to {re.escape(total)}%;")


def test_zero_change_is_identity(ge2019) -> None:
    result = turnout_scenario(ge2019, "18-24", 0)
    np.testing.assert_allclose(result.scenario.votes, ge2019.votes)
    assert result.flips == () and result.seat_change == {}


def test_extra_voters_follow_census_share(ge2019) -> None:
    result = turnout_scenario(ge2019, "18-24", 10)
    share = group_share_of_electorate(ge2019, "18-24")
    known = np.isfinite(share)
    np.testing.assert_allclose(
        result.extra_voters[known], ge2019.electorate[known] * share[known] * 0.10
    )
    added = result.scenario.votes.sum(axis=1) - ge2019.votes.sum(axis=1)
    np.testing.assert_allclose(added, result.extra_voters, atol=1e-6)
    ni = ge2019.nations == "Northern Ireland"
    np.testing.assert_allclose(result.scenario.votes[ni], ge2019.votes[ni])
    assert len(result.unchanged_seats) == int(ni.sum())
    lab, con = ge2019.party_index("Lab"), ge2019.party_index("Con")
    gained = result.scenario.votes - ge2019.votes
    both = known & (ge2019.votes[:, lab] > 0) & (ge2019.votes[:, con] > 0)
    assert (gained[both, lab] > gained[both, con]).all()  # 62% v 19% of new young voters


def test_flips_are_consistent(ge2019) -> None:
    result = turnout_scenario(ge2019, "18-24", 10)
    assert {f.name for f in result.flips} >= {"Kensington"}
    for flip in result.flips:
        assert flip.before != flip.after
    assert sum(result.seat_change.values()) == 0
    older = turnout_scenario(ge2019, "65+", 10)
    assert older.seat_change.get("Con", 0) >= 0


def test_youthquake_comparison_2015_to_2017() -> None:
    base, actual = psephos.load("2015"), psephos.load("2017")
    ipsos = turnout_scenario(base, "18-24", 16, split_from="2017")
    check = compare_with_actual(ipsos, actual)
    assert check.actual_flips == 70
    assert check.also_flipped <= check.scenario_flips
    bes = turnout_scenario(base, "18-24", 4.85, split_from="2017")
    assert len(bes.flips) <= len(ipsos.flips)


def test_the_comparison_sentence_gives_no_share_of_no_seats(ge2019) -> None:
    """Compared with an election where no seat changed hands (the base itself), the sentence
    says so instead of "0.0% of the 0 seats"."""
    itself = turnout_report(ge2019, "18-24", 10, compare=ge2019).lines()[-1]
    assert itself.endswith("really went the same way; no seat changed hands.")
    assert "0.0%" not in itself
    later = turnout_report(
        psephos.load("2015"), "18-24", 10, split_from="2017", compare=psephos.load("2017")
    ).lines()[-1]
    assert "of the 70 seats that changed hands." in later


def test_user_split_and_errors(ge2019) -> None:
    assert parse_split("Lab=62, Con=27") == {"Lab": 0.62, "Con": 0.27}
    with pytest.warns(ShareWarning, match=r"read as fractions .*: Green 100%;"):
        custom = turnout_scenario(ge2019, "18-24", 5, split={"Green": 1.0})
    green = ge2019.party_index("Green")
    stood = ge2019.votes[:, green] > 0
    assert (custom.scenario.votes[stood, green] >= ge2019.votes[stood, green]).all()
    with pytest.raises(InvalidSharesError):
        parse_split("Lab=lots")
    with pytest.raises(InvalidSharesError):
        turnout_scenario(ge2019, "18-24", 5, split={"Lab": 0.7, "Con": 0.5})
    with pytest.raises(PsephosError):
        turnout_scenario(ge2019, "12-15", 5)
    with pytest.raises(PsephosError):
        turnout_scenario(ge2019, "18-24", 500)
    with pytest.raises(PsephosError, match="split"):
        turnout_scenario(psephos.load("2024"), "18-24", 5)
    with split_note("41.0"), pytest.warns(ShareWarning, match="read as fractions"):
        lab_only = turnout_scenario(psephos.load("2024"), "18-24", 5, split={"Lab": 0.41})
    assert lab_only.flips is not None


@pytest.mark.parametrize("adult_share", [1e-300, 0.01, 0.49, 1.01, float("nan"), float("inf")])
def test_an_adult_share_outside_its_range_is_refused_in_words(ge2019, adult_share: float) -> None:
    """A share of residents aged 18+ of 1e-300 overflowed dividing the census shares (a
    RuntimeWarning) and was clipped to a whole electorate of the group; one outside 0.5 to 1
    is no UK seat's, and is refused naming the range."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(PsephosError, match=r"aged 18\+ must be from 0\.5 to 1"):
            group_share_of_electorate(ge2019, "18-24", adult_share=adult_share)
        with pytest.raises(PsephosError, match=r"from 0\.5 to 1"):
            turnout_scenario(ge2019, "65+", 10, adult_share=adult_share)


@pytest.mark.parametrize("adult_share", [*ADULT_SHARE_RANGE, DEFAULT_ADULT_SHARE])
def test_an_adult_share_in_its_range_is_taken(ge2019, adult_share: float) -> None:
    share = group_share_of_electorate(ge2019, "18-24", adult_share=adult_share)
    known = np.isfinite(share)
    assert known.any() and ((share[known] >= 0) & (share[known] <= 1)).all()


def test_a_projected_election_without_a_split_is_named_by_its_base() -> None:
    from psephos.projection import project

    with pytest.warns(ShareWarning, match=r"Great Britain shares sum to 86\.0%;"):
        projected = project(psephos.load("2024"), "Lab 35 Con 24 Reform 15 LD 12").election
    with pytest.raises(PsephosError, match="vote split for election '2024';"):
        turnout_scenario(projected, "18-24", 5)


@pytest.mark.parametrize("election_id", UK.election_ids)
def test_split_groups_are_the_groups_default_split_finds(election_id: str) -> None:
    """An election's bundled groups are those its default split gives; none where it refuses."""
    election = psephos.load(election_id)
    for group in GROUP_SPLITS["2019"]:
        if group in split_groups(election_id):
            assert default_split(election, group)
        else:
            with pytest.raises(PsephosError, match="No bundled"):
                default_split(election, group)


def test_the_default_election_is_the_latest_real_one_with_a_split() -> None:
    """With the latest result (which has no bundled split) preferred, the default is the last
    general election that has one, and the scenario on it answers with its own split."""
    chosen = default_election(UK.latest_id)
    real = [entry.id for entry in UK.elections if not entry.notional]
    assert split_groups(chosen) and chosen in real
    assert not any(split_groups(later) for later in real[real.index(chosen) + 1 :])
    assert turnout_scenario(psephos.load(chosen), "18-24", 10).split
    for preferred in (entry.id for entry in UK.elections if split_groups(entry.id)):
        assert default_election(preferred) == preferred


def test_the_report_names_each_party_as_its_flips_do() -> None:
    """The seat changes and the split are worded with the election's party labels, as the
    flips' before and after are ("Reform UK" in a projection, never the code "Reform")."""
    poll_note = pytest.warns(ShareWarning, match=r"Great Britain shares sum to 96\.0%;")
    seats_note = pytest.warns(ShareWarning, match=r"The parties the poll does not name share")
    with seats_note, poll_note:
        report = turnout_report(
            psephos.load("2019"), "18-24", 10, poll="Lab 30 Con 20 Reform 25 LD 12 Green 9"
        )
    base = report.scenario.base
    named = {flip.before for flip in report.scenario.flips} | {
        flip.after for flip in report.scenario.flips
    }
    changes = report.scenario.seat_change
    assert any(base.label(party) != party for party in changes)  # a party named otherwise
    for party, change in changes.items():
        assert f"{base.label(party)} {change:+d}" in report.lines()[0]
    assert {base.label(party) for party in changes} <= named
    for party in report.scenario.split:
        assert f"{base.label(party)} " in report.title()


@pytest.mark.parametrize("text", ["labour 40, green 20, reform uk 10", None])
def test_a_split_under_100_says_where_the_rest_goes(text: str | None) -> None:
    """A split of the group's voters under 100% (given, or a bundled Ipsos split naming only
    some parties) gives the rest to the parties it does not name, which the title names
    ("others 30%"); a split the user gave gets a note saying so, as the poll reader says it
    of a poll under 100%; the bundled one, which the user did not give, none."""
    from psephos.errors import collected_share_notes

    election = psephos.load("2024" if text else "2019")
    with collected_share_notes() as notes:
        report = turnout_report(election, "18-24", 10, split=text)
    result = report.scenario
    total = sum(result.split.values()) * 100
    assert total < 99
    assert f"others {100 - total:g}%)" in report.title()
    assert notes == (
        [
            f"The group's vote split shares sum to {total:.1f}%; the remaining "
            f"{100 - total:.1f}% goes to the parties not named that stand in each seat, in "
            "proportion to their votes there."
        ]
        if text
        else []
    )
    # ... and it does: where every named party stands, the others get the rest of the voters
    named = [election.party_index(party) for party in result.split]
    stood = (election.votes[:, named] > 0).all(axis=1) & (result.extra_voters > 0)
    gained = (result.scenario.votes - election.votes)[stood]
    others = np.delete(gained, named, axis=1).sum(axis=1)
    np.testing.assert_allclose(others, result.extra_voters[stood] * (1 - total / 100))


def test_a_split_in_percent_or_fractions_reads_as_a_poll_does(ge2019) -> None:
    """A split is read by the poll's one rule (percent_factor): {"Con": 19, "Lab": 62} is the
    bundled 2019 split in percent, which was refused as summing to "8100%"; the same as
    fractions is that split too, with a note that it was read so; above 100% the refusal is
    the poll reader's, in percent or saying it was read as fractions."""
    bundled = turnout_scenario(ge2019, "18-24", 10)
    with split_note("81.0"):
        in_percent = turnout_scenario(ge2019, "18-24", 10, split={"Con": 19, "Lab": 62})
    with split_note("81.0"), pytest.warns(ShareWarning, match=r"fractions .*: Con 19%, Lab 62%"):
        as_fractions = turnout_scenario(ge2019, "18-24", 10, split={"Con": 0.19, "Lab": 0.62})
    assert in_percent.split == as_fractions.split == bundled.split == {"Con": 0.19, "Lab": 0.62}
    assert in_percent.flips == as_fractions.flips == bundled.flips
    for split, said in (
        ({"Con": 70, "Lab": 50}, r"^The group's vote split shares sum to 120\.0%, above 100%;"),
        ({"Con": 0.7, "Lab": 0.5}, r"sum to 1\.2, so they are read as fractions .*: 120\.0%, "),
    ):
        with pytest.raises(InvalidSharesError, match=said):
            turnout_scenario(ge2019, "18-24", 10, split=split)
    assert parse_split("Lab 0.62 Con 0.19") == {"Lab": 0.62, "Con": 0.19}


def test_a_split_of_100_has_no_note(ge2019) -> None:
    from psephos.errors import collected_share_notes

    with collected_share_notes() as notes:
        turnout_report(ge2019, "18-24", 10, split="Lab 60 Con 30 LD 10")
    assert notes == []


def test_a_split_naming_a_party_by_another_year_s_name_is_noted_by_the_election_s_name(
    ge2019,
) -> None:
    # On 2019 the note read "Brexit read as Reform UK (the same party)", the newest name; the
    # split is read against the election, as a poll on it is.
    from psephos.errors import ShareWarning

    with pytest.warns(ShareWarning, match=r"^UKIP read as Brexit Party \(the same party\)\.$"):
        assert parse_split("Lab 62 UKIP 10", ge2019) == {"Lab": 0.62, "Reform": 0.1}
    with warnings.catch_warnings(record=True) as said:  # the year's own name: no note
        warnings.simplefilter("always", ShareWarning)
        assert parse_split("Lab 62 Brexit 10", ge2019) == {"Lab": 0.62, "Reform": 0.1}
        turnout_report(ge2019, "18-24", 10, split="Con 19 Lab 62 Brexit 10")
    assert not [w for w in said if "read as" in str(w.message)]


def test_the_report_says_who_has_a_majority_after_the_change() -> None:
    """Under the seat changes, the scenario's seats in ``project``'s words
    (:func:`psephos.government.outcome_lines`): a surge that takes the 2017 Conservatives
    further from a majority says the parliament is hung and how short they are."""
    from psephos.government import outcome_lines

    with split_note("82.0"):
        report = turnout_report(psephos.load("2017"), "18-24", 10, split="Lab 62 Con 20")
    lines = report.lines()
    after = outcome_lines(report.scenario.scenario)
    assert after[0].startswith("Hung parliament: ")
    assert lines[1] == "After the change, hung parliament: " + after[0].split(": ", 1)[1]
    assert lines[2:] == after[1:]
    con = report.scenario.scenario.seats_won()["Con"]
    assert lines[2].startswith(f"Con, with {con} seats: {326 - con} short of a majority")


def test_the_comparison_reads_a_results_file_in_its_own_seat_order(tmp_path) -> None:
    """The real election compared with may be a results file (a user's own copy of the next
    result) listing its seats in any order: the flips are matched by seat code and by party
    name, as against the bundled election; a file on other seats is refused naming one."""
    from psephos.jurisdictions import read_results_csv

    later = psephos.load("2017")
    rows = [
        f"{seat.code},{seat.name.replace(',', '')},{party},{votes:.0f}"
        for seat, seat_votes in reversed(list(zip(later.constituencies, later.votes, strict=True)))
        for party, votes in zip(later.parties, seat_votes, strict=True)
        if votes > 0
    ]
    path = tmp_path / "next.csv"
    path.write_text("seat_code,seat_name,party,votes\n" + "\n".join(rows) + "\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        actual = read_results_csv(path)
    scenario = turnout_scenario(psephos.load("2015"), "18-24", 16, split_from="2017")
    from_file = compare_with_actual(scenario, actual)
    assert from_file == compare_with_actual(scenario, later)
    assert from_file.actual_flips == 70
    with pytest.raises(PsephosError, match=r"not on 2015's boundaries: 645 of 2015's 650 seats"):
        compare_with_actual(scenario, psephos.load("2024"))


def test_after_a_zero_change_the_working_majority_is_govern_s(ge2019) -> None:
    """The House after no change is the election's own: the same rules (2019's Deputy Speakers:
    Con 2, Lab 1), so the same working majority as ``psephos govern 2019``."""
    from psephos.government import govern

    report = turnout_report(ge2019, "18-24", 0.0)
    government = govern(ge2019)
    expected = government.describe(government.arrangements[0])
    assert report.lines()[-1] == f"After the change, {expected}"


#: A split naming all of the group's voters, so that no note but the clip's is given.
WHOLE_SPLIT = {"Con": 0.5, "Lab": 0.5}


def test_a_fall_never_removes_more_of_the_group_than_voted_and_says_so(ge2019) -> None:
    """-100 points removed the group's whole electorate (5.5 m in 2019), more than it cast: the
    change is clipped in each seat to the group's voters at the seat's turnout, with a note."""
    share = np.nan_to_num(group_share_of_electorate(ge2019, "18-24"))
    electors = ge2019.electorate * share
    turnout = ge2019.votes.sum(axis=1) / ge2019.electorate
    with pytest.warns(ShareWarning, match=r"-100-point change removes more 18-24 voters") as said:
        result = turnout_scenario(ge2019, "18-24", -100, split=WHOLE_SPLIT)
    assert any(
        str(w.message).endswith("there it removes all of them: the group's turnout falls to 0%.")
        for w in said
    )
    assert np.all(result.extra_voters >= -electors * turnout - 1e-6)
    assert -result.extra_voters.sum() < electors.sum() * 0.75
    assert np.all(result.scenario.votes.sum(axis=1) >= ge2019.votes.sum(axis=1) - electors - 1e-6)


def test_a_rise_adds_at_most_the_group_s_electors_who_did_not_vote(ge2019) -> None:
    share = np.nan_to_num(group_share_of_electorate(ge2019, "65+"))
    electors = ge2019.electorate * share
    turnout = ge2019.votes.sum(axis=1) / ge2019.electorate
    with pytest.warns(ShareWarning, match=r"\+100-point change adds more 65\+ voters") as said:
        result = turnout_scenario(ge2019, "65+", 100, split=WHOLE_SPLIT)
    assert np.all(result.extra_voters <= electors * (1 - turnout) + 1e-6)
    # the note says what the change does there (the group's turnout reaches 100%), and keeps
    # the assumption behind the limit (the group turned out as its seat did) apart from it
    (note,) = [str(w.message) for w in said if "point change" in str(w.message)]
    assert note.endswith(
        "(psephos assumes the group turned out as its seat did, having no turnout by age in a "
        "seat); there it adds all of them: the group's turnout reaches 100%."
    )


def test_a_change_the_group_can_give_is_not_clipped(ge2019) -> None:
    share = np.nan_to_num(group_share_of_electorate(ge2019, "18-24"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = turnout_scenario(ge2019, "18-24", -10)
    assert not [w for w in caught if "point change" in str(w.message)]
    assert np.allclose(result.extra_voters, ge2019.electorate * share * -0.10)


#: Bundled elections whose result has two candidates of one group in a seat together above
#: its winner: 2010's Fermanagh and South Tyrone (two Independents above Sinn Fein's 21,304),
#: 2024's Birmingham Hall Green and Moseley and Bradford West (Independents above Labour).
MERGED_INDEPENDENTS = ("2010", "2024")


@pytest.mark.parametrize("election_id", MERGED_INDEPENDENTS)
def test_after_a_zero_change_the_house_is_the_real_one(election_id: str) -> None:
    """The seats are counted on candidates, as the result's: no change gives back the real
    House (it gave Lab 409 for 2024's 411 and Sinn Fein 4 for 2010's 5, from the
    Independents' summed votes) and govern's working majority."""
    from psephos.government import govern

    election = psephos.load(election_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        report = turnout_report(election, "18-24", 0.0, split="Lab 50 Con 50")
    assert report.scenario.scenario.seats_won() == election.seats_won()
    assert report.scenario.flips == () and report.scenario.seat_change == {}
    government = govern(election)
    assert report.lines()[-1].endswith(government.describe(government.arrangements[0]))


def test_the_seat_changes_add_up_to_the_house_after_the_change() -> None:
    """2024, +10 points among 18-24s: the seat changes are the real House's seats less the
    seats after, party by party (it said "Lab +6" then "Lab = 415" of 411), and every flip
    starts from the seat's real winner."""
    election = psephos.load("2024")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        result = turnout_scenario(
            election, "18-24", 10, split={"Lab": 0.41, "Green": 0.18, "LD": 0.16, "Con": 0.08}
        )
    before, after = election.seats_won(), result.scenario.seats_won()
    assert {p: after[p] - before[p] for p in before if after[p] != before[p]} == (
        result.seat_change
    )
    assert result.seat_change  # some seats do change
    for flip in result.flips:
        assert flip.before == election.label(election.result(flip.code).winner)


def test_a_split_and_a_bundled_year_s_split_together_are_refused(ge2019) -> None:
    """--split with --split-from 2017 ran on the split and dropped the year in silence."""
    with pytest.raises(PsephosError, match=r"bundled year's split \(2017\) to use, not both"):
        turnout_scenario(ge2019, "18-24", 10, split={"Lab": 0.62}, split_from="2017")
    with pytest.raises(PsephosError, match="not both"):
        turnout_report(ge2019, "18-24", 10, split="Lab=62,Con=19", split_from="2017")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Lab=-10,Con=30", "Lab -10 in split 'Lab=-10,Con=30': a share is a percentage"),
        ("Lab=lots", "Cannot read split 'Lab=lots'"),
        ("Lab 30 Labour 20", "appears twice in split 'Lab 30 Labour 20'"),
    ],
)
def test_a_bad_split_is_called_a_split(text: str, message: str) -> None:
    """The split's messages name it as a split, not as the poll it is read like."""
    with pytest.raises(InvalidSharesError, match=re.escape(message)):
        parse_split(text)


def test_a_split_of_great_britain_says_so_where_it_names_no_party_of_the_nation() -> None:
    """The Ipsos split is of Great Britain's voters, applied alike in Scotland and Wales, where
    the SNP and Plaid Cymru get only a part of its "others": a youth surge took Perth and North
    Perthshire from the SNP to the Conservatives (2017) with nothing saying why. The scenario
    notes it, naming the parties left out; a split naming them notes only those it leaves out;
    a change of no voters notes nothing."""
    from psephos.targeting.turnout import turnout_report

    election = psephos.load("2017")
    report = turnout_report(election, "18-24", 10)
    (note,) = report.notes()
    assert "SNP (59 seats in Scotland) and PC (40 seats in Wales) are not named" in note
    assert "the bundled Ipsos splits are of Great Britain's voters" in note
    with psephos.errors.collected_share_notes():
        named = turnout_report(election, "18-24", 10, split="Lab 55 Con 25 SNP 10 PC 2 LD 8")
    assert named.notes() == []
    with psephos.errors.collected_share_notes():
        scot = turnout_report(election, "18-24", 10, split="Lab 60 Con 30 SNP 10")
    (only_pc,) = scot.notes()
    assert "PC (40 seats in Wales) is not named" in only_pc and "SNP" not in only_pc
    assert turnout_report(election, "18-24", 0).notes() == []


def test_the_summary_labels_each_party_code_as_the_election_names_it() -> None:
    """The 2017 65+ split's ``Reform`` was UKIP then, as the title says: the JSON carries each
    code's label beside the codes of ``split`` and ``seat_change``."""
    from psephos.targeting.turnout import turnout_report

    report = turnout_report(psephos.load("2017"), "65+", -5)
    summary = report.summary()
    assert summary["split"]["Reform"] == pytest.approx(0.03)
    assert summary["labels"]["Reform"] == "UKIP" and "UKIP 3%" in report.title()
    assert set(summary["labels"]) == {*summary["split"], *summary["seat_change"]}
