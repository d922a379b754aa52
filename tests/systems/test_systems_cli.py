"""``psephos systems`` and ``psephos count-ballots`` through the CLI runner."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ballot_samples import GRID, PREFERENCES, SURVEY_MONKEY
from cli_helpers import command_json, command_result
from psephos.cli import app

#: The repository's example files (a results file of a country psephos does not know).
EXAMPLES = Path(__file__).parents[2] / "examples"

runner = CliRunner()


def test_systems_2024_table_and_chart(tmp_path: Path) -> None:
    chart = tmp_path / "systems.png"
    result = runner.invoke(app, ["systems", "2024", "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    assert "FPTP" in result.output and "STV" in result.output
    assert "23.71" in result.output  # Gallagher index of the real result
    assert chart.stat().st_size > 10_000
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_systems_json_has_every_system_and_totals() -> None:
    """Rows are parties only, each system's seats under its id (as ``--system`` and the JSON's
    ``systems`` name it); the House each system fills and its indices are in ``systems``."""
    payload = command_json("systems", "2024", "-s", "fptp", "-s", "dhondt-national")
    assert [s["system"] for s in payload["systems"]] == ["fptp", "dhondt-national"]
    assert list(payload["rows"][0]) == [
        "party",
        "party_label",
        "vote_pct",
        "votes",
        "fptp",
        "dhondt-national",
        "fptp_votes_per_seat",
        "dhondt-national_votes_per_seat",
        "fptp_wasted_votes",
        "dhondt-national_wasted_votes",
    ]
    assert "Total" not in {row["party"] for row in payload["rows"]}
    assert sum(row["fptp"] for row in payload["rows"]) == 650
    assert sum(row["dhondt-national"] for row in payload["rows"]) == 650
    lab = next(row for row in payload["rows"] if row["party"] == "Lab")
    assert lab["fptp"] == 411
    fptp, dhondt = payload["systems"]
    assert fptp["seats"] == dhondt["seats"] == 650 and fptp["gallagher"] == 23.71
    assert fptp["majority_line"] == 326 and fptp["majority"] is True
    assert dhondt["majority"] is False and dhondt["largest_party_label"] == "Lab"


def test_systems_csv_holds_party_rows_keyed_by_system_ids() -> None:
    """The CSV ended with 'Total', 'Gallagher index' and 'Effective parties (seats)' rows
    under headers 'DH nat', 'SL 5%': summing it by party counted them as parties. It holds the
    parties only, under the systems' ids; the table still heads them short and adds its
    Total."""
    args = ["systems", "2024", "-s", "fptp", "-s", "sainte-lague-5pc"]
    result = runner.invoke(app, [*args, "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:5] == ["party", "party_label", "vote_pct", "votes", "fptp"]
    assert list(rows[0])[5:] == [
        "sainte-lague-5pc",
        "fptp_votes_per_seat",
        "sainte-lague-5pc_votes_per_seat",
        "fptp_wasted_votes",
        "sainte-lague-5pc_wasted_votes",
    ]
    assert rows[-1]["party"] == "Other"
    assert not {"Total", "Gallagher index", "Effective parties (seats)"} & {
        row["party"] for row in rows
    }
    assert sum(int(row["fptp"]) for row in rows) == 650
    table = runner.invoke(app, args, terminal_width=400)
    assert "SL 5%" in table.stdout and "Total" in table.stdout


def test_a_vote_share_is_rounded_once() -> None:
    """The Greens' 2024 share, 1,943,813 of 28,808,662 votes (6.747%), is 6.7 in the table, as
    the methodology table has it, not 6.75 rounded again to 6.8; files carry it unrounded."""
    result = runner.invoke(app, ["systems", "2024", "-s", "fptp"])
    assert result.exit_code == 0, result.output
    green = next(line for line in result.output.splitlines() if "│ Green" in line)
    assert " 6.7 │" in green and "6.8" not in green
    rows = command_json("systems", "2024", "-s", "fptp")["rows"]
    share = next(row["vote_pct"] for row in rows if row["party"] == "Green")
    assert share == pytest.approx(100 * 1_943_813 / 28_808_662, rel=1e-9)


def test_a_tie_for_the_most_seats_is_said_not_given_to_the_first_column(tmp_path: Path) -> None:
    """Three parties with a seat each: the summary's largest party is the one with the most
    votes (LD), not the first party of the file (Con, with the fewest), and a note names the
    tie, as ``psephos results`` says a dead heat."""
    results = tmp_path / "three.csv"
    results.write_text(
        "seat_code,seat_name,party,votes\n"
        "A1,Alpha,Con,3000\nA1,Alpha,Lab,5000\nA1,Alpha,LD,2000\n"
        "B1,Beta,Con,4500\nB1,Beta,Lab,4000\nB1,Beta,LD,1500\n"
        "C1,Gamma,Con,2000\nC1,Gamma,Lab,1000\nC1,Gamma,LD,7000\n",
        encoding="utf-8",
    )
    payload = command_json("systems", str(results), "-s", "fptp", "-s", "dhondt-national")
    assert [(s["largest_party"], s["largest_seats"]) for s in payload["systems"]] == [
        ("LD", 1),
        ("LD", 1),
    ]
    assert payload["notes"][-2:] == [
        "First past the post: Con, LD and Lab tie for the largest party, on 1 of 3 seats "
        "each; its largest party is LD, the one with the most votes.",
        "D'Hondt, national list: Con, LD and Lab tie for the largest party, on 1 of 3 seats "
        "each; its largest party is LD, the one with the most votes.",
    ]
    one_winner = command_json("systems", "2024", "-s", "fptp")
    assert not any("tie for the largest" in note for note in one_winner["notes"])


def test_systems_table_says_yes_or_no_for_a_majority() -> None:
    result = runner.invoke(app, ["systems", "2024", "-s", "fptp", "-s", "dhondt-national"])
    assert result.exit_code == 0, result.output
    fptp = next(line for line in result.output.splitlines() if "First past the post" in line)
    dhondt = next(line for line in result.output.splitlines() if "D'Hondt" in line)
    assert fptp.rstrip(" │").endswith("yes") and dhondt.rstrip(" │").endswith("no")


def test_systems_on_canada_csv() -> None:
    result = runner.invoke(app, ["systems", "canada-2019", "-s", "fptp", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert "LPC,33." in result.output and ",157" in result.output


def test_systems_with_a_transfer_file(tmp_path: Path) -> None:
    """A file giving two parties' next preferences: the others keep the default's, and a
    note names the two."""
    transfers = tmp_path / "t.csv"
    transfers.write_text("from,to,share\nReform,Con,90\nCon,Reform,90\n", encoding="utf-8")
    payload, result = command_result("systems", "2024", "-s", "av", "--transfers", str(transfers))
    note = (
        f"AV and STV: the transfer file ({transfers}) gives the next preferences of Con and "
        "Reform; every other party keeps the default's (estimated from the votes where a party "
        "stood aside in real elections (2015->2017, 2017->2019 and 2019n->2024: "
        "docs/methodology/transfers.md), not from survey second preferences)."
    )
    assert note in payload["notes"]
    assert f"note: {note}" in " ".join(result.stderr.split())


def test_systems_help_says_which_default_preferences_are_illustrative() -> None:
    """The UK's default next preferences are estimated from real stand-downs
    (docs/methodology/systems-preferences.md); only Canada's are illustrative, set by hand:
    the --transfers help says so, not that the default is illustrative."""
    result = runner.invoke(app, ["systems", "--help"], terminal_width=400)
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.replace("│", " ").split())
    assert "illustrative default" not in shown
    assert "the UK's estimated from real stand-downs" in shown
    assert "Canada's illustrative, set by hand" in shown


def test_unknown_system_is_a_user_error() -> None:
    result = runner.invoke(app, ["systems", "2024", "-s", "borda"])
    assert result.exit_code == 2
    assert "Unknown electoral system" in result.stderr


def test_count_ballots_blt_and_csv(tmp_path: Path) -> None:
    blt = tmp_path / "count.blt"
    blt.write_text('3 2\n4 1 2 0\n3 2 0\n2 3 1 0\n0\n"A"\n"B"\n"C"\n"t"\n', encoding="utf-8")
    payload = command_json("count-ballots", str(blt))
    assert payload["seats"] == 2 and sorted(payload["elected"]) == ["A", "B"]
    csv_file = tmp_path / "ballots.csv"
    csv_file.write_text("rank1,rank2,count\nA,B,4\nB,,3\nC,A,2\n", encoding="utf-8")
    assert command_json("count-ballots", str(csv_file))["elected"] == ["A"]


def test_count_ballots_counts_a_form_s_ranking_grid(tmp_path: Path) -> None:
    """``psephos count-ballots grid.csv --seats 1`` counts as the file of preference columns
    holding the same ballots does."""
    grid, preferences = tmp_path / "grid.csv", tmp_path / "preferences.csv"
    grid.write_text(GRID, encoding="utf-8")
    preferences.write_text(PREFERENCES, encoding="utf-8")
    counted = command_json("count-ballots", str(grid), "--seats", "1")
    assert counted == command_json("count-ballots", str(preferences), "--seats", "1")
    assert counted["elected"] == ["Bob"] and counted["notes"] == []


def test_count_ballots_counts_survey_monkey_s_export(tmp_path: Path) -> None:
    """SurveyMonkey's two header rows: counted as the preference columns of the same ballots,
    with a note saying how the file was read."""
    survey, preferences = tmp_path / "survey.csv", tmp_path / "preferences.csv"
    survey.write_text(SURVEY_MONKEY, encoding="utf-8")
    preferences.write_text(PREFERENCES, encoding="utf-8")
    payload = command_json("count-ballots", str(survey), "--seats", "1")
    (note,) = payload.pop("notes")
    assert note.startswith("The ballot file 'survey.csv' has SurveyMonkey's two header rows")
    expected = command_json("count-ballots", str(preferences), "--seats", "1")
    assert expected.pop("notes") == []
    assert payload == expected and payload["elected"] == ["Bob"]


def test_count_ballots_says_how_it_read_a_grid_in_its_notes(tmp_path: Path) -> None:
    """A grid without ``[...]`` columns is read with a note, printed and in the JSON, before
    the count's own (a blank ballot)."""
    grid = tmp_path / "grid.csv"
    grid.write_text("Timestamp,Alice,Bob\nx,1,2\ny,2,1\nw,,1\nz,,\n", encoding="utf-8")
    payload, result = command_result("count-ballots", str(grid))
    read, blank = payload["notes"]
    assert read.startswith(f"The ballot file '{grid.name}' has no preference columns, so it is")
    assert read.endswith("its column 'Timestamp' is ignored.")
    assert blank.startswith("1 blank ballot ranks no candidate")
    printed = [line.removeprefix("note: ") for line in result.stderr.splitlines()]
    assert printed == payload["notes"]
    assert payload["elected"] == ["Bob"]


