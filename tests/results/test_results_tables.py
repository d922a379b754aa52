"""National tables, seat reports, swing and marginals."""

from __future__ import annotations

import pytest

import psephos
from psephos.errors import DataFormatError
from psephos.jurisdictions import election_name, previous_election
from psephos.model import UNKNOWN_AREA, Constituency, Election
from psephos.results import (
    area_facts,
    area_summary,
    area_table,
    butler_swing,
    marginals,
    national_summary,
    national_table,
    seat_panel_lines,
    seat_report,
    seat_result_rows,
    seat_summary,
    seat_summary_rows,
    swing_phrase,
)


def test_butler_swing_by_hand() -> None:
    before = {"Con": 0.50, "Lab": 0.30}
    after = {"Con": 0.44, "Lab": 0.36}
    assert butler_swing(before, after, "Con", "Lab") == pytest.approx(6.0)
    assert butler_swing(before, after, "Lab", "Con") == pytest.approx(-6.0)


def test_national_table_tiny(three_seats: Election) -> None:
    rows = national_table(three_seats)
    assert [r["party"] for r in rows] == ["Con", "Lab", "LD"]
    assert rows[0]["seats"] == 1 and rows[0]["votes"] == 1050
    assert sum(r["share_pct"] for r in rows) == pytest.approx(100, abs=0.02)


def test_a_seat_s_turnout_is_the_national_turnout_s_definition() -> None:
    """Valid votes over the electorate, in a seat as in the country (the HoC Library's
    definition): Chorley 2024, with 1,198 rejected ballots, is 45.4%, not 47.0%; a country of
    one seat has the seat's turnout."""
    current = psephos.load("2024")
    chorley = current.result("Chorley")
    assert chorley.invalid_votes == 1198
    report = seat_report(current, "Chorley")
    assert report.turnout_pct == pytest.approx(33964 / 74801 * 100, rel=1e-9)
    alone = current.select([code == chorley.constituency.code for code in current.codes])
    assert national_summary(alone)["turnout_pct"] == pytest.approx(report.turnout_pct)


def test_a_canadian_turnout_counts_every_ballot_cast_as_elections_canada_does() -> None:
    """Canada's turnout was valid votes over electors (61.9% in 2021); Elections Canada's is
    every ballot cast, rejected ones included (62.6%), in a riding as in the country, and the
    lines say what is counted. A Canadian file without rejected ballots keeps valid votes."""
    election = psephos.load("canada-2021")
    summary = national_summary(election)
    assert summary["turnout_pct"] == pytest.approx(17_209_811 / 27_509_496 * 100)
    assert summary["headline"][1] == (
        "Turnout 62.6% (17,209,811 ballots cast of 27,509,496 electors, 175,568 rejected)"
    )
    report = seat_report(election, "Avalon")
    assert report.turnout_pct == pytest.approx((37_144 + 273) / 70_903 * 100)
    assert seat_panel_lines(report, election)[2] == (
        "Electorate 70,903; valid votes 37,144, rejected 273; turnout 52.8% (ballots cast, "
        "rejected ones included, over the electorate)"
    )
    unknown = Election.from_votes(
        "canada-file", election.constituencies, election.parties, election.votes
    )
    assert psephos.jurisdictions.of(unknown).code == "canada"
    assert national_summary(unknown)["turnout_pct"] == pytest.approx(61.92, abs=0.01)
    assert "valid votes of 27,509,496 electors" in national_summary(unknown)["headline"][1]


def test_the_summary_beside_the_national_table_says_who_won_and_the_turnout() -> None:
    current, previous = psephos.load("2017"), psephos.load("2015")
    summary = national_summary(current, previous)
    assert summary["election"] == "2017" and summary["previous"] == "2015"
    assert summary["n_seats"] == 650 and summary["turnout_pct"] == pytest.approx(68.7, abs=0.1)
    assert summary["headline"][0] == (
        "Con won 317 of 650 seats (326 needed for a majority): a hung parliament, 9 short of a "
        "majority."
    )
    assert summary["headline"][1].startswith("Turnout 68.")
    assert national_summary(current, None)["previous"] is None