def test_count_ballots_says_each_tie_it_broke(tmp_path: Path) -> None:
    """C and D tie on 3 first preferences (no earlier round: the candidates' order excludes
    D); then A and B tie on 8, and the backwards rule (A had fewer in round 2) decides the
    winner. Each tie is a note, printed and in the JSON: round, candidates, votes, rule,
    outcome."""
    ballots = tmp_path / "irvtie.csv"
    ballots.write_text("rank1,rank2,count\nA,B,5\nB,A,5\nC,A,3\nD,B,3\n", encoding="utf-8")
    payload, result = command_result("count-ballots", str(ballots))
    assert payload["elected"] == ["B"] and payload["ties"] == 2
    assert payload["notes"] == [
        "Round 1: C and D tied on 3 votes; D excluded by the candidates' order, the later "
        "listed excluded first (the order rule).",
        "Round 3: A and B tied on 8 votes; A excluded by fewer votes at the latest earlier "
        "round where they differed (the backwards rule).",
    ]
    printed = [line.removeprefix("note: ") for line in result.stderr.splitlines()]
    assert printed == payload["notes"]
    by_order = command_json("count-ballots", str(ballots), "--tie-break", "order")
    assert by_order["elected"] == ["A"]
    assert by_order["notes"][1].startswith("Round 3: A and B tied on 8 votes; B excluded by")


def test_commands_have_help() -> None:
    for command in ("systems", "count-ballots"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert len(result.output) > 200


#: Thirteen votes for Ada, Bea, Cy (and Zed, ranked once) and two blank ballots.
BALLOTS = "rank1,rank2,rank3,count\nAda,Bea,Cy,5\nBea,Ada,,4\nCy,Bea,,3\n,,,2\nAda,Zed,,1\n"


def test_count_ballots_reads_a_file_saved_with_semicolons(tmp_path: Path) -> None:
    """A spreadsheet with a European locale saves rank1;rank2 (docs/cli.md: every CSV file is
    read whatever its separator); the count is the comma file's."""
    commas, semicolons = tmp_path / "commas.csv", tmp_path / "semicolons.csv"
    commas.write_text(BALLOTS, encoding="utf-8")
    semicolons.write_text(BALLOTS.replace(",", ";"), encoding="utf-8")
    read_commas, read_semicolons = (
        command_json("count-ballots", str(path))["rows"] for path in (commas, semicolons)
    )
    assert read_commas == read_semicolons


def test_count_ballots_last_round_is_the_one_that_elected_or_excluded(tmp_path: Path) -> None:
    """An elected candidate's last round's votes are what elected them, not the zero left once
    their surplus moved on; an excluded one's what they held when excluded."""
    ballots = tmp_path / "ballots.csv"
    ballots.write_text(BALLOTS, encoding="utf-8")
    payload = command_json("count-ballots", str(ballots), "-n", "2")
    rows = {row["candidate"]: row for row in payload["rows"]}
    assert rows["Ada"]["status"] == "elected"
    assert rows["Ada"]["last_round"] == rows["Ada"]["first_prefs"] > payload["quota"]
    assert rows["Cy"]["status"] == "excluded"
    assert rows["Cy"]["last_round"] == rows["Cy"]["first_prefs"]


def test_count_ballots_says_how_many_ballots_were_blank(tmp_path: Path) -> None:
    ballots = tmp_path / "ballots.csv"
    ballots.write_text(BALLOTS, encoding="utf-8")
    payload, result = command_result("count-ballots", str(ballots))
    (note,) = payload["notes"]
    assert note.startswith("2 blank ballots rank no candidate")
    assert f"note: {note}" in result.stderr
    assert sum(row["first_prefs"] for row in payload["rows"]) == 13 == payload["continuing_votes"]


@pytest.mark.parametrize(
    ("ballots", "to_win", "quota"),
    [
        # 13 continuing votes (2 blank): Bea wins on 7, more than half; 6.5 would not win
        (BALLOTS, "7 of 13 continuing votes in the last round to win", 7.0),
        # five voters: 3 votes win, not 2
        ("rank1,rank2\nAda,Bea\nAda,Bea\nBea,Ada\nBea,Ada\nCy,Ada\n", "3 of 5", 3.0),
        # weighted ballots leave a fraction: more than half of it, no whole number of votes
        ("rank1,weight\nAda,2.5\nBea,2\nCy,0.25\n", "more than half of 4.75 continuing", 2.375),
    ],
)
def test_count_ballots_says_the_votes_the_alternative_vote_needs(
    tmp_path: Path, ballots: str, to_win: str, quota: float
) -> None:
    """One seat is won by more than half of the continuing votes: the title and the JSON say
    the votes that win (floor(N/2)+1 of N), not half of them, which do not; STV's quota is
    reached, and keeps its name."""
    path = tmp_path / "b3.csv"
    path.write_text(ballots, encoding="utf-8")
    payload = command_json("count-ballots", str(path))
    assert payload["quota"] == quota
    table = runner.invoke(app, ["count-ballots", str(path)])
    assert table.exit_code == 0, table.output
    title = table.stdout.splitlines()[0]
    assert f"b3: 1 seat, {to_win}" in title and "quota" not in title
    stv = command_json("count-ballots", str(tmp_path / "b3.csv"), "-n", "2")
    assert stv["continuing_votes"] is None


def test_count_ballots_table_writes_whole_counts_whole(
    tmp_path: Path, json_and_table: Callable[..., tuple[dict[str, Any], str]]
) -> None:
    """First preferences are counts of ballots: 5, not 5.0. A final tally an STV transfer left
    a fraction in keeps its decimals, and its column one number of places."""
    from psephos.numbers import format_column

    ballots = tmp_path / "ballots.csv"
    ballots.write_text(
        "rank1,rank2,count\nAnn,Bob,7\nAnn,Cat,3\nBob,,5\nCat,Bob,4\nDan,Cat,2\n",
        encoding="utf-8",
    )
    payload, table = json_and_table(["count-ballots", str(ballots), "-n", "2"])
    finals = [row["last_round"] for row in payload["rows"]]
    assert not all(final.is_integer() for final in finals)  # a transfer left a fraction
    for row, final in zip(payload["rows"], format_column(finals), strict=True):
        (line,) = [line for line in table.splitlines() if f" {row['candidate']} " in line]
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        assert cells[1:3] == [f"{int(row['first_prefs']):,}", final]
    assert f"quota {int(payload['quota'])}," in table


def test_systems_table_says_what_its_indices_are() -> None:
    """``gallagher``, ``enp_votes`` and ``enp_seats`` are jargon a header does not explain:
    a legend line for each under the table (:mod:`psephos.columns`), in the words the web's
    systems page uses."""
    from psephos.columns import legend

    result = runner.invoke(app, ["systems", "2024"], terminal_width=200)
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.split())
    lines = legend(["gallagher", "enp_votes", "enp_seats"])
    assert len(lines) == 3
    for line in lines:
        assert " ".join(line.split()) in shown