def test_a_seat_s_summary_is_its_report_less_candidates_with_its_panel_lines() -> None:
    current = psephos.load("2024")
    report = seat_report(current, "Bath")
    summary = seat_summary(report, current)
    assert "candidates" not in summary and summary["code"] == report.code
    assert summary["headline"] == seat_panel_lines(report, current)


def test_national_table_changes_2017() -> None:
    rows = {r["party"]: r for r in national_table(psephos.load("2017"), psephos.load("2015"))}
    assert rows["Con"]["seats"] == 317 and rows["Con"]["seat_change"] == -13
    assert rows["Lab"]["seat_change"] == 30
    assert rows["Reform"]["party_label"] == "UKIP"
    assert rows["Lab"]["share_change_pct"] == pytest.approx(9.54, abs=0.01)


def test_notional_national_table() -> None:
    rows = {r["party"]: r["seats"] for r in national_table(psephos.load("2019-notional-2024"))}
    assert rows["Con"] == 372 and rows["Lab"] == 200


def test_seat_report_swing_and_outcome() -> None:
    report = seat_report(psephos.load("2017"), "Hampstead & Kilburn", psephos.load("2015"))
    assert report.outcome == "Lab hold"
    assert report.majority == 15_560
    assert report.swing == pytest.approx(12.27, abs=0.01)
    assert report.swing_parties == ("Con", "Lab")
    croydon = seat_report(psephos.load("2017"), "Croydon Central", psephos.load("2015"))
    assert croydon.outcome == "Lab gain from Con"
    first = seat_report(psephos.load("2010"), "E14000727")
    assert first.swing is None and first.outcome == "Lab win"


def test_the_library_measures_changes_from_the_previous_election_as_the_command_does() -> None:
    """seat_report and national_table without ``previous`` answer as ``psephos results`` does:
    from the bundled election before on the same boundaries (``Election.previous_id``), so
    Islington North 2024 is an "Ind gain from Lab", not an "Ind win"; ``None`` asks for no
    changes, and an election with none before it (2010), a file or a projection has none."""
    from cli_helpers import command_json

    current = psephos.load("2024")
    assert current.previous_id == "2019-notional-2024"
    assert psephos.load("2017").previous_id == "2015" and psephos.load("2010").previous_id is None
    report = seat_report(current, "Islington North")
    command = command_json("results", "2024", "--seat", "Islington North")
    assert report.outcome == command["outcome"] == "Ind gain from Lab"
    assert report.previous_election_id == command["previous_election_id"]
    assert [row.get("share_change_pct") for row in report.seat_rows()] == [
        row.get("share_change_pct") for row in command["rows"]
    ]
    assert seat_report(current, "Islington North", None).outcome == "Ind win"
    rows = national_table(current)
    assert [(r["party"], r["seat_change"]) for r in rows] == [
        (r["party"], r["seat_change"]) for r in command_json("results", "2024")["rows"]
    ]
    assert "seat_change" not in national_table(current, None)[0]
    assert "seat_change" not in national_table(psephos.load("2010"))[0]
    projected = current.with_votes(current.votes)
    assert projected.previous_id is None and "seat_change" not in national_table(projected)[0]


def test_every_results_table_measures_changes_from_the_previous_election_by_default() -> None:
    """The national summary, the tables by area and the rows per seat answer "what changed"
    as national_table and seat_report do, and as ``psephos results`` (and its ``--by-area``
    and ``--by-seat``) does: from the bundled election before on the same boundaries, unless
    told ``previous=None``."""
    from cli_helpers import command_json

    current, before = psephos.load("2017"), psephos.load("2015")
    assert national_summary(current) == national_summary(current, before)
    assert national_summary(current)["previous"] == command_json("results", "2017")["previous"]
    assert national_summary(current)["swing_to"] == "Lab"
    by_area = command_json("results", "2017", "--by-area", "nation")
    assert area_table(current, "nation") == area_table(current, "nation", before) == by_area["rows"]
    assert area_summary(current, "nation") == by_area["areas"]
    assert area_facts(current, "nation")["previous"] == by_area["previous"] == "2015"
    rows = seat_summary_rows(current)
    assert rows == seat_summary_rows(current, before)
    assert rows == command_json("results", "2017", "--by-seat")["rows"]
    assert "Lab gain from Con" in {row["outcome"] for row in rows}
    assert any("share_change_pct" in row for row in seat_result_rows(current))
    # None asks for no changes, as before
    assert national_summary(current, None)["previous"] is None
    assert "swing_pct" not in national_summary(current, None)
    assert "seat_change" not in area_table(current, "nation", None)[0]
    assert "swing_pct" not in area_summary(current, "nation", None)[0]
    assert area_facts(current, "nation", None)["previous"] is None
    assert {row["outcome"].split()[-1] for row in seat_summary_rows(current, None)} == {"win"}
    assert not any("share_change_pct" in row for row in seat_result_rows(current, None))