def test_count_ballots_counts_a_ranking_column_as_microsoft_forms_exports_it(
    tmp_path: Path,
) -> None:
    """One column of each voter's ranking ('Alice;Bob;Cara;') counts as the preference columns
    holding the same ballots, with a note saying how the file was read."""
    forms, preferences = tmp_path / "forms.csv", tmp_path / "preferences.csv"
    forms.write_text(
        "ID,Start time,Name,Rank the candidates\n1,x,,Alice;Bob;Cara;\n2,x,,Bob;Alice;\n"
        "3,x,,Bob;Cara;\n",
        encoding="utf-8",
    )
    preferences.write_text(PREFERENCES, encoding="utf-8")
    counted = command_json("count-ballots", str(forms), "--seats", "1")
    (note,) = counted.pop("notes")
    assert note.startswith("The ballot file 'forms.csv' is read as a ranking question's answers")
    expected = command_json("count-ballots", str(preferences), "--seats", "1")
    expected.pop("notes")
    assert counted == expected


def test_systems_notes_a_seat_first_past_the_post_gives_by_lot(tmp_path: Path) -> None:
    """FPTP's majority resting on a tied seat counted for the first party says so, as
    ``psephos results`` does; list PR alone counts no seat's winner and needs no note."""
    tied = tmp_path / "tie.csv"
    tied.write_text(
        "seat_code,seat_name,party,votes\n1,A,Liberal,100\n1,A,Conservative,90\n"
        "2,B,Conservative,100\n2,B,Liberal,90\n3,C,Liberal,100\n3,C,Conservative,100\n",
        encoding="utf-8",
    )
    payload = command_json("systems", str(tied), "--system", "fptp")
    assert payload["notes"] == command_json("results", str(tied))["close_calls"] != []
    assert command_json("systems", str(tied), "--system", "dhondt-national")["notes"] == []


def test_list_seats_say_that_other_s_small_parties_win_none() -> None:
    """Other is small parties counted together, which list PR gives no seats: the note names
    its largest party (2024: the Workers Party of Britain, 0.73%, more than SF's 0.68%, which
    wins list seats) so the list totals are not read as what each party would have won; FPTP
    and AV alone need no such note."""
    listed = command_json("systems", "2024", "-s", "dhondt-national")
    [note] = [note for note in listed["notes"] if note.startswith("Other (")]
    assert "Other (1.6% of the votes)" in note and "Workers Party of Britain (0.73%" in note
    alone = command_json("systems", "2024", "-s", "av")["notes"]
    assert not any(note.startswith("Other (") for note in alone)


def test_systems_states_what_each_system_run_assumes() -> None:
    """AV, STV and AMS count more than the votes: modelled preferences (Canada's set by hand
    to illustrate), STV districts grouped in riding-number order (not geographic) and top-up
    seats in the election's regions, won on constituency votes, enlarging the House. A note
    for each, in the JSON as printed; FPTP and list PR alone assume none of them."""
    payload, result = command_result(
        "systems", "canada-2021", "-s", "av", "-s", "stv", "-s", "ams", "-s", "ams-wales"
    )
    notes = payload["notes"]
    printed = " ".join(result.stderr.split())
    assert all(f"note: {note}" in printed for note in notes)
    [preferences] = [note for note in notes if note.startswith("AV and STV:")]
    assert "set by hand to illustrate" in preferences and "not measured" in preferences
    [districts] = [note for note in notes if note.startswith("STV:")]
    assert "70 districts of about 5 members" in districts
    assert "not by geography" in districts and "illustrate district magnitude" in districts
    [top_up] = [note for note in notes if note.startswith("AMS:")]
    houses = {system["system"]: system["seats"] for system in payload["systems"]}
    assert houses["ams"] == 597 and houses["ams-wales"] == 507  # the counts' own Houses
    assert "each region of the election (13 regions)" in top_up
    assert "no list vote was cast" in top_up
    assert "from 338 seats to 597 under Additional member (Scottish) and 507 under" in top_up
    uk = command_json("systems", "2024", "-s", "av", "-s", "stv", "--district-size", "4")["notes"]
    assert any("estimated from the votes where a party stood aside" in note for note in uk)
    assert not any("illustrat" in note for note in uk)
    assert any(note.startswith("STV: 162 districts of about 4 members") for note in uk)
    # one district, one region: counted as one (numbers.counted), not "1 districts"
    one = command_json("systems", str(EXAMPLES / "india.csv"), "-s", "stv", "-s", "ams")["notes"]
    assert any(note.startswith("STV: 1 district of about 5 members") for note in one)
    assert any("each region of the election (1 region)," in note for note in one)
    plain = command_json("systems", "2024", "-s", "fptp", "-s", "sainte-lague-national")
    assert not any(note.startswith(("AV and STV:", "STV:", "AMS:")) for note in plain["notes"])


#: The Wikipedia food election: 20 voters, three seats, quota 6.
FOOD = (
    "rank1,rank2,count\nOrange,,4\nPear,Orange,2\nChocolate,Strawberry,8\n"
    "Chocolate,Hamburger,4\nStrawberry,,1\nHamburger,,1\n"
)