def test_some_seats_of_an_election_are_compared_with_the_same_seats_before() -> None:
    """A selection of an election's seats (Scotland's of 2017) measures its changes from the
    same seats of the election before (Scotland's of 2015: Con 1 -> 13), not the whole of it
    (which made the Conservatives' change -317)."""
    current = psephos.load("2017")
    scotland = current.select([nation == "Scotland" for nation in current.nations])
    rows = {row["party"]: row for row in national_table(scotland)}
    assert (rows["Con"]["seats"], rows["Con"]["seat_change"]) == (13, 12)
    assert (rows["SNP"]["seats"], rows["SNP"]["seat_change"]) == (35, -21)
    by_area = {
        row["party"]: row for row in area_table(current, "nation") if row["nation"] == "Scotland"
    }
    assert rows["Con"]["seat_change"] == by_area["Con"]["seat_change"]
    summary = national_summary(scotland)
    assert summary["swing_to"] == next(
        row["swing_to"] for row in area_summary(current, "nation") if row["nation"] == "Scotland"
    )


def test_reports_give_party_codes_and_the_election_s_labels_beside_them() -> None:
    clacton = seat_report(psephos.load("2015"), "Clacton")
    assert (clacton.winner, clacton.winner_label) == ("Reform", "UKIP")
    first = clacton.candidates[0]
    assert (first["party"], first["party_label"]) == ("Reform", "UKIP")
    national = {row["party"]: row for row in national_table(psephos.load("2024"))}
    assert (national["Reform"]["party"], national["Reform"]["party_label"]) == (
        "Reform",
        "Reform UK",
    )
    assert "code" not in national["Reform"]  # the code is `party`, as in every other row
    close = next(m for m in marginals(psephos.load("2024"), top=650) if m.winner == "Reform")
    assert close.name == "South Basildon and East Thurrock"
    assert (close.winner_label, close.runner_up, close.runner_up_label) == (
        "Reform UK",
        "Lab",
        "Lab",
    )


def test_a_swing_is_worded_as_a_positive_size_towards_the_party_that_gained() -> None:
    current = psephos.load("2019")
    report = seat_report(current, "E14000727", psephos.load("2017"))
    assert report.swing == pytest.approx(-0.96, abs=0.01) and report.swing_parties == (
        "Con",
        "Lab",
    )
    assert swing_phrase(report, current) == "1.0-point swing from Lab to Con"
    # the command's line and the seat page (its swing_text) say it alike: to one decimal place
    assert seat_panel_lines(report, current)[-1] == (
        "Swing since UK general election 2017: 1.0-point swing from Lab to Con (Butler)"
    )
    assert swing_phrase(seat_report(psephos.load("2010"), "E14000727"), current) is None


def test_the_swing_line_names_the_previous_election_by_its_title() -> None:
    """The notional result is named as the web page names it, not by its id."""
    current = psephos.load("2024")
    report = seat_report(current, "E14001186", previous_election(current))
    assert report.previous_election_id == "2019-notional-2024"
    line = seat_panel_lines(report, current)[-1]
    title = psephos.load("2019-notional-2024").name
    assert election_name("2019-notional-2024") == title
    assert line.startswith(f"Swing since {title}: ") and "2019-notional-2024" not in line


@pytest.mark.parametrize(
    ("election_id", "seat"),
    [("2019", "Buckingham"), ("2019", "Chorley"), ("2024", "Chorley")],
)
def test_no_swing_where_the_speaker_stood_in_either_election(election_id: str, seat: str) -> None:
    """Buckingham 2019 (the Speaker's seat in 2017), Chorley 2019 (the new Speaker's) and
    Chorley 2024: the main parties did not stand against the Speaker, so a Butler swing there
    compares parties absent from one of the two elections."""
    current = psephos.load(election_id)
    previous = previous_election(current)
    report = seat_report(current, seat, previous)
    assert report.speaker_seat and report.swing is None and swing_phrase(report, current) is None
    assert seat_panel_lines(report, current)[-1] == (
        f"Swing since {election_name(previous.id)}: no comparable swing (the Speaker's seat)"
    )
    hendon = seat_report(current, "Hendon", previous)
    assert not hendon.speaker_seat and hendon.swing is not None


def test_a_small_change_is_not_shown_as_zero_nor_swung_the_wrong_way() -> None:
    # One seat of 100,000 votes where one vote moves from Con to Lab: a 0.001-point swing.
    seat = Constituency("E1", "Alpha", "England", "London", 150_000, "test")
    before = Election.from_votes("before", [seat], ("Con", "Lab", "LD"), [[50_000, 40_000, 10_000]])
    after = Election.from_votes("after", [seat], ("Con", "Lab", "LD"), [[49_999, 40_001, 10_000]])
    report = seat_report(after, "E1", before)
    assert report.swing == pytest.approx(-0.001) and report.swing_parties == ("Lab", "Con")
    assert swing_phrase(report, after) == "0.001-point swing from Con to Lab"
    changes = {row["party"]: row["share_change_pct"] for row in report.candidates}
    assert changes["Con"] == pytest.approx(-0.001) and changes["Lab"] == pytest.approx(0.001)
    national = {row["party"]: row for row in national_table(after, before)}
    assert national["Lab"]["share_change_pct"] == pytest.approx(0.001)
    # 2024: the Speaker's share rose by under 0.005 points; it is not written +0.00.
    current, previous = psephos.load("2024"), psephos.load("2019-notional-2024")
    speaker = next(row for row in national_table(current, previous) if row["party"] == "Speaker")
    rise = (current.vote_shares()["Speaker"] - previous.vote_shares()["Speaker"]) * 100
    assert round(rise, 2) == 0 and speaker["share_change_pct"] == pytest.approx(rise, rel=0.01)


def test_marginals_order_and_pair() -> None:
    e2017 = psephos.load("2017")
    top = marginals(e2017, top=5)
    assert top[0].name == "North East Fife" and top[0].majority == 2
    assert [m.majority for m in top] == sorted(m.majority for m in top)
    lab_con = marginals(e2017, top=10, parties=("Con", "Lab"))
    assert all({m.winner, m.runner_up} == {"Con", "Lab"} for m in lab_con)
    assert lab_con[0].name == "Kensington"
    with pytest.raises(DataFormatError, match="names Lab twice"):
        marginals(e2017, parties=("Lab", "Labour"))  # no seat has Lab first and second
    by_share = marginals(e2017, top=3, by="share")
    assert [m.majority_pct for m in by_share] == sorted(m.majority_pct for m in by_share)


def test_a_seat_won_over_a_candidate_of_the_winner_s_group_is_among_the_marginals() -> None:
    """Two independents first and second (one group, ``Ind``) are a contest like any other:
    the seat is ranked by the gap between them, as its report gives its majority; a seat won
    unopposed has no majority to rank and stays out."""
    from psephos.jurisdictions import parse_results_csv

    text = (
        "seat_code,seat_name,party,votes,candidate\n"
        "X1,Alpha,Labour,100,a\nX1,Alpha,Conservative,90,b\n"
        "X2,Beta,Independent,300,c\nX2,Beta,Independent,298,d\nX2,Beta,Labour,50,e\n"
        "X3,Gamma,Labour,500,f\n"
    )
    election = parse_results_csv(text, name="indind.csv")
    ranked = marginals(election)
    assert [(m.name, m.winner, m.runner_up, m.majority) for m in ranked] == [
        ("Beta", "Ind", "Ind", 2),
        ("Alpha", "Lab", "Con", 10),
    ]
    assert seat_report(election, "Beta").majority == 2