def test_count_ballots_says_what_its_last_round_column_holds(tmp_path: Path) -> None:
    """Chocolate, elected on 12 where the quota is 6, passes 6 on: the column that showed 12
    was headed "final" and added up to 28 from 20 ballots. It is headed ``last_round`` and a
    legend line under the table says what it holds and why it can add up to more."""
    from psephos.columns import column_meaning

    path = tmp_path / "food.csv"
    path.write_text(FOOD, encoding="utf-8")
    payload = command_json("count-ballots", str(path), "-n", "3")
    rows = {row["candidate"]: row for row in payload["rows"]}
    assert "final" not in rows["Chocolate"] and rows["Chocolate"]["last_round"] == 12
    table = runner.invoke(app, ["count-ballots", str(path), "-n", "3"], terminal_width=400)
    assert table.exit_code == 0, table.output
    shown = " ".join(table.stdout.split())
    assert "last_round" in shown and "final" not in shown
    assert f"last_round: {column_meaning('last_round', 'count-ballots')}" in shown
    assert "can add up to more than the ballots" in shown


def test_count_ballots_rounds_shows_the_count_round_by_round(tmp_path: Path) -> None:
    """--rounds: each candidate's votes at the start of each round (Chocolate 12, then the
    quota 6 it keeps once its surplus moves on), the round each was decided in and the votes
    exhausted, each round adding up to the 20 ballots; in the JSON as ``rounds``, in a CSV as
    the one table. Without it, the JSON has no ``rounds``."""
    path = tmp_path / "food.csv"
    path.write_text(FOOD, encoding="utf-8")
    payload = command_json("count-ballots", str(path), "-n", "3", "--rounds")
    rounds = payload["rounds"]
    by_name = {row["candidate"]: row for row in rounds}
    assert [by_name["Chocolate"][f"round_{n}"] for n in (1, 2)] == [12, 6]
    assert by_name["Chocolate"]["decided"] == "elected in round 1"
    assert by_name["Strawberry"]["round_2"] == 5  # 1 + 6 x 8/12 of Chocolate's surplus
    assert by_name["Pear"]["decided"] == "excluded in round 2"
    assert rounds[-1]["candidate"] == "(exhausted)"
    columns = [key for key in rounds[0] if key.startswith("round_")]
    assert len(columns) == 5 and all(sum(row[key] for row in rounds) == 20 for key in columns)
    assert "rounds" not in command_json("count-ballots", str(path), "-n", "3")
    csv_run = runner.invoke(app, ["count-ballots", str(path), "-n", "3", "--rounds", "-f", "csv"])
    assert csv_run.exit_code == 0, csv_run.output
    lines = csv_run.stdout.splitlines()
    assert lines[0] == "candidate,round_1,round_2,round_3,round_4,round_5,decided"
    assert lines[1].startswith("Chocolate,12") and lines[-1].startswith("(exhausted),0")
    table = runner.invoke(app, ["count-ballots", str(path), "-n", "3", "--rounds"])
    assert table.exit_code == 0, table.output
    assert "Round by round" in table.stdout and "excluded in round 4" in table.stdout


def test_the_av_note_names_the_years_its_preferences_come_from_and_warns_outside_them() -> None:
    """AV on 2010 took next preferences estimated from the 2015-2024 stand-downs, and the note
    said only "real elections": it names the pairs of elections, and warns where the election
    counted is outside their years; within them (2017) it has no warning."""
    (note,) = [
        note
        for note in command_json("systems", "2010", "-s", "fptp", "-s", "av")["notes"]
        if note.startswith("AV and STV:")
    ]
    assert "real elections (2015->2017, 2017->2019 and 2019n->2024: " in note
    assert "; 2010 is outside those years (2015-2024), so its voters are given those " in note
    (inside,) = [
        note
        for note in command_json("systems", "2017", "-s", "av")["notes"]
        if note.startswith("AV and STV:")
    ]
    assert "2015->2017, 2017->2019 and 2019n->2024" in inside and "outside" not in inside


TIED = "rank1,rank2,count\nA,B,3\nB,A,3\nC,A,1\nD,B,1\n"


def test_a_count_by_lot_says_its_seed_and_draws_again_with_it(tmp_path: Path) -> None:
    """--tie-break random drew a fresh lot each run (A or B elected) and said no seed: the
    count could not be recorded or drawn again. It says the seed, in a note and the JSON, and
    --seed with it gives the same count; the other rules draw no lot and have no seed."""
    path = tmp_path / "tie.csv"
    path.write_text(TIED, encoding="utf-8")
    payload, result = command_result("count-ballots", str(path), "--tie-break", "random")
    seed = payload["seed"]
    assert isinstance(seed, int) and 0 <= seed < 2**32
    note = f"The lot was drawn with seed {seed}; give --seed {seed} to draw it again."
    assert payload["notes"][-1] == note and f"note: {note}" in " ".join(result.stderr.split())
    again = command_json("count-ballots", str(path), "--tie-break", "random", "--seed", str(seed))
    assert (again["elected"], again["notes"], again["seed"]) == (
        payload["elected"],
        payload["notes"],
        seed,
    )
    assert command_json("count-ballots", str(path))["seed"] is None


def test_an_irv_count_says_each_rounds_votes_to_win_and_whose_threshold_the_title_gives(
    tmp_path: Path,
) -> None:
    """In round 3 A and B had 4 of 8 continuing votes each, and neither won: 5 were needed.
    The title said "4 of 7 continuing votes to win", the last round's, as if for every round.
    It says it is the last round's, the JSON and the round table give each round's, and a tie
    on one vote is "1 vote"."""
    path = tmp_path / "tie.csv"
    path.write_text(TIED, encoding="utf-8")
    payload = command_json("count-ballots", str(path), "--rounds")
    assert payload["quota"] == 4.0 and payload["to_win_by_round"] == [5.0, 5.0, 5.0, 4.0]
    table = runner.invoke(app, ["count-ballots", str(path), "--rounds"])
    printed = " ".join(table.stdout.split())
    assert "1 seat, 4 of 7 continuing votes in the last round to win" in printed
    assert "Round by round: votes at the start of each round (to win: 5, 5, 5, 4)" in printed
    assert payload["notes"][0].startswith("Round 1: C and D tied on 1 vote; ")
    assert "tied on 4 votes" in payload["notes"][1]
    stv = command_json("count-ballots", str(path), "-n", "2")
    assert stv["to_win_by_round"] is None


def _labour_wasted_2024() -> int:
    """Labour's wasted votes in 2024 counted from the bundled results seat by seat: all its
    votes where it lost, and where it won those beyond the runner-up's plus one."""
    import psephos

    election = psephos.load("2024")
    assert election.candidates is not None
    wasted = 0
    for seat in election.candidates:
        ranked = sorted(seat, key=lambda candidate: -candidate.votes)
        for place, candidate in enumerate(ranked):
            if candidate.party != "Lab":
                continue
            wasted += candidate.votes - ranked[1].votes - 1 if place == 0 else candidate.votes
    return wasted


def test_systems_reports_votes_per_seat_and_wasted_votes_in_every_format() -> None:
    """Each system's votes per seat won and wasted votes per party: the JSON's and the CSV's
    rows, a table each in the table output, and each system's total in ``systems``."""
    payload = command_json("systems", "2024", "-s", "fptp", "-s", "dhondt-national")
    lab = next(row for row in payload["rows"] if row["party"] == "Lab")
    assert lab["votes"] == 9_708_716
    assert lab["fptp_wasted_votes"] == _labour_wasted_2024()
    assert lab["fptp_votes_per_seat"] == pytest.approx(9_708_716 / 411)
    assert lab["dhondt-national_wasted_votes"] == 0
    other = next(row for row in payload["rows"] if row["party"] == "Other")
    assert other["fptp_votes_per_seat"] is None  # no seat won: nothing to divide by
    fptp = payload["systems"][0]
    assert fptp["wasted_votes"] == sum(row["fptp_wasted_votes"] for row in payload["rows"])
    assert fptp["wasted_pct"] == pytest.approx(100 * fptp["wasted_votes"] / 28_808_662)
    csv_rows = list(
        csv.DictReader(io.StringIO(runner.invoke(app, ["systems", "2024", "-f", "csv"]).stdout))
    )
    csv_lab = next(row for row in csv_rows if row["party"] == "Lab")
    assert int(csv_lab["fptp_wasted_votes"]) == lab["fptp_wasted_votes"]
    table = runner.invoke(app, ["systems", "2024", "-s", "fptp"], terminal_width=200).stdout
    assert "Votes per seat won" in table and "Wasted votes per party" in table
    assert f"{lab['fptp_wasted_votes']:,}" in table and "23,622" in table  # Labour's