def test_an_unopposed_seat_says_no_other_candidate_had_a_vote() -> None:
    """A seat where one party has every vote (an uncontested ward in a user's own file) is
    not said to have a majority over a party that had none ("majority 20,000 (100.00%) over
    Con", Con with no votes, or over itself where the file has one party)."""
    seats = [
        Constituency(code, name, "England", "X", 1, "t")
        for code, name in (("E1", "A"), ("E2", "B"))
    ]
    election = Election.from_votes("own", seats, ("Lab", "Con"), [[20000, 0], [100, 50]])
    assert seat_panel_lines(seat_report(election, "E1"), election)[1] == (
        "Lab win: no other candidate had a vote"
    )
    assert seat_panel_lines(seat_report(election, "E2"), election)[1].startswith(
        "Lab win: majority 50 (33.33%) over Con"
    )


def test_a_seat_whose_file_does_not_say_where_it_is_is_headed_by_name_and_code_alone() -> None:
    """A seat of a user's file with its own codes (``E1``) has no nation; its heading says
    its name and code and not "Unknown" (the models' area of its own, UNKNOWN_AREA); a
    bundled seat is headed with its region and nation, or a nation that is its own region."""
    seats = [
        Constituency("E1", "Alpha", UNKNOWN_AREA, UNKNOWN_AREA, 0, "t"),
        Constituency("E2", "Beta", "Wales", "Wales", 0, "t"),
    ]
    election = Election.from_votes("own", seats, ("Lab", "Con"), [[500, 400], [300, 450]])
    alpha = seat_report(election, "E1")
    assert alpha.place == "" and alpha.to_dict()["place"] == ""
    assert seat_panel_lines(alpha, election)[0] == "Alpha (E1)"
    assert seat_panel_lines(seat_report(election, "E2"), election)[0] == "Beta (E2), Wales"
    bundled = psephos.load("2024")
    report = seat_report(bundled, "Hampstead and Highgate")
    assert seat_panel_lines(report, bundled)[0] == (
        "Hampstead and Highgate (E14001265), London, England"
    )


#: What the Brexit Party's 2019 change is measured from, as the notes say it.
BREXIT_FROM_UKIP = (
    "Brexit Party's change is from UKIP's share in the UK general election 2017: one lineage, "
    "UKIP -> Brexit Party -> Reform UK; UKIP, standing apart from it, is counted in Other."
)


def test_a_change_across_a_renaming_is_noted_in_the_table_and_the_seat_report() -> None:
    """The Brexit Party's 2019 change was measured from UKIP's 2017 share (one code, the
    lineage) without a word: "+0.17" nationally, "+14.36" in Hartlepool. The summary beside
    the table and the seat report now say so; a seat or year without a renaming says
    nothing."""
    current = psephos.load("2019")
    before = previous_election(current)
    assert national_summary(current, before)["notes"] == [BREXIT_FROM_UKIP]
    assert seat_report(current, "Hartlepool", before).notes == (BREXIT_FROM_UKIP,)
    assert seat_report(current, "Hartlepool", before).to_dict()["notes"] == (BREXIT_FROM_UKIP,)
    assert seat_report(current, "Hartlepool", None).notes == ()  # no change shown, none noted
    assert seat_report(current, "Maidenhead", before).notes == ()  # no Brexit Party candidate
    assert seat_report(current, "Bath", before).notes == ()  # no UKIP candidate in 2017
    same = psephos.load("2017")
    assert national_summary(same, previous_election(same))["notes"] == []
    latest = psephos.load("2024")
    assert national_summary(latest, previous_election(latest))["notes"][0] == (
        "Reform UK's change is from Brexit Party's share in the UK general election 2019, "
        "notional result on the 2024 boundaries: one lineage, UKIP -> Brexit Party -> "
        "Reform UK."
    )  # then the largest parties counted in Other