def test_systems_threshold_takes_list_seats_from_parties_below_it() -> None:
    """``--threshold 5``: the SNP's 2.5% wins no national D'Hondt seat (17 without), the
    label says the threshold, and Sainte-Laguë 5% keeps its own."""
    args = ["systems", "2024", "-s", "dhondt-national", "-s", "sainte-lague-5pc"]
    plain = command_json(*args)
    two = command_json(*args, "--threshold", "2")
    five = command_json(*args, "--threshold", "5")
    snp = {
        name: next(row for row in payload["rows"] if row["party"] == "SNP")
        for name, payload in (("plain", plain), ("two", two), ("five", five))
    }
    assert snp["plain"]["dhondt-national"] == snp["two"]["dhondt-national"] == 17
    assert snp["five"]["dhondt-national"] == 0
    assert snp["five"]["dhondt-national_wasted_votes"] == snp["five"]["votes"]
    assert snp["two"]["sainte-lague-5pc"] == 0  # its own 5%, not the 2 asked for
    assert five["systems"][0]["system_label"] == "D'Hondt, national list, 5% threshold"
    assert sum(row["dhondt-national"] for row in five["rows"]) == 650


def test_a_threshold_heads_the_seat_tables_and_is_a_note() -> None:
    """``--threshold 5``: the seat and votes-per-seat tables head the lists it applies to with
    it ("DH nat 5%", "DH reg 5%"; sainte-lague-5pc's own stays "SL 5%"), and a note names them
    and whose vote it is a share of; without it, neither."""
    args = ["systems", "2024", "-s", "dhondt-national", "-s", "dhondt-regional"]
    five = runner.invoke(app, [*args, "-s", "sainte-lague-5pc", "--threshold", "5"])
    assert five.exit_code == 0, five.output
    headers = [line for line in five.stdout.splitlines() if "DH nat" in line]
    assert len(headers) == 3  # seats, votes per seat, wasted votes
    assert all("DH nat 5%" in line and "DH reg 5%" in line for line in headers)
    assert all("SL 5% 5%" not in line and "SL 5%" in line for line in headers)
    note = (
        "note: A 5% legal threshold applies to dhondt-national and dhondt-regional (each "
        "headed with it in the tables), as a share of the vote in the list's area: a national "
        "list's of the national vote, a regional list's of its region's vote"
    )
    assert note in five.stderr
    plain = runner.invoke(app, args)
    assert "DH nat 5%" not in plain.stdout and "legal threshold" not in plain.stderr
    own = runner.invoke(app, ["systems", "2024", "-s", "sainte-lague-5pc"])
    assert "legal threshold" not in own.stderr  # its own 5% is in its name
    assert command_json(*args, "--threshold", "5")["notes"][0].startswith(note[len("note: ") :])


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("101", "101 is out of range; use a value from 0 to 100"),
        ("-1", "-1 is out of range"),
        ("nan", "not a finite number"),
        ("40", "No party with a list has 40% of the national vote"),
    ],
)
def test_a_threshold_out_of_range_or_unreachable_is_one_line(value: str, said: str) -> None:
    result = runner.invoke(app, ["systems", "2024", "-s", "dhondt-national", "--threshold", value])
    assert result.exit_code != 0 and result.stdout == ""
    assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("systems", "chosen"),
    [
        (["fptp", "av"], "(fptp, av)"),
        (["ams", "sainte-lague-5pc", "stv"], "(ams, sainte-lague-5pc, stv)"),
    ],
)
def test_a_threshold_no_chosen_system_takes_is_refused_in_one_line(
    systems: list[str], chosen: str
) -> None:
    """``--threshold`` with none of the list systems it changes is refused, naming them and
    the systems chosen, not counted as if it had been applied; with one of them, it counts."""
    options = [part for key in systems for part in ("-s", key)]
    result = runner.invoke(app, ["systems", "2024", *options, "--threshold", "12"])
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: A threshold (--threshold) applies")
    assert (
        "dhondt-national, sainte-lague-national, dhondt-regional and sainte-lague-regional"
        in (lines[0])
    )
    assert chosen in lines[0] and "AMS's top-ups take no threshold" in lines[0]
    with_a_list = command_json(
        "systems", "2024", *options, "-s", "dhondt-national", "--threshold", "12"
    )
    assert with_a_list["systems"][-1]["system_label"] == "D'Hondt, national list, 12% threshold"


def test_the_threshold_help_names_the_systems_it_changes() -> None:
    shown = runner.invoke(app, ["systems", "--help"], env={"COLUMNS": "2000"}).stdout
    line = next(line for line in shown.splitlines() if "--threshold" in line)
    assert (
        "for dhondt-national, sainte-lague-national, dhondt-regional, sainte-lague-regional" in line
    )
    assert "sainte-lague-5pc keeps its own 5% and AMS's top-ups take no threshold" in line
    assert "a national list's of the national vote, a regional list's of its region's" in line