def test_the_ucunf_ticket_counted_as_the_uup_is_noted_in_2010_and_2015() -> None:
    """2010's UUP figures are the UCUNF ticket, the Conservatives' and the UUP's joint list,
    which only the data's provenance said: the 2010 table and its seats, and 2015's UUP
    change, now say so."""
    ucunf = (
        "UCUNF's (Ulster Conservatives and Unionists - New Force, the Conservatives' and the "
        "UUP's joint ticket in Northern Ireland)"
    )
    first = psephos.load("2010")
    assert national_summary(first)["notes"][0] == f"UUP's figures are {ucunf}."
    assert seat_report(first, "Belfast South").notes == (f"UUP's figures are {ucunf}.",)
    assert seat_report(first, "Bath").notes == ()
    second = psephos.load("2015")
    change = (
        "UUP's change is from UCUNF's share in the UK general election 2010 (Ulster "
        "Conservatives and Unionists - New Force, the Conservatives' and the UUP's joint "
        "ticket in Northern Ireland)."
    )
    assert national_summary(second, first)["notes"][0] == change
    assert seat_report(second, "Upper Bann", first).notes == (change,)
    # UCUNF did not stand there in 2010 (the unionists backed an independent): no change
    assert seat_report(second, "Fermanagh and South Tyrone", first).notes == ()


def test_a_minor_party_runner_up_is_named_and_given_no_swing_against_other() -> None:
    """Rochdale 2024 said "majority 1,440 (3.63%) over Other" and "23.6-point swing from Lab
    to Other (Butler)": its runner-up was the Workers Party of Britain, one of the many parties
    counted as Other, so no party to swing to. The runner-up is named by its party, in the
    report and the marginals, and no two-party swing is given against a group of many
    candidates (Other, Ind); a real party's seat keeps its swing."""
    current = psephos.load("2024")
    before = previous_election(current)
    rochdale = seat_report(current, "Rochdale", before)
    assert rochdale.runner_up == "Other"
    assert rochdale.runner_up_label == "Workers Party of Britain (Other)"
    assert seat_panel_lines(rochdale, current)[1] == (
        "Lab hold: majority 1,440 (3.63%) over Workers Party of Britain (Other)"
    )
    assert (rochdale.swing, rochdale.swing_parties, rochdale.swing_group) == (None, None, "Other")
    assert seat_panel_lines(rochdale, current)[-1] == (
        f"Swing since {election_name(before.id)}: no two-party swing (Other counts many "
        "candidates together, not one party)"
    )
    leicester = seat_report(current, "Leicester South", before)  # an independent's gain
    assert leicester.winner_label == "Ind" and leicester.swing is None
    assert leicester.swing_group == "Ind"
    assert seat_report(current, "Clacton", before).swing is not None
    assert seat_report(current, "Clacton", before).swing_group == ""
    yardley = next(s for s in marginals(current, top=650) if s.name == "Birmingham Yardley")
    assert (yardley.runner_up, yardley.runner_up_label) == (
        "Other",
        "Workers Party of Britain (Other)",
    )


def test_the_national_notes_name_the_largest_parties_counted_in_other() -> None:
    """2010's British National Party won 564,321 votes, more than the SNP, inside Other's
    840,948, and 2024's Workers Party 210,252: the national table's notes name them (at
    0.1% of the vote or more, the largest four), on the command line and the web alike.
    2017 has no such party; a notional result names its minor parties by abbreviations."""
    import psephos
    from psephos.results import national_summary, other_parties_note

    note = other_parties_note(psephos.load("2010"))
    assert note == (
        "Other's 840,948 votes are those of the parties psephos has no code for; the largest: "
        "British National Party 564,321 (1.90%), English Democrats 64,826 (0.22%), Respect "
        "Party 33,251 (0.11%)."
    )
    latest = psephos.load("2024")
    assert "Workers Party of Britain 210,252 (0.73%)" in (other_parties_note(latest) or "")
    assert other_parties_note(latest) in national_summary(latest)["notes"]
    assert other_parties_note(psephos.load("2017")) is None
    assert other_parties_note(psephos.load("2019-notional-2024")) is None
